//! Label comparison (label-variant and code-label-mismatch evidence) on 10 000, 100 000 and
//! 200 000 distinct labels: every code printed in three sections, one with a variant label.
//!
//!     cargo bench --bench labels

use std::hint::black_box;

use annex_audit::audit::consensus::Consensus;
use annex_audit::audit::{self, Levels};
use annex_audit::model::{Document, RowPairs};
use annex_audit::source::Source;
use annex_audit::synthetic::distinct_labels;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn label_comparison(c: &mut Criterion) {
    let mut group = c.benchmark_group("labels");
    group.sample_size(10);
    for distinct in [10_000, 100_000, 200_000] {
        let source = Source::decode("bench", distinct_labels(distinct, 500).into_bytes());
        let document = annex_audit::parse::parse(&source);
        // The parser numbers the rows' (code, label) pairs as it reads them; without those
        // numbers the consensus numbers them itself, so that all of the comparison is timed.
        let unnumbered = Document {
            pairs: RowPairs::default(),
            ..document.clone()
        };
        group.throughput(Throughput::Elements(distinct as u64));
        group.bench_with_input(
            BenchmarkId::new("consensus", distinct),
            &unnumbered,
            |b, document| b.iter(|| Consensus::build(black_box(document)).mismatches.len()),
        );
        group.bench_with_input(
            BenchmarkId::new("audit", distinct),
            &document,
            |b, document| {
                b.iter(|| audit::audit(&source, black_box(document), &Levels::default()).len())
            },
        );
    }
    group.finish();
}

criterion_group!(benches, label_comparison);
criterion_main!(benches);
