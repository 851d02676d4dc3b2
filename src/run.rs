//! One run of the command line: read the inputs, audit them, write every requested report.
//!
//! Standard streams are passed in, so that a run can be tested in-process.

use std::io::{IsTerminal, Read, Write};

use clap::CommandFactory;
use std::path::{Path, PathBuf};

use crate::audit::{self, Finding, Level, Levels, Severity, unused_ignore};
use crate::batch;
use crate::cli::{CheckArgs, Cli, Command, DiffArgs, DiffFormat, FailOn, Format};
use crate::error::Error;
use crate::gate::baseline;
use crate::gate::config::{self, Config};
use crate::gate::ignore::{self, IgnoreList};
use crate::parse;
use crate::report::{self, Report, human};
use crate::source::{MAX_TEXT_BYTES, Source};

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
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "annex-audit", &mut script);
            write_stream(stdout, &String::from_utf8_lossy(&script))?;
            Ok(Outcome { failed: false })
        }
        Some(Command::Diff(args)) => diff(args, stdin, stdout),
        None => check(cli.check, stdin, stdout, stderr),
    }
}

/// `annex-audit diff OLD NEW`: parses both, compares them, writes the comparison in one format.
fn diff(args: DiffArgs, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    if args.old == "-" && args.new == "-" {
        return Err(Error::Usage(
            "standard input (`-`) can only be read once".to_owned(),
        ));
    }
    let old = crate::batch::decode(&args.old, read_input(&args.old, stdin)?)?;
    let new = crate::batch::decode(&args.new, read_input(&args.new, stdin)?)?;
    let compared = crate::diff::compare(&parse::parse(&old), &parse::parse(&new));
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(DiffFormat::from_extension))
        .unwrap_or(DiffFormat::Human);
    let rendered = match format {
        DiffFormat::Human => crate::diff::human::render(&compared, &old, &new),
        DiffFormat::Json => crate::diff::json::render(&compared, &old, &new),
        DiffFormat::Html => crate::diff::html::render(&compared, &old, &new),
    };
    match &args.output {
        Some(path) if path.as_os_str() != "-" => write_atomically(path, &rendered, format.name())?,
        _ => write_stream(stdout, &rendered)?,
    }
    Ok(Outcome {
        failed: args.fail_on_change && compared.differs(),
    })
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
    write_stream_with(stream, |out| out.write_all(text.as_bytes()))
}

/// Writes to a standard stream with `write`.
fn write_stream_with(
    stream: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    match write(&mut *stream).and_then(|()| stream.flush()) {
        // A reader that stops early (`| head`) is not an error of ours.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result.map_err(|source| Error::Write {
            format: "text",
            path: PathBuf::from("<standard stream>"),
            source,
        }),
    }
}

/// Each requested report with its destination; an --output without a --format takes the format
/// its extension names.
fn destinations(args: &CheckArgs) -> Result<Vec<(Format, Destination)>, Error> {
    let mut pairs = Vec::new();
    for (format, output) in &args.requested {
        let format = match (format, output) {
            (Some(format), _) => *format,
            (None, Some(path)) => Format::from_extension(path).ok_or_else(|| {
                Error::Usage(format!(
                    "no --format for the output `{}`, and its extension names none",
                    path.display()
                ))
            })?,
            (None, None) => continue,
        };
        let destination = match output {
            Some(path) if path.as_os_str() == "-" => Destination::Stdout,
            Some(path) => Destination::File(path.clone()),
            None if format == Format::Human => Destination::Stderr,
            None => Destination::Stdout,
        };
        pairs.push((format, destination));
    }
    if pairs.is_empty() {
        pairs.push((Format::Human, Destination::Stderr));
    }
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

pub(crate) fn read_input(path: &str, stdin: &mut dyn Read) -> Result<Vec<u8>, Error> {
    if path == "-" {
        return read_at_most(stdin, Vec::new(), MAX_TEXT_BYTES)
            .map_err(|error| Error::from_read(PathBuf::from("-"), error))?
            .ok_or(Error::StreamTooLarge {
                path: PathBuf::from("-"),
            });
    }
    let path_buf = PathBuf::from(path);
    if path_buf.is_dir() {
        return Err(Error::IsDirectory { path: path_buf });
    }
    let mut file = std::fs::File::open(&path_buf)
        .map_err(|error| Error::from_read(path_buf.clone(), error))?;
    // A file too large for the spans is refused from its size, before its bytes fill the
    // memory only to be refused after reading.
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if let Some(size) = size
        && size > MAX_TEXT_BYTES as u64
    {
        return Err(Error::TooLarge {
            path: path_buf,
            size: usize::try_from(size).unwrap_or(usize::MAX),
        });
    }
    // Sized as `std::fs::read` sizes it: read in place, without regrowing.
    let buffer = Vec::with_capacity(size.map_or(0, |size| size as usize));
    read_at_most(&mut file, buffer, MAX_TEXT_BYTES)
        .map_err(|error| Error::from_read(path_buf.clone(), error))?
        .ok_or(Error::StreamTooLarge { path: path_buf })
}

/// Reads `reader` to its end into `buffer`, or stops once it goes past `limit` bytes (`None`):
/// a pipe or a device (`/dev/zero`) has no size to check first, and would fill the memory.
fn read_at_most(
    reader: &mut dyn Read,
    mut buffer: Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    reader
        .take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut buffer)?;
    Ok((buffer.len() <= limit).then_some(buffer))
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
    let config = load_config(&args)?;
    let levels = levels(&config, &args)?;
    let ignore_path = args.ignore_file.clone().or(config.ignore_file.clone());
    let ignore = ignore_path.as_deref().map(ignore::load).transpose()?;
    let baseline_path = args.baseline.clone().or(config.baseline.clone());
    let baseline = baseline_path.as_deref().map(baseline::load).transpose()?;

    let inputs = batch::expand(&args.paths, &args.glob)?;
    let progress = batch::Progress::new(inputs.len());
    let sources = batch::read_all(&inputs, stdin, &progress)?;
    // Parsing and the audit run in parallel across files; results keep the inputs' order.
    let analysed: Vec<(crate::model::Document<'_>, Vec<Finding>)> =
        batch::map_in_parallel(&sources, |source| {
            let document = parse::parse(source);
            let findings = audit::audit(source, &document, &levels);
            progress.file_done();
            (document, findings)
        });
    progress.finish();
    let (documents, findings): (Vec<_>, Vec<_>) = analysed.into_iter().unzip();
    let mut reports: Vec<Report<'_, '_>> = sources
        .iter()
        .zip(&documents)
        .zip(&findings)
        .map(|((source, document), findings)| Report::new(source, document, findings))
        .collect();

    let ignore_source = match (&ignore, &ignore_path) {
        (Some((_, text)), Some(path)) => Some(Source::decode(
            path.display().to_string(),
            text.clone().into_bytes(),
        )),
        _ => None,
    };
    if let (Some((list, _)), Some(ignore_source)) = (&ignore, &ignore_source) {
        apply_ignore(&mut reports, list, ignore_source, &levels);
    }
    if let Some(path) = &args.write_baseline {
        write_atomically(path, &baseline::render(&reports), "baseline")?;
    }
    if let Some(baseline) = &baseline {
        for report in &mut reports {
            let path = report.source.path.clone();
            for diagnostic in &mut report.diagnostics {
                diagnostic.known = baseline.knows(&path, &diagnostic.fingerprint);
            }
            let ignored = report.summary.ignored;
            report.recount(ignored);
        }
    }

    for (format, destination) in &destinations {
        let write = |out: &mut dyn Write| match format {
            // Streamed: the JSON report holds every row, as large as the input or more.
            Format::Json => report::json::write(&reports, out),
            // Streamed too: one finding at a time.
            Format::Human => human::write(&reports, human_style(destination), out),
            _ => out.write_all(render(*format, &reports, destination).as_bytes()),
        };
        match destination {
            Destination::Stdout => write_stream_with(stdout, write)?,
            Destination::Stderr => write_stream_with(stderr, write)?,
            Destination::File(path) => write_atomically_with(path, format.name(), write)?,
        }
    }
    if args.statistics {
        write_stream(stderr, &statistics(&reports))?;
    }

    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Error);
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let worst = report::worst_new(&reports);
    let failed = matches!((worst, threshold), (Some(worst), Some(threshold)) if worst >= threshold);
    Ok(Outcome { failed })
}

fn load_config(args: &CheckArgs) -> Result<Config, Error> {
    if args.no_config {
        return Ok(Config::default());
    }
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|directory| config::discover(&directory)),
    };
    path.map_or_else(|| Ok(Config::default()), |path| config::load(&path))
}

/// The config's levels, then the command line's: `--allow`, `--warn`, `--deny`, the last winning.
fn levels(config: &Config, args: &CheckArgs) -> Result<Levels, Error> {
    let mut levels = config.levels.clone();
    for (names, level) in [
        (&args.allow, Level::Off),
        (&args.warn, Level::Warning),
        (&args.deny, Level::Error),
    ] {
        for name in names {
            let rule = audit::find_rule(name).ok_or_else(|| Error::UnknownRule(name.clone()))?;
            levels.set(rule, level);
        }
    }
    Ok(levels)
}

/// Leaves out the findings the ignore file covers, and reports its entries that cover none.
fn apply_ignore<'a>(
    reports: &mut [Report<'a, '_>],
    list: &IgnoreList,
    ignore_source: &'a Source,
    levels: &Levels,
) {
    let mut used = vec![false; list.entries.len()];
    for report in reports.iter_mut() {
        let before = report.diagnostics.len();
        report.diagnostics.retain(|diagnostic| {
            let covering = list
                .entries
                .iter()
                .position(|(entry, _)| entry.matches(diagnostic));
            if let Some(index) = covering {
                used[index] = true;
            }
            covering.is_none()
        });
        let ignored = before - report.diagnostics.len();
        report.recount(ignored);
    }
    let Some(severity) = levels.severity_of(&unused_ignore::RULE) else {
        return;
    };
    let Some(first) = reports.first_mut() else {
        return;
    };
    for ((entry, span), _) in list.entries.iter().zip(&used).filter(|(_, used)| !**used) {
        let mut finding = Finding::new(
            &unused_ignore::RULE,
            crate::source::Span::new(span.start, span.end - span.start),
            format!("ignore entry for {} matches no finding", entry.rule),
        )
        .annotate("matches nothing")
        .help("remove the entry, or update it to the finding it was meant for");
        finding.severity = severity;
        finding.subject = Some(ignore_source.slice(finding.span).to_owned());
        let fingerprint = finding.content_key();
        let mut diagnostic = report::diagnostic(ignore_source, &finding, fingerprint);
        diagnostic.file = Some(ignore_source.path.clone());
        first.diagnostics.push(diagnostic);
    }
    first.side_sources.push(ignore_source);
    let ignored = first.summary.ignored;
    first.recount(ignored);
}

/// Counts per rule, most frequent first.
fn statistics(reports: &[Report<'_, '_>]) -> String {
    let mut counts: Vec<(&str, &str, Severity, usize)> = Vec::new();
    for diagnostic in reports.iter().flat_map(|report| &report.diagnostics) {
        match counts.iter_mut().find(|(rule, _, severity, _)| {
            *rule == diagnostic.rule && *severity == diagnostic.severity
        }) {
            Some(entry) => entry.3 += 1,
            None => counts.push((diagnostic.rule, diagnostic.rule_id, diagnostic.severity, 1)),
        }
    }
    counts.sort_by(|a, b| b.3.cmp(&a.3).then(a.1.cmp(b.1)));
    let mut out = String::new();
    for (rule, id, severity, count) in counts {
        out.push_str(&format!("{count:>6}  {id}  {rule:<22} {severity}\n"));
    }
    out
}

fn render(format: Format, reports: &[Report<'_, '_>], destination: &Destination) -> String {
    match format {
        Format::Json => report::json::render(reports),
        Format::Html => report::html::render(reports),
        Format::Sarif => report::sarif::render(reports),
        Format::Github => report::github::render(reports),
        Format::Csv => report::csv::render(reports),
        Format::Human => human::render(reports, human_style(destination)),
    }
}

/// Colour on a terminal's standard error unless NO_COLOR is set; the terminal's width.
fn human_style(destination: &Destination) -> human::Style {
    let color = *destination == Destination::Stderr
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .unwrap_or(100);
    human::Style { color, width }
}

/// The mode a report is written with: that of the file it replaces, else 0644 on Unix (the
/// temporary file it is written through is private, 0600).
fn report_permissions(path: &Path) -> Option<std::fs::Permissions> {
    if let Ok(existing) = std::fs::metadata(path) {
        return Some(existing.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    None
}

/// Writes through a temporary file in the same directory, renamed over the target at the end:
/// a failed or interrupted run never leaves a truncated report where a good one was.
fn write_atomically(path: &Path, contents: &str, format: &'static str) -> Result<(), Error> {
    write_atomically_with(path, format, |out| out.write_all(contents.as_bytes()))
}

/// [`write_atomically`] with what `write` writes.
fn write_atomically_with(
    path: &Path,
    format: &'static str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
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
    write(temporary.as_file_mut()).map_err(error)?;
    if let Some(permissions) = report_permissions(path) {
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(error)?;
    }
    temporary.as_file().sync_all().map_err(error)?;
    temporary
        .persist(path)
        .map_err(|persist| error(persist.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_stops_past_its_limit() {
        let read = |bytes: &[u8], limit| read_at_most(&mut &bytes[..], Vec::new(), limit).unwrap();
        assert_eq!(read(b"0123456789", 10), Some(b"0123456789".to_vec()));
        assert_eq!(read(b"0123456789", 9), None);
        assert_eq!(read(b"", 0), Some(Vec::new()));
        // A stream that never ends is refused after `limit + 1` bytes instead of read forever.
        let mut endless = std::io::repeat(b'x');
        assert_eq!(
            read_at_most(&mut endless, Vec::new(), 1 << 16).unwrap(),
            None
        );
    }
}
