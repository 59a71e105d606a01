//! A stand-in for the Wiki.js 2.5 GraphQL page API, for guide-lint's sync tests.
//!
//! It is a real GraphQL server (async-graphql behind axum) on `127.0.0.1` and an ephemeral
//! port, serving the page schema subset guide-lint uses, with Wiki.js 2.5's semantics as
//! recorded in docs/wikijs.md and read from the Wiki.js source (`server/models/pages.js`,
//! `server/graph/resolvers/page.js`, `server/core/auth.js`):
//!
//! - `pages { create, update, render, list, links, single, singleByPath }` and
//!   `users { profile }` (refused to guests), mutations answering
//!   `responseResult { succeeded errorCode slug message }`, queries throwing GraphQL errors;
//! - error codes 6002 (duplicate), 6003 (not found), 6004 (empty content), 6005 (illegal path);
//! - `update` pitfalls: an omitted `isPublished` becomes false, omitted `scriptJs`/`scriptCss`
//!   are cleared, omitted `publishStartDate`/`publishEndDate` are cleared (`updatePage` saves
//!   `opts.publishStartDate || ''`), omitted `tags` throws after the content was saved, omitted
//!   `title` and `description` keep their value, a different path or locale moves the page;
//! - tags are trimmed, lowercased and de-duplicated; `updatedAt` changes on every save;
//! - API keys act with their group's permissions: a malformed or unknown bearer token makes
//!   the request a guest's (mutations then fail with `Forbidden`), a revoked key is answered
//!   with HTTP 500; `scriptJs` is silently dropped without `write:scripts` (and `scriptCss`
//!   without `write:styles`); `render` needs `manage:system`;
//! - assets: `assets { folders, list, createFolder }`, uploads to `POST /u` (multipart, field
//!   `mediaUpload` with `{"folderId": N}` then the file; `write:assets`; names lowercased and
//!   cleaned; the same path replaced in place with a new `updatedAt`; an SVG sanitised before
//!   it is stored, as Wiki.js's `sanitize-svg` job does: what is served differs from what was
//!   sent), and each file served back with `GET` at its path;
//! - `render` holds, for each internal link of the page, whether its target page existed when
//!   the page was last rendered (`is-valid-page` / `is-invalid-page`), as Wiki.js colours links;
//!   creating a page does not re-render the pages linking to it.
//!
//! Tests drive it from the side of the wiki: edit or delete pages as a person would in the
//! browser, make the Nth request fail (HTTP status, dropped connection before or after the
//! request was carried out, delay), or the next uploads or file downloads, and read the log of
//! calls.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_graphql::{
    Context, EmptySubscription, InputValueError, InputValueResult, Object, Scalar, ScalarType,
    Schema, SimpleObject, Value,
};
use axum::body::{Body, Bytes};
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

/// The key created with full rights (`manage:system`) by [`Wiki::start`].
pub const ADMIN_KEY: &str = "standin-admin-key";

/// A page as the wiki stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub id: i32,
    pub locale: String,
    pub path: String,
    pub title: String,
    pub description: String,
    pub content: String,
    pub is_published: bool,
    pub is_private: bool,
    pub tags: Vec<String>,
    pub script_js: String,
    pub script_css: String,
    pub publish_start_date: String,
    pub publish_end_date: String,
    pub editor: String,
    pub created_at: String,
    pub updated_at: String,
    /// Stand-in render: one line per internal link, `<a href=".." class="is-internal-link
    /// is-valid-page">` or `is-invalid-page`.
    pub render: String,
}

/// A page to put on the wiki from the wiki's side ([`Wiki::insert_page`]).
#[derive(Debug, Clone, Default)]
pub struct NewPage {
    pub locale: String,
    pub path: String,
    pub title: String,
    pub description: String,
    pub content: String,
    pub tags: Vec<String>,
    pub script_js: String,
    pub is_published: bool,
}

/// How to spoil one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status and an HTML error page; the request is not carried out.
    Status(u16),
    /// Break the connection without an answer; the request is not carried out.
    DropBefore,
    /// Carry the request out, then break the connection before the answer is complete.
    DropAfter,
    /// Wait this long before handling the request.
    Delay(Duration),
    /// Answer `308 Permanent Redirect` to this location.
    Redirect(String),
}

/// What the wiki was asked to do, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// A request that reached the GraphQL layer: `list`, `single`, `singleByPath` queries.
    Query(String),
    Create {
        locale: String,
        path: String,
    },
    Update {
        id: i32,
    },
    Render {
        id: i32,
    },
    /// An asset folder created (`assets { createFolder }`), by its path.
    CreateFolder {
        path: String,
    },
    /// A file uploaded through `POST /u`, by the path it is served at.
    Upload {
        path: String,
    },
    /// A request spoiled by a [`Fault`].
    Faulted(Fault),
}

/// Configuration of a stand-in wiki.
#[derive(Debug, Clone)]
pub struct Options {
    /// Whether pages are namespaced by locale (`/da/page`), as on a multilingual wiki.
    pub namespacing: bool,
    /// The wiki's primary locale.
    pub primary_locale: String,
    /// Permissions of the guest group (requests without a valid key).
    pub guest_permissions: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            namespacing: true,
            primary_locale: "en".into(),
            guest_permissions: vec!["read:pages".into(), "read:assets".into()],
        }
    }
}

/// An asset folder (Wiki.js's `assetFolders`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Folder {
    id: i32,
    /// 0: the root.
    parent: i32,
    slug: String,
}

/// An asset as the wiki stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub id: i32,
    /// Its folder (0: the root).
    pub folder: i32,
    /// The stored name (lowercased and cleaned as Wiki.js does).
    pub filename: String,
    pub content: Vec<u8>,
    pub created_at: String,
    pub updated_at: String,
}

struct State {
    options: Options,
    pages: BTreeMap<i32, Page>,
    folders: BTreeMap<i32, Folder>,
    assets: BTreeMap<i32, Asset>,
    next_asset_id: i32,
    next_id: i32,
    clock_ms: u64,
    keys: BTreeMap<String, Vec<String>>,
    revoked: Vec<String>,
    requests: u64,
    faults: BTreeMap<u64, Fault>,
    outage: Option<(u64, Fault)>,
    /// Faults for the next uploads (`POST /u`) and file downloads (`GET`), in order.
    upload_faults: std::collections::VecDeque<Fault>,
    download_faults: std::collections::VecDeque<Fault>,
    log: Vec<Call>,
}

impl State {
    fn now(&mut self) -> String {
        // A clock that moves on every save, so `updatedAt` always changes.
        self.clock_ms += 1_001;
        iso(self.clock_ms)
    }

    fn find(&self, locale: &str, path: &str) -> Option<&Page> {
        self.pages
            .values()
            .find(|p| p.locale == locale && p.path == path)
    }

    fn render(&self, page: &Page) -> String {
        render_links(page, &self.options, |l, p| self.find(l, p).is_some())
    }

    /// The folder's path (`move-guide/img`), "" for the root.
    fn folder_path(&self, id: i32) -> String {
        let mut parts = Vec::new();
        let mut at = id;
        while let Some(f) = self.folders.get(&at) {
            parts.push(f.slug.clone());
            at = f.parent;
        }
        parts.reverse();
        parts.join("/")
    }

    /// The path an asset is served at (`/move-guide/a.png`).
    fn asset_path(&self, a: &Asset) -> String {
        let folder = self.folder_path(a.folder);
        if folder.is_empty() {
            format!("/{}", a.filename)
        } else {
            format!("/{folder}/{}", a.filename)
        }
    }

    fn asset_at(&self, path: &str) -> Option<&Asset> {
        self.assets.values().find(|a| self.asset_path(a) == path)
    }

    /// Stores an upload as Wiki.js's `uploadFile` does: the same path replaces the file in
    /// place (same id), a new one gets a new id.
    fn store_asset(&mut self, folder: i32, filename: &str, content: Vec<u8>) -> String {
        let content = if filename.ends_with(".svg") {
            sanitize_svg(&content)
        } else {
            content
        };
        let now = self.now();
        let existing = self
            .assets
            .values()
            .find(|a| a.folder == folder && a.filename == filename)
            .map(|a| a.id);
        match existing {
            Some(id) => {
                if let Some(a) = self.assets.get_mut(&id) {
                    a.content = content;
                    a.updated_at = now;
                }
            }
            None => {
                let id = self.next_asset_id;
                self.next_asset_id += 1;
                self.assets.insert(
                    id,
                    Asset {
                        id,
                        folder,
                        filename: filename.to_string(),
                        content,
                        created_at: now.clone(),
                        updated_at: now,
                    },
                );
            }
        }
        let path = self.folder_path(folder);
        if path.is_empty() {
            format!("/{filename}")
        } else {
            format!("/{path}/{filename}")
        }
    }
}

/// An SVG as Wiki.js's `sanitize-svg` job leaves it (DOMPurify, SVG profile, serialised
/// again): the XML declaration, comments, `<script>` elements and `on...` attributes go.
pub fn sanitize_svg(content: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(content);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    loop {
        let next = ["<?", "<!--", "<script"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min();
        let Some((at, marker)) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        let close = match marker {
            "<?" => "?>",
            "<!--" => "-->",
            _ => "</script>",
        };
        rest = match rest[at..].find(close) {
            Some(end) => &rest[at + end + close.len()..],
            None => "",
        };
    }
    let mut cleaned = String::with_capacity(out.len());
    let mut rest: &str = &out;
    while let Some(at) = rest.find(" on") {
        let after = &rest[at + 3..];
        let name_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        if name_len > 0
            && after[name_len..].starts_with("=\"")
            && let Some(end) = after[name_len + 2..].find('"')
        {
            cleaned.push_str(&rest[..at]);
            rest = &after[name_len + 2 + end + 1..];
        } else {
            cleaned.push_str(&rest[..at + 3]);
            rest = after;
        }
    }
    cleaned.push_str(rest);
    cleaned.trim_start().as_bytes().to_vec()
}

/// The name Wiki.js stores an upload under: lowercased, runs of whitespace, `,`, `;` and `#`
/// replaced by `_` (then `sanitize-filename`, which these names never need here).
fn upload_name(name: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in name.to_lowercase().chars() {
        if c.is_whitespace() || matches!(c, ',' | ';' | '#') {
            if !in_run {
                out.push('_');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

/// `2024-01-01T00:00:00.000Z` plus `ms` milliseconds (within the month is plenty for tests).
fn iso(ms: u64) -> String {
    let day = ms / 86_400_000 + 1;
    let rem = ms % 86_400_000;
    format!(
        "2024-01-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        day.min(28),
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

fn is_locale(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 2 && b.iter().all(u8::is_ascii_lowercase))
        || (b.len() == 5
            && b[2] == b'-'
            && b[..2].iter().all(u8::is_ascii_lowercase)
            && b[3..].iter().all(u8::is_ascii_lowercase))
}

/// Which page an internal href points at, as Wiki.js resolves it (a relative href is a child
/// of the page's path); `None` for anything Wiki.js does not treat as a page link (anchors,
/// `mailto:`/`tel:`, external and system links, anything with a dot).
fn link_target(href: &str, page: &Page, options: &Options) -> Option<(String, String)> {
    let href = href.split('#').next().unwrap_or("");
    if href.is_empty()
        || href.contains("://")
        || href.contains('.')
        || href.starts_with("mailto:")
        || href.starts_with("tel:")
    {
        return None;
    }
    if !href.starts_with('/') {
        let rest = href.trim_end_matches('/');
        return Some((page.locale.clone(), format!("{}/{rest}", page.path)));
    }
    let rest = href.trim_start_matches('/').trim_end_matches('/');
    if rest
        .split('/')
        .next()
        .is_some_and(|first| first.chars().count() == 1)
    {
        return None;
    }
    if options.namespacing {
        match rest.split_once('/') {
            Some((first, tail)) if is_locale(first) => Some((first.into(), tail.into())),
            None if is_locale(rest) => Some((rest.into(), "home".into())),
            _ => Some((page.locale.clone(), rest.into())),
        }
    } else {
        Some((options.primary_locale.clone(), rest.into()))
    }
}

fn render_links(page: &Page, options: &Options, exists: impl Fn(&str, &str) -> bool) -> String {
    // Markdown links (not images) and `<a href>`.
    let re = regex::Regex::new(r#"(!?)\[[^\]]*\]\(([^)\s]*)\)|<a [^>]*href="([^"]*)""#)
        .expect("valid regex");
    let mut out = Vec::new();
    for c in re.captures_iter(&page.content) {
        if c.get(1).is_some_and(|m| m.as_str() == "!") {
            continue;
        }
        let Some(href) = c.get(2).or_else(|| c.get(3)) else {
            continue;
        };
        let Some((locale, path)) = link_target(href.as_str(), page, options) else {
            continue;
        };
        let class = if exists(&locale, &path) {
            "is-valid-page"
        } else {
            "is-invalid-page"
        };
        out.push(format!(
            "<a href=\"{}\" class=\"is-internal-link {class}\">",
            href.as_str()
        ));
    }
    out.join("\n")
}

/// The hrefs a stand-in render holds.
fn rendered_links(render: &str) -> impl Iterator<Item = &str> {
    render.lines().filter_map(|l| {
        l.strip_prefix("<a href=\"")
            .and_then(|rest| rest.split_once('"'))
            .map(|(href, _)| href)
    })
}

type Shared = Arc<Mutex<State>>;

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    // A test that panicked while holding the lock must not hide the real failure.
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// Who is asking: the permissions of the key's group, or the guest group's.
#[derive(Debug, Clone)]
struct Caller {
    permissions: Vec<String>,
    /// No valid key: the guest user (Wiki.js's user id 2).
    guest: bool,
}

impl Caller {
    /// Wiki.js's `checkAccess`: `manage:system` grants everything.
    fn can(&self, permission: &str) -> bool {
        self.permissions
            .iter()
            .any(|p| p == permission || p == "manage:system")
    }

    /// The `@auth(requires: [...])` directive: any one of them will do.
    fn require(&self, any_of: &[&str]) -> async_graphql::Result<()> {
        if any_of.iter().any(|p| self.can(p)) {
            Ok(())
        } else {
            Err("Forbidden".into())
        }
    }
}

/// Wiki.js's `Date` scalar (an ISO 8601 string on the wire).
#[derive(Debug, Clone)]
struct Date(String);

#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(s) => Ok(Date(s)),
            other => Err(InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

#[derive(SimpleObject)]
#[graphql(name = "ResponseStatus")]
struct ResponseStatus {
    succeeded: bool,
    error_code: i32,
    slug: String,
    message: Option<String>,
}

impl ResponseStatus {
    fn ok(message: &str) -> Self {
        Self {
            succeeded: true,
            error_code: 0,
            slug: "ok".into(),
            message: Some(message.into()),
        }
    }

    fn error(code: i32, slug: &str, message: &str) -> Self {
        Self {
            succeeded: false,
            error_code: code,
            slug: slug.into(),
            message: Some(message.into()),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "Page")]
struct PageRef {
    id: i32,
    path: String,
    locale: String,
    title: String,
}

#[derive(SimpleObject)]
#[graphql(name = "PageResponse")]
struct PageResponse {
    response_result: ResponseStatus,
    page: Option<PageRef>,
}

impl PageResponse {
    fn error(code: i32, slug: &str, message: &str) -> Self {
        Self {
            response_result: ResponseStatus::error(code, slug, message),
            page: None,
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "DefaultResponse")]
struct DefaultResponse {
    response_result: ResponseStatus,
}

#[derive(SimpleObject)]
#[graphql(name = "PageTag")]
struct PageTag {
    id: i32,
    tag: String,
    title: String,
}

#[derive(SimpleObject)]
#[graphql(name = "PageMeta")]
struct PageMeta {
    id: i32,
    path: String,
    locale: String,
    title: String,
    description: String,
    content: String,
    render: String,
    is_published: bool,
    is_private: bool,
    tags: Vec<PageTag>,
    created_at: Date,
    updated_at: Date,
    editor: String,
    content_type: String,
    script_js: String,
    script_css: String,
    publish_start_date: Option<Date>,
    publish_end_date: Option<Date>,
}

/// A publishing date as Wiki.js answers it: `null` when unset (stored as `''`).
fn date_or_null(d: &str) -> Option<Date> {
    (!d.is_empty()).then(|| Date(d.to_string()))
}

impl From<&Page> for PageMeta {
    fn from(p: &Page) -> Self {
        PageMeta {
            id: p.id,
            path: p.path.clone(),
            locale: p.locale.clone(),
            title: p.title.clone(),
            description: p.description.clone(),
            content: p.content.clone(),
            render: p.render.clone(),
            is_published: p.is_published,
            is_private: p.is_private,
            tags: p
                .tags
                .iter()
                .enumerate()
                .map(|(i, t)| PageTag {
                    id: i as i32 + 1,
                    tag: t.clone(),
                    title: t.clone(),
                })
                .collect(),
            created_at: Date(p.created_at.clone()),
            updated_at: Date(p.updated_at.clone()),
            editor: p.editor.clone(),
            content_type: "markdown".into(),
            script_js: p.script_js.clone(),
            script_css: p.script_css.clone(),
            publish_start_date: date_or_null(&p.publish_start_date),
            publish_end_date: date_or_null(&p.publish_end_date),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "PageListItem")]
struct PageListItem {
    id: i32,
    path: String,
    locale: String,
    title: String,
    description: String,
    content_type: String,
    is_published: bool,
    is_private: bool,
    created_at: Date,
    updated_at: Date,
    tags: Vec<Option<String>>,
}

struct QueryRoot;

#[Object]
impl QueryRoot {
    async fn pages(&self) -> PageQuery {
        PageQuery
    }

    async fn users(&self) -> UserQuery {
        UserQuery
    }

    async fn assets(&self) -> AssetQuery {
        AssetQuery
    }
}

/// `assets { list(kind) }`'s kinds.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "AssetKind")]
enum AssetKind {
    #[graphql(name = "ALL")]
    All,
    #[graphql(name = "IMAGE")]
    Image,
    #[graphql(name = "BINARY")]
    Binary,
}

#[derive(SimpleObject)]
#[graphql(name = "AssetFolder")]
struct AssetFolderItem {
    id: i32,
    slug: String,
    name: Option<String>,
}

#[derive(SimpleObject)]
#[graphql(name = "AssetItem")]
struct AssetItem {
    id: i32,
    filename: String,
    ext: String,
    kind: String,
    mime: String,
    file_size: i32,
    created_at: Date,
    updated_at: Date,
}

fn is_image(name: &str) -> bool {
    let ext = name.rsplit('.').next().unwrap_or_default();
    matches!(ext, "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg")
}

struct AssetQuery;

#[Object]
impl AssetQuery {
    async fn folders(
        &self,
        ctx: &Context<'_>,
        parent_folder_id: i32,
    ) -> async_graphql::Result<Vec<AssetFolderItem>> {
        log(ctx, Call::Query("folders".into()));
        ctx.data::<Caller>()?.require(&["read:assets"])?;
        let state = lock(ctx.data::<Shared>()?);
        Ok(state
            .folders
            .values()
            .filter(|f| f.parent == parent_folder_id)
            .map(|f| AssetFolderItem {
                id: f.id,
                slug: f.slug.clone(),
                name: Some(f.slug.clone()),
            })
            .collect())
    }

    async fn list(
        &self,
        ctx: &Context<'_>,
        folder_id: i32,
        kind: AssetKind,
    ) -> async_graphql::Result<Vec<AssetItem>> {
        log(ctx, Call::Query("assets".into()));
        ctx.data::<Caller>()?.require(&["read:assets"])?;
        let state = lock(ctx.data::<Shared>()?);
        Ok(state
            .assets
            .values()
            .filter(|a| a.folder == folder_id)
            .filter(|a| match kind {
                AssetKind::All => true,
                AssetKind::Image => is_image(&a.filename),
                AssetKind::Binary => !is_image(&a.filename),
            })
            .map(|a| AssetItem {
                id: a.id,
                filename: a.filename.clone(),
                ext: a
                    .filename
                    .rsplit('.')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                kind: if is_image(&a.filename) {
                    "IMAGE"
                } else {
                    "BINARY"
                }
                .into(),
                mime: "application/octet-stream".into(),
                file_size: i32::try_from(a.content.len()).unwrap_or(i32::MAX),
                created_at: Date(a.created_at.clone()),
                updated_at: Date(a.updated_at.clone()),
            })
            .collect())
    }
}

struct AssetMutation;

#[Object]
impl AssetMutation {
    async fn create_folder(
        &self,
        ctx: &Context<'_>,
        parent_folder_id: i32,
        slug: String,
        name: Option<String>,
    ) -> async_graphql::Result<DefaultResponse> {
        let _ = name;
        ctx.data::<Caller>()?.require(&["write:assets"])?;
        let mut state = lock(ctx.data::<Shared>()?);
        // Wiki.js slugifies the name it is given.
        let slug = slug.trim().to_lowercase();
        if slug.is_empty() || slug.contains('/') {
            return Ok(DefaultResponse {
                response_result: ResponseStatus::error(2001, "InvalidFolderName", "Invalid slug"),
            });
        }
        if parent_folder_id != 0 && !state.folders.contains_key(&parent_folder_id) {
            return Ok(DefaultResponse {
                response_result: ResponseStatus::error(2002, "FolderNotFound", "No such folder"),
            });
        }
        if state
            .folders
            .values()
            .any(|f| f.parent == parent_folder_id && f.slug == slug)
        {
            return Ok(DefaultResponse {
                response_result: ResponseStatus::error(2003, "FolderExists", "Folder exists"),
            });
        }
        let id = state.folders.keys().max().copied().unwrap_or(0) + 1;
        state.folders.insert(
            id,
            Folder {
                id,
                parent: parent_folder_id,
                slug,
            },
        );
        let path = state.folder_path(id);
        state.log.push(Call::CreateFolder { path });
        Ok(DefaultResponse {
            response_result: ResponseStatus::ok("Asset Folder has been created successfully."),
        })
    }
}

struct UserQuery;

/// The profile of the user a request acts as. An API key acts as the pseudo-user Wiki.js
/// builds for keys (id 1, `api@localhost`); a guest is refused, as Wiki.js's
/// `UserQuery.profile` refuses user id 2.
#[derive(SimpleObject)]
#[graphql(name = "UserProfile")]
struct UserProfile {
    id: i32,
    name: String,
    email: String,
}

#[Object]
impl UserQuery {
    async fn profile(&self, ctx: &Context<'_>) -> async_graphql::Result<UserProfile> {
        log(ctx, Call::Query("profile".into()));
        if ctx.data::<Caller>()?.guest {
            return Err("You must be authenticated to access this resource.".into());
        }
        Ok(UserProfile {
            id: 1,
            name: "API".into(),
            email: "api@localhost".into(),
        })
    }
}

/// A page and the internal links recorded at its last render (`pages { links }`).
#[derive(SimpleObject)]
#[graphql(name = "PageLinkItem")]
struct PageLinkItem {
    id: i32,
    path: String,
    title: String,
    links: Vec<String>,
}

struct PageQuery;

fn log(ctx: &Context<'_>, call: Call) {
    if let Ok(shared) = ctx.data::<Shared>() {
        lock(shared).log.push(call);
    }
}

fn view_page(ctx: &Context<'_>, page: Option<&Page>) -> async_graphql::Result<PageMeta> {
    let caller = ctx.data::<Caller>()?;
    match page {
        None => Err("This page does not exist.".into()),
        Some(p) if caller.can("manage:pages") || caller.can("delete:pages") => Ok(p.into()),
        Some(_) => Err("You are not authorized to view this page.".into()),
    }
}

#[Object]
impl PageQuery {
    async fn list(
        &self,
        ctx: &Context<'_>,
        limit: Option<i32>,
        locale: Option<String>,
    ) -> async_graphql::Result<Vec<PageListItem>> {
        log(ctx, Call::Query("list".into()));
        ctx.data::<Caller>()?
            .require(&["manage:system", "read:pages"])?;
        let state = lock(ctx.data::<Shared>()?);
        let mut items: Vec<PageListItem> = state
            .pages
            .values()
            .filter(|p| locale.as_ref().is_none_or(|l| &p.locale == l))
            .map(|p| PageListItem {
                id: p.id,
                path: p.path.clone(),
                locale: p.locale.clone(),
                title: p.title.clone(),
                description: p.description.clone(),
                content_type: "markdown".into(),
                is_published: p.is_published,
                is_private: p.is_private,
                created_at: Date(p.created_at.clone()),
                updated_at: Date(p.updated_at.clone()),
                tags: p.tags.iter().cloned().map(Some).collect(),
            })
            .collect();
        if let Some(limit) = limit.filter(|l| *l > 0) {
            items.truncate(limit as usize);
        }
        Ok(items)
    }

    /// Every page of `locale` with the links its last render recorded, as `locale/path`,
    /// targets that do not exist included (Wiki.js's `pageLinks` table).
    async fn links(
        &self,
        ctx: &Context<'_>,
        locale: String,
    ) -> async_graphql::Result<Vec<PageLinkItem>> {
        log(ctx, Call::Query("links".into()));
        ctx.data::<Caller>()?
            .require(&["manage:system", "read:pages"])?;
        let state = lock(ctx.data::<Shared>()?);
        Ok(state
            .pages
            .values()
            .filter(|p| p.locale == locale)
            .map(|p| {
                let mut links: Vec<String> = rendered_links(&p.render)
                    .filter_map(|href| link_target(href, p, &state.options))
                    .map(|(l, t)| format!("{l}/{t}"))
                    .collect();
                links.sort();
                links.dedup();
                PageLinkItem {
                    id: p.id,
                    path: p.path.clone(),
                    title: p.title.clone(),
                    links,
                }
            })
            .collect())
    }

    async fn single(&self, ctx: &Context<'_>, id: i32) -> async_graphql::Result<PageMeta> {
        log(ctx, Call::Query("single".into()));
        ctx.data::<Caller>()?
            .require(&["read:pages", "manage:system"])?;
        let state = lock(ctx.data::<Shared>()?);
        view_page(ctx, state.pages.get(&id))
    }

    async fn single_by_path(
        &self,
        ctx: &Context<'_>,
        path: String,
        locale: String,
    ) -> async_graphql::Result<PageMeta> {
        log(ctx, Call::Query("singleByPath".into()));
        ctx.data::<Caller>()?
            .require(&["read:pages", "manage:system"])?;
        let state = lock(ctx.data::<Shared>()?);
        view_page(ctx, state.find(&locale, &path))
    }
}

struct MutationRoot;

#[Object]
impl MutationRoot {
    async fn pages(&self) -> PageMutation {
        PageMutation
    }

    async fn assets(&self) -> AssetMutation {
        AssetMutation
    }
}

struct PageMutation;

fn clean_tags(tags: &[Option<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags.iter().flatten() {
        let t = t.trim().to_lowercase();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

#[Object]
impl PageMutation {
    #[allow(clippy::too_many_arguments)]
    async fn create(
        &self,
        ctx: &Context<'_>,
        content: String,
        description: String,
        editor: String,
        is_published: bool,
        is_private: bool,
        locale: String,
        path: String,
        publish_end_date: Option<Date>,
        publish_start_date: Option<Date>,
        script_css: Option<String>,
        script_js: Option<String>,
        tags: Vec<Option<String>>,
        title: String,
    ) -> async_graphql::Result<PageResponse> {
        let caller = ctx.data::<Caller>()?;
        caller.require(&["write:pages", "manage:pages", "manage:system"])?;
        log(
            ctx,
            Call::Create {
                locale: locale.clone(),
                path: path.clone(),
            },
        );
        if path.contains('.') || path.contains(' ') || path.contains('\\') || path.contains("//") {
            return Ok(PageResponse::error(
                6005,
                "PageIllegalPath",
                "Page path cannot contains illegal characters.",
            ));
        }
        let path = path
            .trim_end_matches('/')
            .trim_start_matches('/')
            .to_string();
        let mut state = lock(ctx.data::<Shared>()?);
        if state.find(&locale, &path).is_some() {
            return Ok(PageResponse::error(
                6002,
                "PageDuplicateCreate",
                "Cannot create this page because an entry already exists at the same path.",
            ));
        }
        if content.trim().is_empty() {
            return Ok(PageResponse::error(
                6004,
                "PageEmptyContent",
                "Page content cannot be empty.",
            ));
        }
        let now = state.now();
        let id = state.next_id;
        state.next_id += 1;
        let mut page = Page {
            id,
            locale,
            path,
            title,
            description,
            content,
            is_published,
            is_private,
            tags: clean_tags(&tags),
            script_js: if caller.can("write:scripts") {
                script_js.unwrap_or_default()
            } else {
                String::new()
            },
            script_css: if caller.can("write:styles") {
                script_css.unwrap_or_default()
            } else {
                String::new()
            },
            publish_start_date: publish_start_date.map(|d| d.0).unwrap_or_default(),
            publish_end_date: publish_end_date.map(|d| d.0).unwrap_or_default(),
            editor,
            created_at: now.clone(),
            updated_at: now,
            render: String::new(),
        };
        // The new page exists when it is rendered (a link to itself is valid), but pages that
        // link to it are not re-rendered.
        state.pages.insert(id, page.clone());
        page.render = state.render(&page);
        let r = PageRef {
            id,
            path: page.path.clone(),
            locale: page.locale.clone(),
            title: page.title.clone(),
        };
        state.pages.insert(id, page);
        Ok(PageResponse {
            response_result: ResponseStatus::ok("Page created successfully."),
            page: Some(r),
        })
    }

    #[allow(clippy::too_many_arguments)]
    async fn update(
        &self,
        ctx: &Context<'_>,
        id: i32,
        content: Option<String>,
        description: Option<String>,
        editor: Option<String>,
        is_private: Option<bool>,
        is_published: Option<bool>,
        locale: Option<String>,
        path: Option<String>,
        publish_end_date: Option<Date>,
        publish_start_date: Option<Date>,
        script_css: Option<String>,
        script_js: Option<String>,
        tags: Option<Vec<Option<String>>>,
        title: Option<String>,
    ) -> async_graphql::Result<PageResponse> {
        let caller = ctx.data::<Caller>()?;
        caller.require(&["write:pages", "manage:pages", "manage:system"])?;
        log(ctx, Call::Update { id });
        let _ = (editor, is_private);
        let mut state = lock(ctx.data::<Shared>()?);
        let Some(mut page) = state.pages.get(&id).cloned() else {
            return Ok(PageResponse::error(
                6003,
                "PageNotFound",
                "This page does not exist.",
            ));
        };
        let content = content.unwrap_or_default();
        if content.trim().is_empty() {
            return Ok(PageResponse::error(
                6004,
                "PageEmptyContent",
                "Page content cannot be empty.",
            ));
        }
        if caller.can("write:styles") {
            page.script_css = script_css.unwrap_or_default();
        }
        if caller.can("write:scripts") {
            page.script_js = script_js.unwrap_or_default();
        }
        page.content = content;
        if let Some(d) = description {
            page.description = d;
        }
        if let Some(t) = title {
            page.title = t;
        }
        page.is_published = is_published == Some(true);
        page.publish_start_date = publish_start_date.map(|d| d.0).unwrap_or_default();
        page.publish_end_date = publish_end_date.map(|d| d.0).unwrap_or_default();
        page.updated_at = state.now();
        let Some(tags) = tags else {
            // Wiki.js saves the page, then `associateTags` fails on the missing list.
            page.render = state.render(&page);
            state.pages.insert(id, page);
            return Ok(PageResponse::error(
                1,
                "TypeError",
                "Cannot read properties of undefined (reading 'map')",
            ));
        };
        page.tags = clean_tags(&tags);
        let new_locale = locale.unwrap_or_else(|| page.locale.clone());
        let new_path = path.unwrap_or_else(|| page.path.clone());
        if new_locale != page.locale || new_path != page.path {
            if state
                .find(&new_locale, &new_path)
                .is_some_and(|p| p.id != id)
            {
                return Ok(PageResponse::error(
                    6002,
                    "PageDuplicateCreate",
                    "Cannot move this page because an entry already exists at the destination.",
                ));
            }
            page.locale = new_locale;
            page.path = new_path;
        }
        page.render = state.render(&page);
        let r = PageRef {
            id,
            path: page.path.clone(),
            locale: page.locale.clone(),
            title: page.title.clone(),
        };
        state.pages.insert(id, page);
        Ok(PageResponse {
            response_result: ResponseStatus::ok("Page has been updated."),
            page: Some(r),
        })
    }

    async fn render(&self, ctx: &Context<'_>, id: i32) -> async_graphql::Result<DefaultResponse> {
        ctx.data::<Caller>()?.require(&["manage:system"])?;
        log(ctx, Call::Render { id });
        let mut state = lock(ctx.data::<Shared>()?);
        let Some(mut page) = state.pages.get(&id).cloned() else {
            return Ok(DefaultResponse {
                response_result: ResponseStatus::error(
                    6003,
                    "PageNotFound",
                    "This page does not exist.",
                ),
            });
        };
        page.render = state.render(&page);
        state.pages.insert(id, page);
        Ok(DefaultResponse {
            response_result: ResponseStatus::ok("Page rendered successfully."),
        })
    }
}

type WikiSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

#[derive(Clone)]
struct App {
    shared: Shared,
    schema: WikiSchema,
}

fn html_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("<!DOCTYPE html><html><body><h1>Error</h1><p>{message}</p></body></html>"),
    )
        .into_response()
}

/// A response whose body fails at once: the client sees the connection break.
fn broken_response() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped by the stand-in"))
    });
    Response::new(Body::from_stream(stream))
}

async fn graphql(AxumState(app): AxumState<App>, headers: HeaderMap, body: Bytes) -> Response {
    let fault = {
        let mut state = lock(&app.shared);
        state.requests += 1;
        let n = state.requests;
        let fault = state.faults.remove(&n).or_else(|| {
            state
                .outage
                .as_ref()
                .filter(|(from, _)| n >= *from)
                .map(|(_, f)| f.clone())
        });
        if let Some(f) = &fault {
            state.log.push(Call::Faulted(f.clone()));
        }
        fault
    };
    match &fault {
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return html_error(status, status.canonical_reason().unwrap_or("Error"));
        }
        Some(Fault::DropBefore) => return broken_response(),
        Some(Fault::Redirect(to)) => {
            return (
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, to.clone())],
                String::new(),
            )
                .into_response();
        }
        Some(Fault::Delay(d)) => tokio::time::sleep(*d).await,
        _ => {}
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let caller = {
        let state = lock(&app.shared);
        match bearer {
            Some(key) if state.revoked.iter().any(|k| k == key) => {
                return html_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "API Key is invalid or was revoked.",
                );
            }
            Some(key) if state.keys.contains_key(key) => Caller {
                permissions: state.keys[key].clone(),
                guest: false,
            },
            _ => Caller {
                permissions: state.options.guest_permissions.clone(),
                guest: true,
            },
        }
    };
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(_) => return html_error(StatusCode::BAD_REQUEST, "POST body sent invalid JSON."),
    };
    let response = app.schema.execute(request.data(caller)).await;
    if fault == Some(Fault::DropAfter) {
        return broken_response();
    }
    match serde_json::to_vec(&response) {
        Ok(json) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response(),
        Err(_) => html_error(StatusCode::INTERNAL_SERVER_ERROR, "serialization failed"),
    }
}

/// Who a request with these headers acts as; `Err` is the answer for a revoked key.
fn caller_of(app: &App, headers: &HeaderMap) -> Result<Caller, Box<Response>> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let state = lock(&app.shared);
    match bearer {
        Some(key) if state.revoked.iter().any(|k| k == key) => Err(Box::new(html_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "API Key is invalid or was revoked.",
        ))),
        Some(key) if state.keys.contains_key(key) => Ok(Caller {
            permissions: state.keys[key].clone(),
            guest: false,
        }),
        _ => Ok(Caller {
            permissions: state.options.guest_permissions.clone(),
            guest: true,
        }),
    }
}

/// One part of a `multipart/form-data` body: its field name, file name and bytes.
struct Part {
    name: String,
    filename: Option<String>,
    data: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Splits a `multipart/form-data` body (RFC 7578); `None` when it is not one.
fn multipart(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut rest = &body[find(body, delimiter.as_bytes())? + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let head_end = find(rest, b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&rest[..head_end]).to_string();
        rest = &rest[head_end + 4..];
        let end = find(rest, format!("\r\n{delimiter}").as_bytes())?;
        let data = rest[..end].to_vec();
        rest = &rest[end + 2 + delimiter.len()..];
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
        let param = |key: &str| {
            disposition.split(';').map(str::trim).find_map(|p| {
                p.strip_prefix(key)
                    .and_then(|v| v.strip_prefix('='))
                    .map(|v| v.trim_matches('"').to_string())
            })
        };
        parts.push(Part {
            name: param("name")?,
            filename: param("filename"),
            data,
        });
    }
}

fn upload_refused(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::json!({ "succeeded": false, "message": message }).to_string(),
    )
        .into_response()
}

/// `POST /u`, as Wiki.js 2.5's upload route: `multipart/form-data` whose field `mediaUpload`
/// carries `{"folderId": N}` and then the file; the key needs `write:assets`; at most 5 MiB.
async fn upload(AxumState(app): AxumState<App>, headers: HeaderMap, body: Bytes) -> Response {
    let fault = {
        let mut state = lock(&app.shared);
        state.requests += 1;
        let fault = state.upload_faults.pop_front();
        if let Some(f) = &fault {
            state.log.push(Call::Faulted(f.clone()));
        }
        fault
    };
    if let Some(response) = fault_before(fault.as_ref()).await {
        return response;
    }
    let response = upload_carried_out(&app, &headers, &body);
    if fault == Some(Fault::DropAfter) {
        return broken_response();
    }
    response
}

/// The answer to a fault before the request is carried out, if the fault ends it there.
async fn fault_before(fault: Option<&Fault>) -> Option<Response> {
    match fault {
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some(html_error(
                status,
                status.canonical_reason().unwrap_or("Error"),
            ))
        }
        Some(Fault::DropBefore) => Some(broken_response()),
        Some(Fault::Redirect(to)) => Some(
            (
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, to.clone())],
                String::new(),
            )
                .into_response(),
        ),
        Some(Fault::Delay(d)) => {
            tokio::time::sleep(*d).await;
            None
        }
        _ => None,
    }
}

fn upload_carried_out(app: &App, headers: &HeaderMap, body: &Bytes) -> Response {
    let caller = match caller_of(app, headers) {
        Ok(c) => c,
        Err(response) => return *response,
    };
    if !caller.can("write:assets") {
        return upload_refused(
            StatusCode::FORBIDDEN,
            "You are not authorized to upload files.",
        );
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(parts) = multipart(content_type, body) else {
        return upload_refused(StatusCode::BAD_REQUEST, "Missing upload payload.");
    };
    let mut folder = 0;
    let mut file = None;
    for part in parts.into_iter().filter(|p| p.name == "mediaUpload") {
        match part.filename {
            None => {
                folder = serde_json::from_slice::<serde_json::Value>(&part.data)
                    .ok()
                    .and_then(|v| v.get("folderId").and_then(serde_json::Value::as_i64))
                    .and_then(|id| i32::try_from(id).ok())
                    .unwrap_or(0);
            }
            Some(name) => file = Some((name, part.data)),
        }
    }
    let Some((name, data)) = file else {
        return upload_refused(StatusCode::BAD_REQUEST, "Missing upload payload.");
    };
    if data.len() > 5 * 1024 * 1024 {
        return upload_refused(StatusCode::BAD_REQUEST, "File is too large.");
    }
    let mut state = lock(&app.shared);
    if folder != 0 && !state.folders.contains_key(&folder) {
        return upload_refused(StatusCode::BAD_REQUEST, "Invalid folder.");
    }
    let path = state.store_asset(folder, &upload_name(&name), data);
    state.log.push(Call::Upload { path });
    (StatusCode::OK, "ok").into_response()
}

/// `GET /<folder>/<file>`: the asset at that path.
async fn serve_asset(AxumState(app): AxumState<App>, uri: axum::http::Uri) -> Response {
    let fault = {
        let mut state = lock(&app.shared);
        let fault = state.download_faults.pop_front();
        if let Some(f) = &fault {
            state.log.push(Call::Faulted(f.clone()));
        }
        fault
    };
    if let Some(response) = fault_before(fault.as_ref()).await {
        return response;
    }
    let content = lock(&app.shared)
        .asset_at(uri.path())
        .map(|a| a.content.clone());
    match content {
        Some(c) if fault == Some(Fault::DropAfter) => {
            // Half the file, then the connection breaks.
            let half = Bytes::from(c[..c.len() / 2].to_vec());
            let stream = futures_util::stream::iter(vec![
                Ok::<Bytes, std::io::Error>(half),
                Err(std::io::Error::other("connection dropped by the stand-in")),
            ]);
            (
                [(header::CONTENT_LENGTH, c.len().to_string())],
                Body::from_stream(stream),
            )
                .into_response()
        }
        Some(c) => (StatusCode::OK, c).into_response(),
        None => html_error(StatusCode::NOT_FOUND, "Not found"),
    }
}

/// A running stand-in wiki. Stopped when dropped.
pub struct Wiki {
    addr: SocketAddr,
    shared: Shared,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Wiki {
    /// Starts a wiki with the default options and one key, [`ADMIN_KEY`], with
    /// `manage:system`.
    pub fn start() -> Wiki {
        Wiki::start_with(Options::default())
    }

    /// Starts a wiki on `127.0.0.1` and an ephemeral port.
    pub fn start_with(options: Options) -> Wiki {
        let listener =
            std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1 for the stand-in");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let mut keys = BTreeMap::new();
        keys.insert(ADMIN_KEY.to_string(), vec!["manage:system".to_string()]);
        let shared: Shared = Arc::new(Mutex::new(State {
            options,
            pages: BTreeMap::new(),
            folders: BTreeMap::new(),
            assets: BTreeMap::new(),
            next_asset_id: 1,
            next_id: 1,
            clock_ms: 0,
            keys,
            revoked: Vec::new(),
            requests: 0,
            faults: BTreeMap::new(),
            upload_faults: Default::default(),
            download_faults: Default::default(),
            outage: None,
            log: Vec::new(),
        }));
        let schema = Schema::build(QueryRoot, MutationRoot, EmptySubscription)
            .data(shared.clone())
            .finish();
        let app = App {
            shared: shared.clone(),
            schema,
        };
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("tokio runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                let router = axum::Router::new()
                    .route("/graphql", post(graphql))
                    .route("/u", post(upload))
                    .fallback(axum::routing::get(serve_asset))
                    .with_state(app);
                tokio::select! {
                    _ = axum::serve(listener, router) => {}
                    _ = rx => {}
                }
            });
            rt.shutdown_timeout(Duration::from_millis(100));
        });
        Wiki {
            addr,
            shared,
            stop: Some(tx),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/graphql`.
    pub fn url(&self) -> String {
        format!("http://{}/graphql", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Adds an API key whose group has `permissions`.
    pub fn add_key(&self, key: &str, permissions: &[&str]) {
        lock(&self.shared).keys.insert(
            key.to_string(),
            permissions.iter().map(|p| p.to_string()).collect(),
        );
    }

    /// Revokes a key: requests carrying it are answered with HTTP 500, as Wiki.js does.
    pub fn revoke_key(&self, key: &str) {
        let mut state = lock(&self.shared);
        state.keys.remove(key);
        state.revoked.push(key.to_string());
    }

    /// Every page, by id.
    pub fn pages(&self) -> Vec<Page> {
        lock(&self.shared).pages.values().cloned().collect()
    }

    pub fn page(&self, locale: &str, path: &str) -> Option<Page> {
        lock(&self.shared).find(locale, path).cloned()
    }

    /// Creates a page from the wiki's side (as a person in the editor would).
    pub fn insert_page(&self, new: NewPage) -> i32 {
        let mut state = lock(&self.shared);
        let now = state.now();
        let id = state.next_id;
        state.next_id += 1;
        let mut page = Page {
            id,
            locale: new.locale,
            path: new.path,
            title: new.title,
            description: new.description,
            content: new.content,
            is_published: new.is_published,
            is_private: false,
            tags: new.tags,
            script_js: new.script_js,
            script_css: String::new(),
            publish_start_date: String::new(),
            publish_end_date: String::new(),
            editor: "markdown".into(),
            created_at: now.clone(),
            updated_at: now,
            render: String::new(),
        };
        state.pages.insert(id, page.clone());
        page.render = state.render(&page);
        state.pages.insert(id, page);
        id
    }

    /// Edits a page from the wiki's side: `updatedAt` moves and the page is re-rendered.
    /// Returns false when there is no such page.
    pub fn edit_page(&self, locale: &str, path: &str, edit: impl FnOnce(&mut Page)) -> bool {
        let mut state = lock(&self.shared);
        let Some(mut page) = state.find(locale, path).cloned() else {
            return false;
        };
        edit(&mut page);
        page.updated_at = state.now();
        page.render = state.render(&page);
        state.pages.insert(page.id, page);
        true
    }

    /// Every asset, by the path it is served at.
    pub fn assets(&self) -> BTreeMap<String, Asset> {
        let state = lock(&self.shared);
        state
            .assets
            .values()
            .map(|a| (state.asset_path(a), a.clone()))
            .collect()
    }

    /// Replaces (or adds) the file at `path` (`/move-guide/a.png`) from the wiki's side, as a
    /// person uploading in the asset manager; the folders must exist. Returns false when they
    /// do not.
    pub fn upload_asset(&self, path: &str, content: &[u8]) -> bool {
        let mut state = lock(&self.shared);
        let Some((folder_path, name)) = path.trim_start_matches('/').rsplit_once('/') else {
            state.store_asset(
                0,
                &upload_name(path.trim_start_matches('/')),
                content.to_vec(),
            );
            return true;
        };
        let folder = state
            .folders
            .keys()
            .copied()
            .find(|id| state.folder_path(*id) == folder_path);
        match folder {
            Some(id) => {
                state.store_asset(id, &upload_name(name), content.to_vec());
                true
            }
            None => false,
        }
    }

    /// Deletes a page from the wiki's side.
    pub fn delete_page(&self, locale: &str, path: &str) -> bool {
        let mut state = lock(&self.shared);
        let id = state.find(locale, path).map(|p| p.id);
        id.is_some_and(|id| state.pages.remove(&id).is_some())
    }

    /// Spoils the `nth` request from now (1 = the next one).
    pub fn fail_request(&self, nth: u64, fault: Fault) {
        let mut state = lock(&self.shared);
        let n = state.requests + nth;
        state.faults.insert(n, fault);
    }

    /// Spoils the next `count` uploads (`POST /u`): `DropAfter` stores the file, then breaks
    /// the connection before the answer.
    pub fn fail_uploads(&self, count: u64, fault: Fault) {
        let mut state = lock(&self.shared);
        state
            .upload_faults
            .extend((0..count).map(|_| fault.clone()));
    }

    /// Spoils the next `count` file downloads (`GET /<path>`): `DropAfter` sends half the file,
    /// then breaks the connection.
    pub fn fail_downloads(&self, count: u64, fault: Fault) {
        let mut state = lock(&self.shared);
        state
            .download_faults
            .extend((0..count).map(|_| fault.clone()));
    }

    /// Spoils the next `count` requests.
    pub fn fail_next(&self, count: u64, fault: Fault) {
        let mut state = lock(&self.shared);
        for i in 1..=count {
            let n = state.requests + i;
            state.faults.insert(n, fault.clone());
        }
    }

    /// Spoils every request from the `nth` from now on (1 = the next one), until
    /// [`Wiki::recover`].
    pub fn fail_from(&self, nth: u64, fault: Fault) {
        let mut state = lock(&self.shared);
        let n = state.requests + nth;
        state.outage = Some((n, fault));
    }

    /// Ends an outage begun by [`Wiki::fail_from`].
    pub fn recover(&self) {
        lock(&self.shared).outage = None;
    }

    /// Number of HTTP requests received so far.
    pub fn request_count(&self) -> u64 {
        lock(&self.shared).requests
    }

    /// The calls made so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        lock(&self.shared).log.clone()
    }

    /// The mutations (create, update, render) made so far.
    pub fn mutations(&self) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| {
                matches!(
                    c,
                    Call::Create { .. }
                        | Call::Update { .. }
                        | Call::Render { .. }
                        | Call::CreateFolder { .. }
                        | Call::Upload { .. }
                )
            })
            .collect()
    }

    /// Forgets the call log.
    pub fn clear_calls(&self) {
        lock(&self.shared).log.clear();
    }

    /// Stops the server: later requests find the port closed.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Wiki {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_move_and_look_like_wikijs() {
        assert_eq!(iso(0), "2024-01-01T00:00:00.000Z");
        assert_eq!(iso(90_061_001), "2024-01-02T01:01:01.001Z");
    }

    #[test]
    fn link_targets_follow_namespacing() {
        let page = Page {
            id: 1,
            locale: "da".into(),
            path: "a".into(),
            title: String::new(),
            description: String::new(),
            content: String::new(),
            is_published: true,
            is_private: false,
            tags: vec![],
            script_js: String::new(),
            script_css: String::new(),
            publish_start_date: String::new(),
            publish_end_date: String::new(),
            editor: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
            render: String::new(),
        };
        let o = Options::default();
        assert_eq!(
            link_target("/en/x/y#z", &page, &o),
            Some(("en".into(), "x/y".into()))
        );
        assert_eq!(
            link_target("/guide", &page, &o),
            Some(("da".into(), "guide".into()))
        );
        assert_eq!(link_target("/img/a.png", &page, &o), None);
        assert_eq!(
            link_target("sub/page", &page, &o),
            Some(("da".into(), "a/sub/page".into()))
        );
        assert_eq!(link_target("/t/tag", &page, &o), None);
        assert_eq!(link_target("#top", &page, &o), None);
        assert_eq!(link_target("https://x.org/a", &page, &o), None);
    }
}
