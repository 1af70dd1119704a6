//! An office's own wording (本单位表述): every narrative section of every kind has a case
//! field that replaces the standard wording, which stays when the field is absent or empty; a
//! section's wording may have its own sub-headings; an unknown key, or another kind's section,
//! is refused at its line.

mod common;

use serde_json::{Value, json};
use std::path::Path;
use xunshi::case::Case;
use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;

const BASE: &str = include_str!("fixtures/compose/base.yaml");
const CLOSED: &str = "samples/03-closed-jincheng-transport-group.yaml";

fn base_json() -> Value {
    let case: Case = serde_saphyr::from_str(BASE).expect("fixture parses");
    serde_json::to_value(case).unwrap()
}

fn closed_json() -> Value {
    let loaded = common::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(CLOSED));
    serde_json::to_value(loaded.case).unwrap()
}

fn composer() -> Composer {
    Composer::new(TemplateSet::builtin()).expect("built-in templates load")
}

fn assert_lacks(source: &str, words: &[&str]) {
    for w in words {
        assert!(!source.contains(w), "`{w}` still in\n{source}");
    }
}

/// Standard wording of the plan, one phrase per section.
const PLAN_DEFAULTS: [&str; 4] = [
    "以政治担当和务实举措抓好巡视整改工作",
    "坚持以习近平新时代中国特色社会主义思想为指导",
    "领导小组下设办公室",
    "== 提高政治站位，压实整改责任",
];

#[test]
fn the_plan_prints_the_offices_wording_for_every_section() {
    let mut json = base_json();
    json["wording"]["rectification_plan"] = json!({
        "opening": "根据本局实际，**制定**本方案。",
        "general_requirements": "以问题整改为抓手。\n\n集中整改期为三个月。",
        "leadership": "局党委书记任组长。",
        "work_requirements": "# 压紧压实责任\n\n各科室对照清单抓落实。\n\n## 明确分工\n\n分管领导具体抓。\n\n# 强化督办\n\n办公室每周调度。",
    });
    let plan = common::first_source(&json, "rectification-plan");
    common::assert_has(
        &plan,
        &[
            "\n根据本局实际，#strong[制定]本方案。\n\n= 总体要求\n\n以问题整改为抓手。\n\n集中整改期为三个月。\n\n= 组织领导\n\n局党委书记任组长。\n\n= 整改任务",
            "= 工作要求\n\n== 压紧压实责任\n\n各科室对照清单抓落实。\n\n=== 明确分工\n\n分管领导具体抓。\n\n== 强化督办\n\n办公室每周调度。\n\n#attachment-note",
        ],
    );
    assert_lacks(&plan, &PLAN_DEFAULTS);
    assert_lacks(&plan, &["加强宣传报道"]);
}

#[test]
fn the_standard_wording_stays_when_the_fields_are_absent_or_empty() {
    let json = base_json();
    let standard = common::first_source(&json, "rectification-plan");
    common::assert_has(&standard, &PLAN_DEFAULTS);
    let mut empty = json.clone();
    empty["wording"]["rectification_plan"] = json!({
        "opening": "",
        "general_requirements": "  \n",
        "leadership": null,
    });
    assert_eq!(common::first_source(&empty, "rectification-plan"), standard);
    for kind in ["progress-report", "review-opinion", "recommendation-letter"] {
        let mut empty = json.clone();
        empty["wording"]["progress_report"] =
            json!({"opening": "", "problems_and_next_steps": " "});
        empty["reviews"][0]["wording"] = json!({"opening": "", "closing": ""});
        empty["recommendations"][0]["wording"] = json!({"opening": "\n"});
        assert_eq!(
            common::first_source(&empty, kind),
            common::first_source(&json, kind),
            "{kind}"
        );
    }
}

#[test]
fn the_leadership_section_prints_from_its_wording_without_an_organisation() {
    let mut json = base_json();
    json["organisation"] = Value::Null;
    assert_lacks(
        &common::first_source(&json, "rectification-plan"),
        &["= 组织领导"],
    );
    json["wording"]["rectification_plan"]["leadership"] = json!("成立整改工作专班。");
    common::assert_has(
        &common::first_source(&json, "rectification-plan"),
        &["= 组织领导\n\n成立整改工作专班。\n\n= 整改任务"],
    );
}

#[test]
fn the_progress_report_prints_the_offices_wording() {
    let mut json = base_json();
    let standard = common::first_source(&json, "progress-report");
    common::assert_has(
        &standard,
        &[
            "坚决扛起巡视整改政治责任",
            "== 第一时间研究部署",
            "下一步，青山区委将继续压紧压实整改责任",
        ],
    );
    json["wording"]["progress_report"] = json!({
        "opening": "现将有关情况报告如下。",
        "work_organisation": "# 迅速部署\n\n召开常委会会议。",
        "problems_and_next_steps": "# 存在的问题\n\n个别任务进度偏慢。\n\n# 下一步打算\n\n持续推进。",
    });
    let report = common::first_source(&json, "progress-report");
    common::assert_has(
        &report,
        &[
            "\n现将有关情况报告如下。\n\n= 整改工作组织开展情况\n\n== 迅速部署\n\n召开常委会会议。\n\n= 整改落实情况",
            "= 存在的问题和下一步工作打算\n\n== 存在的问题\n\n个别任务进度偏慢。\n\n== 下一步打算\n\n持续推进。\n\n#closing[特此报告。]",
        ],
    );
    assert_lacks(
        &report,
        &[
            "坚决扛起巡视整改政治责任",
            "== 第一时间研究部署",
            "继续压紧压实整改责任",
        ],
    );
}

#[test]
fn the_review_opinion_prints_its_reviewers_wording() {
    let mut json = base_json();
    let standard = common::first_source(&json, "review-opinion");
    common::assert_has(
        &standard,
        &[
            "在规定时限（1个月）内对其进行了审核",
            "#closing[请青山区委对照审核意见",
        ],
    );
    json["reviews"][0]["wording"] = json!({
        "opening": "经审核，提出如下意见。",
        "closing": "请于30日内报告落实情况。",
    });
    let review = common::first_source(&json, "review-opinion");
    common::assert_has(
        &review,
        &[
            "\n经审核，提出如下意见。\n\n= 总体评价",
            "#closing[请于30日内报告落实情况。]",
        ],
    );
    assert_lacks(&review, &["在规定时限", "请青山区委对照审核意见"]);
}

#[test]
fn the_recommendation_letter_prints_the_offices_opening() {
    let mut json = base_json();
    common::assert_has(
        &common::first_source(&json, "recommendation-letter"),
        &["按照巡视成果运用有关规定"],
    );
    json["recommendations"][0]["wording"]["opening"] = json!("巡视中发现以下问题，特函告。");
    let letter = common::first_source(&json, "recommendation-letter");
    common::assert_has(
        &letter,
        &["\n巡视中发现以下问题，特函告。\n\n= 巡视发现的主要问题"],
    );
    assert_lacks(&letter, &["按照巡视成果运用有关规定"]);
}

#[test]
fn the_final_report_supervision_report_and_transfer_feedback_print_their_wording() {
    let mut json = closed_json();
    let standard = [
        (
            "final-report",
            common::first_source(&json, "final-report"),
            "把巡视整改作为重大政治任务，集中整改期结束后持续推进",
        ),
        (
            "supervision-report",
            common::first_source(&json, "supervision-report"),
            "进行日常监督。现将有关情况报告如下。",
        ),
        (
            "transfer-feedback",
            common::first_source(&json, "transfer-feedback"),
            "明确专人认真办理",
        ),
    ];
    for (kind, text, phrase) in &standard {
        common::assert_has(text, &[*phrase]);
        assert!(!text.contains("本单位表述"), "{kind}");
    }
    common::assert_has(
        &standard[0].1,
        &["实行台账管理、销号推进", "坚持目标不变、标准不降、力度不减"],
    );
    json["wording"]["final_report"] = json!({
        "opening": "整改报告开头，本单位表述。",
        "work_carried_out": "# 加强领导\n\n本单位表述的开展情况。",
        "consolidation": "# 抓好长期任务\n\n本单位表述的打算。",
    });
    let index = json["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| !t["feedback_document"].is_null())
        .unwrap();
    json["transfers"][index]["feedback_wording"]["opening"] = json!("本单位表述的反馈开头。");
    json["supervision"][0]["wording"]["opening"] = json!("本单位表述的监督报告开头。");
    let report = common::first_source(&json, "final-report");
    common::assert_has(
        &report,
        &[
            "\n整改报告开头，本单位表述。\n\n= 整改工作开展情况\n\n== 加强领导\n\n本单位表述的开展情况。\n\n= 整改任务完成情况",
            "= 巩固深化整改成果的打算\n\n== 抓好长期任务\n\n本单位表述的打算。\n\n#closing[特此报告。]",
        ],
    );
    assert_lacks(
        &report,
        &[standard[0].2, "实行台账管理、销号推进", "坚持目标不变"],
    );
    let supervision = common::first_source(&json, "supervision-report");
    common::assert_has(
        &supervision,
        &["\n本单位表述的监督报告开头。\n\n= 开展监督情况"],
    );
    assert_lacks(&supervision, &[standard[1].2]);
    let feedback = common::first_source(&json, "transfer-feedback");
    common::assert_has(&feedback, &["\n本单位表述的反馈开头。\n\n"]);
    assert_lacks(&feedback, &[standard[2].2]);
}

/// The base case file with `text` inserted after the line that ends with `after`; the line
/// number the first inserted line gets.
fn with_lines(after: &str, text: &str) -> (String, usize) {
    let at = BASE.find(after).expect("anchor in the fixture") + after.len();
    let line = BASE[..at].lines().count() + 1;
    let mut yaml = BASE.to_owned();
    yaml.insert_str(at, text);
    (yaml, line)
}

fn refused(yaml: &str) -> String {
    let err = xunshi::case::load_source(Path::new("case.yaml"), yaml.as_bytes())
        .expect_err("the case must be refused");
    xunshi::case::render_report(&err)
}

#[test]
fn an_unknown_wording_key_is_refused_at_its_line_in_chinese() {
    // A typo: the nearest key is suggested with its Chinese title.
    let (yaml, line) = with_lines(
        "date: 2022-09-20\n",
        "wording:\n  rectification_plan:\n    general_requirement: 本单位表述\n",
    );
    let report = refused(&yaml);
    let third = line + 2;
    assert!(
        report.contains(&format!("case.yaml:{third}:5: 错误：未知字段“general_requirement”。您是不是想写 general_requirements（总体要求）？")),
        "{report}"
    );
    assert!(report.contains("字段：wording.rectification_plan.general_requirement"));

    // Another kind's section: not silently ignored, the allowed keys are listed.
    let (yaml, line) = with_lines(
        "date: 2022-09-20\n",
        "wording:\n  progress_report:\n    work_requirements: 本单位表述\n",
    );
    let report = refused(&yaml);
    assert!(
        report.contains(&format!(
            "case.yaml:{}:5: 错误：未知字段“work_requirements”。",
            line + 2
        )),
        "{report}"
    );
    assert!(
        report.contains("opening、problems_and_next_steps、work_organisation"),
        "{report}"
    );

    // The section's Chinese name as the key points at the English one.
    let (yaml, _) = with_lines(
        "date: 2022-09-20\n",
        "wording:\n  final_report:\n    巩固深化整改成果的打算: 本单位表述\n",
    );
    assert!(refused(&yaml).contains("您是不是想写 consolidation（巩固深化整改成果的打算）？"));

    // A per-item kind's wording belongs to its item, not to the case's wording.
    let (yaml, line) = with_lines(
        "date: 2022-09-20\n",
        "wording:\n  review_opinion:\n    opening: 本单位表述\n",
    );
    let report = refused(&yaml);
    assert!(
        report.contains(&format!(
            "case.yaml:{}:3: 错误：未知字段“review_opinion”。",
            line + 1
        )),
        "{report}"
    );

    // In an item: a review has no plan sections.
    let (yaml, line) = with_lines(
        "recipients: [中共青山区委]\n",
        "    wording:\n      general_requirements: 本单位表述\n",
    );
    let report = refused(&yaml);
    assert!(
        report.contains(&format!(
            "case.yaml:{}:7: 错误：未知字段“general_requirements”。此处可用的字段：closing、opening",
            line + 1
        )),
        "{report}"
    );
    assert!(report.contains("字段：reviews[0].wording.general_requirements"));
}

#[test]
fn wording_in_the_case_file_loads_and_reaches_the_document() {
    let (yaml, _) = with_lines(
        "date: 2022-09-20\n",
        "    wording:\n      opening: |\n        巡视发现以下问题，\n        特函告。\n",
    );
    let loaded = xunshi::case::load_source(Path::new("case.yaml"), yaml.as_bytes())
        .unwrap_or_else(|d| panic!("{}", xunshi::case::render_report(&d)));
    let json = serde_json::to_value(&loaded.case).unwrap();
    common::assert_has(
        &common::first_source(&json, "recommendation-letter"),
        &["\n巡视发现以下问题，特函告。\n\n= 巡视发现的主要问题"],
    );
    // An empty value, or one left blank, loads as no wording of the office's own.
    let (yaml, _) = with_lines(
        "date: 2022-09-20\n",
        "wording:\n  rectification_plan:\n    opening:\n    general_requirements: \"\"\n",
    );
    let loaded = xunshi::case::load_source(Path::new("case.yaml"), yaml.as_bytes())
        .unwrap_or_else(|d| panic!("{}", xunshi::case::render_report(&d)));
    assert_eq!(loaded.case.wording, xunshi::case::Wording::default());
}

fn pdf_text(json: &Value, kind: &str) -> String {
    let case: Case = serde_json::from_value(json.clone()).unwrap();
    let composer = composer();
    let engine = xunshi::typeset::Engine::new(&xunshi::typeset::FontOptions::bundled_only());
    let sel = composer
        .all_selections(&case)
        .into_iter()
        .find(|s| s.kind.id == kind)
        .unwrap();
    let produced = xunshi::produce::produce(
        &engine,
        &composer,
        &case,
        &sel,
        &xunshi::produce::Format::Pdf(xunshi::typeset::export::PdfSettings::default()),
    )
    .unwrap_or_else(|e| panic!("{kind}: {e}"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.pdf");
    std::fs::write(&path, &produced.files[0]).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed; scripts/test installs it");
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn the_offices_sub_headings_are_numbered_like_the_standard_ones() {
    let mut json = base_json();
    json["wording"]["rectification_plan"]["work_requirements"] = json!(
        "# 压紧压实责任\n\n各科室对照清单抓落实。\n\n## 明确分工\n\n分管领导具体抓。\n\n# 强化督办\n\n办公室每周调度。"
    );
    json["reviews"][0]["wording"]["closing"] = json!("请认真落实。\n\n落实情况按月报告。");
    let plan = pdf_text(&json, "rectification-plan");
    assert!(
        plan.contains("四、工作要求（一）压紧压实责任各科室对照清单抓落实。1.明确分工分管领导具体抓。（二）强化督办办公室每周调度。"),
        "{plan}"
    );
    let review = pdf_text(&json, "review-opinion");
    assert!(
        review.contains("请认真落实。落实情况按月报告。"),
        "{review}"
    );
}

#[test]
fn the_documented_wording_example_validates_and_prints() {
    let doc = std::fs::read_to_string("docs/case-file.md").unwrap();
    let example = doc
        .split("```yaml\n")
        .filter_map(|block| block.split("```").next())
        .find(|block| block.starts_with("wording:"))
        .expect("docs/case-file.md has a wording example");
    let yaml = format!("{BASE}{example}");
    let loaded = xunshi::case::load_source(Path::new("case.yaml"), yaml.as_bytes())
        .unwrap_or_else(|d| panic!("{}", xunshi::case::render_report(&d)));
    let json = serde_json::to_value(&loaded.case).unwrap();
    common::assert_has(
        &common::first_source(&json, "rectification-plan"),
        &[
            "= 工作要求\n\n== 压紧压实整改责任\n\n",
            "== 严格督查督办\n\n=== 实行台账管理\n\n办公室建立整改台账，每周调度。\n\n=== 规范销号程序",
        ],
    );
    common::assert_has(
        &common::first_source(&json, "progress-report"),
        &["== 下一步工作打算\n\n持续推进，按月报送整改情况月报表。\n\n#closing"],
    );
}
