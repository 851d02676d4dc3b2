//! `unknown-region`: a heading that names no official region.

use super::{Context, Finding, Rule, RuleDoc, Severity};
use crate::model::SectionKind;
use crate::reference::regions::{self, NameMatch};

pub static RULE: Rule = Rule {
    id: "AA012",
    name: "unknown-region",
    default_severity: Severity::Error,
    doc: RuleDoc {
        summary: "A section heading that matches no official region, before or after the 2016 \
                  reform, even after normalisation and a small edit.",
        why: "Each list applies to a region; a heading that names none leaves its rows without a \
              territory. It may be a heading mangled beyond recognition, or a line of text taken \
              for a heading.",
        example: "Bretagnes du Sud\n\nCODE ROME\t2 métiers\n…\n\n→ error: `Bretagnes du Sud` names \
                  no official region",
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
        let Some(NameMatch::Unknown) = region.name_match else {
            continue;
        };
        let nearest = regions::nearest(&region.name);
        let help = match nearest {
            Some(official) => format!(
                "the nearest official name is `{}` (INSEE {}); use it if that region is meant",
                official.name, official.insee_code
            ),
            None => "use the official name of the region (`annex-audit` knows the regions of \
                     INSEE's Code officiel géographique, before and after 2016)"
                .to_owned(),
        };
        findings.push(
            Finding::new(
                &RULE,
                region.heading_span,
                format!("`{}` names no official region", region.name),
            )
            .region(&region.name)
            .annotate("unknown region")
            .help(help),
        );
    }
}
