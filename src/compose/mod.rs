//! Composing documents: document kinds as data ([`kinds`]), the template set and its Tera
//! environment ([`templates`]), the view templates read ([`view`]), composing one document
//! ([`document`]), and the text helpers templates use, each defined once: Typst escaping,
//! Markdown → Typst, Chinese numerals, dates.

pub mod dates;
pub mod document;
pub mod escape;
pub mod folders;
pub mod items;
pub mod kinds;
pub mod markdown;
pub mod numerals;
pub mod templates;
pub mod titles;
pub mod view;

pub use document::{ComposeError, Composed, Composer};
