//! Conformance of the other arrangements of GB/T 9704-2012, measured on Typst's frames: the
//! letter form (信函格式), an upward document with its signer, joint issuing, heading levels,
//! long titles, the unsealed signature, and attachments on their own (landscape) pages.

use std::sync::OnceLock;

use xunshi::typeset::measure::{self, PageContent};
use xunshi::typeset::{Engine, FontOptions, Job};

const TOP: f64 = 37.0;
const LEFT: f64 = 28.0;
const TYPE_WIDTH: f64 = 156.0;
const RED: &str = "#e60012";
const PT: f64 = 25.4 / 72.0;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&FontOptions::bundled_only()))
}

fn layout(main: &str) -> Vec<PageContent> {
    let job = Job::new(main, jiff::civil::date(2022, 10, 14));
    let compiled = engine().compile(&job).unwrap_or_else(|d| panic!("{d}"));
    measure::pages(&compiled.document)
}

fn near(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: measured {actual:.2}, expected {expected:.2} ± {tolerance}"
    );
}

fn paragraphs(n: usize) -> String {
    let p: String = "巡视整改工作扎实推进各项措施落实到位"
        .chars()
        .cycle()
        .take(200)
        .collect();
    vec![p; n].join("\n\n")
}

/// Left and right ends of the text on the baseline of `run`.
fn extent(page: &PageContent, baseline: f64) -> (f64, f64) {
    let runs = page.line(baseline);
    (runs[0].x, runs.last().map(|r| r.x + r.width).unwrap())
}

fn page_number(page: &PageContent) -> Option<String> {
    let t = page
        .texts
        .iter()
        .find(|t| t.size == 14.0 && t.text.starts_with('—'))?;
    Some(
        page.line(t.baseline)
            .iter()
            .map(|r| r.text.as_str())
            .collect::<String>()
            .replace(' ', ""),
    )
}

#[test]
fn letter_form_mark_double_lines_number_and_first_page_without_number() {
    let pages = layout(&format!(
        r#"#import "/gongwen.typ": *
#show: gongwen.with(form: "letter", copy-number: "000123",
  authorities: ("中共××市委巡视工作领导小组办公室",), number: "×巡办函〔2022〕5号",
  title: "审核意见", recipients: "中共××区委")
{}"#,
        paragraphs(12)
    ));
    assert!(pages.len() >= 2);
    let first = &pages[0];
    let mark = first
        .texts
        .iter()
        .find(|t| t.text.contains("办公室"))
        .expect("mark");
    near(
        mark.ink.0,
        30.0,
        1.0,
        "letter mark 30 mm from the paper's top",
    );
    assert_eq!(mark.color, RED);
    let mut red: Vec<_> = first.rules.iter().filter(|r| r.color == RED).collect();
    red.sort_by(|a, b| a.y.total_cmp(&b.y));
    assert_eq!(red.len(), 4, "two double lines");
    for r in &red {
        near(r.length, 170.0, 0.2, "double lines 170 mm long");
        near(
            r.x + r.length / 2.0,
            LEFT + TYPE_WIDTH / 2.0,
            0.2,
            "double lines centred on the type area",
        );
    }
    assert!(
        red[0].thickness > red[1].thickness,
        "upper double line: thick over thin"
    );
    assert!(
        red[2].thickness < red[3].thickness,
        "lower double line: thin over thick"
    );
    near(
        red[0].y - mark.ink.1,
        4.0,
        0.5,
        "first double line 4 mm under the mark",
    );
    near(
        297.0 - red[3].y,
        20.0,
        0.5,
        "second double line 20 mm above the paper's bottom",
    );
    let number = first
        .texts
        .iter()
        .find(|t| t.text.contains("〔2022〕"))
        .expect("number");
    near(
        extent(first, number.baseline).1,
        LEFT + TYPE_WIDTH,
        0.3,
        "number flush with the right edge",
    );
    assert!(number.ink.0 > red[1].y, "number under the double line");
    assert_eq!(
        page_number(first),
        None,
        "no page number on the letter's first page"
    );
    assert_eq!(page_number(&pages[1]).as_deref(), Some("—2—"));
    assert!(
        pages[1].rules.iter().all(|r| r.color != RED),
        "double lines on the first page only"
    );
}

#[test]
fn upward_document_puts_number_left_and_signer_right_on_one_line() {
    let pages = layout(
        r#"#import "/gongwen.typ": *
#show: gongwen.with(authorities: ("中共××区委",), number: "××委〔2022〕12号",
  signers: ("张建国",), title: "关于巡视整改进展情况的报告", recipients: "市纪委监委")
正文。"#,
    );
    let first = &pages[0];
    let number = first
        .texts
        .iter()
        .find(|t| t.text.contains("〔2022〕"))
        .expect("number");
    let one = 16.0 * PT;
    near(
        number.x,
        LEFT + one,
        0.3,
        "number one character in from the left",
    );
    let line: String = first
        .line(number.baseline)
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    assert!(
        line.contains("签发人：张建国"),
        "signer on the number's line: {line}"
    );
    let name = first
        .line(number.baseline)
        .into_iter()
        .find(|r| r.text.contains("张建国"))
        .unwrap();
    assert_eq!(name.family, "FandolKai", "signer's name in Kai");
    near(
        name.x + name.width,
        LEFT + TYPE_WIDTH - one,
        0.3,
        "signer one character in from the right",
    );
}

#[test]
fn joint_issuing_stacks_the_authorities_beside_one_suffix() {
    let pages = layout(
        r#"#import "/gongwen.typ": *
#show: gongwen.with(authorities: ("中共××区委", "××区人民政府"), number: "××发〔2022〕3号", title: "通知")
正文。"#,
    );
    let first = &pages[0];
    let a = first
        .texts
        .iter()
        .find(|t| t.text.contains("区委"))
        .expect("first authority");
    let b = first
        .texts
        .iter()
        .find(|t| t.text.contains("人民政府"))
        .expect("second authority");
    let suffix = first
        .texts
        .iter()
        .find(|t| t.text == "文件")
        .expect("one suffix");
    assert!(b.baseline > a.baseline, "authorities stacked");
    assert!(
        suffix.x > a.x + a.width && suffix.x > b.x + b.width,
        "文件 to the right of the names"
    );
    assert!(
        suffix.baseline > a.baseline && suffix.baseline < b.baseline + 1.0,
        "文件 centred on the stack"
    );
    near(a.ink.0, TOP + 35.0, 1.0, "top edge of the joint mark");
}

#[test]
fn headings_number_themselves_in_their_fonts() {
    let pages = layout(
        r#"#import "/gongwen.typ": *
#show: gongwen.with(title: "标题")
= 总体情况
== 基本做法
=== 建立机制
==== 细化清单
== 下一步安排
= 存在问题"#,
    );
    let text = pages[0].text();
    for expected in [
        "一、总体情况",
        "（一）基本做法",
        "1.建立机制",
        "（1）细化清单",
        "（二）下一步安排",
        "二、存在问题",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let family = |s: &str| {
        pages[0]
            .texts
            .iter()
            .find(|t| t.text.contains(s))
            .unwrap()
            .family
            .clone()
    };
    // A heading's last two characters are a box of their own (never one alone on a line), so
    // its words run in two pieces: look for the first.
    assert_eq!(family("总体"), "FandolHei");
    assert_eq!(family("基本"), "FandolKai");
    assert!(family("建立").starts_with("FandolFang"));
    assert!(family("细化").starts_with("FandolFang"));
    let heading = pages[0]
        .texts
        .iter()
        .find(|t| t.text.contains("总体"))
        .unwrap();
    assert_eq!(heading.size, 16.0, "headings in 3号");
    near(
        heading.x,
        LEFT + 2.0 * TYPE_WIDTH / 28.0,
        0.3,
        "headings indented two characters",
    );
}

#[test]
fn long_titles_wrap_into_centred_balanced_lines() {
    let pages = layout(
        r#"#import "/gongwen.typ": *
#show: gongwen.with(authorities: ("中共××区委",), title: "中共××区委关于十二届自治区党委第三轮巡视集中整改进展情况的报告")
正文。"#,
    );
    let first = &pages[0];
    let lines = first.baselines(22.0);
    assert_eq!(lines.len(), 2, "title on two lines");
    let widths: Vec<f64> = lines
        .iter()
        .map(|&y| {
            let (a, b) = extent(first, y);
            near(
                (a + b) / 2.0,
                LEFT + TYPE_WIDTH / 2.0,
                0.5,
                "title line centred",
            );
            b - a
        })
        .collect();
    assert!(
        widths[1] / widths[0] > 0.7,
        "lines balanced, not one full and one stub: {widths:?}"
    );
}

#[test]
fn unsealed_signature_name_two_characters_from_the_right_date_two_further_in() {
    let pages = layout(
        r#"#import "/gongwen.typ": *
#show: gongwen.with(title: "通知")
正文。
#signature("中共××市委巡视工作领导小组办公室", datetime(year: 2022, month: 7, day: 5), sealed: false)
#note[此件公开发布]"#,
    );
    let page = &pages[0];
    let one = TYPE_WIDTH / 28.0;
    let name = page
        .texts
        .iter()
        .find(|t| t.text.contains("办公室"))
        .unwrap();
    let date = page
        .texts
        .iter()
        .find(|t| t.text.contains("2022年7月5日"))
        .expect("date without leading zeros");
    let (ns, ne) = extent(page, name.baseline);
    near(
        LEFT + TYPE_WIDTH - ne,
        2.0 * one,
        0.5,
        "name two characters from the right",
    );
    near(
        extent(page, date.baseline).0 - ns,
        2.0 * one,
        0.5,
        "date two characters right of the name",
    );
    near(
        date.baseline - name.baseline,
        225.0 / 22.0,
        0.1,
        "date on the next line",
    );
    let note = page
        .texts
        .iter()
        .find(|t| t.text.contains("此件公开发布"))
        .unwrap();
    assert!(page.text().contains("（此件公开发布）"));
    near(
        extent(page, note.baseline).0,
        LEFT + 2.0 * one,
        0.5,
        "note two characters in",
    );
}

#[test]
fn attachments_start_new_pages_and_may_turn_landscape() {
    let pages = layout(
        r#"#import "/gongwen.typ": *
#show: gongwen.with(title: "方案")
正文。
#attachment-note("整改任务清单", "整改措施台账")
#attachment(1, "整改任务清单", landscape: true)[#table(columns: 2, [序号], [问题])]
#attachment(2, "整改措施台账")[台账内容。]"#,
    );
    assert_eq!(pages.len(), 3);
    let note = pages[0].text();
    assert!(
        note.contains("附件：1.整改任务清单") && note.contains("2.整改措施台账"),
        "{note}"
    );
    let landscape = &pages[1];
    assert!(
        landscape.width > landscape.height,
        "attachment 1 on a landscape page"
    );
    let label = landscape
        .texts
        .iter()
        .find(|t| t.text.contains("附件"))
        .unwrap();
    assert_eq!(label.family, "FandolHei");
    let portrait = &pages[2];
    assert!(portrait.width < portrait.height);
    let label = portrait
        .texts
        .iter()
        .find(|t| t.text.starts_with("附件"))
        .unwrap();
    near(label.x, LEFT, 0.3, "附件N flush left");
    near(
        label.baseline - 0.88 * 16.0 * PT,
        TOP,
        1.0,
        "附件N on the first line",
    );
    let title = portrait
        .texts
        .iter()
        .find(|t| t.text.contains("台账") && t.size == 22.0)
        .unwrap();
    let first_line = label.baseline;
    assert!(
        title.baseline - first_line > 1.5 * 225.0 / 22.0,
        "attachment title on the third line"
    );
    assert_eq!(
        page_number(landscape).as_deref(),
        Some("—2—"),
        "landscape pages numbered too"
    );
}

#[test]
fn settings_override_the_standards_numbers_and_unknown_ones_are_refused() {
    let pages = layout(&format!(
        r#"#import "/gongwen.typ": *
#show: gongwen.with(settings: (line-pitch: 28pt, margin-top: 35mm))
{}"#,
        paragraphs(20)
    ));
    let lines = pages[1].baselines(16.0);
    near(
        lines[1] - lines[0],
        28.0 * PT,
        0.05,
        "line pitch from the settings",
    );
    near(
        lines[0] - 0.88 * 16.0 * PT,
        35.0,
        0.3,
        "top margin from the settings",
    );

    let job = Job::new(
        "#import \"/gongwen.typ\": *\n#show: gongwen.with(settings: (line-pich: 28pt))\n正文",
        jiff::civil::date(2022, 10, 14),
    );
    let error = engine()
        .compile(&job)
        .err()
        .expect("a misspelt setting fails")
        .to_string();
    assert!(
        error.contains("未知的版式设置") && error.contains("line-pich"),
        "{error}"
    );
}
