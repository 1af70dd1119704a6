//! The ledger as one CSV file: UTF-8 with a byte-order mark (so Excel opens the Chinese text
//! correctly), RFC 4180 quoting and CRLF line ends, every organisation's rows one after
//! another with the organisation's full name in a first 单位 column. Dates are YYYY-MM-DD;
//! evidence items are separated by line breaks inside their quoted field.
//!
//! Formula injection (CSV injection): a spreadsheet opening a CSV file runs a field that begins
//! with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK("http://…","点此")` becomes a live link,
//! and older Excel ran `=cmd|…` as a command); a leading tab or carriage return does the same
//! in some programs. As OWASP recommends, every such field is written with a single quote `'`
//! before it (`'=HYPERLINK(…)`), so the spreadsheet shows it as text; the rest of the value is
//! kept as it is. Only fields that begin with one of those six characters change. The
//! workbook (`xlsx`) needs none of this: it stores every cell as text.

use super::{COLUMNS, Ledger, Row};
use crate::case::{Date, Deadline};

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The whole ledger as the bytes of a CSV file.
pub fn csv_bytes(ledger: &Ledger) -> Result<Vec<u8>, ::csv::Error> {
    let mut out = BOM.to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        w.write_record(std::iter::once("单位").chain(COLUMNS))?;
        for org in &ledger.organisations {
            for row in &org.rows {
                w.write_record(
                    std::iter::once(org.name.clone())
                        .chain(fields(row))
                        .map(|field| neutralised(&field).into_owned()),
                )?;
            }
        }
        w.flush()?;
    }
    Ok(out)
}

/// Characters that make a spreadsheet read the field as a formula when they begin it (OWASP,
/// "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `field` as text a spreadsheet will not run: with `'` before it when it begins with one of
/// [`FORMULA_STARTS`], else unchanged.
pub fn neutralised(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(FORMULA_STARTS) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// The 16 fields of a measure's row, in [`COLUMNS`] order.
fn fields(r: &Row) -> [String; 16] {
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        r.number.to_string(),
        r.finding_id.clone(),
        r.area.clone(),
        r.finding.clone(),
        r.measure_id.clone(),
        r.action.clone(),
        r.leader.clone(),
        r.units_text(),
        match r.deadline {
            Deadline::On(d) => d.to_string(),
            Deadline::LongTerm => "长期坚持".to_owned(),
        },
        r.closure_standard.clone(),
        r.status_text().to_owned(),
        r.overdue_text(),
        date(r.completed_on),
        date(r.closed_on),
        r.progress.clone(),
        r.evidence.join("\n"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::MeasureStatus;
    use crate::ledger::{Counts, Organisation};

    fn ledger(action: &str) -> Ledger {
        let row = Row {
            number: 1,
            finding_id: "1".into(),
            area: "方面".into(),
            finding: "问题".into(),
            measure_id: "1.1".into(),
            action: action.into(),
            leader: "张三".into(),
            units: vec!["办公室".into(), "人事科".into()],
            deadline: Deadline::LongTerm,
            closure_standard: String::new(),
            status: MeasureStatus::LongTerm,
            overdue_days: None,
            completed_on: Some(Date::parse("2023-01-05").unwrap()),
            closed_on: None,
            progress: String::new(),
            evidence: vec!["甲".into(), "乙".into()],
        };
        Ledger {
            organisations: vec![Organisation {
                name: "中共某某委员会".into(),
                short_name: "某某".into(),
                sheet_name: "某某".into(),
                on: Date::parse("2023-03-01").unwrap(),
                rows: vec![row],
                summary: Counts::default(),
                reports: Vec::new(),
            }],
        }
    }

    #[test]
    fn fields_a_spreadsheet_would_run_as_formulas_are_neutralised() {
        for (raw, written) in [
            (
                "=HYPERLINK(\"http://x.cn\",\"点此\")",
                "\"'=HYPERLINK(\"\"http://x.cn\"\",\"\"点此\"\")\"",
            ),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("a=1", "a=1"),
            ("修订制度", "修订制度"),
        ] {
            let bytes = csv_bytes(&ledger(raw)).unwrap();
            let text = std::str::from_utf8(&bytes[3..]).unwrap();
            let row = text.split("\r\n").nth(1).unwrap();
            let action = row
                .strip_prefix("中共某某委员会,1,1,方面,问题,1.1,")
                .unwrap();
            assert!(
                action.starts_with(&format!("{written},张三,")),
                "{raw:?} → {row}"
            );
        }
        assert_eq!(neutralised("=1"), "'=1");
        assert_eq!(neutralised(""), "");
        assert_eq!(neutralised("１=1"), "１=1");
    }

    #[test]
    fn starts_with_a_bom_and_quotes_what_needs_quoting() {
        let bytes = csv_bytes(&ledger("甲，乙, \"丙\"")).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        let mut lines = text.split("\r\n");
        assert_eq!(
            lines.next().unwrap(),
            "单位,序号,问题编号,问题所属方面,问题,措施编号,整改措施,责任领导,责任单位,完成时限,\
             销号标准,整改状态,是否逾期,完成日期,销号日期,进展情况,佐证材料"
        );
        assert_eq!(
            lines.next().unwrap(),
            "中共某某委员会,1,1,方面,问题,1.1,\"甲，乙, \"\"丙\"\"\",张三,办公室、人事科,长期坚持,\
             ,长期坚持,,2023-01-05,,,\"甲\n乙\""
        );
        assert_eq!(lines.next(), Some(""));
        assert_eq!(lines.next(), None);
    }
}
