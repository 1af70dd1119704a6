//! `xunshi update`: what a responsible unit filled into the ledger xunshi exported, merged back
//! into the case file in place. The ledger is recomputed from the case (as `xunshi ledger` made
//! it, on the day its title names), so only cells that differ from the export are changes. A
//! unit may fill 整改状态, 完成日期, 销号日期, 进展情况 and 佐证材料; a change anywhere else, a
//! measure the case does not have, a date before the feedback and a closed measure without
//! evidence are refused at their cell, and then nothing is changed.

use super::columns::{self, Field};
use super::edit::{self, Edit, quoted};
use super::sheet::{self, Grid, Value};
use super::{CellError, cells};
use crate::case::{Date, Deadline, LoadedCase, MeasureStatus};
use crate::ledger::{Ledger, Row};
use std::path::Path;

/// The columns a unit fills in.
pub const FILLABLE: [Field; 5] = [
    Field::Status,
    Field::CompletedOn,
    Field::ClosedOn,
    Field::Progress,
    Field::Evidence,
];

/// The case text with the returned values merged in, and how many values changed.
#[derive(Debug, Clone)]
pub struct Merged {
    pub text: String,
    pub changes: usize,
}

fn norm(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn status_code(s: MeasureStatus) -> &'static str {
    match s {
        MeasureStatus::NotStarted => "not_started",
        MeasureStatus::InProgress => "in_progress",
        MeasureStatus::Completed => "completed",
        MeasureStatus::Closed => "closed",
        MeasureStatus::LongTerm => "long_term",
    }
}

/// The text the export wrote in a column a unit may not change.
fn exported(row: &Row, field: Field) -> Option<String> {
    Some(match field {
        Field::Number => row.number.to_string(),
        Field::FindingId => row.finding_id.clone(),
        Field::Area => row.area.clone(),
        Field::Finding => row.finding.clone(),
        Field::MeasureId => row.measure_id.clone(),
        Field::Action => row.action.clone(),
        Field::Leader => row.leader.clone(),
        Field::Units => row.units_text(),
        Field::Deadline => match row.deadline {
            Deadline::On(d) => d.to_string(),
            Deadline::LongTerm => "长期坚持".into(),
        },
        Field::ClosureStandard => row.closure_standard.clone(),
        Field::Overdue => row.overdue_text(),
        _ => return None,
    })
}

/// The day in a sheet's title line, “…（截至2023年3月20日）”.
fn title_date(grid: &Grid) -> Option<Date> {
    let title = grid.get(0, 0).text();
    let after = title.split("截至").nth(1)?;
    cells::date_text(after.trim_end_matches('）')).ok()
}

/// Merges the ledger at `ledger_path` into `loaded` (whose text is `text`).
pub fn merge(
    loaded: &LoadedCase,
    text: &str,
    ledger_path: &Path,
) -> Result<Merged, Vec<CellError>> {
    let file = ledger_path.display().to_string();
    let whole = |message: String| {
        vec![CellError {
            at: file.clone(),
            message,
        }]
    };
    let grids = sheet::read(ledger_path).map_err(whole)?;
    let case = &loaded.case;
    let short = &case.unit.short_name;
    let mut chosen = None;
    for grid in &grids {
        if let Ok(Some(h)) = columns::find_header(grid)
            && h.col(Field::MeasureId).is_some()
            && (chosen.is_none() || grid.sheet == *short)
        {
            chosen = Some((grid, h));
        }
    }
    let Some((grid, header)) = chosen else {
        return Err(whole(
            "台账中没有带“措施编号”列的工作表：请用 xunshi ledger 导出的台账填写后合并".into(),
        ));
    };
    let ledger = Ledger::of([case], title_date(grid));
    let org = &ledger.organisations[0];
    let feedback = case.round.feedback_date;
    let mut errors = Vec::new();
    let mut edits = Vec::new();
    let mut changes = 0;
    let id_col = header.col(Field::MeasureId).expect("checked above");
    for r in header.row + 1..grid.rows.len() {
        if grid.rows[r].iter().all(Value::is_empty) {
            continue;
        }
        let id = grid.get(r, id_col).text();
        let found = case.findings.iter().enumerate().find_map(|(fi, f)| {
            f.measures
                .iter()
                .position(|m| m.id == id)
                .map(|mi| (fi, mi))
        });
        let (Some((fi, mi)), Some(row)) = (found, org.rows.iter().find(|x| x.measure_id == id))
        else {
            errors.push(CellError {
                at: grid.address(r, id_col),
                message: format!("案卷中没有措施“{id}”：台账中不能增加措施，新措施请在案卷中添加"),
            });
            continue;
        };
        let measure = &case.findings[fi].measures[mi];
        for &(field, col) in &header.columns {
            let Some(expected) = exported(row, field) else {
                continue;
            };
            let got = grid.get(r, col).text();
            if norm(&got) != norm(&expected) {
                errors.push(CellError {
                    at: grid.address(r, col),
                    message: format!(
                        "“{}”列不由责任单位填写，不能在台账中修改（导出时为“{}”，现为“{}”）；责任单位只填写整改状态、完成日期、销号日期、进展情况和佐证材料",
                        field.name(),
                        expected,
                        got
                    ),
                });
            }
        }
        let before = errors.len();
        let cell = |field: Field| header.col(field).map(|c| (c, grid.get(r, c)));
        let mut status = measure.status;
        let mut status_at = None;
        if let Some((col, v)) = cell(Field::Status) {
            status_at = Some(grid.address(r, col));
            if !v.is_empty() {
                match cells::status(&v.text()) {
                    Ok(s) if s != row.status => status = s,
                    Ok(_) => {}
                    Err(message) => errors.push(CellError {
                        at: grid.address(r, col),
                        message,
                    }),
                }
            }
        }
        let mut date = |field: Field, was: Option<Date>| -> Option<Date> {
            let (col, v) = cell(field)?;
            if v.is_empty() {
                return None;
            }
            match cells::date(v) {
                Ok(d) if d < feedback => {
                    errors.push(CellError {
                        at: grid.address(r, col),
                        message: format!("{}（{d}）早于巡视反馈日期（{feedback}）", field.name()),
                    });
                    None
                }
                Ok(d) => (Some(d) != was).then_some(d),
                Err(reason) => {
                    errors.push(CellError {
                        at: grid.address(r, col),
                        message: format!("{}：{reason}", field.name()),
                    });
                    None
                }
            }
        };
        let completed_on = date(Field::CompletedOn, row.completed_on);
        let closed_on = date(Field::ClosedOn, row.closed_on);
        let progress = cell(Field::Progress)
            .map(|(_, v)| v.text())
            .filter(|t| norm(t) != norm(&row.progress) && !t.trim().is_empty());
        let evidence = cell(Field::Evidence)
            .map(|(_, v)| cells::lines(&v.text()))
            .filter(|e| *e != row.evidence);
        let evidence_after = evidence.as_ref().unwrap_or(&measure.evidence);
        if status == MeasureStatus::Closed && evidence_after.is_empty() {
            errors.push(CellError {
                at: status_at.clone().unwrap_or_else(|| file.clone()),
                message: format!("措施“{id}”填为已销号，但没有佐证材料：请在“佐证材料”列填写"),
            });
        }
        if errors.len() > before {
            continue;
        }
        let path = format!("findings[{fi}].measures[{mi}]");
        let mut set: Vec<(&str, String)> = Vec::new();
        if status != measure.status {
            set.push(("status", status_code(status).into()));
        }
        if let Some(d) = completed_on {
            set.push(("completed_on", d.to_string()));
        }
        if let Some(d) = closed_on {
            set.push(("closed_on", d.to_string()));
        }
        if let Some(p) = &progress {
            set.push(("progress", quoted(p.trim())));
        }
        changes += set.len() + usize::from(evidence.is_some());
        match measure_edits(loaded, text, &path, &set, evidence.as_deref()) {
            Ok(mut e) => edits.append(&mut e),
            Err(message) => errors.push(CellError {
                at: grid.address(r, id_col),
                message,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Merged {
        text: edit::apply(text, edits),
        changes,
    })
}

/// The edits that give the measure at `path` the values `set` (YAML text) and `evidence`.
fn measure_edits(
    loaded: &LoadedCase,
    text: &str,
    path: &str,
    set: &[(&str, String)],
    evidence: Option<&[String]>,
) -> Result<Vec<Edit>, String> {
    let pos = &loaded.positions;
    let cannot =
        || "案卷中该措施的写法（单行 {…} 或多行文字）无法原位修改，请直接编辑案卷".to_owned();
    let (id_line, id_col) = *pos.keys.get(&format!("{path}.id")).ok_or_else(cannot)?;
    let (line_start, id_line_end) = edit::line_span(text, id_line).ok_or_else(cannot)?;
    let before_key = &text[line_start..edit::offset(text, id_line, id_col).ok_or_else(cannot)?];
    if before_key.contains('{') {
        return Err(cannot());
    }
    let indent = " ".repeat(id_col - 1);
    let mut edits = Vec::new();
    let mut inserted = String::new();
    for (key, value) in set {
        let field = format!("{path}.{key}");
        match pos.values.get(&field) {
            Some(&(line, col)) => {
                let start = edit::offset(text, line, col).ok_or_else(cannot)?;
                let len = edit::scalar_len(text, start).ok_or_else(cannot)?;
                edits.push(Edit {
                    start,
                    end: start + len,
                    text: value.clone(),
                });
            }
            None => inserted.push_str(&format!("{indent}{key}: {value}\n")),
        }
    }
    if let Some(items) = evidence {
        let mut block = format!("{indent}evidence:");
        if items.is_empty() {
            block.push_str(" []\n");
        } else {
            block.push('\n');
            for item in items {
                block.push_str(&format!("{indent}  - {}\n", quoted(item)));
            }
        }
        match pos.keys.get(&format!("{path}.evidence")) {
            Some(&(line, col)) => {
                let (start, _) = edit::line_span(text, line).ok_or_else(cannot)?;
                let end = edit::block_end(text, line, col).ok_or_else(cannot)?;
                edits.push(Edit {
                    start,
                    end,
                    text: block,
                });
            }
            None => inserted.push_str(&block),
        }
    }
    if !inserted.is_empty() {
        edits.push(Edit {
            start: id_line_end,
            end: id_line_end,
            text: inserted,
        });
    }
    Ok(edits)
}
