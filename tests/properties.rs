//! Properties that hold for every input: no panic, every line accounted for.

use annex_audit::audit::{self, Levels};
use annex_audit::model::LineRole;
use annex_audit::report::{Report, human, json};
use annex_audit::source::Source;
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
    ]
}

fn check_everything(raw: Vec<u8>) {
    let source = Source::decode("prop", raw);
    let document = annex_audit::parse::parse(&source);
    let findings = audit::audit(&source, &document, &Levels::default());
    // Every non-blank line is placed in the model or reported.
    assert_eq!(document.roles.len(), source.line_count());
    for (number, _, text) in source.lines() {
        let role = document.roles[number - 1];
        if !text.trim().is_empty() {
            assert_ne!(role, LineRole::Blank, "line {number} {text:?} was lost");
        }
        if role == LineRole::Unplaced {
            assert!(
                findings.iter().any(|f| f.rule.name == "unrecognized-line"
                    && source.line_of(f.span.offset) == number),
                "unplaced line {number} has no finding"
            );
        }
    }
    let report = Report::new(&source, &document, &findings);
    let reports = [report];
    let rendered = json::render(&reports);
    assert!(serde_json::from_str::<serde_json::Value>(&rendered).is_ok());
    let _ = human::render(
        &reports,
        human::Style {
            color: false,
            width: 80,
        },
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(raw in proptest::collection::vec(any::<u8>(), 0..2000)) {
        check_everything(raw);
    }

    #[test]
    fn annex_like_documents_account_for_every_line(
        lines in proptest::collection::vec(annex_line(), 0..60),
        crlf in any::<bool>(),
    ) {
        let separator = if crlf { "\r\n" } else { "\n" };
        check_everything(lines.join(separator).into_bytes());
    }
}
