//! Helpers shared by the integration tests: run the library or the binary on a fixture.
#![allow(dead_code)]

pub mod invariants;

use std::path::PathBuf;
use std::process::{Command, Output};

use annex_audit::audit::{self, Finding, Levels};
use annex_audit::report::{Report, json};
use annex_audit::source::Source;

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).expect("fixture exists")
}

/// Several inputs (path, raw bytes) decoded, parsed, audited and rendered together by `render`,
/// as one run of the command line renders them.
pub fn render_together(
    inputs: &[(String, Vec<u8>)],
    render: impl Fn(&[Report<'_, '_>]) -> String,
) -> String {
    let sources: Vec<Source> = inputs
        .iter()
        .map(|(path, raw)| Source::decode(path.as_str(), raw.clone()))
        .collect();
    let documents: Vec<_> = sources.iter().map(annex_audit::parse::parse).collect();
    let findings: Vec<_> = sources
        .iter()
        .zip(&documents)
        .map(|(source, document)| audit::audit(source, document, &Levels::default()))
        .collect();
    let reports: Vec<Report<'_, '_>> = sources
        .iter()
        .zip(&documents)
        .zip(&findings)
        .map(|((source, document), findings)| Report::new(source, document, findings))
        .collect();
    render(&reports)
}

/// The JSON report of raw bytes, as `annex-audit --format json` renders it, parsed back.
pub fn report_of_bytes(path: &str, raw: Vec<u8>) -> serde_json::Value {
    let source = Source::decode(path, raw);
    let document = annex_audit::parse::parse(&source);
    let findings: Vec<Finding> = audit::audit(&source, &document, &Levels::default());
    let report = Report::new(&source, &document, &findings);
    serde_json::from_str(&json::render(&[report])).expect("valid JSON")
}

/// The JSON report of a fixture, with its path as the README's commands give it.
pub fn report(name: &str) -> serde_json::Value {
    report_of_bytes(&format!("fixtures/{name}"), fixture_bytes(name))
}

/// (rule, line) of every diagnostic.
pub fn findings(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

pub fn rules_fired(report: &serde_json::Value) -> Vec<String> {
    let mut rules: Vec<String> = findings(report).into_iter().map(|(rule, _)| rule).collect();
    rules.dedup();
    rules
}

/// Runs the binary from the crate's directory.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("the binary runs")
}

pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("the binary ends")
}

/// Whether text holds a character a terminal must not receive from the input: a control
/// character other than the line feed, a zero-width or a bidirectional formatting character.
pub fn has_terminal_hazard(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}
