//! Times decoding, parsing and the audit of one file, once, without rendering a report: the
//! figure to run under `/usr/bin/time -v` for the peak memory of parse + audit alone.
//!
//!     cargo run --release --example stages -- big.txt
//!
//! Prints, on standard error: the input's size, each stage's time, the rows and findings.

use std::process::ExitCode;
use std::time::Instant;

use annex_audit::audit::{self, Levels};
use annex_audit::source::Source;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stages FILE");
        return ExitCode::from(2);
    };
    let raw = match std::fs::read(&path) {
        Ok(raw) => raw,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return ExitCode::from(2);
        }
    };
    let bytes = raw.len();
    let started = Instant::now();
    let source = Source::decode(path, raw);
    let decoded = started.elapsed();
    let started = Instant::now();
    let document = annex_audit::parse::parse(&source);
    let parsed = started.elapsed();
    let started = Instant::now();
    let findings = audit::audit(&source, &document, &Levels::default());
    let audited = started.elapsed();
    let rows: usize = document
        .regions
        .iter()
        .map(|region| region.rows.len())
        .sum();
    eprintln!(
        "{bytes} bytes: decode {decoded:.1?}, parse {parsed:.1?}, audit {audited:.1?} \
         (parse + audit {:.1?}); {} sections, {rows} rows, {} findings",
        parsed + audited,
        document.regions.len(),
        findings.len()
    );
    ExitCode::SUCCESS
}
