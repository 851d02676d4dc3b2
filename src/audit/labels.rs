//! Comparing labels: a normal form, an edit distance on it, inline diffs, and telling a typo from
//! a rewording. Shared by the label rules and the region-name rules.

use similar::{Algorithm, ChangeTag, DiffTag, TextDiff, capture_diff_slices};

/// Beyond this many characters, labels are compared by their normal form only: an edit distance
/// on two 20 000-character labels would cost more than the whole rest of the audit.
const MAX_EDIT_LENGTH: usize = 256;

/// The key labels are compared by, as OpenRefine's fingerprint builds it (without sorting the
/// words, whose order matters for a label): Unicode NFKD, diacritics removed, `œ` → `oe`, case
/// folded, punctuation and spacing collapsed to single spaces.
pub fn normal_form(label: &str) -> String {
    let mut normal = String::with_capacity(label.len());
    normal_form_into(label, &mut normal);
    normal
}

/// [`normal_form`] written into `normal` (cleared first): a rule that folds many names, one
/// after the other, reuses one buffer instead of allocating a string for each.
pub fn normal_form_into(label: &str, normal: &mut String) {
    normal.clear();
    // The state is kept in locals while ASCII is read (the common case), so that it stays in
    // registers; a character beyond ASCII goes through `Folded`.
    let mut out = std::mem::take(normal);
    let mut pending_space = false;
    let bytes = label.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        // ASCII needs no decomposition, case tables nor decoding: a table lookup per byte.
        if byte.is_ascii() {
            match ASCII_FOLDED[usize::from(byte)] {
                0 => pending_space = true,
                folded => push_folded(&mut out, &mut pending_space, char::from(folded)),
            }
            index += 1;
            continue;
        }
        let Some(c) = label[index..].chars().next() else {
            break;
        };
        index += c.len_utf8();
        let mut folded = Folded { out, pending_space };
        folded.push_beyond_ascii(c);
        (out, pending_space) = (folded.out, folded.pending_space);
    }
    *normal = out;
}

/// The hash by which sections are grouped on their headings' normal forms (`duplicate-region`;
/// the parser takes it for each heading).
pub fn normal_form_hash(normal: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(normal)
}

/// Each ASCII byte as the normal form keeps it: a letter lowered, a digit as is, anything else
/// 0 (a separator).
const ASCII_FOLDED: [u8; 128] = {
    let mut table = [0; 128];
    let mut byte = 0;
    while byte < 128 {
        if (byte as u8).is_ascii_alphanumeric() {
            table[byte] = (byte as u8).to_ascii_lowercase();
        }
        byte += 1;
    }
    table
};

/// The normal form being built: letters and digits kept, anything else one pending space.
struct Folded {
    out: String,
    pending_space: bool,
}

impl Folded {
    fn push(&mut self, c: char) {
        if c.is_alphanumeric() {
            c.to_lowercase()
                .for_each(|lower| self.push_alphanumeric(lower));
        } else {
            self.pending_space = true;
        }
    }

    /// A character beyond ASCII: ligatures spelled out, the rest decomposed without its marks.
    fn push_beyond_ascii(&mut self, c: char) {
        match c {
            'œ' | 'Œ' => "oe".chars().for_each(|c| self.push(c)),
            'æ' | 'Æ' => "ae".chars().for_each(|c| self.push(c)),
            'ß' => "ss".chars().for_each(|c| self.push(c)),
            c => unicode_normalization::char::decompose_compatible(c, |part| {
                if !unicode_normalization::char::is_combining_mark(part) {
                    self.push(part);
                }
            }),
        }
    }

    fn push_alphanumeric(&mut self, c: char) {
        push_folded(&mut self.out, &mut self.pending_space, c);
    }
}

/// A letter or digit already folded to lower case, after the one space a pending separator
/// leaves (none at the start). On the form and the pending flag rather than on [`Folded`], so
/// that the ASCII loop of [`normal_form_into`] keeps both in locals.
#[inline(always)]
fn push_folded(out: &mut String, pending_space: &mut bool, c: char) {
    if *pending_space && !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
    out.push(c);
}

/// Levenshtein distance in characters, or `None` when a label is too long to be worth it.
pub fn edit_distance(a: &str, b: &str) -> Option<usize> {
    if a.chars().count() > MAX_EDIT_LENGTH || b.chars().count() > MAX_EDIT_LENGTH {
        return (a == b).then_some(0);
    }
    Some(strsim::levenshtein(a, b))
}

/// Whether two words are the same word mistyped: a few characters apart, relative to length.
fn words_close(a: &str, b: &str) -> bool {
    let longest = a.chars().count().max(b.chars().count());
    // Two characters in a short word, about 40 % in a long one: "projet"/"projeteur",
    // "maintien"/"maintenicien" are slips; "mécaniques"/"automatiques" is another word.
    let allowed = (longest * 2 / 5).max(2);
    edit_distance(a, b).is_some_and(|distance| distance <= allowed)
}

/// How a label differs from the label it is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Same normal form: only case, accents, punctuation or spacing differ.
    Typographic,
    /// Each changed word is a slip of the other: (as printed here, as agreed).
    Typo(Vec<(String, String)>),
    /// Words added, removed or replaced by other words.
    Rewording,
}

/// Compares `variant` with `reference` word by word on their normal forms.
pub fn difference(variant: &str, reference: &str) -> Difference {
    let (variant, reference) = (normal_form(variant), normal_form(reference));
    if variant == reference {
        return Difference::Typographic;
    }
    let old: Vec<&str> = reference.split(' ').collect();
    let new: Vec<&str> = variant.split(' ').collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old, &new);
    let mut slips = Vec::new();
    let mut index = 0;
    while index < ops.len() {
        let (tag, old_range, new_range) = ops[index].as_tag_tuple();
        let (old_range, new_range) = match (tag, ops.get(index + 1).map(|op| op.as_tag_tuple())) {
            (DiffTag::Equal, _) => {
                index += 1;
                continue;
            }
            // A deletion next to an insertion is one replacement.
            (DiffTag::Delete, Some((DiffTag::Insert, _, next_new))) => {
                index += 1;
                (old_range, next_new)
            }
            (DiffTag::Insert, Some((DiffTag::Delete, next_old, _))) => {
                index += 1;
                (next_old, new_range)
            }
            _ => (old_range, new_range),
        };
        index += 1;
        let was = old[old_range].concat();
        let now = new[new_range].concat();
        if was.is_empty() || now.is_empty() || !words_close(&now, &was) {
            return Difference::Rewording;
        }
        slips.push((now, was));
    }
    if slips.is_empty() || slips.len() > 2 {
        Difference::Rewording
    } else {
        Difference::Typo(slips)
    }
}

/// An inline diff from `old` to `new`: `[-removed-]{+added+}`, by characters for a small slip
/// and by words otherwise.
pub fn inline_diff(old: &str, new: &str, by_chars: bool) -> String {
    let mut out = String::with_capacity(old.len() + new.len());
    for (tag, text) in inline_segments(old, new, by_chars) {
        match tag {
            ChangeTag::Delete => out.push_str(&format!("[-{text}-]")),
            ChangeTag::Insert => out.push_str(&format!("{{+{text}+}}")),
            ChangeTag::Equal => out.push_str(&text),
        }
    }
    out
}

/// The same diff as [`inline_diff`], as runs of kept, removed and added text, for renderers that
/// mark changes up otherwise (HTML `<del>` and `<ins>`).
pub fn inline_segments(old: &str, new: &str, by_chars: bool) -> Vec<(ChangeTag, String)> {
    let diff = if by_chars {
        TextDiff::from_chars(old, new)
    } else {
        TextDiff::from_words(old, new)
    };
    let mut segments: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match segments.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => segments.push((change.tag(), change.value().to_owned())),
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`normal_form`] as first written, one character at a time: the reference its byte-wise
    /// reading of ASCII is held to.
    fn normal_form_by_characters(label: &str) -> String {
        let mut folded = Folded {
            out: String::new(),
            pending_space: false,
        };
        for c in label.chars() {
            match c {
                c if c.is_ascii_alphanumeric() => folded.push_alphanumeric(c.to_ascii_lowercase()),
                c if c.is_ascii() => folded.pending_space = true,
                c => folded.push_beyond_ascii(c),
            }
        }
        folded.out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        #[test]
        fn normal_form_reads_ascii_as_characters_do(label in "([a-zA-Z0-9 '’.,()-]|[éÈœŒæßÎﬀ½㎏\u{a0}\u{301}])*") {
            proptest::prop_assert_eq!(normal_form(&label), normal_form_by_characters(&label));
        }
    }

    #[test]
    fn every_ascii_character_is_folded_as_characters_are() {
        for c in (0u8..128).map(char::from) {
            for text in [format!("{c}"), format!("Ab{c}Cd"), format!("é{c}{c}1")] {
                assert_eq!(
                    normal_form(&text),
                    normal_form_by_characters(&text),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn normal_form_folds_case_accents_ligatures_and_punctuation() {
        assert_eq!(normal_form("Île-de-France"), "ile de france");
        assert_eq!(normal_form("Ile de France"), "ile de france");
        assert_eq!(normal_form("Chef d’œuvre  (BTP)."), "chef d oeuvre btp");
        assert_eq!(normal_form("Technicien\u{a0}qualité"), "technicien qualite");
        assert_eq!(normal_form(""), "");
    }

    #[test]
    fn typos_and_rewordings() {
        assert_eq!(
            difference(
                "Installateur-maintien en ascenseurs (et autres systèmes automatiques)",
                "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"
            ),
            Difference::Typo(vec![("maintien".into(), "maintenicien".into())])
        );
        assert_eq!(
            difference(
                "Dessinateur-projet construction mécanique",
                "Dessinateur-projeteur construction mécanique"
            ),
            Difference::Typo(vec![("projet".into(), "projeteur".into())])
        );
        assert_eq!(
            difference(
                "Installateur-maintenicien en ascenseurs (et autres systèmes mécaniques)",
                "Installateur-maintenicien en ascenseurs (et autres systèmes automatiques)"
            ),
            Difference::Rewording
        );
        assert_eq!(
            difference(
                "Dessinateur-projeteur construction mécanique",
                "Dessinateur-projeteur de la construction mécanique et du travail des métaux"
            ),
            Difference::Rewording
        );
        assert_eq!(difference("Géomètre", "GEOMETRE"), Difference::Typographic);
    }

    #[test]
    fn inline_diffs() {
        assert_eq!(
            inline_diff("systèmes automatiques)", "systèmes mécaniques)", false),
            "systèmes [-automatiques)-]{+mécaniques)+}"
        );
        assert_eq!(
            inline_diff("maintenicien", "maintien", true),
            "maint[-enic-]ien"
        );
    }

    #[test]
    fn long_labels_skip_the_edit_distance() {
        let long = "a".repeat(MAX_EDIT_LENGTH + 1);
        assert_eq!(edit_distance(&long, "b"), None);
        assert_eq!(edit_distance(&long, &long), Some(0));
    }
}
