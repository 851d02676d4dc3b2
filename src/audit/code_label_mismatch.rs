//! `code-label-mismatch`: a row prints one code with the label the document gives another code.

use rustc_hash::FxHashMap;

use super::consensus::{MAX_EVIDENCE, RowRef};
use super::{Context, Finding, Rule, RuleDoc, Severity};

pub static RULE: Rule = Rule {
    id: "AA006",
    name: "code-label-mismatch",
    default_severity: Severity::Error,
    doc: RuleDoc {
        summary: "A row whose label is, by agreement across the document, the label of another \
                  code: the code was most likely mistyped.",
        why: "The code is what data users join on. A row that prints 52213 where every other \
              region prints 52313 with the same label opens a different occupation, or one that \
              does not exist, in that region. The evidence weighed: how many rows give the label \
              to the other code, whether the printed code appears anywhere else with that label, \
              how close the two codes are (one digit, two swapped digits), and whether the other \
              code fits the table's ascending order at that row. A label that more than eight \
              codes print on two rows or more is shared, no evidence against a row.",
        example: "Ile de France\n…\n52243\tTechnicien des industries de l'ameublement et du bois\n\
                  52213\tInstallateur-maintenicien en ascenseurs (et autres systèmes automatiques)\n\
                  52314\tInspecteur de mise en conformité\n\n→ error: code 52213 is printed with \
                  the label of 52313; help: the code is probably 52313: 13 rows in other regions \
                  print 52313 with this label; 52213 appears nowhere else; the codes differ by one \
                  digit; 52313 fits the table's order here and 52213 does not",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    let consensus = context.consensus();
    let mut mismatches: Vec<(&RowRef, _)> = consensus.mismatches.iter().collect();
    mismatches.sort_by_key(|(at, _)| **at);
    // The line each code is first listed at, in the region of the mismatches at hand (sorted,
    // they come region by region): built once per region, not searched once per mismatch.
    let mut first_lines: Option<(usize, FxHashMap<&str, u32>)> = None;
    for (&at, mismatch) in mismatches {
        let (region, row) = context.row(at);
        let first_line_of_code = match &mut first_lines {
            Some((held, lines)) if *held == at.region() => lines,
            _ => {
                let mut lines = FxHashMap::default();
                for other in &region.rows {
                    lines.entry(other.code).or_insert(other.line);
                }
                &mut first_lines.insert((at.region(), lines)).1
            }
        };
        let likely = mismatch.likely_code;
        let mut reasons = vec![format!(
            "{} row{} in other regions print{} {likely} with this label",
            mismatch.support,
            if mismatch.support == 1 { "" } else { "s" },
            if mismatch.support == 1 { "s" } else { "" },
        )];
        reasons.push(match mismatch.printed_code_elsewhere {
            0 => format!("{} appears nowhere else in the document", row.code),
            n => format!(
                "{} is printed {n} other time{} with another label",
                row.code,
                if n == 1 { "" } else { "s" }
            ),
        });
        if mismatch.code_distance == Some(1) {
            reasons.push("the two codes differ by one digit".to_owned());
        }
        if mismatch.order_favours_likely {
            reasons.push(format!(
                "{likely} fits the table's ascending order here and {} does not",
                row.code
            ));
        }
        let already_listed = first_line_of_code.get(likely);
        let correction = match already_listed {
            Some(line) => format!(
                "; {} already lists {likely} at line {line}, so check whether this row is a \
                 duplicate",
                region.name
            ),
            None => format!(
                "; write {likely}, or give {} its own label if it is really meant",
                row.code
            ),
        };
        let mut finding = Finding::new(
            &RULE,
            row.code_span(context.source),
            format!("code {} is printed with the label of {likely}", row.code),
        )
        .region(&region.name)
        .row(row.code, &row.label)
        .annotate(format!("probably {likely}"))
        .help(format!(
            "the code is probably {likely}: {}{correction}",
            reasons.join("; ")
        ));
        for &evidence in mismatch.supporting.iter().take(MAX_EVIDENCE) {
            let (other_region, other_row) = context.row(evidence);
            finding = finding.related(
                other_row.code_span(context.source),
                format!("{likely} with the same label in {}", other_region.name),
            );
        }
        findings.push(finding);
    }
}
