//! Batch production: every document of every case in one run, in parallel on one shared
//! engine, incremental, with failures isolated and outputs written atomically.

pub mod discover;
pub mod error;
pub mod folders;
mod make;
pub mod manifest;
pub mod names;
mod plan;
pub mod progress;
pub mod run;

pub use error::BuildError;
pub use run::{BuildOptions, Summary, build};
