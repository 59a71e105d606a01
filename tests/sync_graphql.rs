//! `sync` through the GraphQL API, against a local stand-in that behaves like Wiki.js 2.5
//! (tests/wikijs-standin): first sync, no-op re-sync, updates, edits made on the wiki,
//! `--force`, `--pull`, partial failures and resuming, permissions, retries and errors.

mod sync_support;

use std::path::PathBuf;
use std::time::Duration;

use guide_lint::sync::{
    self, Action, NoProgress, Outcome, PullOutcome, Pulled, State, SyncOptions, SyncPage,
    SyncReport,
};
use guide_lint::wikijs::graphql::{ApiToken, Client, ClientError, ClientOptions};
use sync_support::{SCRIPT, Workspace, actions, apply, force, outcomes, plan, pull};
use wikijs_standin::{ADMIN_KEY, Call, Fault, NewPage, Wiki};

struct Setup {
    wiki: Wiki,
    ws: Workspace,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            wiki: Wiki::start(),
            ws: Workspace::new(),
        }
    }

    fn guides(&self) -> PathBuf {
        self.ws.guides()
    }

    fn state_path(&self) -> PathBuf {
        self.ws.state_path()
    }

    fn page(&self, locale: &str, path: &str, body: &str) -> SyncPage {
        self.ws.page(locale, path, body)
    }

    fn client_with(&self, key: &str, retries: u32) -> Client {
        Client::new(
            &self.wiki.url(),
            ApiToken::new(key),
            ClientOptions {
                timeout: Duration::from_secs(5),
                retries,
                retry_delay: Duration::from_millis(10),
                allow_http: false,
            },
        )
        .unwrap()
    }

    fn run_with(
        &self,
        client: &Client,
        pages: &[SyncPage],
        options: SyncOptions,
    ) -> Result<SyncReport, sync::SyncError> {
        let mut state = State::load(&self.state_path(), &sync::graphql::target_name(client))?;
        sync::graphql::run(client, pages, &mut state, &options, &mut NoProgress)
    }

    fn run(&self, pages: &[SyncPage], options: SyncOptions) -> SyncReport {
        self.run_with(&self.client_with(ADMIN_KEY, 2), pages, options)
            .unwrap()
    }
}

fn two_pages(s: &Setup) -> Vec<SyncPage> {
    vec![
        s.page("da", "move", "# Flyt\n\nFørste linje.\nAnden linje.\n"),
        s.page("en", "move", "# Move\n\nFirst line.\nSecond line.\n"),
    ]
}

#[test]
fn the_plan_changes_nothing_and_apply_creates_every_page_with_every_field() {
    let s = Setup::new();
    let pages = two_pages(&s);
    let r = s.run(&pages, plan());
    assert_eq!(
        actions(&r),
        vec![
            ("da/move".into(), Action::Create),
            ("en/move".into(), Action::Create)
        ]
    );
    assert_eq!(r.pages[0].planned.diff.as_ref().unwrap().added, 4);
    assert!(s.wiki.pages().is_empty());
    assert!(s.wiki.mutations().is_empty());
    assert!(!s.state_path().exists(), "a plan writes no state");
    assert_eq!(r.exit_code(), 0);

    let r = s.run(&pages, apply());
    assert_eq!(
        outcomes(&r),
        vec![
            ("da/move".into(), Some(Outcome::Created)),
            ("en/move".into(), Some(Outcome::Created))
        ]
    );
    assert_eq!(r.exit_code(), 0, "{}", sync::report::render(&r));
    let da = s.wiki.page("da", "move").unwrap();
    assert_eq!(da.content, pages[0].body);
    assert_eq!(da.title, "Title of move");
    assert_eq!(da.description, "About move");
    assert_eq!(da.tags, vec!["guide", "mastodon"]);
    assert!(da.is_published);
    assert_eq!(da.script_js, SCRIPT);
    assert_eq!(da.editor, "markdown");
    let state = std::fs::read_to_string(s.state_path()).unwrap();
    assert!(state.contains(&format!("id: {}", da.id)), "{state}");
    assert!(state.contains("updated-at:"), "{state}");
}

#[test]
fn a_second_sync_reads_only_the_page_list_and_changes_nothing() {
    let s = Setup::new();
    let pages = two_pages(&s);
    s.run(&pages, apply());
    let before = s.wiki.pages();
    s.wiki.clear_calls();
    let r = s.run(&pages, apply());
    assert!(
        r.pages
            .iter()
            .all(|p| p.outcome == Some(Outcome::Unchanged))
    );
    assert_eq!(s.wiki.calls(), vec![profile(), Call::Query("list".into())]);
    assert_eq!(s.wiki.pages(), before);
    assert_eq!(r.exit_code(), 0);
    let text = sync::report::render(&r);
    assert!(text.contains("2 pages: 2 unchanged"), "{text}");
}

#[test]
fn an_update_sends_every_field_so_nothing_is_cleared_or_unpublished() {
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    let id = s.wiki.page("da", "move").unwrap().id;
    pages[0].body = "# Flyt\n\nFørste linje.\nNy anden linje.\nTredje.\n".into();
    pages[0].title = "Ny titel".into();

    s.wiki.clear_calls();
    let r = s.run(&pages, plan());
    assert_eq!(r.pages[0].planned.action, Action::Update);
    let d = r.pages[0].planned.diff.clone().unwrap();
    assert_eq!((d.added, d.removed), (2, 1));
    assert_eq!(d.fields, vec!["title"]);
    assert_eq!(r.pages[1].planned.action, Action::Unchanged);
    assert!(s.wiki.mutations().is_empty());

    s.wiki.clear_calls();
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    assert_eq!(s.wiki.mutations(), vec![Call::Update { id }]);
    let da = s.wiki.page("da", "move").unwrap();
    assert_eq!(da.id, id);
    assert_eq!(da.content, pages[0].body);
    assert_eq!(da.title, "Ny titel");
    assert!(
        da.is_published,
        "an omitted isPublished would unpublish the page"
    );
    assert_eq!(da.script_js, SCRIPT, "an omitted scriptJs would clear it");
    assert_eq!(da.tags, vec!["guide", "mastodon"]);
    assert_eq!(s.wiki.pages().len(), 2);
    // And the state now matches: nothing more to do.
    let r = s.run(&pages, plan());
    assert!(
        r.pages
            .iter()
            .all(|p| p.planned.action == Action::Unchanged)
    );
}

fn edit_on_wiki(s: &Setup) {
    assert!(s.wiki.edit_page("da", "move", |p| {
        p.content = "# Flyt\n\nRettet i browseren.\n".into();
    }));
}

#[test]
fn an_edit_made_on_the_wiki_is_a_conflict_and_is_not_overwritten() {
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    edit_on_wiki(&s);
    pages[0].body.push_str("Mere.\n");

    let r = s.run(&pages, plan());
    assert_eq!(r.pages[0].planned.action, Action::Conflict);
    let reason = r.pages[0].planned.reason.clone().unwrap();
    assert!(reason.contains("edited on the wiki"), "{reason}");
    assert_eq!(r.exit_code(), 1);

    s.wiki.clear_calls();
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));
    assert_eq!(r.pages[1].outcome, Some(Outcome::Unchanged));
    assert!(s.wiki.mutations().is_empty());
    assert_eq!(
        s.wiki.page("da", "move").unwrap().content,
        "# Flyt\n\nRettet i browseren.\n"
    );
    assert_eq!(r.exit_code(), 1);
    let text = sync::report::render(&r);
    assert!(text.contains("--pull"), "{text}");

    // Even with nothing changed locally, the edit stays a conflict until resolved.
    let r = s.run(&two_pages(&s), apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));
}

#[test]
fn an_edit_that_only_touched_updated_at_is_not_a_conflict() {
    let s = Setup::new();
    let pages = two_pages(&s);
    s.run(&pages, apply());
    s.wiki.edit_page("da", "move", |_| {});
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].planned.action, Action::Unchanged);
    s.wiki.clear_calls();
    // The new updatedAt was recorded: the next run needs no page read.
    s.run(&pages, apply());
    assert_eq!(s.wiki.calls(), vec![profile(), Call::Query("list".into())]);
}

#[test]
fn force_overwrites_an_edit_made_on_the_wiki() {
    let s = Setup::new();
    let pages = two_pages(&s);
    s.run(&pages, apply());
    edit_on_wiki(&s);
    // The plan with --force shows the overwrite and the lines the wiki would lose.
    let preview = SyncOptions {
        force: true,
        ..plan()
    };
    let r = s.run(&pages, preview);
    let text = sync::report::render(&r);
    assert!(
        text.contains("  overwrite  da/move  ") && text.contains("edited on the wiki since"),
        "{text}"
    );
    assert!(
        text.contains("the wiki would lose 1 line:\n             - Rettet i browseren.\n"),
        "{text}"
    );
    assert!(text.contains("1 to overwrite"), "{text}");
    assert_eq!(r.conflicts(), 0);
    assert_eq!(r.exit_code(), 0, "{text}");
    assert_eq!(
        s.wiki.page("da", "move").unwrap().content,
        "# Flyt\n\nRettet i browseren.\n"
    );
    let r = s.run(&pages, force());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    assert_eq!(s.wiki.page("da", "move").unwrap().content, pages[0].body);
    assert_eq!(r.exit_code(), 0);
    let text = sync::report::render(&r);
    assert!(text.contains("overwritten (--force)"), "{text}");
    assert_eq!(
        s.run(&pages, plan()).pages[0].planned.action,
        Action::Unchanged
    );
}

#[test]
fn pull_merges_the_wiki_edit_into_the_guide_and_the_merge_is_published_without_force() {
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    // The guide and the wiki change different lines.
    pages[0] = s.page(
        "da",
        "move",
        "# Flyt\n\nNyt fra guiden.\n\nFørste linje.\nAnden linje.\n",
    );
    assert!(s.wiki.edit_page("da", "move", |p| {
        p.content = "# Flyt\n\nFørste linje.\nAnden linje, rettet.\n".into();
    }));
    let source = pages[0].source.clone();
    s.wiki.clear_calls();
    let r = s.run(&pages, pull());
    assert_eq!(
        r.pages[0].pulled,
        Some(Ok(Pulled {
            path: source.clone(),
            outcome: PullOutcome::Merged { blocks: 1 }
        }))
    );
    assert!(
        s.wiki.mutations().is_empty(),
        "--pull alone changes nothing on the wiki"
    );
    let merged = "# Flyt\n\nNyt fra guiden.\n\nFørste linje.\nAnden linje, rettet.\n";
    assert_eq!(std::fs::read_to_string(&source).unwrap(), merged);
    assert!(!s.guides().join("da/move.remote.md").exists());
    let text = sync::report::render(&r);
    assert!(text.contains("merged the wiki's version into"), "{text}");

    // Built again, the guide holds the wiki's version: no longer a conflict, and pulling
    // again changes nothing.
    pages[0] = s.page("da", "move", merged);
    let r = s.run(&pages, pull());
    assert_eq!(r.pages[0].planned.action, Action::Update);
    let reason = r.pages[0].planned.reason.clone().unwrap_or_default();
    assert!(reason.contains("holds the wiki's version"), "{reason}");
    assert_eq!(r.pages[0].pulled, None);
    assert_eq!(std::fs::read_to_string(&source).unwrap(), merged);
    // The merged guide goes to the wiki without --force, and nothing of the wiki's is lost.
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    assert_eq!(s.wiki.page("da", "move").unwrap().content, merged);
    // A later edit on the wiki is a conflict again.
    edit_on_wiki(&s);
    assert_eq!(
        s.run(&pages, plan()).pages[0].planned.action,
        Action::Conflict
    );
}

#[test]
fn the_state_file_keeps_hashes_and_the_texts_pushed_live_beside_it_one_per_page() {
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    let bases = s.guides().join(".wiki-sync.bases");
    let texts = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&bases)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        v.sort();
        v
    };
    let state = std::fs::read_to_string(s.state_path()).unwrap();
    assert!(!state.contains("Første linje"), "{state}");
    assert_eq!(state.matches("base-sha256: sha256:").count(), 2, "{state}");
    assert_eq!(texts(), vec![pages[0].body.clone(), pages[1].body.clone()]);
    // An update replaces the page's text there; the text no page refers to goes.
    pages[0] = s.page("da", "move", "# Flyt\n\nNy tekst.\n");
    s.run(&pages, apply());
    assert_eq!(texts(), vec![pages[0].body.clone(), pages[1].body.clone()]);
}

/// A page whose guide has front matter (the title and description come from it).
fn page_with_front_matter(s: &Setup, title: &str, body: &str) -> SyncPage {
    let mut page = s.page("da", "move", body);
    page.title = title.into();
    std::fs::write(
        &page.source,
        format!(
            "---\ntitle: {title}\ndescription: {}\n---\n\n{body}",
            page.description
        ),
    )
    .unwrap();
    page
}

#[test]
fn a_title_changed_on_the_wiki_only_is_merged_into_the_guides_front_matter() {
    let s = Setup::new();
    let body = "# Flyt\n\nFørste linje.\n";
    let page = page_with_front_matter(&s, "Flyt", body);
    s.run(std::slice::from_ref(&page), apply());
    assert!(s.wiki.edit_page("da", "move", |p| {
        p.title = "Flyt: til en ny server".into();
    }));
    let r = s.run(std::slice::from_ref(&page), pull());
    let report = &r.pages[0];
    assert_eq!(report.planned.action, Action::Conflict);
    assert_eq!(
        report.pulled.clone().unwrap().unwrap().outcome,
        PullOutcome::Merged { blocks: 0 }
    );
    assert!(
        report
            .planned
            .notes
            .iter()
            .any(|n| n.contains("title is merged into the guide's front matter")),
        "{:?}",
        report.planned.notes
    );
    let guide = std::fs::read_to_string(&page.source).unwrap();
    assert_eq!(
        guide,
        format!("---\ntitle: \"Flyt: til en ny server\"\ndescription: About move\n---\n\n{body}")
    );
    assert!(sync::report::render(&r).contains("(its front matter)"));
    // The guide, built again, is the wiki's version: no conflict any more, nothing to send.
    let rebuilt = page_with_front_matter(&s, "Flyt: til en ny server", body);
    std::fs::write(&rebuilt.source, &guide).unwrap();
    let r = s.run(std::slice::from_ref(&rebuilt), apply());
    assert_eq!(
        r.pages[0].planned.action,
        Action::Unchanged,
        "{}",
        sync::report::render(&r)
    );
    assert_eq!(r.exit_code(), 0);
    assert_eq!(
        s.wiki.page("da", "move").unwrap().title,
        "Flyt: til en ny server"
    );

    // Changed on both sides: the guide's is kept, and the note says so.
    assert!(
        s.wiki
            .edit_page("da", "move", |p| p.title = "Wikiens titel".into())
    );
    let guides = page_with_front_matter(&s, "Guidens titel", body);
    let r = s.run(std::slice::from_ref(&guides), pull());
    assert!(
        r.pages[0]
            .planned
            .notes
            .iter()
            .any(|n| n.contains("title changed both on the wiki and in the guide")),
        "{:?}",
        r.pages[0].planned.notes
    );
    assert!(
        std::fs::read_to_string(&guides.source)
            .unwrap()
            .contains("title: Guidens titel\n")
    );
}

#[test]
fn the_same_lines_changed_on_both_sides_are_written_with_markers_and_never_published() {
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    pages[0] = s.page(
        "da",
        "move",
        "# Flyt\n\nFørste linje.\nAnden linje fra guiden.\n",
    );
    assert!(s.wiki.edit_page("da", "move", |p| {
        p.content = "# Flyt\n\nFørste linje.\nAnden linje fra wikien.\n".into();
    }));
    let source = pages[0].source.clone();
    let r = s.run(&pages, pull());
    assert_eq!(
        r.pages[0].pulled.clone().unwrap().unwrap().outcome,
        PullOutcome::Conflict {
            blocks: 0,
            conflicts: 1
        }
    );
    let text = std::fs::read_to_string(&source).unwrap();
    assert!(
        text.starts_with(
            "# Flyt\n\nFørste linje.\n<<<<<<< guide\nAnden linje fra guiden.\n=======\n\
             Anden linje fra wikien.\n>>>>>>> wiki da/move (updated "
        ),
        "{text}"
    );
    assert_eq!(sync::merge::conflict_markers(&text), vec![4]);
    // A second pull leaves the markers alone and says why.
    let r = s.run(&pages, pull());
    let why = r.pages[0].pulled.clone().unwrap().unwrap_err();
    assert!(why.contains("conflict markers"), "{why}");
    assert_eq!(std::fs::read_to_string(&source).unwrap(), text);
    // The guide with markers is never published, not even with --force.
    pages[0] = s.page("da", "move", &text);
    let r = s.run(&pages, plan());
    assert_eq!(r.pages[0].planned.action, Action::Conflict);
    let reason = r.pages[0].planned.reason.clone().unwrap_or_default();
    assert!(reason.contains("conflict markers"), "{reason}");
    let r = s.run(&pages, force());
    assert!(matches!(r.pages[0].outcome, Some(Outcome::Failed(_))));
    assert_eq!(
        s.wiki.page("da", "move").unwrap().content,
        "# Flyt\n\nFørste linje.\nAnden linje fra wikien.\n"
    );
    // Resolved by keeping the wiki's line: published without --force.
    pages[0] = s.page(
        "da",
        "move",
        "# Flyt\n\nFørste linje.\nAnden linje fra wikien.\nOg mere.\n",
    );
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
}

#[test]
fn markers_in_a_list_item_or_joined_onto_its_line_are_never_published() {
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    let published = s.wiki.page("da", "move").unwrap().content;
    // Around the first item, as --pull writes them, and built as the build joined them to
    // the item's line; then in the middle of a list, indented under its item.
    let guides = [
        (
            "# Flyt\n\n<<<<<<< guide\n1. Stop Synapse.\n=======\n1. Stop Synapse nu.\n\
             >>>>>>> wiki da/move\n2. Gendan.\n",
            "# Flyt\n\n<<<<<<< guide\n1. Stop Synapse. =======\n1. Stop Synapse nu.\n\
             >>>>>>> wiki da/move\n2. Gendan.\n",
        ),
        (
            "# Flyt\n\n1. Stop.\n2. Gendan. <<<<<<< guide\n   Guiden.\n   =======\n   \
             Wikien.\n   >>>>>>> wiki da/move\n3. Start.\n",
            "# Flyt\n\n1. Stop.\n2. Gendan. <<<<<<< guide Guiden. ======= Wikien.\n\
             >>>>>>> wiki da/move\n3. Start.\n",
        ),
    ];
    for (guide, built) in guides {
        pages[0] = s.page("da", "move", guide);
        pages[0].body = built.into();
        let r = s.run(&pages, plan());
        assert_eq!(r.pages[0].planned.action, Action::Conflict, "{guide}");
        let r = s.run(&pages, force());
        let Some(Outcome::Failed(why)) = &r.pages[0].outcome else {
            panic!("published with markers: {:?}", r.pages[0].outcome);
        };
        assert!(why.contains("move.md:"), "{why}");
        // Said once on the report's line, not twice.
        let shown = sync::report::render(&r);
        assert_eq!(shown.matches("has conflict markers").count(), 1, "{shown}");
        assert_eq!(s.wiki.page("da", "move").unwrap().content, published);
    }
}

#[test]
fn undoing_the_merge_never_counts_as_merged_and_resolve_does() {
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    edit_on_wiki(&s);
    let original = std::fs::read_to_string(&pages[0].source).unwrap();
    s.run(&pages, pull());
    assert_ne!(std::fs::read_to_string(&pages[0].source).unwrap(), original);
    // The merge thrown away: the guide does not hold the wiki's edit, nothing overwritten.
    std::fs::write(&pages[0].source, &original).unwrap();
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));
    assert!(
        s.wiki
            .page("da", "move")
            .unwrap()
            .content
            .contains("Rettet")
    );
    // An unrelated change to the guide is not a merge either.
    pages[0].body.push_str("Noget nyt.\n");
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));

    // --resolve names a page the guides have.
    let e = s
        .run_with(
            &s.client_with(ADMIN_KEY, 0),
            &pages,
            SyncOptions {
                resolve: vec!["da/nope".into()],
                ..plan()
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("--resolve da/nope"), "{e}");
    // A person decides the guide's version wins: recorded, then pushed without --force.
    let r = s.run(
        &pages,
        SyncOptions {
            resolve: vec!["da/move".into()],
            ..plan()
        },
    );
    assert_eq!(r.pages[0].planned.action, Action::Update);
    assert!(
        s.wiki
            .mutations()
            .iter()
            .all(|c| !matches!(c, Call::Update { .. }))
    );
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    assert_eq!(s.wiki.page("da", "move").unwrap().content, pages[0].body);
    // A later edit on the wiki is a conflict again.
    edit_on_wiki(&s);
    assert_eq!(
        s.run(&pages, plan()).pages[0].planned.action,
        Action::Conflict
    );
}

#[test]
fn a_page_that_exists_on_the_wiki_but_was_never_synced_is_adopted_when_equal_else_a_conflict() {
    let s = Setup::new();
    let pages = two_pages(&s);
    s.wiki.insert_page(NewPage {
        locale: "da".into(),
        path: "move".into(),
        title: "Title of move".into(),
        description: "About move".into(),
        content: pages[0].body.clone(),
        tags: vec!["guide".into(), "mastodon".into()],
        script_js: SCRIPT.into(),
        is_published: true,
    });
    s.wiki.insert_page(NewPage {
        locale: "en".into(),
        path: "move".into(),
        title: "Somebody's page".into(),
        content: "Written on the wiki.\n".into(),
        is_published: true,
        ..Default::default()
    });
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Unchanged));
    assert_eq!(r.pages[1].planned.action, Action::Conflict);
    let reason = r.pages[1].planned.reason.clone().unwrap();
    assert!(reason.contains("not created by this sync"), "{reason}");
    assert!(s.wiki.mutations().is_empty());
    assert_eq!(s.wiki.pages().len(), 2);
    assert_eq!(
        s.wiki.page("en", "move").unwrap().content,
        "Written on the wiki.\n"
    );
}

#[test]
fn a_page_deleted_on_the_wiki_is_a_conflict_and_force_recreates_it() {
    let s = Setup::new();
    let pages = two_pages(&s);
    s.run(&pages, apply());
    assert!(s.wiki.delete_page("da", "move"));
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));
    assert!(
        r.pages[0]
            .planned
            .reason
            .as_deref()
            .unwrap()
            .contains("deleted on the wiki")
    );
    assert!(s.wiki.page("da", "move").is_none());
    let r = s.run(&pages, force());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Created));
    assert!(s.wiki.page("da", "move").is_some());
}

fn five_pages(s: &Setup) -> Vec<SyncPage> {
    ["a", "b", "c", "d", "e"]
        .iter()
        .map(|p| s.page("da", p, &format!("# {p}\n\nIndhold {p}.\n")))
        .collect()
}

fn assert_each_page_once(s: &Setup, n: usize) {
    let pages = s.wiki.pages();
    let mut keys: Vec<String> = pages
        .iter()
        .map(|p| format!("{}/{}", p.locale, p.path))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), pages.len(), "duplicates: {pages:?}");
    assert_eq!(pages.len(), n);
}

#[test]
fn a_run_that_stops_half_way_is_finished_by_the_next_without_duplicates() {
    let s = Setup::new();
    let pages = five_pages(&s);
    let client = s.client_with(ADMIN_KEY, 0);
    // Requests: profile, list, then per created page: create + read-back. The wiki goes down
    // at the third page's create.
    s.wiki.fail_from(7, Fault::Status(503));
    let r = s.run_with(&client, &pages, apply()).unwrap();
    let stopped = r.stopped.clone().expect("the run stops");
    assert!(stopped.contains("503"), "{stopped}");
    assert_eq!(r.exit_code(), 2);
    assert_eq!(r.pages[0].outcome, Some(Outcome::Created));
    assert_eq!(r.pages[1].outcome, Some(Outcome::Created));
    assert_eq!(r.pages[2].outcome, None);
    assert_each_page_once(&s, 2);
    let text = sync::report::render(&r);
    assert!(text.contains("run the same command again"), "{text}");

    // The wiki is back.
    s.wiki.recover();
    s.wiki.clear_calls();
    let r = s.run(&pages, apply());
    assert_eq!(
        outcomes(&r)
            .into_iter()
            .map(|(_, o)| o.unwrap())
            .collect::<Vec<_>>(),
        vec![
            Outcome::Unchanged,
            Outcome::Unchanged,
            Outcome::Created,
            Outcome::Created,
            Outcome::Created
        ]
    );
    let creates = s
        .wiki
        .mutations()
        .into_iter()
        .filter(|c| matches!(c, Call::Create { .. }))
        .count();
    assert_eq!(creates, 3);
    assert_each_page_once(&s, 5);
}

#[test]
fn a_create_whose_answer_was_lost_is_not_made_twice() {
    let s = Setup::new();
    let pages = five_pages(&s);
    // Request 4 is the second page's create: the wiki carries it out, then the connection
    // breaks. The client retries; Wiki.js answers 6002, and the page is recognised as ours.
    s.wiki.fail_request(5, Fault::DropAfter);
    let r = s.run(&pages, apply());
    assert!(
        r.pages.iter().all(|p| p.outcome == Some(Outcome::Created)),
        "{}",
        sync::report::render(&r)
    );
    assert_each_page_once(&s, 5);
    assert!(s.wiki.calls().contains(&Call::Faulted(Fault::DropAfter)));
    assert_eq!(r.exit_code(), 0);
    // And the state knows every page.
    s.wiki.clear_calls();
    let r = s.run(&pages, apply());
    assert!(
        r.pages
            .iter()
            .all(|p| p.outcome == Some(Outcome::Unchanged))
    );
    assert!(s.wiki.mutations().is_empty());
}

#[test]
fn a_lost_answer_without_retries_is_resumed_on_the_next_run() {
    let s = Setup::new();
    let pages = five_pages(&s);
    let client = s.client_with(ADMIN_KEY, 0);
    s.wiki.fail_request(5, Fault::DropAfter);
    let r = s.run_with(&client, &pages, apply()).unwrap();
    assert!(r.stopped.is_some());
    assert_each_page_once(&s, 2);
    // The second page exists on the wiki but the state does not know it: the next run
    // finds it equal and adopts it instead of creating it again.
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[1].outcome, Some(Outcome::Unchanged));
    assert_each_page_once(&s, 5);
}

#[test]
fn transient_failures_are_retried_with_a_bound() {
    let s = Setup::new();
    let pages = two_pages(&s);
    s.wiki.fail_next(2, Fault::Status(502));
    let r = s
        .run_with(&s.client_with(ADMIN_KEY, 3), &pages, plan())
        .unwrap();
    assert_eq!(r.pages[0].planned.action, Action::Create);
    // The key check is retried twice, then the list is read.
    assert_eq!(s.wiki.request_count(), 4);

    s.wiki.fail_next(10, Fault::DropBefore);
    let before = s.wiki.request_count();
    let e = s
        .run_with(&s.client_with(ADMIN_KEY, 3), &pages, plan())
        .unwrap_err()
        .to_string();
    assert!(e.contains("cannot reach the wiki"), "{e}");
    assert!(e.contains("tried 4 times"), "{e}");
    assert_eq!(s.wiki.request_count() - before, 4);
}

#[test]
fn a_slow_wiki_times_out() {
    let s = Setup::new();
    s.wiki.fail_next(1, Fault::Delay(Duration::from_secs(3)));
    let client = Client::new(
        &s.wiki.url(),
        ApiToken::new(ADMIN_KEY),
        ClientOptions {
            timeout: Duration::from_millis(500),
            retries: 0,
            retry_delay: Duration::from_millis(10),
            allow_http: false,
        },
    )
    .unwrap();
    let e = client.list_pages().unwrap_err();
    assert!(matches!(e, ClientError::Timeout { .. }), "{e:?}");
}

#[test]
fn a_server_that_is_down_is_reported_after_bounded_retries() {
    let s = Setup::new();
    let client = s.client_with(ADMIN_KEY, 2);
    let pages = two_pages(&s);
    let Setup { wiki, ws } = s;
    wiki.stop();
    let mut state = State::load(&ws.root().join("s.yml"), "t").unwrap();
    let e = sync::graphql::run(&client, &pages, &mut state, &apply(), &mut NoProgress).unwrap_err();
    assert!(
        matches!(
            e,
            sync::SyncError::Client(ClientError::Unreachable { attempts: 3, .. })
        ),
        "{e:?}"
    );
    assert_eq!(client.request_count(), 3);
    assert!(!ws.root().join("s.yml").exists());
}

#[test]
fn a_bad_or_revoked_key_is_reported_clearly_and_never_shown() {
    let s = Setup::new();
    let pages = two_pages(&s);
    // An unknown key makes Wiki.js treat the request as a guest's: the list would work and
    // the plan say "unchanged". The key is proved first, so the run stops before planning,
    // even when nothing would change.
    let bad = "not-a-valid-key-0123456789";
    for options in [apply(), plan()] {
        s.wiki.clear_calls();
        let e = s
            .run_with(&s.client_with(bad, 0), &pages, options)
            .unwrap_err();
        assert!(
            matches!(e, sync::SyncError::Client(ClientError::Auth { .. })),
            "{e:?}"
        );
        let text = e.to_string();
        assert!(text.contains("rejected the API key"), "{text}");
        assert!(text.contains("guest"), "{text}");
        assert!(e.help().unwrap().contains("API Access"));
        assert!(!text.contains(bad));
        assert_eq!(s.wiki.calls(), vec![profile()]);
    }
    assert!(s.wiki.pages().is_empty());
    // Also once the pages are on the wiki and nothing would change.
    s.run(&pages, apply());
    assert!(s.run_with(&s.client_with(bad, 0), &pages, plan()).is_err());

    s.wiki.add_key("old-key-abcdef", &["manage:system"]);
    s.wiki.revoke_key("old-key-abcdef");
    let before = s.wiki.request_count();
    let e = s
        .run_with(&s.client_with("old-key-abcdef", 3), &pages, plan())
        .unwrap_err();
    assert!(
        matches!(e, sync::SyncError::Client(ClientError::Auth { .. })),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(text.contains("revoked"), "{text}");
    assert!(!text.contains("old-key-abcdef"));
    assert_eq!(
        s.wiki.request_count() - before,
        1,
        "an auth failure is not retried"
    );
}

#[test]
fn a_key_without_write_scripts_saves_the_page_and_says_the_script_was_dropped() {
    let s = Setup::new();
    s.wiki
        .add_key("writer-key", &["read:pages", "write:pages", "manage:pages"]);
    let pages = two_pages(&s);
    let writer = s.client_with("writer-key", 0);
    let r = s.run_with(&writer, &pages, apply()).unwrap();
    assert_eq!(r.pages[0].outcome, Some(Outcome::Created));
    assert!(s.wiki.page("da", "move").unwrap().script_js.is_empty());
    let w = &r.pages[0].warnings;
    assert!(w.iter().any(|w| w.contains("write:scripts")), "{w:?}");
    assert_eq!(r.exit_code(), 1);
    // The next run is not fooled into a conflict by the missing script: it sends the script
    // again, and with a key that still cannot save it, warns again and exits 1.
    let r = s.run_with(&writer, &pages, plan()).unwrap();
    assert_eq!(r.pages[0].planned.action, Action::Update);
    assert!(
        r.pages[0]
            .planned
            .reason
            .as_deref()
            .unwrap()
            .contains("page script differs"),
        "{}",
        sync::report::render(&r)
    );
    let r = s.run_with(&writer, &pages, apply()).unwrap();
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    let w = &r.pages[0].warnings;
    assert!(w.iter().any(|w| w.contains("write:scripts")), "{w:?}");
    assert_eq!(r.exit_code(), 1);
    assert!(s.wiki.page("da", "move").unwrap().script_js.is_empty());
    // A key that may write scripts saves it; after that nothing is sent.
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    assert_eq!(r.exit_code(), 0, "{}", sync::report::render(&r));
    assert_eq!(s.wiki.page("da", "move").unwrap().script_js, SCRIPT);
    s.wiki.clear_calls();
    let r = s.run(&pages, apply());
    assert!(
        r.pages
            .iter()
            .all(|p| p.outcome == Some(Outcome::Unchanged))
    );
    assert!(s.wiki.mutations().is_empty());
}

#[test]
fn pages_linking_to_new_pages_are_re_rendered() {
    let s = Setup::new();
    let mut pages = vec![s.page("da", "a", "# A\n\nSe [B](/da/b).\n")];
    s.run(&pages, apply());
    assert!(
        s.wiki
            .page("da", "a")
            .unwrap()
            .render
            .contains("is-invalid-page")
    );
    pages.push(s.page("da", "b", "# B\n\nTilbage til <a href=\"/da/a\">A</a>.\n"));
    let r = s.run(&pages, plan());
    assert_eq!(r.renders, vec!["da/a".to_string()]);
    let r = s.run(&pages, apply());
    assert_eq!(r.renders, vec!["da/a".to_string()]);
    let a = s.wiki.page("da", "a").unwrap();
    assert!(a.render.contains("is-valid-page"), "{}", a.render);
    assert!(s.wiki.mutations().contains(&Call::Render { id: a.id }));
    let b = s.wiki.page("da", "b").unwrap();
    assert!(b.render.contains("is-valid-page"), "{}", b.render);
    // Nothing pending any more.
    assert!(s.run(&pages, plan()).renders.is_empty());
}

fn profile() -> Call {
    Call::Query("profile".into())
}

fn renders(s: &Setup) -> Vec<i32> {
    s.wiki
        .calls()
        .into_iter()
        .filter_map(|c| match c {
            Call::Render { id } => Some(id),
            _ => None,
        })
        .collect()
}

fn wiki_page(s: &Setup, locale: &str, path: &str, content: &str) -> i32 {
    s.wiki.insert_page(NewPage {
        locale: locale.into(),
        path: path.into(),
        title: path.into(),
        content: content.into(),
        is_published: true,
        ..Default::default()
    })
}

#[test]
fn pages_guide_lint_does_not_manage_that_link_to_new_pages_are_re_rendered() {
    let s = Setup::new();
    // Pages made in the wiki's editor, linking to guides that do not exist yet: absolutely,
    // relatively (a child of the page's path), from another locale, and as HTML.
    let home = wiki_page(&s, "da", "home", "# Hjem\n\n[Flyt](/da/guides/move)\n");
    let guides = wiki_page(&s, "da", "guides", "# Guider\n\n- [Flyt](move)\n");
    let en = wiki_page(
        &s,
        "en",
        "index",
        "<a href=\"/da/guides/move\">Danish</a>\n",
    );
    // Pages that do not link to it: not re-rendered.
    let other = wiki_page(
        &s,
        "da",
        "other",
        "[Hjem](/da/home) ![billede](/da/guides/move)\n",
    );
    let asset = wiki_page(&s, "da", "asset", "[fil](/da/guides/move.md) [x](#move)\n");
    for id in [home, guides, en] {
        let page = s.wiki.pages().into_iter().find(|p| p.id == id).unwrap();
        assert!(page.render.contains("is-invalid-page"), "{}", page.render);
    }
    let pages = vec![s.page("da", "guides/move", "# Flyt\n")];

    s.wiki.clear_calls();
    let r = s.run(&pages, plan());
    assert_eq!(r.renders, vec!["da/guides", "da/home", "en/index"]);
    assert!(s.wiki.mutations().is_empty());
    // The links come from one query per locale of the wiki; no page is read one at a time.
    let links = Call::Query("links".into());
    assert_eq!(
        s.wiki.calls(),
        vec![profile(), Call::Query("list".into()), links.clone(), links]
    );
    let text = sync::report::render(&r);
    assert!(
        text.contains("  render     da/home  links to new pages"),
        "{text}"
    );

    s.wiki.clear_calls();
    let r = s.run(&pages, apply());
    assert_eq!(r.exit_code(), 0, "{}", sync::report::render(&r));
    assert_eq!(r.renders, vec!["da/guides", "da/home", "en/index"]);
    let mut rendered = renders(&s);
    rendered.sort();
    assert_eq!(rendered, vec![home, guides, en]);
    assert!(!rendered.contains(&other) && !rendered.contains(&asset));
    for id in [home, guides, en] {
        let page = s.wiki.pages().into_iter().find(|p| p.id == id).unwrap();
        assert!(!page.render.contains("is-invalid-page"), "{}", page.render);
    }

    // Nothing created: no page is read or re-rendered.
    s.wiki.clear_calls();
    let r = s.run(&pages, apply());
    assert!(r.renders.is_empty());
    assert_eq!(s.wiki.calls(), vec![profile(), Call::Query("list".into())]);
}

#[test]
fn a_page_saved_before_a_page_it_links_to_was_created_is_re_rendered_and_one_saved_after_is_not() {
    let s = Setup::new();
    let mut pages = vec![
        s.page("da", "a", "# A\n\n[C](/da/c)\n"),
        s.page("da", "b", "# B\n"),
    ];
    s.run(&pages, apply());
    // In one run: `da/a` is updated before `da/c` is created (so rendered without it), `da/d`
    // is created after `da/c` (rendered with it).
    pages[0].body.push_str("Mere.\n");
    pages.push(s.page("da", "c", "# C\n\n[A](/da/a)\n"));
    pages.push(s.page("da", "d", "# D\n\n[C](/da/c)\n"));
    let r = s.run(&pages, plan());
    assert_eq!(r.renders, vec!["da/a"]);
    let r = s.run(&pages, apply());
    assert_eq!(r.renders, vec!["da/a"]);
    let a = s.wiki.page("da", "a").unwrap();
    assert!(a.render.contains("is-valid-page"), "{}", a.render);
    assert!(
        !s.wiki
            .page("da", "d")
            .unwrap()
            .render
            .contains("is-invalid-page")
    );
}

#[test]
fn a_run_that_stops_after_creating_pages_re_renders_their_linking_pages_next_time() {
    let s = Setup::new();
    let home = wiki_page(&s, "da", "home", "[Ny](/da/new)\n");
    let pages = vec![s.page("da", "new", "# Ny\n")];
    // profile, list, create, single (the created page); then the wiki goes down.
    s.wiki.fail_from(5, Fault::Status(503));
    let r = s
        .run_with(&s.client_with(ADMIN_KEY, 0), &pages, apply())
        .unwrap();
    assert_eq!(r.pages[0].outcome, Some(Outcome::Created));
    assert!(r.stopped.is_some(), "{}", sync::report::render(&r));
    assert!(renders(&s).is_empty());
    let state = std::fs::read_to_string(s.state_path()).unwrap();
    assert!(state.contains("new-pages:"), "{state}");

    s.wiki.recover();
    let r = s.run(&pages, plan());
    assert_eq!(r.renders, vec!["da/home"]);
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Unchanged));
    assert_eq!(r.renders, vec!["da/home"]);
    assert_eq!(renders(&s), vec![home]);
    let state = std::fs::read_to_string(s.state_path()).unwrap();
    assert!(
        !state.contains("new-pages:") && !state.contains("pending"),
        "{state}"
    );
}

#[test]
fn a_key_that_may_not_render_leaves_the_render_pending_with_a_warning() {
    let s = Setup::new();
    s.wiki.add_key(
        "writer-key",
        &["read:pages", "write:pages", "manage:pages", "write:scripts"],
    );
    let writer = s.client_with("writer-key", 0);
    let mut pages = vec![s.page("da", "a", "# A\n\n[B](/da/b)\n")];
    s.run_with(&writer, &pages, apply()).unwrap();
    pages.push(s.page("da", "b", "# B\n"));
    let r = s.run_with(&writer, &pages, apply()).unwrap();
    assert_eq!(r.pages[1].outcome, Some(Outcome::Created));
    assert!(
        r.warnings.iter().any(|w| w.contains("manage:system")),
        "{:?}",
        r.warnings
    );
    // An admin key later finishes the job.
    let r = s.run(&pages, apply());
    assert_eq!(r.renders, vec!["da/a".to_string()]);
}

#[test]
fn wikijs_refusals_are_explained_per_page_and_the_other_pages_go_on() {
    let s = Setup::new();
    let mut pages = vec![
        s.page("da", "a", "# A\n"),
        s.page("da", "b", "   \n"),
        s.page("da", "c", "# C\n"),
    ];
    pages[0].path = "v1.2".into();
    let r = s.run(&pages, apply());
    let failed: Vec<String> = r
        .pages
        .iter()
        .filter_map(|p| match &p.outcome {
            Some(Outcome::Failed(why)) => Some(why.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed
            .iter()
            .any(|f| f.contains("6005") && f.contains("`v1.2`")),
        "{failed:?}"
    );
    assert!(
        failed
            .iter()
            .any(|f| f.contains("6004") && f.contains("empty")),
        "{failed:?}"
    );
    assert!(s.wiki.page("da", "c").is_some());
    assert_eq!(r.exit_code(), 1);
}

#[test]
fn an_edit_made_while_syncing_is_not_overwritten() {
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    pages[0].body.push_str("Ny linje.\n");
    let client = s.client_with(ADMIN_KEY, 0);
    let mut state = State::load(&s.state_path(), &sync::graphql::target_name(&client)).unwrap();
    // Plan first, then the wiki edit lands, then apply (through the pre-update check).
    struct EditOnBegin<'a>(&'a Wiki, bool);
    impl sync::Progress for EditOnBegin<'_> {
        fn begin(&mut self, phase: &str, _: usize) {
            if phase == "pushing pages" && !self.1 {
                self.1 = true;
                self.0
                    .edit_page("da", "move", |p| p.content = "Samtidig rettelse.\n".into());
            }
        }
    }
    let r = sync::graphql::run(
        &client,
        &pages,
        &mut state,
        &apply(),
        &mut EditOnBegin(&s.wiki, false),
    )
    .unwrap();
    assert_eq!(r.pages[0].outcome, Some(Outcome::Skipped));
    assert!(
        r.pages[0]
            .planned
            .reason
            .as_deref()
            .unwrap()
            .contains("while syncing")
    );
    assert_eq!(
        s.wiki.page("da", "move").unwrap().content,
        "Samtidig rettelse.\n"
    );
}

#[test]
fn a_tls_failure_is_reported_at_once_and_not_retried() {
    // The stand-in speaks plain http: an https client fails the TLS handshake.
    let wiki = Wiki::start();
    let url = wiki.url().replace("http://", "https://");
    let client = Client::new(
        &url,
        ApiToken::new(ADMIN_KEY),
        ClientOptions {
            timeout: Duration::from_secs(5),
            retries: 3,
            retry_delay: Duration::from_millis(200),
            allow_http: false,
        },
    )
    .unwrap();
    let e = client.list_pages().unwrap_err();
    assert!(matches!(e, ClientError::Tls { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("TLS failure talking to 127.0.0.1"),
        "{e}"
    );
    assert!(e.help().unwrap().contains("certificate"));
    assert_eq!(client.request_count(), 1, "no retry");
}

#[test]
fn page_styles_set_on_the_wiki_survive_an_update() {
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    s.wiki
        .edit_page("da", "move", |p| p.script_css = ".x { color: red }".into());
    pages[0].body.push_str("Ny linje.\n");
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    let da = s.wiki.page("da", "move").unwrap();
    assert_eq!(da.content, pages[0].body);
    assert_eq!(da.script_css, ".x { color: red }");
}

#[test]
fn a_publishing_window_set_on_the_wiki_survives_an_update_and_a_forced_one() {
    const START: &str = "2030-01-01T08:00:00.000Z";
    const END: &str = "2030-12-31T23:00:00.000Z";
    let s = Setup::new();
    let mut pages = two_pages(&s);
    s.run(&pages, apply());
    // A maintainer schedules the page and marks it private in the wiki's editor.
    s.wiki.edit_page("da", "move", |p| {
        p.publish_start_date = START.into();
        p.publish_end_date = END.into();
        p.script_css = ".x { color: red }".into();
    });
    pages[0].body.push_str("Ny linje.\n");
    let r = s.run(&pages, apply());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    let da = s.wiki.page("da", "move").unwrap();
    assert_eq!(da.content, pages[0].body);
    assert_eq!(
        (da.publish_start_date.as_str(), da.publish_end_date.as_str()),
        (START, END)
    );
    assert_eq!(da.script_css, ".x { color: red }");

    // A forced overwrite of an edit made on the wiki keeps them too.
    s.wiki
        .edit_page("da", "move", |p| p.content.push_str("Fra wikien.\n"));
    assert_eq!(
        s.run(&pages, apply()).pages[0].planned.action,
        Action::Conflict
    );
    let r = s.run(&pages, force());
    assert_eq!(r.pages[0].outcome, Some(Outcome::Updated));
    let da = s.wiki.page("da", "move").unwrap();
    assert_eq!(da.content, pages[0].body);
    assert_eq!(
        (da.publish_start_date.as_str(), da.publish_end_date.as_str()),
        (START, END)
    );

    // An unset window stays unset (and is not sent as an invalid date).
    let en = s.wiki.page("en", "move").unwrap();
    pages[1].body.push_str("More.\n");
    s.run(&pages, apply());
    let en_after = s.wiki.page("en", "move").unwrap();
    assert_ne!(en.content, en_after.content);
    assert_eq!(en_after.publish_start_date, "");
    assert_eq!(en_after.publish_end_date, "");
}

#[test]
fn the_standin_clears_what_an_update_omits_as_wikijs_does() {
    // What the test above guards against: an update without the window clears it.
    let s = Setup::new();
    let pages = two_pages(&s);
    s.run(&pages, apply());
    s.wiki.edit_page("da", "move", |p| {
        p.publish_start_date = "2030-01-01T08:00:00.000Z".into();
    });
    let id = s.wiki.page("da", "move").unwrap().id;
    let body = serde_json::json!({
        "query": "mutation ($id: Int!) { pages { update(id: $id, content: \"x\", tags: []) { responseResult { succeeded } } } }",
        "variables": { "id": id },
    });
    let answer = ureq_post(&s.wiki.url(), &body.to_string());
    assert!(answer.contains("\"succeeded\":true"), "{answer}");
    let da = s.wiki.page("da", "move").unwrap();
    assert_eq!(da.publish_start_date, "");
    assert!(!da.is_published, "an omitted isPublished unpublishes");
}

/// Posts a GraphQL request with the admin key, returns the body.
fn ureq_post(url: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let addr = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn a_redirect_is_not_followed_with_the_key_and_says_where_to() {
    let s = Setup::new();
    s.wiki.fail_next(
        1,
        Fault::Redirect("https://wiki.example.org/graphql".into()),
    );
    let e = s.client_with(ADMIN_KEY, 3).list_pages().unwrap_err();
    assert_eq!(
        e,
        ClientError::Redirect {
            location: "https://wiki.example.org/graphql".into()
        }
    );
    assert_eq!(s.wiki.request_count(), 1);
}

#[test]
fn a_page_deleted_during_a_forced_update_is_reported_as_wikijs_6003() {
    let s = Setup::new();
    let pages = two_pages(&s);
    s.run(&pages, apply());
    // A conflict, overwritten with --force (so without the check before writing), and the
    // page is deleted on the wiki just before.
    edit_on_wiki(&s);
    let client = s.client_with(ADMIN_KEY, 0);
    let mut state = State::load(&s.state_path(), &sync::graphql::target_name(&client)).unwrap();
    struct DeleteOnPush<'a>(&'a Wiki);
    impl sync::Progress for DeleteOnPush<'_> {
        fn begin(&mut self, phase: &str, _: usize) {
            if phase == "pushing pages" {
                self.0.delete_page("da", "move");
            }
        }
    }
    let options = force();
    let r = sync::graphql::run(
        &client,
        &pages,
        &mut state,
        &options,
        &mut DeleteOnPush(&s.wiki),
    )
    .unwrap();
    match &r.pages[0].outcome {
        Some(Outcome::Failed(why)) => {
            assert!(why.contains("no longer exists on the wiki"), "{why}");
            assert!(why.contains("6003"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(r.pages[1].outcome, Some(Outcome::Unchanged));
    assert!(
        s.wiki.page("da", "move").is_none(),
        "nothing was recreated behind the back"
    );
}

#[test]
fn a_wiki_edit_of_the_title_only_is_already_in_the_guides_text_and_noted() {
    let s = Setup::new();
    let pages = two_pages(&s);
    s.run(&pages, apply());
    assert!(s.wiki.edit_page("da", "move", |p| {
        p.title = "Ny titel".into();
    }));
    let before = std::fs::read_to_string(&pages[0].source).unwrap();
    let r = s.run(&pages, pull());
    assert_eq!(r.pages[0].planned.action, Action::Conflict);
    assert_eq!(
        r.pages[0].pulled.clone().unwrap().unwrap().outcome,
        PullOutcome::AlreadyMerged
    );
    assert_eq!(std::fs::read_to_string(&pages[0].source).unwrap(), before);
    assert!(
        r.pages[0]
            .planned
            .notes
            .iter()
            .any(|n| n.contains("the wiki's title differs")),
        "{:?}",
        r.pages[0].planned.notes
    );
}

#[cfg(unix)]
#[test]
fn pull_never_writes_a_guide_through_a_link() {
    let s = Setup::new();
    let pages = two_pages(&s);
    s.run(&pages, apply());
    edit_on_wiki(&s);
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("elsewhere.md");
    std::fs::write(&victim, &pages[0].body).unwrap();
    std::fs::remove_file(&pages[0].source).unwrap();
    std::os::unix::fs::symlink(&victim, &pages[0].source).unwrap();
    let r = s.run(&pages, pull());
    let why = r.pages[0].pulled.clone().unwrap().unwrap_err();
    assert!(why.contains("symbolic link"), "{why}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), pages[0].body);
    assert!(
        std::fs::symlink_metadata(&pages[0].source)
            .unwrap()
            .is_symlink()
    );
    // Nothing changed on the wiki either.
    assert_eq!(
        s.wiki.page("da", "move").unwrap().content,
        "# Flyt\n\nRettet i browseren.\n"
    );
}

mod assets {
    use super::*;
    use guide_lint::sync::assets::{AssetAction, AssetOutcome, SyncAsset};

    fn asset(path: &str, content: &[u8]) -> SyncAsset {
        use sha2::{Digest, Sha256};
        let rel = path.trim_start_matches('/');
        let mut folders: Vec<String> = rel.split('/').map(str::to_string).collect();
        let name = folders.pop().unwrap();
        SyncAsset {
            url: path.into(),
            folders,
            name,
            source: PathBuf::from(format!("guides/en/img/{rel}")),
            content: content.to_vec(),
            sha256: format!(
                "sha256:{}",
                Sha256::digest(content)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            ),
        }
    }

    fn run(
        s: &Setup,
        pages: &[SyncPage],
        assets: &[SyncAsset],
        options: SyncOptions,
    ) -> SyncReport {
        let client = s.client_with(ADMIN_KEY, 2);
        let mut state = State::load(&s.state_path(), &sync::graphql::target_name(&client)).unwrap();
        sync::graphql::run_with_assets(
            &client,
            pages,
            assets,
            &mut state,
            &options,
            &mut NoProgress,
        )
        .unwrap()
    }

    fn asset_actions(r: &SyncReport) -> Vec<(String, AssetAction, Option<AssetOutcome>)> {
        r.assets
            .iter()
            .map(|a| (a.url.clone(), a.action, a.outcome.clone()))
            .collect()
    }

    fn uploads(s: &Setup) -> Vec<String> {
        s.wiki
            .calls()
            .into_iter()
            .filter_map(|c| match c {
                Call::Upload { path } => Some(path),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn assets_are_uploaded_into_their_folders_once_and_served_at_their_path() {
        let s = Setup::new();
        let pages = vec![s.page("en", "move", "# Move\n\n![A](/move-guide/settings.png)\n")];
        let assets = vec![
            asset("/move-guide/settings.png", b"\x89PNG one"),
            asset("/move-guide/files/Check List.pdf", b"%PDF list"),
        ];
        let r = run(&s, &pages, &assets, plan());
        assert_eq!(
            asset_actions(&r),
            vec![
                ("/move-guide/settings.png".into(), AssetAction::Upload, None),
                (
                    "/move-guide/files/Check List.pdf".into(),
                    AssetAction::Upload,
                    None
                ),
            ]
        );
        assert!(s.wiki.assets().is_empty(), "a plan uploads nothing");
        let text = sync::report::render(&r);
        assert!(
            text.contains("upload     /move-guide/settings.png"),
            "{text}"
        );
        assert!(text.contains("2 assets: 2 to upload"), "{text}");
        let json = sync::json::render(&r);
        assert!(json.contains("\"action\": \"upload\""), "{json}");

        let r = run(&s, &pages, &assets, apply());
        assert_eq!(r.exit_code(), 0, "{}", sync::report::render(&r));
        assert!(
            r.assets
                .iter()
                .all(|a| a.outcome == Some(AssetOutcome::Uploaded))
        );
        let on_wiki = s.wiki.assets();
        assert_eq!(on_wiki["/move-guide/settings.png"].content, b"\x89PNG one");
        // Wiki.js lowercases and cleans uploaded names.
        assert_eq!(
            on_wiki["/move-guide/files/check_list.pdf"].content,
            b"%PDF list"
        );
        let folders: Vec<Call> = s
            .wiki
            .calls()
            .into_iter()
            .filter(|c| matches!(c, Call::CreateFolder { .. }))
            .collect();
        assert_eq!(
            folders,
            vec![
                Call::CreateFolder {
                    path: "move-guide".into()
                },
                Call::CreateFolder {
                    path: "move-guide/files".into()
                },
            ]
        );
        // Served back at its path.
        let client = s.client_with(ADMIN_KEY, 0);
        assert_eq!(
            client
                .fetch_asset("/move-guide/settings.png")
                .unwrap()
                .as_deref(),
            Some(&b"\x89PNG one"[..])
        );
        let state = std::fs::read_to_string(s.state_path()).unwrap();
        assert!(state.contains("/move-guide/settings.png"), "{state}");
        assert!(state.contains("sha256:"), "{state}");

        // A re-sync sends nothing.
        s.wiki.clear_calls();
        let r = run(&s, &pages, &assets, apply());
        assert!(
            r.assets.iter().all(|a| a.action == AssetAction::Unchanged),
            "{}",
            sync::report::render(&r)
        );
        assert!(s.wiki.mutations().is_empty(), "{:?}", s.wiki.mutations());
        assert_eq!(r.exit_code(), 0);
    }

    #[test]
    fn a_changed_asset_is_sent_again_and_a_wiki_changed_one_is_a_conflict() {
        let s = Setup::new();
        let pages = vec![s.page("en", "move", "# Move\n")];
        let a1 = asset("/move-guide/a.png", b"first");
        let b1 = asset("/move-guide/b.png", b"bee");
        run(&s, &pages, &[a1.clone(), b1.clone()], apply());

        // Changed in the guides: uploaded again, in place.
        s.wiki.clear_calls();
        let a2 = asset("/move-guide/a.png", b"second");
        let r = run(&s, &pages, &[a2.clone(), b1.clone()], apply());
        assert_eq!(
            asset_actions(&r),
            vec![
                (
                    "/move-guide/a.png".into(),
                    AssetAction::Upload,
                    Some(AssetOutcome::Uploaded)
                ),
                (
                    "/move-guide/b.png".into(),
                    AssetAction::Unchanged,
                    Some(AssetOutcome::Unchanged)
                ),
            ]
        );
        assert_eq!(uploads(&s), vec!["/move-guide/a.png"]);
        assert_eq!(s.wiki.assets()["/move-guide/a.png"].content, b"second");

        // Replaced on the wiki: a conflict, kept.
        assert!(s.wiki.upload_asset("/move-guide/b.png", b"a better bee"));
        s.wiki.clear_calls();
        let b2 = asset("/move-guide/b.png", b"bee, edited in the guides");
        let r = run(&s, &pages, &[a2.clone(), b2.clone()], apply());
        assert_eq!(
            asset_actions(&r)[1],
            (
                "/move-guide/b.png".into(),
                AssetAction::Conflict,
                Some(AssetOutcome::Skipped)
            )
        );
        assert!(uploads(&s).is_empty());
        assert_eq!(
            s.wiki.assets()["/move-guide/b.png"].content,
            b"a better bee"
        );
        assert_eq!(r.exit_code(), 1);
        let text = sync::report::render(&r);
        assert!(
            text.contains("changed on the wiki since the last sync"),
            "{text}"
        );

        // A plan with --force shows the overwrite; --apply --force carries it out.
        let r = run(
            &s,
            &pages,
            &[a2.clone(), b2.clone()],
            SyncOptions {
                force: true,
                ..plan()
            },
        );
        assert!(sync::report::render(&r).contains("overwrite  /move-guide/b.png"));
        let r = run(&s, &pages, &[a2.clone(), b2.clone()], force());
        assert_eq!(r.assets[1].outcome, Some(AssetOutcome::Uploaded));
        assert_eq!(
            s.wiki.assets()["/move-guide/b.png"].content,
            b"bee, edited in the guides"
        );
        let r = run(&s, &pages, &[a2, b2], apply());
        assert!(r.assets.iter().all(|a| a.action == AssetAction::Unchanged));
    }

    #[test]
    fn a_file_already_on_the_wiki_is_adopted_when_equal_and_kept_when_not() {
        let s = Setup::new();
        let pages = vec![s.page("en", "move", "# Move\n")];
        // Someone uploaded the folder's files by hand before the first sync.
        run(&s, &pages, &[asset("/move-guide/x.png", b"x")], apply());
        std::fs::remove_file(s.state_path()).unwrap();
        assert!(s.wiki.upload_asset("/move-guide/same.png", b"same"));
        assert!(s.wiki.upload_asset("/move-guide/other.png", b"theirs"));
        s.wiki.clear_calls();
        let assets = [
            asset("/move-guide/same.png", b"same"),
            asset("/move-guide/other.png", b"ours"),
        ];
        let r = run(&s, &pages, &assets, apply());
        assert_eq!(
            asset_actions(&r),
            vec![
                (
                    "/move-guide/same.png".into(),
                    AssetAction::Unchanged,
                    Some(AssetOutcome::Unchanged)
                ),
                (
                    "/move-guide/other.png".into(),
                    AssetAction::Conflict,
                    Some(AssetOutcome::Skipped)
                ),
            ]
        );
        assert!(uploads(&s).is_empty());
        assert_eq!(s.wiki.assets()["/move-guide/other.png"].content, b"theirs");
        // The adopted one is recorded: the next run does not read it again.
        s.wiki.clear_calls();
        run(&s, &pages, &assets[..1], apply());
        assert!(uploads(&s).is_empty());
    }

    #[test]
    fn a_key_without_write_assets_stops_the_run_and_says_why() {
        let s = Setup::new();
        s.wiki.add_key(
            "pages-only",
            &["read:pages", "write:pages", "manage:pages", "read:assets"],
        );
        let pages = vec![s.page("en", "move", "# Move\n")];
        let client = s.client_with("pages-only", 0);
        let mut state = State::load(&s.state_path(), &sync::graphql::target_name(&client)).unwrap();
        let r = sync::graphql::run_with_assets(
            &client,
            &pages,
            &[asset("/a.png", b"a")],
            &mut state,
            &apply(),
            &mut NoProgress,
        )
        .unwrap();
        let text = sync::report::render(&r);
        // Every upload would be refused alike: the run stops after the pages, saying why.
        assert_eq!(r.exit_code(), 2, "{text}");
        assert_eq!(r.assets[0].outcome, None, "{text}");
        assert!(text.contains("lacks `write:assets`"), "{text}");
        assert!(s.wiki.assets().is_empty());
    }

    fn recorded(s: &Setup, url: &str) -> Option<sync::state::AssetState> {
        let client = s.client_with(ADMIN_KEY, 0);
        State::load(&s.state_path(), &sync::graphql::target_name(&client))
            .unwrap()
            .asset(url)
            .cloned()
    }

    #[test]
    fn uploads_are_retried_through_faults_and_never_recorded_when_they_did_not_land() {
        let s = Setup::new();
        let pages = vec![s.page("en", "move", "# Move\n")];
        let a = asset("/move-guide/a.png", b"\x89PNG a");
        let b = asset("/move-guide/b.png", b"\x89PNG b");
        let c = asset("/move-guide/c.png", b"\x89PNG c");
        // a: carried out, then the answer breaks; b: a 500, then a timeout (the wiki carries the
        // upload out late); then the first read-back breaks half-way through the file.
        s.wiki.fail_uploads(1, Fault::DropAfter);
        let r = run(&s, &pages, std::slice::from_ref(&a), apply());
        assert_eq!(r.assets[0].outcome, Some(AssetOutcome::Uploaded));
        s.wiki.fail_uploads(1, Fault::Status(500));
        s.wiki.fail_uploads(1, Fault::Delay(Duration::from_secs(6)));
        s.wiki.fail_downloads(1, Fault::DropAfter);
        let r = run(&s, &pages, &[a.clone(), b.clone(), c.clone()], apply());
        assert_eq!(
            asset_actions(&r),
            vec![
                (
                    "/move-guide/a.png".into(),
                    AssetAction::Unchanged,
                    Some(AssetOutcome::Unchanged)
                ),
                (
                    "/move-guide/b.png".into(),
                    AssetAction::Upload,
                    Some(AssetOutcome::Uploaded)
                ),
                (
                    "/move-guide/c.png".into(),
                    AssetAction::Upload,
                    Some(AssetOutcome::Uploaded)
                ),
            ],
            "{}",
            sync::report::render(&r)
        );
        let faulted = s
            .wiki
            .calls()
            .iter()
            .filter(|c| matches!(c, Call::Faulted(_)))
            .count();
        assert_eq!(faulted, 4);
        for x in [&a, &b, &c] {
            assert_eq!(s.wiki.assets()[&x.url].content, x.content);
            assert_eq!(recorded(&s, &x.url).unwrap().sha256, x.sha256);
        }

        // Every attempt broken: the run stops (exit 2), the asset not recorded; the next run
        // uploads it.
        let d = asset("/move-guide/d.png", b"\x89PNG d");
        s.wiki.fail_uploads(3, Fault::DropBefore);
        let r = run(&s, &pages, std::slice::from_ref(&d), apply());
        assert_ne!(r.assets[0].outcome, Some(AssetOutcome::Uploaded));
        assert_eq!(r.exit_code(), 2, "{}", sync::report::render(&r));
        assert!(!s.wiki.assets().contains_key("/move-guide/d.png"));
        assert_eq!(recorded(&s, "/move-guide/d.png"), None);
        // Uploaded, but the wiki cannot be read back: not recorded either.
        s.wiki.fail_downloads(3, Fault::Status(502));
        let r = run(&s, &pages, std::slice::from_ref(&d), apply());
        assert_ne!(r.assets[0].outcome, Some(AssetOutcome::Uploaded));
        assert_eq!(r.exit_code(), 2);
        assert_eq!(recorded(&s, "/move-guide/d.png"), None);
        // The next run finds it on the wiki, reads it back, and adopts it.
        let r = run(&s, &pages, std::slice::from_ref(&d), apply());
        assert_eq!(r.assets[0].outcome, Some(AssetOutcome::Unchanged));
        assert_eq!(recorded(&s, "/move-guide/d.png").unwrap().sha256, d.sha256);
    }

    #[test]
    fn an_upload_that_leaves_the_earlier_file_in_place_is_not_recorded() {
        let s = Setup::new();
        let pages = vec![s.page("en", "move", "# Move\n")];
        run(&s, &pages, &[asset("/move-guide/a.png", b"one")], apply());
        // The next version's upload answers `ok` without storing anything (a proxy that
        // swallows the request): the wiki still lists and serves the first file.
        s.wiki.fail_uploads(1, Fault::Status(200));
        let two = asset("/move-guide/a.png", b"two");
        let r = run(&s, &pages, std::slice::from_ref(&two), apply());
        let Some(AssetOutcome::Failed(why)) = &r.assets[0].outcome else {
            panic!("{:?}", r.assets[0].outcome)
        };
        assert!(why.contains("did not go through"), "{why}");
        assert_eq!(s.wiki.assets()["/move-guide/a.png"].content, b"one");
        assert_ne!(
            recorded(&s, "/move-guide/a.png").unwrap().sha256,
            two.sha256
        );
        let r = run(&s, &pages, std::slice::from_ref(&two), apply());
        assert_eq!(r.assets[0].outcome, Some(AssetOutcome::Uploaded));
    }

    #[test]
    fn a_sanitised_svg_is_compared_with_what_the_wiki_made_of_it() {
        let s = Setup::new();
        let pages = vec![s.page("en", "move", "# Move\n")];
        let svg = asset(
            "/move-guide/logo.svg",
            b"<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"><script>x()</script><rect/></svg>\n",
        );
        let r = run(&s, &pages, std::slice::from_ref(&svg), apply());
        assert_eq!(r.assets[0].outcome, Some(AssetOutcome::Uploaded));
        let served = s.wiki.assets()["/move-guide/logo.svg"].content.clone();
        assert_ne!(served, svg.content, "the stand-in sanitises SVG");
        assert_eq!(
            served,
            wikijs_standin::sanitize_svg(&svg.content),
            "{}",
            String::from_utf8_lossy(&served)
        );
        let rec = recorded(&s, "/move-guide/logo.svg").unwrap();
        assert_eq!(rec.sha256, svg.sha256);
        assert!(rec.wiki_sha256.is_some() && rec.wiki_sha256 != Some(svg.sha256.clone()));

        // Re-synced: unchanged, nothing sent.
        s.wiki.clear_calls();
        let r = run(&s, &pages, std::slice::from_ref(&svg), apply());
        assert_eq!(r.assets[0].action, AssetAction::Unchanged);
        assert!(uploads(&s).is_empty());
        // The wiki saved it again as it was (its listing moved): still unchanged, recorded anew.
        assert!(s.wiki.upload_asset("/move-guide/logo.svg", &served));
        let r = run(&s, &pages, std::slice::from_ref(&svg), apply());
        assert_eq!(
            asset_actions(&r)[0],
            (
                "/move-guide/logo.svg".into(),
                AssetAction::Unchanged,
                Some(AssetOutcome::Unchanged)
            ),
            "{}",
            sync::report::render(&r)
        );
        assert!(uploads(&s).is_empty());
        assert_eq!(r.exit_code(), 0);
        // Someone else's drawing there is a conflict.
        assert!(
            s.wiki
                .upload_asset("/move-guide/logo.svg", b"<svg><circle/></svg>")
        );
        let r = run(&s, &pages, std::slice::from_ref(&svg), apply());
        assert_eq!(r.assets[0].action, AssetAction::Conflict);
    }
}
