//! The OFD package's XML parts (GB/T 33190-2016): `OFD.xml` (the entry, with the document's
//! metadata), `Doc_0/Document.xml` (common data and the page list), `Doc_0/PublicRes.xml`
//! (fonts), `Doc_0/DocumentRes.xml` (images) and one `Content.xml` per page. Elements come in
//! the order the standard's schema lists them; numbers are written by
//! [`super::geometry::num`], so the same pages give the same bytes.

use crate::export::xml_text::escape;
use std::fmt::Write;

use typst::visualize::{FillRule, LineCap, LineJoin};

use super::geometry::{Affine, num};
use super::walk::{Color, GlyphRun, Object, Page, Path, Picture, Text};

pub const NS: &str = "http://www.ofdspec.org/2016";

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The document's metadata, for `OFD.xml`.
pub struct Info<'a> {
    pub doc_id: &'a str,
    pub title: Option<&'a str>,
    pub author: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub creation_date: &'a str,
}

pub fn ofd(info: &Info<'_>) -> String {
    let mut s = format!("{HEAD}<ofd:OFD xmlns:ofd=\"{NS}\" Version=\"1.0\" DocType=\"OFD\">");
    s += "<ofd:DocBody><ofd:DocInfo>";
    let _ = write!(s, "<ofd:DocID>{}</ofd:DocID>", escape(info.doc_id));
    if let Some(title) = info.title {
        let _ = write!(s, "<ofd:Title>{}</ofd:Title>", escape(title));
    }
    if let Some(author) = info.author {
        let _ = write!(s, "<ofd:Author>{}</ofd:Author>", escape(author));
    }
    let _ = write!(
        s,
        "<ofd:CreationDate>{}</ofd:CreationDate><ofd:Creator>xunshi</ofd:Creator><ofd:CreatorVersion>{}</ofd:CreatorVersion>",
        escape(info.creation_date),
        env!("CARGO_PKG_VERSION")
    );
    s += "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n";
    s
}

/// `Document.xml`: the common data and the pages, `pages` their IDs in order.
pub fn document(max_unit_id: u64, default_size: (f64, f64), pages: &[u64]) -> String {
    let mut s = format!("{HEAD}<ofd:Document xmlns:ofd=\"{NS}\"><ofd:CommonData>");
    let _ = write!(
        s,
        "<ofd:MaxUnitID>{max_unit_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:PageArea>",
        num(default_size.0),
        num(default_size.1)
    );
    s += "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>";
    s += "</ofd:CommonData><ofd:Pages>";
    for (i, id) in pages.iter().enumerate() {
        let _ = write!(
            s,
            "<ofd:Page ID=\"{id}\" BaseLoc=\"Pages/Page_{i}/Content.xml\"/>"
        );
    }
    s += "</ofd:Pages></ofd:Document>\n";
    s
}

/// One embedded font of `PublicRes.xml`.
pub struct FontEntry<'a> {
    pub id: u64,
    pub font_name: &'a str,
    pub family_name: &'a str,
    /// The file's name inside `Doc_0/Res/`.
    pub file: &'a str,
}

pub fn public_res(fonts: &[FontEntry<'_>]) -> String {
    res(
        "Fonts",
        fonts.iter().map(|f| {
            format!(
                "<ofd:Font ID=\"{}\" FontName=\"{}\" FamilyName=\"{}\"><ofd:FontFile>{}</ofd:FontFile></ofd:Font>",
                f.id,
                escape(f.font_name),
                escape(f.family_name),
                escape(f.file)
            )
        }),
    )
}

/// A resource file: its entries in one group (`Fonts`, `MultiMedias`), none when empty.
fn res(group: &str, entries: impl Iterator<Item = String>) -> String {
    let mut s = format!("{HEAD}<ofd:Res xmlns:ofd=\"{NS}\" BaseLoc=\"Res\">");
    let entries: String = entries.collect();
    if !entries.is_empty() {
        let _ = write!(s, "<ofd:{group}>{entries}</ofd:{group}>");
    }
    s += "</ofd:Res>\n";
    s
}

/// One image of `DocumentRes.xml`: its ID, format (`PNG`, `JPEG`, …) and file in `Doc_0/Res/`.
pub struct MediaEntry<'a> {
    pub id: u64,
    pub format: &'a str,
    pub file: &'a str,
}

pub fn document_res(media: &[MediaEntry<'_>]) -> String {
    res(
        "MultiMedias",
        media.iter().map(|m| {
            format!(
                "<ofd:MultiMedia ID=\"{}\" Type=\"Image\" Format=\"{}\"><ofd:MediaFile>{}</ofd:MediaFile></ofd:MultiMedia>",
                m.id,
                escape(m.format),
                escape(m.file)
            )
        }),
    )
}

/// What a page's `Content.xml` refers to by ID.
pub struct Refs<'a> {
    /// Font ID by font number.
    pub fonts: &'a [u64],
    /// Subset glyph id by font number and original glyph id.
    pub glyph: &'a dyn Fn(usize, u16) -> u16,
    /// Image (multimedia) ID by image number.
    pub images: &'a [u64],
}

/// A page's `Content.xml`, its objects numbered from `next_id` on (the page's own ID and its
/// layer's come before). `own_size` is the page's size where it differs from the document's.
pub fn content(
    page: &Page,
    own_size: Option<(f64, f64)>,
    layer_id: u64,
    next_id: &mut u64,
    refs: &Refs<'_>,
) -> String {
    let mut s = format!("{HEAD}<ofd:Page xmlns:ofd=\"{NS}\">");
    if let Some((w, h)) = own_size {
        let _ = write!(
            s,
            "<ofd:Area><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:Area>",
            num(w),
            num(h)
        );
    }
    let _ = write!(s, "<ofd:Content><ofd:Layer ID=\"{layer_id}\">");
    for object in &page.objects {
        let id = *next_id;
        *next_id += 1;
        match object {
            Object::Text(text) => write_text(&mut s, id, text, refs),
            Object::Path(path) => write_path(&mut s, id, path),
            Object::Image(picture) => write_image(&mut s, id, picture, refs),
        }
    }
    s += "</ofd:Layer></ofd:Content></ofd:Page>\n";
    s
}

fn write_text(s: &mut String, id: u64, text: &Text, refs: &Refs<'_>) {
    let font = refs.fonts.get(text.font).copied().unwrap_or(0);
    let _ = write!(
        s,
        "<ofd:TextObject ID=\"{id}\" Boundary=\"{}\" Font=\"{font}\" Size=\"{}\"",
        text.boundary.st_box(),
        num(text.size)
    );
    if let Some(ctm) = &text.ctm {
        let _ = write!(s, " CTM=\"{}\"", ctm_attr(ctm));
    }
    if text.fill.alpha < 255 {
        let _ = write!(s, " Alpha=\"{}\"", text.fill.alpha);
    }
    s.push('>');
    write_color(s, "FillColor", text.fill);
    for run in &text.glyph_runs {
        write_glyph_run(s, run, text.font, refs);
    }
    let _ = write!(
        s,
        "<ofd:TextCode X=\"{}\" Y=\"{}\"",
        num(text.x),
        num(text.y)
    );
    if !text.delta_x.is_empty() {
        let _ = write!(s, " DeltaX=\"{}\"", deltas(&text.delta_x));
    }
    if let Some(dy) = &text.delta_y {
        let _ = write!(s, " DeltaY=\"{}\"", deltas(dy));
    }
    s.push('>');
    let code: String = text.code.iter().collect();
    s.push_str(&escape(&code));
    s.push_str("</ofd:TextCode></ofd:TextObject>");
}

fn write_glyph_run(s: &mut String, run: &GlyphRun, font: usize, refs: &Refs<'_>) {
    let glyphs: Vec<String> = run
        .glyphs
        .iter()
        .map(|&g| (refs.glyph)(font, g).to_string())
        .collect();
    let _ = write!(
        s,
        "<ofd:CGTransform CodePosition=\"{}\" CodeCount=\"{}\" GlyphCount=\"{}\"><ofd:Glyphs>{}</ofd:Glyphs></ofd:CGTransform>",
        run.position,
        run.chars,
        glyphs.len(),
        glyphs.join(" ")
    );
}

fn write_path(s: &mut String, id: u64, path: &Path) {
    let _ = write!(
        s,
        "<ofd:PathObject ID=\"{id}\" Boundary=\"{}\"",
        path.boundary.st_box()
    );
    if let Some(stroke) = &path.stroke {
        let _ = write!(s, " LineWidth=\"{}\"", num(stroke.width));
        let cap = match stroke.cap {
            LineCap::Butt => None,
            LineCap::Round => Some("Round"),
            LineCap::Square => Some("Square"),
        };
        if let Some(cap) = cap {
            let _ = write!(s, " Cap=\"{cap}\"");
        }
        let join = match stroke.join {
            LineJoin::Miter => None,
            LineJoin::Round => Some("Round"),
            LineJoin::Bevel => Some("Bevel"),
        };
        if let Some(join) = join {
            let _ = write!(s, " Join=\"{join}\"");
        }
        if stroke.join == LineJoin::Miter && (stroke.miter_limit - 3.528).abs() > 1e-3 {
            let _ = write!(s, " MiterLimit=\"{}\"", num(stroke.miter_limit));
        }
        if let Some((pattern, offset)) = &stroke.dash
            && !pattern.is_empty()
        {
            let dash: Vec<String> = pattern.iter().map(|v| num(*v)).collect();
            let _ = write!(
                s,
                " DashOffset=\"{}\" DashPattern=\"{}\"",
                num(*offset),
                dash.join(" ")
            );
        }
    } else {
        s.push_str(" Stroke=\"false\"");
    }
    if let Some((_, rule)) = &path.fill {
        s.push_str(" Fill=\"true\"");
        if *rule == FillRule::EvenOdd {
            s.push_str(" Rule=\"Even-Odd\"");
        }
    }
    let alpha = path
        .stroke
        .as_ref()
        .map(|st| st.color.alpha)
        .or(path.fill.as_ref().map(|f| f.0.alpha))
        .unwrap_or(255);
    if alpha < 255 {
        let _ = write!(s, " Alpha=\"{alpha}\"");
    }
    s.push('>');
    if let Some(stroke) = &path.stroke {
        write_color(s, "StrokeColor", stroke.color);
    }
    if let Some((color, _)) = &path.fill {
        write_color(s, "FillColor", *color);
    }
    let _ = write!(
        s,
        "<ofd:AbbreviatedData>{}</ofd:AbbreviatedData></ofd:PathObject>",
        path.data
    );
}

fn write_image(s: &mut String, id: u64, picture: &Picture, refs: &Refs<'_>) {
    let resource = refs.images.get(picture.image).copied().unwrap_or(0);
    let _ = write!(
        s,
        "<ofd:ImageObject ID=\"{id}\" Boundary=\"{}\" CTM=\"{} {} {} {} {} {}\" ResourceID=\"{resource}\"/>",
        picture.boundary.st_box(),
        num(picture.ctm.a),
        num(picture.ctm.b),
        num(picture.ctm.c),
        num(picture.ctm.d),
        num(picture.ctm.e),
        num(picture.ctm.f)
    );
}

fn write_color(s: &mut String, element: &str, color: Color) {
    let [r, g, b] = color.rgb;
    let _ = write!(s, "<ofd:{element} Value=\"{r} {g} {b}\"/>");
}

fn ctm_attr(m: &Affine) -> String {
    format!(
        "{} {} {} {} {} {}",
        num(m.a),
        num(m.b),
        num(m.c),
        num(m.d),
        num(m.e),
        num(m.f)
    )
}

/// Offsets as `ST_Array`, three or more equal ones in a row as `g N value`.
pub fn deltas(values: &[f64]) -> String {
    let written: Vec<String> = values.iter().map(|v| num(*v)).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < written.len() {
        let mut j = i + 1;
        while j < written.len() && written[j] == written[i] {
            j += 1;
        }
        if j - i >= 3 {
            out.push(format!("g {} {}", j - i, written[i]));
        } else {
            out.extend(written[i..j].iter().cloned());
        }
        i = j;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_offsets_are_grouped() {
        assert_eq!(deltas(&[5.6, 5.6, 5.6, 5.6, 2.0, 5.6]), "g 4 5.6 2 5.6");
        assert_eq!(deltas(&[1.0, 1.0]), "1 1");
        assert_eq!(deltas(&[]), "");
    }
}
