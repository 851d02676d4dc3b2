//! A section's codes, settled when the section closes: the table's scheme, which codes are
//! malformed for it, and whether the codes are in order (read by `malformed-code`,
//! `duplicate-row` and `unsorted-rows`, which skip the tables these flags clear).
//!
//! What that needs is tallied as each row is placed, while the row is in the processor's cache:
//! a table whose codes all belong to its scheme (nearly every one) is then settled without
//! reading its rows again. Only a table with a malformed code is scanned row by row.

use crate::model::{CodeScheme, Region, Row, code_key};

/// What is known of a section's codes from its rows so far.
#[derive(Debug, Clone)]
pub struct CodeTally<'s> {
    /// Rows by the scheme their code belongs to, indexed as [`scheme_slot`].
    by_scheme: [usize; 4],
    /// Rows that print a code (well-formed or not).
    coded: usize,
    /// The code of the last row that printed one, with its key ([`code_key`]): each code is
    /// packed once, not once more as the next row's predecessor.
    last_printed: Option<(&'s str, Option<(u64, usize)>)>,
    /// Every row has a code greater than the one above it.
    ascending: bool,
    /// The printed codes never go down from one to the next.
    printed_non_decreasing: bool,
}

impl Default for CodeTally<'_> {
    fn default() -> Self {
        CodeTally {
            by_scheme: [0; 4],
            coded: 0,
            last_printed: None,
            ascending: true,
            printed_non_decreasing: true,
        }
    }
}

fn scheme_slot(scheme: CodeScheme) -> usize {
    match scheme {
        CodeScheme::RomeV2 => 0,
        CodeScheme::RomeV3 => 1,
        CodeScheme::Fap2009 => 2,
        CodeScheme::Unknown => 3,
    }
}

impl<'s> CodeTally<'s> {
    /// Counts the code of a row placed after the others. (Runs on every row: the code is
    /// compared once, with the last printed one, which is nearly always the last row's.)
    #[inline(always)]
    pub fn add(&mut self, code: &'s str) {
        if code.is_empty() {
            // No code: the table is not strictly ascending from here on, whatever follows.
            self.ascending = false;
            return;
        }
        let key = code_key(code);
        if let Some((last, last_key)) = self.last_printed {
            // As `compare_codes`, with the last code's key kept from the row before. When a
            // row without a code came between, `ascending` is false already.
            let order = match (last_key, key) {
                (Some(last_key), Some(key)) => last_key.cmp(&key),
                _ => last.cmp(code),
            };
            self.ascending &= order.is_lt();
            self.printed_non_decreasing &= order.is_le();
        }
        self.last_printed = Some((code, key));
        self.coded += 1;
        self.by_scheme[scheme_slot(CodeScheme::of_code(code))] += 1;
    }

    /// Settles the scheme, malformed codes and order flags of `section`, whose rows are the ones
    /// tallied.
    pub fn settle(&self, section: &mut Region<'s>) {
        let count = |scheme: CodeScheme| self.by_scheme[scheme_slot(scheme)];
        let scheme = resolve_scheme(
            section.scheme_label.as_deref(),
            count(CodeScheme::RomeV2),
            count(CodeScheme::RomeV3),
            count(CodeScheme::Fap2009),
        );
        section.scheme = scheme;
        // Whether each row's code comes after the one above it does not depend on the scheme.
        section.strictly_ascending = self.ascending;
        // A table out of order (a row moved) may still print each code once: told apart here,
        // while its rows are in cache, so that duplicate-row goes back only to tables that
        // repeat a code.
        section.codes_distinct = self.ascending
            || (self.coded == section.rows.len() && codes_are_distinct(&section.rows));
        // A code is well-formed exactly when it belongs to the table's scheme (the schemes are
        // disjoint; an unknown scheme accepts no code).
        let well_formed = match scheme {
            CodeScheme::Unknown => 0,
            known => count(known),
        };
        if well_formed == self.coded {
            // No malformed code: the well-formed codes are the printed ones.
            section.malformed_rows = 0;
            section.codes_non_decreasing = self.printed_non_decreasing;
        } else {
            mark_malformed(section);
        }
    }
}

/// Whether no two rows print the same code. Codes of up to eight bytes (every real one) are
/// sorted by their keys ([`code_key`]), integers that tell them apart as their bytes do: sorting
/// them as strings, a call to compare each pair, cost 5 000 instructions a table.
fn codes_are_distinct(rows: &[Row<'_>]) -> bool {
    fn none_repeated<T: Ord>(mut codes: Vec<T>) -> bool {
        codes.sort_unstable();
        codes.windows(2).all(|pair| pair[0] != pair[1])
    }
    match rows.iter().map(|row| code_key(row.code)).collect() {
        Some(keys) => none_repeated::<(u64, usize)>(keys),
        None => none_repeated(rows.iter().map(|row| row.code).collect()),
    }
}

/// For a table with a malformed code, read row by row: marks the malformed codes, and decides
/// the order of the well-formed ones without them (the tally's order counted every code).
fn mark_malformed(section: &mut Region<'_>) {
    let mut well_formed = CodeTally::default();
    section.malformed_rows = 0;
    for row in &mut section.rows {
        row.malformed = !row.code.is_empty() && !section.scheme.accepts(row.code);
        section.malformed_rows += usize::from(row.malformed);
        if !row.malformed {
            well_formed.add(row.code);
        }
    }
    section.codes_non_decreasing = well_formed.printed_non_decreasing;
}

/// The scheme of a table: named by its header when it says so, otherwise the one most of its
/// well-formed codes belong to (`v2`, `v3`, `fap`: how many codes of each scheme it prints).
fn resolve_scheme(label: Option<&str>, v2: usize, v3: usize, fap: usize) -> CodeScheme {
    // ASCII case suffices: a scheme label is ASCII letters ("CODE ROME") or a cell whose normal
    // form is "rome" or "fap"; no capital of another letter in such text spells these words.
    let names = |word: &str| {
        label.is_some_and(|label| {
            label
                .as_bytes()
                .windows(word.len())
                .any(|window| window.eq_ignore_ascii_case(word.as_bytes()))
        })
    };
    if names("FAP") {
        return CodeScheme::Fap2009;
    }
    if names("ROME") {
        return if v3 > v2 {
            CodeScheme::RomeV3
        } else {
            CodeScheme::RomeV2
        };
    }
    [
        (v2, CodeScheme::RomeV2),
        (v3, CodeScheme::RomeV3),
        (fap, CodeScheme::Fap2009),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .max_by_key(|(n, _)| *n)
    .map_or(CodeScheme::Unknown, |(_, scheme)| scheme)
}

#[cfg(test)]
mod tests {

    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::*;
    use crate::model::{Row, SectionKind, compare_codes};
    use crate::source::Span;

    /// The rows' codes, given to a tally as the parser gives them.
    fn tally_of<'s>(rows: &[Row<'s>]) -> CodeTally<'s> {
        let mut tally = CodeTally::default();
        for row in rows {
            tally.add(row.code);
        }
        tally
    }

    /// The reference the tally is held to, independent of it: the scheme from the codes of
    /// every row, then every row read for malformed codes and order.
    fn settle_by_reading_every_row(section: &mut Region<'_>) {
        let count = |scheme| {
            let rows = section.rows.iter();
            rows.filter(|row| CodeScheme::of_code(row.code) == scheme)
                .count()
        };
        section.scheme = resolve_scheme(
            section.scheme_label.as_deref(),
            count(CodeScheme::RomeV2),
            count(CodeScheme::RomeV3),
            count(CodeScheme::Fap2009),
        );
        let (mut ascending, mut non_decreasing) = (true, true);
        let mut previous: Option<&str> = None;
        let mut previous_well_formed: Option<&str> = None;
        section.malformed_rows = 0;
        for row in &mut section.rows {
            row.malformed = !row.code.is_empty() && !section.scheme.accepts(row.code);
            section.malformed_rows += usize::from(row.malformed);
            ascending = ascending
                && !row.code.is_empty()
                && previous.is_none_or(|previous| compare_codes(previous, row.code).is_lt());
            previous = Some(row.code);
            if !row.malformed && !row.code.is_empty() {
                non_decreasing = non_decreasing
                    && previous_well_formed
                        .is_none_or(|previous| compare_codes(previous, row.code).is_le());
                previous_well_formed = Some(row.code);
            }
        }
        section.strictly_ascending = ascending;
        section.codes_non_decreasing = non_decreasing;
        section.codes_distinct = section.rows.iter().enumerate().all(|(index, row)| {
            !row.code.is_empty()
                && section.rows[..index]
                    .iter()
                    .all(|above| above.code != row.code)
        });
    }

    fn section<'s>(label: Option<&str>, codes: &[&'s str]) -> Region<'s> {
        let mut region = Region::new("Alsace", 1, Span::new(0, 6), SectionKind::Region);
        region.scheme_label = label.map(|label| Cow::Owned(label.to_owned()));
        region.rows = codes
            .iter()
            .enumerate()
            .map(|(index, &code)| Row::unplaced(code, "Géomètre", index + 2))
            .collect();
        region
    }

    /// Scheme, malformed flags and order flags, as the tests compare them.
    fn settled(region: &Region<'_>) -> (CodeScheme, Vec<bool>, usize, bool, bool) {
        (
            region.scheme,
            region.rows.iter().map(|row| row.malformed).collect(),
            region.malformed_rows,
            region.strictly_ascending,
            region.codes_non_decreasing,
        )
    }

    /// Settling tells a table whose codes each appear once from one that repeats a code, in
    /// order or not, and a table with a row without a code from both.
    #[test]
    fn distinct_codes_are_told_from_repeated_ones() {
        let distinct = |codes: &[&str]| {
            let mut region = section(Some("CODE ROME"), codes);
            tally_of(&region.rows.clone()).settle(&mut region);
            region.codes_distinct
        };
        assert!(distinct(&["14232", "14233", "21111"]));
        assert!(distinct(&["14233", "14232", "21111"]));
        assert!(distinct(&["14233", "52O13", "14232"]));
        assert!(!distinct(&["14232", "21111", "14232"]));
        assert!(!distinct(&["14232", "14232"]));
        assert!(!distinct(&["14233", "", "14232"]));
        assert!(distinct(&[]));
    }

    /// Codes of every kind a table prints: well-formed ones of the three schemes (from a few
    /// values, so that repeats and order changes are common), malformed ones, and none.
    fn code() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "1423[0-4]",
            2 => "F110[5-7]",
            2 => "A0Z4[0-2]",
            1 => "14[0-9O]{2,4}",
            1 => "[A-Z0-9]{1,9}",
            // A code and the same code padded with NUL bytes pack to the same integer: only
            // their lengths tell them apart.
            1 => "1423\u{0}{0,2}",
            1 => Just(String::new()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Settling from the tally gives what reading every row gives, for any codes and header.
        #[test]
        fn the_tally_settles_a_section_as_a_scan_does(
            codes in prop::collection::vec(code(), 0..12),
            label in prop_oneof![
                Just(None), Just(Some("CODE ROME")), Just(Some("Code FAP")), Just(Some("Libellé"))
            ],
        ) {
            let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
            let mut tallied = section(label, &codes);
            tally_of(&tallied.rows.clone()).settle(&mut tallied);
            let mut scanned = section(label, &codes);
            settle_by_reading_every_row(&mut scanned);
            prop_assert_eq!(settled(&tallied), settled(&scanned));
            prop_assert_eq!(tallied.codes_distinct, scanned.codes_distinct);
        }
    }

    #[test]
    fn a_clean_table_is_settled_from_its_tally() {
        let mut region = section(Some("CODE ROME"), &["14232", "14233", "14233", "21111"]);
        tally_of(&region.rows.clone()).settle(&mut region);
        assert_eq!(
            settled(&region),
            (CodeScheme::RomeV2, vec![false; 4], 0, false, true)
        );
    }

    #[test]
    fn a_malformed_code_is_marked_and_left_out_of_the_order() {
        let mut region = section(Some("CODE ROME"), &["14232", "52O13", "14233", "14231"]);
        tally_of(&region.rows.clone()).settle(&mut region);
        assert_eq!(
            settled(&region),
            (
                CodeScheme::RomeV2,
                vec![false, true, false, false],
                1,
                false,
                false
            )
        );
        let mut region = section(None, &["A0Z40", "1423", "A0Z41"]);
        tally_of(&region.rows.clone()).settle(&mut region);
        assert_eq!(
            settled(&region),
            (
                CodeScheme::Fap2009,
                vec![false, true, false],
                1,
                false,
                true
            )
        );
    }
}
