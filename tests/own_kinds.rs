//! An office adds a kind of document without Rust, as docs/templates.md says: a manifest and
//! a template in its template folder. A kind issued once per case declares its key under
//! `documents` and the case fills it in; a kind over one of the case's lists gets the due
//! date the rules give that list's items. Each document is rendered and read back as text.

mod common;

use common::{pdf_text, write, xunshi};
use std::path::Path;

const BASE: &str = include_str!("fixtures/compose/base.yaml");

/// A template folder with two kinds of the office's own.
fn own_templates(dir: &Path) -> std::path::PathBuf {
    let templates = dir.join("office-templates");
    write(
        &templates.join("kinds/work-notice.kind.yaml"),
        "id: work-notice\nname: 整改工作通知\nform: document\nissuing: documents.work_notice\noutput: 整改工作通知\n",
    );
    write(
        &templates.join("kinds/work-notice.typ"),
        "{%- set title = \"关于做好巡视整改工作的通知\" -%}\n{%- include \"partials/head.typ\" %}\n\n请各单位于{{ timeline.centralised_period_end | date_zh }}前完成集中整改任务。\n",
    );
    write(
        &templates.join("kinds/reply-reminder.kind.yaml"),
        "id: reply-reminder\nname: 反馈提醒函\nform: letter\nissuing: recommendations[]\noutput: 反馈提醒函\n",
    );
    write(
        &templates.join("kinds/reply-reminder.typ"),
        "{%- set title = \"关于按时反馈巡视建议书办理情况的提醒函\" -%}\n{%- set recipients_text = item.recipient -%}\n{%- include \"partials/head.typ\" %}\n\n请于{{ due | date_zh }}前反馈办理情况。\n",
    );
    templates
}

/// The base case with issuing details for the office's notice.
fn case_with_notice(dir: &Path) -> std::path::PathBuf {
    let case = dir.join("case.yaml");
    let notice = "  work_notice:\n    issuer: 中共××区委\n    mark: 中共××区委\n    number: ××区委〔2022〕30号\n    date: 2022-07-25\n    recipients: [各乡镇党委]\n";
    let text = BASE.replacen("documents:\n", &format!("documents:\n{notice}"), 1);
    assert_ne!(text, BASE, "the fixture has a documents block");
    write(&case, &text);
    case
}

#[test]
fn a_kind_of_the_offices_own_is_issued_from_its_own_documents_key() {
    let dir = tempfile::tempdir().unwrap();
    let templates = own_templates(dir.path());
    let case = case_with_notice(dir.path());
    // The case validates: the schema accepts the office's key.
    xunshi().arg("validate").arg(&case).assert().success();
    let pdf = dir.path().join("notice.pdf");
    xunshi()
        .args(["render", "--doc", "work-notice", "--quiet", "--templates"])
        .arg(&templates)
        .arg("-o")
        .arg(&pdf)
        .arg(&case)
        .assert()
        .success();
    let text = pdf_text(&pdf);
    for words in [
        "关于做好巡视整改工作的通知",
        "××区委〔2022〕30号",
        "各乡镇党委",
        "2022年10月15日前完成集中整改任务",
    ] {
        assert!(text.contains(words), "{words:?} in {text}");
    }
}

#[test]
fn a_kind_over_a_list_states_the_due_date_the_rules_give_its_items() {
    let dir = tempfile::tempdir().unwrap();
    let templates = own_templates(dir.path());
    let case = case_with_notice(dir.path());
    let pdf = dir.path().join("reminder.pdf");
    xunshi()
        .args([
            "render",
            "--doc",
            "reply-reminder",
            "--quiet",
            "--templates",
        ])
        .arg(&templates)
        .arg("-o")
        .arg(&pdf)
        .arg(&case)
        .assert()
        .success();
    // The letter of 2022-09-20 sets no reply date: two months, as for the built-in letter.
    let text = pdf_text(&pdf);
    assert!(text.contains("请于2022年11月20日前反馈办理情况"), "{text}");
    assert!(text.contains("自治区住房城乡建设厅党组"), "{text}");
}

#[test]
fn a_misspelt_built_in_key_is_warned_and_an_unfit_key_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    let misspelt = BASE.replacen(
        "documents:\n",
        "documents:\n  progres_report:\n    issuer: 中共××区委\n    date: 2022-10-10\n",
        1,
    );
    write(&case, &misspelt);
    let o = xunshi().arg("validate").arg(&case).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "a warning only: {out}");
    assert!(
        out.contains("progres_report") && out.contains("progress_report"),
        "{out}"
    );

    let unfit = BASE.replacen(
        "documents:\n",
        "documents:\n  整改通知:\n    issuer: 中共××区委\n    date: 2022-10-10\n",
        1,
    );
    write(&case, &unfit);
    let o = xunshi().arg("validate").arg(&case).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("整改通知") && out.contains("键名"), "{out}");
}
