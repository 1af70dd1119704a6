//! The rules profile (整改规则) through the command line: `xunshi rules` prints the built-in
//! 办法 as a file `--rules` accepts; a `rules.yaml` beside the cases (or `--rules`) with a
//! 2-month centralised period moves every date that depends on it — in `status`, in the
//! documents and in the round summary — and nothing else; a wrong rules file is reported at its
//! line in Chinese; a build takes a rules file for no case and remakes its documents when it
//! changes.

mod common;

use common::{write, xunshi};
use serde_json::Value;
use std::path::{Path, PathBuf};

const AFTER_PERIOD: &str = "samples/02-after-period-water-resources-department.yaml";

/// The sample copied into a fresh folder (so a rules file can be put beside it).
fn case_in(dir: &Path) -> PathBuf {
    let case = dir.join("cases").join("water.yaml");
    write(&case, &std::fs::read_to_string(AFTER_PERIOD).unwrap());
    case
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = xunshi().args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Each duty's key and due date in `status --format json`.
fn dues(case: &Path, extra: &[&str]) -> Vec<(String, Value)> {
    let mut args = vec!["status", "--format", "json", case.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let first = &json[0];
    let mut dues = vec![(
        "centralised_period_end".to_owned(),
        first["centralised_period_end"].clone(),
    )];
    for item in first["items"].as_array().unwrap() {
        dues.push((
            item["key"].as_str().unwrap().to_owned(),
            item["due"].clone(),
        ));
    }
    dues
}

fn due<'a>(dues: &'a [(String, Value)], key: &str) -> &'a str {
    dues.iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no due date for {key}: {dues:?}"))
}

const TWO_MONTHS: &str = "# 本市办法：集中整改期2个月\nlimits:\n  centralised_period: { months: 2, basis: 本市办法第五条 }\n";

#[test]
fn the_printed_built_in_rules_read_back_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    let printed = dir.path().join("printed.yaml");
    let (code, out, err) = run(&["rules", "--built-in", "-o", printed.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已写出"), "{out}");
    let text = std::fs::read_to_string(&printed).unwrap();
    assert!(text.contains("centralised_period: { months: 3 }"), "{text}");
    assert!(text.contains("“被巡视党组织自收到巡视反馈意见之日起3个月内"));
    // Never over an existing file.
    let (code, _, err) = run(&["rules", "--built-in", "-o", printed.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("不会覆盖"), "{err}");
    let built_in = dues(&case, &[]);
    let through_file = dues(&case, &["--rules", printed.to_str().unwrap()]);
    assert_eq!(built_in, through_file);
}

#[test]
fn a_two_month_centralised_period_moves_every_date_that_depends_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    let before = dues(&case, &[]);
    assert_eq!(due(&before, "centralised_period_end"), "2023-02-28");
    write(&dir.path().join("cases/rules.yaml"), TWO_MONTHS);
    let after = dues(&case, &[]);
    // Feedback 2022-11-30: the period ends a month earlier, and with it the fixed actions,
    // the supervision report (3 months after the period) and the first monthly report.
    assert_eq!(due(&after, "centralised_period_end"), "2023-01-30");
    for key in [
        "topic_meeting",
        "plan_issued",
        "mechanism_established",
        "democratic_life_meeting",
    ] {
        assert_eq!(due(&after, key), "2023-01-30", "{key}");
    }
    assert_eq!(
        due(&before, "supervision:discipline_commission"),
        "2023-05-28"
    );
    assert_eq!(
        due(&after, "supervision:discipline_commission"),
        "2023-04-30"
    );
    // Monthly reports start after the period: by 2023-03-31 two have fallen due (January,
    // February), so the one now owed is the third, not the first.
    let (_, text, _) = run(&["status", case.to_str().unwrap()]);
    assert!(
        text.contains("报送整改情况月报表（第3期，2023年3月）"),
        "{text}"
    );
    std::fs::remove_file(dir.path().join("cases/rules.yaml")).unwrap();
    let (_, text, _) = run(&["status", case.to_str().unwrap()]);
    assert!(
        text.contains("报送整改情况月报表（第1期，2023年3月）"),
        "{text}"
    );
    write(&dir.path().join("cases/rules.yaml"), TWO_MONTHS);
    // The progress report keeps its own limit (巡视反馈3个月内), the reviews theirs.
    for key in [
        "progress_report",
        "review:审1",
        "review:审2",
        "transfer:移1",
    ] {
        assert_eq!(due(&after, key), due(&before, key), "{key}");
    }
    // `rules print` names the office's figure and its basis.
    let (code, out, err) = run(&["rules", case.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("centralised_period: { months: 2, basis: \"本市办法第五条\" }"),
        "{out}"
    );
    assert!(out.contains("# 依据：本市办法第五条"), "{out}");
    assert!(out.contains("rules.yaml"), "{out}");

    // The documents state the same dates: the plan's period, the supervision report's.
    let plan = |extra: &[&str]| {
        let out = dir.path().join("plan.typ");
        let mut args = vec![
            "render",
            "--doc",
            "rectification-plan",
            "--format",
            "typ",
            "--date",
            "2022-12-20",
            "-o",
            out.to_str().unwrap(),
            case.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(&out).unwrap()
    };
    let text = plan(&[]);
    assert!(text.contains("至2023年1月30日止"), "{text}");
    // `--rules` wins over the rules.yaml beside the case.
    let three = dir.path().join("three.yaml");
    write(&three, "limits:\n  centralised_period: { months: 3 }\n");
    let text = plan(&["--rules", three.to_str().unwrap()]);
    assert!(text.contains("至2023年2月28日止"), "{text}");
}

#[test]
fn bodies_and_working_days_come_from_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    // The inspection team's 15 days become 10 working days; 2023-03-01 (Wed) received: the
    // 10th working day after is 2023-03-15, or 2023-03-16 with 2023-03-03 a holiday.
    write(
        &dir.path().join("cases/rules.yaml"),
        "limits:\n  inspection_team_review: { working_days: 10 }\ncalendar:\n  holidays: [2023-03-03]\nbodies:\n  discipline_commission: 市纪委监委机关\n",
    );
    let (code, out, err) = run(&["status", case.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("报市纪委监委机关"), "{out}");
    assert!(out.contains("10个工作日"), "{out}");
}

#[test]
fn a_wrong_rules_file_is_reported_at_its_line_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    let rules = dir.path().join("cases/rules.yaml");
    write(
        &rules,
        "limits:\n  centralised_period: { months: 2, days: 10 }\n",
    );
    let (code, _, err) = run(&["status", case.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("rules.yaml:2:"), "{err}");
    assert!(err.contains("只写"), "{err}");
    write(&rules, "limits:\n  centralized_period: { months: 2 }\n");
    let (code, out, err) = run(&["validate", case.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let err = out + &err;
    assert!(err.contains("rules.yaml:2:"), "{err}");
    assert!(err.contains("centralised_period"), "{err}");
    // A missing --rules file is a usage error.
    let (code, _, err) = run(&["status", "--rules", "nowhere.yaml", case.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("找不到规则文件"), "{err}");
    // A folder for --rules, a missing path for `rules`, --built-in with --rules: usage errors.
    let folder = dir.path().to_str().unwrap();
    let (code, _, err) = run(&["status", "--rules", folder, case.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("是目录"), "{err}");
    let (code, _, err) = run(&["rules", "nowhere.yaml"]);
    assert_eq!(code, 2, "{err}");
    let printed = dir.path().join("new/folder/rules.yaml");
    let (code, _, err) = run(&["rules", "--built-in", "--rules", printed.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    // -o makes the folder it writes into.
    let (code, _, err) = run(&["rules", "--built-in", "-o", printed.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(printed.is_file());
}

#[test]
fn a_build_takes_the_rules_file_for_no_case_and_remakes_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    let rules = dir.path().join("cases/rules.yaml");
    write(&rules, TWO_MONTHS);
    let out = dir.path().join("out");
    let build = || {
        let (code, _, err) = run(&[
            "build",
            "--docs",
            "rectification-plan",
            "-o",
            out.to_str().unwrap(),
            case.parent().unwrap().to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        err
    };
    let first = build();
    assert!(
        first.contains("共 1 个案卷"),
        "rules.yaml is no case: {first}"
    );
    let second = build();
    assert!(second.contains("写出 0 份"), "{second}");
    write(&rules, "limits:\n  centralised_period: { months: 1 }\n");
    let third = build();
    assert!(third.contains("写出 1 份"), "{third}");
}

#[test]
fn the_round_summary_counts_late_duties_by_the_same_rules() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    let cases = case.parent().unwrap().to_str().unwrap().to_owned();
    let summary = |name: &str| {
        let out = dir.path().join(name);
        let (code, _, err) = run(&[
            "summary",
            &cases,
            "--on",
            "2023-03-15",
            "-q",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(out).unwrap()
    };
    let built_in = summary("built-in.typ");
    assert!(
        built_in.contains("审核意见和监督报告、移交事项和巡视建议书反馈均无逾期"),
        "{built_in}"
    );
    // Reviews owed in one day instead of 15 and 20: the inspection team's opinion on the
    // progress report received 2023-02-27 is late by 2023-03-15, in the summary as in status.
    write(
        &dir.path().join("cases/rules.yaml"),
        "limits:\n  inspection_team_review: { days: 1 }\n  organisation_department_review: { days: 1 }\n",
    );
    let strict = summary("strict.typ");
    assert!(
        strict.contains("按规定时限计算，涉及中共自治区水利厅党组的审核意见和监督报告逾期1项。"),
        "{strict}"
    );
    let (_, out, _) = run(&["status", &cases, "--on", "2023-03-15", "--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[0]["glance"]["reviews_outstanding"], 1, "{out}");
}

#[test]
fn the_documented_rules_file_and_the_shipped_built_in_profile_are_current() {
    let (code, printed, err) = run(&["rules", "--built-in"]);
    assert_eq!(code, 0, "{err}");
    let shipped = std::fs::read_to_string("docs/rules.guangxi-2022.yaml").unwrap();
    assert!(
        shipped == printed,
        "docs/rules.guangxi-2022.yaml is out of date: regenerate with `cargo run -- rules --built-in > docs/rules.guangxi-2022.yaml`"
    );
    // The example in docs/rules.md reads, and says what it says.
    let doc = std::fs::read_to_string("docs/rules.md").unwrap();
    let example = doc
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let case = case_in(dir.path());
    write(&dir.path().join("cases/rules.yaml"), example);
    let (code, out, err) = run(&["rules", case.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("inspection_team_review: { working_days: 10 }"),
        "{out}"
    );
    assert!(out.contains("monthly_report_day: 5"), "{out}");
    let (code, out, err) = run(&["status", case.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("被巡察党组织"), "{out}");
}

#[test]
fn a_repeat_feedback_letter_outside_the_rules_window_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("cases/duling.yaml");
    write(
        &case,
        &std::fs::read_to_string("samples/04-principal-changed-duling-county.yaml").unwrap(),
    );
    let (code, _, err) = run(&["validate", case.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // Feedback 2023-06-16, new principal 2024-01-08: outside a 6-month window.
    write(
        &dir.path().join("cases/rules.yaml"),
        "limits:\n  repeat_feedback_window: { months: 6 }\n",
    );
    let (code, out, err) = run(&["validate", case.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let report = out + &err;
    assert!(report.contains("refeedback_document"), "{report}");
    assert!(report.contains("不在巡视反馈后6个月内"), "{report}");
}
