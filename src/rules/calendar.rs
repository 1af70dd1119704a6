//! Calendar arithmetic for the rectification clocks, stated once: whole months follow the
//! calendar and clamp to the month's last day (2022-11-30 + 3 months = 2023-02-28), days are
//! plain days. Every deadline in the product is computed through these two functions.

use crate::case::Date;

/// `date` plus `months` calendar months, clamped to the end of the target month.
pub fn add_months(date: Date, months: i32) -> Date {
    // jiff clamps to the month's end by itself. A month count past jiff's limits (a `--on
    // 9999-12-31` counts 95,000 months of reports) saturates at the last or first day jiff
    // knows instead of panicking in `Span::months`.
    jiff::Span::new()
        .try_months(months)
        .and_then(|span| date.0.checked_add(span))
        .map_or_else(|_| saturated(months), Date)
}

/// The latest date when `towards` is positive, else the earliest.
fn saturated(towards: i32) -> Date {
    Date(if towards > 0 {
        jiff::civil::Date::MAX
    } else {
        jiff::civil::Date::MIN
    })
}

/// `date` plus `days` days.
pub fn add_days(date: Date, days: i32) -> Date {
    jiff::Span::new()
        .try_days(days)
        .and_then(|span| date.0.checked_add(span))
        .map_or_else(|_| saturated(days), Date)
}

/// Calendar months from the month of `from` to the month of `to`, days ignored
/// (2022-11-30 → 2023-03-01 is 4; negative when `to` is earlier).
pub fn months_between(from: Date, to: Date) -> i32 {
    (i32::from(to.year()) - i32::from(from.year())) * 12 + i32::from(to.month())
        - i32::from(from.month())
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i32 {
    (to.0 - from.0).get_days()
}

/// The day a status view or ledger judges a case on: the date asked for, else the case's own
/// "state as of" date (情况截至日期), else today on this machine's clock.
pub fn reference_date(case: &crate::case::Case, asked: Option<Date>) -> Date {
    asked
        .or(case.as_of)
        .unwrap_or_else(|| Date(jiff::ZonedDateTime::now().date()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn months_between_counts_calendar_months_whatever_the_days() {
        assert_eq!(months_between(d("2022-11-30"), d("2023-03-01")), 4);
        assert_eq!(months_between(d("2023-03-31"), d("2023-03-01")), 0);
        assert_eq!(months_between(d("2023-03-01"), d("2022-12-31")), -3);
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        assert_eq!(add_months(d("2022-11-30"), 3), d("2023-02-28"));
        assert_eq!(add_months(d("2023-11-30"), 3), d("2024-02-29"));
        assert_eq!(add_months(d("2022-01-31"), 1), d("2022-02-28"));
        assert_eq!(add_months(d("2022-08-31"), 1), d("2022-09-30"));
        assert_eq!(add_months(d("2022-07-15"), 3), d("2022-10-15"));
        assert_eq!(add_months(d("2022-12-31"), 12), d("2023-12-31"));
        assert_eq!(add_months(d("2024-02-29"), 12), d("2025-02-28"));
    }

    #[test]
    fn days_add_and_count_across_month_and_leap_boundaries() {
        assert_eq!(add_days(d("2022-10-14"), 15), d("2022-10-29"));
        assert_eq!(add_days(d("2024-02-20"), 20), d("2024-03-11"));
        assert_eq!(add_days(d("2023-02-20"), 20), d("2023-03-12"));
        assert_eq!(days_between(d("2022-07-15"), d("2022-10-15")), 92);
        assert_eq!(days_between(d("2022-10-15"), d("2022-07-15")), -92);
    }
}
