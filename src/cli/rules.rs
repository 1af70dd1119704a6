//! `xunshi rules [CASE|DIR] [-o FILE] [--built-in]`: the rules profile in force (the built-in
//! 办法, or the `rules.yaml` beside the cases, or `--rules`) printed as a file `--rules`
//! accepts, each figure with where it comes from; `-o` writes it (never over an existing
//! file), so an office ejects the built-in profile and edits it. `--schema` prints the rules
//! file's JSON Schema, as checked in at `schemas/rules.schema.json`.

use super::error::{CliError, IoAction};
use crate::case::Lang;
use crate::case::rules_file;
use crate::rules::Rules;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 案卷文件或目录：打印对它生效的规则（--rules 指定的文件，否则其所在或上级文件夹中的 rules.yaml，否则内置规则）；默认当前目录
    #[arg(value_name = "CASE|DIR", default_value = ".")]
    pub path: PathBuf,
    /// 写入这个文件（如 rules.yaml）而不是打印；已有的文件不会被覆盖
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 打印内置规则，不读任何规则文件
    #[arg(long, conflicts_with = "rules")]
    pub built_in: bool,
    /// 改为输出规则文件的 JSON Schema（draft-07，编辑器据此补全和检查 rules.yaml）
    #[arg(long, conflicts_with_all = ["built_in", "output"])]
    pub schema: bool,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

pub fn run(args: Args) -> Result<(), CliError> {
    if args.schema {
        print!("{}", rules_file::file_schema().json());
        return Ok(());
    }
    let file = (!args.built_in)
        .then(|| rules_file::in_force(&args.path))
        .flatten();
    let (rules, origin) = match &file {
        Some(file) => (
            rules_file::read(file).map_err(|d| CliError::Report(d.render(Lang::Zh)))?,
            format!("规则文件 {}（未写的项沿用内置规则）", file.display()),
        ),
        None => (Rules::built_in(), "内置规则".to_owned()),
    };
    let text = rules_file::print(&rules, &origin);
    match &args.output {
        None => print!("{text}"),
        Some(out) => {
            if out.exists() {
                return Err(CliError::input_at(
                    out.display(),
                    "已存在，未做任何改动（不会覆盖已有文件）",
                ));
            }
            super::output::make_folder_for(out)?;
            crate::export::write_atomically(out, text.as_bytes())
                .map_err(|e| CliError::io(IoAction::Write, out, e))?;
            println!(
                "已写出 {}：{}。改动后放在案卷文件夹中并命名为 rules.yaml，或用 --rules 指定。",
                out.display(),
                rules.name
            );
        }
    }
    Ok(())
}
