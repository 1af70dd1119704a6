//! Escaping case text for Typst, the one place it is done: for markup (what templates print
//! with `{{ }}`) and for string literals (arguments in code positions). Escaped text always
//! prints literally; it can never open a function call, a heading, maths, a label or a comment.

/// Escapes `text` for Typst markup: a backslash before every character that markup gives a
/// meaning to, a line break for each newline, carriage returns dropped.
pub fn typst_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '~' | '\'' | '"'
            | '=' | '-' | '+' | '/' | '.' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push_str("\\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` for the inside of a Typst string literal (`"…"`).
pub fn typst_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) const HOSTILE: &[&str] = &[
    "#import \"/etc/passwd\"",
    "= 标题",
    "*粗*",
    "$x$",
    "@ref",
    "<l>",
    "]",
    "//注释",
    "/* 块 */",
    "\\",
    "a@b.com",
    "http://x.y/z",
    "- 列表",
    "+ 1",
    "1. 项",
    "~",
    "'",
    "\"",
    "`code`",
    "_x_",
    "#{1 + 1}",
    "\\u{41}",
    "😀 䶮",
    "第一行\n第二行",
];

#[cfg(test)]
mod tests {
    use super::*;
    use typst::syntax::{SyntaxKind, SyntaxNode, parse};

    /// Every leaf of the parsed markup is plain text, an escape, a space or a line break.
    fn only_literal_text(node: &SyntaxNode) -> bool {
        if node.children().len() == 0 {
            return matches!(
                node.kind(),
                SyntaxKind::Text
                    | SyntaxKind::Escape
                    | SyntaxKind::Space
                    | SyntaxKind::Linebreak
                    | SyntaxKind::Shorthand
                    | SyntaxKind::SmartQuote
                    | SyntaxKind::Markup
            ) && node.kind() != SyntaxKind::Shorthand;
        }
        matches!(node.kind(), SyntaxKind::Markup) && node.children().all(only_literal_text)
    }

    #[test]
    fn hostile_text_parses_as_literal_markup() {
        for input in HOSTILE {
            let escaped = typst_markup(input);
            let root = parse(&escaped);
            assert!(
                root.errors_and_warnings().0.is_empty(),
                "{input:?} -> {escaped:?} has errors"
            );
            assert!(
                only_literal_text(&root),
                "{input:?} -> {escaped:?} parsed as {root:#?}"
            );
        }
    }

    #[test]
    fn chinese_text_is_left_alone() {
        assert_eq!(typst_markup("整改措施，责任单位。"), "整改措施，责任单位。");
        assert_eq!(typst_markup("2022年"), "2022年");
        assert_eq!(typst_markup("a.b"), "a\\.b");
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(typst_string(r#"他说"好"\n"#), r#"他说\"好\"\\n"#);
        assert_eq!(typst_string("a\nb"), "a\\nb");
    }
}
