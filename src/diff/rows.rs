//! Pairing the rows of two sections, and saying how a pair differs.
//!
//! Tiers, each on the rows the previous ones left unpaired:
//!
//! 1. the same code, when both rows print one;
//! 2. the same label once normalised (whatever the codes: two rows printing one label under two
//!    codes are the same occupation whose code changed);
//! 3. one label is the other without its trailing parenthetical ("Informaticien d'étude" for
//!    "Informaticien d'étude (dont chef de projet)", as Légifrance's consolidated text prints it);
//! 4. close labels: one is the other with words left out, or each changed word is a slip.
//!
//! Tiers 3 and 4 pair a row only with a row of which one side has no code: between two coded
//! rows, a close label under another code is another occupation (52121 and 52122 differ by a
//! few words). Tiers 1 to 3 are hash lookups; tier 4 groups rows printing the same label, looks
//! only at labels sharing character trigrams (trigrams of more than [`MAX_POSTING`] labels
//! skipped, [`MAX_CANDIDATES`] candidates per label), scores them and pairs them best first. A
//! section of n rows costs O(n log n), never every row against every other.

use std::collections::{HashMap, VecDeque};

use super::{LabelChange, RowChange, RowRef};
use crate::audit::labels::{Difference, difference, edit_distance, inline_diff, normal_form};
use crate::model::Row;

/// Trigrams found in more rows than this tell nothing apart; they are skipped.
const MAX_POSTING: usize = 64;

/// Close-label candidates scored per row, those sharing the most trigrams first.
const MAX_CANDIDATES: usize = 8;

/// Rows of each side by index: those paired, and those only one side has.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Pairing {
    pub pairs: Vec<(usize, usize)>,
    pub only_old: Vec<usize>,
    pub only_new: Vec<usize>,
}

/// What the tiers compare a row by, computed once per row.
struct Label {
    normal: String,
    /// The normal form without the trailing parenthetical, when the label ends with one.
    short: Option<String>,
    coded: bool,
}

impl Label {
    fn of(row: &Row<'_>) -> Label {
        Label {
            normal: normal_form(&row.label),
            short: shortened_key(&row.label),
            coded: !row.code.is_empty(),
        }
    }
}

/// The normal form of a label without its trailing parenthetical (and final period):
/// "Informaticien d'étude (dont chef de projet)" → "informaticien d etude".
fn shortened_key(label: &str) -> Option<String> {
    let trimmed = label.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let body = trimmed.strip_suffix(')')?;
    let mut depth = 1usize;
    for (index, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let key = normal_form(&body[..index]);
                    return (!key.is_empty()).then_some(key);
                }
            }
            _ => {}
        }
    }
    None
}

/// When one normal form is the other with words left out (the first word kept, two words left
/// at least, so that a lone common word never stands for a label): how many were left out.
fn words_left_out(a: &str, b: &str) -> Option<usize> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 2 || short.len() == long.len() || short.first() != long.first() {
        return None;
    }
    let mut words = long.iter();
    short
        .iter()
        .all(|word| words.any(|other| other == word))
        .then(|| long.len() - short.len())
}

struct Matcher {
    old_taken: Vec<bool>,
    new_taken: Vec<bool>,
    pairs: Vec<(usize, usize)>,
}

impl Matcher {
    fn take(&mut self, old: usize, new: usize) {
        self.old_taken[old] = true;
        self.new_taken[new] = true;
        self.pairs.push((old, new));
    }

    /// Pairs each unpaired old row with the first unpaired new row whose key equals its own.
    /// With `one_uncoded`, a coded old row only looks at uncoded new rows.
    fn pair_by_key<'k>(
        &mut self,
        old: &'k [Label],
        new: &'k [Label],
        old_key: impl Fn(&'k Label) -> Option<&'k str>,
        new_key: impl Fn(&'k Label) -> Option<&'k str>,
        one_uncoded: bool,
    ) {
        let mut all: HashMap<&str, VecDeque<usize>> = HashMap::new();
        let mut uncoded: HashMap<&str, VecDeque<usize>> = HashMap::new();
        for (index, label) in new.iter().enumerate() {
            if self.new_taken[index] {
                continue;
            }
            // An empty label tells coded rows nothing: it pairs only rows without codes.
            let Some(key) = new_key(label).filter(|key| !key.is_empty() || !label.coded) else {
                continue;
            };
            all.entry(key).or_default().push_back(index);
            if !label.coded {
                uncoded.entry(key).or_default().push_back(index);
            }
        }
        for (index, label) in old.iter().enumerate() {
            if self.old_taken[index] {
                continue;
            }
            let Some(key) = old_key(label).filter(|key| !key.is_empty() || !label.coded) else {
                continue;
            };
            let candidates = if one_uncoded && label.coded {
                &mut uncoded
            } else {
                &mut all
            };
            // An index may still hold rows another index paired: they are skipped when met,
            // so each row is looked at once per index.
            while let Some(partner) = candidates.get_mut(key).and_then(VecDeque::pop_front) {
                if !self.new_taken[partner] {
                    self.take(index, partner);
                    break;
                }
            }
        }
    }

    /// Tier 4: close labels, best pairs first. Rows printing the same label are grouped, so
    /// that a label repeated a thousand times is scored once.
    fn pair_close(&mut self, old: &[Label], new: &[Label]) {
        let old_groups = groups(old, &self.old_taken);
        let new_groups = groups(new, &self.new_taken);
        let new_trigrams: Vec<Vec<[char; 3]>> = new_groups
            .iter()
            .map(|rows| trigrams(&new[rows[0]].normal))
            .collect();
        let mut postings: HashMap<[char; 3], Vec<usize>> = HashMap::new();
        for (group, trigrams) in new_trigrams.iter().enumerate() {
            for trigram in trigrams {
                postings.entry(*trigram).or_default().push(group);
            }
        }
        let mut candidates: Vec<(u8, usize, usize, usize)> = Vec::new();
        for (group, rows) in old_groups.iter().enumerate() {
            let label = &old[rows[0]];
            let own = trigrams(&label.normal);
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for trigram in &own {
                let Some(posting) = postings.get(trigram) else {
                    continue;
                };
                if posting.len() > MAX_POSTING {
                    continue;
                }
                for &partner in posting {
                    if !(label.coded && new[new_groups[partner][0]].coded) {
                        *shared.entry(partner).or_default() += 1;
                    }
                }
            }
            // Half the trigrams of the shorter label, at least: a shortened label keeps nearly
            // all of its own, a slip changes only a few.
            let mut ranked: Vec<(usize, usize)> = shared
                .into_iter()
                .filter(|&(partner, count)| count * 2 >= own.len().min(new_trigrams[partner].len()))
                .collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.truncate(MAX_CANDIDATES);
            for (partner, _) in ranked {
                if let Some((rank, score)) = closeness(label, &new[new_groups[partner][0]]) {
                    candidates.push((rank, score, group, partner));
                }
            }
        }
        candidates.sort_unstable();
        // How many rows of each group are paired already: rows pair in order.
        let mut old_used = vec![0; old_groups.len()];
        let mut new_used = vec![0; new_groups.len()];
        for (_, _, old_group, new_group) in candidates {
            let (old_rows, new_rows) = (&old_groups[old_group], &new_groups[new_group]);
            while let (Some(&a), Some(&b)) = (
                old_rows.get(old_used[old_group]),
                new_rows.get(new_used[new_group]),
            ) {
                self.take(a, b);
                old_used[old_group] += 1;
                new_used[new_group] += 1;
            }
        }
    }
}

/// The unpaired rows grouped by label (normal form) and by whether they print a code; each
/// group non-empty, its rows in order.
fn groups(labels: &[Label], taken: &[bool]) -> Vec<Vec<usize>> {
    let mut index: HashMap<(&str, bool), usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (row, label) in labels.iter().enumerate() {
        if taken[row] {
            continue;
        }
        let group = *index
            .entry((label.normal.as_str(), label.coded))
            .or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
        groups[group].push(row);
    }
    groups
}

/// The distinct character trigrams of a normal form.
fn trigrams(normal: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = normal.chars().collect();
    let mut trigrams: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    trigrams.sort_unstable();
    trigrams.dedup();
    trigrams
}

/// How close two labels are, lower first: (0, words left out) when one is the other shortened,
/// (1, characters edited) when each changed word is a slip; `None` when they are not close.
fn closeness(old: &Label, new: &Label) -> Option<(u8, usize)> {
    if let Some(left_out) = words_left_out(&old.normal, &new.normal) {
        return Some((0, left_out));
    }
    match difference(&new.normal, &old.normal) {
        Difference::Typo(_) => Some((
            1,
            edit_distance(&old.normal, &new.normal).unwrap_or(usize::MAX),
        )),
        Difference::Typographic | Difference::Rewording => None,
    }
}

/// Pairs the rows of two sections (see the module's documentation for the tiers).
pub(super) fn pair(old: &[&Row<'_>], new: &[&Row<'_>]) -> Pairing {
    let old_labels: Vec<Label> = old.iter().map(|row| Label::of(row)).collect();
    let new_labels: Vec<Label> = new.iter().map(|row| Label::of(row)).collect();
    let mut matcher = Matcher {
        old_taken: vec![false; old.len()],
        new_taken: vec![false; new.len()],
        pairs: Vec::new(),
    };

    let mut by_code: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (index, row) in new.iter().enumerate() {
        if !row.code.is_empty() {
            by_code.entry(row.code).or_default().push_back(index);
        }
    }
    for (index, row) in old.iter().enumerate() {
        if row.code.is_empty() {
            continue;
        }
        if let Some(partner) = by_code.get_mut(row.code).and_then(VecDeque::pop_front) {
            matcher.take(index, partner);
        }
    }

    fn normal(label: &Label) -> Option<&str> {
        Some(&label.normal)
    }
    fn short(label: &Label) -> Option<&str> {
        label.short.as_deref()
    }
    matcher.pair_by_key(&old_labels, &new_labels, normal, normal, false);
    matcher.pair_by_key(&old_labels, &new_labels, short, normal, true);
    matcher.pair_by_key(&old_labels, &new_labels, normal, short, true);
    matcher.pair_close(&old_labels, &new_labels);

    let mut pairs = matcher.pairs;
    pairs.sort_unstable();
    Pairing {
        pairs,
        only_old: (0..old.len()).filter(|&i| !matcher.old_taken[i]).collect(),
        only_new: (0..new.len()).filter(|&i| !matcher.new_taken[i]).collect(),
    }
}

/// How a label changed from `old` to `new`.
fn label_change(old: &str, new: &str) -> LabelChange {
    if old == new {
        return LabelChange::Identical;
    }
    let (old_normal, new_normal) = (normal_form(old), normal_form(new));
    if old_normal == new_normal {
        return LabelChange::Typographic;
    }
    let shortened = shortened_key(old).as_deref() == Some(new_normal.as_str())
        || shortened_key(new).as_deref() == Some(old_normal.as_str())
        || words_left_out(&old_normal, &new_normal).is_some();
    if shortened {
        return LabelChange::Shortened;
    }
    match difference(&new_normal, &old_normal) {
        Difference::Typo(_) => LabelChange::Typo,
        Difference::Typographic | Difference::Rewording => LabelChange::Reworded,
    }
}

/// What differs between two paired rows; `None` when nothing does (a code present on one side
/// only is the layout's, not a change).
pub(super) fn change(old: &Row<'_>, new: &Row<'_>) -> Option<RowChange> {
    let code_changed = !old.code.is_empty() && !new.code.is_empty() && old.code != new.code;
    let change = label_change(&old.label, &new.label);
    if change == LabelChange::Identical && !code_changed {
        return None;
    }
    let diff = (change != LabelChange::Identical)
        .then(|| inline_diff(&old.label, &new.label, change.diff_by_chars()));
    Some(RowChange {
        old: RowRef::of(old),
        new: RowRef::of(new),
        change,
        code_changed,
        diff,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &'static str, label: &'static str, line: usize) -> Row<'static> {
        Row::unplaced(code, label, line)
    }

    fn paired(old: &[Row<'static>], new: &[Row<'static>]) -> Pairing {
        let old: Vec<&Row<'_>> = old.iter().collect();
        let new: Vec<&Row<'_>> = new.iter().collect();
        pair(&old, &new)
    }

    #[test]
    fn shortened_keys_drop_the_trailing_parenthetical() {
        assert_eq!(
            shortened_key("Informaticien d'étude (dont chef de projet)").as_deref(),
            Some("informaticien d etude")
        );
        assert_eq!(
            shortened_key("Opérateur (a (b) c).").as_deref(),
            Some("operateur")
        );
        assert_eq!(
            shortened_key("Opérateur de formage (transformation) du verre"),
            None
        );
        assert_eq!(shortened_key("(tout)"), None);
        assert_eq!(shortened_key("déséquilibré)"), None);
    }

    #[test]
    fn words_left_out_keeps_the_first_word_and_order() {
        assert_eq!(
            words_left_out(
                "operateur de formage du verre",
                "operateur de formage transformation du verre"
            ),
            Some(1)
        );
        assert_eq!(words_left_out("geometre", "geometre topographe"), None);
        assert_eq!(words_left_out("du verre", "operateur du verre"), None);
        assert_eq!(words_left_out("chef de btp", "chef de chantier"), None);
    }

    #[test]
    fn codes_then_labels_then_shortened_then_close() {
        let old = [
            row("32321", "Informaticien d'étude (dont chef de projet)", 1),
            row("45222", "Opérateur de formage (transformation) du verre", 2),
            row("61222", "Géomètre", 3),
            row("32331", "Informaticien expert", 4),
            row("61231", "Chef de chantier du BTP", 5),
        ];
        let new = [
            row("", "Géomètre", 10),
            row("", "Informaticien expret", 11),
            row("", "Opérateur de formage du verre", 12),
            row("", "Informaticien d'étude", 13),
            row("", "Conducteur de travaux du BTP", 14),
        ];
        let pairing = paired(&old, &new);
        assert_eq!(pairing.pairs, [(0, 3), (1, 2), (2, 0), (3, 1)]);
        assert_eq!(pairing.only_old, [4]);
        assert_eq!(pairing.only_new, [4]);
    }

    #[test]
    fn coded_rows_pair_across_codes_only_by_equal_labels() {
        let old = [
            row("52213", "Installateur-maintenicien en ascenseurs", 1),
            row("52121", "Dessinateur-projeteur construction mécanique", 2),
        ];
        let new = [
            row("52313", "Installateur-maintenicien en ascenseurs", 1),
            row("52122", "Dessinateur-projeteur construction mecanique", 2),
            row("52123", "Dessinateur-projeteur construction", 3),
        ];
        let pairing = paired(&old, &new);
        assert_eq!(pairing.pairs, [(0, 0), (1, 1)]);
        assert_eq!(pairing.only_new, [2]);
        let moved = change(&old[0], &new[0]).unwrap();
        assert!(moved.code_changed);
        assert_eq!(moved.change, LabelChange::Identical);
        assert_eq!(moved.diff, None);
    }

    #[test]
    fn label_changes_are_classified() {
        assert_eq!(label_change("Géomètre", "Géomètre"), LabelChange::Identical);
        assert_eq!(
            label_change("Géomètre", "GEOMETRE"),
            LabelChange::Typographic
        );
        assert_eq!(
            label_change(
                "Informaticien d'étude (dont chef de projet)",
                "Informaticien d'étude"
            ),
            LabelChange::Shortened
        );
        assert_eq!(
            label_change("Informaticien expert", "Informaticien expret"),
            LabelChange::Typo
        );
        assert_eq!(
            label_change(
                "Chef de chantier du BTP",
                "Chef de chantier du bâtiment et des travaux publics"
            ),
            LabelChange::Reworded
        );
        let same = row("14232", "Technicien", 1);
        let uncoded = row("", "Technicien", 7);
        assert_eq!(change(&same, &uncoded), None);
    }

    #[test]
    fn many_identical_labels_pair_in_order_without_blowing_up() {
        let old: Vec<Row<'static>> = (0..5000).map(|i| row("", "Technicien", i)).collect();
        let new: Vec<Row<'static>> = (0..4000)
            .map(|i| {
                row(
                    "",
                    if i % 2 == 0 {
                        "Technicien"
                    } else {
                        "Technicienne"
                    },
                    i,
                )
            })
            .collect();
        let pairing = paired(&old, &new);
        assert_eq!(pairing.pairs.len(), 4000);
        assert_eq!(pairing.only_old.len(), 1000);
        assert!(pairing.only_new.is_empty());
    }
}
