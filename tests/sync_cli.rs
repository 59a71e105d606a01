//! `guide-lint sync` from the command line: output, exit codes, the API key's handling.

mod sync_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sync_support::{git, init_wiki_repo};
use wikijs_standin::{ADMIN_KEY, Wiki};

const PAGE: &str = "---\ntitle: Flyt\ndescription: En guide\npublished: true\ndate: 2023-01-02T19:58:59.845Z\ntags: mastodon\neditor: markdown\ndateCreated: 2023-01-02T16:43:22.287Z\n---\n\n# Flyt\n\nTekst.\n";

struct Project {
    tmp: tempfile::TempDir,
}

impl Project {
    fn new(config: &str) -> Project {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("guide-lint.yml"), config).unwrap();
        std::fs::create_dir_all(root.join("guides/da")).unwrap();
        std::fs::create_dir_all(root.join("out/da")).unwrap();
        std::fs::write(root.join("out/da/flyt.md"), PAGE).unwrap();
        std::fs::write(
            root.join("out/home.md"),
            "---\ntitle: Home\n---\n\n# Home\n\n[Flyt](/da/flyt)\n",
        )
        .unwrap();
        Project { tmp }
    }

    fn root(&self) -> &Path {
        self.tmp.path()
    }

    fn cmd(&self, key: Option<&str>) -> Command {
        let mut c = Command::cargo_bin("guide-lint").unwrap();
        c.current_dir(self.root())
            .env_remove("GUIDE_LINT_WIKI_TOKEN")
            .env_remove("WIKI_KEY");
        if let Some(k) = key {
            c.env("WIKI_KEY", k);
        }
        c
    }
}

const CONFIG: &str = "sync:\n  token-env: WIKI_KEY\n  retries: 1\n  timeout: 5\n";

/// `guide-lint sync --graphql URL --from out --progress none EXTRA` with the admin key.
fn graphql_sync(p: &Project, url: &str, extra: &[&str]) -> (i32, String, String) {
    let mut c = p.cmd(Some(ADMIN_KEY));
    c.args([
        "sync",
        "--graphql",
        url,
        "--from",
        "out",
        "--progress",
        "none",
    ])
    .args(extra);
    output(&mut c)
}

fn output(c: &mut Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn plan_then_apply_then_nothing_to_do() {
    let wiki = Wiki::start();
    let p = Project::new(CONFIG);
    let url = wiki.url();
    let sync = |extra: &[&str]| graphql_sync(&p, &url, extra);
    let (code, stdout, _) = sync(&[]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout.replace(&url, "URL"),
        "sync plan: URL\n  create     da/flyt  +3 lines\n  create     en/home  +3 lines\n2 pages: 2 to create\nnothing was changed on the wiki; run again with --apply to carry this out\n"
    );
    assert!(wiki.pages().is_empty());

    let (code, stdout, _) = sync(&["--apply"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        stdout.replace(&url, "URL"),
        "sync: URL\n  created    da/flyt  +3 lines\n  created    en/home  +3 lines\n2 pages: 2 created\n"
    );
    let da = wiki.page("da", "flyt").unwrap();
    assert_eq!(da.title, "Flyt");
    assert_eq!(da.description, "En guide");
    assert_eq!(da.content, "# Flyt\n\nTekst.\n");
    assert!(p.root().join("guides/.wiki-sync.yml").exists());

    wiki.edit_page("da", "flyt", |pg| pg.content.push_str("Fra wikien.\n"));
    let (code, stdout, _) = sync(&["--apply"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("  conflict   da/flyt  \u{2212}1 line; edited on the wiki"),
        "{stdout}"
    );
    assert!(
        stdout.contains("help: a conflicting page holds changes"),
        "{stdout}"
    );
}

#[test]
fn progress_lines_go_to_stderr_when_not_on_a_terminal() {
    let wiki = Wiki::start();
    let p = Project::new(CONFIG);
    let (code, _, stderr) = output(p.cmd(Some(ADMIN_KEY)).args([
        "sync",
        "--graphql",
        &wiki.url(),
        "--from",
        "out",
        "--apply",
    ]));
    assert_eq!(code, 0);
    assert!(
        stderr.contains("[1/2] comparing with the wiki: da/flyt\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[2/2] pushing pages: en/home\n"),
        "{stderr}"
    );
}

#[test]
fn the_api_key_comes_from_the_environment_and_is_never_shown() {
    let wiki = Wiki::start();
    let p = Project::new(CONFIG);
    let url = wiki.url();
    let (code, stdout, stderr) =
        output(
            p.cmd(None)
                .args(["sync", "--graphql", &url, "--from", "out"]),
        );
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("the environment variable `WIKI_KEY` is missing"),
        "{stderr}"
    );
    assert!(stderr.contains("help: create an API key"), "{stderr}");

    let secret = "totally-secret-key-4711";
    let (code, stdout, stderr) = output(p.cmd(Some(secret)).args([
        "sync",
        "--graphql",
        &url,
        "--from",
        "out",
        "--apply",
        "--progress",
        "none",
    ]));
    // An unknown key is a guest's: refused before planning, with nothing written.
    assert_eq!(code, 2);
    assert!(stderr.contains("rejected the API key"), "{stderr}");
    assert!(stderr.contains("guest"), "{stderr}");
    assert!(stderr.contains("help: create a new key"), "{stderr}");
    assert!(!stdout.contains(secret) && !stderr.contains(secret));
    assert!(wiki.pages().is_empty());

    wiki.add_key(secret, &["manage:system"]);
    wiki.revoke_key(secret);
    let (code, stdout, stderr) =
        output(
            p.cmd(Some(secret))
                .args(["sync", "--graphql", &url, "--from", "out"]),
        );
    assert_eq!(code, 2);
    assert!(stderr.contains("rejected the API key"), "{stderr}");
    assert!(!stdout.contains(secret) && !stderr.contains(secret));

    // There is no way to give the key as an argument.
    let (code, _, _) = output(p.cmd(None).args([
        "sync",
        "--graphql",
        &url,
        "--from",
        "out",
        "--token",
        secret,
    ]));
    assert_eq!(code, 2);
}

#[test]
fn plain_http_is_refused_unless_loopback_or_allowed() {
    let p = Project::new(CONFIG);
    let (code, _, stderr) = output(p.cmd(Some("k")).args([
        "sync",
        "--graphql",
        "http://wiki.example.invalid/graphql",
        "--from",
        "out",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("refusing to send the API key over plain http"),
        "{stderr}"
    );
}

#[test]
fn a_wiki_that_is_down_exits_2_with_a_clear_error() {
    let wiki = Wiki::start();
    let url = wiki.url();
    wiki.stop();
    let p = Project::new(CONFIG);
    let (code, stdout, stderr) =
        output(
            p.cmd(Some(ADMIN_KEY))
                .args(["sync", "--graphql", &url, "--from", "out"]),
        );
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("cannot reach the wiki at"), "{stderr}");
    assert!(stderr.contains("tried 2 times"), "{stderr}");
}

#[test]
fn a_target_is_required_and_config_mistakes_are_explained() {
    let p = Project::new(CONFIG);
    let (code, _, stderr) = output(p.cmd(None).args(["sync", "--from", "out"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--graphql"), "{stderr}");
    let bad = Project::new("sync:\n  token_env: X\n");
    let (code, _, stderr) = output(bad.cmd(None).args(["sync", "--git", "x", "--from", "out"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown field `token_env`"), "{stderr}");
}

#[test]
fn the_plan_names_images_in_the_tree_that_nothing_publishes() {
    let wiki = Wiki::start();
    let p = Project::new(&format!("guides: guides\nsource-locale: da\n{CONFIG}"));
    std::fs::write(
        p.root().join("guides/da/router.md"),
        "# Router\n\n![DNS-indstillinger](/files/router-dns.png)\n\n![Lille](/files/small.png =300x)\n\n\
         [En side](/da/flyt)\n",
    )
    .unwrap();
    std::fs::create_dir_all(p.root().join("guides/files")).unwrap();
    std::fs::write(p.root().join("guides/files/router-dns.png"), b"png").unwrap();
    std::fs::write(p.root().join("guides/files/small.png"), b"png").unwrap();
    let url = wiki.url();
    let mut c = p.cmd(Some(ADMIN_KEY));
    c.args(["sync", "--graphql", &url, "--progress", "none"]);
    let (code, stdout, stderr) = output(&mut c);
    assert_eq!(code, 0, "{stdout}{stderr}");
    for image in ["/files/router-dns.png", "/files/small.png"] {
        assert!(
            stderr.contains(&format!("`{image}`")) && stderr.contains("is not published"),
            "{stderr}"
        );
    }
    assert!(stderr.contains("router.md:3:"), "{stderr}");
    assert!(stderr.contains("{from: /files/, to: /files/}"), "{stderr}");
    assert!(!stderr.contains("/da/flyt"), "{stderr}");
}

#[test]
fn git_storage_from_the_command_line() {
    let p = Project::new(
        "source-locale: en\nbuild:\n  always-namespace: true\nsync:\n  author: Guide Bot <bot@example.org>\n",
    );
    let repo: PathBuf = p.root().join("wiki");
    init_wiki_repo(&repo);
    let (code, stdout, _) = output(p.cmd(None).args([
        "sync",
        "--git",
        "wiki",
        "--from",
        "out",
        "--apply",
        "--progress",
        "none",
    ]));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("sync: wiki\n"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(repo.join("da/flyt.md")).unwrap(),
        PAGE
    );
    assert!(repo.join("en/home.md").exists());
    assert_eq!(
        git(&repo, &["log", "--format=%s|%an"]),
        "docs: create home|Guide Bot\ndocs: create flyt|Guide Bot\n"
    );
    let state = std::fs::read_to_string(p.root().join("guides/.wiki-sync.yml")).unwrap();
    assert!(state.contains("\n  git wiki:\n"), "{state}");
}

fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_second_sync_fails_fast_naming_the_lock_and_its_holder() {
    let wiki = Wiki::start();
    let url = wiki.url();
    let p = Project::new(CONFIG);
    let lock = p.root().join("guides/.wiki-sync.yml.lock");
    let host = guide_lint::sync::lock::this_host();
    let holder = format!(
        "pid: {}\nhost: {host}\nstarted: 2026-01-02T03:04:05.006Z\n",
        std::process::id()
    );
    std::fs::write(&lock, &holder).unwrap();
    let sync = |extra: &[&str]| graphql_sync(&p, &url, extra);
    let (code, stdout, stderr) = sync(&["--apply"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stderr.contains(&format!(
            "another sync is running: guides/.wiki-sync.yml.lock is held by process {} on {host}, started 2026-01-02T03:04:05.006Z",
            std::process::id()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("help: wait for it to finish"), "{stderr}");
    assert!(wiki.pages().is_empty() && wiki.calls().is_empty());
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), holder, "not ours");
    // A plan writes nothing and is not blocked.
    let (code, stdout, _) = sync(&[]);
    assert_eq!(code, 0, "{stdout}");

    // Its holder is gone: the lock is stale, and the message says what to do.
    let dead = dead_pid();
    std::fs::write(&lock, format!("pid: {dead}\nhost: {host}\nstarted: x\n")).unwrap();
    let (code, _, stderr) = sync(&["--apply"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!(
            "a sync that is no longer running left its lock guides/.wiki-sync.yml.lock (process {dead} on {host}, started x)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("delete guides/.wiki-sync.yml.lock and run again"),
        "{stderr}"
    );
    std::fs::remove_file(&lock).unwrap();
    let (code, stdout, _) = sync(&["--apply"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!lock.exists(), "released after a sync");

    // Released after a sync that stopped on an error too.
    wiki.fail_from(1, wikijs_standin::Fault::Status(503));
    let (code, _, stderr) = sync(&["--apply"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!lock.exists(), "released after an error");
}

#[test]
fn two_syncs_into_one_checkout_exclude_each_other_whatever_their_state_files() {
    let p = Project::new("sync:\n  author: Guide Bot <bot@example.org>\n");
    let repo: PathBuf = p.root().join("wiki");
    init_wiki_repo(&repo);
    let lock = repo.join(".git/guide-lint-sync.lock");
    std::fs::write(
        &lock,
        format!("pid: {}\nhost: elsewhere\n", std::process::id()),
    )
    .unwrap();
    let (code, _, stderr) = output(p.cmd(None).args([
        "sync",
        "--git",
        "wiki",
        "--from",
        "out",
        "--apply",
        "--state",
        "other-state.yml",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("guide-lint-sync.lock is held by process"),
        "{stderr}"
    );
    assert!(!repo.join("da/flyt.md").exists());
    assert!(!p.root().join("other-state.yml.lock").exists(), "released");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_before_the_next_page_and_releases_the_lock() {
    let wiki = Wiki::start();
    let url = wiki.url();
    let p = Project::new(CONFIG);
    // A slow wiki: every request takes a while.
    wiki.fail_next(
        50,
        wikijs_standin::Fault::Delay(std::time::Duration::from_millis(300)),
    );
    let lock = p.root().join("guides/.wiki-sync.yml.lock");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("guide-lint"))
        .current_dir(p.root())
        .env("WIKI_KEY", ADMIN_KEY)
        .args([
            "sync",
            "--graphql",
            &url,
            "--from",
            "out",
            "--apply",
            "--progress",
            "none",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !lock.exists() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "no lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stdout}{stderr}");
    assert!(
        stderr.contains("stopping after the current page"),
        "{stderr}"
    );
    assert!(
        stdout.contains("error: the sync stopped: interrupted"),
        "{stdout}"
    );
    assert!(!lock.exists(), "the lock is released");
    assert!(wiki.pages().len() < 2, "stopped before the last page");
}

#[test]
fn json_output_for_the_plan_the_result_and_errors() {
    let wiki = Wiki::start();
    let url = wiki.url();
    let p = Project::new(CONFIG);
    let sync = |key: Option<&str>, extra: &[&str]| {
        let mut c = p.cmd(key);
        c.args([
            "sync",
            "--graphql",
            &url,
            "--from",
            "out",
            "--progress",
            "none",
            "--output-format",
            "json",
        ])
        .args(extra);
        let (code, stdout, stderr) = output(&mut c);
        let v: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}{stderr}"));
        assert_eq!(v["exit_code"], code, "{stdout}");
        assert_eq!(v["schema_version"], 1);
        v
    };
    let v = sync(Some(ADMIN_KEY), &[]);
    assert_eq!(v["mode"], "plan");
    assert_eq!(v["target"], url.as_str());
    assert_eq!(v["summary"]["pages"], 2);
    assert_eq!(v["summary"]["create"], 2);
    assert_eq!(v["summary"]["created"], 0);
    assert_eq!(v["pages"][0]["key"], "da/flyt");
    assert_eq!(v["pages"][0]["source"], "out/da/flyt.md");
    assert_eq!(v["pages"][0]["action"], "create");
    assert_eq!(v["pages"][0]["outcome"], serde_json::Value::Null);
    assert_eq!(v["pages"][0]["diff"]["added"], 3);
    assert!(wiki.pages().is_empty());

    let v = sync(Some(ADMIN_KEY), &["--apply"]);
    assert_eq!(v["mode"], "apply");
    assert_eq!(v["summary"]["created"], 2);
    assert_eq!(v["pages"][1]["outcome"], "created");
    assert_eq!(v["exit_code"], 0);
    assert_eq!(wiki.pages().len(), 2);

    wiki.edit_page("da", "flyt", |pg| pg.content.push_str("Fra wikien.\n"));
    let v = sync(Some(ADMIN_KEY), &["--apply"]);
    assert_eq!(v["exit_code"], 1);
    assert_eq!(v["summary"]["conflicts_left"], 1);
    assert_eq!(v["pages"][0]["action"], "conflict");
    assert_eq!(v["pages"][0]["outcome"], "conflict");
    assert!(
        v["pages"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("edited on the wiki since the last sync"),
        "{v}"
    );
    let v = sync(Some(ADMIN_KEY), &["--apply", "--force"]);
    assert_eq!(v["pages"][0]["outcome"], "updated");
    assert_eq!(v["pages"][0]["forced"], true);

    // An error that stops the sync before any report is a document too.
    let v = sync(None, &["--apply"]);
    assert_eq!(v["exit_code"], 2);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`WIKI_KEY` is missing"),
        "{v}"
    );
    assert!(
        v["error"]["help"]
            .as_str()
            .unwrap()
            .contains("export WIKI_KEY")
    );
}

#[test]
fn sync_from_a_built_tree_publishes_the_assets_its_build_wrote() {
    let wiki = Wiki::start();
    let p = Project::new(
        "guides: guides\nsource-locale: da\nbuild:\n  assets:\n    - {from: img/, to: /move-guide/}\nsync:\n  token-env: WIKI_KEY\n  retries: 1\n  timeout: 5\n",
    );
    let root = p.root();
    std::fs::create_dir_all(root.join("guides/da/img")).unwrap();
    std::fs::write(
        root.join("guides/da/flyt.md"),
        "---\ntitle: Flyt\n---\n\n# Flyt\n\n![Indstillinger](img/settings.png)\n",
    )
    .unwrap();
    std::fs::write(root.join("guides/da/img/settings.png"), b"\x89PNG built").unwrap();
    std::fs::remove_dir_all(root.join("out")).unwrap();
    let mut build = p.cmd(None);
    build.args(["build", "--out", "out"]);
    let (code, _, stderr) = output(&mut build);
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("out/move-guide/settings.png").exists());

    let url = wiki.url();
    let (code, stdout, stderr) = graphql_sync(&p, &url, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("upload     /move-guide/settings.png  from out/move-guide/settings.png"),
        "{stdout}"
    );
    let (code, stdout, stderr) = graphql_sync(&p, &url, &["--apply"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        wiki.assets()["/move-guide/settings.png"].content,
        b"\x89PNG built"
    );
    let (code, stdout, _) = graphql_sync(&p, &url, &[]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("unchanged  /move-guide/settings.png"),
        "{stdout}"
    );

    // A file changed in the tree after the build is not published as the build's.
    std::fs::write(root.join("out/move-guide/settings.png"), b"edited by hand").unwrap();
    let (code, stdout, stderr) = graphql_sync(&p, &url, &["--apply"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("settings.png") && stderr.contains("changed since the build wrote it"),
        "{stderr}"
    );
    assert_eq!(
        wiki.assets()["/move-guide/settings.png"].content,
        b"\x89PNG built"
    );
}

/// `sync --pull` on a MkDocs page that includes snippets (pymdownx.snippets): the wiki holds
/// the included text; a wiki edit of the page's own text comes back with the include line and
/// the appended abbreviations left as the guide has them, and an edit of included text is a
/// conflict around the include line.
#[test]
fn pull_keeps_snippet_includes_as_the_guide_writes_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "guide-lint.yml",
        "guides: guides\nsource-locale: en\nmkdocs: mkdocs.yml\nbuild:\n  always-namespace: true\nsync:\n  author: Guide Bot <bot@example.org>\n",
    );
    write(
        "mkdocs.yml",
        "site_name: S\ndocs_dir: guides/en\nmarkdown_extensions:\n  - pymdownx.snippets:\n      auto_append: [includes/abbr.md]\n",
    );
    write(
        "includes/terms.md",
        "Relay\n:   A server that forwards posts.\n",
    );
    write("includes/abbr.md", "*[CSV]: Comma-separated values\n");
    let guide = "---\ntitle: Terms\n---\n\n# Terms\n\nThe words this guide uses, and a CSV file.\n\n--8<-- \"includes/terms.md\"\n\nAsk on your server when a word is missing.\n";
    write("guides/en/terms.md", guide);
    std::fs::create_dir(root.join(".git")).unwrap();
    let repo = root.join("wiki");
    init_wiki_repo(&repo);
    let sync = |extra: &[&str]| {
        let mut c = Command::cargo_bin("guide-lint").unwrap();
        c.current_dir(root)
            .args(["sync", "--git", "wiki", "--progress", "none"])
            .args(extra);
        output(&mut c)
    };
    let (code, stdout, stderr) = sync(&["--apply"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let page = repo.join("en/terms.md");
    let pushed = std::fs::read_to_string(&page).unwrap();
    assert!(
        pushed.contains("Relay\n:   A server that forwards posts.\n")
            && pushed.contains("*[CSV]: Comma-separated values"),
        "{pushed}"
    );
    let wiki_commit = |text: &str| {
        std::fs::write(&page, text).unwrap();
        git(&repo, &["add", "en/terms.md"]);
        git(
            &repo,
            &[
                "commit",
                "-q",
                "-m",
                "docs: update terms",
                "--author",
                "Jane Editor <jane@example.org>",
            ],
        );
    };
    // The page's own text edited, and a paragraph added at the end (after the abbreviations).
    wiki_commit(&format!(
        "{}Or ask in the help channel.\n",
        pushed.replace("and a CSV file.", "and a CSV export.")
    ));
    let (code, stdout, stderr) = sync(&["--pull"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let merged = std::fs::read_to_string(root.join("guides/en/terms.md")).unwrap();
    assert!(merged.contains("and a CSV export.\n"), "{merged}");
    assert!(
        merged.contains("\n--8<-- \"includes/terms.md\"\n"),
        "{merged}"
    );
    assert!(merged.contains("Or ask in the help channel."), "{merged}");
    assert!(
        !merged.contains("Relay") && !merged.contains("*[CSV]"),
        "included text written into the guide:\n{merged}"
    );
    // Published, then the included text edited on the wiki: a conflict, the include kept.
    let (code, stdout, stderr) = sync(&["--apply"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let pushed = std::fs::read_to_string(&page).unwrap();
    wiki_commit(&pushed.replace("forwards posts.", "forwards posts between servers."));
    let (_, stdout, stderr) = sync(&["--pull"]);
    let merged = std::fs::read_to_string(root.join("guides/en/terms.md")).unwrap();
    assert!(
        merged.contains(
            "<<<<<<< guide\n--8<-- \"includes/terms.md\"\n=======\n:   A server that forwards posts between servers.\n>>>>>>> wiki en/terms"
        ) && merged.contains("(changes text a snippet includes"),
        "{merged}\n{stdout}{stderr}"
    );
}
