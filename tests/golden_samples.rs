//! Every shipped sample renders every document its data supports. The generated Typst source
//! of each is compared with a checked-in golden file (`tests/golden/<sample>/<document>.typ`;
//! regenerate with `UPDATE_GOLDEN=1 cargo test --test golden_samples` and review the diff),
//! and each PDF's text is checked for the parts a reader looks at first.

mod common;

use std::path::Path;
use std::process::Command;
use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;
use xunshi::typeset::{Engine, FontOptions};

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_sample_renders_every_document_it_supports_and_matches_its_golden_source() {
    let engine = Engine::new(&FontOptions::bundled_only());
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let golden_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut kinds_seen = std::collections::BTreeSet::new();
    let mut mismatches = Vec::new();
    let samples = common::sample_files();
    assert!(samples.len() >= 4, "at least four samples ship");
    for sample in samples {
        let loaded = common::load(&sample);
        let name = sample.file_stem().unwrap().to_string_lossy().into_owned();
        let selections = composer.all_selections(&loaded.case);
        assert!(!selections.is_empty(), "{name} supports no document");
        for sel in selections {
            kinds_seen.insert(sel.kind.id.clone());
            let produced = common::produce_pdf(&engine, &composer, &loaded, &sel);
            let golden = golden_root
                .join(&name)
                .join(format!("{}.typ", produced.composed.file_stem));
            if update {
                std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
                std::fs::write(&golden, &produced.composed.source).unwrap();
            } else {
                match std::fs::read_to_string(&golden) {
                    Ok(want) if want == produced.composed.source => {}
                    _ => mismatches.push(golden.display().to_string()),
                }
            }
            // The PDF reads as the document: its number and its date print in official form.
            let dir = tempfile::tempdir().unwrap();
            let pdf = dir.path().join("d.pdf");
            std::fs::write(&pdf, &produced.files[0]).unwrap();
            let out = Command::new("pdftotext")
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext");
            let text = squeeze(&String::from_utf8_lossy(&out.stdout));
            let json = serde_json::to_value(&loaded.case).unwrap();
            let (doc, _) = xunshi::compose::view::issuing(&loaded.case, &json, &sel).unwrap();
            if let Some(number) = doc.number.as_deref()
                && sel.kind.form != xunshi::compose::kinds::Form::Table
            {
                assert!(
                    text.contains(number),
                    "{name} {}: number {number}",
                    sel.kind.id
                );
            }
            let date_zh = xunshi::compose::dates::date_zh(doc.date);
            assert!(
                text.contains(&date_zh),
                "{name} {}: date {date_zh}",
                sel.kind.id
            );
            for forbidden in ["undefined", "null", "None", "TODO", "{{", "}}"] {
                assert!(
                    !text.contains(forbidden),
                    "{name} {}: {forbidden} printed",
                    sel.kind.id
                );
            }
        }
    }
    for kind in [
        "rectification-plan",
        "progress-report",
        "review-opinion",
        "recommendation-letter",
        "monthly-report",
        "closure-form",
        "final-report",
        "supervision-report",
        "transfer-feedback",
    ] {
        assert!(kinds_seen.contains(kind), "no sample renders {kind}");
    }
    assert!(
        mismatches.is_empty(),
        "generated Typst differs from the golden files (UPDATE_GOLDEN=1 to regenerate, then review the diff):\n{}",
        mismatches.join("\n")
    );
}
