//! Time grows linearly with the input: for inputs made of realistic lines repeated n and 16 n
//! times, the whole run (decoding, parsing, the audit, the human, JSON and HTML reports) may take
//! up to 80 times longer, never the 256 times a quadratic step costs. Each shape below made one
//! step quadratic once.
//!
//! Robust against noise: the smaller size is timed three times and the fastest run counts, the
//! larger is timed again (up to three times) while the ratio is not clearly quadratic, and the
//! bound leaves five times the 16 that linear time gives.

mod common;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use annex_audit::audit::{self, Levels};
use annex_audit::report::{Report, html, human, json};
use annex_audit::source::Source;

const FACTOR: usize = 16;
const BOUND: f64 = 80.0;

/// The first regions of the seed's annex (Alsace, Aquitaine, Auvergne: 79 rows, a label variant
/// and unsorted rows).
fn seed_regions() -> String {
    let seed = String::from_utf8(common::fixture_bytes("arrete-2008-01-18.txt")).unwrap();
    let start = seed.find("\nAlsace\n").unwrap() + 1;
    let end = seed.find("\nBourgogne\n").unwrap() + 1;
    seed[start..end].to_owned()
}

fn run_once(raw: &[u8]) -> Duration {
    let start = Instant::now();
    let source = Source::decode("t", raw.to_vec());
    let document = annex_audit::parse::parse(&source);
    let findings = audit::audit(&source, &document, &Levels::default());
    let reports = [Report::new(&source, &document, &findings)];
    let style = human::Style {
        color: false,
        width: 100,
    };
    let rendered = human::render(&reports, style).len()
        + json::render(&reports).len()
        + html::render(&reports).len();
    assert!(rendered > 0);
    start.elapsed()
}

fn fastest(raw: &[u8], runs: usize) -> Duration {
    (0..runs).map(|_| run_once(raw)).min().unwrap()
}

/// Times `make(n)` and `make(16 n)`; the larger is timed again, up to three times, while the
/// ratio is between the bound and twice the bound, so that one slow run on a busy machine does
/// not fail the test and a quadratic one does not take three times as long to.
fn assert_linear(shape: &str, make: impl Fn(usize) -> String, n: usize) {
    // One measurement at a time: the tests of this file would otherwise share the cores.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let small = fastest(make(n).as_bytes(), 3).max(Duration::from_micros(200));
    let large_input = make(n * FACTOR);
    let mut large = Duration::MAX;
    for _ in 0..3 {
        large = large.min(run_once(large_input.as_bytes()));
        let ratio = large.as_secs_f64() / small.as_secs_f64();
        if ratio < BOUND {
            eprintln!("{shape}: {small:?} for {n}, {large:?} for {}", n * FACTOR);
            return;
        }
        if ratio > 2.0 * BOUND {
            break;
        }
    }
    panic!(
        "{shape}: {n} repetitions took {small:?}, {} took {large:?} ({:.1}×, more than {BOUND}×)",
        n * FACTOR,
        large.as_secs_f64() / small.as_secs_f64()
    );
}

#[test]
fn many_regions_with_findings() {
    // Each copy repeats its regions: duplicate-region errors all along, each drawn by miette
    // (which once read the text from its start for each) and placed in the HTML report's
    // tables (which once went through every region for each).
    let regions = seed_regions();
    assert_linear("repeated regions", |n| regions.repeat(n), 2);
}

#[test]
fn one_long_table() {
    // Every code printed twice, once with a label of its own and once with a label all the
    // codes share: duplicate rows and label variants all along, and a label whose codes were
    // once all compared with each other for each of its rows.
    assert_linear(
        "one table",
        |n| {
            let mut text = String::from("Alsace\n\nCODE ROME\t3 métiers\n");
            for i in 0..n {
                let code = 10_000 + i;
                text.push_str(&format!("{code}\tTechnicien de la vente {i}\n"));
                text.push_str(&format!("{code}\tTechnicien de la vente\n"));
            }
            text
        },
        150,
    );
}

#[test]
fn an_entry_wrapped_over_many_lines() {
    // Each wrapped line once rebuilt the whole entry.
    assert_linear(
        "wrapped paragraph",
        |n| {
            format!(
                "Alsace\n\nGéomètre.\n{}Fin.\n",
                "Technicien de la vente à distance\n".repeat(n)
            )
        },
        600,
    );
    assert_linear(
        "wrapped bullet",
        |n| format!("Alsace\n\n- Géomètre\n{}", "et du bâtiment\n".repeat(n)),
        600,
    );
}

#[test]
fn a_long_front_matter() {
    // Each line of a visa, each paragraph of an article, once rebuilt the whole text. That
    // copy is cheap enough per byte to show only past a few megabytes, beyond the sizes of a
    // debug-built test: this guards against heavier per-line work on these paths.
    assert_linear(
        "visa over many lines",
        |n| {
            format!(
                "ARRÊTÉ\n\nVu le code du travail\n{}",
                "et son article\n".repeat(n)
            )
        },
        600,
    );
    assert_linear(
        "article of many paragraphs",
        |n| {
            format!(
                "ARRÊTÉ\n\nArrêtent :\n\nArticle 1\n\n{}",
                "La liste figure en annexe.\n\n".repeat(n)
            )
        },
        300,
    );
}

#[test]
fn links_that_never_close() {
    // Each `[` once made the rest of its line be scanned again for a `]` or a `)`.
    assert_linear(
        "unclosed brackets in a visa",
        |n| format!("ARRÊTÉ\n\nVu {}\n", "[article ".repeat(n)),
        1_000,
    );
    assert_linear(
        "unclosed parentheses in prose",
        |n| {
            format!(
                "Alsace\n\n14232\tTechnicien\n\nVoir :{}\n",
                "[article](#".repeat(n)
            )
        },
        1_000,
    );
}
