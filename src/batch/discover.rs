//! Finding case files: every `*.yaml` / `*.yml` file named on the command line or under a named
//! folder, in a stable order, skipping hidden files and folders (names starting with `.`, such
//! as the `._case.yaml` files macOS leaves on shared drives) and `templates/` folders (which
//! hold document-kind manifests, not cases).

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// True for a path whose extension marks a YAML file.
pub fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// True for a hidden file or folder name (starting with `.`): never a case found in a folder.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// The case files under `paths`, sorted and without duplicates. A named file is taken whatever
/// its extension; a path that does not exist is returned as an error message.
pub fn case_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            let walker = WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0
                        || !(is_hidden(e.file_name())
                            || e.file_type().is_dir() && e.file_name() == "templates")
                });
            for entry in walker {
                let entry =
                    entry.map_err(|e| format!("无法读取目录（cannot read folder）：{e}"))?;
                // An office's settings (xunshi.yaml) and rules (rules.yaml) are not cases.
                let office_file = [
                    crate::case::settings::FILE_NAME,
                    crate::case::rules_file::FILE_NAME,
                ]
                .iter()
                .any(|name| entry.file_name() == *name);
                if entry.file_type().is_file() && is_yaml(entry.path()) && !office_file {
                    files.push(entry.into_path());
                }
            }
        } else {
            return Err(format!(
                "找不到文件或目录（no such file or folder）：{}",
                path.display()
            ));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_for_yaml_and_skips_templates_and_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a.yaml",
            "b.yml",
            "c.txt",
            "sub/d.yaml",
            "templates/kinds/x.kind.yaml",
            ".git/e.yaml",
            "._a.yaml",
            ".draft.yml",
            "sub/._d.yaml",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let found = case_files(&[root.to_path_buf()]).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(names, ["a.yaml", "b.yml", "sub/d.yaml"]);
        assert!(case_files(&[root.join("missing")]).is_err());
    }
}
