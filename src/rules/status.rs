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

use super::as_of::deadline_on;
pub use super::as_of::status_on;
use super::as_of::{case_as_of, happened_by};
use super::calendar::{add_days, days_between};
use super::profile::Bodies;
use super::statistics::{Statistics, is_done, overdue_days};
use super::timeline::Timeline;
use crate::case::{
    AssessmentGrade, Case, Date, Deadline, Disposal, MeasureStatus, ReviewSubject, Reviewer,
    Supervisor,
};
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
    /// The case judged on `on`: the case as it stood that day ([`case_as_of`]), each duty the
    /// measures set listed in the order of the timeline, then the measures past or near their
    /// own deadlines.
    pub fn of(case: &Case, on: Date) -> CaseStatus {
        let case = &case_as_of(case, on);
        let timeline = Timeline::of(case);
        let mut duties = Duties {
            on,
            items: Vec::new(),
        };
        centralised_period(&mut duties, case, &timeline);
        review_opinions(&mut duties, case, &timeline);
        supervision_reports(&mut duties, case, &timeline);
        monthly_reports(&mut duties, case, &timeline);
        final_report(&mut duties, case, &timeline);
        assessments(&mut duties, case);
        long_term_stages(&mut duties, case);
        repeat_feedbacks(&mut duties, case, &timeline);
        transfers_and_letters(&mut duties, case);
        let (overdue_measures, measures_due_soon) = measures_due(case, on);
        CaseStatus {
            on,
            feedback_date: timeline.feedback_date,
            centralised_period_end: timeline.centralised_period_end,
            items: duties.items,
            overdue_measures,
            measures_due_soon,
            statistics: Statistics::of(case),
        }
    }

    /// The case at a glance, for the inspection office's view of a round.
    pub fn glance(&self) -> Glance {
        let overdue = |prefixes: &[&str]| {
            self.items
                .iter()
                .filter(|i| i.state.is_overdue() && prefixes.iter().any(|p| i.key.starts_with(p)))
                .count()
        };
        let item_days = self.items.iter().filter_map(|i| match i.state {
            State::Overdue(n) => Some(n),
            _ => None,
        });
        let measure_days = self.overdue_measures.iter().map(|m| m.days);
        Glance {
            fixed_actions_late: overdue(&[
                "topic_meeting",
                "plan_issued",
                "mechanism_established",
                "democratic_life_meeting",
                "progress_report",
                "special_reports",
                "monthly_report",
            ]),
            reviews_outstanding: overdue(&["review:", "supervision:"]),
            measures_overdue: self.overdue_measures.len(),
            answers_outstanding: overdue(&["transfer:", "recommendation:"]),
            refeedback_due: self
                .items
                .iter()
                .filter(|i| i.key.starts_with("repeat_feedback:") && i.done.is_none())
                .count(),
            most_overdue_days: item_days.chain(measure_days).max().unwrap_or(0),
        }
    }

    pub fn items_overdue(&self) -> usize {
        self.items.iter().filter(|i| i.state.is_overdue()).count()
    }

    pub fn items_due_soon(&self) -> usize {
        self.items.iter().filter(|i| i.state.is_due_soon()).count()
    }
}

/// A case at a glance: what the inspection office chases first, counted on the status day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Glance {
    /// Fixed actions and reports of the unit past their due day (专题会议, 方案, 机制, 民主生活会,
    /// 进展报告, 专项报告, 月报表).
    pub fixed_actions_late: usize,
    /// Review opinions and supervision reports past their due day.
    pub reviews_outstanding: usize,
    /// Measures past their deadline in force.
    pub measures_overdue: usize,
    /// Transfers and recommendation letters whose feedback is past due.
    pub answers_outstanding: usize,
    /// Repeat feedbacks to a new principal not yet given.
    pub refeedback_due: usize,
    /// The longest any of these has been overdue, in days (0 when none is).
    pub most_overdue_days: i32,
}

impl Glance {
    /// The duties besides the measures that are late, as a document states them (规定动作逾期2项,
    /// 审核意见和监督报告逾期1项, 移交事项和巡视建议书逾期未反馈1项, 待再反馈1次); none for a count of 0.
    pub fn duties_zh(&self) -> Vec<String> {
        [
            ("规定动作逾期", self.fixed_actions_late, "项"),
            ("审核意见和监督报告逾期", self.reviews_outstanding, "项"),
            (
                "移交事项和巡视建议书逾期未反馈",
                self.answers_outstanding,
                "项",
            ),
            ("待再反馈", self.refeedback_due, "次"),
        ]
        .into_iter()
        .filter(|(_, n, _)| *n > 0)
        .map(|(what, n, unit)| format!("{what}{n}{unit}"))
        .collect()
    }

    /// The counts of `self` and `other` together (the longest overdue of the two).
    pub fn add(&mut self, other: &Glance) {
        self.fixed_actions_late += other.fixed_actions_late;
        self.reviews_outstanding += other.reviews_outstanding;
        self.measures_overdue += other.measures_overdue;
        self.answers_outstanding += other.answers_outstanding;
        self.refeedback_due += other.refeedback_due;
        self.most_overdue_days = self.most_overdue_days.max(other.most_overdue_days);
    }
}

/// The duties listed so far, judged on `on`.
struct Duties {
    on: Date,
    items: Vec<Item>,
}

impl Duties {
    fn push(
        &mut self,
        key: String,
        what: &str,
        who: &str,
        due: Option<Date>,
        done: Option<Date>,
        note: Option<String>,
    ) -> &mut Item {
        self.items
            .push(judged(key, what.to_owned(), who, due, done, self.on, note));
        self.items.last_mut().expect("just pushed")
    }
}

/// The fixed actions of the centralised period, the progress report and the special
/// inspections' progress reports.
fn centralised_period(duties: &mut Duties, case: &Case, timeline: &Timeline) {
    let bodies = &case.rules.bodies;
    let unit = bodies.unit.as_str();
    let period_end = timeline.centralised_period_end;
    let m = &case.milestones;
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
        duties.push(key.into(), what, unit, Some(period_end), done, None);
    }
    duties.push(
        "progress_report".into(),
        "报送集中整改进展情况报告",
        unit,
        Some(timeline.progress_report_due),
        m.progress_report_submitted,
        Some(format!("报{}", bodies.discipline_commission)),
    );
    if let Some(first) = timeline.special_reports.first() {
        let recipients: Vec<&str> = timeline
            .special_reports
            .iter()
            .map(|r| r.recipient_zh.as_str())
            .collect();
        duties.push(
            "special_reports".into(),
            "报送专项检查整改进展情况报告",
            unit,
            Some(first.due),
            m.special_reports_submitted,
            Some(format!("报{}", recipients.join("、"))),
        );
    }
}

/// Every review received by the day (its opinion done once dated by then), and the opinion
/// still owed on a progress report submitted but not yet answered.
fn review_opinions(duties: &mut Duties, case: &Case, timeline: &Timeline) {
    let on = duties.on;
    for (review, due) in case.reviews.iter().zip(&timeline.review_opinions) {
        let (who, to) = reviewer_zh(&case.rules.bodies, review.reviewer, review.subject);
        let subject = subject_zh(review.subject);
        duties.push(
            format!("review:{}", review.id),
            &format!("出具{subject}审核意见（{}）", review.id),
            &who,
            Some(due.due),
            happened_by(Some(review.document.date), on),
            Some(format!(
                "{}收到，时限{}，{to}",
                review.received_on, due.limit_zh
            )),
        );
    }
    // The opinions owed once a report is received (taken as its submission day) and not yet
    // in the case: the discipline commission's on the progress report (1 month, to the
    // unit), the inspection team's (15 days) and the organisation department's (20 days) to the
    // discipline commission, and the organisation department's on the cadre-selection report
    // (1 month, to the unit) when the case has such findings.
    let m = &case.milestones;
    let cadre_selection = has_cadre_selection_findings(case);
    let owed = [
        (
            Reviewer::DisciplineCommission,
            ReviewSubject::ProgressReport,
            m.progress_report_submitted,
        ),
        (
            Reviewer::InspectionTeam,
            ReviewSubject::ProgressReport,
            m.progress_report_submitted,
        ),
        (
            Reviewer::OrganisationDepartment,
            ReviewSubject::ProgressReport,
            m.progress_report_submitted,
        ),
        (
            Reviewer::OrganisationDepartment,
            ReviewSubject::CadreSelectionReport,
            m.special_reports_submitted.filter(|_| cadre_selection),
        ),
    ];
    for (reviewer, subject, submitted) in owed {
        let Some(submitted) = submitted else { continue };
        if case
            .reviews
            .iter()
            .any(|r| r.reviewer == reviewer && r.subject == subject)
        {
            continue;
        }
        let limit = super::timeline::review_limit(&case.rules, reviewer, subject);
        let (who, to) = reviewer_zh(&case.rules.bodies, reviewer, subject);
        duties.push(
            expected_key(reviewer, subject).into(),
            &format!("出具{}审核意见（尚未收到）", subject_zh(subject)),
            &who,
            Some(limit.due_from(submitted, &case.rules.calendar)),
            None,
            Some(format!("{submitted}报送，时限{}，{to}", limit.text_zh())),
        );
    }
}

/// Whether the case has findings of the cadre-selection special inspection (选人用人).
fn has_cadre_selection_findings(case: &Case) -> bool {
    case.findings
        .iter()
        .any(|f| f.source == crate::case::FindingSource::CadreSelection)
}

/// Who gives a review opinion, and where it goes: to the inspected organisation from the
/// discipline commission, and from the organisation department on the cadre-selection report
/// (向被巡视党组织书面反馈); to the discipline commission from the inspection team and from the
/// organisation department on the progress report (将审核意见提供纪委监委机关).
fn reviewer_zh(bodies: &Bodies, reviewer: Reviewer, subject: ReviewSubject) -> (String, String) {
    let to_unit = format!("送{}", bodies.unit);
    let to_commission = format!("送{}", bodies.discipline_commission);
    match (reviewer, subject) {
        (Reviewer::DisciplineCommission, _) => (bodies.discipline_commission.clone(), to_unit),
        (Reviewer::OrganisationDepartment, ReviewSubject::CadreSelectionReport) => {
            (bodies.organisation_department.clone(), to_unit)
        }
        (Reviewer::OrganisationDepartment, _) => {
            (bodies.organisation_department.clone(), to_commission)
        }
        (Reviewer::InspectionTeam, _) => (bodies.inspection_team.clone(), to_commission),
    }
}

fn subject_zh(subject: ReviewSubject) -> &'static str {
    match subject {
        ReviewSubject::Plan => "整改方案",
        ReviewSubject::ProgressReport => "进展情况报告",
        ReviewSubject::CadreSelectionReport => "选人用人专项检查整改进展情况报告",
    }
}

/// The key of an opinion owed but not yet in the case (`review:expected` for the discipline
/// commission's, as before).
fn expected_key(reviewer: Reviewer, subject: ReviewSubject) -> &'static str {
    match (reviewer, subject) {
        (Reviewer::DisciplineCommission, _) => "review:expected",
        (Reviewer::InspectionTeam, _) => "review:expected:inspection_team",
        (Reviewer::OrganisationDepartment, ReviewSubject::CadreSelectionReport) => {
            "review:expected:organisation_department:cadre_selection"
        }
        (Reviewer::OrganisationDepartment, _) => "review:expected:organisation_department",
    }
}

/// The supervisors' reports on the rectification: the discipline commission's always, the
/// organisation department's when the case has cadre-selection findings or it reported.
fn supervision_reports(duties: &mut Duties, case: &Case, timeline: &Timeline) {
    let cadre_selection = has_cadre_selection_findings(case);
    let bodies = &case.rules.bodies;
    for (supervisor, key, who) in [
        (
            Supervisor::DisciplineCommission,
            "supervision:discipline_commission",
            &bodies.discipline_commission,
        ),
        (
            Supervisor::OrganisationDepartment,
            "supervision:organisation_department",
            &bodies.organisation_department,
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
        duties.push(
            key.into(),
            "报告巡视整改监督情况",
            who,
            Some(timeline.supervision_report_due),
            done,
            Some(format!("报{}", bodies.leading_group)),
        );
    }
}

/// Measures neither long-term nor closed (in the case as of the day).
fn open_measures(case: &Case) -> usize {
    case.findings
        .iter()
        .flat_map(|f| &f.measures)
        .filter(|m| !matches!(m.status, MeasureStatus::Closed | MeasureStatus::LongTerm))
        .count()
}

/// The monthly reports: after the centralised period, until every measure is closed. When the
/// case records the reports sent (`milestones.monthly_reports_sent`), every month fallen due is
/// listed, done or overdue, then the next; otherwise only the next one.
fn monthly_reports(duties: &mut Duties, case: &Case, timeline: &Timeline) {
    let on = duties.on;
    let open = open_measures(case);
    let fallen_due = timeline.monthly_reports_until(on);
    let title = |k: usize, month: &str| {
        let (year, month) = month.split_once('-').unwrap_or(("", ""));
        format!(
            "报送整改情况月报表（第{k}期，{year}年{}月）",
            month.trim_start_matches('0')
        )
    };
    if let Some(sent) = &case.milestones.monthly_reports_sent {
        for (i, report) in fallen_due.iter().enumerate() {
            // A month that began after every measure was closed is not owed.
            let month_start = timeline.monthly_report_month_start(i as u32 + 1);
            if timeline
                .all_closed_on
                .is_some_and(|closed| month_start > closed)
            {
                break;
            }
            let done = sent
                .iter()
                .find(|r| r.month == report.month)
                .map(|r| r.sent_on);
            duties.push(
                format!("monthly_report:{}", report.month),
                &title(i + 1, &report.month),
                &case.rules.bodies.unit,
                Some(report.due),
                done,
                Some(format!("报{}", case.rules.bodies.discipline_commission)),
            );
        }
        if open > 0
            && on > timeline.centralised_period_end
            && fallen_due.last().is_none_or(|r| r.due != on)
        {
            let k = fallen_due.len() + 1;
            let next = timeline.monthly_report(k as u32);
            duties.push(
                format!("monthly_report:{}", next.month),
                &title(k, &next.month),
                &case.rules.bodies.unit,
                Some(next.due),
                sent.iter()
                    .find(|r| r.month == next.month)
                    .map(|r| r.sent_on),
                Some(format!("报{}", case.rules.bodies.discipline_commission)),
            );
        }
        return;
    }
    if on <= timeline.centralised_period_end || open == 0 {
        return;
    }
    let fallen = fallen_due.len() as u32;
    let (k, report) = match timeline.monthly_report(fallen.max(1)) {
        r if fallen > 0 && r.due == on => (fallen, r),
        _ => (fallen + 1, timeline.monthly_report(fallen + 1)),
    };
    duties.push(
        "monthly_report".into(),
        &title(k as usize, &report.month),
        &case.rules.bodies.unit,
        Some(report.due),
        None,
        Some(if fallen == 0 {
            "集中整改期后每月报送，直至全部销号".to_string()
        } else {
            format!("每月报送直至全部销号，已到报送期 {fallen} 期")
        }),
    );
}

/// The final report: owed once every measure is closed (or long-term). The measures set no
/// time limit for it, so it is never overdue: pending until submitted, counting the days
/// since everything closed.
fn final_report(duties: &mut Duties, case: &Case, timeline: &Timeline) {
    let on = duties.on;
    let (state_days, note) = match (open_measures(case), timeline.all_closed_on) {
        (0, Some(closed)) => (
            Some(days_between(closed, on)),
            format!("全部措施已于 {closed} 销号或转为长期坚持，应完整报送整改报告"),
        ),
        (0, None) => (None, "措施均为长期坚持，应完整报送整改报告".to_string()),
        (open, _) => (None, format!("尚有 {open} 项措施未销号")),
    };
    let done = case.milestones.final_report_submitted;
    let item = duties.push(
        "final_report".into(),
        "报送整改报告",
        &case.rules.bodies.unit,
        None,
        done,
        Some(note),
    );
    if item.done.is_none() {
        item.state = State::Pending { days: state_days };
    }
}

/// The stages of each long-term measure (长期坚持): every staged goal by its day, met once its
/// `met_on` has come; and the measure's next review (评估日期), due on its day and never
/// marked done (a review held moves `review_on` to the next one).
fn long_term_stages(duties: &mut Duties, case: &Case) {
    for finding in &case.findings {
        for m in &finding.measures {
            if m.status != MeasureStatus::LongTerm {
                continue;
            }
            for (k, goal) in m.staged_goals.iter().enumerate() {
                duties.push(
                    format!("stage:{}:{}", m.id, k + 1),
                    &format!("措施{}第{}阶段目标（长期坚持）", m.id, k + 1),
                    &m.leader,
                    Some(goal.by),
                    goal.met_on,
                    Some(goal.goal.clone()),
                );
            }
            if let Some(review_on) = m.review_on {
                duties.push(
                    format!("long_term_review:{}", m.id),
                    &format!("评估措施{}成效（长期坚持）", m.id),
                    &m.leader,
                    Some(review_on),
                    None,
                    Some("评估后请在案卷中把评估日期（review_on）改为下一次评估的日期".into()),
                );
            }
        }
    }
}

/// The discipline commission's assessment of the rectification (整改评估): each assessment
/// recorded, with its grade and disposal; once the final report is in and none is recorded,
/// the assessment is pending (the 办法 sets no time limit for it).
fn assessments(duties: &mut Duties, case: &Case) {
    let on = duties.on;
    let commission = &case.rules.bodies.discipline_commission;
    for a in &case.assessments {
        duties.push(
            format!("assessment:{}", a.id),
            &format!("开展巡视整改评估（{}）", a.id),
            commission,
            None,
            Some(a.document.date),
            Some(format!(
                "评估等次“{}”，处置意见：{}",
                grade_zh(a.grade),
                disposal_zh(a.disposal)
            )),
        );
    }
    if let (true, Some(reported)) = (
        case.assessments.is_empty(),
        case.milestones.final_report_submitted,
    ) {
        let item = duties.push(
            "assessment".into(),
            "开展巡视整改评估",
            commission,
            None,
            None,
            Some(format!("整改报告已于 {reported} 报送，办法未定评估时限")),
        );
        item.state = State::Pending {
            days: Some(days_between(reported, on)),
        };
    }
}

/// An assessment grade as documents name it.
pub fn grade_zh(grade: AssessmentGrade) -> &'static str {
    match grade {
        AssessmentGrade::Good => "好",
        AssessmentGrade::FairlyGood => "较好",
        AssessmentGrade::Average => "一般",
        AssessmentGrade::Poor => "差",
    }
}

/// A disposal opinion as documents name it.
pub fn disposal_zh(disposal: Disposal) -> &'static str {
    match disposal {
        Disposal::Affirm => "予以肯定",
        Disposal::Urge => "督促深化整改",
        Disposal::Deadline => "责令限期整改",
        Disposal::Accountability => "追责问责",
    }
}

/// Repeat feedback to a new principal changed within a year of the feedback.
fn repeat_feedbacks(duties: &mut Duties, case: &Case, timeline: &Timeline) {
    let on = duties.on;
    let bodies = &case.rules.bodies;
    let window = case.rules.limits.repeat_feedback_window.text_zh();
    for (i, change) in timeline.repeat_feedbacks.iter().enumerate() {
        if !change.required {
            continue;
        }
        let item = duties.push(
            format!("repeat_feedback:{}", i + 1),
            &format!("向新任主要负责人{}再反馈", change.name),
            &format!("{}/{}", bodies.inspection_team, bodies.inspection_office),
            None,
            change.done_on,
            Some(format!(
                "{}任职，在反馈后{window}内（至{}）",
                change.changed_on, timeline.repeat_feedback_until
            )),
        );
        if change.done_on.is_none() {
            item.state = State::Pending {
                days: Some(days_between(change.changed_on, on)),
            };
        }
    }
}

/// The feedback on each transfer with a due date, and the reply to each recommendation
/// letter ([`super::timeline::recommendation_reply_due`]).
fn transfers_and_letters(duties: &mut Duties, case: &Case) {
    for transfer in &case.transfers {
        if transfer.feedback_due.is_none() {
            continue;
        }
        duties.push(
            format!("transfer:{}", transfer.id),
            &format!("反馈移交事项办理情况（{}）", transfer.id),
            &transfer.recipient,
            transfer.feedback_due,
            transfer.handled_on,
            Some(transfer.summary.clone()),
        );
    }
    for letter in &case.recommendations {
        duties.push(
            format!("recommendation:{}", letter.id),
            &format!("反馈巡视建议书办理情况（{}）", letter.id),
            &letter.recipient,
            Some(super::timeline::recommendation_reply_due(
                &case.rules,
                letter,
            )),
            letter.replied_on,
            Some(format!(
                "{}{}发出",
                letter.document.date, case.rules.bodies.inspection_office
            )),
        );
    }
}

/// The measures past their deadline in force on `on` (most overdue first) and those due within
/// [`MEASURES_DUE_SOON_DAYS`] (soonest first).
fn measures_due(case: &Case, on: Date) -> (Vec<MeasureDue>, Vec<MeasureDue>) {
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
    (overdue_measures, measures_due_soon)
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
#[path = "status_tests.rs"]
mod tests;
