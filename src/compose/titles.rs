//! Breaking a document title into lines (标题回行). GB/T 9704 asks that a long title wrap into
//! a trapezoid or diamond "without breaking a word"; Chinese has no spaces to say where words
//! end, so a title breaks only where official titles do: before 关于, after the name of an
//! organisation (……委员会, ……党组, ……区委), before 整改 or 集中整改, before 新任主要负责人, 再反馈 or
//! 巡视整改评估, after a pause mark, before an opening bracket. Among the splits with the fewest lines that fit the width, the most even
//! one wins. When no such split exists the title goes to the layout whole, which balances it
//! on its own.

/// Characters of 2号 type that fit the type area: 156 mm / 22 pt ≈ 20 upright, 225 mm ≈ 29
/// on a turned page.
pub const UPRIGHT_CHARS: f32 = 20.0;
pub const LANDSCAPE_CHARS: f32 = 29.0;

/// Where a title may break: before these…
const BREAK_BEFORE: [&str; 8] = [
    "关于",
    "集中整改",
    "整改",
    "（",
    "〔",
    "新任主要负责人",
    "再反馈",
    "巡视整改评估",
];
/// …and after these.
const BREAK_AFTER: [&str; 13] = [
    "委员会",
    "党组",
    "党委",
    "区委",
    "县委",
    "市委",
    "纪委监委",
    "办公室",
    "领导小组",
    "公司",
    "、",
    "，",
    "：",
];

/// The width of a character in em: Latin letters and digits take half.
fn char_width(c: char) -> f32 {
    if c.is_ascii() { 0.5 } else { 1.0 }
}

fn width(chars: &[char]) -> f32 {
    chars.iter().copied().map(char_width).sum()
}

/// The positions (char indices) a title may break before.
fn break_points(chars: &[char]) -> Vec<usize> {
    let text: String = chars.iter().collect();
    let mut points = Vec::new();
    let mut byte_to_char = Vec::with_capacity(text.len() + 1);
    for (i, c) in chars.iter().enumerate() {
        for _ in 0..c.len_utf8() {
            byte_to_char.push(i);
        }
    }
    byte_to_char.push(chars.len());
    for word in BREAK_BEFORE {
        for (at, _) in text.match_indices(word) {
            // 集中整改 is one word: 整改 inside it does not start a line.
            if word == "整改" && text[..at].ends_with("集中") {
                continue;
            }
            points.push(byte_to_char[at]);
        }
    }
    for word in BREAK_AFTER {
        for (at, _) in text.match_indices(word) {
            let end = at + word.len();
            // ……有限公司委员会, ……区委办公室: the name goes on.
            if ["委员会", "党委", "党组", "办公室"]
                .iter()
                .any(|more| text[end..].starts_with(more))
            {
                continue;
            }
            points.push(byte_to_char[end]);
        }
    }
    points.retain(|&p| p > 0 && p < chars.len());
    points.sort_unstable();
    points.dedup();
    points
}

/// The title as lines no wider than `max` characters, broken only at [`break_points`]; one
/// line when it fits or when no such split exists.
pub fn title_lines(title: &str, max: f32) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    if width(&chars) <= max {
        return vec![title.to_owned()];
    }
    // No split into at most four lines fits a title wider than four lines: say so at once
    // rather than trying every choice of three break points (a long name has hundreds, and
    // that search took a minute).
    if width(&chars) > max * 4.0 {
        return vec![title.to_owned()];
    }
    let points = break_points(&chars);
    for lines in 2..=4usize {
        let mut best: Option<(f32, Vec<usize>)> = None;
        choose(&points, lines - 1, 0, &mut Vec::new(), &mut |cuts| {
            let mut bounds = vec![0];
            bounds.extend_from_slice(cuts);
            bounds.push(chars.len());
            let widths: Vec<f32> = bounds
                .windows(2)
                .map(|w| width(&chars[w[0]..w[1]]))
                .collect();
            if widths.iter().any(|w| *w > max) {
                return;
            }
            let mean = widths.iter().sum::<f32>() / widths.len() as f32;
            let spread: f32 = widths.iter().map(|w| (w - mean) * (w - mean)).sum();
            if best.as_ref().is_none_or(|(s, _)| spread < *s) {
                best = Some((spread, cuts.to_vec()));
            }
        });
        if let Some((_, cuts)) = best {
            let mut bounds = vec![0];
            bounds.extend(cuts);
            bounds.push(chars.len());
            return bounds
                .windows(2)
                .map(|w| chars[w[0]..w[1]].iter().collect())
                .collect();
        }
    }
    vec![title.to_owned()]
}

/// Calls `f` with every increasing choice of `k` points from `points[from..]`.
fn choose(
    points: &[usize],
    k: usize,
    from: usize,
    chosen: &mut Vec<usize>,
    f: &mut impl FnMut(&[usize]),
) {
    if k == 0 {
        f(chosen);
        return;
    }
    for i in from..points.len() {
        chosen.push(points[i]);
        choose(points, k - 1, i + 1, chosen, f);
        chosen.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_title_stays_on_one_line() {
        assert_eq!(
            title_lines("关于加强廉政风险防控的巡视建议书", UPRIGHT_CHARS),
            ["关于加强廉政风险防控的巡视建议书"]
        );
    }

    #[test]
    fn long_titles_break_between_phrases_and_never_inside_a_word() {
        assert_eq!(
            title_lines(
                "中共××区委关于十二届自治区党委第三轮巡视集中整改进展情况的报告",
                UPRIGHT_CHARS
            ),
            [
                "中共××区委关于十二届自治区党委",
                "第三轮巡视集中整改进展情况的报告"
            ]
        );
        assert_eq!(
            title_lines(
                "关于十二届自治区党委第三轮巡视整改情况的汇总报告",
                UPRIGHT_CHARS
            ),
            ["关于十二届自治区党委", "第三轮巡视整改情况的汇总报告"]
        );
        assert_eq!(
            title_lines(
                "中共自治区交通运输厅党组关于十二届自治区党委第三轮巡视整改情况的报告",
                UPRIGHT_CHARS
            ),
            [
                "中共自治区交通运输厅党组",
                "关于十二届自治区党委",
                "第三轮巡视整改情况的报告"
            ]
        );
    }

    #[test]
    fn the_repeat_feedback_and_assessment_titles_break_between_phrases() {
        assert_eq!(
            title_lines(
                "关于向都岭县委新任主要负责人再反馈十二届自治区党委第五轮巡视意见的函",
                UPRIGHT_CHARS
            ),
            [
                "关于向都岭县委新任主要负责人",
                "再反馈十二届自治区党委第五轮巡视意见的函"
            ]
        );
        assert_eq!(
            title_lines(
                "自治区纪委监委关于桂岭城市建设投资集团有限公司党委巡视整改评估情况的报告",
                UPRIGHT_CHARS
            ),
            [
                "自治区纪委监委",
                "关于桂岭城市建设投资集团有限公司党委",
                "巡视整改评估情况的报告"
            ]
        );
    }

    #[test]
    fn an_organisation_name_is_not_split_before_its_last_part() {
        assert_eq!(
            title_lines(
                "中共西江建设投资集团有限公司委员会关于十一届自治区党委第十二轮巡视整改情况的报告",
                UPRIGHT_CHARS
            ),
            [
                "中共西江建设投资集团有限公司委员会",
                "关于十一届自治区党委",
                "第十二轮巡视整改情况的报告"
            ]
        );
    }

    #[test]
    fn a_compound_is_not_split() {
        let chars: Vec<char> = "巡视集中整改进展".chars().collect();
        assert_eq!(
            break_points(&chars),
            [2],
            "before 集中整改, never 集中|整改"
        );
    }

    #[test]
    fn digits_count_half_and_a_title_without_break_points_is_left_to_the_layout() {
        let long = "一二三四五六七八九十一二三四五六七八九十一二三";
        assert_eq!(title_lines(long, UPRIGHT_CHARS), [long]);
        // 40 ASCII digits are 20 characters wide.
        let digits = "1234567890123456789012345678901234567890";
        assert_eq!(title_lines(digits, UPRIGHT_CHARS), [digits]);
    }

    #[test]
    fn a_landscape_table_title_has_room_for_more() {
        assert_eq!(
            title_lines(
                "自治区水利厅党组巡视整改情况月报表（2023年3月）",
                LANDSCAPE_CHARS
            ),
            ["自治区水利厅党组巡视整改情况月报表（2023年3月）"]
        );
        assert_eq!(
            title_lines(
                "自治区水利厅党组巡视整改情况月报表（2023年3月）",
                UPRIGHT_CHARS
            ),
            ["自治区水利厅党组巡视", "整改情况月报表（2023年3月）"]
        );
    }
}
