//! Value types of the case file that plain strings would get wrong: calendar dates (日期),
//! deadlines that are a date or 长期坚持, and Markdown text. Each knows its own YAML form and
//! its own JSON Schema, so the schema and the parser can never disagree.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A calendar date written `YYYY-MM-DD` (e.g. `2022-07-15`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Parses the case-file form `YYYY-MM-DD`, exactly: four-digit year, two-digit month and
    /// day, a real calendar day.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return None;
        }
        let year: i16 = text[0..4].parse().ok()?;
        let month: i8 = text[5..7].parse().ok()?;
        let day: i8 = text[8..10].parse().ok()?;
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }
    pub fn month(self) -> i8 {
        self.0.month()
    }
    pub fn day(self) -> i8 {
        self.0.day()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "日期“{text}”无效，应写作 YYYY-MM-DD，如 2022-07-15"
            ))
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        })
    }
}

/// The literal a case file uses for 长期坚持 in a deadline.
pub const LONG_TERM: &str = "long_term";

/// 完成时限: a date, or 长期坚持 (`long_term`) for work that never ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Deadline {
    On(Date),
    LongTerm,
}

impl Serialize for Deadline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Deadline::On(date) => date.serialize(s),
            Deadline::LongTerm => s.serialize_str(LONG_TERM),
        }
    }
}

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text == LONG_TERM {
            return Ok(Deadline::LongTerm);
        }
        Date::parse(&text).map(Deadline::On).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "完成时限“{text}”无效，应为 YYYY-MM-DD 日期或 {LONG_TERM}（长期坚持）"
            ))
        })
    }
}

impl JsonSchema for Deadline {
    fn schema_name() -> Cow<'static, str> {
        "Deadline".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let date = Date::json_schema(generator);
        json_schema!({
            "anyOf": [
                date,
                { "const": LONG_TERM, "description": "长期坚持" },
            ]
        })
    }
}

/// Text written in Markdown (paragraphs, lists, emphasis, tables). Kept apart from plain
/// strings so the compose stage converts it rather than printing it literally.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Markdown(pub String);

impl Markdown {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl JsonSchema for Markdown {
    fn schema_name() -> Cow<'static, str> {
        "Markdown".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "contentMediaType": "text/markdown",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_in_the_case_file_form() {
        assert_eq!(Date::parse("2022-07-15").unwrap().to_string(), "2022-07-15");
        assert!(Date::parse("2024-02-29").is_some());
        for bad in [
            "2022-13-01",
            "2023-02-29",
            "2022-7-15",
            "2022年7月1日",
            "20220715",
            "2022/07/15",
            "",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad} must be refused");
        }
    }
}
