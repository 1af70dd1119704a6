//! The mutator: a deterministic random source and the ways an input is changed — byte-level
//! (flips, inserts, deletions, duplications, splices), line-level (copy, drop, swap, re-indent)
//! and YAML-aware (a `key: value` line's value swapped for one from [`VALUES`], or a value of
//! the parsed case tree replaced, dropped or duplicated).

use serde_json::Value;

/// SplitMix64: small, fast, and the same sequence for the same seed on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Tokens that mean something to YAML, to Markdown or to Typst.
pub const TOKENS: &[&str] = &[
    ": ",
    "- ",
    "? ",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: *a",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\"",
    "'",
    "|",
    "|-",
    ">",
    "#",
    "!!str ",
    "!!int ",
    "!!binary ",
    "!foo ",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "  ",
    "    ",
    "\u{feff}",
    "\0",
    "\\",
    "\\u",
    "\\x",
    "$",
    "`",
    "```",
    "*",
    "**",
    "_",
    "~",
    "@",
    "<",
    ">",
    "=",
    "+",
    "/",
    "//",
    "/*",
    "*/",
    ".",
    "1.",
    "1)",
    "|---|",
    "![x](y)",
    "[a](b)",
    "<http://x>",
    "# ",
    "## ",
    "###### ",
    "#set page(width: 1pt)",
    "#panic()",
    "\u{202e}",
    "\u{200b}",
    "\u{0301}",
    "\u{2028}",
    "\u{85}",
    "\u{ffff}",
    "😀",
    "〔",
    "〕",
    "号",
    "（",
    "）",
    "、",
    "，",
    "。",
    "“",
    "”",
    "：",
    "一",
    "䶮",
    "𠀀",
    "long_term",
    "2022-02-29",
    "9999-12-31",
    "0001-01-01",
];

/// Values a field may be given: edge dates, numbers, statuses, empties, hostile text.
pub const VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "[]",
    "{}",
    "\"\"",
    "0",
    "-1",
    "1",
    "2",
    "99999999999999999999",
    "1e308",
    "-0.0",
    ".5",
    "true",
    "no",
    "long_term",
    "not_started",
    "in_progress",
    "completed",
    "closed",
    "feedback",
    "cadre_selection",
    "ideology",
    "inspection_work",
    "2022-01-01",
    "2022-06-15",
    "2022-12-31",
    "2023-02-28",
    "2024-02-29",
    "2023-02-29",
    "2022-13-01",
    "0001-01-01",
    "1900-01-01",
    "9999-12-31",
    "2022-07",
    "2023-03",
    "\"1\"",
    "\"1.1\"",
    "审1",
    "#set page(width: 1pt)",
    "\"#panic()\"",
    "$x$",
    "\\",
    "]",
    "*",
    "**粗**",
    "<l>",
    "@ref",
    "//注释",
    "\"a\\u0000b\"",
    "\"\\u2028\"",
    "\"\\t\\r\\n\"",
    "|\n  # 标题\n  1. 一\n  2. 二\n",
    "|\n  | a | b |\n  |---|---|\n  | 1 |\n",
    "|\n  ![图](x.png)\n",
    "|\n  - a\n    - b\n      - c\n",
    "|\n  > 引用\n  ```\n  代码\n  ```\n",
    "×××〔2022〕1号",
    "〔〕号",
    "中共某某委员会",
    "&anchor 值",
    "*anchor",
    "[a, b, c]",
    "{a: 1}",
    "- 1\n- 2",
    "\u{202e}反向",
    "😀😀",
    "𠀀𠀁",
];

/// A string of `n` characters drawn from a Markdown- and Typst-rich alphabet.
pub fn random_text(rng: &mut Rng, n: usize) -> String {
    const ALPHABET: &[&str] = &[
        "a",
        "b",
        " ",
        " ",
        "\n",
        "\n\n",
        "  \n",
        "\t",
        "\r",
        "整",
        "改",
        "，",
        "。",
        "“",
        "”",
        "*",
        "**",
        "_",
        "`",
        "#",
        "# ",
        "## ",
        "- ",
        "+ ",
        "1. ",
        "1) ",
        "> ",
        "|",
        "| a |",
        "|---|",
        "[",
        "]",
        "(",
        ")",
        "!",
        "<",
        ">",
        "&",
        "\\",
        "$",
        "@",
        "~",
        "=",
        "/",
        ".",
        ":",
        "'",
        "\"",
        "{",
        "}",
        "~~",
        "---",
        "***",
        "<br>",
        "<!--",
        "-->",
        "&amp;",
        "&#0;",
        "\0",
        "\u{2028}",
        "\u{85}",
        "\u{b}",
        "\u{c}",
        "\u{feff}",
        "\u{301}",
        "😀",
        "𠀀",
        "[^1]",
        "[^1]: x",
        "    code",
        "```",
        "~~~",
        "- [ ] ",
        "http://x.y",
        "a@b.cn",
        "（一）",
        "1.1",
    ];
    let mut out = String::new();
    for _ in 0..n {
        let piece: &&str = rng.pick(ALPHABET);
        out.push_str(piece);
    }
    out
}

/// One to a few byte- or line-level changes to `input`; `other` is another corpus entry to
/// splice from.
pub fn mutate_bytes(rng: &mut Rng, input: &[u8], other: &[u8], max_len: usize) -> Vec<u8> {
    let mut data = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        match rng.below(13) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            2 => {
                let i = rng.below(data.len() + 1);
                let token = rng.pick(TOKENS).as_bytes();
                data.splice(i..i, token.iter().copied());
            }
            3 if !data.is_empty() => {
                let i = rng.below(data.len());
                let n = 1 + rng.below((data.len() - i).min(64));
                data.drain(i..i + n);
            }
            4 if !data.is_empty() => {
                let i = rng.below(data.len());
                let n = 1 + rng.below((data.len() - i).min(256));
                let copy: Vec<u8> = data[i..i + n].to_vec();
                let at = rng.below(data.len() + 1);
                data.splice(at..at, copy);
            }
            5 if !other.is_empty() => {
                // Splice: a prefix of this input with a suffix of the other, at line starts.
                let cut = line_start(&data, rng.below(data.len() + 1));
                let from = line_start(other, rng.below(other.len() + 1));
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            6..=8 => replace_value(rng, &mut data),
            9 => line_op(rng, &mut data),
            10 => {
                let i = rng.below(data.len() + 1);
                let n = 1 + rng.below(16);
                let text = random_text(rng, n);
                data.splice(i..i, text.bytes());
            }
            11 if !data.is_empty() => {
                // A value's text repeated: long lines and large scalars.
                let i = rng.below(data.len());
                let n = 1 + rng.below((data.len() - i).min(32));
                let copy: Vec<u8> = data[i..i + n].to_vec();
                let times = 1 + rng.below(200);
                let at = rng.below(data.len() + 1);
                data.splice(at..at, copy.iter().copied().cycle().take(n * times));
            }
            _ => line_op(rng, &mut data),
        }
    }
    data.truncate(max_len);
    data
}

fn line_start(data: &[u8], at: usize) -> usize {
    data[..at.min(data.len())]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1)
}

/// Line ranges `start..end` (without the `\n`).
fn lines(data: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in data.iter().enumerate() {
        if *b == b'\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    if start < data.len() {
        out.push((start, data.len()));
    }
    out
}

/// A `key: value` line's value replaced by one from [`VALUES`] or another line's value.
fn replace_value(rng: &mut Rng, data: &mut Vec<u8>) {
    let all = lines(data);
    let with_value: Vec<(usize, usize, usize)> = all
        .iter()
        .filter_map(|&(s, e)| {
            let line = &data[s..e];
            let colon = line.windows(2).position(|w| w == b": ")?;
            Some((s, s + colon + 2, e))
        })
        .collect();
    if with_value.is_empty() {
        return;
    }
    let &(_, value_start, end) = rng.pick(&with_value);
    let replacement: Vec<u8> = if rng.chance(3) {
        let &(_, vs, ve) = rng.pick(&with_value);
        data[vs..ve].to_vec()
    } else if rng.chance(8) {
        let c = rng.pick(&["长", "a", "*", "\\", "#"]).to_owned();
        c.repeat(1 + rng.below(5000)).into_bytes()
    } else {
        rng.pick(VALUES).as_bytes().to_vec()
    };
    data.splice(value_start..end, replacement);
}

fn line_op(rng: &mut Rng, data: &mut Vec<u8>) {
    let all = lines(data);
    if all.is_empty() {
        return;
    }
    let &(s, e) = rng.pick(&all);
    match rng.below(5) {
        0 => {
            let line: Vec<u8> = data[s..e].iter().copied().chain([b'\n']).collect();
            let &(at, _) = rng.pick(&all);
            data.splice(at..at, line);
        }
        1 => {
            data.drain(s..(e + 1).min(data.len()));
        }
        2 => {
            let &(s2, e2) = rng.pick(&all);
            if s2 > e {
                let second: Vec<u8> = data[s2..e2].to_vec();
                let first: Vec<u8> = data[s..e].to_vec();
                data.splice(s2..e2, first);
                data.splice(s..e, second);
            }
        }
        3 => {
            let spaces = b"  ".repeat(1 + rng.below(3));
            data.splice(s..s, spaces);
        }
        _ => {
            let n = data[s..e].iter().take_while(|b| **b == b' ').count();
            data.drain(s..s + n.min(2));
        }
    }
}

/// One to three changes to a parsed case tree: a node replaced by a value, a string's text
/// changed, a date shifted, a list item dropped or doubled, a key removed.
pub fn mutate_tree(rng: &mut Rng, value: &mut Value) {
    for _ in 0..1 + rng.below(3) {
        let mut paths = Vec::new();
        collect_paths(value, &mut Vec::new(), &mut paths);
        if paths.is_empty() {
            return;
        }
        let path = rng.pick(&paths).clone();
        let Some(node) = node_at(value, &path) else {
            continue;
        };
        match rng.below(8) {
            0 => *node = tree_value(rng),
            1 => {
                if let Value::String(s) = node {
                    if let Some(date) = xunshi::case::Date::parse(s) {
                        let days = rng.pick(&[-400i64, -31, -1, 1, 7, 30, 365, 3650]);
                        if let Ok(shifted) = date.0.checked_add(jiff::Span::new().days(*days)) {
                            *s = shifted.to_string();
                        }
                    } else {
                        let at = floor_char_boundary(s, rng.below(s.len() + 1));
                        let n = 1 + rng.below(24);
                        let text = random_text(rng, n);
                        s.insert_str(at, &text);
                    }
                } else {
                    *node = tree_value(rng);
                }
            }
            2 => {
                if let Value::Array(items) = node
                    && !items.is_empty()
                {
                    let i = rng.below(items.len());
                    items.remove(i);
                }
            }
            3 => {
                if let Value::Array(items) = node
                    && !items.is_empty()
                {
                    let i = rng.below(items.len());
                    let copy = items[i].clone();
                    items.insert(i, copy);
                }
            }
            4 => {
                if let Value::Object(map) = node
                    && !map.is_empty()
                {
                    let key = map.keys().nth(rng.below(map.len())).cloned();
                    if let Some(key) = key {
                        map.remove(&key);
                    }
                }
            }
            5 => {
                if let Value::String(s) = node {
                    let n = rng.below(400);
                    *s = random_text(rng, n);
                }
            }
            6 => {
                if let Value::String(s) = node {
                    let times = 1 + rng.below(300);
                    *s = s.repeat(times);
                }
            }
            _ => {
                if let Value::String(s) = node {
                    *s = rng.pick(VALUES).to_string();
                }
            }
        }
    }
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn tree_value(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 => Value::Null,
        1 => Value::from(rng.below(100) as i64 - 10),
        2 => Value::Array(Vec::new()),
        3 => Value::Bool(rng.chance(2)),
        _ => Value::String(rng.pick(VALUES).to_string()),
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn collect_paths(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                here.push(Step::Key(k.clone()));
                collect_paths(v, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                here.push(Step::Index(i));
                collect_paths(v, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node_at<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut node = value;
    for step in path {
        node = match step {
            Step::Key(k) => node.get_mut(k.as_str())?,
            Step::Index(i) => node.get_mut(*i)?,
        };
    }
    Some(node)
}
