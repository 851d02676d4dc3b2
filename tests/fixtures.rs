//! One small fixture per situation (see fixtures/README.md), each with what it must give.

mod common;

use common::{findings, fixture_bytes, report, report_of_bytes, rules_fired};

/// The regions, codes and labels of a report, for comparing layouts of the same table.
fn table(report: &serde_json::Value) -> Vec<(String, Vec<(String, String)>)> {
    report["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|region| {
            (
                region["name"].as_str().unwrap().to_owned(),
                region["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|row| {
                        (
                            row["code"].as_str().unwrap().to_owned(),
                            row["label"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn clean_fixture_is_silent() {
    let report = report("clean.txt");
    assert_eq!(findings(&report), vec![]);
    assert_eq!(report["summary"]["regions"], 3);
    assert_eq!(report["summary"]["rows"], 9);
    assert_eq!(report["document"]["nor"], "IMIX0900001A");
    assert_eq!(report["document"]["date"], "2009-03-03");
}

#[test]
fn layouts_of_the_same_table_read_the_same() {
    let clean = table(&report("clean.txt"));
    for name in [
        "crlf.txt",
        "bom.txt",
        "spaces-instead-of-tabs.txt",
        "windows-1252.txt",
    ] {
        assert_eq!(table(&report(name)), clean, "{name}");
    }
    assert_eq!(findings(&report("crlf.txt")), vec![]);
    assert_eq!(findings(&report("bom.txt")), vec![]);
    assert_eq!(findings(&report("spaces-instead-of-tabs.txt")), vec![]);
}

#[test]
fn windows_1252_is_decoded_with_a_warning() {
    let report = report("windows-1252.txt");
    assert_eq!(report["source"]["encoding"], "windows-1252");
    assert_eq!(rules_fired(&report), vec!["encoding"]);
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
    assert_eq!(report["regions"][0]["rows"][3]["label"], "Géomètre");
}

#[test]
fn bom_and_crlf_keep_lines_and_columns() {
    let report = report("crlf.txt");
    assert_eq!(report["regions"][0]["line"], 25);
    assert_eq!(report["regions"][0]["rows"][0]["line"], 28);
    let report = report_of_bytes("bom", fixture_bytes("bom.txt"));
    assert_eq!(report["regions"][0]["line"], 25);
    assert_eq!(report["source"]["encoding"], "utf-8");
}

#[test]
fn spaces_are_normalised_in_labels() {
    let report = report("spaces-instead-of-tabs.txt");
    // The fixture has a non-breaking space and a double space inside this label.
    assert_eq!(
        report["regions"][0]["rows"][0]["label"],
        "Technicien de la vente à distance"
    );
}

#[test]
fn blank_line_inside_a_table_does_not_end_it() {
    let report = report("blank-line-in-table.txt");
    assert_eq!(
        table(&report),
        table(&report_of_bytes("c", fixture_bytes("clean.txt")))
    );
    assert!(!rules_fired(&report).contains(&"count-mismatch".to_owned()));
}

#[test]
fn unplaceable_line_is_reported_and_the_table_goes_on() {
    let report = report("unrecognized-line.txt");
    assert_eq!(
        findings(&report),
        vec![("unrecognized-line".to_owned(), 30)]
    );
    assert_eq!(report["diagnostics"][0]["region"], "Alsace");
    assert_eq!(report["regions"][0]["rows"].as_array().unwrap().len(), 4);
}

#[test]
fn malformed_codes_are_reported_and_kept() {
    let report = report("malformed-code.txt");
    assert_eq!(
        findings(&report),
        vec![
            ("malformed-code".to_owned(), 29),
            ("malformed-code".to_owned(), 30),
            ("malformed-code".to_owned(), 31),
        ]
    );
    let rows = report["regions"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1]["code"], "3232");
    assert_eq!(rows[1]["malformed"], true);
    assert_eq!(rows[2]["code"], "52O13");
    assert_eq!(rows[3]["code"], "612 22");
    assert!(rows[0].get("malformed").is_none());
    assert_eq!(report["diagnostics"][1]["help"], "did you mean 52013?");
    assert_eq!(report["diagnostics"][2]["help"], "did you mean 61222?");
    assert_eq!(report["diagnostics"][0]["column"], 1);
}

#[test]
fn singular_count_is_read() {
    let report = report("singular-count.txt");
    assert_eq!(report["regions"][2]["declared_count"], 1);
    assert_eq!(findings(&report), vec![]);
}

#[test]
fn count_mismatch_both_ways() {
    let report = report("count-mismatch.txt");
    assert_eq!(
        findings(&report),
        vec![
            ("count-mismatch".to_owned(), 27),
            ("count-mismatch".to_owned(), 35)
        ]
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(messages[0].contains("declares 6 métiers but lists 4 rows"));
    assert!(messages[1].contains("declares 2 métiers but lists 3 rows"));
}
