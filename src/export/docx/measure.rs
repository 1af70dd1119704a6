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
    text.chars()
        .map(|c| if c.is_ascii() { CHAR4 / 2 } else { CHAR4 })
        .sum()
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
}
