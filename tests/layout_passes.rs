//! How many times Typst lays out each shipped document before its introspection settles. Page
//! numbers need a second pass; anything more is the price of a layout library choice (numbered
//! headings, a state updated with unchanged values, a colophon that first appears in pass two)
//! and costs a batch a fifth of its layout time. Every sample document must settle in two
//! passes, or three when its colophon's place had to be found (it is guessed in the first).
//!
//! Typst's own timing records one "iter (N)" span per pass; it is process-wide, so this test
//! has its own binary.

mod common;

use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;
use xunshi::typeset::{Engine, FontOptions};

/// The layout passes recorded since the last call.
fn passes_recorded() -> usize {
    let mut json = Vec::new();
    typst_timing::export_json(&mut json, |_| (String::new(), 0)).unwrap();
    let events: Vec<serde_json::Value> = serde_json::from_slice(&json).unwrap();
    events
        .iter()
        .filter(|e| e["ph"] == "B" && e["name"].as_str().is_some_and(|n| n.starts_with("iter")))
        .count()
}

#[test]
fn every_sample_document_settles_in_two_layout_passes_or_three_with_a_colophon() {
    let engine = Engine::new(&FontOptions::bundled_only());
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    typst_timing::enable();
    let (mut documents, mut total, mut too_many) = (0, 0, Vec::new());
    for file in common::sample_files() {
        let loaded = common::load(&file);
        for sel in composer.all_selections(&loaded.case) {
            passes_recorded();
            let produced = common::produce_pdf(&engine, &composer, &loaded, &sel);
            let passes = passes_recorded();
            let allowed = if produced.composed.source.contains("colophon: (") {
                3
            } else {
                2
            };
            assert!(passes >= 1, "no layout pass was recorded");
            if passes > allowed {
                too_many.push(format!(
                    "{} {}: {passes} passes",
                    file.display(),
                    produced.composed.file_stem
                ));
            }
            documents += 1;
            total += passes;
        }
    }
    typst_timing::disable();
    assert!(documents >= 100, "the samples make {documents} documents");
    assert!(too_many.is_empty(), "{}", too_many.join("\n"));
    // The colophon guess (content ends on an empty page, as after a landscape attachment) holds
    // for nearly every sample: on average well under 2.1 passes a document.
    assert!(
        total * 10 <= documents * 21,
        "{total} passes for {documents} documents"
    );
}
