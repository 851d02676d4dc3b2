//! JSON, HTML, SARIF, GitHub and CSV reports on whatever the audit made of arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() <= annex_audit_fuzz::MAX_INPUT {
        annex_audit_fuzz::render_machine(data);
    }
});
