//! The command line: inputs, outputs, exit codes and usage errors.

mod common;

use common::{run, run_with_stdin};

#[test]
fn standard_input_is_read_with_a_dash() {
    let seed = common::fixture_bytes("clean.txt");
    let output = run_with_stdin(&["-", "--format", "json"], &seed);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["source"]["path"], "-");
    assert_eq!(report["summary"]["rows"], 9);
}

#[test]
fn several_paths_give_one_batch_report() {
    let output = run(&[
        "fixtures/clean.txt",
        "fixtures/count-mismatch.txt",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let batch: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(batch["reports"].as_array().unwrap().len(), 2);
    assert_eq!(batch["summary"]["errors"], 2);
    assert_eq!(batch["summary"]["rows"], 18);
}

#[test]
fn fail_on_sets_the_threshold() {
    // windows-1252.txt has one warning and nothing else.
    let path = "fixtures/windows-1252.txt";
    assert_eq!(run(&[path]).status.code(), Some(0));
    assert_eq!(run(&[path, "--fail-on", "warning"]).status.code(), Some(1));
    assert_eq!(run(&[path, "--fail-on", "info"]).status.code(), Some(1));
    assert_eq!(
        run(&["fixtures/arrete-2008-01-18.txt", "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn unreadable_inputs_exit_2_with_a_message() {
    let output = run(&["fixtures/does-not-exist.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such file or directory"));
    let output = run(&["fixtures"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a directory"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(
        run(&["--format", "nope", "fixtures/clean.txt"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["-", "-"]).status.code(), Some(2));
    let output = run(&["fixtures/clean.txt", "-f", "json", "-f", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("standard output"));
}

#[test]
fn json_goes_to_a_file_with_output() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("report.json");
    let output = run(&[
        "fixtures/clean.txt",
        "--format",
        "json",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(report["summary"]["regions"], 3);
}

#[test]
fn output_into_a_missing_directory_exits_2() {
    let output = run(&[
        "fixtures/clean.txt",
        "-f",
        "json",
        "-o",
        "/nonexistent-directory/report.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write the json report"));
}

#[test]
fn empty_input_is_an_error_finding() {
    let output = run_with_stdin(&["-"], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the input is empty"));
}

#[test]
fn explain_and_rules() {
    let output = run(&["explain", "count-mismatch"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("count-mismatch (AA003)"));
    assert!(text.contains("Why it matters"));
    let output = run(&["explain", "no-such-rule"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["rules"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("malformed-code"));
}

#[test]
fn readme_documents_every_rule() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for rule in annex_audit::audit::RULES {
        let heading = format!(
            "### `{}` ({}, {})",
            rule.name, rule.id, rule.default_severity
        );
        assert!(readme.contains(&heading), "README lacks `{heading}`");
    }
}
