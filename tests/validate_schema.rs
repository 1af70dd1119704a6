//! The checked-in schema is what the types generate, every property has a Chinese title and
//! description, `xunshi schema` prints it, and `xunshi init` writes a starter that validates.

use assert_cmd::Command;
use serde_json::Value;

const CHECKED_IN: &str = "schemas/case.schema.json";

#[test]
fn checked_in_rules_schema_matches_the_types() {
    const RULES: &str = "schemas/rules.schema.json";
    let generated = xunshi::case::rules_file::file_schema().json();
    let checked_in = std::fs::read_to_string(RULES).unwrap_or_default();
    assert!(
        generated == checked_in,
        "{RULES} is out of date: regenerate with `cargo run -- rules --schema > {RULES}`"
    );
    let schema: Value = serde_json::from_str(&generated).unwrap();
    let mut missing = Vec::new();
    walk(&schema, "", &mut missing);
    assert!(
        missing.is_empty(),
        "fields without a Chinese title: {missing:?}"
    );
}

#[test]
fn checked_in_schema_matches_the_types() {
    let generated = xunshi::case::schema::schema_json();
    let checked_in = std::fs::read_to_string(CHECKED_IN).unwrap_or_default();
    assert!(
        generated == checked_in,
        "{CHECKED_IN} is out of date: regenerate with `cargo run -- schema > {CHECKED_IN}`"
    );
}

fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn walk(schema: &Value, path: &str, missing: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, prop) in props {
                    for key in ["title", "description"] {
                        let ok = prop.get(key).and_then(Value::as_str).is_some_and(has_han);
                        if !ok {
                            missing.push(format!("{path}/properties/{name}: {key}"));
                        }
                    }
                }
            }
            for (k, v) in map {
                walk(v, &format!("{path}/{k}"), missing);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{path}/{i}"), missing);
            }
        }
        _ => {}
    }
}

#[test]
fn every_property_has_a_chinese_title_and_description() {
    let schema = xunshi::case::schema::schema_value();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["title"], "巡视整改案卷");
    let mut missing = Vec::new();
    walk(schema, "#", &mut missing);
    assert!(
        missing.is_empty(),
        "without Chinese title/description:\n{}",
        missing.join("\n")
    );
}

#[test]
fn schema_command_prints_the_schema() {
    let out = Command::cargo_bin("xunshi")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        xunshi::case::schema::schema_json()
    );
}

#[test]
fn init_writes_a_starter_that_validates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new");
    let run = || {
        Command::cargo_bin("xunshi")
            .unwrap()
            .arg("init")
            .arg(&target)
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    let case = std::fs::read_to_string(target.join("case.yaml")).unwrap();
    assert!(case.starts_with("# yaml-language-server: $schema=./case.schema.json\n"));
    assert_eq!(
        std::fs::read_to_string(target.join("case.schema.json")).unwrap(),
        xunshi::case::schema::schema_json()
    );
    let loaded = xunshi::case::load_case(&target.join("case.yaml")).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.position("unit.leaders[1].name"), Some((27, 13)));

    let again = run();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在"));
}

#[test]
fn render_report_and_library_api() {
    let err = xunshi::case::load_case(std::path::Path::new(
        "tests/fixtures/validate/bad/enum_typo.yaml",
    ))
    .unwrap_err();
    let report = xunshi::case::render_report(&err);
    assert!(report.contains(":31:17: 错误："), "{report}");
    assert!(report.contains("字段：findings[0].measures[0].status"));
    let ok =
        xunshi::case::load_case(std::path::Path::new("tests/fixtures/validate/good.yaml")).unwrap();
    assert_eq!(ok.case.findings[0].measures[0].id, "1.1");
    assert_eq!(
        ok.position("findings[0].measures[1].leader"),
        Some((37, 17))
    );
}

#[test]
fn the_documented_example_validates() {
    let doc = std::fs::read_to_string("docs/case-file.md").unwrap();
    let example = doc
        .split("```yaml\n")
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("version: 1"))
        .expect("docs/case-file.md has an example case");
    let loaded =
        xunshi::case::load::load_source(std::path::Path::new("example.yaml"), example.as_bytes());
    assert!(
        loaded.is_ok(),
        "{}",
        loaded
            .err()
            .map(|d| xunshi::case::render_report(&d))
            .unwrap_or_default()
    );
}
