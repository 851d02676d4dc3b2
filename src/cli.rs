//! The command line, as clap derive definitions.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use serde::Deserialize;

/// Read and audit French arrêtés listing occupations open to non-EU workers, region by region.
#[derive(Debug, Parser)]
#[command(name = "annex-audit", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the audit rules with their ids and default severities.
    Rules,
    /// Print a rule's documentation: what it finds, why it matters, an example.
    Explain {
        /// The rule's name (count-mismatch) or id (AA003).
        rule: String,
    },
    /// Print shell completions for annex-audit.
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Compare two publications, or two transcriptions of one: sections and rows only one has,
    /// labels and codes that changed, declared counts that changed.
    Diff(DiffArgs),
}

/// `annex-audit diff OLD NEW`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier publication, or one transcription (`-` reads standard input).
    pub old: String,

    /// The later publication, or the other transcription (`-` reads standard input).
    pub new: String,

    /// Output format [default: the one --output's extension names, else human].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<DiffFormat>,

    /// Where to write the comparison [default: standard output, also `-`].
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with code 1 when the two differ.
    #[arg(long)]
    pub fail_on_change: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// The differences section by section, then a summary line.
    Human,
    /// The versioned JSON comparison.
    Json,
    /// One self-contained HTML page.
    Html,
}

impl DiffFormat {
    pub fn name(self) -> &'static str {
        match self {
            DiffFormat::Human => "human",
            DiffFormat::Json => "json",
            DiffFormat::Html => "html",
        }
    }

    /// The format an --output's extension names, among those `diff` writes.
    pub fn from_extension(path: &std::path::Path) -> Option<DiffFormat> {
        match Format::from_extension(path)? {
            Format::Human => Some(DiffFormat::Human),
            Format::Json => Some(DiffFormat::Json),
            Format::Html => Some(DiffFormat::Html),
            Format::Sarif | Format::Github | Format::Csv => None,
        }
    }
}

/// Audit one or more publications (the default command).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to read (directories recursively, keeping the files --glob names);
    /// `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    /// Which files to read in directories (file-name patterns; repeatable)
    /// [default: *.txt and *.md].
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,

    /// Output format; repeat it (each with its own --output) to write several reports at once.
    #[arg(long, short = 'f', value_enum)]
    pub format: Vec<Format>,

    /// Where to write the report of the --format just before it (`-` for standard output);
    /// without one, human reports go to standard error and the others to standard output. An
    /// --output with no --format before it takes the format its extension names.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// Exit with code 1 when a new finding at or above this severity remains [default: error,
    /// or the config's fail-on].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Print the number of findings per rule on standard error.
    #[arg(long)]
    pub statistics: bool,

    /// Config file [default: annex-audit.toml in the working directory or its parents].
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any annex-audit.toml.
    #[arg(long)]
    pub no_config: bool,

    /// Make a rule's findings errors (name or id; repeatable).
    #[arg(long, value_name = "RULE")]
    pub deny: Vec<String>,

    /// Make a rule's findings warnings.
    #[arg(long, value_name = "RULE")]
    pub warn: Vec<String>,

    /// Turn a rule off.
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,

    /// A TOML file of reviewed findings to leave out ([[ignore]] entries: rule, region, code,
    /// label, reason) [default: the config's ignore-file].
    #[arg(long, value_name = "FILE")]
    pub ignore_file: Option<PathBuf>,

    /// Findings recorded in this baseline are listed as known and do not fail the run
    /// [default: the config's baseline].
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings in a baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// The reports asked for, in order: each --output goes with the --format before it; an
    /// --output with no --format of its own is `(None, path)`. Filled by [`Cli::parse_args`].
    #[arg(skip)]
    pub requested: Vec<(Option<Format>, Option<PathBuf>)>,
}

impl Cli {
    /// Parses arguments like clap's `try_parse_from`, then pairs every --output with the
    /// --format written before it (`-f github -f sarif -o x.sarif` sends SARIF to the file and
    /// the annotations to stdout).
    pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let matches = Cli::command().try_get_matches_from(args)?;
        let mut cli = Cli::from_arg_matches(&matches)?;
        let formats = matches.indices_of("format").into_iter().flatten();
        let outputs = matches.indices_of("output").into_iter().flatten();
        let mut events: Vec<(usize, Event)> = formats
            .zip(cli.check.format.iter())
            .map(|(index, format)| (index, Event::Format(*format)))
            .chain(
                outputs
                    .zip(cli.check.output.iter())
                    .map(|(index, path)| (index, Event::Output(path.clone()))),
            )
            .collect();
        events.sort_by_key(|(index, _)| *index);
        let mut requested: Vec<(Option<Format>, Option<PathBuf>)> = Vec::new();
        for (_, event) in events {
            match event {
                Event::Format(format) => requested.push((Some(format), None)),
                Event::Output(path) => match requested.last_mut() {
                    Some((Some(_), slot @ None)) => *slot = Some(path),
                    _ => requested.push((None, Some(path))),
                },
            }
        }
        cli.check.requested = requested;
        Ok(cli)
    }
}

enum Event {
    Format(Format),
    Output(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Graphical diagnostics for people (miette), then a summary line.
    Human,
    /// The versioned JSON report.
    Json,
    /// One self-contained HTML page: metadata, matrix, tables, findings, filters.
    Html,
    /// SARIF 2.1.0, as GitHub code scanning accepts it.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// One CSV line per row of every table, with the rules that fired on it.
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Html => "html",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Csv => "csv",
        }
    }

    /// The format a file name suggests, for an --output given without a --format.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?;
        if name.ends_with(".sarif") || name.ends_with(".sarif.json") {
            return Some(Format::Sarif);
        }
        match path.extension()?.to_str()? {
            "json" => Some(Format::Json),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "txt" | "log" => Some(Format::Human),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}
