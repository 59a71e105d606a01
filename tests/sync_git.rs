//! `sync --git`: real git repositories in temporary folders, laid out as Wiki.js's git storage
//! keeps them, including edits made on the wiki's side and committed as Wiki.js does.

mod sync_support;

use std::path::PathBuf;

use guide_lint::sync::{
    self, Action, NoProgress, Outcome, PullOutcome, State, SyncOptions, SyncPage, SyncReport,
    WikiLayout,
};
use sync_support::{Workspace, apply, force, git, init_wiki_repo, pull};

struct Repo {
    ws: Workspace,
}

impl Repo {
    /// A wiki repository with one commit holding a file that is not a guide page.
    fn new() -> Repo {
        let repo = Repo {
            ws: Workspace::new(),
        };
        init_wiki_repo(&repo.dir());
        std::fs::write(repo.dir().join("README.md"), "The wiki's own readme.\n").unwrap();
        std::fs::create_dir_all(repo.dir().join("img")).unwrap();
        std::fs::write(repo.dir().join("img/logo.png"), b"\x89PNG").unwrap();
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "initial"]);
        repo
    }

    fn dir(&self) -> PathBuf {
        self.ws.root().join("wiki")
    }

    fn guides(&self) -> PathBuf {
        self.ws.guides()
    }

    fn state_path(&self) -> PathBuf {
        self.ws.state_path()
    }

    fn git(&self, args: &[&str]) -> String {
        git(&self.dir(), args)
    }

    fn commits(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .unwrap()
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir().join(rel)).unwrap()
    }

    fn page(&self, locale: &str, path: &str, body: &str) -> SyncPage {
        self.ws.page(locale, path, body)
    }

    fn target(&self, always_namespace: bool) -> sync::git::GitTarget {
        sync::git::GitTarget::open(
            &self.dir(),
            WikiLayout {
                primary_locale: "en".into(),
                always_namespace,
            },
            Some("Guide Bot <bot@example.org>".into()),
        )
        .unwrap()
    }

    fn run(&self, pages: &[SyncPage], options: SyncOptions) -> SyncReport {
        let mut state = State::load(&self.state_path(), "git wiki").unwrap();
        sync::git::run(
            &self.target(false),
            pages,
            &mut state,
            &options,
            &mut NoProgress,
        )
        .unwrap()
    }

    /// An edit made in the wiki's editor: Wiki.js rewrites the whole file (new `date`) and
    /// commits it as the editing user.
    fn wiki_edit(&self, rel: &str, new_body: &str) {
        let text = self.read(rel);
        let text = text.replace(
            "date: 2023-01-02T19:58:59.845Z",
            "date: 2024-05-06T07:08:09.010Z",
        );
        let (head, _) = text.split_once("\n---\n\n").unwrap();
        std::fs::write(self.dir().join(rel), format!("{head}\n---\n\n{new_body}")).unwrap();
        self.git(&["add", rel]);
        self.git(&[
            "commit",
            "-q",
            "-m",
            &format!("docs: update {}", rel.trim_end_matches(".md")),
            "--author",
            "Jane Editor <jane@example.org>",
        ]);
    }
}

fn pages(repo: &Repo) -> Vec<SyncPage> {
    vec![
        repo.page("da", "move", "# Flyt\n\nTekst.\n"),
        repo.page("da", "sub/page", "# Under\n"),
        repo.page("en", "move", "# Move\n\nText.\n"),
    ]
}

fn log(repo: &Repo) -> Vec<String> {
    repo.git(&["log", "--format=%s|%an <%ae>", "--reverse"])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn first_sync_writes_the_wikijs_layout_and_commits_each_page_as_wikijs_does() {
    let repo = Repo::new();
    let pages = pages(&repo);
    // Someone's unrelated work in the checkout must stay as it is.
    std::fs::write(repo.dir().join("notes.txt"), "staged, not mine\n").unwrap();
    repo.git(&["add", "notes.txt"]);
    std::fs::write(repo.dir().join("scratch.txt"), "untracked\n").unwrap();

    let r = repo.run(&pages, SyncOptions::default());
    assert!(r.pages.iter().all(|p| p.planned.action == Action::Create));
    assert_eq!(repo.commits(), 1);
    assert!(!repo.dir().join("move.md").exists());
    assert!(!repo.state_path().exists());

    let r = repo.run(&pages, apply());
    assert!(r.pages.iter().all(|p| p.outcome == Some(Outcome::Created)));
    assert_eq!(r.exit_code(), 0);
    assert!(
        r.notes[0].contains("cannot carry page scripts"),
        "{:?}",
        r.notes
    );
    assert_eq!(repo.read("da/move.md"), pages[0].file_text);
    assert_eq!(repo.read("da/sub/page.md"), pages[1].file_text);
    assert_eq!(
        repo.read("move.md"),
        pages[2].file_text,
        "primary locale at the root"
    );
    assert!(!repo.dir().join("en").exists());
    assert_eq!(
        log(&repo),
        vec![
            "initial|Wiki.js <wiki@example.org>",
            "docs: create move|Guide Bot <bot@example.org>",
            "docs: create sub/page|Guide Bot <bot@example.org>",
            "docs: create move|Guide Bot <bot@example.org>",
        ]
    );
    // Each commit holds its page's file only.
    let files = repo.git(&["show", "--name-only", "--format=", "HEAD~2"]);
    assert_eq!(files.trim(), "da/move.md");
    // Nothing else was touched.
    assert_eq!(repo.read("README.md"), "The wiki's own readme.\n");
    let status = repo.git(&["status", "--porcelain"]);
    assert_eq!(status, "A  notes.txt\n?? scratch.txt\n");
    let state = std::fs::read_to_string(repo.state_path()).unwrap();
    assert!(state.contains("file: da/sub/page.md"), "{state}");
    assert!(state.contains("commit: "), "{state}");
}

#[test]
fn a_second_sync_commits_nothing_and_an_update_commits_one_page() {
    let repo = Repo::new();
    let mut pages = pages(&repo);
    repo.run(&pages, apply());
    let n = repo.commits();
    let r = repo.run(&pages, apply());
    assert!(
        r.pages
            .iter()
            .all(|p| p.outcome == Some(Outcome::Unchanged))
    );
    assert_eq!(repo.commits(), n);

    pages[0] = repo.page("da", "move", "# Flyt\n\nNy tekst.\nMere.\n");
    let r = repo.run(&pages, SyncOptions::default());
    assert_eq!(r.pages[0].planned.action, Action::Update);
    let d = r.pages[0].planned.diff.clone().unwrap();
    assert_eq!((d.added, d.removed), (2, 1));
    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    assert_eq!(repo.commits(), n + 1);
    assert_eq!(
        log(&repo).last().unwrap(),
        "docs: update move|Guide Bot <bot@example.org>"
    );
    assert_eq!(repo.read("da/move.md"), pages[0].file_text);
}

#[test]
fn a_wiki_side_commit_is_a_conflict_kept_unless_forced_and_pull_saves_it() {
    let repo = Repo::new();
    let mut pages = pages(&repo);
    repo.run(&pages, apply());
    repo.wiki_edit("da/move.md", "# Flyt\n\nRettet på wikien.\n");
    let wiki_version = repo.read("da/move.md");
    let n = repo.commits();
    pages[0] = repo.page("da", "move", "# Flyt\n\nTekst.\nOg mere fra guiden.\n");

    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));
    let reason = r.pages[0].planned.reason.clone().unwrap();
    assert!(reason.contains("edited on the wiki"), "{reason}");
    assert!(reason.contains("Jane Editor"), "{reason}");
    assert_eq!(repo.read("da/move.md"), wiki_version);
    assert_eq!(repo.commits(), n);
    assert_eq!(r.exit_code(), 1);
    // The other pages went on.
    assert_eq!(r.pages[2].outcome, Some(Outcome::Unchanged));

    // Both sides changed the same line: merged into the guide with conflict markers.
    let r = repo.run(&pages, pull());
    let pulled = r.pages[0].pulled.clone().unwrap().unwrap();
    assert_eq!(pulled.path, pages[0].source);
    assert_eq!(
        pulled.outcome,
        PullOutcome::Conflict {
            blocks: 0,
            conflicts: 1
        }
    );
    let guide = std::fs::read_to_string(&pages[0].source).unwrap();
    assert!(
        guide.starts_with(
            "# Flyt\n\n<<<<<<< guide\nTekst.\nOg mere fra guiden.\n=======\nRettet på wikien.\n>>>>>>> wiki da/move\n"
        ),
        "{guide}"
    );
    assert!(!repo.guides().join("da/move.remote.md").exists());
    assert_eq!(repo.read("da/move.md"), wiki_version);
    assert_eq!(repo.commits(), n);

    // The guide holds conflict markers now: not even --force publishes it.
    let r = repo.run(&pages, force());
    let Some(Outcome::Failed(why)) = &r.pages[0].outcome else {
        panic!("{:?}", r.pages[0].outcome)
    };
    assert!(why.contains("da/move.md:3 has conflict markers"), "{why}");
    assert_eq!(repo.read("da/move.md"), wiki_version);
    assert_eq!(repo.commits(), n);
    // Resolved by keeping the guide's lines: --force overwrites the wiki's edit.
    std::fs::write(
        &pages[0].source,
        guide.replace(
            "<<<<<<< guide\nTekst.\nOg mere fra guiden.\n=======\nRettet på wikien.\n>>>>>>> wiki da/move\n",
            "Tekst.\nOg mere fra guiden.\n",
        ),
    )
    .unwrap();
    let r = repo.run(&pages, force());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    assert_eq!(repo.read("da/move.md"), pages[0].file_text);
    assert_eq!(
        log(&repo).last().unwrap(),
        "docs: update move|Guide Bot <bot@example.org>"
    );
}

#[test]
fn merging_the_pulled_version_resolves_the_conflict_without_force() {
    let repo = Repo::new();
    let mut pages = pages(&repo);
    repo.run(&pages, apply());
    repo.wiki_edit("da/move.md", "# Flyt\n\nRettet på wikien.\n");
    let original = std::fs::read_to_string(&pages[0].source).unwrap();
    let r = repo.run(&pages, pull());
    assert_eq!(
        r.pages[0].pulled.clone().unwrap().unwrap().outcome,
        PullOutcome::Merged { blocks: 1 }
    );
    assert_eq!(
        std::fs::read_to_string(&pages[0].source).unwrap(),
        "# Flyt\n\nRettet på wikien.\n"
    );
    // Throwing the merge away does not make it merged.
    std::fs::write(&pages[0].source, &original).unwrap();
    assert_eq!(
        repo.run(&pages, SyncOptions::default()).pages[0]
            .planned
            .action,
        Action::Conflict,
    );
    // The guide holding the wiki's version does.
    pages[0] = repo.page("da", "move", "# Flyt\n\nRettet på wikien.\nFlettet.\n");
    let r = repo.run(&pages, SyncOptions::default());
    assert_eq!(r.pages[0].planned.action, Action::Update);
    assert!(
        r.pages[0]
            .planned
            .reason
            .as_deref()
            .unwrap()
            .contains("holds the wiki's version"),
        "{:?}",
        r.pages[0].planned.reason
    );
    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    assert_eq!(repo.read("da/move.md"), pages[0].file_text);
}

#[test]
fn a_wiki_side_commit_that_only_moved_the_date_is_not_a_conflict() {
    let repo = Repo::new();
    let pages = pages(&repo);
    repo.run(&pages, apply());
    repo.wiki_edit("da/move.md", "# Flyt\n\nTekst.\n");
    let n = repo.commits();
    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Unchanged));
    assert_eq!(repo.commits(), n);
}

#[test]
fn files_the_sync_did_not_write_are_adopted_when_equal_and_conflicts_otherwise() {
    let repo = Repo::new();
    let pages = pages(&repo);
    std::fs::create_dir_all(repo.dir().join("da")).unwrap();
    std::fs::write(repo.dir().join("da/move.md"), &pages[0].file_text).unwrap();
    std::fs::write(
        repo.dir().join("move.md"),
        "---\ntitle: Mine\n---\n\nWritten on the wiki.\n",
    )
    .unwrap();
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "docs: create move"]);
    let n = repo.commits();
    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Unchanged));
    assert_eq!(r.pages[2].outcome, Some(Outcome::Skipped));
    let reason = r.pages[2].planned.reason.clone().unwrap();
    assert!(reason.contains("not written by this sync"), "{reason}");
    assert_eq!(
        repo.read("move.md"),
        "---\ntitle: Mine\n---\n\nWritten on the wiki.\n"
    );
    assert_eq!(repo.commits(), n + 1, "only da/sub/page was created");
}

#[test]
fn a_page_deleted_on_the_wiki_is_a_conflict() {
    let repo = Repo::new();
    let pages = pages(&repo);
    repo.run(&pages, apply());
    repo.git(&["rm", "-q", "da/move.md"]);
    repo.git(&["commit", "-q", "-m", "docs: delete move"]);
    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));
    assert!(!repo.dir().join("da/move.md").exists());
    let r = repo.run(&pages, force());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Created));
    assert_eq!(
        log(&repo).last().unwrap(),
        "docs: create move|Guide Bot <bot@example.org>"
    );
}

#[test]
fn uncommitted_changes_in_the_checkout_are_a_conflict() {
    let repo = Repo::new();
    let mut pages = pages(&repo);
    repo.run(&pages, apply());
    std::fs::write(repo.dir().join("da/move.md"), "hand edit\n").unwrap();
    pages[0] = repo.page("da", "move", "# Flyt\n\nNyt.\n");
    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));
    assert!(
        r.pages[0]
            .planned
            .reason
            .as_deref()
            .unwrap()
            .contains("not committed")
    );
    assert_eq!(repo.read("da/move.md"), "hand edit\n");
}

#[test]
fn a_page_kept_as_html_by_the_wiki_is_a_conflict() {
    let repo = Repo::new();
    let pages = pages(&repo);
    std::fs::create_dir_all(repo.dir().join("da")).unwrap();
    std::fs::write(
        repo.dir().join("da/move.html"),
        "<!--\ntitle: x\n-->\n\n<p>x</p>\n",
    )
    .unwrap();
    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));
    assert!(!repo.dir().join("da/move.md").exists());
}

#[test]
fn always_namespace_puts_the_primary_locale_under_its_folder() {
    let repo = Repo::new();
    let pages = pages(&repo);
    let mut state = State::load(&repo.state_path(), "git wiki").unwrap();
    sync::git::run(
        &repo.target(true),
        &pages,
        &mut state,
        &apply(),
        &mut NoProgress,
    )
    .unwrap();
    assert_eq!(repo.read("en/move.md"), pages[2].file_text);
    assert!(!repo.dir().join("move.md").exists());
}

#[test]
fn a_failing_commit_leaves_the_checkout_as_it_was() {
    let repo = Repo::new();
    let mut pages = pages(&repo);
    repo.run(&pages, apply());
    let before = repo.read("da/move.md");
    let hook = repo.dir().join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\necho 'no commits today' >&2\nexit 1\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    pages[0] = repo.page("da", "move", "# Flyt\n\nÆndret.\n");
    pages.push(repo.page("da", "new", "# Ny\n"));
    let r = repo.run(&pages, apply());
    match &r.pages[0].outcome {
        Some(Outcome::Failed(why)) => assert!(why.contains("no commits today"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(repo.read("da/move.md"), before);
    assert!(!repo.dir().join("da/new.md").exists());
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert_eq!(r.exit_code(), 1);
}

#[test]
fn the_checkout_must_be_a_repository_top_and_the_state_outside_it() {
    let repo = Repo::new();
    let layout = || WikiLayout {
        primary_locale: "en".into(),
        always_namespace: false,
    };
    let e = sync::git::GitTarget::open(&repo.guides(), layout(), None);
    assert!(e.is_err());
    std::fs::create_dir_all(repo.dir().join("da")).unwrap();
    let e = sync::git::GitTarget::open(&repo.dir().join("da"), layout(), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("top folder"), "{e}");
    let e = sync::git::GitTarget::open(&repo.dir(), layout(), Some("nobody".into()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("Name <email"), "{e}");

    let pages = pages(&repo);
    let mut state = State::load(&repo.dir().join("state.yml"), "git wiki").unwrap();
    let e = sync::git::run(
        &repo.target(false),
        &pages,
        &mut state,
        &apply(),
        &mut NoProgress,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("inside the wiki's repository"), "{e}");
}

#[test]
fn a_page_written_but_not_committed_by_a_stopped_run_is_committed_next_time() {
    let repo = Repo::new();
    let pages = pages(&repo);
    std::fs::create_dir_all(repo.dir().join("da")).unwrap();
    std::fs::write(repo.dir().join("da/move.md"), &pages[0].file_text).unwrap();
    let r = repo.run(&pages, SyncOptions::default());
    assert_eq!(r.pages[0].planned.action, Action::Update);
    assert!(
        r.pages[0]
            .planned
            .reason
            .as_deref()
            .unwrap()
            .contains("not committed")
    );
    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Created));
    assert_eq!(
        log(&repo)[1],
        "docs: create move|Guide Bot <bot@example.org>"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn a_layout_change_does_not_leave_two_files_for_one_page() {
    let repo = Repo::new();
    let pages = pages(&repo);
    repo.run(&pages, apply());
    let mut state = State::load(&repo.state_path(), "git wiki").unwrap();
    let r = sync::git::run(
        &repo.target(true),
        &pages,
        &mut state,
        &apply(),
        &mut NoProgress,
    )
    .unwrap();
    assert_eq!(r.pages[2].outcome, Some(Outcome::Skipped));
    let reason = r.pages[2].planned.reason.clone().unwrap();
    assert!(reason.contains("git mv move.md en/move.md"), "{reason}");
    assert!(!repo.dir().join("en/move.md").exists());
}

#[test]
fn an_unpublished_page_carries_is_published_false_for_the_wikijs_import() {
    let repo = Repo::new();
    let mut pages = pages(&repo);
    let header = guide_lint::build::header::Header {
        title: "Kladde".into(),
        description: String::new(),
        published: false,
        date: "2023-01-02T19:58:59.845Z".into(),
        tags: vec![],
        editor: "markdown".into(),
        date_created: "2023-01-02T16:43:22.287Z".into(),
    };
    let draft = &mut pages[1];
    draft.title = "Kladde".into();
    draft.description = String::new();
    draft.tags = vec![];
    draft.published = false;
    draft.file_text = format!("{}\n{}", header.render(), draft.body);
    let r = repo.run(&pages, apply());
    assert!(r.pages.iter().all(|p| p.outcome == Some(Outcome::Created)));
    let text = repo.read("da/sub/page.md");
    assert!(
        text.contains("\npublished: false\nisPublished: false\ndate: "),
        "{text}"
    );
    // Published pages keep Wiki.js's header exactly.
    assert!(!repo.read("da/move.md").contains("isPublished"));
    let file = sync::page::read_page_file(&text, "sub/page");
    assert_eq!(file.is_published, Some(false));

    // Wiki.js rewrites the file (a save on the wiki) with only the `published` it writes,
    // which its own import ignores: the sync puts the flag back.
    let rewritten = text.replace("isPublished: false\n", "");
    std::fs::write(repo.dir().join("da/sub/page.md"), &rewritten).unwrap();
    repo.git(&["commit", "-qam", "docs: update sub/page"]);
    let r = repo.run(&pages, SyncOptions::default());
    assert_eq!(r.pages[1].planned.action, Action::Update);
    assert!(
        r.pages[1]
            .planned
            .reason
            .as_deref()
            .unwrap()
            .contains("lacks `isPublished: false`"),
        "{:?}",
        r.pages[1].planned.reason
    );
    let r = repo.run(&pages, apply());
    assert_eq!(r.pages[1].outcome, Some(Outcome::Updated));
    assert_eq!(repo.read("da/sub/page.md"), text);
    let r = repo.run(&pages, apply());
    assert!(
        r.pages
            .iter()
            .all(|p| p.outcome == Some(Outcome::Unchanged))
    );
}

/// A link committed into the wiki's repository is never read or written through: the page
/// file that is a link, and a linked folder on the way to one.
#[cfg(unix)]
#[test]
fn links_in_the_checkout_are_never_read_or_written_through() {
    let repo = Repo::new();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("bashrc");
    std::fs::write(&victim, "precious\n").unwrap();
    std::fs::create_dir_all(repo.dir().join("da")).unwrap();
    std::os::unix::fs::symlink(&victim, repo.dir().join("da/move.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.dir().join("da/sub")).unwrap();
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "links"]);
    for page in pages(&repo).into_iter().take(2) {
        let mut state = State::load(&repo.state_path(), "git wiki").unwrap();
        let result = sync::git::run(
            &repo.target(false),
            std::slice::from_ref(&page),
            &mut state,
            &force(),
            &mut NoProgress,
        );
        let text = match &result {
            Ok(r) => format!("{r:?}"),
            Err(e) => e.to_string(),
        };
        assert!(text.contains("symbolic link"), "{}: {text}", page.path);
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    let names: Vec<_> = std::fs::read_dir(outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "nothing written into the linked folder: {names:?}"
    );
    assert!(
        std::fs::symlink_metadata(repo.dir().join("da/move.md"))
            .unwrap()
            .is_symlink()
    );
}

/// `repo`'s checkout with an upstream (a bare repository it was pushed to), and a second
/// clone of it standing for the wiki's side, which commits and pushes edits.
fn with_upstream(repo: &Repo) -> PathBuf {
    let upstream = repo.ws.root().join("upstream.git");
    git(
        repo.ws.root(),
        &["init", "-q", "--bare", "-b", "main", "upstream.git"],
    );
    repo.git(&["remote", "add", "origin", upstream.to_str().unwrap()]);
    repo.git(&["push", "-q", "-u", "origin", "main"]);
    upstream
}

fn wiki_side_clone(repo: &Repo, upstream: &std::path::Path) -> PathBuf {
    let side = repo.ws.root().join("wiki-side");
    git(
        repo.ws.root(),
        &["clone", "-q", upstream.to_str().unwrap(), "wiki-side"],
    );
    git(&side, &["config", "user.name", "Wiki.js"]);
    git(&side, &["config", "user.email", "wiki@example.org"]);
    git(&side, &["config", "commit.gpgsign", "false"]);
    side
}

fn try_run(repo: &Repo, pages: &[SyncPage], options: SyncOptions) -> Result<SyncReport, String> {
    let mut state = State::load(&repo.state_path(), "git wiki").unwrap();
    sync::git::run(
        &repo.target(false),
        pages,
        &mut state,
        &options,
        &mut NoProgress,
    )
    .map_err(|e| e.to_string())
}

#[test]
fn a_checkout_behind_its_upstream_is_refused_unless_pull_updates_it() {
    let repo = Repo::new();
    let upstream = with_upstream(&repo);
    let pages = pages(&repo);
    repo.run(&pages, apply());
    repo.git(&["push", "-q"]);
    let side = wiki_side_clone(&repo, &upstream);

    // The wiki commits an edit; the checkout has not fetched it.
    let text = std::fs::read_to_string(side.join("da/move.md")).unwrap();
    std::fs::write(side.join("da/move.md"), text.replace("Tekst.", "Rettet.")).unwrap();
    git(&side, &["commit", "-q", "-am", "docs: update da/move"]);
    git(&side, &["push", "-q"]);
    let head = repo.git(&["rev-parse", "HEAD"]);

    for options in [SyncOptions::default(), apply()] {
        let e = try_run(&repo, &pages, options).unwrap_err();
        assert!(e.contains("1 commit behind origin/main"), "{e}");
        assert!(e.contains("pull --rebase") && e.contains("--pull"), "{e}");
        assert_eq!(repo.git(&["rev-parse", "HEAD"]), head, "nothing committed");
    }

    // --pull brings the checkout up to date, then sees the wiki's edit as a conflict.
    let r = try_run(&repo, &pages, pull()).unwrap();
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("up to date with origin/main")),
        "{:?}",
        r.notes
    );
    assert_eq!(
        repo.git(&["rev-parse", "HEAD"]),
        repo.git(&["rev-parse", "origin/main"])
    );
    assert_eq!(r.pages[0].planned.action, Action::Conflict);
    assert!(repo.read("da/move.md").contains("Rettet."));
    // ...and merges it into the guide.
    assert_eq!(
        std::fs::read_to_string(&pages[0].source).unwrap(),
        "# Flyt\n\nRettet.\n"
    );
}

#[test]
fn a_wiki_commit_that_only_moved_the_date_makes_no_commit_after_pull() {
    let repo = Repo::new();
    let upstream = with_upstream(&repo);
    let pages = pages(&repo);
    repo.run(&pages, apply());
    repo.git(&["push", "-q"]);
    let side = wiki_side_clone(&repo, &upstream);
    let text = std::fs::read_to_string(side.join("move.md")).unwrap();
    std::fs::write(
        side.join("move.md"),
        text.replace(
            "date: 2023-01-02T19:58:59.845Z",
            "date: 2025-03-04T05:06:07.080Z",
        ),
    )
    .unwrap();
    git(&side, &["commit", "-q", "-am", "docs: update move"]);
    git(&side, &["push", "-q"]);

    let r = try_run(
        &repo,
        &pages,
        SyncOptions {
            apply: true,
            pull: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        r.pages
            .iter()
            .all(|p| p.outcome == Some(Outcome::Unchanged)),
        "{}",
        sync::report::render(&r)
    );
    assert_eq!(
        repo.git(&["rev-parse", "HEAD"]),
        repo.git(&["rev-parse", "origin/main"]),
        "no commit of its own"
    );
}

#[test]
fn assets_are_committed_once_and_a_file_changed_in_the_repository_is_kept() {
    use guide_lint::sync::assets::{AssetAction, AssetOutcome, SyncAsset};
    let repo = Repo::new();
    let asset = |path: &str, content: &[u8]| {
        let rel = path.trim_start_matches('/');
        let mut folders: Vec<String> = rel.split('/').map(str::to_string).collect();
        let name = folders.pop().unwrap();
        SyncAsset {
            url: path.into(),
            folders,
            name,
            source: PathBuf::from(format!("guides/en/{rel}")),
            content: content.to_vec(),
            sha256: format!(
                "sha256:{}",
                <sha2::Sha256 as sha2::Digest>::digest(content)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            ),
        }
    };
    let run = |assets: &[SyncAsset], options: SyncOptions| {
        let mut state = State::load(&repo.state_path(), "git wiki").unwrap();
        sync::git::run_with_assets(
            &repo.target(false),
            &[repo.page("en", "move", "# Move\n")],
            assets,
            &mut state,
            &options,
            &mut NoProgress,
        )
        .unwrap()
    };
    let a = asset("/move-guide/a.png", b"one");
    let r = run(std::slice::from_ref(&a), apply());
    assert_eq!(r.assets[0].outcome, Some(AssetOutcome::Uploaded));
    assert_eq!(
        std::fs::read(repo.dir().join("move-guide/a.png")).unwrap(),
        b"one"
    );
    assert!(
        repo.git(&["log", "-1", "--format=%s"])
            .contains("docs: upload move-guide/a.png"),
        "{}",
        repo.git(&["log", "--oneline"])
    );
    assert_eq!(repo.git(&["status", "--porcelain"]).trim(), "");
    // Nothing new: no commit.
    let before = repo.commits();
    let r = run(std::slice::from_ref(&a), apply());
    assert_eq!(r.assets[0].action, AssetAction::Unchanged);
    assert_eq!(repo.commits(), before);
    // Changed in the guides: committed again.
    let a2 = asset("/move-guide/a.png", b"two");
    let r = run(std::slice::from_ref(&a2), apply());
    assert_eq!(r.assets[0].outcome, Some(AssetOutcome::Uploaded));
    assert_eq!(repo.commits(), before + 1);
    // Written into the checkout by `build --out`, not committed: committed by the sync.
    let b = asset("/move-guide/b.png", b"bee");
    std::fs::write(repo.dir().join("move-guide/b.png"), b"bee").unwrap();
    let r = run(&[a2.clone(), b.clone()], apply());
    assert_eq!(r.assets[1].outcome, Some(AssetOutcome::Uploaded));
    assert_eq!(repo.git(&["status", "--porcelain"]).trim(), "");
    assert_eq!(repo.commits(), before + 2);
    // Replaced on the wiki (Wiki.js commits the upload): a conflict, kept.
    std::fs::write(repo.dir().join("move-guide/a.png"), b"theirs").unwrap();
    repo.git(&["commit", "-q", "-am", "docs: upload move-guide/a.png"]);
    let r = run(&[asset("/move-guide/a.png", b"three")], apply());
    assert_eq!(r.assets[0].action, AssetAction::Conflict);
    assert_eq!(r.exit_code(), 1);
    assert_eq!(
        std::fs::read(repo.dir().join("move-guide/a.png")).unwrap(),
        b"theirs"
    );
}
