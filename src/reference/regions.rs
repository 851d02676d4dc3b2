//! The official French regions (INSEE's Code officiel géographique), before and after the
//! 1 January 2016 reform, embedded from `regions.tsv`, and matching printed names against them.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::audit::labels::{edit_distance, normal_form};

const TABLE: &str = include_str!("regions.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// The 26 regions of 2008–2015.
    Pre2016,
    /// The 18 regions since 2016.
    Post2016,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialRegion {
    pub insee_code: &'static str,
    pub name: &'static str,
    pub period: Period,
    /// The region it became part of in 2016 (for pre-2016 regions).
    pub successor_code: Option<&'static str>,
    /// Its name's normal form, for matching.
    normal: String,
    /// The normal form's length in characters.
    length: usize,
    /// How many of each character the normal form has, to rule out far names cheaply.
    letters: Letters,
}

/// Character counts of a normal form: half the sum of the differences between two of them is a
/// lower bound of the edit distance, and costs nothing next to computing it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Letters([u8; 38]);

impl Letters {
    fn of(normal: &str) -> Letters {
        let mut counts = [0u8; 38];
        // Read on bytes: every character but the last slot's is ASCII, and a character beyond
        // ASCII is counted once, at its first byte (continuation bytes are 0b10xx_xxxx).
        for &byte in normal.as_bytes() {
            let slot = match byte {
                b'a'..=b'z' => usize::from(byte - b'a'),
                b'0'..=b'9' => 26 + usize::from(byte - b'0'),
                b' ' => 36,
                _ if byte & 0xC0 == 0x80 => continue,
                _ => 37,
            };
            counts[slot] = counts[slot].saturating_add(1);
        }
        Letters(counts)
    }

    /// How many characters this form has beyond `most` (counted per character): each must be
    /// deleted or replaced, so no name whose counts are all within `most` is nearer.
    fn surplus_over(&self, most: &Letters) -> usize {
        self.sum_with(most, u8::saturating_sub)
    }

    fn lower_bound(&self, other: &Letters) -> usize {
        self.sum_with(other, u8::abs_diff).div_ceil(2)
    }

    /// The sum over the slots of `per_slot(self's count, other's count)`. Summed in 32 bits,
    /// which the compiler turns into a few vector instructions instead of 38 steps: every
    /// heading is held to the most letters, and to every region it is not ruled out from.
    #[inline(always)]
    fn sum_with(&self, other: &Letters, per_slot: impl Fn(u8, u8) -> u8) -> usize {
        let total: u32 = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(&a, &b)| u32::from(per_slot(a, b)))
            .sum();
        total as usize
    }
}

/// The most of each character any official name's normal form has.
fn most_letters() -> &'static Letters {
    static MOST: OnceLock<Letters> = OnceLock::new();
    MOST.get_or_init(|| {
        let mut most = [0u8; 38];
        for region in official_regions() {
            for (slot, &count) in most.iter_mut().zip(&region.letters.0) {
                *slot = (*slot).max(count);
            }
        }
        Letters(most)
    })
}

/// Every official region, both periods.
pub fn official_regions() -> &'static [OfficialRegion] {
    static REGIONS: OnceLock<Vec<OfficialRegion>> = OnceLock::new();
    REGIONS.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.starts_with("insee_code"))
            .filter_map(|line| {
                let mut cells = line.split('\t');
                let insee_code = cells.next()?;
                let name = cells.next()?;
                let period = match cells.next()? {
                    "pre2016" => Period::Pre2016,
                    "post2016" => Period::Post2016,
                    _ => return None,
                };
                let successor_code = cells.next().filter(|code| !code.is_empty());
                let normal = comparable(name);
                Some(OfficialRegion {
                    insee_code,
                    name,
                    period,
                    successor_code,
                    letters: Letters::of(&normal),
                    length: normal.chars().count(),
                    normal,
                })
            })
            .collect()
    })
}

/// The official regions by printed name and by normal form, each to the first region (in the
/// table's order) that has it: every section heading is looked up here, by one hash each,
/// instead of being compared with the 44 names twice.
struct RegionIndex {
    by_name: FxHashMap<&'static str, &'static OfficialRegion>,
    by_normal: FxHashMap<&'static str, &'static OfficialRegion>,
}

fn region_index() -> &'static RegionIndex {
    static INDEX: OnceLock<RegionIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = RegionIndex {
            by_name: FxHashMap::default(),
            by_normal: FxHashMap::default(),
        };
        for region in official_regions() {
            index.by_name.entry(region.name).or_insert(region);
            index
                .by_normal
                .entry(region.normal.as_str())
                .or_insert(region);
        }
        index
    })
}

/// The normal form without a leading article or "région", which copies add or drop.
fn comparable(name: &str) -> String {
    without_articles(&normal_form(name)).to_owned()
}

/// A normal form without its leading articles and "région", one word at a time, never the last
/// word (a normal form has no space at its end: a word followed by one is never the last).
fn without_articles(normal: &str) -> &str {
    let mut start = 0;
    while let Some(word) = ["la ", "region ", "l ", "de "]
        .into_iter()
        .find(|word| normal[start..].starts_with(word))
    {
        start += word.len();
    }
    &normal[start..]
}

/// How a printed heading relates to the official regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    /// Printed exactly as the official name.
    Exact(&'static OfficialRegion),
    /// Matches only after normalisation (case, accents, hyphens, articles) or a small edit.
    Variant {
        region: &'static OfficialRegion,
        /// Characters edited on the normal forms (0 when normalisation alone was enough).
        distance: usize,
    },
    /// Nothing close enough ([`nearest`] names the nearest one for a help text).
    Unknown,
}

impl NameMatch {
    pub fn region(&self) -> Option<&'static OfficialRegion> {
        match self {
            NameMatch::Exact(region) | NameMatch::Variant { region, .. } => Some(region),
            NameMatch::Unknown => None,
        }
    }
}

/// Matches a heading as printed against the official names of both periods.
pub fn match_name(printed: &str) -> NameMatch {
    match_folded_name(printed, &normal_form(printed))
}

/// [`match_name`] for a caller that has the heading's normal form ([`normal_form`]) already: the
/// parser folds each heading once, while its line is fresh in memory, for this and for
/// `duplicate-region`.
pub fn match_folded_name(printed: &str, normal: &str) -> NameMatch {
    let index = region_index();
    if let Some(region) = index.by_name.get(printed) {
        return NameMatch::Exact(region);
    }
    let normal = without_articles(normal);
    if let Some(region) = index.by_normal.get(normal) {
        return NameMatch::Variant {
            region,
            distance: 0,
        };
    }
    let length = normal.chars().count();
    // A typo's worth: one character in a short name, about one in eight in a long one. A name
    // whose length differs by more cannot be that close, and costs no edit distance.
    let allowed = (length / 8).max(1);
    let scored = scored(normal, length, allowed);
    match scored.as_slice() {
        [(best, region), rest @ ..] if rest.first().is_none_or(|(second, _)| second > best) => {
            NameMatch::Variant {
                region,
                distance: *best,
            }
        }
        _ => NameMatch::Unknown,
    }
}

/// Official regions within `allowed` edits of a normal form of `length` characters (which the
/// callers counted to set `allowed`), nearest first.
fn scored(normal: &str, length: usize, allowed: usize) -> Vec<(usize, &'static OfficialRegion)> {
    let letters = Letters::of(normal);
    // A heading that is no region's name (a domain, an employment area with its number) is
    // usually ruled out here at once, without being held to each region.
    if letters.surplus_over(most_letters()) > allowed {
        return Vec::new();
    }
    let mut scored: Vec<(usize, &'static OfficialRegion)> = official_regions()
        .iter()
        .filter(|region| region.length.abs_diff(length) <= allowed)
        .filter(|region| region.letters.lower_bound(&letters) <= allowed)
        .filter_map(|region| Some((edit_distance(normal, &region.normal)?, region)))
        .filter(|(distance, _)| *distance <= allowed)
        .collect();
    scored.sort_by_key(|(distance, _)| *distance);
    scored
}

/// The official region nearest to a name that matches none, if any is somewhat close (a third
/// of its letters); for the help of `unknown-region`.
pub fn nearest(printed: &str) -> Option<&'static OfficialRegion> {
    let normal = comparable(printed);
    let length = normal.chars().count();
    scored(&normal, length, length / 3 + 1)
        .first()
        .map(|(_, region)| *region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_leading_articles() {
        assert_eq!(comparable("Région Île-de-France"), "ile de france");
        assert_eq!(comparable("La Réunion"), "reunion");
        assert_eq!(comparable("Région de la Réunion"), "reunion");
        // The last word stays, even an article.
        assert_eq!(comparable("Région"), "region");
        assert_eq!(comparable("de la"), "la");
        assert_eq!(comparable("Pays de la Loire"), "pays de la loire");
        assert_eq!(comparable(""), "");
    }

    #[test]
    fn table_is_complete() {
        let regions = official_regions();
        assert_eq!(
            regions
                .iter()
                .filter(|r| r.period == Period::Pre2016)
                .count(),
            27
        );
        assert_eq!(
            regions
                .iter()
                .filter(|r| r.period == Period::Post2016)
                .count(),
            18
        );
    }

    proptest::proptest! {
        /// The shortcut in `scored` rules out only names that every region is too far from
        /// (fails when the surplus counts characters some region has, e.g. against the fewest
        /// instead of the most).
        #[test]
        fn the_surplus_shortcut_rules_out_only_far_names(
            name in "[a-eiloprstuz0-9 ]{0,24}",
            allowed in 0usize..4,
        ) {
            let letters = Letters::of(&name);
            if letters.surplus_over(most_letters()) > allowed {
                for region in official_regions() {
                    let distance = edit_distance(&name, &region.normal);
                    proptest::prop_assert!(distance.is_none_or(|d| d > allowed), "{}", region.name);
                }
            }
        }
    }

    proptest::proptest! {
        /// Counting on bytes counts what counting characters counts (letters, digits and
        /// spaces in their slots, any other character once in the last).
        #[test]
        fn letters_are_counted_per_character(name in "[a-z0-9 éøœß’ﬀ\u{1F600}]{0,30}") {
            let mut by_characters = [0u8; 38];
            for c in name.chars() {
                let slot = match c {
                    'a'..='z' => c as usize - 'a' as usize,
                    '0'..='9' => 26 + c as usize - '0' as usize,
                    ' ' => 36,
                    _ => 37,
                };
                by_characters[slot] = by_characters[slot].saturating_add(1);
            }
            proptest::prop_assert_eq!(Letters::of(&name).0, by_characters);
        }
    }

    /// Looked up by hash, a name or normal form shared by both periods ("Bretagne") still gives
    /// the first region of the table that has it, as a scan of the table does.
    #[test]
    fn the_index_gives_the_first_region_of_a_name() {
        let regions = official_regions();
        for region in regions {
            let first = regions.iter().find(|r| r.name == region.name);
            assert_eq!(match_name(region.name).region(), first, "{}", region.name);
            let upper = region.name.to_uppercase();
            let first = regions.iter().find(|r| r.normal == comparable(&upper));
            assert_eq!(match_name(&upper).region(), first, "{upper}");
        }
        let shared = regions.iter().filter(|r| r.name == "Bretagne").count();
        assert_eq!(shared, 2);
    }

    #[test]
    fn names_match() {
        assert!(matches!(match_name("Alsace"), NameMatch::Exact(r) if r.insee_code == "42"));
        assert!(matches!(match_name("Grand Est"), NameMatch::Exact(r) if r.insee_code == "44"));
        assert!(matches!(
            match_name("Ile de France"),
            NameMatch::Variant { region, distance: 0 } if region.name == "Île-de-France"
        ));
        assert!(matches!(
            match_name("Champagne-Ardennes"),
            NameMatch::Variant { region, distance: 1 } if region.name == "Champagne-Ardenne"
        ));
        assert!(matches!(
            match_name("Nord - Pas-de-Calais"),
            NameMatch::Variant { region, .. } if region.insee_code == "31"
        ));
        assert!(matches!(
            match_name("Réunion"),
            NameMatch::Variant { region, .. } if region.insee_code == "04"
        ));
        assert!(matches!(match_name("Atlantide"), NameMatch::Unknown));
        assert!(matches!(match_name("Bretagnes du Sud"), NameMatch::Unknown));
    }
}
