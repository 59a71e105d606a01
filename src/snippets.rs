//! pymdownx.snippets: the files a MkDocs page includes, included as MkDocs includes them when it
//! builds the site, for `build` (the wiki gets the included text) and `sync --pull` (a wiki
//! edit is never merged over an include line). See docs/mkdocs.md.
//!
//! The notation, as the extension reads it (checked in pymdown-extensions' source):
//! - a line `--8<-- "file.md"` (any number of dashes on each side, one at least; single or
//!   double quotes; nothing after the closing quote) is replaced by the file's lines, each
//!   indented as the line was;
//! - a line `--8<--` alone opens a block whose lines are file names, up to the next such line;
//!   an empty name line gives a blank line, a name starting with `;` is left out;
//! - `file.md:3:5` takes lines 3 to 5, `file.md:3` from line 3 on, `file.md:1:2,8:9` several
//!   ranges (negative numbers count from the end); `file.md:name` the lines between
//!   `--8<-- [start:name]` and `--8<-- [end:name]`;
//! - section marker lines are removed from everything included and from the page;
//! - a `;` before the notation escapes it: the `;` is removed and the line kept;
//! - included files are read for notation too; a file including itself (through any chain)
//!   is left out;
//! - paths are looked up in each `base_path` in order, and with `restrict_base_path` (the
//!   default) must stay inside it; `auto_append` files are included at the end of every page.
//!
//! Where guide-lint differs, on purpose: a snippet that cannot be found is left as written
//! (MkDocs leaves it out), so the built page shows the line and its check reports it (GL301)
//! instead of text going missing without a word; a block with such a name is left whole. With
//! `check_paths` MkDocs fails, and so does the page's build. A snippet named by a URL is not
//! downloaded: it counts as not found. A file outside the repository is never read.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::config::{Boundary, Config};
use crate::mkdocs::Snippets;

/// An include line: indentation, escapes, the marker, a quoted path ending the line.
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^([ \t]*)(;*)-+8<-+[ \t]+("(?:\\"|[^"\n\r])+?"|'(?:\\'|[^'\n\r])+?')\r?$"#)
        .expect("valid regex")
});

/// A block marker line: indentation, escapes, the marker alone.
static BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([ \t]*)(;*)-+8<-+\r?$").expect("valid regex"));

/// A section marker (`--8<-- [start:name]`) anywhere in a line: what comes before, escapes,
/// the marker, the section, its type and name, what comes after.
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(.*?)(;*)(-+8<-+[ \t]+)(\[[ \t]*(start|end)[ \t]*:[ \t]*([a-z][-_0-9a-z]*)[ \t]*\])(.*?)$",
    )
    .expect("valid regex")
});

/// Line ranges after a path: `:3`, `:3:5`, `:1:2,8:9`, `:-3`.
static RANGES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?::-?[0-9]*){1,2}(?:,(?:-[0-9]*(?::-?[0-9]*)?|[0-9]+(?::-?[0-9]*)?|:-?[0-9]*))*$",
    )
    .expect("valid regex")
});

/// A section name after a path: `:name`.
static SECTION_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^:[A-Za-z][-_0-9A-Za-z]*$").expect("valid regex"));

/// Includes nested deeper than this are left out (MkDocs stops short of Python's recursion
/// limit).
const MAX_DEPTH: usize = 32;

/// A path longer than this is taken as it is, without looking for line ranges or a section
/// (each `:` would be tried).
const MAX_SPEC_LEN: usize = 4096;

/// What including a project's snippets needs, owned (a sync keeps it past the configuration's
/// borrow).
#[derive(Debug, Clone)]
pub struct Includes {
    options: Snippets,
    /// The base paths, absolute.
    bases: Vec<PathBuf>,
    boundary: Boundary,
}

/// A page with its snippets included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    /// The page's notation and what it became, in order.
    pub groups: Vec<Group>,
}

impl Expanded {
    /// The page's line (0-based, in the body) that an expanded line comes from: included lines
    /// come from their notation's first line.
    pub fn source_line(&self, line: usize) -> usize {
        let mut shift: isize = 0;
        for g in &self.groups {
            // A notation that became nothing, where the line stands, stood before it.
            if g.output.start > line {
                break;
            }
            if line < g.output.end {
                return g.source.start;
            }
            shift += g.output.len() as isize - g.source.len() as isize;
        }
        usize::try_from(line as isize - shift).unwrap_or(0)
    }
}

/// Lines of the page (0-based) that the notation covers, and the lines of the expanded text
/// they became: an include line or block and the included lines, a section marker and
/// nothing, an escaped line and the line without its `;`, and (at the end, from no line) the
/// `auto_append` files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub source: Range<usize>,
    pub output: Range<usize>,
}

/// What a snippet name gives ([`Includes::finds`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Yes,
    /// No base path has the file.
    NoFile,
    /// The file has no section of this name.
    NoSection(String),
}

/// Snippet names looked up ([`Includes::finds`]) against files each read once, however many
/// names give sections of the same file (a page of 100,000 such names and a 32 MB file: one
/// read, one pass over its lines).
pub struct Lookup<'i> {
    includes: &'i Includes,
    /// A file's section names (those with a start marker), or `None` when it cannot be read.
    sections: HashMap<PathBuf, Option<HashSet<String>>>,
}

impl Lookup<'_> {
    /// See [`Includes::finds`].
    pub fn finds(&mut self, spec: &str) -> Option<Found> {
        let target = parse_target(spec)?;
        let lower = target.path.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return None;
        }
        let Some(file) = self.includes.find(&target.path) else {
            return Some(Found::NoFile);
        };
        let Some(name) = target.section else {
            return Some(Found::Yes);
        };
        let boundary = &self.includes.boundary;
        let names = self.sections.entry(file).or_insert_with_key(|file| {
            crate::loader::read_included(file, boundary)
                .ok()
                .map(|text| section_names(&text))
        });
        // A file that cannot be read is the build's to report (it stops there).
        Some(match names {
            Some(names) if !names.contains(&name) => Found::NoSection(name),
            _ => Found::Yes,
        })
    }
}

/// The names of the sections a text marks, as [`section`] finds them: a name's first unescaped
/// marker is a start (`--8<-- [start:name]`); one whose first marker is an end has none.
fn section_names(text: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut found = HashSet::new();
    for c in text
        .lines()
        .filter(|line| line.contains("8<-"))
        .filter_map(|line| SECTION.captures(line))
        .filter(|c| c[2].is_empty())
    {
        if seen.insert(c[6].to_string()) && c[5].eq_ignore_ascii_case("start") {
            found.insert(c[6].to_string());
        }
    }
    found
}

/// A snippet that stops the page's build: one that cannot be read, or (with `check_paths`)
/// cannot be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeError {
    /// 0-based line of the page's notation.
    pub line: usize,
    pub message: String,
}

/// A parsed path: the file, and the lines wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    path: String,
    ranges: Vec<(Option<i64>, Option<i64>)>,
    section: Option<String>,
}

/// Why a snippet gave no lines.
enum Failure {
    /// Not found (or a URL): left as written.
    Missing,
    /// Found and unusable, or missing with `check_paths`: the build stops.
    Fatal(String),
}

impl Includes {
    /// The project's snippets, when its MkDocs (or Zensical) configuration enables them.
    pub fn of(config: &Config) -> Option<Includes> {
        let project = config.mkdocs.as_ref()?;
        let options = project.snippets.clone()?;
        let dir = std::path::absolute(project.dir()).ok()?;
        let bases = options
            .base_paths
            .iter()
            .map(|b| crate::fsutil::normalize(&dir.join(b)))
            .collect();
        Some(Includes {
            options,
            bases,
            boundary: config.boundary(),
        })
    }

    /// The includes of a project at `root` (a resolved repository), for tests.
    #[cfg(test)]
    pub(crate) fn for_tests(root: &Path, options: Snippets) -> Includes {
        Includes {
            bases: options
                .base_paths
                .iter()
                .map(|b| crate::fsutil::normalize(&root.join(b)))
                .collect(),
            options,
            boundary: Boundary::for_tests(root),
        }
    }

    /// What a snippet name (`file.md`, `file.md:3:5`, `file.md:name`) gives: its file found in
    /// the base paths, or not, or found without the section it names. `None` for a name that
    /// gives no file, and for a URL, which guide-lint does not download. To look many names up,
    /// use one [`Lookup`].
    pub fn finds(&self, spec: &str) -> Option<Found> {
        self.lookup().finds(spec)
    }

    /// Looks names up with each file read once.
    pub fn lookup(&self) -> Lookup<'_> {
        Lookup {
            includes: self,
            sections: HashMap::new(),
        }
    }

    /// The base paths as the configuration gives them, for messages (`` `.`, `includes` ``).
    pub fn base_paths(&self) -> String {
        self.options
            .base_paths
            .iter()
            .map(|b| format!("`{}`", crate::util::slash_path(b)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether a base path is one guide-lint does not follow (a bare `!relative`, `!ENV`): a
    /// snippet it does not find may be there.
    pub fn unfollowed_base(&self) -> bool {
        self.options.unfollowed_base
    }

    /// Whether MkDocs stops when a snippet cannot be found (`check_paths`).
    pub fn check_paths(&self) -> bool {
        self.options.check_paths
    }

    /// The files every MkDocs page includes at its end (`auto_append`), as written.
    pub fn auto_append(&self) -> &[String] {
        &self.options.auto_append
    }

    /// Whether every MkDocs page includes files (`auto_append`).
    pub fn appends(&self) -> bool {
        !self.auto_append().is_empty()
    }

    /// A hash of what a MkDocs page's text is with its snippets included (its body, after the
    /// front matter); `None` when it includes nothing, or cannot (its build stops there).
    pub fn included_hash(&self, text: &str) -> Option<[u8; 32]> {
        if !self.applies(text) {
            return None;
        }
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let head = crate::document::front_matter::parse(text, bom).map_or(bom, |f| f.range.end);
        let expanded = self.expand(text.get(head..)?).ok()?;
        (!expanded.groups.is_empty()).then(|| *blake3::hash(expanded.text.as_bytes()).as_bytes())
    }

    /// [`Includes::included_hash`] of the page at `path`, read as a snippet is (inside the
    /// repository, within the size limit); `None` as well when it cannot be read.
    pub fn included_hash_of(&self, path: &Path) -> Option<[u8; 32]> {
        let text = crate::loader::read_included(path, &self.boundary).ok()?;
        // Lines end as a page's do once read (a lone CR ends one).
        self.included_hash(&crate::document::line_index::lone_cr_as_lf(&text))
    }

    /// Whether a page's text may include anything.
    pub fn applies(&self, text: &str) -> bool {
        !self.options.auto_append.is_empty()
            || crate::util::find_bytes!(text.as_bytes(), b"8<-").is_some()
    }

    /// `body` (a page without its front matter) with its snippets included.
    pub fn expand(&self, body: &str) -> Result<Expanded, IncludeError> {
        let page: Vec<&str> = body.split_inclusive('\n').collect();
        let mut run = Run {
            includes: self,
            seen: Vec::new(),
            left: usize::try_from(crate::loader::MAX_FILE_SIZE).unwrap_or(usize::MAX),
            found: Default::default(),
            read: Default::default(),
        };
        let mut out = Out::default();
        run.page(&page, &mut out)?;
        if !self.options.auto_append.is_empty() {
            // As the extension appends them: two blank lines, then a block of the files
            // separated by blank names (each a blank line).
            let start = out.lines.len();
            let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
            if !body.is_empty() && !body.ends_with('\n') {
                out.text.push_str(eol);
            }
            out.push(String::new(), eol);
            out.push(String::new(), eol);
            for (i, f) in self.options.auto_append.iter().enumerate() {
                if i > 0 {
                    out.push(String::new(), eol);
                }
                let mut lines = Vec::new();
                if let Err(Failure::Fatal(message)) = run.include(f, &mut lines, 0) {
                    return Err(IncludeError {
                        line: page.len(),
                        message: format!("`auto_append` file `{f}`: {message}"),
                    });
                }
                for l in lines {
                    out.push(l, eol);
                }
            }
            out.push(String::new(), eol);
            let end = out.lines.len();
            out.groups.push(Group {
                source: page.len()..page.len(),
                output: start..end,
            });
        }
        Ok(Expanded {
            text: out.text,
            groups: out.groups,
        })
    }

    /// The file a snippet path names, when it exists (in the first base path that has it).
    fn find(&self, path: &str) -> Option<PathBuf> {
        for base in &self.bases {
            let Ok(meta) = std::fs::metadata(base) else {
                continue;
            };
            if meta.is_dir() {
                let file = crate::fsutil::normalize(&base.join(path));
                if self.options.restrict_base_path && (!file.starts_with(base) || file == *base) {
                    continue;
                }
                if file.exists() {
                    return Some(file);
                }
            } else {
                // A base path naming a file allows that file alone.
                let file = base.parent().unwrap_or(Path::new("/")).join(path);
                let same = std::fs::canonicalize(&file).ok() == std::fs::canonicalize(base).ok();
                if file.exists() && same {
                    return Some(file);
                }
            }
        }
        None
    }
}

/// The expanded text, line by line.
#[derive(Default)]
struct Out {
    text: String,
    /// Start of each output line in `text`.
    lines: Vec<usize>,
    groups: Vec<Group>,
}

impl Out {
    fn push(&mut self, line: String, eol: &str) {
        self.lines.push(self.text.len());
        self.text.push_str(&line);
        self.text.push_str(eol);
    }

    fn push_raw(&mut self, line: &str) {
        self.lines.push(self.text.len());
        self.text.push_str(line);
    }
}

/// One expansion: the files being included, innermost last.
struct Run<'a> {
    includes: &'a Includes,
    seen: Vec<PathBuf>,
    /// Bytes the included text may still add: a page that includes a large file many times,
    /// or files that include each other twice at each level, stops at the page size limit.
    left: usize,
    /// Snippet paths looked up, and the files they name.
    found: std::collections::HashMap<String, Option<PathBuf>>,
    /// Files read, by path.
    read: std::collections::HashMap<PathBuf, std::rc::Rc<String>>,
}

/// A line without its line ending.
fn bare(line: &str) -> &str {
    let l = line.strip_suffix('\n').unwrap_or(line);
    l.strip_suffix('\r').unwrap_or(l)
}

/// Tabs expanded to 4 columns, as Python-Markdown's tab length does.
fn expand_tabs(space: &str) -> String {
    let mut out = String::new();
    for c in space.chars() {
        if c == '\t' {
            let pad = 4 - out.len() % 4;
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            out.push(c);
        }
    }
    out
}

/// `line` with its first `;` removed (an escaped notation, kept as text).
fn unescape(line: &str) -> String {
    line.replacen(';', "", 1)
}

/// An escaped section marker rewritten without its first `;`; `None` when the line is a
/// section marker to remove; the line itself otherwise.
fn section_line(line: &str) -> Option<String> {
    if !line.contains("8<-") {
        return Some(line.to_string());
    }
    match SECTION.captures(line) {
        None => Some(line.to_string()),
        Some(c) if !c[2].is_empty() => Some(unescape_section(&c)),
        Some(_) => None,
    }
}

/// An escaped section marker's line without the escape's first `;`.
fn unescape_section(c: &regex::Captures<'_>) -> String {
    format!(
        "{}{}{}{}{}",
        &c[1],
        c[2].replacen(';', "", 1),
        &c[3],
        &c[4],
        &c[7]
    )
}

impl Failure {
    /// The build-stopping error this failure is at page line `line`.
    fn at(self, line: usize) -> IncludeError {
        IncludeError {
            line,
            message: match self {
                Failure::Fatal(m) => m,
                Failure::Missing => "a snippet could not be found".into(),
            },
        }
    }
}

impl Run<'_> {
    /// Takes `n` bytes from what the included text may still add.
    fn charge(&mut self, n: usize) -> Result<(), Failure> {
        if n > self.left {
            return Err(Failure::Fatal(format!(
                "the page with its snippets included would be larger than {} MB",
                crate::loader::MAX_FILE_SIZE >> 20
            )));
        }
        self.left -= n;
        Ok(())
    }

    /// `lines` each indented by `space` (the notation's indentation), charged to the budget.
    fn indent(&mut self, space: &str, lines: Vec<String>) -> Result<Vec<String>, Failure> {
        if space.is_empty() {
            return Ok(lines);
        }
        self.charge(space.len().saturating_mul(lines.len()))?;
        Ok(lines.into_iter().map(|l| format!("{space}{l}")).collect())
    }

    /// The page's lines: each notation expanded and recorded as a group.
    fn page(&mut self, lines: &[&str], out: &mut Out) -> Result<(), IncludeError> {
        let mut i = 0;
        while i < lines.len() {
            let raw = lines[i];
            let line = bare(raw);
            let eol = &raw[line.len()..];
            let gen_eol = if eol.is_empty() { "\n" } else { eol };
            let start = out.lines.len();
            let inline = INLINE.captures(line);
            let block = inline.is_none().then(|| BLOCK.captures(line)).flatten();
            // Escaped notation: the line without its first `;`.
            if inline
                .as_ref()
                .or(block.as_ref())
                .is_some_and(|c| !c[2].is_empty())
            {
                out.push(unescape(line), eol);
                out.groups.push(Group {
                    source: i..i + 1,
                    output: start..out.lines.len(),
                });
                i += 1;
                continue;
            }
            if let Some(c) = inline {
                let path = c[3][1..c[3].len() - 1].trim().to_string();
                let mut got = Vec::new();
                match self.include(&path, &mut got, 0) {
                    Ok(()) => {
                        let got = self.indent(&expand_tabs(&c[1]), got).map_err(|f| f.at(i))?;
                        push_lines(out, got, gen_eol, eol);
                        out.groups.push(Group {
                            source: i..i + 1,
                            output: start..out.lines.len(),
                        });
                    }
                    Err(Failure::Missing) => out.push_raw(raw),
                    Err(Failure::Fatal(message)) => {
                        return Err(IncludeError { line: i, message });
                    }
                }
                i += 1;
                continue;
            }
            if block.is_some() {
                // The block's lines up to its closing marker (or the page's end).
                let mut j = i + 1;
                while j < lines.len() && !is_block_marker(bare(lines[j])) {
                    j += 1;
                }
                let end = (j + 1).min(lines.len());
                let mut got = Vec::new();
                let mut missing = false;
                for (k, name) in lines[i + 1..j].iter().enumerate() {
                    let name = bare(name);
                    if let Some(c) = INLINE.captures(name).or_else(|| BLOCK.captures(name)) {
                        if !c[2].is_empty() {
                            got.push(unescape(name));
                        }
                        // Include lines directly in a block are left out.
                        continue;
                    }
                    let path = name.trim();
                    if path.is_empty() {
                        got.push(String::new());
                        continue;
                    }
                    if path.starts_with(';') {
                        continue;
                    }
                    // Each name's own indentation is its lines'.
                    let space = expand_tabs(&name[..name.len() - name.trim_start().len()]);
                    let mut sub = Vec::new();
                    match self
                        .include(path, &mut sub, 0)
                        .and_then(|()| self.indent(&space, sub))
                    {
                        Ok(sub) => got.extend(sub),
                        Err(Failure::Missing) => missing = true,
                        Err(Failure::Fatal(message)) => {
                            return Err(IncludeError {
                                line: i + 1 + k,
                                message,
                            });
                        }
                    }
                }
                if missing {
                    for l in &lines[i..end] {
                        out.push_raw(l);
                    }
                } else {
                    let last_eol = &lines[end - 1][bare(lines[end - 1]).len()..];
                    push_lines(out, got, gen_eol, last_eol);
                    out.groups.push(Group {
                        source: i..end,
                        output: start..out.lines.len(),
                    });
                }
                i = end;
                continue;
            }
            match section_line(line) {
                Some(l) if l == line => out.push_raw(raw),
                Some(l) => {
                    out.push(l, eol);
                    out.groups.push(Group {
                        source: i..i + 1,
                        output: start..out.lines.len(),
                    });
                }
                None => out.groups.push(Group {
                    source: i..i + 1,
                    output: start..start,
                }),
            }
            i += 1;
        }
        Ok(())
    }

    /// The lines of the snippet `spec` names (ranges or section applied, its own notation
    /// expanded), appended to `out`.
    fn include(&mut self, spec: &str, out: &mut Vec<String>, depth: usize) -> Result<(), Failure> {
        let options = &self.includes.options;
        let missing = |what: String| {
            if options.check_paths {
                Failure::Fatal(what)
            } else {
                Failure::Missing
            }
        };
        let Some(target) = parse_target(spec) else {
            return Err(missing("a snippet with no file name".into()));
        };
        let lower = target.path.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Err(missing(format!(
                "`{}` is a URL: guide-lint does not download snippets",
                target.path
            )));
        }
        let found = match self.found.get(&target.path) {
            Some(f) => f.clone(),
            None => {
                let f = self.includes.find(&target.path);
                self.found.insert(target.path.clone(), f.clone());
                f
            }
        };
        let Some(file) = found else {
            // Perhaps in a base path not followed: left on the page, never a stop.
            if options.unfollowed_base {
                return Err(Failure::Missing);
            }
            return Err(missing(format!(
                "snippet `{}` could not be found",
                target.path
            )));
        };
        // A file including itself, and very deep nesting, are left out (as MkDocs does).
        if self.seen.contains(&file) || depth >= MAX_DEPTH {
            return Ok(());
        }
        // Each file is read once per page, with its line endings made `\n` (as Python's text
        // mode reads it).
        let text = match self.read.get(&file) {
            Some(t) => std::rc::Rc::clone(t),
            None => {
                let t =
                    crate::loader::read_included(&file, &self.includes.boundary).map_err(|e| {
                        Failure::Fatal(format!("snippet {}: {e}", crate::logsafe::path(&file)))
                    })?;
                let t = std::rc::Rc::new(t.replace("\r\n", "\n").replace('\r', "\n"));
                self.read.insert(file.clone(), std::rc::Rc::clone(&t));
                t
            }
        };
        self.charge(text.len())?;
        let lines: Vec<&str> = if text.is_empty() {
            Vec::new()
        } else {
            text.split('\n').collect()
        };
        let selected: Vec<String> = if !target.ranges.is_empty() {
            let mut v = Vec::new();
            let total = lines.len() as i64;
            for &(s, e) in &target.ranges {
                let from = match s {
                    Some(s) if s < 0 => (total + s).clamp(0, total),
                    Some(s) => s.min(total),
                    None => 0,
                };
                let to = match e {
                    Some(e) if e < 0 => (total + 1 + e).clamp(0, total),
                    Some(e) => e.min(total),
                    None => total,
                };
                if from < to {
                    v.extend(
                        lines[from as usize..to as usize]
                            .iter()
                            .map(|l| l.to_string()),
                    );
                }
            }
            if options.dedent_subsections {
                dedent(v)
            } else {
                v
            }
        } else if let Some(name) = &target.section {
            let v = section(&lines, name);
            if v.is_none() && options.check_paths {
                return Err(Failure::Fatal(format!(
                    "section `{name}` of snippet `{}` could not be found",
                    target.path
                )));
            }
            let v = v.unwrap_or_default();
            if options.dedent_subsections {
                dedent(v)
            } else {
                v
            }
        } else {
            lines.iter().map(|l| l.to_string()).collect()
        };
        self.seen.push(file);
        let r = self.nested(&selected, target.section.is_some(), out, depth);
        self.seen.pop();
        r
    }

    /// An included file's lines with their own notation expanded.
    fn nested(
        &mut self,
        lines: &[String],
        is_section: bool,
        out: &mut Vec<String>,
        depth: usize,
    ) -> Result<(), Failure> {
        let mut block = false;
        for line in lines {
            if let Some(c) = INLINE.captures(line) {
                if !c[2].is_empty() {
                    out.push(unescape(line));
                } else if !block {
                    let path = c[3][1..c[3].len() - 1].trim().to_string();
                    let space = expand_tabs(&c[1]);
                    let mut got = Vec::new();
                    match self
                        .include(&path, &mut got, depth + 1)
                        .and_then(|()| self.indent(&space, got))
                    {
                        Ok(got) => out.extend(got),
                        Err(Failure::Missing) => out.push(line.clone()),
                        Err(f) => return Err(f),
                    }
                }
                continue;
            }
            if let Some(c) = BLOCK.captures(line) {
                if !c[2].is_empty() {
                    out.push(unescape(line));
                } else {
                    block = !block;
                }
                continue;
            }
            if block {
                let path = line.trim();
                if path.is_empty() {
                    out.push(String::new());
                } else if !path.starts_with(';') {
                    let space = expand_tabs(&line[..line.len() - line.trim_start().len()]);
                    let mut got = Vec::new();
                    match self
                        .include(path, &mut got, depth + 1)
                        .and_then(|()| self.indent(&space, got))
                    {
                        Ok(got) => out.extend(got),
                        Err(Failure::Missing) => out.push(line.clone()),
                        Err(f) => return Err(f),
                    }
                }
                continue;
            }
            if is_section {
                out.push(line.clone());
            } else if let Some(l) = section_line(line) {
                out.push(l);
            }
        }
        Ok(())
    }
}

/// Whether a line is a block marker (not escaped).
fn is_block_marker(line: &str) -> bool {
    BLOCK.captures(line).is_some_and(|c| c[2].is_empty())
}

/// `got` appended to `out`: every line but the last ends with `eol`, the last with `last_eol`
/// (the notation's own ending, none at the page's end).
fn push_lines(out: &mut Out, got: Vec<String>, eol: &str, last_eol: &str) {
    let n = got.len();
    for (k, l) in got.into_iter().enumerate() {
        out.push(l, if k + 1 == n { last_eol } else { eol });
    }
}

/// A snippet path split into the file, its line ranges or its section.
fn parse_target(spec: &str) -> Option<Target> {
    let (path, ranges, section) = split_path(spec);
    let path = path.trim();
    if path.is_empty() {
        return None;
    }
    let ranges = ranges
        .map(|r| {
            r[1..]
                .split(',')
                .map(|nums| {
                    let mut span = nums.split(':');
                    let num = |s: Option<&str>| {
                        s.filter(|s| !s.is_empty())
                            .and_then(|s| s.parse::<i64>().ok())
                    };
                    let start = num(span.next()).map(|s| if s < 0 { s } else { (s - 1).max(0) });
                    let end = num(span.next());
                    (start, end)
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Target {
        path: path.to_string(),
        ranges,
        section: section.map(|s| s[1..].to_string()),
    })
}

/// The path, the line ranges (`:1:5,10:`) and the section (`:name`): the path ends at the first
/// `:` after which the rest is ranges or a section name.
fn split_path(spec: &str) -> (&str, Option<&str>, Option<&str>) {
    if spec.len() > MAX_SPEC_LEN {
        return (spec, None, None);
    }
    for (at, _) in spec.match_indices(':') {
        let rest = &spec[at..];
        if RANGES.is_match(rest) {
            return (&spec[..at], Some(rest), None);
        }
        if SECTION_NAME.is_match(rest) {
            return (&spec[..at], None, Some(rest));
        }
    }
    (spec, None, None)
}

/// The lines between `[start:name]` and `[end:name]` (other sections' markers left out,
/// escaped markers unescaped); `None` when the section does not start.
fn section(lines: &[&str], name: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut found = false;
    for line in lines {
        let m = if line.contains("8<-") {
            SECTION.captures(line)
        } else {
            None
        };
        let mut text = line.to_string();
        match m {
            Some(c) if !c[2].is_empty() => text = unescape_section(&c),
            Some(c) if &c[6] == name => {
                let start = c[5].eq_ignore_ascii_case("start");
                if start && !inside {
                    inside = true;
                    found = true;
                    continue;
                }
                if start {
                    continue;
                }
                break;
            }
            Some(_) if inside => continue,
            _ => {}
        }
        if inside {
            out.push(text);
        }
    }
    found.then_some(out)
}

/// Lines without the leading whitespace they all share (blank lines are ignored, and emptied),
/// as Python's `textwrap.dedent`.
fn dedent(lines: Vec<String>) -> Vec<String> {
    let mut common: Option<&str> = None;
    for l in &lines {
        if l.trim().is_empty() {
            continue;
        }
        let ws = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
        common = Some(match common {
            None => ws,
            Some(c) => {
                let n = c
                    .bytes()
                    .zip(ws.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &c[..n]
            }
        });
    }
    let n = common.map_or(0, str::len);
    lines
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                l[n..].to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project folder with `files`, and its includes with `options`.
    fn project(files: &[(&str, &str)], options: Snippets) -> (tempfile::TempDir, Includes) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        for (name, text) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let root = std::fs::canonicalize(dir.path()).unwrap();
        (dir, Includes::for_tests(&root, options))
    }

    fn expand(files: &[(&str, &str)], body: &str) -> Expanded {
        let (_dir, inc) = project(files, Snippets::default());
        inc.expand(body).unwrap()
    }

    /// A lookup reads each file once and tells a section as the inclusion finds it: an
    /// unescaped start marker (names compared as written), whatever else the line holds.
    #[test]
    fn a_lookup_finds_the_sections_the_inclusion_finds() {
        let text = "a\n--8<-- [start:one]\nx\n--8<-- [end:one]\n;--8<-- [start:escaped]\n\
                    --8<-- [end:only-end]\n  -8<- [ START : Two ]  \n--8<-- [start:Case]\n\
                    --8<-- [end:late]\n--8<-- [start:late]\nz\n--8<-- [end:late]\n";
        let (dir, inc) = project(&[("parts.md", text)], Snippets::default());
        let lines: Vec<&str> = text.lines().collect();
        let mut lookup = inc.lookup();
        for name in [
            "one", "escaped", "only-end", "Two", "two", "Case", "case", "none",
        ] {
            let expected = if section(&lines, name).is_some() {
                Found::Yes
            } else {
                Found::NoSection(name.to_string())
            };
            assert_eq!(
                lookup.finds(&format!("parts.md:{name}")),
                Some(expected),
                "{name}"
            );
        }
        assert_eq!(lookup.finds("parts.md:one"), Some(Found::Yes));
        assert_eq!(lookup.finds("gone.md:one"), Some(Found::NoFile));
        assert_eq!(lookup.finds("https://example.com/x.md"), None);
        // Read once: the file changed since is not read again by the same lookup.
        std::fs::write(dir.path().join("parts.md"), "").unwrap();
        assert_eq!(lookup.finds("parts.md:Two"), Some(Found::Yes));
        assert_eq!(
            inc.finds("parts.md:Two"),
            Some(Found::NoSection("Two".into()))
        );
    }

    #[test]
    fn lines_blocks_ranges_sections_and_escapes() {
        let files = [
            ("glossary.md", "Term\n:   Meaning\n"),
            ("code.py", "a = 1\nb = 2\nc = 3\nd = 4\n"),
            (
                "parts.md",
                "intro\n--8<-- [start:usage]\nuse it\n--8<-- [end:usage]\noutro",
            ),
            ("nested.md", "before\n--8<-- \"glossary.md\"\nafter"),
        ];
        let e = expand(
            &files,
            "# Page\n\n--8<-- \"glossary.md\"\n\n```py\n--8<-- 'code.py:2:3'\n```\n\n  --8<-- \"parts.md:usage\"\n\n--8<--\ncode.py:-1\n\n;skipped.md\nnested.md\n--8<--\n;--8<-- \"glossary.md\"\n",
        );
        assert_eq!(
            e.text,
            "# Page\n\nTerm\n:   Meaning\n\n\n```py\nb = 2\nc = 3\n```\n\n  use it\n\n\n\nbefore\nTerm\n:   Meaning\n\nafter\n--8<-- \"glossary.md\"\n"
        );
        // The notation's lines and what they became.
        assert_eq!(
            e.groups,
            vec![
                Group {
                    source: 2..3,
                    output: 2..5
                },
                Group {
                    source: 5..6,
                    output: 7..9
                },
                Group {
                    source: 8..9,
                    output: 11..12
                },
                Group {
                    source: 10..16,
                    output: 13..20
                },
                Group {
                    source: 16..17,
                    output: 20..21
                },
            ]
        );
    }

    #[test]
    fn line_ranges_count_from_the_end_and_several_ranges_join() {
        let files = [("n.txt", "1\n2\n3\n4\n5")];
        let got = |spec: &str| expand(&files, &format!("--8<-- \"{spec}\"\n")).text;
        assert_eq!(got("n.txt:2:3"), "2\n3\n");
        assert_eq!(got("n.txt:4"), "4\n5\n");
        assert_eq!(got("n.txt::2"), "1\n2\n");
        assert_eq!(got("n.txt:1:1,4:5"), "1\n4\n5\n");
        assert_eq!(got("n.txt:-2"), "4\n5\n");
        assert_eq!(got("n.txt:9"), "");
    }

    #[test]
    fn expanded_lines_map_back_to_the_page() {
        let files = [("three.md", "1\n2\n3")];
        let e = expand(&files, "a\n--8<-- \"three.md\"\nb\n--8<-- [start:x]\nc\n");
        assert_eq!(e.text, "a\n1\n2\n3\nb\nc\n");
        let back: Vec<usize> = (0..6).map(|l| e.source_line(l)).collect();
        assert_eq!(back, vec![0, 1, 1, 1, 2, 4]);
    }

    #[test]
    fn section_markers_are_removed_from_the_page_and_included_files() {
        let files = [("s.md", "a\n--8<-- [start:x]\nb\n--8<-- [end:x]\nc")];
        let e = expand(&files, "one\n--8<-- [start:here]\ntwo\n--8<-- \"s.md\"\n");
        assert_eq!(e.text, "one\ntwo\na\nb\nc\n");
        assert_eq!(
            e.groups[0],
            Group {
                source: 1..2,
                output: 1..1
            }
        );
    }

    #[test]
    fn missing_snippets_stay_as_written_and_check_paths_stops_the_build() {
        let files = [("a.md", "A")];
        let body = "x\n--8<-- \"nope.md\"\n--8<--\na.md\nnope.md\n--8<--\n";
        let e = expand(&files, body);
        assert_eq!(e.text, body);
        assert!(e.groups.is_empty());
        let url = expand(&files, "--8<-- \"https://example.org/a.md\"\n");
        assert_eq!(url.text, "--8<-- \"https://example.org/a.md\"\n");
        let (_d, inc) = project(
            &files,
            Snippets {
                check_paths: true,
                ..Snippets::default()
            },
        );
        let err = inc.expand(body).unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("nope.md"), "{err:?}");
    }

    #[test]
    fn a_file_including_itself_is_left_out() {
        let files = [("loop.md", "L\n--8<-- \"loop.md\"\n")];
        assert_eq!(expand(&files, "--8<-- \"loop.md\"\n").text, "L\n\n");
    }

    #[test]
    fn paths_stay_inside_the_base_path_and_the_repository() {
        let files = [("site/inc/a.md", "A"), ("secret.md", "S")];
        let (dir, inc) = project(
            &files,
            Snippets {
                base_paths: vec![PathBuf::from("site/inc")],
                ..Snippets::default()
            },
        );
        let _ = dir;
        assert_eq!(inc.expand("--8<-- \"a.md\"\n").unwrap().text, "A\n");
        // `..` out of the base path: not looked up.
        let body = "--8<-- \"../../secret.md\"\n";
        assert_eq!(inc.expand(body).unwrap().text, body);
        // Unrestricted, the file is found; a link to a file outside the repository is not read.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("out.md"), "OUT").unwrap();
        #[cfg(unix)]
        {
            let (d2, inc2) = project(&[("in.md", "IN")], Snippets::default());
            std::os::unix::fs::symlink(outside.path().join("out.md"), d2.path().join("link.md"))
                .unwrap();
            let err = inc2.expand("--8<-- \"link.md\"\n").unwrap_err();
            assert!(err.message.contains("outside the repository"), "{err:?}");
        }
    }

    #[test]
    fn auto_append_and_crlf_pages() {
        let files = [("abbr.md", "*[HTML]: Hyper Text Markup Language")];
        let (_d, inc) = project(
            &files,
            Snippets {
                auto_append: vec!["abbr.md".into()],
                ..Snippets::default()
            },
        );
        let e = inc.expand("Some HTML.\r\n").unwrap();
        assert_eq!(
            e.text,
            "Some HTML.\r\n\r\n\r\n*[HTML]: Hyper Text Markup Language\r\n\r\n"
        );
        assert_eq!(
            e.groups,
            vec![Group {
                source: 1..1,
                output: 1..5
            }]
        );
    }

    #[test]
    fn expansion_stops_at_the_page_size_limit() {
        // Each file includes the next one twice: 2^30 copies of the last, unless stopped.
        let mut files: Vec<(String, String)> = (0..30)
            .map(|k| {
                let next = format!("f{}.md", k + 1);
                (
                    format!("f{k}.md"),
                    format!("--8<-- \"{next}\"\n--8<-- \"{next}\"\n"),
                )
            })
            .collect();
        files.push(("f30.md".into(), "x".repeat(10_000)));
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (_d, inc) = project(&files, Snippets::default());
        let err = inc.expand("# Page\n\n--8<-- \"f0.md\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("larger than 32 MB"), "{err:?}");
        // A large file included many times, indented: the same.
        let big = "y\n".repeat(1 << 17);
        let (_d, inc) = project(&[("big.md", big.as_str())], Snippets::default());
        let page = format!("{}--8<-- \"big.md\"\n", " ".repeat(40)).repeat(20);
        assert!(
            inc.expand(&page)
                .unwrap_err()
                .message
                .contains("larger than")
        );
    }

    #[test]
    fn dedent_like_python() {
        assert_eq!(
            dedent(vec!["    a".into(), "  ".into(), "      b".into()]),
            vec!["a".to_string(), String::new(), "  b".to_string()]
        );
    }

    #[test]
    fn split_path_finds_ranges_and_sections() {
        assert_eq!(split_path("a.md"), ("a.md", None, None));
        assert_eq!(split_path("a.md:1:3"), ("a.md", Some(":1:3"), None));
        assert_eq!(split_path("a.md:1:3,5:"), ("a.md", Some(":1:3,5:"), None));
        assert_eq!(split_path("a.md:usage"), ("a.md", None, Some(":usage")));
        assert_eq!(split_path("c:/x.md"), ("c:/x.md", None, None));
        // The last `:` starts a section name (as the extension reads it).
        assert_eq!(split_path("a.md:1:x"), ("a.md:1", None, Some(":x")));
        assert_eq!(split_path("a.md:1:x."), ("a.md:1:x.", None, None));
    }
}
