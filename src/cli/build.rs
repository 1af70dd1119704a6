//! `xunshi build PATH... -o OUTDIR`: every document of every case under the paths, validated
//! first, produced in parallel, unchanged ones skipped, with a summary at the end.

use super::error::CliError;
use super::fonts::FontArgs;
use crate::batch::{self, BuildOptions};
use crate::produce::Format;
use crate::typeset::Engine;
use crate::typeset::export::PdfSettings;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 案卷文件或目录（目录中的 *.yaml / *.yml 均会处理）
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 输出目录：每个单位一个子目录（以单位简称命名），每份文档每种格式一个文件；不再生成的旧文档移入 过期/
    #[arg(short, long, value_name = "OUTDIR")]
    pub out: PathBuf,
    /// 只生成这些文种（逗号分隔的文种 id，见 `xunshi kinds`）
    #[arg(long, value_delimiter = ',', value_name = "KIND,...")]
    pub docs: Option<Vec<String>>,
    /// 并行工作线程数（默认为处理器核数）
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// 全部重新生成，即使输入未变
    #[arg(long)]
    pub force: bool,
    /// 只报告失败
    #[arg(short, long)]
    pub quiet: bool,
    /// 输出格式（逗号分隔，默认 pdf）：pdf、docx、ofd；一次生成全部格式，每种格式各为一个文件
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "FORMAT,...",
        default_value = "pdf"
    )]
    pub formats: Vec<BuildFormat>,
    /// PDF 标准：a-2b 为归档用 PDF/A-2b
    #[arg(long = "pdf-standard", value_enum)]
    pub pdf_standard: Option<super::shared::PdfStandard>,
    /// 自定义模板目录（覆盖同名内置模板）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub budget: super::shared::BudgetArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

/// A format `build` writes.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildFormat {
    /// PDF
    Pdf,
    /// Word 文档（可编辑，按 GB/T 9704 排版）
    Docx,
    /// OFD 版式文档（GB/T 33190，与 PDF 版面相同）
    Ofd,
}

/// The build settings the arguments ask for.
pub fn build_options(args: &Args, engine: &Engine) -> BuildOptions {
    let flavour = super::shared::flavour(args.pdf_standard);
    BuildOptions {
        paths: args.paths.clone(),
        out_dir: args.out.clone(),
        kinds: args.docs.clone(),
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        force: args.force,
        formats: {
            let mut formats: Vec<Format> = Vec::new();
            for f in &args.formats {
                let format = match f {
                    BuildFormat::Pdf => Format::Pdf(PdfSettings { flavour }),
                    BuildFormat::Docx => Format::Docx,
                    BuildFormat::Ofd => Format::Ofd,
                };
                if !formats.contains(&format) {
                    formats.push(format);
                }
            }
            formats
        },
        templates: args.templates.clone(),
        fonts_fingerprint: engine.fonts().typst_module(),
        fonts: args.fonts.options(),
        budget: args.budget.budget(),
    }
}

/// One line per document moved to `过期/` because this build no longer produces it.
pub fn report_expired(summary: &batch::Summary) {
    for (from, to) in &summary.expired {
        eprintln!("已移入过期：{from} → {to}（本次生成不再产生此文档）");
    }
}

/// `，模板有误未生成 N 个` when cases could not be built for their templates.
pub fn unbuilt(summary: &batch::Summary) -> String {
    match summary.unbuilt_cases {
        0 => String::new(),
        n => format!("，模板有误未生成 {n} 个"),
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let engine = super::fonts::engine(
        &args.fonts,
        args.quiet,
        args.paths.first().map(PathBuf::as_path),
    )?;
    let options = build_options(&args, &engine);
    let progress = batch::progress::for_run(args.quiet);
    let result = batch::build(&options, &engine, progress.as_ref());
    progress.finish();
    match result {
        Ok(summary) => {
            if !args.quiet {
                report_expired(&summary);
            }
            eprintln!(
                "完成：写出 {} 份，未变化跳过 {} 份，失败 {} 份，移入过期 {} 份，无效案卷 {} 个{}（共 {} 个案卷），用时 {:.1} 秒。",
                summary.written,
                summary.skipped,
                summary.failed,
                summary.expired.len(),
                summary.invalid_cases,
                unbuilt(&summary),
                summary.cases,
                summary.elapsed.as_secs_f64()
            );
            if summary.succeeded() {
                Ok(())
            } else {
                Err(CliError::Reported)
            }
        }
        Err(error) => Err(error.into()),
    }
}
