//! `xunshi fonts`: which font each role of the layout will use and where it came from, the
//! notices for roles set in a substitute, and (`--export DIR`) the bundled font files for
//! compiling exported Typst sources with the `typst` CLI. Also owns the `--font-path` option
//! that `render` shares.

use std::path::{Path, PathBuf};

use super::error::{CliError, IoAction};
use crate::typeset::Engine;
use crate::typeset::fonts::{self, FontOptions, FontSet};

/// Where to look for fonts (shared by every subcommand that lays out documents).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FontArgs {
    /// 额外的字体目录（可多次指定），优先于系统字体
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
}

impl FontArgs {
    pub fn options(&self) -> FontOptions {
        FontOptions {
            font_paths: self.font_paths.clone(),
            ignore_system_fonts: false,
        }
    }

    /// Refuses a `--font-path` folder that does not exist (a usage error, like a misspelt
    /// option).
    pub fn check(&self) -> Result<(), CliError> {
        match self.font_paths.iter().find(|dir| !dir.is_dir()) {
            Some(dir) => Err(CliError::Usage(format!(
                "字体目录不存在：{}（font directory not found）",
                dir.display()
            ))),
            None => Ok(()),
        }
    }
}

/// The engine every command that lays documents out uses, with its fonts found once; the
/// font notices become one line for the run, none when `quiet` or when the office settings
/// for `near` (a case file or folder) accept the bundled fonts (`fonts.bundled_ok`).
pub fn engine(args: &FontArgs, quiet: bool, near: Option<&Path>) -> Result<Engine, CliError> {
    args.check()?;
    let engine = Engine::new(&args.options());
    let accepted = || {
        near.and_then(|path| crate::case::settings::find(path).ok().flatten())
            .is_some_and(|found| found.settings.fonts.bundled_ok)
    };
    if !quiet
        && let Some(line) = engine.fonts().notice_line()
        && !accepted()
    {
        eprintln!("{line}");
    }
    Ok(engine)
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub fonts: FontArgs,
    /// 把随附字体文件写入该目录（供 typst 命令行编译导出的 .typ 源文件）
    #[arg(long, value_name = "DIR")]
    pub export: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    args.fonts.check()?;
    let set = FontSet::discover(&args.fonts.options());
    for role in set.roles() {
        println!("{}", role.role.name_zh());
        println!("  使用 {}  — {}", role.families[0], role.origin);
        if role.families.len() > 1 {
            println!("  缺字时依次改用：{}", role.families[1..].join(" → "));
        }
    }
    // A DOCX names one family per role and leaves the choice to Word or WPS on the reader's
    // machine: say which, so an office can install them or set a substitution.
    println!();
    println!("Word 文档（DOCX）按用途要求的字体（由打开文档的 Word/WPS 在其本机查找）：");
    for (role, family) in crate::export::requested_fonts() {
        println!("  {}：{family}", role.name_zh());
    }
    let notices = set.notices();
    if !notices.is_empty() {
        println!();
        for n in notices {
            println!("{n}");
        }
    }
    if let Some(dir) = args.export {
        fonts::write_bundled(&dir).map_err(|e| CliError::io(IoAction::Write, &dir, e))?;
        println!("\n随附字体已写入 {}", dir.display());
    }
    Ok(())
}
