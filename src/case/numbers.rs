//! Document numbers (发文字号) as GB/T 9704-2012 §7.2.4 writes them: issuer code, year in
//! hexagonal brackets, serial without leading zeros or “第”, then 号 — `桂巡办〔2022〕12号`.
//!
//! Reading is strict and never repairs: `〔2022〕` with the wrong brackets, `第12号` or `012号`
//! are not document numbers here. [`doc_number_problem`] says what is wrong so validation can
//! report it; nothing in this module rewrites a number silently. Validation ([`super::lint`])
//! and composing both ask this module: it is the one owner of the rule.

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

/// What is wrong with a would-be document number. Its text (Chinese) names the rule broken;
/// [`DocNumberProblem::en`] says the same in English for the bracketed detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocNumberProblem {
    #[error("发文字号为空")]
    Empty,
    #[error("发文字号前后不应有空格")]
    Spaces,
    #[error("年份应使用六角括号“〔〕”，不能用方括号")]
    SquareBrackets,
    #[error("年份应使用六角括号“〔〕”，不能用圆括号")]
    RoundBrackets,
    #[error("缺少用六角括号“〔〕”括起的年份")]
    NoBrackets,
    #[error("缺少右六角括号“〕”")]
    NoClosingBracket,
    #[error("缺少机关代字")]
    NoPrefix,
    #[error("年份应为四位阿拉伯数字，如 2022")]
    Year,
    #[error("序号前不加“第”")]
    Di,
    #[error("应以“号”结尾")]
    NoHao,
    #[error("序号应为阿拉伯数字，不编虚位，前面不加 0（如“021号”应写作“21号”）")]
    Serial,
}

impl DocNumberProblem {
    /// The problem in English, for the bracketed detail of a diagnostic.
    pub fn en(self) -> &'static str {
        use DocNumberProblem::*;
        match self {
            Empty => "the document number is empty",
            Spaces => "no spaces before or after the number",
            SquareBrackets => "the year takes 〔〕, not square brackets",
            RoundBrackets => "the year takes 〔〕, not parentheses",
            NoBrackets => "missing the year in 〔〕",
            NoClosingBracket => "missing the closing 〕",
            NoPrefix => "missing the agency code",
            Year => "the year must be four digits",
            Di => "no 第 before the serial number",
            NoHao => "must end with 号",
            Serial => "the serial is Arabic digits without leading zeros",
        }
    }
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

/// Reads a document number strictly: the one reading of GB/T 9704 §7.2.4 that validation and
/// composing share.
pub fn parse_doc_number(s: &str) -> Result<DocNumber<'_>, DocNumberProblem> {
    use DocNumberProblem::*;
    if s.trim().is_empty() {
        return Err(Empty);
    }
    if s.trim() != s {
        return Err(Spaces);
    }
    if s.contains(['[', ']', '【', '】']) {
        return Err(SquareBrackets);
    }
    if s.contains(['(', ')', '（', '）']) {
        return Err(RoundBrackets);
    }
    let Some((prefix, rest)) = s.split_once('〔') else {
        return Err(NoBrackets);
    };
    let Some((year, tail)) = rest.split_once('〕') else {
        return Err(NoClosingBracket);
    };
    if prefix.is_empty() || prefix.contains('〕') {
        return Err(NoPrefix);
    }
    let year_ok = year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && (year.starts_with("19") || year.starts_with("20"));
    if !year_ok {
        return Err(Year);
    }
    if tail.contains('第') {
        return Err(Di);
    }
    let Some(serial) = tail.strip_suffix('号') else {
        return Err(NoHao);
    };
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
            ("桂巡办[2022]12号", SquareBrackets),
            ("桂巡办（2022）12号", RoundBrackets),
            ("桂巡办(2022)12号", RoundBrackets),
            ("桂巡办【2022】12号", SquareBrackets),
            ("桂巡办〔2022]12号", SquareBrackets),
            ("桂巡办2022年12号", NoBrackets),
            ("桂巡办〔2022年12号", NoClosingBracket),
            ("桂巡办〔1822〕12号", Year),
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

    #[test]
    fn problems_name_the_rule_broken_in_chinese() {
        for (bad, word) in [
            ("××区委[2022]21号", "方括号"),
            ("××区委（2022）21号", "圆括号"),
            ("××区委〔2022〕021号", "虚位"),
            ("××区委〔2022〕第21号", "第"),
            ("××区委〔2022〕21", "号"),
            ("××区委〔22〕21号", "四位"),
            ("〔2022〕21号", "代字"),
            ("××区委2022年21号", "六角括号"),
        ] {
            let problem = doc_number_problem(bad).unwrap();
            assert!(problem.to_string().contains(word), "{bad}: {problem}");
            assert!(!problem.en().is_empty());
        }
    }
}
