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
    /// A valid case none of whose documents can be made (its template set is broken);
    /// reported before [`Progress::start`].
    fn unbuilt(&self, label: &str, report: &str) {
        self.failure(label, report);
    }
    fn finish(&self);
}

/// How a case whose template set is broken is reported.
fn unbuilt_line(label: &str, report: &str) -> String {
    format!("未生成 NOT BUILT {label}（模板有误，本案卷的文档均未生成）\n{report}")
}

/// Picks the reporter for this run: `quiet` prints failures only; a terminal gets a bar.
pub fn for_run(quiet: bool) -> Box<dyn Progress> {
    if quiet {
        Box::new(Lines {
            quiet: true,
            count: Mutex::new(None),
        })
    } else if std::io::stderr().is_terminal() {
        Box::new(Bar(ProgressBar::hidden()))
    } else {
        Box::new(Lines {
            quiet: false,
            count: Mutex::new(None),
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
            self.0.println(format!("{skipped} 份文档未变化，跳过"));
        }
    }
    fn done(&self, label: &str) {
        self.0.set_message(label.to_owned());
        self.0.inc(1);
    }
    fn unbuilt(&self, label: &str, report: &str) {
        eprintln!("{}", unbuilt_line(label, report));
    }
    fn failure(&self, label: &str, report: &str) {
        if self.0.length().is_none() {
            // Invalid cases are reported before the bar is shown.
            eprintln!("无效案卷：{label}\n{report}");
            return;
        }
        self.0.println(format!("失败：{label}\n{report}"));
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Plain lines, one per document: `[3/40] 写出 …`.
struct Lines {
    quiet: bool,
    /// (finished, total), once started.
    count: Mutex<Option<(usize, usize)>>,
}

impl Lines {
    /// The next (finished, total), or `None` before the start.
    fn next(&self) -> Option<(usize, usize)> {
        let mut c = self.count.lock().expect("no reporter panics");
        c.as_mut().map(|c| {
            c.0 += 1;
            *c
        })
    }
}

impl Progress for Lines {
    fn start(&self, total: usize, skipped: usize) {
        *self.count.lock().expect("no reporter panics") = Some((0, total));
        if !self.quiet && skipped > 0 {
            eprintln!("{skipped} 份文档未变化，跳过");
        }
    }
    fn done(&self, label: &str) {
        let (n, total) = self.next().unwrap_or_default();
        if !self.quiet {
            eprintln!("[{n}/{total}] 写出 {label}");
        }
    }
    fn failure(&self, label: &str, report: &str) {
        // Invalid cases are reported before any document is counted.
        match self.next() {
            Some((n, total)) => eprintln!("[{n}/{total}] 失败：{label}\n{report}"),
            None => eprintln!("无效案卷：{label}\n{report}"),
        }
    }
    fn unbuilt(&self, label: &str, report: &str) {
        eprintln!("{}", unbuilt_line(label, report));
    }
    fn finish(&self) {}
}
