//! The MkDocs constructs `build` rewrites line by line, and the way back for `sync --pull`:
//! content tabs (a Wiki.js tabset back to `=== "Tab"`, or to `/// tab | Tab` blocks when the
//! guide writes its tabs that way), pymdownx.keys (`<kbd>` elements back to
//! `++ctrl+c++`) and image sizes (`![a](x.png =50%x)` back to `{ width="50%" }`).
//!
//! Each goes back only when the guide itself writes it the MkDocs way, and as the guide wrote
//! it where the build of the guide shows the same thing: what the merge leaves unchanged keeps
//! the guide's bytes.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::document::keys::Key;

static KBD: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"<kbd>([^<>\n]*)</kbd>(?:\+<kbd>[^<>\n]*</kbd>)*").expect("valid regex")
});

static TAB_MARKER: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"^===[!+]{0,2}[ \t]+"([^"\n]*)"[ \t]*$"#).expect("valid regex")
});

/// A pymdownx.blocks tab's header at the left margin: its slashes and title
/// (`/// tab | macOS`).
static TAB_BLOCK: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^(/{3,})[ \t]*tab[ \t]*\|[ \t]*(\S.*?)[ \t]*$").expect("valid regex")
});

/// The tab block whose header is `lines[i]`: its title, and its lines from the header to its
/// closing fence (or its header and option lines, `whole` false).
fn tab_block(lines: &[&str], i: usize, whole: bool) -> Option<(String, Range<usize>)> {
    let header = lines[i].trim_end_matches(['\n', '\r']);
    let c = TAB_BLOCK.captures(header)?;
    let fence = c.get(1)?.as_str();
    let title = c.get(2)?.as_str().to_string();
    let mut end = i + 1;
    if whole {
        while end < lines.len() && lines[end].trim_end() != fence {
            end += 1;
        }
        return Some((title, i..(end + 1).min(lines.len())));
    }
    // Option lines: indented `key: value` lines right after the header.
    while end < lines.len() && lines[end].starts_with("    ") && lines[end].contains(':') {
        end += 1;
    }
    Some((title, i..end))
}

/// `![alt](target =WxH)`, then an attribute block if any: a Wiki.js-sized image (ASCII digits,
/// as imsize reads a size).
static SIZED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"!\[([^\]\n]*)\]\(([^()\s]+) =((?:[0-9]+(?:%|px)?)?)x((?:[0-9]+(?:%|px)?)?)\)(\{[^{}\n]*\})?",
    )
    .expect("valid regex")
});

/// `![alt](target){ ... }` whose attribute block gives a size: an attr_list-sized image.
static ATTR_SIZED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"!\[[^\]\n]*\]\([^()\s]+\)\{[^{}\n]*\b(?:width|height)=[^{}\n]*\}")
        .expect("valid regex")
});

/// What the guide writes the MkDocs way, learnt from the guide and its build.
#[derive(Debug, Clone, Default)]
pub struct Forms {
    /// The guide writes keys with pymdownx.keys.
    pub keys: bool,
    /// `<kbd>` sequences as built -> as the guide wrote them (`++ctrl+c++`).
    pub key_seqs: HashMap<String, String>,
    /// A key's label as built (`Ctrl`) -> its name in the guide (`ctrl`).
    pub key_names: HashMap<String, String>,
    /// The guide writes MkDocs content tabs.
    pub tabs: bool,
    /// It writes them as pymdownx.blocks tabs (`/// tab | macOS` … `///`), and none with `===`.
    pub block_tabs: bool,
    /// A tab's title -> the guide's marker line for it (`===+ "macOS"`; a tab block's header
    /// and option lines).
    pub tab_markers: HashMap<String, String>,
    /// Tabs as built (title, then the tab's content in the form the tabset reaches
    /// [`Forms::apply`] in) -> the guide's text of that tab, marker line to last line.
    pub tab_texts: HashMap<String, String>,
    /// The guide gives image sizes in attribute lists.
    pub attr_sizes: bool,
    /// Sized images as built -> as the guide wrote them.
    pub images: HashMap<String, String>,
}

/// The pymdownx.keys shortcuts of a line that the build turns into `<kbd>` elements
/// (`crate::document::keys`), outside code spans, with their keys.
pub fn keys_in(line: &str) -> Vec<(Range<usize>, Vec<Key<'_>>)> {
    outside_code_spans(line)
        .into_iter()
        .flat_map(|r| {
            let part = &line[r.clone()];
            crate::document::keys::shortcuts(part)
                .into_iter()
                .filter(|s| {
                    // `{++added++}` is pymdownx.critic's, as the build reads it.
                    s.is_known()
                        && !(part[..s.range.start].ends_with('{')
                            && part[s.range.end..].starts_with('}'))
                })
                .map(|s| (r.start + s.range.start..r.start + s.range.end, s.keys))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The `<kbd>` sequences of a line, with their labels.
fn kbd_in(line: &str) -> Vec<(Range<usize>, Vec<String>)> {
    outside_code_spans(line)
        .into_iter()
        .flat_map(|r| {
            KBD.find_iter(&line[r.clone()])
                .map(|m| {
                    let labels = m
                        .as_str()
                        .split("</kbd>")
                        .filter_map(|p| p.split_once("<kbd>").map(|(_, l)| l.to_string()))
                        .collect();
                    (r.start + m.start()..r.start + m.end(), labels)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The parts of a line outside inline code spans (`` `x` ``), as Python-Markdown and
/// markdown-it pair backtick runs ([`code_spans`](crate::util::code_spans)).
fn outside_code_spans(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for span in crate::util::code_spans(line.as_bytes(), true) {
        out.push(at..span.start);
        at = span.end;
    }
    out.push(at..line.len());
    out
}

/// Whether a line opens or closes a fenced code block.
fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    line.len() - t.len() <= 3 && (t.starts_with("```") || t.starts_with("~~~"))
}

/// `### Title` -> (3, `Title`), outside code.
fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_end();
    let level = t.bytes().take_while(|&c| c == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if rest.is_empty() {
        return Some((level, ""));
    }
    rest.strip_prefix(' ').map(|r| (level, r.trim()))
}

/// The tabsets of built lines (keys, without line endings): from the `{.tabset}` heading to
/// the line before the next heading of its level or above.
pub fn tabsets(lines: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut fence = false;
    let mut open: Option<(usize, usize)> = None;
    for (i, l) in lines.iter().enumerate() {
        if is_fence(l) {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let Some((level, text)) = heading(l) else {
            continue;
        };
        if let Some((start, lv)) = open
            && level <= lv
        {
            out.push(start..i);
            open = None;
        }
        if open.is_none() && text.ends_with("{.tabset}") {
            open = Some((i, level));
        }
    }
    if let Some((start, _)) = open {
        out.push(start..lines.len());
    }
    out
}

/// The tabs of each tabset of built lines, and of each group of tabs build showed one after
/// another ([`section_groups`]), in page order: (title, content without the blank lines at its
/// ends, lines joined by `\n`).
pub fn built_tabs(lines: &[&str]) -> Vec<Vec<(String, String)>> {
    tab_regions(lines).into_iter().map(|r| r.tabs).collect()
}

/// The lines of each tabset of built lines and of each group of tabs shown one after another
/// ([`section_groups`]), in page order: each goes back to the guide's tabs only whole.
pub fn tab_region_lines(lines: &[&str]) -> Vec<Range<usize>> {
    tab_regions(lines).into_iter().map(|r| r.lines).collect()
}

/// A tabset of built lines, or a group of tabs shown one after another: its lines, its tabs,
/// and how many blank lines end it (kept after the tabs go back).
struct TabRegion {
    lines: Range<usize>,
    tabs: Vec<(String, String)>,
    trailing: usize,
}

/// The tabsets and the groups of tabs shown one after another of built lines, in page order.
fn tab_regions(lines: &[&str]) -> Vec<TabRegion> {
    let mut out: Vec<TabRegion> = tabsets(lines)
        .into_iter()
        .map(|set| {
            let level = heading(lines[set.start]).map_or(0, |(l, _)| l);
            let trailing = lines[set.clone()]
                .iter()
                .rev()
                .take_while(|l| l.trim().is_empty())
                .count()
                .min(set.end - set.start - 1);
            TabRegion {
                tabs: split_tabs(&lines[set.start + 1..set.end], level),
                lines: set,
                trailing,
            }
        })
        .collect();
    out.extend(section_groups(lines));
    out.sort_by_key(|r| r.lines.start);
    out
}

/// The groups of tabs build showed one after another (GL328) in built lines: from the comment
/// naming them (`<!-- content tabs "Web", "App" -->`) to the one closing them, each tab from
/// its title in bold, as build writes it, to the next. A group whose comments or titles are not
/// all there (edited on the wiki) is not one.
fn section_groups(lines: &[&str]) -> Vec<TabRegion> {
    use crate::rules::unconvertible_content_tabs::SECTIONS_END;
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(titles) = lines[i]
            .trim()
            .strip_prefix("<!-- content tabs \"")
            .and_then(|r| r.strip_suffix("\" -->"))
            .map(|r| r.split("\", \"").map(str::to_string).collect::<Vec<_>>())
        else {
            i += 1;
            continue;
        };
        let Some(end) = (i + 1..lines.len()).find(|&k| lines[k].trim() == SECTIONS_END) else {
            break;
        };
        // Each tab's first line: its title in bold, outside fenced code, in order.
        let mut starts = Vec::new();
        let mut fence = false;
        for (k, line) in lines.iter().enumerate().take(end).skip(i + 1) {
            if is_fence(line) {
                fence = !fence;
            }
            let Some(t) = titles.get(starts.len()) else {
                break;
            };
            if !fence && crate::build::convert::title_markup(t).as_deref() == Some(line.trim()) {
                starts.push(k);
            }
        }
        if starts.len() == titles.len() && !titles.is_empty() {
            let tabs = titles
                .iter()
                .enumerate()
                .map(|(n, t)| {
                    let to = starts.get(n + 1).copied().unwrap_or(end);
                    (t.clone(), trimmed_body(&lines[starts[n] + 1..to]))
                })
                .collect();
            out.push(TabRegion {
                lines: i..end + 1,
                tabs,
                trailing: 0,
            });
        }
        i = end + 1;
    }
    out
}

/// A tab's lines without the blank lines at their ends, joined by `\n`.
fn trimmed_body(body: &[&str]) -> String {
    let first = body.iter().position(|l| !l.trim().is_empty());
    let last = body.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(f), Some(e)) => body[f..=e]
            .iter()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The tabs below a tabset heading of `level`: (title, content joined by `\n`).
fn split_tabs(lines: &[&str], level: usize) -> Vec<(String, String)> {
    let mut tabs: Vec<(String, Vec<&str>)> = Vec::new();
    let mut fence = false;
    for &l in lines {
        if !fence && let Some((_, title)) = heading(l).filter(|(lv, _)| *lv == level + 1) {
            tabs.push((title.to_string(), Vec::new()));
            continue;
        }
        if is_fence(l) {
            fence = !fence;
        }
        if let Some((_, body)) = tabs.last_mut() {
            body.push(l);
        }
    }
    tabs.into_iter()
        .map(|(title, body)| (title, trimmed_body(&body)))
        .collect()
}

/// The content tabs of a guide's body lines (as written, line endings included), at the left
/// margin: (title, the tab's text from its marker line to its last line with text).
pub fn source_tabs(lines: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some((title, r)) = tab_block(lines, i, true) {
            let text: String = lines[r.clone()].concat();
            out.push((title, text.trim_end_matches(['\n', '\r']).to_string()));
            i = r.end;
            continue;
        }
        let Some(title) = TAB_MARKER
            .captures(lines[i].trim_end())
            .and_then(|c| c.get(1))
            .map(|t| t.as_str().to_string())
        else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        let mut last = i;
        while end < lines.len() {
            let l = lines[end];
            if l.trim().is_empty() {
                end += 1;
                continue;
            }
            if !(l.starts_with("    ") || l.starts_with('\t')) {
                break;
            }
            last = end;
            end += 1;
        }
        let text: String = lines[i..=last].concat();
        out.push((title, text.trim_end_matches(['\n', '\r']).to_string()));
        i = last + 1;
    }
    out
}

/// A sized image's size as an attribute-list entry: `width="50%"`, `height="200"`.
fn size_attrs(w: &str, h: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !w.is_empty() {
        out.push(format!("width=\"{w}\""));
    }
    if !h.is_empty() {
        out.push(format!("height=\"{h}\""));
    }
    out
}

impl Forms {
    /// Learns from the guide's body lines and the built lines of one aligned block.
    pub fn learn_block(&mut self, s: &[&str], b: &[&str]) {
        let sk: Vec<(&str, Vec<Key<'_>>)> = s
            .iter()
            .flat_map(|l| keys_in(l).into_iter().map(|(r, k)| (&l[r], k)))
            .collect();
        let bk: Vec<String> = b
            .iter()
            .flat_map(|l| kbd_in(l).into_iter().map(move |(r, _)| l[r].to_string()))
            .collect();
        if sk.len() == bk.len() {
            for ((written, keys), built) in sk.iter().zip(&bk) {
                let labels: Vec<String> = kbd_in(built).into_iter().flat_map(|(_, l)| l).collect();
                if labels.len() == keys.len() {
                    for (label, key) in labels.iter().zip(keys) {
                        if let Key::Name(name) = key {
                            self.key_names
                                .entry(label.clone())
                                .or_insert_with(|| (*name).to_string());
                        }
                    }
                }
                self.key_seqs
                    .entry(built.clone())
                    .or_insert_with(|| (*written).to_string());
            }
        }
        let si: Vec<&str> = s
            .iter()
            .flat_map(|l| ATTR_SIZED.find_iter(l).map(|m| m.as_str()))
            .collect();
        let bi: Vec<&str> = b
            .iter()
            .flat_map(|l| SIZED.find_iter(l).map(|m| m.as_str()))
            .collect();
        if si.len() == bi.len() {
            for (from, to) in bi.into_iter().zip(si) {
                self.images
                    .entry(from.to_string())
                    .or_insert_with(|| to.to_string());
            }
        }
    }

    /// Learns which constructs the guide's body writes the MkDocs way.
    pub fn learn_source(&mut self, s: &[&str]) {
        let mut fence = false;
        let mut marker_tabs = false;
        for (i, l) in s.iter().enumerate() {
            if !fence && let Some((title, r)) = tab_block(s, i, false) {
                self.tabs = true;
                self.block_tabs = true;
                self.tab_markers.entry(title).or_insert_with(|| {
                    s[r].iter()
                        .map(|l| l.trim_end())
                        .collect::<Vec<_>>()
                        .join("\n")
                });
                continue;
            }
            if is_fence(l) {
                fence = !fence;
                continue;
            }
            if fence {
                continue;
            }
            if !keys_in(l).is_empty() {
                self.keys = true;
            }
            if ATTR_SIZED.is_match(l) {
                self.attr_sizes = true;
            }
            if let Some(c) = TAB_MARKER.captures(l.trim_end())
                && let Some(title) = c.get(1)
            {
                self.tabs = true;
                marker_tabs = true;
                self.tab_markers
                    .entry(title.as_str().to_string())
                    .or_insert_with(|| l.trim_end().to_string());
            }
        }
        self.block_tabs &= !marker_tabs;
    }

    /// Learns the guide's text of each tab, paired by title with the tabs of the build
    /// (`built`: per tabset, its tabs with their content already in the form the tabset
    /// reaches [`Forms::apply`] in).
    pub fn learn_tabs(&mut self, source: &[(String, String)], built: &[Vec<(String, String)>]) {
        let mut from = 0;
        for set in built {
            for (title, body) in set {
                let Some(k) = source[from.min(source.len())..]
                    .iter()
                    .position(|(t, _)| t == title)
                else {
                    continue;
                };
                let (_, text) = &source[from + k];
                self.tab_texts
                    .entry(format!("{title}\n{body}"))
                    .or_insert_with(|| text.clone());
                from += k + 1;
            }
        }
    }

    /// `text` (Wiki.js form) with tabsets, keys and image sizes in the guide's form.
    pub fn apply(&self, text: &str) -> String {
        let text = if self.tabs {
            self.tabsets_back(text)
        } else {
            text.to_string()
        };
        let mut out = String::with_capacity(text.len());
        let mut fence = false;
        for line in text.split_inclusive('\n') {
            if is_fence(line) {
                fence = !fence;
                out.push_str(line);
                continue;
            }
            if fence {
                out.push_str(line);
                continue;
            }
            let line = if self.keys {
                self.keys_back(line)
            } else {
                line.to_string()
            };
            let line = if self.attr_sizes {
                self.sizes_back(&line)
            } else {
                line
            };
            out.push_str(&line);
        }
        out
    }

    fn keys_back(&self, line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        let mut at = 0;
        for (r, labels) in kbd_in(line) {
            out.push_str(&line[at..r.start]);
            let built = &line[r.clone()];
            match self.key_seqs.get(built) {
                Some(keys) => out.push_str(keys),
                None => {
                    // A key the extension knows by name goes back as its name; any other
                    // label as quoted text (`++ctrl+"My Key"++`), which pymdownx.keys shows as
                    // written.
                    let keys: Option<Vec<String>> = labels
                        .iter()
                        .map(|l| {
                            let name = self.key_name(l);
                            if crate::document::keys::is_name(&name) {
                                Some(name)
                            } else if !l.trim().is_empty() && !l.contains('\\') {
                                Some(format!("\"{}\"", l.replace('"', "\\\"")))
                            } else {
                                None
                            }
                        })
                        .collect();
                    match keys {
                        Some(keys) => out.push_str(&format!("++{}++", keys.join("+"))),
                        None => out.push_str(built),
                    }
                }
            }
            at = r.end;
        }
        out.push_str(&line[at..]);
        out
    }

    /// The pymdownx.keys name for a key label: as the guide names it, else the label
    /// lowercased with its words joined by `-` (`Page Up`: `page-up`).
    fn key_name(&self, label: &str) -> String {
        if let Some(n) = self.key_names.get(label) {
            return n.clone();
        }
        match label {
            "↑" => "arrow-up".into(),
            "↓" => "arrow-down".into(),
            "←" => "arrow-left".into(),
            "→" => "arrow-right".into(),
            "Win" => "windows".into(),
            _ => {
                // The label's words (`Page Up`: `page-up`) when they are a name the extension
                // knows, else the name the key map gives that label (`Num 0`: `num0`).
                let words = label
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join("-")
                    .to_lowercase();
                match crate::document::keys::name_of_label(label) {
                    Some(n) if !crate::document::keys::is_name(&words) => n.to_string(),
                    _ => words,
                }
            }
        }
    }

    fn sizes_back(&self, line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        let mut at = 0;
        for c in SIZED.captures_iter(line) {
            let Some(all) = c.get(0) else { continue };
            out.push_str(&line[at..all.start()]);
            if let Some(known) = self.images.get(all.as_str()) {
                out.push_str(known);
            } else {
                let get = |i| c.get(i).map_or("", |m| m.as_str());
                let (alt, target, w, h) = (get(1), get(2), get(3), get(4));
                let mut attrs: Vec<String> = get(5)
                    .trim_start_matches('{')
                    .trim_end_matches('}')
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                attrs.extend(size_attrs(w, h));
                out.push_str(&format!("![{alt}]({target}){{ {} }}", attrs.join(" ")));
            }
            at = all.end();
        }
        out.push_str(&line[at..]);
        out
    }

    /// Each tabset (`## A / B {.tabset}`, `### A`, ..., `### B`, ...), and each group of tabs
    /// build showed one after another ([`section_groups`]), back to content tabs (`=== "A"`
    /// with the tab's content indented by four spaces), or to the guide's tab blocks.
    fn tabsets_back(&self, text: &str) -> String {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let keys: Vec<&str> = lines
            .iter()
            .map(|l| l.trim_end_matches(['\n', '\r']))
            .collect();
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut next = 0;
        for region in tab_regions(&keys) {
            let set = region.lines;
            if set.start < next {
                continue;
            }
            for l in &lines[next..set.start] {
                out.push_str(l);
            }
            for (k, (title, body)) in region.tabs.iter().enumerate() {
                if k > 0 {
                    out.push('\n');
                }
                // A tab the wiki left as it was keeps the guide's text.
                if let Some(text) = self.tab_texts.get(&format!("{title}\n{body}")) {
                    out.push_str(text);
                    out.push('\n');
                    continue;
                }
                if self.block_tabs {
                    // A block: its header (and options), its body as it is, its fence.
                    let head = self
                        .tab_markers
                        .get(title)
                        .cloned()
                        .unwrap_or_else(|| format!("/// tab | {title}"));
                    let slashes = head.bytes().take_while(|&b| b == b'/').count().max(3);
                    out.push_str(&head);
                    out.push('\n');
                    // Options end at a blank line, before the body.
                    if head.contains('\n') && !body.is_empty() {
                        out.push('\n');
                    }
                    for l in body.split('\n').filter(|_| !body.is_empty()) {
                        out.push_str(l);
                        out.push('\n');
                    }
                    out.push_str(&"/".repeat(slashes));
                    out.push('\n');
                    continue;
                }
                match self.tab_markers.get(title) {
                    Some(m) => out.push_str(m),
                    None => out.push_str(&format!("=== \"{title}\"")),
                }
                out.push('\n');
                if !body.is_empty() {
                    out.push('\n');
                    for l in body.split('\n') {
                        if !l.trim().is_empty() {
                            out.push_str("    ");
                            out.push_str(l);
                        }
                        out.push('\n');
                    }
                }
            }
            for _ in 0..region.trailing {
                out.push('\n');
            }
            next = set.end;
        }
        for l in &lines[next..] {
            out.push_str(l);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learnt(source: &str, built: &str) -> Forms {
        let s: Vec<&str> = source.lines().collect();
        let b: Vec<&str> = built.lines().collect();
        let mut f = Forms::default();
        f.learn_source(&s);
        f.learn_block(&s, &b);
        f
    }

    #[test]
    fn keys_come_back_as_the_guide_wrote_them() {
        let f = learnt(
            "Press ++win+r++ and ++enter++.\n",
            "Press <kbd>Win</kbd>+<kbd>R</kbd> and <kbd>Enter</kbd>.\n",
        );
        assert_eq!(
            f.apply("Press <kbd>Win</kbd>+<kbd>R</kbd>, then <kbd>Ctrl</kbd>+<kbd>Enter</kbd>.\n"),
            "Press ++win+r++, then ++ctrl+enter++.\n"
        );
        // A quoted key of the guide comes back as written; a label added on the wiki that no
        // key name gives, as quoted text; a key map label by its name (`Num 0`: `num0`).
        let f = learnt(
            "Type ++ctrl+\"+\"++.\n",
            "Type <kbd>Ctrl</kbd>+<kbd>+</kbd>.\n",
        );
        assert_eq!(
            f.apply("Type <kbd>Ctrl</kbd>+<kbd>+</kbd> or <kbd>Alt</kbd>+<kbd>My \"Key\"</kbd>+<kbd>Num 0</kbd>.\n"),
            "Type ++ctrl+\"+\"++ or ++alt+\"My \\\"Key\\\"\"+num0++.\n"
        );
        // Inside code, `<kbd>` is text.
        assert_eq!(
            f.apply("`<kbd>Win</kbd>`\n```\n<kbd>Win</kbd>\n```\n"),
            "`<kbd>Win</kbd>`\n```\n<kbd>Win</kbd>\n```\n"
        );
        // A guide without keys keeps `<kbd>`.
        let plain = learnt("Press Enter.\n", "Press Enter.\n");
        assert_eq!(plain.apply("<kbd>Enter</kbd>\n"), "<kbd>Enter</kbd>\n");
    }

    #[test]
    fn image_sizes_go_back_to_attribute_lists() {
        let f = learnt(
            "![Export](img/e.png){ width=\"300\" }\n",
            "![Export](/g/e.png =300x)\n",
        );
        assert_eq!(
            f.apply("Text ![Export](/g/e.png =300x) more\n"),
            "Text ![Export](img/e.png){ width=\"300\" } more\n"
        );
        assert_eq!(
            f.apply("![New](/g/n.png =50%x200){.align-center}\n"),
            "![New](/g/n.png){ .align-center width=\"50%\" height=\"200\" }\n"
        );
        let wikijs = learnt("![E](e.png =300x)\n", "![E](/g/e.png =300x)\n");
        assert_eq!(
            wikijs.apply("![E](/g/e.png =30x)\n"),
            "![E](/g/e.png =30x)\n"
        );
    }

    #[test]
    fn code_spans_hide_keys_and_a_line_of_backticks_is_no_trouble() {
        assert_eq!(keys_in("`++a++` ++b++").len(), 1);
        // A run closes only on a run of its own length: the lone backtick at the end closes
        // the first, so the keys between are code (a substring match closed on the ```).
        assert!(keys_in("`a ``` ++ctrl++ ` b").is_empty());
        assert_eq!(keys_in("``a ` b`` ++c++").len(), 1);
        // An escaped backtick opens nothing; after an escaped backslash it opens.
        assert_eq!(keys_in(r"\` ++d++ `").len(), 1);
        assert_eq!(keys_in(r"\\` ++d++ `").len(), 0);
        let hostile = "` ".repeat(200_000);
        assert!(keys_in(&hostile).is_empty());
    }

    #[test]
    fn tabsets_go_back_to_tab_blocks_when_the_guide_writes_them() {
        let source = "## Install\n\n/// tab | macOS\n    select: true\n\n```sh\nbrew x\n```\n///\n\n/// tab | Linux\nRun it.\n///\n\n## Next\n";
        let built = "## Install\n\n### macOS / Linux {.tabset}\n\n#### macOS\n\n```sh\nbrew x\n```\n\n#### Linux\n\nRun it.\n\n## Next\n";
        let s: Vec<&str> = source.split_inclusive('\n').collect();
        let mut f = learnt(source, built);
        assert!(f.tabs && f.block_tabs);
        f.learn_tabs(
            &source_tabs(&s),
            &built_tabs(&built.lines().collect::<Vec<_>>()),
        );
        // Unchanged: the guide's own text.
        assert_eq!(f.apply(built), source);
        // An edited tab: a block again, its header and options kept, its body not indented.
        let back = f.apply(&built.replace("brew x", "brew install x"));
        assert!(
            back.contains("/// tab | macOS\n    select: true\n\n```sh\nbrew install x\n```\n///\n\n/// tab | Linux\nRun it.\n///\n"),
            "{back}"
        );
        assert!(!back.contains("==="), "{back}");
    }

    #[test]
    fn tabs_shown_one_after_another_go_back_to_content_tabs() {
        let source = "## Install\n\n=== \"The **new** app\"\n\n    Run it.\n\n=== \"Old\"\n\n    ```sh\n    old x\n    ```\n\nThen log in.\n";
        let built = "## Install\n\n<!-- content tabs \"The **new** app\", \"Old\" -->\n\n**The new app**\n\nRun it.\n\n**Old**\n\n```sh\nold x\n```\n\n<!-- end of content tabs -->\n\nThen log in.\n";
        let b: Vec<&str> = built.lines().collect();
        let groups = section_groups(&b);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].lines, 2..15);
        assert_eq!(
            groups[0].tabs,
            [
                ("The **new** app".to_string(), "Run it.".to_string()),
                ("Old".to_string(), "```sh\nold x\n```".to_string()),
            ]
        );
        let s: Vec<&str> = source.split_inclusive('\n').collect();
        let mut f = learnt(source, built);
        f.learn_tabs(&source_tabs(&s), &built_tabs(&b));
        // Unchanged, the guide's text; edited on the wiki, the guide's form.
        assert_eq!(f.apply(built), source);
        let edited = built.replace("Run it.", "Run it twice.");
        assert_eq!(f.apply(&edited), source.replace("Run it.", "Run it twice."));
        // Without its closing comment, or a title, the group is left as the wiki has it.
        let broken = built.replace("<!-- end of content tabs -->\n", "");
        assert_eq!(f.apply(&broken), broken);
    }

    #[test]
    fn tabsets_go_back_to_content_tabs() {
        let source = "## Install\n\n===+ \"macOS\"\n\n    ```sh\n    brew x\n    ```\n\n=== \"Linux\"\n\n    Run it.\n\n## Next\n";
        let built = "## Install\n\n### macOS / Linux {.tabset}\n\n#### macOS\n\n```sh\nbrew x\n```\n\n#### Linux\n\nRun it.\n\n## Next\n";
        let f = learnt(source, built);
        assert!(f.tabs);
        assert_eq!(f.apply(built), source);
        let edited = built.replace("Run it.", "Run it twice.");
        let back = f.apply(&edited);
        assert!(
            back.contains("=== \"Linux\"\n\n    Run it twice.\n"),
            "{back}"
        );
        let b: Vec<&str> = built.lines().collect();
        assert_eq!(tabsets(&b), vec![2..14]);
    }
}
