//! `missing-annex`: the input holds no region table at all.

use super::{Context, Finding, Rule, RuleDoc, Severity};
use crate::source::Span;

pub static RULE: Rule = Rule {
    id: "AA005",
    name: "missing-annex",
    default_severity: Severity::Error,
    doc: RuleDoc {
        summary: "The input holds no annex table: no region with a table header or a row.",
        why: "The list of occupations is the whole point of these publications. An empty file, \
              a copy that stops after the signatures, or a file of another kind gives no data; \
              a CI gate must not pass it as clean.",
        example: "ARRÊTÉ\n\nArrêté du 18 janvier 2008 relatif à …\n(end of file)\n\n→ error: no \
                  annex table found",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    let document = context.document;
    if !document.regions.is_empty() {
        return;
    }
    let source = context.source;
    let (span, message) = match &document.act.annex {
        Some(annex) if annex.line > 0 => (
            source.line_span(annex.line),
            "the annex has no table: no region heading followed by a table header or rows",
        ),
        _ if source.text().trim().is_empty() => (Span::new(0, 0), "the input is empty"),
        _ => (
            Span::new(0, 0),
            "no annex table found: no region heading followed by a table header or rows",
        ),
    };
    findings.push(
        Finding::new(&RULE, span, message)
            .annotate("expected the annex's tables")
            .help(
                "check that this is the whole publication; a table is a region heading, a \
                 header such as `CODE ROME<TAB>30 métiers`, then one `code<TAB>label` row per line",
            ),
    );
}
