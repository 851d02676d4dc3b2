//! `diff --format json`: the versioned comparison (see the README's `annex-audit diff` section).

use serde::Serialize;

use super::{DIFF_SCHEMA_VERSION, Diff, DiffSummary, SectionDiff};
use crate::report::{SourceInfo, TOOL, Tool};
use crate::source::Source;

#[derive(Serialize)]
struct Rendered<'d> {
    diff_schema_version: u32,
    tool: Tool,
    old: SourceInfo,
    new: SourceInfo,
    /// Whether anything differs: what `--fail-on-change` fails on.
    differs: bool,
    sections: &'d [SectionDiff],
    summary: &'d DiffSummary,
}

pub fn render(diff: &Diff, old: &Source, new: &Source) -> String {
    let rendered = serde_json::to_string_pretty(&Rendered {
        diff_schema_version: DIFF_SCHEMA_VERSION,
        tool: TOOL,
        old: SourceInfo::of(old),
        new: SourceInfo::of(new),
        differs: diff.differs(),
        sections: &diff.sections,
        summary: &diff.summary,
    });
    // Serialising plain strings and numbers cannot fail; an empty object beats a panic.
    let mut out = rendered.unwrap_or_else(|_| "{}".to_owned());
    out.push('\n');
    out
}
