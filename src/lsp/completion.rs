//! Completion: component identities and attribute names (plain or `data-*`, as the page's
//! dialect writes them), page paths inside links, and the heading anchors (and content tabs'
//! ids) of the target page.

use std::path::Path;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    TextEdit,
};

use super::Server;
use super::store::Doc;
use crate::document::{Dialect, Document};
use crate::rules::component::{LINK_ATTRS, RUNTIME_TAGS, SPAN_ATTRS};
use crate::workspace::{self, Target};

/// How far back the context of the cursor is looked for.
const LOOK_BACK: usize = 4096;

pub fn completion(server: &mut Server, params: CompletionParams) -> Option<CompletionResponse> {
    let pp = params.text_document_position;
    let path = super::store::uri_path(&pp.text_document.uri)?;
    let d = server.docs().get(&path)?.clone();
    let offset = d.offset(pp.position);
    let start =
        crate::document::line_index::floor_char_boundary(&d.text, offset.saturating_sub(LOOK_BACK));
    let before = &d.text[start..offset];
    let file = server.page_file(&path);
    // The page's project's configuration (a project below the workspace's own: its own).
    let (dialect, identities) = {
        let config = server.config_of(&path)?;
        let dialect = file
            .rel
            .as_deref()
            .and_then(|r| config.dialect_for(r))
            .unwrap_or(Dialect::Mkdocs);
        (dialect, config.file.components.identities.clone())
    };
    let items = match context(before) {
        Context::AttrName { tag, typed } => attr_names(&tag, dialect, &d, offset, typed),
        Context::AttrValue { tag, attr, typed } => {
            let bare = attr.strip_prefix("data-").unwrap_or(&attr);
            match bare {
                "identity" => replace_all(
                    &d,
                    offset,
                    typed,
                    identities.iter().map(|i| {
                        (
                            i.clone(),
                            "identity".to_string(),
                            CompletionItemKind::ENUM_MEMBER,
                        )
                    }),
                ),
                "tag" if tag == "span" => replace_all(
                    &d,
                    offset,
                    typed,
                    RUNTIME_TAGS.iter().map(|t| {
                        (
                            t.to_string(),
                            "element".to_string(),
                            CompletionItemKind::ENUM_MEMBER,
                        )
                    }),
                ),
                "href" if tag == "a" => link_items(server, &path, &d, offset, typed, dialect),
                _ => Vec::new(),
            }
        }
        Context::LinkTarget { typed } => link_items(server, &path, &d, offset, typed, dialect),
        Context::None => Vec::new(),
    };
    Some(CompletionResponse::Array(items))
}

#[derive(Debug, PartialEq, Eq)]
enum Context {
    /// In an HTML start tag, where an attribute name goes; `typed` bytes of it are written.
    AttrName {
        tag: String,
        typed: usize,
    },
    /// In a quoted attribute value.
    AttrValue {
        tag: String,
        attr: String,
        typed: usize,
    },
    /// In a Markdown link's destination (`](...`).
    LinkTarget {
        typed: usize,
    },
    None,
}

fn context(before: &str) -> Context {
    // An open HTML start tag.
    if let Some(lt) = before.rfind('<')
        && !before[lt..].contains('>')
    {
        let inside = &before[lt + 1..];
        let name_len = inside
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(inside.len());
        let tag = inside[..name_len].to_ascii_lowercase();
        let rest = &inside[name_len..];
        if !tag.is_empty() && rest.starts_with(char::is_whitespace) {
            return attr_context(tag, rest);
        }
        return Context::None;
    }
    // A Markdown link destination on this line.
    let line = &before[before.rfind(['\n', '\r']).map_or(0, |i| i + 1)..];
    if let Some(open) = line.rfind("](") {
        let typed = &line[open + 2..];
        if !typed.contains([')', ' ', '\t']) {
            return Context::LinkTarget { typed: typed.len() };
        }
    }
    Context::None
}

/// Where the cursor is among a start tag's attributes (`rest` follows the tag name).
fn attr_context(tag: String, rest: &str) -> Context {
    let b = rest.as_bytes();
    let mut i = 0;
    let mut last_name = String::new();
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_whitespace() => i += 1,
            b'=' => {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let vstart = i + 1;
                    match b[vstart..].iter().position(|&c| c == q) {
                        Some(len) => i = vstart + len + 1,
                        None => {
                            return Context::AttrValue {
                                tag,
                                attr: last_name,
                                typed: b.len() - vstart,
                            };
                        }
                    }
                } else {
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
            }
            _ => {
                let s = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' {
                    i += 1;
                }
                last_name = String::from_utf8_lossy(&b[s..i]).to_ascii_lowercase();
                if i == b.len() {
                    return Context::AttrName { tag, typed: i - s };
                }
            }
        }
    }
    Context::AttrName { tag, typed: 0 }
}

fn edit_range(d: &Doc, offset: usize, typed: usize) -> lsp_types::Range {
    d.range(&(offset.saturating_sub(typed)..offset))
}

fn replace_all(
    d: &Doc,
    offset: usize,
    typed: usize,
    items: impl Iterator<Item = (String, String, CompletionItemKind)>,
) -> Vec<CompletionItem> {
    let range = edit_range(d, offset, typed);
    items
        .map(|(label, detail, kind)| CompletionItem {
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: label.clone(),
            })),
            label,
            detail: Some(detail),
            kind: Some(kind),
            ..CompletionItem::default()
        })
        .collect()
}

fn attr_names(
    tag: &str,
    dialect: Dialect,
    d: &Doc,
    offset: usize,
    typed: usize,
) -> Vec<CompletionItem> {
    let names: &[&str] = match tag {
        "a" => LINK_ATTRS,
        "span" => SPAN_ATTRS,
        _ => &["identity"],
    };
    let prefix = if dialect == Dialect::Wikijs {
        "data-"
    } else {
        ""
    };
    let range = edit_range(d, offset, typed);
    names
        .iter()
        .map(|n| {
            let name = format!("{prefix}{n}");
            CompletionItem {
                label: name.clone(),
                kind: Some(CompletionItemKind::PROPERTY),
                detail: Some(format!("component attribute ({})", dialect.as_str())),
                filter_text: Some(name.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: format!("{name}=\"\""),
                })),
                ..CompletionItem::default()
            }
        })
        .collect()
}

/// Page paths, or, after a `#`, the target page's heading anchors and content tabs' ids.
fn link_items(
    server: &Server,
    path: &Path,
    d: &Doc,
    offset: usize,
    typed: usize,
    dialect: Dialect,
) -> Vec<CompletionItem> {
    let value = &d.text[offset - typed..offset];
    if let Some(hash) = value.find('#') {
        let page = &value[..hash];
        let frag_typed = value.len() - hash - 1;
        let target_doc = if page.is_empty() {
            server.parse_page(path).map(|(doc, _)| doc)
        } else {
            target_of(server, path, page, dialect)
        };
        let Some(td) = target_doc else {
            return Vec::new();
        };
        let range = edit_range(d, offset, frag_typed);
        // The content tabs' ids follow the headings'.
        let tabs = workspace::tab_anchors_of(&td, server.config())
            .into_iter()
            .map(|a| CompletionItem {
                label: a.id.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(format!(
                    "content tab \"{}\"",
                    a.text.as_deref().unwrap_or_default()
                )),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: a.id,
                })),
                ..CompletionItem::default()
            });
        return td
            .headings
            .iter()
            .map(|h| CompletionItem {
                label: h.id.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(format!(
                    "{} {}",
                    "#".repeat(h.level.clamp(1, 6) as usize),
                    h.text
                )),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: h.id.clone(),
                })),
                ..CompletionItem::default()
            })
            .chain(tabs)
            .collect();
    }
    let here = server.page_file(path);
    let range = edit_range(d, offset, typed);
    server
        .all_pages()
        .into_iter()
        .filter(|(_, abs)| abs != path)
        // Links stay within the page's locale. Where the language is written before the
        // extension, a page links the default language's files (`setup.md`), which the plugin
        // serves in the page's language.
        .filter(|(rel, _)| {
            let layout = crate::discover::Layout::of(server.config());
            let wanted = match layout {
                crate::discover::Layout::Suffixes(i18n) => Some(i18n.default.as_str()),
                crate::discover::Layout::Folders(_) => here.locale.as_deref(),
            };
            wanted.is_none_or(|l| {
                layout.split(rel).is_some_and(|(locale, rest)| {
                    locale == l && matches!(rest, std::borrow::Cow::Borrowed(_))
                })
            })
        })
        .filter_map(|(rel, abs)| {
            let text = match dialect {
                Dialect::Mkdocs => relative(here.rel.as_deref()?, &rel)?,
                Dialect::Wikijs => {
                    workspace::file_page_key(&rel, server.config(), Dialect::Wikijs)?.wiki_href()
                }
            };
            let title = server
                .parse_page(&abs)
                .and_then(|(doc, _)| super::hover::page_title(&doc));
            Some(CompletionItem {
                label: text.clone(),
                kind: Some(CompletionItemKind::FILE),
                detail: title,
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: text,
                })),
                ..CompletionItem::default()
            })
        })
        .collect()
}

/// The page a link written as `url` from `path` points to, resolved as the page's dialect does.
fn target_of(server: &Server, path: &Path, url: &str, dialect: Dialect) -> Option<Document> {
    let probe = Document::parse(path.to_path_buf(), format!("[x]({url})\n"), Some(dialect));
    let file = server.page_file(path);
    let link = workspace::link_refs(&probe, &file, server.config())
        .into_iter()
        .next()?;
    if !matches!(link.target, Target::Page { .. }) {
        return None;
    }
    let r = super::hover::resolve(server, path, &probe, &link.target)?;
    r.doc
}

/// `to` relative to the folder of `from` (both relative to the guides root).
fn relative(from: &Path, to: &Path) -> Option<String> {
    Some(crate::util::relative_path(from.parent()?, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_context_is_read_from_the_text_before_it() {
        assert_eq!(
            context("text <a ident"),
            Context::AttrName {
                tag: "a".into(),
                typed: 5
            }
        );
        assert_eq!(
            context("<span data-identity=\"ol"),
            Context::AttrValue {
                tag: "span".into(),
                attr: "data-identity".into(),
                typed: 2
            }
        );
        assert_eq!(
            context("<a identity=\"old\" "),
            Context::AttrName {
                tag: "a".into(),
                typed: 0
            }
        );
        assert_eq!(
            context("see [tips](../en/ti"),
            Context::LinkTarget { typed: 8 }
        );
        assert_eq!(context("see [tips](x) and"), Context::None);
        // A lone `\r` ends the line as `\n` does: the `](` above is another line's.
        assert_eq!(context("see [tips](../en\rnext"), Context::None);
        assert_eq!(context("see [tips](../en\nnext"), Context::None);
        assert_eq!(context("<a href=\"x\">text"), Context::None);
    }

    #[test]
    fn relative_paths_between_pages() {
        assert_eq!(
            relative(Path::new("en/a.md"), Path::new("en/b.md")).as_deref(),
            Some("b.md")
        );
        assert_eq!(
            relative(Path::new("en/x/a.md"), Path::new("en/b.md")).as_deref(),
            Some("../b.md")
        );
    }
}
