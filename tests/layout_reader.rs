//! Every document of every sample, and of a sample given the longest names an office has, read
//! as its reader reads it: the PDF through poppler's `pdftotext -bbox-layout` (words with their
//! boxes, grouped into lines and blocks), and the label runs through Typst's frames. Each check
//! names a defect a reader sees at once:
//! - a glyph outside the type area (a signature past the right margin, text run off a cell);
//! - two words drawn over each other (a long run spilling into the next cell);
//! - a label without its list ("抄送：" or "附件：" alone, the names on the line below);
//! - an attachment headed otherwise than its note names it ("附件：X" but "附件1");
//! - a label's full-width colon set half wide;
//! - a date broken inside a table cell ("2024年7月|18日");
//! - text lost: a value the document's source prints that its PDF does not contain.

mod common;

use std::process::Command;
use xunshi::case::{LoadedCase, load_source};
use xunshi::compose::Composer;
use xunshi::compose::escape::{typst_markup, typst_string};
use xunshi::compose::kinds::Form;
use xunshi::compose::templates::TemplateSet;
use xunshi::typeset::measure;
use xunshi::typeset::{Engine, FontOptions};

/// A word as pdftotext places it, in mm from the page's top left.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

#[derive(Debug, Clone)]
struct Line {
    words: Vec<Word>,
    /// The block (flow of lines) the line belongs to, numbered through the page.
    block: usize,
}

impl Line {
    fn text(&self) -> String {
        self.words.iter().map(|w| w.text.as_str()).collect()
    }
    fn height(&self) -> f64 {
        self.words.iter().map(|w| w.y1 - w.y0).fold(0.0, f64::max)
    }
}

#[derive(Debug, Clone)]
struct Page {
    width: f64,
    height: f64,
    lines: Vec<Line>,
}

const PT: f64 = 25.4 / 72.0;

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).map(|i| i + key.len()).expect("attribute");
    let end = tag[start..].find('"').unwrap() + start;
    tag[start..end].parse::<f64>().unwrap()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// What `pdftotext ARG` prints for a PDF.
fn pdftotext(pdf: &[u8], arg: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(arg)
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "pdftotext {arg} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The pages of a PDF as `pdftotext -bbox-layout` reads them.
fn read_pdf(pdf: &[u8]) -> Vec<Page> {
    let xml = pdftotext(pdf, "-bbox-layout");
    let mut pages = Vec::new();
    let mut block = 0;
    for raw in xml.lines() {
        let tag = raw.trim();
        if tag.starts_with("<page ") {
            pages.push(Page {
                width: attr(tag, "width") * PT,
                height: attr(tag, "height") * PT,
                lines: Vec::new(),
            });
        } else if tag.starts_with("<block ") {
            block += 1;
        } else if tag.starts_with("<line ") {
            let page: &mut Page = pages.last_mut().unwrap();
            page.lines.push(Line {
                words: Vec::new(),
                block,
            });
        } else if tag.starts_with("<word ") {
            let text_start = tag.find('>').unwrap() + 1;
            let text_end = tag.rfind("</word>").unwrap();
            let page = pages.last_mut().unwrap();
            page.lines.last_mut().unwrap().words.push(Word {
                text: unescape(&tag[text_start..text_end]),
                x0: attr(tag, "xMin") * PT,
                y0: attr(tag, "yMin") * PT,
                x1: attr(tag, "xMax") * PT,
                y1: attr(tag, "yMax") * PT,
            });
        }
    }
    pages
}

/// A page number line: "— 3 —".
fn is_page_number(line: &Line) -> bool {
    let t = line.text();
    t.starts_with('—')
        && t.ends_with('—')
        && t.trim_matches('—').chars().all(|c| c.is_ascii_digit())
}

/// One document made and read.
struct Document {
    label: String,
    source: String,
    form: Form,
    pdf_pages: Vec<Page>,
    frames: Vec<measure::PageContent>,
    /// The case's text values the source prints, each with how often it does.
    values: Vec<(String, usize)>,
    /// The PDF's text as drawn, page by page (see `drawn_pages`).
    drawn: Vec<String>,
    /// Each finding's title and how many measures it has.
    findings: Vec<(String, usize)>,
}

fn string_leaves(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| string_leaves(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| string_leaves(v, out)),
        _ => {}
    }
}

fn make_documents(cases: &[(String, LoadedCase)]) -> Vec<Document> {
    let engine = Engine::new(&FontOptions::bundled_only());
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    let mut documents = Vec::new();
    for (name, loaded) in cases {
        let json = serde_json::to_value(&loaded.case).unwrap();
        let mut leaves = Vec::new();
        string_leaves(&json, &mut leaves);
        for sel in composer.all_selections(&loaded.case) {
            let produced = common::produce_pdf(&engine, &composer, loaded, &sel);
            let source = produced.composed.source.clone();
            let compiled = engine
                .compile(&xunshi::typeset::Job::new(
                    source.clone(),
                    produced.composed.date.0,
                ))
                .unwrap();
            // Each value as often as the source prints it, in markup or as a string.
            let mut values: Vec<(String, usize)> = leaves
                .iter()
                .filter(|v| v.chars().count() >= 4 && !v.contains('\n'))
                .map(|v| {
                    let markup = source.matches(typst_markup(v).as_str()).count();
                    let string = source.matches(&format!("\"{}\"", typst_string(v))).count();
                    (v.clone(), markup.max(string))
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            values.sort();
            values.dedup();
            documents.push(Document {
                label: format!("{name} {}", produced.composed.file_stem),
                form: sel.kind.form,
                source,
                pdf_pages: read_pdf(&produced.files[0]),
                drawn: drawn_pages(&produced.files[0]),
                findings: loaded
                    .case
                    .findings
                    .iter()
                    .map(|f| (f.title.clone(), f.measures.len()))
                    .collect(),
                frames: measure::pages(&compiled.document),
                values,
            });
        }
    }
    documents
}

/// The samples with the longest names and lists an office has: a 28-character 公司委员会 as
/// issuer of every document of a group's case, two joint issuers with long names on a review,
/// five 抄送 bodies, an evidence item with a 71-character checksum and a long URL, a measure
/// whose action quotes a 40-character checksum (in a table column with a neighbour on its right).
fn longest_case() -> (String, LoadedCase) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/03-closed-jincheng-transport-group.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let long = "中共广西北部湾国际港务集团有限公司钦州港片区分公司委员会";
    assert_eq!(long.chars().count(), 28);
    let text = text
        .replace("中共金澄交通投资集团有限公司委员会", long)
        .replace(
            "joint_issuers: [自治区党委组织部]",
            "joint_issuers: [中共广西壮族自治区委员会组织部, 广西壮族自治区人民政府国有资产监督管理委员会]",
        )
        .replacen(
            "    recipients:\n      - 集团总部各部门\n      - 所属各企业党组织\n",
            &format!("    recipients: [{}]\n", LONG_RECIPIENTS.join(", ")),
            1,
        )
        .replacen(
            "严控非主业投资，非主业投资比例控制在10%以内。",
            "严控非主业投资，非主业投资比例控制在10%以内，办法文本校验码9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e。",
            1,
        )
        .replacen(
            "        evidence:\n",
            "        evidence:\n          - 扫描件校验值sha256:9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4f6a8b0c2d4e6f8a0b1c\n          - https://www.example.gov.cn/xunshi/zhenggai/2021/attachments/evidence-archive-0001.pdf\n",
            1,
        );
    let loaded = load_source(&path, text.as_bytes())
        .unwrap_or_else(|d| panic!("{}", xunshi::case::render_report(&d)));
    ("longest-names".to_string(), loaded)
}

/// The plan's 主送 in the longest case: more than three lines of the body.
const LONG_RECIPIENTS: &[&str] = &[
    "集团总部各部门",
    "所属各全资子公司党委",
    "各控股子公司党委",
    "各参股企业党组织",
    "集团驻外各办事处党支部",
    "钦州港片区各分公司党委",
    "北部湾港口建设项目临时党支部",
    "集团离退休干部党委",
    "集团团委",
    "集团工会委员会",
    "集团妇女工作委员会",
];

fn all_documents() -> &'static [Document] {
    static DOCS: std::sync::OnceLock<Vec<Document>> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        let mut cases: Vec<(String, LoadedCase)> = common::sample_files()
            .iter()
            .map(|f| {
                (
                    f.file_stem().unwrap().to_string_lossy().into_owned(),
                    common::load(f),
                )
            })
            .collect();
        cases.push(longest_case());
        make_documents(&cases)
    })
}

/// Fails with every finding at once, so one run shows the whole picture.
fn report(what: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{what}: {} failures\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Marks inked in their left half (closing brackets, stops, commas) and in their right half.
const CLOSING: &[char] = &[
    '，', '。', '、', '：', '；', '！', '？', '）', '》', '」', '』', '】', '”', '’',
];
const OPENING: &[char] = &['（', '《', '「', '『', '【', '“', '‘'];
/// Half of a 3号 character, mm.
const HALF: f64 = 8.0 * PT;

#[test]
fn every_glyph_stands_inside_the_type_area() {
    let mut failures = Vec::new();
    for doc in all_documents() {
        for (p, page) in doc.pdf_pages.iter().enumerate() {
            let landscape = page.width > page.height;
            let (left, right, top, bottom) = if landscape {
                (37.0, 262.0, 28.0, 184.0)
            } else {
                (28.0, 184.0, 37.0, 262.0)
            };
            // The letter form's mark and number stand in the top margin (30 mm from the top).
            let top = if doc.form == Form::Letter && p == 0 {
                28.0
            } else {
                top
            };
            for line in page.lines.iter().filter(|l| !is_page_number(l)) {
                for w in &line.words {
                    // pdftotext boxes a glyph by its advance: a closing mark that ends a line
                    // (Typst sets it half wide) inks only its left half, an opening mark that
                    // starts one only its right half.
                    let ends = if w.text.ends_with(CLOSING) { HALF } else { 0.0 };
                    let starts = if w.text.starts_with(OPENING) {
                        HALF
                    } else {
                        0.0
                    };
                    if w.x0 < left - 0.3 - starts
                        || w.x1 > right + 0.3 + ends
                        || w.y0 < top - 2.0
                        || w.y1 > bottom + 1.5
                    {
                        failures.push(format!(
                            "{} page {}: '{}' at x {:.1}–{:.1} mm, y {:.1}–{:.1} mm",
                            doc.label,
                            p + 1,
                            w.text,
                            w.x0,
                            w.x1,
                            w.y0,
                            w.y1
                        ));
                    }
                }
            }
        }
    }
    report("text outside the type area", failures);
}

#[test]
fn no_two_words_are_drawn_over_each_other() {
    let mut failures = Vec::new();
    for doc in all_documents() {
        for (p, page) in doc.pdf_pages.iter().enumerate() {
            let words: Vec<&Word> = page.lines.iter().flat_map(|l| &l.words).collect();
            for (i, a) in words.iter().enumerate() {
                for b in &words[i + 1..] {
                    let dx = a.x1.min(b.x1) - a.x0.max(b.x0);
                    let dy = a.y1.min(b.y1) - a.y0.max(b.y0);
                    // Typst sets a mark beside another mark half wide (。（ → 。（), which
                    // pdftotext, boxing by the full advance, reads as half a character of overlap.
                    let marks = a.text.ends_with(CLOSING)
                        || b.text.starts_with(OPENING)
                        || b.text.ends_with(CLOSING)
                        || a.text.starts_with(OPENING);
                    let allowed = if marks {
                        (a.y1 - a.y0).max(b.y1 - b.y0) / 2.0 + 0.2
                    } else {
                        0.5
                    };
                    if dx > allowed && dy > 1.0 {
                        failures.push(format!(
                            "{} page {}: '{}' and '{}' overlap by {dx:.1} × {dy:.1} mm",
                            doc.label,
                            p + 1,
                            a.text,
                            b.text
                        ));
                    }
                }
            }
        }
    }
    report("overlapping text", failures);
}

#[test]
fn a_label_opens_the_first_line_of_its_list() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for doc in all_documents() {
        for page in &doc.pdf_pages {
            for line in &page.lines {
                let text = line.text();
                for label in ["主送：", "抄送：", "附件："] {
                    if text.starts_with(label) {
                        seen += 1;
                        if text.chars().count() <= label.chars().count() {
                            failures
                                .push(format!("{}: '{label}' stands alone on its line", doc.label));
                        }
                    } else if text == label.trim_end_matches('：') && label == "抄送：" {
                        // (A line reading only 附件 is an attachment's heading.)
                        failures.push(format!("{}: a line reads only '{text}'", doc.label));
                    }
                }
            }
        }
    }
    assert!(seen > 20, "the samples have labels to check ({seen})");
    report("labels without their list", failures);
}

#[test]
fn attachment_headings_agree_with_the_note() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for doc in all_documents() {
        let lines: Vec<String> = doc
            .pdf_pages
            .iter()
            .flat_map(|p| p.lines.iter().map(Line::text))
            .collect();
        let Some(note) = lines.iter().find(|l| l.starts_with("附件：")) else {
            continue;
        };
        checked += 1;
        let numbered = note.trim_start_matches("附件：").starts_with("1.");
        let items = if numbered {
            lines
                .iter()
                .skip_while(|l| !l.starts_with("附件："))
                .take_while(|l| !l.is_empty())
                .filter(|l| {
                    l.trim_start_matches("附件：")
                        .split('.')
                        .next()
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                })
                .count()
        } else {
            1
        };
        let headings: Vec<&String> = lines
            .iter()
            .filter(|l| {
                l.starts_with("附件")
                    && l.trim_start_matches("附件")
                        .chars()
                        .all(|c| c.is_ascii_digit())
            })
            .collect();
        let want: Vec<String> = if numbered {
            (1..=items).map(|i| format!("附件{i}")).collect()
        } else {
            vec!["附件".to_string()]
        };
        if headings.iter().map(|h| h.as_str()).collect::<Vec<_>>()
            != want.iter().map(String::as_str).collect::<Vec<_>>()
        {
            failures.push(format!(
                "{}: the note reads '{note}' but the attachments are headed {headings:?}",
                doc.label
            ));
        }
    }
    assert!(
        checked >= 10,
        "documents with attachments were checked ({checked})"
    );
    report("attachment headings", failures);
}

#[test]
fn a_labels_colon_is_set_full_width() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for doc in all_documents() {
        for (p, page) in doc.frames.iter().enumerate() {
            for run in &page.texts {
                for label in ["抄送：", "附件："] {
                    if let Some(i) = run.text.find(label) {
                        seen += 1;
                        let first = run.text[..i].chars().count();
                        let colon = run.advances[first + 2];
                        let char_width = run.advances[first];
                        if colon < char_width - 0.05 {
                            failures.push(format!(
                                "{} page {}: the colon of '{label}' is {colon:.2} mm wide, its characters {char_width:.2} mm",
                                doc.label,
                                p + 1
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(seen > 20, "labels were found in the frames ({seen})");
    report("half-width colons", failures);
}

#[test]
fn no_date_is_broken_inside_a_table_cell() {
    let mut failures = Vec::new();
    for doc in all_documents() {
        for (p, page) in doc.pdf_pages.iter().enumerate() {
            for pair in page.lines.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                // Table cells are set smaller than the body's 3号.
                if a.block != b.block || a.height() > 5.6 {
                    continue;
                }
                let (end, start) = (a.text(), b.text());
                let tail: String = end
                    .chars()
                    .rev()
                    .take(8)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let ends_in_date = tail.ends_with('年')
                    && tail
                        .trim_end_matches('年')
                        .ends_with(|c: char| c.is_ascii_digit())
                    || tail.ends_with('月')
                        && tail
                            .trim_end_matches('月')
                            .ends_with(|c: char| c.is_ascii_digit())
                    || end.ends_with(|c: char| c.is_ascii_digit()) && tail.contains('年');
                let starts_date = start.starts_with(|c: char| c.is_ascii_digit())
                    && start
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .starts_with(['月', '日']);
                if ends_in_date && starts_date {
                    failures.push(format!(
                        "{} page {}: '…{tail}' | '{}…'",
                        doc.label,
                        p + 1,
                        start.chars().take(6).collect::<String>()
                    ));
                }
            }
        }
    }
    report("dates broken in table cells", failures);
}

/// `pdftotext -raw` of a PDF: the text in the order it was drawn (cell by cell, a cell's lines
/// in order), pages separated by form feeds.
fn raw_text(pdf: &[u8]) -> String {
    pdftotext(pdf, "-raw")
}

/// Each page's text as drawn (see `raw_text`), without whitespace and page numbers.
fn drawn_pages(pdf: &[u8]) -> Vec<String> {
    raw_text(pdf)
        .split('\u{c}')
        .map(|page| {
            page.lines()
                .filter(|l| {
                    let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
                    !(t.starts_with('—')
                        && t.ends_with('—')
                        && t.trim_matches('—').chars().all(|c| c.is_ascii_digit()))
                })
                .flat_map(|l| l.chars())
                .filter(|c| !c.is_whitespace())
                .collect()
        })
        .collect()
}

/// True when `value` is found in `text` as at most four pieces in order (a cell split over
/// pages is drawn in pieces, the header row repeated between them).
fn found_in_pieces(value: &str, text: &str) -> bool {
    let mut rest: &str = value;
    let mut from = 0;
    for _ in 0..4 {
        if rest.is_empty() {
            return true;
        }
        let chars: Vec<(usize, char)> = rest.char_indices().collect();
        let mut best = None;
        // Pieces of two characters at least, or one stray character would match anywhere.
        for (n, _) in chars.iter().enumerate().rev().filter(|(n, _)| *n >= 1) {
            let end = chars.get(n + 1).map_or(rest.len(), |(i, _)| *i);
            if let Some(at) = text[from..].find(&rest[..end]) {
                best = Some((end, from + at + end));
                break;
            }
        }
        let Some((end, next)) = best else {
            return false;
        };
        rest = &rest[end..];
        from = next;
    }
    rest.is_empty()
}

#[test]
fn no_text_the_document_prints_is_lost() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for doc in all_documents() {
        let text = &doc.drawn.concat();
        for (value, times) in &doc.values {
            let want: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            checked += 1;
            let found = text.matches(want.as_str()).count();
            if found < *times && !(found + 1 == *times && found_in_pieces(&want, text)) {
                failures.push(format!(
                    "{}: '{value}' is printed {times} times by the source, found {found} times in the PDF's text",
                    doc.label
                ));
            }
        }
        assert!(
            doc.source.contains("gongwen"),
            "{}: composed through the layout library",
            doc.label
        );
    }
    assert!(checked > 1000, "values were checked ({checked})");
    report("text lost", failures);
}

#[test]
fn a_findings_problem_is_one_cell_over_its_measures() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for doc in all_documents()
        .iter()
        .filter(|d| d.source.contains("#task-table("))
    {
        // The task and ledger tables stand on landscape pages.
        let table: String = doc
            .pdf_pages
            .iter()
            .zip(&doc.drawn)
            .filter(|(p, _)| p.width > p.height)
            .map(|(_, text)| text.as_str())
            .collect();
        for (title, measures) in doc.findings.iter().filter(|(_, n)| *n >= 2) {
            let title: String = title.chars().filter(|c| !c.is_whitespace()).collect();
            let times = table.matches(title.as_str()).count();
            if times == 0 {
                continue; // a monthly table lists only the open measures
            }
            checked += 1;
            if times >= *measures {
                failures.push(format!(
                    "{}: '{title}' is printed {times} times for its {measures} measures",
                    doc.label
                ));
            }
        }
    }
    assert!(
        checked > 20,
        "findings with several measures were checked ({checked})"
    );
    report("problems repeated on every measure's row", failures);
}

#[test]
fn names_in_the_round_summary_break_only_between_words() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("round.pdf");
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = Command::new(env!("CARGO_BIN_EXE_xunshi"))
        .args([
            "summary",
            samples.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ])
        .args([
            "--round",
            "十二届自治区党委第三轮巡视",
            "--on",
            "2023-03-31",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let raw = raw_text(&std::fs::read(&pdf).unwrap());
    // The tables and lists name organisations on their own; the running text of the section
    // on late duties breaks its lines anywhere, as Chinese prose does, and is left out.
    let raw = match (
        raw.find("规定动作和督办事项"),
        raw.find("逾期未完成的整改措施"),
    ) {
        (Some(from), Some(to)) if from < to => format!("{}{}", &raw[..from], &raw[to..]),
        _ => raw,
    };
    // Each name with the places a line may break in it: between its words.
    let names = [
        ("中共自治区交通运输厅党组", vec![2, 10]),
        ("中共自治区水利厅党组", vec![2, 8]),
    ];
    let mut seen = 0;
    for (name, breaks) in names {
        let chars: Vec<char> = name.chars().collect();
        // Every occurrence, with the character positions after which a line ended.
        let text: Vec<char> = raw.chars().collect();
        for start in 0..text.len() {
            let (mut i, mut k, mut ends) = (start, 0, Vec::new());
            while k < chars.len() && i < text.len() {
                if text[i] == chars[k] {
                    k += 1;
                } else if text[i] == '\n' && k > 0 {
                    ends.push(k);
                } else {
                    break;
                }
                i += 1;
            }
            if k == chars.len() {
                seen += 1;
                for end in ends {
                    assert!(
                        breaks.contains(&end),
                        "'{name}' breaks after '{}'",
                        chars[..end].iter().collect::<String>()
                    );
                }
            }
        }
    }
    assert!(
        seen >= 4,
        "the names were found in the summary's tables ({seen})"
    );
}

#[test]
fn a_recipient_list_too_long_for_the_first_page_moves_into_the_colophon() {
    let doc = all_documents()
        .iter()
        .find(|d| d.label == "longest-names 整改方案")
        .expect("the longest case's plan");
    let first = &doc.drawn[0];
    assert!(
        !first.contains(LONG_RECIPIENTS[4]),
        "the 主送 still stands under the title: {first}"
    );
    let last = doc.pdf_pages.last().unwrap();
    let line = last
        .lines
        .iter()
        .map(Line::text)
        .find(|l| l.starts_with("主送："))
        .unwrap_or_else(|| panic!("no 主送 row in the colophon"));
    assert!(line.starts_with("主送：集团总部各部门，"), "{line}");
    let colophon: String = last.lines.iter().map(Line::text).collect();
    assert!(
        colophon.contains(&format!("{}。", LONG_RECIPIENTS.last().unwrap())),
        "the moved 主送 ends with 。: {colophon}"
    );
    // Above the copies-to.
    assert!(
        colophon.find("主送：") < colophon.find("抄送："),
        "{colophon}"
    );
}
