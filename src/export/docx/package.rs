//! The `.docx` package: a zip of the parts in a fixed order with fixed times (1980-01-01, the
//! zip format's first day), so the same document gives the same bytes.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

pub fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, text) in parts {
        writer
            .start_file(*name, options)
            .expect("a zip part in memory starts");
        writer
            .write_all(text.as_bytes())
            .expect("a zip part in memory is written");
    }
    writer
        .finish()
        .expect("a zip in memory is finished")
        .into_inner()
}
