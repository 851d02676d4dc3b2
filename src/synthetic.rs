//! Synthetic publications in the seed's layout, at any size, for benchmarks and tests: N regions
//! of M rows, labels drawn from a realistic vocabulary, and a controlled rate of each defect the
//! audit finds. The same seed number gives the same text.

use std::fmt::Write;

use crate::reference::regions::{Period, official_regions};

/// Words occupations are named with, as in the ROME nomenclature.
const TRADES: [&str; 40] = [
    "Technicien",
    "Ingénieur",
    "Dessinateur",
    "Dessinateur-projeteur",
    "Opérateur",
    "Conducteur",
    "Chef",
    "Chargé d'études",
    "Responsable",
    "Agent",
    "Mécanicien",
    "Électricien",
    "Informaticien",
    "Cadre",
    "Attaché commercial",
    "Installateur-maintenicien",
    "Inspecteur",
    "Pilote d'installation",
    "Façonneur",
    "Géomètre",
    "Monteur",
    "Soudeur",
    "Chaudronnier",
    "Tuyauteur",
    "Régleur",
    "Contrôleur",
    "Coordinateur",
    "Animateur",
    "Formateur",
    "Conseiller",
    "Assistant",
    "Superviseur",
    "Analyste",
    "Maçon",
    "Charpentier",
    "Couvreur",
    "Plombier",
    "Menuisier",
    "Ébéniste",
    "Boulanger",
];

const TASKS: [&str; 24] = [
    "de fabrication",
    "de production",
    "de maintenance",
    "qualité",
    "de méthodes",
    "d'études",
    "de contrôle-essai-qualité",
    "d'exploitation",
    "de chantier",
    "de travaux",
    "de mise en conformité",
    "de développement",
    "d'installation",
    "de montage",
    "de réglage",
    "de planification",
    "de la vente",
    "du support",
    "de l'audit",
    "de la sécurité",
    "du diagnostic",
    "de l'ordonnancement",
    "de la logistique",
    "des achats",
];

const FIELDS: [&str; 30] = [
    "de la construction mécanique",
    "en électricité et électronique",
    "du BTP",
    "des industries de process",
    "de l'ameublement et du bois",
    "du verre",
    "des matériaux souples",
    "en ascenseurs",
    "des systèmes automatiques",
    "en assurances",
    "comptable et financier",
    "des télécommunications",
    "de l'agroalimentaire",
    "de la chimie",
    "de la plasturgie",
    "de l'énergie",
    "des transports",
    "de l'aéronautique",
    "de l'automobile",
    "du nucléaire",
    "de la métallurgie",
    "du textile",
    "de l'imprimerie",
    "de la pharmacie",
    "de l'environnement",
    "du sous-sol",
    "des travaux publics",
    "de la distribution",
    "de l'hôtellerie",
    "de la santé",
];

/// The defects a generated text carries, each with a probability per region.
#[derive(Debug, Clone, Copy)]
pub struct Defects {
    /// Probability, for each region and each kind of defect, that the region gets one.
    pub rate: f64,
}

impl Defects {
    pub const NONE: Defects = Defects { rate: 0.0 };
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub regions: usize,
    pub rows_per_region: usize,
    /// Distinct occupations to draw rows from (at least `rows_per_region`).
    pub vocabulary: usize,
    pub defects: Defects,
    pub seed: u64,
}

impl Spec {
    /// A spec whose text is about `bytes` long, with 30 rows per region.
    pub fn of_size(bytes: usize, defects: Defects, seed: u64) -> Spec {
        // A row of the seed's layout is about 65 bytes; a region adds about 40 of heading.
        let rows_per_region = 30;
        let regions = (bytes / (rows_per_region * 65 + 40)).max(1);
        Spec {
            regions,
            rows_per_region,
            vocabulary: 400,
            defects,
            seed,
        }
    }
}

/// The occupation with index `index`: a five-digit code and a label. Distinct indices give
/// distinct codes and labels (up to TRADES × TASKS × FIELDS × 10 000).
pub fn occupation(index: usize) -> (String, String) {
    let trade = TRADES[index % TRADES.len()];
    let task = TASKS[(index / TRADES.len()) % TASKS.len()];
    let field = FIELDS[(index / (TRADES.len() * TASKS.len())) % FIELDS.len()];
    let round = index / (TRADES.len() * TASKS.len() * FIELDS.len());
    let label = if round == 0 {
        format!("{trade} {task} {field}")
    } else {
        format!("{trade} {task} {field} (spécialité {round})")
    };
    (format!("{:05}", 10_000 + index % 90_000), label)
}

/// The region heading for section `index`: the official pre-2016 names first, then employment
/// areas (which makes a large text a list of areas rather than of regions).
fn heading(index: usize) -> String {
    let official: Vec<&str> = official_regions()
        .iter()
        .filter(|region| region.period == Period::Pre2016)
        .map(|region| region.name)
        .collect();
    match official.get(index) {
        Some(name) => (*name).to_owned(),
        None => format!("Bassin d'emploi {index:06}"),
    }
}

const FRONT_MATTER: &str = "ARRÊTÉ\n\nArrêté du 18 janvier 2008 relatif à la délivrance, sans opposition de la situation de l'emploi, des autorisations de travail\n\nNOR: *IMID0800328A*\n\nLe ministre de l'immigration,\n\nVu le code du travail ;\n\nArrête :\n\nArticle 1\n\nLa liste des métiers figure en annexe.\n\nFait à Paris, le 18 janvier 2008.\n\nBrice Hortefeux\n\nANNEXE\n\nLISTE, PAR RÉGION, DES MÉTIERS OUVERTS\n\n";

/// Generates the text of `spec`.
pub fn generate(spec: &Spec) -> String {
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let vocabulary = spec.vocabulary.max(spec.rows_per_region).max(1);
    let occupations: Vec<(String, String)> = (0..vocabulary).map(occupation).collect();
    let mut out = String::with_capacity(spec.regions * (spec.rows_per_region * 70 + 60));
    out.push_str(FRONT_MATTER);
    let mut chosen: Vec<usize> = Vec::with_capacity(spec.rows_per_region);
    for region in 0..spec.regions {
        let defect = |rng: &mut fastrand::Rng| rng.f64() < spec.defects.rate;
        let pick = |rng: &mut fastrand::Rng, len: usize| rng.usize(..len.max(1));
        chosen.clear();
        chosen.extend(rng_sample(&mut rng, vocabulary, spec.rows_per_region));
        chosen.sort_unstable();
        let mut rows: Vec<(String, String)> = chosen
            .iter()
            .map(|&index| occupations[index].clone())
            .collect();

        let mut name = heading(region);
        if defect(&mut rng) {
            // region-name-variant: accents and hyphens lost in a copy.
            name = name
                .replace('-', " ")
                .replace(['é', 'è'], "e")
                .replace('Î', "I");
        }
        if defect(&mut rng)
            && let Some(row) = {
                let at = pick(&mut rng, rows.len());
                rows.get_mut(at)
            }
        {
            // label-variant: a letter dropped.
            let cut = row.1.char_indices().nth(row.1.chars().count() / 2);
            if let Some((at, c)) = cut {
                row.1.replace_range(at..at + c.len_utf8(), "");
            }
        }
        if defect(&mut rng)
            && let Some(row) = {
                let at = pick(&mut rng, rows.len());
                rows.get_mut(at)
            }
        {
            // code-label-mismatch: one digit of the code mistyped.
            let digit = (row.0.as_bytes()[3] - b'0' + 1) % 10;
            row.0.replace_range(3..4, &digit.to_string());
        }
        if defect(&mut rng) && rows.len() > 2 {
            // unsorted-rows: two rows swapped.
            let at = rng.usize(..rows.len() - 1);
            rows.swap(at, at + 1);
        }
        if defect(&mut rng) && !rows.is_empty() {
            // duplicate-row.
            let copy = rows[rng.usize(..rows.len())].clone();
            rows.push(copy);
        }
        if defect(&mut rng)
            && let Some(row) = {
                let at = pick(&mut rng, rows.len());
                rows.get_mut(at)
            }
        {
            // malformed-code: the letter O for a zero.
            row.0.replace_range(0..1, "O");
        }
        let mut declared = rows.len();
        if defect(&mut rng) {
            // count-mismatch.
            declared += 1;
        }
        let blank_at = defect(&mut rng).then(|| rng.usize(1..rows.len().max(2)));
        let stray_at = defect(&mut rng).then(|| rng.usize(1..rows.len().max(2)));

        let _ = write!(out, "{name}\n\nCODE ROME\t{declared} métiers\n");
        for (index, (code, label)) in rows.iter().enumerate() {
            if blank_at == Some(index) {
                // blank-line-in-table.
                out.push('\n');
            }
            if stray_at == Some(index) {
                // unrecognized-line.
                out.push_str("Page suivante\n");
            }
            let _ = writeln!(out, "{code}\t{label}");
        }
        out.push('\n');
    }
    out
}

/// `count` distinct indices below `bound`.
fn rng_sample(rng: &mut fastrand::Rng, bound: usize, count: usize) -> Vec<usize> {
    let count = count.min(bound);
    let mut picked = std::collections::HashSet::with_capacity(count);
    while picked.len() < count {
        picked.insert(rng.usize(..bound));
    }
    picked.into_iter().collect()
}

/// A text with `distinct` distinct labels: `distinct / 2` occupations, each printed in three
/// regions of `rows_per_region`, one of which prints a variant of its label. The input of the
/// label-comparison benchmarks.
pub fn distinct_labels(distinct: usize, rows_per_region: usize) -> String {
    let codes = (distinct / 2).max(1);
    let mut out = String::from(FRONT_MATTER);
    let rows_per_region = rows_per_region.max(1);
    for copy in 0..3 {
        for (region, start) in (0..codes).step_by(rows_per_region).enumerate() {
            let end = (start + rows_per_region).min(codes);
            let _ = write!(
                out,
                "{}\n\nCODE ROME\t{} métiers\n",
                heading(copy * 1_000_000 + region + 100),
                end - start
            );
            for index in start..end {
                let (_, label) = occupation(index);
                let code = format!("{index:05}");
                if copy == 2 {
                    let _ = writeln!(out, "{code}\t{label} (variante)");
                } else {
                    let _ = writeln!(out, "{code}\t{label}");
                }
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_text() {
        let spec = Spec::of_size(50_000, Defects { rate: 0.2 }, 7);
        assert_eq!(generate(&spec), generate(&spec));
        let other = Spec { seed: 8, ..spec };
        assert_ne!(generate(&spec), generate(&other));
    }

    #[test]
    fn size_is_about_what_was_asked() {
        let text = generate(&Spec::of_size(1_000_000, Defects::NONE, 1));
        assert!((800_000..1_300_000).contains(&text.len()), "{}", text.len());
    }

    #[test]
    fn occupations_are_distinct() {
        let labels: std::collections::HashSet<String> =
            (0..50_000).map(|i| occupation(i).1).collect();
        assert_eq!(labels.len(), 50_000);
    }
}
