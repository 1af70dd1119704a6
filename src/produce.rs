//! Producing one document of a case: compose it from the templates, check that every character
//! of the case can be printed, lay it out with the engine and export it. Shared by
//! `xunshi render` (one document) and `xunshi build` (many, in parallel), so both make the
//! same bytes from the same inputs.

use crate::case::{Case, LoadedCase};
use crate::compose::typst_errors::{self, TemplateFailure};
use crate::compose::view::Selection;
use crate::compose::{ComposeError, Composed, Composer};
pub use crate::export::Format;
use crate::export::{Document, Needs};
use crate::typeset::timing::{self, Phase};
use crate::typeset::{Engine, Job, Role};
use std::fmt;

/// A produced document: its composed form and its output, one byte buffer per file (one for
/// PDF and Typst source, one per page for PNG and SVG).
pub struct Produced {
    pub composed: Composed,
    pub files: Vec<Vec<u8>>,
    /// Typst's warnings, readable.
    pub warnings: Vec<String>,
}

/// Why a document could not be produced.
#[derive(Debug, Clone)]
pub enum ProduceError {
    Compose(ComposeError),
    /// Characters no font can print, with the case field each came from.
    Unprintable(Vec<Unprintable>),
    /// The engine's errors (an export failure).
    Typeset(String),
    /// Typst refused what the templates produced: located at the template lines.
    Template(Box<TemplateFailure>),
    /// A defect: the program or its engine panicked while making this document.
    Internal(String),
}

/// A character no font has, and the field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unprintable {
    pub character: char,
    /// The field path in the case, e.g. `unit.leaders[2].name`.
    pub field: String,
}

impl ProduceError {
    /// The error for the user: for an unprintable character, the case file's line and column
    /// of the field it came from, when the loaded case is at hand.
    pub fn report(&self, loaded: Option<&LoadedCase>) -> String {
        match (self, loaded) {
            (ProduceError::Unprintable(list), Some(loaded)) => list
                .iter()
                .map(|u| {
                    let at = match loaded.position(&u.field) {
                        Some((line, column)) => {
                            format!("{}:{line}:{column}: ", loaded.path.display())
                        }
                        None => format!("{}: ", loaded.path.display()),
                    };
                    format!("{at}{}", ProduceError::Unprintable(vec![u.clone()]))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            (ProduceError::Compose(ComposeError::Missing(m)), Some(loaded)) => {
                match loaded.position_near(&m.field) {
                    Some((line, column)) => format!(
                        "{}:{line}:{column}: 错误：{}",
                        loaded.path.display(),
                        m.message
                    ),
                    None => format!("{}: 错误：{}", loaded.path.display(), m.message),
                }
            }
            (ProduceError::Template(failure), loaded) => failure.report(loaded),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for ProduceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProduceError::Compose(e) => e.fmt(f),
            ProduceError::Unprintable(list) => {
                for (i, u) in list.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(
                        f,
                        "{}: 字符“{}”（U+{:04X}）在所有可用字体中都没有，印出来会是空框；请用 --font-path 提供含此字的字体（no font has this character）",
                        u.field, u.character, u.character as u32
                    )?;
                }
                Ok(())
            }
            ProduceError::Template(failure) => f.write_str(&failure.report(None)),
            ProduceError::Typeset(message) | ProduceError::Internal(message) => {
                f.write_str(message)
            }
        }
    }
}

/// The text roles case data is printed in; a character must be printable in each.
const TEXT_ROLES: [Role; 4] = [Role::Title, Role::Body, Role::Heading1, Role::Heading2];

/// Every character in the case's text that some text role cannot print, with the first field
/// it appears in. Each distinct character is checked once per role.
pub fn unprintable(engine: &Engine, case: &Case) -> Vec<Unprintable> {
    let json = serde_json::to_value(case).expect("the case model always serialises");
    let mut first_field: Vec<(char, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    crate::case::yaml::visit_strings(&json, &mut |field, text| {
        for c in text.chars().filter(|c| !c.is_ascii()) {
            if seen.insert(c) {
                first_field.push((c, field.to_owned()));
            }
        }
    });
    let distinct: String = first_field.iter().map(|(c, _)| *c).collect();
    let mut missing: Vec<char> = Vec::new();
    for role in TEXT_ROLES {
        for c in engine.fonts().uncovered(role, &distinct) {
            if !missing.contains(&c) {
                missing.push(c);
            }
        }
    }
    first_field
        .into_iter()
        .filter(|(c, _)| missing.contains(c))
        .map(|(character, field)| Unprintable { character, field })
        .collect()
}

/// Composes and typesets one document.
pub fn produce(
    engine: &Engine,
    composer: &Composer,
    case: &Case,
    selection: &Selection<'_>,
    format: &Format,
) -> Result<Produced, ProduceError> {
    guarded(|| produce_with(engine, composer, case, selection, format, None))
}

/// [`produce`] for a case whose characters were already checked: `unprintable` is what
/// [`unprintable`] returned for it. A batch checks each case once, not once per document.
pub fn produce_checked(
    engine: &Engine,
    composer: &Composer,
    case: &Case,
    selection: &Selection<'_>,
    format: &Format,
    unprintable: &[Unprintable],
) -> Result<Produced, ProduceError> {
    guarded(|| produce_with(engine, composer, case, selection, format, Some(unprintable)))
}

/// A panic anywhere inside `work` (our code, Typst, the PDF writer) as
/// [`ProduceError::Internal`], so one document hitting a defect does not end a batch.
fn guarded(
    work: impl FnOnce() -> Result<Produced, ProduceError>,
) -> Result<Produced, ProduceError> {
    crate::guard::guarded(work).unwrap_or_else(|message| Err(ProduceError::Internal(message)))
}

fn produce_with(
    engine: &Engine,
    composer: &Composer,
    case: &Case,
    selection: &Selection<'_>,
    format: &Format,
    checked: Option<&[Unprintable]>,
) -> Result<Produced, ProduceError> {
    let composed = timing::time(Phase::Compose, || composer.compose(case, selection))
        .map_err(ProduceError::Compose)?;
    if format.backend().needs() == Needs::Pages {
        let missing = match checked {
            Some(list) => list.to_vec(),
            None => timing::time(Phase::Check, || unprintable(engine, case)),
        };
        if !missing.is_empty() {
            return Err(ProduceError::Unprintable(missing));
        }
    }
    let mut job = Job::new(composed.source.clone(), composed.date.0);
    job.layout = composer.layout_override().map(str::to_owned);
    job.shown_as.push((
        crate::typeset::MAIN_PATH.to_owned(),
        format!(
            "{}（由模板 {} 生成）",
            composed.file_stem,
            selection.kind.template_name()
        ),
    ));
    let laid_out = export(engine, &job, format, &|d| {
        ProduceError::Template(Box::new(TemplateFailure::of_document(
            composer, case, selection, &job, d,
        )))
    })?;
    let warnings = typst_errors::warnings(composer, case, selection, &job, &laid_out.warnings);
    let files = laid_out.files;
    Ok(Produced {
        composed,
        files,
        warnings,
    })
}

/// A document's files in one format, and Typst's warnings from laying it out.
pub struct Exported {
    pub files: Vec<Vec<u8>>,
    pub warnings: Vec<crate::typeset::Diagnostic>,
}

/// The one path from Typst source to output files, for documents composed from a case and for
/// sources made otherwise (a plain body, the round summary): laid out by the engine only when
/// the format's backend needs pages, then exported by that backend. `explain` turns the
/// engine's errors into the caller's (a template's file and line, for composed sources). Not
/// guarded against panics: callers wrap it ([`produce`] does).
pub fn export(
    engine: &Engine,
    job: &Job,
    format: &Format,
    explain: &dyn Fn(crate::typeset::Diagnostics) -> ProduceError,
) -> Result<Exported, ProduceError> {
    let backend = format.backend();
    let compiled = match backend.needs() {
        Needs::Pages => Some(engine.compile(job).map_err(explain)?),
        Needs::Source | Needs::Semantic => None,
    };
    let semantic = match backend.needs() {
        Needs::Semantic => Some(engine.semantic(job).map_err(explain)?),
        Needs::Source | Needs::Pages => None,
    };
    let warnings = compiled
        .as_ref()
        .map(|c| c.warnings.clone())
        .or_else(|| semantic.as_ref().map(|s| s.warnings.clone()))
        .unwrap_or_default();
    let doc = Document {
        source: &job.main,
        pages: compiled.as_ref(),
        semantic: semantic.as_ref(),
    };
    let files = timing::time(Phase::Export, || backend.export(&doc))
        .map_err(|d| ProduceError::Typeset(d.to_string()))?;
    Ok(Exported { files, warnings })
}
