//! The `guide-lint` binary: flags -> settings -> library -> renderer -> exit code.
// Production code handles every failure; tests may unwrap (docs/development.md).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]
#![deny(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use guide_lint::config::Located;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use guide_lint::render::{OutputFormat, RenderContext};
use guide_lint::{
    CheckOptions, CheckReport, Config, Error, FixOptions, Rule, RuleLayer, RuleMeta, Selector,
    render,
};

/// Check, compare, build and sync bilingual Markdown guides published on Wiki.js.
#[derive(Debug, Parser)]
#[command(name = "guide-lint", version, about, max_term_width = 100)]
struct Cli {
    /// Configuration file (default: `guide-lint.yml` in the working directory or above, or the
    /// MkDocs project there: see docs/configuration.md).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Accept configured folders (guides, assets, build output, sync state) outside the
    /// repository, the git work tree holding the configuration (see docs/security.md).
    #[arg(long, global = true)]
    allow_outside_repository: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check guide pages and print findings.
    Check(CheckArgs),
    /// Print a rule's documentation.
    Rule {
        /// A rule code (`GL102`) or name (`relative-component-path`).
        rule: String,
    },
    /// List all rules.
    Rules,
    /// Show how complete each translation is (per page and locale).
    Status(StatusArgs),
    /// Manage accepted translations (`translations.lock`).
    Translations {
        #[command(subcommand)]
        command: TranslationsCommand,
    },
    /// Publish the guides to a wiki: prints the plan; `--apply` carries it out.
    Sync(SyncArgs),
    /// Build Wiki.js-ready pages: a Wiki.js git-storage tree, and page scripts beside it.
    Build(BuildArgs),
    /// Run the language server over stdio, for editors (see docs/editor.md).
    Server,
    /// Remove the check cache folder (see docs/cache.md).
    Clean {
        /// The cache folder to remove (default: the one `check` uses: the
        /// `GUIDE_LINT_CACHE_DIR` environment variable, else the configuration's `cache-dir`,
        /// else `.guide-lint-cache` beside the configuration file).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
struct StatusArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    format: StatusFormat,
    /// Write to this file instead of standard output (atomically).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StatusFormat {
    Table,
    Json,
    Html,
}

#[derive(Debug, Subcommand)]
enum TranslationsCommand {
    /// Record a translation as up to date with its source page as it is now, so that later
    /// source changes are reported (GL407).
    Accept {
        /// Translation pages: relative to the guides root (`da/move.md`) or real paths.
        #[arg(required = true)]
        pages: Vec<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// Output folder (default: `build.out` in the config, `build/wiki`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Folder for the page scripts (default: `build.scripts`, or the output folder + `.scripts`).
    #[arg(long, value_name = "DIR")]
    scripts: Option<PathBuf>,
    /// Write nothing; list the pages whose output is missing or out of date, and the files no
    /// page produces any more, and exit 1 if any.
    #[arg(long)]
    check: bool,
    /// Delete the pages and scripts an earlier build wrote (its manifest, `<out>.manifest.json`)
    /// that no guide page produces any more and that nobody changed since; nothing else.
    #[arg(long, conflicts_with = "check")]
    prune: bool,
    /// Read every page in this dialect, whatever the configuration says.
    #[arg(long, value_enum, value_name = "DIALECT")]
    dialect: Option<DialectArg>,
    /// Exit 1 when a built page still has an error-level problem (a finding of the Wiki.js
    /// checks, or a link or image still relative).
    #[arg(long)]
    strict: bool,
}

/// `--dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DialectArg {
    /// MkDocs Material source pages.
    Mkdocs,
    /// Wiki.js 2.5 pages.
    Wikijs,
}

impl From<DialectArg> for guide_lint::Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Mkdocs => guide_lint::Dialect::Mkdocs,
            DialectArg::Wikijs => guide_lint::Dialect::Wikijs,
        }
    }
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories to check (default: the configured guides root).
    paths: Vec<PathBuf>,
    /// Read every page in this dialect, whatever the configuration says.
    #[arg(long, value_enum, value_name = "DIALECT")]
    dialect: Option<DialectArg>,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    fix: FixArgs,
    #[command(flatten)]
    cache: CacheArgs,
}

/// The check cache (docs/cache.md).
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Cache")]
struct CacheArgs {
    /// Check every page afresh: neither read nor write the cache.
    #[arg(long)]
    no_cache: bool,
    /// Where the cache lives (default: the `GUIDE_LINT_CACHE_DIR` environment variable, else
    /// the configuration's `cache-dir`, else `.guide-lint-cache` beside the configuration file).
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache_dir: Option<PathBuf>,
}

impl CacheArgs {
    /// The cache folder to use, if any, refused when it overlaps the guides folder
    /// ([`guide_lint::cache::check_layout`]).
    fn checked_dir(&self, config: &Config) -> Result<Option<PathBuf>, Error> {
        let dir = self.dir(config);
        if let Some(d) = &dir {
            guide_lint::cache::check_layout(config, d)?;
        }
        Ok(dir)
    }

    /// The cache folder to use, if any.
    fn dir(&self, config: &Config) -> Option<PathBuf> {
        if self.no_cache {
            return None;
        }
        if let Some(dir) = &self.cache_dir {
            return Some(dir.clone());
        }
        match std::env::var_os(guide_lint::cache::ENV) {
            Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
            _ => Some(config.cache_dir()),
        }
    }
}

/// Which rules run (on top of the configuration's `select`, `extend-select`, `ignore`).
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Rule selection")]
struct RuleArgs {
    /// Rules to run, replacing the configuration's `select`: codes (`GL102`), code prefixes
    /// (`GL1`), names (`relative-component-path`) or `ALL`, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<Selector>>,
    /// Rules to run in addition to the selected ones.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    extend_select: Vec<Selector>,
    /// Rules not to run.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<Selector>,
}

impl RuleArgs {
    fn layer(&self) -> RuleLayer {
        RuleLayer {
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            severity: Vec::new(),
        }
    }
}

/// How findings are reported.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Output")]
struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    output_format: OutputFormat,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Print how many findings each rule produced instead of the findings (human, concise,
    /// json and json-lines output).
    #[arg(long)]
    statistics: bool,
    /// Exit with 0 even when error findings exist (unreadable files and configuration errors
    /// still exit with 2).
    #[arg(long)]
    exit_zero: bool,
}

#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Fixes")]
struct FixArgs {
    /// Apply the safe fixes and write the files, then report what remains.
    #[arg(long)]
    fix: bool,
    /// Also apply unsafe fixes (they may change meaning); use with `--fix` or `--diff`.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of the fixes instead of writing them; exits 1 when there is one.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["graphql", "git"])))]
struct SyncArgs {
    /// The wiki's GraphQL endpoint (`https://wiki.example.org/graphql`). The API key is read
    /// from the environment variable named by `sync.token-env` (default
    /// `GUIDE_LINT_WIKI_TOKEN`), never from the command line.
    #[arg(long, value_name = "URL")]
    graphql: Option<String>,
    /// A clone of the wiki's git-storage repository (its top folder).
    #[arg(long, value_name = "DIR")]
    git: Option<PathBuf>,
    /// Carry the plan out (without it, nothing on the wiki changes).
    #[arg(long)]
    apply: bool,
    /// Only print the plan (the default; for scripts that want to say so).
    #[arg(long, conflicts_with = "apply")]
    dry_run: bool,
    /// Overwrite pages that were edited on the wiki since the last sync.
    #[arg(long)]
    force: bool,
    /// Merge the wiki's version of each conflicting page into its guide, in the guide's own
    /// form (a conflict is written with conflict markers, which check reports as GL320; the
    /// page counts as merged once the guide holds the wiki's version); with --git, also bring
    /// a checkout that is behind its upstream up to date.
    #[arg(long)]
    pull: bool,
    /// Declare the conflict of PAGE (`locale/path`) resolved: the wiki's version is merged
    /// into the guide, which replaces it. Repeat for several pages.
    #[arg(long, value_name = "PAGE")]
    resolve: Vec<String>,
    /// Publish the Wiki.js page files in DIR (a git-storage layout, such as `build --out`
    /// writes) instead of building the configured guides.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Allow plain http to a wiki that is not on this machine.
    #[arg(long)]
    allow_http: bool,
    /// Commit author for `--git`, `Name <email>` (default: `sync.author`, else git's
    /// identity).
    #[arg(long, value_name = "AUTHOR")]
    author: Option<String>,
    /// The sync state file (default: `sync.state`, else `<guides>/.wiki-sync.yml`).
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Progress display.
    #[arg(long, value_enum, default_value_t = ProgressChoice::Auto)]
    progress: ProgressChoice,
    /// Output format of the plan or result (JSON: docs/sync-json.md).
    #[arg(long, value_enum, default_value_t = SyncFormat::Human)]
    output_format: SyncFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SyncFormat {
    /// One line per page, then notes, warnings and a summary.
    Human,
    /// One JSON document (schema: docs/sync-json.md).
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProgressChoice {
    /// A bar on a terminal, plain lines otherwise.
    Auto,
    /// One line per step.
    Plain,
    /// Nothing.
    None,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// mimalloc: `check` allocates many small facts per file on every thread; with it a run takes
/// about a third less CPU than with the system allocator. Built without transparent huge pages
/// (its `no_thp` feature): each 2 MiB huge page is zeroed whole when first touched, which tripled
/// the peak memory of a run and made clearing pages a third of its CPU time. Called through
/// [`guide_lint::allocator::WordAligned`], which sends requests for a word's alignment to
/// mimalloc's plain entry points.
#[global_allocator]
static GLOBAL: guide_lint::allocator::WordAligned = guide_lint::allocator::WordAligned;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            report_error(&e);
            ExitCode::from(2)
        }
    };
    let _ = recorded_stdout().flush();
    match STDOUT_FAILED.get() {
        // The reader closed the pipe (`| head`): it has what it wanted.
        Some(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let mut stderr = guarded(std::io::stderr().lock());
            let _ = writeln!(
                stderr,
                "guide-lint: error: cannot write to standard output ({e}): what it printed is incomplete"
            );
            ExitCode::from(2)
        }
        _ => code,
    }
}

/// The first write to standard output that failed (a full disk, a closed pipe). The report is
/// then incomplete: `main` says so and exits with 2, unless the reader closed the pipe, where
/// a CI step writing SARIF or JSON to a file would otherwise pass with a truncated file.
static STDOUT_FAILED: std::sync::OnceLock<std::io::Error> = std::sync::OnceLock::new();

/// Standard output, its failed writes recorded in [`STDOUT_FAILED`].
fn recorded_stdout() -> Recorded<std::io::StdoutLock<'static>> {
    Recorded(std::io::stdout().lock())
}

struct Recorded<W: Write>(W);

impl<W: Write> Recorded<W> {
    fn record<T>(result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            let _ = STDOUT_FAILED.set(std::io::Error::new(e.kind(), e.to_string()));
        }
        result
    }
}

impl<W: Write> Write for Recorded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Self::record(self.0.write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Self::record(self.0.flush())
    }
}

/// Text for people (stdout with the human formats, stderr always), passed line by line through
/// [`guide_lint::logsafe::lines`]: no line it prints can start a CI workflow command. Complete
/// lines go out as they come; a last unfinished line when the writer is dropped.
struct Guarded<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

fn guarded<W: Write>(inner: W) -> Guarded<W> {
    Guarded {
        inner,
        pending: Vec::new(),
    }
}

impl<W: Write> Guarded<W> {
    fn emit(&mut self, upto: usize) -> std::io::Result<()> {
        let line: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&line);
        self.inner
            .write_all(guide_lint::logsafe::lines(&text).as_bytes())
    }
}

impl<W: Write> Write for Guarded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(last) = self
            .pending
            .iter()
            .rposition(|b| *b == b'\n' || *b == b'\r')
        {
            self.emit(last + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Guarded<W> {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let _ = self.emit(self.pending.len());
        }
        let _ = self.inner.flush();
    }
}

fn report_error(e: &Error) {
    let mut stderr = guarded(std::io::stderr().lock());
    match e {
        Error::Config {
            path,
            text,
            offset,
            message,
        } => {
            let out = guide_lint::render::human::config_error(
                &guide_lint::logsafe::path(path),
                text,
                *offset,
                message,
                "see docs/configuration.md for every key",
            );
            let _ = writeln!(stderr, "{out}");
        }
        Error::Sync(e) => {
            let message = guide_lint::logsafe::text(&e.to_string()).into_owned();
            let _ = writeln!(stderr, "guide-lint: error: {message}");
            if let Some(help) = e.help() {
                let _ = writeln!(stderr, "help: {}", guide_lint::logsafe::text(&help));
            }
        }
        other => {
            let message = guide_lint::logsafe::text(&other.to_string()).into_owned();
            let _ = writeln!(stderr, "guide-lint: error: {message}");
        }
    }
}

fn load_config(explicit: Option<&Path>, allow_outside: bool) -> Result<Config, Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::Usage(e.to_string()))?;
    let load = if allow_outside {
        Config::load_allowing_outside
    } else {
        Config::load
    };
    match explicit {
        Some(p) => load(Some(p), &cwd),
        None => match guide_lint::config::locate(&cwd) {
            // Shown relative to the working directory, so paths in output are too
            // (`guides/da/page.md`, not `/home/me/repo/guides/da/page.md`).
            Located::File(p) => match p.strip_prefix(&cwd) {
                Ok(rel) => load(Some(rel), &cwd),
                Err(_) => load(Some(&p), &cwd),
            },
            Located::Mkdocs { up: 0, .. } => load(None, Path::new(".")),
            Located::Mkdocs { up, .. } => load(None, &(0..up).map(|_| "..").collect::<PathBuf>()),
            Located::Nothing => load(None, &cwd),
        },
    }
}

/// The projects the pages named on the command line lie in, for a run from a folder where no
/// configuration is found (`guide-lint check site/` from above a MkDocs project): found from
/// each path (a folder, or a file's folder) as a run from there would find it, and kept when
/// it lies below the working directory (else the path has none: `Located::Nothing`). Each
/// project's root is named from the working directory, so paths in output stay as typed
/// (`site/docs/index.md`). The paths in the order given, grouped by project.
fn projects_of_paths(paths: &[PathBuf], cwd: &Path) -> Option<Vec<(Located, Vec<PathBuf>)>> {
    if paths.is_empty() || !matches!(guide_lint::config::locate(cwd), Located::Nothing) {
        return None;
    }
    let mut groups: Vec<(Located, Vec<PathBuf>)> = Vec::new();
    for p in paths {
        let dir = if p.is_dir() {
            p.as_path()
        } else {
            p.parent().unwrap_or(Path::new(""))
        };
        let here = match guide_lint::config::locate(&cwd.join(dir)) {
            Located::File(f) => f
                .strip_prefix(cwd)
                .map_or(Located::Nothing, |f| Located::File(f.to_path_buf())),
            Located::Mkdocs { dir, .. } => {
                dir.strip_prefix(cwd)
                    .map_or(Located::Nothing, |dir| Located::Mkdocs {
                        dir: dir.to_path_buf(),
                        up: 0,
                    })
            }
            Located::Nothing => Located::Nothing,
        };
        match groups.iter_mut().find(|(l, _)| *l == here) {
            Some((_, group)) => group.push(p.clone()),
            None => groups.push((here, vec![p.clone()])),
        }
    }
    Some(groups)
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let allow_outside = cli.allow_outside_repository;
    let load_config = |explicit: Option<&Path>| load_config(explicit, allow_outside);
    let mut stdout = guarded(recorded_stdout());
    match cli.command {
        Command::Clean { cache_dir } => {
            let args = CacheArgs {
                no_cache: false,
                cache_dir,
            };
            let dir = match &args.cache_dir {
                Some(dir) => dir.clone(),
                None => {
                    let config = load_config(cli.config.as_deref())?;
                    args.dir(&config).unwrap_or_else(|| config.cache_dir())
                }
            };
            let shown = guide_lint::logsafe::path(&dir);
            match guide_lint::cache::clean(&dir).map_err(Error::Usage)? {
                guide_lint::cache::Cleaned::Removed => {
                    let _ = writeln!(stdout, "removed {shown}");
                }
                guide_lint::cache::Cleaned::Absent => {
                    let _ = writeln!(stdout, "no cache at {shown}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Server => {
            drop(stdout);
            let code = guide_lint::lsp::run_stdio();
            Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
        }
        Command::Rules => {
            for r in Rule::ALL {
                let _ = writeln!(
                    stdout,
                    "{}  {:<32} {:<8} {}",
                    r.code(),
                    r.name(),
                    r.default_severity(),
                    r.summary()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rule { rule } => match Rule::parse(&rule) {
            Some(r) => {
                let _ = write!(stdout, "{}", r.doc());
                Ok(ExitCode::SUCCESS)
            }
            None => Err(Error::Usage(match guide_lint::rule::closest_rule(&rule) {
                Some(guess) => format!(
                    "unknown rule `{rule}`; did you mean `{guess}`? (run `guide-lint rules` \
                         for the list)"
                ),
                None => format!("unknown rule `{rule}` (run `guide-lint rules` for the list)"),
            })),
        },
        Command::Status(args) => {
            let config = load_config(cli.config.as_deref())?;
            let report = guide_lint::translation::status::collect(&config)?;
            let text = match args.format {
                StatusFormat::Table => guide_lint::translation::status::table(&report),
                StatusFormat::Json => guide_lint::translation::status::json(&report),
                StatusFormat::Html => render::status_html::render(&report),
            };
            match &args.output {
                Some(path) => guide_lint::translation::write_atomic(path, text.as_bytes())?,
                // The table is for people; JSON and HTML are data, printed as they are.
                None if matches!(args.format, StatusFormat::Table) => {
                    let _ = stdout.write_all(text.as_bytes());
                    let _ = stdout.flush();
                }
                None => {
                    let mut raw = recorded_stdout();
                    let _ = raw.write_all(text.as_bytes());
                    let _ = raw.flush();
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Translations {
            command: TranslationsCommand::Accept { pages },
        } => {
            let config = load_config(cli.config.as_deref())?;
            for page in &pages {
                let a = guide_lint::translation::accept_page(&config, page)?;
                let _ = writeln!(
                    stdout,
                    "accepted {} against {}: {} units recorded in {}",
                    guide_lint::logsafe::text(&a.page),
                    guide_lint::logsafe::text(&a.source),
                    a.units,
                    guide_lint::logsafe::path(&a.lock_path)
                );
                if a.untranslated > 0 {
                    let _ = writeln!(
                        stdout,
                        "  {} untranslated units were not accepted (see GL403 in `guide-lint check`)",
                        a.untranslated
                    );
                }
                if let Some(old) = &a.moved_from {
                    let _ = writeln!(
                        stdout,
                        "  moved the accepted translations of {} there: MkDocs publishes every \
                         file of docs_dir",
                        guide_lint::logsafe::path(old)
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sync(args) => {
            drop(stdout);
            run_sync(args, cli.config.as_deref(), allow_outside)
        }
        Command::Build(args) => {
            let mut config = load_config(cli.config.as_deref())?;
            if let Some(d) = args.dialect {
                config.force_dialect(d.into());
            }
            run_build(&args, &config, &mut stdout)
        }
        Command::Check(args) => {
            // Machine formats are data for a consumer (GitHub's own workflow commands
            // included), printed as they are; human formats and diffs are guarded.
            if args.output.output_format.is_human() || args.fix.diff {
                run_check(cli.config.as_deref(), allow_outside, args, &mut stdout)
            } else {
                drop(stdout);
                let mut raw = recorded_stdout();
                run_check(cli.config.as_deref(), allow_outside, args, &mut raw)
            }
        }
    }
}

fn run_sync(args: SyncArgs, config: Option<&Path>, allow_outside: bool) -> Result<ExitCode, Error> {
    let json = args.output_format == SyncFormat::Json;
    let result = sync_report(args, config, allow_outside);
    if json && let Err(e) = &result {
        // Scripts always get a document on stdout; people get the error on stderr too.
        let help = match e {
            Error::Sync(e) => e.help(),
            _ => None,
        };
        let mut stdout = recorded_stdout();
        let _ = stdout.write_all(
            guide_lint::sync::json::render_error(&e.to_string(), help.as_deref()).as_bytes(),
        );
        let _ = stdout.flush();
    }
    result
}

/// A build note, as `path:line:col: warning: message`.
fn warning_line(e: &guide_lint::FileError) -> String {
    let path = guide_lint::logsafe::path(&e.path);
    let message = guide_lint::logsafe::text(&e.message);
    match e.position {
        Some((line, col, _)) => format!("{path}:{line}:{col}: warning: {message}"),
        None => format!("{path}: warning: {message}"),
    }
}

fn sync_report(
    args: SyncArgs,
    config: Option<&Path>,
    allow_outside: bool,
) -> Result<ExitCode, Error> {
    use guide_lint::sync;
    let config = load_config(config, allow_outside)?;
    let assets: Vec<sync::assets::SyncAsset>;
    let pages = match &args.from {
        Some(from) => {
            assets = sync::assets::from_built_tree(from)?;
            sync::page::pages_from_tree(from, &config, config.primary_locale())?
        }
        None => {
            // Build in memory. Dates come from the previous output: for git storage the
            // checkout itself, so an unchanged page keeps the wiki's dates.
            let previous = args.git.clone().unwrap_or_else(|| config.build_out());
            let report = guide_lint::build::build(
                &config,
                &guide_lint::build::BuildOptions {
                    previous: Some(previous),
                    ..Default::default()
                },
            );
            if let Some(e) = report.errors.first() {
                return Err(Error::Usage(format!(
                    "{}: {} (nothing was synced: fix the guides, then sync again{})",
                    guide_lint::logsafe::path(&e.path),
                    e.message,
                    if report.errors.len() > 1 {
                        format!("; {} more errors", report.errors.len() - 1)
                    } else {
                        String::new()
                    }
                )));
            }
            // The plan says which images the pages use that nothing publishes.
            let mut stderr = guarded(std::io::stderr().lock());
            for w in &report.unpublished {
                let _ = writeln!(stderr, "guide-lint: {}", warning_line(w));
            }
            assets = report
                .assets
                .into_iter()
                .map(sync::assets::SyncAsset::from)
                .collect();
            report.pages.into_iter().map(sync::SyncPage::from).collect()
        }
    };
    let target = match (args.graphql, args.git) {
        (Some(url), _) => sync::Target::GraphQl { url },
        (None, Some(dir)) => sync::Target::Git {
            dir,
            author: args.author.or_else(|| config.file.sync.author.clone()),
        },
        (None, None) => return Err(Error::Usage("give --graphql URL or --git DIR".into())),
    };
    let sc = &config.file.sync;
    let settings = sync::Settings {
        target,
        options: sync::SyncOptions {
            apply: args.apply,
            force: args.force,
            pull: args.pull,
            resolve: args.resolve,
            interrupt: Some(interrupt_on_ctrl_c()),
            callout_blocks: config.callout_block_names(),
            includes: guide_lint::snippets::Includes::of(&config),
        },
        state_path: args.state.unwrap_or_else(|| config.sync_state_path()),
        token_env: sc.token_env.clone(),
        client: guide_lint::wikijs::graphql::ClientOptions {
            timeout: std::time::Duration::from_secs(sc.timeout),
            retries: sc.retries,
            allow_http: args.allow_http,
            ..Default::default()
        },
        layout: sync::WikiLayout {
            primary_locale: config.primary_locale().to_string(),
            always_namespace: config.file.build.always_namespace,
        },
        base: config.root.clone(),
        assets,
    };
    let report = match args.progress {
        ProgressChoice::None => sync::run_sync(&settings, &pages, &mut sync::NoProgress),
        ProgressChoice::Plain => sync::run_sync(
            &settings,
            &pages,
            &mut sync::progress::ConsoleProgress::new(false),
        ),
        ProgressChoice::Auto => sync::run_sync(
            &settings,
            &pages,
            &mut sync::progress::ConsoleProgress::new(std::io::stderr().is_terminal()),
        ),
    }?;
    let text = match args.output_format {
        SyncFormat::Human => sync::report::render(&report),
        SyncFormat::Json => sync::json::render(&report),
    };
    let mut raw = recorded_stdout();
    match args.output_format {
        SyncFormat::Human => {
            let mut stdout = guarded(raw);
            let _ = stdout.write_all(text.as_bytes());
        }
        SyncFormat::Json => {
            let _ = raw.write_all(text.as_bytes());
            let _ = raw.flush();
        }
    }
    Ok(ExitCode::from(report.exit_code()))
}

/// Ctrl-C (or SIGTERM) during a sync: the first stops it before the next page, so the state
/// file and the wiki stay in step and the lock is released as usual; a second one releases the
/// lock and exits at once (the state file is whole either way: it is written atomically).
fn interrupt_on_ctrl_c() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let flag = std::sync::Arc::new(AtomicBool::new(false));
    let seen = flag.clone();
    let installed = ctrlc::set_handler(move || {
        if seen.swap(true, Ordering::SeqCst) {
            guide_lint::sync::lock::release_all();
            std::process::exit(130);
        }
        let _ = writeln!(
            std::io::stderr(),
            "guide-lint: stopping after the current page (Ctrl-C again to stop at once)"
        );
    });
    if let Err(e) = installed {
        let _ = writeln!(
            std::io::stderr(),
            "guide-lint: warning: cannot handle Ctrl-C ({e}): stopping the sync with it may \
             leave its lock file behind"
        );
    }
    flag
}

fn run_check(
    config: Option<&Path>,
    allow_outside: bool,
    args: CheckArgs,
    stdout: &mut impl Write,
) -> Result<ExitCode, Error> {
    // Without a configuration named, a project found below the checked folders is checked
    // with its own, as a run from its folder would check it (as ruff reads the configuration
    // nearest to each file).
    let nested_runs = Nested {
        on: config.is_none(),
        allow_outside,
    };
    let format = args.output.output_format;
    if args.output.statistics
        && !matches!(
            format,
            OutputFormat::Human
                | OutputFormat::Concise
                | OutputFormat::Json
                | OutputFormat::JsonLines
        )
    {
        return Err(Error::Usage(format!(
            "`--statistics` works with the human, concise, json and json-lines formats, not `{}`",
            format
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_string())
        )));
    }
    let cwd = std::env::current_dir().map_err(|e| Error::Usage(e.to_string()))?;
    let named_paths: Vec<PathBuf> = args
        .paths
        .iter()
        .map(|p| guide_lint::fsutil::without_steps_back(p))
        .collect();
    // Paths named in several projects: the first project's run, or the unconfigured run of
    // the paths in none, checks its paths, and each other project's run its own (as nested
    // projects are checked, below).
    let mut groups = config
        .is_none()
        .then(|| projects_of_paths(&named_paths, &cwd))
        .flatten()
        .unwrap_or_default();
    if groups.len() > 1
        && let Some(i) = groups.iter().position(|(l, _)| *l == Located::Nothing)
    {
        let unconfigured = groups.remove(i);
        groups.insert(0, unconfigured);
    }
    let mut others: Vec<(PathBuf, Vec<PathBuf>)> = groups
        .iter()
        .skip(1)
        .filter_map(|(l, paths)| Some((located_dir(l)?, paths.clone())))
        .collect();
    let mut config = match groups.first().map(|(l, _)| l.clone()) {
        Some(Located::File(file)) => {
            if allow_outside {
                Config::load_allowing_outside(Some(&file), &cwd)
            } else {
                Config::load(Some(&file), &cwd)
            }?
        }
        Some(Located::Mkdocs { dir, .. }) if !dir.as_os_str().is_empty() => {
            if allow_outside {
                Config::load_allowing_outside(None, &dir)
            } else {
                Config::load(None, &dir)
            }?
        }
        _ => load_config(config, allow_outside)?,
    };
    if let Some(d) = args.dialect {
        config.force_dialect(d.into());
    }
    let paths = if args.paths.is_empty() {
        let root = config.guides_root();
        if config.path.is_none() && config.mkdocs.is_none() && !root.exists() {
            return Err(Error::Usage(format!(
                "no pages to check: found no `guide-lint.yml` here or above, no `mkdocs.yml`, \
                 `mkdocs.yaml`, `properdocs.yml` or `zensical.toml` here or above {}, and no `{}` \
                 folder; name the pages \
                 (`guide-lint check docs/`, or `guide-lint check .` for every page below, each \
                 project found there with its own configuration), write a `guide-lint.yml` with \
                 `guides: <folder>`, or run in a MkDocs project (its `docs_dir` is read)",
                if std::env::current_dir()
                    .is_ok_and(|d| guide_lint::config::repository_of(&d).join(".git").exists())
                {
                    "in this git work tree"
                } else {
                    "whose `docs_dir` holds this folder (there is no git work tree here)"
                },
                config.file.guides.display()
            )));
        }
        if let Some(file) = config.path.as_ref().filter(|_| !root.exists()) {
            return Err(Error::Usage(format!(
                "no pages to check: `guides: {}` in `{}` names `{}`, which does not exist; \
                 correct `guides`, or name the pages (`guide-lint check docs/`)",
                config.file.guides.display(),
                file.display(),
                root.display()
            )));
        }
        vec![root]
    } else {
        let named = groups
            .first()
            .map_or_else(|| named_paths.clone(), |(_, paths)| paths.clone());
        // A path inside a project below the run's own (`guide-lint check site/docs` in a
        // repository whose `guide-lint.yml` is at the top, beside the site's `mkdocs.yml`) is
        // checked with that project's configuration, as when its folder is walked.
        let mut own = Vec::new();
        for path in named {
            match nested_runs
                .on
                .then(|| {
                    guide_lint::config::project_of_path(&path, &config).map(|d| shown_from_here(&d))
                })
                .flatten()
            {
                Some(dir) => match others.iter_mut().find(|(d, _)| *d == dir) {
                    Some((_, paths)) => paths.push(path),
                    None => others.push((dir, vec![path])),
                },
                None => own.push(path),
            }
        }
        own
    };
    if args.fix.fix || args.fix.diff {
        return run_fix(&args, &paths, &config, nested_runs, others, stdout);
    }
    let started = Instant::now();
    let options = CheckOptions {
        selection: args.rules.layer(),
        cache_dir: args.cache.checked_dir(&config)?,
        // Source lines are shown by the human format and quoted by SARIF; the others need
        // only where the findings fall.
        places_only: !matches!(format, OutputFormat::Human | OutputFormat::Sarif),
        // Human output draws one file at a time: on large guides, it reads each page with
        // findings again as it draws it rather than holding every such page through the run.
        defer_sources_above: matches!(format, OutputFormat::Human).then_some(guide_lint::HELD_TEXT),
        leave_nested_projects: nested_runs.on,
    };
    // A run with nothing changed prints what the last one printed (docs/cache.md). A run that
    // found projects below its folders prints what their runs and its own found together: each
    // run's report is kept in its cache, the printed whole is not.
    let run = guide_lint::CheckRun::new(&paths, &config, &options);
    others.extend(
        run.nested()
            .iter()
            .map(|dir| (dir.clone(), vec![dir.clone()])),
    );
    let shown = output_settings(&run, &args).filter(|_| others.is_empty());
    if let (Some(last), Some(shown)) = (run.last(), &shown)
        && let Some(out) = last.output(shown)
    {
        // Already guarded when first printed.
        let mut raw = recorded_stdout();
        let _ = raw.write_all(out.stdout());
        let _ = raw.flush();
        let (before, after) = out.meta.stderr;
        let mut stderr = guarded(std::io::stderr().lock());
        let _ = stderr.write_all(before.as_bytes());
        if let Some(after) = after {
            let took = render::summary::duration(started.elapsed());
            let _ = stderr.write_all(format!("{took}{after}").as_bytes());
        }
        return Ok(exit_code(out.meta.file_errors, out.meta.has_errors, &args));
    }
    let (mut report, last) = run.check(&options);
    let last = last.zip(shown);
    nested_runs.check(&mut report, others, &args, &options);
    let elapsed = started.elapsed();
    let _ = stdout.flush();
    // The output is printed piece by piece as it is rendered, never held whole (a hostile page
    // can make millions of findings). Human formats are guarded piece by piece, as [`Guarded`]
    // guards line by line (each piece is whole lines); machine formats, GitHub's own workflow
    // commands included, are data printed as they are. What is printed is also kept, up to a
    // limit, so that a later run with nothing changed prints these bytes.
    let target = last.as_ref().map(|(last, shown)| (last, shown.as_str()));
    let mut kept = guide_lint::cache::Printed::new(target, guide_lint::cache::Printed::LIMIT);
    {
        let mut raw = recorded_stdout();
        let mut emit = |piece: &str| {
            let piece = if format.is_human() {
                guide_lint::logsafe::lines(piece)
            } else {
                std::borrow::Cow::Borrowed(piece)
            };
            let _ = raw.write_all(piece.as_bytes());
            kept.push(piece.as_bytes());
        };
        render_report(&report, &args, elapsed, &mut emit)?;
        let _ = raw.flush();
    }
    let mut stderr_text = String::new();
    let mut after = None;
    if format.is_human() {
        let (before, rest) = render::summary::line_parts(&report);
        stderr_text = before;
        after = Some(rest);
    } else {
        // Machine output goes to a consumer; the people reading the log still learn which files
        // could not be checked.
        for e in &report.errors {
            stderr_text.push_str(&render::file_error_line(e));
            stderr_text.push('\n');
        }
    }
    {
        let mut stderr = guarded(std::io::stderr().lock());
        let _ = stderr.write_all(stderr_text.as_bytes());
        if let Some(after) = &after {
            let took = render::summary::duration(elapsed);
            let _ = stderr.write_all(format!("{took}{after}").as_bytes());
        }
    }
    let (file_errors, has_errors) = (!report.errors.is_empty(), report.has_errors());
    kept.finish(&guide_lint::cache::OutputMeta {
        stderr: (stderr_text, after),
        has_errors,
        file_errors,
        snippets: report.snippets.clone(),
    });
    Ok(exit_code(file_errors, has_errors, &args))
}

/// A resolved folder as named from the working directory: below it, relative (`site`); above
/// it, by `..` steps (`../..`), so that the paths of its pages in output stay relative; else as
/// it is.
fn shown_from_here(folder: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir().map(|d| guide_lint::fsutil::resolve(&d)) else {
        return folder.to_path_buf();
    };
    if let Ok(below) = folder.strip_prefix(&cwd) {
        return if below.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            below.to_path_buf()
        };
    }
    match cwd.strip_prefix(folder) {
        Ok(up) => up.components().map(|_| "..").collect(),
        Err(_) => folder.to_path_buf(),
    }
}

/// The folder of a project found for a path ([`projects_of_paths`]); `None` for none.
fn located_dir(l: &Located) -> Option<PathBuf> {
    match l {
        Located::File(file) => Some(
            file.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
        ),
        Located::Mkdocs { dir, .. } => Some(if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.clone()
        }),
        Located::Nothing => None,
    }
}

/// How a `check` treats the projects found below the folders it checks: each is checked (or
/// fixed) with its own configuration, as a run from its folder would be, when `on` (no
/// configuration was named on the command line).
#[derive(Debug, Clone, Copy)]
struct Nested {
    on: bool,
    allow_outside: bool,
}

impl Nested {
    /// Checks each project of `queue` (its folder, and the paths to check in it), and those
    /// found below them in turn, adding each report to `report`.
    fn check(
        self,
        report: &mut CheckReport,
        queue: Vec<(PathBuf, Vec<PathBuf>)>,
        args: &CheckArgs,
        options: &CheckOptions,
    ) {
        let mut queue = std::collections::VecDeque::from(queue);
        while let Some((dir, paths)) = queue.pop_front() {
            let Some(config) = self.config(&dir, args, &mut report.errors) else {
                continue;
            };
            let cache_dir = match args.cache.checked_dir(&config) {
                Ok(dir) => dir,
                Err(e) => {
                    report.errors.push(guide_lint::FileError {
                        path: dir.clone(),
                        message: format!("{e}: this project's pages are not checked"),
                        position: None,
                    });
                    report.errors.sort();
                    continue;
                }
            };
            let options = CheckOptions {
                cache_dir,
                ..options.clone()
            };
            let run = guide_lint::CheckRun::new(&paths, &config, &options);
            queue.extend(run.nested().iter().map(|d| (d.clone(), vec![d.clone()])));
            report.merge(run.check(&options).0);
        }
    }

    /// [`Nested::check`] for `check --fix` and `--diff`: the fixes of each project found below
    /// the fixed folders, made with its configuration, added to `report`.
    fn fix(
        self,
        report: &mut guide_lint::FixReport,
        queue: Vec<(PathBuf, Vec<PathBuf>)>,
        args: &CheckArgs,
        options: &FixOptions,
    ) {
        let mut queue = std::collections::VecDeque::from(queue);
        while let Some((dir, paths)) = queue.pop_front() {
            let Some(config) = self.config(&dir, args, &mut report.check.errors) else {
                continue;
            };
            let mut more = guide_lint::fix(&paths, &config, options);
            queue.extend(
                std::mem::take(&mut more.nested)
                    .into_iter()
                    .map(|d| (d.clone(), vec![d])),
            );
            report.files.extend(more.files);
            report.files.sort_by(|a, b| a.path.cmp(&b.path));
            report.check.merge(more.check);
        }
    }

    /// The configuration of the project in `dir`: its `guide-lint.yml`, else its MkDocs
    /// project's, with `--dialect` applied. One that cannot be read is added to `errors` as a
    /// file that could not be checked, naming it: the project's pages are not checked.
    fn config(
        self,
        dir: &Path,
        args: &CheckArgs,
        errors: &mut Vec<guide_lint::FileError>,
    ) -> Option<Config> {
        match self.read_config(dir, args) {
            Ok(config) => Some(config),
            Err(e) => {
                errors.push(e);
                errors.sort();
                None
            }
        }
    }

    /// [`Nested::config`]'s reading.
    fn read_config(self, dir: &Path, args: &CheckArgs) -> Result<Config, guide_lint::FileError> {
        let loaded = Config::load_project(dir, self.allow_outside);
        let mut config = loaded.map_err(|e| {
            let file = guide_lint::mkdocs::project_file(dir)
                .map_or_else(|| dir.join(guide_lint::config::FILE_NAME), |f| dir.join(f));
            let mut error = match e {
                Error::Config {
                    path,
                    text,
                    offset,
                    message,
                } => guide_lint::config_file_error(path, &text, offset, message),
                Error::Io { path, message } => guide_lint::FileError {
                    path,
                    message,
                    position: None,
                },
                other => guide_lint::FileError {
                    path: file,
                    message: other.to_string(),
                    position: None,
                },
            };
            error.message = format!(
                "cannot read this project's configuration ({}): its pages are not checked",
                error.message
            );
            error
        })?;
        if let Some(d) = args.dialect {
            config.force_dialect(d.into());
        }
        Ok(config)
    }
}

/// `check`'s exit code: 2 when a file could not be checked, 1 for an error finding (unless
/// `--exit-zero`), else 0.
fn exit_code(file_errors: bool, has_errors: bool, args: &CheckArgs) -> ExitCode {
    if file_errors {
        ExitCode::from(2)
    } else if has_errors && !args.output.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The output's settings as they are kept with the run's output in the cache: `None` without
/// the cache, for the JUnit format (which shows the run's duration in its body) and when
/// nothing may be replayed (a page edited within the last seconds).
fn output_settings(run: &guide_lint::CheckRun<'_>, args: &CheckArgs) -> Option<String> {
    run.last()?;
    let format = args.output.output_format;
    if format == OutputFormat::Junit {
        return None;
    }
    let cwd = std::env::current_dir().ok()?;
    Some(format!(
        "{format:?} statistics {} color {} root {:?}",
        args.output.statistics,
        color_of(args.output.color),
        repository_root(&cwd)
    ))
}

/// Whether the output is coloured.
fn color_of(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// The report in the chosen format (or its statistics), handed to `emit` in pieces of whole
/// lines.
fn render_report(
    report: &CheckReport,
    args: &CheckArgs,
    elapsed: Duration,
    emit: &mut dyn FnMut(&str),
) -> Result<(), Error> {
    let format = args.output.output_format;
    let color = color_of(args.output.color);
    let cwd = std::env::current_dir().map_err(|e| Error::Usage(e.to_string()))?;
    let ctx = RenderContext {
        root: Some(repository_root(&cwd)),
        cwd,
        elapsed,
        human: render::human::HumanOptions {
            color,
            ..Default::default()
        },
        ..RenderContext::default()
    };
    if args.output.statistics {
        emit(&match format {
            OutputFormat::Json => render::statistics::json(report),
            OutputFormat::JsonLines => render::statistics::json_lines(report),
            _ => render::statistics::text(report),
        });
    } else {
        render::render_to(format, report, &ctx, emit);
    }
    Ok(())
}

/// The repository root (the nearest directory holding `.git`, from the working directory up),
/// or the working directory: machine formats show paths relative to it, as GitHub and
/// reviewdog expect.
fn repository_root(cwd: &Path) -> PathBuf {
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(cwd)
        .to_path_buf()
}

/// `check --fix` and `check --diff`, with ruff's exit codes: `--fix` exits as `check` does on
/// what remains; `--diff` prints the diffs, writes nothing and exits 1 when there is one.
fn run_fix(
    args: &CheckArgs,
    paths: &[PathBuf],
    config: &Config,
    nested_runs: Nested,
    mut others: Vec<(PathBuf, Vec<PathBuf>)>,
    stdout: &mut impl Write,
) -> Result<ExitCode, Error> {
    let options = FixOptions {
        // Fixes read and write the pages themselves: the cache is not used (a fixed page has
        // a new text, so the next check re-checks it).
        check: CheckOptions {
            selection: args.rules.layer(),
            cache_dir: None,
            places_only: false,
            defer_sources_above: None,
            leave_nested_projects: nested_runs.on,
        },
        unsafe_fixes: args.fix.unsafe_fixes,
    };
    let started = Instant::now();
    let mut report = guide_lint::fix(paths, config, &options);
    others.extend(
        std::mem::take(&mut report.nested)
            .into_iter()
            .map(|dir| (dir.clone(), vec![dir])),
    );
    nested_runs.fix(&mut report, others, args, &options);
    let elapsed = started.elapsed();
    let mut stderr = guarded(std::io::stderr().lock());
    if args.fix.diff {
        for f in &report.files {
            let _ = stdout.write_all(f.diff().as_bytes());
        }
        let _ = stdout.flush();
        for e in &report.check.errors {
            let _ = writeln!(
                stderr,
                "guide-lint: {}",
                guide_lint::render::concise::file_error_line(e)
            );
        }
        let n = report.total_applied();
        if n > 0 {
            let _ = writeln!(
                stderr,
                "would fix {} in {}",
                plural(n, "finding", "findings"),
                plural(report.files.len(), "file", "files")
            );
        }
        if !report.check.errors.is_empty() {
            return Ok(ExitCode::from(2));
        }
        return Ok(if report.files.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let write_errors = report.write();
    let unwritten: Vec<PathBuf> = write_errors.iter().map(|e| e.path.clone()).collect();
    report.keep_unwritten(&unwritten, config, &options.check);
    let fixed = report.total_applied();
    let files = report.files.len();
    let mut check = report.check;
    check.errors.extend(write_errors);
    check.errors.sort();
    render_report(&check, args, elapsed, &mut |piece| {
        let _ = stdout.write_all(piece.as_bytes());
    })?;
    let _ = stdout.flush();
    let remaining = check.findings.len();
    let hidden = check
        .findings
        .iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == guide_lint::finding::Applicability::Unsafe)
        })
        .count();
    let _ = write!(
        stderr,
        "fixed {} in {}, {remaining} remaining",
        plural(fixed, "finding", "findings"),
        plural(files, "file", "files")
    );
    if hidden > 0 && !args.fix.unsafe_fixes {
        let _ = write!(stderr, " ({hidden} fixable with `--fix --unsafe-fixes`)");
    }
    let _ = writeln!(stderr);
    if !check.errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    Ok(if check.has_errors() && !args.output.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

use guide_lint::util::plural;

/// The time written into new and changed pages: `SOURCE_DATE_EPOCH` when set (reproducible
/// builds), else now.
fn build_time() -> Result<std::time::SystemTime, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<u64>()
            .map(|s| std::time::UNIX_EPOCH + std::time::Duration::from_secs(s))
            .map_err(|_| {
                Error::Usage(format!(
                    "SOURCE_DATE_EPOCH `{v}` is not a number of seconds"
                ))
            }),
        Err(_) => Ok(std::time::SystemTime::now()),
    }
}

fn run_build(
    args: &BuildArgs,
    config: &Config,
    stdout: &mut impl Write,
) -> Result<ExitCode, Error> {
    use guide_lint::build::{self, BuildOptions, Staleness};
    let out = args.out.clone().unwrap_or_else(|| config.build_out());
    let scripts = match &args.scripts {
        Some(s) => s.clone(),
        None if args.out.is_some() => guide_lint::config::scripts_beside(&out),
        None => config.build_scripts(&out),
    };
    build::check_layout(config, &out, &scripts)?;
    let options = BuildOptions {
        previous: Some(out.clone()),
        now: build_time()?,
    };
    let report = build::build(config, &options);
    let mut stderr = guarded(std::io::stderr().lock());
    for w in &report.unpublished {
        let _ = writeln!(stderr, "guide-lint: {}", warning_line(w));
    }
    for e in &report.errors {
        let _ = writeln!(
            stderr,
            "guide-lint: {}",
            guide_lint::render::concise::file_error_line(e)
        );
    }
    let scripts_count = report
        .pages
        .iter()
        .filter(|p| p.script_js.is_some())
        .count();
    let leftovers = report.leftovers(&out, &scripts);
    let remaining_errors = report_remaining(&report, &out, &mut stderr);
    let strict_failed = args.strict && remaining_errors > 0;
    if args.check {
        let stale = report.outdated(&out, &scripts);
        for s in &stale {
            let why = match s.why {
                Staleness::Missing => "missing",
                Staleness::Changed => "out of date",
            };
            let _ = writeln!(
                stdout,
                "{}: {why} (from {})",
                guide_lint::logsafe::path(&s.path),
                guide_lint::logsafe::path(&s.source)
            );
        }
        for l in &leftovers {
            let _ = writeln!(
                stdout,
                "{}: no guide page produces it",
                guide_lint::logsafe::path(l)
            );
        }
        let total = report.pages.len() + scripts_count + report.assets.len();
        let _ = writeln!(
            stderr,
            "{} of {} out of date{}",
            stale.len(),
            if report.assets.is_empty() {
                plural(total, "page and script", "pages and scripts")
            } else {
                plural(total, "page, asset and script", "pages, assets and scripts")
            },
            match leftovers.len() {
                0 => String::new(),
                n => format!("; {} to delete (`--prune`)", plural(n, "file", "files")),
            }
        );
        if !report.errors.is_empty() {
            return Ok(ExitCode::from(2));
        }
        return Ok(
            if stale.is_empty() && leftovers.is_empty() && !strict_failed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            },
        );
    }
    let summary = report.write(&out, &scripts);
    for e in &summary.errors {
        let _ = writeln!(
            stderr,
            "guide-lint: {}",
            guide_lint::render::concise::file_error_line(e)
        );
    }
    for p in &summary.written {
        let _ = writeln!(stdout, "wrote {}", guide_lint::logsafe::path(p));
    }
    let mut delete_errors = Vec::new();
    if args.prune {
        let (deleted, errors) = build::BuildReport::prune(leftovers, &out, &scripts);
        for p in &deleted {
            let _ = writeln!(stdout, "deleted {}", guide_lint::logsafe::path(p));
        }
        for e in &errors {
            let _ = writeln!(
                stderr,
                "guide-lint: {}",
                guide_lint::render::concise::file_error_line(e)
            );
        }
        delete_errors = errors;
    } else {
        for l in &leftovers {
            let _ = writeln!(
                stderr,
                "guide-lint: warning: {}: no guide page produces it any more (its source was \
                 removed or renamed); delete it, or build with `--prune`",
                guide_lint::logsafe::path(l)
            );
        }
    }
    let _ = writeln!(
        stderr,
        "built {}{} into {} ({} into {}): {} written, {} unchanged",
        plural(report.pages.len(), "page", "pages"),
        match report.assets.len() {
            0 => String::new(),
            n => format!(" and {}", plural(n, "asset", "assets")),
        },
        guide_lint::logsafe::path(&out),
        plural(scripts_count, "script", "scripts"),
        guide_lint::logsafe::path(&scripts),
        summary.written.len(),
        summary.unchanged
    );
    if !report.errors.is_empty() || !summary.errors.is_empty() || !delete_errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    if strict_failed {
        let _ = writeln!(
            stderr,
            "guide-lint: --strict: {} remain in the built pages",
            plural(remaining_errors, "error", "errors")
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints what is still wrong with the built pages (each problem with the built file's path and
/// line, then a count per rule) and returns how many are errors.
fn report_remaining(
    report: &guide_lint::build::BuildReport,
    out: &Path,
    stderr: &mut impl Write,
) -> usize {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut errors = 0;
    let mut total = 0;
    for p in &report.pages {
        let path = guide_lint::logsafe::path(&out.join(&p.file));
        for r in &p.remaining {
            let _ = writeln!(
                stderr,
                "{path}:{}:{}: {} [{}] {}",
                r.line,
                r.column,
                r.code(),
                r.severity.as_str(),
                guide_lint::logsafe::text(&r.message)
            );
            *counts.entry(r.code()).or_insert(0) += 1;
            total += 1;
            if r.severity == guide_lint::Severity::Error {
                errors += 1;
            }
        }
    }
    if total > 0 {
        let per_rule = counts
            .iter()
            .map(|(code, n)| format!("{code}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            stderr,
            "guide-lint: {} in the built pages ({}): {per_rule}",
            plural(total, "problem remains", "problems remain"),
            plural(errors, "error", "errors"),
        );
    }
    errors
}
