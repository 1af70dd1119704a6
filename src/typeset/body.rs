//! A plain Typst body as a document: either a complete document that applies the layout
//! library itself (`#show: gongwen.with(..)`), served as the main source, or bare content,
//! which is included into a generated main source that applies the layout in the chosen form.
//! This is how the engine is used before any document kind exists, and how tests drive it.

use super::engine::Job;
use super::world::GONGWEN_PATH;

/// The fixed virtual path of a bare body.
pub const BODY_PATH: &str = "/body.typ";

/// The GB/T 9704 form (格式) of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Form {
    /// 文件格式
    #[default]
    Document,
    /// 信函格式
    Letter,
}

impl Form {
    /// The value gongwen.typ's `form:` parameter takes.
    pub fn key(self) -> &'static str {
        match self {
            Form::Document => "document",
            Form::Letter => "letter",
        }
    }
}

/// Whether the text applies the layout library itself.
pub fn is_complete_document(text: &str) -> bool {
    text.contains("gongwen.with(") || text.contains("show: gongwen")
}

/// The lines that apply the layout library in `form`.
fn preamble(form: Form) -> String {
    format!(
        "#import \"{GONGWEN_PATH}\": *\n#show: gongwen.with(form: \"{}\")\n",
        form.key()
    )
}

/// The main source that lays out a bare body (included from [`BODY_PATH`]) in `form`.
pub fn wrapper(form: Form) -> String {
    format!("{}#include \"{BODY_PATH}\"\n", preamble(form))
}

/// The job for a body read from the file the user knows as `shown_name`.
pub fn job(text: &str, shown_name: &str, form: Form, date: jiff::civil::Date) -> Job {
    let mut job = Job::new(String::new(), date);
    if is_complete_document(text) {
        job.main = text.to_owned();
        job.shown_as
            .push((super::world::MAIN_PATH.to_owned(), shown_name.to_owned()));
    } else {
        job.main = wrapper(form);
        job.files
            .push((BODY_PATH.to_owned(), text.as_bytes().to_vec()));
        job.shown_as
            .push((BODY_PATH.to_owned(), shown_name.to_owned()));
    }
    job
}

/// One self-contained Typst source for hand editing: the body inlined after the wrapper's
/// preamble. It needs `gongwen.typ` and `fonts.typ` beside it.
pub fn standalone(text: &str, form: Form) -> String {
    if is_complete_document(text) {
        return text.to_owned();
    }
    format!("{}\n{text}", preamble(form))
}
