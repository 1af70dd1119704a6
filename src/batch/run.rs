//! One build: discover the case files, validate them all, plan every document each supports,
//! skip those whose inputs are unchanged, produce the rest in parallel on one shared engine,
//! write each atomically and record it in the manifest. A broken case or document is reported
//! and the run goes on.

use super::discover::case_files;
use super::manifest::{Entry, Fingerprint, Manifest};
use super::names::safe_file_name;
use super::progress::Progress;
use crate::case::{self, LoadedCase};
use crate::compose::Composer;
use crate::compose::document::file_stem;
use crate::compose::templates::LAYOUT_LIBRARY;
use crate::compose::view::Selection;
use crate::produce::{Format, produce_checked};
use crate::typeset::Engine;
use crate::typeset::export::write_atomically;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
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
    pub elapsed: Duration,
}

impl Summary {
    pub fn succeeded(&self) -> bool {
        self.invalid_cases == 0 && self.failed == 0
    }
}

/// A valid case and what its documents are made with. The parsed case is not kept: a batch
/// of thousands would hold them all; each is parsed again when its documents are made.
struct ValidCase {
    path: PathBuf,
    bytes: Vec<u8>,
    /// Index into the composers of the run.
    composer: usize,
    /// The case's output folder name inside the output folder.
    folder: String,
}

/// A case file's bytes and planned documents, or the readable report of why it is invalid.
type Checked = Result<(Vec<u8>, Vec<PlannedDoc>), String>;

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

/// Runs a build, reporting through `progress`. Errors that stop the whole run (no such path,
/// an output folder that cannot be made, broken templates) are returned as messages.
pub fn build(
    options: &BuildOptions,
    engine: &Engine,
    progress: &dyn Progress,
) -> Result<Summary, String> {
    let started = Instant::now();
    let files = case_files(&options.paths)?;
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

    // 1. The template sets: the built-ins shadowed by `--templates`, and per folder of cases
    // by a `templates/` folder beside them.
    let mut composers: Vec<(Option<PathBuf>, Composer)> = Vec::new();
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
                    crate::cli::templates::composer_for(Some(path), options.templates.as_deref())?;
                composers.push((beside, composer));
                composers.len() - 1
            }
        };
        composer_of.push(index);
    }

    // 2. Validate every case first, in parallel; report the invalid ones and go on. Only what
    // planning needs is kept of each parsed case: (kind index, item, output stem).
    let checked: Vec<(PathBuf, Checked)> = files
        .par_iter()
        .zip(&composer_of)
        .map(|(path, &c)| {
            let composer = &composers[c].1;
            let planned = load(path).map(|(loaded, bytes)| {
                let docs = composer
                    .all_selections(&loaded.case)
                    .iter()
                    .map(|sel| PlannedDoc {
                        kind: composer
                            .kinds()
                            .iter()
                            .position(|k| k == sel.kind)
                            .unwrap_or(0),
                        item: sel.item,
                        stem: file_stem(&loaded.case, sel),
                    })
                    .collect();
                (bytes, docs)
            });
            (path.clone(), planned)
        })
        .collect();
    let mut summary = Summary {
        cases: files.len(),
        ..Summary::default()
    };
    let mut cases = Vec::new();
    let mut plans = Vec::new();
    let mut folders = HashSet::new();
    for ((path, result), composer) in checked.into_iter().zip(composer_of) {
        match result {
            Err(report) => {
                summary.invalid_cases += 1;
                progress.failure(&path.display().to_string(), &report);
            }
            Ok((bytes, planned)) => {
                let folder = unique_folder(&path, &mut folders);
                plans.push(planned);
                cases.push(ValidCase {
                    path,
                    bytes,
                    composer,
                    folder,
                });
            }
        }
    }
    if let Some(wanted) = &options.kinds {
        for (_, composer) in &composers {
            for id in wanted {
                crate::compose::kinds::find(composer.kinds(), id)?;
            }
        }
    }

    // 3. Plan every document, skipping the fresh ones.
    let mut manifest = Manifest::load(&options.out_dir);
    let mut tasks = Vec::new();
    for (loaded, planned) in cases.iter().zip(plans) {
        let composer = &composers[loaded.composer].1;
        for doc in planned {
            let selection = Selection {
                kind: &composer.kinds()[doc.kind],
                item: doc.item,
            };
            if let Some(wanted) = &options.kinds
                && !wanted.contains(&selection.kind.id)
            {
                continue;
            }
            let output = format!(
                "{}/{}.{}",
                loaded.folder,
                safe_file_name(&doc.stem),
                options.format.extension()
            );
            let inputs = fingerprint(options, composer, loaded, &selection);
            if !options.force && manifest.is_fresh(&options.out_dir, &output, &inputs) {
                summary.skipped += 1;
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
    progress.start(tasks.len(), summary.skipped);

    // 4. Produce on `jobs` workers sharing the engine, one case at a time per worker; record
    // each success.
    let mut by_case: Vec<Vec<&Task>> = Vec::new();
    for task in &tasks {
        match by_case.last_mut() {
            Some(group) if std::ptr::eq(group[0].case, task.case) => group.push(task),
            _ => by_case.push(vec![task]),
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
                .build()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("无法启动工作线程：{e}"))?;
    let recorded = Mutex::new(BTreeMap::new());
    let next_case = AtomicUsize::new(0);
    let failures = AtomicUsize::new(0);
    let run_case = |group: &[&Task]| {
        let case = group[0].case;
        let composer = &composers[case.composer].1;
        let loaded =
            case::load_source(&case.path, &case.bytes).map_err(|d| case::render_report(&d));
        // Every document prints the same case: check its characters once.
        let unprintable = loaded
            .as_ref()
            .map(|loaded| crate::produce::unprintable(engine, &loaded.case))
            .unwrap_or_default();
        for task in group {
            let label = format!("{} → {}", case.path.display(), task.output);
            let result = loaded.as_ref().map_err(Clone::clone).and_then(|loaded| {
                let produced = produce_checked(
                    engine,
                    composer,
                    &loaded.case,
                    &task.selection,
                    &options.format,
                    &unprintable,
                )
                .map_err(|e| e.report(Some(loaded)))?;
                write_outputs(&options.out_dir, &task.output, &produced.files)
            });
            match result {
                Ok(()) => {
                    let entry = Entry {
                        case: case.path.clone(),
                        kind: task.selection.kind.id.clone(),
                        inputs: task.inputs.clone(),
                    };
                    recorded
                        .lock()
                        .expect("no thread panics holding it")
                        .insert(task.output.clone(), entry);
                    progress.done(&label);
                }
                Err(message) => {
                    failures.fetch_add(1, Ordering::Relaxed);
                    progress.failure(&label, &message);
                }
            }
        }
    };
    std::thread::scope(|scope| {
        for pool in &pools {
            scope.spawn(|| {
                pool.install(|| {
                    while let Some(group) = by_case.get(next_case.fetch_add(1, Ordering::Relaxed)) {
                        run_case(group);
                    }
                })
            });
        }
    });
    for (output, entry) in recorded.into_inner().expect("no thread panicked") {
        manifest.record(output, entry);
        summary.written += 1;
    }
    summary.failed = failures.into_inner();
    manifest
        .save(&options.out_dir)
        .map_err(|e| format!("无法写入构建清单：{e}"))?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A validated case and its file's bytes, or the readable report of why it is invalid.
type Loaded = Result<(LoadedCase, Vec<u8>), String>;

/// Loads and validates one case file; the error is the full, readable report.
fn load(path: &Path) -> Loaded {
    let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > case::MAX_FILE_BYTES);
    if too_big {
        // load_case refuses it with the limit named, without reading it whole.
        return Err(case::load_case(path)
            .err()
            .map_or_else(String::new, |d| case::render_report(&d)));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: 无法读取（cannot read）：{e}", path.display()))?;
    let loaded = case::load_source(path, &bytes).map_err(|d| case::render_report(&d))?;
    Ok((loaded, bytes))
}

/// The case's output folder: its file stem, made safe, made unique within the run.
fn unique_folder(path: &Path, taken: &mut HashSet<String>) -> String {
    let stem = safe_file_name(&path.file_stem().unwrap_or_default().to_string_lossy());
    let mut name = stem.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{stem}-{n}");
        n += 1;
    }
    name
}

/// Everything a document is made from: the case file, its kind's templates and the layout
/// library, the fonts, the output settings and the program's version.
fn fingerprint(
    options: &BuildOptions,
    composer: &Composer,
    loaded: &ValidCase,
    selection: &Selection<'_>,
) -> String {
    let mut f = Fingerprint::default();
    f.add("version", env!("CARGO_PKG_VERSION").as_bytes())
        .add("case", &loaded.bytes)
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
