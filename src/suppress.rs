//! Inline suppressions: HTML comments that silence rules for a region of a page.
//!
//! ```markdown
//! <!-- guide-lint-disable GL306 -- bold inside bold is intended here -->
//! ...
//! <!-- guide-lint-enable GL306 -->
//! <!-- guide-lint-disable-next-line GL104, unknown-identity -->
//! <!-- guide-lint-disable-file GL105 -->
//! ```
//!
//! Rules are named by code or name, separated by spaces or commas; a reason may follow `--`.
//! `guide-lint-enable` without rules ends every open `disable`. A `disable` without its `enable`
//! runs to the end of the file.
//!
//! Directives come from the page's HTML comments (`Document::html`), so a directive inside code
//! is text, not a directive. A suppression that silences nothing is reported as GL001
//! unused-suppression; an unknown rule, a misspelt directive and other mistakes as GL002
//! invalid-suppression.
//!
//! `guide-lint build` drops the comments (Wiki.js shows HTML comments in the page source)
//! unless `build.keep-suppression-comments` is set: [`comments`] gives their ranges and the
//! edit that removes each one cleanly.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::document::{Document, TagKind};
use crate::finding::{Applicability, Edit, Finding, Severity};
use crate::rule::Rule;

/// The comment prefix every directive starts with.
pub const PREFIX: &str = "guide-lint-";

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DirectiveKind {
    /// `guide-lint-disable`: from here to the matching `enable` (or the end of the file).
    Disable,
    /// `guide-lint-enable`: ends a `disable`.
    Enable,
    /// `guide-lint-disable-next-line`: the line after the comment.
    DisableNextLine,
    /// `guide-lint-disable-file`: the whole file.
    DisableFile,
}

impl DirectiveKind {
    pub const ALL: &'static [DirectiveKind] = &[
        DirectiveKind::Disable,
        DirectiveKind::Enable,
        DirectiveKind::DisableNextLine,
        DirectiveKind::DisableFile,
    ];

    pub fn keyword(self) -> &'static str {
        match self {
            DirectiveKind::Disable => "guide-lint-disable",
            DirectiveKind::Enable => "guide-lint-enable",
            DirectiveKind::DisableNextLine => "guide-lint-disable-next-line",
            DirectiveKind::DisableFile => "guide-lint-disable-file",
        }
    }
}

/// A suppression comment in a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SuppressionComment {
    /// `<!--` to `-->` inclusive.
    pub range: Range<usize>,
    /// The edit that removes the comment without changing how the page renders: the whole line
    /// when the comment stands alone between blank lines (or at the start or end of the file),
    /// otherwise the comment and the blanks before it (so a line never gains trailing spaces,
    /// and two paragraphs never merge).
    pub removal: Edit,
    /// The directive, when the comment is a well-formed one.
    pub kind: Option<DirectiveKind>,
    /// Whether the comment ends where its author meant it to: not when it swallows another
    /// `<!--` or a blank line (its `-->` was mistyped, e.g. `--׹>`, and HTML runs it on to the
    /// next real one). Removing such a comment would remove text the author meant to keep, so
    /// it is never removed automatically.
    pub sound: bool,
}

/// Every `<!-- guide-lint-... -->` comment of a page, in source order. `build` drops them unless
/// `build.keep-suppression-comments` is set.
pub fn comments(doc: &Document) -> Vec<SuppressionComment> {
    directive_comments(doc)
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// The rules a page's disabling directives name anywhere in it (`None`: a directive names no
/// rule, so it disables every rule). What `build` uses to keep a finding suppressed in the source
/// page quiet when the built page, whose comments are gone, is checked again.
pub fn disabled_rules(doc: &Document) -> Option<Vec<Rule>> {
    let mut rules = Vec::new();
    for (c, value) in directive_comments(doc) {
        if matches!(c.kind, None | Some(DirectiveKind::Enable)) {
            continue;
        }
        let named: Vec<Rule> = value
            .split(|c: char| c.is_whitespace() || c == ',')
            .skip(1)
            .filter_map(Rule::parse)
            .collect();
        if named.is_empty() {
            return None;
        }
        rules.extend(named);
    }
    Some(rules)
}

/// The suppression comments with their text (between `<!--` and `-->`).
fn directive_comments(doc: &Document) -> Vec<(SuppressionComment, &str)> {
    let mut out: Vec<(SuppressionComment, &str)> = doc
        .html
        .iter()
        .filter_map(|t| {
            let TagKind::Comment(value) = &t.kind else {
                return None;
            };
            let word = value
                .split(|c: char| c.is_whitespace() || c == ',')
                .find(|w| !w.is_empty())?;
            if !word.starts_with(PREFIX) {
                return None;
            }
            let comment = SuppressionComment {
                range: t.range.clone(),
                removal: removal_edit(&doc.text, t.range.clone()),
                kind: DirectiveKind::ALL
                    .iter()
                    .copied()
                    .find(|k| k.keyword() == word),
                sound: !value.contains("<!--")
                    && !value.split('\n').skip(1).any(|line| line.trim().is_empty()),
            };
            Some((comment, value.as_str()))
        })
        .collect();
    out.sort_by_key(|(c, _)| c.range.start);
    out
}

/// The edit that deletes `range` (a comment) as described on [`SuppressionComment::removal`].
pub fn removal_edit(text: &str, range: Range<usize>) -> Edit {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let start = range.start.min(end);
    let is_blank = |b: u8| b == b' ' || b == b'\t';
    let mut line_start = start;
    while line_start > 0 && is_blank(bytes[line_start - 1]) {
        line_start -= 1;
    }
    let mut line_end = end;
    while line_end < bytes.len() && is_blank(bytes[line_end]) {
        line_end += 1;
    }
    // Past the line terminator (`\n` or `\r\n`), when the comment ends its line.
    let after = match bytes.get(line_end) {
        None => Some(line_end),
        Some(b'\n') => Some(line_end + 1),
        Some(b'\r') if bytes.get(line_end + 1) == Some(&b'\n') => Some(line_end + 2),
        Some(_) => None,
    };
    let alone_before = line_start == 0 || bytes[line_start - 1] == b'\n';
    let Some(after) = after else {
        // Text follows on the same line: remove the comment and the blanks after it.
        return Edit::delete(if alone_before { line_start } else { start }..line_end);
    };
    if !alone_before {
        // `text <!-- c -->`: remove the comment and the blanks before it.
        return Edit::delete(line_start..line_end);
    }
    // The comment fills its line(s).
    let prev_blank = line_start == 0 || is_blank_line_before(bytes, line_start);
    let next_blank = after >= bytes.len() || is_blank_line_at(bytes, after);
    if prev_blank && next_blank && after < bytes.len() {
        // A blank line on both sides: one of them goes too.
        let next_end = bytes[after..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| after + i + 1);
        Edit::delete(line_start..next_end)
    } else if prev_blank || next_blank {
        Edit::delete(line_start..after)
    } else {
        // Between two lines of text the comment was a block of its own: keep an empty line so
        // the text around it does not join into one paragraph.
        Edit::delete(line_start..line_end)
    }
}

/// Whether the line ending just before `line_start` is blank.
fn is_blank_line_before(bytes: &[u8], line_start: usize) -> bool {
    let end = line_start - 1; // the `\n`
    let start = bytes[..end]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    bytes[start..end].iter().all(|b| b.is_ascii_whitespace())
}

/// Whether the line starting at `start` is blank.
fn is_blank_line_at(bytes: &[u8], start: usize) -> bool {
    bytes[start..]
        .iter()
        .take_while(|&&b| b != b'\n')
        .all(|b| b.is_ascii_whitespace())
}

/// A rule named in a directive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CodeRef {
    pub text: String,
    /// Where it is written (the whole comment when it cannot be located exactly).
    pub range: Range<usize>,
    pub rule: Option<Rule>,
    /// Removes the name and its separator from the list.
    removal: Edit,
}

/// A parsed directive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Directive {
    pub kind: DirectiveKind,
    pub comment: Range<usize>,
    pub codes: Vec<CodeRef>,
    pub reason: Option<String>,
    removal: Edit,
    /// See [`SuppressionComment::sound`].
    sound: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Scope {
    Range(Range<usize>),
    File,
}

/// One rule silenced by one directive over one scope.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Unit {
    directive: usize,
    code: usize,
    rule: Rule,
    scope: Scope,
    /// The `enable` directive that ends the region.
    closed_by: Option<usize>,
    used: bool,
}

/// A malformed directive (reported as GL002).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Problem {
    range: Range<usize>,
    message: String,
    help: String,
    /// Removes the offending name or comment, when that is the whole repair: what it does, and
    /// the edit.
    fix: Option<(std::borrow::Cow<'static, str>, Edit)>,
}

/// A page's suppressions, computed once while the page is parsed and applied after every rule
/// (file and workspace) has run.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FileSuppressions {
    directives: Vec<Directive>,
    units: Vec<Unit>,
    problems: Vec<Problem>,
}

impl FileSuppressions {
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.problems.is_empty()
    }

    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// Reads the directives of a page.
    pub fn parse(doc: &Document) -> FileSuppressions {
        let mut out = FileSuppressions::default();
        for (c, value) in directive_comments(doc) {
            out.read_comment(doc, &c, value);
        }
        out.resolve(doc);
        out
    }

    fn read_comment(&mut self, doc: &Document, c: &SuppressionComment, value: &str) {
        let body = value.trim();
        let (head, reason) = match split_reason(body) {
            Some((h, r)) => (
                h.trim(),
                Some(r.trim().to_string()).filter(|r| !r.is_empty()),
            ),
            None => (body, None),
        };
        let mut words = head.split(|ch: char| ch.is_whitespace() || ch == ',');
        let keyword = words.next().unwrap_or_default();
        let Some(kind) = c.kind else {
            let guess = crate::util::closest(
                keyword,
                DirectiveKind::ALL.iter().map(|k| k.keyword()),
                crate::util::Nearness::TYPO,
            );
            self.problems.push(Problem {
                range: c.range.clone(),
                message: format!("unknown suppression directive `{keyword}`"),
                help: match guess {
                    Some(g) => format!("did you mean `{g}`?"),
                    None => "use `guide-lint-disable`, `guide-lint-enable`, \
                             `guide-lint-disable-next-line` or `guide-lint-disable-file`"
                        .to_string(),
                },
                fix: None,
            });
            return;
        };
        // Locate each name in the source so findings and fixes point at it.
        let source = doc.text.get(c.range.clone()).unwrap_or("");
        let head_end = source.find(" --").unwrap_or(source.len());
        let mut search = source.find(keyword).map_or(0, |i| i + keyword.len());
        let names: Vec<&str> = words.filter(|w| !w.is_empty()).collect();
        let mut located: Vec<Option<Range<usize>>> = Vec::new();
        for name in &names {
            let found = source
                .get(search..head_end)
                .and_then(|s| s.find(name))
                .map(|i| search + i);
            match found {
                Some(i) => {
                    search = i + name.len();
                    located.push(Some(c.range.start + i..c.range.start + i + name.len()));
                }
                None => located.push(None),
            }
        }
        let mut codes = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let range = located[i].clone().unwrap_or_else(|| c.range.clone());
            let removal = match (
                &located[i],
                i.checked_sub(1).and_then(|p| located[p].clone()),
            ) {
                // `A, B`: removing B takes `, B`.
                (Some(r), Some(prev)) => Edit::delete(prev.end..r.end),
                // `A, B`: removing A takes `A, `.
                (Some(r), None) => match located.get(i + 1).cloned().flatten() {
                    Some(next) => Edit::delete(r.start..next.start),
                    None => c.removal.clone(),
                },
                (None, _) => c.removal.clone(),
            };
            codes.push(CodeRef {
                text: name.to_string(),
                range,
                rule: Rule::parse(name),
                removal,
            });
        }
        self.directives.push(Directive {
            kind,
            comment: c.range.clone(),
            codes,
            reason,
            removal: c.removal.clone(),
            sound: c.sound,
        });
    }

    /// Turns directives into scoped units, and records the malformed ones.
    fn resolve(&mut self, doc: &Document) {
        let mut open: BTreeMap<Rule, (usize, usize)> = BTreeMap::new(); // rule -> (directive, code)
        let mut units = Vec::new();
        let mut problems = Vec::new();
        for (di, d) in self.directives.iter().enumerate() {
            for code in d.codes.iter().filter(|c| c.rule.is_none()) {
                let guess = crate::rule::closest_rule(&code.text);
                problems.push(Problem {
                    range: code.range.clone(),
                    message: format!("unknown rule `{}` in suppression", code.text),
                    help: match guess {
                        Some(g) => format!("did you mean `{g}`?"),
                        None => "name a rule by its code (`GL306`) or name (`nested-strong`); \
                                 `guide-lint rules` lists them"
                            .to_string(),
                    },
                    fix: None,
                });
            }
            if d.codes.is_empty() && d.kind != DirectiveKind::Enable {
                problems.push(Problem {
                    range: d.comment.clone(),
                    message: format!("`{}` names no rule", d.kind.keyword()),
                    help: format!(
                        "name the rules to silence, e.g. `<!-- {} GL306 -- reason -->`",
                        d.kind.keyword()
                    ),
                    fix: None,
                });
            }
            let known = d
                .codes
                .iter()
                .enumerate()
                .filter_map(|(ci, c)| Some((ci, c.rule?)));
            match d.kind {
                DirectiveKind::DisableFile => {
                    for (ci, rule) in known {
                        units.push(Unit {
                            directive: di,
                            code: ci,
                            rule,
                            scope: Scope::File,
                            closed_by: None,
                            used: false,
                        });
                    }
                }
                DirectiveKind::DisableNextLine => {
                    let line = doc.lines.line_col(d.comment.end).line + 1;
                    let range = match doc.lines.line_start(line) {
                        Some(start) if start < doc.text.len() => {
                            start..doc.lines.line_start(line + 1).unwrap_or(doc.text.len())
                        }
                        _ => doc.text.len()..doc.text.len(),
                    };
                    for (ci, rule) in known {
                        units.push(Unit {
                            directive: di,
                            code: ci,
                            rule,
                            scope: Scope::Range(range.clone()),
                            closed_by: None,
                            used: false,
                        });
                    }
                }
                DirectiveKind::Disable => {
                    for (ci, rule) in known {
                        if let Some(&(odi, _)) = open.get(&rule) {
                            let line = doc.lines.line_col(self.directives[odi].comment.start).line;
                            problems.push(Problem {
                                range: d.codes[ci].range.clone(),
                                message: format!(
                                    "`{}` is already disabled (line {line})",
                                    rule.code()
                                ),
                                help: "remove this name, or enable the rule before disabling \
                                       it again"
                                    .to_string(),
                                fix: Some(name_removal(d, ci)),
                            });
                            continue;
                        }
                        open.insert(rule, (di, ci));
                    }
                }
                DirectiveKind::Enable => {
                    let closing: Vec<(Rule, Option<usize>)> = if d.codes.is_empty() {
                        if open.is_empty() {
                            problems.push(Problem {
                                range: d.comment.clone(),
                                message: "`guide-lint-enable` with no open \
                                          `guide-lint-disable`"
                                    .to_string(),
                                help: "remove it, or add the matching `guide-lint-disable` \
                                       above"
                                    .to_string(),
                                fix: Some(("remove the comment".into(), d.removal.clone())),
                            });
                        }
                        open.keys().map(|r| (*r, None)).collect()
                    } else {
                        known.map(|(ci, r)| (r, Some(ci))).collect()
                    };
                    for (rule, ci) in closing {
                        match open.remove(&rule) {
                            Some((odi, oci)) => units.push(Unit {
                                directive: odi,
                                code: oci,
                                rule,
                                scope: Scope::Range(
                                    self.directives[odi].comment.end..d.comment.start,
                                ),
                                closed_by: Some(di),
                                used: false,
                            }),
                            None => {
                                if let Some(ci) = ci {
                                    problems.push(Problem {
                                        range: d.codes[ci].range.clone(),
                                        message: format!("`{}` is not disabled here", rule.code()),
                                        help: "remove this name, or add the matching \
                                               `guide-lint-disable` above"
                                            .to_string(),
                                        fix: Some(name_removal(d, ci)),
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
        for (rule, (odi, oci)) in open {
            units.push(Unit {
                directive: odi,
                code: oci,
                rule,
                scope: Scope::Range(self.directives[odi].comment.end..doc.text.len()),
                closed_by: None,
                used: false,
            });
        }
        // Most specific first: the next line, then regions (innermost first), then the file.
        units.sort_by_key(|u| match &u.scope {
            Scope::Range(r) => (0, r.end - r.start),
            Scope::File => (1, 0),
        });
        self.units = units;
        self.problems.extend(problems);
        self.problems.sort_by_key(|p| p.range.start);
    }

    /// Marks the suppression that covers `f`, if any, as used; returns whether one did.
    fn suppress(&mut self, f: &Finding) -> bool {
        let at = f.range.start;
        for u in &mut self.units {
            let covers = u.rule == f.rule
                && match &u.scope {
                    Scope::File => true,
                    Scope::Range(r) => r.contains(&at),
                };
            if covers {
                u.used = true;
                return true;
            }
        }
        false
    }
}

/// The repair that drops the `ci`th name of a directive (the whole comment when it is the only
/// name).
fn name_removal(d: &Directive, ci: usize) -> (std::borrow::Cow<'static, str>, Edit) {
    if d.codes.len() == 1 {
        ("remove the comment".into(), d.removal.clone())
    } else {
        ("remove the name".into(), d.codes[ci].removal.clone())
    }
}

/// Splits `head -- reason`.
fn split_reason(body: &str) -> Option<(&str, &str)> {
    let i = body.find("--")?;
    Some((&body[..i], &body[i + 2..]))
}

/// Applies every page's suppressions to the findings, and adds the GL001 and GL002 findings.
///
/// `rules_for` gives how a rule runs on a page (its rule set, with per-path overrides): its
/// severity, or `None` when it does not run there. A suppression of a rule that does not run on
/// the page is neither used nor reported.
pub fn apply(
    findings: Vec<Finding>,
    files: &mut BTreeMap<PathBuf, FileSuppressions>,
    rules_for: &dyn Fn(&Path, Rule) -> Option<Severity>,
) -> Vec<Finding> {
    let mut kept: Vec<Finding> = findings
        .into_iter()
        .filter(|f| !files.get_mut(&*f.path).is_some_and(|s| s.suppress(f)))
        .collect();
    let mut meta: Vec<Finding> = Vec::new();
    let self_rules = [Rule::UnusedSuppression, Rule::InvalidSuppression];
    for (path, s) in files.iter() {
        let rules = |rule| rules_for(path, rule);
        if let Some(severity) = rules(Rule::InvalidSuppression) {
            for p in &s.problems {
                let mut f = new_finding(Rule::InvalidSuppression, severity, path, p.range.clone())
                    .with_label("guide-lint cannot act on this")
                    .with_help(p.help.clone());
                f.message = p.message.clone().into();
                if let Some((what, edit)) = &p.fix {
                    f = f.with_fix(Applicability::Safe, what.clone(), vec![edit.clone()]);
                }
                meta.push(f);
            }
        }
        meta.extend(unused(path, s, &rules, |r| !self_rules.contains(&r)));
    }
    // The tool's own findings can be suppressed too; then the suppressions of GL001 and GL002
    // are judged.
    for f in meta {
        if !files.get_mut(&*f.path).is_some_and(|s| s.suppress(&f)) {
            kept.push(f);
        }
    }
    for (path, s) in files.iter() {
        let rules = |rule| rules_for(path, rule);
        kept.extend(unused(path, s, &rules, |r| self_rules.contains(&r)));
    }
    kept
}

fn new_finding(rule: Rule, severity: Severity, path: &Path, range: Range<usize>) -> Finding {
    Finding {
        rule,
        severity,
        path: path.into(),
        range,
        message: std::borrow::Cow::Borrowed(""),
        label: None,
        help: None,
        fix: None,
        related: Vec::new(),
    }
}

/// GL001 findings for the unused units of one page whose rule passes `which`.
fn unused(
    path: &Path,
    s: &FileSuppressions,
    rules: &dyn Fn(Rule) -> Option<Severity>,
    which: impl Fn(Rule) -> bool,
) -> Vec<Finding> {
    let Some(severity) = rules(Rule::UnusedSuppression) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (di, d) in s.directives.iter().enumerate() {
        let mine: Vec<&Unit> = s.units.iter().filter(|u| u.directive == di).collect();
        let unused: Vec<&Unit> = mine
            .iter()
            .copied()
            .filter(|u| !u.used && rules(u.rule).is_some() && which(u.rule))
            .collect();
        if unused.is_empty() {
            continue;
        }
        let names = |units: &[&Unit]| {
            units
                .iter()
                .map(|u| format!("`{}`", d.codes[u.code].text))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let scope = match d.kind {
            DirectiveKind::DisableNextLine => "on the next line",
            DirectiveKind::DisableFile => "in this file",
            _ => "in this region",
        };
        // Every name of the directive unused (and none unknown or skipped): remove the comment.
        let whole = unused.len() == d.codes.len();
        if whole && !d.sound {
            let mut f = new_finding(Rule::UnusedSuppression, severity, path, d.comment.clone())
                .with_label("suppresses nothing; this comment runs on to a later `-->`")
                .with_help(format!(
                    "nothing {scope} triggers {}; the comment does not end where it seems to \
                     (its `-->` is mistyped), so it is not removed automatically: remove it by hand",
                    names(&unused)
                ));
            f.message = format!("unused suppression of {}", names(&unused)).into();
            out.push(f);
            continue;
        }
        if whole {
            let mut edits = vec![d.removal.clone()];
            // An `enable` that only ends this region goes with it.
            let mut closers: Vec<usize> = mine.iter().filter_map(|u| u.closed_by).collect();
            closers.dedup();
            for ci in closers {
                let only_ours = s
                    .units
                    .iter()
                    .filter(|u| u.closed_by == Some(ci))
                    .all(|u| u.directive == di);
                if only_ours
                    && s.problems
                        .iter()
                        .all(|p| !overlaps(&p.range, &s.directives[ci].comment))
                {
                    edits.push(s.directives[ci].removal.clone());
                }
            }
            let mut f = new_finding(Rule::UnusedSuppression, severity, path, d.comment.clone())
                .with_label("suppresses nothing")
                .with_help(format!(
                    "nothing {scope} triggers {}; remove the comment",
                    names(&unused)
                ))
                .with_fix(
                    Applicability::Safe,
                    "remove the unused suppression comment",
                    edits,
                );
            f.message = format!("unused suppression of {}", names(&unused)).into();
            out.push(f);
            continue;
        }
        for u in unused {
            let code = &d.codes[u.code];
            let mut f = new_finding(Rule::UnusedSuppression, severity, path, code.range.clone())
                .with_label("suppresses nothing")
                .with_help(format!(
                    "nothing {scope} triggers `{}`; remove it from the list",
                    code.text
                ))
                .with_fix(
                    Applicability::Safe,
                    format!("remove `{}` from the suppression", code.text),
                    vec![code.removal.clone()],
                );
            f.message = format!("unused suppression of `{}`", code.text).into();
            out.push(f);
        }
    }
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Dialect;
    use crate::rules::RuleSet;

    /// Every rule runs, at its default severity.
    fn every_rule(_: &Path, rule: Rule) -> Option<Severity> {
        Some(RuleSet::default().severity(rule))
    }

    #[test]
    fn a_comment_with_a_mistyped_end_is_not_removed_by_its_fix() {
        // `--׹>` is not `-->`: the comment runs on to the next real one, over a paragraph.
        let text = "a\n\n<!-- guide-lint-disable GL102 --\u{5b9}>\n\nkeep this line\n\n<!-- later -->\n\nb\n";
        let d = doc(text);
        let c = comments(&d);
        assert_eq!(c.len(), 1);
        assert!(!c[0].sound);
        let set = |rule| every_rule(Path::new("p.md"), rule);
        let s = FileSuppressions::parse(&d);
        let found = unused(Path::new("p.md"), &s, &set, |_| true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].fix.is_none(), "{found:?}");
        // A well-formed comment keeps its fix.
        let d = doc("a\n\n<!-- guide-lint-disable GL102 -->\n\nb\n");
        let s = FileSuppressions::parse(&d);
        let found = unused(Path::new("p.md"), &s, &set, |_| true);
        assert!(found.iter().all(|f| f.fix.is_some()), "{found:?}");
    }

    fn doc(text: &str) -> Document {
        Document::parse(
            PathBuf::from("p.md"),
            text.to_string(),
            Some(Dialect::Wikijs),
        )
    }

    fn finding(rule: Rule, at: usize) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            path: Path::new("p.md").into(),
            range: at..at + 1,
            message: format!("{} here", rule.code()).into(),
            label: None,
            help: None,
            fix: None,
            related: Vec::new(),
        }
    }

    /// Runs suppressions over findings placed at the start of each `@CODE` marker in `text`.
    fn run(text: &str) -> (Vec<String>, Vec<String>) {
        let d = doc(text);
        let mut findings = Vec::new();
        for (i, _) in text.match_indices('@') {
            let code: String = text[i + 1..].chars().take(5).collect();
            findings.push(finding(Rule::parse(&code).unwrap(), i));
        }
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("p.md"), FileSuppressions::parse(&d));
        let out = apply(findings, &mut files, &every_rule);
        let (meta, rest): (Vec<_>, Vec<_>) = out
            .into_iter()
            .partition(|f| matches!(f.rule, Rule::UnusedSuppression | Rule::InvalidSuppression));
        let kept = rest
            .iter()
            .map(|f| format!("{}@{}", f.rule.code(), d.line_col(f.range.start).line))
            .collect();
        let meta = meta
            .iter()
            .map(|f| {
                format!(
                    "{}@{}: {} [{}]",
                    f.rule.code(),
                    d.line_col(f.range.start).line,
                    f.message,
                    &text[f.range.clone()]
                )
            })
            .collect();
        (kept, meta)
    }

    #[test]
    fn next_line_silences_only_the_next_line() {
        let (kept, meta) =
            run("a\n\n<!-- guide-lint-disable-next-line GL102 -->\n@GL102 @GL104\n\n@GL102\n");
        assert_eq!(kept, ["GL104@4", "GL102@6"]);
        assert!(meta.is_empty(), "{meta:?}");
    }

    #[test]
    fn disable_enable_region_per_rule() {
        let text = "<!-- guide-lint-disable GL102, GL104 -- legacy page -->\n\n@GL102 @GL104\n\n<!-- guide-lint-enable GL102 -->\n\n@GL102 @GL104\n";
        let (kept, meta) = run(text);
        assert_eq!(kept, ["GL102@7"]);
        assert!(meta.is_empty(), "{meta:?}");
        let d = FileSuppressions::parse(&doc(text));
        assert_eq!(d.directives()[0].reason.as_deref(), Some("legacy page"));
    }

    #[test]
    fn enable_without_rules_closes_all_and_unclosed_runs_to_the_end() {
        let (kept, meta) = run(
            "<!-- guide-lint-disable GL102 GL104 -->\n\n@GL102\n\n<!-- guide-lint-enable -->\n\n@GL104\n\n<!-- guide-lint-disable relative-component-path -->\n\n@GL102\n",
        );
        assert_eq!(kept, ["GL104@7"]);
        assert_eq!(
            meta,
            ["GL001@1: unused suppression of `GL104` [GL104]"],
            "GL104 is disabled by the first directive but not used in its region"
        );
    }

    #[test]
    fn file_wide_and_names() {
        let (kept, meta) =
            run("@GL102\n\n<!-- guide-lint-disable-file missing-default GL102 -->\n\n@GL102\n");
        assert!(kept.is_empty(), "{kept:?}");
        assert_eq!(
            meta,
            ["GL001@3: unused suppression of `missing-default` [missing-default]"]
        );
    }

    #[test]
    fn unused_whole_comment_is_reported_with_a_removal_fix() {
        let text = "para\n\n<!-- guide-lint-disable-next-line GL102 -->\nfine\n";
        let d = doc(text);
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("p.md"), FileSuppressions::parse(&d));
        let out = apply(Vec::new(), &mut files, &every_rule);
        assert_eq!(out.len(), 1);
        let f = &out[0];
        assert_eq!(f.rule, Rule::UnusedSuppression);
        assert_eq!(f.message, "unused suppression of `GL102`");
        let fix = f.fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        let e = &fix.edits[0];
        let mut fixed = text.to_string();
        fixed.replace_range(e.range.clone(), &e.content);
        assert_eq!(fixed, "para\n\nfine\n");
    }

    #[test]
    fn an_unused_region_goes_with_its_enable() {
        let text = "a\n\n<!-- guide-lint-disable GL102 -->\n\nb\n\n<!-- guide-lint-enable GL102 -->\n\nc\n";
        let d = doc(text);
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("p.md"), FileSuppressions::parse(&d));
        let out = apply(Vec::new(), &mut files, &every_rule);
        assert_eq!(out.len(), 1);
        let mut edits = out[0].fix.as_ref().unwrap().edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut fixed = text.to_string();
        for e in edits {
            fixed.replace_range(e.range.clone(), &e.content);
        }
        assert_eq!(fixed, "a\n\nb\n\nc\n");
    }

    #[test]
    fn partly_unused_list_removes_one_name() {
        let text = "<!-- guide-lint-disable-next-line GL102, GL104 -->\n@GL102\n";
        let d = doc(text);
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("p.md"), FileSuppressions::parse(&d));
        let out = apply(
            vec![finding(
                Rule::RelativeComponentPath,
                text.find('@').unwrap(),
            )],
            &mut files,
            &every_rule,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(&text[out[0].range.clone()], "GL104");
        let e = &out[0].fix.as_ref().unwrap().edits[0];
        let mut fixed = text.to_string();
        fixed.replace_range(e.range.clone(), &e.content);
        assert_eq!(
            fixed,
            "<!-- guide-lint-disable-next-line GL102 -->\n@GL102\n"
        );
    }

    #[test]
    fn mistakes_are_reported() {
        let (_, meta) = run(concat!(
            "<!-- guide-lint-disabel GL102 -->\n\n",
            "<!-- guide-lint-disable-next-line GL1O2 -->\nx\n\n",
            "<!-- guide-lint-disable -->\n\n",
            "<!-- guide-lint-enable GL104 -->\n\n",
            "<!-- guide-lint-disable-file GL102 -->\n\n@GL102\n",
        ));
        assert_eq!(
            meta,
            [
                "GL002@1: unknown suppression directive `guide-lint-disabel` [<!-- guide-lint-disabel GL102 -->]",
                "GL002@3: unknown rule `GL1O2` in suppression [GL1O2]",
                "GL002@6: `guide-lint-disable` names no rule [<!-- guide-lint-disable -->]",
                "GL002@8: `GL104` is not disabled here [GL104]",
            ]
        );
    }

    #[test]
    fn a_comma_may_follow_the_directive() {
        let (kept, meta) = run("<!-- guide-lint-disable-next-line,GL102 -->\n@GL102\n");
        assert!(kept.is_empty() && meta.is_empty(), "{kept:?} {meta:?}");
    }

    #[test]
    fn double_disable_and_enable_with_nothing_open() {
        let (_, meta) = run(
            "<!-- guide-lint-enable -->\n\n<!-- guide-lint-disable GL102 -->\n\n@GL102\n\n<!-- guide-lint-disable GL102 -->\n",
        );
        assert_eq!(
            meta,
            [
                "GL002@1: `guide-lint-enable` with no open `guide-lint-disable` [<!-- guide-lint-enable -->]",
                "GL002@7: `GL102` is already disabled (line 3) [GL102]",
            ]
        );
    }

    #[test]
    fn the_tool_s_own_findings_can_be_suppressed() {
        let (_, meta) = run(
            "<!-- guide-lint-disable-file GL001 GL002 -->\n\n<!-- guide-lint-disable-next-line GL102 -->\nx\n\n<!-- guide-lint-disable-file GL999 -->\n",
        );
        assert!(meta.is_empty(), "{meta:?}");
        let (_, meta) = run("<!-- guide-lint-disable-file GL001 -->\n");
        assert_eq!(
            meta,
            ["GL001@1: unused suppression of `GL001` [<!-- guide-lint-disable-file GL001 -->]"]
        );
    }

    #[test]
    fn directives_in_code_are_text() {
        let (kept, meta) = run(
            "```\n<!-- guide-lint-disable-next-line GL102 -->\n```\n@GL102 `<!-- guide-lint-disable-file GL102 -->`\n",
        );
        assert_eq!(kept, ["GL102@4"]);
        assert!(meta.is_empty(), "{meta:?}");
    }

    #[test]
    fn disabled_rules_make_no_unused_suppression() {
        let d = doc("<!-- guide-lint-disable-file GL102 -->\n");
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("p.md"), FileSuppressions::parse(&d));
        let mut rules = RuleSet::default();
        rules.set_enabled(Rule::RelativeComponentPath, false);
        let rules_for = |_: &Path, rule| rules.is_enabled(rule).then(|| rules.severity(rule));
        assert!(apply(Vec::new(), &mut files, &rules_for).is_empty());
    }

    #[test]
    fn removal_keeps_paragraphs_apart_and_lines_clean() {
        let cases = [
            ("a\n\n<!-- c -->\n\nb\n", "a\n\nb\n"),
            ("<!-- c -->\n\nb\n", "b\n"),
            ("a\n<!-- c -->\nb\n", "a\n\nb\n"),
            ("<!-- c -->\nb\n", "b\n"),
            ("a\n\n<!-- c -->", "a\n\n"),
            ("a  <!-- c -->\nb\n", "a\nb\n"),
            ("a <!-- c --> b\n", "a b\n"),
            ("<!-- c --> b\n", "b\n"),
            ("a\r\n\r\n<!-- c -->\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"),
            ("a\r\n<!-- c -->\r\nb\r\n", "a\r\n\r\nb\r\n"),
        ];
        for (text, want) in cases {
            let start = text.find("<!--").unwrap();
            let end = text.find("-->").unwrap() + 3;
            let e = removal_edit(text, start..end);
            let mut fixed = text.to_string();
            fixed.replace_range(e.range.clone(), &e.content);
            assert_eq!(fixed, want, "{text:?}");
        }
    }

    #[test]
    fn comments_lists_every_directive_comment() {
        let d = doc(
            "<!-- note -->\n\n<!-- guide-lint-disable-file GL102 -->\n\ntext <!-- guide-lint-oops -->\n",
        );
        let c = comments(&d);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].kind, Some(DirectiveKind::DisableFile));
        assert_eq!(c[1].kind, None);
    }

    proptest::proptest! {
        /// Whatever the page, suppressions never panic, and every fix they offer is a valid
        /// edit of the text (in bounds, on character boundaries).
        #[test]
        fn never_panics_and_edits_are_valid(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "<!-- guide-lint-disable GL102 -->", "<!-- guide-lint-enable -->",
                "<!-- guide-lint-enable GL104, GL102 -->", "<!--guide-lint-disable-next-line GL105-->",
                "<!-- guide-lint-disable-file missing-default -- why -->", "<!-- guide-lint-disabel x -->",
                "<!-- guide-lint-disable ,, -- -->", "<!-- guide-lint- -->", "æø", "\n", "\r\n", " ",
                "> ", "- ", "```\n", "`", "text", "<span identity=\"old\">", "    ",
            ]),
            0..24,
        )) {
            let text: String = parts.concat();
            let d = doc(&text);
            let mut files = BTreeMap::new();
            files.insert(PathBuf::from("p.md"), FileSuppressions::parse(&d));
            let findings: Vec<Finding> = (0..text.len())
                .step_by(7)
                .filter(|i| text.is_char_boundary(*i))
                .map(|i| finding(Rule::RelativeComponentPath, i))
                .collect();
            for f in apply(findings, &mut files, &every_rule) {
                for e in f.fix.iter().flat_map(|x| &x.edits) {
                    proptest::prop_assert!(e.range.start <= e.range.end && e.range.end <= text.len());
                    proptest::prop_assert!(text.is_char_boundary(e.range.start));
                    proptest::prop_assert!(text.is_char_boundary(e.range.end));
                }
                proptest::prop_assert!(text.is_char_boundary(f.range.start));
            }
        }
    }
}
