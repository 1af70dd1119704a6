//! How wide text of 4号 comes out in Word, for the parts Word cannot be left to place alone:
//! the 版记's height (the spacer above it) and a form line's stops. Chinese characters are a
//! full 14 pt and Latin letters and digits half, every character set [`CONDENSE`] closer.

use super::word::{CHAR4, CONDENSE};

/// Marks a line may not start with: Word moves the character before them down too.
const NO_LINE_START: &str = "，。、；：？！）》〉」』】”’…—";

/// One character as Word sets it.
fn advance(c: char) -> u32 {
    (if c.is_ascii() { CHAR4 / 2 } else { CHAR4 }).saturating_add_signed(CONDENSE)
}

/// A text's width at full width (labels and dates: what they take at most), in twips.
pub fn width(text: &str) -> u32 {
    width_at(text, CHAR4)
}

/// A text's width at full width in characters of `size` twips.
fn width_at(text: &str, size: u32) -> u32 {
    text.chars()
        .map(|c| if c.is_ascii() { size / 2 } else { size })
        .sum()
}

/// The indent on each side that balances a title's lines as the PDF does: a title wider than
/// `full` is set in a measure of its width over its lines plus one character, so Word fills
/// the lines evenly instead of leaving a short last line (or a word's last character) alone.
/// `None` for a title of one line.
pub fn balanced_indent(text: &str, size: u32, full: u32) -> Option<u32> {
    let w = width_at(text, size);
    let n = w.div_ceil(full.max(1));
    (n > 1).then(|| full.saturating_sub((w / n + size).min(full)) / 2)
}

/// How many lines `text` takes in `room` twips. Errs high: a line counts as full a tenth of a
/// character before its end.
pub fn lines(text: &str, room: u32) -> u32 {
    let full = room.saturating_sub(CHAR4 / 10);
    let chars: Vec<char> = text.chars().collect();
    let (mut lines, mut used) = (1, 0);
    for (i, &c) in chars.iter().enumerate() {
        if used > 0 && used + advance(c) > full {
            lines += 1;
            used = match i.checked_sub(1) {
                Some(before) if NO_LINE_START.contains(c) => advance(chars[before]),
                _ => 0,
            };
        }
        used += advance(c);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::docx::word::TYPE_W;

    #[test]
    fn lines_break_where_word_breaks_them() {
        let room = TYPE_W - 2 * CHAR4 - width("抄送：");
        // 27 characters of 4号 fit the names' width (7 398 of 7 444 twips); 28 do not.
        assert_eq!(lines(&"字".repeat(27), room), 1);
        assert_eq!(lines(&"字".repeat(28), room), 2);
        // A comma may not open the second line: it takes the character before it along.
        let text = format!("{}，{}", "字".repeat(27), "字".repeat(26));
        assert_eq!(lines(&text, room), 3);
        assert_eq!(lines("2022年12月28日印发", room), 1);
        assert_eq!(width("2022年"), 4 * CHAR4 / 2 + CHAR4);
    }

    #[test]
    fn a_two_line_title_is_set_in_half_its_width_and_a_character() {
        let title = "关于加强城镇燃气安全监管和老旧小区改造质量管理的巡视建议书";
        let side = balanced_indent(title, 440, TYPE_W).unwrap();
        // 29 characters of 2号: 15 to the first line (as the PDF breaks it), 14 to the second.
        let measure = TYPE_W - 2 * side;
        assert_eq!(measure / (440 - 6), 15, "{measure}");
        assert_eq!(balanced_indent("关于巡视整改情况的报告", 440, TYPE_W), None);
    }
}
