//! `xunshi __generate`: the manual pages and the shell completions, written from the
//! command-line definition itself so that neither can drift from the program. Hidden, like
//! `__worker`: `scripts/package-deb` calls it while it builds the Debian package.
//!
//! The help texts are Chinese, so the pages are too, headings included (名称, 概要, 描述 …):
//! the roff is written here rather than by a generator with English headings. Text is escaped
//! for roff by [`escape`]; `code` in a help text becomes bold.

use super::error::CliError;
use clap::builder::PossibleValue;
use clap::{Arg, Command};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// 写出手册页（man 第 1 节）：xunshi.1 及每个子命令一页（xunshi-build.1 …）
    Man {
        /// 写入的目录（不存在时创建）
        dir: PathBuf,
    },
    /// 向标准输出打印补全脚本
    Completions {
        /// 目标 shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

pub fn run(args: Args) -> Result<(), CliError> {
    match args.what {
        What::Man { dir } => {
            let date = page_date().map_err(CliError::Usage)?;
            write_pages(&dir, &date).map_err(CliError::input)
        }
        What::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut public_command(), "xunshi", &mut out);
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&out)
                .and_then(|()| stdout.flush())
                .map_err(|e| {
                    CliError::input(format!("无法输出补全脚本（cannot write completions）：{e}"))
                })
        }
    }
}

/// The command line as a user sees it: the localised definition the program parses with
/// ([`super::localise::command`]: Chinese help flags, `help` subcommand and headings), with the
/// hidden subcommands left out (clap_complete would offer them).
pub fn public_command() -> Command {
    let cli = super::localise::command();
    let mut command = Command::new("xunshi")
        .version(env!("CARGO_PKG_VERSION"))
        .about(cli.get_about().cloned().unwrap_or_default())
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(cli.get_arguments().cloned())
        .subcommands(cli.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    command.build();
    command
}

/// The date printed in every page's header: the day of `SOURCE_DATE_EPOCH` when it is set
/// (a reproducible package build sets it to its last commit), else today, both in UTC.
fn page_date() -> Result<String, String> {
    let timestamp = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => {
            let seconds: i64 = value.trim().parse().map_err(|_| {
                format!("环境变量 SOURCE_DATE_EPOCH 应为秒数（Unix 时间），实为“{value}”")
            })?;
            jiff::Timestamp::from_second(seconds)
                .map_err(|e| format!("环境变量 SOURCE_DATE_EPOCH 超出范围：{e}"))?
        }
        Err(_) => jiff::Timestamp::now(),
    };
    Ok(timestamp
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .to_string())
}

fn write_pages(dir: &Path, date: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "无法创建目录 {}（cannot create folder）：{e}",
            dir.display()
        )
    })?;
    for (name, text) in pages(date) {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| format!("无法写入 {}（cannot write）：{e}", path.display()))?;
    }
    Ok(())
}

/// Every manual page, as (file name, roff text): `xunshi.1`, then one per visible subcommand,
/// nested ones joined by hyphens (`xunshi-templates-eject.1`).
pub fn pages(date: &str) -> Vec<(String, String)> {
    let command = public_command();
    let mut out = Vec::new();
    collect(&command, &[], date, &mut out);
    out
}

fn collect(command: &Command, parents: &[&str], date: &str, out: &mut Vec<(String, String)>) {
    let mut path = parents.to_vec();
    path.push(command.get_name());
    out.push((format!("{}.1", path.join("-")), page(command, &path, date)));
    for sub in documented(command) {
        collect(sub, &path, date, out);
    }
}

/// The subcommands that get a page and a line in their parent's: not hidden, not `help`.
fn documented(command: &Command) -> impl Iterator<Item = &Command> {
    command
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
}

fn page(command: &Command, path: &[&str], date: &str) -> String {
    let page_name = path.join("-");
    let mut r = Roff::default();
    r.line(r#".\" -*- coding: utf-8 -*-"#);
    r.line(r#".\" 由 xunshi __generate man 按程序的命令行定义生成，请勿手工修改。"#);
    r.request(
        "TH",
        &[
            &page_name.to_uppercase(),
            "1",
            date,
            &format!("xunshi {}", env!("CARGO_PKG_VERSION")),
            "用户命令",
        ],
    );
    // Ragged right, no hyphenation: justifying Chinese lines stretches the spaces between
    // words, and hyphenating splits option names and file names.
    r.line(".ad l");
    r.line(".nh");

    let about = command
        .get_about()
        .map(|s| s.to_string())
        .unwrap_or_default();
    r.heading("名称");
    r.text(&format!(
        "{} - {}",
        page_name,
        about.trim_end_matches(['。', '.'])
    ));

    r.heading("概要");
    r.line(&synopsis(command, path));

    r.heading("描述");
    let description = command
        .get_long_about()
        .map(|s| s.to_string())
        .unwrap_or(about);
    r.paragraphs(&description);
    if path.len() == 1 {
        r.paragraph(
            "每个子命令的参数与选项见其手册页（如 `man xunshi-build`），\
             或运行 `xunshi 子命令 --help`。",
        );
    }

    let positionals: Vec<&Arg> = command
        .get_arguments()
        .filter(|a| a.is_positional() && !a.is_hide_set())
        .collect();
    if !positionals.is_empty() {
        r.heading("参数");
        for arg in positionals {
            r.request("TP", &[]);
            r.line(&positional(arg));
            describe(&mut r, arg);
        }
    }

    let options: Vec<&Arg> = command
        .get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set())
        .collect();
    if !options.is_empty() {
        r.heading("选项");
        for arg in options {
            r.request("TP", &[]);
            r.line(&option(arg));
            describe(&mut r, arg);
        }
    }

    let subcommands: Vec<&Command> = documented(command).collect();
    if !subcommands.is_empty() {
        r.heading("子命令");
        for sub in &subcommands {
            r.request("TP", &[]);
            r.line(&format!("{}{}{}", BOLD, escape(sub.get_name()), ROMAN));
            let about = sub.get_about().map(|s| s.to_string()).unwrap_or_default();
            r.text(&format!(
                "{}（见 {}-{}(1)）",
                about.trim_end_matches('。'),
                page_name,
                sub.get_name()
            ));
        }
    }

    if path.len() == 1 {
        r.heading("示例");
        for (example, what) in EXAMPLES {
            r.paragraph(what);
            r.request("RS", &[]);
            r.request("nf", &[]);
            r.text(example);
            r.request("fi", &[]);
            r.request("RE", &[]);
        }
    }

    r.heading("退出状态");
    r.paragraph("每个命令都遵循同一规则：");
    for (code, meaning) in EXIT_STATUS {
        r.request("TP", &[]);
        r.line(&format!("{BOLD}{code}{ROMAN}"));
        r.text(meaning);
    }

    if path.len() == 1 {
        r.heading("环境变量");
        r.request("TP", &[]);
        r.line(&format!("{BOLD}NO_COLOR{ROMAN}"));
        r.text("设为非空值时，`xunshi status` 在终端上也不用颜色。");
        r.request("TP", &[]);
        r.line(&format!("{BOLD}XUNSHI_TIMINGS{ROMAN}"));
        r.text("设为非空值时，`xunshi build` 等命令在结束时列出各阶段所用的时间。");
    }

    r.heading("另见");
    let mut see_also: Vec<String> = Vec::new();
    if path.len() > 1 {
        see_also.push(format!("{}(1)", path[..path.len() - 1].join("-")));
    }
    see_also.extend(
        subcommands
            .iter()
            .map(|s| format!("{}-{}(1)", page_name, s.get_name())),
    );
    if path.len() > 1 && path[..path.len() - 1] != ["xunshi"] {
        see_also.push("xunshi(1)".to_owned());
    }
    let refs: Vec<String> = see_also
        .iter()
        .map(|s| match s.split_once('(') {
            Some((name, section)) => format!("{BOLD}{}{ROMAN}({section}", escape(name)),
            None => escape(s),
        })
        .collect();
    r.line(&refs.join(",\n"));
    r.0
}

/// The everyday commands, for the top page's 示例 section.
const EXAMPLES: [(&str, &str); 3] = [
    (
        "xunshi build 案卷目录 -o 输出目录",
        "校验目录中的全部案卷，并把每个案卷能生成的公文全部生成到 输出目录/单位简称/ 下；\
         输入未变的文档不再重复生成：",
    ),
    (
        "xunshi render 案卷.yaml --doc rectification-plan",
        "只生成一份公文（此处为整改方案），与案卷放在同一目录；`xunshi kinds` 列出全部文种：",
    ),
    (
        "xunshi validate 案卷目录",
        "只校验案卷，逐条给出 文件:行:列 处的问题：",
    ),
];

/// The exit status rule every command follows (`src/cli/mod.rs`, `src/main.rs`).
const EXIT_STATUS: [(&str, &str); 4] = [
    ("0", "成功。"),
    (
        "1",
        "输入有误或文档未能生成：案卷无效、某份文档无法生成等。每个问题都会报告，\
         批量任务的其余部分照常进行。",
    ),
    (
        "2",
        "用法错误：选项或日期有误、输入路径不存在、未找到案卷等，\
         即命令行本身的错误，而非案卷的错误。",
    ),
    (
        "141",
        "输出管道已被关闭（如 `xunshi status 案卷目录 | head`）：程序不再输出，安静退出。",
    ),
];

const BOLD: &str = "\\fB";
const ITALIC: &str = "\\fI";
const ROMAN: &str = "\\fR";

/// The synopsis line: the command in bold, then `[选项]` when it has optional options, its
/// required options, its positional arguments and `子命令` when it has subcommands.
fn synopsis(command: &Command, path: &[&str]) -> String {
    let mut parts = vec![format!("{BOLD}{}{ROMAN}", escape(&path.join(" ")))];
    let arguments: Vec<&Arg> = command
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .collect();
    if arguments
        .iter()
        .any(|a| !a.is_positional() && !a.is_required_set())
    {
        parts.push(format!("[{ITALIC}选项{ROMAN}]"));
    }
    for arg in arguments
        .iter()
        .filter(|a| !a.is_positional() && a.is_required_set())
    {
        let name = match (arg.get_long(), arg.get_short()) {
            (Some(long), _) => format!("\\-\\-{}", escape(long)),
            (None, Some(short)) => format!("\\-{}", escape(&short.to_string())),
            (None, None) => continue,
        };
        let mut text = format!("{BOLD}{name}{ROMAN}");
        if arg.get_action().takes_values() {
            text.push_str(&format!(" {ITALIC}{}{ROMAN}", escape(&value_name(arg))));
        }
        parts.push(text);
    }
    for arg in arguments.iter().filter(|a| a.is_positional()) {
        parts.push(positional(arg));
    }
    if documented(command).next().is_some() {
        parts.push(format!("{ITALIC}子命令{ROMAN}"));
    }
    parts.join(" ")
}

fn value_name(arg: &Arg) -> String {
    match arg.get_value_names() {
        Some(names) if !names.is_empty() => names
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        _ => arg.get_id().as_str().to_uppercase(),
    }
}

fn many(arg: &Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.max_values() > 1)
}

fn positional(arg: &Arg) -> String {
    let dots = if many(arg) { "..." } else { "" };
    let name = format!("{ITALIC}{}{ROMAN}{dots}", escape(&value_name(arg)));
    if arg.is_required_set() {
        name
    } else {
        format!("[{name}]")
    }
}

fn option(arg: &Arg) -> String {
    let mut names = Vec::new();
    if let Some(short) = arg.get_short() {
        names.push(format!("{BOLD}\\-{}{ROMAN}", escape(&short.to_string())));
    }
    if let Some(long) = arg.get_long() {
        names.push(format!("{BOLD}\\-\\-{}{ROMAN}", escape(long)));
    }
    let mut text = names.join(", ");
    if arg.get_action().takes_values() {
        text.push_str(&format!(" {ITALIC}{}{ROMAN}", escape(&value_name(arg))));
        if many(arg) {
            text.push_str("...");
        }
    }
    text
}

/// An argument's help, its possible values and its default.
fn describe(r: &mut Roff, arg: &Arg) {
    let help = arg
        .get_long_help()
        .or(arg.get_help())
        .map(|s| s.to_string())
        .unwrap_or_default();
    let mut first = true;
    for paragraph in split_paragraphs(&help) {
        if !first {
            r.request("br", &[]);
        }
        r.text(&paragraph);
        first = false;
    }
    if !arg.get_action().takes_values() {
        return;
    }
    let values: Vec<PossibleValue> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    if values.iter().any(|v| v.get_help().is_some()) {
        r.request("br", &[]);
        r.text("可选值：");
        for value in &values {
            r.request("br", &[]);
            let help = value.get_help().map(|h| h.to_string()).unwrap_or_default();
            r.line(&format!(
                "\\(bu {BOLD}{}{ROMAN}：{}",
                escape(value.get_name()),
                inline(&help)
            ));
        }
    } else if !values.is_empty() {
        r.request("br", &[]);
        let names: Vec<String> = values
            .iter()
            .map(|v| format!("{BOLD}{}{ROMAN}", escape(v.get_name())))
            .collect();
        r.line(&format!("可选值：{}", names.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        r.request("br", &[]);
        let defaults: Vec<String> = defaults
            .iter()
            .map(|v| format!("{BOLD}{}{ROMAN}", escape(v)))
            .collect();
        r.line(&format!("默认值：{}", defaults.join("、")));
    }
}

fn split_paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Escapes text for roff: a backslash prints as `\e`, a hyphen as `\-` (a minus sign, so
/// options copy and search as typed), and a line that would start with `.` or `'` (a request)
/// gets the zero-width `\&` in front.
pub fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    escaped
        .split('\n')
        .map(|line| {
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escapes a help text, prints its `code` spans in bold and lets lines break between Chinese
/// characters.
fn inline(text: &str) -> String {
    let escaped = breakable(&escape(text));
    if !escaped.matches('`').count().is_multiple_of(2) {
        return escaped;
    }
    let mut out = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("{BOLD}{part}{ROMAN}"));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// groff before 1.23 breaks lines only at spaces, so a Chinese sentence would run past the
/// right margin: this puts roff's zero-width break point `\:` between two characters where
/// Chinese text may break (next to a Chinese character, never before closing punctuation such
/// as ，。） nor after opening punctuation such as （“).
fn breakable(text: &str) -> String {
    const NO_BREAK_BEFORE: &str = "，。、；：？！）》」』】〕”’…·%";
    const NO_BREAK_AFTER: &str = "（《「『【〔“‘";
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        let Some(&next) = chars.get(i + 1) else {
            break;
        };
        if (is_chinese(c) || is_chinese(next))
            && !c.is_whitespace()
            && !next.is_whitespace()
            && c != '\\'
            && !NO_BREAK_AFTER.contains(c)
            && !NO_BREAK_BEFORE.contains(next)
            && !(c == '`' || next == '`')
        {
            out.push_str("\\:");
        }
    }
    out
}

fn is_chinese(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '…')
}

/// A roff document being written, one line at a time.
#[derive(Default)]
struct Roff(String);

impl Roff {
    /// A line as given: already escaped, or a request.
    fn line(&mut self, line: &str) {
        self.0.push_str(line);
        self.0.push('\n');
    }

    /// A request (`.TH`, `.TP` …) with its arguments escaped and quoted.
    fn request(&mut self, name: &str, args: &[&str]) {
        let mut line = format!(".{name}");
        for arg in args {
            line.push_str(&format!(" \"{}\"", escape(arg).replace('"', "\\(dq")));
        }
        self.line(&line);
    }

    /// Running text: escaped, `code` in bold, one output line per input line.
    fn text(&mut self, text: &str) {
        // Trimmed before escaping: a line that starts with a space breaks the fill, and one
        // that would start with `.` once trimmed must get its `\&` from the escaping.
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let line = inline(line);
            self.line(&line);
        }
    }

    fn heading(&mut self, title: &str) {
        self.request("SH", &[title]);
    }

    fn paragraph(&mut self, text: &str) {
        self.request("PP", &[]);
        self.text(text);
    }

    fn paragraphs(&mut self, text: &str) {
        for paragraph in split_paragraphs(text) {
            self.paragraph(&paragraph);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_roff_requests_and_escapes_out_of_text() {
        assert_eq!(escape(r"a\b"), r"a\eb");
        assert_eq!(escape("--out"), r"\-\-out");
        assert_eq!(escape(".TH x\n'x"), "\\&.TH x\n\\&'x");
        assert_eq!(escape("见 `a.b`"), "见 `a.b`");
        assert_eq!(inline("运行 `xunshi kinds`"), r"运\:行 \fBxunshi kinds\fR");
        assert_eq!(inline("单 ` 引号"), r"单 ` 引\:号");
    }

    #[test]
    fn an_indented_line_that_starts_with_a_dot_stays_text() {
        let mut r = Roff::default();
        r.text("第一行\n   .hidden 不是请求\n  'quote");
        assert_eq!(
            r.0,
            "第\\:一\\:行\n\\&.hidden 不\\:是\\:请\\:求\n\\&'quote\n"
        );
    }

    #[test]
    fn chinese_text_may_break_between_characters_but_not_before_closing_punctuation() {
        assert_eq!(
            breakable("输出文件（默认）。"),
            r"输\:出\:文\:件\:（默\:认）。"
        );
        assert_eq!(breakable("PDF 标准：a-2b"), r"PDF 标\:准：\:a-2b");
        assert_eq!(breakable("文种 id，如"), r"文\:种 id，\:如");
    }

    #[test]
    fn the_public_command_line_is_consistent_and_hides_the_internal_commands() {
        let command = public_command();
        command.clone().debug_assert();
        let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        assert!(
            names.contains(&"build") && names.contains(&"help"),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.starts_with("__")), "{names:?}");
    }

    #[test]
    fn every_visible_subcommand_has_a_page_with_chinese_headings() {
        let pages = pages("2026-12-01");
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for expected in [
            "xunshi.1",
            "xunshi-build.1",
            "xunshi-render.1",
            "xunshi-templates.1",
            "xunshi-templates-eject.1",
        ] {
            assert!(
                names.contains(&expected),
                "{expected} missing from {names:?}"
            );
        }
        assert!(!names.iter().any(|n| n.contains("__") || n.contains("help")));
        let top = &pages[0].1;
        for heading in [
            "名称",
            "概要",
            "描述",
            "选项",
            "子命令",
            "示例",
            "退出状态",
            "另见",
        ] {
            assert!(
                top.contains(&format!(".SH \"{heading}\"")),
                "{heading}:\n{top}"
            );
        }
        for sub in public_command().get_subcommands() {
            if sub.get_name() != "help" {
                assert!(
                    top.contains(&format!("\\fB{}\\fR", sub.get_name())),
                    "{top}"
                );
            }
        }
        for (_, text) in &pages {
            assert!(text.contains(".SH \"退出状态\"") && text.contains("141"));
            assert!(
                !text.contains("Usage") && !text.contains("Print help"),
                "{text}"
            );
            // No line of text may start a request by accident.
            for line in text.lines() {
                assert!(!line.starts_with('\''), "{line}");
                assert!(
                    !line.starts_with('.') || line.starts_with(".\\\"") || is_request(line),
                    "{line}"
                );
            }
        }
        let build = &pages.iter().find(|(n, _)| n == "xunshi-build.1").unwrap().1;
        assert!(
            build.contains(r"\fB\-o\fR, \fB\-\-out\fR \fIOUTDIR\fR"),
            "{build}"
        );
        assert!(build.contains(".SH \"参数\""), "{build}");
        assert!(
            build.contains(
                r"\fBxunshi build\fR [\fI选项\fR] \fB\-\-out\fR \fIOUTDIR\fR \fIPATH\fR..."
            ),
            "{build}"
        );
        assert!(build.contains(r"默认值：\fB60\fR"), "{build}");
    }

    fn is_request(line: &str) -> bool {
        [
            "TH", "SH", "TP", "PP", "RS", "RE", "nf", "fi", "br", "ad", "nh",
        ]
        .iter()
        .any(|r| line == format!(".{r}") || line.starts_with(&format!(".{r} ")))
    }

    #[test]
    fn bash_completion_offers_the_subcommands_but_not_the_internal_ones() {
        let mut out = Vec::new();
        clap_complete::generate(
            clap_complete::Shell::Bash,
            &mut public_command(),
            "xunshi",
            &mut out,
        );
        let script = String::from_utf8(out).unwrap();
        for name in ["build", "render", "validate", "summary", "eject"] {
            assert!(script.contains(name), "{name}");
        }
        assert!(!script.contains("__worker") && !script.contains("__generate"));
    }
}
