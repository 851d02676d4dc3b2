//! Writes a synthetic publication in the seed's layout to standard output.
//!
//!     cargo run --release --example generate -- BYTES [SEED] [DEFECT_RATE] > big.txt
//!
//! e.g. `… -- 100000000 1 0.05` for about 100 MB with seed 1 and each defect in 5 % of regions.

use annex_audit::synthetic::{Defects, Spec, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let bytes: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let rate: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0.05);
    let text = generate(&Spec::of_size(bytes, Defects { rate }, seed));
    print!("{text}");
}
