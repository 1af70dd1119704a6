//! `xunshi update`: what a responsible unit filled into the ledger xunshi exported, merged back
//! into the case file in place. The ledger is recomputed from the case (as `xunshi ledger` made
//! it, on the day its title names), so only cells that differ from the export are changes. A
//! unit may fill 整改状态, 完成日期, 销号日期, 进展情况 and 佐证材料, and 报送日期 on the
//! 月报报送 sheet ([`super::reports`]); a change anywhere else, a measure the case does not
//! have, a date before the feedback or after today, a cleared cell that had a value and a
//! closed measure without evidence are refused at their cell, and then nothing is changed.
//!
//! 进展情况 is a record that only grows: the lines a unit added to the cell (those the export
//! did not have) become new dated entries of the measure's `updates`, each dated by the date
//! its line begins with (“2023年4月10日：……”, the form the ledger itself writes), else by
//! `--on`; a new line with neither is refused. The undated `progress` text is left as it is.

use super::columns::{self, Field};
use super::edit::{self, Edit, quoted};
use super::sheet::{self, Grid, Value};
use super::{CellError, cells, reports};
use crate::case::{Date, Deadline, LoadedCase, Measure, MeasureStatus};
use crate::ledger::{Ledger, Row};
use std::path::Path;

/// What the command line says about the merge.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The day of a new progress line that names none (`--on`).
    pub on: Option<Date>,
    /// Today: no date merged may be later.
    pub today: Date,
}

/// The columns a unit fills in.
pub const FILLABLE: [Field; 5] = [
    Field::Status,
    Field::CompletedOn,
    Field::ClosedOn,
    Field::Progress,
    Field::Evidence,
];

/// The case text with the returned values merged in, how many values changed, and notes on
/// what was merged (Chinese, one sentence each).
#[derive(Debug, Clone)]
pub struct Merged {
    pub text: String,
    pub changes: usize,
    pub notes: Vec<String>,
}

/// The message for a fillable cell a unit emptied: refused, since an empty cell in a returned
/// sheet is as often an accident (a cut, a paste over it) as an intended withdrawal.
pub(super) fn cleared(name: &str, was: &str) -> String {
    format!(
        "“{name}”被清空（导出时为“{was}”）：台账不能删除案卷中已有的内容；如要撤销，请直接改案卷文件"
    )
}

/// A date a unit filled, checked against the feedback date and today.
pub(super) fn in_range(name: &str, d: Date, feedback: Date, today: Date) -> Result<Date, String> {
    if d < feedback {
        Err(format!("{name}（{d}）早于巡视反馈日期（{feedback}）"))
    } else if d > today {
        Err(format!(
            "{name}（{d}）晚于今天（{today}）：台账只填写已经发生的事"
        ))
    } else {
        Ok(d)
    }
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
pub(super) fn title_date(grid: &Grid) -> Option<Date> {
    let title = grid.get(0, 0).text();
    let after = title.split("截至").nth(1)?;
    cells::date_text(after.trim_end_matches('）')).ok()
}

/// Merges the ledger at `ledger_path` into `loaded` (whose text is `text`).
pub fn merge(
    loaded: &LoadedCase,
    text: &str,
    ledger_path: &Path,
    options: Options,
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
    let exported_on = title_date(grid);
    let ledger = Ledger::of([case], exported_on);
    let org = &ledger.organisations[0];
    // The progress text a day before the case's as-of date depends on that date
    // (`rules::as_of`); an as-of date moved since the export would change the 进展情况 the
    // export showed. So the cell is also compared with the export under an as-of date no later
    // than the export's own day.
    let mut then = case.clone();
    then.as_of = then.as_of.map(|a| exported_on.map_or(a, |on| a.min(on)));
    let ledger_then = Ledger::of([&then], exported_on);
    let org_then = &ledger_then.organisations[0];
    let feedback = case.round.feedback_date;
    let today = options.today;
    let mut errors = Vec::new();
    let mut edits = Vec::new();
    let mut notes = Vec::new();
    let mut changes = 0;
    let mut latest: Option<Date> = None;
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
        let row_then = org_then
            .rows
            .iter()
            .find(|x| x.measure_id == id)
            .unwrap_or(row);
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
            if v.is_empty() {
                errors.push(CellError {
                    at: grid.address(r, col),
                    message: cleared(Field::Status.name(), row.status_text()),
                });
            } else {
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
                if let Some(was) = was {
                    errors.push(CellError {
                        at: grid.address(r, col),
                        message: cleared(field.name(), &was.to_string()),
                    });
                }
                return None;
            }
            let read = cells::date(v)
                .map_err(|reason| format!("{}：{reason}", field.name()))
                .and_then(|d| in_range(field.name(), d, feedback, today));
            match read {
                Ok(d) => (Some(d) != was).then_some(d),
                Err(message) => {
                    errors.push(CellError {
                        at: grid.address(r, col),
                        message,
                    });
                    None
                }
            }
        };
        let completed_on = date(Field::CompletedOn, row.completed_on);
        let closed_on = date(Field::ClosedOn, row.closed_on);
        let mut updates = Vec::new();
        if let Some((col, v)) = cell(Field::Progress) {
            let at = grid.address(r, col);
            let shown = [row.progress.as_str(), row_then.progress.as_str()];
            match progress_lines(&shown, &v.text()) {
                Progress::Same => {}
                Progress::Cleared => errors.push(CellError {
                    at,
                    message: cleared(Field::Progress.name(), &row.progress),
                }),
                Progress::Removed => notes.push(format!(
                    "{at}：进展情况删去了导出时的部分内容，没有新的进展；进展记录只增不删，案卷未改（如要修改已有记录，请直接改案卷文件）"
                )),
                Progress::Added(entries) => {
                    for entry in entries {
                        match dated(entry, measure, options, feedback) {
                            Ok(Some(update)) => updates.push(update),
                            Ok(None) => {}
                            Err(message) => errors.push(CellError {
                                at: at.clone(),
                                message,
                            }),
                        }
                    }
                }
            }
        }
        let evidence = cell(Field::Evidence).and_then(|(col, v)| {
            let items = cells::lines(&v.text());
            if items.is_empty() && !row.evidence.is_empty() {
                errors.push(CellError {
                    at: grid.address(r, col),
                    message: cleared(Field::Evidence.name(), &row.evidence.join("、")),
                });
                return None;
            }
            (items != row.evidence).then_some(items)
        });
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
        latest = latest
            .max(completed_on)
            .max(closed_on)
            .max(updates.iter().map(|u| u.0).max());
        changes += set.len() + usize::from(evidence.is_some()) + updates.len();
        let change = MeasureChange {
            set: &set,
            evidence: evidence.as_deref(),
            updates: &updates,
            had_updates: measure.updates.len(),
        };
        match measure_edits(loaded, text, &path, &change) {
            Ok(mut e) => edits.append(&mut e),
            Err(message) => errors.push(CellError {
                at: grid.address(r, id_col),
                message,
            }),
        }
    }
    if let Some(merged) = reports::merge(loaded, text, &grids, org, options.today, &mut errors) {
        latest = latest.max(merged.latest);
        changes += merged.changes;
        edits.extend(merged.edits);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let (Some(as_of), Some(latest)) = (case.as_of, latest)
        && latest > as_of
    {
        notes.push(format!(
            "合并的日期最晚为 {latest}，晚于案卷的情况截至日期（as_of：{as_of}）：状态视图、台账和月报表默认以 as_of 为准，暂不计入此后的情况；核对各措施的进展情况（progress）后，可把 as_of 改为 {latest}，或在这些命令中用 --on 指定日期"
        ));
    }
    Ok(Merged {
        text: edit::apply(text, edits),
        changes,
        notes,
    })
}

/// What a unit did to a 进展情况 cell, line by line against what the export showed.
#[derive(Debug, Clone, PartialEq)]
enum Progress {
    /// Every line it has was shown (lines left out of a cell that still has new ones are
    /// fine: the record only grows, and a unit often writes the cell anew).
    Same,
    /// Emptied a cell that had text.
    Cleared,
    /// Took lines out and added none.
    Removed,
    /// New entries, in the order written.
    Added(Vec<Entry>),
}

/// One new progress entry: a line beginning with a date, with the undated lines after it, or
/// undated lines before any dated one.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    on: Result<Option<Date>, String>,
    text: String,
}

/// The cell `returned` against the texts the export may have shown (`shown`, each one cell).
fn progress_lines(shown: &[&str], returned: &str) -> Progress {
    let old: Vec<String> = shown.iter().flat_map(|s| cells::lines(s)).collect();
    let new = cells::lines(returned);
    if new.is_empty() {
        return if shown.iter().all(|s| !s.trim().is_empty()) {
            Progress::Cleared
        } else {
            Progress::Same
        };
    }
    if shown.iter().any(|s| norm(s) == norm(returned)) {
        return Progress::Same;
    }
    let mut entries: Vec<Entry> = Vec::new();
    for line in new.iter().filter(|l| !old.contains(l)) {
        match dated_line(line) {
            Some(on) => {
                let (on, rest) = match on {
                    Ok((d, rest)) => (Ok(Some(d)), rest),
                    Err(reason) => (Err(reason), line.clone()),
                };
                entries.push(Entry { on, text: rest });
            }
            None => match entries.last_mut() {
                Some(last) => {
                    last.text.push('\n');
                    last.text.push_str(line);
                }
                None => entries.push(Entry {
                    on: Ok(None),
                    text: line.clone(),
                }),
            },
        }
    }
    if entries.is_empty() {
        Progress::Removed
    } else {
        Progress::Added(entries)
    }
}

/// A line that begins with a date: “2023年4月10日：召开推进会”, “2023-04-10 召开推进会”,
/// “2023.4.10，…”, “2023年4月10日召开推进会”. `None` when it does not look like it begins
/// with one (“1. 第一”, “2023年全年……”); `Err` when it does but the date is not a day
/// (“4月10日：…” has no year). The text is what follows the date and its separator.
fn dated_line(line: &str) -> Option<Result<(Date, String), String>> {
    let is_date_char = |c: char| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || matches!(
                c,
                '年' | '月' | '日' | '号' | '-' | '/' | '.' | '－' | '／' | '．'
            )
    };
    let end = line
        .char_indices()
        .find(|(_, c)| !is_date_char(*c))
        .map_or(line.len(), |(i, _)| i);
    let head = line[..end].trim_end_matches(['-', '/', '.', '－', '／', '．']);
    let separators = head
        .chars()
        .filter(|c| matches!(c, '-' | '/' | '.' | '－' | '／' | '．'))
        .count();
    let starts_with_digit = head
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if !starts_with_digit || !(head.contains('月') || separators >= 2) {
        return None;
    }
    let rest = line[head.len()..]
        .trim_start_matches(['：', ':', '，', ',', '、', ' ', '\u{3000}'])
        .trim();
    Some(
        cells::date_text(head)
            .map(|d| (d, rest.to_owned()))
            .map_err(|reason| format!("进展情况“{line}”开头的日期：{reason}")),
    )
}

/// The entry as a dated update of `measure`, or `None` when the measure already has it.
fn dated(
    entry: Entry,
    measure: &Measure,
    options: Options,
    feedback: Date,
) -> Result<Option<(Date, String)>, String> {
    let text = entry.text.trim().to_owned();
    let on = entry.on?;
    if text.is_empty() {
        return Err(format!(
            "进展情况中的“{}”只有日期，没有进展内容",
            on.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    let known = |u: &&crate::case::ProgressUpdate| {
        norm(&u.text) == norm(&text) && on.is_none_or(|d| d == u.on)
    };
    if measure.updates.iter().any(|u| known(&u)) {
        return Ok(None);
    }
    let Some(d) = on.or(options.on) else {
        return Err(format!(
            "进展情况中新增的“{text}”没有注明日期：请在该行开头写明进展的日期（如“2023年4月10日：……”），或运行 xunshi update 时用 --on 指定日期"
        ));
    };
    let d = in_range("进展日期", d, feedback, options.today)?;
    Ok(Some((d, text)))
}

/// What one measure gets: values (YAML text) for `set`'s keys, its evidence replaced, new
/// dated updates appended after the `had_updates` it has.
struct MeasureChange<'a> {
    set: &'a [(&'a str, String)],
    evidence: Option<&'a [String]>,
    updates: &'a [(Date, String)],
    had_updates: usize,
}

/// The edit that appends `items` to the list at `path`, whose key is written in the file and
/// which has `len` items: after its last item, with their indentation and style (block or one
/// `{…}` a line), or in place of an empty `[]`.
pub(super) fn append_to_list(
    loaded: &LoadedCase,
    text: &str,
    path: &str,
    len: usize,
    items: &[Vec<(&str, String)>],
) -> Option<Edit> {
    let pos = &loaded.positions;
    if len == 0 {
        let &(key_line, key_col) = pos.keys.get(path)?;
        let &(line, col) = pos.values.get(path)?;
        let (start, end) = edit::line_span(text, line)?;
        let at = edit::offset(text, line, col)?;
        let after = text[at..end].strip_prefix("[]")?;
        let after = after.trim_end_matches(['\n', '\r']).trim();
        if line != key_line || !(after.is_empty() || after.starts_with('#')) {
            return None;
        }
        let mut head = text[start..at].trim_end().to_owned();
        if !after.is_empty() {
            head.push_str("  ");
            head.push_str(after);
        }
        head.push('\n');
        head.push_str(&edit::list_items(key_col - 1 + 2, false, items));
        return Some(Edit {
            start,
            end,
            text: head,
        });
    }
    let &(first_line, first_col) = pos.values.get(&format!("{path}[0]"))?;
    let flow = text[edit::offset(text, first_line, first_col)?..].starts_with('{');
    let &(line, col) = pos.values.get(&format!("{path}[{}]", len - 1))?;
    let dash = edit::dash_indent(text, line, col)?;
    let end = edit::content_end(text, line, dash)?;
    let mut inserted = edit::list_items(dash, flow, items);
    if end == text.len() && !text.ends_with('\n') {
        inserted.insert(0, '\n');
    }
    Some(Edit {
        start: end,
        end,
        text: inserted,
    })
}

/// The edits that make `change` to the measure at `path`.
fn measure_edits(
    loaded: &LoadedCase,
    text: &str,
    path: &str,
    change: &MeasureChange<'_>,
) -> Result<Vec<Edit>, String> {
    let (set, evidence) = (change.set, change.evidence);
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
    if !change.updates.is_empty() {
        let items: Vec<Vec<(&str, String)>> = change
            .updates
            .iter()
            .map(|(on, t)| vec![("on", on.to_string()), ("text", quoted(t))])
            .collect();
        let list = format!("{path}.updates");
        if pos.keys.contains_key(&list) {
            edits.push(
                append_to_list(loaded, text, &list, change.had_updates, &items)
                    .ok_or_else(cannot)?,
            );
        } else {
            inserted.push_str(&format!("{indent}updates:\n"));
            inserted.push_str(&edit::list_items(indent.len() + 2, false, &items));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn a_line_is_dated_by_the_date_it_begins_with() {
        for line in [
            "2023年4月10日：读书班开班",
            "2023-04-10 读书班开班",
            "2023.4.10，读书班开班",
            "2023/4/10: 读书班开班",
            "2023年4月10日读书班开班",
            "２０２３年４月１０日：读书班开班",
        ] {
            assert_eq!(
                dated_line(line),
                Some(Ok((d("2023-04-10"), "读书班开班".into()))),
                "{line}"
            );
        }
        for line in [
            "1. 第一",
            "2023年全年培训120人次",
            "读书班开班",
            "12.5万元已退还",
        ] {
            assert_eq!(dated_line(line), None, "{line}");
        }
        let e = dated_line("4月10日：读书班开班").unwrap().unwrap_err();
        assert!(e.contains("缺少年份"), "{e}");
        assert!(dated_line("2023年2月30日：开班").unwrap().is_err());
    }

    #[test]
    fn only_the_lines_the_export_did_not_show_are_new() {
        let shown = "已制定方案\n2023年3月1日：印发方案";
        assert_eq!(progress_lines(&[shown, shown], shown), Progress::Same);
        assert_eq!(
            progress_lines(&[shown, shown], " 已制定方案\n\n2023年3月1日：印发方案 "),
            Progress::Same
        );
        assert_eq!(progress_lines(&[shown, shown], ""), Progress::Cleared);
        assert_eq!(progress_lines(&["", ""], ""), Progress::Same);
        assert_eq!(
            progress_lines(&[shown, shown], "已制定方案"),
            Progress::Removed
        );
        let added = progress_lines(
            &[shown, shown],
            "已制定方案\n2023年3月1日：印发方案\n开班准备就绪\n2023年4月10日：开班\n共60人",
        );
        assert_eq!(
            added,
            Progress::Added(vec![
                Entry {
                    on: Ok(None),
                    text: "开班准备就绪".into()
                },
                Entry {
                    on: Ok(Some(d("2023-04-10"))),
                    text: "开班\n共60人".into()
                },
            ])
        );
        // Shown differently before as_of moved: either export is the same cell.
        assert_eq!(progress_lines(&["甲", "乙"], "乙"), Progress::Same);
    }
}
