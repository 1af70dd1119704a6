//! Diagnostics of a compilation: Typst's errors and warnings, and our own checks (characters no
//! font has), each with its place in the Typst source (file, line, column) and hints, rendered
//! Chinese first for office staff with Typst's English message kept as the detail.

use std::fmt;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::{DiagSpan, FileId};

use super::world::{DocWorld, GONGWEN_PATH};

/// Error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

/// A place in a Typst source file (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the user knows it (e.g. `body.typ`, or a virtual path like `/main.typ`).
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The text of that line, for showing beside the message.
    pub line_text: String,
}

/// One problem found while laying out a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub message: String,
    pub location: Option<Location>,
    pub hints: Vec<String>,
    /// For an error inside the layout library that `location` moved to its caller: the place
    /// in the library itself (shown as a hint; an office's own `gongwen.typ` is reported there).
    pub library: Option<Location>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let label = match self.level {
            Level::Error => "排版错误",
            Level::Warning => "排版警告",
        };
        match &self.location {
            Some(at) => write!(
                f,
                "{label}：{}:{}:{}：{}",
                at.file, at.line, at.column, self.message
            )?,
            None => write!(f, "{label}：{}", self.message)?,
        }
        if let Some(at) = &self.location
            && !at.line_text.trim().is_empty()
        {
            write!(f, "\n    {} | {}", at.line, at.line_text.trim_end())?;
        }
        for hint in &self.hints {
            write!(f, "\n  提示 hint：{hint}")?;
        }
        if let Some(inner) = &self.library {
            write!(
                f,
                "\n  提示 hint：出错位置在版式库 {}:{}:{}",
                inner.file, inner.line, inner.column
            )?;
        }
        Ok(())
    }
}

/// The problems of a failed compilation (errors first, then the warnings seen so far).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// One error of our own, without a source location (an exporter's failure, a bad date).
    pub fn error(message: impl Into<String>) -> Diagnostics {
        Diagnostics(vec![Diagnostic {
            level: Level::Error,
            message: message.into(),
            location: None,
            hints: vec![],
            library: None,
        }])
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.level == Level::Error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Names the files of a world the way the user knows them.
pub(crate) struct Namer<'a> {
    pub world: &'a DocWorld<'a>,
    /// (virtual path, shown name) pairs, e.g. ("/body.typ", "notice.typ").
    pub shown_as: &'a [(String, String)],
}

impl Namer<'_> {
    /// Converts one of Typst's diagnostics.
    pub fn convert(&self, diag: &SourceDiagnostic) -> Diagnostic {
        let level = match diag.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let hints: Vec<String> = diag.hints.iter().map(|h| h.v.to_string()).collect();
        // An error inside the layout library is the caller's doing: point at the nearest call
        // from the user's own source, and keep the library's line as a hint.
        let mut location = self.locate(diag.span);
        let mut library = None;
        if let Some(inner) = location
            .as_ref()
            .filter(|l| l.file == GONGWEN_PATH)
            .cloned()
        {
            let outer = diag
                .trace
                .iter()
                .filter_map(|point| self.locate(point.span.into()))
                .find(|at| at.file != GONGWEN_PATH);
            if let Some(outer) = outer {
                library = Some(inner);
                location = Some(outer);
            }
        }
        Diagnostic {
            level,
            message: translate(&diag.message),
            location,
            hints,
            library,
        }
    }

    /// The place a span points at, if it points into a source file.
    pub fn locate(&self, span: DiagSpan) -> Option<Location> {
        let id = span.id()?;
        let range = self.world.range(span)?;
        let source = self.world.source_text(id)?;
        let (line, column) = source.lines().byte_to_line_column(range.start)?;
        let line_text = source.text().lines().nth(line).unwrap_or("").to_string();
        Some(Location {
            file: self.name(id),
            line: line + 1,
            column: column + 1,
            line_text,
        })
    }

    fn name(&self, id: FileId) -> String {
        let vpath = id.vpath().get_with_slash();
        self.shown_as
            .iter()
            .find(|(virtual_path, _)| virtual_path == vpath)
            .map(|(_, shown)| shown.clone())
            .unwrap_or_else(|| vpath.to_string())
    }
}

/// Puts a Chinese gloss before the Typst messages office staff meet most often.
fn translate(message: &str) -> String {
    const KNOWN: [(&str, &str); 10] = [
        ("unknown variable", "未定义的名称"),
        ("unclosed delimiter", "括号或引号没有闭合"),
        ("unexpected argument", "函数不接受这个参数"),
        ("missing argument", "缺少参数"),
        ("file not found", "找不到文件"),
        ("unexpected", "语法错误"),
        ("expected", "语法错误"),
        ("unknown font family", "未知字体"),
        (
            "access denied",
            "无权读取该文件（只能读取案卷所在文件夹中列明的文件）",
        ),
        ("packages are not served", "不支持导入 Typst 包"),
    ];
    // "expected length, found string": a value of the wrong type, not a syntax error.
    if message.starts_with("expected ") && message.contains(", found ") {
        return format!("类型不符（{message}）");
    }
    let Some((en, zh)) = KNOWN.iter().find(|(en, _)| message.contains(en)) else {
        return message.to_string();
    };
    // "unknown variable: 重点" reads "未定义的名称 重点（unknown variable）": the name first.
    match message
        .strip_prefix(en)
        .and_then(|rest| rest.strip_prefix(": "))
    {
        Some(detail) if !detail.is_empty() => format!("{zh} {detail}（{en}）"),
        _ => format!("{zh}（{message}）"),
    }
}
