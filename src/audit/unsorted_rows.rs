//! `unsorted-rows`: a region's codes are not in ascending order.

use rustc_hash::FxHashSet;

use super::consensus::RowRef;
use super::{Context, Finding, Rule, RuleDoc, Severity, reset_for};
use crate::model::{code_key, compare_codes};

pub static RULE: Rule = Rule {
    id: "AA009",
    name: "unsorted-rows",
    default_severity: Severity::Info,
    doc: RuleDoc {
        summary: "A region's codes are not in ascending order; one finding per region, at the \
                  first row out of place, naming the row it should follow.",
        why: "These tables are printed in code order. A row out of order is harder to find and \
              compare, and is often the trace of a row inserted or edited by hand. The rows out \
              of place are those outside the longest ascending run of the table, so one row \
              moved is one row reported, however far it moved. A row whose code is reported by \
              code-label-mismatch is placed by its likely code.",
        example: "Bourgogne\n\n14232\t…\n32112\t…\n33121\tMarchandiseur …\n32321\t…\n32331\t…\n\n\
                  → info: rows of Bourgogne are not in ascending code order: 33121 (line 3) \
                  should come after 32331 (line 5)",
    },
    check: Some(check),
};

fn check(context: &Context<'_, '_>, findings: &mut Vec<Finding>) {
    let consensus = context.consensus();
    let corrected: FxHashSet<usize> = consensus.mismatches.keys().map(|at| at.region()).collect();
    let mut seen = FxHashSet::default();
    let mut firsts = Vec::new();
    for (region_index, region) in context.document.regions.iter().enumerate() {
        // Most tables are in order: ascending codes (a repeated code stands next to itself, for
        // duplicate-row to report), none to correct, nothing to do.
        let in_order = region.strictly_ascending || region.codes_non_decreasing;
        let has_corrections = corrected.contains(&region_index);
        if in_order && !has_corrections {
            continue;
        }
        // Nor when each code, at its first row, comes after the codes before it: the repeats
        // out of place (a duplicate far from its first) are duplicate-row's, and then no row is
        // out of place (told without the longest ascending run).
        let well_formed = region
            .rows
            .iter()
            .filter(|row| !row.malformed && !row.code.is_empty());
        if !has_corrections && first_codes_ascending(well_formed.map(|row| row.code), &mut firsts) {
            continue;
        }
        // A repeated code is duplicate-row's to report; its position says nothing more.
        reset_for(&mut seen, region.rows.len());
        let coded: Vec<(usize, &str)> = region
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| !row.malformed && !row.code.is_empty())
            .filter(|(_, row)| seen.insert(row.code))
            .map(|(index, row)| {
                // Only a table with a mismatch has a row whose likely code differs from its own.
                let code = if has_corrections {
                    consensus.effective_code(RowRef::new(region_index, index), row)
                } else {
                    row.code
                };
                (index, code)
            })
            .collect();
        // Codes of up to eight bytes (every real one) compared as integers, in the order of
        // `compare_codes`: the search compares each row with several others.
        let packed: Option<Vec<(u64, usize)>> =
            coded.iter().map(|(_, code)| code_key(code)).collect();
        let in_order = match packed {
            Some(keys) => longest_ascending(&keys),
            None => longest_ascending(&coded.iter().map(|(_, code)| *code).collect::<Vec<_>>()),
        };
        let out_of_place: Vec<usize> = (0..coded.len()).filter(|i| !in_order[*i]).collect();
        let Some(&first) = out_of_place.first() else {
            continue;
        };
        let (row_index, code) = coded[first];
        let row = &region.rows[row_index];
        // The row it should follow: the greatest code below it among the rows in order.
        let follows = coded
            .iter()
            .enumerate()
            .filter(|(i, (_, other))| in_order[*i] && compare_codes(other, code).is_lt())
            .max_by_key(|(_, (_, other))| *other)
            .map(|(_, (index, _))| &region.rows[*index]);
        let placement = match follows {
            Some(previous) => format!(
                "should come after {} (line {})",
                previous.code, previous.line
            ),
            None => "should come first".to_owned(),
        };
        let more = match out_of_place.len() {
            1 => String::new(),
            n => format!("; {n} rows are out of place in all"),
        };
        let mut finding = Finding::new(
            &RULE,
            row.code_span(context.source),
            format!(
                "rows of {} are not in ascending code order: {code} (line {}) {placement}{more}",
                region.name, row.line
            ),
        )
        .region(&region.name)
        .row(row.code, &row.label)
        .annotate("out of order")
        .subject(code)
        .help("sort the table by code");
        if let Some(previous) = follows {
            finding = finding.related(
                previous.code_span(context.source),
                format!("{code} belongs after this row"),
            );
        }
        findings.push(finding);
    }
}

/// Whether `codes`, each at its first occurrence, are in ascending order; false also when a
/// code is too long to pack (the caller then looks at the rows in full). The codes seen so far
/// are ascending while this holds, so a code below the last is looked up in them by bisection,
/// to tell a repeat from a row out of place.
fn first_codes_ascending<'c>(
    codes: impl Iterator<Item = &'c str>,
    firsts: &mut Vec<(u64, usize)>,
) -> bool {
    firsts.clear();
    for code in codes {
        let Some(key) = code_key(code) else {
            return false;
        };
        match firsts.last() {
            Some(&last) if key == last => {}
            Some(&last) if key < last => {
                if firsts.binary_search(&key).is_err() {
                    return false;
                }
            }
            _ => firsts.push(key),
        }
    }
    true
}

/// Marks the members of a longest non-decreasing subsequence, keeping the earliest rows where
/// several are equally long: of two rows in the wrong order, the later one is out of place.
/// `codes` are in any form that orders as the codes do (`str`, or packed codes and lengths).
fn longest_ascending<C: Ord + Copy>(codes: &[C]) -> Vec<bool> {
    // run_from[i]: length of the longest ascending run starting at row i, computed right to
    // left; best_start[k]: the greatest code that starts a run of length k + 1 (non-increasing).
    let mut run_from = vec![0; codes.len()];
    let mut best_start: Vec<C> = Vec::new();
    for index in (0..codes.len()).rev() {
        let code = codes[index];
        let position = best_start.partition_point(|&start| start >= code);
        run_from[index] = position + 1;
        if position == best_start.len() {
            best_start.push(code);
        } else {
            best_start[position] = code;
        }
    }
    let mut members = vec![false; codes.len()];
    let mut needed = best_start.len();
    let mut last: Option<C> = None;
    for (index, &code) in codes.iter().enumerate() {
        if needed > 0 && run_from[index] == needed && last.is_none_or(|l| l <= code) {
            members[index] = true;
            needed -= 1;
            last = Some(code);
        }
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Packed codes and their lengths order as the codes do: the same rows are in order
        /// either way (fails when the codes are packed in the other byte order).
        #[test]
        fn packed_codes_find_the_same_rows_in_order(
            codes in proptest::collection::vec("[0-9A-Z]{1,8}", 0..40)
        ) {
            let strs: Vec<&str> = codes.iter().map(String::as_str).collect();
            let keys: Vec<(u64, usize)> = strs
                .iter()
                .filter_map(|code| code_key(code))
                .collect();
            prop_assert_eq!(longest_ascending(&keys), longest_ascending(&strs));
        }

        /// The shortcut says "in order" exactly when the longest ascending run of the codes,
        /// each at its first occurrence, holds them all (when every code packs; never wrongly
        /// otherwise). Fails if a repeat below the last code is taken for a row out of place,
        /// or the reverse.
        #[test]
        fn the_shortcut_agrees_with_the_longest_run(
            codes in proptest::collection::vec("(1423[0-9]|1[0-9]|A0Z40123[45]|14232)", 0..30)
        ) {
            let mut seen = std::collections::HashSet::new();
            let firsts: Vec<&str> = codes
                .iter()
                .map(String::as_str)
                .filter(|code| seen.insert(*code))
                .collect();
            let expected = longest_ascending(&firsts).iter().all(|member| *member);
            let mut scratch = Vec::new();
            let shortcut = first_codes_ascending(codes.iter().map(String::as_str), &mut scratch);
            if codes.iter().all(|code| code.len() <= 8) {
                prop_assert_eq!(shortcut, expected);
            } else {
                prop_assert!(!shortcut || expected);
            }
        }
    }

    #[test]
    fn one_moved_row_is_the_only_one_out_of_place() {
        let codes = ["14232", "32112", "33121", "32321", "32331", "33221"];
        let members = longest_ascending(&codes);
        assert_eq!(members, vec![true, true, false, true, true, true]);
        assert!(longest_ascending(&["1", "2", "2", "3"]).iter().all(|m| *m));
        assert!(longest_ascending::<&str>(&[]).is_empty());
        // Two rows swapped: the later one is reported.
        assert_eq!(
            longest_ascending(&["14232", "32112", "14312", "32321"]),
            vec![true, true, false, true]
        );
        assert_eq!(
            longest_ascending(&["5", "1", "2", "3"]),
            vec![false, true, true, true]
        );
    }
}
