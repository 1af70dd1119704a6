//! `xunshi templates …`: what an office maintaining its own templates needs.
//! `eject` copies built-in templates into a folder for editing ([`eject`]), `diff` shows how an
//! office's copies differ from the built-ins, after an upgrade say ([`diff`]), and `list`
//! shows which file of each template is in use for a case or folder ([`list`]). A folder of
//! templates shadows the built-ins file by file when passed as `--templates DIR` or placed as
//! `templates/` beside the case file.
//! The template set of a case is [`crate::compose::folders`]'s.

mod diff;
mod eject;
mod list;

use super::error::CliError;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// 将内置模板复制出来以便修改：文种、版式库 gongwen、汇总报告 round-summary 或 --all（不覆盖已有文件）
    Eject(eject::Args),
    /// 比较本单位的模板与内置模板：相同、已修改（显示差异）、内置中没有；有差异时退出码为 1
    Diff(diff::Args),
    /// 列出全部模板文件，及案卷或目录实际使用的是内置版本还是本单位的副本
    List(list::Args),
}

pub fn run(args: Args) -> Result<(), CliError> {
    match args.action {
        Action::Eject(a) => eject::run(a),
        Action::Diff(a) => diff::run(a),
        Action::List(a) => list::run(a),
    }
}
