//! `xunshi update CASE --from RETURNED.xlsx`: the ledger xunshi exported, filled in by a unit
//! (rewritten cell by cell with rust_xlsxwriter, as another program would save it), merged back
//! into the case file in place.

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

const CASE: &str = r#"# 青山局的案卷：注释、顺序和引号都应原样保留
version: 1
as_of: 2023-03-20

round:
  name: 十二届区委第三轮巡察
  team: '区委第二巡察组'
  feedback_date: 2022-12-15

unit:
  name: 中共青山区青山局委员会
  short_name: 青山局党委
  principal: {name: 张建国, title: 局党委书记}
  leaders:
    - {name: 李华, title: 局长}

findings:
  - id: "1"
    area: 党的建设方面
    title: 学习不够深入
    measures:
      - id: "1.1"
        action: 修订学习制度
        leader: 张建国
        units: [办公室]
        deadline: 2023-03-31
        closure_standard: 制度印发执行
        status: closed        # 已销号
        completed_on: 2023-02-20
        closed_on: 2023-02-28
        evidence:
          - 学习制度
      - id: "1.2"
        action: "开展专题读书班"
        leader: 李华
        units: [办公室, 人事科]
        deadline: 2023-06-30
        closure_standard: 读书班结业
        status: in_progress   # 推进中，本条注释应保留
"#;

fn xunshi(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("xunshi")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A case file and the ledger exported from it, in a temporary folder.
fn setup() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("青山局.yaml");
    std::fs::write(&case, CASE).unwrap();
    let ledger = dir.path().join("台账.xlsx");
    let (code, _, stderr) = xunshi(&[
        "ledger",
        case.to_str().unwrap(),
        "-o",
        ledger.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    (
        dir,
        case.to_str().unwrap().to_owned(),
        ledger.to_str().unwrap().to_owned(),
    )
}

/// The exported workbook's 青山局党委 sheet rewritten cell by cell (text as text, dates as
/// Excel dates), with `changes` (cell name such as "K4", new text) written over it.
fn returned(from: &str, to: &Path, changes: &[(&str, &str)]) {
    let changes: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|(cell, text)| ("青山局党委", *cell, *text))
        .collect();
    returned_sheets(from, to, &changes);
}

/// Every sheet of the exported workbook rewritten cell by cell, with `changes` (sheet, cell
/// name, new text; an empty text clears the cell) written over them.
fn returned_sheets(from: &str, to: &Path, changes: &[(&str, &str, &str)]) {
    let mut book: Xlsx<_> = open_workbook(from).unwrap();
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let sheet = out.add_worksheet();
        sheet.set_name(&name).unwrap();
        let ours: Vec<(u32, u16, &str)> = changes
            .iter()
            .filter(|(s, ..)| *s == name)
            .map(|(_, cell, text)| {
                let col = (cell.as_bytes()[0] - b'A') as u16;
                let row: u32 = cell[1..].parse::<u32>().unwrap() - 1;
                (row, col, *text)
            })
            .collect();
        let start = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (r, c) = ((start.0 as usize + r) as u32, (start.1 as usize + c) as u16);
            if ours.iter().any(|(cr, cc, _)| (*cr, *cc) == (r, c)) {
                continue;
            }
            match v {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::Int(i) => {
                    sheet.write_number(r, c, *i as f64).unwrap();
                }
                Data::DateTime(d) => {
                    let (y, m, day, ..) = d.to_ymd_hms_milli();
                    let d = ExcelDateTime::from_ymd(y, m, day).unwrap();
                    sheet.write_datetime_with_format(r, c, d, &date).unwrap();
                }
                _ => {}
            }
        }
        for (row, col, text) in ours.into_iter().filter(|c| !c.2.is_empty()) {
            sheet.write_string(row, col, text).unwrap();
        }
    }
    out.save(to).unwrap();
}

#[test]
fn an_exported_ledger_merged_back_unchanged_changes_nothing() {
    let (dir, case, ledger) = setup();
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", &ledger]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("没有需要合并的修改"), "{stdout}");
    // Also through another program's copy of it.
    let copy = dir.path().join("交回.xlsx");
    returned(&ledger, &copy, &[]);
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", copy.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("没有需要合并的修改"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&case).unwrap(), CASE);
}

#[test]
fn what_a_unit_filled_is_shown_as_a_diff_then_written_in_place() {
    let (dir, case, ledger) = setup();
    let back = dir.path().join("交回.xlsx");
    // Row 4 is measure 1.2: K 整改状态, M 完成日期, O 进展情况, J is not the unit's.
    returned(
        &ledger,
        &back,
        &[
            ("K4", "已完成"),
            ("M4", "2023年3月18日"),
            ("O4", "读书班已结业，共培训120人次"),
            ("P4", "读书班方案\n结业名单"),
        ],
    );
    let back = back.to_str().unwrap();
    // 进展情况 names no day: --on dates it.
    let (code, _, stderr) = xunshi(&["update", &case, "--from", back, "--dry-run"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("O4: 错误：进展情况中新增的“读书班已结业，共培训120人次”没有注明日期"),
        "{stderr}"
    );
    let on = ["--on", "2023-03-18"];
    let (code, stdout, stderr) =
        xunshi(&[&["update", &case, "--from", back, "--dry-run"][..], &on].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("+        updates:\n+          - on: 2023-03-18\n+            text: \"读书班已结业，共培训120人次\"\n"), "{stdout}");
    assert!(
        stdout.contains("-        status: in_progress   # 推进中，本条注释应保留"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+        status: completed   # 推进中，本条注释应保留"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+        completed_on: 2023-03-18"),
        "{stdout}"
    );
    assert!(stdout.contains("未写入案卷"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&case).unwrap(),
        CASE,
        "--dry-run writes nothing"
    );

    let (code, stdout, stderr) = xunshi(&[&["update", &case, "--from", back][..], &on].concat());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("4 处修改"), "{stdout}");
    let text = std::fs::read_to_string(&case).unwrap();
    let expected = CASE
        .replace(
            "status: in_progress   # 推进中",
            "status: completed   # 推进中",
        )
        .replace(
            "      - id: \"1.2\"\n",
            "      - id: \"1.2\"\n        completed_on: 2023-03-18\n        evidence:\n          - \"读书班方案\"\n          - \"结业名单\"\n        updates:\n          - on: 2023-03-18\n            text: \"读书班已结业，共培训120人次\"\n",
        );
    assert_eq!(text, expected);
    let loaded = xunshi::case::load_case(Path::new(&case)).unwrap();
    let m = &loaded.case.findings[0].measures[1];
    assert_eq!(m.status, xunshi::case::MeasureStatus::Completed);
    assert_eq!(m.evidence, ["读书班方案", "结业名单"]);
    assert_eq!(m.progress, None, "the undated progress text is not written");
    assert_eq!(m.updates.len(), 1);
    // Merging the same ledger again changes nothing more, with --on or without.
    let (_, stdout, _) = xunshi(&["update", &case, "--from", back]);
    assert!(stdout.contains("没有需要合并的修改"), "{stdout}");
    let (_, stdout, _) = xunshi(&["update", &case, "--from", back, "--on", "2023-03-19"]);
    assert!(stdout.contains("没有需要合并的修改"), "{stdout}");
}

#[test]
fn refused_rows_are_named_at_their_cells_and_nothing_is_written() {
    let (dir, case, ledger) = setup();
    let back = dir.path().join("交回.xlsx");
    returned(
        &ledger,
        &back,
        &[
            ("F3", "修订并印发学习制度"), // 整改措施: not the unit's to change
            ("K4", "已销号"),             // closed without evidence
            ("N4", "2022-11-30"),         // before the feedback
        ],
    );
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", back.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let name = back.to_str().unwrap();
    assert!(
        stderr.contains(&format!(
            "{name}!青山局党委!F3: 错误：“整改措施”列不由责任单位填写"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{name}!青山局党委!N4: 错误：销号日期（2022-11-30）早于巡视反馈日期"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{name}!青山局党委!K4: 错误：措施“1.2”填为已销号，但没有佐证材料"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("案卷未作任何修改"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&case).unwrap(), CASE);

    returned(&ledger, &back, &[("E4", "9.9")]);
    let (code, _, stderr) = xunshi(&["update", &case, "--from", back.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("{name}!青山局党委!E4: 错误：案卷中没有措施“9.9”")),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&case).unwrap(), CASE);
}

/// `CASE` with measure 1.2 given a progress text and one dated update.
fn with_updates() -> String {
    CASE.replace(
        "        status: in_progress   # 推进中，本条注释应保留\n",
        "        status: in_progress   # 推进中，本条注释应保留\n        progress: 已制定读书班方案\n        updates:\n          - on: 2023-03-01\n            text: 印发读书班方案\n",
    )
}

/// A case file with `text` and the ledger exported from it (with `ledger_args` after `-o`).
fn setup_with(text: &str, ledger_args: &[&str]) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("青山局.yaml");
    std::fs::write(&case, text).unwrap();
    let ledger = dir.path().join("台账.xlsx");
    let mut args = vec![
        "ledger",
        case.to_str().unwrap(),
        "-o",
        ledger.to_str().unwrap(),
    ];
    args.extend(ledger_args);
    let (code, _, stderr) = xunshi(&args);
    assert_eq!(code, 0, "{stderr}");
    (
        dir,
        case.to_str().unwrap().to_owned(),
        ledger.to_str().unwrap().to_owned(),
    )
}

fn text_of(range: &calamine::Range<Data>, cell: &str) -> String {
    let col = (cell.as_bytes()[0] - b'A') as u32;
    let row: u32 = cell[1..].parse::<u32>().unwrap() - 1;
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::DateTime(d)) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    }
}

#[test]
fn a_dated_line_added_to_progress_is_appended_to_the_updates_with_its_own_date() {
    let original = with_updates();
    let (dir, case, ledger) = setup_with(&original, &[]);
    let mut book: Xlsx<_> = open_workbook(&ledger).unwrap();
    let shown = text_of(&book.worksheet_range("青山局党委").unwrap(), "O4");
    assert_eq!(shown, "已制定读书班方案\n2023年3月1日：印发读书班方案");
    let back = dir.path().join("交回.xlsx");
    let written = format!("{shown}\n2023年4月10日：读书班开班\n共60人参加");
    returned(&ledger, &back, &[("O4", &written)]);
    let back = back.to_str().unwrap();
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", back, "--dry-run"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let added = "          - on: 2023-04-10\n            text: \"读书班开班\\n共60人参加\"\n";
    let diff_lines: String = added.lines().map(|l| format!("+{l}\n")).collect();
    assert!(stdout.contains(&diff_lines), "{stdout}");
    assert!(stdout.contains("共 1 处修改"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&case).unwrap(), original);
    // Later than the case's as-of date: merged, and as_of left alone with a note.
    assert!(
        stderr.contains(
            "提示：合并的日期最晚为 2023-04-10，晚于案卷的情况截至日期（as_of：2023-03-20）"
        ),
        "{stderr}"
    );

    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", back]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let text = std::fs::read_to_string(&case).unwrap();
    assert_eq!(
        text,
        format!("{original}{added}"),
        "appended, nothing else moved"
    );
    let loaded = xunshi::case::load_case(Path::new(&case)).unwrap();
    let m = &loaded.case.findings[0].measures[1];
    assert_eq!(m.updates.len(), 2);
    assert_eq!(m.updates[1].text, "读书班开班\n共60人参加");
    assert_eq!(m.progress.as_ref().unwrap().as_str(), "已制定读书班方案");
    assert_eq!(loaded.case.as_of.unwrap().to_string(), "2023-03-20");
    // The same ledger again: nothing more.
    let (_, stdout, _) = xunshi(&["update", &case, "--from", back]);
    assert!(stdout.contains("没有需要合并的修改"), "{stdout}");
}

#[test]
fn a_progress_line_with_no_usable_date_is_refused_at_its_cell() {
    let (dir, case, ledger) = setup_with(&with_updates(), &[]);
    let back = dir.path().join("交回.xlsx");
    let name = back.to_str().unwrap().to_owned();
    for (cell, written, refusal) in [
        (
            "O4",
            "3月10日：读书班开班",
            "O4: 错误：进展情况“3月10日：读书班开班”开头的日期：“3月10日”缺少年份",
        ),
        (
            "O3",
            "2022年12月1日：起草制度",
            "O3: 错误：进展日期（2022-12-01）早于巡视反馈日期（2022-12-15）",
        ),
        (
            "O3",
            "2099-01-01 制度印发",
            "O3: 错误：进展日期（2099-01-01）晚于今天",
        ),
        (
            "O3",
            "制度已印发",
            "O3: 错误：进展情况中新增的“制度已印发”没有注明日期",
        ),
    ] {
        returned(&ledger, &back, &[(cell, written)]);
        let (code, stdout, stderr) = xunshi(&["update", &case, "--from", &name]);
        assert_eq!(code, 1, "{written}: {stdout}{stderr}");
        assert!(
            stderr.contains(&format!("{name}!青山局党委!{refusal}")),
            "{written}: {stderr}"
        );
        assert_eq!(std::fs::read_to_string(&case).unwrap(), with_updates());
    }
    // --on must itself be a day the case can record.
    returned(&ledger, &back, &[("O3", "制度已印发")]);
    for (on, why) in [
        ("2022-12-01", "早于巡视反馈日期"),
        ("2099-01-01", "晚于今天"),
    ] {
        let (code, _, stderr) = xunshi(&["update", &case, "--from", &name, "--on", on]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(why), "{stderr}");
    }
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", &name, "--on", "2023-03-05"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        std::fs::read_to_string(&case).unwrap().contains(
            "      - id: \"1.1\"\n        updates:\n          - on: 2023-03-05\n            text: \"制度已印发\"\n        action: 修订学习制度\n"
        ),
        "a measure without updates gets the key after its id"
    );
}

#[test]
fn a_cleared_cell_is_refused_not_ignored() {
    let (dir, case, ledger) = setup();
    let back = dir.path().join("交回.xlsx");
    // Row 3 is measure 1.1 (closed, with dates and evidence), row 4 measure 1.2.
    returned(&ledger, &back, &[("M3", ""), ("P3", ""), ("K4", "")]);
    let name = back.to_str().unwrap();
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", name]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    for (cell, what) in [
        ("M3", "“完成日期”被清空（导出时为“2023-02-20”）"),
        ("P3", "“佐证材料”被清空（导出时为“学习制度”）"),
        ("K4", "“整改状态”被清空（导出时为“推进中”）"),
    ] {
        assert!(
            stderr.contains(&format!("{name}!青山局党委!{cell}: 错误：{what}")),
            "{cell}: {stderr}"
        );
    }
    assert!(stderr.contains("如要撤销，请直接改案卷文件"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&case).unwrap(), CASE);
    // A cleared 进展情况 too.
    let (dir, case, ledger) = setup_with(&with_updates(), &[]);
    let back = dir.path().join("交回.xlsx");
    returned(&ledger, &back, &[("O4", "")]);
    let (code, _, stderr) = xunshi(&["update", &case, "--from", back.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("O4: 错误：“进展情况”被清空"), "{stderr}");
}

fn libreoffice() -> &'static str {
    ["soffice", "libreoffice"]
        .into_iter()
        .find(|p| {
            std::process::Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect(
            "LibreOffice (soffice) is not installed: this test needs it to save a workbook the \
             way a unit's program does. Run ./scripts/test, or apt-get install libreoffice-calc-nogui",
        )
}

/// `book` opened and saved by LibreOffice headless as `ext` (xlsx, ods), into `dir/lo/`.
fn saved_by_libreoffice(dir: &Path, book: &Path, ext: &str) -> std::path::PathBuf {
    let out = dir.join("lo");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let run = std::process::Command::new(libreoffice())
        .args([&profile, "--headless", "--convert-to", ext, "--outdir"])
        .arg(&out)
        .arg(book)
        .output()
        .unwrap();
    let saved = out.join(book.with_extension(ext).file_name().unwrap());
    assert!(
        saved.exists(),
        "LibreOffice did not save: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    saved
}

/// The case with its milestones written as `milestones` (YAML lines after `unit`), or none.
fn with_milestones(milestones: &str) -> String {
    CASE.replace(
        "    - {name: 李华, title: 局长}\n",
        &format!("    - {{name: 李华, title: 局长}}\n{milestones}"),
    )
}

#[test]
fn the_monthly_reports_a_unit_records_fill_monthly_reports_sent() {
    // Exported on 2023-06-20: March (due 4-15), April (5-15), May (6-15) fallen due, then June.
    for (milestones, expected) in [
        (
            "",
            "    - {name: 李华, title: 局长}\n\nmilestones:\n  monthly_reports_sent:\n    - month: 2023-03\n      sent_on: 2023-04-12\n    - month: 2023-04\n      sent_on: 2023-05-10\n",
        ),
        (
            "milestones:\n  topic_meeting: 2022-12-20\n  monthly_reports_sent: []  # 逐期填写\n",
            "  monthly_reports_sent:  # 逐期填写\n    - month: 2023-03\n      sent_on: 2023-04-12\n    - month: 2023-04\n      sent_on: 2023-05-10\n",
        ),
        (
            "milestones:\n  monthly_reports_sent:\n    - {month: 2023-03, sent_on: 2023-04-11}\n  topic_meeting: 2022-12-20\n",
            "  monthly_reports_sent:\n    - {month: 2023-03, sent_on: 2023-04-12}\n    - {month: 2023-04, sent_on: 2023-05-10}\n  topic_meeting: 2022-12-20\n",
        ),
    ] {
        let original = with_milestones(milestones);
        let (dir, case, ledger) = setup_with(&original, &["--on", "2023-06-20"]);
        let mut book: Xlsx<_> = open_workbook(&ledger).unwrap();
        let sheet = book.worksheet_range("月报报送").unwrap();
        let header: Vec<String> = ["A2", "B2", "C2", "D2", "E2"]
            .iter()
            .map(|c| text_of(&sheet, c))
            .collect();
        assert_eq!(header, ["单位", "期数", "月份", "报送时限", "报送日期"]);
        let months: Vec<String> = (3..=6).map(|r| text_of(&sheet, &format!("C{r}"))).collect();
        assert_eq!(months, ["2023年3月", "2023年4月", "2023年5月", "2023年6月"]);
        assert_eq!(text_of(&sheet, "D3"), "2023-04-15");
        assert_eq!(text_of(&sheet, "A3"), "中共青山区青山局委员会");
        let was = if milestones.contains("2023-04-11") {
            "2023-04-11"
        } else {
            ""
        };
        assert_eq!(text_of(&sheet, "E3"), was, "{milestones}");

        // The unit fills two dates; LibreOffice saves the workbook.
        let filled = dir.path().join("填写.xlsx");
        returned_sheets(
            &ledger,
            &filled,
            &[
                ("月报报送", "E3", "2023-04-12"),
                ("月报报送", "E4", "2023年5月10日"),
            ],
        );
        let back = saved_by_libreoffice(dir.path(), &filled, "xlsx");
        let back = back.to_str().unwrap();
        let (code, stdout, stderr) = xunshi(&["update", &case, "--from", back]);
        assert_eq!(code, 0, "{stdout}{stderr}");
        let text = std::fs::read_to_string(&case).unwrap();
        assert!(text.contains(expected), "{milestones}\n{text}");
        let loaded = xunshi::case::load_case(Path::new(&case)).unwrap();
        let sent = loaded.case.milestones.monthly_reports_sent.unwrap();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[1].month, "2023-04");
        let (_, stdout, _) = xunshi(&["update", &case, "--from", back]);
        assert!(stdout.contains("没有需要合并的修改"), "{stdout}");

        // Exported again, the dates are in the sheet; cleared, they are refused.
        let again = dir.path().join("再导出.xlsx");
        let again = again.to_str().unwrap();
        xunshi(&["ledger", &case, "-o", again, "--on", "2023-06-20"]);
        let mut book: Xlsx<_> = open_workbook(again).unwrap();
        let sheet = book.worksheet_range("月报报送").unwrap();
        assert_eq!(text_of(&sheet, "E4"), "2023-05-10");
        let cleared = dir.path().join("清空.xlsx");
        returned_sheets(again, &cleared, &[("月报报送", "E4", "")]);
        let name = cleared.to_str().unwrap();
        let (code, _, stderr) = xunshi(&["update", &case, "--from", name]);
        assert_eq!(code, 1);
        assert!(
            stderr.contains(&format!(
                "{name}!月报报送!E4: 错误：“报送日期”被清空（导出时为“2023-05-10”）"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn monthly_report_rows_that_cannot_be_merged_are_refused_at_their_cells() {
    let (dir, case, ledger) = setup_with(CASE, &["--on", "2023-06-20"]);
    let back = dir.path().join("交回.xlsx");
    returned_sheets(
        &ledger,
        &back,
        &[
            ("月报报送", "E3", "2022-12-01"),
            ("月报报送", "E4", "五月十日"),
            ("月报报送", "C5", "2023年13月"),
            // A row the unit added: a month in the centralised period.
            ("月报报送", "C7", "2023年2月"),
            ("月报报送", "E7", "2023-03-10"),
            // Another organisation's row is not this case's.
            ("月报报送", "A8", "白云区委"),
            ("月报报送", "C8", "2023年3月"),
            ("月报报送", "E8", "2023-04-01"),
        ],
    );
    let name = back.to_str().unwrap();
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", name]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    for (cell, what) in [
        ("E3", "报送日期（2022-12-01）早于巡视反馈日期"),
        ("E4", "报送日期：“五月十日”缺少年份"),
        ("C5", "月份：无法识别的月份“2023年13月”"),
        ("C7", "2023-02 不是报送月报表的月份"),
    ] {
        assert!(
            stderr.contains(&format!("{name}!月报报送!{cell}: 错误：{what}")),
            "{cell}: {stderr}"
        );
    }
    assert!(!stderr.contains("月报报送!E8"), "{stderr}");
    assert!(stderr.contains("4 处不能合并"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&case).unwrap(), CASE);
}

#[test]
fn a_ledger_saved_as_ods_by_libreoffice_merges_the_same() {
    let (dir, case, ledger) = setup();
    let filled = dir.path().join("填写.xlsx");
    returned(&ledger, &filled, &[("K4", "已完成"), ("M4", "2023-03-18")]);
    let back = saved_by_libreoffice(dir.path(), &filled, "ods");
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", back.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let loaded = xunshi::case::load_case(Path::new(&case)).unwrap();
    let m = &loaded.case.findings[0].measures[1];
    assert_eq!(m.status, xunshi::case::MeasureStatus::Completed);
    assert_eq!(m.completed_on.unwrap().to_string(), "2023-03-18");
}

#[test]
fn updates_and_evidence_next_to_each_other_both_change_in_place() {
    let original = with_updates().replace(
        "            text: 印发读书班方案\n",
        "            text: 印发读书班方案\n        evidence:\n          - 读书班方案\n",
    );
    let (dir, case, ledger) = setup_with(&original, &[]);
    let back = dir.path().join("交回.xlsx");
    returned(
        &ledger,
        &back,
        &[
            (
                "O4",
                "已制定读书班方案\n2023年3月1日：印发读书班方案\n2023年3月15日：读书班开班",
            ),
            ("P4", "读书班方案\n开班通知"),
        ],
    );
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", back.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let expected = original.replace(
        "            text: 印发读书班方案\n        evidence:\n          - 读书班方案\n",
        "            text: 印发读书班方案\n          - on: 2023-03-15\n            text: \"读书班开班\"\n        evidence:\n          - \"读书班方案\"\n          - \"开班通知\"\n",
    );
    assert_eq!(std::fs::read_to_string(&case).unwrap(), expected);
    assert!(
        !stderr.contains("晚于案卷的情况截至日期"),
        "before as_of: {stderr}"
    );
}

#[test]
fn moving_as_of_after_the_export_does_not_make_the_progress_text_new() {
    let (dir, case, ledger) = setup_with(&with_updates(), &[]);
    // The office moves the case on before the unit's copy comes back.
    let moved = with_updates().replace("as_of: 2023-03-20", "as_of: 2023-04-30");
    std::fs::write(&case, &moved).unwrap();
    let back = dir.path().join("交回.xlsx");
    returned(&ledger, &back, &[]);
    let (code, stdout, stderr) = xunshi(&["update", &case, "--from", back.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("没有需要合并的修改"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&case).unwrap(), moved);
}
