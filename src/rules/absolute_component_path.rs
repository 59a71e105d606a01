//! GL108 absolute-component-path: a `path` with a scheme, a host or whitespace.

use super::component::{
    ComponentKind, attr_span, straight_quotes_edit, typographic_inner, visible,
};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::AbsoluteComponentPath,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

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

/// `mastodon.social/settings`: a path that starts with a host name but no scheme. Returns the
/// length of the host part (up to the `/`). A single dotted segment without a `/` after it
/// (`follows.csv`) is a file name, not a host.
pub(crate) fn host_prefix(s: &str) -> Option<usize> {
    let slash = s.find('/')?;
    let host = s[..slash].rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    // A host has two labels or more: most paths (`/settings/export`) have no dot before their
    // first `/`, and are answered before the labels are collected.
    if !host.contains('.') {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels.last()?;
    let is_host = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
        && !FILE_EXTENSIONS.contains(&tld.to_ascii_lowercase().as_str());
    is_host.then_some(slash)
}

/// Dotted first segments that are files or folders, not hosts (`export.csv/x` is odd but not a
/// host).
const FILE_EXTENSIONS: &[&str] = &[
    "csv", "json", "html", "htm", "md", "txt", "png", "jpg", "jpeg", "gif", "svg", "zip", "php",
    "xml", "js", "css", "pdf",
];

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

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    for c in components.iter().filter(|c| c.kind == ComponentKind::Link) {
        let Some(path) = c.attr("path") else { continue };
        let value = path.value.as_str();
        let range = attr_span(path);
        let f = if let Some(inner) = typographic_inner(value) {
            let mut f = sink
                .finding(
                    Rule::AbsoluteComponentPath,
                    range,
                    format!("component path `{value}` is wrapped in typographic quotes"),
                )
                .with_label("the quotes become part of the link")
                .with_help(format!("write `path=\"{inner}\"` with straight quotes"));
            if let Some(edit) = straight_quotes_edit(path, inner) {
                f = f.with_fix(Applicability::Safe, "use straight quotes", vec![edit]);
            }
            f
        } else if is_absolute_url(value.trim()) {
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
        } else if let Some(host_len) = host_prefix(value.trim()) {
            let trimmed = value.trim();
            let rest = &trimmed[host_len..];
            let mut f = sink
                .finding(
                    Rule::AbsoluteComponentPath,
                    range,
                    format!(
                        "component path `{trimmed}` starts with the host `{}`",
                        &trimmed[..host_len]
                    ),
                )
                .with_label("the script adds the reader's server: the host is doubled")
                .with_help(format!("keep only the path: `{rest}`"));
            if let Some(r) = &path.value_range
                && !path.value.contains('&')
            {
                // A heuristic: `docs.v2/x` could be a folder name. Hence unsafe.
                f = f.with_fix(
                    Applicability::Unsafe,
                    "drop the host",
                    vec![Edit::replace(r.clone(), rest)],
                );
            }
            f
        } else if value.chars().any(char::is_whitespace) {
            let trimmed = value.trim();
            let mut f = sink
                .finding(
                    Rule::AbsoluteComponentPath,
                    range,
                    format!("component path `{}` contains whitespace", visible(value)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemeless_hosts() {
        assert_eq!(host_prefix("mastodon.social/settings"), Some(15));
        assert_eq!(host_prefix("www.example.com/x?y"), Some(15));
        assert_eq!(host_prefix("me@mastodon.social/x"), Some(18));
        assert_eq!(host_prefix("follows.csv"), None);
        assert_eq!(host_prefix("settings/exports/domain_blocks.csv"), None);
        assert_eq!(host_prefix("exports.csv/x"), None);
        assert_eq!(host_prefix("v1.2/x"), None);
        assert_eq!(host_prefix("/mastodon.social/x"), None);
    }

    #[test]
    fn absolute_urls() {
        assert!(is_absolute_url("https://x.org/a"));
        assert!(is_absolute_url("//x.org/a"));
        assert!(is_absolute_url("HTTPS://x.org"));
        assert!(!is_absolute_url("/settings"));
        assert!(!is_absolute_url("settings/a:b"));
        assert_eq!(
            strip_host("https://m.social/settings/x?y=1#z").as_deref(),
            Some("/settings/x?y=1#z")
        );
        assert_eq!(strip_host("mailto:x@y.org"), None);
    }
}
