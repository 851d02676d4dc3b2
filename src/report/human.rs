//! `--format human`: miette's graphical diagnostics, then a one-line summary.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Diagnostic, RelatedLocation, Report, Summary, total};
use crate::audit::Severity;

/// How to draw: colours (only on a terminal, and never with `NO_COLOR`) and line width.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// The decoded text under the path it came from, borrowed for the time of rendering.
struct NamedText<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// One diagnostic as miette sees it.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    help: Option<String>,
    source: NamedText<'a>,
    /// Spans clamped to the text, so that no input can make miette read out of bounds.
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
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
    let label = diagnostic.annotation.as_deref().unwrap_or("here");
    if diagnostic.known {
        format!("{label} (known: in the baseline)")
    } else {
        label.to_owned()
    }
}

/// Renders every diagnostic of every report, then the summary line.
pub fn render(reports: &[Report<'_, '_>], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .tab_width(4);
    let mut out = String::new();
    for report in reports {
        for diagnostic in &report.diagnostics {
            let source = report.text_of(diagnostic);
            let text = source.text.as_str();
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                Some(primary_label(diagnostic)),
                clamp(text, diagnostic.span.offset, diagnostic.span.length),
            )];
            // Evidence close by is drawn in the snippet; evidence far away is listed after the
            // help, so that a snippet never spans whole pages of the source.
            let (near, far): (Vec<_>, Vec<_>) = diagnostic
                .related
                .iter()
                .partition(|related| related.line.abs_diff(diagnostic.line) <= NEAR_LINES);
            labels.extend(near.iter().map(|related| {
                LabeledSpan::new_with_span(
                    Some(related.message.clone()),
                    clamp(text, related.span.offset, related.span.length),
                )
            }));
            let help = with_evidence(diagnostic.help.as_deref(), &far);
            let rendered = Rendered {
                diagnostic,
                help,
                source: NamedText {
                    name: &source.path,
                    text,
                },
                labels,
            };
            if handler.render_report(&mut out, &rendered).is_err() {
                // A rendering failure must not hide the finding itself.
                out.push_str(&format!(
                    "{}: {} [{}] at line {}\n",
                    diagnostic.severity, diagnostic.message, diagnostic.rule, diagnostic.line
                ));
            }
            out.push('\n');
        }
    }
    out.push_str(&summary_line(reports));
    out
}

/// "annex-audit: PATH: 22 regions, 481 rows; 5 errors, 9 warnings, 6 infos", with one such line
/// per file before the total when there are several.
pub fn summary_line(reports: &[Report<'_, '_>]) -> String {
    let mut out = String::new();
    if reports.len() > 1 {
        for report in reports {
            out.push_str(&format!(
                "  {}: {}\n",
                report.source.path,
                counts(&report.summary)
            ));
        }
    }
    let files = match reports {
        [single] => single.source.path.clone(),
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
