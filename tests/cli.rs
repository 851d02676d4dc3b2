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
    // A directory with nothing to read is an error; one with publications is a batch.
    let empty = tempfile::tempdir().unwrap();
    let output = run(&[empty.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no file to read in the directory"));
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

/// A directory is searched recursively for *.txt and *.md (or --glob), files are audited in
/// parallel and reported in a stable order, with one summary line per file.
#[test]
fn directories_are_batches_in_a_stable_order() {
    let directory = tempfile::tempdir().unwrap();
    let nested = directory.path().join("b-nested");
    std::fs::create_dir(&nested).unwrap();
    for (from, to) in [
        ("clean.txt", directory.path().join("c.txt")),
        ("count-mismatch.txt", directory.path().join("a.txt")),
        ("layout-pipe-table.md", nested.join("z.md")),
        ("clean.txt", directory.path().join("notes.csv")),
    ] {
        std::fs::copy(common::fixture_path(from), to).unwrap();
    }
    let root = directory.path().to_str().unwrap();
    let output = run(&[root, "-f", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let batch: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<String> = batch["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        vec![
            format!("{root}/a.txt"),
            format!("{root}/b-nested/z.md"),
            format!("{root}/c.txt"),
        ]
    );
    assert_eq!(batch["summary"]["errors"], 2);
    // --glob narrows the files; the human summary has a line per file.
    let output = run(&[root, "--glob", "*.md"]);
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("z.md: 2 regions"), "{text}");
    assert!(!text.contains("a.txt"), "{text}");
    let output = run(&[root, "--glob", "*.txt"]);
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("a.txt: 3 regions, 9 rows; 2 errors"),
        "{text}"
    );
    assert!(
        text.contains("annex-audit: 2 files: 6 regions, 18 rows"),
        "{text}"
    );
}
