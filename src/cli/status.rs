//! `xunshi status CASE|DIR... [--on DATE] [--format text|json]`: each case's rectification
//! timeline judged on one day — what is done (and how late), due today, due in N days, overdue
//! by N days or still pending — and the measures past or near their own deadlines. The
//! judgement lives in [`crate::rules::status`]; this file loads, lays out and prints.
//!
//! Exit status: 0 whatever the timelines show; 1 when a case file could not be loaded (its
//! problems go to stderr as `validate` prints them, the other cases are still shown); 2 on
//! usage errors (a bad `--on` date, a path that does not exist, no case files).

use super::cases::{load_all, parse_date};
use super::columns::{pad, truncate, width};
use super::error::CliError;
use crate::case::{Case, Date, LoadedCase};
use crate::rules::calendar::reference_date;
use crate::rules::statistics::status_zh;
use crate::rules::status::{CaseStatus, MeasureDue, State};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 案卷文件或目录（目录中递归查找 *.yaml / *.yml，跳过 templates 目录和隐藏目录）
    #[arg(required = true, value_name = "CASE|DIR")]
    pub paths: Vec<PathBuf>,
    /// 以哪一天为准判断进度（YYYY-MM-DD）；不填时用案卷的 as_of（情况截至日期），再不填用今天
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<Date>,
    /// 输出格式：text 文本（默认），json 机器可读
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Where the reference day came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnSource {
    Option,
    AsOf,
    Today,
}

impl OnSource {
    fn of(case: &Case, asked: Option<Date>) -> Self {
        match (asked, case.as_of) {
            (Some(_), _) => OnSource::Option,
            (None, Some(_)) => OnSource::AsOf,
            (None, None) => OnSource::Today,
        }
    }
    fn name(self) -> &'static str {
        match self {
            OnSource::Option => "option",
            OnSource::AsOf => "as_of",
            OnSource::Today => "today",
        }
    }
    fn text_zh(self) -> &'static str {
        match self {
            OnSource::Option => "--on 指定",
            OnSource::AsOf => "案卷 as_of",
            OnSource::Today => "今天",
        }
    }
}

/// Years after the feedback date past which a `--on` day is taken for a typing mistake.
pub const FAR_ON_YEARS: i16 = 5;

/// A warning (Chinese, for stderr) when the `--on` day asked for is far from the case: before
/// its feedback date, or more than [`FAR_ON_YEARS`] years after it (`--on 9999-12-31`, a year
/// mistyped). The day is still used; a far one is seldom meant.
pub fn far_on_warning(command: &str, loaded: &LoadedCase, on: Option<Date>) -> Option<String> {
    let on = on?;
    let feedback = loaded.case.round.feedback_date;
    let limit = Date(
        feedback
            .0
            .checked_add(jiff::Span::new().years(FAR_ON_YEARS))
            .unwrap_or(jiff::civil::Date::MAX),
    );
    let how = if on < feedback {
        "早于巡视反馈日期".to_owned()
    } else if on > limit {
        format!("比巡视反馈日期晚 {FAR_ON_YEARS} 年以上")
    } else {
        return None;
    };
    Some(format!(
        "xunshi {command}：警告：--on {on} {how}（{feedback}），与案卷 {} 相去甚远，请检查日期是否写错（--on is far from the case's feedback date）",
        loaded.path.display()
    ))
}

/// Prints [`far_on_warning`] for each case it applies to.
pub fn warn_far_on(command: &str, cases: &[LoadedCase], on: Option<Date>) {
    for loaded in cases {
        if let Some(warning) = far_on_warning(command, loaded, on) {
            eprintln!("{warning}");
        }
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let (cases, failed) = load_all(&args.paths, "status")?;
    warn_far_on("status", &cases, args.on);

    let paint = Paint {
        on: std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let mut json = Vec::new();
    let mut first = true;
    let judged: Vec<(&LoadedCase, Date, CaseStatus)> = cases
        .iter()
        .map(|loaded| {
            let on = reference_date(&loaded.case, args.on);
            (loaded, on, CaseStatus::of(&loaded.case, on))
        })
        .collect();
    if args.format == Format::Text && judged.len() > 1 {
        print!("{}", round_at_a_glance(&judged));
        first = false;
    }
    for (loaded, _, status) in &judged {
        let file = &loaded.path;
        let case = &loaded.case;
        let source = OnSource::of(case, args.on);
        let status = status.clone();
        match args.format {
            Format::Json => json.push(case_json(file, case, source, &status)),
            Format::Text => {
                if !first {
                    println!();
                }
                first = false;
                print!("{}", case_text(file, case, source, &status, paint));
            }
        }
    }
    if args.format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    }
    if failed > 0 {
        eprintln!(
            "xunshi status：{failed} 个案卷无法读取，已跳过（共 {} 个）",
            failed + cases.len()
        );
        Err(CliError::Reported)
    } else {
        Ok(())
    }
}

fn case_json(file: &Path, case: &Case, source: OnSource, status: &CaseStatus) -> serde_json::Value {
    let mut value = serde_json::to_value(status).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("file".into(), file.display().to_string().into());
        object.insert("unit".into(), case.unit.name.clone().into());
        object.insert("short_name".into(), case.unit.short_name.clone().into());
        object.insert("on_source".into(), source.name().into());
        object.insert(
            "glance".into(),
            serde_json::to_value(status.glance()).unwrap_or_default(),
        );
        object.insert(
            "summary".into(),
            serde_json::json!({
                "items_overdue": status.items_overdue(),
                "items_due_soon": status.items_due_soon(),
                "measures_overdue": status.overdue_measures.len(),
                "measures_due_soon": status.measures_due_soon.len(),
            }),
        );
    }
    value
}

/// The round at a glance, before the detail: one line per organisation, the most overdue
/// first (ties by name), counted by [`CaseStatus::glance`].
fn round_at_a_glance(judged: &[(&LoadedCase, Date, CaseStatus)]) -> String {
    let mut rows: Vec<(&LoadedCase, Date, crate::rules::status::Glance)> = judged
        .iter()
        .map(|(loaded, on, status)| (*loaded, *on, status.glance()))
        .collect();
    rows.sort_by(|a, b| {
        b.2.most_overdue_days
            .cmp(&a.2.most_overdue_days)
            .then_with(|| a.0.case.unit.short_name.cmp(&b.0.case.unit.short_name))
    });
    let mut out = format!(
        "一轮概览（{} 个单位，最久逾期的在前）\n{}{}{}{}{}{}{}截至\n",
        rows.len(),
        pad("单位", 20),
        pad("规定动作逾期", 14),
        pad("审核监督逾期", 14),
        pad("措施逾期", 10),
        pad("移交建议未反馈", 16),
        pad("再反馈待办", 12),
        pad("最久逾期", 10),
    );
    for (loaded, on, g) in rows {
        let days = if g.most_overdue_days > 0 {
            format!("{} 天", g.most_overdue_days)
        } else {
            "—".to_owned()
        };
        out.push_str(&format!(
            "{}{}{}{}{}{}{}{on}\n",
            pad(&truncate(&loaded.case.unit.short_name, 18), 20),
            pad(&g.fixed_actions_late.to_string(), 14),
            pad(&g.reviews_outstanding.to_string(), 14),
            pad(&g.measures_overdue.to_string(), 10),
            pad(&g.answers_outstanding.to_string(), 16),
            pad(&g.refeedback_due.to_string(), 12),
            pad(&days, 10),
        ));
    }
    out
}

/// ANSI colour, or none.
#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.on && !code.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn state(self, state: &State, text: &str) -> String {
        let code = match state {
            State::Done { .. } => "32",
            State::Overdue(_) => "31",
            s if s.is_due_soon() => "33",
            _ => "",
        };
        self.wrap(code, text)
    }
    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }
}

fn symbol(state: &State) -> &'static str {
    match state {
        State::Done { .. } => "✓",
        State::Overdue(_) => "✗",
        State::DueToday => "!",
        State::DueIn(_) => "-",
        State::Pending { .. } => "*",
    }
}

/// One case as text.
fn case_text(
    file: &Path,
    case: &Case,
    source: OnSource,
    status: &CaseStatus,
    paint: Paint,
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{}  {}\n",
        paint.bold(&case.unit.name),
        file.display()
    ));
    out.push_str(&format!(
        "截至 {}（{}）  巡视反馈 {}  集中整改期至 {}\n",
        status.on,
        source.text_zh(),
        status.feedback_date,
        status.centralised_period_end
    ));
    out.push_str(&format!("{}\n\n", status.statistics.sentence));

    let rows: Vec<[String; 4]> = status
        .items
        .iter()
        .map(|item| {
            [
                item.what.clone(),
                item.who.clone(),
                item.due
                    .map_or_else(|| "未定".to_string(), |d| d.to_string()),
                item.state.text_zh(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..4)
        .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    for (item, row) in status.items.iter().zip(&rows) {
        let mut line = format!("  {} ", paint.state(&item.state, symbol(&item.state)));
        for c in 0..3 {
            line.push_str(&pad(&row[c], widths[c]));
            line.push_str("  ");
        }
        match &item.note {
            Some(note) => {
                line.push_str(&paint.state(&item.state, &row[3]));
                line.push_str(&" ".repeat(widths[3] - width(&row[3]) + 2));
                line.push_str(&truncate(note, 50));
            }
            None => line.push_str(&paint.state(&item.state, &row[3])),
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }

    if !status.overdue_measures.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            paint.wrap(
                "31",
                &format!("逾期措施 {} 项：", status.overdue_measures.len())
            )
        ));
        out.push_str(&measure_table(&status.overdue_measures, |days| {
            format!("已逾期 {days} 天")
        }));
    }
    if !status.measures_due_soon.is_empty() {
        out.push_str(&format!(
            "\n{} 天内到期措施 {} 项：\n",
            crate::rules::status::MEASURES_DUE_SOON_DAYS,
            status.measures_due_soon.len()
        ));
        out.push_str(&measure_table(&status.measures_due_soon, |days| {
            if days == 0 {
                "今天到期".to_string()
            } else {
                format!("还有 {days} 天")
            }
        }));
    }
    out.push_str(&format!(
        "\n小结：时间节点逾期 {} 项、7 天内到期 {} 项；措施逾期 {} 项、30 天内到期 {} 项\n",
        status.items_overdue(),
        status.items_due_soon(),
        status.overdue_measures.len(),
        status.measures_due_soon.len()
    ));
    out
}

/// Measures as aligned rows: id, leader, deadline, status, days, action (shortened, last).
fn measure_table(measures: &[MeasureDue], days_text: impl Fn(i32) -> String) -> String {
    let rows: Vec<[String; 5]> = measures
        .iter()
        .map(|m| {
            [
                m.id.clone(),
                m.leader.clone(),
                m.deadline.to_string(),
                status_zh(m.status).to_string(),
                days_text(m.days),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (m, row) in measures.iter().zip(&rows) {
        let mut line = "    ".to_string();
        for c in 0..5 {
            line.push_str(&pad(&row[c], widths[c]));
            line.push_str("  ");
        }
        line.push_str(&truncate(&m.action, 48));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_follow_the_state_and_can_be_off() {
        let on = Paint { on: true };
        assert_eq!(on.state(&State::Overdue(1), "x"), "\x1b[31mx\x1b[0m");
        assert_eq!(on.state(&State::DueIn(7), "x"), "\x1b[33mx\x1b[0m");
        assert_eq!(on.state(&State::DueIn(8), "x"), "x");
        assert_eq!(on.state(&State::DueToday, "x"), "\x1b[33mx\x1b[0m");
        assert_eq!(on.state(&State::Pending { days: None }, "x"), "x");
        assert_eq!(Paint { on: false }.state(&State::Overdue(1), "x"), "x");
    }

    #[test]
    fn a_day_far_from_the_case_is_warned_about() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/case/starter.yaml");
        let loaded = crate::case::load_case(&path).unwrap();
        let d = |s| Some(Date::parse(s).unwrap());
        // Feedback on 2022-06-15.
        let far = far_on_warning("status", &loaded, d("9999-12-31")).unwrap();
        assert!(
            far.contains("晚 5 年以上") && far.contains("2022-06-15"),
            "{far}"
        );
        let early = far_on_warning("ledger", &loaded, d("2022-06-14")).unwrap();
        assert!(
            early.starts_with("xunshi ledger：警告") && early.contains("早于"),
            "{early}"
        );
        assert_eq!(far_on_warning("status", &loaded, d("2022-06-15")), None);
        assert_eq!(far_on_warning("status", &loaded, d("2027-06-15")), None);
        assert!(far_on_warning("status", &loaded, d("2027-06-16")).is_some());
        assert_eq!(far_on_warning("status", &loaded, None), None);
    }

    #[test]
    fn a_bad_date_is_refused_in_chinese() {
        assert!(parse_date("2023-02-29").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(parse_date("2024-02-29").unwrap().to_string(), "2024-02-29");
    }
}
