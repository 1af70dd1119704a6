//! The build manifest (`OUTDIR/.xunshi-manifest.json`): for every document a build produced,
//! the fingerprint of everything it was made from (the case file's bytes, the templates, the
//! fonts, the settings, the program: its version and a digest of its source). A document whose
//! fingerprint is unchanged and whose output still exists is skipped; that decision lives here
//! and is tested here.
//!
//! It also keeps, per valid case file, the documents the case supports, under the fingerprint
//! of what that list follows from (the file's bytes, the template set, the program):
//! a case file that has not changed is then neither parsed nor validated again to plan a
//! build, which is most of the time of a build with nothing to do.
//!
//! And it keeps which case file (by its canonical path) owns which folder of the output folder
//! (see [`super::folders`]), so a case's folder does not depend on what else is built with it,
//! and a document an earlier build wrote that this one no longer produces is known as such.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The manifest's file name inside the output folder.
pub const MANIFEST_FILE: &str = ".xunshi-manifest.json";

/// What one produced document was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The case file it was rendered from: its canonical path (relative in manifests written
    /// before version 2).
    pub case: PathBuf,
    pub kind: String,
    /// [`Fingerprint::hex`] of its inputs.
    pub inputs: String,
}

/// Every document of the last builds into one output folder, by output path relative to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub documents: BTreeMap<String, Entry>,
    /// The documents each valid case file supports, by the case file's canonical path.
    #[serde(default)]
    pub cases: BTreeMap<String, CasePlan>,
    /// The case file (canonical path) that owns each folder of the output folder.
    #[serde(default)]
    pub folders: BTreeMap<String, String>,
}

/// The documents one valid case file supports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePlan {
    /// [`Fingerprint::hex`] of what the list follows from.
    pub inputs: String,
    pub documents: Vec<RecordedDocument>,
    /// The organisation's short name (`unit.short_name`), which names the case's folder;
    /// absent in manifests written before version 2 (such a plan is made again).
    #[serde(default)]
    pub organisation: Option<String>,
}

/// One document a case supports as the manifest records it: its kind by id, the item for
/// per-item kinds, its file stem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDocument {
    pub kind: String,
    pub item: Option<usize>,
    pub stem: String,
}

impl Manifest {
    /// Reads the manifest of `out_dir`; a missing or unreadable one is an empty manifest (every
    /// document is then rebuilt, which is always safe). One written before version 2 is
    /// brought up to date: its case paths made canonical where they still resolve, and the
    /// owner of each folder taken from the documents in it.
    pub fn load(out_dir: &Path) -> Manifest {
        let mut manifest: Manifest = std::fs::read(out_dir.join(MANIFEST_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        if manifest.version < 2 {
            manifest.upgrade();
        }
        manifest
    }

    /// Canonical case paths and folder owners for a manifest written before version 2. A
    /// relative path that no longer resolves (it was relative to another working folder) is
    /// kept as it is: its documents are left alone.
    fn upgrade(&mut self) {
        for entry in self.documents.values_mut() {
            if let Ok(canonical) = entry.case.canonicalize() {
                entry.case = canonical;
            }
        }
        self.cases.retain(|case, _| Path::new(case).is_absolute());
        if self.folders.is_empty() {
            for (output, entry) in &self.documents {
                if let Some((folder, _)) = output.split_once('/') {
                    self.folders
                        .entry(folder.to_owned())
                        .or_insert_with(|| entry.case.to_string_lossy().into_owned());
                }
            }
        }
    }

    /// True when `output` (relative to `out_dir`) exists and was made from exactly `inputs`.
    pub fn is_fresh(&self, out_dir: &Path, output: &str, inputs: &str) -> bool {
        self.documents
            .get(output)
            .is_some_and(|e| e.inputs == inputs)
            && out_dir.join(output).is_file()
    }

    pub fn record(&mut self, output: String, entry: Entry) {
        self.documents.insert(output, entry);
    }

    /// The plan of `case`, if it was planned from exactly `inputs`.
    pub fn plan(&self, case: &Path, inputs: &str) -> Option<&CasePlan> {
        self.cases
            .get(&*case.to_string_lossy())
            .filter(|plan| plan.inputs == inputs)
    }

    pub fn record_plan(&mut self, case: &Path, plan: CasePlan) {
        self.cases.insert(case.to_string_lossy().into_owned(), plan);
    }

    /// Writes the manifest atomically.
    pub fn save(&self, out_dir: &Path) -> std::io::Result<()> {
        let mut manifest = self.clone();
        manifest.version = 2;
        let json = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
        crate::export::write_atomically(&out_dir.join(MANIFEST_FILE), &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::Fingerprint;

    fn fp(parts: &[(&str, &[u8])]) -> String {
        let mut f = Fingerprint::default();
        for (l, b) in parts {
            f.add(l, b);
        }
        f.hex()
    }

    #[test]
    fn fingerprints_are_stable_and_sensitive() {
        let a = fp(&[("case", b"x: 1"), ("template", b"t")]);
        assert_eq!(a, fp(&[("case", b"x: 1"), ("template", b"t")]));
        assert_ne!(a, fp(&[("case", b"x: 2"), ("template", b"t")]));
        assert_ne!(a, fp(&[("case", b"x: 1t"), ("template", b"")]));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn a_document_is_fresh_only_with_same_inputs_and_its_file_present() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        let entry = Entry {
            case: "c.yaml".into(),
            kind: "k".into(),
            inputs: "abc".into(),
        };
        m.record("c/k.pdf".into(), entry);
        assert!(!m.is_fresh(dir.path(), "c/k.pdf", "abc"), "file missing");
        std::fs::create_dir_all(dir.path().join("c")).unwrap();
        std::fs::write(dir.path().join("c/k.pdf"), b"%PDF").unwrap();
        assert!(m.is_fresh(dir.path(), "c/k.pdf", "abc"));
        assert!(!m.is_fresh(dir.path(), "c/k.pdf", "abd"));
        m.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()).documents, m.documents);
    }

    #[test]
    fn a_case_plan_is_reused_only_with_the_same_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        let documents = vec![RecordedDocument {
            kind: "review-opinion".into(),
            item: Some(0),
            stem: "审核意见-审1".into(),
        }];
        m.record_plan(
            Path::new("cases/a.yaml"),
            CasePlan {
                inputs: "abc".into(),
                documents: documents.clone(),
                organisation: Some("青山区委".into()),
            },
        );
        m.save(dir.path()).unwrap();
        let m = Manifest::load(dir.path());
        assert_eq!(
            m.plan(Path::new("cases/a.yaml"), "abc")
                .map(|p| p.documents.as_slice()),
            Some(documents.as_slice())
        );
        assert_eq!(m.plan(Path::new("cases/a.yaml"), "abd"), None);
        assert_eq!(m.plan(Path::new("cases/b.yaml"), "abc"), None);
    }

    #[test]
    fn a_manifest_without_plans_still_loads() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(MANIFEST_FILE),
            r#"{"version":1,"documents":{"c/k.pdf":{"case":"c.yaml","kind":"k","inputs":"abc"}}}"#,
        )
        .unwrap();
        let m = Manifest::load(dir.path());
        assert_eq!(m.documents.len(), 1);
        assert!(m.cases.is_empty());
        assert_eq!(
            m.folders.get("c").map(String::as_str),
            Some("c.yaml"),
            "an old manifest's folders are owned by the cases of their documents"
        );
    }
}
