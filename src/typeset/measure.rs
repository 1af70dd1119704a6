//! Measuring laid-out pages: every text run and every line or rectangle with its absolute
//! position on its page, in millimetres, read from Typst's frames. Conformance tests (margins,
//! line grid, rules, page numbers) are written against these, not against pictures.

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::TextItem;
use typst::visualize::{Geometry, Paint};
use typst_layout::PagedDocument;

/// A run of text as placed on a page.
#[derive(Debug, Clone)]
pub struct PlacedText {
    pub text: String,
    /// Left end of the run's baseline, mm from the page's left edge.
    pub x: f64,
    /// The baseline, mm from the page's top edge.
    pub baseline: f64,
    /// Width of the run, mm.
    pub width: f64,
    /// Font size, pt.
    pub size: f64,
    /// Family of the face used.
    pub family: String,
    /// Fill colour as `#rrggbb`.
    pub color: String,
    /// Number of glyphs.
    pub glyphs: usize,
    /// Each glyph's advance as set (after Typst's punctuation adjustment), mm, in order.
    pub advances: Vec<f64>,
    /// Top and bottom of the inked glyphs, mm from the page's top edge.
    pub ink: (f64, f64),
    /// Top and bottom of the first glyph's ink (e.g. the dash of a page number).
    pub first_ink: (f64, f64),
}

/// A straight line or a filled rectangle as drawn on a page.
#[derive(Debug, Clone)]
pub struct PlacedRule {
    /// Left end, mm from the page's left edge.
    pub x: f64,
    /// Vertical position of the line's centre, mm from the page's top edge.
    pub y: f64,
    /// Horizontal length, mm.
    pub length: f64,
    /// Stroke thickness (or rectangle height), mm.
    pub thickness: f64,
    /// Colour as `#rrggbb`.
    pub color: String,
}

/// What one page shows.
#[derive(Debug, Clone, Default)]
pub struct PageContent {
    pub width: f64,
    pub height: f64,
    pub texts: Vec<PlacedText>,
    pub rules: Vec<PlacedRule>,
}

impl PageContent {
    /// The distinct baselines (runs within 0.2 mm count as one) of text set at `size` pt, top to bottom.
    pub fn baselines(&self, size: f64) -> Vec<f64> {
        let mut ys: Vec<f64> = self
            .texts
            .iter()
            .filter(|t| (t.size - size).abs() < 0.01)
            .map(|t| t.baseline)
            .collect();
        ys.sort_by(f64::total_cmp);
        ys.dedup_by(|a, b| (*a - *b).abs() < 0.2);
        ys
    }

    /// The runs on the baseline `y` (± 0.2 mm), left to right.
    pub fn line(&self, y: f64) -> Vec<&PlacedText> {
        let mut runs: Vec<&PlacedText> = self
            .texts
            .iter()
            .filter(|t| (t.baseline - y).abs() < 0.2)
            .collect();
        runs.sort_by(|a, b| a.x.total_cmp(&b.x));
        runs
    }

    /// All the text of the page, in reading order (top to bottom, left to right).
    pub fn text(&self) -> String {
        let mut runs: Vec<&PlacedText> = self.texts.iter().collect();
        runs.sort_by(|a, b| {
            ((a.baseline * 10.0).round())
                .total_cmp(&(b.baseline * 10.0).round())
                .then(a.x.total_cmp(&b.x))
        });
        runs.iter().map(|t| t.text.as_str()).collect()
    }
}

/// Reads every page of a document.
pub fn pages(document: &PagedDocument) -> Vec<PageContent> {
    document
        .pages()
        .iter()
        .map(|page| {
            let size = page.frame.size();
            let mut content = PageContent {
                width: mm(size.x),
                height: mm(size.y),
                ..PageContent::default()
            };
            collect(&page.frame, Transform::identity(), &mut content);
            content
        })
        .collect()
}

fn collect(frame: &Frame, ts: Transform, out: &mut PageContent) {
    for (pos, item) in frame.items() {
        let at = Transform::translate(pos.x, pos.y).post_concat(ts);
        match item {
            FrameItem::Group(group) => collect(&group.frame, group.transform.post_concat(at), out),
            FrameItem::Text(text) => {
                let origin = Point::zero().transform(at);
                out.texts.push(PlacedText {
                    text: text.text.to_string(),
                    x: mm(origin.x),
                    baseline: mm(origin.y),
                    width: mm(text.width()) * at.sx.get(),
                    size: text.size.to_pt(),
                    family: text.font.font().info().family.clone(),
                    color: hex(&text.fill),
                    glyphs: text.glyphs.len(),
                    advances: text
                        .glyphs
                        .iter()
                        .map(|g| mm(g.x_advance.at(text.size)) * at.sx.get())
                        .collect(),
                    ink: ink(text, origin.y, text.glyphs.iter().map(|g| g.id)),
                    first_ink: ink(text, origin.y, text.glyphs.iter().take(1).map(|g| g.id)),
                });
            }
            FrameItem::Shape(shape, _) => {
                let origin = Point::zero().transform(at);
                match &shape.geometry {
                    Geometry::Line(to) => {
                        let Some(stroke) = &shape.stroke else {
                            continue;
                        };
                        if to.y.to_raw().abs() > 1e-6 {
                            continue; // only horizontal rules matter here
                        }
                        let (start, len) = if to.x < Abs::zero() {
                            (origin.x + to.x, -to.x)
                        } else {
                            (origin.x, to.x)
                        };
                        out.rules.push(PlacedRule {
                            x: mm(start),
                            y: mm(origin.y),
                            length: mm(len),
                            thickness: mm(stroke.thickness),
                            color: hex(&stroke.paint),
                        });
                    }
                    Geometry::Rect(size) => {
                        let Some(fill) = &shape.fill else { continue };
                        out.rules.push(PlacedRule {
                            x: mm(origin.x),
                            y: mm(origin.y + size.y / 2.0),
                            length: mm(size.x),
                            thickness: mm(size.y),
                            color: hex(fill),
                        });
                    }
                    Geometry::Curve(_) => {}
                }
            }
            _ => {}
        }
    }
}

/// The vertical extent of the glyphs' outlines, mm from the page top (baseline at `baseline`).
fn ink(text: &TextItem, baseline: Abs, ids: impl Iterator<Item = u16>) -> (f64, f64) {
    let font = &text.font;
    let ttf = font.ttf();
    let unit = text.size.to_pt() / font.units_per_em();
    let (mut top, mut bottom) = (f64::MIN, f64::MAX);
    for id in ids {
        if let Some(b) = ttf.glyph_bounding_box(ttf_parser::GlyphId(id)) {
            top = top.max(f64::from(b.y_max));
            bottom = bottom.min(f64::from(b.y_min));
        }
    }
    if top == f64::MIN {
        return (mm(baseline), mm(baseline));
    }
    let base = baseline.to_pt();
    (
        Abs::pt(base - top * unit).to_mm(),
        Abs::pt(base - bottom * unit).to_mm(),
    )
}

fn mm(abs: Abs) -> f64 {
    abs.to_mm()
}

fn hex(paint: &Paint) -> String {
    match paint {
        Paint::Solid(color) => color.to_hex().to_string(),
        _ => "pattern".into(),
    }
}
