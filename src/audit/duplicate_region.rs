//! `duplicate-region`: two sections name the same region.

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::labels::{normal_form, normal_form_hash};
use super::{Context, Finding, Rule, RuleDoc, Severity};
use crate::model::Region;

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
    let regions = &context.document.regions;
    for (index, first_index) in first_sections(regions, name_hash).into_iter().enumerate() {
        if first_index == index {
            continue;
        }
        let region = &regions[index];
        let first = &regions[first_index];
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
            .subject(first.name.as_ref())
            .help("merge the two lists, or correct the heading if another region was meant")
            .related(first.heading_span, "first section for this region"),
        );
    }
}

/// For each section, the index of the first section naming the same region (its own index when
/// it is the first). A region is known by its INSEE code when its name matched one, else by its
/// name's normal form, looked up by the form's hash (`hash_of`): a large input has as many
/// distinct names as sections, and a table of hashes stays small where one of strings (one
/// allocated per name) does not. Names are read only where two hashes meet: two different forms
/// with one hash are told apart by their text.
fn first_sections(regions: &[Region<'_>], hash_of: impl Fn(&Region<'_>) -> u64) -> Vec<usize> {
    let mut by_insee: FxHashMap<&str, usize> = FxHashMap::default();
    let mut by_name: FxHashMap<u64, usize> =
        FxHashMap::with_capacity_and_hasher(regions.len(), FxBuildHasher);
    // Normal forms whose hash an earlier, different form already has.
    let mut by_name_after_collision: FxHashMap<String, usize> = FxHashMap::default();
    let mut first_sections = Vec::with_capacity(regions.len());
    for (index, region) in regions.iter().enumerate() {
        let first = match &region.insee_code {
            Some(code) => *by_insee.entry(code).or_insert(index),
            None => {
                let first = *by_name.entry(hash_of(region)).or_insert(index);
                if first == index {
                    index
                } else {
                    let normal = normal_form(&region.name);
                    if normal_form(&regions[first].name) == normal {
                        first
                    } else {
                        *by_name_after_collision.entry(normal).or_insert(index)
                    }
                }
            }
        };
        first_sections.push(first);
    }
    first_sections
}

/// The hash of a section's normal form: the parser's, or taken now for a section built by hand.
fn name_hash(region: &Region<'_>) -> u64 {
    region
        .name_hash
        .unwrap_or_else(|| normal_form_hash(&normal_form(&region.name)))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;
    use crate::model::SectionKind;
    use crate::source::Span;

    /// The grouping as first written: a map from each key, the normal form as a string, to the
    /// first section that has it.
    fn first_sections_by_text(regions: &[Region<'_>]) -> Vec<usize> {
        let mut first_seen: HashMap<(bool, String), usize> = HashMap::new();
        (0..regions.len())
            .map(|index| {
                let region = &regions[index];
                let key = match &region.insee_code {
                    Some(code) => (true, code.clone()),
                    None => (false, normal_form(&region.name)),
                };
                *first_seen.entry(key).or_insert(index)
            })
            .collect()
    }

    fn sections(headings: &[(String, Option<String>)]) -> Vec<Region<'static>> {
        headings
            .iter()
            .enumerate()
            .map(|(line, (name, insee_code))| {
                let mut region =
                    Region::new(name.clone(), line + 1, Span::new(0, 0), SectionKind::Region);
                region.insee_code = insee_code.clone();
                region
            })
            .collect()
    }

    proptest! {
        /// Names spelled several ways (case, accents, punctuation), some matched to an INSEE
        /// code: the same grouping as by the normal forms' text, whether the hashes tell the
        /// forms apart or all collide.
        #[test]
        fn groups_as_by_text_even_when_every_hash_collides(
            headings in proptest::collection::vec(
                (
                    "(Alsace|alsace|ALSACE !|Île-de-France|ile de france|Corse|Bassin [0-9])",
                    proptest::option::of("(42|11|94)"),
                ),
                0..24,
            )
        ) {
            let regions = sections(&headings);
            let expected = first_sections_by_text(&regions);
            prop_assert_eq!(&first_sections(&regions, name_hash), &expected);
            prop_assert_eq!(&first_sections(&regions, |_| 7), &expected);
        }
    }
}
