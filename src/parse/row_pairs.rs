//! Rows that print the same code with the same label share a number ([`RowPairs`]), given as
//! each section closes, while its rows and the text they borrow are in the processor's cache.
//!
//! The audit's consensus groups rows by these numbers: numbering them here, where the labels are
//! being read anyway, spares it a second pass over every label of the text (on a large input,
//! read back from memory). A document built without the parser is numbered by
//! [`number_pairs`], the same code.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

use crate::model::{Label, Region, Row, RowPairs, code_key};

/// A code of up to eight bytes packed as an integer, with its length ([`code_key`]).
type CodeKey = (u64, usize);

/// The pair each code was last numbered with, by the code packed as an integer: a cache in
/// front of the pairs' table, one slot per hash of the key, a later code taking the slot of an
/// earlier one with the same hash (the table still finds that one). A slot is read with one
/// multiplication and one comparison where a hash table hashes the label and probes: the
/// lookup runs on every row, and a code is printed with the same label in nearly every region.
struct LastPairOfCode {
    slots: Vec<Option<(CodeKey, u32)>>,
    shift: u32,
}

impl LastPairOfCode {
    /// `slots` rounded to a power of two between 2^10 and 2^16.
    fn with_slots(slots: usize) -> Self {
        let slots = slots.next_power_of_two().clamp(1 << 10, 1 << 16);
        LastPairOfCode {
            slots: vec![None; slots],
            shift: 64 - slots.trailing_zeros(),
        }
    }

    fn slot(&self, (bits, length): CodeKey) -> usize {
        // Fibonacci hashing: the high bits of the product, which every bit of the key reaches.
        let mixed = (bits ^ length as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> self.shift) as usize
    }

    fn get(&self, key: CodeKey) -> Option<u32> {
        match self.slots[self.slot(key)] {
            Some((held, pair)) if held == key => Some(pair),
            _ => None,
        }
    }

    fn insert(&mut self, key: CodeKey, pair: u32) {
        let slot = self.slot(key);
        self.slots[slot] = Some((key, pair));
    }
}

/// Numbers the (code, label) pairs of rows given section by section, in document order.
pub struct PairNumbering<'s> {
    /// Each pair's code and label, by number (a label owned by its row is copied, once per pair).
    pairs: Vec<(&'s str, Label<'s>)>,
    /// The pairs' numbers, by the hash of their code and label.
    by_content: HashTable<u32>,
    last_of_code: LastPairOfCode,
    numbers: RowPairs,
}

impl<'s> PairNumbering<'s> {
    /// A numbering for a text of about `bytes` (which sizes its cache: about one slot for every
    /// eight rows of 64 bytes, a table listing the same codes in every region) and at most
    /// `lines` rows, one number each, room made for them at once: the numbers of a large text
    /// grown by doubling were copied twice over.
    pub fn for_text_of(bytes: usize, lines: usize) -> Self {
        PairNumbering {
            pairs: Vec::new(),
            by_content: HashTable::new(),
            last_of_code: LastPairOfCode::with_slots(bytes / 512),
            numbers: RowPairs {
                of_row: Vec::with_capacity(lines),
            },
        }
    }

    /// Numbers the rows of a section, settled (its malformed codes marked): rows without a code
    /// or with a malformed one get none.
    pub fn number_section(&mut self, rows: &[Row<'s>]) {
        for row in rows {
            let number = if row.malformed || row.code.is_empty() {
                RowPairs::NONE
            } else {
                self.number(row.code, &row.label)
            };
            self.numbers.of_row.push(number);
        }
    }

    #[inline]
    fn number(&mut self, code: &'s str, label: &Label<'s>) -> u32 {
        let key = code_key(code);
        // Equal keys are equal codes: only the label is left to compare.
        if let Some(pair) = key.and_then(|key| self.last_of_code.get(key))
            && self.pairs[pair as usize].1.as_ref() == label.as_ref()
        {
            return pair;
        }
        let hash = FxBuildHasher.hash_one((code, label.as_ref()));
        let pairs = &mut self.pairs;
        let same = |&pair: &u32| {
            let (held_code, held_label) = &pairs[pair as usize];
            *held_code == code && held_label.as_ref() == label.as_ref()
        };
        let pair = match self.by_content.find(hash, same) {
            Some(&pair) => pair,
            None => {
                let pair = u32::try_from(pairs.len()).unwrap_or(RowPairs::NONE);
                // A text of at most 4 GiB has fewer rows than `NONE`: never reached.
                if pair == RowPairs::NONE {
                    return RowPairs::NONE;
                }
                pairs.push((code, label.clone()));
                let rehash = |&pair: &u32| {
                    let (code, label) = &pairs[pair as usize];
                    FxBuildHasher.hash_one((*code, label.as_ref()))
                };
                self.by_content.insert_unique(hash, pair, rehash);
                pair
            }
        };
        if let Some(key) = key {
            self.last_of_code.insert(key, pair);
        }
        pair
    }

    /// The numbers of every row given, in order.
    pub fn finish(self) -> RowPairs {
        self.numbers
    }
}

/// The numbers of the rows of `sections`, as the parser gives them.
pub fn number_pairs(sections: &[Region<'_>]) -> RowPairs {
    let rows = sections
        .iter()
        .map(|section| section.rows.len())
        .sum::<usize>();
    let mut numbering = PairNumbering::for_text_of(rows * 64, rows);
    for section in sections {
        numbering.number_section(&section.rows);
    }
    numbering.finish()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The cache of last pairs never answers with another key's pair: a key reads back the
        /// pair last stored for it, or nothing once another key took its slot.
        #[test]
        fn the_last_pair_cache_answers_only_for_its_own_key(
            keys in proptest::collection::vec((0u64..3000, 4usize..7), 1..400)
        ) {
            let mut cache = LastPairOfCode::with_slots(0);
            let mut stored = std::collections::HashMap::new();
            for (step, &key) in keys.iter().enumerate() {
                if let Some(found) = cache.get(key) {
                    prop_assert_eq!(Some(&found), stored.get(&key));
                }
                cache.insert(key, step as u32);
                stored.insert(key, step as u32);
                prop_assert_eq!(cache.get(key), Some(step as u32));
            }
        }

        /// Two rows share a number exactly when they print the same code with the same label,
        /// and numbers count up from 0 in the order pairs first appear; rows without a code or
        /// with a malformed one get none. Codes from a few values (longer than eight bytes
        /// too, which the cache does not hold), labels borrowed or owned.
        #[test]
        fn rows_share_a_number_exactly_when_code_and_label_are_the_same(
            tables in proptest::collection::vec(
                proptest::collection::vec(
                    ("(1423[0-3]|F110[56]|A0Z4012345|)", "(Géomètre|Maçon|Géomètre )", any::<bool>(), any::<bool>()),
                    0..12,
                ),
                0..6,
            )
        ) {
            let text: Vec<Vec<(String, String)>> = tables
                .iter()
                .map(|rows| rows.iter().map(|(code, label, _, _)| (code.clone(), label.clone())).collect())
                .collect();
            let mut sections = Region::unplaced_sections(&text);
            for (section, rows) in sections.iter_mut().zip(&tables) {
                for (row, (_, label, owned, malformed)) in section.rows.iter_mut().zip(rows) {
                    if *owned {
                        row.label = crate::model::owned_label(label.clone());
                    }
                    row.malformed = *malformed;
                }
            }
            let numbers = number_pairs(&sections).of_row;
            let rows: Vec<&Row<'_>> = sections.iter().flat_map(|s| &s.rows).collect();
            prop_assert_eq!(numbers.len(), rows.len());
            let mut firsts: Vec<(&str, &str)> = Vec::new();
            for (row, &number) in rows.iter().zip(&numbers) {
                if row.malformed || row.code.is_empty() {
                    prop_assert_eq!(number, RowPairs::NONE);
                    continue;
                }
                let pair = (row.code, row.label.as_ref());
                let expected = firsts.iter().position(|&first| first == pair).unwrap_or(firsts.len());
                if expected == firsts.len() {
                    firsts.push(pair);
                }
                prop_assert_eq!(number as usize, expected);
            }
        }
    }

    /// The parser's numbers are those of a numbering of its finished sections: no row of a
    /// section changes after the section is numbered (wrapped labels joined, codes marked
    /// malformed), in any fixture, the regression inputs included.
    #[test]
    fn the_parser_numbers_the_rows_as_they_end_up() {
        let mut numbered = 0;
        for source in crate::parse::fixture_sources() {
            let document = crate::parse::parse(&source);
            assert_eq!(
                document.pairs,
                number_pairs(&document.regions),
                "{}",
                source.path
            );
            numbered += usize::from(document.pairs.of_row.iter().any(|&n| n != RowPairs::NONE));
        }
        assert!(numbered >= 20, "only {numbered} inputs have numbered rows");
    }
}
