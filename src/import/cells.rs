//! What a cell means in its column: a date in any form offices type, a deadline (a date or
//! 长期坚持), a status in Chinese, a list of units. Each refusal says why, in Chinese; nothing
//! is read as something it might not be.

use super::sheet::Value;
use crate::case::{Date, Deadline, MeasureStatus};

/// A date cell: a real spreadsheet date, or text as 2023-03-31, 2023/3/31, 2023.3.31,
/// 2023年3月31日 or 20230331 (full-width digits too). A time of day after the date is dropped.
pub fn date(value: &Value) -> Result<Date, String> {
    match value {
        Value::Date(d) => Ok(*d),
        Value::Number(n) => Err(format!(
            "单元格是数字 {}，不是日期：请把单元格格式设为日期，或写作 2023-03-31",
            value_text(*n)
        )),
        Value::Unreadable(reason) => Err(reason.clone()),
        Value::Empty => Err("日期为空".into()),
        Value::Text(t) => date_text(t),
    }
}

fn value_text(n: f64) -> String {
    Value::Number(n).text()
}

/// Vague words that name a period, not a day.
const VAGUE: [&str; 9] = [
    "月底", "月末", "月初", "上旬", "中旬", "下旬", "年底", "年末", "季度",
];

pub fn date_text(text: &str) -> Result<Date, String> {
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '／' => '/',
            '．' => '.',
            _ => c,
        })
        .collect();
    // "2023-03-31 00:00:00", "2023-03-31T00:00:00": the day only.
    let t = t.split([' ', 'T']).next().unwrap_or("").trim();
    // "2023年3月31日前" as a deadline is that day.
    let t = t.strip_suffix('前').unwrap_or(t);
    if let Some(word) = VAGUE.iter().find(|w| t.contains(*w)) {
        return Err(format!(
            "“{text}”不是具体日期（“{word}”）：请写明哪一天，如 2023年3月31日"
        ));
    }
    let parts: Vec<&str> = if t.contains('年') || t.contains('月') {
        let body = t
            .strip_suffix('日')
            .or_else(|| t.strip_suffix('号'))
            .unwrap_or(t);
        if !body.contains('年') {
            return Err(format!(
                "“{text}”缺少年份：请写作 2023年3月31日 或 2023-03-31"
            ));
        }
        body.split(['年', '月']).collect()
    } else if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        vec![&t[0..4], &t[4..6], &t[6..8]]
    } else {
        t.split(['-', '/', '.']).collect()
    };
    let unknown =
        || format!("无法识别的日期“{text}”：请写作 2023-03-31、2023/3/31 或 2023年3月31日");
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        if parts.len() == 2 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(format!(
                "“{text}”缺少年份或日：请写明年、月、日，如 2023年3月31日"
            ));
        }
        return Err(unknown());
    }
    if parts[0].len() != 4 || parts[1].len() > 2 || parts[2].len() > 2 {
        return Err(unknown());
    }
    let (y, m, d): (i16, i8, i8) = (
        parts[0].parse().map_err(|_| unknown())?,
        parts[1].parse().map_err(|_| unknown())?,
        parts[2].parse().map_err(|_| unknown())?,
    );
    jiff::civil::Date::new(y, m, d)
        .map(Date)
        .map_err(|_| format!("“{text}”不是真实日期（{y}年{m}月没有{d}日）"))
}

/// 长期坚持 and the words offices use for it.
pub fn is_long_term(text: &str) -> bool {
    matches!(
        text.trim(),
        "长期坚持" | "长期" | "长期推进" | "持续推进" | "长期坚持整改" | "long_term"
    )
}

/// A deadline cell: a date or 长期坚持.
pub fn deadline(value: &Value) -> Result<Deadline, String> {
    if let Value::Text(t) = value
        && is_long_term(t)
    {
        return Ok(Deadline::LongTerm);
    }
    date(value).map(Deadline::On).map_err(|reason| {
        if matches!(value, Value::Text(_)) {
            format!("{reason}；长期坚持的措施写“长期坚持”")
        } else {
            reason
        }
    })
}

/// A status cell in Chinese (or the case file's code).
pub fn status(text: &str) -> Result<MeasureStatus, String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(match t.as_str() {
        "未启动" | "未开始" | "尚未启动" | "not_started" => MeasureStatus::NotStarted,
        "推进中" | "正在推进" | "进行中" | "整改中" | "正在整改" | "in_progress" => {
            MeasureStatus::InProgress
        }
        "已完成" | "完成" | "已整改" | "已完成整改" | "整改完成" | "已完成待销号" | "completed" => {
            MeasureStatus::Completed
        }
        "已销号" | "销号" | "已完成销号" | "closed" => MeasureStatus::Closed,
        "长期坚持" | "长期" | "long_term" => MeasureStatus::LongTerm,
        "基本完成" => {
            return Err("“基本完成”不是一种整改状态：请按实际写“推进中”或“已完成”".into());
        }
        _ => {
            return Err(format!(
                "无法识别的整改状态“{}”：请写 未启动、推进中、已完成、已销号 或 长期坚持",
                text.trim()
            ));
        }
    })
}

/// 责任单位 as a list: 办公室、人事科 (also separated by ，,；; or line breaks).
pub fn units(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// 佐证材料 as a list: one item a line.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn dates_are_read_in_every_common_form() {
        for text in [
            "2023-03-31",
            "2023/3/31",
            "2023.3.31",
            "2023年3月31日",
            "2023年03月31日",
            "２０２３年３月３１日",
            "20230331",
            "2023-03-31 00:00:00",
            " 2023/03/31 ",
            "2023年3月31日前",
        ] {
            assert_eq!(date_text(text), Ok(d("2023-03-31")), "{text}");
        }
    }

    #[test]
    fn vague_or_impossible_dates_are_refused_with_a_reason() {
        let e = date_text("3月底").unwrap_err();
        assert!(e.contains("不是具体日期"), "{e}");
        assert!(date_text("2023年3月底").unwrap_err().contains("月底"));
        assert!(date_text("3月31日").unwrap_err().contains("缺少年份"));
        assert!(
            date_text("2023-02-30")
                .unwrap_err()
                .contains("不是真实日期")
        );
        assert!(date_text("尽快").unwrap_err().contains("无法识别"));
        assert!(
            date(&Value::Number(45016.0))
                .unwrap_err()
                .contains("不是日期")
        );
    }

    #[test]
    fn deadlines_are_dates_or_long_term() {
        assert_eq!(
            deadline(&Value::Text("长期坚持".into())),
            Ok(Deadline::LongTerm)
        );
        assert_eq!(
            deadline(&Value::Text("长期".into())),
            Ok(Deadline::LongTerm)
        );
        assert_eq!(
            deadline(&Value::Date(d("2023-06-30"))),
            Ok(Deadline::On(d("2023-06-30")))
        );
        assert!(deadline(&Value::Text("6月底".into())).is_err());
    }

    #[test]
    fn statuses_are_read_in_chinese() {
        assert_eq!(status("已销号"), Ok(MeasureStatus::Closed));
        assert_eq!(status("推进中"), Ok(MeasureStatus::InProgress));
        assert_eq!(status(" 已完成 "), Ok(MeasureStatus::Completed));
        assert_eq!(status("长期坚持"), Ok(MeasureStatus::LongTerm));
        assert_eq!(status("未启动"), Ok(MeasureStatus::NotStarted));
        assert!(status("基本完成").is_err());
        assert!(status("好").unwrap_err().contains("无法识别"));
    }

    #[test]
    fn units_split_on_chinese_separators() {
        assert_eq!(units("办公室、人事科"), ["办公室", "人事科"]);
        assert_eq!(
            units("办公室，人事科\n财务科"),
            ["办公室", "人事科", "财务科"]
        );
    }
}
