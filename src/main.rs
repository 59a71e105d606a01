//! The `guide-lint` binary: flags -> settings -> library -> renderer -> exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use guide_lint::render::{OutputFormat, RenderContext};
use guide_lint::{CheckOptions, Config, Error, Rule, RuleLayer, Selector, render};

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
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories to check (default: the configured guides root).
    paths: Vec<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    output: OutputArgs,
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
        Command::Check(args) => check(cli.config.as_deref(), args, &mut stdout),
    }
}

fn check(
    config: Option<&Path>,
    args: CheckArgs,
    stdout: &mut impl Write,
) -> Result<ExitCode, Error> {
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
    let config = load_config(config)?;
    let paths = if args.paths.is_empty() {
        vec![config.guides_root()]
    } else {
        args.paths.clone()
    };
    let started = Instant::now();
    let options = CheckOptions {
        selection: args.rules.layer(),
    };
    let report = guide_lint::check(&paths, &config, &options);
    let elapsed = started.elapsed();
    let color = match args.output.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
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
    let text = if args.output.statistics {
        match format {
            OutputFormat::Json => render::statistics::json(&report),
            OutputFormat::JsonLines => render::statistics::json_lines(&report),
            _ => render::statistics::text(&report),
        }
    } else {
        render::render(format, &report, &ctx)
    };
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    let mut stderr = std::io::stderr().lock();
    if format.is_human() {
        let _ = stderr.write_all(render::summary::line(&report, elapsed).as_bytes());
    } else {
        // Machine output goes to a consumer; the people reading the log still learn which files
        // could not be checked.
        for e in &report.errors {
            let _ = writeln!(stderr, "{}", render::file_error_line(e));
        }
    }
    if !report.errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    Ok(if report.has_errors() && !args.output.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
