//! Markdown fields (detail, progress, assessment, …) to Typst markup, by walking pulldown-cmark
//! events. Every piece of user text goes through [`typst_markup`], so the output is trusted
//! Typst whatever the field holds; the only markup emitted is our own.
//!
//! What each construct becomes, and why:
//! - paragraphs → Typst paragraphs (blank line between them); a soft line break joins the lines
//!   with nothing between CJK characters (a newline there would print as a space) and with a
//!   space between Latin words; a hard break (two trailing spaces, or `\`) → a forced line break.
//! - `*em*` → `#emph[…]`, `**strong**` → `#strong[…]`: GB/T 9704 has neither bold nor italic,
//!   so the layout library decides how (or whether) to show them.
//! - CJK emphasis: pulldown-cmark 0.13 applies the plain CommonMark flanking rules, under which
//!   `的**“两个维护”**落实` is not bold. We apply the CJK-friendly amendment ourselves (see
//!   [`cjk_friendly`]): a `*` run between a CJK character and punctuation may open or close.
//! - lists → paragraphs, as official documents number them: ordered items get `1.` at the first
//!   level and `（1）` below (the labels of [`heading_label`] levels 3 and 4, with no space after
//!   them), bullet items get no mark (documents have no bullets). Plain paragraphs inherit the
//!   body's first-line indent; Typst's `+`/`-` lists would hang the text instead.
//! - tables → `#table(columns: n, table.header([…], …), […], …)`; short rows are padded with
//!   empty cells and extra cells dropped (GFM rules); alignment is left to the layout.
//! - headings inside a field → plain paragraphs: heading levels belong to the templates. A
//!   field that stands for a whole section of a document (an office's own wording of 工作要求)
//!   is converted by [`to_typst_with_headings`] instead: its `#` becomes the Typst heading
//!   level the template gives (`==`, （一）, under a `=` section), `##` the level below, and so
//!   on down to level 4 (（1）), where deeper headings stay.
//! - inline code, code blocks, raw HTML, autolinks → their text, printed literally; links →
//!   their text only; horizontal rules → nothing; `~` is never strikethrough (`3~5天`).
//! - images → refused with [`MarkdownError::Image`]: documents print text only.

use super::escape::typst_markup;
use super::numerals::heading_label;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// Something in a Markdown field that a document cannot print.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkdownError {
    /// An image, `![…](url)`.
    #[error("Markdown 中不能插入图片（{url}）：公文正文只印文字，图片请作为附件报送")]
    Image { url: String },
}

/// Converts a Markdown field to Typst markup: blocks separated by a blank line, no trailing
/// newline, `""` for an empty field.
pub fn to_typst(markdown: &str) -> Result<String, MarkdownError> {
    convert(markdown, None)
}

/// The deepest heading level the layout library numbers (（1）).
pub const DEEPEST_HEADING: usize = 4;

/// As [`to_typst`], but Markdown headings become Typst headings: `#` at `level` (1 = `=`,
/// 2 = `==` …), each further `#` one level deeper, none deeper than [`DEEPEST_HEADING`].
pub fn to_typst_with_headings(markdown: &str, level: usize) -> Result<String, MarkdownError> {
    convert(markdown, Some(level.clamp(1, DEEPEST_HEADING)))
}

fn convert(markdown: &str, heading_base: Option<usize>) -> Result<String, MarkdownError> {
    let source = cjk_friendly(markdown);
    let mut w = Writer {
        marked: matches!(source, Cow::Owned(_)),
        heading_base,
        ..Writer::default()
    };
    for event in Parser::new_ext(&source, Options::ENABLE_TABLES) {
        w.event(event)?;
    }
    w.end_block();
    Ok(w.out.trim_end().to_owned())
}

/// Invisible to the reader: inserted next to `*` runs to make them flanking, removed from
/// every piece of text afterwards. Unicode punctuation (so CommonMark's rules count it), and
/// if a field contains it already the amendment is skipped rather than lose a character.
pub const MARK: char = '\u{2E50}';

/// The CJK-friendly emphasis amendment, as a rewrite of the source: a `*` run preceded by a
/// CJK character and followed by punctuation gets [`MARK`] before it (so it may open, as in
/// `的**“`), and one followed by a CJK character and preceded by punctuation gets [`MARK`]
/// after it (so it may close, as in `”**落`). Nothing else changes.
pub fn cjk_friendly(markdown: &str) -> Cow<'_, str> {
    if markdown.contains(MARK) || !markdown.contains('*') {
        return Cow::Borrowed(markdown);
    }
    let chars: Vec<char> = markdown.chars().collect();
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '*' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '*' {
            i += 1;
        }
        let backslashes = chars[..start]
            .iter()
            .rev()
            .take_while(|c| **c == '\\')
            .count();
        let before = start.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i).copied();
        let escaped = backslashes % 2 == 1;
        let opens =
            !escaped && before.is_some_and(is_cjk_letter) && after.is_some_and(is_punctuation);
        let closes =
            !escaped && after.is_some_and(is_cjk_letter) && before.is_some_and(is_punctuation);
        if opens {
            out.push(MARK);
        }
        out.extend(&chars[start..i]);
        if closes {
            out.push(MARK);
        }
    }
    Cow::Owned(out)
}

/// Characters written without spaces between them: CJK ideographs, kana, CJK symbols and
/// punctuation, full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn is_cjk_letter(c: char) -> bool {
    is_cjk(c) && !is_punctuation(c)
}

/// Punctuation as CommonMark counts it (Unicode P and S), for the characters that matter next
/// to Chinese text. Every range here is punctuation to pulldown-cmark 0.13 too (checked
/// against its table); leaving a character out only means the amendment does not apply.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32,
            0xB7 | 0x2010..=0x2027 | 0x2030..=0x205E | 0x3001..=0x3003 | 0x3008..=0x3011
            | 0x3014..=0x301F | 0xFE10..=0xFE19 | 0xFE30..=0xFE4F | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || c == MARK
}

/// Our markup for a forced line break.
const HARD_BREAK: &str = "\\\n";

/// Inline content of the block being written.
enum Piece {
    /// User text, not yet escaped.
    Text(String),
    /// Our own markup.
    Markup(Cow<'static, str>),
    /// A soft line break, resolved when the block ends.
    Soft,
}

#[derive(Default)]
struct Writer {
    out: String,
    pieces: Vec<Piece>,
    /// Open lists, innermost last: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    table: Option<Table>,
    /// Text of the code or HTML block being read, written out whole when it ends.
    raw: Option<String>,
    /// The source holds [`MARK`]s of ours, to be removed from all text.
    marked: bool,
    /// The Typst level of a Markdown `#` heading; `None`: headings print as paragraphs.
    heading_base: Option<usize>,
    /// The Typst level of the heading being read.
    heading: Option<usize>,
    /// Open emphasis and strong spans, innermost last: true where the span printed its
    /// markup, false past [`DEEPEST_EMPHASIS`] (the text is kept, the nesting dropped).
    emphasis: Vec<bool>,
}

/// How deeply emphasis may nest in the output: a run of `*` nests spans past the depth Typst's
/// parser accepts ("maximum parsing depth exceeded"; found by the fuzzer). No reader tells a
/// fourth level from a third.
const DEEPEST_EMPHASIS: usize = 4;

#[derive(Default)]
struct Table {
    columns: usize,
    head: Vec<String>,
    body: Vec<String>,
    in_head: bool,
}

impl Writer {
    fn text(&mut self, text: &str) {
        if let Some(raw) = &mut self.raw {
            raw.push_str(text);
            return;
        }
        let text = self.unmark(text);
        if !text.is_empty() {
            self.pieces.push(Piece::Text(text));
        }
    }

    /// `text` without the marks [`cjk_friendly`] inserted.
    fn unmark(&self, text: &str) -> String {
        if self.marked {
            text.replace(MARK, "")
        } else {
            text.to_owned()
        }
    }

    fn markup(&mut self, markup: impl Into<Cow<'static, str>>) {
        self.pieces.push(Piece::Markup(markup.into()));
    }

    /// The current block's inline content as Typst markup.
    fn take_inline(&mut self) -> String {
        let mut pieces = std::mem::take(&mut self.pieces);
        // A forced line break at either end of a block prints nothing, and once the block is
        // trimmed its backslash would escape what follows (a table cell's closing `]`; found
        // by the fuzzer).
        let is_break = |p: &Piece| match p {
            Piece::Soft => true,
            Piece::Markup(m) => m == HARD_BREAK,
            Piece::Text(t) => t.trim().is_empty(),
        };
        while pieces.last().is_some_and(is_break) {
            pieces.pop();
        }
        let leading = pieces.iter().take_while(|p| is_break(p)).count();
        pieces.drain(..leading);
        let last_char = |p: &Piece| match p {
            Piece::Text(t) => t.chars().last(),
            _ => None,
        };
        let first_char = |p: &Piece| match p {
            Piece::Text(t) => t.chars().next(),
            _ => None,
        };
        let mut out = String::new();
        for (i, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Text(t) => out.push_str(&typst_markup(t)),
                Piece::Markup(m) => out.push_str(m),
                Piece::Soft => {
                    let before = pieces[..i].iter().rev().find_map(last_char);
                    let after = pieces[i + 1..].iter().find_map(first_char);
                    let cjk = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
                    if before.is_some() && after.is_some() && !cjk {
                        out.push(' ');
                    }
                }
            }
        }
        // `#emph[…](` would call the emphasis as a function: escape a `(` after any `]`
        // (escaping is harmless where it was not needed, e.g. after an escaped `\]`).
        let mut out = out.trim().replace("](", "]\\(");
        // Text ending in a line separator (U+2028 and the like) escapes to `\` + newline; trimmed,
        // its lone backslash would escape what follows the block (found by the fuzzer).
        let trailing = out.chars().rev().take_while(|c| *c == '\\').count();
        if trailing % 2 == 1 {
            out.pop();
        }
        out
    }

    /// Ends the current paragraph-like block.
    fn end_block(&mut self) {
        let text = self.take_inline();
        if text.is_empty() {
            return;
        }
        if let Some(table) = &mut self.table {
            // A block inside a cell (not produced by GFM tables, but harmless).
            let cells = if table.in_head {
                &mut table.head
            } else {
                &mut table.body
            };
            cells.push(text);
            return;
        }
        self.out.push_str(&text);
        self.out.push_str("\n\n");
    }

    fn event(&mut self, event: Event<'_>) -> Result<(), MarkdownError> {
        match event {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(tag),
            Event::Text(t)
            | Event::Code(t)
            | Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => self.text(&t),
            Event::SoftBreak => self.pieces.push(Piece::Soft),
            Event::HardBreak => self.markup(HARD_BREAK),
            Event::Rule | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'_>) -> Result<(), MarkdownError> {
        match tag {
            Tag::Emphasis | Tag::Strong => {
                let shown = self.emphasis.len() < DEEPEST_EMPHASIS;
                if shown {
                    self.markup(if matches!(tag, Tag::Emphasis) {
                        "#emph["
                    } else {
                        "#strong["
                    });
                }
                self.emphasis.push(shown);
            }
            Tag::List(start) => {
                self.end_block();
                self.lists.push(start);
            }
            Tag::Item => {
                self.end_block();
                let depth = self.lists.len();
                if let Some(Some(n)) = self.lists.last_mut() {
                    let level = if depth <= 1 { 3 } else { 4 };
                    let label = heading_label(level, u32::try_from(*n).unwrap_or(u32::MAX));
                    *n += 1;
                    self.markup(typst_markup(&label));
                }
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.end_block();
                self.raw = Some(String::new());
            }
            Tag::Table(alignments) => {
                self.end_block();
                self.table = Some(Table {
                    columns: alignments.len().max(1),
                    ..Table::default()
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::Image { dest_url, .. } => {
                return Err(MarkdownError::Image {
                    url: self.unmark(&dest_url),
                });
            }
            // A paragraph continues an item's number (loose lists); anything before it has
            // ended already.
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.end_block();
                self.heading = self
                    .heading_base
                    .map(|base| (base + level as usize - 1).min(DEEPEST_HEADING));
            }
            Tag::BlockQuote(_) => self.end_block(),
            Tag::Strikethrough
            | Tag::TableRow
            | Tag::TableCell
            | Tag::Link { .. }
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
            | Tag::Superscript
            | Tag::Subscript => {}
        }
        Ok(())
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis | TagEnd::Strong => {
                // A span past the depth printed no markup to close.
                let shown = self.emphasis.pop() == Some(true);
                self.markup(if shown { "]" } else { "" });
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                if let Some(raw) = self.raw.take() {
                    self.text(raw.trim_end_matches(['\n', '\r']));
                }
                self.end_block();
            }
            TagEnd::Heading(_) if self.heading.is_some() => {
                let level = self.heading.take().unwrap_or(1);
                // A heading is one line: a forced break inside it would end it.
                let text = self.take_inline().replace(HARD_BREAK, " ");
                if !text.is_empty() {
                    self.out.push_str(&"=".repeat(level));
                    self.out.push(' ');
                    self.out.push_str(&text);
                    self.out.push_str("\n\n");
                }
            }
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.end_block(),
            TagEnd::TableCell => {
                let text = self.take_inline();
                if let Some(t) = &mut self.table {
                    if t.in_head {
                        t.head.push(text);
                    } else {
                        t.body.push(text);
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.out.push_str(&render_table(&t));
                    self.out.push_str("\n\n");
                }
            }
            TagEnd::List(_) => {
                self.end_block();
                self.lists.pop();
            }
            _ => {}
        }
    }
}

fn render_table(t: &Table) -> String {
    let cells =
        |cells: &[String]| -> Vec<String> { cells.iter().map(|c| format!("[{c}]")).collect() };
    let mut out = format!("#table(columns: {}", t.columns);
    if !t.head.is_empty() {
        out.push_str(&format!(", table.header({})", cells(&t.head).join(", ")));
    }
    for cell in cells(&t.body) {
        out.push_str(", ");
        out.push_str(&cell);
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::super::escape::HOSTILE;
    use super::super::escape::check::printed;
    use super::*;
    use typst::syntax::{SyntaxKind, SyntaxNode};

    fn t(md: &str) -> String {
        to_typst(md).unwrap()
    }

    /// Nodes of `root` that are neither literal text nor our own markup constructs.
    fn foreign_nodes(node: &SyntaxNode, found: &mut Vec<SyntaxKind>) {
        use SyntaxKind::*;
        match node.kind() {
            Text | Escape | Space | Linebreak | Parbreak | Markup | Hash | Ident | Args
            | ContentBlock | LeftBracket | RightBracket | LeftParen | RightParen | Comma
            | Named | Colon | Int | FuncCall | FieldAccess | Dot => {}
            other => found.push(other),
        }
        for child in node.children() {
            foreign_nodes(child, found);
        }
    }

    fn assert_only_our_markup(out: &str) {
        let root = typst::syntax::parse(out);
        assert!(
            root.errors_and_warnings().0.is_empty(),
            "{out:?} has errors"
        );
        let mut found = Vec::new();
        foreign_nodes(&root, &mut found);
        assert!(found.is_empty(), "{out:?} contains {found:?}");
    }

    /// Found by the fuzzer: text ending in a line separator (escaped as a forced break, then
    /// trimmed to a lone backslash) escaped the `]` of the table cell it was printed in.
    #[test]
    fn a_block_never_ends_in_a_lone_backslash() {
        for md in [
            "进展顺利\u{2028}",
            "进展顺利\u{85}",
            "进展顺利\\\n\n",
            "甲\u{2028}\n\n乙\u{2028}",
        ] {
            let out = t(md);
            let cell = format!("#table([{out}], [下一格])");
            let root = typst::syntax::parse(&cell);
            assert!(root.errors_and_warnings().0.is_empty(), "{md:?} → {out:?}");
            assert!(out.contains("进展顺利") || out.contains('甲'), "{out}");
        }
        // An escaped backslash at the end is text, and stays.
        assert!(t("路径C:\\\\").ends_with("\\\\"), "{}", t("路径C:\\\\"));
    }

    /// Found by the fuzzer: a run of `*` nested emphasis past Typst's parsing depth.
    #[test]
    fn emphasis_nests_no_deeper_than_the_parser_allows() {
        let md = format!("{}强调{}", "*".repeat(400), "*".repeat(400));
        let out = t(&md);
        assert!(
            typst::syntax::parse(&out)
                .errors_and_warnings()
                .0
                .is_empty(),
            "{out}"
        );
        assert!(out.contains("强调"), "{out}");
        assert!(
            out.matches("#emph[").count() + out.matches("#strong[").count() <= DEEPEST_EMPHASIS
        );
    }

    #[test]
    fn paragraphs_and_soft_breaks() {
        assert_eq!(
            t("第一段\n接着写。\n\n第二段。"),
            "第一段接着写。\n\n第二段。"
        );
        assert_eq!(t("a word\nanother"), "a word another");
        assert_eq!(t("中文\nWord"), "中文Word");
        assert_eq!(
            t("全面从严治党，\n**压实**责任"),
            "全面从严治党，#strong[压实]责任"
        );
        assert_eq!(t("**压实**\n责任"), "#strong[压实]责任");
        assert_eq!(t("第一行  \n第二行"), "第一行\\\n第二行");
        assert_eq!(t("第一行\\\n第二行"), "第一行\\\n第二行");
        assert_eq!(t(""), "");
        assert_eq!(t("\n\n"), "");
    }

    #[test]
    fn long_chinese_paragraph_is_one_line() {
        let line = "坚持以习近平新时代中国特色社会主义思想为指导，".repeat(10);
        let md = format!("{line}\n{line}");
        assert_eq!(t(&md), format!("{line}{line}"));
    }

    #[test]
    fn emphasis_and_strong() {
        assert_eq!(
            t("这是*强调*和**重点**。"),
            "这是#emph[强调]和#strong[重点]。"
        );
        assert_eq!(t("***都有***"), "#emph[#strong[都有]]");
        // Our calls never swallow a following `(`.
        assert_eq!(t("*强调*(注)"), "#emph[强调]\\(注)");
        assert_eq!(t("`]`(x)"), "\\]\\(x)");
    }

    #[test]
    fn cjk_friendly_emphasis() {
        assert_eq!(t("的**“两个维护”**落实"), "的#strong[“两个维护”]落实");
        assert_eq!(t("要*（全面）*做到"), "要#emph[（全面）]做到");
        assert_eq!(
            t("坚决做到**“两个维护”**。"),
            "坚决做到#strong[“两个维护”]。"
        );
        // Plain CommonMark behaviour is kept away from CJK text, and escapes stay escapes.
        assert_eq!(t("a**\"b\"**c"), "a\\*\\*\\\"b\\\"\\*\\*c");
        assert_eq!(t("的\\*“两个”\\*落"), "的\\*“两个”\\*落");
        // A field that already holds the marker is parsed by the plain rules, unchanged.
        assert_eq!(t("⹐的**“两个”**落"), "⹐的\\*\\*“两个”\\*\\*落");
    }

    #[test]
    fn lists_become_paragraphs_numbered_like_documents() {
        assert_eq!(t("1. 甲\n2. 乙"), "1\\.甲\n\n2\\.乙");
        assert_eq!(t("- 甲\n- 乙"), "甲\n\n乙");
        assert_eq!(t("3. 丙"), "3\\.丙");
        assert_eq!(
            t("1. 甲\n   1. 子一\n   2. 子二\n2. 乙"),
            "1\\.甲\n\n（1）子一\n\n（2）子二\n\n2\\.乙"
        );
        assert_eq!(t("1. 甲\n\n   续段\n2. 乙"), "1\\.甲\n\n续段\n\n2\\.乙");
    }

    #[test]
    fn tables_become_typst_tables() {
        assert_eq!(
            t("| 单位 | 人数 |\n|---|---|\n| 区委办 | 12 |"),
            "#table(columns: 2, table.header([单位], [人数]), [区委办], [12])"
        );
        assert_eq!(
            t("前文\n\n| a | b |\n|:-|-:|\n| *x* |\n| 1 | 2 | 3 |\n\n后文"),
            "前文\n\n#table(columns: 2, table.header([a], [b]), [#emph[x]], [], [1], [2])\n\n后文"
        );
        assert_eq!(
            t("| 问题 | 措施 |\n|---|---|\n| a\\|b | #x |"),
            "#table(columns: 2, table.header([问题], [措施]), [a|b], [\\#x])"
        );
    }

    #[test]
    fn headings_code_html_links_print_as_text() {
        assert_eq!(t("# 标题\n正文"), "标题\n\n正文");
        assert_eq!(t("```\n= 代码\n#x\n```"), "\\= 代码\\\n\\#x");
        assert_eq!(
            t("<div>\n<b>x</b>\n</div>"),
            "\\<div\\>\\\n\\<b\\>x\\<\\/b\\>\\\n\\<\\/div\\>"
        );
        assert_eq!(t("行内<b>x</b>"), "行内\\<b\\>x\\<\\/b\\>");
        assert_eq!(t("见[文件](http://x.y/z)"), "见文件");
        assert_eq!(t("<http://x.y/z>"), "http\\:\\/\\/x\\.y\\/z");
        assert_eq!(t("`#import`"), "\\#import");
        assert_eq!(t("3~5天，~~删~~"), "3\\~5天，\\~\\~删\\~\\~");
        assert_eq!(t("上文\n\n---\n\n下文"), "上文\n\n下文");
        assert_eq!(t("> 引文"), "引文");
    }

    #[test]
    fn headings_become_sub_headings_when_asked() {
        let md = "# 提高政治站位\n\n正文一。\n\n## 细项 **重点**\n正文二。\n\n### 三级\n\n#### 四级\n\n##### 五级";
        assert_eq!(
            to_typst_with_headings(md, 2).unwrap(),
            "== 提高政治站位\n\n正文一。\n\n=== 细项 #strong[重点]\n\n正文二。\n\n==== 三级\n\n==== 四级\n\n==== 五级"
        );
        // A heading's text is escaped like any other: a number written by hand stays text.
        assert_eq!(
            to_typst_with_headings("# 1. = 甲\n乙", 1).unwrap(),
            "= 1\\. \\= 甲\n\n乙"
        );
        // Setext headings too; a heading with no text prints nothing; no headings, no change.
        assert_eq!(
            to_typst_with_headings("标题\n===\n\n#\n\n段落", 2).unwrap(),
            "== 标题\n\n段落"
        );
        assert_eq!(
            to_typst_with_headings("第一段\n\n第二段", 2).unwrap(),
            t("第一段\n\n第二段")
        );
        let out = to_typst_with_headings(md, 2).unwrap();
        let root = typst::syntax::parse(&out);
        assert!(root.errors_and_warnings().0.is_empty(), "{out:?}");
        let headings = root.children().filter(|c| c.kind() == SyntaxKind::Heading);
        assert_eq!(headings.count(), 5, "{out:?}");
    }

    #[test]
    fn images_are_refused_by_name() {
        let err = to_typst("见图：![图](a.png)").unwrap_err();
        assert_eq!(
            err,
            MarkdownError::Image {
                url: "a.png".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "Markdown 中不能插入图片（a.png）：公文正文只印文字，图片请作为附件报送"
        );
    }

    #[test]
    fn hostile_text_stays_text() {
        for input in HOSTILE {
            let out = t(input);
            assert_only_our_markup(&out);
        }
        let mixed = "**重点**(注)\n\n| #a | *b* |\n|---|---|\n| $x$ | <l> |\n\n1. @ref\n2. `]`";
        assert_only_our_markup(&t(mixed));
    }

    #[test]
    fn output_compiles_and_prints_the_words() {
        let md = "第一段**“两个维护”**落实，*强调*(注)。\n\n1. 甲\n   1. 子\n- 乙\n\n| 单位 | 人数 |\n|---|---|\n| 区委办 | 12 |\n\n```\n#import \"/etc/passwd\"\n```";
        let printed: String = printed(&t(md))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert_eq!(
            printed,
            "第一段“两个维护”落实，强调(注)。1.甲（1）子乙单位人数区委办12#import\"/etc/passwd\""
        );
    }
}
