//! `xunshi templates diff [DIR|CASE]`: how an office's template folder differs from the
//! built-in templates of this version: each file the same as the built-in, changed (with a
//! unified diff against the current built-in), or one the built-ins lack (an office's own
//! kind, or a file whose built-in was renamed or removed in an upgrade); with `--all`, also
//! the built-ins the office has not copied. Exit status as `diff`'s: 0 no differences, 1
//! differences, 2 trouble (no such folder).

use crate::cli::error::CliError;
use crate::compose::templates::TemplateSet;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

/// Lines of context around each change.
const CONTEXT: usize = 3;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 本单位的模板目录，或案卷文件（比较其旁边的 templates/ 目录）；默认 ./templates
    #[arg(value_name = "DIR|CASE")]
    pub path: Option<PathBuf>,
    /// 也列出本单位没有复制、仍用内置版本的文件
    #[arg(short, long)]
    pub all: bool,
    /// 只列出各文件的状态，不显示差异内容
    #[arg(short, long)]
    pub brief: bool,
    /// 差异是否着色：auto 仅在终端上着色（NO_COLOR 可关闭）
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// How an office's file compares with the built-in of the same name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Same {
        line_endings_differ: bool,
    },
    Changed,
    OfficeOnly,
    /// Not a `.typ` or `.kind.yaml` file: xunshi does not read it.
    NotRead,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let dir = folder(args.path.as_deref()).map_err(CliError::Usage)?;
    let files = office_files(&dir).map_err(CliError::Usage)?;
    let paint = Paint(match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    });
    let builtin = TemplateSet::builtin();
    println!(
        "模板目录 {} 与 xunshi {} 的内置模板比较：",
        dir.display(),
        env!("CARGO_PKG_VERSION")
    );
    let (mut same, mut changed, mut office_only) = (0, 0, 0);
    for (name, path, text) in &files {
        let state = compare(name, text.as_deref(), &builtin);
        let shown = path.display();
        match &state {
            State::Same {
                line_endings_differ,
            } => {
                same += 1;
                let note = if *line_endings_differ {
                    "（仅换行符不同）"
                } else {
                    ""
                };
                println!("  与内置相同  {name}{note}");
            }
            State::Changed => {
                changed += 1;
                println!("  {}      {name}", paint.bold("已修改"));
                if !args.brief {
                    let old = builtin.text(name).unwrap_or("");
                    let new = text.as_deref().unwrap_or("");
                    print!(
                        "{}",
                        unified(
                            old,
                            new,
                            &format!("内置 templates/{name}"),
                            &shown.to_string(),
                            paint
                        )
                    );
                }
            }
            State::OfficeOnly => {
                office_only += 1;
                let what = if name.starts_with("kinds/") {
                    "本单位自有文种的文件，或内置中已改名、删去的文件"
                } else {
                    "本单位自有文件，或内置中已改名、删去的文件"
                };
                println!("  {}  {name}（{what}）", paint.bold("内置中没有"));
            }
            State::NotRead => {
                println!("  不读取      {name}（不是 .typ 或 .kind.yaml 文件，xunshi 不使用）");
            }
        }
    }
    let copied: Vec<&str> = files.iter().map(|(n, _, _)| n.as_str()).collect();
    let uncopied: Vec<&str> = builtin
        .files_under("")
        .map(|(n, _)| n)
        .filter(|n| !copied.contains(n))
        .collect();
    if args.all {
        for name in &uncopied {
            println!("  未复制      {name}（使用内置版本）");
        }
    }
    println!();
    let mut summary =
        format!("与内置相同 {same} 个，已修改 {changed} 个，内置中没有 {office_only} 个");
    if !uncopied.is_empty() {
        summary.push_str(&format!("；另有 {} 个内置文件未复制", uncopied.len()));
        if !args.all {
            summary.push_str("（--all 列出）");
        }
    }
    println!("{summary}。");
    if changed > 0 {
        println!(
            "已修改的文件可能是本单位改过的，也可能是升级后内置版本有了变化（- 为内置，+ 为本单位）：请把内置的新改动并入本单位的副本；没有要保留的改动时，删去副本即用内置版本。"
        );
    }
    if changed + office_only > 0 {
        Err(CliError::Differences)
    } else {
        Ok(())
    }
}

/// The folder to compare: the one given; the `templates/` beside a case file given; the
/// `templates/` inside a folder given that is not itself a template folder; else
/// `./templates`.
fn folder(path: Option<&Path>) -> Result<PathBuf, String> {
    let Some(path) = path else {
        let dir = PathBuf::from("templates");
        if dir.is_dir() {
            return Ok(dir);
        }
        return Err(
            "当前目录中没有 templates 模板目录（no template folder）：请给出本单位的模板目录或案卷文件，或先用 xunshi templates eject 导出模板"
                .into(),
        );
    };
    if path.is_file() {
        let beside = path.parent().unwrap_or(Path::new("")).join("templates");
        if beside.is_dir() {
            return Ok(beside);
        }
        return Err(format!(
            "案卷文件 {} 旁没有 templates 模板目录（no template folder beside the case）",
            path.display()
        ));
    }
    if !path.is_dir() {
        return Err(format!(
            "找不到模板目录 {}（no such folder）",
            path.display()
        ));
    }
    let looks_like_templates = ["gongwen.typ", "kinds", "partials", "summary"]
        .iter()
        .any(|entry| path.join(entry).exists());
    let inner = path.join("templates");
    if !looks_like_templates && inner.is_dir() {
        return Ok(inner);
    }
    Ok(path.to_path_buf())
}

/// Every file under `dir`, by its name in a template set, with its path and its text
/// (`None` when it is not text).
type OfficeFile = (String, PathBuf, Option<String>);

fn office_files(dir: &Path) -> Result<Vec<OfficeFile>, String> {
    let mut files = Vec::new();
    for (name, path) in crate::compose::templates::folder_files(dir)? {
        let text = std::fs::read(&path)
            .map_err(|e| format!("{}: 无法读取（cannot read）：{e}", path.display()))?;
        files.push((name, path, String::from_utf8(text).ok()));
    }
    Ok(files)
}

fn compare(name: &str, text: Option<&str>, builtin: &TemplateSet) -> State {
    if !(name.ends_with(".typ") || name.ends_with(".kind.yaml")) {
        return State::NotRead;
    }
    let Some(original) = builtin.text(name) else {
        return State::OfficeOnly;
    };
    let Some(text) = text else {
        return State::Changed;
    };
    if text == original {
        State::Same {
            line_endings_differ: false,
        }
    } else if text.replace("\r\n", "\n") == original.replace("\r\n", "\n") {
        State::Same {
            line_endings_differ: true,
        }
    } else {
        State::Changed
    }
}

/// ANSI colours, or none.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }
}

/// A unified diff from `old` (the built-in) to `new` (the office's copy), line endings
/// ignored, coloured when `paint` says so.
fn unified(old: &str, new: &str, old_name: &str, new_name: &str, paint: Paint) -> String {
    let old = old.replace("\r\n", "\n");
    let new = new.replace("\r\n", "\n");
    let diff = similar::TextDiff::from_lines(&old, &new);
    let mut out = String::new();
    out.push_str(&paint.wrap("1", &format!("--- {old_name}\n+++ {new_name}\n")));
    for hunk in diff
        .unified_diff()
        .context_radius(CONTEXT)
        .missing_newline_hint(false)
        .iter_hunks()
    {
        out.push_str(&paint.wrap("36", &hunk.header().to_string()));
        out.push('\n');
        for change in hunk.iter_changes() {
            let (sign, code) = match change.tag() {
                similar::ChangeTag::Delete => ('-', Some("31")),
                similar::ChangeTag::Insert => ('+', Some("32")),
                similar::ChangeTag::Equal => (' ', None),
            };
            let line = format!("{sign}{}", change.value().trim_end_matches('\n'));
            match code {
                Some(code) => out.push_str(&paint.wrap(code, &line)),
                None => out.push_str(&line),
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_shown_as_a_unified_diff() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\n";
        let text = unified(old, new, "内置 x", "office/x", Paint(false));
        assert_eq!(
            text,
            "--- 内置 x\n+++ office/x\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
        let coloured = unified(old, new, "a", "b", Paint(true));
        assert!(coloured.contains("\x1b[31m-e\x1b[0m") && coloured.contains("\x1b[32m+E\x1b[0m"));
    }

    #[test]
    fn files_compare_by_name_and_text() {
        let builtin = TemplateSet::builtin();
        let head = builtin.text("partials/head.typ").unwrap();
        assert_eq!(
            compare("partials/head.typ", Some(head), &builtin),
            State::Same {
                line_endings_differ: false
            }
        );
        let crlf = head.replace('\n', "\r\n");
        assert_eq!(
            compare("partials/head.typ", Some(&crlf), &builtin),
            State::Same {
                line_endings_differ: true
            }
        );
        assert_eq!(
            compare("partials/head.typ", Some("x"), &builtin),
            State::Changed
        );
        assert_eq!(
            compare("kinds/new.typ", Some("x"), &builtin),
            State::OfficeOnly
        );
        assert_eq!(compare("README.md", Some("x"), &builtin), State::NotRead);
    }
}
