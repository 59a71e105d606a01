//! A deterministic corpus of bilingual guide pages for benchmarks and determinism tests.
//!
//! `write(dir, pages, seed)` lays out `dir/guide-lint.yml` and `dir/guides/{en,da}/page-NNNNN.md`:
//! English pages in MkDocs dialect, Danish pages in Wiki.js dialect with Wiki.js's front matter,
//! built from the seeds' constructs: numbered sections, MkDocs admonitions (quoted and unquoted
//! titles), callouts with `{.is-x}`, guide components (valid ones and the broken kinds the
//! seeds have: relative paths, `default-value`, unknown identities, full URLs), server inputs,
//! images with Wiki.js sizes, nested lists, tables, code spans and fences, anchors, links to
//! other pages and emphasis. The same `(pages, seed)` always gives the same bytes.
//!
//! Shared by `benches/check.rs`, `examples/corpus.rs` and `tests/determinism.rs`
//! (`#[path = "../benches/corpus/mod.rs"] mod corpus;`).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub files: u64,
    pub bytes: u64,
}

/// The configuration written next to the corpus (the repository's, `guides: guides`).
pub const CONFIG: &str = "guides: guides
source-locale: en
target-locales: [da]
dialects:
  - path: \"en/**\"
    dialect: mkdocs
  - path: \"da/**\"
    dialect: wikijs
components:
  identities: [old, new]
  server-inputs:
    old: from-server
    new: to-server
";

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const EN_WORDS: &[&str] = &[
    "your",
    "account",
    "server",
    "followers",
    "will",
    "be",
    "moved",
    "the",
    "new",
    "old",
    "data",
    "export",
    "import",
    "profile",
    "settings",
    "click",
    "page",
    "list",
    "you",
    "can",
    "migrate",
    "people",
    "follow",
    "request",
    "again",
    "after",
    "before",
    "this",
    "step",
    "guide",
    "link",
    "bookmarks",
    "blocks",
    "mutes",
    "domain",
    "alias",
    "handle",
    "password",
    "upload",
    "file",
    "download",
    "menu",
    "left",
    "bottom",
    "carefully",
    "network",
    "transparent",
    "manual",
];
const DA_WORDS: &[&str] = &[
    "din",
    "profil",
    "server",
    "følgere",
    "bliver",
    "flyttet",
    "den",
    "nye",
    "gamle",
    "data",
    "eksporter",
    "importer",
    "indstillinger",
    "klik",
    "siden",
    "listen",
    "du",
    "kan",
    "flytte",
    "personer",
    "følger",
    "anmodning",
    "igen",
    "efter",
    "før",
    "dette",
    "trin",
    "guide",
    "link",
    "bogmærker",
    "blokeringer",
    "domæne",
    "alias",
    "adgangskode",
    "upload",
    "fil",
    "hent",
    "menuen",
    "venstre",
    "bunden",
    "omhyggeligt",
    "netværket",
    "gennemsigtigt",
    "manuelt",
    "og",
    "på",
    "til",
    "fra",
    "så",
    "også",
    "når",
];
const PATHS: &[&str] = &[
    "/settings/export",
    "/settings/profile",
    "/settings/aliases",
    "/settings/migration",
    "/settings/import",
    "/auth/sign_up",
    "/settings/exports/follows.csv",
    "/settings/exports/blocks.csv",
    "/settings/exports/mutes.csv",
];
const SECTIONS_EN: &[&str] = &[
    "Configuration (optional)",
    "Export your data",
    "Setting up your new account",
    "Migrate to the new server",
    "Import your data",
    "Wrapping up",
];
const SECTIONS_DA: &[&str] = &[
    "Indtast oplysninger",
    "Eksporter dine data",
    "Opsæt din nye profil",
    "Flyt til den nye server",
    "Importer dine data",
    "Afslutning",
];

fn sentence(rng: &mut Rng, words: &[&str], n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(words);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            match rng.below(12) {
                0 => {
                    let _ = write!(s, "**{w}**");
                }
                1 => {
                    let _ = write!(s, "*{w}*");
                }
                2 => {
                    let _ = write!(s, "`{w}`");
                }
                _ => s.push_str(w),
            }
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng, words: &[&str]) -> String {
    let n = 2 + rng.below(3);
    (0..n)
        .map(|_| {
            let len = 8 + rng.below(14);
            sentence(rng, words, len)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A component; `broken` picks one of the defects the seeds have.
fn component(rng: &mut Rng, broken: bool) -> String {
    let identity = if rng.chance(50) { "old" } else { "new" };
    let path = rng.pick(PATHS);
    let defect = if broken { 1 + rng.below(6) } else { 0 };
    if rng.chance(55) {
        let (identity, path) = match defect {
            1 => (identity, path.trim_start_matches('/').to_string()),
            2 => ("olde", path.to_string()),
            3 => (identity, format!("https://{identity}-server.com{path}")),
            4 => (identity, String::new()),
            _ => (identity, path.to_string()),
        };
        format!(
            "<a identity=\"{identity}\" target=\"_blank\" path=\"{path}\">`Preferences -> Profile`</a>"
        )
    } else {
        let default = match defect {
            5 => "default-value",
            6 => "defualt",
            _ => "default",
        };
        let prefix = if rng.chance(30) {
            " prefix=\"@your-user@\""
        } else {
            ""
        };
        format!(
            "<span identity=\"{identity}\" tag=\"code\"{prefix} {default}=\"{identity}-server.com\"></span>"
        )
    }
}

fn list(rng: &mut Rng, words: &[&str], out: &mut String, indent: &str) {
    let ordered = rng.chance(50);
    for i in 0..2 + rng.below(4) {
        let marker = if ordered { "1." } else { "*" };
        let comp = if rng.chance(40) {
            let broken = rng_broken(rng);
            format!(" {}", component(rng, broken))
        } else {
            String::new()
        };
        let len = 5 + rng.below(8);
        let text = sentence(rng, words, len);
        let _ = writeln!(out, "{indent}{marker} {text}{comp}");
        if i == 1 && indent.len() < 8 && rng.chance(35) {
            list(rng, words, out, &format!("{indent}    "));
        }
    }
}

fn rng_broken(rng: &mut Rng) -> bool {
    rng.chance(8)
}

fn table(rng: &mut Rng, words: &[&str], out: &mut String) {
    out.push_str("| step | where |\n|------|-------|\n");
    for i in 1..=2 + rng.below(3) {
        let broken = rng_broken(rng);
        let comp = component(rng, broken);
        let text = sentence(rng, words, 4);
        let _ = writeln!(out, "| {i}. {text} | {comp} |");
    }
}

fn image(rng: &mut Rng, alt: &str) -> String {
    let name = rng.pick(&["export", "import", "migrate-account", "aliases"]);
    format!("![{alt}](/move-server-guide/{name}.png =50%x){{.align-right}}")
}

/// The English (MkDocs) page `n`.
fn english(rng: &mut Rng, n: usize, pages: usize) -> String {
    let w = EN_WORDS;
    let mut out = String::with_capacity(8192);
    let _ = writeln!(out, "# Changing Mastodon server, part {n}\n");
    let kind = rng.pick(&["note", "warning", "info", "tip"]);
    if rng.chance(20) {
        // The seed's defect: an unquoted title.
        let _ = writeln!(out, "!!! {kind} Not all data will be migrated\n");
    } else {
        let _ = writeln!(out, "!!! {kind} \"Not all data will be migrated\"\n");
    }
    let _ = writeln!(out, "    {}\n", paragraph(rng, w));
    let _ = writeln!(
        out,
        "You can manually move most data, see [migration step 2](#2-{}) and [the next guide](page-{:05}.md).\n",
        SECTIONS_EN[1].to_lowercase().replace(' ', "-"),
        (n + 1) % pages
    );
    out.push_str("1. I'm **leaving** my **old** server at: <input id=\"from-server\" placeholder=\"Write or paste your old server domain/link\" class=\"server-selector\" />\n");
    out.push_str("1. and **joining** my **new** server at: <input id=\"to-server\" placeholder=\"Write or paste your new server domain/link\" class=\"server-selector\" />\n\n");
    for (i, title) in SECTIONS_EN.iter().enumerate() {
        let _ = writeln!(out, "## {}. {title}\n", i + 1);
        let identity = if i % 2 == 0 { "old" } else { "new" };
        let _ = writeln!(
            out,
            "!!! info \"These steps all take place on the **{identity}** server (ex. <span identity=\"{identity}\" tag=\"code\" default=\"{identity}-server.com\"></span>)\"\n"
        );
        let _ = writeln!(out, "    {}\n", paragraph(rng, w));
        let _ = writeln!(out, "{}\n", paragraph(rng, w));
        if rng.chance(50) {
            let _ = writeln!(out, "{}\n", image(rng, "Export page"));
        }
        list(rng, w, &mut out, "");
        out.push('\n');
        if rng.chance(30) {
            table(rng, w, &mut out);
            out.push('\n');
        }
        if rng.chance(25) {
            out.push_str(
                "```bash\ncurl -s https://mastodon.social/api/v1/instance | jq .version\n```\n\n",
            );
        }
        let _ = writeln!(out, "!!! success \"Done!\"\n\n    {}\n", paragraph(rng, w));
    }
    out
}

/// The Danish (Wiki.js) page `n`: a translation of part of the English one, with Wiki.js's
/// header, callouts instead of admonitions, and the Danish seed's kinds of mistakes.
fn danish(rng: &mut Rng, n: usize, pages: usize) -> String {
    let w = DA_WORDS;
    let mut out = String::with_capacity(8192);
    let _ = writeln!(
        out,
        "---\ntitle: Flyt/Skift Mastodon server {n}\ndescription: I denne guide kan du læse hvordan du flytter din profil\npublished: true\ndate: 2023-01-02T19:58:59.845Z\ntags: mastodon\neditor: markdown\ndateCreated: 2023-01-02T16:43:22.287Z\n---\n"
    );
    let _ = writeln!(out, "# Flyt/skift Mastodon server, del {n}\n");
    let _ = writeln!(out, "> {}\n{{.is-info}}\n", paragraph(rng, w));
    let _ = writeln!(
        out,
        "Se [trin 2](#h-2-{}) og [den næste guide](/da/page-{:05}).\n",
        SECTIONS_DA[1].to_lowercase().replace(' ', "-"),
        (n + 1) % pages
    );
    out.push_str("1. Min **gamle** Mastodon server som jeg skal flytte **fra** er: <input id=\"from-server\" placeholder=\"Indsæt domæne eller link\" class=\"server-selector\" />\n");
    out.push_str("1. Min **nye** server er: <input id=\"to-server\" placeholder=\"Indsæt domæne eller link\" class=\"server-selector\" />\n\n");
    let translated = 3 + rng.below(SECTIONS_DA.len() - 2);
    for (i, title) in SECTIONS_DA.iter().enumerate().take(translated) {
        let _ = writeln!(out, "## {}. {title}\n", i + 1);
        let identity = if i % 2 == 0 { "old" } else { "new" };
        let default = if rng.chance(30) {
            "default-value"
        } else {
            "default"
        };
        let class = rng.pick(&["is-info", "is-warning", "is-success", "is-danger"]);
        let _ = writeln!(
            out,
            "> **Disse trin skal udføres på den *{identity}* server (ex. <span identity=\"{identity}\" tag=\"code\" {default}=\"{identity}-server.dk\"></span>)**\n>\n> {}\n{{.{class}}}\n",
            paragraph(rng, w)
        );
        let _ = writeln!(out, "{}\n", paragraph(rng, w));
        if rng.chance(50) {
            let _ = writeln!(out, "{}\n", image(rng, "export.png"));
        }
        list(rng, w, &mut out, "");
        out.push('\n');
        if rng.chance(30) {
            table(rng, w, &mut out);
            out.push('\n');
        }
        if rng.chance(15) {
            out.push_str("<div style=\"clear: both\"/>\n\n");
        }
        if rng.chance(10) {
            out.push_str("* [Tips og tricks](tips.md)\n\n");
        }
    }
    out
}

/// The pages of the corpus as (relative path, text), in order.
pub fn pages(pages: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(pages * 2);
    for n in 0..pages {
        out.push((format!("en/page-{n:05}.md"), english(&mut rng, n, pages)));
        out.push((format!("da/page-{n:05}.md"), danish(&mut rng, n, pages)));
    }
    out
}

/// The English (MkDocs) small page `n`: a heading, an admonition, a paragraph with links to
/// the next page and to an anchor, and a component; about 600 bytes, with the seeds' fixable
/// defects now and then (an unquoted admonition title, a component path without its slash).
fn small_english(rng: &mut Rng, n: usize, pages: usize) -> String {
    let w = EN_WORDS;
    let mut out = String::with_capacity(1024);
    let _ = writeln!(out, "# Small guide {n}\n");
    let kind = rng.pick(&["note", "warning", "info", "tip"]);
    if rng.chance(20) {
        let _ = writeln!(out, "!!! {kind} Not all data will be migrated\n");
    } else {
        let _ = writeln!(out, "!!! {kind} \"Not all data will be migrated\"\n");
    }
    let len = 8 + rng.below(8);
    let _ = writeln!(out, "    {}\n", sentence(rng, w, len));
    let _ = writeln!(out, "## {}\n", SECTIONS_EN[1]);
    let len = 10 + rng.below(10);
    let _ = writeln!(
        out,
        "{} See [the next guide](page-{:05}.md) and [this step](#{}).\n",
        sentence(rng, w, len),
        (n + 1) % pages,
        SECTIONS_EN[1].to_lowercase().replace(' ', "-"),
    );
    let broken = rng.chance(20);
    let _ = writeln!(out, "1. {}", component(rng, broken));
    out
}

/// The Danish (Wiki.js) small page `n`: Wiki.js's header, a heading, a callout, a paragraph
/// with a link to the next page, and a component; now and then a `default-value` span.
fn small_danish(rng: &mut Rng, n: usize, pages: usize) -> String {
    let w = DA_WORDS;
    let mut out = String::with_capacity(1024);
    let _ = writeln!(
        out,
        "---\ntitle: Lille guide {n}\ndescription: En lille guide\npublished: true\ndate: 2023-01-02T19:58:59.845Z\ntags: mastodon\neditor: markdown\ndateCreated: 2023-01-02T16:43:22.287Z\n---\n"
    );
    let _ = writeln!(out, "# Lille guide {n}\n");
    let len = 8 + rng.below(8);
    let _ = writeln!(out, "> {}\n{{.is-info}}\n", sentence(rng, w, len));
    let len = 10 + rng.below(10);
    let _ = writeln!(
        out,
        "{} Se [den næste guide](/da/page-{:05}).\n",
        sentence(rng, w, len),
        (n + 1) % pages
    );
    let default = if rng.chance(20) {
        "default-value"
    } else {
        "default"
    };
    let _ = writeln!(
        out,
        "1. <span identity=\"old\" tag=\"code\" {default}=\"old-server.dk\"></span>"
    );
    out
}

/// The small pages (about 600 bytes each) of a corpus of `pages` bilingual pages, as (relative
/// path, text), in order: many files with little text, where the cost per file shows.
pub fn small_pages(pages: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(pages * 2);
    for n in 0..pages {
        out.push((
            format!("en/page-{n:05}.md"),
            small_english(&mut rng, n, pages),
        ));
        out.push((
            format!("da/page-{n:05}.md"),
            small_danish(&mut rng, n, pages),
        ));
    }
    out
}

/// [`write`] with [`small_pages`].
pub fn write_small(dir: &Path, count: usize, seed: u64) -> std::io::Result<Stats> {
    write_pages(dir, small_pages(count, seed))
}

/// Writes `guide-lint.yml` and `guides/{en,da}/page-NNNNN.md` under `dir`.
pub fn write(dir: &Path, count: usize, seed: u64) -> std::io::Result<Stats> {
    write_pages(dir, pages(count, seed))
}

fn write_pages(dir: &Path, pages: Vec<(String, String)>) -> std::io::Result<Stats> {
    std::fs::write(dir.join("guide-lint.yml"), CONFIG)?;
    let guides = dir.join("guides");
    std::fs::create_dir_all(guides.join("en"))?;
    std::fs::create_dir_all(guides.join("da"))?;
    let mut stats = Stats { files: 0, bytes: 0 };
    for (rel, text) in pages {
        std::fs::write(guides.join(&rel), &text)?;
        stats.files += 1;
        stats.bytes += text.len() as u64;
    }
    Ok(stats)
}
