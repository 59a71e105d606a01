//! Code actions: each finding's fix (safe ones as preferred quick fixes, unsafe ones labelled),
//! "fix all safe findings in this file", and suppression comments for the line and the file,
//! written as `check` reads them.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, WorkspaceEdit,
};

use super::Server;
use super::diagnostics;
use super::store::Doc;
use crate::finding::{Applicability, Edit, Finding};
use crate::rule::Rule;
use crate::suppress::DirectiveKind;

pub fn code_actions(
    server: &mut Server,
    params: CodeActionParams,
) -> Option<Vec<CodeActionOrCommand>> {
    let path = super::store::uri_path(&params.text_document.uri)?;
    let findings = server.findings(&path);
    let doc = server.docs().get(&path)?.clone();
    let range = doc.lines.byte_range(&doc.text, params.range);
    let only = params.context.only.clone();
    let wants = |kind: &CodeActionKind| {
        only.as_ref()
            .is_none_or(|o| o.iter().any(|k| kind.as_str().starts_with(k.as_str())))
    };
    let mut out = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        let parsed = server.parse_page(&path).map(|(d, _)| d);
        for f in findings.iter().filter(|f| diagnostics::touches(f, &range)) {
            let diag = diagnostic_for(server, &doc, f);
            if let Some(fix) = &f.fix {
                let label = match fix.applicability {
                    Applicability::Safe => String::new(),
                    Applicability::Unsafe => " (unsafe: check the result)".into(),
                    Applicability::DisplayOnly => " (suggestion: check the result)".into(),
                };
                out.push(action(
                    format!("Fix {}: {}{label}", f.rule.code(), fix.message),
                    CodeActionKind::QUICKFIX,
                    &doc,
                    &fix.edits,
                    Some(diag.clone()),
                    fix.applicability == Applicability::Safe,
                ));
            }
            if matches!(f.rule, Rule::UnusedSuppression | Rule::InvalidSuppression) {
                continue;
            }
            if let Some(parsed) = &parsed {
                if let Some(edit) = line_suppression(parsed, f) {
                    out.push(action(
                        format!("Suppress {} on this line", f.rule.code()),
                        CodeActionKind::QUICKFIX,
                        &doc,
                        &[edit],
                        Some(diag.clone()),
                        false,
                    ));
                }
                out.push(action(
                    format!("Suppress {} in this file", f.rule.code()),
                    CodeActionKind::QUICKFIX,
                    &doc,
                    &[file_suppression(parsed, f.rule)],
                    Some(diag),
                    false,
                ));
            }
        }
    }
    let fix_all_kind = CodeActionKind::new("source.fixAll.guide-lint");
    if (wants(&fix_all_kind) || wants(&CodeActionKind::QUICKFIX))
        && findings.iter().any(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == Applicability::Safe)
        })
        && let Some(edit) = fix_all(server, &doc, &findings)
    {
        out.push(action(
            "Fix all safe findings in this file".into(),
            fix_all_kind,
            &doc,
            &[edit],
            None,
            false,
        ));
    }
    Some(out)
}

fn diagnostic_for(server: &Server, doc: &Doc, f: &Finding) -> lsp_types::Diagnostic {
    diagnostics::diagnostic(server, doc, f, &crate::CheckReport::default())
}

// lsp-types keys `WorkspaceEdit::changes` by `Uri`, whose parsed form caches data in a `Cell`;
// the URI is never changed while it is a key.
#[allow(clippy::mutable_key_type)]
fn action(
    title: String,
    kind: CodeActionKind,
    doc: &Doc,
    edits: &[Edit],
    diagnostic: Option<lsp_types::Diagnostic>,
    preferred: bool,
) -> CodeActionOrCommand {
    let edits: Vec<TextEdit> = edits
        .iter()
        .map(|e| doc.text_edit(&e.range, &e.content))
        .collect();
    let mut changes = HashMap::new();
    changes.insert(doc.uri.clone(), edits);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: diagnostic.map(|d| vec![d]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}

/// `<!-- guide-lint-disable-next-line CODE -->` for the line the finding starts on: on a line
/// of its own before it when that line starts a block (so no paragraph is split), else at the
/// end of the line before (an inline comment, which keeps the paragraph whole). `None` in the
/// front matter and in code, where a comment would be text.
pub fn line_suppression(doc: &crate::Document, f: &Finding) -> Option<Edit> {
    let text = doc.text.as_str();
    let at = f.range.start.min(text.len());
    if at < doc.body_start() {
        return None;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if doc.code_blocks.iter().any(|r| r.contains(&line_start)) {
        return None;
    }
    let comment = format!(
        "<!-- {} {} -->",
        DirectiveKind::DisableNextLine.keyword(),
        f.rule.code()
    );
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let prefix_len = line
        .find(|c: char| !matches!(c, ' ' | '\t' | '>'))
        .unwrap_or(line.len());
    let prefix = &line[..prefix_len];
    let prev = (line_start > 0).then(|| {
        let end = line_start - 1;
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        (start, end)
    });
    let starts_block = match prev {
        None => true,
        Some((s, e)) => {
            let p = text[s..e].trim_end_matches('\r');
            let blank = p
                .trim_matches(|c: char| c == ' ' || c == '\t' || c == '>')
                .is_empty();
            let trimmed = p.trim_start_matches([' ', '>']);
            blank
                || s < doc.body_start()
                || trimmed.starts_with('#')
                || trimmed.starts_with("```")
                || trimmed.starts_with("~~~")
                || doc.code_blocks.iter().any(|r| r.contains(&s))
        }
    };
    if starts_block {
        // The line's own break: the text shows a lone `\r` as `\n`.
        let eol = if doc
            .lone_crs
            .binary_search(&(line_start + line.len()))
            .is_ok()
        {
            "\r"
        } else if line.ends_with('\r') {
            "\r\n"
        } else {
            "\n"
        };
        let prefix = prefix.trim_end_matches('\r');
        return Some(Edit::insert(line_start, format!("{prefix}{comment}{eol}")));
    }
    let (s, e) = prev?;
    let end = s + text[s..e].trim_end_matches('\r').len();
    Some(Edit::insert(end, format!(" {comment}")))
}

/// `<!-- guide-lint-disable-file CODE -->` on its own line at the top of the body (after the
/// front matter).
pub fn file_suppression(doc: &crate::Document, rule: Rule) -> Edit {
    let at = doc.body_start();
    let eol = if doc.text.contains("\r\n") {
        "\r\n"
    } else if !doc.lone_crs.is_empty() {
        "\r"
    } else {
        "\n"
    };
    let comment = format!(
        "<!-- {} {} -->{eol}",
        DirectiveKind::DisableFile.keyword(),
        rule.code()
    );
    // A comment right before a paragraph line would start an HTML block that swallows it only
    // until the comment ends, so a following text line is safe; keep a blank line after it
    // anyway when the body starts with text, for readability.
    let next = doc.text[at..].lines().next().unwrap_or("");
    let spacer = if next.trim().is_empty() || next.trim_start().starts_with("<!--") {
        ""
    } else {
        eol
    };
    Edit::insert(at, format!("{comment}{spacer}"))
}

/// One edit taking the buffer to the text with every safe fix applied: the fixes of the
/// findings shown (cross-page ones included) first, then the page's own fixes until the text
/// is stable, as `guide-lint fix` does.
fn fix_all(server: &Server, doc: &Doc, findings: &[Finding]) -> Option<Edit> {
    let options = crate::FixOptions::default();
    let proposals = crate::proposals(findings, &options);
    let round = crate::fix::apply_round(&doc.text, proposals.iter().map(|p| p.edits.as_slice()));
    // With the configuration and in the dialect the page's diagnostics were computed in (a
    // page of a project below the workspace's own: that project's).
    let config = server.config_of(&doc.path)?;
    let file = crate::discover::page_file(&doc.path, &config);
    let dialect = crate::Loader::new(&config).dialect(&file, &doc.text);
    let parsed = crate::Document::parse_with_toc(
        doc.path.clone(),
        round.text.clone(),
        dialect,
        config.toc(),
    );
    let fixed = match crate::fix_text(&file, &parsed, &config, &options) {
        Ok(f) => f.text,
        Err(_) => round.text,
    };
    minimal_edit(&doc.text, &fixed)
}

/// The single edit that turns `old` into `new` (common prefix and suffix kept), or `None` when
/// they are equal.
pub fn minimal_edit(old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Some(Edit::replace(
        prefix..old.len() - suffix,
        &new[prefix..new.len() - suffix],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding_at(text: &str, needle: &str) -> Finding {
        let at = text.find(needle).unwrap();
        Finding {
            rule: Rule::MissingDefault,
            severity: crate::Severity::Warning,
            path: std::path::Path::new("da/a.md").into(),
            range: at..at + needle.len(),
            message: "m".into(),
            label: None,
            help: None,
            fix: None,
            related: Vec::new(),
        }
    }

    fn apply(text: &str, e: &Edit) -> String {
        let mut t = text.to_string();
        t.replace_range(e.range.clone(), &e.content);
        t
    }

    #[test]
    fn a_line_suppression_never_splits_a_paragraph() {
        let text = "---\ntitle: x\n---\n\nFirst line\nsecond X line\n\n> quoted Y\n";
        let doc = crate::Document::parse("da/a.md".into(), text.into(), None);
        let e = line_suppression(&doc, &finding_at(text, "X")).unwrap();
        assert_eq!(
            apply(text, &e),
            "---\ntitle: x\n---\n\nFirst line <!-- guide-lint-disable-next-line GL105 -->\nsecond X line\n\n> quoted Y\n"
        );
        let e = line_suppression(&doc, &finding_at(text, "Y")).unwrap();
        assert!(
            apply(text, &e)
                .ends_with("\n\n> <!-- guide-lint-disable-next-line GL105 -->\n> quoted Y\n")
        );
        assert!(line_suppression(&doc, &finding_at(text, "title")).is_none());
    }

    #[test]
    fn suppressions_end_their_line_as_the_file_does() {
        for eol in ["\n", "\r\n", "\r"] {
            let text = "---\ntitle: x\n---\n\nFirst line\n\nsecond X line\n".replace('\n', eol);
            let doc = crate::Document::parse("da/a.md".into(), text.clone(), None);
            let e = line_suppression(&doc, &finding_at(&text, "X")).unwrap();
            let want = "---\ntitle: x\n---\n\nFirst line\n\n<!-- guide-lint-disable-next-line GL105 -->\nsecond X line\n";
            assert_eq!(apply(&text, &e), want.replace('\n', eol), "{eol:?}");
            let e = file_suppression(&doc, Rule::MissingDefault);
            let want = "---\ntitle: x\n---\n<!-- guide-lint-disable-file GL105 -->\n\nFirst line\n";
            assert!(
                apply(&text, &e).starts_with(&want.replace('\n', eol)),
                "{eol:?}"
            );
        }
    }

    #[test]
    fn a_file_suppression_goes_after_the_front_matter() {
        let text = "---\ntitle: x\n---\nBody\n";
        let doc = crate::Document::parse("da/a.md".into(), text.into(), None);
        let e = file_suppression(&doc, Rule::MissingDefault);
        assert_eq!(
            apply(text, &e),
            "---\ntitle: x\n---\n<!-- guide-lint-disable-file GL105 -->\n\nBody\n"
        );
    }

    proptest::proptest! {
        /// The edit a code action sends, applied as an editor applies it (from LSP positions
        /// back to offsets), makes the fixed text, whatever line breaks either side has.
        #[test]
        fn a_minimal_edit_sent_to_the_editor_makes_the_new_text(
            old in "(a|b|æ|😀|\r\n|\n|\r){0,12}",
            new in "(a|b|æ|😀|\r\n|\n|\r){0,12}",
        ) {
            let Some(e) = minimal_edit(&old, &new) else {
                proptest::prop_assert_eq!(&old, &new);
                return Ok(());
            };
            proptest::prop_assert_eq!(apply(&old, &e), new.clone());
            let uri: lsp_types::Uri = "file:///g/da/a.md".parse().unwrap();
            let doc = Doc::new(uri, "/g/da/a.md".into(), 1, "markdown".into(), old.clone());
            let sent = doc.text_edit(&e.range, &e.content);
            let range = doc.offset(sent.range.start)..doc.offset(sent.range.end);
            let mut edited = old.clone();
            edited.replace_range(range, &sent.new_text);
            proptest::prop_assert_eq!(edited, new);
        }
    }

    #[test]
    fn minimal_edits_keep_what_is_common() {
        let e = minimal_edit("aæbc", "aøbc").unwrap();
        assert_eq!(apply("aæbc", &e), "aøbc");
        assert_eq!(e.range, 1..3);
        assert!(minimal_edit("x", "x").is_none());
        let e = minimal_edit("abcabc", "abc").unwrap();
        assert_eq!(apply("abcabc", &e), "abc");
    }
}
