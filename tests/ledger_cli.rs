//! `xunshi ledger` end to end: the nine samples into a workbook read back with calamine (sheet
//! names, header, real dates and numbers, known values of sample 02, totals, 长期坚持, 逾期N天
//! judged on `--on`), into CSV (BOM, header, one row per measure, RFC 4180 quoting), bad inputs
//! and exit codes, and LibreOffice converting the workbook to PDF.

use assert_cmd::Command;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use std::path::{Path, PathBuf};

const SAMPLES: &str = "samples";
const SAMPLE_02: &str = "samples/02-after-period-department.yaml";

/// The organisation sheet's columns, as the ledger must print them.
const HEADER: [&str; 16] = [
    "序号",
    "问题编号",
    "问题所属方面",
    "问题",
    "措施编号",
    "整改措施",
    "责任领导",
    "责任单位",
    "完成时限",
    "销号标准",
    "整改状态",
    "是否逾期",
    "完成日期",
    "销号日期",
    "进展情况",
    "佐证材料",
];
const SUMMARY_HEADER: [&str; 11] = [
    "单位",
    "反馈问题数",
    "整改措施数",
    "未启动",
    "推进中",
    "已完成",
    "已销号",
    "长期坚持",
    "逾期措施数",
    "完成率",
    "截至日期",
];
const HEADER_ROW: u32 = 1;
const FIRST_DATA_ROW: u32 = 2;

fn xunshi() -> Command {
    Command::cargo_bin("xunshi").unwrap()
}

/// Runs `xunshi ledger ARGS`; returns (exit code, stdout, stderr).
fn ledger(args: &[&str]) -> (i32, String, String) {
    let out = xunshi().arg("ledger").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The ledger of all samples judged on `on`, written into a fresh folder.
fn samples_workbook(on: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("台账.xlsx");
    let (code, stdout, stderr) = ledger(&[SAMPLES, "-o", out.to_str().unwrap(), "--on", on]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(out.is_file());
    (dir, out)
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).expect("the ledger opens as an .xlsx workbook")
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    open(path)
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("({row},{col}): expected text, found {other:?}"),
    }
}

fn number(range: &Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row},{col}): expected a number, found {other:?}"),
    }
}

/// A real Excel date cell's (year, month, day).
fn date(range: &Range<Data>, row: u32, col: u32) -> (u16, u8, u8) {
    match range.get_value((row, col)) {
        Some(Data::DateTime(dt)) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            (y, m, d)
        }
        other => panic!("({row},{col}): expected a date cell, found {other:?}"),
    }
}

fn column(name: &str) -> u32 {
    HEADER.iter().position(|h| *h == name).unwrap() as u32
}

/// The data row (absolute) of measure `id` in an organisation sheet.
fn row_of(range: &Range<Data>, id: &str) -> u32 {
    (FIRST_DATA_ROW..range.end().unwrap().0 + 1)
        .find(|r| text(range, *r, column("措施编号")) == id)
        .unwrap_or_else(|| panic!("no row for measure {id}"))
}

/// Every measure in the samples, counted by the case loader itself.
fn sample_measures() -> usize {
    let mut total = 0;
    for entry in std::fs::read_dir(SAMPLES).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let case = xunshi::case::load_case(&path)
                .expect("samples are valid")
                .case;
            total += case
                .findings
                .iter()
                .map(|f| f.measures.len())
                .sum::<usize>();
        }
    }
    total
}

#[test]
fn the_workbook_has_a_summary_then_one_legal_sheet_per_organisation() {
    let (_dir, out) = samples_workbook("2023-03-20");
    let names = open(&out).sheet_names();
    assert_eq!(
        names,
        [
            "汇总",
            "青山区委",
            "青山区委(2)",
            "厅党组",
            "自治区水利厅党组",
            "集团党委",
            "金澄集团党委",
            "石岭县委",
            "都岭县委",
            "桂岭市委",
            "月报报送"
        ],
        "files in name order; the second 青山区委 numbered; the monthly reports last"
    );
    for name in &names[1..names.len() - 1] {
        let range = sheet(&out, name);
        let header: Vec<String> = (0..16).map(|c| text(&range, HEADER_ROW, c)).collect();
        assert_eq!(header, HEADER, "header of {name}");
        assert!(
            text(&range, 0, 0)
                .starts_with(&format!("{}巡视整改台账", name.trim_end_matches("(2)"))),
            "title of {name}: {}",
            text(&range, 0, 0)
        );
    }
    let summary = sheet(&out, "汇总");
    let header: Vec<String> = (0..11).map(|c| text(&summary, HEADER_ROW, c)).collect();
    assert_eq!(header, SUMMARY_HEADER);
}

#[test]
fn deadlines_are_real_dates_or_long_term_and_numbers_are_numbers() {
    let (_dir, out) = samples_workbook("2023-03-20");
    let mut dates = 0;
    let mut long_term = 0;
    let mut rows = 0;
    let names = open(&out).sheet_names();
    for name in &names[1..names.len() - 1] {
        let range = sheet(&out, name);
        let last = range.end().unwrap().0;
        for row in FIRST_DATA_ROW..=last {
            rows += 1;
            assert_eq!(
                number(&range, row, 0),
                (row - FIRST_DATA_ROW + 1) as f64,
                "{name}: 序号"
            );
            match range.get_value((row, column("完成时限"))) {
                Some(Data::DateTime(dt)) if dt.is_datetime() => dates += 1,
                Some(Data::String(s)) if s == "长期坚持" => long_term += 1,
                other => panic!("{name} row {row}: 完成时限 is {other:?}"),
            }
            for col in ["完成日期", "销号日期"] {
                match range.get_value((row, column(col))) {
                    Some(Data::DateTime(dt)) if dt.is_datetime() => {}
                    Some(Data::Empty) | None => {}
                    other => panic!("{name} row {row}: {col} is {other:?}"),
                }
            }
        }
    }
    assert_eq!(rows, sample_measures(), "one row per measure");
    assert!(
        dates > 100 && long_term > 10,
        "{dates} dates, {long_term} 长期坚持"
    );
}

#[test]
fn sample_02_reads_back_with_its_values() {
    let (_dir, out) = samples_workbook("2023-03-20");
    let s = sheet(&out, "厅党组");
    assert_eq!(text(&s, 0, 0), "厅党组巡视整改台账（截至2023年3月20日）");

    let r = row_of(&s, "1.1");
    assert_eq!(r, FIRST_DATA_ROW);
    assert_eq!(text(&s, r, column("问题编号")), "1");
    assert_eq!(
        text(&s, r, column("问题")),
        "学习贯彻习近平总书记关于交通运输工作的重要论述不够深入"
    );
    assert_eq!(text(&s, r, column("责任领导")), "杨志华");
    assert_eq!(text(&s, r, column("责任单位")), "机关党委、办公室");
    assert_eq!(date(&s, r, column("完成时限")), (2023, 1, 31));
    assert_eq!(text(&s, r, column("整改状态")), "已销号");
    assert_eq!(text(&s, r, column("是否逾期")), "");
    assert_eq!(date(&s, r, column("完成日期")), (2023, 1, 10));
    assert_eq!(date(&s, r, column("销号日期")), (2023, 2, 20));
    assert_eq!(
        text(&s, r, column("佐证材料")),
        "交党组〔2022〕40号文件\n2023年1月10日厅党组理论学习中心组专题研讨记录\n研讨成果清单"
    );
    assert!(text(&s, r, column("进展情况")).starts_with("已于2022年12月20日印发学习计划"));

    // In progress, due 2023-02-28, judged on 2023-03-20: 20 days overdue.
    let r = row_of(&s, "2.2");
    assert_eq!(date(&s, r, column("完成时限")), (2023, 2, 28));
    assert_eq!(text(&s, r, column("整改状态")), "推进中");
    assert_eq!(text(&s, r, column("是否逾期")), "逾期20天");
    assert_eq!(s.get_value((r, column("完成日期"))), Some(&Data::Empty));

    // Long-term work has no date.
    let r = row_of(&s, "3.1");
    assert_eq!(text(&s, r, column("完成时限")), "长期坚持");
    assert_eq!(text(&s, r, column("整改状态")), "长期坚持");
    assert_eq!(text(&s, r, column("是否逾期")), "");
}

#[test]
fn overdue_days_are_counted_to_the_day_given_with_on() {
    let (_dir, out) = samples_workbook("2023-04-01");
    let s = sheet(&out, "厅党组");
    // 2023-02-28 → 2023-04-01: 1 day of March's first plus 31.
    assert_eq!(text(&s, row_of(&s, "2.2"), column("是否逾期")), "逾期32天");
    let (_dir, out) = samples_workbook("2023-02-28");
    let s = sheet(&out, "厅党组");
    assert_eq!(
        text(&s, row_of(&s, "2.2"), column("是否逾期")),
        "",
        "not overdue on the due day"
    );
}

#[test]
fn a_past_on_date_shows_the_situation_on_that_day() {
    // Sample 02's measure 1.1 was completed on 2023-01-10 and closed on 2023-02-20.
    let (_dir, out) = samples_workbook("2023-02-01");
    let s = sheet(&out, "厅党组");
    let r = row_of(&s, "1.1");
    assert_eq!(text(&s, r, column("整改状态")), "已完成");
    assert_eq!(date(&s, r, column("完成日期")), (2023, 1, 10));
    assert_eq!(s.get_value((r, column("销号日期"))), Some(&Data::Empty));
    let (_dir, out) = samples_workbook("2023-01-05");
    let s = sheet(&out, "厅党组");
    let r = row_of(&s, "1.1");
    assert_eq!(text(&s, r, column("整改状态")), "推进中");
    assert_eq!(s.get_value((r, column("完成日期"))), Some(&Data::Empty));
    assert_eq!(text(&s, r, column("是否逾期")), "", "due 2023-01-31");
}

#[test]
fn summary_rows_match_the_sheets_and_the_totals_are_their_sums() {
    let (_dir, out) = samples_workbook("2023-03-20");
    let names = open(&out).sheet_names();
    let summary = sheet(&out, "汇总");
    let orgs = names.len() - 2;
    let total_row = FIRST_DATA_ROW + orgs as u32;
    assert_eq!(text(&summary, total_row, 0), "合计");

    for col in 1..=8 {
        let sum: f64 = (FIRST_DATA_ROW..total_row)
            .map(|r| number(&summary, r, col))
            .sum();
        assert_eq!(number(&summary, total_row, col), sum, "column {col}");
    }
    // Status counts add up to the measures, row by row.
    for r in FIRST_DATA_ROW..=total_row {
        let by_status: f64 = (3..=7).map(|c| number(&summary, r, c)).sum();
        assert_eq!(by_status, number(&summary, r, 2), "row {r}");
    }
    // Each organisation's row agrees with its own sheet.
    for (i, name) in names[1..names.len() - 1].iter().enumerate() {
        let r = FIRST_DATA_ROW + i as u32;
        let s = sheet(&out, name);
        let rows: Vec<u32> = (FIRST_DATA_ROW..=s.end().unwrap().0).collect();
        assert_eq!(number(&summary, r, 2), rows.len() as f64, "{name}: 措施数");
        let overdue = rows
            .iter()
            .filter(|row| text(&s, **row, column("是否逾期")).starts_with("逾期"))
            .count();
        assert_eq!(number(&summary, r, 8), overdue as f64, "{name}: 逾期");
        assert_eq!(date(&summary, r, 10), (2023, 3, 20));
    }
    assert_eq!(number(&summary, total_row, 2), sample_measures() as f64);

    // 厅党组 (sample 02): 13 findings, 18 measures, 5 in progress, 10 closed, 3 long-term,
    // 5 overdue on 2023-03-20; 完成率 10/18.
    let r = FIRST_DATA_ROW + 2;
    assert_eq!(text(&summary, r, 0), "中共自治区交通运输厅党组");
    let counts: Vec<f64> = (1..=8).map(|c| number(&summary, r, c)).collect();
    assert_eq!(counts, [13.0, 18.0, 0.0, 5.0, 0.0, 10.0, 3.0, 5.0]);
    assert!((number(&summary, r, 9) - 10.0 / 18.0).abs() < 1e-9);
    let done: f64 = number(&summary, total_row, 5) + number(&summary, total_row, 6);
    let rate = done / number(&summary, total_row, 2);
    assert!((number(&summary, total_row, 9) - rate).abs() < 1e-9);
}

#[test]
fn csv_has_a_bom_a_header_and_one_row_per_measure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("台账.csv");
    let (code, stdout, stderr) =
        ledger(&[SAMPLES, "-o", out.to_str().unwrap(), "--on", "2023-03-20"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "单位");
    assert_eq!(header[1..], HEADER);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), sample_measures());
    let r = records
        .iter()
        .find(|r| &r[0] == "中共自治区交通运输厅党组" && &r[5] == "2.2")
        .unwrap();
    assert_eq!(&r[9], "2023-02-28");
    assert_eq!(&r[12], "逾期20天");
    let r = records
        .iter()
        .find(|r| &r[0] == "中共自治区交通运输厅党组" && &r[5] == "1.1")
        .unwrap();
    assert_eq!((&r[13], &r[14]), ("2023-01-10", "2023-02-20"));
    assert_eq!(r[16].lines().count(), 3, "evidence one per line");
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    let source = std::fs::read_to_string(SAMPLE_02).unwrap();
    let old = "action: 完善厅党组“第一议题”制度，制定《厅党组理论学习中心组学习计划》，每季度围绕交通强国建设开展1次专题研讨，形成研讨成果清单。";
    assert!(source.contains(old));
    let tricky = r#"action: "甲, \"乙\"\n丙""#;
    std::fs::write(&case, source.replace(old, tricky)).unwrap();
    let out = dir.path().join("台账.csv");
    let (code, stdout, stderr) = ledger(&[case.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
    assert!(
        text.contains(",\"甲, \"\"乙\"\"\n丙\","),
        "RFC 4180 quoting in\n{}",
        &text[..600]
    );
    assert!(text.contains("\r\n"), "CRLF record ends");
    let mut reader = csv::Reader::from_reader(&text.as_bytes()[3..]);
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[6], "甲, \"乙\"\n丙");
}

#[test]
fn invalid_cases_are_reported_and_the_rest_still_make_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    std::fs::copy(SAMPLE_02, cases.join("good.yaml")).unwrap();
    std::fs::write(cases.join("bad.yaml"), "version: 1\nround: [\n").unwrap();
    let out = dir.path().join("台账.xlsx");
    let (code, stdout, stderr) = ledger(&[cases.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("bad.yaml"),
        "the bad file is named:\n{stderr}"
    );
    assert!(stderr.contains("错误"), "{stderr}");
    assert_eq!(open(&out).sheet_names(), ["汇总", "厅党组", "月报报送"]);

    // Nothing valid: nothing written, and an existing ledger is left as it was.
    let before = std::fs::read(&out).unwrap();
    std::fs::remove_file(cases.join("good.yaml")).unwrap();
    let (code, _, stderr) = ledger(&[cases.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let fresh = dir.path().join("新.xlsx");
    let (code, _, _) = ledger(&[cases.to_str().unwrap(), "-o", fresh.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(!fresh.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("台账.xls");
    let (code, _, stderr) = ledger(&[SAMPLE_02, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("无法识别输出文件类型"), "{stderr}");
    assert!(
        stderr.contains(".xlsx") && stderr.contains(".csv"),
        "{stderr}"
    );
    assert!(!out.exists());

    let out = dir.path().join("台账.xlsx");
    let (code, _, stderr) = ledger(&[SAMPLE_02, "-o", out.to_str().unwrap(), "--on", "2023/03/20"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = ledger(&["no/such/folder", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!out.exists());

    // --format overrides the extension.
    let out = dir.path().join("台账.txt");
    let (code, _, stderr) = ledger(&[SAMPLE_02, "-o", out.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"\xEF\xBB\xBF"));
}

/// The LibreOffice program on PATH, if any.
fn libreoffice() -> Option<&'static str> {
    ["libreoffice", "soffice"].into_iter().find(|program| {
        std::process::Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn libreoffice_converts_the_workbook_to_pdf() {
    let program = libreoffice().expect(
        "LibreOffice (libreoffice or soffice) is not installed: this test needs it to check the \
         ledger opens in a spreadsheet program. Run ./scripts/test (it installs it), or install \
         it yourself: apt-get install --no-install-recommends libreoffice-calc-nogui",
    );
    let (dir, out) = samples_workbook("2023-03-20");
    let pdf_dir = dir.path().join("pdf");
    // A profile of its own, so a LibreOffice already running (or another test) does not
    // swallow the conversion.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let result = std::process::Command::new(program)
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf_dir)
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{program} failed: {}\n{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    let pdf = pdf_dir.join("台账.pdf");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| {
        panic!(
            "{program} wrote no {}: {e}\n{}",
            pdf.display(),
            String::from_utf8_lossy(&result.stderr)
        )
    });
    assert!(
        bytes.starts_with(b"%PDF") && bytes.len() > 10_000,
        "{} bytes",
        bytes.len()
    );
}

#[test]
fn the_monthly_report_sheet_lists_each_report_fallen_due_then_the_next() {
    let (_dir, out) = samples_workbook("2023-06-20");
    let s = sheet(&out, "月报报送");
    assert!(
        text(&s, 0, 0).starts_with("整改情况月报表报送记录"),
        "{}",
        text(&s, 0, 0)
    );
    let header: Vec<String> = (0..5).map(|c| text(&s, HEADER_ROW, c)).collect();
    assert_eq!(header, ["单位", "期数", "月份", "报送时限", "报送日期"]);
    let summary = sheet(&out, "汇总");
    let orgs: Vec<String> = (FIRST_DATA_ROW..FIRST_DATA_ROW + 9)
        .map(|r| text(&summary, r, 0))
        .collect();
    let last = s.end().unwrap().0;
    assert!(
        last > FIRST_DATA_ROW,
        "some sample is past its centralised period"
    );
    let mut previous: Option<(String, f64)> = None;
    for row in FIRST_DATA_ROW..=last {
        let org = text(&s, row, 0);
        assert!(orgs.contains(&org), "row {row}: {org}");
        let k = number(&s, row, 1);
        if let Some((p, pk)) = &previous
            && *p == org
        {
            assert_eq!(k, pk + 1.0, "row {row}: 期数 run on");
        }
        assert!(text(&s, row, 2).ends_with('月'), "row {row}");
        assert!(
            matches!(s.get_value((row, 3)), Some(Data::DateTime(dt)) if dt.is_datetime()),
            "row {row}: 报送时限 is a date"
        );
        assert_eq!(
            s.get_value((row, 4)),
            Some(&Data::Empty),
            "no sample records one"
        );
        previous = Some((org, k));
    }
}
