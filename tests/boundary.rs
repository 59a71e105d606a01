//! The repository is the boundary (docs/security.md): links leading out are reported and never
//! read, nothing is written through a link, output folders are compared with links resolved,
//! `--prune` deletes only what a build recorded, configured folders outside the repository need
//! `--allow-outside-repository`, and no printed line can start a CI workflow command.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;

const CONFIG: &str = "guides: guides
source-locale: en
target-locales: [da]
dialects:
  - path: \"en/**\"
    dialect: mkdocs
  - path: \"da/**\"
    dialect: wikijs
";

/// A page with one safe fix (GL102).
const FIXABLE: &str = "# Page\n\n<a identity=\"old\" path=\"settings\">x</a>\n";
const SECRET: &str = "# Secret\n\nSECRET-TOKEN-4711\n";

struct Repo {
    dir: tempfile::TempDir,
    /// A folder outside the repository, with `secret.md` and `bashrc`.
    outside: tempfile::TempDir,
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

impl Repo {
    fn new(config: &str) -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("guide-lint.yml"), config).expect("config");
        std::fs::write(outside.path().join("secret.md"), SECRET).expect("secret");
        std::fs::write(outside.path().join("bashrc"), "precious\n").expect("bashrc");
        let r = Repo { dir, outside };
        r.write("guides/en/good.md", "# Good\n\nText.\n");
        r
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    fn link(&self, target: impl AsRef<Path>, rel: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        symlink(target, p).expect("symlink");
    }

    fn secret(&self) -> PathBuf {
        self.outside.path().join("secret.md")
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_guide-lint"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("GUIDE_LINT_WIKI_TOKEN")
            .output()
            .expect("run guide-lint");
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Every file under `dir`, with its text.
fn texts(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        let m = std::fs::symlink_metadata(&p).expect("lstat");
        if m.is_dir() {
            out.extend(texts(&p));
        } else if m.is_file() {
            out.push((p.clone(), std::fs::read_to_string(&p).unwrap_or_default()));
        }
    }
    out
}

#[test]
fn symbolic_links_leading_out_are_reported_and_never_read() {
    let r = Repo::new(CONFIG);
    r.link(r.secret(), "guides/en/leak.md");
    r.link(r.secret(), "guides/en/logo.png");
    // A link inside the repository is fine.
    r.link("../en/good.md", "guides/da/good.md");
    let check = r.run(&["check", "--output-format", "concise"]);
    assert_eq!(check.code, Some(2), "{}", check.all());
    for name in ["leak.md", "logo.png"] {
        let line = check
            .all()
            .lines()
            .find(|l| l.contains(name))
            .map(str::to_string)
            .unwrap_or_default();
        assert!(
            line.contains("error: symbolic link to")
                && line.contains("secret.md")
                && line.contains("outside the repository: not read"),
            "{name}: {}",
            check.all()
        );
    }
    assert!(
        !check.all().contains("guides/da/good.md: error"),
        "{}",
        check.all()
    );

    // Every command goes through the same walk: nothing of the secret reaches the output.
    let build = r.run(&["build"]);
    assert_eq!(build.code, Some(2), "{}", build.all());
    assert!(
        build.stderr.contains("outside the repository"),
        "{}",
        build.all()
    );
    assert!(r.path("build/wiki/good.md").is_file(), "{}", build.all());
    for (p, text) in texts(&r.path("build")) {
        assert!(
            !text.contains("SECRET-TOKEN"),
            "{} holds the secret",
            p.display()
        );
    }
    for args in [&["status", "--format", "json"][..], &["check", "--fix"][..]] {
        let run = r.run(args);
        assert!(
            !run.all().contains("SECRET-TOKEN"),
            "{args:?}: {}",
            run.all()
        );
    }
    assert_eq!(std::fs::read_to_string(r.secret()).unwrap(), SECRET);
}

#[test]
fn fix_never_writes_through_a_link() {
    let r = Repo::new(CONFIG);
    // Inside the repository but outside the guides: the link is read, never written through.
    r.write("shared/page.md", FIXABLE);
    r.link("../../shared/page.md", "guides/en/linked.md");
    r.write("guides/en/plain.md", FIXABLE);
    let run = r.run(&["check", "--fix", "--output-format", "concise"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(
        run.all().lines().any(|l| l.contains("guides/en/linked.md")
            && l.contains("cannot write fixed file: is a symbolic link (to ../../shared/page.md)")),
        "{}",
        run.all()
    );
    assert_eq!(
        std::fs::read_to_string(r.path("shared/page.md")).unwrap(),
        FIXABLE
    );
    assert!(
        std::fs::symlink_metadata(r.path("guides/en/linked.md"))
            .unwrap()
            .is_symlink()
    );
    // The regular file next to it is fixed.
    assert!(
        std::fs::read_to_string(r.path("guides/en/plain.md"))
            .unwrap()
            .contains("path=\"/settings\"")
    );
    // The page left as it was is not counted as fixed, and keeps the findings of its text.
    assert!(
        run.stderr.contains("fixed 1 finding in 1 file"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("guides/en/linked.md") && l.contains("GL102")),
        "{}",
        run.all()
    );
    assert!(
        !run.stdout
            .lines()
            .any(|l| l.starts_with("guides/en/plain.md") && l.contains("GL102")),
        "{}",
        run.all()
    );
}

#[test]
fn build_never_writes_through_a_link() {
    let r = Repo::new(CONFIG);
    r.write("guides/da/side.md", "# Side\n\nTekst.\n");
    // Committed into the output folder by a pull request.
    r.link(r.outside.path().join("bashrc"), "build/wiki/good.md");
    r.link(r.outside.path(), "build/wiki/da");
    let run = r.run(&["build"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert_eq!(
        std::fs::read_to_string(r.outside.path().join("bashrc")).unwrap(),
        "precious\n"
    );
    let mut left: Vec<_> = std::fs::read_dir(r.outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["bashrc", "secret.md"],
        "nothing written into the linked folder"
    );
    // The link to a file was replaced by the page; the linked folder was refused.
    let m = std::fs::symlink_metadata(r.path("build/wiki/good.md")).unwrap();
    assert!(m.is_file());
    assert!(
        std::fs::read_to_string(r.path("build/wiki/good.md"))
            .unwrap()
            .contains("title: Good")
    );
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("build/wiki/da/side.md")
                && l.contains("is a symbolic link")
                && l.contains("not written through")),
        "{}",
        run.all()
    );
    // `build --check` never reads through the link either: the page is just out of date.
    let check = r.run(&["build", "--check"]);
    assert!(!check.all().contains("precious"), "{}", check.all());
}

#[test]
fn output_folders_are_compared_with_links_resolved() {
    let r = Repo::new(CONFIG);
    r.link("guides", "out-link");
    r.link("guides/en", "scripts-link");
    let before = texts(&r.path("guides"));
    for args in [
        &["build", "--out", "out-link", "--prune"][..],
        &["build", "--out", "out-link/new"][..],
        &["build", "--scripts", "scripts-link"][..],
    ] {
        let run = r.run(args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.all());
        assert!(
            run.stderr.contains("overlaps the guides folder"),
            "{args:?}: {}",
            run.all()
        );
    }
    assert_eq!(texts(&r.path("guides")), before);
}

#[test]
fn prune_deletes_only_files_a_build_recorded_as_written() {
    let r = Repo::new(CONFIG);
    r.write("guides/en/old.md", "# Old\n\nGone soon.\n");
    r.write("guides/en/edited.md", "# Edited\n\nText.\n");
    assert_eq!(r.run(&["build"]).code, Some(0));
    let manifest_path = r.path("build/wiki.manifest.json");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    let pages = manifest["pages"].as_object().unwrap();
    assert_eq!(
        pages.keys().map(String::as_str).collect::<Vec<_>>(),
        ["edited.md", "good.md", "old.md"]
    );
    // A hostile manifest: entries leading out of the output folder, and the wiki's own files.
    let mut tampered = manifest.clone();
    let hash = pages["old.md"].clone();
    for rel in [
        "../../guides/en/good.md",
        "/etc/passwd",
        "README.md",
        ".git/config.md",
    ] {
        tampered["pages"][rel] = hash.clone();
    }
    std::fs::write(&manifest_path, tampered.to_string()).unwrap();
    r.write("build/wiki/README.md", "the wiki's own\n");
    // Sources removed; one output edited by hand since the build wrote it.
    std::fs::remove_file(r.path("guides/en/old.md")).unwrap();
    std::fs::remove_file(r.path("guides/en/edited.md")).unwrap();
    std::fs::write(r.path("build/wiki/edited.md"), "changed by hand\n").unwrap();

    let run = r.run(&["build", "--prune"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert_eq!(run.stdout.matches("deleted ").count(), 1, "{}", run.all());
    assert!(!r.path("build/wiki/old.md").exists());
    for kept in [
        "build/wiki/edited.md",
        "build/wiki/README.md",
        "guides/en/good.md",
    ] {
        assert!(r.path(kept).is_file(), "{kept}");
    }
    // Without a manifest nothing is a leftover.
    std::fs::remove_file(&manifest_path).unwrap();
    r.write("build/wiki/stray.md", "x\n");
    let run = r.run(&["build", "--prune"]);
    assert_eq!(run.stdout.matches("deleted ").count(), 0, "{}", run.all());
    assert!(r.path("build/wiki/stray.md").is_file());
}

#[test]
fn configured_folders_outside_the_repository_need_a_flag() {
    for (config, key) in [
        ("guides: /\n", "guides"),
        ("guides: ..\n", "guides"),
        ("build:\n  out: ../elsewhere\n", "build.out"),
        ("assets: /etc\n", "assets"),
        ("sync:\n  state: ../state.yml\n", "sync.state"),
    ] {
        let r = Repo::new(config);
        let run = r.run(&["check"]);
        assert_eq!(run.code, Some(2), "{config}: {}", run.all());
        assert!(
            run.stderr.contains(&format!("`{key}` in guide-lint.yml"))
                && run.stderr.contains("outside the repository")
                && run.stderr.contains("--allow-outside-repository"),
            "{config}: {}",
            run.stderr
        );
    }
    // A link counts where it leads.
    let r = Repo::new("guides: docs\n");
    r.link(r.outside.path(), "docs");
    let run = r.run(&["check"]);
    assert!(
        run.stderr.contains("outside the repository"),
        "{}",
        run.all()
    );

    // With the flag, a guides folder beside the repository is read.
    let parent = tempfile::tempdir().unwrap();
    let repo = parent.path().join("repo");
    std::fs::create_dir_all(parent.path().join("shared/en")).unwrap();
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(parent.path().join("shared/en/page.md"), FIXABLE).unwrap();
    std::fs::write(repo.join("guide-lint.yml"), "guides: ../shared\n").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_guide-lint"))
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap()
    };
    assert_eq!(run(&["check"]).status.code(), Some(2));
    let allowed = run(&[
        "check",
        "--allow-outside-repository",
        "--output-format",
        "concise",
    ]);
    let stdout = String::from_utf8_lossy(&allowed.stdout);
    assert_eq!(allowed.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("page.md:3:"), "{stdout}");

    // A git work tree is the repository: the configuration may sit in a sub-folder.
    let r = Repo::new(CONFIG);
    std::fs::create_dir(r.path(".git")).unwrap();
    r.write(
        "tools/lint.yml",
        &CONFIG.replace("guides: guides", "guides: ../guides"),
    );
    let run = r.run(&["check", "--config", "tools/lint.yml"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
}

/// No line of human-facing output may start a workflow command, and no control character is
/// printed raw; the github format keeps its own escaping.
#[test]
fn hostile_names_and_messages_cannot_inject_workflow_commands() {
    let r = Repo::new(CONFIG);
    let page =
        "# T\n\n<a identity=\"x\u{1b}[2J\n::error file=y,line=1::pwned\" path=\"/x\">a</a>\n";
    r.write("guides/en/x\n::error file=x,line=1::boom.md", page);
    r.write("guides/en/e\u{1b}[31mred\r::warning::w.md", page);
    r.write("guides/en/quiet ##[error]old.md", page);
    let check_lines = |what: &str, text: &str| {
        assert!(!text.contains('\u{1b}'), "{what}: raw ESC in {text:?}");
        assert!(!text.contains("##["), "{what}: {text:?}");
        for line in text.split(['\n', '\r']) {
            assert!(
                !line.trim_start().starts_with("::"),
                "{what}: line {line:?} in {text:?}"
            );
        }
    };
    for args in [
        &["check", "--output-format", "human", "--color", "never"][..],
        &["check", "--output-format", "concise"][..],
        &["check", "--diff"][..],
        &["build"][..],
        &["build", "--check"][..],
        &["status"][..],
    ] {
        let run = r.run(args);
        check_lines(&format!("{args:?} stdout"), &run.stdout);
        check_lines(&format!("{args:?} stderr"), &run.stderr);
    }
    let concise = r.run(&["check", "--output-format", "concise"]);
    assert!(
        concise
            .stdout
            .contains("\"guides/en/x\\n::error file=x,line=1::boom.md\":3:"),
        "{}",
        concise.stdout
    );
    // The message quoting the page stays on its line, the page's ESC escaped.
    assert!(
        concise
            .stdout
            .lines()
            .any(|l| l.contains("unknown identity `x\\u{1b}[2J") && l.contains("pwned`")),
        "{}",
        concise.stdout
    );
    // github: one command per finding, the file name escaped as the runner requires.
    let github = r.run(&["check", "--output-format", "github"]);
    let commands: Vec<&str> = github.stdout.lines().collect();
    assert!(
        commands
            .iter()
            .all(|l| ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|c| l.starts_with(c))),
        "{}",
        github.stdout
    );
    assert!(
        github
            .stdout
            .contains("file=guides/en/x%0A%3A%3Aerror file=x%2Cline=1%3A%3Aboom.md"),
        "{}",
        github.stdout
    );
}

#[test]
fn special_files_in_the_tree_are_reported_and_never_opened() {
    let r = Repo::new(CONFIG);
    std::fs::create_dir_all(r.path("guides/da")).unwrap();
    let made = Command::new("mkfifo")
        .arg(r.path("guides/da/pipe.md"))
        .status();
    assert!(
        made.is_ok_and(|s| s.success()),
        "mkfifo (coreutils) is needed"
    );
    let sock = std::os::unix::net::UnixListener::bind(r.path("guides/da/sock.md"));
    // Each command would block forever if it opened the FIFO.
    for args in [
        &["check"][..],
        &["build"][..],
        &["status"][..],
        &["check", "--fix"][..],
    ] {
        let run = r.run(args);
        // `status` lists unreadable pages in its table and still exits 0.
        let code = if args == ["status"] { 0 } else { 2 };
        assert_eq!(run.code, Some(code), "{args:?}: {}", run.all());
        let reported = |name: &str, what: &str| {
            run.all()
                .lines()
                .any(|l| l.contains(name) && l.contains(&format!("skipped: {what}")))
        };
        assert!(
            reported("guides/da/pipe.md", "a named pipe (FIFO)"),
            "{args:?}: {}",
            run.all()
        );
        if sock.is_ok() {
            assert!(reported("guides/da/sock.md", "a socket"), "{}", run.all());
        }
    }
}

/// A configuration file committed as a link leading out of the repository (`guide-lint.yml`,
/// a `mkdocs.yml` of the site or of a project below, the translations lock) is reported and
/// never read: a file it leads to would otherwise be parsed, and a line of it shown in the
/// error's excerpt, in a CI log anyone may read.
#[test]
fn configuration_files_leading_out_are_never_read() {
    // Told, and nothing of the file shown.
    let refused = |run: &Run| {
        assert!(!run.all().contains("SECRET-TOKEN-4711"), "{}", run.all());
        assert!(
            run.all().contains("outside the repository"),
            "{}",
            run.all()
        );
    };
    let leak = |r: &Repo| {
        let p = r.outside.path().join("leak.yml");
        std::fs::write(
            &p,
            "site_name: SECRET-TOKEN-4711: [\nguides: [SECRET-TOKEN-4711\n",
        )
        .expect("leak");
        p
    };
    // A project below the checked folder.
    let r = Repo::new(CONFIG);
    r.write("site/docs/index.md", "# Site\n");
    symlink(leak(&r), r.path("site/mkdocs.yml")).expect("link");
    let run = r.run(&["check", "--no-cache", "."]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    assert!(!run.all().contains("SECRET-TOKEN-4711"), "{}", run.all());
    assert!(
        run.all().contains("site/mkdocs.yml")
            && run.all().contains("outside the repository")
            && run.all().contains("not read"),
        "{}",
        run.all()
    );
    // The run's own configuration, and a MkDocs project found from inside it.
    let r = Repo::new(CONFIG);
    std::fs::remove_file(r.path("guide-lint.yml")).expect("remove");
    symlink(leak(&r), r.path("guide-lint.yml")).expect("link");
    let run = r.run(&["check", "--no-cache"]);
    assert_eq!(run.code, Some(2), "{}", run.all());
    refused(&run);
    std::fs::remove_file(r.path("guide-lint.yml")).expect("remove");
    symlink(leak(&r), r.path("mkdocs.yml")).expect("link");
    let run = r.run(&["check", "--no-cache"]);
    refused(&run);
    // The translations lock.
    let r = Repo::new(CONFIG);
    r.write("guides/da/good.md", "# God\n\nTekst.\n");
    symlink(leak(&r), r.path("guides/translations.lock")).expect("link");
    let run = r.run(&["check", "--no-cache"]);
    refused(&run);
}
