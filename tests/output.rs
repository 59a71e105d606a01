//! Snapshot tests of every output format on the seeds (laid out as `guides/en` and
//! `guides/da` in a temporary repository configured like the root `guide-lint.yml`), plus the
//! checks each format's consumer relies on: GitHub's workflow-command escaping (parsed back
//! with the runner's rules), JUnit's XML shape, and SARIF/rdjson/JSON structure.
//!
//! Snapshots hold paths relative to the temporary root (`[ROOT]` where a format shows paths
//! as given), a fixed project URL and zero elapsed time. Other rules landing change them:
//! review and accept with `cargo insta review` / `cargo insta accept`, or
//! `INSTA_UPDATE=always cargo test --test output`.

mod support;

use std::path::{Path, PathBuf};

use guide_lint::finding::{Applicability, Edit, Finding, Related, Severity};
use guide_lint::render::{self, OutputFormat};
use guide_lint::{CheckReport, FileError, Rule, RuleMeta};
use quick_xml::events::Event;

const FORMATS: &[(OutputFormat, &str)] = &[
    (OutputFormat::Human, "human"),
    (OutputFormat::Concise, "concise"),
    (OutputFormat::Json, "json"),
    (OutputFormat::JsonLines, "json_lines"),
    (OutputFormat::Sarif, "sarif"),
    (OutputFormat::Github, "github"),
    (OutputFormat::Rdjson, "rdjson"),
    (OutputFormat::Junit, "junit"),
];

fn seeds_output(format: OutputFormat) -> String {
    let dir = support::seeds();
    let report = support::check(dir.path());
    let ctx = support::context(dir.path());
    support::redact(&render::render(format, &report, &ctx), dir.path())
}

#[test]
fn snapshots_of_every_format_on_the_seeds() {
    for (format, name) in FORMATS {
        insta::assert_snapshot!(format!("seeds_{name}"), seeds_output(*format));
    }
}

#[test]
fn snapshot_of_statistics_on_the_seeds() {
    let dir = support::seeds();
    let report = support::check(dir.path());
    insta::assert_snapshot!("seeds_statistics", render::statistics::text(&report));
}

#[test]
fn output_is_byte_identical_from_run_to_run() {
    for (format, _) in FORMATS {
        assert_eq!(seeds_output(*format), seeds_output(*format));
    }
}

/// A report built by hand: messages and paths with every character the formats must escape,
/// multi-line spans, a related location, fixes of each kind, and an unreadable file.
fn tricky_report() -> CheckReport {
    let mut report = CheckReport::default();
    let a = PathBuf::from("guides/da/a,b:c%.md");
    let text = "æøå <x>\r\nline two, with: colon\nthree 100%\n";
    report.sources.insert(a.clone(), text.to_string());
    let b = PathBuf::from("guides/en/b.md");
    report
        .sources
        .insert(b.clone(), "source text\n".to_string());
    let finding = |rule: Rule, range: std::ops::Range<usize>, message: &str| Finding {
        rule,
        severity: rule.default_severity(),
        path: a.as_path().into(),
        range,
        message: message.to_string().into(),
        label: None,
        help: None,
        fix: None,
        related: Vec::new(),
    };
    let x = text.find("<x>").unwrap();
    report.findings.push(
        finding(
            Rule::RelativeComponentPath,
            x..x + 3,
            "100% sure: a, b\r\nsecond line\nthird %0A literal",
        )
        .with_help("add `/`: like this, or that")
        .with_fix(
            Applicability::Safe,
            "prepend `/`",
            vec![Edit::insert(x + 1, "/")],
        ),
    );
    let two = text.find("line two").unwrap();
    let three = text.find("100%").unwrap();
    report.findings.push(
        finding(Rule::MissingDefault, two..three + 4, "spans lines")
            .with_fix(
                Applicability::Unsafe,
                "replace, twice",
                vec![
                    Edit::replace(two..two + 4, "LINE"),
                    Edit::delete(three..three + 4),
                ],
            )
            .with_related(Related {
                path: b.clone(),
                range: 0..6,
                message: "the English: here".into(),
            }),
    );
    let mut info = finding(Rule::InvalidSuppression, 0..2, "info, with: %");
    info.severity = Severity::Info;
    info.fix = Some(Box::new(guide_lint::finding::Fix {
        applicability: Applicability::DisplayOnly,
        message: "shown only".into(),
        edits: vec![Edit::replace(0..2, "ae")],
    }));
    report.findings.push(info);
    report.files_checked = 2;
    for p in [&a, &b] {
        report.dialects.insert(
            p.clone(),
            (
                guide_lint::Dialect::Wikijs,
                guide_lint::document::DialectSource::Config,
            ),
        );
    }
    report.errors.push(FileError {
        path: PathBuf::from("guides/da/bad:1,2.md"),
        message: "file is not valid UTF-8 (invalid byte at offset 3)".into(),
        position: Some((1, 4, 3)),
    });
    report
}

fn plain_context() -> render::RenderContext {
    render::RenderContext {
        project_url: Some("https://example.org/guide-lint".into()),
        ..render::RenderContext::default()
    }
}

/// Un-escapes as the Actions runner does (`ActionCommand.Unescape`): `%0D`, `%0A`, then (for
/// properties) `%3A` and `%2C`, and `%25` last.
fn unescape(s: &str, property: bool) -> String {
    let mut s = s.replace("%0D", "\r").replace("%0A", "\n");
    if property {
        s = s.replace("%3A", ":").replace("%2C", ",");
    }
    s.replace("%25", "%")
}

/// Parses one workflow command line: `::name k=v,k=v::message`.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let end = rest.find("::").expect("a second ::");
    let (head, message) = (&rest[..end], &rest[end + 2..]);
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v, true))
        })
        .collect();
    (name.to_string(), props, unescape(message, false))
}

#[test]
fn github_commands_escape_what_the_runner_parses() {
    let report = tricky_report();
    let out = render::render(OutputFormat::Github, &report, &plain_context());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    for line in &lines {
        assert!(!line.contains('\r'), "raw CR in {line:?}");
    }
    let (name, props, message) = parse_command(lines[0]);
    assert_eq!(name, "error");
    let prop = |k: &str| props.iter().find(|(p, _)| p == k).map(|(_, v)| v.as_str());
    assert_eq!(prop("file"), Some("guides/da/a,b:c%.md"));
    assert_eq!(prop("line"), Some("1"));
    assert_eq!(prop("endLine"), Some("1"));
    // `æøå ` is 7 bytes but 4 UTF-16 code units: GitHub counts characters.
    assert_eq!(prop("col"), Some("5"));
    assert_eq!(prop("endColumn"), Some("8"));
    assert_eq!(prop("title"), Some("GL102 relative-component-path"));
    assert_eq!(
        message,
        "100% sure: a, b\r\nsecond line\nthird %0A literal\nhelp: add `/`: like this, or that\nfix (`--fix`): prepend `/`"
    );
    let (name, props, message) = parse_command(lines[1]);
    assert_eq!(name, "warning");
    let prop = |k: &str| props.iter().find(|(p, _)| p == k).map(|(_, v)| v.as_str());
    assert_eq!((prop("line"), prop("endLine")), (Some("2"), Some("3")));
    assert_eq!(prop("col"), None, "columns only for one-line findings");
    assert_eq!(
        message,
        "spans lines\nfix (`--fix --unsafe-fixes`): replace, twice"
    );
    let (name, _, message) = parse_command(lines[2]);
    assert_eq!(
        (name.as_str(), message.as_str()),
        ("notice", "info, with: %")
    );
    let (name, props, message) = parse_command(lines[3]);
    assert_eq!(name, "error");
    assert_eq!(
        props[0],
        ("file".to_string(), "guides/da/bad:1,2.md".to_string())
    );
    assert!(message.contains("not valid UTF-8"), "{message}");
}

#[test]
fn json_model_positions_fixes_and_related() {
    let report = tricky_report();
    let out = render::render(OutputFormat::Json, &report, &plain_context());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["summary"]["fixable"], 1);
    assert_eq!(v["summary"]["unsafe_fixable"], 1);
    assert_eq!(v["summary"]["file_errors"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["file"], "guides/da/a,b:c%.md");
    // Columns are UTF-8 bytes: `æøå ` is 7 bytes.
    assert_eq!(
        f["start"],
        serde_json::json!({"line": 1, "column": 8, "offset": 7})
    );
    assert_eq!(
        f["end"],
        serde_json::json!({"line": 1, "column": 11, "offset": 10})
    );
    assert_eq!(f["fix"]["applicability"], "safe");
    assert_eq!(f["fix"]["edits"][0]["content"], "/");
    assert_eq!(
        f["url"],
        "https://example.org/guide-lint/blob/main/rules/GL102-relative-component-path.md"
    );
    let g = &v["findings"][1];
    assert_eq!(g["start"]["line"], 2);
    assert_eq!(g["end"]["line"], 3);
    assert_eq!(g["related"][0]["file"], "guides/en/b.md");
    assert_eq!(g["related"][0]["end"]["column"], 7);
    assert_eq!(v["findings"][2]["fix"]["applicability"], "display-only");
    assert_eq!(v["errors"][0]["position"]["column"], 4);
    // json-lines: the same finding objects, one per line.
    let lines = render::render(OutputFormat::JsonLines, &report, &plain_context());
    let parsed: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed.len(), 3);
    assert_eq!(parsed[0], v["findings"][0]);
}

#[test]
fn sarif_regions_fingerprints_and_notifications() {
    let report = tricky_report();
    let out = render::render(OutputFormat::Sarif, &report, &plain_context());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Rule::ALL.len());
    for r in rules {
        for key in [
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "helpUri",
        ] {
            assert!(!r[key].is_null(), "rule {} lacks {key}", r["id"]);
        }
        assert!(r["defaultConfiguration"]["level"].is_string());
    }
    let res = &run["results"][0];
    assert_eq!(
        rules[res["ruleIndex"].as_u64().unwrap() as usize]["id"],
        res["ruleId"]
    );
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "guides/da/a,b:c%25.md");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &loc["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endColumn"],
            &region["byteOffset"],
            &region["byteLength"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(5),
            &serde_json::json!(8),
            &serde_json::json!(7),
            &serde_json::json!(3)
        )
    );
    assert_eq!(region["snippet"]["text"], "<x>");
    assert_eq!(loc["contextRegion"]["snippet"]["text"], "æøå <x>");
    let fp = res["partialFingerprints"]["guideLintFindingHash/v1"]
        .as_str()
        .unwrap();
    assert!(fp.ends_with(":1") && fp.len() == 34, "{fp}");
    assert_eq!(res["level"], "error");
    assert_eq!(run["results"][1]["level"], "warning");
    assert_eq!(run["results"][2]["level"], "note");
    assert_eq!(
        run["results"][1]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "guides/en/b.md"
    );
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "guides/da/bad:1,2.md"
    );
}

#[test]
fn sarif_fingerprints_survive_edits_elsewhere_in_the_file() {
    let dir = support::seeds();
    let fingerprints = |root: &Path| -> Vec<String> {
        let report = support::check(root);
        let out = render::render(OutputFormat::Sarif, &report, &support::context(root));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["guideLintFindingHash/v1"].to_string())
            .collect()
    };
    let before = fingerprints(dir.path());
    let unique: std::collections::BTreeSet<_> = before.iter().collect();
    assert_eq!(unique.len(), before.len(), "fingerprints must be unique");
    let page = dir.path().join("guides/da").join(support::PAGE);
    let text = std::fs::read_to_string(&page).unwrap();
    let body = text.find("\n# ").unwrap_or(0);
    let edited = format!(
        "{}\n\nEt nyt afsnit øverst.\n{}",
        &text[..body],
        &text[body..]
    );
    std::fs::write(&page, edited).unwrap();
    assert_eq!(fingerprints(dir.path()), before);
}

#[test]
fn rdjson_suggestions_for_fixable_findings() {
    let report = tricky_report();
    let out = render::render(OutputFormat::Rdjson, &report, &plain_context());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["source"]["name"], "guide-lint");
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "ERROR");
    assert_eq!(d["code"]["value"], "GL102");
    assert_eq!(d["location"]["path"], "guides/da/a,b:c%.md");
    // reviewdog's columns are UTF-8 bytes.
    assert_eq!(
        d["location"]["range"]["start"],
        serde_json::json!({"line": 1, "column": 8})
    );
    assert_eq!(
        d["suggestions"],
        serde_json::json!([{"range": {"start": {"line": 1, "column": 9}, "end": {"line": 1, "column": 9}}, "text": "/"}])
    );
    assert_eq!(
        v["diagnostics"][1]["suggestions"].as_array().unwrap().len(),
        2
    );
    assert_eq!(v["diagnostics"][2]["severity"], "INFO");
}

/// A test case's child element: its name, `message` attribute and text.
type Child = (String, String, String);
/// Each test case (name, child) and each suite element (name, counts).
type Junit = (Vec<(String, Option<Child>)>, Vec<(String, String)>);

/// The JUnit document as (testcase name, child element, its `message`, its text).
fn junit_cases(xml: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut cases = Vec::new();
    let mut suites = Vec::new();
    let mut current: Option<String> = None;
    let mut child: Option<Child> = None;
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> String {
        e.attributes()
            .map(|a| a.expect("well-formed attribute"))
            .find(|a| a.key.as_ref() == name)
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .expect("escaped value")
                    .into_owned()
            })
            .unwrap_or_default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e)
                if e.name().as_ref() == "testsuite" || e.name().as_ref() == "testsuites" =>
            {
                suites.push((
                    e.name().as_ref().to_string(),
                    format!(
                        "tests={} failures={} errors={}",
                        attr(&e, "tests"),
                        attr(&e, "failures"),
                        attr(&e, "errors")
                    ),
                ));
            }
            Event::Start(e) if e.name().as_ref() == "testcase" => {
                current = Some(attr(&e, "name"));
                assert_eq!(attr(&e, "classname"), "guide-lint");
            }
            Event::Empty(e) if e.name().as_ref() == "testcase" => {
                cases.push((attr(&e, "name"), None));
            }
            Event::Start(e) if matches!(e.name().as_ref(), "failure" | "error" | "system-out") => {
                child = Some((
                    e.name().as_ref().to_string(),
                    attr(&e, "message"),
                    String::new(),
                ));
            }
            Event::Text(t) => {
                if let Some(c) = child.as_mut() {
                    c.2.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = child.as_mut() {
                    match r.resolve_char_ref().expect("valid character reference") {
                        Some(ch) => c.2.push(ch),
                        None => {
                            let name = r.into_inner();
                            let entity = quick_xml::escape::resolve_predefined_entity(&name)
                                .expect("a predefined entity");
                            c.2.push_str(entity);
                        }
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "testcase" => {
                cases.push((current.take().expect("open testcase"), child.take()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (cases, suites)
}

#[test]
fn junit_one_testcase_per_file() {
    let dir = support::seeds();
    let report = support::check(dir.path());
    let xml = render::render(OutputFormat::Junit, &report, &support::context(dir.path()));
    let (cases, suites) = junit_cases(&xml);
    let names: Vec<&str> = cases.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "guides/da/move-to-another-mastodon-server.md",
            "guides/en/move-to-another-mastodon-server.md"
        ]
    );
    let errors_in = |file: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.path.ends_with(file) && f.severity == Severity::Error)
            .count()
    };
    for (name, child) in &cases {
        let (kind, message, text) = child.as_ref().expect("the seeds have errors in both files");
        assert_eq!(kind, "failure");
        let n = errors_in(name.trim_start_matches("guides/"));
        assert!(message.starts_with(&format!("{n} error")), "{message}");
        assert_eq!(
            text.lines()
                .filter(|l| l.starts_with(name.as_str()))
                .count(),
            report
                .findings
                .iter()
                .filter(|f| f.path.ends_with(name.trim_start_matches("guides/")))
                .count()
        );
    }
    assert_eq!(suites[0].1, "tests=2 failures=2 errors=0");

    let xml = render::render(OutputFormat::Junit, &tricky_report(), &plain_context());
    let (cases, suites) = junit_cases(&xml);
    assert_eq!(suites[1].1, "tests=3 failures=1 errors=1");
    let (_, child) = cases
        .iter()
        .find(|(n, _)| n == "guides/da/a,b:c%.md")
        .unwrap();
    let (kind, message, text) = child.as_ref().unwrap();
    assert_eq!(
        (kind.as_str(), message.as_str()),
        ("failure", "1 error, 1 warning, 1 info")
    );
    assert!(text.contains("100% sure: a, b\r\nsecond line"), "{text:?}");
    let (_, child) = cases
        .iter()
        .find(|(n, _)| n == "guides/da/bad:1,2.md")
        .unwrap();
    assert_eq!(child.as_ref().unwrap().0, "error");
    let (_, child) = cases.iter().find(|(n, _)| n == "guides/en/b.md").unwrap();
    assert!(child.is_none(), "a clean file passes");
}

#[test]
fn junit_warnings_only_pass_with_system_out() {
    let mut report = tricky_report();
    report.findings.retain(|f| f.severity != Severity::Error);
    report.errors.clear();
    let xml = render::render(OutputFormat::Junit, &report, &plain_context());
    let (cases, suites) = junit_cases(&xml);
    assert_eq!(suites[1].1, "tests=2 failures=0 errors=0");
    let (_, child) = cases
        .iter()
        .find(|(n, _)| n == "guides/da/a,b:c%.md")
        .unwrap();
    let (kind, _, text) = child.as_ref().unwrap();
    assert_eq!(kind, "system-out");
    assert!(
        text.contains("GL105 missing-default [warning] spans lines"),
        "{text}"
    );
}

#[test]
fn rule_urls_point_at_the_rule_docs_in_the_repository() {
    let ctx = render::RenderContext::default();
    let repo = env!("CARGO_PKG_REPOSITORY");
    assert!(
        repo.starts_with("https://"),
        "Cargo.toml's repository: {repo:?}"
    );
    for &rule in Rule::ALL {
        let url = ctx.rule_url(rule).expect("a rule URL");
        let file = url
            .strip_prefix(&format!("{repo}/blob/main/"))
            .unwrap_or_else(|| panic!("{url} is not in {repo}"));
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(file).is_file(),
            "{url}: no such file in the repository"
        );
    }
}

/// A stray `)` found at `at` in `path`.
fn stray_paren(path: &Path, at: usize) -> Finding {
    Finding {
        rule: Rule::UnbalancedParentheses,
        severity: Severity::Warning,
        path: path.into(),
        range: at..at + 1,
        message: "`)` closes no parenthesis".into(),
        label: None,
        help: Some("remove it, or add the missing `(`".into()),
        fix: None,
        related: Vec::new(),
    }
}

#[test]
fn every_format_comes_in_pieces_of_a_finding_at_most_past_the_piece_size() {
    // 20,000 findings on two pages: far more text than one piece.
    let mut report = CheckReport::default();
    for name in ["guides/a.md", "guides/b.md"] {
        let path = PathBuf::from(name);
        let text = "stray ) here\n".repeat(10_000);
        for line in 0..10_000 {
            let at = line * 13 + 6;
            report.findings.push(stray_paren(&path, at));
        }
        report.sources.insert(path, text);
    }
    report.files_checked = 2;
    let ctx = plain_context();
    for format in [
        OutputFormat::Human,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::JsonLines,
        OutputFormat::Sarif,
        OutputFormat::Github,
        OutputFormat::Rdjson,
        OutputFormat::Junit,
    ] {
        let mut pieces: Vec<String> = Vec::new();
        render::render_to(format, &report, &ctx, &mut |p| pieces.push(p.to_string()));
        let whole = render::render(format, &report, &ctx);
        assert_eq!(pieces.concat(), whole, "{format:?}");
        assert!(
            whole.len() > 4 * render::PIECE,
            "{format:?}: {} bytes",
            whole.len()
        );
        assert!(pieces.len() > 4, "{format:?}: {} pieces", pieces.len());
        for (i, p) in pieces.iter().enumerate() {
            // Human formats are escaped piece by piece, line by line.
            if format.is_human() {
                assert!(p.ends_with('\n'), "{format:?}: a piece ends inside a line");
            }
            // The first and last pieces hold what comes before and after the findings (SARIF's
            // rule descriptions, 300 KB, come after them).
            if i == 0 || i == pieces.len() - 1 {
                continue;
            }
            // A piece is handed over once it holds PIECE bytes: it passes that by at most one
            // finding's text.
            assert!(
                p.len() < render::PIECE + 4096,
                "{format:?}: a piece of {} bytes",
                p.len()
            );
        }
    }
}

#[test]
fn sarif_quotes_a_long_line_only_around_each_finding() {
    // One line of 200,000 bytes with two findings in it, and a short line with one.
    let long = format!(
        "{}){}\nshort ) line\n",
        "a".repeat(100_000),
        "é".repeat(50_000)
    );
    let path = PathBuf::from("guides/long.md");
    let mut report = CheckReport::default();
    for at in [5, 100_000, long.len() - 7] {
        report.findings.push(stray_paren(&path, at));
    }
    report.sources.insert(path, long.clone());
    report.files_checked = 1;
    let log: serde_json::Value = serde_json::from_str(&render::render(
        OutputFormat::Sarif,
        &report,
        &plain_context(),
    ))
    .expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    for (i, r) in results.iter().enumerate() {
        let location = &r["locations"][0]["physicalLocation"];
        let context = &location["contextRegion"];
        let snippet = context["snippet"]["text"].as_str().expect("snippet");
        let at = location["region"]["byteOffset"].as_u64().expect("offset") as usize;
        if i < 2 {
            // Part of the long line: at most 400 bytes on either side, and where it lies.
            assert!(snippet.len() <= 804, "{} bytes quoted", snippet.len());
            let from = context["byteOffset"].as_u64().expect("context offset") as usize;
            let len = context["byteLength"].as_u64().expect("context length") as usize;
            assert_eq!(&long[from..from + len], snippet);
            assert!(from <= at && at < from + len);
            assert_eq!(context["startLine"], 1);
            assert!(context["startColumn"].as_u64().expect("column") >= 1);
        } else {
            // A short line is quoted whole, as before.
            assert_eq!(snippet, "short ) line");
            assert!(context.get("startColumn").is_none());
        }
    }
}
