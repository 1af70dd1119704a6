//! An office's settings (`xunshi.yaml` beside or above its cases): the issuing details its
//! documents share are set once, not in every case; the round summary's issuer and recipients
//! too; the bundled fonts can be accepted once. Checked through the command line, reading the
//! documents back as text, and a wrong settings file reported at its own line.

mod common;

use common::{pdf_text, write, xunshi};
use std::path::{Path, PathBuf};

const BASE: &str = include_str!("fixtures/compose/base.yaml");

/// The base case with the plan's issuer, mark and recipients left to the settings.
fn case_without_issuer(dir: &Path) -> PathBuf {
    let text = BASE.replacen(
        "  rectification_plan:\n    issuer: 中共××市青山区委员会\n    mark: 中共青山区委\n",
        "  rectification_plan:\n",
        1,
    );
    let text = text.replacen("    recipients: [各乡镇党委，区直各单位党组织]\n", "", 1);
    assert_ne!(text, BASE);
    let case = dir.join("cases").join("qingshan.yaml");
    write(&case, &text);
    case
}

const SETTINGS: &str = "# 本单位设置\ndocuments:\n  issuer: 中共××市青山区委员会\n  mark: 中共青山区委\n  recipients: [各乡镇党委，区直各单位党组织]\nsummary:\n  issuer: 中共××市委巡视工作领导小组办公室\n  recipients: [中共××市委巡视工作领导小组]\nfonts:\n  bundled_ok: true\n";

#[test]
fn issuing_details_set_once_fill_what_a_case_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_without_issuer(dir.path());
    // Without settings the plan lacks its issuer.
    let o = xunshi().arg("validate").arg(&case).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    // With settings above the case's folder, it validates and the plan shows them.
    write(&dir.path().join("xunshi.yaml"), SETTINGS);
    xunshi().arg("validate").arg(&case).assert().success();
    let pdf = dir.path().join("plan.pdf");
    let o = xunshi()
        .args(["render", "--doc", "rectification-plan", "-o"])
        .arg(&pdf)
        .arg(&case)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        !stderr.contains("规范字体"),
        "fonts.bundled_ok silences the font line: {stderr}"
    );
    let text = pdf_text(&pdf);
    assert!(text.contains("中共青山区委文件"), "{text}");
    assert!(text.contains("各乡镇党委，区直各单位党组织"), "{text}");
}

#[test]
fn a_build_does_not_take_the_settings_for_a_case_and_rebuilds_when_they_change() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_without_issuer(dir.path());
    write(&dir.path().join("cases/xunshi.yaml"), SETTINGS);
    let out = dir.path().join("out");
    let build = || {
        xunshi()
            .args(["build", "--docs", "rectification-plan", "-o"])
            .arg(&out)
            .arg(case.parent().unwrap())
            .output()
            .unwrap()
    };
    let first = build();
    let stderr = String::from_utf8_lossy(&first.stderr).into_owned();
    assert!(first.status.success(), "{stderr}");
    assert!(
        stderr.contains("共 1 个案卷"),
        "xunshi.yaml is no case: {stderr}"
    );
    let second = String::from_utf8_lossy(&build().stderr).into_owned();
    assert!(second.contains("写出 0 份"), "{second}");
    write(
        &dir.path().join("cases/xunshi.yaml"),
        &SETTINGS.replace("中共青山区委\n", "中共××市青山区委\n"),
    );
    let third = String::from_utf8_lossy(&build().stderr).into_owned();
    assert!(
        third.contains("写出 1 份"),
        "changed settings remake: {third}"
    );
    let pdf = walkdir_pdf(&out);
    assert!(pdf_text(&pdf).contains("中共××市青山区委文件"));
}

fn walkdir_pdf(out: &Path) -> PathBuf {
    for entry in std::fs::read_dir(out).unwrap().flatten() {
        if entry.path().is_dir() && entry.file_name() != "过期" {
            for file in std::fs::read_dir(entry.path()).unwrap().flatten() {
                if file.path().extension().is_some_and(|e| e == "pdf") {
                    return file.path();
                }
            }
        }
    }
    panic!("no pdf under {}", out.display());
}

#[test]
fn the_round_summary_takes_its_issuer_and_recipients_from_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    write(&cases.join("qingshan.yaml"), BASE);
    write(&cases.join("xunshi.yaml"), SETTINGS);
    let pdf = dir.path().join("summary.pdf");
    let o = xunshi()
        .args(["summary", "--quiet", "-o"])
        .arg(&pdf)
        .arg(&cases)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = pdf_text(&pdf);
    assert!(text.contains("中共××市委巡视工作领导小组办公室"), "{text}");
    assert!(text.contains("中共××市委巡视工作领导小组："), "{text}");
    assert!(!text.contains("自治区党委巡视工作领导小组办公室"), "{text}");
}

#[test]
fn a_wrong_settings_file_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_without_issuer(dir.path());
    write(
        &dir.path().join("xunshi.yaml"),
        "documents:\n  issuer: 中共××市青山区委员会\n  seal: 中共青山区委\n",
    );
    let o = xunshi().arg("validate").arg(&case).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("xunshi.yaml:3:3"), "{out}");
    assert!(out.contains("seal") && out.contains("mark"), "{out}");
}
