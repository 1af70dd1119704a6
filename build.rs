//! Embeds every file under `templates/` into the binary, so the built-in document kinds and
//! the layout library travel with it and adding a kind means adding files, not Rust code; and
//! gives the program a digest of its own source (`XUNSHI_SOURCE_DIGEST`), so a build's
//! manifest tells documents made by this program from those made by an earlier build of the
//! same version number.

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

    let manifest_dir = Path::new(&manifest_dir);
    let mut sources = Vec::new();
    collect(&manifest_dir.join("src"), manifest_dir, &mut sources);
    for name in ["Cargo.lock", "build.rs"] {
        sources.push((name.to_owned(), manifest_dir.join(name)));
    }
    sources.sort();
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!(
        "cargo:rustc-env=XUNSHI_SOURCE_DIGEST={:016x}",
        source_digest(&sources)
    );
}

/// FNV-1a over each file's name and bytes: stable across machines and compiler versions.
fn source_digest(files: &[(String, PathBuf)]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, path) in files {
        let bytes = std::fs::read(path).unwrap_or_default();
        for byte in name.bytes().chain([0]).chain(bytes).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
