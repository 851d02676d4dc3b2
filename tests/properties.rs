//! Properties that hold for every input: no panic anywhere from decoding to every report, and
//! every line accounted for (the checks themselves are in `common/invariants.rs`, shared with the
//! fuzz targets).

mod common;

use common::invariants::{audited, render_human, render_machine};
use proptest::prelude::*;

/// Lines in the vocabulary of the annex, so that random documents reach deep into the grammar.
fn annex_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("ANNEXE¹".to_owned()),
        Just("Alsace".to_owned()),
        Just("Ile de France".to_owned()),
        "CODE ROME\t[0-9]{1,3} métiers?",
        "[0-9O ]{3,7}\t[A-Za-zéè' ()-]{0,40}",
        "[0-9]{5}  +[a-zé]{1,10}",
        "¹ [a-z ]{0,20}",
        "(\\PC|\t|\u{a0}|\r){0,30}",
        Just("Article 1".to_owned()),
        Just("Fait à Paris, le 18 janvier 2008.".to_owned()),
        Just("NOR: *ABCD0000000A*".to_owned()),
        // Markup the front matter and the prose strip, opened and not closed.
        "[\\[\\]()\\\\a ]{1,20}",
        "- [a-z]{1,8}( [a-z]{1,8}){0,3}",
        "[a-z]{1,8}( [a-z]{1,8}){0,3}\\.?",
        "\\| ?[0-9]{5} ?\\| ?[a-z ]{1,20}\\|",
        Just("|---|---|".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(raw in proptest::collection::vec(any::<u8>(), 0..2000)) {
        render_human(&raw);
    }

    #[test]
    fn annex_like_documents_account_for_every_line(
        lines in proptest::collection::vec(annex_line(), 0..60),
        crlf in any::<bool>(),
    ) {
        let separator = if crlf { "\r\n" } else { "\n" };
        audited(lines.join(separator).as_bytes(), |_, _, _| {});
    }
}

proptest! {
    // Every report format on each case costs more (the HTML page above all): fewer cases.
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_report_renders_annex_like_documents(
        lines in proptest::collection::vec(annex_line(), 0..40),
    ) {
        let raw = lines.join("\n").into_bytes();
        render_human(&raw);
        render_machine(&raw);
    }

    #[test]
    fn every_report_renders_arbitrary_bytes(raw in proptest::collection::vec(any::<u8>(), 0..600)) {
        render_machine(&raw);
    }
}
