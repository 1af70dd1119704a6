//! `xunshi kinds`: lists the document kinds the template set defines (built-in and the user's).

use super::columns::pad;
use super::error::CliError;
use crate::compose::templates::TemplateSet;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 自定义模板目录（覆盖同名内置模板，也可新增文种）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let composer = crate::compose::folders::composer_for(None, args.templates.as_deref())
        .map_err(CliError::input)?;
    let set: &TemplateSet = composer.templates();
    println!(
        "{}{}{}来源",
        pad("文种 id", 24),
        pad("名称", 34),
        pad("格式", 10)
    );
    for kind in composer.kinds() {
        let origin = set
            .origin(&kind.template_name())
            .map(|o| o.to_string())
            .unwrap_or_default();
        println!(
            "{}{}{}{origin}",
            pad(&kind.id, 24),
            pad(&kind.name, 34),
            pad(kind.form.name_zh(), 10),
        );
        if !kind.summary.is_empty() {
            println!("    {}", kind.summary);
        }
    }
    Ok(())
}
