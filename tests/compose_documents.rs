//! The four core document kinds, end to end through the library: every kind renders from a
//! complete case, hostile text in every field prints literally, a missing required part is
//! refused before rendering, and a character no font has is named with its field.

use serde_json::Value;
use std::process::Command;
use xunshi::case::Case;
use xunshi::compose::templates::TemplateSet;
use xunshi::compose::{ComposeError, Composer};
use xunshi::produce::{Format, ProduceError, produce};
use xunshi::typeset::export::PdfSettings;
use xunshi::typeset::{Engine, FontOptions};

const BASE: &str = include_str!("fixtures/compose/base.yaml");

fn base_json() -> Value {
    let case: Case = serde_saphyr::from_str(BASE).expect("fixture parses");
    serde_json::to_value(case).unwrap()
}

fn engine() -> Engine {
    Engine::new(&FontOptions::bundled_only())
}

fn composer() -> Composer {
    Composer::new(TemplateSet::builtin()).expect("built-in templates load")
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed; scripts/test installs it");
    String::from_utf8(out.stdout).unwrap()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

const CORE_KINDS: [&str; 4] = [
    "progress-report",
    "recommendation-letter",
    "rectification-plan",
    "review-opinion",
];

#[test]
fn the_four_core_kinds_are_listed() {
    let composer = composer();
    let ids: Vec<&str> = composer.kinds().iter().map(|k| k.id.as_str()).collect();
    for kind in CORE_KINDS {
        assert!(ids.contains(&kind), "{kind} missing from {ids:?}");
    }
}

#[test]
fn every_core_kind_renders_from_a_complete_case() {
    let case: Case = serde_json::from_value(base_json()).unwrap();
    let (engine, composer) = (engine(), composer());
    let selections: Vec<_> = composer
        .all_selections(&case)
        .into_iter()
        .filter(|s| CORE_KINDS.contains(&s.kind.id.as_str()))
        .collect();
    assert_eq!(
        selections.len(),
        4,
        "one document per core kind for this case"
    );
    for sel in &selections {
        let produced = produce(
            &engine,
            &composer,
            &case,
            sel,
            &Format::Pdf(PdfSettings::default()),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", sel.kind.id));
        let text = squeeze(&pdf_text(&produced.files[0]));
        // The date and the number of every document print in the official form.
        let (number, date) = match sel.kind.id.as_str() {
            "rectification-plan" => ("青发〔2022〕15号", "2022年8月5日"),
            "progress-report" => ("青报〔2022〕30号", "2022年10月14日"),
            "review-opinion" => ("桂纪三〔2022〕8号", "2022年11月10日"),
            _ => ("桂巡办〔2022〕7号", "2022年9月20日"),
        };
        assert!(text.contains(number), "{}: number missing", sel.kind.id);
        assert!(text.contains(date), "{}: date missing", sel.kind.id);
        assert!(!text.contains("undefined") && !text.contains("null"));
    }
}

#[test]
fn computed_dates_reach_the_documents() {
    let case: Case = serde_json::from_value(base_json()).unwrap();
    let composer = composer();
    let find = |id: &str| {
        composer
            .all_selections(&case)
            .into_iter()
            .find(|s| s.kind.id == id)
            .unwrap()
    };
    let plan = composer
        .compose(&case, &find("rectification-plan"))
        .unwrap();
    // feedback 2022-07-15 + 3 months
    assert!(plan.source.contains("2022年10月15日"));
    let letter = composer
        .compose(&case, &find("recommendation-letter"))
        .unwrap();
    // no reply date given: issued 2022-09-20 + 2 months
    assert!(letter.source.contains("请于2022年11月20日前"));
    let review = composer.compose(&case, &find("review-opinion")).unwrap();
    assert!(review.source.contains("1个月"));
}

/// Free-text fields get hostile values; ids, dates and enums stay valid.
fn make_hostile(value: &mut Value, key: &str, next: &mut impl FnMut() -> String) {
    const KEEP: [&str; 8] = [
        "id",
        "status",
        "source",
        "kind",
        "reviewer",
        "subject",
        "classification",
        "number",
    ];
    match value {
        Value::String(s) => {
            let structural =
                KEEP.contains(&key) || xunshi::case::Date::parse(s).is_some() || s == "long_term";
            if !structural {
                *s = next();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| make_hostile(v, key, next)),
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                make_hostile(v, k, next);
            }
        }
        _ => {}
    }
}

#[test]
fn hostile_markup_in_every_field_prints_literally() {
    let hostile = [
        "#import \"/etc/passwd\"",
        "= 标题",
        "*星号*",
        "$x$",
        "@ref",
        "<l>",
        "]",
        "//注释",
        "\\反斜杠",
        "a@b.com",
        "䶮",
        "_下划线_",
    ];
    let mut json = base_json();
    let mut i = 0;
    make_hostile(&mut json, "", &mut || {
        i += 1;
        format!("甲{}乙{}", hostile[i % hostile.len()], i)
    });
    let case: Case = serde_json::from_value(json).unwrap();
    let (engine, composer) = (engine(), composer());
    for sel in composer.all_selections(&case) {
        let produced = produce(
            &engine,
            &composer,
            &case,
            &sel,
            &Format::Pdf(PdfSettings::default()),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", sel.kind.id));
        let text = squeeze(&pdf_text(&produced.files[0]));
        let mut seen = 0;
        for h in hostile {
            if text.contains(&squeeze(h)) {
                seen += 1;
            }
        }
        assert!(
            seen >= 3,
            "{}: hostile values must print literally, saw {seen}:\n{text}",
            sel.kind.id
        );
        assert!(!text.contains("root:"), "no file content was imported");
    }
    // Every hostile value printed by the plan, literally, somewhere.
    let plan = composer
        .all_selections(&case)
        .into_iter()
        .find(|s| s.kind.id == "rectification-plan")
        .unwrap();
    let produced = produce(
        &engine,
        &composer,
        &case,
        &plan,
        &Format::Pdf(PdfSettings::default()),
    )
    .unwrap();
    let text = squeeze(&pdf_text(&produced.files[0]));
    for h in hostile {
        assert!(text.contains(&squeeze(h)), "{h:?} not printed literally");
    }
}

#[test]
fn a_missing_required_part_is_refused_before_rendering() {
    let mut json = base_json();
    json["documents"]["progress_report"]["signers"] = Value::Array(vec![]);
    let case: Case = serde_json::from_value(json).unwrap();
    let composer = composer();
    let sel = composer
        .all_selections(&case)
        .into_iter()
        .find(|s| s.kind.id == "progress-report")
        .unwrap();
    match composer.compose(&case, &sel) {
        Err(ComposeError::Missing(m)) => {
            assert_eq!(m.field, "documents.progress_report.signers");
            assert!(m.message.contains("签发") || m.message.contains("signers"));
        }
        other => panic!("expected a missing-part error, got {other:?}"),
    }
}

#[test]
fn an_absent_optional_part_is_left_out_cleanly() {
    let mut json = base_json();
    json["organisation"] = Value::Null;
    let case: Case = serde_json::from_value(json).unwrap();
    let composer = composer();
    let sel = composer
        .all_selections(&case)
        .into_iter()
        .find(|s| s.kind.id == "rectification-plan")
        .unwrap();
    let source = composer.compose(&case, &sel).unwrap().source;
    assert!(!source.contains("组织领导"));
    assert!(source.contains("= 整改任务"));
}

#[test]
fn a_character_no_font_has_is_named_with_its_field() {
    let mut json = base_json();
    // U+10FFFD: a private-use character no bundled font has.
    json["unit"]["leaders"][0]["name"] = Value::String("李\u{10FFFD}".into());
    let case: Case = serde_json::from_value(json).unwrap();
    let (engine, composer) = (engine(), composer());
    let sel = &composer.all_selections(&case)[0];
    match produce(
        &engine,
        &composer,
        &case,
        sel,
        &Format::Pdf(PdfSettings::default()),
    ) {
        Err(ProduceError::Unprintable(list)) => {
            assert_eq!(list[0].field, "unit.leaders[0].name");
            assert_eq!(list[0].character, '\u{10FFFD}');
        }
        Err(e) => panic!("expected unprintable, got {e}"),
        Ok(_) => panic!("expected unprintable, got a document"),
    }
}

#[test]
fn a_user_template_shadows_the_built_in_and_its_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let kinds = dir.path().join("kinds");
    std::fs::create_dir_all(&kinds).unwrap();
    let template = kinds.join("review-opinion.typ");

    // A syntax error is found when the templates load.
    std::fs::write(&template, "第一行\n第二行 {{ item.id \n").unwrap();
    let mut set = TemplateSet::builtin();
    set.overlay(dir.path()).unwrap();
    let err = Composer::new(set).err().expect("broken template refused");
    assert!(err.contains(&template.display().to_string()), "{err}");
    assert!(err.contains(":2:"), "line 2 named: {err}");

    // A rendering error names the line and column of the failing expression.
    std::fs::write(
        &template,
        "{% set title = \"题\" %}{% include \"partials/head.typ\" %}\n正文\n  {{ item.no_such_field }}\n",
    )
    .unwrap();
    let mut set = TemplateSet::builtin();
    set.overlay(dir.path()).unwrap();
    let composer = Composer::new(set).unwrap();
    assert_eq!(
        composer.templates().origin("kinds/review-opinion.typ"),
        Some(&xunshi::compose::templates::Origin::User(template.clone()))
    );
    let case: Case = serde_json::from_value(base_json()).unwrap();
    let sel = composer
        .all_selections(&case)
        .into_iter()
        .find(|s| s.kind.id == "review-opinion")
        .unwrap();
    match composer.compose(&case, &sel) {
        Err(ComposeError::Template(e)) => {
            assert_eq!(e.file, template.display().to_string());
            assert_eq!((e.line, e.column), (3, 11), "the field name: {e}");
        }
        other => panic!("expected a template error, got {other:?}"),
    }
    // The other kinds still come from the built-ins.
    let plan = composer
        .all_selections(&case)
        .into_iter()
        .find(|s| s.kind.id == "rectification-plan")
        .unwrap();
    assert!(composer.compose(&case, &plan).is_ok());
}

#[test]
fn a_user_layout_library_shadows_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let built_in = TemplateSet::builtin()
        .text("gongwen.typ")
        .unwrap()
        .to_owned();
    // The office's own layout: the built-in one with a different red.
    let own = built_in.replace("red: rgb(230, 0, 18)", "red: rgb(0, 0, 200)");
    assert_ne!(own, built_in, "the red is a named setting");
    std::fs::write(dir.path().join("gongwen.typ"), own).unwrap();
    let mut set = TemplateSet::builtin();
    set.overlay(dir.path()).unwrap();
    let composer = Composer::new(set).unwrap();
    assert!(composer.layout_override().is_some());
    let case: Case = serde_json::from_value(base_json()).unwrap();
    let selections = composer.all_selections(&case);
    let sel = selections
        .iter()
        .find(|s| s.kind.id == "rectification-plan")
        .unwrap();
    let engine = engine();
    let svg = produce(&engine, &composer, &case, sel, &Format::Svg).unwrap();
    let first_page = String::from_utf8(svg.files[0].clone()).unwrap();
    assert!(
        first_page.contains("#0000c8"),
        "the mark is drawn in the office's blue"
    );
    let default = produce(&engine, &self::composer(), &case, sel, &Format::Svg).unwrap();
    assert!(
        !String::from_utf8(default.files[0].clone())
            .unwrap()
            .contains("#0000c8")
    );
}
