//! `encoding`: the input is not valid UTF-8 and was decoded as Windows-1252.

use super::{Context, Finding, Rule, RuleDoc, Severity};
use crate::source::Encoding;

pub static RULE: Rule = Rule {
    id: "AA004",
    name: "encoding",
    default_severity: Severity::Warning,
    doc: RuleDoc {
        summary: "The input is not valid UTF-8: it (or some of its lines) was decoded as \
                  Windows-1252.",
        why: "Accented letters are the first casualties of a wrong encoding. The decoding is \
              most likely right, since Windows-1252 is what French office software saves, but \
              the file should be stored as UTF-8 so that every tool reads the same text.",
        example: "Franche-Comt\\xE9 (byte E9 alone)\n\n→ warning: not valid UTF-8: decoded as \
                  Windows-1252",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    let source = context.source;
    let Some(&first) = source.windows_1252_lines.first() else {
        return;
    };
    let count = source.windows_1252_lines.len();
    let (message, help) = match source.encoding {
        Encoding::Utf8WithWindows1252 => (
            format!(
                "mixed encodings: {count} line(s) are not valid UTF-8 and were decoded as \
                 Windows-1252, the rest is UTF-8"
            ),
            "re-save the pasted lines as UTF-8",
        ),
        _ => (
            format!(
                "not valid UTF-8: decoded as Windows-1252 ({count} line(s) with non-UTF-8 bytes)"
            ),
            "save the file as UTF-8",
        ),
    };
    findings.push(
        Finding::new(&RULE, source.line_span(first), message)
            .annotate("first line decoded as Windows-1252")
            .help(help),
    );
}
