//! Go to definition (a page link or anchor to the target file and heading; a translated unit or
//! section to its source) and document links (page links and assets).

use lsp_types::{
    DocumentLink, DocumentLinkParams, GotoDefinitionParams, GotoDefinitionResponse, Location,
};

use super::Server;
use super::hover::{align, resolve};
use super::store::{Lines, path_uri};
use crate::workspace::{self, Target};

pub fn definition(
    server: &mut Server,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let pp = params.text_document_position_params;
    let path = super::store::uri_path(&pp.text_document.uri)?;
    let offset = server.docs().get(&path)?.offset(pp.position);
    let (doc, file) = server.parse_page(&path)?;
    // A link or anchor under the cursor.
    if let Some(link) = workspace::link_refs(&doc, &file, server.config())
        .into_iter()
        .find(|l| l.url_range.start <= offset && offset <= l.url_range.end)
    {
        let r = resolve(server, &path, &doc, &link.target)?;
        let target = r.path?;
        let range = match (r.heading, &r.doc) {
            (Some(h), Some(d)) => Lines::new(&d.text).range(&d.text, &d.headings[h].range),
            _ => lsp_types::Range::default(),
        };
        return Some(GotoDefinitionResponse::Scalar(Location {
            uri: path_uri(&target)?,
            range,
        }));
    }
    // A translated unit or section: its source.
    let a = align(server, &doc)?;
    let lines = Lines::new(&a.source_doc.text);
    let unit = a
        .target_unit_at(offset)
        .and_then(|j| a.alignment.units.get(j).copied().flatten());
    let range = match unit {
        Some(i) => a.source_units.units[i].range.clone(),
        None => {
            let s = a.target_units.sections.iter().position(|s| {
                s.range.start <= offset && offset < s.range.end.max(s.range.start + 1)
            })?;
            let i = a.alignment.sections.get(s).copied().flatten()?;
            let sec = &a.source_units.sections[i];
            match sec.heading {
                Some(h) => a.source_units.units[h].range.clone(),
                None => sec.range.start..sec.range.start,
            }
        }
    };
    Some(GotoDefinitionResponse::Scalar(Location {
        uri: path_uri(&a.source_path)?,
        range: lines.range(&a.source_doc.text, &range),
    }))
}

pub fn document_links(
    server: &mut Server,
    params: DocumentLinkParams,
) -> Option<Vec<DocumentLink>> {
    let path = super::store::uri_path(&params.text_document.uri)?;
    let (doc, file) = server.parse_page(&path)?;
    let d = server.docs().get(&path)?;
    let mut out = Vec::new();
    for link in workspace::link_refs(&doc, &file, server.config()) {
        if matches!(link.target, Target::External | Target::SamePage { .. }) {
            continue;
        }
        let Some(r) = resolve(server, &path, &doc, &link.target) else {
            continue;
        };
        let Some(target) = r.path.as_deref().and_then(path_uri) else {
            continue;
        };
        // Editors that follow `#L<line>` open the target at its heading.
        let target = match (r.heading, &r.doc) {
            (Some(h), Some(td)) => {
                let line = td.line_col(td.headings[h].range.start).line;
                format!("{}#L{line}", target.as_str()).parse().ok()
            }
            _ => Some(target),
        };
        let tooltip = r
            .doc
            .as_ref()
            .and_then(super::hover::page_title)
            .or_else(|| (!r.description.is_empty()).then(|| r.description.clone()));
        out.push(DocumentLink {
            range: d.range(&link.url_range),
            target,
            tooltip,
            data: None,
        });
    }
    Some(out)
}
