//! A page to publish, its fingerprint, and Wiki.js page files (git storage format).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::document::front_matter;

/// Feeds what is written into a SHA-256 hash.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A Wiki.js-ready page to put on a wiki: what `build` produces for one guide file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncPage {
    pub locale: String,
    /// Page path without leading `/` or locale (`move-to-another-mastodon-server`).
    pub path: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub published: bool,
    /// The page content (Markdown) without the header.
    pub body: String,
    /// The whole file as Wiki.js's git storage holds it: header and body.
    pub file_text: String,
    /// The page script (with its `<script>` tags), sent as `scriptJs`.
    pub script_js: Option<String>,
    /// The guide file the page was built from.
    pub source: PathBuf,
}

impl SyncPage {
    /// `locale/path`, the page's key in the state file and in messages.
    pub fn key(&self) -> String {
        format!("{}/{}", self.locale, self.path)
    }

    /// The page's fields as the wiki would hold them.
    pub fn fields(&self) -> PageFields<'_> {
        PageFields {
            title: &self.title,
            description: &self.description,
            published: self.published,
            tags: self.tags.clone(),
            body: &self.body,
            script_js: self.script_js.as_deref().unwrap_or(""),
        }
    }
}

impl From<crate::build::BuiltPage> for SyncPage {
    fn from(b: crate::build::BuiltPage) -> Self {
        SyncPage {
            locale: b.locale,
            path: b.path,
            title: b.title,
            description: b.description,
            tags: b.tags,
            published: b.published,
            body: b.body,
            file_text: b.content,
            script_js: b.script_js,
            source: b.source,
        }
    }
}

/// The fields that make a page what it is on a wiki. Two versions with equal fingerprints
/// render the same; dates and the editor do not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub published: bool,
    pub tags: Vec<String>,
    pub body: &'a str,
    pub script_js: &'a str,
}

/// Tags as Wiki.js stores them: trimmed, lowercased, de-duplicated (and sorted here, as the
/// order does not matter).
pub fn normalize_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tags
        .iter()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Content compared for equality: line breaks as LF, and without the blank lines Wiki.js
/// drops after a header on import or an editor adds at the end.
fn normalize_body(body: &str) -> String {
    body.replace("\r\n", "\n")
        .trim_start_matches('\n')
        .trim_end()
        .to_string()
}

impl PageFields<'_> {
    /// `sha256:<hex>` over the normalised fields.
    pub fn fingerprint(&self) -> String {
        // Serialised straight into the hash (the same bytes as a JSON array of these values),
        // so a large page is not copied again as JSON text.
        let canonical = (
            self.title.trim(),
            self.description.trim(),
            self.published,
            normalize_tags(&self.tags),
            normalize_body(self.body),
            self.script_js.trim(),
        );
        let mut hasher = HashWriter(Sha256::new());
        // Writing into a hash cannot fail, and strings, booleans and lists always serialise.
        let _ = serde_json::to_writer(&mut hasher, &canonical);
        let digest = hasher.0.finalize();
        let mut hex = String::with_capacity(71);
        hex.push_str("sha256:");
        for b in digest {
            hex.push_str(&format!("{b:02x}"));
        }
        hex
    }

    /// The same fields without the page script (git storage cannot carry one).
    pub fn without_script(mut self) -> Self {
        self.script_js = "";
        self
    }

    /// Names of the fields other than the body that differ from `other`.
    pub fn changed_fields(&self, other: &PageFields<'_>) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.title.trim() != other.title.trim() {
            out.push("title");
        }
        if self.description.trim() != other.description.trim() {
            out.push("description");
        }
        if self.published != other.published {
            out.push("published");
        }
        if normalize_tags(&self.tags) != normalize_tags(&other.tags) {
            out.push("tags");
        }
        if self.script_js.trim() != other.script_js.trim() {
            out.push("page script");
        }
        out
    }
}

/// A Wiki.js page file read back: its header fields and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFile {
    pub title: String,
    pub description: String,
    pub published: bool,
    pub tags: Vec<String>,
    pub body: String,
    pub date: Option<String>,
    pub date_created: Option<String>,
    /// The `isPublished` key, the only one Wiki.js's git import reads (it ignores the
    /// `published` it writes itself); `None` when the header has none.
    pub is_published: Option<bool>,
}

impl PageFile {
    pub fn fields(&self) -> PageFields<'_> {
        PageFields {
            title: &self.title,
            description: &self.description,
            published: self.published,
            tags: self.tags.clone(),
            body: &self.body,
            script_js: "",
        }
    }
}

fn yaml_string(v: Option<&serde_norway::Value>) -> Option<String> {
    match v? {
        serde_norway::Value::String(s) => Some(s.clone()),
        serde_norway::Value::Bool(b) => Some(b.to_string()),
        serde_norway::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads a Wiki.js Markdown page file as Wiki.js's import does (`docs/wikijs.md#header-on-import`):
/// a header that does not parse makes the whole file the content; the title falls back to the
/// last path segment; tags are a `, `-separated string. `published` is read from
/// `isPublished` (what the import uses) or else `published` (what Wiki.js writes).
pub fn read_page_file(text: &str, path: &str) -> PageFile {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let fallback_title = path.rsplit('/').next().unwrap_or(path).to_string();
    let parsed = front_matter::parse(text, bom).and_then(|fm| match fm.parsed {
        Ok(serde_norway::Value::Mapping(m)) => Some((fm.range.end, m)),
        Ok(serde_norway::Value::Null) => Some((fm.range.end, Default::default())),
        _ => None,
    });
    let Some((end, map)) = parsed else {
        return PageFile {
            title: fallback_title,
            description: String::new(),
            published: true,
            tags: Vec::new(),
            body: text[bom..].to_string(),
            date: None,
            date_created: None,
            is_published: None,
        };
    };
    let get = |k: &str| yaml_string(map.get(k));
    let flag = |v: &serde_norway::Value| match v {
        serde_norway::Value::Bool(b) => Some(*b),
        serde_norway::Value::String(s) => Some(s.trim() != "false"),
        _ => None,
    };
    let is_published = map.get("isPublished").and_then(flag);
    let published = is_published
        .or_else(|| map.get("published").and_then(flag))
        .unwrap_or(true);
    let tags = get("tags")
        .map(|t| {
            t.split(", ")
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    PageFile {
        title: get("title")
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(fallback_title),
        description: get("description").unwrap_or_default(),
        published,
        tags,
        body: text[end..].trim_start_matches(['\n', '\r']).to_string(),
        date: get("date"),
        date_created: get("dateCreated"),
        is_published,
    }
}

/// `text` (a page file whose header says the page is unpublished) with the `isPublished: false`
/// line Wiki.js's git import needs (it ignores `published`), after the `published:` line, or
/// at the end of the header; unchanged when it has one or is not such a file.
pub fn with_import_flag(text: &str) -> String {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some(fm) = front_matter::parse(text, bom) else {
        return text.to_string();
    };
    if fm.field("isPublished").is_some() || fm.parsed.is_err() {
        return text.to_string();
    }
    let newline = if text[fm.range.clone()].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let at = match fm.field("published") {
        Some(f) => text[f.value_range.end..]
            .find('\n')
            .map_or(fm.yaml_range.end, |i| f.value_range.end + i + 1),
        None => fm.yaml_range.end,
    };
    let at = at.min(fm.yaml_range.end).max(fm.yaml_range.start);
    format!("{}isPublished: false{newline}{}", &text[..at], &text[at..])
}

/// The file Wiki.js's git storage writes for a Markdown page (`injectPageMetadata`): the
/// header lines in Wiki.js's order, then a blank line and the content. Values are unquoted as
/// Wiki.js writes them, except a title or description YAML would misread (`Step 1: export`),
/// quoted as `build` writes it, so the file reads back as the page it stands for.
pub fn page_file_text(fields: &PageFields<'_>, date: &str, date_created: &str) -> String {
    let tags: Vec<String> = fields
        .tags
        .iter()
        .map(|t| t.trim().to_lowercase())
        .collect();
    format!(
        "---\ntitle: {}\ndescription: {}\npublished: {}\ndate: {date}\ntags: {}\neditor: \
         markdown\ndateCreated: {date_created}\n---\n\n{}",
        crate::build::header::yaml_scalar(fields.title),
        crate::build::header::yaml_scalar(fields.description),
        fields.published,
        tags.join(", "),
        fields.body
    )
}

/// Where a locale's page lives in a Wiki.js git-storage repository: `<locale>/<path>.md`, or
/// `<path>.md` for the primary locale unless every locale is namespaced.
pub fn git_file_path(locale: &str, path: &str, primary: &str, always_namespace: bool) -> String {
    if locale == primary && !always_namespace {
        format!("{path}.md")
    } else {
        format!("{locale}/{path}.md")
    }
}

/// Reads a tree of Wiki.js Markdown page files (a git-storage layout, such as `build`'s
/// output) as pages to publish, mapped to pages as Wiki.js's import does: the first folder is
/// the locale when it looks like one, else the primary locale; the path loses its extension
/// and every dot.
pub fn pages_from_tree(
    dir: &Path,
    config: &Config,
    primary: &str,
) -> Result<Vec<SyncPage>, crate::Error> {
    let loader = crate::Loader::new(config);
    let listing = loader.discover(&[dir.to_path_buf()]);
    if let Some(e) = listing.errors.into_iter().next() {
        return Err(crate::Error::File(e));
    }
    let files = listing.files;
    let mut pages = Vec::new();
    for f in files {
        let Ok(rel) = f.path.strip_prefix(dir) else {
            continue;
        };
        let rel = crate::util::slash_path(rel);
        let Some((locale, path, _)) = crate::wikijs::path::page_path_from_git_file(&rel) else {
            continue;
        };
        let locale = locale.unwrap_or_else(|| primary.to_string());
        let text = loader.read_text(&f).map_err(crate::Error::File)?;
        let file = read_page_file(&text, &path);
        let text = if file.published {
            text
        } else {
            with_import_flag(&text)
        };
        pages.push(SyncPage {
            locale,
            path,
            title: file.title,
            description: file.description,
            tags: file.tags,
            published: file.published,
            body: file.body,
            file_text: text,
            script_js: None,
            source: f.path,
        });
    }
    pages.sort_by_key(SyncPage::key);
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIKI_FILE: &str = "---\ntitle: Flyt/Skift Mastodon server\ndescription: En guide\npublished: true\ndate: 2023-01-02T19:58:59.845Z\ntags: mastodon, new to mastodon\neditor: markdown\ndateCreated: 2023-01-02T16:43:22.287Z\n---\n\n# Flyt\n\nTekst.\n";

    #[test]
    fn reads_a_file_as_wikijs_writes_it() {
        let f = read_page_file(WIKI_FILE, "flyt");
        assert_eq!(f.title, "Flyt/Skift Mastodon server");
        assert_eq!(f.description, "En guide");
        assert!(f.published);
        assert_eq!(f.tags, vec!["mastodon", "new to mastodon"]);
        assert_eq!(f.body, "# Flyt\n\nTekst.\n");
        assert_eq!(f.date.as_deref(), Some("2023-01-02T19:58:59.845Z"));
    }

    #[test]
    fn writing_then_reading_round_trips_and_matches_the_wikijs_layout() {
        let f = read_page_file(WIKI_FILE, "flyt");
        let text = page_file_text(
            &f.fields(),
            "2023-01-02T19:58:59.845Z",
            "2023-01-02T16:43:22.287Z",
        );
        assert_eq!(text, WIKI_FILE);
    }

    #[test]
    fn an_unparsable_header_becomes_content() {
        let text = "---\ntitle: a: b: c\n  - x\n---\n\nbody\n";
        let f = read_page_file(text, "dir/page");
        assert_eq!(f.title, "page");
        assert_eq!(f.body, text);
    }

    #[test]
    fn fingerprints_hash_the_json_array_of_the_fields() {
        // State files written before keep matching: the digest is that of the JSON text.
        let a = PageFields {
            title: " T\u{1} ",
            description: "d\"",
            published: false,
            tags: vec!["b".into(), "A".into()],
            body: "text\r\nmore\n",
            script_js: "<script>x</script>",
        };
        let text = serde_json::json!([
            "T\u{1}",
            "d\"",
            false,
            normalize_tags(&a.tags),
            normalize_body(a.body),
            "<script>x</script>",
        ])
        .to_string();
        let digest = Sha256::digest(text.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(a.fingerprint(), format!("sha256:{hex}"));
    }

    #[test]
    fn fingerprints_ignore_what_wikijs_normalises_and_see_the_rest() {
        let a = PageFields {
            title: "T",
            description: "",
            published: true,
            tags: vec!["Mastodon".into(), "b".into()],
            body: "text\n",
            script_js: "<script>x</script>",
        };
        let mut b = a.clone();
        b.tags = vec!["b".into(), "mastodon".into(), "b ".into()];
        b.body = "\n\ntext";
        assert_eq!(a.fingerprint(), b.fingerprint());
        for change in [
            |f: &mut PageFields| f.title = "U",
            |f: &mut PageFields| f.published = false,
            |f: &mut PageFields| f.tags.push("c".into()),
            |f: &mut PageFields| f.body = "text!",
            |f: &mut PageFields| f.script_js = "",
            |f: &mut PageFields| f.description = "d",
        ] {
            let mut c = a.clone();
            change(&mut c);
            assert_ne!(a.fingerprint(), c.fingerprint(), "{c:?}");
            assert!(!a.changed_fields(&c).is_empty() || c.body != a.body);
        }
        assert_eq!(a.fingerprint().len(), 71);
    }

    #[test]
    fn an_unpublished_file_gets_the_flag_the_import_reads() {
        let wikijs = WIKI_FILE.replace("published: true", "published: false");
        let fixed = with_import_flag(&wikijs);
        assert_eq!(
            fixed,
            WIKI_FILE.replace(
                "published: true\n",
                "published: false\nisPublished: false\n"
            )
        );
        assert_eq!(read_page_file(&fixed, "flyt").is_published, Some(false));
        assert_eq!(with_import_flag(&fixed), fixed, "once");
        let crlf = "---\r\ntitle: T\r\npublished: false\r\n---\r\n\r\nx\r\n";
        assert_eq!(
            with_import_flag(crlf),
            "---\r\ntitle: T\r\npublished: false\r\nisPublished: false\r\n---\r\n\r\nx\r\n"
        );
        // No `published` line: at the end of the header.
        assert_eq!(
            with_import_flag("---\ntitle: T\n---\nx\n"),
            "---\ntitle: T\nisPublished: false\n---\nx\n"
        );
        assert_eq!(with_import_flag("no header"), "no header");
    }

    #[test]
    fn git_layout() {
        assert_eq!(git_file_path("en", "a/b", "en", false), "a/b.md");
        assert_eq!(git_file_path("en", "a/b", "en", true), "en/a/b.md");
        assert_eq!(git_file_path("da", "a", "en", false), "da/a.md");
    }
}
