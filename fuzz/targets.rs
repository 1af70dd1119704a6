//! What the fuzzer runs an input through, and what it checks beyond "does not panic":
//!
//! - `load`: bytes → [`load_source`] (encoding, YAML, schema, business rules) → the report
//!   `validate` prints; a valid case goes on to [`use_case`]. A diagnostic's rendering stays
//!   small whatever the line it points into.
//! - `compose`: a sample's tree with mutated values → JSON text (which is YAML) → loaded → every
//!   document it supports composed, the ledger (CSV, and now and then the workbook), the status
//!   view and the round summary on edge days. Every composed source must parse as Typst
//!   without a syntax error: user text that breaks the markup would fail the layout.
//! - `markdown`: text → Markdown → Typst (with and without headings), Typst markup and string
//!   escaping; the escaped text must parse without errors and print as plain text.

use crate::mutate::Rng;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;
use typst::syntax::{SyntaxKind, SyntaxNode};
use xunshi::case::{Date, LoadedCase, load_source, render_report};
use xunshi::compose::Composer;
use xunshi::compose::escape::{typst_markup, typst_string};
use xunshi::compose::markdown::{cjk_friendly, to_typst, to_typst_with_headings};

/// A problem an input showed: a panic is caught by the driver; these are the checks' failures.
pub type Finding = String;

/// What an input did, for the driver's feedback: signals seen (new ones keep the input).
#[derive(Default)]
pub struct Outcome {
    pub signals: Vec<u64>,
    pub valid: bool,
}

fn composer() -> &'static Composer {
    static COMPOSER: OnceLock<Composer> = OnceLock::new();
    COMPOSER.get_or_init(|| {
        xunshi::compose::folders::composer_for(None, None).expect("the built-in templates load")
    })
}

/// A hash of a text, for signals.
pub fn hash(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = siphasher::sip::SipHasher13::new_with_keys(1, 2);
    parts.hash(&mut h);
    h.finish()
}

/// The shape of a message: digits and quoted text dropped, so `line 12` and `line 13` or two
/// keys' names are one signal.
fn shape(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars().take(120) {
        match c {
            '`' | '“' | '”' | '"' => quoted = !quoted,
            c if quoted || c.is_ascii_digit() => {}
            c => out.push(c),
        }
    }
    out
}

pub fn load(bytes: &[u8], rng: &mut Rng) -> Result<Outcome, Finding> {
    let path = Path::new("fuzz.yaml");
    let mut outcome = Outcome::default();
    match load_source(path, bytes) {
        Ok(loaded) => {
            outcome.valid = true;
            outcome.signals.push(hash(&["valid"]));
            for w in loaded.warnings.iter().take(4) {
                outcome
                    .signals
                    .push(hash(&["warning", &w.field_shape(), &shape(&w.message_en)]));
            }
            check_rendering(&loaded.warnings)?;
            use_case(&loaded, rng, &mut outcome)?;
        }
        Err(diagnostics) => {
            for d in diagnostics.iter().take(4) {
                outcome
                    .signals
                    .push(hash(&["error", &d.field_shape(), &shape(&d.message_en)]));
            }
            check_rendering(&diagnostics)?;
        }
    }
    Ok(outcome)
}

trait FieldShape {
    fn field_shape(&self) -> String;
}

impl FieldShape for xunshi::case::Diagnostic {
    /// `findings[3].measures[0].leader` → `findings[].measures[].leader`.
    fn field_shape(&self) -> String {
        let mut out = String::new();
        let mut in_index = false;
        for c in self.field.chars() {
            match c {
                '[' => {
                    in_index = true;
                    out.push('[');
                }
                ']' => {
                    in_index = false;
                    out.push(']');
                }
                _ if in_index => {}
                c => out.push(c),
            }
        }
        out
    }
}

/// Each diagnostic prints its message, its field and at most a couple of short lines of the
/// source: a one-megabyte line must not print a megabyte.
fn check_rendering(diagnostics: &[xunshi::case::Diagnostic]) -> Result<(), Finding> {
    for d in diagnostics {
        let one = render_report(std::slice::from_ref(d));
        let allowed = d.message_zh.len() + d.field.len() + d.file.as_os_str().len() + 4096;
        if one.len() > allowed {
            return Err(format!(
                "诊断信息过长（diagnostic rendering too long）：{} 字节，消息 {} 字节",
                one.len(),
                d.message_zh.len()
            ));
        }
    }
    Ok(())
}

/// The seed trees of the compose target: each sample parsed.
pub fn seed_trees(samples: &[Vec<u8>]) -> Vec<Value> {
    samples
        .iter()
        .filter_map(|bytes| {
            let loaded = load_source(Path::new("seed.yaml"), bytes).ok()?;
            serde_json::to_value(&loaded.case).ok()
        })
        .collect()
}

pub fn compose(tree: &Value, rng: &mut Rng) -> Result<Outcome, Finding> {
    let text = serde_json::to_string_pretty(tree).unwrap_or_default();
    load(text.as_bytes(), rng)
}

/// Days to judge a case on: its own, edge days, and days around its feedback date.
fn days(case: &xunshi::case::Case, rng: &mut Rng) -> Vec<Date> {
    let d = |s| Date::parse(s).expect("a real date");
    let mut days = vec![
        xunshi::rules::calendar::reference_date(case, Some(case.round.feedback_date)),
        d("0001-01-01"),
        d("1970-01-01"),
        d("2024-02-29"),
        d("9999-12-31"),
    ];
    if let Some(on) = case.as_of {
        days.push(on);
    }
    let shift = *rng.pick(&[-3650i64, -1, 0, 1, 45, 400, 3650]);
    if let Ok(day) = case
        .round
        .feedback_date
        .0
        .checked_add(jiff::Span::new().days(shift))
    {
        days.push(Date(day));
    }
    days
}

/// A valid case through everything that reads one: every document composed (and its source
/// parsed as Typst), the ledger, the status view and the round summary.
fn use_case(loaded: &LoadedCase, rng: &mut Rng, outcome: &mut Outcome) -> Result<(), Finding> {
    let case = &loaded.case;
    let composer = composer();
    let mut kinds = Vec::new();
    for sel in composer.all_selections(case) {
        kinds.push(sel.kind.id.as_str());
        match composer.compose(case, &sel) {
            Ok(composed) => {
                if let Some(e) = syntax_error(&typst::syntax::parse(&composed.source)) {
                    return Err(format!(
                        "《{}》的 Typst 源有语法错误（syntax error in composed source）：{e}",
                        sel.kind.id
                    ));
                }
            }
            Err(xunshi::compose::ComposeError::Missing(m)) => {
                outcome
                    .signals
                    .push(hash(&["missing", sel.kind.id.as_str(), &m.field]));
            }
            Err(xunshi::compose::ComposeError::Template(t)) => {
                return Err(format!(
                    "有效案卷的《{}》模板出错（template error on a valid case）：{t}",
                    sel.kind.id
                ));
            }
        }
    }
    kinds.dedup();
    outcome.signals.push(hash(&kinds));
    for kind in composer.kinds() {
        if kind.each == Some(xunshi::compose::kinds::Each::Month) {
            let month = rng.pick(&[
                "2022-07", "2023-01", "2023-03", "9999-12", "0001-01", "2023-13",
            ]);
            let _ = composer
                .month_selection(case, kind, month)
                .map(|sel| composer.compose(case, &sel));
        }
    }
    for on in days(case, rng) {
        let ledger = xunshi::ledger::Ledger::of([case], Some(on));
        xunshi::ledger::csv::csv_bytes(&ledger)
            .map_err(|e| format!("CSV 失败（csv failed）：{e}"))?;
        // Excel's dates run from 1900 to 9999: the workbook refuses others, with a message.
        if rng.chance(16) && (1900..=9999).contains(&on.year()) {
            xunshi::ledger::xlsx::workbook(&ledger)
                .map_err(|e| format!("工作簿失败（xlsx failed）：{e}"))?;
        }
        let status = xunshi::rules::status::CaseStatus::of(case, on);
        let _ = serde_json::to_value(&status);
        let summary = xunshi::rules::round::RoundSummary::of(&case.round.name, &[case, case], on);
        let _ = serde_json::to_value(&summary);
    }
    Ok(())
}

pub fn markdown(text: &str, rng: &mut Rng) -> Result<Outcome, Finding> {
    let mut outcome = Outcome::default();
    let _ = cjk_friendly(text);
    match to_typst(text) {
        Ok(markup) => {
            check_markup("to_typst", text, &markup)?;
            outcome.signals.push(hash(&["md-ok", &constructs(&markup)]));
        }
        Err(e) => outcome
            .signals
            .push(hash(&["md-err", &e.to_string()[..12]])),
    }
    let level = 1 + rng.below(6);
    if let Ok(markup) = to_typst_with_headings(text, level) {
        check_markup("to_typst_with_headings", text, &markup)?;
    }
    let escaped = typst_markup(text);
    let root = typst::syntax::parse(&escaped);
    if syntax_error(&root).is_some() {
        return Err(format!(
            "typst_markup 的结果有语法错误（escaped markup does not parse）：{text:?}"
        ));
    }
    if let Some(kind) = first_not_plain(&root) {
        return Err(format!(
            "typst_markup 的结果含有 {kind:?}（escaped text is not plain）：{text:?}"
        ));
    }
    let literal = format!("\"{}\"", typst_string(text));
    let code = typst::syntax::parse_code(&literal);
    let only_a_string = code
        .children()
        .filter(|n| n.kind() != SyntaxKind::Space)
        .count()
        == 1
        && code.children().any(|n| n.kind() == SyntaxKind::Str);
    if syntax_error(&code).is_some() || !only_a_string {
        return Err(format!(
            "typst_string 的结果不是一个字符串（escaped string literal does not parse as one）：{text:?}"
        ));
    }
    Ok(outcome)
}

/// The Typst functions a conversion emitted, as a signal.
fn constructs(markup: &str) -> String {
    let mut found: Vec<&str> = ["#emph", "#strong", "#table", "#heading", "\\\n", "=", "（"]
        .into_iter()
        .filter(|c| markup.contains(c))
        .collect();
    found.sort_unstable();
    found.join(",")
}

fn check_markup(what: &str, text: &str, markup: &str) -> Result<(), Finding> {
    let root = typst::syntax::parse(markup);
    if let Some(e) = syntax_error(&root) {
        return Err(format!(
            "{what} 的结果有 Typst 语法错误（output does not parse）：{e}；输入 {text:?}，输出 {markup:?}"
        ));
    }
    Ok(())
}

/// The first node of escaped markup that is not text, an escape, a space or a line break.
fn first_not_plain(node: &SyntaxNode) -> Option<SyntaxKind> {
    for child in node.children() {
        match child.kind() {
            SyntaxKind::Text | SyntaxKind::Escape | SyntaxKind::Space | SyntaxKind::Linebreak => {}
            kind => return Some(kind),
        }
    }
    None
}

/// The first syntax error in a parsed tree.
fn syntax_error(root: &SyntaxNode) -> Option<String> {
    root.errors_and_warnings()
        .0
        .first()
        .map(|e| e.message.to_string())
}
