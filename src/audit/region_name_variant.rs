//! `region-name-variant`: a heading that names an official region only after normalisation or a
//! small edit.

use super::{Context, Finding, Rule, RuleDoc, Severity};
use crate::model::SectionKind;
use crate::reference::regions::NameMatch;

pub static RULE: Rule = Rule {
    id: "AA011",
    name: "region-name-variant",
    default_severity: Severity::Warning,
    doc: RuleDoc {
        summary: "A region heading that matches an official region (INSEE's Code officiel \
                  géographique, before or after the 2016 reform) only after normalisation or a \
                  small edit.",
        why: "Data users join regions by name or INSEE code; \"Ile de France\" and \
              \"Champagne-Ardennes\" match nothing in the official lists. The report still gives \
              the region its INSEE code and official name, and the help names the spelling to \
              use.",
        example: "Champagne-Ardennes\n\n→ warning: `Champagne-Ardennes` is not the official name \
                  of region 21; help: write `Champagne-Ardenne`",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    for region in context
        .document
        .regions
        .iter()
        .filter(|section| section.kind == SectionKind::Region)
    {
        let NameMatch::Variant {
            region: official,
            distance,
        } = region.name_match.clone().unwrap_or(NameMatch::Unknown)
        else {
            continue;
        };
        let how = if distance == 0 {
            "it differs only in accents, case, hyphens or spacing".to_owned()
        } else {
            format!(
                "{distance} letter{} differ{}",
                if distance == 1 { "" } else { "s" },
                if distance == 1 { "s" } else { "" }
            )
        };
        findings.push(
            Finding::new(
                &RULE,
                region.heading_span,
                format!(
                    "`{}` is not the official name of region {} ({how})",
                    region.name, official.insee_code
                ),
            )
            .region(&region.name)
            .annotate(format!("official: {}", official.name))
            .help(format!("write `{}`", official.name)),
        );
    }
}
