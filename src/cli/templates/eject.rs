//! `xunshi templates eject NAME… | --all`: copies built-in templates into a folder for editing.
//! A kind brings its manifest, its template and every partial the template includes (and
//! those include); `gongwen` the layout library; `round-summary` the round summary's template
//! and its partials; a built-in file's own name that file; `--all` every built-in file. An
//! existing file is never overwritten: each is named, and whether it still equals the
//! built-in.

use crate::cli::error::CliError;
use crate::compose::Composer;
use crate::compose::source_map::includes;
use crate::compose::templates::{LAYOUT_LIBRARY, TemplateSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The round summary's template in a template set.
const ROUND_SUMMARY: &str = crate::cli::summary::TEMPLATE;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 要导出的模板：文种 id（如 rectification-plan，见 xunshi kinds）、gongwen（版式库
    /// gongwen.typ）、round-summary（汇总报告模板），或内置文件名（如 partials/head.typ）；可写多个
    #[arg(value_name = "NAME", required_unless_present = "all")]
    pub names: Vec<String>,
    /// 导出全部内置模板文件
    #[arg(long, conflicts_with = "names")]
    pub all: bool,
    /// 目标目录（默认 ./templates）
    #[arg(short, long, value_name = "DIR", default_value = "templates")]
    pub out: PathBuf,
}

/// What happened to one file.
enum Outcome {
    Written,
    /// It was there already; whether it equals the built-in.
    Kept {
        same: bool,
    },
}

pub fn run(args: Args) -> Result<(), CliError> {
    let builtin = TemplateSet::builtin();
    let composer = Composer::new(builtin.clone()).map_err(|message| {
        CliError::input(format!(
            "内置模板有误（built-in templates broken）：{message}"
        ))
    })?;
    let names: Vec<String> = if args.all {
        builtin.files_under("").map(|(n, _)| n.to_owned()).collect()
    } else {
        let mut names = Vec::new();
        for asked in &args.names {
            for file in files_for(asked, &builtin, &composer).map_err(CliError::Usage)? {
                if !names.contains(&file) {
                    names.push(file);
                }
            }
        }
        names
    };
    let (mut written, mut kept) = (0, 0);
    for name in &names {
        let text = builtin
            .text(name)
            .expect("names come from the built-in set");
        let target = args.out.join(name);
        match copy_out(&target, text) {
            Ok(Outcome::Written) => {
                written += 1;
                println!("已写出 {}", target.display());
            }
            Ok(Outcome::Kept { same }) => {
                kept += 1;
                let how = if same {
                    "与内置相同".to_owned()
                } else {
                    format!(
                        "与内置不同，可用 xunshi templates diff {} 查看差异",
                        args.out.display()
                    )
                };
                println!("已存在，未覆盖：{}（{how}）", target.display());
            }
            Err(message) => return Err(CliError::input(message)),
        }
    }
    println!();
    println!("共写出 {written} 个文件，{kept} 个已存在未覆盖。");
    print_usage(&args, &names, &composer);
    Ok(())
}

/// The built-in files `asked` stands for, or why it stands for none.
fn files_for(
    asked: &str,
    builtin: &TemplateSet,
    composer: &Composer,
) -> Result<Vec<String>, String> {
    let start: Vec<String> = if let Some(kind) = composer.kinds().iter().find(|k| k.id == asked) {
        vec![format!("kinds/{}.kind.yaml", kind.id), kind.template_name()]
    } else if asked == "gongwen" || asked == LAYOUT_LIBRARY {
        vec![LAYOUT_LIBRARY.to_owned()]
    } else if asked == "round-summary" || asked == ROUND_SUMMARY {
        vec![ROUND_SUMMARY.to_owned()]
    } else if builtin.contains(asked) {
        vec![asked.to_owned()]
    } else {
        let kinds: Vec<&str> = composer.kinds().iter().map(|k| k.id.as_str()).collect();
        return Err(format!(
            "没有名为 “{asked}” 的内置模板（unknown template）。可导出：文种 {}；gongwen（版式库）；round-summary（汇总报告）；或内置文件名，如 partials/head.typ（xunshi templates list 列出全部）；--all 导出全部",
            kinds.join("、")
        ));
    };
    Ok(with_includes(start, builtin))
}

/// `names` and every template they include, directly or through another, in order.
fn with_includes(names: Vec<String>, builtin: &TemplateSet) -> Vec<String> {
    let mut all = names;
    let mut i = 0;
    while i < all.len() {
        if all[i].ends_with(".typ") && all[i] != LAYOUT_LIBRARY {
            let text = builtin.text(&all[i]).unwrap_or("");
            for included in includes(text) {
                if builtin.contains(&included) && !all.contains(&included) {
                    all.push(included);
                }
            }
        }
        i += 1;
    }
    all
}

/// Writes `text` to `target` unless something is there already (checked and created in one
/// step, so a file made meanwhile is not overwritten either).
fn copy_out(target: &Path, text: &str) -> Result<Outcome, String> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("无法创建目录 {}：{e}", parent.display()))?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target);
    match file {
        Ok(mut file) => {
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| format!("无法写入 {}：{e}", target.display()))?;
            Ok(Outcome::Written)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let same = std::fs::read_to_string(target)
                .is_ok_and(|existing| existing.replace("\r\n", "\n") == text.replace("\r\n", "\n"));
            Ok(Outcome::Kept { same })
        }
        Err(e) => Err(format!("无法写入 {}：{e}", target.display())),
    }
}

/// How to use what was ejected.
fn print_usage(args: &Args, names: &[String], composer: &Composer) {
    let dir = args.out.display();
    let kinds: Vec<&str> = composer
        .kinds()
        .iter()
        .filter(|k| names.contains(&k.template_name()))
        .map(|k| k.id.as_str())
        .collect();
    println!(
        "修改后用 --templates {dir} 使用，或把该目录命名为 templates 放在案卷文件旁（自动使用）。"
    );
    if let [kind] = kinds.as_slice() {
        println!("  例如：xunshi render 案卷.yaml --doc {kind} --templates {dir}");
    }
    if names.iter().any(|n| n == ROUND_SUMMARY) {
        println!("  汇总报告：xunshi summary 案卷目录 --round 轮次 --templates {dir} -o 汇总.pdf");
    }
    if names.iter().any(|n| n == LAYOUT_LIBRARY) {
        println!(
            "gongwen.typ 是版式库（Typst 代码，不是 Tera 模板）：决定页边距、版头、字号等版面位置，改动影响全部文种。"
        );
    }
    println!(
        "目录中的文件逐个取代同名的内置文件，没有复制的仍用内置版本；没有改动的副本可以删去，升级后就自动用上新的内置版本。"
    );
    println!("升级 xunshi 后，用 xunshi templates diff {dir} 查看副本与新内置模板的差异。");
}
