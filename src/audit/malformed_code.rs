//! `malformed-code`: a row's code is not a well-formed code of its table's scheme.

use super::{Context, Finding, Rule, RuleDoc, Severity};
use crate::model::CodeScheme;

pub static RULE: Rule = Rule {
    id: "AA002",
    name: "malformed-code",
    default_severity: Severity::Error,
    doc: RuleDoc {
        summary: "A row's code is not a well-formed code of its table's scheme: four or six \
                  digits in a ROME v2 table, a letter O for a zero, a space inside the code.",
        why: "A code that does not exist in the nomenclature cannot be matched with job offers, \
              statistics or other lists; the row is kept with its raw text, but any tool that \
              joins on the code will drop or mismatch it.",
        example: "52O13\tInstallateur-maintenicien en ascenseurs\n\n→ error: `52O13` is not a \
                  well-formed ROME v2 code; help: did you mean 52013?",
    },
    check: Some(check),
};

/// The code with the usual typing and OCR slips undone: spaces removed, O for 0, l and I for 1.
fn repaired(code: &str, scheme: CodeScheme) -> Option<String> {
    let candidate: String = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .enumerate()
        .map(|(index, c)| {
            // Letters only stand for digits where the scheme expects a digit.
            let expects_letter = match scheme {
                CodeScheme::RomeV3 => index == 0,
                CodeScheme::Fap2009 => index == 0 || index == 2,
                _ => false,
            };
            match c {
                'O' | 'o' if !expects_letter => '0',
                'l' | 'I' if !expects_letter => '1',
                c => c,
            }
        })
        .collect();
    (candidate != code && scheme.accepts(&candidate)).then_some(candidate)
}

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    for region in context
        .document
        .regions
        .iter()
        .filter(|r| r.malformed_rows > 0)
    {
        for row in region.rows.iter().filter(|row| row.malformed) {
            let help = match repaired(row.code, region.scheme) {
                Some(fixed) => format!("did you mean {fixed}?"),
                None => format!("a {} is expected here", region.scheme.describe()),
            };
            findings.push(
                Finding::new(
                    &RULE,
                    row.code_span(context.source),
                    format!(
                        "`{}` is not a well-formed {}",
                        row.code,
                        region.scheme.describe()
                    ),
                )
                .region(&region.name)
                .row(row.code, &row.label)
                .annotate("not a well-formed code")
                .help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_typing_slips() {
        assert_eq!(
            repaired("52O13", CodeScheme::RomeV2).as_deref(),
            Some("52013")
        );
        assert_eq!(
            repaired("522 13", CodeScheme::RomeV2).as_deref(),
            Some("52213")
        );
        assert_eq!(repaired("1423", CodeScheme::RomeV2), None);
        assert_eq!(
            repaired("FI106", CodeScheme::RomeV3).as_deref(),
            Some("F1106")
        );
        assert_eq!(
            repaired("A0Z4O", CodeScheme::Fap2009).as_deref(),
            Some("A0Z40")
        );
    }
}
