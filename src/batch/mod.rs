//! Batch production: every document of every case in one run, in parallel on one shared
//! engine, incremental, with failures isolated and outputs written atomically.

pub mod discover;
pub mod error;
pub mod folders;
mod inputs;
mod make;
pub mod manifest;
pub mod names;
mod plan;
pub mod progress;
pub mod run;

pub use error::BuildError;
pub use run::build;

use crate::produce::Format;
use crate::typeset::FontOptions;
use crate::worker::Budget;
use std::path::PathBuf;
use std::time::Duration;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub paths: Vec<PathBuf>,
    pub out_dir: PathBuf,
    /// Only these kinds (ids); `None` for every kind a case supports.
    pub kinds: Option<Vec<String>>,
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Rebuild even documents whose inputs are unchanged.
    pub force: bool,
    /// The output formats (at least one): every document is made once per format, each its
    /// own file with its own manifest entry and fingerprint.
    pub formats: Vec<Format>,
    /// `--templates DIR`, shadowing the built-ins for every case.
    pub templates: Option<PathBuf>,
    /// Font settings, part of every document's fingerprint.
    pub fonts_fingerprint: String,
    /// The fonts, for the workers that make documents from templates not the built-in ones.
    pub fonts: FontOptions,
    /// How long one document from such templates may take, and how much memory.
    pub budget: Budget,
}

/// How a build went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub cases: usize,
    /// Case files refused by validation.
    pub invalid_cases: usize,
    pub written: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Valid case files none of whose documents could be made: their template set is broken.
    pub unbuilt_cases: usize,
    /// Documents an earlier build wrote that this one no longer produces, as moved: (where
    /// they were, where they are now under `过期/`), relative to the output folder.
    pub expired: Vec<(String, String)>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn succeeded(&self) -> bool {
        self.invalid_cases == 0 && self.failed == 0 && self.unbuilt_cases == 0
    }
}
