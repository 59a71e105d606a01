//! The `guide-lint` binary: flags -> settings -> library -> renderer -> exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use guide_lint::{CheckOptions, Config, Error, Rule, render};

/// Check, compare, build and sync bilingual Markdown guides published on Wiki.js.
#[derive(Debug, Parser)]
#[command(name = "guide-lint", version, about, max_term_width = 100)]
struct Cli {
    /// Configuration file (default: `guide-lint.yml` in the working directory or above).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
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
    /// Publish the guides to a wiki: prints the plan; `--apply` carries it out.
    Sync(SyncArgs),
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories to check (default: the configured guides root).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    output_format: OutputFormat,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
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
    /// Overwrite pages that were edited on the wiki since the last sync.
    #[arg(long)]
    force: bool,
    /// Save the wiki's version of each conflicting page beside its guide (`page.remote.md`)
    /// to merge by hand; delete that file once merged.
    #[arg(long)]
    pull: bool,
    /// Publish the Wiki.js page files in DIR (a git-storage layout, such as `build --out`
    /// writes) instead of the configured guides.
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
enum OutputFormat {
    Human,
    Concise,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            report_error(&e);
            ExitCode::from(2)
        }
    }
}

fn report_error(e: &Error) {
    let mut stderr = std::io::stderr().lock();
    match e {
        Error::Config {
            path,
            text,
            offset,
            message,
        } => {
            let diag = miette::miette!(
                labels = vec![miette::LabeledSpan::at_offset(*offset, "here")],
                help = "see README.md, section Configuration, for every key",
                "invalid configuration: {message}"
            )
            .with_source_code(miette::NamedSource::new(
                path.display().to_string(),
                text.clone(),
            ));
            let mut out = String::new();
            let handler = miette::GraphicalReportHandler::new_themed(
                miette::GraphicalTheme::unicode_nocolor(),
            );
            let _ = handler.render_report(&mut out, diag.as_ref());
            let _ = writeln!(stderr, "{out}");
        }
        other => {
            let _ = writeln!(stderr, "guide-lint: error: {other}");
        }
    }
}

fn load_config(explicit: Option<&Path>) -> Result<Config, Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::Usage(e.to_string()))?;
    match explicit {
        Some(p) => Config::load(Some(p), &cwd),
        None => {
            let found = Config::discover(&cwd);
            Config::load(found.as_deref(), &cwd)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let mut stdout = std::io::stdout().lock();
    match cli.command {
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
            None => Err(Error::Usage(format!(
                "unknown rule `{rule}` (run `guide-lint rules` for the list)"
            ))),
        },
        Command::Sync(args) => run_sync(args, cli.config.as_deref()),
        Command::Check(args) => {
            let config = load_config(cli.config.as_deref())?;
            let paths = if args.paths.is_empty() {
                vec![config.guides_root()]
            } else {
                args.paths.clone()
            };
            let report = guide_lint::check(&paths, &config, &CheckOptions::default());
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let text = match args.output_format {
                OutputFormat::Human => render::human::render(
                    &report,
                    render::human::HumanOptions {
                        color,
                        ..Default::default()
                    },
                ),
                OutputFormat::Concise => render::concise(&report),
            };
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            if !report.errors.is_empty() {
                return Ok(ExitCode::from(2));
            }
            Ok(if report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn run_sync(args: SyncArgs, config: Option<&Path>) -> Result<ExitCode, Error> {
    use guide_lint::sync;
    let config = load_config(config)?;
    let Some(from) = &args.from else {
        return Err(Error::Usage(
            "`sync` publishes built pages: give them with --from DIR (building the guides in \
             memory is not available in this version)"
                .into(),
        ));
    };
    let pages = sync::page::pages_from_tree(from, &config, config.primary_locale())?;
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
            always_namespace: sc.always_namespace,
        },
        base: config.root.clone(),
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
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(sync::report::render(&report).as_bytes());
    let _ = stdout.flush();
    Ok(ExitCode::from(report.exit_code()))
}
