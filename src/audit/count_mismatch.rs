//! `count-mismatch`: a table header declares a number of rows that its table does not have.

use super::{Context, Finding, Rule, RuleDoc, Severity};

pub static RULE: Rule = Rule {
    id: "AA003",
    name: "count-mismatch",
    default_severity: Severity::Error,
    doc: RuleDoc {
        summary: "The count a table header declares (\"30 métiers\") differs from the number of \
                  rows listed under it.",
        why: "The declared count is the publication's own statement of how many occupations a \
              region opens. When it disagrees with the list, either rows were lost or added in \
              the copy, or the header is wrong: the legal content is uncertain until someone \
              checks the original.",
        example: "Limousin\n\nCODE ROME\t23 métiers\n14232\tTechnicien de la vente à distance\n\
                  … (20 rows in all)\n\n→ error: Limousin declares 23 métiers but lists 20 rows",
    },
    check,
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    for region in &context.document.regions {
        let (Some(declared), Some(header)) = (region.declared_count, region.header_span) else {
            continue;
        };
        let listed = region.rows.len();
        if declared == listed {
            continue;
        }
        let (difference, direction) = if declared > listed {
            (declared - listed, "missing")
        } else {
            (listed - declared, "more than declared")
        };
        let rows = if difference == 1 { "row" } else { "rows" };
        findings.push(
            Finding::new(
                &RULE,
                header,
                format!(
                    "{} declares {declared} métiers but lists {listed} rows ({difference} {rows} {direction})",
                    region.name
                ),
            )
            .region(&region.name)
            .annotate(format!("declares {declared}, lists {listed}"))
            .help(format!(
                "check the original publication: either the header should say {listed}, or \
                 {difference} {rows} {verb} {what}",
                verb = if difference == 1 { "was" } else { "were" },
                what = if declared > listed {
                    "lost from this table"
                } else {
                    "added to this table"
                }
            )),
        );
    }
}
