//! `xunshi status` on the shipped samples with fixed `--on` dates: the rows a user reads (what is
//! done, due today, overdue by how many days), the JSON shape, the reference day's source, and
//! the exit codes (0 whatever the timeline shows, 1 when a file cannot be loaded, 2 on usage).

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// Sample 02: feedback 2022-11-30, centralised period to 2023-02-28, progress report submitted
/// 2023-02-27, five measures in progress past their deadlines (two of 2023-01-31, three of
/// 2023-02-28), transfer 移2 not yet handled, no special-inspection report recorded.
const TRANSPORT: &str = "samples/02-after-period-department.yaml";
const GUILING: &str = "samples/05-early-recommendations-guiling-city.yaml";

fn status(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("xunshi")
        .unwrap()
        .arg("status")
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The row whose text contains `what` (and `who`, when given).
fn row<'a>(out: &'a str, what: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no row with {what} in\n{out}"))
}

fn json(args: &[&str]) -> Vec<Value> {
    let (code, out, err) = status(&[args, &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Value>(&out)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
        .as_array()
        .expect("an array of cases")
        .clone()
}

fn item<'a>(case: &'a Value, key: &str) -> &'a Value {
    case["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no item {key} in {case:#}"))
}

#[test]
fn text_shows_what_is_done_and_what_is_overdue_on_the_day_asked() {
    let (code, out, err) = status(&[TRANSPORT, "--on", "2023-03-20"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("中共自治区交通运输厅党组  samples/02-after-period-department.yaml\n"));
    assert!(out.contains("截至 2023-03-20（--on 指定）"), "{out}");
    assert!(out.contains("集中整改期至 2023-02-28"), "{out}");
    let progress = row(&out, "报送集中整改进展情况报告");
    assert!(progress.contains("2023-02-28"), "{progress}");
    assert!(progress.contains("已完成（2023-02-27）"), "{progress}");
    assert!(progress.trim_start().starts_with('✓'), "{progress}");
    let special = row(&out, "报送专项检查整改进展情况报告");
    assert!(special.contains("已逾期 20 天"), "{special}");
    assert!(special.contains("党委宣传部"), "{special}");
    assert!(special.trim_start().starts_with('✗'), "{special}");
    let transfer = row(&out, "（移2）");
    assert!(transfer.contains("自治区财政厅"), "{transfer}");
    assert!(transfer.contains("已逾期 20 天"), "{transfer}");
    assert!(row(&out, "（移1）").contains("已完成（2023-02-21）"));
    assert!(row(&out, "报送整改报告").contains("尚有 5 项措施未销号"));

    assert!(out.contains("逾期措施 5 项："), "{out}");
    let worst = row(&out, "7.1 ");
    assert!(worst.contains("陈永刚"), "{worst}");
    assert!(worst.contains("2023-01-31"), "{worst}");
    assert!(worst.contains("已逾期 48 天"), "{worst}");
    assert!(row(&out, "专1.2").contains("已逾期 20 天"));
    // The 组织部's 20-day opinion on the progress report received 2023-02-27 is owed too.
    let department = row(&out, "出具进展情况报告审核意见（尚未收到）");
    assert!(
        department.contains("组织部") && department.contains("已逾期 1 天"),
        "{department}"
    );
    assert!(out.contains("小结：时间节点逾期 3 项"), "{out}");
    assert!(
        !out.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn the_due_day_is_due_today_and_the_next_day_overdue_by_one() {
    let (_, out, _) = status(&[TRANSPORT, "--on", "2023-02-28"]);
    assert!(row(&out, "报送专项检查整改进展情况报告").contains("今天到期"));
    assert!(row(&out, "召开巡视整改专题会议").contains("已完成（2022-12-06）"));
    assert!(
        !out.contains("报送整改情况月报表"),
        "no monthly report during the period"
    );
    let (_, out, _) = status(&[TRANSPORT, "--on", "2023-03-01"]);
    assert!(row(&out, "报送专项检查整改进展情况报告").contains("已逾期 1 天"));
    // The March table is due in April, on the feedback day (30th): after March has ended.
    assert!(row(&out, "报送整改情况月报表").contains("2023-04-30"));
    assert!(row(&out, "报送整改情况月报表").contains("还有 60 天"));

    // Leap-day period end (feedback 2023-11-29).
    let (_, out, _) = status(&[GUILING, "--on", "2024-02-29"]);
    assert!(out.contains("集中整改期至 2024-02-29"), "{out}");
    assert!(row(&out, "报送集中整改进展情况报告").contains("今天到期"));
}

#[test]
fn rows_are_aligned_counting_chinese_characters_as_two_columns() {
    let (_, out, _) = status(&[TRANSPORT, "--on", "2023-03-20"]);
    let width = |s: &str| -> usize {
        s.chars()
            .map(|c| {
                if (c as u32) >= 0x1100 && c != '✓' && c != '✗' {
                    2
                } else {
                    1
                }
            })
            .sum()
    };
    // The column where the due date (or 未定) starts, for every schedule row.
    let columns: Vec<usize> = out
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .map(|l| {
            // The first YYYY-MM-DD, or 未定.
            let date_at = l.char_indices().map(|(i, _)| i).find(|&i| {
                let b = l.as_bytes();
                b.len() >= i + 10
                    && b[i..i + 4].iter().all(u8::is_ascii_digit)
                    && b[i + 4] == b'-'
                    && b[i + 7] == b'-'
            });
            let at = date_at
                .or_else(|| l.find("未定"))
                .unwrap_or_else(|| panic!("no due column in {l}"));
            width(&l[..at])
        })
        .collect();
    assert!(columns.len() >= 10, "{out}");
    assert!(
        columns.iter().all(|c| *c == columns[0]),
        "due dates start in different columns {columns:?}\n{out}"
    );
}

#[test]
fn json_has_one_object_per_case_with_tagged_states() {
    let cases = json(&[GUILING, TRANSPORT, "--on", "2023-03-20"]);
    assert_eq!(cases.len(), 2, "one per case, sorted by path");
    let transport = &cases[0];
    assert_eq!(transport["file"], TRANSPORT);
    assert_eq!(transport["unit"], "中共自治区交通运输厅党组");
    assert_eq!(transport["on"], "2023-03-20");
    assert_eq!(transport["on_source"], "option");
    assert_eq!(transport["centralised_period_end"], "2023-02-28");
    assert_eq!(
        item(transport, "progress_report")["state"],
        serde_json::json!({"state": "done", "on": "2023-02-27", "late_by_days": 0})
    );
    assert_eq!(
        item(transport, "transfer:移2")["state"],
        serde_json::json!({"state": "overdue", "days": 20})
    );
    assert_eq!(item(transport, "transfer:移2")["who"], "自治区财政厅");
    assert_eq!(item(transport, "review:审2")["due"], "2023-03-14");
    assert_eq!(item(transport, "review:审2")["who"], "巡视组");
    assert_eq!(
        item(transport, "final_report")["state"],
        serde_json::json!({"state": "pending", "days": null})
    );
    assert_eq!(item(transport, "final_report")["due"], Value::Null);
    let overdue = transport["overdue_measures"].as_array().unwrap();
    assert_eq!(overdue.len(), 5);
    assert_eq!(overdue[0]["id"], "7.1");
    assert_eq!(overdue[0]["days"], 48);
    assert_eq!(overdue[0]["deadline"], "2023-01-31");
    assert_eq!(overdue[0]["status"], "in_progress");
    assert_eq!(transport["summary"]["measures_overdue"], 5);
    assert_eq!(
        transport["summary"]["items_overdue"], 3,
        "with the 组织部's opinion owed"
    );
    assert_eq!(transport["glance"]["reviews_outstanding"], 1);
    assert_eq!(transport["glance"]["most_overdue_days"], 48);
    assert_eq!(transport["statistics"]["measures"], 18);

    // 桂岭市委 the day after its leap-day period end: plan and progress report overdue by one.
    let guiling = &json(&[GUILING, "--on", "2024-03-01"])[0];
    assert_eq!(
        item(guiling, "progress_report")["state"],
        serde_json::json!({"state": "overdue", "days": 1})
    );
    assert_eq!(
        item(guiling, "mechanism_established")["state"],
        serde_json::json!({"state": "done", "on": "2023-12-04", "late_by_days": 0})
    );
}

#[test]
fn the_case_as_of_date_is_used_without_on() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(TRANSPORT).unwrap();
    let file = dir.path().join("transport.yaml");
    std::fs::write(&file, format!("{text}\nas_of: 2023-03-01\n")).unwrap();
    let path = file.to_str().unwrap();
    let (code, out, err) = status(&[path]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("截至 2023-03-01（案卷 as_of）"), "{out}");
    assert!(row(&out, "报送专项检查整改进展情况报告").contains("已逾期 1 天"));
    // --on wins over as_of.
    let cases = json(&[path, "--on", "2023-02-28"]);
    assert_eq!(cases[0]["on_source"], "option");
    assert_eq!(
        item(&cases[0], "special_reports")["state"],
        serde_json::json!({"state": "due_today"})
    );
}

#[test]
fn a_broken_file_is_reported_and_skipped_and_the_others_still_shown() {
    let dir = tempfile::tempdir().unwrap();
    for sample in [TRANSPORT, GUILING] {
        let name = Path::new(sample).file_name().unwrap();
        std::fs::copy(sample, dir.path().join(name)).unwrap();
    }
    std::fs::write(
        dir.path().join("03-broken.yaml"),
        "version: 1\nround:\n  name: 第一轮巡视\n  feedback_date: 2022-13-45\n",
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap();
    let (code, out, err) = status(&[folder, "--on", "2023-03-20"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("中共自治区交通运输厅党组"), "{out}");
    assert!(out.contains("中共桂岭市委员会"), "{out}");
    assert!(err.contains("03-broken.yaml:"), "{err}");
    assert!(err.contains("1 个案卷无法读取"), "{err}");

    let out = Command::cargo_bin("xunshi")
        .unwrap()
        .args(["status", folder, "--on", "2023-03-20", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let cases: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cases.as_array().unwrap().len(), 2);
}

#[test]
fn every_sample_loads_and_exit_is_zero_even_with_overdue_items() {
    let (code, out, err) = status(&["samples", "--on", "2023-12-01"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.matches("截至 2023-12-01（--on 指定）").count(),
        9,
        "{out}"
    );
    assert!(out.contains("已逾期"));
    // 石岭县委's new principal (2023-11-08) had the repeat feedback on 2023-11-24.
    assert!(row(&out, "向新任主要负责人韦䶮再反馈").contains("已完成（2023-11-24）"));
}

#[test]
fn a_repeat_feedback_is_pending_from_the_change_until_done() {
    // 都岭县委: feedback 2023-06-16, new principal 蒙堃 on 2024-01-08, repeat feedback 2024-01-30.
    const DULING: &str = "samples/04-principal-changed-duling-county.yaml";
    let (_, out, _) = status(&[DULING, "--on", "2024-01-07"]);
    assert!(!out.contains("再反馈"), "{out}");
    let (_, out, _) = status(&[DULING, "--on", "2024-01-20"]);
    let repeat = row(&out, "向新任主要负责人蒙堃再反馈");
    assert!(repeat.contains("巡视组/党委巡视办"), "{repeat}");
    assert!(repeat.contains("待办（已 12 天）"), "{repeat}");
    assert!(repeat.contains("至2024-06-16"), "{repeat}");
    let (_, out, _) = status(&[DULING, "--on", "2024-01-30"]);
    assert!(row(&out, "向新任主要负责人蒙堃再反馈").contains("已完成（2024-01-30）"));
}

#[test]
fn a_bad_date_is_a_usage_error_in_chinese() {
    let (code, out, err) = status(&[TRANSPORT, "--on", "2023-02-29"]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("2023-02-29"), "{err}");
    assert!(err.contains("请写作 YYYY-MM-DD"), "{err}");
    let (code, _, err) = status(&["no/such/folder"]);
    assert_eq!(code, 2);
    assert!(err.contains("找不到文件或目录"), "{err}");
}

#[test]
fn many_cases_open_with_the_round_at_a_glance_most_overdue_first() {
    let (_, out, _) = status(&[TRANSPORT, GUILING, "--on", "2024-03-01"]);
    let overview: Vec<&str> = out.lines().take_while(|l| !l.trim().is_empty()).collect();
    assert!(overview[0].starts_with("一轮概览（2 个单位"), "{out}");
    assert!(
        overview[1].contains("规定动作逾期") && overview[1].contains("最久逾期"),
        "{out}"
    );
    assert_eq!(overview.len(), 4, "{out}");
    let days = |line: &str| -> i32 {
        line.split_whitespace()
            .rev()
            .nth(2)
            .and_then(|d| d.parse().ok())
            .unwrap_or(0)
    };
    assert!(
        days(overview[2]) >= days(overview[3]),
        "most overdue first: {out}"
    );
    // One case: no overview.
    let (_, one, _) = status(&[TRANSPORT, "--on", "2023-03-20"]);
    assert!(!one.contains("一轮概览"));
}
