//! Options several commands share: the rules file (every command that judges dates), the PDF
//! standard (`render`, `build`) and the budget of a document made from an office's own
//! templates. (`--font-path` is [`super::fonts`]'s.)

use crate::typeset::export::PdfFlavour;
use crate::worker::Budget;
use std::path::PathBuf;

/// `--rules FILE`, on every command that judges dates.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RulesOption {
    /// 整改规则文件：按它计算各项时限（代替案卷旁的 rules.yaml；未写的项沿用内置规则；xunshi rules 可打印内置规则）
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfStandard {
    #[value(name = "a-2b")]
    A2b,
}

/// The PDF flavour `--pdf-standard` asks for.
pub fn flavour(standard: Option<PdfStandard>) -> PdfFlavour {
    match standard {
        Some(PdfStandard::A2b) => PdfFlavour::A2b,
        None => PdfFlavour::Plain,
    }
}

/// The budget of a document made from an office's own templates (a `templates/` folder or
/// `--templates`); the built-in templates are not limited.
#[derive(clap::Args, Debug, Clone)]
pub struct BudgetArgs {
    /// 自定义模板生成每份文档的时间上限（秒），超时即中止该文档（内置模板不受限）
    #[arg(long, value_name = "SECONDS", default_value_t = crate::worker::DEFAULT_TIMEOUT_SECS, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// 自定义模板排版进程的内存上限（MiB），超出即中止该文档（仅 Linux 等支持 setrlimit 的系统）
    #[arg(long = "memory-limit", value_name = "MiB", default_value_t = crate::worker::DEFAULT_MEMORY_MIB, value_parser = clap::value_parser!(u64).range(64..))]
    pub memory_limit: u64,
}

impl BudgetArgs {
    pub fn budget(&self) -> Budget {
        Budget {
            timeout: std::time::Duration::from_secs(self.timeout),
            memory_mib: self.memory_limit,
        }
    }
}
