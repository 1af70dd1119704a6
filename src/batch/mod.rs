//! Batch production: every document of every case in one run, in parallel on one shared
//! engine, incremental, with failures isolated and outputs written atomically.

pub mod discover;
pub mod folders;
pub mod manifest;
pub mod names;
pub mod progress;
pub mod run;

pub use run::{BuildOptions, Summary, build};
