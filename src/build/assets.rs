//! The assets the built pages use (images, downloadable files): every URL that `build.assets`
//! maps, read from the guides tree and placed in the output tree at the mapped path, where
//! Wiki.js's git storage imports it as an asset (`/move-server-guide/a.png` ->
//! `<out>/move-server-guide/a.png`).
//!
//! Asset files are read only as regular files whose path, links resolved, lies inside the
//! repository (docs/security.md): a link in the guides tree leading outside it is reported and
//! never read.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::FileError;
use crate::config::Config;
use crate::document::{Document, LinkKind};
use crate::wikijs::link::percent_decode;

/// An asset as `build` places it in the output tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltAsset {
    /// The file, relative to the output folder (`move-server-guide/a.png`).
    pub file: PathBuf,
    /// The path the wiki serves it at, as the built pages use it (`/move-server-guide/a.png`).
    pub url: String,
    /// The file it was read from.
    pub source: PathBuf,
    pub content: Vec<u8>,
    /// SHA-256 of `content`, lowercase hex.
    pub sha256: String,
}

/// The largest asset read (Wiki.js accepts 5 MiB by default; a bigger file is a mistake, and
/// reading it must not exhaust memory).
pub const MAX_ASSET_BYTES: u64 = 64 * 1024 * 1024;

/// A page as the asset scans read it: its path under the guides root, its document, and the
/// URLs it uses ([`urls`], found once for both scans).
pub struct AssetPage<'a> {
    pub rel: &'a Path,
    pub doc: &'a Document,
    urls: Vec<(&'a str, usize)>,
}

impl<'a> AssetPage<'a> {
    pub fn new(rel: &'a Path, doc: &'a Document) -> Self {
        AssetPage {
            rel,
            doc,
            urls: urls(doc),
        }
    }
}

/// What [`collect`] finds.
#[derive(Debug, Default)]
pub struct Collected {
    /// Every asset the pages use through `build.assets`, sorted by file.
    pub assets: Vec<BuiltAsset>,
    /// The references that could not be resolved, per page and position.
    pub errors: Vec<FileError>,
    /// Every wiki path a `build.assets` rule maps a URL to (`move-guide/a b.png`: relative to the
    /// output folder, percent-decoded, `/`-separated), whether its file was written or could not
    /// be (an error in `errors` then). The post-build check takes a built page's URL to one of
    /// them as published: a failure is reported once, at the source page's line.
    pub mapped: HashSet<String>,
}

/// Every asset the pages use through `build.assets`, the references that could not be resolved,
/// and the wiki paths the rules map to ([`Collected`]).
pub fn collect(config: &Config, pages: &[AssetPage<'_>]) -> Collected {
    let root = config.guides_root();
    let mut by_file: BTreeMap<PathBuf, BuiltAsset> = BTreeMap::new();
    let mut read_failed: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut mapped = HashSet::new();
    // Files missing here, per wiki path: fine when another page's file provides that path (a
    // translation using the source language's images).
    let mut missing: Vec<(PathBuf, FileError)> = Vec::new();
    for page in pages {
        let (rel, doc) = (page.rel, page.doc);
        for &(url, at) in &page.urls {
            let Some(m) = super::convert::asset_mapping(url, rel, config) else {
                continue;
            };
            let Some(source_rel) = m.source else { continue };
            if !m.url.starts_with('/') || m.url.starts_with("//") {
                continue; // mapped to another site: nothing to publish
            }
            let error = |message: String| {
                let lc = doc.line_col(at);
                FileError {
                    path: doc.path.clone(),
                    message,
                    position: Some((lc.line, lc.column, at)),
                }
            };
            let url_path = m
                .url
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_string();
            let file = match output_file(&url_path) {
                Ok(f) => f,
                Err(why) => {
                    errors.push(error(format!("asset `{url}` maps to `{url_path}`: {why}")));
                    continue;
                }
            };
            mapped.insert(crate::util::slash_path(&file));
            let source = root.join(percent_decode(&source_rel));
            if let Some(existing) = by_file.get(&file) {
                if existing.source != source
                    && read_asset(config, &source).is_ok_and(|c| c != existing.content)
                {
                    errors.push(error(format!(
                        "asset `{url}` ({}) maps to `{url_path}`, like {}: one would replace the other on the wiki",
                        crate::logsafe::path(&source),
                        crate::logsafe::path(&existing.source)
                    )));
                }
                continue;
            }
            if let Some(why) = read_failed.get(&source) {
                let e = error(format!("asset `{url}`: {why}"));
                if std::fs::symlink_metadata(&source).is_ok() {
                    errors.push(e);
                } else {
                    missing.push((file, e));
                }
                continue;
            }
            match read_asset(config, &source) {
                Ok(content) => {
                    let sha256 = crate::util::sha256_hex(&content);
                    by_file.insert(
                        file.clone(),
                        BuiltAsset {
                            file,
                            url: url_path,
                            source,
                            content,
                            sha256,
                        },
                    );
                }
                Err(why) => {
                    let e = error(format!("asset `{url}`: {why}"));
                    // `exists` follows links: a dangling link is missing, a link leading
                    // outside the repository is not.
                    if std::fs::symlink_metadata(&source).is_ok() {
                        errors.push(e);
                    } else {
                        missing.push((file, e));
                    }
                    read_failed.insert(source, why);
                }
            }
        }
    }
    errors.extend(
        missing
            .into_iter()
            .filter(|(file, _)| !by_file.contains_key(file))
            .map(|(_, e)| e),
    );
    errors.sort();
    Collected {
        assets: by_file.into_values().collect(),
        errors,
        mapped,
    }
}

/// The files in the guides (or assets) tree that the pages use but no `build.assets` rule
/// maps (`/files/router-dns.png` on a page of a Wiki.js git-storage tree without `build.assets`):
/// the built pages point at them and nothing publishes them. One note per page and position,
/// sorted.
pub fn unpublished(config: &Config, pages: &[AssetPage<'_>]) -> Vec<FileError> {
    let roots: Vec<PathBuf> = std::iter::once(config.guides_root())
        .chain(config.assets_root())
        .collect();
    let mut out = Vec::new();
    for page in pages {
        let (rel, doc) = (page.rel, page.doc);
        // The file each URL names, looked up once per page (a page may use one URL many
        // times, and each lookup asks the file system).
        let mut files: std::collections::HashMap<&str, Option<PathBuf>> =
            std::collections::HashMap::new();
        for &(url, at) in &page.urls {
            let found = files.entry(url).or_insert_with(|| {
                if crate::util::has_scheme(url)
                    || url.starts_with('#')
                    || url.starts_with("//")
                    || super::convert::asset_mapping(url, rel, config).is_some()
                {
                    return None;
                }
                let (path, _, _) = crate::util::split_url(url);
                let dir = rel.parent().unwrap_or(Path::new(""));
                let source = match path.strip_prefix('/') {
                    Some(abs) => crate::util::resolve_relative(Path::new(""), abs),
                    None => crate::util::resolve_relative(dir, path),
                }
                .filter(|s| !s.is_empty())?;
                let decoded = percent_decode(&source);
                roots
                    .iter()
                    .map(|r| r.join(&decoded))
                    .find(|f| f.is_file() && config.is_inside_boundary(f))
            });
            let Some(file) = found.as_ref() else {
                continue;
            };
            let lc = doc.line_col(at);
            out.push(FileError {
                path: doc.path.clone(),
                message: format!(
                    "`{url}` ({}) is not published: no `build.assets` rule maps it (add one, \
                     e.g. `{{from: {}, to: {}}}`, to copy and upload it)",
                    crate::logsafe::path(file),
                    suggested_prefix(url),
                    suggested_prefix(url),
                ),
                position: Some((lc.line, lc.column, at)),
            });
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The definition lists of a MkDocs page (`Room` then `:   A conversation.`): Wiki.js's
/// markdown-it has no definition lists, and no form it renders keeps one faithfully; the build
/// keeps each definition on its own line under its term (so `sync --pull` gives the guide its
/// list back) and reports each entry, at its term, for a person to rewrite.
pub fn definition_lists(doc: &Document) -> Vec<FileError> {
    if doc.dialect != crate::Dialect::Mkdocs {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut offset = 0;
    let mut prev: Option<(usize, &str)> = None;
    let mut in_list = false;
    for line in doc.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        let definition = l.len() > 2
            && l.starts_with(':')
            && l[1..].starts_with([' ', '\t'])
            && !l[1..].trim().is_empty()
            && !doc.in_code(start);
        if definition && !in_list {
            if let Some((term_at, term)) = prev.filter(|(_, t)| !t.trim().is_empty()) {
                let lc = doc.line_col(term_at);
                out.push(FileError {
                    path: doc.path.clone(),
                    message: format!(
                        "definition list (term `{}`): Wiki.js does not render definition lists \
                         (the wiki shows the term, then its definition as a line starting with \
                         `:`); write it as a table or as bold terms with their text",
                        crate::logsafe::text(term.trim())
                    ),
                    position: Some((lc.line, lc.column, term_at)),
                });
                in_list = true;
            }
        } else if !definition && !l.trim().is_empty() && !l.starts_with([' ', '\t']) {
            in_list = false;
        }
        prev = Some((start, l));
    }
    out
}

/// The folder part of an asset URL, for a suggested `build.assets` rule (`/files/a.png` ->
/// `/files/`).
fn suggested_prefix(url: &str) -> String {
    let (path, _, _) = crate::util::split_url(url);
    match path.trim_start_matches('/').split_once('/') {
        Some((first, _)) if path.starts_with('/') => format!("/{first}/"),
        Some((first, _)) => format!("{first}/"),
        None => path.to_string(),
    }
}

/// Whether a URL's path names a Markdown page rather than a file to publish (`setup.md`, and
/// `setup.md/`, which MkDocs reads as the same page).
fn names_page(path: &str) -> bool {
    path.trim_end_matches('/').ends_with(".md")
}

/// The asset URLs a page uses: Markdown links and images, `<img src>`, `<a href>` and
/// `<source src>`, with the offset of each.
fn urls(doc: &Document) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    // The offsets in `out`: looked up for each `](` (a list searched each time made a page of
    // image chains quadratic).
    let mut seen = std::collections::HashSet::new();
    for l in doc.links.iter().filter(|l| l.kind != LinkKind::Autolink) {
        let at = l.url_range.as_ref().map_or(l.range.start, |r| r.start);
        let path = l.url.split(['?', '#']).next().unwrap_or_default();
        if !names_page(path) {
            out.push((l.url.as_str(), at));
            seen.insert(at);
        }
    }
    // Every `](url` outside code, whatever the Markdown parser made of it: an image with a
    // Wiki.js size (`![a](/x.png =400x)`), or one inside an HTML block such as `<figure
    // markdown>`, is still an image the built page shows.
    let text = doc.text.as_str();
    // The first URL end (blank or `)`), and the first `>` or line break, at or after the last
    // place searched from: a later search from before them finds them again, so a line of
    // `](` without either is scanned once, not once per `](`.
    let mut plain_end = 0;
    let mut angle_end = 0;
    // Likewise the first `?` or `#` (where a URL's path ends).
    let mut query = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find("](") {
        let start = from + found + 2;
        from = start;
        if doc.in_code(start) {
            continue;
        }
        let rest = &text[start..];
        let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let s = start + lead;
        let (url, at) = if text[s..].starts_with('<') {
            if angle_end <= s {
                angle_end = text[s + 1..]
                    .find(['>', '\n'])
                    .map_or(text.len(), |i| s + 1 + i);
            }
            if !text[angle_end..].starts_with('>') {
                continue;
            }
            (&text[s + 1..angle_end], s + 1)
        } else {
            if plain_end < s {
                plain_end = text[s..]
                    .find(|c: char| c.is_whitespace() || c == ')')
                    .map_or(text.len(), |i| s + i);
            }
            (&text[s..plain_end], s)
        };
        if query < at {
            query = text[at..].find(['?', '#']).map_or(text.len(), |i| at + i);
        }
        let path = &url[..url.len().min(query - at)];
        if url.is_empty() || names_page(path) || !seen.insert(at) {
            continue;
        }
        out.push((url, at));
    }
    for t in doc.html.iter().filter(|t| t.is_start()) {
        let attr = match t.name.as_str() {
            "img" | "source" | "video" | "audio" => "src",
            "a" => "href",
            _ => continue,
        };
        if let Some(a) = t.attr(attr) {
            let at = a.value_range.as_ref().map_or(t.range.start, |r| r.start);
            let path = a.value.split(['?', '#']).next().unwrap_or_default();
            if !names_page(path) {
                out.push((a.value.as_str(), at));
            }
        }
    }
    out
}

/// The output file for a wiki asset path (`/folder/a.png` -> `folder/a.png`): plain segments
/// only, and not a name Wiki.js's git storage would import as a page.
fn output_file(url_path: &str) -> Result<PathBuf, String> {
    let decoded = percent_decode(url_path);
    let rel = decoded.trim_start_matches('/');
    let mut file = PathBuf::new();
    for seg in rel.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." || seg.starts_with('.') || seg.contains('\\')
        {
            return Err(format!(
                "`{seg}` is not a plain file or folder name (the asset would not be written)"
            ));
        }
        file.push(seg);
    }
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(ext) = ext.filter(|e| ["md", "html", "adoc"].contains(&e.as_str())) {
        return Err(format!(
            "Wiki.js's git storage imports a `.{ext}` file as a page, not as an asset"
        ));
    }
    Ok(file)
}

/// Reads an asset file: a regular file whose path, links resolved, lies inside the repository.
fn read_asset(config: &Config, source: &Path) -> Result<Vec<u8>, String> {
    let shown = crate::logsafe::path(source);
    let meta = std::fs::symlink_metadata(source).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!("{shown} does not exist")
        } else {
            format!("{shown}: {}", crate::document::io_message(&e))
        }
    })?;
    let real = std::fs::canonicalize(source)
        .map_err(|e| format!("{shown}: {}", crate::document::io_message(&e)))?;
    if !config.is_inside_boundary(&real) {
        let what = if meta.file_type().is_symlink() {
            "is a symbolic link to"
        } else {
            "resolves to"
        };
        return Err(format!(
            "{shown} {what} {}, outside the repository: not read",
            crate::logsafe::path(&real)
        ));
    }
    let real_meta = std::fs::metadata(&real)
        .map_err(|e| format!("{shown}: {}", crate::document::io_message(&e)))?;
    if real_meta.is_file() && real_meta.len() > MAX_ASSET_BYTES {
        return Err(format!(
            "{shown} is {} bytes, over the {} MiB an asset may have",
            real_meta.len(),
            MAX_ASSET_BYTES / (1024 * 1024)
        ));
    }
    crate::fsutil::read_regular(&real)
        .map_err(|e| format!("{shown} {}", crate::document::io_message(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_sequences() {
        assert_eq!(percent_decode("a%20b.png"), "a b.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%C3%A6"), "æ");
    }

    #[test]
    fn output_files_are_plain_and_never_pages() {
        assert_eq!(
            output_file("/guide/img/a%20b.png").unwrap(),
            PathBuf::from("guide/img/a b.png")
        );
        assert!(output_file("/guide/../x.png").is_err());
        assert!(output_file("/guide//x.png").is_err());
        assert!(output_file("/.git/config").is_err());
        assert!(output_file("/guide/notes.MD").unwrap_err().contains("page"));
        assert!(output_file("/guide/x.html").is_err());
    }

    /// Every `](url` is found once, however the URLs end, and a line of `](` without a URL
    /// end is read in one pass.
    #[test]
    fn urls_after_every_bracket_parenthesis() {
        let text = "<figure markdown>\n![a](img/a.png =400x) ](<b c.png> ](<no\n](x.png)](y.png\n</figure>\n";
        let doc = Document::parse(
            PathBuf::from("p.md"),
            text.into(),
            Some(crate::Dialect::Mkdocs),
        );
        let mut found: Vec<(&str, usize)> = urls(&doc);
        found.sort_by_key(|(_, at)| *at);
        let urls_only: Vec<&str> = found.iter().map(|(u, _)| *u).collect();
        assert_eq!(urls_only, ["img/a.png", "b c.png", "x.png", "y.png"]);
        for (url, at) in &found {
            assert!(text[*at..].starts_with(url), "{url} at {at}");
        }
        let long = "](".repeat(20_000);
        let doc = Document::parse(PathBuf::from("p.md"), long, Some(crate::Dialect::Mkdocs));
        let found = urls(&doc);
        // Each `](` but the last starts a URL running to the end of the text.
        assert_eq!(found.len(), 19_999);
        assert!(found.iter().all(|(u, at)| u.len() == doc.text.len() - at));
    }
}
