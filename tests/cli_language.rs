//! Every message the command line itself prints is Chinese: the help of the root and of every
//! subcommand (`--help`, `-h`, `xunshi help …`), the version, and the parse errors (an unknown
//! option or command, a bad value, a missing argument) — none of clap's English, and exit
//! status 0 for help and the version, 2 for a usage error.

use assert_cmd::Command;

fn xunshi(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("xunshi")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every visible command's path under the root, the root (empty) first, with the `help`
/// subcommand of each command that has subcommands.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &mut Vec<String>, all: &mut Vec<Vec<String>>) {
        all.push(path.clone());
        if cmd.has_subcommands() && cmd.find_subcommand("help").is_none() {
            let mut help = path.clone();
            help.push("help".to_owned());
            all.push(help);
        }
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            path.push(sub.get_name().to_owned());
            walk(sub, path, all);
            path.pop();
        }
    }
    let mut all = Vec::new();
    let cli = <xunshi::cli::Cli as clap::CommandFactory>::command();
    walk(&cli, &mut Vec::new(), &mut all);
    all
}

/// clap's English, which none of the command line's own output may contain.
const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Print help",
    "Print version",
    "Print this message",
    "[default:",
    "[possible values:",
    "Possible values:",
    "[OPTIONS]",
    "<COMMAND>",
    "error:",
    "tip:",
    "For more information",
];

fn assert_no_clap_english(what: &str, text: &str) {
    for english in CLAP_ENGLISH {
        assert!(
            !text.contains(english),
            "{what} contains {english:?}:\n{text}"
        );
    }
}

/// Lines with three or more English words in a row outside brackets — a sentence left in
/// English. The usage line is left out: it is command names and placeholders.
fn english_sentences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with("用法：")) {
        let mut outside = String::new();
        let mut depth = 0usize;
        for c in line.chars() {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth = depth.saturating_sub(1),
                _ if depth == 0 => outside.push(c),
                _ => {}
            }
        }
        let runs = outside.split(|c: char| {
            !(c.is_ascii_alphabetic() || c == ' ' || c == ',' || c == '\'' || c == '-')
        });
        for run in runs {
            let words = run
                .split([' ', ','])
                .filter(|w| !w.is_empty() && !w.starts_with('-'))
                .count();
            if words >= 3 {
                found.push(line.to_owned());
                break;
            }
        }
    }
    found
}

#[test]
fn the_help_of_every_command_is_chinese() {
    let paths = command_paths();
    assert!(paths.len() > 10, "{paths:?}");
    for path in paths {
        for flag in ["--help", "-h"] {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.push(flag);
            let what = format!("xunshi {}", args.join(" "));
            let (code, out, err) = xunshi(&args);
            assert_eq!(code, 0, "{what}: {err}");
            assert!(out.contains("\n用法：xunshi"), "{what}:\n{out}");
            assert!(out.contains("\n选项：\n"), "{what}:\n{out}");
            assert!(out.contains("显示帮助"), "{what}:\n{out}");
            assert_no_clap_english(&what, &out);
            assert_eq!(english_sentences(&out), Vec::<String>::new(), "{what}");
        }
    }
}

#[test]
fn help_lists_commands_arguments_defaults_and_values_in_chinese() {
    let (_, root, _) = xunshi(&["--help"]);
    for part in [
        "用法：xunshi <命令>",
        "\n命令：\n",
        "  help ",
        "-V, --version  显示版本",
    ] {
        assert!(root.contains(part), "{part}:\n{root}");
    }
    let (_, build, _) = xunshi(&["build", "--help"]);
    for part in [
        "用法：xunshi build [选项] --out <OUTDIR> <PATH>...",
        "\n参数：\n  <PATH>...",
        "[默认值：60]",
        "[可选值：a-2b]",
    ] {
        assert!(build.contains(part), "{part}:\n{build}");
    }
    let (_, status, _) = xunshi(&["status", "--help"]);
    assert!(
        status.contains("[可选值：text、json] [默认值：text]"),
        "{status}"
    );
}

#[test]
fn the_help_subcommand_shows_each_commands_help() {
    for path in command_paths().into_iter().filter(|p| !p.is_empty()) {
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        let mut asked = vec!["help"];
        asked.extend(&names);
        let mut flag = names.clone();
        flag.push("--help");
        let (code, by_help, err) = xunshi(&asked);
        assert_eq!(code, 0, "xunshi {}: {err}", asked.join(" "));
        assert_eq!(by_help, xunshi(&flag).1, "xunshi {}", asked.join(" "));
    }
    // Under a command with subcommands too, and bare `help` is the root's help.
    assert_eq!(
        xunshi(&["templates", "help", "eject"]).1,
        xunshi(&["templates", "eject", "--help"]).1
    );
    assert_eq!(xunshi(&["help"]).1, xunshi(&["--help"]).1);

    let (code, out, err) = xunshi(&["help", "biuld"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.starts_with(
            "错误：没有这个命令 biuld（unrecognized subcommand）\n提示：是否想用 build？\n"
        ),
        "{err}"
    );
}

#[test]
fn the_version_and_a_bare_command_line() {
    let (code, out, _) = xunshi(&["-V"]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("xunshi {}", env!("CARGO_PKG_VERSION")));
    let (code, out, _) = xunshi(&["--version"]);
    assert_eq!((code, out.trim().starts_with("xunshi ")), (0, true));
    // Nothing to do: the help, on stderr, as a usage error.
    let (code, _, err) = xunshi(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("用法：xunshi <命令>"), "{err}");
    assert_no_clap_english("xunshi", &err);
}

#[test]
fn usage_errors_are_chinese_and_exit_2() {
    // (arguments, the first line, a later line)
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["render", "--bad"],
            "错误：无法识别的选项 --bad（unexpected argument）",
            "用 xunshi render --help 查看全部选项。",
        ),
        (
            &["build", "x", "-o", "y", "--docs1", "a"],
            "错误：无法识别的选项 --docs1（unexpected argument）",
            "提示：是否想用 --docs？",
        ),
        (
            &["status", "--on", "2023-13-01", "x"],
            "错误：--on <DATE> 的值“2023-13-01”无效：日期“2023-13-01”无效：请写作 YYYY-MM-DD 的真实日期，如 2023-03-15",
            "用法：xunshi status [选项] <CASE|DIR>...",
        ),
        (
            &["status", "--format", "xml", "x"],
            "错误：--format <FORMAT> 的值“xml”无效（invalid value）",
            "可选值：text、json",
        ),
        (
            &["render", "x.typ", "--date", "2022-13-40"],
            "错误：--date <YYYY-MM-DD> 的值“2022-13-40”无效：请写作 YYYY-MM-DD 的真实日期，如 2023-03-15",
            "用法：xunshi render [选项] <INPUT>",
        ),
        (
            &["build", "x", "-o", "y", "--timeout", "0"],
            "错误：--timeout <SECONDS> 的值“0”无效：须不小于 1",
            "用 xunshi build --help 查看全部选项。",
        ),
        (
            &["build", "x", "-o", "y", "-j", "four"],
            "错误：--jobs <N> 的值“four”无效：须是整数（只写数字，如 4）",
            "用法：xunshi build [选项] --out <OUTDIR> <PATH>...",
        ),
        (
            &["nosuch"],
            "错误：没有这个命令 nosuch（unrecognized subcommand）",
            "用 xunshi --help 查看全部命令。",
        ),
        (
            &["biuld"],
            "错误：没有这个命令 biuld（unrecognized subcommand）",
            "提示：是否想用 build？",
        ),
        (
            &["templates", "export"],
            "错误：没有这个命令 export（unrecognized subcommand）",
            "用法：xunshi templates <命令>",
        ),
        (
            &["render"],
            "错误：缺少必需的参数 <INPUT>",
            "用法：xunshi render [选项] <INPUT>",
        ),
        (
            &["build", "x"],
            "错误：缺少必需的选项 --out <OUTDIR>",
            "用 xunshi build --help 查看全部选项。",
        ),
        (
            &["build", "x", "--out"],
            "错误：--out <OUTDIR> 缺少值（a value is required）",
            "用 xunshi build --help 查看全部选项。",
        ),
        (
            &["render", "x", "--item", "1", "--month", "2023-03"],
            "错误：--item <ID> 不能与 --month <YYYY-MM> 同时使用（cannot be used with）",
            "用 xunshi render --help 查看全部选项。",
        ),
        (
            &["render", "x", "--doc", "a", "--doc", "b"],
            "错误：--doc <KIND> 只能用一次（cannot be used multiple times）",
            "用 xunshi render --help 查看全部选项。",
        ),
        (
            &["kinds", "extra"],
            "错误：多余的参数 extra（unexpected argument）",
            "用法：xunshi kinds [选项]",
        ),
    ];
    for (args, first, later) in cases {
        let what = format!("xunshi {}", args.join(" "));
        let (code, out, err) = xunshi(args);
        assert_eq!(code, 2, "{what}: {err}");
        assert!(out.is_empty(), "{what}: {out}");
        assert_eq!(err.lines().next(), Some(*first), "{what}:\n{err}");
        assert!(err.lines().any(|l| l == *later), "{what}: {later}\n{err}");
        assert!(err.contains("\n用法：xunshi"), "{what}:\n{err}");
        assert_no_clap_english(&what, &err);
    }
}
