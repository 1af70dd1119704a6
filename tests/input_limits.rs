//! Input that once hurt: a text repeated by YAML aliases past the memory budget, a megabyte-long
//! line under a diagnostic, ledger fields a spreadsheet would run as formulas, a closed pipe,
//! a path that does not exist (one exit code in every command), a `--on` day far from the case.
//! Each runs the real binary on input made here.

use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

const STARTER: &str = include_str!("../src/case/starter.yaml");

fn xunshi() -> Command {
    Command::cargo_bin("xunshi").unwrap()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = xunshi().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The largest resident set of any child process this test binary has waited for, in MB.
fn peak_child_mb() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    usage.ru_maxrss / 1024
}

/// A case file of one anchored text of `size` bytes used by `aliases` aliases.
fn alias_file(dir: &Path, size: usize, aliases: usize) -> std::path::PathBuf {
    let mut text = format!("version: 1\nbig: &big \"{}\"\nlist:\n", "x".repeat(size));
    for _ in 0..aliases {
        text.push_str("  - *big\n");
    }
    let path = dir.join(format!("alias-{size}-{aliases}.yaml"));
    std::fs::write(&path, text).unwrap();
    path
}

/// The 1-based number of the alias whose copy takes the text past the 40 MB budget.
fn crossing_alias(size: usize) -> usize {
    let budget = 40 * 1024 * 1024;
    let before = "version".len() + 1 + "big".len() + size + "list".len();
    (budget - before) / size + 1
}

#[test]
fn a_long_text_repeated_by_aliases_is_refused_at_the_alias_that_crosses_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    // 100 KB × 20,000 = 2 GB expanded, and 1 MB × 10,000 = 10 GB (which aborted the process).
    for (size, aliases) in [(100 * 1024, 20_000), (1024 * 1024, 10_000)] {
        let file = alias_file(dir.path(), size, aliases);
        let (code, stdout, stderr) = run(&["validate", file.to_str().unwrap()]);
        assert_eq!(code, 1, "{stderr}");
        let line = 3 + crossing_alias(size);
        let at = format!(
            "{}:{line}:5: 错误：内容展开后超过上限 40 MB",
            file.display()
        );
        assert!(
            stdout.contains(&at),
            "expected {at} in\n{}",
            &stdout[..stdout.len().min(2000)]
        );
        assert!(stdout.len() < 4000, "{} bytes of report", stdout.len());
    }
    let peak = peak_child_mb();
    assert!(peak < 400, "validate peaked at {peak} MB");
}

#[test]
fn a_diagnostic_on_a_megabyte_line_prints_a_window_around_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.yaml");
    // The second `: ` on the line is a YAML syntax error half a megabyte in.
    let line = format!("x: {}: y", "甲".repeat(350_000));
    std::fs::write(&file, format!("version: 1\n{line}\n")).unwrap();
    let (code, stdout, _) = run(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("YAML 语法错误"),
        "{}",
        &stdout[..stdout.len().min(2000)]
    );
    assert!(stdout.len() < 2000, "{} bytes of report", stdout.len());
    let shown = stdout
        .lines()
        .find(|l| l.starts_with("  2 | "))
        .expect("the source line");
    assert!(shown.starts_with("  2 | …甲甲"), "{shown}");
}

#[test]
fn csv_ledger_fields_that_a_spreadsheet_would_run_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let case = STARTER.replace(
        "action: 修订理论学习中心组学习制度并严格执行",
        "action: '=HYPERLINK(\"http://x.cn\",\"点此\")'",
    );
    let case = case.replace(
        "closure_standard: 学习制度印发执行",
        "closure_standard: '@SUM(1)'",
    );
    assert_ne!(case, STARTER);
    let file = dir.path().join("case.yaml");
    std::fs::write(&file, case).unwrap();
    let out = dir.path().join("台账.csv");
    let (code, _, stderr) = run(&[
        "ledger",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[6], "'=HYPERLINK(\"http://x.cn\",\"点此\")");
    assert_eq!(&row[10], "'@SUM(1)");
    assert_eq!(&row[5], "1.1");
    for field in row.iter() {
        assert!(
            !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{field:?} would run as a formula"
        );
    }
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Enough cases that `status` prints far more than a pipe holds (64 KB).
    for i in 0..60 {
        std::fs::write(dir.path().join(format!("case-{i:02}.yaml")), STARTER).unwrap();
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("xunshi"))
        .args(["status", dir.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone now, as after `| head -1`.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(first.contains("一轮概览（60 个单位"), "{first}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    // 128 + SIGPIPE, as a shell reports for `cat` ended the same way.
    assert_eq!(out.status.code(), Some(141), "{:?}", out.status);
}

#[test]
fn a_path_that_does_not_exist_is_a_usage_error_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let csv = format!("{out}.csv");
    let typ = format!("{out}.typ");
    for args in [
        vec!["validate", "没有这个.yaml"],
        vec!["status", "没有这个.yaml"],
        vec!["ledger", "没有这个.yaml", "-o", &csv],
        vec!["build", "没有这个.yaml", "-o", out],
        vec!["render", "没有这个.yaml", "--doc", "rectification-plan"],
        vec!["render", "没有这个.typ"],
        vec!["summary", "没有这个.yaml", "-o", &typ],
    ] {
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("xunshi {}：找不到文件或目录 没有这个", args[0])),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_day_far_from_the_case_is_warned_about_and_still_used() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.yaml");
    std::fs::write(&file, STARTER).unwrap();
    let file = file.to_str().unwrap();
    let csv = dir.path().join("台账.csv");
    let typ = dir.path().join("汇总.typ");
    for args in [
        vec!["status", file, "--on", "9999-12-31"],
        vec![
            "ledger",
            file,
            "--on",
            "9999-12-31",
            "-o",
            csv.to_str().unwrap(),
        ],
        vec![
            "summary",
            file,
            "--on",
            "9999-12-31",
            "-o",
            typ.to_str().unwrap(),
        ],
        vec!["status", file, "--on", "2022-01-01"],
    ] {
        let started = std::time::Instant::now();
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(
            started.elapsed().as_secs() < 20,
            "{args:?} took {:?}",
            started.elapsed()
        );
        let warning = format!("xunshi {}：警告：--on {}", args[0], args[3]);
        assert!(stderr.contains(&warning), "{args:?}: {stderr}");
        assert!(
            stderr.contains("相去甚远") && stderr.contains("2022-06-15"),
            "{stderr}"
        );
        assert!(!stdout.contains("警告"), "the warning goes to stderr");
    }
    let (code, _, stderr) = run(&["status", file, "--on", "2023-01-01"]);
    assert_eq!(code, 0);
    assert!(!stderr.contains("警告"), "{stderr}");
}
