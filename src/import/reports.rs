//! The 月报报送 sheet of a returned ledger merged into `milestones.monthly_reports_sent`. The
//! sheet lists, per organisation, each monthly report (整改情况月报表) fallen due and the next
//! one, with 报送日期 where the case records it (`ledger::Organisation::reports`). A unit fills
//! 报送日期, or adds a row (单位, 月份, 报送日期) for a report not listed. Rows of another
//! organisation are skipped; 期数 and 报送时限 are for reading only. A month that is not a report
//! month, a date that cannot be read, is before the feedback or after today, and a cleared date
//! the export showed are refused at their cell.

use super::edit::{self, Edit};
use super::sheet::{Grid, Value};
use super::update::{append_to_list, cleared, in_range};
use super::{CellError, cells};
use crate::case::{Date, LoadedCase};
use crate::ledger::Organisation;
use crate::ledger::xlsx::REPORTS_SHEET;
use crate::rules::monthly::report_number;
use crate::rules::timeline::Timeline;

/// The monthly reports merged: the edits, how many values changed, and the latest date merged.
pub struct ReportsMerged {
    pub edits: Vec<Edit>,
    pub changes: usize,
    pub latest: Option<Date>,
}

/// Where 单位, 月份 and 报送日期 are on the sheet: the header row and its columns.
struct Columns {
    row: usize,
    unit: Option<usize>,
    month: usize,
    sent: usize,
}

fn columns(grid: &Grid) -> Option<Columns> {
    (0..grid.rows.len().min(10)).find_map(|r| {
        let find = |name: &str| grid.rows[r].iter().position(|v| v.text().trim() == name);
        Some(Columns {
            row: r,
            unit: find("单位"),
            month: find("月份")?,
            sent: find("报送日期")?,
        })
    })
}

/// 月份 as `YYYY-MM`: “2023年3月”, “2023-03”, “2023/3”, “2023.3”, or a date cell (its month).
pub fn month(value: &Value) -> Result<String, String> {
    let unknown = |t: &str| format!("无法识别的月份“{t}”：请写作 2023年3月 或 2023-03");
    let t = match value {
        Value::Date(d) => return Ok(format!("{:04}-{:02}", d.year(), d.month())),
        Value::Text(t) => t.trim().to_owned(),
        Value::Number(_) => return Err(unknown(&value.text())),
        Value::Unreadable(reason) => return Err(reason.clone()),
        Value::Empty => return Err("月份为空".into()),
    };
    let ascii: String = t
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let body = ascii.strip_suffix("份").unwrap_or(&ascii);
    let body = body.strip_suffix('月').unwrap_or(body);
    let parts: Vec<&str> = body.split(['年', '-', '/', '.']).collect();
    match parts.as_slice() {
        [y, m]
            if y.len() == 4
                && !m.is_empty()
                && m.len() <= 2
                && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) =>
        {
            let m: u32 = m.parse().map_err(|_| unknown(&t))?;
            if (1..=12).contains(&m) {
                Ok(format!("{y}-{m:02}"))
            } else {
                Err(unknown(&t))
            }
        }
        _ => Err(unknown(&t)),
    }
}

/// Merges the returned 月报报送 sheet, if the workbook has one, for the case `loaded` whose
/// export was `org`. Refusals go to `errors`.
pub fn merge(
    loaded: &LoadedCase,
    text: &str,
    grids: &[Grid],
    org: &Organisation,
    today: Date,
    errors: &mut Vec<CellError>,
) -> Option<ReportsMerged> {
    let grid = grids.iter().find(|g| g.sheet == REPORTS_SHEET)?;
    let case = &loaded.case;
    let Some(cols) = columns(grid) else {
        errors.push(CellError {
            at: format!("{}!{}", grid.file, grid.sheet),
            message:
                "“月报报送”工作表中找不到“月份”和“报送日期”两列：请用 xunshi ledger 导出的台账填写"
                    .into(),
        });
        return None;
    };
    let feedback = case.round.feedback_date;
    let timeline = Timeline::of(case);
    let names = [
        case.unit.name.as_str(),
        case.unit.short_name.as_str(),
        org.sheet_name.as_str(),
    ];
    let recorded = case
        .milestones
        .monthly_reports_sent
        .as_deref()
        .unwrap_or(&[]);
    let before = errors.len();
    let mut seen: Vec<(String, String)> = Vec::new();
    // (month, sent_on, the cell it came from).
    let mut changed: Vec<(String, Date, String)> = Vec::new();
    for r in cols.row + 1..grid.rows.len() {
        if grid.rows[r].iter().all(Value::is_empty) {
            continue;
        }
        if let Some(c) = cols.unit {
            let unit = grid.get(r, c).text();
            if !unit.is_empty() && !names.contains(&unit.as_str()) {
                continue;
            }
        }
        let sent_cell = grid.get(r, cols.sent);
        let month_at = grid.address(r, cols.month);
        let month = match month(grid.get(r, cols.month)) {
            Ok(m) => m,
            Err(_) if grid.get(r, cols.month).is_empty() && sent_cell.is_empty() => continue,
            Err(reason) => {
                errors.push(CellError {
                    at: month_at,
                    message: format!("月份：{reason}"),
                });
                continue;
            }
        };
        if let Some((_, first)) = seen.iter().find(|(m, _)| *m == month) {
            errors.push(CellError {
                at: month_at,
                message: format!("{month} 的月报表在 {first} 已列过，每期只填一行"),
            });
            continue;
        }
        seen.push((month.clone(), month_at.clone()));
        if report_number(&timeline, &month).is_err() {
            errors.push(CellError {
                at: month_at,
                message: format!(
                    "{month} 不是报送月报表的月份：月报表自集中整改期（至 {}）结束后的下一个月起按月报送",
                    timeline.centralised_period_end
                ),
            });
            continue;
        }
        let shown = org
            .reports
            .iter()
            .find(|x| x.month == month)
            .and_then(|x| x.sent_on);
        let in_case = recorded
            .iter()
            .find(|x| x.month == month)
            .map(|x| x.sent_on);
        let at = grid.address(r, cols.sent);
        if sent_cell.is_empty() {
            if let Some(was) = shown {
                errors.push(CellError {
                    at,
                    message: cleared("报送日期", &was.to_string()),
                });
            }
            continue;
        }
        let read = cells::date(sent_cell)
            .map_err(|reason| format!("报送日期：{reason}"))
            .and_then(|d| in_range("报送日期", d, feedback, today));
        match read {
            Ok(d) if Some(d) == shown || Some(d) == in_case => {}
            Ok(d) => changed.push((month, d, at)),
            Err(message) => errors.push(CellError { at, message }),
        }
    }
    if errors.len() > before || changed.is_empty() {
        return None;
    }
    let cannot = |at: &str| {
        CellError {
        at: at.to_owned(),
        message: "案卷中 milestones（规定动作完成日期）或 monthly_reports_sent 的写法（单行 {…} 或 […]）无法原位修改，请直接编辑案卷".into(),
    }
    };
    let pos = &loaded.positions;
    let mut edits = Vec::new();
    let mut items = Vec::new();
    for (month, d, at) in &changed {
        match recorded.iter().position(|x| x.month == *month) {
            Some(i) => {
                let field = format!("milestones.monthly_reports_sent[{i}].sent_on");
                let replaced = pos.values.get(&field).and_then(|&(line, col)| {
                    let start = edit::offset(text, line, col)?;
                    let len = edit::scalar_len(text, start)?;
                    Some(Edit {
                        start,
                        end: start + len,
                        text: d.to_string(),
                    })
                });
                match replaced {
                    Some(e) => edits.push(e),
                    None => errors.push(cannot(at)),
                }
            }
            None => items.push(vec![("month", month.clone()), ("sent_on", d.to_string())]),
        }
    }
    if !items.is_empty() {
        let at = &changed[0].2;
        match new_items(loaded, text, recorded.len(), &items) {
            Some(e) => edits.push(e),
            None => errors.push(cannot(at)),
        }
    }
    Some(ReportsMerged {
        edits,
        changes: changed.len(),
        latest: changed.iter().map(|c| c.1).max(),
    })
}

/// The edit that adds `items` to `milestones.monthly_reports_sent`: appended to the list, or
/// the key added at the end of `milestones`, or `milestones` added after `unit`, in the file's
/// indentation.
fn new_items(
    loaded: &LoadedCase,
    text: &str,
    len: usize,
    items: &[Vec<(&str, String)>],
) -> Option<Edit> {
    let pos = &loaded.positions;
    let list = "milestones.monthly_reports_sent";
    if pos.keys.contains_key(list) {
        return append_to_list(loaded, text, list, len, items);
    }
    let insert = |at: usize, mut block: String| {
        if at == text.len() && !text.ends_with('\n') {
            block.insert(0, '\n');
        }
        Edit {
            start: at,
            end: at,
            text: block,
        }
    };
    if let Some(&(line, col)) = pos.keys.get("milestones") {
        let &(vline, vcol) = pos.values.get("milestones")?;
        if text[edit::offset(text, vline, vcol)?..].starts_with('{') {
            return None;
        }
        let indent = pos
            .keys
            .iter()
            .filter(|(k, _)| k.starts_with("milestones.") && !k[11..].contains(['.', '[']))
            .map(|(_, &(_, c))| c - 1)
            .min()?;
        let end = edit::content_end(text, line, col - 1)?;
        let block = format!(
            "{}monthly_reports_sent:\n{}",
            " ".repeat(indent),
            edit::list_items(indent + 2, false, items)
        );
        return Some(insert(end, block));
    }
    let &(line, col) = pos.keys.get("unit")?;
    let step = pos
        .keys
        .get("unit.name")
        .map_or(2, |&(_, c)| c.saturating_sub(col).max(1));
    let end = edit::content_end(text, line, col - 1)?;
    let block = format!(
        "\nmilestones:\n{}monthly_reports_sent:\n{}",
        " ".repeat(step),
        edit::list_items(step * 2, false, items)
    );
    Some(insert(end, block))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_in_the_forms_offices_write() {
        for t in [
            "2023年3月",
            "2023-03",
            "2023-3",
            "2023/3",
            "2023.03",
            "２０２３年３月",
            "2023年3月份",
        ] {
            assert_eq!(month(&Value::Text(t.into())), Ok("2023-03".into()), "{t}");
        }
        let d = Date::parse("2023-03-01").unwrap();
        assert_eq!(month(&Value::Date(d)), Ok("2023-03".into()));
        assert!(
            month(&Value::Text("三月".into()))
                .unwrap_err()
                .contains("无法识别")
        );
        assert!(month(&Value::Text("2023-13".into())).is_err());
        assert!(month(&Value::Number(2023.03)).is_err());
    }
}
