//! GL206 wrong-locale-link: a page links to another locale's page while its own locale has the
//! same page.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};
use crate::workspace::{PageKey, Target, WorkspaceContext};

pub const RULE: RuleDef = RuleDef {
    id: Rule::WrongLocaleLink,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Workspace(check),
};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    for page in ctx.pages {
        if !sink.wants_on(Rule::WrongLocaleLink, page) {
            continue;
        }
        let Some(own) = page.key.as_ref() else {
            continue;
        };
        for link in &page.links {
            let Target::Page {
                key,
                fragment,
                file,
                ..
            } = &link.target
            else {
                continue;
            };
            if key.locale == own.locale || !ctx.exists(key) {
                continue;
            }
            let mine = PageKey {
                locale: own.locale.clone(),
                path: key.path.clone(),
            };
            if !ctx.exists(&mine) {
                continue;
            }
            let mut f = sink
                .finding_on(
                    Rule::WrongLocaleLink,
                    page,
                    link.url_range.clone(),
                    format!("link goes to `{key}` although `{mine}` exists"),
                )
                .with_help(format!("link to `{mine}` instead"));
            if let Some(new_url) = rewritten(&link.url, key, &mine, file.is_some())
                && link.url_written_as_parsed()
            {
                // The fragment may name a heading that is spelled differently in the other
                // language: only safe when the target page has that id.
                let frag_ok = match fragment {
                    None => true,
                    Some(fr) => ctx
                        .page(&mine)
                        .is_some_and(|p| p.anchor(fr).is_some_and(|a| a.removed.is_none())),
                };
                let applicability = if frag_ok {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                };
                f = f.with_fix(
                    applicability,
                    format!("link to `{mine}`"),
                    vec![Edit::replace(link.url_range.clone(), new_url)],
                );
            }
            sink.push_for_link(f, link);
        }
    }
}

/// The url with its locale segment replaced: `/en/x#y` -> `/da/x#y`, `../en/x.md` ->
/// `../da/x.md`. `None` when the locale is not written as a path segment.
fn rewritten(url: &str, from: &PageKey, to: &PageKey, as_file: bool) -> Option<String> {
    let needle = format!("{}/", from.locale);
    let idx = if as_file {
        url.match_indices(&needle)
            .find(|(i, _)| *i == 0 || url.as_bytes()[i - 1] == b'/')
            .map(|(i, _)| i)?
    } else {
        if !url.starts_with(&format!("/{needle}")) {
            return None;
        }
        1
    };
    Some(format!(
        "{}{}/{}",
        &url[..idx],
        to.locale,
        &url[idx + needle.len()..]
    ))
}
