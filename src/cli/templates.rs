//! `xunshi templates eject KIND`: copies a kind's built-in template and manifest (and the shared
//! partials it includes) into a folder for editing; that folder then shadows the built-ins when
//! passed as `--templates DIR` or placed as `templates/` beside the case file
//! ([`crate::compose::folders`]).

use super::error::CliError;
use crate::compose::Composer;
use crate::compose::templates::TemplateSet;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// 将内置文种模板复制出来以便修改（不覆盖已有文件）
    Eject {
        /// 文种 id，如 rectification-plan；用 `xunshi kinds` 查看
        kind: String,
        /// 目标目录（默认 ./templates）
        #[arg(short, long, value_name = "DIR", default_value = "templates")]
        out: PathBuf,
    },
}

pub fn run(args: Args) -> Result<(), CliError> {
    match args.action {
        Action::Eject { kind, out } => {
            for path in eject(&kind, &out).map_err(CliError::input)? {
                println!("已写出 {}", path.display());
            }
            println!(
                "修改后用 --templates {} 使用（或将该目录放在案卷文件旁，命名为 templates）。",
                out.display()
            );
            Ok(())
        }
    }
}

fn eject(kind_id: &str, out: &Path) -> Result<Vec<PathBuf>, String> {
    let builtin = TemplateSet::builtin();
    let composer = Composer::new(builtin.clone())?;
    let kind = crate::compose::kinds::find(composer.kinds(), kind_id)?;
    let names = [
        format!("kinds/{}.kind.yaml", kind.id),
        kind.template_name(),
        "partials/head.typ".to_owned(),
    ];
    let mut written = Vec::new();
    for name in names {
        let target = out.join(&name);
        if target.exists() {
            println!("已存在，未覆盖：{}", target.display());
            continue;
        }
        let text = builtin
            .text(&name)
            .ok_or_else(|| format!("内置模板缺少 {name}"))?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("无法创建目录 {}：{e}", parent.display()))?;
        }
        std::fs::write(&target, text).map_err(|e| format!("无法写入 {}：{e}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}
