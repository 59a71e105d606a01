//! GL108 absolute-component-path: a `path` with a scheme, a host or whitespace.

use super::component::{ComponentKind, attr_span};
use super::{ComponentCheck, Rule, Sink};
use crate::finding::{Applicability, Edit};

/// `https://host/x`, `//host/x`, `mailto:x`: anything with a scheme or an authority.
pub(crate) fn is_absolute_url(s: &str) -> bool {
    s.starts_with("//")
        || s.find(':').is_some_and(|i| {
            i > 0
                && s[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && s[..i].starts_with(|c: char| c.is_ascii_alphabetic())
        })
}

/// The path part of an absolute URL (`https://host/a?b` -> `/a?b`).
fn strip_host(s: &str) -> Option<String> {
    let url = if s.starts_with("//") {
        url::Url::parse(&format!("https:{s}")).ok()?
    } else {
        url::Url::parse(s).ok()?
    };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let mut out = url.path().to_string();
    if let Some(q) = url.query() {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = url.fragment() {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

pub(crate) fn check((_, components): ComponentCheck<'_, '_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::AbsoluteComponentPath) {
        return;
    }
    for c in components.iter().filter(|c| c.kind == ComponentKind::Link) {
        let Some(path) = c.attr("path") else { continue };
        let value = path.value.as_str();
        let range = attr_span(path);
        let f = if is_absolute_url(value.trim()) {
            let mut f = sink
                .finding(
                    Rule::AbsoluteComponentPath,
                    range,
                    format!("component path `{value}` includes a scheme or host"),
                )
                .with_label("the script adds the reader's server: the host is doubled");
            match (strip_host(value.trim()), &path.value_range) {
                (Some(p), Some(r)) if !p.is_empty() && !path.value.contains('&') => {
                    f = f.with_help(format!("keep only the path: `{p}`")).with_fix(
                        Applicability::Safe,
                        "drop the scheme and host",
                        vec![Edit::replace(r.clone(), p)],
                    );
                }
                _ => f = f.with_help("keep only the path on the server, starting with `/`"),
            }
            f
        } else if value.chars().any(char::is_whitespace) {
            let trimmed = value.trim();
            let mut f = sink
                .finding(
                    Rule::AbsoluteComponentPath,
                    range,
                    "component path contains whitespace",
                )
                .with_label("the link breaks at the space");
            if !trimmed.chars().any(char::is_whitespace) && !trimmed.is_empty() {
                if let Some(r) = &path.value_range
                    && !path.value.contains('&')
                {
                    f = f.with_fix(
                        Applicability::Safe,
                        "trim the whitespace",
                        vec![Edit::replace(r.clone(), trimmed)],
                    );
                }
                f = f.with_help(format!("write `{trimmed}`"));
            } else {
                f = f.with_help("encode spaces as `%20` or remove them");
            }
            f
        } else {
            continue;
        };
        sink.push(f);
    }
}
