//! The command line in Chinese. [`command`] is the one definition every user of the command
//! line takes: `cli::main` parses with it, and generated help (man pages, shell completions)
//! should start from it rather than from `Cli::command()`. It is the derived definition with
//! clap's English replaced: the help layout (用法 / 命令 / 参数 / 选项), the `-h/--help` and
//! `-V/--version` flags, the `help` subcommand, `[default: …]` / `[possible values: …]` and the
//! `[OPTIONS]` / `<COMMAND>` placeholders of the usage line. Parse errors are worded in
//! [`super::parse_error`].

use super::Cli;
use super::parse_error;
use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, Command, CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::process::ExitCode;

/// The placeholder for a subcommand in usage lines (clap's `<COMMAND>`).
const COMMAND_PLACEHOLDER: &str = "命令";
const OPTIONS_HEADING: &str = "选项";
const ARGUMENTS_HEADING: &str = "参数";
const COMMANDS_HEADING: &str = "命令";

/// The whole command line, every subcommand included, with Chinese help. Built (clap's
/// `Command::build`), so each subcommand already knows its full name (`xunshi templates eject`).
pub fn command() -> Command {
    let mut cmd = localise(Cli::command()).bin_name("xunshi");
    cmd.build();
    set_usage(&mut cmd);
    cmd
}

/// Parses `args` (the program name first) into a [`Cli`], or prints what the user asked for
/// (help, the version) or what is wrong (in Chinese) and gives the exit status: 0 for help and
/// the version, 2 for a usage error (and for a bare `xunshi`, which prints the help to stderr).
pub fn parse<I, T>(args: I) -> Result<Cli, ExitCode>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let mut cmd = command();
    let matches = match cmd.try_get_matches_from_mut(&args) {
        Ok(matches) => matches,
        Err(error) => return Err(report(&cmd, &args, &error)),
    };
    if let Some((path, asked)) = help_request(&matches) {
        return Err(print_help_of(&cmd, &path, &asked));
    }
    Cli::from_arg_matches(&matches).map_err(|error| report(&cmd, &args, &error))
}

/// Prints a parse error (or the help or version clap stopped for) and gives the exit status.
fn report(cmd: &Command, args: &[OsString], error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            let path = command_path(cmd, args);
            eprint!("{}", parse_error::message(cmd, &path, error));
            ExitCode::from(2)
        }
    }
}

/// The subcommand names the arguments lead to from the root (`["templates", "eject"]`): the
/// command whose usage an error shows. Walks while the command has subcommands; every command
/// here with subcommands takes no options of its own but `-h`/`-V`.
fn command_path(root: &Command, args: &[OsString]) -> Vec<String> {
    let mut path = Vec::new();
    let mut at = root;
    for arg in args.iter().skip(1) {
        if !at.has_subcommands() {
            break;
        }
        match arg.to_str().and_then(|name| at.find_subcommand(name)) {
            Some(sub) => {
                path.push(sub.get_name().to_owned());
                at = sub;
            }
            None => break,
        }
    }
    path
}

/// The command at `path` under `root`.
pub(super) fn find<'a>(root: &'a Command, path: &[String]) -> &'a Command {
    path.iter()
        .fold(root, |at, name| at.find_subcommand(name).unwrap_or(at))
}

/// `xunshi [PATH...] help [NAMES...]`: the path to the command `help` was given under and the
/// names it was asked about.
fn help_request(matches: &ArgMatches) -> Option<(Vec<String>, Vec<String>)> {
    let mut path = Vec::new();
    let mut at = matches;
    while let Some((name, sub)) = at.subcommand() {
        if name == "help" {
            let asked = sub
                .get_many::<String>("command")
                .map(|names| names.cloned().collect())
                .unwrap_or_default();
            return Some((path, asked));
        }
        path.push(name.to_owned());
        at = sub;
    }
    None
}

/// Prints the help of the command `asked` names under `path` (`xunshi help templates eject`),
/// or an error for a name that is not a command.
fn print_help_of(root: &Command, path: &[String], asked: &[String]) -> ExitCode {
    let mut at = find(root, path);
    let mut at_path = path.to_vec();
    for name in asked {
        match at.find_subcommand(name) {
            Some(sub) => {
                at = sub;
                at_path.push(sub.get_name().to_owned());
            }
            None => {
                let mut error = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(at);
                error.insert(
                    ContextKind::InvalidSubcommand,
                    ContextValue::String(name.clone()),
                );
                let similar = parse_error::similar_commands(at, name);
                if !similar.is_empty() {
                    error.insert(
                        ContextKind::SuggestedSubcommand,
                        ContextValue::Strings(similar),
                    );
                }
                eprint!("{}", parse_error::message(root, &at_path, &error));
                return ExitCode::from(2);
            }
        }
    }
    // As `--help` shows it: the long form only where there is more to show.
    let mut at = at.clone();
    let _ = if has_long_help(&at) {
        at.print_long_help()
    } else {
        at.print_help()
    };
    ExitCode::SUCCESS
}

/// Whether `--help` shows more than `-h` (clap's rule, once possible values are written into
/// the help text): a long about or an argument's long help.
fn has_long_help(cmd: &Command) -> bool {
    cmd.get_long_about().is_some()
        || cmd
            .get_arguments()
            .any(|a| !a.is_hide_set() && a.get_long_help().is_some() && a.get_id() != "help")
}

/// One command, its subcommands first: Chinese headings, flags, help subcommand and the
/// default and possible values in Chinese.
fn localise(cmd: Command) -> Command {
    let mut cmd = cmd.mut_subcommands(localise);
    if cmd.has_subcommands() {
        let help = localise(help_subcommand(&cmd));
        cmd = cmd
            .disable_help_subcommand(true)
            .subcommand(help)
            .subcommand_value_name(COMMAND_PLACEHOLDER)
            .subcommand_help_heading(COMMANDS_HEADING);
    }
    cmd = cmd.mut_args(localise_arg);

    let long_help = has_long_help(&cmd);
    let mut help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(OPTIONS_HEADING);
    help = if long_help {
        help.help("显示帮助（--help 显示完整说明）")
            .long_help("显示帮助（-h 只显示摘要）")
    } else {
        help.help("显示帮助")
    };
    cmd = cmd.disable_help_flag(true).arg(help);
    if cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading(OPTIONS_HEADING),
        );
    }
    let template = template(&cmd);
    cmd.help_template(template)
}

/// The `help` subcommand in place of clap's: `xunshi help build` is `xunshi build --help`.
/// [`parse`] answers it.
fn help_subcommand(parent: &Command) -> Command {
    let example = parent
        .get_subcommands()
        .find(|s| !s.is_hide_set())
        .map_or("build", |s| s.get_name());
    Command::new("help")
        .about(format!(
            "显示本帮助，或某个命令的帮助（help {example} 即 {example} --help）"
        ))
        .arg(
            Arg::new("command")
                .value_name(COMMAND_PLACEHOLDER)
                .action(ArgAction::Append)
                .num_args(0..)
                .help("要查看帮助的命令"),
        )
}

/// An argument's heading, and its default and possible values written into its help in
/// Chinese instead of clap's `[default: …]` and `[possible values: …]`.
fn localise_arg(arg: Arg) -> Arg {
    let heading = if arg.is_positional() {
        ARGUMENTS_HEADING
    } else {
        OPTIONS_HEADING
    };
    let mut arg = arg.help_heading(heading);
    let mut notes = Vec::new();
    if arg.get_action().takes_values() {
        if !arg.is_hide_possible_values_set() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| match v.get_help() {
                    Some(help) => format!("{} {help}", v.get_name()),
                    None => v.get_name().to_owned(),
                })
                .collect();
            if !values.is_empty() {
                notes.push(format!("[可选值：{}]", values.join("、")));
            }
        }
        if !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            notes.push(format!("[默认值：{}]", defaults.join(" ")));
        }
        // Only a value-taking argument may hide them (clap asserts it).
        arg = arg.hide_possible_values(true).hide_default_value(true);
    }
    if notes.is_empty() {
        return arg;
    }
    let notes = notes.join(" ");
    let with_notes = |help: Option<&StyledStr>| match help {
        Some(help) => format!("{help} {notes}"),
        None => notes.clone(),
    };
    let help = with_notes(arg.get_help());
    let long_help = arg.get_long_help().map(|long| with_notes(Some(long)));
    let arg = arg.help(help);
    match long_help {
        Some(long) => arg.long_help(long),
        None => arg,
    }
}

/// The help layout: about, 用法, then 命令, 参数 and 选项 where the command has them.
fn template(cmd: &Command) -> StyledStr {
    let styles = cmd.get_styles();
    let header = styles.get_header();
    let usage = styles.get_usage();
    let mut t = StyledStr::new();
    let _ = write!(
        t,
        "{{before-help}}{{about-with-newline}}\n{usage}用法：{usage:#}{{usage}}"
    );
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        let _ = write!(
            t,
            "\n\n{header}{COMMANDS_HEADING}：{header:#}\n{{subcommands}}"
        );
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        let _ = write!(
            t,
            "\n\n{header}{ARGUMENTS_HEADING}：{header:#}\n{{positionals}}"
        );
    }
    let _ = write!(
        t,
        "\n\n{header}{OPTIONS_HEADING}：{header:#}\n{{options}}{{after-help}}"
    );
    t
}

/// Each command's usage line as clap writes it, with `[OPTIONS]` in Chinese, set as its usage
/// (for help and errors alike). Needs the built command: the full names are known then.
fn set_usage(cmd: &mut Command) {
    let usage = cmd
        .clone()
        .help_template("{usage}")
        .render_help()
        .ansi()
        .to_string();
    let usage = usage.trim_end().replace("[OPTIONS]", "[选项]");
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        set_usage(sub);
    }
}

/// A command's usage line, plain text (`xunshi render [选项] <INPUT>`).
pub(super) fn usage(cmd: &Command) -> String {
    match cmd.get_overridden_usage() {
        Some(usage) => usage.to_string(),
        None => cmd.get_name().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help_of(path: &[&str]) -> String {
        let root = command();
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        find(&root, &path).clone().render_help().to_string()
    }

    #[test]
    fn the_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn help_has_chinese_headings_and_flags() {
        let root = help_of(&[]);
        for part in [
            "用法：xunshi <命令>",
            "命令：",
            "选项：",
            "显示帮助",
            "显示版本",
        ] {
            assert!(root.contains(part), "{part}:\n{root}");
        }
        let build = help_of(&["build"]);
        for part in [
            "用法：xunshi build [选项] --out <OUTDIR> <PATH>...",
            "参数：",
            "选项：",
            "[默认值：60]",
            "[可选值：a-2b]",
        ] {
            assert!(build.contains(part), "{part}:\n{build}");
        }
    }

    #[test]
    fn possible_values_with_help_are_listed_with_it() {
        let render = help_of(&["render"]);
        assert!(
            render.contains("[可选值：document 文件格式、letter 信函格式] [默认值：document]"),
            "{render}"
        );
    }

    #[test]
    fn every_command_with_subcommands_has_a_chinese_help_subcommand() {
        let root = command();
        let help = root.find_subcommand("help").expect("xunshi help");
        assert!(help.get_about().unwrap().to_string().contains("显示本帮助"));
        let templates = root.find_subcommand("templates").unwrap();
        assert!(templates.find_subcommand("help").is_some());
        assert_eq!(
            usage(templates.find_subcommand("eject").unwrap()),
            "xunshi templates eject [选项] [NAME]..."
        );
    }

    #[test]
    fn the_command_path_follows_subcommand_names_only() {
        let root = command();
        let path = |args: &[&str]| {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            command_path(&root, &args)
        };
        assert_eq!(
            path(&["xunshi", "templates", "eject", "x"]),
            ["templates", "eject"]
        );
        assert_eq!(path(&["xunshi", "build", "kinds"]), ["build"]);
        assert!(path(&["xunshi", "--bad", "build"]).is_empty());
    }
}
