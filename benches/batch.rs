//! Batch benchmark: `cargo bench --bench batch`.
//!
//! Generates N distinct cases (default 1000; `XUNSHI_BENCH_CASES=N` to change), each
//! supporting the four core document kinds, then measures in one run, with the release
//! `xunshi` binary:
//! - `xunshi build` with 1 and with 2 workers: wall time, documents per second, peak RSS, and
//!   CPU time per document with the cores kept busy (steadier than wall time on a shared
//!   machine);
//! - a second build with nothing changed (the incremental skip);
//! - peak RSS of a 10× smaller batch, to show memory stays flat as the batch grows;
//! - the baseline: one `xunshi build` process per document, on a sample of documents.
//!
//! Results are printed as figures and as ratios against the baseline measured in the same run.
//!
//! Every build is limited with `--docs` to the four core kinds (the cases also support closure
//! forms and monthly reports), so figures stay comparable with earlier runs.
//! `XUNSHI_BENCH_GENERATE=DIR` only writes the N cases into DIR (for profiling) and exits.

use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const BASE: &str = include_str!("../tests/fixtures/compose/base.yaml");
const XUNSHI: &str = env!("CARGO_BIN_EXE_xunshi");

const AREAS: [&str; 4] = [
    "贯彻落实党中央决策部署和自治区党委工作要求方面",
    "落实全面从严治党战略部署方面",
    "落实新时代党的组织路线方面",
    "落实巡视、审计等监督发现问题整改方面",
];

/// A distinct case: its own unit, numbers and 6–17 findings of varied text.
fn case(i: usize) -> Value {
    let base: xunshi::case::Case = serde_saphyr::from_str(BASE).expect("fixture parses");
    let mut case = serde_json::to_value(base).unwrap();
    let unit = format!("第{i}区");
    case["unit"]["name"] = json!(format!("中共××市{unit}委员会"));
    case["unit"]["short_name"] = json!(format!("{unit}委"));
    let template = case["findings"][0].clone();
    let count = 6 + i % 12;
    let findings: Vec<Value> = (0..count)
        .map(|n| {
            let mut f = template.clone();
            f["id"] = json!(format!("{}", n + 1));
            f["area"] = json!(AREAS[n % AREAS.len()]);
            f["title"] = json!(format!(
                "第{}项问题：落实主体责任不够到位，{}个单位整改台账不健全",
                n + 1,
                (i * 7 + n) % 40 + 2
            ));
            for (m, measure) in f["measures"].as_array_mut().unwrap().iter_mut().enumerate() {
                measure["id"] = json!(format!("{}.{}", n + 1, m + 1));
            }
            f
        })
        .collect();
    case["findings"] = json!(findings);
    let year = 2022;
    case["documents"]["rectification_plan"]["number"] = json!(format!("区发〔{year}〕{}号", i + 1));
    case["documents"]["progress_report"]["number"] = json!(format!("区报〔{year}〕{}号", i + 1));
    case
}

fn generate(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        // JSON is YAML: the loader reads it like any case file.
        let text = serde_json::to_string_pretty(&case(i)).unwrap();
        std::fs::write(dir.join(format!("case-{i:04}.yaml")), text).unwrap();
    }
}

/// One child process: wall seconds, CPU seconds (user + system) and peak RSS (MB). On a shared
/// machine the CPU time is the steadier figure: other loads stretch the wall time more.
struct Run {
    wall: f64,
    cpu: f64,
    rss: f64,
}

fn measure(args: &[&str]) -> Run {
    let log = tempfile::NamedTempFile::new().unwrap();
    let started = Instant::now();
    // Reaped below by wait4, which also gives the child's peak RSS.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(XUNSHI)
        .args(args)
        .stderr(log.reopen().unwrap())
        .spawn()
        .expect("xunshi runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child and fills a zeroed rusage we own.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed().as_secs_f64();
    assert_eq!(waited, pid, "wait4 failed");
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let err = std::fs::read_to_string(log.path()).unwrap_or_default();
        panic!("xunshi {args:?} failed:\n{}", &err[..err.len().min(3000)]);
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Run {
        wall,
        cpu: secs(usage.ru_utime) + secs(usage.ru_stime),
        rss: usage.ru_maxrss as f64 / 1024.0,
    }
}

fn count_pdfs(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .count()
}

/// The four core document kinds every figure is measured on.
const CORE_KINDS: [&str; 4] = [
    "rectification-plan",
    "progress-report",
    "review-opinion",
    "recommendation-letter",
];

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let n: usize = std::env::var("XUNSHI_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    if let Ok(dir) = std::env::var("XUNSHI_BENCH_GENERATE") {
        generate(Path::new(&dir), n);
        println!("wrote {n} cases into {dir}");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let cases = work.path().join("cases");
    let small = work.path().join("small");
    generate(&cases, n);
    generate(&small, (n / 10).max(1));
    let out = |name: &str| work.path().join(name).to_string_lossy().into_owned();
    let cases_s = cases.to_string_lossy().into_owned();
    println!("xunshi batch benchmark: {n} cases, 4 kinds each");

    let core = CORE_KINDS.join(",");
    let build = |dir: &str, out: &str, jobs: &str| {
        measure(&["build", dir, "-o", out, "--docs", &core, "-j", jobs, "-q"])
    };
    let one = build(&cases_s, &out("o1"), "1");
    let docs = count_pdfs(&work.path().join("o1"));
    let two = build(&cases_s, &out("o2"), "2");
    let t_noop = build(&cases_s, &out("o2"), "2").wall;
    let small_s = small.to_string_lossy().into_owned();
    let rss_small = build(&small_s, &out("os"), "2").rss;
    let (t1, rss1, t2, rss2) = (one.wall, one.rss, two.wall, two.rss);
    let small_docs = count_pdfs(&work.path().join("os"));

    // Baseline: a fresh process per document, on a sample.
    let sample = 40.min(docs);
    let kinds = CORE_KINDS;
    let started = Instant::now();
    for k in 0..sample {
        let case = cases.join(format!("case-{:04}.yaml", k / 4 % n));
        let case_s = case.to_string_lossy().into_owned();
        measure(&[
            "build",
            &case_s,
            "-o",
            &out("ob"),
            "--docs",
            kinds[k % 4],
            "-q",
            "--force",
        ]);
    }
    let per_process = started.elapsed().as_secs_f64() / sample as f64;

    let rate = |t: f64| docs as f64 / t;
    println!("documents: {docs}");
    let cpu = |r: &Run| {
        format!(
            "CPU {:.1} ms/doc, {:.2} cores busy",
            r.cpu * 1000.0 / docs as f64,
            r.cpu / r.wall
        )
    };
    println!(
        "1 worker : {t1:7.2} s  {:7.1} docs/s  peak RSS {rss1:6.1} MB  {}",
        rate(t1),
        cpu(&one)
    );
    println!(
        "2 workers: {t2:7.2} s  {:7.1} docs/s  peak RSS {rss2:6.1} MB  {}",
        rate(t2),
        cpu(&two)
    );
    println!("unchanged rebuild (2 workers): {t_noop:.2} s");
    println!(
        "one process per document (baseline, {sample} sampled): {:.1} ms/doc = {:.1} docs/s",
        per_process * 1000.0,
        1.0 / per_process
    );
    println!(
        "ratios vs baseline: 1 worker {:.1}x, 2 workers {:.1}x; 2 vs 1 worker {:.2}x",
        rate(t1) * per_process,
        rate(t2) * per_process,
        t1 / t2
    );
    println!(
        "memory: peak RSS {rss_small:.1} MB after {small_docs} docs vs {rss2:.1} MB after {docs} docs ({:+.0}%)",
        (rss2 / rss_small - 1.0) * 100.0
    );
}
