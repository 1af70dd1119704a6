//! The case file (巡视整改案卷): its model ([`model`]) and value types ([`values`]).
//! Loading ([`load`]: bytes, encoding, [`yaml`]), schema validation ([`schema`]) and business
//! rules ([`lint`]) live beside them, one module each; [`diagnostic`] is how they all report.

pub mod diagnostic;
pub mod lint;
pub mod load;
pub mod model;
pub mod numbers;
pub mod rules_file;
pub mod schema;
pub mod settings;
pub mod values;
pub mod yaml;

pub use diagnostic::{Diagnostic, Lang, Severity, render_report, render_report_in};
pub use load::{LoadedCase, load_case, load_source};
pub use model::*;
pub use values::{Date, Deadline, Markdown};

/// Largest case file read. Real ones are tens of kilobytes.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
