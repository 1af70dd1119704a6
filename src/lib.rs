//! xunshi: structured YAML about an inspection's findings and their rectification (巡视整改)
//! in, finished Chinese official documents (公文) laid out to GB/T 9704-2012 out.
//!
//! The flow runs one way, one module per stage:
//! case file ─[`case`]─▶ typed, validated case ─[`rules`]─▶ computed timeline and statistics
//! ─[`compose`]─▶ Typst source ─[`typeset`]─▶ PDF / PNG / SVG. [`cli`] wires the stages to
//! subcommands.

pub mod batch;
pub mod case;
pub mod cli;
pub mod compose;
pub mod guard;
pub mod ledger;
pub mod produce;
pub mod rules;
pub mod typeset;
pub mod worker;
