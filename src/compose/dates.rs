//! Dates as official documents print them: Arabic numerals, no leading zeros —
//! 2022年7月15日, 2023年1月; deadlines (长期坚持) and their approved changes.

use crate::case::{Date, Deadline, Measure};

/// `2022年7月15日`.
pub fn date_zh(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// `2023年1月`.
pub fn month_zh(date: Date) -> String {
    format!("{}年{}月", date.year(), date.month())
}

/// A deadline as documents print it: 2022年9月30日, or 长期坚持.
pub fn deadline_zh(deadline: Deadline) -> String {
    match deadline {
        Deadline::On(date) => date_zh(date),
        Deadline::LongTerm => "长期坚持".to_owned(),
    }
}

/// The sentences recording a measure's approved deadline changes up to `on`, in order:
/// "2023年3月15日经批准，完成时限由2023年1月31日调整为2023年5月31日（理由）。"
pub fn deadline_changes_zh(measure: &Measure, on: Date) -> String {
    let mut from = measure.deadline;
    let mut out = String::new();
    for c in crate::rules::as_of::deadline_changes_by(measure, on) {
        out.push_str(&format!(
            "{}经批准，完成时限由{}调整为{}（{}）。",
            date_zh(c.approved_on),
            deadline_zh(from),
            deadline_zh(c.to),
            c.reason
        ));
        from = c.to;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_leading_zeros() {
        let d = Date::parse("2022-07-05").unwrap();
        assert_eq!(date_zh(d), "2022年7月5日");
        assert_eq!(month_zh(d), "2022年7月");
        assert_eq!(
            date_zh(Date::parse("2023-12-31").unwrap()),
            "2023年12月31日"
        );
        let leap = Date::parse("2024-02-29").unwrap();
        assert_eq!(date_zh(leap), "2024年2月29日");
        assert_eq!(month_zh(Date::parse("2023-01-31").unwrap()), "2023年1月");
    }
}
