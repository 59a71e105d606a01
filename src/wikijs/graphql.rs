//! A blocking client for the Wiki.js 2.x GraphQL page API (`docs/wikijs.md#graphql-api`).
//!
//! - The API key comes from the environment only ([`ApiToken::from_env`]); it is never shown:
//!   `Debug` redacts it, it has no `Display`, and every error message is scrubbed of it.
//! - The key travels only over https, unless the host is loopback or plain http is allowed
//!   explicitly.
//! - Every request has a timeout; transient failures (5xx, 429, refused or reset connections,
//!   timeouts) are retried a bounded number of times with exponential backoff. A TLS failure or
//!   a rejected key is reported at once, with what to do.
//! - Mutations answer with Wiki.js's `responseResult`; a refusal is a [`WikiError`] (with the
//!   Wiki.js error code), not a [`ClientError`], so a caller can carry on with other pages.

use std::fmt;
use std::io::Read;
use std::time::Duration;

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::{Value, json};

/// The environment variable holding the API key unless configured otherwise.
pub use crate::util::DEFAULT_TOKEN_ENV;

/// Largest answer read: a page as large as a guide may be (32 MiB), escaped. The answer is
/// decoded as it arrives, never held whole, and an answer that goes on past this is refused.
pub const MAX_BODY: u64 = 48 << 20;

/// Largest error page read, to recognise Wiki.js's messages.
const MAX_ERROR_BODY: u64 = 64 << 10;

/// Most pages one listing may name (a list item takes about 100 bytes in memory).
pub const MAX_LISTED_PAGES: usize = 500_000;

/// Most tags one page may have.
const MAX_TAGS: usize = 10_000;

/// A Wiki.js API key. Never printed: `Debug` shows `ApiToken(<redacted>)`.
#[derive(Clone)]
pub struct ApiToken(String);

impl ApiToken {
    /// Reads the key from the environment variable `var`.
    pub fn from_env(var: &str) -> Result<ApiToken, ClientError> {
        match std::env::var(var) {
            Ok(v) if !v.trim().is_empty() => Ok(ApiToken(v.trim().to_string())),
            Ok(_) => Err(ClientError::MissingToken {
                var: var.to_string(),
                empty: true,
            }),
            Err(_) => Err(ClientError::MissingToken {
                var: var.to_string(),
                empty: false,
            }),
        }
    }

    /// Wraps a key (tests and embedders; the CLI reads it from the environment).
    pub fn new(key: impl Into<String>) -> ApiToken {
        ApiToken(key.into())
    }

    fn scrub(&self, text: &str) -> String {
        if self.0.len() < 4 {
            return text.to_string();
        }
        text.replace(&self.0, "<redacted>")
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

/// Why a request could not be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error(
        "the wiki API key is not set: the environment variable `{var}` is {}",
        if *empty { "empty" } else { "missing" }
    )]
    MissingToken { var: String, empty: bool },
    #[error("invalid wiki URL `{url}`: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("refusing to send the API key over plain http to `{host}`")]
    InsecureUrl { host: String },
    #[error("cannot reach the wiki at {url}: {reason} (tried {attempts} times)")]
    Unreachable {
        url: String,
        reason: String,
        attempts: u32,
    },
    #[error("TLS failure talking to {host}: {reason}")]
    Tls { host: String, reason: String },
    #[error("the wiki did not answer within {secs}s (tried {attempts} times)")]
    Timeout { secs: u64, attempts: u32 },
    #[error("the wiki rejected the API key: {reason}")]
    Auth { reason: String },
    #[error(
        "the wiki refused to {operation}: `{message}` (the API key is invalid, expired or revoked, or its group lacks {permission})"
    )]
    Forbidden {
        operation: String,
        message: String,
        permission: String,
    },
    #[error("the wiki answered HTTP {status} {reason}{}", if *attempts > 1 { format!(" (tried {attempts} times)") } else { String::new() })]
    Http {
        status: u16,
        reason: String,
        attempts: u32,
    },
    #[error("the wiki redirected the request to `{location}`")]
    Redirect { location: String },
    #[error("the wiki's answer to {operation} is not what Wiki.js sends: {reason}")]
    BadResponse { operation: String, reason: String },
    #[error("the wiki answered {operation} with an error: {message}")]
    GraphQl { operation: String, message: String },
}

impl ClientError {
    /// How to fix it, when there is something to say.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            ClientError::MissingToken { var, .. } => format!(
                "create an API key in Wiki.js (Administration > API Access) and put it in the \
                 environment: `export {var}=...`"
            ),
            ClientError::BadUrl { .. } => {
                "give the wiki's GraphQL endpoint, such as `https://wiki.example.org/graphql`"
                    .into()
            }
            ClientError::InsecureUrl { .. } => {
                "use an https URL, or --allow-http on a network you trust".into()
            }
            ClientError::Unreachable { .. } => {
                "check the URL and that the wiki is running; running the sync again is safe".into()
            }
            ClientError::Tls { .. } => "the wiki's certificate must be valid for its host and \
                 trusted by this machine (a private CA goes into the system's trust store)"
                .into(),
            ClientError::Timeout { .. } => "raise `sync.timeout` if the wiki is slow".into(),
            ClientError::Auth { .. } => "create a new key in Administration > API Access, with \
                 API access enabled, and put it in the environment"
                .into(),
            ClientError::Forbidden { permission, .. } => format!(
                "the API key is invalid, expired or revoked, or its group lacks {permission}"
            ),
            ClientError::Redirect { .. } => "use the URL the wiki redirects to".into(),
            ClientError::Http { .. }
            | ClientError::BadResponse { .. }
            | ClientError::GraphQl { .. } => return None,
        })
    }

    /// Whether the failure concerns the whole wiki (unreachable, key rejected), so trying
    /// other pages is pointless.
    pub fn is_fatal(&self) -> bool {
        !matches!(self, ClientError::GraphQl { .. })
    }
}

/// A refusal reported in a mutation's `responseResult`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiError {
    pub code: i64,
    pub slug: String,
    pub message: String,
}

impl WikiError {
    pub const DUPLICATE: i64 = 6002;
    pub const NOT_FOUND: i64 = 6003;
    pub const EMPTY_CONTENT: i64 = 6004;
    pub const ILLEGAL_PATH: i64 = 6005;

    /// What the code means for a page at `locale/path`, in words.
    pub fn explain(&self, locale: &str, path: &str) -> String {
        match self.code {
            Self::DUPLICATE => format!(
                "a page already exists at `{locale}/{path}` on the wiki (Wiki.js error 6002)"
            ),
            Self::NOT_FOUND => {
                "the page no longer exists on the wiki (Wiki.js error 6003)".to_string()
            }
            Self::EMPTY_CONTENT => {
                "the page is empty and Wiki.js refuses empty pages (error 6004)".to_string()
            }
            Self::ILLEGAL_PATH => format!(
                "Wiki.js refuses the path `{path}`: a page path cannot contain `.`, a space, `\\` \
                 or `//` (error 6005)"
            ),
            _ if self.slug.ends_with("Forbidden") => format!(
                "the API key's group may not write `{locale}/{path}`: {} (Wiki.js error {} {}); \
                 check the group's permissions and page rules",
                self.message, self.code, self.slug
            ),
            _ => format!(
                "the wiki refused: {} (Wiki.js error {} {})",
                self.message, self.code, self.slug
            ),
        }
    }
}

/// How requests are made.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Timeout for one whole request.
    pub timeout: Duration,
    /// Retries after the first attempt, for transient failures.
    pub retries: u32,
    /// Delay before the first retry; doubled for each next one.
    pub retry_delay: Duration,
    /// Allow plain http to a host that is not loopback.
    pub allow_http: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            retries: 3,
            retry_delay: Duration::from_millis(500),
            allow_http: false,
        }
    }
}

/// A page as listed by `pages { list }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageSummary {
    pub id: i64,
    pub path: String,
    pub locale: String,
    #[serde(default)]
    pub title: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct TagItem {
    tag: String,
}

/// A page as read by `pages { single }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemotePage {
    pub id: i64,
    pub path: String,
    pub locale: String,
    pub title: String,
    pub description: String,
    pub content: String,
    pub is_published: bool,
    pub tags: Vec<String>,
    pub script_js: String,
    pub script_css: String,
    pub updated_at: String,
    pub created_at: String,
    pub editor: String,
    pub render: String,
    pub is_private: bool,
    /// The publishing window set on the wiki (`None`: not set).
    pub publish_start_date: Option<String>,
    pub publish_end_date: Option<String>,
}

impl RemotePage {
    /// What the sync does not manage, to send back unchanged.
    pub fn kept(&self) -> KeptFields {
        KeptFields {
            script_css: self.script_css.clone(),
            is_private: self.is_private,
            publish_start_date: self.publish_start_date.clone(),
            publish_end_date: self.publish_end_date.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RemotePageWire {
    id: i64,
    path: String,
    locale: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    is_published: Option<bool>,
    #[serde(default)]
    tags: Option<wire::Bounded<Option<TagItem>, MAX_TAGS>>,
    #[serde(default)]
    script_js: Option<String>,
    #[serde(default)]
    script_css: Option<String>,
    updated_at: String,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    editor: Option<String>,
    #[serde(default)]
    render: Option<String>,
    #[serde(default)]
    is_private: Option<bool>,
    #[serde(default)]
    publish_start_date: Option<String>,
    #[serde(default)]
    publish_end_date: Option<String>,
}

/// A date field that is set: Wiki.js stores an unset publishing date as `''`.
fn set_date(d: Option<String>) -> Option<String> {
    d.filter(|d| !d.trim().is_empty())
}

impl From<RemotePageWire> for RemotePage {
    fn from(w: RemotePageWire) -> Self {
        RemotePage {
            id: w.id,
            path: w.path,
            locale: w.locale,
            title: w.title.unwrap_or_default(),
            description: w.description.unwrap_or_default(),
            content: w.content.unwrap_or_default(),
            is_published: w.is_published.unwrap_or(false),
            tags: w
                .tags
                .map(|t| t.0)
                .unwrap_or_default()
                .into_iter()
                .flatten()
                .map(|t| t.tag)
                .collect(),
            script_js: w.script_js.unwrap_or_default(),
            script_css: w.script_css.unwrap_or_default(),
            updated_at: w.updated_at,
            created_at: w.created_at.unwrap_or_default(),
            editor: w.editor.unwrap_or_default(),
            render: w.render.unwrap_or_default(),
            is_private: w.is_private.unwrap_or(false),
            publish_start_date: set_date(w.publish_start_date),
            publish_end_date: set_date(w.publish_end_date),
        }
    }
}

/// The fields of a page that guide-lint does not manage but must send on every update, as
/// read from the wiki: Wiki.js's `updatePage` clears the page styles and the publishing
/// window, and resets `isPrivate`, when an update omits them (`docs/wikijs.md#update-pitfalls`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeptFields {
    pub script_css: String,
    pub is_private: bool,
    pub publish_start_date: Option<String>,
    pub publish_end_date: Option<String>,
}

/// What `create` and `update` send: every field, always (`docs/wikijs.md#update-pitfalls`: omitted fields are
/// cleared, unpublished or make the update fail after saving).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageInput {
    pub locale: String,
    pub path: String,
    pub title: String,
    pub description: String,
    pub content: String,
    pub is_published: bool,
    pub tags: Vec<String>,
    pub script_js: String,
    /// The wiki's values of what the sync does not manage (defaults for a new page).
    pub kept: KeptFields,
}

impl PageInput {
    fn variables(&self) -> serde_json::Map<String, Value> {
        let mut m = serde_json::Map::new();
        m.insert("content".into(), json!(self.content));
        m.insert("description".into(), json!(self.description));
        m.insert("editor".into(), json!("markdown"));
        m.insert("isPublished".into(), json!(self.is_published));
        m.insert("isPrivate".into(), json!(self.kept.is_private));
        m.insert("locale".into(), json!(self.locale));
        m.insert("path".into(), json!(self.path));
        m.insert("scriptCss".into(), json!(self.kept.script_css));
        // An unset date is left out: Wiki.js's `Date` scalar turns `""` into an invalid date.
        if let Some(d) = &self.kept.publish_start_date {
            m.insert("publishStartDate".into(), json!(d));
        }
        if let Some(d) = &self.kept.publish_end_date {
            m.insert("publishEndDate".into(), json!(d));
        }
        m.insert("scriptJs".into(), json!(self.script_js));
        m.insert("tags".into(), json!(self.tags));
        m.insert("title".into(), json!(self.title));
        m
    }
}

/// The page a successful mutation names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PageRef {
    pub id: i64,
    #[serde(default)]
    pub path: Option<String>,
}

/// A page with the internal links recorded at its last render (`pages { links }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLinks {
    pub id: i64,
    pub path: String,
    /// `locale/path` strings, one a line (kept as one text: a page may link to thousands).
    links: String,
}

impl PageLinks {
    /// The pages linked to, as `locale/path`.
    pub fn links(&self) -> impl Iterator<Item = &str> {
        self.links.split('\n').filter(|l| !l.is_empty())
    }
}

#[derive(Deserialize)]
struct PageLinksWire {
    id: i64,
    path: String,
    #[serde(default)]
    links: Option<wire::Lines>,
}

const PAGE_FIELDS: &str = "id path locale title description content isPublished tags { tag } \
                           updatedAt createdAt scriptJs scriptCss editor render isPrivate publishStartDate publishEndDate";

/// Fields Wiki.js may fail to serialise (an unset publishing date is stored as `''`, which its
/// `Date` scalar cannot turn into an ISO string): an error on one of them alone reads as unset.
const OPTIONAL_FIELDS: [&str; 2] = ["publishStartDate", "publishEndDate"];

const CREATE: &str = "mutation ($content: String!, $description: String!, $editor: String!, \
$isPublished: Boolean!, $isPrivate: Boolean!, $locale: String!, $path: String!, \
$publishEndDate: Date, $publishStartDate: Date, \
$scriptCss: String, $scriptJs: String, $tags: [String]!, $title: String!) { pages { \
create(content: $content, description: $description, editor: $editor, \
isPublished: $isPublished, isPrivate: $isPrivate, locale: $locale, path: $path, \
publishEndDate: $publishEndDate, publishStartDate: $publishStartDate, \
scriptCss: $scriptCss, scriptJs: $scriptJs, tags: $tags, title: $title) { \
responseResult { succeeded errorCode slug message } page { id path } } } }";

const UPDATE: &str = "mutation ($id: Int!, $content: String, $description: String, \
$editor: String, $isPublished: Boolean, $isPrivate: Boolean, $locale: String, $path: String, \
$publishEndDate: Date, $publishStartDate: Date, \
$scriptCss: String, $scriptJs: String, $tags: [String], $title: String) { pages { \
update(id: $id, content: $content, description: $description, editor: $editor, \
isPublished: $isPublished, isPrivate: $isPrivate, locale: $locale, path: $path, \
publishEndDate: $publishEndDate, publishStartDate: $publishStartDate, \
scriptCss: $scriptCss, scriptJs: $scriptJs, tags: $tags, title: $title) { \
responseResult { succeeded errorCode slug message } page { id path } } } }";

const RENDER: &str = "mutation ($id: Int!) { pages { render(id: $id) { \
responseResult { succeeded errorCode slug message } } } }";

/// A connection to one wiki's GraphQL endpoint.
pub struct Client {
    agent: ureq::Agent,
    url: String,
    host: String,
    token: ApiToken,
    options: ClientOptions,
    requests: std::cell::Cell<u64>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.url)
            .field("token", &self.token)
            .field("options", &self.options)
            .finish()
    }
}

/// Whether `host` (from a URL) is this machine.
fn is_loopback(host: &url::Host<String>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Checks a GraphQL endpoint URL: http(s), a host, no credentials in it, https unless
/// loopback or `allow_http`. Returns the URL without query or fragment, and its host.
pub fn check_url(raw: &str, allow_http: bool) -> Result<(String, String), ClientError> {
    let bad = |reason: &str| ClientError::BadUrl {
        url: raw.to_string(),
        reason: reason.to_string(),
    };
    let mut url = url::Url::parse(raw).map_err(|e| bad(&e.to_string()))?;
    let host = url.host().ok_or_else(|| bad("it has no host"))?.to_owned();
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "it carries credentials; give the API key in the environment instead",
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" => {
            if !allow_http && !is_loopback(&host) {
                return Err(ClientError::InsecureUrl {
                    host: host.to_string(),
                });
            }
        }
        other => return Err(bad(&format!("the scheme must be https, not `{other}`"))),
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok((url.to_string(), host.to_string()))
}

enum Attempt<T> {
    Done(T),
    Retry(ClientError),
}

impl Client {
    pub fn new(url: &str, token: ApiToken, options: ClientOptions) -> Result<Client, ClientError> {
        let (url, host) = check_url(url, options.allow_http)?;
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(options.timeout))
            .tls_config(tls)
            .user_agent(concat!("guide-lint/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Client {
            agent: config.new_agent(),
            url,
            host,
            token,
            options,
            requests: std::cell::Cell::new(0),
        })
    }

    /// The endpoint, as checked.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// HTTP requests sent so far (attempts included).
    pub fn request_count(&self) -> u64 {
        self.requests.get()
    }

    /// Sends one GraphQL operation, retrying transient failures; returns the value of the one
    /// field asked for under `pages` (or `users`), `None` when the answer holds none.
    fn execute<T: DeserializeOwned>(
        &self,
        operation: &str,
        query: &str,
        variables: Value,
    ) -> Result<Option<T>, ClientError> {
        let body = json!({ "query": query, "variables": variables }).to_string();
        let attempts = self.options.retries.saturating_add(1);
        let mut delay = self.options.retry_delay;
        let mut last = None;
        for attempt in 1..=attempts {
            if attempt > 1 {
                std::thread::sleep(delay);
                delay = delay.saturating_mul(2).min(Duration::from_secs(30));
            }
            match self.attempt::<T>(operation, &body, attempt)? {
                Attempt::Done(v) => return self.graphql_data(operation, v),
                Attempt::Retry(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or(ClientError::Unreachable {
            url: self.url.clone(),
            reason: "no attempt was made".into(),
            attempts,
        }))
    }

    /// One HTTP exchange. `Err` ends the request; `Retry` is worth another attempt. The answer
    /// is decoded as it arrives, into the operation's own types (unknown fields are skipped
    /// without being kept), and reading stops at [`MAX_BODY`]: memory stays bounded whatever
    /// the server sends.
    fn attempt<T: DeserializeOwned>(
        &self,
        operation: &str,
        body: &str,
        attempt: u32,
    ) -> Result<Attempt<wire::Envelope<T>>, ClientError> {
        self.requests.set(self.requests.get() + 1);
        let auth = format!("Bearer {}", self.token.0);
        let result = self
            .agent
            .post(&self.url)
            .header("Authorization", &auth)
            .header("Accept", "application/json")
            .content_type("application/json")
            .send(body);
        let mut response = match result {
            Ok(r) => r,
            Err(e) => return self.transport_error(e, attempt),
        };
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("(no location)")
                .to_string();
            return Err(ClientError::Redirect { location });
        }
        let broken = |e: &dyn fmt::Display| {
            // The connection broke while the answer was coming: the request may or may not
            // have been carried out; callers make their writes safe to repeat.
            Attempt::Retry(ClientError::Unreachable {
                url: self.url.clone(),
                reason: format!(
                    "the connection broke while reading the answer: {}",
                    self.token.scrub(&e.to_string())
                ),
                attempts: attempt,
            })
        };
        if status >= 400 {
            let mut text = Vec::new();
            if let Err(e) = response
                .body_mut()
                .as_reader()
                .take(MAX_ERROR_BODY)
                .read_to_end(&mut text)
            {
                return Ok(broken(&e));
            }
            return self.status_error(status, &String::from_utf8_lossy(&text), attempt);
        }
        let mut limited = wire::Limited::new(response.body_mut().as_reader(), MAX_BODY);
        let decoded =
            serde_json::from_reader::<_, wire::Envelope<T>>(std::io::BufReader::new(&mut limited));
        let bad = |reason: String| ClientError::BadResponse {
            operation: operation.to_string(),
            reason,
        };
        match decoded {
            Ok(v) => Ok(Attempt::Done(v)),
            Err(_) if limited.exceeded() => Err(bad(format!(
                "it is larger than {} MiB, more than any page needs",
                MAX_BODY >> 20
            ))),
            Err(e) if e.is_io() => Ok(broken(&e)),
            Err(e) if e.is_data() => Err(bad(self.token.scrub(&e.to_string()))),
            Err(e) => Err(bad(format!(
                "HTTP {status} with a body that is not JSON ({}); is `{}` the wiki's /graphql \
                 endpoint?",
                self.token.scrub(&e.to_string()),
                self.url
            ))),
        }
    }

    fn status_error<T>(
        &self,
        status: u16,
        text: &str,
        attempt: u32,
    ) -> Result<Attempt<T>, ClientError> {
        // Wiki.js answers a revoked key or a disabled API with an error page (HTTP 500).
        for known in [
            "API Key is invalid or was revoked",
            "API is disabled",
            "You must enable it from the Administration Area",
        ] {
            if text.contains(known) {
                return Err(ClientError::Auth {
                    reason: format!(
                        "{known} (create a key in Administration > API Access, and set it in \
                         the environment)"
                    ),
                });
            }
        }
        let reason = http::reason(status).to_string();
        match status {
            401 | 403 => Err(ClientError::Auth {
                reason: format!("HTTP {status} {reason}"),
            }),
            429 | 500 | 502 | 503 | 504 => Ok(Attempt::Retry(ClientError::Http {
                status,
                reason,
                attempts: attempt,
            })),
            _ => Err(ClientError::Http {
                status,
                reason,
                attempts: attempt,
            }),
        }
    }

    fn transport_error<T>(&self, e: ureq::Error, attempt: u32) -> Result<Attempt<T>, ClientError> {
        let text = self.token.scrub(&e.to_string());
        let unreachable = |reason: String| ClientError::Unreachable {
            url: self.url.clone(),
            reason,
            attempts: attempt,
        };
        match e {
            ureq::Error::Timeout(_) => Ok(Attempt::Retry(ClientError::Timeout {
                secs: self.options.timeout.as_secs().max(1),
                attempts: attempt,
            })),
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
                Err(ClientError::Tls {
                    host: self.host.clone(),
                    reason: text,
                })
            }
            ureq::Error::HostNotFound => Err(unreachable(format!(
                "the host `{}` is not known (check the URL)",
                self.host
            ))),
            ureq::Error::Io(io) => {
                use std::io::ErrorKind as K;
                let message = self.token.scrub(&io.to_string());
                let lower = message.to_lowercase();
                let tls_words = [
                    "certificate",
                    "handshake",
                    "tls",
                    "alert",
                    "corrupt message",
                ];
                if self.url.starts_with("https:")
                    && (io.kind() == K::InvalidData || tls_words.iter().any(|w| lower.contains(w)))
                {
                    return Err(ClientError::Tls {
                        host: self.host.clone(),
                        reason: message,
                    });
                }
                match io.kind() {
                    K::ConnectionRefused
                    | K::ConnectionReset
                    | K::ConnectionAborted
                    | K::BrokenPipe
                    | K::UnexpectedEof
                    | K::NotConnected
                    | K::Interrupted
                    | K::TimedOut
                    | K::WouldBlock => Ok(Attempt::Retry(unreachable(message))),
                    _ => Err(unreachable(message)),
                }
            }
            ureq::Error::ConnectionFailed | ureq::Error::Protocol(_) => {
                Ok(Attempt::Retry(unreachable(text)))
            }
            _ => Err(unreachable(text)),
        }
    }

    /// Takes the answer's value out of a GraphQL response, turning `errors` into a
    /// [`ClientError`]. An error on one of [`OPTIONAL_FIELDS`] alone is ignored when there is
    /// data.
    fn graphql_data<T>(
        &self,
        operation: &str,
        v: wire::Envelope<T>,
    ) -> Result<Option<T>, ClientError> {
        let has_data = v.data.is_some();
        let errors = v.errors.unwrap_or_default();
        let first = if has_data {
            errors.first_required
        } else {
            errors.first
        };
        if let Some(first) = first {
            let message = first.message.as_deref().unwrap_or("(no message)");
            let message = self.token.scrub(message);
            let lower = message.to_lowercase();
            if lower == "forbidden" || lower.contains("not authorized") {
                let permission = match operation {
                    "render" => "`manage:system`",
                    "create" | "update" => "`write:pages`",
                    "links" => "`read:pages`",
                    "folders" | "assets" => "`read:assets`",
                    "createFolder" => "`write:assets`",
                    _ => "`read:pages` and `manage:pages`",
                };
                return Err(ClientError::Forbidden {
                    operation: operation_words(operation).to_string(),
                    message,
                    permission: permission.to_string(),
                });
            }
            if operation == "profile" && lower.contains("must be authenticated") {
                return Err(ClientError::Auth {
                    reason: "the wiki treats the requests as a guest's: the API key is unknown, \
                             malformed or was deleted"
                        .into(),
                });
            }
            return Err(ClientError::GraphQl {
                operation: operation.to_string(),
                message,
            });
        }
        match v.data {
            Some(d) => Ok(d.0.and_then(|f| f.0)),
            None => Err(ClientError::BadResponse {
                operation: operation.to_string(),
                reason: "neither `data` nor `errors`".into(),
            }),
        }
    }

    /// `value`, or a [`ClientError::BadResponse`] saying that `what` is missing.
    fn required<T>(&self, operation: &str, value: Option<T>, what: &str) -> Result<T, ClientError> {
        value.ok_or_else(|| ClientError::BadResponse {
            operation: operation.to_string(),
            reason: format!("`{what}` is missing"),
        })
    }

    /// Proves the API key with one cheap query that a guest cannot answer (`users { profile }`:
    /// Wiki.js answers it for any valid key and refuses guests), so a revoked, deleted or
    /// malformed key stops the run before anything is planned.
    pub fn check_key(&self) -> Result<(), ClientError> {
        let profile: Option<IgnoredAny> =
            self.execute("profile", "{ users { profile { id } } }", json!({}))?;
        self.required("profile", profile, "users.profile")?;
        Ok(())
    }

    /// Every page of the wiki (`pages { list }`).
    pub fn list_pages(&self) -> Result<Vec<PageSummary>, ClientError> {
        let list: Option<wire::Bounded<PageSummary, MAX_LISTED_PAGES>> = self.execute(
            "list",
            "{ pages { list { id path locale title updatedAt } } }",
            json!({}),
        )?;
        Ok(self.required("list", list, "pages.list")?.0)
    }

    /// Every page of `locale` with the internal links recorded at its last render
    /// (`pages { links(locale) }`), as `locale/path` strings, including links to pages that
    /// do not exist yet.
    pub fn page_links(&self, locale: &str) -> Result<Vec<PageLinks>, ClientError> {
        let list: Option<wire::Bounded<PageLinksWire, MAX_LISTED_PAGES>> = self.execute(
            "links",
            "query ($locale: String!) { pages { links(locale: $locale) { id path links } } }",
            json!({ "locale": locale }),
        )?;
        Ok(self
            .required("links", list, "pages.links")?
            .0
            .into_iter()
            .map(|w| PageLinks {
                id: w.id,
                path: w.path,
                links: w.links.map(|l| l.0).unwrap_or_default(),
            })
            .collect())
    }

    /// One page with its content, or `None` when it does not exist.
    pub fn page(&self, id: i64) -> Result<Option<RemotePage>, ClientError> {
        let query =
            format!("query ($id: Int!) {{ pages {{ single(id: $id) {{ {PAGE_FIELDS} }} }} }}");
        self.read_page("single", &query, json!({ "id": id }))
    }

    /// The page at `locale`/`path`, or `None`.
    pub fn page_by_path(
        &self,
        locale: &str,
        path: &str,
    ) -> Result<Option<RemotePage>, ClientError> {
        let query = format!(
            "query ($path: String!, $locale: String!) {{ pages {{ singleByPath(path: $path, \
             locale: $locale) {{ {PAGE_FIELDS} }} }} }}"
        );
        self.read_page(
            "singleByPath",
            &query,
            json!({ "path": path, "locale": locale }),
        )
    }

    fn read_page(
        &self,
        operation: &str,
        query: &str,
        variables: Value,
    ) -> Result<Option<RemotePage>, ClientError> {
        match self.execute::<RemotePageWire>(operation, query, variables) {
            Ok(wire) => Ok(wire.map(RemotePage::from)),
            Err(ClientError::GraphQl { message, .. })
                if message.contains("does not exist") || message.contains("PageNotFound") =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Creates a page. `Ok(Err(_))` is Wiki.js refusing it (duplicate, illegal path, ...).
    pub fn create(&self, page: &PageInput) -> Result<Result<PageRef, WikiError>, ClientError> {
        let data = self.execute("create", CREATE, Value::Object(page.variables()))?;
        self.mutation_result("create", data)
    }

    /// Updates page `id`, sending every field.
    pub fn update(
        &self,
        id: i64,
        page: &PageInput,
    ) -> Result<Result<PageRef, WikiError>, ClientError> {
        let mut vars = page.variables();
        vars.insert("id".into(), json!(id));
        let data = self.execute("update", UPDATE, Value::Object(vars))?;
        self.mutation_result("update", data)
    }

    /// Re-renders page `id` (needs `manage:system`).
    pub fn render(&self, id: i64) -> Result<Result<(), WikiError>, ClientError> {
        let data: Option<wire::Mutation> = self.execute("render", RENDER, json!({ "id": id }))?;
        let data = self.required("render", data, "pages.render")?;
        self.response_result("render", data.response_result)
    }

    fn response_result(
        &self,
        operation: &str,
        status: Option<wire::Status>,
    ) -> Result<Result<(), WikiError>, ClientError> {
        let s = self.required(operation, status, "responseResult")?;
        if s.succeeded {
            Ok(Ok(()))
        } else {
            Ok(Err(WikiError {
                code: s.error_code.unwrap_or(0),
                slug: s.slug.unwrap_or_default(),
                message: self.token.scrub(&s.message.unwrap_or_default()),
            }))
        }
    }

    fn mutation_result(
        &self,
        operation: &str,
        data: Option<wire::Mutation>,
    ) -> Result<Result<PageRef, WikiError>, ClientError> {
        let data = self.required(operation, data, &format!("pages.{operation}"))?;
        if let Err(e) = self.response_result(operation, data.response_result)? {
            return Ok(Err(e));
        }
        match data.page {
            Some(p) => Ok(Ok(p)),
            None => Err(ClientError::BadResponse {
                operation: operation.to_string(),
                reason: "it succeeded but names no page".into(),
            }),
        }
    }
}

/// An asset folder, as `assets { folders(parentFolderId) }` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AssetFolder {
    pub id: i64,
    pub slug: String,
}

/// An asset, as `assets { list(folderId) }` lists it (Wiki.js keeps no content hash).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteAsset {
    pub id: i64,
    pub filename: String,
    #[serde(default)]
    pub file_size: i64,
    pub updated_at: String,
}

/// Largest asset folder listing read.
const MAX_LISTED_ASSETS: usize = 100_000;

/// Largest asset file read back from the wiki (64 MiB, as large as `build` accepts an asset).
pub const MAX_ASSET_BYTES: u64 = 64 * 1024 * 1024;

impl Client {
    /// The URL of `path` (`/u`, `/move-guide/a.png`) on the wiki whose GraphQL endpoint this
    /// client talks to: beside the endpoint, so a wiki served under a sub-path works too.
    fn site_url(&self, path: &str) -> Result<String, ClientError> {
        let base = url::Url::parse(&self.url).map_err(|e| ClientError::BadUrl {
            url: self.url.clone(),
            reason: e.to_string(),
        })?;
        let rel: String = path
            .trim_start_matches('/')
            .split('/')
            .map(|seg| {
                url::form_urlencoded::byte_serialize(seg.as_bytes())
                    .collect::<String>()
                    .replace('+', "%20")
            })
            .collect::<Vec<_>>()
            .join("/");
        base.join(&rel)
            .map(|u| u.to_string())
            .map_err(|e| ClientError::BadUrl {
                url: self.url.clone(),
                reason: e.to_string(),
            })
    }

    /// The asset folders directly inside folder `parent` (0: the root).
    pub fn asset_folders(&self, parent: i64) -> Result<Vec<AssetFolder>, ClientError> {
        let list: Option<wire::Bounded<AssetFolder, MAX_LISTED_ASSETS>> = self.execute(
            "folders",
            "query ($parent: Int!) { assets { folders(parentFolderId: $parent) { id slug } } }",
            json!({ "parent": parent }),
        )?;
        Ok(self.required("folders", list, "assets.folders")?.0)
    }

    /// Creates the asset folder `slug` inside folder `parent`, as Wiki.js's asset manager does.
    pub fn create_asset_folder(
        &self,
        parent: i64,
        slug: &str,
    ) -> Result<Result<(), WikiError>, ClientError> {
        let data: Option<wire::Mutation> = self.execute(
            "createFolder",
            "mutation ($parent: Int!, $slug: String!) { assets { createFolder(parentFolderId: \
             $parent, slug: $slug) { responseResult { succeeded errorCode slug message } } } }",
            json!({ "parent": parent, "slug": slug }),
        )?;
        let data = self.required("createFolder", data, "assets.createFolder")?;
        self.response_result("createFolder", data.response_result)
    }

    /// The assets in folder `folder` (0: the root).
    pub fn assets_in(&self, folder: i64) -> Result<Vec<RemoteAsset>, ClientError> {
        let list: Option<wire::Bounded<RemoteAsset, MAX_LISTED_ASSETS>> = self.execute(
            "assets",
            "query ($folder: Int!) { assets { list(folderId: $folder, kind: ALL) { id filename \
             fileSize updatedAt } } }",
            json!({ "folder": folder }),
        )?;
        Ok(self.required("assets", list, "assets.list")?.0)
    }

    /// Reads the asset served at `path` (`/move-guide/a.png`), at most [`MAX_ASSET_BYTES`];
    /// `None` when the wiki has no file there.
    pub fn fetch_asset(&self, path: &str) -> Result<Option<Vec<u8>>, ClientError> {
        let url = self.site_url(path)?;
        let attempts = self.options.retries.saturating_add(1);
        let mut delay = self.options.retry_delay;
        let mut last = None;
        for attempt in 1..=attempts {
            if attempt > 1 {
                std::thread::sleep(delay);
                delay = delay.saturating_mul(2).min(Duration::from_secs(30));
            }
            self.requests.set(self.requests.get() + 1);
            let auth = format!("Bearer {}", self.token.0);
            let mut response = match self.agent.get(&url).header("Authorization", &auth).call() {
                Ok(r) => r,
                Err(e) => match self.transport_error(e, attempt)? {
                    Attempt::Retry(e) => {
                        last = Some(e);
                        continue;
                    }
                    Attempt::Done(never) => return Ok(never),
                },
            };
            let status = response.status().as_u16();
            if status == 404 {
                return Ok(None);
            }
            if status >= 300 {
                match self.status_error::<Option<Vec<u8>>>(status, "", attempt)? {
                    Attempt::Retry(e) => {
                        last = Some(e);
                        continue;
                    }
                    Attempt::Done(v) => return Ok(v),
                }
            }
            let mut bytes = Vec::new();
            let mut limited = wire::Limited::new(response.body_mut().as_reader(), MAX_ASSET_BYTES);
            match limited.read_to_end(&mut bytes) {
                Ok(_) if limited.exceeded() => {
                    return Err(ClientError::BadResponse {
                        operation: format!("GET {path}"),
                        reason: format!("the file is larger than {} MiB", MAX_ASSET_BYTES >> 20),
                    });
                }
                Ok(_) => return Ok(Some(bytes)),
                Err(e) => {
                    last = Some(ClientError::Unreachable {
                        url: url.clone(),
                        reason: format!(
                            "the connection broke while reading the file: {}",
                            self.token.scrub(&e.to_string())
                        ),
                        attempts: attempt,
                    });
                }
            }
        }
        Err(last.unwrap_or(ClientError::Unreachable {
            url,
            reason: "no attempt was made".into(),
            attempts,
        }))
    }

    /// Uploads `content` as `name` into asset folder `folder` through Wiki.js's upload
    /// endpoint (`POST /u`, `multipart/form-data`, the field `mediaUpload` carrying
    /// `{"folderId": N}` and then the file). Uploading to a path that exists replaces the
    /// file in place, so a retried upload does no harm. `Ok(Err(message))` is the wiki
    /// refusing this file (too large, not allowed).
    pub fn upload_asset(
        &self,
        folder: i64,
        name: &str,
        content: &[u8],
    ) -> Result<Result<(), String>, ClientError> {
        let url = self.site_url("/u")?;
        let boundary = format!("guide-lint-{:016x}", {
            use sha2::Digest;
            let d = sha2::Sha256::digest(content);
            u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
        });
        let quoted = name.replace(['"', '\r', '\n', '\\'], "_");
        let mut body = Vec::with_capacity(content.len() + 512);
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"mediaUpload\"\r\n\r\n\
                 {}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"mediaUpload\"; \
                 filename=\"{quoted}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                json!({ "folderId": folder })
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let attempts = self.options.retries.saturating_add(1);
        let mut delay = self.options.retry_delay;
        let mut last = None;
        for attempt in 1..=attempts {
            if attempt > 1 {
                std::thread::sleep(delay);
                delay = delay.saturating_mul(2).min(Duration::from_secs(30));
            }
            self.requests.set(self.requests.get() + 1);
            let auth = format!("Bearer {}", self.token.0);
            let result = self
                .agent
                .post(&url)
                .header("Authorization", &auth)
                .content_type(format!("multipart/form-data; boundary={boundary}"))
                .send(&body[..]);
            let mut response = match result {
                Ok(r) => r,
                Err(e) => match self.transport_error::<()>(e, attempt)? {
                    Attempt::Retry(e) => {
                        last = Some(e);
                        continue;
                    }
                    Attempt::Done(()) => return Ok(Ok(())),
                },
            };
            let status = response.status().as_u16();
            let mut text = Vec::new();
            let read = response
                .body_mut()
                .as_reader()
                .take(MAX_ERROR_BODY)
                .read_to_end(&mut text);
            let text = self.token.scrub(&String::from_utf8_lossy(&text));
            if status == 200 && read.is_ok() {
                return Ok(Ok(()));
            }
            if read.is_err() {
                last = Some(ClientError::Unreachable {
                    url: url.clone(),
                    reason: "the connection broke while reading the answer".into(),
                    attempts: attempt,
                });
                continue;
            }
            // Wiki.js answers a refusal with JSON `{succeeded: false, message}`.
            let message = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string));
            match (status, message) {
                (403, message) => {
                    return Err(ClientError::Forbidden {
                        operation: "upload an asset".into(),
                        message: message.unwrap_or_else(|| "Forbidden".into()),
                        permission: "`write:assets`".into(),
                    });
                }
                (400 | 413, Some(message)) => return Ok(Err(message)),
                (_, _) => match self.status_error::<()>(status, &text, attempt)? {
                    Attempt::Retry(e) => last = Some(e),
                    Attempt::Done(()) => return Ok(Ok(())),
                },
            }
        }
        Err(last.unwrap_or(ClientError::Unreachable {
            url,
            reason: "no attempt was made".into(),
            attempts,
        }))
    }
}

fn operation_words(operation: &str) -> &'static str {
    match operation {
        "list" => "list its pages",
        "single" | "singleByPath" => "show a page",
        "create" => "create a page",
        "update" => "update a page",
        "render" => "re-render a page",
        "links" => "list the links between its pages",
        "profile" => "show who the API key acts as",
        "folders" => "list its asset folders",
        "assets" => "list its assets",
        "createFolder" => "create an asset folder",
        _ => "answer",
    }
}

/// How answers are read: bounded in size, decoded as they arrive into types that keep only
/// what guide-lint uses.
mod wire {
    use std::fmt;
    use std::io::Read;
    use std::marker::PhantomData;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    use super::{OPTIONAL_FIELDS, PageRef};

    /// A reader that fails once more than `limit` bytes come, and remembers it did.
    pub struct Limited<R> {
        inner: R,
        left: u64,
        exceeded: bool,
    }

    impl<R: Read> Limited<R> {
        pub fn new(inner: R, limit: u64) -> Self {
            Limited {
                inner,
                left: limit,
                exceeded: false,
            }
        }

        pub fn exceeded(&self) -> bool {
            self.exceeded
        }
    }

    impl<R: Read> Read for Limited<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                // One byte more tells an answer of exactly the limit from a longer one.
                let mut probe = [0u8; 1];
                return match self.inner.read(&mut probe)? {
                    0 => Ok(0),
                    _ => {
                        self.exceeded = true;
                        Err(std::io::Error::other("the answer is too large"))
                    }
                };
            }
            let max = buf
                .len()
                .min(usize::try_from(self.left).unwrap_or(usize::MAX));
            let n = self.inner.read(&mut buf[..max])?;
            self.left -= n as u64;
            Ok(n)
        }
    }

    /// A GraphQL answer: `{ data: { pages: { <field>: T } }, errors: [...] }`.
    #[derive(Deserialize)]
    #[serde(bound = "T: Deserialize<'de>")]
    pub struct Envelope<T> {
        #[serde(default)]
        pub data: Option<Single<Single<T>>>,
        #[serde(default)]
        pub errors: Option<Errors>,
    }

    /// An object holding one field of interest (the first; any other is skipped): `null` and
    /// `{}` are `None`.
    pub struct Single<T>(pub Option<T>);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Single<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(PhantomData<T>);
            impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
                type Value = Single<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Single<T>, A::Error> {
                    let mut out: Option<Option<T>> = None;
                    while map.next_key::<IgnoredAny>()?.is_some() {
                        if out.is_none() {
                            out = Some(map.next_value::<Option<T>>()?);
                        } else {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                    Ok(Single(out.flatten()))
                }
            }
            d.deserialize_map(V(PhantomData))
        }
    }

    /// A list of at most `N` items: more is an error, so a hostile answer cannot fill memory
    /// with small items.
    pub struct Bounded<T, const N: usize>(pub Vec<T>);

    impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for Bounded<T, N> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T, const N: usize>(PhantomData<T>);
            impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for V<T, N> {
                type Value = Bounded<T, N>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "a list of at most {N} items")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                    let mut out = Vec::new();
                    while let Some(item) = seq.next_element()? {
                        if out.len() == N {
                            return Err(de::Error::custom(format!(
                                "a list of more than {N} items"
                            )));
                        }
                        out.push(item);
                    }
                    Ok(Bounded(out))
                }
            }
            d.deserialize_seq(V::<T, N>(PhantomData))
        }
    }

    /// A list of strings kept as one text, one a line: its memory is the strings' bytes,
    /// however many there are.
    pub struct Lines(pub String);

    impl<'de> Deserialize<'de> for Lines {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Lines;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a list of strings")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Lines, A::Error> {
                    let mut out = String::new();
                    while let Some(item) = seq.next_element::<Option<String>>()? {
                        if let Some(item) = item.filter(|i| !i.is_empty() && !i.contains('\n')) {
                            out.push_str(&item);
                            out.push('\n');
                        }
                    }
                    Ok(Lines(out))
                }
            }
            d.deserialize_seq(V)
        }
    }

    /// A GraphQL error, as much of it as is used.
    #[derive(Deserialize)]
    pub struct ErrorItem {
        #[serde(default)]
        pub message: Option<String>,
        #[serde(default)]
        path: Option<LastSegment>,
    }

    /// The `errors` list, kept as its first error and its first error that does not concern
    /// one of [`OPTIONAL_FIELDS`] alone.
    #[derive(Default)]
    pub struct Errors {
        pub first: Option<ErrorItem>,
        pub first_required: Option<ErrorItem>,
    }

    impl<'de> Deserialize<'de> for Errors {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Errors;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a list of errors")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Errors, A::Error> {
                    let mut out = Errors::default();
                    while let Some(e) = seq.next_element::<ErrorItem>()? {
                        let optional = e
                            .path
                            .as_ref()
                            .and_then(|p| p.0.as_deref())
                            .is_some_and(|f| OPTIONAL_FIELDS.contains(&f));
                        if out.first_required.is_none() && !optional {
                            if out.first.is_none() {
                                out.first = Some(ErrorItem {
                                    message: e.message.clone(),
                                    path: None,
                                });
                            }
                            out.first_required = Some(e);
                        } else if out.first.is_none() {
                            out.first = Some(e);
                        }
                    }
                    Ok(out)
                }
            }
            d.deserialize_seq(V)
        }
    }

    /// The last element of an error's `path`, when it is a field name.
    struct LastSegment(Option<String>);

    impl<'de> Deserialize<'de> for LastSegment {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = LastSegment;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a path")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LastSegment, A::Error> {
                    let mut last = None;
                    while let Some(s) = seq.next_element::<Segment>()? {
                        last = s.0;
                    }
                    Ok(LastSegment(last))
                }
            }
            d.deserialize_seq(V)
        }
    }

    /// One element of a path: a field name, or anything else (an index) as `None`.
    struct Segment(Option<String>);

    impl<'de> Deserialize<'de> for Segment {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Segment;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a field name or an index")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Segment, E> {
                    Ok(Segment(Some(v.to_string())))
                }
                fn visit_i64<E: de::Error>(self, _: i64) -> Result<Segment, E> {
                    Ok(Segment(None))
                }
                fn visit_u64<E: de::Error>(self, _: u64) -> Result<Segment, E> {
                    Ok(Segment(None))
                }
                fn visit_f64<E: de::Error>(self, _: f64) -> Result<Segment, E> {
                    Ok(Segment(None))
                }
                fn visit_bool<E: de::Error>(self, _: bool) -> Result<Segment, E> {
                    Ok(Segment(None))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Segment, E> {
                    Ok(Segment(None))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Segment, A::Error> {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(Segment(None))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Segment, A::Error> {
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(Segment(None))
                }
            }
            d.deserialize_any(V)
        }
    }

    /// Wiki.js's `responseResult`.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Status {
        pub succeeded: bool,
        #[serde(default)]
        pub error_code: Option<i64>,
        #[serde(default)]
        pub slug: Option<String>,
        #[serde(default)]
        pub message: Option<String>,
    }

    /// A mutation's answer.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Mutation {
        #[serde(default)]
        pub response_result: Option<Status>,
        #[serde(default)]
        pub page: Option<PageRef>,
    }
}

mod http {
    pub fn reason(status: u16) -> &'static str {
        match status {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found (is this the wiki's /graphql endpoint?)",
            405 => "Method Not Allowed",
            413 => "Payload Too Large",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_never_shown() {
        let t = ApiToken::new("secret-key-123");
        assert_eq!(format!("{t:?}"), "ApiToken(<redacted>)");
        let c = Client::new(
            "http://127.0.0.1:1/graphql",
            t.clone(),
            ClientOptions::default(),
        )
        .unwrap();
        assert!(!format!("{c:?}").contains("secret-key-123"));
        assert_eq!(t.scrub("bad key secret-key-123!"), "bad key <redacted>!");
    }

    #[test]
    fn https_is_required_except_on_loopback() {
        assert!(check_url("https://wiki.example.org/graphql", false).is_ok());
        for ok in [
            "http://127.0.0.1:3000/graphql",
            "http://localhost/graphql",
            "http://[::1]:8080/graphql",
        ] {
            assert!(check_url(ok, false).is_ok(), "{ok}");
        }
        assert_eq!(
            check_url("http://wiki.example.org/graphql", false),
            Err(ClientError::InsecureUrl {
                host: "wiki.example.org".into()
            })
        );
        assert!(check_url("http://wiki.example.org/graphql", true).is_ok());
        assert!(matches!(
            check_url("ftp://wiki.example.org/graphql", true),
            Err(ClientError::BadUrl { .. })
        ));
        assert!(matches!(
            check_url("https://user:pw@wiki.example.org/graphql", false),
            Err(ClientError::BadUrl { .. })
        ));
        assert!(matches!(
            check_url("wiki.example.org", false),
            Err(ClientError::BadUrl { .. })
        ));
        assert_eq!(
            check_url("https://wiki.example.org/graphql?x=1#y", false)
                .unwrap()
                .0,
            "https://wiki.example.org/graphql"
        );
    }

    #[test]
    fn missing_token_names_the_variable() {
        let e = ApiToken::from_env("GUIDE_LINT_TEST_SURELY_UNSET_VARIABLE").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the wiki API key is not set: the environment variable \
             `GUIDE_LINT_TEST_SURELY_UNSET_VARIABLE` is missing"
        );
    }

    #[test]
    fn an_error_on_an_unset_publishing_date_alone_reads_as_unset() {
        let c = Client::new(
            "http://127.0.0.1:1/graphql",
            ApiToken::new("k"),
            ClientOptions::default(),
        )
        .unwrap();
        #[derive(Debug, Deserialize)]
        struct Id {
            id: i64,
        }
        let read = |v: Value| {
            let envelope: wire::Envelope<Id> = serde_json::from_value(v).unwrap();
            c.graphql_data("single", envelope)
        };
        let answer = |path: Value| {
            json!({
                "data": { "pages": { "single": { "id": 1, "publishStartDate": null } } },
                "errors": [{ "message": "Invalid time value", "path": path }]
            })
        };
        let data = read(answer(json!(["pages", "single", "publishStartDate"]))).unwrap();
        assert_eq!(data.map(|d| d.id), Some(1));
        // An error anywhere else still fails the request.
        let e = read(answer(json!(["pages", "single", "content"]))).unwrap_err();
        assert!(matches!(e, ClientError::GraphQl { .. }), "{e:?}");
        // And so does one without data.
        let e = read(
            json!({ "data": null, "errors": [{ "message": "x", "path": ["publishEndDate"] }] }),
        )
        .unwrap_err();
        assert!(matches!(e, ClientError::GraphQl { .. }), "{e:?}");
        // The first error that matters is the one reported, wherever it stands.
        let e = read(json!({
            "errors": [
                { "message": "Invalid time value", "path": ["pages", "single", "publishEndDate"] },
                { "message": "second", "path": ["pages", 0, "content"], "extensions": {} }
            ],
            "data": { "pages": { "single": { "id": 1 } } }
        }))
        .unwrap_err();
        assert!(e.to_string().contains("second"), "{e}");
    }

    #[test]
    fn answers_are_bounded_in_size_and_in_items() {
        let mut r = wire::Limited::new(&b"0123456789"[..], 10);
        let mut out = Vec::new();
        assert!(r.read_to_end(&mut out).is_ok() && !r.exceeded());
        let mut r = wire::Limited::new(&b"0123456789!"[..], 10);
        assert!(r.read_to_end(&mut Vec::new()).is_err() && r.exceeded());

        let two: Result<wire::Bounded<i64, 2>, _> = serde_json::from_str("[1, 2]");
        assert_eq!(two.unwrap().0, vec![1, 2]);
        let three: Result<wire::Bounded<i64, 2>, _> = serde_json::from_str("[1, 2, 3]");
        assert!(three.is_err());

        let lines: wire::Lines =
            serde_json::from_str(r#"["da/a", null, "", "en/b\nx", "en/c"]"#).unwrap();
        assert_eq!(lines.0, "da/a\nen/c\n");
    }

    #[test]
    fn unset_dates_are_left_out_and_set_ones_sent_back() {
        let mut input = PageInput {
            locale: "da".into(),
            path: "a".into(),
            title: "T".into(),
            description: String::new(),
            content: "x".into(),
            is_published: true,
            tags: vec![],
            script_js: String::new(),
            kept: KeptFields::default(),
        };
        let v = input.variables();
        assert!(!v.contains_key("publishStartDate") && !v.contains_key("publishEndDate"));
        assert_eq!(v["isPrivate"], false);
        input.kept = KeptFields {
            script_css: "<style>p{}</style>".into(),
            is_private: true,
            publish_start_date: Some("2030-01-01T00:00:00.000Z".into()),
            publish_end_date: Some("2031-01-01T00:00:00.000Z".into()),
        };
        let v = input.variables();
        assert_eq!(v["publishStartDate"], "2030-01-01T00:00:00.000Z");
        assert_eq!(v["publishEndDate"], "2031-01-01T00:00:00.000Z");
        assert_eq!(v["scriptCss"], "<style>p{}</style>");
        assert_eq!(v["isPrivate"], true);
    }

    #[test]
    fn error_codes_are_explained() {
        let e = |code| WikiError {
            code,
            slug: "X".into(),
            message: "m".into(),
        };
        assert!(
            e(6002)
                .explain("da", "a")
                .contains("already exists at `da/a`")
        );
        assert!(e(6003).explain("da", "a").contains("no longer exists"));
        assert!(e(6004).explain("da", "a").contains("empty"));
        assert!(e(6005).explain("da", "a.b").contains("cannot contain `.`"));
        assert!(e(42).explain("da", "a").contains("error 42 X"));
        let forbidden = WikiError {
            code: 6008,
            slug: "PageCreateForbidden".into(),
            message: "You are not authorized to create this page.".into(),
        };
        assert!(
            forbidden
                .explain("da", "a")
                .contains("may not write `da/a`")
        );
    }
}
