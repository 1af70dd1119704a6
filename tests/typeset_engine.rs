//! The engine's promises: reproducible PDFs (PDF/A-2b too) with subset-embedded fonts, a
//! sandbox that serves nothing it was not given, the document's own date, characters no font
//! has reported with their place, warnings kept, font chains per role, atomic writes.

use std::sync::OnceLock;

use xunshi::typeset::body::{self, Form};
use xunshi::typeset::export::{self, PdfFlavour, PdfSettings};
use xunshi::typeset::{Assets, Engine, FontOptions, Job, Role, measure};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&FontOptions::bundled_only()))
}

fn date() -> jiff::civil::Date {
    jiff::civil::date(2022, 10, 14)
}

fn body_job(text: &str) -> Job {
    body::job(text, "body.typ", Form::Document, date())
}

fn error_of(job: &Job) -> String {
    match engine().compile(job) {
        Ok(_) => panic!("expected an error"),
        Err(d) => d.to_string(),
    }
}

#[test]
fn identical_input_gives_byte_identical_pdf_also_as_pdf_a() {
    let job = body_job("= 总体情况\n\n巡视整改工作扎实推进。");
    for flavour in [PdfFlavour::Plain, PdfFlavour::A2b] {
        let settings = PdfSettings { flavour };
        let a = export::pdf(&engine().compile(&job).unwrap(), &settings).unwrap();
        let b = export::pdf(&engine().compile(&job).unwrap(), &settings).unwrap();
        assert!(a == b, "{flavour:?}: two runs differ");
        if flavour == PdfFlavour::A2b {
            let text = String::from_utf8_lossy(&a);
            assert!(
                text.contains("pdfaid:part>2<") || text.contains("pdfaid:part=\"2\""),
                "PDF/A-2 identification"
            );
        }
    }
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let job = body_job("= 总体情况\n\n巡视整改工作扎实推进。");
    let pdf = export::pdf(&engine().compile(&job).unwrap(), &PdfSettings::default()).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    let names: Vec<&str> = text
        .split("/BaseFont")
        .skip(1)
        .map(|rest| rest.trim_start().trim_start_matches('/'))
        .map(|rest| {
            rest.split(|c: char| c == '/' || c.is_whitespace() || c == '>')
                .next()
                .unwrap()
        })
        .collect();
    assert!(!names.is_empty(), "fonts referenced");
    for name in &names {
        let (tag, _) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("{name} is not a subset"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "subset tag of {name}"
        );
    }
    assert!(
        names.iter().any(|n| n.contains("FandolFang")),
        "body font embedded: {names:?}"
    );
    assert!(text.contains("/FontFile"), "font programs embedded");
    assert!(
        pdf.len() < 400_000,
        "subsets, not whole CJK fonts: {} bytes",
        pdf.len()
    );
}

#[test]
fn the_sandbox_serves_no_file_it_was_not_given() {
    for (source, what) in [
        ("#read(\"/etc/passwd\")", "absolute path"),
        ("#read(\"../../etc/passwd\")", "escaping path"),
        ("#import \"@preview/example:0.1.0\": *", "package"),
        ("#image(\"missing.png\")", "file that does not exist"),
    ] {
        let message = error_of(&body_job(source));
        assert!(message.contains("排版错误"), "{what}: {message}");
    }
}

#[test]
fn assets_are_served_from_their_folder_only_when_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listed.txt"), "列明的文件").unwrap();
    std::fs::write(dir.path().join("other.txt"), "未列明").unwrap();
    let mut job = body_job("#read(\"/listed.txt\")");
    job.assets = Some(Assets {
        root: dir.path().into(),
        only: Some(vec!["listed.txt".into()]),
    });
    let compiled = engine().compile(&job).unwrap_or_else(|d| panic!("{d}"));
    let text: String = measure::pages(&compiled.document)
        .iter()
        .map(|p| p.text())
        .collect();
    assert!(text.contains("列明的文件"));
    job.files.retain(|(p, _)| p != body::BODY_PATH);
    job.files
        .push((body::BODY_PATH.into(), b"#read(\"/other.txt\")".to_vec()));
    assert!(
        error_of(&job).contains("排版错误"),
        "an unlisted file is refused"
    );
}

#[test]
fn the_document_date_is_the_jobs_not_the_clock() {
    let compiled = engine()
        .compile(&body_job("#datetime.today().display()"))
        .unwrap();
    let text: String = measure::pages(&compiled.document)
        .iter()
        .map(|p| p.text())
        .collect();
    assert!(text.contains("2022-10-14"), "{text}");
}

#[test]
fn a_character_no_font_has_is_an_error_naming_it_and_its_line() {
    let message = error_of(&body_job("第一行正常。\n\n第二行有\u{10FFFD}字。"));
    assert!(message.contains("U+10FFFD"), "{message}");
    assert!(
        message.contains("body.typ:3:"),
        "names the file and line: {message}"
    );
}

#[test]
fn rare_name_characters_are_covered_by_the_bundled_fallback() {
    let fonts = engine().fonts();
    for role in Role::ALL {
        assert!(
            fonts.uncovered(role, "张堃、王喆、李䶮").is_empty(),
            "{role:?}"
        );
    }
    assert_eq!(
        fonts.uncovered(Role::Body, "甲\u{10FFFD}乙\u{10FFFD}"),
        vec!['\u{10FFFD}']
    );
    // And they print: no missing-glyph error, the rare ones set in Noto.
    let compiled = engine()
        .compile(&body_job("张堃、王喆、李䶮"))
        .unwrap_or_else(|d| panic!("{d}"));
    let pages = measure::pages(&compiled.document);
    let rare = pages[0]
        .texts
        .iter()
        .find(|t| t.text.contains('䶮'))
        .unwrap();
    assert_eq!(rare.family, "Noto Serif CJK SC");
}

#[test]
fn without_official_fonts_each_role_falls_back_with_a_notice() {
    let fonts = engine().fonts();
    let body = fonts.role(Role::Body);
    assert_eq!(body.families, ["FandolFang R", "Noto Serif CJK SC"]);
    assert!(!body.official);
    assert_eq!(
        fonts.role(Role::Heading1).families,
        ["FandolHei", "Noto Sans CJK SC"]
    );
    let notices = fonts.notices();
    assert_eq!(notices.len(), 5);
    assert!(
        notices.iter().any(|n| n.contains("仿宋_GB2312")),
        "{notices:?}"
    );
    let module = fonts.typst_module();
    assert!(
        module.contains("body: (\"FandolFang R\", \"Noto Serif CJK SC\",)"),
        "{module}"
    );
}

#[test]
fn warnings_are_kept_and_errors_point_into_the_users_file() {
    let compiled = engine()
        .compile(&body_job("#text(font: \"没有这个字体\")[字]"))
        .unwrap();
    assert!(
        compiled
            .warnings
            .iter()
            .any(|w| w.to_string().contains("未知字体")),
        "{:?}",
        compiled.warnings
    );
    let message = error_of(&body_job("正文\n\n#undefined-function()"));
    assert!(message.starts_with("排版错误：body.typ:3:"), "{message}");
}

#[test]
fn the_engine_is_shared_across_threads() {
    fn shareable<T: Send + Sync>(_: &T) {}
    shareable(engine());
    std::thread::scope(|s| {
        for i in 0..2 {
            s.spawn(move || {
                let job = body_job(&format!("第{i}份文档。"));
                engine().compile(&job).unwrap();
            });
        }
    });
}

#[test]
fn png_and_svg_have_one_image_per_page() {
    let compiled = engine().compile(&body_job("甲\n#pagebreak()\n乙")).unwrap();
    let png = export::png(&compiled, 0.5).unwrap();
    assert_eq!(png.len(), 2);
    assert!(png.iter().all(|p| p.starts_with(b"\x89PNG")));
    let svg = export::svg(&compiled);
    assert_eq!(svg.len(), 2);
    assert!(svg[0].starts_with("<svg"));
}

#[test]
fn writes_are_atomic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, "old").unwrap();
    xunshi::export::write_atomically(&path, b"new contents").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
    let missing = dir.path().join("no-such-dir").join("out.pdf");
    assert!(xunshi::export::write_atomically(&missing, b"x").is_err());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("out.pdf")],
        "no temporary files left"
    );
}
