//! Document kinds (文种) as data: each kind is a manifest `kinds/<id>.kind.yaml` beside its Tera
//! template `kinds/<id>.typ` in a template set. The manifest says what the kind is called, which
//! GB/T 9704 form it takes, where in the case its issuing details (发文信息) live, which of them it
//! cannot do without, and how its output file is named. Adding a kind means adding these two
//! files, built in or in a user's template folder.

use super::templates::TemplateSet;
use serde::{Deserialize, Serialize};

/// The GB/T 9704 form a document takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// 文件格式
    Document,
    /// 信函格式
    Letter,
    /// 表格：月报表、审批表，无版头，标题居首。
    Table,
}

impl Form {
    pub fn name_zh(self) -> &'static str {
        match self {
            Form::Document => "文件格式",
            Form::Letter => "信函格式",
            Form::Table => "表格",
        }
    }
}

/// A document kind's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// Stable id used on the command line, e.g. `rectification-plan`.
    pub id: String,
    /// Chinese name, e.g. 巡视整改方案.
    pub name: String,
    pub form: Form,
    /// An upward document (上行文): prints the signer (签发人) beside the document number.
    #[serde(default)]
    pub upward: bool,
    /// Where the issuing details live in the case: `documents.<key>` for one document per
    /// case; `<list>[]` (e.g. `reviews[]`) for one document per list item, whose `document`
    /// field holds them, or `<list>[].<field>` when another field does (only the items that
    /// have it get a document); `none` for a form that has no issuing details of its own.
    pub issuing: String,
    /// One document per month or per measure instead of one per case (see [`Each`]).
    #[serde(default)]
    pub each: Option<Each>,
    /// Issuing-detail fields the kind cannot do without (e.g. `number`, `signers`).
    #[serde(default)]
    pub requires: Vec<String>,
    /// Fields of the item (the measure, transfer, …) the kind cannot do without, e.g. a
    /// closure form's `closure_standard` and `evidence`.
    #[serde(default)]
    pub item_requires: Vec<String>,
    /// What must be true of the whole case before the kind can be made.
    #[serde(default)]
    pub when: Vec<Condition>,
    /// The output file's stem; per-item kinds append `-<item id>`.
    pub output: String,
    /// What the kind says, one line, for `xunshi kinds`.
    #[serde(default)]
    pub summary: String,
}

/// Documents a kind makes from one case beyond one per case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Each {
    /// One per monthly report (月报表) fallen due after the centralised period, until every
    /// measure is closed; the item id is the month, `2023-03`.
    Month,
    /// One per measure whose work is done (completed or closed); the item id is the measure's.
    Measure,
}

/// A condition on the whole case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Every measure is closed (已销号) or long-term (长期坚持).
    AllMeasuresClosed,
}

/// Where a kind's issuing details are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuingSource<'a> {
    /// `documents.<key>`: one document per case.
    Documents(&'a str),
    /// `<list>[]` or `<list>[].<field>`: one document per item of a list (top-level, or nested
    /// as `unit.principal_changes`), its issuing details in `field` (`document` unless named).
    EachOf { list: &'a str, field: &'a str },
    /// `none`: a form without issuing details; it is dated and signed from its item.
    None,
}

impl Kind {
    /// The template file of this kind in a template set.
    pub fn template_name(&self) -> String {
        format!("kinds/{}.typ", self.id)
    }

    pub fn issuing_source(&self) -> Option<IssuingSource<'_>> {
        let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if self.issuing == "none" {
            return Some(IssuingSource::None);
        }
        if let Some(key) = self.issuing.strip_prefix("documents.") {
            return word(key).then_some(IssuingSource::Documents(key));
        }
        let (list, field) = self.issuing.split_once("[]")?;
        let field = match field {
            "" => "document",
            f => f.strip_prefix('.')?,
        };
        let path = |s: &str| s.split('.').all(word);
        (path(list) && word(field)).then_some(IssuingSource::EachOf { list, field })
    }
}

/// Every kind a template set defines, sorted by id.
pub fn all(templates: &TemplateSet) -> Result<Vec<Kind>, String> {
    let mut kinds = Vec::new();
    for (name, text) in templates.files_under("kinds/") {
        let Some(stem) = name
            .strip_prefix("kinds/")
            .and_then(|n| n.strip_suffix(".kind.yaml"))
        else {
            continue;
        };
        let kind: Kind = serde_saphyr::from_str(text)
            .map_err(|e| format!("文种清单 {name} 无法读取（manifest unreadable）：{e}"))?;
        if kind.id != stem {
            return Err(format!(
                "文种清单 {name} 的 id “{}” 与文件名不一致（manifest id differs from its file name）",
                kind.id
            ));
        }
        if kind.issuing_source().is_none() {
            return Err(format!(
                "文种清单 {name} 的 issuing “{}” 应为 documents.<键>、<列表>[]、<列表>[].<字段> 或 none",
                kind.issuing
            ));
        }
        if !templates.contains(&kind.template_name()) {
            return Err(format!(
                "文种 {} 缺少模板 {}（template missing）",
                kind.id,
                kind.template_name()
            ));
        }
        kinds.push(kind);
    }
    kinds.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(kinds)
}

/// The kind with `id`, or a message listing the known ones.
pub fn find<'k>(kinds: &'k [Kind], id: &str) -> Result<&'k Kind, String> {
    kinds.iter().find(|k| k.id == id).ok_or_else(|| {
        let known: Vec<&str> = kinds.iter().map(|k| k.id.as_str()).collect();
        format!(
            "未知文种 “{id}”（unknown document kind）；可用文种：{}",
            known.join("、")
        )
    })
}
