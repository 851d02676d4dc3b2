//! `truncated-input`: the text stops in the middle of an entry.

use super::{Context, Finding, Rule, RuleDoc, Severity};

pub static RULE: Rule = Rule {
    id: "AA015",
    name: "truncated-input",
    default_severity: Severity::Error,
    doc: RuleDoc {
        summary: "The text stops in the middle of an entry: its last line is a code without its \
                  label, a label that ends on a word that cannot end it (\"de\", \"et\", a comma), \
                  an open parenthesis, or a paragraph entry without the period all others have.",
        why: "A copy cut short (a download interrupted, a paste that stopped, a page limit) loses \
              the rest of the list without a trace; the last entry is kept as printed, but the \
              rows after it are missing and the counts cannot be trusted.",
        example: "…\n61231\tChef de chantier du BTP\n61232\tConducteur de travaux du\n(end of file)\n\n\
                  → error: the text stops in the middle of an entry: the last line stops on a word \
                  that cannot end it",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    let Some(truncation) = &context.document.truncation else {
        return;
    };
    let text = context.source.slice(truncation.span).trim();
    findings.push(
        Finding::new(
            &RULE,
            truncation.span,
            format!(
                "the text stops in the middle of an entry: {}",
                truncation.reason
            ),
        )
        .annotate("the text ends here")
        .subject(text)
        .help("get the whole publication again; the rows after this one are missing"),
    );
}
