//! What a build's documents are made from, as fingerprints: a case file's bytes with the
//! settings in force for it, the template files a kind uses, the fonts, the format and the
//! program itself. A document whose fingerprint is unchanged is fresh. Also reading a case
//! file for a build, with the size limit loading applies.

use super::BuildOptions;
use crate::case;
use crate::compose::Composer;
use crate::compose::templates::LAYOUT_LIBRARY;
use crate::compose::view::Selection;
use crate::fingerprint::Fingerprint;
use crate::produce::Format;
use std::path::Path;

/// Reads a case file; the error is the full, readable report.
pub(super) fn read(path: &Path) -> Result<Vec<u8>, String> {
    let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > case::MAX_FILE_BYTES);
    if too_big {
        // load_case refuses it with the limit named, without reading it whole.
        return Err(case::load_case(path)
            .err()
            .map_or_else(String::new, |d| case::render_report(&d)));
    }
    std::fs::read(path).map_err(|e| format!("{}: 无法读取（cannot read）：{e}", path.display()))
}

/// The program that makes the documents: its version and a digest of its source, so a build
/// of changed code (same version number) does not take an earlier build's documents as fresh.
const PROGRAM: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("XUNSHI_SOURCE_DIGEST"));

/// A digest of a case file's bytes, of the office settings in force for it (which fill what
/// it leaves out) and of its rules file (which dates every duty), standing for them in every
/// fingerprint.
pub(super) fn case_digest(path: &Path, bytes: &[u8]) -> String {
    let settings = case::settings::nearest(path)
        .and_then(|file| std::fs::read(file).ok())
        .unwrap_or_default();
    let rules = case::rules_file::bytes_in_force(path);
    let mut f = Fingerprint::default();
    f.add("case", bytes)
        .add("settings", &settings)
        .add("rules", &rules);
    f.hex()
}

/// The fingerprint of what a case's list of documents follows from: its bytes
/// ([`case_digest`]), its template set ([`crate::compose::folders::digest`]) and the program (which validates
/// and selects).
pub(super) fn plan_fingerprint(templates: &str, case: &str) -> String {
    let mut f = Fingerprint::default();
    f.add("program", PROGRAM.as_bytes())
        .add("templates", templates.as_bytes())
        .add("case", case.as_bytes());
    f.hex()
}

/// Everything a document is made from: the case file, its kind's templates and the layout
/// library, the fonts, the output settings and the program (version and source digest).
pub(super) fn fingerprint(
    options: &BuildOptions,
    format: &Format,
    composer: &Composer,
    case_digest: &str,
    selection: &Selection<'_>,
) -> String {
    let mut f = Fingerprint::default();
    f.add("program", PROGRAM.as_bytes())
        .add("case", case_digest.as_bytes())
        .add("kind", selection.kind.id.as_bytes())
        .add("item", format!("{:?}", selection.item).as_bytes())
        .add("format", format.name().as_bytes())
        .add("fonts", options.fonts_fingerprint.as_bytes());
    // The files this kind is made with: its manifest and template, the shared partials and
    // the layout library; touching another kind's template leaves this document alone.
    let own = [
        format!("kinds/{}.kind.yaml", selection.kind.id),
        selection.kind.template_name(),
    ];
    for (name, text) in composer.templates().files_under("") {
        if own.iter().any(|o| o == name) || name.starts_with("partials/") || name == LAYOUT_LIBRARY
        {
            f.add(name, text.as_bytes());
        }
    }
    f.hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_is_named_by_its_version_and_a_digest_of_its_source() {
        let (version, digest) = PROGRAM.split_once('+').unwrap();
        assert_eq!(version, env!("CARGO_PKG_VERSION"));
        assert_eq!(digest.len(), 16);
        assert!(digest.chars().all(|c| c.is_ascii_hexdigit()), "{digest}");
    }
}
