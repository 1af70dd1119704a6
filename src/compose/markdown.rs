//! Markdown fields (detail, progress, assessment, …) to Typst markup, by walking pulldown-cmark
//! events. Every piece of text goes through [`escape::typst_markup`], so the output is trusted
//! Typst no matter what the field holds. Official documents have no bullets, so list items
//! become paragraphs (ordered ones numbered `1.`); headings inside a field become plain
//! paragraphs (heading levels belong to the templates); tables become `#table`; images are
//! refused; HTML prints literally.

use super::escape::typst_markup;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::fmt;

/// Something in a Markdown field that a document cannot print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError(pub String);

impl fmt::Display for MarkdownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MarkdownError {}

/// Converts a Markdown field to Typst markup.
pub fn to_typst(markdown: &str) -> Result<String, MarkdownError> {
    let mut w = Writer::default();
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        w.event(event)?;
    }
    w.end_block();
    Ok(w.out.trim_end().to_owned())
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Inline text of the current block; `\n` marks a soft break still to be resolved.
    inline: String,
    /// Open lists: the next number of an ordered list, `None` for a bullet list.
    lists: Vec<Option<u64>>,
    table: Option<Table>,
}

#[derive(Default)]
struct Table {
    columns: usize,
    cells: Vec<String>,
    in_head: bool,
    head_cells: usize,
}

/// True for characters written without spaces between them (CJK and full-width forms).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

impl Writer {
    /// Joins soft breaks: nothing between CJK characters (a space would print), a space elsewhere.
    fn take_inline(&mut self) -> String {
        let text = std::mem::take(&mut self.inline);
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        for (i, &c) in chars.iter().enumerate() {
            if c == '\u{0}' {
                let before = out.trim_end().chars().last();
                let after = chars[i + 1..].iter().copied().find(|c| !c.is_whitespace());
                let join = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
                if !join && before.is_some() {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        out.trim().to_owned()
    }

    fn text(&mut self, text: &str) {
        self.inline.push_str(&typst_markup(text));
    }

    /// Ends the current paragraph-like block.
    fn end_block(&mut self) {
        let text = self.take_inline();
        if text.is_empty() {
            return;
        }
        if let Some(table) = &mut self.table {
            table.cells.push(text);
            return;
        }
        self.out.push_str(&text);
        self.out.push_str("\n\n");
    }

    fn event(&mut self, event: Event<'_>) -> Result<(), MarkdownError> {
        match event {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                self.text(&t)
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::SoftBreak => self.inline.push('\u{0}'),
            Event::HardBreak => self.inline.push_str(" \\\n"),
            Event::Rule | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'_>) -> Result<(), MarkdownError> {
        match tag {
            Tag::Emphasis => self.inline.push_str("#emph["),
            Tag::Strong => self.inline.push_str("#strong["),
            Tag::Strikethrough => self.inline.push_str("#strike["),
            Tag::List(start) => {
                self.end_block();
                self.lists.push(start);
            }
            Tag::Item => {
                self.end_block();
                if let Some(Some(n)) = self.lists.last_mut() {
                    self.inline.push_str(&format!("{n}\\. "));
                    *n += 1;
                }
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
                return Err(MarkdownError(format!(
                    "公文中不能插入图片（images are not allowed）：{dest_url}"
                )));
            }
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::TableRow
            | Tag::TableCell
            | Tag::Link { .. }
            | Tag::FootnoteDefinition(_)
            | Tag::HtmlBlock
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
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.inline.push(']'),
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.end_block(),
            TagEnd::TableCell => {
                let text = self.take_inline();
                if let Some(t) = &mut self.table {
                    t.cells.push(text);
                    if t.in_head {
                        t.head_cells += 1;
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
    let cell = |c: &String| format!("[{c}]");
    let head: Vec<String> = t.cells[..t.head_cells].iter().map(cell).collect();
    let body: Vec<String> = t.cells[t.head_cells..].iter().map(cell).collect();
    let mut out = format!("#table(columns: {}", t.columns);
    if !head.is_empty() {
        out.push_str(&format!(", table.header({})", head.join(", ")));
    }
    for c in body {
        out.push_str(", ");
        out.push_str(&c);
    }
    out.push_str(")\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(md: &str) -> String {
        to_typst(md).unwrap()
    }

    #[test]
    fn paragraphs_and_cjk_soft_breaks() {
        assert_eq!(
            t("第一段\n接着写。\n\n第二段。"),
            "第一段接着写。\n\n第二段。"
        );
        assert_eq!(t("a word\nanother"), "a word another");
    }

    #[test]
    fn emphasis_and_strong() {
        assert_eq!(
            t("这是*强调*和**重点**。"),
            "这是#emph[强调]和#strong[重点]。"
        );
        // pulldown-cmark 0.13 does not apply the CJK-friendly rule: the asterisks next to
        // full-width quotes stay literal text (escaped), never broken markup.
        assert_eq!(t("的**“两个维护”**落实"), "的\\*\\*“两个维护”\\*\\*落实");
    }

    #[test]
    fn lists_become_paragraphs_numbered_like_documents() {
        assert_eq!(t("1. 甲\n2. 乙"), "1\\. 甲\n\n2\\. 乙");
        assert_eq!(t("- 甲\n- 乙"), "甲\n\n乙");
        assert_eq!(t("3. 丙"), "3\\. 丙");
    }

    #[test]
    fn tables_become_typst_tables() {
        assert_eq!(
            t("| 单位 | 人数 |\n|---|---|\n| 区委办 | 12 |"),
            "#table(columns: 2, table.header([单位], [人数]), [区委办], [12])"
        );
    }

    #[test]
    fn hostile_text_is_escaped_and_images_refused() {
        assert_eq!(t("#import \"x\""), "\\#import \\\"x\\\"");
        assert_eq!(t("<b>html</b>"), "\\<b\\>html\\<\\/b\\>");
        assert_eq!(t("# 标题"), "标题");
        assert!(to_typst("![图](a.png)").is_err());
        for input in super::super::escape::HOSTILE {
            let out = to_typst(input).unwrap();
            let root = typst::syntax::parse(&out);
            assert!(
                root.errors_and_warnings().0.is_empty(),
                "{input:?} -> {out:?}"
            );
        }
    }
}
