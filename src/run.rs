//! One run of the command line: read the inputs, audit them, write every requested report.
//!
//! Standard streams are passed in, so that a run can be tested in-process.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use crate::audit::{self, Finding, Levels, Severity};
use crate::cli::{CheckArgs, Cli, Command, FailOn, Format};
use crate::error::Error;
use crate::parse;
use crate::report::{self, Report, human};
use crate::source::Source;

/// How a run ended, when it could run at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Whether a finding at or above the fail level remains.
    pub failed: bool,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        u8::from(self.failed)
    }
}

/// Where one rendered report goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Destination {
    Stdout,
    Stderr,
    File(PathBuf),
}

pub fn run(
    cli: Cli,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<Outcome, Error> {
    match cli.command {
        Some(Command::Rules) => {
            write_stream(stdout, &rules_table())?;
            Ok(Outcome { failed: false })
        }
        Some(Command::Explain { rule }) => {
            let rule = audit::find_rule(&rule).ok_or(Error::UnknownRule(rule))?;
            write_stream(stdout, &rule.explanation())?;
            Ok(Outcome { failed: false })
        }
        None => check(cli.check, stdin, stdout, stderr),
    }
}

fn rules_table() -> String {
    let mut out = String::new();
    for rule in audit::RULES {
        out.push_str(&format!(
            "{:<6} {:<22} {:<8} {}\n",
            rule.id, rule.name, rule.default_severity, rule.doc.summary
        ));
    }
    out
}

fn write_stream(stream: &mut dyn Write, text: &str) -> Result<(), Error> {
    match stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush())
    {
        // A reader that stops early (`| head`) is not an error of ours.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result.map_err(|source| Error::Write {
            format: "text",
            path: PathBuf::from("<standard stream>"),
            source,
        }),
    }
}

/// Pairs each format with its destination; an --output without a --format takes the format its
/// extension names.
fn destinations(args: &CheckArgs) -> Result<Vec<(Format, Destination)>, Error> {
    let mut formats = args.format.clone();
    for output in args.output.iter().skip(formats.len()) {
        let format = Format::from_extension(output).ok_or_else(|| {
            Error::Usage(format!(
                "no --format for the output `{}`, and its extension names none",
                output.display()
            ))
        })?;
        formats.push(format);
    }
    if formats.is_empty() {
        formats.push(Format::Human);
    }
    let pairs: Vec<(Format, Destination)> = formats
        .iter()
        .enumerate()
        .map(|(index, &format)| {
            let destination = match args.output.get(index) {
                Some(path) if path.as_os_str() == "-" => Destination::Stdout,
                Some(path) => Destination::File(path.clone()),
                None if format == Format::Human => Destination::Stderr,
                None => Destination::Stdout,
            };
            (format, destination)
        })
        .collect();
    let to_stdout = pairs
        .iter()
        .filter(|(_, d)| *d == Destination::Stdout)
        .count();
    if to_stdout > 1 {
        return Err(Error::Usage(
            "several reports would go to standard output: give each an --output".to_owned(),
        ));
    }
    Ok(pairs)
}

fn read_input(path: &str, stdin: &mut dyn Read) -> Result<Vec<u8>, Error> {
    if path == "-" {
        let mut raw = Vec::new();
        stdin
            .read_to_end(&mut raw)
            .map_err(|error| Error::from_read(PathBuf::from("-"), error))?;
        return Ok(raw);
    }
    let path_buf = PathBuf::from(path);
    if path_buf.is_dir() {
        return Err(Error::IsDirectory { path: path_buf });
    }
    std::fs::read(&path_buf).map_err(|error| Error::from_read(path_buf, error))
}

fn check(
    args: CheckArgs,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<Outcome, Error> {
    if args.paths.is_empty() {
        return Err(Error::Usage(
            "no input: give the path of a publication, or `-` for standard input".to_owned(),
        ));
    }
    if args.paths.iter().filter(|path| *path == "-").count() > 1 {
        return Err(Error::Usage(
            "standard input (`-`) can only be read once".to_owned(),
        ));
    }
    let destinations = destinations(&args)?;
    let levels = Levels::default();

    let sources: Vec<Source> = args
        .paths
        .iter()
        .map(|path| read_input(path, stdin).map(|raw| Source::decode(path.as_str(), raw)))
        .collect::<Result<_, _>>()?;
    let documents: Vec<_> = sources.iter().map(parse::parse).collect();
    let findings: Vec<Vec<Finding>> = sources
        .iter()
        .zip(&documents)
        .map(|(source, document)| audit::audit(source, document, &levels))
        .collect();
    let reports: Vec<Report<'_, '_>> = sources
        .iter()
        .zip(&documents)
        .zip(&findings)
        .map(|((source, document), findings)| Report::new(source, document, findings))
        .collect();

    for (format, destination) in &destinations {
        let rendered = render(*format, &reports, destination);
        match destination {
            Destination::Stdout => write_stream(stdout, &rendered)?,
            Destination::Stderr => write_stream(stderr, &rendered)?,
            Destination::File(path) => write_atomically(path, &rendered, format.name())?,
        }
    }

    let worst = report::worst_new(&reports);
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failed = matches!((worst, threshold), (Some(worst), Some(threshold)) if worst >= threshold);
    Ok(Outcome { failed })
}

fn render(format: Format, reports: &[Report<'_, '_>], destination: &Destination) -> String {
    match format {
        Format::Json => report::json::render(reports),
        Format::Html => report::html::render(reports),
        Format::Sarif => report::sarif::render(reports),
        Format::Github | Format::Csv => String::new(),
        Format::Human => {
            let color = *destination == Destination::Stderr
                && std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
            let width = std::env::var("COLUMNS")
                .ok()
                .and_then(|columns| columns.parse().ok())
                .unwrap_or(100);
            human::render(reports, human::Style { color, width })
        }
    }
}

/// Writes through a temporary file in the same directory, renamed over the target at the end:
/// a failed or interrupted run never leaves a truncated report where a good one was.
fn write_atomically(path: &Path, contents: &str, format: &'static str) -> Result<(), Error> {
    let error = |source| Error::Write {
        format,
        path: path.to_path_buf(),
        source,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(directory).map_err(error)?;
    temporary.write_all(contents.as_bytes()).map_err(error)?;
    temporary.as_file().sync_all().map_err(error)?;
    temporary
        .persist(path)
        .map_err(|persist| error(persist.error))?;
    Ok(())
}
