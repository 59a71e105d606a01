//! The plan and the result of a sync, as text.

use std::fmt::Write;

use super::{Action, Outcome, PullOutcome, SyncReport};
use crate::logsafe;
use crate::util::plural;

/// Lines of an overwrite's loss shown in a plan.
const MAX_LOST_SHOWN: usize = 20;

/// Renders the report: one line per page, then notes, warnings and a summary.
pub fn render(report: &SyncReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        if report.applied {
            "sync:"
        } else {
            "sync plan:"
        },
        logsafe::text(&report.target)
    );
    let width = report
        .pages
        .iter()
        .map(|p| p.planned.key.chars().count())
        .max()
        .unwrap_or(0);
    for p in &report.pages {
        let verb = match &p.outcome {
            Some(o) => o.as_str(),
            None if p.planned.lost.is_some() => "overwrite",
            None => p.planned.action.as_str(),
        };
        let mut detail = Vec::new();
        match &p.outcome {
            Some(Outcome::Failed(why)) => detail.push(logsafe::text(why).into_owned()),
            Some(Outcome::Unchanged) | None if p.planned.action == Action::Unchanged => {}
            _ => {
                if let Some(d) = &p.planned.diff {
                    detail.push(d.to_string());
                }
            }
        }
        if let Some(reason) = &p.planned.reason {
            let reason = logsafe::text(reason).into_owned();
            // A failure that gives the plan's reason as its own says it once.
            if !detail.contains(&reason) {
                detail.push(reason);
            }
        }
        if p.planned.action == Action::Conflict
            && matches!(p.outcome, Some(Outcome::Updated | Outcome::Created))
        {
            detail.push("the wiki's version was overwritten (--force)".into());
        }
        let line = format!(
            "  {verb:<9}  {:<width$}  {}",
            logsafe::text(&p.planned.key),
            detail.join("; "),
            width = width
        );
        out.push_str(line.trim_end());
        out.push('\n');
        match &p.pulled {
            Some(Ok(pulled)) => {
                let path = logsafe::path(&pulled.path);
                let _ = match &pulled.outcome {
                    PullOutcome::Merged { blocks: 0 } => writeln!(
                        out,
                        "             merged the wiki's version into {path} (its front matter); \
                         check it, commit it, and sync"
                    ),
                    PullOutcome::Merged { blocks } => writeln!(
                        out,
                        "             merged the wiki's version into {path} ({} \
                         changed); check it, commit it, and sync",
                        plural(*blocks, "block", "blocks")
                    ),
                    PullOutcome::Conflict { conflicts, .. } => writeln!(
                        out,
                        "             merged the wiki's version into {path} with {}: \
                         edit the blocks between <<<<<<< and >>>>>>>, then sync",
                        plural(*conflicts, "conflict", "conflicts")
                    ),
                    PullOutcome::AlreadyMerged => writeln!(
                        out,
                        "             {path} already holds the wiki's text: sync to publish it \
                         (or --resolve {})",
                        logsafe::text(&p.planned.key)
                    ),
                };
            }
            Some(Err(why)) => {
                let _ = writeln!(out, "             not pulled: {}", logsafe::text(why));
            }
            None => {}
        }
        if let Some(lost) = &p.planned.lost {
            if lost.is_empty() {
                let _ = writeln!(out, "             the wiki would lose no line of its text");
            } else {
                let _ = writeln!(
                    out,
                    "             the wiki would lose {}:",
                    plural(lost.len(), "line", "lines")
                );
                for line in lost.iter().take(MAX_LOST_SHOWN) {
                    let _ = writeln!(out, "             - {line}");
                }
                if lost.len() > MAX_LOST_SHOWN {
                    let _ = writeln!(
                        out,
                        "             ... and {} more",
                        lost.len() - MAX_LOST_SHOWN
                    );
                }
            }
        }
        for note in &p.planned.notes {
            let _ = writeln!(out, "             note: {}", logsafe::text(note));
        }
    }
    for a in &report.assets {
        let verb = match &a.outcome {
            Some(o) => o.as_str(),
            None if a.action == super::assets::AssetAction::Conflict && report_forced(a) => {
                "overwrite"
            }
            None => a.action.as_str(),
        };
        let mut detail = vec![format!(
            "from {} ({})",
            logsafe::path(&a.source),
            plural(a.size, "byte", "bytes")
        )];
        if let Some(super::assets::AssetOutcome::Failed(why)) = &a.outcome {
            detail.push(logsafe::text(why).into_owned());
        }
        if let Some(reason) = &a.reason {
            detail.push(logsafe::text(reason).into_owned());
        }
        let _ = writeln!(
            out,
            "  {verb:<9}  {}  {}",
            logsafe::text(&a.url),
            detail.join("; ")
        );
    }
    if !report.assets.is_empty() {
        let mut parts = Vec::new();
        for label in [
            "upload",
            "uploaded",
            "unchanged",
            "conflict",
            "overwrite",
            "failed",
        ] {
            let c = report
                .assets
                .iter()
                .filter(|a| {
                    let verb = match &a.outcome {
                        Some(o) => o.as_str(),
                        None if a.action == super::assets::AssetAction::Conflict
                            && report_forced(a) =>
                        {
                            "overwrite"
                        }
                        None => a.action.as_str(),
                    };
                    verb == label
                })
                .count();
            if c > 0 {
                parts.push(format!(
                    "{c} {}",
                    if label == "upload" {
                        "to upload"
                    } else {
                        label
                    }
                ));
            }
        }
        let n = report.assets.len();
        let _ = writeln!(
            out,
            "{}: {}",
            plural(n, "asset", "assets"),
            parts.join(", ")
        );
    }
    for key in &report.renders {
        let _ = writeln!(
            out,
            "  {:<9}  {}  links to new pages",
            if report.applied { "rendered" } else { "render" },
            logsafe::text(key)
        );
    }
    for key in &report.gone {
        let _ = writeln!(
            out,
            "  {:<9}  {}  no longer in the guides; left on the wiki",
            "gone",
            logsafe::text(key)
        );
    }
    for n in &report.notes {
        let _ = writeln!(out, "note: {}", logsafe::text(n));
    }
    for p in &report.pages {
        for w in &p.warnings {
            let _ = writeln!(
                out,
                "warning: {}: {}",
                logsafe::text(&p.planned.key),
                logsafe::text(w)
            );
        }
    }
    for w in &report.warnings {
        let _ = writeln!(out, "warning: {}", logsafe::text(w));
    }
    if let Some(e) = &report.stopped {
        let _ = writeln!(out, "error: the sync stopped: {}", logsafe::text(e));
        if let Some(h) = &report.stopped_help {
            let _ = writeln!(out, "help: {}", logsafe::text(h));
        }
        let _ = writeln!(
            out,
            "help: pages pushed so far are recorded; run the same command again to finish"
        );
    }
    out.push_str(&summary(report));
    out
}

/// Whether a plan shows an asset conflict as an overwrite (`--force`).
fn report_forced(a: &super::assets::AssetReport) -> bool {
    a.forced
}

fn count(report: &SyncReport, f: impl Fn(&super::PageReport) -> bool) -> usize {
    report.pages.iter().filter(|p| f(p)).count()
}

fn summary(report: &SyncReport) -> String {
    let mut out = String::new();
    let n = report.pages.len();
    let mut parts = Vec::new();
    if report.applied {
        for (label, o) in [
            ("created", Outcome::Created),
            ("updated", Outcome::Updated),
            ("unchanged", Outcome::Unchanged),
        ] {
            let c = count(report, |p| p.outcome.as_ref() == Some(&o));
            if c > 0 {
                parts.push(format!("{c} {label}"));
            }
        }
        let conflicts = report.conflicts();
        if conflicts > 0 {
            parts.push(plural(conflicts, "conflict", "conflicts"));
        }
        let failed = report.failures();
        if failed > 0 {
            parts.push(format!("{failed} failed"));
        }
        let not_done = count(report, |p| p.outcome.is_none());
        if not_done > 0 {
            parts.push(format!("{not_done} not reached"));
        }
    } else {
        for (label, a) in [
            ("to create", Action::Create),
            ("to update", Action::Update),
            ("unchanged", Action::Unchanged),
        ] {
            let c = count(report, |p| p.planned.action == a);
            if c > 0 {
                parts.push(format!("{c} {label}"));
            }
        }
        let c = count(report, |p| {
            p.planned.action == Action::Conflict && p.planned.lost.is_none()
        });
        if c > 0 {
            parts.push(plural(c, "conflict", "conflicts"));
        }
        let c = count(report, |p| p.planned.lost.is_some());
        if c > 0 {
            parts.push(format!("{c} to overwrite"));
        }
    }
    let _ = writeln!(
        out,
        "{}: {}",
        plural(n, "page", "pages"),
        if parts.is_empty() {
            "nothing to do".to_string()
        } else {
            parts.join(", ")
        }
    );
    let conflicts = report.conflicts();
    if !report.applied {
        let pending = count(report, |p| {
            matches!(p.planned.action, Action::Create | Action::Update) || p.planned.lost.is_some()
        }) + report
            .assets
            .iter()
            .filter(|a| a.action == super::assets::AssetAction::Upload || a.forced)
            .count();
        if pending > 0 || !report.renders.is_empty() {
            let _ = writeln!(
                out,
                "nothing was changed on the wiki; run again with --apply to carry this out"
            );
        }
    }
    if conflicts > 0 {
        let _ = writeln!(
            out,
            "help: a conflicting page holds changes made on the wiki that the guides do not \
             have, so it is not overwritten: --pull merges the wiki's version into the guide \
             (conflict markers where both changed the same lines), --resolve PAGE says the guide is right as it is, --force \
             overwrites the wiki's version (a plan with --force shows what would be lost)"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a wiki answers (errors, titles) is printed escaped, on its own line.
    #[test]
    fn the_wikis_words_are_escaped() {
        let mut r = SyncReport::new("wiki\u{1b}]0;x\u{7}", false);
        r.warnings
            .push("server said: bad\n::error file=a,line=1::owned\u{1b}[2J".into());
        r.stopped = Some("HTTP 500: <html>\r::warning::x</html>".into());
        let text = render(&r);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        for line in text.split(['\n', '\r']) {
            assert!(!line.trim_start().starts_with("::"), "{line:?} in {text}");
        }
        assert!(
            text.contains("warning: server said: bad\\n::error file=a,line=1::owned\\x1b[2J\n"),
            "{text}"
        );
        assert!(
            text.contains("HTTP 500: <html>\\r::warning::x</html>"),
            "{text}"
        );
    }
}
