//! A Typst error in what an office's template produced is reported at the template's own
//! file and line (kind template, partial, round summary, the office's `gongwen.typ`), with
//! the case value that led there, not at a line of the generated source.

mod common;

use common::xunshi;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> PathBuf {
    repo().join("samples").join(name)
}

/// An office folder under `dir` holding copies of the built-in `files`.
fn office(dir: &Path, files: &[&str]) -> PathBuf {
    let folder = dir.join("office");
    for name in files {
        let target = folder.join(name);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(repo().join("templates").join(name), target).unwrap();
    }
    folder
}

/// Replaces the first `from` in the file with `to`; returns the 1-based line `to` starts on.
fn edit(path: &Path, from: &str, to: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} in {}", path.display()));
    let edited = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
    std::fs::write(path, edited).unwrap();
    text[..at].matches('\n').count() + 1
}

/// 1-based line of the first line of `text` containing `needle` after the line containing
/// `after`.
fn line_after(text: &str, after: &str, needle: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.contains(after)).unwrap();
    start
        + lines[start..]
            .iter()
            .position(|l| l.contains(needle))
            .unwrap()
        + 1
}

/// Runs xunshi, returning its exit code and standard error.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let output = xunshi().args(args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

const PLAN: &str = "kinds/rectification-plan.typ";
const PLAN_FILES: [&str; 2] = [PLAN, "kinds/rectification-plan.kind.yaml"];

/// `xunshi render CASE --doc rectification-plan --templates OFFICE -o DIR/x.pdf`.
fn render_plan(case: &Path, office: &Path, dir: &Path) -> (Option<i32>, String) {
    run(&[
        "render",
        s(case),
        "--doc",
        "rectification-plan",
        "--templates",
        s(office),
        "-o",
        s(&dir.join("x.pdf")),
    ])
}

#[test]
fn an_unknown_function_is_reported_at_the_template_line() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), &PLAN_FILES);
    let template = office.join(PLAN);
    let line = edit(&template, "= 总体要求\n", "= 总体要求\n\n#重点[必须落实]\n") + 2;

    let (code, err) = render_plan(&sample("01-midway-qingshan.yaml"), &office, dir.path());
    assert_eq!(code, Some(1), "{err}");
    let at = format!(
        "{}:{line}:2: 模板错误：未定义的名称 重点（unknown variable）",
        template.display()
    );
    assert!(err.contains(&at), "expected {at}\n{err}");
    assert!(err.contains(&format!("{line} | #重点[必须落实]")), "{err}");
    // The generated source's line stays as a hint, and no longer leads.
    assert!(err.contains("在生成的 Typst 源文件（整改方案"), "{err}");
    assert!(!err.contains("排版错误"), "{err}");
}

#[test]
fn a_batch_reports_an_error_in_a_partial_at_the_partial() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), &["partials/signature.typ"]);
    let partial = office.join("partials/signature.typ");
    let line = edit(&partial, "#signature(", "#signatur(");

    let (code, err) = run(&[
        "build",
        s(&sample("02-after-period-department.yaml")),
        "--docs",
        "review-opinion",
        "--templates",
        s(&office),
        "-o",
        s(&dir.path().join("out")),
    ]);
    assert_eq!(code, Some(1), "{err}");
    let at = format!(
        "{}:{line}:2: 模板错误：未定义的名称 signatur（unknown variable）",
        partial.display()
    );
    assert!(err.contains(&at), "expected {at}\n{err}");
}

#[test]
fn a_case_value_that_breaks_the_typst_names_its_field_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), &PLAN_FILES);
    let template = office.join(PLAN);
    // An office template that prints a value in a code position: the leader's name is read
    // as a Typst variable.
    let line = edit(
        &template,
        "责任领导：{{ m.leader }}",
        "责任领导：#strong({{ m.leader }})",
    );
    let case = sample("01-midway-qingshan.yaml");
    let loaded = common::load(&case);
    let field = "findings[0].measures[0].leader";
    let (case_line, case_column) = loaded.position(field).unwrap();
    let leader = &loaded.case.findings[0].measures[0].leader;

    let (code, err) = render_plan(&case, &office, dir.path());
    assert_eq!(code, Some(1), "{err}");
    let at = format!(
        "{}:{line}:14: 模板错误：未定义的名称 {leader}（unknown variable）",
        template.display()
    );
    assert!(err.contains(&at), "expected {at}\n{err}");
    let from = format!(
        "该处文字来自案卷 {}:{case_line}:{case_column} 的 {field}：“{leader}”，由 {{{{ m.leader }}}} 输出",
        case.display()
    );
    assert!(err.contains(&from), "expected {from}\n{err}");
}

#[test]
fn a_bad_call_into_the_built_in_layout_is_reported_at_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), &PLAN_FILES);
    let template = office.join(PLAN);
    let line = edit(
        &template,
        "= 总体要求\n",
        "= 总体要求\n\n#form-table(columns: \"x\")\n",
    ) + 2;
    let layout = std::fs::read_to_string(repo().join("templates/gongwen.typ")).unwrap();
    let inner = line_after(&layout, "#let form-table(", "columns: columns");

    let (code, err) = render_plan(&sample("01-midway-qingshan.yaml"), &office, dir.path());
    assert_eq!(code, Some(1), "{err}");
    let at = format!("{}:{line}:2: 模板错误：类型不符", template.display());
    assert!(err.contains(&at), "expected {at}\n{err}");
    assert!(
        err.contains(&format!(
            "出错位置在内置版式库 templates/gongwen.typ:{inner}:"
        )),
        "{err}"
    );
}

#[test]
fn an_error_in_the_offices_own_layout_is_reported_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), &[PLAN_FILES[0], PLAN_FILES[1], "gongwen.typ"]);
    let template = office.join(PLAN);
    let line = edit(
        &template,
        "= 总体要求\n",
        "= 总体要求\n\n#form-table(columns: \"x\")\n",
    ) + 2;
    let layout = std::fs::read_to_string(office.join("gongwen.typ")).unwrap();
    let inner = line_after(&layout, "#let form-table(", "columns: columns");

    let (code, err) = render_plan(&sample("01-midway-qingshan.yaml"), &office, dir.path());
    assert_eq!(code, Some(1), "{err}");
    let at = format!(
        "{}:{inner}:14: 模板错误：类型不符",
        office.join("gongwen.typ").display()
    );
    assert!(err.contains(&at), "expected {at}\n{err}");
    let call = format!("调用处：{}:{line}:2：#form-table", template.display());
    assert!(err.contains(&call), "expected {call}\n{err}");
}

#[test]
fn an_error_in_the_round_summary_is_reported_at_its_template() {
    let dir = tempfile::tempdir().unwrap();
    let office = office(dir.path(), &["summary/round-summary.typ"]);
    let template = office.join("summary/round-summary.typ");
    let line = edit(&template, "= 总体情况\n", "= 总体情况\n\n#表格()\n") + 2;

    let (code, err) = run(&[
        "summary",
        s(&repo().join("samples")),
        "--round",
        "十二届自治区党委第三轮巡视",
        "--templates",
        s(&office),
        "-o",
        s(&dir.path().join("s.pdf")),
    ]);
    assert_eq!(code, Some(1), "{err}");
    let at = format!(
        "{}:{line}:2: 模板错误：未定义的名称 表格（unknown variable）",
        template.display()
    );
    assert!(err.contains(&at), "expected {at}\n{err}");
}

/// Every document the samples make with the built-in templates has an exact source map, and
/// each line's first text is found at a template line that reads the same.
#[test]
fn every_sample_document_maps_back_to_its_templates() {
    use xunshi::compose::Composer;
    use xunshi::compose::templates::TemplateSet;
    let composer = Composer::new(TemplateSet::builtin()).unwrap();
    let mut documents = 0;
    for file in common::sample_files() {
        let loaded = common::load(&file);
        for (sel, stem) in composer.documents(&loaded.case) {
            let Ok(composed) = composer.compose(&loaded.case, &sel) else {
                continue; // refused for missing data: nothing is typeset
            };
            let map = composer
                .source_map(&loaded.case, &sel, &composed.source)
                .unwrap_or_else(|| panic!("{} {stem}: no exact map", file.display()));
            let mut offset = 0;
            for line in composed.source.split_inclusive('\n') {
                let text = line.trim_end();
                if let Some(first) = text.find(|c: char| !c.is_whitespace()) {
                    let place = map.locate(offset + first).unwrap();
                    if place.expression.is_none() {
                        let template = composer.templates().text(&place.template).unwrap();
                        let template_line = template.split('\n').nth(place.line - 1).unwrap();
                        let column: String = template_line
                            .chars()
                            .skip(place.column - 1)
                            .take_while(|&c| c != '{')
                            .take(2)
                            .collect();
                        assert!(
                            text[first..].starts_with(&column),
                            "{stem}: {text:?} at {}:{}:{} ({template_line:?})",
                            place.template,
                            place.line,
                            place.column
                        );
                    }
                }
                offset += line.len();
            }
            documents += 1;
        }
    }
    assert!(documents > 50, "{documents}");
}
