//! The rules file (`rules.yaml`): an office's own 办法 over the built-in one. The file in
//! force for a case is the one `--rules` names, else the nearest `rules.yaml` in the case
//! file's folder or a folder above, else none (the built-in profile,
//! [`crate::rules::Profile::guangxi_2022`]). A file need only write what differs: each
//! section it writes replaces the built-in entries it names, one by one.
//!
//! The file is YAML like the cases, read by the same parser and checked against its own schema
//! (generated from the profile's types, `schemas/rules.schema.json`), so its mistakes are
//! reported at its line and column, in Chinese. [`print`] writes a profile back as a file
//! `--rules` accepts, each figure with where it comes from as a comment.

use super::diagnostic::{Diagnostic, Source};
use super::schema::{self, FileSchema, Step};
use super::settings;
use super::yaml::{self, PositionIndex};
use crate::rules::Rules;
use crate::rules::profile::{Limit, Profile};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The rules file's name beside the cases.
pub const FILE_NAME: &str = "rules.yaml";

/// Largest rules file read.
const MAX_BYTES: u64 = 1024 * 1024;

/// The file `--rules` named, for every case this run loads.
static CHOSEN: OnceLock<PathBuf> = OnceLock::new();

/// Makes `file` the rules file of every case this process loads (`--rules`). Set once, before
/// any case is loaded; a second call is ignored.
pub fn choose(file: PathBuf) {
    let _ = CHOSEN.set(file);
}

/// The file `--rules` named, if any.
pub fn chosen() -> Option<&'static Path> {
    CHOSEN.get().map(PathBuf::as_path)
}

/// The rules file in force for `path` (a case file or a folder), if any.
pub fn in_force(path: &Path) -> Option<PathBuf> {
    match chosen() {
        Some(file) => Some(file.to_path_buf()),
        None => settings::nearest_named(path, FILE_NAME),
    }
}

/// The bytes of the rules file in force for `path` (empty without one), for fingerprints.
pub fn bytes_in_force(path: &Path) -> Vec<u8> {
    in_force(path)
        .and_then(|file| std::fs::read(file).ok())
        .unwrap_or_default()
}

/// The rules a case at `path` is judged by: its rules file's over the built-in ones.
pub fn for_case(path: &Path) -> Result<Rules, Box<Diagnostic>> {
    match in_force(path) {
        Some(file) => read(&file),
        None => Ok(Rules::built_in()),
    }
}

/// Files read, by path, with the bytes they were read from: a batch of a thousand cases under
/// one rules file reads it once (and again only when it changes, as under `watch`).
type Cache = Mutex<HashMap<PathBuf, (Vec<u8>, Rules)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Reads one rules file over the built-in profile.
pub fn read(file: &Path) -> Result<Rules, Box<Diagnostic>> {
    let whole = |zh: String, en: &str| Box::new(Diagnostic::error_in(file, 0, 0, zh, en.into()));
    if !file.is_file() {
        return Err(whole(
            "找不到规则文件（或不是文件）".into(),
            "no such rules file",
        ));
    }
    if std::fs::metadata(file).is_ok_and(|m| m.len() > MAX_BYTES) {
        return Err(whole(
            format!("规则文件超过 {} KB，已拒绝读取", MAX_BYTES / 1024),
            "the rules file is too big",
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| {
        whole(
            format!("无法读取规则文件：{}", crate::zh::io_zh(&e)),
            "cannot read the rules file",
        )
    })?;
    if let Some((seen, rules)) = cache().lock().ok().and_then(|c| c.get(file).cloned())
        && seen == bytes
    {
        return Ok(rules);
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        whole(
            "规则文件不是 UTF-8 编码，请用编辑器另存为 UTF-8".into(),
            "the rules file is not UTF-8",
        )
    })?;
    let rules = parse(file, text.strip_prefix('\u{FEFF}').unwrap_or(text))?;
    if let Ok(mut c) = cache().lock() {
        c.insert(file.to_path_buf(), (bytes, rules.clone()));
    }
    Ok(rules)
}

/// The schema of a rules file: the profile's, with nothing required (what a file leaves out
/// is the built-in profile's).
pub fn file_schema() -> &'static FileSchema {
    static SCHEMA: OnceLock<FileSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| FileSchema::from_generated::<Profile>("规则文件", drop_required))
}

fn drop_required(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("required");
            map.values_mut().for_each(drop_required);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_required),
        _ => {}
    }
}

/// The profile a rules file's text gives over the built-in one.
fn parse(file: &Path, text: &str) -> Result<Rules, Box<Diagnostic>> {
    // A file of comments only (the office has not changed anything yet) is the built-in rules.
    let only_comments = text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    if only_comments {
        return Ok(Rules::built_in());
    }
    let source = Source { path: file, text };
    let (mut value, positions) = yaml::parse(&source)?;
    if value.is_null() {
        return Ok(Rules::built_in());
    }
    let own = file_schema();
    schema::coerce_text_fields(own, &mut value, &positions);
    if let Some(first) = schema::validate(own, &value, &positions, &source)
        .into_iter()
        .next()
    {
        return Err(Box::new(first));
    }
    check_limits(&value, &positions, &source)?;
    let built_in = serde_json::to_value(Profile::guangxi_2022()).expect("a profile serialises");
    let merged = over(built_in, value);
    let profile: Profile = serde_json::from_value(merged).map_err(|e| {
        Box::new(source.error(
            (1, 1),
            "",
            format!("规则文件无法读入：{e}"),
            format!("the rules file cannot be read: {e}"),
        ))
    })?;
    Ok(Rules(Arc::new(profile)))
}

/// Every limit the file writes names exactly one unit.
fn check_limits(
    value: &Value,
    positions: &PositionIndex,
    source: &Source<'_>,
) -> Result<(), Box<Diagnostic>> {
    let Some(limits) = value.get("limits").and_then(Value::as_object) else {
        return Ok(());
    };
    for (key, written) in limits {
        let Ok(limit) = serde_json::from_value::<Limit>(written.clone()) else {
            continue;
        };
        if written.is_object() && limit.units_given() != 1 {
            let field = format!("limits.{key}");
            return Err(Box::new(source.error(
                positions.locate(&field),
                &field,
                format!(
                    "时限 {key} 应写且只写 months（个月）、days（日）、working_days（工作日）中的一项，如 {{ days: 15 }}"
                ),
                format!("the limit `{key}` must give exactly one of months, days, working_days"),
            )));
        }
    }
    Ok(())
}

/// `file` over `base`: each section's entries the file writes replace the base's; a limit
/// the file gives the same figure as the built-in keeps the built-in's basis, and one with a
/// figure of its own and no basis has none (the office's own, as printing says).
fn over(mut base: Value, file: Value) -> Value {
    let Value::Object(file) = file else {
        return base;
    };
    let base_map = base.as_object_mut().expect("a profile is a mapping");
    for (section, written) in file {
        match (base_map.get_mut(&section), written) {
            (Some(Value::Object(entries)), Value::Object(own)) => {
                for (key, mut value) in own {
                    if section == "limits" {
                        keep_basis(entries.get(&key), &mut value);
                    }
                    entries.insert(key, value);
                }
            }
            (_, written) => {
                base_map.insert(section, written);
            }
        }
    }
    base
}

fn keep_basis(built_in: Option<&Value>, written: &mut Value) {
    let (Some(Value::Object(built_in)), Value::Object(written)) = (built_in, written) else {
        return;
    };
    if written.contains_key("basis") {
        return;
    }
    let figure = |m: &Map<String, Value>| {
        let mut m = m.clone();
        m.remove("basis");
        m
    };
    if figure(built_in) == *written
        && let Some(basis) = built_in.get("basis")
    {
        written.insert("basis".into(), basis.clone());
    }
}

/// The profile as a rules file `--rules` accepts: every section and figure, each with its
/// Chinese name and description and where the figure comes from as comments. `origin` says
/// which file (or the built-in profile) it is.
pub fn print(profile: &Profile, origin: &str) -> String {
    let own = file_schema();
    let built_in = Profile::guangxi_2022();
    let value = serde_json::to_value(profile).expect("a profile serialises");
    let built_in_value = serde_json::to_value(&built_in).expect("a profile serialises");
    let mut out = String::new();
    out.push_str("# 整改规则（xunshi rules 打印的在用规则）\n");
    out.push_str(&format!("# 来源：{origin}\n"));
    out.push_str(
        "# 用法：另存为案卷文件夹中的 rules.yaml（对该文件夹及其子文件夹的案卷生效），\n\
         # 或在命令中用 --rules 文件 指定。只需保留要改的项，未写的项沿用内置规则。\n\
         # 时限均自起算事件的次日起计算：months 个月（到期日为目标月同一日，无此日为月末）、\n\
         # days 日（自然日）、working_days 工作日（周一至周五，除去 calendar.holidays，加上 calendar.working_weekends）。\n",
    );
    for (section, keys) in declared_order(profile) {
        let Some(entries) = value.get(&section).cloned() else {
            continue;
        };
        let steps = [Step::Key(section.clone())];
        out.push('\n');
        comment(&mut out, "", &steps, own);
        match entries {
            Value::Object(mut entries) => {
                out.push_str(&format!("{section}:\n"));
                for key in keys {
                    let Some(entry) = entries.remove(&key) else {
                        continue;
                    };
                    let steps = [Step::Key(section.clone()), Step::Key(key.clone())];
                    comment(&mut out, "  ", &steps, own);
                    if section == "limits" {
                        let built = built_in_value.get("limits").and_then(|l| l.get(&key));
                        out.push_str(&format!("  # 依据：{}\n", basis_zh(&key, &entry)));
                        out.push_str(&format!("  {key}: {}\n", limit_text(&entry, built)));
                    } else {
                        out.push_str(&format!("  {key}: {}\n", flow(&entry)));
                    }
                }
            }
            other => out.push_str(&format!("{section}: {}\n", flow(&other))),
        }
    }
    out
}

/// The sections and their keys in the order the profile's types declare them (the order a
/// reader meets them in the 办法: the name, the limits, the calendar, the bodies), taken from
/// the profile serialised as YAML, which keeps that order.
fn declared_order(profile: &Profile) -> Vec<(String, Vec<String>)> {
    let yaml = serde_saphyr::to_string(profile).unwrap_or_default();
    let mut order: Vec<(String, Vec<String>)> = Vec::new();
    let key_of = |line: &str| line.split_once(':').map(|(k, _)| k.trim().to_owned());
    for line in yaml.lines() {
        if line.starts_with(' ') {
            let nested = line.starts_with("  ") && !line.starts_with("   ");
            if let (true, Some((_, keys)), Some(key)) = (nested, order.last_mut(), key_of(line))
                && !key.starts_with('-')
            {
                keys.push(key);
            }
        } else if let Some(key) = key_of(line) {
            order.push((key, Vec::new()));
        }
    }
    order
}

/// A field's Chinese name and description as comment lines.
fn comment(out: &mut String, indent: &str, steps: &[Step], own: &'static FileSchema) {
    let title = schema::title_at(own, steps);
    let description = schema::description_at(own, steps);
    match (title, description) {
        (Some(t), Some(d)) => out.push_str(&format!("{indent}# {t}：{d}\n")),
        (Some(t), None) => out.push_str(&format!("{indent}# {t}\n")),
        (None, Some(d)) => out.push_str(&format!("{indent}# {d}\n")),
        (None, None) => {}
    }
}

/// Where a limit's figure comes from.
fn basis_zh(key: &str, entry: &Value) -> String {
    if entry.is_null() {
        return match key {
            "plan_review" => Profile::PLAN_REVIEW_DEFAULT_ZH.into(),
            "monthly_report_day" => Profile::MONTHLY_DAY_DEFAULT_ZH.into(),
            _ => "未设置".into(),
        };
    }
    if key == "monthly_report_day" {
        return "本单位规定".into();
    }
    entry
        .get("basis")
        .and_then(Value::as_str)
        .map_or_else(|| "本单位规定（规则文件未写依据）".into(), str::to_owned)
}

/// A limit written back: its figure, and its basis only when it is not the built-in one for
/// the same figure (which reading restores), so that an office's own basis survives.
fn limit_text(entry: &Value, built_in: Option<&Value>) -> String {
    let Value::Object(map) = entry else {
        return flow(entry);
    };
    let restored = built_in
        .and_then(|b| b.get("basis"))
        .is_some_and(|b| map.get("basis") == Some(b));
    // The figure first, then its basis.
    let shown: Vec<String> = ["months", "days", "working_days", "basis"]
        .into_iter()
        .filter(|key| !(restored && *key == "basis"))
        .filter_map(|key| Some(format!("{key}: {}", flow(map.get(key)?))))
        .collect();
    format!("{{ {} }}", shown.join(", "))
}

/// A value in YAML flow style: strings as JSON strings (valid YAML double-quoted scalars).
fn flow(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Rules, Box<Diagnostic>> {
        parse(Path::new("rules.yaml"), text)
    }

    #[test]
    fn a_file_of_comments_only_is_the_built_in_rules() {
        let rules = parsed(
            "# 本单位规则，暂未修改

# limits:
",
        )
        .unwrap();
        assert_eq!(*rules, Profile::guangxi_2022());
    }

    #[test]
    fn the_printed_built_in_profile_reads_back_as_the_built_in_profile() {
        let built_in = Profile::guangxi_2022();
        let text = print(&built_in, "内置规则");
        let back = parsed(&text).unwrap_or_else(|d| panic!("{}\n{text}", d.message_zh));
        assert_eq!(*back, built_in);
        assert!(text.contains("# 依据：《中共广西壮族自治区委员会巡视整改和成果运用办法》"));
        assert!(
            text.contains("  centralised_period: { months: 3 }\n"),
            "{text}"
        );
    }

    #[test]
    fn a_file_replaces_only_what_it_writes_and_keeps_its_own_basis() {
        let rules = parsed(
            "limits:\n  centralised_period: { months: 2 }\n  inspection_team_review: { working_days: 10, basis: 本省办法第九条 }\n  progress_report: { months: 3 }\nbodies:\n  unit: 被巡察党组织\n",
        )
        .unwrap();
        let built_in = Profile::guangxi_2022();
        assert_eq!(rules.limits.centralised_period.months, Some(2));
        assert_eq!(rules.limits.centralised_period.basis, None);
        assert_eq!(
            rules.limits.progress_report.basis,
            built_in.limits.progress_report.basis
        );
        assert_eq!(rules.limits.inspection_team_review.working_days, Some(10));
        assert_eq!(rules.bodies.unit, "被巡察党组织");
        assert_eq!(
            rules.bodies.discipline_commission,
            built_in.bodies.discipline_commission
        );
        let printed = print(&rules, "rules.yaml");
        assert!(printed.contains("# 依据：本省办法第九条"), "{printed}");
        assert!(printed.contains("# 依据：本单位规定（规则文件未写依据）"));
        let again = parsed(&printed).unwrap();
        assert_eq!(*again, *rules);
    }

    #[test]
    fn mistakes_are_located_and_in_chinese() {
        let wrong_unit = parsed("limits:\n  centralised_period: { months: 2, days: 3 }\n")
            .err()
            .unwrap();
        assert_eq!((wrong_unit.line, wrong_unit.column), (2, 23));
        assert!(
            wrong_unit.message_zh.contains("只写"),
            "{}",
            wrong_unit.message_zh
        );
        let unknown = parsed("limits:\n  centralized_period: { months: 2 }\n")
            .err()
            .unwrap();
        assert_eq!(unknown.line, 2);
        assert!(
            unknown.message_zh.contains("centralised_period"),
            "{}",
            unknown.message_zh
        );
        let text = parsed("limits:\n  centralised_period: { months: 三 }\n")
            .err()
            .unwrap();
        assert_eq!(text.line, 2);
        assert!(text.message_zh.contains("整数"), "{}", text.message_zh);
        let colon = parsed("limits:\n  centralised_period：{ months: 2 }\n")
            .err()
            .unwrap();
        assert!(
            colon.message_zh.contains("全角冒号")
                && colon.message_zh.contains("centralised_period: {"),
            "{}",
            colon.message_zh
        );
        let holiday = parsed("calendar:\n  holidays: [2023-10-32]\n")
            .err()
            .unwrap();
        assert_eq!(holiday.line, 2);
    }
}
