//! The Typst `World` of one document: what the compiler may see while laying it out.
//!
//! Modelled on typst-cli's `SystemWorld`, but sandboxed: it serves our layout library
//! (`/gongwen.typ`), the generated font chains (`/fonts.typ`), the job's main source and its
//! extra virtual files (`/data.json`, `/body.typ`, ...), and, only if the job names an asset
//! folder, files inside that folder. No packages, nothing else from disk. `today()` is the
//! document's own date, never the clock, so identical input gives identical output.
//!
//! File ids are interned per process (at most 65,535), so the fixed paths here are reused for
//! every document; never derive a virtual path from per-document data.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::fonts::FontSet;

/// The fixed virtual path of the document's main source.
pub const MAIN_PATH: &str = "/main.typ";
/// The fixed virtual path of the layout library.
pub const GONGWEN_PATH: &str = "/gongwen.typ";
/// The fixed virtual path of the generated font chains.
pub const FONTS_PATH: &str = "/fonts.typ";

/// Interns a fixed project path (panics only on a malformed constant).
pub fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("valid virtual path"),
    )
    .intern()
}

pub(crate) static MAIN_ID: LazyLock<FileId> = LazyLock::new(|| file_id(MAIN_PATH));
pub(crate) static GONGWEN_ID: LazyLock<FileId> = LazyLock::new(|| file_id(GONGWEN_PATH));
pub(crate) static FONTS_ID: LazyLock<FileId> = LazyLock::new(|| file_id(FONTS_PATH));

/// A folder whose files a document may read (images, tables the case file references).
#[derive(Debug, Clone)]
pub struct Assets {
    /// The folder; virtual path `/x/y.png` is `root/x/y.png`.
    pub root: PathBuf,
    /// When `Some`, only these paths (relative to `root`) are served; `None` serves the folder.
    pub only: Option<Vec<PathBuf>>,
}

impl Assets {
    /// Reads the file behind a virtual path, refusing anything outside the folder or not listed.
    fn read(&self, vpath: &VirtualPath) -> FileResult<Bytes> {
        let relative = Path::new(vpath.get_without_slash());
        if let Some(only) = &self.only
            && !only.iter().any(|p| p == relative)
        {
            return Err(FileError::AccessDenied);
        }
        let path = self.root.join(relative);
        // Symlinks could lead out of the folder: compare the real locations.
        let root = self
            .root
            .canonicalize()
            .map_err(|e| FileError::from_io(e, &self.root))?;
        let real = path
            .canonicalize()
            .map_err(|e| FileError::from_io(e, &path))?;
        if !real.starts_with(&root) {
            return Err(FileError::AccessDenied);
        }
        if real.is_dir() {
            return Err(FileError::IsDirectory);
        }
        std::fs::read(&real)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &path))
    }
}

/// What a world shares with every other document of the same engine.
pub(crate) struct Shared {
    pub library: LazyHash<Library>,
    /// The library for the semantic (Word) pass: Typst's HTML target switched on and
    /// `sys.inputs.xunshi-target` = `"docx"`, which `gongwen.typ` reads to emit named roles.
    pub word_library: LazyHash<Library>,
    pub fonts: FontSet,
    pub gongwen: Source,
    pub fonts_module: Source,
    /// Users' own layout libraries, parsed once per distinct text (see [`Shared::layout`]).
    pub layouts: Mutex<Vec<Source>>,
}

/// How many distinct user layout libraries stay parsed: one per template folder in a batch;
/// `watch` adds one per saved edit, so the one used longest ago goes when the list is full.
const KEPT_LAYOUTS: usize = 8;

impl Shared {
    /// A user's layout library as a parsed source. Parsed once per distinct text: a batch with
    /// its own templates would otherwise parse the whole library again for every document
    /// (measured: 11 million instructions, 4% of a rectification plan).
    pub fn layout(&self, text: &str) -> Source {
        let mut parsed = self.layouts.lock().unwrap_or_else(|e| e.into_inner());
        recall(
            &mut parsed,
            KEPT_LAYOUTS,
            |s| s.text() == text,
            || Source::new(*GONGWEN_ID, text.to_owned()),
        )
    }
}

/// The entry of a list kept most recently used last that `matches`, moved to the end, or a new
/// one `make` gives; when the list holds `keep` entries the oldest goes.
fn recall<T: Clone>(
    list: &mut Vec<T>,
    keep: usize,
    matches: impl Fn(&T) -> bool,
    make: impl FnOnce() -> T,
) -> T {
    let entry = match list.iter().position(matches) {
        Some(at) => list.remove(at),
        None => make(),
    };
    if list.len() >= keep {
        list.remove(0);
    }
    list.push(entry.clone());
    entry
}

/// The world of one compilation.
pub(crate) struct DocWorld<'a> {
    shared: &'a Shared,
    main: Source,
    /// A user's own layout library for this document, shadowing the built-in one.
    layout: Option<Source>,
    /// Extra virtual files; `.typ` ones pre-parsed.
    files: HashMap<FileId, (Bytes, Option<Source>)>,
    assets: Option<&'a Assets>,
    today: Datetime,
    /// Compiled for the semantic (Word) pass, with [`Shared::word_library`].
    word: bool,
    /// Asset files read during this compilation (read each file once).
    asset_cache: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

impl<'a> DocWorld<'a> {
    pub fn new(
        shared: &'a Shared,
        main: &str,
        layout: Option<&str>,
        extra: &[(String, Vec<u8>)],
        assets: Option<&'a Assets>,
        today: Datetime,
    ) -> Result<Self, String> {
        let mut files = HashMap::new();
        for (path, data) in extra {
            let vpath =
                VirtualPath::new(path).map_err(|e| format!("虚拟文件路径无效 {path}: {e:?}"))?;
            let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
            if [*MAIN_ID, *GONGWEN_ID, *FONTS_ID].contains(&id) {
                return Err(format!("虚拟文件路径 {path} 为保留路径"));
            }
            let source = path
                .ends_with(".typ")
                .then(|| Source::new(id, String::from_utf8_lossy(data).into_owned()));
            files.insert(id, (Bytes::new(data.clone()), source));
        }
        Ok(DocWorld {
            shared,
            main: Source::new(*MAIN_ID, main.to_owned()),
            layout: layout.map(|text| shared.layout(text)),
            files,
            assets,
            today,
            word: false,
            asset_cache: Mutex::new(HashMap::new()),
        })
    }

    /// The same world for the semantic (Word) pass.
    pub fn for_word(mut self) -> Self {
        self.word = true;
        self
    }

    /// The Typst text of a source file this world serves, for diagnostics.
    pub fn source_text(&self, id: FileId) -> Option<Source> {
        self.source(id).ok()
    }

    fn asset(&self, id: FileId) -> FileResult<Bytes> {
        let Some(assets) = self.assets else {
            return Err(FileError::NotFound(
                Path::new(id.vpath().get_with_slash()).into(),
            ));
        };
        let mut cache = self.asset_cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(id)
            .or_insert_with(|| assets.read(id.vpath()))
            .clone()
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        if self.word {
            &self.shared.word_library
        } else {
            &self.shared.library
        }
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.shared.fonts.book()
    }

    fn main(&self) -> FileId {
        *MAIN_ID
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "xunshi 不提供 Typst 包（packages are not served）".into(),
            )));
        }
        if id == *MAIN_ID {
            return Ok(self.main.clone());
        }
        if id == *GONGWEN_ID {
            return Ok(self
                .layout
                .clone()
                .unwrap_or_else(|| self.shared.gongwen.clone()));
        }
        if id == *FONTS_ID {
            return Ok(self.shared.fonts_module.clone());
        }
        if let Some((_, source)) = self.files.get(&id) {
            return source.clone().ok_or(FileError::NotSource);
        }
        let bytes = self.asset(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "xunshi 不提供 Typst 包（packages are not served）".into(),
            )));
        }
        if let Some((bytes, _)) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        if [*MAIN_ID, *GONGWEN_ID, *FONTS_ID].contains(&id) {
            return Ok(Bytes::from_string(self.source(id)?));
        }
        self.asset(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::recall;

    #[test]
    fn the_layout_used_longest_ago_goes_first() {
        let mut list: Vec<String> = Vec::new();
        let mut made = 0;
        let mut get = |list: &mut Vec<String>, text: &str| {
            recall(
                list,
                2,
                |s| s == text,
                || {
                    made += 1;
                    text.to_owned()
                },
            )
        };
        get(&mut list, "a");
        get(&mut list, "b");
        get(&mut list, "a"); // a hit: moves to the end
        get(&mut list, "c"); // full: b, used longest ago, goes
        assert_eq!(list, ["a", "c"]);
        get(&mut list, "a");
        assert_eq!(made, 3, "a was made once, then recalled");
    }
}
