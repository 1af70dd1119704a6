//! xunshi: structured YAML about an inspection's findings and their rectification (巡视整改)
//! in, finished Chinese official documents (公文) laid out to GB/T 9704-2012 out.
//!
//! The flow runs one way, one module per stage:
//! case file ─[`case`]─▶ typed, validated case ─[`rules`]─▶ computed timeline and statistics
//! ─[`compose`]─▶ Typst source ─[`typeset`]─▶ laid-out pages ─[`export`]─▶ PDF / PNG / SVG /
//! Typst source, each format a backend behind one seam. [`produce`] runs those stages for one
//! document; [`batch`] for many; [`cli`] wires them to subcommands.

pub mod batch;
pub mod case;
pub mod cli;
pub mod compose;
pub mod export;
pub mod fingerprint;
pub mod guard;
pub mod import;
pub mod ledger;
pub mod produce;
pub mod rules;
pub mod typeset;
pub mod worker;
pub mod zh;
