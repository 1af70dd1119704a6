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
