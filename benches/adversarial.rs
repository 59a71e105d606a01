//! Hostile pages of about 1 MB each, one per pattern known to make a Markdown toolchain
//! superlinear: `check` (read, parse, every rule), human output of its findings (drawn piece by
//! piece as `check` prints it, the pieces only counted), `--fix` in
//! memory and `build` in memory. Prints each case's time; every case must stay under one second
//! in a release build (the run fails otherwise). Two more cases are the project's own guides
//! (the English MkDocs page and its Danish Wiki.js translation) repeated to 32 times that size
//! (32 MiB, the file size limit), each with a budget of one second per MiB. Last, the English
//! guide at 1, 4 and 16 times the base size: the cost per size may not double (`scaling`).
//!
//! `cargo bench --bench adversarial`. `GUIDE_LINT_ADVERSARIAL_SIZE` changes the size (bytes),
//! `GUIDE_LINT_ADVERSARIAL_CASE` runs the cases whose name contains it.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use guide_lint::render::{OutputFormat, RenderContext, render_to};
use guide_lint::{CheckOptions, Config, FixOptions};

#[global_allocator]
static GLOBAL: guide_lint::allocator::WordAligned = guide_lint::allocator::WordAligned;

const CONFIG: &str = "guides: guides\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - path: \"en/**\"\n    dialect: mkdocs\n  - path: \"da/**\"\n    dialect: wikijs\ncomponents:\n  identities: [old, new]\n  server-inputs:\n    old: from-server\n    new: to-server\n";

/// The budget per case of the base size (1 MiB); a case of `k` times that size gets `k` times
/// the budget.
const BUDGET: Duration = Duration::from_secs(1);

/// How many times the base size the large realistic pages are (32 MiB: the file size limit).
const LARGE: usize = 32;

/// A hostile page: its name, the folder of the guides tree it is checked in (`en` is MkDocs,
/// `da` Wiki.js), its text, and its size as a multiple of the base size (for the budget).
struct Case {
    name: &'static str,
    locale: &'static str,
    page: String,
    scale: usize,
}

/// `unit` repeated to about `size` bytes.
fn fill(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len().max(1) + 1)
}

/// A guide's body (its front matter dropped after the first copy) repeated to at most `size`
/// bytes: a large but realistic page, with its headings, links, components and callouts.
fn repeat_guide(guide: &str, size: usize) -> String {
    let body = guide
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(guide);
    let mut page = String::with_capacity(size + guide.len());
    page.push_str(guide);
    // Stays within `size`: at 32 MiB, one byte more and the page is refused unread.
    while page.len() + 1 + body.len() <= size {
        page.push('\n');
        page.push_str(body);
    }
    page
}

fn cases(size: usize) -> Vec<Case> {
    let deep_indent = {
        // List items indented one level per line, as deep as the size allows.
        let mut s = String::new();
        let mut level = 0;
        while s.len() < size {
            s.push_str(&"  ".repeat(level));
            s.push_str("- x\n");
            level += 1;
        }
        s
    };
    let deep_yaml = format!(
        "---\ntitle: t\nk: {}{}\n---\n\nbody\n",
        "[".repeat(size / 2),
        "]".repeat(size / 2)
    );
    let hostile = vec![
        ("image-open `![`", fill("![", size)),
        ("duplicate headings", fill("# Same\n\n", size)),
        ("deep YAML header", deep_yaml),
        (
            "many findings",
            fill("<a identity=\"old\" path=\"settings\">x</a>\n", size),
        ),
        ("`<`", fill("<", size)),
        ("`[`", fill("[", size)),
        ("`{`", fill("{", size)),
        ("backtick", fill("`", size)),
        ("`|`", fill("|", size)),
        ("`>`", fill(">", size)),
        ("`*_`", fill("*_", size)),
        ("`)`", fill(")", size)),
        ("smileys `(a :)`", fill("(a :)", size)),
        ("`<!--`", fill("<!--", size)),
        ("deep indentation", deep_indent),
        // Each marker, indented four, asks whether it continues a list item above.
        (
            "tab markers under a paragraph",
            format!("Para.\n\n{}", fill("    === \"x\"\n", size)),
        ),
        (
            "many duplicate ids",
            fill(
                "<span id=\"same\">x</span> {#same}\n\n## H {#same}\n\n",
                size,
            ),
        ),
        (
            "lone CR lines",
            fill("<a identity=\"old\" path=\"t\">⬇</a>\r", size),
        ),
        ("image chains `![a](())`", fill("![a](())", size)),
        // One host after another inside a path that never ends: each is read once.
        ("linkified path `a.io/(`", fill("a.io/(", size)),
        ("unlinked hosts `_a.io/(`", fill("_a.io/(", size)),
        ("link ending in `)`", format!("x.io/{}", ")".repeat(size))),
        ("free `**` in every paragraph", fill("a **b ** c\n\n", size)),
        // Every block's fingerprint lands on the one paragraph of its section: that unit's
        // list grows once.
        (
            "code blocks after one paragraph",
            format!("Para.\n\n{}", fill("```\nx\n```\n", size)),
        ),
        // Every inline of the cell is placed past the escaped pipes before it.
        (
            "escaped pipes in a table cell",
            format!("| a |\n|---|\n| {} |\n", "\\|*a*".repeat(size / 5)),
        ),
    ];
    let mut cases: Vec<Case> = hostile
        .into_iter()
        .map(|(name, page)| Case {
            name,
            locale: "da",
            page,
            scale: 1,
        })
        .collect();
    cases.push(Case {
        name: "large English guide",
        locale: "en",
        page: repeat_guide(
            include_str!("../guides/en/move-to-another-mastodon-server.md"),
            LARGE * size,
        ),
        scale: LARGE,
    });
    cases.push(Case {
        name: "large Danish guide",
        locale: "da",
        page: repeat_guide(
            include_str!("../guides/da/move-to-another-mastodon-server.md"),
            LARGE * size,
        ),
        scale: LARGE,
    });
    cases
}

/// What one case costs: findings and errors, the human output's size, and the time of each
/// stage (check, human output, fix, build).
struct Run {
    findings: usize,
    human: usize,
    stages: [Duration; 4],
}

fn run(root: &Path, locale: &str, page: &str) -> Run {
    let file = root.join("guides").join(locale).join("page.md");
    std::fs::write(&file, page).expect("write page");
    let config = Config::load(Some(&root.join("guide-lint.yml")), root).expect("config");
    let paths = [config.guides_root()];
    let mut stages = [Duration::ZERO; 4];
    let mut clock = Instant::now();
    let mut lap = |i: usize| {
        stages[i] = clock.elapsed();
        clock = Instant::now();
    };
    let report = guide_lint::check(&paths, &config, &CheckOptions::default());
    lap(0);
    // Drawn as `check` prints it: piece by piece, nothing kept (the pieces are only counted).
    let mut human = 0usize;
    render_to(
        OutputFormat::Human,
        &report,
        &RenderContext::default(),
        &mut |piece| human += std::hint::black_box(piece).len(),
    );
    lap(1);
    let fixed = guide_lint::fix(&paths, &config, &FixOptions::default());
    lap(2);
    let built = guide_lint::build::build(
        &config,
        &guide_lint::build::BuildOptions {
            previous: None,
            now: SystemTime::UNIX_EPOCH,
        },
    );
    lap(3);
    std::hint::black_box((&fixed.files.len(), &built.pages.len()));
    std::fs::remove_file(&file).expect("remove page");
    Run {
        findings: report.findings.len() + report.errors.len(),
        human,
        stages,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter given after `--` is ignored.
    let size = std::env::var("GUIDE_LINT_ADVERSARIAL_SIZE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1 << 20);
    let only = std::env::var("GUIDE_LINT_ADVERSARIAL_CASE").ok();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("guides/da")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("guides/en")).expect("mkdir");
    std::fs::write(dir.path().join("guide-lint.yml"), CONFIG).expect("config");
    let mut over = Vec::new();
    println!(
        "adversarial pages of {} KiB: check + human output + fix + build",
        size >> 10
    );
    for case in cases(size) {
        if only.as_deref().is_some_and(|o| !case.name.contains(o)) {
            continue;
        }
        let budget = BUDGET * case.scale as u32;
        let start = Instant::now();
        let r = run(dir.path(), case.locale, &case.page);
        let took = start.elapsed();
        let mark = if took > budget { "  OVER BUDGET" } else { "" };
        let [check, human, fix, build] = r.stages.map(|d| d.as_secs_f64());
        println!(
            "{:<28} {:>6} KiB {:>8.3} s  (check {check:.2}, human {human:.2}, fix {fix:.2}, build {build:.2})  {:>7} findings/errors, {:>6} KiB human output{mark}",
            case.name,
            case.page.len() >> 10,
            took.as_secs_f64(),
            r.findings,
            r.human >> 10,
        );
        if took > budget {
            over.push(format!("{} ({took:.1?} > {budget:?})", case.name));
        }
    }
    // How the cost grows with the page: the English (MkDocs) guide at 1, 4 and 16 times the
    // base size, each stage included. Near-linear means the cost per MiB stays about the same;
    // it may not double.
    if only.as_deref().is_none_or(|o| "scaling".contains(o)) {
        let guide = include_str!("../guides/en/move-to-another-mastodon-server.md");
        let mut base = None;
        for k in [1usize, 4, 16] {
            let page = repeat_guide(guide, k * size);
            let start = Instant::now();
            run(dir.path(), "en", &page);
            let per_base = start.elapsed().as_secs_f64() / k as f64;
            let ratio = per_base / *base.get_or_insert(per_base);
            let mark = if ratio > 2.0 { "  SUPERLINEAR" } else { "" };
            println!(
                "scaling, English guide {k:>2}x  {:>6} KiB {:>8.3} s  {per_base:.3} s per base size, {ratio:.2}x the 1x cost{mark}",
                page.len() >> 10,
                per_base * k as f64,
            );
            if ratio > 2.0 {
                over.push(format!("scaling at {k}x ({ratio:.1}x the cost per size)"));
            }
        }
    }
    if !over.is_empty() {
        eprintln!("over budget: {}", over.join(", "));
        std::process::exit(1);
    }
}
