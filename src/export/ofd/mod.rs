//! The OFD backend (GB/T 33190-2016, the national fixed-layout format): a document written
//! from the same laid-out Typst pages as its PDF. Text stays text (a text object per run,
//! every character placed, the run's colour kept, a condensed run condensed by its CTM),
//! rules and table borders are paths, and the fonts are embedded as subsets an OFD reader can
//! draw with on its own.
//!
//! [`walk`] turns the pages into page objects, [`fonts`] subsets the fonts they use, [`xml`]
//! writes the parts and [`super::zip`] packs them. The package is reproducible: the document
//! ID is a hash of the parts, the creation date the document's date, the zip's order and
//! times fixed.

mod fonts;
mod geometry;
mod walk;
mod xml;

use typst::model::Document as _;
use typst::visualize::{ExchangeFormat, ImageKind, RasterFormat};

use super::{Backend, Document, Needs};
use crate::fingerprint::Fingerprint;
use crate::typeset::Compiled;
use crate::typeset::diagnostics::Diagnostics;

/// The `.ofd` backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ofd;

impl Backend for Ofd {
    fn extension(&self) -> &'static str {
        "ofd"
    }
    fn needs(&self) -> Needs {
        Needs::Pages
    }
    fn export(&self, doc: &Document<'_>) -> Result<Vec<Vec<u8>>, Diagnostics> {
        Ok(vec![package(doc.laid_out()).map_err(error)?])
    }
}

/// The A4 page in millimetres, the document's default page area.
const A4: (f64, f64) = (210.0, 297.0);

/// The OFD package of a laid-out document.
fn package(compiled: &Compiled) -> Result<Vec<u8>, String> {
    let mut used_fonts = fonts::Fonts::default();
    let mut images = walk::Images::default();
    let pages = walk::pages(&compiled.document, &mut used_fonts, &mut images);
    let subsets = used_fonts.subsets()?;

    // IDs: fonts, then images, then each page, its layer and its objects.
    let mut next_id: u64 = 1;
    let font_ids: Vec<u64> = subsets.iter().map(|_| take(&mut next_id)).collect();
    let image_ids: Vec<u64> = images.list.iter().map(|_| take(&mut next_id)).collect();

    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let font_files: Vec<String> = subsets
        .iter()
        .enumerate()
        .map(|(i, s)| format!("font_{}.{}", i + 1, if s.cff { "otf" } else { "ttf" }))
        .collect();
    let mut media = Vec::new();
    let mut media_parts = Vec::new();
    for (i, image) in images.list.iter().enumerate() {
        let (format, ext, bytes) = image_file(image)?;
        let file = format!("image_{}.{ext}", i + 1);
        media_parts.push((format!("Doc_0/Res/{file}"), bytes));
        media.push((image_ids[i], format, file));
    }

    let glyph = |font: usize, id: u16| subsets.get(font).map_or(0, |s| s.glyph(id));
    let refs = xml::Refs {
        fonts: &font_ids,
        glyph: &glyph,
        images: &image_ids,
    };
    // The document's page area is A4 upright; a page of another size (a landscape table)
    // has its own.
    let default_size = A4;
    let mut page_ids = Vec::new();
    let mut contents = Vec::new();
    for page in &pages {
        let page_id = take(&mut next_id);
        let layer_id = take(&mut next_id);
        page_ids.push(page_id);
        let own =
            (!close((page.width, page.height), default_size)).then_some((page.width, page.height));
        contents.push(xml::content(page, own, layer_id, &mut next_id, &refs));
    }
    let max_unit_id = next_id - 1;

    parts.push((
        "Doc_0/Document.xml".into(),
        xml::document(max_unit_id, default_size, &page_ids).into_bytes(),
    ));
    let entries: Vec<xml::FontEntry<'_>> = subsets
        .iter()
        .zip(&font_ids)
        .zip(&font_files)
        .map(|((s, &id), file)| xml::FontEntry {
            id,
            font_name: &s.font_name,
            family_name: &s.family_name,
            file,
        })
        .collect();
    parts.push((
        "Doc_0/PublicRes.xml".into(),
        xml::public_res(&entries).into_bytes(),
    ));
    let media_entries: Vec<xml::MediaEntry<'_>> = media
        .iter()
        .map(|(id, format, file)| xml::MediaEntry {
            id: *id,
            format,
            file,
        })
        .collect();
    parts.push((
        "Doc_0/DocumentRes.xml".into(),
        xml::document_res(&media_entries).into_bytes(),
    ));
    for (i, content) in contents.into_iter().enumerate() {
        parts.push((
            format!("Doc_0/Pages/Page_{i}/Content.xml"),
            content.into_bytes(),
        ));
    }
    for (subset, file) in subsets.into_iter().zip(&font_files) {
        parts.push((format!("Doc_0/Res/{file}"), subset.data));
    }
    parts.extend(media_parts);

    // The document's identity: a hash of everything in it, so the same document has the
    // same ID and a changed one another.
    let mut hash = Fingerprint::default();
    for (name, bytes) in &parts {
        hash.add(name, bytes);
    }
    let doc_id = hash.hex();
    let info = compiled.document.info();
    let author = info
        .author
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let date = compiled.date.to_string();
    let entry = xml::ofd(&xml::Info {
        doc_id: &doc_id,
        title: info.title.as_deref(),
        author: (!author.is_empty()).then_some(author.as_str()),
        creation_date: &date,
    });
    parts.insert(0, ("OFD.xml".into(), entry.into_bytes()));
    Ok(super::zip::zip(
        parts
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice())),
        super::zip::Packing::Small,
    ))
}

/// The next unused ID, then one further.
fn take(next: &mut u64) -> u64 {
    *next += 1;
    *next - 1
}

fn close(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 0.05 && (a.1 - b.1).abs() < 0.05
}

/// An image as a file OFD readers open: PNG and JPEG as they are, anything else (GIF, WebP,
/// raw pixels, SVG, PDF) drawn to PNG at 300 dpi by Typst's renderer.
fn image_file(
    image: &typst::visualize::Image,
) -> Result<(&'static str, &'static str, Vec<u8>), String> {
    if let ImageKind::Raster(raster) = image.kind() {
        match raster.format() {
            RasterFormat::Exchange(ExchangeFormat::Png) => {
                return Ok(("PNG", "png", raster.data().to_vec()));
            }
            RasterFormat::Exchange(ExchangeFormat::Jpg) => {
                return Ok(("JPEG", "jpg", raster.data().to_vec()));
            }
            _ => {}
        }
    }
    let size = typst::layout::Size::new(
        typst::layout::Abs::pt(image.width()),
        typst::layout::Abs::pt(image.height()),
    );
    let mut frame = typst::layout::Frame::soft(size);
    frame.push(
        typst::layout::Point::zero(),
        typst::layout::FrameItem::Image(image.clone(), size, typst::syntax::Span::detached()),
    );
    let page = typst_layout::Page {
        frame,
        bleed: Default::default(),
        fill: typst::foundations::Smart::Custom(None),
        numbering: None,
        supplement: typst::foundations::Content::empty(),
        number: 1,
    };
    let largest = size.x.to_pt().max(size.y.to_pt()).max(1.0);
    let options = typst_render::RenderOptions {
        pixel_per_pt: (300.0 / 72.0f64).min(4096.0 / largest).into(),
        render_bleed: false,
    };
    typst_render::render(&page, &options)
        .encode_png()
        .map(|png| ("PNG", "png", png))
        .map_err(|e| format!("图片无法写入 OFD：{e}"))
}

fn error(message: String) -> Diagnostics {
    Diagnostics::error(format!("OFD 导出失败：{message}"))
}
