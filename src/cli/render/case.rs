//! `xunshi render CASE.yaml --doc KIND`: one kind of document from one case file (every item of
//! a per-item kind, or the one named by `--item`), through the same produce path the batch
//! build uses, written atomically beside the case or where `-o` says.

use super::Args;
use crate::batch::names::safe_file_name;
use crate::case::{self, Lang};
use crate::cli::error::{CliError, IoAction};
use crate::cli::output::{write, write_pages};
use crate::compose::document::item_id;
use crate::compose::folders::composer_for;
use crate::compose::templates::LAYOUT_LIBRARY;
use crate::produce::{Format, produce};
use crate::typeset::{FONTS_PATH, FontSet};
use crate::worker::{Failure, Output, Setup, Worker};
use std::path::{Path, PathBuf};

/// The worker setup, the case file's bytes and the worker (started on first use).
type Isolated = (Setup, Vec<u8>, Option<Worker>);

/// What an office's own templates are made with; `None` for the built-ins, made in process.
fn isolation(
    args: &Args,
    composer: &crate::compose::Composer,
    fonts: &crate::typeset::FontOptions,
) -> Result<Option<Isolated>, CliError> {
    let beside = crate::compose::folders::beside(&args.input);
    if beside.is_none() && args.templates.is_none() {
        return Ok(None);
    }
    let setup = Setup {
        beside,
        explicit: args.templates.clone(),
        fonts: fonts.clone(),
        templates_digest: crate::compose::folders::digest(composer),
        budget: args.budget.budget(),
    };
    // Read again: the case was loaded (and validated) from these bytes a moment ago.
    let bytes =
        std::fs::read(&args.input).map_err(|e| CliError::io(IoAction::Read, &args.input, e))?;
    Ok(Some((setup, bytes, None)))
}

pub fn render(args: &Args) -> Result<(), CliError> {
    let loaded =
        case::load_case(&args.input).map_err(|d| CliError::Report(case::render_report(&d)))?;
    for warning in &loaded.warnings {
        eprintln!("{}", warning.render(Lang::Zh));
    }
    let composer =
        composer_for(Some(&args.input), args.templates.as_deref()).map_err(CliError::input)?;
    let Some(kind_id) = &args.doc else {
        let ids: Vec<&str> = composer.kinds().iter().map(|k| k.id.as_str()).collect();
        return Err(CliError::Usage(format!(
            "案卷输入须用 --doc 指定文种（--doc is required），可用文种：{}",
            ids.join("、")
        )));
    };
    let kind = crate::compose::kinds::find(composer.kinds(), kind_id).map_err(CliError::Usage)?;
    let mut selections = match &args.month {
        Some(month) => vec![
            composer
                .month_selection(&loaded.case, kind, month)
                .map_err(|e| CliError::input_at(args.input.display(), e))?,
        ],
        None => composer.selections(&loaded.case, kind),
    };
    if let Some(item) = &args.item {
        selections.retain(|s| item_id(&loaded.case, s).as_deref() == Some(item.as_str()));
        if selections.is_empty() {
            return Err(CliError::input_at(
                args.input.display(),
                format!(
                    "{} 中没有 id 为 “{item}” 的条目",
                    kind.issuing.trim_end_matches("[]")
                ),
            ));
        }
    }
    if selections.is_empty() {
        return Err(CliError::input_at(
            args.input.display(),
            format!(
                "案卷中没有生成《{}》所需的数据：请填写 {}（no data for this kind）",
                kind.name, kind.issuing
            ),
        ));
    }
    let format = args.output_format();
    let engine = crate::cli::fonts::engine(&args.fonts, args.quiet, Some(&args.input))?;
    let many = selections.len() > 1;
    // An office's own templates are made in a worker process with a time and memory budget.
    let mut isolated = isolation(args, &composer, &args.fonts.options())?;
    // Every document is made before any is written: two that would have one file name are
    // refused together rather than one written over the other.
    let mut made = Vec::with_capacity(selections.len());
    for selection in &selections {
        let produced = match &mut isolated {
            None => {
                let produced = produce(&engine, &composer, &loaded.case, selection, &format)
                    .map_err(|e| CliError::Report(e.report(Some(&loaded))))?;
                Output {
                    files: produced.files,
                    warnings: produced.warnings,
                    stem: produced.composed.file_stem,
                }
            }
            Some((setup, bytes, worker)) => {
                let template = composer
                    .templates()
                    .shown_name(&selection.kind.template_name());
                let refused = |failure: Failure| {
                    CliError::input_at(
                        args.input.display(),
                        failure.message(&template, &setup.budget),
                    )
                };
                if worker.is_none() {
                    *worker = Some(Worker::start(setup).map_err(refused)?);
                }
                let running = worker.as_mut().expect("started above");
                running
                    .produce(
                        &args.input,
                        bytes,
                        &selection.kind.id,
                        selection.item,
                        &format,
                    )
                    .map_err(|failure| match failure {
                        Failure::Report(report) => CliError::Report(report),
                        other => refused(other),
                    })?
            }
        };
        for warning in &produced.warnings {
            eprintln!("{warning}");
        }
        let stem = safe_file_name(&produced.stem);
        let target = target_path(args, &stem, format.extension(), many);
        made.push((target, produced));
    }
    let targets: Vec<&Path> = made.iter().map(|(t, _)| t.as_path()).collect();
    if let Some(clash) = first_clash(&targets) {
        return Err(CliError::input_at(
            args.input.display(),
            format!(
                "有两份文档的输出文件名相同（{}），为免互相覆盖，未写出任何文件（two documents would have the same file name）：请修改条目编号",
                clash.display()
            ),
        ));
    }
    for (target, produced) in &made {
        let target = target.as_path();
        if produced.files.len() == 1 {
            write(target, &produced.files[0])?;
        } else {
            let stem = target.file_stem().unwrap_or_default().to_string_lossy();
            let paths: Vec<PathBuf> = (1..=produced.files.len())
                .map(|n| target.with_file_name(format!("{stem}-{n}.{}", format.extension())))
                .collect();
            write_pages(&paths, &produced.files)?;
        }
        if let Format::Typ = format {
            write_layout_beside(target, &composer, &args.fonts.options())?;
        }
    }
    Ok(())
}

/// The first path of `targets` another one names too, letter case not told apart (as on
/// Windows and macOS).
fn first_clash<'a>(targets: &[&'a Path]) -> Option<&'a Path> {
    let mut seen = std::collections::HashSet::new();
    targets
        .iter()
        .find(|t| !seen.insert(t.to_string_lossy().to_lowercase()))
        .copied()
}

/// `-o` names the file (or, for several documents, the folder); otherwise the document goes
/// beside the case file under its kind's output name.
fn target_path(args: &Args, stem: &str, ext: &str, many: bool) -> PathBuf {
    match &args.output {
        Some(out) if many || out.is_dir() || out.to_string_lossy().ends_with(['/', '\\']) => {
            out.join(format!("{stem}.{ext}"))
        }
        Some(out) => out.clone(),
        None => args
            .input
            .parent()
            .unwrap_or(Path::new(""))
            .join(format!("{stem}.{ext}")),
    }
}

/// The layout library and the font chains beside a `.typ` output, so it compiles by hand
/// (`typst compile --root DIR --font-path FONTS file.typ`).
fn write_layout_beside(
    target: &Path,
    composer: &crate::compose::Composer,
    fonts: &crate::typeset::FontOptions,
) -> Result<(), CliError> {
    let dir = target.parent().unwrap_or(Path::new(""));
    let layout = composer
        .templates()
        .text(LAYOUT_LIBRARY)
        .unwrap_or(crate::typeset::GONGWEN_TYP);
    write(&dir.join(LAYOUT_LIBRARY), layout.as_bytes())?;
    let module = FontSet::discover(fonts).typst_module();
    write(
        &dir.join(FONTS_PATH.trim_start_matches('/')),
        module.as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::first_clash;
    use std::path::Path;

    #[test]
    fn outputs_that_name_one_file_are_found() {
        let (a, b, c) = (
            Path::new("out/审核意见-2_1.pdf"),
            Path::new("out/审核意见-审1.pdf"),
            Path::new("out/审核意见-2_1.pdf"),
        );
        assert_eq!(first_clash(&[a, b]), None);
        assert_eq!(first_clash(&[a, b, c]), Some(c));
        assert_eq!(
            first_clash(&[Path::new("o/表-1.A.pdf"), Path::new("o/表-1.a.pdf")]),
            Some(Path::new("o/表-1.a.pdf"))
        );
    }
}
