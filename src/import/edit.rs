//! In-place edits of a case file's text: replace one scalar value, replace or add one key of a
//! block mapping. Everything else in the file (comments, order, quoting, layout) stays as it is.

/// One edit: the byte range to replace and its new text.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Byte offset of (line, column), both 1-based, the column counted in characters.
pub fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map(|(b, _)| b)?;
            return Some(start + within);
        }
        start += l.len();
    }
    None
}

/// The byte length of the scalar starting at `at`: plain (to a ` #` comment or the line's end,
/// or in a one-line `{…}`/`[…]` to the next `,`, `}` or `]`, trailing spaces left out), single-
/// or double-quoted. `None` for a block scalar (`|`, `>`) or
/// a flow collection, which this does not edit.
pub fn scalar_len(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let line = rest.split('\n').next().unwrap_or("");
    let line = line.strip_suffix('\r').unwrap_or(line);
    match line.chars().next()? {
        '"' => {
            let mut escaped = false;
            for (i, c) in line.char_indices().skip(1) {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return Some(i + 1),
                    _ => escaped = false,
                }
            }
            None
        }
        '\'' => {
            let bytes = line.as_bytes();
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return Some(i + 1);
                }
                i += 1;
            }
            None
        }
        '|' | '>' | '[' | '{' => None,
        _ => {
            let mut end = line.find(" #").unwrap_or(line.len());
            // Inside `{…}` or `[…]` on its line, a plain scalar also ends at `,`, `}`, `]`.
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            if text[line_start..at].contains(['{', '[']) {
                end = end.min(line.find([',', '}', ']']).unwrap_or(line.len()));
            }
            Some(line[..end].trim_end().len())
        }
    }
}

/// A double-quoted YAML scalar.
pub fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// Byte offset of the start of `line` (1-based) and of the line after it.
pub fn line_span(text: &str, line: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return Some((start, start + l.len()));
        }
        start += l.len();
    }
    None
}

/// The end (byte offset) of the block that starts with the key on `line` at `column`: the
/// lines after it that are blank or indented deeper than the key.
pub fn block_end(text: &str, line: usize, column: usize) -> Option<usize> {
    let (_, mut end) = line_span(text, line)?;
    let key_indent = column - 1;
    for l in text[end..].split_inclusive('\n') {
        let body = l.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        if !body.trim().is_empty() && indent <= key_indent {
            break;
        }
        end += l.len();
    }
    Some(end)
}

/// The end (byte offset, after its line break) of the last line that is not blank among `line`
/// and the lines after it that are blank or indented deeper than `indent` spaces: where an item
/// is appended to a block (a trailing blank line stays after the new item).
pub fn content_end(text: &str, line: usize, indent: usize) -> Option<usize> {
    let (_, mut end) = line_span(text, line)?;
    let mut scanned = end;
    for l in text[end..].split_inclusive('\n') {
        let body = l.trim_end_matches(['\n', '\r']);
        let deeper = body.len() - body.trim_start_matches(' ').len() > indent;
        if body.trim().is_empty() {
            scanned += l.len();
            continue;
        }
        if !deeper {
            break;
        }
        scanned += l.len();
        end = scanned;
    }
    Some(end)
}

/// The number of spaces before the `- ` of the block sequence item whose value starts at
/// (`line`, `column`): `None` when the item's dash is not on that line.
pub fn dash_indent(text: &str, line: usize, column: usize) -> Option<usize> {
    let (start, _) = line_span(text, line)?;
    let before = &text[start..offset(text, line, column)?];
    let dash = before.trim_end().strip_suffix('-')?;
    dash.bytes().all(|b| b == b' ').then_some(dash.len())
}

/// Block sequence items, each a mapping of `(key, YAML text)`, their dashes after `indent`
/// spaces: `- on: 2023-04-10\n  text: "…"\n`, or one line each (`- {on: …, text: …}`) when
/// `flow`.
pub fn list_items(indent: usize, flow: bool, items: &[Vec<(&str, String)>]) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for item in items {
        if flow {
            let pairs: Vec<String> = item.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            out.push_str(&format!("{pad}- {{{}}}\n", pairs.join(", ")));
            continue;
        }
        for (i, (key, value)) in item.iter().enumerate() {
            let lead = if i == 0 { "- " } else { "  " };
            out.push_str(&format!("{pad}{lead}{key}: {value}\n"));
        }
    }
    out
}

/// Applies `edits` (non-overlapping) to `text`. An insertion at the start of a replaced range
/// goes before the replacement, whatever order the two are given in.
pub fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse((e.start, e.end)));
    let mut out = text.to_owned();
    for e in edits {
        out.replace_range(e.start..e.end, &e.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_end_where_yaml_ends_them() {
        let t = "a: plain text  # 注释\nb: \"x \\\" y\" # c\nc: 'it''s'\nd: |\n";
        let at = |line, col| offset(t, line, col).unwrap();
        assert_eq!(
            &t[at(1, 4)..at(1, 4) + scalar_len(t, at(1, 4)).unwrap()],
            "plain text"
        );
        assert_eq!(
            &t[at(2, 4)..at(2, 4) + scalar_len(t, at(2, 4)).unwrap()],
            "\"x \\\" y\""
        );
        assert_eq!(
            &t[at(3, 4)..at(3, 4) + scalar_len(t, at(3, 4)).unwrap()],
            "'it''s'"
        );
        assert_eq!(scalar_len(t, at(4, 4)), None);
        let f = "- {month: 2023-03, sent_on: 2023-04-11}\n";
        let on = f.find("2023-04").unwrap();
        assert_eq!(&f[on..on + scalar_len(f, on).unwrap()], "2023-04-11");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let t = "名称: 推进中\n";
        assert_eq!(&t[offset(t, 1, 5).unwrap()..], "推进中\n");
    }

    #[test]
    fn items_are_appended_after_the_last_line_of_a_block_not_its_blank_lines() {
        let t = "  updates:\n    - on: 2023-03-01\n      text: 甲\n\n  status: x\n";
        let end = content_end(t, 2, 4).unwrap();
        assert_eq!(&t[end..], "\n  status: x\n");
        assert_eq!(dash_indent(t, 2, 7), Some(4));
        assert_eq!(dash_indent("a: b\n", 1, 4), None);
        let items = vec![vec![("on", "2023-04-01".into()), ("text", "\"乙\"".into())]];
        assert_eq!(
            list_items(4, false, &items),
            "    - on: 2023-04-01\n      text: \"乙\"\n"
        );
        assert_eq!(
            list_items(2, true, &items),
            "  - {on: 2023-04-01, text: \"乙\"}\n"
        );
    }

    #[test]
    fn an_insertion_where_a_replacement_starts_goes_before_it() {
        let t = "a\nb\nc\n";
        let insert = Edit {
            start: 2,
            end: 2,
            text: "new\n".into(),
        };
        let replace = Edit {
            start: 2,
            end: 4,
            text: "B\n".into(),
        };
        assert_eq!(
            apply(t, vec![insert.clone(), replace.clone()]),
            "a\nnew\nB\nc\n"
        );
        assert_eq!(apply(t, vec![replace, insert]), "a\nnew\nB\nc\n");
    }

    #[test]
    fn a_block_ends_at_the_next_key_as_deep_or_shallower() {
        let t = "  evidence:\n    - a\n\n    - b\n  status: x\n";
        let end = block_end(t, 1, 3).unwrap();
        assert_eq!(&t[end..], "  status: x\n");
    }
}
