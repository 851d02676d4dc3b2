//! `annex-audit diff`: pairing sections and rows of two publications, and reporting exactly what
//! differs. The fixtures in `fixtures/diff/` are the seed with known edits (listed in
//! `fixtures/diff/README.md`); each test says which of them it expects.

mod common;

use annex_audit::diff::{self, Diff, LabelChange, PairedBy, SectionStatus};
use annex_audit::source::Source;
use proptest::prelude::*;
use scraper::{Html, Selector};

use common::{fixture_bytes, run};

const SEED: &str = "fixtures/arrete-2008-01-18.txt";
const EDITED: &str = "fixtures/diff/seed-edited.txt";
const CONSOLIDATED: &str = "fixtures/diff/seed-consolidated.txt";

fn source(name: &str) -> Source {
    let relative = name.trim_start_matches("fixtures/");
    Source::decode(name, fixture_bytes(relative))
}

fn compare(old: &str, new: &str) -> Diff {
    let (old, new) = (source(old), source(new));
    diff::compare(
        &annex_audit::parse::parse(&old),
        &annex_audit::parse::parse(&new),
    )
}

/// Every difference as one line of text, sorted: what the tests compare with the edits made.
fn differences(diff: &Diff) -> Vec<String> {
    let mut out = Vec::new();
    let code = |code: &Option<String>| code.clone().unwrap_or_else(|| "-".to_owned());
    for section in &diff.sections {
        let name = section.display_name();
        match section.status {
            SectionStatus::Added => out.push(format!("added {name}")),
            SectionStatus::Removed => out.push(format!("removed {name}")),
            SectionStatus::Unchanged | SectionStatus::Changed => {}
        }
        if section.renamed {
            out.push(format!(
                "renamed {} -> {name}",
                section.old_name.as_deref().unwrap_or_default()
            ));
        }
        if section.declared_count_changed {
            out.push(format!(
                "{name}: declared {:?} -> {:?}",
                section.declared_count.old, section.declared_count.new
            ));
        }
        for (side, rows) in [
            ("old", &section.rows_only_in_old),
            ("new", &section.rows_only_in_new),
        ] {
            for row in rows {
                out.push(format!(
                    "{name}: only in {side} {} {} (line {})",
                    code(&row.code),
                    row.label,
                    row.line
                ));
            }
        }
        for change in &section.changed {
            out.push(format!(
                "{name}: {} {}->{} {} -> {} (lines {}, {})",
                change.change.as_str(),
                code(&change.old.code),
                code(&change.new.code),
                change.old.label,
                change.new.label,
                change.old.line,
                change.new.line
            ));
        }
    }
    out.sort();
    out
}

fn status_of(diff: &Diff, name: &str) -> SectionStatus {
    diff.sections
        .iter()
        .find(|section| section.display_name() == name)
        .map(|section| section.status)
        .unwrap_or_else(|| panic!("no section {name}"))
}

#[test]
fn the_seed_does_not_differ_from_itself() {
    let diff = compare(SEED, SEED);
    assert!(!diff.differs());
    assert_eq!(differences(&diff), Vec::<String>::new());
    assert_eq!(diff.summary.sections_paired, 22);
    assert_eq!(diff.summary.rows.old, 481);
    assert!(
        diff.sections
            .iter()
            .all(|s| s.status == SectionStatus::Unchanged)
    );

    let output = run(&["diff", SEED, SEED]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("no differences"));
    let output = run(&["diff", SEED, SEED, "--fail-on-change"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn seed_edited_reports_exactly_the_edits_made() {
    let diff = compare(SEED, EDITED);
    let expected = [
        "Alsace: typo 32331->32331 Informaticien expert -> Informaticien expret (lines 53, 53)",
        "Auvergne: only in old 52314 Inspecteur de mise en conformité (line 123)",
        "Bretagne: typographic 61223->61223 Chargé d'études techniques du BTP -> \
         Chargé d\u{2019}études techniques du BTP (lines 170, 169)",
        "Centre: reworded 61231->61231 Chef de chantier du BTP -> \
         Chef de chantier du bâtiment et des travaux publics (lines 202, 201)",
        "Ile de France: identical 52213->52313 Installateur-maintenicien en ascenseurs (et autres \
         systèmes automatiques) -> Installateur-maintenicien en ascenseurs (et autres systèmes \
         automatiques) (lines 300, 299)",
        "Limousin: declared Some(23) -> Some(20)",
        "Picardie: only in old 52231 Technicien de production des industries de process (line 522)",
        "Rhône-Alpes: only in new 61224 Chargé d'études techniques du sous-sol (line 613)",
        "renamed Champagne-Ardennes -> Champagne-Ardenne",
    ];
    assert_eq!(differences(&diff), expected);
    assert_eq!(diff.summary.differences, expected.len());
    assert_eq!(diff.summary.codes_changed, 1);
    let code_change = diff
        .sections
        .iter()
        .flat_map(|s| &s.changed)
        .find(|change| change.code_changed)
        .unwrap();
    assert_eq!(code_change.diff, None);
}

#[test]
fn reordered_rows_and_sections_are_not_differences() {
    let diff = compare(SEED, EDITED);
    // Aquitaine's rows are reversed, Corse's first row moved last, the two Normandies swapped.
    for name in ["Aquitaine", "Corse", "Basse-Normandie", "Haute-Normandie"] {
        assert_eq!(status_of(&diff, name), SectionStatus::Unchanged, "{name}");
    }
    let sections: Vec<&str> = diff
        .sections
        .iter()
        .map(|section| section.display_name())
        .collect();
    // Sections come in the old document's order.
    let basse = sections.iter().position(|n| *n == "Basse-Normandie");
    let haute = sections.iter().position(|n| *n == "Haute-Normandie");
    assert!(basse < haute);
    let respelled = diff
        .sections
        .iter()
        .find(|s| s.renamed)
        .expect("a respelled heading");
    assert_eq!(respelled.paired_by, Some(PairedBy::InseeCode));
    assert_eq!(respelled.insee_code.as_deref(), Some("21"));
}

/// The label the consolidated fixture prints for a seed label: its trailing parenthetical
/// dropped, "(transformation)" left out of the middle of one.
fn consolidated_label(seed_label: &str) -> String {
    if seed_label == "Opérateur de formage (transformation) du verre" {
        return "Opérateur de formage du verre".to_owned();
    }
    match seed_label.rfind(" (") {
        Some(start) if seed_label.ends_with(')') => seed_label[..start].to_owned(),
        _ => seed_label.to_owned(),
    }
}

#[test]
fn consolidated_text_pairs_shortened_labels_and_finds_the_dropped_and_gained_rows() {
    let diff = compare(SEED, CONSOLIDATED);
    let removed: Vec<String> = differences(&diff)
        .into_iter()
        .filter(|d| d.starts_with("removed "))
        .collect();
    assert_eq!(removed.len(), 18);
    let rest: Vec<String> = differences(&diff)
        .into_iter()
        .filter(|d| !d.starts_with("removed ") && !d.contains(": shortened "))
        .collect();
    assert_eq!(
        rest,
        [
            "Limousin: only in new - Chef de chantier du BTP (line 170)",
            "Lorraine: only in old 14312 Attaché commercial en biens intermédiaires et matières \
             premières (line 362)",
            "renamed Ile de France -> Ile-de-France",
        ]
    );
    let changed: Vec<_> = diff.sections.iter().flat_map(|s| &s.changed).collect();
    assert_eq!(changed.len(), 21);
    for change in changed {
        assert_eq!(change.change, LabelChange::Shortened, "{change:?}");
        assert!(!change.code_changed);
        assert_eq!(change.new.code, None);
        assert_eq!(change.new.label, consolidated_label(&change.old.label));
    }
    let paired: Vec<_> = diff
        .sections
        .iter()
        .filter(|s| s.paired_by.is_some())
        .map(|s| (s.display_name(), s.insee_code.as_deref(), s.paired_by))
        .collect();
    assert_eq!(
        paired,
        [
            ("Alsace", Some("42"), Some(PairedBy::InseeCode)),
            ("Ile-de-France", Some("11"), Some(PairedBy::InseeCode)),
            ("Limousin", Some("74"), Some(PairedBy::InseeCode)),
            ("Lorraine", Some("41"), Some(PairedBy::InseeCode)),
        ]
    );
    // Which side of a count-mismatch is wrong: the seed's Lorraine declares 19 and lists 20,
    // the consolidated text lists 19 and lacks the row the seed has in excess.
    let lorraine = diff
        .sections
        .iter()
        .find(|s| s.display_name() == "Lorraine")
        .unwrap();
    assert_eq!(lorraine.declared_count.old, Some(19));
    assert_eq!((lorraine.rows.old, lorraine.rows.new), (20, 19));
}

#[test]
fn json_output_has_the_documented_fields() {
    let output = run(&["diff", SEED, EDITED, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["diff_schema_version"], 1);
    assert_eq!(json["tool"]["name"], "annex-audit");
    assert_eq!(json["old"]["path"], SEED);
    assert_eq!(json["new"]["path"], EDITED);
    assert_eq!(json["old"]["lines"], 616);
    assert_eq!(json["differs"], true);
    for side in ["old", "new"] {
        for key in ["path", "bytes", "sha256", "encoding", "lines"] {
            assert!(json[side].get(key).is_some(), "{side}.{key}");
        }
    }
    let sections = json["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 22);
    for section in sections {
        for key in [
            "old_name",
            "new_name",
            "old_line",
            "new_line",
            "kind",
            "insee_code",
            "status",
            "paired_by",
            "renamed",
            "rows_only_in_old",
            "rows_only_in_new",
            "changed",
            "declared_count",
            "declared_count_changed",
            "rows",
        ] {
            assert!(section.get(key).is_some(), "section.{key}");
        }
    }
    let ile_de_france = sections.iter().find(|s| s["insee_code"] == "11").unwrap();
    let change = &ile_de_france["changed"][0];
    assert_eq!(change["old"]["code"], "52213");
    assert_eq!(change["new"]["code"], "52313");
    assert_eq!(change["old"]["line"], 300);
    assert_eq!(change["change"], "identical");
    assert_eq!(change["code_changed"], true);
    assert!(change["diff"].is_null());
    let alsace = &sections[0];
    assert_eq!(alsace["changed"][0]["change"], "typo");
    assert_eq!(
        alsace["changed"][0]["diff"],
        "Informaticien exp{+r+}e[-r-]t"
    );
    let limousin = sections
        .iter()
        .find(|s| s["new_name"] == "Limousin")
        .unwrap();
    assert_eq!(limousin["declared_count"]["old"], 23);
    assert_eq!(limousin["declared_count"]["new"], 20);
    let auvergne = sections
        .iter()
        .find(|s| s["new_name"] == "Auvergne")
        .unwrap();
    assert_eq!(
        auvergne["rows_only_in_old"][0],
        serde_json::json!({ "code": "52314", "label": "Inspecteur de mise en conformité", "line": 123 })
    );
    let summary = &json["summary"];
    assert_eq!(summary["sections_paired"], 22);
    assert_eq!(summary["sections_changed"], 9);
    assert_eq!(summary["rows_only_in_old"], 2);
    assert_eq!(summary["rows_only_in_new"], 1);
    assert_eq!(summary["rows_changed"], 4);
    assert_eq!(summary["codes_changed"], 1);
    assert_eq!(summary["labels_changed"]["typo"], 1);
    assert_eq!(summary["declared_counts_changed"], 1);
    assert_eq!(summary["sections_renamed"], 1);
    assert_eq!(summary["differences"], 9);

    // Removed sections of the consolidated diff: no paired_by, their rows counted only.
    let output = run(&["diff", SEED, CONSOLIDATED, "-f", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let corse = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["old_name"] == "Corse")
        .unwrap();
    assert_eq!(corse["status"], "removed");
    assert!(corse["paired_by"].is_null());
    assert!(corse["new_name"].is_null());
    assert_eq!(corse["rows"]["old"], 11);
    assert_eq!(corse["rows"]["new"], 0);
}

#[test]
fn human_output_snapshot() {
    let output = run(&["diff", SEED, EDITED]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    insta::assert_snapshot!(
        "diff-seed-edited-human",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn human_output_notes_which_side_of_a_count_mismatch_lost_rows() {
    let output = run(&["diff", SEED, CONSOLIDATED]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains(
        "Limousin (74): old line 333, new line 128\n  note: old declares 23 and lists 20; new lists 21\n"
    ));
    assert!(text.contains("  + Chef de chantier du BTP  (new line 170)\n"));
    assert!(text.contains(
        "  - 14312  Attaché commercial en biens intermédiaires et matières premières  (old line 362)\n"
    ));
    assert!(text.contains("Corse (94): only in old (old line 235, 11 rows)\n"));
    assert!(text.ends_with(
        "annex-audit diff: 4 sections paired (4 changed), 0 added, 18 removed; rows: 1 only in \
         old, 1 only in new, 21 changed (21 shortened); 1 heading printed differently\n"
    ));
}

#[test]
fn html_output_escapes_the_input() {
    let output = run(&[
        "diff",
        "fixtures/clean.txt",
        "fixtures/html-injection.txt",
        "-f",
        "html",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(!page.contains("<script>document"));
    assert!(!page.contains("<img src=x"));
    assert!(!page.contains("<b onmouseover"));
    assert!(page.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
    let document = Html::parse_document(&page);
    let count = |selector: &str| document.select(&Selector::parse(selector).unwrap()).count();
    assert_eq!(count("script"), 0);
    assert_eq!(count("img"), 0);
    assert_eq!(count("b"), 0);
    let text: String = document.root_element().text().collect();
    assert!(text.contains("<script>document.title='pwned'</script>"));
    assert!(text.contains("<b onmouseover=\"document.title='pwned'\">Atlantide</b>"));
    assert!(text.contains("\"quoted\" & 'single'"));
    // One section per changed, added or removed region; rows marked up.
    assert_eq!(count("section.section"), 4);
    assert!(count("tr.only-new") >= 1);
    assert!(count("del") >= 1 && count("ins") >= 1);
}

#[test]
fn fail_on_change_exits_1_when_they_differ() {
    assert_eq!(run(&["diff", SEED, EDITED]).status.code(), Some(0));
    assert_eq!(
        run(&["diff", SEED, EDITED, "--fail-on-change"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&["diff", EDITED, SEED, "--fail-on-change", "-f", "json"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn unreadable_inputs_and_usage_errors_exit_2() {
    let output = run(&["diff", SEED, "fixtures/does-not-exist.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such file or directory"));
    assert!(output.stdout.is_empty());
    let output = run(&["diff", "fixtures", SEED]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a directory"));
    assert_eq!(run(&["diff", "-", "-"]).status.code(), Some(2));
    assert_eq!(run(&["diff", SEED]).status.code(), Some(2));
    assert_eq!(
        run(&["diff", SEED, SEED, "-f", "sarif"]).status.code(),
        Some(2)
    );
}

#[test]
fn output_file_is_written_in_the_format_its_extension_names() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("diff.json");
    let path_text = path.to_str().unwrap();
    let output = run(&["diff", SEED, EDITED, "-o", path_text]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["summary"]["differences"], 9);
    // Standard input for one side.
    let output = common::run_with_stdin(
        &["diff", "-", EDITED, "-f", "json"],
        &fixture_bytes("arrete-2008-01-18.txt"),
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["old"]["path"], "-");
    assert_eq!(json["summary"]["differences"], 9);
}

/// Lines in the vocabulary of the annex, coded and not, so that random documents pair deep.
fn annex_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Alsace".to_owned()),
        Just("Grand Est".to_owned()),
        Just("Ile de France".to_owned()),
        Just("Bâtiment".to_owned()),
        "CODE ROME\t[0-9]{1,2} métiers?",
        "[0-9]{5}\t[A-Za-zé' ()-]{0,30}",
        "[A-Za-zé' ()-]{1,30}\\.",
        "- [A-Za-zé' ()]{0,20}",
        "(\\PC|\t|\u{a0}){0,20}",
    ]
}

fn check_pair(old: &str, new: &str) {
    let old = Source::decode("old", old.as_bytes().to_vec());
    let new = Source::decode("new", new.as_bytes().to_vec());
    let (old_document, new_document) = (
        annex_audit::parse::parse(&old),
        annex_audit::parse::parse(&new),
    );
    let compared = diff::compare(&old_document, &new_document);
    let rendered = diff::json::render(&compared, &old, &new);
    assert!(serde_json::from_str::<serde_json::Value>(&rendered).is_ok());
    let _ = diff::human::render(&compared, &old, &new);
    let _ = diff::html::render(&compared, &old, &new);
    // Every row is accounted for once: paired, or only on one side.
    let sum = |side: fn(&annex_audit::diff::SectionDiff) -> usize| -> usize {
        compared.sections.iter().map(side).sum()
    };
    let paired_old = sum(|s| if s.paired_by.is_some() { s.rows.old } else { 0 });
    let only_old = sum(|s| s.rows_only_in_old.len());
    assert!(only_old <= paired_old);
    assert!(!diff::compare(&old_document, &old_document).differs());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_two_documents_compare_without_panic(
        old in proptest::collection::vec(annex_line(), 0..40),
        new in proptest::collection::vec(annex_line(), 0..40),
    ) {
        check_pair(&old.join("\n"), &new.join("\n"));
    }
}
