//! Output file names built from case data, made safe on every file system an office uses:
//! no `<>:"/\|?*` or control characters, no trailing dot or space, no reserved Windows device
//! name (CON, PRN, AUX, NUL, COM1–9, LPT1–9), and not empty.

/// A file or folder name that is safe to create, derived from `raw`.
pub fn safe_file_name(raw: &str) -> String {
    let mut name: String = raw
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    while name.ends_with(['.', ' ']) {
        name.pop();
    }
    let name = name.trim_start().to_owned();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        return "_".to_owned();
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    if reserved { format!("_{name}") } else { name }
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

    #[test]
    fn separators_and_wildcards_become_underscores() {
        assert_eq!(safe_file_name("审核意见-审1"), "审核意见-审1");
        assert_eq!(
            safe_file_name("a/b\\c:d?e*f|g<h>i\"j"),
            "a_b_c_d_e_f_g_h_i_j"
        );
        assert_eq!(safe_file_name("../../etc/passwd"), ".._.._etc_passwd");
        assert_eq!(safe_file_name("名称\n换行"), "名称_换行");
    }

    #[test]
    fn reserved_windows_names_are_prefixed() {
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("con.pdf"), "_con.pdf");
        assert_eq!(safe_file_name("LPT1"), "_LPT1");
        assert_eq!(safe_file_name("COM9.txt"), "_COM9.txt");
        assert_eq!(safe_file_name("COM0"), "COM0");
        assert_eq!(safe_file_name("CONSOLE"), "CONSOLE");
    }

    #[test]
    fn empty_dots_and_trailing_spaces_are_mended() {
        assert_eq!(safe_file_name(""), "_");
        assert_eq!(safe_file_name(".."), "_");
        assert_eq!(safe_file_name("报告. "), "报告");
    }
}
