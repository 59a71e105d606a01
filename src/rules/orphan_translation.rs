//! GL408 orphan-translation: a translation page with no source page.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::translation::language_name;
use crate::util::slash_path;
use crate::workspace::{PageKey, WorkspaceContext};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::OrphanTranslation,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Workspace(check),
};

pub fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    let rule = Rule::OrphanTranslation;
    if !sink.wants(rule) {
        return;
    }
    let source = ctx.config.file.source_locale.as_str();
    for page in ctx.pages {
        let Some(locale) = page.locale.as_deref() else {
            continue;
        };
        if locale == source || !sink.wants_on(rule, page) {
            continue;
        }
        let (Some(key), Some(units), Some(rel)) = (&page.key, &page.translation, &page.rel) else {
            continue;
        };
        // A page with no text (empty, or only front matter) has nothing to translate.
        if units.units.is_empty() {
            continue;
        }
        let src = PageKey {
            locale: source.to_string(),
            path: key.path.clone(),
        };
        if ctx.exists(&src) {
            continue;
        }
        // The finding sits on the page's first heading (else where its text starts).
        let range = units
            .sections
            .iter()
            .find_map(|s| s.heading.map(|h| units.units[h].range.clone()))
            .unwrap_or(units.body_start..units.body_start);
        let layout = crate::discover::Layout::of(ctx.config);
        let rest = match layout.split(rel) {
            Some((_, rest)) => rest,
            None => std::borrow::Cow::Borrowed(rel.as_path()),
        };
        // The source file of the same name is another page (a MkDocs `setup/index.md` is the
        // page `setup`; a Wiki.js `da/setup/index.md` is `da/setup/index`).
        let same = layout.place(source, &rest);
        if let Some(other) = crate::workspace::file_page_key(&same, ctx.config, page.dialect)
            .filter(|k| *k != src && ctx.in_tree(k))
        {
            let name = ctx.file_for(
                &PageKey {
                    locale: locale.to_string(),
                    path: other.path.clone(),
                },
                &rest,
                page.dialect,
            );
            sink.push(
                sink.finding_on(
                    rule,
                    page,
                    range.clone(),
                    format!("translation has no {} source page", language_name(source)),
                )
                .with_label(format!(
                    "`{}` is the page `{other}`, not `{src}`",
                    slash_path(&same)
                ))
                .with_help(format!(
                    "name the translation `{name}`, the page path of its source page"
                )),
            );
            continue;
        }
        let expected = ctx.file_for(&src, &rest, page.dialect);
        sink.push(
            sink.finding_on(
                rule,
                page,
                range,
                format!("translation has no {} source page", language_name(source)),
            )
            .with_label(format!("no `{expected}`"))
            .with_help(format!(
                "give the page the same path as its source page (`{expected}`), or remove it if the source page was deleted"
            )),
        );
    }
}
