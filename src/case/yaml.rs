//! YAML text to a JSON value plus a position index, by walking the parser's events ourselves.
//!
//! Doing it here rather than through a generic deserializer lets us decide every rule a hand-
//! written case file needs: YAML 1.2 core scalars only (`yes`/`no`/`on`/`off` stay text, `0755`
//! stays text), duplicate keys refused with both positions, one document per file, and hard
//! budgets on nesting and alias expansion so an alias bomb is refused in milliseconds: by
//! nodes (many small values) and by bytes (one large text repeated by many aliases).

use super::diagnostic::{Diagnostic, Source};
use serde_json::{Map, Number, Value};
use serde_saphyr::granit_parser::{Event, Marker, Parser, ScalarStyle};
use std::collections::HashMap;

/// Most nested collections a case file may have (a real one needs about 6).
pub const MAX_DEPTH: usize = 64;
/// Most nodes a case file may expand to, aliases included.
pub const MAX_NODES: usize = 200_000;
/// Most bytes of text (scalars and keys) a case file may expand to, aliases included: four
/// times the file-size limit. One 100 KB text used by 20,000 aliases (2 GB) is refused at the
/// alias that crosses it, before that copy is made.
pub const MAX_EXPANDED_BYTES: usize = 4 * super::MAX_FILE_BYTES as usize;

/// Where each field of the document sits: the value's position and, for mapping entries, the
/// key's. Paths look like `unit.leaders[2].name`; the document root is the empty path.
#[derive(Debug, Clone, Default)]
pub struct PositionIndex {
    pub values: HashMap<String, (usize, usize)>,
    pub keys: HashMap<String, (usize, usize)>,
    /// The source text of plain scalars that resolved to a number or boolean, so a field that
    /// expects text can take `1.1` as the text `1.1`.
    pub raw: HashMap<String, String>,
}

impl PositionIndex {
    /// The value's position, or its key's, or those of the closest ancestor that has one.
    pub fn locate(&self, field: &str) -> (usize, usize) {
        let mut path = field;
        loop {
            if let Some(p) = self.values.get(path).or_else(|| self.keys.get(path)) {
                return *p;
            }
            if path.is_empty() {
                return (1, 1);
            }
            path = parent(path);
        }
    }

    /// The key's position for a mapping entry, else as [`Self::locate`].
    pub fn locate_key(&self, field: &str) -> (usize, usize) {
        self.keys
            .get(field)
            .copied()
            .unwrap_or_else(|| self.locate(field))
    }
}

/// Calls `f` with every string of a case's JSON value and its field path (`findings[0].title`,
/// the paths the position index and [`super::LoadedCase::position`] take).
pub fn visit_strings(value: &Value, f: &mut impl FnMut(&str, &str)) {
    walk_strings(value, &mut String::new(), f);
}

fn walk_strings(value: &Value, path: &mut String, f: &mut impl FnMut(&str, &str)) {
    match value {
        Value::String(s) => f(path, s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk_strings(item, path, f);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                walk_strings(item, path, f);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// The path of the parent of `unit.leaders[2]` is `unit.leaders`, and so on.
pub fn parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

pub fn child_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

pub fn child_index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// What a node expands to: its nodes and the bytes of its text (scalars and keys).
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: usize,
    bytes: usize,
}

impl std::ops::AddAssign for Size {
    fn add_assign(&mut self, other: Size) {
        self.nodes += other.nodes;
        self.bytes += other.bytes;
    }
}

/// A syntax error as a user can act on it: where to look (the parser's place, or a better one:
/// the full-width colon or the tab that caused it) and what to type instead, in Chinese, the
/// parser's own words kept in brackets.
fn explain_syntax_error(text: &str, at: (usize, usize), info: &str) -> ((usize, usize), String) {
    let lines: Vec<&str> = text.lines().collect();
    let line_of = |n: usize| lines.get(n.saturating_sub(1)).copied().unwrap_or("");
    // A tab in the indentation of the error's line or just before it: the scanner often stops
    // on the line above, in the value the tab seemed to continue.
    for n in at.0.saturating_sub(1).max(1)..=(at.0 + 1).min(lines.len()) {
        let line = line_of(n);
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if let Some(col) = indent.chars().position(|c| c == '\t') {
            return (
                (n, col + 1),
                format!(
                    "第 {n} 行的缩进用了制表符（Tab）：YAML 的缩进只能用空格，请把这个制表符换成空格，与同一层的其他行对齐（{info}）"
                ),
            );
        }
    }
    // A key followed by a full-width colon: `leader：张建国`.
    let line = line_of(at.0);
    let body = line.trim_start_matches([' ', '-']);
    if let Some(i) = body.find('：') {
        let key = &body[..i];
        let is_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii() && c != '：');
        if is_key && !key.contains(' ') {
            let before_body = line[..line.len() - body.len()].chars().count();
            let colon_column = before_body + key.chars().count() + 1;
            let value = body[i + '：'.len_utf8()..].trim();
            return (
                (at.0, colon_column),
                format!(
                    "“{key}”后面是全角冒号“：”：名称和值之间须用半角冒号加一个空格，请写作 {key}: {value}（{info}）"
                ),
            );
        }
    }
    let zh = if info.contains("found a tab") || info.contains("cannot start with a tab") {
        "这里有制表符（Tab）：缩进和分隔只能用空格"
    } else if info.contains("unclosed quote") {
        "引号没有成对：这个值开头的引号在后面找不到与它配对的引号"
    } else if info.contains("unclosed bracket") {
        "括号没有成对：这里开始的 [ 或 { 在后面找不到与它配对的 ] 或 }"
    } else if info.contains("mapping values are not allowed") {
        "这里不能再出现“名称: 值”：值里含有“: ”时请给整个值加引号，或检查这一行的缩进是否比上一行多"
    } else if info.contains("did not find expected key") {
        "缩进不对：这一行没有和同一层的名称对齐（同一层的名称须从同一列开始）"
    } else if info.contains("did not find expected '-'") {
        "列表的缩进不对：同一列表的各项“- ”须从同一列开始，列表项下的名称须比“- ”多缩进"
    } else if info.contains("simple key") || info.contains("expected ':'") {
        "这一行应写作“名称: 值”，但找不到半角冒号加空格“: ”"
    } else if info.contains("unknown anchor") {
        "引用了没有定义的锚点（*名称 须先有 &名称）"
    } else if info.contains("unexpected character") || info.contains("cannot start any token") {
        "这个字符不能作为值的开头（如 @、`、%）：请给整个值加引号"
    } else if info.contains("unexpected end") || info.contains("eof") {
        "文件意外结束：引号、括号或缩进没有结束"
    } else {
        "请检查缩进、冒号后的空格和引号是否成对"
    };
    (at, format!("{zh}（{info}）"))
}

fn pos(marker: &Marker) -> (usize, usize) {
    (marker.line(), marker.col() + 1)
}

enum Frame {
    Seq {
        path: String,
        items: Vec<Value>,
        anchor: usize,
        size: Size,
    },
    Map {
        path: String,
        map: Map<String, Value>,
        key: Option<String>,
        anchor: usize,
        size: Size,
    },
}

/// Parses `text` (one YAML document) into a JSON value and its position index.
pub fn parse(source: &Source<'_>) -> Result<(Value, PositionIndex), Box<Diagnostic>> {
    parse_document(source).map_err(Box::new)
}

#[allow(clippy::result_large_err)]
fn parse_document(source: &Source<'_>) -> Result<(Value, PositionIndex), Diagnostic> {
    let mut parser = Parser::new_from_str(source.text);
    let mut index = PositionIndex::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Value, Size)> = HashMap::new();
    let mut root: Option<Value> = None;
    let mut nodes = 0usize;
    let mut bytes = 0usize;

    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(e) => e,
            Err(e) => {
                let info = e.info();
                let (at, zh) = explain_syntax_error(source.text, pos(e.marker()), &info);
                return Err(source.error(
                    at,
                    "",
                    format!("YAML 语法错误：{zh}"),
                    format!("YAML syntax error: {info}"),
                ));
            }
        };
        let at = pos(&span.start);
        // The path the node starting here gets, and whether it is a mapping key.
        let (path, is_key) = match stack.last() {
            None => (String::new(), false),
            Some(Frame::Seq { path, items, .. }) => (child_index(path, items.len()), false),
            Some(Frame::Map {
                path, key: None, ..
            }) => (path.clone(), true),
            Some(Frame::Map {
                path, key: Some(k), ..
            }) => (child_key(path, k), false),
        };
        let starts_node = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        );
        if starts_node && stack.is_empty() && root.is_some() {
            return Err(source.error(
                at,
                "",
                "一个案卷文件只能包含一个 YAML 文档（发现第二个“---”之后的内容）",
                "a case file holds exactly one YAML document (found a second one)",
            ));
        }
        if is_key && starts_node && !matches!(event, Event::Scalar(..)) {
            return Err(source.error(
                at,
                &path,
                "键必须是简单的文字，不能是列表或映射",
                "a mapping key must be plain text, not a list or mapping",
            ));
        }
        let (value, anchor, size) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                if is_key {
                    let key = text.into_owned();
                    let Some(Frame::Map {
                        map,
                        key: slot,
                        size,
                        ..
                    }) = stack.last_mut()
                    else {
                        unreachable!("a key is only read inside a mapping")
                    };
                    size.bytes += key.len();
                    bytes += key.len();
                    let full = child_key(&path, &key);
                    if map.contains_key(&key) {
                        let first = index.keys.get(&full).copied().unwrap_or((0, 0));
                        return Err(source.error(
                            at,
                            &full,
                            format!(
                                "键“{key}”重复：第 {} 行已经写过一次。同一层级的键只能出现一次，请删除或合并其中一处",
                                first.0
                            ),
                            format!(
                                "duplicate key `{key}`: already given on line {}",
                                first.0
                            ),
                        ));
                    }
                    index.keys.insert(full, at);
                    *slot = Some(key);
                    continue;
                }
                let tag_suffix = tag.as_ref().map(|t| t.suffix().to_owned());
                let value = resolve(&text, style, tag_suffix.as_deref());
                let length = text.len();
                if matches!(value, Value::Number(_) | Value::Bool(_)) {
                    index.raw.insert(path.clone(), text.into_owned());
                }
                index.values.insert(path, at);
                bytes += length;
                (
                    value,
                    anchor,
                    Size {
                        nodes: 1,
                        bytes: length,
                    },
                )
            }
            Event::Alias(id) => {
                let Some((value, size)) = anchors.get(&id) else {
                    return Err(source.error(
                        at,
                        &path,
                        "别名（*）引用了不存在的锚点（&）",
                        "alias refers to an unknown anchor",
                    ));
                };
                if nodes + size.nodes > MAX_NODES {
                    return Err(too_many_nodes(source, at, &path));
                }
                // Checked before the copy is made, so a large text repeated by aliases is
                // refused without the memory it would take.
                if bytes + size.bytes > MAX_EXPANDED_BYTES {
                    return Err(too_many_bytes(source, at, &path));
                }
                bytes += size.bytes;
                index.values.insert(path, at);
                (value.clone(), 0, *size)
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(source.error(
                        at,
                        &path,
                        format!("嵌套层数超过上限 {MAX_DEPTH} 层，文件结构异常"),
                        format!("nesting deeper than the limit of {MAX_DEPTH} levels"),
                    ));
                }
                index.values.insert(path.clone(), at);
                nodes += 1;
                if nodes > MAX_NODES {
                    return Err(too_many_nodes(source, at, &path));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        path,
                        items: Vec::new(),
                        anchor,
                        size: Size { nodes: 1, bytes: 0 },
                    }
                } else {
                    Frame::Map {
                        path,
                        map: Map::new(),
                        key: None,
                        anchor,
                        size: Size { nodes: 1, bytes: 0 },
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    items,
                    anchor,
                    size,
                    ..
                }) => (Value::Array(items), anchor, size),
                Some(Frame::Map {
                    map, anchor, size, ..
                }) => (Value::Object(map), anchor, size),
                None => continue,
            },
            _ => continue,
        };
        if bytes > MAX_EXPANDED_BYTES {
            return Err(too_many_bytes(source, at, ""));
        }
        if !matches!(value, Value::Array(_) | Value::Object(_)) {
            nodes += size.nodes;
            if nodes > MAX_NODES {
                return Err(too_many_nodes(source, at, ""));
            }
        }
        if anchor != 0 {
            anchors.insert(anchor, (value.clone(), size));
        }
        match stack.last_mut() {
            None => root = Some(value),
            Some(Frame::Seq { items, size: s, .. }) => {
                items.push(value);
                *s += size;
            }
            Some(Frame::Map {
                map, key, size: s, ..
            }) => {
                if let Some(k) = key.take() {
                    map.insert(k, value);
                }
                *s += size;
            }
        }
    }

    match root {
        Some(value) => Ok((value, index)),
        None => Err(source.error(
            (1, 1),
            "",
            "文件为空（或只有注释）：没有任何案卷内容。可用 `xunshi init` 生成一份模板",
            "the file is empty (or only comments); `xunshi init` writes a starter",
        )),
    }
}

fn too_many_bytes(source: &Source<'_>, at: (usize, usize), path: &str) -> Diagnostic {
    let mb = MAX_EXPANDED_BYTES / 1024 / 1024;
    source.error(
        at,
        path,
        format!(
            "内容展开后超过上限 {mb} MB（别名“*”多次引用同一段长文字，展开后的文字总量过大），已在此处拒绝读取"
        ),
        format!(
            "the document's text expands to more than the limit of {mb} MB through aliases; refused here"
        ),
    )
}

fn too_many_nodes(source: &Source<'_>, at: (usize, usize), path: &str) -> Diagnostic {
    source.error(
        at,
        path,
        format!(
            "内容展开后超过上限 {MAX_NODES} 个节点（可能是别名“*”层层引用造成的“别名炸弹”），已拒绝读取"
        ),
        format!(
            "the document expands to more than the limit of {MAX_NODES} nodes (alias bomb?); refused"
        ),
    )
}

/// YAML 1.2 core schema for plain scalars, strictly: only `true`/`false` are booleans, only
/// `null`/`~`/empty are null, integers have no leading zeros; everything else is text.
/// Quoted and block scalars are always text; an explicit `!!str` etc. tag is honoured.
fn resolve(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("str") => return Value::String(text.to_owned()),
        Some("null") => return Value::Null,
        Some("bool") | Some("int") | Some("float") => return plain(text),
        Some(_) => return Value::String(text.to_owned()),
        None => {}
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    plain(text)
}

fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let is_int = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if is_int {
        if let Ok(n) = text.parse::<i64>() {
            return Value::Number(n.into());
        }
        return Value::String(text.to_owned());
    }
    if is_float(digits)
        && !(digits.starts_with('0') && digits.as_bytes().get(1).is_some_and(u8::is_ascii_digit))
        && let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64)
    {
        return Value::Number(n);
    }
    Value::String(text.to_owned())
}

/// `1.5`, `.5`, `1e3`, `1.5E-2` (YAML 1.2 core float, without the infinities).
fn is_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let digits_ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits_ok(whole)
        && fraction.is_none_or(digits_ok)
        && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits_ok(e)
    });
    mantissa_ok && exponent_ok && (fraction.is_some() || exponent.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_full_width_colon_is_pointed_at_with_the_line_to_type() {
        let e = run("unit:\n  name: 中共青山区委\n  leader：张建国\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 9), "{}", e.message_zh);
        assert!(
            e.message_zh.contains("写作 leader: 张建国"),
            "{}",
            e.message_zh
        );
        // A full-width colon inside a value is text, not the slip.
        let e = run("a: [1\nb: 关于：学习\n").unwrap_err();
        assert!(!e.message_zh.contains("全角冒号"), "{}", e.message_zh);
    }

    #[test]
    fn a_tab_in_the_indentation_is_pointed_at_where_it_is() {
        let e = run("unit:\n  name: 中共青山区委\n\tshort_name: 青山区委\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1), "{}", e.message_zh);
        assert!(e.message_zh.contains("制表符"), "{}", e.message_zh);
        let e = run("a:\n  b: 1\n  \tc: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3), "{}", e.message_zh);
    }

    #[test]
    fn every_syntax_error_reads_in_chinese_first() {
        for text in [
            "a: [1, 2\n",
            "a: \"abc\n",
            "a:\n  b: 1\n c: 2\n",
            "a:\n- b\n  - c: 1\n -d\n",
            "a: b: c\n",
            "@a: 1\n",
            "a: *x\n",
            "a: {b: 1\n",
        ] {
            let e = run(text).unwrap_err();
            let zh = e.message_zh.trim_start_matches("YAML 语法错误：");
            let first = zh.chars().next().unwrap();
            assert!(!first.is_ascii(), "{text:?}: {}", e.message_zh);
            assert!(
                !zh.contains("请检查缩进、冒号后的空格和引号是否成对"),
                "{text:?}: {zh}"
            );
        }
    }

    fn run(text: &str) -> Result<(Value, PositionIndex), Box<Diagnostic>> {
        parse(&Source {
            path: Path::new("t.yaml"),
            text,
        })
    }

    #[test]
    fn scalars_follow_the_strict_core_schema() {
        let (v, _) = run(
            "a: no\nb: yes\nc: 0755\nd: 12\ne: 1.1\nf: true\ng: ~\nh: '12'\ni: 2022-07-01\nj: on\n",
        )
        .unwrap();
        assert_eq!(v["a"], "no");
        assert_eq!(v["b"], "yes");
        assert_eq!(v["c"], "0755");
        assert_eq!(v["d"], 12);
        assert_eq!(v["e"], 1.1);
        assert_eq!(v["f"], true);
        assert!(v["g"].is_null());
        assert_eq!(v["h"], "12");
        assert_eq!(v["i"], "2022-07-01");
        assert_eq!(v["j"], "on");
    }

    #[test]
    fn positions_of_keys_and_values() {
        let (_, index) = run("unit:\n  leaders:\n    - name: 张三\n      title: 书记\n").unwrap();
        assert_eq!(index.values["unit.leaders[0].name"], (3, 13));
        assert_eq!(index.keys["unit.leaders[0].title"], (4, 7));
        assert_eq!(index.locate("unit.leaders[0].missing"), (3, 7));
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second() {
        let e = run("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.message_zh.contains("重复") && e.message_zh.contains("第 1 行"));
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let started = std::time::Instant::now();
        let e = run(&text).unwrap_err();
        assert!(e.message_zh.contains("200000"), "{}", e.message_zh);
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn one_long_text_repeated_by_aliases_is_refused_at_the_alias_that_crosses_the_budget() {
        // 1 MB × 10,000 would be 10 GB: refused at the 41st alias (40 MB), before its copy.
        let big = "长".repeat(1024 * 1024 / 3 + 1);
        let mut text = format!("big: &big \"{big}\"\nlist:\n");
        for _ in 0..10_000 {
            text.push_str("  - *big\n");
        }
        let started = std::time::Instant::now();
        let e = run(&text).unwrap_err();
        assert!(e.message_zh.contains("40 MB"), "{}", e.message_zh);
        let per = big.len();
        let crossing = MAX_EXPANDED_BYTES.saturating_sub(per + 3) / per + 1;
        assert_eq!((e.line, e.column), (2 + crossing, 5));
        assert_eq!(e.field, format!("list[{}]", crossing - 1));
        assert!(started.elapsed().as_secs() < 5);
        // Within the budget, the same shape is read.
        let mut small = format!("big: &big \"{big}\"\nlist:\n");
        for _ in 0..3 {
            small.push_str("  - *big\n");
        }
        assert!(run(&small).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(10_000);
        let e = run(&text).unwrap_err();
        assert!(
            e.message_zh.contains("64") || e.message_zh.contains("语法"),
            "{}",
            e.message_zh
        );
    }
}
