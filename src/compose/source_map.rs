//! Where each part of a composed document's Typst source came from: which template file,
//! line and column, and whether it is the template's own text or the output of a `{{ … }}`
//! expression (a case value). Typst reports its errors at lines of the generated source; this
//! map turns them back into the template line an office can open and fix.
//!
//! Tera keeps no source map, so one is made by rendering the same document a second time
//! (only when something went wrong) from *instrumented* templates: before every run of
//! literal text, at every line start inside it, and before every `{{ … }}` expression, the
//! instrumented copy carries a marker, a private-use character with the index of a
//! [`Marker`] that records the template, line and column it stands at. Rendering moves the
//! markers along with the text they stand in front of, through loops, conditions, includes and
//! macros alike; stripping them again gives the source and, for every byte of it, the last
//! marker before it. The stripped output must equal the real one byte for byte, or the map is
//! not used at all (a template that captures its own output with `{% set %}…{% endset %}` and
//! measures it, say): a wrong place is worse than none.
//!
//! This was chosen over matching the generated line's text against the template files: a
//! line such as `== {{ group.area }}` or `  )` matches many template lines, one template line
//! makes many generated lines inside a loop, and the literal text may be just `#`; the markers
//! say exactly which line of which file, including which of several included partials.
//!
//! A marker is never placed where Tera's whitespace control (`{%-`, `-%}`, …) would trim:
//! always after the whitespace a preceding `-%}` removes and before the whitespace a
//! following `{%-` removes, so the instrumented templates trim exactly as the real ones do.
//! Template text is split the way Tera 2's lexer splits it (`{{ }}`, `{% %}`, `{# #}`, raw
//! blocks, strings inside tags), see [`segments`].

use std::ops::Range;

/// Starts a marker in instrumented output; its index follows in ASCII digits, then [`END`].
const START: char = '\u{E000}';
const END: char = '\u{E001}';

/// What a marker stands in front of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkKind {
    /// The template's own text, which runs up to `literal_end` (a byte offset in the template).
    Literal { literal_end: usize },
    /// The output of a `{{ … }}` expression (or a raw block): `source` is its text in the
    /// template, delimiters included.
    Expression { source: String },
}

/// One place in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The template's name in the set (`kinds/rectification-plan.typ`).
    pub template: String,
    /// Byte offset in the template's text.
    pub position: usize,
    /// 1-based line and column (in characters) of `position`.
    pub line: usize,
    pub column: usize,
    pub kind: MarkKind,
}

/// A piece of template text as Tera's lexer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    Content,
    /// `{{ … }}`
    Expression,
    /// `{% … %}`
    Tag,
    /// `{# … #}`
    Comment,
    /// `{% raw %}…{% endraw %}`
    Raw,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    /// Byte range in the template, delimiters included.
    pub range: Range<usize>,
    /// Opens with `{{-`, `{%-` or `{#-`: trims the whitespace before it.
    pub trim_before: bool,
    /// Closes with `-}}`, `-%}` or `-#}`: trims the whitespace after it.
    pub trim_after: bool,
}

/// Splits a template into content, expressions, tags, comments and raw blocks the way Tera 2's
/// lexer does; `None` when a delimiter or a string inside a tag is never closed (Tera refuses
/// such a template too).
pub fn segments(text: &str) -> Option<Vec<Segment>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut content_start = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        let kind = match &bytes[i..i + 2] {
            b"{{" => SegmentKind::Expression,
            b"{%" => SegmentKind::Tag,
            b"{#" => SegmentKind::Comment,
            _ => {
                i += 1;
                continue;
            }
        };
        if content_start < i {
            out.push(Segment {
                kind: SegmentKind::Content,
                range: content_start..i,
                trim_before: false,
                trim_after: false,
            });
        }
        let trim_before = bytes.get(i + 2) == Some(&b'-');
        let body = i + 2 + usize::from(trim_before);
        let segment = match kind {
            SegmentKind::Comment => {
                let end = body + find(&bytes[body..], b"#}")?;
                Segment {
                    kind,
                    range: i..end + 2,
                    trim_before,
                    trim_after: end > body && bytes[end - 1] == b'-',
                }
            }
            SegmentKind::Tag if skip_tag(&text[body..], "raw").is_some() => {
                let (open_len, _) = skip_tag(&text[body..], "raw")?;
                let (end, trim_after) = raw_end(text, body + open_len)?;
                Segment {
                    kind: SegmentKind::Raw,
                    range: i..end,
                    trim_before,
                    trim_after,
                }
            }
            _ => {
                let close: &[u8] = if kind == SegmentKind::Expression {
                    b"}}"
                } else {
                    b"%}"
                };
                let (end, trim_after) = tag_end(bytes, body, close)?;
                Segment {
                    kind,
                    range: i..end,
                    trim_before,
                    trim_after,
                }
            }
        };
        i = segment.range.end;
        content_start = i;
        out.push(segment);
    }
    if content_start < bytes.len() {
        out.push(Segment {
            kind: SegmentKind::Content,
            range: content_start..bytes.len(),
            trim_before: false,
            trim_after: false,
        });
    }
    Some(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The end of a `{{ … }}` or `{% … %}` whose body starts at `from`: just past its closing
/// delimiter, and whether a `-` trims after it. Strings (`"…"`, `'…'`, `` `…` ``, with
/// backslash escapes) may hold the delimiters.
fn tag_end(bytes: &[u8], from: usize, close: &[u8]) -> Option<(usize, bool)> {
    let mut j = from;
    while j < bytes.len() {
        match bytes[j] {
            quote @ (b'"' | b'\'' | b'`') => {
                j += 1;
                while j < bytes.len() && bytes[j] != quote {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= bytes.len() {
                    return None;
                }
                j += 1;
            }
            b'-' if bytes[j + 1..].starts_with(close) => return Some((j + 3, true)),
            _ if bytes[j..].starts_with(close) => return Some((j + 2, false)),
            _ => j += 1,
        }
    }
    None
}

/// Tera's test for a tag `-? NAME -?%}` at the start of `rest` (after `{%`): the length of
/// the tag's remainder and whether it trims after.
fn skip_tag(rest: &str, name: &str) -> Option<(usize, bool)> {
    let mut ptr = rest.strip_prefix('-').unwrap_or(rest);
    ptr = ptr.trim_start_matches(|c: char| c.is_ascii_whitespace());
    ptr = ptr.strip_prefix(name)?;
    ptr = ptr.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let trims = ptr.starts_with('-');
    if trims {
        ptr = &ptr[1..];
    }
    ptr = ptr.strip_prefix("%}")?;
    Some((rest.len() - ptr.len(), trims))
}

/// The end of a raw block whose body starts at `from`: past its `{% endraw %}`.
fn raw_end(text: &str, from: usize) -> Option<(usize, bool)> {
    let mut offset = from;
    while let Some(found) = find(&text.as_bytes()[offset..], b"{%") {
        offset += found + 2;
        if let Some((len, trims)) = skip_tag(&text[offset..], "endraw") {
            return Some((offset + len, trims));
        }
    }
    None
}

/// The names a template includes (`{% include "partials/head.typ" %}`), in order.
pub fn includes(text: &str) -> Vec<String> {
    let Some(segments) = segments(text) else {
        return Vec::new();
    };
    segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Tag)
        .filter_map(|s| {
            let inner = text[s.range.clone()]
                .trim_start_matches("{%")
                .trim_start_matches('-')
                .trim_start();
            let rest = inner.strip_prefix("include")?;
            let rest = rest.trim_start();
            let quote = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\'' | '`'))?;
            let name = &rest[1..];
            name.find(quote).map(|end| name[..end].to_owned())
        })
        .collect()
}

/// 1-based line and column (in characters) of byte `position` of `text`, lines counted at
/// `\n` as Tera counts them.
pub fn line_column(text: &str, position: usize) -> (usize, usize) {
    let head = &text[..position];
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    (
        head.matches('\n').count() + 1,
        head[line_start..].chars().count() + 1,
    )
}

/// `text` with markers inserted, appending what they stand for to `markers`. A template Tera
/// would refuse (an unclosed tag) is returned as it is, without markers.
pub fn instrument(name: &str, text: &str, markers: &mut Vec<Marker>) -> String {
    let Some(segments) = segments(text) else {
        return text.to_owned();
    };
    // (byte offset in the template, marker index), in the order pushed.
    let mut inserts: Vec<(usize, usize)> = Vec::new();
    let mut mark = |position: usize, at: usize, kind: MarkKind| {
        let (line, column) = line_column(text, position);
        inserts.push((at, markers.len()));
        markers.push(Marker {
            template: name.to_owned(),
            position,
            line,
            column,
            kind,
        });
    };
    // Tera's `remove_leading_ws`: set by a closing `-%}`/`-}}`/`-#}`, consumed by the next
    // content, reset by the next tag or expression (a comment without `-#}` leaves it).
    let mut trim_next = false;
    // The kept range of the previous segment when it was content: (start, kept start, kept
    // end, end, trimmed at its start).
    let mut previous_content: Option<(usize, usize, usize, usize, bool)> = None;
    for (k, seg) in segments.iter().enumerate() {
        let this_content = seg.kind == SegmentKind::Content;
        match seg.kind {
            SegmentKind::Content => {
                let left = std::mem::take(&mut trim_next);
                let right = segments
                    .get(k + 1)
                    .is_some_and(|next| next.trim_before && next.kind != SegmentKind::Content);
                let chunk = &text[seg.range.clone()];
                let kept_start = if left {
                    chunk.len() - chunk.trim_start().len()
                } else {
                    0
                };
                let kept_end = if right {
                    chunk.trim_end().len()
                } else {
                    chunk.len()
                };
                let start = seg.range.start;
                previous_content = Some((
                    start,
                    start + kept_start,
                    start + kept_end.max(kept_start),
                    seg.range.end,
                    left,
                ));
                if kept_start >= kept_end {
                    continue; // trimmed away: prints nothing
                }
                let mut starts = vec![kept_start];
                starts.extend(
                    chunk[kept_start..kept_end]
                        .match_indices('\n')
                        .map(|(i, _)| kept_start + i + 1)
                        .filter(|&p| p < kept_end),
                );
                for (n, &p) in starts.iter().enumerate() {
                    let end = starts.get(n + 1).copied().unwrap_or(kept_end);
                    mark(
                        start + p,
                        start + p,
                        MarkKind::Literal {
                            literal_end: start + end,
                        },
                    );
                }
            }
            SegmentKind::Expression | SegmentKind::Raw => {
                // A raw block's own text is trimmed by a `-%}` before it; a marker there would
                // take that trim: leave such a block unmarked.
                let unmarked = seg.kind == SegmentKind::Raw && trim_next;
                if !unmarked {
                    let at = match previous_content {
                        Some((start, kept_start, kept_end, end, left)) if seg.trim_before => {
                            if kept_start < kept_end {
                                kept_end
                            } else if left {
                                end
                            } else {
                                start
                            }
                        }
                        _ => seg.range.start,
                    };
                    mark(
                        seg.range.start,
                        at,
                        MarkKind::Expression {
                            source: text[seg.range.clone()].to_owned(),
                        },
                    );
                }
                trim_next = seg.trim_after;
            }
            SegmentKind::Tag => trim_next = seg.trim_after,
            SegmentKind::Comment => trim_next |= seg.trim_after,
        }
        if !this_content {
            previous_content = None;
        }
    }
    // Stable: markers at one offset keep the order they were pushed in.
    inserts.sort_by_key(|&(at, _)| at);
    let mut out = String::with_capacity(text.len() + inserts.len() * 8);
    let mut copied = 0;
    for (at, index) in inserts {
        out.push_str(&text[copied..at]);
        out.push(START);
        out.push_str(&index.to_string());
        out.push(END);
        copied = at;
    }
    out.push_str(&text[copied..]);
    out
}

/// A composed source and, for each stretch of it, the marker it came after.
#[derive(Debug)]
pub struct SourceMap<'m> {
    /// (byte offset in the source where a stretch starts, marker index)
    pieces: Vec<(usize, usize)>,
    source: String,
    markers: &'m [Marker],
}

/// Where a byte of the composed source came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The template's name in the set.
    pub template: String,
    /// 1-based line and column (in characters) in the template.
    pub line: usize,
    pub column: usize,
    /// Set when the byte was printed by an expression rather than written in the template.
    pub expression: Option<Printed>,
}

/// What an expression printed, around the byte asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// The expression as written in the template, `{{ m.leader }}`.
    pub source: String,
    /// Everything it printed there.
    pub text: String,
    /// The byte asked about, as an offset in `text`.
    pub offset: usize,
}

impl<'m> SourceMap<'m> {
    /// The map of an instrumented rendering, when its output without markers is exactly
    /// `expected` (what the real templates made).
    pub fn new(instrumented: &str, expected: &str, markers: &'m [Marker]) -> Option<Self> {
        let mut pieces = Vec::new();
        let mut source = String::with_capacity(expected.len());
        let mut rest = instrumented;
        while let Some(start) = rest.find(START) {
            source.push_str(&rest[..start]);
            let after = &rest[start + START.len_utf8()..];
            let end = after.find(END)?;
            let index: usize = after[..end].parse().ok()?;
            if index >= markers.len() {
                return None;
            }
            pieces.push((source.len(), index));
            rest = &after[end + END.len_utf8()..];
        }
        source.push_str(rest);
        (source == expected).then_some(SourceMap {
            pieces,
            source,
            markers,
        })
    }

    /// Where byte `offset` of the source came from.
    pub fn locate(&self, offset: usize) -> Option<Place> {
        let n = self.pieces.partition_point(|&(start, _)| start <= offset);
        let &(start, index) = self.pieces.get(n.checked_sub(1)?)?;
        let end = self.pieces.get(n).map_or(self.source.len(), |&(s, _)| s);
        let marker = &self.markers[index];
        match &marker.kind {
            MarkKind::Literal { literal_end } => {
                // Within the literal run the source is the template's text; past its end (it
                // should not happen) the run's end is the best guess.
                let len = literal_end - marker.position;
                let within = (offset - start).min(len);
                let within = floor_char_boundary(&self.source[start..], within);
                let columns = self.source[start..start + within].chars().count();
                Some(Place {
                    template: marker.template.clone(),
                    line: marker.line,
                    column: marker.column + columns,
                    expression: None,
                })
            }
            MarkKind::Expression { source } => Some(Place {
                template: marker.template.clone(),
                line: marker.line,
                column: marker.column,
                expression: Some(Printed {
                    source: source.clone(),
                    text: self.source[start..end].to_owned(),
                    offset: offset - start,
                }),
            }),
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `templates` (name, text) with `context`, plain and instrumented, and returns
    /// the plain output with its map's markers.
    fn render_both(
        templates: &[(&str, &str)],
        main: &str,
        context: serde_json::Value,
    ) -> (String, String, Vec<Marker>) {
        let context = tera::Context::from_serialize(&context).unwrap();
        let mut plain = tera::Tera::new();
        plain.add_raw_templates(templates.to_vec()).unwrap();
        let expected = plain.render(main, &context).unwrap();
        let mut markers = Vec::new();
        let instrumented: Vec<(String, String)> = templates
            .iter()
            .map(|(n, t)| (n.to_string(), instrument(n, t, &mut markers)))
            .collect();
        let mut marked = tera::Tera::new();
        marked
            .add_raw_templates(instrumented.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .unwrap();
        let output = marked.render(main, &context).unwrap();
        (expected, output, markers)
    }

    fn place_of(expected: &str, output: &str, markers: &[Marker], needle: &str) -> Place {
        let map = SourceMap::new(output, expected, markers).expect("the map matches");
        let at = expected.find(needle).expect("needle in output");
        map.locate(at).expect("located")
    }

    #[test]
    fn a_line_of_a_loop_is_found_in_its_template() {
        let main = "{%- set n = 1 -%}\n= 标题\n\n{% for f in items -%}\n== {{ f }}\n\n#重点[x]\n{% endfor -%}\n完";
        let (expected, output, markers) = render_both(
            &[("k.typ", main)],
            "k.typ",
            serde_json::json!({"items": ["甲", "乙"]}),
        );
        let place = place_of(&expected, &output, &markers, "#重点");
        assert_eq!(
            (place.template.as_str(), place.line, place.column),
            ("k.typ", 7, 1)
        );
        assert_eq!(place.expression, None);
        let place = place_of(&expected, &output, &markers, "乙");
        assert_eq!((place.line, place.column), (5, 4));
        let printed = place.expression.unwrap();
        assert_eq!(
            (printed.source.as_str(), printed.text.as_str()),
            ("{{ f }}", "乙")
        );
        let place = place_of(&expected, &output, &markers, "完");
        assert_eq!((place.line, place.column), (9, 1));
    }

    #[test]
    fn includes_point_into_the_partial() {
        let main = "甲\n{% include \"p.typ\" %}\n乙 {{ x }}";
        let partial = "{#- 注释 -#}\n#sig(\"a\")\n  #bad()";
        let (expected, output, markers) = render_both(
            &[("k.typ", main), ("p.typ", partial)],
            "k.typ",
            serde_json::json!({"x": "值"}),
        );
        let place = place_of(&expected, &output, &markers, "#bad");
        assert_eq!(
            (place.template.as_str(), place.line, place.column),
            ("p.typ", 3, 3)
        );
        let place = place_of(&expected, &output, &markers, "乙");
        assert_eq!((place.template.as_str(), place.line), ("k.typ", 3));
    }

    #[test]
    fn whitespace_control_trims_as_before() {
        let cases = [
            "a  {{- x -}}  b",
            "a\n  {%- if t -%}\n  b  {{- x }}\n{%- endif %}",
            "{% if t -%}   {{- x -}}   {%- endif %}",
            "{% if t -%}   {{ x -}}   {% endif %}",
            "{%- if t %}   {{- x }}{{ x -}}\n\n{{- x }}{% endif -%}  \n",
            "x {#- c -#} y {# c #} z",
            "{% if t -%}{# c #}  q{% endif %}",
            "{%- raw -%}  {{ r }}  {%- endraw -%}  after",
            "a {% raw %}{{ r }}{% endraw %} b {{ \"}}\" }} c {{ '%}' }}",
            "{% set s %}  in {{ x }}{% endset -%}\n{{ s }}",
            "{% component hey(v) -%}\n  [{{ v }}]\n{%- endcomponent hey %}{{ <hey v=\"Q\" /> }} {{ <hey v={x} /> }}\n",
            "  \n\n",
            "",
        ];
        for case in cases {
            let (expected, output, markers) = render_both(
                &[("t", case)],
                "t",
                serde_json::json!({"x": "X", "t": true}),
            );
            assert!(
                SourceMap::new(&output, &expected, &markers).is_some(),
                "{case:?}: {expected:?} vs {output:?}"
            );
        }
    }

    #[test]
    fn the_templates_shipped_map_exactly() {
        // Every built-in template lexes and instruments (composing them is tested elsewhere).
        for (name, text) in crate::compose::templates::TemplateSet::builtin().files_under("") {
            if !name.ends_with(".typ") || name == "gongwen.typ" {
                continue;
            }
            let segments = segments(text).unwrap_or_else(|| panic!("{name} lexes"));
            assert_eq!(
                segments.last().map(|s| s.range.end),
                Some(text.len()),
                "{name}"
            );
            let mut markers = Vec::new();
            let marked = instrument(name, text, &mut markers);
            assert!(!markers.is_empty(), "{name}");
            let stripped: String = marked
                .split(START)
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part
                    } else {
                        &part[part.find(END).unwrap() + 3..]
                    }
                })
                .collect();
            assert_eq!(stripped, text, "{name}");
        }
    }

    #[test]
    fn includes_are_listed() {
        let text = "{%- include \"partials/head.typ\" %}\n{{ \"{% include 'no' %}\" }}\n{% include 'partials/x.typ' -%}";
        assert_eq!(includes(text), ["partials/head.typ", "partials/x.typ"]);
    }

    #[test]
    fn a_map_that_differs_from_the_output_is_refused() {
        let markers = vec![Marker {
            template: "t".into(),
            position: 0,
            line: 1,
            column: 1,
            kind: MarkKind::Literal { literal_end: 1 },
        }];
        assert!(SourceMap::new("\u{E000}0\u{E001}a", "a", &markers).is_some());
        assert!(SourceMap::new("\u{E000}0\u{E001}a", "b", &markers).is_none());
        assert!(SourceMap::new("\u{E000}7\u{E001}a", "a", &markers).is_none());
    }
}
