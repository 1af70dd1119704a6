//! An office's settings (`xunshi.yaml`), set once for every case file in its folder and the
//! folders below: the issuing details its documents share (发文机关, 发文机关标志, 主送, 抄送),
//! those of the recommendation letters the inspection office sends, the round summary's issuer
//! and recipients, and whether the bundled fonts are accepted. The nearest `xunshi.yaml` in the
//! case file's folder or a folder above it applies; a value written in the case wins over the
//! setting.
//!
//! Settings fill what a case leaves out before it is validated, so a case is read, checked
//! and made the same whichever command reads it. The file is YAML like the cases, read with the
//! same parser, and its mistakes are reported at its own line and column.

use super::diagnostic::{Diagnostic, Source};
use super::yaml::{self, PositionIndex};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The settings file's name.
pub const FILE_NAME: &str = "xunshi.yaml";

/// A settings file with every setting explained and commented out (`xunshi init` writes it):
/// it changes nothing until a line is enabled.
pub const STARTER: &str = include_str!("settings.starter.yaml");

/// Largest settings file read.
const MAX_BYTES: u64 = 1024 * 1024;

/// Issuing details an office's documents share.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuingDefaults {
    /// 发文机关
    pub issuer: Option<String>,
    /// 发文机关标志
    pub mark: Option<String>,
    /// 主送机关
    pub recipients: Option<Vec<String>>,
    /// 抄送机关
    pub copies_to: Option<Vec<String>>,
}

/// The round summary's issuing details.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryDefaults {
    /// 发文机关
    pub issuer: Option<String>,
    /// 主送机关
    pub recipients: Option<Vec<String>>,
}

/// The fonts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontSettings {
    /// The office has seen that its machines lack the official fonts and accepts the bundled
    /// ones: no notice about them.
    #[serde(default)]
    pub bundled_ok: bool,
}

/// One `xunshi.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// For every document under `documents` in a case (方案, 报告, 月报表, an office's own
    /// kinds).
    #[serde(default)]
    pub documents: IssuingDefaults,
    /// For every `recommendations[].document` (the inspection office's letters).
    #[serde(default)]
    pub recommendations: IssuingDefaults,
    /// For `xunshi summary`.
    #[serde(default)]
    pub summary: SummaryDefaults,
    #[serde(default)]
    pub fonts: FontSettings,
}

/// The settings in force for a case file or folder, and the file they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// The file's bytes, part of the fingerprint of every document they touch.
    pub bytes: Vec<u8>,
    pub settings: Settings,
}

/// The nearest `xunshi.yaml` for `path` (a case file or a folder): in its folder, else in a
/// folder above. `Ok(None)` when there is none; an unreadable or wrong one is an error at its
/// line and column.
pub fn find(path: &Path) -> Result<Option<Found>, Box<Diagnostic>> {
    let Some(file) = nearest(path) else {
        return Ok(None);
    };
    read(&file).map(Some)
}

/// The path of the nearest settings file for `path`, if any.
pub fn nearest(path: &Path) -> Option<PathBuf> {
    nearest_named(path, FILE_NAME)
}

/// The nearest file called `name` for `path` (a case file or a folder): in its folder, else
/// in a folder above.
pub fn nearest_named(path: &Path, name: &str) -> Option<PathBuf> {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()?.to_path_buf()
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let start = start.canonicalize().unwrap_or(start);
    start
        .ancestors()
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Reads one settings file.
pub fn read(file: &Path) -> Result<Found, Box<Diagnostic>> {
    let whole = |zh: String, en: String| Box::new(Diagnostic::error_in(file, 0, 0, zh, en));
    let too_big = std::fs::metadata(file).is_ok_and(|m| m.len() > MAX_BYTES);
    if too_big {
        return Err(whole(
            format!("设置文件超过 {} KB，已拒绝读取", MAX_BYTES / 1024),
            "the settings file is too big".into(),
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| {
        whole(
            format!("无法读取设置文件：{}", crate::zh::io_zh(&e)),
            format!("cannot read the settings file: {e}"),
        )
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        whole(
            "设置文件不是 UTF-8 编码，请用编辑器另存为 UTF-8".into(),
            "the settings file is not UTF-8".into(),
        )
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let only_comments = text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    if only_comments {
        return Ok(Found {
            path: file.to_path_buf(),
            bytes,
            settings: Settings::default(),
        });
    }
    let source = Source { path: file, text };
    let (value, positions) = yaml::parse(&source)?;
    check_keys(&value, &positions, &source)?;
    let settings = if value.is_null() {
        Settings::default()
    } else {
        serde_json::from_value(value).map_err(|e| {
            whole(
                format!("设置文件有误：{}（值的类型不对：机关名称写文字，主送、抄送写列表，如 [机关一, 机关二]；bundled_ok 写 true 或 false）", e),
                format!("the settings file is wrong: {e}"),
            )
        })?
    };
    Ok(Found {
        path: file.to_path_buf(),
        bytes,
        settings,
    })
}

/// The keys a settings file may have, by section.
const SECTIONS: [(&str, &[&str]); 4] = [
    ("documents", &["issuer", "mark", "recipients", "copies_to"]),
    (
        "recommendations",
        &["issuer", "mark", "recipients", "copies_to"],
    ),
    ("summary", &["issuer", "recipients"]),
    ("fonts", &["bundled_ok"]),
];

/// Refuses a key the settings do not know, at its line and column, naming those it may be.
fn check_keys(
    value: &Value,
    positions: &PositionIndex,
    source: &Source<'_>,
) -> Result<(), Box<Diagnostic>> {
    let Some(top) = value.as_object() else {
        if value.is_null() {
            return Ok(());
        }
        return Err(Box::new(source.error(
            (1, 1),
            "",
            "设置文件应由若干“名称: 值”组成（documents、recommendations、summary、fonts）",
            "the settings file must be a mapping",
        )));
    };
    let unknown = |field: &str, key: &str, known: &[&str]| {
        Box::new(source.error(
            positions.locate_key(field),
            field,
            format!("未知的设置项“{key}”，此处可用：{}", known.join("、")),
            format!("unknown setting `{key}`"),
        ))
    };
    let names: Vec<&str> = SECTIONS.iter().map(|(s, _)| *s).collect();
    for (key, section) in top {
        let Some((_, fields)) = SECTIONS.iter().find(|(s, _)| s == key) else {
            return Err(unknown(key, key, &names));
        };
        if let Some(map) = section.as_object() {
            for field in map.keys() {
                if !fields.contains(&field.as_str()) {
                    return Err(unknown(&format!("{key}.{field}"), field, fields));
                }
            }
        }
    }
    Ok(())
}

impl Settings {
    /// Fills what the case (parsed, not yet validated) leaves out: each object under
    /// `documents`, and each recommendation letter's `document`.
    pub fn fill(&self, case: &mut Value) {
        if let Some(documents) = case.get_mut("documents").and_then(Value::as_object_mut) {
            for details in documents.values_mut() {
                self.documents.fill(details);
            }
        }
        if let Some(letters) = case
            .get_mut("recommendations")
            .and_then(Value::as_array_mut)
        {
            for letter in letters {
                if let Some(details) = letter.get_mut("document") {
                    self.recommendations.fill(details);
                }
            }
        }
    }
}

impl IssuingDefaults {
    /// Sets each field of `details` (an issuing-details object) that is absent or null.
    fn fill(&self, details: &mut Value) {
        let Some(map) = details.as_object_mut() else {
            return;
        };
        let text = |v: &Option<String>| v.clone().map(Value::String);
        let list = |v: &Option<Vec<String>>| {
            v.clone()
                .map(|l| Value::Array(l.into_iter().map(Value::String).collect()))
        };
        set_absent(map, "issuer", text(&self.issuer));
        set_absent(map, "mark", text(&self.mark));
        set_absent(map, "recipients", list(&self.recipients));
        set_absent(map, "copies_to", list(&self.copies_to));
    }
}

fn set_absent(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    let Some(value) = value else { return };
    if map.get(key).is_none_or(Value::is_null) {
        map.insert(key.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> Result<Found, Box<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        std::fs::write(&file, text).unwrap();
        read(&file)
    }

    #[test]
    fn a_setting_fills_only_what_the_case_leaves_out() {
        let found = settings(
            "documents:\n  issuer: 中共××区委\n  mark: 中共××区委\n  recipients: [市委巡视组]\n",
        )
        .unwrap();
        let mut case = serde_json::json!({
            "documents": {
                "rectification_plan": {"date": "2022-08-01"},
                "progress_report": {"issuer": "中共××区委员会", "date": "2022-10-10", "recipients": []},
            }
        });
        found.settings.fill(&mut case);
        let plan = &case["documents"]["rectification_plan"];
        assert_eq!(plan["issuer"], "中共××区委");
        assert_eq!(plan["recipients"], serde_json::json!(["市委巡视组"]));
        let report = &case["documents"]["progress_report"];
        assert_eq!(
            report["issuer"], "中共××区委员会",
            "the case's own value wins"
        );
        assert_eq!(
            report["recipients"],
            serde_json::json!([]),
            "an empty list is a value"
        );
        assert_eq!(report["mark"], "中共××区委");
    }

    #[test]
    fn an_unknown_setting_is_refused_at_its_line_with_the_known_ones() {
        let e = settings("documents:\n  issuer: 中共××区委\n  seal: 印章\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
        assert!(
            e.message_zh.contains("seal") && e.message_zh.contains("mark"),
            "{}",
            e.message_zh
        );
        let e = settings("fonts: {bundled_ok: 是}\n").unwrap_err();
        assert!(e.message_zh.contains("true"), "{}", e.message_zh);
        let e = settings("documents: [1\n").unwrap_err();
        assert!(e.line > 0, "a syntax error is placed");
    }

    #[test]
    fn the_starter_changes_nothing_and_every_setting_in_it_reads() {
        assert_eq!(settings(STARTER).unwrap().settings, Settings::default());
        let uncommented: String = STARTER
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| l.contains(':'))
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()) || l.starts_with("  "))
            .map(|l| format!("{l}\n"))
            .collect();
        let found = settings(&uncommented).unwrap();
        assert_eq!(found.settings.documents.mark.as_deref(), Some("中共××区委"));
        assert!(found.settings.fonts.bundled_ok);
        assert_eq!(found.settings.summary.recipients.unwrap().len(), 1);
    }

    #[test]
    fn the_nearest_file_above_a_case_applies() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("2023").join("第三轮");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "fonts: {bundled_ok: true}\n").unwrap();
        let case = inner.join("case.yaml");
        std::fs::write(&case, "").unwrap();
        let found = find(&case).unwrap().unwrap();
        assert!(found.settings.fonts.bundled_ok);
        std::fs::write(inner.join(FILE_NAME), "").unwrap();
        let nearer = find(&case).unwrap().unwrap();
        assert!(!nearer.settings.fonts.bundled_ok, "the nearest file wins");
    }
}
