//! The pipeline's stages on the seed and on synthetic publications of 1, 10 and 100 MB.
//!
//!     cargo bench --bench pipeline
//!
//! Throughput is reported in bytes of input per second. Decoding, parsing and the audit are
//! measured on the seed and on 1, 10 and 100 MB; parse + audit also from cold caches on 1 MB to
//! 1 GB (`cold`, the README's scaling figures); the audit rule by rule on 100 MB (`rules`);
//! renderers on the seed and on 1 and 10 MB.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use annex_audit::audit::consensus::Consensus;
use annex_audit::audit::{self, Context, Levels, RULES};
use annex_audit::report::{Report, html, human, json, sarif};
use annex_audit::source::Source;
use common::{EVICTION_BYTES, MB, evict, parse_and_audit, synthetic};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

const SEED: &str = include_str!("../fixtures/arrete-2008-01-18.txt");

/// The seed and the synthetic inputs, by name: each defect in 2 % of regions.
fn inputs(sizes: &[usize]) -> Vec<(String, String)> {
    let mut inputs = vec![("seed".to_owned(), SEED.to_owned())];
    for &size in sizes {
        inputs.push((format!("{}MB", size / MB), synthetic(size)));
    }
    inputs
}

fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for (name, text) in inputs(&[MB, 10 * MB, 100 * MB]) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        let raw = text.as_bytes().to_vec();
        group.bench_with_input(BenchmarkId::new("decode", &name), &raw, |b, raw| {
            b.iter(|| Source::decode("bench", black_box(raw.clone())))
        });
        let source = Source::decode("bench", raw);
        group.bench_with_input(BenchmarkId::new("parse", &name), &source, |b, source| {
            b.iter(|| annex_audit::parse::parse(black_box(source)))
        });
        let document = annex_audit::parse::parse(&source);
        group.bench_with_input(
            BenchmarkId::new("audit", &name),
            &document,
            |b, document| b.iter(|| audit::audit(&source, black_box(document), &Levels::default())),
        );
        group.bench_with_input(
            BenchmarkId::new("parse+audit", &name),
            &source,
            |b, source| b.iter(|| parse_and_audit(black_box(source))),
        );
    }
    group.finish();
}

/// Parse + audit from cold caches, 1 MB to 1 GB (the range of the linear-scaling target; needs
/// about 4 GB of memory): before each timed run, a buffer larger than the processor's last-level
/// cache (300 MiB on the project's machine) is written over, as when the command starts: a fresh
/// process reading its file. Repeating one input in a loop otherwise keeps a 10 MB input's text
/// in cache from one run to the next, a help that a 100 MB input does not get; this group
/// compares the sizes on equal terms.
fn cold(c: &mut Criterion) {
    let mut eviction = vec![0u8; EVICTION_BYTES];
    let mut group = c.benchmark_group("cold");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(1));
    for (name, text) in inputs(&[MB, 10 * MB, 100 * MB, 1000 * MB])
        .into_iter()
        .skip(1)
    {
        group.throughput(Throughput::Bytes(text.len() as u64));
        let source = Source::decode("bench", text.into_bytes());
        group.bench_with_input(
            BenchmarkId::new("parse+audit", &name),
            &source,
            |b, source| {
                b.iter_custom(|iterations| {
                    let mut total = Duration::ZERO;
                    for round in 0..iterations {
                        evict(&mut eviction, round as usize);
                        let start = Instant::now();
                        black_box(parse_and_audit(black_box(source)));
                        total += start.elapsed();
                    }
                    total
                })
            },
        );
    }
    group.finish();
}

/// The audit's share of each rule on the 100 MB input: the consensus (built once and shared by
/// the rules that weigh evidence across regions), then each rule's check with the consensus
/// already built. Where the audit's time goes, for whoever looks for the next gain.
fn rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("rules");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(2));
    let text = synthetic(100 * MB);
    group.throughput(Throughput::Bytes(text.len() as u64));
    let source = Source::decode("bench", text.into_bytes());
    let document = annex_audit::parse::parse(&source);
    group.bench_function("consensus/100MB", |b| {
        b.iter(|| Consensus::build(black_box(&document)))
    });
    let context = Context::new(&source, &document);
    context.consensus();
    for rule in RULES {
        let Some(check) = rule.check else {
            continue;
        };
        group.bench_function(BenchmarkId::new(rule.name, "100MB"), |b| {
            b.iter(|| {
                let mut findings = Vec::new();
                check(black_box(&context), &mut findings);
                findings
            })
        });
    }
    group.finish();
}

fn renderers(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    for (name, text) in inputs(&[MB, 10 * MB]) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        let source = Source::decode("bench", text.into_bytes());
        let document = annex_audit::parse::parse(&source);
        let findings = audit::audit(&source, &document, &Levels::default());
        let reports = [Report::new(&source, &document, &findings)];
        group.bench_with_input(BenchmarkId::new("json", &name), &reports, |b, reports| {
            // Streamed, as the command line writes it.
            b.iter(|| json::write(black_box(reports), &mut std::io::sink()))
        });
        group.bench_with_input(BenchmarkId::new("sarif", &name), &reports, |b, reports| {
            b.iter(|| sarif::render(black_box(reports)).len())
        });
        group.bench_with_input(BenchmarkId::new("html", &name), &reports, |b, reports| {
            b.iter(|| html::render(black_box(reports)).len())
        });
        let style = human::Style {
            color: false,
            width: 100,
        };
        group.bench_with_input(BenchmarkId::new("human", &name), &reports, |b, reports| {
            b.iter(|| human::write(black_box(reports), style, &mut std::io::sink()))
        });
    }
    group.finish();
}

criterion_group!(benches, stages, cold, rules, renderers);
criterion_main!(benches);
