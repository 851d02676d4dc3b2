//! Arbitrary bytes through decoding, parsing and the audit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() <= annex_audit_fuzz::MAX_INPUT {
        annex_audit_fuzz::audited(data, |_, _, _| {});
    }
});
