//! The fuzzer: a deterministic mutation loop on stable Rust over the three ways user text gets
//! in — loading a case file, composing every document of a valid case with mutated values, and
//! the Markdown and escaping code (see `targets.rs` for what each checks).
//!
//! Why not cargo-fuzz or AFL: cargo-fuzz needs nightly; cargo-afl needs an instrumented build
//! of the whole dependency tree, typst included (a second cold build of about ten minutes on
//! this two-core machine, for CI too). This loop links the same test-profile library every
//! other test links, so CI pays only for compiling this file. It is blind (no coverage), so it
//! steers by what it can see instead: an input that gives a diagnostic, a missing-field
//! report or a set of composed kinds not seen before joins the corpus and is mutated further.
//!
//! Run as part of `cargo test` (about a minute, seed 1); longer with `scripts/fuzz --minutes N`.
//! Environment: `XUNSHI_FUZZ_SECONDS` (default 60), `XUNSHI_FUZZ_SEED` (default 1),
//! `XUNSHI_FUZZ_FINDINGS` (folder findings are saved to; default `target/fuzz-findings`).
//! A finding (a panic, a failed check, an input slower than `XUNSHI_FUZZ_INPUT_SECONDS`,
//! default 30) is saved there and fails the run; copy it to `fuzz/regressions/` once fixed, and
//! [`every_saved_regression_input_is_handled`] replays it on every test run.

mod mutate;
mod targets;

use mutate::Rng;
use std::cell::RefCell;
use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Largest input the byte mutations make.
const MAX_INPUT: usize = 128 * 1024;

thread_local! {
    /// The message and place of the last panic on this thread while a fuzz input ran.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(|q| q.get()) {
                let payload = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                PANIC.with(|p| {
                    *p.borrow_mut() = Some(format!("panic 于 {at}{}：{payload}", our_frame()))
                });
            } else {
                previous(info);
            }
        }));
    });
}

/// The innermost frame of this crate's own source in the current backtrace (a panic inside a
/// dependency is named by where our code called it), as ` （src/…:line）`.
fn our_frame() -> String {
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src/");
    trace
        .lines()
        .find_map(|l| {
            let at = l.trim().strip_prefix("at ")?;
            at.strip_prefix(root).or_else(|| at.strip_prefix("./src/"))
        })
        .map(|at| format!("（src/{at}）"))
        .unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Load,
    Compose,
    Markdown,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Load => "load",
            Target::Compose => "compose",
            Target::Markdown => "markdown",
        }
    }
}

/// Runs one input through its target, a panic caught and returned as a finding.
fn run_one(target: Target, input: &Input, rng: &mut Rng) -> Result<targets::Outcome, String> {
    install_hook();
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| match (target, input) {
        (Target::Compose, Input::Tree(tree)) => targets::compose(tree, rng),
        (Target::Markdown, Input::Bytes(b)) => targets::markdown(&String::from_utf8_lossy(b), rng),
        (_, Input::Bytes(b)) => targets::load(b, rng),
        (_, Input::Tree(tree)) => targets::compose(tree, rng),
    }));
    QUIET.with(|q| q.set(false));
    match result {
        Ok(outcome) => outcome,
        Err(_) => Err(PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "panic".to_owned())),
    }
}

enum Input {
    Bytes(Vec<u8>),
    Tree(serde_json::Value),
}

impl Input {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Input::Bytes(b) => b.clone(),
            Input::Tree(t) => serde_json::to_string_pretty(t)
                .unwrap_or_default()
                .into_bytes(),
        }
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path, ext: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.is_file()
            && p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ext.contains(&e))
    });
    files.sort();
    files
}

/// The seed corpus: the samples, the starter `init` writes, the validation fixtures.
fn seeds() -> Vec<Vec<u8>> {
    let root = repo();
    let mut files = files_in(&root.join("samples"), &["yaml"]);
    files.extend(files_in(
        &root.join("tests/fixtures/validate/bad"),
        &["yaml"],
    ));
    files.push(root.join("src/case/starter.yaml"));
    files.iter().filter_map(|f| std::fs::read(f).ok()).collect()
}

/// Markdown seeds: every `detail` / `progress`-like multi-line text of the samples.
fn markdown_seeds(samples: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for tree in targets::seed_trees(samples) {
        collect_strings(&tree, &mut out);
    }
    out.retain(|s| s.len() > 20);
    out.sort();
    out.dedup();
    out
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<Vec<u8>>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone().into_bytes()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(m) => m.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

struct Settings {
    seconds: u64,
    seed: u64,
    findings: PathBuf,
    input_limit: Duration,
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Settings {
    fn from_env() -> Settings {
        Settings {
            seconds: env_u64("XUNSHI_FUZZ_SECONDS", 60),
            seed: env_u64("XUNSHI_FUZZ_SEED", 1),
            findings: std::env::var_os("XUNSHI_FUZZ_FINDINGS")
                .map(PathBuf::from)
                .unwrap_or_else(|| repo().join("target/fuzz-findings")),
            input_limit: Duration::from_secs(env_u64("XUNSHI_FUZZ_INPUT_SECONDS", 30)),
        }
    }
}

/// Saves a finding's input once per distinct message shape; returns the file written.
fn save(findings: &Path, target: Target, message: &str, input: &[u8]) -> PathBuf {
    let _ = std::fs::create_dir_all(findings);
    let key = targets::hash(&[target.name(), message]);
    let file = findings.join(format!("{}-{key:016x}.yaml", target.name()));
    let _ = std::fs::write(&file, input);
    let _ = std::fs::write(file.with_extension("txt"), message);
    file
}

/// What the watchdog needs to save an input that runs too long.
struct Current {
    target: Mutex<(Target, Vec<u8>)>,
    started_ms: AtomicU64,
    running: AtomicBool,
}

fn watchdog(current: Arc<Current>, origin: Instant, settings: &Settings) {
    let findings = settings.findings.clone();
    let limit = settings.input_limit;
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            if !current.running.load(Ordering::SeqCst) {
                continue;
            }
            let started = Duration::from_millis(current.started_ms.load(Ordering::SeqCst));
            if origin.elapsed().saturating_sub(started) > limit {
                let (target, input) = current.target.lock().unwrap().clone();
                let file = save(&findings, target, "超时（input too slow）", &input);
                eprintln!(
                    "fuzz：一个输入运行超过 {} 秒（an input ran too long），已保存到 {}",
                    limit.as_secs(),
                    file.display()
                );
                std::process::exit(1);
            }
        }
    });
}

struct Report {
    executions: [u64; 3],
    valid: u64,
    corpus: usize,
    findings: Vec<(Target, String, PathBuf)>,
}

fn fuzz(settings: &Settings) -> Report {
    let seeds = seeds();
    let mut corpus: Vec<Vec<u8>> = seeds.clone();
    let mut trees = targets::seed_trees(&seeds);
    let seed_trees = trees.len();
    let mut texts = markdown_seeds(&seeds);
    let mut seen: HashSet<u64> = HashSet::new();
    let mut found: HashSet<u64> = HashSet::new();
    let mut rng = Rng::new(settings.seed);
    let mut report = Report {
        executions: [0; 3],
        valid: 0,
        corpus: 0,
        findings: Vec::new(),
    };
    let origin = Instant::now();
    let deadline = origin + Duration::from_secs(settings.seconds);
    let current = Arc::new(Current {
        target: Mutex::new((Target::Load, Vec::new())),
        started_ms: AtomicU64::new(0),
        running: AtomicBool::new(false),
    });
    watchdog(current.clone(), origin, settings);
    let mut next_progress = origin + Duration::from_secs(30);

    // Each seed once, unchanged, first.
    let mut queue: Vec<(Target, Input)> = seeds
        .iter()
        .map(|s| (Target::Load, Input::Bytes(s.clone())))
        .collect();
    while Instant::now() < deadline {
        let (target, input) = match queue.pop() {
            Some(next) => next,
            None => match rng.below(10) {
                0..=4 => {
                    let base = rng.pick(&corpus).clone();
                    let other = rng.pick(&corpus).clone();
                    let mutated = mutate::mutate_bytes(&mut rng, &base, &other, MAX_INPUT);
                    (Target::Load, Input::Bytes(mutated))
                }
                5..=7 if !trees.is_empty() => {
                    let mut tree = rng.pick(&trees).clone();
                    mutate::mutate_tree(&mut rng, &mut tree);
                    (Target::Compose, Input::Tree(tree))
                }
                _ => {
                    let text = if texts.is_empty() || rng.chance(3) {
                        let n = rng.below(200);
                        mutate::random_text(&mut rng, n).into_bytes()
                    } else {
                        let base = rng.pick(&texts).clone();
                        let other = rng.pick(&texts).clone();
                        mutate::mutate_bytes(&mut rng, &base, &other, 16 * 1024)
                    };
                    (Target::Markdown, Input::Bytes(text))
                }
            },
        };
        let bytes = input.bytes();
        *current.target.lock().unwrap() = (target, bytes.clone());
        current
            .started_ms
            .store(origin.elapsed().as_millis() as u64, Ordering::SeqCst);
        current.running.store(true, Ordering::SeqCst);
        let mut input_rng = Rng::new(rng.next());
        let result = run_one(target, &input, &mut input_rng);
        current.running.store(false, Ordering::SeqCst);
        report.executions[target as usize] += 1;
        match result {
            Ok(outcome) => {
                report.valid += u64::from(outcome.valid);
                let new = outcome.signals.iter().any(|s| seen.insert(*s));
                if new {
                    match input {
                        Input::Bytes(b) if target == Target::Load => {
                            add(&mut corpus, b, &mut rng, 4096)
                        }
                        Input::Bytes(b) => add(&mut texts, b, &mut rng, 2048),
                        Input::Tree(t) if outcome.valid => {
                            if trees.len() < 256 {
                                trees.push(t);
                            } else {
                                let i = seed_trees + rng.below(trees.len() - seed_trees);
                                trees[i] = t;
                            }
                        }
                        Input::Tree(_) => {}
                    }
                }
            }
            Err(message) => {
                let shape: String = message
                    .chars()
                    .filter(|c| !c.is_ascii_digit())
                    .take(160)
                    .collect();
                if found.insert(targets::hash(&[target.name(), &shape])) {
                    let file = save(&settings.findings, target, &message, &bytes);
                    eprintln!(
                        "fuzz：发现问题（finding） [{}] {message}\n  输入已保存到 {}",
                        target.name(),
                        file.display()
                    );
                    report.findings.push((target, message, file));
                }
            }
        }
        if Instant::now() >= next_progress {
            next_progress += Duration::from_secs(60);
            eprintln!(
                "fuzz：{} 秒，执行 {} 次（load {}，compose {}，markdown {}），有效案卷 {}，语料 {}，发现 {}",
                origin.elapsed().as_secs(),
                report.executions.iter().sum::<u64>(),
                report.executions[0],
                report.executions[1],
                report.executions[2],
                report.valid,
                corpus.len() + trees.len() + texts.len(),
                report.findings.len()
            );
        }
    }
    report.corpus = corpus.len() + trees.len() + texts.len();
    report
}

fn add(list: &mut Vec<Vec<u8>>, item: Vec<u8>, rng: &mut Rng, cap: usize) {
    if list.len() < cap {
        list.push(item);
    } else {
        let i = rng.below(list.len());
        list[i] = item;
    }
}

#[test]
fn fuzz_for_a_while() {
    let settings = Settings::from_env();
    let started = Instant::now();
    let report = fuzz(&settings);
    let total: u64 = report.executions.iter().sum();
    eprintln!(
        "fuzz：种子 {}，用时 {} 秒，执行 {total} 次（load {}，compose {}，markdown {}），有效案卷 {}，语料 {}，发现 {} 个问题",
        settings.seed,
        started.elapsed().as_secs(),
        report.executions[0],
        report.executions[1],
        report.executions[2],
        report.valid,
        report.corpus,
        report.findings.len()
    );
    assert!(total > 0, "the fuzzer ran no input");
    assert!(
        report.findings.is_empty(),
        "the fuzzer found {} problem(s):\n{}",
        report.findings.len(),
        report
            .findings
            .iter()
            .map(|(t, m, f)| format!("[{}] {m}\n  {}", t.name(), f.display()))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every input in `fuzz/regressions/` (what the fuzzer once found, fixed since) goes through
/// the target its name starts with, passes its checks and takes well under the time limit.
#[test]
fn every_saved_regression_input_is_handled() {
    let files = files_in(&repo().join("fuzz/regressions"), &["yaml", "md"]);
    assert!(
        !files.is_empty(),
        "fuzz/regressions holds the fuzzer's past findings"
    );
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy();
        // A compose finding is the value tree (JSON) of a valid case; the others are bytes.
        let (target, input) = if name.starts_with("markdown") {
            (Target::Markdown, Input::Bytes(bytes))
        } else if name.starts_with("compose") {
            let tree = serde_json::from_slice(&bytes).expect("a compose finding is JSON");
            (Target::Compose, Input::Tree(tree))
        } else {
            (Target::Load, Input::Bytes(bytes))
        };
        let started = Instant::now();
        if let Err(message) = run_one(target, &input, &mut Rng::new(7)) {
            failures.push(format!("{name}: {message}"));
        }
        // Slowness is a finding too (a long title once took a minute to break into lines).
        if started.elapsed() > Duration::from_secs(10) {
            failures.push(format!("{name}: took {:?}", started.elapsed()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
