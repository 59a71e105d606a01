//! Each machine format fed to the tool that consumes it:
//! - SARIF to the SARIF multitool's `validate` (`@microsoft/sarif-multitool`, the validator
//!   GitHub's own documentation points to), with GitHub code scanning's ingestion rules on;
//! - rdjson to reviewdog's DiagnosticResult schema (tests/consumers/rdjson.schema.json);
//! - JSON, JSON lines and `--statistics` JSON to our published schema (docs/json-schema.json).
//!
//! The Node tools are installed from tests/consumers/package-lock.json (`npm ci`) when
//! `node_modules` is missing. Without node or npm these tests print that they skip and pass,
//! unless `GUIDE_LINT_REQUIRE_NODE=1` is set (CI sets it), which makes a missing tool a failure.
//! Each validator is also fed a broken document, to show it does reject.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use guide_lint::render::{self, OutputFormat};

fn consumers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumers")
}

fn runs(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Installs the consumers once per test run; `Err` says why they are unavailable.
fn tools() -> Result<&'static Path, String> {
    static READY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    READY
        .get_or_init(|| {
            let dir = consumers_dir();
            if !runs("node") || !runs("npm") {
                return Err("node or npm is not installed".into());
            }
            if !dir.join("node_modules/.package-lock.json").is_file() {
                let out = Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(&dir)
                    .output()
                    .map_err(|e| format!("cannot run npm ci: {e}"))?;
                if !out.status.success() {
                    return Err(format!(
                        "`npm ci` in {} failed:\n{}",
                        dir.display(),
                        String::from_utf8_lossy(&out.stderr)
                    ));
                }
            }
            Ok(dir)
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// The consumers' directory, or `None` after saying why the test skips.
fn tools_or_skip(test: &str) -> Option<&'static Path> {
    match tools() {
        Ok(dir) => Some(dir),
        Err(why) => {
            assert!(
                std::env::var_os("GUIDE_LINT_REQUIRE_NODE").is_none(),
                "{test}: {why} (GUIDE_LINT_REQUIRE_NODE is set)"
            );
            eprintln!("SKIPPED {test}: {why}; install Node.js 20+ and npm to run it");
            None
        }
    }
}

/// The seeds and a page full of suppression mistakes and multibyte text, rendered.
fn outputs(format: OutputFormat) -> Vec<(String, String)> {
    let seeds = support::seeds();
    let edge = support::tree(
        &[
            (
                "guides/da/kant.md",
                "---\ntitle: Kant\n---\n\n# Første trin\n\n<!-- guide-lint-disable-next-line GL1O2 -->\nFølg <a identity=\"new\" path=\"settings/import\">importsiden</a>, så.\n\n<!-- guide-lint-disable-file GL105 -->\n\n<span identity=\"old\" tag=\"code\">x</span>\n"
                    .as_bytes(),
            ),
            ("guides/da/ødelagt.md", b"ugyldig \xff UTF-8\n"),
        ],
        "",
    );
    [("seeds", seeds), ("edge", edge)]
        .into_iter()
        .map(|(name, dir)| {
            let report = support::check(dir.path());
            let ctx = support::context(dir.path());
            (name.to_string(), render::render(format, &report, &ctx))
        })
        .collect()
}

/// Validates `file` against the JSON schema at `target` (`path[#/definitions/x]`).
fn schema_check(dir: &Path, target: &str, file: &Path) -> (bool, String) {
    let out = Command::new("node")
        .arg("validate-schema.mjs")
        .arg(target)
        .arg(file)
        .current_dir(dir)
        .output()
        .expect("run node");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn sarif_passes_the_multitool_validator() {
    let Some(dir) = tools_or_skip("sarif_passes_the_multitool_validator") else {
        return;
    };
    let exe = Command::new("node")
        .args(["-p", "require('@microsoft/sarif-multitool')"])
        .current_dir(dir)
        .output()
        .expect("node");
    let exe = PathBuf::from(String::from_utf8_lossy(&exe.stdout).trim());
    assert!(exe.is_file(), "no multitool binary at {}", exe.display());
    let tmp = tempfile::tempdir().unwrap();
    let validate = |input: &Path| -> Vec<(String, String, String)> {
        let log = tmp.path().join("validation.sarif");
        let out = Command::new(&exe)
            .arg("validate")
            .arg(input)
            .arg("--output")
            .arg(&log)
            .args(["--log", "ForceOverwrite"])
            .args(["--rule-kind", "Sarif;Ghas"])
            .args(["--level", "Error;Warning;Note"])
            .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
            .output()
            .expect("run the multitool");
        let text = std::fs::read_to_string(&log).unwrap_or_else(|_| {
            panic!(
                "the multitool wrote no log:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap_or("").to_string(),
                    r["level"].as_str().unwrap_or("warning").to_string(),
                    r["message"]["arguments"].to_string(),
                )
            })
            .collect()
    };
    for (name, sarif) in outputs(OutputFormat::Sarif) {
        let input = tmp.path().join(format!("{name}.sarif"));
        std::fs::write(&input, &sarif).unwrap();
        let problems: Vec<_> = validate(&input)
            .into_iter()
            // Notes are advice (message ids instead of text, version control details, a
            // schema URL this sandbox cannot reach); errors and warnings are defects.
            .filter(|(_, level, _)| level != "note")
            .collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
    // The validator does reject: a region that starts on line 0.
    let broken = outputs(OutputFormat::Sarif)[0].1.replacen(
        "\"startLine\": ",
        "\"startLine\": 0, \"x\": ",
        1,
    );
    let input = tmp.path().join("broken.sarif");
    std::fs::write(&input, broken).unwrap();
    let results = validate(&input);
    assert!(
        results.iter().any(|(_, level, _)| level == "error"),
        "{results:#?}"
    );
}

#[test]
fn rdjson_matches_reviewdogs_schema() {
    let Some(dir) = tools_or_skip("rdjson_matches_reviewdogs_schema") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    for (name, out) in outputs(OutputFormat::Rdjson) {
        let file = tmp.path().join(format!("{name}.json"));
        std::fs::write(&file, &out).unwrap();
        let (ok, why) = schema_check(dir, "rdjson.schema.json", &file);
        assert!(ok, "{name}: {why}");
    }
    let broken = tmp.path().join("broken.json");
    std::fs::write(
        &broken,
        r#"{"diagnostics": [{"message": "m", "location": {"path": "a"}, "severity": "FATAL", "suggestion": []}]}"#,
    )
    .unwrap();
    let (ok, why) = schema_check(dir, "rdjson.schema.json", &broken);
    assert!(
        !ok && why.contains("suggestion") && why.contains("severity"),
        "{why}"
    );
}

#[test]
fn json_formats_match_the_published_schema() {
    let Some(dir) = tools_or_skip("json_formats_match_the_published_schema") else {
        return;
    };
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json-schema.json");
    let schema = schema.to_string_lossy();
    let finding = format!("{schema}#/definitions/finding");
    let tmp = tempfile::tempdir().unwrap();
    for (name, out) in outputs(OutputFormat::Json) {
        let file = tmp.path().join(format!("{name}.json"));
        std::fs::write(&file, &out).unwrap();
        let (ok, why) = schema_check(dir, &schema, &file);
        assert!(ok, "{name}: {why}");
    }
    for (name, out) in outputs(OutputFormat::JsonLines) {
        assert!(!out.is_empty());
        let file = tmp.path().join(format!("{name}.jsonl"));
        std::fs::write(&file, &out).unwrap();
        let (ok, why) = schema_check(dir, &finding, &file);
        assert!(ok, "{name}: {why}");
    }
    let seeds = support::seeds();
    let stats = render::statistics::json(&support::check(seeds.path()));
    let file = tmp.path().join("statistics.json");
    std::fs::write(&file, stats).unwrap();
    let (ok, why) = schema_check(dir, &schema, &file);
    assert!(ok, "statistics: {why}");
    // A byte column of 0 and an undocumented field are rejected.
    let json = &outputs(OutputFormat::JsonLines)[0].1;
    let line = json.lines().next().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
    v["start"]["column"] = serde_json::json!(0);
    v["undocumented"] = serde_json::json!(true);
    let file = tmp.path().join("broken.jsonl");
    std::fs::write(&file, v.to_string()).unwrap();
    let (ok, why) = schema_check(dir, &finding, &file);
    assert!(
        !ok && why.contains("undocumented") && why.contains("column"),
        "{why}"
    );
}

/// Sync reports of every shape, through the stand-in wiki: a plan, a run with a conflict
/// pulled, a forced run, one the wiki refused a page in, one stopped half-way, and errors.
fn sync_outputs() -> Vec<(String, String)> {
    use guide_lint::sync::{self, NoProgress, State, SyncOptions, SyncPage};
    use guide_lint::wikijs::graphql::{ApiToken, Client, ClientOptions};
    use wikijs_standin::{ADMIN_KEY, Fault, Wiki};

    let wiki = Wiki::start();
    let tmp = tempfile::tempdir().unwrap();
    let page = |path: &str, body: &str| {
        let source = tmp.path().join(format!("da/{path}.md"));
        std::fs::create_dir_all(source.parent().unwrap()).unwrap();
        std::fs::write(&source, body).unwrap();
        SyncPage {
            locale: "da".into(),
            path: path.into(),
            title: path.into(),
            description: String::new(),
            tags: vec!["x".into()],
            published: true,
            body: body.into(),
            file_text: body.into(),
            script_js: None,
            source,
        }
    };
    let client = Client::new(
        &wiki.url(),
        ApiToken::new(ADMIN_KEY),
        ClientOptions {
            retries: 0,
            ..Default::default()
        },
    )
    .unwrap();
    let state_path = tmp.path().join("state.yml");
    let run = |pages: &[SyncPage], options: SyncOptions| {
        let mut state = State::load(&state_path, &sync::graphql::target_name(&client)).unwrap();
        let r = sync::graphql::run(&client, pages, &mut state, &options, &mut NoProgress).unwrap();
        sync::json::render(&r)
    };
    let apply = SyncOptions {
        apply: true,
        ..Default::default()
    };
    let mut out = Vec::new();
    let mut pages = vec![page("a", "# A\n\n[B](/da/b)\n"), page("home", "# Home\n")];
    out.push(("plan".to_string(), run(&pages, SyncOptions::default())));
    out.push(("first".to_string(), run(&pages, apply.clone())));
    pages.push(page("b", "# B\n"));
    pages.push(page("bad.path", "# Bad\n"));
    wiki.edit_page("da", "home", |p| p.content.push_str("Edit.\n"));
    out.push((
        "conflict-pulled-failed-rendered".to_string(),
        run(
            &pages,
            SyncOptions {
                apply: true,
                pull: true,
                ..Default::default()
            },
        ),
    ));
    out.push((
        "forced".to_string(),
        run(
            &pages,
            SyncOptions {
                apply: true,
                force: true,
                ..Default::default()
            },
        ),
    ));
    pages[0].body.push_str("More.\n");
    pages[1].body.push_str("More.\n");
    // list and two reads to plan, a read before the first update: then the wiki goes down.
    wiki.fail_from(5, Fault::Status(503));
    out.push(("stopped".to_string(), run(&pages, apply)));
    out.push((
        "error".to_string(),
        sync::json::render_error("the wiki API key is not set", Some("export it")),
    ));
    out.push((
        "error-without-help".to_string(),
        sync::json::render_error("broken", None),
    ));
    out
}

#[test]
fn sync_json_matches_its_published_schema() {
    let outputs = sync_outputs();
    // Every shape is there, whatever the validator.
    let all: Vec<serde_json::Value> = outputs
        .iter()
        .map(|(_, o)| serde_json::from_str(o).unwrap())
        .collect();
    assert_eq!(all[0]["mode"], "plan");
    assert_eq!(all[2]["pages"][3]["outcome"], "failed", "{}", outputs[2].1);
    assert!(
        all[2]["pages"][1]["pulled"]["path"].is_string(),
        "{}",
        outputs[2].1
    );
    assert_eq!(all[2]["renders"][0], "da/a", "{}", outputs[2].1);
    assert_eq!(all[3]["pages"][1]["forced"], true, "{}", outputs[3].1);
    assert!(all[4]["stopped"]["message"].is_string(), "{}", outputs[4].1);

    let Some(dir) = tools_or_skip("sync_json_matches_its_published_schema") else {
        return;
    };
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/sync-json-schema.json");
    let schema = schema.to_string_lossy();
    let tmp = tempfile::tempdir().unwrap();
    for (name, out) in &outputs {
        let file = tmp.path().join(format!("{name}.json"));
        std::fs::write(&file, out).unwrap();
        let (ok, why) = schema_check(dir, &schema, &file);
        assert!(ok, "{name}: {why}\n{out}");
    }
    // An unknown action and an undocumented field are rejected.
    let mut v = all[0].clone();
    v["pages"][0]["action"] = serde_json::json!("delete");
    v["undocumented"] = serde_json::json!(true);
    let file = tmp.path().join("broken.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let (ok, why) = schema_check(dir, &schema, &file);
    assert!(!ok && why.contains("undocumented"), "{why}");
}
