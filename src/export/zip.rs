//! Zip packages (DOCX, OFD): the parts in the order given, deflated, with fixed times
//! (1980-01-01, the zip format's first day) and fixed permissions, so the same document gives
//! the same bytes.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The zip of `parts` (name, contents), in that order.
pub fn zip<'a>(parts: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
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
