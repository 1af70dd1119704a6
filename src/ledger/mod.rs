//! The rectification ledger (整改台账) as data: one row per measure and one summary line per
//! organisation, computed from validated cases on the day each case is judged on. The writers
//! ([`xlsx`], [`csv`]) only lay these values out; every count and every "逾期N天" is decided
//! here, once.

pub mod csv;
pub mod sheet_names;
pub mod text;
pub mod xlsx;

use crate::case::{Case, Date, Deadline, MeasureStatus};
use crate::compose::dates::date_zh;
use crate::rules::as_of::case_as_of;
use crate::rules::as_of::deadline_on;
use crate::rules::calendar::reference_date;
use crate::rules::statistics::{overdue_days, status_zh};
use crate::rules::timeline::Timeline;

/// The columns of an organisation's sheet, in order. The CSV puts 单位 before them.
pub const COLUMNS: [&str; 16] = [
    "序号",
    "问题编号",
    "问题所属方面",
    "问题",
    "措施编号",
    "整改措施",
    "责任领导",
    "责任单位",
    "完成时限",
    "销号标准",
    "整改状态",
    "是否逾期",
    "完成日期",
    "销号日期",
    "进展情况",
    "佐证材料",
];

/// The columns of the summary sheet (汇总), in order.
pub const SUMMARY_COLUMNS: [&str; 11] = [
    "单位",
    "反馈问题数",
    "整改措施数",
    "未启动",
    "推进中",
    "已完成",
    "已销号",
    "长期坚持",
    "逾期措施数",
    "完成率",
    "截至日期",
];

/// The columns of the monthly-report sheet (月报报送), in order. A unit fills 报送日期 (and may
/// add a row for a month not listed); `xunshi update` reads 单位, 月份 and 报送日期 back.
pub const REPORT_COLUMNS: [&str; 5] = ["单位", "期数", "月份", "报送时限", "报送日期"];

/// The statuses in the order the summary counts them.
pub const STATUS_ORDER: [MeasureStatus; 5] = [
    MeasureStatus::NotStarted,
    MeasureStatus::InProgress,
    MeasureStatus::Completed,
    MeasureStatus::Closed,
    MeasureStatus::LongTerm,
];

/// The whole ledger: the organisations in the order their case files were given.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    pub organisations: Vec<Organisation>,
}

/// One organisation's part of the ledger: one case file.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    /// 党组织全称, as the summary and the CSV name it.
    pub name: String,
    /// 简称, the title of its sheet.
    pub short_name: String,
    /// The worksheet name: the short name made legal and unique (see [`sheet_names`]).
    pub sheet_name: String,
    /// The day statuses and overdue days are judged on (`--on`, else the case's as-of date,
    /// else today).
    pub on: Date,
    pub rows: Vec<Row>,
    pub summary: Counts,
    /// The monthly reports (整改情况月报表) on [`Organisation::on`]: each one fallen due, then
    /// the next while any measure is open, and any other the case records as sent by then,
    /// in month order.
    pub reports: Vec<ReportRow>,
}

/// One monthly report as the 月报报送 sheet lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    /// 1 for the first report after the centralised period; `None` for a month the case
    /// records that is not one (lint warns about it).
    pub number: Option<u32>,
    /// `2023-03`.
    pub month: String,
    /// The day it is due, for a month that is a report month.
    pub due: Option<Date>,
    /// When it was sent, if the case records it by [`Organisation::on`].
    pub sent_on: Option<Date>,
}

impl ReportRow {
    /// 月份 as the sheet writes it: “2023年3月”.
    pub fn month_zh(&self) -> String {
        match self.month.split_once('-') {
            Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
            None => self.month.clone(),
        }
    }
}

/// One measure as a ledger row. Text is plain (Markdown flattened), lists kept as lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 序号: 1, 2, … within the organisation.
    pub number: usize,
    pub finding_id: String,
    pub area: String,
    pub finding: String,
    pub measure_id: String,
    pub action: String,
    pub leader: String,
    pub units: Vec<String>,
    pub deadline: Deadline,
    pub closure_standard: String,
    /// The status on [`Organisation::on`]: the case's status, except that work completed or
    /// closed after that day was not yet so on it (see `rules::as_of`).
    pub status: MeasureStatus,
    /// Days past the deadline on [`Organisation::on`], for an overdue measure only.
    pub overdue_days: Option<i32>,
    /// 完成日期 and 销号日期, when they fall on or before [`Organisation::on`].
    pub completed_on: Option<Date>,
    pub closed_on: Option<Date>,
    /// The latest dated update and the progress text, plain.
    pub progress: String,
    pub evidence: Vec<String>,
}

impl Row {
    /// 整改状态 as the ledger prints it.
    pub fn status_text(&self) -> &'static str {
        status_zh(self.status)
    }

    /// 是否逾期: "逾期N天", or empty.
    pub fn overdue_text(&self) -> String {
        self.overdue_days
            .map(|n| format!("逾期{n}天"))
            .unwrap_or_default()
    }

    /// 责任单位, lead unit first, joined the way Chinese lists are.
    pub fn units_text(&self) -> String {
        self.units.join("、")
    }
}

/// The summary sheet's numbers for one organisation, or for all of them together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub findings: usize,
    pub measures: usize,
    /// Measures by status, in [`STATUS_ORDER`].
    pub by_status: [usize; 5],
    pub overdue: usize,
}

impl Counts {
    /// 完成率: measures completed or closed over all measures (0 when there are none).
    /// Long-term measures count in the denominator: their work never finishes.
    pub fn completion_rate(&self) -> f64 {
        if self.measures == 0 {
            0.0
        } else {
            (self.by_status[2] + self.by_status[3]) as f64 / self.measures as f64
        }
    }

    /// The sum of several organisations' counts (the 合计 row).
    pub fn total<'a>(all: impl IntoIterator<Item = &'a Counts>) -> Counts {
        all.into_iter().fold(Counts::default(), |mut sum, c| {
            sum.findings += c.findings;
            sum.measures += c.measures;
            for (s, n) in sum.by_status.iter_mut().zip(c.by_status) {
                *s += n;
            }
            sum.overdue += c.overdue;
            sum
        })
    }
}

impl Ledger {
    /// The ledger of `cases`, each judged on `reference_date(case, on)`.
    pub fn of<'a>(cases: impl IntoIterator<Item = &'a Case>, on: Option<Date>) -> Ledger {
        let mut organisations: Vec<Organisation> =
            cases.into_iter().map(|c| Organisation::of(c, on)).collect();
        let names = sheet_names::unique_sheet_names(
            organisations.iter().map(|o| o.short_name.as_str()),
            &[xlsx::SUMMARY_SHEET, xlsx::REPORTS_SHEET],
        );
        for (org, name) in organisations.iter_mut().zip(names) {
            org.sheet_name = name;
        }
        Ledger { organisations }
    }

    /// The 合计 row.
    pub fn total(&self) -> Counts {
        Counts::total(self.organisations.iter().map(|o| &o.summary))
    }

    /// Every organisation's reference day, when they all share one.
    pub fn common_date(&self) -> Option<Date> {
        let first = self.organisations.first()?.on;
        self.organisations
            .iter()
            .all(|o| o.on == first)
            .then_some(first)
    }
}

impl Organisation {
    /// One case's rows and counts, judged on `reference_date(case, on)`: the case as it stood
    /// that day (`rules::as_of`). Its sheet name is settled by [`Ledger::of`], which sees every
    /// organisation.
    pub fn of(case: &Case, on: Option<Date>) -> Organisation {
        let on = reference_date(case, on);
        let case = &case_as_of(case, on);
        let mut rows = Vec::new();
        for finding in &case.findings {
            for measure in &finding.measures {
                rows.push(Row {
                    number: rows.len() + 1,
                    finding_id: finding.id.clone(),
                    area: finding.area.clone(),
                    finding: finding.title.clone(),
                    measure_id: measure.id.clone(),
                    action: measure.action.clone(),
                    leader: measure.leader.clone(),
                    units: measure.units.clone(),
                    deadline: deadline_on(measure, on),
                    closure_standard: measure.closure_standard.clone().unwrap_or_default(),
                    status: measure.status,
                    overdue_days: overdue_days(measure, on),
                    completed_on: measure.completed_on,
                    closed_on: measure.closed_on,
                    progress: progress_text(measure, on),
                    evidence: measure.evidence.clone(),
                });
            }
        }
        let mut by_status = [0; 5];
        for row in &rows {
            if let Some(i) = STATUS_ORDER.iter().position(|s| *s == row.status) {
                by_status[i] += 1;
            }
        }
        let summary = Counts {
            findings: case.findings.len(),
            measures: rows.len(),
            by_status,
            overdue: rows.iter().filter(|r| r.overdue_days.is_some()).count(),
        };
        Organisation {
            name: case.unit.name.clone(),
            short_name: case.unit.short_name.clone(),
            sheet_name: case.unit.short_name.clone(),
            on,
            rows,
            summary,
            reports: reports(case, on),
        }
    }

    /// The sheet's title line: "青山区委巡视整改台账（截至2023年3月31日）".
    pub fn title(&self) -> String {
        format!(
            "{}巡视整改台账（截至{}）",
            self.short_name,
            date_zh(self.on)
        )
    }
}

/// The monthly reports of `case` (already as of `on`), as the status view lists them when the
/// case records the reports sent: every month fallen due by `on` (none begun after every
/// measure was closed), then the next one while a measure is open after the centralised
/// period; and any month the case records as sent that is not among them.
fn reports(case: &Case, on: Date) -> Vec<ReportRow> {
    let timeline = Timeline::of(case);
    let sent: &[crate::case::MonthlyReportSent] = case
        .milestones
        .monthly_reports_sent
        .as_deref()
        .unwrap_or(&[]);
    let sent_on = |month: &str| sent.iter().find(|r| r.month == month).map(|r| r.sent_on);
    let mut out = Vec::new();
    let fallen = timeline.monthly_reports_until(on);
    for (i, report) in fallen.iter().enumerate() {
        let start = timeline.monthly_report_month_start(i as u32 + 1);
        if timeline.all_closed_on.is_some_and(|closed| start > closed) {
            break;
        }
        out.push(ReportRow {
            number: Some(i as u32 + 1),
            month: report.month.clone(),
            due: Some(report.due),
            sent_on: sent_on(&report.month),
        });
    }
    let open = case
        .findings
        .iter()
        .flat_map(|f| &f.measures)
        .any(|m| !matches!(m.status, MeasureStatus::Closed | MeasureStatus::LongTerm));
    if open && on > timeline.centralised_period_end && out.len() == fallen.len() {
        let k = fallen.len() as u32 + 1;
        let next = timeline.monthly_report(k);
        if fallen.last().is_none_or(|r| r.due < next.due) {
            out.push(ReportRow {
                number: Some(k),
                sent_on: sent_on(&next.month),
                month: next.month,
                due: Some(next.due),
            });
        }
    }
    for record in sent {
        if !out.iter().any(|r| r.month == record.month) {
            let number = crate::rules::monthly::report_number(&timeline, &record.month).ok();
            out.push(ReportRow {
                number,
                month: record.month.clone(),
                due: number.map(|k| timeline.monthly_report(k).due),
                sent_on: Some(record.sent_on),
            });
        }
    }
    out.sort_by(|a, b| a.month.cmp(&b.month));
    out
}

/// 进展情况 as a cell shows it: the approved deadline changes, the progress text (Markdown
/// flattened), then the latest dated update as "2023年3月15日：…", unless the text already
/// says it. `measure` is already as of `on`: later updates are gone, and a progress text that
/// describes a later stage has been replaced by the updates (`rules::as_of`).
fn progress_text(measure: &crate::case::Measure, on: Date) -> String {
    let mut parts = Vec::new();
    let changes = crate::compose::dates::deadline_changes_zh(measure, on);
    if !changes.is_empty() {
        parts.push(changes);
    }
    if let Some(progress) = &measure.progress {
        let plain = text::markdown_to_plain(progress.as_str());
        if !plain.is_empty() {
            parts.push(plain);
        }
    }
    let latest = measure.updates.iter().max_by_key(|u| u.on);
    if let Some(update) = latest {
        let plain = text::markdown_to_plain(&update.text);
        if !plain.is_empty() && !parts.iter().any(|p| p.contains(&plain)) {
            parts.push(format!("{}：{}", date_zh(update.on), plain));
        }
    }
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn case(measures: serde_json::Value) -> Case {
        serde_json::from_value(json!({
            "version": 1,
            "round": {"name": "第一轮巡视", "team": "第二巡视组", "feedback_date": "2022-11-30"},
            "unit": {"name": "中共某某委员会", "short_name": "某某党委",
                     "principal": {"name": "张三", "title": "书记"}},
            "findings": [
                {"id": "1", "area": "党的建设方面", "title": "问题一", "measures": measures},
                {"id": "2", "area": "党的建设方面", "title": "问题二", "measures": [
                    {"id": "2.1", "action": "做", "leader": "张三", "units": ["办公室"],
                     "deadline": "long_term", "status": "long_term", "review_on": "2023-12-31"}
                ]}
            ],
        }))
        .unwrap()
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn rows_number_measures_and_count_overdue_days_from_the_deadline() {
        let c = case(json!([
            {"id": "1.1", "action": "甲", "leader": "张三", "units": ["办公室", "人事科"],
             "deadline": "2023-02-28", "status": "in_progress",
             "progress": "已完成**大部分**工作。\n\n1. 第一\n2. 第二",
             "updates": [
                {"on": "2023-03-01", "text": "三月进展"},
                {"on": "2023-04-01", "text": "四月进展"}
             ]},
            {"id": "1.2", "action": "乙", "leader": "张三", "units": ["办公室"],
             "deadline": "2023-01-31", "status": "closed", "closure_standard": "印发",
             "completed_on": "2023-01-10", "closed_on": "2023-02-20", "evidence": ["文件", "纪要"]}
        ]));
        let org = Organisation::of(&c, Some(d("2023-03-20")));
        assert_eq!(org.rows.len(), 3);
        let r = &org.rows[0];
        assert_eq!(
            (r.number, r.overdue_days, r.overdue_text().as_str()),
            (1, Some(20), "逾期20天")
        );
        assert_eq!(r.units_text(), "办公室、人事科");
        assert_eq!(
            r.progress,
            "已完成大部分工作。\n1. 第一\n2. 第二\n2023年3月1日：三月进展"
        );
        assert_eq!(org.rows[1].overdue_days, None, "closed is never overdue");
        assert_eq!(org.rows[1].status_text(), "已销号");
        assert_eq!(org.rows[2].deadline, Deadline::LongTerm);
        assert_eq!(org.rows[2].number, 3, "numbering runs across findings");
        assert_eq!(
            org.summary,
            Counts {
                findings: 2,
                measures: 3,
                by_status: [0, 1, 0, 1, 1],
                overdue: 1
            }
        );
        assert!((org.summary.completion_rate() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(org.title(), "某某党委巡视整改台账（截至2023年3月20日）");
    }

    #[test]
    fn a_past_day_shows_work_done_later_as_not_yet_done() {
        let c = case(json!([
            {"id": "1.1", "action": "甲", "leader": "张三", "units": ["办公室"],
             "deadline": "2023-01-31", "status": "closed", "closure_standard": "印发",
             "completed_on": "2023-02-10", "closed_on": "2023-02-20", "evidence": ["文件"]}
        ]));
        let row = |on| Organisation::of(&c, Some(d(on))).rows[0].clone();
        let r = row("2023-02-25");
        assert_eq!((r.status_text(), r.overdue_days), ("已销号", None));
        assert_eq!(r.closed_on, Some(d("2023-02-20")));
        let r = row("2023-02-15");
        assert_eq!((r.status_text(), r.overdue_days), ("已完成", None));
        assert_eq!((r.completed_on, r.closed_on), (Some(d("2023-02-10")), None));
        let r = row("2023-02-05");
        assert_eq!(r.status_text(), "推进中");
        assert_eq!(
            r.overdue_days,
            Some(5),
            "past its deadline and not yet done then"
        );
        assert_eq!((r.completed_on, r.closed_on), (None, None));
        let org = Organisation::of(&c, Some(d("2023-02-05")));
        assert_eq!(org.summary.by_status, [0, 1, 0, 0, 1]);
        assert_eq!(org.summary.overdue, 1);
    }

    #[test]
    fn a_day_before_as_of_shows_the_updates_by_then_instead_of_the_later_progress_text() {
        let mut c = case(json!([
            {"id": "1.1", "action": "甲", "leader": "张三", "units": ["办公室"],
             "deadline": "2023-04-30", "status": "completed", "completed_on": "2023-04-10",
             "progress": "已全面完成。",
             "updates": [
                {"on": "2023-03-01", "text": "起草方案"},
                {"on": "2023-03-15", "text": "征求意见"},
                {"on": "2023-04-10", "text": "印发实施"}
             ]}
        ]));
        c.as_of = Some(d("2023-04-30"));
        let row = |on| Organisation::of(&c, Some(d(on))).rows[0].clone();
        let then = row("2023-03-20");
        assert_eq!(then.status_text(), "推进中");
        assert_eq!(
            then.progress, "2023年3月1日，起草方案。2023年3月15日，征求意见。",
            "the latest update is in the text already"
        );
        let done = row("2023-04-10");
        assert_eq!(done.progress, "已全面完成。\n2023年4月10日：印发实施");
    }

    #[test]
    fn the_due_day_itself_is_not_overdue() {
        let c = case(json!([
            {"id": "1.1", "action": "甲", "leader": "张三", "units": ["办公室"],
             "deadline": "2023-02-28", "status": "not_started"}
        ]));
        assert_eq!(
            Organisation::of(&c, Some(d("2023-02-28"))).rows[0].overdue_days,
            None
        );
        assert_eq!(
            Organisation::of(&c, Some(d("2023-03-01"))).rows[0].overdue_days,
            Some(1)
        );
    }

    #[test]
    fn the_ledger_names_sheets_uniquely_and_totals_the_counts() {
        let c = case(json!([
            {"id": "1.1", "action": "甲", "leader": "张三", "units": ["办公室"],
             "deadline": "2023-02-28", "status": "completed"}
        ]));
        let ledger = Ledger::of([&c, &c], Some(d("2023-03-01")));
        let names: Vec<_> = ledger
            .organisations
            .iter()
            .map(|o| o.sheet_name.as_str())
            .collect();
        assert_eq!(names, ["某某党委", "某某党委(2)"]);
        let total = ledger.total();
        assert_eq!((total.findings, total.measures), (4, 4));
        assert_eq!(total.by_status, [0, 0, 2, 0, 2]);
        assert_eq!(ledger.common_date(), Some(d("2023-03-01")));
    }
}
