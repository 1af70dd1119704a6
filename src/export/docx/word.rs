//! The model as WordprocessingML parts: GB/T 9704's numbers in Word's own terms. All lengths
//! are twips (1/20 pt) unless said otherwise.

use super::read::{Block, Column, Face, Form, Model, Para, Run, Style, Table};
use super::{colophon, measure};
use crate::export::xml_text::escape;
use crate::typeset::Role;
use std::fmt::Write;

/// A4, upright.
pub const PAGE_W: u32 = 11906;
pub const PAGE_H: u32 = 16838;
/// 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm: the rest is right and bottom.
pub const MARGIN_TOP: u32 = 2098;
pub const MARGIN_LEFT: u32 = 1587;
pub const TYPE_W: u32 = 8844;
pub const TYPE_H: u32 = 12756;
pub const MARGIN_RIGHT: u32 = PAGE_W - MARGIN_LEFT - TYPE_W;
pub const MARGIN_BOTTOM: u32 = PAGE_H - MARGIN_TOP - TYPE_H;
/// 22 lines in the type area: Word's grid pitch (28.95 pt).
pub const LINE_PITCH: u32 = 579;
/// One character of 3号 on the 28-character grid (156 mm / 28 = 15.79 pt).
pub const CHAR: u32 = TYPE_W / 28;
/// The grid's 28 characters a line (`linesAndChars`): Word's character pitch is the 3号 body
/// size plus `charSpace` 4096ths of a point, so 15.79 − 16 pt = −848.
pub const CHAR_SPACE: i32 = ((TYPE_W as i64 * 4096 + 280) / (28 * 20)) as i32 - 16 * 4096;
// Paragraphs do not snap their characters to that grid (`w:snapToGrid w:val="0"` in the
// paragraph defaults); every character is set 0.3 pt closer instead (`w:spacing w:val="-6"`),
// so 28 of 3号 take 439.6 pt of the 442.2 pt line in any reader. Measured with LibreOffice
// 7.4: a snapping paragraph gives each 3号 character two cells of a 15.79 pt grid (about
// 14 a line), and it narrows the line to whole cells (28 × 15.75 pt), where 0.25 pt closer
// still left 27 a line. Word and WPS show the 22 × 28 grid in 页面设置 either way.
/// How much closer every character is set, in twips (a negative `w:spacing`).
pub const CONDENSE: i32 = -6;
/// 2号, the title's size.
const TITLE_SIZE: u32 = 440;
/// Page numbers: 7 mm under the type area, a 4号 line high.
const FOOTER: u32 = MARGIN_BOTTOM - 397 - 280;
const RED: &str = "E60012";
/// One character of 4号 (the page numbers' and the 版记's indent).
pub const CHAR4: u32 = 280;
/// 信函格式: the double lines are 170 mm long.
const LETTER_LINE: u32 = 9638;
/// 信函格式: the second double line's thick line 20 mm above the paper's bottom edge.
const LETTER_BOTTOM: u32 = 1134;
/// 信函格式: the header distance that puts the mark's top edge 30 mm below the paper's top
/// (the mark's glyphs start about 2 mm under its line's top).
const LETTER_HEADER: u32 = 1588;
/// 信函格式: the footer distance that puts the bottom double line where [`LETTER_BOTTOM`]
/// says (its thick line's centre is measured 33 twips above the footer's bottom edge).
const LETTER_FOOTER: u32 = LETTER_BOTTOM - 33;

fn font(role: Role) -> &'static str {
    role.official()[0]
}

/// The Word parts of a document, by path in the package, in package order.
pub fn parts(model: &Model, date: jiff::civil::Date) -> Vec<(&'static str, String)> {
    let letter = model.form == Form::Letter;
    let mut parts = vec![
        ("[Content_Types].xml", content_types(letter)),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("docProps/core.xml", core(&model.title, date)),
        ("docProps/app.xml", APP.to_owned()),
        ("word/document.xml", document(model)),
        ("word/_rels/document.xml.rels", document_rels(letter)),
        ("word/styles.xml", styles()),
        ("word/settings.xml", SETTINGS.to_owned()),
        ("word/footer1.xml", page_number_footer(true, letter)),
        ("word/footer2.xml", page_number_footer(false, letter)),
        (
            "word/footer3.xml",
            footer_xml("<w:p><w:pPr><w:pStyle w:val=\"PageNumber\"/></w:pPr></w:p>"),
        ),
    ];
    if letter {
        parts.push(("word/header1.xml", letter_header(model)));
        parts.push(("word/footer4.xml", letter_footer()));
    }
    parts
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn content_types(letter: bool) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#,
    );
    let footers = if letter { 4 } else { 3 };
    for n in 1..=footers {
        write!(s, r#"<Override PartName="/word/footer{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#).unwrap();
    }
    if letter {
        s.push_str(r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#);
    }
    s.push_str(r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#);
    s
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>xunshi</Application></Properties>"#;

fn core(title: &str, date: jiff::civil::Date) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>xunshi</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:modified></cp:coreProperties>"#,
        escape(title)
    )
}

fn document_rels(letter: bool) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
    );
    let footers = if letter { 4 } else { 3 };
    for n in 1..=footers {
        write!(s, r#"<Relationship Id="rIdFooter{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer{n}.xml"/>"#).unwrap();
    }
    if letter {
        s.push_str(r#"<Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#);
    }
    s.push_str("</Relationships>");
    s
}

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

fn rfonts(family: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>"#,
        f = escape(family)
    )
}

/// A paragraph style: id, Chinese name, paragraph properties, run properties.
fn style(id: &str, name: &str, ppr: &str, rpr: &str) -> String {
    format!(
        r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
    )
}

/// No first-line indent, no grid (the head's elements and the tables set their own sizes).
const FLUSH: &str = r#"<w:ind w:firstLine="0" w:firstLineChars="0"/>"#;

fn styles() -> String {
    let body = font(Role::Body);
    let title = font(Role::Title);
    let hei = font(Role::Heading1);
    let kai = font(Role::Heading2);
    let song = font(Role::PageNumber);
    let exact = format!(
        r#"<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>"#
    );
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:spacing w:val="{CONDENSE}"/><w:kern w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:snapToGrid w:val="0"/>{exact}</w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>{exact}<w:ind w:firstLine="{two}" w:firstLineChars="200"/><w:jc w:val="both"/></w:pPr><w:rPr>{fonts}<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        fonts = rfonts(body),
        two = 2 * CHAR,
    );
    let head = |f: &str| format!("{}<w:sz w:val=\"32\"/>", rfonts(f));
    s += &style("CopyNumber", "份号", FLUSH, &head(hei));
    s += &style("Classification", "密级", FLUSH, &head(hei));
    s += &style("Urgency", "紧急程度", FLUSH, &head(hei));
    s += &style(
        "Mark",
        "发文机关标志",
        &format!(
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{FLUSH}<w:jc w:val="center"/>"#
        ),
        &format!(
            r#"{}<w:color w:val="{RED}"/><w:sz w:val="{MARK_HALF_POINTS}"/><w:szCs w:val="{MARK_HALF_POINTS}"/>"#,
            rfonts(title)
        ),
    );
    s += &style(
        "DocNumber",
        "发文字号",
        &format!(
            r#"<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" w:color="{RED}"/></w:pBdr><w:spacing w:before="{b}" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>{FLUSH}<w:jc w:val="center"/>"#,
            b = 2 * LINE_PITCH
        ),
        "",
    );
    s += &style(
        "DocTitle",
        "标题",
        &format!(
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="660" w:lineRule="exact"/>{FLUSH}<w:jc w:val="center"/>"#
        ),
        &format!(
            r#"{}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>"#,
            rfonts(title),
            half = TITLE_SIZE / 10
        ),
    );
    s += &style(
        "Recipients",
        "主送",
        &format!(
            r#"<w:spacing w:before="{LINE_PITCH}" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>{FLUSH}"#
        ),
        "",
    );
    let heading_fonts = [hei, kai, body, body];
    let heading_names = ["一级标题", "二级标题", "三级标题", "四级标题"];
    for level in 0..4 {
        s += &style(
            &format!("Heading{}", level + 1),
            heading_names[level],
            &format!(r#"<w:keepNext/><w:outlineLvl w:val="{level}"/>"#),
            &rfonts(heading_fonts[level]),
        );
    }
    s += &style(
        "AttachmentNote",
        "附件说明",
        &format!(
            r#"<w:keepNext/><w:spacing w:before="{LINE_PITCH}" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/><w:ind w:left="{l}" w:leftChars="200" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>"#,
            l = 2 * CHAR
        ),
        "",
    );
    s += &style(
        "Signature",
        "署名",
        &format!(r#"<w:keepNext/>{FLUSH}<w:jc w:val="right"/>"#),
        "",
    );
    s += &style(
        "SignDate",
        "成文日期",
        &format!(r#"{FLUSH}<w:jc w:val="right"/>"#),
        "",
    );
    s += &style(
        "Note",
        "附注",
        &format!(
            r#"<w:spacing w:before="{LINE_PITCH}" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/><w:ind w:left="{l}" w:leftChars="200" w:firstLine="0" w:firstLineChars="0"/>"#,
            l = 2 * CHAR
        ),
        "",
    );
    s += &style(
        "AttachmentLabel",
        "附件标识",
        &format!(r#"<w:pageBreakBefore/>{FLUSH}<w:jc w:val="left"/>"#),
        &rfonts(hei),
    );
    s += &style(
        "FormLine",
        "表格说明",
        &format!(r#"{FLUSH}<w:jc w:val="left"/>"#),
        r#"<w:sz w:val="28"/><w:szCs w:val="28"/>"#,
    );
    let cell = r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/>"#;
    s += &style(
        "TableText",
        "表格文字",
        &format!(r#"{cell}<w:jc w:val="left"/>"#),
        r#"<w:sz w:val="28"/><w:szCs w:val="28"/>"#,
    );
    s += &style(
        "TableHeader",
        "表格表头",
        &format!(r#"{cell}<w:jc w:val="center"/>"#),
        &format!(r#"{}<w:sz w:val="28"/><w:szCs w:val="28"/>"#, rfonts(hei)),
    );
    s += &style(
        "Colophon",
        "版记",
        &format!(
            r#"<w:tabs><w:tab w:val="right" w:pos="{p}"/></w:tabs><w:spacing w:before="{above}" w:after="{below}" w:line="{line}" w:lineRule="exact"/><w:ind w:left="{CHAR4}" w:right="{CHAR4}" w:firstLine="0" w:firstLineChars="0"/>"#,
            p = TYPE_W - 2 * CHAR4,
            above = colophon::ABOVE,
            below = colophon::BELOW,
            line = colophon::LINE,
        ),
        r#"<w:sz w:val="28"/><w:szCs w:val="28"/>"#,
    );
    s += &style(
        "PageNumber",
        "页码",
        &format!(
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{FLUSH}"#
        ),
        &format!(r#"{}<w:sz w:val="28"/><w:szCs w:val="28"/>"#, rfonts(song)),
    );
    s += "</w:styles>";
    s
}

fn footer_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {NS}>{body}</w:ftr>"#
    )
}

/// `— N —` with a PAGE field: odd pages right, even pages left, one character in.
/// In a letter the footer distance is shorter (the first page's double line sits lower than
/// the page numbers): space after the number keeps it 7 mm under the type area.
fn page_number_footer(odd: bool, letter: bool) -> String {
    let lift = if letter {
        format!(r#"<w:spacing w:after="{}"/>"#, FOOTER - LETTER_FOOTER)
    } else {
        String::new()
    };
    let (jc, ind) = if odd {
        (
            "right",
            format!(r#"<w:ind w:right="{CHAR4}" w:firstLine="0"/>"#),
        )
    } else {
        (
            "left",
            format!(r#"<w:ind w:left="{CHAR4}" w:firstLine="0"/>"#),
        )
    };
    footer_xml(&format!(
        r#"<w:p><w:pPr><w:pStyle w:val="PageNumber"/>{lift}{ind}<w:jc w:val="{jc}"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>"#
    ))
}

/// 信函格式's head on the first page: the mark 30 mm from the top, a double red line (thick
/// over thin) under it, 170 mm long.
fn letter_header(model: &Model) -> String {
    let overhang = (LETTER_LINE - TYPE_W) / 2;
    let text = model
        .mark
        .as_ref()
        .map(|m| format!("{}{}", m.names.join("　"), m.suffix))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {NS}><w:p><w:pPr><w:pStyle w:val="Mark"/><w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="24" w:space="8" w:color="{RED}"/></w:pBdr><w:ind w:left="-{overhang}" w:right="-{overhang}" w:firstLine="0"/></w:pPr><w:r><w:rPr><w:sz w:val="52"/><w:szCs w:val="52"/></w:rPr><w:t>{}</w:t></w:r></w:p></w:hdr>"#,
        escape(&text)
    )
}

/// 信函格式's first-page footer: the double red line (thin over thick), its thick line
/// 20 mm above the paper's bottom edge, 170 mm long. A footer's content ends at the section's
/// footer distance, so a letter's is [`LETTER_FOOTER`] and its page numbers stand higher in
/// their paragraphs by the difference (see [`page_number_footer`]).
fn letter_footer() -> String {
    let overhang = (LETTER_LINE - TYPE_W) / 2;
    footer_xml(&format!(
        r#"<w:p><w:pPr><w:pStyle w:val="PageNumber"/><w:pBdr><w:bottom w:val="thinThickSmallGap" w:sz="24" w:space="0" w:color="{RED}"/></w:pBdr><w:spacing w:line="20" w:lineRule="exact"/><w:ind w:left="-{overhang}" w:right="-{overhang}"/></w:pPr></w:p>"#
    ))
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Main { landscape: bool },
    Colophon,
}

fn sect_pr(model: &Model, section: Section, first: bool) -> String {
    let landscape = matches!(section, Section::Main { landscape: true });
    let (size, margins) = if landscape {
        (
            format!(r#"<w:pgSz w:w="{PAGE_H}" w:h="{PAGE_W}" w:orient="landscape"/>"#),
            format!(
                r#"<w:pgMar w:top="{MARGIN_LEFT}" w:right="{MARGIN_BOTTOM}" w:bottom="{MARGIN_RIGHT}" w:left="{MARGIN_TOP}" w:header="851" w:footer="{f}" w:gutter="0"/>"#,
                f = MARGIN_RIGHT.saturating_sub(677)
            ),
        )
    } else {
        (
            format!(r#"<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>"#),
            format!(
                r#"<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="{h}" w:footer="{f}" w:gutter="0"/>"#,
                h = if model.form == Form::Letter {
                    LETTER_HEADER
                } else {
                    851
                },
                f = if model.form == Form::Letter {
                    LETTER_FOOTER
                } else {
                    FOOTER
                }
            ),
        )
    };
    let refs = match section {
        Section::Colophon => r#"<w:footerReference w:type="default" r:id="rIdFooter3"/><w:footerReference w:type="even" r:id="rIdFooter3"/>"#.to_owned(),
        Section::Main { .. } => {
            let mut r = String::new();
            if model.form == Form::Letter && first {
                r.push_str(r#"<w:headerReference w:type="first" r:id="rIdHeader1"/><w:footerReference w:type="first" r:id="rIdFooter4"/>"#);
            }
            r.push_str(r#"<w:footerReference w:type="default" r:id="rIdFooter1"/><w:footerReference w:type="even" r:id="rIdFooter2"/>"#);
            r
        }
    };
    let kind = match section {
        Section::Colophon => r#"<w:type w:val="evenPage"/>"#,
        _ if first => "",
        _ => r#"<w:type w:val="nextPage"/>"#,
    };
    let title_pg = if model.form == Form::Letter && first {
        "<w:titlePg/>"
    } else {
        ""
    };
    let valign = if section == Section::Colophon {
        r#"<w:vAlign w:val="bottom"/>"#
    } else {
        ""
    };
    format!(
        r#"<w:sectPr>{refs}{kind}{size}{margins}<w:cols w:space="425"/>{valign}{title_pg}<w:docGrid w:type="linesAndChars" w:linePitch="{LINE_PITCH}" w:charSpace="{CHAR_SPACE}"/></w:sectPr>"#
    )
}

fn document(model: &Model) -> String {
    let mut body = String::new();
    let mut first_section = true;
    let mut landscape = model.landscape;
    let head_lines = model
        .blocks
        .iter()
        .take_while(|b| {
            matches!(b, Block::Para(p) if matches!(p.style, Style::CopyNumber | Style::Classification | Style::Urgency))
        })
        .count() as u32;
    let mut after_label = false;
    let mut first_title = true;
    let mut last_was_section_end = false;
    let close = |body: &mut String, first: &mut bool, landscape: bool| {
        let pr = sect_pr(model, Section::Main { landscape }, *first);
        write!(body, "<w:p><w:pPr>{pr}</w:pPr></w:p>").unwrap();
        *first = false;
    };
    for block in &model.blocks {
        match block {
            Block::Para(p) => {
                let mut extra = Props::default();
                match p.style {
                    Style::Mark => {
                        extra.before = Some(1984u32.saturating_sub(head_lines * LINE_PITCH));
                    }
                    Style::Title if after_label => {
                        extra.before = Some(LINE_PITCH);
                        extra.after = Some(LINE_PITCH);
                    }
                    Style::Title if first_title && model.form == Form::Document => {
                        extra.before = Some(2 * LINE_PITCH);
                    }
                    Style::Title if model.form == Form::Letter => {
                        extra.before = Some(2 * LINE_PITCH);
                    }
                    Style::AttachmentLabel if last_was_section_end => {
                        extra.page_break_before = Some(false);
                    }
                    _ => {}
                }
                if p.style == Style::Title {
                    first_title = false;
                }
                after_label = p.style == Style::AttachmentLabel;
                last_was_section_end = false;
                paragraph(&mut body, p, model, extra, None);
            }
            Block::Table(t) => {
                after_label = false;
                last_was_section_end = false;
                table(&mut body, t, if landscape { TYPE_H } else { TYPE_W });
                // A paragraph between a table and what follows (Word needs one after a table).
            }
            Block::AttachmentStart { landscape: turned } => {
                if *turned && !landscape {
                    close(&mut body, &mut first_section, landscape);
                    landscape = true;
                    last_was_section_end = true;
                }
            }
            Block::AttachmentEnd { landscape: turned } => {
                if *turned && !model.landscape {
                    close(&mut body, &mut first_section, landscape);
                    landscape = false;
                    last_was_section_end = true;
                }
            }
            Block::Colophon(rows) => {
                // Right after a turned attachment the section is closed already: the
                // colophon's own section turns the page back.
                if !last_was_section_end {
                    close(&mut body, &mut first_section, landscape);
                }
                colophon::write(&mut body, rows);
                write!(body, "{}", sect_pr(model, Section::Colophon, false)).unwrap();
                return wrap(&body);
            }
        }
    }
    if body.ends_with("</w:tbl>") {
        body.push_str(r#"<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>"#);
    }
    body.push_str(&sect_pr(model, Section::Main { landscape }, first_section));
    wrap(&body)
}

fn wrap(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS}><w:body>{body}</w:body></w:document>"#
    )
}

fn style_id(style: Style) -> &'static str {
    match style {
        Style::CopyNumber => "CopyNumber",
        Style::Classification => "Classification",
        Style::Urgency => "Urgency",
        Style::Mark => "Mark",
        Style::Number => "DocNumber",
        Style::Title => "DocTitle",
        Style::Recipients => "Recipients",
        Style::Body => "Normal",
        Style::Heading(1) => "Heading1",
        Style::Heading(2) => "Heading2",
        Style::Heading(3) => "Heading3",
        Style::Heading(_) => "Heading4",
        Style::AttachmentNote => "AttachmentNote",
        Style::Signature => "Signature",
        Style::Date => "SignDate",
        Style::Note => "Note",
        Style::AttachmentLabel => "AttachmentLabel",
        Style::FormLine => "FormLine",
        Style::TableText => "TableText",
        Style::TableHeader => "TableHeader",
    }
}

/// A paragraph's own properties over its style's, written in the schema's order.
#[derive(Default)]
pub struct Props {
    pub keep_next: bool,
    /// `Some(false)` cancels the style's page break (the page is new already).
    pub page_break_before: Option<bool>,
    pub border: Option<String>,
    pub tabs: Option<String>,
    pub before: Option<u32>,
    pub after: Option<u32>,
    /// (left, left in 1/100 characters, right)
    pub left: Option<(u32, u32)>,
    pub right: Option<u32>,
    pub jc: Option<&'static str>,
}

fn paragraph(out: &mut String, p: &Para, model: &Model, mut props: Props, size: Option<f32>) {
    let mut ppr = format!(r#"<w:pStyle w:val="{}"/>"#, style_id(p.style));
    if p.keep_next
        && !matches!(
            p.style,
            Style::Heading(_) | Style::Signature | Style::AttachmentNote
        )
    {
        props.keep_next = true;
    }
    if p.style == Style::Number {
        if p.hanging_chars.is_some() {
            props.tabs = Some(format!(
                r#"<w:tab w:val="right" w:pos="{}"/>"#,
                TYPE_W - 2 * CHAR
            ));
            props.left = Some((CHAR, 100));
            props.right = Some(CHAR);
            props.jc = Some("left");
        } else if model.form == Form::Letter {
            props.border = Some(r#"<w:bottom w:val="nil"/>"#.to_owned());
            props.before = Some(0);
            props.jc = Some("right");
        }
    } else if p.style == Style::FormLine && p.parts > 1 {
        let full = if model.landscape { TYPE_H } else { TYPE_W };
        props.tabs = Some(form_line_stops(p, full));
    } else if p.style == Style::Title && !p.runs.iter().any(|r| matches!(r, Run::Break)) {
        let full = if model.landscape { TYPE_H } else { TYPE_W };
        let text: String = p
            .runs
            .iter()
            .filter_map(|r| match r {
                Run::Text(t, _) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        if let Some(side) = measure::balanced_indent(&text, TITLE_SIZE, full) {
            props.left = Some((side, 0));
            props.right = Some(side);
        }
    } else if let Some(h) = p.hanging_chars {
        props.left = Some(((h * CHAR as f32) as u32, (h * 100.0) as u32));
    }
    if let Some(r) = p.right_chars {
        props.right = Some((r * CHAR as f32).round() as u32);
    }
    if p.lines_before > 0 {
        props.before = Some(p.lines_before * LINE_PITCH);
    }
    if props.keep_next {
        ppr.push_str("<w:keepNext/>");
    }
    if let Some(b) = props.page_break_before {
        ppr.push_str(if b {
            "<w:pageBreakBefore/>"
        } else {
            r#"<w:pageBreakBefore w:val="0"/>"#
        });
    }
    if let Some(b) = &props.border {
        write!(ppr, "<w:pBdr>{b}</w:pBdr>").unwrap();
    }
    if let Some(t) = &props.tabs {
        write!(ppr, "<w:tabs>{t}</w:tabs>").unwrap();
    }
    if props.before.is_some() || props.after.is_some() {
        ppr.push_str("<w:spacing");
        if let Some(b) = props.before {
            write!(ppr, r#" w:before="{b}""#).unwrap();
        }
        if let Some(a) = props.after {
            write!(ppr, r#" w:after="{a}""#).unwrap();
        }
        ppr.push_str("/>");
    }
    if props.left.is_some() || props.right.is_some() {
        ppr.push_str("<w:ind");
        if let Some((l, lc)) = props.left {
            write!(ppr, r#" w:left="{l}" w:leftChars="{lc}""#).unwrap();
        }
        if let Some(r) = props.right {
            write!(ppr, r#" w:right="{r}" w:rightChars="0""#).unwrap();
        }
        ppr.push_str(r#" w:firstLine="0" w:firstLineChars="0"/>"#);
    }
    if let Some(jc) = props.jc {
        write!(ppr, r#"<w:jc w:val="{jc}"/>"#).unwrap();
    }
    let sz = size
        .filter(|s| (*s - 14.0).abs() > 0.01)
        .map(|s| (s * 2.0).round() as u32);
    if let Some(sz) = sz {
        write!(
            ppr,
            r#"<w:rPr><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>"#
        )
        .unwrap();
    }
    write!(out, "<w:p><w:pPr>{ppr}</w:pPr>").unwrap();
    let scale = if p.style == Style::Mark {
        mark_scale(&p.runs)
    } else {
        None
    };
    for run in &p.runs {
        runs(out, run, sz, scale);
    }
    out.push_str("</w:p>");
}

/// Half-points of the 发文机关标志 (the Mark style's size, 42 pt).
const MARK_HALF_POINTS: u32 = 84;

/// The character width (percent) that keeps a 发文机关标志 on one line of the type area, as the
/// PDF condenses it; `None` when it fits at full width.
fn mark_scale(runs: &[Run]) -> Option<u32> {
    let chars: u32 = runs
        .iter()
        .map(|r| match r {
            Run::Text(t, _) => t.chars().count() as u32,
            _ => 0,
        })
        .sum();
    let full = chars * MARK_HALF_POINTS * 10; // twips at full width
    (full > TYPE_W).then(|| (TYPE_W * 100 / full).max(1))
}

fn runs(out: &mut String, run: &Run, sz: Option<u32>, scale: Option<u32>) {
    // w:w (character width) precedes w:sz in a run's properties, as the schema orders them.
    let size = scale
        .map(|w| format!(r#"<w:w w:val="{w}"/>"#))
        .unwrap_or_default()
        + &sz
            .map(|sz| format!(r#"<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>"#))
            .unwrap_or_default();
    match run {
        Run::Break => out.push_str("<w:r><w:br/></w:r>"),
        Run::Tab => out.push_str("<w:r><w:tab/></w:r>"),
        Run::Text(text, face) => {
            if text.is_empty() {
                return;
            }
            let face = match face {
                Face::Plain => String::new(),
                Face::Strong => "<w:b/>".into(),
                Face::Kai => rfonts(font(Role::Heading2)),
                Face::Hei => rfonts(font(Role::Heading1)),
            };
            let rpr = format!("{face}{size}");
            let rpr = if rpr.is_empty() {
                String::new()
            } else {
                format!("<w:rPr>{rpr}</w:rPr>")
            };
            write!(
                out,
                r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                escape(text)
            )
            .unwrap();
        }
    }
}

/// Column widths in twips, filling `full`: em and pt columns as given, fr columns share the rest.
pub fn widths(columns: &[Column], size: f32, full: u32) -> Vec<u32> {
    let fixed: f32 = columns
        .iter()
        .map(|c| match c {
            Column::Em(e) => e * size * 20.0,
            Column::Pt(p) => p * 20.0,
            Column::Fr(_) => 0.0,
        })
        .sum();
    let fr: f32 = columns
        .iter()
        .map(|c| if let Column::Fr(f) = c { *f } else { 0.0 })
        .sum();
    let rest = (full as f32 - fixed).max(0.0);
    let raw: Vec<f32> = columns
        .iter()
        .map(|c| match c {
            Column::Em(e) => e * size * 20.0,
            Column::Pt(p) => p * 20.0,
            Column::Fr(f) => rest * f / fr.max(f32::MIN_POSITIVE),
        })
        .collect();
    let total: f32 = raw.iter().sum();
    let scale = if total > full as f32 {
        full as f32 / total
    } else {
        1.0
    };
    raw.iter().map(|w| (w * scale).floor() as u32).collect()
}

fn table(out: &mut String, t: &Table, full: u32) {
    let widths = widths(&t.columns, t.size, full);
    let n = widths.len();
    let total: u32 = widths.iter().sum();
    write!(out, r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="85" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#).unwrap();
    for w in &widths {
        write!(out, r#"<w:gridCol w:w="{w}"/>"#).unwrap();
    }
    out.push_str("</w:tblGrid>");
    // Per grid column: rows still covered by a cell spanning rows above, and its column span.
    let mut covered: Vec<(usize, usize)> = vec![(0, 1); n];
    let span_width =
        |col: usize, span: usize| -> u32 { widths[col.min(n)..(col + span).min(n)].iter().sum() };
    for row in &t.rows {
        write!(
            out,
            "<w:tr><w:trPr><w:cantSplit/>{}</w:trPr>",
            if row.header { "<w:tblHeader/>" } else { "" }
        )
        .unwrap();
        let mut col = 0;
        let mut cells = row.cells.iter();
        loop {
            if col >= n {
                break;
            }
            if covered[col].0 > 0 {
                let (left, span) = covered[col];
                covered[col].0 = left - 1;
                write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/>{}<w:vMerge/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p></w:tc>"#, span_width(col, span), grid_span(span)).unwrap();
                col += span;
                continue;
            }
            let Some(cell) = cells.next() else {
                // A short row: empty cells to the end.
                write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p></w:tc>"#, span_width(col, 1)).unwrap();
                col += 1;
                continue;
            };
            let span = cell.colspan.min(n - col);
            let merge = if cell.rowspan > 1 {
                covered[col] = (cell.rowspan - 1, span);
                r#"<w:vMerge w:val="restart"/>"#
            } else {
                ""
            };
            write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/>{}{merge}<w:vAlign w:val="center"/></w:tcPr>"#, span_width(col, span), grid_span(span)).unwrap();
            let dummy = Model {
                form: Form::Table,
                landscape: false,
                mark: None,
                title: String::new(),
                blocks: Vec::new(),
            };
            for p in &cell.paras {
                let extra = Props {
                    jc: (cell.label && t.form).then_some("center"),
                    ..Props::default()
                };
                paragraph(out, p, &dummy, extra, Some(t.size));
            }
            out.push_str("</w:tc>");
            col += span;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// A form line's tab stops: the parts spread as the PDF spreads them, with equal room between
/// them and the last at the right edge, each part starting on a left stop placed from the
/// widths of the parts before it (a centred stop let a long 填报单位 run into the next part).
/// Parts too wide for one line keep a character between them and wrap.
fn form_line_stops(p: &Para, full: u32) -> String {
    let mut widths = vec![0u32];
    for run in &p.runs {
        match run {
            Run::Tab => widths.push(0),
            Run::Text(text, _) => *widths.last_mut().unwrap() += measure::width(text),
            Run::Break => {}
        }
    }
    let total: u32 = widths.iter().sum();
    let gaps = widths.len().saturating_sub(1).max(1) as u32;
    let gap = (full.saturating_sub(total) / gaps).max(CHAR4);
    let mut tabs = String::new();
    let mut at = 0;
    for (i, w) in widths.iter().enumerate() {
        if i + 1 == widths.len() && at + w <= full {
            write!(tabs, r#"<w:tab w:val="right" w:pos="{full}"/>"#).unwrap();
        } else if i > 0 {
            write!(tabs, r#"<w:tab w:val="left" w:pos="{}"/>"#, at.min(full)).unwrap();
        }
        at += w + gap;
    }
    tabs
}

pub fn grid_span(span: usize) -> String {
    if span > 1 {
        format!(r#"<w:gridSpan w:val="{span}"/>"#)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_lines_parts_start_where_the_ones_before_them_end() {
        let line = |parts: &[&str]| {
            let mut runs = Vec::new();
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    runs.push(Run::Tab);
                }
                runs.push(Run::Text((*part).into(), Face::Plain));
            }
            Para::new(Style::FormLine, runs)
        };
        // A centred stop at the middle put the second part into the end of this one.
        let unit = "填报单位（盖章）：中共都岭县委员会";
        let stops = form_line_stops(
            &line(&[unit, "统计截至：2023年10月31日", "报送时限：2023年11月16日"]),
            TYPE_H,
        );
        let second: u32 = stops
            .split(r#"w:pos=""#)
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(second > measure::width(unit), "{stops}");
        assert!(stops.ends_with(&format!(r#"<w:tab w:val="right" w:pos="{TYPE_H}"/>"#)));
    }

    #[test]
    fn a_long_mark_is_condensed_to_one_line_of_the_type_area() {
        let mark = |text: &str| vec![Run::Text(text.into(), Face::Plain)];
        assert_eq!(
            mark_scale(&mark("中共青山区委文件")),
            None,
            "fits at full width"
        );
        let text = "中共广西壮族自治区金澄交通投资建设运营集团有限公司委员会文件";
        let scale = mark_scale(&mark(text)).unwrap();
        let chars = text.chars().count() as u32;
        assert!(
            chars * MARK_HALF_POINTS * 10 * scale / 100 <= TYPE_W,
            "{scale}% fits"
        );
        assert!(
            chars * MARK_HALF_POINTS * 10 * (scale + 1) / 100 > TYPE_W,
            "{scale}% is the widest that fits"
        );
    }
}
