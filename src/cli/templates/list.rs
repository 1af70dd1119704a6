//! `xunshi templates list [CASE|DIR] [--templates DIR]`: every template file of the set a
//! case (or a template folder) is made with, and whether the built-in file or an office's copy
//! is in use; the same set `render` and `build` assemble.

use crate::cli::columns::pad;
use crate::cli::error::CliError;
use crate::compose::folders::template_set_for as set_for;
use crate::compose::templates::{Origin, TemplateSet};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 案卷文件（用其旁边的 templates/ 目录）或本单位的模板目录；不给出时只列内置模板
    #[arg(value_name = "CASE|DIR")]
    pub path: Option<PathBuf>,
    /// 自定义模板目录，优先于案卷旁的 templates/（与 render、build 的 --templates 相同）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    if let Some(path) = args.path.as_deref().filter(|p| !p.exists()) {
        return Err(CliError::Usage(format!(
            "找不到文件或目录 {}（no such file or folder）",
            path.display()
        )));
    }
    let set = match &args.path {
        Some(dir) if dir.is_dir() => {
            let mut set = TemplateSet::builtin();
            let overlaid = set.overlay(dir).and_then(|()| match &args.templates {
                Some(explicit) => set.overlay(explicit),
                None => Ok(()),
            });
            overlaid.map(|()| set)
        }
        case => set_for(case.as_deref(), args.templates.as_deref()),
    };
    let set = set.map_err(CliError::Usage)?;
    let builtin = TemplateSet::builtin();
    let names: Vec<&str> = set.files_under("").map(|(n, _)| n).collect();
    let width = names.iter().map(|n| n.len()).max().unwrap_or(0) + 2;
    let (mut own, mut unchanged) = (0, 0);
    for name in &names {
        let (label, from) = match set.origin(name) {
            Some(Origin::User(path)) => {
                own += 1;
                let label = match builtin.text(name) {
                    None => "本单位新增",
                    Some(text) if Some(text) == set.text(name) => {
                        unchanged += 1;
                        "本单位副本（与内置相同）"
                    }
                    Some(_) => "本单位副本",
                };
                (label, path.display().to_string())
            }
            _ => ("内置", String::new()),
        };
        let line = format!("  {}{}{from}", pad(name, width), pad(label, 26));
        println!("{}", line.trim_end());
    }
    println!();
    println!(
        "共 {} 个模板文件：内置 {} 个，本单位的 {own} 个（其中与内置相同 {unchanged} 个）。",
        names.len(),
        names.len() - own
    );
    Ok(())
}
