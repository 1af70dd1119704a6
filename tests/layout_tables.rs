//! The task and ledger tables of the shipped samples (plan, progress and final reports, monthly
//! tables), read from Typst's frames: no head cell leaves one character alone on a line
//! ("责任领|导"), and no table runs past the type area of its landscape page.

mod common;

use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;
use xunshi::typeset::measure;
use xunshi::typeset::{Engine, FontOptions, Job};

#[test]
fn table_heads_never_leave_one_character_alone_on_a_line() {
    let engine = Engine::new(&FontOptions::bundled_only());
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    let (mut tables, mut runts) = (0, Vec::new());
    for file in common::sample_files() {
        let loaded = common::load(&file);
        for sel in composer.all_selections(&loaded.case) {
            let composed = composer.compose(&loaded.case, &sel).unwrap();
            if !composed.source.contains("#task-table(") {
                continue;
            }
            tables += 1;
            let compiled = engine
                .compile(&Job::new(composed.source.clone(), composed.date.0))
                .unwrap_or_else(|d| panic!("{}: {d}", composed.file_stem));
            for (n, page) in measure::pages(&compiled.document).iter().enumerate() {
                // Head cells are the only text in 黑体 smaller than the 3号 headings.
                for run in page
                    .texts
                    .iter()
                    .filter(|t| t.family == "FandolHei" && t.size < 15.9)
                {
                    if run.text.trim().chars().count() == 1 {
                        runts.push(format!(
                            "{} {} page {}: “{}” alone",
                            file.display(),
                            composed.file_stem,
                            n + 1,
                            run.text
                        ));
                    }
                    // A landscape page's type area is 225 mm wide from the 37 mm margin.
                    assert!(
                        run.x + run.width <= page.width - 35.0 + 0.5,
                        "{}: a head runs past the type area",
                        composed.file_stem
                    );
                }
            }
        }
    }
    assert!(tables >= 10, "only {tables} sample documents have a table");
    assert!(runts.is_empty(), "{}", runts.join("\n"));
}
