//! `duplicate-row`: the same code twice in one region.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::labels::normal_form;
use super::{Context, Finding, Rule, RuleDoc, Severity, reset_for};

pub static RULE: Rule = Rule {
    id: "AA008",
    name: "duplicate-row",
    default_severity: Severity::Error,
    doc: RuleDoc {
        summary: "The same code listed twice in one region (in a list without codes, the same \
                  label twice once normalised).",
        why: "A region opens an occupation once; a second row inflates its count and, when the \
              labels differ, hides which one was meant.",
        example: "Bretagne\n\nCODE ROME\t3 métiers\n14232\tTechnicien de la vente à distance\n\
                  61222\tGéomètre\n14232\tTechnicien de la vente à distance\n\n→ error: 14232 is \
                  listed twice in Bretagne (first at line 4)",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    let mut first_seen: FxHashMap<Cow<'_, str>, usize> = FxHashMap::default();
    for region in &context.document.regions {
        // Most tables print each code once (nearly all of them in ascending order), as the
        // parser settled while it read them: nothing to look for.
        if region.codes_distinct {
            continue;
        }
        reset_for(&mut first_seen, region.rows.len());
        for (index, row) in region.rows.iter().enumerate() {
            let key = if row.code.is_empty() {
                Cow::Owned(normal_form(&row.label))
            } else {
                Cow::Borrowed(row.code)
            };
            let Some(&first_index) = first_seen.get(&key) else {
                first_seen.insert(key, index);
                continue;
            };
            let first = &region.rows[first_index];
            let how = if normal_form(&first.label) == normal_form(&row.label) {
                "with the same label".to_owned()
            } else {
                format!(
                    "with another label (`{}` at line {})",
                    first.label, first.line
                )
            };
            let what = if row.code.is_empty() {
                format!("`{}`", row.label)
            } else {
                row.code.to_string()
            };
            findings.push(
                Finding::new(
                    &RULE,
                    row.span(context.source),
                    format!(
                        "{what} is listed twice in {} (first at line {}), {how}",
                        region.name, first.line
                    ),
                )
                .region(&region.name)
                .row(row.code, &row.label)
                .annotate("listed again here")
                .help("remove one of the two rows, then check the table's declared count")
                .related(first.span(context.source), "first listed here"),
            );
        }
    }
}
