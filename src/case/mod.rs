//! The case file (巡视整改案卷): its model ([`model`]) and value types ([`values`]).
//! Loading, schema validation and lint live beside them, one module each.

pub mod model;
pub mod values;

pub use model::*;
pub use values::{Date, Deadline, Markdown};
