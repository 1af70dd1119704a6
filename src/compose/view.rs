//! The view: everything a document template may read, computed before the template runs.
//! It joins the typed case with what the rules derive from it (the timeline, the statistics,
//! each finding's standing, the principal on the document's date) so templates only choose
//! words and never compute dates or counts.
//!
//! A document states the facts as of its own date (`doc.date`): the view takes the case as it
//! stood that day ([`case_as_of`]) before it derives anything, and hands the templates that
//! case under the same keys (`case.findings[].measures[].status`, `progress`, `updates`,
//! `case.transfers` …), so a report already sent says the same whenever it is rendered again.
//! The document's own item (the review, the letter, the measure, the month) is looked up again,
//! by its id, in that case.

use super::dates::date_zh;
use super::items::{self, Item};
use super::kinds::{Condition, Each, IssuingSource, Kind};
use crate::case::{Case, Date, IssuingDetails, MeasureStatus};
use crate::rules::as_of::case_as_of;
use crate::rules::statistics::status_zh;
use crate::rules::statistics::{FindingStanding, is_done, overdue_days};
use crate::rules::{Statistics, Timeline};
use serde::Serialize;
use serde_json::{Value, json};

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
    /// The rules profile's name and the limits documents state in words
    /// (`repeat_feedback_window_zh`: 1年, `centralised_period_zh`: 3个月).
    pub rules: Value,
}

/// What is missing for a document to be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The field path in the case, e.g. `documents.progress_report.signers`.
    pub field: String,
    pub message: String,
}

/// The issuing details and item a selection points at, or what is missing: the item itself,
/// a field the item or the issuing details cannot do without, a condition on the case as it
/// stood on the document's date.
pub fn issuing(
    case: &Case,
    case_json: &Value,
    sel: &Selection<'_>,
) -> Result<(IssuingDetails, Option<Item>), Missing> {
    let kind = sel.kind;
    let item = match sel.item {
        Some(index) => Some(
            items::item(case, case_json, kind, index).ok_or_else(|| Missing {
                field: kind.issuing.clone(),
                message: format!(
                    "《{}》的第 {} 个条目不存在（no such item）",
                    kind.name,
                    index + 1
                ),
            })?,
        ),
        None => None,
    };
    if let Some(item) = &item {
        for required in &kind.item_requires {
            if is_empty(item.json.get(required)) {
                let field = format!("{}.{required}", item.field);
                return Err(Missing {
                    message: format!(
                        "《{}》（{}）缺少 {field}：{}前必须填写（required for this document kind）",
                        kind.name,
                        item.id,
                        field_name_zh(required)
                    ),
                    field,
                });
            }
        }
    }
    let (details_json, field) = match (kind.issuing_source(), &item) {
        (Some(IssuingSource::Documents(key)), _) => (
            case_json.pointer(&format!("/documents/{key}")).cloned(),
            format!("documents.{key}"),
        ),
        (Some(IssuingSource::EachOf { field, .. }), Some(item)) => (
            item.json.get(field).cloned(),
            format!("{}.{field}", item.field),
        ),
        (Some(IssuingSource::None), _) => (
            Some(json!({
                "issuer": case.unit.name,
                "date": form_date(case, item.as_ref()),
            })),
            String::new(),
        ),
        _ => (None, kind.issuing.clone()),
    };
    let Some(mut details_json) = details_json.filter(|v| !v.is_null()) else {
        return Err(Missing {
            message: format!(
                "生成《{}》需要发文信息 {field}，案卷中没有（issuing details missing）",
                kind.name
            ),
            field,
        });
    };
    for required in &kind.requires {
        if is_empty(details_json.get(required)) {
            return Err(Missing {
                message: format!(
                    "生成《{}》需要填写 {field}.{required}（required for this document kind）",
                    kind.name
                ),
                field: format!("{field}.{required}"),
            });
        }
    }
    if let (Some(Each::Month), Some(item)) = (kind.each, &item) {
        // A monthly table is dated the day it is due.
        details_json["date"] = item.json["due"].clone();
    }
    let details: IssuingDetails = serde_json::from_value(details_json).map_err(|e| Missing {
        field: field.clone(),
        message: format!("{field} 无法读取：{e}"),
    })?;
    if !kind.when.is_empty() {
        let then = case_as_of(case, details.date);
        for condition in &kind.when {
            check_condition(&then, kind, *condition, details.date)?;
        }
    }
    Ok((details, item))
}

fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// The Chinese name of an item field a kind may require.
fn field_name_zh(field: &str) -> &str {
    match field {
        "closure_standard" => "销号标准",
        "evidence" => "佐证材料",
        "completed_on" => "完成日期",
        "handled_on" => "办理日期",
        "result" => "办理情况",
        other => other,
    }
}

/// A form without issuing details is dated when its item's record was complete — a measure's
/// closure form on its closing day once closed, else on its completion day; an item handled on
/// its handling day — else on the case's as-of date, else on the feedback date. The form states
/// the facts as of that day, so a closed measure's form records its closure.
fn form_date(case: &Case, item: Option<&Item>) -> Value {
    let dated = item.and_then(|i| {
        ["closed_on", "completed_on", "handled_on"]
            .iter()
            .map(|k| &i.json[*k])
            .find(|v| !v.is_null())
            .cloned()
    });
    dated.unwrap_or_else(|| json!(case.as_of.unwrap_or(case.round.feedback_date)))
}

/// Whether `case` (as it stood on the document's date `on`) meets `condition`.
fn check_condition(
    case: &Case,
    kind: &Kind,
    condition: Condition,
    on: Date,
) -> Result<(), Missing> {
    match condition {
        Condition::AllMeasuresClosed => {
            let open: Vec<(String, String)> = case
                .findings
                .iter()
                .enumerate()
                .flat_map(|(i, f)| f.measures.iter().enumerate().map(move |(j, m)| (i, j, m)))
                .filter(|(_, _, m)| {
                    !matches!(m.status, MeasureStatus::Closed | MeasureStatus::LongTerm)
                })
                .map(|(i, j, m)| {
                    (
                        format!("findings[{i}].measures[{j}].status"),
                        format!("{}（{}）", m.id, status_zh(m.status)),
                    )
                })
                .collect();
            if let Some((field, _)) = open.first() {
                let names: Vec<&str> = open.iter().take(10).map(|(_, n)| n.as_str()).collect();
                return Err(Missing {
                    field: field.clone(),
                    message: format!(
                        "《{}》须在全部整改措施销号（或转为长期坚持）后报送，截至成文日期{}尚有 {} 项未销号：{}{}（not every measure is closed）",
                        kind.name,
                        date_zh(on),
                        open.len(),
                        names.join("、"),
                        if open.len() > 10 { "等" } else { "" }
                    ),
                });
            }
        }
    }
    Ok(())
}

impl View {
    /// The view of `case` (whose JSON is `case_json`) for the selected document, as of the
    /// document's date.
    pub fn build(case: &Case, case_json: Value, sel: &Selection<'_>) -> Result<View, Missing> {
        let (details, item) = issuing(case, &case_json, sel)?;
        let (due, due_limit_zh) = due_of(case, sel);
        let then = case_as_of(case, details.date);
        let case_json = if then == *case {
            case_json
        } else {
            serde_json::to_value(&then).expect("the case model always serialises")
        };
        let case = &then;
        let item = match item {
            Some(recorded) => item_as_of(case, &case_json, sel.kind, recorded, details.date)?,
            None => Value::Null,
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
                for (measure, m) in finding
                    .measures
                    .iter()
                    .zip(json["measures"].as_array_mut().into_iter().flatten())
                {
                    items::add_deadline_in_force(measure, m, details.date);
                }
                // The measures still to do on the day (neither done nor long-term), each with
                // the days it is past its deadline in force (`overdue_days`, null when not).
                let open: Vec<Value> = finding
                    .measures
                    .iter()
                    .zip(json["measures"].as_array().into_iter().flatten())
                    .filter(|(measure, _)| {
                        !is_done(measure) && measure.status != MeasureStatus::LongTerm
                    })
                    .map(|(measure, m)| {
                        let mut m = m.clone();
                        m["overdue_days"] = json!(overdue_days(measure, details.date));
                        m
                    })
                    .collect();
                json["open_measures"] = json!(open);
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
        Ok(View {
            kind: sel.kind.clone(),
            doc: serde_json::to_value(&details).expect("issuing details serialise"),
            item,
            due,
            due_limit_zh,
            stats: Statistics::of(case),
            timeline: Timeline::of(case),
            areas,
            findings,
            principal: principal_in_office(case),
            rules: json!({
                "name": case.rules.name,
                "centralised_period_zh": case.rules.limits.centralised_period.text_zh(),
                "repeat_feedback_window_zh": case.rules.limits.repeat_feedback_window.text_zh(),
            }),
            case: case_json,
        })
    }
}

/// The document's item (`recorded`, from the case as recorded) in the case as of its date `on`:
/// looked up again by id (kept as recorded if the later case lacks it). A field the kind cannot
/// do without that happened only after `on` (a transfer handled after its feedback letter) is
/// refused: a document cannot state it.
fn item_as_of(
    case: &Case,
    case_json: &Value,
    kind: &Kind,
    recorded: Item,
    on: Date,
) -> Result<Value, Missing> {
    let Some(then) = items::find(case, case_json, kind, &recorded.id) else {
        return Ok(recorded.json);
    };
    for required in &kind.item_requires {
        if is_empty(then.json.get(required)) && !is_empty(recorded.json.get(required)) {
            let field = format!("{}.{required}", recorded.field);
            return Err(Missing {
                message: format!(
                    "《{}》（{}）的{}在成文日期{}之后，文书只能写成文日期前已发生的情况（{field} is after the document's date）",
                    kind.name,
                    recorded.id,
                    field_name_zh(required),
                    date_zh(on)
                ),
                field,
            });
        }
    }
    Ok(then.json)
}

/// The reply or opinion due date a per-item document states, and the time limit behind it:
/// the rules' due date of the selected item of `case` (the case as recorded: `sel.item`
/// indexes it), whatever the kind.
fn due_of(case: &Case, sel: &Selection<'_>) -> (Option<Date>, Option<String>) {
    let Some(IssuingSource::EachOf { list, .. }) = sel.kind.issuing_source() else {
        return (None, None);
    };
    match crate::rules::timeline::item_due(case, list, sel.item.unwrap_or(0)) {
        Some(d) => (Some(d.due), d.limit_zh),
        None => (None, None),
    }
}

/// The principal in office in `case` (already as of the document's date, so later changes are
/// gone): the latest change, else the original.
fn principal_in_office(case: &Case) -> Value {
    let latest = case.unit.principal_changes.iter().max_by_key(|c| c.date);
    match latest {
        Some(change) => json!({ "name": change.name, "title": change.title }),
        None => json!({ "name": case.unit.principal.name, "title": case.unit.principal.title }),
    }
}
