//! Rules a schema cannot express: unique ids, a closed measure's paperwork, dates in order,
//! deadlines after the feedback, long-term measures with goals, names that resolve, and the
//! form of document numbers (发文字号). Each rule is one function; each finding is a
//! diagnostic with the field's path and position.

use super::diagnostic::{Diagnostic, Source};
use super::model::{Case, IssuingDetails, MeasureStatus};
use super::values::{Date, Deadline};
use super::yaml::PositionIndex;
use std::collections::HashMap;

struct Ctx<'a> {
    case: &'a Case,
    index: &'a PositionIndex,
    source: &'a Source<'a>,
    out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error(&mut self, field: &str, zh: String, en: String) {
        let at = self.index.locate(field);
        self.out.push(self.source.error(at, field, zh, en));
    }
    fn warning(&mut self, field: &str, zh: String, en: String) {
        let at = self.index.locate(field);
        self.out.push(self.source.warning(at, field, zh, en));
    }
}

/// Every rule, over a case that passed the schema.
pub fn lint(case: &Case, index: &PositionIndex, source: &Source<'_>) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        case,
        index,
        source,
        out: Vec::new(),
    };
    unique_ids(&mut ctx);
    closed_measures_are_complete(&mut ctx);
    dates_in_order(&mut ctx);
    actions_after_feedback(&mut ctx);
    deadlines_after_feedback(&mut ctx);
    long_term_measures_have_goals(&mut ctx);
    long_term_status_has_a_long_term_deadline(&mut ctx);
    transfers_have_a_feedback_deadline(&mut ctx);
    repeat_feedback_letters_fall_in_the_window(&mut ctx);
    leaders_resolve(&mut ctx);
    units_resolve(&mut ctx);
    organisation_resolves(&mut ctx);
    progress_report_signed_by_principal(&mut ctx);
    recommendations_sent_to_their_recipient(&mut ctx);
    document_numbers(&mut ctx);
    own_document_keys_are_not_misspelt(&mut ctx);
    monthly_reports_sent_once_after_their_month(&mut ctx);
    markdown_has_no_images(&mut ctx);
    ctx.out
}

/// A repeat-feedback letter (再反馈意见) is written only for a change of principal inside the
/// rules' window after the feedback: the letter says so, and outside it no duty exists.
fn repeat_feedback_letters_fall_in_the_window(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    let timeline = crate::rules::Timeline::of(case);
    let window = case.rules.limits.repeat_feedback_window.text_zh();
    for (i, change) in timeline.repeat_feedbacks.iter().enumerate() {
        let has_letter = case.unit.principal_changes[i].refeedback_document.is_some();
        if has_letter && !change.required {
            ctx.error(
                &format!("unit.principal_changes[{i}].refeedback_document"),
                format!(
                    "{} 任职于 {}，不在巡视反馈后{window}内（{} 至 {}），按规定不需再反馈；再反馈意见会与此矛盾，请删去 refeedback_document 或核对日期",
                    change.name, change.changed_on, timeline.feedback_date, timeline.repeat_feedback_until
                ),
                format!(
                    "principal change on {} is outside the repeat-feedback window",
                    change.changed_on
                ),
            );
        }
    }
}

/// The fields that hold Markdown: these names anywhere, and everything under a wording block.
const MARKDOWN_FIELDS: &[&str] = &[
    "detail",
    "progress",
    "result",
    "assessment",
    "requirements",
    "reply",
];
const WORDING_BLOCKS: &[&str] = &["wording", "feedback_wording"];

/// A Markdown field may not hold an image: documents print text only, so composing would
/// refuse it, far from the field (found by the fuzzer). Refused here, where it stands.
fn markdown_has_no_images(ctx: &mut Ctx<'_>) {
    let Ok(json) = serde_json::to_value(ctx.case) else {
        return;
    };
    let mut found = Vec::new();
    markdown_images(&json, String::new(), false, &mut found);
    for (field, url) in found {
        ctx.error(
            &field,
            format!("Markdown 中不能插入图片（{url}）：公文正文只印文字，图片请作为附件报送"),
            format!("images are not allowed in Markdown fields ({url})"),
        );
    }
}

/// Every (field path, image url) in the Markdown fields under `value`, at `path`.
fn markdown_images(
    value: &serde_json::Value,
    path: String,
    markdown: bool,
    found: &mut Vec<(String, String)>,
) {
    use pulldown_cmark::{Event, Parser, Tag};
    match value {
        serde_json::Value::String(text) if markdown => {
            for event in Parser::new_ext(text, pulldown_cmark::Options::all()) {
                if let Event::Start(Tag::Image { dest_url, .. }) = event {
                    found.push((path.clone(), dest_url.to_string()));
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                markdown_images(item, format!("{path}[{i}]"), markdown, found);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                // (A list of plain strings such as a review's `requirements` is not Markdown.)
                let is_markdown = markdown
                    || WORDING_BLOCKS.contains(&key.as_str())
                    || (MARKDOWN_FIELDS.contains(&key.as_str()) && item.is_string());
                markdown_images(item, inner, is_markdown, found);
            }
        }
        _ => {}
    }
}

fn measures(case: &Case) -> impl Iterator<Item = (String, &super::model::Measure)> {
    case.findings.iter().enumerate().flat_map(|(i, f)| {
        f.measures
            .iter()
            .enumerate()
            .map(move |(j, m)| (format!("findings[{i}].measures[{j}]"), m))
    })
}

/// A list of ids: its Chinese and English name, each id with its field path.
type IdList<'a> = (&'static str, &'static str, Vec<(String, &'a str)>);

/// Ids are unique within their list (measure ids across the whole case), also when letter case
/// is not told apart, and usable in a file name: documents are named after them
/// (`审核意见-审1.pdf`, `整改销号审批表-1.1.pdf`), and two ids that became one name once made
/// safe (`2/1` and `2_1`; `.`, `..` and a space all end up empty) would lose a document.
fn unique_ids(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    let lists: Vec<IdList<'_>> = vec![
        (
            "问题编号",
            "finding id",
            case.findings
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("findings[{i}].id"), f.id.as_str()))
                .collect(),
        ),
        (
            "措施编号",
            "measure id",
            measures(case)
                .map(|(p, m)| (format!("{p}.id"), m.id.as_str()))
                .collect(),
        ),
        (
            "移交事项编号",
            "transfer id",
            case.transfers
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("transfers[{i}].id"), t.id.as_str()))
                .collect(),
        ),
        (
            "审核意见编号",
            "review id",
            case.reviews
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("reviews[{i}].id"), r.id.as_str()))
                .collect(),
        ),
        (
            "建议书编号",
            "recommendation id",
            case.recommendations
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("recommendations[{i}].id"), r.id.as_str()))
                .collect(),
        ),
        (
            "监督情况报告编号",
            "supervision report id",
            case.supervision
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("supervision[{i}].id"), r.id.as_str()))
                .collect(),
        ),
        (
            "整改评估编号",
            "assessment id",
            case.assessments
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("assessments[{i}].id"), a.id.as_str()))
                .collect(),
        ),
    ];
    for (zh, en, ids) in lists {
        let mut seen: HashMap<String, (String, &str)> = HashMap::new();
        for (path, id) in ids {
            if let Some((why_zh, why_en)) = unfit_for_file_name(id) {
                ctx.error(
                    &path,
                    format!("{zh}“{id}”不能用于文件名：{why_zh}；文档的文件名取自{zh}（如“审核意见-审1.pdf”）"),
                    format!("{en} `{id}` cannot be part of a file name: {why_en}"),
                );
            }
            match seen.get(&id.trim().to_lowercase()) {
                Some((first, other)) if *other == id.trim() => {
                    let line = ctx.index.locate(first).0;
                    ctx.error(
                        &path,
                        format!(
                            "{zh}“{id}”重复：第 {line} 行（{first}）已使用，{zh}在案卷内必须唯一"
                        ),
                        format!("duplicate {en} `{id}`: already used at line {line} ({first})"),
                    );
                }
                Some((first, other)) => {
                    let line = ctx.index.locate(first).0;
                    ctx.error(
                        &path,
                        format!(
                            "{zh}“{id}”与第 {line} 行的“{other}”（{first}）仅大小写不同：在 Windows 和 macOS 上两份文档的文件名相同，会互相覆盖"
                        ),
                        format!(
                            "{en} `{id}` differs from `{other}` at line {line} ({first}) only in letter case: one file name on Windows and macOS"
                        ),
                    );
                }
                None => {
                    seen.insert(id.trim().to_lowercase(), (path, id.trim()));
                }
            }
        }
    }
}

/// Why `id` cannot stand in a file name as it is (Chinese, English), if it cannot: the
/// characters a file system forbids, surrounding spaces, a trailing dot, nothing but dots.
fn unfit_for_file_name(id: &str) -> Option<(String, String)> {
    if let Some(c) = id.chars().find(|c| {
        matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') || c.is_control()
    }) {
        let shown = if c.is_control() {
            format!("U+{:04X}", c as u32)
        } else {
            c.to_string()
        };
        return Some((
            format!(
                "含有文件名中不能使用的字符“{shown}”（不能使用 < > : \" / \\ | ? * 和控制字符）"
            ),
            format!("it contains `{shown}`, which file names cannot"),
        ));
    }
    if id.trim().is_empty() || id.chars().all(|c| c == '.') {
        return Some((
            "不能为空，也不能只由“.”组成".into(),
            "it is empty or only dots".into(),
        ));
    }
    if id != id.trim() {
        return Some((
            "首尾不能有空格".into(),
            "it starts or ends with a space".into(),
        ));
    }
    if id.ends_with('.') {
        return Some(("不能以“.”结尾".into(), "it ends with a dot".into()));
    }
    None
}

/// A closed (销号) measure has its closure standard, completion and closure dates, evidence.
fn closed_measures_are_complete(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    for (path, m) in measures(case) {
        if m.status == MeasureStatus::Closed {
            let missing: Vec<(&str, &str)> = [
                (
                    m.closure_standard
                        .as_deref()
                        .is_none_or(|s| s.trim().is_empty()),
                    ("closure_standard", "销号标准"),
                ),
                (m.completed_on.is_none(), ("completed_on", "完成日期")),
                (m.closed_on.is_none(), ("closed_on", "销号日期")),
                (m.evidence.is_empty(), ("evidence", "佐证材料")),
            ]
            .into_iter()
            .filter(|(missing, _)| *missing)
            .map(|(_, what)| what)
            .collect();
            for (key, title) in missing {
                ctx.error(
                    &format!("{path}.status"),
                    format!("措施 {} 已销号（closed），但缺少{title}（{key}）。销号须有销号标准、完成日期、销号日期和佐证材料", m.id),
                    format!("measure {} is closed but has no `{key}`", m.id),
                );
            }
        }
        if m.status == MeasureStatus::Completed && m.completed_on.is_none() {
            ctx.warning(
                &format!("{path}.status"),
                format!(
                    "措施 {} 已完成（completed），建议填写完成日期（completed_on）",
                    m.id
                ),
                format!("measure {} is completed: give `completed_on`", m.id),
            );
        }
    }
}

/// Every dated field of the case, with its path and Chinese name.
fn all_dates(case: &Case) -> Vec<(String, &'static str, Date)> {
    let mut out = Vec::new();
    let mut push = |path: String, name: &'static str, d: Option<Date>| {
        if let Some(d) = d {
            out.push((path, name, d));
        }
    };
    push(
        "round.feedback_date".into(),
        "巡视反馈日期",
        Some(case.round.feedback_date),
    );
    push(
        "round.inspection_end".into(),
        "巡视结束日期",
        case.round.inspection_end,
    );
    push(
        "round.secretary_meeting".into(),
        "书记专题会议日期",
        case.round.secretary_meeting,
    );
    for (i, c) in case.unit.principal_changes.iter().enumerate() {
        push(
            format!("unit.principal_changes[{i}].refeedback_on"),
            "再反馈日期",
            c.refeedback_on,
        );
    }
    let m = &case.milestones;
    push(
        "milestones.topic_meeting".into(),
        "专题会议日期",
        m.topic_meeting,
    );
    push(
        "milestones.plan_issued".into(),
        "整改方案印发日期",
        m.plan_issued,
    );
    push(
        "milestones.mechanism_established".into(),
        "工作机制建立日期",
        m.mechanism_established,
    );
    push(
        "milestones.democratic_life_meeting".into(),
        "专题民主生活会日期",
        m.democratic_life_meeting,
    );
    push(
        "milestones.progress_report_submitted".into(),
        "进展报告报送日期",
        m.progress_report_submitted,
    );
    push(
        "milestones.special_reports_submitted".into(),
        "专项检查整改进展情况报告报送日期",
        m.special_reports_submitted,
    );
    push(
        "milestones.final_report_submitted".into(),
        "整改报告报送日期",
        m.final_report_submitted,
    );
    for (path, m) in measures(case) {
        push(format!("{path}.completed_on"), "完成日期", m.completed_on);
        push(format!("{path}.closed_on"), "销号日期", m.closed_on);
        push(format!("{path}.review_on"), "评估日期", m.review_on);
        for (k, u) in m.updates.iter().enumerate() {
            push(format!("{path}.updates[{k}].on"), "进展日期", Some(u.on));
        }
        for (k, c) in m.deadline_changes.iter().enumerate() {
            push(
                format!("{path}.deadline_changes[{k}].approved_on"),
                "时限调整批准日期",
                Some(c.approved_on),
            );
        }
        if let Deadline::On(d) = m.deadline {
            push(format!("{path}.deadline"), "完成时限", Some(d));
        }
    }
    for (i, t) in case.transfers.iter().enumerate() {
        push(
            format!("transfers[{i}].transferred_on"),
            "移交日期",
            Some(t.transferred_on),
        );
        push(
            format!("transfers[{i}].handled_on"),
            "办理日期",
            t.handled_on,
        );
    }
    for (i, r) in case.recommendations.iter().enumerate() {
        push(
            format!("recommendations[{i}].replied_on"),
            "反馈日期",
            r.replied_on,
        );
    }
    for (i, r) in case.reviews.iter().enumerate() {
        push(
            format!("reviews[{i}].received_on"),
            "收到报告日期",
            Some(r.received_on),
        );
    }
    for (path, d) in documents(case) {
        push(format!("{path}.date"), "成文日期", Some(d.date));
    }
    out
}

fn documents(case: &Case) -> Vec<(String, &IssuingDetails)> {
    let mut out = case.documents.all();
    for (i, r) in case.reviews.iter().enumerate() {
        out.push((format!("reviews[{i}].document"), &r.document));
    }
    for (i, r) in case.recommendations.iter().enumerate() {
        out.push((format!("recommendations[{i}].document"), &r.document));
    }
    for (i, r) in case.supervision.iter().enumerate() {
        out.push((format!("supervision[{i}].document"), &r.document));
    }
    for (i, a) in case.assessments.iter().enumerate() {
        out.push((format!("assessments[{i}].document"), &a.document));
    }
    for (i, t) in case.transfers.iter().enumerate() {
        if let Some(d) = &t.feedback_document {
            out.push((format!("transfers[{i}].feedback_document"), d));
        }
    }
    out
}

/// Completion before closure, handling after transfer, the round's own dates in order, and
/// nothing dated before the inspection began.
fn dates_in_order(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    let round = &case.round;
    if let (Some(start), Some(end)) = (round.inspection_start, round.inspection_end)
        && end < start
    {
        ctx.error(
            "round.inspection_end",
            format!("巡视结束日期 {end} 早于巡视进驻日期 {start}"),
            format!("inspection_end {end} is before inspection_start {start}"),
        );
    }
    if let Some(end) = round.inspection_end
        && round.feedback_date < end
    {
        ctx.error(
            "round.feedback_date",
            format!(
                "巡视反馈日期 {} 早于巡视结束日期 {end}",
                round.feedback_date
            ),
            format!(
                "feedback_date {} is before inspection_end {end}",
                round.feedback_date
            ),
        );
    }
    // The secretary's meeting hears the round's report after the stay and before the feedback.
    if let Some(meeting) = round.secretary_meeting {
        let before_end = round.inspection_end.filter(|end| meeting < *end);
        if let Some(end) = before_end {
            ctx.warning(
                "round.secretary_meeting",
                format!("书记专题会议日期 {meeting} 早于巡视结束日期 {end}，请核对"),
                format!("secretary_meeting {meeting} is before inspection_end {end}"),
            );
        } else if meeting > round.feedback_date {
            ctx.warning(
                "round.secretary_meeting",
                format!(
                    "书记专题会议日期 {meeting} 晚于巡视反馈日期 {}：通常先听取汇报、后反馈，请核对",
                    round.feedback_date
                ),
                format!(
                    "secretary_meeting {meeting} is after feedback_date {}",
                    round.feedback_date
                ),
            );
        }
    }
    for (path, m) in measures(case) {
        if let (Some(done), Some(closed)) = (m.completed_on, m.closed_on)
            && closed < done
        {
            ctx.error(
                &format!("{path}.closed_on"),
                format!(
                    "措施 {} 的销号日期 {closed} 早于完成日期 {done}：应先完成、后销号",
                    m.id
                ),
                format!(
                    "measure {}: closed_on {closed} is before completed_on {done}",
                    m.id
                ),
            );
        }
    }
    for (i, t) in case.transfers.iter().enumerate() {
        if let Some(h) = t.handled_on
            && h < t.transferred_on
        {
            ctx.error(
                &format!("transfers[{i}].handled_on"),
                format!(
                    "移交事项 {} 的办理日期 {h} 早于移交日期 {}",
                    t.id, t.transferred_on
                ),
                format!(
                    "transfer {}: handled_on {h} is before transferred_on {}",
                    t.id, t.transferred_on
                ),
            );
        }
    }
    if let Some(start) = round.inspection_start {
        for (path, name, date) in all_dates(case) {
            if date < start {
                ctx.error(
                    &path,
                    format!(
                        "{name} {date} 早于巡视进驻日期 {start}（round.inspection_start），请核对"
                    ),
                    format!("`{path}` {date} is before the inspection began ({start})"),
                );
            }
        }
    }
}

/// `later` (at `path`, named `name`) is not before `earlier` (named `earlier_name`): an error.
fn not_before(
    ctx: &mut Ctx<'_>,
    path: &str,
    (name, later): (&str, Date),
    (earlier_name, earlier): (&str, Date),
) {
    if later < earlier {
        ctx.error(
            path,
            format!("{name} {later} 早于{earlier_name} {earlier}，请核对"),
            format!("`{path}` {later} is before {earlier} ({earlier_name})"),
        );
    }
}

/// What the inspected organisation does in answer to the feedback comes after it: the fixed
/// actions (milestones), a new principal, reports received for review; a re-feedback follows
/// the change it answers, a review follows the report, printing follows signing.
fn actions_after_feedback(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    let feedback = ("巡视反馈日期", case.round.feedback_date);
    let m = &case.milestones;
    for (key, name, date) in [
        ("topic_meeting", "专题会议日期", m.topic_meeting),
        ("plan_issued", "整改方案印发日期", m.plan_issued),
        (
            "mechanism_established",
            "工作机制建立日期",
            m.mechanism_established,
        ),
        (
            "democratic_life_meeting",
            "专题民主生活会日期",
            m.democratic_life_meeting,
        ),
        (
            "progress_report_submitted",
            "进展报告报送日期",
            m.progress_report_submitted,
        ),
        (
            "special_reports_submitted",
            "专项检查整改进展情况报告报送日期",
            m.special_reports_submitted,
        ),
        (
            "final_report_submitted",
            "整改报告报送日期",
            m.final_report_submitted,
        ),
    ] {
        if let Some(date) = date {
            not_before(ctx, &format!("milestones.{key}"), (name, date), feedback);
        }
    }
    for (i, c) in case.unit.principal_changes.iter().enumerate() {
        let path = format!("unit.principal_changes[{i}]");
        not_before(
            ctx,
            &format!("{path}.date"),
            ("主要负责人任职日期", c.date),
            feedback,
        );
        if let Some(on) = c.refeedback_on {
            not_before(
                ctx,
                &format!("{path}.refeedback_on"),
                ("再反馈日期", on),
                ("新任主要负责人任职日期", c.date),
            );
        }
    }
    for (i, r) in case.reviews.iter().enumerate() {
        let path = format!("reviews[{i}]");
        let received = ("收到报告日期", r.received_on);
        not_before(ctx, &format!("{path}.received_on"), received, feedback);
        not_before(
            ctx,
            &format!("{path}.document.date"),
            ("审核意见成文日期", r.document.date),
            received,
        );
    }
    for (path, doc) in documents(case) {
        if let Some(printed) = doc.printed_on {
            not_before(
                ctx,
                &format!("{path}.printed_on"),
                ("印发日期", printed),
                ("成文日期", doc.date),
            );
        }
    }
}

/// A measure's deadline, a transfer's feedback due date and a recommendation's reply date
/// come after what starts them.
fn deadlines_after_feedback(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    let feedback = case.round.feedback_date;
    for (path, m) in measures(case) {
        if let Deadline::On(d) = m.deadline
            && d < feedback
        {
            ctx.error(
                &format!("{path}.deadline"),
                format!(
                    "措施 {} 的完成时限 {d} 早于巡视反馈日期 {feedback}：时限应在反馈之后",
                    m.id
                ),
                format!(
                    "measure {}: deadline {d} is before the feedback date {feedback}",
                    m.id
                ),
            );
        }
        let mut previous: Option<Date> = None;
        for (k, c) in m.deadline_changes.iter().enumerate() {
            let at = format!("{path}.deadline_changes[{k}]");
            if c.approved_on < feedback {
                ctx.error(
                    &format!("{at}.approved_on"),
                    format!(
                        "措施 {} 的时限调整批准日期 {} 早于巡视反馈日期 {feedback}",
                        m.id, c.approved_on
                    ),
                    format!(
                        "measure {}: deadline change approved {} before the feedback date {feedback}",
                        m.id, c.approved_on
                    ),
                );
            }
            if let Deadline::On(to) = c.to
                && to < c.approved_on
            {
                ctx.error(
                    &format!("{at}.to"),
                    format!(
                        "措施 {} 调整后的完成时限 {to} 早于批准日期 {}：调整只能向后",
                        m.id, c.approved_on
                    ),
                    format!(
                        "measure {}: the new deadline {to} is before its approval {}",
                        m.id, c.approved_on
                    ),
                );
            }
            if let Some(before) = previous
                && c.approved_on < before
            {
                ctx.warning(
                    &format!("{at}.approved_on"),
                    format!(
                        "措施 {} 的时限调整应按批准日期先后填写（{before} 之后是 {}）",
                        m.id, c.approved_on
                    ),
                    format!("measure {}: deadline changes out of date order", m.id),
                );
            }
            previous = Some(c.approved_on);
        }
        for (k, g) in m.staged_goals.iter().enumerate() {
            if g.by < feedback {
                ctx.error(
                    &format!("{path}.staged_goals[{k}].by"),
                    format!(
                        "措施 {} 的阶段截止日期 {} 早于巡视反馈日期 {feedback}",
                        m.id, g.by
                    ),
                    format!(
                        "measure {}: staged goal date {} is before the feedback date {feedback}",
                        m.id, g.by
                    ),
                );
            }
        }
    }
    for (i, t) in case.transfers.iter().enumerate() {
        if let Some(due) = t.feedback_due
            && due < t.transferred_on
        {
            ctx.error(
                &format!("transfers[{i}].feedback_due"),
                format!(
                    "移交事项 {} 的反馈时限 {due} 早于移交日期 {}",
                    t.id, t.transferred_on
                ),
                format!(
                    "transfer {}: feedback_due {due} is before transferred_on {}",
                    t.id, t.transferred_on
                ),
            );
        }
    }
    for (i, r) in case.recommendations.iter().enumerate() {
        if let Some(due) = r.reply_due
            && due < r.document.date
        {
            ctx.error(
                &format!("recommendations[{i}].reply_due"),
                format!(
                    "建议书 {} 的反馈时限 {due} 早于其成文日期 {}",
                    r.id, r.document.date
                ),
                format!(
                    "recommendation {}: reply_due {due} is before its date {}",
                    r.id, r.document.date
                ),
            );
        }
    }
}

/// A long-term (长期坚持) measure says how it will be judged: staged goals or a review date.
fn long_term_measures_have_goals(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    for (path, m) in measures(case) {
        let long_term = m.deadline == Deadline::LongTerm || m.status == MeasureStatus::LongTerm;
        if long_term && m.staged_goals.is_empty() && m.review_on.is_none() {
            let field = if m.deadline == Deadline::LongTerm {
                format!("{path}.deadline")
            } else {
                format!("{path}.status")
            };
            ctx.error(
                &field,
                format!(
                    "措施 {} 为长期坚持，须填写阶段性目标（staged_goals）或评估日期（review_on）",
                    m.id
                ),
                format!(
                    "long-term measure {} needs `staged_goals` or `review_on`",
                    m.id
                ),
            );
        }
    }
}

/// `status: long_term` turns a measure into continuing work, never overdue: with a dated
/// deadline that no approved change made long-term, it would hide a missed deadline.
fn long_term_status_has_a_long_term_deadline(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    for (path, m) in measures(case) {
        let deadline_now = m
            .deadline_changes
            .iter()
            .max_by_key(|c| c.approved_on)
            .map_or(m.deadline, |c| c.to);
        if m.status == MeasureStatus::LongTerm
            && let Deadline::On(date) = deadline_now
        {
            ctx.error(
                &format!("{path}.status"),
                format!(
                    "措施 {} 的状态为长期坚持，但完成时限是 {date}：长期坚持的措施完成时限应写 long_term（长期坚持）；若经批准改为长期坚持，请在 deadline_changes 中记录（to: long_term）",
                    m.id
                ),
                format!(
                    "measure {}: status long_term with the dated deadline {date}; write `deadline: long_term` or record the approved change",
                    m.id
                ),
            );
        }
    }
}

/// A transfer without a feedback deadline drops out of the status view: said, so the office
/// records the deadline the transfer letter set.
fn transfers_have_a_feedback_deadline(ctx: &mut Ctx<'_>) {
    for (i, t) in ctx.case.transfers.iter().enumerate() {
        if t.feedback_due.is_none() && t.handled_on.is_none() {
            ctx.warning(
                &format!("transfers[{i}]"),
                format!(
                    "移交事项 {} 没有反馈时限（feedback_due），整改进度中不会提示它何时应反馈：请填写移交时要求的反馈日期",
                    t.id
                ),
                format!("transfer {} has no `feedback_due`", t.id),
            );
        }
    }
}

/// Names of the principal, later principals and the listed leaders.
fn leader_names(case: &Case) -> Vec<&str> {
    let mut names = vec![case.unit.principal.name.trim()];
    names.extend(case.unit.principal_changes.iter().map(|c| c.name.trim()));
    names.extend(case.unit.leaders.iter().map(|l| l.name.trim()));
    names
}

/// A measure's responsible leader is the principal, a later principal or a listed leader.
fn leaders_resolve(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    let names = leader_names(case);
    let mut unchecked = false;
    for (path, m) in measures(case) {
        let leader = m.leader.trim();
        if names.contains(&leader) {
            continue;
        }
        if case.unit.leaders.is_empty() {
            unchecked = true;
            continue;
        }
        let list = names.join("、");
        ctx.error(
            &format!("{path}.leader"),
            format!("措施 {} 的责任领导“{leader}”不是主要负责人，也不在领导班子成员名单（unit.leaders）中。名单中有：{list}", m.id),
            format!("measure {}: leader `{leader}` is neither the principal nor in unit.leaders", m.id),
        );
    }
    if unchecked {
        ctx.warning(
            "unit",
            "未列出领导班子成员（unit.leaders），无法核对整改措施的责任领导".to_owned(),
            "unit.leaders is empty: measure leaders cannot be checked".to_owned(),
        );
    }
}

/// A measure's units are listed departments, when departments are listed.
fn units_resolve(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    if case.unit.departments.is_empty() {
        return;
    }
    for (path, m) in measures(case) {
        for (k, unit) in m.units.iter().enumerate() {
            if !case
                .unit
                .departments
                .iter()
                .any(|d| d.trim() == unit.trim())
            {
                ctx.warning(
                    &format!("{path}.units[{k}]"),
                    format!("措施 {} 的责任单位“{unit}”不在内设机构和下属单位名单（unit.departments）中，请核对名称", m.id),
                    format!("measure {}: unit `{unit}` is not in unit.departments", m.id),
                );
            }
        }
    }
}

/// The leading group's head and deputies are leaders.
fn organisation_resolves(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    let Some(org) = &case.organisation else {
        return;
    };
    if case.unit.leaders.is_empty() {
        return;
    }
    let names = leader_names(case);
    let mut people = vec![("organisation.head".to_owned(), org.head.as_str(), "组长")];
    people.extend(
        org.deputies
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("organisation.deputies[{i}]"), d.as_str(), "副组长")),
    );
    for (path, name, role) in people {
        if !names.contains(&name.trim()) {
            ctx.warning(
                &path,
                format!("领导小组{role}“{name}”不在领导班子成员名单（unit.leaders）中，请核对"),
                format!("leading group member `{name}` is not in unit.leaders"),
            );
        }
    }
}

/// The progress report goes up, signed by a principal.
fn progress_report_signed_by_principal(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    let Some(report) = &case.documents.progress_report else {
        return;
    };
    let mut principals = vec![case.unit.principal.name.trim()];
    principals.extend(case.unit.principal_changes.iter().map(|c| c.name.trim()));
    if report.signers.is_empty() {
        ctx.warning(
            "documents.progress_report",
            "集中整改进展情况报告是上行文，应填写签发人（signers），一般为主要负责人".to_owned(),
            "the progress report goes upward: give its signers (normally the principal)".to_owned(),
        );
    } else if !report
        .signers
        .iter()
        .any(|s| principals.contains(&s.trim()))
    {
        ctx.warning(
            "documents.progress_report.signers",
            format!(
                "集中整改进展情况报告的签发人中没有主要负责人（{}）",
                principals.join("、")
            ),
            "no signer of the progress report is the principal".to_owned(),
        );
    }
}

/// A recommendation letter's own 主送 list, when given, names the recipient it is for.
fn recommendations_sent_to_their_recipient(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    for (i, r) in case.recommendations.iter().enumerate() {
        let recipients = &r.document.recipients;
        if !recipients.is_empty() && !recipients.iter().any(|x| x.trim() == r.recipient.trim()) {
            ctx.warning(
                &format!("recommendations[{i}].document.recipients"),
                format!(
                    "建议书 {} 的主送机关中没有其主送单位“{}”（recipient），请核对",
                    r.id, r.recipient
                ),
                format!(
                    "recommendation {}: document.recipients does not include its recipient `{}`",
                    r.id, r.recipient
                ),
            );
        }
    }
}

/// Each month's table is recorded as sent once, and not before the month it reports on ended.
fn monthly_reports_sent_once_after_their_month(ctx: &mut Ctx<'_>) {
    let Some(sent) = &ctx.case.milestones.monthly_reports_sent else {
        return;
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, record) in sent.iter().enumerate() {
        let path = format!("milestones.monthly_reports_sent[{i}]");
        if let Some(first) = seen.insert(&record.month, i) {
            ctx.error(
                &format!("{path}.month"),
                format!(
                    "{} 的月报表已在第 {} 条记录过报送，每期只记一次",
                    record.month,
                    first + 1
                ),
                format!("the table for {} is recorded twice", record.month),
            );
        }
        let month_end = Date::parse(&format!("{}-01", record.month)).map(|d| d.0.last_of_month());
        if let Some(end) = month_end
            && record.sent_on.0 < end
        {
            ctx.warning(
                &format!("{path}.sent_on"),
                format!(
                    "{} 的月报表报送日期 {} 早于该月结束：月报表应在所报月份结束后报送，请核对月份或日期",
                    record.month, record.sent_on
                ),
                format!("sent before {} ended", record.month),
            );
        }
    }
}

/// The built-in kinds' keys under `documents`.
const BUILT_IN_DOCUMENT_KEYS: [&str; 4] = [
    "rectification_plan",
    "progress_report",
    "final_report",
    "monthly_report",
];

/// A key under `documents` that is not a built-in kind's is an office's own kind's; one a
/// letter or two from a built-in key is most likely that key misspelt, which would leave the
/// built-in document without its issuing details: warned, since an office's kind may be so
/// named on purpose.
fn own_document_keys_are_not_misspelt(ctx: &mut Ctx<'_>) {
    for key in ctx.case.documents.other.keys() {
        let word = key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !word {
            ctx.error(
                &format!("documents.{key}"),
                format!(
                    "documents 下的键名“{key}”不合规：应与文种清单中的 issuing: documents.<键名> 一致，由小写字母开头，只用小写字母、数字和下划线"
                ),
                format!("documents key `{key}` must be lower-case letters, digits and underscores"),
            );
            continue;
        }
        let Some(near) = BUILT_IN_DOCUMENT_KEYS
            .iter()
            .find(|k| strsim::levenshtein(k, key) <= 2)
        else {
            continue;
        };
        ctx.warning(
            &format!("documents.{key}"),
            format!(
                "documents.{key} 不是内置文种的键名，与 {near} 只差一两个字母：是否拼错？若是办公室自定义文种的发文信息（其清单写 issuing: documents.{key}），可不理会此提示"
            ),
            format!("documents.{key} is not a built-in kind's key; did you mean {near}? An office's own kind may use it"),
        );
    }
}

/// 发文字号 is `机关代字〔年份〕序号号`.
fn document_numbers(ctx: &mut Ctx<'_>) {
    let case = ctx.case;
    for (path, doc) in documents(case) {
        let Some(number) = &doc.number else {
            continue;
        };
        let field = format!("{path}.number");
        match super::numbers::parse_doc_number(number.trim()) {
            Err(problem) => ctx.error(
                &field,
                format!("发文字号“{number}”格式不对：{problem}。正确形式为“机关代字〔年份〕序号号”，如“××区委〔2022〕21号”"),
                format!("document number `{number}`: {}; the form is `代字〔2022〕21号`", problem.en()),
            ),
            Ok(parsed) => {
                let year = parsed.year;
                if i32::from(year) != i32::from(doc.date.year()) {
                    ctx.warning(
                        &field,
                        format!("发文字号中的年份 {year} 与成文日期 {} 的年份不一致", doc.date),
                        format!("the year {year} in the number differs from the date {}", doc.date),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unfit_for_file_name;

    #[test]
    fn ids_that_would_not_survive_as_file_names() {
        for good in ["审1", "1.1", "建-2", "2023-03", "A 1"] {
            assert_eq!(unfit_for_file_name(good), None, "{good}");
        }
        for (bad, word) in [
            ("2/1", "“/”"),
            ("a\\b", "“\\”"),
            ("审?", "“?”"),
            ("审\t1", "U+0009"),
            (".", "只由"),
            ("..", "只由"),
            (" ", "为空"),
            ("审1 ", "空格"),
            (" 审1", "空格"),
            ("1.", "结尾"),
        ] {
            let (zh, _) = unfit_for_file_name(bad).unwrap_or_else(|| panic!("{bad:?}"));
            assert!(zh.contains(word), "{bad:?}: {zh}");
        }
    }
}
