//! The task and ledger tables of the shipped samples (plan, progress and final reports, monthly
//! tables), read from Typst's frames: no head cell leaves one character alone on a line
//! ("责任领|导"), a measure's status is never broken ("长期坚|持"), and no table runs past the
//! type area of its landscape page.

mod common;

use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;
use xunshi::typeset::measure;
use xunshi::typeset::{Engine, FontOptions, Job};

#[test]
fn table_heads_never_leave_one_character_alone_on_a_line() {
    let engine = Engine::new(&FontOptions::bundled_only());
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    let (mut tables, mut statuses, mut runts) = (0, 0, Vec::new());
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
            let pages = measure::pages(&compiled.document);
            // A status cell holds one word of the ledger's; the only one longer than three
            // characters, 长期坚持, prints on one line: no line holds just its beginning.
            if composed.source.contains("[长期坚持]") {
                statuses += 1;
                let broken = pages
                    .iter()
                    .flat_map(|p| &p.texts)
                    .filter(|t| t.size < 15.9) // table text, not the 3号 body
                    .find(|t| ["长", "长期", "长期坚"].contains(&t.text.trim()));
                assert!(
                    broken.is_none(),
                    "{} {}: “长期坚持” broken over lines",
                    file.display(),
                    composed.file_stem
                );
            }
            for (n, page) in pages.iter().enumerate() {
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
    assert!(statuses > 0, "no sample table has a long-term measure");
    assert!(runts.is_empty(), "{}", runts.join("\n"));
}
