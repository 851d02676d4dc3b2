//! `--format json`: the public, versioned contract (see the README's "JSON report" section).

use std::io::Write as _;

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
    let mut out = Vec::new();
    // Writing into memory cannot fail, nor can serialising plain strings and numbers.
    let _ = serialise(reports, &mut out);
    String::from_utf8(out).unwrap_or_else(|_| "{}\n".to_owned())
}

/// [`render`], streamed to `out`: a large input's report (every row of the document) is never
/// held in memory whole.
pub fn write(reports: &[Report<'_, '_>], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    serialise(reports, &mut out)?;
    out.flush()
}

fn serialise(reports: &[Report<'_, '_>], mut out: impl std::io::Write) -> std::io::Result<()> {
    match reports {
        [single] => serde_json::to_writer_pretty(&mut out, single)?,
        many => serde_json::to_writer_pretty(
            &mut out,
            &Batch {
                schema_version: SCHEMA_VERSION,
                tool: TOOL,
                reports: many,
                summary: total(many),
            },
        )?,
    }
    out.write_all(b"\n")
}
