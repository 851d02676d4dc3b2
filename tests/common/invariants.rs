//! What must hold for any input, whatever its bytes: shared by the property and regression tests
//! and by the fuzz targets (`fuzz/src/lib.rs` includes this file), so that a crash a fuzzer finds
//! reproduces in `cargo test` under the very same checks.

use annex_audit::audit::{self, Finding, Levels};
use annex_audit::model::{Document, LineRole};
use annex_audit::report::{Report, csv, github, html, human, json, sarif};
use annex_audit::source::Source;

/// Decodes, parses and audits, then checks that every line is accounted for and that every
/// finding points inside the text.
pub fn audited(raw: &[u8], check: impl FnOnce(&Source, &Document<'_>, &[Finding])) {
    let source = Source::decode("fuzz.txt", raw.to_vec());
    let document = annex_audit::parse::parse(&source);
    let findings = audit::audit(&source, &document, &Levels::default());
    assert_eq!(document.roles.len(), source.line_count());
    for (number, _, text) in source.lines() {
        let role = document.roles[number - 1];
        if !text.trim().is_empty() {
            assert_ne!(role, LineRole::Blank, "line {number} was lost");
        }
        if role == LineRole::Unplaced {
            assert!(
                findings.iter().any(|f| f.rule.name == "unrecognized-line"
                    && source.line_of(f.span.offset()) == number),
                "unplaced line {number} has no finding"
            );
        }
    }
    for finding in &findings {
        for span in std::iter::once(finding.span).chain(finding.related.iter().map(|r| r.span)) {
            assert!(
                source.text().get(span.offset()..span.end()).is_some(),
                "{} points outside the text or inside a character: {span:?}",
                finding.rule.name
            );
        }
    }
    for region in &document.regions {
        for row in &region.rows {
            assert!((1..=source.line_count()).contains(&row.line()));
            // The spans a row no longer stores, computed from the text: the code's is where the
            // code is printed, and the row's covers its line and its printed label.
            assert_eq!(source.slice(row.code_span(&source)), row.code);
            let span = row.span(&source);
            assert_eq!(span.offset(), source.line_span(row.line()).offset());
            assert!(span.offset() <= row.label_span.offset());
            assert!(row.label_span.end() <= span.end());
        }
    }
    check(&source, &document, &findings);
}

/// The human report at a width and colour chosen from the input's length (so that the seeds
/// stay the fixtures, byte for byte): every finding is shown, and the summary closes it.
pub fn render_human(raw: &[u8]) {
    audited(raw, |source, document, findings| {
        let report = Report::new(source, document, findings);
        let style = human::Style {
            color: raw.len().is_multiple_of(2),
            width: [100, 80, 40, 12, 1, 300][raw.len() % 6],
        };
        let reports = [report];
        let out = human::render(&reports, style);
        for diagnostic in &reports[0].diagnostics {
            assert!(
                out.contains(diagnostic.rule),
                "{} not shown",
                diagnostic.rule
            );
        }
        assert!(out.ends_with('\n') && out.contains("annex-audit: fuzz.txt: "));
    });
}

/// Every machine format: JSON and SARIF parse back, the CSV has one record per row, every
/// GitHub annotation is one workflow command on one line, the HTML page is whole.
pub fn render_machine(raw: &[u8]) {
    audited(raw, |source, document, findings| {
        let report = Report::new(source, document, findings);
        let rows: usize = document.regions.iter().map(|r| r.rows.len()).sum();
        let reports = [report];

        let value: serde_json::Value =
            serde_json::from_str(&json::render(&reports)).expect("JSON parses");
        assert_eq!(value["summary"]["rows"], rows);
        let sarif: serde_json::Value =
            serde_json::from_str(&sarif::render(&reports)).expect("SARIF parses");
        assert_eq!(
            sarif["runs"][0]["results"].as_array().map(Vec::len),
            Some(findings.len())
        );

        let table = csv::render(&reports);
        let records: Vec<_> = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(table.as_bytes())
            .records()
            .collect::<Result<_, _>>()
            .expect("CSV parses");
        assert_eq!(records.len(), rows);

        let annotations = github::render(&reports);
        assert_eq!(annotations.lines().count(), findings.len());
        assert!(annotations.lines().all(|line| line.starts_with("::")));

        let page = html::render(&reports);
        assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    });
}
