//! The items a kind makes one document each for: the entries of a case list (`reviews[]`), the
//! done measures (closure forms), the months owed a monthly report. Which items exist, what each
//! is called (its id) and where in the case it lives are answered here once, for selecting,
//! naming and composing alike.

use super::kinds::{Each, IssuingSource, Kind};
use crate::case::{Case, Date};
use crate::rules::Timeline;
use crate::rules::monthly::{self, MonthlyTable};
use crate::rules::statistics::is_done;
use serde_json::{Value, json};

/// One item of a per-item kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The id documents and file names use: `审1`, `1.2`, `2023-03`.
    pub id: String,
    /// Where it lives in the case (`reviews[0]`, `findings[1].measures[0]`), for messages;
    /// empty for a month, which is not a field.
    pub field: String,
    /// What the template reads as `item`.
    pub json: Value,
}

/// The indices of the items `kind` makes documents for in `case`, in case order; `None` for a
/// kind that makes one document per case.
pub fn indices(case: &Case, case_json: &Value, kind: &Kind) -> Option<Vec<usize>> {
    match (kind.each, kind.issuing_source()?) {
        (Some(Each::Month), source) => {
            let until = case.as_of.or_else(|| issuing_date(case_json, &source))?;
            let timeline = Timeline::of(case);
            Some(
                monthly::reports_made_by(case, &timeline, until)
                    .into_iter()
                    .map(|k| k as usize - 1)
                    .collect(),
            )
        }
        (Some(Each::Measure), _) => Some(
            measures(case)
                .enumerate()
                .filter(|(_, (_, _, m))| is_done(m))
                .map(|(i, _)| i)
                .collect(),
        ),
        (None, IssuingSource::EachOf { list, field }) => {
            let items = list_at(case_json, list)?;
            Some(
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.get(field).is_some_and(|v| !v.is_null()))
                    .map(|(i, _)| i)
                    .collect(),
            )
        }
        (None, _) => None,
    }
}

/// The `index`-th item of `kind` in `case`.
pub fn item(case: &Case, case_json: &Value, kind: &Kind, index: usize) -> Option<Item> {
    match (kind.each, kind.issuing_source()?) {
        (Some(Each::Month), _) => {
            let timeline = Timeline::of(case);
            let table = MonthlyTable::of(case, &timeline, index as u32 + 1);
            Some(Item {
                id: table.month.clone(),
                field: String::new(),
                json: serde_json::to_value(&table).ok()?,
            })
        }
        (Some(Each::Measure), _) => {
            let (i, j, measure) = measures(case).nth(index)?;
            let finding = &case_json["findings"][i];
            let mut json = finding["measures"][j].clone();
            let on = measure
                .completed_on
                .or(case.as_of)
                .unwrap_or(case.round.feedback_date);
            add_deadline_in_force(measure, &mut json, on);
            json["finding"] = json!({
                "id": finding["id"],
                "area": finding["area"],
                "title": finding["title"],
                "source": finding["source"],
                "detail": finding["detail"],
            });
            Some(Item {
                id: measure.id.clone(),
                field: format!("findings[{i}].measures[{j}]"),
                json,
            })
        }
        (None, IssuingSource::EachOf { list, .. }) => {
            let mut json = list_at(case_json, list)?.get(index)?.clone();
            if let ("assessments", Some(a)) = (list, case.assessments.get(index)) {
                // The grade and disposal as documents and the status view name them.
                json["grade_zh"] = json!(crate::rules::status::grade_zh(a.grade));
                json["disposal_zh"] = json!(crate::rules::status::disposal_zh(a.disposal));
            }
            let id = item_id(&json, index);
            Some(Item {
                id,
                field: format!("{list}[{index}]"),
                json,
            })
        }
        (None, _) => None,
    }
}

/// The item of `kind` whose id is `id` in `case`, wherever it now stands: the view looks the
/// document's item up again in the case as of the document's date, whose lists may be shorter
/// (what came later is left out).
pub fn find(case: &Case, case_json: &Value, kind: &Kind, id: &str) -> Option<Item> {
    let index = match (kind.each, kind.issuing_source()?) {
        (Some(Each::Month), _) => month_index(case, id).ok()?,
        (Some(Each::Measure), _) => measures(case).position(|(_, _, m)| m.id == id)?,
        (None, IssuingSource::EachOf { list, .. }) => list_at(case_json, list)?
            .iter()
            .enumerate()
            .position(|(i, item)| item_id(item, i) == id)?,
        (None, _) => return None,
    };
    item(case, case_json, kind, index)
}

/// The list at `list` (`reviews`, `unit.principal_changes`) of the case's JSON.
fn list_at<'v>(case_json: &'v Value, list: &str) -> Option<&'v Vec<Value>> {
    list.split('.')
        .try_fold(case_json, |value, key| value.get(key))?
        .as_array()
}

/// A list item's id: its `id`, else its `name` (a principal change is named after the new
/// principal), else its place in the list from 1.
fn item_id(json: &Value, index: usize) -> String {
    ["id", "name"]
        .iter()
        .find_map(|key| json.get(*key).and_then(Value::as_str))
        .map_or_else(|| (index + 1).to_string(), str::to_owned)
}

/// The index of the monthly report covering `month` (`YYYY-MM`), or why there is none.
pub fn month_index(case: &Case, month: &str) -> Result<usize, String> {
    monthly::report_number(&Timeline::of(case), month)
        .map(|k| k as usize - 1)
        .map_err(|e| e.message_zh(month))
}

/// Every measure with its finding's and its own position, in case order.
fn measures(case: &Case) -> impl Iterator<Item = (usize, usize, &crate::case::Measure)> {
    case.findings
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.measures.iter().enumerate().map(move |(j, m)| (i, j, m)))
}

/// The date of a `documents.<key>` kind's issuing details, if filled in.
fn issuing_date(case_json: &Value, source: &IssuingSource<'_>) -> Option<Date> {
    let IssuingSource::Documents(key) = source else {
        return None;
    };
    serde_json::from_value(
        case_json
            .pointer(&format!("/documents/{key}/date"))?
            .clone(),
    )
    .ok()
}

/// Adds to a measure's JSON the deadline in force on `on` (`deadline_now`) and the sentences
/// recording its approved changes (`deadline_changes_zh`, empty when none).
pub(super) fn add_deadline_in_force(measure: &crate::case::Measure, json: &mut Value, on: Date) {
    json["deadline_now"] = json!(crate::rules::as_of::deadline_on(measure, on));
    json["deadline_changes_zh"] = json!(super::dates::deadline_changes_zh(measure, on));
}
