//! `xunshi render BODY.typ`: a plain Typst body laid out in the 文件格式 or 信函格式 (or a
//! complete document with its own `#show: gongwen.with(..)` as it is), through the same export
//! path as every document ([`crate::produce::export`]).

use std::path::{Path, PathBuf};

use super::{Args, FormArg};
use crate::cli::error::CliError;
use crate::cli::output::{read_text, write, write_pages};
use crate::export::Format;
use crate::guard::guarded;
use crate::produce::{Exported, ProduceError, export};
use crate::typeset::body::{self, Form};
use crate::typeset::{Assets, FONTS_PATH, GONGWEN_TYP};

pub fn render(args: &Args) -> Result<(), CliError> {
    let input = &args.input;
    let text = read_text(input)?;
    let form = match args.form {
        FormArg::Document => Form::Document,
        FormArg::Letter => Form::Letter,
    };
    let date = args.date.unwrap_or_else(|| {
        let today = jiff::ZonedDateTime::now().date();
        eprintln!("提示：未指定 --date，文档日期取今天（{today}）。");
        today
    });
    let format = args.output_format();
    if format == Format::Typ {
        return write_typst_sources(args, &text, form);
    }
    let engine = crate::cli::fonts::engine(&args.fonts, args.quiet, Some(input))?;
    let shown = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut job = body::job(&text, &shown, form, date);
    let folder = input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    job.assets = Some(Assets {
        root: folder.to_path_buf(),
        only: None,
    });
    let explain = |d: crate::typeset::Diagnostics| ProduceError::Typeset(d.to_string());
    let Exported { files, warnings } = guarded(|| export(&engine, &job, &format, &explain))
        .map_err(CliError::Report)?
        .map_err(|e| CliError::Report(e.to_string()))?;
    for warning in &warnings {
        eprintln!("{warning}");
    }
    match format {
        Format::Pdf(_) | Format::Docx | Format::Ofd => {
            let out = args
                .output
                .clone()
                .unwrap_or_else(|| input.with_extension(format.extension()));
            write(&out, &files[0])
        }
        _ => write_pages(&page_paths(args, format.extension(), files.len()), &files),
    }
}

/// The Typst sources for hand editing: the document, plus the layout library and the font
/// chains beside it (compile with `typst compile --root DIR --font-path FONTS`).
fn write_typst_sources(args: &Args, text: &str, form: Form) -> Result<(), CliError> {
    let out = args.output.clone().unwrap_or_else(|| {
        let stem = args.input.file_stem().unwrap_or_default().to_string_lossy();
        args.input.with_file_name(format!("{stem}.full.typ"))
    });
    if out == args.input {
        return Err(CliError::Usage(
            "输出文件与输入文件相同，请用 -o 指定其他名称".into(),
        ));
    }
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fonts = crate::typeset::FontSet::discover(&args.fonts.options());
    write(&out, body::standalone(text, form).as_bytes())?;
    write(&dir.join("gongwen.typ"), GONGWEN_TYP.as_bytes())?;
    write(
        &dir.join(FONTS_PATH.trim_start_matches('/')),
        fonts.typst_module().as_bytes(),
    )?;
    eprintln!(
        "提示：已写出 gongwen.typ 与 fonts.typ；随附字体可用 `xunshi fonts --export 目录` 导出，再用 `typst compile --root {} --font-path 目录 {}` 编译。",
        dir.display(),
        out.display()
    );
    Ok(())
}

/// One output path per page: `-o` names the pattern (`out.png` → `out-1.png`) or a folder.
fn page_paths(args: &Args, ext: &str, pages: usize) -> Vec<PathBuf> {
    let stem_of = |p: &Path| {
        p.file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    let (dir, stem) = match &args.output {
        Some(o) if o.is_dir() => (o.clone(), stem_of(&args.input)),
        Some(o) => (
            o.parent().unwrap_or(Path::new("")).to_path_buf(),
            stem_of(o),
        ),
        None => (
            args.input.parent().unwrap_or(Path::new("")).to_path_buf(),
            stem_of(&args.input),
        ),
    };
    (1..=pages)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .collect()
}
