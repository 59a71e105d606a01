//! GL401 missing-translation: a source page with no page in a target locale.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::translation::language_name;
use crate::workspace::{PageKey, WorkspaceContext};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::MissingTranslation,
    severity: Severity::Info,
    dialects: Dialects::All,
    check: Check::Workspace(check),
};

pub fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    let rule = Rule::MissingTranslation;
    if !sink.wants(rule) {
        return;
    }
    let source = ctx.config.file.source_locale.as_str();
    for page in ctx.pages {
        if page.locale.as_deref() != Some(source) || !sink.wants_on(rule, page) {
            continue;
        }
        let (Some(key), Some(units), Some(rel)) = (&page.key, &page.translation, &page.rel) else {
            continue;
        };
        // A page with no text (empty, or only front matter) has nothing to translate.
        if units.units.is_empty() {
            continue;
        }
        let rest = match crate::discover::Layout::of(ctx.config).split(rel) {
            Some((_, rest)) => rest,
            None => std::borrow::Cow::Borrowed(rel.as_path()),
        };
        for locale in &ctx.config.file.target_locales {
            let other = PageKey {
                locale: locale.clone(),
                path: key.path.clone(),
            };
            if ctx.exists(&other) {
                continue;
            }
            let range = units
                .sections
                .iter()
                .find_map(|s| s.heading.map(|h| units.units[h].range.clone()))
                .unwrap_or(units.body_start..units.body_start);
            let expected = ctx.file_for(&other, &rest, page.dialect);
            sink.push(
                sink.finding_on(
                    rule,
                    page,
                    range,
                    format!("page has no {} translation", language_name(locale)),
                )
                .with_label(format!("no `{expected}`"))
                .with_help(
                    // mkdocs-static-i18n's `fallback_to_default` builds the page from the
                    // default language's file on a site that lacks it.
                    if ctx.config.i18n_site().is_some_and(|i| i.fallback) {
                        format!(
                            "translate the page into `{expected}`; until then the {} site shows \
                             the {} page",
                            language_name(locale),
                            language_name(source)
                        )
                    } else {
                        format!(
                            "translate the page into `{expected}`; until then the {} {} lacks it",
                            language_name(locale),
                            // A MkDocs site published by MkDocs alone has no wiki.
                            if ctx.config.is_mkdocs_only() {
                                "site"
                            } else {
                                "wiki"
                            }
                        )
                    },
                ),
            );
        }
    }
}
