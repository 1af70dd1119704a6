//! The export seam: every output format is a [`Backend`] behind one interface, and [`Format`]
//! names the one a command asked for. A backend says what it reads ([`Needs`]: the composed
//! Typst source only, or the laid-out pages) and turns a [`Document`] into its files; the
//! producing code ([`crate::produce`]) lays a document out only for backends that need pages,
//! so writing Typst source never touches the engine. A new format (DOCX, OFD) is a new backend
//! and a new [`Format`] variant, and nothing that produces, builds or writes changes.

mod docx;
mod ofd;
mod write;
mod xml_text;
mod zip;

pub use docx::{Docx, requested_fonts};
pub use ofd::Ofd;

pub use write::write_atomically;

use crate::typeset::diagnostics::Diagnostics;
use crate::typeset::export::{self as pages, PdfFlavour, PdfSettings};
use crate::typeset::{Compiled, Semantic};

/// What a backend reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The composed Typst source, nothing laid out.
    Source,
    /// The laid-out pages (the engine runs, and every character must be printable).
    Pages,
    /// The document's elements and their roles, as the same source evaluates for Typst's
    /// HTML target (the Word backend: wording and structure, no layout).
    Semantic,
}

/// One document as backends see it.
pub struct Document<'a> {
    /// The composed Typst source.
    pub source: &'a str,
    /// The laid-out document, present when the backend [`Needs::Pages`].
    pub pages: Option<&'a Compiled>,
    /// The evaluated elements, present when the backend [`Needs::Semantic`].
    pub semantic: Option<&'a Semantic>,
}

impl Document<'_> {
    fn laid_out(&self) -> &Compiled {
        self.pages
            .expect("the producing code lays a document out for every backend that needs pages")
    }
}

/// One output format.
pub trait Backend {
    /// The output files' extension, without the dot.
    fn extension(&self) -> &'static str;
    /// What the backend reads.
    fn needs(&self) -> Needs;
    /// The document's files: one for PDF, OFD, DOCX and Typst source, one per page for PNG
    /// and SVG.
    fn export(&self, doc: &Document<'_>) -> Result<Vec<Vec<u8>>, Diagnostics>;
}

/// The output format of a document, with its settings.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    Pdf(PdfSettings),
    Png(Png),
    Svg,
    /// The composed Typst source, for hand editing.
    Typ,
    /// An editable Word document.
    Docx,
    /// OFD (GB/T 33190-2016), from the same pages as the PDF.
    Ofd,
}

impl Format {
    /// The backend that writes this format.
    pub fn backend(&self) -> &dyn Backend {
        match self {
            Format::Pdf(settings) => settings,
            Format::Png(png) => png,
            Format::Svg => &Svg,
            Format::Typ => &TypstSource,
            Format::Docx => &Docx,
            Format::Ofd => &Ofd,
        }
    }

    /// The file extension of this format's output files.
    pub fn extension(&self) -> &'static str {
        self.backend().extension()
    }

    /// A stable description of the format and its settings, for the build manifest's
    /// fingerprint and the worker's wire: `pdf`, `pdf-a2b`, `png:<bits of pixels per pt>`,
    /// `svg`, `typ`, `docx`, `ofd`. [`Format::from_name`] reads it back.
    pub fn name(&self) -> String {
        match self {
            Format::Pdf(PdfSettings {
                flavour: PdfFlavour::Plain,
            }) => "pdf".into(),
            Format::Pdf(PdfSettings {
                flavour: PdfFlavour::A2b,
            }) => "pdf-a2b".into(),
            Format::Png(png) => format!("png:{}", png.pixels_per_pt.to_bits()),
            Format::Svg => "svg".into(),
            Format::Typ => "typ".into(),
            Format::Docx => "docx".into(),
            Format::Ofd => "ofd".into(),
        }
    }

    /// The format [`Format::name`] described.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "pdf" => Format::Pdf(PdfSettings {
                flavour: PdfFlavour::Plain,
            }),
            "pdf-a2b" => Format::Pdf(PdfSettings {
                flavour: PdfFlavour::A2b,
            }),
            "svg" => Format::Svg,
            "typ" => Format::Typ,
            "docx" => Format::Docx,
            "ofd" => Format::Ofd,
            other => Format::Png(Png {
                pixels_per_pt: f32::from_bits(other.strip_prefix("png:")?.parse().ok()?),
            }),
        })
    }
}

impl Backend for PdfSettings {
    fn extension(&self) -> &'static str {
        "pdf"
    }
    fn needs(&self) -> Needs {
        Needs::Pages
    }
    fn export(&self, doc: &Document<'_>) -> Result<Vec<Vec<u8>>, Diagnostics> {
        Ok(vec![pages::pdf(doc.laid_out(), self)?])
    }
}

/// PNG pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Png {
    /// Pixels per point (2.0 ≈ 144 dpi).
    pub pixels_per_pt: f32,
}

impl Png {
    /// PNG pages at `dpi` pixels per inch.
    pub fn at_dpi(dpi: f32) -> Png {
        Png {
            pixels_per_pt: dpi / 72.0,
        }
    }
}

impl Backend for Png {
    fn extension(&self) -> &'static str {
        "png"
    }
    fn needs(&self) -> Needs {
        Needs::Pages
    }
    fn export(&self, doc: &Document<'_>) -> Result<Vec<Vec<u8>>, Diagnostics> {
        pages::png(doc.laid_out(), self.pixels_per_pt)
    }
}

/// SVG pages.
struct Svg;

impl Backend for Svg {
    fn extension(&self) -> &'static str {
        "svg"
    }
    fn needs(&self) -> Needs {
        Needs::Pages
    }
    fn export(&self, doc: &Document<'_>) -> Result<Vec<Vec<u8>>, Diagnostics> {
        Ok(pages::svg(doc.laid_out())
            .into_iter()
            .map(String::into_bytes)
            .collect())
    }
}

/// The composed Typst source, as it would be laid out.
struct TypstSource;

impl Backend for TypstSource {
    fn extension(&self) -> &'static str {
        "typ"
    }
    fn needs(&self) -> Needs {
        Needs::Source
    }
    fn export(&self, doc: &Document<'_>) -> Result<Vec<Vec<u8>>, Diagnostics> {
        Ok(vec![doc.source.as_bytes().to_vec()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_reads_back_from_its_name() {
        for format in [
            Format::Pdf(PdfSettings::default()),
            Format::Pdf(PdfSettings {
                flavour: PdfFlavour::A2b,
            }),
            Format::Png(Png::at_dpi(144.0)),
            Format::Svg,
            Format::Typ,
            Format::Docx,
            Format::Ofd,
        ] {
            let back = Format::from_name(&format.name()).unwrap();
            assert_eq!(back, format);
            assert_eq!(back.extension(), format.extension());
        }
        assert_eq!(Format::from_name("docx-unknown"), None);
    }

    #[test]
    fn typst_source_needs_no_layout() {
        let doc = Document {
            source: "= 标题",
            pages: None,
            semantic: None,
        };
        let files = Format::Typ.backend().export(&doc).unwrap();
        assert_eq!(files, vec!["= 标题".as_bytes().to_vec()]);
        assert_eq!(Format::Typ.backend().needs(), Needs::Source);
        assert_eq!(Format::Svg.backend().needs(), Needs::Pages);
        assert_eq!(Format::Docx.backend().needs(), Needs::Semantic);
        assert_eq!(Format::Ofd.backend().needs(), Needs::Pages);
    }
}
