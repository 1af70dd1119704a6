//! Composing one document: a case and a selected kind (and item) in, the Typst source of the
//! finished document out. The [`Composer`] holds a template set, its Tera environment and its
//! kinds, built once and shared by every document that uses the same templates.

use super::items;
use super::kinds::{self, IssuingSource, Kind};
use super::source_map::{Marker, SourceMap};
use super::templates::{LAYOUT_LIBRARY, TemplateError, TemplateSet};
use super::view::{Missing, Selection, View};
use crate::case::{Case, Date};
use std::fmt;
use std::sync::OnceLock;

/// A composed document, ready to typeset.
#[derive(Debug, Clone)]
pub struct Composed {
    /// The complete Typst main source (imports `/gongwen.typ`).
    pub source: String,
    /// The document's date (成文日期): fixes the PDF's dates and `today()`.
    pub date: Date,
    /// The output file's stem, e.g. `整改方案` or `审核意见-审1` (not yet made file-system safe).
    pub file_stem: String,
}

/// Why a document could not be composed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComposeError {
    /// The case lacks something the kind needs (a validation error: nothing is rendered).
    Missing(Missing),
    /// A template failed.
    Template(TemplateError),
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ComposeError::Missing(m) => write!(f, "{}: {}", m.field, m.message),
            ComposeError::Template(t) => t.fmt(f),
        }
    }
}

/// Templates, their Tera environment and the kinds they define.
pub struct Composer {
    templates: TemplateSet,
    tera: tera::Tera,
    kinds: Vec<Kind>,
    /// The instrumented environment, made the first time a document fails (see
    /// [`source_map`](super::source_map)).
    instrumented: OnceLock<Option<(tera::Tera, Vec<Marker>)>>,
}

impl Composer {
    pub fn new(templates: TemplateSet) -> Result<Composer, String> {
        let tera = templates.environment().map_err(|e| e.to_string())?;
        let kinds = kinds::all(&templates)?;
        Ok(Composer {
            templates,
            tera,
            kinds,
            instrumented: OnceLock::new(),
        })
    }

    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    pub fn templates(&self) -> &TemplateSet {
        &self.templates
    }

    /// The user's own layout library, when a user folder overrides `gongwen.typ`; `None` means
    /// the engine's built-in one.
    pub fn layout_override(&self) -> Option<&str> {
        match self.templates.origin(LAYOUT_LIBRARY) {
            Some(super::templates::Origin::User(_)) => self.templates.text(LAYOUT_LIBRARY),
            _ => None,
        }
    }

    /// Every document of `kind` the case has data for: one for a `documents.<key>` kind whose
    /// key is filled in, one per item for a per-item kind (see [`items`]).
    pub fn selections<'k>(&self, case: &Case, kind: &'k Kind) -> Vec<Selection<'k>> {
        selections_of(case, &case_json(case), kind)
    }

    /// The monthly report of `kind` (an `each: month` kind) covering `month` (`YYYY-MM`),
    /// whether or not it has fallen due yet; refused before the centralised period ends.
    pub fn month_selection<'k>(
        &self,
        case: &Case,
        kind: &'k Kind,
        month: &str,
    ) -> Result<Selection<'k>, String> {
        if kind.each != Some(super::kinds::Each::Month) {
            return Err(format!("《{}》不按月生成，不能指定 --month", kind.name));
        }
        Ok(Selection {
            kind,
            item: Some(items::month_index(case, month)?),
        })
    }

    /// Renders a template that is not a kind of one case (a round summary under `summary/`)
    /// with `context`, in the same Tera environment and escaping as the kinds.
    pub fn render_template(
        &self,
        name: &str,
        context: &impl serde::Serialize,
    ) -> Result<String, TemplateError> {
        let context =
            tera::Context::from_serialize(context).map_err(|e| self.templates.locate(&e))?;
        self.tera
            .render(name, &context)
            .map_err(|e| self.templates.locate(&e))
    }

    /// Every document the case supports, over every kind.
    pub fn all_selections(&self, case: &Case) -> Vec<Selection<'_>> {
        let case_json = case_json(case);
        self.kinds
            .iter()
            .flat_map(|k| selections_of(case, &case_json, k))
            .collect()
    }

    /// Every document the case supports with its output file's stem: what a batch plans.
    pub fn documents(&self, case: &Case) -> Vec<(Selection<'_>, String)> {
        let case_json = case_json(case);
        self.kinds
            .iter()
            .flat_map(|k| selections_of(case, &case_json, k))
            .map(|sel| {
                let stem = stem_of(case, &case_json, &sel);
                (sel, stem)
            })
            .collect()
    }

    /// Where each part of `source`, the composed source of `sel`, came from; `None` when the
    /// instrumented rendering does not reproduce it exactly.
    pub fn source_map(
        &self,
        case: &Case,
        sel: &Selection<'_>,
        source: &str,
    ) -> Option<SourceMap<'_>> {
        let view = View::build(case, case_json(case), sel).ok()?;
        self.map_rendering(&sel.kind.template_name(), &view, source)
    }

    /// [`source_map`](Self::source_map) of a template rendered with
    /// [`render_template`](Self::render_template).
    pub fn template_source_map(
        &self,
        name: &str,
        context: &impl serde::Serialize,
        source: &str,
    ) -> Option<SourceMap<'_>> {
        self.map_rendering(name, context, source)
    }

    fn map_rendering(
        &self,
        name: &str,
        context: &impl serde::Serialize,
        source: &str,
    ) -> Option<SourceMap<'_>> {
        let (tera, markers) = self
            .instrumented
            .get_or_init(|| self.templates.instrumented_environment())
            .as_ref()?;
        let context = tera::Context::from_serialize(context).ok()?;
        let output = tera.render(name, &context).ok()?;
        SourceMap::new(&output, source, markers)
    }

    pub fn compose(&self, case: &Case, sel: &Selection<'_>) -> Result<Composed, ComposeError> {
        let case_json = case_json(case);
        let file_stem = stem_of(case, &case_json, sel);
        let view = View::build(case, case_json, sel).map_err(ComposeError::Missing)?;
        let context = tera::Context::from_serialize(&view)
            .map_err(|e| ComposeError::Template(self.templates.locate(&e)))?;
        let source = self
            .tera
            .render(&sel.kind.template_name(), &context)
            .map_err(|e| ComposeError::Template(self.templates.locate(&e)))?;
        let date =
            serde_json::from_value(view.doc["date"].clone()).unwrap_or(case.round.feedback_date);
        Ok(Composed {
            source,
            date,
            file_stem,
        })
    }
}

/// The id of the item a per-item selection is about (`审1`, `1.2`, `2023-03`).
pub fn item_id(case: &Case, sel: &Selection<'_>) -> Option<String> {
    item_id_of(case, &case_json(case), sel)
}

fn item_id_of(case: &Case, case_json: &serde_json::Value, sel: &Selection<'_>) -> Option<String> {
    items::item(case, case_json, sel.kind, sel.item?).map(|i| i.id)
}

/// The output file's stem: the kind's output name, with `-<item id>` for per-item kinds (not
/// yet made file-system safe).
fn stem_of(case: &Case, case_json: &serde_json::Value, sel: &Selection<'_>) -> String {
    match (item_id_of(case, case_json, sel), sel.item) {
        (Some(id), _) => format!("{}-{id}", sel.kind.output),
        (None, Some(index)) => format!("{}-{}", sel.kind.output, index + 1),
        (None, None) => sel.kind.output.clone(),
    }
}

/// The case as the templates see it, serialised once per case or document and handed down.
fn case_json(case: &Case) -> serde_json::Value {
    serde_json::to_value(case).expect("the case model always serialises")
}

/// [`Composer::selections`] with the case's JSON already made.
fn selections_of<'k>(
    case: &Case,
    case_json: &serde_json::Value,
    kind: &'k Kind,
) -> Vec<Selection<'k>> {
    if let Some(indices) = items::indices(case, case_json, kind) {
        return indices
            .into_iter()
            .map(|i| Selection {
                kind,
                item: Some(i),
            })
            .collect();
    }
    match kind.issuing_source() {
        Some(IssuingSource::Documents(key))
            if case_json["documents"]
                .get(key)
                .is_some_and(|v| !v.is_null()) =>
        {
            vec![Selection { kind, item: None }]
        }
        _ => Vec::new(),
    }
}
