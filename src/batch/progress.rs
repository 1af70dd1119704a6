//! Reporting a build as it goes: a progress bar with counts, rate and time left on a terminal;
//! one plain line per document otherwise (logs, CI); failures always, with their diagnostics.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;

/// What a build reports. Called from worker threads.
pub trait Progress: Sync {
    /// `total` documents will be produced; `skipped` were unchanged.
    fn start(&self, total: usize, skipped: usize);
    fn done(&self, label: &str);
    fn failure(&self, label: &str, report: &str);
    fn finish(&self);
}

/// Picks the reporter for this run: `quiet` prints failures only; a terminal gets a bar.
pub fn for_run(quiet: bool) -> Box<dyn Progress> {
    if quiet {
        Box::new(Lines {
            quiet: true,
            count: Mutex::new((0, 0)),
        })
    } else if std::io::stderr().is_terminal() {
        Box::new(Bar(ProgressBar::hidden()))
    } else {
        Box::new(Lines {
            quiet: false,
            count: Mutex::new((0, 0)),
        })
    }
}

/// A progress bar on the terminal.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, total: usize, skipped: usize) {
        self.0.set_length(total as u64);
        self.0
            .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        self.0.set_style(
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} 份  {per_sec}  剩余 {eta}  {wide_msg}",
            )
            .expect("the template is valid"),
        );
        if skipped > 0 {
            self.0.println(format!(
                "{skipped} 份文档未变化，跳过（unchanged, skipped）"
            ));
        }
    }
    fn done(&self, label: &str) {
        self.0.set_message(label.to_owned());
        self.0.inc(1);
    }
    fn failure(&self, label: &str, report: &str) {
        if self.0.length().is_none() {
            // Invalid cases are reported before the bar is shown.
            eprintln!("无效案卷 INVALID {label}\n{report}");
            return;
        }
        self.0.println(format!("失败 FAILED {label}\n{report}"));
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Plain lines, one per document: `[3/40] 写出 …`.
struct Lines {
    quiet: bool,
    /// (finished, total)
    count: Mutex<(usize, usize)>,
}

impl Lines {
    fn next(&self) -> (usize, usize) {
        let mut c = self.count.lock().expect("no reporter panics");
        c.0 += 1;
        *c
    }
}

impl Progress for Lines {
    fn start(&self, total: usize, skipped: usize) {
        self.count.lock().expect("no reporter panics").1 = total;
        if !self.quiet && skipped > 0 {
            eprintln!("{skipped} 份文档未变化，跳过（unchanged, skipped）");
        }
    }
    fn done(&self, label: &str) {
        let (n, total) = self.next();
        if !self.quiet {
            eprintln!("[{n}/{total}] 写出 {label}");
        }
    }
    fn failure(&self, label: &str, report: &str) {
        // Invalid cases are reported before any document is counted.
        let started = self.count.lock().expect("no reporter panics").1 > 0;
        if started {
            let (n, total) = self.next();
            eprintln!("[{n}/{total}] 失败 FAILED {label}\n{report}");
        } else {
            eprintln!("无效案卷 INVALID {label}\n{report}");
        }
    }
    fn finish(&self) {}
}
