//! Documents made from an office's own templates, in a child process with a time and memory
//! budget.
//!
//! A template is a program: a Tera loop or a Typst `for` over a huge range runs for hours, and
//! Typst's `range(1e8)` takes gigabytes. Typst has no cancel call and a thread cannot be
//! stopped from outside, so the only way to end such a document is to end the process making
//! it. Documents whose template set is not the built-in one are therefore made by a worker: the
//! same executable started again with the hidden subcommand [`SUBCOMMAND`], long-lived (it
//! keeps its fonts and caches warm from one document to the next), taking one document at a
//! time over its standard input and answering over its standard output. The parent waits for
//! each answer at most [`Budget::timeout`]; past it, it kills the worker (and reaps it: no
//! zombie) and reports the document as timed out, and the next document starts a fresh
//! worker. Once started, the worker caps its own address space with `setrlimit(RLIMIT_AS)` at
//! what it holds then (about half a GiB: the program's image with its bundled fonts, thread
//! stacks) plus the memory budget, on Linux only (macOS does not enforce the limit and Windows
//! has none: there only the time budget applies), so an allocation past the budget fails and
//! the worker aborts; the parent tells that death apart by the allocator's message on the
//! worker's standard error. The worker writes no files: the parent writes every output
//! atomically, so a killed worker leaves nothing behind.
//!
//! The built-in templates are trusted and keep the in-process path.

use crate::case::{self, LoadedCase};
use crate::compose::Composer;
use crate::compose::view::Selection;
use crate::produce::{Format, Unprintable, produce_checked};
use crate::typeset::{Engine, FontOptions};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

/// The hidden subcommand that runs a worker.
pub const SUBCOMMAND: &str = "__worker";
/// The default time budget of one document, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;
/// The default memory (address space) budget of a worker, in MiB.
pub const DEFAULT_MEMORY_MIB: u64 = 2048;
/// Stack of the thread a worker makes documents on, as the batch's worker threads have.
const STACK_BYTES: usize = 64 * 1024 * 1024;
/// How much of a worker's standard error is kept for a report.
const STDERR_KEPT: usize = 16 * 1024;

/// How long one document may take and how much memory its worker may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub timeout: Duration,
    pub memory_mib: u64,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
            memory_mib: DEFAULT_MEMORY_MIB,
        }
    }
}

/// What a worker makes documents with: the built-ins shadowed by a `templates/` folder beside
/// the cases and then by `--templates DIR`, as [`crate::compose::folders::composer_for`] builds
/// them, and the fonts.
#[derive(Debug, Clone)]
pub struct Setup {
    pub beside: Option<PathBuf>,
    pub explicit: Option<PathBuf>,
    pub fonts: FontOptions,
    /// The digest of the template set as the parent read it: a worker that reads another
    /// (a template saved since) refuses to start, so no document is made from templates its
    /// fingerprint does not name.
    pub templates_digest: String,
    pub budget: Budget,
}

/// Why a worker did not make a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The document ran past the time budget; the worker was killed.
    Timeout,
    /// The worker ran out of its memory budget and died.
    Memory,
    /// The worker died otherwise (or could not be started): what it said.
    Died(String),
    /// The document failed the ordinary way (a template error, an unprintable character): the
    /// readable report. The worker lives on.
    Report(String),
}

impl Failure {
    /// Whether the worker is gone after this failure.
    pub fn ends_worker(&self) -> bool {
        !matches!(self, Failure::Report(_))
    }

    /// The message for the user; `template` names the kind's template as the user can open it.
    pub fn message(&self, template: &str, budget: &Budget) -> String {
        match self {
            Failure::Timeout => format!(
                "排版超时（超过 {} 秒），已中止：模板 {template}（或其引用的模板）运行时间过长，可能含有过大的循环；请检查模板，或用 --timeout 秒数 放宽限制（typesetting timed out）",
                budget.timeout.as_secs_f64()
            ),
            Failure::Memory => format!(
                "排版内存超限（超过 {} MiB），已中止：模板 {template}（或其引用的模板）占用内存过多，可能生成了过大的数组或文本；请检查模板，或用 --memory-limit MiB 放宽限制（typesetting exceeded the memory limit）",
                budget.memory_mib
            ),
            Failure::Died(said) => format!(
                "排版进程意外退出，已中止：模板 {template}。这可能是程序的缺陷；请把输入文件与所用模板一并报给维护者（the worker process died）{}",
                if said.trim().is_empty() {
                    String::new()
                } else {
                    format!("\n{}", said.trim())
                }
            ),
            Failure::Report(report) => report.clone(),
        }
    }
}

/// One document asked of a worker. The case's bytes follow the line.
#[derive(Serialize, Deserialize)]
struct Request {
    case: String,
    case_bytes: usize,
    kind: String,
    item: Option<usize>,
    format: String,
}

/// A worker's answer, one line; a made document's files follow it.
#[derive(Serialize, Deserialize)]
enum Reply {
    Ready,
    Refused(String),
    Made {
        files: Vec<usize>,
        warnings: Vec<String>,
        stem: String,
    },
    Failed(String),
}

/// A reply and the files that followed it.
type Answer = (Reply, Vec<Vec<u8>>);

/// A made document.
pub struct Output {
    /// One byte buffer per file (one for PDF, one per page for PNG and SVG).
    pub files: Vec<Vec<u8>>,
    /// Typst's warnings, readable.
    pub warnings: Vec<String>,
    /// The output file name the kind gives it, without extension.
    pub stem: String,
}

/// A running worker. Dropping it kills the process and reaps it.
pub struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    replies: Receiver<Result<Answer, String>>,
    reader: Option<JoinHandle<()>>,
    stderr: Option<JoinHandle<String>>,
    budget: Budget,
}

impl Worker {
    /// Starts a worker and waits until it is ready (its fonts found, its templates read).
    pub fn start(setup: &Setup) -> Result<Worker, Failure> {
        let exe = std::env::current_exe().map_err(|e| {
            Failure::Died(format!(
                "找不到本程序的可执行文件（cannot find the executable）：{e}"
            ))
        })?;
        let mut command = Command::new(exe);
        command
            // mimalloc reserves address space a GiB at a time: in 64 MiB steps, the cap on the
            // worker's address space follows what it really uses.
            .env("MIMALLOC_ARENA_RESERVE", "64MiB")
            .arg(SUBCOMMAND)
            .arg("--memory-limit")
            .arg(setup.budget.memory_mib.to_string())
            .arg("--templates-digest")
            .arg(&setup.templates_digest);
        if let Some(file) = crate::case::rules_file::chosen() {
            command.arg("--rules").arg(file);
        }
        if let Some(dir) = &setup.beside {
            command.arg("--beside").arg(dir);
        }
        if let Some(dir) = &setup.explicit {
            command.arg("--templates").arg(dir);
        }
        for dir in &setup.fonts.font_paths {
            command.arg("--font-path").arg(dir);
        }
        if setup.fonts.ignore_system_fonts {
            command.arg("--no-system-fonts");
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                Failure::Died(format!("无法启动排版进程（cannot start the worker）：{e}"))
            })?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let (send, replies) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            loop {
                let reply = read_reply(&mut stdout);
                let end = reply.is_err();
                if send.send(reply).is_err() || end {
                    return;
                }
            }
        });
        let stderr = std::thread::spawn(move || {
            let mut kept: Vec<u8> = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > 2 * STDERR_KEPT {
                    kept.drain(..kept.len() - STDERR_KEPT);
                }
            }
            String::from_utf8_lossy(&kept).into_owned()
        });
        let mut worker = Worker {
            child,
            stdin,
            replies,
            reader: Some(reader),
            stderr: Some(stderr),
            budget: setup.budget,
        };
        // Starting takes a fraction of a second; a machine too busy for it within the budget
        // (and at least half a minute) is not waited for.
        let wait = setup.budget.timeout.max(Duration::from_secs(30));
        match worker.answer(wait)? {
            (Reply::Ready, _) => Ok(worker),
            (Reply::Refused(message), _) => Err(Failure::Report(message)),
            _ => Err(Failure::Died(
                "排版进程的应答不合协议（unexpected reply）".into(),
            )),
        }
    }

    /// Makes one document of a case: `bytes` are the case file's, as validated.
    pub fn produce(
        &mut self,
        case: &Path,
        bytes: &[u8],
        kind: &str,
        item: Option<usize>,
        format: &Format,
    ) -> Result<Output, Failure> {
        let request = Request {
            case: case.to_string_lossy().into_owned(),
            case_bytes: bytes.len(),
            kind: kind.to_owned(),
            item,
            format: format.name(),
        };
        let mut line = serde_json::to_vec(&request).expect("a request always serialises");
        line.push(b'\n');
        // Writing to a worker gone since its last answer (killed from outside) would end this
        // process with SIGPIPE: look first.
        if !matches!(self.child.try_wait(), Ok(None)) {
            return Err(self.death());
        }
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin
                .write_all(&line)
                .and_then(|()| stdin.write_all(bytes))
                .and_then(|()| stdin.flush()),
            None => Err(std::io::Error::other("closed")),
        };
        if sent.is_err() {
            // It died before it could read: its exit says why.
            return Err(self.death());
        }
        match self.answer(self.budget.timeout)? {
            (Reply::Made { warnings, stem, .. }, files) => Ok(Output {
                files,
                warnings,
                stem,
            }),
            (Reply::Failed(report), _) => Err(Failure::Report(report)),
            _ => Err(Failure::Died(
                "排版进程的应答不合协议（unexpected reply）".into(),
            )),
        }
    }

    /// The next reply, waiting at most `wait`; past it, the worker is killed.
    fn answer(&mut self, wait: Duration) -> Result<Answer, Failure> {
        match self.replies.recv_timeout(wait) {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => Err(self.death()),
            Err(RecvTimeoutError::Timeout) => {
                self.end();
                Err(Failure::Timeout)
            }
        }
    }

    /// Why the worker stopped answering: it is reaped and its standard error read.
    fn death(&mut self) -> Failure {
        let status = self.end();
        let said = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        classify(status, &said)
    }

    /// Kills the worker if it still runs, reaps it and joins its reader.
    fn end(&mut self) -> Option<ExitStatus> {
        self.stdin = None;
        let _ = self.child.kill();
        let status = self.child.wait().ok();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        status
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.end();
        if let Some(stderr) = self.stderr.take() {
            let _ = stderr.join();
        }
    }
}

/// A dead worker's failure: out of memory if the allocator said so.
fn classify(status: Option<ExitStatus>, said: &str) -> Failure {
    let out_of_memory = said.contains("memory allocation of")
        || said.contains("unable to allocate")
        || said.contains("out of memory")
        || said.contains("Cannot allocate memory");
    if out_of_memory {
        Failure::Memory
    } else {
        let status = status.map(|s| format!("（{s}）")).unwrap_or_default();
        Failure::Died(format!("{status}{said}"))
    }
}

fn read_reply(from: &mut impl BufRead) -> Result<Answer, String> {
    let mut line = String::new();
    match from.read_line(&mut line) {
        Ok(0) => return Err("end".into()),
        Ok(_) => {}
        Err(e) => return Err(e.to_string()),
    }
    let reply: Reply = serde_json::from_str(&line).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    if let Reply::Made { files: sizes, .. } = &reply {
        for &size in sizes {
            let mut bytes = vec![0; size];
            from.read_exact(&mut bytes).map_err(|e| e.to_string())?;
            files.push(bytes);
        }
    }
    Ok((reply, files))
}

/// The worker's command line (the hidden subcommand; only this program starts it).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long)]
    memory_limit: u64,
    #[arg(long)]
    templates_digest: String,
    #[arg(long)]
    beside: Option<PathBuf>,
    #[arg(long)]
    templates: Option<PathBuf>,
    #[arg(long = "font-path")]
    font_paths: Vec<PathBuf>,
    #[arg(long)]
    no_system_fonts: bool,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

/// Runs a worker until its standard input ends.
pub fn run(args: Args) -> Result<(), crate::cli::error::CliError> {
    // One thread, as each of the batch's workers: Typst's parallel work inside a document
    // runs on it too, with the stack deep layouts need.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "xunshi-worker".into())
        .stack_size(STACK_BYTES)
        .panic_handler(crate::guard::spawned_panic)
        .build();
    let served = pool
        .map_err(|e| e.to_string())
        .and_then(|pool| pool.install(|| serve(&args)).map_err(|e| e.to_string()));
    served.map_err(|e| {
        crate::cli::error::CliError::input(format!("排版进程出错（worker error）：{e}"))
    })
}

/// The case a worker made its last document of, kept for the next documents of that case.
struct Current {
    bytes: Vec<u8>,
    loaded: Result<LoadedCase, String>,
    unprintable: Result<Vec<Unprintable>, String>,
}

fn serve(args: &Args) -> std::io::Result<()> {
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = std::io::BufWriter::new(std::io::stdout().lock());
    let composer = worker_composer(args);
    let composer = match composer {
        Ok(composer) => composer,
        Err(message) => return send(&mut output, &Reply::Refused(message), &[]),
    };
    let engine = Engine::new(&FontOptions {
        font_paths: args.font_paths.clone(),
        ignore_system_fonts: args.no_system_fonts,
    });
    // The budget is what documents may take on top of what the worker holds once started
    // (the program's own image with its bundled fonts, thread stacks: about half a GiB).
    limit_memory(args.memory_limit);
    send(&mut output, &Reply::Ready, &[])?;
    let mut current: Option<Current> = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let request: Request = serde_json::from_str(&line).map_err(std::io::Error::other)?;
        let mut bytes = vec![0; request.case_bytes];
        input.read_exact(&mut bytes)?;
        let path = PathBuf::from(&request.case);
        if current.as_ref().is_none_or(|c| c.bytes != bytes) {
            let loaded = crate::guard::guarded(|| {
                case::load_source(&path, &bytes).map_err(|d| case::render_report(&d))
            })
            .unwrap_or_else(Err);
            let unprintable = match &loaded {
                Ok(loaded) => {
                    crate::guard::guarded(|| crate::produce::unprintable(&engine, &loaded.case))
                }
                Err(_) => Ok(Vec::new()),
            };
            current = Some(Current {
                bytes,
                loaded,
                unprintable,
            });
        }
        let current = current.as_ref().expect("set above");
        let result = make(&engine, &composer, current, &request);
        match result {
            Ok(made) => {
                let sizes = made.files.iter().map(Vec::len).collect();
                let reply = Reply::Made {
                    files: sizes,
                    warnings: made.warnings,
                    stem: made.stem,
                };
                send(&mut output, &reply, &made.files)?;
            }
            Err(report) => send(&mut output, &Reply::Failed(report), &[])?,
        }
    }
}

fn make(
    engine: &Engine,
    composer: &Composer,
    current: &Current,
    request: &Request,
) -> Result<Output, String> {
    let loaded = current.loaded.as_ref().map_err(Clone::clone)?;
    let unprintable = current.unprintable.as_ref().map_err(Clone::clone)?;
    let kind = crate::compose::kinds::find(composer.kinds(), &request.kind)?;
    let format = Format::from_name(&request.format)
        .ok_or_else(|| format!("排版进程不认识输出格式 {}", request.format))?;
    let selection = Selection {
        kind,
        item: request.item,
    };
    let produced = produce_checked(
        engine,
        composer,
        &loaded.case,
        &selection,
        &format,
        unprintable,
    )
    .map_err(|e| e.report(Some(loaded)))?;
    Ok(Output {
        files: produced.files,
        warnings: produced.warnings,
        stem: produced.composed.file_stem,
    })
}

/// The worker's template set, refused if it is not the one the parent read.
fn worker_composer(args: &Args) -> Result<Composer, String> {
    let composer = crate::compose::folders::composer_over([
        args.beside.as_deref(),
        args.templates.as_deref(),
    ])?;
    if crate::compose::folders::digest(&composer) != args.templates_digest {
        return Err(
            "模板在生成过程中被修改，本文档未生成，请重新生成（the templates changed during the build）"
                .into(),
        );
    }
    Ok(composer)
}

fn send(to: &mut impl Write, reply: &Reply, files: &[Vec<u8>]) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(reply).map_err(std::io::Error::other)?;
    line.push(b'\n');
    to.write_all(&line)?;
    for file in files {
        to.write_all(file)?;
    }
    to.flush()
}

/// Caps the process's address space at what it uses now plus `mib` MiB.
#[cfg(target_os = "linux")]
fn limit_memory(mib: u64) {
    // The size of the address space in use, in KiB (`VmSize:   473748 kB`).
    let in_use = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmSize:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .unwrap_or(0);
    let bytes = in_use
        .saturating_mul(1024)
        .saturating_add(mib.saturating_mul(1024 * 1024)) as libc::rlim_t;
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
    let set = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
    if set != 0 {
        eprintln!(
            "提示：无法设置排版进程的内存上限（cannot limit memory）：{}",
            std::io::Error::last_os_error()
        );
    }
}

/// No memory cap but on Linux (macOS does not enforce `RLIMIT_AS`, Windows has no such
/// limit): only the time budget applies there.
#[cfg(not(target_os = "linux"))]
fn limit_memory(_mib: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_allocation_failure_is_told_apart_from_other_deaths() {
        assert_eq!(
            classify(None, "memory allocation of 1073741824 bytes failed\n"),
            Failure::Memory
        );
        assert!(matches!(classify(None, "boom"), Failure::Died(_)));
    }
}
