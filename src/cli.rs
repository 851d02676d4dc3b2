//! The command line, as clap derive definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
}

/// Audit one or more publications (the default command).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Text files to read; `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    /// Output format; repeat it (each with its own --output) to write several reports at once.
    #[arg(long, short = 'f', value_enum)]
    pub format: Vec<Format>,

    /// Where to write the report of the --format in the same position; human reports go to
    /// standard error and the others to standard output when not given.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// Exit with code 1 when a finding at or above this severity remains.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}
