//! `reports/` holds the JSON, HTML and SARIF reports of every fixture; this test fails when one
//! is stale. Regenerate them with: `ANNEX_AUDIT_UPDATE_REPORTS=1 cargo test --test reports`.

mod common;

use std::path::Path;

use annex_audit::audit::{self, Levels};
use annex_audit::report::{Report, html, json, sarif};
use annex_audit::source::Source;

/// Every fixture's reports, as `annex-audit fixtures/NAME --format json|html|sarif` renders them.
fn expected_reports() -> Vec<(String, String)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "README.md" && (name.ends_with(".txt") || name.ends_with(".md")))
        .collect();
    names.sort();
    names
        .into_iter()
        .flat_map(|name| {
            let raw = std::fs::read(fixtures.join(&name)).unwrap();
            let source = Source::decode(format!("fixtures/{name}"), raw);
            let document = annex_audit::parse::parse(&source);
            let findings = audit::audit(&source, &document, &Levels::default());
            let report = Report::new(&source, &document, &findings);
            let stem = name.trim_end_matches(".txt").trim_end_matches(".md");
            let reports = [report];
            [
                (format!("{stem}.json"), json::render(&reports)),
                (format!("{stem}.html"), html::render(&reports)),
                (format!("{stem}.sarif"), sarif::render(&reports)),
            ]
        })
        .collect()
}

#[test]
fn committed_reports_are_fresh() {
    let reports = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let update = std::env::var_os("ANNEX_AUDIT_UPDATE_REPORTS").is_some();
    let mut stale = Vec::new();
    let expected = expected_reports();
    for (name, contents) in &expected {
        let path = reports.join(name);
        if update {
            std::fs::create_dir_all(&reports).unwrap();
            std::fs::write(&path, contents).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            stale.push(name.clone());
        }
    }
    // A report whose fixture is gone is stale too.
    for entry in std::fs::read_dir(&reports).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "README.md" && !expected.iter().any(|(expected, _)| *expected == name) {
            if update {
                std::fs::remove_file(reports.join(&name)).unwrap();
            } else {
                stale.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale reports {stale:?}: run `ANNEX_AUDIT_UPDATE_REPORTS=1 cargo test --test reports`"
    );
}
