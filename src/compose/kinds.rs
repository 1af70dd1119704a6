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
}

impl Form {
    pub fn name_zh(self) -> &'static str {
        match self {
            Form::Document => "文件格式",
            Form::Letter => "信函格式",
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
    /// case, or `<list>[]` (e.g. `reviews[]`) for one document per list item, whose `document`
    /// field holds them.
    pub issuing: String,
    /// Issuing-detail fields the kind cannot do without (e.g. `number`, `signers`).
    #[serde(default)]
    pub requires: Vec<String>,
    /// The output file's stem; per-item kinds append `-<item id>`.
    pub output: String,
    /// What the kind says, one line, for `xunshi kinds`.
    #[serde(default)]
    pub summary: String,
}

/// Where a kind's issuing details are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuingSource<'a> {
    /// `documents.<key>`: one document per case.
    Documents(&'a str),
    /// `<list>[]`: one document per item of a top-level list.
    EachOf(&'a str),
}

impl Kind {
    /// The template file of this kind in a template set.
    pub fn template_name(&self) -> String {
        format!("kinds/{}.typ", self.id)
    }

    pub fn issuing_source(&self) -> Option<IssuingSource<'_>> {
        if let Some(key) = self.issuing.strip_prefix("documents.") {
            return (!key.is_empty()).then_some(IssuingSource::Documents(key));
        }
        let list = self.issuing.strip_suffix("[]")?;
        (!list.is_empty() && !list.contains('.')).then_some(IssuingSource::EachOf(list))
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
                "文种清单 {name} 的 issuing “{}” 应为 documents.<键> 或 <列表>[]",
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
