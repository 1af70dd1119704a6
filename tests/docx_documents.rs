//! DOCX output: the package holds GB/T 9704's numbers in Word's terms, is reproducible, and
//! LibreOffice (headless Writer) lays it out to the standard's page: the PDF it converts the
//! DOCX to is measured with poppler's `pdftotext -bbox-layout` as our own PDF is, and its text
//! is our PDF's text in the same order.

mod common;

use std::io::Read;
use std::process::Command;
use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;
use xunshi::produce::{Format, produce};
use xunshi::typeset::{Engine, FontOptions};

const MM: f64 = 25.4 / 72.0;

/// (docx, pdf) of one document of the first sample.
fn make(kind: &str) -> (Vec<u8>, Vec<u8>) {
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    let loaded = common::sample_files()
        .iter()
        .map(|f| common::load(f))
        .find(|l| {
            composer
                .all_selections(&l.case)
                .iter()
                .any(|s| s.kind.id == kind)
        })
        .unwrap_or_else(|| panic!("no sample makes {kind}"));
    make_of(&loaded, kind)
}

/// (docx, pdf) of one document of a case.
fn make_of(loaded: &xunshi::case::LoadedCase, kind: &str) -> (Vec<u8>, Vec<u8>) {
    let engine = Engine::new(&FontOptions::bundled_only());
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    let sel = composer
        .all_selections(&loaded.case)
        .into_iter()
        .find(|s| s.kind.id == kind)
        .unwrap();
    let docx = produce(&engine, &composer, &loaded.case, &sel, &Format::Docx)
        .unwrap_or_else(|e| panic!("{}", e.report(Some(loaded))));
    let pdf = common::produce_pdf(&engine, &composer, loaded, &sel);
    (docx.files[0].clone(), pdf.files[0].clone())
}

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_package_holds_the_standard_in_words_terms() {
    let (docx, _) = make("rectification-plan");
    let doc = part(&docx, "word/document.xml");
    for want in [
        r#"<w:pgSz w:w="11906" w:h="16838"/>"#,
        r#"w:top="2098""#,
        r#"w:left="1587""#,
        r#"<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-848"/>"#,
        r#"w:orient="landscape""#,
        r#"<w:tblHeader/>"#,
        r#"<w:cantSplit/>"#,
        r#"<w:vAlign w:val="bottom"/>"#,
        r#"<w:pStyle w:val="Heading1"/>"#,
        "一、",
        r#"<w:pStyle w:val="AttachmentNote"/>"#,
        "附件：",
    ] {
        assert!(doc.contains(want), "document.xml lacks {want}");
    }
    let styles = part(&docx, "word/styles.xml");
    for name in [
        "标题",
        "主送",
        "一级标题",
        "二级标题",
        "三级标题",
        "四级标题",
        "附件说明",
        "署名",
        "成文日期",
        "附注",
        "版记",
        "发文机关标志",
        "仿宋_GB2312",
        "方正小标宋简体",
        "楷体_GB2312",
        "黑体",
        r#"<w:sz w:val="32"/>"#,
        r#"<w:spacing w:val="-6"/>"#,
        r#"<w:pPrDefault><w:pPr><w:snapToGrid w:val="0"/>"#,
        r#"<w:sz w:val="44"/>"#,
        r#"<w:color w:val="E60012"/>"#,
    ] {
        assert!(styles.contains(name), "styles.xml lacks {name}");
    }
    assert!(part(&docx, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
    for footer in ["word/footer1.xml", "word/footer2.xml"] {
        assert!(part(&docx, footer).contains(r#"w:instr=" PAGE ""#));
    }
    assert!(part(&docx, "word/footer1.xml").contains(r#"<w:jc w:val="right"/>"#));
    assert!(part(&docx, "word/footer2.xml").contains(r#"<w:jc w:val="left"/>"#));
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let (a, _) = make("progress-report");
    let (b, _) = make("progress-report");
    assert_eq!(a, b);
}

struct Line {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).unwrap() + key.len();
    let end = tag[start..].find('"').unwrap() + start;
    tag[start..end].parse().unwrap()
}

/// Pages of lines (mm) as `pdftotext -bbox-layout` reads them.
fn read(pdf: &std::path::Path) -> Vec<Vec<Line>> {
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<Vec<Line>> = Vec::new();
    for raw in xml.lines() {
        let tag = raw.trim();
        if tag.starts_with("<page ") {
            pages.push(Vec::new());
        } else if tag.starts_with("<line ") {
            pages.last_mut().unwrap().push(Line {
                text: String::new(),
                x0: attr(tag, "xMin") * MM,
                y0: attr(tag, "yMin") * MM,
                x1: attr(tag, "xMax") * MM,
                y1: attr(tag, "yMax") * MM,
            });
        } else if tag.starts_with("<word ") {
            let s = tag.find('>').unwrap() + 1;
            let e = tag.rfind("</word>").unwrap();
            let line = pages.last_mut().unwrap().last_mut().unwrap();
            line.text.push_str(&tag[s..e].replace("&amp;", "&"));
        }
    }
    pages
}

fn is_page_number(t: &str) -> bool {
    t.starts_with('—')
        && t.ends_with('—')
        && t.trim_matches('—').chars().all(|c| c.is_ascii_digit())
}

/// The text of a document in the order it is drawn (`pdftotext -raw`), without whitespace
/// and page numbers, up to its first table (cells are drawn in an order of their own).
fn text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let all: String = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !is_page_number(&l.replace(' ', "")))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace() && *c != '\u{c}')
        .collect();
    match all.find("序号") {
        Some(at) => all[..at].to_owned(),
        None => all,
    }
}

/// LibreOffice, with the official families set to the bundled fonts (as an office without
/// them would set its substitutes), converts a DOCX to PDF.
fn libreoffice(docx: &[u8], dir: &std::path::Path) -> std::path::PathBuf {
    let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/fandol");
    let mut conf = format!(
        "<?xml version=\"1.0\"?><fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include><dir>{}</dir><cachedir>{}</cachedir>",
        fonts.display(),
        dir.join("fc").display()
    );
    for (official, bundled) in [
        ("仿宋_GB2312", "FandolFang"),
        ("楷体_GB2312", "FandolKai"),
        ("黑体", "FandolHei"),
        ("方正小标宋简体", "FandolSong"),
        ("宋体", "FandolSong"),
    ] {
        conf += &format!(
            "<alias binding=\"same\"><family>{official}</family><prefer><family>{bundled}</family></prefer></alias>"
        );
    }
    conf += "</fontconfig>";
    std::fs::write(dir.join("fonts.conf"), conf).unwrap();
    let input = dir.join("d.docx");
    std::fs::write(&input, docx).unwrap();
    let status = Command::new("soffice")
        .env("FONTCONFIG_FILE", dir.join("fonts.conf"))
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        // The blank pages Word prints before a section that starts on an even page.
        .args([
            "--headless",
            "--convert-to",
            r#"pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}"#,
            "--outdir",
        ])
        .arg(dir)
        .arg(&input)
        .output()
        .expect("LibreOffice (soffice) runs: scripts/test installs libreoffice-writer-nogui");
    let pdf = dir.join("d.pdf");
    assert!(
        pdf.exists(),
        "LibreOffice could not open the DOCX: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    pdf
}

fn check_document_form(kind: &str) {
    let (docx, ours) = make(kind);
    check_document(kind, &docx, &ours);
}

fn check_document(kind: &str, docx: &[u8], ours: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let word_pdf = libreoffice(docx, dir.path());
    let word = read(&word_pdf);
    let pdf_file = dir.path().join("ours.pdf");
    std::fs::write(&pdf_file, ours).unwrap();
    let our_pages = read(&pdf_file);
    let (a, b) = (text(&word_pdf), text(&pdf_file));
    let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    assert!(
        a == b,
        "{kind}: the DOCX's text differs from the PDF's after {at} characters: …{}… vs …{}…",
        a.chars()
            .skip(at.saturating_sub(10))
            .take(40)
            .collect::<String>(),
        b.chars()
            .skip(at.saturating_sub(10))
            .take(40)
            .collect::<String>()
    );

    // Margins: nothing left of 28 mm or above 37 mm on an upright body page but the page
    // number; body lines start at 28 mm (indented ones two characters in).
    let body = &word[1];
    let lines: Vec<&Line> = body.iter().filter(|l| !is_page_number(&l.text)).collect();
    let left = lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
    assert!(
        (left - 28.0).abs() < 1.0,
        "{kind}: left margin {left:.1} mm"
    );
    let top = lines.iter().map(|l| l.y0).fold(f64::MAX, f64::min);
    // The first grid line starts at 37 mm; its 16 pt glyphs sit in the line's lower part.
    assert!(
        (37.0..40.5).contains(&top),
        "{kind}: first line's top {top:.1} mm"
    );
    // The type area's right edge (184 mm). LibreOffice hangs a line's final full-width
    // punctuation mark into the margin (by one character, despite `w:overflowPunct="0"`):
    // such a mark may end a character further.
    let hangs = |l: &&&Line| l.text.ends_with(['，', '。', '、', '；', '：', '”', '）']);
    let right = lines
        .iter()
        .filter(|l| !hangs(l))
        .map(|l| l.x1)
        .fold(0.0, f64::max);
    assert!(
        (right - 184.0).abs() < 1.5,
        "{kind}: type area ends at {right:.1} mm"
    );
    let hung = lines.iter().filter(hangs).map(|l| l.x1).fold(0.0, f64::max);
    assert!(
        hung < 184.0 + 6.0,
        "{kind}: a punctuation mark ends at {hung:.1} mm"
    );
    // 28 characters a line: the longest line of Chinese alone that starts and ends on the
    // type area's edges.
    let widest = word
        .iter()
        .flatten()
        .filter(|l| (l.x0 - 28.0).abs() < 1.0 && (l.x1 - 184.0).abs() < 1.5)
        .filter(|l| !l.text.is_ascii() && l.text.chars().all(|c| !c.is_ascii()))
        .map(|l| l.text.chars().count())
        .max();
    assert_eq!(widest, Some(28), "{kind}: characters on a full line");
    // 22 lines on the fullest page of body text (the pages before the first attachment).
    let body_pages = word
        .iter()
        .take_while(|p| !p.iter().any(|l| l.text == "附件"))
        .skip(1);
    let full = body_pages
        .map(|p| p.iter().filter(|l| !is_page_number(&l.text)).count())
        .max()
        .unwrap();
    assert_eq!(full, 22, "{kind}: lines on the fullest body page");
    // The 版记 at the bottom of the last page, an even one, which carries nothing else and no
    // number; a blank page before it has none either.
    let last = word.last().unwrap();
    assert_eq!(word.len() % 2, 0, "{kind}: the 版记's page is even");
    assert!(
        last.iter().any(|l| l.text.ends_with("印发")),
        "{kind}: no 版记 on the last page"
    );
    let foot = last.iter().map(|l| l.y1).fold(0.0, f64::max);
    assert!(
        (256.0..262.5).contains(&foot),
        "{kind}: the 版记's last line ends at {foot:.1} mm, not at the type area's foot (262 mm)"
    );
    let top = last.iter().map(|l| l.y0).fold(f64::MAX, f64::min);
    let opens_colophon = |l: &&Line| {
        l.text.starts_with("主送：") || l.text.starts_with("抄送：") || l.text.ends_with("印发")
    };
    assert!(
        !last.iter().any(|l| is_page_number(&l.text))
            && last
                .iter()
                .filter(|l| l.y0 < top + 1.0)
                .any(|l| opens_colophon(&l)),
        "{kind}: the 版记's page carries something else"
    );
    if word.len() >= 2 && word[word.len() - 2].is_empty() {
        assert!(
            our_pages.len() == word.len() && our_pages[word.len() - 2].is_empty(),
            "{kind}: a blank page before the 版记 where the PDF has none"
        );
    }
    // Page numbers: odd pages right, even pages left.
    for (i, page) in word.iter().enumerate() {
        if let Some(n) = page.iter().find(|l| is_page_number(&l.text)) {
            if (i + 1) % 2 == 1 {
                assert!(n.x0 > 105.0, "{kind}: page {} number not right", i + 1);
            } else {
                assert!(n.x1 < 105.0, "{kind}: page {} number not left", i + 1);
            }
        }
    }
}

#[test]
fn libreoffice_lays_the_rectification_plan_out_to_the_standard() {
    check_document_form("rectification-plan");
}

#[test]
fn libreoffice_lays_the_progress_report_out_to_the_standard() {
    check_document_form("progress-report");
}

/// The plan of a group with the longest names an office has: a 28-character 公司委员会 as
/// issuer, eleven 主送 bodies (too many for the first page: they move into the 版记), seven 抄送
/// bodies two of them over 30 characters, a 31-character 印发机关 that wraps beside its date.
#[test]
fn libreoffice_lays_the_longest_names_out_with_the_colophon_at_the_foot() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/03-closed-jincheng-transport-group.yaml");
    let long = "中共广西北部湾国际港务集团有限公司钦州港片区分公司委员会";
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("中共金澄交通投资集团有限公司委员会", long)
        .replacen(
            "    recipients:\n      - 集团总部各部门\n      - 所属各企业党组织\n",
            "    recipients: [集团总部各部门, 所属各全资子公司党委, 各控股子公司党委, 各参股企业党组织, 集团驻外各办事处党支部, 钦州港片区各分公司党委, 北部湾港口建设项目临时党支部, 集团离退休干部党委, 集团团委, 集团工会委员会, 集团妇女工作委员会]\n",
            1,
        )
        .replacen(
            "      - 自治区国资委党委\n    printed_by: 金澄交通投资集团有限公司党委办公室\n",
            "      - 自治区国资委党委\n      - 中共广西壮族自治区纪律检查委员会驻自治区人民政府国有资产监督管理委员会纪检监察组\n      - 广西北部湾国际港务集团有限公司钦州港片区分公司纪律检查委员会\n    printed_by: 中共广西北部湾国际港务集团有限公司钦州港片区分公司委员会办公室\n",
            1,
        );
    assert!(
        text.contains("中共广西壮族自治区纪律检查委员会驻"),
        "the sample changed"
    );
    let loaded = xunshi::case::load_source(&path, text.as_bytes())
        .unwrap_or_else(|d| panic!("{}", xunshi::case::render_report(&d)));
    let (docx, ours) = make_of(&loaded, "rectification-plan");
    check_document("longest names", &docx, &ours);
    let dir = tempfile::tempdir().unwrap();
    let word = read(&libreoffice(&docx, dir.path()));
    let colophon: String = word
        .last()
        .unwrap()
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert!(
        colophon.contains("主送：集团总部各部门") && colophon.contains("委员会办公室"),
        "the 版记 lacks the moved 主送 or the whole 印发机关: {colophon}"
    );
    assert!(
        !word[0].iter().any(|l| l.text.starts_with("集团总部各部门")),
        "主送 stayed under the title"
    );
}

/// Rows of red pixels on a page (pdftoppm at 100 dpi): (y, leftmost x, rightmost x, count),
/// in mm.
fn red_rows(pdf: &std::path::Path, page: usize) -> Vec<(f64, f64, f64, usize)> {
    let out = Command::new("pdftoppm")
        .args([
            "-r",
            "100",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(pdf)
        .output()
        .expect("pdftoppm runs");
    let data = out.stdout;
    // P6 <w> <h> 255 <pixels>
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
    }
    at += 1;
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let px = 25.4 / 100.0;
    let mut rows = Vec::new();
    for y in 0..h {
        let row = &data[at + y * w * 3..at + (y + 1) * w * 3];
        let red: Vec<usize> = (0..w)
            .filter(|&x| row[3 * x] > 180 && row[3 * x + 1] < 90 && row[3 * x + 2] < 90)
            .collect();
        if let (Some(first), Some(last)) = (red.first(), red.last()) {
            rows.push((
                y as f64 * px,
                *first as f64 * px,
                *last as f64 * px,
                red.len(),
            ));
        }
    }
    rows
}

/// The rules among red rows: runs of adjacent rows at least 160 mm wide, as (top, bottom) mm.
fn rules(rows: &[(f64, f64, f64, usize)]) -> Vec<(f64, f64, f64, f64)> {
    let mut out: Vec<(f64, f64, f64, f64)> = Vec::new();
    for &(y, x0, x1, _) in rows.iter().filter(|r| r.2 - r.1 > 160.0) {
        match out.last_mut() {
            Some(last) if y - last.1 < 0.3 => last.1 = y,
            _ => out.push((y, y, x0, x1)),
        }
    }
    out
}

fn check_letter_form(kind: &str) {
    let (docx, ours) = make(kind);
    let dir = tempfile::tempdir().unwrap();
    let word_pdf = libreoffice(&docx, dir.path());
    let word = read(&word_pdf);
    let pdf_file = dir.path().join("ours.pdf");
    std::fs::write(&pdf_file, &ours).unwrap();
    let (a, b) = (text(&word_pdf), text(&pdf_file));
    assert_eq!(a, b, "{kind}: the DOCX's text differs from the PDF's");

    // The mark: red, its top edge 30 mm below the paper's top.
    let red = red_rows(&word_pdf, 1);
    let top = red.first().expect("red on the first page").0;
    assert!(
        (top - 30.0).abs() < 1.0,
        "{kind}: the mark's top at {top:.1} mm"
    );
    // Two double lines, each 170 mm long and centred: thick over thin under the mark, thin
    // over thick at the bottom with the thick line 20 mm above the paper's bottom edge.
    let lines = rules(&red);
    assert_eq!(lines.len(), 4, "{kind}: red rules {lines:?}");
    for &(_, _, x0, x1) in &lines {
        assert!(
            (x1 - x0 - 170.0).abs() < 1.5 && ((x0 + x1) / 2.0 - 105.0).abs() < 1.0,
            "{kind}: a double line runs {x0:.1}–{x1:.1} mm"
        );
    }
    let thickness = |l: &(f64, f64, f64, f64)| l.1 - l.0;
    assert!(
        thickness(&lines[0]) > thickness(&lines[1]),
        "{kind}: the upper double line is not thick over thin: {lines:?}"
    );
    assert!(
        thickness(&lines[3]) > thickness(&lines[2]),
        "{kind}: the lower double line is not thin over thick: {lines:?}"
    );
    let mark_bottom = red
        .iter()
        .filter(|r| r.2 - r.1 <= 160.0)
        .map(|r| r.0)
        .fold(0.0, f64::max);
    let gap = lines[0].0 - mark_bottom;
    assert!(
        (3.0..5.5).contains(&gap),
        "{kind}: mark to line {gap:.1} mm"
    );
    let thick = (lines[3].0 + lines[3].1) / 2.0;
    assert!(
        (thick - 277.0).abs() < 1.0,
        "{kind}: the lower thick line at {thick:.1} mm"
    );
    // The number under the upper line at the right edge of the type area, above the title.
    let first = &word[0];
    let number = first
        .iter()
        .find(|l| l.text.ends_with('号') && l.text.contains('〔'))
        .expect("a document number");
    assert!(
        (number.x1 - 184.0).abs() < 1.5 && number.y0 > lines[1].1 && number.y0 < lines[1].1 + 12.0,
        "{kind}: number at {:.1}–{:.1} mm, {:.1} mm down",
        number.x0,
        number.x1,
        number.y0
    );
    // No page number on the first page; the letter head only there; later pages numbered.
    assert!(
        !first.iter().any(|l| is_page_number(&l.text)),
        "{kind}: page 1 numbered"
    );
    if word.len() > 1 {
        assert!(red_rows(&word_pdf, 2).is_empty(), "{kind}: red on page 2");
        let n = word[1]
            .iter()
            .find(|l| is_page_number(&l.text))
            .unwrap_or_else(|| panic!("{kind}: page 2 without a number"));
        assert!(n.x1 < 105.0, "{kind}: page 2's number not left");
        // Body lines on later pages keep the document form's margins.
        let left = word[1]
            .iter()
            .filter(|l| !is_page_number(&l.text))
            .map(|l| l.x0)
            .fold(f64::MAX, f64::min);
        assert!(
            (left - 28.0).abs() < 1.0,
            "{kind}: page 2 left margin {left:.1}"
        );
    }
    // Nothing the letter carries below its lower double line.
    assert!(
        first.iter().all(|l| l.y0 < lines[2].0),
        "{kind}: text under the lower double line"
    );
}

#[test]
fn libreoffice_lays_the_recommendation_letter_out_as_a_letter() {
    check_letter_form("recommendation-letter");
}

#[test]
fn libreoffice_lays_the_review_opinion_out_as_a_letter() {
    check_letter_form("review-opinion");
}

#[test]
fn the_letter_package_has_its_head_and_foot_on_the_first_page_only() {
    let (docx, _) = make("recommendation-letter");
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains("<w:titlePg/>"));
    assert!(doc.contains(r#"<w:headerReference w:type="first" r:id="rIdHeader1"/>"#));
    assert!(doc.contains(r#"<w:footerReference w:type="first" r:id="rIdFooter4"/>"#));
    let head = part(&docx, "word/header1.xml");
    assert!(head.contains(r#"w:val="thickThinSmallGap""#), "{head}");
    assert!(part(&docx, "word/footer4.xml").contains(r#"w:val="thinThickSmallGap""#));
    assert!(!part(&docx, "word/footer4.xml").contains("PAGE"));
}

/// Every character of a PDF's text but page numbers, sorted: the same wording, whatever order
/// a table's cells are drawn in.
fn characters(pdf: &std::path::Path) -> Vec<char> {
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let mut all: Vec<char> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !is_page_number(&l.replace(' ', "")))
        .flat_map(|l| l.chars().collect::<Vec<_>>())
        .filter(|c| !c.is_whitespace() && *c != '\u{c}')
        .collect();
    all.sort_unstable();
    all
}

/// A table form: no head, the title first, the same wording as our PDF, every page within the
/// type area; `landscape` pages turned with the header row on every page.
fn check_table_form(kind: &str, landscape: bool) {
    let (docx, ours) = make(kind);
    let doc = part(&docx, "word/document.xml");
    for want in ["<w:cantSplit/>", r#"<w:pStyle w:val="FormLine"/>"#] {
        assert!(doc.contains(want), "{kind}: document.xml lacks {want}");
    }
    assert!(
        !doc.contains(r#"w:val="Mark""#),
        "{kind}: a table form has no mark"
    );
    let dir = tempfile::tempdir().unwrap();
    let word_pdf = libreoffice(&docx, dir.path());
    let word = read(&word_pdf);
    let pdf_file = dir.path().join("ours.pdf");
    std::fs::write(&pdf_file, &ours).unwrap();
    assert_eq!(
        characters(&word_pdf).iter().collect::<String>(),
        characters(&pdf_file).iter().collect::<String>(),
        "{kind}: the DOCX's wording differs from the PDF's"
    );
    let (a, b) = (text(&word_pdf), text(&pdf_file));
    let title: String = b.chars().take(12).collect();
    assert!(a.starts_with(&title), "{kind}: starts {a:.40}, not {title}");
    assert!(
        red_rows(&word_pdf, 1).is_empty(),
        "{kind}: red on a table form"
    );
    let info = Command::new("pdfinfo").arg(&word_pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let size = info.lines().find(|l| l.starts_with("Page size")).unwrap();
    assert_eq!(size.contains("841.89 x 595"), landscape, "{kind}: {size}");
    // Margins of the turned or upright type area (LibreOffice may hang a final mark).
    let (left, top, right) = if landscape {
        (37.0, 28.0, 262.0)
    } else {
        (28.0, 37.0, 184.0)
    };
    for (i, page) in word.iter().enumerate() {
        for l in page.iter().filter(|l| !is_page_number(&l.text)) {
            assert!(
                l.x0 > left - 1.0 && l.x1 < right + 6.0 && l.y0 > top - 1.0,
                "{kind}: page {} line {} at {:.1}, {:.1}–{:.1}",
                i + 1,
                l.text,
                l.y0,
                l.x0,
                l.x1
            );
        }
    }
    if landscape {
        assert!(word.len() > 1, "{kind}: the sample's table fits one page");
        assert!(doc.contains("<w:tblHeader/>"));
        for (i, page) in word.iter().enumerate() {
            assert!(
                page.iter().any(|l| l.text.contains("本月进展")),
                "{kind}: page {} without the header row",
                i + 1
            );
        }
    }
}

#[test]
fn libreoffice_lays_the_closure_form_out() {
    check_table_form("closure-form", false);
}

#[test]
fn libreoffice_lays_the_monthly_report_out_turned_with_its_header_on_every_page() {
    check_table_form("monthly-report", true);
}

/// `xunshi build --formats pdf,docx`: one run writes both, each its own file and manifest entry
/// with its own fingerprint; the next run skips both; an unknown format is refused.
#[test]
fn build_writes_every_format_asked_for_each_its_own_entry() {
    let out = tempfile::tempdir().unwrap();
    let case = common::sample_files()
        .into_iter()
        .find(|f| f.to_string_lossy().contains("05-early"))
        .unwrap();
    let build = |formats: &str| {
        common::xunshi()
            .args(["build", case.to_str().unwrap(), "-o"])
            .arg(out.path())
            .args(["--formats", formats, "-q"])
            .output()
            .unwrap()
    };
    let first = build("pdf,docx");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join(".xunshi-manifest.json")).unwrap())
            .unwrap();
    let docs = manifest["documents"].as_object().unwrap();
    let pdfs: Vec<&String> = docs.keys().filter(|k| k.ends_with(".pdf")).collect();
    assert!(pdfs.len() >= 3, "{docs:?}");
    for pdf in pdfs {
        let docx = pdf.replace(".pdf", ".docx");
        assert!(docs.contains_key(&docx), "no entry for {docx}");
        assert_ne!(
            docs[pdf]["inputs"], docs[&docx]["inputs"],
            "{pdf}: one fingerprint"
        );
        let bytes = std::fs::read(out.path().join(&docx)).unwrap();
        assert!(bytes.starts_with(b"PK"), "{docx} is not a zip");
        assert!(
            std::fs::read(out.path().join(pdf))
                .unwrap()
                .starts_with(b"%PDF-")
        );
    }
    let again = build("docx,pdf");
    let said = String::from_utf8_lossy(&again.stderr).into_owned();
    assert!(again.status.success(), "{said}");
    let again = common::xunshi()
        .args(["build", case.to_str().unwrap(), "-o"])
        .arg(out.path())
        .args(["--formats", "pdf,docx"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&again.stderr).into_owned();
    assert!(said.contains("写出 0 份"), "{said}");
    let bad = build("pdf,odt");
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("可选值"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// The round summary as DOCX, through the same command and template as its PDF: the same
/// characters, and the 文件格式 head with its red rule even though the summary has no number.
#[test]
fn the_round_summary_is_made_as_docx_from_its_own_template() {
    let dir = tempfile::tempdir().unwrap();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let round = "十二届自治区党委第三轮巡视";
    for out in ["s.docx", "s.pdf"] {
        let o = common::xunshi()
            .args(["summary", "--quiet", "--round", round, "-o"])
            .arg(dir.path().join(out))
            .arg(&samples)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{out}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let docx = std::fs::read(dir.path().join("s.docx")).unwrap();
    let document = part(&docx, "word/document.xml");
    assert!(
        document.contains(r#"<w:pStyle w:val="DocNumber"/>"#),
        "the number line"
    );
    let converted = libreoffice(&docx, dir.path());
    // A red row across the whole type area (156 mm) below the mark: the rule.
    let rows = red_rows(&converted, 1);
    assert!(
        rows.iter()
            .any(|&(_, left, right, _)| right - left > 150.0 && left < 30.0),
        "a red rule under the head on page 1"
    );
    assert_eq!(
        characters(&converted),
        characters(&dir.path().join("s.pdf")),
        "the same wording as the PDF"
    );
}
