//! `--format html`: one self-contained page (inline CSS and JS, nothing fetched).
//!
//! The markup is written with maud, whose splices are escaped by construction: no text from the
//! input can become markup. A Content-Security-Policy allows only the page's own script (by its
//! hash) and no network access, as a second line of defence. The script only reads the DOM and
//! toggles `hidden` on the findings the filters leave out.

use std::collections::{BTreeMap, HashMap, HashSet};

use maud::{DOCTYPE, Markup, PreEscaped, Render, html};
use sha2::{Digest, Sha256};

use crate::audit::labels::normal_form;

use super::{Diagnostic, Report, Summary, total};
use crate::audit::{RULES, Severity};
use crate::model::{Act, Region, Row};
use crate::source::{Source, Span};

const STYLE: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/page.js");

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// Lines shown before and after a finding's line in its excerpt.
const CONTEXT_LINES: usize = 2;

/// Text from the input. maud already escapes `& < > "` in every splice; this escapes `'` as
/// well, so the text stays inert whatever attribute quoting a later edit might use.
pub(crate) struct Text<'a>(&'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        for c in self.0.chars() {
            match c {
                '&' => buffer.push_str("&amp;"),
                '<' => buffer.push_str("&lt;"),
                '>' => buffer.push_str("&gt;"),
                '"' => buffer.push_str("&quot;"),
                '\'' => buffer.push_str("&#39;"),
                c => buffer.push(c),
            }
        }
    }
}

pub(crate) fn text(value: &str) -> Text<'_> {
    Text(value)
}

pub fn render(reports: &[Report<'_, '_>]) -> String {
    let title = match reports {
        [single] => format!("annex-audit: {}", single.source.path),
        many => format!("annex-audit: {} files", many.len()),
    };
    let several = reports.len() > 1;
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(content_security_policy());
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("{} {}", super::TOOL.name, super::TOOL.version));
                title { (text(&title)) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header.page-header {
                    div.inner {
                        h1 { "annex-audit report" }
                        p.sub {
                            @for (index, report) in reports.iter().enumerate() {
                                @if index > 0 { " · " }
                                code { (text(&report.source.path)) }
                            }
                            " — " (super::TOOL.name) " " (super::TOOL.version)
                        }
                        nav {
                            @for (index, _) in reports.iter().enumerate() {
                                @let id = ReportId(index);
                                @if several { strong { "#" (index + 1) " " } }
                                a href=(format!("#{}", id.anchor("overview"))) { "Overview" }
                                a href=(format!("#{}", id.anchor("matrix-section"))) { "Matrix" }
                                a href=(format!("#{}", id.anchor("findings"))) { "Findings" }
                                a href=(format!("#{}", id.anchor("regions"))) { "Regions" }
                            }
                        }
                    }
                }
                (filters(reports))
                main {
                    @if several { (totals(reports)) }
                    @for (index, report) in reports.iter().enumerate() {
                        (report_section(ReportId(index), report, several))
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

/// Only the page's own script (by hash) and inline styles; nothing may be fetched.
fn content_security_policy() -> String {
    let digest = Sha256::digest(SCRIPT.as_bytes());
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{}'; base-uri 'none'; form-action 'none'",
        base64(&digest)
    )
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (position, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if position <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Ids of one report's elements: the first report keeps plain ids (`matrix`), the next ones get
/// a suffix (`matrix-2`), so that a page with several inputs has no duplicate id.
#[derive(Clone, Copy)]
struct ReportId(usize);

impl ReportId {
    fn anchor(self, name: &str) -> String {
        match self.0 {
            0 => name.to_owned(),
            index => format!("{name}-{}", index + 1),
        }
    }

    fn finding(self, index: usize) -> String {
        self.anchor(&format!("finding-{}", index + 1))
    }

    fn region(self, index: usize) -> String {
        self.anchor(&format!("region-{}", index + 1))
    }

    fn line(self, line: usize) -> String {
        self.anchor(&format!("line-{line}"))
    }
}

/// Where a diagnostic shows in the region tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Row { region: usize, row: usize },
    Region(usize),
    Document,
}

/// The diagnostics of one report, placed on the regions and rows they concern.
struct Layout {
    places: Vec<Place>,
    by_row: HashMap<(usize, usize), Vec<usize>>,
    by_region: HashMap<usize, Vec<usize>>,
    /// (region, row) of every row, by its line, for linking related locations.
    row_at_line: HashMap<usize, (usize, usize)>,
}

impl Layout {
    fn of(report: &Report<'_, '_>) -> Layout {
        let row_at_line: HashMap<usize, (usize, usize)> = report
            .regions
            .iter()
            .enumerate()
            .flat_map(|(region_index, region)| {
                region
                    .rows
                    .iter()
                    .enumerate()
                    .map(move |(row_index, row)| (row.line(), (region_index, row_index)))
            })
            .collect();
        // Looked up per finding: scanning every region for each finding is quadratic.
        let mut named: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, region) in report.regions.iter().enumerate() {
            named.entry(region.name.as_ref()).or_default().push(index);
        }
        let places: Vec<Place> = report
            .diagnostics
            .iter()
            .map(|diagnostic| place(report.regions, &named, &row_at_line, diagnostic))
            .collect();
        let mut by_row: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        let mut by_region: HashMap<usize, Vec<usize>> = HashMap::new();
        for (index, place) in places.iter().enumerate() {
            match *place {
                Place::Row { region, row } => by_row.entry((region, row)).or_default().push(index),
                Place::Region(region) => by_region.entry(region).or_default().push(index),
                Place::Document => {}
            }
        }
        Layout {
            places,
            by_row,
            by_region,
            row_at_line,
        }
    }

    fn row_findings(&self, region: usize, row: usize) -> &[usize] {
        self.by_row.get(&(region, row)).map_or(&[], Vec::as_slice)
    }

    fn region_findings(&self, region: usize) -> &[usize] {
        self.by_region.get(&region).map_or(&[], Vec::as_slice)
    }
}

/// The region a diagnostic names (the one whose section holds its line, when two sections print
/// the same name), and the row at its line or with its code.
fn place(
    regions: &[Region<'_>],
    named: &HashMap<&str, Vec<usize>>,
    row_at_line: &HashMap<usize, (usize, usize)>,
    diagnostic: &Diagnostic,
) -> Place {
    let Some(named) = diagnostic
        .region
        .as_deref()
        .and_then(|name| named.get(name))
    else {
        return Place::Document;
    };
    let section_end = |index: usize| regions.get(index + 1).map_or(usize::MAX, |next| next.line);
    // Sections come in line order: the one holding the line is the last that starts before it.
    let before = named.partition_point(|&index| regions[index].line <= diagnostic.line);
    let region = before
        .checked_sub(1)
        .map(|position| named[position])
        .filter(|&index| diagnostic.line < section_end(index))
        .or_else(|| named.first().copied());
    let Some(region) = region else {
        return Place::Document;
    };
    let rows = &regions[region].rows;
    let row = row_at_line
        .get(&diagnostic.line)
        .filter(|(row_region, _)| *row_region == region)
        .map(|&(_, row)| row)
        .or_else(|| {
            let code = diagnostic.code.as_deref()?;
            rows.iter().position(|row| {
                row.code == code
                    && diagnostic
                        .label
                        .as_deref()
                        .is_none_or(|label| row.label == label)
            })
        });
    match row {
        Some(row) => Place::Row { region, row },
        None => Place::Region(region),
    }
}

/// One line of the matrix: a code, the label most rows print for it, and its rows per region.
struct Occupation<'r> {
    code: &'r str,
    label: &'r str,
    /// Indices into each region's rows (several when a region lists the code twice).
    cells: Vec<Vec<usize>>,
}

/// The line of the matrix a row belongs to: its code; rows without a code (lists of labels) are
/// matched by their label's normal form.
fn occupation_key(row: &Row<'_>) -> String {
    if row.code.is_empty() {
        format!("~{}", normal_form(&row.label))
    } else {
        row.code.to_string()
    }
}

/// Beyond this many cells (occupations × regions) the matrix is left out: a page of a generated
/// or runaway input would need gigabytes for it, and nobody could read it.
const MAX_MATRIX_CELLS: usize = 250_000;

fn occupations<'r>(regions: &'r [Region<'_>]) -> Vec<Occupation<'r>> {
    struct Entry<'r> {
        code: &'r str,
        /// Each label printed for the occupation and on how many rows, in the order first printed.
        labels: Vec<(&'r str, usize)>,
        /// Where each label stands in `labels`: one lookup a row however many labels a code has
        /// (a scan of them made a code printed with a new label on every row quadratic).
        label_index: HashMap<&'r str, usize>,
        cells: Vec<Vec<usize>>,
    }
    let mut by_code: BTreeMap<String, Entry<'r>> = BTreeMap::new();
    for (region_index, region) in regions.iter().enumerate() {
        for (row_index, row) in region.rows.iter().enumerate() {
            let entry = by_code.entry(occupation_key(row)).or_insert_with(|| Entry {
                code: row.code,
                labels: Vec::new(),
                label_index: HashMap::new(),
                cells: vec![Vec::new(); regions.len()],
            });
            let label: &'r str = &row.label;
            match entry.label_index.get(label) {
                Some(&index) => entry.labels[index].1 += 1,
                None => {
                    entry.label_index.insert(label, entry.labels.len());
                    entry.labels.push((label, 1));
                }
            }
            entry.cells[region_index].push(row_index);
        }
    }
    by_code
        .into_values()
        .map(|entry| {
            // The label most rows print; on a tie, the one printed first.
            let mut agreed: Option<(&str, usize)> = None;
            for (label, count) in entry.labels {
                if agreed.is_none_or(|(_, best)| count > best) {
                    agreed = Some((label, count));
                }
            }
            Occupation {
                code: entry.code,
                label: agreed.map_or("", |(label, _)| label),
                cells: entry.cells,
            }
        })
        .collect()
}

fn severity_class(prefix: &str, severity: Option<Severity>) -> String {
    match severity {
        Some(severity) => format!("{prefix} flagged sev-{}", severity.as_str()),
        None => prefix.to_owned(),
    }
}

fn worst(report: &Report<'_, '_>, indices: &[usize]) -> Option<Severity> {
    indices
        .iter()
        .filter_map(|&index| report.diagnostics.get(index))
        .map(|diagnostic| diagnostic.severity)
        .max()
}

/// The distinct rule names of some diagnostics, in order of first appearance.
fn rule_names(report: &Report<'_, '_>, indices: &[usize]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for diagnostic in indices
        .iter()
        .filter_map(|&index| report.diagnostics.get(index))
    {
        if !names.contains(&diagnostic.rule) {
            names.push(diagnostic.rule);
        }
    }
    names
}

/// Counts of diagnostics per rule (name, id) and severity, rules in registry order.
fn counts_by_rule<'r>(
    diagnostics: impl Iterator<Item = &'r Diagnostic>,
) -> Vec<(&'static str, &'static str, [usize; 3])> {
    let mut counts: Vec<(&'static str, &'static str, [usize; 3])> = RULES
        .iter()
        .map(|rule| (rule.name, rule.id, [0; 3]))
        .collect();
    for diagnostic in diagnostics {
        let column = severity_index(diagnostic.severity);
        match counts
            .iter_mut()
            .find(|(name, _, _)| *name == diagnostic.rule)
        {
            Some((_, _, row)) => row[column] += 1,
            None => {
                let mut row = [0; 3];
                row[column] = 1;
                counts.push((diagnostic.rule, diagnostic.rule_id, row));
            }
        }
    }
    counts
}

fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

fn summary_count(summary: &Summary, severity: Severity) -> usize {
    match severity {
        Severity::Error => summary.errors,
        Severity::Warning => summary.warnings,
        Severity::Info => summary.infos,
    }
}

/// The filter bar: one checkbox per severity and per rule that has findings.
fn filters(reports: &[Report<'_, '_>]) -> Markup {
    let summary = total(reports);
    let all = || reports.iter().flat_map(|report| &report.diagnostics);
    let rules: Vec<_> = counts_by_rule(all())
        .into_iter()
        .filter(|(_, _, counts)| counts.iter().sum::<usize>() > 0)
        .collect();
    let count = all().count();
    html! {
        nav.filters aria-label="Filters" {
            form #filters {
                div.filter-group role="group" aria-label="Severity" {
                    span.group-label { "Severity" }
                    @for severity in SEVERITIES {
                        label class=(format!("chip sev-{}", severity.as_str())) {
                            input type="checkbox" name="severity" value=(severity.as_str()) checked;
                            (severity.as_str())
                            span.count { (summary_count(&summary, severity)) }
                        }
                    }
                }
                @if !rules.is_empty() {
                    div.filter-group role="group" aria-label="Rule" {
                        span.group-label { "Rule" }
                        @for (name, id, counts) in &rules {
                            label.chip title=(id) {
                                input type="checkbox" name="rule" value=(name) data-id=(id) checked;
                                (name)
                                span.count { (counts.iter().sum::<usize>()) }
                            }
                        }
                    }
                }
                output #shown { (count) " of " (count) " findings shown" }
            }
        }
    }
}

/// Summary cards over every input, for a page with several.
fn totals(reports: &[Report<'_, '_>]) -> Markup {
    html! {
        section.totals {
            h2 { "All " (reports.len()) " inputs" }
            (cards(&total(reports)))
        }
    }
}

fn cards(summary: &Summary) -> Markup {
    html! {
        div.cards {
            div.card { span.n { (summary.regions) } span.what { "regions" } }
            div.card { span.n { (summary.rows) } span.what { "rows" } }
            @for severity in SEVERITIES {
                @let n = summary_count(summary, severity);
                div class=(format!("card sev-{}{}", severity.as_str(), if n == 0 { " zero" } else { "" })) {
                    span.n { (n) }
                    span.what { (severity.as_str()) (if n == 1 { "" } else { "s" }) }
                }
            }
            @if summary.known > 0 {
                div.card { span.n { (summary.known) } span.what { "known to the baseline" } }
            }
            @if summary.ignored > 0 {
                div.card { span.n { (summary.ignored) } span.what { "ignored" } }
            }
        }
    }
}

fn report_section(id: ReportId, report: &Report<'_, '_>, several: bool) -> Markup {
    let layout = Layout::of(report);
    html! {
        section.report id=(id.anchor("report")) {
            @if several {
                h2.report-title { "Input " (id.0 + 1) ": " code { (text(&report.source.path)) } }
            }
            section.overview id=(id.anchor("overview")) {
                div.panel {
                    h2 { "Document" }
                    (metadata(report))
                }
                div.panel {
                    h2 { "Counts" }
                    (cards(&report.summary))
                    (rule_counts(report))
                }
            }
            section id=(id.anchor("matrix-section")) {
                h2 { "Occupations × regions" }
                (matrix(id, report, &layout))
            }
            section id=(id.anchor("findings")) {
                h2 { "Findings " span.muted { "(" (report.diagnostics.len()) ")" } }
                @if report.diagnostics.is_empty() {
                    p.empty { "No findings." }
                }
                div.findings-list {
                    @for (index, diagnostic) in report.diagnostics.iter().enumerate() {
                        (finding(id, report, &layout, index, diagnostic))
                    }
                }
            }
            section id=(id.anchor("regions")) {
                h2 { "Regions " span.muted { "(" (report.regions.len()) ")" } }
                @if report.regions.is_empty() {
                    p.empty { "No annex table was found." }
                }
                div.regions {
                    @for (index, region) in report.regions.iter().enumerate() {
                        (region_table(id, report, &layout, index, region))
                    }
                }
            }
        }
    }
}

fn optional(value: Option<&str>) -> Markup {
    html! {
        @match value {
            Some(value) => (text(value)),
            None => span.missing { "—" },
        }
    }
}

fn metadata(report: &Report<'_, '_>) -> Markup {
    let act: &Act = report.document;
    let source = &report.source;
    html! {
        dl.meta {
            dt { "Kind" } dd { (optional(act.kind.as_deref())) }
            dt { "Title" } dd.title { (optional(act.title.as_deref())) }
            dt { "Date" } dd { (optional(act.date.as_deref())) }
            dt { "NOR" } dd.nor { (optional(act.nor.as_deref())) }
            dt { "Signed at" }
            dd {
                @match &act.signed_at {
                    Some(signed) => {
                        (text(&signed.place))
                        @if let Some(date) = &signed.date { ", " (text(date)) }
                        " " span.muted { "(line " (signed.line) ")" }
                    }
                    None => span.missing { "—" },
                }
            }
            dt { "Signatories" }
            dd {
                @if act.signatories.is_empty() { span.missing { "—" } }
                ul.plain {
                    @for signatory in &act.signatories {
                        li {
                            strong { (text(&signatory.name)) }
                            @if !signatory.titles.is_empty() {
                                " — " (text(&signatory.titles.join(" ")))
                            }
                        }
                    }
                }
            }
            @if let Some(annex) = &act.annex {
                dt { "Annex" }
                dd {
                    (text(&annex.heading))
                    @if let Some(title) = &annex.title { ": " (text(title)) }
                    " " span.muted { "(line " (annex.line) ")" }
                }
            }
            dt { "Source" } dd { code { (text(&source.path)) } }
            dt { "Size" } dd { (source.bytes) " bytes, " (source.lines) " lines" }
            dt { "SHA-256" } dd { code.hash { (source.sha256) } }
            dt { "Encoding" } dd { (source.encoding.as_str()) }
        }
    }
}

fn rule_counts(report: &Report<'_, '_>) -> Markup {
    let counts = counts_by_rule(report.diagnostics.iter());
    let summary = &report.summary;
    html! {
        table.counts {
            thead {
                tr {
                    th { "rule" } th { "id" }
                    @for severity in SEVERITIES { th.num { (severity.as_str()) } }
                    th.num { "total" }
                }
            }
            tbody {
                @for (name, id, row) in &counts {
                    @let sum: usize = row.iter().sum();
                    tr class=(if sum == 0 { "none" } else { "some" }) {
                        td { (name) }
                        td { code { (id) } }
                        @for (column, severity) in SEVERITIES.iter().enumerate() {
                            td class=(if row[column] > 0 { format!("num sev-{}", severity.as_str()) } else { "num".to_owned() }) {
                                (row[column])
                            }
                        }
                        td.num { strong { (sum) } }
                    }
                }
            }
            tfoot {
                tr {
                    th colspan="2" { "total" }
                    @for severity in SEVERITIES { th.num { (summary_count(summary, severity)) } }
                    th.num { (report.diagnostics.len()) }
                }
            }
        }
    }
}

fn region_title(region: &Region<'_>) -> String {
    match (&region.official_name, &region.insee_code) {
        (Some(name), Some(code)) => format!("{name} (INSEE {code})"),
        (Some(name), None) => name.clone(),
        (None, Some(code)) => format!("INSEE {code}"),
        (None, None) => "no official region matches this name".to_owned(),
    }
}

fn matrix(id: ReportId, report: &Report<'_, '_>, layout: &Layout) -> Markup {
    let keys: HashSet<String> = report
        .regions
        .iter()
        .flat_map(|region| region.rows.iter().map(occupation_key))
        .collect();
    if keys.len().saturating_mul(report.regions.len()) > MAX_MATRIX_CELLS {
        return html! {
            p.empty {
                "The matrix is left out: " (keys.len()) " occupations × " (report.regions.len())
                " regions is more than a page can show. The region tables below list every row."
            }
        };
    }
    let occupations = occupations(report.regions);
    html! {
        @if report.regions.is_empty() {
            p.empty { "No annex table was found." }
        } @else {
            p.legend {
                span.mark { "●" } " open in the region · "
                span.swatch.sev-error {} " " span.swatch.sev-warning {} " " span.swatch.sev-info {}
                " the row has findings (hover for the rules, click for the row)"
            }
            div.matrix-wrap {
                table.matrix id=(id.anchor("matrix")) {
                    thead {
                        tr {
                            th.code-head scope="col" { "code" }
                            th.label-head scope="col" { "agreed label" }
                            @for (index, region) in report.regions.iter().enumerate() {
                                @let findings = layout.region_findings(index);
                                @let rules = rule_names(report, findings);
                                @let title = if rules.is_empty() {
                                    region_title(region)
                                } else {
                                    format!("{} — {}", region_title(region), rules.join(", "))
                                };
                                th class=(severity_class("region-column", worst(report, findings))) scope="col" title=(text(&title)) {
                                    a href=(format!("#{}", id.region(index))) { span.vertical { (text(&region.name)) } }
                                }
                            }
                        }
                    }
                    tbody {
                        @for occupation in &occupations {
                            tr {
                                th.code scope="row" { (text(occupation.code)) }
                                td.label { (text(occupation.label)) }
                                @for (region_index, rows) in occupation.cells.iter().enumerate() {
                                    (matrix_cell(id, report, layout, region_index, occupation.code, rows))
                                }
                            }
                        }
                    }
                    tfoot {
                        tr {
                            th.code {}
                            th.label-head { "rows listed" }
                            @for region in report.regions {
                                td.count { (region.rows.len()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn matrix_cell(
    id: ReportId,
    report: &Report<'_, '_>,
    layout: &Layout,
    region_index: usize,
    code: &str,
    rows: &[usize],
) -> Markup {
    let Some(region) = report.regions.get(region_index) else {
        return html! { td.cell {} };
    };
    let lines: Vec<usize> = rows
        .iter()
        .filter_map(|&row| region.rows.get(row))
        .map(|row| row.line())
        .collect();
    let Some(&first_line) = lines.first() else {
        return html! { td.cell {} };
    };
    let findings: Vec<usize> = rows
        .iter()
        .flat_map(|&row| layout.row_findings(region_index, row))
        .copied()
        .collect();
    let rules = rule_names(report, &findings);
    let lines_text: Vec<String> = lines.iter().map(usize::to_string).collect();
    let mut title = format!("{} · {code} · line {}", region.name, lines_text.join(", "));
    if !rules.is_empty() {
        title.push_str(" — ");
        title.push_str(&rules.join(", "));
    }
    html! {
        td class=(severity_class("cell open", worst(report, &findings))) title=(text(&title)) {
            a href=(format!("#{}", id.line(first_line))) {
                "●"
                @if lines.len() > 1 { sub { "×" (lines.len()) } }
            }
        }
    }
}

/// A finding's message, with the label diff's `[-removed-]` and `{+added+}` shown as such and
/// `backquoted` parts set as code.
fn message(message: &str) -> Markup {
    let mut parts: Vec<(Option<&str>, &str)> = Vec::new();
    let mut rest = message;
    while !rest.is_empty() {
        let next = [("[-", "-]", "del"), ("{+", "+}", "ins")]
            .into_iter()
            .filter_map(|(open, close, tag)| {
                let start = rest.find(open)?;
                let end = rest[start + open.len()..].find(close)? + start + open.len();
                Some((start, end, open.len(), close.len(), tag))
            })
            .min_by_key(|&(start, ..)| start);
        match next {
            Some((start, end, open, close, tag)) => {
                parts.push((None, &rest[..start]));
                parts.push((Some(tag), &rest[start + open..end]));
                rest = &rest[end + close..];
            }
            None => {
                parts.push((None, rest));
                rest = "";
            }
        }
    }
    html! {
        @for (tag, part) in parts {
            @match tag {
                Some("del") => del { (text(part)) },
                Some(_) => ins { (text(part)) },
                None => (with_code(part)),
            }
        }
    }
}

/// Text with `backquoted` parts set as code.
fn with_code(value: &str) -> Markup {
    let parts: Vec<&str> = value.split('`').collect();
    // An odd number of backquotes leaves one unmatched: show the text as printed.
    let balanced = parts.len() % 2 == 1;
    html! {
        @if balanced {
            @for (index, part) in parts.iter().enumerate() {
                @if index % 2 == 1 { code { (text(part)) } } @else { (text(part)) }
            }
        } @else {
            (text(value))
        }
    }
}

fn finding(
    id: ReportId,
    report: &Report<'_, '_>,
    layout: &Layout,
    index: usize,
    diagnostic: &Diagnostic,
) -> Markup {
    let severity = diagnostic.severity.as_str();
    let target = match layout.places.get(index) {
        Some(Place::Row { region, row }) => report
            .regions
            .get(*region)
            .and_then(|region| region.rows.get(*row))
            .map(|row| id.line(row.line())),
        Some(Place::Region(region)) => Some(id.region(*region)),
        _ => None,
    };
    html! {
        article class=(format!("finding sev-{severity}")) id=(id.finding(index))
            data-severity=(severity) data-rule=(diagnostic.rule) data-rule-id=(diagnostic.rule_id) {
            header.finding-head {
                span class=(format!("badge sev-{severity}")) { (severity) }
                span.rule { (diagnostic.rule) " " span.rule-id { (diagnostic.rule_id) } }
                @if diagnostic.known { span.badge.known { "known" } }
                span.where {
                    @match &target {
                        Some(target) => a href=(format!("#{target}")) { "line " (diagnostic.line) },
                        None => { "line " (diagnostic.line) },
                    }
                    ", column " (diagnostic.column)
                    @if let Some(region) = &diagnostic.region { " · " (text(region)) }
                    @if let Some(code) = &diagnostic.code { " · " code { (text(code)) } }
                }
            }
            p.message { (message(&diagnostic.message)) }
            @if let Some(advice) = &diagnostic.help {
                p.help { span.help-label { "help" } " " (with_code(advice)) }
            }
            @if !diagnostic.related.is_empty() {
                ul.related {
                    @for related in &diagnostic.related {
                        li {
                            @match layout.row_at_line.get(&related.line) {
                                Some(_) => a href=(format!("#{}", id.line(related.line))) { "line " (related.line) },
                                None => { "line " (related.line) },
                            }
                            ": " (text(&related.message))
                            @if let Some(line) = line_text(report.text, related.line) {
                                " " code.src-line { (text(line)) }
                            }
                        }
                    }
                }
            }
            (excerpt(report.text, diagnostic.line, diagnostic.span))
        }
    }
}

fn line_text(source: &Source, line: usize) -> Option<&str> {
    (1..=source.line_count())
        .contains(&line)
        .then(|| source.line_text(line))
}

/// The finding's line with a few lines around it, numbered, its span marked.
fn excerpt(source: &Source, line: usize, span: Span) -> Markup {
    let count = source.line_count();
    if !(1..=count).contains(&line) {
        return html! {};
    }
    let first = line.saturating_sub(CONTEXT_LINES).max(1);
    let last = (line + CONTEXT_LINES).min(count);
    html! {
        div.excerpt {
            @for number in first..=last {
                @let line_span = source.line_span(number);
                @let content = source.slice(line_span);
                div class=(if number == line { "line hit" } else { "line" }) {
                    span.ln { (number) }
                    span.src {
                        @if number == line {
                            (marked(source, line_span, span))
                        } @else {
                            (text(content))
                        }
                    }
                }
            }
        }
    }
}

/// A line's text with the part the span covers in `<mark>`.
fn marked(source: &Source, line: Span, span: Span) -> Markup {
    let content = source.slice(line);
    let start = span.offset().max(line.offset());
    let end = span.end().min(line.end());
    let pieces = (start < end)
        .then(|| {
            let from = start - line.offset();
            let to = end - line.offset();
            Some((
                content.get(..from)?,
                content.get(from..to)?,
                content.get(to..)?,
            ))
        })
        .flatten();
    html! {
        @match pieces {
            Some((before, inside, after)) => { (text(before)) mark { (text(inside)) } (text(after)) },
            None => (text(content)),
        }
    }
}

fn inline_finding(id: ReportId, index: usize, diagnostic: &Diagnostic) -> Markup {
    let severity = diagnostic.severity.as_str();
    html! {
        span class=(format!("badge sev-{severity}")) { (severity) }
        " " span.rule { (diagnostic.rule) }
        " " (message(&diagnostic.message))
        " " a.details href=(format!("#{}", id.finding(index))) { "details" }
    }
}

fn region_table(
    id: ReportId,
    report: &Report<'_, '_>,
    layout: &Layout,
    index: usize,
    region: &Region<'_>,
) -> Markup {
    let region_findings = layout.region_findings(index);
    html! {
        section class=(severity_class("region", worst(report, region_findings))) id=(id.region(index)) {
            h3 { (text(&region.name)) }
            p.region-meta {
                (text(&region_title(region)))
                " · line " (region.line)
                @if let Some(label) = &region.scheme_label { " · " (text(label)) }
                " · declares " (optional(region.declared_count.map(|n| n.to_string()).as_deref()))
                ", lists " (region.rows.len())
            }
            @for &finding_index in region_findings {
                @if let Some(diagnostic) = report.diagnostics.get(finding_index) {
                    div.inline-finding data-severity=(diagnostic.severity.as_str()) data-rule=(diagnostic.rule) {
                        (inline_finding(id, finding_index, diagnostic))
                    }
                }
            }
            table.rows {
                thead { tr { th { "code" } th { "label" } th.line { "line" } } }
                tbody {
                    @for (row_index, row) in region.rows.iter().enumerate() {
                        @let findings = layout.row_findings(index, row_index);
                        tr class=(severity_class("row", worst(report, findings))) id=(id.line(row.line())) {
                            td.code {
                                (text(row.code))
                                @if row.malformed { " " span.malformed title="not a well-formed code of this table's scheme" { "⚠" } }
                            }
                            td { (text(&row.label)) }
                            td.line { (row.line) }
                        }
                        @for &finding_index in findings {
                            @if let Some(diagnostic) = report.diagnostics.get(finding_index) {
                                tr.inline-finding data-severity=(diagnostic.severity.as_str()) data-rule=(diagnostic.rule) {
                                    td colspan="3" { (inline_finding(id, finding_index, diagnostic)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn text_escapes_every_markup_character() {
        let rendered = html! { p title=(text("'\"<&>")) { (text("<b>'x' & \"y\"</b>")) } };
        assert_eq!(
            rendered.into_string(),
            "<p title=\"&#39;&quot;&lt;&amp;&gt;\">&lt;b&gt;&#39;x&#39; &amp; &quot;y&quot;&lt;/b&gt;</p>"
        );
    }

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn messages_show_the_label_diff() {
        let rendered = message("a [-old-]{+new+} b [-unclosed").into_string();
        assert_eq!(rendered, "a <del>old</del><ins>new</ins> b [-unclosed");
    }

    #[test]
    fn backquoted_parts_are_set_as_code() {
        assert_eq!(
            with_code("write `<x>` here").into_string(),
            "write <code>&lt;x&gt;</code> here"
        );
        assert_eq!(with_code("odd ` quote").into_string(), "odd ` quote");
    }

    /// The matrix's lines as first written: each row's label looked up among its code's labels
    /// one by one (quadratic when a code has a new label on every row).
    fn occupations_by_scan(regions: &[Region<'_>]) -> Vec<(String, String, Vec<Vec<usize>>)> {
        type Entry = (String, Vec<(String, usize)>, Vec<Vec<usize>>);
        let mut by_code: BTreeMap<String, Entry> = BTreeMap::new();
        for (region_index, region) in regions.iter().enumerate() {
            for (row_index, row) in region.rows.iter().enumerate() {
                let (_, labels, cells) = by_code.entry(occupation_key(row)).or_insert_with(|| {
                    (
                        row.code.to_owned(),
                        Vec::new(),
                        vec![Vec::new(); regions.len()],
                    )
                });
                match labels.iter_mut().find(|(label, _)| *label == row.label) {
                    Some((_, count)) => *count += 1,
                    None => labels.push((row.label.to_string(), 1)),
                }
                cells[region_index].push(row_index);
            }
        }
        by_code
            .into_values()
            .map(|(code, labels, cells)| {
                let mut agreed: Option<(String, usize)> = None;
                for (label, count) in labels {
                    if agreed.as_ref().is_none_or(|(_, best)| count > *best) {
                        agreed = Some((label, count));
                    }
                }
                (
                    code,
                    agreed.map_or(String::new(), |(label, _)| label),
                    cells,
                )
            })
            .collect()
    }

    proptest! {
        /// Codes printed with several labels (and rows without a code) in a few regions: the
        /// same matrix lines, agreed labels (ties to the first printed) and cells as the scan.
        #[test]
        fn occupations_match_the_scan(
            tables in proptest::collection::vec(
                proptest::collection::vec(
                    ("(11111|22222|)", "(Géomètre|géomètre|Maçon|Maçon qualifié)"),
                    0..12,
                ),
                0..4,
            )
        ) {
            let regions = Region::unplaced_sections(&tables);
            let lines: Vec<(String, String, Vec<Vec<usize>>)> = occupations(&regions)
                .into_iter()
                .map(|o| (o.code.to_owned(), o.label.to_owned(), o.cells))
                .collect();
            prop_assert_eq!(lines, occupations_by_scan(&regions));
        }
    }
}
