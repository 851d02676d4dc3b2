//! `--format human`: miette's graphical diagnostics, then a one-line summary.

use std::borrow::Cow;
use std::fmt;
use std::io::Write as _;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Diagnostic, RelatedLocation, Report, Summary, total};
use crate::audit::Severity;
use crate::source::Source;

/// How to draw: colours (only on a terminal, and never with `NO_COLOR`) and line width.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// The decoded text under the path it came from, borrowed for the time of rendering, with the
/// characters a terminal must not receive made visible ([`inert`]).
struct NamedText<'a> {
    source: &'a Source,
    text: &'a str,
}

impl SourceCode for NamedText<'_> {
    /// miette finds a span's lines by scanning the text from its start, which over thousands of
    /// findings in a large file is quadratic: it is handed only the lines around the span (one
    /// more after, as it reads up to the next line's start), and line numbers are shifted back.
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let source = self.source;
        let last_byte = (span.offset() + span.len()).saturating_sub(1);
        let first = source
            .line_of(span.offset())
            .saturating_sub(context_lines_before)
            .max(1);
        let after = source.line_of(last_byte.max(span.offset())) + context_lines_after + 1;
        let start = source.line_span(first).offset().min(span.offset());
        let end = if after < source.line_count() {
            source.line_span(after + 1).offset()
        } else {
            self.text.len()
        };
        let window = self.text.get(start..end).ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - start).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let lines_before = first - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            inert(&source.path).into_owned(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + start).into(), inner.span().len()),
            inner.line() + lines_before,
            inner.column(),
            inner.line_count() + lines_before,
        )))
    }
}

/// Whether a terminal must not receive this character from the input as it is: a control
/// character (an escape sequence recolours, retitles or clears the terminal; a lone carriage
/// return overwrites the line) or an invisible format character that hides or reorders text
/// (zero-width spaces and joiners, bidirectional marks, embeddings, overrides and isolates).
fn unsafe_for_terminal(c: char, next: Option<char>) -> bool {
    match c {
        '\t' | '\n' => false,
        '\r' => next != Some('\n'),
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}' => true,
        c => c.is_control(),
    }
}

/// The text with each such character replaced by as many bytes of a visible one (`�` for three
/// bytes, a `?` for each byte otherwise): the same length, so that spans fall on the same
/// characters.
fn inert(text: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if !unsafe_for_terminal(c, chars.peek().map(|&(_, next)| next)) {
            if let Some(out) = &mut out {
                out.push(c);
            }
            continue;
        }
        let out = out.get_or_insert_with(|| {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..index]);
            out
        });
        match c.len_utf8() {
            3 => out.push('\u{fffd}'),
            length => out.extend(std::iter::repeat_n('?', length)),
        }
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// One diagnostic as miette sees it.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    message: Cow<'a, str>,
    help: Option<String>,
    source: NamedText<'a>,
    /// Spans clamped to the text, so that no input can make miette read out of bounds.
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl MietteDiagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// Related locations within this many lines of the finding are drawn in its snippet.
const NEAR_LINES: usize = 3;

fn with_evidence(help: Option<&str>, far: &[&RelatedLocation]) -> Option<String> {
    if far.is_empty() {
        return help.map(str::to_owned);
    }
    let evidence: Vec<String> = far
        .iter()
        .map(|related| format!("line {}: {}", related.line, related.message))
        .collect();
    let evidence = format!("see {}", evidence.join("; "));
    Some(match help {
        Some(help) => format!("{help}\n{evidence}"),
        None => evidence,
    })
}

fn clamp(text: &str, offset: usize, length: usize) -> SourceSpan {
    let mut start = offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (offset + length).min(text.len()).max(start);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (start, end - start).into()
}

fn primary_label(diagnostic: &Diagnostic) -> String {
    let label = inert(diagnostic.annotation.as_deref().unwrap_or("here")).into_owned();
    if diagnostic.known {
        format!("{label} (known: in the baseline)")
    } else {
        label
    }
}

/// Renders every diagnostic of every report, then the summary line.
pub fn render(reports: &[Report<'_, '_>], style: Style) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(reports, style, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`render`], streamed to `out` one finding at a time: thousands of findings are never held in
/// memory as one text.
pub fn write(
    reports: &[Report<'_, '_>],
    style: Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .tab_width(4);
    let mut piece = String::new();
    for report in reports {
        // Made inert once per text, not once per finding.
        let texts: Vec<(&Source, Cow<'_, str>)> = std::iter::once(report.text)
            .chain(report.side_sources.iter().copied())
            .map(|source| (source, inert(source.text())))
            .collect();
        for diagnostic in &report.diagnostics {
            let source = report.text_of(diagnostic);
            let text = source.text();
            let inert_text = texts
                .iter()
                .find(|(text_source, _)| std::ptr::eq(*text_source, source))
                .map_or(text, |(_, inert_text)| inert_text.as_ref());
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                Some(primary_label(diagnostic)),
                clamp(text, diagnostic.span.offset(), diagnostic.span.length()),
            )];
            // Evidence close by is drawn in the snippet; evidence far away is listed after the
            // help, so that a snippet never spans whole pages of the source.
            let (near, far): (Vec<_>, Vec<_>) = diagnostic
                .related
                .iter()
                .partition(|related| related.line.abs_diff(diagnostic.line) <= NEAR_LINES);
            labels.extend(near.iter().map(|related| {
                LabeledSpan::new_with_span(
                    Some(inert(&related.message).into_owned()),
                    clamp(text, related.span.offset(), related.span.length()),
                )
            }));
            let help = with_evidence(diagnostic.help.as_deref(), &far)
                .map(|help| inert(&help).into_owned());
            let rendered = Rendered {
                diagnostic,
                message: inert(&diagnostic.message),
                help,
                source: NamedText {
                    source,
                    text: inert_text,
                },
                labels,
            };
            piece.clear();
            if handler.render_report(&mut piece, &rendered).is_err() {
                // A rendering failure must not hide the finding itself.
                piece = format!(
                    "{}: {} [{}] at line {}\n",
                    diagnostic.severity, rendered.message, diagnostic.rule, diagnostic.line
                );
            }
            piece.push('\n');
            out.write_all(piece.as_bytes())?;
        }
    }
    out.write_all(summary_line(reports).as_bytes())?;
    out.flush()
}

/// "annex-audit: PATH: 22 regions, 481 rows; 5 errors, 9 warnings, 6 infos", with one such line
/// per file before the total when there are several.
pub fn summary_line(reports: &[Report<'_, '_>]) -> String {
    let mut out = String::new();
    if reports.len() > 1 {
        for report in reports {
            out.push_str(&format!(
                "  {}: {}\n",
                inert(&report.source.path),
                counts(&report.summary)
            ));
        }
    }
    let files = match reports {
        [single] => inert(&single.source.path).into_owned(),
        many => format!("{} files", many.len()),
    };
    out.push_str(&format!(
        "annex-audit: {files}: {}\n",
        counts(&total(reports))
    ));
    out
}

fn counts(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{}, {}; {}, {}, {}",
        plural(summary.regions, "region"),
        plural(summary.rows, "row"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
    );
    if summary.known > 0 {
        line.push_str(&format!(" ({} known to the baseline)", summary.known));
    }
    if summary.ignored > 0 {
        line.push_str(&format!("; {} ignored", summary.ignored));
    }
    line
}
