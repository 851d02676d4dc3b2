//! The source arrêté of 18 January 2008, unchanged: structure, metadata, rows and findings.

mod common;

use common::{findings, report, run};

const SEED: &str = "arrete-2008-01-18.txt";

#[test]
fn seed_has_22_regions_and_481_rows() {
    let report = report(SEED);
    let regions = report["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 22);
    let rows: usize = regions
        .iter()
        .map(|r| r["rows"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows, 481);
    assert_eq!(report["summary"]["regions"], 22);
    assert_eq!(report["summary"]["rows"], 481);
    let names: Vec<&str> = regions
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.first(), Some(&"Alsace"));
    assert_eq!(names.last(), Some(&"Rhône-Alpes"));
    assert!(names.contains(&"Champagne-Ardennes"));
    assert!(names.contains(&"Ile de France"));
    assert!(names.contains(&"Provence-Alpes-Côte d'Azur"));
}

fn region<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("region {name}"))
}

fn row<'a>(report: &'a serde_json::Value, name: &str, line: u64) -> &'a serde_json::Value {
    region(report, name)["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == line)
        .unwrap_or_else(|| panic!("row at line {line} in {name}"))
}

#[test]
fn sample_rows_are_read_exactly_as_printed() {
    let report = report(SEED);
    let samples = [
        ("Alsace", 49, "14232", "Technicien de la vente à distance"),
        (
            "Alsace",
            71,
            "52313",
            "Installateur-maintenicien en ascenseurs (et autres systèmes mécaniques)",
        ),
        ("Bretagne", 169, "61222", "Géomètre"),
        (
            "Champagne-Ardennes",
            220,
            "52121",
            "Dessinateur-projet construction mécanique",
        ),
        ("Champagne-Ardennes", 229, "61221", "Dessinateur du BTP"),
        (
            "Ile de France",
            300,
            "52213",
            "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)",
        ),
        (
            "Nord-Pas-de-Calais",
            425,
            "52313",
            "Installateur-maintien en ascenseurs (et autres systèmes automatiques)",
        ),
        (
            "Provence-Alpes-Côte d'Azur",
            577,
            "52333",
            "Maintenicien en électronique",
        ),
        ("Rhône-Alpes", 616, "61232", "Conducteur de travaux du BTP"),
    ];
    for (region, line, code, label) in samples {
        let row = row(&report, region, line);
        assert_eq!(row["code"], code, "{region} line {line}");
        assert_eq!(row["label"], label, "{region} line {line}");
    }
}

#[test]
fn region_headers_are_read() {
    let report = report(SEED);
    let alsace = &report["regions"][0];
    assert_eq!(alsace["line"], 46);
    assert_eq!(alsace["declared_count"], 30);
    assert_eq!(alsace["scheme"], "rome-v2");
    assert_eq!(alsace["scheme_label"], "CODE ROME");
    let corse = region(&report, "Corse");
    assert_eq!(corse["declared_count"], 11);
}

#[test]
fn metadata_is_read() {
    let report = report(SEED);
    let document = &report["document"];
    assert_eq!(document["kind"], "ARRÊTÉ");
    assert!(
        document["title"]
            .as_str()
            .unwrap()
            .starts_with("Arrêté du 18 janvier 2008 relatif à la délivrance")
    );
    assert!(
        document["title"]
            .as_str()
            .unwrap()
            .ends_with("ou de la Confédération suisse")
    );
    assert_eq!(document["date"], "2008-01-18");
    assert_eq!(document["nor"], "IMID0800328A");
    assert!(
        document["ministers"]
            .as_str()
            .unwrap()
            .starts_with("La ministre de l'économie")
    );
    let visas = document["visas"].as_array().unwrap();
    assert_eq!(visas.len(), 4);
    assert_eq!(
        visas[0]["text"],
        "Vu le code de l'entrée et du séjour des étrangers et du droit d'asile, notamment son article L 313-10 (1°) ;"
    );
    assert_eq!(visas[0]["links"][0]["text"], "L 313-10 (1°)");
    assert_eq!(visas[0]["links"][0]["target"], "#");
    assert_eq!(visas[1]["links"].as_array().unwrap().len(), 2);
    assert_eq!(document["enacting_formula"], "Arrêtent :");
    let articles = document["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0]["number"], "1");
    assert!(
        articles[1]["text"]
            .as_str()
            .unwrap()
            .ends_with("Journal officiel de la République française.")
    );
    assert_eq!(document["annex_reference"], "(Voir annexe)");
    assert_eq!(document["signed_at"]["place"], "Paris");
    assert_eq!(document["signed_at"]["date"], "2008-01-18");
    let signatories = document["signatories"].as_array().unwrap();
    assert_eq!(signatories.len(), 2);
    assert_eq!(signatories[0]["name"], "Brice Hortefeux");
    assert_eq!(signatories[0]["titles"].as_array().unwrap().len(), 3);
    assert_eq!(signatories[1]["name"], "Christine Lagarde");
    assert_eq!(signatories[1]["titles"][1], "des finances et de l'emploi,");
    let annex = &document["annex"];
    assert_eq!(annex["heading"], "ANNEXE");
    assert_eq!(annex["heading_marker"], "¹");
    assert!(
        annex["title"]
            .as_str()
            .unwrap()
            .starts_with("LISTE, PAR RÉGION")
    );
    assert_eq!(annex["footnotes"][0]["marker"], "¹");
    assert!(
        annex["footnotes"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Cette annexe reprend l'annexe de la circulaire du 7 janvier 2008")
    );
    assert_eq!(
        annex["footnotes"][0]["links"][0]["text"],
        "circulaire du 7 janvier 2008"
    );
}

#[test]
fn source_is_described() {
    let report = report(SEED);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["tool"]["name"], "annex-audit");
    assert_eq!(report["source"]["path"], "fixtures/arrete-2008-01-18.txt");
    assert_eq!(report["source"]["bytes"], 31372);
    assert_eq!(report["source"]["encoding"], "utf-8");
    assert_eq!(
        report["source"]["sha256"].as_str().unwrap().len(),
        64,
        "hex SHA-256"
    );
}

/// The seed's headers disagree with their lists in exactly four regions.
#[test]
fn count_mismatch_exactly_where_headers_disagree() {
    let report = report(SEED);
    let mismatches: Vec<(String, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "count-mismatch")
        .map(|d| {
            (
                d["region"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("Limousin", 335, 23, 20),
        ("Lorraine", 359, 19, 20),
        ("Midi-Pyrénées", 383, 22, 23),
        ("Provence-Alpes-Côte d'Azur", 556, 25, 26),
    ];
    assert_eq!(mismatches.len(), expected.len(), "{mismatches:?}");
    for ((region, line, message), (want_region, want_line, declared, listed)) in
        mismatches.iter().zip(expected)
    {
        assert_eq!(region, want_region);
        assert_eq!(*line, want_line);
        assert!(
            message.contains(&format!("declares {declared} métiers")),
            "{message}"
        );
        assert!(
            message.contains(&format!("lists {listed} rows")),
            "{message}"
        );
    }
    // Every other region's header agrees with its list.
    for region in report["regions"].as_array().unwrap() {
        let flagged = mismatches
            .iter()
            .any(|(name, _, _)| region["name"] == name.as_str());
        let agrees = region["declared_count"].as_u64().unwrap()
            == region["rows"].as_array().unwrap().len() as u64;
        assert_eq!(flagged, !agrees, "{}", region["name"]);
    }
}

/// Every finding on the seed, reviewed line by line against the text: each is one a careful
/// reader would make, and none is about a consistent row.
#[test]
fn seed_findings_are_exactly_these() {
    let expected = [
        ("label-variant", 62),  // 52121 "Dessinateur-projeteur construction mécanique"
        ("label-variant", 71),  // 52313 "… systèmes mécaniques" (13 rows: "automatiques")
        ("unsorted-rows", 111), // Auvergne: 14312 after 32331
        ("label-variant", 122), // 52313 "… systèmes mécaniques"
        ("unsorted-rows", 133), // Bourgogne: 33121 before 32321
        ("region-name-variant", 205), // Champagne-Ardennes
        ("label-variant", 220), // 52121 "Dessinateur-projet construction mécanique"
        ("blank-line-in-table", 228), // Champagne-Ardennes: blank between 52313 and 61221
        ("region-name-variant", 276), // Ile de France
        ("label-variant", 291), // 52121 "Dessinateur-projet construction mécanique"
        ("code-label-mismatch", 300), // Île-de-France: 52213 with 52313's label
        ("count-mismatch", 335), // Limousin 23 declared, 20 listed
        ("count-mismatch", 359), // Lorraine 19 declared, 20 listed
        ("unsorted-rows", 362), // Lorraine: 14312 after 32112
        ("count-mismatch", 383), // Midi-Pyrénées 22 declared, 23 listed
        ("label-variant", 419), // 52121 "Dessinateur-projeteur construction mécanique"
        ("label-variant", 425), // 52313 "Installateur-maintien"
        ("unsorted-rows", 438), // Basse-Normandie: 14312 after 32331
        ("unsorted-rows", 485), // Pays de la Loire: 14312 after 32331
        ("count-mismatch", 556), // Provence-Alpes-Côte d'Azur 25 declared, 26 listed
    ];
    let expected: Vec<(String, u64)> = expected
        .iter()
        .map(|(rule, line)| (rule.to_string(), *line))
        .collect();
    assert_eq!(findings(&report(SEED)), expected);
}

#[test]
fn seed_regions_get_insee_codes() {
    let report = report(SEED);
    for region in report["regions"].as_array().unwrap() {
        assert!(region["insee_code"].is_string(), "{}", region["name"]);
    }
    let idf = region(&report, "Ile de France");
    assert_eq!(idf["insee_code"], "11");
    assert_eq!(idf["official_name"], "Île-de-France");
}

#[test]
fn seed_has_no_unplaced_line() {
    let report = report(SEED);
    assert!(
        !findings(&report)
            .iter()
            .any(|(rule, _)| rule == "unrecognized-line" || rule == "malformed-code"),
        "{:?}",
        findings(&report)
    );
}

#[test]
fn seed_exits_1_with_errors() {
    let output = run(&["fixtures/arrete-2008-01-18.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Limousin declares 23 métiers but lists 20 rows"));
    assert!(stderr.contains("22 regions, 481 rows"));
    let output = run(&["fixtures/arrete-2008-01-18.txt", "--fail-on", "never"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn seed_json_snapshot() {
    let output = run(&["fixtures/arrete-2008-01-18.txt", "--format", "json"]);
    let json = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!("seed-json", json);
}

#[test]
fn seed_human_snapshot() {
    let output = run(&["fixtures/arrete-2008-01-18.txt"]);
    insta::assert_snapshot!("seed-human", String::from_utf8_lossy(&output.stderr));
}
