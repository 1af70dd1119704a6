//! Making the planned documents: `jobs` worker threads share the engine, each taking the next
//! case and making its documents one after another (an office's own templates in a budgeted
//! worker process, [`crate::worker`]), while one writer thread writes each made document
//! atomically. A failed document is reported and the others go on.

use super::BuildOptions;
use super::error::BuildError;
use super::inputs::{case_digest, read};
use super::manifest::Entry;
use super::plan::{Task, TemplateSets, ValidCase};
use super::progress::Progress;
use crate::case;
use crate::compose::Composer;
use crate::export::write_atomically;
use crate::guard::guarded;
use crate::produce::produce_checked;
use crate::typeset::Engine;
use crate::typeset::timing::{self, Phase};
use crate::worker::{Setup, Worker};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Stack of each worker thread (reserved, committed only as used).
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// A made document on its way to the writer.
struct Made {
    /// Index of its task.
    task: usize,
    files: Vec<Vec<u8>>,
}

/// What making the documents gave: the manifest entries of the documents written, by output,
/// and how many failed.
pub(super) struct Outcome {
    pub written: BTreeMap<String, Entry>,
    pub failed: usize,
}

/// Makes and writes every task's document, reporting each through `progress`.
pub(super) fn make_documents(
    options: &BuildOptions,
    engine: &Engine,
    sets: &TemplateSets,
    tasks: &[Task<'_>],
    progress: &dyn Progress,
) -> Result<Outcome, BuildError> {
    // The tasks of a case are consecutive: one range of task indices per case.
    let mut by_case: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        match by_case.last_mut() {
            Some(group) if std::ptr::eq(tasks[group.start].case, task.case) => group.end = i + 1,
            _ => by_case.push(i..i + 1),
        }
    }
    // Each worker is a rayon pool of its own with one thread, taking the next case from a
    // shared counter. Typst and its PDF writer use rayon inside a document (pages laid out in
    // parallel, deferred values waited for by running whatever job is queued): in one pool
    // shared with the case jobs, a worker waiting inside a document picked up other cases and
    // ran them nested in it, holding several half-made documents at once, so memory grew
    // with the nesting. In its own pool a document only ever runs its own jobs.
    let workers = options.jobs.max(1).min(by_case.len().max(1));
    let pools = (0..workers)
        .map(|i| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(move |_| format!("xunshi-worker-{i}"))
                // Typst lays out long documents (many-page tables) by deep recursion: give
                // workers the stack the main thread has, not the 2 MiB threads get by default.
                .stack_size(WORKER_STACK_BYTES)
                .panic_handler(crate::guard::spawned_panic)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| BuildError::Threads(e.to_string()))?;
    let next_case = AtomicUsize::new(0);
    let failures = AtomicUsize::new(0);
    // Made documents go to one writer thread, so workers lay out the next document while the
    // last one is flushed to disk (each file is synced before its rename).
    let (to_writer, made) = std::sync::mpsc::sync_channel::<Made>(2 * workers);
    let run_case = |group: std::ops::Range<usize>,
                    to_writer: &std::sync::mpsc::SyncSender<Made>,
                    worker: &mut Option<(usize, Worker)>| {
        let case = tasks[group.start].case;
        let Ok(composer) = sets.composer(case.composer) else {
            return; // not planned: the case was reported with its template error
        };
        if let Some(setup) = &sets.setups[case.composer] {
            let fail = |index: usize, message: &str| {
                failures.fetch_add(1, Ordering::Relaxed);
                progress.failure(&tasks[index].label(), message);
            };
            isolated(tasks, group, composer, setup, worker, to_writer, &fail);
            return;
        }
        let loaded = timing::time(Phase::Load, || {
            guarded(|| load_case(case)).unwrap_or_else(Err)
        });
        // Every document prints the same case: check its characters once.
        let unprintable = timing::time(Phase::Check, || match &loaded {
            Ok(loaded) => guarded(|| crate::produce::unprintable(engine, &loaded.case)),
            Err(_) => Ok(Vec::new()),
        });
        for index in group {
            let task = &tasks[index];
            let result = loaded.as_ref().map_err(Clone::clone).and_then(|loaded| {
                let unprintable = unprintable.as_ref().map_err(Clone::clone)?;
                produce_checked(
                    engine,
                    composer,
                    &loaded.case,
                    &task.selection,
                    task.format,
                    unprintable,
                )
                .map(|produced| produced.files)
                .map_err(|e| e.report(Some(loaded)))
            });
            match result {
                Ok(files) => {
                    if to_writer.send(Made { task: index, files }).is_err() {
                        return; // the writer is gone: it panicked, which the scope reports
                    }
                }
                Err(message) => {
                    failures.fetch_add(1, Ordering::Relaxed);
                    progress.failure(&task.label(), &message);
                }
            }
        }
    };
    let recorded = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut recorded = BTreeMap::new();
            for Made { task, files } in made {
                let task = &tasks[task];
                let written = timing::time(Phase::Write, || {
                    write_outputs(&options.out_dir, &task.output, &files)
                });
                match written {
                    Ok(()) => {
                        let entry = Entry {
                            case: task.case.canonical.clone(),
                            kind: task.selection.kind.id.clone(),
                            inputs: task.inputs.clone(),
                        };
                        recorded.insert(task.output.clone(), entry);
                        progress.done(&task.label());
                    }
                    Err(message) => {
                        failures.fetch_add(1, Ordering::Relaxed);
                        progress.failure(&task.label(), &message);
                    }
                }
            }
            recorded
        });
        for pool in &pools {
            let to_writer = to_writer.clone();
            let run_case = &run_case;
            let next_case = &next_case;
            let by_case = &by_case;
            scope.spawn(move || {
                // This thread's worker process, for the template set it last used.
                let mut worker = None;
                pool.install(|| {
                    while let Some(group) = by_case.get(next_case.fetch_add(1, Ordering::Relaxed)) {
                        run_case(group.clone(), &to_writer, &mut worker);
                    }
                })
            });
        }
        // The workers hold the only senders now: the writer stops when they are done.
        drop(to_writer);
        writer.join().expect("the writer does not panic")
    });
    Ok(Outcome {
        written: recorded,
        failed: failures.into_inner(),
    })
}

/// Makes the documents of one case (tasks `group`) whose template set is not the built-in
/// one, in `worker` (started, or started again for this template set, as needed): a document
/// past its budget fails with its template named, and the next starts a fresh worker.
#[allow(clippy::too_many_arguments)]
fn isolated(
    tasks: &[Task<'_>],
    group: std::ops::Range<usize>,
    composer: &Composer,
    setup: &Setup,
    worker: &mut Option<(usize, Worker)>,
    to_writer: &std::sync::mpsc::SyncSender<Made>,
    fail: &dyn Fn(usize, &str),
) {
    let case = tasks[group.start].case;
    let bytes = read(&case.path).and_then(|bytes| {
        if case_digest(&case.path, &bytes) == case.digest {
            Ok(bytes)
        } else {
            Err(changed(&case.path))
        }
    });
    for index in group {
        let task = &tasks[index];
        let bytes = match &bytes {
            Ok(bytes) => bytes,
            Err(message) => {
                fail(index, message);
                continue;
            }
        };
        if worker.as_ref().is_none_or(|(c, _)| *c != case.composer) {
            *worker = None; // the last one, for another template set, ends here
            match Worker::start(setup) {
                Ok(started) => *worker = Some((case.composer, started)),
                Err(failure) => {
                    fail(
                        index,
                        &failure.message(&template_of(composer, task), &setup.budget),
                    );
                    continue;
                }
            }
        }
        let (_, running) = worker.as_mut().expect("started above");
        let made = timing::time(Phase::Compile, || {
            running.produce(
                &case.path,
                bytes,
                &task.selection.kind.id,
                task.selection.item,
                task.format,
            )
        });
        match made {
            Ok(output) => {
                let files = output.files;
                if to_writer.send(Made { task: index, files }).is_err() {
                    return;
                }
            }
            Err(failure) => {
                if failure.ends_worker() {
                    *worker = None;
                }
                fail(
                    index,
                    &failure.message(&template_of(composer, task), &setup.budget),
                );
            }
        }
    }
}

/// The template a document's kind is made with, as the user can open it.
fn template_of(composer: &Composer, task: &Task<'_>) -> String {
    composer
        .templates()
        .shown_name(&task.selection.kind.template_name())
}

/// The failure of a case file changed since it was planned.
fn changed(path: &Path) -> String {
    format!(
        "{}: 案卷在本次生成过程中被修改，请重新生成（the case file changed during the build）",
        path.display()
    )
}

/// Reads and parses a case planned for this run, refusing one changed since planning.
fn load_case(case: &ValidCase) -> Result<case::LoadedCase, String> {
    let bytes = read(&case.path)?;
    if case_digest(&case.path, &bytes) != case.digest {
        return Err(changed(&case.path));
    }
    case::load_source(&case.path, &bytes).map_err(|d| case::render_report(&d))
}

/// Writes a document's files atomically: one file, or one per page (`name-1.png`, …).
fn write_outputs(out_dir: &Path, output: &str, files: &[Vec<u8>]) -> Result<(), String> {
    let target = out_dir.join(output);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("无法创建目录 {}：{e}", parent.display()))?;
    }
    let paths: Vec<PathBuf> = if files.len() == 1 {
        vec![target.clone()]
    } else {
        let stem = target.file_stem().unwrap_or_default().to_string_lossy();
        let ext = target.extension().unwrap_or_default().to_string_lossy();
        (1..=files.len())
            .map(|i| target.with_file_name(format!("{stem}-{i}.{ext}")))
            .collect()
    };
    for (path, bytes) in paths.iter().zip(files) {
        write_atomically(path, bytes)
            .map_err(|e| format!("无法写入 {}（cannot write）：{e}", path.display()))?;
    }
    Ok(())
}
