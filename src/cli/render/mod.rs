//! `xunshi render INPUT`: lays out one document and writes PDF (default, optionally PDF/A-2b),
//! PNG previews (one file per page), SVG (one file per page), DOCX, OFD, or the Typst source
//! for hand editing. INPUT is a case file (`.yaml` with `--doc`, [`case`]) or a plain Typst body
//! (`.typ`, [`body`]); this module holds the arguments and the format they ask for.

mod body;
mod case;

use std::path::PathBuf;

use super::error::CliError;
use super::fonts::FontArgs;
use crate::export::Format as Output;
use crate::typeset::export::PdfSettings;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Png,
    Svg,
    Typ,
    /// Word 文档（可编辑，按 GB/T 9704 排版）
    Docx,
    /// OFD 版式文档（GB/T 33190，与 PDF 版面相同）
    Ofd,
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
    pub pdf_standard: Option<super::shared::PdfStandard>,
    /// 文档日期 YYYY-MM-DD（成文日期，PDF、OFD 的日期）。省略时取今天；指定后输出逐字节可复现
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<jiff::civil::Date>,
    /// 只有正文时采用的公文格式
    #[arg(long, value_enum, default_value = "document")]
    pub form: FormArg,
    /// PNG 分辨率（每英寸像素）
    #[arg(long, default_value_t = 144.0, value_name = "DPI")]
    pub dpi: f32,
    /// 不显示提示信息（如未找到规范字体、改用随附字体）
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub budget: super::shared::BudgetArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

pub fn run(args: Args) -> Result<(), CliError> {
    if crate::batch::discover::is_yaml(&args.input) || args.doc.is_some() {
        case::render(&args)
    } else {
        body::render(&args)
    }
}

impl Args {
    /// The output format and its settings the options ask for.
    fn output_format(&self) -> Output {
        match self.format {
            Format::Pdf => Output::Pdf(PdfSettings {
                flavour: super::shared::flavour(self.pdf_standard),
            }),
            Format::Png => Output::Png(crate::export::Png::at_dpi(self.dpi)),
            Format::Svg => Output::Svg,
            Format::Typ => Output::Typ,
            Format::Docx => Output::Docx,
            Format::Ofd => Output::Ofd,
        }
    }
}
