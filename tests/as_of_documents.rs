//! Documents state the facts as of their own date: a progress report dated 2024-07-17, made from
//! a case brought up to date on 2024-08-31, says what was true on 2024-07-17 — the measure
//! completed on 07-18 is still in progress, the update of 07-28 and the transfer answered on
//! 07-30 are not there, the counts are that day's — and a closure form records its closure.

use std::path::Path;
use xunshi::case::{Case, load_source};
use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;

const CASE: &str = r#"version: 1
round:
  name: 十二届自治区党委第五轮巡视
  team: 自治区党委第一巡视组
  feedback_date: 2024-04-17
unit:
  name: 中共自治区测试厅党组
  short_name: 厅党组
  principal: { name: 张建国, title: 党组书记 }
  leaders:
    - { name: 李明, title: 党组成员、副厅长 }
milestones:
  topic_meeting: 2024-04-20
  democratic_life_meeting: 2024-07-25
findings:
  - id: "1"
    area: 党的建设方面
    title: 意识形态工作责任制落实不到位
    measures:
      - id: "1.1"
        action: 修订意识形态工作责任制实施细则
        leader: 张建国
        units: [办公室]
        deadline: 2024-07-31
        closure_standard: 实施细则印发执行
        status: closed
        progress: 实施细则已印发并全面推开执行。
        completed_on: 2024-07-18
        closed_on: 2024-08-20
        evidence: [厅党组〔2024〕9号文件]
        updates:
          - { on: 2024-07-01, text: 起草实施细则初稿 }
          - { on: 2024-07-28, text: 组织全厅学习实施细则 }
  - id: "2"
    area: 党的建设方面
    title: 干部教育培训针对性不强
    measures:
      - id: "2.1"
        action: 制定年度干部教育培训计划
        leader: 李明
        units: [人事处]
        deadline: 2024-06-30
        closure_standard: 培训计划印发
        status: completed
        progress: 年度干部教育培训计划已印发。
        completed_on: 2024-06-25
        evidence: [培训计划]
transfers:
  - id: 移1
    kind: lead
    recipient: 自治区纪委监委
    summary: 工程项目管理方面的问题线索
    transferred_on: 2024-04-25
    feedback_due: 2024-08-15
    handled_on: 2024-07-30
    result: 已立案审查1人。
documents:
  progress_report:
    issuer: 中共自治区测试厅党组
    number: 测党报〔2024〕7号
    date: 2024-07-17
    recipients: [自治区纪委监委]
    signers: [张建国]
as_of: 2024-08-31
"#;

fn case() -> Case {
    match load_source(Path::new("as-of.yaml"), CASE.as_bytes()) {
        Ok(loaded) => loaded.case,
        Err(d) => panic!("{}", xunshi::case::render_report(&d)),
    }
}

fn composer() -> Composer {
    Composer::new(TemplateSet::builtin()).expect("built-in templates load")
}

fn source_of(case: &Case, kind: &str) -> Vec<String> {
    let composer = composer();
    composer
        .all_selections(case)
        .into_iter()
        .filter(|s| s.kind.id == kind)
        .map(|sel| composer.compose(case, &sel).unwrap().source)
        .collect()
}

#[test]
fn a_progress_report_says_what_was_true_on_its_date() {
    let case = case();
    let sources = source_of(&case, "progress-report");
    assert_eq!(sources.len(), 1);
    let source = &sources[0];
    // The measure completed on 07-18 was in progress on 07-17; 2.1 was done by then.
    assert!(
        source.contains("修订意识形态工作责任制实施细则（推进中）"),
        "{source}"
    );
    assert!(
        source.contains("制定年度干部教育培训计划（已完成）"),
        "{source}"
    );
    assert!(
        source
            .contains("巡视反馈问题2个，已完成整改1个，正在推进1个；制定整改措施2项，已完成1项。"),
        "{source}"
    );
    // Its progress is the update written by then, not the later text or the 07-28 update.
    assert!(source.contains("起草实施细则初稿"), "{source}");
    assert!(!source.contains("全面推开"), "{source}");
    assert!(!source.contains("组织全厅学习"), "{source}");
    // Work done before the date keeps its text.
    assert!(source.contains("年度干部教育培训计划已印发"), "{source}");
    // The transfer answered on 07-30 is still being handled; the 07-25 meeting has not met.
    assert!(source.contains("目前正在办理"), "{source}");
    assert!(!source.contains("已立案审查"), "{source}");
    assert!(!source.contains("专题民主生活会"), "{source}");
    assert!(source.contains("仍有1项整改措施尚未完成"), "{source}");
}

#[test]
fn the_same_report_from_the_case_as_it_stood_then_is_the_same_document() {
    // Rendering a report already sent never changes what it says: the case updated to 08-31
    // and the case as it was on 07-17 (before 1.1 was done) make the same report.
    let later = case();
    let mut then = later.clone();
    then.as_of = Some(xunshi::case::Date::parse("2024-07-17").unwrap());
    let m = &mut then.findings[0].measures[0];
    m.status = xunshi::case::MeasureStatus::InProgress;
    m.completed_on = None;
    m.closed_on = None;
    m.progress = Some(xunshi::case::Markdown(
        "2024年7月1日，起草实施细则初稿。".into(),
    ));
    m.updates.truncate(1);
    m.evidence.clear();
    m.closure_standard = None;
    let t = &mut then.transfers[0];
    t.handled_on = None;
    t.result = None;
    then.milestones.democratic_life_meeting = None;
    let later_source = source_of(&later, "progress-report");
    let mut then_source = source_of(&then, "progress-report");
    // The evidence and closure standard are not printed by a progress report.
    assert_eq!(later_source.len(), 1);
    assert_eq!(then_source.pop(), later_source.into_iter().next());
}

#[test]
fn a_closure_form_is_dated_and_judged_on_its_closure() {
    let case = case();
    let composer = composer();
    let forms: Vec<_> = composer
        .all_selections(&case)
        .into_iter()
        .filter(|s| s.kind.id == "closure-form")
        .collect();
    assert_eq!(forms.len(), 2, "one per done measure");
    let first = composer.compose(&case, &forms[0]).unwrap();
    assert_eq!(first.file_stem, "整改销号审批表-1.1");
    assert_eq!(first.date.to_string(), "2024-08-20");
    assert!(
        first.source.contains("已于2024年8月20日销号"),
        "{}",
        first.source
    );
    // Its progress text describes the finished work, with the updates by then.
    assert!(first.source.contains("全面推开"), "{}", first.source);
    assert!(first.source.contains("组织全厅学习"), "{}", first.source);
    let second = composer.compose(&case, &forms[1]).unwrap();
    assert_eq!(second.date.to_string(), "2024-06-25");
    assert!(second.source.contains("年度干部教育培训计划已印发"));
}

#[test]
fn a_final_report_dated_before_the_last_closure_is_refused() {
    let mut case = case();
    let m = &mut case.findings[1].measures[0];
    m.status = xunshi::case::MeasureStatus::Closed;
    m.closed_on = Some(xunshi::case::Date::parse("2024-08-10").unwrap());
    let mut details = case.documents.progress_report.clone().unwrap();
    details.number = Some("测党报〔2024〕9号".into());
    details.date = xunshi::case::Date::parse("2024-08-15").unwrap();
    case.documents.final_report = Some(details);
    let composer = composer();
    let kind = composer
        .kinds()
        .iter()
        .find(|k| k.id == "final-report")
        .unwrap();
    let sel = xunshi::compose::view::Selection { kind, item: None };
    match composer.compose(&case, &sel) {
        Err(xunshi::compose::ComposeError::Missing(m)) => {
            assert!(
                m.message
                    .contains("截至成文日期2024年8月15日尚有 1 项未销号：1.1（已完成）"),
                "{}",
                m.message
            );
        }
        other => panic!("expected a refusal, got {:?}", other.map(|c| c.file_stem)),
    }
    // Dated on the last closure it is made.
    case.documents.final_report.as_mut().unwrap().date =
        xunshi::case::Date::parse("2024-08-20").unwrap();
    assert!(composer.compose(&case, &sel).is_ok());
}

#[test]
fn a_feedback_letter_dated_before_the_handling_it_reports_is_refused() {
    let mut case = case();
    let details = xunshi::case::IssuingDetails {
        recipients: vec!["自治区党委巡视办".into()],
        date: xunshi::case::Date::parse("2024-07-25").unwrap(),
        ..case.documents.progress_report.clone().unwrap()
    };
    case.transfers[0].feedback_document = Some(details);
    let composer = composer();
    let sel = composer
        .all_selections(&case)
        .into_iter()
        .find(|s| s.kind.id == "transfer-feedback")
        .expect("the transfer has a feedback letter");
    match composer.compose(&case, &sel) {
        Err(xunshi::compose::ComposeError::Missing(m)) => {
            assert_eq!(m.field, "transfers[0].handled_on");
            assert!(
                m.message.contains("成文日期2024年7月25日之后"),
                "{}",
                m.message
            );
        }
        other => panic!("expected a refusal, got {:?}", other.map(|c| c.file_stem)),
    }
    case.transfers[0].feedback_document.as_mut().unwrap().date =
        xunshi::case::Date::parse("2024-07-30").unwrap();
    let source = composer.compose(&case, &sel).unwrap().source;
    assert!(source.contains("已立案审查1人"), "{source}");
}

/// A recommendation letter names its basis, the secretary's meeting on the round, only when
/// the case records one held by the letter's date; a progress report says the special reports
/// were sent only when they were.
#[test]
fn a_letter_names_the_secretary_meeting_and_a_report_the_special_reports_only_once_held() {
    use xunshi::rules::as_of::case_as_of;
    let base =
        std::fs::read_to_string("samples/05-early-recommendations-guiling-city.yaml").unwrap();
    assert!(base.contains("secretary_meeting: 2023-11-17"));
    let letters = |text: &str| {
        let loaded = load_source(Path::new("05.yaml"), text.as_bytes()).unwrap();
        source_of(&loaded.case, "recommendation-letter")
    };
    for source in letters(&base) {
        assert!(
            source.contains("2023年11月17日，书记专题会议听取了巡视情况汇报。")
                && source.contains("按照书记专题会议意见和巡视成果运用有关规定"),
            "{source}"
        );
    }
    let later = base.replace(
        "secretary_meeting: 2023-11-17",
        "secretary_meeting: 2023-12-08",
    );
    for source in letters(&later) {
        assert!(!source.contains("书记专题会议"), "{source}");
    }
    // The as-of rule takes the meeting back before its day.
    let loaded = load_source(Path::new("05.yaml"), base.as_bytes()).unwrap();
    let d = |s| xunshi::case::Date::parse(s).unwrap();
    assert_eq!(
        case_as_of(&loaded.case, d("2023-11-16"))
            .round
            .secretary_meeting,
        None
    );
    // The progress report of 都岭县委 (special reports sent 2023-09-14) says when; without
    // the date it says they will be sent.
    let duling =
        std::fs::read_to_string("samples/04-principal-changed-duling-county.yaml").unwrap();
    let report = |text: &str| {
        let loaded = load_source(Path::new("04.yaml"), text.as_bytes()).unwrap();
        source_of(&loaded.case, "progress-report").concat()
    };
    let sent = report(&duling);
    assert!(sent.contains("已于2023年9月14日另行报送"), "{sent}");
    let unsent = report(&duling.replace("  special_reports_submitted: 2023-09-14\n", ""));
    assert!(unsent.contains("将按规定另行报送"), "{unsent}");
    assert!(!unsent.contains("已于2023年9月14日另行报送"));
}
