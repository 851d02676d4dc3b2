//! One report value, rendered by one module per output format.
//!
//! The report is built once from the findings; renderers never recompute anything, they only
//! lay the same value out for people or machines.

pub mod human;
pub mod json;

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
}

impl Summary {
    fn add(&mut self, other: &Summary) {
        self.regions += other.regions;
        self.rows += other.rows;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    /// The worst severity present, if any finding at all.
    pub fn worst(&self) -> Option<Severity> {
        if self.errors > 0 {
            Some(Severity::Error)
        } else if self.warnings > 0 {
            Some(Severity::Warning)
        } else if self.infos > 0 {
            Some(Severity::Info)
        } else {
            None
        }
    }
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
}

impl<'a, 's> Report<'a, 's> {
    pub fn new(source: &'a Source, document: &'a Document<'s>, findings: &[Finding]) -> Self {
        let diagnostics: Vec<Diagnostic> = findings
            .iter()
            .map(|finding| diagnostic(source, finding))
            .collect();
        let count = |severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        let summary = Summary {
            regions: document.regions.len(),
            rows: document.regions.iter().map(|r| r.rows.len()).sum(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        };
        Report {
            schema_version: SCHEMA_VERSION,
            tool: TOOL,
            source: SourceInfo {
                path: source.path.clone(),
                bytes: source.bytes,
                sha256: source.sha256.clone(),
                encoding: source.encoding,
                lines: source.line_count(),
            },
            document: &document.act,
            regions: &document.regions,
            diagnostics,
            summary,
            text: source,
        }
    }
}

fn diagnostic(source: &Source, finding: &Finding) -> Diagnostic {
    Diagnostic {
        rule: finding.rule.name,
        rule_id: finding.rule.id,
        severity: finding.severity,
        message: finding.message.clone(),
        line: source.line_of(finding.span.offset),
        column: source.column_of(finding.span.offset),
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
                line: source.line_of(related.span.offset),
                column: source.column_of(related.span.offset),
                span: related.span,
                message: related.message.clone(),
            })
            .collect(),
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
