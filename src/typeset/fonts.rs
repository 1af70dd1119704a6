//! Fonts: the bundled open faces, the machine's own fonts and `--font-path` directories, and for
//! each typographic role of GB/T 9704 (title 小标宋, body 仿宋, heading-1 黑体, heading-2 楷体,
//! page numbers 宋体) the ordered chain of families that will actually be used.
//!
//! Each role prefers the official fonts offices install, then the bundled Fandol face, then the
//! bundled Noto CJK face, which covers rare characters (堃, 喆, 䶮) the GB2312 fonts lack. Typst
//! falls through the chain character by character, so a role's chain lists only families that
//! exist here (an unknown family would only raise a Typst warning).
//!
//! The bundled fonts are embedded in the binary with `include_bytes!`. Chosen over locating
//! `fonts/` at run time (next to the executable or via `CARGO_MANIFEST_DIR`) because an office
//! copies one file onto a machine without installing anything: there is no directory to lose,
//! the build tree need not exist, and the bytes are `'static`, so Typst reads them in place
//! (the OS pages them in lazily) instead of copying 70 MB into the heap.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

/// The bundled faces: (file name for messages, bytes). Fandol covers GB2312 in the four
/// official styles; Noto CJK covers far more of Unicode's CJK blocks.
const BUNDLED: [(&str, &[u8]); 6] = [
    (
        "FandolSong-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolSong-Regular.otf"),
    ),
    (
        "FandolFang-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolFang-Regular.otf"),
    ),
    (
        "FandolHei-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolHei-Regular.otf"),
    ),
    (
        "FandolKai-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolKai-Regular.otf"),
    ),
    (
        "NotoSerifCJK-Regular.ttc",
        include_bytes!("../../fonts/noto/NotoSerifCJK-Regular.ttc"),
    ),
    (
        "NotoSansCJK-Regular.ttc",
        include_bytes!("../../fonts/noto/NotoSansCJK-Regular.ttc"),
    ),
];

/// A typographic role of GB/T 9704; each gets its own family chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// 标题与发文机关标志：小标宋
    Title,
    /// 正文：仿宋
    Body,
    /// 一级标题：黑体
    Heading1,
    /// 二级标题：楷体
    Heading2,
    /// 页码：宋体
    PageNumber,
}

impl Role {
    /// Every role, in the order `xunshi fonts` lists them.
    pub const ALL: [Role; 5] = [
        Role::Title,
        Role::Body,
        Role::Heading1,
        Role::Heading2,
        Role::PageNumber,
    ];

    /// The key under which gongwen.typ finds this role's chain in `/fonts.typ`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Body => "body",
            Role::Heading1 => "heading1",
            Role::Heading2 => "heading2",
            Role::PageNumber => "page-number",
        }
    }

    /// The role's name for office staff.
    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Title => "标题（小标宋）",
            Role::Body => "正文（仿宋）",
            Role::Heading1 => "一级标题（黑体）",
            Role::Heading2 => "二级标题（楷体）",
            Role::PageNumber => "页码（宋体）",
        }
    }

    /// The official fonts, most preferred first (Chinese and English family names, since a
    /// font reports one of them depending on how its name table is ordered).
    pub fn official(self) -> &'static [&'static str] {
        match self {
            Role::Title => &[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "FZXiaoBiaoSong-B05",
            ],
            Role::Body => &["仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"],
            Role::Heading1 => &["黑体", "SimHei"],
            Role::Heading2 => &["楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"],
            Role::PageNumber => &["宋体", "SimSun"],
        }
    }

    /// The bundled file holding the substitute for the official font (named by file, as
    /// FandolFang calls its family "FandolFang R").
    fn bundled_file(self) -> &'static str {
        match self {
            Role::Title | Role::PageNumber => "FandolSong-Regular.otf",
            Role::Body => "FandolFang-Regular.otf",
            Role::Heading1 => "FandolHei-Regular.otf",
            Role::Heading2 => "FandolKai-Regular.otf",
        }
    }

    /// The bundled wide-coverage fallback.
    fn wide(self) -> &'static str {
        match self {
            Role::Heading1 => "Noto Sans CJK SC",
            _ => "Noto Serif CJK SC",
        }
    }
}

/// Where a font came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontOrigin {
    /// Embedded in the xunshi binary (随附字体).
    Bundled(&'static str),
    /// Installed on this machine.
    System(PathBuf),
    /// Found in a `--font-path` directory.
    FontPath(PathBuf),
}

impl fmt::Display for FontOrigin {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            FontOrigin::Bundled(file) => write!(f, "随附字体（{file}）"),
            FontOrigin::System(path) => write!(f, "系统字体（{}）", path.display()),
            FontOrigin::FontPath(path) => write!(f, "--font-path 字体目录（{}）", path.display()),
        }
    }
}

/// Where to look for fonts besides the bundled ones.
#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// Directories given with `--font-path`, searched recursively; they win over system fonts.
    pub font_paths: Vec<PathBuf>,
    /// Skip the machine's installed fonts (tests use this to be independent of the machine).
    pub ignore_system_fonts: bool,
}

impl FontOptions {
    /// Only the bundled fonts: no system fonts, no `--font-path`. Output is then the same on
    /// every machine, which tests and benchmarks rely on.
    pub fn bundled_only() -> FontOptions {
        FontOptions {
            font_paths: Vec::new(),
            ignore_system_fonts: true,
        }
    }
}

/// One role's resolved chain.
#[derive(Debug, Clone)]
pub struct RoleFonts {
    pub role: Role,
    /// Families in the order Typst tries them; the first is the face most text is set in.
    pub families: Vec<String>,
    /// Where the first family's face came from.
    pub origin: FontOrigin,
    /// True when an official font is used; false means a substitute (a notice is due).
    pub official: bool,
}

impl RoleFonts {
    /// The notice for a role that fell back from the official font, if it did.
    pub fn notice(&self) -> Option<String> {
        (!self.official).then(|| {
            format!(
                "提示：未找到{}的规范字体（{}），改用 {}（{}）。正式印发前请安装规范字体或用 --font-path 指定。",
                self.role.name_zh(),
                self.role.official()[0],
                self.families[0],
                self.origin
            )
        })
    }
}

/// All fonts known to the engine, plus the per-role chains. Shared by every compilation.
pub struct FontSet {
    store: FontStore,
    origins: Vec<FontOrigin>,
    roles: Vec<RoleFonts>,
    /// Per role (in [`Role::ALL`] order), the characters some face of its chain has, as
    /// sorted, disjoint, inclusive ranges; built on first use. Typst's own coverage test
    /// walks a face's runs from the start, far too slow to ask for every character of every
    /// document.
    coverage: [OnceLock<Vec<(u32, u32)>>; Role::ALL.len()],
}

impl FontSet {
    /// Discovers fonts: `--font-path` directories first, then the system's, then the bundled
    /// faces (so an installed copy of a family wins over ours when names collide).
    pub fn discover(options: &FontOptions) -> FontSet {
        let mut store = FontStore::new();
        let mut origins = Vec::new();
        for dir in &options.font_paths {
            push_found(
                &mut store,
                &mut origins,
                typst_kit::fonts::scan(dir),
                FontOrigin::FontPath,
            );
        }
        if !options.ignore_system_fonts {
            push_found(
                &mut store,
                &mut origins,
                typst_kit::fonts::system(),
                FontOrigin::System,
            );
        }
        for (file, data) in BUNDLED {
            let faces = ttf_parser::fonts_in_collection(data).unwrap_or(1);
            for index in (0..faces).filter(|&i| is_simplified_chinese_face(data, i)) {
                let Some(font) = Font::new(Bytes::new(data), index) else {
                    continue;
                };
                let info = font.info().clone();
                store.push((font, info));
                origins.push(FontOrigin::Bundled(file));
            }
        }
        let roles = Role::ALL
            .iter()
            .map(|&role| resolve(role, store.book(), &origins))
            .collect();
        FontSet {
            store,
            origins,
            roles,
            coverage: Default::default(),
        }
    }

    /// Metadata of every known face (for [`typst::World::book`]).
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// The face at `index` in the book, loaded on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// The resolved chain of each role, in [`Role::ALL`] order.
    pub fn roles(&self) -> &[RoleFonts] {
        &self.roles
    }

    /// The resolved chain of one role.
    pub fn role(&self, role: Role) -> &RoleFonts {
        self.roles
            .iter()
            .find(|r| r.role == role)
            .expect("every role is resolved")
    }

    /// Notices for roles set in a substitute font, one line each.
    pub fn notices(&self) -> Vec<String> {
        self.roles.iter().filter_map(RoleFonts::notice).collect()
    }

    /// The notices as one line for a run that lays documents out: which roles are set in a
    /// substitute and where to read more; `None` when every role has its official font.
    pub fn notice_line(&self) -> Option<String> {
        let substituted: Vec<&str> = self
            .roles
            .iter()
            .filter(|r| !r.official)
            .map(|r| r.role.name_zh())
            .collect();
        (!substituted.is_empty()).then(|| {
            format!(
                "提示：{} 个字体角色未找到规范字体，改用随附字体：{}。正式印发前请安装规范字体或用 --font-path 指定；`xunshi fonts` 列出详情，--quiet 不再提示。",
                substituted.len(),
                substituted.join("、")
            )
        })
    }

    /// The characters of `text` (in order of first appearance) that no font of `role`'s chain
    /// contains: these would print as empty boxes. Callers that know which field `text` came
    /// from name the field in their message.
    pub fn uncovered(&self, role: Role, text: &str) -> Vec<char> {
        let ranges = self.coverage(role);
        let covered = |c: char| {
            let c = c as u32;
            // The last range starting at or before c.
            let i = ranges.partition_point(|&(start, _)| start <= c);
            i > 0 && c <= ranges[i - 1].1
        };
        let mut missing = Vec::new();
        for c in text.chars() {
            if needs_glyph(c) && !missing.contains(&c) && !covered(c) {
                missing.push(c);
            }
        }
        missing
    }

    /// The characters of `role`'s chain, as sorted, disjoint, inclusive ranges.
    fn coverage(&self, role: Role) -> &[(u32, u32)] {
        let slot = Role::ALL
            .iter()
            .position(|&r| r == role)
            .expect("every role is listed");
        self.coverage[slot].get_or_init(|| {
            let mut points: Vec<u32> = self
                .role(role)
                .families
                .iter()
                .flat_map(|family| {
                    self.book()
                        .select_family(&family.to_lowercase())
                        .collect::<Vec<_>>()
                })
                .filter_map(|index| self.book().info(index))
                .flat_map(|info| info.coverage.iter())
                .collect();
            points.sort_unstable();
            points.dedup();
            let mut ranges: Vec<(u32, u32)> = Vec::new();
            for c in points {
                match ranges.last_mut() {
                    Some((_, end)) if *end + 1 == c => *end = c,
                    _ => ranges.push((c, c)),
                }
            }
            ranges
        })
    }

    /// The Typst module `/fonts.typ` that gongwen.typ imports: one family chain per role.
    pub fn typst_module(&self) -> String {
        let mut out =
            String::from("// Generated by xunshi: the font chain of each role.\n#let fonts = (\n");
        for role in &self.roles {
            let list: Vec<String> = role.families.iter().map(|f| format!("{f:?}")).collect();
            out.push_str(&format!("  {}: ({},),\n", role.role.key(), list.join(", ")));
        }
        out.push_str(")\n");
        out
    }

    /// Where the face at `index` came from.
    pub fn origin(&self, index: usize) -> Option<&FontOrigin> {
        self.origins.get(index)
    }
}

/// Whether a bundled face is for Simplified Chinese. The Noto collections also hold Japanese,
/// Korean and Traditional faces; reading only their names instead of building their metadata
/// (a full character map each) saves most of the start-up time.
fn is_simplified_chinese_face(data: &[u8], index: u32) -> bool {
    let Ok(face) = ttf_parser::Face::parse(data, index) else {
        return false;
    };
    let family = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
        .find_map(|n| n.to_string())
        .unwrap_or_default();
    !family.starts_with("Noto") || family.contains(" SC")
}

/// Adds scanned faces to the store, remembering their origin.
fn push_found(
    store: &mut FontStore,
    origins: &mut Vec<FontOrigin>,
    found: impl Iterator<Item = (FontPath, FontInfo)>,
    origin: fn(PathBuf) -> FontOrigin,
) {
    for (path, info) in found {
        origins.push(origin(path.path.clone()));
        store.push((path, info));
    }
}

/// Builds one role's chain: the first official family present, the bundled face, the wide face.
fn resolve(role: Role, book: &FontBook, origins: &[FontOrigin]) -> RoleFonts {
    let present = |family: &str| book.select_family(&family.to_lowercase()).next();
    let official = role
        .official()
        .iter()
        .find_map(|f| present(f).map(|i| (f.to_string(), i)));
    let mut families = Vec::new();
    let is_official = official.is_some();
    let mut first_index = None;
    if let Some((family, index)) = official {
        families.push(family);
        first_index = Some(index);
    }
    let bundled = origins
        .iter()
        .position(|o| *o == FontOrigin::Bundled(role.bundled_file()))
        .and_then(|i| book.info(i).map(|info| (info.family.clone(), i)));
    let wide = present(role.wide()).map(|i| (role.wide().to_string(), i));
    for (family, index) in bundled.into_iter().chain(wide) {
        families.push(family);
        first_index.get_or_insert(index);
    }
    let origin = first_index
        .and_then(|i| origins.get(i).cloned())
        .unwrap_or(FontOrigin::Bundled("?"));
    RoleFonts {
        role,
        families,
        origin,
        official: is_official,
    }
}

/// Whether a character is drawn with a glyph (spaces and controls need none).
fn needs_glyph(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}')
}

/// Writes the bundled fonts into `dir` (for running the `typst` CLI on our sources).
pub fn write_bundled(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (file, data) in BUNDLED {
        std::fs::write(dir.join(file), data)?;
    }
    Ok(())
}
