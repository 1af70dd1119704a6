//! The rules of the rectification measures, stated once: calendar arithmetic, the timeline of
//! due dates, the statistics by status, and the case as it stood on a day (`as_of`), by which
//! every document and view judges it. Nothing here knows about YAML or Typst.

pub mod as_of;
pub mod calendar;
pub mod monthly;
pub mod profile;
pub mod round;
pub mod statistics;
pub mod status;
pub mod timeline;

pub use profile::{Profile, Rules};
pub use statistics::Statistics;
pub use timeline::Timeline;
