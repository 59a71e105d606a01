//! `guide-lint server`: a Language Server over stdio.
//!
//! The protocol loop is synchronous (lsp-server's message types, no async runtime): messages are
//! handled in the order they arrive; after each one, every message already waiting is handled
//! too, and only then are diagnostics computed, once, for the pages that changed and the open
//! pages that depend on them. A burst of edits therefore costs one check, not one per keystroke.
//! Requests that read findings (code actions, hover) compute the pending diagnostics first, so
//! they always answer for the text the editor has.
//!
//! The checks are the library's: [`crate::check_pages`] with the open buffers as an overlay on
//! the files on disk, so a diagnostic carries exactly what `guide-lint check` reports.
//!
//! Modules: [`transport`] (framing), [`store`] (open documents, UTF-16 positions),
//! [`diagnostics`], [`actions`] (code actions), [`hover`], [`navigation`] (definition, document
//! links), [`completion`].

pub mod actions;
pub mod completion;
pub mod diagnostics;
pub mod hover;
pub mod navigation;
pub mod store;
pub mod transport;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::time::SystemTime;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DocumentLinkOptions, HoverProviderCapability, InitializeParams, InitializeResult,
    LogMessageParams, MessageType, OneOf, PositionEncodingKind, ServerCapabilities, ServerInfo,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri, WorkDoneProgressOptions,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::Config;
use crate::discover::PageFile;
use crate::document::Document;
use crate::finding::Finding;
use crate::workspace::PageKey;

use store::{Doc, Store};
use transport::Incoming;

/// Runs the server on stdin and stdout until `exit` or the end of input. Returns the process
/// exit code: 0 after `shutdown` then `exit`, 1 otherwise (as the protocol asks).
pub fn run_stdio() -> i32 {
    let (rx, tx, threads) = match transport::stdio() {
        Ok(t) => t,
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("guide-lint server: cannot start: {e}");
            }
            return 1;
        }
    };
    let code = serve(&rx, tx);
    threads.join();
    code
}

/// The protocol loop over any source of messages (the tests and the benchmark use channels).
pub fn serve(rx: &Receiver<Incoming>, tx: Sender<Message>) -> i32 {
    let mut session = Session {
        server: None,
        tx,
        shutdown: false,
    };
    loop {
        let Ok(first) = rx.recv() else {
            return session.code();
        };
        if let Some(code) = session.take(first) {
            return code;
        }
        // Everything already waiting is handled before diagnostics are computed.
        loop {
            match rx.try_recv() {
                Ok(next) => {
                    if let Some(code) = session.take(next) {
                        return code;
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return session.code(),
            }
        }
        if let Some(server) = &mut session.server
            && !session.shutdown
        {
            guarded(&session.tx, "computing diagnostics", || server.flush());
        }
    }
}

/// Runs `f`, turning a panic into an error log message instead of the end of the session.
fn guarded<T>(tx: &Sender<Message>, what: &str, f: impl FnOnce() -> T) -> Option<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(v) => Some(v),
        Err(e) => {
            let why = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".into());
            log(
                tx,
                MessageType::ERROR,
                format!("internal error while {what}: {why}"),
            );
            None
        }
    }
}

/// Sends a `window/logMessage`.
pub fn log(tx: &Sender<Message>, typ: MessageType, message: String) {
    let _ = tx.send(Message::Notification(Notification::new(
        "window/logMessage".into(),
        LogMessageParams { typ, message },
    )));
}

struct Session {
    server: Option<Server>,
    tx: Sender<Message>,
    shutdown: bool,
}

impl Session {
    fn code(&self) -> i32 {
        if self.shutdown { 0 } else { 1 }
    }

    /// Handles one incoming item; `Some(code)` when the session ends.
    fn take(&mut self, incoming: Incoming) -> Option<i32> {
        match incoming {
            Incoming::Closed => Some(self.code()),
            Incoming::Malformed(why) => {
                log(
                    &self.tx,
                    MessageType::ERROR,
                    format!("guide-lint server: ignored a malformed message: {why}"),
                );
                None
            }
            Incoming::Message(Message::Response(_)) => None,
            Incoming::Message(Message::Notification(n)) => {
                if n.method == "exit" {
                    return Some(self.code());
                }
                if self.shutdown {
                    return None;
                }
                if let Some(server) = &mut self.server {
                    let tx = self.tx.clone();
                    let method = n.method.clone();
                    guarded(&tx, &format!("handling {method}"), || server.notify(n));
                }
                None
            }
            Incoming::Message(Message::Request(r)) => {
                let reply = self.request(r);
                if let Some(reply) = reply {
                    let _ = self.tx.send(Message::Response(reply));
                }
                None
            }
        }
    }

    fn request(&mut self, r: Request) -> Option<Response> {
        let id = r.id.clone();
        if self.shutdown {
            return Some(error(
                id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            ));
        }
        match (r.method.as_str(), &mut self.server) {
            ("initialize", None) => {
                let params: InitializeParams = match parse(&r) {
                    Ok(p) => p,
                    Err(e) => return Some(e),
                };
                let tx = self.tx.clone();
                match guarded(&tx, "initializing", || Server::new(&params, tx.clone())) {
                    Some(Ok(server)) => {
                        self.server = Some(server);
                        Some(Response::new_ok(id, initialize_result()))
                    }
                    Some(Err(why)) => Some(error(
                        id,
                        ErrorCode::InternalError,
                        format!("cannot start: {why}"),
                    )),
                    None => Some(error(
                        id,
                        ErrorCode::InternalError,
                        "cannot start: internal error".into(),
                    )),
                }
            }
            ("initialize", Some(_)) => Some(error(
                id,
                ErrorCode::InvalidRequest,
                "the server is already initialized".into(),
            )),
            (_, None) => Some(error(
                id,
                ErrorCode::ServerNotInitialized,
                format!("`{}` before `initialize`", r.method),
            )),
            ("shutdown", Some(_)) => {
                self.shutdown = true;
                Some(Response::new_ok(id, Value::Null))
            }
            (_, Some(server)) => {
                let method = r.method.clone();
                let tx = self.tx.clone();
                // Diagnostics of earlier changes go out before the answer, so that a client sees
                // them in the order of its own messages.
                guarded(&tx, "computing diagnostics", || server.flush());
                match guarded(&tx, &format!("answering {method}"), || server.request(r)) {
                    Some(resp) => Some(resp),
                    None => Some(error(
                        id,
                        ErrorCode::InternalError,
                        format!("internal error while answering {method}"),
                    )),
                }
            }
        }
    }
}

fn error(id: RequestId, code: ErrorCode, message: String) -> Response {
    Response::new_err(id, code as i32, message)
}

/// The params of a request, or the error response saying why they do not read.
fn parse<P: DeserializeOwned>(r: &Request) -> Result<P, Response> {
    serde_json::from_value(r.params.clone()).map_err(|e| {
        error(
            r.id.clone(),
            ErrorCode::InvalidParams,
            format!("invalid params for {}: {e}", r.method),
        )
    })
}

/// What the server can do.
pub fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            document_link_provider: Some(DocumentLinkOptions {
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::SOURCE_FIX_ALL,
                ]),
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(
                    ["\"", "'", "/", "#", "(", " ", "-"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                ),
                ..CompletionOptions::default()
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "guide-lint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}

/// The configuration a page is read with ([`Server::config_of`]).
pub enum PageConfig<'s> {
    Workspace(&'s Config),
    Nested(std::sync::Arc<Config>),
}

impl std::ops::Deref for PageConfig<'_> {
    type Target = Config;

    fn deref(&self) -> &Config {
        match self {
            PageConfig::Workspace(c) => c,
            PageConfig::Nested(c) => c,
        }
    }
}

/// Open pages larger than this are not checked as they are typed (a check of a page of tens of
/// megabytes takes seconds, during which the editor would wait): they get one diagnostic saying
/// so, and `guide-lint check` checks them as usual.
pub const LIVE_LIMIT: usize = 4 << 20;

/// The findings of an open page, as last computed, and the version they were computed on.
#[derive(Debug, Clone, Default)]
pub struct Analysed {
    pub version: i32,
    pub findings: Vec<Finding>,
}

/// The server's state: configuration, open documents, last findings.
pub struct Server {
    root: PathBuf,
    config: Config,
    /// The configuration file read and its modification time, to notice a change.
    config_stamp: Option<(PathBuf, Option<SystemTime>)>,
    /// The configurations of the projects below the workspace's own that open pages lie in
    /// (see [`Server::nested_project`]), read when first needed; emptied when any project's
    /// configuration changes. An error: the configuration does not read.
    nested: std::cell::RefCell<HashMap<PathBuf, Result<std::sync::Arc<Config>, String>>>,
    /// The project each folder of open pages lies in ([`Server::nested_project`]), looked up
    /// once per folder (a look at each folder above it); emptied with `nested`.
    projects: std::cell::RefCell<HashMap<PathBuf, Option<PathBuf>>>,
    docs: Store,
    /// Open pages whose text changed since their diagnostics were computed.
    dirty: BTreeSet<PathBuf>,
    analysed: HashMap<PathBuf, Analysed>,
    /// Pages an open page links to, by the version they were read from.
    links: HashMap<PathBuf, (i32, Vec<PageKey>)>,
    tx: Sender<Message>,
    /// How many times pages were checked, and how many pages in all (the benchmark reads it).
    pub checks: usize,
    pub pages_checked: usize,
}

impl Server {
    /// A server rooted at the client's workspace folder (or root URI, or the working directory).
    pub fn new(params: &InitializeParams, tx: Sender<Message>) -> Result<Server, String> {
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .and_then(|f| store::uri_path(&f.uri))
            .or_else(|| params.root_uri.as_ref().and_then(store::uri_path))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        Server::at(root, tx)
    }

    /// A server rooted at `root`.
    pub fn at(root: PathBuf, tx: Sender<Message>) -> Result<Server, String> {
        // The defaults; the configuration file, when there is one, is read just below.
        let config = Config::load(None, &root).map_err(|e| e.to_string())?;
        let mut server = Server {
            config,
            root,
            config_stamp: None,
            nested: std::cell::RefCell::new(HashMap::new()),
            projects: std::cell::RefCell::new(HashMap::new()),
            docs: Store::default(),
            dirty: BTreeSet::new(),
            analysed: HashMap::new(),
            links: HashMap::new(),
            tx,
            checks: 0,
            pages_checked: 0,
        };
        server.reload_config(true);
        Ok(server)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn docs(&self) -> &Store {
        &self.docs
    }

    fn log(&self, typ: MessageType, message: String) {
        log(&self.tx, typ, message);
    }

    fn notify_client<P: serde::Serialize>(&self, method: &str, params: P) {
        let _ = self.tx.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    /// Reads the configuration again when its file appeared, changed or went away (`force`:
    /// read it whatever its stamp). A configuration that does not read is reported and the
    /// previous one kept.
    fn reload_config(&mut self, force: bool) {
        // Found as `check` finds it from the workspace folder.
        let (found, base) = match crate::config::locate(&self.root) {
            crate::config::Located::File(p) => (Some(p), self.root.clone()),
            crate::config::Located::Mkdocs { dir, .. } => (None, dir),
            crate::config::Located::Nothing => (None, self.root.clone()),
        };
        let stamp = found.as_ref().map(|p| {
            let mtime = std::fs::metadata(p).and_then(|m| m.modified()).ok();
            (p.clone(), mtime)
        });
        if !force && stamp == self.config_stamp {
            return;
        }
        self.config_stamp = stamp;
        self.nested.borrow_mut().clear();
        self.projects.borrow_mut().clear();
        match Config::load(found.as_deref(), &base) {
            Ok(config) => {
                self.config = config;
                if let Some(p) = &found {
                    self.publish_config_error(p, Vec::new());
                }
            }
            Err(e) => {
                let message = format!("guide-lint: the configuration does not read: {e}");
                self.log(MessageType::ERROR, message.clone());
                self.notify_client(
                    "window/showMessage",
                    ShowMessageParams {
                        typ: MessageType::ERROR,
                        message: message.clone(),
                    },
                );
                if let Some(p) = &found {
                    let diags = diagnostics::config_error(&e, self.docs.get(p));
                    self.publish_config_error(p, diags);
                }
            }
        }
        self.links.clear();
        self.dirty.extend(self.docs.paths().cloned());
    }

    fn publish_config_error(&self, path: &Path, diags: Vec<lsp_types::Diagnostic>) {
        if let Some(doc) = self.docs.get(path) {
            diagnostics::publish(&self.tx, doc, diags);
        }
    }

    /// The configuration a page is read with: its project's, for a page of a project below
    /// the workspace's own ([`crate::config::project_of_path`]), else the workspace's; `None` when that
    /// project's configuration does not read.
    pub fn config_of(&self, path: &Path) -> Option<PageConfig<'_>> {
        match self.nested_project(path) {
            None => Some(PageConfig::Workspace(&self.config)),
            Some(dir) => self.nested_config(&dir).ok().map(PageConfig::Nested),
        }
    }

    /// The page file of a path as `check` would list it.
    pub fn page_file(&self, path: &Path) -> PageFile {
        match self.config_of(path) {
            Some(config) => crate::discover::page_file(path, &config),
            None => crate::discover::page_file(path, &self.config),
        }
    }

    /// A page's text: the open buffer's, else the file's (read by the loader, with its
    /// boundary and limits).
    pub fn text_of(&self, path: &Path) -> Option<String> {
        match self.docs.get(path) {
            Some(d) => Some(d.text.clone()),
            None => {
                let config = self.config_of(path)?;
                let file = crate::discover::page_file(path, &config);
                crate::Loader::new(&config).read_text(&file).ok()
            }
        }
    }

    /// A page parsed in its configured dialect, from the buffer or the file.
    pub fn parse_page(&self, path: &Path) -> Option<(Document, PageFile)> {
        let text = self.text_of(path).filter(|t| t.len() <= LIVE_LIMIT)?;
        let config = self.config_of(path)?;
        let file = crate::discover::page_file(path, &config);
        let doc = crate::Loader::new(&config).parse(&file, text).ok()?;
        Some((doc, file))
    }

    /// Every page of the guides tree (on disk, or open and not yet saved), as
    /// (path relative to the guides root, absolute path).
    pub fn all_pages(&self) -> Vec<(PathBuf, PathBuf)> {
        let root = self.config.guides_root();
        let mut out: Vec<(PathBuf, PathBuf)> = if root.is_dir() {
            crate::Loader::new(&self.config)
                .tree()
                .page_like
                .iter()
                .filter(|r| crate::discover::is_page(r))
                .map(|r| (r.clone(), root.join(r)))
                .collect()
        } else {
            Vec::new()
        };
        for d in self.docs.iter() {
            if let Some(rel) = self.page_file(&d.path).rel
                && !out.iter().any(|(r, _)| *r == rel)
            {
                out.push((rel, d.path.clone()));
            }
        }
        out.sort();
        out
    }

    /// The file of the page at `key`, when there is one.
    pub fn file_of(&self, key: &PageKey) -> Option<PathBuf> {
        self.all_pages()
            .into_iter()
            .find(|(rel, _)| {
                crate::workspace::file_page_key(rel, &self.config, crate::document::Dialect::Wikijs)
                    .as_ref()
                    == Some(key)
            })
            .map(|(_, abs)| abs)
    }

    /// The same page in another locale (`da/x.md` -> `en/x.md`).
    pub fn counterpart(&self, path: &Path, locale: &str) -> Option<PathBuf> {
        let file = self.page_file(path);
        let rel = file.rel?;
        let layout = crate::discover::Layout::of(&self.config);
        let (_, rest) = layout.split(&rel)?;
        let root = self.config.guides_root();
        Some(root.join(layout.find(locale, &rest, |p| root.join(p).is_file())))
    }

    /// The findings of an open page for its current text (computed now when its text changed).
    pub fn findings(&mut self, path: &Path) -> Vec<Finding> {
        if self.dirty.contains(path) {
            self.flush();
        }
        self.analysed
            .get(path)
            .map(|a| a.findings.clone())
            .unwrap_or_default()
    }

    /// Computes and publishes the diagnostics of the pages whose text changed and of the open
    /// pages that depend on them.
    pub fn flush(&mut self) {
        self.reload_config(false);
        if self.dirty.is_empty() {
            return;
        }
        let changed: Vec<PathBuf> = std::mem::take(&mut self.dirty).into_iter().collect();
        let mut set: BTreeSet<PathBuf> = BTreeSet::new();
        for p in &changed {
            if self.docs.get(p).is_some() {
                set.insert(p.clone());
            }
            set.extend(self.dependents(p));
        }
        self.analyse(set);
    }

    /// The open pages whose findings may change when `path` changes: its translations and
    /// source (the same page in the other locales), and the pages linking to it.
    pub fn dependents(&mut self, path: &Path) -> Vec<PathBuf> {
        let file = self.page_file(path);
        let key = file.rel.as_deref().and_then(|r| {
            crate::workspace::file_page_key(r, &self.config, crate::document::Dialect::Wikijs)
        });
        let layout = crate::discover::Layout::of(&self.config);
        let rest_of = |f: &crate::discover::PageFile| {
            f.locale.as_ref()?;
            layout
                .split(f.rel.as_deref()?)
                .map(|(_, rest)| rest.into_owned())
        };
        let rest = rest_of(&file);
        let open: Vec<PathBuf> = self
            .docs
            .paths()
            .filter(|p| p.as_path() != path)
            .cloned()
            .collect();
        // The same page in another locale (`da/tips.md`, or `tips.da.md` where the language is
        // written before the extension).
        let same: Vec<(PathBuf, bool)> = open
            .into_iter()
            .map(|q| {
                let same = rest.is_some() && rest_of(&self.page_file(&q)) == rest;
                (q, same)
            })
            .collect();
        let mut out = Vec::new();
        for (q, same_page) in same {
            if same_page || key.as_ref().is_some_and(|k| self.links_of(&q).contains(k)) {
                out.push(q);
            }
        }
        out
    }

    /// The pages an open page links to (cached per version).
    fn links_of(&mut self, path: &Path) -> Vec<PageKey> {
        let Some(version) = self.docs.get(path).map(|d| d.version) else {
            return Vec::new();
        };
        if let Some((v, keys)) = self.links.get(path)
            && *v == version
        {
            return keys.clone();
        }
        let keys: Vec<PageKey> = match self.parse_page(path) {
            Some((doc, file)) => crate::workspace::link_refs(&doc, &file, &self.config)
                .into_iter()
                .filter_map(|l| match l.target {
                    crate::workspace::Target::Page { key, .. } => Some(key),
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        self.links
            .insert(path.to_path_buf(), (version, keys.clone()));
        keys
    }

    /// Checks the open pages `paths` against the files on disk and the open buffers, and
    /// publishes their diagnostics.
    fn analyse(&mut self, paths: BTreeSet<PathBuf>) {
        let pages: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| self.docs.get(p).is_some())
            .collect();
        let (checked, others): (Vec<PathBuf>, Vec<PathBuf>) =
            pages.into_iter().partition(|p| crate::discover::is_page(p));
        let (checked, large): (Vec<PathBuf>, Vec<PathBuf>) = checked
            .into_iter()
            .partition(|p| self.docs.get(p).is_some_and(|d| d.text.len() <= LIVE_LIMIT));
        for p in large {
            if let Some(doc) = self.docs.get(&p) {
                let d = diagnostics::too_large(doc.text.len());
                self.unchecked(&p, d);
            }
        }
        for p in others {
            // Not a page (guide-lint.yml, a text file): nothing to report but config errors.
            if self.config_stamp.as_ref().is_none_or(|(c, _)| *c != p)
                && let Some(doc) = self.docs.get(&p)
            {
                diagnostics::publish(&self.tx, doc, Vec::new());
            }
        }
        if checked.is_empty() {
            return;
        }
        // A page of a project below the workspace's own (a MkDocs site in `site/` of a
        // repository without configuration) is checked with that project's configuration, as
        // `check` checks it.
        let mut groups: std::collections::BTreeMap<Option<PathBuf>, Vec<PathBuf>> =
            std::collections::BTreeMap::new();
        for p in checked {
            groups.entry(self.nested_project(&p)).or_default().push(p);
        }
        for (project, checked) in groups {
            let config = match &project {
                None => Ok(None),
                Some(dir) => self.nested_config(dir).map(Some),
            };
            match config {
                Ok(config) => self.analyse_with(config.as_deref(), &checked),
                Err(message) => {
                    for p in &checked {
                        self.unchecked(p, diagnostics::unreadable_project(&message));
                    }
                }
            }
        }
    }

    /// Publishes the one diagnostic of an open page that is not checked (too large, or its
    /// project's configuration does not read), and records it as analysed without findings.
    fn unchecked(&mut self, path: &Path, d: lsp_types::Diagnostic) {
        let Some(doc) = self.docs.get(path) else {
            return;
        };
        diagnostics::publish(&self.tx, doc, vec![d]);
        self.analysed.insert(
            path.to_path_buf(),
            Analysed {
                version: doc.version,
                findings: Vec::new(),
            },
        );
    }

    /// Checks the open pages `checked` with `config` (`None`: the workspace's) and publishes
    /// their diagnostics.
    fn analyse_with(&mut self, config: Option<&Config>, checked: &[PathBuf]) {
        let config = config.unwrap_or(&self.config);
        let overlay: crate::Overlay<'_> = self
            .docs
            .iter()
            .filter(|d| d.text.len() <= LIVE_LIMIT)
            .map(|d| (d.path.clone(), d.text.as_str()))
            .collect();
        let files: Vec<PageFile> = checked
            .iter()
            .map(|p| crate::discover::page_file(p, config))
            .collect();
        let report = crate::check_pages(files, config, &crate::CheckOptions::default(), &overlay);
        self.checks += 1;
        self.pages_checked += checked.len();
        let mut by_path: HashMap<std::sync::Arc<Path>, Vec<Finding>> = HashMap::new();
        for f in report.findings.iter().cloned() {
            by_path.entry(f.path.clone()).or_default().push(f);
        }
        for p in checked {
            let Some(doc) = self.docs.get(p) else {
                continue;
            };
            let findings = by_path.remove(p.as_path()).unwrap_or_default();
            let diags = diagnostics::for_page(self, doc, &findings, &report);
            diagnostics::publish(&self.tx, doc, diags);
            self.analysed.insert(
                p.clone(),
                Analysed {
                    version: doc.version,
                    findings,
                },
            );
        }
    }

    /// The folder of the project below the workspace configuration's own that `page` lies in,
    /// if any ([`crate::config::project_of_path`], as `check` finds it for a path it is given).
    fn nested_project(&self, page: &Path) -> Option<PathBuf> {
        let folder = page.parent().unwrap_or(page).to_path_buf();
        self.projects
            .borrow_mut()
            .entry(folder)
            .or_insert_with(|| crate::config::project_of_path(page, &self.config))
            .clone()
    }

    /// The configuration of the project in `dir` ([`Server::nested_project`]): its
    /// `guide-lint.yml`, else its MkDocs project's; read once.
    fn nested_config(&self, dir: &Path) -> Result<std::sync::Arc<Config>, String> {
        self.nested
            .borrow_mut()
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                Config::load_project(dir, false)
                    .map(std::sync::Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    fn notify(&mut self, n: Notification) {
        use lsp_types::notification::{self as nt, Notification as _};
        match n.method.as_str() {
            nt::DidOpenTextDocument::METHOD => {
                let Some(p) = self.params::<lsp_types::DidOpenTextDocumentParams>(&n) else {
                    return;
                };
                let td = p.text_document;
                let Some(path) = self.local_path(&td.uri) else {
                    return;
                };
                self.docs.open(Doc::new(
                    td.uri,
                    path.clone(),
                    td.version,
                    td.language_id,
                    td.text,
                ));
                self.after_change(&path);
            }
            nt::DidChangeTextDocument::METHOD => {
                let Some(p) = self.params::<lsp_types::DidChangeTextDocumentParams>(&n) else {
                    return;
                };
                let Some(path) = store::uri_path(&p.text_document.uri) else {
                    return;
                };
                let Some(current) = self.docs.get(&path).map(|d| d.version) else {
                    self.log(
                        MessageType::WARNING,
                        format!(
                            "guide-lint: a change to {} which is not open was ignored",
                            p.text_document.uri.as_str()
                        ),
                    );
                    return;
                };
                if p.text_document.version < current {
                    self.log(
                        MessageType::WARNING,
                        format!(
                            "guide-lint: an out-of-order change (version {} after {}) to {} was ignored",
                            p.text_document.version,
                            current,
                            p.text_document.uri.as_str()
                        ),
                    );
                    return;
                }
                let Some(doc) = self.docs.get_mut(&path) else {
                    return;
                };
                doc.version = p.text_document.version;
                doc.apply(p.content_changes);
                self.after_change(&path);
            }
            nt::DidSaveTextDocument::METHOD => {
                let Some(p) = self.params::<lsp_types::DidSaveTextDocumentParams>(&n) else {
                    return;
                };
                if let Some(path) = store::uri_path(&p.text_document.uri) {
                    if let (Some(text), Some(doc)) = (p.text, self.docs.get_mut(&path)) {
                        *doc = Doc::new(
                            doc.uri.clone(),
                            path.clone(),
                            doc.version,
                            doc.language.clone(),
                            text,
                        );
                    }
                    self.after_change(&path);
                }
            }
            nt::DidCloseTextDocument::METHOD => {
                let Some(p) = self.params::<lsp_types::DidCloseTextDocumentParams>(&n) else {
                    return;
                };
                if let Some(path) = store::uri_path(&p.text_document.uri)
                    && let Some(doc) = self.docs.close(&path)
                {
                    // No stale diagnostics on a closed page.
                    diagnostics::publish(&self.tx, &doc, Vec::new());
                    self.analysed.remove(&path);
                    self.links.remove(&path);
                    self.dirty.remove(&path);
                    // Its dependents now read the file on disk instead of the buffer.
                    let deps = self.dependents(&path);
                    self.dirty.extend(deps);
                }
            }
            nt::DidChangeWatchedFiles::METHOD => {
                let Some(p) = self.params::<lsp_types::DidChangeWatchedFilesParams>(&n) else {
                    return;
                };
                for change in p.changes {
                    if let Some(path) = store::uri_path(&change.uri) {
                        self.after_change(&path);
                    }
                }
            }
            _ => {}
        }
    }

    /// Marks what a change to `path` makes stale.
    fn after_change(&mut self, path: &Path) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // The MkDocs (or Zensical) project decides the pages' dialect and extensions.
        // So do the configurations its `INHERIT` reads, and the mkdocs-gen-files scripts whose
        // folders may hold generated pages.
        let inherited = || {
            self.config.mkdocs.as_ref().is_some_and(|p| {
                let changed = crate::fsutil::resolve(path);
                p.inherited.contains(&changed)
                    || p.gen_files_scripts
                        .iter()
                        .any(|s| crate::fsutil::resolve(&p.dir().join(s)) == changed)
            })
        };
        if name == crate::config::FILE_NAME
            || crate::mkdocs::PROJECT_FILES.contains(&name)
            || inherited()
        {
            self.reload_config(true);
            return;
        }
        if name == crate::translation::lock::FILE_NAME {
            // Accepted translations changed: every open translation may change.
            self.dirty.extend(self.docs.paths().cloned());
            return;
        }
        if self.docs.get(path).is_some() {
            self.dirty.insert(path.to_path_buf());
        } else {
            // A page changed on disk: the open pages depending on it.
            let deps = self.dependents(path);
            self.dirty.extend(deps);
        }
        // Any file may be one a page includes (pymdownx.snippets, GL210): the open pages that
        // include something are judged again; with `auto_append`, every page includes.
        if let Some(snippets) = self
            .config
            .mkdocs
            .as_ref()
            .and_then(|p| p.snippets.as_ref())
        {
            let every = !snippets.auto_append.is_empty();
            let including: Vec<PathBuf> = self
                .docs
                .iter()
                .filter(|d| every || d.text.contains("8<-"))
                .map(|d| d.path.clone())
                .collect();
            self.dirty.extend(including);
        }
    }

    fn local_path(&self, uri: &Uri) -> Option<PathBuf> {
        let p = store::uri_path(uri);
        if p.is_none() {
            self.log(
                MessageType::INFO,
                format!(
                    "guide-lint: {} is not a local file; it is not checked",
                    uri.as_str()
                ),
            );
        }
        p
    }

    fn params<P: DeserializeOwned>(&self, n: &Notification) -> Option<P> {
        match serde_json::from_value(n.params.clone()) {
            Ok(p) => Some(p),
            Err(e) => {
                self.log(
                    MessageType::ERROR,
                    format!("guide-lint: invalid params for {}: {e}", n.method),
                );
                None
            }
        }
    }

    fn request(&mut self, r: Request) -> Response {
        use lsp_types::request::{self as rq, Request as _};
        let id = r.id.clone();
        macro_rules! answer {
            ($ty:ty, $f:expr) => {
                match parse::<<$ty as rq::Request>::Params>(&r) {
                    Ok(p) => {
                        let result: <$ty as rq::Request>::Result = $f(self, p);
                        Response::new_ok(id, result)
                    }
                    Err(e) => e,
                }
            };
        }
        match r.method.as_str() {
            rq::CodeActionRequest::METHOD => answer!(rq::CodeActionRequest, actions::code_actions),
            rq::HoverRequest::METHOD => answer!(rq::HoverRequest, hover::hover),
            rq::GotoDefinition::METHOD => answer!(rq::GotoDefinition, navigation::definition),
            rq::DocumentLinkRequest::METHOD => {
                answer!(rq::DocumentLinkRequest, navigation::document_links)
            }
            rq::Completion::METHOD => answer!(rq::Completion, completion::completion),
            _ => error(
                id,
                ErrorCode::MethodNotFound,
                format!("unknown method `{}`", r.method),
            ),
        }
    }

    /// The open document at a URI.
    pub fn doc(&self, uri: &Uri) -> Option<&Doc> {
        self.docs.get(&store::uri_path(uri)?)
    }

    /// Opens (or replaces) a document directly: the benchmark's way in.
    pub fn open_text(&mut self, path: PathBuf, version: i32, text: String) {
        if let Some(uri) = store::path_uri(&path) {
            self.docs.open(Doc::new(
                uri,
                path.clone(),
                version,
                "markdown".into(),
                text,
            ));
            self.after_change(&path);
        }
    }

    /// Applies changes to an open document directly: the benchmark's way in.
    pub fn change_text(
        &mut self,
        path: &Path,
        version: i32,
        changes: Vec<lsp_types::TextDocumentContentChangeEvent>,
    ) {
        if let Some(doc) = self.docs.get_mut(path) {
            doc.version = version;
            doc.apply(changes);
            self.after_change(path);
        }
    }
}
