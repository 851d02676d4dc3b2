//! Reference tables embedded in the binary.

pub mod regions;
