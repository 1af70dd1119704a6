//! Conformance of the document form (文件格式) to GB/T 9704-2012, measured on the laid-out
//! frames: margins, the 22 × 28 grid, line pitch, sizes, the red line, page numbers and the
//! colophon. Fonts are the bundled ones only, so the numbers do not depend on the machine.

use std::sync::OnceLock;

use xunshi::typeset::measure::{self, PageContent};
use xunshi::typeset::{Engine, FontOptions, Job};

const TOP: f64 = 37.0;
const LEFT: f64 = 28.0;
const TYPE_WIDTH: f64 = 156.0;
const TYPE_HEIGHT: f64 = 225.0;
const PT: f64 = 25.4 / 72.0;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&FontOptions::bundled_only()))
}

/// Text without punctuation, so that no punctuation squeezing changes the count per line.
fn filler(chars: usize) -> String {
    "巡视整改工作扎实推进各项措施落实到位"
        .chars()
        .cycle()
        .take(chars)
        .collect()
}

fn layout(main: &str) -> Vec<PageContent> {
    let job = Job::new(main, jiff::civil::date(2022, 10, 14));
    let compiled = engine().compile(&job).unwrap_or_else(|d| panic!("{d}"));
    measure::pages(&compiled.document)
}

/// A report with every element of the head, five paragraphs of ten lines, a sealed
/// signature and a colophon.
fn report(colophon: bool) -> String {
    report_with(colophon, 5)
}

fn report_with(colophon: bool, paragraphs: usize) -> String {
    let mut main = String::from(
        r#"#import "/gongwen.typ": *
#show: gongwen.with(
  copy-number: "000001", classification: "秘密★1年", urgency: "特急",
  authorities: ("中共××市××区委员会",),
  number: (code: "××委", year: 2022, serial: 12),
  title: "关于巡视集中整改进展情况的报告",
  recipients: "中共××市纪律检查委员会",
"#,
    );
    if colophon {
        main.push_str(
            r#"  colophon: (copies-to: ("市委巡视办", "市委组织部"), printed-by: "中共××区委办公室",
    printed-on: datetime(year: 2022, month: 10, day: 15)),
"#,
        );
    }
    main.push_str(")\n\n= 提高政治站位\n\n");
    for _ in 0..paragraphs {
        main.push_str(&filler(28 * 10 - 2));
        main.push_str("\n\n");
    }
    main.push_str("#signature(\"中共××市××区委员会\", datetime(year: 2022, month: 10, day: 14))\n");
    main
}

fn pages() -> &'static [PageContent] {
    static PAGES: OnceLock<Vec<PageContent>> = OnceLock::new();
    PAGES.get_or_init(|| layout(&report(true)))
}

fn near(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: measured {actual:.2}, expected {expected:.2} ± {tolerance}"
    );
}

#[test]
fn paper_is_a4() {
    for page in pages() {
        near(page.width, 210.0, 0.01, "paper width");
        near(page.height, 297.0, 0.01, "paper height");
    }
}

#[test]
fn a_full_page_has_22_lines_on_the_standard_pitch_inside_the_margins() {
    let page = &pages()[1];
    let lines = page.baselines(16.0);
    assert_eq!(lines.len(), 22, "body lines on a full page: {lines:?}");
    let pitch = TYPE_HEIGHT / 22.0;
    for pair in lines.windows(2) {
        near(pair[1] - pair[0], pitch, 0.05, "line pitch (mm)");
    }
    // The line box is the em box: 0.88 em above the baseline, 0.12 em below.
    near(lines[0] - 0.88 * 16.0 * PT, TOP, 1.0, "top margin (mm)");
    // The 22nd line with the leading under it ends on the type area's bottom edge.
    let leading = TYPE_HEIGHT / 22.0 - 16.0 * PT;
    near(
        lines[21] + 0.12 * 16.0 * PT + leading,
        TOP + TYPE_HEIGHT,
        0.5,
        "bottom of the type area (mm)",
    );
    let left = page
        .texts
        .iter()
        .filter(|t| t.size == 16.0)
        .map(|t| t.x)
        .fold(f64::MAX, f64::min);
    near(left, LEFT, 1.0, "left margin (mm)");
}

#[test]
fn a_full_line_has_28_characters_filling_the_type_width() {
    let page = &pages()[1];
    let lines = page.baselines(16.0);
    // A line inside a paragraph: neither indented nor a paragraph's short last line.
    let full = lines
        .iter()
        .map(|&y| page.line(y))
        .find(|runs| {
            (runs[0].x - LEFT).abs() < 0.5 && runs.iter().map(|r| r.glyphs).sum::<usize>() >= 27
        })
        .expect("a full line on page 2");
    assert_fills_the_line(&full, 28, "a full line");
}

/// Asserts that a line's runs hold `chars` characters and end at the type area's right edge.
fn assert_fills_the_line(runs: &[&measure::PlacedText], chars: usize, what: &str) {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(text.chars().count(), chars, "{what}: characters in {text}");
    let last = runs.last().unwrap();
    near(
        last.x + last.width,
        LEFT + TYPE_WIDTH,
        0.5,
        &format!("{what}: right end (mm)"),
    );
}

#[test]
fn sizes_and_fonts_of_title_body_and_headings() {
    let first = &pages()[0];
    let title: Vec<_> = first
        .texts
        .iter()
        .filter(|t| t.text.contains("整改进展"))
        .collect();
    assert!(!title.is_empty(), "title present");
    for t in &title {
        assert_eq!(t.size, 22.0, "title size (2号)");
        assert_eq!(
            t.family, "FandolSong",
            "title in the Song substitute for 小标宋"
        );
    }
    let body = first
        .texts
        .iter()
        .find(|t| t.text.contains("巡视整改"))
        .expect("body text");
    assert_eq!(body.size, 16.0, "body size (3号)");
    assert!(
        body.family.starts_with("FandolFang"),
        "body in the Fang face: {}",
        body.family
    );
    let heading = first
        .texts
        .iter()
        .find(|t| t.text.contains("提高政治"))
        .expect("heading");
    assert_eq!(heading.family, "FandolHei", "一级标题 in Hei");
    assert!(
        first.text().contains("一、提高政治站位"),
        "automatic 一、 numbering"
    );
}

#[test]
fn authority_mark_is_red_and_its_top_edge_35mm_below_the_type_area() {
    let first = &pages()[0];
    let mark = first
        .texts
        .iter()
        .find(|t| t.text.contains("文件"))
        .expect("mark");
    assert_eq!(mark.color, "#e60012", "mark in red");
    near(mark.ink.0, TOP + 35.0, 1.0, "top edge of the mark (mm)");
    let runs = first.line(mark.baseline);
    let (start, end) = (runs[0].x, runs.last().map(|r| r.x + r.width).unwrap());
    near(
        (start + end) / 2.0,
        LEFT + TYPE_WIDTH / 2.0,
        1.0,
        "mark centred",
    );
}

#[test]
fn red_line_is_type_area_wide_4mm_under_the_document_number() {
    let first = &pages()[0];
    let number = first
        .texts
        .iter()
        .find(|t| t.text.contains("〔2022〕"))
        .expect("number");
    let runs = first.line(number.baseline);
    let (start, end) = (runs[0].x, runs.last().map(|r| r.x + r.width).unwrap());
    near(
        (start + end) / 2.0,
        LEFT + TYPE_WIDTH / 2.0,
        0.5,
        "number centred",
    );
    assert!(first.text().contains("××委〔2022〕12号"));
    let red: Vec<_> = first
        .rules
        .iter()
        .filter(|r| r.color == "#e60012")
        .collect();
    assert_eq!(red.len(), 1, "one red separator");
    near(red[0].x, LEFT, 0.2, "red line starts at the left margin");
    near(
        red[0].length,
        TYPE_WIDTH,
        0.2,
        "red line as wide as the type area",
    );
    let number_bottom = number.baseline + 0.12 * 16.0 * PT;
    near(
        red[0].y - number_bottom,
        4.0,
        0.5,
        "red line 4 mm below the number",
    );
}

#[test]
fn page_numbers_alternate_sides_one_character_in_7mm_under_the_type_area() {
    let all = pages();
    let numbered: Vec<_> = all
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.texts
                .iter()
                .find(|t| t.size == 14.0 && t.text.starts_with('—'))
                .map(|t| (i + 1, t))
        })
        .collect();
    assert!(numbered.len() >= 3, "page numbers on the body pages");
    for (n, t) in numbered {
        let runs = all[n - 1].line(t.baseline);
        let label: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(label.replace(' ', ""), format!("—{n}—"), "page number text");
        assert_eq!(t.family, "FandolSong", "page numbers in Song");
        let (start, end) = (runs[0].x, runs.last().map(|r| r.x + r.width).unwrap());
        let one = 14.0 * PT;
        if n % 2 == 1 {
            near(
                end,
                LEFT + TYPE_WIDTH - one,
                0.3,
                "odd page number: right, one character in",
            );
        } else {
            near(
                start,
                LEFT + one,
                0.3,
                "even page number: left, one character in",
            );
        }
        let dash = (t.first_ink.0 + t.first_ink.1) / 2.0;
        near(
            dash,
            TOP + TYPE_HEIGHT + 7.0,
            1.0,
            "the dash 7 mm below the type area",
        );
    }
}

#[test]
fn colophon_sits_on_an_even_page_with_its_last_rule_on_the_type_area_bottom() {
    let all = pages();
    let (index, page) = all
        .iter()
        .enumerate()
        .find(|(_, p)| p.text().contains("抄送"))
        .expect("colophon");
    assert_eq!((index + 1) % 2, 0, "colophon on an even page");
    assert_eq!(index + 1, all.len(), "colophon on the last page");
    let mut rules: Vec<_> = page.rules.iter().filter(|r| r.color == "#000000").collect();
    rules.sort_by(|a, b| a.y.total_cmp(&b.y));
    assert_eq!(rules.len(), 3, "thick, thin, thick");
    for r in &rules {
        near(
            r.length,
            TYPE_WIDTH,
            0.2,
            "colophon rules as wide as the type area",
        );
    }
    near(rules[0].thickness, 0.35, 0.01, "first rule thick");
    near(rules[1].thickness, 0.25, 0.01, "inner rule thin");
    near(rules[2].thickness, 0.35, 0.01, "last rule thick");
    near(
        rules[2].y,
        TOP + TYPE_HEIGHT,
        0.5,
        "last rule on the type area's bottom edge",
    );
    let copies = page.texts.iter().find(|t| t.text.contains("抄送")).unwrap();
    assert_eq!(copies.size, 14.0, "colophon in 4号");
    near(copies.x, LEFT + 14.0 * PT, 0.3, "colophon one character in");
    assert!(page.text().contains("2022年10月15日印发"));
}

#[test]
fn a_page_carrying_only_the_colophon_and_blank_pages_are_unnumbered() {
    let numbered = |p: &PageContent| {
        p.texts
            .iter()
            .any(|t| t.size == 14.0 && t.text.starts_with('—'))
    };
    let mut colophon_alone = 0;
    for paragraphs in 1..=9 {
        let all = layout(&report_with(true, paragraphs));
        let last = all.last().unwrap();
        assert!(
            last.text().contains("抄送"),
            "{paragraphs}: colophon on the last page"
        );
        assert_eq!(all.len() % 2, 0, "{paragraphs}: colophon on an even page");
        for (i, page) in all.iter().enumerate() {
            let has_body = !page.baselines(16.0).is_empty();
            assert_eq!(
                numbered(page),
                has_body,
                "{paragraphs}: page {} numbered iff it has body text",
                i + 1
            );
        }
        colophon_alone += usize::from(last.baselines(16.0).is_empty());
    }
    assert!(
        colophon_alone > 0,
        "some layout puts the colophon on a page of its own"
    );
    // Without a colophon, no page is added.
    assert!(layout(&report(false)).len() <= pages().len());
}

#[test]
fn signature_with_seal_date_four_characters_from_the_right_name_centred_over_it() {
    let all = pages();
    let page = all
        .iter()
        .find(|p| p.text().contains("2022年10月14日"))
        .expect("date");
    let date = page
        .texts
        .iter()
        .rfind(|t| t.size == 16.0 && t.text.contains("日"))
        .unwrap();
    let runs = page.line(date.baseline);
    let (start, end) = (runs[0].x, runs.last().map(|r| r.x + r.width).unwrap());
    let one = TYPE_WIDTH / 28.0;
    near(
        LEFT + TYPE_WIDTH - end,
        4.0 * one,
        1.5,
        "date right with four characters of space",
    );
    let name_runs = page
        .texts
        .iter()
        .filter(|t| t.text.contains("区委员会") && t.baseline < date.baseline)
        .map(|t| t.baseline)
        .fold(f64::MIN, f64::max);
    let names = page.line(name_runs);
    let (ns, ne) = (names[0].x, names.last().map(|r| r.x + r.width).unwrap());
    near(
        (ns + ne) / 2.0,
        (start + end) / 2.0,
        1.5,
        "name centred over the date",
    );
}

/// However much text precedes it, the sealed signature keeps its name, its date and the closing
/// words (特此报告。) on one page: it never opens a page alone, and a name never parts from its
/// date.
#[test]
fn the_signature_never_stands_alone_at_the_top_of_a_page() {
    let mut pushed_over = 0;
    // One line more each time: some count puts the end of the text on a page's last lines.
    for lines in 40..=66 {
        let mut main = String::from(
            "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共××区委\",), title: \"关于测试的报告\")\n\n",
        );
        main.push_str(&filler(28 * lines - 2));
        main.push_str("\n\n#closing[特此报告。]\n\n#signature(\"中共××区委\", datetime(year: 2022, month: 10, day: 14))\n");
        let pages = layout(&main);
        let page = pages
            .iter()
            .position(|p| p.text().contains("2022年10月14日"))
            .expect("the date is printed");
        let text = pages[page].text();
        assert!(
            text.contains("特此报告") && text.contains("中共××区委"),
            "{lines} lines: the date's page lacks the closing or the name: {text}"
        );
        if !pages[page].text().contains(&filler(10)) {
            pushed_over += 1;
        }
        // The closing words are a body paragraph: indented two characters.
        let closing = pages[page]
            .texts
            .iter()
            .find(|t| t.text.starts_with("特此"))
            .expect("the closing words are on the date's page");
        near(
            closing.x,
            LEFT + 2.0 * TYPE_WIDTH / 28.0,
            0.6,
            "closing words indented two characters",
        );
    }
    assert!(
        pushed_over > 0,
        "no line count made the signature move to a new page: the test does not reach the case"
    );
}

/// Joint issuing (联合行文): sealed, the names two to a row under room for their seals, the last
/// name centred over the date; unsealed, the names one under another, the date under the last.
#[test]
fn joint_signatures_line_up_their_names_and_keep_one_date() {
    let main = "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"联合发文\",), title: \"关于测试的报告\")\n\n正文。\n\n#signature((\"中共××市纪委\", \"中共××市委组织部\", \"××市审计局\"), datetime(year: 2022, month: 10, day: 14))\n\n#pagebreak()\n#signature((\"中共××区委\", \"××区人民政府\"), datetime(year: 2022, month: 10, day: 14), sealed: false)\n";
    let pages = layout(main);
    let find = |page: usize, text: &str| {
        pages[page]
            .texts
            .iter()
            .find(|t| t.text.contains(text))
            .unwrap_or_else(|| panic!("{text} on page {}", page + 1))
    };
    let (first, second, third) = (find(0, "市纪委"), find(0, "组织部"), find(0, "审计局"));
    let date = find(0, "2022年10月14日");
    assert!(
        (first.baseline - second.baseline).abs() < 0.1,
        "two names to a row"
    );
    assert!(first.x + first.width < second.x, "side by side, in order");
    assert!(
        third.baseline > second.baseline + 10.0,
        "the third under room for seals"
    );
    let centre = |t: &xunshi::typeset::measure::PlacedText| t.x + t.width / 2.0;
    near(
        centre(third),
        centre(date),
        0.5,
        "the last name centred over the date",
    );
    near(
        centre(second),
        centre(date),
        0.5,
        "the row's right name over the date's centre",
    );
    assert!(
        date.baseline > third.baseline,
        "one date, under the last name"
    );
    near(
        LEFT + TYPE_WIDTH - (date.x + date.width),
        4.0 * TYPE_WIDTH / 28.0,
        1.5,
        "date four characters from the right",
    );
    // Unsealed: stacked, the lead authority first, the date two characters further in.
    let (lead, other, date) = (
        find(1, "区委"),
        find(1, "人民政府"),
        find(1, "2022年10月14日"),
    );
    assert!(lead.baseline < other.baseline && other.baseline < date.baseline);
    near(lead.x, other.x, 0.3, "names aligned");
    near(
        date.x - lead.x,
        2.0 * TYPE_WIDTH / 28.0,
        0.6,
        "date two characters in",
    );
}

/// A document with one heading of `chars` characters at `level`, ending in "方面" (the ending
/// the heading rule keeps together), and a short paragraph under it.
fn heading_document(level: usize, chars: usize) -> String {
    format!(
        "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共××区委\",), title: \"关于测试的报告\")\n\n{} {}方面\n\n{}\n",
        "=".repeat(level),
        filler(chars - 2),
        filler(20)
    )
}

/// The lines of 3号 text on a page, top to bottom, each as its runs left to right.
fn lines_of(page: &PageContent) -> Vec<Vec<&measure::PlacedText>> {
    page.baselines(16.0)
        .into_iter()
        .map(|y| page.line(y))
        .collect()
}

/// The number of characters on each line of a page made only of [`filler`] text, top to
/// bottom: a test paragraph's lines, without the head, title or page number.
fn filler_line_lengths(page: &PageContent) -> Vec<usize> {
    let words = filler(18);
    lines_of(page)
        .into_iter()
        .map(|runs| runs.iter().map(|r| r.text.as_str()).collect::<String>())
        .filter(|l| l.chars().all(|c| words.contains(c)))
        .map(|l| l.chars().count())
        .collect()
}

/// The text of a heading set in `family` on the first page, line by line from the top; every
/// run of it is checked to stay in the 3号 size and inside the type area.
fn heading_lines(main: &str, family: &str) -> Vec<String> {
    let pages = layout(main);
    let mut lines: Vec<(f64, String)> = Vec::new();
    for t in pages[0]
        .texts
        .iter()
        .filter(|t| t.family.starts_with(family))
    {
        near(t.size, 16.0, 0.01, "heading size");
        // A run's width includes the spreading of a justified line after its last glyph (up
        // to half a millimetre when a heading wraps before its kept-together ending); an
        // overfull line would pass the edge by a character's width.
        assert!(
            t.x + t.width <= LEFT + TYPE_WIDTH + 0.6,
            "{:?} ends at {:.2} mm, past the type area",
            t.text,
            t.x + t.width
        );
        match lines.iter_mut().find(|(y, _)| (y - t.baseline).abs() < 0.2) {
            Some((_, text)) => text.push_str(&t.text),
            None => lines.push((t.baseline, t.text.clone())),
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines.into_iter().map(|(_, text)| text).collect()
}

/// A heading that runs over a line never leaves one character alone on its last line (the
/// "……工作要求方|面" of a shipped sample): the line is broken earlier, or its punctuation
/// squeezed so the character fits, and no line runs past the type area.
#[test]
fn a_heading_never_leaves_one_character_on_its_last_line() {
    let mut runts = Vec::new();
    let mut wrapped = 0;
    for (level, family) in [(1, "FandolHei"), (2, "FandolKai")] {
        for chars in 20..=56 {
            let main = heading_document(level, chars);
            let lines = heading_lines(&main, family);
            if lines.len() > 1 {
                wrapped += 1;
            }
            if lines.last().is_some_and(|line| line.chars().count() < 2) {
                runts.push(format!("level {level}, {chars} characters: {lines:?}"));
            }
        }
    }
    assert!(
        wrapped > 10,
        "too few headings ran over a line to test anything"
    );
    assert!(
        runts.is_empty(),
        "single characters on a heading's last line:\n{}",
        runts.join("\n")
    );
}

/// Keeping a heading's last characters together never splits a number or a Latin word: a
/// heading ending "…2023年" or "…2023" wraps before the number, whatever its length.
#[test]
fn a_heading_keeps_a_final_number_whole() {
    for ending in ["2023年", "2023", "ABCD方案"] {
        for chars in 20..=30 {
            let main = format!(
                "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共××区委\",), title: \"关于测试的报告\")\n\n= {}{ending}\n\n{}\n",
                filler(chars),
                filler(20)
            );
            let lines = heading_lines(&main, "FandolHei");
            let word: String = ending
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                lines.iter().any(|line| line.contains(&word)),
                "{chars} characters + {ending}: {word} split over lines {lines:?}"
            );
            assert!(
                lines.last().is_some_and(|line| line.chars().count() >= 2),
                "{chars} characters + {ending}: {lines:?}"
            );
        }
    }
}

/// The first line of a paragraph, and of a heading, lies on the same 28-character grid as the
/// lines under it: two characters of indent, then 26 characters ending at the type area's
/// right edge. (The indent was two em, a little wider than two characters of the grid, so a
/// first line held 25 characters spread out to the edge.)
#[test]
fn a_first_line_holds_26_characters_after_a_two_character_indent() {
    let one = TYPE_WIDTH / 28.0;
    let main = format!(
        "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共××区委\",), title: \"关于测试的报告\")\n\n= {}\n\n{}\n",
        filler(40),
        filler(60)
    );
    let pages = layout(&main);
    let page = &pages[0];
    let first_lines: Vec<Vec<&measure::PlacedText>> = lines_of(page)
        .into_iter()
        .filter(|runs| (runs[0].x - (LEFT + 2.0 * one)).abs() < 0.5)
        .collect();
    // The heading's (一、 and its words) and the paragraph's.
    let texts: Vec<String> = first_lines
        .iter()
        .map(|runs| runs.iter().map(|r| r.text.as_str()).collect())
        .collect();
    assert_eq!(first_lines.len(), 2, "two indented first lines: {texts:?}");
    for runs in first_lines {
        near(
            runs[0].x,
            LEFT + 2.0 * one,
            0.05,
            "indent of two grid characters (mm)",
        );
        assert_fills_the_line(&runs, 26, "an indented first line");
    }
}

/// A paragraph whose last line is exactly full keeps all 28 characters on it: Typst adds no
/// tracking after a paragraph's last character, which used to make that line 0.2 pt too wide
/// and put the last character on a line of its own.
#[test]
fn a_paragraph_ending_on_a_full_line_keeps_its_last_character() {
    let main = format!(
        "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共××区委\",), title: \"关于测试的报告\")\n\n{}\n",
        filler(26 + 28)
    );
    let counts = filler_line_lengths(&layout(&main)[0]);
    assert_eq!(counts, [26, 28], "characters on the paragraph's lines");
}

/// A heading that runs over a line has its first line spread to the type area's right edge,
/// like a body paragraph's, whether it breaks inside its words or before its kept-together
/// last characters (it used to end one or two characters short there).
#[test]
fn a_wrapped_heading_fills_its_first_line() {
    let mut short = Vec::new();
    for (level, family) in [(1, "FandolHei"), (2, "FandolKai")] {
        for chars in 24..=40 {
            let main = heading_document(level, chars);
            let pages = layout(&main);
            let runs: Vec<&measure::PlacedText> = pages[0]
                .texts
                .iter()
                .filter(|t| t.family.starts_with(family))
                .collect();
            let first = runs
                .iter()
                .map(|t| t.baseline)
                .fold(f64::INFINITY, f64::min);
            let wrapped = runs.iter().any(|t| t.baseline > first + 1.0);
            if !wrapped {
                continue;
            }
            let end = runs
                .iter()
                .filter(|t| (t.baseline - first).abs() < 0.2)
                .map(|t| t.x + t.width)
                .fold(0.0, f64::max);
            if (end - (LEFT + TYPE_WIDTH)).abs() > 0.5 {
                short.push(format!(
                    "level {level}, {chars} characters: first line ends at {end:.2} mm"
                ));
            }
        }
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}

/// A note (附注) is set two characters in, its opening bracket a full character wide like the
/// characters after it; Typst trims an opening bracket's blank half at a line's start, which
/// set the bracket half a character to the left.
#[test]
fn a_note_keeps_its_opening_bracket_full_width() {
    let main = "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共××区委\",), title: \"关于测试的报告\")\n\n正文。\n\n#note[此件公开发布]\n";
    let pages = layout(main);
    let note = pages[0]
        .texts
        .iter()
        .find(|t| t.text.starts_with('（'))
        .expect("the note");
    let one = 16.0 * PT;
    // Eight characters less tracking (7.4 wide) when the closing bracket at the line's end
    // loses its blank half; 6.9 when the opening one does too.
    assert!(
        note.width > 7.2 * one,
        "the note is {:.2} mm wide, {:.2} characters",
        note.width,
        note.width / one
    );
}

/// Settings that change the grid keep full lines full: fewer characters per line (room to
/// spare, so characters are spread rather than condensed) or a wider type area.
#[test]
fn a_changed_grid_still_fills_its_lines() {
    for (settings, per_line) in [
        ("(chars-per-line: 27)", 27),
        ("(type-width: 160mm)", 28),
        ("(chars-per-line: 30)", 30),
    ] {
        let main = format!(
            "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共××区委\",), title: \"关于测试的报告\", settings: {settings})\n\n{}\n",
            filler(120)
        );
        let counts = filler_line_lengths(&layout(&main)[0]);
        // The first line after its two-character indent, then full lines, then the rest.
        assert!(counts.len() >= 4, "{settings}: {counts:?}");
        assert_eq!(
            counts[0],
            per_line - 2,
            "{settings}: first line of {counts:?}"
        );
        for full in &counts[1..counts.len() - 1] {
            assert_eq!(*full, per_line, "{settings}: full lines of {counts:?}");
        }
    }
}

/// The recipients (主送机关) and the closing words, when they run over a line, are spread to the
/// type area's edge like a paragraph, also when a line breaks early because the next line may
/// not begin with "、" (inside an auto-width block Typst justified only to the widest line).
#[test]
fn wrapped_recipients_and_closing_words_fill_their_first_line() {
    let recipients = format!("{}、{}", filler(28), filler(10));
    let closing = format!("{}、{}", filler(26), filler(10));
    let main = format!(
        "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"中共××区委\",), title: \"关于测试的报告\", recipients: \"{recipients}\")\n\n正文。\n\n#closing[{closing}]\n"
    );
    let pages = layout(&main);
    let page = &pages[0];
    let first_lines: Vec<Vec<&measure::PlacedText>> = lines_of(page)
        .into_iter()
        .filter(|runs| runs[0].text.starts_with("巡视"))
        .collect();
    assert_eq!(
        first_lines.len(),
        2,
        "the recipients' and the closing's first lines"
    );
    for runs in first_lines {
        let last = runs.last().unwrap();
        near(
            last.x + last.width,
            LEFT + TYPE_WIDTH,
            0.6,
            "right end of a wrapped first line (mm)",
        );
    }
}

/// A unit's name holding a line break (typed into a YAML block) is still set: the word
/// regex of `org-names` spans lines, and a name it cannot split stands whole (the fuzzer's
/// case failed with "cannot access fields on type none").
#[test]
fn a_name_with_a_line_break_is_set_in_a_table_cell() {
    let main = "#import \"/gongwen.typ\": *\n#show: gongwen.with(authorities: (\"测试\",), title: \"测试\")\n\n#task-table(columns: (1fr,), header: ([责任单位],), org-names((\"办公室\\n综合科\", \"中共测试县委员会\")))\n";
    let pages = layout(main);
    let text: String = pages.iter().map(|p| p.text()).collect();
    for want in ["办公室", "综合科", "中共测试县委员会"] {
        assert!(text.contains(want), "{want} missing from {text}");
    }
}
