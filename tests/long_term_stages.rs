//! A long-term measure (长期坚持) is staged: its staged goals (阶段性目标) and its review date
//! (评估日期) print in the rectification plan, the progress report and the final report, in
//! the same words.

mod common;

use serde_json::{Value, json};
use xunshi::case::Case;

const BASE: &str = include_str!("fixtures/compose/base.yaml");

fn base_json() -> Value {
    let case: Case = serde_saphyr::from_str(BASE).expect("fixture parses");
    serde_json::to_value(case).unwrap()
}

/// The base case's long-term measure 1.2 with two staged goals and a review date.
fn staged(mut json: Value) -> Value {
    let m = &mut json["findings"][0]["measures"][1];
    m["staged_goals"] = json!([
        {"by": "2022-12-31", "goal": "清理关停僵尸账号"},
        {"by": "2023-06-30", "goal": "建立网络阵地常态化巡查机制"},
    ]);
    m["review_on"] = json!("2023-12-31");
    json
}

const STAGES: &str = "分阶段推进：2022年12月31日前，清理关停僵尸账号；2023年6月30日前，建立网络阵地常态化巡查机制；2023年12月31日对整改成效进行评估。";

#[test]
fn a_long_term_measure_prints_its_staged_goals_and_review_date_in_the_plan() {
    let json = staged(base_json());
    let plan = common::first_source(&json, "rectification-plan");
    common::assert_has(
        &plan,
        &[&format!(
            "责任领导：李䶮；责任单位：区委网信办；完成时限：长期坚持。\n\n{STAGES}\n\n"
        )],
    );
    // A review date alone; nothing for a measure with a date.
    let mut review_only = base_json();
    review_only["findings"][0]["measures"][1]["review_on"] = json!("2023-01-15");
    let plan = common::first_source(&review_only, "rectification-plan");
    common::assert_has(
        &plan,
        &["完成时限：长期坚持。\n\n2023年1月15日对整改成效进行评估。\n\n"],
    );
    assert_eq!(plan.matches("对整改成效进行评估").count(), 1);
    assert!(!plan.contains("分阶段推进"), "{plan}");
}

#[test]
fn the_progress_and_final_reports_state_the_stages_in_the_same_words() {
    let json = staged(base_json());
    let report = common::first_source(&json, "progress-report");
    common::assert_has(
        &report,
        &[&format!(
            "措施二：开展网络意识形态阵地清理整顿（长期坚持）\n\n{STAGES}\n\n"
        )],
    );
    // The closed measure 1.1 gets no stages.
    assert_eq!(report.matches("分阶段推进").count(), 1);

    let mut json = json;
    json["documents"]["final_report"] = json!({
        "issuer": "中共××市青山区委员会",
        "number": "青报〔2023〕3号",
        "date": "2023-02-10",
        "recipients": ["自治区纪委监委"],
        "signers": ["张建国"],
    });
    let report = common::first_source(&json, "final-report");
    common::assert_has(
        &report,
        &[&format!("开展网络意识形态阵地清理整顿{STAGES}\n\n")],
    );
}

/// The status view tracks each stage by its day (met once `met_on` has come) and the next
/// review, as of the day it judges; a stage met later is still owed before that.
#[test]
fn the_status_view_tracks_the_stages_and_the_next_review() {
    use xunshi::rules::status::{CaseStatus, State};
    let mut json = staged(base_json());
    json["findings"][0]["measures"][1]["status"] = json!("long_term");
    json["findings"][0]["measures"][1]["staged_goals"][0]["met_on"] = json!("2023-01-10");
    let case: Case = serde_json::from_value(json).unwrap();
    let d = |s: &str| xunshi::case::Date::parse(s).unwrap();
    let id = &case.findings[0].measures[1].id;
    let state = |on: &str, key: &str| {
        let status = CaseStatus::of(&case, d(on));
        status
            .items
            .iter()
            .find(|i| i.key == key)
            .map(|i| i.state)
            .unwrap_or_else(|| panic!("no {key} on {on}"))
    };
    let first = format!("stage:{id}:1");
    let second = format!("stage:{id}:2");
    let review = format!("long_term_review:{id}");
    // 2023-01-05: the first stage (due 2022-12-31) met only on 01-10, so 5 days late.
    assert_eq!(state("2023-01-05", &first), State::Overdue(5));
    assert!(matches!(
        state("2023-01-20", &first),
        State::Done {
            late_by_days: 10,
            ..
        }
    ));
    assert_eq!(state("2023-06-20", &second), State::DueIn(10));
    assert_eq!(state("2023-07-01", &second), State::Overdue(1));
    assert_eq!(state("2023-12-31", &review), State::DueToday);
}
