//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request's files.

use super::Report;
use crate::audit::Severity;

/// Escapes a command's message: `%`, CR and LF, as the runner unescapes them.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: the message's escapes, plus `:` and `,` which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[Report<'_, '_>]) -> String {
    let mut out = String::new();
    for report in reports {
        for diagnostic in &report.diagnostics {
            let source = report.text_of(diagnostic);
            // Findings a baseline already records are shown, but only as notices.
            let command = match (diagnostic.known, diagnostic.severity) {
                (true, _) | (false, Severity::Info) => "notice",
                (false, Severity::Warning) => "warning",
                (false, Severity::Error) => "error",
            };
            let line = source.line_of(diagnostic.span.offset());
            let column = source.column_of(diagnostic.span.offset());
            let end_column = source.column_of(diagnostic.span.end()).max(column);
            let mut title = format!("{} ({})", diagnostic.rule, diagnostic.rule_id);
            if diagnostic.known {
                title.push_str(", known");
            }
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            out.push_str(&format!(
                "::{command} file={},line={line},endLine={line},col={column},endColumn={end_column},title={}::{}\n",
                escape_property(&source.path),
                escape_property(&title),
                escape_data(&message),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
