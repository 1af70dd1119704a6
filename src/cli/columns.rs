//! Text in terminal columns: a Chinese (wide) character takes two columns, so tables of
//! Chinese text align only when widths are counted this way.

use crate::case::diagnostic::display_width;

/// Columns a string takes in a terminal: East Asian wide and full-width characters take two
/// (the rule diagnostics use to put their caret under the right character).
pub fn width(text: &str) -> usize {
    display_width(text)
}

fn char_width(c: char) -> usize {
    display_width(c.encode_utf8(&mut [0; 4]))
}

/// `text` padded with spaces to `columns` terminal columns.
pub fn pad(text: &str, columns: usize) -> String {
    let mut s = text.to_string();
    s.push_str(&" ".repeat(columns.saturating_sub(width(text))));
    s
}

/// `text` cut to at most `columns` terminal columns, with … when cut.
pub fn truncate(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > columns.saturating_sub(2) {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_take_two_columns() {
        assert_eq!(width("被巡视党组织"), 12);
        assert_eq!(width("2023-02-28"), 10);
        assert_eq!(width("已完成（2022-09-30）"), 6 + 4 + 10);
        assert_eq!(width("〔2022〕"), 8);
        assert_eq!(width("䶮"), 2);
        assert_eq!(pad("巡视组", 10), "巡视组    ");
        assert_eq!(truncate("一二三四五六", 8), "一二三…");
        assert_eq!(truncate("一二三", 8), "一二三");
    }
}
