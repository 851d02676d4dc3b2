//! Baselines: `--write-baseline FILE` records today's findings by fingerprint; `--baseline FILE`
//! marks the findings it records as known, so that only new ones fail the run. Fingerprints come
//! from content, so lines inserted or removed elsewhere do not make a known finding new.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{file_error, read_text};
use crate::error::Error;
use crate::report::{Report, TOOL};

pub const BASELINE_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    baseline_version: u32,
    tool: String,
    findings: Vec<Entry>,
}

/// One recorded finding; the fields besides `path` and `fingerprint` are there for reviewers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    fingerprint: String,
    rule: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    code: Option<String>,
    message: String,
}

/// The fingerprints a baseline records, by path and overall.
#[derive(Debug, Default)]
pub struct Baseline {
    by_path: HashSet<(String, String)>,
    paths: HashSet<String>,
    fingerprints: HashSet<String>,
}

impl Baseline {
    /// Whether the baseline records this finding of the file at `path`. A file the baseline does
    /// not know by path (renamed, or audited from another directory) is matched by fingerprint.
    pub fn knows(&self, path: &str, fingerprint: &str) -> bool {
        if self.paths.contains(path) {
            self.by_path
                .contains(&(path.to_owned(), fingerprint.to_owned()))
        } else {
            self.fingerprints.contains(fingerprint)
        }
    }
}

/// The baseline file for today's findings.
pub fn render(reports: &[Report<'_, '_>]) -> String {
    let findings = reports
        .iter()
        .flat_map(|report| {
            report.diagnostics.iter().map(|diagnostic| Entry {
                path: report.source.path.clone(),
                fingerprint: diagnostic.fingerprint.clone(),
                rule: diagnostic.rule.to_owned(),
                region: diagnostic.region.clone(),
                code: diagnostic.code.clone(),
                message: diagnostic.message.clone(),
            })
        })
        .collect();
    let file = BaselineFile {
        baseline_version: BASELINE_VERSION,
        tool: format!("{} {}", TOOL.name, TOOL.version),
        findings,
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_else(|_| "{}".to_owned());
    out.push('\n');
    out
}

pub fn load(path: &Path) -> Result<Baseline, Error> {
    let text = read_text(path)?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|error| {
        let offset = offset_of(&text, error.line(), error.column());
        file_error(
            path,
            &text,
            Some(offset..offset),
            format!("not a baseline file: {error}"),
            "here",
            Some("write one with `annex-audit --write-baseline FILE`".to_owned()),
        )
    })?;
    if file.baseline_version != BASELINE_VERSION {
        return Err(file_error(
            path,
            &text,
            None,
            format!(
                "baseline version {} is not supported",
                file.baseline_version
            ),
            "",
            Some(format!(
                "this annex-audit reads version {BASELINE_VERSION}; write the baseline again"
            )),
        ));
    }
    let mut baseline = Baseline::default();
    for entry in file.findings {
        baseline.paths.insert(entry.path.clone());
        baseline.fingerprints.insert(entry.fingerprint.clone());
        baseline.by_path.insert((entry.path, entry.fingerprint));
    }
    Ok(baseline)
}

/// Byte offset of a 1-based line and column, clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut offset = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
