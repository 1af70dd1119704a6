//! `xunshi status`: placeholder wiring; the implementation lands in its own commit.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 案卷文件或目录
    #[arg(required = true, value_name = "CASE|DIR")]
    pub paths: Vec<PathBuf>,
}

pub fn run(_args: Args) -> ExitCode {
    eprintln!("尚未实现（not implemented yet）");
    ExitCode::from(2)
}
