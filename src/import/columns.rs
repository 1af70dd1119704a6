//! The header row of a 台账 and what each column holds, by name: the names xunshi's own ledger
//! uses and the synonyms offices write (问题 / 反馈问题 / 问题描述, 责任单位 / 牵头单位, …).

use super::sheet::{Grid, Value};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Number,
    Organisation,
    FindingId,
    Area,
    Finding,
    MeasureId,
    Action,
    Leader,
    Units,
    Deadline,
    ClosureStandard,
    Status,
    Overdue,
    CompletedOn,
    ClosedOn,
    Progress,
    Evidence,
}

/// Each field's names, the first the one xunshi's ledger writes.
pub const NAMES: &[(Field, &[&str])] = &[
    (Field::Number, &["序号"]),
    (
        Field::Organisation,
        &["单位", "被巡视单位", "被巡视党组织", "单位名称", "党组织"],
    ),
    (Field::FindingId, &["问题编号", "问题序号"]),
    (
        Field::Area,
        &[
            "问题所属方面",
            "所属方面",
            "问题类别",
            "问题类型",
            "问题分类",
            "方面",
        ],
    ),
    (
        Field::Finding,
        &[
            "问题",
            "反馈问题",
            "问题描述",
            "问题表现",
            "存在问题",
            "具体问题",
            "问题清单",
            "巡视反馈问题",
        ],
    ),
    (Field::MeasureId, &["措施编号", "措施序号"]),
    (
        Field::Action,
        &["整改措施", "措施", "具体措施", "整改举措", "具体整改措施"],
    ),
    (
        Field::Leader,
        &["责任领导", "牵头领导", "分管领导", "责任领导同志"],
    ),
    (
        Field::Units,
        &[
            "责任单位",
            "牵头单位",
            "责任部门",
            "牵头部门",
            "责任科室",
            "责任单位（部门）",
        ],
    ),
    (
        Field::Deadline,
        &["完成时限", "整改时限", "时限", "完成时间", "整改期限"],
    ),
    (
        Field::ClosureStandard,
        &["销号标准", "销号条件", "完成标准"],
    ),
    (Field::Status, &["整改状态", "状态", "进展状态", "完成状态"]),
    (Field::Overdue, &["是否逾期", "逾期情况"]),
    (
        Field::CompletedOn,
        &["完成日期", "实际完成日期", "实际完成时间"],
    ),
    (Field::ClosedOn, &["销号日期", "销号时间"]),
    (
        Field::Progress,
        &[
            "进展情况",
            "整改进展",
            "整改进展情况",
            "进展",
            "整改情况",
            "完成情况",
        ],
    ),
    (
        Field::Evidence,
        &["佐证材料", "佐证", "证明材料", "佐证资料"],
    ),
];

impl Field {
    /// The name xunshi's ledger gives the column.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(f, _)| *f == self)
            .map(|(_, names)| names[0])
            .unwrap_or("")
    }

    /// The other names the column may have, for messages.
    pub fn synonyms(self) -> String {
        NAMES
            .iter()
            .find(|(f, _)| *f == self)
            .map(|(_, names)| names.join(" / "))
            .unwrap_or_default()
    }
}

/// A header cell's text without spaces, line breaks, a trailing note in brackets
/// (“完成时限（年月日）”) or a required-field star.
pub fn normalise(text: &str) -> String {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .collect();
    for open in ['（', '('] {
        if let Some(i) = t.find(open)
            && i > 0
            && (t.ends_with('）') || t.ends_with(')'))
        {
            return t[..i].to_owned();
        }
    }
    t
}

/// The field a header cell names, if any.
pub fn field_of(text: &str) -> Option<Field> {
    let t = normalise(text);
    let exact = |t: &str| {
        NAMES
            .iter()
            .find(|(_, names)| names.contains(&t))
            .map(|(f, _)| *f)
    };
    exact(&t).or_else(|| {
        exact(
            &text
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>(),
        )
    })
}

/// The header row: where it is and which column holds which field.
#[derive(Debug, Clone)]
pub struct Header {
    pub row: usize,
    pub columns: Vec<(Field, usize)>,
    /// Header cells no field is known by: (column, text).
    pub unknown: Vec<(usize, String)>,
}

impl Header {
    pub fn col(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }
}

/// How far down a header row may be (titles and notes above it).
const HEADER_SEARCH_ROWS: usize = 30;

/// The fields a sheet must have to be a 台账.
pub const REQUIRED: [Field; 5] = [
    Field::Finding,
    Field::Action,
    Field::Leader,
    Field::Units,
    Field::Deadline,
];

/// Finds the header row: among the first rows, the one naming the most known columns (at
/// least three, one of them 整改措施). `Ok(None)`: no such row (a summary sheet, notes).
/// `Err` is (cell, message) for a header naming one field twice.
pub fn find_header(grid: &Grid) -> Result<Option<Header>, (String, String)> {
    let mut best: Option<(usize, usize)> = None;
    for (r, row) in grid.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let fields: Vec<Field> = row
            .iter()
            .filter_map(|v| match v {
                Value::Text(t) => field_of(t),
                _ => None,
            })
            .collect();
        if fields.len() >= 3
            && fields.contains(&Field::Action)
            && best.is_none_or(|(_, n)| fields.len() > n)
        {
            best = Some((r, fields.len()));
        }
    }
    let Some((row, _)) = best else {
        return Ok(None);
    };
    let mut columns: Vec<(Field, usize)> = Vec::new();
    let mut unknown = Vec::new();
    for (col, v) in grid.rows[row].iter().enumerate() {
        if grid.is_merged(row, col) {
            continue;
        }
        let text = v.text();
        if text.is_empty() {
            continue;
        }
        match field_of(&text) {
            Some(field) => {
                if let Some((_, first)) = columns.iter().find(|(f, _)| *f == field) {
                    return Err((
                        grid.address(row, col),
                        format!(
                            "表头中有两列都是“{}”（{} 列和 {} 列）：请删去或改名其中一列",
                            field.name(),
                            super::sheet::column_letters(*first),
                            super::sheet::column_letters(col)
                        ),
                    ));
                }
                columns.push((field, col));
            }
            None => unknown.push((col, text)),
        }
    }
    Ok(Some(Header {
        row,
        columns,
        unknown,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_and_decorated_names_are_recognised() {
        assert_eq!(field_of("反馈问题"), Some(Field::Finding));
        assert_eq!(field_of("问题描述"), Some(Field::Finding));
        assert_eq!(field_of("牵头领导"), Some(Field::Leader));
        assert_eq!(field_of("牵头单位"), Some(Field::Units));
        assert_eq!(field_of("整改时限"), Some(Field::Deadline));
        assert_eq!(field_of("完成时限\n（年月日）"), Some(Field::Deadline));
        assert_eq!(field_of("*状态"), Some(Field::Status));
        assert_eq!(field_of("责任单位（部门）"), Some(Field::Units));
        assert_eq!(field_of("备注"), None);
    }
}
