//! Which folder of the output folder a case's documents go to, and where documents an earlier
//! build wrote and this one no longer produces go.
//!
//! A case's folder is named after its organisation: `unit.short_name`, made safe for file
//! names. A second case file of the same organisation (another round, say) gets `名称-2`, a
//! third `名称-3`. The manifest remembers which case file (canonical path) owns which folder,
//! so a case keeps its folder whatever else is built with it, and no case writes into another
//! case's folder. A case whose organisation's short name changes moves to a folder named after
//! the new one; a folder whose case file is gone is free again.
//!
//! Folder names are compared as Windows and macOS compare them, without regard to letter case.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Where documents no longer produced are moved, inside the output folder. No case's folder
/// has this name.
pub const EXPIRED_DIR: &str = "过期";

/// A folder name as a case-insensitive file system sees it.
fn key(name: &str) -> String {
    name.to_lowercase()
}

/// True when `folder` is `base` or `base-N` (N ≥ 2, no leading zero).
pub fn is_named_after(folder: &str, base: &str) -> bool {
    folder == base
        || folder
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| !n.starts_with('0') && n.parse::<u32>().is_ok_and(|n| n >= 2))
}

/// True when the case file `owner` (a path recorded in the manifest) is gone. Only an absolute
/// path is judged: a relative one from an old manifest may have been relative to another
/// working folder, and what it owns is left alone.
pub fn is_gone(owner: &str) -> bool {
    let path = Path::new(owner);
    path.is_absolute() && !path.exists()
}

/// Releases the folders of case files that are gone.
pub fn release_gone(folders: &mut BTreeMap<String, String>) {
    folders.retain(|_, owner| !is_gone(owner));
}

/// The folder of the case file `owner` (canonical path), named after `base` (a safe file
/// name): the one it owns already if that is named after `base`, else the first of `base`,
/// `base-2`, … that no other case file owns. A folder it owned under another name is released.
pub fn assign(folders: &mut BTreeMap<String, String>, owner: &str, base: &str) -> String {
    let owned = folders
        .iter()
        .find(|(folder, o)| o.as_str() == owner && is_named_after(folder, base))
        .map(|(folder, _)| folder.clone());
    folders.retain(|folder, o| o != owner || Some(folder) == owned.as_ref());
    if let Some(folder) = owned {
        return folder;
    }
    let taken: HashSet<String> = folders.keys().map(|f| key(f)).collect();
    let name = (1..)
        .map(|n| match n {
            1 => base.to_owned(),
            n => format!("{base}-{n}"),
        })
        .find(|name| !taken.contains(&key(name)) && key(name) != key(EXPIRED_DIR))
        .expect("some number is free");
    folders.insert(name.clone(), owner.to_owned());
    name
}

/// Moves a document an earlier build wrote (`output`, relative to `out_dir`, and its page
/// files `name-1.png` … if it was written per page) to the same place under `过期/`, never over
/// a file already there (`name（2）.pdf` …). Returns the new paths, relative to `out_dir`; none
/// when the document is no longer there. A folder left empty is removed.
pub fn expire(out_dir: &Path, output: &str) -> Result<Vec<String>, String> {
    let target = out_dir.join(output);
    let mut sources = Vec::new();
    if target.is_file() {
        sources.push(output.to_owned());
    } else {
        let (stem, ext) = split_name(output);
        sources.extend(
            (1..)
                .map(|n| format!("{stem}-{n}{ext}"))
                .take_while(|page| out_dir.join(page).is_file()),
        );
    }
    let mut moved = Vec::new();
    for source in sources {
        let (stem, ext) = split_name(&source);
        let destination = (1..)
            .map(|n| match n {
                1 => format!("{EXPIRED_DIR}/{source}"),
                n => format!("{EXPIRED_DIR}/{stem}（{n}）{ext}"),
            })
            .find(|d| !out_dir.join(d).exists())
            .expect("some number is free");
        let to = out_dir.join(&destination);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("无法创建目录 {}：{e}", parent.display()))?;
        }
        std::fs::rename(out_dir.join(&source), &to).map_err(|e| {
            format!("无法将 {source} 移入 {EXPIRED_DIR}/（cannot move a stale document）：{e}")
        })?;
        moved.push(destination);
    }
    if let Some(parent) = target.parent().filter(|p| *p != out_dir) {
        let _ = std::fs::remove_dir(parent); // only when empty
    }
    Ok(moved)
}

/// `("a/b", ".pdf")` for `a/b.pdf`; the extension is what follows the last dot of the file name.
fn split_name(path: &str) -> (&str, &str) {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        Some(dot) => path.split_at(name_start + dot),
        None => (path, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(f, o)| ((*f).to_owned(), (*o).to_owned()))
            .collect()
    }

    #[test]
    fn a_folder_is_named_after_the_organisation_and_kept_by_its_owner() {
        let mut f = BTreeMap::new();
        assert_eq!(assign(&mut f, "/c/a.yaml", "青山区委"), "青山区委");
        assert_eq!(assign(&mut f, "/c/b.yaml", "青山区委"), "青山区委-2");
        assert_eq!(assign(&mut f, "/c/c.yaml", "石岭县委"), "石岭县委");
        // Asked again, alone or in any order: the same folders.
        assert_eq!(assign(&mut f, "/c/b.yaml", "青山区委"), "青山区委-2");
        assert_eq!(assign(&mut f, "/c/a.yaml", "青山区委"), "青山区委");
        assert_eq!(f.len(), 3);
        // A new short name: a new folder, the old one released.
        assert_eq!(assign(&mut f, "/c/c.yaml", "新县委"), "新县委");
        assert!(!f.contains_key("石岭县委"));
    }

    #[test]
    fn folder_names_differing_in_letter_case_or_named_expired_are_not_given() {
        let mut f = folders(&[("ABC", "/c/a.yaml")]);
        assert_eq!(assign(&mut f, "/c/b.yaml", "abc"), "abc-2");
        assert_eq!(assign(&mut f, "/c/c.yaml", EXPIRED_DIR), "过期-2");
    }

    #[test]
    fn only_numbered_names_count_as_named_after_a_base() {
        assert!(is_named_after("青山区委", "青山区委"));
        assert!(is_named_after("青山区委-2", "青山区委"));
        assert!(!is_named_after("青山区委-1", "青山区委"));
        assert!(!is_named_after("青山区委-02", "青山区委"));
        assert!(!is_named_after("青山区委-x", "青山区委"));
        assert!(!is_named_after("青山区委办", "青山区委"));
    }

    #[test]
    fn the_folders_of_gone_case_files_are_released_and_relative_owners_kept() {
        let dir = tempfile::tempdir().unwrap();
        let here = dir.path().join("a.yaml");
        std::fs::write(&here, "x").unwrap();
        let gone = dir.path().join("gone.yaml");
        let mut f = folders(&[
            ("a", &here.to_string_lossy()),
            ("b", &gone.to_string_lossy()),
            ("c", "relative/old.yaml"),
        ]);
        release_gone(&mut f);
        assert_eq!(f.keys().collect::<Vec<_>>(), ["a", "c"]);
    }

    #[test]
    fn an_expired_document_moves_without_overwriting_and_an_emptied_folder_goes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("青山区委")).unwrap();
        std::fs::write(out.join("青山区委/表-1.1.pdf"), "new").unwrap();
        std::fs::create_dir_all(out.join("过期/青山区委")).unwrap();
        std::fs::write(out.join("过期/青山区委/表-1.1.pdf"), "older").unwrap();
        let moved = expire(out, "青山区委/表-1.1.pdf").unwrap();
        assert_eq!(moved, ["过期/青山区委/表-1.1（2）.pdf"]);
        assert_eq!(
            std::fs::read_to_string(out.join("过期/青山区委/表-1.1.pdf")).unwrap(),
            "older"
        );
        assert!(
            !out.join("青山区委").exists(),
            "the emptied folder is removed"
        );
        assert_eq!(
            expire(out, "青山区委/表-1.1.pdf").unwrap(),
            Vec::<String>::new()
        );

        // Page files of a per-page document; a hand-made file keeps its folder.
        std::fs::create_dir_all(out.join("x")).unwrap();
        for f in ["x/p-1.png", "x/p-2.png", "x/笔记.txt"] {
            std::fs::write(out.join(f), "p").unwrap();
        }
        let moved = expire(out, "x/p.png").unwrap();
        assert_eq!(moved, ["过期/x/p-1.png", "过期/x/p-2.png"]);
        assert!(out.join("x/笔记.txt").is_file());
    }
}
