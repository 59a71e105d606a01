//! A web address written without its scheme (`[Sphinx](sphinx-doc.org/)`): Markdown keeps it
//! a relative URL, and the browser reads it as a path on the site (`/guide/sphinx-doc.org/`),
//! which is not there. A link whose URL is one ([`schemeless_host`](crate::util::schemeless_host)) has the target
//! [`Target::Address`](crate::workspace::Target::Address), and GL202 reports it with the
//! address as its fix.

use crate::finding::{Applicability, Edit, Finding};
use crate::rules::{Rule, Sink};
use crate::workspace::{LinkRef, PageSummary};

/// The finding for `link`, a web address written without its scheme (to `host`). Its fix
/// (unsafe: the name may be meant as a path of the site) writes `https://` before the address,
/// when the link's range holds the URL as written.
pub(crate) fn finding(
    sink: &Sink<'_>,
    rule: Rule,
    page: &PageSummary,
    link: &LinkRef,
    host: &str,
) -> Finding {
    let address = format!("https://{}", link.url);
    let f = sink
        .finding_on(
            rule,
            page,
            link.url_range.clone(),
            format!(
                "`{}` is a web address without `https://`{}: the browser reads it as a path on \
                 this site",
                link.url,
                link.where_written()
            ),
        )
        .with_label(format!("not the site `{host}`"))
        .with_help(format!("write the whole address: `{address}`"));
    if link.url_written_as_parsed() && link.included.is_none() {
        f.with_fix(
            Applicability::Unsafe,
            format!("link to `{address}`"),
            vec![Edit::insert(link.url_range.start, "https://")],
        )
    } else {
        f
    }
}
