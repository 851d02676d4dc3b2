//! Every layout this family of publications comes in: the right sections, kinds, layouts and
//! entry counts, and no line left unrecognised.

mod common;

use common::{findings, report};
use serde_json::Value;

/// (name, kind, layout, scheme, number of rows) of each section.
fn sections(report: &Value) -> Vec<(String, String, String, String, usize)> {
    report["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["kind"].as_str().unwrap().to_owned(),
                s["layout"].as_str().unwrap().to_owned(),
                s["scheme"].as_str().unwrap().to_owned(),
                s["rows"].as_array().unwrap().len(),
            )
        })
        .collect()
}

fn expect(
    list: &[(&str, &str, &str, &str, usize)],
) -> Vec<(String, String, String, String, usize)> {
    list.iter()
        .map(|(n, k, l, s, c)| {
            (
                n.to_string(),
                k.to_string(),
                l.to_string(),
                s.to_string(),
                *c,
            )
        })
        .collect()
}

fn labels(report: &Value, section: usize) -> Vec<String> {
    report["regions"][section]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["label"].as_str().unwrap().to_owned())
        .collect()
}

fn assert_no_unrecognized(report: &Value) {
    let found = findings(report);
    assert!(
        !found.iter().any(|(rule, _)| rule == "unrecognized-line"),
        "{found:?}"
    );
}

#[test]
fn markdown_pipe_tables() {
    let report = report("layout-pipe-table.md");
    assert_eq!(
        sections(&report),
        expect(&[
            ("Alsace", "region", "pipe-table", "rome-v2", 3),
            ("Bretagne", "region", "pipe-table", "rome-v2", 2),
        ])
    );
    assert_eq!(report["regions"][0]["scheme_label"], "Code ROME");
    assert_eq!(report["regions"][0]["rows"][0]["code"], "14232");
    assert_eq!(
        report["document"]["annex"]["title"],
        "Liste des métiers ouverts, par région"
    );
    assert_eq!(report["document"]["prose"][0]["line"], 3);
    assert_eq!(findings(&report), vec![]);
}

#[test]
fn paragraphs_without_codes_as_legifrance_prints_them() {
    let report = report("layout-paragraphs.txt");
    assert_eq!(
        sections(&report),
        expect(&[
            ("Alsace", "region", "paragraphs", "unknown", 4),
            ("Ile-de-France", "region", "paragraphs", "unknown", 3),
            ("Nord - Pas-de-Calais", "region", "paragraphs", "unknown", 2),
        ])
    );
    // The final period belongs to the list; a wrapped entry is one entry.
    assert_eq!(labels(&report, 0)[1], "Informaticien d'étude");
    assert_eq!(
        labels(&report, 1)[2],
        "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"
    );
    assert!(report["regions"][0]["rows"][0]["code"].is_null());
    assert_eq!(report["regions"][1]["insee_code"], "11");
    assert_eq!(report["regions"][2]["insee_code"], "31");
    assert_no_unrecognized(&report);
}

#[test]
fn label_first_with_codes_last() {
    let report = report("layout-label-first.txt");
    assert_eq!(
        sections(&report),
        expect(&[
            ("Grand Est", "region", "code-last-table", "fap2009", 3),
            ("Occitanie", "region", "bullets", "fap2009", 3),
        ])
    );
    let row = &report["regions"][0]["rows"][1];
    assert_eq!(row["code"], "A1Z40");
    assert_eq!(row["label"], "Maraîchers, jardiniers, viticulteurs");
    assert_eq!(report["regions"][1]["rows"][1]["code"], "B6Z71");
    assert_eq!(findings(&report), vec![]);
}

#[test]
fn bulleted_lists_with_typography() {
    let report = report("layout-bullets.txt");
    assert_eq!(
        sections(&report),
        expect(&[
            ("Bretagne", "region", "bullets", "unknown", 3),
            ("Corse", "region", "bullets", "unknown", 4),
        ])
    );
    assert_eq!(labels(&report, 0)[0], "Technicien de la vente à distance");
    assert_eq!(
        labels(&report, 0)[1],
        "Informaticien d’étude (dont chef de projet)"
    );
    assert_eq!(labels(&report, 1)[1], "Conducteur de travaux du BTP");
    assert_eq!(
        labels(&report, 1)[3],
        "Manœuvre du bâtiment et des travaux publics"
    );
    assert_eq!(findings(&report), vec![]);
}

#[test]
fn national_list_grouped_by_domain() {
    let report = report("layout-national-domains.txt");
    assert_eq!(
        sections(&report),
        expect(&[
            (
                "Bâtiment et travaux publics",
                "domain",
                "code-first-table",
                "rome-v3",
                3
            ),
            (
                "Informatique et télécommunications",
                "domain",
                "code-first-table",
                "rome-v3",
                2
            ),
            ("Santé", "domain", "code-first-table", "rome-v3", 2),
        ])
    );
    assert_eq!(report["document"]["announced_count"]["count"], 7);
    assert_eq!(findings(&report), vec![]);
}

#[test]
fn national_list_without_headings() {
    let report = report("layout-national-plain.txt");
    assert_eq!(
        sections(&report),
        expect(&[("", "national", "bullets", "unknown", 4)])
    );
    assert_eq!(
        report["document"]["annex"]["title"],
        "Liste nationale des métiers ouverts"
    );
    assert_eq!(findings(&report), vec![]);
}

#[test]
fn regions_after_2016_and_overseas_in_fap_codes() {
    let report = report("layout-regions-2016-fap.txt");
    assert_eq!(
        sections(&report),
        expect(&[
            (
                "Auvergne-Rhône-Alpes",
                "region",
                "code-first-table",
                "fap2009",
                3
            ),
            ("Guadeloupe", "region", "code-first-table", "fap2009", 1),
            ("Mayotte", "region", "code-first-table", "fap2009", 2),
        ])
    );
    let codes: Vec<&str> = report["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["insee_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["84", "01", "06"]);
    assert_eq!(findings(&report), vec![]);
}

#[test]
fn prose_around_a_list_is_kept_out_of_the_tables() {
    let report = report("layout-web-page.txt");
    assert_eq!(
        sections(&report),
        expect(&[
            ("Bretagne", "region", "code-first-table", "rome-v2", 3),
            ("Corse", "region", "code-first-table", "rome-v2", 1),
        ])
    );
    let prose: Vec<u64> = report["document"]["prose"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(prose, vec![1, 2, 4, 18, 19, 20]);
    assert_eq!(findings(&report), vec![]);
}

#[test]
fn malformed_code_is_judged_by_its_own_tables_scheme() {
    let report = report("rome-v3-malformed.txt");
    assert_eq!(report["regions"][0]["scheme"], "rome-v3");
    assert_eq!(findings(&report), vec![("malformed-code".to_owned(), 7)]);
    assert_eq!(report["diagnostics"][0]["help"], "did you mean F1202?");
}

#[test]
fn a_text_cut_mid_entry_is_truncated_input() {
    let report = report("truncated-input.txt");
    assert_eq!(findings(&report), vec![("truncated-input".to_owned(), 11)]);
    // The seed ends without a newline, but on a whole entry: not truncated.
    assert!(
        !findings(&common::report("arrete-2008-01-18.txt"))
            .iter()
            .any(|(rule, _)| rule == "truncated-input")
    );
}

#[test]
fn a_total_announced_in_the_title_is_checked() {
    let report = report("announced-count-mismatch.txt");
    assert_eq!(findings(&report), vec![("count-mismatch".to_owned(), 1)]);
    assert_eq!(
        report["diagnostics"][0]["message"],
        "the title announces 5 métiers but the list has 3 rows"
    );
}
