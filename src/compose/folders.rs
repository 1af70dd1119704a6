//! The template set a case is made with: the built-ins, shadowed by a `templates/` folder beside
//! the case file, then by `--templates DIR` (the explicit folder wins). One function, asked by
//! `render`, `build`, `kinds`, `summary` and the worker, so a broken folder reads the same
//! wherever it is met.

use super::Composer;
use super::templates::TemplateSet;
use std::path::{Path, PathBuf};

/// The `templates/` folder beside a case file, when there is one.
pub fn beside(case_file: &Path) -> Option<PathBuf> {
    case_file
        .parent()
        .map(|dir| dir.join("templates"))
        .filter(|dir| dir.is_dir())
}

/// The composer over the template set for a case file (none for commands without one).
pub fn composer_for(case_file: Option<&Path>, explicit: Option<&Path>) -> Result<Composer, String> {
    Composer::new(template_set_for(case_file, explicit)?)
}

/// [`composer_for`]'s template set, for listing its files.
pub fn template_set_for(
    case_file: Option<&Path>,
    explicit: Option<&Path>,
) -> Result<TemplateSet, String> {
    let beside = case_file.and_then(beside);
    template_set_over([beside.as_deref(), explicit])
}

/// The composer over the built-ins shadowed by each folder given, in order (a later folder
/// wins); a worker process rebuilds its parent's set from the same folders this way.
pub fn composer_over<'a>(
    folders: impl IntoIterator<Item = Option<&'a Path>>,
) -> Result<Composer, String> {
    Composer::new(template_set_over(folders)?)
}

fn template_set_over<'a>(
    folders: impl IntoIterator<Item = Option<&'a Path>>,
) -> Result<TemplateSet, String> {
    let mut set = TemplateSet::builtin();
    for dir in folders.into_iter().flatten() {
        set.overlay(dir)?;
    }
    Ok(set)
}

/// A digest of every file of a template set (the kinds' manifests decide which documents a
/// case supports): how a build's fingerprints and a worker process name the set.
pub fn digest(composer: &Composer) -> String {
    let mut f = crate::fingerprint::Fingerprint::default();
    for (name, text) in composer.templates().files_under("") {
        f.add(name, text.as_bytes());
    }
    f.hex()
}
