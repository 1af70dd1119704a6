//! A command-line parse error in Chinese, written from clap's error kind and context rather
//! than its English text:
//!
//! ```text
//! 错误：无法识别的选项 --bad（unexpected argument）
//! 提示：是否想用 --docs？
//!
//! 用法：xunshi build [选项] --out <OUTDIR> <PATH>...
//!
//! 用 xunshi build --help 查看全部选项。
//! ```
//!
//! Every error kind has its sentence; one clap adds later still reads `错误：命令行有误`, with
//! clap's own words in brackets.

use super::localise::{find, usage};
use clap::Command;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::error::Error as _;
use std::num::IntErrorKind;

/// The whole message for `error`, met in the command at `path` under `root`: the error, any
/// hints, the usage line and where to read more. Ends with a newline.
pub fn message(root: &Command, path: &[String], error: &clap::Error) -> String {
    let at = find(root, path);
    let (sentence, hints) = describe(error);
    let mut text = format!("错误：{sentence}\n");
    for hint in hints {
        text.push_str(&hint);
        text.push('\n');
    }
    let name = at.get_bin_name().unwrap_or(at.get_name());
    let all = if at.has_subcommands() {
        "命令"
    } else {
        "选项"
    };
    text.push_str(&format!(
        "\n用法：{}\n\n用 {name} --help 查看全部{all}。\n",
        usage(at)
    ));
    text
}

/// The Chinese sentence for an error and the lines that follow it (possible values, hints).
fn describe(error: &clap::Error) -> (String, Vec<String>) {
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let strings = |kind| match error.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let number = |kind| match error.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    let mut hints = Vec::new();

    let sentence = match error.kind() {
        ErrorKind::UnknownArgument if arg.is_some() => {
            let arg = arg.unwrap_or_default();
            if let Some(similar) = string(ContextKind::SuggestedArg) {
                hints.push(format!("提示：是否想用 {similar}？"));
            }
            if arg.starts_with('-') {
                format!("无法识别的选项 {arg}（unexpected argument）")
            } else {
                format!("多余的参数 {arg}（unexpected argument）")
            }
        }
        ErrorKind::InvalidSubcommand if string(ContextKind::InvalidSubcommand).is_some() => {
            let similar = strings(ContextKind::SuggestedSubcommand);
            if !similar.is_empty() {
                hints.push(format!("提示：是否想用 {}？", similar.join(" 或 ")));
            }
            format!(
                "没有这个命令 {}（unrecognized subcommand）",
                string(ContextKind::InvalidSubcommand).unwrap_or_default()
            )
        }
        ErrorKind::InvalidValue if arg.is_some() && value.is_some() => {
            let (arg, value) = (arg.unwrap_or_default(), value.unwrap_or_default());
            let valid = strings(ContextKind::ValidValue);
            if !valid.is_empty() {
                hints.push(format!("可选值：{}", valid.join("、")));
            }
            if let Some(similar) = string(ContextKind::SuggestedValue) {
                hints.push(format!("提示：是否想用 {similar}？"));
            }
            if value.is_empty() {
                format!("{arg} 缺少值（a value is required）")
            } else {
                format!("{arg} 的值“{value}”无效（invalid value）")
            }
        }
        ErrorKind::ValueValidation if arg.is_some() && value.is_some() => {
            let (arg, value) = (arg.unwrap_or_default(), value.unwrap_or_default());
            match error.source().map(reason) {
                Some(Reason::Chinese(why)) => format!("{arg} 的值“{value}”无效：{why}"),
                Some(Reason::English(why)) => format!("{arg} 的值“{value}”无效（{why}）"),
                None => format!("{arg} 的值“{value}”无效（invalid value）"),
            }
        }
        ErrorKind::NoEquals if arg.is_some() => format!(
            "{} 的值须用等号紧接着写，如 {}=值（equal sign is needed）",
            arg.unwrap_or_default(),
            option_name(arg.unwrap_or_default())
        ),
        ErrorKind::TooManyValues if arg.is_some() && value.is_some() => format!(
            "{} 不接受更多的值，多出了“{}”（unexpected value）",
            arg.unwrap_or_default(),
            value.unwrap_or_default()
        ),
        ErrorKind::TooFewValues if arg.is_some() => format!(
            "{} 至少需要 {} 个值，只给了 {} 个（more values required）",
            arg.unwrap_or_default(),
            number(ContextKind::MinValues).unwrap_or_default(),
            number(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::WrongNumberOfValues if arg.is_some() => format!(
            "{} 需要 {} 个值，却给了 {} 个（wrong number of values）",
            arg.unwrap_or_default(),
            number(ContextKind::ExpectedNumValues).unwrap_or_default(),
            number(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => {
            let what = match (arg, string(ContextKind::InvalidSubcommand)) {
                (Some(arg), _) => arg.to_owned(),
                (None, Some(sub)) => format!("命令 {sub}"),
                (None, None) => "某个选项".to_owned(),
            };
            let prior = strings(ContextKind::PriorArg);
            if arg.is_some() && prior.len() == 1 && Some(prior[0].as_str()) == arg {
                format!("{what} 只能用一次（cannot be used multiple times）")
            } else if prior.is_empty() {
                format!("{what} 不能与已给出的其他选项同时使用（cannot be used with）")
            } else {
                format!(
                    "{what} 不能与 {} 同时使用（cannot be used with）",
                    prior.join("、")
                )
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(ContextKind::InvalidArg);
            let (options, arguments): (Vec<String>, Vec<String>) =
                missing.into_iter().partition(|a| a.starts_with('-'));
            match (options.is_empty(), arguments.is_empty()) {
                (false, true) => format!("缺少必需的选项 {}", options.join("、")),
                (true, false) => format!("缺少必需的参数 {}", arguments.join("、")),
                (false, false) => format!(
                    "缺少必需的选项 {}，以及参数 {}",
                    options.join("、"),
                    arguments.join("、")
                ),
                (true, true) => "缺少必需的参数（required arguments were not provided）".to_owned(),
            }
        }
        ErrorKind::MissingSubcommand => {
            let valid = strings(ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                hints.push(format!("可用的命令：{}", valid.join("、")));
            }
            match string(ContextKind::InvalidSubcommand) {
                Some(parent) => format!("{parent} 须指定一个命令（a subcommand is required）"),
                None => "须指定一个命令（a subcommand is required）".to_owned(),
            }
        }
        ErrorKind::InvalidUtf8 => "命令行参数中有不是 UTF-8 编码的文字（invalid UTF-8）".to_owned(),
        ErrorKind::Io | ErrorKind::Format => {
            format!("无法写出命令行信息（{}）", english(error))
        }
        _ => format!("命令行有误（{}）", english(error)),
    };
    hints.extend(
        strings_of(error.get(ContextKind::Suggested))
            .iter()
            .map(|s| suggested(s)),
    );
    (sentence, hints)
}

/// Why a value was refused, from its parser's error.
enum Reason {
    Chinese(String),
    English(String),
}

fn reason(source: &(dyn std::error::Error + 'static)) -> Reason {
    if let Some(e) = source.downcast_ref::<std::num::ParseIntError>() {
        return Reason::Chinese(
            match e.kind() {
                IntErrorKind::Empty => "不能为空",
                IntErrorKind::InvalidDigit => "须是整数（只写数字，如 4）",
                IntErrorKind::PosOverflow => "数值太大",
                IntErrorKind::NegOverflow => "数值太小",
                IntErrorKind::Zero => "不能为 0",
                _ => "须是整数",
            }
            .to_owned(),
        );
    }
    if source.is::<std::num::ParseFloatError>() {
        return Reason::Chinese("须是数字，如 144".to_owned());
    }
    if source.is::<jiff::Error>() {
        return Reason::Chinese("请写作 YYYY-MM-DD 的真实日期，如 2023-03-15".to_owned());
    }
    let text = source.to_string();
    if let Some(range) = out_of_range(&text) {
        return Reason::Chinese(range);
    }
    if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        Reason::Chinese(text)
    } else {
        Reason::English(text)
    }
}

/// clap's range check (`0 is not in 1..18446744073709551615`) in Chinese.
fn out_of_range(text: &str) -> Option<String> {
    let (_, range) = text.split_once(" is not in ")?;
    let (low, high) = range.split_once("..")?;
    let (high, inclusive) = match high.strip_prefix('=') {
        Some(high) => (high, true),
        None => (high, false),
    };
    let unbounded =
        |n: &str| n.is_empty() || n == u64::MAX.to_string() || n == i64::MAX.to_string();
    let low: Option<i128> = if low.is_empty() {
        None
    } else {
        Some(low.parse().ok()?)
    };
    let high: Option<i128> = if unbounded(high) {
        None
    } else {
        let n: i128 = high.parse().ok()?;
        Some(if inclusive { n } else { n - 1 })
    };
    Some(match (low, high) {
        (Some(low), None) => format!("须不小于 {low}"),
        (None, Some(high)) => format!("须不大于 {high}"),
        (Some(low), Some(high)) => format!("须在 {low} 到 {high} 之间"),
        (None, None) => return None,
    })
}

/// `--color` from `--color <COLOR>`.
fn option_name(arg: &str) -> &str {
    arg.split_once(' ').map_or(arg, |(name, _)| name)
}

fn strings_of(value: Option<&ContextValue>) -> Vec<String> {
    match value {
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// One of clap's suggestion sentences in Chinese. They come as English text, so they are
/// recognised by their shape; one not recognised keeps its words in brackets.
fn suggested(text: &str) -> String {
    let quoted: Vec<&str> = text.split('\'').skip(1).step_by(2).collect();
    if text.starts_with("to pass ") && quoted.len() == 2 {
        format!(
            "提示：如果 {} 是要作为值的文字而不是选项，请写作 {}",
            quoted[0], quoted[1]
        )
    } else if text.starts_with("subcommand ") && !quoted.is_empty() {
        format!("提示：有名为 {} 的命令，要运行它请去掉前面的 --", quoted[0])
    } else if text.ends_with(" exists") && quoted.len() == 1 {
        format!("提示：这个选项属于子命令，应写作 {}", quoted[0])
    } else {
        format!("提示：（{text}）")
    }
}

/// clap's own words for an error: its first line, without `error: `.
fn english(error: &clap::Error) -> String {
    let text = error.to_string();
    let line = text.lines().next().unwrap_or_default();
    let line = line.strip_prefix("error: ").unwrap_or(line).trim();
    if line.is_empty() {
        error.kind().as_str().unwrap_or("unknown error").to_owned()
    } else {
        line.to_owned()
    }
}

/// Subcommands of `cmd` whose names are close to `name`, for `xunshi help nosuch`.
pub fn similar_commands(cmd: &Command, name: &str) -> Vec<String> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name())
        .filter(|candidate| strsim::jaro(candidate, name) > 0.8)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::localise::command;
    use super::*;

    /// The message for the arguments, which must fail to parse.
    fn message_for(args: &[&str]) -> String {
        let mut root = command();
        let error = root
            .try_get_matches_from_mut(args)
            .expect_err("the arguments are wrong");
        let path: Vec<String> = args
            .iter()
            .skip(1)
            .take_while(|a| !a.starts_with('-'))
            .map(|s| s.to_string())
            .take(1)
            .filter(|s| root.find_subcommand(s).is_some())
            .collect();
        message(&root, &path, &error)
    }

    #[test]
    fn an_unknown_option_is_named_with_a_hint() {
        let text = message_for(&["xunshi", "build", "x", "-o", "y", "--docs1", "a"]);
        assert!(
            text.starts_with(
                "错误：无法识别的选项 --docs1（unexpected argument）\n提示：是否想用 --docs？\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("\n用法：xunshi build [选项] --out <OUTDIR> <PATH>...\n"),
            "{text}"
        );
        assert!(
            text.ends_with("\n用 xunshi build --help 查看全部选项。\n"),
            "{text}"
        );
    }

    #[test]
    fn a_refused_value_keeps_its_parsers_chinese_reason() {
        let text = message_for(&["xunshi", "status", "--on", "2023-13-01", "x"]);
        assert!(
            text.starts_with(
                "错误：--on <DATE> 的值“2023-13-01”无效：日期“2023-13-01”无效：请写作 YYYY-MM-DD"
            ),
            "{text}"
        );
        let text = message_for(&["xunshi", "build", "x", "-o", "y", "--timeout", "0"]);
        assert!(
            text.starts_with("错误：--timeout <SECONDS> 的值“0”无效：须不小于 1\n"),
            "{text}"
        );
        let text = message_for(&["xunshi", "build", "x", "-o", "y", "-j", "four"]);
        assert!(text.contains("须是整数"), "{text}");
        let text = message_for(&["xunshi", "render", "x.typ", "--date", "2022-13-40"]);
        assert!(text.contains("请写作 YYYY-MM-DD 的真实日期"), "{text}");
    }

    #[test]
    fn possible_values_are_listed_in_chinese() {
        let text = message_for(&["xunshi", "status", "--format", "jsn", "x"]);
        assert!(
            text.contains("--format <FORMAT> 的值“jsn”无效（invalid value）"),
            "{text}"
        );
        assert!(text.contains("\n可选值：text、json\n"), "{text}");
        assert!(text.contains("提示：是否想用 json？"), "{text}");
    }

    #[test]
    fn missing_and_conflicting_arguments() {
        let text = message_for(&["xunshi", "render"]);
        assert!(text.starts_with("错误：缺少必需的参数 <INPUT>\n"), "{text}");
        let text = message_for(&["xunshi", "build", "x"]);
        assert!(
            text.starts_with("错误：缺少必需的选项 --out <OUTDIR>\n"),
            "{text}"
        );
        let text = message_for(&["xunshi", "render", "x", "--item", "1", "--month", "2023-03"]);
        assert!(
            text.starts_with("错误：--item <ID> 不能与 --month <YYYY-MM> 同时使用"),
            "{text}"
        );
        let text = message_for(&["xunshi", "render", "x", "--doc", "a", "--doc", "b"]);
        assert!(text.contains("--doc <KIND> 只能用一次"), "{text}");
    }

    #[test]
    fn an_unknown_command_is_named_with_similar_ones() {
        let text = message_for(&["xunshi", "biuld"]);
        assert!(
            text.starts_with(
                "错误：没有这个命令 biuld（unrecognized subcommand）\n提示：是否想用 build？\n"
            ),
            "{text}"
        );
        assert!(
            text.ends_with("\n用法：xunshi <命令>\n\n用 xunshi --help 查看全部命令。\n"),
            "{text}"
        );
    }

    #[test]
    fn an_unforeseen_error_still_reads_chinese() {
        let error = clap::Error::raw(ErrorKind::Format, "broken pipe");
        let (sentence, _) = describe(&error);
        assert!(sentence.starts_with("无法写出命令行信息（"), "{sentence}");
        let (sentence, _) = describe(&clap::Error::new(ErrorKind::UnknownArgument));
        assert!(sentence.starts_with("命令行有误（"), "{sentence}");
    }

    #[test]
    fn ranges_and_suggestions_in_chinese() {
        assert_eq!(
            out_of_range("0 is not in 1..18446744073709551615").unwrap(),
            "须不小于 1"
        );
        assert_eq!(
            out_of_range("9 is not in 1..=8").unwrap(),
            "须在 1 到 8 之间"
        );
        assert_eq!(
            out_of_range("9 is not in 1..9").unwrap(),
            "须在 1 到 8 之间"
        );
        assert_eq!(
            suggested("to pass '--bad' as a value, use '-- --bad'"),
            "提示：如果 --bad 是要作为值的文字而不是选项，请写作 -- --bad"
        );
        assert_eq!(
            suggested("'build --docs' exists"),
            "提示：这个选项属于子命令，应写作 build --docs"
        );
        assert_eq!(suggested("something new"), "提示：（something new）");
    }
}
