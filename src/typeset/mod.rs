//! The typesetting engine: an embedded Typst compiler behind our own sandboxed `World`, the
//! bundled fonts and their per-role chains, and PDF/PNG/SVG export.
//!
//! Use: one [`Engine`] per process ([`Engine::new`]), shared by every thread; per document a
//! [`Job`] (main Typst source, fixed virtual files such as `/data.json`, the document date),
//! [`Engine::compile`] to a [`Compiled`], then [`export::pdf`] / [`export::png`] /
//! [`export::svg`] (the output formats themselves are [`crate::export`]'s backends). [`body`] wraps a plain Typst body into a
//! main source that goes through the layout library `templates/gongwen.typ`.

pub mod body;
pub mod diagnostics;
mod engine;
pub mod export;
pub mod fonts;
pub mod measure;
pub mod timing;
mod world;

pub use diagnostics::{Diagnostic, Diagnostics, Level, Location};
pub use engine::{Compiled, Engine, GONGWEN_TYP, Job, Semantic};
pub use fonts::{FontOptions, FontOrigin, FontSet, Role, RoleFonts};
pub use world::{Assets, FONTS_PATH, GONGWEN_PATH, MAIN_PATH};
