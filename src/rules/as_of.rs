//! The case as it stood on one day (截至某日的案卷): the one rule by which every document, the
//! status view, the ledger, the monthly tables and the round summary leave out what happened
//! later. A document dated 2024-07-17 says what was true on 2024-07-17, however late the case
//! file was last brought up to date; rendering it again never changes what it says.
//!
//! The rule, for a day `on`: **an event dated after `on` has not happened on it.** So
//! [`case_as_of`] keeps the case's settled facts (findings, measures, deadlines set, issuing
//! details) and takes back every dated event after `on`:
//!
//! - a measure completed or closed after `on` is not so on it ([`status_on`]: closed → completed
//!   → in progress, by its dates); its `completed_on`/`closed_on` after `on` are removed; a
//!   measure turned long-term by a deadline change approved after `on` is still in progress;
//! - deadline changes approved, progress updates written, after `on` are removed;
//! - milestones (专题会议, 进展报告报送 …) and the secretary's meeting on the round (书记专题会议)
//!   after `on` are not done yet;
//! - transfers made, reviews received, recommendation letters, supervision reports and
//!   assessment reports issued,
//!   principals taking office after `on` are left out of their lists; a transfer handled (its
//!   `handled_on`, `result` and feedback letter), a letter replied to, a repeat feedback given
//!   after `on` loses those;
//! - the case's `as_of` becomes `on` when `on` is earlier.
//!
//! A review received by `on` stays even when its opinion is dated later: the status view judges
//! that opinion still owed. Dates that are targets, not events (deadlines, staged goals,
//! `reply_due`, `feedback_due`, `review_on`) and the issuing details in `documents` stay.
//!
//! The measure's `progress` text is undated; the rule for it: it describes the measure as of
//! the case's `as_of` (without `as_of`: as the case records it now). On a day `on` it is kept
//! when it can be true then — `on` is not before `as_of`, or the measure's work was already
//! completed by `on` (the text then describes finished work), or, without `as_of`, the measure
//! stood on `on` where the case records it. Otherwise it describes a later stage and is replaced
//! by the dated updates up to `on` ("2023年3月1日，起草实施细则。", one paragraph), or left
//! out when there are none.

use crate::case::{Case, Date, Deadline, Markdown, Measure, MeasureStatus, ProgressUpdate};
use crate::compose::dates::date_zh;

/// `date` when it has happened by `on`, else `None`: the rule itself.
pub fn happened_by(date: Option<Date>, on: Date) -> Option<Date> {
    date.filter(|d| *d <= on)
}

/// The case as it stood at the end of `on`.
pub fn case_as_of(case: &Case, on: Date) -> Case {
    let mut c = case.clone();
    c.as_of = case.as_of.map(|a| a.min(on));
    c.round.secretary_meeting = happened_by(case.round.secretary_meeting, on);
    let m = &mut c.milestones;
    for date in [
        &mut m.topic_meeting,
        &mut m.plan_issued,
        &mut m.mechanism_established,
        &mut m.democratic_life_meeting,
        &mut m.progress_report_submitted,
        &mut m.special_reports_submitted,
        &mut m.final_report_submitted,
    ] {
        *date = happened_by(*date, on);
    }
    if let Some(sent) = &mut m.monthly_reports_sent {
        sent.retain(|r| r.sent_on <= on);
    }
    for finding in &mut c.findings {
        for measure in &mut finding.measures {
            *measure = measure_as_of(measure, case.as_of, on);
        }
    }
    c.transfers.retain(|t| t.transferred_on <= on);
    for t in &mut c.transfers {
        if t.handled_on.is_some_and(|h| h > on) {
            t.handled_on = None;
            t.result = None;
        }
        t.feedback_document = t.feedback_document.take().filter(|d| d.date <= on);
    }
    c.reviews.retain(|r| r.received_on <= on);
    c.recommendations.retain(|r| r.document.date <= on);
    for r in &mut c.recommendations {
        if r.replied_on.is_some_and(|r| r > on) {
            r.replied_on = None;
            r.reply = None;
        }
    }
    c.supervision.retain(|s| s.document.date <= on);
    c.assessments.retain(|a| a.document.date <= on);
    c.unit.principal_changes.retain(|p| p.date <= on);
    for p in &mut c.unit.principal_changes {
        p.refeedback_on = happened_by(p.refeedback_on, on);
        p.refeedback_document = p.refeedback_document.take().filter(|d| d.date <= on);
    }
    c
}

/// One measure as it stood at the end of `on`; `as_of` is the case's own as-of date, which
/// the undated `progress` text describes.
pub fn measure_as_of(measure: &Measure, as_of: Option<Date>, on: Date) -> Measure {
    let mut m = measure.clone();
    m.status = status_on(measure, on);
    m.completed_on = happened_by(measure.completed_on, on);
    m.closed_on = happened_by(measure.closed_on, on);
    m.deadline_changes.retain(|c| c.approved_on <= on);
    m.updates.retain(|u| u.on <= on);
    for goal in &mut m.staged_goals {
        goal.met_on = happened_by(goal.met_on, on);
    }
    if !progress_holds_on(measure, as_of, on) {
        m.progress = progress_from_updates(&m.updates);
    }
    m
}

/// The measure's status on `on`, read from its dates: closed only once its closing day has
/// come, completed once its completion day has, otherwise (done later) still in progress; a
/// measure long-term only by a deadline change approved after `on` was still in progress then.
pub fn status_on(measure: &Measure, on: Date) -> MeasureStatus {
    let closed_on = measure.closed_on.or(measure.completed_on);
    let completed_by = || measure.completed_on.is_none_or(|d| d <= on);
    match measure.status {
        MeasureStatus::Closed if closed_on.is_none_or(|d| d <= on) => MeasureStatus::Closed,
        MeasureStatus::Closed | MeasureStatus::Completed if completed_by() => {
            MeasureStatus::Completed
        }
        MeasureStatus::Closed | MeasureStatus::Completed => MeasureStatus::InProgress,
        MeasureStatus::LongTerm if long_term_only_later(measure, on) => MeasureStatus::InProgress,
        status => status,
    }
}

/// True when the measure's work was finished (completed or closed) by `on`.
pub fn done_by(measure: &Measure, on: Date) -> bool {
    matches!(
        status_on(measure, on),
        MeasureStatus::Completed | MeasureStatus::Closed
    )
}

/// A measure whose deadline in force on `on` is still a date, turned long-term by a change
/// approved after `on`.
fn long_term_only_later(measure: &Measure, on: Date) -> bool {
    matches!(deadline_on(measure, on), Deadline::On(_))
        && measure
            .deadline_changes
            .iter()
            .any(|c| c.approved_on > on && c.to == Deadline::LongTerm)
}

/// Whether the undated progress text can be true on `on` (the rule in the module comment).
fn progress_holds_on(measure: &Measure, as_of: Option<Date>, on: Date) -> bool {
    match as_of {
        Some(as_of) if on >= as_of => true,
        _ if done_by(measure, on) => true,
        Some(_) => false,
        None => status_on(measure, on) == measure.status,
    }
}

/// The dated updates as one paragraph of progress: "2023年3月1日，起草实施细则。2023年3月
/// 20日，征求意见。"; `None` without updates.
fn progress_from_updates(updates: &[ProgressUpdate]) -> Option<Markdown> {
    let mut sorted: Vec<&ProgressUpdate> = updates.iter().collect();
    sorted.sort_by_key(|u| u.on);
    let text: String = sorted
        .iter()
        .filter(|u| !u.text.trim().is_empty())
        .map(|u| sentence(&format!("{}，{}", date_zh(u.on), u.text.trim())))
        .collect();
    (!text.is_empty()).then_some(Markdown(text))
}

/// `text` ending as a sentence ends: a full stop added unless it ends in one already (closing
/// quotes or brackets after it included: “……。”).
pub(crate) fn sentence(text: &str) -> String {
    let stops = ['。', '！', '？', '；', '…', '.', '!', '?'];
    let closers = ['”', '’', '）', ')', '」', '』'];
    if text.trim_end_matches(closers).ends_with(stops) {
        text.to_owned()
    } else {
        format!("{text}。")
    }
}

/// The deadline in force on `on`: the latest change approved by then, else the original.
pub fn deadline_on(measure: &Measure, on: Date) -> Deadline {
    deadline_changes_by(measure, on)
        .last()
        .map_or(measure.deadline, |c| c.to)
}

/// The deadline changes approved by `on`, in order of approval: the one rule of which changes
/// are in force on a day, for [`deadline_on`] and for the documents that recite them.
pub fn deadline_changes_by(measure: &Measure, on: Date) -> Vec<&crate::case::DeadlineChange> {
    let mut changes: Vec<_> = measure
        .deadline_changes
        .iter()
        .filter(|c| c.approved_on <= on)
        .collect();
    changes.sort_by_key(|c| c.approved_on);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// A case with feedback on 2024-04-17, `as_of` (or none), the given measures and `extra`
    /// top-level fields.
    fn case(as_of: Option<&str>, measures: serde_json::Value, extra: serde_json::Value) -> Case {
        let mut value = json!({
            "version": 1,
            "round": {"name": "r", "team": "t", "feedback_date": "2024-04-17"},
            "unit": {"name": "u", "short_name": "u", "principal": {"name": "甲", "title": "书记"}},
            "findings": [{"id": "1", "area": "a", "title": "t", "measures": measures}],
            "as_of": as_of,
        });
        for (k, v) in extra.as_object().unwrap() {
            value[k] = v.clone();
        }
        serde_json::from_value(value).unwrap()
    }

    fn completed_late() -> serde_json::Value {
        json!([{"id": "1.1", "action": "a", "leader": "甲", "units": ["u"],
                "deadline": "2024-07-31", "status": "closed", "closure_standard": "s",
                "evidence": ["e"], "completed_on": "2024-07-18", "closed_on": "2024-08-20",
                "progress": "已印发实施细则并组织实施。",
                "deadline_changes": [{"approved_on": "2024-07-20", "to": "2024-08-31", "reason": "r"}],
                "updates": [{"on": "2024-07-01", "text": "起草实施细则"},
                            {"on": "2024-07-28", "text": "印发实施细则。"}]}])
    }

    #[test]
    fn a_measure_completed_after_the_day_is_in_progress_with_only_earlier_updates() {
        let c = case(Some("2024-08-31"), completed_late(), json!({}));
        let then = case_as_of(&c, d("2024-07-17"));
        let m = &then.findings[0].measures[0];
        assert_eq!(m.status, MeasureStatus::InProgress);
        assert_eq!((m.completed_on, m.closed_on), (None, None));
        assert!(m.deadline_changes.is_empty());
        assert_eq!(m.updates.len(), 1);
        // The undated text describes the measure on 08-31: the dated updates stand in for it.
        assert_eq!(
            m.progress.as_ref().map(|p| p.as_str()),
            Some("2024年7月1日，起草实施细则。")
        );
        assert_eq!(then.as_of, Some(d("2024-07-17")));

        let completed = case_as_of(&c, d("2024-07-18"));
        let m = &completed.findings[0].measures[0];
        assert_eq!(m.status, MeasureStatus::Completed);
        assert_eq!(m.completed_on, Some(d("2024-07-18")));
        // Finished work by then: the text describes it.
        assert_eq!(
            m.progress.as_ref().map(|p| p.as_str()),
            Some("已印发实施细则并组织实施。")
        );
        let closed = case_as_of(&c, d("2024-08-20"));
        assert_eq!(closed.findings[0].measures[0].status, MeasureStatus::Closed);
        assert_eq!(closed.findings[0].measures[0].updates.len(), 2);
    }

    #[test]
    fn progress_text_stays_on_or_after_as_of_and_without_as_of_while_the_status_holds() {
        let open = json!([{"id": "1.1", "action": "a", "leader": "甲", "units": ["u"],
                           "deadline": "2024-12-31", "status": "in_progress",
                           "progress": "正在推进。"}]);
        let progress = |c: &Case, on| {
            case_as_of(c, d(on)).findings[0].measures[0]
                .progress
                .clone()
                .map(|p| p.0)
        };
        let with = case(Some("2024-08-31"), open.clone(), json!({}));
        assert_eq!(progress(&with, "2024-08-31"), Some("正在推进。".into()));
        assert_eq!(progress(&with, "2024-09-30"), Some("正在推进。".into()));
        assert_eq!(
            progress(&with, "2024-08-30"),
            None,
            "no updates to stand in"
        );
        let without = case(None, open, json!({}));
        assert_eq!(progress(&without, "2024-05-01"), Some("正在推进。".into()));
        // Without as_of, a status reached only later makes the text a later stage's.
        let late = case(None, completed_late(), json!({}));
        assert_eq!(
            progress(&late, "2024-07-17"),
            Some("2024年7月1日，起草实施细则。".into())
        );
    }

    #[test]
    fn later_events_leave_the_lists_and_later_answers_are_taken_back() {
        let c = case(
            Some("2024-08-31"),
            completed_late(),
            json!({
                "milestones": {"topic_meeting": "2024-04-20", "progress_report_submitted": "2024-07-16",
                               "final_report_submitted": "2024-08-25"},
                "transfers": [
                    {"id": "移1", "kind": "lead", "recipient": "纪委", "summary": "线索",
                     "transferred_on": "2024-04-20", "handled_on": "2024-07-30", "result": "已办结",
                     "feedback_document": {"issuer": "纪委", "date": "2024-07-30"}},
                    {"id": "移2", "kind": "lead", "recipient": "纪委", "summary": "线索",
                     "transferred_on": "2024-07-20"}],
                "reviews": [{"id": "审1", "reviewer": "inspection_team", "reviewer_name": "组",
                             "subject": "progress_report", "received_on": "2024-07-18",
                             "assessment": "好", "document": {"issuer": "组", "date": "2024-07-25"}}],
                "recommendations": [
                    {"id": "建1", "recipient": "局", "subject": "关于", "problems": ["p"],
                     "suggestions": ["s"], "document": {"issuer": "办", "date": "2024-05-01"},
                     "replied_on": "2024-07-01", "reply": "已整改"},
                    {"id": "建2", "recipient": "局", "subject": "关于", "problems": ["p"],
                     "suggestions": ["s"], "document": {"issuer": "办", "date": "2024-05-01"},
                     "replied_on": "2024-08-01", "reply": "已整改"},
                    {"id": "建3", "recipient": "局", "subject": "关于", "problems": ["p"],
                     "suggestions": ["s"], "document": {"issuer": "办", "date": "2024-08-01"}}],
                "unit": {"name": "u", "short_name": "u", "principal": {"name": "甲", "title": "书记"},
                         "principal_changes": [
                            {"date": "2024-06-01", "name": "乙", "title": "书记", "refeedback_on": "2024-07-20"},
                            {"date": "2024-08-01", "name": "丙", "title": "书记"}]},
            }),
        );
        let then = case_as_of(&c, d("2024-07-17"));
        assert_eq!(then.milestones.topic_meeting, Some(d("2024-04-20")));
        assert_eq!(
            then.milestones.progress_report_submitted,
            Some(d("2024-07-16"))
        );
        assert_eq!(then.milestones.final_report_submitted, None);
        let ids: Vec<&str> = then.transfers.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["移1"]);
        let t = &then.transfers[0];
        assert_eq!((t.handled_on, t.result.is_none()), (None, true));
        assert!(t.feedback_document.is_none());
        assert!(then.reviews.is_empty(), "received the day after");
        let letters: Vec<_> = then
            .recommendations
            .iter()
            .map(|r| (r.id.as_str(), r.replied_on.is_some(), r.reply.is_some()))
            .collect();
        assert_eq!(letters, [("建1", true, true), ("建2", false, false)]);
        let changes = &then.unit.principal_changes;
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].name.as_str(), changes[0].refeedback_on),
            ("乙", None)
        );
        // Projecting twice is projecting once, on the earlier day.
        let later_then = case_as_of(&case_as_of(&c, d("2024-08-01")), d("2024-07-17"));
        assert_eq!(later_then, then);
        // On or after every date nothing changes.
        assert_eq!(case_as_of(&c, d("2024-08-31")), c);
    }

    #[test]
    fn a_change_to_long_term_approved_later_leaves_the_measure_in_progress() {
        let c = case(
            None,
            json!([{"id": "1.1", "action": "a", "leader": "甲", "units": ["u"],
                    "deadline": "2024-06-30", "status": "long_term", "review_on": "2025-06-30",
                    "deadline_changes": [{"approved_on": "2024-07-10", "to": "long_term", "reason": "r"}]}]),
            json!({}),
        );
        let m = &c.findings[0].measures[0];
        assert_eq!(status_on(m, d("2024-07-09")), MeasureStatus::InProgress);
        assert_eq!(status_on(m, d("2024-07-10")), MeasureStatus::LongTerm);
        // Long-term from the start: long-term on any day.
        let mut from_start = m.clone();
        from_start.deadline = Deadline::LongTerm;
        from_start.deadline_changes.clear();
        assert_eq!(
            status_on(&from_start, d("2024-05-01")),
            MeasureStatus::LongTerm
        );
    }

    #[test]
    fn sentences_end_once() {
        assert_eq!(sentence("起草细则"), "起草细则。");
        assert_eq!(sentence("起草细则。"), "起草细则。");
        assert_eq!(sentence("印发（试行）"), "印发（试行）。");
        assert_eq!(sentence("要求“立行立改。”"), "要求“立行立改。”");
    }
}
