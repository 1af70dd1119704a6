//! What the commands that read many case files share: finding them under the paths given,
//! loading each (a broken one is reported on stderr and skipped, so it never hides the
//! others), and the `--on DATE` argument.

use crate::batch::discover::case_files;
use crate::case::{Date, LoadedCase, load_case, render_report};
use std::path::PathBuf;
use std::process::ExitCode;

/// Parses a `--on` / `--date` argument: a real `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
        .ok_or_else(|| format!("日期“{text}”无效：请写作 YYYY-MM-DD 的真实日期，如 2023-03-15"))
}

/// The case files under `paths`, loaded. Files that fail validation are reported on stderr and
/// counted in the second value. No file found, or a path that does not exist, is a usage error
/// (exit 2), reported under the command's name.
pub fn load_all(paths: &[PathBuf], command: &str) -> Result<(Vec<LoadedCase>, usize), ExitCode> {
    let files = match case_files(paths) {
        Ok(files) if files.is_empty() => {
            eprintln!("xunshi {command}：没有找到案卷文件（*.yaml / *.yml）");
            return Err(ExitCode::from(2));
        }
        Ok(files) => files,
        Err(message) => {
            eprintln!("xunshi {command}：{message}");
            return Err(ExitCode::from(2));
        }
    };
    let mut loaded = Vec::new();
    let mut invalid = 0;
    for file in &files {
        match load_case(file) {
            Ok(case) => loaded.push(case),
            Err(diagnostics) => {
                invalid += 1;
                eprintln!("{}\n", render_report(&diagnostics));
            }
        }
    }
    Ok((loaded, invalid))
}
