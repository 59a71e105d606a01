//! Shared by the sync tests (sync_git.rs, sync_graphql.rs, sync_cli.rs): a temporary folder of
//! guides with its state file, pages to publish, the run options, reading reports, and git.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use guide_lint::sync::page::page_file_text;
use guide_lint::sync::{Action, Outcome, PageFields, SyncOptions, SyncPage, SyncReport};

/// The page script every test page carries.
pub const SCRIPT: &str = "<script>window.boot.register('page-ready', () => {})</script>";
/// The `date` and `dateCreated` of every test page's file.
pub const DATE: &str = "2023-01-02T19:58:59.845Z";
pub const DATE_CREATED: &str = "2023-01-02T16:43:22.287Z";

/// A temporary folder holding `guides/` (the guide files and the state file) and whatever
/// else a test puts there (a wiki repository).
pub struct Workspace {
    pub tmp: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    pub fn guides(&self) -> PathBuf {
        self.root().join("guides")
    }

    pub fn state_path(&self) -> PathBuf {
        self.guides().join(".wiki-sync.yml")
    }

    /// A page to publish, built from `guides/<locale>/<path>.md` (written with `body`): title
    /// `Title of <path>`, description `About <path>`, tags `Mastodon, guide`, published, the
    /// page script [`SCRIPT`], and its file as Wiki.js's git storage writes it.
    pub fn page(&self, locale: &str, path: &str, body: &str) -> SyncPage {
        let source = self.guides().join(locale).join(format!("{path}.md"));
        std::fs::create_dir_all(source.parent().expect("parent")).expect("mkdir");
        std::fs::write(&source, body).expect("write guide");
        let title = format!("Title of {path}");
        let description = format!("About {path}");
        let tags: Vec<String> = vec!["Mastodon".into(), "guide".into()];
        let file_text = page_file_text(
            &PageFields {
                title: &title,
                description: &description,
                published: true,
                tags: tags.clone(),
                body,
                script_js: "",
            },
            DATE,
            DATE_CREATED,
        );
        SyncPage {
            locale: locale.into(),
            path: path.into(),
            title,
            description,
            tags,
            published: true,
            body: body.into(),
            file_text,
            script_js: Some(SCRIPT.into()),
            source,
        }
    }
}

pub fn plan() -> SyncOptions {
    SyncOptions::default()
}

pub fn apply() -> SyncOptions {
    SyncOptions {
        apply: true,
        ..Default::default()
    }
}

pub fn force() -> SyncOptions {
    SyncOptions {
        apply: true,
        force: true,
        ..Default::default()
    }
}

pub fn pull() -> SyncOptions {
    SyncOptions {
        pull: true,
        ..Default::default()
    }
}

/// Each page's planned action.
pub fn actions(r: &SyncReport) -> Vec<(String, Action)> {
    r.pages
        .iter()
        .map(|p| (p.planned.key.clone(), p.planned.action))
        .collect()
}

/// Each page's outcome.
pub fn outcomes(r: &SyncReport) -> Vec<(String, Option<Outcome>)> {
    r.pages
        .iter()
        .map(|p| (p.planned.key.clone(), p.outcome.clone()))
        .collect()
}

/// Runs git in `dir`; panics with its error when it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Makes `dir` a repository as Wiki.js's git storage keeps one: branch `main`, committing as
/// Wiki.js, unsigned.
pub fn init_wiki_repo(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Wiki.js"]);
    git(dir, &["config", "user.email", "wiki@example.org"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
}
