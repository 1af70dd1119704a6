//! Export of a laid-out document: PDF (optionally PDF/A-2b), PNG previews, SVG, and writing
//! any output atomically (a temporary file in the same folder, then a rename), so a failure
//! never leaves a half-written file behind.
//!
//! PDFs are reproducible: the PDF dates come from the document date, the identifier from the
//! document's title, never from the clock, so identical input gives identical bytes.

use std::io::Write;
use std::path::Path;

use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::diagnostics::{Diagnostic, Diagnostics, Level};
use super::engine::Compiled;

/// Which PDF flavour to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PdfFlavour {
    /// Plain PDF 1.7.
    #[default]
    Plain,
    /// PDF/A-2b, for archiving (归档).
    A2b,
}

/// PDF export settings.
#[derive(Debug, Clone, Default)]
pub struct PdfSettings {
    pub flavour: PdfFlavour,
}

/// Minutes east of UTC of Beijing time, the zone of every document date.
const BEIJING_OFFSET_MINUTES: i32 = 8 * 60;

/// Writes the document as PDF.
pub fn pdf(compiled: &Compiled, settings: &PdfSettings) -> Result<Vec<u8>, Diagnostics> {
    let standards = match settings.flavour {
        PdfFlavour::Plain => PdfStandards::default(),
        PdfFlavour::A2b => PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| error(format!("无法启用 PDF/A-2b：{}", e.message())))?,
    };
    let date = compiled.date;
    let timestamp = Datetime::from_ymd_hms(
        i32::from(date.year()),
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )
    .and_then(|dt| Timestamp::new_local(dt, BEIJING_OFFSET_MINUTES));
    let options = PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some(concat!("xunshi ", env!("CARGO_PKG_VERSION")).into())),
        timestamp,
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&compiled.document, &options).map_err(|errors| {
        Diagnostics(
            errors
                .iter()
                .map(|e| Diagnostic {
                    level: Level::Error,
                    message: format!("PDF 导出失败：{}", e.message),
                    location: None,
                    hints: e.hints.iter().map(|h| h.v.to_string()).collect(),
                    library: None,
                })
                .collect(),
        )
    })
}

/// Renders every page to PNG at `pixels_per_pt` (2.0 ≈ 144 dpi).
pub fn png(compiled: &Compiled, pixels_per_pt: f32) -> Result<Vec<Vec<u8>>, Diagnostics> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: f64::from(pixels_per_pt).into(),
        render_bleed: false,
    };
    compiled
        .document
        .pages()
        .iter()
        .map(|page| {
            typst_render::render(page, &options)
                .encode_png()
                .map_err(|e| error(format!("PNG 编码失败：{e}")))
        })
        .collect()
}

/// Renders every page to SVG.
pub fn svg(compiled: &Compiled) -> Vec<String> {
    let options = typst_svg::SvgOptions {
        render_bleed: false,
        pretty: false,
    };
    compiled
        .document
        .pages()
        .iter()
        .map(|page| typst_svg::svg(page, &options))
        .collect()
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, flushed to
/// disk, then renamed over `path`. Readers see the old file or the complete new one. The file
/// gets the mode any newly created file gets (0666 less the umask, usually 0644), not the
/// owner-only 0600 of a temporary file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".xunshi-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The system applies the umask when it creates the file, as for any other file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn error(message: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        level: Level::Error,
        message,
        location: None,
        hints: vec![],
        library: None,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_replace_old_ones_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomically(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn written_files_get_the_mode_of_a_plainly_created_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        // A file created the ordinary way gets 0666 less the process's umask.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"x").unwrap();
        let expected = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        let path = dir.path().join("out.pdf");
        write_atomically(&path, b"%PDF").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, expected,
            "mode {mode:o}, a plain file gets {expected:o}"
        );
    }
}
