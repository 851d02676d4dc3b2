//! `label-variant`: a code whose label differs from the label the document agrees on for it.

use super::consensus::{Agreement, CodeConsensus, Consensus, LabelGroup, MAX_EVIDENCE};
use super::labels::{Difference, difference, inline_diff, normal_form};
use super::{Context, Finding, Rule, RuleDoc, Severity};

pub static RULE: Rule = Rule {
    id: "AA007",
    name: "label-variant",
    default_severity: Severity::Warning,
    doc: RuleDoc {
        summary: "A row whose label differs from the label the document agrees on for its code \
                  (the label most regions print; a tie is reported as a tie).",
        why: "One occupation should read the same in every region. A variant is either a typo \
              (a small edit, a word found nowhere else) that data users will not match, or a \
              rewording that may, or may not, mean another occupation. The message shows what \
              differs as an inline diff ([-agreed-]{+printed+}) and says which it looks like.",
        example: "52313\tInstallateur-maintien en ascenseurs (et autres systèmes automatiques)\n\n\
                  → warning: label of 52313 differs from the one 13 of 16 rows agree on: \
                  Installateur-maint[-enic-]ien en ascenseurs (et autres systèmes automatiques); \
                  help: looks like a typo: `maintien` for `maintenicien` (`maintien` appears \
                  nowhere else in the document)",
    },
    check: Some(check),
};

/// How many other variants of the same code are searched for a closer one.
const MAX_VARIANTS_COMPARED: usize = 8;

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    let consensus = context.consensus();
    let mut codes: Vec<(&&str, &CodeConsensus<'_>)> = consensus.codes.iter().collect();
    codes.sort_by_key(|(code, _)| **code);
    for (code, agreed) in codes {
        if agreed.groups.len() < 2 {
            continue;
        }
        let (reference, tie) = match &agreed.agreement {
            Agreement::Majority(index) => (*index, None),
            Agreement::Tie(tied) => (tied[0], Some(tied.len())),
        };
        for (index, variant) in agreed.groups.iter().enumerate() {
            if index != reference {
                report_variant(
                    context, consensus, code, agreed, reference, tie, variant, findings,
                );
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn report_variant(
    context: &Context<'_, '_>,
    consensus: &Consensus<'_>,
    code: &str,
    agreed: &CodeConsensus<'_>,
    reference_index: usize,
    tie: Option<usize>,
    variant: &LabelGroup<'_>,
    findings: &mut Vec<Finding>,
) {
    let reference = &agreed.groups[reference_index];
    let kind = difference(variant.label, reference.label);
    let shown = inline_diff(
        reference.label,
        variant.label,
        !matches!(kind, Difference::Rewording),
    );
    let message = match tie {
        None => format!(
            "label of {code} differs from the one {} of {} rows agree on: {shown}",
            reference.count,
            agreed.rows()
        ),
        Some(tied) => format!(
            "label of {code} has no majority ({tied} labels are printed {} time{} each); this one \
             differs from the first printed: {shown}",
            reference.count,
            if reference.count == 1 { "" } else { "s" }
        ),
    };
    let (annotation, verdict) = match &kind {
        Difference::Typographic => (
            "typographic variant",
            "only case, accents, punctuation or spacing differ".to_owned(),
        ),
        Difference::Typo(slips) => (
            "looks like a typo",
            format!(
                "looks like a typo: {}",
                typo_details(consensus, slips, variant)
            ),
        ),
        Difference::Rewording => {
            match closer_variant(consensus, agreed, reference_index, variant) {
                Some((other, slips)) => (
                    "variant label",
                    format!(
                        "a rewording of the agreed label; it also looks like a typo ({}) of the \
                     variant `{}` (line{} {})",
                        typo_details(consensus, &slips, variant),
                        other.label,
                        if other.count == 1 { "" } else { "s" },
                        lines_of(context, other)
                    ),
                ),
                None => (
                    "variant label",
                    "a rewording of the agreed label".to_owned(),
                ),
            }
        }
    };
    let correction = match tie {
        None => format!("if the occupation is the same, write `{}`", reference.label),
        Some(_) => "decide which label is right and print it in every region".to_owned(),
    };
    for &at in &variant.rows {
        let (region, row) = context.row(at);
        let mut finding = Finding::new(&RULE, row.label_span, message.clone())
            .region(&region.name)
            .row(row.code, &row.label)
            .annotate(annotation)
            .help(format!("{verdict}; {correction}"));
        for &evidence in reference.rows.iter().take(MAX_EVIDENCE) {
            let (other_region, other_row) = context.row(evidence);
            finding = finding.related(
                other_row.label_span,
                format!(
                    "{} label in {}",
                    if tie.is_some() {
                        "first printed"
                    } else {
                        "agreed"
                    },
                    other_region.name
                ),
            );
        }
        findings.push(finding);
    }
}

/// "`maintien` for `maintenicien` (`maintien` appears nowhere else in the document)"
fn typo_details(
    consensus: &Consensus<'_>,
    slips: &[(String, String)],
    variant: &LabelGroup<'_>,
) -> String {
    let pairs: Vec<String> = slips
        .iter()
        .map(|(printed, agreed)| format!("`{printed}` for `{agreed}`"))
        .collect();
    let unseen: Vec<String> = slips
        .iter()
        .filter(|(printed, _)| unseen_elsewhere(consensus, printed, variant))
        .map(|(printed, _)| format!("`{printed}`"))
        .collect();
    let mut text = pairs.join(", ");
    if !unseen.is_empty() {
        text.push_str(&format!(
            " ({} appear{} nowhere else in the document)",
            unseen.join(", "),
            if unseen.len() == 1 { "s" } else { "" }
        ));
    }
    text
}

/// Whether `words` stand, in this order, as whole words of a normal form.
fn has_words(normal: &str, words: &str) -> bool {
    format!(" {normal} ").contains(&format!(" {words} "))
}

/// Whether only this variant's rows use these words: the mark of a slip, not of a real word.
fn unseen_elsewhere(consensus: &Consensus<'_>, words: &str, variant: &LabelGroup<'_>) -> bool {
    words
        .split(' ')
        .all(|word| consensus.word_rows.get(word).copied().unwrap_or(0) <= variant.count)
}

/// Another variant of the same code of which this one looks like a typo.
fn closer_variant<'g, 'd>(
    consensus: &Consensus<'_>,
    agreed: &'g CodeConsensus<'d>,
    reference_index: usize,
    variant: &LabelGroup<'_>,
) -> Option<(&'g LabelGroup<'d>, Vec<(String, String)>)> {
    let reference = normal_form(agreed.groups[reference_index].label);
    agreed
        .groups
        .iter()
        .enumerate()
        .filter(|(index, other)| *index != reference_index && other.label != variant.label)
        .take(MAX_VARIANTS_COMPARED)
        .find_map(|(_, other)| match difference(variant.label, other.label) {
            // The misspelled side is the one whose words nobody else uses, or whose words the
            // agreed label spells the other way.
            Difference::Typo(slips)
                if slips.iter().all(|(printed, other_spelling)| {
                    unseen_elsewhere(consensus, printed, variant)
                        || (has_words(&reference, other_spelling)
                            && !has_words(&reference, printed))
                }) =>
            {
                Some((other, slips))
            }
            _ => None,
        })
}

fn lines_of(context: &Context<'_, '_>, group: &LabelGroup<'_>) -> String {
    let lines: Vec<String> = group
        .rows
        .iter()
        .map(|&at| context.row(at).1.line.to_string())
        .collect();
    lines.join(", ")
}
