//! `xunshi templates eject | diff | list`: ejecting every file a maintainer may change without
//! overwriting any, and comparing an office's copies with the built-ins (exit status as
//! `diff`'s).

mod common;

use common::xunshi;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under the repository's `templates/`, by its name in a template set.
fn builtin_names() -> Vec<String> {
    let root = repo().join("templates");
    let mut names: Vec<String> = walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    names.sort();
    names
}

/// Runs xunshi: exit code, standard output, standard error.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = xunshi().args(args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn eject(names: &[&str], out: &Path) -> (Option<i32>, String, String) {
    let mut args = vec!["templates", "eject"];
    args.extend_from_slice(names);
    args.extend_from_slice(&["-o", s(out)]);
    run(&args)
}

fn same_as_builtin(out: &Path, name: &str) -> bool {
    std::fs::read(out.join(name)).unwrap()
        == std::fs::read(repo().join("templates").join(name)).unwrap()
}

#[test]
fn a_kind_brings_every_partial_its_template_includes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let (code, stdout, stderr) = eject(&["final-report"], &out);
    assert_eq!(code, Some(0), "{stderr}");
    for name in [
        "kinds/final-report.kind.yaml",
        "kinds/final-report.typ",
        "partials/head.typ",
        "partials/signature.typ",
        "partials/ledger-table.typ",
    ] {
        assert!(same_as_builtin(&out, name), "{name}");
        assert!(
            stdout.contains(&format!("已写出 {}", out.join(name).display())),
            "{stdout}"
        );
    }
    assert!(!out.join("gongwen.typ").exists());
    assert!(
        stdout.contains(&format!("--templates {}", out.display())),
        "{stdout}"
    );
}

#[test]
fn the_layout_library_and_the_round_summary_can_be_ejected() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let (code, stdout, stderr) = eject(&["gongwen", "round-summary"], &out);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    for name in [
        "gongwen.typ",
        "summary/round-summary.typ",
        "partials/head.typ",
        "partials/signature.typ",
    ] {
        assert!(same_as_builtin(&out, name), "{name}");
    }
    assert!(!out.join("kinds").exists());
}

#[test]
fn all_writes_every_built_in_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let (code, stdout, stderr) = eject(&["--all"], &out);
    assert_eq!(code, Some(0), "{stderr}");
    let names = builtin_names();
    assert!(names.len() > 20, "{names:?}");
    for name in &names {
        assert!(same_as_builtin(&out, name), "{name}");
    }
    assert!(
        stdout.contains(&format!("共写出 {} 个文件，0 个已存在未覆盖", names.len())),
        "{stdout}"
    );

    // An office's edit survives a second eject, which says so for every file.
    let edited = out.join("kinds/review-opinion.typ");
    std::fs::write(&edited, "本单位的版本\n").unwrap();
    let (code, stdout, _) = eject(&["--all"], &out);
    assert_eq!(code, Some(0));
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "本单位的版本\n");
    assert!(
        stdout.contains(&format!("共写出 0 个文件，{} 个已存在未覆盖", names.len())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("已存在，未覆盖：{}（与内置不同", edited.display())),
        "{stdout}"
    );
    let head = out.join("partials/head.typ");
    assert!(
        stdout.contains(&format!("已存在，未覆盖：{}（与内置相同）", head.display())),
        "{stdout}"
    );
}

#[test]
fn an_unknown_name_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = eject(&["no-such-kind"], &dir.path().join("t"));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("没有名为 “no-such-kind” 的内置模板"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rectification-plan") && stderr.contains("gongwen"),
        "{stderr}"
    );
    assert!(!dir.path().join("t").exists());
}

#[test]
fn diff_tells_same_changed_and_office_only_files_apart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    eject(&["progress-report"], &out);

    let (code, stdout, stderr) = run(&["templates", "diff", s(&out)]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("与内置相同  kinds/progress-report.typ"),
        "{stdout}"
    );
    assert!(stdout.contains("已修改 0 个，内置中没有 0 个"), "{stdout}");

    let template = out.join("kinds/progress-report.typ");
    let text = std::fs::read_to_string(&template).unwrap();
    let first = text
        .lines()
        .find(|l| l.contains("特此报告"))
        .unwrap()
        .to_owned();
    std::fs::write(
        &template,
        text.replacen(&first, "#closing[特此报告，请审阅。]", 1),
    )
    .unwrap();
    std::fs::write(out.join("kinds/handling-letter.typ"), "新文种\n").unwrap();

    let (code, stdout, _) = run(&["templates", "diff", s(&out)]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("已修改      kinds/progress-report.typ"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--- 内置 templates/kinds/progress-report.typ"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("+++ {}", template.display())),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("\n-{first}\n")), "{stdout}");
    assert!(
        stdout.contains("\n+#closing[特此报告，请审阅。]\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\n@@ -"), "{stdout}");
    assert!(
        stdout.contains("内置中没有  kinds/handling-letter.typ"),
        "{stdout}"
    );
    assert!(stdout.contains("与内置相同  partials/head.typ"), "{stdout}");
    // Not a terminal: no colour.
    assert!(!stdout.contains('\x1b'), "{stdout}");
    assert!(!stdout.contains("未复制      "), "{stdout}");
    assert!(stdout.contains("未复制（--all 列出）"), "{stdout}");

    // --brief: no diff; --all: the built-ins not copied too.
    let (code, stdout, _) = run(&["templates", "diff", "--brief", "--all", s(&out)]);
    assert_eq!(code, Some(1));
    assert!(!stdout.contains("@@"), "{stdout}");
    assert!(
        stdout.contains("未复制      gongwen.typ（使用内置版本）"),
        "{stdout}"
    );
    let (_, coloured, _) = run(&["templates", "diff", "--color", "always", s(&out)]);
    assert!(coloured.contains("\x1b[32m+#closing"), "{coloured}");
}

#[test]
fn diff_finds_the_folder_beside_a_case_and_refuses_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    std::fs::write(&case, "").unwrap();
    let (code, _, stderr) = run(&["templates", "diff", s(&case)]);
    assert_eq!(code, Some(2), "{stderr}");
    let (code, _, stderr) = run(&["templates", "diff", s(&dir.path().join("nowhere"))]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("找不到模板目录"), "{stderr}");

    let beside: PathBuf = dir.path().join("templates");
    eject(&["gongwen"], &beside);
    let (code, stdout, _) = run(&["templates", "diff", s(&case)]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("与内置相同  gongwen.typ"), "{stdout}");
    // A folder holding templates/ (the cases' folder) compares that.
    let (code, stdout, _) = run(&["templates", "diff", s(dir.path())]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("与内置相同  gongwen.typ"), "{stdout}");
}

#[test]
fn list_says_which_file_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    eject(&["review-opinion"], &out);
    std::fs::write(out.join("kinds/review-opinion.typ"), "改过\n").unwrap();
    let (code, stdout, stderr) = run(&["templates", "list", s(&out)]);
    assert_eq!(code, Some(0), "{stderr}");
    let line = |name: &str| {
        stdout
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name}: {stdout}"))
            .to_owned()
    };
    assert!(
        line("kinds/review-opinion.typ ").contains("本单位副本"),
        "{stdout}"
    );
    assert!(
        !line("kinds/review-opinion.typ ").contains("与内置相同"),
        "{stdout}"
    );
    assert!(
        line("partials/head.typ").contains("本单位副本（与内置相同）"),
        "{stdout}"
    );
    assert!(line("gongwen.typ").contains("内置"), "{stdout}");
    assert!(!line("gongwen.typ").contains("本单位"), "{stdout}");
}
