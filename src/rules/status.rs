//! The status view (整改进度): every dated duty of one case judged on one reference day —
//! done (on time or late), due today, due in N days, overdue by N days, or pending (no due date
//! yet) — plus the measures past or near their own deadlines. Pure computation: the due dates
//! come from [`Timeline`], the day arithmetic from [`calendar`](super::calendar); nothing here
//! reads files or prints.
//!
//! The case is judged *as of* the reference day by the one rule of [`as_of`](super::as_of): the
//! case is first taken as it stood that day, so a done-date after it counts as not done yet,
//! and duties whose trigger (a transfer, a letter, a report received, a change of principal)
//! lies after it are left out: `--on` a past day shows what the situation was then.

pub use super::as_of::status_on;
use super::as_of::{case_as_of, happened_by};
use super::calendar::{add_days, days_between};
use super::statistics::{Statistics, deadline_on, is_done, overdue_days};
use super::timeline::Timeline;
use crate::case::{Case, Date, Deadline, MeasureStatus, ReviewSubject, Reviewer, Supervisor};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// How far ahead measures count as "due soon" (days, the reference day included).
pub const MEASURES_DUE_SOON_DAYS: i32 = 30;

/// How near a due day counts as "due soon" for the schedule items (days).
pub const ITEMS_DUE_SOON_DAYS: i32 = 7;

/// Where one duty stands on the reference day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Done on `on`; `late_by_days` days after the due day (0 when on time or undated).
    Done { on: Date, late_by_days: i32 },
    /// The due day is the reference day itself (never overdue on its own day).
    DueToday,
    /// Due in this many days (≥ 1).
    DueIn(i32),
    /// Past the due day by this many days (≥ 1: the day after the due day is 1).
    Overdue(i32),
    /// Required but without a due date yet; `days` since it became required, when known.
    Pending { days: Option<i32> },
}

impl State {
    /// Judges a duty due on `due` (if dated) and done on `done` (if done by `on`).
    pub fn judge(due: Option<Date>, done: Option<Date>, on: Date) -> State {
        match (done, due) {
            (Some(done), due) => State::Done {
                on: done,
                late_by_days: due.map_or(0, |due| days_between(due, done).max(0)),
            },
            (None, Some(due)) => match days_between(on, due) {
                0 => State::DueToday,
                n if n > 0 => State::DueIn(n),
                n => State::Overdue(-n),
            },
            (None, None) => State::Pending { days: None },
        }
    }

    /// The state as the status view prints it: 已完成（2022-09-30）, 已完成，逾期 3 天, 今天到期,
    /// 还有 12 天, 已逾期 5 天, 待办 (with 已 N 天 when the start is known).
    pub fn text_zh(&self) -> String {
        match *self {
            State::Done {
                on,
                late_by_days: 0,
            } => format!("已完成（{on}）"),
            State::Done { on, late_by_days } => format!("已完成（{on}），逾期 {late_by_days} 天"),
            State::DueToday => "今天到期".to_string(),
            State::DueIn(n) => format!("还有 {n} 天"),
            State::Overdue(n) => format!("已逾期 {n} 天"),
            State::Pending { days: None } => "待办".to_string(),
            State::Pending { days: Some(n) } => format!("待办（已 {n} 天）"),
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self, State::Overdue(_))
    }

    /// Due today or within [`ITEMS_DUE_SOON_DAYS`] days.
    pub fn is_due_soon(&self) -> bool {
        match *self {
            State::DueToday => true,
            State::DueIn(n) => n <= ITEMS_DUE_SOON_DAYS,
            _ => false,
        }
    }

    /// The machine name in JSON: done, due_today, due_in, overdue, pending.
    pub fn name(&self) -> &'static str {
        match self {
            State::Done { .. } => "done",
            State::DueToday => "due_today",
            State::DueIn(_) => "due_in",
            State::Overdue(_) => "overdue",
            State::Pending { .. } => "pending",
        }
    }
}

/// `{"state": "done", "on": "2022-09-30", "late_by_days": 0}`, `{"state": "due_today"}`,
/// `{"state": "due_in", "days": 12}`, `{"state": "overdue", "days": 5}`,
/// `{"state": "pending", "days": 40}` (days may be null).
impl Serialize for State {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("state", self.name())?;
        match *self {
            State::Done { on, late_by_days } => {
                map.serialize_entry("on", &on)?;
                map.serialize_entry("late_by_days", &late_by_days)?;
            }
            State::DueToday => {}
            State::DueIn(n) | State::Overdue(n) => map.serialize_entry("days", &n)?,
            State::Pending { days } => map.serialize_entry("days", &days)?,
        }
        map.end()
    }
}

/// One duty on the case's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Stable identifier: `progress_report`, `review:审1`, `transfer:移1`, …
    pub key: String,
    /// What is to be done, in Chinese.
    pub what: String,
    /// Who must do it: 被巡视党组织, 纪委监委机关, 组织部, 巡视组, 巡视组/巡视办, or a recipient.
    pub who: String,
    pub due: Option<Date>,
    /// The day it was done, when done by the reference day.
    pub done: Option<Date>,
    pub state: State,
    /// A remark: the recipients of a report, how many monthly reports have fallen due, …
    pub note: Option<String>,
}

/// A measure past or near its own deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureDue {
    pub finding_id: String,
    pub id: String,
    pub action: String,
    pub leader: String,
    pub deadline: Date,
    pub status: MeasureStatus,
    /// Days overdue (≥ 1) for overdue measures; days left (0 = today) for measures due soon.
    pub days: i32,
}

/// Everything the status view shows for one case on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseStatus {
    pub on: Date,
    pub feedback_date: Date,
    pub centralised_period_end: Date,
    pub items: Vec<Item>,
    /// Measures past their dated deadline and not done on the reference day, most overdue first.
    pub overdue_measures: Vec<MeasureDue>,
    /// Measures not done whose deadline falls within the next [`MEASURES_DUE_SOON_DAYS`] days,
    /// soonest first.
    pub measures_due_soon: Vec<MeasureDue>,
    pub statistics: Statistics,
}

impl CaseStatus {
    /// The case judged on `on`: the case as it stood that day ([`case_as_of`]).
    pub fn of(case: &Case, on: Date) -> CaseStatus {
        let case = &case_as_of(case, on);
        let timeline = Timeline::of(case);
        let mut items = Vec::new();
        let mut push = |key: String,
                        what: String,
                        who: &str,
                        due: Option<Date>,
                        done: Option<Date>,
                        note: Option<String>| {
            items.push(Item {
                key,
                what,
                who: who.to_string(),
                due,
                done,
                state: State::judge(due, done, on),
                note,
            });
        };
        const UNIT: &str = "被巡视党组织";
        let period_end = timeline.centralised_period_end;
        let m = &case.milestones;

        // The fixed actions of the centralised period.
        for (key, what, done) in [
            ("topic_meeting", "召开巡视整改专题会议", m.topic_meeting),
            ("plan_issued", "研究制定并印发整改方案", m.plan_issued),
            (
                "mechanism_established",
                "建立整改工作机制",
                m.mechanism_established,
            ),
            (
                "democratic_life_meeting",
                "召开巡视整改专题民主生活会",
                m.democratic_life_meeting,
            ),
        ] {
            push(key.into(), what.into(), UNIT, Some(period_end), done, None);
        }

        push(
            "progress_report".into(),
            "报送集中整改进展情况报告".into(),
            UNIT,
            Some(timeline.progress_report_due),
            m.progress_report_submitted,
            Some("报纪委监委机关".into()),
        );

        if let Some(first) = timeline.special_reports.first() {
            let recipients: Vec<&str> = timeline
                .special_reports
                .iter()
                .map(|r| r.recipient_zh)
                .collect();
            push(
                "special_reports".into(),
                "报送专项检查整改进展情况报告".into(),
                UNIT,
                Some(first.due),
                m.special_reports_submitted,
                Some(format!("报{}", recipients.join("、"))),
            );
        }

        // Every review received by then; its opinion is done once dated by then.
        for (review, due) in case.reviews.iter().zip(&timeline.review_opinions) {
            let (who, to) = match review.reviewer {
                Reviewer::DisciplineCommission => ("纪委监委机关", "送被巡视党组织"),
                Reviewer::OrganisationDepartment => ("组织部", "送纪委监委机关"),
                Reviewer::InspectionTeam => ("巡视组", "送纪委监委机关"),
            };
            let subject = match review.subject {
                ReviewSubject::Plan => "整改方案",
                ReviewSubject::ProgressReport => "进展情况报告",
                ReviewSubject::CadreSelectionReport => "选人用人专项检查整改进展情况报告",
            };
            push(
                format!("review:{}", review.id),
                format!("出具{subject}审核意见（{}）", review.id),
                who,
                Some(due.due),
                happened_by(Some(review.document.date), on),
                Some(format!(
                    "{}收到，时限{}，{to}",
                    review.received_on, due.limit_zh
                )),
            );
        }

        // A progress report submitted but not yet answered: the discipline commission's written
        // review opinion is still owed (one month from receipt, taken as the submission day).
        let answered = case.reviews.iter().any(|r| {
            r.reviewer == Reviewer::DisciplineCommission
                && r.subject == ReviewSubject::ProgressReport
        });
        if let (Some(submitted), false) = (m.progress_report_submitted, answered) {
            let limit = super::timeline::ReviewTimeLimit::for_review(
                Reviewer::DisciplineCommission,
                ReviewSubject::ProgressReport,
            );
            push(
                "review:expected".into(),
                "出具进展情况报告审核意见（尚未收到）".into(),
                "纪委监委机关",
                Some(limit.due_from(submitted)),
                None,
                Some(format!(
                    "{submitted}报送，时限{}，送被巡视党组织",
                    limit.text_zh()
                )),
            );
        }

        let cadre_selection = case
            .findings
            .iter()
            .any(|f| f.source == crate::case::FindingSource::CadreSelection);
        for (supervisor, key, who) in [
            (
                Supervisor::DisciplineCommission,
                "supervision:discipline_commission",
                "纪委监委机关",
            ),
            (
                Supervisor::OrganisationDepartment,
                "supervision:organisation_department",
                "组织部",
            ),
        ] {
            let reports = || case.supervision.iter().filter(|r| r.by == supervisor);
            if supervisor == Supervisor::OrganisationDepartment
                && !cadre_selection
                && reports().next().is_none()
            {
                continue;
            }
            let done = reports().map(|r| r.document.date).min();
            push(
                key.into(),
                "报告巡视整改监督情况".into(),
                who,
                Some(timeline.supervision_report_due),
                done,
                Some("报巡视工作领导小组".into()),
            );
        }

        // Closure as of the reference day: measures neither long-term nor closed by then.
        let open: usize = case
            .findings
            .iter()
            .flat_map(|f| &f.measures)
            .filter(|m| !matches!(m.status, MeasureStatus::Closed | MeasureStatus::LongTerm))
            .count();
        let all_closed_on = timeline.all_closed_on;

        // Monthly reports: after the centralised period, until every measure is closed.
        if on > period_end && open > 0 {
            let fallen_due = timeline.monthly_reports_until(on).len() as u32;
            let (k, report) = match timeline.monthly_report(fallen_due.max(1)) {
                r if fallen_due > 0 && r.due == on => (fallen_due, r),
                _ => (fallen_due + 1, timeline.monthly_report(fallen_due + 1)),
            };
            let (year, month) = report.month.split_once('-').unwrap_or(("", ""));
            push(
                "monthly_report".into(),
                format!(
                    "报送整改情况月报表（第{k}期，{year}年{}月）",
                    month.trim_start_matches('0')
                ),
                UNIT,
                Some(report.due),
                None,
                Some(if fallen_due == 0 {
                    "集中整改期后每月报送，直至全部销号".to_string()
                } else {
                    format!("每月报送直至全部销号，已到报送期 {fallen_due} 期")
                }),
            );
        }

        // The final report: owed once every measure is closed (or long-term). The measures set
        // no time limit for it, so it is never overdue: pending until submitted, counting the
        // days since everything closed.
        let final_done = m.final_report_submitted;
        let (state_days, note) = match (open, all_closed_on) {
            (0, Some(closed)) => (
                Some(days_between(closed, on)),
                format!("全部措施已于 {closed} 销号或转为长期坚持，应完整报送整改报告"),
            ),
            (0, None) => (None, "措施均为长期坚持，应完整报送整改报告".to_string()),
            (open, _) => (None, format!("尚有 {open} 项措施未销号")),
        };
        let mut item = judged(
            "final_report".into(),
            "报送整改报告".into(),
            UNIT,
            None,
            final_done,
            on,
            Some(note),
        );
        if item.done.is_none() {
            item.state = State::Pending { days: state_days };
        }
        items.push(item);

        // Repeat feedback to a new principal changed within a year of the feedback.
        for (i, change) in timeline.repeat_feedbacks.iter().enumerate() {
            if !change.required {
                continue;
            }
            let done = change.done_on;
            let mut item = Item {
                key: format!("repeat_feedback:{}", i + 1),
                what: format!("向新任主要负责人{}再反馈", change.name),
                who: "巡视组/巡视办".into(),
                due: None,
                done,
                state: State::Pending {
                    days: Some(days_between(change.changed_on, on)),
                },
                note: Some(format!(
                    "{}任职，在反馈后一年内（至{}）",
                    change.changed_on, timeline.repeat_feedback_until
                )),
            };
            if let Some(done) = done {
                item.state = State::judge(None, Some(done), on);
            }
            items.push(item);
        }

        for transfer in &case.transfers {
            if transfer.feedback_due.is_none() {
                continue;
            }
            items.push(judged(
                format!("transfer:{}", transfer.id),
                format!("反馈移交事项办理情况（{}）", transfer.id),
                &transfer.recipient,
                transfer.feedback_due,
                transfer.handled_on,
                on,
                Some(transfer.summary.clone()),
            ));
        }

        for letter in &case.recommendations {
            let due = super::timeline::recommendation_reply_due(letter);
            items.push(judged(
                format!("recommendation:{}", letter.id),
                format!("反馈巡视建议书办理情况（{}）", letter.id),
                &letter.recipient,
                Some(due),
                letter.replied_on,
                on,
                Some(format!("{}巡视办发出", letter.document.date)),
            ));
        }

        let mut overdue_measures = Vec::new();
        let mut measures_due_soon = Vec::new();
        let soon_until = add_days(on, MEASURES_DUE_SOON_DAYS);
        for finding in &case.findings {
            for measure in &finding.measures {
                let Deadline::On(deadline) = deadline_on(measure, on) else {
                    continue;
                };
                let row = |days| MeasureDue {
                    finding_id: finding.id.clone(),
                    id: measure.id.clone(),
                    action: measure.action.clone(),
                    leader: measure.leader.clone(),
                    deadline,
                    status: measure.status,
                    days,
                };
                if let Some(days) = overdue_days(measure, on) {
                    overdue_measures.push(row(days));
                } else if !is_done(measure)
                    && measure.status != MeasureStatus::LongTerm
                    && deadline >= on
                    && deadline <= soon_until
                {
                    measures_due_soon.push(row(days_between(on, deadline)));
                }
            }
        }
        overdue_measures.sort_by_key(|m| -m.days);
        measures_due_soon.sort_by_key(|m| m.days);

        CaseStatus {
            on,
            feedback_date: timeline.feedback_date,
            centralised_period_end: period_end,
            items,
            overdue_measures,
            measures_due_soon,
            statistics: Statistics::of(case),
        }
    }

    pub fn items_overdue(&self) -> usize {
        self.items.iter().filter(|i| i.state.is_overdue()).count()
    }

    pub fn items_due_soon(&self) -> usize {
        self.items.iter().filter(|i| i.state.is_due_soon()).count()
    }
}

fn judged(
    key: String,
    what: String,
    who: &str,
    due: Option<Date>,
    done: Option<Date>,
    on: Date,
    note: Option<String>,
) -> Item {
    Item {
        key,
        what,
        who: who.to_string(),
        due,
        done,
        state: State::judge(due, done, on),
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::load_source;
    use std::path::Path;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// A valid case with feedback on `feedback`, one measure (deadline, status) and `extra`
    /// top-level YAML appended.
    fn case_with(feedback: &str, measures: &str, extra: &str) -> Case {
        let yaml = format!(
            "version: 1
round: {{name: 第一轮巡视, team: 第一巡视组, feedback_date: {feedback}}}
unit:
  name: 中共测试县委员会
  short_name: 测试县委
  principal: {{name: 张三, title: 县委书记}}
  leaders: [{{name: 李四, title: 县长}}]
findings:
  - id: \"1\"
    area: 党的建设方面
    title: 学习不够深入
    measures:
{measures}
{extra}"
        );
        match load_source(Path::new("test.yaml"), yaml.as_bytes()) {
            Ok(loaded) => loaded.case,
            Err(diagnostics) => panic!(
                "test case does not load:\n{}\n{yaml}",
                crate::case::render_report(&diagnostics)
            ),
        }
    }

    fn measure(id: &str, deadline: &str, status: &str, more: &str) -> String {
        format!(
            "      - {{id: \"{id}\", action: 修订学习制度, leader: 张三, units: [办公室], deadline: {deadline}, status: {status}{more}}}\n"
        )
    }

    fn open_case(feedback: &str, extra: &str) -> Case {
        case_with(
            feedback,
            &measure("1.1", "2030-12-31", "in_progress", ""),
            extra,
        )
    }

    fn item<'a>(status: &'a CaseStatus, key: &str) -> &'a Item {
        status
            .items
            .iter()
            .find(|i| i.key == key)
            .unwrap_or_else(|| panic!("no item {key} in {:#?}", status.items))
    }

    fn state(case: &Case, on: &str, key: &str) -> State {
        item(&CaseStatus::of(case, d(on)), key).state
    }

    #[test]
    fn the_due_day_itself_is_due_today_and_the_next_day_overdue_by_one() {
        let case = open_case("2022-07-15", "");
        assert_eq!(
            state(&case, "2022-10-14", "progress_report"),
            State::DueIn(1)
        );
        assert_eq!(
            state(&case, "2022-10-15", "progress_report"),
            State::DueToday
        );
        assert_eq!(
            state(&case, "2022-10-16", "progress_report"),
            State::Overdue(1)
        );
        assert_eq!(
            state(&case, "2022-10-16", "topic_meeting"),
            State::Overdue(1)
        );
        assert!(!State::DueToday.is_overdue());
        assert_eq!(State::DueToday.text_zh(), "今天到期");
        assert_eq!(State::Overdue(1).text_zh(), "已逾期 1 天");
        assert_eq!(State::DueIn(12).text_zh(), "还有 12 天");
    }

    #[test]
    fn the_period_ends_on_the_last_day_of_a_short_month() {
        let case = open_case("2022-11-30", "");
        let status = CaseStatus::of(&case, d("2023-02-28"));
        assert_eq!(status.centralised_period_end, d("2023-02-28"));
        assert_eq!(item(&status, "plan_issued").due, Some(d("2023-02-28")));
        assert_eq!(item(&status, "plan_issued").state, State::DueToday);
        assert_eq!(state(&case, "2023-03-01", "plan_issued"), State::Overdue(1));
        assert_eq!(state(&case, "2023-02-27", "plan_issued"), State::DueIn(1));
    }

    #[test]
    fn leap_years_end_the_period_on_the_29th_of_february() {
        for feedback in ["2023-11-30", "2023-11-29"] {
            let case = open_case(feedback, "");
            let status = CaseStatus::of(&case, d("2024-02-29"));
            assert_eq!(status.centralised_period_end, d("2024-02-29"), "{feedback}");
            assert_eq!(item(&status, "progress_report").state, State::DueToday);
            assert_eq!(
                state(&case, "2024-03-01", "progress_report"),
                State::Overdue(1),
                "{feedback}"
            );
            assert_eq!(
                state(&case, "2024-02-28", "progress_report"),
                State::DueIn(1),
                "{feedback}"
            );
        }
        // Not a leap year: the 28th.
        let case = open_case("2022-11-29", "");
        assert_eq!(
            CaseStatus::of(&case, d("2023-03-01")).centralised_period_end,
            d("2023-02-28")
        );
        assert_eq!(
            state(&case, "2023-03-01", "progress_report"),
            State::Overdue(1)
        );
    }

    fn with_change(date: &str, refeedback: &str) -> Case {
        let yaml = format!(
            "version: 1
round: {{name: 第一轮巡视, team: 第一巡视组, feedback_date: 2022-07-15}}
unit:
  name: 中共测试县委员会
  short_name: 测试县委
  principal: {{name: 张三, title: 县委书记}}
  principal_changes:
    - {{date: {date}, name: 王五, title: 县委书记{refeedback}}}
  leaders: [{{name: 李四, title: 县长}}]
findings:
  - id: \"1\"
    area: 党的建设方面
    title: 学习不够深入
    measures:
      - {{id: \"1.1\", action: 修订学习制度, leader: 李四, units: [办公室], deadline: 2022-09-30, status: in_progress}}
"
        );
        load_source(Path::new("t.yaml"), yaml.as_bytes())
            .map_err(|e| crate::case::render_report(&e))
            .unwrap()
            .case
    }

    #[test]
    fn a_change_of_principal_on_the_anniversary_needs_repeat_feedback_the_day_after_does_not() {
        let on = d("2023-08-01");
        let status = CaseStatus::of(&with_change("2023-07-15", ""), on);
        let repeat = item(&status, "repeat_feedback:1");
        assert_eq!(repeat.state, State::Pending { days: Some(17) });
        assert_eq!(repeat.state.text_zh(), "待办（已 17 天）");
        assert!(repeat.note.as_deref().unwrap().contains("2023-07-15"));

        let status = CaseStatus::of(&with_change("2023-07-16", ""), on);
        assert!(
            !status
                .items
                .iter()
                .any(|i| i.key.starts_with("repeat_feedback")),
            "a change the day after the anniversary needs no repeat feedback"
        );

        // Done, and not yet happened on an earlier reference day.
        let case = with_change("2023-07-15", ", refeedback_on: 2023-07-20");
        assert_eq!(
            state(&case, "2023-08-01", "repeat_feedback:1"),
            State::Done {
                on: d("2023-07-20"),
                late_by_days: 0
            }
        );
        assert_eq!(
            state(&case, "2023-07-18", "repeat_feedback:1"),
            State::Pending { days: Some(3) }
        );
        assert!(
            !CaseStatus::of(&case, d("2023-07-14"))
                .items
                .iter()
                .any(|i| i.key.starts_with("repeat_feedback"))
        );
    }

    #[test]
    fn done_on_time_and_done_late() {
        let case = open_case(
            "2022-07-15",
            "milestones: {topic_meeting: 2022-10-15, progress_report_submitted: 2022-10-18}",
        );
        let on_time = state(&case, "2022-11-01", "topic_meeting");
        assert_eq!(
            on_time,
            State::Done {
                on: d("2022-10-15"),
                late_by_days: 0
            }
        );
        assert_eq!(on_time.text_zh(), "已完成（2022-10-15）");
        let late = state(&case, "2022-11-01", "progress_report");
        assert_eq!(
            late,
            State::Done {
                on: d("2022-10-18"),
                late_by_days: 3
            }
        );
        assert_eq!(late.text_zh(), "已完成（2022-10-18），逾期 3 天");
        // Judged before it was done: still open then.
        assert_eq!(
            state(&case, "2022-10-17", "progress_report"),
            State::Overdue(2)
        );
    }

    const TEAM_REVIEW: &str = "reviews:
  - id: 审1
    reviewer: inspection_team
    reviewer_name: 第一巡视组
    subject: progress_report
    received_on: 2023-01-20
    assessment: 总体较好。
    document: {issuer: 第一巡视组, date: DATE}
";

    #[test]
    fn an_unanswered_progress_report_is_owed_a_review_within_a_month() {
        let case = case_with(
            "2022-11-30",
            &measure("1.1", "2023-01-31", "in_progress", ""),
            "milestones: {progress_report_submitted: 2023-02-27}",
        );
        let owed = item(&CaseStatus::of(&case, d("2023-03-27")), "review:expected").clone();
        assert_eq!(owed.due, Some(d("2023-03-27")));
        assert_eq!(owed.state, State::DueToday);
        assert_eq!(
            state(&case, "2023-03-28", "review:expected"),
            State::Overdue(1)
        );
        // Before the report went in, nothing is owed yet.
        assert!(
            !CaseStatus::of(&case, d("2023-02-26"))
                .items
                .iter()
                .any(|i| i.key == "review:expected")
        );
    }

    #[test]
    fn an_inspection_team_review_has_fifteen_days_across_a_month_end() {
        let case = open_case("2022-10-20", &TEAM_REVIEW.replace("DATE", "2023-02-05"));
        let status = CaseStatus::of(&case, d("2023-02-04"));
        let review = item(&status, "review:审1");
        assert_eq!(review.due, Some(d("2023-02-04")));
        assert_eq!(review.who, "巡视组");
        assert_eq!(review.state, State::DueToday);
        assert_eq!(
            state(&case, "2023-02-06", "review:审1"),
            State::Done {
                on: d("2023-02-05"),
                late_by_days: 1
            }
        );
        assert_eq!(state(&case, "2023-02-01", "review:审1"), State::DueIn(3));
        // Not received yet: not on the list.
        assert!(
            !CaseStatus::of(&case, d("2023-01-19"))
                .items
                .iter()
                .any(|i| i.key == "review:审1")
        );
    }

    #[test]
    fn measures_are_overdue_from_the_day_after_their_deadline() {
        let case = case_with(
            "2022-07-15",
            &measure("1.1", "2022-09-30", "in_progress", ""),
            "",
        );
        let on_deadline = CaseStatus::of(&case, d("2022-09-30"));
        assert!(on_deadline.overdue_measures.is_empty());
        assert_eq!(on_deadline.measures_due_soon.len(), 1);
        assert_eq!(on_deadline.measures_due_soon[0].days, 0);
        let next_day = CaseStatus::of(&case, d("2022-10-01"));
        assert_eq!(next_day.overdue_measures.len(), 1);
        assert_eq!(next_day.overdue_measures[0].days, 1);
        assert!(next_day.measures_due_soon.is_empty());
        // 31 days ahead is not soon; 30 is.
        assert!(
            CaseStatus::of(&case, d("2022-08-30"))
                .measures_due_soon
                .is_empty()
        );
        assert_eq!(
            CaseStatus::of(&case, d("2022-08-31")).measures_due_soon[0].days,
            30
        );
    }

    #[test]
    fn a_measure_done_after_the_reference_day_was_still_overdue_then() {
        let case = case_with(
            "2022-07-15",
            &measure(
                "1.1",
                "2022-09-30",
                "closed",
                ", closure_standard: 制度印发, completed_on: 2022-10-10, closed_on: 2022-10-20, evidence: [文件]",
            ),
            "",
        );
        let then = CaseStatus::of(&case, d("2022-10-05"));
        assert_eq!(then.overdue_measures[0].days, 5);
        assert_eq!(then.overdue_measures[0].status, MeasureStatus::InProgress);
        let measure = &case.findings[0].measures[0];
        assert_eq!(
            status_on(measure, d("2022-10-10")),
            MeasureStatus::Completed
        );
        assert_eq!(
            status_on(measure, d("2022-10-19")),
            MeasureStatus::Completed
        );
        assert_eq!(status_on(measure, d("2022-10-20")), MeasureStatus::Closed);
        assert!(
            CaseStatus::of(&case, d("2022-10-11"))
                .overdue_measures
                .is_empty()
        );
    }

    #[test]
    fn the_statistics_are_those_of_the_reference_day() {
        let case = case_with(
            "2022-07-15",
            &measure(
                "1.1",
                "2022-09-30",
                "closed",
                ", closure_standard: 制度印发, completed_on: 2022-10-10, closed_on: 2022-10-20, evidence: [文件]",
            ),
            "",
        );
        let then = CaseStatus::of(&case, d("2022-10-05")).statistics;
        assert_eq!((then.measures_closed, then.measures_in_progress), (0, 1));
        assert_eq!(
            then.sentence,
            "巡视反馈问题1个，正在推进1个；制定整改措施1项，已完成0项。"
        );
        let later = CaseStatus::of(&case, d("2022-10-20")).statistics;
        assert_eq!(later.measures_closed, 1);
    }

    #[test]
    fn the_final_report_waits_for_every_measure_then_is_owed_without_a_time_limit() {
        let closed = measure(
            "1.1",
            "2022-09-30",
            "closed",
            ", closure_standard: 制度印发, completed_on: 2022-09-20, closed_on: 2022-11-10, evidence: [文件]",
        );
        let long_term = "      - {id: \"1.2\", action: 长期坚持学习, leader: 张三, units: [办公室], deadline: long_term, status: long_term, review_on: 2023-06-30}\n";
        let open = measure(
            "1.3",
            "2022-12-31",
            "completed",
            ", completed_on: 2022-12-01",
        );
        let case = case_with("2022-07-15", &format!("{closed}{long_term}{open}"), "");
        let pending = item(&CaseStatus::of(&case, d("2023-01-05")), "final_report").clone();
        assert_eq!(pending.state, State::Pending { days: None });
        assert_eq!(pending.note.as_deref(), Some("尚有 1 项措施未销号"));

        let case = case_with(
            "2022-07-15",
            &format!("{closed}{long_term}"),
            "milestones: {final_report_submitted: 2022-11-25}",
        );
        // Before the last closure: pending; from that day: owed, counting the days, never
        // overdue (the measures set no time limit); once submitted: done, not late.
        assert_eq!(
            item(&CaseStatus::of(&case, d("2022-11-09")), "final_report").note,
            Some("尚有 1 项措施未销号".into())
        );
        assert_eq!(
            state(&case, "2022-11-10", "final_report"),
            State::Pending { days: Some(0) }
        );
        assert_eq!(
            state(&case, "2022-11-12", "final_report"),
            State::Pending { days: Some(2) }
        );
        assert_eq!(
            state(&case, "2022-12-01", "final_report"),
            State::Done {
                on: d("2022-11-25"),
                late_by_days: 0
            }
        );
    }

    #[test]
    fn monthly_reports_start_after_the_period_and_stop_when_all_is_closed() {
        let case = open_case("2022-11-30", "");
        let during = CaseStatus::of(&case, d("2023-02-28"));
        assert!(!during.items.iter().any(|i| i.key == "monthly_report"));
        let after = CaseStatus::of(&case, d("2023-03-01"));
        let monthly = item(&after, "monthly_report");
        assert_eq!(monthly.due, Some(d("2023-04-30")));
        assert_eq!(monthly.state, State::DueIn(60));
        assert!(monthly.what.contains("第1期"), "{}", monthly.what);
        let due_day = CaseStatus::of(&case, d("2023-04-30"));
        let monthly = item(&due_day, "monthly_report");
        assert_eq!(monthly.state, State::DueToday);
        // Which month a report covers is the timeline's business; the view names it.
        let month = Timeline::of(&case).monthly_report(1).month;
        let (year, m) = month.split_once('-').unwrap();
        let label = format!("第1期，{year}年{}月", m.trim_start_matches('0'));
        assert!(monthly.what.contains(&label), "{} / {label}", monthly.what);
        assert_eq!(
            monthly.note.as_deref(),
            Some("每月报送直至全部销号，已到报送期 1 期")
        );
        let next = CaseStatus::of(&case, d("2023-05-01"));
        assert_eq!(item(&next, "monthly_report").due, Some(d("2023-05-30")));

        // Everything closed on 2023-04-10: reports until then, none after.
        let closed = case_with(
            "2022-11-30",
            &measure(
                "1.1",
                "2023-02-28",
                "closed",
                ", closure_standard: 制度印发, completed_on: 2023-04-01, closed_on: 2023-04-10, evidence: [文件]",
            ),
            "",
        );
        let before = CaseStatus::of(&closed, d("2023-04-09"));
        assert_eq!(item(&before, "monthly_report").due, Some(d("2023-04-30")));
        let after = CaseStatus::of(&closed, d("2023-04-10"));
        assert!(!after.items.iter().any(|i| i.key == "monthly_report"));
        assert_eq!(
            item(&after, "final_report").state,
            State::Pending { days: Some(0) }
        );
    }

    #[test]
    fn recommendation_replies_default_to_two_months_and_transfers_use_their_own_date() {
        let case = open_case(
            "2022-07-15",
            "transfers:
  - {id: 移1, kind: lead, recipient: 县纪委监委, summary: 问题线索, transferred_on: 2022-07-20, feedback_due: 2022-08-31}
  - {id: 移2, kind: lead, recipient: 县纪委监委, summary: 问题线索, transferred_on: 2022-07-20}
recommendations:
  - id: 建1
    recipient: 县住建局党组
    subject: 关于加强监管的
    problems: [监管不到位]
    suggestions: [加强监管]
    document: {issuer: 巡视办, date: 2022-12-31}
",
        );
        let status = CaseStatus::of(&case, d("2023-03-01"));
        let transfer = item(&status, "transfer:移1");
        assert_eq!(transfer.who, "县纪委监委");
        assert_eq!(transfer.state, State::Overdue(182));
        assert!(!status.items.iter().any(|i| i.key == "transfer:移2"));
        let letter = item(&status, "recommendation:建1");
        assert_eq!(letter.due, Some(d("2023-02-28")));
        assert_eq!(letter.state, State::Overdue(1));
    }

    #[test]
    fn states_serialise_with_a_state_tag() {
        let json = |s: State| serde_json::to_value(s).unwrap();
        assert_eq!(
            json(State::Overdue(5)),
            serde_json::json!({"state": "overdue", "days": 5})
        );
        assert_eq!(
            json(State::DueToday),
            serde_json::json!({"state": "due_today"})
        );
        assert_eq!(
            json(State::Done {
                on: d("2022-09-30"),
                late_by_days: 0
            }),
            serde_json::json!({"state": "done", "on": "2022-09-30", "late_by_days": 0})
        );
        assert_eq!(
            json(State::Pending { days: None }),
            serde_json::json!({"state": "pending", "days": null})
        );
    }
}
