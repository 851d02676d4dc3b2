//! `--format sarif`: valid against the official SARIF 2.1.0 schema, and saying the right things
//! about the seed (rules, levels, places in UTF-16 columns, fingerprints that ignore lines).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use annex_audit::audit::{RULES, Severity};
use annex_audit::report::sarif;
use serde_json::Value;

use common::{fixture_bytes, fixture_path};

const SEED: &str = "arrete-2008-01-18.txt";

/// The SARIF log of several inputs (path, raw bytes) rendered in one run.
fn sarif_text_of(inputs: &[(&str, Vec<u8>)]) -> String {
    let inputs: Vec<(String, Vec<u8>)> = inputs
        .iter()
        .map(|(path, raw)| (path.to_string(), raw.clone()))
        .collect();
    common::render_together(&inputs, sarif::render)
}

fn sarif_of(inputs: &[(&str, Vec<u8>)]) -> Value {
    serde_json::from_str(&sarif_text_of(inputs)).unwrap()
}

fn sarif_of_bytes(path: &str, raw: Vec<u8>) -> Value {
    sarif_of(&[(path, raw)])
}

/// The SARIF log of a fixture, with its path as the README's commands give it.
fn sarif_of_fixture(name: &str) -> Value {
    sarif_of_bytes(&format!("fixtures/{name}"), fixture_bytes(name))
}

fn run(log: &Value) -> &Value {
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "one run per log");
    &runs[0]
}

fn results(log: &Value) -> &Vec<Value> {
    run(log)["results"].as_array().unwrap()
}

fn primary_region(result: &Value) -> &Value {
    &result["locations"][0]["physicalLocation"]["region"]
}

fn int(value: &Value) -> u64 {
    value.as_u64().unwrap()
}

fn fingerprint(result: &Value) -> String {
    result["partialFingerprints"]["annexAudit/v1"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The `language` pattern of the schema has a stray `]`, which ECMA-262 regexes in Unicode mode
/// (what `jsonschema` checks patterns against) reject; escaped, it means what it meant.
const STRAY_BRACKET_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
const ESCAPED_BRACKET_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$";

/// Replaces the stray-bracket pattern wherever it appears; returns how many times it did.
fn escape_stray_bracket(schema: &mut Value) -> usize {
    match schema {
        Value::String(pattern) if pattern == STRAY_BRACKET_PATTERN => {
            *pattern = ESCAPED_BRACKET_PATTERN.to_owned();
            1
        }
        Value::Array(items) => items.iter_mut().map(escape_stray_bracket).sum(),
        Value::Object(members) => members.values_mut().map(escape_stray_bracket).sum(),
        _ => 0,
    }
}

/// The official SARIF 2.1.0 schema (see tests/data/README.md), compiled once.
fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0-rtm.5.json");
        let mut schema: Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // Only `run.language` and `toolComponent.language`, which the log never sets.
        assert_eq!(escape_stray_bracket(&mut schema), 2);
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    })
}

fn schema_errors(log: &Value) -> Vec<String> {
    validator()
        .iter_errors(log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

fn assert_valid(what: &str, log: &Value) {
    let errors = schema_errors(log);
    assert!(errors.is_empty(), "{what} is not valid SARIF: {errors:#?}");
}

#[test]
fn every_fixture_gives_valid_sarif() {
    let mut names: Vec<String> = std::fs::read_dir(fixture_path(""))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() > 10 && names.iter().any(|name| name == SEED));
    for name in &names {
        assert_valid(name, &sarif_of_fixture(name));
    }
}

#[test]
fn clean_fixture_gives_a_valid_log_without_results() {
    let log = sarif_of_fixture("clean.txt");
    assert_valid("clean.txt", &log);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().starts_with("https://"));
    assert!(results(&log).is_empty());
    // The rules are listed even when none fired.
    assert_eq!(
        run(&log)["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        RULES.len()
    );
}

#[test]
fn malformed_code_fixture_gives_three_errors_on_the_codes() {
    let log = sarif_of_fixture("malformed-code.txt");
    assert_valid("malformed-code.txt", &log);
    let places: Vec<(&str, &str, u64, u64, u64)> = results(&log)
        .iter()
        .map(|result| {
            let region = primary_region(result);
            (
                result["ruleId"].as_str().unwrap(),
                result["level"].as_str().unwrap(),
                int(&region["startLine"]),
                int(&region["startColumn"]),
                int(&region["endColumn"]),
            )
        })
        .collect();
    assert_eq!(
        places,
        vec![
            ("AA002", "error", 29, 1, 5),
            ("AA002", "error", 30, 1, 6),
            ("AA002", "error", 31, 1, 7),
        ]
    );
}

#[test]
fn schema_validation_rejects_broken_logs() {
    let log = sarif_of_fixture(SEED);
    assert_valid(SEED, &log);

    let mut without_version = log.clone();
    without_version.as_object_mut().unwrap().remove("version");
    assert!(!schema_errors(&without_version).is_empty());

    let mut info_level = log.clone();
    info_level["runs"][0]["results"][0]["level"] = Value::from("info");
    assert!(!schema_errors(&info_level).is_empty());

    let mut column_zero = log.clone();
    column_zero["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        Value::from(0);
    assert!(!schema_errors(&column_zero).is_empty());

    // Formats are checked too: `$schema` must be an absolute URI.
    let mut relative_schema = log.clone();
    relative_schema["$schema"] = Value::from("sarif-2.1.0.json");
    assert!(!schema_errors(&relative_schema).is_empty());

    let mut unknown_property = log;
    unknown_property["runs"][0]["results"][0]["rule"] = Value::from("AA001");
    assert!(!schema_errors(&unknown_property).is_empty());
}

#[test]
fn rules_list_every_rule_once_with_its_documentation() {
    let log = sarif_of_fixture(SEED);
    let driver = &run(&log)["tool"]["driver"];
    assert_eq!(driver["name"], "annex-audit");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    let ids: HashSet<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), RULES.len(), "rule ids are unique");
    for (descriptor, rule) in rules.iter().zip(RULES) {
        assert_eq!(descriptor["id"], rule.id);
        assert_eq!(descriptor["name"], rule.name);
        assert_eq!(descriptor["shortDescription"]["text"], rule.doc.summary);
        let full = descriptor["fullDescription"]["text"].as_str().unwrap();
        assert!(full.contains(rule.doc.summary) && full.contains(rule.doc.why));
        assert_eq!(descriptor["help"]["text"], rule.explanation().as_str());
        assert!(
            descriptor["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains(rule.doc.example)
        );
        let level = match rule.default_severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(descriptor["defaultConfiguration"]["level"], level);
        assert!(
            !descriptor["properties"]["tags"]
                .as_array()
                .unwrap()
                .is_empty()
        );
    }
}

#[test]
fn seed_gives_twenty_results_with_levels_mapped() {
    let log = sarif_of_fixture(SEED);
    let results = results(&log);
    assert_eq!(results.len(), 20);
    let mut levels: BTreeMap<&str, usize> = BTreeMap::new();
    for result in results {
        *levels.entry(result["level"].as_str().unwrap()).or_default() += 1;
    }
    assert_eq!(
        levels,
        BTreeMap::from([("error", 5), ("note", 6), ("warning", 9)])
    );
    let rules = run(&log)["tool"]["driver"]["rules"].as_array().unwrap();
    for result in results {
        let rule = &rules[int(&result["ruleIndex"]) as usize];
        assert_eq!(rule["id"], result["ruleId"], "ruleIndex points at the rule");
        // Default levels: each result has its rule's level.
        assert_eq!(rule["defaultConfiguration"]["level"], result["level"]);
        assert_eq!(result["baselineState"], "new");
        assert_eq!(result["locations"].as_array().unwrap().len(), 1);
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
    }
}

#[test]
fn code_label_mismatch_points_at_the_code_and_its_evidence() {
    let log = sarif_of_fixture(SEED);
    let mismatches: Vec<&Value> = results(&log)
        .iter()
        .filter(|result| result["ruleId"] == "AA006")
        .collect();
    assert_eq!(mismatches.len(), 1);
    let result = mismatches[0];
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "fixtures/arrete-2008-01-18.txt"
    );
    assert_eq!(location["artifactLocation"]["index"], 0);
    let region = &location["region"];
    assert_eq!(int(&region["startLine"]), 300);
    assert_eq!(int(&region["startColumn"]), 1);
    assert_eq!(int(&region["endLine"]), 300);
    assert_eq!(int(&region["endColumn"]), 6);
    let message = result["message"]["text"].as_str().unwrap();
    assert!(message.starts_with("code 52213 is printed with the label of 52313"));
    assert!(message.contains("\nhelp: the code is probably 52313"));

    let related = result["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 3);
    let ids: BTreeSet<u64> = related.iter().map(|r| int(&r["id"])).collect();
    assert_eq!(ids.len(), related.len(), "related ids are distinct");
    for place in related {
        assert!(place["message"]["text"].as_str().unwrap().contains("52313"));
        let region = &place["physicalLocation"]["region"];
        assert_eq!(
            (int(&region["startColumn"]), int(&region["endColumn"])),
            (1, 6)
        );
    }
}

#[test]
fn an_empty_span_gives_an_empty_region_on_its_line() {
    let log = sarif_of_fixture(SEED);
    let blank = results(&log)
        .iter()
        .find(|result| result["ruleId"] == "AA010")
        .unwrap();
    let region = primary_region(blank);
    assert_eq!(int(&region["startLine"]), 228);
    assert_eq!(int(&region["endLine"]), 228);
    assert_eq!(int(&region["startColumn"]), 1);
    assert!(int(&region["endColumn"]) >= int(&region["startColumn"]));
}

#[test]
fn fingerprints_do_not_move_with_lines_inserted_above() {
    let raw = fixture_bytes(SEED);
    let mut shifted = b"\n\n\n".to_vec();
    shifted.extend_from_slice(&raw);
    let before = sarif_of_bytes("fixtures/arrete-2008-01-18.txt", raw);
    let after = sarif_of_bytes("fixtures/arrete-2008-01-18.txt", shifted);

    let lines_by_fingerprint = |log: &Value| -> BTreeMap<String, u64> {
        results(log)
            .iter()
            .map(|result| {
                (
                    fingerprint(result),
                    int(&primary_region(result)["startLine"]),
                )
            })
            .collect()
    };
    let before = lines_by_fingerprint(&before);
    let after = lines_by_fingerprint(&after);
    assert_eq!(before.len(), 20, "every result has its own fingerprint");
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (fingerprint, line) in &before {
        assert_eq!(after[fingerprint], line + 3, "{fingerprint}");
    }
}

#[test]
fn columns_count_utf16_code_units() {
    // A stray line holding a character outside the Basic Multilingual Plane (two UTF-16 code
    // units, four bytes, one character) and an accented one (one unit, two bytes).
    let stray = "Page 𝟐 sur 3 — réf.";
    let text = String::from_utf8(fixture_bytes("unrecognized-line.txt"))
        .unwrap()
        .replace("Page 2 sur 3", stray);
    let log = sarif_of_bytes("fixtures/unrecognized-line.txt", text.into_bytes());
    assert_valid("the edited fixture", &log);
    assert_eq!(run(&log)["columnKind"], "utf16CodeUnits");
    let result = results(&log)
        .iter()
        .find(|result| result["ruleId"] == "AA001")
        .unwrap();
    let region = primary_region(result);
    assert_eq!(int(&region["startLine"]), 30);
    assert_eq!(int(&region["startColumn"]), 1);
    let units = stray.encode_utf16().count() as u64;
    assert_ne!(units, stray.chars().count() as u64);
    assert_ne!(units, stray.len() as u64);
    assert_eq!(int(&region["endColumn"]), units + 1);

    // A label after a code holding such a character: the next column on the line is counted
    // after the character's two code units.
    let text = String::from_utf8(fixture_bytes("label-variant.txt"))
        .unwrap()
        .replace(
            "52313\tInstallateur-maintenicien",
            "5231𝟑\tInstallateur-maintenicien",
        );
    let log = sarif_of_bytes("fixtures/label-variant.txt", text.into_bytes());
    let line = "5231𝟑\tInstallateur-maintenicien en ascenseurs (et autres systèmes automatiques)";
    let on_that_line: Vec<&Value> = results(&log)
        .iter()
        .filter(|result| int(&primary_region(result)["startLine"]) == 36)
        .collect();
    assert_eq!(on_that_line.len(), 1);
    assert_eq!(
        int(&primary_region(on_that_line[0])["endColumn"]),
        line.encode_utf16().count() as u64 + 1
    );
}

#[test]
fn several_inputs_give_one_run_with_one_artifact_each() {
    let seed = fixture_bytes(SEED);
    let malformed = fixture_bytes("malformed-code.txt");
    let log = sarif_of(&[
        ("fixtures/arrete-2008-01-18.txt", seed.clone()),
        ("./fixtures/malformed-code.txt", malformed.clone()),
        ("-", fixture_bytes("clean.txt")),
        // The same file again is the same artifact.
        ("fixtures/arrete-2008-01-18.txt", seed.clone()),
    ]);
    assert_valid("a log of four inputs", &log);
    let artifacts = run(&log)["artifacts"].as_array().unwrap();
    let uris: Vec<&str> = artifacts
        .iter()
        .map(|artifact| artifact["location"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(
        uris,
        vec![
            "fixtures/arrete-2008-01-18.txt",
            "fixtures/malformed-code.txt",
            "stdin"
        ]
    );
    assert_eq!(int(&artifacts[0]["length"]), seed.len() as u64);
    assert_eq!(int(&artifacts[1]["length"]), malformed.len() as u64);
    let sha256 = |raw: &[u8]| -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(raw)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    };
    assert_eq!(artifacts[0]["hashes"]["sha-256"], sha256(&seed).as_str());
    assert_eq!(
        artifacts[1]["hashes"]["sha-256"],
        sha256(&malformed).as_str()
    );

    let results = results(&log);
    assert_eq!(results.len(), 20 + 3 + 20);
    let mut per_artifact: BTreeMap<u64, usize> = BTreeMap::new();
    for result in results {
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        let index = int(&location["index"]);
        assert_eq!(
            location["uri"],
            artifacts[index as usize]["location"]["uri"]
        );
        *per_artifact.entry(index).or_default() += 1;
    }
    assert_eq!(per_artifact, BTreeMap::from([(0, 40), (1, 3)]));
}

#[test]
fn output_is_pretty_deterministic_and_newline_terminated() {
    let inputs = [(
        "fixtures/arrete-2008-01-18.txt",
        fixture_bytes("arrete-2008-01-18.txt"),
    )];
    let first = sarif_text_of(&inputs);
    assert_eq!(first, sarif_text_of(&inputs));
    assert!(first.ends_with("}\n") && !first.ends_with("\n\n"));
    assert!(first.starts_with("{\n  \""));
}

#[test]
fn the_command_line_writes_the_same_log() {
    let output = common::run(&["fixtures/arrete-2008-01-18.txt", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1), "the seed has errors");
    let written: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(written, sarif_of_fixture(SEED));
}
