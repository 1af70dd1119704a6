//! `xunshi import` end to end, from workbooks other programs wrote: LibreOffice converting an
//! office's CSV, and a workbook built with rust_xlsxwriter the way offices lay theirs out (a
//! title row, a problem merged over its measures, dates typed as text). Each imported case is
//! loaded as `validate` would load it.

use assert_cmd::Command;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};

/// `xunshi import ARGS…`, or `xunshi validate …` when the arguments start with `validate`.
fn xunshi(args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("xunshi").unwrap();
    if args.first() != Some(&"validate") {
        cmd.arg("import");
    }
    let out = cmd.args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const FULL: [&str; 10] = [
    "--round",
    "十二届区委第三轮巡察",
    "--team",
    "区委第二巡察组",
    "--feedback-date",
    "2022-12-15",
    "--principal",
    "张建国",
    "--principal-title",
    "局党委书记",
];

/// An office's CSV: its own column names (synonyms), dates in several forms, statuses in Chinese.
const OFFICE_CSV: &str = "\
序号,问题所属方面,反馈问题,整改措施,牵头领导,牵头单位,整改时限,状态,进展情况,佐证材料,完成日期,销号日期,销号标准
1,党的建设方面,学习不够深入,修订学习制度,张建国,办公室,2023/3/31,已销号,制度已印发,学习制度,2023.3.20,2023年3月28日,制度印发
2,党的建设方面,学习不够深入,开展专题学习,李华,办公室、人事科,2023-06-30,推进中,已学习两次,,,,
3,财务方面,财务管理不规范,清理账目,李华,财务科,2023年6月30日,未启动,,,,,
";

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
            "LibreOffice (soffice) is not installed: this test needs it to write a workbook the \
             way offices do. Run ./scripts/test, or apt-get install libreoffice-calc-nogui",
        )
}

/// `csv` converted to .xlsx by LibreOffice headless, in `dir`.
fn libreoffice_workbook(dir: &Path, name: &str, csv: &str) -> PathBuf {
    let csv_path = dir.join(format!("{name}.csv"));
    std::fs::write(&csv_path, csv).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let status = std::process::Command::new(libreoffice())
        .args([
            &profile,
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(dir)
        .arg(&csv_path)
        .output()
        .unwrap();
    let xlsx = dir.join(format!("{name}.xlsx"));
    assert!(
        xlsx.exists(),
        "LibreOffice did not convert: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    xlsx
}

fn deadline(d: &xunshi::case::Deadline) -> String {
    match d {
        xunshi::case::Deadline::On(d) => d.to_string(),
        xunshi::case::Deadline::LongTerm => "long_term".into(),
    }
}

fn load(path: &Path) -> Result<xunshi::case::LoadedCase, String> {
    xunshi::case::load_case(path).map_err(|d| xunshi::case::render_report(&d))
}

#[test]
fn a_workbook_libreoffice_wrote_from_an_office_csv_imports_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = libreoffice_workbook(dir.path(), "青山局台账", OFFICE_CSV);
    let out = dir.path().join("cases");
    let mut args = vec![xlsx.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend(FULL);
    let (code, stdout, stderr) = xunshi(&args);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        !stderr.contains("尚需补充"),
        "every case validates: {stderr}"
    );
    // LibreOffice names the sheet after the file: that is the organisation.
    let case_path = out.join("青山局台账.yaml");
    let loaded = load(&case_path).unwrap_or_else(|e| panic!("{e}\n{stderr}"));
    let case = &loaded.case;
    assert_eq!(case.unit.short_name, "青山局台账");
    assert_eq!(case.findings.len(), 2);
    let m = &case.findings[0].measures[0];
    assert_eq!(m.id, "1.1");
    assert_eq!(m.status, xunshi::case::MeasureStatus::Closed);
    assert_eq!(m.completed_on.unwrap().to_string(), "2023-03-20");
    assert_eq!(m.closed_on.unwrap().to_string(), "2023-03-28");
    assert_eq!(m.evidence, ["学习制度"]);
    assert_eq!(case.findings[0].measures[1].units, ["办公室", "人事科"]);
    assert_eq!(
        deadline(&case.findings[1].measures[0].deadline),
        "2023-06-30"
    );
    assert_eq!(case.round.feedback_date.to_string(), "2022-12-15");
}

#[test]
fn what_the_sheet_cannot_say_is_a_placeholder_validate_reports_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("台账.csv");
    std::fs::write(&csv, OFFICE_CSV).unwrap();
    let out = dir.path().join("cases");
    let (code, stdout, stderr) = xunshi(&[csv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    // Written, but not yet valid: exit 1, so a script stops here, and the last line says so.
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("7 处待填写"), "{stdout}");
    assert_eq!(
        stderr.trim_end().lines().last(),
        Some("xunshi import：已写出 1 个案卷，其中 1 个尚需补充（见上），补充后才能生成公文"),
        "{stderr}"
    );
    let path = out.join("台账.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let placeholder_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("# 待填写"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(placeholder_lines.len(), 7, "{text}");
    let diagnostics = xunshi::case::load_case(&path).unwrap_err();
    let mut error_lines: Vec<usize> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.line)
        .collect();
    error_lines.dedup();
    assert_eq!(error_lines, placeholder_lines, "{text}");
    // validate itself says so too.
    let (code, stdout, _) = xunshi(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("巡视轮次名称"), "{stdout}");
}

/// An office's workbook: a title row, the problem and its aspect merged over its measures,
/// real Excel dates and dates typed as text, a 长期坚持 measure.
fn office_workbook(path: &Path, bad_deadline: Option<&str>) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("青山区委").unwrap();
    let date = Format::new().set_num_format("yyyy/m/d");
    sheet
        .merge_range(0, 0, 0, 8, "青山区委巡察整改台账", &Format::new())
        .unwrap();
    for (c, h) in [
        "序号",
        "问题类别",
        "问题描述",
        "具体整改措施",
        "责任领导",
        "责任部门",
        "完成时限\n（年月日）",
        "整改状态",
        "备注",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let merged = Format::new();
    sheet
        .merge_range(2, 1, 4, 1, "党的建设方面", &merged)
        .unwrap();
    sheet
        .merge_range(2, 2, 4, 2, "理论学习不够深入", &merged)
        .unwrap();
    let rows: [(&str, &str, &str); 4] = [
        ("完善学习制度", "张建国", "办公室"),
        ("开展专题读书班", "李华", "办公室、人事科"),
        ("常态化开展学习", "李华", "人事科"),
        ("规范财务报销", "赵敏", "财务科"),
    ];
    for (i, (action, leader, unit)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 3, *action).unwrap();
        sheet.write_string(r, 4, *leader).unwrap();
        sheet.write_string(r, 5, *unit).unwrap();
    }
    sheet
        .write_datetime_with_format(2, 6, ExcelDateTime::from_ymd(2023, 3, 31).unwrap(), &date)
        .unwrap();
    sheet
        .write_string(3, 6, bad_deadline.unwrap_or("2023年4月30日"))
        .unwrap();
    sheet.write_string(4, 6, "长期坚持").unwrap();
    sheet.write_string(5, 6, "2023.5.31").unwrap();
    for (r, s) in [(2, "已完成"), (3, "推进中"), (4, "长期坚持"), (5, "未启动")] {
        sheet.write_string(r, 7, s).unwrap();
    }
    sheet.write_string(5, 1, "财务管理方面").unwrap();
    sheet.write_string(5, 2, "财务制度执行不严").unwrap();
    book.save(path).unwrap();
}

#[test]
fn merged_problems_text_dates_and_synonyms_are_read_from_an_office_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("台账.xlsx");
    office_workbook(&book, None);
    let out = dir.path().join("cases");
    let mut args = vec![book.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend(FULL);
    let (code, stdout, stderr) = xunshi(&args);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("其中 1 个尚需补充"), "{stderr}");
    assert!(
        stderr.contains("台账.xlsx!青山区委!I2：未识别的列“备注”"),
        "{stderr}"
    );
    let path = out.join("青山区委.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // The only thing left to fill in is the long-term measure's review date.
    let diagnostics = xunshi::case::load_case(&path).unwrap_err();
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(
        errors.len(),
        1,
        "{}",
        xunshi::case::render_report(&diagnostics)
    );
    assert_eq!(errors[0].field, "findings[0].measures[2].review_on");
    let fixed = text.replace("review_on: 待填写", "review_on: 2023-12-31");
    std::fs::write(&path, fixed).unwrap();
    let case = load(&path).unwrap().case;
    assert_eq!(case.findings.len(), 2, "the merged problem is one problem");
    let f = &case.findings[0];
    assert_eq!((f.id.as_str(), f.area.as_str()), ("1", "党的建设方面"));
    assert_eq!(f.title, "理论学习不够深入");
    let ids: Vec<&str> = f.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["1.1", "1.2", "1.3"]);
    let deadlines: Vec<String> = f.measures.iter().map(|m| deadline(&m.deadline)).collect();
    assert_eq!(deadlines, ["2023-03-31", "2023-04-30", "long_term"]);
    assert_eq!(
        deadline(&case.findings[1].measures[0].deadline),
        "2023-05-31"
    );
    assert_eq!(
        case.findings[1].measures[0].status,
        xunshi::case::MeasureStatus::NotStarted
    );
}

#[test]
fn a_cell_it_cannot_read_is_reported_at_its_address_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("台账.xlsx");
    office_workbook(&book, Some("4月底"));
    let out = dir.path().join("cases");
    let mut args = vec![book.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend(FULL);
    let (code, stdout, stderr) = xunshi(&args);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("台账.xlsx!青山区委!G4: 错误：完成时限：“4月底”不是具体日期"),
        "{stderr}"
    );
    assert!(stderr.contains("未写出任何案卷"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn a_unit_column_makes_one_case_per_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("全区台账.csv");
    std::fs::write(
        &csv,
        "单位,问题所属方面,问题,整改措施,责任领导,责任单位,完成时限,整改状态\n\
         青山区委,党的建设方面,学习不深,修订制度,张建国,办公室,2023-03-31,推进中\n\
         白云区委,党的建设方面,作风不实,整治作风,张建国,组织部,2023-04-30,未启动\n\
         青山区委,党的建设方面,学习不深,专题学习,张建国,办公室,2023-05-31,推进中\n",
    )
    .unwrap();
    let out = dir.path().join("cases");
    let mut args = vec![csv.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend(FULL);
    let (code, stdout, stderr) = xunshi(&args);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let qs = load(&out.join("青山区委.yaml")).unwrap().case;
    assert_eq!(qs.findings.len(), 1);
    assert_eq!(qs.findings[0].measures.len(), 2);
    let by = load(&out.join("白云区委.yaml")).unwrap().case;
    assert_eq!(by.unit.name, "白云区委");
    // Importing again does not overwrite what may since have been edited.
    let (code, _, stderr) = xunshi(&args);
    assert_eq!(code, 1);
    assert!(stderr.contains("已存在"), "{stderr}");
}

#[test]
fn a_sheet_without_the_required_columns_names_the_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("台账.csv");
    std::fs::write(
        &csv,
        "问题,整改措施,责任单位,完成时限\n学习不深,修订制度,办公室,2023-03-31\n",
    )
    .unwrap();
    let (code, _, stderr) = xunshi(&[csv.to_str().unwrap(), "-o", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("台账.csv!台账!A1: 错误：表头（第 1 行）中找不到“责任领导”列（列名可写作：责任领导 / 牵头领导"),
        "{stderr}"
    );
}

#[test]
fn merged_problems_are_read_from_a_workbook_libreoffice_saved_as_ods() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("台账.xlsx");
    office_workbook(&book, None);
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let ods_dir = dir.path().join("ods");
    std::process::Command::new(libreoffice())
        .args([&profile, "--headless", "--convert-to", "ods", "--outdir"])
        .arg(&ods_dir)
        .arg(&book)
        .output()
        .unwrap();
    let ods = ods_dir.join("台账.ods");
    assert!(ods.exists(), "LibreOffice did not convert");
    let out = dir.path().join("cases");
    let mut args = vec![ods.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend(FULL);
    let (code, stdout, stderr) = xunshi(&args);
    // Only the long-term measure's review date is left to fill in, as from the .xlsx.
    assert_eq!(code, 1, "{stdout}{stderr}");
    let text = std::fs::read_to_string(out.join("青山区委.yaml"))
        .unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    let fixed = text.replace("review_on: 待填写", "review_on: 2023-12-31");
    let path = out.join("青山区委.yaml");
    std::fs::write(&path, fixed).unwrap();
    let case = load(&path).unwrap().case;
    assert_eq!(
        case.findings.len(),
        2,
        "the merged problem is one problem: {text}"
    );
    let f = &case.findings[0];
    assert_eq!(
        (f.area.as_str(), f.title.as_str()),
        ("党的建设方面", "理论学习不够深入")
    );
    assert_eq!(f.measures.len(), 3);
}
