//! The translation status as one self-contained HTML page: inline CSS, no script, no network.
//! A bar per page and locale (translated / outdated / untranslated / missing, widths in percent
//! of the page's units) and, per page, each untranslated or outdated run with the source text
//! and the translation side by side.

use std::fmt::Write as _;

use crate::translation::language_name;
use crate::translation::status::{Counts, PageStatus, RunKind, StatusReport};

const CSS: &str = r#"
:root { --ok: #2e7d32; --old: #ef8f00; --todo: #c62828; --miss: #9e9e9e; --ink: #1d1d1f; --line: #d9d9de; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0; background: #f6f6f8; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; }
h3 { font-size: 16px; margin: 24px 0 8px; }
.sub { color: #555; margin: 0 0 20px; }
.legend { display: flex; gap: 18px; flex-wrap: wrap; margin: 0 0 16px; font-size: 13px; }
.legend span::before { content: ""; display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; background: var(--c); }
table.pages { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
table.pages th, table.pages td { padding: 8px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
table.pages th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #666; background: #fafafa; }
table.pages td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.page { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; overflow-wrap: break-word; min-width: 16em; }
td.barcell { width: 40%; }
.bar { display: flex; height: 16px; width: 100%; border-radius: 4px; overflow: hidden; background: #eee; }
.seg { height: 100%; }
.seg.translated { background: var(--ok); }
.seg.outdated { background: var(--old); }
.seg.untranslated { background: var(--todo); }
.seg.missing { background: var(--miss); }
.run { background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--todo); border-radius: 6px; margin: 10px 0 16px; }
.run.outdated { border-left-color: var(--old); }
.run h4 { margin: 0; padding: 8px 12px; font-size: 14px; border-bottom: 1px solid var(--line); background: #fcfcfc; }
.run h4 .kind { text-transform: uppercase; font-size: 11px; letter-spacing: .05em; color: var(--todo); margin-right: 8px; }
.run.outdated h4 .kind { color: var(--old); }
.run.added { border-left-color: var(--miss); }
.run.added h4 .kind { color: var(--miss); }
table.side { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.side th { text-align: left; font-size: 12px; color: #666; text-transform: uppercase; letter-spacing: .04em; padding: 8px 12px 4px; font-weight: 600; }
table.side td { padding: 5px 12px; vertical-align: top; overflow-wrap: anywhere; border-top: 1px solid #eee; }
table.side td + td, table.side th + th { border-left: 1px solid var(--line); }
table.side td.none { color: #888; font-style: italic; }
.empty { color: #555; }
"#;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn pct(n: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * n as f64 / total as f64
    }
}

fn bar(out: &mut String, c: &Counts) {
    let t = c.total();
    let _ = write!(
        out,
        r#"<div class="bar" role="img" aria-label="{} translated, {} outdated, {} untranslated, {} missing">"#,
        c.translated, c.outdated, c.untranslated, c.missing
    );
    for (class, n) in [
        ("translated", c.translated),
        ("outdated", c.outdated),
        ("untranslated", c.untranslated),
        ("missing", c.missing),
    ] {
        if n > 0 {
            let _ = write!(
                out,
                r#"<div class="seg {class}" data-units="{n}" style="width: {:.3}%" title="{n} {class}"></div>"#,
                pct(n, t)
            );
        }
    }
    out.push_str("</div>");
}

fn cell(out: &mut String, class: &str, text: Option<&str>) {
    match text {
        Some(t) => {
            let _ = write!(out, r#"<td class="{class}">{}</td>"#, esc(t));
        }
        None => {
            let _ = write!(out, r#"<td class="{class} none">(no aligned text)</td>"#);
        }
    }
}

fn page_runs(out: &mut String, p: &PageStatus, source: &str, target: &str) {
    if p.runs.is_empty() {
        return;
    }
    let _ = write!(
        out,
        r#"<h3 id="{}">{} <small>({})</small></h3>"#,
        esc(&format!("runs-{}-{}", p.locale, p.page)),
        esc(p.translation.as_deref().unwrap_or(&p.page)),
        esc(target)
    );
    for r in &p.runs {
        let kind = match r.kind {
            RunKind::Untranslated => "untranslated",
            RunKind::Outdated => "outdated",
            RunKind::Added => "added",
        };
        let lines = if r.first_line == r.last_line {
            format!("line {}", r.first_line)
        } else {
            format!("lines {}-{}", r.first_line, r.last_line)
        };
        let _ = write!(
            out,
            r#"<div class="run {kind}" data-kind="{kind}" data-units="{}"><h4><span class="kind">{kind}</span>{} · {lines}</h4><table class="side"><thead><tr>"#,
            r.rows.len(),
            esc(&r.section)
        );
        if r.kind == RunKind::Outdated {
            let _ = write!(out, "<th>{source} when accepted</th><th>{source} now</th>");
        } else if r.kind == RunKind::Added {
            let _ = write!(out, "<th>{source} added since accepted</th>");
        } else {
            let _ = write!(out, "<th>{source} source</th>");
        }
        let _ = write!(out, "<th>{target} page</th></tr></thead><tbody>");
        for row in &r.rows {
            out.push_str("<tr>");
            if r.kind == RunKind::Outdated {
                cell(out, "source-before", row.source_before.as_deref());
            }
            cell(out, "source", row.source.as_deref());
            if r.kind == RunKind::Added {
                out.push_str(r#"<td class="translation none">(not in the page yet)</td>"#);
            } else {
                cell(out, "translation", Some(&row.translation));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>\n");
    }
}

/// The whole page.
pub fn render(r: &StatusReport) -> String {
    let source = language_name(&r.source_locale);
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.push_str("<title>Translation status</title><style>");
    out.push_str(CSS);
    out.push_str("</style></head><body><main>\n<h1>Translation status</h1>");
    let totals: Vec<String> = r
        .locales
        .iter()
        .map(|(l, c)| {
            format!(
                "{}: {:.0}% translated",
                language_name(l),
                c.percent_done().floor()
            )
        })
        .collect();
    let pages = r
        .pages
        .iter()
        .map(|p| &p.page)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let _ = write!(
        out,
        r#"<p class="sub">Source: {source} · {} · {}</p>"#,
        crate::util::plural(pages, "page", "pages"),
        esc(&totals.join(" · "))
    );
    out.push_str(
        r#"<div class="legend"><span style="--c: var(--ok)">translated</span><span style="--c: var(--old)">outdated</span><span style="--c: var(--todo)">untranslated</span><span style="--c: var(--miss)">missing</span></div>"#,
    );
    out.push_str(
        "<table class=\"pages\"><thead><tr><th>Page</th><th>Locale</th><th>Progress</th>\
         <th class=\"num\">Translated</th><th class=\"num\">Untranslated</th>\
         <th class=\"num\">Outdated</th><th class=\"num\">Missing</th><th class=\"num\">Done</th></tr></thead><tbody>\n",
    );
    for p in &r.pages {
        let c = &p.counts;
        let _ = write!(
            out,
            r#"<tr class="page-row" data-page="{}" data-locale="{}" data-translated="{}" data-untranslated="{}" data-outdated="{}" data-missing="{}"><td class="page">{}</td><td>{}</td><td class="barcell">"#,
            esc(&p.page),
            esc(&p.locale),
            c.translated,
            c.untranslated,
            c.outdated,
            c.missing,
            esc(&p.page),
            esc(&p.locale)
        );
        bar(&mut out, c);
        let _ = writeln!(
            out,
            r#"</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{:.0}%</td></tr>"#,
            c.translated,
            c.untranslated,
            c.outdated,
            c.missing,
            p.percent_done.floor()
        );
    }
    out.push_str("</tbody></table>\n");
    out.push_str("<h2>Untranslated and outdated text</h2>\n");
    if r.pages.iter().all(|p| p.runs.is_empty()) {
        out.push_str(
            r#"<p class="empty">Nothing: every translated unit is translated and up to date.</p>"#,
        );
    }
    for p in &r.pages {
        page_runs(&mut out, p, &source, &language_name(&p.locale));
    }
    if !r.orphans.is_empty() {
        out.push_str("<h2>Translations without a source page</h2><ul>");
        for o in &r.orphans {
            let _ = write!(out, "<li><code>{}</code></li>", esc(o));
        }
        out.push_str("</ul>");
    }
    out.push_str("\n</main></body></html>\n");
    out
}
