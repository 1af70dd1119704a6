//! `xunshi render CASE.yaml --doc KIND`: each kind and format from the command line.

use assert_cmd::Command;
use predicates::str::contains;

const BASE: &str = include_str!("fixtures/compose/base.yaml");

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    std::fs::write(&case, BASE).unwrap();
    (dir, case)
}

fn xunshi() -> Command {
    Command::cargo_bin("xunshi").unwrap()
}

#[test]
fn each_kind_renders_beside_the_case() {
    let (dir, case) = setup();
    for (kind, file) in [
        ("rectification-plan", "整改方案.pdf"),
        ("progress-report", "集中整改进展情况报告.pdf"),
        ("review-opinion", "审核意见-审1.pdf"),
        ("recommendation-letter", "巡视建议书-建1.pdf"),
    ] {
        xunshi()
            .args(["render", case.to_str().unwrap(), "--doc", kind])
            .assert()
            .success();
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{kind}");
    }
}

#[test]
fn formats_items_and_output_paths() {
    let (dir, case) = setup();
    let out = dir.path().join("o");
    xunshi()
        .args([
            "render",
            case.to_str().unwrap(),
            "--doc",
            "review-opinion",
            "--item",
            "审1",
        ])
        .args([
            "--format",
            "png",
            "--dpi",
            "30",
            "-o",
            out.join("r.png").to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(out.join("r-1.png").is_file());
    xunshi()
        .args([
            "render",
            case.to_str().unwrap(),
            "--doc",
            "rectification-plan",
            "--format",
            "typ",
        ])
        .args(["-o", out.join("plan.typ").to_str().unwrap()])
        .assert()
        .success();
    let source = std::fs::read_to_string(out.join("plan.typ")).unwrap();
    assert!(source.starts_with("#import \"/gongwen.typ\""), "{source}");
    assert!(out.join("gongwen.typ").is_file() && out.join("fonts.typ").is_file());
    xunshi()
        .args([
            "render",
            case.to_str().unwrap(),
            "--doc",
            "review-opinion",
            "--item",
            "无此项",
        ])
        .assert()
        .code(1)
        .stderr(contains("无此项"));
}

#[test]
fn missing_doc_unknown_kind_and_invalid_case_are_refused() {
    let (dir, case) = setup();
    xunshi()
        .args(["render", case.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("--doc"));
    // An unknown kind is a bad option value: a usage error, like a misspelt option.
    xunshi()
        .args(["render", case.to_str().unwrap(), "--doc", "nope"])
        .assert()
        .code(2)
        .stderr(contains("未知文种"));
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        BASE.replace("feedback_date: 2022-07-15", "feedback_date: 2022-13-01"),
    )
    .unwrap();
    xunshi()
        .args([
            "render",
            bad.to_str().unwrap(),
            "--doc",
            "rectification-plan",
        ])
        .assert()
        .code(1)
        .stderr(contains("bad.yaml:"))
        .stderr(contains("feedback_date"));
    assert!(
        !dir.path().join("整改方案.pdf").exists(),
        "nothing rendered from an invalid case"
    );
}
