//! A 台账 as grids of cell values: every sheet of a workbook (xlsx, xls, ods) or one CSV file.
//! Merged regions are filled in here, so a problem merged over its measures reads as the same
//! problem on every measure's row; each filled cell remembers it came from a merge. calamine
//! gives the merged regions of .xlsx and .xls only; those of an .ods are read here from its
//! `content.xml` ([`ods_merges`]).

use crate::case::Date;
use calamine::{Data, Reader, Sheets, open_workbook_auto};
use std::collections::HashMap;
use std::path::Path;

/// A merged region: its top-left and bottom-right cells (row, column), 0-based.
type Region = ((usize, usize), (usize, usize));

/// One cell as the reader sees it, before any column gives it a meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    /// A number without a date format.
    Number(f64),
    /// A cell formatted as a date in the spreadsheet program.
    Date(Date),
    /// A cell the reader cannot take (an Excel error like `#N/A`, a time, a date out of range),
    /// with the reason in Chinese.
    Unreadable(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: numbers without a trailing `.0` (编号 1 stays “1”, 1.1 stays “1.1”),
    /// dates as YYYY-MM-DD.
    pub fn text(&self) -> String {
        match self {
            Value::Empty | Value::Unreadable(_) => String::new(),
            Value::Text(t) => t.trim().to_owned(),
            Value::Number(n) => number_text(*n),
            Value::Date(d) => d.to_string(),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One sheet: its cells by (row, column), 0-based, and which cells a merge filled.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file as the user named it, for cell addresses.
    pub file: String,
    pub sheet: String,
    pub rows: Vec<Vec<Value>>,
    /// Cells covered by a merged region but not its top-left cell.
    pub merged: Vec<(usize, usize)>,
}

impl Grid {
    pub fn get(&self, row: usize, col: usize) -> &Value {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Value::Empty)
    }

    /// `台账.xlsx!青山区委!C12`: where a cell is, the way a user finds it.
    pub fn address(&self, row: usize, col: usize) -> String {
        format!("{}!{}!{}", self.file, self.sheet, cell_name(row, col))
    }

    pub fn is_merged(&self, row: usize, col: usize) -> bool {
        self.merged.contains(&(row, col))
    }
}

/// `C12` for row 11, column 2 (0-based).
pub fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// `A`, `B`, …, `Z`, `AA`, … for column 0, 1, ….
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Reads every sheet of the workbook or the CSV file at `path`. The error is a Chinese sentence
/// about the whole file.
pub fn read(path: &Path) -> Result<Vec<Grid>, String> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(path, &file).map(|g| vec![g]),
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => read_workbook(path, &file),
        "" => Err("无法识别台账文件类型（没有扩展名）：请用 .xlsx、.xls、.ods 或 .csv 文件".into()),
        other => Err(format!(
            "无法识别台账文件类型“.{other}”：请用 .xlsx、.xls、.ods 或 .csv 文件（Excel 中“另存为”可转换）"
        )),
    }
}

fn read_workbook(path: &Path, file: &str) -> Result<Vec<Grid>, String> {
    let mut book = open_workbook_auto(path).map_err(|e| format!("无法打开工作簿：{e}"))?;
    let names = book.sheet_names();
    let mut ods = match &book {
        Sheets::Ods(_) => ods_merges(path)?,
        _ => HashMap::new(),
    };
    let mut grids = Vec::new();
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("无法读取工作表“{name}”：{e}"))?;
        let mut rows: Vec<Vec<Value>> = Vec::new();
        if let Some((r0, c0)) = range.start() {
            for (r, c, data) in range.used_cells() {
                let (row, col) = (r0 as usize + r, c0 as usize + c);
                if rows.len() <= row {
                    rows.resize(row + 1, Vec::new());
                }
                if rows[row].len() <= col {
                    rows[row].resize(col + 1, Value::Empty);
                }
                rows[row][col] = value_of(data);
            }
        }
        let dimensions = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut regions: Vec<Region> = dimensions
            .iter()
            .map(|d| {
                (
                    (d.start.0 as usize, d.start.1 as usize),
                    (d.end.0 as usize, d.end.1 as usize),
                )
            })
            .collect();
        regions.extend(ods.remove(&name).unwrap_or_default());
        let mut merged = Vec::new();
        for ((sr, sc), (er, ec)) in regions {
            let top_left = rows
                .get(sr)
                .and_then(|r| r.get(sc))
                .cloned()
                .unwrap_or(Value::Empty);
            for row in sr..=er {
                for col in sc..=ec {
                    if (row, col) == (sr, sc) {
                        continue;
                    }
                    if rows.len() <= row {
                        rows.resize(row + 1, Vec::new());
                    }
                    if rows[row].len() <= col {
                        rows[row].resize(col + 1, Value::Empty);
                    }
                    rows[row][col] = top_left.clone();
                    merged.push((row, col));
                }
            }
        }
        grids.push(Grid {
            file: file.to_owned(),
            sheet: name,
            rows,
            merged,
        });
    }
    Ok(grids)
}

/// Most cells one merged region of an .ods may cover (a whole sheet is 16,384 × 1,048,576): a
/// ledger's merges are a few rows; a larger one is taken as far as this.
const MAX_MERGED_CELLS: usize = 100_000;

/// The merged regions of each sheet of the .ods at `path`, by sheet name: a cell with
/// `table:number-columns-spanned` / `table:number-rows-spanned` in `content.xml`, its place
/// counted over the rows and cells before it (repeated ones as many times as they repeat;
/// covered cells take their place too).
fn ods_merges(path: &Path) -> Result<HashMap<String, Vec<Region>>, String> {
    use quick_xml::events::{BytesStart, Event};
    let unreadable = |e: &dyn std::fmt::Display| format!("无法读取 ODS 文件中的合并单元格：{e}");
    let file = std::fs::File::open(path).map_err(|e| unreadable(&crate::zh::io_zh(&e)))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| unreadable(&e))?;
    let mut content = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("content.xml").map_err(|e| unreadable(&e))?,
        &mut content,
    )
    .map_err(|e| unreadable(&e))?;
    let number = |e: &BytesStart<'_>, attr: &str| -> usize {
        e.try_get_attribute(attr)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
            .max(1)
    };
    let mut reader = quick_xml::Reader::from_str(&content);
    let mut out: HashMap<String, Vec<Region>> = HashMap::new();
    let mut table: Option<String> = None;
    let (mut row, mut col, mut rows_repeated) = (0usize, 0usize, 1usize);
    loop {
        let event = reader.read_event().map_err(|e| unreadable(&e))?;
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table" => table = None,
                    "table:table-row" => row = row.saturating_add(rows_repeated),
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        match e.name().as_ref() {
            "table:table" => {
                let name = e
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .map(|a| {
                        quick_xml::escape::unescape(&a.value)
                            .map(|n| n.into_owned())
                            .unwrap_or_else(|_| a.value.into_owned())
                    })
                    .unwrap_or_default();
                table = (!empty).then_some(name);
                row = 0;
            }
            "table:table-row" => {
                col = 0;
                rows_repeated = number(e, "table:number-rows-repeated");
                if empty {
                    row = row.saturating_add(rows_repeated);
                }
            }
            cell @ ("table:table-cell" | "table:covered-table-cell") => {
                let repeated = number(e, "table:number-columns-repeated");
                let across = number(e, "table:number-columns-spanned");
                let down = number(e, "table:number-rows-spanned");
                if cell == "table:table-cell"
                    && (across > 1 || down > 1)
                    && across.saturating_mul(down) <= MAX_MERGED_CELLS
                    && let Some(name) = &table
                {
                    let regions = out.entry(name.clone()).or_default();
                    for r in 0..rows_repeated.min(100) {
                        for c in 0..repeated.min(100) {
                            let (top, left) = (row + r * down, col + c * across);
                            regions.push(((top, left), (top + down - 1, left + across - 1)));
                        }
                    }
                }
                col = col.saturating_add(repeated);
            }
            _ => {}
        }
    }
    Ok(out)
}

fn value_of(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                return Value::Unreadable("单元格是时长，不是日期".into());
            }
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match jiff::civil::Date::new(y as i16, m as i8, d as i8) {
                Ok(date) => Value::Date(Date(date)),
                Err(_) => Value::Unreadable(format!("单元格中的日期（{y}-{m}-{d}）不是真实日期")),
            }
        }
        Data::DateTimeIso(s) => match Date::parse(s.get(..10).unwrap_or(s)) {
            Some(d) => Value::Date(d),
            None => Value::Unreadable(format!("单元格中的日期“{s}”无法读取")),
        },
        Data::DurationIso(s) => Value::Unreadable(format!("单元格是时长“{s}”，不是日期")),
        Data::Error(e) => Value::Unreadable(format!(
            "单元格是 Excel 错误值“{e}”（公式出错），请改为文字或日期"
        )),
    }
}

fn read_csv(path: &Path, file: &str) -> Result<Grid, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取：{}", crate::zh::io_zh(&e)))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        "CSV 文件不是 UTF-8 编码（可能是 GBK）：请在 Excel 中“另存为”选“CSV UTF-8（逗号分隔）”，\
         或直接导入 .xlsx 工作簿"
            .to_owned()
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("第 {} 行无法读取：{e}", i + 1))?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(s.to_owned())
                    }
                })
                .collect(),
        );
    }
    let sheet = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Grid {
        file: file.to_owned(),
        sheet,
        rows,
        merged: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 2), "C12");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }

    #[test]
    fn whole_numbers_read_without_a_decimal_point() {
        assert_eq!(Value::Number(1.0).text(), "1");
        assert_eq!(Value::Number(1.1).text(), "1.1");
    }
}
