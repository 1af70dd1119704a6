//! The engine: one per process, shared by every document and thread. It owns the fonts, the
//! Typst standard library and the parsed layout library; [`Engine::compile`] lays out one
//! [`Job`] in a fresh sandboxed world and evicts Typst's caches every fourth document.

use std::sync::atomic::{AtomicUsize, Ordering};

use typst::foundations::Datetime;
use typst::layout::{Frame, FrameItem};
use typst::syntax::Source;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;

use super::diagnostics::{Diagnostic, Diagnostics, Level, Namer};
use super::fonts::{FontOptions, FontSet};
use super::timing::{self, Phase};
use super::world::{Assets, DocWorld, FONTS_ID, GONGWEN_ID, Shared};

/// The layout library, compiled into the binary like the fonts.
pub const GONGWEN_TYP: &str = include_str!("../../templates/gongwen.typ");

/// Typst's caches are evicted after every `EVICT_EVERY`-th document (counted over all threads),
/// and an entry unused for `CACHE_ROUNDS` evictions goes: an entry survives 8 to 12 documents
/// without use. That keeps the layout library's evaluation, the fonts' PDF forms and what
/// recurs in every fourth document (one of each kind per case) warm, and memory flat. Each
/// eviction walks every cached entry while holding the caches' locks, stalling the other
/// workers: 1,200 documents on 2 workers took 28-29 s evicting every fourth document with 2
/// rounds, 30-34 s every other document with 5 rounds or every eighth with 1, at the same
/// peak memory.
const EVICT_EVERY: usize = 4;
const CACHE_ROUNDS: usize = 2;

/// One document to lay out.
#[derive(Debug, Clone)]
pub struct Job {
    /// The Typst main source; it usually starts with `#import "/gongwen.typ": *`.
    pub main: String,
    /// A user's own layout library served as `/gongwen.typ` instead of the built-in one.
    pub layout: Option<String>,
    /// Extra virtual files at fixed paths, e.g. `("/data.json", bytes)`. Use the same paths for
    /// every document (file ids are a finite per-process resource).
    pub files: Vec<(String, Vec<u8>)>,
    /// The document's date (成文日期): `datetime.today()` in Typst and the PDF's dates.
    pub date: jiff::civil::Date,
    /// The folder of files the document may read, if any.
    pub assets: Option<Assets>,
    /// How to name virtual files in messages: (virtual path, name the user knows).
    pub shown_as: Vec<(String, String)>,
}

impl Job {
    /// A job with only a main source.
    pub fn new(main: impl Into<String>, date: jiff::civil::Date) -> Job {
        Job {
            main: main.into(),
            layout: None,
            files: Vec::new(),
            date,
            assets: None,
            shown_as: Vec::new(),
        }
    }
}

/// A laid-out document.
pub struct Compiled {
    pub document: PagedDocument,
    /// Typst's warnings, to be shown to the user.
    pub warnings: Vec<Diagnostic>,
    /// The document date the job fixed.
    pub date: jiff::civil::Date,
}

/// A document evaluated for the semantic (Word) pass: its elements and their roles.
pub struct Semantic {
    pub document: typst_html::HtmlDocument,
    pub warnings: Vec<Diagnostic>,
    /// The document date the job fixed.
    pub date: jiff::civil::Date,
}

/// The typesetting engine (Send + Sync; share it behind a reference or an `Arc`).
pub struct Engine {
    shared: Shared,
    /// Documents compiled so far, failed ones included (paces the evictions).
    compiled: AtomicUsize,
}

impl Engine {
    /// Discovers fonts and prepares the layout library. Takes tens of milliseconds.
    pub fn new(options: &FontOptions) -> Engine {
        let fonts = FontSet::discover(options);
        let fonts_module = Source::new(*FONTS_ID, fonts.typst_module());
        let shared = Shared {
            library: LazyHash::new(Library::builder().build()),
            word_library: LazyHash::new(word_library()),
            fonts,
            gongwen: Source::new(*GONGWEN_ID, GONGWEN_TYP.to_owned()),
            fonts_module,
            layouts: Default::default(),
        };
        Engine {
            shared,
            compiled: AtomicUsize::new(0),
        }
    }

    /// The fonts in use.
    pub fn fonts(&self) -> &FontSet {
        &self.shared.fonts
    }

    /// Lays out one document. Fails with Typst's errors, or with our own error when a
    /// character has no glyph in any font of the chain it is set in.
    pub fn compile(&self, job: &Job) -> Result<Compiled, Diagnostics> {
        self.counted(|| self.compile_uncached(job))
    }

    /// Runs one compilation, counted first (so one whose layout panics is counted too), and
    /// evicts Typst's caches every [`EVICT_EVERY`] compilations.
    fn counted<T>(&self, work: impl FnOnce() -> T) -> T {
        let n = self.compiled.fetch_add(1, Ordering::Relaxed) + 1;
        let result = work();
        if n.is_multiple_of(EVICT_EVERY) {
            timing::time(Phase::Evict, || typst::comemo::evict(CACHE_ROUNDS));
        }
        result
    }

    /// The sandboxed world of one job: its sources, assets, layout library and date.
    fn world<'a>(&'a self, job: &'a Job) -> Result<DocWorld<'a>, Diagnostics> {
        let today = Datetime::from_ymd(
            i32::from(job.date.year()),
            job.date.month() as u8,
            job.date.day() as u8,
        )
        .ok_or_else(|| Diagnostics::error(format!("日期无效：{}", job.date)))?;
        let world = DocWorld::new(
            &self.shared,
            &job.main,
            job.layout.as_deref(),
            &job.files,
            job.assets.as_ref(),
            today,
        )
        .map_err(Diagnostics::error)?;
        Ok(world)
    }

    /// Evaluates one document for Typst's HTML target, where `gongwen.typ` emits its elements
    /// as HTML elements naming their roles (`data-role`): the document's wording and
    /// structure without a layout, for the Word backend. Same sandbox, fonts and date as
    /// [`Engine::compile`].
    pub fn semantic(&self, job: &Job) -> Result<Semantic, Diagnostics> {
        self.counted(|| self.semantic_uncached(job))
    }

    fn semantic_uncached(&self, job: &Job) -> Result<Semantic, Diagnostics> {
        let world = self.world(job)?.for_word();
        let namer = Namer {
            world: &world,
            shown_as: &job.shown_as,
        };
        let warned = timing::time(Phase::Compile, || {
            typst::compile::<typst_html::HtmlDocument>(&world)
        });
        // The HTML target's own warning ("html export is under active development") and what
        // it says of layout-only functions concern the Word pass, not the user's document.
        let warnings: Vec<Diagnostic> = Vec::new();
        match warned.output {
            Ok(document) => Ok(Semantic {
                document,
                warnings,
                date: job.date,
            }),
            Err(errors) => Err(Diagnostics(
                errors.iter().map(|e| namer.convert(e)).collect(),
            )),
        }
    }

    fn compile_uncached(&self, job: &Job) -> Result<Compiled, Diagnostics> {
        let world = self.world(job)?;
        let namer = Namer {
            world: &world,
            shown_as: &job.shown_as,
        };
        let warned = timing::time(Phase::Compile, || typst::compile::<PagedDocument>(&world));
        let warnings: Vec<Diagnostic> = warned.warnings.iter().map(|w| namer.convert(w)).collect();
        match warned.output {
            Ok(document) => {
                let missing = timing::time(Phase::Glyphs, || missing_glyphs(&document, &namer));
                if !missing.is_empty() {
                    return Err(Diagnostics(missing.into_iter().chain(warnings).collect()));
                }
                Ok(Compiled {
                    document,
                    warnings,
                    date: job.date,
                })
            }
            Err(errors) => {
                let mut all: Vec<Diagnostic> = errors.iter().map(|e| namer.convert(e)).collect();
                all.extend(warnings);
                Err(Diagnostics(all))
            }
        }
    }
}

/// The standard library of the semantic pass: the HTML target on, and the flag by which
/// `gongwen.typ` knows it is to name every element's role instead of placing it.
fn word_library() -> Library {
    let mut inputs = typst::foundations::Dict::new();
    inputs.insert(
        "xunshi-target".into(),
        typst::foundations::Value::Str("docx".into()),
    );
    Library::builder()
        .with_features([typst::Feature::Html].into_iter().collect())
        .with_inputs(inputs)
        .build()
}

/// Every character set with the fonts' "missing glyph" (glyph 0), once per character, located
/// at the source text that produced it.
fn missing_glyphs(document: &PagedDocument, namer: &Namer) -> Vec<Diagnostic> {
    let mut seen = Vec::new();
    let mut found = Vec::new();
    for page in document.pages() {
        visit_text(&page.frame, &mut |text| {
            for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                let Some(c) = text.text[glyph.range()].chars().next() else {
                    continue;
                };
                if c.is_whitespace() || seen.contains(&c) {
                    continue;
                }
                seen.push(c);
                found.push(Diagnostic {
                    level: Level::Error,
                    message: format!(
                        "字符“{c}”（U+{:04X}）在所有可用字体中都没有字形，会印成空框（no font has this character）",
                        c as u32
                    ),
                    location: namer.locate(glyph.span.0.into()),
                    hints: vec!["请安装包含该字的字体并用 --font-path 指定，或改用常用字".into()],
                    library: None,
                });
            }
        });
    }
    found
}

/// Calls `f` for every text run in a frame, descending into groups.
fn visit_text(frame: &Frame, f: &mut dyn FnMut(&typst::text::TextItem)) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => visit_text(&group.frame, f),
            FrameItem::Text(text) => f(text),
            _ => {}
        }
    }
}
