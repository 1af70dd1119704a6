//! The 版记 (7.5) in Word: a table the width of the type area with a thick first and last rule
//! and thin ones between, at the bottom of a page of its own (the section that holds it starts
//! on an even page). Word honours the section's bottom alignment; LibreOffice ignores it, so an
//! empty paragraph of exact height stands above the table, sized from the rows' lines as Word
//! will wrap them. The estimate errs high (the 版记 then sits a line above the bottom in a
//! reader that ignores the alignment), never low (a row would run over onto a page of its own).

use super::measure::{lines, width};
use super::word::{CHAR4, LINE_PITCH, TYPE_H, TYPE_W, grid_span};
use crate::export::xml_text::escape;
use std::fmt::Write;

/// A row's lines: 4号 at 1.5 lines (21 pt), the rest of the 28.95 pt line pitch above and
/// below, so a row of one line is one line of the grid and a wrapped one grows by 21 pt, as in
/// the PDF.
pub const LINE: u32 = 420;
pub const ABOVE: u32 = (LINE_PITCH - LINE).div_ceil(2);
pub const BELOW: u32 = LINE_PITCH - LINE - ABOVE;
/// The rules: the first and last thick (1 pt), the ones between thin (0.75 pt), in eighths of
/// a point.
const THICK: u32 = 8;
const THIN: u32 = 6;
/// The empty paragraph Word needs after a table: one point high.
const AFTER_TABLE: u32 = 20;
/// LibreOffice sets a table's top rule 3.1 mm (176 twips, measured) below the end of the
/// paragraph before it; the spacer leaves that room.
const TABLE_DROP: u32 = 180;

/// One row of the 版记: text on the left (a label and names, or the 印发机关) and, for the
/// printing row, the 印发日期 on the right.
type Row = (String, Option<String>);

/// Writes the spacer, the table and the paragraph after it.
pub fn write(out: &mut String, rows: &[Row]) {
    let date_column = date_column(rows);
    let spacer = TYPE_H
        .saturating_sub(height(rows, date_column) + TABLE_DROP)
        .max(AFTER_TABLE);
    write!(
        out,
        r#"<w:p><w:pPr><w:pStyle w:val="Colophon"/><w:spacing w:before="0" w:after="0" w:line="{spacer}" w:lineRule="exact"/></w:pPr></w:p>"#
    )
    .unwrap();
    let name_column = TYPE_W - date_column;
    write!(out, r#"<w:tbl><w:tblPr><w:tblW w:w="{TYPE_W}" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="{THICK}" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="{THICK}" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="{THIN}" w:space="0" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{name_column}"/><w:gridCol w:w="{date_column}"/></w:tblGrid>"#).unwrap();
    for (left, right) in rows {
        out.push_str(r#"<w:tr><w:trPr><w:cantSplit/></w:trPr>"#);
        match right {
            // 印发机关 and 印发日期 in cells of their own: a long name wraps in its column, a
            // character clear of the date.
            Some(date) => {
                cell(out, name_column, 1, left, "");
                cell(
                    out,
                    date_column,
                    1,
                    date,
                    r#"<w:ind w:left="0"/><w:jc w:val="right"/>"#,
                );
            }
            None => {
                // Names that wrap align under the first one after the label (7.4.2).
                let hanging = match label(left) {
                    Some((label, _)) => format!(
                        r#"<w:ind w:left="{}" w:hanging="{}"/>"#,
                        CHAR4 + width(label),
                        width(label)
                    ),
                    None => String::new(),
                };
                cell(out, TYPE_W, 2, left, &hanging);
            }
        }
        out.push_str("</w:tr>");
    }
    write!(out, r#"</w:tbl><w:p><w:pPr><w:pStyle w:val="Colophon"/><w:spacing w:before="0" w:after="0" w:line="{AFTER_TABLE}" w:lineRule="exact"/></w:pPr></w:p>"#).unwrap();
}

fn cell(out: &mut String, width: u32, span: usize, text: &str, ppr: &str) {
    let span = grid_span(span);
    write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}</w:tcPr><w:p><w:pPr><w:pStyle w:val="Colophon"/>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>"#, escape(text)).unwrap();
}

/// The date column: the widest 印发日期 one character in from the right edge, with room for
/// the space a reader may put between its digits and characters (LibreOffice ignores
/// `w:autoSpaceDE="0"`: about a character and a half in a date).
fn date_column(rows: &[Row]) -> u32 {
    rows.iter()
        .filter_map(|(_, date)| date.as_deref())
        .map(|date| width(date) + 3 * CHAR4)
        .max()
        .unwrap_or(0)
        .min(TYPE_W / 2)
}

/// The label of a row whose names wrap under the first name (抄送：, 主送：).
fn label(row: &str) -> Option<(&str, &str)> {
    ["抄送：", "主送："]
        .into_iter()
        .find_map(|label| row.strip_prefix(label).map(|rest| (label, rest)))
}

/// The height of a 版记 of these rows: its rows, rules and the paragraph after it.
fn height(rows: &[Row], date_column: u32) -> u32 {
    let row_lines = |(left, right): &Row| match (label(left), right) {
        (_, Some(_)) => lines(left, TYPE_W - date_column - 2 * CHAR4),
        (Some((label, rest)), None) => lines(rest, TYPE_W - 2 * CHAR4 - width(label)),
        (None, None) => lines(left, TYPE_W - 2 * CHAR4),
    };
    let rows_height: u32 = rows
        .iter()
        .map(|r| ABOVE + BELOW + row_lines(r) * LINE)
        .sum();
    let rules = 2 * THICK + rows.len().saturating_sub(1) as u32 * THIN;
    rows_height + rules * 20 / 8 + AFTER_TABLE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_printing_office_wraps_in_its_own_column() {
        let rows = vec![(
            "中共广西北部湾国际港务集团有限公司钦州港片区分公司委员会办公室".to_owned(),
            Some("2021年7月23日印发".to_owned()),
        )];
        let column = date_column(&rows);
        assert_eq!(column, width("2021年7月23日印发") + 3 * CHAR4);
        let one = height(
            &[("印发".to_owned(), Some("2021年7月23日印发".to_owned()))],
            column,
        );
        assert_eq!(height(&rows, column), one + LINE, "two lines in its column");
        let mut out = String::new();
        write(&mut out, &rows);
        assert!(out.contains(&format!(r#"<w:gridCol w:w="{column}"/>"#)));
    }
}
