//! `xunshi validate`: (stub, being built).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    eprintln!("xunshi validate: not built yet");
    ExitCode::from(2)
}
