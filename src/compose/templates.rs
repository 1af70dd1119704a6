//! The template set: the built-in templates (embedded from `templates/` at build time) shadowed,
//! file by file, by user folders (a `templates/` folder beside the case file, then
//! `--templates DIR`), the way site generators let a theme be overridden. It also builds the
//! Tera environment over the set: only `*.typ` templates, auto-escaping for Typst markup always
//! on, and the text helpers registered once as filters.

use super::{dates, escape, markdown, numerals, source_map, titles};
use crate::case::Date;
use crate::rules::statistics::status_zh;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use tera::{Kwargs, State, Tera, Value};

include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));

/// The Typst layout library's name in a template set.
pub const LAYOUT_LIBRARY: &str = "gongwen.typ";

/// Where a template file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    User(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("内置"),
            Origin::User(path) => write!(f, "{}", path.display()),
        }
    }
}

#[derive(Debug, Clone)]
struct TemplateFile {
    text: String,
    origin: Origin,
}

/// Template files by name (path relative to the template folder, `/`-separated).
#[derive(Debug, Clone)]
pub struct TemplateSet {
    files: BTreeMap<String, TemplateFile>,
}

/// A template that failed, located in the file the user can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The file shown to the user: the user's own file, or `templates/<name>` for a built-in.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: 模板错误（template error）：{}",
                self.file, self.line, self.column, self.message
            )
        } else {
            write!(
                f,
                "{}: 模板错误（template error）：{}",
                self.file, self.message
            )
        }
    }
}

/// Every file under a template folder, by its name in a template set (relative, `/`-separated),
/// in name order: what [`TemplateSet::overlay`] reads (its `.typ` and `.kind.yaml` files) and
/// what `templates diff` compares.
pub fn folder_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("读取模板目录 {} 出错：{e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        files.push((rel.to_string_lossy().replace('\\', "/"), path.to_path_buf()));
    }
    Ok(files)
}

impl TemplateSet {
    /// The built-in templates only.
    pub fn builtin() -> TemplateSet {
        let files = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| {
                let file = TemplateFile {
                    text: (*text).to_owned(),
                    origin: Origin::BuiltIn,
                };
                ((*name).to_owned(), file)
            })
            .collect();
        TemplateSet { files }
    }

    /// Shadows templates with every file under `dir` of the same relative name, and adds the
    /// ones the built-ins lack (a user's own kinds).
    pub fn overlay(&mut self, dir: &Path) -> Result<(), String> {
        if !dir.is_dir() {
            return Err(format!(
                "模板目录不存在（template folder not found）：{}",
                dir.display()
            ));
        }
        for (name, path) in folder_files(dir)? {
            if !(name.ends_with(".typ") || name.ends_with(".kind.yaml")) {
                continue;
            }
            let path = path.as_path();
            let text = std::fs::read_to_string(path).map_err(|e| {
                format!(
                    "{}: 无法读取模板（cannot read template）：{e}",
                    path.display()
                )
            })?;
            let file = TemplateFile {
                text,
                origin: Origin::User(path.to_path_buf()),
            };
            self.files.insert(name, file);
        }
        Ok(())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(|f| f.text.as_str())
    }

    pub fn origin(&self, name: &str) -> Option<&Origin> {
        self.files.get(name).map(|f| &f.origin)
    }

    /// (name, text) of the files whose name starts with `prefix`.
    pub fn files_under<'s>(&'s self, prefix: &'s str) -> impl Iterator<Item = (&'s str, &'s str)> {
        self.files
            .iter()
            .filter(move |(name, _)| name.starts_with(prefix))
            .map(|(name, f)| (name.as_str(), f.text.as_str()))
    }

    /// The file name a user can open for template `name`.
    pub fn shown_name(&self, name: &str) -> String {
        match self.origin(name) {
            Some(Origin::User(path)) => path.display().to_string(),
            _ => format!("templates/{name}"),
        }
    }

    /// The Tera environment over every Tera template of the set.
    pub fn environment(&self) -> Result<Tera, TemplateError> {
        let mut tera = empty_environment();
        let names = self
            .files
            .keys()
            .filter(|n| is_tera_template(n))
            .map(|n| (n.as_str(), self.files[n].text.as_str()));
        tera.add_raw_templates(names).map_err(|e| self.locate(&e))?;
        Ok(tera)
    }

    /// The environment of [`environment`](Self::environment) over instrumented copies of the
    /// templates, and the markers they carry (see [`source_map`](super::source_map)); `None`
    /// when Tera refuses the copies.
    pub fn instrumented_environment(&self) -> Option<(Tera, Vec<source_map::Marker>)> {
        let mut markers = Vec::new();
        let texts: Vec<(&str, String)> = self
            .files
            .iter()
            .filter(|(n, _)| is_tera_template(n))
            .map(|(n, f)| (n.as_str(), source_map::instrument(n, &f.text, &mut markers)))
            .collect();
        let mut tera = empty_environment();
        tera.add_raw_templates(texts.iter().map(|(n, t)| (*n, t.as_str())))
            .ok()?;
        Some((tera, markers))
    }

    /// Turns a Tera error into a [`TemplateError`] naming the template file, line and column.
    pub fn locate(&self, error: &tera::Error) -> TemplateError {
        use std::error::Error as _;
        match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                TemplateError {
                    file: self.shown_name(report.filename()),
                    line: report.span().start_line,
                    column: report.span().start_col + 1,
                    message: report.message().to_owned(),
                }
            }
            _ => {
                let mut message = error.to_string();
                let mut source = error.source();
                while let Some(s) = source {
                    message.push_str(&format!("：{s}"));
                    source = s.source();
                }
                TemplateError {
                    file: "templates".into(),
                    line: 0,
                    column: 0,
                    message,
                }
            }
        }
    }
}

/// Tera templates are the `*.typ` files under `kinds/`, `partials/` and `summary/` (documents
/// over many cases); every one is auto-escaped because its name ends in `.typ`. The layout
/// library is Typst, not Tera.
fn is_tera_template(name: &str) -> bool {
    name.ends_with(".typ")
        && ["kinds/", "partials/", "summary/"]
            .iter()
            .any(|dir| name.starts_with(dir))
}

/// A Tera environment with the set's escaping and filters and no templates yet.
fn empty_environment() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".typ"]);
    tera.set_escape_fn(escape_for_typst);
    register_filters(&mut tera);
    tera
}

fn escape_for_typst(input: &str, output: &mut dyn std::io::Write) -> std::io::Result<()> {
    output.write_all(escape::typst_markup(input).as_bytes())
}

fn filter_error(message: String) -> tera::Error {
    tera::Error::message(message)
}

fn date_arg(text: &str) -> tera::TeraResult<Date> {
    Date::parse(text).ok_or_else(|| filter_error(format!("“{text}”不是 YYYY-MM-DD 日期")))
}

/// The text helpers, each defined once in its own module, exposed to templates.
fn register_filters(tera: &mut Tera) {
    // Markdown fields become trusted Typst: the converter escapes every piece of text itself.
    // `headings=N`: the field is a whole section, its `#` headings become Typst headings of
    // level N (2 = `==`, （一）) and below; without it headings print as paragraphs.
    tera.register_filter("markdown", |text: &str, kwargs: Kwargs, _: &State| {
        let converted = match kwargs.get::<usize>("headings")? {
            Some(level) => markdown::to_typst_with_headings(text, level),
            None => markdown::to_typst(text),
        };
        converted
            .map(|typst| Value::safe_string(&typst))
            .map_err(|e| filter_error(e.to_string()))
    });
    tera.register_filter("date_zh", |text: &str, _: Kwargs, _: &State| {
        date_arg(text).map(dates::date_zh)
    });
    tera.register_filter("month_zh", |text: &str, _: Kwargs, _: &State| {
        let padded = if text.len() == 7 {
            format!("{text}-01")
        } else {
            text.to_owned()
        };
        date_arg(&padded).map(dates::month_zh)
    });
    tera.register_filter("deadline_zh", |text: &str, _: Kwargs, _: &State| {
        if text == crate::case::values::LONG_TERM {
            Ok("长期坚持".to_owned())
        } else {
            date_arg(text).map(dates::date_zh)
        }
    });
    tera.register_filter("cn", |n: u32, _: Kwargs, _: &State| numerals::chinese(n));
    tera.register_filter("status_zh", |text: &str, _: Kwargs, _: &State| {
        let status: crate::case::MeasureStatus =
            serde_json::from_value(serde_json::Value::String(text.to_owned()))
                .map_err(|_| filter_error(format!("未知整改状态 “{text}”")))?;
        Ok::<_, tera::Error>(status_zh(status).to_owned())
    });
    // A Typst string literal, quotes included, for code positions such as metadata.
    tera.register_filter("typst_str", |text: &str, _: Kwargs, _: &State| {
        Value::safe_string(&format!("\"{}\"", escape::typst_string(text)))
    });
    tera.register_filter("join_zh", |items: Vec<String>, _: Kwargs, _: &State| {
        items.join("、")
    });
    // A title for gongwen.with(title: …): one Typst string, or an array of its lines broken
    // between phrases (see `titles`). `landscape=true` for a turned page's wider type area.
    tera.register_filter("title_lines", |text: &str, kwargs: Kwargs, _: &State| {
        let landscape = kwargs.get::<bool>("landscape")?.unwrap_or(false);
        let max = if landscape {
            titles::LANDSCAPE_CHARS
        } else {
            titles::UPRIGHT_CHARS
        };
        let lines = titles::title_lines(text, max);
        let quoted: Vec<String> = lines
            .iter()
            .map(|l| format!("\"{}\"", escape::typst_string(l)))
            .collect();
        Ok::<_, tera::Error>(Value::safe_string(&if quoted.len() == 1 {
            quoted[0].clone()
        } else {
            format!("({})", quoted.join(", "))
        }))
    });
}
