//! What the document agrees on across regions: the label of each code, and the rows whose label
//! belongs to another code. Built once per audit and shared by the rules that weigh evidence.
//!
//! Nothing here compares every label with every other: rows are blocked by code (for label
//! agreement) and by the normal form of their label (for code/label agreement), both hash
//! lookups, so the cost grows with the number of rows, not its square.

use rustc_hash::FxHashMap;

use super::labels::normal_form;
use crate::model::{Document, Row, RowPairs};
use crate::parse::row_pairs::number_pairs;

/// How many rows a finding cites as evidence.
pub const MAX_EVIDENCE: usize = 3;

/// How many codes may print a label on two rows or more for the label to be one code's: a label
/// that more codes print is shared (a generic title), no evidence that a row printing it once
/// has the wrong code. Bounds the candidates weighed for each such row.
pub const MAX_CODES_OF_A_LABEL: usize = 8;

/// A row, by the index of its region and its index in that region's rows. Kept in 32 bits
/// each: the consensus holds one per row, millions on a large input (a text of at most 4 GiB
/// has fewer lines than that).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowRef {
    region: u32,
    row: u32,
}

impl RowRef {
    pub fn new(region: usize, row: usize) -> RowRef {
        let narrow = |index: usize| u32::try_from(index).unwrap_or(u32::MAX);
        RowRef {
            region: narrow(region),
            row: narrow(row),
        }
    }

    /// The index of the row's region in the document.
    pub fn region(self) -> usize {
        self.region as usize
    }

    /// The index of the row in its region.
    pub fn row(self) -> usize {
        self.row as usize
    }
}

/// Rows of one code that print the same label.
#[derive(Debug, Clone)]
pub struct LabelGroup<'d> {
    pub label: &'d str,
    /// How many rows print it.
    pub count: usize,
    /// Its rows, in document order: all of them for a variant; for the first group of a code
    /// (the one the others are held to), the first [`MAX_EVIDENCE`], which is all a finding
    /// cites of it (listing the millions of rows of the agreed labels of a large input would
    /// cost more than the rest of the consensus).
    pub rows: Vec<RowRef>,
}

/// Which label a code's rows agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agreement {
    /// The group (index into `groups`) that more rows print than any other.
    Majority(usize),
    /// Several groups print the same, highest number of rows.
    Tie(Vec<usize>),
}

/// Everything the rows of one code say about its label.
#[derive(Debug, Clone)]
pub struct CodeConsensus<'d> {
    /// Most printed first; equal counts in the order they first appear.
    pub groups: Vec<LabelGroup<'d>>,
    pub agreement: Agreement,
}

impl CodeConsensus<'_> {
    pub fn rows(&self) -> usize {
        self.groups.iter().map(|group| group.count).sum()
    }
}

/// A row whose label is, by agreement across the document, another code's label.
#[derive(Debug, Clone)]
pub struct Mismatch<'d> {
    /// The code the label belongs to.
    pub likely_code: &'d str,
    /// How many rows print `likely_code` with this label.
    pub support: usize,
    /// The first of those rows.
    pub supporting: Vec<RowRef>,
    /// Other rows of the document that print the row's own code.
    pub printed_code_elsewhere: usize,
    /// Positions at which the two codes differ (for codes of equal length).
    pub code_distance: Option<usize>,
    /// Whether `likely_code` fits the table's ascending order at this row and the printed code
    /// does not.
    pub order_favours_likely: bool,
}

#[derive(Debug, Default)]
pub struct Consensus<'d> {
    pub codes: FxHashMap<&'d str, CodeConsensus<'d>>,
    pub mismatches: FxHashMap<RowRef, Mismatch<'d>>,
    /// For each code, how many regions list it.
    pub regions_listing: FxHashMap<&'d str, usize>,
    /// For each word of a label's normal form, how many rows use it.
    pub word_rows: FxHashMap<String, usize>,
}

impl<'d> Consensus<'d> {
    pub fn build(document: &'d Document<'_>) -> Consensus<'d> {
        // The parser numbered each distinct (code, label) pair as it read the rows; this walks
        // the numbers, not the rows and their labels (on a large input, read back from memory),
        // and gives codes and labels their numbers once per pair. The work after it is per pair
        // (a table lists the same few hundred pairs in every region).
        let total_rows = document.regions.iter().map(|r| r.rows.len()).sum::<usize>();
        let tallied = (document.pairs.of_row.len() == total_rows)
            .then(|| PairTally::count(document, &document.pairs))
            .flatten();
        // A document built without the parser (or numbered inconsistently) is numbered here.
        let renumbered;
        let (numbers, tally) = match tallied {
            Some(tally) => (&document.pairs, tally),
            None => {
                renumbered = number_pairs(&document.regions);
                let tally = PairTally::count(document, &renumbered).unwrap_or_default();
                (&renumbered, tally)
            }
        };
        let (codes, labels) = (&tally.codes, &tally.labels);
        let (pairs, rows_of_pair) = (&tally.pairs, &tally.rows_of_pair);
        // Labels that differ only in case, accents or punctuation share a normal form.
        let mut normals = Interner::default();
        let normal_forms: Vec<String> = labels.values.iter().map(|l| normal_form(l)).collect();
        let normal_of_label: Vec<u32> = normal_forms.iter().map(|n| normals.id(n)).collect();

        // (normal form, code) → number of rows, and the first few of them as evidence; several
        // pairs share an entry (labels of one normal form), which each pair finds once.
        let mut carrier_slots: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut carriers: Vec<Carrier> = Vec::new();
        // normal form → codes printed with it.
        let mut codes_by_label: Vec<Vec<u32>> = vec![Vec::new(); normals.values.len()];
        // code → its rows: the sum of its pairs' rows.
        let mut code_rows = vec![0usize; codes.values.len()];
        for ((&(code, label), &rows), first_rows) in pairs
            .iter()
            .zip(rows_of_pair)
            .zip(&tally.first_rows_of_pair)
        {
            code_rows[code as usize] += rows;
            let normal = normal_of_label[label as usize];
            let slot = *carrier_slots.entry((normal, code)).or_insert_with(|| {
                carriers.push(Carrier::default());
                codes_by_label[normal as usize].push(code);
                (carriers.len() - 1) as u32
            });
            let carrier = &mut carriers[slot as usize];
            carrier.rows += rows;
            carrier.examples.extend(first_rows);
        }
        // A carrier of several pairs has the first rows of each: the first of all, in document
        // order, are among them.
        for carrier in &mut carriers {
            carrier.examples.sort_unstable();
            carrier.examples.truncate(MAX_EVIDENCE);
        }

        // normal form → the codes printed with it on two rows or more, the only candidates for a
        // row's likely code: going through every code of a label for each of its rows would be
        // quadratic when a label is printed once each with many codes. None for a label that
        // more than MAX_CODES_OF_A_LABEL codes print so (shared; and weighing them all for each
        // row printing it once would be quadratic again).
        let supported: Vec<Vec<(u32, usize)>> = codes_by_label
            .iter()
            .enumerate()
            .map(|(normal, codes)| {
                let supported: Vec<(u32, usize)> = codes
                    .iter()
                    .map(|&code| {
                        let slot = carrier_slots[&(normal as u32, code)];
                        (code, carriers[slot as usize].rows)
                    })
                    .filter(|&(_, support)| support >= 2)
                    .collect();
                if supported.len() > MAX_CODES_OF_A_LABEL {
                    Vec::new()
                } else {
                    supported
                }
            })
            .collect();

        // Only a label printed with its code on one row alone can belong to another code (the
        // printed code carries it elsewhere too otherwise: consistent, not a slip); that row is
        // its entry's first example.
        let mut mismatches = FxHashMap::default();
        for (&(normal, code), &slot) in &carrier_slots {
            let carrier = &carriers[slot as usize];
            let [at] = carrier.examples[..] else {
                continue;
            };
            if carrier.rows != 1 {
                continue;
            }
            let printed = codes.values[code as usize];
            let best = supported[normal as usize]
                .iter()
                .copied()
                .filter(|&(other, _)| other != code)
                .max_by_key(|&(other, support)| {
                    let distance = code_distance(printed, codes.values[other as usize]);
                    (support, std::cmp::Reverse(distance.unwrap_or(99)))
                });
            let Some((likely_id, support)) = best else {
                continue;
            };
            let likely = codes.values[likely_id as usize];
            let elsewhere = code_rows[code as usize] - 1;
            let distance = code_distance(printed, likely);
            let close = distance.is_some_and(|d| d <= 1);
            // A rare code one digit away is a slip on two rows of evidence; a code that is
            // printed elsewhere with its own label, far from the other, needs more.
            if !(close || elsewhere == 0 || support >= 3) {
                continue;
            }
            mismatches.insert(
                at,
                Mismatch {
                    likely_code: likely,
                    support,
                    supporting: carriers[carrier_slots[&(normal, likely_id)] as usize]
                        .examples
                        .clone(),
                    printed_code_elsewhere: elsewhere,
                    code_distance: distance,
                    order_favours_likely: order_favours(document, at, likely),
                },
            );
        }

        let mut rows_per_normal = vec![0usize; normals.values.len()];
        for (&(_, label), rows) in pairs.iter().zip(rows_of_pair) {
            rows_per_normal[normal_of_label[label as usize] as usize] += rows;
        }
        let regions_listing = codes
            .values
            .iter()
            .copied()
            .zip(&tally.regions_listing_by_id)
            .map(|(code, &regions)| (code, regions))
            .collect();
        let agreed = agreements(document, numbers, tally, &mismatches);

        let mut word_rows: FxHashMap<String, usize> = FxHashMap::default();
        for (normal, count) in normals.values.iter().zip(rows_per_normal) {
            let mut words: Vec<&str> = normal.split(' ').filter(|w| !w.is_empty()).collect();
            words.sort_unstable();
            words.dedup();
            for word in words {
                *word_rows.entry(word.to_owned()).or_insert(0) += count;
            }
        }

        Consensus {
            codes: agreed,
            mismatches,
            regions_listing,
            word_rows,
        }
    }

    /// The code a row is most likely meant to have: the likely code of a mismatch, else its own.
    pub fn effective_code<'r>(&'r self, at: RowRef, row: &'r Row<'_>) -> &'r str {
        self.mismatches
            .get(&at)
            .map_or(row.code, |mismatch| mismatch.likely_code)
    }
}

/// How many rows print each (code, label) pair and the first few of them, and the codes' and
/// labels' numbers.
#[derive(Default)]
struct PairTally<'d> {
    codes: Interner<'d>,
    labels: Interner<'d>,
    /// pair → (code, label)
    pairs: Vec<(u32, u32)>,
    /// pair → how many rows print it.
    rows_of_pair: Vec<usize>,
    /// pair → its first rows (up to [`MAX_EVIDENCE`]), in document order.
    first_rows_of_pair: Vec<Vec<RowRef>>,
    /// By code: how many regions list it.
    regions_listing_by_id: Vec<usize>,
}

impl<'d> PairTally<'d> {
    /// Counts the rows of `document` by their numbers; `None` when the numbers are not the
    /// parser's (a pair numbered before the pairs below it).
    fn count(document: &'d Document<'_>, numbers: &RowPairs) -> Option<PairTally<'d>> {
        let mut tally = PairTally::default();
        // By code: the last region seen listing it.
        let mut last_region: Vec<usize> = Vec::new();
        let mut numbers = numbers.of_row.as_slice();
        for (region_index, region) in document.regions.iter().enumerate() {
            let (of_region, rest) = numbers.split_at_checked(region.rows.len())?;
            numbers = rest;
            for (row_index, &pair) in of_region.iter().enumerate() {
                let pair = pair as usize;
                // Numbers count up from 0: a number not seen yet is the next pair's (its first
                // row, whose code and label get their numbers), or no pair at all.
                if pair >= tally.pairs.len() {
                    if pair == RowPairs::NONE as usize {
                        continue;
                    }
                    if pair != tally.pairs.len() {
                        return None;
                    }
                    let row = region.rows.get(row_index)?;
                    let code = tally.codes.id(row.code);
                    if code as usize == last_region.len() {
                        tally.regions_listing_by_id.push(0);
                        last_region.push(usize::MAX);
                    }
                    let label = tally.labels.id(row.label.as_ref());
                    tally.pairs.push((code, label));
                    tally.rows_of_pair.push(0);
                    tally.first_rows_of_pair.push(Vec::new());
                }
                // Counted, not listed: a pair's rows are listed only where a finding needs
                // them all (a variant's), in a second walk (`rows_of_pairs`).
                let rows = &mut tally.rows_of_pair[pair];
                *rows += 1;
                if *rows <= MAX_EVIDENCE {
                    tally.first_rows_of_pair[pair].push(RowRef::new(region_index, row_index));
                }
                let code = tally.pairs[pair].0 as usize;
                if last_region[code] != region_index {
                    last_region[code] = region_index;
                    tally.regions_listing_by_id[code] += 1;
                }
            }
        }
        Some(tally)
    }
}

/// The rows of each pair in `wanted` (by pair number), in document order; no rows for the
/// others.
fn rows_of_pairs(
    document: &Document<'_>,
    numbers: &RowPairs,
    wanted: &[bool],
    rows_of_pair: &[usize],
) -> Vec<Vec<RowRef>> {
    let mut rows: Vec<Vec<RowRef>> = wanted
        .iter()
        .zip(rows_of_pair)
        .map(|(&wanted, &count)| Vec::with_capacity(if wanted { count } else { 0 }))
        .collect();
    let mut numbers = numbers.of_row.iter();
    for (region_index, region) in document.regions.iter().enumerate() {
        let numbers = numbers.by_ref().take(region.rows.len());
        for (row_index, &pair) in numbers.enumerate() {
            let pair = pair as usize;
            if wanted.get(pair).copied().unwrap_or(false) {
                rows[pair].push(RowRef::new(region_index, row_index));
            }
        }
    }
    rows
}

/// The rows printing one code with labels of one normal form.
#[derive(Default)]
struct Carrier {
    rows: usize,
    /// The first few, in document order.
    examples: Vec<RowRef>,
}

/// Numbers for distinct strings, in order of first appearance.
#[derive(Default)]
struct Interner<'a> {
    ids: FxHashMap<&'a str, u32>,
    values: Vec<&'a str>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, value: &'a str) -> u32 {
        let next = self.values.len() as u32;
        *self.ids.entry(value).or_insert_with(|| {
            self.values.push(value);
            next
        })
    }
}

/// Groups each code's rows by printed label: one group per (code, label) pair, in the order the
/// pairs first appear, leaving out a row whose label belongs to another code (its pair has that
/// row alone: the group goes).
fn agreements<'d>(
    document: &Document<'_>,
    numbers: &RowPairs,
    tally: PairTally<'d>,
    mismatches: &FxHashMap<RowRef, Mismatch<'d>>,
) -> FxHashMap<&'d str, CodeConsensus<'d>> {
    let PairTally {
        codes,
        labels,
        pairs,
        rows_of_pair,
        mut first_rows_of_pair,
        ..
    } = tally;
    let mut pairs_of_code: Vec<Vec<usize>> = vec![Vec::new(); codes.values.len()];
    for (pair, &(code, _)) in pairs.iter().enumerate() {
        let first = first_rows_of_pair[pair].first();
        if rows_of_pair[pair] == 1 && first.is_some_and(|at| mismatches.contains_key(at)) {
            continue;
        }
        pairs_of_code[code as usize].push(pair);
    }
    // Most printed first; stable: equal counts keep the order they were first printed in.
    for pairs in &mut pairs_of_code {
        pairs.sort_by_key(|&pair| std::cmp::Reverse(rows_of_pair[pair]));
    }
    // Every group but the first of its code is a variant, whose rows are listed whole. One
    // printed on a few rows has them all among its first rows already: only a variant printed
    // more often is listed by a walk over every row's number.
    let mut listed = vec![false; pairs.len()];
    for pairs in &pairs_of_code {
        for &pair in pairs.iter().skip(1) {
            listed[pair] = rows_of_pair[pair] > MAX_EVIDENCE;
        }
    }
    let mut rows_of_variant = if listed.contains(&true) {
        rows_of_pairs(document, numbers, &listed, &rows_of_pair)
    } else {
        vec![Vec::new(); pairs.len()]
    };
    codes
        .values
        .iter()
        .zip(pairs_of_code)
        .filter(|(_, pairs)| !pairs.is_empty())
        .map(|(code, pairs_of_code)| {
            let groups: Vec<LabelGroup<'d>> = pairs_of_code
                .iter()
                .enumerate()
                .map(|(rank, &pair)| LabelGroup {
                    label: labels.values[pairs[pair].1 as usize],
                    count: rows_of_pair[pair],
                    rows: std::mem::take(if rank == 0 || !listed[pair] {
                        &mut first_rows_of_pair[pair]
                    } else {
                        &mut rows_of_variant[pair]
                    }),
                })
                .collect();
            let top = groups[0].count;
            let tied: Vec<usize> = (0..groups.len())
                .filter(|&index| groups[index].count == top)
                .collect();
            let agreement = if tied.len() > 1 {
                Agreement::Tie(tied)
            } else {
                Agreement::Majority(0)
            };
            (*code, CodeConsensus { groups, agreement })
        })
        .collect()
}

/// Number of positions at which two codes of equal length differ; a swap of two neighbouring
/// characters counts as one.
pub fn code_distance(a: &str, b: &str) -> Option<usize> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return None;
    }
    let differing: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match differing.as_slice() {
        [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i] => Some(1),
        other => Some(other.len()),
    }
}

/// Whether `likely` sits in ascending order between the row's neighbours while its printed
/// code does not.
fn order_favours(document: &Document<'_>, at: RowRef, likely: &str) -> bool {
    let rows = &document.regions[at.region()].rows;
    let printed = rows[at.row()].code;
    let previous = at
        .row()
        .checked_sub(1)
        .and_then(|i| rows.get(i))
        .map(|r| r.code);
    let next = rows.get(at.row() + 1).map(|r| r.code);
    let fits = |code: &str| previous.is_none_or(|p| p <= code) && next.is_none_or(|n| code <= n);
    fits(likely) && !fits(printed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Region;

    /// More codes than the cache has slots, each printed with its own label in two regions, with
    /// another in a third and with a label every code shares in a fourth: every code still gets
    /// its three groups, whichever codes the cache held.
    #[test]
    fn codes_beyond_the_cache_are_grouped_as_the_others() {
        let codes = 5000;
        let table = |suffix: &str| -> Vec<(String, String)> {
            (0..codes)
                .map(|index| {
                    (
                        format!("{:05}", 10_000 + index),
                        format!("Métier {index}{suffix}"),
                    )
                })
                .collect()
        };
        let shared: Vec<(String, String)> = (0..codes)
            .map(|index| (format!("{:05}", 10_000 + index), "Commun".to_owned()))
            .collect();
        let tables = vec![table(""), table(" bis"), table(""), shared];
        let document = Document {
            regions: Region::unplaced_sections(&tables),
            ..Document::default()
        };
        let consensus = Consensus::build(&document);
        assert_eq!(consensus.codes.len(), codes);
        for index in 0..codes {
            let code = format!("{:05}", 10_000 + index);
            let groups = &consensus.codes[code.as_str()].groups;
            let shape: Vec<(&str, Vec<usize>)> = groups
                .iter()
                .map(|group| {
                    (
                        group.label,
                        group.rows.iter().map(|at| at.region()).collect(),
                    )
                })
                .collect();
            let label = format!("Métier {index}");
            let other = format!("Métier {index} bis");
            assert_eq!(
                shape,
                vec![
                    (label.as_str(), vec![0, 2]),
                    (other.as_str(), vec![1]),
                    ("Commun", vec![3])
                ],
                "{code}"
            );
        }
    }

    /// Each group of a code as its label, its count and the regions of the rows it lists.
    fn groups_by_region<'d>(agreed: &CodeConsensus<'d>) -> Vec<(&'d str, usize, Vec<usize>)> {
        agreed
            .groups
            .iter()
            .map(|group| {
                let regions = group.rows.iter().map(|at| at.region()).collect();
                (group.label, group.count, regions)
            })
            .collect()
    }

    /// A code printed with one label in six regions and another in two: the agreed group counts
    /// its six rows and keeps the first three (what a finding cites); the variant lists both of
    /// its rows, and the code's row count is the sum.
    #[test]
    fn the_agreed_group_keeps_its_first_rows_and_a_variant_all_of_its_own() {
        let table = |label: &str| vec![("14232".to_owned(), label.to_owned())];
        let tables: Vec<Vec<(String, String)>> = [
            "Géomètre",
            "Géometre",
            "Géomètre",
            "Géomètre",
            "Géometre",
            "Géomètre",
            "Géomètre",
            "Géomètre",
        ]
        .iter()
        .map(|label| table(label))
        .collect();
        let document = Document {
            regions: Region::unplaced_sections(&tables),
            ..Document::default()
        };
        let consensus = Consensus::build(&document);
        let agreed = &consensus.codes["14232"];
        assert_eq!(
            groups_by_region(agreed),
            vec![("Géomètre", 6, vec![0, 2, 3]), ("Géometre", 2, vec![1, 4])]
        );
        assert_eq!(agreed.agreement, Agreement::Majority(0));
        assert_eq!(agreed.rows(), 8);
    }

    /// Variants on more rows than the first rows a pair keeps are listed whole by a walk over
    /// the numbers, the others from their first rows: each comes out with every row it has,
    /// in document order, either way.
    #[test]
    fn every_variant_lists_all_its_rows_however_many() {
        let table = |label: &str| vec![("14232".to_owned(), label.to_owned())];
        let labels = [
            "Géomètre",
            "Géometre",
            "Géomètre",
            "Geometre",
            "Géometre",
            "Géomètre",
            "Géometre",
            "Géomètre",
            "Géometre",
            "Géomètre",
            "Géometre",
            "Géomètre",
            "Geometre",
            "Géomètre",
            "Géomètre",
            "Géomètre",
        ];
        let tables: Vec<Vec<(String, String)>> = labels.iter().map(|label| table(label)).collect();
        let document = Document {
            regions: Region::unplaced_sections(&tables),
            ..Document::default()
        };
        let consensus = Consensus::build(&document);
        assert_eq!(
            groups_by_region(&consensus.codes["14232"]),
            vec![
                ("Géomètre", 9, vec![0, 2, 5]),
                ("Géometre", 5, vec![1, 4, 6, 8, 10]),
                ("Geometre", 2, vec![3, 12]),
            ]
        );
    }

    /// A label printed on two rows by each of a few codes, and once by another: the row is
    /// held to the closest of them. Printed so by more than MAX_CODES_OF_A_LABEL codes, the
    /// label is shared and the row is not taken for a slip.
    #[test]
    fn a_label_many_codes_print_is_no_evidence_against_a_code() {
        let mismatched = |carriers: usize| {
            let table: Vec<(String, String)> = (0..carriers)
                .map(|index| (format!("{}", 20_000 + index), "Agent".to_owned()))
                .collect();
            let lone = vec![("20011".to_owned(), "Agent".to_owned())];
            let tables = vec![table.clone(), table, lone];
            let document = Document {
                regions: Region::unplaced_sections(&tables),
                ..Document::default()
            };
            let consensus = Consensus::build(&document);
            let likely: Vec<String> = consensus
                .mismatches
                .values()
                .map(|mismatch| mismatch.likely_code.to_owned())
                .collect();
            likely
        };
        assert_eq!(
            mismatched(MAX_CODES_OF_A_LABEL - 1),
            vec!["20001".to_owned()]
        );
        assert_eq!(mismatched(MAX_CODES_OF_A_LABEL + 1), Vec::<String>::new());
    }

    #[test]
    fn code_distances() {
        assert_eq!(code_distance("52213", "52313"), Some(1));
        assert_eq!(code_distance("52213", "52231"), Some(1));
        assert_eq!(code_distance("14232", "61222"), Some(3));
        assert_eq!(code_distance("1423", "14232"), None);
    }
}
