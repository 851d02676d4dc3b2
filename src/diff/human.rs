//! `diff --format human`: the differences section by section, a line each, then a summary line.
//!
//! ```text
//! Alsace (42): old line 46, new line 46
//!   ~ 32331  typo: Informaticien exp[-er-]{+re+}t  (old line 53, new line 53)
//!   - 52314  Inspecteur de mise en conformité  (old line 122)
//!   + 61224  Chargé d'études techniques du sous-sol  (new line 613)
//! ```

use super::{Diff, PairedBy, RowChange, RowRef, SectionDiff, SectionStatus, Side, Sides};
use crate::source::Source;

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

pub fn render(diff: &Diff, old: &Source, new: &Source) -> String {
    let mut out = format!("annex-audit diff: {} → {}\n", old.path, new.path);
    for section in &diff.sections {
        match section.status {
            SectionStatus::Unchanged => {}
            SectionStatus::Changed => {
                out.push('\n');
                changed_section(&mut out, section);
            }
            SectionStatus::Removed | SectionStatus::Added => {
                out.push('\n');
                out.push_str(&added_or_removed(section));
            }
        }
    }
    out.push('\n');
    out.push_str(&summary_line(diff));
    out
}

/// " (42)" after a region's name; nothing for a domain.
fn code_suffix(section: &SectionDiff) -> String {
    section
        .insee_code
        .as_deref()
        .map_or_else(String::new, |code| format!(" ({code})"))
}

fn added_or_removed(section: &SectionDiff) -> String {
    let (what, side, line, rows) = match section.status {
        SectionStatus::Added => ("only in new", "new", section.new_line, section.rows.new),
        _ => ("only in old", "old", section.old_line, section.rows.old),
    };
    format!(
        "{}{}: {what} ({side} line {}, {})\n",
        section.display_name(),
        code_suffix(section),
        line.unwrap_or_default(),
        plural(rows, "row")
    )
}

fn changed_section(out: &mut String, section: &SectionDiff) {
    let old_name = section.old_name.as_deref().unwrap_or_default();
    let name = if section.renamed || section.paired_by == Some(PairedBy::Successor) {
        format!("{old_name} → {}", section.display_name())
    } else {
        section.display_name().to_owned()
    };
    let mut heading = format!("{name}{}:", code_suffix(section));
    if section.renamed {
        heading.push_str(" heading printed differently;");
    }
    if section.paired_by == Some(PairedBy::Successor) {
        let merged: Vec<String> = section
            .merged
            .iter()
            .map(|merged| {
                let side = match merged.side {
                    Side::Old => "old",
                    Side::New => "new",
                };
                format!(
                    "{} ({}, {side} line {})",
                    merged.name,
                    merged.insee_code.as_deref().unwrap_or("?"),
                    merged.line
                )
            })
            .collect();
        heading.push_str(&format!(
            " paired through the 2016 reform: {};",
            merged.join(", ")
        ));
    }
    heading.push_str(&format!(
        " old line {}, new line {}\n",
        section.old_line.unwrap_or_default(),
        section.new_line.unwrap_or_default()
    ));
    out.push_str(&heading);
    if section.declared_count_changed {
        let Sides { old, new } = section.declared_count;
        out.push_str(&format!(
            "  # declared count {} → {}\n",
            old.unwrap_or_default(),
            new.unwrap_or_default()
        ));
    }
    if let Some(note) = count_note(section) {
        out.push_str(&format!("  note: {note}\n"));
    }
    // Changes, removals and additions together, in the order of the lines they concern.
    let mut lines: Vec<(usize, usize, String)> = Vec::new();
    lines.extend(section.changed.iter().map(|change| {
        (
            change.old.line,
            change.new.line,
            format!("  ~ {}\n", changed_row(change)),
        )
    }));
    lines.extend(section.rows_only_in_old.iter().map(|row| {
        (
            row.line,
            0,
            format!("  - {}  (old line {})\n", row_text(row), row.line),
        )
    }));
    lines.extend(section.rows_only_in_new.iter().map(|row| {
        (
            usize::MAX,
            row.line,
            format!("  + {}  (new line {})\n", row_text(row), row.line),
        )
    }));
    lines.sort();
    for (_, _, line) in lines {
        out.push_str(&line);
    }
}

/// When a side's list disagrees with its own header, what the other side lists: the way to
/// learn which side of a `count-mismatch` lost or gained rows.
pub(super) fn count_note(section: &SectionDiff) -> Option<String> {
    let Sides { old, new } = section.declared_count;
    let disagrees = |declared: Option<usize>, rows: usize| declared.is_some_and(|d| d != rows);
    if !disagrees(old, section.rows.old) && !disagrees(new, section.rows.new) {
        return None;
    }
    let side = |name: &str, declared: Option<usize>, rows: usize| match declared {
        Some(declared) => format!("{name} declares {declared} and lists {rows}"),
        None => format!("{name} lists {rows}"),
    };
    Some(format!(
        "{}; {}",
        side("old", old, section.rows.old),
        side("new", new, section.rows.new)
    ))
}

fn row_text(row: &RowRef) -> String {
    match &row.code {
        Some(code) => format!("{code}  {}", row.label),
        None => row.label.clone(),
    }
}

fn changed_row(change: &RowChange) -> String {
    let code = match (&change.old.code, &change.new.code) {
        (Some(old), Some(new)) if old != new => format!("{old} → {new}  code changed; "),
        (Some(code), _) | (None, Some(code)) => format!("{code}  "),
        (None, None) => String::new(),
    };
    let label = match &change.diff {
        Some(diff) => format!("{}: {diff}", change.change.as_str()),
        None => format!("same label: {}", change.new.label),
    };
    format!(
        "{code}{label}  (old line {}, new line {})",
        change.old.line, change.new.line
    )
}

/// "annex-audit diff: 22 sections paired (5 changed), 1 added, 0 removed; rows: …"
pub fn summary_line(diff: &Diff) -> String {
    let summary = &diff.summary;
    if !diff.differs() {
        return format!(
            "annex-audit diff: no differences ({} paired, {} in each)\n",
            plural(summary.sections_paired, "section"),
            plural(summary.rows.old, "row")
        );
    }
    let mut line = format!(
        "annex-audit diff: {} paired ({} changed), {} added, {} removed; rows: {} only in old, {} \
         only in new, {} changed",
        plural(summary.sections_paired, "section"),
        summary.sections_changed,
        summary.sections_added,
        summary.sections_removed,
        summary.rows_only_in_old,
        summary.rows_only_in_new,
        summary.rows_changed,
    );
    let mut kinds: Vec<String> = summary
        .labels_changed
        .kinds()
        .into_iter()
        .map(|(count, kind)| format!("{count} {kind}"))
        .collect();
    if summary.codes_changed > 0 {
        kinds.push(format!("{} with a new code", summary.codes_changed));
    }
    if !kinds.is_empty() {
        line.push_str(&format!(" ({})", kinds.join(", ")));
    }
    if summary.declared_counts_changed > 0 {
        line.push_str(&format!(
            "; {} changed",
            plural(summary.declared_counts_changed, "declared count")
        ));
    }
    if summary.sections_renamed > 0 {
        line.push_str(&format!(
            "; {} printed differently",
            plural(summary.sections_renamed, "heading")
        ));
    }
    line.push('\n');
    line
}
