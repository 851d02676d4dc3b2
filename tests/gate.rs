//! The CI gate: levels from config and command line, the ignore file, baselines; and the
//! machine formats a CI reads (GitHub annotations, CSV), statistics and completions.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::fixture_path;

const SEED: &str = "arrete-2008-01-18.txt";

/// Runs the binary in `directory` (where an annex-audit.toml may be found).
fn run_in(directory: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(args)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn workspace_with_seed() -> tempfile::TempDir {
    let directory = tempfile::tempdir().unwrap();
    std::fs::copy(fixture_path(SEED), directory.path().join(SEED)).unwrap();
    directory
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn rules_of(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn config_levels_change_severities_and_the_exit_code() {
    let workspace = workspace_with_seed();
    let root = workspace.path();
    std::fs::write(
        root.join("annex-audit.toml"),
        "fail-on = \"warning\"\n[rules]\ncount-mismatch = \"info\"\ncode-label-mismatch = \"off\"\nunsorted-rows = \"off\"\n",
    )
    .unwrap();
    // Found from a subdirectory too.
    let nested = root.join("nested");
    std::fs::create_dir(&nested).unwrap();
    let output = run_in(&nested, &[&format!("../{SEED}"), "-f", "json"]);
    let report = json(&output);
    let rules = rules_of(&report);
    assert!(!rules.contains(&"code-label-mismatch".to_owned()));
    assert!(!rules.contains(&"unsorted-rows".to_owned()));
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(
        report["summary"]["infos"], 5,
        "4 count-mismatch + 1 blank line"
    );
    // fail-on = warning from the config: the label variants fail the run.
    assert_eq!(output.status.code(), Some(1));
    // The command line overrides the config.
    let output = run_in(root, &[SEED, "-f", "json", "--fail-on", "error"]);
    assert_eq!(output.status.code(), Some(0));
    let output = run_in(root, &[SEED, "-f", "json", "--no-config"]);
    assert_eq!(json(&output)["summary"]["errors"], 5);
}

#[test]
fn deny_warn_allow_on_the_command_line() {
    let workspace = workspace_with_seed();
    let root = workspace.path();
    let output = run_in(
        root,
        &[
            SEED,
            "-f",
            "json",
            "--deny",
            "unsorted-rows",
            "--allow",
            "AA007",
            "--warn",
            "count-mismatch",
        ],
    );
    let report = json(&output);
    assert_eq!(
        report["summary"]["errors"],
        1 + 5,
        "code-label-mismatch + unsorted-rows"
    );
    assert!(!rules_of(&report).contains(&"label-variant".to_owned()));
    assert_eq!(
        report["summary"]["warnings"],
        4 + 2,
        "count-mismatch + region names"
    );
    let output = run_in(root, &[SEED, "--deny", "no-such-rule"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown rule `no-such-rule`"));
}

#[test]
fn config_errors_exit_2_and_point_into_the_file() {
    let workspace = workspace_with_seed();
    let root = workspace.path();
    std::fs::write(
        root.join("annex-audit.toml"),
        "[rules]\nlabel-varient = \"error\"\n",
    )
    .unwrap();
    let output = run_in(root, &[SEED]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("unknown rule `label-varient`"),
        "{message}"
    );
    assert!(message.contains("annex-audit.toml:2:1"), "{message}");
    std::fs::write(root.join("annex-audit.toml"), "fail-on = \"sometimes\"\n").unwrap();
    let output = run_in(root, &[SEED]);
    assert_eq!(output.status.code(), Some(2));
    std::fs::write(root.join("annex-audit.toml"), "colour = true\n").unwrap();
    let output = run_in(root, &[SEED]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("colour"));
    let output = run_in(root, &[SEED, "--config", "missing.toml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn ignore_file_leaves_out_reviewed_findings_and_reports_stale_entries() {
    let workspace = workspace_with_seed();
    let root = workspace.path();
    std::fs::write(
        root.join("reviewed.toml"),
        r#"# Reviewed with the Journal officiel in hand.
[[ignore]]
rule = "label-variant"
code = "52313"
label = "Installateur-maintenicien en ascenseurs (et autres systèmes mécaniques)"
reason = "printed so in the JO"

[[ignore]]
rule = "region-name-variant"
region = "ile de france"

[[ignore]]
rule = "duplicate-row"
region = "Alsace"
code = "14232"
"#,
    )
    .unwrap();
    let output = run_in(
        root,
        &[SEED, "-f", "json", "--ignore-file", "reviewed.toml"],
    );
    let report = json(&output);
    // Two label variants (Alsace, Auvergne) and one region name are left out.
    assert_eq!(report["summary"]["ignored"], 3);
    assert_eq!(report["summary"]["warnings"], 9 - 3);
    let unused: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unused-ignore")
        .collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0]["file"], "reviewed.toml");
    assert_eq!(unused[0]["line"], 12, "points at the third entry");
    assert_eq!(unused[0]["severity"], "info");
    // The human report shows the entry in the ignore file.
    let output = run_in(root, &[SEED, "--ignore-file", "reviewed.toml"]);
    let text = stderr(&output);
    assert!(text.contains("[reviewed.toml:12:1]"), "{text}");
    assert!(text.contains("3 ignored"), "{text}");
}

#[test]
fn ignore_file_with_an_unknown_rule_or_field_exits_2() {
    let workspace = workspace_with_seed();
    let root = workspace.path();
    std::fs::write(
        root.join("bad.toml"),
        "[[ignore]]\nrule = \"label-variant\"\nline = 62\n",
    )
    .unwrap();
    let output = run_in(root, &[SEED, "--ignore-file", "bad.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("line"));
}

/// A baseline written today keeps tomorrow's run green after lines are inserted above and
/// between the findings, and a new defect turns it red.
#[test]
fn baseline_survives_inserted_lines_and_catches_new_defects() {
    let workspace = workspace_with_seed();
    let root = workspace.path();
    let output = run_in(root, &[SEED, "--write-baseline", "baseline.json"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "today's findings still fail without a baseline"
    );
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 20);

    let original = std::fs::read_to_string(root.join(SEED)).unwrap();
    let shifted = format!("\n\n\n{}", original.replace("\nCorse\n", "\n\n\nCorse\n"));
    std::fs::write(root.join(SEED), &shifted).unwrap();
    let output = run_in(root, &[SEED, "--baseline", "baseline.json", "-f", "json"]);
    let report = json(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(report["summary"]["known"], 20);
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["known"] == true)
    );

    // A new defect: a label changed in one region.
    let broken = shifted.replacen(
        "61232\tConducteur de travaux du BTP",
        "61232\tConducteur des travaux du BTP",
        1,
    );
    std::fs::write(root.join(SEED), broken).unwrap();
    let output = run_in(
        root,
        &[
            SEED,
            "--baseline",
            "baseline.json",
            "-f",
            "json",
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    let new: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d.get("known").is_none())
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["rule"], "label-variant");
    assert_eq!(new[0]["code"], "61232");
}

#[test]
fn a_broken_baseline_exits_2() {
    let workspace = workspace_with_seed();
    let root = workspace.path();
    std::fs::write(root.join("baseline.json"), "{\"findings\": 3}").unwrap();
    let output = run_in(root, &[SEED, "--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not a baseline file"));
}

#[test]
fn github_annotations_are_escaped() {
    let output = common::run(&["fixtures/arrete-2008-01-18.txt", "-f", "github"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 20);
    let mismatch = lines
        .iter()
        .find(|line| line.contains("code-label-mismatch"))
        .unwrap();
    assert!(mismatch.starts_with(
        "::error file=fixtures/arrete-2008-01-18.txt,line=300,endLine=300,col=1,endColumn=6,title=code-label-mismatch (AA006)::code 52213"
    ));
    // The help follows on an escaped newline; no raw newline inside a command.
    assert!(mismatch.contains("%0Ahelp: the code is probably 52313"));
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::notice")).count(),
        6
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::warning")).count(),
        9
    );
}

#[test]
fn csv_has_one_line_per_row_with_its_rules() {
    let output = common::run(&["fixtures/arrete-2008-01-18.txt", "-f", "csv"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "file",
            "region",
            "official_region",
            "insee_code",
            "code",
            "label",
            "line",
            "malformed",
            "rules"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 481);
    let idf = records.iter().find(|r| &r[6] == "300").unwrap();
    assert_eq!(&idf[1], "Ile de France");
    assert_eq!(&idf[2], "Île-de-France");
    assert_eq!(&idf[3], "11");
    assert_eq!(&idf[4], "52213");
    assert_eq!(&idf[8], "code-label-mismatch");
    // A label with a comma is quoted (RFC 4180) and reads back whole.
    let comma = records.iter().find(|r| &r[4] == "44316").unwrap();
    assert_eq!(
        &comma[5],
        "Mécanicien d'engin de chantier, de levage et manutention, et de machines agricoles"
    );
    assert!(text.contains("\"Mécanicien d'engin de chantier, de levage"));
}

#[test]
fn several_formats_in_one_run() {
    let directory = tempfile::tempdir().unwrap();
    let json_path = directory.path().join("report.json");
    let csv_path = directory.path().join("rows.csv");
    let output = common::run(&[
        "fixtures/arrete-2008-01-18.txt",
        "-f",
        "human",
        "-o",
        "-",
        "-f",
        "json",
        "-o",
        json_path.to_str().unwrap(),
        "-o",
        csv_path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    // human to stdout (its --output is `-`), JSON to its file, CSV by the extension.
    assert!(String::from_utf8_lossy(&output.stdout).contains("code-label-mismatch"));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(report["summary"]["rows"], 481);
    assert!(
        std::fs::read_to_string(&csv_path)
            .unwrap()
            .starts_with("file,region")
    );
}

/// Each --output goes with the --format before it, as in a CI step.
#[test]
fn outputs_pair_with_the_format_before_them() {
    let directory = tempfile::tempdir().unwrap();
    let json_path = directory.path().join("out.data");
    let output = common::run(&[
        "fixtures/arrete-2008-01-18.txt",
        "-f",
        "github",
        "-f",
        "json",
        "-o",
        json_path.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("::warning"), "{stdout}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(report["summary"]["regions"], 22);
    // An output whose extension names no format, with no --format of its own, is an error.
    let output = common::run(&["fixtures/clean.txt", "-o", "report.data"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn statistics_count_per_rule() {
    let output = common::run(&[
        "fixtures/arrete-2008-01-18.txt",
        "-f",
        "json",
        "--statistics",
    ]);
    let text = stderr(&output);
    assert!(text.contains("     7  AA007  label-variant"), "{text}");
    assert!(
        text.contains("     1  AA006  code-label-mismatch"),
        "{text}"
    );
}

#[test]
fn completions_for_shells() {
    for shell in ["bash", "zsh", "fish"] {
        let output = common::run(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0));
        let script = String::from_utf8_lossy(&output.stdout);
        assert!(script.contains("write-baseline"), "{shell}");
        assert!(script.contains("annex-audit"), "{shell}");
    }
}
