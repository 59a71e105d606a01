//! GL406 translation-markup-mismatch: aligned sections differ in language-neutral content
//! (components, link targets, code, images).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Finding, Related, Severity};
use crate::translation::PageUnits;
use crate::translation::language_name;
use crate::translation::links::{PairLinks, SectionLink};
use crate::workspace::{LinkRef, Pair, PageKey, PageSummary, Target};

pub const RULE: RuleDef = RuleDef {
    id: Rule::TranslationMarkupMismatch,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Pair(check),
};

pub fn check(pairs: &[Pair<'_>], sink: &mut Sink<'_>) {
    let rule = Rule::TranslationMarkupMismatch;
    for p in pairs {
        if p.report.page_untranslated || !sink.wants_on(rule, p.target) {
            continue;
        }
        let tgt = p.target_units;
        let source = language_name(&p.source.locale.clone().unwrap_or_default());
        for m in &p.report.mismatches {
            let sec = &tgt.sections[m.section];
            let src_line = m.source_line;
            let mut parts = Vec::new();
            if !m.missing.is_empty() {
                parts.push(format!("missing here: {}", m.missing.join(", ")));
            }
            if !m.extra.is_empty() {
                parts.push(format!(
                    "not in the {source} section: {}",
                    m.extra.join(", ")
                ));
            }
            let label = if m.extra.is_empty() {
                format!("{} missing", m.missing.len())
            } else if m.missing.is_empty() {
                format!("{} not in the {source}", m.extra.len())
            } else {
                format!(
                    "{} missing, {} not in the {source}",
                    m.missing.len(),
                    m.extra.len()
                )
            };
            sink.push(
                sink.finding_on(
                    rule,
                    p.target,
                    m.range.clone(),
                    format!(
                        "{} differs from its {source} section in links, code, components or callouts",
                        sec.name()
                    ),
                )
                .with_label(label)
                .with_help(match m.source_code_body {
                    Some(line) => format!(
                        "{}; keep them as in `{}` line {src_line} (its line {line} shows prose as \
                         a code block, GL322: correct the {source} page there, do not copy it)",
                        parts.join("; "),
                        p.source_rel()
                    ),
                    None => format!(
                        "{}; keep them as in `{}` line {src_line}",
                        parts.join("; "),
                        p.source_rel()
                    ),
                }),
            );
        }
    }
}

/// The section of `units` holding byte `at`.
fn section_at(units: &PageUnits, at: usize) -> Option<usize> {
    let i = units.sections.partition_point(|s| s.range.start <= at);
    i.checked_sub(1)
        .filter(|&i| units.sections[i].range.contains(&at))
}

/// A page's own links to a section of another page: (section, page path, fragment, link).
fn section_links<'a>(
    page: &'a PageSummary,
    units: &PageUnits,
) -> Vec<(usize, &'a str, &'a str, &'a LinkRef)> {
    page.links
        .iter()
        .filter(|l| l.included.is_none())
        .filter_map(|l| match &l.target {
            Target::Page {
                key,
                fragment: Some(fragment),
                ..
            } if !fragment.is_empty() && Some(key) != page.key.as_ref() => {
                let sec = section_at(units, l.url_range.start)?;
                Some((sec, key.path.as_str(), fragment.as_str(), l))
            }
            _ => None,
        })
        .collect()
}

/// What the comparison across pairs reads of each pair, by translation: its source page and
/// its [`PairLinks`].
pub type ComparedLinks = HashMap<PathBuf, (PathBuf, PairLinks)>;

/// What a pair's comparison keeps for [`across_pairs`] ([`PairLinks`]).
pub fn pair_links(pair: &Pair<'_>) -> PairLinks {
    let (source, target) = (pair.source, pair.target);
    let (source_units, target_units) = (pair.source_units, pair.target_units);
    let alignment = &pair.report.alignment;
    let ids = alignment
        .sections
        .iter()
        .enumerate()
        .filter_map(|(j, i)| {
            let (s, t) = (source_units.sections.get((*i)?)?, target_units.sections.get(j)?);
            (!s.is_intro() && !t.is_intro() && !s.id.is_empty() && !t.id.is_empty())
                .then(|| (s.id.clone(), t.id.clone()))
        })
        .collect();
    let from_source = section_links(source, source_units);
    let links = if from_source.is_empty() {
        Vec::new()
    } else {
        section_links(target, target_units)
            .into_iter()
            .filter_map(|(j, page, fragment, l)| {
                let i = (*alignment.sections.get(j)?)?;
                let expected: Vec<(String, Range<usize>)> = from_source
                    .iter()
                    .filter(|(si, p, _, _)| *si == i && *p == page)
                    .map(|(_, _, f, sl)| (f.to_string(), sl.url_range.clone()))
                    .collect();
                (!expected.is_empty()).then(|| SectionLink {
                    page: page.to_string(),
                    fragment: fragment.to_string(),
                    url: l.url.clone(),
                    url_range: l.url_range.clone(),
                    fragment_range: l.fragment_range.clone(),
                    expected,
                })
            })
            .collect()
    };
    PairLinks { ids, links }
}

/// The pairs `across_pairs` needs besides those in `compared`: each translation a compared
/// translation links to a section of, with its source page (indices into `pages`), whose own
/// pair is not in `compared` (a page outside the pages checked).
pub fn linked_pairs(
    pages: &[PageSummary],
    compared: &ComparedLinks,
    source_locale: &str,
) -> Vec<(usize, usize)> {
    let by_key = crate::workspace::pages_by_key(pages);
    let by_path: HashMap<&Path, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_path(), i))
        .collect();
    let mut wanted = Vec::new();
    for (path, (_, l)) in compared {
        let Some(locale) = by_path
            .get(path.as_path())
            .and_then(|&i| pages[i].key.as_ref())
            .map(|k| k.locale.as_str())
        else {
            continue;
        };
        for link in &l.links {
            let key = |locale: &str| PageKey {
                locale: locale.to_string(),
                path: link.page.clone(),
            };
            let (Some(&t), Some(&s)) = (by_key.get(&key(locale)), by_key.get(&key(source_locale)))
            else {
                continue;
            };
            if !compared.contains_key(&pages[t].path) && !wanted.contains(&(t, s)) {
                wanted.push((t, s));
            }
        }
    }
    wanted
}

/// Compares the pairs `wanted` (translation, source page: indices into `pages`) for what the
/// comparison across pairs reads of them alone, and adds it to `compared`.
pub fn compare_for_ids(
    pages: &[PageSummary],
    wanted: &[(usize, usize)],
    lock: Option<&crate::translation::Lock>,
    source_locale: &str,
    compared: &mut ComparedLinks,
) {
    let mut sides = Vec::with_capacity(wanted.len());
    let mut to_compare = Vec::with_capacity(wanted.len());
    for &(t, s) in wanted {
        if let Some(c) = crate::workspace::to_compare(&pages[t], &pages[s], lock) {
            to_compare.push(c);
            sides.push((t, s));
        }
    }
    let reports = crate::translation::compare_all(source_locale, &to_compare);
    for ((c, (t, s)), report) in to_compare.iter().zip(sides).zip(reports) {
        let pair = Pair::new(&pages[s], &pages[t], c, report);
        compared.insert(
            pages[t].path.clone(),
            (pages[s].path.clone(), pair_links(&pair)),
        );
    }
}

/// The comparison across pairs: each translation's link to a section of another translated
/// page that leads to another section than the source page's link does, once both go through
/// the linked pair's alignment. `pairs` holds, by translation, its source page and its
/// [`PairLinks`]. A link whose fragment names no section of the linked page (GL201 tells it),
/// or a section the linked pair did not align, or one the source's links do not go through the
/// alignment to, is left alone.
pub fn across_pairs(
    pages: &[PageSummary],
    pairs: &ComparedLinks,
    source_locale: &str,
) -> Vec<Finding> {
    let by_key: HashMap<&PageKey, &PageSummary> = pages
        .iter()
        .filter_map(|p| Some((p.key.as_ref()?, p)))
        .collect();
    let locales: HashMap<&Path, &str> = pages
        .iter()
        .filter_map(|p| Some((p.path.as_path(), p.key.as_ref()?.locale.as_str())))
        .collect();
    let source_name = language_name(source_locale);
    let mut out = Vec::new();
    // Translations with links to sections of other pages, in path order.
    let mut names: Vec<&Path> = pairs
        .iter()
        .filter(|(_, (_, l))| !l.links.is_empty())
        .map(|(p, _)| p.as_path())
        .collect();
    names.sort_unstable();
    for path in names {
        let (Some((source, links)), Some(&locale)) = (pairs.get(path), locales.get(path)) else {
            continue;
        };
        // A section's links to one page are matched with its source section's links to that
        // page: those that lead where one of these does, each taking it, first; then the others
        // that lead to an aligned section, each told the first section still untaken. One
        // with none left is a link more than the source has, to another section: no link led
        // astray.
        let mut groups: Vec<Vec<&SectionLink>> = Vec::new();
        for link in &links.links {
            match groups
                .iter_mut()
                .find(|g| g[0].page == link.page && g[0].expected == link.expected)
            {
                Some(g) => g.push(link),
                None => groups.push(vec![link]),
            }
        }
        for group in groups {
            let first = group[0];
            let key = PageKey {
                locale: locale.to_string(),
                path: first.page.clone(),
            };
            let Some((_, linked)) = by_key.get(&key).and_then(|p| pairs.get(&p.path)) else {
                continue;
            };
            // Where the source's links lead, through the linked pair's alignment: when one
            // leads to a section the alignment left alone, nothing says where each of the
            // translation's should.
            let Some(expected) = first
                .expected
                .iter()
                .map(|(f, _)| {
                    linked
                        .ids
                        .iter()
                        .find(|(s, _)| s == f)
                        .map(|(_, t)| t.as_str())
                })
                .collect::<Option<Vec<&str>>>()
            else {
                continue;
            };
            let mut taken = vec![false; expected.len()];
            let mut astray = Vec::new();
            for link in &group {
                match (0..expected.len()).find(|&k| !taken[k] && expected[k] == link.fragment) {
                    Some(k) => taken[k] = true,
                    // A fragment that names no aligned section of the linked page (a broken
                    // link, told by GL201, or an id no heading gives) is left alone.
                    None if linked.ids.iter().any(|(_, t)| *t == link.fragment) => {
                        astray.push(*link);
                    }
                    None => {}
                }
            }
            for link in astray {
                let Some(k) = (0..expected.len()).find(|&k| !taken[k]) else {
                    break;
                };
                taken[k] = true;
                out.push(astray_finding(
                    (path, source),
                    &key,
                    link,
                    (expected[k], &first.expected[k]),
                    &source_name,
                ));
            }
        }
    }
    out
}

/// A translation's link led to another section than the source's: on the link (`pages`: the
/// translation's path and its source page's), with the section the source's link leads to
/// (`want`: its id on the linked translation, and the source link's fragment and url range)
/// as an unsafe fix.
fn astray_finding(
    (path, source): (&Path, &Path),
    key: &PageKey,
    link: &SectionLink,
    (want, (want_source, source_range)): (&str, &(String, Range<usize>)),
    source_name: &str,
) -> Finding {
    let f = Finding {
        rule: Rule::TranslationMarkupMismatch,
        severity: Severity::Warning,
        path: std::sync::Arc::from(path),
        range: link.url_range.clone(),
        message: format!(
            "link to `{}` leads to another section of `{}` than the {source_name} link, which \
             leads to `#{want}` there",
            link.url,
            key.wiki_href()
        )
        .into(),
        label: Some(format!("the {source_name} link's section is `#{want}`")),
        help: Some(
            format!(
                "the {source_name} page links to `#{want_source}` on that page, which is `#{want}` \
                 in its translation; link there, or change the {source_name} link too"
            )
            .into(),
        ),
        fix: None,
        related: vec![Related {
            path: source.to_path_buf(),
            range: source_range.clone(),
            message: format!("the {source_name} link, to `#{want_source}`"),
        }],
    };
    match &link.fragment_range {
        Some(range) => f.with_fix(
            Applicability::Unsafe,
            format!("link to `#{want}`"),
            vec![Edit::replace(range.clone(), want)],
        ),
        None => f,
    }
}
