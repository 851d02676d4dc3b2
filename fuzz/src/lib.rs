//! The checks the fuzz targets run: the main crate's test invariants, included as they are, so
//! that a crash found here reproduces in `cargo test` (fixtures/regressions/) under the same
//! checks.

#[path = "../../tests/common/invariants.rs"]
mod invariants;

pub use invariants::{audited, render_human, render_machine};

/// Inputs past this size only slow the fuzzer down: the grammar works line by line, and
/// tests/bad_inputs.rs covers the large inputs.
pub const MAX_INPUT: usize = 64 * 1024;
