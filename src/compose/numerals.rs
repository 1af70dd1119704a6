//! Chinese numerals as official documents write them: counts and heading numbers (十一, 二十,
//! 一百零五) and the four heading labels 一、（一）1.（1）.

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const UNITS: [&str; 4] = ["", "十", "百", "千"];

/// Chinese numeral for `n`: 0 → 零, 10 → 十, 11 → 十一, 105 → 一百零五, 1010 → 一千零一十,
/// 10000 → 一万, 100000000 → 一亿.
pub fn chinese(n: u32) -> String {
    if n == 0 {
        return DIGITS[0].to_owned();
    }
    let mut out = String::new();
    let groups = [
        (n / 100_000_000, "亿"),
        (n / 10_000 % 10_000, "万"),
        (n % 10_000, ""),
    ];
    let mut need_zero = false;
    let mut started = false;
    for (value, unit) in groups {
        if value == 0 {
            if started {
                need_zero = true;
            }
            continue;
        }
        if started && (need_zero || value < 1000) {
            out.push_str(DIGITS[0]);
        }
        out.push_str(&below_ten_thousand(value));
        out.push_str(unit);
        started = true;
        need_zero = false;
    }
    // 一十… at the very start is read 十…
    if out.starts_with("一十") {
        out.replace_range(0.."一".len(), "");
    }
    out
}

fn below_ten_thousand(n: u32) -> String {
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, d) in digits.iter().enumerate() {
        let unit = UNITS[3 - i];
        if *d == 0 {
            if !out.is_empty() {
                zero_pending = true;
            }
            continue;
        }
        if zero_pending {
            out.push_str(DIGITS[0]);
            zero_pending = false;
        }
        out.push_str(DIGITS[*d as usize]);
        out.push_str(unit);
    }
    out
}

/// The label of heading `n` (1-based) at `level` (1–4): 一、 （一） 1. （1）.
pub fn heading_label(level: u8, n: u32) -> String {
    match level {
        1 => format!("{}、", chinese(n)),
        2 => format!("（{}）", chinese(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

/// An ordinal: 3 → 第三, 11 → 第十一 (as in 第十一轮巡视).
pub fn ordinal(n: u32) -> String {
    format!("第{}", chinese(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_read_as_written_in_documents() {
        let cases = [
            (0, "零"),
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (101, "一百零一"),
            (105, "一百零五"),
            (110, "一百一十"),
            (111, "一百一十一"),
            (1000, "一千"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (10000, "一万"),
            (10001, "一万零一"),
            (100_000, "十万"),
            (120_000, "十二万"),
            (100_010, "十万零一十"),
            (1_001_000, "一百万一千"),
            (1_000_100, "一百万零一百"),
            (100_000_000, "一亿"),
            (100_001_000, "一亿零一千"),
            (u32::MAX, "四十二亿九千四百九十六万七千二百九十五"),
        ];
        for (n, want) in cases {
            assert_eq!(chinese(n), want, "{n}");
        }
    }

    #[test]
    fn heading_labels() {
        assert_eq!(heading_label(1, 11), "十一、");
        assert_eq!(heading_label(2, 3), "（三）");
        assert_eq!(heading_label(3, 12), "12.");
        assert_eq!(heading_label(4, 2), "（2）");
        assert_eq!(heading_label(1, 20), "二十、");
        assert_eq!(heading_label(2, 105), "（一百零五）");
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(3), "第三");
        assert_eq!(ordinal(11), "第十一");
        assert_eq!(ordinal(20), "第二十");
    }
}
