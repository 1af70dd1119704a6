//! The tracking documents after the centralised period, from the shipped samples: monthly report
//! tables, closure forms, the final report, supervision reports, transfer-handling letters, and
//! the round summary — each rendered and read back as text, and each refusal checked for its
//! reason and its place in the case file.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn xunshi() -> Command {
    Command::cargo_bin("xunshi").unwrap()
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(format!("{name}.yaml"))
}

const WATER: &str = "02-after-period-water-resources-department";
const TRANSPORT: &str = "02-after-period-department";
const JINCHENG: &str = "03-closed-jincheng-transport-group";

/// The text of a PDF, whitespace removed (table cells wrap anywhere).
fn text_of(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn page_size(pdf: &Path) -> String {
    let out = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default()
        .to_owned()
}

/// Renders `kind` of `case` into `dir`, returning (success, stderr).
fn render(case: &Path, kind: &str, extra: &[&str], out: &Path) -> (bool, String) {
    let o = xunshi()
        .args(["render", case.to_str().unwrap(), "--doc", kind])
        .args(extra)
        .args(["-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A copy of a sample with one text replaced (which must occur).
fn edited(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(sample(name)).unwrap();
    assert!(text.contains(from), "{name} contains {from:?}");
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn the_monthly_table_lists_open_measures_with_this_months_progress_on_a_turned_page() {
    let dir = tempfile::tempdir().unwrap();
    // as_of 2023-03-31: March is over, so its report is made (due 2023-04-30), written beside
    // the case under its month's name.
    let case = dir.path().join("water.yaml");
    std::fs::copy(sample(WATER), &case).unwrap();
    let o = xunshi()
        .args(["render", case.to_str().unwrap(), "--doc", "monthly-report"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = dir.path().join("整改情况月报表-2023-03.pdf");
    assert!(pdf.is_file());
    assert!(page_size(&pdf).contains("841.89 x 595.276"), "landscape A4");
    let text = text_of(&pdf);
    for want in [
        "巡视整改情况月报表（2023年3月）",
        "统计截至：2023年3月31日",
        "报送时限：2023年4月30日",
        "本月无新进展",
    ] {
        assert!(text.contains(want), "missing {want}");
    }
    // Table cells interleave in extracted text: read the rows in the composed source.
    let typ = dir.path().join("m.typ");
    let o = xunshi()
        .args(["render", case.to_str().unwrap(), "--doc", "monthly-report"])
        .args(["--format", "typ", "-o", typ.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success());
    let source = std::fs::read_to_string(&typ).unwrap();
    let row = source
        .lines()
        .find(|l| l.contains("石门水库"))
        .expect("2.1 is listed");
    // The month's progress: the approved deadline change of 2023-03-15, then the update.
    assert!(
        row.contains("[2023年3月15日，经审批，完成时限由2023年1月31日调整为2023年5月31日（"),
        "{row}"
    );
    assert!(
        row.contains(
            "#linebreak()2023年3月16日，石门水库移民安置规划调整方案报自治区人民政府审批。]"
        ),
        "{row}"
    );
    // Its deadline was moved on 2023-03-15 to 2023-05-31: on schedule, the old one noted.
    assert!(row.contains("[2023年5月31日（原2023年1月31日）]"), "{row}");
    assert!(row.contains("[推进中], [是]"), "{row}");
    let behind = source
        .lines()
        .find(|l| l.contains("对312个河湖"))
        .expect("3.1 is listed");
    assert!(behind.contains("[推进中], [否，滞后31天]"), "{behind}");
    // Measures closed before March are not listed (7.1 was closed on 2023-01-16).
    assert!(
        !text.contains("7.1"),
        "a measure closed before the month is listed"
    );
}

#[test]
fn a_month_inside_the_centralised_period_is_refused_and_a_later_one_can_be_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, err) = render(
        &sample(WATER),
        "monthly-report",
        &["--month", "2023-02"],
        &dir.path().join("feb.pdf"),
    );
    assert!(!ok);
    assert!(err.contains("集中整改期内"), "{err}");
    assert!(err.contains("2023-02-28"), "{err}");
    assert!(!dir.path().join("feb.pdf").exists());
    let (ok, err) = render(
        &sample(WATER),
        "monthly-report",
        &["--month", "2023-05"],
        &dir.path().join("may.pdf"),
    );
    assert!(ok, "{err}");
    assert!(text_of(&dir.path().join("may.pdf")).contains("（2023年5月）"));
    let (ok, err) = render(
        &sample(WATER),
        "monthly-report",
        &["--month", "2023-5"],
        &dir.path().join("bad.pdf"),
    );
    assert!(!ok && err.contains("YYYY-MM"), "{err}");
}

#[test]
fn a_closure_form_shows_the_measure_and_is_refused_without_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("c.pdf");
    let (ok, err) = render(&sample(WATER), "closure-form", &["--item", "4.1"], &pdf);
    assert!(ok, "{err}");
    let text = text_of(&pdf);
    for want in [
        "巡视整改销号审批表",
        "编号：4.1",
        "排查全覆盖，问题工程全部整改，水质检测复检达标",
        "183处问题工程整改验收表",
        "纪检监察机关意见",
    ] {
        assert!(text.contains(want), "missing {want}");
    }
    assert!(page_size(&pdf).contains("595.276 x 841.89"), "upright A4");
    let pages = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&pages.stdout).contains("Pages:           1"));

    // Without evidence, the form is refused: the reason and the measure's line in the file.
    let case = edited(
        dir.path(),
        WATER,
        "        evidence:\n          - 全区农村集中供水工程消毒设备和水质排查台账\n          - 183处问题工程整改验收表\n          - 水质复检报告汇总表\n",
        "",
    );
    let (ok, err) = render(
        &case,
        "closure-form",
        &["--item", "4.1"],
        &dir.path().join("x.pdf"),
    );
    assert!(!ok);
    assert!(err.contains("佐证材料"), "{err}");
    assert!(err.contains("findings[3].measures[0].evidence"), "{err}");
    let located = format!("{}:", case.display());
    assert!(
        err.contains(&located),
        "the case file and line are named: {err}"
    );
    assert!(!dir.path().join("x.pdf").exists());

    // Nor without a closure standard.
    let case = edited(
        dir.path(),
        WATER,
        "        closure_standard: 排查全覆盖，问题工程全部整改，水质检测复检达标\n",
        "",
    );
    let (ok, err) = render(
        &case,
        "closure-form",
        &["--item", "4.1"],
        &dir.path().join("y.pdf"),
    );
    assert!(!ok && err.contains("销号标准"), "{err}");
}

#[test]
fn the_final_report_needs_every_measure_closed() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("f.pdf");
    let (ok, err) = render(&sample(JINCHENG), "final-report", &[], &pdf);
    assert!(ok, "{err}");
    let text = text_of(&pdf);
    for want in [
        "整改情况的报告",
        "整改任务已全部销号",
        "需长期坚持的整改任务",
        "巩固深化整改成果的打算",
        "附件：巡视整改台账",
    ] {
        assert!(text.contains(want), "missing {want}");
    }
    let case = edited(
        dir.path(),
        TRANSPORT,
        "documents:\n",
        "documents:\n  final_report:\n    issuer: 中共自治区交通运输厅党组\n    number: 交党发〔2023〕30号\n    date: 2023-03-25\n    recipients: [自治区纪委监委]\n    signers: [杨志华]\n",
    );
    let (ok, err) = render(&case, "final-report", &[], &dir.path().join("open.pdf"));
    assert!(!ok);
    assert!(err.contains("全部整改措施销号"), "{err}");
    assert!(err.contains("项未销号"), "{err}");
    assert!(!dir.path().join("open.pdf").exists());
}

#[test]
fn supervision_reports_and_transfer_letters_carry_their_own_issuing_details() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let renders_with = |kind: &str, file: &str, wants: &[&str]| {
        let (ok, err) = render(&sample(JINCHENG), kind, &[], &out.join(file));
        assert!(ok, "{kind}: {err}");
        let text = text_of(&out.join(file));
        for want in wants {
            assert!(text.contains(want), "{kind}: missing {want}");
        }
    };
    renders_with(
        "supervision-report",
        "s.pdf",
        &[
            "桂纪〔2021〕45号",
            "自治区党委巡视工作领导小组：",
            "开展监督情况",
            "一是列席集团党委",
            "意见建议",
            "自治区党委组织部",
        ],
    );
    renders_with(
        "transfer-feedback",
        "t.pdf",
        &[
            "桂国资党函〔2021〕58号",
            "移交工作建议办理情况的反馈",
            "于2021年8月25日办结",
            "资产负债率重点管控企业",
        ],
    );
    // Only the transfer with feedback issuing details makes a letter.
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(files.len(), 2, "{files:?}");

    // A letter without the handling result is refused and names the field.
    let case = edited(dir.path(), JINCHENG, "    handled_on: 2021-08-25\n", "");
    let (ok, err) = render(&case, "transfer-feedback", &[], &dir.path().join("x.pdf"));
    assert!(!ok && err.contains("transfers[1].handled_on"), "{err}");
}

#[test]
fn the_round_summary_counts_every_organisation_of_one_round() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("round.pdf");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    // The samples come from several rounds: one must be named.
    let o = xunshi()
        .args([
            "summary",
            samples.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a round to name is a usage error");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--round"));
    assert!(!pdf.exists());

    let o = xunshi()
        .args([
            "summary",
            samples.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ])
        .args([
            "--round",
            "十二届自治区党委第三轮巡视",
            "--number",
            "桂巡办〔2023〕15号",
        ])
        .args(["--on", "2023-03-31"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = text_of(&pdf);
    for want in [
        "桂巡办〔2023〕15号",
        "关于十二届自治区党委第三轮巡视整改情况的汇总报告",
        "共对2个党组织开展巡视",
        "中共自治区交通运输厅党组",
        "中共自治区水利厅党组",
        "合计",
        "逾期未完成的整改措施",
        "共性问题",
    ] {
        assert!(text.contains(want), "missing {want}");
    }
    // 共性问题 names the problems themselves, organisation by organisation within an area.
    let common = &text[text.find("共性问题").unwrap()..];
    for org in ["中共自治区交通运输厅党组：", "中共自治区水利厅党组："] {
        assert!(
            common.contains(org),
            "共性问题 lists no problem of {org}\n{common}"
        );
    }
    // The totals are the two cases' sums: 13 + 12 findings, 18 + 27 measures.
    assert!(text.contains("巡视反馈问题25个"), "{text}");
    assert!(text.contains("制定整改措施45项"), "{text}");

    // A broken case among them is reported and the summary refused; with --partial the
    // summary of the valid ones is written and says what it lacks.
    let mixed = dir.path().join("mixed");
    std::fs::create_dir(&mixed).unwrap();
    for name in [WATER, TRANSPORT] {
        std::fs::copy(sample(name), mixed.join(format!("{name}.yaml"))).unwrap();
    }
    std::fs::write(mixed.join("broken.yaml"), "version: 1\nround: [\n").unwrap();
    let pdf2 = dir.path().join("mixed.pdf");
    let o = xunshi()
        .args([
            "summary",
            mixed.to_str().unwrap(),
            "-o",
            pdf2.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("broken.yaml"));
    assert!(!pdf2.exists(), "no summary that silently lacks a case");
    let o = xunshi()
        .args(["summary", "--partial", mixed.to_str().unwrap(), "-o"])
        .arg(&pdf2)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = text_of(&pdf2);
    assert!(text.contains("共对2个党组织开展巡视"), "{text}");
    assert!(
        text.contains("本汇总未含以下1个案卷") && text.contains("broken.yaml"),
        "{text}"
    );
}

#[test]
fn the_round_summary_takes_an_offices_own_wording_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let opening = dir.path().join("opening.md");
    let next = dir.path().join("next.md");
    std::fs::write(
        &opening,
        "本轮巡视整改总体推进有力，现将截至目前的情况报告如下。",
    )
    .unwrap();
    std::fs::write(
        &next,
        "# 压实整改主体责任\n\n建议各被巡视党组织对照台账逐项销号。\n\n# 强化日常监督\n\n建议纪检监察机关加强跟踪问效。\n",
    )
    .unwrap();
    let pdf = dir.path().join("round.pdf");
    let run = |extra: &[&str], out: &Path| {
        xunshi()
            .args([
                "summary",
                samples.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ])
            .args([
                "--round",
                "十二届自治区党委第三轮巡视",
                "--on",
                "2023-03-31",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let o = run(
        &[
            "--opening",
            opening.to_str().unwrap(),
            "--next-steps",
            next.to_str().unwrap(),
        ],
        &pdf,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = text_of(&pdf);
    for want in [
        "本轮巡视整改总体推进有力",
        "（一）压实整改主体责任",
        "建议各被巡视党组织对照台账逐项销号。",
        "（二）强化日常监督",
    ] {
        assert!(text.contains(want), "missing {want}\n{text}");
    }
    assert!(
        !text.contains("共对2个党组织开展巡视"),
        "the default opening stays"
    );
    assert!(
        !text.contains("推动以巡促改"),
        "the default next steps stay"
    );

    // A file saved in GBK is refused with its name, and nothing is written.
    std::fs::write(&next, [0xd6u8, 0xd0, 0xb9, 0xfa]).unwrap();
    let gbk = dir.path().join("gbk.pdf");
    let o = run(&["--next-steps", next.to_str().unwrap()], &gbk);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("不是 UTF-8 编码") && err.contains("next.md"),
        "{err}"
    );
    assert!(!gbk.exists());
}

/// 再反馈意见: one per principal change with its issuing details, stating the feedback, the
/// change, the window the rules set, and the measures still open on its date — by finding, in
/// case order — and nothing the case records as done by then.
#[test]
fn a_repeat_feedback_letter_lists_what_the_new_principal_inherits() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("再反馈.pdf");
    let case = sample("04-principal-changed-duling-county");
    let (ok, err) = render(&case, "repeat-feedback", &["-q"], &pdf);
    assert!(ok, "{err}");
    let text = text_of(&pdf);
    for words in [
        "关于向都岭县委新任主要负责人再反馈十二届自治区党委第五轮巡视意见的函",
        "2023年6月16日，自治区党委第二巡视组向中共都岭县委员会反馈了",
        "2024年1月8日，蒙堃同志任县委书记",
        "在巡视反馈1年内调整的",
        "尚未完成的整改任务",
        "需长期坚持的整改任务",
        "（责任领导：黎少华）阶段目标：2023年12月31日前，完成2022年流出耕地1.2万亩的补充任务",
        "已逾期30天",
        "继续整改的要求",
        "请蒙堃同志切实担负起巡视整改第一责任人责任",
        "桂巡二函〔2024〕1号",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    // The open measures on 2024-01-30 are listed, and only they.
    let loaded = xunshi::case::load_case(&case).unwrap();
    let on = xunshi::case::Date::parse("2024-01-30").unwrap();
    let then = xunshi::rules::as_of::case_as_of(&loaded.case, on);
    let mut open = 0;
    let section = text
        .split("尚未完成的整改任务")
        .nth(1)
        .and_then(|rest| rest.split("需长期坚持的整改任务").next())
        .unwrap();
    // A measure may run across a page: its page numbers (—2—) are not its text.
    let section = (1..=20).fold(section.to_owned(), |s, n| s.replace(&format!("—{n}—"), ""));
    for m in then.findings.iter().flat_map(|f| &f.measures) {
        let listed = section.contains(&format!(
            "{}{}",
            m.id,
            m.action
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        ));
        let is_open = matches!(
            m.status,
            xunshi::case::MeasureStatus::NotStarted | xunshi::case::MeasureStatus::InProgress
        );
        assert_eq!(listed, is_open, "measure {} ({:?})", m.id, m.status);
        open += usize::from(is_open);
    }
    assert!(open > 0, "the sample leaves measures open on the day");
    // A change without issuing details makes no letter.
    let recorded = std::fs::read_to_string(&case).unwrap();
    let start = recorded.find("      refeedback_document:\n").unwrap();
    let end = start + recorded[start..].find("  leaders:").unwrap();
    let file = dir.path().join("04.yaml");
    std::fs::write(&file, format!("{}{}", &recorded[..start], &recorded[end..])).unwrap();
    let o = xunshi()
        .args(["render", "--doc", "repeat-feedback", "-q", "-o"])
        .arg(dir.path().join("x.pdf"))
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("refeedback_document"), "{err}");
}

/// 巡视整改评估报告: the discipline commission's assessment, its grade and disposal in words,
/// the day's counts; and in the status view, each assessment done, or one pending once the final
/// report is in and none is recorded.
#[test]
fn an_assessment_report_and_its_place_in_the_status_view() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("评估.pdf");
    let case = sample(JINCHENG);
    let (ok, err) = render(&case, "assessment-report", &["-q"], &pdf);
    assert!(ok, "{err}");
    let text = text_of(&pdf);
    for words in [
        "自治区纪委监委关于金澄集团党委巡视整改评估情况的报告",
        "采取查阅整改台账和佐证材料、个别谈话、实地抽查所属企业等方式",
        "截至2022年6月28日，巡视反馈问题11个",
        "巡视整改成效等次为“好”",
        "1.个别所属企业对招投标制度的执行检查不够经常。",
        "建议对金澄集团党委巡视整改予以肯定。",
        "桂纪〔2022〕31号",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let status = |file: &Path| {
        let o = xunshi().arg("status").arg(file).output().unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let out = status(&case);
    assert!(
        out.contains("开展巡视整改评估（评1）") && out.contains("评估等次“好”，处置意见：予以肯定"),
        "{out}"
    );
    // Without the assessment, it is pending from the final report's day.
    let recorded = std::fs::read_to_string(&case).unwrap();
    let start = recorded.find("assessments:\n").unwrap();
    let end = start + recorded[start..].find("\ndocuments:").unwrap() + 1;
    let file = dir.path().join("03.yaml");
    std::fs::write(&file, format!("{}{}", &recorded[..start], &recorded[end..])).unwrap();
    let out = status(&file);
    let row = out
        .lines()
        .find(|l| l.contains("开展巡视整改评估"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.contains("待办") && row.contains("2022-05-20"), "{row}");
}
