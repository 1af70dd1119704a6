//! The fonts an OFD embeds: which glyphs of which font the pages use, and each font cut down
//! to those glyphs as an OpenType file an OFD reader can use on its own.
//!
//! OFD readers draw a `TextCode`'s characters through the embedded font's `cmap` and take the
//! font's names from `name`; subsets made for PDF (typst's `subsetter`) drop `cmap` and are
//! known to fail there. So the subsets are made with allsorts (YesLogic, Apache-2.0), which
//! keeps the tables an OpenType font requires (`cmap` rebuilt for the kept glyphs, `OS/2`,
//! `name`, `post`, `head`, `hhea`, `hmtx`, `maxp`) around a subset `CFF ` or `glyf`. A glyph
//! the `cmap` does not reach from its character (a shaped form) is named by its subset glyph
//! id in the text's `CGTransform`, which [`Subset::glyph`] gives.

use std::collections::{BTreeSet, HashMap};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use typst::text::{Font, FontInstance};

/// The fonts the pages use, in order of first use, with the glyphs used of each.
#[derive(Default)]
pub struct Fonts {
    used: Vec<Used>,
    index: HashMap<Font, usize>,
}

struct Used {
    /// The first instance used (the glyphs and `cmap` are the font's, whatever the instance).
    font: FontInstance,
    glyphs: BTreeSet<u16>,
}

impl Fonts {
    /// The number of `font` (its position in first-use order), registering it on first use.
    pub fn number(&mut self, instance: &FontInstance) -> usize {
        let font = instance.font();
        if let Some(&n) = self.index.get(font) {
            return n;
        }
        let n = self.used.len();
        self.used.push(Used {
            font: instance.clone(),
            glyphs: BTreeSet::new(),
        });
        self.index.insert(font.clone(), n);
        n
    }

    /// Marks glyph `id` of font number `n` as used.
    pub fn use_glyph(&mut self, n: usize, id: u16) {
        if let Some(used) = self.used.get_mut(n) {
            used.glyphs.insert(id);
        }
    }

    /// True when font number `n`'s `cmap` maps `c` to glyph `id`: a reader drawing `c` with
    /// the font gets the glyph Typst placed.
    pub fn maps(&self, n: usize, c: char, id: u16) -> bool {
        self.used
            .get(n)
            .and_then(|u| u.font.ttf().glyph_index(c))
            .is_some_and(|g| g.0 == id)
    }

    /// The number of fonts used.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.used.len()
    }

    /// Every font used, subset to its glyphs, in first-use order.
    pub fn subsets(&self) -> Result<Vec<Subset>, String> {
        self.used.iter().map(Subset::of).collect()
    }
}

/// One font cut down to the glyphs used.
pub struct Subset {
    /// The OpenType file.
    pub data: Vec<u8>,
    /// The font's PostScript name (`name` id 6), e.g. `FandolFang-Regular`.
    pub font_name: String,
    /// The font's family (typographic family, `name` id 16, else id 1).
    pub family_name: String,
    /// Whether the file has CFF outlines (an `.otf`) rather than TrueType ones (a `.ttf`).
    pub cff: bool,
    /// Subset glyph ids of the original glyph ids.
    ids: HashMap<u16, u16>,
}

impl Subset {
    fn of(used: &Used) -> Result<Subset, String> {
        let ttf = used.font.ttf();
        let font = used.font.font();
        let family = font.info().family.clone();
        let failed = |e: &dyn std::fmt::Display| format!("无法嵌入字体 {family}：{e}");
        // Glyph 0 (.notdef) first, as OpenType requires; a glyph's subset id is its position.
        let glyphs: Vec<u16> = std::iter::once(0)
            .chain(used.glyphs.iter().copied().filter(|&g| g != 0))
            .collect();
        let scope = ReadScope::new(font.data().as_slice());
        let file = scope.read::<FontData<'_>>().map_err(|e| failed(&e))?;
        let provider = file
            .table_provider(font.index() as usize)
            .map_err(|e| failed(&e))?;
        let data = subset(
            &provider,
            &glyphs,
            &SubsetProfile::Minimal,
            CmapTarget::Unicode,
        )
        .map_err(|e| failed(&e))?;
        let name = |id: u16| {
            ttf.names()
                .into_iter()
                .filter(|n| n.name_id == id && n.is_unicode())
                // English (United States) first, as typst's own font book reads names.
                .min_by_key(|n| n.language_id != 0x0409)
                .and_then(|n| n.to_string())
        };
        let family_name = name(16).or_else(|| name(1)).unwrap_or(family.clone());
        let font_name = font
            .post_script_name()
            .or_else(|| name(4))
            .unwrap_or_else(|| family_name.clone());
        Ok(Subset {
            data,
            font_name,
            family_name,
            cff: ttf.tables().cff.is_some(),
            ids: glyphs
                .iter()
                .enumerate()
                .map(|(new, &old)| (old, new as u16))
                .collect(),
        })
    }

    /// The subset's glyph id of original glyph `id` (0, .notdef, for a glyph not kept).
    pub fn glyph(&self, id: u16) -> u16 {
        self.ids.get(&id).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::foundations::Bytes;

    fn fandol(name: &str) -> FontInstance {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fonts/fandol")
            .join(name);
        Font::new(Bytes::new(std::fs::read(path).unwrap()), 0)
            .unwrap()
            .instantiate(
                typst::text::FontVariant::default(),
                typst::layout::Abs::pt(16.0),
                &typst::text::FontVariations::default(),
            )
    }

    #[test]
    fn a_subset_keeps_a_cmap_for_every_character_used_and_the_names() {
        let font = fandol("FandolFang-Regular.otf");
        let text = "关于巡视整改进展情况的报告（2024年）：一、";
        let mut fonts = Fonts::default();
        let n = fonts.number(&font);
        for c in text.chars() {
            let g = font.ttf().glyph_index(c).unwrap().0;
            fonts.use_glyph(n, g);
            assert!(fonts.maps(n, c, g));
        }
        let subsets = fonts.subsets().unwrap();
        let sub = &subsets[0];
        let face = ttf_parser::Face::parse(&sub.data, 0).expect("the subset is an OpenType font");
        for c in text.chars() {
            let old = font.ttf().glyph_index(c).unwrap().0;
            let new = face
                .glyph_index(c)
                .unwrap_or_else(|| panic!("{c} has no cmap entry"));
            assert_eq!(new.0, sub.glyph(old), "{c} maps to the glyph the text uses");
            assert!(
                face.glyph_bounding_box(new).is_some(),
                "{c} keeps its outline"
            );
        }
        assert!(face.tables().os2.is_some(), "the subset has OS/2");
        assert!(face.tables().cff.is_some(), "Fandol stays CFF");
        assert_eq!(sub.family_name, "FandolFang");
        assert_eq!(sub.font_name, "FandolFang-Regular");
        assert!(sub.cff);
        let whole = font.font().data().len();
        assert!(
            sub.data.len() * 20 < whole,
            "a subset of {} bytes from a font of {whole}",
            sub.data.len()
        );
    }

    #[test]
    fn a_font_used_twice_is_one_font() {
        let font = fandol("FandolHei-Regular.otf");
        let mut fonts = Fonts::default();
        assert_eq!(fonts.number(&font), 0);
        assert_eq!(fonts.number(&font.clone()), 0);
        assert_eq!(fonts.number(&fandol("FandolKai-Regular.otf")), 1);
        assert_eq!(fonts.len(), 2);
        // A glyph never used is .notdef in the subset.
        let subsets = fonts.subsets().unwrap();
        assert_eq!(subsets[0].glyph(1234), 0);
    }
}
