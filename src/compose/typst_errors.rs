//! Typst's errors in a composed document, told in the terms of the templates that made it.
//!
//! Typst sees only the generated source (`/main.typ`) and the layout library, so its
//! positions are lines of a file the office never wrote. Each error located there is moved
//! to the template file and line the text came from ([`super::source_map`]); when the text
//! was printed by a `{{ … }}` expression, the case value it printed is looked up in the case
//! (by its text: as escaped for Typst markup, as a string literal, as written, or as converted
//! Markdown) and named with its field, and, when the loaded case file is at hand, with its
//! line there. An error inside an office's own `gongwen.typ` is reported at that file, with
//! the template line that called it. Typst does not say which call led into the layout
//! library when the error happens inside `context` (evaluated while laying out, not while
//! calling), as in most of its functions: then the calls of the function the line belongs to
//! are looked up in the generated source, and named as inferred. The generated source's line
//! stays as a hint (`--format typ` writes it). Without a map (the instrumented rendering did
//! not reproduce the document) the message is Typst's, as before.

use super::Composer;
use super::escape;
use super::markdown;
use super::source_map::{Place, Printed, SourceMap};
use super::templates::{LAYOUT_LIBRARY, Origin, TemplateSet};
use super::view::Selection;
use crate::case::diagnostic::display_width;
use crate::case::{Case, LoadedCase};
use crate::typeset::{Diagnostic, Diagnostics, GONGWEN_PATH, Job, Level, Location, MAIN_PATH};
use std::fmt::Write as _;

/// How many calling template lines an error in the layout library lists.
const MAX_CALLERS: usize = 5;

/// The errors of one document whose templates produced Typst that failed.
#[derive(Debug, Clone)]
pub struct TemplateFailure {
    problems: Vec<Problem>,
}

#[derive(Debug, Clone)]
struct Problem {
    /// As Typst reported it (its location in the generated source).
    diagnostic: Diagnostic,
    /// The place to report it at: a template line, or a line of the office's `gongwen.typ`.
    at: Option<At>,
    /// The built-in layout library's own line, when `at` is the template line calling it.
    library: Option<At>,
    /// For an error reported in the layout library: the template lines calling it.
    called_from: Vec<At>,
    /// The layout function whose name the callers were found by, when Typst did not say
    /// which call it was.
    inferred_from: Option<String>,
    /// The case value printed where the error is, when an expression printed it.
    value: Option<Value>,
    /// The generated source's line and column, kept as a hint, and the document's name with
    /// how to write that source.
    generated: Option<(usize, usize, String)>,
}

/// A line of a file the office can open.
#[derive(Debug, Clone, PartialEq, Eq)]
struct At {
    file: String,
    line: usize,
    column: usize,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Value {
    /// The expression as written, `{{ m.leader }}`.
    expression: String,
    /// The case field whose text it printed, `findings[0].measures[0].leader`.
    field: Option<String>,
    /// The field's text, or what the expression printed when no field matched.
    text: String,
    /// How many other fields hold the same text (the error may be at any of them).
    same_elsewhere: usize,
}

impl TemplateFailure {
    /// The failure of a kind's document `sel` composed from `case`, whose job (the composed
    /// source, how its files are named) failed with `diagnostics`.
    pub fn of_document(
        composer: &Composer,
        case: &Case,
        sel: &Selection<'_>,
        job: &Job,
        diagnostics: Diagnostics,
    ) -> TemplateFailure {
        let problems = explain(
            composer,
            job,
            &diagnostics.0,
            || composer.source_map(case, sel, &job.main),
            Some(case),
            "--format typ",
        );
        TemplateFailure { problems }
    }

    /// The failure of template `name` rendered with `context` (a round summary).
    pub fn of_template(
        composer: &Composer,
        name: &str,
        context: &impl serde::Serialize,
        job: &Job,
        diagnostics: Diagnostics,
    ) -> TemplateFailure {
        let problems = explain(
            composer,
            job,
            &diagnostics.0,
            || composer.template_source_map(name, context, &job.main),
            None,
            "-o 文件名.typ",
        );
        TemplateFailure { problems }
    }

    /// The errors for the user; with the loaded case file, a case value's line in it too.
    pub fn report(&self, loaded: Option<&LoadedCase>) -> String {
        let mut out = String::new();
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            problem.write(&mut out, loaded);
        }
        out
    }
}

/// Typst's warnings of a document that was made, each at its template line.
pub fn warnings(
    composer: &Composer,
    case: &Case,
    sel: &Selection<'_>,
    job: &Job,
    warnings: &[Diagnostic],
) -> Vec<String> {
    if warnings.is_empty() {
        return Vec::new();
    }
    explain(
        composer,
        job,
        warnings,
        || composer.source_map(case, sel, &job.main),
        Some(case),
        "--format typ",
    )
    .iter()
    .map(|p| {
        let mut out = String::new();
        p.write(&mut out, None);
        out
    })
    .collect()
}

fn explain<'c>(
    composer: &'c Composer,
    job: &Job,
    diagnostics: &[Diagnostic],
    map: impl FnOnce() -> Option<SourceMap<'c>>,
    case: Option<&Case>,
    how_to_write: &str,
) -> Vec<Problem> {
    let main_name = job
        .shown_as
        .iter()
        .find(|(path, _)| path == MAIN_PATH)
        .map_or(MAIN_PATH, |(_, shown)| shown.as_str());
    let document = main_name
        .split_once('（')
        .map_or(main_name, |(stem, _)| stem)
        .to_owned();
    let in_file = |d: &Diagnostic, file: &str| d.location.as_ref().is_some_and(|l| l.file == file);
    let wanted = diagnostics
        .iter()
        .any(|d| in_file(d, main_name) || in_file(d, GONGWEN_PATH));
    let Some(map) = (if wanted { map() } else { None }) else {
        return diagnostics.iter().map(Problem::plain).collect();
    };
    let templates = composer.templates();
    let own_layout = matches!(templates.origin(LAYOUT_LIBRARY), Some(Origin::User(_)));
    let layout_text = templates.text(LAYOUT_LIBRARY).unwrap_or("");
    let lines = typst::syntax::Lines::new(job.main.clone());
    let case_json = case.map(|c| serde_json::to_value(c).unwrap_or_default());
    let generated = |byte: usize| {
        lines.byte_to_line_column(byte).map(|(l, c)| {
            (
                l + 1,
                c + 1,
                format!("{document}，可用 {how_to_write} 写出"),
            )
        })
    };
    let layout_at = |loc: &Location| At {
        file: templates.shown_name(LAYOUT_LIBRARY),
        line: loc.line,
        column: loc.column,
        text: loc.line_text.clone(),
    };
    diagnostics
        .iter()
        .map(|d| {
            let mut problem = Problem::plain(d);
            let Some(loc) = &d.location else {
                return problem;
            };
            if loc.file == main_name {
                // In the generated source: directly, or as the call of a layout function.
                let Some(byte) = lines.line_column_to_byte(loc.line - 1, loc.column - 1) else {
                    return problem;
                };
                let Some(place) = map.locate(byte) else {
                    return problem;
                };
                problem.generated = generated(byte);
                problem.value = place
                    .expression
                    .as_ref()
                    .map(|printed| value_of(printed, case_json.as_ref()));
                let caller = at_place(templates, &place);
                match &d.library {
                    Some(inner) if own_layout => {
                        problem.at = Some(layout_at(inner));
                        problem.called_from.push(caller);
                    }
                    Some(inner) => {
                        problem.library = Some(layout_at(inner));
                        problem.at = Some(caller);
                    }
                    None => problem.at = Some(caller),
                }
            } else if loc.file == GONGWEN_PATH {
                // In the layout library, the call unknown to Typst: found by the name of the
                // function the line belongs to.
                let calls = enclosing_function(layout_text, loc.line)
                    .map(|function| (function, calls_of(function, &job.main, &map)));
                match &calls {
                    Some((function, calls)) if calls.len() == 1 && !own_layout => {
                        let (byte, place) = &calls[0];
                        problem.inferred_from = Some((*function).to_owned());
                        problem.generated = generated(*byte);
                        problem.library = Some(layout_at(loc));
                        problem.at = Some(at_place(templates, place));
                    }
                    _ => {
                        problem.at = Some(layout_at(loc));
                        if let Some((function, calls)) = calls {
                            problem.inferred_from = Some(function.to_owned());
                            problem.called_from = calls
                                .iter()
                                .take(MAX_CALLERS)
                                .map(|(_, place)| at_place(templates, place))
                                .collect();
                        }
                    }
                }
            }
            problem
        })
        .collect()
}

/// The layout library's function whose definition holds line `line` (1-based): the nearest
/// `#let NAME(` at or above it.
fn enclosing_function(layout: &str, line: usize) -> Option<&str> {
    let above: Vec<&str> = layout.split('\n').take(line).collect();
    above.iter().rev().find_map(|l| {
        let rest = l.strip_prefix("#let ")?;
        let name = &rest[..rest.find('(')?];
        let word = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        word.then_some(name)
    })
}

/// Where the generated source calls `function` (`name(` or `name.with(`), one per template
/// place, in order.
fn calls_of(function: &str, source: &str, map: &SourceMap<'_>) -> Vec<(usize, Place)> {
    let mut found: Vec<(usize, Place)> = Vec::new();
    for (byte, _) in source.match_indices(function) {
        let before = source[..byte].chars().next_back();
        let after = &source[byte + function.len()..];
        let own_name = !before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !own_name || !(after.starts_with('(') || after.starts_with(".with(")) {
            continue;
        }
        let Some(place) = map.locate(byte) else {
            continue;
        };
        let key = |p: &Place| (p.template.clone(), p.line, p.column);
        if !found.iter().any(|(_, p)| key(p) == key(&place)) {
            found.push((byte, place));
        }
    }
    found
}

fn at_place(templates: &TemplateSet, place: &Place) -> At {
    let text = templates
        .text(&place.template)
        .and_then(|t| t.split('\n').nth(place.line - 1))
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_owned();
    At {
        file: templates.shown_name(&place.template),
        line: place.line,
        column: place.column,
        text,
    }
}

/// The case value an expression printed around the error, found by its text: the field
/// whose text covers the error's byte in the longest form; among equals, the one named like
/// the expression's last key (`m.leader` → `….leader`), else the first.
fn value_of(printed: &Printed, case: Option<&serde_json::Value>) -> Value {
    let key = printed
        .source
        .trim_matches(|c: char| c == '{' || c == '}' || c == '-' || c.is_whitespace())
        .split('|')
        .next()
        .unwrap_or("")
        .trim()
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_owned();
    // (covered length, named like the expression, field, text)
    let mut found: Vec<(usize, bool, String, String)> = Vec::new();
    if let Some(case) = case {
        crate::case::yaml::visit_strings(case, &mut |field, text| {
            if text.trim().is_empty() {
                return;
            }
            let forms = [
                escape::typst_markup(text),
                format!("\"{}\"", escape::typst_string(text)),
                text.to_owned(),
            ];
            let mut covering = forms
                .iter()
                .filter(|form| covers(&printed.text, form, printed.offset))
                .map(String::len)
                .max();
            if covering.is_none() && printed.text.len() > text.len() {
                covering = markdown::to_typst(text)
                    .ok()
                    .filter(|form| covers(&printed.text, form.trim(), printed.offset))
                    .map(|form| form.trim().len());
            }
            if let Some(len) = covering {
                let named = field.rsplit(['.', ']']).next() == Some(key.as_str());
                found.push((len, named, field.to_owned(), text.to_owned()));
            }
        });
    }
    let best = found
        .iter()
        .enumerate()
        .max_by_key(|(i, (len, named, _, _))| (*len, *named, std::cmp::Reverse(*i)))
        .map(|(_, f)| f.clone());
    match best {
        Some((_, _, field, text)) => Value {
            expression: printed.source.clone(),
            same_elsewhere: found.iter().filter(|f| f.3 == text).count() - 1,
            field: Some(field),
            text,
        },
        None => Value {
            expression: printed.source.clone(),
            field: None,
            text: printed.text.clone(),
            same_elsewhere: 0,
        },
    }
}

/// Whether `form` occurs in `text` over byte `offset`.
fn covers(text: &str, form: &str, offset: usize) -> bool {
    !form.is_empty()
        && text
            .match_indices(form)
            .any(|(start, m)| start <= offset && offset < start + m.len())
}

/// At most `max` characters of `text` on one line, `…` marking a cut.
fn excerpt(text: &str, max: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let one_line = one_line.trim();
    if one_line.chars().count() <= max {
        one_line.to_owned()
    } else {
        let cut: String = one_line.chars().take(max).collect();
        format!("{cut}…")
    }
}

impl Problem {
    fn plain(d: &Diagnostic) -> Problem {
        Problem {
            diagnostic: d.clone(),
            at: None,
            library: None,
            called_from: Vec::new(),
            inferred_from: None,
            value: None,
            generated: None,
        }
    }

    fn write(&self, out: &mut String, loaded: Option<&LoadedCase>) {
        let Some(at) = &self.at else {
            let _ = write!(out, "{}", self.diagnostic);
            return;
        };
        let label = match self.diagnostic.level {
            Level::Error => "模板错误",
            Level::Warning => "模板警告",
        };
        let _ = write!(
            out,
            "{}:{}:{}: {label}：{}",
            at.file, at.line, at.column, self.diagnostic.message
        );
        write_line(out, at);
        if let Some(value) = &self.value {
            value.write(out, loaded);
        }
        for call in &self.called_from {
            let _ = write!(
                out,
                "\n  调用处：{}:{}:{}：{}",
                call.file,
                call.line,
                call.column,
                call.text.trim()
            );
        }
        for hint in &self.diagnostic.hints {
            let _ = write!(out, "\n  提示 hint：{hint}");
        }
        if let Some(inner) = &self.library {
            let _ = write!(
                out,
                "\n  提示 hint：出错位置在内置版式库 {}:{}:{}：{}（可用 xunshi templates eject gongwen 导出查看）",
                inner.file,
                inner.line,
                inner.column,
                inner.text.trim()
            );
        }
        if let Some(function) = &self.inferred_from
            && (self.library.is_some() || !self.called_from.is_empty())
        {
            let _ = write!(
                out,
                "\n  提示 hint：Typst 未指明是哪一处调用出的错，调用处是按函数名 {function} 在生成的源文件中查找推断的"
            );
        }
        if let Some((line, column, document)) = &self.generated {
            let _ = write!(
                out,
                "\n  提示 hint：在生成的 Typst 源文件（{document}）中是第 {line} 行第 {column} 列"
            );
        }
    }
}

impl Value {
    fn write(&self, out: &mut String, loaded: Option<&LoadedCase>) {
        let text = excerpt(&self.text, 40);
        let Some(field) = &self.field else {
            let _ = write!(out, "\n  该处文字由 {} 输出：“{text}”", self.expression);
            return;
        };
        let file = loaded
            .map(|l| match l.position(field) {
                Some((line, column)) => format!("{}:{line}:{column} 的 ", l.path.display()),
                None => format!("{} 的 ", l.path.display()),
            })
            .unwrap_or_default();
        let _ = write!(
            out,
            "\n  该处文字来自案卷 {file}{field}：“{text}”，由 {} 输出",
            self.expression
        );
        if self.same_elsewhere > 0 {
            let _ = write!(out, "（案卷中另有 {} 处同样的文字）", self.same_elsewhere);
        }
    }
}

/// The line itself under the message, with a caret under the column.
fn write_line(out: &mut String, at: &At) {
    if at.text.trim().is_empty() {
        return;
    }
    let number = at.line.to_string();
    let _ = write!(
        out,
        "\n    {number} | {}",
        at.text.replace('\t', "    ").trim_end()
    );
    let before: String = at
        .text
        .chars()
        .take(at.column.saturating_sub(1))
        .collect::<String>()
        .replace('\t', "    ");
    let _ = write!(
        out,
        "\n    {} | {}^",
        " ".repeat(number.len()),
        " ".repeat(display_width(&before))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(source: &str, text: &str, offset: usize) -> Printed {
        Printed {
            source: source.into(),
            text: text.into(),
            offset,
        }
    }

    #[test]
    fn a_printed_value_is_found_in_the_case_by_its_text() {
        let case = serde_json::json!({
            "unit": {"name": "中共某某委员会", "head": "陈永刚"},
            "findings": [{"measures": [{"leader": "陈永刚", "action": "整改 #1"}]}],
        });
        let v = value_of(&printed("{{ m.leader }}", "陈永刚", 3), Some(&case));
        assert_eq!(v.field.as_deref(), Some("findings[0].measures[0].leader"));
        assert_eq!((v.text.as_str(), v.same_elsewhere), ("陈永刚", 1));
        // As escaped for markup.
        let v = value_of(&printed("{{ m.action }}", "整改 \\#1", 7), Some(&case));
        assert_eq!(v.field.as_deref(), Some("findings[0].measures[0].action"));
        // Not from the case.
        let v = value_of(&printed("{{ stats.findings }}", "13", 0), Some(&case));
        assert_eq!((v.field, v.text.as_str()), (None, "13"));
    }

    #[test]
    fn the_caret_stands_under_the_column() {
        let mut out = String::new();
        let at = At {
            file: "k.typ".into(),
            line: 14,
            column: 3,
            text: "责任#重点".into(),
        };
        write_line(&mut out, &at);
        assert_eq!(out, "\n    14 | 责任#重点\n       |     ^");
    }

    #[test]
    fn a_layout_line_belongs_to_the_function_defined_above_it() {
        let layout = "// x\n#let a(x) = x\n\n#let form-table(columns: (), ..cells) = context {\n  table(columns: columns)\n}\n";
        assert_eq!(enclosing_function(layout, 5), Some("form-table"));
        assert_eq!(enclosing_function(layout, 2), Some("a"));
        assert_eq!(enclosing_function(layout, 1), None);
    }
}
