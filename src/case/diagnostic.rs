//! Diagnostics about a case file: where (file, line, column, field path), what (a Chinese and an
//! English message) and the source line it points at. Every stage of loading reports through
//! this one type, so the CLI prints them all the same way.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is: an error makes the file invalid, a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The language a diagnostic is printed in. Chinese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// One problem in one case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The field path, `unit.leaders[2].name`; empty for the whole document.
    pub field: String,
    pub message_zh: String,
    pub message_en: String,
    /// The source line the position points into (without its line break).
    pub snippet: String,
}

impl Diagnostic {
    /// An error in `file` at `line` and `column` (0 and 0: the whole file), about no field in
    /// particular, without a snippet.
    pub fn error_in(file: &Path, line: usize, column: usize, zh: String, en: String) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line,
            column,
            field: String::new(),
            message_zh: zh,
            message_en: en,
            snippet: String::new(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        }
    }

    /// `path:line:col: 错误：message`, then the field path and the source line with a caret.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        let level = match (self.severity, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
        };
        let sep = if lang == Lang::Zh { "：" } else { ": " };
        let _ = write!(out, "{}", self.file.display());
        if self.line > 0 {
            let _ = write!(out, ":{}:{}", self.line, self.column);
        }
        let _ = writeln!(out, ": {level}{sep}{}", self.message(lang));
        if !self.field.is_empty() {
            let label = if lang == Lang::Zh { "字段" } else { "field" };
            let _ = writeln!(out, "  {label}{sep}{}", self.field);
        }
        if self.line > 0 && !self.snippet.is_empty() {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let (shown, caret) = window(&self.snippet, self.column);
            let _ = writeln!(out, "  {number} | {shown}");
            let _ = writeln!(out, "  {pad} | {}^", " ".repeat(caret));
        }
        out
    }
}

/// Display columns of the source line shown on each side of the column a diagnostic points at.
pub const SNIPPET_COLUMNS: usize = 80;

/// The part of `line` shown under a diagnostic, and the display column of the caret in it: the
/// whole line when it is short, else about [`SNIPPET_COLUMNS`] columns either side of `column`
/// (1-based, in characters) with `…` where the line was cut, so a one-megabyte line prints a
/// couple of hundred columns, not megabytes.
pub fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let width_of = |c: &char| if is_wide(*c) { 2 } else { 1 };
    let mut start = at;
    let mut used = 0;
    while start > 0 && used + width_of(&chars[start - 1]) <= SNIPPET_COLUMNS {
        start -= 1;
        used += width_of(&chars[start]);
    }
    let mut end = at;
    let mut used = 0;
    while end < chars.len() && used + width_of(&chars[end]) <= SNIPPET_COLUMNS {
        used += width_of(&chars[end]);
        end += 1;
    }
    let mut shown = String::new();
    let mut caret = 0;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.extend(&chars[start..end]);
    caret += chars[start..at].iter().map(width_of).sum::<usize>();
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

/// Every diagnostic rendered in Chinese, one block each, blank line between blocks.
pub fn render_report(diagnostics: &[Diagnostic]) -> String {
    render_report_in(diagnostics, Lang::Zh)
}

/// Every diagnostic rendered in `lang`, one block each, blank line between blocks.
pub fn render_report_in(diagnostics: &[Diagnostic], lang: Lang) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(lang))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Terminal columns a text takes: East Asian wide characters count two, tabs one.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// The text of one file, to make diagnostics with snippets from.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    /// The text of 1-based `line`, without its line break; empty when out of range.
    pub fn line_text(&self, line: usize) -> String {
        if line == 0 {
            return String::new();
        }
        self.text
            .split('\n')
            .nth(line - 1)
            .map(|l| l.trim_end_matches('\r').to_owned())
            .unwrap_or_default()
    }

    pub fn diagnostic(
        &self,
        severity: Severity,
        (line, column): (usize, usize),
        field: &str,
        message_zh: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            file: self.path.to_path_buf(),
            line,
            column,
            field: field.to_owned(),
            message_zh: message_zh.into(),
            message_en: message_en.into(),
            snippet: self.line_text(line),
        }
    }

    pub fn error(
        &self,
        at: (usize, usize),
        field: &str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Diagnostic {
        self.diagnostic(Severity::Error, at, field, zh, en)
    }

    pub fn warning(
        &self,
        at: (usize, usize),
        field: &str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Diagnostic {
        self.diagnostic(Severity::Warning, at, field, zh, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_field_and_caret_under_wide_text() {
        let source = Source {
            path: Path::new("a.yaml"),
            text: "unit:\n  name: 区委\n",
        };
        let d = source.error((2, 9), "unit.name", "名称有误", "bad name");
        let zh = d.render(Lang::Zh);
        assert!(
            zh.starts_with("a.yaml:2:9: 错误：名称有误\n  字段：unit.name\n"),
            "{zh}"
        );
        assert!(zh.contains("  2 |   name: 区委\n    |         ^\n"), "{zh}");
        assert!(d.render(Lang::En).contains("a.yaml:2:9: error: bad name"));
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        // A one-megabyte line: the rendering shows 80 columns either side, with … marks.
        let line = format!("key: {}错{}", "甲".repeat(500_000), "乙".repeat(500_000));
        let text = format!("{line}\n");
        let source = Source {
            path: Path::new("big.yaml"),
            text: &text,
        };
        let d = source.error((1, 500_006), "key", "有误", "bad");
        let zh = d.render(Lang::Zh);
        assert!(zh.len() < 2_000, "{} bytes", zh.len());
        let lines: Vec<&str> = zh.lines().collect();
        let shown = lines[2].strip_prefix("  1 | ").unwrap();
        assert_eq!(shown, format!("…{}错{}…", "甲".repeat(40), "乙".repeat(39)));
        let caret = lines[3].strip_prefix("    | ").unwrap();
        assert_eq!(caret, format!("{}^", " ".repeat(81)));
        // A short line is shown whole.
        assert_eq!(window("a: b", 4), ("a: b".to_owned(), 3));
        assert_eq!(window("", 1), (String::new(), 0));
        assert_eq!(window("ab", 99), ("ab".to_owned(), 2));
    }
}
