//! `xunshi init [DIR]`: write a commented starter case file (`case.yaml`) that validates, and
//! the schema it names on its first line (`case.schema.json`), so editors complete and check.
//! Existing files are never overwritten.

use crate::case::schema::schema_json;
use std::path::PathBuf;
use std::process::ExitCode;

/// The starter case file, with Chinese comments on each key.
pub const STARTER: &str = include_str!("../case/starter.yaml");

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 写入的目录（默认当前目录）
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(&args.dir) {
        eprintln!("xunshi init：无法创建目录 {}：{e}", args.dir.display());
        return ExitCode::from(1);
    }
    let case = args.dir.join("case.yaml");
    let schema = args.dir.join("case.schema.json");
    for existing in [&case, &schema] {
        if existing.exists() {
            eprintln!(
                "xunshi init：{} 已存在，未做任何改动（不会覆盖已有文件）",
                existing.display()
            );
            return ExitCode::from(1);
        }
    }
    for (path, text) in [(&case, STARTER.to_owned()), (&schema, schema_json())] {
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("xunshi init：无法写入 {}：{e}", path.display());
            return ExitCode::from(1);
        }
    }
    println!(
        "已生成 {} 和 {}。修改示例内容后运行：xunshi validate {}",
        case.display(),
        schema.display(),
        case.display()
    );
    ExitCode::SUCCESS
}
