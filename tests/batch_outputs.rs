//! Where `xunshi build` puts each case's documents and what it does with the ones an earlier
//! build wrote: one folder per organisation, the same whatever else is built with it; stale
//! documents moved to `过期/`; ids that would collide as file names refused; a broken template
//! set failing only its own cases; hidden files not taken for cases; and `summary` refusing to
//! leave out invalid cases unless asked for a partial report.

mod common;

use common::{write, xunshi};
use std::path::{Path, PathBuf};

const BASE: &str = include_str!("fixtures/compose/base.yaml");

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` (relative, `/`-separated), the manifest left out.
fn files(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != ".xunshi-manifest.json")
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    found.sort();
    found
}

/// `xunshi build PATHS... -o OUT EXTRA...`.
fn build(paths: &[&Path], out: &Path, extra: &[&str]) -> std::process::Output {
    xunshi()
        .arg("build")
        .args(paths)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn with_short_name(text: &str, short: &str) -> String {
    text.replace("short_name: 青山区委", &format!("short_name: {short}"))
}

/// Measure 1.1 reopened: no longer closed, so no closure form.
fn reopened(text: &str) -> String {
    text.replace("status: closed", "status: in_progress")
        .replace("        completed_on: 2022-08-26\n", "")
        .replace("        closed_on: 2022-10-10\n", "")
}

#[test]
fn a_case_keeps_its_folder_whatever_else_is_built_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a/case.yaml"),
        dir.path().join("b/case.yaml"),
        dir.path().join("c/case.yaml"),
    );
    write(&a, BASE);
    write(&b, &with_short_name(BASE, "石岭县委"));
    // Same organisation as a, another file (another round, say): a folder of its own.
    write(
        &c,
        &BASE.replace("整改工作总体有力有序", "整改工作总体扎实"),
    );
    let out = dir.path().join("out");
    let docs = ["--docs", "review-opinion", "-q"];

    let first = build(&[&a, &b, &c], &out, &docs);
    assert!(first.status.success(), "{}", stderr_of(&first));
    assert_eq!(
        files(&out),
        [
            "石岭县委/审核意见-审1.pdf",
            "青山区委-2/审核意见-审1.pdf",
            "青山区委/审核意见-审1.pdf",
        ],
        "one folder per organisation, a second case of the same one numbered"
    );
    let a_doc = out.join("青山区委/审核意见-审1.pdf");
    let a_bytes = std::fs::read(&a_doc).unwrap();

    // Each built alone, rebuilt from scratch: into its own folder, never over a's.
    for case in [&b, &c] {
        let alone = build(
            &[case],
            &out,
            &["--docs", "review-opinion", "-q", "--force"],
        );
        assert!(alone.status.success(), "{}", stderr_of(&alone));
        assert_eq!(files(&out).len(), 3, "{:?}", files(&out));
        assert_eq!(std::fs::read(&a_doc).unwrap(), a_bytes, "a's document kept");
    }
    let c_doc = std::fs::read(out.join("青山区委-2/审核意见-审1.pdf")).unwrap();
    assert_ne!(c_doc, a_bytes, "c's own document is in c's folder");
}

#[test]
fn documents_no_longer_produced_move_to_the_expired_folder_and_hand_files_stay() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("cases/case.yaml");
    write(&case, BASE);
    let out = dir.path().join("out");
    let docs = ["--docs", "closure-form,review-opinion"];
    let first = build(&[&case], &out, &docs);
    assert!(first.status.success(), "{}", stderr_of(&first));
    assert_eq!(
        files(&out),
        [
            "青山区委/审核意见-审1.pdf",
            "青山区委/整改销号审批表-1.1.pdf"
        ]
    );
    write(&out.join("青山区委/笔记.txt"), "办公室自己的笔记");
    write(&out.join("青山区委/扫描件.pdf"), "%PDF- hand scanned");

    // Measure 1.1 is reopened: its closure form, which says it was closed, goes to 过期/.
    write(&case, &reopened(BASE));
    let second = build(&[&case], &out, &docs);
    let err = stderr_of(&second);
    assert!(second.status.success(), "{err}");
    assert!(
        err.contains("过期") && err.contains("整改销号审批表-1.1.pdf"),
        "the run says what it moved: {err}"
    );
    assert!(err.contains("移入过期 1 份"), "{err}");
    assert_eq!(
        files(&out),
        [
            "过期/青山区委/整改销号审批表-1.1.pdf",
            "青山区委/审核意见-审1.pdf",
            "青山区委/扫描件.pdf",
            "青山区委/笔记.txt",
        ]
    );

    // Nothing more to move the next time.
    let third = build(&[&case], &out, &docs);
    let err = stderr_of(&third);
    assert!(err.contains("移入过期 0 份"), "{err}");

    // The case file renamed and its organisation with it: the old folder's documents go to
    // 过期/, the hand-made files stay where they are.
    std::fs::remove_file(&case).unwrap();
    let renamed = dir.path().join("cases/qingshan.yaml");
    write(&renamed, &with_short_name(&reopened(BASE), "新区委"));
    let fourth = build(&[&renamed], &out, &docs);
    let err = stderr_of(&fourth);
    assert!(fourth.status.success(), "{err}");
    assert_eq!(
        files(&out),
        [
            "新区委/审核意见-审1.pdf",
            "过期/青山区委/审核意见-审1.pdf",
            "过期/青山区委/整改销号审批表-1.1.pdf",
            "青山区委/扫描件.pdf",
            "青山区委/笔记.txt",
        ],
        "{err}"
    );
}

#[test]
fn a_case_file_renamed_keeps_its_organisation_folder_and_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    write(&case, BASE);
    let out = dir.path().join("out");
    let docs = ["--docs", "review-opinion"];
    assert!(build(&[&case], &out, &docs).status.success());
    let moved = dir.path().join("青山区委.yaml");
    std::fs::rename(&case, &moved).unwrap();
    let again = build(&[&moved], &out, &docs);
    let err = stderr_of(&again);
    assert!(again.status.success(), "{err}");
    assert!(
        err.contains("跳过 1 份") && err.contains("移入过期 0 份"),
        "{err}"
    );
    assert_eq!(files(&out), ["青山区委/审核意见-审1.pdf"]);
}

#[test]
fn ids_that_collide_as_file_names_are_refused_where_they_stand() {
    let dir = tempfile::tempdir().unwrap();
    for (id, line_col) in [("\"2/1\"", "case.yaml:67:9"), ("\".\"", "case.yaml:67:9")] {
        let case = dir.path().join("case.yaml");
        write(&case, &BASE.replace("id: 审1", &format!("id: {id}")));
        let o = xunshi().arg("validate").arg(&case).output().unwrap();
        let err = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr_of(&o));
        assert_eq!(o.status.code(), Some(1), "{id}: {err}");
        assert!(
            err.contains(line_col) && err.contains("文件名"),
            "{id} is refused at its place: {err}"
        );
        let out = dir.path().join("out");
        let built = build(&[&case], &out, &["--docs", "review-opinion"]);
        let err = stderr_of(&built);
        assert_eq!(built.status.code(), Some(1), "{err}");
        assert!(
            err.contains("写出 0 份") && err.contains("无效案卷 1 个"),
            "{err}"
        );
    }
    // Two measure ids that differ only in letter case name one file on Windows and macOS.
    let case = dir.path().join("case.yaml");
    write(
        &case,
        &BASE
            .replace("id: \"1.1\"", "id: \"1.a\"")
            .replace("id: \"1.2\"", "id: \"1.A\""),
    );
    let o = xunshi().arg("validate").arg(&case).output().unwrap();
    let err = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr_of(&o));
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("大小写"), "{err}");
}

#[test]
fn two_documents_named_alike_fail_rather_than_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    write(&cases.join("case.yaml"), BASE);
    // An office's own kind that happens to use the output name of a built-in one.
    let templates = cases.join("templates");
    xunshi()
        .args(["templates", "eject", "review-opinion", "-o"])
        .arg(&templates)
        .assert()
        .success();
    let manifest = std::fs::read_to_string(templates.join("kinds/review-opinion.kind.yaml"))
        .unwrap()
        .replace("id: review-opinion", "id: review-copy");
    write(&templates.join("kinds/review-copy.kind.yaml"), &manifest);
    std::fs::copy(
        templates.join("kinds/review-opinion.typ"),
        templates.join("kinds/review-copy.typ"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let built = build(&[&cases], &out, &["--docs", "review-opinion,review-copy"]);
    let err = stderr_of(&built);
    assert_eq!(built.status.code(), Some(1), "{err}");
    assert!(
        err.contains("写出 1 份") && err.contains("失败 1 份"),
        "{err}"
    );
    assert!(err.contains("同名"), "{err}");
    assert_eq!(files(&out), ["青山区委/审核意见-审1.pdf"]);
}

#[test]
fn a_broken_template_set_fails_only_the_cases_that_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    write(&cases.join("a/case.yaml"), BASE);
    write(
        &cases.join("a/templates/kinds/review-opinion.typ"),
        "#let x = 1\n{% if %}\n",
    );
    write(
        &cases.join("b/case.yaml"),
        &with_short_name(BASE, "石岭县委"),
    );
    let out = dir.path().join("out");
    let built = build(&[&cases], &out, &["--docs", "review-opinion"]);
    let err = stderr_of(&built);
    assert_eq!(built.status.code(), Some(1), "{err}");
    assert!(
        err.contains("review-opinion.typ:2:") && err.contains("模板错误"),
        "the template error at its file:line:column: {err}"
    );
    assert!(
        err.contains("a/case.yaml") || err.contains("a\\case.yaml"),
        "{err}"
    );
    assert_eq!(files(&out), ["石岭县委/审核意见-审1.pdf"], "{err}");
}

#[test]
fn hidden_files_are_not_cases() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    write(&cases.join("case.yaml"), BASE);
    // macOS leaves AppleDouble files beside every file copied to a shared drive.
    std::fs::write(
        cases.join("._case.yaml"),
        b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X",
    )
    .unwrap();
    write(&cases.join(".draft.yaml"), "version: 1\nround: [\n");
    let out = dir.path().join("out");
    let built = build(&[&cases], &out, &["--docs", "review-opinion"]);
    let err = stderr_of(&built);
    assert!(built.status.success(), "{err}");
    assert!(err.contains("共 1 个案卷"), "{err}");
}

/// A round summary template printing only who it leaves out.
const LEFT_OUT_TEMPLATE: &str = "{% for l in summary.left_out %}缺：{{ l.file | safe }}/{{ l.organisation | safe }}；{% endfor %}\n";

#[test]
fn a_summary_with_invalid_cases_is_refused_unless_partial_and_then_says_who_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    write(&cases.join("qingshan.yaml"), BASE);
    write(
        &cases.join("shiling.yaml"),
        &BASE
            .replace("中共××市青山区委员会", "中共××市石岭县委员会")
            .replace("feedback_date: 2022-07-15", "feedback_date: 7"),
    );
    let report = dir.path().join("汇总.pdf");
    let refused = xunshi()
        .args(["summary", "-o"])
        .arg(&report)
        .arg(&cases)
        .output()
        .unwrap();
    let err = stderr_of(&refused);
    assert_eq!(refused.status.code(), Some(1), "{err}");
    assert!(!report.exists(), "no report that silently lacks a case");
    assert!(
        err.contains("shiling.yaml") && err.contains("中共××市石岭县委员会"),
        "the left-out case is named: {err}"
    );
    assert!(err.contains("--partial"), "{err}");

    let templates = dir.path().join("t");
    write(
        &templates.join("summary/round-summary.typ"),
        LEFT_OUT_TEMPLATE,
    );
    let source = dir.path().join("汇总.typ");
    let partial = xunshi()
        .args(["summary", "--partial", "-o"])
        .arg(&source)
        .arg("--templates")
        .arg(&templates)
        .arg(&cases)
        .output()
        .unwrap();
    let err = stderr_of(&partial);
    assert!(source.is_file(), "{err}");
    let text = std::fs::read_to_string(&source).unwrap();
    assert!(
        text.contains("缺：shiling.yaml/中共××市石岭县委员会；"),
        "the report's data says what it lacks: {text}"
    );
    assert!(err.contains("shiling.yaml"), "{err}");

    // The built-in report says it in its opening.
    let built_in = dir.path().join("汇总-内置.typ");
    let o = xunshi()
        .args(["summary", "--partial", "-o"])
        .arg(&built_in)
        .arg(&cases)
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&built_in).unwrap_or_else(|_| stderr_of(&o));
    assert!(
        text.contains("本汇总未含以下1个案卷")
            && text.contains("中共××市石岭县委员会（shiling\\.yaml）"),
        "the built-in report names what it lacks: {text}"
    );
}

#[test]
fn the_manifest_remembers_which_case_file_owns_which_folder() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    write(&case, BASE);
    let out = dir.path().join("out");
    assert!(
        build(&[&case], &out, &["--docs", "review-opinion", "-q"])
            .status
            .success()
    );
    let manifest = std::fs::read_to_string(out.join(".xunshi-manifest.json")).unwrap();
    let canonical: PathBuf = case.canonicalize().unwrap();
    let json: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(
        json["folders"]["青山区委"],
        serde_json::json!(canonical.to_string_lossy()),
        "{manifest}"
    );
}

#[cfg(unix)]
#[test]
fn a_case_file_named_twice_is_built_once() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    let case = cases.join("case.yaml");
    write(&case, BASE);
    // Named by its folder, by its path, and through a link: one case, one folder.
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&case, &link).unwrap();
    let out = dir.path().join("out");
    let built = build(&[&cases, &case, &link], &out, &["--docs", "review-opinion"]);
    let err = stderr_of(&built);
    assert!(built.status.success(), "{err}");
    assert!(
        err.contains("写出 1 份") && err.contains("共 1 个案卷"),
        "{err}"
    );
    assert_eq!(files(&out), ["青山区委/审核意见-审1.pdf"]);
}
