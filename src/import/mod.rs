//! `xunshi import`: an office's own 台账 (a workbook or CSV) to case files. [`sheet`] reads the
//! cells (merged regions filled in), [`columns`] finds the header row and its columns by name,
//! [`cells`] reads dates, deadlines and statuses; this module groups rows into organisations,
//! problems and measures and writes each organisation's case as YAML text. What the sheet
//! cannot say (the round, the feedback date, the principal) comes from [`Options`] or is left
//! as a placeholder marked `# 待填写` that `xunshi validate` reports. Every cell that cannot be
//! read is a [`CellError`] at `file!sheet!C12`; nothing is written when there is one.

pub mod cells;
pub mod columns;
pub mod edit;
pub mod reports;
pub mod sheet;
pub mod update;

use crate::case::{Date, Deadline, MeasureStatus};
use crate::rules::statistics::status_zh;
use columns::{Field, Header};
use sheet::{Grid, Value};
use std::fmt::Write as _;
use std::path::Path;

/// What the command line says that the sheet cannot.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub round: Option<String>,
    pub team: Option<String>,
    pub feedback_date: Option<Date>,
    pub principal: Option<String>,
    pub principal_title: Option<String>,
    /// The organisation's name, for a sheet that names none (a CSV, `Sheet1`).
    pub unit: Option<String>,
}

/// A cell that cannot be read, and why (Chinese).
#[derive(Debug, Clone, PartialEq)]
pub struct CellError {
    pub at: String,
    pub message: String,
}

/// One organisation's case, as text ready to write.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The file name to write it under (without `.yaml`).
    pub file_stem: String,
    /// The organisation's name, or `None` when it is a placeholder.
    pub unit: Option<String>,
    pub text: String,
    pub findings: usize,
    pub measures: usize,
    /// How many `# 待填写` placeholders it has.
    pub placeholders: usize,
}

/// The result of reading a 台账: its cases and the notes on what was skipped or assumed.
#[derive(Debug, Clone)]
pub struct Import {
    pub cases: Vec<Imported>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
struct MeasureIn {
    id: String,
    action: String,
    leader: String,
    units: Vec<String>,
    deadline: Deadline,
    closure_standard: Option<String>,
    status: MeasureStatus,
    progress: Option<String>,
    completed_on: Option<Date>,
    closed_on: Option<Date>,
    evidence: Vec<String>,
}

#[derive(Debug, Clone)]
struct FindingIn {
    /// The problem's key in the sheet: its 问题编号, else its text.
    key: String,
    id: String,
    area: Option<String>,
    title: String,
    measures: Vec<MeasureIn>,
}

#[derive(Debug, Clone)]
struct OrgIn {
    /// `None`: the sheet does not name the organisation.
    name: Option<String>,
    /// The sheet it came from, for the file name and the header comment.
    sheet: String,
    findings: Vec<FindingIn>,
    /// Where the name came from, for the comment beside it.
    name_from: &'static str,
}

/// Sheet names that say nothing about the organisation.
fn is_default_sheet_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    ["sheet", "工作表", "表"].iter().any(|p| {
        lower
            .strip_prefix(p)
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Reads the 台账 at `path` into one case per organisation.
pub fn import(path: &Path, options: &Options) -> Result<Import, Vec<CellError>> {
    let file = path.display().to_string();
    let grids = sheet::read(path).map_err(|message| {
        vec![CellError {
            at: file.clone(),
            message,
        }]
    })?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let mut orgs: Vec<OrgIn> = Vec::new();
    let mut any_header = false;
    for grid in &grids {
        let header = match columns::find_header(grid) {
            Ok(Some(h)) => h,
            Ok(None) => {
                if !is_csv {
                    notes.push(format!(
                        "工作表“{}”中没有台账表头（须有“整改措施”等列），已跳过",
                        grid.sheet
                    ));
                }
                continue;
            }
            Err((at, message)) => {
                errors.push(CellError { at, message });
                continue;
            }
        };
        any_header = true;
        let missing: Vec<Field> = columns::REQUIRED
            .iter()
            .copied()
            .filter(|f| header.col(*f).is_none())
            .collect();
        if !missing.is_empty() {
            for field in missing {
                errors.push(CellError {
                    at: grid.address(header.row, 0),
                    message: format!(
                        "表头（第 {} 行）中找不到“{}”列（列名可写作：{}）",
                        header.row + 1,
                        field.name(),
                        field.synonyms()
                    ),
                });
            }
            continue;
        }
        for (col, text) in &header.unknown {
            notes.push(format!(
                "{}：未识别的列“{}”，未导入",
                grid.address(header.row, *col),
                text.replace('\n', "")
            ));
        }
        let sheet_org = if header.col(Field::Organisation).is_some() {
            None
        } else if let Some(unit) = &options.unit {
            Some((Some(unit.clone()), "导入时用 --unit 指明"))
        } else if is_csv || is_default_sheet_name(&grid.sheet) {
            Some((None, ""))
        } else {
            Some((Some(grid.sheet.clone()), "取自工作表名"))
        };
        read_rows(grid, &header, sheet_org, &mut orgs, &mut errors, &mut notes);
    }
    if !any_header && errors.is_empty() {
        errors.push(CellError {
            at: file.clone(),
            message:
                "没有找到台账表头：表头行须有“问题”“整改措施”“责任领导”“责任单位”“完成时限”等列"
                    .into(),
        });
    }
    if errors.is_empty() && orgs.is_empty() {
        errors.push(CellError {
            at: file.clone(),
            message: "台账中没有整改措施（表头下方没有数据行）".into(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut stems: Vec<String> = Vec::new();
    let cases = orgs
        .iter()
        .map(|org| {
            let mut stem = safe_file_stem(org.name.as_deref().unwrap_or(&org.sheet));
            if stem.is_empty() {
                stem = "案卷".into();
            }
            let base = stem.clone();
            let mut n = 2;
            while stems.contains(&stem) {
                stem = format!("{base}-{n}");
                n += 1;
            }
            stems.push(stem.clone());
            let (text, placeholders) = emit(org, options, &file);
            Imported {
                file_stem: stem,
                unit: org.name.clone(),
                text,
                findings: org.findings.len(),
                measures: org.findings.iter().map(|f| f.measures.len()).sum(),
                placeholders,
            }
        })
        .collect();
    Ok(Import { cases, notes })
}

fn safe_file_stem(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect::<String>()
        .trim_end_matches('.')
        .to_owned()
}

/// Reads the data rows under `header` into `orgs`.
fn read_rows(
    grid: &Grid,
    header: &Header,
    sheet_org: Option<(Option<String>, &'static str)>,
    orgs: &mut Vec<OrgIn>,
    errors: &mut Vec<CellError>,
    notes: &mut Vec<String>,
) {
    let data_fields: Vec<(Field, usize)> = header
        .columns
        .iter()
        .copied()
        .filter(|(f, _)| !matches!(f, Field::Number | Field::Overdue))
        .collect();
    let mut empty_status = 0usize;
    for row in header.row + 1..grid.rows.len() {
        let cell = |field: Field| header.col(field).map(|c| (c, grid.get(row, c)));
        // A row with nothing of its own (only what merges fill in, or nothing) is not a measure.
        let own = data_fields
            .iter()
            .any(|(_, c)| !grid.get(row, *c).is_empty() && !grid.is_merged(row, *c));
        if !own {
            continue;
        }
        if cell(Field::Number).is_some_and(|(_, v)| v.text() == "合计") {
            continue;
        }
        let before = errors.len();
        let mut text_of = |field: Field, required: bool| -> Option<String> {
            let (col, v) = cell(field)?;
            if let Value::Unreadable(reason) = v {
                errors.push(CellError {
                    at: grid.address(row, col),
                    message: reason.clone(),
                });
                return None;
            }
            let t = v.text();
            if t.is_empty() {
                if required {
                    errors.push(CellError {
                        at: grid.address(row, col),
                        message: format!("“{}”为空：每项整改措施都须填写", field.name()),
                    });
                }
                return None;
            }
            Some(t)
        };
        let (org_name, name_from) = match &sheet_org {
            Some((name, from)) => (name.clone(), *from),
            None => (text_of(Field::Organisation, true), "取自“单位”列"),
        };
        let finding_id = text_of(Field::FindingId, true);
        let area = text_of(Field::Area, true);
        let title = text_of(Field::Finding, true);
        let measure_id = text_of(Field::MeasureId, true);
        let action = text_of(Field::Action, true);
        let leader = text_of(Field::Leader, true);
        let units = text_of(Field::Units, true).map(|t| cells::units(&t));
        let closure_standard = text_of(Field::ClosureStandard, false);
        let progress = text_of(Field::Progress, false);
        let evidence = text_of(Field::Evidence, false)
            .map(|t| cells::lines(&t))
            .unwrap_or_default();
        let status = match cell(Field::Status) {
            Some((col, v)) if !v.is_empty() => match cells::status(&v.text()) {
                Ok(s) => Some(s),
                Err(message) => {
                    errors.push(CellError {
                        at: grid.address(row, col),
                        message,
                    });
                    None
                }
            },
            Some(_) => {
                empty_status += 1;
                Some(MeasureStatus::NotStarted)
            }
            None => Some(MeasureStatus::NotStarted),
        };
        let mut date_of = |field: Field, required: bool| -> Option<Option<Date>> {
            match cell(field) {
                Some((col, v)) if !v.is_empty() || required => match cells::date(v) {
                    Ok(d) => Some(Some(d)),
                    Err(reason) => {
                        errors.push(CellError {
                            at: grid.address(row, col),
                            message: format!("{}：{reason}", field.name()),
                        });
                        None
                    }
                },
                _ => Some(None),
            }
        };
        let completed_on = date_of(Field::CompletedOn, false);
        let closed_on = date_of(Field::ClosedOn, false);
        let deadline = cell(Field::Deadline).and_then(|(col, v)| match cells::deadline(v) {
            Ok(d) => Some(d),
            Err(reason) => {
                errors.push(CellError {
                    at: grid.address(row, col),
                    message: format!("完成时限：{reason}"),
                });
                None
            }
        });
        if errors.len() > before {
            continue;
        }
        let (Some(title), Some(action), Some(leader), Some(units), Some(deadline), Some(status)) =
            (title, action, leader, units, deadline, status)
        else {
            continue;
        };
        let (Some(completed_on), Some(closed_on)) = (completed_on, closed_on) else {
            continue;
        };
        if header.col(Field::Organisation).is_some() && org_name.is_none() {
            continue;
        }
        let org = match orgs
            .iter()
            .position(|o| o.name == org_name && (o.name.is_some() || o.sheet == grid.sheet))
        {
            Some(i) => &mut orgs[i],
            None => {
                orgs.push(OrgIn {
                    name: org_name.clone(),
                    sheet: grid.sheet.clone(),
                    findings: Vec::new(),
                    name_from,
                });
                orgs.last_mut().expect("just pushed")
            }
        };
        let key = finding_id.clone().unwrap_or_else(|| title.clone());
        let finding = match org.findings.iter().position(|f| f.key == key) {
            Some(i) => {
                let f = &mut org.findings[i];
                if finding_id.is_some() && f.title != title {
                    let col = header.col(Field::Finding).unwrap_or(0);
                    errors.push(CellError {
                        at: grid.address(row, col),
                        message: format!(
                            "问题编号“{key}”已用于另一个问题（“{}”）：同一问题的各项措施问题文字须相同，不同问题须用不同编号",
                            short(&f.title)
                        ),
                    });
                    continue;
                }
                f
            }
            None => {
                let id = finding_id
                    .clone()
                    .unwrap_or_else(|| (org.findings.len() + 1).to_string());
                org.findings.push(FindingIn {
                    key,
                    id,
                    area: area.clone(),
                    title: title.clone(),
                    measures: Vec::new(),
                });
                org.findings.last_mut().expect("just pushed")
            }
        };
        let id =
            measure_id.unwrap_or_else(|| format!("{}.{}", finding.id, finding.measures.len() + 1));
        finding.measures.push(MeasureIn {
            id,
            action,
            leader,
            units,
            deadline,
            closure_standard,
            status,
            progress,
            completed_on,
            closed_on,
            evidence,
        });
    }
    if empty_status > 0 {
        notes.push(format!(
            "工作表“{}”中有 {empty_status} 项措施的“整改状态”为空，已按“未启动”导入，请核对",
            grid.sheet
        ));
    }
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(20).collect();
    if text.chars().count() > 20 {
        s.push('…');
    }
    s
}

/// A YAML double-quoted scalar: JSON's string syntax is valid YAML.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

const TODO: &str = "待填写";

/// Writes `key: value` or, when the value is unknown, the key with no value and a `# 待填写`
/// comment: `xunshi validate` reports the empty value at that very line.
fn text_field(
    out: &mut String,
    indent: &str,
    key: &str,
    value: Option<&str>,
    what: &str,
    count: &mut usize,
) {
    match value {
        Some(v) => {
            let _ = writeln!(out, "{indent}{key}: {}", quoted(v));
        }
        None => {
            *count += 1;
            let _ = writeln!(out, "{indent}{key}:   # {TODO}：{what}");
        }
    }
}

/// The case file of one organisation. Returns the text and how many placeholders it has.
fn emit(org: &OrgIn, options: &Options, file: &str) -> (String, usize) {
    let mut out = String::new();
    let mut todo = 0usize;
    let measures: usize = org.findings.iter().map(|f| f.measures.len()).sum();
    let _ = writeln!(
        out,
        "# 巡视整改案卷：由 xunshi import 从 {file}（工作表“{}”）导入，{} 个问题，{measures} 项整改措施。",
        org.sheet,
        org.findings.len()
    );
    let _ = writeln!(
        out,
        "# 标有“{TODO}”的各处是台账中没有的信息，补充后运行 xunshi validate 本文件 校验。"
    );
    let _ = writeln!(
        out,
        "# 格式说明见 docs/case-file.md；日期一律写作 YYYY-MM-DD。"
    );
    out.push('\n');
    out.push_str("version: 1\n\n");
    out.push_str("round:                           # 巡视轮次\n");
    text_field(
        &mut out,
        "  ",
        "name",
        options.round.as_deref(),
        "巡视轮次名称，如“十二届区委第三轮巡察”（导入时可用 --round 指明）",
        &mut todo,
    );
    text_field(
        &mut out,
        "  ",
        "team",
        options.team.as_deref(),
        "巡视组，如“区委第二巡察组”（导入时可用 --team 指明）",
        &mut todo,
    );
    match options.feedback_date {
        Some(d) => {
            let _ = writeln!(out, "  feedback_date: {d}         # 巡视反馈日期");
        }
        None => {
            todo += 1;
            let _ = writeln!(
                out,
                "  feedback_date: {TODO}           # {TODO}：巡视反馈日期，写作 YYYY-MM-DD（导入时可用 --feedback-date 指明）"
            );
        }
    }
    out.push('\n');
    out.push_str("unit:                            # 被巡视党组织\n");
    match &org.name {
        Some(name) => {
            let _ = writeln!(
                out,
                "  name: {}   # 党组织全称（{}，请核对）",
                quoted(name),
                org.name_from
            );
            let _ = writeln!(out, "  short_name: {}", quoted(name));
        }
        None => {
            text_field(
                &mut out,
                "  ",
                "name",
                None,
                "党组织全称（台账中没有单位名称；导入时可用 --unit 指明）",
                &mut todo,
            );
            text_field(&mut out, "  ", "short_name", None, "党组织简称", &mut todo);
        }
    }
    out.push_str("  principal:                     # 主要负责人\n");
    text_field(
        &mut out,
        "    ",
        "name",
        options.principal.as_deref(),
        "主要负责人姓名（导入时可用 --principal 指明）",
        &mut todo,
    );
    text_field(
        &mut out,
        "    ",
        "title",
        options.principal_title.as_deref(),
        "主要负责人职务（导入时可用 --principal-title 指明）",
        &mut todo,
    );
    out.push_str("  # 领导班子成员（leaders）未列出时，校验会提示无法核对责任领导。\n\n");
    out.push_str("findings:\n");
    for f in &org.findings {
        let _ = writeln!(out, "  - id: {}", quoted(&f.id));
        text_field(
            &mut out,
            "    ",
            "area",
            f.area.as_deref(),
            "问题所属方面，如“党的建设方面”（台账中没有“问题所属方面”列）",
            &mut todo,
        );
        let _ = writeln!(out, "    title: {}", quoted(&f.title));
        out.push_str("    measures:\n");
        for m in &f.measures {
            let _ = writeln!(out, "      - id: {}", quoted(&m.id));
            let _ = writeln!(out, "        action: {}", quoted(&m.action));
            let _ = writeln!(out, "        leader: {}", quoted(&m.leader));
            let units: Vec<String> = m.units.iter().map(|u| quoted(u)).collect();
            let _ = writeln!(out, "        units: [{}]", units.join(", "));
            match m.deadline {
                Deadline::On(d) => {
                    let _ = writeln!(out, "        deadline: {d}");
                }
                Deadline::LongTerm => out.push_str("        deadline: long_term   # 长期坚持\n"),
            }
            if let Some(s) = &m.closure_standard {
                let _ = writeln!(out, "        closure_standard: {}", quoted(s));
            }
            let code = match m.status {
                MeasureStatus::NotStarted => "not_started",
                MeasureStatus::InProgress => "in_progress",
                MeasureStatus::Completed => "completed",
                MeasureStatus::Closed => "closed",
                MeasureStatus::LongTerm => "long_term",
            };
            let _ = writeln!(out, "        status: {code}   # {}", status_zh(m.status));
            if let Some(p) = &m.progress {
                let _ = writeln!(out, "        progress: {}", quoted(p));
            }
            if let Some(d) = m.completed_on {
                let _ = writeln!(out, "        completed_on: {d}");
            }
            if let Some(d) = m.closed_on {
                let _ = writeln!(out, "        closed_on: {d}");
            }
            if !m.evidence.is_empty() {
                out.push_str("        evidence:\n");
                for e in &m.evidence {
                    let _ = writeln!(out, "          - {}", quoted(e));
                }
            }
            if m.deadline == Deadline::LongTerm || m.status == MeasureStatus::LongTerm {
                todo += 1;
                let _ = writeln!(
                    out,
                    "        review_on: {TODO}   # {TODO}：长期坚持的措施须有评估日期（YYYY-MM-DD）或阶段性目标（staged_goals）"
                );
            }
        }
    }
    (out, todo)
}
