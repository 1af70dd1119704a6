//! The case file (巡视整改案卷) as Rust types: one inspected organisation in one inspection
//! round. These types are the product's public interface: the JSON Schema in
//! `schemas/case.schema.json` is generated from them, and every document is rendered from
//! them. Keys are stable once released; every field carries a Chinese title (first doc line)
//! and description (the rest), which the schema shows in editors.

use super::values::{Date, Deadline, Markdown};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// 巡视整改案卷
///
/// 一个被巡视党组织在一轮巡视中的整改情况：巡视反馈、问题、整改措施、移交事项、审核意见、巡视建议书及各公文的发文信息。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "巡视整改案卷")]
pub struct Case {
    /// 案卷格式版本
    ///
    /// 固定为 1。格式升级时用于识别旧案卷。
    #[schemars(range(min = 1, max = 1))]
    pub version: u32,
    /// 巡视轮次
    ///
    /// 本轮巡视的名称、巡视组及关键日期。
    pub round: Round,
    /// 被巡视党组织
    ///
    /// 被巡视单位的名称、主要负责人、领导班子成员及其变动。
    pub unit: Unit,
    /// 整改组织机构
    ///
    /// 整改工作领导小组及其办公室，用于整改方案。
    #[serde(default)]
    pub organisation: Option<Organisation>,
    /// 规定动作完成日期
    ///
    /// 召开专题会议、印发整改方案、召开专题民主生活会、报送进展报告等规定动作实际完成的日期。
    #[serde(default)]
    pub milestones: Milestones,
    /// 反馈问题
    ///
    /// 巡视反馈（含各专项检查）指出的问题，每个问题有一项或多项整改措施。
    #[schemars(length(min = 1))]
    pub findings: Vec<Finding>,
    /// 移交事项
    ///
    /// 巡视组移交有关职能部门的问题线索和工作建议及其办理情况。
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    /// 审核意见
    ///
    /// 纪委监委机关、组织部或巡视组对整改方案、进展情况报告出具的审核意见。
    #[serde(default)]
    pub reviews: Vec<Review>,
    /// 巡视建议书
    ///
    /// 巡视办根据书记专题会议意见向有关党组织或部门发出的巡视建议书。
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    /// 整改监督情况
    ///
    /// 纪委监委机关、组织部在集中整改期结束后向巡视工作领导小组报告的整改监督情况。
    #[serde(default)]
    pub supervision: Vec<SupervisionReport>,
    /// 整改评估
    ///
    /// 纪委监委机关牵头对被巡视党组织整改成效的评估：评估等次、发现的问题和处置意见。
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// 各公文发文信息
    ///
    /// 由被巡视党组织制发的各类公文的发文机关、发文字号、成文日期、主送、抄送等版头与版记信息。
    #[serde(default)]
    pub documents: Documents,
    /// 情况截至日期
    ///
    /// 案卷所记载的整改情况截至哪一天。状态视图默认以此日为准，月报表默认生成此日前已到报送期的各月。不填时状态视图以当天为准。
    #[serde(default)]
    pub as_of: Option<Date>,
    /// 本单位表述
    ///
    /// 被巡视党组织制发的整改方案、集中整改进展情况报告、整改报告中叙述部分的本单位表述，按文种填写，替换模板中的标准表述；不填或留空的部分使用标准表述。审核意见、巡视建议书、监督情况报告、移交事项办理情况反馈的表述填在各项的 wording（移交事项为 feedback_wording）中。
    #[serde(default)]
    pub wording: Wording,
    /// The rules profile the case is judged by (整改规则: the built-in 办法, an office's
    /// `rules.yaml`, or `--rules`), attached when the case is loaded; never written in it.
    #[serde(skip)]
    #[schemars(skip)]
    pub rules: crate::rules::Rules,
}

/// 巡视轮次
///
/// 本轮巡视的基本信息。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// 巡视轮次名称
    ///
    /// 如“十二届自治区党委第三轮巡视”。
    #[schemars(length(min = 1))]
    pub name: String,
    /// 巡视组
    ///
    /// 开展巡视的巡视组，如“自治区党委第二巡视组”。
    #[schemars(length(min = 1))]
    pub team: String,
    /// 巡视组组长
    ///
    /// 巡视组组长姓名，用于反馈和再反馈。
    #[serde(default)]
    pub team_leader: Option<String>,
    /// 巡视进驻日期
    ///
    /// 巡视组进驻被巡视党组织的日期。整改相关日期不得早于此日。
    #[serde(default)]
    pub inspection_start: Option<Date>,
    /// 巡视结束日期
    ///
    /// 巡视组结束进驻的日期。
    #[serde(default)]
    pub inspection_end: Option<Date>,
    /// 书记专题会议日期
    ///
    /// 书记专题会议听取本轮巡视情况汇报的日期。巡视建议书据此写明“根据书记专题会议意见”。
    #[serde(default)]
    pub secretary_meeting: Option<Date>,
    /// 巡视反馈日期
    ///
    /// 被巡视党组织收到巡视反馈意见的日期。集中整改期、报告时限等均由此起算。
    pub feedback_date: Date,
}

/// 被巡视党组织
///
/// 被巡视单位及其领导班子。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// 党组织全称
    ///
    /// 如“中共××市××区委员会”。
    #[schemars(length(min = 1))]
    pub name: String,
    /// 简称
    ///
    /// 如“××区委”，用于正文和发文机关标志。
    #[schemars(length(min = 1))]
    pub short_name: String,
    /// 主要负责人
    ///
    /// 巡视反馈时的党组织主要负责人（书记）。
    pub principal: Person,
    /// 主要负责人变动
    ///
    /// 反馈后主要负责人的调整。反馈之日起一年内调整的，应向新任主要负责人再反馈。
    #[serde(default)]
    pub principal_changes: Vec<PrincipalChange>,
    /// 领导班子成员
    ///
    /// 班子成员名单。整改措施的责任领导须在此名单（或主要负责人）中。
    #[serde(default)]
    pub leaders: Vec<Person>,
    /// 内设机构和下属单位
    ///
    /// 可作为责任单位的部门名单。填写后，整改措施的责任单位须在此名单中。
    #[serde(default)]
    pub departments: Vec<String>,
}

/// 人员
///
/// 姓名及职务。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// 姓名
    ///
    /// 如“张建国”。生僻字（如“䶮”）照实填写。
    #[schemars(length(min = 1))]
    pub name: String,
    /// 职务
    ///
    /// 如“区委书记”。
    #[schemars(length(min = 1))]
    pub title: String,
}

/// 主要负责人变动
///
/// 新任主要负责人及其任职日期。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrincipalChange {
    /// 任职日期
    ///
    /// 新任主要负责人到任的日期。
    pub date: Date,
    /// 姓名
    ///
    /// 新任主要负责人姓名。
    #[schemars(length(min = 1))]
    pub name: String,
    /// 职务
    ///
    /// 新任主要负责人职务。
    #[schemars(length(min = 1))]
    pub title: String,
    /// 再反馈日期
    ///
    /// 巡视组或巡视办向新任主要负责人再反馈的日期（已进行时填写）。
    #[serde(default)]
    pub refeedback_on: Option<Date>,
    /// 再反馈意见发文信息
    ///
    /// 巡视组或巡视办向新任主要负责人再反馈巡视意见的函的发文机关、字号、日期、主送等。填写后可生成再反馈意见；未填再反馈日期时以其成文日期为再反馈日期。
    #[serde(default)]
    pub refeedback_document: Option<IssuingDetails>,
    /// 再反馈的整改要求
    ///
    /// 对新任主要负责人继续组织整改的要求（Markdown）；不写时用通用表述。
    #[serde(default)]
    pub refeedback_requirements: Option<Markdown>,
}

/// 整改组织机构
///
/// 整改工作领导小组及其办公室。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// 领导小组名称
    ///
    /// 如“巡视整改工作领导小组”。
    #[schemars(length(min = 1))]
    pub leading_group: String,
    /// 组长
    ///
    /// 通常为党组织主要负责人，填写姓名。
    #[schemars(length(min = 1))]
    pub head: String,
    /// 副组长
    ///
    /// 副组长姓名。
    #[serde(default)]
    pub deputies: Vec<String>,
    /// 成员
    ///
    /// 成员姓名或成员单位。
    #[serde(default)]
    pub members: Vec<String>,
    /// 办公室设在
    ///
    /// 领导小组办公室所在部门，如“区委办”。
    #[schemars(length(min = 1))]
    pub office_in: String,
    /// 办公室主任
    ///
    /// 领导小组办公室主任姓名及职务，如“王芳（区委常委、区委办主任）”。
    #[serde(default)]
    pub office_director: Option<String>,
}

/// 规定动作完成日期
///
/// 集中整改期内各规定动作实际完成的日期，未完成的不填。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestones {
    /// 专题会议日期
    ///
    /// 召开巡视整改专题会议、研究部署整改工作的日期。
    #[serde(default)]
    pub topic_meeting: Option<Date>,
    /// 整改方案印发日期
    ///
    /// 整改方案经研究审定并印发的日期。
    #[serde(default)]
    pub plan_issued: Option<Date>,
    /// 工作机制建立日期
    ///
    /// 建立整改工作机制（领导小组、台账、调度等）的日期。
    #[serde(default)]
    pub mechanism_established: Option<Date>,
    /// 专题民主生活会日期
    ///
    /// 召开巡视整改专题民主生活会的日期。
    #[serde(default)]
    pub democratic_life_meeting: Option<Date>,
    /// 进展报告报送日期
    ///
    /// 集中整改进展情况报告报送纪委监委机关的日期。
    #[serde(default)]
    pub progress_report_submitted: Option<Date>,
    /// 专项检查整改进展情况报告报送日期
    ///
    /// 选人用人、意识形态、巡察工作等专项检查整改进展情况报告报送组织部、宣传部、巡视办的日期（有专项检查问题时填写）。
    #[serde(default)]
    pub special_reports_submitted: Option<Date>,
    /// 整改报告报送日期
    ///
    /// 全部任务销号后报送整改报告的日期。
    #[serde(default)]
    pub final_report_submitted: Option<Date>,
    /// 月报表报送记录
    ///
    /// 集中整改期后每期整改情况月报表的报送日期，每期一条（month 为所报的月份，如 2023-03）。填写后（可先写 []），整改进度逐期列出已报送、今天到期或已逾期；不填时只提示下一期。
    #[serde(default)]
    pub monthly_reports_sent: Option<Vec<MonthlyReportSent>>,
}

/// 月报表报送
///
/// 一期整改情况月报表的报送日期。
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthlyReportSent {
    /// 所报月份
    ///
    /// 月报表所报的月份，YYYY-MM，如 2023-03。
    #[schemars(regex(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub month: String,
    /// 报送日期
    ///
    /// 这一期月报表报送纪委监委机关的日期。
    pub sent_on: Date,
}

/// 反馈问题
///
/// 巡视反馈或专项检查指出的一个问题。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// 问题编号
    ///
    /// 案卷内唯一，如“1”“2”“专1”。
    #[schemars(length(min = 1))]
    pub id: String,
    /// 问题所属方面
    ///
    /// 反馈意见中的问题分类，如“贯彻落实党中央决策部署方面”。整改方案按此分组。
    #[schemars(length(min = 1))]
    pub area: String,
    /// 问题标题
    ///
    /// 一句话概括问题，如“落实意识形态工作责任制不够到位”。
    #[schemars(length(min = 1))]
    pub title: String,
    /// 问题来源
    ///
    /// 巡视反馈意见，或某一专项检查的反馈。
    #[serde(default)]
    pub source: FindingSource,
    /// 问题具体表现
    ///
    /// 问题的具体表现，Markdown 格式（段落、列表、强调、表格）。
    #[serde(default)]
    pub detail: Option<Markdown>,
    /// 整改措施
    ///
    /// 针对该问题的整改措施，至少一项。
    #[schemars(length(min = 1))]
    pub measures: Vec<Measure>,
}

/// 问题来源
///
/// 巡视反馈意见或专项检查。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingSource {
    /// 巡视反馈意见
    #[default]
    Feedback,
    /// 选人用人工作专项检查（向组织部报告）
    CadreSelection,
    /// 意识形态工作责任制落实情况专项检查（向宣传部报告）
    Ideology,
    /// 巡察工作专项检查（向巡视办报告）
    InspectionWork,
}

/// 整改措施
///
/// 针对一个问题的一项整改措施及其落实情况。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// 措施编号
    ///
    /// 案卷内唯一，如“1.1”。
    #[schemars(length(min = 1))]
    pub id: String,
    /// 整改措施
    ///
    /// 具体的整改举措，一句或一段话。
    #[schemars(length(min = 1))]
    pub action: String,
    /// 责任领导
    ///
    /// 责任领导姓名，须为领导班子成员或主要负责人。
    #[schemars(length(min = 1))]
    pub leader: String,
    /// 责任单位
    ///
    /// 牵头及配合的责任单位（部门），牵头单位在前。
    #[schemars(length(min = 1))]
    pub units: Vec<String>,
    /// 完成时限
    ///
    /// 日期（如 2022-09-30），或 long_term 表示长期坚持。
    pub deadline: Deadline,
    /// 完成时限调整
    ///
    /// 经批准调整完成时限的记录，按批准日期先后填写。自批准之日起，逾期按调整后的时限判断；原时限仍在台账和报告中注明。
    #[serde(default)]
    pub deadline_changes: Vec<DeadlineChange>,
    /// 销号标准
    ///
    /// 达到何种状态即可销号，如“实施细则印发执行”。销号前必须填写。
    #[serde(default)]
    pub closure_standard: Option<String>,
    /// 整改状态
    ///
    /// not_started 未启动、in_progress 推进中、completed 已完成、closed 已销号、long_term 长期坚持。
    #[serde(default)]
    pub status: MeasureStatus,
    /// 进展情况
    ///
    /// 整改落实的进展，Markdown 格式。
    #[serde(default)]
    pub progress: Option<Markdown>,
    /// 进展记录
    ///
    /// 按日期记录的整改进展，月报表取当月的记录作为“本月进展”。
    #[serde(default)]
    pub updates: Vec<ProgressUpdate>,
    /// 完成日期
    ///
    /// 整改措施完成的日期。
    #[serde(default)]
    pub completed_on: Option<Date>,
    /// 销号日期
    ///
    /// 经审核同意销号的日期，不得早于完成日期。
    #[serde(default)]
    pub closed_on: Option<Date>,
    /// 佐证材料
    ///
    /// 证明整改到位的材料，如文件、会议纪要、台账，每项一条。
    #[serde(default)]
    pub evidence: Vec<String>,
    /// 阶段性目标
    ///
    /// 长期坚持的措施分阶段要达到的目标。
    #[serde(default)]
    pub staged_goals: Vec<StagedGoal>,
    /// 评估日期
    ///
    /// 长期坚持的措施下一次评估成效的日期。
    #[serde(default)]
    pub review_on: Option<Date>,
}

/// 整改状态
///
/// 整改措施所处的阶段。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureStatus {
    /// 未启动
    #[default]
    NotStarted,
    /// 推进中
    InProgress,
    /// 已完成（待销号）
    Completed,
    /// 已销号
    Closed,
    /// 长期坚持
    LongTerm,
}

/// 完成时限调整
///
/// 一次经批准的完成时限调整。
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineChange {
    /// 批准日期
    ///
    /// 调整经批准的日期，自此日起按新时限判断是否逾期。
    pub approved_on: Date,
    /// 调整后的完成时限
    ///
    /// 日期，或 long_term 表示转为长期坚持。
    pub to: Deadline,
    /// 调整理由
    ///
    /// 如“移民安置规划调整，可研审查顺延”。
    #[schemars(length(min = 1))]
    pub reason: String,
}

/// 进展记录
///
/// 某一天的整改进展。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressUpdate {
    /// 日期
    ///
    /// 取得该进展的日期。
    pub on: Date,
    /// 进展
    ///
    /// 该日取得的进展，一句或一段话。
    #[schemars(length(min = 1))]
    pub text: String,
}

/// 阶段性目标
///
/// 长期坚持措施的一个阶段目标。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StagedGoal {
    /// 阶段截止日期
    ///
    /// 该阶段目标应达成的日期。
    pub by: Date,
    /// 阶段目标
    ///
    /// 该阶段应达到的具体目标。
    #[schemars(length(min = 1))]
    pub goal: String,
    /// 达成日期
    ///
    /// 该阶段目标实际达成的日期（已达成时填写）；状态视图据此判断阶段目标是否逾期。
    #[serde(default)]
    pub met_on: Option<Date>,
}

/// 移交事项
///
/// 巡视组移交职能部门的问题线索或工作建议。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// 移交事项编号
    ///
    /// 案卷内唯一，如“移1”。
    #[schemars(length(min = 1))]
    pub id: String,
    /// 移交类别
    ///
    /// lead 问题线索，recommendation 工作建议。
    pub kind: TransferKind,
    /// 接收部门
    ///
    /// 承办移交事项的职能部门，如“区纪委监委”。
    #[schemars(length(min = 1))]
    pub recipient: String,
    /// 事项摘要
    ///
    /// 移交内容的概述（问题线索只写概况，不写具体人员信息）。
    #[schemars(length(min = 1))]
    pub summary: String,
    /// 件数
    ///
    /// 本次移交的问题线索或建议件数。
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub count: Option<u32>,
    /// 移交日期
    ///
    /// 巡视组移交的日期。
    pub transferred_on: Date,
    /// 反馈时限
    ///
    /// 承办部门应反馈办理情况的日期。
    #[serde(default)]
    pub feedback_due: Option<Date>,
    /// 办理日期
    ///
    /// 承办部门反馈办理情况的日期。
    #[serde(default)]
    pub handled_on: Option<Date>,
    /// 办理情况
    ///
    /// 办理结果，Markdown 格式。
    #[serde(default)]
    pub result: Option<Markdown>,
    /// 办理情况反馈发文信息
    ///
    /// 承办部门向巡视办反馈办理情况的函的发文机关、字号、日期、主送等。填写后可生成移交事项办理情况反馈。
    #[serde(default)]
    pub feedback_document: Option<IssuingDetails>,
    /// 办理情况反馈的本单位表述
    ///
    /// 移交事项办理情况反馈中叙述部分的本单位表述，替换标准表述；不填或留空的部分使用标准表述。
    #[serde(default)]
    pub feedback_wording: TransferFeedbackWording,
}

/// 移交类别
///
/// 问题线索或工作建议。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    /// 问题线索
    Lead,
    /// 工作建议
    Recommendation,
}

/// 审核意见
///
/// 一份审核意见：谁、对哪份报告、何时收到、评价与要求。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// 审核意见编号
    ///
    /// 案卷内唯一，如“审1”。
    #[schemars(length(min = 1))]
    pub id: String,
    /// 审核机关类别
    ///
    /// discipline_commission 纪委监委机关，organisation_department 组织部，inspection_team 巡视组。审核时限由此确定。
    pub reviewer: Reviewer,
    /// 审核机关名称
    ///
    /// 如“自治区纪委监委第三监督检查室”。
    #[schemars(length(min = 1))]
    pub reviewer_name: String,
    /// 审核对象
    ///
    /// plan 整改方案，progress_report 集中整改进展情况报告，cadre_selection_report 选人用人专项检查整改进展情况报告。
    pub subject: ReviewSubject,
    /// 收到报告日期
    ///
    /// 审核机关收到被审核报告的日期，审核时限由此起算。
    pub received_on: Date,
    /// 总体评价
    ///
    /// 对整改工作的总体评价，Markdown 格式。
    pub assessment: Markdown,
    /// 差距不足
    ///
    /// 整改中存在的差距和不足，每条一项。
    #[serde(default)]
    pub shortcomings: Vec<String>,
    /// 进一步整改要求
    ///
    /// 提出的进一步整改要求，每条一项。
    #[serde(default)]
    pub requirements: Vec<String>,
    /// 发文信息
    ///
    /// 审核意见函的发文机关、字号、日期、主送等。
    pub document: IssuingDetails,
    /// 本单位表述
    ///
    /// 审核意见中叙述部分的审核机关表述，替换标准表述；不填或留空的部分使用标准表述。
    #[serde(default)]
    pub wording: ReviewWording,
}

/// 审核机关类别
///
/// 决定审核时限：纪委监委机关 1 个月，组织部 20 日（选人用人报告 1 个月），巡视组 15 日。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reviewer {
    /// 纪委监委机关
    DisciplineCommission,
    /// 党委组织部
    OrganisationDepartment,
    /// 巡视组
    InspectionTeam,
}

/// 审核对象
///
/// 被审核的报告或方案。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewSubject {
    /// 整改方案
    Plan,
    /// 集中整改进展情况报告
    ProgressReport,
    /// 选人用人专项检查整改进展情况报告
    CadreSelectionReport,
}

/// 巡视建议书
///
/// 巡视办向一个党组织或部门发出的巡视建议书。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// 建议书编号
    ///
    /// 案卷内唯一，如“建1”。
    #[schemars(length(min = 1))]
    pub id: String,
    /// 主送单位
    ///
    /// 建议书送达的党组织或部门，如“自治区住房城乡建设厅党组”。
    #[schemars(length(min = 1))]
    pub recipient: String,
    /// 事由
    ///
    /// 建议书标题中的事由，如“关于加强城市建设领域廉政风险防控的”。
    #[schemars(length(min = 1))]
    pub subject: String,
    /// 发现的问题
    ///
    /// 巡视发现的问题，每条一项。
    #[schemars(length(min = 1))]
    pub problems: Vec<String>,
    /// 巡视建议
    ///
    /// 针对问题提出的建议，每条一项。
    #[schemars(length(min = 1))]
    pub suggestions: Vec<String>,
    /// 办理要求
    ///
    /// 对办理和反馈的要求，Markdown 格式；不填时使用标准表述。
    #[serde(default)]
    pub requirements: Option<Markdown>,
    /// 反馈时限
    ///
    /// 接收单位应书面反馈办理情况的日期；不填时按发文日期后 2 个月计算。
    #[serde(default)]
    pub reply_due: Option<Date>,
    /// 发文信息
    ///
    /// 建议书的发文机关、字号、日期等。
    pub document: IssuingDetails,
    /// 反馈日期
    ///
    /// 接收单位书面反馈办理情况的日期（已反馈时填写）。
    #[serde(default)]
    pub replied_on: Option<Date>,
    /// 办理结果
    ///
    /// 接收单位反馈的办理结果，Markdown 格式。
    #[serde(default)]
    pub reply: Option<Markdown>,
    /// 本单位表述
    ///
    /// 巡视建议书中叙述部分的巡视办表述，替换标准表述；不填或留空的部分使用标准表述。“办理要求”一节仍填在 requirements 中。
    #[serde(default)]
    pub wording: RecommendationWording,
}

/// 整改监督情况报告
///
/// 纪委监委机关或组织部向巡视工作领导小组报告对本单位巡视整改的监督情况。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupervisionReport {
    /// 报告编号
    ///
    /// 案卷内唯一，如“督1”。
    #[schemars(length(min = 1))]
    pub id: String,
    /// 报告机关类别
    ///
    /// discipline_commission 纪委监委机关，organisation_department 组织部。
    pub by: Supervisor,
    /// 开展监督情况
    ///
    /// 开展日常监督的方式和情况，每条一项，如“列席专题民主生活会”。
    #[schemars(length(min = 1))]
    pub activities: Vec<String>,
    /// 整改成效评价
    ///
    /// 对整改成效的总体评价，Markdown 格式。
    pub assessment: Markdown,
    /// 存在的问题
    ///
    /// 监督发现的整改中存在的问题，每条一项。
    #[serde(default)]
    pub problems: Vec<String>,
    /// 意见建议
    ///
    /// 对下一步整改和成果运用的意见建议，每条一项。
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// 发文信息
    ///
    /// 监督情况报告的发文机关、字号、日期、主送（巡视工作领导小组）等。
    pub document: IssuingDetails,
    /// 本单位表述
    ///
    /// 监督情况报告中叙述部分的报告机关表述，替换标准表述；不填或留空的部分使用标准表述。
    #[serde(default)]
    pub wording: SupervisionWording,
}

/// 整改评估
///
/// 纪委监委机关牵头对被巡视党组织巡视整改成效的一次评估，可生成整改评估报告。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// 评估编号
    ///
    /// 案卷内唯一，如“评1”。
    #[schemars(length(min = 1))]
    pub id: String,
    /// 评估方式
    ///
    /// 如“查阅资料”“个别谈话”“实地抽查”，每条一项。
    #[serde(default)]
    pub methods: Vec<String>,
    /// 评估等次
    ///
    /// good 好，fairly_good 较好，average 一般，poor 差。
    pub grade: AssessmentGrade,
    /// 总体评价
    ///
    /// 对整改成效的总体评价，Markdown 格式。
    pub summary: Markdown,
    /// 发现的问题
    ///
    /// 评估发现的整改不到位、不彻底的问题，每条一项。
    #[serde(default)]
    pub findings: Vec<String>,
    /// 处置意见
    ///
    /// affirm 予以肯定，urge 督促深化整改，deadline 责令限期整改，accountability 追责问责。
    pub disposal: Disposal,
    /// 处置意见说明
    ///
    /// 对处置意见的具体要求，Markdown 格式；不写时只写处置意见本身。
    #[serde(default)]
    pub disposal_detail: Option<Markdown>,
    /// 发文信息
    ///
    /// 整改评估报告的发文机关（纪委监委机关）、字号、日期、主送（巡视工作领导小组）等。
    pub document: IssuingDetails,
    /// 本单位表述
    ///
    /// 整改评估报告开头一段的表述，替换标准表述。
    #[serde(default)]
    pub wording: SupervisionWording,
}

/// 评估等次
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentGrade {
    /// 好
    Good,
    /// 较好
    FairlyGood,
    /// 一般
    Average,
    /// 差
    Poor,
}

/// 处置意见
///
/// 《办法》要求对整改成效提出4类处置意见，原文未列名称；这里的四类为本工具的归纳。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Disposal {
    /// 予以肯定（整改到位）
    Affirm,
    /// 督促深化整改（基本到位）
    Urge,
    /// 责令限期整改（整改不到位）
    Deadline,
    /// 追责问责（敷衍整改、虚假整改）
    Accountability,
}

/// 监督机关类别
///
/// 向巡视工作领导小组报告整改监督情况的机关。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Supervisor {
    /// 纪委监委机关
    DisciplineCommission,
    /// 党委组织部
    OrganisationDepartment,
}

/// 各公文发文信息
///
/// 被巡视党组织制发的各类公文的发文信息，按文种填写。办公室自定义的文种也在这里填写，键名与该文种清单中的 issuing: documents.<键名> 一致（小写字母、数字和下划线）。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Documents {
    /// 整改方案
    ///
    /// 巡视整改方案的发文信息。
    #[serde(default)]
    pub rectification_plan: Option<IssuingDetails>,
    /// 集中整改进展情况报告
    ///
    /// 关于巡视集中整改进展情况的报告的发文信息（上行文，须填签发人）。
    #[serde(default)]
    pub progress_report: Option<IssuingDetails>,
    /// 整改报告
    ///
    /// 关于巡视整改情况的报告的发文信息。
    #[serde(default)]
    pub final_report: Option<IssuingDetails>,
    /// 整改情况月报表
    ///
    /// 巡视整改情况月报表的报送信息。
    #[serde(default)]
    pub monthly_report: Option<IssuingDetails>,
    /// The issuing details of an office's own kinds (`issuing: documents.<key>` in the kind's
    /// manifest), by key. A kind needs no Rust: its manifest declares the key, the case fills
    /// it in here.
    #[serde(flatten)]
    pub other: BTreeMap<String, IssuingDetails>,
}

impl Documents {
    /// Every document's issuing details with its field path, built-in kinds first.
    pub fn all(&self) -> Vec<(String, &IssuingDetails)> {
        let built_in = [
            ("rectification_plan", &self.rectification_plan),
            ("progress_report", &self.progress_report),
            ("final_report", &self.final_report),
            ("monthly_report", &self.monthly_report),
        ];
        built_in
            .into_iter()
            .filter_map(|(key, d)| Some((format!("documents.{key}"), d.as_ref()?)))
            .chain(
                self.other
                    .iter()
                    .map(|(key, d)| (format!("documents.{key}"), d)),
            )
            .collect()
    }
}

/// 发文信息
///
/// 一份公文的版头、落款与版记要素（GB/T 9704-2012）。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuingDetails {
    /// 发文机关
    ///
    /// 发文机关全称或规范化简称，用于落款署名，如“中共××市××区委员会”。
    #[schemars(length(min = 1))]
    pub issuer: String,
    /// 发文机关标志
    ///
    /// 版头红色机关标志中“文件”前的机关名称，如“中共××区委”；不填时用发文机关。
    #[serde(default)]
    pub mark: Option<String>,
    /// 联合发文机关
    ///
    /// 联合行文时的其他发文机关，主办机关（issuer）排在最前。
    #[serde(default)]
    pub joint_issuers: Vec<String>,
    /// 发文字号
    ///
    /// 机关代字〔年份〕序号号，如“××区委〔2022〕21号”。年份用六角括号，序号不编虚位、不加“第”。
    #[serde(default)]
    pub number: Option<String>,
    /// 成文日期
    ///
    /// 公文生效的日期（署会议通过或负责人签发的日期）。
    pub date: Date,
    /// 主送机关
    ///
    /// 主送机关名称，按规范顺序排列。
    #[serde(default)]
    pub recipients: Vec<String>,
    /// 抄送机关
    ///
    /// 抄送机关名称，印在版记中。
    #[serde(default)]
    pub copies_to: Vec<String>,
    /// 签发人
    ///
    /// 上行文的签发人姓名，印在发文字号同一行右侧。
    #[serde(default)]
    pub signers: Vec<String>,
    /// 密级
    ///
    /// 涉密公文的密级：秘密、机密或绝密。
    #[serde(default)]
    pub classification: Option<Classification>,
    /// 保密期限
    ///
    /// 如“1年”“10年”，与密级一起标注。
    #[serde(default)]
    pub secrecy_period: Option<String>,
    /// 紧急程度
    ///
    /// 特急或加急。
    #[serde(default)]
    pub urgency: Option<Urgency>,
    /// 份号
    ///
    /// 涉密公文的份号，6 位阿拉伯数字，如“000001”。
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9]{6}$"))]
    pub copy_number: Option<String>,
    /// 印发机关
    ///
    /// 版记中的印发机关，一般为办公厅（室），如“中共××区委办公室”。
    #[serde(default)]
    pub printed_by: Option<String>,
    /// 印发日期
    ///
    /// 公文送印的日期。
    #[serde(default)]
    pub printed_on: Option<Date>,
    /// 加盖印章
    ///
    /// true：落款加盖印章（成文日期右空四字，署名居中于日期之上）；false：不加盖印章。
    #[serde(default = "default_true")]
    pub sealed: bool,
    /// 附注
    ///
    /// 公文的附注，如“联系人：李华，电话：0771-1234567”，居左空二字加圆括号印在成文日期下一行。
    #[serde(default)]
    pub note: Option<String>,
}

fn default_true() -> bool {
    true
}

/// 密级
///
/// 涉密公文的密级。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Classification {
    /// 秘密
    #[serde(rename = "秘密")]
    Secret,
    /// 机密
    #[serde(rename = "机密")]
    Confidential,
    /// 绝密
    #[serde(rename = "绝密")]
    TopSecret,
}

/// 紧急程度
///
/// 公文送达和办理的时限要求。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Urgency {
    /// 特急
    #[serde(rename = "特急")]
    ExtraUrgent,
    /// 加急
    #[serde(rename = "加急")]
    Urgent,
}

/// 各公文的本单位表述
///
/// 被巡视党组织制发的公文中叙述部分的本单位表述，按文种填写。每项为 Markdown，替换模板中该部分的标准表述；不填或留空时使用标准表述。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// 整改方案
    ///
    /// 巡视整改方案中叙述部分的本单位表述。
    #[serde(default)]
    pub rectification_plan: PlanWording,
    /// 集中整改进展情况报告
    ///
    /// 关于巡视集中整改进展情况的报告中叙述部分的本单位表述。
    #[serde(default)]
    pub progress_report: ProgressReportWording,
    /// 整改报告
    ///
    /// 关于巡视整改情况的报告中叙述部分的本单位表述。
    #[serde(default)]
    pub final_report: FinalReportWording,
}

/// 整改方案的本单位表述
///
/// 整改方案各叙述部分的本单位表述；“整改任务”一节和整改任务清单由反馈问题和整改措施生成，不在此列。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanWording {
    /// 开头段落
    ///
    /// 主送机关之后、“一、总体要求”之前的段落。标准表述为“为认真贯彻落实……反馈意见，……结合实际，制定本方案。”Markdown 格式；不填或留空时使用标准表述。此处不分小标题。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub opening: Option<Markdown>,
    /// 总体要求
    ///
    /// “总体要求”一节的正文。标准表述写明指导思想、反馈问题个数和集中整改期起止日期，自行表述时请一并写明。Markdown 格式；不填或留空时使用标准表述。可写小标题：“# ”为（一），“## ”为 1.，“### ”为（1），序号自动编排。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub general_requirements: Option<Markdown>,
    /// 组织领导
    ///
    /// “组织领导”一节的正文。标准表述由整改组织机构（organisation）生成；填写本项后，未填整改组织机构也印出此节。Markdown 格式；不填或留空时使用标准表述。可写小标题：“# ”为（一），“## ”为 1.，“### ”为（1），序号自动编排。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub leadership: Option<Markdown>,
    /// 工作要求
    ///
    /// “工作要求”一节的正文。标准表述为四个小标题（提高政治站位，压实整改责任；坚持标本兼治，确保整改实效；严格督查督办，规范销号管理；加强宣传报道，按时报告情况），各带一段。Markdown 格式；不填或留空时使用标准表述。小标题写作“# 提高政治站位，压实整改责任”，印为（一）；“## ”为 1.，“### ”为（1），序号自动编排。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub work_requirements: Option<Markdown>,
}

/// 集中整改进展情况报告的本单位表述
///
/// 进展情况报告各叙述部分的本单位表述；“整改落实情况”“移交事项办理情况”两节由整改措施和移交事项生成，不在此列。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressReportWording {
    /// 开头段落
    ///
    /// 主送机关之后、“一、整改工作组织开展情况”之前的段落。标准表述写明反馈日期，以“现将集中整改进展情况报告如下。”结尾。Markdown 格式；不填或留空时使用标准表述。此处不分小标题。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub opening: Option<Markdown>,
    /// 整改工作组织开展情况
    ///
    /// “整改工作组织开展情况”一节的正文。标准表述按规定动作完成日期（milestones）分小标题写专题会议、整改方案、工作机制和专题民主生活会。Markdown 格式；不填或留空时使用标准表述。可写小标题：“# ”为（一），“## ”为 1.，“### ”为（1），序号自动编排。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub work_organisation: Option<Markdown>,
    /// 存在的问题和下一步工作打算
    ///
    /// “存在的问题和下一步工作打算”一节的正文。标准表述写明尚未完成的措施项数和集中整改期后按月报送月报表。Markdown 格式；不填或留空时使用标准表述。可写小标题：“# ”为（一），“## ”为 1.，“### ”为（1），序号自动编排。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub problems_and_next_steps: Option<Markdown>,
}

/// 整改报告的本单位表述
///
/// 整改报告各叙述部分的本单位表述；“整改任务完成情况”“需长期坚持的整改任务”“移交事项办理情况”三节由整改措施和移交事项生成，不在此列。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FinalReportWording {
    /// 开头段落
    ///
    /// 主送机关之后、“一、整改工作开展情况”之前的段落。标准表述写明反馈日期和全部销号的日期，以“现将整改情况报告如下。”结尾。Markdown 格式；不填或留空时使用标准表述。此处不分小标题。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub opening: Option<Markdown>,
    /// 整改工作开展情况
    ///
    /// “整改工作开展情况”一节的正文。标准表述按规定动作完成日期（milestones）写专题会议、整改方案、专题民主生活会和进展报告。Markdown 格式；不填或留空时使用标准表述。可写小标题：“# ”为（一），“## ”为 1.，“### ”为（1），序号自动编排。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub work_carried_out: Option<Markdown>,
    /// 巩固深化整改成果的打算
    ///
    /// “巩固深化整改成果的打算”一节的正文。Markdown 格式；不填或留空时使用标准表述。可写小标题：“# ”为（一），“## ”为 1.，“### ”为（1），序号自动编排。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub consolidation: Option<Markdown>,
}

/// 审核意见的本单位表述
///
/// 审核意见各叙述部分的审核机关表述；总体评价、差距和不足、进一步整改要求填在 assessment、shortcomings、requirements 中。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewWording {
    /// 开头段落
    ///
    /// 主送机关之后、“一、总体评价”之前的段落。标准表述写明收到报告的日期和审核时限，以“现提出审核意见如下。”结尾。Markdown 格式；不填或留空时使用标准表述。此处不分小标题。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub opening: Option<Markdown>,
    /// 结尾段落
    ///
    /// 落款之前的结尾段落。标准表述：纪委监委机关出具的和对选人用人专项检查报告的审核意见为“请……对照审核意见，认真研究、逐项落实，将落实情况纳入整改情况月报表一并报告。”，其他为“以上审核意见，供参考。”。Markdown 格式，宜写一段；不填或留空时使用标准表述。此处不分小标题。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub closing: Option<Markdown>,
}

/// 巡视建议书的本单位表述
///
/// 巡视建议书叙述部分的巡视办表述；发现的问题、巡视建议、办理要求填在 problems、suggestions、requirements 中，结尾的反馈时限由 reply_due 或发文日期计算。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationWording {
    /// 开头段落
    ///
    /// 主送单位之后、“一、巡视发现的主要问题”之前的段落。标准表述写明巡视轮次、巡视组和被巡视党组织，以“现将有关问题和建议函告如下。”结尾。Markdown 格式；不填或留空时使用标准表述。此处不分小标题。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub opening: Option<Markdown>,
}

/// 监督情况报告的本单位表述
///
/// 整改监督情况报告叙述部分的报告机关表述；开展监督情况、整改成效评价、存在的问题、意见建议填在 activities、assessment、problems、suggestions 中。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupervisionWording {
    /// 开头段落
    ///
    /// 主送机关之后、“一、开展监督情况”之前的段落。标准表述写明反馈日期和集中整改期届满日期，以“现将有关情况报告如下。”结尾。Markdown 格式；不填或留空时使用标准表述。此处不分小标题。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub opening: Option<Markdown>,
}

/// 移交事项办理情况反馈的本单位表述
///
/// 办理情况反馈叙述部分的承办部门表述；办理情况填在 result 中。
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferFeedbackWording {
    /// 开头段落
    ///
    /// 主送机关之后、办理情况（result）之前的段落。标准表述写明移交日期、件数和办结日期，以“现将办理情况反馈如下。”结尾。Markdown 格式；不填或留空时使用标准表述。此处不分小标题。
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(schema_with = "wording_text")]
    pub opening: Option<Markdown>,
}

/// A wording field's schema: Markdown text, or nothing. Unlike other Markdown fields an empty
/// text is allowed, and means the standard wording, as a missing one does.
fn wording_text(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": ["string", "null"],
        "contentMediaType": "text/markdown",
    })
}

/// A wording field left empty or blank is no wording of the office's own.
fn blank_is_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Markdown>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text.filter(|t| !t.trim().is_empty()).map(Markdown))
}
