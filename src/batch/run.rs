//! One build: discover the case files, validate them all, plan every document each supports,
//! skip those whose inputs are unchanged, produce the rest in parallel on one shared engine,
//! write each atomically and record it in the manifest. A broken case, template set or
//! document is reported and the run goes on. Each case's documents go to the folder of its
//! organisation ([`super::folders`]); what an earlier build wrote and this one no longer
//! produces is moved to `过期/`.

use super::discover::case_files;
use super::folders::{self, EXPIRED_DIR};
use super::manifest::{CasePlan, Entry, Fingerprint, Manifest, PlannedDocument};
use super::names::safe_file_name;
use super::progress::Progress;
use crate::case;
use crate::compose::Composer;
use crate::compose::templates::LAYOUT_LIBRARY;
use crate::compose::view::Selection;
use crate::guard::guarded;
use crate::produce::{Format, produce_checked};
use crate::typeset::export::write_atomically;
use crate::typeset::timing::{self, Phase};
use crate::typeset::{Engine, FontOptions};
use crate::worker::{Budget, Setup, Worker};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Stack of each worker thread (reserved, committed only as used).
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub paths: Vec<PathBuf>,
    pub out_dir: PathBuf,
    /// Only these kinds (ids); `None` for every kind a case supports.
    pub kinds: Option<Vec<String>>,
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Rebuild even documents whose inputs are unchanged.
    pub force: bool,
    pub format: Format,
    /// `--templates DIR`, shadowing the built-ins for every case.
    pub templates: Option<PathBuf>,
    /// Font settings, part of every document's fingerprint.
    pub fonts_fingerprint: String,
    /// The fonts, for the workers that make documents from templates not the built-in ones.
    pub fonts: FontOptions,
    /// How long one document from such templates may take, and how much memory.
    pub budget: Budget,
}

/// How a build went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub cases: usize,
    /// Case files refused by validation.
    pub invalid_cases: usize,
    pub written: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Valid case files none of whose documents could be made: their template set is broken.
    pub unbuilt_cases: usize,
    /// Documents an earlier build wrote that this one no longer produces, as moved: (where
    /// they were, where they are now under `过期/`), relative to the output folder.
    pub expired: Vec<(String, String)>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn succeeded(&self) -> bool {
        self.invalid_cases == 0 && self.failed == 0 && self.unbuilt_cases == 0
    }
}

/// A valid case and what its documents are made with. The parsed case is not kept: a batch
/// of thousands would hold them all; each is parsed again when its documents are made.
struct ValidCase {
    path: PathBuf,
    /// Its canonical path: how the manifest knows it, whatever path names it.
    canonical: PathBuf,
    /// [`case_digest`] of the bytes it was validated and planned from. The bytes themselves
    /// are read again when its documents are made: a batch of thousands does not hold them.
    digest: String,
    /// Index into the composers of the run.
    composer: usize,
    /// The case's output folder name inside the output folder.
    folder: String,
}

/// A valid case file as planning found it.
struct Planned {
    /// [`case_digest`] of its bytes.
    digest: String,
    /// `unit.short_name`, which names its folder.
    organisation: String,
    documents: Vec<PlannedDoc>,
    /// The plan to record, when it was planned anew.
    new_plan: Option<CasePlan>,
}

/// Why a case file's documents cannot be planned.
enum Refused {
    /// The case is invalid: the readable report.
    Invalid(String),
    /// Its template set is broken: the error, at its file:line:column.
    Templates(String),
}

type Checked = Result<Planned, Refused>;

/// A document a valid case supports, as planning needs it.
struct PlannedDoc {
    /// Index into the composer's kinds.
    kind: usize,
    item: Option<usize>,
    stem: String,
}

/// One document to make.
struct Task<'a> {
    case: &'a ValidCase,
    selection: Selection<'a>,
    /// Output path relative to the output folder, without page suffixes.
    output: String,
    inputs: String,
}

impl Task<'_> {
    /// How progress and failures name the document.
    fn label(&self) -> String {
        format!("{} → {}", self.case.path.display(), self.output)
    }
}

/// A made document on its way to the writer.
struct Made {
    /// Index of its task.
    task: usize,
    files: Vec<Vec<u8>>,
}

/// Runs a build, reporting through `progress`. Errors that stop the whole run (no such path,
/// an output folder that cannot be made, broken templates) are returned as messages.
pub fn build(
    options: &BuildOptions,
    engine: &Engine,
    progress: &dyn Progress,
) -> Result<Summary, String> {
    let started = Instant::now();
    // One case file named twice (by two paths, or through a link) is one case.
    let mut seen = HashSet::new();
    let (files, canonicals): (Vec<PathBuf>, Vec<PathBuf>) = case_files(&options.paths)?
        .into_iter()
        .map(|path| {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            (path, canonical)
        })
        .filter(|(_, canonical)| seen.insert(canonical.clone()))
        .unzip();
    if files.is_empty() {
        return Err("没有找到案卷文件（*.yaml / *.yml）（no case files found）".into());
    }
    std::fs::create_dir_all(&options.out_dir).map_err(|e| {
        format!(
            "无法创建输出目录 {}（cannot create output folder）：{e}",
            options.out_dir.display()
        )
    })?;
    remove_stale_parts(&options.out_dir);

    // 1. The template sets: the built-ins shadowed by `--templates` (broken, it stops the run:
    // every case uses it), and per folder of cases by a `templates/` folder beside them
    // (broken, only the cases of that folder fail).
    let mut composers: Vec<(Option<PathBuf>, Result<Composer, String>)> = vec![(
        None,
        Ok(crate::cli::templates::composer_for(
            None,
            options.templates.as_deref(),
        )?),
    )];
    let mut composer_of = Vec::with_capacity(files.len());
    for path in &files {
        let beside = path
            .parent()
            .map(|d| d.join("templates"))
            .filter(|d| d.is_dir());
        let index = match composers.iter().position(|(b, _)| *b == beside) {
            Some(i) => i,
            None => {
                let composer =
                    crate::cli::templates::composer_for(Some(path), options.templates.as_deref());
                composers.push((beside, composer));
                composers.len() - 1
            }
        };
        composer_of.push(index);
    }

    // 2. Validate every case first, in parallel; report the invalid ones and go on. Only what
    // planning needs is kept of each parsed case: (kind index, item, output stem). A case file
    // unchanged since the last build into this folder, with the same templates, was valid then
    // and supports the same documents now: its plan is taken from the manifest unparsed.
    let mut manifest = Manifest::load(&options.out_dir);
    let template_digests: Vec<String> = composers
        .iter()
        .map(|(_, composer)| composer.as_ref().map(templates_digest).unwrap_or_default())
        .collect();
    // Templates not the built-in ones (a folder beside the cases, `--templates`) are an
    // office's own programs: their documents are made by workers with a budget.
    let setups: Vec<Option<Setup>> = composers
        .iter()
        .zip(&template_digests)
        .map(|((beside, _), digest)| {
            (beside.is_some() || options.templates.is_some()).then(|| Setup {
                beside: beside.clone(),
                explicit: options.templates.clone(),
                fonts: options.fonts.clone(),
                templates_digest: digest.clone(),
                budget: options.budget,
            })
        })
        .collect();
    let checked: Vec<Checked> = files
        .par_iter()
        .zip(&canonicals)
        .zip(&composer_of)
        .map(|((path, canonical), &c)| {
            let composer = composers[c]
                .1
                .as_ref()
                .map_err(|e| Refused::Templates(e.clone()))?;
            let bytes = read(path).map_err(Refused::Invalid)?;
            let digest = case_digest(&bytes);
            let inputs = plan_fingerprint(&template_digests[c], &digest);
            let known = manifest.plan(canonical, &inputs).and_then(|plan| {
                Some((
                    plan.organisation.clone()?,
                    from_plan(composer, &plan.documents)?,
                ))
            });
            if let Some((organisation, documents)) = known {
                return Ok(Planned {
                    digest,
                    organisation,
                    documents,
                    new_plan: None,
                });
            }
            let loaded = case::load_source(path, &bytes)
                .map_err(|d| Refused::Invalid(case::render_report(&d)))?;
            let docs: Vec<PlannedDoc> = composer
                .documents(&loaded.case)
                .into_iter()
                .map(|(sel, stem)| PlannedDoc {
                    kind: composer
                        .kinds()
                        .iter()
                        .position(|k| k == sel.kind)
                        .unwrap_or(0),
                    item: sel.item,
                    stem,
                })
                .collect();
            let plan = CasePlan {
                inputs,
                documents: docs
                    .iter()
                    .map(|doc| PlannedDocument {
                        kind: composer.kinds()[doc.kind].id.clone(),
                        item: doc.item,
                        stem: doc.stem.clone(),
                    })
                    .collect(),
                organisation: Some(loaded.case.unit.short_name.clone()),
            };
            Ok(Planned {
                digest,
                organisation: loaded.case.unit.short_name.clone(),
                documents: docs,
                new_plan: Some(plan),
            })
        })
        .collect();
    let mut summary = Summary {
        cases: files.len(),
        ..Summary::default()
    };
    let mut cases = Vec::new();
    let mut plans = Vec::new();
    // A folder whose case file is gone is free again (its documents expire below); every
    // valid case keeps the folder of its organisation it owns, or gets a free one.
    let used: HashSet<usize> = composer_of.iter().copied().collect();
    folders::release_gone(&mut manifest.folders);
    manifest.cases.retain(|case, _| !folders::is_gone(case));
    for (((path, canonical), result), composer) in files
        .into_iter()
        .zip(canonicals)
        .zip(checked)
        .zip(composer_of)
    {
        match result {
            Err(Refused::Invalid(report)) => {
                summary.invalid_cases += 1;
                progress.failure(&path.display().to_string(), &report);
                manifest.cases.remove(&*canonical.to_string_lossy());
            }
            Err(Refused::Templates(report)) => {
                summary.unbuilt_cases += 1;
                progress.unbuilt(&path.display().to_string(), &report);
            }
            Ok(planned) => {
                if let Some(plan) = planned.new_plan {
                    manifest.record_plan(&canonical, plan);
                }
                let folder = folders::assign(
                    &mut manifest.folders,
                    &canonical.to_string_lossy(),
                    &safe_file_name(&planned.organisation),
                );
                plans.push(planned.documents);
                cases.push(ValidCase {
                    path,
                    canonical,
                    digest: planned.digest,
                    composer,
                    folder,
                });
            }
        }
    }
    if let Some(wanted) = &options.kinds {
        let used = composers
            .iter()
            .enumerate()
            .filter(|(i, _)| used.contains(i))
            .filter_map(|(_, (_, c))| c.as_ref().ok());
        for composer in used {
            for id in wanted {
                crate::compose::kinds::find(composer.kinds(), id)?;
            }
        }
    }

    // 3. Plan every document, skipping the fresh ones. Every document a valid case supports
    // is this build's, asked for or not (`--docs`): only the others can have expired. Two
    // documents that would have one file name (on a file system blind to letter case) are
    // not both made: the second fails.
    let mut tasks = Vec::new();
    let mut outputs: HashSet<String> = HashSet::new();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut clashes = Vec::new();
    for (loaded, planned) in cases.iter().zip(plans) {
        let composer = composers[loaded.composer]
            .1
            .as_ref()
            .expect("valid cases have a working template set");
        for doc in planned {
            let selection = Selection {
                kind: &composer.kinds()[doc.kind],
                item: doc.item,
            };
            let output = format!(
                "{}/{}.{}",
                loaded.folder,
                safe_file_name(&doc.stem),
                options.format.extension()
            );
            outputs.insert(output.clone());
            let label = format!("{} → {output}", loaded.path.display());
            if let Some(wanted) = &options.kinds
                && !wanted.contains(&selection.kind.id)
            {
                continue;
            }
            let kind_name = &selection.kind.name;
            match names.entry(output.to_lowercase()) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    clashes.push((
                        label,
                        format!(
                            "与《{}》同名，未写出（two documents would have the same file name）：请为其中一个文种另起输出文件名（output），或修改条目编号",
                            first.get()
                        ),
                    ));
                    continue;
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(kind_name.clone());
                }
            }
            let inputs = fingerprint(options, composer, loaded, &selection);
            if !options.force && manifest.is_fresh(&options.out_dir, &output, &inputs) {
                summary.skipped += 1;
                if let Some(entry) = manifest.documents.get_mut(&output) {
                    entry.case = loaded.canonical.clone(); // a renamed file, same bytes
                }
                continue;
            }
            tasks.push(Task {
                case: loaded,
                selection,
                output,
                inputs,
            });
        }
    }
    progress.start(tasks.len() + clashes.len(), summary.skipped);
    for (label, message) in &clashes {
        progress.failure(label, message);
    }

    // 4. Produce on `jobs` workers sharing the engine, one case at a time per worker; record
    // each success.
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
        .map_err(|e| format!("无法启动工作线程：{e}"))?;
    let next_case = AtomicUsize::new(0);
    let failures = AtomicUsize::new(0);
    // Made documents go to one writer thread, so workers lay out the next document while the
    // last one is flushed to disk (each file is synced before its rename).
    let (to_writer, made) = std::sync::mpsc::sync_channel::<Made>(2 * workers);
    let run_case = |group: std::ops::Range<usize>,
                    to_writer: &std::sync::mpsc::SyncSender<Made>,
                    worker: &mut Option<(usize, Worker)>| {
        let case = tasks[group.start].case;
        let Ok(composer) = &composers[case.composer].1 else {
            return; // not planned: the case was reported with its template error
        };
        if let Some(setup) = &setups[case.composer] {
            let fail = |index: usize, message: &str| {
                failures.fetch_add(1, Ordering::Relaxed);
                progress.failure(&tasks[index].label(), message);
            };
            isolated(
                &tasks, group, composer, setup, options, worker, to_writer, &fail,
            );
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
                    &options.format,
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
    for (output, entry) in recorded {
        manifest.record(output, entry);
        summary.written += 1;
    }
    summary.failed = failures.into_inner() + clashes.len();

    // 5. What an earlier build wrote and this one no longer produces: the documents of the
    // valid cases of this run it did not plan, and those of case files that are gone. They
    // go to 过期/ (an office may have sent them; they must not stand beside the current
    // ones). The documents of cases not in this run, or invalid in it, are left alone.
    let valid: HashSet<String> = cases
        .iter()
        .map(|c| c.canonical.to_string_lossy().into_owned())
        .collect();
    let stale: Vec<String> = manifest
        .documents
        .iter()
        .filter(|(output, entry)| {
            let owner = entry.case.to_string_lossy();
            !outputs.contains(*output) && (valid.contains(&*owner) || folders::is_gone(&owner))
        })
        .map(|(output, _)| output.clone())
        .collect();
    for output in stale {
        match folders::expire(&options.out_dir, &output) {
            Ok(moved) => {
                manifest.documents.remove(&output);
                summary
                    .expired
                    .extend(moved.into_iter().map(|to| (output.clone(), to)));
            }
            Err(message) => {
                summary.failed += 1;
                progress.failure(&format!("{output} → {EXPIRED_DIR}/"), &message);
            }
        }
    }
    manifest
        .save(&options.out_dir)
        .map_err(|e| format!("无法写入构建清单：{e}"))?;
    summary.elapsed = started.elapsed();
    if timing::enabled() {
        eprint!("{}", timing::report());
    }
    Ok(summary)
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
    options: &BuildOptions,
    worker: &mut Option<(usize, Worker)>,
    to_writer: &std::sync::mpsc::SyncSender<Made>,
    fail: &dyn Fn(usize, &str),
) {
    let case = tasks[group.start].case;
    let bytes = read(&case.path).and_then(|bytes| {
        if case_digest(&bytes) == case.digest {
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
                &options.format,
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
    if case_digest(&bytes) != case.digest {
        return Err(changed(&case.path));
    }
    case::load_source(&case.path, &bytes).map_err(|d| case::render_report(&d))
}

/// Reads a case file; the error is the full, readable report.
fn read(path: &Path) -> Result<Vec<u8>, String> {
    let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > case::MAX_FILE_BYTES);
    if too_big {
        // load_case refuses it with the limit named, without reading it whole.
        return Err(case::load_case(path)
            .err()
            .map_or_else(String::new, |d| case::render_report(&d)));
    }
    std::fs::read(path).map_err(|e| format!("{}: 无法读取（cannot read）：{e}", path.display()))
}

/// The program that makes the documents: its version and a digest of its source, so a build
/// of changed code (same version number) does not take an earlier build's documents as fresh.
const PROGRAM: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("XUNSHI_SOURCE_DIGEST"));

/// A digest of a case file's bytes, standing for them in every fingerprint.
fn case_digest(bytes: &[u8]) -> String {
    let mut f = Fingerprint::default();
    f.add("case", bytes);
    f.hex()
}

/// The fingerprint of what a case's list of documents follows from: its bytes
/// ([`case_digest`]), its template set ([`templates_digest`]) and the program (which validates
/// and selects).
fn plan_fingerprint(templates: &str, case: &str) -> String {
    let mut f = Fingerprint::default();
    f.add("program", PROGRAM.as_bytes())
        .add("templates", templates.as_bytes())
        .add("case", case.as_bytes());
    f.hex()
}

/// A digest of every file of a template set (the kinds' manifests decide which documents a
/// case supports).
pub(crate) fn templates_digest(composer: &Composer) -> String {
    let mut f = Fingerprint::default();
    for (name, text) in composer.templates().files_under("") {
        f.add(name, text.as_bytes());
    }
    f.hex()
}

/// The planned documents of a recorded plan, or `None` if a kind it names is gone.
fn from_plan(composer: &Composer, documents: &[PlannedDocument]) -> Option<Vec<PlannedDoc>> {
    documents
        .iter()
        .map(|doc| {
            Some(PlannedDoc {
                kind: composer.kinds().iter().position(|k| k.id == doc.kind)?,
                item: doc.item,
                stem: doc.stem.clone(),
            })
        })
        .collect()
}

/// Everything a document is made from: the case file, its kind's templates and the layout
/// library, the fonts, the output settings and the program (version and source digest).
fn fingerprint(
    options: &BuildOptions,
    composer: &Composer,
    loaded: &ValidCase,
    selection: &Selection<'_>,
) -> String {
    let mut f = Fingerprint::default();
    f.add("program", PROGRAM.as_bytes())
        .add("case", loaded.digest.as_bytes())
        .add("kind", selection.kind.id.as_bytes())
        .add("item", format!("{:?}", selection.item).as_bytes())
        .add("format", options.format.fingerprint().as_bytes())
        .add("fonts", options.fonts_fingerprint.as_bytes());
    // The files this kind is made with: its manifest and template, the shared partials and
    // the layout library; touching another kind's template leaves this document alone.
    let own = [
        format!("kinds/{}.kind.yaml", selection.kind.id),
        selection.kind.template_name(),
    ];
    for (name, text) in composer.templates().files_under("") {
        if own.iter().any(|o| o == name) || name.starts_with("partials/") || name == LAYOUT_LIBRARY
        {
            f.add(name, text.as_bytes());
        }
    }
    f.hex()
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

/// Removes temporary files a killed run left behind (`.xunshi-*.part`), so the output folder
/// holds only complete documents.
fn remove_stale_parts(out_dir: &Path) {
    for entry in walkdir::WalkDir::new(out_dir).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.starts_with(".xunshi-") && name.ends_with(".part") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::export::PdfSettings;
    use crate::typeset::{Engine, FontOptions};

    use std::sync::Mutex;

    const CASE: &str = include_str!("../../tests/fixtures/compose/base.yaml");

    #[test]
    fn the_program_is_named_by_its_version_and_a_digest_of_its_source() {
        let (version, digest) = PROGRAM.split_once('+').unwrap();
        assert_eq!(version, env!("CARGO_PKG_VERSION"));
        assert_eq!(digest.len(), 16);
        assert!(digest.chars().all(|c| c.is_ascii_hexdigit()), "{digest}");
    }

    /// Counts what a build reports.
    #[derive(Default)]
    struct Count(Mutex<(usize, usize)>);

    impl Progress for Count {
        fn start(&self, _: usize, _: usize) {}
        fn done(&self, _: &str) {
            self.0.lock().unwrap().0 += 1;
        }
        fn failure(&self, _: &str, _: &str) {
            self.0.lock().unwrap().1 += 1;
        }
        fn finish(&self) {}
    }

    fn run(engine: &Engine, cases: &Path, out: &Path) -> Summary {
        let options = BuildOptions {
            paths: vec![cases.to_path_buf()],
            out_dir: out.to_path_buf(),
            kinds: Some(vec!["review-opinion".into()]),
            jobs: 2,
            force: false,
            format: Format::Pdf(PdfSettings::default()),
            templates: None,
            fonts_fingerprint: engine.fonts().typst_module(),
            fonts: FontOptions::bundled_only(),
            budget: Budget::default(),
        };
        let mut summary = build(&options, engine, &Count::default()).unwrap();
        summary.elapsed = Duration::ZERO;
        summary
    }

    #[test]
    fn an_unchanged_case_is_planned_from_the_manifest_and_a_changed_one_validated_again() {
        let engine = Engine::new(&FontOptions::bundled_only());
        let dir = tempfile::tempdir().unwrap();
        let (cases, out) = (dir.path().join("cases"), dir.path().join("out"));
        std::fs::create_dir_all(&cases).unwrap();
        let case = cases.join("a.yaml");
        std::fs::write(&case, CASE).unwrap();
        let first = run(&engine, &cases, &out);
        assert_eq!(
            (first.written, first.skipped, first.invalid_cases),
            (1, 0, 0)
        );
        let manifest = Manifest::load(&out);
        assert_eq!(manifest.cases.len(), 1, "the case's plan is recorded");

        // Unchanged: planned from the manifest, nothing to do.
        let second = run(&engine, &cases, &out);
        assert_eq!(
            (second.written, second.skipped, second.invalid_cases),
            (0, 1, 0)
        );

        // Made invalid: validated again, reported, and its plan forgotten.
        std::fs::write(
            &case,
            CASE.replace("feedback_date: 2022-07-15", "feedback_date: 7"),
        )
        .unwrap();
        let third = run(&engine, &cases, &out);
        assert_eq!(
            (third.written, third.skipped, third.invalid_cases),
            (0, 0, 1)
        );
        assert!(Manifest::load(&out).cases.is_empty());

        // Back as it was: valid again, and its document is still fresh.
        std::fs::write(&case, CASE).unwrap();
        let fourth = run(&engine, &cases, &out);
        assert_eq!(
            (fourth.written, fourth.skipped, fourth.invalid_cases),
            (0, 1, 0)
        );

        // A plan that names a kind the templates no longer have is not trusted.
        let mut manifest = Manifest::load(&out);
        for plan in manifest.cases.values_mut() {
            plan.documents[0].kind = "no-such-kind".into();
        }
        manifest.save(&out).unwrap();
        let fifth = run(&engine, &cases, &out);
        assert_eq!(
            (fifth.written, fifth.skipped, fifth.invalid_cases),
            (0, 1, 0)
        );
    }
}
