//! `--format json`: the public, versioned contract (see the README's "JSON report" section).

use serde::Serialize;

use super::{Report, SCHEMA_VERSION, Summary, TOOL, Tool, total};

/// Several inputs in one run: their reports and the total.
#[derive(Serialize)]
struct Batch<'r, 'a, 's> {
    schema_version: u32,
    tool: Tool,
    reports: &'r [Report<'a, 's>],
    summary: Summary,
}

/// One input gives its report; several give `{schema_version, tool, reports, summary}`.
pub fn render(reports: &[Report<'_, '_>]) -> String {
    let rendered = match reports {
        [single] => serde_json::to_string_pretty(single),
        many => serde_json::to_string_pretty(&Batch {
            schema_version: SCHEMA_VERSION,
            tool: TOOL,
            reports: many,
            summary: total(many),
        }),
    };
    // Serialising plain strings and numbers cannot fail; an empty object beats a panic.
    let mut out = rendered.unwrap_or_else(|_| "{}".to_owned());
    out.push('\n');
    out
}
