//! One build, as named stages: discover the case files, validate them all and plan every
//! document each supports, skipping those whose inputs are unchanged ([`super::plan`]);
//! produce the rest in parallel on one shared engine, each written atomically
//! ([`super::make`]); record them in the manifest. A broken case, template set or
//! document is reported and the run goes on. Each case's documents go to the folder of its
//! organisation ([`super::folders`]); what an earlier build wrote and this one no longer
//! produces is moved to `过期/`.

use super::error::BuildError;
use super::folders::{self, EXPIRED_DIR};
use super::make::make_documents;
use super::manifest::Manifest;
use super::plan::{TemplateSets, ValidCase, admit_cases, check_cases, find_cases, plan_documents};
use super::progress::Progress;
use super::{BuildOptions, Summary};
use crate::typeset::Engine;
use crate::typeset::timing;
use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

/// Runs a build, reporting through `progress`. Errors that stop the whole run (no case
/// files, an output folder that cannot be made, broken `--templates`) are returned; a broken
/// case, template folder or document is reported and the run goes on.
pub fn build(
    options: &BuildOptions,
    engine: &Engine,
    progress: &dyn Progress,
) -> Result<Summary, BuildError> {
    let started = Instant::now();
    let found = find_cases(options)?;
    std::fs::create_dir_all(&options.out_dir).map_err(|e| BuildError::OutputFolder {
        path: options.out_dir.clone(),
        error: e,
    })?;
    remove_stale_parts(&options.out_dir);
    let sets = TemplateSets::for_cases(options, &found)?;
    let mut summary = Summary {
        cases: found.files.len(),
        ..Summary::default()
    };

    // Every case checked first, in parallel; the invalid ones reported, and the run goes on.
    let mut manifest = Manifest::load(&options.out_dir);
    let checks = check_cases(&found, &sets, &manifest);
    let (cases, plans) = admit_cases(found, checks, &sets, &mut manifest, &mut summary, progress);
    if let Some(wanted) = &options.kinds {
        sets.check_wanted(wanted)?;
    }

    // Then every document planned, the fresh ones skipped, and the rest made.
    let plan = plan_documents(options, &sets, &cases, plans, &mut manifest, &mut summary);
    progress.start(plan.tasks.len() + plan.clashes.len(), summary.skipped);
    for (label, message) in &plan.clashes {
        progress.failure(label, message);
    }
    let made = make_documents(options, engine, &sets, &plan.tasks, progress)?;
    for (output, entry) in made.written {
        manifest.record(output, entry);
        summary.written += 1;
    }
    summary.failed = made.failed + plan.clashes.len();

    expire_stale(
        options,
        &cases,
        &plan.outputs,
        &mut manifest,
        &mut summary,
        progress,
    );
    manifest
        .save(&options.out_dir)
        .map_err(BuildError::Manifest)?;
    summary.elapsed = started.elapsed();
    if timing::enabled() {
        eprint!("{}", timing::report());
    }
    Ok(summary)
}

/// What an earlier build wrote and this one no longer produces: the documents of the valid
/// cases of this run it did not plan, and those of case files that are gone. They go to
/// 过期/ (an office may have sent them; they must not stand beside the current ones). The
/// documents of cases not in this run, or invalid in it, are left alone.
fn expire_stale(
    options: &BuildOptions,
    cases: &[ValidCase],
    outputs: &HashSet<String>,
    manifest: &mut Manifest,
    summary: &mut Summary,
    progress: &dyn Progress,
) {
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
    use crate::batch::BuildOptions;
    use crate::produce::Format;
    use crate::typeset::export::PdfSettings;
    use crate::typeset::{Engine, FontOptions};
    use crate::worker::Budget;
    use std::time::Duration;

    use std::sync::Mutex;

    const CASE: &str = include_str!("../../tests/fixtures/compose/base.yaml");

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
            formats: vec![Format::Pdf(PdfSettings::default())],
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
