//! Tests of the status view ([`super`]): each names the rule of the measures it checks.

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

#[test]
fn monthly_reports_recorded_as_sent_are_listed_month_by_month() {
    // Feedback 2022-11-30: the period ends 2023-02-28; March's table is due 2023-04-30,
    // April's 2023-05-30, May's 2023-06-30.
    let case = open_case(
        "2022-11-30",
        "milestones:\n  monthly_reports_sent:\n    - {month: 2023-03, sent_on: 2023-04-28}\n    - {month: 2023-05, sent_on: 2023-07-03}\n",
    );
    let status = CaseStatus::of(&case, d("2023-07-05"));
    let march = item(&status, "monthly_report:2023-03");
    assert_eq!(
        march.state,
        State::Done {
            on: d("2023-04-28"),
            late_by_days: 0
        }
    );
    let april = item(&status, "monthly_report:2023-04");
    assert_eq!(april.state, State::Overdue(36), "never sent");
    let may = item(&status, "monthly_report:2023-05");
    assert_eq!(
        may.state,
        State::Done {
            on: d("2023-07-03"),
            late_by_days: 3
        }
    );
    let june = item(&status, "monthly_report:2023-06");
    assert_eq!(june.due, Some(d("2023-07-30")), "the next one");
    assert!(june.what.contains("第4期"), "{}", june.what);
    assert!(!status.items.iter().any(|i| i.key == "monthly_report"));
    // As of a day before May's was sent, it was overdue then.
    let then = CaseStatus::of(&case, d("2023-07-02"));
    assert_eq!(
        item(&then, "monthly_report:2023-05").state,
        State::Overdue(2)
    );
    // Recorded as tracked but empty: every month fallen due is owed.
    let none_sent = open_case("2022-11-30", "milestones:\n  monthly_reports_sent: []\n");
    let status = CaseStatus::of(&none_sent, d("2023-06-01"));
    assert_eq!(
        item(&status, "monthly_report:2023-03").state,
        State::Overdue(32)
    );
}

#[test]
fn a_received_progress_report_is_owed_the_team_and_department_opinions_too() {
    let case = case_with(
        "2022-11-30",
        &measure("1.1", "2023-01-31", "in_progress", ""),
        "milestones: {progress_report_submitted: 2023-02-27}",
    );
    let status = CaseStatus::of(&case, d("2023-03-10"));
    // 巡视组: 15 days, to the discipline commission.
    let team = item(&status, "review:expected:inspection_team");
    assert_eq!(
        (team.who.as_str(), team.due),
        ("巡视组", Some(d("2023-03-14")))
    );
    assert!(team.note.as_deref().unwrap().contains("送纪委监委机关"));
    // 组织部: 20 days, to the discipline commission.
    let department = item(&status, "review:expected:organisation_department");
    assert_eq!(department.due, Some(d("2023-03-19")));
    assert!(
        department
            .note
            .as_deref()
            .unwrap()
            .contains("送纪委监委机关")
    );
    // A recorded team review answers the team's duty only.
    let answered = case_with(
        "2022-11-30",
        &measure("1.1", "2023-01-31", "in_progress", ""),
        &format!(
            "milestones: {{progress_report_submitted: 2023-02-27}}\n{}",
            TEAM_REVIEW.replace("DATE", "2023-03-05")
        ),
    );
    let status = CaseStatus::of(&answered, d("2023-03-10"));
    assert!(
        !status
            .items
            .iter()
            .any(|i| i.key == "review:expected:inspection_team")
    );
    assert!(
        status
            .items
            .iter()
            .any(|i| i.key == "review:expected:organisation_department")
    );
}

#[test]
fn the_departments_opinion_on_the_cadre_selection_report_goes_to_the_unit() {
    let case = case_with(
        "2022-11-30",
        &measure("1.1", "2023-01-31", "in_progress", ""),
        "milestones: {special_reports_submitted: 2023-02-27}",
    )
    .with_cadre_selection_finding();
    let status = CaseStatus::of(&case, d("2023-03-10"));
    let owed = item(
        &status,
        "review:expected:organisation_department:cadre_selection",
    );
    assert_eq!(owed.due, Some(d("2023-03-27")), "one month");
    assert!(
        owed.note.as_deref().unwrap().contains("送被巡视党组织"),
        "{:?}",
        owed.note
    );
    assert_eq!(
        super::reviewer_zh(
            &crate::rules::Profile::guangxi_2022().bodies,
            Reviewer::OrganisationDepartment,
            ReviewSubject::CadreSelectionReport
        )
        .1,
        "送被巡视党组织"
    );
}

trait WithCadreSelection {
    fn with_cadre_selection_finding(self) -> Self;
}

impl WithCadreSelection for Case {
    /// The case with its first finding from the cadre-selection special inspection.
    fn with_cadre_selection_finding(mut self) -> Self {
        self.findings[0].source = crate::case::FindingSource::CadreSelection;
        self
    }
}
