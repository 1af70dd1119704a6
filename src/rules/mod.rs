//! The rules of the rectification measures, stated once: calendar arithmetic, the timeline of
//! due dates, and the statistics by status. Nothing here knows about YAML or Typst.

pub mod calendar;
pub mod monthly;
pub mod round;
pub mod statistics;
pub mod status;
pub mod timeline;

pub use statistics::Statistics;
pub use timeline::Timeline;
