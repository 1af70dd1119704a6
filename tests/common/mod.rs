//! What several test binaries share: the shipped samples and making one of their documents.

#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};
use xunshi::case::LoadedCase;
use xunshi::compose::Composer;
use xunshi::compose::view::Selection;
use xunshi::produce::{Format, Produced, produce};
use xunshi::typeset::Engine;
use xunshi::typeset::export::PdfSettings;

/// The shipped sample case files, in name order.
pub fn sample_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
    files.sort();
    files
}

/// Loads a case file, failing the test with the loader's report.
pub fn load(file: &Path) -> LoadedCase {
    xunshi::case::load_case(file).unwrap_or_else(|d| panic!("{}", xunshi::case::render_report(&d)))
}

/// One document of a loaded case as PDF, failing the test with the reason it could not be made.
pub fn produce_pdf(
    engine: &Engine,
    composer: &Composer,
    loaded: &LoadedCase,
    sel: &Selection<'_>,
) -> Produced {
    produce(
        engine,
        composer,
        &loaded.case,
        sel,
        &Format::Pdf(PdfSettings::default()),
    )
    .unwrap_or_else(|e| {
        panic!(
            "{} {}: {}",
            loaded.path.display(),
            sel.kind.id,
            e.report(Some(loaded))
        )
    })
}

/// The Typst source of the first document of `kind` that the case (as JSON) supports, composed
/// with the built-in templates.
pub fn first_source(json: &serde_json::Value, kind: &str) -> String {
    let case: xunshi::case::Case =
        serde_json::from_value(json.clone()).expect("the case deserialises");
    let composer = Composer::new(xunshi::compose::templates::TemplateSet::builtin())
        .expect("built-in templates load");
    let sel = composer
        .all_selections(&case)
        .into_iter()
        .find(|s| s.kind.id == kind)
        .unwrap_or_else(|| panic!("the case supports no {kind}"));
    composer
        .compose(&case, &sel)
        .unwrap_or_else(|e| panic!("{kind}: {e}"))
        .source
}

/// Fails unless `source` contains every one of `words`.
pub fn assert_has(source: &str, words: &[&str]) {
    for w in words {
        assert!(source.contains(w), "`{w}` missing from\n{source}");
    }
}

/// The xunshi binary as a command, colour off.
pub fn xunshi() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("xunshi").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Writes `text` to `path`, making its folders.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The text of a PDF as `pdftotext` reads it, whitespace removed (table cells wrap anywhere).
pub fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}
