//! OFD output, checked by readers nobody here wrote, for every kind of document the samples
//! make: ofdkit and easyofd (PyPI, in the venv scripts/test makes at target/ofd-venv, run
//! through tests/ofd_readers.py) open each OFD and read its pages, whose count and sizes must
//! be the PDF's and whose text must be the PDF's text (`pdftotext -raw`) in the same order;
//! ofd-core (crates.io) renders the first and last pages with the embedded fonts, and the
//! pictures must match Typst's own PNG of the page. The package's XML is checked part by
//! part, and the same document gives the same bytes.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;
use xunshi::export::Png;
use xunshi::produce::{Format, produce};
use xunshi::typeset::{Engine, FontOptions};

/// Pixels per inch the page pictures are compared at.
const DPI: f32 = 100.0;
/// How much of a page's ink may differ between ofd-core's picture and Typst's: the share of
/// pixels that are not white in either picture and differ by more than [`LEVELS`] in a
/// channel. ofd-core draws with tiny-skia and ttf-parser as Typst does, so the pictures
/// nearly agree (measured: under 0.1% on every page checked); a missing or substituted font,
/// a shifted line or a lost rule differs by far more (another page of the same document: over
/// 30%).
const INK_TOLERANCE: f64 = 0.03;
const LEVELS: u8 = 100;

/// One document of each kind the samples make: (kind, OFD, PDF).
fn documents() -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let engine = Engine::new(&FontOptions::bundled_only());
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for file in common::sample_files() {
        let loaded = common::load(&file);
        for sel in composer.all_selections(&loaded.case) {
            if !seen.insert(sel.kind.id.clone()) {
                continue;
            }
            let ofd = produce(&engine, &composer, &loaded.case, &sel, &Format::Ofd)
                .unwrap_or_else(|e| panic!("{}", e.report(Some(&loaded))));
            let pdf = common::produce_pdf(&engine, &composer, &loaded, &sel);
            out.push((
                sel.kind.id.to_string(),
                ofd.files[0].clone(),
                pdf.files[0].clone(),
            ));
        }
    }
    assert!(out.len() >= 9, "the samples make every built-in kind");
    out
}

fn first_of(kind: &str) -> (Vec<u8>, Vec<u8>, Vec<Vec<u8>>) {
    let engine = Engine::new(&FontOptions::bundled_only());
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    for file in common::sample_files() {
        let loaded = common::load(&file);
        if let Some(sel) = composer
            .all_selections(&loaded.case)
            .into_iter()
            .find(|s| s.kind.id == kind)
        {
            let make = |format: &Format| {
                produce(&engine, &composer, &loaded.case, &sel, format)
                    .unwrap_or_else(|e| panic!("{}", e.report(Some(&loaded))))
                    .files
            };
            let ofd = make(&Format::Ofd).remove(0);
            let pdf = make(&Format::Pdf(Default::default())).remove(0);
            let png = make(&Format::Png(Png::at_dpi(DPI)));
            return (ofd, pdf, png);
        }
    }
    panic!("no sample makes {kind}")
}

fn without_whitespace(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{c}')
        .collect()
}

/// The PDF's pages as poppler reads them: (width, height) in mm and the text in the order it
/// is drawn, without whitespace.
fn pdf_pages(pdf: &Path) -> Vec<((f64, f64), String)> {
    let info = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "100000"])
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) runs: scripts/test installs it");
    let sizes: Vec<(f64, f64)> = String::from_utf8_lossy(&info.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let dims: Vec<f64> = l
                .split(" size: ")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (dims[0] * 25.4 / 72.0, dims[1] * 25.4 / 72.0)
        })
        .collect();
    let text = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let mut texts: Vec<String> = text.split('\u{c}').map(without_whitespace).collect();
    // pdftotext ends every page with a form feed: the piece after the last one is empty.
    texts.truncate(sizes.len());
    sizes.into_iter().zip(texts).collect()
}

fn venv_python() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ofd-venv/bin/python")
}

/// What ofdkit and easyofd read of an OFD file.
fn readers(ofd: &Path) -> serde_json::Value {
    let python = venv_python();
    assert!(
        python.exists(),
        "{} is missing: scripts/test makes the venv with the OFD readers (ofdkit, easyofd)",
        python.display()
    );
    let out = Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ofd_readers.py"))
        .arg(ofd)
        .output()
        .expect("the venv's python runs");
    assert!(
        out.status.success(),
        "tests/ofd_readers.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the readers' JSON")
}

#[test]
fn ofdkit_and_easyofd_read_every_kind_as_poppler_reads_its_pdf() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, ofd, pdf) in documents() {
        let ofd_file = dir.path().join(format!("{kind}.ofd"));
        let pdf_file = dir.path().join(format!("{kind}.pdf"));
        std::fs::write(&ofd_file, &ofd).unwrap();
        std::fs::write(&pdf_file, &pdf).unwrap();
        let want = pdf_pages(&pdf_file);
        let got = readers(&ofd_file);
        for reader in ["ofdkit", "easyofd"] {
            let read = &got[reader];
            assert!(
                read.get("error").is_none(),
                "{kind}: {reader} cannot read the OFD: {}",
                read["error"]
            );
            let pages = read["pages"].as_array().unwrap();
            assert_eq!(
                pages.len(),
                want.len(),
                "{kind}: {reader} reads {} pages, the PDF has {}",
                pages.len(),
                want.len()
            );
            for (i, (page, ((w, h), text))) in pages.iter().zip(&want).enumerate() {
                let (pw, ph) = (
                    page["width"].as_f64().unwrap(),
                    page["height"].as_f64().unwrap(),
                );
                assert!(
                    (pw - w).abs() < 0.1 && (ph - h).abs() < 0.1,
                    "{kind}: page {} is {pw}×{ph} mm to {reader}, {w:.1}×{h:.1} mm in the PDF",
                    i + 1
                );
                let read_text = without_whitespace(page["text"].as_str().unwrap());
                let at = read_text
                    .chars()
                    .zip(text.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                assert!(
                    &read_text == text,
                    "{kind}: page {} as {reader} reads it differs from the PDF after {at} characters: …{}… vs …{}…",
                    i + 1,
                    read_text
                        .chars()
                        .skip(at.saturating_sub(8))
                        .take(30)
                        .collect::<String>(),
                    text.chars()
                        .skip(at.saturating_sub(8))
                        .take(30)
                        .collect::<String>(),
                );
            }
        }
        // ofdkit reads the metadata; easyofd finds every embedded font's file.
        let info = &got["ofdkit"];
        assert!(
            info["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{kind}: no title"
        );
        assert!(
            info["creation_date"]
                .as_str()
                .is_some_and(|d| d.len() == 10),
            "{kind}: creation date {}",
            info["creation_date"]
        );
        let fonts = got["easyofd"]["fonts"].as_object().unwrap();
        assert!(!fonts.is_empty(), "{kind}: no fonts");
        for (id, font) in fonts {
            assert!(
                font["embedded_bytes"].as_u64().unwrap() > 1000,
                "{kind}: easyofd finds no file for font {id}: {font}"
            );
        }
    }
}

/// Pixels of a picture as RGB rows.
struct Picture {
    width: usize,
    height: usize,
    rgb: Vec<[u8; 3]>,
}

fn png_picture(png: &[u8]) -> Picture {
    let image = typst::visualize::RasterImage::new(
        typst::foundations::Bytes::new(png.to_vec()),
        typst::visualize::ExchangeFormat::Png,
        typst::foundations::Smart::Auto,
    )
    .expect("Typst's PNG decodes");
    let rgba = image.dynamic().to_rgba8();
    Picture {
        width: rgba.width() as usize,
        height: rgba.height() as usize,
        rgb: rgba.pixels().map(|p| [p.0[0], p.0[1], p.0[2]]).collect(),
    }
}

/// The share of ink that differs between two pictures of a page (see [`INK_TOLERANCE`]).
fn ink_difference(a: &Picture, b: &Picture) -> f64 {
    let white = |p: &[u8; 3]| p.iter().all(|&c| c > 245);
    let mut ink = 0usize;
    let mut differ = 0usize;
    for (p, q) in a.rgb.iter().zip(&b.rgb) {
        if white(p) && white(q) {
            continue;
        }
        ink += 1;
        if p.iter().zip(q).any(|(x, y)| x.abs_diff(*y) > LEVELS) {
            differ += 1;
        }
    }
    if ink == 0 {
        0.0
    } else {
        differ as f64 / ink as f64
    }
}

/// The first and last pages of a document, as ofd-core renders them from the OFD file.
fn ofd_core_pictures(ofd: &Path, pages: &[usize]) -> Vec<Picture> {
    let mut reader = ofd_core::OfdReader::open(ofd).expect("ofd-core opens the OFD");
    let body = reader.ofd().doc_bodies[0].clone();
    let doc = reader
        .load_document(&body)
        .expect("ofd-core loads the document");
    let options = ofd_core::RenderOptions::with_dpi(f64::from(DPI));
    pages
        .iter()
        .map(|&i| {
            let pixmap = reader
                .render_page(&doc, i, &options)
                .unwrap_or_else(|e| panic!("ofd-core renders page {}: {e}", i + 1));
            // To look at them: XUNSHI_OFD_PICTURES=DIR cargo test --test ofd_documents.
            if let Some(dir) = std::env::var_os("XUNSHI_OFD_PICTURES") {
                let stem = ofd.file_stem().unwrap().to_string_lossy();
                let name = format!("{stem}-{}.png", i + 1);
                pixmap.save_png(Path::new(&dir).join(name)).unwrap();
            }
            Picture {
                width: pixmap.width() as usize,
                height: pixmap.height() as usize,
                rgb: pixmap
                    .pixels()
                    .iter()
                    .map(|p| {
                        let c = p.demultiply();
                        [c.red(), c.green(), c.blue()]
                    })
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn ofd_core_renders_first_and_last_pages_as_typst_does() {
    let dir = tempfile::tempdir().unwrap();
    let kinds = [
        "rectification-plan",
        "progress-report",
        "recommendation-letter",
        "closure-form",
        "monthly-report",
        "review-opinion",
        "transfer-feedback",
        "final-report",
        "supervision-report",
    ];
    let mut report = Vec::new();
    for kind in kinds {
        let (ofd, _, pngs) = first_of(kind);
        let file = dir.path().join(format!("{kind}.ofd"));
        std::fs::write(&file, &ofd).unwrap();
        let pages = [0, pngs.len() - 1];
        let pictures = ofd_core_pictures(&file, &pages);
        for (&i, picture) in pages.iter().zip(&pictures) {
            let typst = png_picture(&pngs[i]);
            if let Some(dir) = std::env::var_os("XUNSHI_OFD_PICTURES") {
                let name = format!("{kind}-{}.typst.png", i + 1);
                std::fs::write(Path::new(&dir).join(name), &pngs[i]).unwrap();
            }
            assert_eq!(
                (picture.width, picture.height),
                (typst.width, typst.height),
                "{kind}: page {} size in pixels",
                i + 1
            );
            let d = ink_difference(picture, &typst);
            report.push(format!("{kind} p{}: {:.1}%", i + 1, d * 100.0));
            assert!(
                d <= INK_TOLERANCE,
                "{kind}: page {} as ofd-core draws it differs from Typst's in {:.1}% of the ink (at most {:.0}%)",
                i + 1,
                d * 100.0,
                INK_TOLERANCE * 100.0
            );
        }
    }
    eprintln!(
        "ink differing, ofd-core against Typst: {}",
        report.join(", ")
    );
}

/// A wrong picture is found: a page against another page of the same document.
#[test]
fn the_picture_comparison_tells_pages_apart() {
    let (ofd, _, pngs) = first_of("rectification-plan");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.ofd");
    std::fs::write(&file, &ofd).unwrap();
    let second = &ofd_core_pictures(&file, &[1])[0];
    let d = ink_difference(second, &png_picture(&pngs[2]));
    eprintln!("pages 2 and 3 differ in {:.1}% of the ink", d * 100.0);
    assert!(
        d > 0.3,
        "pages 2 and 3 differ in {:.1}% of the ink",
        d * 100.0
    );
}

fn parts(ofd: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(ofd)).expect("the OFD is a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        out.insert(file.name().unwrap().into_owned(), bytes);
    }
    out
}

fn xml(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("the package has no {name}"))
            .clone(),
    )
    .expect("UTF-8 XML")
}

const NS: &str = "http://www.ofdspec.org/2016";

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text_of(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    child(node, name)
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
        .to_owned()
}

/// The numbers of an `ST_Array`, `g N v` expanded.
fn array(value: &str) -> Vec<f64> {
    let words: Vec<&str> = value.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i] == "g" {
            let n: usize = words[i + 1].parse().unwrap();
            let v: f64 = words[i + 2].parse().unwrap();
            out.extend(std::iter::repeat_n(v, n));
            i += 3;
        } else {
            out.push(words[i].parse().unwrap());
            i += 1;
        }
    }
    out
}

/// The package's structure: what GB/T 33190 requires is there, IDs are unique and within
/// MaxUnitID, everything referred to exists, and each text object places every character.
/// Gives the document's title and author.
fn check_package(kind: &str, ofd: &[u8]) -> (String, Option<String>) {
    let parts = parts(ofd);
    let entry = xml(&parts, "OFD.xml");
    let entry = roxmltree::Document::parse(&entry).expect("OFD.xml parses");
    let root = entry.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some(NS),
        "{kind}: OFD.xml namespace"
    );
    assert_eq!(root.attribute("DocType"), Some("OFD"));
    assert_eq!(root.attribute("Version"), Some("1.0"));
    let body = child(root, "DocBody").expect("DocBody");
    let info = child(body, "DocInfo").expect("DocInfo");
    let doc_id = text_of(info, "DocID");
    assert!(
        doc_id.len() == 32 && doc_id.chars().all(|c| c.is_ascii_hexdigit()),
        "{kind}: DocID {doc_id}"
    );
    let title = text_of(info, "Title");
    let author = child(info, "Author")
        .and_then(|a| a.text())
        .map(str::to_owned);
    assert_eq!(text_of(info, "CreationDate").len(), 10);
    assert_eq!(text_of(body, "DocRoot"), "Doc_0/Document.xml");

    let document = xml(&parts, "Doc_0/Document.xml");
    let document = roxmltree::Document::parse(&document).expect("Document.xml parses");
    let root = document.root_element();
    let common = child(root, "CommonData").expect("CommonData");
    let max: u64 = text_of(common, "MaxUnitID").parse().unwrap();
    let area = child(common, "PageArea").expect("PageArea");
    assert_eq!(text_of(area, "PhysicalBox"), "0 0 210 297", "{kind}: A4");
    let mut ids: HashMap<u64, String> = HashMap::new();
    let mut note = |id: &str, what: &str| {
        let id: u64 = id.parse().unwrap_or_else(|_| panic!("{kind}: ID {id}"));
        assert!(
            id >= 1 && id <= max,
            "{kind}: {what} ID {id} beyond MaxUnitID {max}"
        );
        if let Some(before) = ids.insert(id, what.to_owned()) {
            panic!("{kind}: ID {id} is both {before} and {what}");
        }
        id
    };

    let mut fonts = HashSet::new();
    let public = xml(&parts, &format!("Doc_0/{}", text_of(common, "PublicRes")));
    let public = roxmltree::Document::parse(&public).expect("PublicRes.xml parses");
    let base = public.root_element().attribute("BaseLoc").unwrap_or("");
    for font in public
        .descendants()
        .filter(|n| n.has_tag_name((NS, "Font")))
    {
        fonts.insert(note(font.attribute("ID").unwrap(), "font"));
        assert!(!font.attribute("FontName").unwrap().is_empty());
        assert!(!font.attribute("FamilyName").unwrap().is_empty());
        let file = format!("Doc_0/{base}/{}", text_of(font, "FontFile"));
        let data = parts
            .get(&file)
            .unwrap_or_else(|| panic!("{kind}: no font file {file}"));
        let face = ttf_parser::Face::parse(data, 0).expect("the font file parses");
        assert!(
            face.tables().cmap.is_some() && face.tables().os2.is_some(),
            "{kind}: {file} has cmap and OS/2"
        );
    }
    let mut media = HashSet::new();
    let docres = xml(&parts, &format!("Doc_0/{}", text_of(common, "DocumentRes")));
    let docres = roxmltree::Document::parse(&docres).expect("DocumentRes.xml parses");
    let base = docres.root_element().attribute("BaseLoc").unwrap_or("");
    for m in docres
        .descendants()
        .filter(|n| n.has_tag_name((NS, "MultiMedia")))
    {
        media.insert(note(m.attribute("ID").unwrap(), "image"));
        let file = format!("Doc_0/{base}/{}", text_of(m, "MediaFile"));
        assert!(parts.contains_key(&file), "{kind}: no image file {file}");
    }

    let pages = child(root, "Pages").expect("Pages");
    let mut red = false;
    for page in pages.children().filter(|n| n.is_element()) {
        note(page.attribute("ID").unwrap(), "page");
        let loc = format!("Doc_0/{}", page.attribute("BaseLoc").unwrap());
        let content = xml(&parts, &loc);
        let content = roxmltree::Document::parse(&content)
            .unwrap_or_else(|e| panic!("{kind}: {loc} parses: {e}"));
        for node in content.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            if let Some(id) = node.attribute("ID") {
                note(id, &format!("{name} in {loc}"));
            }
            match name {
                "TextObject" => {
                    let font: u64 = node.attribute("Font").unwrap().parse().unwrap();
                    assert!(fonts.contains(&font), "{kind}: font {font} is not a font");
                    assert!(node.attribute("Boundary").is_some());
                    assert!(node.attribute("Size").unwrap().parse::<f64>().unwrap() > 0.0);
                    let fill = child(node, "FillColor").expect("a text's colour");
                    red |= fill.attribute("Value") == Some("230 0 18");
                    let code = child(node, "TextCode").expect("TextCode");
                    let chars = code.text().unwrap_or("").chars().count();
                    assert!(chars > 0, "{kind}: an empty text object in {loc}");
                    let dx = code.attribute("DeltaX").map_or(vec![], array);
                    assert_eq!(dx.len(), chars - 1, "{kind}: DeltaX of {:?}", code.text());
                    if let Some(dy) = code.attribute("DeltaY") {
                        assert_eq!(array(dy).len(), chars - 1);
                    }
                    for cg in node
                        .children()
                        .filter(|n| n.has_tag_name((NS, "CGTransform")))
                    {
                        let at: usize = cg.attribute("CodePosition").unwrap().parse().unwrap();
                        let n: usize = cg.attribute("CodeCount").unwrap().parse().unwrap();
                        let g: usize = cg.attribute("GlyphCount").unwrap().parse().unwrap();
                        assert!(at + n <= chars, "{kind}: CGTransform past the text");
                        assert_eq!(text_of(cg, "Glyphs").split_whitespace().count(), g);
                    }
                }
                "PathObject" => {
                    assert!(node.attribute("Boundary").is_some());
                    let data = text_of(node, "AbbreviatedData");
                    assert!(data.starts_with("M "), "{kind}: path {data}");
                }
                "ImageObject" => {
                    let res: u64 = node.attribute("ResourceID").unwrap().parse().unwrap();
                    assert!(media.contains(&res), "{kind}: image {res} is not an image");
                }
                _ => {}
            }
        }
    }
    assert!(
        red || !["rectification-plan", "recommendation-letter"].contains(&kind),
        "{kind}: the red mark is red"
    );
    assert!(
        ids.keys().max() == Some(&max),
        "{kind}: MaxUnitID {max} is the largest ID"
    );
    (title, author)
}

/// The PDF's title and author, as pdfinfo reads them.
fn pdf_metadata(pdf: &[u8]) -> (String, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdfinfo")
        .arg(&file)
        .output()
        .expect("pdfinfo runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(|v| v.trim().to_owned())
    };
    // Typst joins several authors with ", ", the OFD with "、" as Chinese writes a list.
    (
        field("Title").unwrap_or_default(),
        field("Author").map(|a| a.replace(", ", "、")),
    )
}

#[test]
fn every_package_is_well_formed_and_refers_only_to_what_it_holds() {
    for (kind, ofd, pdf) in documents() {
        let (title, author) = check_package(&kind, &ofd);
        // The PDF's metadata: its title, its author the issuing organ(s).
        assert_eq!(
            (title, author),
            pdf_metadata(&pdf),
            "{kind}: title and author"
        );
        assert!(
            ofd.len() as f64 <= pdf.len() as f64 * 1.5,
            "{kind}: the OFD ({} bytes) is more than 1.5 times the PDF ({})",
            ofd.len(),
            pdf.len()
        );
    }
}

#[test]
fn the_same_document_gives_the_same_bytes_with_ofd_xml_first() {
    let (a, ..) = first_of("progress-report");
    let (b, ..) = first_of("progress-report");
    assert_eq!(a, b);
    let zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    assert_eq!(zip.name_for_index(0).unwrap().unwrap(), "OFD.xml");
}

#[test]
fn the_commands_write_ofd() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let case = samples.join("01-midway-qingshan.yaml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("方案.ofd");
    common::xunshi()
        .args([
            "render",
            "--doc",
            "rectification-plan",
            "--format",
            "ofd",
            "--quiet",
        ])
        .args(["--date", "2022-08-05", "-o"])
        .arg(&out)
        .arg(&case)
        .assert()
        .success();
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));

    let built = dir.path().join("out");
    common::xunshi()
        .arg("build")
        .arg(&case)
        .arg("-o")
        .arg(&built)
        .args([
            "--formats",
            "pdf,ofd",
            "--docs",
            "rectification-plan",
            "--quiet",
        ])
        .assert()
        .success();
    let found: Vec<String> = walkdir::WalkDir::new(&built)
        .into_iter()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ofd") || n.ends_with(".pdf"))
        .collect();
    assert!(
        found.iter().any(|n| n.ends_with(".ofd")) && found.iter().any(|n| n.ends_with(".pdf")),
        "build writes both: {found:?}"
    );

    let summary = dir.path().join("汇总.ofd");
    common::xunshi()
        .args(["summary", "--quiet", "-o"])
        .arg(&summary)
        .arg(&case)
        .assert()
        .success();
    check_package("round-summary", &std::fs::read(&summary).unwrap());
}

/// The files a Typst body (a document of its own, dated 2024-05-06) makes in `format`.
fn body_files(engine: &Engine, main: &str, name: &str, format: &Format) -> Vec<Vec<u8>> {
    let job = xunshi::typeset::body::job(
        main,
        name,
        xunshi::typeset::body::Form::Document,
        jiff::civil::date(2024, 5, 6),
    );
    let explain =
        |d: xunshi::typeset::Diagnostics| xunshi::produce::ProduceError::Typeset(d.to_string());
    xunshi::produce::export(engine, &job, format, &explain)
        .unwrap_or_else(|e| panic!("{e}"))
        .files
}

/// A 发文机关标志 too long for the type area is condensed onto one line (Typst scales it
/// horizontally): in the OFD its text object keeps the scaling as its CTM, stays red, and
/// ofd-core draws it where Typst does.
#[test]
fn a_condensed_mark_is_condensed_by_its_ctm_and_stays_red() {
    let engine = Engine::new(&FontOptions::bundled_only());
    let main = "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共明江市青山区城市管理综合行政执法局委员会\",), number: \"青城执〔2024〕3号\", title: \"关于测试的通知\")\n\n正文。\n";
    let make = |format: &Format| body_files(&engine, main, "mark.typ", format);
    let ofd = make(&Format::Ofd).remove(0);
    let png = make(&Format::Png(Png::at_dpi(DPI))).remove(0);
    let parts = parts(&ofd);
    let content = xml(&parts, "Doc_0/Pages/Page_0/Content.xml");
    let page = roxmltree::Document::parse(&content).unwrap();
    let mark = page
        .descendants()
        .find(|n| {
            n.has_tag_name((NS, "TextObject"))
                && child(*n, "TextCode")
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .contains("执法局")
        })
        .expect("the mark is text");
    let ctm: Vec<f64> = mark
        .attribute("CTM")
        .expect("the condensed mark has a CTM")
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(
        ctm[0] < 0.99 && ctm[0] > 0.3,
        "condensed horizontally: {ctm:?}"
    );
    assert_eq!(ctm[3], 1.0, "not vertically: {ctm:?}");
    assert_eq!(
        child(mark, "FillColor").unwrap().attribute("Value"),
        Some("230 0 18")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mark.ofd");
    std::fs::write(&file, &ofd).unwrap();
    let drawn = &ofd_core_pictures(&file, &[0])[0];
    let d = ink_difference(drawn, &png_picture(&png));
    assert!(
        d <= INK_TOLERANCE,
        "the page differs in {:.1}% of its ink",
        d * 100.0
    );
}

/// Images: a PNG goes into the package as it is, an SVG drawn to PNG; each is an image object
/// over the box Typst gives it. Glyphs a font's cmap does not give their characters are named
/// by a CGTransform. ofd-core draws the pages as Typst does.
#[test]
fn images_are_image_objects_where_typst_puts_them() {
    let engine = Engine::new(&FontOptions::bundled_only());
    // A 2 × 2 PNG of one blue, and an SVG of a green square with a rotated copy.
    let png = "137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0, 253, 212, 154, 115, 0, 0, 0, 22, 73, 68, 65, 84, 120, 218, 99, 100, 136, 58, 193, 192, 192, 192, 196, 192, 192, 192, 192, 192, 0, 0, 12, 250, 1, 38, 174, 38, 105, 81, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130";
    let main = format!(
        "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共××区委\",), title: \"关于图片的通知\")\n\n正文。\n\n#image(bytes(({png})), width: 40mm)\n\n#rotate(30deg, image(bytes(\"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect width='10' height='10' fill='#00a000'/></svg>\"), width: 30mm))\n\n#text(font: \"Noto Serif CJK SC\", features: (\"fwid\",))[ABC]\n"
    );
    let make = |format: &Format| body_files(&engine, &main, "images.typ", format);
    let ofd = make(&Format::Ofd).remove(0);
    let pngs = make(&Format::Png(Png::at_dpi(DPI)));
    check_package("images", &ofd);
    let parts = parts(&ofd);
    let res = xml(&parts, "Doc_0/DocumentRes.xml");
    assert_eq!(res.matches("<ofd:MultiMedia ").count(), 2, "{res}");
    assert!(res.contains("Format=\"PNG\""), "{res}");
    let images: usize = parts
        .iter()
        .filter(|(name, _)| name.starts_with("Doc_0/Pages/"))
        .map(|(_, xml)| {
            String::from_utf8_lossy(xml)
                .matches("<ofd:ImageObject ")
                .count()
        })
        .sum();
    assert_eq!(images, 2);
    // Full-width forms (the `fwid` feature) are not the glyphs the cmap gives A, B and C:
    // the text object names them by glyph id.
    let glyph_runs: usize = parts
        .iter()
        .filter(|(name, _)| name.starts_with("Doc_0/Pages/"))
        .map(|(_, xml)| {
            String::from_utf8_lossy(xml)
                .matches("<ofd:CGTransform ")
                .count()
        })
        .sum();
    assert!(glyph_runs >= 1, "no CGTransform for the full-width letters");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("images.ofd");
    std::fs::write(&file, &ofd).unwrap();
    let last = pngs.len() - 1;
    for (i, drawn) in [0, last].iter().zip(ofd_core_pictures(&file, &[0, last])) {
        let d = ink_difference(&drawn, &png_picture(&pngs[*i]));
        assert!(
            d <= INK_TOLERANCE,
            "page {} differs in {:.1}% of its ink",
            i + 1,
            d * 100.0
        );
    }
}
