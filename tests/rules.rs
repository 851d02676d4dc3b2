//! Each audit rule on the small fixture written for it; clean fixtures stay silent.

mod common;

use common::{findings, report};
use serde_json::Value;

fn diagnostics<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter()
        .map(|(rule, line)| (rule.to_string(), *line))
        .collect()
}

#[test]
fn clean_fixtures_are_silent() {
    for name in [
        "clean.txt",
        "clean-close-labels.txt",
        "clean-2016-regions.txt",
    ] {
        assert_eq!(findings(&report(name)), vec![], "{name}");
    }
}

#[test]
fn post_2016_and_overseas_regions_get_their_insee_codes() {
    let report = report("clean-2016-regions.txt");
    let codes: Vec<(&str, &str)> = report["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (text(&r["official_name"]), text(&r["insee_code"])))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("Grand Est", "44"),
            ("Occitanie", "76"),
            ("Auvergne-Rhône-Alpes", "84"),
            ("La Réunion", "04"),
            ("Guyane", "03"),
        ]
    );
}

#[test]
fn code_label_mismatch_names_the_likely_code_and_its_evidence() {
    let report = report("code-label-mismatch.txt");
    assert_eq!(findings(&report), pairs(&[("code-label-mismatch", 56)]));
    let finding = diagnostics(&report, "code-label-mismatch")[0];
    assert_eq!(finding["code"], "52213");
    assert_eq!(finding["region"], "Corse");
    assert_eq!(
        text(&finding["message"]),
        "code 52213 is printed with the label of 52313"
    );
    let help = text(&finding["help"]);
    assert!(
        help.starts_with("the code is probably 52313: 3 rows in other regions"),
        "{help}"
    );
    assert!(help.contains("the two codes differ by one digit"), "{help}");
    assert!(help.contains("52213 appears nowhere else"), "{help}");
    // The evidence: the rows that print 52313 with this label.
    let related: Vec<u64> = finding["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(related, vec![31, 39, 48]);
}

#[test]
fn label_variant_tells_typos_from_rewordings_and_reports_ties() {
    let report = report("label-variant.txt");
    assert_eq!(
        findings(&report),
        pairs(&[
            ("label-variant", 29),
            ("label-variant", 35),
            ("label-variant", 51)
        ])
    );
    let found = diagnostics(&report, "label-variant");
    assert_eq!(
        text(&found[0]["message"]),
        "label of 52313 differs from the one 3 of 4 rows agree on: Installateur-maint[-enic-]ien \
         en ascenseurs (et autres systèmes automatiques)"
    );
    assert!(text(&found[0]["help"]).starts_with(
        "looks like a typo: `maintien` for `maintenicien` (`maintien` appears nowhere else"
    ));
    assert!(text(&found[1]["message"]).contains("Technicien de la vente [-à-]{+par+}"));
    assert!(text(&found[1]["help"]).starts_with("a rewording of the agreed label"));
    assert!(text(&found[2]["message"]).contains("has no majority"));
    assert_eq!(found[2]["code"], "61231");
}

#[test]
fn seed_variants_are_typos_or_rewordings_as_a_reader_would_say() {
    let report = report("arrete-2008-01-18.txt");
    let found = diagnostics(&report, "label-variant");
    let by_line = |line: u64| {
        found
            .iter()
            .find(|d| d["line"] == line)
            .unwrap_or_else(|| panic!("no label-variant at line {line}"))
    };
    // "Installateur-maintien": a slip, and a word found nowhere else.
    assert!(
        text(&by_line(425)["help"]).starts_with("looks like a typo: `maintien` for `maintenicien`")
    );
    // "systèmes mécaniques" for "systèmes automatiques": another word.
    assert!(text(&by_line(71)["help"]).starts_with("a rewording"));
    // "Dessinateur-projet": a rewording of the agreed label and a slip of another variant.
    let help = text(&by_line(220)["help"]);
    assert!(help.contains("looks like a typo (`projet` for `projeteur`) of the variant `Dessinateur-projeteur construction mécanique` (lines 62, 419)"), "{help}");
    // The correctly spelled short variant is not called a typo of the misspelled one.
    assert!(!text(&by_line(62)["help"]).contains("typo"));
}

#[test]
fn duplicate_rows_with_the_same_or_another_label() {
    let report = report("duplicate-row.txt");
    let found = diagnostics(&report, "duplicate-row");
    assert_eq!(found.len(), 2);
    assert_eq!(
        text(&found[0]["message"]),
        "14232 is listed twice in Alsace (first at line 28), with the same label"
    );
    assert_eq!(found[0]["related"][0]["line"], 28);
    assert!(text(&found[1]["message"]).contains("with another label (`Géomètre` at line 38)"));
    // A repeated row is not also reported as out of order.
    assert!(diagnostics(&report, "unsorted-rows").is_empty());
}

#[test]
fn unsorted_rows_once_per_region_at_the_row_out_of_place() {
    let report = report("unsorted-rows.txt");
    let found = diagnostics(&report, "unsorted-rows");
    assert_eq!(found.len(), 2);
    assert_eq!(found[0]["severity"], "info");
    assert!(text(&found[0]["message"]).ends_with("14232 (line 30) should come first"));
    assert!(
        text(&found[1]["message"]).ends_with("32321 (line 38) should come after 14232 (line 36)")
    );
}

#[test]
fn blank_line_in_table_is_an_info() {
    let report = report("blank-line-in-table.txt");
    assert_eq!(findings(&report), pairs(&[("blank-line-in-table", 30)]));
    let finding = &report["diagnostics"][0];
    assert_eq!(finding["severity"], "info");
    assert!(text(&finding["message"]).contains("between 32321 (line 29) and 52133 (line 31)"));
}

#[test]
fn region_name_variants_get_the_official_name() {
    let report = report("region-name-variant.txt");
    assert_eq!(
        findings(&report),
        pairs(&[
            ("region-name-variant", 25),
            ("region-name-variant", 31),
            ("region-name-variant", 37)
        ])
    );
    let helps: Vec<&str> = diagnostics(&report, "region-name-variant")
        .iter()
        .map(|d| text(&d["help"]))
        .collect();
    assert_eq!(
        helps,
        vec![
            "write `Île-de-France`",
            "write `Champagne-Ardenne`",
            "write `Nord-Pas-de-Calais`"
        ]
    );
    let regions = report["regions"].as_array().unwrap();
    assert_eq!(regions[0]["insee_code"], "11");
    assert_eq!(regions[1]["official_name"], "Champagne-Ardenne");
    assert_eq!(regions[3]["insee_code"], "93");
}

#[test]
fn unknown_and_duplicate_regions() {
    let unknown = report("unknown-region.txt");
    assert_eq!(findings(&unknown), pairs(&[("unknown-region", 31)]));
    assert!(unknown["regions"][1]["insee_code"].is_null());
    let duplicate = report("duplicate-region.txt");
    let found = diagnostics(&duplicate, "duplicate-region");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["line"], 37);
    assert_eq!(found[0]["related"][0]["line"], 25);
}

#[test]
fn count_mismatch_names_its_evidence() {
    let report = report("arrete-2008-01-18.txt");
    let found = diagnostics(&report, "count-mismatch");
    let limousin = found.iter().find(|d| d["region"] == "Limousin").unwrap();
    let help = text(&limousin["help"]);
    assert!(
        help.contains("61223 (21 of 21), 61231 (21 of 21), 61232 (20 of 21)"),
        "{help}"
    );
    assert!(help.contains("the table may have been cut short"), "{help}");
    let midi = found
        .iter()
        .find(|d| d["region"] == "Midi-Pyrénées")
        .unwrap();
    assert!(text(&midi["help"]).contains("52122 at line 396 (3 of 21 other regions)"));
}

/// Every rule has a fixture that fires it.
#[test]
fn every_rule_fires_on_some_fixture() {
    let fixtures = std::fs::read_dir(common::fixture_path("")).unwrap();
    let mut fired = std::collections::HashSet::new();
    for entry in fixtures {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") {
            fired.extend(findings(&report(&name)).into_iter().map(|(rule, _)| rule));
        }
    }
    for rule in annex_audit::audit::RULES {
        // missing-annex is fired by the empty input in tests/cli.rs (an empty fixture file says
        // nothing), and the gate's rules (no check on the text) in tests/gate.rs.
        if rule.name == "missing-annex" || rule.check.is_none() {
            continue;
        }
        assert!(fired.contains(rule.name), "no fixture fires {}", rule.name);
    }
}
