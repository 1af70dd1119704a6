//! Zip packages (DOCX, OFD): the parts in the order given, deflated, with fixed times
//! (1980-01-01, the zip format's first day) and fixed permissions, so the same document gives
//! the same bytes.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// How hard a package is deflated.
#[derive(Debug, Clone, Copy)]
pub enum Packing {
    /// Deflate's fastest level: a DOCX is mostly markup, made to be opened and edited, and
    /// its budget is a fifth of a PDF's time (level 1 makes the samples' DOCX 24% larger and
    /// their packing 2.6× faster, measured with `XUNSHI_TIMINGS=1`).
    Fast,
    /// Deflate's default level: an OFD is an archive, fonts and all.
    Small,
}

/// The zip of `parts` (name, contents), in that order.
pub fn zip<'a>(parts: impl IntoIterator<Item = (&'a str, &'a [u8])>, packing: Packing) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(match packing {
            Packing::Fast => Some(1),
            Packing::Small => None,
        })
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in parts {
        writer
            .start_file(name, options)
            .expect("a zip part in memory starts");
        writer
            .write_all(bytes)
            .expect("a zip part in memory is written");
    }
    writer
        .finish()
        .expect("a zip in memory is finished")
        .into_inner()
}
