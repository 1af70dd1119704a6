//! Command-line wiring: the subcommands and their dispatch. Each subcommand's arguments and
//! behaviour live in its own module; this file only lists them.

mod build;
mod cases;
mod columns;
pub mod error;
mod fonts;
mod generate;
mod import;
mod init;
mod kinds;
mod ledger;
pub mod localise;
mod output;
mod parse_error;
mod render;
mod rules;
mod schema;
pub(crate) mod shared;
mod status;
mod summary;
pub mod templates;
mod update;
mod validate;
mod watch;

use clap::{Parser, Subcommand};
use error::CliError;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// 巡视整改公文生成工具：由巡视整改案卷（YAML）生成符合 GB/T 9704-2012 的公文（PDF、OFD、Word）。
#[derive(Parser, Debug)]
#[command(name = "xunshi", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 批量生成：校验目录中全部案卷，生成每个案卷支持的全部公文
    Build(build::Args),
    /// 校验案卷：语法、结构（JSON Schema）与业务规则，逐条给出文件:行:列
    Validate(validate::Args),
    /// 输出案卷的 JSON Schema（draft-07）
    Schema(schema::Args),
    /// 生成一份带注释、可通过校验的案卷模板
    Init(init::Args),
    /// 排版一份文档，输出 PDF / OFD / Word / PNG / SVG / Typst 源文件
    Render(render::Args),
    /// 监视案卷与模板，保存后自动重新生成受影响的公文
    Watch(build::Args),
    /// 列出全部文种
    Kinds(kinds::Args),
    /// 模板管理：导出内置模板以便修改（eject），与内置模板比较（diff），列出所用模板（list）
    Templates(templates::Args),
    /// 列出各字体角色实际使用的字体及其来源
    Fonts(fonts::Args),
    /// 整改进度：各案卷的时间节点（已完成 / 还有 N 天 / 已逾期 N 天）与逾期措施
    Status(status::Args),
    /// 整改台账：导出 Excel 工作簿（每个单位一张表及汇总表）或 CSV
    Ledger(ledger::Args),
    /// 导入本单位的台账（Excel 或 CSV），每个单位写出一个案卷
    Import(import::Args),
    /// 把责任单位填写后交回的台账合并回案卷（只改状态、日期、进展记录、佐证材料和月报表报送记录）
    Update(update::Args),
    /// 一轮巡视的整改情况汇总报告：各单位按状态计数、逾期措施、合计与共性问题
    Summary(summary::Args),
    /// 整改规则：打印在用的各项时限及其依据（可另存为 rules.yaml 修改）
    Rules(rules::Args),
    /// 内部使用：以时间与内存上限排版自定义模板的文档（internal: a budgeted worker）
    #[command(name = "__worker", hide = true)]
    Worker(crate::worker::Args),
    /// 内部使用：生成手册页与 shell 补全脚本（internal: for scripts/package-deb）
    #[command(name = "__generate", hide = true)]
    Generate(generate::Args),
}

/// The input paths a command was given, and its name, for [`missing_input`].
fn input_paths(command: &Command) -> (&'static str, Vec<&Path>) {
    fn all(paths: &[PathBuf]) -> Vec<&Path> {
        paths.iter().map(PathBuf::as_path).collect()
    }
    match command {
        Command::Build(a) => ("build", all(&a.paths)),
        Command::Watch(a) => ("watch", all(&a.paths)),
        Command::Validate(a) => ("validate", all(&a.paths)),
        Command::Status(a) => ("status", all(&a.paths)),
        Command::Ledger(a) => ("ledger", all(&a.paths)),
        Command::Summary(a) => ("summary", all(&a.paths)),
        Command::Render(a) => ("render", vec![a.input.as_path()]),
        Command::Rules(a) => ("rules", vec![a.path.as_path()]),
        _ => ("", Vec::new()),
    }
}

/// One rule for every command that reads case files or a document: an input path that does
/// not exist is a usage error (exit 2), like a misspelt option, reported before any work starts.
/// Exit 1 stays for input that exists but is wrong (an invalid case, a failed document).
fn missing_input(command: &Command) -> Result<(), CliError> {
    let (name, paths) = input_paths(command);
    match paths.into_iter().find(|p| !p.exists()) {
        Some(missing) => Err(CliError::Usage(format!(
            "xunshi {name}：找不到文件或目录 {}（no such file or folder）",
            missing.display()
        ))),
        None => Ok(()),
    }
}

/// Parses the command line and runs the chosen subcommand. Exit status: 0 success,
/// 1 a failure the user must fix in their input (an invalid case file, a document that could
/// not be made), 2 a usage error (a bad option, an input path that does not exist, no case
/// files found).
pub fn main() -> ExitCode {
    // Parsed with the Chinese command line; help, the version and parse errors are printed
    // there (exit 0 for help and the version, 2 for a usage error).
    let cli = match localise::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(exit) => return exit,
    };
    let ready = missing_input(&cli.command).and_then(|()| choose_rules(&cli.command));
    match ready.and_then(|()| run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The one place an error is printed and its exit status chosen.
            let text = error.to_string();
            if !text.is_empty() {
                eprintln!("{text}");
            }
            ExitCode::from(error.exit_code())
        }
    }
}

/// The `--rules` option of the commands that judge dates.
fn rules_option(command: &Command) -> Option<&Path> {
    let file = match command {
        Command::Build(a) | Command::Watch(a) => &a.rules.rules,
        Command::Validate(a) => &a.rules.rules,
        Command::Render(a) => &a.rules.rules,
        Command::Status(a) => &a.rules.rules,
        Command::Ledger(a) => &a.rules.rules,
        Command::Summary(a) => &a.rules.rules,
        Command::Rules(a) => &a.rules.rules,
        Command::Update(a) => &a.rules.rules,
        Command::Import(a) => &a.rules.rules,
        Command::Worker(a) => &a.rules.rules,
        _ => &None,
    };
    file.as_deref()
}

/// `--rules FILE`: the rules file of every case this run loads, read once here so that a
/// mistake in it is reported before any work starts.
fn choose_rules(command: &Command) -> Result<(), CliError> {
    let Some(file) = rules_option(command) else {
        return Ok(());
    };
    if file.is_dir() {
        return Err(CliError::Usage(format!(
            "--rules：{} 是目录，请指定规则文件本身（如 {}/rules.yaml）",
            file.display(),
            file.display()
        )));
    }
    if !file.is_file() {
        return Err(CliError::Usage(format!(
            "--rules：找不到规则文件 {}（no such file）",
            file.display()
        )));
    }
    crate::case::rules_file::read(file)
        .map_err(|d| CliError::Report(d.render(crate::case::Lang::Zh)))?;
    crate::case::rules_file::choose(file.to_path_buf());
    Ok(())
}

fn run(command: Command) -> Result<(), CliError> {
    crate::guard::prepare_global_pool();
    match command {
        Command::Build(a) => build::run(a),
        Command::Watch(a) => watch::run(a),
        Command::Kinds(a) => kinds::run(a),
        Command::Templates(a) => templates::run(a),
        Command::Validate(a) => validate::run(a),
        Command::Schema(a) => schema::run(a),
        Command::Init(a) => init::run(a),
        Command::Render(a) => render::run(a),
        Command::Fonts(a) => fonts::run(a),
        Command::Status(a) => status::run(a),
        Command::Ledger(a) => ledger::run(a),
        Command::Import(a) => import::run(a),
        Command::Update(a) => update::run(a),
        Command::Summary(a) => summary::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Worker(a) => crate::worker::run(a),
        Command::Generate(a) => generate::run(a),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
