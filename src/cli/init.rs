//! `xunshi init [DIR]`: write a commented starter case file (`case.yaml`) that validates, and
//! the schema it names on its first line (`case.schema.json`), so editors complete and check.
//! Existing files are never overwritten.

use super::error::{CliError, IoAction};
use crate::case::schema::schema_json;
use std::path::PathBuf;

/// The starter case file, with Chinese comments on each key.
pub const STARTER: &str = include_str!("../case/starter.yaml");

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 写入的目录（默认当前目录）
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

pub fn run(args: Args) -> Result<(), CliError> {
    std::fs::create_dir_all(&args.dir)
        .map_err(|e| CliError::io(IoAction::CreateFolder, &args.dir, e))?;
    let case = args.dir.join("case.yaml");
    let schema = args.dir.join("case.schema.json");
    for existing in [&case, &schema] {
        if existing.exists() {
            return Err(CliError::input_at(
                existing.display(),
                "已存在，未做任何改动（不会覆盖已有文件）",
            ));
        }
    }
    for (path, text) in [(&case, STARTER.to_owned()), (&schema, schema_json())] {
        std::fs::write(path, text).map_err(|e| CliError::io(IoAction::Write, path, e))?;
    }
    println!(
        "已生成 {} 和 {}。修改示例内容后运行：xunshi validate {}",
        case.display(),
        schema.display(),
        case.display()
    );
    // The office settings are shared by every case of the folder: written when missing, an
    // existing one kept.
    let settings = args.dir.join(crate::case::settings::FILE_NAME);
    if !settings.exists() {
        std::fs::write(&settings, crate::case::settings::STARTER)
            .map_err(|e| CliError::io(IoAction::Write, &settings, e))?;
        println!(
            "已生成 {}：本单位共用的发文机关、版头、主送、抄送可在此设置一次（各项均已注释，启用前不起作用）。",
            settings.display()
        );
    }
    Ok(())
}
