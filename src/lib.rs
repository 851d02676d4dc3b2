//! annex-audit reads the text of a French arrêté whose annex lists, region by region, the
//! occupations open to non-EU workers, turns it into a typed [`model::Document`], and audits it.
//!
//! The stages, one module each: [`source`] (bytes → text) → [`parse`] (text → document) →
//! [`audit`] (document → findings) → [`report`] (findings → JSON, human, …). [`run`] wires them
//! for the command line; nothing here prints or exits on its own.

pub mod audit;
pub mod batch;
pub mod cli;
pub mod diff;
pub mod error;
pub mod gate;
pub mod model;
pub mod parse;
pub mod reference;
pub mod report;
pub mod run;
pub mod source;
pub mod synthetic;

pub use error::Error;

/// Decodes, parses and audits one input with default levels: the library's one-call entry.
/// Spans address at most [`source::MAX_TEXT_BYTES`] of text (the command line refuses larger
/// inputs; here spans are clamped and labels cut at that length).
pub fn check(path: &str, raw: Vec<u8>) -> (source::Source, Vec<audit::Finding>) {
    let source = source::Source::decode(path, raw);
    let findings = {
        let document = parse::parse(&source);
        audit::audit(&source, &document, &audit::Levels::default())
    };
    (source, findings)
}
