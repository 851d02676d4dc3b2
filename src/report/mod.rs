//! One report value, rendered by one module per output format.
//!
//! The report is built once from the findings; renderers never recompute anything, they only
//! lay the same value out for people or machines.

pub mod csv;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;

use std::collections::HashMap;

use serde::Serialize;

use crate::audit::{Finding, Severity};
use crate::model::{Act, Document, Region};
use crate::source::{Encoding, Source, Span};

/// Version of the JSON report's shape. Adding a field keeps it; removing or changing one bumps it.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub const TOOL: Tool = Tool {
    name: env!("CARGO_PKG_NAME"),
    version: env!("CARGO_PKG_VERSION"),
};

#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    pub path: String,
    pub bytes: usize,
    pub sha256: String,
    pub encoding: Encoding,
    pub lines: usize,
}

impl SourceInfo {
    pub fn of(source: &Source) -> SourceInfo {
        SourceInfo {
            path: source.path.clone(),
            bytes: source.bytes,
            sha256: source.sha256.clone(),
            encoding: source.encoding,
            lines: source.line_count(),
        }
    }
}

/// A finding placed in the source: line and column computed, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Kebab-case rule name ("count-mismatch").
    pub rule: &'static str,
    /// Short stable rule id ("AA003").
    pub rule_id: &'static str,
    pub severity: Severity,
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
    /// Byte range into the decoded text.
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A few words drawn under the span in the human output.
    #[serde(skip)]
    pub annotation: Option<String>,
    pub related: Vec<RelatedLocation>,
    /// Identifies the finding by its content (rule, region, code, label, subject), never by its
    /// line: stable when lines are inserted or removed elsewhere. A second finding with the same
    /// content gets `:2`, and so on.
    pub fingerprint: String,
    /// True when a baseline already records this finding: listed, but not counted for the exit
    /// code.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub known: bool,
    /// The file the finding points into when it is not the report's source (an ignore file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedLocation {
    pub line: usize,
    pub column: usize,
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub regions: usize,
    pub rows: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings a baseline already records (included in the counts above).
    pub known: usize,
    /// Findings an ignore file suppressed (not listed, not in the counts above).
    pub ignored: usize,
}

impl Summary {
    fn add(&mut self, other: &Summary) {
        self.regions += other.regions;
        self.rows += other.rows;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.known += other.known;
        self.ignored += other.ignored;
    }
}

/// The worst severity among the findings that count for the exit code (not known to a baseline).
pub fn worst_new(reports: &[Report<'_, '_>]) -> Option<Severity> {
    reports
        .iter()
        .flat_map(|report| &report.diagnostics)
        .filter(|diagnostic| !diagnostic.known)
        .map(|diagnostic| diagnostic.severity)
        .max()
}

/// Everything known about one input: its source, its document and its findings.
#[derive(Debug, Serialize)]
pub struct Report<'a, 's> {
    pub schema_version: u32,
    pub tool: Tool,
    pub source: SourceInfo,
    pub document: &'a Act,
    pub regions: &'a [Region<'s>],
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    #[serde(skip)]
    pub text: &'a Source,
    /// Other files that diagnostics point into (`Diagnostic::file`).
    #[serde(skip)]
    pub side_sources: Vec<&'a Source>,
}

impl<'a, 's> Report<'a, 's> {
    pub fn new(source: &'a Source, document: &'a Document<'s>, findings: &[Finding]) -> Self {
        let mut occurrences: HashMap<String, usize> = HashMap::new();
        let diagnostics: Vec<Diagnostic> = findings
            .iter()
            .map(|finding| {
                let key = finding.content_key();
                let seen = occurrences.entry(key.clone()).or_insert(0);
                *seen += 1;
                let fingerprint = match *seen {
                    1 => key,
                    n => format!("{key}:{n}"),
                };
                diagnostic(source, finding, fingerprint)
            })
            .collect();
        let mut report = Report {
            schema_version: SCHEMA_VERSION,
            tool: TOOL,
            source: SourceInfo::of(source),
            document: &document.act,
            regions: &document.regions,
            diagnostics,
            summary: Summary::default(),
            text: source,
            side_sources: Vec::new(),
        };
        report.recount(0);
        report
    }

    /// The text a diagnostic's span points into.
    pub fn text_of(&self, diagnostic: &Diagnostic) -> &'a Source {
        diagnostic
            .file
            .as_ref()
            .and_then(|file| self.side_sources.iter().find(|s| &s.path == file))
            .copied()
            .unwrap_or(self.text)
    }

    /// Recomputes the summary after diagnostics were marked known or removed.
    pub fn recount(&mut self, ignored: usize) {
        let count = |severity| {
            self.diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        self.summary = Summary {
            regions: self.regions.len(),
            rows: self.regions.iter().map(|r| r.rows.len()).sum(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            known: self.diagnostics.iter().filter(|d| d.known).count(),
            ignored,
        };
    }
}

/// Places a finding in `source`.
pub fn diagnostic(source: &Source, finding: &Finding, fingerprint: String) -> Diagnostic {
    Diagnostic {
        rule: finding.rule.name,
        rule_id: finding.rule.id,
        severity: finding.severity,
        message: finding.message.clone(),
        line: source.line_of(finding.span.offset()),
        column: source.column_of(finding.span.offset()),
        span: finding.span,
        region: finding.region.clone(),
        code: finding.code.clone(),
        label: finding.label.clone(),
        help: finding.help.clone(),
        annotation: finding.annotation.clone(),
        related: finding
            .related
            .iter()
            .map(|related| RelatedLocation {
                line: source.line_of(related.span.offset()),
                column: source.column_of(related.span.offset()),
                span: related.span,
                message: related.message.clone(),
            })
            .collect(),
        fingerprint,
        known: false,
        file: None,
    }
}

/// The summary over several reports.
pub fn total(reports: &[Report<'_, '_>]) -> Summary {
    let mut summary = Summary::default();
    for report in reports {
        summary.add(&report.summary);
    }
    summary
}
