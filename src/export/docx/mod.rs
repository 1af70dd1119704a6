//! The Word backend: a document as an editable `.docx` laid out to GB/T 9704 in Word's own
//! terms (page setup, a 22 × 28 document grid, named paragraph styles, real tables, page-number
//! fields), from the same wording as its PDF.
//!
//! One wording source: the composed Typst source is evaluated a second time, for Typst's HTML
//! target, with `sys.inputs.xunshi-target = "docx"`. In that pass `templates/gongwen.typ`'s
//! functions name each element's role (`data-role="title"`, `"signature"`, …) instead of
//! placing it; paragraphs, headings (their numbers already text), strong text, line breaks and
//! tables (header rows, row and column spans) come from Typst itself. [`read`] turns that tree
//! into a small model of styled paragraphs and tables, and [`word`] writes the model as
//! WordprocessingML. Why this and not a document model of our own that both backends read:
//! the kind templates are Typst (an office's own templates too), so anything other than
//! evaluating them would mean writing every kind's wording a second time or parsing Typst
//! markup ourselves; walking Typst's raw content tree instead fails at every `context`
//! (the signature, headings, attachment notes are contextual), which the HTML target realises.

mod colophon;
mod measure;
mod read;
mod word;

use super::{Backend, Document, Needs};
use crate::typeset::diagnostics::Diagnostics;

/// The `.docx` backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Docx;

impl Backend for Docx {
    fn extension(&self) -> &'static str {
        "docx"
    }
    fn needs(&self) -> Needs {
        Needs::Semantic
    }
    fn export(&self, doc: &Document<'_>) -> Result<Vec<Vec<u8>>, Diagnostics> {
        let semantic = doc
            .semantic
            .expect("the producing code evaluates a document for every backend that needs it");
        let model = read::document(&semantic.document).map_err(Diagnostics::error)?;
        let parts = word::parts(&model, semantic.date);
        Ok(vec![super::zip::zip(
            parts.iter().map(|(name, text)| (*name, text.as_bytes())),
            super::zip::Packing::Fast,
        )])
    }
}

/// The fonts a DOCX asks for, by role: the first official family of each (for `xunshi fonts`).
pub fn requested_fonts() -> Vec<(crate::typeset::Role, &'static str)> {
    crate::typeset::Role::ALL
        .iter()
        .map(|&role| (role, role.official()[0]))
        .collect()
}
