//! `xunshi watch PATH... -o OUTDIR`: builds once, then rebuilds whenever a case file or a
//! template under the watched paths is saved. Each rebuild is an incremental build, so only
//! the documents the change affects are made again. Changes are found by polling modification
//! times four times a second: no platform notification service needed, and a saved file is
//! picked up within a second.

use super::build::{Args, build_options};
use super::error::CliError;
use crate::batch;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// How often the watched files are looked at.
const POLL: Duration = Duration::from_millis(250);

pub fn run(args: Args) -> Result<(), CliError> {
    let engine = super::fonts::engine(
        &args.fonts,
        args.quiet,
        args.paths.first().map(PathBuf::as_path),
    )?;
    let options = build_options(&args, &engine);
    let mut watched: Vec<PathBuf> = options.paths.clone();
    watched.extend(options.templates.clone());
    let mut last = snapshot(&watched);
    eprintln!("监视中（watching），按 Ctrl-C 结束……");
    loop {
        let progress = batch::progress::for_run(args.quiet);
        match batch::build(&options, &engine, progress.as_ref()) {
            Ok(summary) => {
                if !args.quiet {
                    super::build::report_expired(&summary);
                }
                eprintln!(
                    "已更新：写出 {} 份，跳过 {} 份，失败 {} 份，移入过期 {} 份，无效案卷 {} 个{}。",
                    summary.written,
                    summary.skipped,
                    summary.failed,
                    summary.expired.len(),
                    summary.invalid_cases,
                    super::build::unbuilt(&summary)
                );
            }
            Err(error) => eprintln!("{}", CliError::from(error)),
        }
        progress.finish();
        loop {
            std::thread::sleep(POLL);
            let now = snapshot(&watched);
            if now != last {
                last = now;
                break;
            }
        }
    }
}

/// Modification time of every YAML and template file under the paths.
fn snapshot(paths: &[PathBuf]) -> BTreeMap<PathBuf, SystemTime> {
    let mut times = BTreeMap::new();
    for path in paths {
        for entry in walkdir::WalkDir::new(path).into_iter().flatten() {
            let p = entry.path();
            let relevant =
                crate::batch::discover::is_yaml(p) || p.extension().is_some_and(|e| e == "typ");
            let modified = entry.metadata().ok().and_then(|m| m.modified().ok());
            if let (true, true, Some(modified)) = (entry.file_type().is_file(), relevant, modified)
            {
                times.insert(p.to_path_buf(), modified);
            }
        }
    }
    times
}
