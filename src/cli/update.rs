//! `xunshi update CASE --from RETURNED.xlsx [--on DATE] [--dry-run]`: what a responsible unit
//! filled into the exported ledger, merged back into the case file in place. The changes are
//! printed as a unified diff first; with `--dry-run` only that. A refused cell (at
//! `file!sheet!C12`) or an edited case that no longer validates writes nothing. `--on` dates
//! the new progress lines that name no day of their own.

use super::cases::parse_date;
use super::error::{CliError, IoAction};
use crate::case::{self, Date};
use crate::export::write_atomically;
use crate::import::update;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 要更新的案卷文件
    #[arg(value_name = "CASE")]
    pub case: PathBuf,
    /// 责任单位填写后交回的台账（由 xunshi ledger 导出）
    #[arg(long, value_name = "LEDGER")]
    pub from: PathBuf,
    /// 进展情况中新增而未注明日期的进展记为这一天（YYYY-MM-DD），不得早于巡视反馈日期或晚于今天；行首写了日期的（如“2023年4月10日：……”）按所写日期
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<Date>,
    /// 只显示将做的修改，不写入案卷
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

pub fn run(args: Args) -> Result<(), CliError> {
    for path in [&args.case, &args.from] {
        if !path.exists() {
            return Err(CliError::Usage(format!(
                "xunshi update：找不到文件 {}（no such file）",
                path.display()
            )));
        }
    }
    let loaded = case::load_case(&args.case).map_err(|d| {
        CliError::Report(format!(
            "{}xunshi update：案卷未通过校验，请先修正后再合并台账",
            case::render_report(&d)
        ))
    })?;
    let text = std::fs::read_to_string(&args.case)
        .map_err(|e| CliError::io(IoAction::Read, &args.case, e))?;
    let today = Date(jiff::ZonedDateTime::now().date());
    let feedback = loaded.case.round.feedback_date;
    if let Some(on) = args.on {
        if on < feedback {
            return Err(CliError::Usage(format!(
                "xunshi update：--on 的日期 {on} 早于巡视反馈日期 {feedback}"
            )));
        }
        if on > today {
            return Err(CliError::Usage(format!(
                "xunshi update：--on 的日期 {on} 晚于今天（{today}）：进展只记已经发生的事"
            )));
        }
    }
    let options = update::Options { on: args.on, today };
    let merged = update::merge(&loaded, &text, &args.from, options).map_err(|errors| {
        let mut report = String::new();
        for e in &errors {
            report.push_str(&format!("{}: 错误：{}\n", e.at, e.message));
        }
        report.push_str(&format!(
            "xunshi update：台账中有 {} 处不能合并，案卷未作任何修改",
            errors.len()
        ));
        CliError::Report(report)
    })?;
    for note in &merged.notes {
        eprintln!("提示：{note}");
    }
    if merged.text == text {
        println!("台账与案卷一致，没有需要合并的修改");
        return Ok(());
    }
    if let Err(d) = case::load_source(&args.case, merged.text.as_bytes()) {
        return Err(CliError::Report(format!(
            "{}xunshi update：合并后的案卷不能通过校验（见上），案卷未作任何修改",
            case::render_report(&d)
        )));
    }
    let name = args.case.display().to_string();
    let diff = similar::TextDiff::from_lines(&text, &merged.text);
    print!("{}", diff.unified_diff().header(&name, &name));
    if args.dry_run {
        println!("（--dry-run：共 {} 处修改，未写入案卷）", merged.changes);
        return Ok(());
    }
    write_atomically(&args.case, merged.text.as_bytes())
        .map_err(|e| CliError::io(IoAction::Write, &args.case, e))?;
    println!("已更新 {}：{} 处修改", name, merged.changes);
    Ok(())
}
