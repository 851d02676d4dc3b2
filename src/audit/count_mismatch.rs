//! `count-mismatch`: a table header declares a number of rows that its table does not have.

use std::collections::HashSet;

use super::{Context, Finding, Rule, RuleDoc, Severity};
use crate::model::Region;

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
              checks the original. The help names the evidence: when rows are missing, the codes \
              most other regions list but this one does not (and whether they all sort after its \
              last row, as when a table is cut short); when rows are extra, the rows that few \
              other regions list.",
        example: "Limousin\n\nCODE ROME\t23 métiers\n14232\tTechnicien de la vente à distance\n\
                  … (20 rows in all, ending at 61222)\n\n→ error: Limousin declares 23 métiers \
                  but lists 20 rows (3 rows missing); help: … 61223, 61231 and 61232 come after \
                  its last row and are listed in most other regions: the table may have been \
                  cut short",
    },
    check: Some(check),
};

/// How many codes or rows the help names beyond the difference itself.
const EXTRA_CANDIDATES: usize = 3;

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    check_announced_total(context, findings);
    // Built once, on the first table that is short: walking every code of the document for each
    // short table would cost codes × tables.
    let mut majority_codes = None;
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
        let mut finding = Finding::new(
            &RULE,
            header,
            format!(
                "{} declares {declared} métiers but lists {listed} rows ({difference} {rows} {direction})",
                region.name
            ),
        )
        .region(&region.name)
        .annotate(format!("declares {declared}, lists {listed}"))
        .subject(format!("{declared}/{listed}"));
        let evidence = if declared > listed {
            let majority = majority_codes.get_or_insert_with(|| codes_most_regions_list(context));
            missing_evidence(context, majority, region, difference)
        } else {
            let (text, rare_rows) = extra_evidence(context, region, difference);
            for row in rare_rows {
                finding = finding.related(
                    row.code_span(context.source),
                    format!("{} is rare in other regions", row.code),
                );
            }
            text
        };
        finding = finding.help(format!(
            "check the original publication: either the header should say {listed}, or \
             {difference} {rows} {verb} {what}{evidence}",
            verb = if difference == 1 { "was" } else { "were" },
            what = if declared > listed {
                "lost from this table"
            } else {
                "added to this table"
            }
        ));
        findings.push(finding);
    }
}

/// A list whose title announces its size ("LISTE DES 150 MÉTIERS") is held to it.
fn check_announced_total(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    let Some(announced) = &context.document.act.announced_count else {
        return;
    };
    let listed: usize = context.document.regions.iter().map(|r| r.rows.len()).sum();
    if listed == announced.count {
        return;
    }
    let sections = context.document.regions.len();
    findings.push(
        Finding::new(
            &RULE,
            announced.span,
            format!(
                "the title announces {} métiers but the list has {listed} rows",
                announced.count
            ),
        )
        .annotate(format!("announces {}, lists {listed}", announced.count))
        .subject(format!("total {}/{listed}", announced.count))
        .help(format!(
            "check the original publication: either the title should say {listed}, or rows were              {} in this copy ({sections} section{} read)",
            if listed < announced.count { "lost" } else { "added" },
            if sections == 1 { "" } else { "s" }
        )),
    );
}

/// The codes listed by more than half of the other regions (of any region: the count of
/// "others" is the same for every region), most listed first, then by code.
fn codes_most_regions_list<'d>(context: &Context<'d, '_>) -> Vec<(&'d str, usize)> {
    let others = context.document.regions.len().saturating_sub(1);
    let mut codes: Vec<(&str, usize)> = context
        .consensus()
        .regions_listing
        .iter()
        .filter(|(_, count)| **count * 2 > others)
        .map(|(code, count)| (*code, *count))
        .collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    codes
}

/// The codes most other regions list and this one does not.
fn missing_evidence(
    context: &Context<'_, '_>,
    majority: &[(&str, usize)],
    region: &Region<'_>,
    missing: usize,
) -> String {
    let others = context.document.regions.len().saturating_sub(1);
    if others == 0 {
        return String::new();
    }
    let present: HashSet<&str> = region.rows.iter().map(|row| row.code).collect();
    let candidates: Vec<(&str, usize)> = majority
        .iter()
        .filter(|(code, _)| !present.contains(code))
        .copied()
        .collect();
    if candidates.is_empty() {
        return "; no code that most other regions list is absent here".to_owned();
    }
    let named: Vec<String> = candidates
        .iter()
        .take(missing + EXTRA_CANDIDATES)
        .map(|(code, count)| format!("{code} ({count} of {others})"))
        .collect();
    let mut text = format!(
        "; codes listed in most other regions but not here: {}",
        named.join(", ")
    );
    let last = region
        .rows
        .iter()
        .filter(|row| !row.malformed)
        .map(|row| row.code)
        .max();
    if let Some(last) = last {
        let mut after: Vec<&str> = candidates
            .iter()
            .map(|(code, _)| *code)
            .filter(|code| *code > last)
            .collect();
        after.sort_unstable();
        if after.len() >= missing {
            text.push_str(&format!(
                "; {} come{} after its last row ({last}): the table may have been cut short",
                after.join(", "),
                if after.len() == 1 { "s" } else { "" }
            ));
        }
    }
    text
}

/// The rows of this table that few other regions list.
fn extra_evidence<'r, 's>(
    context: &Context<'_, '_>,
    region: &'r Region<'s>,
    extra: usize,
) -> (String, Vec<&'r crate::model::Row<'s>>) {
    let others = context.document.regions.len().saturating_sub(1);
    if others == 0 {
        return (String::new(), Vec::new());
    }
    let listing = &context.consensus().regions_listing;
    let mut rare: Vec<(&crate::model::Row<'s>, usize)> = region
        .rows
        .iter()
        .filter(|row| !row.malformed)
        .map(|row| {
            let elsewhere = listing
                .get(row.code)
                .copied()
                .unwrap_or(1)
                .saturating_sub(1);
            (row, elsewhere)
        })
        .filter(|(_, elsewhere)| elsewhere * 4 <= others)
        .collect();
    if rare.is_empty() {
        return (
            "; every row of this table is listed in more than a quarter of the other regions"
                .to_owned(),
            Vec::new(),
        );
    }
    rare.sort_by_key(|(row, elsewhere)| (*elsewhere, row.line));
    rare.truncate(extra + EXTRA_CANDIDATES);
    let named: Vec<String> = rare
        .iter()
        .map(|(row, elsewhere)| {
            format!(
                "{} at line {} ({elsewhere} of {others} other regions)",
                row.code, row.line
            )
        })
        .collect();
    (
        format!("; rows that few other regions list: {}", named.join(", ")),
        rare.into_iter().map(|(row, _)| row).collect(),
    )
}
