//! What the commands that read many case files share: finding them under the paths given,
//! loading each (a broken one is reported on stderr and skipped, so it never hides the
//! others), and the `--on DATE` argument.

use super::error::CliError;
use crate::batch::discover::case_files;
use crate::case::{Date, LoadedCase, load_case, render_report};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A case file that failed validation, with what can still be read of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Its file name (`shiling.yaml`).
    pub file: String,
    /// Its path as found.
    pub path: String,
    /// `unit.name`, where the file is readable that far.
    pub organisation: Option<String>,
    /// `unit.short_name`, likewise.
    pub short_name: Option<String>,
    /// `round.name`, likewise.
    pub round: Option<String>,
}

impl LeftOut {
    /// Reads what it can of an invalid case file: a file too big or not YAML gives names
    /// only.
    pub fn of(path: &Path) -> LeftOut {
        #[derive(Deserialize, Default)]
        struct Peek {
            unit: Option<Named>,
            round: Option<Named>,
        }
        #[derive(Deserialize, Default)]
        struct Named {
            name: Option<String>,
            short_name: Option<String>,
        }
        let peek = std::fs::metadata(path)
            .ok()
            .filter(|m| m.len() <= crate::case::MAX_FILE_BYTES)
            .and_then(|_| std::fs::read_to_string(path).ok())
            .and_then(|text| serde_saphyr::from_str::<Peek>(&text).ok())
            .unwrap_or_default();
        let unit = peek.unit.unwrap_or_default();
        let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        LeftOut {
            file: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            path: path.display().to_string(),
            organisation: nonempty(unit.name),
            short_name: nonempty(unit.short_name),
            round: nonempty(peek.round.and_then(|r| r.name)),
        }
    }

    /// `shiling.yaml（中共××市石岭县委员会）`, or the file alone.
    pub fn shown(&self) -> String {
        match &self.organisation {
            Some(name) => format!("{}（{name}）", self.path),
            None => self.path.clone(),
        }
    }
}

/// Parses a `--on` / `--date` argument: a real `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
        .ok_or_else(|| format!("日期“{text}”无效：请写作 YYYY-MM-DD 的真实日期，如 2023-03-15"))
}

/// The case files under `paths`, loaded. Files that fail validation are reported on stderr and
/// counted in the second value. No file found, or a path that does not exist, is a usage error
/// (exit 2), reported under the command's name.
pub fn load_all(paths: &[PathBuf], command: &str) -> Result<(Vec<LoadedCase>, usize), CliError> {
    load_all_naming_invalid(paths, command).map(|(loaded, invalid)| (loaded, invalid.len()))
}

/// [`load_all`], naming the files that fail validation (and their organisations, where
/// readable) instead of counting them.
pub fn load_all_naming_invalid(
    paths: &[PathBuf],
    command: &str,
) -> Result<(Vec<LoadedCase>, Vec<LeftOut>), CliError> {
    let files = match case_files(paths) {
        Ok(files) if files.is_empty() => {
            return Err(CliError::Usage(format!(
                "xunshi {command}：没有找到案卷文件（*.yaml / *.yml）"
            )));
        }
        Ok(files) => files,
        Err(message) => return Err(CliError::Usage(format!("xunshi {command}：{message}"))),
    };
    let mut loaded = Vec::new();
    let mut invalid = Vec::new();
    for file in &files {
        match load_case(file) {
            Ok(case) => loaded.push(case),
            Err(diagnostics) => {
                invalid.push(LeftOut::of(file));
                eprintln!("{}\n", render_report(&diagnostics));
            }
        }
    }
    Ok((loaded, invalid))
}

#[cfg(test)]
mod tests {
    use super::LeftOut;

    #[test]
    fn an_invalid_case_is_named_with_what_can_be_read_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let readable = dir.path().join("shiling.yaml");
        std::fs::write(
            &readable,
            "round: { name: 第三轮巡视, feedback_date: 7 }\nunit: { name: 中共石岭县委员会, short_name: 石岭县委, extra: [1] }\nfindings: 3\n",
        )
        .unwrap();
        let left = LeftOut::of(&readable);
        assert_eq!(left.file, "shiling.yaml");
        assert_eq!(left.organisation.as_deref(), Some("中共石岭县委员会"));
        assert_eq!(left.short_name.as_deref(), Some("石岭县委"));
        assert_eq!(left.round.as_deref(), Some("第三轮巡视"));
        assert!(left.shown().ends_with("shiling.yaml（中共石岭县委员会）"));

        let broken = dir.path().join("broken.yaml");
        std::fs::write(&broken, "unit: [\n").unwrap();
        let left = LeftOut::of(&broken);
        assert_eq!(
            (left.file.as_str(), left.organisation),
            ("broken.yaml", None)
        );
    }
}
