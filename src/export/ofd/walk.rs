//! Typst's laid-out pages as OFD page objects: every text run a text object, every shape a
//! path object, every image an image object, in the order Typst draws them (which is the
//! order a reader extracts the text in). Transforms are handled as Typst's own exporters
//! handle them: an item's position, then its group's transform, composed down the frame tree.
//! All lengths are millimetres, y downwards, as OFD's page space is.

use std::collections::HashMap;

use typst::layout::{Frame, FrameItem, GroupItem, Size};
use typst::text::TextItem;
use typst::visualize::{
    Curve, CurveItem, FillRule, FixedStroke, Geometry, Image, LineCap, LineJoin, Paint, Shape,
};
use typst_layout::PagedDocument;

use super::fonts::Fonts;
use super::geometry::{Affine, Rect, mm, num};

/// One page: its size and what is drawn on it.
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub objects: Vec<Object>,
}

pub enum Object {
    Text(Text),
    Path(Path),
    Image(Picture),
}

/// An sRGB colour with its opacity (255 opaque).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub rgb: [u8; 3],
    pub alpha: u8,
}

/// One text run in one font.
pub struct Text {
    /// The font's number in [`Fonts`].
    pub font: usize,
    /// The font size, mm.
    pub size: f64,
    pub fill: Color,
    /// The run's scaling, rotation or skew (the linear part only), when it has any.
    pub ctm: Option<Affine>,
    pub boundary: Rect,
    /// The first character's baseline origin, in the object's space (relative to the
    /// boundary's corner, before `ctm`).
    pub x: f64,
    pub y: f64,
    /// The characters, in order.
    pub code: Vec<char>,
    /// Each character's offset from the one before, mm (one fewer than the characters).
    pub delta_x: Vec<f64>,
    /// The same vertically, when any is not zero.
    pub delta_y: Option<Vec<f64>>,
    /// Characters that are not drawn by the glyph their font's `cmap` gives them.
    pub glyph_runs: Vec<GlyphRun>,
}

/// Characters `position .. position + chars` of a text run drawn by `glyphs` (original ids).
pub struct GlyphRun {
    pub position: usize,
    pub chars: usize,
    pub glyphs: Vec<u16>,
}

/// A stroked and/or filled path.
pub struct Path {
    pub boundary: Rect,
    /// OFD's abbreviated path data, relative to the boundary's corner.
    pub data: String,
    pub stroke: Option<Stroke>,
    pub fill: Option<(Color, FillRule)>,
}

pub struct Stroke {
    pub color: Color,
    pub width: f64,
    pub cap: LineCap,
    pub join: LineJoin,
    pub miter_limit: f64,
    /// Dash lengths and offset, mm.
    pub dash: Option<(Vec<f64>, f64)>,
}

/// An image: the image numbered `image` in [`Images`], drawn into the unit square that `ctm`
/// maps onto the page (relative to the boundary's corner).
pub struct Picture {
    pub boundary: Rect,
    pub ctm: Affine,
    pub image: usize,
}

/// The images the pages draw, each once, in order of first use.
#[derive(Default)]
pub struct Images {
    pub list: Vec<Image>,
    index: HashMap<Image, usize>,
}

impl Images {
    fn number(&mut self, image: &Image) -> usize {
        if let Some(&n) = self.index.get(image) {
            return n;
        }
        self.list.push(image.clone());
        self.index.insert(image.clone(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// Every page of the document.
pub fn pages(doc: &PagedDocument, fonts: &mut Fonts, images: &mut Images) -> Vec<Page> {
    doc.pages()
        .iter()
        .map(|page| {
            let size = page.frame.size();
            let mut walker = Walker {
                fonts,
                images,
                objects: Vec::new(),
            };
            if let typst::foundations::Smart::Custom(Some(paint)) = &page.fill {
                walker.shape(
                    &Shape {
                        geometry: Geometry::Rect(size),
                        fill: Some(paint.clone()),
                        fill_rule: FillRule::NonZero,
                        stroke: None,
                    },
                    Affine::IDENTITY,
                );
            }
            walker.frame(&page.frame, Affine::IDENTITY);
            Page {
                width: mm(size.x),
                height: mm(size.y),
                objects: walker.objects,
            }
        })
        .collect()
}

struct Walker<'a> {
    fonts: &'a mut Fonts,
    images: &'a mut Images,
    objects: Vec<Object>,
}

impl Walker<'_> {
    fn frame(&mut self, frame: &Frame, ts: Affine) {
        for (pos, item) in frame.items() {
            let at = ts.then_inner(&Affine::translate(mm(pos.x), mm(pos.y)));
            match item {
                FrameItem::Group(group) => self.group(group, at),
                FrameItem::Text(text) => self.text(text, at),
                FrameItem::Shape(shape, _) => self.shape(shape, at),
                FrameItem::Image(image, size, _) => self.image(image, *size, at),
                FrameItem::Link(..) | FrameItem::Tag(_) => {}
            }
        }
    }

    fn group(&mut self, group: &GroupItem, at: Affine) {
        self.frame(
            &group.frame,
            at.then_inner(&Affine::from_typst(&group.transform)),
        );
    }

    fn text(&mut self, item: &TextItem, at: Affine) {
        let n = self.fonts.number(&item.font);
        let size = mm(item.size);
        let em = |v: typst::layout::Em| v.get() * size;
        let mut code: Vec<char> = Vec::new();
        let mut at_char: Vec<(f64, f64)> = Vec::new();
        let mut glyph_runs = Vec::new();
        let (mut cx, mut cy) = (0.0, 0.0);
        let glyphs = &item.glyphs;
        let mut i = 0;
        while i < glyphs.len() {
            // A cluster: the glyphs that share one range of the text.
            let mut j = i + 1;
            while j < glyphs.len() && glyphs[j].range == glyphs[i].range {
                j += 1;
            }
            let cluster = &glyphs[i..j];
            let chars: Vec<char> = item
                .text
                .get(cluster[0].range())
                .unwrap_or_default()
                .chars()
                .map(xml_char)
                .collect();
            for g in cluster {
                self.fonts.use_glyph(n, g.id);
            }
            if !chars.is_empty() {
                let plain = chars.len() == 1
                    && cluster.len() == 1
                    && self.fonts.maps(n, chars[0], cluster[0].id);
                if !plain {
                    glyph_runs.push(GlyphRun {
                        position: code.len(),
                        chars: chars.len(),
                        glyphs: cluster.iter().map(|g| g.id).collect(),
                    });
                }
                let place = (cx + em(cluster[0].x_offset), cy - em(cluster[0].y_offset));
                for c in chars {
                    code.push(c);
                    at_char.push(place);
                }
            }
            for g in cluster {
                cx += em(g.x_advance);
                cy -= em(g.y_advance);
            }
            i = j;
        }

        // Blank characters at either end carry no ink, and a reader may trim them.
        let in_run = |k: usize| {
            glyph_runs
                .iter()
                .any(|r| (r.position..r.position + r.chars).contains(&k))
        };
        let start = (0..code.len())
            .find(|&k| !code[k].is_whitespace() || in_run(k))
            .unwrap_or(code.len());
        let end = (start..code.len())
            .rev()
            .find(|&k| !code[k].is_whitespace() || in_run(k))
            .map_or(start, |k| k + 1);
        if start >= end {
            return;
        }
        let code = code[start..end].to_vec();
        let at_char = &at_char[start..end];
        let glyph_runs: Vec<GlyphRun> = glyph_runs
            .into_iter()
            .filter(|r| r.position >= start && r.position + r.chars <= end)
            .map(|r| GlyphRun {
                position: r.position - start,
                ..r
            })
            .collect();

        // The run's box in its own space: from the first glyph to past the last, ascender
        // to descender, with room for glyphs wider than their advance.
        let metrics = item.font.metrics();
        let (mut x0, mut x1) = (0.0f64, cx);
        let (mut y0, mut y1) = (0.0f64, 0.0f64);
        for &(x, y) in at_char {
            x0 = x0.min(x);
            x1 = x1.max(x + size);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        let ascent = metrics.ascender.get().max(0.8) * size;
        let descent = (-metrics.descender.get()).max(0.2) * size;
        let margin = 0.1 * size;
        let local = [
            (x0 - margin, y0 - ascent - margin),
            (x1 + margin, y0 - ascent - margin),
            (x1 + margin, y1 + descent + margin),
            (x0 - margin, y1 + descent + margin),
        ];
        let mut boundary = Rect::EMPTY;
        for (x, y) in local {
            boundary.include(at.apply(x, y));
        }
        if boundary.is_empty() {
            return;
        }
        // The object's space has its origin at the boundary's corner and the run's linear
        // transform as CTM: page point = corner + L · (object point).
        let (ox, oy) = at.apply(0.0, 0.0);
        let Some((bx, by)) = at.solve_linear(ox - boundary.x0, oy - boundary.y0) else {
            return;
        };
        let delta = |axis: fn(&(f64, f64)) -> f64| -> Vec<f64> {
            at_char
                .windows(2)
                .map(|w| axis(&w[1]) - axis(&w[0]))
                .collect()
        };
        let delta_y = delta(|p| p.1);
        let ctm = (!at.is_translation()).then_some(Affine {
            e: 0.0,
            f: 0.0,
            ..at
        });
        self.objects.push(Object::Text(Text {
            font: n,
            size,
            fill: color(&item.fill),
            ctm,
            boundary,
            x: bx + at_char[0].0,
            y: by + at_char[0].1,
            code,
            delta_x: delta(|p| p.0),
            delta_y: delta_y.iter().any(|d| d.abs() > 1e-6).then_some(delta_y),
            glyph_runs,
        }));
    }

    fn shape(&mut self, shape: &Shape, at: Affine) {
        let stroke = shape.stroke.as_ref().and_then(|s| stroke(s, &at));
        let fill = shape.fill.as_ref().map(|p| (color(p), shape.fill_rule));
        if stroke.is_none() && fill.is_none() {
            return;
        }
        let curve = match &shape.geometry {
            Geometry::Line(to) => Curve(vec![
                CurveItem::Move(typst::layout::Point::zero()),
                CurveItem::Line(*to),
            ]),
            Geometry::Rect(size) => Curve::rect(*size),
            Geometry::Curve(curve) => curve.clone(),
        };
        let point = |p: &typst::layout::Point| at.apply(mm(p.x), mm(p.y));
        let mut boundary = Rect::EMPTY;
        for item in &curve.0 {
            match item {
                CurveItem::Move(p) | CurveItem::Line(p) => boundary.include(point(p)),
                CurveItem::Cubic(a, b, c) => {
                    for p in [a, b, c] {
                        boundary.include(point(p));
                    }
                }
                CurveItem::Close => {}
            }
        }
        if boundary.is_empty() {
            return;
        }
        let boundary = boundary.grown(stroke.as_ref().map_or(0.0, |s| s.width / 2.0));
        let rel = |p: &typst::layout::Point| {
            let (x, y) = point(p);
            format!("{} {}", num(x - boundary.x0), num(y - boundary.y0))
        };
        let data: Vec<String> = curve
            .0
            .iter()
            .map(|item| match item {
                CurveItem::Move(p) => format!("M {}", rel(p)),
                CurveItem::Line(p) => format!("L {}", rel(p)),
                CurveItem::Cubic(a, b, c) => format!("B {} {} {}", rel(a), rel(b), rel(c)),
                CurveItem::Close => "C".into(),
            })
            .collect();
        self.objects.push(Object::Path(Path {
            boundary,
            data: data.join(" "),
            stroke,
            fill,
        }));
    }

    fn image(&mut self, image: &Image, size: Size, at: Affine) {
        let (w, h) = (mm(size.x), mm(size.y));
        let mut boundary = Rect::EMPTY;
        for (x, y) in [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)] {
            boundary.include(at.apply(x, y));
        }
        if boundary.is_empty() {
            return;
        }
        let image = self.images.number(image);
        self.objects.push(Object::Image(Picture {
            boundary,
            ctm: Affine {
                a: at.a * w,
                b: at.b * w,
                c: at.c * h,
                d: at.d * h,
                e: at.e - boundary.x0,
                f: at.f - boundary.y0,
            },
            image,
        }));
    }
}

fn stroke(s: &FixedStroke, at: &Affine) -> Option<Stroke> {
    let width = mm(s.thickness) * at.scale();
    if width.is_nan() || width <= 0.0 {
        return None;
    }
    Some(Stroke {
        color: color(&s.paint),
        width,
        cap: s.cap,
        join: s.join,
        miter_limit: s.miter_limit.get(),
        dash: s.dash.as_ref().map(|d| {
            (
                d.array.iter().map(|l| mm(*l) * at.scale()).collect(),
                mm(d.phase) * at.scale(),
            )
        }),
    })
}

/// A paint's colour; a gradient or tiling (which no document of ours uses) by its first colour.
fn color(paint: &Paint) -> Color {
    let c = match paint {
        Paint::Solid(c) => c.clone(),
        Paint::Gradient(g) => g
            .stops()
            .first()
            .map_or(typst::visualize::Color::BLACK, |s| s.color.clone()),
        Paint::Tiling(_) => typst::visualize::Color::BLACK,
    };
    let [r, g, b, a] = c.to_vec4_u8();
    Color {
        rgb: [r, g, b],
        alpha: a,
    }
}

/// A character XML 1.0 can hold, else U+FFFD.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => ' ',
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
        c => c,
    }
}
