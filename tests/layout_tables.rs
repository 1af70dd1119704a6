//! The task and ledger tables of the shipped samples (plan, progress and final reports, monthly
//! tables), read from Typst's frames: no head cell leaves one character alone on a line
//! ("责任领|导"), a measure's status is never broken ("长期坚|持"), no table runs past the
//! type area of its landscape page, and a cell split over two pages keeps at least two lines on
//! each (no deadline's "31日" alone at the top of a page).

mod common;

use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;
use xunshi::typeset::measure;
use xunshi::typeset::{Engine, FontOptions, Job};

/// A sample document with a task or ledger table, laid out.
struct TableDocument {
    /// The case file and the document, for messages.
    label: String,
    /// The composed Typst source.
    source: String,
    pages: Vec<measure::PageContent>,
}

/// Every document of the samples that has a task or ledger table.
fn table_documents() -> Vec<TableDocument> {
    let engine = Engine::new(&FontOptions::bundled_only());
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    let mut documents = Vec::new();
    for file in common::sample_files() {
        let loaded = common::load(&file);
        for sel in composer.all_selections(&loaded.case) {
            let composed = composer.compose(&loaded.case, &sel).unwrap();
            if !composed.source.contains("#task-table(") {
                continue;
            }
            let label = format!("{} {}", file.display(), composed.file_stem);
            let compiled = engine
                .compile(&Job::new(composed.source.clone(), composed.date.0))
                .unwrap_or_else(|d| panic!("{label}: {d}"));
            documents.push(TableDocument {
                label,
                source: composed.source,
                pages: measure::pages(&compiled.document),
            });
        }
    }
    documents
}

#[test]
fn table_heads_never_leave_one_character_alone_on_a_line() {
    let documents = table_documents();
    let tables = documents.len();
    let (mut statuses, mut runts) = (0, Vec::new());
    for doc in &documents {
        let pages = &doc.pages;
        // A status cell holds one word of the ledger's; the only one longer than three
        // characters, 长期坚持, prints on one line: no line holds just its beginning.
        if doc.source.contains("[长期坚持]") {
            statuses += 1;
            let broken = pages
                .iter()
                .flat_map(|p| &p.texts)
                .filter(|t| t.size < 15.9) // table text, not the 3号 body
                .find(|t| ["长", "长期", "长期坚"].contains(&t.text.trim()));
            assert!(
                broken.is_none(),
                "{}: “长期坚持” broken over lines",
                doc.label
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
                        "{} page {}: “{}” alone",
                        doc.label,
                        n + 1,
                        run.text
                    ));
                }
                // A landscape page's type area is 225 mm wide from the 37 mm margin.
                assert!(
                    run.x + run.width <= page.width - 35.0 + 0.5,
                    "{}: a head runs past the type area",
                    doc.label
                );
            }
        }
    }
    assert!(tables >= 10, "only {tables} sample documents have a table");
    assert!(statuses > 0, "no sample table has a long-term measure");
    assert!(runts.is_empty(), "{}", runts.join("\n"));
}

/// The body lines of each table column between two heights of a page, by the column's left
/// edge: a cell's text is set flush left, so every line of a column starts at the same x; a
/// run that starts mid-line (after a change of font) counts for the column it falls in.
fn lines_by_column(page: &measure::PageContent, top: f64, bottom: f64) -> Vec<(f64, usize)> {
    let body: Vec<&measure::PlacedText> = page
        .texts
        .iter()
        .filter(|t| t.size < 15.9 && t.family != "FandolHei")
        .collect();
    // Column edges: the x where at least three runs of the page start.
    let mut starts: Vec<f64> = body.iter().map(|t| (t.x * 10.0).round() / 10.0).collect();
    starts.sort_by(f64::total_cmp);
    let mut edges: Vec<f64> = Vec::new();
    for x in &starts {
        let n = starts.iter().filter(|y| (*y - x).abs() < 0.15).count();
        if n >= 3 && edges.last().is_none_or(|e| x - e > 0.15) {
            edges.push(*x);
        }
    }
    edges
        .iter()
        .enumerate()
        .map(|(i, &edge)| {
            let next = edges.get(i + 1).copied().unwrap_or(f64::INFINITY);
            let mut ys: Vec<f64> = body
                .iter()
                .filter(|t| t.x > edge - 0.15 && t.x < next - 0.15)
                .filter(|t| t.baseline > top && t.baseline < bottom)
                .map(|t| t.baseline)
                .collect();
            ys.sort_by(f64::total_cmp);
            ys.dedup_by(|a, b| (*a - *b).abs() < 0.2);
            (edge, ys.len())
        })
        .collect()
}

#[test]
fn a_cell_split_over_two_pages_leaves_at_least_two_lines_on_each() {
    let (mut splits, mut lone) = (0, Vec::new());
    for doc in table_documents() {
        let pages = &doc.pages;
        for (n, pair) in pages.windows(2).enumerate() {
            let (this, next) = (&pair[0], &pair[1]);
            // The head row's last baseline, and the rules drawn below it.
            let head = |p: &measure::PageContent| {
                p.texts
                    .iter()
                    .filter(|t| t.family == "FandolHei" && t.size < 15.9)
                    .map(|t| t.baseline)
                    .fold(f64::NAN, f64::max)
            };
            let rules_below = |p: &measure::PageContent, y: f64| {
                let mut ys: Vec<f64> = p.rules.iter().map(|r| r.y).filter(|r| *r > y).collect();
                ys.sort_by(f64::total_cmp);
                ys.dedup_by(|a, b| (*a - *b).abs() < 0.2);
                ys
            };
            let (h_this, h_next) = (head(this), head(next));
            if h_this.is_nan() || h_next.is_nan() {
                continue;
            }
            let (below_this, below_next) = (rules_below(this, h_this), rules_below(next, h_next));
            // Below the head baseline: the head's own bottom rule, then one per row.
            let (Some(&[.., last_but_one, last]), Some(&[head_rule, first, ..])) = (
                Some(below_this.as_slice()).filter(|r| r.len() >= 3),
                Some(below_next.as_slice()),
            ) else {
                continue;
            };
            // The next page's first row: a continued row has no serial number, which sits
            // in the first column.
            let top = lines_by_column(next, head_rule, first);
            let bottom = lines_by_column(this, last_but_one, last);
            if top.first().is_some_and(|(_, lines)| *lines > 0) {
                continue; // the next page starts a new row
            }
            for (edge, after) in top.iter().filter(|(_, lines)| *lines > 0) {
                splits += 1;
                // Widows and orphans are avoided per paragraph; the samples' cells that split
                // hold one paragraph each, so a cell is judged as a whole.
                let before = bottom
                    .iter()
                    .find(|(e, _)| (e - edge).abs() < 0.3)
                    .map(|(_, lines)| *lines);
                let at = format!(
                    "{} pages {}–{}: a cell at x = {edge} mm",
                    doc.label,
                    n + 1,
                    n + 2
                );
                match before {
                    None => lone.push(format!("{at}: no such column on the first page")),
                    Some(before) if before == 1 || *after == 1 => {
                        lone.push(format!("{at} splits {before} + {after} lines"))
                    }
                    Some(_) => {}
                }
            }
        }
    }
    assert!(
        splits >= 15,
        "only {splits} split cells in the samples' tables"
    );
    assert!(lone.is_empty(), "{}", lone.join("\n"));
}
