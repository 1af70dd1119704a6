//! Excel worksheet names from organisation short names: legal (at most 31 UTF-16 units, none of
//! `[]:*?/\`, no apostrophe at either end, not blank, not the reserved "History") and unique
//! without regard to case, as Excel compares them. Clashes get "(2)", "(3)", … at the end,
//! shortening the name to make room.

/// Longest sheet name Excel accepts, in UTF-16 code units.
pub const MAX_LEN: usize = 31;

/// `name` made into a legal sheet name: forbidden characters become "_", control characters
/// go, apostrophes at the ends are dropped, the length is cut to [`MAX_LEN`]; "单位" when
/// nothing is left.
pub fn sanitize(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned.trim().trim_matches('\'').trim();
    let cut = truncate_utf16(trimmed, MAX_LEN);
    let cut = cut.trim_end().trim_end_matches('\'');
    if cut.is_empty() || cut.eq_ignore_ascii_case("History") {
        format!("{}单位", cut)
    } else {
        cut.to_owned()
    }
}

/// Legal, unique sheet names for `names`, in order, none equal (ignoring case) to any of
/// `taken` (such as the summary sheet's name).
pub fn unique_sheet_names<'a>(
    names: impl IntoIterator<Item = &'a str>,
    taken: &[&str],
) -> Vec<String> {
    let mut used: Vec<String> = taken.iter().map(|t| fold(t)).collect();
    let mut out = Vec::new();
    for name in names {
        let base = sanitize(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while used.contains(&fold(&candidate)) {
            let suffix = format!("({n})");
            let room = MAX_LEN - suffix.len();
            let stem = truncate_utf16(&base, room).trim_end();
            candidate = format!("{stem}{suffix}");
            n += 1;
        }
        used.push(fold(&candidate));
        out.push(candidate);
    }
    out
}

/// Excel compares sheet names without regard to case.
fn fold(name: &str) -> String {
    name.to_lowercase()
}

/// The longest prefix of `text` that fits in `units` UTF-16 code units, never splitting a
/// character.
fn truncate_utf16(text: &str, units: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > units {
            return &text[..i];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_len(s: &str) -> usize {
        s.encode_utf16().count()
    }

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(sanitize("a[b]c:d*e?f/g\\h"), "a_b_c_d_e_f_g_h");
        assert_eq!(sanitize("'厅党组'"), "厅党组");
        assert_eq!(sanitize("  青山区委 "), "青山区委");
        assert_eq!(sanitize("甲\n乙"), "甲乙");
    }

    #[test]
    fn blank_and_reserved_names_get_a_word() {
        assert_eq!(sanitize(""), "单位");
        assert_eq!(sanitize("''"), "单位");
        assert_eq!(sanitize("///"), "___");
        assert_eq!(sanitize("history"), "history单位");
    }

    #[test]
    fn long_names_are_cut_to_31_utf16_units_without_splitting_characters() {
        let long = "中共某某自治区某某某某某某某某某某某某某某某某某某某某某某某某某某某委员会";
        let s = sanitize(long);
        assert_eq!(s.chars().count(), 31);
        assert!(long.starts_with(&s));
        // A character outside the BMP takes two units and is never cut in half.
        let wide = format!("{}𠀀", "甲".repeat(30));
        assert_eq!(sanitize(&wide), "甲".repeat(30));
        assert_eq!(utf16_len(&sanitize(&wide)), 30);
    }

    #[test]
    fn clashes_are_numbered_and_stay_within_the_limit() {
        let long = "乙".repeat(40);
        let names = unique_sheet_names(
            [
                "青山区委",
                "青山区委",
                "汇总",
                "ABC",
                "abc",
                &long,
                &long,
                "青山区委",
            ],
            &["汇总"],
        );
        assert_eq!(names[0], "青山区委");
        assert_eq!(names[1], "青山区委(2)");
        assert_eq!(names[2], "汇总(2)");
        assert_eq!(names[3], "ABC");
        assert_eq!(names[4], "abc(2)");
        assert_eq!(names[5], "乙".repeat(31));
        assert_eq!(names[6], format!("{}(2)", "乙".repeat(28)));
        assert_eq!(names[7], "青山区委(3)");
        for n in &names {
            assert!(utf16_len(n) <= MAX_LEN, "{n}");
        }
    }

    #[test]
    fn a_name_that_looks_like_a_numbered_clash_does_not_collide() {
        let names = unique_sheet_names(["甲(2)", "甲", "甲"], &[]);
        assert_eq!(names, ["甲(2)", "甲", "甲(3)"]);
    }
}
