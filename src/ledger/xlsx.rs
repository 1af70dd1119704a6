//! The ledger as an Excel workbook (.xlsx): a summary sheet (汇总) first, then one sheet per
//! organisation with one row per measure. Only layout lives here: real numbers, real dates in
//! a Chinese format, a bold filled header row that is frozen, filtered and repeated on every
//! printed page, wrapped text in columns sized for Chinese, and landscape A4 printing fitted
//! to the page width.

use super::{COLUMNS, Counts, Ledger, Organisation, REPORT_COLUMNS, Row, SUMMARY_COLUMNS};
use crate::case::diagnostic::display_width;
use crate::case::{Date, Deadline};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Url, Workbook, Worksheet, XlsxError,
};

/// The summary sheet's name.
pub const SUMMARY_SHEET: &str = "汇总";

/// The monthly-report sheet's name: the reports sent, for a unit to fill and `xunshi update`
/// to read back.
pub const REPORTS_SHEET: &str = "月报报送";

/// Excel's date format for date cells: 2023年3月31日.
pub const DATE_FORMAT: &str = r#"yyyy"年"m"月"d"日""#;

/// The most characters an Excel cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// Row of the title line and of the header row; data starts below the header.
const TITLE_ROW: u32 = 0;
const HEADER_ROW: u32 = 1;
const FIRST_DATA_ROW: u32 = 2;

/// Paper size code for A4 in Excel's page setup.
const PAPER_A4: u8 = 9;

/// How wide each organisation column may grow, in Excel width units (one unit is about one
/// Latin digit; a Chinese character takes two). Longer text wraps within the cap. The caps
/// keep the 16 columns printable on one landscape A4 page width at a readable scale.
const COLUMN_CAPS: [f64; 16] = [
    6.0,  // 序号
    8.0,  // 问题编号
    14.0, // 问题所属方面
    22.0, // 问题
    8.0,  // 措施编号
    32.0, // 整改措施
    10.0, // 责任领导
    14.0, // 责任单位
    15.0, // 完成时限 (a date is about 14 units wide and must never wrap)
    22.0, // 销号标准
    10.0, // 整改状态
    10.0, // 是否逾期
    15.0, // 完成日期
    15.0, // 销号日期
    34.0, // 进展情况
    22.0, // 佐证材料
];

/// Columns holding dates (never narrower than a full date).
const DATE_COLUMNS: [usize; 3] = [8, 12, 13];
const DATE_WIDTH: f64 = 15.0;

/// The formats every sheet uses.
struct Styles {
    title: Format,
    header: Format,
    text: Format,
    centred: Format,
    number: Format,
    date: Format,
    percent: Format,
    link: Format,
    total_text: Format,
    total_number: Format,
    total_percent: Format,
    overdue: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let text = base.clone().set_text_wrap().set_align(FormatAlign::Left);
        let centred = base.clone().set_text_wrap().set_align(FormatAlign::Center);
        let number = centred.clone().set_num_format("0");
        let percent = centred.clone().set_num_format("0.0%");
        Styles {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(14)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: centred
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2)),
            date: centred.clone().set_num_format(DATE_FORMAT),
            link: text
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_hyperlink(),
            total_text: centred.clone().set_bold(),
            total_number: number.clone().set_bold(),
            total_percent: percent.clone().set_bold(),
            overdue: centred.clone().set_font_color(Color::RGB(0xC00000)),
            text,
            centred,
            number,
            percent,
        }
    }
}

/// The whole workbook, as the bytes of an .xlsx file.
pub fn workbook(ledger: &Ledger) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut book = Workbook::new();
    {
        let sheet = book.add_worksheet();
        sheet.set_name(SUMMARY_SHEET)?;
        summary_sheet(sheet, ledger, &styles)?;
        sheet.set_active(true);
    }
    for org in &ledger.organisations {
        let sheet = book.add_worksheet();
        sheet.set_name(&org.sheet_name)?;
        organisation_sheet(sheet, org, &styles)?;
    }
    {
        let sheet = book.add_worksheet();
        sheet.set_name(REPORTS_SHEET)?;
        reports_sheet(sheet, ledger, &styles)?;
    }
    book.save_to_buffer()
}

/// 月报报送: one row per organisation and monthly report (see [`Organisation::reports`]),
/// 报送日期 filled where the case records it, blank for the unit to fill. Written even when no
/// report is listed yet, so a unit can add the row of a report it sent.
fn reports_sheet(sheet: &mut Worksheet, ledger: &Ledger, s: &Styles) -> Result<(), XlsxError> {
    let last_col = (REPORT_COLUMNS.len() - 1) as u16;
    let title = match ledger.common_date() {
        Some(on) => format!(
            "整改情况月报表报送记录（截至{}）",
            crate::compose::dates::date_zh(on)
        ),
        None => "整改情况月报表报送记录".to_owned(),
    };
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, last_col, &title, &s.title)?;
    sheet.set_row_height(TITLE_ROW, 30)?;
    for (col, name) in REPORT_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *name, &s.header)?;
    }
    sheet.set_row_height(HEADER_ROW, 24)?;
    let mut row = FIRST_DATA_ROW;
    let mut name_width = display_width(REPORT_COLUMNS[0]);
    for org in &ledger.organisations {
        name_width = name_width.max(display_width(&org.name));
        for report in &org.reports {
            sheet.write_string_with_format(row, 0, &org.name, &s.text)?;
            match report.number {
                Some(k) => sheet.write_number_with_format(row, 1, k as f64, &s.number)?,
                None => sheet.write_blank(row, 1, &s.centred)?,
            };
            sheet.write_string_with_format(row, 2, report.month_zh(), &s.centred)?;
            for (col, date) in [(3, report.due), (4, report.sent_on)] {
                match date {
                    Some(d) => {
                        sheet.write_datetime_with_format(row, col, excel_date(d)?, &s.date)?
                    }
                    None => sheet.write_blank(row, col, &s.date)?,
                };
            }
            row += 1;
        }
    }
    sheet.set_column_width(0, (name_width as f64 + 2.0).min(40.0))?;
    sheet.set_column_width(1, 8.0)?;
    sheet.set_column_width(2, 12.0)?;
    sheet.set_column_width(3, DATE_WIDTH)?;
    sheet.set_column_width(4, DATE_WIDTH)?;
    sheet.autofilter(HEADER_ROW, 0, row.max(FIRST_DATA_ROW + 1) - 1, last_col)?;
    page_setup(sheet)?;
    Ok(())
}

fn summary_sheet(sheet: &mut Worksheet, ledger: &Ledger, s: &Styles) -> Result<(), XlsxError> {
    let last_col = (SUMMARY_COLUMNS.len() - 1) as u16;
    let title = match ledger.common_date() {
        Some(on) => format!(
            "巡视整改台账汇总（截至{}）",
            crate::compose::dates::date_zh(on)
        ),
        None => "巡视整改台账汇总".to_owned(),
    };
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, last_col, &title, &s.title)?;
    sheet.set_row_height(TITLE_ROW, 30)?;
    for (col, name) in SUMMARY_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *name, &s.header)?;
    }

    let mut row = FIRST_DATA_ROW;
    for org in &ledger.organisations {
        let link = Url::new(format!(
            "internal:'{}'!A1",
            org.sheet_name.replace('\'', "''")
        ))
        .set_text(&org.name);
        sheet.write_url_with_format(row, 0, link, &s.link)?;
        counts_cells(sheet, row, &org.summary, &s.number, &s.percent)?;
        sheet.write_datetime_with_format(row, 10, excel_date(org.on)?, &s.date)?;
        row += 1;
    }
    let total = ledger.total();
    sheet.write_string_with_format(row, 0, "合计", &s.total_text)?;
    counts_cells(sheet, row, &total, &s.total_number, &s.total_percent)?;
    match ledger.common_date() {
        Some(on) => sheet.write_datetime_with_format(row, 10, excel_date(on)?, &s.date)?,
        None => sheet.write_blank(row, 10, &s.centred)?,
    };

    let name_width = ledger
        .organisations
        .iter()
        .map(|o| display_width(&o.name))
        .max()
        .unwrap_or(0)
        .max(8) as f64
        + 2.0;
    let name_width = name_width.min(40.0);
    sheet.set_column_width(0, name_width)?;
    for (i, org) in ledger.organisations.iter().enumerate() {
        let lines = lines_in(&org.name, name_width);
        sheet.set_row_height(FIRST_DATA_ROW + i as u32, row_height(lines).max(20.0))?;
    }
    for (col, name) in SUMMARY_COLUMNS.iter().enumerate().skip(1) {
        let width = display_width(name) as f64 + 3.0;
        sheet.set_column_width(col as u16, width.max(9.0))?;
    }
    sheet.set_column_width(10, DATE_WIDTH)?;
    sheet.set_row_height(HEADER_ROW, 24)?;
    sheet.autofilter(HEADER_ROW, 0, row - 1, last_col)?;
    page_setup(sheet)?;
    Ok(())
}

/// 反馈问题数 … 完成率 of one summary row, columns 1–9.
fn counts_cells(
    sheet: &mut Worksheet,
    row: u32,
    counts: &Counts,
    number: &Format,
    percent: &Format,
) -> Result<(), XlsxError> {
    let values = [counts.findings, counts.measures]
        .into_iter()
        .chain(counts.by_status)
        .chain([counts.overdue]);
    for (i, value) in values.enumerate() {
        sheet.write_number_with_format(row, 1 + i as u16, value as f64, number)?;
    }
    sheet.write_number_with_format(row, 9, counts.completion_rate(), percent)?;
    Ok(())
}

fn organisation_sheet(
    sheet: &mut Worksheet,
    org: &Organisation,
    s: &Styles,
) -> Result<(), XlsxError> {
    let last_col = (COLUMNS.len() - 1) as u16;
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, last_col, &org.title(), &s.title)?;
    sheet.set_row_height(TITLE_ROW, 30)?;
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *name, &s.header)?;
    }
    sheet.set_row_height(HEADER_ROW, 24)?;

    let rows: Vec<[Cell; 16]> = org.rows.iter().map(cells).collect();
    let widths = column_widths(&rows);
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let header_lines = COLUMNS
        .iter()
        .zip(&widths)
        .map(|(name, w)| lines_in(name, *w))
        .max()
        .unwrap_or(1);
    sheet.set_row_height(HEADER_ROW, row_height(header_lines).max(24.0))?;

    for (i, row_cells) in rows.into_iter().enumerate() {
        let row = FIRST_DATA_ROW + i as u32;
        let mut lines = 1;
        for (col, cell) in row_cells.into_iter().enumerate() {
            let col16 = col as u16;
            match cell {
                Cell::Number(n) => {
                    sheet.write_number_with_format(row, col16, n, &s.number)?;
                }
                Cell::Date(Some(d)) => {
                    sheet.write_datetime_with_format(row, col16, excel_date(d)?, &s.date)?;
                }
                Cell::Date(None) => {
                    sheet.write_blank(row, col16, &s.centred)?;
                }
                Cell::Text(text, centred) => {
                    lines = lines.max(lines_in(&text, widths[col]));
                    let format = if col == 11 && !text.is_empty() {
                        &s.overdue
                    } else if centred {
                        &s.centred
                    } else {
                        &s.text
                    };
                    if text.is_empty() {
                        sheet.write_blank(row, col16, format)?;
                    } else {
                        sheet.write_string_with_format(row, col16, fit_in_cell(&text), format)?;
                    }
                }
            }
        }
        // Set explicitly: LibreOffice does not grow rows to fit wrapped text when it opens a
        // file, and Excel only sometimes does.
        sheet.set_row_height(row, row_height(lines))?;
    }
    let last_row = FIRST_DATA_ROW + org.rows.len().max(1) as u32 - 1;
    sheet.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    page_setup(sheet)?;
    Ok(())
}

/// Each column's width: its widest line (header included) plus padding, capped at
/// [`COLUMN_CAPS`], and never narrower than a date in date columns.
fn column_widths(rows: &[[Cell; 16]]) -> Vec<f64> {
    let mut widest: Vec<usize> = COLUMNS.iter().map(|c| display_width(c)).collect();
    for row in rows {
        for (col, cell) in row.iter().enumerate() {
            if let Cell::Text(text, _) = cell {
                widest[col] = widest[col].max(widest_line(text));
            }
        }
    }
    widest
        .iter()
        .enumerate()
        .map(|(col, w)| {
            let width = (*w as f64 + 2.0).min(COLUMN_CAPS[col]);
            if DATE_COLUMNS.contains(&col) {
                width.max(DATE_WIDTH)
            } else {
                width
            }
        })
        .collect()
}

/// Lines `text` takes when wrapped in a column `width` units wide. The estimate errs on the
/// side of more lines: a row a little too tall reads fine, one too short hides text.
fn lines_in(text: &str, width: f64) -> usize {
    let room = (width - 1.5).max(1.0);
    text.lines()
        .map(|line| ((display_width(line) as f64 / room).ceil() as usize).max(1))
        .sum::<usize>()
        .max(1)
}

/// Row height in points for `lines` lines of 10-point text.
fn row_height(lines: usize) -> f64 {
    const LINE: f64 = 13.5;
    const PADDING: f64 = 4.0;
    (lines as f64 * LINE + PADDING).clamp(18.0, 409.0)
}

/// One cell's value before it is laid out.
enum Cell {
    Number(f64),
    Date(Option<Date>),
    /// Text, and whether it sits centred (short codes) or left (running text).
    Text(String, bool),
}

/// The 16 cells of a measure's row, in [`COLUMNS`] order.
fn cells(r: &Row) -> [Cell; 16] {
    let deadline = match r.deadline {
        Deadline::On(d) => Cell::Date(Some(d)),
        Deadline::LongTerm => Cell::Text("长期坚持".to_owned(), true),
    };
    [
        Cell::Number(r.number as f64),
        Cell::Text(r.finding_id.clone(), true),
        Cell::Text(r.area.clone(), false),
        Cell::Text(r.finding.clone(), false),
        Cell::Text(r.measure_id.clone(), true),
        Cell::Text(r.action.clone(), false),
        Cell::Text(r.leader.clone(), true),
        Cell::Text(r.units_text(), false),
        deadline,
        Cell::Text(r.closure_standard.clone(), false),
        Cell::Text(r.status_text().to_owned(), true),
        Cell::Text(r.overdue_text(), true),
        Cell::Date(r.completed_on),
        Cell::Date(r.closed_on),
        Cell::Text(r.progress.clone(), false),
        Cell::Text(r.evidence.join("\n"), false),
    ]
}

/// Landscape A4, fitted to one page wide, the title and header rows frozen, the header row
/// repeated at the top of every printed page, page numbers in the footer.
fn page_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet
        .set_landscape()
        .set_paper_size(PAPER_A4)
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    // Case dates are validated real days in 1900–2100, inside Excel's range.
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Display width of the widest line of a cell's text.
fn widest_line(text: &str) -> usize {
    text.lines().map(display_width).max().unwrap_or(0)
}

/// Text cut to what an Excel cell holds, marked with "…" when cut. Excel counts UTF-16 units:
/// a character beyond the Basic Multilingual Plane (𠀀, an emoji) takes two (a text of such
/// characters failed the whole workbook; found by the fuzzer).
fn fit_in_cell(text: &str) -> String {
    if text.encode_utf16().count() <= MAX_CELL_CHARS {
        return text.to_owned();
    }
    let mut cut = String::new();
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > MAX_CELL_CHARS - 1 {
            break;
        }
        units += c.len_utf16();
        cut.push(c);
    }
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_long_text_is_cut_to_fit_a_cell() {
        let long = "字".repeat(MAX_CELL_CHARS + 10);
        let cut = fit_in_cell(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(fit_in_cell("短"), "短");
        // Characters beyond the BMP count twice, as Excel counts them.
        let wide = "𠀀".repeat(MAX_CELL_CHARS / 2 + 10);
        let cut = fit_in_cell(&wide);
        assert!(
            cut.encode_utf16().count() <= MAX_CELL_CHARS,
            "{}",
            cut.len()
        );
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn wrapped_text_counts_its_lines_and_rows_grow_to_fit() {
        assert_eq!(lines_in("", 10.0), 1);
        assert_eq!(lines_in("一二三四", 10.0), 1);
        assert_eq!(lines_in("一二三四五六七八九十", 10.0), 3);
        assert_eq!(lines_in("甲\n乙\n丙", 10.0), 3);
        assert!(row_height(3) > row_height(1));
        assert_eq!(row_height(1000), 409.0, "Excel's tallest row");
    }

    #[test]
    fn the_widest_line_counts_chinese_double() {
        assert_eq!(widest_line("ab\n中文字"), 6);
        assert_eq!(widest_line(""), 0);
    }

    #[test]
    fn an_empty_ledger_still_makes_a_workbook() {
        let bytes = workbook(&Ledger {
            organisations: vec![],
        })
        .unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
