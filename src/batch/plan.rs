//! The first stages of a build, up to the list of documents to make: the case files found
//! ([`find_cases`]), the template set each is made with ([`TemplateSets`]), every case
//! checked and its documents listed ([`check_cases`], [`admit_cases`]), and those documents
//! planned against the manifest, the fresh ones skipped ([`plan_documents`]). Nothing here
//! lays a document out.

use super::discover::case_files;
use super::error::BuildError;
use super::folders;
use super::inputs::{case_digest, fingerprint, plan_fingerprint, read};
use super::manifest::{CasePlan, Manifest, RecordedDocument};
use super::names::safe_file_name;
use super::progress::Progress;
use super::{BuildOptions, Summary};
use crate::case;
use crate::compose::Composer;
use crate::compose::folders::digest as templates_digest;
use crate::compose::folders::{beside, composer_for};
use crate::compose::view::Selection;
use crate::produce::Format;
use crate::worker::Setup;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// The case files of a run, each once, with the canonical path the manifest knows it by.
pub(super) struct FoundCases {
    pub files: Vec<PathBuf>,
    pub canonicals: Vec<PathBuf>,
}

/// The case files under the run's paths; one file named twice (by two paths, or through a
/// link) is one case. None found is an error that stops the run.
pub(super) fn find_cases(options: &BuildOptions) -> Result<FoundCases, BuildError> {
    let mut seen = HashSet::new();
    let (files, canonicals): (Vec<PathBuf>, Vec<PathBuf>) = case_files(&options.paths)
        .map_err(BuildError::Paths)?
        .into_iter()
        .map(|path| {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            (path, canonical)
        })
        .filter(|(_, canonical)| seen.insert(canonical.clone()))
        .unzip();
    if files.is_empty() {
        return Err(BuildError::NoCaseFiles);
    }
    Ok(FoundCases { files, canonicals })
}

/// The template sets of a run: the built-ins shadowed by `--templates` (broken, it stops the
/// run: every case uses it), and per folder of cases by a `templates/` folder beside them
/// (broken, only the cases of that folder fail).
pub(super) struct TemplateSets {
    /// Each set, with the folder beside the cases it was made for (none for the first).
    sets: Vec<(Option<PathBuf>, Result<Composer, String>)>,
    /// For each case file found, the index of its set.
    pub of_case: Vec<usize>,
    /// Each set's digest ([`crate::compose::folders::digest`]; empty for a broken one).
    pub digests: Vec<String>,
    /// For each set not the built-in one (an office's own programs), how a worker process
    /// makes its documents with a budget.
    pub setups: Vec<Option<Setup>>,
}

impl TemplateSets {
    pub fn for_cases(options: &BuildOptions, found: &FoundCases) -> Result<Self, BuildError> {
        let explicit = options.templates.as_deref();
        let first = composer_for(None, explicit).map_err(BuildError::Templates)?;
        let mut sets = vec![(None, Ok(first))];
        let mut of_case = Vec::with_capacity(found.files.len());
        for path in &found.files {
            let beside = beside(path);
            let index = match sets.iter().position(|(b, _)| *b == beside) {
                Some(i) => i,
                None => {
                    sets.push((beside, composer_for(Some(path), explicit)));
                    sets.len() - 1
                }
            };
            of_case.push(index);
        }
        let digests: Vec<String> = sets
            .iter()
            .map(|(_, composer)| composer.as_ref().map(templates_digest).unwrap_or_default())
            .collect();
        let setups = sets
            .iter()
            .zip(&digests)
            .map(|((beside, _), digest)| {
                (beside.is_some() || explicit.is_some()).then(|| Setup {
                    beside: beside.clone(),
                    explicit: options.templates.clone(),
                    fonts: options.fonts.clone(),
                    templates_digest: digest.clone(),
                    budget: options.budget,
                })
            })
            .collect();
        Ok(TemplateSets {
            sets,
            of_case,
            digests,
            setups,
        })
    }

    /// Set `index`, or its error.
    pub fn composer(&self, index: usize) -> Result<&Composer, &String> {
        self.sets[index].1.as_ref()
    }

    /// Refuses a `--docs` kind that no set some case uses defines.
    pub fn check_wanted(&self, wanted: &[String]) -> Result<(), BuildError> {
        let used: HashSet<usize> = self.of_case.iter().copied().collect();
        for composer in used.into_iter().filter_map(|i| self.composer(i).ok()) {
            for id in wanted {
                crate::compose::kinds::find(composer.kinds(), id)
                    .map_err(BuildError::UnknownKind)?;
            }
        }
        Ok(())
    }
}

/// A valid case and what its documents are made with. The parsed case is not kept: a batch
/// of thousands would hold them all; each is parsed again when its documents are made.
pub(super) struct ValidCase {
    pub path: PathBuf,
    /// Its canonical path: how the manifest knows it, whatever path names it.
    pub canonical: PathBuf,
    /// [`case_digest`] of the bytes it was validated and planned from. The bytes themselves
    /// are read again when its documents are made: a batch of thousands does not hold them.
    pub digest: String,
    /// Index into the run's [`TemplateSets`].
    pub composer: usize,
    /// The case's output folder name inside the output folder.
    pub folder: String,
}

/// A document a valid case supports, by its kind's place in this run's template set (the
/// manifest records it by kind id: [`RecordedDocument`]).
pub(super) struct SupportedDocument {
    /// Index into the composer's kinds.
    kind: usize,
    item: Option<usize>,
    stem: String,
}

/// A valid case file as checking found it.
pub(super) struct CheckedCase {
    /// [`case_digest`] of its bytes.
    digest: String,
    /// `unit.short_name`, which names its folder.
    organisation: String,
    documents: Vec<SupportedDocument>,
    /// The plan to record, when it was planned anew.
    new_plan: Option<CasePlan>,
}

/// Why a case file's documents cannot be planned.
pub(super) enum Refused {
    /// The case is invalid: the readable report.
    Invalid(String),
    /// Its template set is broken: the error, at its file:line:column.
    Templates(String),
}

/// What checking one case file gave.
pub(super) type CaseCheck = Result<CheckedCase, Refused>;

/// Validates every case, in parallel, and lists the documents each supports. A case file
/// unchanged since the last build into this folder, with the same templates, was valid then
/// and supports the same documents now: its list is taken from the manifest unparsed.
pub(super) fn check_cases(
    found: &FoundCases,
    sets: &TemplateSets,
    manifest: &Manifest,
) -> Vec<CaseCheck> {
    found
        .files
        .par_iter()
        .zip(&found.canonicals)
        .zip(&sets.of_case)
        .map(|((path, canonical), &set)| {
            let composer = sets
                .composer(set)
                .map_err(|e| Refused::Templates(e.clone()))?;
            let bytes = read(path).map_err(Refused::Invalid)?;
            let digest = case_digest(path, &bytes);
            let inputs = plan_fingerprint(&sets.digests[set], &digest);
            let known = manifest.plan(canonical, &inputs).and_then(|plan| {
                Some((
                    plan.organisation.clone()?,
                    from_record(composer, &plan.documents)?,
                ))
            });
            if let Some((organisation, documents)) = known {
                return Ok(CheckedCase {
                    digest,
                    organisation,
                    documents,
                    new_plan: None,
                });
            }
            let loaded = case::load_source(path, &bytes)
                .map_err(|d| Refused::Invalid(case::render_report(&d)))?;
            let documents: Vec<SupportedDocument> = composer
                .documents(&loaded.case)
                .into_iter()
                .map(|(sel, stem)| SupportedDocument {
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
                documents: documents
                    .iter()
                    .map(|doc| RecordedDocument {
                        kind: composer.kinds()[doc.kind].id.clone(),
                        item: doc.item,
                        stem: doc.stem.clone(),
                    })
                    .collect(),
                organisation: Some(loaded.case.unit.short_name.clone()),
            };
            Ok(CheckedCase {
                digest,
                organisation: loaded.case.unit.short_name.clone(),
                documents,
                new_plan: Some(plan),
            })
        })
        .collect()
}

/// The supported documents of a recorded plan, or `None` if a kind it names is gone.
fn from_record(
    composer: &Composer,
    documents: &[RecordedDocument],
) -> Option<Vec<SupportedDocument>> {
    documents
        .iter()
        .map(|doc| {
            Some(SupportedDocument {
                kind: composer.kinds().iter().position(|k| k.id == doc.kind)?,
                item: doc.item,
                stem: doc.stem.clone(),
            })
        })
        .collect()
}

/// The valid cases, each in the folder of its organisation, with the documents each supports;
/// the refused ones reported and counted. The manifest forgets invalid cases' plans and
/// records new ones; a folder whose case file is gone is free again.
pub(super) fn admit_cases(
    found: FoundCases,
    checks: Vec<CaseCheck>,
    sets: &TemplateSets,
    manifest: &mut Manifest,
    summary: &mut Summary,
    progress: &dyn Progress,
) -> (Vec<ValidCase>, Vec<Vec<SupportedDocument>>) {
    let mut cases = Vec::new();
    let mut plans = Vec::new();
    folders::release_gone(&mut manifest.folders);
    manifest.cases.retain(|case, _| !folders::is_gone(case));
    for (((path, canonical), check), &composer) in found
        .files
        .into_iter()
        .zip(found.canonicals)
        .zip(checks)
        .zip(&sets.of_case)
    {
        match check {
            Err(Refused::Invalid(report)) => {
                summary.invalid_cases += 1;
                progress.failure(&path.display().to_string(), &report);
                manifest.cases.remove(&*canonical.to_string_lossy());
            }
            Err(Refused::Templates(report)) => {
                summary.unbuilt_cases += 1;
                progress.unbuilt(&path.display().to_string(), &report);
            }
            Ok(checked) => {
                if let Some(plan) = checked.new_plan {
                    manifest.record_plan(&canonical, plan);
                }
                let folder = folders::assign(
                    &mut manifest.folders,
                    &canonical.to_string_lossy(),
                    &safe_file_name(&checked.organisation),
                );
                plans.push(checked.documents);
                cases.push(ValidCase {
                    path,
                    canonical,
                    digest: checked.digest,
                    composer,
                    folder,
                });
            }
        }
    }
    (cases, plans)
}

/// One document to make.
pub(super) struct Task<'a> {
    pub case: &'a ValidCase,
    pub selection: Selection<'a>,
    /// The format this task writes (a build may write several).
    pub format: &'a Format,
    /// Output path relative to the output folder, without page suffixes.
    pub output: String,
    pub inputs: String,
}

impl Task<'_> {
    /// How progress and failures name the document.
    pub fn label(&self) -> String {
        format!("{} → {}", self.case.path.display(), self.output)
    }
}

/// What the run will make, and what it owns.
pub(super) struct DocumentPlan<'a> {
    pub tasks: Vec<Task<'a>>,
    /// Every output this run's valid cases support, asked for (`--docs`) or not: only the
    /// others can have expired.
    pub outputs: HashSet<String>,
    /// Documents not made because another has their file name: (label, message).
    pub clashes: Vec<(String, String)>,
}

/// Plans every document of the valid cases, skipping the fresh ones (counted in `summary`).
/// Two documents that would have one file name (on a file system blind to letter case) are
/// not both made: the second is a clash.
pub(super) fn plan_documents<'a>(
    options: &'a BuildOptions,
    sets: &'a TemplateSets,
    cases: &'a [ValidCase],
    plans: Vec<Vec<SupportedDocument>>,
    manifest: &mut Manifest,
    summary: &mut Summary,
) -> DocumentPlan<'a> {
    let mut plan = DocumentPlan {
        tasks: Vec::new(),
        outputs: HashSet::new(),
        clashes: Vec::new(),
    };
    let mut names: HashMap<String, String> = HashMap::new();
    for (case, documents) in cases.iter().zip(plans) {
        let composer = sets
            .composer(case.composer)
            .expect("valid cases have a working template set");
        for doc in documents {
            let selection = Selection {
                kind: &composer.kinds()[doc.kind],
                item: doc.item,
            };
            for format in &options.formats {
                let output = format!(
                    "{}/{}.{}",
                    case.folder,
                    safe_file_name(&doc.stem),
                    format.extension()
                );
                plan.outputs.insert(output.clone());
                if let Some(wanted) = &options.kinds
                    && !wanted.contains(&selection.kind.id)
                {
                    continue;
                }
                match names.entry(output.to_lowercase()) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        plan.clashes.push((
                            format!("{} → {output}", case.path.display()),
                            format!(
                                "与《{}》同名，未写出（two documents would have the same file name）：请为其中一个文种另起输出文件名（output），或修改条目编号",
                                first.get()
                            ),
                        ));
                        continue;
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(selection.kind.name.clone());
                    }
                }
                let inputs = fingerprint(options, format, composer, &case.digest, &selection);
                if !options.force && manifest.is_fresh(&options.out_dir, &output, &inputs) {
                    summary.skipped += 1;
                    if let Some(entry) = manifest.documents.get_mut(&output) {
                        entry.case = case.canonical.clone(); // a renamed file, same bytes
                    }
                    continue;
                }
                plan.tasks.push(Task {
                    case,
                    selection: selection.clone(),
                    format,
                    output,
                    inputs,
                });
            }
        }
    }
    plan
}
