//! Loading one case file: bytes (size limit), text (encoding), YAML (syntax, duplicate keys,
//! budgets), schema, typed model, lint. Each stage stops the file at its first kind of failure,
//! so the user fixes the cause before its consequences are listed.

use super::MAX_FILE_BYTES;
use super::diagnostic::{Diagnostic, Source};
use super::lint;
use super::model::Case;
use super::rules_file;
use super::schema;
use super::settings;
use super::yaml::{self, PositionIndex};
use std::path::{Path, PathBuf};

/// A case file that parsed and validated, its warnings, and where each field sits.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    pub path: PathBuf,
    pub case: Case,
    pub warnings: Vec<Diagnostic>,
    /// Field path to position, for anyone reporting a problem about a field later on.
    pub positions: PositionIndex,
}

impl LoadedCase {
    /// Line and column (1-based) of the field `unit.leaders[2].name`: its value, else its key.
    pub fn position(&self, field: &str) -> Option<(usize, usize)> {
        self.positions
            .values
            .get(field)
            .or_else(|| self.positions.keys.get(field))
            .copied()
    }

    /// The position of `field`, or of the nearest enclosing field that is written in the file
    /// (a missing `findings[3].measures[0].evidence` points at `findings[3].measures[0]`).
    pub fn position_near(&self, field: &str) -> Option<(usize, usize)> {
        let mut path = field;
        loop {
            if let Some(at) = self.position(path) {
                return Some(at);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

/// Reads, parses, validates and lints one case file. `Err` holds every diagnostic found
/// (errors first by position, warnings among them) when any is an error; warnings alone ride
/// in `Ok`.
pub fn load_case(path: &Path) -> Result<LoadedCase, Vec<Diagnostic>> {
    let whole_file = |zh: String, en: String| vec![Diagnostic::error_in(path, 0, 0, zh, en)];
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => {
            return Err(whole_file(
                format!("无法读取文件：{e}"),
                format!("cannot read the file: {e}"),
            ));
        }
    };
    if size > MAX_FILE_BYTES {
        return Err(whole_file(too_big_zh(size), too_big_en(size)));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Err(whole_file(
                format!("无法读取文件：{e}"),
                format!("cannot read the file: {e}"),
            ));
        }
    };
    load_source(path, &bytes)
}

fn too_big_zh(size: u64) -> String {
    format!(
        "文件大小 {:.1} MB，超过案卷文件大小上限 {} MB，已拒绝读取（案卷通常只有几十 KB，请检查是否选错了文件）",
        size as f64 / 1024.0 / 1024.0,
        MAX_FILE_BYTES / 1024 / 1024
    )
}

fn too_big_en(size: u64) -> String {
    format!(
        "the file is {:.1} MB, over the case-file size limit of {} MB; refused",
        size as f64 / 1024.0 / 1024.0,
        MAX_FILE_BYTES / 1024 / 1024
    )
}

/// As [`load_case`], from bytes already read (`path` only names the file in diagnostics).
pub fn load_source(path: &Path, bytes: &[u8]) -> Result<LoadedCase, Vec<Diagnostic>> {
    let text = decode(path, bytes).map_err(|d| vec![*d])?;
    let source = Source { path, text };
    let (mut value, positions) = yaml::parse(&source).map_err(|d| vec![*d])?;
    // What the office set once (xunshi.yaml beside or above the case) fills what it leaves out.
    if let Some(found) = settings::find(path).map_err(|d| vec![*d])? {
        found.settings.fill(&mut value);
    }
    schema::coerce_text_fields(schema::case(), &mut value, &positions);
    schema::accept_chinese_values(schema::case(), &mut value);
    let errors = schema::validate(schema::case(), &value, &positions, &source);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut case: Case = match serde_json::from_value(value) {
        Ok(case) => case,
        Err(e) => {
            return Err(vec![source.error(
                (1, 1),
                "",
                format!("案卷内容无法读入：{e}"),
                format!("the case cannot be read: {e}"),
            )]);
        }
    };
    // The 办法 it is judged by: the office's rules.yaml (or --rules) over the built-in one.
    case.rules = rules_file::for_case(path).map_err(|d| vec![*d])?;
    let mut diagnostics = lint::lint(&case, &positions, &source);
    diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(LoadedCase {
        path: path.to_path_buf(),
        case,
        warnings: diagnostics,
        positions,
    })
}

/// The file's text: UTF-8, with an optional BOM. Anything else is refused with what the
/// encoding looks like and how to convert it.
fn decode<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str, Box<Diagnostic>> {
    let error = |line: usize, column: usize, zh: String, en: String| {
        Box::new(Diagnostic::error_in(path, line, column, zh, en))
    };
    let name = path.display();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = bytes.len() as u64;
        return Err(error(0, 0, too_big_zh(size), too_big_en(size)));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err(error(
            1,
            1,
            format!(
                "文件看起来是 UTF-16 编码（Windows 记事本的“Unicode”），案卷须为 UTF-8 编码。转换方法：用记事本打开，“另存为”时编码选“UTF-8”；或运行 iconv -f UTF-16 -t UTF-8 {name} > 新文件.yaml"
            ),
            format!(
                "the file looks UTF-16 encoded; case files must be UTF-8. Convert: iconv -f UTF-16 -t UTF-8 {name} > new.yaml"
            ),
        ));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.valid_up_to();
            let before = &body[..at];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            if looks_gbk(body) {
                Err(error(
                    line,
                    column,
                    format!(
                        "文件看起来是 GBK（GB2312/GB18030）编码，案卷须为 UTF-8 编码。转换方法：运行 iconv -f GBK -t UTF-8 {name} > 新文件.yaml；或用记事本打开，“另存为”时编码选“UTF-8”"
                    ),
                    format!(
                        "the file looks GBK encoded; case files must be UTF-8. Convert: iconv -f GBK -t UTF-8 {name} > new.yaml"
                    ),
                ))
            } else {
                Err(error(
                    line,
                    column,
                    "文件不是 UTF-8 编码（在此处遇到无法识别的字节）。请用编辑器以 UTF-8 编码重新保存".to_owned(),
                    "the file is not valid UTF-8 (undecodable byte here); save it as UTF-8".to_owned(),
                ))
            }
        }
    }
}

/// Many NUL bytes at alternating positions: UTF-16 without a BOM.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.len() < 4 {
        return false;
    }
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = head.len() / 2;
    even * 4 >= half || odd * 4 >= half
}

/// Every non-ASCII byte is part of a GBK double-byte pair (lead 0x81–0xFE, trail 0x40–0xFE
/// except 0x7F), and there is at least one.
fn looks_gbk(bytes: &[u8]) -> bool {
    let mut i = 0;
    let mut pairs = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let Some(&t) = bytes.get(i + 1) else {
            return false;
        };
        if !(0x81..=0xFE).contains(&b) || !(0x40..=0xFE).contains(&t) || t == 0x7F {
            return false;
        }
        pairs += 1;
        i += 2;
    }
    pairs > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_recognised() {
        // “整改” in GBK.
        let gbk = b"name: \xd5\xfb\xb8\xc4\n";
        let e = load_source(Path::new("g.yaml"), gbk).unwrap_err();
        assert!(
            e[0].message_zh.contains("GBK") && e[0].message_zh.contains("iconv -f GBK -t UTF-8")
        );
        assert_eq!((e[0].line, e[0].column), (1, 7));
        let utf16: Vec<u8> = "\u{feff}a: b\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = load_source(Path::new("u.yaml"), &utf16).unwrap_err();
        assert!(e[0].message_zh.contains("UTF-16"));
        let no_bom: Vec<u8> = "a: b\nc: d\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(
            load_source(Path::new("u.yaml"), &no_bom).unwrap_err()[0]
                .message_zh
                .contains("UTF-16")
        );
    }
}
