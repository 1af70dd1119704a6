//! `xunshi ledger CASE|DIR... -o ledger.xlsx [--on DATE]`: the rectification ledger (整改台账)
//! of every case as an Excel workbook (a summary sheet and one sheet per organisation) or one
//! CSV file. Invalid case files are reported and left out; the ledger of the valid ones is
//! still written (exit 1). Nothing is written when no case is valid. The file is written
//! atomically, so a failed run leaves the previous ledger (or nothing) in place.

use super::cases::{load_all, parse_date};
use super::error::{CliError, IoAction};
use crate::case::Date;
use crate::export::write_atomically;
use crate::ledger::{Ledger, csv, xlsx};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 案卷文件或目录（目录中递归查找 *.yaml / *.yml）
    #[arg(required = true, value_name = "CASE|DIR")]
    pub paths: Vec<PathBuf>,
    /// 输出文件：.xlsx（Excel 工作簿）或 .csv
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// 输出格式；不填时按输出文件扩展名判断
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// 以哪一天判断状态和逾期天数（YYYY-MM-DD）；不填时用案卷的情况截至日期，再不填用今天
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<Date>,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Excel 工作簿
    Xlsx,
    /// CSV（UTF-8，带 BOM）
    Csv,
}

/// The format asked for, else the one the output's extension names.
fn format_of(output: &Path, asked: Option<Format>) -> Result<Format, String> {
    if let Some(format) = asked {
        return Ok(format);
    }
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("xlsx") => Ok(Format::Xlsx),
        Some("csv") => Ok(Format::Csv),
        other => Err(format!(
            "xunshi ledger：无法识别输出文件类型{}：请用 .xlsx（Excel 工作簿）或 .csv 结尾，或用 --format xlsx|csv 指明",
            match other {
                Some(e) => format!("“.{e}”"),
                None => "（没有扩展名）".to_owned(),
            }
        )),
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let format = format_of(&args.output, args.format).map_err(CliError::Usage)?;
    let (loaded, invalid) = load_all(&args.paths, "ledger")?;
    super::status::warn_far_on("ledger", &loaded, args.on);
    let cases: Vec<_> = loaded.into_iter().map(|l| l.case).collect();
    if cases.is_empty() {
        return Err(CliError::input(format!(
            "xunshi ledger：{invalid} 个案卷均未通过校验，未生成台账"
        )));
    }

    let ledger = Ledger::of(&cases, args.on);
    let bytes = match format {
        Format::Xlsx => xlsx::workbook(&ledger).map_err(|e| e.to_string()),
        Format::Csv => csv::csv_bytes(&ledger).map_err(|e| e.to_string()),
    }
    .map_err(|e| CliError::input_at(args.output.display(), format!("无法生成台账：{e}")))?;
    super::output::make_folder_for(&args.output)?;
    write_atomically(&args.output, &bytes)
        .map_err(|e| CliError::io(IoAction::Write, &args.output, e))?;

    let measures: usize = ledger.organisations.iter().map(|o| o.rows.len()).sum();
    println!(
        "已写出整改台账 {}：{} 个单位，{} 项整改措施",
        args.output.display(),
        ledger.organisations.len(),
        measures
    );
    if invalid > 0 {
        eprintln!(
            "xunshi ledger：{invalid} 个案卷未通过校验，未列入台账（共 {} 个）",
            invalid + cases.len()
        );
        Err(CliError::Reported)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_extension_unless_asked() {
        let f = |p: &str, a| format_of(Path::new(p), a);
        assert_eq!(f("a/台账.xlsx", None), Ok(Format::Xlsx));
        assert_eq!(f("台账.XLSX", None), Ok(Format::Xlsx));
        assert_eq!(f("台账.csv", None), Ok(Format::Csv));
        assert_eq!(f("台账.txt", Some(Format::Csv)), Ok(Format::Csv));
        assert!(f("台账.xls", None).unwrap_err().contains("“.xls”"));
        assert!(f("台账", None).unwrap_err().contains("没有扩展名"));
    }
}
