//! Reading is independent of how a table was written: a document written out in the seed's
//! layout reads back as written, and the seed reads the same (regions, rows, findings) whatever
//! its line ends, byte-order mark, cell spacing or encoding.

mod common;

use std::sync::OnceLock;

use annex_audit::audit::{self, Levels};
use annex_audit::model::Document;
use annex_audit::reference::regions::official_regions;
use annex_audit::source::Source;
use proptest::prelude::*;

const SEED: &str = "arrete-2008-01-18.txt";

/// (name, declared count, [(code, label, line)]) of each region.
type Table = Vec<(String, Option<usize>, Vec<(String, String, usize)>)>;

fn table(document: &Document<'_>) -> Table {
    document
        .regions
        .iter()
        .map(|region| {
            let rows = region
                .rows
                .iter()
                .map(|row| (row.code.to_string(), row.label.to_string(), row.line()))
                .collect();
            (region.name.to_string(), region.declared_count, rows)
        })
        .collect()
}

/// (rule, line, message) of each finding.
type Findings = Vec<(&'static str, usize, String)>;

/// The table and the findings of raw bytes.
fn read(raw: Vec<u8>) -> (Table, Findings) {
    let source = Source::decode("t", raw);
    let document = annex_audit::parse::parse(&source);
    let findings = audit::audit(&source, &document, &Levels::default())
        .into_iter()
        .map(|f| (f.rule.name, source.line_of(f.span.offset()), f.message))
        .collect();
    (table(&document), findings)
}

/// One region as generated: its name, the count its header declares, its rows.
#[derive(Debug, Clone)]
struct Written {
    name: &'static str,
    declared: usize,
    rows: Vec<(String, String)>,
}

const HEADS: [&str; 12] = [
    "Technicien",
    "Attaché commercial",
    "Cadre",
    "Informaticien",
    "Mécanicien",
    "Géomètre",
    "Dessinateur-projeteur",
    "Chef de chantier",
    "Conducteur de travaux",
    "Opérateur de formage",
    "Responsable",
    "Installateur-maintenicien",
];

const COMPLEMENTS: [&str; 12] = [
    "de la vente à distance",
    "en biens intermédiaires et matières premières",
    "de l'audit et du contrôle comptable et financier",
    "d'étude (dont chef de projet)",
    "expert",
    "d'engin de chantier, de levage et manutention",
    "du bâtiment et des travaux publics",
    "construction mécanique",
    "(transformation) du verre",
    "de l'ameublement et du bois",
    "d'exploitation en assurances",
    "en ascenseurs (et autres systèmes mécaniques)",
];

fn label() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&HEADS[..]),
        prop::collection::vec(prop::sample::select(&COMPLEMENTS[..]), 0..3),
    )
        .prop_map(|(head, complements)| {
            std::iter::once(head)
                .chain(complements)
                .collect::<Vec<_>>()
                .join(" ")
        })
}

fn region() -> impl Strategy<Value = Written> {
    let names: Vec<&'static str> = official_regions().iter().map(|r| r.name).collect();
    (
        prop::sample::select(names),
        prop::collection::vec(("[0-9]{5}", label()), 0..12),
        prop::option::of(0usize..60),
    )
        .prop_map(|(name, rows, other_count)| Written {
            name,
            // Most headers tell the truth; some do not, as in the seed.
            declared: other_count.unwrap_or(rows.len()),
            rows,
        })
}

/// The seed's layout: heading, blank line, `CODE ROME<TAB>N métiers`, rows, blank line.
fn write(regions: &[Written], front_matter: bool) -> String {
    let mut text = String::new();
    if front_matter {
        let seed = String::from_utf8(common::fixture_bytes(SEED)).unwrap();
        let annex = seed.find("\nAlsace\n").expect("the seed's first region");
        text.push_str(&seed[..annex + 1]);
    }
    for region in regions {
        let noun = if region.declared == 1 {
            "métier"
        } else {
            "métiers"
        };
        text.push_str(&format!(
            "{}\n\nCODE ROME\t{} {noun}\n",
            region.name, region.declared
        ));
        for (code, label) in &region.rows {
            text.push_str(&format!("{code}\t{label}\n"));
        }
        text.push('\n');
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn written_documents_read_back(
        regions in prop::collection::vec(region(), 1..8),
        front_matter in any::<bool>(),
    ) {
        let text = write(&regions, front_matter);
        let source = Source::decode("written", text.into_bytes());
        let document = annex_audit::parse::parse(&source);
        let read: Vec<_> = table(&document)
            .into_iter()
            .map(|(name, declared, rows)| {
                let rows: Vec<_> = rows.into_iter().map(|(code, label, _)| (code, label)).collect();
                (name, declared, rows)
            })
            .collect();
        let written: Vec<_> = regions
            .iter()
            .map(|r| (r.name.to_owned(), Some(r.declared), r.rows.clone()))
            .collect();
        prop_assert_eq!(read, written);
        prop_assert!(document.unplaced.is_empty(), "{:?}", document.unplaced);
    }
}

/// How a copy of the seed may differ from it without differing in content.
#[derive(Debug, Clone)]
struct Variant {
    crlf: bool,
    bom: bool,
    /// Cells separated by this many spaces instead of a tab.
    spaces_for_tabs: Option<usize>,
    /// Cells separated by non-breaking spaces, and labels spaced with them.
    non_breaking: bool,
    trailing_spaces: bool,
    windows_1252: bool,
}

impl Variant {
    fn apply(&self, seed: &str) -> Vec<u8> {
        let lines: Vec<String> = seed
            .lines()
            .map(|line| {
                let mut line = line.to_owned();
                if let Some(spaces) = self.spaces_for_tabs {
                    line = line.replace('\t', &" ".repeat(spaces));
                }
                // Only in the tables: the front matter's phrases ("Fait à") are matched as words.
                if self.non_breaking && line.contains('\t') {
                    line = line.replace([' ', '\t'], "\u{a0}");
                }
                if self.trailing_spaces {
                    line.push_str("  \t ");
                }
                line
            })
            .collect();
        let mut text = lines.join(if self.crlf { "\r\n" } else { "\n" });
        text.push_str(if self.crlf { "\r\n" } else { "\n" });
        if self.windows_1252 {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
            assert!(!unmappable, "the seed is all Windows-1252 characters");
            return bytes.into_owned();
        }
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        text.into_bytes()
    }
}

fn variant() -> impl Strategy<Value = Variant> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::option::of(2usize..6),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(crlf, bom, spaces_for_tabs, non_breaking, trailing_spaces, windows_1252)| Variant {
                crlf,
                bom,
                spaces_for_tabs,
                non_breaking,
                trailing_spaces,
                windows_1252,
            },
        )
}

/// The seed's text, table and findings, read once for every case.
fn seed() -> &'static (String, Table, Findings) {
    static SEED_READ: OnceLock<(String, Table, Findings)> = OnceLock::new();
    SEED_READ.get_or_init(|| {
        let raw = common::fixture_bytes(SEED);
        let (table, findings) = read(raw.clone());
        (String::from_utf8(raw).unwrap(), table, findings)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn the_seed_reads_the_same_in_any_layout(variant in variant()) {
        let (text, table, findings) = seed();
        let (variant_table, variant_findings) = read(variant.apply(text));
        prop_assert_eq!(&variant_table, table);
        let without_encoding: Vec<_> = variant_findings
            .into_iter()
            .filter(|(rule, _, _)| *rule != "encoding")
            .collect();
        prop_assert_eq!(&without_encoding, findings);
    }
}

/// Each variant on its own, so that a failure names the layout at once.
#[test]
fn each_layout_alone_reads_the_same() {
    let (text, table, findings) = seed();
    let plain = Variant {
        crlf: false,
        bom: false,
        spaces_for_tabs: None,
        non_breaking: false,
        trailing_spaces: false,
        windows_1252: false,
    };
    let variants = [
        Variant {
            crlf: true,
            ..plain.clone()
        },
        Variant {
            bom: true,
            ..plain.clone()
        },
        Variant {
            spaces_for_tabs: Some(3),
            ..plain.clone()
        },
        Variant {
            non_breaking: true,
            ..plain.clone()
        },
        Variant {
            trailing_spaces: true,
            ..plain.clone()
        },
        Variant {
            windows_1252: true,
            ..plain.clone()
        },
    ];
    for variant in variants {
        let (variant_table, variant_findings) = read(variant.apply(text));
        assert_eq!(&variant_table, table, "{variant:?}");
        let encoding: Vec<_> = variant_findings
            .iter()
            .filter(|(rule, _, _)| *rule == "encoding")
            .collect();
        assert_eq!(
            encoding.len(),
            usize::from(variant.windows_1252),
            "{variant:?}"
        );
        let others: Vec<_> = variant_findings
            .into_iter()
            .filter(|(rule, _, _)| *rule != "encoding")
            .collect();
        assert_eq!(&others, findings, "{variant:?}");
    }
}
