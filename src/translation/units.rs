//! Translation units: the pieces of a page a translator translates (headings, paragraphs, list
//! items, table cells, callout titles, image alt text, visible HTML attributes), each with its
//! text, its prose (what a language identifier may judge) and its fingerprints; grouped into
//! sections by headings.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::fingerprint::{self, Fp, FpKind};
use super::langid::{LangPair, Verdict};
use crate::config::Config;
use crate::document::{BlockKind, Container, Document, LinkKind, TextBlock};

/// What a unit is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum UnitKind {
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    /// A MkDocs admonition title (`!!! note "Title"`).
    CalloutTitle,
    /// Image alt text (`![alt](src)`, `<img alt>`).
    AltText,
    /// A visible HTML attribute (`placeholder`, `title`, `aria-label`).
    Attribute,
    /// The header's `title` (Wiki.js shows it as the page's title, and in search and lists).
    PageTitle,
    /// The header's `description` (Wiki.js shows it under the title).
    PageDescription,
    /// Abbreviation definitions (`*[CSV]: Comma-separated values`, abbr on both sites): the
    /// page shows no such line, but a tooltip on every `CSV` it holds.
    Abbreviation,
}

impl UnitKind {
    /// The header's title or description, not the page's body.
    pub fn is_header(self) -> bool {
        matches!(self, UnitKind::PageTitle | UnitKind::PageDescription)
    }

    pub fn describe(self) -> &'static str {
        match self {
            UnitKind::Heading => "heading",
            UnitKind::Paragraph => "paragraph",
            UnitKind::ListItem => "list item",
            UnitKind::TableCell => "table cell",
            UnitKind::CalloutTitle => "callout title",
            UnitKind::AltText => "alt text",
            UnitKind::Attribute => "attribute",
            UnitKind::PageTitle => "page title",
            UnitKind::PageDescription => "page description",
            UnitKind::Abbreviation => "abbreviation tooltip",
        }
    }
}

/// One translation unit.
///
/// Every page's units stay in memory until the pairs are compared (2,000 pages make some
/// 200,000 units), so a unit is kept small: exact-size boxed strings and slices, 32-bit lines
/// and counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Unit {
    pub kind: UnitKind,
    /// Where the unit is written (for attributes: the value between the quotes).
    pub range: Range<usize>,
    /// 1-based line of `range.start`.
    pub line: u32,
    /// 1-based line of `range.end`.
    pub end_line: u32,
    /// The text as a reader sees it: markup and HTML removed, code spans kept in backticks,
    /// whitespace collapsed.
    pub text: Box<str>,
    /// What a language identifier judges (see [`Unit::prose`]); `None` when it is `text`.
    prose: Option<Box<str>>,
    /// A hash of `text` normalised for comparison (case, punctuation and spacing removed; see
    /// [`normalize`] and [`key_of`]); 0 when nothing is left. Units are compared by it many
    /// times, so it is a number rather than a string (two different texts sharing a 64-bit
    /// hash is left to chance: about one in 10^19 per comparison).
    pub key: u64,
    /// Words of two or more letters in `prose` (names with dots, handles and numbers excluded).
    pub words: u32,
    pub fingerprints: Box<[Fp]>,
    /// Index of the section the unit belongs to.
    pub section: u32,
    /// The language identifier's verdict (computed for translation pages only; see `pending`).
    pub verdict: Verdict,
    /// The cheap checks could not decide: the full identifier runs in `compare` unless the
    /// unit equals its source.
    pub pending: bool,
    /// Lines or sentences the identifier judged to be in the source language inside a unit
    /// that is otherwise translated (a paragraph translated only in part, a Danish summary line
    /// over an English paragraph), in order.
    pub source_parts: Box<[SourcePart]>,
    /// The unit's only text is the title of a link to another site: such titles are often the
    /// resource's own, kept in its language, so a short one is judged with its neighbours only.
    pub link_only: bool,
}

/// An English run inside a unit that is otherwise translated.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SourcePart {
    /// Its prose.
    pub text: String,
    /// Where it is written in the page.
    pub range: Range<usize>,
    /// 1-based lines of its start and end.
    pub first_line: usize,
    pub last_line: usize,
}

impl Unit {
    /// What a language identifier judges: `text` without code spans, URLs, attribute blocks
    /// and a heading's leading number.
    pub fn prose(&self) -> &str {
        self.prose.as_deref().unwrap_or(&self.text)
    }

    /// Whether the unit carries prose a translator translates.
    pub fn has_prose(&self) -> bool {
        self.words > 0
    }
}

/// A section: the intro before the first heading, then one per heading.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// The heading's unit (`None` for the intro, and for a heading without text).
    pub heading: Option<usize>,
    /// Heading level (0 for the intro).
    pub level: u8,
    /// The heading's leading number (`2`, `3.1`).
    pub number: Option<String>,
    /// The heading's text (empty for the intro).
    pub title: String,
    /// The heading's anchor id in the page's dialect.
    pub id: String,
    /// The id the heading is given as written (`## Export { #export }`), if any. Always
    /// written when serialised: the check cache's encoding has no field names, so a field left
    /// out would make every later field unreadable.
    #[serde(default)]
    pub explicit_id: Option<String>,
    /// The heading is written with `#` marks at the start of `range` ([`Heading::atx`]).
    ///
    /// [`Heading::atx`]: crate::document::Heading::atx
    #[serde(default)]
    pub atx: bool,
    /// From the heading (or the body start) to the next heading.
    pub range: Range<usize>,
    /// 1-based line of the heading (or of the first unit).
    pub line: usize,
    /// Indices of the section's units.
    pub units: Range<usize>,
}

impl Section {
    /// Whether this is the part before the first heading.
    pub fn is_intro(&self) -> bool {
        self.level == 0
    }

    /// How the section is named in messages: its heading, or "the introduction".
    pub fn name(&self) -> String {
        if self.is_intro() {
            "the introduction".to_string()
        } else {
            format!("section `{}`", self.title)
        }
    }
}

/// A page's translation units, computed once per file in the parallel pass.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageUnits {
    pub sections: Vec<Section>,
    pub units: Vec<Unit>,
    /// Where the page body starts (after the front matter).
    pub body_start: usize,
    /// Whether the language identifier judged the units.
    pub judged: bool,
    /// The asset each image fingerprint's value names once `build.assets` and relative
    /// resolution are applied (`img/x.png` on `en/p.md` -> `/guide/x.png`), sorted by value;
    /// empty when no asset mapping is configured (images are then compared by file name).
    #[serde(default)]
    pub assets: Vec<(String, String)>,
    /// The Wiki.js callout class each admonition type on the page builds to (`build.callouts`
    /// over the built-in map), sorted by type: a MkDocs page's callouts are compared with a
    /// Wiki.js page's by class. Empty on a page without admonitions.
    #[serde(default)]
    pub callout_classes: Vec<(String, String)>,
    /// Read as a MkDocs page (its callouts are admonition types, not Wiki.js classes).
    #[serde(default)]
    pub mkdocs: bool,
    /// Prose the page renders as a code block (an admonition or callout body indented too
    /// deep, GL322): its links and code are not the page's, so a translation that has them is
    /// not blamed for it.
    #[serde(default)]
    pub code_bodies: Vec<CodeBody>,
    /// Only the outline is kept ([`PageUnits::outline`]): the units cannot be compared. The
    /// check cache stores outlines, so this is stored too.
    pub outline: bool,
    /// On a source page read with the files it includes (pymdownx.snippets): a hash of its
    /// text with them included ([`Includes::included_hash`](crate::snippets::Includes::included_hash)).
    #[serde(default)]
    pub included: Option<[u8; 32]>,
    /// The fingerprints given to a unit that does not hold what they are of (a code block, an
    /// HTML block's component or link: see [`place_fingerprints`]), with where that is written,
    /// sorted by unit and index: a difference in one is shown there, not on the unit.
    pub placed: Vec<Placed>,
}

/// A fingerprint given to the unit before what it is of ([`PageUnits::placed`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Placed {
    /// The unit holding the fingerprint, and its index among the unit's fingerprints.
    pub unit: u32,
    pub index: u32,
    /// Where what it is of is written (a code block's lines, an HTML tag).
    pub range: Range<usize>,
    /// 1-based line of `range.start`.
    pub line: u32,
}

/// Prose a page shows as a code block (GL322).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CodeBody {
    pub range: Range<usize>,
    /// 1-based line of its start.
    pub line: usize,
}

impl PageUnits {
    /// Extracts the units of a parsed page; `rel` is its path under the guides root (locale
    /// first), against which its relative links are resolved ([`fingerprint::page_link`]).
    pub fn new(doc: &Document, rel: Option<&Path>) -> PageUnits {
        PageUnits::extract(doc, rel, true)
    }

    /// [`PageUnits::new`]; `by_page`: a verbatim text's `![` is looked up among the page's,
    /// found once, and a unit's key and words are read in one pass (false: each text is
    /// searched, the key and the words read apart, as the tests compare).
    fn extract(doc: &Document, rel: Option<&Path>, by_page: bool) -> PageUnits {
        let mut units = Vec::with_capacity(doc.blocks.len() + doc.links.len() / 4 + 4);
        let folder = rel.map(|r| {
            r.parent()
                .map(|p| {
                    p.components()
                        .filter_map(|c| c.as_os_str().to_str())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default()
        });
        let mut x = Extractor {
            doc,
            folder,
            base: 0,
            bufs: Default::default(),
            scratch: Scratch::default(),
            image_opens: by_page
                .then(|| memchr::memmem::find_iter(doc.text.as_bytes(), b"![").collect()),
            fuse: by_page,
            loose: Vec::new(),
            at: [0; 4],
        };
        for b in &doc.blocks {
            x.block(b, &mut units, false);
        }
        x.attributes(&doc.html, &mut units);
        x.html_block_text(&mut units);
        for a in &doc.admonitions {
            let (Some(title), Some(range)) = (&a.title, &a.title_range) else {
                continue;
            };
            if title.trim().is_empty() || doc.text.get(range.clone()) != Some(title.as_str()) {
                continue;
            }
            x.title_units(title, range.start, &mut units);
        }
        x.header_units(&mut units);
        units.sort_by_key(|u: &Unit| (u.range.start, u.range.end));
        // Kept until the pairs are compared: no spare capacity.
        let mut units = exact(units);
        for u in &mut units {
            u.line = line_u32(doc.line_col(u.range.start).line);
            u.end_line = if doc
                .text
                .get(u.range.clone())
                .is_some_and(|t| t.contains('\n'))
            {
                line_u32(doc.line_col(u.range.end).line)
            } else {
                u.line
            };
        }
        let body_start = doc.body_start();
        let sections = sections(doc, &mut units, body_start);
        let placed = place_fingerprints(&sections, &mut units, std::mem::take(&mut x.loose));
        let placed = placed_at_lines(doc, placed);
        let code_bodies = crate::document::prose_code::prose_code_bodies(doc)
            .into_iter()
            .map(|p| CodeBody {
                line: doc.line_col(p.range.start).line,
                range: p.range,
            })
            .collect();
        PageUnits {
            sections: exact(sections),
            units,
            body_start,
            judged: false,
            assets: Vec::new(),
            callout_classes: Vec::new(),
            mkdocs: doc.dialect == crate::document::Dialect::Mkdocs,
            code_bodies,
            outline: false,
            included: None,
            placed,
        }
    }

    /// Drops what starts at offset `at` or after: the units, the sections whose headings are
    /// there, and the prose shown as code. (The text every page of a site ends with, which no
    /// translation of one page can change: see `Included::appended`.)
    pub(crate) fn cut_tail(&mut self, at: usize) {
        let n = self.units.partition_point(|u| u.range.start < at);
        if n == self.units.len() && self.sections.iter().skip(1).all(|s| s.range.start < at) {
            return;
        }
        self.units.truncate(n);
        self.units.shrink_to_fit();
        let kept = 1 + self
            .sections
            .iter()
            .skip(1)
            .take_while(|s| s.range.start < at)
            .count();
        self.sections.truncate(kept.min(self.sections.len()));
        for s in &mut self.sections {
            s.units = s.units.start.min(n)..s.units.end.min(n);
            s.range.end = s.range.end.min(at.max(s.range.start));
        }
        self.code_bodies.retain(|c| c.range.start < at);
        self.placed.retain(|p| (p.unit as usize) < n);
    }

    /// What the page-level translation rules read once the page's pair is compared: whether
    /// the page has units, its first heading's unit (the only unit kept, or the first unit when
    /// no heading has one) and where its body starts. A check keeps this instead of every
    /// page's units through the cross-page rules.
    pub fn outline(&self) -> PageUnits {
        let heading = self.sections.iter().find_map(|s| s.heading.map(|h| (s, h)));
        let (sections, kept) = match heading {
            Some((s, h)) => (
                vec![Section {
                    heading: Some(0),
                    units: 0..1,
                    ..s.clone()
                }],
                self.units.get(h),
            ),
            None => (Vec::new(), self.units.first()),
        };
        PageUnits {
            units: kept.cloned().into_iter().collect(),
            sections,
            body_start: self.body_start,
            judged: self.judged,
            assets: Vec::new(),
            callout_classes: Vec::new(),
            mkdocs: self.mkdocs,
            code_bodies: Vec::new(),
            outline: true,
            included: self.included,
            placed: Vec::new(),
        }
    }

    /// Runs the cheap part of the language identifier on every unit with prose (too short,
    /// or marked as the target language); units it cannot decide are left `pending` for
    /// [`compare`](super::compare::compare), which first checks them against the source page
    /// and runs the full identifier only on units that differ from it. `text` is the page's
    /// text. A translated unit of several lines or sentences is checked line by line and
    /// sentence by sentence (a paragraph translated in part, a Danish summary line over an
    /// English paragraph): see [`source_parts`].
    pub fn judge(&mut self, pair: &LangPair, text: &str) {
        let letters = pair.target_only_letters();
        for u in &mut self.units {
            let quick = if !u.has_prose() {
                Some(Verdict::TooShort)
            } else if u.words >= 2 && has_any_char(u.prose(), letters) {
                // A letter of the target language that the source never uses: what the marker
                // check would find, without tokenising.
                Some(Verdict::Target)
            } else {
                pair.quick(u.prose())
            };
            u.verdict = quick.unwrap_or(Verdict::Unsure);
            u.pending = quick.is_none();
            let multiline = || text.get(u.range.clone()).is_some_and(|r| r.contains('\n'));
            // A translated unit of several lines or sentences may hold English ones; so may a
            // pending unit of several lines (a Danish line without markers over English ones:
            // its parts are used when the whole is not judged English).
            if !u.kind.is_header()
                && u.words as usize > SENTENCE_MIN_WORDS
                && ((u.verdict == Verdict::Target
                    && (multiline() || sentence_iter(u.prose()).nth(1).is_some()))
                    || (u.pending && multiline()))
            {
                u.source_parts =
                    source_parts(pair, text, u.range.clone(), u.line as usize).into_boxed_slice();
            }
        }
        self.judged = true;
    }

    /// The units of a section.
    pub fn section_units(&self, s: usize) -> &[Unit] {
        &self.units[self.sections[s].units.clone()]
    }

    /// Where a finding about section `j` points: its heading, else its first unit, else its
    /// start.
    pub fn section_range(&self, j: usize) -> Range<usize> {
        let sec = &self.sections[j];
        sec.heading
            .map(|h| self.units[h].range.clone())
            .unwrap_or_else(|| {
                self.section_units(j)
                    .first()
                    .map_or(sec.range.start..sec.range.start, |u| u.range.clone())
            })
    }

    /// The section whose heading has this anchor id.
    pub fn section_by_id(&self, id: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| !s.is_intro() && s.id == id)
    }
}

fn sections(doc: &Document, units: &mut [Unit], body_start: usize) -> Vec<Section> {
    let end = doc.text.len();
    let mut sections = vec![Section {
        heading: None,
        level: 0,
        number: None,
        title: String::new(),
        id: String::new(),
        explicit_id: None,
        atx: false,
        range: body_start..doc.headings.first().map_or(end, |h| h.range.start),
        line: doc.line_col(body_start).line,
        units: 0..0,
    }];
    // A Wiki.js tabset and its tabs are headings, but they are what MkDocs writes as content
    // tabs, which are no sections: they stay inside the section around them on both sides.
    // A tabset shallower than its section takes the sections after it as tabs (GL324): those
    // stay sections, so that a section missing in one language is still seen.
    // Per heading, as marks rather than lists searched once per heading (a page of thousands
    // of tabs).
    let mut swallowed = vec![false; doc.headings.len()];
    for i in crate::document::swallowing_tabsets(doc)
        .into_iter()
        .flat_map(|t| t.tabs)
    {
        if let Some(s) = swallowed.get_mut(i) {
            *s = true;
        }
    }
    let mut tab = vec![false; doc.headings.len()];
    for i in crate::document::tabset_headings(doc) {
        if !swallowed.get(i).copied().unwrap_or(false)
            && let Some(t) = tab.get_mut(i)
        {
            *t = true;
        }
    }
    let headings: Vec<&crate::document::Heading> = doc
        .headings
        .iter()
        .zip(&tab)
        .filter(|(_, tab)| !**tab)
        .map(|(h, _)| h)
        .collect();
    if let Some(first) = headings.first() {
        sections[0].range.end = first.range.start;
    } else {
        sections[0].range.end = end;
    }
    for (i, h) in headings.iter().enumerate() {
        let next = headings.get(i + 1).map_or(end, |n| n.range.start);
        sections.push(Section {
            heading: None,
            level: h.level,
            number: h.number.clone(),
            title: h.text.trim().to_string(),
            id: h.id.clone(),
            explicit_id: h.explicit_id.clone(),
            atx: h.atx,
            range: h.range.start..next,
            line: doc.line_col(h.range.start).line,
            units: 0..0,
        });
    }
    let mut s = 0;
    let mut first = vec![usize::MAX; sections.len()];
    let mut last = vec![0; sections.len()];
    for (i, u) in units.iter_mut().enumerate() {
        while s + 1 < sections.len() && u.range.start >= sections[s + 1].range.start {
            s += 1;
        }
        u.section = s as u32;
        first[s] = first[s].min(i);
        last[s] = i + 1;
        if s > 0
            && u.kind == UnitKind::Heading
            && u.range.start == sections[s].range.start
            && sections[s].heading.is_none()
        {
            sections[s].heading = Some(i);
        }
    }
    let mut next_start = units.len();
    for s in (0..sections.len()).rev() {
        if first[s] == usize::MAX {
            sections[s].units = next_start..next_start;
        } else {
            sections[s].units = first[s]..last[s];
            next_start = first[s];
        }
    }
    if let Some(u) = units.get(sections[0].units.start)
        && sections[0].units.start < sections[0].units.end
    {
        sections[0].line = u.line as usize;
    }
    sections
}

struct Extractor<'d> {
    doc: &'d Document,
    /// The page's folder under the guides root, for its relative links.
    folder: Option<String>,
    /// Offset of `doc`'s text in the page (admonition titles are parsed on their own).
    base: usize,
    /// Buffers a unit's text and prose are built in, reused from unit to unit (each unit then
    /// keeps an exact-size copy: pages' units stay in memory until the pairs are compared).
    bufs: [String; 2],
    /// Lists a block's unit is gathered in, emptied and reused from block to block.
    scratch: Scratch<'d>,
    /// Where the page's text has `![` (a pattern that cannot overlap itself, so every
    /// occurrence), in order: a verbatim text holds one when one lies within its range. `None`:
    /// every text is searched.
    image_opens: Option<Vec<usize>>,
    /// A unit's key and words are read in one pass when its prose is its text without code
    /// spans (false: each apart, as the tests compare).
    fuse: bool,
    /// Fingerprints of HTML block tags no unit of theirs holds (a component with no text, a
    /// link around an image), with where they are: placed by section once the sections are
    /// known ([`place_fingerprints`]).
    loose: Vec<(Range<usize>, Fp)>,
    /// Where the last block's look began in the page's links, tags, texts and code spans
    /// (see [`within`]).
    at: [usize; 4],
}

/// See [`Extractor::scratch`].
#[derive(Default)]
struct Scratch<'d> {
    pieces: Vec<(Range<usize>, Piece<'d>)>,
    shown: Vec<(Range<usize>, String)>,
    skip: Cover,
    external: Cover,
    /// Where the unit's text has its code spans and shown values (see
    /// [`key_and_words_around`]).
    code: Vec<Range<usize>>,
}

enum Piece<'a> {
    Text(&'a str, usize, bool),
    Code(&'a str),
    /// What a component `<span>` shows (prefix, default server, suffix): shown in `text`,
    /// never judged as prose.
    Shown(String),
}

/// The boxes a page shows text in, with what makes each one's look: on a MkDocs page each
/// admonition (`!!! warning`) and pymdownx block that is one (`/// warning`, `/// details` with
/// its `type`), by type; on a Wiki.js page each callout (`> ...` with `{.is-warning}`), by class.
pub(crate) fn callout_boxes<'d>(
    doc: &'d Document,
    config: &Config,
) -> Vec<(Range<usize>, std::borrow::Cow<'d, str>)> {
    use crate::document::Dialect;
    use std::borrow::Cow;
    match doc.dialect {
        Dialect::Mkdocs => {
            let mut boxes: Vec<(Range<usize>, Cow<'d, str>)> = doc
                .admonitions
                .iter()
                .map(|a| {
                    let end = a.body_range.end.max(a.header_range.end);
                    (a.header_range.start..end, Cow::Borrowed(a.kind.as_str()))
                })
                .collect();
            // (A vectorised search: most pages hold no block, and are read to the end.)
            if crate::util::find_bytes!(doc.text.as_bytes(), b"///").is_some() {
                for b in crate::document::pymdown_blocks::blocks(doc) {
                    let Some(kind) = config.block_admonition_type(&b) else {
                        continue;
                    };
                    let end = doc
                        .lines
                        .line_range(&doc.text, b.closing_line)
                        .map_or(b.header.end, |r| r.end);
                    boxes.push((b.header.start..end.max(b.header.end), Cow::Owned(kind)));
                }
                boxes.sort_by_key(|(r, _)| r.start);
            }
            boxes
        }
        Dialect::Wikijs => {
            // A class line that a blank line keeps from its quote (GL304) is the quote's all
            // the same once `build` has mended it, as the wiki shows it.
            let detached = |q: &crate::document::BlockQuote| -> Option<String> {
                let after = doc
                    .attr_paragraphs
                    .iter()
                    .find(|a| a.range.start >= q.range.end)?;
                let gap = doc.text.get(q.range.end..after.range.start)?;
                if !gap.trim().is_empty() || gap.matches('\n').count() > 3 {
                    return None;
                }
                after
                    .content
                    .split(|c: char| c.is_whitespace() || c == '{' || c == '}')
                    .filter_map(|c| c.strip_prefix('.'))
                    .find(|c| c.starts_with("is-"))
                    .map(str::to_string)
            };
            let mut boxes: Vec<(Range<usize>, Cow<'d, str>)> = doc
                .quotes
                .iter()
                .filter_map(|q| {
                    let class = match q.class_line.as_ref() {
                        Some((_, classes)) => {
                            Cow::Borrowed(classes.iter().find(|c| c.starts_with("is-"))?.as_str())
                        }
                        None => Cow::Owned(detached(q)?),
                    };
                    Some((q.range.clone(), class))
                })
                .collect();
            // A MkDocs admonition left on a Wiki.js page (GL301): `build` makes it the callout
            // of its class, which is what the wiki shows.
            for a in &doc.admonitions {
                let class = config.callout_class(a.kind.as_str());
                if !class.is_empty() {
                    let end = a.body_range.end.max(a.header_range.end);
                    boxes.push((a.header_range.start..end, Cow::Owned(class)));
                }
            }
            if !doc.admonitions.is_empty() {
                boxes.sort_by_key(|(r, _)| r.start);
            }
            // `<blockquote class="is-warning">` ... `</blockquote>`, as `build` writes a
            // callout whose body a class line would not follow (a list, a fence).
            let mut open: Vec<(usize, Option<&'d str>)> = Vec::new();
            let mut html = false;
            for t in doc.html.iter().filter(|t| t.name.as_str() == "blockquote") {
                if t.is_start() {
                    let class = t
                        .attr("class")
                        .and_then(|a| a.value.split_whitespace().find(|c| c.starts_with("is-")));
                    open.push((t.range.start, class));
                } else if let Some((start, class)) = open.pop()
                    && let Some(class) = class
                {
                    boxes.push((start..t.range.end, Cow::Borrowed(class)));
                    html = true;
                }
            }
            if html {
                boxes.sort_by_key(|(r, _)| r.start);
            }
            boxes
        }
    }
}

/// Gives each box of `boxes` ([`callout_boxes`]) a [`FpKind::Callout`] fingerprint, on the
/// first unit it holds (an admonition's title, or the first text of its body). `units` are
/// sorted by where they start. A box without text gets none: nothing places it in a section.
pub(crate) fn callout_fingerprints(
    boxes: &[(Range<usize>, std::borrow::Cow<'_, str>)],
    units: &mut [Unit],
) {
    for (range, value) in boxes {
        let first = units.partition_point(|u| u.range.start < range.start);
        let Some(u) = units.get_mut(first).filter(|u| u.range.start < range.end) else {
            continue;
        };
        let mut fps = std::mem::take(&mut u.fingerprints).into_vec();
        fps.push(Fp::new(FpKind::Callout, value.as_ref()));
        u.fingerprints = fps.into_boxed_slice();
    }
}

static IMSIZE_IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"!\[([^\]]*)\]\(\s*([^\s)]+)\s+=[0-9]*%?x[0-9]*%?\s*\)").expect("valid regex")
});
/// The alt text and the source of a match of [`IMSIZE_IMAGE`]: what its two groups capture,
/// read from the match itself. The match is found by the regex's automaton alone, without the
/// slower search for its groups; within the match each group is where the syntax puts it (the
/// alt text up to the first `]`, the source from the first non-space after `(` to the next
/// space).
fn imsize_parts(whole: &str) -> (&str, &str) {
    let rest = whole.get(2..).unwrap_or("");
    let (alt, rest) = rest.split_once(']').unwrap_or((rest, ""));
    let dest = rest.get(1..).unwrap_or("").trim_start();
    let src = dest.split(char::is_whitespace).next().unwrap_or("");
    (alt, src)
}

static MD_IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"!\[([^\]]*)\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)(?:\{[^}]*\})?"#)
        .expect("valid regex")
});
static ATTR_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\s*(?:(?:[.#][\w:-]+|[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'}]+))\s*)+\}"#)
        .expect("valid regex")
});

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>()]+").expect("valid regex"));

impl<'d> Extractor<'d> {
    fn block(&mut self, b: &TextBlock, out: &mut Vec<Unit>, title: bool) {
        let doc: &'d Document = self.doc;
        let range = b.range.clone();
        let kind = if title {
            UnitKind::CalloutTitle
        } else {
            match b.kind {
                BlockKind::Heading => UnitKind::Heading,
                BlockKind::TableCell => UnitKind::TableCell,
                BlockKind::Paragraph => {
                    if b.containers.last() == Some(&Container::ListItem) {
                        UnitKind::ListItem
                    } else if crate::document::abbr::definitions_only(
                        &doc.text[range.clone()],
                        doc.dialect,
                    ) {
                        UnitKind::Abbreviation
                    } else {
                        UnitKind::Paragraph
                    }
                }
            }
        };
        let mut fps = Vec::new();
        let Scratch {
            mut pieces,
            mut shown,
            mut skip,
            mut external,
            mut code,
        } = std::mem::take(&mut self.scratch);
        pieces.clear();
        shown.clear();
        skip.clear();
        code.clear();
        // Links to other sites: their text is often the resource's own title, kept in its
        // language.
        external.clear();
        // Images: their alt text is a unit of its own.
        for l in within(&doc.links, &mut self.at[0], &range, |l| l.range.clone()) {
            if l.kind == LinkKind::Image {
                skip.push(&l.range);
                let src = fingerprint::image(&l.url);
                out.push(self.unit(
                    UnitKind::AltText,
                    l.range.clone(),
                    l.text.clone(),
                    src.into_iter().collect(),
                ));
            } else if let Some(fp) = fingerprint::page_link(&l.url, self.folder.as_deref()) {
                if fp.kind == FpKind::Link && fp.value.contains("://") {
                    external.push(&l.range);
                }
                fps.push(fp);
            }
        }
        for t in within(&doc.html, &mut self.at[1], &range, |t| t.range.clone()) {
            if let Some(fp) = tag_fingerprint(t, self.folder.as_deref()) {
                if fp.kind == FpKind::Component
                    && let Some(value) = shown_by_span(t)
                {
                    shown.push((t.range.clone(), value));
                }
                fps.push(fp);
            }
        }
        for r in within(&doc.texts, &mut self.at[2], &range, |t| t.range.clone()) {
            if skip.covers(&r.range) {
                continue;
            }
            pieces.push((
                r.range.clone(),
                Piece::Text(&r.text, r.range.start, r.verbatim),
            ));
        }
        for c in within(&doc.code_spans, &mut self.at[3], &range, |c| c.clone()) {
            let raw = doc.text.get(c.clone()).unwrap_or("");
            // The backticks around it, by bytes (a search by character costs more than the
            // span is long).
            let b = raw.as_bytes();
            let from = b.iter().position(|&c| c != b'`').unwrap_or(b.len());
            let to = b.iter().rposition(|&c| c != b'`').map_or(from, |i| i + 1);
            let lit = raw.get(from..to).unwrap_or("");
            let lit = if lit.starts_with(' ') && lit.ends_with(' ') && lit.trim() != "" {
                &lit[1..lit.len() - 1]
            } else {
                lit
            };
            if !lit.trim().is_empty() {
                fps.push(Fp::new(FpKind::Code, lit.trim()));
            }
            pieces.push((c.clone(), Piece::Code(lit)));
        }
        pieces.extend(shown.drain(..).map(|(r, value)| (r, Piece::Shown(value))));
        pieces.sort_by_key(|(r, _)| r.start);

        // Built with whitespace collapsed as it goes (what `collapse` would give).
        // `prose` is `text` until the first code span or shown value (most units have none):
        // it is then forked from `text` and built alongside.
        let [text_buf, prose_buf] = std::mem::take(&mut self.bufs);
        let mut text = Collapsed::reusing(text_buf);
        let mut prose_buf = Some(prose_buf);
        let mut prose: Option<Collapsed> = None;
        // By page, the prose is built once at the end instead, from the text (`without_code`).
        let fuse = self.fuse;
        let mut fork = |text: &Collapsed, prose: &mut Option<Collapsed>| {
            if prose.is_none() && !fuse {
                let mut p = Collapsed::reusing(prose_buf.take().unwrap_or_default());
                p.s.push_str(&text.s);
                p.space = text.space;
                *prose = Some(p);
            }
        };
        let mut prev = range.start;
        // The span of the text actually read: a unit does not claim the HTML tags or
        // attribute blocks around its text (an `<input>` after a list item's words).
        let mut span: Option<Range<usize>> = None;
        let mut outside_external = false;
        for (r, piece) in pieces.drain(..) {
            if r.start < prev {
                continue;
            }
            if !matches!(piece, Piece::Shown(_)) {
                span = Some(match span {
                    None => r.clone(),
                    Some(s) => s.start..r.end.max(s.end),
                });
            }
            let gap = doc.text.get(prev..r.start).unwrap_or("");
            if gap.contains(|c: char| c.is_whitespace() || c == '`') || has_bytes(gap, b"<br") {
                text.space();
                if let Some(p) = prose.as_mut() {
                    p.space();
                }
            }
            match piece {
                Piece::Text(t, start, verbatim) => {
                    // Read only when there are external links (see `link_only`).
                    if !outside_external
                        && !external.is_empty()
                        && !external.covers(&r)
                        && !t.trim().is_empty()
                    {
                        outside_external = true;
                    }
                    let mut last = 0;
                    // Sized images (`![alt](src =50%x)`) stay text for comrak; most text has
                    // none, and a regex search costs more than this look.
                    let sized = match &self.image_opens {
                        Some(opens) if verbatim => {
                            debug_assert_eq!(doc.text.get(r.clone()), Some(t));
                            let k = opens.partition_point(|&p| p < r.start);
                            opens.get(k).is_some_and(|&p| p + 2 <= r.end)
                        }
                        _ => has_bytes(t, b"!["),
                    };
                    if sized {
                        for m in IMSIZE_IMAGE.find_iter(t) {
                            let whole = m.range();
                            let seg = &t[last..whole.start];
                            push_text(&mut text, prose.as_mut(), seg);
                            last = whole.end;
                            let (alt, src) = imsize_parts(m.as_str());
                            let ur = if verbatim {
                                start + whole.start..start + whole.end
                            } else {
                                r.clone()
                            };
                            out.push(self.unit(
                                UnitKind::AltText,
                                ur,
                                alt.to_string(),
                                fingerprint::image(src).into_iter().collect(),
                            ));
                        }
                    }
                    push_text(&mut text, prose.as_mut(), &t[last..]);
                }
                Piece::Shown(_) | Piece::Code(_) => {
                    fork(&text, &mut prose);
                    let shown = match &piece {
                        Piece::Shown(value) => value.as_str(),
                        Piece::Code(lit) => lit,
                        Piece::Text(..) => "",
                    };
                    let start = text.s.len();
                    text.push_str("`");
                    text.push_str(shown);
                    text.push_str("`");
                    code.push(start..text.s.len());
                    if let Some(p) = prose.as_mut() {
                        p.space();
                    }
                }
            }
            prev = r.end;
        }
        if fuse && !code.is_empty() {
            prose = Some(without_code(
                &text.s,
                &code,
                prose_buf.take().unwrap_or_default(),
            ));
        }
        let text = text.finish_into(&mut self.bufs[0]);
        // `None`: the same as `text`.
        let mut prose = match prose {
            Some(p) => Some(p.finish_into(&mut self.bufs[1])),
            None => {
                self.bufs[1] = prose_buf.unwrap_or_default();
                None
            }
        };
        let link_only = !external.is_empty() && !outside_external;
        if kind == UnitKind::Heading {
            let p = prose.as_deref().unwrap_or(&text);
            let stripped = strip_number(p);
            if stripped.len() != p.len() {
                prose = Some(stripped.to_string());
                // The prose is no longer the text without its code spans.
                code.clear();
            }
        }
        fingerprint::numbers(prose.as_deref().unwrap_or(&text), &mut fps);
        if !text.is_empty() || !fps.is_empty() {
            let range = match span {
                Some(sp) if kind != UnitKind::Heading => {
                    let inner = doc.text.get(sp.clone()).unwrap_or("");
                    let trimmed = inner.trim_end();
                    sp.start..sp.start + trimmed.len()
                }
                _ => range,
            };
            let mut u = self.collapsed_unit(kind, range, text, prose, &code, fps);
            u.link_only = link_only;
            out.push(u);
        }
        self.scratch = Scratch {
            pieces,
            shown,
            skip,
            external,
            code,
        };
    }

    /// Text between the tags of an HTML block (`<details><summary>Title</summary>...`), which
    /// Markdown does not parse: each stretch of text is a unit.
    fn html_block_text(&mut self, out: &mut Vec<Unit>) {
        const RAW: &[&str] = &["script", "style", "pre", "code", "textarea", "kbd", "samp"];
        let tags: Vec<&crate::document::HtmlTag> =
            self.doc.html.iter().filter(|t| t.block).collect();
        let mut raw_depth = 0usize;
        // The fingerprint of the tag before a stretch of text goes with it (a link's text);
        // the others are placed by section.
        let mut last: Option<(Range<usize>, Fp)> = None;
        for pair in tags.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if let Some(fp) = tag_fingerprint(a, self.folder.as_deref()) {
                self.loose.extend(last.replace((a.range.clone(), fp)));
            }
            if RAW.contains(&a.name.as_str()) {
                match a.kind {
                    crate::document::TagKind::Start {
                        self_closing: false,
                    } => raw_depth += 1,
                    crate::document::TagKind::End => raw_depth = raw_depth.saturating_sub(1),
                    _ => {}
                }
            }
            if raw_depth > 0 || a.range.end >= b.range.start {
                continue;
            }
            let Some(gap) = self.doc.text.get(a.range.end..b.range.start) else {
                continue;
            };
            if gap.trim().is_empty() || gap.contains("\n\n") || gap.contains("\n\r\n") {
                continue;
            }
            let lead = gap.len() - gap.trim_start().len();
            let range = a.range.end + lead..a.range.end + lead + gap.trim().len();
            // Markdown inside a Markdown-in-HTML block (`<figure markdown>`, `<div markdown>`):
            // its images are what the reader sees, with their alt text.
            let gap = if has_bytes(gap, b"![") {
                let mut rest = String::with_capacity(gap.len());
                let mut last = 0;
                for m in MD_IMAGE.captures_iter(gap) {
                    let whole = m.get(0).map_or(0..0, |g| g.range());
                    rest.push_str(&gap[last..whole.start]);
                    last = whole.end;
                    let alt = m.get(1).map_or("", |g| g.as_str());
                    let src = m.get(2).map_or("", |g| g.as_str());
                    let at = a.range.end + whole.start;
                    out.push(self.unit(
                        UnitKind::AltText,
                        at..a.range.end + whole.end,
                        alt.to_string(),
                        fingerprint::image(src).into_iter().collect(),
                    ));
                }
                rest.push_str(&gap[last..]);
                std::borrow::Cow::Owned(rest)
            } else {
                std::borrow::Cow::Borrowed(gap)
            };
            if gap.trim().is_empty() {
                continue;
            }
            let text = decode_entities(gap.trim()).into_owned();
            let kind = if a.name == "summary" && a.is_start() {
                UnitKind::CalloutTitle
            } else {
                UnitKind::Paragraph
            };
            // The text of a link or a component (`<a href="...">text</a>`) holds its target.
            let fps = last
                .take_if(|(at, _)| at.start == a.range.start)
                .map(|(_, fp)| fp)
                .into_iter()
                .collect();
            out.push(self.unit(kind, range, text, fps));
        }
        self.loose.extend(last);
        if let Some(t) = tags.last()
            && let Some(fp) = tag_fingerprint(t, self.folder.as_deref())
        {
            self.loose.push((t.range.clone(), fp));
        }
    }

    /// A MkDocs admonition title (`!!! info "Title with `code` and <span ...>"`): inline
    /// Markdown read by a small scanner rather than a second parse (titles are one line of
    /// text, code spans, emphasis, links and inline HTML).
    fn title_units(&mut self, title: &str, base: usize, out: &mut Vec<Unit>) {
        let tags = if title.contains('<') {
            crate::document::html::tokenize(title, false, &|o| o + base)
        } else {
            Vec::new()
        };
        let mut fps = Vec::new();
        let mut text = String::new();
        let mut prose = String::new();
        let bytes = title.as_bytes();
        let mut i = 0;
        let mut tag_iter = tags.iter().peekable();
        while i < title.len() {
            // HTML tags: components give fingerprints (and spans show their server).
            if let Some(t) = tag_iter.peek()
                && t.range.start - base == i
            {
                if let Some(fp) = tag_fingerprint(t, self.folder.as_deref()) {
                    if fp.kind == FpKind::Component
                        && let Some(v) = shown_by_span(t)
                    {
                        text.push('`');
                        text.push_str(&v);
                        text.push('`');
                    }
                    fps.push(fp);
                }
                i = (t.range.end - base).max(i + 1);
                tag_iter.next();
                continue;
            }
            let c = bytes[i];
            if c == b'`' {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = &title[i..i + run];
                if let Some(end) = title[i + run..].find(fence) {
                    let lit = title[i + run..i + run + end].trim();
                    if !lit.is_empty() {
                        fps.push(Fp::new(FpKind::Code, lit));
                    }
                    text.push('`');
                    text.push_str(lit);
                    text.push('`');
                    prose.push(' ');
                    i += run + end + run;
                    continue;
                }
            }
            if c == b'[' || (c == b'!' && bytes.get(i + 1) == Some(&b'[')) {
                let image = c == b'!';
                let open = if image { i + 1 } else { i };
                if let Some(close) = title[open..].find("](").map(|k| open + k)
                    && let Some(end) = title[close + 2..].find(')').map(|k| close + 2 + k)
                {
                    let label = &title[open + 1..close];
                    let url = &title[close + 2..end];
                    if image {
                        if let Some(fp) = fingerprint::image(url) {
                            fps.push(fp);
                        }
                    } else {
                        if let Some(fp) = fingerprint::page_link(url, self.folder.as_deref()) {
                            fps.push(fp);
                        }
                        text.push_str(label);
                        prose.push_str(label);
                    }
                    i = end + 1;
                    continue;
                }
            }
            if c == b'*' {
                i += 1;
                continue;
            }
            let ch = title[i..].chars().next().unwrap_or(' ');
            text.push(ch);
            prose.push(ch);
            i += ch.len_utf8();
        }
        let prose = collapse(&prose);
        fingerprint::numbers(&prose, &mut fps);
        let text = collapse(&text);
        if !text.is_empty() || !fps.is_empty() {
            let lead = title.len() - title.trim_start().len();
            let range = lead..title.trim_end().len().max(lead);
            out.push(self.collapsed_unit(
                UnitKind::CalloutTitle,
                range.start + base..range.end + base,
                text,
                Some(prose),
                &[],
                fps,
            ));
        }
        self.attributes(&tags, out);
    }

    /// The header's `title` and `description`, which readers see as the page's title and the
    /// line under it (quotes around the value are not part of it).
    fn header_units(&mut self, out: &mut Vec<Unit>) {
        let Some(fm) = &self.doc.front_matter else {
            return;
        };
        for (key, kind) in [
            ("title", UnitKind::PageTitle),
            ("description", UnitKind::PageDescription),
        ] {
            let Some(f) = fm.field(key) else {
                continue;
            };
            let raw = f.value.trim();
            let quoted = ['"', '\''].iter().find_map(|q| {
                raw.strip_prefix(*q)
                    .and_then(|r| r.strip_suffix(*q))
                    .map(|inner| (inner, 1))
            });
            let (value, q) = quoted.unwrap_or((raw, 0));
            if value.trim().is_empty() {
                continue;
            }
            let lead = f.value.len() - f.value.trim_start().len() + q;
            let start = f.value_range.start + lead;
            let text = collapse(value);
            out.push(self.collapsed_unit(
                kind,
                start..start + value.len(),
                text,
                None,
                &[],
                Vec::new(),
            ));
        }
    }

    /// Visible attributes of HTML tags: `placeholder`, `title`, `aria-label`, `<img alt>`.
    fn attributes(&mut self, tags: &[crate::document::HtmlTag], out: &mut Vec<Unit>) {
        for t in tags.iter().filter(|t| t.is_start()) {
            if self.doc.in_code(t.range.start) {
                continue;
            }
            for a in &t.attrs {
                let kind = match a.name.as_str() {
                    "placeholder" | "title" | "aria-label" => UnitKind::Attribute,
                    "alt" if t.name == "img" => UnitKind::AltText,
                    _ => continue,
                };
                if a.duplicate || a.value.trim().is_empty() {
                    continue;
                }
                let Some(vr) = a.value_range.clone() else {
                    continue;
                };
                let mut fps = Vec::new();
                if t.name == "img"
                    && let Some(src) = t.attr("src")
                    && let Some(fp) = fingerprint::image(&src.value)
                {
                    fps.push(fp);
                }
                out.push(self.unit(kind, vr, a.value.clone(), fps));
            }
        }
    }

    /// A unit whose prose is its text.
    fn unit(
        &mut self,
        kind: UnitKind,
        range: Range<usize>,
        text: String,
        fingerprints: Vec<Fp>,
    ) -> Unit {
        self.collapsed_unit(kind, range, collapse_owned(text), None, &[], fingerprints)
    }

    /// A unit of text and prose (`None`: the same as the text) whose whitespace is already
    /// collapsed. `code`: where the text has the code spans the prose is without, when that is
    /// all that tells them apart (else empty).
    fn collapsed_unit(
        &mut self,
        kind: UnitKind,
        range: Range<usize>,
        text: String,
        prose: Option<String>,
        code: &[Range<usize>],
        fingerprints: Vec<Fp>,
    ) -> Unit {
        debug_assert!(is_collapsed(&text) && prose.as_deref().is_none_or(is_collapsed));
        let p = prose.as_deref().unwrap_or(&text);
        let url = may_hold_url(p);
        let prose = if url {
            Some(collapse(&URL.replace_all(p, " ")))
        } else {
            prose
        };
        let p = prose.as_deref().unwrap_or(&text);
        let file = kind == UnitKind::AltText && looks_like_file_name(p);
        let prose = if file {
            Some(String::new())
        } else {
            prose.filter(|p| *p != text)
        };
        // Words are counted on the prose, which is most often the text itself, or the text
        // without its code spans: both are then read in one pass over the text.
        let (key, words) = match &prose {
            None => key_and_words(&text),
            Some(p) if self.fuse && !url && !file && !code.is_empty() => {
                key_and_words_around(&text, code).unwrap_or_else(|| (key_of(&text), count_words(p)))
            }
            Some(p) => (key_of(&text), count_words(p)),
        };
        Unit {
            kind,
            range: range.start + self.base..range.end + self.base,
            line: 0,
            end_line: 0,
            key,
            words: u32::try_from(words).unwrap_or(u32::MAX),
            text: text.into_boxed_str(),
            prose: prose.map(String::into_boxed_str),
            fingerprints: exact(fingerprints).into_boxed_slice(),
            section: 0,
            verdict: Verdict::Unsure,
            pending: false,
            source_parts: Box::default(),
            link_only: false,
        }
    }
}

/// `v` in an allocation of exactly its length, for lists every page keeps until the cross-page
/// rules have run (the allocator may shrink an allocation in place and keep the spare room).
pub(crate) fn exact<T>(mut v: Vec<T>) -> Vec<T> {
    if v.capacity() == v.len() {
        return v;
    }
    let mut out = Vec::with_capacity(v.len());
    out.append(&mut v);
    out
}

/// A 1-based line number as a unit keeps it (a page of more than 4 billion lines is not read).
fn line_u32(line: usize) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// Whether `s` contains `pat`: for the short needles and mostly short texts of unit
/// extraction, the needle's first byte (`!`, `<`: rare in prose) is looked for and the rest
/// compared only there, instead of setting up a substring search (or comparing a window at
/// every byte); a vectorised search pays for its set-up only on longer texts.
#[inline]
fn has_bytes(s: &str, pat: &[u8]) -> bool {
    let b = s.as_bytes();
    let Some((&first, rest)) = pat.split_first() else {
        return true;
    };
    let at = |i: usize| b[i + 1..].starts_with(rest);
    if b.len() < 16 {
        b.iter().enumerate().any(|(i, &c)| c == first && at(i))
    } else {
        memchr::memchr_iter(first, b).any(at)
    }
}

/// Whether `s` contains one of `chars` (non-ASCII letters) inside a word: ASCII bytes are skipped without
/// decoding.
fn has_any_char(s: &str, chars: &[char]) -> bool {
    let b = s.as_bytes();
    // ASCII text (a vectorised test) has none.
    if b.iter().fold(0u8, |acc, &c| acc | c) < 0x80 {
        return false;
    }
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&x| x >= 0x80) {
        let at = i + k;
        let Some(c) = s[at..].chars().next() else {
            return false;
        };
        // In a word, not alone (`æ, ø and å` named in English text is no Danish).
        if chars.contains(&c)
            && (s[..at].chars().next_back().is_some_and(char::is_alphabetic)
                || s[at + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic))
        {
            return true;
        }
        i = at + c.len_utf8();
    }
    false
}

/// Whether `s` has `://`, `www.` or `WWW.` (what [`URL`] needs to match): the candidates,
/// a `:` or a `.` (rarer in prose than a `w`), are found with a vectorised search.
fn may_hold_url(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b':', b'.', b).any(|i| match b[i] {
        b':' => b[i..].starts_with(b"://"),
        _ => i >= 3 && matches!(&b[i - 3..i], b"www" | b"WWW"),
    })
}

/// What an HTML start tag gives a unit to compare: a guide component's fingerprint, or for a
/// link (`<a href="...">`) its target's, read as a Markdown link's is (`folder`: see
/// [`fingerprint::page_link`]).
fn tag_fingerprint(t: &crate::document::HtmlTag, folder: Option<&str>) -> Option<Fp> {
    if !t.is_start() {
        return None;
    }
    fingerprint::component(t).or_else(|| {
        let href = t.attr("href").filter(|_| t.name == "a")?;
        fingerprint::page_link(&href.value, folder)
    })
}

/// Gives each code block of `doc` a [`FpKind::CodeBlock`] fingerprint, on the unit of its
/// section that comes last before it (the text introducing it), else on the section's first
/// unit: the block is then compared with the section's, not placed anywhere else. A block in a
/// section without units, or past the sections (`auto_append`'s text, cut), gets none; so does
/// prose the page shows as code by mistake (GL322: the translation's text in its place is
/// what was meant).
pub(crate) fn code_block_fingerprints(doc: &Document, page: &mut PageUnits) {
    let fps = doc
        .code_blocks
        .iter()
        .filter(|r| {
            !page
                .code_bodies
                .iter()
                .any(|c| c.range.start < r.end && r.start < c.range.end)
        })
        .map(|r| {
            let fenced = doc.indented_code.binary_search(&r.start).is_err();
            let text = doc.text.get(r.clone()).unwrap_or("");
            (r.clone(), fingerprint::code_block(text, fenced))
        })
        .collect();
    let placed = place_fingerprints(&page.sections, &mut page.units, fps);
    if placed.is_empty() {
        return;
    }
    page.placed.extend(placed_at_lines(doc, placed));
    page.placed.sort_by_key(|p| (p.unit, p.index));
}

/// [`Placed`] records, each with its line in `doc`.
fn placed_at_lines(doc: &Document, placed: Vec<(usize, usize, Range<usize>)>) -> Vec<Placed> {
    placed
        .into_iter()
        .map(|(unit, index, range)| Placed {
            unit: u32::try_from(unit).unwrap_or(u32::MAX),
            index: u32::try_from(index).unwrap_or(u32::MAX),
            line: line_u32(doc.line_col(range.start).line),
            range,
        })
        .collect()
}

/// Gives each fingerprint of `fps` (with the offset of what it is of) to the unit of its
/// section that comes last before it, else to the section's first unit; one in a section
/// without units, or outside the sections, is dropped. `units` are sorted by where they start.
///
/// Returns, for each fingerprint placed, its unit, its index among the unit's fingerprints and
/// the range it was given with, sorted by unit and index.
fn place_fingerprints(
    sections: &[Section],
    units: &mut [Unit],
    fps: Vec<(Range<usize>, Fp)>,
) -> Vec<(usize, usize, Range<usize>)> {
    let mut placed: Vec<(usize, Range<usize>, Fp)> = fps
        .into_iter()
        .filter_map(|(r, fp)| {
            let at = r.start;
            let s = sections.partition_point(|s| s.range.start <= at);
            let sec = s.checked_sub(1).and_then(|s| sections.get(s))?;
            if !sec.range.contains(&at) || sec.units.is_empty() {
                return None;
            }
            let range = sec.units.clone();
            let before = units[range.clone()].partition_point(|u| u.range.start <= at);
            Some((range.start + before.saturating_sub(1), r, fp))
        })
        .collect();
    // Each unit's list grows once, however many land on it (a section of one paragraph and
    // thousands of code blocks). A stable sort: a unit's fingerprints stay in page order.
    placed.sort_by_key(|(u, _, _)| *u);
    let mut at = Vec::with_capacity(placed.len());
    let mut placed = placed.into_iter().peekable();
    while let Some((u, r, fp)) = placed.next() {
        let mut all = std::mem::take(&mut units[u].fingerprints).into_vec();
        at.push((u, all.len(), r));
        all.push(fp);
        while let Some((_, r, fp)) = placed.next_if(|(next, _, _)| *next == u) {
            at.push((u, all.len(), r));
            all.push(fp);
        }
        units[u].fingerprints = all.into_boxed_slice();
    }
    at
}

/// What a component `<span>` shows on the page (prefix, default server, suffix), when it shows
/// anything; `None` for other tags.
fn shown_by_span(t: &crate::document::HtmlTag) -> Option<String> {
    if t.name != "span" {
        return None;
    }
    let get = |n: &str| t.attr_or_data(n).map_or("", |a| a.value.as_str());
    let default = [get("default"), get("default-value")]
        .into_iter()
        .find(|v| !v.is_empty())
        .unwrap_or("");
    let (prefix, suffix) = (get("prefix"), get("suffix"));
    if prefix.is_empty() && default.is_empty() && suffix.is_empty() {
        return None;
    }
    let mut value = String::with_capacity(prefix.len() + default.len() + suffix.len());
    value.push_str(prefix);
    value.push_str(default);
    value.push_str(suffix);
    Some(value)
}

/// The few character references that matter in prose.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    // Every entity starts with `&`: text without one (nearly all) is returned as it is.
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let decoded = s
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    std::borrow::Cow::Owned(decoded)
}

/// Per byte: 1 for ASCII whitespace, 2 for the lead bytes of the non-ASCII whitespace
/// characters (U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000; see `is_collapsed`), else 0.
static SPACE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
            0xc2 | 0xe1 | 0xe2 | 0xe3 => 2,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// A string built with its whitespace collapsed as it grows: the same as [`collapse`] of
/// everything pushed, without a second pass.
struct Collapsed {
    s: String,
    /// Whitespace was pushed since the last word.
    space: bool,
}

impl Collapsed {
    #[cfg(test)]
    fn with_capacity(n: usize) -> Collapsed {
        Collapsed::reusing(String::with_capacity(n))
    }

    /// Builds in `buf` (emptied first), keeping its allocation.
    fn reusing(mut buf: String) -> Collapsed {
        buf.clear();
        Collapsed {
            s: buf,
            space: false,
        }
    }

    /// Whitespace: one space before the next word, if any word came before.
    fn space(&mut self) {
        self.space = true;
    }

    fn push_str(&mut self, x: &str) {
        self.push_scanned(x, is_plain(x));
    }

    /// [`Collapsed::push_str`] of `x`, where `plain` is [`is_plain`]`(x)` (a piece pushed to
    /// both the text and the prose is scanned once).
    fn push_scanned(&mut self, x: &str, plain: bool) {
        let b = x.as_bytes();
        if plain {
            let inner = x.strip_prefix(' ').unwrap_or(x);
            if inner.len() != x.len() {
                self.space = true;
            }
            let w = inner.strip_suffix(' ').unwrap_or(inner);
            self.word(w);
            if w.len() != inner.len() {
                self.space = true;
            }
            return;
        }
        // Runs of words separated by single spaces are copied whole; a run ends at other
        // whitespace (ASCII, or a non-ASCII whitespace character, whose lead byte is looked
        // up first).
        let mut start = 0;
        let mut i = 0;
        while i < b.len() {
            let len = match SPACE_CLASS[b[i] as usize] {
                0 => {
                    i += 1;
                    continue;
                }
                1 => 1,
                _ => match x[i..].chars().next() {
                    Some(c) if c.is_whitespace() => c.len_utf8(),
                    _ => {
                        i += 1;
                        continue;
                    }
                },
            };
            if b[i] == b' '
                && i > start
                && b.get(i + 1).is_some_and(|&n| SPACE_CLASS[n as usize] == 0)
            {
                i += 1;
                continue;
            }
            self.word(&x[start..i]);
            self.space = true;
            i += len;
            start = i;
        }
        self.word(&x[start..]);
    }

    /// Words separated by single spaces, without whitespace around them.
    fn word(&mut self, w: &str) {
        if w.is_empty() {
            return;
        }
        if self.space && !self.s.is_empty() {
            self.s.push(' ');
        }
        self.space = false;
        self.s.push_str(w);
    }

    #[cfg(test)]
    fn finish(self) -> String {
        self.s
    }

    /// The text built, in an exact-size string; the buffer goes back to `keep` for reuse.
    fn finish_into(self, keep: &mut String) -> String {
        let out = self.s.as_str().to_owned();
        *keep = self.s;
        out
    }
}

/// A unit's prose from its text (collapsed) and where the text has its code spans and shown
/// values (`code`, in order): the text without them, each read as whitespace, collapsed; what
/// building the prose beside the text gives (a code span pushes its text there, whitespace
/// here), in a few copies instead of every piece pushed twice. Built in `buf`.
fn without_code(text: &str, code: &[Range<usize>], buf: String) -> Collapsed {
    let mut p = Collapsed::reusing(buf);
    let mut at = 0;
    for r in code {
        // A piece of collapsed text: single spaces only, so plain.
        p.push_scanned(text.get(at..r.start).unwrap_or(""), true);
        p.space();
        at = r.end;
    }
    p.push_scanned(text.get(at..).unwrap_or(""), true);
    p
}

/// Whether `x` is words separated by single spaces, with maybe a space at either end: no
/// other whitespace (nor a byte that may start a non-ASCII whitespace character) and no double
/// space. Most pieces are: [`Collapsed`] then pushes them whole.
fn is_plain(x: &str) -> bool {
    scan_piece(x) & NOT_PLAIN == 0
}

/// [`scan_piece`]'s flags: the piece is not [`is_plain`]; it has a `{`.
const NOT_PLAIN: u8 = 1;
const BRACE: u8 = 2;

/// What [`push_text`] needs to know of a piece, in one pass over its bytes.
fn scan_piece(x: &str) -> u8 {
    let b = x.as_bytes();
    let odd = |c: u8| {
        u8::from(c < 0x20)
            | u8::from(c == 0xc2)
            | u8::from(c.wrapping_sub(0xe1) < 3)
            | (u8::from(c == b'{') << 1)
    };
    match b.split_last() {
        None => 0,
        Some((&last, rest)) => rest.iter().zip(&b[1..]).fold(odd(last), |acc, (&c, &n)| {
            acc | odd(c) | u8::from((c == b' ') & (n == b' '))
        }),
    }
}

fn push_text(text: &mut Collapsed, prose: Option<&mut Collapsed>, seg: &str) {
    let flags = scan_piece(seg);
    let (cleaned, plain) = if flags & BRACE != 0 {
        let cleaned = ATTR_BLOCK.replace_all(seg, " ");
        let plain = is_plain(&cleaned);
        (cleaned, plain)
    } else {
        (std::borrow::Cow::Borrowed(seg), flags & NOT_PLAIN == 0)
    };
    text.push_scanned(&cleaned, plain);
    if let Some(p) = prose {
        p.push_scanned(&cleaned, plain);
    }
}

/// Ranges pushed in order of their start, answering "does one of them contain this range" with
/// a binary search (a paragraph of 100,000 images is not scanned once per text run).
#[derive(Default)]
struct Cover {
    starts: Vec<usize>,
    /// The furthest end of the ranges pushed so far, per range.
    max_end: Vec<usize>,
}

impl Cover {
    fn push(&mut self, r: &Range<usize>) {
        debug_assert!(self.starts.last().is_none_or(|&s| s <= r.start));
        let end = self.max_end.last().map_or(r.end, |&e| e.max(r.end));
        self.starts.push(r.start);
        self.max_end.push(end);
    }

    fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    fn clear(&mut self) {
        self.starts.clear();
        self.max_end.clear();
    }

    /// Whether a pushed range `s` has `s.start <= r.start && r.end <= s.end`.
    fn covers(&self, r: &Range<usize>) -> bool {
        let i = self.starts.partition_point(|&s| s <= r.start);
        i > 0 && self.max_end[i - 1] >= r.end
    }
}

/// Items of a position-sorted list whose range lies inside `range`. `at` is where the last
/// look began in `items`: a page's blocks are asked in order, so it
/// moves forward a step at a time (each item passed once for the page) instead of a binary
/// search per block, whose steps were cache misses; a range that starts before the last is
/// looked up by a binary search.
fn within<'a, T, F: Fn(&T) -> Range<usize> + Copy>(
    items: &'a [T],
    at: &mut usize,
    range: &Range<usize>,
    r: F,
) -> impl Iterator<Item = &'a T> + use<'a, T, F> {
    if *at > items.len() || (*at > 0 && r(&items[*at - 1]).start >= range.start) {
        *at = items.partition_point(|t| r(t).start < range.start);
    } else {
        while items.get(*at).is_some_and(|t| r(t).start < range.start) {
            *at += 1;
        }
    }
    let end = range.end;
    items[*at..]
        .iter()
        .take_while(move |t| r(t).start < end)
        .filter(move |t| r(t).end <= end)
}

fn looks_like_file_name(s: &str) -> bool {
    let t = s.trim();
    !t.contains(' ')
        && t.rsplit_once('.')
            .is_some_and(|(a, e)| !a.is_empty() && !e.is_empty())
}

/// `2. Export` -> `Export`.
fn strip_number(s: &str) -> &str {
    let t = s.trim_start();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ')'))
        .unwrap_or(t.len());
    if end == 0 {
        return t;
    }
    t[end..].trim_start()
}

/// Whether `s` has one of the quotation marks [`unquoted`] reads (`"`, `“`, `«`, `»`, `„`):
/// their lead bytes (`"`, 0xC2, 0xE2) found with a vectorised search instead of decoding every
/// character.
fn has_quote(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr3_iter(b'"', 0xC2, 0xE2, b).any(|i| match b[i] {
        b'"' => true,
        // `«` U+00AB, `»` U+00BB.
        0xC2 => matches!(b.get(i + 1), Some(0xAB | 0xBB)),
        // `“` U+201C, `„` U+201E.
        _ => b[i..].starts_with("“".as_bytes()) || b[i..].starts_with("„".as_bytes()),
    })
}

/// `s` without the text between quotation marks (`"..."`, `“...”`, `«...»`, `„...“`).
fn unquoted(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_quote(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut close: Option<char> = None;
    for c in s.chars() {
        match close {
            Some(end) if c == end => {
                close = None;
                out.push(' ');
            }
            Some(_) => {}
            None => match c {
                '"' => close = Some('"'),
                '“' => close = Some('”'),
                '«' => close = Some('»'),
                '»' => close = Some('«'),
                '„' => close = Some('“'),
                _ => out.push(c),
            },
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How one line or sentence of a unit was judged in [`source_parts`].
#[derive(Clone, Copy, PartialEq)]
enum Part {
    /// Too few words to say anything.
    Short,
    /// A short part (2-3 words) in the source language: joins a neighbouring source part.
    WeakSource,
    Source,
    Other,
}

/// The parts of a unit written in the source language: its written text (`text[range]`) split
/// into lines and each line into sentences, each judged alone on its prose (quotations left
/// out). Consecutive source parts, with parts too short to judge between or beside them, make
/// one [`SourcePart`]. `line` is the unit's first line.
fn source_parts(pair: &LangPair, text: &str, range: Range<usize>, line: usize) -> Vec<SourcePart> {
    let Some(raw) = text.get(range.clone()) else {
        return Vec::new();
    };
    let mut segs: Vec<(Range<usize>, String, Part)> = Vec::new();
    let mut offset = 0;
    for l in raw.split_inclusive('\n') {
        for r in raw_sentences(l) {
            let seg = &l[r.clone()];
            let prose = raw_prose(seg);
            let judged = unquoted(&prose);
            // A part with a target marker is `Other` once it has two words: its words are
            // counted only that far.
            let marked = pair.quick(&prose) == Some(Verdict::Target);
            let n = if marked {
                count_words_upto(&judged, 2)
            } else {
                count_words(&judged)
            };
            let part = if n < 2 {
                Part::Short
            } else if marked {
                Part::Other
            } else if !part_is_source(pair, &judged, n) {
                if n < SENTENCE_MIN_WORDS {
                    Part::Short
                } else {
                    Part::Other
                }
            } else if n < SENTENCE_MIN_WORDS {
                Part::WeakSource
            } else {
                Part::Source
            };
            segs.push((offset + r.start..offset + r.end, prose, part));
        }
        offset += l.len();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        if segs[i].2 != Part::Source {
            i += 1;
            continue;
        }
        // Extend back over weak source parts, forward over source, weak and short parts
        // followed by more source.
        let mut a = i;
        while a > 0 && segs[a - 1].2 == Part::WeakSource {
            a -= 1;
        }
        let mut b = i;
        let mut j = i + 1;
        while j < segs.len() && segs[j].2 != Part::Other {
            if matches!(segs[j].2, Part::Source | Part::WeakSource) {
                b = j;
            }
            j += 1;
        }
        let (start, end) = (segs[a].0.start, segs[b].0.end);
        let written = raw[start..end].trim_end();
        let end = start + written.len();
        let before = raw[..start].matches('\n').count();
        let inside = raw[start..end].matches('\n').count();
        out.push(SourcePart {
            text: collapse(
                &segs[a..=b]
                    .iter()
                    .map(|s| s.1.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            range: range.start + start..range.start + end,
            first_line: line + before,
            last_line: line + before + inside,
        });
        i = j;
    }
    out
}

/// Whether a line or sentence of a partly translated unit is in the source language: the
/// identifier's verdict, with a little more room for words that look Danish alone ("ask",
/// "else") in parts of 6 words or more, since the unit around them is known to be translated
/// and a part with a Danish function word is never source.
fn part_is_source(pair: &LangPair, prose: &str, words: usize) -> bool {
    if words < 6 {
        return pair.is_source(prose);
    }
    let p = super::langid::Params {
        mixed_share: 0.2,
        ..super::langid::Params::DEFAULT
    };
    pair.judge_with(prose, &p) == Verdict::Source
}

/// Sentences of one written line, as ranges: split after `.`, `!` or `?` followed by a space
/// and an upper-case letter (emphasis, a link or a code span may open the next sentence). The
/// mark may be inside closing emphasis, a quote or parentheses (`**Størrelse.** Large servers`,
/// `(see below.) Then`): those close the sentence with it. Leading markup (list markers, quote
/// markers, table pipes, heading marks) is left out.
fn raw_sentences(line: &str) -> Vec<Range<usize>> {
    let body = line.trim_end();
    let lead = body.len() - body.trim_start().len();
    let mut out = Vec::new();
    let mut start = lead;
    let bytes = body.as_bytes();
    for i in lead..bytes.len() {
        if !matches!(bytes[i], b'.' | b'!' | b'?') {
            continue;
        }
        // The sentence ends after the closers that follow the mark; a space must come next.
        let closed = body[i + 1..].trim_start_matches(['*', '_', ')', '"', '\'', '”', '’']);
        let end = body.len() - closed.len();
        if !closed.starts_with(' ') {
            continue;
        }
        let after = closed[1..].trim_start_matches(['*', '_', '[', '`', '(', '"', '“']);
        if after.starts_with(char::is_uppercase) {
            if !body[start..end].trim().is_empty() {
                out.push(start..end);
            }
            start = end + 1;
        }
    }
    if !body[start..].trim().is_empty() {
        out.push(start..body.len());
    }
    out
}

/// The prose of written Markdown (one line or sentence): without code spans, images, link
/// targets, HTML tags, attribute blocks, URLs, emphasis marks and leading block markers.
fn raw_prose(s: &str) -> String {
    let t = s.trim_start();
    // Block markers: quotes, list markers, table pipes, heading marks.
    let t = t.trim_start_matches(['>', '|', '#', ' ']);
    let t = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))
        .unwrap_or(t);
    let t = strip_number(t);
    // Built with its whitespace collapsed as it goes (what `collapse` of the text would give):
    // no second pass, and no copy when no URL or entity is found.
    let mut out = Collapsed::reusing(String::with_capacity(t.len()));
    let b = t.as_bytes();
    let mut i = 0;
    while i < t.len() {
        let c = b[i];
        let rest = &t[i..];
        let skip_to = |close: &str, from: usize| rest[from..].find(close).map(|k| i + from + k);
        match c {
            b'`' => {
                let run = rest.bytes().take_while(|&x| x == b'`').count();
                match rest[run..].find(&rest[..run]) {
                    Some(k) => {
                        out.space();
                        i += run + k + run;
                    }
                    None => i += run,
                }
                continue;
            }
            b'!' if rest.starts_with("![") => {
                if let Some(e) = skip_to("](", 2).and_then(|m| t[m..].find(')').map(|k| m + k)) {
                    out.space();
                    i = e + 1;
                    continue;
                }
            }
            b']' if rest.starts_with("](") => {
                if let Some(k) = rest.find(')') {
                    out.space();
                    i += k + 1;
                    continue;
                }
            }
            b'<' => {
                if let Some(k) = rest.find('>') {
                    out.space();
                    i += k + 1;
                    continue;
                }
            }
            b'{' => {
                if let Some(k) = rest.find('}') {
                    out.space();
                    i += k + 1;
                    continue;
                }
            }
            b'*' => {
                i += 1;
                continue;
            }
            b'[' | b']' | b'|' => {
                out.space();
                i += 1;
                continue;
            }
            b'_' if i == 0
                || !b[i - 1].is_ascii_alphanumeric()
                || !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) =>
            {
                i += 1;
                continue;
            }
            _ => {}
        }
        // Up to the next byte one of the cases above reads, the text is copied as it is (those
        // bytes are ASCII: the run ends on a character boundary).
        let run = 1 + b[i + 1..]
            .iter()
            .position(|c| {
                matches!(
                    c,
                    b'`' | b'!' | b']' | b'<' | b'{' | b'*' | b'[' | b'|' | b'_'
                )
            })
            .unwrap_or(b.len() - i - 1);
        out.push_str(&t[i..i + run]);
        i += run;
    }
    // Whitespace collapsed before or after a URL is taken out, or an entity decoded, gives the
    // same text once collapsed again: neither a URL nor an entity holds whitespace.
    let out = out.s;
    let out = if may_hold_url(&out) {
        collapse(&URL.replace_all(&out, " "))
    } else {
        out
    };
    match decode_entities(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(decoded) => collapse_owned(decoded),
    }
}

/// Sentences judged alone need this many words (shorter ones are left to the whole unit).
const SENTENCE_MIN_WORDS: usize = 4;

/// Splits prose into sentences: after `.`, `!` or `?` followed by a space and an upper-case
/// letter (so `fx. mastodon.social`, `2.5` and `Beskeden: Your account...` do not split).
pub fn sentences(prose: &str) -> Vec<&str> {
    sentence_iter(prose).collect()
}

/// [`sentences`], one at a time (whether a unit has two is known after the second).
fn sentence_iter(prose: &str) -> impl Iterator<Item = &str> {
    let b = prose.as_bytes();
    let (mut start, mut i, mut done) = (0, 0, false);
    std::iter::from_fn(move || {
        // The end marks are ASCII: found byte by byte, never inside a multi-byte character.
        while i < b.len() {
            let at = i;
            i += 1;
            if !matches!(b[at], b'.' | b'!' | b'?') {
                continue;
            }
            let Some(after) = prose[at + 1..].strip_prefix(' ') else {
                continue;
            };
            if after.starts_with(char::is_uppercase) {
                let s = prose[start..at + 1].trim();
                start = at + 1;
                if !s.is_empty() {
                    return Some(s);
                }
            }
        }
        if done {
            return None;
        }
        done = true;
        let s = prose[start..].trim();
        (!s.is_empty()).then_some(s)
    })
}

/// Collapses whitespace runs into one space and trims.
pub fn collapse(s: &str) -> String {
    if is_collapsed(s) {
        s.to_string()
    } else {
        collapse_slow(s)
    }
}

/// [`collapse`] on an owned string: no copy when it is already collapsed.
pub fn collapse_owned(s: String) -> String {
    if is_collapsed(&s) {
        s
    } else {
        collapse_slow(&s)
    }
}

/// Whether `s` has no leading, trailing or repeated whitespace and no whitespace but single
/// spaces (what [`collapse`] would return unchanged). One pass over the bytes; the characters
/// are decoded only when a byte may start a non-ASCII whitespace character.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first().is_some_and(u8::is_ascii_whitespace)
        || b.last().is_some_and(u8::is_ascii_whitespace)
    {
        return false;
    }
    let mut prev_space = false;
    let mut maybe_unicode_space = false;
    for &c in b {
        match c {
            b' ' => {
                if prev_space {
                    return false;
                }
                prev_space = true;
                continue;
            }
            b'\n' | b'\r' | b'\t' | 0x0b | 0x0c => return false,
            // Lead bytes of U+0085, U+00A0, U+1680, U+2000..U+205F and U+3000.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => maybe_unicode_space = true,
            _ => {}
        }
        prev_space = false;
    }
    !maybe_unicode_space || !s.chars().any(|c| !c.is_ascii() && c.is_whitespace())
}

fn collapse_slow(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Text normalised for equality: NFKC, lower case, only letters and digits, single spaces.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// A unit's [`key`](Unit::key): the FNV-1a hash of `normalize(text)`'s bytes, computed as the
/// text is normalised (nothing is built); never 0 for a text that normalises to something.
pub fn key_of(text: &str) -> u64 {
    if let Some(key) = key_of_latin1(text) {
        return key;
    }
    let mut h = KeyHash::default();
    normalize_into(text, &mut h);
    if h.len == 0 {
        0
    } else {
        std::hash::Hasher::finish(&h.hash).max(1)
    }
}

/// [`key_of`] of text made of ASCII and Latin-1 letters, as [`normalize_latin1`] reads it,
/// hashing the bytes it would push as it goes (a run of ASCII letters and digits in a tight
/// loop); `None` at the first other character.
fn key_of_latin1(text: &str) -> Option<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let b = text.as_bytes();
    let mut h = OFFSET;
    let mut any = false;
    let mut space = false;
    let mut i = 0;
    while i < b.len() {
        let c = NORM[b[i] as usize];
        if c == 0 {
            space = true;
            i += 1;
            continue;
        }
        if space && any {
            h = (h ^ u64::from(b' ')).wrapping_mul(PRIME);
        }
        space = false;
        any = true;
        if c < 0x80 {
            h = (h ^ u64::from(c)).wrapping_mul(PRIME);
            i += 1;
            while i < b.len() {
                let c = NORM[b[i] as usize];
                if c == 0 || c >= 0x80 {
                    break;
                }
                h = (h ^ u64::from(c)).wrapping_mul(PRIME);
                i += 1;
            }
            continue;
        }
        if c != LATIN1 || i + 1 >= b.len() {
            return None;
        }
        // U+00C0..U+00FF: 0xC3 then 0x80..0xBF; À..Þ lower-case to 0x20 further, still after
        // 0xC3.
        let d = b[i + 1];
        if d == 0x97 || d == 0xB7 {
            return None;
        }
        let d = if d <= 0x9E { d + 0x20 } else { d };
        h = (h ^ u64::from(LATIN1)).wrapping_mul(PRIME);
        h = (h ^ u64::from(d)).wrapping_mul(PRIME);
        i += 2;
    }
    Some(if any { h.max(1) } else { 0 })
}

/// `(key_of(text), count_words(text))`, in one pass over the bytes of text made of ASCII and
/// Latin-1 letters (most text), each as [`key_of_latin1`] and [`count_words_latin1`] read it.
fn key_and_words(text: &str) -> (u64, usize) {
    key_and_words_latin1(text).unwrap_or_else(|| (key_of(text), count_words(text)))
}

/// [`key_and_words`] of text made of ASCII and Latin-1 letters; `None` at the first other
/// character (or a `×` or `÷`, which `key_of_latin1` leaves to the general path).
fn key_and_words_latin1(text: &str) -> Option<(u64, usize)> {
    let mut kw = KeyWords::new();
    kw.feed::<true>(text.as_bytes())?;
    Some(kw.finish())
}

/// `(key_of(text), count_words(prose))` where `prose` is `text` with the byte ranges `code`
/// (in order, apart, on character boundaries) read as whitespace: a unit's prose is its text
/// without its code spans (see [`Extractor::block`]), so both are read in one pass over the
/// text. `None` as [`key_and_words_latin1`], or for a range outside the text.
fn key_and_words_around(text: &str, code: &[Range<usize>]) -> Option<(u64, usize)> {
    let b = text.as_bytes();
    let mut kw = KeyWords::new();
    let mut at = 0;
    for r in code {
        kw.feed::<true>(b.get(at..r.start)?)?;
        kw.end_token();
        kw.feed::<false>(b.get(r.clone())?)?;
        at = r.end;
    }
    kw.feed::<true>(b.get(at..)?)?;
    Some(kw.finish())
}

/// What [`key_and_words_latin1`] knows as it reads: the key so far (as [`key_of_latin1`]
/// hashes) and the words (as [`count_words_latin1`] counts them).
struct KeyWords {
    /// The hash, whether a letter or digit was hashed, whether a separator followed.
    h: u64,
    any: bool,
    space: bool,
    count: usize,
    /// The current token: its letters, whether a letter was seen, whether a `.`, `@`, `/` or
    /// `_` followed one, and whether it can no longer be a word.
    letters: usize,
    seen: bool,
    bad: bool,
    dead: bool,
}

impl KeyWords {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;

    fn new() -> KeyWords {
        KeyWords {
            h: KeyWords::OFFSET,
            any: false,
            space: false,
            count: 0,
            letters: 0,
            seen: false,
            bad: false,
            dead: false,
        }
    }

    /// Reads `b` (whole characters) into the key and, with `WORDS`, into the word count
    /// (without, `b` is whitespace to the words, and the current token must have ended).
    #[inline(always)]
    fn feed<const WORDS: bool>(&mut self, b: &[u8]) -> Option<()> {
        const PRIME: u64 = KeyWords::PRIME;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_alphabetic() {
                // A run of ASCII letters (most of the text) in a tight loop.
                if self.space && self.any {
                    self.h = (self.h ^ u64::from(b' ')).wrapping_mul(PRIME);
                }
                (self.space, self.any) = (false, true);
                let start = i;
                let mut h = self.h;
                while let Some(&c) = b.get(i).filter(|c| c.is_ascii_alphabetic()) {
                    h = (h ^ u64::from(c | 0x20)).wrapping_mul(PRIME);
                    i += 1;
                }
                self.h = h;
                if WORDS {
                    self.dead |= self.bad;
                    self.seen = true;
                    self.letters += i - start;
                }
                continue;
            }
            i += 1;
            match c {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                    self.space = true;
                    if WORDS {
                        self.end_token();
                    }
                }
                b'0'..=b'9' => {
                    if self.space && self.any {
                        self.h = (self.h ^ u64::from(b' ')).wrapping_mul(PRIME);
                    }
                    (self.space, self.any) = (false, true);
                    self.h = (self.h ^ u64::from(c)).wrapping_mul(PRIME);
                    if WORDS {
                        self.dead = true;
                    }
                }
                0xC3 => {
                    // U+00C0..U+00FF: 0xC3 then 0x80..0xBF; À..Þ lower-case to 0x20 further.
                    let d = *b.get(i)?;
                    i += 1;
                    if d == 0x97 || d == 0xB7 {
                        return None;
                    }
                    if self.space && self.any {
                        self.h = (self.h ^ u64::from(b' ')).wrapping_mul(PRIME);
                    }
                    (self.space, self.any) = (false, true);
                    let d = if d <= 0x9E { d + 0x20 } else { d };
                    self.h = (self.h ^ u64::from(LATIN1)).wrapping_mul(PRIME);
                    self.h = (self.h ^ u64::from(d)).wrapping_mul(PRIME);
                    if WORDS {
                        self.dead |= self.bad;
                        self.letters += 1;
                        self.seen = true;
                    }
                }
                0x80.. => return None,
                b'.' | b'@' | b'/' | b'_' => {
                    self.space = true;
                    if WORDS {
                        self.bad |= self.seen;
                    }
                }
                _ => self.space = true,
            }
        }
        Some(())
    }

    /// The current token ends: counted when it is a word.
    #[inline(always)]
    fn end_token(&mut self) {
        if !self.dead && self.letters >= 2 {
            self.count += 1;
        }
        (self.letters, self.seen, self.bad, self.dead) = (0, false, false, false);
    }

    fn finish(mut self) -> (u64, usize) {
        self.end_token();
        (if self.any { self.h.max(1) } else { 0 }, self.count)
    }
}

/// Where [`normalize_into`] writes: a string, or [`KeyHash`].
trait Normalized {
    fn push(&mut self, c: char);
    fn is_empty(&self) -> bool;
    fn clear(&mut self);
}

impl Normalized for String {
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
    fn clear(&mut self) {
        String::clear(self);
    }
}

/// 64-bit FNV-1a of the UTF-8 bytes pushed.
struct KeyHash {
    hash: super::fnv::FnvHasher,
    len: usize,
}

impl Default for KeyHash {
    fn default() -> KeyHash {
        KeyHash {
            hash: std::hash::BuildHasher::build_hasher(&super::fnv::Fnv),
            len: 0,
        }
    }
}

impl Normalized for KeyHash {
    #[inline]
    fn push(&mut self, c: char) {
        self.hash.write_char(c);
        self.len += c.len_utf8();
    }
    fn is_empty(&self) -> bool {
        self.len == 0
    }
    fn clear(&mut self) {
        *self = KeyHash::default();
    }
}

/// [`normalize`] into `out` (emptied first).
fn normalize_into(s: &str, out: &mut impl Normalized) {
    out.clear();
    // Most text is ASCII and the letters of Latin-1 (`æ ø å é ü`...): already NFKC, and their
    // lower case is one step away.
    if normalize_latin1(s, out) {
        return;
    }
    out.clear();
    if unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        push_normalized(out, s.chars());
    } else {
        push_normalized(out, s.nfkc());
    }
}

/// Per byte, for [`normalize_latin1`]: an ASCII letter or digit in lower case, 0 for other
/// ASCII, `LATIN1` for the lead byte of U+00C0..U+00FF, `OTHER` for any other non-ASCII byte.
static NORM: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_alphanumeric() {
            b.to_ascii_lowercase()
        } else if b == 0xC3 {
            LATIN1
        } else if b >= 0x80 {
            OTHER
        } else {
            0
        };
        i += 1;
    }
    t
};
const LATIN1: u8 = 0xC3;
const OTHER: u8 = 0xFF;

/// [`normalize`] of text made of ASCII and Latin-1 letters (U+00C0..U+00FF but `×` and `÷`),
/// byte by byte; false (with `out` half written) at the first other character.
fn normalize_latin1(s: &str, out: &mut impl Normalized) -> bool {
    let b = s.as_bytes();
    let mut space = false;
    let mut i = 0;
    while i < b.len() {
        let lower = match NORM[b[i] as usize] {
            0 => {
                space = true;
                i += 1;
                continue;
            }
            LATIN1 if i + 1 < b.len() => {
                // U+00C0..U+00FF: 0xC3 then 0x80..0xBF.
                let d = b[i + 1];
                i += 2;
                if d == 0x97 || d == 0xB7 {
                    return false;
                }
                // À..Þ (0x80..0x9E) lower-case to 0x20 further.
                let d = if d <= 0x9E { d + 0x20 } else { d };
                char::from_u32(0xC0 + u32::from(d - 0x80)).unwrap_or('\u{FFFD}')
            }
            LATIN1 | OTHER => return false,
            c => {
                i += 1;
                char::from(c)
            }
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(lower);
    }
    true
}

/// U+00C0..U+00FF but `×` and `÷`: letters (alphabetic, already NFKC).
fn is_latin1_letter(c: char) -> bool {
    matches!(c as u32, 0xC0..=0xFF) && c != '×' && c != '÷'
}

/// The non-ASCII part of [`normalize`]: lower case, letters and digits, single spaces.
fn push_normalized(out: &mut impl Normalized, chars: impl Iterator<Item = char>) {
    let mut space = false;
    for c in chars {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c.to_ascii_lowercase());
            } else {
                space = true;
            }
            continue;
        }
        for l in c.to_lowercase() {
            if l.is_alphanumeric() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(l);
            } else {
                space = true;
            }
        }
    }
}

/// Words of two or more letters; tokens with digits, dots, `@` or `/` (versions, domains,
/// handles, paths) are not words.
pub fn count_words(prose: &str) -> usize {
    count_words_latin1::<false>(prose, usize::MAX)
        .unwrap_or_else(|| prose.split_whitespace().filter(|t| is_word(t)).count())
}

/// `count_words(prose).min(limit)`: the text is read only until `limit` words are found.
fn count_words_upto(prose: &str, limit: usize) -> usize {
    count_words_latin1::<true>(prose, limit)
        .unwrap_or_else(|| {
            prose
                .split_whitespace()
                .filter(|t| is_word(t))
                .take(limit)
                .count()
        })
        .min(limit)
}

/// [`count_words`] in one pass over the bytes of text made of ASCII and Latin-1 characters
/// (the tokens split on ASCII whitespace, each judged as [`is_word`] does); `None` at the
/// first other character. `LIMITED`: it stops once `limit` words are counted.
fn count_words_latin1<const LIMITED: bool>(prose: &str, limit: usize) -> Option<usize> {
    let b = prose.as_bytes();
    let mut count = 0;
    // The current token: its letters, whether a letter or digit was seen, whether a `.`, `@`,
    // `/` or `_` followed one, and whether it can no longer be a word.
    let (mut letters, mut seen, mut bad, mut dead) = (0usize, false, false, false);
    let mut i = 0;
    while i <= b.len() {
        let c = b.get(i).copied().unwrap_or(b' ');
        // A run of ASCII letters (most of the text) in a tight loop.
        if c.is_ascii_alphabetic() {
            dead |= bad;
            seen = true;
            let run = letter_run(&b[i..]);
            letters += run;
            i += run;
            continue;
        }
        i += 1;
        let letter = match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                if !dead && letters >= 2 {
                    count += 1;
                    if LIMITED && count >= limit {
                        return Some(count);
                    }
                }
                (letters, seen, bad, dead) = (0, false, false, false);
                continue;
            }
            b'0'..=b'9' => {
                dead = true;
                continue;
            }
            b'.' | b'@' | b'/' | b'_' => {
                bad |= seen;
                continue;
            }
            0xC3 => {
                // U+00C0..U+00FF: letters but `×` (0x97) and `÷` (0xB7).
                let d = *b.get(i)?;
                i += 1;
                d != 0x97 && d != 0xB7
            }
            0x80.. => return None,
            _ => c.is_ascii_alphabetic(),
        };
        if letter {
            dead |= bad;
            letters += 1;
            seen = true;
        }
    }
    Some(count)
}

/// How many ASCII letters `b` starts with, read eight bytes at a time (a word is most often
/// read in one step).
fn letter_run(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let mut n = 0;
    while let Some(chunk) = b.get(n..n + 8) {
        let v = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Each byte lower-cased (`|0x20` makes only `A..=Z` of `a..=z`) without its high bit:
        // no sum below carries into the next byte.
        let low = (v | (ONES * 0x20)) & !HIGH;
        let from_a = low + ONES * (0x80 - u64::from(b'a'));
        let past_z = low + ONES * (0x80 - u64::from(b'z') - 1);
        // High bit of each byte that is not an ASCII letter.
        let other = !(from_a & !past_z & !v) & HIGH;
        if other != 0 {
            return n + (other.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + b[n..]
        .iter()
        .position(|x| !x.is_ascii_alphabetic())
        .unwrap_or(b.len() - n)
}

/// Whether a token is a word for [`count_words`]: trimmed of what is not a letter or digit, it
/// has no digit, `.`, `@`, `/` or `_`, and two letters or more. One pass: a `.`, `@`, `/` or
/// `_` counts only once a letter follows it (it is then inside the trimmed token).
fn is_word(tok: &str) -> bool {
    let (mut letters, mut seen, mut bad) = (0usize, false, false);
    if tok.is_ascii() {
        for &c in tok.as_bytes() {
            if c.is_ascii_alphabetic() {
                if bad {
                    return false;
                }
                letters += 1;
                seen = true;
            } else if c.is_ascii_digit() {
                return false;
            } else if seen && matches!(c, b'.' | b'@' | b'/' | b'_') {
                bad = true;
            }
        }
        return letters >= 2;
    }
    for c in tok.chars() {
        let (alphanumeric, alphabetic) = if c.is_ascii() {
            (c.is_ascii_alphanumeric(), c.is_ascii_alphabetic())
        } else if is_latin1_letter(c) {
            (true, true)
        } else {
            (c.is_alphanumeric(), c.is_alphabetic())
        };
        if alphanumeric {
            if bad || c.is_ascii_digit() {
                return false;
            }
            if alphabetic {
                letters += 1;
            }
            seen = true;
        } else if seen && matches!(c, '.' | '@' | '/' | '_') {
            bad = true;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Dialect;
    use std::path::PathBuf;

    fn units(text: &str, dialect: Dialect) -> PageUnits {
        let doc = Document::parse(PathBuf::from("x.md"), text.to_string(), Some(dialect));
        PageUnits::new(&doc, None)
    }

    #[test]
    fn the_outline_keeps_what_page_level_rules_read() {
        let first_heading = |u: &PageUnits| {
            u.sections
                .iter()
                .find_map(|s| s.heading.map(|h| u.units[h].range.clone()))
                .unwrap_or(u.body_start..u.body_start)
        };
        for text in [
            "---\ntitle: Setup\n---\nIntro text here.\n\n## Install\n\nRun it.\n\n## Use\n\nGo.\n",
            "Only a paragraph of text.\n",
            "---\ntitle: x\n---\n",
            "",
            "## \n\nText under an empty heading.\n\n### Next\n",
        ] {
            let full = units(text, Dialect::Wikijs);
            let outline = full.outline();
            assert!(outline.outline && !full.outline);
            assert_eq!(outline.units.is_empty(), full.units.is_empty(), "{text:?}");
            assert_eq!(first_heading(&outline), first_heading(&full), "{text:?}");
            assert!(outline.units.len() <= 1);
        }
    }

    #[test]
    fn collapsed_as_built_equals_collapse() {
        let pieces = [
            "",
            " ",
            "a",
            " a",
            "a ",
            "a  b",
            "a b c",
            "\t\ta\n\nb\r",
            "x\u{a0}y",
            "\u{2003}z ",
            "æ ø\u{3000}å",
            "  ",
            "a \u{a0}b",
            "\u{0085}q",
            "end.",
            " `code` ",
            "é\u{200a}",
            "a b ",
            " a b",
            "a\u{1}b",
            "©x y",
            "“q” — r ",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let mut x = Collapsed::with_capacity(0);
                    x.push_str(a);
                    x.space();
                    x.push_str(b);
                    x.push_str(c);
                    let expected = collapse(&format!("{a} {b}{c}"));
                    assert_eq!(x.finish(), expected, "{a:?} {b:?} {c:?}");
                }
            }
        }
        for s in pieces {
            assert_eq!(is_collapsed(s), collapse(s) == s, "{s:?}");
            assert_eq!(collapse_owned(s.to_string()), collapse(s));
        }
    }

    #[test]
    fn abbreviation_definitions_are_tooltips() {
        let kinds = |text: &str, dialect| -> Vec<UnitKind> {
            units(text, dialect).units.iter().map(|u| u.kind).collect()
        };
        for dialect in [Dialect::Wikijs, Dialect::Mkdocs] {
            assert_eq!(
                kinds(
                    "# Export\n\nSave the CSV file.\n\n*[CSV]: Comma-separated values\n*[API]: Application programming interface\n",
                    dialect
                ),
                [
                    UnitKind::Heading,
                    UnitKind::Paragraph,
                    UnitKind::Abbreviation
                ]
            );
        }
        // A paragraph that only starts like one is prose.
        assert_eq!(
            kinds(
                "*[CSV]: Comma-separated values\nand more text on the next line.\n",
                Dialect::Mkdocs
            ),
            [UnitKind::Paragraph]
        );
    }

    #[test]
    fn prose_drops_code_markup_and_attribute_blocks() {
        let p = units(
            "# 2. Export your data\n\nOn the **old** server, click `Upload` [here](https://x.org/a){target=\"_blank\"}.\n\n> Done!\n{.is-success}\n",
            Dialect::Wikijs,
        );
        let u: Vec<_> = p
            .units
            .iter()
            .map(|u| (u.kind, &*u.text, u.prose()))
            .collect();
        assert_eq!(
            u,
            vec![
                (UnitKind::Heading, "2. Export your data", "Export your data"),
                (
                    UnitKind::Paragraph,
                    "On the old server, click `Upload` here .",
                    "On the old server, click here ."
                ),
                (UnitKind::Paragraph, "Done!", "Done!"),
            ]
        );
        assert!(
            p.units[1]
                .fingerprints
                .contains(&Fp::new(FpKind::Code, "Upload"))
        );
        assert!(
            p.units[1]
                .fingerprints
                .contains(&Fp::new(FpKind::Link, "https://x.org/a"))
        );
        assert_eq!(p.sections.len(), 2);
        assert_eq!(p.sections[1].number.as_deref(), Some("2"));
    }

    #[test]
    fn images_attributes_and_titles_are_units() {
        let text = "!!! info \"These steps happen on the **old** server (ex. <span identity=\"old\" tag=\"code\"></span>)\"\n\n    Body text here.\n\n![Export page](/g/export.png){ align=right }\n\n1. I am at: <input id=\"from-server\" placeholder=\"Write your server\" />\n";
        let p = units(text, Dialect::Mkdocs);
        let kinds: Vec<_> = p.units.iter().map(|u| (u.kind, &*u.text)).collect();
        assert_eq!(
            kinds,
            vec![
                (
                    UnitKind::CalloutTitle,
                    "These steps happen on the old server (ex. )"
                ),
                (UnitKind::Paragraph, "Body text here."),
                (UnitKind::AltText, "Export page"),
                (UnitKind::ListItem, "I am at:"),
                (UnitKind::Attribute, "Write your server"),
            ]
        );
        let title = &p.units[0];
        assert_eq!(
            &text[title.range.clone()],
            &text[10..10 + title.range.len()]
        );
        assert!(
            title
                .fingerprints
                .iter()
                .any(|f| f.kind == FpKind::Component)
        );
        let attr = &p.units[4];
        assert_eq!(&text[attr.range.clone()], "Write your server");
    }

    #[test]
    fn titles_of_external_links_alone_are_prose_marked_as_such() {
        let p = units(
            "* [The Mastodon documentation](https://docs.joinmastodon.org/)\n* [Getting started](getting-started.md)\n* Se [the docs](https://x.org) for mere\n",
            Dialect::Wikijs,
        );
        let got: Vec<_> = p.units.iter().map(|u| (u.words, u.link_only)).collect();
        assert_eq!(got, vec![(3, true), (2, false), (5, false)]);
    }

    #[test]
    fn written_sentences_and_their_prose() {
        let line = "- Klik på **Gem**. Then open the [settings](s.md) and `run x`! ok";
        let got: Vec<String> = raw_sentences(line)
            .into_iter()
            .map(|r| raw_prose(&line[r]))
            .collect();
        assert_eq!(got, vec!["Klik på Gem.", "Then open the settings and ! ok"]);
        // A mark inside closing emphasis, quotes or parentheses ends the sentence with them.
        for (line, first, second) in [
            (
                "- **Størrelse.** Large servers are slow.",
                "Størrelse.",
                "Large servers are slow.",
            ),
            (
                "Se _bunden._ Then click it.",
                "Se bunden.",
                "Then click it.",
            ),
            (
                "Klik (se nedenfor.) Then click.",
                "Klik (se nedenfor.)",
                "Then click.",
            ),
            ("Skriv \"Hej!\" Then send.", "Skriv \"Hej!\"", "Then send."),
        ] {
            let got: Vec<String> = raw_sentences(line)
                .into_iter()
                .map(|r| raw_prose(&line[r]))
                .collect();
            assert_eq!(got, vec![first, second], "{line}");
        }
        // No space after the closers: no sentence end (`v1.*` in prose, `**1.**2`).
        assert_eq!(raw_sentences("Brug **v1.**Then").len(), 1);
        assert_eq!(
            raw_prose("| Signal | ![logo](x.png) <br> see https://x.org {.big} _now_ |"),
            "Signal see now"
        );
    }

    #[test]
    fn english_lines_under_a_danish_line_are_a_part_with_their_own_lines() {
        let text = "# Titel\n\nSådan flytter du din konto til en ny server.\nWhen you move to a new server, your followers come with you.\nYour posts stay on the old server.\n";
        let doc = Document::parse(
            PathBuf::from("x.md"),
            text.to_string(),
            Some(Dialect::Wikijs),
        );
        let mut p = PageUnits::new(&doc, None);
        let pair = crate::translation::lang_pair("en", "da").expect("en/da");
        p.judge(&pair, text);
        let u = &p.units[1];
        assert_eq!(u.verdict, Verdict::Target);
        assert_eq!(u.source_parts.len(), 1, "{:?}", u.source_parts);
        let part = &u.source_parts[0];
        assert_eq!((part.first_line, part.last_line), (4, 5));
        assert!(text[part.range.clone()].starts_with("When you move"));
        assert!(text[part.range.clone()].ends_with("old server."));
    }

    #[test]
    fn text_inside_html_blocks_is_a_unit() {
        let p = units(
            "<details>\n<summary>Show the full list</summary>\nAll servers &amp; apps are listed here.\n</details>\n\n<pre>\nnot prose\n</pre>\n",
            Dialect::Wikijs,
        );
        let got: Vec<_> = p.units.iter().map(|u| (u.kind, &*u.text)).collect();
        assert_eq!(
            got,
            vec![
                (UnitKind::CalloutTitle, "Show the full list"),
                (UnitKind::Paragraph, "All servers & apps are listed here."),
            ]
        );
    }

    #[test]
    fn images_in_markdown_in_html_blocks_are_fingerprinted() {
        let p = units(
            "<figure markdown>\n![The export page](img/export.png){ width=300 }\n<figcaption>Export your data</figcaption>\n</figure>\n",
            Dialect::Mkdocs,
        );
        let got: Vec<_> = p
            .units
            .iter()
            .map(|u| (u.kind, &*u.text, u.fingerprints.to_vec()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    UnitKind::AltText,
                    "The export page",
                    vec![Fp::new(FpKind::Image, "img/export.png")]
                ),
                (UnitKind::Paragraph, "Export your data", vec![]),
            ]
        );
    }

    #[test]
    fn wikijs_sized_images_give_alt_units() {
        let p = units(
            "![Siden til eksport](/g/export.png =50%x){.align-right}\n",
            Dialect::Wikijs,
        );
        assert_eq!(p.units.len(), 1);
        assert_eq!(p.units[0].kind, UnitKind::AltText);
        assert_eq!(&*p.units[0].text, "Siden til eksport");
        assert_eq!(
            p.units[0].fingerprints.to_vec(),
            vec![Fp::new(FpKind::Image, "g/export.png")]
        );
        let p = units("![export.png](/g/export.png =50%x)\n", Dialect::Wikijs);
        assert_eq!(p.units[0].words, 0, "a file name is not prose");
    }

    #[test]
    fn quoted_text_is_left_out_of_sentence_checks() {
        assert_eq!(
            collapse(&unquoted(
                "Mastodon viser \"Your account is being moved\" et stykke tid."
            )),
            "Mastodon viser et stykke tid."
        );
        assert_eq!(
            collapse(&unquoted("Klik på «Save changes» nu")),
            "Klik på nu"
        );
    }

    #[test]
    fn sentences_split_on_end_punctuation_before_a_capital() {
        assert_eq!(
            sentences("Klik på knappen. Then wait a minute! Færdig? ja. fx. mastodon.social"),
            vec![
                "Klik på knappen.",
                "Then wait a minute!",
                "Færdig? ja. fx. mastodon.social"
            ]
        );
    }

    #[test]
    fn words_skip_domains_numbers_and_handles() {
        assert_eq!(count_words("see mastodon.social or @me@x.org in 2023 a"), 3);
        assert_eq!(
            normalize("Note that the following can't be imported:"),
            "note that the following can t be imported"
        );
    }

    /// Texts mixing ASCII, Latin-1 letters and what the fast paths must hand over to the
    /// general ones (`×`, `÷`, `ß`, ligatures, compatibility characters, non-ASCII spaces).
    const MIXED: &[&str] = &[
        "Flyt din konto: Åbn Indstillinger og vælg Øvrigt",
        "ÀÉÎÕÜÝÞ àéîõüýþ ÿ ß",
        "3×4 ÷ 2 = 6",
        "ﬁle Ⅻ ² ½ µ ª",
        "non\u{a0}breaking\u{2003}em space",
        "en–dash — and “quotes” «guillemets»",
        "v2.5 mastodon.social @me@x.org a_b c/d e.f x.",
        "co-operate l'été don’t",
        "Ελληνικά русский 日本語",
        "",
        "   ",
        "ÆØÅ-æøå",
        "ab. .ab a.b ab/ /ab x_y @ab ab@ e-mail don't 3rd ab1 éé ×y a×b Ab. æ øø\ttab\x0bvt",
    ];

    #[test]
    fn keys_are_hashes_of_the_normalised_text() {
        use std::hash::Hasher;
        for s in MIXED {
            let n = normalize(s);
            let mut h = std::hash::BuildHasher::build_hasher(&crate::translation::fnv::Fnv);
            h.write(n.as_bytes());
            let expected = if n.is_empty() { 0 } else { h.finish().max(1) };
            assert_eq!(key_of(s), expected, "{s:?}");
        }
        assert_eq!(key_of("Hello, World!"), key_of("hello world"));
        assert_ne!(key_of("hello world"), key_of("hello there"));
    }

    #[test]
    fn normalize_fast_path_equals_the_general_one() {
        for s in MIXED {
            let mut general = String::new();
            push_normalized(&mut general, s.nfkc());
            assert_eq!(normalize(s), general, "{s:?}");
        }
    }

    #[test]
    fn count_words_equals_the_token_by_token_definition() {
        // The definition count_words implements in one pass per token.
        fn reference(prose: &str) -> usize {
            prose
                .split_whitespace()
                .filter(|tok| {
                    let t = tok.trim_matches(|c: char| !c.is_alphanumeric());
                    !t.is_empty()
                        && !t.contains(|c: char| {
                            c.is_ascii_digit() || matches!(c, '.' | '@' | '/' | '_')
                        })
                        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
                })
                .count()
        }
        for s in MIXED {
            for t in s.split(' ').chain(std::iter::once(*s)) {
                assert_eq!(count_words(t), reference(t), "{t:?}");
            }
        }
    }

    /// `raw_prose` as it read its text before it copied runs: one character at a time.
    fn raw_prose_by_char(s: &str) -> String {
        let t = s.trim_start();
        let t = t.trim_start_matches(['>', '|', '#', ' ']);
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
            .unwrap_or(t);
        let t = strip_number(t);
        let mut out = String::new();
        let b = t.as_bytes();
        let mut i = 0;
        while i < t.len() {
            let c = b[i];
            let rest = &t[i..];
            let skip_to = |close: &str, from: usize| rest[from..].find(close).map(|k| i + from + k);
            match c {
                b'`' => {
                    let run = rest.bytes().take_while(|&x| x == b'`').count();
                    match rest[run..].find(&rest[..run]) {
                        Some(k) => {
                            out.push(' ');
                            i += run + k + run;
                        }
                        None => i += run,
                    }
                    continue;
                }
                b'!' if rest.starts_with("![") => {
                    if let Some(e) = skip_to("](", 2).and_then(|m| t[m..].find(')').map(|k| m + k))
                    {
                        out.push(' ');
                        i = e + 1;
                        continue;
                    }
                }
                b']' if rest.starts_with("](") => {
                    if let Some(k) = rest.find(')') {
                        out.push(' ');
                        i += k + 1;
                        continue;
                    }
                }
                b'<' | b'{' => {
                    let close = if c == b'<' { '>' } else { '}' };
                    if let Some(k) = rest.find(close) {
                        out.push(' ');
                        i += k + 1;
                        continue;
                    }
                }
                b'*' => {
                    i += 1;
                    continue;
                }
                b'[' | b']' | b'|' => {
                    out.push(' ');
                    i += 1;
                    continue;
                }
                b'_' if i == 0
                    || !b[i - 1].is_ascii_alphanumeric()
                    || !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) =>
                {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let ch = rest.chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
        let out = if may_hold_url(&out) {
            URL.replace_all(&out, " ").into_owned()
        } else {
            out
        };
        collapse(&decode_entities(&out))
    }

    /// A page's units read by the fast paths equal those read by the code they replaced, in
    /// both dialects.
    fn extract_paths_agree(s: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        for dialect in [Dialect::Wikijs, Dialect::Mkdocs] {
            let doc = Document::parse(PathBuf::from("x.md"), s.to_owned(), Some(dialect));
            proptest::prop_assert_eq!(
                PageUnits::extract(&doc, None, true),
                PageUnits::extract(&doc, None, false)
            );
        }
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn imsize_parts_are_the_regex_groups(
            t in "((!\\[[a\\] é!\\[]{0,3}\\]\\([ \\t\\u{a0}\\n]{0,2}[a/b.é)=\\]]{0,4}[ \\t\\u{2003}]{0,2}=[0-9]{0,2}%?x[0-9]{0,2}%?[ ]{0,2}\\))|!\\[|\\]|\\(|\\)| |x|=|a){0,6}"
        ) {
            let found: Vec<_> = IMSIZE_IMAGE
                .find_iter(&t)
                .map(|m| (m.range(), imsize_parts(m.as_str())))
                .collect();
            let captured: Vec<_> = IMSIZE_IMAGE
                .captures_iter(&t)
                .map(|c| {
                    let group = |i| c.get(i).map_or("", |g| g.as_str());
                    (c.get(0).map_or(0..0, |g| g.range()), (group(1), group(2)))
                })
                .collect();
            proptest::prop_assert_eq!(found, captured);
        }

        #[test]
        fn key_and_words_in_one_pass_equal_each_alone(
            s in "[a-zA-Z0-9 ._@/,'\t\n\u{b}æøåÆØÅé×÷ñ\u{a0}ω-]{0,30}"
        ) {
            proptest::prop_assert_eq!(key_and_words(&s), (key_of(&s), count_words(&s)));
        }

        #[test]
        fn words_counted_up_to_a_limit_are_the_count_cut_at_it(
            s in "([a-zA-Z0-9 .@/_,'\t\n\u{b}æøåÆØÅé×÷ñ\u{a0}ω-]|[a-z]{2,9} ){0,16}",
            limit in 0usize..6
        ) {
            proptest::prop_assert_eq!(count_words_upto(&s, limit), count_words(&s).min(limit));
        }

        #[test]
        fn key_and_words_around_code_are_the_text_s_key_and_the_prose_s_words(
            s in "[a-zA-Z0-9 .@/_æøé×\t`-]{0,30}",
            cuts in proptest::collection::vec(0usize..40, 0..6)
        ) {
            let mut cuts: Vec<usize> = cuts
                .into_iter()
                .filter(|&c| s.is_char_boundary(c))
                .collect();
            cuts.sort_unstable();
            cuts.dedup();
            let code: Vec<Range<usize>> = cuts.chunks_exact(2).map(|w| w[0]..w[1]).collect();
            let mut prose = String::new();
            let mut at = 0;
            for r in &code {
                prose.push_str(&s[at..r.start]);
                prose.push(' ');
                at = r.end;
            }
            prose.push_str(&s[at..]);
            match key_and_words_around(&s, &code) {
                Some(got) => proptest::prop_assert_eq!(got, (key_of(&s), count_words(&prose))),
                None => proptest::prop_assert!(key_of_latin1(&s).is_none()),
            }
        }

        #[test]
        fn a_unit_s_key_and_words_read_in_one_pass_are_those_read_apart(
            s in "([a-zæ .\n*_]|`[a-z ]{0,4}`|``|\n# |\n## 2\\. |\n- |https://x\\.org/a |<span identity=\"a\" default=\"v\"></span>|×|ω|[A-Z]{2}|7){0,40}"
        ) {
            extract_paths_agree(&s)?;
        }

        #[test]
        fn raw_prose_copies_runs_as_it_read_characters(
            s in "[a-zæøå_`!\\[\\]()<>{}*|#>. \n-]{0,40}"
        ) {
            proptest::prop_assert_eq!(raw_prose(&s), raw_prose_by_char(&s));
        }

        #[test]
        fn raw_prose_collapsed_as_built_equals_collapsed_after(
            s in "([a-z_`!\\[\\]()<>{}*|#. \t\n\u{a0}\u{2003}&;:/-]|https://|www\\.|&nbsp;|&amp;|&lt;){0,30}"
        ) {
            proptest::prop_assert_eq!(raw_prose(&s), raw_prose_by_char(&s));
        }

        #[test]
        fn needles_are_found_from_their_first_byte(s in "[a!<br\\[ é]{0,100}") {
            for pat in [&b"!["[..], b"<br"] {
                let scanned = s.as_bytes().windows(pat.len()).any(|w| w == pat);
                proptest::prop_assert_eq!(has_bytes(&s, pat), scanned);
            }
        }

        #[test]
        fn a_text_s_image_opens_looked_up_by_page_are_those_it_holds(
            s in "([a-z .\\n*`|-]|!\\[|\\]\\(|\\)|x\\.png|=50%x|&#33;|\\\\!|\\n\\n|\\n- |\\n\\| a \\| b \\|\\n\\|--\\|--\\|\\n){0,40}"
        ) {
            extract_paths_agree(&s)?;
        }

        #[test]
        fn letter_runs_read_eight_bytes_at_a_time_are_those_read_byte_by_byte(
            s in "[a-zA-Z@\\[`{\u{7f}\u{c1}\u{e1}\u{fa} 0-9é]{0,40}"
        ) {
            let b = s.as_bytes();
            for i in 0..=b.len() {
                let by_byte = b[i..].iter().take_while(|x| x.is_ascii_alphabetic()).count();
                proptest::prop_assert_eq!(letter_run(&b[i..]), by_byte);
            }
        }

        #[test]
        fn url_candidates_are_found_at_their_colon_or_dot(s in "[wW.:/ a]{0,24}") {
            let reference = ["://", "www.", "WWW."].iter().any(|p| s.contains(p));
            proptest::prop_assert_eq!(may_hold_url(&s), reference);
        }

        #[test]
        fn quotation_marks_are_found_by_their_bytes(s in "[a \"“”«»„æé€\u{a0}]{0,12}") {
            proptest::prop_assert_eq!(has_quote(&s), s.contains(['"', '“', '«', '»', '„']));
        }

        #[test]
        fn a_piece_is_scanned_for_braces_and_plainness_at_once(
            s in "[a b{}\t\u{a0}\u{2003}é]{0,20}"
        ) {
            let plain = !s.contains(|c: char| c.is_whitespace() && c != ' ') && !s.contains("  ");
            let flags = scan_piece(&s);
            proptest::prop_assert_eq!(flags & NOT_PLAIN == 0, plain);
            proptest::prop_assert_eq!(flags & BRACE != 0, s.contains('{'));
        }
    }
}
