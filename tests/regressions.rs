//! fixtures/regressions/: inputs that once broke something (its README says what), each run
//! through the checks the fuzz targets make, and what each must give.

mod common;

use annex_audit::model::Document;
use annex_audit::source::Source;
use common::invariants::{audited, render_human, render_machine};

fn regression(name: &str) -> Vec<u8> {
    common::fixture_bytes(&format!("regressions/{name}"))
}

#[test]
fn every_regression_passes_the_fuzz_checks() {
    let directory = common::fixture_path("regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "txt") {
            let raw = std::fs::read(&path).unwrap();
            render_human(&raw);
            render_machine(&raw);
            seen += 1;
        }
    }
    assert_eq!(seen, 4);
}

/// Parses a regression fixture and hands its document over.
fn with_document(name: &str, check: impl FnOnce(&Document<'_>)) {
    let source = Source::decode(name, regression(name));
    check(&annex_audit::parse::parse(&source));
}

#[test]
fn unclosed_links_stay_as_printed() {
    with_document("unclosed-links.txt", |document| {
        let visas: Vec<&str> = document.act.visas.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(
            visas,
            [
                "Vu le code du travail, notamment son article L. 5221-2 et [son annexe ;",
                // The first `]` closes the first `[`: the link's text holds the second `[`.
                "Vu le code de l'entrée et du séjour, article [L. 313-10 [ [ [ ;",
                "Vu la loi [n° 2006-911](#, notamment [son article 2 ;",
            ]
        );
        assert_eq!(document.act.visas[0].links.len(), 1);
        assert_eq!(
            document.act.articles[0].text,
            "La liste des métiers figure en annexe [1]( et [2] [[[."
        );
        assert_eq!(
            document.act.prose[0].text,
            "Voir aussi : [la liste nationale]( [ [ ["
        );
    });
}

#[test]
fn wrapped_entries_are_read_whole() {
    with_document("wrapped-entries.txt", |document| {
        let entries: Vec<(&str, &str)> = document
            .regions
            .iter()
            .flat_map(|region| {
                region
                    .rows
                    .iter()
                    .map(|row| (region.name.as_ref(), row.label.as_ref()))
            })
            .collect();
        let paragraph = format!(
            "Technicien de la vente{}",
            " et du conseil en assurances".repeat(40)
        );
        let bullet = format!("Géomètre{}", " et du bâtiment".repeat(40));
        assert_eq!(
            entries,
            [
                ("Alsace", "Géomètre"),
                ("Alsace", paragraph.as_str()),
                ("Corse", bullet.as_str()),
                ("Bretagne", "Cuisinier"),
            ]
        );
    });
}

#[test]
fn a_label_shared_by_many_codes_is_no_evidence_against_any() {
    // Printed once with each code, the label supports none of them: no code-label-mismatch.
    audited(
        &regression("label-shared-by-many-codes.txt"),
        |_, document, findings| {
            assert_eq!(document.regions[0].rows.len(), 80);
            assert!(findings.is_empty(), "{findings:?}");
        },
    );
}

#[test]
fn terminal_escapes_are_inert_in_the_human_report() {
    let raw = regression("terminal-escapes.txt");
    let output = common::run(&["fixtures/regressions/terminal-escapes.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!common::has_terminal_hazard(&stderr), "{stderr:?}");
    // Made visible, byte for byte, where they stood.
    assert!(
        stderr.contains("Tech?[31mnicien? de la\u{fffd} vente\u{fffd}"),
        "{stderr}"
    );
    assert!(stderr.contains("?]0;titre?Corse\u{fffd}"), "{stderr}");
    assert!(stderr.contains("Informaticien?FAUX"), "{stderr}");
    // The data itself keeps them: they are what the publication printed.
    audited(&raw, |_, document, _| {
        assert!(document.regions[0].rows[0].label.contains('\u{1b}'));
    });
}
