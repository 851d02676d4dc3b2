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
            // Rows are in line order, and none stands on a blank line: the rows around it are
            // found by bisection (a table with many blank lines is not read once per line).
            let next = region.rows.partition_point(|row| row.line() < line);
            let after = next.checked_sub(1).and_then(|index| region.rows.get(index));
            let before = region.rows[next..].iter().find(|row| row.line() > line);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    /// Every run of blank lines gets one finding naming the rows just above and below it,
    /// wherever it stands in the table.
    #[test]
    fn each_run_of_blank_lines_names_the_rows_around_it() {
        let text = "ANNEXE\n\nAlsace\n\nCODE ROME\t4 métiers\n14232\tGéomètre\n\n21111\tMaçon\n\n\n\
                    32321\tChef de chantier\n\n52133\tAgent de sécurité\n";
        let source = Source::decode("blanks.txt", text.as_bytes().to_vec());
        let document = crate::parse::parse(&source);
        let context = Context::new(&source, &document);
        let mut findings = Vec::new();
        check(&context, &mut findings);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        let between = |a: &str, b: &str| {
            format!("a blank line interrupts the table of Alsace between {a} and {b}")
        };
        assert_eq!(
            messages,
            vec![
                between("14232 (line 6)", "21111 (line 8)"),
                between("21111 (line 8)", "32321 (line 11)"),
                between("32321 (line 11)", "52133 (line 13)"),
            ]
        );
    }
}
