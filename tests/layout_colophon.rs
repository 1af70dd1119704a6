//! The colophon (版记) lands on an even, portrait page, even when the document ends with a
//! landscape attachment; a blank page inserted before it carries no page number.

use std::process::Command;

fn render(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("doc.typ");
    std::fs::write(&src, body).unwrap();
    let pdf = dir.path().join("doc.pdf");
    let status = Command::new(assert_cmd::cargo::cargo_bin("xunshi"))
        .args([
            "render",
            src.to_str().unwrap(),
            "--date",
            "2022-01-01",
            "-o",
            pdf.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    (dir, pdf)
}

fn page_text(pdf: &std::path::Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args([
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            pdf.to_str().unwrap(),
            "-",
        ])
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_sizes(pdf: &std::path::Path) -> Vec<(f64, f64)> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "99", pdf.to_str().unwrap()])
        .output()
        .expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let nums: Vec<f64> = l
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (nums[1], nums[2])
        })
        .collect()
}

const HEAD: &str = "#import \"/gongwen.typ\": *\n#show: gongwen.with(form: \"document\", authorities: (\"测试机关\",), number: \"测〔2022〕1号\", title: \"测试\", colophon: (copies-to: (\"甲单位\",), printed-by: \"乙办公室\", printed-on: \"2022年1月1日\"))\n正文。\n";

#[test]
fn after_a_landscape_attachment_on_an_even_page_a_blank_page_precedes_the_colophon() {
    let (_d, pdf) = render(&format!(
        "{HEAD}#attachment(1, \"表\", landscape: true)[表格]\n"
    ));
    let sizes = page_sizes(&pdf);
    assert_eq!(sizes.len(), 4, "{sizes:?}");
    assert!(sizes[1].0 > sizes[1].1, "page 2 is landscape");
    assert!(sizes[3].0 < sizes[3].1, "the colophon page is portrait");
    assert!(page_text(&pdf, 4).contains("抄送"));
    assert!(
        page_text(&pdf, 3).trim().is_empty(),
        "blank page 3 has no number"
    );
    assert!(
        !page_text(&pdf, 4).contains("— 4 —"),
        "the colophon page has no number"
    );
}

#[test]
fn a_colophon_that_fits_shares_the_last_even_page() {
    let (_d, pdf) = render(&format!("{HEAD}#pagebreak()\n第二页。\n"));
    assert_eq!(page_sizes(&pdf).len(), 2);
    let last = page_text(&pdf, 2);
    assert!(last.contains("第二页") && last.contains("抄送"), "{last}");
}

#[test]
fn a_colophon_after_an_odd_last_page_gets_its_own_even_page() {
    let (_d, pdf) = render(HEAD);
    assert_eq!(page_sizes(&pdf).len(), 2);
    assert!(page_text(&pdf, 2).contains("抄送"));
    assert!(!page_text(&pdf, 1).contains("抄送"));
}
