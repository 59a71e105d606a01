//! MkDocs projects read as MkDocs: `mkdocs.yml`'s `docs_dir` is the guides root and its pages
//! are MkDocs pages without configuration; `--dialect` overrides for one run; `check` with
//! nothing to check says what it looked for; `rule` suggests the closest code for a mistyped one.

use std::path::Path;

use assert_cmd::Command;

mod support;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("guide-lint")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run guide-lint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// An empty git work tree (a `.git` folder at its top).
fn work_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("work tree");
    dir
}

/// A cold `check` with concise output, run in `cwd` with `args` after it.
fn concise(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--no-cache", "--output-format", "concise"];
    all.extend_from_slice(args);
    run(cwd, &all)
}

/// A plain MkDocs site: no admonition anywhere, so nothing in a page says "MkDocs".
fn site(docs_dir: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        &format!(
            "site_name: Demo\ndocs_dir: {docs_dir}\nmarkdown_extensions:\n  - toc:\n      permalink: true\n  \
             - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          \
             format: !!python/name:pymdownx.superfences.fence_code_format\n"
        ),
    );
    write(
        root,
        &format!("{docs_dir}/index.md"),
        "# Demo\n\nSee the [FAQ](faq.md) and the [setup](setup/index.md).\n",
    );
    write(
        root,
        &format!("{docs_dir}/faq.md"),
        "# FAQ\n\nBack [home](index.md).\n",
    );
    write(
        root,
        &format!("{docs_dir}/setup/index.md"),
        "# Setup\n\nBack [home](../index.md), or read the [FAQ](../faq.md#faq).\n",
    );
    dir
}

#[test]
fn unconfigured_mkdocs_project_is_read_as_mkdocs() {
    let dir = site("pages");
    let (code, stdout, stderr) = run(dir.path(), &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.trim().is_empty(), "{stdout}");
    assert!(stderr.contains("checked 3 files"), "{stderr}");
}

#[test]
fn dialect_flag_overrides_for_one_run() {
    let dir = site("docs");
    let (code, stdout, _) = run(
        dir.path(),
        &["check", "--dialect", "wikijs", "--output-format", "concise"],
    );
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(stdout.matches("GL203").count(), 5, "{stdout}");
    // And a stray page read as MkDocs on request.
    let loose = tempfile::tempdir().expect("tempdir");
    write(loose.path(), "a.md", "# A\n\n[B](b.md)\n");
    write(loose.path(), "b.md", "# B\n");
    let (code, stdout, _) = run(
        loose.path(),
        &[
            "check",
            "a.md",
            "b.md",
            "--dialect",
            "mkdocs",
            "--output-format",
            "concise",
        ],
    );
    assert_eq!((code, stdout.as_str()), (0, ""));
}

/// `--dialect` is part of the check cache's key: runs with and without it, one after the other
/// with the cache on, each report what the dialect they read in finds.
#[test]
fn dialect_flag_is_not_answered_from_another_dialect_s_cache() {
    let dir = site("docs");
    let concise = ["--output-format", "concise"];
    let gl203 = |args: &[&str]| {
        let args: Vec<&str> = ["check"]
            .iter()
            .chain(args)
            .chain(&concise)
            .copied()
            .collect();
        let (_, stdout, _) = run(dir.path(), &args);
        stdout.matches("GL203").count()
    };
    assert_eq!(gl203(&[]), 0);
    assert_eq!(gl203(&["--dialect", "wikijs"]), 5);
    assert_eq!(gl203(&[]), 0);
    assert_eq!(gl203(&["--dialect", "wikijs"]), 5);
    assert_eq!(gl203(&["--dialect", "mkdocs"]), 0);
}

/// A page given outside the guides root is read in the `--dialect` asked for, cached or not.
#[test]
fn dialect_flag_applies_to_pages_outside_the_guides_root() {
    let dir = site("docs");
    write(
        dir.path(),
        "notes/loose.md",
        "# Loose\n\nSee [the FAQ](faq.md) and [gone](../docs/gone.md).\n\n!!! note\n    Read me.\n",
    );
    for _ in 0..2 {
        let (_, stdout, _) = run(
            dir.path(),
            &[
                "check",
                "notes/loose.md",
                "--dialect",
                "wikijs",
                "--output-format",
                "concise",
            ],
        );
        assert!(stdout.contains("GL203"), "{stdout}");
        assert!(stdout.contains("GL301"), "{stdout}");
        let (_, stdout, _) = run(
            dir.path(),
            &[
                "check",
                "notes/loose.md",
                "--dialect",
                "mkdocs",
                "--output-format",
                "concise",
            ],
        );
        // Read as MkDocs: the links are MkDocs links (the one into docs_dir checked, as the
        // forge follows it), the admonition MkDocs syntax, and the page is not on the site,
        // so what its mkdocs.yml enables does not apply to it.
        assert!(
            !stdout.contains("GL203") && !stdout.contains("GL301") && !stdout.contains("GL321"),
            "{stdout}"
        );
        assert!(
            stdout.contains("GL202 broken-page-link [error] linked page file `gone.md`"),
            "{stdout}"
        );
    }
}

/// A MkDocs project without guide-lint configuration has no wiki: the repository's own files
/// outside `docs_dir` (README, CONTRIBUTING, a fixture page with MkDocs metadata) are read as
/// MkDocs, whose `.md` links and fence titles GitHub shows too, so they get no Wiki.js findings.
/// A page with the header Wiki.js's git storage writes is still detected, and stays a Wiki.js
/// page.
#[test]
fn root_files_of_a_mkdocs_project_are_read_as_mkdocs() {
    let dir = site("docs");
    let root = dir.path();
    write(
        root,
        "README.md",
        "# Demo\n\nRead the [docs](docs/index.md) and [how to help](CONTRIBUTING.md).\n\n\
         ```toml title=\"pyproject.toml\"\n[tool.demo]\n```\n",
    );
    write(
        root,
        "CONTRIBUTING.md",
        "# Contributing\n\nSee the [FAQ](docs/faq.md#faq).\n",
    );
    // A test fixture of a plugin: a blog post with MkDocs metadata (no `title`, tags as a list),
    // which Wiki.js would refuse.
    write(
        root,
        "tests/fixtures/docs/post.md",
        "---\ndate: 2024-03-20 10:20\nauthors:\n    - Guts\ntags:\n    - test\n---\n\n\
         # A post\n\nBack [home](index.md).\n",
    );
    write(
        root,
        "wiki/da/home.md",
        "---\ntitle: Hjem\ndescription: Forsiden\npublished: true\neditor: markdown\n---\n\n\
         # Hjem\n\nSe [FAQ](faq.md).\n\n![Logo](/img/gone.png)\n",
    );
    for _ in 0..2 {
        let (code, stdout, stderr) = run(root, &["check", ".", "--output-format", "concise"]);
        assert_eq!(code, 1, "{stdout}{stderr}");
        assert_eq!(
            stdout.trim(),
            "wiki/da/home.md:10:10: GL203 file-style-page-link [error] page link `faq.md` is \
             written as a file path\nwiki/da/home.md:12:9: GL204 missing-asset [error] image \
             `/img/gone.png` is not in the assets",
            "{stderr}"
        );
        assert!(stderr.contains("checked 7 files"), "{stderr}");
    }
    // Named as a Wiki.js page, the README is read as one.
    let (_, stdout, _) = run(
        root,
        &[
            "check",
            "README.md",
            "--dialect",
            "wikijs",
            "--output-format",
            "concise",
        ],
    );
    assert!(
        stdout.contains("GL203") && stdout.contains("GL316"),
        "{stdout}"
    );
}

/// Without a `guide-lint.yml`, a run from a folder inside a MkDocs project (its `docs_dir`, a
/// section of it) checks that project, as a run from its top does: its pages are MkDocs pages
/// (a `.md` link is no GL203) and a broken link is found alike. Only within the git work tree
/// holding the folder: without one, a folder above is not looked at.
#[test]
fn a_run_from_inside_a_mkdocs_project_checks_that_project() {
    let dir = site("docs");
    let root = dir.path();
    write(
        root,
        "docs/setup/more.md",
        "# More\n\nSee [gone](../gone.md).\n",
    );
    let (code, top, _) = concise(root, &[]);
    assert_eq!(code, 1, "{top}");
    assert_eq!(
        top.trim(),
        "docs/setup/more.md:3:12: GL202 broken-page-link [error] linked page file `gone.md` does \
         not exist"
    );
    // No work tree (an unpacked archive): the project whose docs_dir holds the folder.
    let setup = root.join("docs/setup");
    let (code, stdout, stderr) = concise(&setup, &["."]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        stdout.trim(),
        "more.md:3:12: GL202 broken-page-link [error] linked page file `gone.md` does not exist",
        "{stderr}"
    );
    // ... but not a project whose docs_dir does not hold it: the folder alone, its pages
    // detected (Wiki.js: the `.md` link is GL203).
    write(root, "notes/more.md", "# More\n\nSee [gone](../gone.md).\n");
    let (_, alone, _) = concise(&root.join("notes"), &["."]);
    assert!(alone.contains("more.md:3:12: GL203"), "{alone}");
    std::fs::create_dir(root.join(".git")).expect("work tree");
    let (code, stdout, stderr) = concise(&setup, &["."]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        stdout.trim(),
        "more.md:3:12: GL202 broken-page-link [error] linked page file `gone.md` does not exist",
        "{stderr}"
    );
    // With no path, the project's pages, named from here.
    let (_, stdout, _) = concise(&setup, &[]);
    assert_eq!(
        stdout.trim(),
        "../../docs/setup/more.md:3:12: GL202 broken-page-link [error] linked page file \
         `gone.md` does not exist"
    );
}

/// A `.md` link from a MkDocs project's README (or from `examples/README.md`, through `..`)
/// into `docs_dir` names that page, as GitHub follows it: a missing page is reported (GL202),
/// cached runs included, and deleting a page a README links re-reports the README. The anchor
/// is not checked (GitHub gives headings ids of its own), nor is a link that stays outside the
/// guides.
#[test]
fn links_from_a_readme_into_the_docs_are_checked() {
    let dir = site("docs");
    let root = dir.path();
    write(
        root,
        "README.md",
        "# Demo\n\nRead the [FAQ](docs/faq.md#usage-1), the [setup](./docs/setup/index.md), the \
         [guide](docs/guide.md) and [how to help](CONTRIBUTING.md).\n",
    );
    write(
        root,
        "examples/README.md",
        "# Examples\n\nSee the [FAQ](../docs/faq.md) and [more](../docs/more.md#x).\n",
    );
    let check = || {
        let (code, stdout, stderr) = run(root, &["check", ".", "--output-format", "concise"]);
        assert_eq!(code, 1, "{stdout}{stderr}");
        stdout
    };
    let broken = "README.md:3:86: GL202 broken-page-link [error] linked page file `guide.md` does \
                  not exist\nexamples/README.md:3:42: GL202 broken-page-link [error] linked page \
                  file `more.md` does not exist";
    for _ in 0..2 {
        assert_eq!(check().trim(), broken);
    }
    std::fs::remove_file(root.join("docs/faq.md")).expect("remove");
    let out = check();
    for at in ["README.md:3:16", "examples/README.md:3:15"] {
        assert!(
            out.contains(&format!(
                "{at}: GL202 broken-page-link [error] linked page file `faq.md`"
            )),
            "{at}: {out}"
        );
    }
}

/// A `docs_dir` that is a symbolic link: a README's link into it is checked all the same.
#[cfg(unix)]
#[test]
fn links_from_a_readme_into_a_linked_docs_dir_are_checked() {
    let dir = site("real/docs");
    let root = dir.path();
    std::os::unix::fs::symlink("real/docs", root.join("docs")).expect("symlink");
    write(root, "mkdocs.yml", "site_name: Demo\ndocs_dir: docs\n");
    write(
        root,
        "README.md",
        "# Demo\n\nRead the [FAQ](docs/faq.md) and the [guide](docs/guide.md).\n",
    );
    let (code, stdout, stderr) = run(root, &["check", "README.md", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        stdout.trim(),
        "README.md:3:45: GL202 broken-page-link [error] linked page file `guide.md` does not exist"
    );
}

/// `index.md` pages are their folder's page in check and build alike: `setup/index.md` is
/// `/en/setup` and the root `index.md` is `/en/home`, whether a link names the file
/// (`../setup/index.md`), the folder (`setup/`, `../`) or an anchor on it (`index.md#demo`).
#[test]
fn index_pages_are_their_folder_s_page_in_check_and_build() {
    let dir = site("docs");
    let root = dir.path();
    write(
        root,
        "docs/setup/index.md",
        "# Setup\n\n## Steps\n\nBack [home](../index.md#demo), [up](../), the [FAQ](../faq.md#faq), \
         [steps](./#steps), [broken](../index.md#nope).\n",
    );
    write(
        root,
        "docs/index.md",
        "# Demo\n\nSee the [FAQ](faq.md), the [setup](setup/index.md#steps), [setup](setup/), \
         [steps](setup/#steps) and [broken](setup/#nope).\n",
    );
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines.iter().any(|l| l.starts_with("docs/index.md:3:")
            && l.contains("GL201")
            && l.contains("`#nope` does not exist in `setup/index.md`")),
        "{stdout}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("docs/setup/index.md:5:")
            && l.contains("GL201")
            && l.contains("`#nope` does not exist in `index.md`")),
        "{stdout}"
    );
    // Another file that is the page `setup` collides with the folder's index page.
    write(root, "docs/setup.md", "# Setup again\n");
    let (_, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(stdout.matches("GL313").count(), 2, "{stdout}");
    std::fs::remove_file(root.join("docs/setup.md")).expect("remove");

    let (code, _, stderr) = run(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let home = std::fs::read_to_string(root.join("build/wiki/home.md")).expect("home page");
    for want in [
        "[setup](/en/setup#steps)",
        "[setup](/en/setup)",
        "[steps](/en/setup#steps)",
    ] {
        assert!(home.contains(want), "{want}\n{home}");
    }
    let setup = std::fs::read_to_string(root.join("build/wiki/setup.md")).expect("setup page");
    for want in [
        "[home](/en/home#demo)",
        "[up](/en/home)",
        "[steps](/en/setup#steps)",
    ] {
        assert!(setup.contains(want), "{want}\n{setup}");
    }
}

/// On a site MkDocs alone publishes, only files MkDocs serves at one address collide (GL313):
/// `setup.md` and `setup/index.md` with directory URLs, not without them; `v1.2/x.md` and
/// `v12/x.md` never (only a Wiki.js import deletes the dot).
#[test]
fn a_mkdocs_site_s_colliding_pages_are_those_mkdocs_serves_at_one_address() {
    let dir = site("docs");
    let root = dir.path();
    write(
        root,
        "docs/setup.md",
        "# Setup again
",
    );
    write(
        root,
        "docs/v1.2/x.md",
        "# X
",
    );
    write(
        root,
        "docs/v12/x.md",
        "# Y
",
    );
    let (_, stdout, _) = concise(root, &[]);
    let gl313: Vec<&str> = stdout.lines().filter(|l| l.contains("GL313")).collect();
    assert_eq!(gl313.len(), 2, "{stdout}");
    assert!(
        gl313
            .iter()
            .all(|l| l.contains("are both served at `setup/`")),
        "{stdout}"
    );
    let config = std::fs::read_to_string(root.join("mkdocs.yml")).expect("read");
    write(
        root,
        "mkdocs.yml",
        &format!("{config}use_directory_urls: false\n"),
    );
    let (_, stdout, _) = concise(root, &[]);
    assert!(!stdout.contains("GL313"), "{stdout}");
}

/// An admonition or a content tab marker indented off four columns (`  !!! note` under a `-`
/// item) is text to Python-Markdown, and its body a code block: GL325 reports the marker, and
/// the links in the body are no links. Indented by four, they are, and are checked.
#[test]
fn markers_off_four_columns_are_text_and_their_bodies_code() {
    let dir = site("docs");
    let root = dir.path();
    let page = |indent: &str| {
        format!(
            "# Demo\n\n- Install the app.\n\n{indent}!!! note\n\n{indent}    See [the page](nope.md).\n\n\
             - Pick your phone.\n\n{indent}=== \"Android\"\n\n{indent}    See [the other](gone.md).\n"
        )
    };
    write(root, "docs/index.md", &page("  "));
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.matches("GL325").count(), 2, "{stdout}");
    assert!(!stdout.contains("GL202"), "{stdout}");
    write(root, "docs/index.md", &page("    "));
    let (_, stdout, _) = concise(root, &[]);
    assert!(!stdout.contains("GL325"), "{stdout}");
    assert_eq!(stdout.matches("GL202").count(), 2, "{stdout}");
}

/// MkDocs links files, not pages: a link to `setup.md` where only `setup/index.md` exists is
/// broken on the site, though both would be the page `setup`, and so is a relative link that
/// climbs out of `docs_dir`. When two files are one page (GL313), an anchor is looked up in the
/// file the link names.
#[test]
fn mkdocs_links_name_files() {
    let dir = site("docs");
    let root = dir.path();
    write(root, "README.md", "# Demo\n");
    write(
        root,
        "docs/index.md",
        "# Demo\n\nSee [setup](setup.md), [FAQ](faq/index.md), [readme](../README.md), \
         [notes](../notes.md#x), [fine](setup/index.md#setup) and [fine](faq.md#faq).\n\n\
         Files beside the docs: [the example](../examples/app.yml), [config](../mkdocs.yml).\n",
    );
    write(root, "examples/app.yml", "name: demo\n");
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{stdout}");
    for (line, col, want) in [
        (3, 13, "linked page file `setup.md` does not exist"),
        (3, 30, "linked page file `faq/index.md` does not exist"),
        (3, 54, "linked file `../README.md` leads out of `docs`"),
        (3, 77, "linked file `../notes.md` leads out of `docs`"),
        // Files other than pages too: MkDocs publishes only what `docs` holds.
        (
            5,
            38,
            "linked file `../examples/app.yml` leads out of `docs`",
        ),
        (5, 69, "linked file `../mkdocs.yml` leads out of `docs`"),
    ] {
        let at = format!("docs/index.md:{line}:{col}: GL202");
        assert!(
            lines.iter().any(|l| l.starts_with(&at) && l.contains(want)),
            "{at} {want}\n{stdout}"
        );
    }
    let (_, human, _) = run(root, &["check"]);
    assert!(
        human.contains("this page is the file `setup/index.md`, so link to"),
        "{human}"
    );
    assert!(
        human.contains("this page is the file `faq.md`, so link to"),
        "{human}"
    );

    // Two files that are one page: each link's anchor is looked up in the file it names.
    write(root, "docs/setup.md", "# Setup page\n\n## Intro\n");
    write(
        root,
        "docs/setup/index.md",
        "# Setup\n\n## Steps\n\nBack [home](../index.md).\n",
    );
    write(
        root,
        "docs/index.md",
        "# Demo\n\nSee [steps](setup/index.md#steps), [intro](setup.md#intro) and \
         [wrong](setup.md#steps).\n",
    );
    let (_, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    let anchors: Vec<&str> = stdout.lines().filter(|l| l.contains("GL201")).collect();
    assert_eq!(anchors.len(), 1, "{stdout}");
    assert!(
        anchors[0].starts_with("docs/index.md:3:")
            && anchors[0].contains("`#steps` does not exist in `setup.md`"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("GL313").count(), 2, "{stdout}");
    assert!(stdout.lines().all(|l| !l.contains("GL202")), "{stdout}");
}

/// A MkDocs project's files outside its `docs_dir` are not on the site: the forge (GitHub)
/// shows them. What mkdocs.yml enables does not apply to them (GL321), and their same-page
/// anchors are GitHub's heading ids, checked as such and never "fixed" to MkDocs' slugs.
#[test]
fn files_outside_docs_dir_are_the_forge_s() {
    let dir = site("docs");
    let root = dir.path();
    write(
        root,
        "RELEASING.md",
        "# Releasing\n\n!!! note\n    GitHub shows this as text, and that is fine here.\n",
    );
    write(
        root,
        "AGENTS.md",
        "# Contributor Guide\n\n1. [Policies](#policies--mandatory-rules)\n\
         2. [Rincón](#puerto-rico-rinc%C3%B3n-and-beyond)\n3. [Again](#setup-1)\n\
         4. [Missing](#not-a-heading)\n\n## Policies & Mandatory Rules\n\n\
         ### Puerto Rico: Rincón and Beyond\n\n## Setup\n\n## Setup\n",
    );
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise", "."]);
    assert_eq!(code, 1, "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].starts_with("AGENTS.md:6:")
            && lines[0].contains("GL201")
            && lines[0].contains("`#not-a-heading`"),
        "{stdout}"
    );
    let (_, json, _) = run(root, &["check", "--output-format", "json", "AGENTS.md"]);
    assert!(
        json.contains("\"errors\": 1,") && json.contains("\"unsafe_fixable\": 0,"),
        "{json}"
    );
}

/// Raw HTML's URLs are not rewritten by MkDocs: with directory URLs (the default), the browser
/// reads `<img src>` on `sub/page.md` from `sub/page/`, so `../pic.png` is `sub/pic.png` and
/// `pic.png` is broken; a Markdown image is resolved from the file. Without directory URLs, or
/// on an index page, the page's folder is its address.
#[test]
fn raw_html_urls_are_read_from_the_page_s_address() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "mkdocs.yml", "site_name: Demo\n");
    write(
        root,
        "docs/index.md",
        "# Home\n\n<img src=\"sub/pic.png\" alt=\"ok\">\n",
    );
    write(root, "docs/sub/pic.png", "");
    write(
        root,
        "docs/sub/page.md",
        "# Page\n\n<img src=\"../pic.png\" alt=\"works\">\n\n<img src=\"pic.png\" alt=\"broken\">\n\n\
         ![fine](pic.png)\n\n<p><a href=\"../index.md\">Home</a>, [home](../index.md)</p>\n",
    );
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    // A raw HTML link to a Markdown file is left as written by MkDocs: broken on the site.
    assert!(
        stdout.contains(
            "docs/sub/page.md:9:13: GL202 broken-page-link [error] raw HTML link to the \
             Markdown file `../index.md` is broken on the site"
        ),
        "{stdout}"
    );
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains("GL204")).collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].starts_with("docs/sub/page.md:5:11: GL204")
            && lines[0].contains("names `docs/sub/page/pic.png`"),
        "{stdout}"
    );
    let (_, human, _) = run(root, &["check"]);
    assert!(
        human.contains("MkDocs does not rewrite raw HTML's URLs"),
        "{human}"
    );
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nuse_directory_urls: false\n",
    );
    let (_, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains("GL204")).collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].starts_with("docs/sub/page.md:3:11: GL204"),
        "{stdout}"
    );
}

/// A MkDocs project whose `docs_dir` does not exist: the error says so, and names the folder.
#[test]
fn a_missing_docs_dir_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "mkdocs.yml",
        "site_name: x\ndocs_dir: site_src\n",
    );
    let (code, stdout, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 2, "{stderr}");
    // One error, on the folder, that says what it is.
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("site_src: error: the MkDocs project's docs_dir"),
        "{stdout}"
    );
}

#[test]
fn config_names_the_mkdocs_project() {
    let dir = site("docs");
    let root = dir.path();
    std::fs::rename(root.join("mkdocs.yml"), root.join("site.yml")).expect("rename");
    write(root, "guide-lint.yml", "mkdocs: site.yml\n");
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("checked 3 files"), "{stderr}");
}

#[test]
fn nothing_to_check_says_what_was_looked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    for want in [
        "guide-lint.yml",
        "mkdocs.yml",
        "mkdocs.yaml",
        "zensical.toml",
        "`guides`",
        "guide-lint check docs/",
        "`guide-lint check .` for every page below, each project found there with its own \
         configuration",
    ] {
        assert!(stderr.contains(want), "{want}: {stderr}");
    }
}

#[test]
fn rule_doc_suggests_the_closest_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr) = run(dir.path(), &["rule", "GL1O2"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `GL102`?"), "{stderr}");
    let (code, stdout, _) = run(dir.path(), &["rule", "gl102"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("# GL102"), "{stdout}");
}

/// A MkDocs project whose `mkdocs.yml` enables only `admonition` (plus options maps and a
/// Python tag), with a page that uses syntax of five other extensions.
fn partial_site(root: &Path) {
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - admonition\n  - toc: {permalink: true}\n  \
         - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
    );
    write(
        root,
        "docs/index.md",
        "# Demo\n\n!!! note \"Open\"\n    Always shown.\n\n??? tip \"Folded\"\n    Hidden text.\n\n\
         ## Apps\n\n=== \"Android\"\n\n    Tusky.\n\n=== \"iPhone\"\n\n    Ice Cubes.\n\n## Keys\n\n\
         Open the [site](https://example.org){target=_blank}, press ++ctrl+c++. A {name} stays.\n\n\
         <div markdown>\n**Bold**\n</div>\n",
    );
}

#[test]
fn syntax_without_its_extension_is_reported_and_not_converted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    partial_site(root);
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    let gl320: Vec<&str> = stdout.lines().filter(|l| l.contains("GL321")).collect();
    assert_eq!(gl320.len(), 6, "{stdout}");
    for want in [
        "docs/index.md:6:1: GL321 mkdocs-extension-not-enabled [error] `??? tip` needs the \
         `pymdownx.details` Markdown extension, which mkdocs.yml does not enable",
        "docs/index.md:11:1: GL321",
        "docs/index.md:15:1: GL321",
        "`{target=_blank}` needs the `attr_list`",
        "`++ctrl+c++` needs the `pymdownx.keys`",
        "`markdown` on `<div>` needs the `md_in_html`",
    ] {
        assert!(stdout.contains(want), "{want}\n{stdout}");
    }
    // `!!! note` is enabled, `{name}` is text: neither is reported.
    assert!(!stdout.contains("!!! note"), "{stdout}");
    assert!(!stdout.contains("{name}"), "{stdout}");

    // Build converts the admonition only; the rest stays as MkDocs shows it, and is reported.
    let (code, _, stderr) = run(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let built = std::fs::read_to_string(root.join("build/wiki/home.md")).expect("home page");
    assert!(built.contains("> **Open**"), "{built}");
    assert!(built.contains("{.is-info}"), "{built}");
    for kept in [
        "??? tip \"Folded\"",
        "=== \"Android\"",
        "++ctrl+c++",
        "<div markdown>",
    ] {
        assert!(built.contains(kept), "{kept}\n{built}");
    }
    assert!(!built.contains("<kbd>"), "{built}");
    assert!(
        stderr.contains("build/wiki/home.md:") && stderr.contains("GL301 [error]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("problems remain in the built pages (4 errors): GL301: 4"),
        "{stderr}"
    );
    let (code, _, stderr) = run(root, &["build", "--strict"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--strict: 4 errors remain"), "{stderr}");

    // With every extension enabled, all of it is converted and nothing remains.
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - admonition\n  - pymdownx.details\n  \
         - pymdownx.tabbed:\n      alternate_style: true\n  - pymdownx.keys\n  - attr_list\n  - md_in_html\n",
    );
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let (code, _, stderr) = run(root, &["build", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("remain"), "{stderr}");
    let built = std::fs::read_to_string(root.join("build/wiki/home.md")).expect("home page");
    assert!(built.contains("<kbd>Ctrl</kbd>+<kbd>C</kbd>"), "{built}");
    assert!(built.contains("{.tabset}"), "{built}");
    assert!(!built.contains("??? tip"), "{built}");
}

#[test]
fn index_pages_build_to_home_and_folder_paths() {
    let dir = site("docs");
    let root = dir.path();
    write(
        root,
        "docs/setup/install.md",
        "# Install\n\nSee the [setup](./) and [start](../index.md), or [setup](../setup/index.md).\n",
    );
    let (code, _, stderr) = run(root, &["build", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
    let out = root.join("build/wiki");
    let home = std::fs::read_to_string(out.join("home.md")).expect("home.md");
    assert!(
        home.contains("[FAQ](/en/faq)") && home.contains("[setup](/en/setup)"),
        "{home}"
    );
    let setup = std::fs::read_to_string(out.join("setup.md")).expect("setup.md");
    assert!(setup.contains("[home](/en/home)"), "{setup}");
    let install = std::fs::read_to_string(out.join("setup/install.md")).expect("install");
    assert!(
        install.contains("[setup](/en/setup)")
            && install.contains("[start](/en/home)")
            && install.contains("or [setup](/en/setup)."),
        "{install}"
    );
    assert!(!out.join("index.md").exists() && !out.join("setup/index.md").exists());
}

#[test]
fn build_only_rules_stay_quiet_on_a_plain_mkdocs_site() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - admonition\n  - pymdownx.tabbed\n",
    );
    write(
        root,
        "docs/index.md",
        "# Demo\n\n## Install\n\n- Install:\n\n    === \"Linux\"\n\n        apt install x\n\n    === \"macOS\"\n\n        brew install x\n\n\
         !!! note\n    Restart afterwards.\n\n<iframe src=\"https://example.org/demo\"></iframe>\n\n\
         ## Other\n\n=== \"A\"\n\n    a\n\nText after the tabs.\n",
    );
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    // A project that builds for Wiki.js is told, and build refuses the page either way.
    write(root, "guide-lint.yml", "mkdocs: mkdocs.yml\n");
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("docs/index.md:7:5: GL319"), "{stdout}");
    assert!(stdout.contains("docs/index.md:18:1: GL314"), "{stdout}");
    assert!(stdout.contains("docs/index.md:22:1: GL328"), "{stdout}");
    std::fs::remove_file(root.join("guide-lint.yml")).expect("rm");
    let (code, _, stderr) = run(root, &["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("(GL319)"), "{stderr}");
}

#[test]
fn sized_figure_images_are_mapped_and_relative_leftovers_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n",
    );
    write(
        root,
        "docs/guide.md",
        "# Guide\n\n<figure markdown>\n  ![Export](img/e.png =50%x)\n  <figcaption>Export</figcaption>\n</figure>\n\n\
         ![Logo](img/logo.png){ width=\"120\" }\n",
    );
    write(root, "docs/img/e.png", "png");
    write(root, "docs/img/logo.png", "png");
    // Without `build.assets`, nothing maps the images: each is reported with its line.
    let (code, _, stderr) = run(root, &["build", "--strict"]);
    assert_eq!(code, 1, "{stderr}");
    let built = std::fs::read_to_string(root.join("build/wiki/guide.md")).expect("guide");
    let line_of = |needle: &str| {
        built
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{needle} not in\n{built}"))
    };
    for (img, url) in [
        ("img/e.png =50%x", "img/e.png"),
        ("img/logo.png", "img/logo.png"),
    ] {
        let want = format!(
            "build/wiki/guide.md:{}:1: relative-url [error] image `{url}` is still relative after build",
            line_of(img)
        );
        assert!(stderr.contains(&want), "{want}\n{stderr}");
    }
    assert!(stderr.contains("relative-url: 2"), "{stderr}");
    // With `build.assets`, both are rewritten, the sized one in the figure included.
    write(
        root,
        "guide-lint.yml",
        "build:\n  assets:\n    - from: img/\n      to: /guide/\n",
    );
    let (code, _, stderr) = run(root, &["build", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
    let built = std::fs::read_to_string(root.join("build/wiki/guide.md")).expect("guide");
    assert!(built.contains("![Export](/guide/e.png =50%x)"), "{built}");
    assert!(built.contains("](/guide/logo.png =120x)"), "{built}");
}

#[test]
fn unconfigured_site_checks_its_files_and_names_pages_by_file() {
    let dir = site("docs");
    let root = dir.path();
    write(root, "docs/img/logo.png", "png");
    write(root, "docs/files/sheet.pdf", "pdf");
    write(
        root,
        "docs/setup/extra.md",
        "# Extra\n\n![Logo](../img/logo.png)\n\n![Missing](../img/nothere.png)\n\n\
         The [sheet](../files/sheet.pdf), the [old sheet](../files/old.pdf), \
         the [FAQ](../faq.md#nothere) and the [web](https://example.org/a.png).\n",
    );
    let (code, out, err) = run(root, &["check", "docs/setup/extra.md"]);
    assert_eq!(code, 1, "{out}{err}");
    // The files beside the pages are what MkDocs copies into the site: docs_dir is the assets.
    // Named as files of the site's folder, not as a wiki's assets.
    assert!(
        out.contains("`../img/nothere.png` names `docs/img/nothere.png`, which does not exist"),
        "{out}"
    );
    assert!(
        out.contains("`../files/old.pdf` names `docs/files/old.pdf`, which does not exist"),
        "{out}"
    );
    assert!(
        out.contains("add the file to `docs`, or fix the path"),
        "{out}"
    );
    assert!(!out.contains("logo.png`"), "{out}");
    assert!(!out.contains("sheet.pdf`"), "{out}");
    assert!(!out.contains("example.org/a.png` resolves"), "{out}");
    assert_eq!(out.matches("GL204").count(), 2, "{out}");
    // The site has no locale folders: the page is named as its file, not as a wiki path.
    assert!(
        out.contains("anchor `#nothere` does not exist in `faq.md`"),
        "{out}"
    );
    assert!(!out.contains("/en/"), "{out}");
}

/// pymdownx.blocks' `types` in `mkdocs.yml`: the names a project adds are blocks that `check`
/// accepts and `build` makes callouts (a details type shows as its `class`); a list replaces
/// the extension's own names, so `/// note` left out of it is text on the site, and GL321 says
/// so.
#[test]
fn block_types_from_mkdocs_yml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - pymdownx.blocks.admonition:\n      types:\n        \
         - warning\n        - new\n  - pymdownx.blocks.details:\n      types:\n        \
         - name: details-new\n          class: new\n",
    );
    write(
        root,
        "docs/index.md",
        "# Demo\n\n/// new | New in 4.3\nLists move too.\n///\n\n/// details-new | What changed\n\
         Folders are named after their media.\n///\n\n/// warning | Back up\nFirst.\n///\n\n\
         /// note | Not listed\nText on the site.\n///\n",
    );
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].contains("docs/index.md:15:1")
            && lines[0].contains("GL321")
            && lines[0].contains("`/// note` is no block"),
        "{stdout}"
    );
    let (code, stdout, stderr) = run(root, &["build", "--out", "wiki"]);
    assert!(
        code == 0 || code == 1,
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let built = std::fs::read_to_string(root.join("wiki/home.md"))
        .or_else(|_| std::fs::read_to_string(root.join("wiki/index.md")))
        .expect("built page");
    assert!(
        built.contains("> **New in 4.3**\n>\n> Lists move too.\n{.is-info}"),
        "{built}"
    );
    assert!(
        built.contains("> **What changed**\n>\n> Folders are named after their media.\n{.is-info}"),
        "{built}"
    );
    assert!(built.contains("{.is-warning}"), "{built}");
    assert!(built.contains("/// note | Not listed"), "{built}");
}

/// pymdownx.blocks.caption's own types (`/// figure-caption`, `/// table-caption`) and the
/// ones `types` lists: build leaves their caption under the image or table, without the block's
/// lines; a `types` list replaces the extension's own names, so a type it leaves out is text on
/// the site (GL321) and stays as written.
#[test]
fn caption_blocks_and_their_types() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let page = "# Demo\n\n![Export](export.png)\n\n/// figure-caption\nThe export page.\n///\n\n\
                | a | b |\n|---|---|\n| 1 | 2 |\n\n/// table-caption\nTwo numbers.\n///\n";
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - pymdownx.blocks.caption\n",
    );
    write(root, "docs/index.md", page);
    write(root, "docs/export.png", "png");
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    run(root, &["build", "--out", "wiki"]);
    let built = std::fs::read_to_string(root.join("wiki/home.md")).expect("built page");
    assert!(
        built.contains("\n\nThe export page.\n\n") && built.contains("\n\nTwo numbers.\n"),
        "{built}"
    );
    assert!(!built.contains("///"), "{built}");
    // A `types` list without `table-caption`: that block is text on the site.
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - pymdownx.blocks.caption:\n      types:\n        \
         - figure-caption\n",
    );
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise", "--no-cache"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("docs/index.md:13:1") && stdout.contains("GL321"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

/// A MkDocs project enabling pymdownx.snippets, whose one page `docs/index.md` is `page`.
fn snippets_project(page: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - pymdownx.snippets\n",
    );
    write(dir.path(), "docs/index.md", page);
    dir
}

/// A heading with an emoji or icon shortcode: pymdownx.emoji makes it an image or an SVG,
/// which the id leaves out (`## :rocket: Go live` is `#go-live` on the built site). Links to
/// the built id are not broken, and a link to the id with the shortcode's name is.
#[test]
fn heading_ids_leave_out_emoji_and_icons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\ntheme: {name: material}\nmarkdown_extensions:\n  - toc: {permalink: true}\n  \
         - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n      \
         emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
    );
    write(
        root,
        "docs/index.md",
        "# Home\n\n## :rocket: Go live\n\nSee [going live](#go-live).\n\n## :material-check: Done\n\n\
         See [done](#done) and [not this](#rocket-go-live).\n",
    );
    let (_, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    let broken: Vec<&str> = stdout.lines().filter(|l| l.contains("GL201")).collect();
    assert_eq!(broken.len(), 1, "{stdout}{stderr}");
    assert!(broken[0].contains("`#rocket-go-live`"), "{stdout}");
}

/// An include block (`--8<--` lines around file names) places what the files hold on its
/// first line: an id they repeat is reported there, naming the files.
#[test]
fn an_include_block_names_its_files_in_findings_on_its_first_line() {
    let dir = snippets_project(
        "# Home\n\n<span id=\"terms\"></span>\n\n--8<--\nincludes/setup.md\nincludes/terms.md\n--8<--\n",
    );
    let root = dir.path();
    write(root, "includes/setup.md", "## Setup\n\nInstall it.\n");
    write(root, "includes/terms.md", "## Terms\n\nRead them.\n");
    let (_, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert!(
        stdout.contains(
            "docs/index.md:5:1: GL209 duplicate-id [warning] id `terms` is already used on \
             this page, in one of the included `includes/setup.md`, `includes/terms.md`"
        ),
        "{stdout}{stderr}"
    );
}

/// GL210: a snippet whose file is missing is reported, and the finding follows the file (with
/// the cache on, as `check` runs by default): added, it goes; removed, it is back.
#[test]
fn missing_snippets_follow_their_files_through_the_cache() {
    let dir = snippets_project("# Home\n\n--8<-- \"includes/terms.md\"\n");
    let root = dir.path();
    let check = || run(root, &["check", "--output-format", "concise"]);
    let (code, stdout, stderr) = check();
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("docs/index.md:3:9: GL210")
            && stdout.contains("snippet `includes/terms.md` is not found in the base paths (`.`)"),
        "{stdout}"
    );
    write(
        root,
        "includes/terms.md",
        "Relay\n:   A server that forwards posts.\n",
    );
    let (code, stdout, stderr) = check();
    assert_eq!(code, 0, "{stdout}{stderr}");
    std::fs::remove_file(root.join("includes/terms.md")).expect("remove");
    let (code, stdout, _) = check();
    assert_eq!(code, 1, "{stdout}");
    assert!(root.join(".guide-lint-cache").is_dir());
}

/// Anchors into a page that includes files (pymdownx.snippets) are checked against the page as
/// MkDocs builds it: the included file's headings are on it, its own are numbered after them,
/// and a fragment neither has is reported. An edit to the included file alone is seen by the
/// next run (with the cache, as `check` runs by default); a file that cannot be included leaves
/// the anchors into the page unjudged (GL210 reports it).
#[test]
fn anchors_into_a_page_that_includes_files_are_checked_with_them_included() {
    let dir = snippets_project(
        "# Home\n\n--8<-- \"includes/setup.md\"\n\n## Setup\n\n\
         See [setup](#setup), [again](#setup_1), [terms](#terms) and [none](#nowhere).\n",
    );
    let root = dir.path();
    write(
        root,
        "includes/setup.md",
        "## Setup\n\nInstall it.\n\n## Terms\n\nWords.\n\n<span id=\"terms\"></span>\n",
    );
    write(
        root,
        "docs/other.md",
        "# Other\n\nSee [terms](index.md#terms) and [gone](index.md#gone).\n",
    );
    let check = || run(root, &["check", "--output-format", "concise"]);
    let broken = |stdout: &str| -> Vec<String> {
        stdout
            .lines()
            .filter(|l| l.contains("GL201"))
            .map(|l| l.split(": GL201").next().unwrap_or("").to_string())
            .collect()
    };
    let (code, stdout, stderr) = check();
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        broken(&stdout),
        ["docs/index.md:7:69", "docs/other.md:3:49"],
        "{stdout}"
    );
    assert!(
        stdout.contains("`#nowhere`") && stdout.contains("`#gone`"),
        "{stdout}"
    );
    // An id the included file repeats is placed on the line that includes it, named.
    assert!(
        stdout.contains(
            "docs/index.md:3:1: GL209 duplicate-id [warning] id `terms` is already used on \
             this page, in the included `includes/setup.md`"
        ),
        "{stdout}"
    );
    // The included file loses its `Terms` heading: the links to it break, though no page
    // changed.
    write(root, "includes/setup.md", "## Setup\n\nInstall it.\n");
    let (code, stdout, _) = check();
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        broken(&stdout),
        [
            "docs/index.md:7:50",
            "docs/index.md:7:69",
            "docs/other.md:3:22",
            "docs/other.md:3:49"
        ],
        "{stdout}"
    );
    // Without the file, what the page holds is unknown.
    std::fs::remove_file(root.join("includes/setup.md")).expect("remove");
    let (code, stdout, _) = check();
    assert_eq!(code, 1, "{stdout}");
    assert!(broken(&stdout).is_empty(), "{stdout}");
    assert!(stdout.contains("GL210"), "{stdout}");
}

/// Links and images inside an element with the `markdown` attribute (md_in_html: a figure
/// with its caption, as Material writes it) are checked like any others: CommonMark reads
/// those lines as raw HTML, MkDocs renders them as Markdown.
#[test]
fn links_and_images_in_markdown_in_html_elements_are_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n  - \
         pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n",
    );
    write(root, "docs/img/shown.png", "PNG");
    write(
        root,
        "docs/index.md",
        "# Home\n\n<figure markdown=\"span\">\n  ![Shown](img/shown.png){ width=\"300\" }\n  \
         <figcaption>Shown</figcaption>\n</figure>\n\n=== \"Web\"\n\n    <figure markdown>\n      \
         ![Gone](img/gone.png)\n      <figcaption>Gone</figcaption>\n    </figure>\n\n\
         <div markdown>\nRead [the setup](setup.md), [the steps](#steps) and [home](#home).\n</div>\n\n\
         <figure markdown>\n\n![Parsed](img/parsed.png)\n\n</figure>\n\n`![In code](img/code.png)`\n",
    );
    let (code, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains(": GL")).collect();
    assert_eq!(
        lines,
        [
            "docs/index.md:11:15: GL204 missing-asset [error] image `img/gone.png` names \
             `docs/img/gone.png`, which does not exist",
            "docs/index.md:16:18: GL202 broken-page-link [error] linked page file `setup.md` does \
             not exist",
            "docs/index.md:16:42: GL201 broken-anchor [error] anchor `#steps` does not exist on \
             this page",
            "docs/index.md:21:11: GL204 missing-asset [error] image `img/parsed.png` names \
             `docs/img/parsed.png`, which does not exist",
        ],
        "{stdout}"
    );
}

/// `setup.md/`, with a slash after the file name, is the page `setup.md` to MkDocs (it
/// normalises the path): its anchor is checked, a missing page is reported (MkDocs leaves the
/// link as written, and only says so at its INFO level), and `build` links the wiki page.
#[test]
fn a_page_link_written_with_a_trailing_slash_is_the_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "mkdocs.yml", "site_name: Demo\n");
    write(root, "docs/sub/b.md", "# B\n\n## Features\n");
    write(
        root,
        "docs/index.md",
        "# Home\n\nSee [features](sub/b.md/#features), [none](sub/b.md/#nope) and \
         [gone](sub/gone.md/).\n",
    );
    let (code, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains(": GL")).collect();
    assert_eq!(
        lines,
        [
            "docs/index.md:3:54: GL201 broken-anchor [error] anchor `#nope` does not exist in \
             `sub/b.md`",
            "docs/index.md:3:71: GL202 broken-page-link [error] linked page file `sub/gone.md` \
             does not exist",
        ],
        "{stdout}"
    );
    let (_, _, stderr) = run(root, &["build"]);
    assert!(!stderr.contains("is not published"), "{stderr}");
    let home = std::fs::read_to_string(root.join("build/wiki/home.md")).expect("home page");
    assert!(home.contains("[features](/en/sub/b#features)"), "{home}");
}

/// GL210 with every run kept whole: the pages not edited lately, so a run with nothing changed
/// gives back the last one's output. Adding the snippet's file, or the section a name asks for,
/// changes no page, and still clears the finding, in every output format.
#[test]
fn a_run_given_back_from_the_cache_follows_the_snippet_files() {
    let dir = snippets_project("# Home\n\n--8<-- \"NOTES.md\"\n\n--8<-- \"TERMS.md:relay\"\n");
    let root = dir.path();
    write(root, "docs/other.md", "# Other\n\nNo snippets here.\n");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for rel in ["mkdocs.yml", "docs/index.md", "docs/other.md", "docs"] {
        let f = std::fs::File::open(root.join(rel)).expect("open");
        f.set_modified(an_hour_ago).expect("age");
    }
    let gl210 = |format: &str| {
        let (code, stdout, stderr) = run(root, &["check", "--output-format", format]);
        assert!(code <= 1, "{stdout}{stderr}");
        stdout.matches("GL210").count()
    };
    // The second run of each format is given back whole.
    for _ in 0..3 {
        assert_eq!(gl210("human"), 2);
        assert_eq!(gl210("concise"), 2);
    }
    let outputs = std::fs::read_dir(root.join(".guide-lint-cache/0.1.0"))
        .expect("cache folder")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().contains(".output-"))
        })
        .count();
    assert_eq!(outputs, 2, "the outputs are kept to be given back");
    // A run over another page, without snippets, in between changes nothing of the above.
    let (code, stdout, _) = run(root, &["check", "--output-format", "json", "docs/other.md"]);
    assert_eq!(code, 0, "{stdout}");
    write(root, "NOTES.md", "Notes.\n");
    assert_eq!(gl210("human"), 1);
    assert_eq!(gl210("concise"), 1);
    // The file is there, without the section the name asks for.
    write(root, "TERMS.md", "Relay: a server.\n");
    assert_eq!(gl210("human"), 1);
    assert_eq!(gl210("concise"), 1);
    write(
        root,
        "TERMS.md",
        "--8<-- [start:relay]\nRelay: a server.\n--8<-- [end:relay]\n",
    );
    assert_eq!(gl210("human"), 0);
    assert_eq!(gl210("concise"), 0);
    assert_eq!(gl210("human"), 0);
    std::fs::remove_file(root.join("NOTES.md")).expect("remove");
    assert_eq!(gl210("human"), 1);
    assert_eq!(gl210("concise"), 1);
}

/// A Zensical project (`zensical.toml`, the same pages as MkDocs, its settings in TOML) is
/// read as a MkDocs project: its `docs_dir` is the guides root, its pages are MkDocs pages, and
/// its `markdown_extensions` decide what GL321 reports and what build converts.
#[test]
fn zensical_project_is_read_as_mkdocs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "zensical.toml",
        "[project]\nsite_name = \"Demo\"\ndocs_dir = \"pages\"\n\n\
         [project.markdown_extensions.admonition]\n\
         [project.markdown_extensions.pymdownx.superfences]\n\
         [project.markdown_extensions.pymdownx.blocks.admonition]\ntypes = [\"new\"]\n",
    );
    write(
        root,
        "pages/index.md",
        "---\ntitle: Demo\n---\n\n# Demo\n\n!!! tip \"Before you start\"\n    Back up.\n\n\
         /// new | New in 4.3\nLists move too.\n///\n\nPress ++ctrl+c++.\n",
    );
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("checked 1 file"), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].starts_with("pages/index.md:14:7: GL321")
            && lines[0].contains("`pymdownx.keys`")
            && lines[0].contains("zensical.toml"),
        "{stdout}"
    );
    let (code, stdout, stderr) = run(root, &["build", "--out", "wiki"]);
    assert!(
        code == 0 || code == 1,
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let built = std::fs::read_to_string(root.join("wiki/home.md")).expect("built page");
    assert!(
        built.contains("> **Before you start**\n>\n> Back up.\n{.is-success}"),
        "{built}"
    );
    assert!(
        built.contains("> **New in 4.3**\n>\n> Lists move too.\n{.is-info}"),
        "{built}"
    );
}

/// A project whose configuration is `mkdocs.yaml` (the other name MkDocs and Zensical look
/// for) is found as one with `mkdocs.yml` is: its `docs_dir` is the guides root and a link to a
/// page file is MkDocs' way, not a Wiki.js mistake; `mkdocs.yml` wins when both are there.
#[test]
fn a_mkdocs_yaml_project_is_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "mkdocs.yaml", "site_name: Demo\ndocs_dir: pages\n");
    write(
        root,
        "pages/index.md",
        "# Demo\n\nRead the [FAQ](faq.md).\n",
    );
    write(
        root,
        "pages/faq.md",
        "# FAQ\n\nBack [home](index.md#demo).\n",
    );
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("checked 2 files"), "{stderr}");
    // From inside docs_dir, the project above is found too.
    let (code, stdout, stderr) = run(
        &root.join("pages"),
        &["check", "--output-format", "concise"],
    );
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("checked 2 files"), "{stderr}");
    // Beside a `mkdocs.yml` naming another docs_dir, `mkdocs.yaml` is not read.
    write(root, "mkdocs.yml", "site_name: Demo\ndocs_dir: other\n");
    write(
        root,
        "other/index.md",
        "# Other\n\nSee [missing](gone.md).\n",
    );
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.starts_with("other/index.md:3:15: GL202"), "{stdout}");
}

/// A ProperDocs project (`properdocs.yml`, the maintained fork of MkDocs, as cibuildwheel's
/// documentation is built) is a MkDocs project: its pages' admonitions and links to page files
/// are MkDocs syntax, not Wiki.js mistakes; `properdocs.yml` wins over a `mkdocs.yml` beside it,
/// as ProperDocs reads it.
#[test]
fn a_properdocs_project_is_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "properdocs.yml",
        "site_name: Demo\ndocs_dir: pages\nmarkdown_extensions:\n  - admonition\n",
    );
    write(
        root,
        "pages/index.md",
        "---\ntitle: Demo\n---\n\n# Demo\n\n!!! tip\n\n    Read the [FAQ](faq.md).\n",
    );
    write(
        root,
        "pages/faq.md",
        "# FAQ\n\nBack [home](index.md#demo).\n",
    );
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("checked 2 files"), "{stderr}");
    write(root, "mkdocs.yml", "site_name: Demo\ndocs_dir: other\n");
    write(
        root,
        "other/index.md",
        "# Other\n\nSee [missing](gone.md).\n",
    );
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
}

/// A configuration with `INHERIT` (one `mkdocs.yml` a language, over a shared one) is read as
/// MkDocs reads it: merged over the file it names, whose `markdown_extensions` then decide
/// what GL321 reports; the page's own `mkdocs.yml` wins where both set a key. An `INHERIT`
/// that leads outside the repository is an error naming the file, and is not read.
#[test]
fn inherit_is_read_as_mkdocs_reads_it() {
    let dir = work_tree();
    let root = dir.path();
    write(
        root,
        "shared.yml",
        "site_name: Demo\ndocs_dir: shared-docs\nmarkdown_extensions:\n  - admonition\n  \
         - pymdownx.details\n  - pymdownx.superfences\n",
    );
    write(
        root,
        "da/mkdocs.yml",
        "INHERIT: ../shared.yml\ndocs_dir: sider\n",
    );
    write(
        root,
        "da/sider/index.md",
        "# Flyt\n\n!!! note \"Før du starter\"\n    Tag en kopi.\n\n??? tip \"Foldet\"\n    Mere.\n\n\
         Tryk ++ctrl+c++.\n",
    );
    let (code, stdout, stderr) = run(&root.join("da"), &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("checked 1 file"), "{stderr}");
    // The inherited list enables the admonitions; pymdownx.keys is in neither file.
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].starts_with("sider/index.md:9:6: GL321") && lines[0].contains("pymdownx.keys"),
        "{stdout}"
    );
    // An INHERIT out of the repository is refused, naming the file.
    let outside = tempfile::tempdir().expect("outside");
    write(
        outside.path(),
        "base.yml",
        "markdown_extensions:\n  - pymdownx.keys\n",
    );
    write(
        root,
        "da/mkdocs.yml",
        &format!(
            "INHERIT: {}\ndocs_dir: sider\n",
            outside.path().join("base.yml").display()
        ),
    );
    let (code, stdout, stderr) = run(&root.join("da"), &["check", "--output-format", "concise"]);
    assert_eq!(code, 2, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stderr.contains("mkdocs.yml") && stderr.contains("outside the repository"),
        "{stderr}"
    );
}

/// A MkDocs project (`docs_dir` guides/en, the given `markdown_extensions` lines) translated
/// into Danish Wiki.js pages under guides/da.
fn translated_mkdocs_project(root: &Path, extensions: &str) {
    write(
        root,
        "mkdocs.yml",
        &format!("site_name: Demo\ndocs_dir: guides/en\nmarkdown_extensions:\n{extensions}"),
    );
    write(
        root,
        "guide-lint.yml",
        "guides: guides\nsource-locale: en\ntarget-locales: [da]\nmkdocs: mkdocs.yml\n\
         dialects:\n  - path: \"en/**\"\n    dialect: mkdocs\n  - path: \"da/**\"\n    dialect: wikijs\n",
    );
}

/// A translated MkDocs page that includes a snippet is compared with its translation as its
/// site shows it: the included definitions are the source of the Danish ones (no missing or
/// extra section), English left in the translation points at the line that includes its
/// source, and editing only the snippet's file reports the accepted translation as outdated,
/// through the cache as without it.
#[test]
fn a_source_page_is_compared_with_its_snippets_included() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    translated_mkdocs_project(root, "  - pymdownx.snippets\n  - def_list\n");
    write(
        root,
        "guides/en/glossary.md",
        "# Glossary\n\nWords you meet when you move an account.\n\n## Terms\n\nAlias\n\
         :   A note on the new account that names the old one.\n\n--8<-- \"includes/extra.md\"\n\n\
         ## More\n\nAsk on your server if a word is missing.\n",
    );
    write(
        root,
        "includes/extra.md",
        "Handle\n:   The name of an account, for example `@alice@old.example`.\n\n\
         Instance\n:   Another word for server.\n",
    );
    let danish = "# Ordliste\n\nOrd, du møder, når du flytter en konto.\n\n## Begreber\n\nAlias\n\
                  :   En note på den nye konto, der nævner den gamle.\n\nBrugernavn\n\
                  :   Navnet på en konto, for eksempel `@alice@old.example`.\n\nInstans\n\
                  :   Et andet ord for server.\n\n## Mere\n\nSpørg på din server, hvis et ord mangler.\n";
    write(root, "guides/da/glossary.md", danish);
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let age = |rel: &str| {
        let f = std::fs::File::open(root.join(rel)).expect("open");
        f.set_modified(an_hour_ago).expect("age");
    };
    for rel in [
        "guides/en/glossary.md",
        "guides/da/glossary.md",
        "includes/extra.md",
    ] {
        age(rel);
    }
    let check = |args: &[&str]| {
        let mut all = vec!["check", "--output-format", "concise"];
        all.extend_from_slice(args);
        let (code, stdout, stderr) = run(root, &all);
        assert!(code <= 1, "{stdout}{stderr}");
        stdout
    };
    for _ in 0..2 {
        assert_eq!(check(&[]), "", "nothing to report");
    }

    // English left in the translation: reported, its source placed on the including line.
    write(
        root,
        "guides/da/glossary.md",
        &danish.replace(
            "Instans\n:   Et andet ord for server.",
            "Instance\n:   Another word for server.",
        ),
    );
    let (_, json, _) = run(root, &["check", "--output-format", "json", "--no-cache"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{json}");
    let (finding, source) = (&findings[0], &findings[0]["related"][0]);
    assert_eq!(finding["code"], "GL403", "{json}");
    assert_eq!(source["file"], "guides/en/glossary.md", "{json}");
    assert_eq!(source["start"]["line"], 10, "the including line: {json}");
    write(root, "guides/da/glossary.md", danish);
    age("guides/da/glossary.md");

    let (code, stdout, stderr) = run(root, &["translations", "accept", "da/glossary.md"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    for _ in 0..2 {
        assert_eq!(check(&[]), "");
    }
    // Only the snippet's file changes: the accepted translation is outdated.
    write(
        root,
        "includes/extra.md",
        "Handle\n:   The name of an account, for example `@alice@old.example`.\n\n\
         Instance\n:   Another word for a server that hosts accounts.\n",
    );
    for _ in 0..2 {
        let cached = check(&[]);
        assert!(
            cached.contains("guides/da/glossary.md:13:1: GL407"),
            "{cached}"
        );
        assert_eq!(cached, check(&["--no-cache"]));
    }
}

/// What a source page includes is looked at again even when the page has no translation yet
/// (GL401 reads its units), and on a page whose lines end in lone CRs: an edit of the snippet's
/// file alone is seen through the cache as without it.
#[test]
fn snippet_edits_reach_untranslated_pages_and_lone_cr_pages_through_the_cache() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    translated_mkdocs_project(root, "  - pymdownx.snippets\n");
    // Only an include: nothing to translate while the snippet is empty.
    write(root, "guides/en/only.md", "--8<-- \"shared.md\"\n");
    write(root, "shared.md", "");
    // Lone CRs, and a Danish translation accepted against it.
    write(
        root,
        "guides/en/cr.md",
        "# Filters\r\rFilters hide posts you do not want to see.\r\r--8<-- \"note.md\"\r",
    );
    write(
        root,
        "note.md",
        "Filters are personal: nobody else sees them.\n",
    );
    write(
        root,
        "guides/da/cr.md",
        "# Filtre\n\nFiltre skjuler opslag, du ikke vil se.\n\nFiltre er personlige: ingen andre ser dem.\n",
    );
    let (code, stdout, stderr) = run(root, &["translations", "accept", "da/cr.md"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for rel in [
        "guides/en/only.md",
        "guides/en/cr.md",
        "guides/da/cr.md",
        "shared.md",
        "note.md",
    ] {
        let f = std::fs::File::open(root.join(rel)).expect("open");
        f.set_modified(an_hour_ago).expect("age");
    }
    let check = |cache: bool| {
        let mut args = vec!["check", "--output-format", "concise"];
        if !cache {
            args.push("--no-cache");
        }
        let (code, stdout, stderr) = run(root, &args);
        assert!(code <= 1, "{stdout}{stderr}");
        stdout
    };
    for _ in 0..2 {
        let cached = check(true);
        assert!(
            !cached.contains("GL401") && !cached.contains("GL407"),
            "{cached}"
        );
        assert_eq!(cached, check(false));
    }
    write(root, "shared.md", "# Shared\n\nText every page shows.\n");
    write(
        root,
        "note.md",
        "Filters are personal: nobody else sees them, not even your server's moderators.\n",
    );
    for _ in 0..2 {
        let cached = check(true);
        assert!(cached.contains("guides/en/only.md:1:1: GL401"), "{cached}");
        assert!(cached.contains("guides/da/cr.md:5:1: GL407"), "{cached}");
        assert_eq!(cached, check(false));
    }
}

/// GL210 for `auto_append`: a file every page includes at its end that is not found is told
/// once, on the first checked MkDocs page with the number of pages that lack it (before: on
/// each page, alike), with what MkDocs does about it; the finding follows the file through a
/// run given back from the cache, and a page that suppresses GL210 passes it on.
#[test]
fn a_missing_auto_append_file_is_told_once_and_follows_the_file() {
    let dir = snippets_project("# Home\n\nThe HTML page.\n");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - abbr\n  - pymdownx.snippets:\n      auto_append:\n        - includes/abbreviations.md\n      check_paths: true\n",
    );
    write(root, "docs/other.md", "# Other\n\nMore HTML.\n");
    // A MkDocs page outside the site (not under `docs/`) is not built with its extensions.
    write(
        root,
        "NOTES.md",
        "# Notes\n\n!!! note\n\n    Not on the site.\n",
    );
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for rel in ["mkdocs.yml", "docs/index.md", "docs/other.md", "docs"] {
        let f = std::fs::File::open(root.join(rel)).expect("open");
        f.set_modified(an_hour_ago).expect("age");
    }
    let check = || {
        let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
        assert!(code <= 1, "{stdout}{stderr}");
        stdout
    };
    let (_, outside, _) = run(
        root,
        &[
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "NOTES.md",
        ],
    );
    assert!(!outside.contains("GL210"), "{outside}");
    // Told once, on the first page, for both (before: on each page, alike).
    for _ in 0..2 {
        let out = check();
        assert_eq!(
            out.trim(),
            "docs/index.md:1:1: GL210 missing-snippet [error] `auto_append` snippet \
             `includes/abbreviations.md` is not found in the base paths (`.`): MkDocs appends \
             it to each of the 2 pages checked, told on the first"
        );
    }
    let (_, human, _) = run(root, &["check", "--no-cache", "docs/index.md"]);
    assert!(
        human.contains("MkDocs stops the build (`check_paths` is on)"),
        "{human}"
    );
    write(
        root,
        "includes/abbreviations.md",
        "*[HTML]: Hyper Text Markup Language\n",
    );
    assert!(!check().contains("GL210"));
    assert!(!check().contains("GL210"));
    std::fs::remove_file(root.join("includes/abbreviations.md")).expect("remove");
    assert_eq!(check().matches("GL210").count(), 1);
    // A page whose GL210 is suppressed passes it on to the next one.
    write(
        root,
        "docs/index.md",
        "<!-- guide-lint-disable-file GL210 -->\n# Home\n\nThe HTML page.\n",
    );
    let (_, out, _) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    assert!(out.starts_with("docs/other.md:1:1: GL210"), "{out}");
}

/// MkDocs' `!relative` tag in `base_path`, as the mkdocstrings-python documentation writes it
/// (`base_path: [!relative $config_dir]`, `auto_append: [docs/.glossary.md]`): the project's
/// folder, so the glossary is found and nothing is reported. Before, the tag's text was read as
/// a folder named `$config_dir`, and every page was told its glossary was missing. `$docs_dir`
/// names the docs folder; a bare `!relative` (beside the page being built, which guide-lint does
/// not follow) leaves a snippet it cannot find unreported, rather than report a false one.
#[test]
fn relative_base_paths_are_read_as_mkdocs_reads_them() {
    let dir = snippets_project("# Home\n\n--8<-- \"terms.md\"\n\nSee the [Griffe][] docs.\n");
    let root = dir.path();
    write(
        root,
        "docs/.glossary.md",
        "[Griffe]: https://example.org/griffe\n",
    );
    write(
        root,
        "docs/terms.md",
        "Relay\n:   A server that forwards posts.\n",
    );
    let check = |config: &str| {
        write(root, "mkdocs.yml", config);
        let (code, stdout, stderr) =
            run(root, &["check", "--no-cache", "--output-format", "concise"]);
        assert!(code <= 1, "{stdout}{stderr}");
        stdout
    };
    let config = |bases: &str| {
        format!(
            "site_name: Demo\nmarkdown_extensions:\n  - pymdownx.snippets:\n      \
             auto_append: [docs/.glossary.md]\n      base_path: {bases}\n"
        )
    };
    // `terms.md` is under `docs/`: found through `$docs_dir`, not through `$config_dir`.
    let out = check(&config("[!relative $config_dir, !relative $docs_dir]"));
    assert!(!out.contains("GL210"), "{out}");
    let out = check(&config("[!relative $config_dir]"));
    assert!(
        out.contains("docs/index.md:3:9: GL210")
            && out.contains("snippet `terms.md` is not found in the base paths (`.`)")
            && !out.contains("glossary"),
        "{out}"
    );
    let out = check(&config("!relative $docs_dir/.."));
    assert!(out.contains("docs/index.md:3:9: GL210"), "{out}");
    assert!(!out.contains("glossary"), "{out}");
    // A bare `!relative`: what is not found in the other base paths may be beside the page.
    let out = check(&config("[!relative, !relative $config_dir]"));
    assert!(!out.contains("GL210"), "{out}");
    // So `build` does not stop there, even with `check_paths` (MkDocs may find it): the page
    // is built, the line left as written. Nor for a base path read only when MkDocs runs.
    for bases in [
        "[!relative, !relative $config_dir]",
        "!ENV [SNIPPETS, docs]",
    ] {
        write(
            root,
            "mkdocs.yml",
            &format!(
                "site_name: Demo\nmarkdown_extensions:\n  - pymdownx.snippets:\n      \
                 check_paths: true\n      base_path: {bases}\n"
            ),
        );
        let (code, _, stderr) = run(root, &["build"]);
        assert_eq!(code, 0, "{bases}: {stderr}");
        let home = std::fs::read_to_string(root.join("build/wiki/home.md")).expect("home page");
        assert!(home.contains("--8<-- \"terms.md\""), "{bases}: {home}");
    }
    // Without the tag, `$config_dir` is a folder's name: no such folder, nothing is found (the
    // glossary once, for the two pages, and `terms.md` on the page including it).
    let out = check(&config("[$config_dir]"));
    assert_eq!(out.matches("GL210").count(), 2, "{out}");
    assert!(out.contains("each of the 2 pages checked"), "{out}");
    assert!(out.contains("base paths (`$config_dir`)"), "{out}");
}

/// A site that leaves files out, as MkDocs 1.5+ does: snippet fragments and scripts by
/// `exclude_docs`, posts by `draft_docs`, and a `templates` folder by MkDocs' own rule.
fn site_leaving_files_out(root: &Path, exclude: &str) {
    write(
        root,
        "mkdocs.yml",
        &format!(
            "site_name: Demo\n{exclude}draft_docs: |\n  blog/draft-*.md\nmarkdown_extensions:\n  \
             - admonition\n  - pymdownx.snippets:\n      base_path: [docs/includes]\n"
        ),
    );
    write(
        root,
        "docs/index.md",
        "# Demo\n\nRead the [setup](setup.md), the [notes](includes/notes.md), the\n\
         [coming post](blog/draft-launch.md), the [template](templates/page.md), the\n\
         [script](example.py) and the [kept one](keep.py).\n",
    );
    write(
        root,
        "docs/setup.md",
        "# Setup\n\nBack [home](index.md#demo).\n",
    );
    // A fragment the pages include: its relative links are read as the forge shows the file.
    write(
        root,
        "docs/includes/notes.md",
        "!!! note\n    Read the [setup](../setup.md#missing) and the [FAQ](../faq.md).\n",
    );
    // Drafts link each other and the site freely: `mkdocs serve` shows them all.
    write(
        root,
        "docs/blog/draft-launch.md",
        "# Launch\n\nSee the [other draft](draft-other.md) and the [setup](../setup.md).\n",
    );
    write(root, "docs/blog/draft-other.md", "# Other\n\nText.\n");
    write(root, "docs/templates/page.md", "# Template\n\nText.\n");
    write(root, "docs/example.py", "print(1)\n");
    write(root, "docs/keep.py", "print(2)\n");
}

#[test]
fn files_the_site_leaves_out_are_not_pages_of_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let exclude = "exclude_docs: |\n  includes/\n  *.py\n  !keep.py\n";
    site_leaving_files_out(root, exclude);
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "docs/includes/notes.md:2:57: GL202 broken-page-link [error] linked page file \
             `faq.md` does not exist",
            "docs/index.md:3:41: GL202 broken-page-link [error] linked page \
             `includes/notes.md` is excluded from the MkDocs site",
            "docs/index.md:4:15: GL202 broken-page-link [error] linked page \
             `blog/draft-launch.md` is a draft, left out of the built site",
            "docs/index.md:4:53: GL202 broken-page-link [error] linked page \
             `templates/page.md` is excluded from the MkDocs site",
            "docs/index.md:5:10: GL204 missing-asset [error] file `example.py` names \
             `docs/example.py`, which is excluded from the MkDocs site",
        ],
        "{stdout}"
    );
    // The fragment is no page of the site: its missing anchor is not told (the forge gives
    // headings ids of its own), its link to a missing page still is.
    assert!(!stdout.contains("GL201"), "{stdout}");

    // The same files published (the template gone): the fragment is a page of the site, and
    // the cache does not keep the old verdicts.
    site_leaving_files_out(root, "");
    std::fs::remove_dir_all(root.join("docs/templates")).expect("rm templates");
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "docs/includes/notes.md:2:34: GL201 broken-anchor [error] anchor `#missing` does \
             not exist in `setup.md`",
            "docs/includes/notes.md:2:57: GL202 broken-page-link [error] linked page file \
             `faq.md` does not exist",
            "docs/index.md:4:15: GL202 broken-page-link [error] linked page \
             `blog/draft-launch.md` is a draft, left out of the built site",
            "docs/index.md:4:53: GL202 broken-page-link [error] linked page file \
             `templates/page.md` does not exist",
        ],
        "{stdout}"
    );
}

/// A site translated with mkdocs-static-i18n's folder structure: French is the language it is
/// written in, English a translation; a page missing from English is built from the French
/// one, and images outside the language folders are shared.
fn i18n_site(root: &Path, fallback: bool) {
    write(
        root,
        "mkdocs.yml",
        &format!(
            "site_name: Démo\nmarkdown_extensions:\n  - admonition\nplugins:\n  - search\n  - \
             i18n:\n      docs_structure: folder\n      fallback_to_default: {fallback}\n      \
             languages:\n        - locale: fr\n          default: true\n          name: Français\n        \
             - locale: en\n          name: English\n        - locale: de\n          name: Deutsch\n          \
             build: false\n"
        ),
    );
    write(
        root,
        "docs/fr/index.md",
        "# Accueil\n\nLisez les [notes de version](notes/release_1.2.md) et la \
         [FAQ](faq.md).\n\n![Logo](assets/logo.png)\n",
    );
    write(
        root,
        "docs/fr/faq.md",
        "# Questions fréquentes\n\nRetour à l'[accueil](index.md).\n",
    );
    write(
        root,
        "docs/fr/notes/release_1.2.md",
        "# Version 1.2\n\nCette version corrige la synchronisation des comptes.\n",
    );
    write(
        root,
        "docs/en/index.md",
        "# Home\n\nRead the [release notes](notes/release_1.2.md) and the [FAQ](faq.md).\n\n\
         ![Logo](assets/logo.png)\n",
    );
    write(root, "docs/assets/logo.png", "png");
}

#[test]
fn a_site_translated_by_folders_is_read_as_mkdocs_static_i18n_builds_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    i18n_site(root, true);
    let (code, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    // French is the source: the English pages are its translations, and the pages English
    // lacks are told (as info). The English site builds them from the French ones, so its
    // links to them work; the shared logo is found outside the language folders; the dots of
    // `release_1.2.md` are MkDocs' business alone (no wiki imports the pages).
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "docs/fr/faq.md:1:1: GL401 missing-translation [info] page has no English translation",
            "docs/fr/notes/release_1.2.md:1:1: GL401 missing-translation [info] page has no \
             English translation",
        ],
        "{stdout}"
    );

    // Without the fallback, the English site has no such pages: its links to them are broken.
    i18n_site(root, false);
    let (code, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let broken: Vec<&str> = stdout.lines().filter(|l| l.contains("GL202")).collect();
    assert_eq!(broken.len(), 2, "{stdout}");
    assert!(
        broken.iter().all(|l| l.starts_with("docs/en/index.md:3:")),
        "{stdout}"
    );
    // Nor has it the shared image: the plugin builds a language's site from its own files, and
    // files outside every language folder are the default language's.
    let images: Vec<&str> = stdout.lines().filter(|l| l.contains("GL204")).collect();
    assert_eq!(
        images,
        [
            "docs/en/index.md:5:9: GL204 missing-asset [error] image `assets/logo.png` names \
          `docs/en/assets/logo.png`, which does not exist"
        ],
        "{stdout}"
    );
    let (_, stdout, _) = run(root, &["check", "--no-cache"]);
    let flat = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "the English site has no `docs/assets/logo.png`, as `fallback_to_default` is off: add \
             `docs/en/assets/logo.png`, or turn the fallback on"
        ),
        "{stdout}"
    );
}

#[test]
fn build_leaves_out_what_the_site_leaves_out() {
    let dir = work_tree();
    let root = dir.path();
    write(
        root,
        "guide-lint.yml",
        "guides: guides\nmkdocs: mkdocs.yml\ndialects:\n  - path: \"en/**\"\n    dialect: mkdocs\n  \
         - path: \"da/**\"\n    dialect: wikijs\n",
    );
    write(
        root,
        "mkdocs.yml",
        "site_name: Guides\ndocs_dir: guides/en\nexclude_docs: |\n  includes/\n\
         markdown_extensions:\n  - admonition\n",
    );
    write(root, "guides/en/setup.md", "# Setup\n\nText.\n");
    write(
        root,
        "guides/en/includes/note.md",
        "!!! note\n    A fragment the pages include.\n",
    );
    write(
        root,
        "guides/da/setup.md",
        "---\ntitle: Opsætning\n---\n\n# Opsætning\n\nTekst.\n",
    );
    let (code, stdout, stderr) = run(root, &["build", "--out", "out"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(root.join("out/setup.md").is_file(), "{stderr}");
    assert!(root.join("out/da/setup.md").is_file(), "{stderr}");
    // The excluded fragment is no page: not built, under any name.
    let mut built = Vec::new();
    for e in support::files_under(&root.join("out")) {
        built.push(e);
    }
    assert_eq!(built.len(), 2, "{built:?}");
}

#[test]
fn a_configuration_error_shows_its_line_safely() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "docs/index.md", "# Home\n");
    // A terminal escape on the line shown: escaped, never sent raw.
    write(
        root,
        "mkdocs.yml",
        "site_name: x\nINHERIT: \"\u{1b}[31mbase.yml\"\n",
    );
    let (code, _, stderr) = run(root, &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(stderr.contains("\\x1b[31mbase.yml"), "{stderr}");
    // A line of megabytes is cut to a window around the error, and so is the value the
    // message names.
    let long = "a".repeat(1_000_000);
    write(
        root,
        "mkdocs.yml",
        &format!("site_name: x\nINHERIT: \"{long}\"\n"),
    );
    let (code, _, stderr) = run(root, &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("`INHERIT` names aaa"), "{stderr}");
    assert!(stderr.len() < 4_000, "{} bytes", stderr.len());
    // A pattern setting that is no string, named as such.
    write(
        root,
        "mkdocs.yml",
        "site_name: x\nexclude_docs:\n  - drafts/\n",
    );
    let (code, _, stderr) = run(root, &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`exclude_docs` must be a multiline string")
            && stderr.contains("mkdocs.yml:2:1"),
        "{stderr}"
    );
}

#[test]
fn a_site_translated_by_suffixes_finds_its_localized_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // The plugin's default structure: `page.fr.md` beside `page.md`, images localized the same
    // way, linked by their plain names.
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - i18n:\n      languages:\n        - locale: en\n          \
         default: true\n          name: English\n        - locale: fr\n          name: Français\n",
    );
    write(
        root,
        "docs/index.md",
        "# Home\n\nRead the [setup](setup.md).\n\n![Logo](img/logo.png)\n",
    );
    write(
        root,
        "docs/index.fr.md",
        "# Accueil\n\nLisez l'[installation](setup.md).\n\n![Logo](img/logo.png)\n\n\
         ![Plan](img/plan.png)\n",
    );
    write(root, "docs/setup.en.md", "# Setup\n\nText.\n");
    write(root, "docs/setup.fr.md", "# Installation\n\nTexte.\n");
    write(root, "docs/img/logo.en.png", "png");
    write(root, "docs/img/logo.fr.png", "png");
    let (code, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    // Only the image no language has is missing. The French home page is compared with the
    // English one, which has no such image.
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "docs/index.fr.md:7:1: GL406 translation-markup-mismatch [warning] section `Accueil` \
             differs from its English section in links, code, components or callouts",
            "docs/index.fr.md:7:9: GL204 missing-asset [error] image `img/plan.png` names \
          `docs/img/plan.png`, which does not exist"
        ],
        "{stdout}"
    );
}

/// A MkDocs Material site translated into Danish with mkdocs-static-i18n's suffix structure
/// (`prepare.da.md` beside `prepare.md`): a partial translation, a page left short, and a link
/// whose anchor the Danish page does not have.
fn suffix_site(root: &Path) {
    write(
        root,
        "mkdocs.yml",
        "site_name: Moving your Mastodon account\ntheme:\n  name: material\nmarkdown_extensions:\n  \
         - admonition\n  - attr_list\n  - pymdownx.superfences\n  - pymdownx.tabbed:\n      \
         alternate_style: true\n  - pymdownx.keys\nplugins:\n  - search\n  - i18n:\n      \
         docs_structure: suffix\n      languages:\n        - locale: en\n          default: true\n          \
         name: English\n        - locale: da\n          name: Dansk\n",
    );
    write(
        root,
        "docs/index.md",
        "# Moving your account\n\nThis guide shows how to move your Mastodon account to another \
         server.\n\n- [Before you move](guide/prepare.md)\n- [Export your \
         data](guide/export.md#export-your-follows)\n\n![The account settings](img/settings.png)\n",
    );
    write(
        root,
        "docs/index.da.md",
        "# Flyt din konto\n\nDenne vejledning viser, hvordan du flytter din Mastodon-konto til en \
         anden server.\n\n- [Før du flytter](guide/prepare.md)\n- [Eksportér dine \
         data](guide/export.md#export-your-follows)\n\n![Kontoindstillingerne](img/settings.png)\n",
    );
    write(
        root,
        "docs/guide/prepare.md",
        "# Before you move\n\n!!! warning \"Posts stay behind\"\n    Your posts are not moved to \
         the new server.\n\nPress ++ctrl+s++ to save the page.\n\n=== \"Desktop\"\n\n    Open \
         **Preferences**.\n\n=== \"Phone\"\n\n    Tap the menu.\n\n## Check the new server\n\n\
         Make sure the new server accepts sign-ups.\n",
    );
    write(
        root,
        "docs/guide/prepare.da.md",
        "# Før du flytter\n\n!!! warning \"Indlæg bliver tilbage\"\n    Dine indlæg bliver ikke \
         flyttet til den nye server.\n\nTryk ++ctrl+s++ for at gemme siden.\n\n=== \"Computer\"\n\n\
         \x20   Åbn **Indstillinger**.\n\n=== \"Telefon\"\n\n    Make sure you tap the menu in the \
         top corner of the screen.\n\n## Tjek den nye server\n\nSørg for, at den nye server tager \
         imod nye brugere.\n",
    );
    write(
        root,
        "docs/guide/export.md",
        "# Export your data\n\n## Export your follows\n\nOpen **Import and export** and download \
         the CSV file.\n\n## Export your lists\n\nLists are exported the same way.\n",
    );
    write(
        root,
        "docs/guide/export.da.md",
        "# Eksportér dine data\n\n## Eksportér dem du følger\n\nÅbn **Import og eksport**, og \
         hent CSV-filen.\n",
    );
    write(root, "docs/img/settings.png", "png");
}

/// What a check of [`suffix_site`] finds, and nothing else.
const SUFFIX_SITE_FINDINGS: [&str; 3] = [
    "docs/guide/export.da.md:5:46: GL404 missing-section [error] English section `Export your \
     lists` (line 7) has no counterpart in the translation",
    "docs/guide/prepare.da.md:14:5: GL403 untranslated-text [error] English text in section \
     `Før du flytter`",
    "docs/index.da.md:6:41: GL201 broken-anchor [error] anchor `#export-your-follows` does not \
     exist in `guide/export.da.md`",
];

#[test]
fn a_suffix_site_with_a_guide_lint_configuration_reads_the_same() {
    let dir = work_tree();
    let root = dir.path();
    suffix_site(root);
    write(root, "guide-lint.yml", "mkdocs: mkdocs.yml\n");
    // The pages are the project's `docs_dir`: the same layout, so no page path is read as
    // Wiki.js would import `prepare.da.md` (GL317), and the Danish links to `prepare.md` are the
    // Danish pages (no GL202). The anchor's page is named as the wiki names it.
    let (code, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[..2], SUFFIX_SITE_FINDINGS[..2], "{stdout}");
    assert_eq!(
        lines[2..],
        [
            "docs/index.da.md:6:41: GL201 broken-anchor [error] anchor `#export-your-follows` does \
          not exist on page `/da/guide/export`"
        ],
        "{stdout}"
    );
}

#[test]
fn a_site_translated_by_suffixes_is_compared_page_by_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    suffix_site(root);
    let concise = ["--no-cache", "--output-format", "concise"];
    let (code, stdout, stderr) = run(root, &[&["check"][..], &concise[..]].concat());
    // Each `.da.md` page is compared with the page of the same name. The Danish pages link
    // `guide/prepare.md`, which the plugin serves as the Danish page: no wrong-locale link, and
    // the anchor is looked up on the Danish page, which has none of that name.
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines, SUFFIX_SITE_FINDINGS, "{stdout}");
    // Checked alone, the Danish home page still reads the Danish page its link is served as.
    let (_, stdout, _) = run(
        root,
        &[&["check", "docs/index.da.md"][..], &concise[..]].concat(),
    );
    assert!(stdout.contains("GL201"), "{stdout}");

    // A page with no Danish version is told with the file name it would have; a Danish page
    // with no English source too.
    write(root, "docs/guide/extra.md", "# Extra\n\nMore text here.\n");
    write(
        root,
        "docs/guide/alone.da.md",
        "# Alene\n\nMere tekst her.\n",
    );
    let (_, stdout, _) = run(root, &["check", "--no-cache"]);
    let stdout = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        stdout.contains("page has no Danish translation")
            && stdout.contains("no `guide/extra.da.md`")
            && stdout.contains("until then the Danish site shows the English page"),
        "{stdout}"
    );
    assert!(
        stdout.contains("translation has no English source page")
            && stdout.contains("docs/guide/alone.da.md"),
        "{stdout}"
    );

    // Accepting a translation records it against its source page, beside `mkdocs.yml`: MkDocs
    // would publish a lock in `docs_dir`. A later change of the English text makes the Danish
    // page outdated.
    let (code, stdout, stderr) = run(
        root,
        &["translations", "accept", "docs/guide/prepare.da.md"],
    );
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stdout.contains(
            "accepted guide/prepare.da.md against guide/prepare.md: 7 units recorded in \
             translations.lock"
        ),
        "{stdout}"
    );
    assert!(!root.join("docs/translations.lock").exists());
    // A lock an earlier version wrote in `docs_dir` is still read, and the next accept moves
    // it beside `mkdocs.yml` with what it held.
    std::fs::rename(
        root.join("translations.lock"),
        root.join("docs/translations.lock"),
    )
    .expect("move the lock");
    write(
        root,
        "docs/guide/prepare.md",
        &std::fs::read_to_string(root.join("docs/guide/prepare.md"))
            .expect("read")
            .replace("accepts sign-ups", "accepts new sign-ups"),
    );
    let gl407 = "docs/guide/prepare.da.md:18:1: GL407 outdated-translation [warning] the English \
                 paragraph changed since this translation was accepted";
    let (_, stdout, _) = run(root, &[&["check"][..], &concise[..]].concat());
    assert!(stdout.contains(gl407), "{stdout}");
    let (code, stdout, stderr) = run(root, &["translations", "accept", "docs/index.da.md"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stdout.contains("moved the accepted translations of docs/translations.lock there"),
        "{stdout}"
    );
    assert!(!root.join("docs/translations.lock").exists());
    let lock = std::fs::read_to_string(root.join("translations.lock")).expect("lock");
    assert!(
        lock.contains("guide/prepare.da.md:") && lock.contains("index.da.md:"),
        "{lock}"
    );
    let (_, stdout, _) = run(root, &[&["check"][..], &concise[..]].concat());
    assert!(stdout.contains(gl407), "{stdout}");

    // An English page written both ways: the plugin refuses to build the site.
    write(
        root,
        "docs/guide/export.en.md",
        &std::fs::read_to_string(root.join("docs/guide/export.md")).expect("read"),
    );
    let (_, stdout, _) = run(root, &["check", "--no-cache"]);
    // Read as words: the human output wraps long lines.
    let words = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "`guide/export.md` and `guide/export.en.md` are both the English page `guide/export`"
        ) && words.contains("Conflicting files for the default language"),
        "{stdout}"
    );
}

#[test]
fn build_publishes_a_suffix_translation_under_its_locale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    suffix_site(root);
    let (code, stdout, stderr) = run(root, &["build", "--out", "out"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    // `guide/prepare.da.md` is the Danish page `guide/prepare`, not an English page
    // `guide/prepareda`; the Danish home page's links go to the Danish pages.
    let mut built: Vec<String> = support::files_under(&root.join("out"))
        .iter()
        .map(|p| {
            p.strip_prefix(root.join("out"))
                .expect("under out")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    built.sort();
    assert_eq!(
        built,
        [
            "da/guide/export.md",
            "da/guide/prepare.md",
            "da/home.md",
            "guide/export.md",
            "guide/prepare.md",
            "home.md"
        ],
        "{stderr}"
    );
    let home = std::fs::read_to_string(root.join("out/da/home.md")).expect("read");
    assert!(
        home.contains("[Før du flytter](/da/guide/prepare)")
            && home.contains("(/da/guide/export#export-your-follows)"),
        "{home}"
    );
}

#[test]
fn a_suffix_site_reads_fallbacks_written_languages_and_other_languages_as_the_plugin_does() {
    let dir = work_tree();
    let root = dir.path();
    // German is the default language; the project names itself in a guide-lint.yml that says
    // nothing of locales.
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - i18n:\n      languages:\n        - locale: de\n          \
         default: true\n        - locale: fr\n",
    );
    write(root, "guide-lint.yml", "mkdocs: mkdocs.yml\n");
    write(
        root,
        "docs/index.md",
        "# Start\n\nLies die [Hinweise](notes.md#einrichtung).\n",
    );
    write(
        root,
        "docs/index.fr.md",
        "# Accueil\n\nLisez les [notes](notes.md#installation).\n",
    );
    // French has no `notes.fr.md`: the German page stands in, and the anchor is looked up there.
    write(
        root,
        "docs/notes.md",
        "# Hinweise\n\n## Einrichtung\n\nDas Konto wird eingerichtet.\n",
    );
    // The default language written out, and a language the site does not build.
    write(
        root,
        "docs/konto.de.md",
        "# Konto\n\nDas Konto wird danach geprüft.\n",
    );
    write(
        root,
        "docs/konto.fr.md",
        "# Compte\n\nLe compte est ensuite vérifié.\n",
    );
    write(
        root,
        "docs/hilfe.it.md",
        "# Aiuto\n\nUn testo italiano qui.\n",
    );
    let (_, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "docs/index.fr.md:3:28: GL201 broken-anchor [error] anchor `#installation` does not \
             exist on page `/de/notes`",
            "docs/notes.md:1:1: GL401 missing-translation [info] page has no French translation",
        ],
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    // With `fallback_to_default` (the plugin's default), the French site shows the page in the
    // default language.
    let (_, human, _) = run(root, &["check", "--no-cache"]);
    let human = human.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        human.contains("until then the French site shows the German page"),
        "{human}"
    );
    // The source page written with its language is found.
    let (code, stdout, stderr) = run(root, &["translations", "accept", "docs/konto.fr.md"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stdout.contains("accepted konto.fr.md against konto.de.md"),
        "{stdout}"
    );
    // A lock left in `docs_dir` beside the new one: what only it holds is kept when it goes.
    write(
        root,
        "docs/translations.lock",
        "version: 1\npages:\n  index.fr.md:\n    source: index.md\n    units:\n      \
         src: {hash: 25a6634263c1, text: \"source units left out are recorded\"}\n",
    );
    let (code, stdout, stderr) = run(root, &["translations", "accept", "docs/konto.fr.md"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(!root.join("docs/translations.lock").exists());
    let lock = std::fs::read_to_string(root.join("translations.lock")).expect("lock");
    assert!(
        lock.contains("index.fr.md:") && lock.contains("konto.fr.md:"),
        "{lock}"
    );
    // The Italian page is no page of the built site.
    let (code, _, stderr) = run(root, &["build", "--out", "out"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("out/fr/konto.md").is_file(), "{stderr}");
    assert!(
        !support::files_under(&root.join("out"))
            .iter()
            .any(|p| p.to_string_lossy().contains("hilfe")),
        "{stderr}"
    );
}

#[test]
fn without_the_fallback_a_suffix_link_to_an_untranslated_page_is_broken() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - i18n:\n      fallback_to_default: false\n      \
         languages:\n        - locale: en\n          default: true\n        - locale: fr\n",
    );
    write(root, "docs/notes.md", "# Notes\n\nSome page text here.\n");
    write(
        root,
        "docs/index.md",
        "# Home\n\nSee the [notes](notes.md).\n",
    );
    write(
        root,
        "docs/index.fr.md",
        "# Accueil\n\nVoir les [notes](notes.md).\n",
    );
    // The French site has no notes page: the English file is there, its French version is not.
    let (_, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    assert!(
        stdout.contains(
            "docs/index.fr.md:3:18: GL202 broken-page-link [error] linked page `notes.md` has no \
             French version"
        ),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(!stdout.contains("docs/index.md:"), "{stdout}");

    // Nor has it the English images: a French page finds only the French one.
    write(root, "docs/img/logo.png", "png");
    write(root, "docs/img/map.png", "png");
    write(root, "docs/img/map.fr.png", "png");
    for (page, text) in [
        (
            "docs/index.md",
            "# Home\n\n![Logo](img/logo.png) ![Map](img/map.png)\n",
        ),
        (
            "docs/index.fr.md",
            "# Accueil\n\n![Logo](img/logo.png) ![Carte](img/map.png)\n",
        ),
    ] {
        write(root, page, text);
    }
    let (_, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "docs/index.fr.md:3:9: GL204 missing-asset [error] image `img/logo.png` has no French \
             version",
            "docs/notes.md:1:1: GL401 missing-translation [info] page has no French translation"
        ],
        "stderr:\n{stderr}"
    );
    let (_, stdout, _) = run(root, &["check", "--no-cache"]);
    let human = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        human.contains("until then the French site lacks it"),
        "{human}"
    );
    assert!(
        stdout.contains("no `docs/img/logo.fr.png`")
            && stdout.contains("as `fallback_to_default` is off"),
        "{stdout}"
    );
    // With the fallback, the English image stands in.
    let config = std::fs::read_to_string(root.join("mkdocs.yml")).expect("read");
    write(
        root,
        "mkdocs.yml",
        &config.replace("fallback_to_default: false", "fallback_to_default: true"),
    );
    let (code, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
}

#[test]
fn exclusions_apply_under_a_guides_root_that_holds_docs_dir() {
    let dir = work_tree();
    let root = dir.path();
    write(
        root,
        "guide-lint.yml",
        "guides: .\nmkdocs: mkdocs.yml\ndialects:\n  - path: \"docs/**\"\n    dialect: mkdocs\n",
    );
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nexclude_docs: |\n  includes/\n",
    );
    write(
        root,
        "docs/index.md",
        "# Demo\n\nRead the [notes](includes/notes.md).\n",
    );
    write(root, "docs/includes/notes.md", "# Notes\n\nText.\n");
    let (_, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    assert!(
        stdout.contains(
            "docs/index.md:3:18: GL202 broken-page-link [error] linked page \
             `docs/includes/notes.md` is excluded from the MkDocs site"
        ),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
}

/// A site in English and Brazilian Portuguese, as mkdocs-static-i18n's configuration names the
/// language (`pt-BR`), with the plugin's suffix structure or its folder structure: a partial
/// translation and a link to an English anchor.
fn portuguese_site(root: &Path, folders: bool) {
    let structure = if folders { "folder" } else { "suffix" };
    write(
        root,
        "mkdocs.yml",
        &format!(
            "site_name: Moving your Mastodon account\ntheme:\n  name: material\nplugins:\n  - \
             search\n  - i18n:\n      docs_structure: {structure}\n      languages:\n        - \
             locale: en\n          default: true\n          name: English\n        - locale: \
             pt-BR\n          name: Português\n"
        ),
    );
    let file = |locale: &str, page: &str| match (folders, locale) {
        (true, _) => format!("docs/{locale}/{page}.md"),
        (false, "en") => format!("docs/{page}.md"),
        (false, _) => format!("docs/{page}.{locale}.md"),
    };
    write(
        root,
        &file("en", "index"),
        "# Moving your account\n\nThis guide shows how to move your Mastodon account to another \
         server.\n\n- [Export your data](guide/export.md#export-your-follows)\n",
    );
    write(
        root,
        &file("pt-BR", "index"),
        "# Mover sua conta\n\nEste guia mostra como mover sua conta do Mastodon para outro \
         servidor.\n\n- [Exporte seus dados](guide/export.md#export-your-follows)\n",
    );
    write(
        root,
        &file("en", "guide/export"),
        "# Export your data\n\n## Export your follows\n\nOpen **Import and export** and download \
         the CSV file.\n\n## Export your lists\n\nLists are exported the same way.\n",
    );
    write(
        root,
        &file("pt-BR", "guide/export"),
        "# Exporte seus dados\n\n## Exporte quem você segue\n\nAbra **Importar e exportar** e \
         baixe o arquivo CSV.\n",
    );
}

#[test]
fn a_language_the_plugin_writes_pt_br_is_compared_and_published_as_the_locale_pt_br() {
    for folders in [false, true] {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        portuguese_site(root, folders);
        let (export, index, anchor_page) = if folders {
            (
                "docs/pt-BR/guide/export.md",
                "docs/pt-BR/index.md",
                "pt-BR/guide/export.md",
            )
        } else {
            (
                "docs/guide/export.pt-BR.md",
                "docs/index.pt-BR.md",
                "guide/export.pt-BR.md",
            )
        };
        // Each Portuguese page is compared with its English page: the missing section is
        // found, and the link is the Portuguese page's, whose anchor differs. No link is taken
        // for one into another folder (GL406), and the folder `pt-BR/` is no page path.
        let (code, stdout, stderr) =
            run(root, &["check", "--no-cache", "--output-format", "concise"]);
        assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            lines,
            [
                format!(
                    "{export}:5:52: GL404 missing-section [error] English section `Export your \
                     lists` (line 7) has no counterpart in the translation"
                ),
                format!(
                    "{index}:5:40: GL201 broken-anchor [error] anchor `#export-your-follows` \
                     does not exist in `{anchor_page}`"
                ),
            ],
            "folders: {folders}"
        );
        let (code, stdout, stderr) = run(root, &["status"]);
        assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
        assert!(
            stdout.contains("total (Portuguese)  pt-br") && stdout.contains("guide/export.md"),
            "{stdout}"
        );
        // Accepted, then the English page changes: the translation is stale.
        let (code, stdout, stderr) = run(root, &["translations", "accept", export]);
        assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
        let english = if folders {
            "docs/en/guide/export.md"
        } else {
            "docs/guide/export.md"
        };
        let text = std::fs::read_to_string(root.join(english)).expect("read");
        write(
            root,
            english,
            &text.replace("download the CSV file", "download the CSV file it offers"),
        );
        let (_, stdout, _) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
        assert!(
            stdout.contains(&format!("{export}:5:1: GL407 outdated-translation")),
            "folders: {folders}\n{stdout}"
        );
        // Published as Wiki.js names the locale, links included.
        let (code, stdout, stderr) = run(root, &["build", "--out", "out"]);
        assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
        let home = std::fs::read_to_string(root.join("out/pt-br/home.md")).expect("home");
        assert!(
            home.contains("[Exporte seus dados](/pt-br/guide/export#export-your-follows)"),
            "{home}"
        );
        assert!(root.join("out/pt-br/guide/export.md").is_file());
    }
}

#[test]
fn a_guide_lint_configuration_may_name_the_plugins_languages_as_mkdocs_yml_does() {
    for (folders, config) in [
        (false, "mkdocs: mkdocs.yml\ntarget-locales: [pt-BR]\n"),
        (true, "mkdocs: mkdocs.yml\n"),
    ] {
        let dir = work_tree();
        let root = dir.path();
        portuguese_site(root, folders);
        write(root, "guide-lint.yml", config);
        // `pt-BR` in `target-locales` is the locale `pt-br`; without it, the plugin's languages
        // are the targets, folders included.
        let (code, stdout, stderr) = run(root, &["status"]);
        assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
        assert!(
            stdout.contains("guide/export.md     pt-br            3"),
            "folders: {folders}\n{stdout}"
        );
        let export = if folders {
            "docs/pt-BR/guide/export.md"
        } else {
            "docs/guide/export.pt-BR.md"
        };
        let (code, stdout, stderr) = run(root, &["translations", "accept", export]);
        assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    }
}

#[test]
fn a_folder_the_plugin_reads_no_language_in_holds_default_language_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    portuguese_site(root, true);
    // `pt-br/` where `mkdocs.yml` writes `pt-BR`: the plugin reads no language in it (a region
    // is written in capitals), so its pages are English pages, and Portuguese has none.
    std::fs::rename(root.join("docs/pt-BR"), root.join("docs/pt-br")).expect("rename");
    let (code, stdout, stderr) = run(root, &["status"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stdout.contains("total (Portuguese)  pt-br            0"),
        "{stdout}"
    );
}

#[test]
fn a_file_the_plugin_reads_in_a_language_it_does_not_build_is_on_no_site() {
    for folders in [true, false] {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let structure = if folders { "folder" } else { "suffix" };
        write(
            root,
            "mkdocs.yml",
            &format!(
                "site_name: Demo\nplugins:\n  - i18n:\n      docs_structure: {structure}\n      \
                 languages:\n        - locale: en\n          default: true\n        - locale: \
                 fr\n"
            ),
        );
        write(root, "docs/js/notes.txt", "notes");
        write(root, "docs/img/shot.ui.png", "png");
        write(root, "docs/img/logo.fr.png", "png");
        write(root, "docs/img/logo.png", "png");
        let (home, up) = if folders {
            ("docs/en/index.md", "../")
        } else {
            ("docs/index.md", "")
        };
        write(
            root,
            home,
            &format!(
                "# Home\n\n[Notes]({up}js/notes.txt) ![Shot]({up}img/shot.ui.png) \
                 ![Logo]({up}img/logo.fr.png) ![Logo]({up}img/logo.png)\n"
            ),
        );
        let (_, stdout, stderr) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
        let lines: Vec<&str> = stdout.lines().filter(|l| l.contains("GL204")).collect();
        // The folder structure reads a first folder `js/` as the language `js`; the suffix
        // structure reads `shot.ui.png` as in the language `ui`. Neither is built. A French
        // file is on the French site alone (the suffix structure; in the folder structure
        // `img/logo.fr.png` is a shared file).
        let expected: Vec<String> = if folders {
            vec![format!(
                "{home}:3:9: GL204 missing-asset [error] file `../js/notes.txt` is on no site: \
                 mkdocs-static-i18n reads `docs/js/notes.txt` as in the language `js`"
            )]
        } else {
            vec![
                format!(
                    "{home}:3:31: GL204 missing-asset [error] image `img/shot.ui.png` is on no \
                     site: mkdocs-static-i18n reads `docs/img/shot.ui.png` as in the language `ui`"
                ),
                format!(
                    "{home}:3:56: GL204 missing-asset [error] image `img/logo.fr.png` is not on \
                     the English site"
                ),
            ]
        };
        assert_eq!(lines, expected, "folders: {folders}\nstderr:\n{stderr}");
    }
}

#[test]
fn status_says_where_it_looked_for_languages_when_there_is_none_to_compare() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - i18n:\n      languages:\n        - locale: en\n          \
         default: true\n        - locale: fr\n          build: false\n",
    );
    write(root, "docs/index.md", "# Home\n\nSome text.\n");
    let (code, stdout, stderr) = run(root, &["status"]);
    assert_ne!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    // No `guide-lint.yml` was found: the message does not send the user to one.
    assert!(
        stderr.contains("the MkDocs project builds no language besides its default one")
            && !stderr.contains("configured in guide-lint.yml"),
        "{stderr}"
    );
    write(root, "guide-lint.yml", "mkdocs: mkdocs.yml\n");
    let (_, _, stderr) = run(root, &["status"]);
    assert!(
        stderr.contains("no `target-locales` configured in guide-lint.yml"),
        "{stderr}"
    );
}

#[test]
fn a_link_to_another_languages_page_is_broken_where_the_plugin_does_not_serve_it() {
    // The suffix structure, with the fallback: a French page's link to `setup.en.md` is broken
    // when `setup.fr.md` exists (the French site builds the page from it, and has no
    // `setup.en.md`); without a French version, the English file stands in.
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - i18n:\n      languages:\n        - locale: en\n          \
         default: true\n        - locale: fr\n",
    );
    write(root, "docs/setup.en.md", "# Setup\n\nSome text here.\n");
    write(
        root,
        "docs/setup.fr.md",
        "# Installation\n\nDu texte ici.\n",
    );
    write(root, "docs/index.md", "# Home\n\nSee [setup](setup.md).\n");
    write(
        root,
        "docs/index.fr.md",
        "# Accueil\n\nVoir [installation](setup.en.md) et [ici](setup.md).\n",
    );
    let concise = ["check", "--no-cache", "--output-format", "concise"];
    let (_, stdout, stderr) = run(root, &concise);
    let broken: Vec<&str> = stdout.lines().filter(|l| l.contains("GL202")).collect();
    assert_eq!(
        broken,
        [
            "docs/index.fr.md:3:21: GL202 broken-page-link [error] linked page `setup.en.md` is not \
          on the French site"
        ],
        "stderr:\n{stderr}"
    );
    let (_, stdout, _) = run(root, &["check", "--no-cache"]);
    assert!(
        stdout.contains("the French site builds this page from `setup.fr.md`: link that file"),
        "{stdout}"
    );
    std::fs::remove_file(root.join("docs/setup.fr.md")).expect("remove");
    let (_, stdout, _) = run(root, &concise);
    assert!(!stdout.contains("GL202"), "{stdout}");

    // The folder structure, without the fallback: a French page's link into the English folder
    // is broken, French version or not; with the fallback, it is served.
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let config = "site_name: Demo\nplugins:\n  - i18n:\n      docs_structure: folder\n      \
                  fallback_to_default: false\n      languages:\n        - locale: en\n          \
                  default: true\n        - locale: fr\n";
    write(root, "mkdocs.yml", config);
    write(root, "docs/en/setup.md", "# Setup\n\nSome text here.\n");
    write(
        root,
        "docs/en/index.md",
        "# Home\n\nSee [setup](setup.md).\n",
    );
    write(
        root,
        "docs/fr/index.md",
        "# Accueil\n\nVoir [installation](../en/setup.md).\n",
    );
    let (_, stdout, stderr) = run(root, &concise);
    assert!(
        stdout.contains(
            "docs/fr/index.md:3:21: GL202 broken-page-link [error] linked page `../en/setup.md` is \
             not on the French site"
        ),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    write(
        root,
        "mkdocs.yml",
        &config.replace("fallback_to_default: false", "fallback_to_default: true"),
    );
    let (_, stdout, _) = run(root, &concise);
    assert!(!stdout.contains("GL202"), "{stdout}");
}

#[test]
fn the_lock_of_guides_inside_docs_dir_is_kept_off_the_site() {
    let dir = work_tree();
    let root = dir.path();
    write(root, "mkdocs.yml", "site_name: Demo\n");
    write(
        root,
        "guide-lint.yml",
        "guides: docs/guide\nmkdocs: mkdocs.yml\nsource-locale: en\ntarget-locales: [da]\n",
    );
    write(
        root,
        "docs/guide/en/tips.md",
        "# Tips\n\nExport your follows before you move.\n",
    );
    write(
        root,
        "docs/guide/da/tips.md",
        "# Tips\n\nEksportér dem, du følger, før du flytter.\n",
    );
    // An earlier version wrote the lock in the guides root, which MkDocs publishes.
    write(
        root,
        "docs/guide/translations.lock",
        "version: 1\npages: {}\n",
    );
    let (code, stdout, stderr) = run(root, &["translations", "accept", "docs/guide/da/tips.md"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(root.join("translations.lock").is_file(), "{stdout}");
    assert!(
        !root.join("docs/guide/translations.lock").exists(),
        "{stdout}"
    );
    // The lock beside `mkdocs.yml` is the one read: an English edit makes the page stale.
    write(
        root,
        "docs/guide/en/tips.md",
        "# Tips\n\nExport your follows and lists before you move.\n",
    );
    let (_, stdout, _) = run(root, &["check", "--no-cache", "--output-format", "concise"]);
    assert!(
        stdout.contains("docs/guide/da/tips.md:3:1: GL407 outdated-translation"),
        "{stdout}"
    );
}

/// A translation includes files as its source page does (pymdownx.snippets), and its site shows
/// what they hold: an English file included by the Danish page is English on the Danish site
/// (GL403, naming the file), and a Danish file with the source's link is no missing link
/// (GL406). What `auto_append` adds to every page is neither side's. The finding follows the
/// included file through the cache, though no page changes.
#[test]
fn a_translation_is_read_with_the_files_it_includes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - i18n:\n      docs_structure: suffix\n      languages:\n        \
         - locale: en\n          default: true\n          name: English\n        - locale: da\n          \
         name: Dansk\nmarkdown_extensions:\n  - abbr\n  - pymdownx.snippets:\n      base_path: [includes]\n      \
         auto_append: [abbr.md]\n",
    );
    write(root, "includes/abbr.md", "*[CSV]: Comma-separated values\n");
    write(
        root,
        "includes/posts.md",
        "Your posts stay on the old server; see [the Mastodon documentation](https://docs.joinmastodon.org/user/moving/) for what moves.\n",
    );
    let danish = "Dine opslag bliver på den gamle server; se [Mastodons dokumentation](https://docs.joinmastodon.org/user/moving/) for, hvad der flytter med.\n";
    write(root, "includes/posts.da.md", danish);
    write(
        root,
        "docs/move.md",
        "# Move your account\n\nExport the lists as CSV files before you start the move.\n\n## What moves\n\n--8<-- \"posts.md\"\n",
    );
    let da_page = |include: &str| {
        format!(
            "# Flyt din konto\n\nEksportér listerne som CSV-filer, før du starter flytningen.\n\n## Hvad flytter med\n\n--8<-- \"{include}\"\n"
        )
    };
    write(root, "docs/move.da.md", &da_page("posts.md"));
    let check = || {
        let (_, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
        let findings: Vec<String> = stdout
            .lines()
            .filter(|l| l.contains(": GL4"))
            .map(|l| l.split(" [").next().unwrap_or(l).to_string())
            .collect();
        (findings, stdout, stderr)
    };
    let (findings, stdout, stderr) = check();
    assert_eq!(
        findings,
        ["docs/move.da.md:7:1: GL403 untranslated-text"],
        "{stdout}{stderr}"
    );
    let (_, human, _) = run(root, &["check", "--no-cache"]);
    let human = human.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        human.contains(
            "this is the text of the included file `posts.md`: include a Danish version of it instead"
        ),
        "{human}"
    );
    // The Danish file: nothing to report, its link is the source's.
    write(root, "docs/move.da.md", &da_page("posts.da.md"));
    let (findings, stdout, _) = check();
    assert!(findings.is_empty(), "{stdout}");
    // Only the included file changes, back to English: the cache does not keep the last result.
    write(
        root,
        "includes/posts.da.md",
        "Your posts stay on the old server; see [the Mastodon documentation](https://docs.joinmastodon.org/user/moving/) for what moves.\n",
    );
    let (findings, stdout, _) = check();
    assert_eq!(
        findings,
        ["docs/move.da.md:7:1: GL403 untranslated-text"],
        "{stdout}"
    );
    write(root, "includes/posts.da.md", danish);
    let (findings, stdout, _) = check();
    assert!(findings.is_empty(), "{stdout}");
    // The block form: the names are on the lines under the first `--8<--`, which the included
    // text is placed on; the help still names the file.
    write(
        root,
        "docs/move.da.md",
        &da_page("posts.md").replace("--8<-- \"posts.md\"\n", "--8<--\nposts.md\n--8<--\n"),
    );
    let (_, human, _) = run(root, &["check", "--no-cache"]);
    let human = human.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(human.contains("move.da.md:7:1"), "{human}");
    assert!(
        human.contains(
            "this is the text of the included file `posts.md`: include a Danish version of it instead"
        ),
        "{human}"
    );
}

/// Links written in a file a page includes (pymdownx.snippets) are the page's links on the
/// built site: one that leads nowhere from the page is reported on the include line, naming
/// the file, with no fix (the text to edit is in the other file). An edit to the included file
/// alone is seen by the next run, with the cache on.
#[test]
fn links_in_included_files_are_checked_on_the_include_line() {
    let dir = snippets_project("# Home\n\n--8<-- \"README.md\"\n\n## Setup\n\nInstall it.\n");
    let root = dir.path();
    write(root, "docs/guide.md", "# Guide\n\nRead it.\n");
    let readme = "Start with [setup](#setup), read [the guide](guide.md), then \
                  [the end](#the-end) and [the faq](faq.md).\n";
    write(root, "README.md", readme);
    let check = || run(root, &["check", "--output-format", "concise"]);
    let (code, stdout, stderr) = check();
    assert_eq!(code, 1, "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().filter(|l| l.contains(": GL")).collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with(
            "docs/index.md:3:1: GL201 broken-anchor [error] anchor `#the-end` does not exist on \
             this page (in the included `README.md`)"
        ),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("docs/index.md:3:1: GL202")
            && lines[1].contains("`faq.md`")
            && lines[1].ends_with("(in the included `README.md`)"),
        "{stdout}"
    );
    // No fix touches the page: the links are in README.md.
    let (_, stdout, stderr) = run(root, &["check", "--fix", "--unsafe-fixes"]);
    assert_eq!(
        std::fs::read_to_string(root.join("docs/index.md")).expect("read"),
        "# Home\n\n--8<-- \"README.md\"\n\n## Setup\n\nInstall it.\n",
        "{stdout}{stderr}"
    );
    // The included file mended, the page is clean.
    write(
        root,
        "README.md",
        &readme
            .replace("#the-end", "#setup")
            .replace("faq.md", "guide.md"),
    );
    let (code, stdout, stderr) = check();
    assert_eq!(code, 0, "{stdout}{stderr}");
}

/// A file the docs build generates is often git-ignored: on the disk of whoever built the site,
/// in no clone. GL204 still reports the link (a clone lacks the file), saying so instead of
/// "does not exist"; a file that is not there at all is told as before. The cache follows the
/// file coming and going, though no page and no listed file changes.
#[test]
fn a_linked_file_an_ignore_file_leaves_out_is_told_as_such() {
    let dir = site("docs");
    let root = dir.path();
    write(root, ".gitignore", "/docs/api.json\n");
    write(
        root,
        "docs/faq.md",
        "# FAQ\n\nBack [home](index.md). The [API dump](api.json) and [the schema](schema.json).\n",
    );
    write(root, "docs/api.json", "{}\n");
    let check = || run(root, &["check", "--output-format", "concise"]);
    let gl204 = |stdout: &str| -> Vec<String> {
        stdout
            .lines()
            .filter(|l| l.contains(": GL204"))
            .map(str::to_string)
            .collect()
    };
    let (code, stdout, stderr) = check();
    assert_eq!(code, 1, "{stdout}{stderr}");
    let lines = gl204(&stdout);
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].ends_with(
            "file `api.json` names `docs/api.json`, which an ignore file (`.gitignore`) leaves \
             out of the repository"
        ),
        "{stdout}"
    );
    assert!(
        lines[1].ends_with("file `schema.json` names `docs/schema.json`, which does not exist"),
        "{stdout}"
    );
    // The file gone, the same link is a file that does not exist, though the cache holds the
    // last run and nothing it is keyed by changed.
    std::fs::remove_file(root.join("docs/api.json")).expect("remove");
    let (_, stdout, _) = check();
    let lines = gl204(&stdout);
    assert!(
        lines[0].ends_with("file `api.json` names `docs/api.json`, which does not exist"),
        "{stdout}"
    );
    write(root, "docs/api.json", "{}\n");
    let (_, stdout, _) = check();
    assert!(
        gl204(&stdout)[0].contains("which an ignore file (`.gitignore`) leaves out"),
        "{stdout}"
    );
    // Not ignored, the file is listed and the link is fine.
    write(root, ".gitignore", "");
    let (_, stdout, _) = check();
    assert_eq!(gl204(&stdout).len(), 1, "{stdout}");
    // A file in a linked folder (which MkDocs follows and guide-lint does not enter) is told
    // as such too.
    #[cfg(unix)]
    {
        write(root, "shared/schema.json", "{}\n");
        std::os::unix::fs::symlink("../shared", root.join("docs/shared")).expect("symlink");
        std::os::unix::fs::symlink("../shared/schema.json", root.join("docs/schema.json"))
            .expect("symlink");
        write(
            root,
            "docs/faq.md",
            "# FAQ\n\nBack [home](index.md). The [schema](shared/schema.json), \
             [again](schema.json).\n",
        );
        let (_, stdout, _) = check();
        let lines = gl204(&stdout);
        assert_eq!(lines.len(), 2, "{stdout}");
        assert!(
            lines[0].ends_with(
                "file `shared/schema.json` names `docs/shared/schema.json`, which lies in a \
                 linked folder guide-lint does not enter"
            ),
            "{stdout}"
        );
        assert!(
            lines[1].ends_with(
                "file `schema.json` names `docs/schema.json`, which is a symbolic link \
                 guide-lint does not follow"
            ),
            "{stdout}"
        );
        // The link removed, the cached run is not given back with its message.
        std::fs::remove_file(root.join("docs/schema.json")).expect("remove link");
        let (_, stdout, _) = check();
        let lines = gl204(&stdout);
        assert!(
            lines[1].ends_with("file `schema.json` names `docs/schema.json`, which does not exist"),
            "{stdout}"
        );
    }
}

/// `guide-lint check site/` from a folder with no configuration checks the project the path
/// lies in, as a run from inside it does: its MkDocs pages are MkDocs pages (a fence's `title`
/// is no Wiki.js mistake), with paths shown as typed. Paths in two projects are each read
/// with their own.
#[test]
fn pages_named_from_above_their_project_are_read_with_it() {
    let outer = tempfile::tempdir().expect("tempdir");
    let root = outer.path();
    let page = "# Demo\n\n```py title=\"app.py\"\nprint(1)\n```\n\nSee the [FAQ](faq.md).\n";
    for project in ["site", "other"] {
        write(
            root,
            &format!("{project}/mkdocs.yml"),
            "site_name: Demo\nmarkdown_extensions:\n  - pymdownx.superfences\n",
        );
        write(root, &format!("{project}/docs/index.md"), page);
        write(
            root,
            &format!("{project}/docs/faq.md"),
            "# FAQ\n\nBack [home](index.md).\n",
        );
    }
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise", "site"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("checked 2 files"), "{stdout}{stderr}");
    // A file, named alone, is read with its project too.
    let (code, stdout, stderr) = run(
        root,
        &["check", "--output-format", "concise", "site/docs/index.md"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    // As a run from inside the project finds it, with the path as typed.
    write(
        root,
        "site/docs/faq.md",
        "# FAQ\n\nBack [home](index.md) or [away](gone.md).\n",
    );
    let (code, stdout, _) = run(root, &["check", "--output-format", "concise", "site"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.starts_with("site/docs/faq.md:3:"), "{stdout}");
    let (_, inside, _) = run(&root.join("site"), &["check", "--output-format", "concise"]);
    assert_eq!(
        stdout.lines().next().map(|l| l.replacen("site/", "", 1)),
        inside.lines().next().map(str::to_string),
        "{stdout}{inside}"
    );
    // Two projects: each checks its own paths (before, no one configuration was theirs and
    // the pages were read without one: the fence titles were GL316).
    let (_, stdout, stderr) = run(
        root,
        &["check", "--output-format", "concise", "site", "other"],
    );
    assert_eq!(
        stdout.trim(),
        "site/docs/faq.md:3:33: GL202 broken-page-link [error] linked page file `gone.md` does \
         not exist",
        "{stderr}"
    );
    assert!(stderr.contains("checked 4 files"), "{stderr}");
}

/// mkdocs-print-site-plugin adds `print_page.md` to the site, with no file of its own: links to
/// it (`print_page.html` without directory URLs, or the page file) are not broken. Without the
/// plugin, they are.
#[test]
fn the_print_page_of_mkdocs_print_site_plugin_is_a_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nuse_directory_urls: false\nplugins:\n  - search\n  - print-site:\n      add_cover_page: true\n",
    );
    write(
        root,
        "docs/index.md",
        "# Demo\n\nVisit the [print page](print_page.html), or [that page](print_page.md).\n",
    );
    write(
        root,
        "docs/how-to/print.md",
        "# Print\n\nThe [print page](/print_page.html) holds every page.\n",
    );
    let check = || run(root, &["check", "--output-format", "concise"]);
    let (code, stdout, stderr) = check();
    assert_eq!(code, 0, "{stdout}{stderr}");
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nuse_directory_urls: false\nplugins:\n  - search\n",
    );
    let (code, stdout, _) = check();
    assert_eq!(code, 1, "{stdout}");
    let codes: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split(": ").nth(1)?.split(' ').next())
        .collect();
    assert_eq!(codes, ["GL204", "GL204", "GL202"], "{stdout}");
}

/// mkdocs-rss-plugin writes its feeds into the site (`feed_rss_created.xml` and three more,
/// or the names `feeds_filenames` gives): links to them are not broken. Without the plugin, or
/// with a kind of feed turned off, they are. Found on the plugin's own documentation.
#[test]
fn the_feeds_of_mkdocs_rss_plugin_are_files_of_the_site() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - rss:\n      feeds_filenames:\n        rss_updated: news.xml\n",
    );
    write(
        root,
        "docs/index.md",
        "# Demo\n\nThe feeds: [created](feed_rss_created.xml), [updated](news.xml), \
         [JSON](feed_json_created.json).\n",
    );
    write(
        root,
        "docs/blog/about.md",
        "# About\n\nFollow the [feed](../feed_json_updated.json).\n",
    );
    let check = || run(root, &["check", "--output-format", "concise"]);
    let (code, stdout, stderr) = check();
    assert_eq!(code, 0, "{stdout}{stderr}");
    // JSON feeds off: the links to them are broken; so is the default name that was renamed.
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - rss:\n      json_feed_enabled: false\n",
    );
    let (code, stdout, _) = check();
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        first_quoted(&stdout, "GL204"),
        [
            "../feed_json_updated.json",
            "news.xml",
            "feed_json_created.json"
        ],
        "{stdout}"
    );
    write(
        root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - search\n",
    );
    let (_, stdout, _) = check();
    assert_eq!(stdout.matches("GL204").count(), 4, "{stdout}");
}

/// mkdocs-gen-files runs the scripts `plugins: - gen-files: scripts:` names when the site is
/// built, and they write pages (mkdocstrings' recipe: `reference/<module>.md`): a link to a
/// page missing under a folder a script names as a string literal is not reported; one
/// elsewhere is. A script outside the repository is not read. Found on the Outlines
/// documentation, whose prose links into its generated `api_reference/`.
#[test]
fn pages_under_a_folder_a_gen_files_script_names_may_be_generated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).expect("git");
    write(
        &root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - gen-files:\n      scripts:\n        - scripts/gen_ref_pages.py\n",
    );
    write(
        &root,
        "scripts/gen_ref_pages.py",
        "from pathlib import Path\nimport mkdocs_gen_files\n\nOUT = \"api_reference\"\n\
         for path in sorted(Path(\"src\").rglob(\"*.py\")):\n    \
         with mkdocs_gen_files.open(Path(OUT, path.with_suffix(\".md\")), \"w\") as fd:\n        \
         fd.write(\"::: x\")\n",
    );
    write(
        &root,
        "docs/index.md",
        "# Demo\n\nSee [the grammars](api_reference/grammars.md) and [a lost page](guide/lost.md).\n",
    );
    write(&root, "docs/api_reference/index.md", "# API\n");
    let check = || run(&root, &["check", "--output-format", "concise"]);
    let (code, stdout, stderr) = check();
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        first_quoted(&stdout, "GL202"),
        ["guide/lost.md"],
        "{stdout}"
    );
    // The script named outside the repository (beside it) is not read: both links are told.
    std::fs::rename(
        root.join("scripts/gen_ref_pages.py"),
        dir.path().join("gen_ref_pages.py"),
    )
    .expect("move");
    write(
        &root,
        "mkdocs.yml",
        "site_name: Demo\nplugins:\n  - gen-files:\n      scripts:\n        - ../gen_ref_pages.py\n",
    );
    let (_, stdout, _) = check();
    assert_eq!(stdout.matches("GL202").count(), 2, "{stdout}");
    // A named pipe in the script's place is passed over at once (the check does not wait for
    // a writer).
    #[cfg(unix)]
    {
        std::fs::remove_dir_all(root.join("scripts")).expect("rm");
        std::fs::create_dir_all(root.join("scripts")).expect("mkdir");
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("scripts/gen_ref_pages.py"))
            .status()
            .expect("mkfifo");
        assert!(made.success());
        write(
            &root,
            "mkdocs.yml",
            "site_name: Demo\nplugins:\n  - gen-files:\n      scripts:\n        - scripts/gen_ref_pages.py\n",
        );
        let (_, stdout, _) = check();
        assert_eq!(stdout.matches("GL202").count(), 2, "{stdout}");
    }
}

/// What the concise findings of `rule` in `stdout` quote first (the link as written).
fn first_quoted<'a>(stdout: &'a str, rule: &str) -> Vec<&'a str> {
    stdout
        .lines()
        .filter(|l| l.contains(rule))
        .filter_map(|l| l.split('`').nth(1))
        .collect()
}

/// A run from a folder without configuration that holds a MkDocs project below it (a
/// repository whose documentation site lives in `site/`, beside a Wiki.js export): the
/// project's pages are checked with its configuration, as a run from `site/` checks them, and
/// the other pages as before. Before, every page of the site was read by detection: its blog
/// posts' `date` headers made them Wiki.js pages, and each admonition, content tab and `.md`
/// link was reported (1,200 findings on a real site, none of them true). `--fix` leaves the
/// site's pages as MkDocs writes them; a project whose configuration cannot be read is named,
/// and its pages are not checked.
#[test]
fn a_project_below_the_checked_folder_is_checked_with_its_own_configuration() {
    let dir = work_tree();
    let root = dir.path();
    write(
        root,
        "wiki/setup.md",
        "---\ntitle: Setup\ndescription: How to set up\npublished: true\ndate: \
         2024-05-01T10:00:00.000Z\ntags: \neditor: markdown\ndateCreated: \
         2024-05-01T10:00:00.000Z\n---\n\n# Setup\n\n!!! note\n    Not a callout here.\n",
    );
    write(
        root,
        "site/mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - admonition\n  - pymdownx.snippets\n  - \
         pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n",
    );
    write(root, "site/includes/note.md", "An included line.\n");
    let post = "---\ntitle: Launch\ndate: 2024-05-01\ntags:\n  - news\n---\n\n# Launch\n\n\
                !!! note \"New\"\n    Read the [setup](../setup.md).\n\n=== \"One\"\n\n    \
                First.\n\n=== \"Two\"\n\n    Second.\n\n--8<-- \"includes/note.md\"\n";
    write(root, "site/docs/blog/launch.md", post);
    write(
        root,
        "site/docs/setup.md",
        "# Setup\n\nSee the [launch](blog/launch.md).\n",
    );
    write(root, "site/docs/faq.md", "# FAQ\n\nSee [gone](gone.md).\n");
    let concise = |args: &[&str]| {
        let mut all = vec!["check", "--output-format", "concise"];
        all.extend_from_slice(args);
        run(root, &all)
    };
    let expected = "site/docs/faq.md:3:12: GL202 broken-page-link [error] linked page file \
                    `gone.md` does not exist\nwiki/setup.md:13:1: GL301 \
                    mkdocs-syntax-in-wikijs [error] MkDocs admonition `!!! note` is not a \
                    callout on Wiki.js";
    let (code, stdout, stderr) = concise(&["--no-cache", "."]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(stdout.trim(), expected, "{stderr}");
    assert!(stderr.contains("checked 5 files"), "{stderr}");
    // Paths named in the site and outside it: each checked with its own configuration.
    let (_, named, stderr) = concise(&["--no-cache", "site/docs", "wiki/setup.md"]);
    assert_eq!(named.trim(), expected, "{stderr}");
    let (_, named, stderr) = concise(&["--no-cache", "wiki", "site/docs/faq.md"]);
    assert_eq!(named.trim(), expected, "{stderr}");
    // The same with no path given: the folders below the working directory.
    let (_, from_site, _) = run(
        &root.join("site"),
        &["check", "--no-cache", "--output-format", "concise"],
    );
    assert_eq!(
        from_site.trim(),
        "docs/faq.md:3:12: GL202 broken-page-link [error] linked page file `gone.md` does not \
         exist"
    );
    // With the cache: each project's run keeps its own, and a second run gives the same.
    for _ in 0..2 {
        let (_, cached, stderr) = concise(&["."]);
        assert_eq!(cached.trim(), expected, "{stderr}");
    }
    assert!(root.join("site/.guide-lint-cache").is_dir());
    // A configuration named on the command line applies to every page, as before.
    write(root, "lint.yml", "guides: .\n");
    let (_, named, _) = concise(&["--no-cache", "--config", "lint.yml", "."]);
    assert!(named.contains("site/docs/blog/launch.md"), "{named}");
    // `--fix` fixes the wiki's pages with the wiki's fixes and the site's with the site's:
    // the post's admonition and `.md` link stay as MkDocs reads them.
    let (_, _, stderr) = run(
        root,
        &[
            "check",
            "--no-cache",
            "--fix",
            "--unsafe-fixes",
            "--exit-zero",
            ".",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(root.join("site/docs/blog/launch.md")).expect("read"),
        post,
        "{stderr}"
    );
    // A project whose configuration cannot be read: named, its pages not checked, exit 2.
    write(root, "broken/mkdocs.yml", "site_name: [\n");
    write(
        root,
        "broken/docs/index.md",
        "# Broken\n\n!!! note\n    x\n",
    );
    let (code, stdout, stderr) = concise(&["--no-cache", "."]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stdout.contains(
            "broken/mkdocs.yml:2:1: error: cannot read this project's configuration (cannot \
             read the MkDocs configuration: "
        ) && stdout.contains("its pages are not checked"),
        "{stdout}"
    );
    assert!(!stdout.contains("broken/docs"), "{stdout}");
    assert!(stderr.contains("1 file could not be checked"), "{stderr}");
}

/// A MkDocs project that builds the source locale's guides of a `guide-lint.yml`
/// (`guides/mkdocs.yml` with `docs_dir: en`, the Danish pages in `guides/da` beside them) is
/// part of that configuration's run, not a project of its own: a run of its own had taken
/// both locales' pages away from the translation pass, and every GL4xx finding with them. A
/// `guide-lint.yml` there, or a MkDocs site elsewhere in the guides root, is still a project of
/// its own.
#[test]
fn a_mkdocs_project_inside_the_configured_guides_root_stays_in_the_run() {
    let dir = work_tree();
    let root = dir.path();
    write(
        root,
        "guide-lint.yml",
        "guides: guides\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - path: \"en/**\"\n    \
         dialect: mkdocs\n  - path: \"da/**\"\n    dialect: wikijs\n",
    );
    write(
        root,
        "guides/mkdocs.yml",
        "site_name: Guides\ndocs_dir: en\nmarkdown_extensions:\n  - admonition\n",
    );
    write(
        root,
        "guides/en/move.md",
        "# Move\n\n## Export your data\n\nOpen the settings page and download every list you \
         need before you move.\n\n=== \"Web\"\n\n    Open it.\n",
    );
    write(
        root,
        "guides/da/move.md",
        "---\ntitle: Flyt\ndescription: Flyt\npublished: true\ndate: 2024-05-01T10:00:00.000Z\n\
         tags: \neditor: markdown\ndateCreated: 2024-05-01T10:00:00.000Z\n---\n\n# Flyt\n\n\
         ## Eksporter dine data\n\nOpen the settings page and download every list you need \
         before you move.\n\nSee [the list](#nope).\n",
    );
    for (dir, args, shown) in [
        (root.to_path_buf(), vec![], "guides/da/move.md"),
        (root.to_path_buf(), vec!["guides/da"], "guides/da/move.md"),
        (root.join("guides/da"), vec!["."], "move.md"),
    ] {
        let (code, stdout, stderr) = concise(&dir, &args);
        assert_eq!(code, 1, "{args:?}: {stdout}{stderr}");
        // The project is the run's MkDocs project, read for its extensions.
        assert_eq!(
            args.is_empty(),
            stdout.contains(
                "guides/en/move.md:7:1: GL321 mkdocs-extension-not-enabled [error] `=== \"Web\"` \
                 needs the `pymdownx.tabbed` Markdown extension, which guides/mkdocs.yml does not \
                 enable"
            ),
            "{args:?}: {stdout}{stderr}"
        );
        assert!(
            stdout.contains(&format!(
                "{shown}:15:1: GL403 untranslated-text [error] English text"
            )),
            "{args:?}: {stdout}{stderr}"
        );
    }
    // Its own `guide-lint.yml` makes it a project of its own again (no target locale there),
    // its pages shown under its folder (`guides: .` adds no `./` to their paths).
    write(
        root,
        "guides/guide-lint.yml",
        "guides: .\ntarget-locales: [de]\n",
    );
    let (_, stdout, stderr) = concise(root, &[]);
    assert!(!stdout.contains("GL403"), "{stdout}{stderr}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("guides/da/move.md:17:17: GL201 broken-anchor")),
        "{stdout}{stderr}"
    );
    // A MkDocs site inside a guides root that is not the source locale's pages (a wiki's
    // repository with `guides: .` and its documentation site in `site/`) is its own project:
    // its blog post is a MkDocs page, not a Wiki.js one with an admonition Wiki.js lacks.
    let dir = work_tree();
    let root = dir.path();
    write(root, "guide-lint.yml", "guides: .\n");
    write(root, "en/home.md", "# Home\n\nWelcome.\n");
    write(
        root,
        "site/mkdocs.yml",
        "site_name: Site\nmarkdown_extensions:\n  - admonition\n",
    );
    write(
        root,
        "site/docs/blog/post.md",
        "---\ntitle: Launch\ndate: 2024-05-01\n---\n\n# Launch\n\n!!! note\n    New.\n",
    );
    let (code, stdout, stderr) = concise(root, &[]);
    assert_eq!((code, stdout.trim()), (0, ""), "{stderr}");
}

/// In a repository whose `guide-lint.yml` is at the top, a path named inside a MkDocs site of
/// its own (`site/docs`, a page of it) is checked with the site's configuration, as a walk of
/// `site/` checks it; `--config` still applies one configuration to every path.
#[test]
fn a_path_inside_a_project_below_the_configuration_is_checked_with_that_project() {
    let dir = work_tree();
    let root = dir.path();
    write(root, "guide-lint.yml", "guides: guides\n");
    write(root, "guides/en/home.md", "# Home\n\nText.\n");
    write(
        root,
        "site/mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - admonition\n",
    );
    write(
        root,
        "site/docs/index.md",
        "---\ntitle: Demo\ndate: 2024-05-01\n---\n\n# Demo\n\n!!! note\n    See [gone](gone.md).\n",
    );
    let expected = "site/docs/index.md:9:16: GL202 broken-page-link [error] linked page file \
                    `gone.md` does not exist";
    for path in ["site/docs", "site/docs/index.md", "site", "."] {
        let (_, stdout, stderr) = run(
            root,
            &["check", "--no-cache", "--output-format", "concise", path],
        );
        assert_eq!(stdout.trim(), expected, "{path}: {stderr}");
    }
    // From inside the site's docs, whose own folder holds no configuration: the site's
    // (`locate` gives the top-level `guide-lint.yml`, nearer in its rule order).
    let (_, stdout, stderr) = run(
        &root.join("site/docs"),
        &["check", "--no-cache", "--output-format", "concise", "."],
    );
    assert_eq!(
        stdout.trim(),
        "index.md:9:16: GL202 broken-page-link [error] linked page file `gone.md` does not exist",
        "{stderr}"
    );
    let (_, stdout, _) = run(
        root,
        &[
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "--config",
            "guide-lint.yml",
            "site/docs",
        ],
    );
    assert!(stdout.contains("GL301"), "{stdout}");
}

/// A site whose `toc` makes Unicode ids (pymdownx.slugs, as Material's documentation
/// recommends): links to them are valid, a link to the ASCII id is broken (MkDocs warns about
/// the same two links), and the unsafe fix writes the site's id.
#[test]
fn heading_ids_follow_the_site_s_toc_slugify() {
    let dir = work_tree();
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Flyt\nmarkdown_extensions:\n  - toc:\n      permalink: true\n      \
         slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          \
         case: lower\n",
    );
    write(
        root,
        "docs/index.md",
        "# Flyt din konto\n\nLæs [Før du flytter](#før-du-flytter) og \
         [eksport](eksport.md#trin-2-eksportér-dine-data).\n\nForkert: [gammel](#for-du-flytter).\n\n\
         ## Før du flytter\n\nTekst.\n",
    );
    write(
        root,
        "docs/eksport.md",
        "# Eksport\n\n## Trin 2: Eksportér dine data\n\nSe [regler](#politik--regler).\n\n\
         ## Politik & regler\n\nTekst.\n",
    );
    let (code, stdout, _) = concise(root, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("docs/index.md:5:20: GL201"), "{stdout}");
    let (_, _, _) = run(root, &["check", "--no-cache", "--fix", "--unsafe-fixes"]);
    let fixed = std::fs::read_to_string(root.join("docs/index.md")).expect("read");
    assert!(fixed.contains("[gammel](#før-du-flytter)"), "{fixed}");
    assert_eq!(concise(root, &[]).0, 0);

    // The same pages on a site with Python-Markdown's default: the ASCII ids.
    write(
        root,
        "mkdocs.yml",
        "site_name: Flyt\nmarkdown_extensions:\n  - toc\n",
    );
    let (_, stdout, _) = concise(root, &[]);
    assert!(
        stdout.contains("`#før-du-flytter` does not exist")
            && stdout.contains("`#trin-2-eksportér-dine-data` does not exist"),
        "{stdout}"
    );

    // A site's own function: the ids are unknown, so no heading link is told broken.
    write(
        root,
        "mkdocs.yml",
        "site_name: Flyt\nmarkdown_extensions:\n  - toc:\n      \
         slugify: !!python/name:hooks.slugs.slugify\n",
    );
    let (code, stdout, _) = concise(root, &[]);
    assert_eq!(code, 0, "{stdout}");
}

/// Content tabs' ids, as pymdownx.tabbed gives them (compared with a built site): numbered per
/// set in the order of the sets' first markers, nested sets included; with `slugify`, the
/// slug of the title, after the heading's with `combine_header_slug`.
#[test]
fn content_tabs_have_the_ids_pymdownx_tabbed_gives_them() {
    let dir = work_tree();
    let root = dir.path();
    let tabbed = |options: &str| {
        format!(
            "site_name: Tabs\nmarkdown_extensions:\n  - toc:\n      \
             slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          \
             case: lower\n  - pymdownx.superfences\n  - pymdownx.tabbed:\n      \
             alternate_style: true\n{options}"
        )
    };
    let page = |links: &str| {
        format!(
            "# Flyt\n\n{links}\n\n## Installér appen\n\n=== \"Android\"\n\n    Hent appen.\n\n    \
             === \"Trin 1\"\n\n        Åbn.\n\n    === \"Trin 2\"\n\n        Luk.\n\n=== \"iOS\"\n\n    \
             Hent appen.\n\n## Brug\n\n=== \"pip\"\n\n    Tekst.\n\n=== \"`uv`\"\n\n    Tekst.\n"
        )
    };
    write(root, "mkdocs.yml", &tabbed(""));
    write(
        root,
        "docs/index.md",
        &page("[a](#__tabbed_1_2) [b](#__tabbed_2_2) [c](#__tabbed_3_2) [d](#__tabbed_3_3)"),
    );
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("`#__tabbed_3_3` does not exist"),
        "{stdout}"
    );

    write(
        root,
        "mkdocs.yml",
        &tabbed(
            "      combine_header_slug: true\n      \
             slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          \
             case: lower\n",
        ),
    );
    write(
        root,
        "docs/index.md",
        &page(
            "[a](#installér-appen-android) [b](#installér-appen-trin-2) [c](#brug-uv) \
             [d](#android)",
        ),
    );
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("`#android` does not exist"), "{stdout}");
    let (_, human, _) = run(root, &["check", "--no-cache"]);
    assert!(
        human.contains("did you mean `#installér-appen-android` (content tab \"Android\")?"),
        "{human}"
    );
}

/// pymdownx.blocks.tab's tabs (`/// tab | Android`) are anchors as the extension numbers them
/// (compared with a built site): consecutive tab blocks are one set, text between them or
/// `new: true` starts another, a set inside a tab is numbered when it opens.
#[test]
fn block_tabs_have_the_ids_pymdownx_blocks_tab_gives_them() {
    let dir = work_tree();
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Tabs\nmarkdown_extensions:\n  - pymdownx.superfences\n  - pymdownx.blocks.tab:\n      \
         alternate_style: true\n",
    );
    write(
        root,
        "docs/index.md",
        "# Flyt\n\n[a](#__tabbed_1_2) [b](#__tabbed_2_2) [c](#__tabbed_3_1) [d](#__tabbed_4_1) \
         [e](#__tabbed_3_2)\n\n## Installér appen\n\n/// tab | Android\nHent appen.\n\n\
         //// tab | Trin 1\nÅbn.\n////\n\n//// tab | Trin 2\nLuk.\n////\n///\n\n/// tab | iOS\n\
         Hent appen.\n///\n\nTekst imellem.\n\n/// tab | pip\nTekst.\n///\n\n/// tab | uv\n    \
         new: true\nTekst.\n///\n",
    );
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("`#__tabbed_3_2` does not exist"),
        "{stdout}"
    );
}

/// The ids pymdownx.highlight gives code lines (`anchor_linenums`, `line_spans`), compared with
/// a site built by MkDocs: blocks numbered from 0 in page order (nested ones included, custom
/// fences left out), a block's `#id` in place of its number, lines from its `linenums` start.
/// A block's `#id` is an anchor too.
#[test]
fn code_line_ids_as_pymdownx_highlight_gives_them() {
    let dir = work_tree();
    let root = dir.path();
    let config = |highlight: &str| {
        format!(
            "site_name: Lines\nmarkdown_extensions:\n  - attr_list\n  - admonition\n  \
             - pymdownx.highlight:\n{highlight}  - pymdownx.superfences:\n      custom_fences:\n        \
             - name: mermaid\n          class: mermaid\n          \
             format: !!python/name:pymdownx.superfences.fence_code_format\n  - pymdownx.tabbed:\n      \
             alternate_style: true\n"
        )
    };
    let page = |links: &str| {
        format!(
            "# Lines\n\n```bash\necho one\necho two\n```\n\n    indented code\n\n- item\n\n    \
             ```python\n    nested = 1\n    ```\n\n```mermaid\ngraph LR\n```\n\n!!! note\n\n    \
             ```yaml\n    a: 1\n    b: 2\n    c: 3\n    ```\n\n1. Step:\n\n    === \"Tab\"\n\n        \
             ```text\n        in tab\n        ```\n\n``` py linenums=\"7\"\n\nfirst\n\nlast\n\n```\n\n\
             ``` {{ .python #named }}\nx = 1\ny = 2\n```\n\n{links}\n"
        )
    };
    write(
        root,
        "mkdocs.yml",
        &config("      anchor_linenums: true\n      line_spans: __span\n"),
    );
    write(
        root,
        "docs/index.md",
        &page(
            "[a](#__codelineno-0-2) [b](#__span-2-3) [c](#__codelineno-3-1) \
             [d](#__codelineno-4-9) [e](#__codelineno-named-2) [f](#named) \
             [g](#__codelineno-4-10) [h](#__codelineno-6-1) [i](#__span-1-2) [j](#__codelineno-0-0)",
        ),
    );
    let (_, stdout, _) = concise(root, &[]);
    let broken: Vec<&str> = stdout.lines().filter_map(|l| l.split('`').nth(1)).collect();
    assert_eq!(
        broken,
        [
            "#__codelineno-4-10",
            "#__codelineno-6-1",
            "#__span-1-2",
            "#__codelineno-0-0"
        ],
        "{stdout}"
    );
    let (_, human, _) = run(root, &["check", "--no-cache"]);
    assert!(
        human.contains(
            "code block `4` has lines 7 to 9: `#__codelineno-4-7` to `#__codelineno-4-9`"
        ) && human.contains("the last here is `4`")
            && human.contains("code block `1` has one line: `#__span-1-1`"),
        "{human}"
    );

    // Without the options, lines have no ids; the block's own id stays.
    write(
        root,
        "mkdocs.yml",
        &config("      pygments_lang_class: true\n"),
    );
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.lines().count(), 9, "{stdout}");
    assert!(!stdout.contains("`#named`"), "{stdout}");

    // No configuration to read them from: links to code lines are not judged.
    std::fs::remove_file(root.join("mkdocs.yml")).unwrap();
    let (_, stdout, _) = concise(root, &[]);
    assert!(!stdout.contains("__codelineno"), "{stdout}");
}

/// Content tabs inside a list item's steps (`1. Install:` and the tabs indented four) are
/// read as tabs, as Python-Markdown reads them: a link in a tab's body is checked, not taken
/// for an indented code block's text. Indented four under a paragraph, a marker is code.
#[test]
fn content_tabs_in_a_list_item_are_read_as_tabs() {
    let dir = work_tree();
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        "site_name: Apps\nmarkdown_extensions:\n  - pymdownx.superfences\n  - pymdownx.tabbed:\n      \
         alternate_style: true\n",
    );
    write(
        root,
        "docs/index.md",
        "# Apps\n\n[tab](#__tabbed_1_2)\n\n1. Install the app:\n\n    === \"Android\"\n\n        \
         Open Google Play and tap `Install` ([help](#nowhere)).\n\n    === \"iPhone\"\n\n        \
         Open the App Store.\n\n2. Log in.\n\nThe syntax:\n\n    === \"Tab\"\n\n        [x](#code)\n",
    );
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("`#nowhere` does not exist"), "{stdout}");
}

/// GL329 follows the project's fence settings: with `use_pygments: false` superfences reads no
/// `key="value"` option; with `relaxed_headers` every fence line is read; without superfences
/// MkDocs' own `fenced_code` reads a language and `hl_lines` only (compared with
/// Python-Markdown 3.11).
#[test]
fn unread_fence_lines_follow_the_projects_fence_settings() {
    let dir = work_tree();
    let root = dir.path();
    write(
        root,
        "docs/index.md",
        "# Export\n\n```py title=\"export.py\"\nx = 1\n```\n\n```py title=a.py\ny = 2\n```\n",
    );
    let with = |options: &str| {
        format!(
            "site_name: Export\nmarkdown_extensions:\n  - pymdownx.highlight:\n{options}  \
             - pymdownx.superfences\n"
        )
    };
    write(root, "mkdocs.yml", &with("      anchor_linenums: true\n"));
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("docs/index.md:7:7: GL329")
            && stdout.contains("`title=a.py` is not quoted"),
        "{stdout}"
    );

    write(root, "mkdocs.yml", &with("      use_pygments: false\n"));
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.matches("GL329").count(), 2, "{stdout}");
    assert!(stdout.contains("`use_pygments` is off"), "{stdout}");

    write(
        root,
        "mkdocs.yml",
        "site_name: Export\nmarkdown_extensions:\n  - pymdownx.superfences:\n      relaxed_headers: true\n",
    );
    let (code, stdout, _) = concise(root, &[]);
    assert_eq!(code, 0, "{stdout}");

    write(
        root,
        "mkdocs.yml",
        "site_name: Export\nmarkdown_extensions:\n  - admonition\n",
    );
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(
        stdout.matches("fenced_code does not read").count(),
        2,
        "{stdout}"
    );

    // A page hook may take words off fence lines (pytest-examples' `lint="skip"`): those are
    // not told; an option written so that it is not read still is.
    write(
        root,
        "docs/index.md",
        "# Export\n\n```py lint=\"skip\"\nx = 1\n```\n\n```py title=a.py\ny = 2\n```\n",
    );
    write(
        root,
        "mkdocs.yml",
        "site_name: Export\nhooks:\n  - hooks/pages.py\nmarkdown_extensions:\n  - pymdownx.superfences\n",
    );
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.matches("GL329").count(), 1, "{stdout}");
    assert!(stdout.contains("`title=a.py` is not quoted"), "{stdout}");
    write(
        root,
        "mkdocs.yml",
        "site_name: Export\nmarkdown_extensions:\n  - pymdownx.superfences\n",
    );
    let (_, stdout, _) = concise(root, &[]);
    assert_eq!(stdout.matches("GL329").count(), 2, "{stdout}");
}
