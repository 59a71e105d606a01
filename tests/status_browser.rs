//! `guide-lint status --format html` opened in headless Chromium: checks what a person sees
//! (each bar's segments as wide as the counts say, and the untranslated and outdated runs
//! listed with their texts side by side).
//!
//! Skips, saying so on stderr, when no Chromium is installed, unless
//! `GUIDE_LINT_REQUIRE_BROWSER=1` (as in CI), where a missing browser fails the test.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn browser() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let p = PathBuf::from("/usr/bin/chromium");
    p.is_file().then_some(p)
}

const CONFIG: &str = "guides: .\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - path: \"en/**\"\n    dialect: mkdocs\n  - path: \"da/**\"\n    dialect: wikijs\n";

fn pairs(name: &str, locale: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/translation/pairs")
            .join(locale)
            .join(name),
    )
    .expect("pair page")
}

/// Reads the measurements the injected script wrote into the dumped DOM.
fn measurements(dom: &str) -> serde_json::Value {
    let start = dom
        .find("<pre id=\"measurements\">")
        .map(|i| i + "<pre id=\"measurements\">".len())
        .unwrap_or_else(|| panic!("no measurements in the dumped DOM:\n{dom}"));
    let end = start + dom[start..].find("</pre>").expect("</pre>");
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// Measures, after layout, what the page shows: every bar with its segments' widths, and every
/// run with its cells' text, visible or not.
const MEASURE: &str = r#"<pre id="measurements"></pre><script>
(function () {
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const rows = [...document.querySelectorAll('tr.page-row')].map((tr) => {
    const bar = tr.querySelector('.bar');
    const br = bar.getBoundingClientRect();
    return {
      page: tr.dataset.page,
      counts: { translated: +tr.dataset.translated, untranslated: +tr.dataset.untranslated,
                outdated: +tr.dataset.outdated, missing: +tr.dataset.missing },
      bar_width: br.width,
      bar_visible: visible(bar),
      segments: [...bar.querySelectorAll('.seg')].map((s) => ({
        kind: s.classList[1], width: s.getBoundingClientRect().width,
        color: getComputedStyle(s).backgroundColor })),
      done: tr.lastElementChild.textContent,
    };
  });
  const runs = [...document.querySelectorAll('.run')].map((r) => ({
    kind: r.dataset.kind,
    visible: visible(r),
    title: r.querySelector('h4').textContent,
    headers: [...r.querySelectorAll('th')].map((th) => th.textContent),
    cells: [...r.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((td) => ({ text: td.textContent, visible: visible(td) }))),
  }));
  document.getElementById('measurements').textContent = JSON.stringify({ rows, runs });
})();
</script>"#;

#[test]
fn status_page_shows_bars_and_runs_in_chromium() {
    let Some(chromium) = browser() else {
        if std::env::var_os("GUIDE_LINT_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("GUIDE_LINT_REQUIRE_BROWSER=1 but no chromium is installed");
        }
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED status_page_shows_bars_and_runs_in_chromium: chromium not found (install Debian's `chromium`, or set GUIDE_LINT_REQUIRE_BROWSER=1 to make this a failure)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write("guide-lint.yml", CONFIG);
    // filters.md: fully translated, then accepted, then the English changes (outdated).
    write("en/filters.md", &pairs("filters.md", "en"));
    write("da/filters.md", &pairs("filters.md", "da"));
    // mobile-apps.md: two English list items left in the Danish page (one untranslated run).
    write("en/mobile-apps.md", &pairs("mobile-apps.md", "en"));
    write(
        "da/mobile-apps.md",
        &pairs("mobile-apps.md", "da")
            .replace(
                "* **Ice Cubes** er gratis og open source og er god til flere profiler på én gang.",
                "* **Ice Cubes** is free and open source, with good support for several accounts.",
            )
            .replace(
                "* **Ivory** fra Tapbots kræver et abonnement og har et meget gennemarbejdet design.",
                "* **Ivory** from Tapbots costs a subscription and has a very polished design.",
            ),
    );
    // privacy-settings.md: no Danish page at all (missing).
    write(
        "en/privacy-settings.md",
        &pairs("privacy-settings.md", "en"),
    );

    let bin = env!("CARGO_BIN_EXE_guide-lint");
    let ok = Command::new(bin)
        .current_dir(root)
        .args(["translations", "accept", "da/filters.md"])
        .output()
        .expect("run accept");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    write(
        "en/filters.md",
        &pairs("filters.md", "en").replace(
            "Click `Save new filter`.",
            "Click `Save new filter` and check that it shows in the list.",
        ),
    );
    let html_path = root.join("status.html");
    let out = Command::new(bin)
        .current_dir(root)
        .args(["status", "--format", "html", "--output"])
        .arg(&html_path)
        .output()
        .expect("run status");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&html_path).expect("status.html");
    assert!(!html.contains("<script"), "the page needs no script");
    for needle in ["http://", "https://", "@import", "url("] {
        assert!(
            !html.contains(needle),
            "the page must not load `{needle}` resources"
        );
    }

    // The same page with a measuring script, dumped after layout.
    let measured = root.join("measured.html");
    std::fs::write(
        &measured,
        html.replace("</body>", &format!("{MEASURE}</body>")),
    )
    .expect("write measured page");
    let profile = root.join("profile");
    let out = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1200,900",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", measured.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = measurements(&String::from_utf8_lossy(&out.stdout));

    // One bar per page, each segment as wide as its share of the page's units.
    let rows = m["rows"].as_array().expect("rows");
    let pages: Vec<&str> = rows
        .iter()
        .map(|r| r["page"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        pages,
        ["filters.md", "mobile-apps.md", "privacy-settings.md"]
    );
    for r in rows {
        assert_eq!(r["bar_visible"], true, "{r}");
        let width = r["bar_width"].as_f64().expect("width");
        assert!(width > 200.0, "the bar is too narrow to read: {r}");
        let c = &r["counts"];
        let total: f64 = ["translated", "untranslated", "outdated", "missing"]
            .iter()
            .map(|k| c[k].as_f64().unwrap_or(0.0))
            .sum();
        assert!(total > 0.0, "{r}");
        let segs = r["segments"].as_array().expect("segments");
        let mut sum = 0.0;
        for s in segs {
            let kind = s["kind"].as_str().expect("kind");
            let expected = width * c[kind].as_f64().expect("count") / total;
            let got = s["width"].as_f64().expect("seg width");
            assert!(
                (got - expected).abs() <= 1.5,
                "{}: {kind} segment is {got}px, expected {expected}px",
                r["page"]
            );
            sum += got;
        }
        assert!((sum - width).abs() <= 1.5, "segments fill the bar: {r}");
    }
    let by = |page: &str| rows.iter().find(|r| r["page"] == page).expect(page);
    // filters.md: one unit outdated, the rest translated (green and orange).
    let filters = by("filters.md");
    assert_eq!(filters["counts"]["outdated"], 1);
    assert_eq!(filters["counts"]["untranslated"], 0);
    let kinds: Vec<&str> = filters["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["translated", "outdated"]);
    let colors: Vec<&str> = filters["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["color"].as_str().unwrap_or(""))
        .collect();
    assert_ne!(
        colors[0], colors[1],
        "segments of different kinds look different"
    );
    // mobile-apps.md: two untranslated list items; privacy-settings.md: all grey.
    assert_eq!(by("mobile-apps.md")["counts"]["untranslated"], 2);
    let privacy = by("privacy-settings.md");
    assert_eq!(privacy["counts"]["translated"], 0);
    assert_eq!(privacy["segments"].as_array().map(Vec::len), Some(1));
    assert_eq!(privacy["done"], "0%");

    // The runs, side by side.
    let runs = m["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2, "{runs:#?}");
    let outdated = runs
        .iter()
        .find(|r| r["kind"] == "outdated")
        .expect("outdated run");
    assert_eq!(outdated["visible"], true);
    assert_eq!(
        outdated["headers"],
        serde_json::json!(["English when accepted", "English now", "Danish page"])
    );
    let cells = outdated["cells"][0].as_array().expect("cells");
    assert_eq!(cells[0]["text"], "Click `Save new filter`.");
    assert_eq!(
        cells[1]["text"],
        "Click `Save new filter` and check that it shows in the list."
    );
    assert_eq!(cells[2]["text"], "Klik på `Save new filter`.");
    let untranslated = runs
        .iter()
        .find(|r| r["kind"] == "untranslated")
        .expect("untranslated run");
    assert!(
        untranslated["title"]
            .as_str()
            .unwrap_or("")
            .contains("iPhone og iPad"),
        "{untranslated}"
    );
    assert_eq!(
        untranslated["headers"],
        serde_json::json!(["English source", "Danish page"])
    );
    let rows = untranslated["cells"].as_array().expect("rows");
    assert_eq!(rows.len(), 2);
    for (row, name) in rows.iter().zip(["Ice Cubes is free", "Ivory from Tapbots"]) {
        let row = row.as_array().expect("cells");
        assert!(row.iter().all(|c| c["visible"] == true), "{row:?}");
        assert!(
            row[0]["text"].as_str().unwrap_or("").contains(name),
            "{row:?}"
        );
        assert!(
            row[1]["text"].as_str().unwrap_or("").contains(name),
            "{row:?}"
        );
    }
}
