//! Benchmark of the typesetting engine (`cargo bench --bench typeset`; not a timed test).
//!
//! Measures in one run: the first document in this fresh process (font discovery, first
//! compile, PDF), then compile + PDF of 500 distinct 3-page documents in one process with the
//! peak resident memory, against `typst compile` run once per document on the same sources
//! (skipped with a message when `typst` is not on PATH), and a DOCX against a PDF of the same
//! documents, each through the export seam, reported as a ratio, and an OFD against a PDF
//! written from the same laid-out pages (time and size), and a DOCX against a PDF of every
//! document the shipped samples make. Options: `--docs N`,
//! `--baseline N`, `--docx N`, `--ofd N`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use xunshi::compose::Composer;
use xunshi::compose::templates::TemplateSet;
use xunshi::typeset::body::{self, Form};
use xunshi::typeset::export::{self, PdfSettings};
use xunshi::typeset::{Engine, FontOptions, FontSet, GONGWEN_TYP};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let option = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let docs = option("--docs", 500);
    let baseline_docs = option("--baseline", 20);
    let docx_docs = option("--docx", 100);
    let ofd_docs = option("--ofd", 100);
    let date = jiff::civil::date(2022, 7, 15);
    let options = FontOptions::bundled_only();

    // 1. The first document in a fresh process.
    let start = Instant::now();
    let engine = Engine::new(&options);
    let fonts_ready = start.elapsed();
    let first = body::job(&document_body(0), "bench.typ", Form::Document, date);
    let compiled = engine.compile(&first).expect("first document compiles");
    let pages = compiled.document.pages().len();
    export::pdf(&compiled, &PdfSettings::default()).expect("first PDF");
    let first_total = start.elapsed();
    println!(
        "首份文档（新进程）first document in a fresh process: {:.1} ms (fonts {:.1} ms), {pages} pages",
        ms(first_total),
        ms(fonts_ready)
    );
    assert_eq!(pages, 3, "the benchmark document must be 3 pages");

    // 2. Many distinct documents in one process.
    let mut compile_time = Duration::ZERO;
    let mut pdf_time = Duration::ZERO;
    let mut rss_marks = Vec::new();
    for i in 1..=docs {
        let job = body::job(&document_body(i), "bench.typ", Form::Document, date);
        let t = Instant::now();
        let compiled = engine.compile(&job).expect("document compiles");
        compile_time += t.elapsed();
        let t = Instant::now();
        let pdf = export::pdf(&compiled, &PdfSettings::default()).expect("PDF");
        pdf_time += t.elapsed();
        assert!(pdf.len() > 1000);
        if i % 100 == 0 {
            rss_marks.push((i, memory("VmRSS:")));
        }
    }
    let per_doc = (compile_time + pdf_time) / docs as u32;
    println!(
        "进程内 in-process, {docs} distinct 3-page documents: {:.2} ms/doc (compile {:.2} + PDF {:.2}); target ≤ 15 ms",
        ms(per_doc),
        ms(compile_time / docs as u32),
        ms(pdf_time / docs as u32)
    );
    let marks: Vec<String> = rss_marks
        .iter()
        .map(|(i, kb)| format!("{i}: {} MB", kb / 1024))
        .collect();
    println!("RSS after n documents: {}", marks.join(", "));
    println!(
        "峰值内存 peak RSS (VmHWM): {} MB; target ≤ 250 MB",
        memory("VmHWM:") / 1024
    );

    // 3. `typst compile`, one process per document, same sources.
    match baseline(baseline_docs, date) {
        Ok(per_process) => println!(
            "typst compile, one process per document ({baseline_docs} documents): {:.1} ms/doc → in-process is {:.1}× faster (target ≥ 10×); first document in a fresh process is {:.1}× faster",
            ms(per_process),
            per_process.as_secs_f64() / per_doc.as_secs_f64(),
            per_process.as_secs_f64() / first_total.as_secs_f64()
        ),
        Err(why) => println!("基线跳过 baseline skipped: {why}"),
    }

    // 4. DOCX against PDF: the same documents through the export seam (the PDF lays the pages
    // out; the DOCX evaluates the source for Typst's HTML target and writes the package).
    let explain =
        |d: xunshi::typeset::Diagnostics| xunshi::produce::ProduceError::Typeset(d.to_string());
    let mut per_format = Vec::new();
    for format in [
        xunshi::export::Format::Pdf(PdfSettings::default()),
        xunshi::export::Format::Docx,
    ] {
        let t = Instant::now();
        for i in 1..=docx_docs {
            let job = body::job(
                &document_body(10_000 + i),
                "bench.typ",
                Form::Document,
                date,
            );
            let made = xunshi::produce::export(&engine, &job, &format, &explain)
                .unwrap_or_else(|e| panic!("{}: {e}", format.extension()));
            assert!(made.files[0].len() > 1000);
        }
        per_format.push(t.elapsed() / docx_docs.max(1) as u32);
    }
    println!(
        "DOCX 与 PDF（同一运行、同一批 {docx_docs} 份文档）DOCX against PDF per document: PDF {:.2} ms, DOCX {:.2} ms → DOCX costs {:.2}× a PDF (target ≤ 0.2×)",
        ms(per_format[0]),
        ms(per_format[1]),
        per_format[1].as_secs_f64() / per_format[0].as_secs_f64()
    );

    // 4b. The same, for every document the shipped samples make (every kind: tables, forms,
    // letters, attachments in landscape), each made as PDF and as DOCX in turn.
    let composer = Composer::new(TemplateSet::builtin()).expect("built-in templates");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<_> = std::fs::read_dir(&samples)
        .expect("samples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let (mut kinds_pdf, mut kinds_docx, mut made) = (Duration::ZERO, Duration::ZERO, 0u32);
    for file in &files {
        let loaded = xunshi::case::load_case(file).expect("sample loads");
        for sel in composer.all_selections(&loaded.case) {
            for (format, total) in [
                (
                    xunshi::export::Format::Pdf(PdfSettings::default()),
                    &mut kinds_pdf,
                ),
                (xunshi::export::Format::Docx, &mut kinds_docx),
            ] {
                let t = Instant::now();
                xunshi::produce::produce(&engine, &composer, &loaded.case, &sel, &format)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                *total += t.elapsed();
            }
            made += 1;
        }
    }
    println!(
        "DOCX 与 PDF，样例的全部 {made} 份文档（各文种）DOCX against PDF over every sample document: PDF {:.2} ms, DOCX {:.2} ms → DOCX costs {:.2}× a PDF (target ≤ 0.2×)",
        ms(kinds_pdf / made.max(1)),
        ms(kinds_docx / made.max(1)),
        kinds_docx.as_secs_f64() / kinds_pdf.as_secs_f64()
    );

    // 5. OFD against PDF: each document laid out once, then written as PDF and as OFD from
    // the same pages (the writing is what differs; the layout is the same for both).
    let (mut pdf_time, mut ofd_time) = (Duration::ZERO, Duration::ZERO);
    let (mut pdf_bytes, mut ofd_bytes) = (0usize, 0usize);
    for i in 1..=ofd_docs {
        let source = document_body(20_000 + i);
        let job = body::job(&source, "bench.typ", Form::Document, date);
        let compiled = engine.compile(&job).expect("document compiles");
        let doc = xunshi::export::Document {
            source: &source,
            pages: Some(&compiled),
            semantic: None,
        };
        let t = Instant::now();
        let pdf = xunshi::export::Format::Pdf(PdfSettings::default())
            .backend()
            .export(&doc)
            .expect("PDF");
        pdf_time += t.elapsed();
        let t = Instant::now();
        let ofd = xunshi::export::Format::Ofd
            .backend()
            .export(&doc)
            .expect("OFD");
        ofd_time += t.elapsed();
        pdf_bytes += pdf[0].len();
        ofd_bytes += ofd[0].len();
    }
    let n = ofd_docs.max(1) as u32;
    println!(
        "OFD 与 PDF（同一运行、同一批 {ofd_docs} 份文档，同一排版结果）OFD against PDF per document: PDF {:.2} ms, OFD {:.2} ms → OFD takes {:.2}× a PDF's time (target ≤ 1×); OFD {:.0} KB, PDF {:.0} KB → {:.2}× the size (target ≤ 1.5×)",
        ms(pdf_time / n),
        ms(ofd_time / n),
        ofd_time.as_secs_f64() / pdf_time.as_secs_f64(),
        ofd_bytes as f64 / f64::from(n) / 1024.0,
        pdf_bytes as f64 / f64::from(n) / 1024.0,
        ofd_bytes as f64 / pdf_bytes.max(1) as f64
    );
}

/// A distinct 3-page body: headings of each level and paragraphs that differ per document.
fn document_body(i: usize) -> String {
    let mut text = String::new();
    for section in 1..=4 {
        text.push_str(&format!("= 第{section}方面存在的问题（第{i}号）\n\n"));
        for sub in 1..=2 {
            text.push_str(&format!("== 整改措施{sub}\n\n"));
            text.push_str(&format!(
                "针对巡视反馈指出的第{i}项问题，区委坚持问题导向，制定整改措施{section}.{sub}，明确责任领导、责任单位和完成时限，建立整改台账，实行销号管理，做到件件有着落、事事有回音。截至{}月{}日，已完成整改{}项，其余事项正在按计划推进。\n\n",
                1 + i % 12,
                1 + i % 28,
                i % 17
            ));
        }
    }
    text
}

/// Runs `typst compile` once per document on the same sources; mean time per document.
fn baseline(docs: usize, date: jiff::civil::Date) -> Result<Duration, String> {
    if docs == 0 {
        return Err("--baseline 0".into());
    }
    if Command::new("typst").arg("--version").output().is_err() {
        return Err(
            "`typst` is not on PATH (cargo install typst-cli --version 0.15.1 --locked)".into(),
        );
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let fonts_dir = dir.path().join("fonts");
    xunshi::typeset::fonts::write_bundled(&fonts_dir).map_err(|e| e.to_string())?;
    let fonts = FontSet::discover(&FontOptions::bundled_only());
    std::fs::write(dir.path().join("gongwen.typ"), GONGWEN_TYP).map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join("fonts.typ"), fonts.typst_module())
        .map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join("main.typ"), body::wrapper(Form::Document))
        .map_err(|e| e.to_string())?;
    let timestamp = date.duration_since(jiff::civil::date(1970, 1, 1)).as_secs();
    let mut total = Duration::ZERO;
    for i in 1..=docs {
        std::fs::write(dir.path().join("body.typ"), document_body(i)).map_err(|e| e.to_string())?;
        let t = Instant::now();
        let status = run_typst(dir.path(), &fonts_dir, timestamp)?;
        total += t.elapsed();
        if !status {
            return Err("typst compile failed on the benchmark document".into());
        }
    }
    Ok(total / docs as u32)
}

fn run_typst(root: &Path, fonts: &Path, timestamp: i64) -> Result<bool, String> {
    let out = Command::new("typst")
        .arg("compile")
        .arg("--root")
        .arg(root)
        .arg("--font-path")
        .arg(fonts)
        .arg("--ignore-system-fonts")
        .arg("--creation-timestamp")
        .arg(timestamp.to_string())
        .arg(root.join("main.typ"))
        .arg(root.join("out.pdf"))
        .output()
        .map_err(|e| e.to_string())?;
    Ok(out.status.success())
}

/// A field of /proc/self/status in kB (0 where there is no /proc).
fn memory(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
