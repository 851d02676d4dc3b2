//! What the pipeline and scaling benches share, so that they time the same inputs the same way.

use std::hint::black_box;

use annex_audit::audit::{self, Levels};
use annex_audit::source::Source;
use annex_audit::synthetic::{Defects, Spec, generate};

pub const MB: usize = 1_000_000;

/// Larger than the processor's last-level cache (300 MiB as the project's VM reports it).
pub const EVICTION_BYTES: usize = 512 << 20;

/// A synthetic publication of about `size` bytes: the seed's layout, each defect in 2 % of
/// regions, generator seed 1 (the inputs the README's figures are measured on).
pub fn synthetic(size: usize) -> String {
    generate(&Spec::of_size(size, Defects { rate: 0.02 }, 1))
}

/// What a run does before rendering: parse, audit, and drop the document (which a run pays too).
pub fn parse_and_audit(source: &Source) -> usize {
    let document = annex_audit::parse::parse(source);
    audit::audit(source, &document, &Levels::default()).len()
}

/// Writes over every cache line of `buffer`, a different value each round: the next run starts
/// as a fresh process does, with none of its input or its allocator's memory in cache.
pub fn evict(buffer: &mut [u8], round: usize) {
    for line in buffer.chunks_mut(64) {
        line[0] = line[0].wrapping_add(round as u8 | 1);
    }
    black_box(&buffer);
}
