//! GL203 file-style-page-link: a link on a Wiki.js page that names a page's file (`tips.md`,
//! `../x`): Wiki.js treats any href with a dot as an asset link and never resolves it.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};
use crate::workspace::{Target, WorkspaceContext};
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::FileStylePageLink,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::Workspace(check),
};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    for page in ctx.pages {
        if !sink.wants_on(Rule::FileStylePageLink, page) {
            continue;
        }
        for link in &page.links {
            let Target::Page {
                key,
                written_as_file: true,
                ..
            } = &link.target
            else {
                continue;
            };
            // One link, one finding: a file link to a page missing from the tree is GL202's
            // (whose help says how Wiki.js reads file paths too).
            if page.key.is_some() && !ctx.in_tree(key) && sink.wants_on(Rule::BrokenPageLink, page)
            {
                continue;
            }
            let written = link.url.split(['#', '?']).next().unwrap_or(&link.url);
            let advice = match page.key {
                Some(_) => format!("link to the page as `{key}`"),
                None => "link to the page by its wiki path, `/<locale>/<path>`".to_string(),
            };
            let mut f = sink
                .finding_on(
                    Rule::FileStylePageLink,
                    page,
                    link.url_range.clone(),
                    format!("page link `{written}` is written as a file path"),
                )
                .with_label("Wiki.js treats this as an asset link")
                .with_help(format!(
                    "Wiki.js reads any link containing a `.` as a file to download and never \
                     turns it into a page link; {advice}"
                ));
            // The exact replacement is known when the page exists and the url is written as
            // parsed (no escapes or entities).
            let exact = link.url_written_as_parsed();
            if page.key.is_some() && ctx.exists(key) && exact {
                let frag = link
                    .url
                    .find('#')
                    .map(|i| &link.url[i..])
                    .unwrap_or_default();
                f = f.with_fix(
                    Applicability::Safe,
                    format!("link to `{key}`"),
                    vec![Edit::replace(
                        link.url_range.clone(),
                        format!("{key}{frag}"),
                    )],
                );
            }
            sink.push_for_link(f, link);
        }
    }
}
