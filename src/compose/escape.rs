//! Escaping case text for Typst, the one place it is done: for markup (what templates print
//! with `{{ }}`) and for string literals (arguments in code positions). Escaped text always
//! prints literally; it can never open a function call, a heading, a list, maths, a label, a
//! reference, a link or a comment, and it never introduces a line break of its own (a line break
//! in the source between two Chinese characters would print as a space).

/// Escapes `text` for Typst markup.
///
/// A backslash goes before every character Typst's markup lexer gives a meaning to
/// (``\ # * _ ` $ < > @ [ ] ~ ' " = - + / . :`` — checked against `typst-syntax` 0.15.1:
/// `.`/`-`/`~` form shorthands, `'`/`"` smart quotes, `:` and `/` autolinks and comments,
/// digits + `.` an enum marker). Escaping a character that needs none is harmless (`\x` prints
/// `x`), so the set errs on the safe side. Every character Typst reads as a newline (`\n`,
/// vertical tab, form feed, U+0085, U+2028, U+2029) becomes a forced line break (`\` + newline),
/// so two of them never make a paragraph break; `\r` is dropped (`\r\n` is one line break).
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
            '\n' | '\x0B' | '\x0C' | '\u{0085}' | '\u{2028}' | '\u{2029}' => out.push_str("\\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` for the inside of a Typst string literal (`"…"`, quotes not included):
/// `\` and `"` get a backslash, a newline becomes `\n`, a tab `\t`, `\r` is dropped.
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

/// Inputs that break or restructure Typst markup when pasted unescaped.
#[cfg(test)]
pub(crate) const HOSTILE: &[&str] = &[
    "#import \"/etc/passwd\"",
    "= 标题",
    "== 二级",
    "*粗*",
    "$x$",
    "@ref",
    "<l>",
    "]",
    "[",
    "//注释",
    "/* 块 */",
    "\\",
    "a@b.com",
    "http://x.y/z",
    "https://x.y/(z",
    "- 列表",
    "+ 1",
    "1. 项",
    "/ 术语: 解释",
    "~",
    "'",
    "\"",
    "`code`",
    "```raw```",
    "_x_",
    "#{1 + 1}",
    "#let x = 1",
    "\\u{41}",
    "--- -- -? -1 ...",
    "😀",
    "䶮 堃 喆",
    "𠀀",
    "第一行\n第二行",
    "第一行\r\n第二行",
    "段\n\n= 标题",
    "段\u{2028}\u{2028}= 标题",
    "段\u{2029}- 列表",
    "\\\n",
];

/// Test helpers shared with [`super::markdown`]'s tests.
#[cfg(test)]
pub(crate) mod check {
    use typst::syntax::{SyntaxKind, SyntaxNode};

    /// The first node of `root` (Typst markup) that is not literal text, if any: only text,
    /// escapes, spaces and forced line breaks are literal.
    pub fn first_non_literal(root: &SyntaxNode) -> Option<SyntaxNode> {
        if root.kind() != SyntaxKind::Markup {
            return Some(root.clone());
        }
        root.children()
            .find(|n| {
                !matches!(
                    n.kind(),
                    SyntaxKind::Text
                        | SyntaxKind::Escape
                        | SyntaxKind::Space
                        | SyntaxKind::Linebreak
                )
            })
            .cloned()
    }

    /// Compiles `markup` with the real engine and bundled fonts; the text of its pages.
    pub fn printed(markup: &str) -> String {
        use crate::typeset::{Engine, FontOptions, Job, measure};
        use std::sync::OnceLock;
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        let engine = ENGINE.get_or_init(|| Engine::new(&FontOptions::bundled_only()));
        let main = format!("#set page(width: 2000pt, height: auto)\n{markup}");
        let date = jiff::civil::date(2022, 7, 15);
        let compiled = match engine.compile(&Job::new(main, date)) {
            Ok(compiled) => compiled,
            Err(e) => panic!("{markup:?} does not compile: {e}"),
        };
        measure::pages(&compiled.document)
            .iter()
            .map(|p| p.text())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::check::{first_non_literal, printed};
    use super::*;
    use typst::syntax::parse;

    #[test]
    fn hostile_text_parses_as_literal_markup() {
        for input in HOSTILE {
            let escaped = typst_markup(input);
            let root = parse(&escaped);
            assert!(
                root.errors_and_warnings().0.is_empty(),
                "{input:?} -> {escaped:?} has errors"
            );
            assert_eq!(
                first_non_literal(&root),
                None,
                "{input:?} -> {escaped:?} is not literal: {root:#?}"
            );
        }
    }

    #[test]
    fn hostile_text_prints_exactly() {
        for input in HOSTILE {
            // Line breaks print as separate lines: compare the characters only. The bundled
            // fonts have no emoji and no CJK Extension B (font coverage is checked elsewhere).
            let want: String = input
                .chars()
                .filter(|c| !c.is_whitespace() || *c == ' ')
                .filter(|c| (*c as u32) < 0x10000)
                .collect();
            let got: String = printed(&typst_markup(input))
                .chars()
                .filter(|c| !c.is_whitespace() || *c == ' ')
                .collect();
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    fn exact_escapes() {
        assert_eq!(
            typst_markup("#import \"/etc/passwd\""),
            r#"\#import \"\/etc\/passwd\""#
        );
        assert_eq!(typst_markup("= 标题"), r"\= 标题");
        assert_eq!(typst_markup("a@b.com"), r"a\@b\.com");
        assert_eq!(typst_markup("1. 项"), r"1\. 项");
        assert_eq!(typst_markup("a\r\nb"), "a\\\nb");
        assert_eq!(typst_markup("a\u{2028}b"), "a\\\nb");
        assert_eq!(typst_markup("a\rb"), "ab");
    }

    #[test]
    fn chinese_text_is_left_alone_and_never_wrapped() {
        assert_eq!(typst_markup("整改措施，责任单位。"), "整改措施，责任单位。");
        assert_eq!(typst_markup("2022年"), "2022年");
        assert_eq!(typst_markup("（一）“两个维护”"), "（一）“两个维护”");
        let long = "坚持以习近平新时代中国特色社会主义思想为指导，".repeat(20);
        assert_eq!(typst_markup(&long), long);
        assert!(!typst_markup(&long).contains('\n'));
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(typst_string(r#"他说"好"\n"#), r#"他说\"好\"\\n"#);
        assert_eq!(typst_string("a\r\nb\tc"), "a\\nb\\tc");
        for input in HOSTILE {
            let code = format!("#\"{}\"", typst_string(input));
            let root = parse(&code);
            assert!(
                root.errors_and_warnings().0.is_empty(),
                "{input:?} -> {code:?}"
            );
            let expr = root.children().nth(1).unwrap();
            assert_eq!(expr.kind(), typst::syntax::SyntaxKind::Str, "{input:?}");
        }
    }
}
