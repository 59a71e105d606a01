//! `--output-format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it.
//!
//! - `tool.driver.rules`: every rule, with its summary, full description, the whole doc as help
//!   (text and Markdown), `helpUri` to the rule doc in the repository (Cargo's `repository`),
//!   and its default level;
//! - results: the rule, level, message (and help), the full region (lines and columns in UTF-16
//!   code units as `columnKind` says, plus byte offset and length), `partialFingerprints`, related
//!   locations and fixes;
//! - paths relative to the repository root under `uriBaseId` `%SRCROOT%`;
//! - unreadable files as tool execution notifications.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::model::{self, Position, Positions};
use super::{RenderContext, section_text};
use crate::document::line_index::{ceil_char_boundary, floor_char_boundary};
use crate::finding::{Finding, Severity};
use crate::{CheckReport, Rule, RuleMeta};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// How far a result's context quotes a long line before and after the finding, in bytes.
const CONTEXT_REACH: usize = 400;

const SRCROOT: &str = "%SRCROOT%";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Tags that group rules in code scanning's filters.
fn tags(rule: Rule) -> Vec<&'static str> {
    let group = match rule.code().as_bytes().get(2) {
        Some(b'0') => "suppressions",
        Some(b'1') => "components",
        Some(b'2') => "links",
        Some(b'3') => "markup",
        Some(b'4') => "translation",
        _ => "other",
    };
    vec!["guide-lint", group]
}

fn rule_descriptor(rule: Rule, ctx: &RenderContext) -> Value {
    let doc = rule.doc();
    let what = section_text(doc, "What it does");
    let why = section_text(doc, "Why is this bad?");
    let full = [what.as_str(), why.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n");
    let short = match rule.summary() {
        "" => rule.name().replace('-', " "),
        s => s.to_string(),
    };
    let mut d = json!({
        "id": rule.code(),
        "name": rule.name(),
        "shortDescription": { "text": short },
        "fullDescription": { "text": if full.is_empty() { short.clone() } else { full } },
        "help": { "text": doc, "markdown": doc },
        "defaultConfiguration": { "level": level(rule.default_severity()) },
        "properties": { "tags": tags(rule) },
    });
    if let Some(url) = ctx.rule_url(rule) {
        d["helpUri"] = json!(url);
    }
    d
}

fn region(start: Position, end: Position) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.utf16_column,
        "endLine": end.line,
        "endColumn": end.utf16_column,
        "byteOffset": start.offset,
        "byteLength": end.offset.saturating_sub(start.offset),
    })
}

fn artifact(uri: &str) -> Value {
    if uri.starts_with('/') {
        json!({ "uri": file_uri(uri) })
    } else {
        json!({ "uri": encode_uri_path(uri), "uriBaseId": SRCROOT })
    }
}

fn file_uri(abs: &str) -> String {
    format!("file://{}", encode_uri_path(abs))
}

/// Percent-encodes what may not appear in a URI path (RFC 3986), keeping `/`.
fn encode_uri_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A fingerprint that survives edits elsewhere in the file: the rule, the file, and the text
/// under the finding, plus the occurrence number among identical ones.
fn fingerprint(f: &Finding, file: &str, report: &CheckReport) -> String {
    let text = report
        .sources
        .get(&*f.path)
        .and_then(|t| t.get(f.range.clone()))
        .unwrap_or("");
    let snippet: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut h = Sha256::new();
    for part in [f.rule.code(), file, &snippet] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn result(
    f: &Finding,
    pos: &mut Positions<'_>,
    ctx: &RenderContext,
    report: &CheckReport,
    seen: &mut BTreeMap<String, usize>,
) -> Value {
    let j = model::finding(f, pos, ctx);
    let mut text = j.message.clone();
    if let Some(help) = &j.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    let hash = fingerprint(f, &j.file, report);
    let n = seen.entry(hash.clone()).or_insert(0);
    *n += 1;
    let rule_index = Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0);
    let mut physical = json!({
        "artifactLocation": artifact(&j.file),
        "region": region(j.start, j.end),
    });
    if let Some(text) = report.sources.get(&*f.path) {
        if let Some(snippet) = text.get(j.start.offset..j.end.offset) {
            physical["region"]["snippet"] = json!({ "text": snippet });
        }
        // The whole lines of the finding, for readers without the file; of a long line, only
        // up to CONTEXT_REACH bytes on either side of the finding, so that the log does not
        // grow with the length of the lines times the number of their findings (a page of one
        // 8 MiB line with a finding every two bytes would make a log of petabytes).
        // The line's end is looked for within reach only: a search to the end of the line for
        // each finding would be quadratic too.
        let line_start = j.start.offset + 1 - j.start.column;
        let from = line_start.max(floor_char_boundary(
            text,
            j.start.offset.saturating_sub(CONTEXT_REACH),
        ));
        let reach = ceil_char_boundary(text, j.end.offset + CONTEXT_REACH);
        let (to, line_end) = match text.get(j.end.offset..reach).and_then(|r| r.find('\n')) {
            Some(i) => (j.end.offset + i, true),
            None => (reach, reach == text.len()),
        };
        if let Some(lines) = text.get(from..to) {
            let snippet = json!({ "text": lines.strip_suffix('\r').unwrap_or(lines) });
            physical["contextRegion"] = if from == line_start && line_end {
                json!({ "startLine": j.start.line, "endLine": j.end.line, "snippet": snippet })
            } else {
                // Part of a line: where the quote starts and ends.
                let (start, end) = (pos.at(&f.path, from), pos.at(&f.path, to));
                let mut region = region(start, end);
                region["snippet"] = snippet;
                region
            };
        }
    }
    let mut r = json!({
        "ruleId": j.code,
        "ruleIndex": rule_index,
        "level": level(j.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical }],
        "partialFingerprints": { "guideLintFindingHash/v1": format!("{hash}:{n}") },
    });
    if !j.related.is_empty() {
        r["relatedLocations"] = j
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                json!({
                    "id": i + 1,
                    "message": { "text": rel.message },
                    "physicalLocation": {
                        "artifactLocation": artifact(&rel.file),
                        "region": region(rel.start, rel.end),
                    }
                })
            })
            .collect();
    }
    if let Some(fix) = &j.fix {
        r["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": [{
                "artifactLocation": artifact(&j.file),
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(e.start, e.end),
                    "insertedContent": { "text": e.content },
                })).collect::<Vec<_>>(),
            }],
            "properties": { "applicability": fix.applicability },
        }]);
    }
    r
}

/// The report in this format, handed to `emit` in pieces (see [`super::render_to`]).
pub fn render_to(report: &CheckReport, ctx: &RenderContext, emit: &mut dyn FnMut(&str)) {
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let m = model::file_error(e, ctx);
            let mut loc = json!({ "artifactLocation": artifact(&m.file) });
            if let Some(p) = m.position {
                loc["region"] = json!({ "startLine": p.line, "byteOffset": p.offset });
            }
            json!({
                "level": "error",
                "message": { "text": format!("cannot check {}: {}", m.file, m.message) },
                "locations": [{ "physicalLocation": loc }],
            })
        })
        .collect();
    let mut driver = json!({
        "name": model::TOOL.name,
        "version": model::TOOL.version,
        "semanticVersion": model::TOOL.version,
        "rules": Rule::ALL.iter().map(|r| rule_descriptor(*r, ctx)).collect::<Vec<_>>(),
    });
    if let Some(url) = &ctx.project_url {
        driver["informationUri"] = json!(url);
    }
    let mut run = json!({
        "tool": { "driver": driver },
        "invocations": [{
            "executionSuccessful": report.errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }],
        "columnKind": "utf16CodeUnits",
        "results": [],
    });
    if let Some(root) = &ctx.root {
        let mut uri = file_uri(&crate::util::slash_path(&model::normalize(root)));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        let mut bases = serde_json::Map::new();
        bases.insert(SRCROOT.to_string(), json!({ "uri": uri }));
        run["originalUriBaseIds"] = Value::Object(bases);
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    let skeleton = serde_json::to_string_pretty(&log).unwrap_or_default();
    let mut pos = Positions::new(report);
    let mut seen = BTreeMap::new();
    let results = report
        .findings
        .iter()
        .map(|f| result(f, &mut pos, ctx, report, &mut seen));
    super::pretty_with_list_to(&skeleton, "results", results, emit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{OutputFormat, render};

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(
            encode_uri_path("guides/da/æ b.md"),
            "guides/da/%C3%A6%20b.md"
        );
        assert_eq!(encode_uri_path("a#b?c%.md"), "a%23b%3Fc%25.md");
    }

    /// The results written one by one are the bytes the pretty printer writes for the whole
    /// log: re-printing the parsed log gives them back.
    #[test]
    fn results_are_written_as_the_pretty_printer_writes_them() {
        use crate::finding::{Applicability, Edit, Finding, Related};
        let path = std::path::PathBuf::from("guides/da/side.md");
        let text = "# Titel\n\nEn <a identity=\"old\" path=\"settings\">linje</a>\r\nmed \"citat\" og\ttab\n";
        let finding = |range: std::ops::Range<usize>| Finding {
            rule: Rule::RelativeComponentPath,
            severity: crate::finding::Severity::Error,
            path: path.as_path().into(),
            range,
            message: "component path `settings` has no leading `/`".into(),
            label: None,
            help: Some("write `/settings`".into()),
            fix: None,
            related: Vec::new(),
        };
        let mut report = CheckReport {
            files_checked: 1,
            ..CheckReport::default()
        };
        report.sources.insert(path.clone(), text.to_string());
        report.findings = vec![
            finding(9..12).with_fix(
                Applicability::Safe,
                "prepend `/`",
                vec![Edit::replace(36..36, "/"), Edit::replace(40..40, "\"x\"")],
            ),
            finding(30..45).with_related(Related {
                path: path.clone(),
                range: 0..7,
                message: "the English line".into(),
            }),
            finding(50..60),
        ];
        let ctx = RenderContext::default();
        let out = render(OutputFormat::Sarif, &report, &ctx);
        let parsed: Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(
            serde_json::to_string_pretty(&parsed).expect("print") + "\n",
            out
        );
        assert_eq!(
            parsed["runs"][0]["results"].as_array().map(Vec::len),
            Some(3)
        );
        // And with no finding, an empty list.
        report.findings.clear();
        let out = render(OutputFormat::Sarif, &report, &ctx);
        let parsed: Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(
            serde_json::to_string_pretty(&parsed).expect("print") + "\n",
            out
        );
        assert!(out.contains("\"results\": []"));
    }
}
