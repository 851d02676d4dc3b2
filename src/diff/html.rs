//! `diff --format html`: one self-contained page (inline CSS, no script, nothing fetched).
//!
//! Written with maud, whose splices are escaped by construction; input text goes through the
//! audit report's `text` as well, which also escapes `'`. Changed words are marked up with
//! `<del>` and `<ins>`.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use similar::ChangeTag;

use super::{Diff, PairedBy, RowChange, RowRef, SectionDiff, SectionStatus, Side};
use crate::audit::labels::inline_segments;
use crate::report::html::text;
use crate::report::{SourceInfo, TOOL};
use crate::source::Source;

const STYLE: &str = "\
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}\
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 3rem}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin:2rem 0 .4rem}\
table{border-collapse:collapse;width:100%;background:#fff}\
th,td{border:1px solid #d8dce3;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#eef0f4}td.num{text-align:right;font-variant-numeric:tabular-nums}\
code{font-family:ui-monospace,monospace}\
del{background:#fde2e1;color:#8a1c17}ins{background:#dcf5e3;color:#0f5b2a;text-decoration:none}\
tr.only-old td:first-child{color:#8a1c17}tr.only-new td:first-child{color:#0f5b2a}\
table.rows{table-layout:fixed}table.rows th:nth-child(1){width:2rem}\
table.rows th:nth-child(2),table.rows th:nth-child(3){width:6rem}table.rows th:nth-child(4){width:9rem}\
.note{color:#5a6272}.status{font-size:.85rem;color:#5a6272;font-weight:normal}";

pub fn render(diff: &Diff, old: &Source, new: &Source) -> String {
    let title = format!("annex-audit diff: {} → {}", old.path, new.path);
    let unchanged: Vec<&SectionDiff> = diff
        .sections
        .iter()
        .filter(|section| section.status == SectionStatus::Unchanged)
        .collect();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("{} {}", TOOL.name, TOOL.version));
                title { (text(&title)) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    h1 { "annex-audit diff" }
                    (sources(&SourceInfo::of(old), &SourceInfo::of(new)))
                    p #summary { (text(super::human::summary_line(diff).trim_end())) }
                    @for section in diff.sections.iter().filter(|s| s.status != SectionStatus::Unchanged) {
                        (section_block(section))
                    }
                    @if !unchanged.is_empty() {
                        h2 { "Unchanged" }
                        p.note {
                            @for (index, section) in unchanged.iter().enumerate() {
                                @if index > 0 { ", " }
                                (text(section.display_name()))
                            }
                        }
                    }
                }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

fn sources(old: &SourceInfo, new: &SourceInfo) -> Markup {
    html! {
        table.sources {
            tr { th { } th { "path" } th { "bytes" } th { "encoding" } th { "lines" } th { "SHA-256" } }
            @for (side, info) in [("old", old), ("new", new)] {
                tr {
                    th { (side) }
                    td { code { (text(&info.path)) } }
                    td.num { (info.bytes) }
                    td { (info.encoding.as_str()) }
                    td.num { (info.lines) }
                    td { code { (info.sha256) } }
                }
            }
        }
    }
}

fn section_block(section: &SectionDiff) -> Markup {
    let status = match (section.status, section.paired_by) {
        (SectionStatus::Added, _) => "only in new",
        (SectionStatus::Removed, _) => "only in old",
        (_, Some(PairedBy::Successor)) => "paired through the 2016 reform",
        _ if section.renamed => "changed; heading printed differently",
        _ => "changed",
    };
    html! {
        section.section {
            h2 {
                @if section.renamed || section.paired_by == Some(PairedBy::Successor) {
                    (text(section.old_name.as_deref().unwrap_or_default())) " → "
                }
                (text(section.display_name()))
                @if let Some(code) = &section.insee_code { " (" (text(code)) ")" }
                " " span.status { (status) }
            }
            p.note {
                (facts(section))
                @for merged in &section.merged {
                    "; " (match merged.side { Side::Old => "old ", Side::New => "new " })
                    (text(&merged.name)) " (" (text(merged.insee_code.as_deref().unwrap_or("?"))) ")"
                }
            }
            @if !(section.changed.is_empty() && section.rows_only_in_old.is_empty() && section.rows_only_in_new.is_empty()) {
                table.rows {
                    tr { th { } th { "old line" } th { "new line" } th { "code" } th { "label" } }
                    @for change in &section.changed { (changed_row(change)) }
                    @for row in &section.rows_only_in_old { (single_row("only-old", "−", row, true)) }
                    @for row in &section.rows_only_in_new { (single_row("only-new", "+", row, false)) }
                }
            }
        }
    }
}

/// Where the section is on each side, its row counts, and what its headers declare.
fn facts(section: &SectionDiff) -> String {
    let mut facts = Vec::new();
    for (side, line) in [("old", section.old_line), ("new", section.new_line)] {
        if let Some(line) = line {
            facts.push(format!("{side} line {line}"));
        }
    }
    facts.push(format!("rows {} → {}", section.rows.old, section.rows.new));
    if section.declared_count_changed {
        let count = |count: Option<usize>| count.map_or_else(String::new, |c| c.to_string());
        facts.push(format!(
            "declared count {} → {}",
            count(section.declared_count.old),
            count(section.declared_count.new)
        ));
    }
    facts.extend(super::human::count_note(section));
    facts.join("; ")
}

fn single_row(class: &str, marker: &str, row: &RowRef, old: bool) -> Markup {
    html! {
        tr class=(class) {
            td { (marker) }
            td.num { @if old { (row.line) } }
            td.num { @if !old { (row.line) } }
            td { code { (text(row.code.as_deref().unwrap_or_default())) } }
            td { (text(&row.label)) }
        }
    }
}

fn changed_row(change: &RowChange) -> Markup {
    let segments = match change.diff {
        Some(_) => inline_segments(
            &change.old.label,
            &change.new.label,
            change.change.diff_by_chars(),
        ),
        None => vec![(ChangeTag::Equal, change.new.label.clone())],
    };
    html! {
        tr.changed {
            td { "~" }
            td.num { (change.old.line) }
            td.num { (change.new.line) }
            td {
                @match (&change.old.code, &change.new.code) {
                    (Some(old), Some(new)) if old != new => {
                        code { del { (text(old)) } " " ins { (text(new)) } }
                    }
                    (Some(code), _) | (None, Some(code)) => code { (text(code)) },
                    (None, None) => {}
                }
            }
            td {
                span.note { (change.change.as_str()) ": " }
                @for (tag, part) in &segments {
                    @match tag {
                        ChangeTag::Delete => del { (text(part)) },
                        ChangeTag::Insert => ins { (text(part)) },
                        ChangeTag::Equal => (text(part)),
                    }
                }
            }
        }
    }
}
