//! Text in terminal columns: a Chinese (wide) character takes two columns, so tables of
//! Chinese text align only when widths are counted this way.

/// Columns a string takes in a terminal: East Asian wide and full-width characters take two.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let c = c as u32;
    let wide = matches!(c,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
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
