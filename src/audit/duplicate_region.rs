//! `duplicate-region`: two sections name the same region.

use rustc_hash::FxHashMap;

use super::labels::normal_form;
use super::{Context, Finding, Rule, RuleDoc, Severity};

pub static RULE: Rule = Rule {
    id: "AA013",
    name: "duplicate-region",
    default_severity: Severity::Error,
    doc: RuleDoc {
        summary: "Two sections whose headings name the same region (the same INSEE code, or the \
                  same name once normalised).",
        why: "Each region has one list. Two sections for one region leave readers to guess \
              whether they add up or one replaces the other; often one heading was mistyped \
              from another region's.",
        example: "Alsace\n…\nAlsace\n…\n\n→ error: a second section for Alsace (first at line 46)",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    // A region is known by its INSEE code when its name matched one, else by its name.
    #[derive(PartialEq, Eq, Hash)]
    enum Key<'a> {
        Insee(&'a str),
        Name(String),
    }
    let mut first_seen: FxHashMap<Key<'_>, usize> = FxHashMap::default();
    for (index, region) in context.document.regions.iter().enumerate() {
        let key = match &region.insee_code {
            Some(code) => Key::Insee(code),
            None => Key::Name(normal_form(&region.name)),
        };
        let Some(&first_index) = first_seen.get(&key) else {
            first_seen.insert(key, index);
            continue;
        };
        let first = &context.document.regions[first_index];
        let name = region.official_name.as_deref().unwrap_or(&region.name);
        findings.push(
            Finding::new(
                &RULE,
                region.heading_span,
                format!(
                    "a second section for {name} (first at line {}, as `{}`)",
                    first.line, first.name
                ),
            )
            .region(&region.name)
            .annotate("same region again")
            .subject(&first.name)
            .help("merge the two lists, or correct the heading if another region was meant")
            .related(first.heading_span, "first section for this region"),
        );
    }
}
