//! `xunshi build`: failure isolation, the incremental skip and its invalidation, atomic output
//! under a killed run, and safe output names.

mod common;

use common::{write, xunshi};
use std::path::{Path, PathBuf};
use std::time::Duration;

const BASE: &str = include_str!("fixtures/compose/base.yaml");

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| e.into_path())
        .collect();
    found.sort();
    found
}

fn is_complete_pdf(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    bytes.starts_with(b"%PDF-") && bytes.windows(5).rev().take(64).any(|w| w == b"%%EOF")
}

/// `xunshi build INPUT -o OUT -q`.
fn build_quietly(input: &Path, out: &Path) -> assert_cmd::assert::Assert {
    xunshi()
        .args([
            "build",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ])
        .assert()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn one_bad_case_among_good_ones_is_reported_and_the_rest_are_built() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    write(&cases.join("a.yaml"), BASE);
    write(&cases.join("b.yaml"), BASE);
    write(&cases.join("broken.yaml"), "version: 1\nround: [\n");
    let out = dir.path().join("out");
    let output = xunshi()
        .args([
            "build",
            cases.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let err = stderr_of(&output);
    assert!(err.contains("broken.yaml"), "{err}");
    let built = pdfs(&out);
    assert_eq!(built.len(), 10, "5 documents for each good case: {built:?}");
    assert!(built.iter().all(|p| is_complete_pdf(p)));
    // Folders are named after the organisation; a second case of it is numbered.
    assert!(out.join("青山区委/整改方案.pdf").is_file());
    assert!(out.join("青山区委-2/审核意见-审1.pdf").is_file());
}

/// A layout Typst 0.15.1 crashes on (typst/typst#7639: "assertion failed: size.is_finite()" in
/// flow/distribute.rs), as an office's own template might contain. If an upgraded Typst lays
/// it out, put another input that makes the engine panic here.
const ENGINE_PANIC: &str = "\n#figure({\n  show: pad.with(50%)\n  show: block.with(inset: 1cm)\n  grid(h(1fr), stack())\n})\n";

#[test]
fn an_engine_panic_fails_only_its_document_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    write(&cases.join("a.yaml"), BASE);
    write(&cases.join("b.yaml"), BASE);
    let templates = dir.path().join("my-templates");
    xunshi()
        .args(["templates", "eject", "review-opinion", "-o"])
        .arg(&templates)
        .assert()
        .success();
    let template = templates.join("kinds/review-opinion.typ");
    let good = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, format!("{good}{ENGINE_PANIC}")).unwrap();
    let out = dir.path().join("out");
    let build = || {
        xunshi()
            .args(["build", "-j", "2", "-o"])
            .arg(&out)
            .arg("--templates")
            .arg(&templates)
            .arg(&cases)
            .output()
            .unwrap()
    };

    let first = build();
    let err = stderr_of(&first);
    assert_eq!(first.status.code(), Some(1), "{err}");
    assert!(
        err.contains("排版引擎内部错误")
            && err.contains("/src/flow/distribute.rs:")
            && !err.contains("/registry/src/"),
        "the panic is reported as the document's error, with where it happened: {err}"
    );
    assert!(
        !err.contains("panicked at"),
        "Rust's own panic text is not printed: {err}"
    );
    assert!(err.contains("审1"), "the failed document is named: {err}");
    let built = pdfs(&out);
    assert_eq!(
        built.len(),
        8,
        "the 4 other documents of each case: {built:?}"
    );
    assert!(built.iter().all(|p| is_complete_pdf(p)));
    assert!(
        !built
            .iter()
            .any(|p| p.to_string_lossy().contains("审核意见"))
    );

    // The manifest of what was written was saved: the next run only retries the failures,
    // and once the template is mended it makes them.
    std::fs::write(&template, good).unwrap();
    let second = build();
    let err = stderr_of(&second);
    assert!(second.status.success(), "{err}");
    assert!(
        err.contains("写出 2 份") && err.contains("跳过 8 份"),
        "{err}"
    );
}

#[test]
fn unchanged_documents_are_skipped_and_a_touched_template_rebuilds_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    write(&case, BASE);
    let out = dir.path().join("out");
    let templates = dir.path().join("my-templates");
    let build = |extra: &[&str]| {
        let mut args = vec![
            "build",
            case.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--templates",
            templates.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = xunshi().args(&args).output().unwrap();
        assert!(o.status.success(), "{}", stderr_of(&o));
        stderr_of(&o)
    };
    std::fs::create_dir_all(&templates).unwrap();
    let first = build(&[]);
    assert!(first.contains("写出 5 份"), "{first}");
    let second = build(&[]);
    assert!(
        second.contains("写出 0 份") && second.contains("跳过 5 份"),
        "{second}"
    );

    // Override one kind's template: only that kind is rebuilt.
    xunshi()
        .args([
            "templates",
            "eject",
            "review-opinion",
            "-o",
            templates.to_str().unwrap(),
        ])
        .assert()
        .success();
    let template = templates.join("kinds/review-opinion.typ");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, text.replace("总体评价", "总体评价意见")).unwrap();
    // The ejected partial is identical to the built-in: only the edited kind is rebuilt.
    let third = build(&[]);
    assert!(
        third.contains("写出 1 份") && third.contains("跳过 4 份"),
        "{third}"
    );
    let fourth = build(&[]);
    assert!(fourth.contains("写出 0 份"), "{fourth}");
    // --force rebuilds everything.
    let forced = build(&["--force"]);
    assert!(forced.contains("写出 5 份"), "{forced}");
    // A removed output is rebuilt even though the manifest knows it.
    std::fs::remove_file(out.join("青山区委/整改方案.pdf")).unwrap();
    let again = build(&[]);
    assert!(again.contains("写出 1 份"), "{again}");
    // Changing the case rebuilds its documents.
    write(
        &case,
        &BASE.replace("区委办〔2022〕21号文件", "区委办〔2022〕22号文件"),
    );
    let changed = build(&[]);
    assert!(changed.contains("写出 5 份"), "{changed}");
}

#[test]
fn only_the_listed_kinds_are_built_and_unknown_kinds_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    write(&case, BASE);
    let out = dir.path().join("out");
    xunshi()
        .args(["build", case.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--docs", "rectification-plan,review-opinion", "-q"])
        .assert()
        .success();
    assert_eq!(pdfs(&out).len(), 2);
    let o = xunshi()
        .args(["build", case.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--docs", "no-such-kind"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "an unknown kind is a usage error");
    assert!(stderr_of(&o).contains("未知文种"));
}

#[test]
fn a_killed_run_leaves_only_complete_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    for i in 0..40 {
        write(&cases.join(format!("c{i:02}.yaml")), BASE);
    }
    let out = dir.path().join("out");
    for delay in [150u64, 400, 900] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("xunshi"))
            .args([
                "build",
                cases.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "-q",
                "--force",
            ])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        for pdf in pdfs(&out) {
            assert!(is_complete_pdf(&pdf), "truncated: {}", pdf.display());
        }
    }
    // The next run finishes the job and clears any temporary file the kill left.
    build_quietly(&cases, &out).success();
    assert_eq!(pdfs(&out).len(), 200);
    let leftovers = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn output_names_from_data_are_safe() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    // The folder is named after the organisation's short name, made safe; an item id is
    // refused by validation unless it is fit for a file name as it is.
    write(
        &a,
        &BASE
            .replace("short_name: 青山区委", "short_name: \"a/b:c?区委\"")
            .replace("id: 建1", "id: \"LPT1\""),
    );
    write(&b, &BASE.replace("short_name: 青山区委", "short_name: CON"));
    let out = dir.path().join("out");
    build_quietly(&a, &out).success();
    build_quietly(&b, &out).success();
    assert!(
        out.join("a_b_c_区委/审核意见-审1.pdf").is_file(),
        "{:?}",
        pdfs(&out)
    );
    assert!(
        out.join("a_b_c_区委/巡视建议书-LPT1.pdf").is_file(),
        "{:?}",
        pdfs(&out)
    );
    assert!(out.join("_CON/整改方案.pdf").is_file(), "{:?}", pdfs(&out));
}

#[test]
fn watch_rebuilds_what_a_saved_change_affects() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    write(&case, BASE);
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("xunshi"))
        .args([
            "watch",
            case.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let plan = out.join("青山区委/整改方案.pdf");
    let wait_for = |what: &dyn Fn() -> bool| {
        for _ in 0..100 {
            if what() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    };
    let first_built = wait_for(&|| plan.is_file());
    let before = std::fs::metadata(&plan).and_then(|m| m.modified()).ok();
    std::thread::sleep(Duration::from_millis(1100));
    write(
        &case,
        &BASE.replace("区委办〔2022〕21号文件", "区委办〔2022〕23号文件"),
    );
    let rebuilt = wait_for(&|| std::fs::metadata(&plan).and_then(|m| m.modified()).ok() != before);
    let _ = child.kill();
    let _ = child.wait();
    assert!(first_built, "watch builds once at start");
    assert!(rebuilt, "a saved case is rebuilt");
    assert!(is_complete_pdf(&plan));
}

#[test]
fn a_folder_without_case_files_is_a_usage_error_for_build_as_for_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for command in ["build", "validate", "status", "ledger"] {
        let mut cmd = xunshi();
        cmd.arg(command).arg(dir.path());
        match command {
            "build" => cmd.args(["-o", out.to_str().unwrap()]),
            "ledger" => cmd.args(["-o", out.join("台账.xlsx").to_str().unwrap()]),
            _ => &mut cmd,
        };
        let o = cmd.output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stderr_of(&o));
        assert!(stderr_of(&o).contains("没有找到案卷文件"), "{command}");
    }
}
