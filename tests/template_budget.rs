//! An office's own templates run with a time and memory budget: a template that loops forever
//! or allocates without end fails its document, named, and the batch goes on and ends; no
//! partial file, no worker process left behind. The built-in templates are tested elsewhere.

mod common;

use common::{write, xunshi};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const BASE: &str = include_str!("fixtures/compose/base.yaml");

/// A Typst loop of 10^10 rounds.
const TYPST_LOOP: &str = "\n#for i in range(100000) { for j in range(100000) {} }\n";
/// A Tera loop of 10^10 rounds.
const TERA_LOOP: &str =
    "\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n";
/// An array of 10^8 values: gigabytes.
const TYPST_HOG: &str = "\n#let big = range(100000000).len()\n";

/// `cases/a/a.yaml` with a `templates/` folder whose review opinion ends with `tail`, and
/// `cases/b/b.yaml` on the built-in templates.
fn cases_with(dir: &Path, tail: &str) -> PathBuf {
    let cases = dir.join("cases");
    write(&cases.join("a/a.yaml"), BASE);
    write(&cases.join("b/b.yaml"), BASE);
    let templates = cases.join("a/templates");
    xunshi()
        .args(["templates", "eject", "review-opinion", "-o"])
        .arg(&templates)
        .assert()
        .success();
    let template = templates.join("kinds/review-opinion.typ");
    let good = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, format!("{good}{tail}")).unwrap();
    cases
}

fn files(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    found
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The processes whose command line names `marker` (a test's own temporary folder).
fn processes_naming(marker: &Path) -> Vec<String> {
    let marker = marker.to_string_lossy().into_owned();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.contains(&marker) {
                found.push(cmdline);
            }
        }
    }
    found
}

/// The children of process `pid`, with their state (`Z` for a zombie).
fn children_of(pid: u32) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (name) state ppid ...`: the name may hold spaces, so read after the last ')'.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(1) == Some(&pid.to_string().as_str()) {
            found.push(stat);
        }
    }
    found
}

#[test]
fn a_template_that_loops_forever_times_out_named_and_the_rest_are_built() {
    let dir = tempfile::tempdir().unwrap();
    let cases = cases_with(dir.path(), TYPST_LOOP);
    let out = dir.path().join("out");
    let build = || {
        xunshi()
            .args(["build", "-q", "--timeout", "3", "-o"])
            .arg(&out)
            .arg(&cases)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap()
    };
    let started = Instant::now();
    let first = build();
    let err = stderr_of(&first);
    assert_eq!(first.status.code(), Some(1), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert!(err.contains("排版超时（超过 3 秒），已中止"), "{err}");
    assert!(
        err.contains(&format!(
            "模板 {}",
            cases.join("a/templates/kinds/review-opinion.typ").display()
        )),
        "the template is named: {err}"
    );
    assert!(
        err.contains("写出 9 份") && err.contains("失败 1 份"),
        "{err}"
    );
    let written = files(&out);
    assert!(
        written.contains(&"青山区委/整改方案.pdf".to_owned())
            && written.contains(&"青山区委-2/审核意见-审1.pdf".to_owned())
            && !written.contains(&"青山区委/审核意见-审1.pdf".to_owned()),
        "{written:?}"
    );
    assert!(
        written.iter().all(|f| !f.contains(".part")),
        "no partial file: {written:?}"
    );
    assert_eq!(processes_naming(dir.path()), Vec::<String>::new());

    // The failed document is not recorded as made: the next run tries it again.
    let second = build();
    let err = stderr_of(&second);
    assert_eq!(second.status.code(), Some(1), "{err}");
    assert!(
        err.contains("写出 0 份，未变化跳过 9 份，失败 1 份"),
        "{err}"
    );
}

#[test]
fn a_template_that_allocates_without_end_fails_with_the_memory_message() {
    let dir = tempfile::tempdir().unwrap();
    let cases = cases_with(dir.path(), TYPST_HOG);
    let out = dir.path().join("out");
    let run = xunshi()
        .args([
            "build",
            "-q",
            "--timeout",
            "30",
            "--memory-limit",
            "300",
            "-o",
        ])
        .arg(&out)
        .arg(&cases)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = stderr_of(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("排版内存超限（超过 300 MiB），已中止"),
        "{err}"
    );
    assert!(err.contains("kinds/review-opinion.typ"), "{err}");
    assert!(
        err.contains("写出 9 份") && err.contains("失败 1 份"),
        "{err}"
    );
    assert_eq!(processes_naming(dir.path()), Vec::<String>::new());
}

#[test]
fn render_honours_the_budget_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases = cases_with(dir.path(), TYPST_LOOP);
    let case = cases.join("a/a.yaml");
    let started = Instant::now();
    let run = xunshi()
        .args(["render", "--doc", "review-opinion", "--timeout", "3"])
        .arg(&case)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = stderr_of(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(
        err.contains("排版超时（超过 3 秒），已中止：模板")
            && err.contains("kinds/review-opinion.typ"),
        "{err}"
    );
    assert_eq!(
        files(&cases.join("a"))
            .into_iter()
            .filter(|f| !f.starts_with("templates"))
            .collect::<Vec<_>>(),
        vec!["a.yaml".to_owned()],
        "nothing written beside the case"
    );
    assert_eq!(processes_naming(dir.path()), Vec::<String>::new());

    // Another kind of the same case, on the templates that do not loop, is made as before.
    let made = xunshi()
        .args(["render", "--doc", "rectification-plan", "--timeout", "3"])
        .arg(&case)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr_of(&made));
    assert!(cases.join("a/整改方案.pdf").is_file());
}

#[test]
fn watch_ends_a_tera_loop_and_leaves_no_worker_or_zombie_behind() {
    let dir = tempfile::tempdir().unwrap();
    let cases = cases_with(dir.path(), TERA_LOOP);
    let out = dir.path().join("out");
    let mut watch = std::process::Command::new(assert_cmd::cargo::cargo_bin("xunshi"))
        .args(["watch", "-q", "--timeout", "3", "-o"])
        .arg(&out)
        .arg(&cases)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = watch.id();
    // Read its reports on a thread: a hung watch must fail the test, not hang it.
    let (send, lines) = std::sync::mpsc::channel();
    let stderr = watch.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if send.send(line.unwrap_or_default()).is_err() {
                return;
            }
        }
    });
    let mut said = String::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !said.contains("已更新") {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                said.push_str(&line);
                said.push('\n');
            }
            Err(_) => break,
        }
    }
    // The build is over: its workers were ended and reaped.
    std::thread::sleep(Duration::from_millis(300));
    let children = children_of(pid);
    let _ = watch.kill();
    let _ = watch.wait();
    assert!(said.contains("已更新"), "the build ended: {said}");
    assert!(said.contains("排版超时（超过 3 秒），已中止"), "{said}");
    assert!(said.contains("kinds/review-opinion.typ"), "{said}");
    assert!(said.contains("写出 9 份，跳过 0 份，失败 1 份"), "{said}");
    assert_eq!(children, Vec::<String>::new(), "no worker, no zombie");
}
