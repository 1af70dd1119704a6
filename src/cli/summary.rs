//! `xunshi summary CASE|DIR... -o FILE.pdf`: the round summary (第N轮巡视整改情况汇总) the
//! inspection office sends up: every case of one round, counted on one day, as a document
//! laid out like the others. The counts come from `rules::round`; the words from the template
//! `summary/round-summary.typ`, which a user's template folder may override.

use super::cases::{LeftOut, load_all_naming_invalid, parse_date};
use super::error::CliError;
use super::fonts::FontArgs;
use super::output::{read_text, write};
use crate::case::{Date, IssuingDetails, LoadedCase};
use crate::compose::dates::date_zh;
use crate::compose::folders::composer_for;
use crate::compose::typst_errors::TemplateFailure;
use crate::export::Format;
use crate::guard::guarded;
use crate::produce::{ProduceError, export, unprintable};
use crate::rules::calendar::reference_date;
use crate::rules::round::RoundSummary;
use crate::typeset::Job;
use serde_json::json;
use std::path::PathBuf;

/// The template of the round summary in a template set.
pub const TEMPLATE: &str = "summary/round-summary.typ";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 案卷文件或目录（同一轮巡视的各单位案卷）
    #[arg(required = true, value_name = "CASE|DIR")]
    pub paths: Vec<PathBuf>,
    /// 输出文件：.pdf；.docx 为 Word 文档，.ofd 为 OFD 版式文档，.typ 为 Typst 源文件
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// 汇总截至日期（默认取案卷的情况截至日期 as_of 中最晚的一个，都没有时为今天；不晚于成文日期 --date）
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub on: Option<Date>,
    /// 只汇总这一轮巡视（案卷来自多轮巡视时必须指定），如“十二届自治区党委第三轮巡视”
    #[arg(long, value_name = "NAME")]
    pub round: Option<String>,
    /// 发文机关（默认取设置文件 xunshi.yaml 的 summary.issuer，没有时取整改规则的 summary.issuer，内置为“自治区党委巡视工作领导小组办公室”）
    #[arg(long, value_name = "NAME")]
    pub issuer: Option<String>,
    /// 发文字号，如“桂巡办〔2023〕12号”
    #[arg(long, value_name = "NUMBER")]
    pub number: Option<String>,
    /// 主送机关（可重复；默认取设置文件的 summary.recipients，没有时取整改规则的 summary.recipients，内置为“自治区党委巡视工作领导小组”）
    #[arg(long = "to", value_name = "NAME")]
    pub recipients: Vec<String>,
    /// 成文日期（默认为汇总截至日期）
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<Date>,
    /// 自定义模板目录（可覆盖 summary/round-summary.typ）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 开头一段的本单位表述（Markdown 文件），替换标准表述
    #[arg(long, value_name = "FILE.md")]
    pub opening: Option<PathBuf>,
    /// “下一步工作建议”一节的本单位表述（Markdown 文件，可有 # 小标题），替换标准表述
    #[arg(long = "next-steps", value_name = "FILE.md")]
    pub next_steps: Option<PathBuf>,
    /// 有案卷未通过校验时仍生成汇总（默认拒绝）：报告写明缺少哪些单位和文件
    #[arg(long)]
    pub partial: bool,
    /// 不显示提示信息（如未找到规范字体、改用随附字体）
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub fonts: FontArgs,
    #[command(flatten)]
    pub rules: crate::cli::shared::RulesOption,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let (cases, invalid) = load_all_naming_invalid(&args.paths, "summary")?;
    super::status::warn_far_on("summary", &cases, args.on);
    summarise(&args, &cases, &invalid)?;
    if invalid.is_empty() {
        return Ok(());
    }
    Err(CliError::input(format!(
        "xunshi summary：{} 个案卷未通过校验，未列入汇总：{}",
        invalid.len(),
        invalid
            .iter()
            .map(LeftOut::shown)
            .collect::<Vec<_>>()
            .join("、")
    )))
}

/// The cases of the round asked for, or of the only round there is.
fn one_round<'a>(
    cases: &'a [LoadedCase],
    asked: Option<&str>,
) -> Result<(String, Vec<&'a LoadedCase>), CliError> {
    let mut rounds: Vec<&str> = cases.iter().map(|c| c.case.round.name.as_str()).collect();
    rounds.sort_unstable();
    rounds.dedup();
    let round = match (asked, rounds.as_slice()) {
        (Some(name), _) if rounds.contains(&name) => name.to_owned(),
        (Some(name), _) => {
            return Err(CliError::Usage(format!(
                "xunshi summary：没有“{name}”的案卷；案卷中的巡视轮次：{}",
                rounds.join("、")
            )));
        }
        (None, [only]) => (*only).to_owned(),
        (None, []) => return Err(CliError::input("xunshi summary：没有可汇总的有效案卷")),
        (None, _) => {
            return Err(CliError::Usage(format!(
                "xunshi summary：案卷来自多轮巡视，请用 --round 指定一轮：{}",
                rounds.join("、")
            )));
        }
    };
    let members = cases
        .iter()
        .filter(|c| c.case.round.name == round)
        .collect();
    Ok((round, members))
}

/// An office's own wording for a section, read from a Markdown file (UTF-8, a BOM allowed);
/// none when no file is given or it holds only whitespace.
fn wording_file(path: Option<&std::path::Path>) -> Result<Option<String>, CliError> {
    let Some(path) = path else { return Ok(None) };
    let text = read_text(path)?;
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// The invalid case files that may be of `round`: those whose round name reads as it, or
/// cannot be read at all.
fn left_out_of<'a>(invalid: &'a [LeftOut], round: &str) -> Vec<&'a LeftOut> {
    invalid
        .iter()
        .filter(|l| l.round.as_deref().is_none_or(|r| r == round))
        .collect()
}

/// A round summary lacking organisations is refused unless asked for (`--partial`): it would
/// count and total without saying it is incomplete.
fn refuse_incomplete(left_out: &[&LeftOut], partial: bool) -> Result<(), CliError> {
    if left_out.is_empty() || partial {
        return Ok(());
    }
    let names: Vec<String> = left_out
        .iter()
        .map(|l| format!("  {}", l.shown()))
        .collect();
    Err(CliError::input(format!(
        "xunshi summary：以下 {} 个案卷未通过校验，汇总会缺少它们，因此未生成汇总（cases failed validation; no summary written）：\n{}\n请先改正这些案卷；确需先出不完整的汇总时加 --partial，汇总报告中会写明缺少哪些单位。",
        left_out.len(),
        names.join("\n")
    )))
}

fn summarise(args: &Args, cases: &[LoadedCase], invalid: &[LeftOut]) -> Result<(), CliError> {
    let (round, members) = one_round(cases, args.round.as_deref())?;
    let left_out = left_out_of(invalid, &round);
    refuse_incomplete(&left_out, args.partial)?;
    let on = summary_day(args, &members);
    let case_refs: Vec<_> = members.iter().map(|c| &c.case).collect();
    let summary = RoundSummary::of(&round, &case_refs, on);
    // The round summary's data, plus the case files it lacks (`--partial`): each with `file`,
    // `path`, `organisation` and `short_name` (null where unreadable); empty when complete.
    let mut summary_data = serde_json::to_value(&summary).expect("the summary serialises");
    summary_data["left_out"] = serde_json::to_value(&left_out).expect("names serialise");
    let (issuer, recipients) = summary_issuer(args)?;
    let doc: IssuingDetails = serde_json::from_value(json!({
        "issuer": issuer,
        "number": args.number,
        "date": args.date.unwrap_or(on),
        "recipients": recipients,
    }))
    .map_err(|e| CliError::Usage(format!("发文信息有误：{e}")))?;
    let composer = composer_for(None, args.templates.as_deref()).map_err(CliError::input)?;
    let context = json!({
        "kind": {"id": "round-summary", "name": "巡视整改情况汇总", "form": "document", "upward": true},
        "doc": doc,
        "summary": summary_data,
        "wording": {
            "opening": wording_file(args.opening.as_deref())?,
            "next_steps": wording_file(args.next_steps.as_deref())?,
        },
    });
    let source = composer
        .render_template(TEMPLATE, &context)
        .map_err(|e| CliError::Report(e.to_string()))?;
    let extension = args
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    let format = match extension.as_deref() {
        Some("typ") => Format::Typ,
        Some("docx") => Format::Docx,
        Some("ofd") => Format::Ofd,
        _ => Format::Pdf(Default::default()),
    };
    let engine = super::fonts::engine(
        &args.fonts,
        args.quiet || format == Format::Typ,
        args.paths.first().map(PathBuf::as_path),
    )?;
    if matches!(format, Format::Pdf(_) | Format::Ofd) {
        for loaded in &members {
            let missing = unprintable(&engine, &loaded.case);
            if !missing.is_empty() {
                let error = ProduceError::Unprintable(missing);
                return Err(CliError::Report(error.report(Some(loaded))));
            }
        }
    }
    let mut job = Job::new(source, doc.date.0);
    job.layout = composer.layout_override().map(str::to_owned);
    job.shown_as.push((
        crate::typeset::MAIN_PATH.to_owned(),
        format!("汇总报告（由模板 {TEMPLATE} 生成）"),
    ));
    let explain = |d| {
        ProduceError::Template(Box::new(TemplateFailure::of_template(
            &composer, TEMPLATE, &context, &job, d,
        )))
    };
    let exported = guarded(|| export(&engine, &job, &format, &explain))
        .map_err(CliError::Report)?
        .map_err(|e| CliError::Report(e.report(None)))?;
    for warning in &exported.warnings {
        eprintln!("{warning}");
    }
    write(&args.output, &exported.files[0])?;
    eprintln!(
        "{round}：{} 个单位，截至{}",
        summary.organisations.len(),
        date_zh(on)
    );
    if !left_out.is_empty() {
        eprintln!(
            "注意：这是不完整的汇总（--partial），缺少 {} 个案卷：{}",
            left_out.len(),
            left_out
                .iter()
                .map(|l| l.shown())
                .collect::<Vec<_>>()
                .join("、")
        );
    }
    Ok(())
}

/// The summary's issuer and recipients: the options, else the office settings beside the
/// cases (`summary` in xunshi.yaml), else the rules profile's (the built-in one names the
/// Guangxi leading group and its office).
fn summary_issuer(args: &Args) -> Result<(String, Vec<String>), CliError> {
    let report =
        |d: Box<crate::case::Diagnostic>| CliError::Report(d.render(crate::case::Lang::Zh));
    let here = std::path::Path::new(".");
    let near = args.paths.first().map_or(here, |p| p.as_path());
    let settings = crate::case::settings::find(near)
        .map_err(report)?
        .map(|found| found.settings.summary)
        .unwrap_or_default();
    let rules = crate::case::rules_file::for_case(near).map_err(report)?;
    let issuer = args
        .issuer
        .clone()
        .or(settings.issuer)
        .unwrap_or_else(|| rules.summary.issuer.clone());
    let recipients = if !args.recipients.is_empty() {
        args.recipients.clone()
    } else {
        settings
            .recipients
            .unwrap_or_else(|| rules.summary.recipients.clone())
    };
    Ok((issuer, recipients))
}

/// The day the summary is counted on (截至): `--on`, else the latest `as_of` of its cases, else
/// today; never after the summary's own date (`--date`), since a document states the facts as
/// of its date.
fn summary_day(args: &Args, members: &[&LoadedCase]) -> Date {
    let latest_as_of = members.iter().filter_map(|c| c.case.as_of).max();
    let on = args
        .on
        .or(latest_as_of)
        .unwrap_or_else(|| reference_date(&members[0].case, None));
    no_later_than_its_date(on, args.date)
}

/// The counting day `on`, brought back to the document's `date` when that is earlier.
fn no_later_than_its_date(on: Date, date: Option<Date>) -> Date {
    date.map_or(on, |date| on.min(date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_counts_on_no_day_after_its_own_date() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(
            no_later_than_its_date(d("2023-03-31"), Some(d("2023-03-20"))),
            d("2023-03-20")
        );
        assert_eq!(
            no_later_than_its_date(d("2023-03-31"), Some(d("2023-04-05"))),
            d("2023-03-31")
        );
        assert_eq!(
            no_later_than_its_date(d("2023-03-31"), None),
            d("2023-03-31")
        );
    }
}
