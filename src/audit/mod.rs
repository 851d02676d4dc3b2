//! The audit: a registry of rules, each in its own file, turning a [`Document`] into findings.

mod blank_line_in_table;
mod code_label_mismatch;
pub mod consensus;
mod count_mismatch;
mod duplicate_region;
mod duplicate_row;
mod encoding;
mod label_variant;
pub mod labels;
mod malformed_code;
mod missing_annex;
mod region_name_variant;
mod truncated_input;
mod unknown_region;
mod unrecognized_line;
mod unsorted_rows;
pub mod unused_ignore;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Document, Region, Row};
use crate::source::{Source, Span};
use consensus::{Consensus, RowRef};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The documentation of a rule, in fixed sections.
#[derive(Debug)]
pub struct RuleDoc {
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters to a reader of the publication.
    pub why: &'static str,
    /// A short example of text that fires it, and what the finding says.
    pub example: &'static str,
}

/// A rule: stable id, kebab-case name naming the problem, default severity, documentation and
/// the check itself.
pub struct Rule {
    /// Short stable id ("AA003"); never reused.
    pub id: &'static str,
    /// Kebab-case name of the problem it finds ("count-mismatch").
    pub name: &'static str,
    pub default_severity: Severity,
    pub doc: RuleDoc,
    /// Reads the document; `None` for a rule raised by the CI gate rather than by the text.
    pub check: Option<fn(&Context<'_, '_>, &mut Vec<Finding>)>,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish()
    }
}

impl Rule {
    /// The documentation as `annex-audit explain` prints it.
    pub fn explanation(&self) -> String {
        format!(
            "{name} ({id}), default severity: {severity}\n\n{summary}\n\nWhy it matters\n{why}\n\nExample\n{example}\n",
            name = self.name,
            id = self.id,
            severity = self.default_severity,
            summary = self.doc.summary,
            why = self.doc.why,
            example = self.doc.example,
        )
    }
}

/// Every rule, in id order.
pub static RULES: &[&Rule] = &[
    &unrecognized_line::RULE,
    &malformed_code::RULE,
    &count_mismatch::RULE,
    &encoding::RULE,
    &missing_annex::RULE,
    &code_label_mismatch::RULE,
    &label_variant::RULE,
    &duplicate_row::RULE,
    &unsorted_rows::RULE,
    &blank_line_in_table::RULE,
    &region_name_variant::RULE,
    &unknown_region::RULE,
    &duplicate_region::RULE,
    &unused_ignore::RULE,
    &truncated_input::RULE,
];

/// Looks a rule up by name or id.
pub fn find_rule(name_or_id: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.name == name_or_id || rule.id.eq_ignore_ascii_case(name_or_id))
}

/// What a rule saw, where, and what to do about it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// The region's name as printed, when the finding concerns a region or one of its rows.
    pub region: Option<String>,
    /// The occupation code, when the finding concerns a row.
    pub code: Option<String>,
    /// The row's label, when the finding concerns a row (identifies it for ignore files).
    pub label: Option<String>,
    pub help: Option<String>,
    /// A few words drawn under the span ("declares 23, lists 20").
    pub annotation: Option<String>,
    /// What, besides rule, region, code and label, identifies this finding by content (never by
    /// line): the text of an unplaced line, the counts of a mismatch.
    pub subject: Option<String>,
    /// Other places that show the evidence.
    pub related: Vec<Related>,
}

impl Finding {
    /// A finding at the rule's default severity; the builder methods fill in the rest.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.default_severity,
            message: message.into(),
            span,
            region: None,
            code: None,
            label: None,
            help: None,
            annotation: None,
            subject: None,
            related: Vec::new(),
        }
    }

    pub fn region(mut self, name: &str) -> Self {
        self.region = Some(name.to_owned());
        self
    }

    pub fn row(mut self, code: &str, label: &str) -> Self {
        self.code = Some(code.to_owned());
        self.label = Some(label.to_owned());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn annotate(mut self, annotation: impl Into<String>) -> Self {
        self.annotation = Some(annotation.into());
        self
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// A digest of what the finding is about, independent of where it stands in the file.
    pub fn content_key(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for part in [
            Some(self.rule.id),
            self.region.as_deref(),
            self.code.as_deref(),
            self.label.as_deref(),
            self.subject.as_deref(),
        ] {
            hasher.update(part.unwrap_or("").as_bytes());
            hasher.update([0x1f]);
        }
        let digest = hasher.finalize();
        digest[..8]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}

#[derive(Debug, Clone)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// What every rule reads; the cross-row evidence is built on first use and shared.
pub struct Context<'a, 's> {
    pub source: &'a Source,
    pub document: &'a Document<'s>,
    consensus: OnceCell<Consensus<'a>>,
}

impl<'a, 's> Context<'a, 's> {
    pub fn new(source: &'a Source, document: &'a Document<'s>) -> Self {
        Context {
            source,
            document,
            consensus: OnceCell::new(),
        }
    }

    pub fn consensus(&self) -> &Consensus<'a> {
        self.consensus
            .get_or_init(|| Consensus::build(self.document))
    }

    /// Every row with its reference, in document order.
    pub fn rows(&self) -> impl Iterator<Item = (RowRef, &'a Region<'s>, &'a Row<'s>)> + '_ {
        self.document
            .regions
            .iter()
            .enumerate()
            .flat_map(|(region_index, region)| {
                region.rows.iter().enumerate().map(move |(row_index, row)| {
                    (RowRef::new(region_index, row_index), region, row)
                })
            })
    }

    pub fn row(&self, at: RowRef) -> (&'a Region<'s>, &'a Row<'s>) {
        let region = &self.document.regions[at.region()];
        (region, &region.rows[at.row()])
    }
}

/// A hash map or set that a rule reuses from table to table.
pub(crate) trait TableScratch: Default {
    fn capacity(&self) -> usize;
    fn clear(&mut self);
}

impl<K, V, S: Default> TableScratch for HashMap<K, V, S> {
    fn capacity(&self) -> usize {
        HashMap::capacity(self)
    }

    fn clear(&mut self) {
        HashMap::clear(self);
    }
}

impl<K, S: Default> TableScratch for HashSet<K, S> {
    fn capacity(&self) -> usize {
        HashSet::capacity(self)
    }

    fn clear(&mut self) {
        HashSet::clear(self);
    }
}

/// Empties `scratch` for a table of `rows` rows. Clearing costs the capacity: a map or set that
/// a much larger table left is replaced instead, or every table after a large one would pay
/// for it.
pub(crate) fn reset_for<T: TableScratch>(scratch: &mut T, rows: usize) {
    if scratch.capacity() > 4 * rows + 64 {
        *scratch = T::default();
    } else {
        scratch.clear();
    }
}

/// A rule's level as configured: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

/// Per-rule levels that override the defaults.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    overrides: HashMap<&'static str, Level>,
}

impl Levels {
    pub fn set(&mut self, rule: &'static Rule, level: Level) {
        self.overrides.insert(rule.id, level);
    }

    /// The severity findings of `rule` get, or `None` when the rule is off.
    pub fn severity_of(&self, rule: &Rule) -> Option<Severity> {
        match self.overrides.get(rule.id) {
            Some(level) => level.severity(),
            None => Some(rule.default_severity),
        }
    }
}

/// Runs every rule that is not off; findings come out in source order.
pub fn audit(source: &Source, document: &Document<'_>, levels: &Levels) -> Vec<Finding> {
    let context = Context::new(source, document);
    let mut findings = Vec::new();
    for rule in RULES {
        let Some(severity) = levels.severity_of(rule) else {
            continue;
        };
        let Some(check) = rule.check else {
            continue;
        };
        let start = findings.len();
        check(&context, &mut findings);
        for finding in &mut findings[start..] {
            finding.severity = severity;
        }
    }
    findings.sort_by(|a, b| (a.span.offset(), a.rule.id).cmp(&(b.span.offset(), b.rule.id)));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let ids: HashSet<_> = RULES.iter().map(|rule| rule.id).collect();
        let names: HashSet<_> = RULES.iter().map(|rule| rule.name).collect();
        assert_eq!(ids.len(), RULES.len());
        assert_eq!(names.len(), RULES.len());
        for rule in RULES {
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                rule.name
            );
            assert!(rule.id.starts_with("AA") && rule.id.len() == 5);
            assert!(!rule.doc.summary.is_empty() && !rule.doc.example.is_empty());
        }
    }

    #[test]
    fn rules_are_found_by_name_or_id() {
        assert_eq!(find_rule("count-mismatch").map(|r| r.id), Some("AA003"));
        assert_eq!(find_rule("aa003").map(|r| r.name), Some("count-mismatch"));
        assert!(find_rule("nope").is_none());
    }
}
