//! Markdown fields (progress, updates) flattened to the plain text a spreadsheet cell holds:
//! the words kept, the markup dropped, one line per paragraph or list item.
//!
//! The Typst conversion in `compose::markdown` cannot serve here (its output is Typst markup),
//! so this is a small walk over pulldown-cmark events of its own:
//! - paragraphs, headings, list items, code blocks, table rows → one line each;
//! - ordered list items keep their number ("1. "), bullet items get none;
//! - a soft line break joins with nothing between CJK characters and with a space otherwise;
//!   a hard break is a line break;
//! - emphasis, links, inline code, HTML → their text; images → their alt text;
//!   table cells → joined by "｜";
//! - CJK emphasis such as `的**“两个维护”**落实` (which plain CommonMark leaves as literal
//!   asterisks) is recognised with the same amendment the documents use, so no `**` leaks.

use crate::compose::markdown::{MARK, cjk_friendly, is_cjk};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Markdown to plain text: lines separated by `\n`, no blank lines, trimmed.
pub fn markdown_to_plain(markdown: &str) -> String {
    // NUL marks a pending soft break below: none may come from the text itself.
    let cleaned = markdown.replace('\u{0}', "");
    let source = cjk_friendly(&cleaned);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // For each open list: the next item number, or None for a bullet list.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut in_cell = false;
    // Just after an item's number: its first paragraph continues the same line.
    let mut fresh_item = false;
    let flush = |line: &mut String, lines: &mut Vec<String>| {
        let text = line.trim();
        if !text.is_empty() {
            lines.push(text.to_owned());
        }
        line.clear();
    };
    for event in Parser::new_ext(&source, Options::ENABLE_TABLES) {
        let starts_item = matches!(event, Event::Start(Tag::Item));
        let continues_item = fresh_item && matches!(event, Event::Start(Tag::Paragraph));
        fresh_item = false;
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                line.push_str(&t)
            }
            Event::SoftBreak => {
                let before = line.chars().last();
                if !before.is_some_and(is_cjk) {
                    line.push(' ');
                } else {
                    // Decided when the next text arrives: a CJK start needs no space.
                    line.push('\u{0}');
                }
            }
            Event::HardBreak => flush(&mut line, &mut lines),
            Event::Start(Tag::List(first)) => {
                flush(&mut line, &mut lines);
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut line, &mut lines);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut line, &mut lines);
                if let Some(Some(n)) = lists.last_mut() {
                    line.push_str(&format!("{n}. "));
                    *n += 1;
                }
                fresh_item = starts_item;
            }
            Event::Start(Tag::TableCell) => {
                in_cell = true;
                line.clear();
            }
            Event::End(TagEnd::TableCell) => {
                in_cell = false;
                cells.push(line.trim().to_owned());
                line.clear();
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                line = cells.join("｜");
                cells.clear();
                flush(&mut line, &mut lines);
            }
            Event::Start(Tag::Paragraph) if continues_item => {}
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)) if !in_cell => {
                flush(&mut line, &mut lines)
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Item,
            ) => flush(&mut line, &mut lines),
            _ => {}
        }
    }
    flush(&mut line, &mut lines);
    lines
        .iter()
        .map(|l| resolve_soft_breaks(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Soft breaks were left as NUL after a CJK character: drop them before another CJK
/// character, make them a space otherwise. Also removes the helper [`MARK`].
fn resolve_soft_breaks(line: &str) -> String {
    let chars: Vec<char> = line.chars().filter(|c| *c != MARK).collect();
    let mut out = String::with_capacity(line.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == '\u{0}' {
            if !chars.get(i + 1).copied().is_some_and(is_cjk) {
                out.push(' ');
            }
        } else {
            out.push(*c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::markdown_to_plain as plain;

    #[test]
    fn paragraphs_and_list_items_become_lines() {
        assert_eq!(plain("第一段。\n\n第二段。"), "第一段。\n第二段。");
        assert_eq!(plain("1. 甲\n2. 乙\n\n- 丙\n- 丁"), "1. 甲\n2. 乙\n丙\n丁");
        assert_eq!(plain("3. 从三开始\n4. 四"), "3. 从三开始\n4. 四");
        assert_eq!(plain("1. 甲\n\n   续\n\n2. 乙"), "1. 甲\n续\n2. 乙");
        assert_eq!(plain("## 标题\n正文"), "标题\n正文");
        assert_eq!(plain(""), "");
        assert_eq!(plain("  \n\n  "), "");
    }

    #[test]
    fn soft_breaks_join_cjk_without_a_space_and_latin_with_one() {
        assert_eq!(plain("已印发\n实施细则"), "已印发实施细则");
        assert_eq!(plain("completed\nwork"), "completed work");
        assert_eq!(plain("完成率95%\nsee below"), "完成率95% see below");
        assert_eq!(plain("第一行  \n第二行"), "第一行\n第二行");
    }

    #[test]
    fn markup_is_dropped_and_cjk_emphasis_does_not_leak_asterisks() {
        assert_eq!(
            plain("做到**“两个维护”**落实，*强调*与`代码`和[链接](http://x)"),
            "做到“两个维护”落实，强调与代码和链接"
        );
        assert_eq!(plain(r"5\*3 得 15"), "5*3 得 15");
    }

    #[test]
    fn tables_become_one_line_per_row() {
        assert_eq!(
            plain("| 项目 | 数量 |\n|---|---|\n| 隐患 | 418 |"),
            "项目｜数量\n隐患｜418"
        );
    }
}
