//! Where a run's time goes, for profiling: set `XUNSHI_TIMINGS=1` and `xunshi build` prints,
//! at the end, the time spent in each phase of making documents, summed over all workers
//! (so with several workers the sum exceeds the wall time). Off, it costs one relaxed atomic
//! load per phase.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// A phase of making one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Parsing and validating the case file again before its documents are made.
    Load,
    /// Filling in the templates (the view, Tera).
    Compose,
    /// The check that every character of the case can be printed.
    Check,
    /// Typst: evaluation and layout, every pass.
    Compile,
    /// The scan of the laid-out pages for characters set without a glyph.
    Glyphs,
    /// Evicting Typst's memoisation caches after a document.
    Evict,
    /// PDF (or PNG/SVG) export.
    Export,
    /// Writing the output files.
    Write,
}

impl Phase {
    const ALL: [Phase; 8] = [
        Phase::Load,
        Phase::Compose,
        Phase::Check,
        Phase::Compile,
        Phase::Glyphs,
        Phase::Evict,
        Phase::Export,
        Phase::Write,
    ];

    fn name(self) -> &'static str {
        match self {
            Phase::Load => "load case",
            Phase::Compose => "compose",
            Phase::Check => "character check",
            Phase::Compile => "typst compile",
            Phase::Glyphs => "missing-glyph scan",
            Phase::Evict => "cache eviction",
            Phase::Export => "export",
            Phase::Write => "write",
        }
    }
}

static ENABLED: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("XUNSHI_TIMINGS").is_some_and(|v| !v.is_empty()));
static NANOS: [AtomicU64; Phase::ALL.len()] = [const { AtomicU64::new(0) }; Phase::ALL.len()];
static COUNTS: [AtomicU64; Phase::ALL.len()] = [const { AtomicU64::new(0) }; Phase::ALL.len()];

/// Whether timings are being collected.
pub fn enabled() -> bool {
    *ENABLED
}

/// Runs `f`, adding its duration to `phase` when timings are on.
pub fn time<T>(phase: Phase, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Instant::now();
    let out = f();
    let slot = phase as usize;
    NANOS[slot].fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    COUNTS[slot].fetch_add(1, Ordering::Relaxed);
    out
}

/// The collected timings, one line per phase that ran (empty when timings are off).
pub fn report() -> String {
    if !enabled() {
        return String::new();
    }
    let mut out = String::from("timings (summed over workers):\n");
    for phase in Phase::ALL {
        let slot = phase as usize;
        let count = COUNTS[slot].load(Ordering::Relaxed);
        if count == 0 {
            continue;
        }
        let secs = NANOS[slot].load(Ordering::Relaxed) as f64 / 1e9;
        out.push_str(&format!(
            "  {:<20} {:8.2} s  {:6} times  {:8.2} ms each\n",
            phase.name(),
            secs,
            count,
            secs * 1000.0 / count as f64
        ));
    }
    out
}
