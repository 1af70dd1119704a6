//! `xunshi render` and `xunshi fonts` as a user runs them: outputs beside the input or at
//! `-o`, one PNG/SVG per page, the Typst sources for hand editing, Chinese errors with exit 1,
//! usage errors with exit 2.

use assert_cmd::Command;
use predicates::prelude::*;

fn xunshi() -> Command {
    Command::cargo_bin("xunshi").unwrap()
}

fn body(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("通知.typ");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn render_writes_a_pdf_beside_the_input_and_says_which_fonts_fell_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = body(dir.path(), "= 总体情况\n\n正文。");
    xunshi()
        .args(["render", "--date", "2022-10-14"])
        .arg(&input)
        .assert()
        .success()
        .stderr(predicate::str::contains("未找到规范字体").and(predicate::str::contains("已写出")));
    let pdf = std::fs::read(dir.path().join("通知.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // Same input, same bytes.
    let out = dir.path().join("again.pdf");
    xunshi()
        .args(["render", "--date", "2022-10-14", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    assert!(std::fs::read(out).unwrap() == pdf);
}

#[test]
fn render_png_and_svg_write_one_file_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let input = body(dir.path(), "甲\n#pagebreak()\n乙");
    xunshi()
        .args([
            "render",
            "--date",
            "2022-10-14",
            "--format",
            "png",
            "--dpi",
            "30",
        ])
        .arg(&input)
        .assert()
        .success();
    assert!(dir.path().join("通知-1.png").exists() && dir.path().join("通知-2.png").exists());
    let out = dir.path().join("预览.svg");
    xunshi()
        .args(["render", "--date", "2022-10-14", "--format", "svg", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    assert!(dir.path().join("预览-1.svg").exists() && dir.path().join("预览-2.svg").exists());
}

#[test]
fn render_typ_writes_sources_that_compile_again() {
    let dir = tempfile::tempdir().unwrap();
    let input = body(dir.path(), "正文。");
    xunshi()
        .args(["render", "--date", "2022-10-14", "--format", "typ"])
        .arg(&input)
        .assert()
        .success();
    let full = std::fs::read_to_string(dir.path().join("通知.full.typ")).unwrap();
    assert!(full.contains("#show: gongwen.with(form: \"document\")") && full.ends_with("正文。"));
    assert!(dir.path().join("gongwen.typ").exists() && dir.path().join("fonts.typ").exists());
    // The exported document is a complete document: xunshi renders it as is.
    xunshi()
        .args(["render", "--date", "2022-10-14"])
        .arg(dir.path().join("通知.full.typ"))
        .assert()
        .success();
}

#[test]
fn errors_are_chinese_with_place_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let input = body(dir.path(), "正文\n#undefined-thing");
    xunshi()
        .args(["render", "--date", "2022-10-14"])
        .arg(&input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("排版错误：通知.typ:2:"));
    assert!(
        !dir.path().join("通知.pdf").exists(),
        "no output on failure"
    );

    let gbk = dir.path().join("gbk.typ");
    std::fs::write(&gbk, [0xD5, 0xFD, 0xCE, 0xC4]).unwrap(); // 正文 in GBK
    xunshi()
        .arg("render")
        .arg(&gbk)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("UTF-8"));
    // A file that does not exist is a usage error (exit 2), as in every command.
    xunshi()
        .args(["render", "没有这个文件.typ"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "找不到文件或目录 没有这个文件.typ",
        ));
}

#[test]
fn usage_errors_exit_2() {
    xunshi()
        .args(["render", "x.typ", "--format", "docx"])
        .assert()
        .code(2);
    xunshi()
        .args(["render", "x.typ", "--date", "2022-13-40"])
        .assert()
        .code(2);
}

#[test]
fn fonts_lists_every_role_with_its_font_and_origin() {
    xunshi().arg("fonts").assert().success().stdout(
        predicate::str::contains("正文（仿宋）")
            .and(predicate::str::contains("标题（小标宋）"))
            .and(predicate::str::contains("页码（宋体）"))
            .and(predicate::str::contains("Noto Serif CJK SC"))
            .and(predicate::str::contains("提示：未找到"))
            .and(predicate::str::contains(
                "Word 文档（DOCX）按用途要求的字体",
            ))
            .and(predicate::str::contains("正文（仿宋）：仿宋_GB2312"))
            .and(predicate::str::contains("标题（小标宋）：方正小标宋简体")),
    );
    // A font folder that does not exist is a usage error, like a misspelt option.
    xunshi()
        .args(["fonts", "--font-path", "/没有/这个/目录"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("字体目录不存在"));
}

#[test]
fn the_font_notice_is_one_line_per_run_and_none_when_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let input = body(dir.path(), "正文。");
    let o = xunshi()
        .args(["render", "--date", "2022-10-14"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    let notices: Vec<&str> = stderr.lines().filter(|l| l.contains("规范字体")).collect();
    assert_eq!(notices.len(), 1, "one font line per run: {stderr}");
    assert!(notices[0].contains("正文（仿宋）") && notices[0].contains("xunshi fonts"));
    let o = xunshi()
        .args(["render", "--quiet", "--date", "2022-10-14"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("规范字体"), "{stderr}");
}
