//! What the document agrees on across regions: the label of each code, and the rows whose label
//! belongs to another code. Built once per audit and shared by the rules that weigh evidence.
//!
//! Nothing here compares every label with every other: rows are blocked by code (for label
//! agreement) and by the normal form of their label (for code/label agreement), both hash
//! lookups, so the cost grows with the number of rows, not its square.

use std::collections::HashMap;

use super::labels::normal_form;
use crate::model::{Document, Row};

/// How many rows a finding cites as evidence.
pub const MAX_EVIDENCE: usize = 3;

/// A row, by the index of its region and its index in that region's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowRef {
    pub region: usize,
    pub row: usize,
}

/// Rows of one code that print the same label.
#[derive(Debug, Clone)]
pub struct LabelGroup<'d> {
    pub label: &'d str,
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
        self.groups.iter().map(|group| group.rows.len()).sum()
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
    pub codes: HashMap<&'d str, CodeConsensus<'d>>,
    pub mismatches: HashMap<RowRef, Mismatch<'d>>,
    /// For each code, how many regions list it.
    pub regions_listing: HashMap<&'d str, usize>,
    /// For each word of a label's normal form, how many rows use it.
    pub word_rows: HashMap<String, usize>,
}

impl<'d> Consensus<'d> {
    pub fn build(document: &'d Document<'_>) -> Consensus<'d> {
        let rows: Vec<(RowRef, &'d Row<'_>)> = document
            .regions
            .iter()
            .enumerate()
            .flat_map(|(region, r)| {
                r.rows
                    .iter()
                    .enumerate()
                    .map(move |(row, value)| (RowRef { region, row }, value))
            })
            // Rows without a code (lists of labels) have no code to agree on.
            .filter(|(_, row)| !row.malformed && !row.code.is_empty())
            .collect();

        // Distinct labels are normalised once each, however often they are printed.
        let mut normal_of: HashMap<&'d str, String> = HashMap::new();
        for (_, row) in &rows {
            normal_of
                .entry(row.label.as_ref())
                .or_insert_with(|| normal_form(&row.label));
        }

        // (normal form, code) → number of rows, and the first few of them as evidence.
        let mut carriers: HashMap<(&str, &'d str), (usize, Vec<RowRef>)> = HashMap::new();
        // normal form → codes printed with it.
        let mut codes_by_label: HashMap<&str, Vec<&'d str>> = HashMap::new();
        let mut code_rows: HashMap<&'d str, usize> = HashMap::new();
        let mut regions_listing: HashMap<&'d str, usize> = HashMap::new();
        let mut last_region: HashMap<&'d str, usize> = HashMap::new();
        for (at, row) in &rows {
            let normal = normal_of[row.label.as_ref()].as_str();
            let (count, examples) = carriers
                .entry((normal, row.code.as_ref()))
                .or_insert((0, Vec::new()));
            if *count == 0 {
                codes_by_label
                    .entry(normal)
                    .or_default()
                    .push(row.code.as_ref());
            }
            *count += 1;
            if examples.len() < MAX_EVIDENCE {
                examples.push(*at);
            }
            *code_rows.entry(row.code.as_ref()).or_insert(0) += 1;
            if last_region.insert(row.code.as_ref(), at.region) != Some(at.region) {
                *regions_listing.entry(row.code.as_ref()).or_insert(0) += 1;
            }
        }

        let mut mismatches = HashMap::new();
        for (at, row) in &rows {
            let normal = normal_of[row.label.as_ref()].as_str();
            let code = row.code.as_ref();
            if carriers[&(normal, code)].0 > 1 {
                // The printed code carries this label elsewhere too: consistent, not a slip.
                continue;
            }
            let best = codes_by_label[normal]
                .iter()
                .filter(|&&other| other != code)
                .map(|&other| (other, carriers[&(normal, other)].0))
                .filter(|&(_, support)| support >= 2)
                .max_by_key(|&(other, support)| {
                    (
                        support,
                        std::cmp::Reverse(code_distance(code, other).unwrap_or(99)),
                    )
                });
            let Some((likely, support)) = best else {
                continue;
            };
            let elsewhere = code_rows[code] - 1;
            let distance = code_distance(code, likely);
            let close = distance.is_some_and(|d| d <= 1);
            // A rare code one digit away is a slip on two rows of evidence; a code that is
            // printed elsewhere with its own label, far from the other, needs more.
            if !(close || elsewhere == 0 || support >= 3) {
                continue;
            }
            let supporting = carriers[&(normal, likely)].1.clone();
            mismatches.insert(
                *at,
                Mismatch {
                    likely_code: likely,
                    support,
                    supporting,
                    printed_code_elsewhere: elsewhere,
                    code_distance: distance,
                    order_favours_likely: order_favours(document, *at, likely),
                },
            );
        }

        let codes = agreements(&rows, &mismatches);

        let mut word_rows: HashMap<String, usize> = HashMap::new();
        let mut label_rows: HashMap<&str, usize> = HashMap::new();
        for (_, row) in &rows {
            *label_rows
                .entry(normal_of[row.label.as_ref()].as_str())
                .or_insert(0) += 1;
        }
        for (normal, count) in label_rows {
            let mut words: Vec<&str> = normal.split(' ').filter(|w| !w.is_empty()).collect();
            words.sort_unstable();
            words.dedup();
            for word in words {
                *word_rows.entry(word.to_owned()).or_insert(0) += count;
            }
        }

        Consensus {
            codes,
            mismatches,
            regions_listing,
            word_rows,
        }
    }

    /// The code a row is most likely meant to have: the likely code of a mismatch, else its own.
    pub fn effective_code<'r>(&'r self, at: RowRef, row: &'r Row<'_>) -> &'r str {
        self.mismatches
            .get(&at)
            .map_or(row.code.as_ref(), |mismatch| mismatch.likely_code)
    }
}

/// Groups each code's rows by printed label, leaving out rows whose label belongs to another code.
fn agreements<'d>(
    rows: &[(RowRef, &'d Row<'_>)],
    mismatches: &HashMap<RowRef, Mismatch<'d>>,
) -> HashMap<&'d str, CodeConsensus<'d>> {
    let mut grouped: HashMap<&'d str, Vec<LabelGroup<'d>>> = HashMap::new();
    let mut group_index: HashMap<(&'d str, &'d str), usize> = HashMap::new();
    for (at, row) in rows {
        if mismatches.contains_key(at) {
            continue;
        }
        let (code, label) = (row.code.as_ref(), row.label.as_ref());
        let groups = grouped.entry(code).or_default();
        let index = *group_index.entry((code, label)).or_insert_with(|| {
            groups.push(LabelGroup {
                label,
                rows: Vec::new(),
            });
            groups.len() - 1
        });
        groups[index].rows.push(*at);
    }
    grouped
        .into_iter()
        .map(|(code, mut groups)| {
            // Stable: equal counts keep the order they were first printed in.
            groups.sort_by_key(|group| std::cmp::Reverse(group.rows.len()));
            let top = groups[0].rows.len();
            let tied: Vec<usize> = (0..groups.len())
                .filter(|&index| groups[index].rows.len() == top)
                .collect();
            let agreement = if tied.len() > 1 {
                Agreement::Tie(tied)
            } else {
                Agreement::Majority(0)
            };
            (code, CodeConsensus { groups, agreement })
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
    let rows = &document.regions[at.region].rows;
    let printed = rows[at.row].code.as_ref();
    let previous = at
        .row
        .checked_sub(1)
        .and_then(|i| rows.get(i))
        .map(|r| r.code.as_ref());
    let next = rows.get(at.row + 1).map(|r| r.code.as_ref());
    let fits = |code: &str| previous.is_none_or(|p| p <= code) && next.is_none_or(|n| code <= n);
    fits(likely) && !fits(printed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_distances() {
        assert_eq!(code_distance("52213", "52313"), Some(1));
        assert_eq!(code_distance("52213", "52231"), Some(1));
        assert_eq!(code_distance("14232", "61222"), Some(3));
        assert_eq!(code_distance("1423", "14232"), None);
    }
}
