//! `blank-line-in-table`: a blank line between two rows of a table.

use super::{Context, Finding, Rule, RuleDoc, Severity};

pub static RULE: Rule = Rule {
    id: "AA010",
    name: "blank-line-in-table",
    default_severity: Severity::Info,
    doc: RuleDoc {
        summary: "A blank line that interrupts a table: rows follow it under the same header.",
        why: "The table goes on after the blank line, and annex-audit reads it so; but a blank \
              line is where a reader, or a simpler parser, sees the end of a table, and it often \
              marks a row that was deleted by hand.",
        example: "52313\tInstallateur-maintenicien …\n\n61221\tDessinateur du BTP\n\n→ info: a blank \
                  line interrupts the table of Champagne-Ardennes",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    let source = context.source;
    for region in &context.document.regions {
        let mut previous_line = 0;
        for span in &region.blank_lines {
            let line = source.line_of(span.offset());
            // One finding per run of blank lines.
            if line == previous_line + 1 {
                previous_line = line;
                continue;
            }
            previous_line = line;
            let after = region.rows.iter().rev().find(|row| row.line() < line);
            let before = region.rows.iter().find(|row| row.line() > line);
            let between = match (after, before) {
                (Some(a), Some(b)) => format!(
                    " between {} (line {}) and {} (line {})",
                    a.code, a.line, b.code, b.line
                ),
                _ => String::new(),
            };
            findings.push(
                Finding::new(
                    &RULE,
                    *span,
                    format!(
                        "a blank line interrupts the table of {}{between}",
                        region.name
                    ),
                )
                .region(&region.name)
                .annotate("blank line inside the table")
                .subject(after.map(|row| row.code.to_string()).unwrap_or_default())
                .help("remove the blank line, or restore the row that stood there"),
            );
        }
    }
}
