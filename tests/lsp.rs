//! `guide-lint server` over stdio, with real framing: every request, the diagnostics against
//! `check`, cross-page updates, and the protocol's rough edges.
//!
//! Each test copies the repository's guides into a temporary folder and drives the binary. The
//! waits are bounds against a hung server, not measures of speed.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(120);
const DA: &str = "guides/da/move-to-another-mastodon-server.md";
const EN: &str = "guides/en/move-to-another-mastodon-server.md";

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Option<Value>>,
    /// Messages received and not yet taken.
    pending: Vec<Value>,
    next_id: i64,
    dir: tempfile::TempDir,
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rel in [DA, EN, "guides/translations.lock", "guide-lint.yml"] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo.join(rel), to).unwrap();
    }
    dir
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

impl Client {
    /// Starts the server on a copy of the guides (not yet initialized).
    fn start() -> Client {
        let dir = fixture();
        let mut child = Command::new(env!("CARGO_BIN_EXE_guide-lint"))
            .arg("server")
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        let _ = tx.send(None);
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    assert!(line.ends_with(|c: char| c.is_ascii_digit()) || line.contains(':'));
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = Some(v.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; len.expect("a Content-Length header")];
                r.read_exact(&mut body).unwrap();
                let _ = tx.send(Some(serde_json::from_slice(&body).unwrap()));
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            rx,
            pending: Vec::new(),
            next_id: 1,
            dir,
        }
    }

    /// Starts and initializes the server.
    fn new() -> Client {
        let mut c = Client::start();
        c.initialize_at("");
        c
    }

    /// Initializes a started server with the workspace folder `root` (relative).
    fn initialize_at(&mut self, root: &str) {
        let root = self.uri(Path::new(root));
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {}}),
        );
        assert_eq!(r["result"]["serverInfo"]["name"], "guide-lint", "{r}");
        self.notify("initialized", json!({}));
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn uri(&self, rel: &Path) -> String {
        let p = self.dir.path().join(rel);
        url::Url::from_file_path(p).unwrap().to_string()
    }

    fn uri_of(&self, rel: &str) -> String {
        self.uri(Path::new(rel))
    }

    /// Writes a workspace file and tells the server it changed on disk (created or changed:
    /// `kind` 1 or 2).
    fn write_watched(&mut self, rel: &str, text: &str, kind: u8) {
        std::fs::write(self.path(rel), text).unwrap();
        let uri = self.uri_of(rel);
        self.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri, "type": kind}]}),
        );
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        self.send_raw(&frame(v.to_string().as_bytes()));
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its response (the whole response, error or result).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait(|m| m["id"] == json!(id) && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no response to {method}"))
    }

    /// The result of a request that must succeed.
    fn result(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// Waits for a message matching `pred`, keeping the others.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.pending.iter().position(&pred) {
            return Some(self.pending.remove(i));
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.rx.recv_timeout(left) {
                Ok(Some(m)) if pred(&m) => return Some(m),
                Ok(Some(m)) => self.pending.push(m),
                Ok(None) | Err(RecvTimeoutError::Disconnected) | Err(RecvTimeoutError::Timeout) => {
                    return None;
                }
            }
        }
    }

    /// Waits until the server has handled everything sent so far, and forgets the diagnostics
    /// it published meanwhile (a request is answered after the diagnostics of earlier changes).
    fn settle(&mut self) {
        self.request("guide-lint/settle", json!({}));
        self.pending
            .retain(|m| m["method"] != "textDocument/publishDiagnostics");
    }

    /// The next diagnostics published for `rel` at `version` (or any version).
    fn diagnostics(&mut self, rel: &str, version: Option<i64>) -> Vec<Value> {
        let uri = self.uri_of(rel);
        let m = self
            .wait(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == json!(uri)
                    && version.is_none_or(|v| m["params"]["version"] == json!(v))
            })
            .unwrap_or_else(|| panic!("no diagnostics for {rel}"));
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, rel: &str, text: &str) {
        let uri = self.uri_of(rel);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn open_file(&mut self, rel: &str) -> String {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        self.open(rel, &text);
        text
    }

    fn change_all(&mut self, rel: &str, version: i64, text: &str) {
        let uri = self.uri_of(rel);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn position_params(&self, rel: &str, pos: Value) -> Value {
        json!({"textDocument": {"uri": self.uri_of(rel)}, "position": pos})
    }

    fn shutdown_and_exit(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null);
        self.notify("exit", Value::Null);
        self.exit_code()
    }

    fn exit_code(&mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The LSP position (line, UTF-16 column) of byte `offset` in `text`.
fn lsp_pos(text: &str, offset: usize) -> Value {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count();
    let col = text[line_start..offset].encode_utf16().count();
    json!({"line": line, "character": col})
}

fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    c.sort();
    c
}

/// The Danish page with a relative component path (GL102, a safe fix) after a non-ASCII emoji.
fn broken_danish(c: &Client) -> String {
    let text = std::fs::read_to_string(c.path(DA)).unwrap();
    let text = text
        .replacen(
            "data-path=\"/settings/export\"",
            "data-path=\"settings/export\"",
            1,
        )
        .replacen("går du til siden", "går du 😀 til siden", 1);
    assert!(text.contains("😀 til siden <a data-identity=\"old\" data-path=\"settings/export\""));
    text
}

#[test]
fn lifecycle_errors_unknown_methods_and_clean_exit() {
    let mut c = Client::start();
    // A request before `initialize`.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    let root = c.uri(Path::new(""));
    let r = c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}}),
    );
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "codeActionProvider",
        "completionProvider",
        "documentLinkProvider",
    ] {
        assert!(!caps[cap].is_null(), "{cap} missing: {caps}");
    }
    let r = c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}}),
    );
    assert_eq!(r["error"]["code"], -32600);
    let r = c.request("guide-lint/unknown", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    // Unknown notifications are ignored; a malformed payload is logged and the session goes on.
    c.notify("$/unknownNotification", json!({}));
    c.send_raw(&frame(b"{this is not json"));
    c.send_raw(&frame(br#"{"jsonrpc":"2.0","id":99}"#));
    c.send_raw(b"Content-Type: x\r\n\r\n");
    let log = c
        .wait(|m| m["method"] == "window/logMessage")
        .expect("a log message");
    assert_eq!(log["params"]["type"], 1, "{log}");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("malformed")
    );
    // Invalid params are an error response, not a crash.
    let r = c.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // Notifications about documents that are not open are logged and ignored.
    let uri = c.uri_of(DA);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "x"}]}),
    );
    let r = c.request(
        "textDocument/hover",
        c.position_params(DA, json!({"line": 0, "character": 0})),
    );
    assert_eq!(r["result"], Value::Null);
    // After shutdown, requests are refused; exit ends the process with 0.
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600);
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), 0);
}

#[test]
fn exit_without_shutdown_and_closed_input_end_the_process() {
    let mut c = Client::new();
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), 1);
    let mut c = Client::new();
    c.stdin = None;
    assert_eq!(c.exit_code(), 1);
}

#[test]
fn diagnostics_carry_what_check_reports() {
    let mut c = Client::new();
    let text = broken_danish(&c);
    // On disk too, so `check` reads the same text.
    std::fs::write(c.path(DA), &text).unwrap();
    c.open(DA, &text);
    let diags = c.diagnostics(DA, Some(1));
    let out = Command::new(env!("CARGO_BIN_EXE_guide-lint"))
        .args(["check", "--output-format", "json", DA])
        .current_dir(c.dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert_eq!(diags.len(), findings.len(), "{diags:?}\n{findings:?}");
    for f in findings {
        let code = f["code"].as_str().unwrap();
        let start = f["start"]["offset"].as_u64().unwrap() as usize;
        let end = f["end"]["offset"].as_u64().unwrap() as usize;
        let d = diags
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("no {code} diagnostic"));
        assert_eq!(d["range"]["start"], lsp_pos(&text, start), "{code}");
        assert_eq!(d["range"]["end"], lsp_pos(&text, end), "{code}");
        let severity = match f["severity"].as_str().unwrap() {
            "error" => 1,
            "warning" => 2,
            _ => 3,
        };
        assert_eq!(d["severity"], severity);
        assert_eq!(d["source"], "guide-lint");
        assert_eq!(d["codeDescription"]["href"], f["url"]);
        let message = d["message"].as_str().unwrap();
        assert!(message.starts_with(f["message"].as_str().unwrap()));
        if let Some(help) = f["help"].as_str() {
            assert!(message.ends_with(&format!("help: {help}")), "{message}");
        }
    }
    // The GL102 range counts UTF-16 code units: the emoji before it is two.
    let gl102 = diags.iter().find(|d| d["code"] == "GL102").unwrap();
    let line = text
        .lines()
        .nth(gl102["range"]["start"]["line"].as_u64().unwrap() as usize)
        .unwrap();
    let byte_col = line.find("settings/export").unwrap();
    assert_eq!(
        gl102["range"]["start"]["character"],
        json!(line[..byte_col].encode_utf16().count())
    );
    assert_ne!(
        gl102["range"]["start"]["character"],
        json!(byte_col),
        "byte and UTF-16 columns must differ on this line"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A page whose lines end with a lone `\r` (old Mac files) gets its diagnostics on the lines
/// and characters the same page with `\n` gets them: an LSP position, like a page's line, ends a
/// line at a lone `\r`.
#[test]
fn lone_carriage_returns_end_lines_as_newlines_do() {
    let mut c = Client::new();
    let text = broken_danish(&c);
    c.open(DA, &text);
    let mut lf = c.diagnostics(DA, Some(1));
    c.change_all(DA, 2, &text.replace('\n', "\r"));
    let mut cr = c.diagnostics(DA, Some(2));
    let key = |d: &Value| (d["code"].to_string(), d["range"].to_string());
    lf.sort_by_key(key);
    cr.sort_by_key(key);
    assert!(!lf.is_empty());
    let ranges = |ds: &[Value]| ds.iter().map(key).collect::<Vec<_>>();
    assert_eq!(ranges(&cr), ranges(&lf));
    let gl102 = cr.iter().find(|d| d["code"] == "GL102").unwrap();
    assert!(gl102["range"]["start"]["line"].as_u64().unwrap() > 0);
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// Hover on a Danish definition whose English source comes from a snippet the English page
/// includes (pymdownx.snippets) shows the English definition, not the include line.
#[test]
fn hover_shows_the_english_text_a_snippet_brings() {
    let mut c = Client::start();
    let mut config = std::fs::read_to_string(c.path("guide-lint.yml")).unwrap();
    config.push_str("mkdocs: mkdocs.yml\n");
    std::fs::write(c.path("guide-lint.yml"), config).unwrap();
    std::fs::write(
        c.path("mkdocs.yml"),
        "site_name: Demo\ndocs_dir: guides/en\nmarkdown_extensions:\n  - pymdownx.snippets\n  - def_list\n",
    )
    .unwrap();
    std::fs::create_dir_all(c.path("includes")).unwrap();
    std::fs::write(
        c.path("includes/extra.md"),
        "Handle\n:   The name of an account, for example `@alice@old.example`.\n",
    )
    .unwrap();
    let en = "# Glossary\n\nWords you meet when you move an account.\n\nAlias\n\
              :   A note on the new account that names the old one.\n\n--8<-- \"includes/extra.md\"\n";
    std::fs::write(c.path("guides/en/glossary.md"), en).unwrap();
    let da = "# Ordliste\n\nOrd, du møder, når du flytter en konto.\n\nAlias\n\
              :   En note på den nye konto, der nævner den gamle.\n\nBrugernavn\n\
              :   Navnet på en konto, for eksempel `@alice@old.example`.\n";
    std::fs::write(c.path("guides/da/glossary.md"), da).unwrap();
    let root = c.uri(Path::new(""));
    let r = c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}}),
    );
    assert_eq!(r["result"]["serverInfo"]["name"], "guide-lint", "{r}");
    c.notify("initialized", json!({}));
    let page = "guides/da/glossary.md";
    c.open(page, da);
    c.diagnostics(page, Some(1));
    let line = da
        .lines()
        .position(|l| l.starts_with(":   Navnet"))
        .unwrap();
    let h = c.result(
        "textDocument/hover",
        c.position_params(page, json!({"line": line, "character": 6})),
    );
    let value = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("The name of an account"), "{value}");
    assert!(!value.contains("8<-"), "{value}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// An English page, and its Danish translation with the second paragraph left in English.
const TIPS_EN: &str = "# Tips\n\nExport your follows before you move the account.\n\n\
                       Keep the old account open for a week after the move.\n";
const TIPS_DA: &str = "# Tips\n\nEksportér dem, du følger, før du flytter kontoen.\n\n\
                       Keep the old account open for a week after the move.\n";

/// A MkDocs project that builds the source locale's guides of the workspace's `guide-lint.yml`
/// (`guides/mkdocs.yml` building `guides/en`) is part of the workspace's configuration: a
/// Danish page beside it is compared with its English source in the editor too.
#[test]
fn a_page_beside_a_mkdocs_project_inside_the_guides_root_is_compared() {
    let mut c = Client::start();
    std::fs::write(
        c.path("guide-lint.yml"),
        "guides: guides\nsource-locale: en\ntarget-locales: [da]\n",
    )
    .unwrap();
    std::fs::create_dir_all(c.path("guides/en")).unwrap();
    std::fs::create_dir_all(c.path("guides/da")).unwrap();
    std::fs::write(
        c.path("guides/mkdocs.yml"),
        "site_name: Guides\ndocs_dir: en\n",
    )
    .unwrap();
    let en = TIPS_EN;
    std::fs::write(c.path("guides/en/tips.md"), en).unwrap();
    let da = TIPS_DA;
    std::fs::write(c.path("guides/da/tips.md"), da).unwrap();
    c.initialize_at("");
    c.open("guides/da/tips.md", da);
    let diags = c.diagnostics("guides/da/tips.md", Some(1));
    assert!(codes(&diags).contains(&"GL403".to_string()), "{diags:?}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// On a MkDocs site that writes each page's language before its extension (mkdocs-static-i18n's
/// suffix structure), the editor compares `tips.da.md` with `tips.md`: an English paragraph left
/// in the Danish page is told, and hover on a translated paragraph shows its English source.
#[test]
fn a_suffix_translation_is_compared_in_the_editor() {
    let mut c = Client::start();
    std::fs::write(c.path("guide-lint.yml"), "mkdocs: mkdocs.yml\n").unwrap();
    std::fs::write(
        c.path("mkdocs.yml"),
        "site_name: Demo\ndocs_dir: site\nplugins:\n  - i18n:\n      languages:\n        \
         - locale: en\n          default: true\n        - locale: da\n",
    )
    .unwrap();
    std::fs::create_dir_all(c.path("site")).unwrap();
    let en = TIPS_EN;
    std::fs::write(c.path("site/tips.md"), en).unwrap();
    let da = TIPS_DA;
    std::fs::write(c.path("site/tips.da.md"), da).unwrap();
    let root = c.uri(Path::new(""));
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    let page = "site/tips.da.md";
    c.open(page, da);
    let diags = c.diagnostics(page, Some(1));
    assert!(codes(&diags).contains(&"GL403".to_string()), "{diags:?}");
    let h = c.result(
        "textDocument/hover",
        c.position_params(page, json!({"line": 2, "character": 4})),
    );
    let value = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("Export your follows"), "{value}");
    // An English section added in the English buffer (not saved) is told on the open Danish
    // page at once: it depends on its source page.
    c.open("site/tips.md", en);
    c.settle();
    let edited = format!("{en}\n## Lists\n\nExport your lists the same way.\n");
    c.change_all("site/tips.md", 2, &edited);
    let diags = c.diagnostics(page, Some(1));
    assert!(codes(&diags).contains(&"GL404".to_string()), "{diags:?}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn a_translation_in_a_folder_the_plugin_writes_pt_br_is_compared_in_the_editor() {
    let mut c = Client::start();
    std::fs::write(c.path("guide-lint.yml"), "mkdocs: mkdocs.yml\n").unwrap();
    std::fs::write(
        c.path("mkdocs.yml"),
        "site_name: Demo\nplugins:\n  - i18n:\n      docs_structure: folder\n      languages:\n        \
         - locale: en\n          default: true\n        - locale: pt-BR\n",
    )
    .unwrap();
    std::fs::create_dir_all(c.path("docs/en")).unwrap();
    std::fs::create_dir_all(c.path("docs/pt-BR")).unwrap();
    let en = TIPS_EN;
    std::fs::write(c.path("docs/en/tips.md"), en).unwrap();
    let pt = "# Dicas\n\nExporte quem você segue antes de mover a conta.\n\n\
              Keep the old account open for a week after the move.\n";
    std::fs::write(c.path("docs/pt-BR/tips.md"), pt).unwrap();
    let root = c.uri(Path::new(""));
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    // The folder `pt-BR/` is the locale `pt-br`: the page is compared with `en/tips.md`, and its
    // paragraph copied from the English is told.
    let page = "docs/pt-BR/tips.md";
    c.open(page, pt);
    let diags = c.diagnostics(page, Some(1));
    assert!(codes(&diags).contains(&"GL403".to_string()), "{diags:?}");
    let h = c.result(
        "textDocument/hover",
        c.position_params(page, json!({"line": 2, "character": 4})),
    );
    let value = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("Export your follows"), "{value}");
    // An English section added in the English buffer is told on the open Portuguese page.
    c.open("docs/en/tips.md", en);
    c.settle();
    let edited = format!("{en}\n## Lists\n\nExport your lists the same way.\n");
    c.change_all("docs/en/tips.md", 2, &edited);
    let diags = c.diagnostics(page, Some(1));
    assert!(codes(&diags).contains(&"GL404".to_string()), "{diags:?}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn unsaved_edits_are_checked_and_dependents_follow() {
    let mut c = Client::new();
    let da = c.open_file(DA);
    let en = c.open_file(EN);
    assert!(codes(&c.diagnostics(DA, Some(1))).is_empty());
    c.diagnostics(EN, Some(1));
    c.settle();
    // Edit the English page (not saved): GL407 appears on the Danish one, which did not change.
    let para = "In this step we manually backup your data on the old server, so we can import it later on the new server.";
    assert!(en.contains(para));
    let edited = en.replacen(para, "In this step we back up your data on the old server by hand, so that it can be imported on the new server later.", 1);
    c.change_all(EN, 2, &edited);
    let diags = c.diagnostics(DA, Some(1));
    let gl407: Vec<_> = diags.iter().filter(|d| d["code"] == "GL407").collect();
    assert_eq!(gl407.len(), 1, "{diags:?}");
    let msg = gl407[0]["message"].as_str().unwrap();
    assert!(msg.contains("English before"), "{msg}");
    assert!(msg.contains("by hand"), "{msg}");
    let related = &gl407[0]["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], json!(c.uri_of(EN)));
    // Hover on the Danish paragraph shows the English now and before.
    let start = gl407[0]["range"]["start"].clone();
    let h = c.result("textDocument/hover", c.position_params(DA, start));
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.contains("by hand"), "{value}");
    assert!(value.contains("GL407"), "{value}");
    assert!(value.contains("manually backup"), "{value}");
    // Undo: the finding goes away.
    c.settle();
    c.change_all(EN, 3, &en);
    let diags = c.diagnostics(DA, Some(1));
    assert!(!codes(&diags).contains(&"GL407".to_string()), "{diags:?}");
    // A page link's anchor breaks when the heading it names changes in the target buffer.
    let link_page = "guides/da/links.md";
    let text = "---\ntitle: Links\n---\n\nSe [trin 2](/da/move-to-another-mastodon-server#h-2-eksporter-dine-data).\n";
    assert!(da.contains("## 2. Eksporter dine data"));
    c.open(link_page, text);
    let before = c.diagnostics(link_page, Some(1));
    assert!(!codes(&before).contains(&"GL201".to_string()), "{before:?}");
    c.settle();
    let renamed = da.replacen("## 2. Eksporter dine data", "## 2. Eksportér data", 1);
    c.change_all(DA, 2, &renamed);
    let after = c.diagnostics(link_page, Some(1));
    assert!(codes(&after).contains(&"GL201".to_string()), "{after:?}");
    // Closing a page clears its diagnostics.
    let uri = c.uri_of(link_page);
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.diagnostics(link_page, None).is_empty());
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn configuration_changes_are_picked_up() {
    let mut c = Client::new();
    let text = broken_danish(&c);
    c.open(DA, &text);
    assert!(codes(&c.diagnostics(DA, Some(1))).contains(&"GL102".to_string()));
    c.settle();
    let cfg = c.path("guide-lint.yml");
    let mut yml = std::fs::read_to_string(&cfg).unwrap();
    yml.push_str("ignore: [GL102]\n");
    std::fs::write(&cfg, &yml).unwrap();
    let uri = c.uri_of("guide-lint.yml");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    );
    let diags = c.diagnostics(DA, Some(1));
    assert!(!codes(&diags).contains(&"GL102".to_string()), "{diags:?}");
    // A configuration that does not read is reported, and the last good one kept.
    std::fs::write(&cfg, "select: [GL999\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    );
    let shown = c
        .wait(|m| m["method"] == "window/showMessage")
        .expect("the configuration error is shown");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("configuration")
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A `mkdocs.yml` or `zensical.toml` put beside `guide-lint.yml` makes its `markdown_extensions`
/// the MkDocs pages' (here the English page, MkDocs by `dialects`): the server reads the project
/// again when the client says it changed.
#[test]
fn mkdocs_and_zensical_projects_are_picked_up() {
    let mut c = Client::new();
    let text = std::fs::read_to_string(c.path(EN)).unwrap();
    assert!(text.contains("\n!!! "), "the English page has admonitions");
    c.open(EN, &text);
    assert!(!codes(&c.diagnostics(EN, Some(1))).contains(&"GL321".to_string()));
    c.settle();
    // A MkDocs project without `admonition`: the page's admonitions are text on its site.
    c.write_watched(
        "mkdocs.yml",
        "site_name: Guides\ndocs_dir: guides\nmarkdown_extensions:\n  - toc\n",
        1,
    );
    let diags = c.diagnostics(EN, Some(1));
    assert!(codes(&diags).contains(&"GL321".to_string()), "{diags:?}");
    c.settle();
    // A Zensical project beside it, preferred, without an extension list (Zensical's own
    // defaults, not assumed): nothing to report.
    c.write_watched(
        "zensical.toml",
        "[project]\nsite_name = \"Guides\"\ndocs_dir = \"guides\"\n",
        1,
    );
    let diags = c.diagnostics(EN, Some(1));
    assert!(!codes(&diags).contains(&"GL321".to_string()), "{diags:?}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A `mkdocs.yml` that inherits its extensions (`INHERIT`): the inherited file decides, and the
/// server reads the configuration again when that file changes, as when `mkdocs.yml` does.
#[test]
fn an_inherited_configuration_is_watched() {
    let mut c = Client::new();
    let text = std::fs::read_to_string(c.path(EN)).unwrap();
    c.write_watched(
        "shared.yml",
        "site_name: Guides\nmarkdown_extensions:\n  - admonition\n  - pymdownx.details\n  \
         - pymdownx.superfences\n  - pymdownx.tabbed\n  - attr_list\n  - md_in_html\n  \
         - pymdownx.keys\n",
        1,
    );
    c.write_watched("mkdocs.yml", "INHERIT: shared.yml\ndocs_dir: guides\n", 1);
    c.settle();
    c.open(EN, &text);
    assert!(!codes(&c.diagnostics(EN, Some(1))).contains(&"GL321".to_string()));
    c.settle();
    c.write_watched(
        "shared.yml",
        "site_name: Guides\nmarkdown_extensions:\n  - toc\n",
        2,
    );
    let diags = c.diagnostics(EN, Some(1));
    assert!(codes(&diags).contains(&"GL321".to_string()), "{diags:?}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A mkdocs-gen-files script names the folders it may write pages into: when it changes, the
/// server reads the project again, and a link into a folder it no longer names is told.
#[test]
fn a_gen_files_script_is_watched() {
    let mut c = Client::new();
    let text =
        std::fs::read_to_string(c.path(EN)).unwrap() + "\nSee [the API](../reference/api.md).\n";
    c.write_watched("gen.py", "OUT = \"reference\"\n", 1);
    c.write_watched(
        "mkdocs.yml",
        "site_name: Guides\ndocs_dir: guides\nplugins:\n  - gen-files:\n      scripts:\n        - gen.py\n",
        1,
    );
    c.settle();
    c.open(EN, &text);
    assert!(!codes(&c.diagnostics(EN, Some(1))).contains(&"GL202".to_string()));
    c.settle();
    c.write_watched("gen.py", "OUT = \"api\"\n", 2);
    let diags = c.diagnostics(EN, Some(1));
    assert!(codes(&diags).contains(&"GL202".to_string()), "{diags:?}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// In a MkDocs project without guide-lint configuration, a README beside `docs_dir` is read as
/// MkDocs in the editor, as by `check`: its `.md` link and fence title are no findings, and
/// "fix all" fixes what it shows and leaves them as written.
#[test]
fn a_readme_beside_a_mkdocs_project_is_read_and_fixed_as_mkdocs() {
    let mut c = Client::new();
    std::fs::remove_file(c.path("guide-lint.yml")).unwrap();
    let uri = c.uri_of("guide-lint.yml");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 3}]}),
    );
    c.write_watched("mkdocs.yml", "site_name: Guides\ndocs_dir: guides\n", 1);
    c.settle();
    let readme = "# Demo\n\nRead the [guide](guides/en/move-to-another-mastodon-server.md).\n\n\
                  ```toml title=\"pyproject.toml\"\n[tool.demo]\n```\n\n\
                  <input id=\"from-server\" placeholder=\"...\" class=\"server-selector\" />\n\n\
                  <a identity=\"old\" path=\"settings/export\">Export</a>\n";
    c.open("README.md", readme);
    let diags = c.diagnostics("README.md", Some(1));
    assert_eq!(codes(&diags), ["GL102"], "{diags:?}");
    let fixed = fix_all(&mut c, "README.md", readme, &diags);
    assert_eq!(
        fixed,
        readme.replace("path=\"settings/export\"", "path=\"/settings/export\""),
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// The workspace folder holds a MkDocs project, inside a repository whose `guide-lint.yml` lies
/// further up: the server checks the MkDocs project, as `check` run there does (its pages are
/// MkDocs pages: a `.md` link is no GL203, a missing page is GL202).
#[test]
fn a_mkdocs_project_in_the_workspace_folder_is_its_configuration() {
    let mut c = Client::start();
    std::fs::create_dir_all(c.path(".git")).unwrap();
    std::fs::create_dir_all(c.path("site/docs")).unwrap();
    std::fs::write(c.path("site/mkdocs.yml"), "site_name: Site\n").unwrap();
    std::fs::write(c.path("site/docs/faq.md"), "# FAQ\n").unwrap();
    c.initialize_at("site");
    let page = "# Home\n\nRead the [FAQ](faq.md) and the [setup](setup.md).\n";
    c.open("site/docs/index.md", page);
    let diags = c.diagnostics("site/docs/index.md", Some(1));
    assert_eq!(codes(&diags), ["GL202"], "{diags:?}");
    assert!(
        diags[0]["message"].as_str().unwrap().contains("setup.md"),
        "{diags:?}"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// The diagnostics of `guides/en/terms.md`, open with the text `page` in the MkDocs project
/// `mkdocs`, before and after `file` is created (a watched-file notification).
fn before_and_after_a_file_appears(
    mkdocs: &str,
    page: &str,
    file: &str,
    file_text: &str,
) -> (Vec<Value>, Vec<Value>) {
    let mut c = Client::new();
    c.write_watched("mkdocs.yml", mkdocs, 1);
    c.settle();
    let rel = "guides/en/terms.md";
    c.open(rel, page);
    let before = c.diagnostics(rel, Some(1));
    c.settle();
    if let Some(dir) = std::path::Path::new(file).parent() {
        std::fs::create_dir_all(c.path(&dir.to_string_lossy())).unwrap();
    }
    c.write_watched(file, file_text, 1);
    let after = c.diagnostics(rel, Some(1));
    assert_eq!(c.shutdown_and_exit(), 0);
    (before, after)
}

/// GL210 in the editor: a page including a missing snippet file shows it, and creating the
/// file (a watched-file notification) clears it.
#[test]
fn a_missing_snippet_clears_when_its_file_appears() {
    let (before, after) = before_and_after_a_file_appears(
        "site_name: Guides\ndocs_dir: guides\nmarkdown_extensions:\n  - admonition\n  - pymdownx.snippets\n",
        "# Terms\n\n--8<-- \"includes/terms.md\"\n",
        "includes/terms.md",
        "Relay\n:   A server that forwards posts.\n",
    );
    assert!(codes(&before).contains(&"GL210".to_string()), "{before:?}");
    assert!(!codes(&after).contains(&"GL210".to_string()), "{after:?}");
}

/// GL210 for `auto_append` in the editor: an open MkDocs page shows the missing file on its
/// first line, and creating the file (a watched-file notification) clears it.
#[test]
fn a_missing_auto_append_file_clears_when_it_appears() {
    let (before, after) = before_and_after_a_file_appears(
        "site_name: Guides\ndocs_dir: guides\nmarkdown_extensions:\n  - abbr\n  - pymdownx.snippets:\n      auto_append: [includes/abbr.md]\n",
        "# Terms\n\nThe HTML page.\n",
        "includes/abbr.md",
        "*[HTML]: Hyper Text Markup Language\n",
    );
    let gl210: Vec<_> = before.iter().filter(|d| d["code"] == "GL210").collect();
    assert_eq!(gl210.len(), 1, "{before:?}");
    assert_eq!(gl210[0]["range"]["start"]["line"], 0, "{before:?}");
    assert!(!codes(&after).contains(&"GL210".to_string()), "{after:?}");
}

#[test]
fn code_actions_fix_and_suppress() {
    let mut c = Client::new();
    let text = broken_danish(&c);
    c.open(DA, &text);
    let diags = c.diagnostics(DA, Some(1));
    let gl102 = diags.iter().find(|d| d["code"] == "GL102").unwrap().clone();
    let uri = c.uri_of(DA);
    let actions = c.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": gl102["range"], "context": {"diagnostics": [gl102]}}),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Fix GL102"))
        .unwrap_or_else(|| panic!("{titles:?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert!(
        titles.contains(&"Suppress GL102 on this line"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Suppress GL102 in this file"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Fix all safe findings in this file"),
        "{titles:?}"
    );
    // Each action, applied to the buffer, removes the GL102 finding.
    let mut version = 1;
    for title in [
        fix["title"].as_str().unwrap(),
        "Suppress GL102 on this line",
        "Suppress GL102 in this file",
        "Fix all safe findings in this file",
    ] {
        let a = actions.iter().find(|a| a["title"] == title).unwrap();
        let edits = a["edit"]["changes"][&uri].as_array().unwrap();
        let fixed = apply(&text, edits);
        version += 1;
        c.change_all(DA, version, &fixed);
        let after = c.diagnostics(DA, Some(version));
        assert!(
            !codes(&after).contains(&"GL102".to_string()),
            "{title}: {after:?}"
        );
        // No new finding (an unused or misplaced suppression would be one).
        for d in &after {
            assert!(
                diags.iter().any(|b| b["code"] == d["code"]),
                "{title}: {after:?}"
            );
        }
        version += 1;
        c.change_all(DA, version, &text);
        c.diagnostics(DA, Some(version));
    }
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// Applies LSP text edits (non-overlapping) to a text.
/// The text "Fix all safe findings in this file" gives `text`, open as `rel` with `diags`.
fn fix_all(c: &mut Client, rel: &str, text: &str, diags: &[Value]) -> String {
    let uri = c.uri_of(rel);
    let actions = c.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}}),
    );
    let all = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Fix all safe findings in this file")
        .unwrap_or_else(|| panic!("{actions}"));
    apply(text, all["edit"]["changes"][&uri].as_array().unwrap())
}

fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

#[test]
fn hover_definition_links_and_completion() {
    let mut c = Client::new();
    let da = c.open_file(DA);
    let en = c.open_file(EN);
    c.diagnostics(DA, Some(1));
    // Hover on a Danish paragraph: the English one.
    let at = da.find("På den **gamle** server").unwrap();
    let h = c.result(
        "textDocument/hover",
        c.position_params(DA, lsp_pos(&da, at + 3)),
    );
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("On the **old** server, navigate to the"),
        "{value}"
    );
    // Hover on a component: what it becomes for example servers.
    let at = da
        .find("<a data-identity=\"old\" data-path=\"/settings/export\"")
        .unwrap();
    let h = c.result(
        "textDocument/hover",
        c.position_params(DA, lsp_pos(&da, at + 5)),
    );
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("https://old-server.example/settings/export"),
        "{value}"
    );
    // Definition of a Danish paragraph: the English paragraph.
    let at = da.find("På den **gamle** server").unwrap();
    let d = c.result(
        "textDocument/definition",
        c.position_params(DA, lsp_pos(&da, at + 3)),
    );
    assert_eq!(d["uri"], json!(c.uri_of(EN)));
    let en_at = en.find("On the **old** server, navigate to the").unwrap();
    assert_eq!(d["range"]["start"], lsp_pos(&en, en_at));

    // A page with a link to the other page's heading.
    let page = "guides/en/links.md";
    let text = "---\ntitle: Links\n---\n\n# Links\n\nSee [step 2](move-to-another-mastodon-server.md#2-export-your-data) and ![x](pic.png).\n";
    c.open(page, text);
    c.diagnostics(page, Some(1));
    c.settle();
    let heading = en
        .find("## 2. Export your data")
        .expect("the English heading");
    let at = text.find("#2-export").unwrap();
    let h = c.result(
        "textDocument/hover",
        c.position_params(page, lsp_pos(text, at + 2)),
    );
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.contains("2. Export your data"), "{value}");
    let d = c.result(
        "textDocument/definition",
        c.position_params(page, lsp_pos(text, at + 2)),
    );
    assert_eq!(d["uri"], json!(c.uri_of(EN)));
    assert_eq!(d["range"]["start"], lsp_pos(&en, heading));
    let links = c.result(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": c.uri_of(page)}}),
    );
    let links = links.as_array().unwrap();
    assert_eq!(links.len(), 1, "{links:?}");
    assert!(
        links[0]["target"]
            .as_str()
            .unwrap()
            .starts_with(&c.uri_of(EN))
    );

    // Completion: identities, attribute names by dialect, page paths, anchors.
    let labels = |v: &Value| -> Vec<String> {
        let items = v
            .as_array()
            .cloned()
            .unwrap_or_else(|| v["items"].as_array().unwrap().clone());
        items
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let mut version = 1;
    let mut complete = |c: &mut Client, rel: &str, base: &str, typed: &str| {
        version += 1;
        let body = format!("{base}{typed}");
        c.change_all(rel, version, &body);
        c.result(
            "textDocument/completion",
            c.position_params(rel, lsp_pos(&body, body.len())),
        )
    };
    let r = complete(&mut c, page, "Text <span ", "");
    assert_eq!(
        labels(&r),
        ["identity", "tag", "prefix", "suffix", "default"]
    );
    let r = complete(&mut c, page, "Text <a identity=\"", "");
    assert_eq!(labels(&r), ["old", "new"]);
    let r = complete(&mut c, page, "See [x](", "");
    assert_eq!(labels(&r), ["move-to-another-mastodon-server.md"]);
    let r = complete(
        &mut c,
        page,
        "See [x](move-to-another-mastodon-server.md#",
        "",
    );
    assert!(
        labels(&r).contains(&"2-export-your-data".to_string()),
        "{r}"
    );
    // A MkDocs page's content tabs are anchors too.
    c.open(
        "guides/en/tabs.md",
        "# Apps\n\n=== \"Android\"\n\n    Get the app.\n\n=== \"iOS\"\n\n    Get the app.\n",
    );
    let r = complete(&mut c, page, "See [x](tabs.md#", "");
    assert_eq!(labels(&r), ["apps", "__tabbed_1_1", "__tabbed_1_2"], "{r}");
    let da_page = "guides/da/links.md";
    c.open(da_page, "x");
    let r = complete(&mut c, da_page, "Tekst <a ", "data-");
    assert_eq!(labels(&r), ["data-identity", "data-path"]);
    let r = complete(&mut c, da_page, "Se [x](", "/da/");
    assert!(
        labels(&r).contains(&"/da/move-to-another-mastodon-server".to_string()),
        "{r}"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}

#[test]
fn large_buffers_bursts_and_vanishing_files() {
    let mut c = Client::new();
    let da = c.open_file(DA);
    c.diagnostics(DA, Some(1));
    // A burst of 1,000 incremental edits: the last diagnostics are for the last version, and
    // the buffer the server holds is the editor's (the hover answers from it).
    let uri = c.uri_of(DA);
    let end = lsp_pos(&da, da.len());
    for v in 2..=1001 {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [
                {"range": {"start": end, "end": end}, "text": if v % 2 == 0 { "x" } else { "" }}
            ]}),
        );
    }
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 1002}, "contentChanges": [
            {"range": {"start": end, "end": end}, "text": "\n\nEt nyt afsnit med <span data-identity=\"ny\"></span>.\n"}
        ]}),
    );
    let diags = c.diagnostics(DA, Some(1002));
    assert!(codes(&diags).contains(&"GL101".to_string()), "{diags:?}");
    // An out-of-order change is ignored, not applied.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 5}, "contentChanges": [{"text": ""}]}),
    );
    let warn = c.wait(|m| m["method"] == "window/logMessage").unwrap();
    assert!(
        warn["params"]["message"]
            .as_str()
            .unwrap()
            .contains("out-of-order")
    );

    // The file is deleted while open: the buffer is still checked.
    std::fs::remove_file(c.path(DA)).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 3}]}),
    );
    c.change_all(DA, 1003, &da);
    assert!(c.diagnostics(DA, Some(1003)).is_empty());
    // Publishes of earlier versions may still be pending (the deletion alone can be checked
    // before the change arrives): forget them, so the next one read is the close's.
    c.settle();
    // Renamed: closed under the old name (cleared), opened under the new one.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.diagnostics(DA, None).is_empty());
    let renamed = "guides/da/renamed.md";
    c.open(renamed, &da);
    c.diagnostics(renamed, Some(1));

    // A 30 MB buffer: not checked as it is typed, and said so; the server stays responsive.
    let big_page = "guides/en/big.md";
    let mut big = String::from("---\ntitle: Big\n---\n\n");
    let para =
        "A paragraph of an enormous page, with `code` and a [link](https://example.org).\n\n";
    while big.len() < 30 << 20 {
        big.push_str(para);
    }
    c.open(big_page, &big);
    let diags = c.diagnostics(big_page, Some(1));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]["message"].as_str().unwrap().contains("30.0 MB"),
        "{diags:?}"
    );
    let r = c.request(
        "textDocument/hover",
        c.position_params(big_page, json!({"line": 100000, "character": 5})),
    );
    assert!(r.get("error").is_none(), "{r}");
    // Cut down to a page's size, it is checked again.
    c.change_all(
        big_page,
        2,
        "---\ntitle: Big\n---\n\nSee [x](missing.md).\n",
    );
    let diags = c.diagnostics(big_page, Some(2));
    assert!(codes(&diags).contains(&"GL202".to_string()), "{diags:?}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A link to a page the MkDocs site excludes is told in the editor as by `check`, and its hover
/// says why.
#[test]
fn links_to_what_the_site_leaves_out_are_told_in_the_editor() {
    let mut c = Client::new();
    std::fs::create_dir_all(c.path("guides/en/drafts")).unwrap();
    std::fs::write(c.path("guides/en/drafts/wip.md"), "# Work in progress\n").unwrap();
    c.write_watched(
        "mkdocs.yml",
        "site_name: Guides\ndocs_dir: guides\nexclude_docs: |\n  en/drafts/\n",
        1,
    );
    c.settle();
    let page = "guides/en/links.md";
    let text = "---\ntitle: Links\n---\n\n# Links\n\nSee the [draft](drafts/wip.md).\n";
    c.open(page, text);
    let diags = c.diagnostics(page, Some(1));
    assert!(
        diags.iter().any(|d| d["code"] == "GL202"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("`en/drafts/wip.md` is excluded from the MkDocs site")),
        "{diags:?}"
    );
    let at = text.find("drafts/wip").unwrap();
    let h = c.result(
        "textDocument/hover",
        c.position_params(page, lsp_pos(text, at + 2)),
    );
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.contains("excluded from the MkDocs site"), "{value}");
    assert_eq!(c.shutdown_and_exit(), 0);
}

/// A page of a MkDocs project below the workspace's own (a documentation site in `site/` of a
/// repository whose `guide-lint.yml` is at the top) is checked in the editor with the site's
/// configuration, as `check` checks it: its blog post's `date` header and admonition are no
/// Wiki.js findings, and its broken link is reported as the site reads it. A project whose
/// configuration does not read says so on its pages.
#[test]
fn a_page_of_a_project_below_the_workspace_is_checked_with_its_configuration() {
    let mut c = Client::new();
    std::fs::create_dir_all(c.path("site/docs/blog")).unwrap();
    c.write_watched(
        "site/mkdocs.yml",
        "site_name: Demo\nmarkdown_extensions:\n  - admonition\n",
        1,
    );
    std::fs::write(c.path("site/docs/setup.md"), "# Setup\n").unwrap();
    c.settle();
    let post = "---\ntitle: Launch\ndate: 2024-05-01\ntags:\n  - news\n---\n\n# Launch\n\n\
                !!! note \"New\"\n    Read the [setup](../setup.md) and [gone](../gone.md).\n\n\
                <a identity=\"old\" path=\"settings/export\">Export</a>\n";
    c.open("site/docs/blog/launch.md", post);
    let diags = c.diagnostics("site/docs/blog/launch.md", Some(1));
    assert_eq!(codes(&diags), ["GL102", "GL107", "GL202"], "{diags:?}");
    // "Fix all" fixes what the page shows, with the site's configuration: the tags stay a
    // list, the admonition and the `.md` links as MkDocs reads them.
    let fixed = fix_all(&mut c, "site/docs/blog/launch.md", post, &diags);
    assert_eq!(
        fixed,
        post.replace("path=\"settings/export\"", "path=\"/settings/export\"")
    );
    // Completion offers the identities of the page's project (here a folder with its own
    // `guide-lint.yml`), not the workspace's.
    std::fs::create_dir_all(c.path("team")).unwrap();
    c.write_watched(
        "team/guide-lint.yml",
        "guides: .\ncomponents:\n  identities: [alpha]\n  server-inputs:\n    alpha: alpha-server\n",
        1,
    );
    c.settle();
    let notes = "# Notes\n\nText <a identity=\"";
    c.open("team/notes.md", notes);
    let r = c.result(
        "textDocument/completion",
        c.position_params("team/notes.md", lsp_pos(notes, notes.len())),
    );
    let items = r
        .as_array()
        .cloned()
        .unwrap_or_else(|| r["items"].as_array().unwrap().clone());
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["alpha"], "{r}");
    c.settle();
    c.write_watched("site/mkdocs.yml", "site_name: [\n", 2);
    let diags = c.diagnostics("site/docs/blog/launch.md", Some(1));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("cannot read the configuration of this page's project")),
        "{diags:?}"
    );
    assert_eq!(c.shutdown_and_exit(), 0);
}
