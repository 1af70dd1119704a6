//! Embeds every file under `templates/` into the binary, so the built-in document kinds and
//! the layout library travel with it and adding a kind means adding files, not Rust code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let name = rel.to_string_lossy().replace('\\', "/");
            out.push((name, path.canonicalize().unwrap_or(path)));
        }
    }
}

fn main() {
    // The manifest folder as Cargo gives it to this run (not as it was when this script was
    // compiled), so a reused build script never reads a folder that has since gone.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("Cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("templates");
    println!("cargo:rerun-if-changed=templates");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    // A binary without its templates knows no document kind and builds nothing while saying
    // it succeeded: refuse to make one.
    assert!(
        files.iter().any(|(name, _)| name == "gongwen.typ")
            && files.iter().any(|(name, _)| name.starts_with("kinds/")),
        "templates/ at {} holds no layout library or kinds",
        root.display()
    );
    let mut code =
        String::from("/// Every file under `templates/`: (path relative to it, text).\n");
    code.push_str("pub static BUILTIN_TEMPLATES: &[(&str, &str)] = &[\n");
    for (name, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin_templates.rs");
    std::fs::write(out, code).unwrap();
}
