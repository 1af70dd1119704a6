//! The view: everything a document template may read, computed before the template runs.
//! It joins the typed case with what the rules derive from it (the timeline, the statistics,
//! each finding's standing, the principal on the document's date) so templates only choose
//! words and never compute dates or counts.

use super::kinds::{IssuingSource, Kind};
use crate::case::{Case, Date, IssuingDetails};
use crate::rules::calendar::add_months;
use crate::rules::statistics::FindingStanding;
use crate::rules::{Statistics, Timeline};
use serde::Serialize;
use serde_json::{Value, json};

/// Months a recommendation letter's recipient has to reply when the letter gives no date.
pub const RECOMMENDATION_REPLY_MONTHS: i32 = 2;

/// One document to compose: a kind, and for per-item kinds, which item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection<'a> {
    pub kind: &'a Kind,
    /// Index into the kind's list (`reviews[]`, `recommendations[]`), for per-item kinds.
    pub item: Option<usize>,
}

/// The view of one document, serialised into the template context.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub kind: Kind,
    pub case: Value,
    /// The issuing details of this document (发文信息).
    pub doc: Value,
    /// The list item the document is about (a review, a recommendation), if any.
    pub item: Value,
    /// A reply or opinion due date the document states, if its kind has one.
    pub due: Option<Date>,
    /// The time limit behind `due` as a document states it (1个月, 15日), if the rules set one.
    pub due_limit_zh: Option<String>,
    pub timeline: Timeline,
    pub stats: Statistics,
    /// Findings grouped by area in the order the areas first appear.
    pub areas: Vec<Value>,
    /// Every finding in order, each with its standing.
    pub findings: Vec<Value>,
    /// The principal (主要负责人) on the document's date.
    pub principal: Value,
}

/// What is missing for a document to be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The field path in the case, e.g. `documents.progress_report.signers`.
    pub field: String,
    pub message: String,
}

/// The issuing details and item a selection points at, or what is missing.
pub fn issuing(
    case_json: &Value,
    sel: &Selection<'_>,
) -> Result<(IssuingDetails, Value, String), Missing> {
    let (details_json, item, field) = match sel.kind.issuing_source() {
        Some(IssuingSource::Documents(key)) => {
            let field = format!("documents.{key}");
            let details = case_json.pointer(&format!("/documents/{key}"));
            (details.cloned(), Value::Null, field)
        }
        Some(IssuingSource::EachOf(list)) => {
            let index = sel.item.unwrap_or(0);
            let field = format!("{list}[{index}].document");
            let item = case_json.pointer(&format!("/{list}/{index}")).cloned();
            let details = item.as_ref().and_then(|i| i.get("document")).cloned();
            (details, item.unwrap_or(Value::Null), field)
        }
        None => (None, Value::Null, sel.kind.issuing.clone()),
    };
    let Some(details_json) = details_json.filter(|v| !v.is_null()) else {
        return Err(Missing {
            message: format!(
                "生成《{}》需要发文信息 {field}，案卷中没有（issuing details missing）",
                sel.kind.name
            ),
            field,
        });
    };
    for required in &sel.kind.requires {
        let value = details_json.get(required);
        let empty = match value {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            _ => false,
        };
        if empty {
            return Err(Missing {
                message: format!(
                    "生成《{}》需要填写 {field}.{required}（required for this document kind）",
                    sel.kind.name
                ),
                field: format!("{field}.{required}"),
            });
        }
    }
    let details: IssuingDetails = serde_json::from_value(details_json).map_err(|e| Missing {
        field: field.clone(),
        message: format!("{field} 无法读取：{e}"),
    })?;
    Ok((details, item, field))
}

impl View {
    pub fn build(case: &Case, sel: &Selection<'_>) -> Result<View, Missing> {
        let case_json = serde_json::to_value(case).expect("the case model always serialises");
        let (details, item, _) = issuing(&case_json, sel)?;
        let timeline = Timeline::of(case);
        let (due, due_limit_zh) = match sel.kind.issuing_source() {
            Some(IssuingSource::EachOf("recommendations")) => {
                let rec = &case.recommendations[sel.item.unwrap_or(0)];
                let due = rec
                    .reply_due
                    .unwrap_or_else(|| add_months(details.date, RECOMMENDATION_REPLY_MONTHS));
                (Some(due), None)
            }
            Some(IssuingSource::EachOf("reviews")) => {
                let id = &case.reviews[sel.item.unwrap_or(0)].id;
                let review = timeline.review_opinions.iter().find(|r| &r.review_id == id);
                (review.map(|r| r.due), review.map(|r| r.limit_zh.clone()))
            }
            _ => (None, None),
        };
        let findings: Vec<Value> = case
            .findings
            .iter()
            .zip(case_json["findings"].as_array().into_iter().flatten())
            .map(|(finding, json)| {
                let standing = FindingStanding::of(finding);
                let mut json = json.clone();
                json["standing"] = json!(standing);
                json["standing_zh"] = json!(standing.text_zh());
                json
            })
            .collect();
        let mut areas: Vec<(String, Vec<Value>)> = Vec::new();
        for (finding, json) in case.findings.iter().zip(&findings) {
            match areas.iter_mut().find(|(a, _)| *a == finding.area) {
                Some((_, list)) => list.push(json.clone()),
                None => areas.push((finding.area.clone(), vec![json.clone()])),
            }
        }
        let areas = areas
            .into_iter()
            .map(|(area, findings)| json!({ "area": area, "findings": findings }))
            .collect();
        let principal = principal_on(case, details.date);
        Ok(View {
            kind: sel.kind.clone(),
            doc: serde_json::to_value(&details).expect("issuing details serialise"),
            item,
            due,
            due_limit_zh,
            stats: Statistics::of(case),
            timeline,
            areas,
            findings,
            principal,
            case: case_json,
        })
    }
}

/// The principal in office on `date`: the latest change on or before it, else the original.
fn principal_on(case: &Case, date: Date) -> Value {
    let latest = case
        .unit
        .principal_changes
        .iter()
        .filter(|c| c.date <= date)
        .max_by_key(|c| c.date);
    match latest {
        Some(change) => json!({ "name": change.name, "title": change.title }),
        None => json!({ "name": case.unit.principal.name, "title": case.unit.principal.title }),
    }
}
