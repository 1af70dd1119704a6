//! `xunshi validate FILE|DIR...`: load every case file (syntax, schema, business rules) and
//! report each problem as `path:line:column: message` with its field and source line.
//! Exit 0 when every file is valid (warnings allowed), 1 when any is not, 2 on usage errors.

use super::error::CliError;
use crate::case::{Diagnostic, Lang, load_case, render_report_in};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 案卷文件或目录（目录中递归查找 *.yaml / *.yml，跳过 templates 目录和隐藏目录）
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// 提示语言：zh 中文（默认），en 英文
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: Lang,
    /// 输出格式：text 文本（默认），json 机器可读
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut files = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            files.extend(case_files(path));
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(CliError::Usage(format!(
                "xunshi validate：找不到文件或目录 {}（no such file or folder）",
                path.display()
            )));
        }
    }

    if files.is_empty() {
        return Err(CliError::Usage(
            "xunshi validate：没有找到案卷文件（*.yaml / *.yml）（no case files found）".into(),
        ));
    }

    let mut all: Vec<Diagnostic> = Vec::new();
    let mut invalid = 0usize;
    for file in &files {
        match load_case(file) {
            Ok(loaded) => all.extend(loaded.warnings),
            Err(diagnostics) => {
                invalid += 1;
                all.extend(diagnostics);
            }
        }
    }

    match args.format {
        Format::Json => {
            let report = serde_json::json!({
                "files": files.len(),
                "invalid": invalid,
                "diagnostics": all.iter().map(|d| {
                    let mut v = serde_json::to_value(d).unwrap_or_default();
                    v["message"] = d.message(args.lang).into();
                    v
                }).collect::<Vec<_>>(),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        }
        Format::Text => {
            if !all.is_empty() {
                println!("{}", render_report_in(&all, args.lang));
            }
            let errors = all.iter().filter(|d| d.is_error()).count();
            let warnings = all.len() - errors;
            let summary = match args.lang {
                Lang::Zh => format!(
                    "共 {} 个案卷：{} 个通过，{} 个未通过；{errors} 个错误，{warnings} 个警告",
                    files.len(),
                    files.len() - invalid,
                    invalid
                ),
                Lang::En => format!(
                    "{} case file(s): {} valid, {} invalid; {errors} error(s), {warnings} warning(s)",
                    files.len(),
                    files.len() - invalid,
                    invalid
                ),
            };
            eprintln!("{summary}");
        }
    }
    if invalid > 0 {
        Err(CliError::Reported)
    } else {
        Ok(())
    }
}

/// The case files under `dir`, found as `build` finds them (hidden files such as macOS
/// `._*.yaml` and `templates` folders skipped); an unreadable folder yields what was read.
pub fn case_files(dir: &Path) -> Vec<PathBuf> {
    crate::batch::discover::case_files(&[dir.to_path_buf()]).unwrap_or_default()
}
