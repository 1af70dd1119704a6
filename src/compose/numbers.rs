//! Document numbers (发文字号) as GB/T 9704-2012 §7.2.4 writes them: issuer code, year in
//! hexagonal brackets, serial without leading zeros or “第”, then 号 — `桂巡办〔2022〕12号`.
//!
//! Reading is strict and never repairs: `〔2022〕` with the wrong brackets, `第12号` or `012号`
//! are not document numbers here. [`doc_number_problem`] says what is wrong so validation can
//! report it; nothing in this module rewrites a number silently.

use std::fmt;

/// A document number split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocNumber<'a> {
    /// The issuer code (机关代字), e.g. `桂巡办`.
    pub prefix: &'a str,
    /// The year, four digits.
    pub year: u16,
    /// The serial number, from 1.
    pub serial: u32,
}

impl fmt::Display for DocNumber<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.prefix, self.year, self.serial)
    }
}

/// What is wrong with a would-be document number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocNumberProblem {
    #[error("发文字号为空")]
    Empty,
    #[error("发文字号缺少机关代字（应如“桂巡办〔2022〕12号”）")]
    NoPrefix,
    #[error("发文字号的年份应使用六角括号〔〕（应如“桂巡办〔2022〕12号”）")]
    Brackets,
    #[error("发文字号的年份应为四位阿拉伯数字")]
    Year,
    #[error("发文字号的序号不加“第”")]
    Di,
    #[error("发文字号的序号应为阿拉伯数字，不编虚位（如 1 不写作 01）")]
    Serial,
    #[error("发文字号应以“号”结尾")]
    NoHao,
    #[error("发文字号前后不应有空格")]
    Spaces,
}

/// Splits `桂巡办〔2022〕12号` into `("桂巡办", 2022, 12)`; `None` for anything not written
/// exactly so.
pub fn doc_number_parts(s: &str) -> Option<(&str, u16, u32)> {
    parse_doc_number(s)
        .ok()
        .map(|n| (n.prefix, n.year, n.serial))
}

/// Writes a document number: `doc_number("桂巡办", 2022, 12)` → `桂巡办〔2022〕12号`.
pub fn doc_number(prefix: &str, year: u16, serial: u32) -> String {
    DocNumber {
        prefix,
        year,
        serial,
    }
    .to_string()
}

/// What is wrong with `s` as a document number, if anything.
pub fn doc_number_problem(s: &str) -> Option<DocNumberProblem> {
    parse_doc_number(s).err()
}

/// Reads a document number strictly.
pub fn parse_doc_number(s: &str) -> Result<DocNumber<'_>, DocNumberProblem> {
    use DocNumberProblem::*;
    if s.trim().is_empty() {
        return Err(Empty);
    }
    if s.trim() != s {
        return Err(Spaces);
    }
    let Some(open) = s.find('〔') else {
        return Err(Brackets);
    };
    let prefix = &s[..open];
    let rest = &s[open + '〔'.len_utf8()..];
    let Some(close) = rest.find('〕') else {
        return Err(Brackets);
    };
    let (year, tail) = (&rest[..close], &rest[close + '〕'.len_utf8()..]);
    if prefix.is_empty() {
        return Err(NoPrefix);
    }
    if prefix.contains(['〔', '〕', '[', ']', '(', ')', '（', '）', '【', '】']) {
        return Err(Brackets);
    }
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) || year.starts_with('0') {
        return Err(Year);
    }
    let Some(serial) = tail.strip_suffix('号') else {
        return Err(NoHao);
    };
    if serial.starts_with('第') {
        return Err(Di);
    }
    if serial.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) || serial.starts_with('0') {
        return Err(Serial);
    }
    Ok(DocNumber {
        prefix,
        year: year.parse().map_err(|_| Year)?,
        serial: serial.parse().map_err(|_| Serial)?,
    })
}

#[cfg(test)]
mod tests {
    use super::DocNumberProblem::*;
    use super::*;

    #[test]
    fn reads_and_writes_back() {
        assert_eq!(
            doc_number_parts("桂巡办〔2022〕12号"),
            Some(("桂巡办", 2022, 12))
        );
        assert_eq!(
            doc_number_parts("××区委〔2023〕1号"),
            Some(("××区委", 2023, 1))
        );
        assert_eq!(doc_number("桂巡办", 2022, 12), "桂巡办〔2022〕12号");
        for s in ["桂巡办〔2022〕12号", "中共××区纪委〔2021〕105号"] {
            let n = parse_doc_number(s).unwrap();
            assert_eq!(n.to_string(), s);
        }
    }

    #[test]
    fn near_misses_are_named_not_repaired() {
        let cases = [
            ("", Empty),
            ("  ", Empty),
            (" 桂巡办〔2022〕12号", Spaces),
            ("桂巡办[2022]12号", Brackets),
            ("桂巡办（2022）12号", Brackets),
            ("桂巡办【2022】12号", Brackets),
            ("桂巡办〔2022]12号", Brackets),
            ("〔2022〕12号", NoPrefix),
            ("桂巡办〔22〕12号", Year),
            ("桂巡办〔２０２２〕12号", Year),
            ("桂巡办〔2022〕第12号", Di),
            ("桂巡办〔2022〕012号", Serial),
            ("桂巡办〔2022〕十二号", Serial),
            ("桂巡办〔2022〕号", Serial),
            ("桂巡办〔2022〕12", NoHao),
            ("桂巡办〔2022〕12號", NoHao),
        ];
        for (s, want) in cases {
            assert_eq!(doc_number_problem(s), Some(want), "{s:?}");
            assert_eq!(doc_number_parts(s), None, "{s:?}");
        }
        assert_eq!(doc_number_problem("桂巡办〔2022〕12号"), None);
    }
}
