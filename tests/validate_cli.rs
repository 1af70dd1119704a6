//! `xunshi validate` on fixtures with known positions: every bad input and every lint rule
//! names the right line, column, field and words; exit codes 0 / 1 / 2.

use assert_cmd::Command;
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/validate";

fn xunshi() -> Command {
    Command::cargo_bin("xunshi").unwrap()
}

/// Runs `validate` on one fixture; returns (exit code, stdout).
fn validate(args: &[&str]) -> (i32, String, String) {
    let out = xunshi().arg("validate").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One row: fixture, expected exit code, `line:col: 错误|警告`, field, words in the message.
struct Expect {
    file: &'static str,
    code: i32,
    at: &'static str,
    field: &'static str,
    words: &'static [&'static str],
}

fn check(e: &Expect) {
    let path = format!("{FIXTURES}/bad/{}", e.file);
    let (code, out, err) = validate(&[&path]);
    assert_eq!(code, e.code, "{}: exit code\n{out}\n{err}", e.file);
    let head = format!("{path}:{}", e.at);
    let block = out
        .split("\n\n")
        .find(|b| b.starts_with(&head))
        .unwrap_or_else(|| panic!("{}: no diagnostic at `{head}` in\n{out}", e.file));
    if !e.field.is_empty() {
        assert!(
            block.contains(&format!("字段：{}\n", e.field)),
            "{}: field {} not in\n{block}",
            e.file,
            e.field
        );
    }
    for word in e.words {
        assert!(block.contains(word), "{}: `{word}` not in\n{block}", e.file);
    }
}

macro_rules! cases {
    ($($name:ident: $file:literal, $code:literal, $at:literal, $field:literal, [$($w:literal),*];)*) => {
        $(
            #[test]
            fn $name() {
                check(&Expect { file: $file, code: $code, at: $at, field: $field, words: &[$($w),*] });
            }
        )*
    };
}

cases! {
    // Bad input.
    invalid_yaml_syntax: "syntax.yaml", 1, "4:9: 错误", "", ["YAML 语法错误", "4 |"];
    duplicate_key: "duplicate_key.yaml", 1, "8:3: 错误", "round.team", ["team", "重复", "第 4 行"];
    unknown_key_with_did_you_mean: "unknown_key.yaml", 1, "37:9: 错误", "findings[0].measures[1].leadr", ["未知字段“leadr”", "您是不是想写 leader（责任领导）"];
    chinese_key_names_the_english_one: "chinese_key.yaml", 1, "29:9: 错误", "findings[0].measures[0].完成时限", ["未知字段“完成时限”", "您是不是想写 deadline（完成时限）"];
    unknown_key_lists_allowed: "unknown_key_far.yaml", 1, "5:3: 错误", "round.xyzzy", ["未知字段“xyzzy”", "feedback_date"];
    wrong_type: "wrong_type.yaml", 1, "19:16: 错误", "unit.departments", ["应为列表", "办公室"];
    impossible_date: "bad_date.yaml", 1, "6:19: 错误", "round.inspection_end", ["巡视结束日期", "2022-13-01", "YYYY-MM-DD"];
    chinese_style_date: "chinese_date.yaml", 1, "6:19: 错误", "round.inspection_end", ["2022年7月1日", "请写作 2022-07-01"];
    chinese_style_deadline: "chinese_deadline.yaml", 1, "29:19: 错误", "findings[0].measures[0].deadline", ["完成时限", "long_term", "请写作 2022-09-30"];
    enum_typo: "enum_typo.yaml", 1, "31:17: 错误", "findings[0].measures[0].status", ["closd", "可选", "您是不是想写 closed"];
    no_stays_text: "yes_no.yaml", 1, "49:13: 错误", "documents.progress_report.sealed", ["“no”", "true 或 false"];
    leading_zero_stays_text: "octal.yaml", 1, "49:18: 错误", "documents.progress_report.copy_number", ["“0755”", "6 位"];
    missing_required_field: "missing_required.yaml", 1, "35:9: 错误", "findings[0].measures[1]", ["缺少必填字段 leader", "责任领导"];
    gbk_file: "gbk.yaml", 1, "3:10: 错误", "", ["GBK", "iconv -f GBK -t UTF-8", "另存为"];
    utf16_file: "utf16.yaml", 1, "1:1: 错误", "", ["UTF-16", "UTF-8"];
    empty_file: "empty.yaml", 1, "1:1: 错误", "", ["文件为空"];
    only_comments: "comments_only.yaml", 1, "1:1: 错误", "", ["文件为空"];
    two_documents: "two_docs.yaml", 1, "50:1: 错误", "", ["只能包含一个 YAML 文档"];
    // Lint rules.
    duplicate_finding_id: "dup_finding_id.yaml", 1, "43:9: 错误", "findings[1].id", ["问题编号“1”重复", "第 21 行"];
    duplicate_measure_id: "dup_measure_id.yaml", 1, "35:13: 错误", "findings[0].measures[1].id", ["措施编号“1.1”重复"];
    closed_needs_paperwork: "closed_incomplete.yaml", 1, "31:17: 错误", "findings[0].measures[0].status", ["已销号", "completed_on"];
    closure_not_before_completion: "closed_before_completed.yaml", 1, "33:20: 错误", "findings[0].measures[0].closed_on", ["销号日期 2022-09-10 早于完成日期 2022-09-20"];
    nothing_before_inspection: "before_inspection.yaml", 1, "32:23: 错误", "findings[0].measures[0].completed_on", ["早于巡视进驻日期 2022-03-01"];
    deadline_not_before_feedback: "deadline_before_feedback.yaml", 1, "29:19: 错误", "findings[0].measures[0].deadline", ["完成时限 2022-05-30 早于巡视反馈日期 2022-06-15"];
    deadline_change_only_forward: "deadline_change_backwards.yaml", 1, "32:17: 错误", "findings[0].measures[0].deadline_changes[0].to", ["调整后的完成时限 2022-08-10 早于批准日期 2022-08-20"];
    long_term_needs_goals: "long_term_no_goals.yaml", 1, "39:19: 错误", "findings[0].measures[1].deadline", ["长期坚持", "staged_goals", "review_on"];
    leader_must_resolve: "unknown_leader.yaml", 1, "37:17: 错误", "findings[0].measures[1].leader", ["王五", "unit.leaders"];
    no_leaders_is_a_warning: "no_leaders.yaml", 0, "9:3: 警告", "unit", ["未列出领导班子成员", "无法核对"];
    unit_must_resolve_warning: "unknown_unit.yaml", 0, "38:22: 警告", "findings[0].measures[1].units[1]", ["财务科", "unit.departments"];
    signer_should_be_principal: "signer_not_principal.yaml", 0, "48:14: 警告", "documents.progress_report.signers", ["主要负责人"];
    number_hexagonal_brackets: "number_brackets.yaml", 1, "46:13: 错误", "documents.progress_report.number", ["六角括号", "方括号"];
    number_no_leading_zero: "number_leading_zero.yaml", 1, "46:13: 错误", "documents.progress_report.number", ["虚位"];
    number_no_di: "number_di.yaml", 1, "46:13: 错误", "documents.progress_report.number", ["不加“第”"];
    number_year_matches_date: "number_year.yaml", 0, "46:13: 警告", "documents.progress_report.number", ["2021", "2022-08-15"];
    milestone_not_before_feedback: "milestone_before_feedback.yaml", 1, "44:18: 错误", "milestones.topic_meeting", ["专题会议日期 2022-06-10 早于巡视反馈日期 2022-06-15"];
    refeedback_not_before_the_change: "refeedback_before_change.yaml", 1, "18:22: 错误", "unit.principal_changes[0].refeedback_on", ["再反馈日期", "早于新任主要负责人任职日期"];
    printed_not_before_signed: "printed_before_date.yaml", 1, "49:17: 错误", "documents.progress_report.printed_on", ["印发日期 2022-08-10 早于成文日期 2022-08-15"];
    review_not_before_the_report: "review_before_received.yaml", 1, "52:13: 错误", "reviews[0].document.date", ["审核意见成文日期", "早于收到报告日期 2022-08-20"];
    recommendation_sent_to_its_recipient: "review_before_received.yaml", 1, "62:19: 警告", "recommendations[0].document.recipients", ["区住建局党组"];
}

#[test]
fn good_file_and_utf8_bom_pass() {
    for file in ["good.yaml", "bom.yaml"] {
        let (code, out, err) = validate(&[&format!("{FIXTURES}/{file}")]);
        assert_eq!(code, 0, "{file}\n{out}\n{err}");
        assert!(err.contains("1 个通过"), "{err}");
    }
}

#[test]
fn english_messages_on_request() {
    let (code, out, _) = validate(&["--lang", "en", &format!("{FIXTURES}/bad/enum_typo.yaml")]);
    assert_eq!(code, 1);
    assert!(out.contains(":31:17: error: "), "{out}");
    assert!(out.contains("Did you mean `closed`?"), "{out}");
    assert!(
        out.contains("field: findings[0].measures[0].status"),
        "{out}"
    );
}

#[test]
fn json_diagnostics() {
    let (code, out, _) = validate(&[
        "--format",
        "json",
        &format!("{FIXTURES}/bad/unknown_leader.yaml"),
    ]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["line"], 37);
    assert_eq!(d["column"], 17);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["field"], "findings[0].measures[1].leader");
    assert!(d["message"].as_str().unwrap().contains("王五"));
    assert!(d["message_en"].as_str().unwrap().contains("leader"));
    assert_eq!(report["invalid"], 1);
}

#[test]
fn directory_of_mixed_files_reports_all_and_skips_templates_and_hidden() {
    let (code, out, err) = validate(&[&format!("{FIXTURES}/mixed")]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("mixed/b_bad.yaml:31:17: 错误"), "{out}");
    assert!(out.contains("mixed/sub/c_bad.yml:37:17: 错误"), "{out}");
    assert!(!out.contains("ignored"), "{out}");
    assert!(err.contains("共 3 个案卷：1 个通过，2 个未通过"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(validate(&[]).0, 2);
    assert_eq!(validate(&["no/such/file.yaml"]).0, 2);
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = validate(&[empty.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("没有找到案卷文件"), "{err}");
    assert_eq!(
        validate(&["--format", "xml", &format!("{FIXTURES}/good.yaml")]).0,
        2
    );
}

#[test]
fn a_100_mb_file_is_refused_quickly_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    let (code, out, _) = validate(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("100.0 MB") && out.contains("上限 10 MB"),
        "{out}"
    );
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn an_alias_bomb_is_refused_quickly_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.yaml");
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    std::fs::write(&path, text).unwrap();
    let started = std::time::Instant::now();
    let (code, out, _) = validate(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("上限 200000 个节点") && out.contains("别名"),
        "{out}"
    );
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn samples_validate() {
    let samples = Path::new("samples");
    let has_cases = samples.is_dir()
        && std::fs::read_dir(samples)
            .unwrap()
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "yaml"));
    if has_cases {
        let (code, out, err) = validate(&["samples"]);
        assert_eq!(code, 0, "{out}\n{err}");
    }
}

/// A folder copied from a Mac holds `._case.yaml` resource forks beside each case: they are
/// not cases, for `validate` as for `build`.
#[test]
fn hidden_files_in_a_folder_are_not_cases() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        format!("{FIXTURES}/good.yaml"),
        dir.path().join("case.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("._case.yaml"), [0u8, 5, 22, 7, 0, 2, 0, 0]).unwrap();
    let (code, out, err) = validate(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !out.contains("._case") && !err.contains("._case"),
        "{out}{err}"
    );
}

/// An image in a Markdown field is refused where it stands (composing would refuse it far from
/// the field; found by the fuzzer); the same text in a plain list of strings is only text.
#[test]
fn an_image_in_a_markdown_field_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(format!("{FIXTURES}/good.yaml")).unwrap();
    let status = "        status: closed\n";
    let at = good.find(status).expect("the fixture has a closed measure") + status.len();
    let line = good[..at].lines().count() + 1;
    let bad = format!(
        "{}        progress: 已印发，见 ![扫描件](scan.png)。\n{}",
        &good[..at],
        &good[at..]
    );
    let file = dir.path().join("case.yaml");
    std::fs::write(&file, bad).unwrap();
    let (code, out, err) = validate(&[file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains(&format!("case.yaml:{line}:")), "{all}");
    assert!(all.contains("Markdown 中不能插入图片（scan.png）"), "{all}");
}

/// A status typed in Chinese is read as its code (the schema names each value in Chinese).
#[test]
fn a_chinese_status_is_read_as_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(format!("{FIXTURES}/good.yaml")).unwrap();
    for written in ["已销号", "已完成", "推进中"] {
        let file = dir.path().join("case.yaml");
        std::fs::write(
            &file,
            good.replacen("status: closed", &format!("status: {written}"), 1),
        )
        .unwrap();
        let (exit, out, err) = validate(&[file.to_str().unwrap()]);
        assert_eq!(exit, 0, "{written}: {out}{err}");
    }
}
