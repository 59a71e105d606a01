//! Human output with miette: the source line, a label under the exact span, the rule code and
//! name, and the help text.

use std::fmt::Write as _;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::CheckReport;
use crate::finding::{Finding, Severity};
use crate::logsafe;

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: CharColumns<'a>,
    code: String,
    /// The finding's range in `source` (which may hold escapes, see [`logsafe::Source`]).
    span: SourceSpan,
}

/// A page's text for miette, borrowed (never copied per finding), reporting columns in
/// characters as editors and terminals count them (miette counts bytes: each Danish letter
/// before a finding would shift it by one).
struct CharColumns<'a> {
    name: String,
    text: &'a str,
}

impl SourceCode for CharColumns<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let at = span.offset().min(self.text.len());
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let column = self
            .text
            .get(line_start..at)
            .map_or(contents.column(), |s| s.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

impl std::fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&logsafe::text(&self.finding.message))
    }
}

impl std::fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&logsafe::text(&self.finding.message))
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let f = self.finding;
        let mut help = f.help.clone().unwrap_or_default();
        if let Some(fix) = &f.fix {
            let how = match fix.applicability {
                crate::finding::Applicability::Safe => "fixable with `--fix`",
                crate::finding::Applicability::Unsafe => "fixable with `--fix --unsafe-fixes`",
                crate::finding::Applicability::DisplayOnly => "",
            };
            if !how.is_empty() {
                if !help.is_empty() {
                    help.push('\n');
                }
                let _ = write!(help, "{how}: {}", fix.message);
            }
        }
        (!help.is_empty())
            .then(|| Box::new(logsafe::multiline(&help).into_owned()) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let span = self.span;
        let label = logsafe::text(f.label.as_ref().unwrap_or(&f.message)).into_owned();
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(label), span),
        )))
    }
}

/// Options for human output.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
        }
    }
}

fn handler(opts: HumanOptions) -> GraphicalReportHandler {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_context_lines(1)
        .without_syntax_highlighting()
}

/// Renders every finding (and unreadable file) of a report.
pub fn render(report: &CheckReport, opts: HumanOptions) -> String {
    let handler = handler(opts);
    let mut out = String::new();
    // Pages with control characters are shown escaped (one copy per page, not per finding).
    let mut escaped: Option<(&std::path::Path, Option<logsafe::Source>)> = None;
    for f in &report.findings {
        let text = report.sources.get(&f.path).map_or("", String::as_str);
        if escaped.as_ref().is_none_or(|(p, _)| *p != f.path.as_path()) {
            escaped = Some((f.path.as_path(), logsafe::Source::new(text)));
        }
        let (text, start, end) = match escaped.as_ref().and_then(|(_, s)| s.as_ref()) {
            Some(s) => (
                s.text.as_str(),
                s.offset(f.range.start),
                s.offset(f.range.end.max(f.range.start)),
            ),
            None => (text, f.range.start, f.range.end.max(f.range.start)),
        };
        let diag = FindingDiagnostic {
            finding: f,
            source: CharColumns {
                name: logsafe::path(&f.path),
                text,
            },
            code: format!("{} {}", f.rule.code(), f.rule.name()),
            span: SourceSpan::from(start..end),
        };
        let _ = handler.render_report(&mut out, &diag);
        out.push('\n');
    }
    for e in &report.errors {
        out.push_str(&super::file_error_line(e));
        out.push('\n');
    }
    out
}
