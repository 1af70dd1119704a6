//! What `xunshi init` writes builds cleanly: `init DIR` then `build DIR -o OUT` exits 0 and
//! writes every document the starter case supports.

use assert_cmd::Command;
use std::path::Path;

fn pdfs_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(pdfs_under(&path));
        } else if path.extension().is_some_and(|e| e == "pdf") {
            found.push(path);
        }
    }
    found
}

#[test]
fn the_starter_from_init_builds_every_document_it_supports() {
    let dir = tempfile::tempdir().unwrap();
    let case_dir = dir.path().join("案卷");
    let out = dir.path().join("公文");
    Command::cargo_bin("xunshi")
        .unwrap()
        .arg("init")
        .arg(&case_dir)
        .assert()
        .success();
    let loaded = xunshi::case::load_case(&case_dir.join("case.yaml"))
        .unwrap_or_else(|d| panic!("{}", xunshi::case::render_report(&d)));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let composer = xunshi::compose::folders::composer_for(None, None).unwrap();
    let documents = composer.documents(&loaded.case);
    let kinds: Vec<&str> = documents.iter().map(|(s, _)| s.kind.id.as_str()).collect();
    // The starter shows the plan, a closure form and, after the centralised period, a monthly
    // report: the documents a new user meets first.
    for kind in ["rectification-plan", "monthly-report"] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }

    let output = Command::cargo_bin("xunshi")
        .unwrap()
        .arg("build")
        .arg(&case_dir)
        .arg("-o")
        .arg(&out)
        .arg("-j1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("失败 0 份"), "{stderr}");
    let pdfs = pdfs_under(&out);
    assert_eq!(pdfs.len(), documents.len(), "{pdfs:?}\n{stderr}");
    for pdf in &pdfs {
        assert!(
            std::fs::read(pdf).unwrap().starts_with(b"%PDF-"),
            "{}",
            pdf.display()
        );
    }
}
