//! `xunshi templates …`: what an office maintaining its own templates needs.
//! `eject` copies built-in templates into a folder for editing ([`eject`]), `diff` shows how an
//! office's copies differ from the built-ins, after an upgrade say ([`diff`]), and `list`
//! shows which file of each template is in use for a case or folder ([`list`]). A folder of
//! templates shadows the built-ins file by file when passed as `--templates DIR` or placed as
//! `templates/` beside the case file. Also where the CLI assembles a template set for a case.

mod diff;
mod eject;
mod list;

use crate::compose::Composer;
use crate::compose::templates::TemplateSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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

/// The template set for a case: the built-ins, shadowed by `templates/` beside the case file,
/// then by `--templates DIR` (the explicit folder wins).
pub fn composer_for(case_file: Option<&Path>, explicit: Option<&Path>) -> Result<Composer, String> {
    Composer::new(set_for(case_file, explicit)?)
}

/// [`composer_for`]'s template set.
fn set_for(case_file: Option<&Path>, explicit: Option<&Path>) -> Result<TemplateSet, String> {
    let mut set = TemplateSet::builtin();
    if let Some(beside) = beside(case_file) {
        set.overlay(&beside)?;
    }
    if let Some(dir) = explicit {
        set.overlay(dir)?;
    }
    Ok(set)
}

/// The `templates/` folder beside a case file, if there is one.
fn beside(case_file: Option<&Path>) -> Option<PathBuf> {
    case_file
        .and_then(|f| f.parent())
        .map(|dir| dir.join("templates"))
        .filter(|dir| dir.is_dir())
}

pub fn run(args: Args) -> ExitCode {
    match args.action {
        Action::Eject(a) => eject::run(a),
        Action::Diff(a) => diff::run(a),
        Action::List(a) => list::run(a),
    }
}
