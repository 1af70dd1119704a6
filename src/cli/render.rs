//! `xunshi render INPUT`: lays out a document and writes PDF (default, optionally PDF/A-2b),
//! PNG previews (one file per page), SVG (one file per page), or the Typst source for hand
//! editing. For now INPUT is a plain Typst body (`.typ`); case files (`.yaml` with `--doc`)
//! come with the document kinds. Every output file is written atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::fonts::FontArgs;
use crate::guard::guarded;
use crate::typeset::body::{self, Form};
use crate::typeset::export::{self, PdfFlavour, PdfSettings};
use crate::typeset::{Assets, Engine, FONTS_PATH, GONGWEN_TYP};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Png,
    Svg,
    Typ,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfStandard {
    #[value(name = "a-2b")]
    A2b,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormArg {
    /// 文件格式
    Document,
    /// 信函格式
    Letter,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 输入文件：案卷（.yaml，须用 --doc 指定文种），或 Typst 正文（.typ）。只有正文时按
    /// --form 套用版式；含 `#show: gongwen.with(..)` 的完整文档原样排版。
    pub input: PathBuf,
    /// 文种 id（案卷输入时必填），如 rectification-plan；`xunshi kinds` 列出全部文种
    #[arg(long, value_name = "KIND")]
    pub doc: Option<String>,
    /// 逐项文种的条目 id（审核意见“审1”、整改销号审批表的措施编号“1.2”、月报表的月份“2023-03”）；省略时生成全部条目
    #[arg(long, value_name = "ID")]
    pub item: Option<String>,
    /// 月报表的月份（YYYY-MM），可以是尚未到报送期的月份；集中整改期内的月份不予生成
    #[arg(long, value_name = "YYYY-MM", conflicts_with = "item")]
    pub month: Option<String>,
    /// 自定义模板目录（覆盖同名内置模板）；案卷旁的 templates/ 目录也会自动使用
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 输出文件（默认与输入同名、换扩展名；PNG/SVG 每页一个文件：名称-1.png …）
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: Format,
    /// PDF 标准：a-2b 为归档用 PDF/A-2b
    #[arg(long = "pdf-standard", value_enum)]
    pub pdf_standard: Option<PdfStandard>,
    /// 文档日期 YYYY-MM-DD（成文日期、PDF 日期）。省略时取今天；指定后输出逐字节可复现
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<jiff::civil::Date>,
    /// 只有正文时采用的公文格式
    #[arg(long, value_enum, default_value = "document")]
    pub form: FormArg,
    /// PNG 分辨率（每英寸像素）
    #[arg(long, default_value_t = 144.0, value_name = "DPI")]
    pub dpi: f32,
    #[command(flatten)]
    pub budget: super::build::BudgetArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
}

pub fn run(args: Args) -> ExitCode {
    match render(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

fn render(args: &Args) -> Result<(), String> {
    if crate::batch::discover::is_yaml(&args.input) || args.doc.is_some() {
        return super::render_case::render(args);
    }
    let input = &args.input;
    let bytes =
        std::fs::read(input).map_err(|e| format!("错误：无法读取 {}：{e}", input.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        format!(
            "错误：{} 不是 UTF-8 编码（可能是 GBK）。请用编辑器另存为 UTF-8。(file is not UTF-8)",
            input.display()
        )
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let form = match args.form {
        FormArg::Document => Form::Document,
        FormArg::Letter => Form::Letter,
    };
    let date = args.date.unwrap_or_else(|| {
        let today = jiff::ZonedDateTime::now().date();
        eprintln!("提示：未指定 --date，文档日期取今天（{today}）。");
        today
    });

    if args.format == Format::Typ {
        return write_typst_sources(args, text, form);
    }

    for dir in &args.fonts.font_paths {
        if !dir.is_dir() {
            return Err(format!("错误：字体目录不存在：{}", dir.display()));
        }
    }
    let engine = Engine::new(&args.fonts.options());
    for notice in engine.fonts().notices() {
        eprintln!("{notice}");
    }
    let shown = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut job = body::job(text, &shown, form, date);
    let folder = input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    job.assets = Some(Assets {
        root: folder.to_path_buf(),
        only: None,
    });

    let compiled = guarded(|| engine.compile(&job))?.map_err(|d| d.to_string())?;
    for warning in &compiled.warnings {
        eprintln!("{warning}");
    }

    match args.format {
        Format::Pdf => {
            let flavour = match args.pdf_standard {
                Some(PdfStandard::A2b) => PdfFlavour::A2b,
                None => PdfFlavour::Plain,
            };
            let pdf = guarded(|| export::pdf(&compiled, &PdfSettings { flavour }))?
                .map_err(|d| d.to_string())?;
            let out = args
                .output
                .clone()
                .unwrap_or_else(|| input.with_extension("pdf"));
            write(&out, &pdf)?;
        }
        Format::Png => {
            let pages =
                guarded(|| export::png(&compiled, args.dpi / 72.0))?.map_err(|d| d.to_string())?;
            write_pages(&page_paths(args, "png", pages.len()), &pages)?;
        }
        Format::Svg => {
            let pages = guarded(|| export::svg(&compiled))?;
            write_pages(&page_paths(args, "svg", pages.len()), &pages)?;
        }
        Format::Typ => unreachable!("handled above"),
    }
    Ok(())
}

/// The Typst sources for hand editing: the document, plus the layout library and the font
/// chains beside it (compile with `typst compile --root DIR --font-path FONTS`).
fn write_typst_sources(args: &Args, text: &str, form: Form) -> Result<(), String> {
    let out = args.output.clone().unwrap_or_else(|| {
        let stem = args.input.file_stem().unwrap_or_default().to_string_lossy();
        args.input.with_file_name(format!("{stem}.full.typ"))
    });
    if out == args.input {
        return Err("错误：输出文件与输入文件相同，请用 -o 指定其他名称".into());
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

pub(super) fn write_pages(paths: &[PathBuf], pages: &[impl AsRef<[u8]>]) -> Result<(), String> {
    for (path, page) in paths.iter().zip(pages) {
        write(path, page.as_ref())?;
    }
    Ok(())
}

pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    export::write_atomically(path, bytes)
        .map_err(|e| format!("错误：无法写入 {}：{e}", path.display()))?;
    eprintln!("已写出 {}", path.display());
    Ok(())
}
