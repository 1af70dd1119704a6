//! Reading the semantic pass: the HTML tree `gongwen.typ` emits for the Word pass, as a
//! small model of styled paragraphs, tables and attachments. Roles come from `data-role`
//! attributes; what Typst emits itself (`p`, `h2`–`h5`, `strong`, `br`, `table`) keeps its
//! meaning.

use typst_html::{HtmlDocument, HtmlElement, HtmlNode};

/// The form of a document (GB/T 9704: 文件格式, 信函格式, or a table form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Document,
    Letter,
    Table,
}

/// A document as the Word writer reads it.
#[derive(Debug, Clone)]
pub struct Model {
    pub form: Form,
    /// The whole document on turned pages (a landscape table form).
    pub landscape: bool,
    /// The issuing authorities' names and the mark's suffix (文件), for the letter head.
    pub mark: Option<Mark>,
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Mark {
    pub names: Vec<String>,
    pub suffix: String,
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(Table),
    /// An attachment begins: a new page, a section of its own when it is turned.
    AttachmentStart {
        landscape: bool,
    },
    /// The attachment ends (a turned one closes its section).
    AttachmentEnd {
        landscape: bool,
    },
    /// The 版记's rows: (left text, right text) — the right one only for the 印发 row.
    Colophon(Vec<(String, Option<String>)>),
}

/// The named paragraph styles (their Word names are in [`super::word`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    CopyNumber,
    Classification,
    Urgency,
    Mark,
    Number,
    Title,
    Recipients,
    Body,
    Heading(u8),
    AttachmentNote,
    Signature,
    Date,
    Note,
    AttachmentLabel,
    FormLine,
    TableText,
    TableHeader,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub style: Style,
    pub runs: Vec<Run>,
    /// Distance from the right edge of the type area, in characters (署名, 成文日期).
    pub right_chars: Option<f32>,
    /// Blank grid lines above (the seal's room).
    pub lines_before: u32,
    /// A hanging label (附件说明's "附件：" of the first item): left indent in characters.
    pub hanging_chars: Option<f32>,
    pub keep_next: bool,
    /// A form line's parts, spread over the line by tab stops (the first at the left, the
    /// last at the right).
    pub parts: usize,
}

impl Para {
    pub fn new(style: Style, runs: Vec<Run>) -> Para {
        Para {
            style,
            runs,
            right_chars: None,
            lines_before: 0,
            hanging_chars: None,
            keep_next: false,
            parts: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    Text(String, Face),
    Break,
    Tab,
}

/// How a run differs from its paragraph's style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Plain,
    Strong,
    /// 楷体 (the signer's name).
    Kai,
    /// 黑体 (a form's label cells).
    Hei,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Column widths as Typst wrote them: `2.8em`, `3fr`, `auto`, a length in pt.
    pub columns: Vec<Column>,
    /// Text size in points.
    pub size: f32,
    pub rows: Vec<Row>,
    /// A form (审批表): label cells centred in 黑体.
    pub form: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Column {
    Em(f32),
    Pt(f32),
    Fr(f32),
}

#[derive(Debug, Clone)]
pub struct Row {
    pub header: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub colspan: usize,
    pub rowspan: usize,
    pub paras: Vec<Para>,
    /// A label cell (centred).
    pub label: bool,
}

/// The model of a semantic pass, or why it has none (a layout library without the Word
/// pass's roles, e.g. an office's own `gongwen.typ` from before DOCX).
pub fn document(doc: &HtmlDocument) -> Result<Model, String> {
    let root = find_role(doc.root(), "gongwen").ok_or_else(|| {
        "暂不支持把此文档生成为 DOCX：所用版式库 gongwen.typ 没有 Word 所需的段落角色（请用 `xunshi templates eject` 取得新版 gongwen.typ 后合并改动）（the layout library has no Word roles）".to_owned()
    })?;
    let form = match attr(root, "data-form").as_deref() {
        Some("letter") => Form::Letter,
        Some("table") => Form::Table,
        _ => Form::Document,
    };
    let mut model = Model {
        form,
        landscape: attr(root, "data-landscape").as_deref() == Some("true"),
        mark: None,
        title: String::new(),
        blocks: Vec::new(),
    };
    let mut reader = Reader { model: &mut model };
    let mut pending = Vec::new();
    let mut blocks = Vec::new();
    reader.blocks(&root.children, &mut pending, &mut blocks);
    flush(&mut pending, &mut blocks);
    model.blocks = blocks;
    Ok(model)
}

struct Reader<'m> {
    model: &'m mut Model,
}

fn flush(pending: &mut Vec<Run>, out: &mut Vec<Block>) {
    if pending
        .iter()
        .any(|r| matches!(r, Run::Text(t, _) if !t.trim().is_empty()))
    {
        out.push(Block::Para(Para::new(Style::Body, std::mem::take(pending))));
    }
    pending.clear();
}

impl Reader<'_> {
    /// Block-level content: paragraphs, headings, the roles' blocks, tables. Loose inline
    /// content collects in `pending` and becomes a body paragraph.
    fn blocks(&mut self, nodes: &[HtmlNode], pending: &mut Vec<Run>, out: &mut Vec<Block>) {
        for node in nodes {
            let el = match node {
                HtmlNode::Text(text, _) => {
                    pending.push(Run::Text(text.to_string(), Face::Plain));
                    continue;
                }
                HtmlNode::Element(el) => el,
                HtmlNode::Tag(_) | HtmlNode::Frame(_) => continue,
            };
            let tag = tag(el);
            let role = attr(el, "data-role");
            if is_inline(&tag, role.as_deref()) {
                inline(el, Face::Plain, pending);
                continue;
            }
            flush(pending, out);
            self.block(el, &tag, role.as_deref(), out);
        }
    }

    fn block(&mut self, el: &HtmlElement, tag: &str, role: Option<&str>, out: &mut Vec<Block>) {
        let para = |style| Block::Para(Para::new(style, runs(el, Face::Plain)));
        match (tag, role) {
            ("p", Some("copy-number")) => out.push(para(Style::CopyNumber)),
            ("p", Some("classification")) => out.push(para(Style::Classification)),
            ("p", Some("urgency")) => out.push(para(Style::Urgency)),
            ("p", Some("title")) => {
                if self.model.title.is_empty() {
                    self.model.title = text_of(el).replace('\n', "");
                }
                out.push(para(Style::Title));
            }
            ("p", Some("recipients")) => out.push(para(Style::Recipients)),
            ("p", Some("note")) => out.push(para(Style::Note)),
            ("p", Some("attachment-label")) => out.push(para(Style::AttachmentLabel)),
            ("p", Some("closing")) => {
                let mut p = Para::new(Style::Body, runs(el, Face::Plain));
                p.keep_next = true;
                out.push(Block::Para(p));
            }
            ("p", Some("form-line")) => {
                let mut runs = Vec::new();
                let mut parts = 0;
                for (i, part) in children_with_role(el, "part").enumerate() {
                    if i > 0 {
                        runs.push(Run::Tab);
                    }
                    inline(part, Face::Plain, &mut runs);
                    parts += 1;
                }
                let mut p = Para::new(Style::FormLine, runs);
                p.parts = parts;
                out.push(Block::Para(p));
            }
            ("p", _) => out.push(para(Style::Body)),
            ("h2" | "h3" | "h4" | "h5", _) => {
                let level = tag.as_bytes()[1] - b'1';
                let mut p = Para::new(Style::Heading(level), runs(el, Face::Plain));
                p.keep_next = true;
                out.push(Block::Para(p));
            }
            ("div", Some("mark")) => {
                let names: Vec<String> = children_with_role(el, "name").map(text_of).collect();
                let suffix = attr(el, "data-suffix").unwrap_or_default();
                self.model.mark = Some(Mark {
                    names: names.clone(),
                    suffix: suffix.clone(),
                });
                // The letter head is drawn in the first page's header (see `word`).
                if self.model.form == Form::Document {
                    let n = names.len();
                    for (i, name) in names.into_iter().enumerate() {
                        let text = if i + 1 == n {
                            format!("{name}{suffix}")
                        } else {
                            name
                        };
                        out.push(Block::Para(Para::new(
                            Style::Mark,
                            vec![Run::Text(text, Face::Plain)],
                        )));
                    }
                }
            }
            ("div", Some("number")) => {
                let value = children_with_role(el, "value").map(text_of).next();
                let signers: Vec<String> = children_with_role(el, "signer").map(text_of).collect();
                let mut runs = Vec::new();
                let upward = !signers.is_empty();
                if let Some(v) = value {
                    runs.push(Run::Text(v, Face::Plain));
                }
                for (i, s) in signers.iter().enumerate() {
                    if i == 0 {
                        runs.push(Run::Tab);
                    } else {
                        runs.push(Run::Text("\u{3000}".into(), Face::Plain));
                    }
                    runs.push(Run::Text("签发人：".into(), Face::Plain));
                    runs.push(Run::Text(s.clone(), Face::Kai));
                }
                let mut p = Para::new(Style::Number, runs);
                if upward {
                    // Left, one character in; the signer right, one character in.
                    p.hanging_chars = Some(1.0);
                }
                out.push(Block::Para(p));
            }
            ("div", Some("attachment-note")) => {
                let items: Vec<&HtmlElement> = children_with_role(el, "item").collect();
                let numbered = items.len() > 1;
                for (i, item) in items.iter().enumerate() {
                    let mut runs = Vec::new();
                    runs.push(Run::Text(
                        match (i, numbered) {
                            (0, false) => "附件：".into(),
                            (0, true) => "附件：1. ".into(),
                            (n, _) => format!("{}. ", n + 1),
                        },
                        Face::Plain,
                    ));
                    inline(item, Face::Plain, &mut runs);
                    let mut p = Para::new(Style::AttachmentNote, runs);
                    if i > 0 {
                        // Aligned under the first name: past "附件：".
                        p.hanging_chars = Some(5.0);
                    }
                    p.keep_next = true;
                    out.push(Block::Para(p));
                }
            }
            ("div", Some("signature")) => signature(el, out),
            ("div", Some("attachment")) => {
                let landscape = attr(el, "data-landscape").as_deref() == Some("true");
                out.push(Block::AttachmentStart { landscape });
                let mut pending = Vec::new();
                self.blocks(&el.children, &mut pending, out);
                flush(&mut pending, out);
                out.push(Block::AttachmentEnd { landscape });
            }
            ("div", Some("colophon")) => {
                let mut rows = Vec::new();
                for child in elements(el) {
                    match attr(child, "data-role").as_deref() {
                        Some("row") => rows.push((text_of(child), None)),
                        Some("printed") => {
                            let by = children_with_role(child, "by").map(text_of).next();
                            let on = children_with_role(child, "on").map(text_of).next();
                            rows.push((by.unwrap_or_default(), on.filter(|s| !s.is_empty())));
                        }
                        _ => {}
                    }
                }
                out.push(Block::Colophon(rows));
            }
            ("div", Some(kind @ ("task-table" | "form-table"))) => {
                let columns = attr(el, "data-columns").unwrap_or_default();
                let size = attr(el, "data-size")
                    .and_then(|s| s.strip_suffix("pt").and_then(|n| n.parse().ok()))
                    .unwrap_or(14.0);
                if let Some(t) = find_tag(el, "table") {
                    out.push(Block::Table(table(t, &columns, size, kind == "form-table")));
                }
            }
            ("table", _) => out.push(Block::Table(table(el, "", 14.0, false))),
            ("ul" | "ol", _) => {
                for (i, li) in elements(el).filter(|e| self::tag(e) == "li").enumerate() {
                    let mut runs = vec![Run::Text(
                        if tag == "ol" {
                            format!("{}. ", i + 1)
                        } else {
                            "• ".into()
                        },
                        Face::Plain,
                    )];
                    inline(li, Face::Plain, &mut runs);
                    out.push(Block::Para(Para::new(Style::Body, runs)));
                }
            }
            _ => {
                let mut pending = Vec::new();
                self.blocks(&el.children, &mut pending, out);
                flush(&mut pending, out);
            }
        }
    }
}

/// 署名和成文日期 as right-aligned paragraphs, placed as GB/T 9704 7.3.5 says, in characters
/// of the type area's 28.
fn signature(el: &HtmlElement, out: &mut Vec<Block>) {
    let sealed = attr(el, "data-sealed").as_deref() != Some("false");
    let names: Vec<String> = children_with_role(el, "name").map(text_of).collect();
    let date = children_with_role(el, "date")
        .map(text_of)
        .next()
        .unwrap_or_default();
    let dw = width(&date);
    let nw = names.iter().map(|n| width(n)).fold(0.0, f32::max);
    let (name_right, date_right) = if sealed {
        // The date four characters from the right, each name centred over it.
        (None, 4.0)
    } else if dw > nw {
        (Some(4.0 + dw - nw), 2.0)
    } else {
        (Some(2.0), nw - dw)
    };
    for (i, name) in names.iter().enumerate() {
        let mut p = Para::new(Style::Signature, vec![Run::Text(name.clone(), Face::Plain)]);
        p.right_chars = Some(match name_right {
            Some(r) => r,
            None => (date_right + (dw - width(name)) / 2.0).max(2.0),
        });
        p.lines_before = if sealed {
            2
        } else if i == 0 {
            1
        } else {
            0
        };
        p.keep_next = true;
        out.push(Block::Para(p));
    }
    let mut p = Para::new(Style::Date, vec![Run::Text(date, Face::Plain)]);
    p.right_chars = Some(date_right.max(0.0));
    out.push(Block::Para(p));
}

/// Width in characters of the body's grid: full-width characters 1, others ½.
pub fn width(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

fn table(el: &HtmlElement, columns: &str, size: f32, form: bool) -> Table {
    let mut rows = Vec::new();
    collect_rows(el, false, &mut rows);
    let columns: Vec<Column> = columns
        .split(';')
        .filter(|c| !c.trim().is_empty())
        .map(column)
        .collect();
    let count = rows
        .first()
        .map(|r: &Row| r.cells.iter().map(|c| c.colspan).sum())
        .unwrap_or(1);
    let columns = if columns.len() == count {
        columns
    } else if let Ok(n) = columns_count(&columns) {
        vec![Column::Fr(1.0); n.max(count)]
    } else {
        vec![Column::Fr(1.0); count]
    };
    Table {
        columns,
        size,
        rows,
        form,
    }
}

fn columns_count(columns: &[Column]) -> Result<usize, ()> {
    if columns.is_empty() {
        Err(())
    } else {
        Ok(columns.len())
    }
}

fn column(text: &str) -> Column {
    let t = text.trim();
    let num = |s: &str| s.parse::<f32>().ok();
    if let Some(n) = t.strip_suffix("fr").and_then(num) {
        Column::Fr(n)
    } else if let Some(n) = t.strip_suffix("em").and_then(num) {
        Column::Em(n)
    } else if let Some(n) = t.strip_suffix("pt").and_then(num) {
        Column::Pt(n)
    } else if let Some(n) = t.strip_suffix("mm").and_then(num) {
        Column::Pt(n * 72.0 / 25.4)
    } else if let Some(n) = t.strip_suffix("cm").and_then(num) {
        Column::Pt(n * 720.0 / 25.4)
    } else {
        Column::Fr(1.0)
    }
}

fn collect_rows(el: &HtmlElement, header: bool, rows: &mut Vec<Row>) {
    for child in elements(el) {
        match tag(child).as_str() {
            "thead" => collect_rows(child, true, rows),
            "tbody" | "tfoot" => collect_rows(child, false, rows),
            "tr" => {
                let cells = elements(child)
                    .filter(|c| matches!(tag(c).as_str(), "td" | "th"))
                    .map(|c| cell(c, header))
                    .collect();
                rows.push(Row { header, cells });
            }
            _ => {}
        }
    }
}

fn cell(el: &HtmlElement, header: bool) -> Cell {
    let span = |name| {
        attr(el, name)
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let label = header || find_role(el, "label").is_some();
    let style = if label {
        Style::TableHeader
    } else {
        Style::TableText
    };
    let mut paras = Vec::new();
    let mut pending = Vec::new();
    cell_content(&el.children, style, &mut pending, &mut paras);
    if !pending.is_empty() || paras.is_empty() {
        paras.push(Para::new(style, pending));
    }
    Cell {
        colspan: span("colspan"),
        rowspan: span("rowspan"),
        paras,
        label,
    }
}

fn cell_content(nodes: &[HtmlNode], style: Style, pending: &mut Vec<Run>, out: &mut Vec<Para>) {
    for node in nodes {
        match node {
            HtmlNode::Text(t, _) => pending.push(Run::Text(t.to_string(), Face::Plain)),
            HtmlNode::Element(el) => {
                let tag = tag(el);
                let role = attr(el, "data-role");
                if role.as_deref() == Some("sign-off") {
                    if !pending.is_empty() {
                        out.push(Para::new(style, std::mem::take(pending)));
                    }
                    let lines = attr(el, "data-lines")
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(3u32);
                    for _ in 0..lines {
                        out.push(Para::new(style, Vec::new()));
                    }
                    out.push(Para::new(style, runs(el, Face::Plain)));
                    let mut date = Para::new(
                        style,
                        vec![Run::Text("年\u{3000}月\u{3000}日".into(), Face::Plain)],
                    );
                    date.right_chars = Some(0.5);
                    out.push(date);
                } else if is_inline(&tag, role.as_deref()) {
                    inline(el, Face::Plain, pending);
                } else {
                    if !pending.is_empty() {
                        out.push(Para::new(style, std::mem::take(pending)));
                    }
                    cell_content(&el.children, style, pending, out);
                    if !pending.is_empty() {
                        out.push(Para::new(style, std::mem::take(pending)));
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_inline(tag: &str, role: Option<&str>) -> bool {
    matches!(
        tag,
        "span" | "strong" | "em" | "b" | "i" | "br" | "a" | "sub" | "sup" | "code"
    ) && role != Some("sign-off")
}

fn runs(el: &HtmlElement, face: Face) -> Vec<Run> {
    let mut out = Vec::new();
    inline(el, face, &mut out);
    out
}

/// The runs of inline content.
fn inline(el: &HtmlElement, face: Face, out: &mut Vec<Run>) {
    for node in &el.children {
        match node {
            HtmlNode::Text(t, _) => out.push(Run::Text(t.to_string(), face)),
            HtmlNode::Element(child) => {
                let face = match (tag(child).as_str(), attr(child, "data-role").as_deref()) {
                    ("br", _) => {
                        out.push(Run::Break);
                        continue;
                    }
                    ("strong" | "b", _) => Face::Strong,
                    (_, Some("signer")) => Face::Kai,
                    (_, Some("label")) => Face::Hei,
                    _ => face,
                };
                inline(child, face, out);
            }
            _ => {}
        }
    }
}

fn text_of(el: &HtmlElement) -> String {
    runs(el, Face::Plain)
        .iter()
        .map(|r| match r {
            Run::Text(t, _) => t.as_str(),
            Run::Break => "\n",
            Run::Tab => "\t",
        })
        .collect()
}

fn tag(el: &HtmlElement) -> String {
    el.tag.resolve().as_str().to_owned()
}

fn attr(el: &HtmlElement, name: &str) -> Option<String> {
    el.attrs
        .0
        .iter()
        .find(|(k, _)| k.resolve().as_str() == name)
        .map(|(_, v)| v.to_string())
}

fn elements(el: &HtmlElement) -> impl Iterator<Item = &HtmlElement> {
    el.children.iter().filter_map(|n| match n {
        HtmlNode::Element(e) => Some(e),
        _ => None,
    })
}

fn children_with_role<'a>(
    el: &'a HtmlElement,
    role: &'a str,
) -> impl Iterator<Item = &'a HtmlElement> {
    elements(el).filter(move |e| attr(e, "data-role").as_deref() == Some(role))
}

fn find_role<'a>(el: &'a HtmlElement, role: &str) -> Option<&'a HtmlElement> {
    if attr(el, "data-role").as_deref() == Some(role) {
        return Some(el);
    }
    elements(el).find_map(|e| find_role(e, role))
}

fn find_tag<'a>(el: &'a HtmlElement, name: &str) -> Option<&'a HtmlElement> {
    if tag(el) == name {
        return Some(el);
    }
    elements(el).find_map(|e| find_tag(e, name))
}
