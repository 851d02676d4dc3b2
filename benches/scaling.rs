//! Linear scaling and the distance to `wc -l`, measured so that the machine's drift cancels out.
//!
//!     cargo bench --bench scaling            # 15 rounds
//!     cargo bench --bench scaling -- 31      # or as many as asked
//!
//! The `cold` group of `benches/pipeline.rs` times each size in turn, a few seconds apart; on a
//! machine whose speed wanders by a factor of two from one minute to the next, the ratio of two
//! sizes measured minutes apart says more about the minute than about the code. Here every round
//! times every size once, one right after the other (in an order that rotates from round to
//! round), each from cold caches, and `wc -l` on the 100 MB input between them: a ratio is taken
//! within a round, where the machine is the same for both sides, and the median of the rounds'
//! ratios is reported with its range. Criterion compares one benchmark with its own past and has
//! no way to interleave two, hence a plain harness.

mod common;

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use annex_audit::source::Source;
use common::{EVICTION_BYTES, MB, evict, parse_and_audit, synthetic};

const SIZES: [usize; 4] = [MB, 10 * MB, 100 * MB, 1000 * MB];
/// The size `wc -l` is compared on, as the README's target says.
const WC_SIZE: usize = 100 * MB;
const DEFAULT_ROUNDS: usize = 15;

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn range(values: &[f64]) -> (f64, f64) {
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (low, high)
}

fn milliseconds(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// One run of `wc -l` on `path` as a process, as hyperfine times it; `None` when `wc` cannot be
/// started.
fn time_wc(path: &std::path::Path) -> Option<f64> {
    let start = Instant::now();
    let status = Command::new("wc")
        .arg("-l")
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .ok()?;
    let elapsed = milliseconds(start.elapsed());
    status.success().then_some(elapsed)
}

fn main() {
    let rounds = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse::<usize>().ok())
        .unwrap_or(DEFAULT_ROUNDS)
        .max(1);
    eprintln!("generating and decoding the inputs…");
    let mut wc_input = tempfile::NamedTempFile::new().expect("a temporary file for wc -l");
    let sources: Vec<Source> = SIZES
        .iter()
        .map(|&size| {
            let text = synthetic(size);
            if size == WC_SIZE {
                wc_input
                    .write_all(text.as_bytes())
                    .expect("the 100 MB input written for wc -l");
            }
            Source::decode("bench", text.into_bytes())
        })
        .collect();
    wc_input
        .flush()
        .expect("the 100 MB input written for wc -l");
    let mut eviction = vec![0u8; EVICTION_BYTES];
    // A first run of each, untimed: page faults of the first allocation of each size.
    for source in &sources {
        black_box(parse_and_audit(source));
    }

    let mut times: Vec<Vec<f64>> = vec![Vec::new(); SIZES.len()];
    let mut wc_times: Vec<f64> = Vec::new();
    for round in 0..rounds {
        for step in 0..SIZES.len() {
            let index = (round + step) % SIZES.len();
            evict(&mut eviction, round);
            let start = Instant::now();
            black_box(parse_and_audit(black_box(&sources[index])));
            times[index].push(milliseconds(start.elapsed()));
            if SIZES[index] == WC_SIZE
                && let Some(wc) = time_wc(wc_input.path())
            {
                wc_times.push(wc);
            }
        }
        eprintln!("round {} of {rounds}", round + 1);
    }

    println!("parse + audit from cold caches, {rounds} interleaved rounds (milliseconds)");
    println!("| input | bytes | median | min – max | throughput at the median |");
    println!("| --- | --- | --- | --- | --- |");
    for ((size, source), runs) in SIZES.iter().zip(&sources).zip(&times) {
        let (low, high) = range(runs);
        let bytes = source.text().len();
        let middle = median(runs);
        println!(
            "| {} MB | {bytes} | {middle:.2} | {low:.2} – {high:.2} | {:.0} MB/s |",
            size / MB,
            bytes as f64 / middle / 1000.0
        );
    }
    println!();
    println!("ratios within a round (input 10× larger, text ×: time ×)");
    println!("| step | text × | median of rounds | min – max | ratio of medians |");
    println!("| --- | --- | --- | --- | --- |");
    for step in 1..SIZES.len() {
        let (small, large) = (&times[step - 1], &times[step]);
        let ratios: Vec<f64> = small.iter().zip(large).map(|(s, l)| l / s).collect();
        let (low, high) = range(&ratios);
        let text_ratio = sources[step].text().len() as f64 / sources[step - 1].text().len() as f64;
        println!(
            "| {} → {} MB | {text_ratio:.2} | {:.2} | {low:.2} – {high:.2} | {:.2} |",
            SIZES[step - 1] / MB,
            SIZES[step] / MB,
            median(&ratios),
            median(large) / median(small)
        );
    }
    println!();
    match SIZES.iter().position(|&size| size == WC_SIZE) {
        Some(index) if wc_times.len() == times[index].len() => {
            let ratios: Vec<f64> = times[index]
                .iter()
                .zip(&wc_times)
                .map(|(ours, wc)| ours / wc)
                .collect();
            let (low, high) = range(&ratios);
            let (wc_low, wc_high) = range(&wc_times);
            println!(
                "wc -l on the {} MB input: median {:.2} ms ({wc_low:.2} – {wc_high:.2}); parse + \
                 audit / wc -l within a round: median {:.2} ({low:.2} – {high:.2})",
                WC_SIZE / MB,
                median(&wc_times),
                median(&ratios)
            );
        }
        _ => println!("wc -l could not be run: no comparison with it"),
    }
}
