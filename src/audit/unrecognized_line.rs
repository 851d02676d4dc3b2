//! `unrecognized-line`: a line the grammar cannot place anywhere in the document.

use super::{Context, Finding, Rule, RuleDoc, Severity};

pub static RULE: Rule = Rule {
    id: "AA001",
    name: "unrecognized-line",
    default_severity: Severity::Error,
    doc: RuleDoc {
        summary: "A line that is not part of the act's structure and not a region heading, table \
                  header, row or footnote of its annex.",
        why: "Nothing in the source may be lost silently: a line the reader cannot place may be \
              a row whose code was lost, a region heading glued to something else, or stray text \
              from a copy. Its content is absent from the structured data until someone looks.",
        example: "CODE ROME\t2 métiers\n14232\tTechnicien de la vente à distance\nInformaticien \
                  expert\n\n→ error: line not recognised: a line inside a table that is neither a \
                  row (code and label) nor a table header",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    for unplaced in &context.document.unplaced {
        let mut finding = Finding::new(
            &RULE,
            unplaced.span,
            format!("line not recognised: {}", unplaced.reason),
        )
        .annotate("this line")
        .subject(context.source.slice(unplaced.span).trim())
        .help(
            "if this line is data, give it the shape of its neighbours (a code, a tab, a label); \
             otherwise remove it from the list",
        );
        if let Some(region) = &unplaced.region {
            finding = finding.region(region);
        }
        findings.push(finding);
    }
}
