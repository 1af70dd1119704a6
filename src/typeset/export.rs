//! Typst's exporters over a laid-out document: PDF (optionally PDF/A-2b), PNG previews, SVG.
//! The output formats the program offers are [`crate::export`]'s backends; these are the
//! page-level writers the PDF, PNG and SVG backends call.
//!
//! PDFs are reproducible: the PDF dates come from the document date, the identifier from the
//! document's title, never from the clock, so identical input gives identical bytes.

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
            .map_err(|e| Diagnostics::error(format!("无法启用 PDF/A-2b：{}", e.message())))?,
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
                .map_err(|e| Diagnostics::error(format!("PNG 编码失败：{e}")))
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
