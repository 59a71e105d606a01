//! Hover: on a translated unit, the aligned source text (and, under GL407, the source before
//! and after the change); on a page link or anchor, the target's title or heading; on a
//! component, what it becomes for an example pair of servers.

use std::path::{Path, PathBuf};

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::Server;
use crate::document::Document;
use crate::rule::Rule;
use crate::rules::component::{self, ComponentKind};
use crate::translation::{PageUnits, language_name};
use crate::workspace::{self, Target};

pub fn hover(server: &mut Server, params: HoverParams) -> Option<Hover> {
    let pp = params.text_document_position_params;
    let path = super::store::uri_path(&pp.text_document.uri)?;
    let findings = server.findings(&path);
    let d = server.docs().get(&path)?;
    let offset = d.offset(pp.position);
    let (doc, file) = server.parse_page(&path)?;
    let (markdown, range) = component_hover(server, &doc, offset)
        .or_else(|| link_hover(server, &doc, &file, offset))
        .or_else(|| unit_hover(server, &doc, &findings, offset))?;
    let d = server.docs().get(&path)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(d.range(&range)),
    })
}

/// Example servers for the configured identities (`old` -> `old-server.example`).
pub fn example_server(identity: &str) -> String {
    format!("{identity}-server.example")
}

fn component_hover(
    server: &Server,
    doc: &Document,
    offset: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    let config = &server.config().file.components;
    let c = component::components(doc, config)
        .into_iter()
        .find(|c| c.tag.range.start <= offset && offset < c.tag.range.end)?;
    let identity = c.identity.value.as_str();
    let known = config.identities.iter().any(|i| i == identity);
    let pair: Vec<String> = config
        .identities
        .iter()
        .map(|i| format!("{i} = `{}`", example_server(i)))
        .collect();
    let server_name = example_server(identity);
    let attr = |n: &str| c.attr(n).map(|a| a.value.clone());
    let mut md = String::new();
    match c.kind {
        ComponentKind::Link => {
            let path = attr("path").unwrap_or_default();
            let slash = if path.starts_with('/') { "" } else { "/" };
            md.push_str(&format!(
                "**Component** `<a identity=\"{identity}\">`: a link to the reader's *{identity}* server.\n\n\
                 With {}:\n\n`href=\"https://{server_name}{slash}{path}\"`\n\n\
                 Before the reader enters a server, the link keeps its `href` (`{}`).",
                pair.join(", "),
                c.tag.attr("href").map_or("#", |a| a.value.as_str())
            ));
        }
        ComponentKind::Span => {
            let tag = attr("tag")
                .filter(|t| component::RUNTIME_TAGS.contains(&t.as_str()))
                .unwrap_or_else(|| "code".into());
            let prefix = attr("prefix").unwrap_or_default();
            let suffix = attr("suffix").unwrap_or_default();
            let default = attr("default")
                .or_else(|| attr("default-value"))
                .unwrap_or_default();
            md.push_str(&format!(
                "**Component** `<span identity=\"{identity}\">`: the reader's *{identity}* server, as text.\n\n\
                 With {}:\n\n`<{tag}>{prefix}{server_name}{suffix}</{tag}>`\n\n\
                 Before the reader enters a server: `<{tag}>{prefix}{default}{suffix}</{tag}>`",
                pair.join(", ")
            ));
        }
        ComponentKind::Other => {
            md.push_str(&format!(
                "**`identity=\"{identity}\"`** on `<{}>`: the page script ignores this element \
                 (only `<a>` and `<span>` are components).",
                c.tag.name
            ));
        }
    }
    if !known {
        md.push_str(&format!(
            "\n\n`{identity}` is not one of the configured identities ({}).",
            config.identities.join(", ")
        ));
    }
    Some((md, c.tag.range.clone()))
}

/// A page's title: the header's `title`, else its first heading.
pub fn page_title(doc: &Document) -> Option<String> {
    doc.front_matter
        .as_ref()
        .and_then(|fm| fm.field("title"))
        .map(|f| f.value.trim_matches(['"', '\'']).to_string())
        .filter(|t| !t.is_empty())
        .or_else(|| doc.headings.first().map(|h| h.text.clone()))
}

/// Where a link points: the target file, and the heading (index into its headings) for a
/// fragment.
pub struct Resolved {
    pub path: Option<PathBuf>,
    pub doc: Option<Document>,
    pub heading: Option<usize>,
    pub fragment: Option<String>,
    pub description: String,
}

/// Resolves a link's target to a file and heading.
pub fn resolve(server: &Server, here: &Path, doc: &Document, target: &Target) -> Option<Resolved> {
    let (path, fragment, description) = match target {
        Target::SamePage { fragment } => (
            Some(here.to_path_buf()),
            Some(fragment.clone()),
            String::new(),
        ),
        Target::Page {
            key,
            fragment,
            file,
            ..
        } => {
            let path = file
                .as_ref()
                .map(|f| server.config().guides_root().join(f))
                .filter(|p| p.is_file() || server.docs().get(p).is_some())
                .or_else(|| server.file_of(key));
            let description = if path.is_none() && server.config().is_known_page(&key.wiki_href()) {
                format!("`{key}`: a page maintained on the wiki (`known-pages`)")
            } else if path.is_none() {
                format!("`{key}`: no such page in the guides")
            } else {
                String::new()
            };
            (path, fragment.clone(), description)
        }
        Target::Asset { served } => {
            let file = server.config().assets_root().map(|r| r.join(served));
            let exists = file.as_ref().is_some_and(|f| f.is_file());
            let description = format!(
                "asset `/{served}`{}",
                if exists {
                    ""
                } else {
                    " (not found in the assets folder)"
                }
            );
            (file.filter(|f| f.is_file()), None, description)
        }
        Target::RawMarkdownLink { path } => (
            None,
            None,
            format!(
                "`{path}`: a raw HTML link, which MkDocs leaves as written: no such file on the site"
            ),
        ),
        Target::OutsideDocs { path } => (
            None,
            None,
            format!("`{path}`: outside `docs_dir`, so not on the MkDocs site"),
        ),
        Target::NotOnSite { file, draft } => (
            None,
            None,
            if *draft {
                format!("`{file}`: a draft (`draft_docs`), which `mkdocs build` leaves out")
            } else {
                format!("`{file}`: excluded from the MkDocs site (`exclude_docs`)")
            },
        ),
        Target::Address { host } => (
            None,
            None,
            format!("a path of this site, not the site `{host}`: the address has no `https://`"),
        ),
        Target::External => return None,
    };
    let target_doc = match &path {
        Some(p) if p == here => Some(doc.clone()),
        Some(p) if p.extension().is_some_and(|e| e == "md") => server.parse_page(p).map(|(d, _)| d),
        _ => None,
    };
    let heading = match (&target_doc, &fragment) {
        (Some(d), Some(f)) if !f.is_empty() => d.headings.iter().position(|h| h.id == *f),
        _ => None,
    };
    Some(Resolved {
        path,
        doc: target_doc,
        heading,
        fragment: fragment.filter(|f| !f.is_empty()),
        description,
    })
}

fn link_hover(
    server: &Server,
    doc: &Document,
    file: &crate::discover::PageFile,
    offset: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    let link = workspace::link_refs(doc, file, server.config())
        .into_iter()
        .find(|l| l.url_range.start <= offset && offset <= l.url_range.end)?;
    let r = resolve(server, &doc.path, doc, &link.target)?;
    let mut md = String::new();
    if let Some(t) = r.doc.as_ref().and_then(page_title) {
        let rel = r
            .path
            .as_deref()
            .map(|p| server.page_file(p).rel.unwrap_or_else(|| p.to_path_buf()))
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        md.push_str(&format!("**{t}**  \n`{rel}`"));
    } else if !r.description.is_empty() {
        md.push_str(&r.description);
    }
    if let Some(f) = &r.fragment {
        match (r.heading, &r.doc) {
            (Some(h), Some(d)) => {
                let h = &d.headings[h];
                md.push_str(&format!(
                    "\n\n{} {}",
                    "#".repeat(h.level.clamp(1, 6) as usize),
                    h.text
                ));
            }
            (None, Some(_)) => md.push_str(&format!("\n\n`#{f}`: no heading with this id")),
            _ => {}
        }
    }
    (!md.is_empty()).then(|| (md, link.url_range.clone()))
}

/// The aligned source unit of a translated unit, for hover and definition: the source page's
/// path and parse, its units, and the index of the aligned unit (or section).
pub struct Aligned {
    pub source_path: PathBuf,
    pub source_doc: Document,
    pub source_units: PageUnits,
    pub target_units: PageUnits,
    pub alignment: crate::translation::align::Alignment,
    pub source_locale: String,
}

impl Aligned {
    /// The index of the innermost translated unit at `offset` (attributes and alt texts sit
    /// inside paragraphs).
    pub fn target_unit_at(&self, offset: usize) -> Option<usize> {
        self.target_units
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.range.start <= offset && offset <= u.range.end)
            .min_by_key(|(_, u)| u.range.len())
            .map(|(j, _)| j)
    }
}

/// Aligns a translated page with its source page (the buffers when open).
pub fn align(server: &Server, doc: &Document) -> Option<Aligned> {
    let file = server.page_file(&doc.path);
    let locale = file.locale.as_deref()?;
    let config = server.config();
    if !config.file.target_locales.iter().any(|l| l == locale) {
        return None;
    }
    let source_locale = config.file.source_locale.clone();
    let source_path = server.counterpart(&doc.path, &source_locale)?;
    let (source_doc, _) = server.parse_page(&source_path)?;
    let source_rel = server.page_file(&source_path).rel;
    let source_units = crate::translation::page_units(&source_doc, source_rel.as_deref(), config);
    let target_units = crate::translation::page_units(doc, file.rel.as_deref(), config);
    let alignment = crate::translation::align::align(&source_units, &target_units);
    Some(Aligned {
        source_path,
        source_doc,
        source_units,
        target_units,
        alignment,
        source_locale,
    })
}

fn unit_hover(
    server: &Server,
    doc: &Document,
    findings: &[crate::Finding],
    offset: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    let a = align(server, doc)?;
    let lang = language_name(&a.source_locale);
    let j = a.target_unit_at(offset)?;
    let unit = &a.target_units.units[j];
    let rel = server
        .page_file(&a.source_path)
        .rel
        .unwrap_or_else(|| a.source_path.clone());
    let mut md = match a.alignment.units.get(j).copied().flatten() {
        Some(i) => {
            let su = &a.source_units.units[i];
            // A unit from text the source page includes (pymdownx.snippets) sits on the line
            // that includes it: its own text is shown, not that line.
            let written = a
                .source_doc
                .text
                .get(su.range.clone())
                .filter(|w| a.source_units.included.is_none() || !w.contains("8<-"));
            format!(
                "**{lang}** ({} {}:{}):\n\n{}",
                su.kind.describe(),
                rel.display(),
                su.line,
                quote(written.unwrap_or(&su.text))
            )
        }
        None => format!(
            "No {lang} {} is aligned with this one in `{}`.",
            unit.kind.describe(),
            rel.display()
        ),
    };
    for f in findings.iter().filter(|f| {
        f.rule == Rule::OutdatedTranslation && f.range.start <= offset && offset <= f.range.end
    }) {
        md.push_str(&format!("\n\n---\n**GL407** {}\n\n", f.message));
        if let Some(help) = &f.help {
            for line in help.lines() {
                md.push_str(&format!("{}  \n", line.trim_end()));
            }
        }
    }
    Some((md, unit.range.clone()))
}

/// Text as a Markdown block quote.
fn quote(s: &str) -> String {
    s.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
