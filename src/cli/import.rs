//! `xunshi import LEDGER.xlsx|.csv [-o DIR]`: an office's own 台账 to one case file per
//! organisation. Every cell that cannot be read is listed at `file!sheet!C12` and nothing is
//! written; otherwise each case is written (atomically) and checked as `validate` would, and
//! what is still to be filled in is listed. Exit 0 when every case written validates, 1 when
//! one still needs completing (the files are written all the same) or nothing was written.

use super::cases::parse_date;
use super::error::{CliError, IoAction};
use crate::case::{self, Date};
use crate::export::write_atomically;
use crate::import::{self, Options};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 台账文件：.xlsx、.xls、.ods 或 .csv（UTF-8）
    #[arg(value_name = "LEDGER")]
    pub ledger: PathBuf,
    /// 案卷写入的目录（不存在时创建）；不填时为当前目录
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// 巡视轮次名称，如“十二届区委第三轮巡察”
    #[arg(long, value_name = "NAME")]
    pub round: Option<String>,
    /// 巡视组，如“区委第二巡察组”
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// 巡视反馈日期（YYYY-MM-DD）
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub feedback_date: Option<Date>,
    /// 主要负责人姓名
    #[arg(long, value_name = "NAME")]
    pub principal: Option<String>,
    /// 主要负责人职务
    #[arg(long, value_name = "TITLE")]
    pub principal_title: Option<String>,
    /// 党组织名称：台账中没有“单位”列、工作表也未以单位命名时（如 CSV 文件）使用
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// 覆盖已存在的案卷文件
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

pub fn run(args: Args) -> Result<(), CliError> {
    if !args.ledger.exists() {
        return Err(CliError::Usage(format!(
            "xunshi import：找不到台账文件 {}（no such file）",
            args.ledger.display()
        )));
    }
    let options = Options {
        round: args.round.clone(),
        team: args.team.clone(),
        feedback_date: args.feedback_date,
        principal: args.principal.clone(),
        principal_title: args.principal_title.clone(),
        unit: args.unit.clone(),
    };
    let imported = import::import(&args.ledger, &options).map_err(|errors| {
        let mut report = String::new();
        for e in &errors {
            report.push_str(&format!("{}: 错误：{}\n", e.at, e.message));
        }
        report.push_str(&format!(
            "xunshi import：台账中有 {} 处无法读取，未写出任何案卷（请修改台账后重新导入）",
            errors.len()
        ));
        CliError::Report(report)
    })?;
    if args.unit.is_some() && imported.cases.len() > 1 {
        return Err(CliError::Usage(
            "xunshi import：台账中有多个单位，--unit 只能用于只有一个单位的台账".into(),
        ));
    }

    let targets: Vec<PathBuf> = imported
        .cases
        .iter()
        .map(|c| args.output.join(format!("{}.yaml", c.file_stem)))
        .collect();
    if !args.force
        && let Some(existing) = targets.iter().find(|p| p.exists())
    {
        return Err(CliError::input_at(
            existing.display(),
            "案卷文件已存在，未覆盖：请换一个目录（-o），或加 --force 覆盖",
        ));
    }
    std::fs::create_dir_all(&args.output)
        .map_err(|e| CliError::io(IoAction::CreateFolder, &args.output, e))?;

    for note in &imported.notes {
        eprintln!("提示：{note}");
    }
    let mut to_fill = String::new();
    let mut incomplete = 0;
    for (c, path) in imported.cases.iter().zip(&targets) {
        write_atomically(path, c.text.as_bytes())
            .map_err(|e| CliError::io(IoAction::Write, path, e))?;
        println!(
            "已写出 {}：{}，{} 个问题，{} 项整改措施{}",
            path.display(),
            c.unit.as_deref().unwrap_or("（单位名称待填写）"),
            c.findings,
            c.measures,
            if c.placeholders > 0 {
                format!("，{} 处待填写", c.placeholders)
            } else {
                String::new()
            }
        );
        if let Err(diagnostics) = case::load_source(path, c.text.as_bytes()) {
            to_fill.push_str(&case::render_report(&diagnostics));
            incomplete += 1;
        }
    }
    if incomplete == 0 {
        return Ok(());
    }
    eprintln!(
        "\n以下各处补充或核对后，案卷才能通过校验（xunshi validate 会再次列出）：\n{}",
        to_fill.trim_end()
    );
    // Exit 1, not 0: the files are written, but a case that does not validate cannot be built
    // or put in a ledger yet, so a script running `xunshi import … && xunshi build …` should
    // stop here, where the list of what to fill in is, rather than at the next command. It is
    // the status `ledger` gives when it wrote the ledger of the valid cases and left others
    // out, and `validate` gives for these same files; the last line says what was written, so
    // no one takes it for “nothing written” (the other exit 1, when a cell cannot be read).
    eprintln!(
        "xunshi import：已写出 {} 个案卷，其中 {incomplete} 个尚需补充（见上），补充后才能生成公文",
        imported.cases.len()
    );
    Err(CliError::Reported)
}
