//! Dates as official documents print them: Arabic numerals, no leading zeros —
//! 2022年7月15日, 2023年1月.

use crate::case::Date;

/// `2022年7月15日`.
pub fn date_zh(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// `2023年1月`.
pub fn month_zh(date: Date) -> String {
    format!("{}年{}月", date.year(), date.month())
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
