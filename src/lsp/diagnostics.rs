//! Findings as LSP diagnostics: the same code, severity, range, message and help as `check`,
//! with `codeDescription` linking to the rule's doc.

use std::sync::mpsc::Sender;

use lsp_server::{Message, Notification};
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, PublishDiagnosticsParams, Uri,
};

use super::Server;
use super::store::{Doc, Lines, path_uri};
use crate::finding::{Finding, Severity};
use crate::rule::Rule;
use crate::{CheckReport, Error};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "guide-lint";

/// The rule's documentation page.
pub fn rule_url(rule: Rule) -> Option<Uri> {
    let base = crate::render::default_project_url()?;
    format!("{base}/blob/main/rules/{}", rule.doc_file())
        .parse()
        .ok()
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The diagnostic message: the finding's message, its label when it says more, and its help.
pub fn message(f: &Finding) -> String {
    let mut m = f.message.to_string();
    if let Some(help) = &f.help {
        m.push_str("\nhelp: ");
        m.push_str(help);
    }
    m
}

/// One finding of `doc` as a diagnostic.
pub fn diagnostic(server: &Server, doc: &Doc, f: &Finding, report: &CheckReport) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            let uri = path_uri(&r.path)?;
            let range = if r.path == doc.path {
                doc.range(&r.range)
            } else {
                let text = server
                    .docs()
                    .get(&r.path)
                    .map(|d| d.text.clone())
                    .or_else(|| report.sources.get(&r.path).cloned())
                    .or_else(|| server.text_of(&r.path))?;
                Lines::new(&text).range(&text, &r.range)
            };
            Some(DiagnosticRelatedInformation {
                location: Location { uri, range },
                message: r.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: doc.range(&f.range),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.code().into())),
        code_description: rule_url(f.rule).map(|href| CodeDescription { href }),
        source: Some(SOURCE.into()),
        message: message(f),
        related_information: (!related.is_empty()).then_some(related),
        tags: (f.rule == Rule::UnusedSuppression).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// The diagnostics of an open page: its findings, and why it could not be read when it could
/// not (as `check` reports a file error).
pub fn for_page(
    server: &Server,
    doc: &Doc,
    findings: &[Finding],
    report: &CheckReport,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = findings
        .iter()
        .map(|f| diagnostic(server, doc, f, report))
        .collect();
    for e in report.errors.iter().filter(|e| e.path == doc.path) {
        let at = e.position.map_or(0, |(_, _, offset)| offset);
        let pos = doc.position(at);
        out.push(Diagnostic {
            range: lsp_types::Range::new(pos, pos),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some(SOURCE.into()),
            message: format!("the page cannot be checked: {}", e.message),
            ..Diagnostic::default()
        });
    }
    out
}

/// The one diagnostic of a page whose project's configuration does not read.
pub fn unreadable_project(message: &str) -> Diagnostic {
    Diagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.into()),
        message: format!(
            "cannot read the configuration of this page's project ({message}): its pages are \
             not checked"
        ),
        ..Diagnostic::default()
    }
}

/// The one diagnostic of a page too large to check as it is typed.
pub fn too_large(len: usize) -> Diagnostic {
    Diagnostic {
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some(SOURCE.into()),
        message: format!(
            "this page is {:.1} MB: the editor checks pages up to {} MB as they are typed; run `guide-lint check` on it",
            len as f64 / f64::from(1 << 20),
            super::LIVE_LIMIT >> 20
        ),
        ..Diagnostic::default()
    }
}

/// A configuration error as a diagnostic on the configuration file, when it is open.
pub fn config_error(e: &Error, doc: Option<&Doc>) -> Vec<Diagnostic> {
    let Some(doc) = doc else {
        return Vec::new();
    };
    let (offset, message) = match e {
        Error::Config {
            offset, message, ..
        } => (*offset, message.clone()),
        other => (0, other.to_string()),
    };
    let pos = doc.position(offset);
    vec![Diagnostic {
        range: lsp_types::Range::new(pos, pos),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.into()),
        message,
        ..Diagnostic::default()
    }]
}

/// Sends `textDocument/publishDiagnostics` for `doc` (an empty list clears them).
pub fn publish(tx: &Sender<Message>, doc: &Doc, diagnostics: Vec<Diagnostic>) {
    let params = PublishDiagnosticsParams {
        uri: doc.uri.clone(),
        diagnostics,
        version: Some(doc.version),
    };
    let _ = tx.send(Message::Notification(Notification::new(
        "textDocument/publishDiagnostics".into(),
        params,
    )));
}

/// Whether a finding's range touches a byte range (an empty range touches what it sits in or
/// next to).
pub fn touches(f: &Finding, range: &std::ops::Range<usize>) -> bool {
    f.range.start <= range.end && range.start <= f.range.end
}
