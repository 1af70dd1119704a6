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
