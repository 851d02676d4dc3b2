//! Comparing two publications, or two transcriptions of one: which sections and rows one has and
//! the other lacks, which labels and codes changed, which declared counts changed.
//!
//! [`compare`] is pure: two [`Document`]s in, a [`Diff`] out. Sections are paired first
//! (`pair_sections`: by INSEE code, so that spelling does not matter; by normalised name for
//! domains and national lists; through the 2016 successor codes last), then the rows of each pair
//! (`rows`). Renderers (one module per format) only lay the [`Diff`] out.

pub mod html;
pub mod human;
pub mod json;
mod rows;

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Serialize;

use crate::audit::labels::normal_form;
use crate::model::{Document, Region, Row, SectionKind};
use crate::reference::regions::{Period, official_regions};

/// Version of the diff's JSON shape. Adding a field keeps it; removing or changing one bumps it.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// Everything that differs between two documents, section by section.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// Paired sections in the old document's order, then the sections only the new one has.
    pub sections: Vec<SectionDiff>,
    pub summary: DiffSummary,
}

impl Diff {
    /// Whether anything differs (reordering never does).
    pub fn differs(&self) -> bool {
        self.summary.differences > 0
    }
}

/// A value on each side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Sides<T> {
    pub old: T,
    pub new: T,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionStatus {
    Unchanged,
    Changed,
    /// Only in the new document.
    Added,
    /// Only in the old document.
    Removed,
}

/// How two sections were found to be the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairedBy {
    /// The same official region, however its heading is spelled.
    InseeCode,
    /// The same heading once normalised (domains, national lists, unknown regions).
    Name,
    /// Pre-2016 regions on one side, the post-2016 region they became on the other.
    Successor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Old,
    New,
}

/// One of the sections a successor pairing pools on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergedSection {
    pub side: Side,
    pub name: String,
    pub insee_code: Option<String>,
    pub line: usize,
    pub rows: usize,
}

/// A row as one side prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowRef {
    /// Null in lists without codes.
    pub code: Option<String>,
    pub label: String,
    pub line: usize,
}

impl RowRef {
    fn of(row: &Row<'_>) -> RowRef {
        RowRef {
            code: (!row.code.is_empty()).then(|| row.code.to_string()),
            label: row.label.to_string(),
            line: row.line(),
        }
    }
}

/// How a paired row's label differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelChange {
    /// Printed the same (the code changed).
    Identical,
    /// Only case, accents, punctuation or spacing differ.
    Typographic,
    /// One label is the other with words left out (a trailing parenthetical, as Légifrance's
    /// consolidated text prints them).
    Shortened,
    /// Each changed word is a slip of the other.
    Typo,
    /// Words added, removed or replaced by other words.
    Reworded,
}

impl LabelChange {
    /// Slips read best character by character; rewordings word by word.
    pub fn diff_by_chars(self) -> bool {
        matches!(self, LabelChange::Typographic | LabelChange::Typo)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LabelChange::Identical => "identical",
            LabelChange::Typographic => "typographic",
            LabelChange::Shortened => "shortened",
            LabelChange::Typo => "typo",
            LabelChange::Reworded => "reworded",
        }
    }
}

/// A row both sides have, printed differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowChange {
    pub old: RowRef,
    pub new: RowRef,
    pub change: LabelChange,
    /// Both sides print a code, and not the same one (the rows were paired by label).
    pub code_changed: bool,
    /// `[-removed-]{+added+}` from the old label to the new one; null when the labels are equal.
    pub diff: Option<String>,
}

/// One section of either document, or a pair of them, and what differs.
#[derive(Debug, Clone, Serialize)]
pub struct SectionDiff {
    /// The heading as the old document prints it (names joined by " + " for pooled sections);
    /// null when only the new document has the section.
    pub old_name: Option<String>,
    pub new_name: Option<String>,
    pub old_line: Option<usize>,
    pub new_line: Option<usize>,
    pub kind: SectionKind,
    /// The official region's code (the post-2016 one for a successor pairing).
    pub insee_code: Option<String>,
    pub status: SectionStatus,
    /// Null for added and removed sections.
    pub paired_by: Option<PairedBy>,
    /// Both sides name the section, and print its heading differently.
    pub renamed: bool,
    /// The sections a successor pairing pools, on either side.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<MergedSection>,
    /// Rows of a paired section only the old side has (empty for added and removed sections:
    /// their status says it all).
    pub rows_only_in_old: Vec<RowRef>,
    pub rows_only_in_new: Vec<RowRef>,
    pub changed: Vec<RowChange>,
    pub declared_count: Sides<Option<usize>>,
    /// Both sides declare a count, and not the same one.
    pub declared_count_changed: bool,
    pub rows: Sides<usize>,
}

impl SectionDiff {
    /// How many separate differences the section holds.
    pub fn differences(&self) -> usize {
        match self.status {
            SectionStatus::Added | SectionStatus::Removed => 1,
            SectionStatus::Unchanged | SectionStatus::Changed => {
                usize::from(self.renamed)
                    + usize::from(self.paired_by == Some(PairedBy::Successor))
                    + usize::from(self.declared_count_changed)
                    + self.rows_only_in_old.len()
                    + self.rows_only_in_new.len()
                    + self.changed.len()
            }
        }
    }

    /// The heading to show for the section: the new one when both sides have it.
    pub fn display_name(&self) -> &str {
        match self.new_name.as_deref().or(self.old_name.as_deref()) {
            Some("") | None => "the national list",
            Some(name) => name,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiffSummary {
    pub sections: Sides<usize>,
    pub sections_paired: usize,
    pub sections_changed: usize,
    pub sections_added: usize,
    pub sections_removed: usize,
    pub sections_renamed: usize,
    pub rows: Sides<usize>,
    pub rows_only_in_old: usize,
    pub rows_only_in_new: usize,
    pub rows_changed: usize,
    /// Of the changed rows, those whose code changed.
    pub codes_changed: usize,
    /// Of the changed rows, those whose label changed, by how.
    pub labels_changed: LabelChangeCounts,
    pub declared_counts_changed: usize,
    /// All of the above that make the documents differ; 0 when they do not.
    pub differences: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LabelChangeCounts {
    pub typographic: usize,
    pub shortened: usize,
    pub typo: usize,
    pub reworded: usize,
}

impl LabelChangeCounts {
    fn count<'c>(changes: impl Iterator<Item = &'c RowChange>) -> LabelChangeCounts {
        let mut counts = LabelChangeCounts::default();
        for change in changes {
            match change.change {
                LabelChange::Identical => {}
                LabelChange::Typographic => counts.typographic += 1,
                LabelChange::Shortened => counts.shortened += 1,
                LabelChange::Typo => counts.typo += 1,
                LabelChange::Reworded => counts.reworded += 1,
            }
        }
        counts
    }

    /// Each non-zero count with its kind: `[(2, "shortened"), (1, "typo")]`.
    pub fn kinds(&self) -> Vec<(usize, &'static str)> {
        [
            (self.typographic, LabelChange::Typographic),
            (self.shortened, LabelChange::Shortened),
            (self.typo, LabelChange::Typo),
            (self.reworded, LabelChange::Reworded),
        ]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, change)| (count, change.as_str()))
        .collect()
    }
}

/// Compares two documents.
pub fn compare(old: &Document<'_>, new: &Document<'_>) -> Diff {
    let mut sections: Vec<SectionDiff> = pair_sections(&old.regions, &new.regions)
        .into_iter()
        .map(|pairing| compare_sections(&old.regions, &new.regions, &pairing))
        .collect();
    for section in &mut sections {
        section.status = match (section.paired_by, section.differences()) {
            (None, _) if section.old_name.is_none() => SectionStatus::Added,
            (None, _) => SectionStatus::Removed,
            (Some(_), 0) => SectionStatus::Unchanged,
            (Some(_), _) => SectionStatus::Changed,
        };
    }
    let summary = summarise(old, new, &sections);
    Diff { sections, summary }
}

fn summarise(old: &Document<'_>, new: &Document<'_>, sections: &[SectionDiff]) -> DiffSummary {
    let count = |status| sections.iter().filter(|s| s.status == status).count();
    let row_count = |document: &Document<'_>| document.regions.iter().map(|r| r.rows.len()).sum();
    let changed = || sections.iter().flat_map(|s| &s.changed);
    DiffSummary {
        sections: Sides {
            old: old.regions.len(),
            new: new.regions.len(),
        },
        sections_paired: sections.iter().filter(|s| s.paired_by.is_some()).count(),
        sections_changed: count(SectionStatus::Changed),
        sections_added: count(SectionStatus::Added),
        sections_removed: count(SectionStatus::Removed),
        sections_renamed: sections.iter().filter(|s| s.renamed).count(),
        rows: Sides {
            old: row_count(old),
            new: row_count(new),
        },
        rows_only_in_old: sections.iter().map(|s| s.rows_only_in_old.len()).sum(),
        rows_only_in_new: sections.iter().map(|s| s.rows_only_in_new.len()).sum(),
        rows_changed: changed().count(),
        codes_changed: changed().filter(|change| change.code_changed).count(),
        labels_changed: LabelChangeCounts::count(changed()),
        declared_counts_changed: sections.iter().filter(|s| s.declared_count_changed).count(),
        differences: sections.iter().map(SectionDiff::differences).sum(),
    }
}

/// Sections of each document found to be the same (one of them empty for an added or removed
/// section; several on one side for a successor pairing), by index.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SectionPairing {
    old: Vec<usize>,
    new: Vec<usize>,
    by: Option<PairedBy>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum SectionKey {
    Insee(String),
    Name(String),
}

fn section_key(section: &Region<'_>) -> SectionKey {
    match &section.insee_code {
        Some(code) => SectionKey::Insee(code.clone()),
        None => SectionKey::Name(normal_form(&section.name)),
    }
}

/// The post-2016 region a pre-2016 region became part of, when it is another region.
fn successor(insee_code: &str) -> Option<&'static str> {
    official_regions()
        .iter()
        .find(|region| region.period == Period::Pre2016 && region.insee_code == insee_code)
        .and_then(|region| region.successor_code)
        .filter(|successor| *successor != insee_code)
}

/// Pairs sections by key (a section printed twice pairs in order), then the leftover pre-2016
/// regions with the leftover post-2016 region they became; the rest are added or removed. The
/// result is in the old document's order, the new document's own sections last. Linear in the
/// number of sections, by hash lookups.
fn pair_sections(old: &[Region<'_>], new: &[Region<'_>]) -> Vec<SectionPairing> {
    let mut by_key: HashMap<SectionKey, VecDeque<usize>> = HashMap::new();
    for (index, section) in new.iter().enumerate() {
        by_key
            .entry(section_key(section))
            .or_default()
            .push_back(index);
    }
    let mut new_paired = vec![false; new.len()];
    let mut pairings: Vec<SectionPairing> = Vec::new();
    let mut old_left: Vec<usize> = Vec::new();
    for (index, section) in old.iter().enumerate() {
        match by_key
            .get_mut(&section_key(section))
            .and_then(VecDeque::pop_front)
        {
            Some(partner) => {
                new_paired[partner] = true;
                let by = if section.insee_code.is_some() {
                    PairedBy::InseeCode
                } else {
                    PairedBy::Name
                };
                pairings.push(SectionPairing {
                    old: vec![index],
                    new: vec![partner],
                    by: Some(by),
                });
            }
            None => old_left.push(index),
        }
    }
    let new_left: Vec<usize> = (0..new.len()).filter(|&i| !new_paired[i]).collect();
    let mut old_used: HashSet<usize> = HashSet::new();
    let mut new_used: HashSet<usize> = HashSet::new();
    for (merged, whole) in [(Side::Old, Side::New), (Side::New, Side::Old)] {
        let (parts, parts_left, wholes, wholes_left, parts_used, wholes_used) = match merged {
            Side::Old => (old, &old_left, new, &new_left, &mut old_used, &mut new_used),
            Side::New => (new, &new_left, old, &old_left, &mut new_used, &mut old_used),
        };
        let mut by_successor: HashMap<&str, Vec<usize>> = HashMap::new();
        for &index in parts_left {
            if let Some(code) = parts[index].insee_code.as_deref().and_then(successor) {
                by_successor.entry(code).or_default().push(index);
            }
        }
        for &index in wholes_left {
            if wholes_used.contains(&index) {
                continue;
            }
            let Some(group) = wholes[index]
                .insee_code
                .as_deref()
                .and_then(|code| by_successor.remove(code))
            else {
                continue;
            };
            let group: Vec<usize> = group
                .into_iter()
                .filter(|i| parts_used.insert(*i))
                .collect();
            if group.is_empty() {
                continue;
            }
            wholes_used.insert(index);
            let (old, new) = match whole {
                Side::New => (group, vec![index]),
                Side::Old => (vec![index], group),
            };
            pairings.push(SectionPairing {
                old,
                new,
                by: Some(PairedBy::Successor),
            });
        }
    }
    pairings.extend(
        old_left
            .iter()
            .filter(|i| !old_used.contains(i))
            .map(|&i| SectionPairing {
                old: vec![i],
                new: Vec::new(),
                by: None,
            }),
    );
    pairings.extend(
        new_left
            .iter()
            .filter(|i| !new_used.contains(i))
            .map(|&i| SectionPairing {
                old: Vec::new(),
                new: vec![i],
                by: None,
            }),
    );
    // Old order first; sections only the new document has come last, in its order.
    pairings.sort_by_key(|pairing| {
        (
            pairing.old.first().copied().unwrap_or(usize::MAX),
            pairing.new.first().copied().unwrap_or(usize::MAX),
        )
    });
    pairings
}

/// The rows of one side of a pairing. A side that pools several sections (a successor pairing)
/// lists an occupation once, as the merged region would: a row whose code (or, without a code,
/// label) an earlier pooled section already has is left out.
fn pooled_rows<'r, 's>(sections: &[&'r Region<'s>]) -> Vec<&'r Row<'s>> {
    if let [single] = sections {
        return single.rows.iter().collect();
    }
    // Each key's first section: a row is kept unless an earlier section has its key (repeats
    // within one section stay, for duplicate-row's sake), with one lookup a row.
    let mut first_section: HashMap<String, usize> = HashMap::new();
    let mut pooled = Vec::new();
    for (index, section) in sections.iter().enumerate() {
        for row in &section.rows {
            let first = *first_section.entry(pooling_key(row)).or_insert(index);
            if first == index {
                pooled.push(row);
            }
        }
    }
    pooled
}

/// What makes two pooled rows one occupation: the code, or without one the label's normal form.
fn pooling_key(row: &Row<'_>) -> String {
    if row.code.is_empty() {
        format!("~{}", normal_form(&row.label))
    } else {
        row.code.to_string()
    }
}

/// The total the pooled sections declare, when every one of them declares one.
fn declared(sections: &[&Region<'_>]) -> Option<usize> {
    if sections.is_empty() {
        return None;
    }
    sections.iter().map(|section| section.declared_count).sum()
}

fn joined_name(sections: &[&Region<'_>]) -> Option<String> {
    if sections.is_empty() {
        return None;
    }
    let names: Vec<&str> = sections.iter().map(|s| s.name.as_ref()).collect();
    Some(names.join(" + "))
}

fn compare_sections(
    old_regions: &[Region<'_>],
    new_regions: &[Region<'_>],
    pairing: &SectionPairing,
) -> SectionDiff {
    let old: Vec<&Region<'_>> = pairing
        .old
        .iter()
        .filter_map(|&i| old_regions.get(i))
        .collect();
    let new: Vec<&Region<'_>> = pairing
        .new
        .iter()
        .filter_map(|&i| new_regions.get(i))
        .collect();
    let (old_rows, new_rows) = (pooled_rows(&old), pooled_rows(&new));
    let first = old.first().or(new.first());
    let successor = pairing.by == Some(PairedBy::Successor);
    let mut merged = Vec::new();
    if successor {
        for (side, sections) in [(Side::Old, &old), (Side::New, &new)] {
            if sections.len() > 1 || sections.iter().any(|s| successor_of_any(s)) {
                merged.extend(sections.iter().map(|section| MergedSection {
                    side,
                    name: section.name.to_string(),
                    insee_code: section.insee_code.clone(),
                    line: section.line,
                    rows: section.rows.len(),
                }));
            }
        }
    }
    let declared_count = Sides {
        old: declared(&old),
        new: declared(&new),
    };
    let mut diff = SectionDiff {
        old_name: joined_name(&old),
        new_name: joined_name(&new),
        old_line: old.first().map(|s| s.line),
        new_line: new.first().map(|s| s.line),
        kind: first.map(|s| s.kind).unwrap_or_default(),
        insee_code: insee_code(&old, &new, successor),
        status: SectionStatus::Unchanged,
        paired_by: pairing.by,
        renamed: false,
        merged,
        rows_only_in_old: Vec::new(),
        rows_only_in_new: Vec::new(),
        changed: Vec::new(),
        declared_count,
        declared_count_changed: false,
        rows: Sides {
            old: old_rows.len(),
            new: new_rows.len(),
        },
    };
    if pairing.by.is_none() {
        return diff;
    }
    if let ([old], [new]) = (old.as_slice(), new.as_slice()) {
        diff.renamed = old.name != new.name && !successor;
        diff.declared_count_changed = matches!(
            (old.declared_count, new.declared_count),
            (Some(a), Some(b)) if a != b
        ) && !successor;
    }
    let pairing = rows::pair(&old_rows, &new_rows);
    diff.rows_only_in_old = pairing
        .only_old
        .iter()
        .map(|&i| RowRef::of(old_rows[i]))
        .collect();
    diff.rows_only_in_new = pairing
        .only_new
        .iter()
        .map(|&i| RowRef::of(new_rows[i]))
        .collect();
    diff.changed = pairing
        .pairs
        .iter()
        .filter_map(|&(i, j)| rows::change(old_rows[i], new_rows[j]))
        .collect();
    diff.rows_only_in_old.sort_by_key(|row| row.line);
    diff.rows_only_in_new.sort_by_key(|row| row.line);
    diff.changed.sort_by_key(|change| change.old.line);
    diff
}

/// Whether a section is a pre-2016 region that became part of another.
fn successor_of_any(section: &Region<'_>) -> bool {
    section.insee_code.as_deref().and_then(successor).is_some()
}

/// The code of the region both sides stand for: for a successor pairing, the post-2016 one.
fn insee_code(old: &[&Region<'_>], new: &[&Region<'_>], successor: bool) -> Option<String> {
    let all = || old.iter().chain(new.iter());
    if successor {
        return all()
            .find(|section| !successor_of_any(section))
            .and_then(|section| section.insee_code.clone());
    }
    all().find_map(|section| section.insee_code.clone())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::parse::parse;
    use crate::source::Source;

    /// The pooling as first written: a copy of the keys seen before each section.
    fn pooled_by_copies<'r, 's>(sections: &[&'r Region<'s>]) -> Vec<&'r Row<'s>> {
        if let [single] = sections {
            return single.rows.iter().collect();
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut pooled = Vec::new();
        for section in sections {
            let before = seen.clone();
            for row in &section.rows {
                let key = pooling_key(row);
                if !before.contains(&key) {
                    seen.insert(key);
                    pooled.push(row);
                }
            }
        }
        pooled
    }

    proptest! {
        /// Sections sharing codes (and labels without codes), repeats within a section
        /// included: the same rows, in the same order, as the copy-per-section pooling.
        #[test]
        fn pooling_keeps_what_the_copies_kept(
            tables in proptest::collection::vec(
                proptest::collection::vec(
                    ("(11111|22222|33333|)", "(Géomètre|géomètre|Maçon)"),
                    0..8,
                ),
                0..5,
            )
        ) {
            let regions = Region::unplaced_sections(&tables);
            let sections: Vec<&Region<'_>> = regions.iter().collect();
            let identify = |rows: Vec<&Row<'_>>| -> Vec<*const Row<'static>> {
                rows.into_iter().map(|row| (row as *const Row<'_>).cast()).collect()
            };
            prop_assert_eq!(
                identify(pooled_rows(&sections)),
                identify(pooled_by_copies(&sections))
            );
        }
    }

    fn document(text: &str) -> Source {
        Source::decode("test", text.as_bytes().to_vec())
    }

    fn diff(old: &str, new: &str) -> Diff {
        let (old, new) = (document(old), document(new));
        compare(&parse(&old), &parse(&new))
    }

    #[test]
    fn the_same_text_does_not_differ() {
        let text = "Alsace\n\nCODE ROME\t2 métiers\n14232\tTechnicien\n61222\tGéomètre\n";
        let diff = diff(text, text);
        assert!(!diff.differs());
        assert_eq!(diff.sections.len(), 1);
        assert_eq!(diff.sections[0].status, SectionStatus::Unchanged);
    }

    #[test]
    fn pre_2016_regions_pair_with_their_successor() {
        let old = "Alsace\n\nCODE ROME\t2 métiers\n14232\tTechnicien\n61222\tGéomètre\n\n\
                   Lorraine\n\nCODE ROME\t2 métiers\n14232\tTechnicien\n61231\tChef de chantier\n";
        let new = "Grand Est\n\nCODE ROME\t3 métiers\n14232\tTechnicien\n61222\tGéomètre\n\
                   61232\tConducteur de travaux\n";
        let diff = diff(old, new);
        assert_eq!(diff.sections.len(), 1);
        let section = &diff.sections[0];
        assert_eq!(section.paired_by, Some(PairedBy::Successor));
        assert_eq!(section.insee_code.as_deref(), Some("44"));
        assert_eq!(section.old_name.as_deref(), Some("Alsace + Lorraine"));
        assert_eq!(section.merged.len(), 2);
        // 14232 is listed by both pooled regions, once by the merged one.
        assert_eq!(section.rows, Sides { old: 3, new: 3 });
        let only_old: Vec<_> = section.rows_only_in_old.iter().map(|r| &r.label).collect();
        let only_new: Vec<_> = section.rows_only_in_new.iter().map(|r| &r.label).collect();
        assert_eq!(only_old, ["Chef de chantier"]);
        assert_eq!(only_new, ["Conducteur de travaux"]);
        assert!(diff.differs());
    }

    #[test]
    fn domains_pair_by_normalised_name() {
        let old = "Bâtiment et travaux publics\n\n- Maçon\n- Coffreur\n\n\
                   Hôtellerie\n\n- Cuisinier\n";
        let new = "BATIMENT ET TRAVAUX PUBLICS\n\n- Maçon\n- Coffreur\n\nCommerce\n\n- Vendeur\n";
        let diff = diff(old, new);
        let statuses: Vec<_> = diff
            .sections
            .iter()
            .map(|s| (s.display_name().to_owned(), s.status, s.paired_by))
            .collect();
        assert_eq!(
            statuses,
            [
                (
                    "BATIMENT ET TRAVAUX PUBLICS".to_owned(),
                    SectionStatus::Changed,
                    Some(PairedBy::Name)
                ),
                ("Hôtellerie".to_owned(), SectionStatus::Removed, None),
                ("Commerce".to_owned(), SectionStatus::Added, None),
            ]
        );
        assert!(diff.sections[0].renamed);
        assert_eq!(diff.summary.differences, 3);
    }
}
