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
/// trailing spaces left out), single- or double-quoted. `None` for a block scalar (`|`, `>`) or
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
            let end = line.find(" #").unwrap_or(line.len());
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

/// Applies `edits` (non-overlapping) to `text`.
pub fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
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
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let t = "名称: 推进中\n";
        assert_eq!(&t[offset(t, 1, 5).unwrap()..], "推进中\n");
    }

    #[test]
    fn a_block_ends_at_the_next_key_as_deep_or_shallower() {
        let t = "  evidence:\n    - a\n\n    - b\n  status: x\n";
        let end = block_end(t, 1, 3).unwrap();
        assert_eq!(&t[end..], "  status: x\n");
    }
}
