//! GL328 content-tabs-as-sections: MkDocs Material content tabs that cannot become a Wiki.js
//! tabset, and that `guide-lint build` shows one after another instead: text follows them in
//! their section, or their section is too deep for a tabset's two heading levels. Nothing is
//! lost on the wiki, but the tabs are.

use super::unconvertible_content_tabs::{
    TOO_DEEP, quoted_titles, refused_tabsets, shown_as_sections,
};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::ContentTabsAsSections,
    severity: Severity::Warning,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::ContentTabsAsSections) {
        return;
    }
    for (range, titles, why) in refused_tabsets(ctx) {
        if !shown_as_sections(why) {
            continue;
        }
        let f = sink
            .finding(
                Rule::ContentTabsAsSections,
                range,
                format!(
                    "content tabs {} cannot become a Wiki.js tabset: {why}",
                    quoted_titles(&titles)
                ),
            )
            .with_label("on the wiki, each tab's title is a bold line above its content")
            .with_help(if why == TOO_DEEP {
                "a Wiki.js tabset takes two heading levels below its section's, and headings \
                 stop at level 6: move the tabs to a section of level 4 or above for \
                 `guide-lint build` to make a tabset of them"
            } else {
                "a Wiki.js tabset runs to the next heading of its level: end the section after \
                 the tabs (a heading) for `guide-lint build` to make a tabset of them"
            });
        sink.push(f);
    }
}
