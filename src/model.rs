//! The typed document: what the arrêté says, with a span for every piece that came from the text.
//!
//! Strings that the annex repeats thousands of times (codes, labels) borrow from the source text
//! when they are printed in normal form, and are only copied when spacing had to be normalised.

use std::borrow::Cow;

use serde::Serialize;

use crate::reference::regions::NameMatch;
use crate::source::{Source, Span, floor_char_boundary};

/// The act and its annex, as read from the text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document<'s> {
    /// The front matter and annex metadata (serialised as the report's `document`).
    pub act: Act,
    /// The annex's sections, in the order printed.
    pub regions: Vec<Region<'s>>,
    /// Lines the grammar could not place; each becomes an `unrecognized-line` finding.
    #[serde(skip)]
    pub unplaced: Vec<UnplacedLine>,
    /// What each line of the source is, by line number − 1: every line is accounted for.
    #[serde(skip)]
    pub roles: Vec<LineRole>,
    /// Where the text stops in the middle of an entry, if it does.
    #[serde(skip)]
    pub truncation: Option<Truncation>,
    /// Which rows print the same code with the same label, numbered by the parser as it settles
    /// each section. A document whose rows are changed afterwards gets them again from
    /// [`Document::number_pairs`]; one built by hand without them is numbered by the audit.
    #[serde(skip)]
    pub pairs: RowPairs,
}

impl Document<'_> {
    /// Numbers the rows' (code, label) pairs again, after the rows were changed.
    pub fn number_pairs(&mut self) {
        self.pairs = crate::parse::row_pairs::number_pairs(&self.regions);
    }
}

/// The number of each row's (code, label) pair: rows that print the same code with the same
/// label share one. Pairs are numbered from 0 in the order they first appear; a row without a
/// code or with a malformed one has [`RowPairs::NONE`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowPairs {
    /// One number per row, in document order (the rows of the first section, then the next…).
    pub of_row: Vec<u32>,
}

impl RowPairs {
    /// The number of a row that has no code to pair (none, or a malformed one).
    pub const NONE: u32 = u32::MAX;
}

/// The end of a text that stops in the middle of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncation {
    pub span: Span,
    /// What looks unfinished, for the finding's message.
    pub reason: String,
}

/// The part of the document a line was placed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LineRole {
    #[default]
    Blank,
    Kind,
    Title,
    Nor,
    Ministers,
    Visa,
    EnactingFormula,
    ArticleHeading,
    ArticleText,
    AnnexReference,
    SignedAt,
    Signatory,
    AnnexHeading,
    AnnexTitle,
    Footnote,
    /// Text around the list (an introduction, a web page's header, a closing remark).
    Prose,
    /// A table's rule line or the second line of a split header.
    TableDecoration,
    RegionHeading,
    TableHeader,
    Row,
    /// Reported as an `unrecognized-line` finding.
    Unplaced,
}

/// Front matter of the act, and the annex's title and footnotes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Act {
    /// The kind of act as printed in its heading ("ARRÊTÉ").
    pub kind: Option<String>,
    /// The full title ("Arrêté du 18 janvier 2008 relatif à …").
    pub title: Option<String>,
    /// The act's date from its title, ISO 8601.
    pub date: Option<String>,
    /// The NOR identifier, without emphasis markers.
    pub nor: Option<String>,
    /// The paragraph naming the ministers who take the act.
    pub ministers: Option<String>,
    pub visas: Vec<Visa>,
    /// "Arrêtent :", "Arrête :", "Décrète :".
    pub enacting_formula: Option<String>,
    pub articles: Vec<Article>,
    /// "(Voir annexe)" where the text refers to its annex.
    pub annex_reference: Option<String>,
    pub signed_at: Option<SignedAt>,
    pub signatories: Vec<Signatory>,
    pub annex: Option<Annex>,
    /// The number of occupations the list's title announces ("LISTE DES 150 MÉTIERS").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announced_count: Option<AnnouncedCount>,
    /// Text around the list that is neither front matter nor data.
    pub prose: Vec<Prose>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnouncedCount {
    pub count: usize,
    pub line: usize,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prose {
    pub text: String,
    pub line: usize,
}

/// A plain text with the targets of the links it contained.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Visa {
    /// The visa as plain text (link markup removed).
    pub text: String,
    pub links: Vec<Link>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The text the link was printed with.
    pub text: String,
    /// Its target, as printed (`#` when the copy lost it).
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// "1", "2", "1er" as printed after "Article".
    pub number: String,
    /// Paragraphs joined by a blank line, link markup removed.
    pub text: String,
    pub links: Vec<Link>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedAt {
    pub place: String,
    /// ISO 8601.
    pub date: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signatory {
    pub name: String,
    /// The title lines printed above the name, as printed.
    pub titles: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Annex {
    /// The heading as printed ("ANNEXE"), without footnote markers.
    pub heading: String,
    /// The footnote marker printed on the heading ("¹" in "ANNEXE¹").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading_marker: Option<String>,
    /// The annex's title ("LISTE, PAR RÉGION, DES MÉTIERS …").
    pub title: Option<String>,
    pub footnotes: Vec<Footnote>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Footnote {
    /// The marker as printed ("¹", "(1)", "*").
    pub marker: String,
    pub text: String,
    pub links: Vec<Link>,
    pub line: usize,
}

/// One section of the annex: a region's (or a domain's) heading, its table header and its rows.
#[derive(Debug, Clone, Serialize)]
pub struct Region<'s> {
    /// The heading as printed (spacing normalised); empty for a national list without headings.
    /// Borrowed from the text when its spacing needed no change, as nearly every heading's.
    pub name: Cow<'s, str>,
    pub line: usize,
    /// Whether the section is a region, a professional domain, or the whole national list.
    pub kind: SectionKind,
    /// How its rows are laid out.
    pub layout: Layout,
    /// The INSEE code of the official region the heading names, when one matches.
    pub insee_code: Option<String>,
    /// The official name of that region.
    pub official_name: Option<String>,
    /// The count the table header declares ("30 métiers").
    pub declared_count: Option<usize>,
    /// The code scheme of the table's codes.
    pub scheme: CodeScheme,
    /// The header's scheme word as printed ("CODE ROME").
    pub scheme_label: Option<Cow<'s, str>>,
    pub rows: Vec<Row<'s>>,
    #[serde(skip)]
    pub heading_span: Span,
    #[serde(skip)]
    pub header_span: Option<Span>,
    /// Blank lines between two rows of the table.
    #[serde(skip)]
    pub blank_lines: Vec<Span>,
    /// How the heading matches the official regions (for region sections).
    #[serde(skip)]
    pub name_match: Option<NameMatch>,
    /// A hash of the heading's normal form ([`crate::audit::labels::normal_form_hash`]), taken
    /// by the parser with `name_match` while the heading is fresh in memory: `duplicate-region`
    /// reads the names of only those sections whose hashes meet. `None` in a section built by
    /// hand, whose name is folded when needed; like the order flags, settled once (a caller that
    /// renames a parsed section sets it back to `None`).
    #[serde(skip)]
    pub name_hash: Option<u64>,
    /// Every row has a code and each code sorts strictly after the one above it: no row is out
    /// of order and none repeats. Decided once, while the rows are fresh in memory.
    #[serde(skip)]
    pub strictly_ascending: bool,
    /// Every row prints a code and no code is printed twice (true of every strictly ascending
    /// table): `duplicate-row` reads only the tables where this is false. Decided with
    /// `strictly_ascending`.
    #[serde(skip)]
    pub codes_distinct: bool,
    /// The well-formed codes never go down from one row to the next (rows without a code or with
    /// a malformed one aside; a repeat allowed). Decided with `strictly_ascending`.
    #[serde(skip)]
    pub codes_non_decreasing: bool,
    /// How many rows are `malformed`, counted with them: the rule that reports them skips the
    /// tables that have none without reading their rows again.
    #[serde(skip)]
    pub malformed_rows: usize,
    /// No row owns its label: every one is borrowed from the text. Settled by the parser as it
    /// closes the section, so that dropping the section frees its rows without reading them
    /// (see the `Drop` below). A caller that gives a row of a parsed section an owned label
    /// sets this back to `false`, or that label is never freed.
    #[serde(skip)]
    pub labels_borrowed: bool,
}

impl Drop for Region<'_> {
    fn drop(&mut self) {
        // Dropping a row does something only when its label is owned. Where none is, the rows
        // are let go without being read: reading them (48 bytes each, to find every label
        // borrowed) was most of the cost of dropping a large document, 72 MB of rows for a
        // 100 MB text, none of them in cache any more.
        // A debug build checks the mark it trusts: tests catch a caller that owns a label in a
        // marked section (a release build would leak that label).
        debug_assert!(
            !self.labels_borrowed || self.borrows_every_label(),
            "section `{}` is marked as borrowing every label but owns one",
            self.name
        );
        if self.labels_borrowed {
            // SAFETY: a length of 0 is within the capacity, and no element is left that would
            // have to be initialised; the rows are forgotten (a row whose label is borrowed
            // holds nothing to free), and the vector frees its buffer when it is dropped.
            unsafe { self.rows.set_len(0) };
        }
    }
}

/// What a section stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    #[default]
    Region,
    /// A professional domain ("Bâtiment et travaux publics") in a national list.
    Domain,
    /// A national list printed without any heading.
    National,
}

/// How a section's rows are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Code and label in cells separated by tabs or spaces, code first.
    #[default]
    CodeFirstTable,
    /// Label first, code last ("Agriculteurs salariés<TAB>A0Z40", "_ label _ A0Z40").
    CodeLastTable,
    /// A Markdown pipe table.
    PipeTable,
    /// One entry per paragraph, without codes.
    Paragraphs,
    /// A bulleted list (with or without codes).
    Bullets,
}

impl Layout {
    pub fn has_codes(self) -> bool {
        !matches!(self, Layout::Paragraphs)
    }
}

impl<'s> Region<'s> {
    /// A section with nothing in it yet.
    pub fn new(
        name: impl Into<Cow<'s, str>>,
        line: usize,
        heading_span: Span,
        kind: SectionKind,
    ) -> Self {
        Region {
            name: name.into(),
            line,
            kind,
            layout: Layout::default(),
            insee_code: None,
            official_name: None,
            declared_count: None,
            scheme: CodeScheme::Unknown,
            scheme_label: None,
            rows: Vec::new(),
            heading_span,
            header_span: None,
            blank_lines: Vec::new(),
            name_match: None,
            name_hash: None,
            strictly_ascending: false,
            codes_distinct: false,
            codes_non_decreasing: false,
            malformed_rows: 0,
            labels_borrowed: false,
        }
    }

    /// No row owns its label, read from the rows: what [`Region::labels_borrowed`] settles once.
    pub fn borrows_every_label(&self) -> bool {
        self.rows.iter().all(|row| row.label.is_borrowed())
    }

    /// The name to use in messages: the heading, or "the national list".
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            "the national list"
        } else {
            &self.name
        }
    }
}

/// A label: borrowed from the text, or owned where its spacing was normalised. 16 bytes where
/// `std::borrow::Cow` takes 24: a row is read by nearly every rule, so the size of a row is
/// most of the audit's memory traffic on a large input.
pub type Label<'s> = beef::lean::Cow<'s, str>;

/// The longest text a [`Label`] holds: its length and capacity are kept in 32 bits each.
const MAX_LABEL_BYTES: usize = u32::MAX as usize;

/// A label borrowed from the text. The command line refuses texts over
/// [`crate::source::MAX_TEXT_BYTES`], so every label fits; a longer one (a caller of the library
/// that skips that check) is cut at a character boundary rather than misread.
pub fn borrowed_label(label: &str) -> Label<'_> {
    Label::borrowed(cut_at_boundary(label, MAX_LABEL_BYTES))
}

/// An owned label (spacing normalised, or wrapped lines joined), cut like [`borrowed_label`];
/// its capacity is given back only when it would not fit, so that appending to a label keeps
/// its amortised growth.
pub fn owned_label(mut label: String) -> Label<'static> {
    let fitting = cut_at_boundary(&label, MAX_LABEL_BYTES).len();
    label.truncate(fitting);
    if label.capacity() > MAX_LABEL_BYTES {
        // A copy of a string is allocated to its length exactly.
        label = label.as_str().to_owned();
    }
    Label::owned(label)
}

/// `text` cut to at most `limit` bytes, at a character boundary.
fn cut_at_boundary(text: &str, limit: usize) -> &str {
    &text[..floor_char_boundary(text, limit.min(text.len()))]
}

// The size the comments and the README count on (a row is read by nearly every rule).
const _: () = assert!(std::mem::size_of::<Row<'static>>() == 48);

/// One line of a table: an occupation's code and label. Kept to 48 bytes (the spans of the
/// code and of the whole row are computed from the text when a finding needs them).
#[derive(Debug, Clone, Serialize)]
pub struct Row<'s> {
    /// The code as printed (a malformed code is kept verbatim), borrowed from the text; empty in
    /// lists without codes (then where the label starts), serialised as null.
    #[serde(serialize_with = "empty_as_null")]
    pub code: &'s str,
    /// The label with single ordinary spaces.
    pub label: Label<'s>,
    /// The row's (first) line; a text has at most `u32::MAX` lines (see [`crate::source::MAX_TEXT_BYTES`]).
    pub line: u32,
    /// True when the code is not a well-formed code of the table's scheme.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub malformed: bool,
    /// The label as printed, before its spacing was normalised; over several lines for an
    /// entry wrapped onto the next.
    #[serde(skip)]
    pub label_span: Span,
}

impl<'s> Row<'s> {
    /// A row of `code` and `label` on `line`, `label_span` where the label is printed.
    pub fn new(code: &'s str, label: Label<'s>, line: usize, label_span: Span) -> Self {
        Row {
            code,
            label,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            malformed: false,
            label_span,
        }
    }

    /// The row's line number, as an index type.
    pub fn line(&self) -> usize {
        self.line as usize
    }

    /// Where the code is printed; for a row without a code, the empty span where its label starts.
    pub fn code_span(&self, source: &Source) -> Span {
        source
            .span_of(self.code)
            .unwrap_or_else(|| Span::new(self.label_span.offset(), 0))
    }

    /// The row's lines, whole: its line, and those its label was wrapped onto.
    pub fn span(&self, source: &Source) -> Span {
        let first = source.line_span(self.line());
        // Nearly every label ends on its row's line: no search of the line index (millions of
        // entries on a large input, most of them out of cache) to find where it ends.
        if self.label_span.end() <= first.end() {
            return first;
        }
        // Past its line's end, the label ends on this line or a later one.
        let last = source.line_span(source.line_of(self.label_span.end()));
        Span::new(first.offset(), last.end() - first.offset())
    }
}

#[cfg(test)]
impl<'s> Region<'s> {
    /// Sections `R0`, `R1`… holding rows (code, label) with no place in a text, for tests
    /// that build a document by hand.
    pub(crate) fn unplaced_sections(tables: &'s [Vec<(String, String)>]) -> Vec<Region<'s>> {
        tables
            .iter()
            .enumerate()
            .map(|(index, rows)| {
                let heading = Span::new(0, 0);
                let mut region =
                    Region::new(format!("R{index}"), index + 1, heading, SectionKind::Region);
                region.rows = rows
                    .iter()
                    .enumerate()
                    .map(|(line, (code, label))| Row::unplaced(code, label, line + 1))
                    .collect();
                region
            })
            .collect()
    }
}

#[cfg(test)]
impl<'s> Row<'s> {
    /// A row with no place in a text (its code and label are not slices of it; an empty label
    /// span), for tests that build a document by hand.
    pub(crate) fn unplaced(code: &'s str, label: &'s str, line: usize) -> Row<'s> {
        Row::new(code, borrowed_label(label), line, Span::new(0, 0))
    }
}

fn empty_as_null<S: serde::Serializer>(code: &&str, serializer: S) -> Result<S::Ok, S::Error> {
    if code.is_empty() {
        serializer.serialize_none()
    } else {
        serializer.serialize_str(code)
    }
}

/// Orders two codes as `str` does; codes of up to eight bytes (all real ones) are compared as
/// integers, without the call to `memcmp` a string comparison makes: the order and duplicate
/// checks compare every row with the next.
pub fn compare_codes(a: &str, b: &str) -> std::cmp::Ordering {
    match (code_key(a), code_key(b)) {
        (Some(a_key), Some(b_key)) => a_key.cmp(&b_key),
        _ => a.cmp(b),
    }
}

/// A code of up to eight bytes as its packed integer ([`packed_code`]) and its length: keys
/// order as the codes do, and two codes have the same key only if they are the same (a code and
/// the same code padded with NUL bytes pack alike; their lengths differ).
pub fn code_key(code: &str) -> Option<(u64, usize)> {
    packed_code(code).map(|bits| (bits, code.len()))
}

/// A code of up to eight bytes as a big-endian integer, zero-padded on the right: integers
/// order like the byte strings (a prefix pads with zeros, and the lengths settle a tie).
pub fn packed_code(code: &str) -> Option<u64> {
    let bytes = code.as_bytes();
    // Five bytes, the length of every well-formed code, without a call to copy them.
    if let &[a, b, c, d, e] = bytes {
        return Some(u64::from_be_bytes([a, b, c, d, e, 0, 0, 0]));
    }
    (bytes.len() <= 8).then(|| {
        bytes.iter().enumerate().fold(0u64, |bits, (index, &byte)| {
            bits | u64::from(byte) << (56 - 8 * index)
        })
    })
}

/// The nomenclature a table's codes belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum CodeScheme {
    /// ROME v2: five digits (14232).
    RomeV2,
    /// ROME v3/v4: a capital letter and four digits (F1106).
    RomeV3,
    /// FAP 2009: letter, digit, letter, two digits (A0Z40).
    Fap2009,
    /// No codes, or none recognisable.
    #[default]
    Unknown,
}

impl CodeScheme {
    /// Whether `code` is a well-formed code of this scheme.
    pub fn accepts(self, code: &str) -> bool {
        let bytes = code.as_bytes();
        match self {
            CodeScheme::RomeV2 => bytes.len() == 5 && bytes.iter().all(u8::is_ascii_digit),
            CodeScheme::RomeV3 => {
                bytes.len() == 5
                    && bytes[0].is_ascii_uppercase()
                    && bytes[1..].iter().all(u8::is_ascii_digit)
            }
            CodeScheme::Fap2009 => {
                bytes.len() == 5
                    && bytes[0].is_ascii_uppercase()
                    && bytes[1].is_ascii_digit()
                    && bytes[2].is_ascii_uppercase()
                    && bytes[3..].iter().all(u8::is_ascii_digit)
            }
            CodeScheme::Unknown => false,
        }
    }

    /// The scheme a well-formed code belongs to, if any. (The schemes are disjoint; read on the
    /// five bytes directly: it runs on every row.)
    pub fn of_code(code: &str) -> CodeScheme {
        let &[first, second, third, fourth, fifth] = code.as_bytes() else {
            return CodeScheme::Unknown;
        };
        // Five digits (every code of the seed's layout), told on the five bytes at once: bit 7 of
        // each byte of `digits` is set when that byte is an ASCII digit (below 0x80, 0x30 or more,
        // not 0x3A or more; the sums stay within their bytes).
        let word = u64::from_le_bytes([first, second, third, fourth, fifth, 0, 0, 0]);
        let low = word & 0x7F_7F7F_7F7F;
        let digits = (low + 0x50_5050_5050) & !(low + 0x46_4646_4646) & !word & 0x80_8080_8080;
        if digits == 0x80_8080_8080 {
            return CodeScheme::RomeV2;
        }
        // Not five digits: a letter first, or no scheme's code.
        let digit = |byte: u8| byte.is_ascii_digit();
        if !(digit(second) && digit(fourth) && digit(fifth)) {
            return CodeScheme::Unknown;
        }
        match (first, third) {
            (f, t) if f.is_ascii_uppercase() && digit(t) => CodeScheme::RomeV3,
            (f, t) if f.is_ascii_uppercase() && t.is_ascii_uppercase() => CodeScheme::Fap2009,
            _ => CodeScheme::Unknown,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            CodeScheme::RomeV2 => "ROME v2 code (five digits, e.g. 14232)",
            CodeScheme::RomeV3 => "ROME v3 code (a capital letter and four digits, e.g. F1106)",
            CodeScheme::Fap2009 => "FAP 2009 code (letter, digit, letter, two digits, e.g. A0Z40)",
            CodeScheme::Unknown => "code",
        }
    }
}

/// A line inside the document that no grammar rule could place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnplacedLine {
    pub span: Span,
    pub line: usize,
    /// Why it could not be placed, for the finding's message.
    pub reason: String,
    /// The region the line appeared in, if any.
    pub region: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn codes_compare_as_strings(a in "[0-9A-Z\\x00]{0,10}", b in "[0-9A-Z\\x00]{0,10}") {
            proptest::prop_assert_eq!(compare_codes(&a, &b), a.cmp(&b));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// The scheme read off a code's bytes is the one scheme whose definition accepts it.
        #[test]
        fn a_code_has_the_scheme_that_accepts_it(
            code in "[0-9A-Za-z ][0-9A ][0-9A-Za-z ][0-9A ][0-9A ]|[0-9/:]{5}|[0-9A-Za-zé ]{3,7}"
        ) {
            let accepting = [CodeScheme::RomeV2, CodeScheme::RomeV3, CodeScheme::Fap2009]
                .into_iter()
                .find(|scheme| scheme.accepts(&code))
                .unwrap_or(CodeScheme::Unknown);
            proptest::prop_assert_eq!(CodeScheme::of_code(&code), accepting);
        }
    }

    /// The mark that lets a section drop its rows unread is checked in debug builds: a section
    /// marked so that owns a label is caught instead of leaking it.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "marked as borrowing every label")]
    fn a_marked_section_owning_a_label_is_caught_in_debug_builds() {
        let mut region = Region::new("Alsace", 1, Span::new(0, 6), SectionKind::Region);
        let label = owned_label("Vendeur".to_owned());
        region
            .rows
            .push(Row::new("14232", label, 2, Span::new(7, 7)));
        region.labels_borrowed = true;
        drop(region);
    }

    #[test]
    fn labels_are_cut_at_a_character_boundary_and_owned_ones_keep_their_text() {
        // "é" is two bytes: a limit inside it cuts before it.
        assert_eq!(cut_at_boundary("Géomètre", 2), "G");
        assert_eq!(cut_at_boundary("Géomètre", 3), "Gé");
        assert_eq!(cut_at_boundary("Géomètre", 100), "Géomètre");
        let mut grown = String::with_capacity(64);
        grown.push_str("Agent de maîtrise");
        let label = owned_label(grown);
        assert_eq!(&*label, "Agent de maîtrise");
        assert!(label.is_owned());
        assert!(borrowed_label("Vendeur").is_borrowed());
    }

    /// A row's span, taken from its own line when its label ends there, is the one the line
    /// index gives, for every row of every fixture (wrapped labels among them).
    #[test]
    fn a_row_spans_the_lines_its_label_is_printed_on() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut wrapped = 0;
        let mut rows = 0;
        for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
            let path = entry.expect("fixture").path();
            if !path
                .extension()
                .is_some_and(|ext| ext == "txt" || ext == "md")
            {
                continue;
            }
            let bytes = std::fs::read(&path).expect("readable fixture");
            let source = Source::decode(path.display().to_string(), bytes);
            let document = crate::parse::parse(&source);
            for row in document.regions.iter().flat_map(|region| &region.rows) {
                let first = source.line_span(row.line());
                let last_line = source.line_of(row.label_span.end()).max(row.line());
                let last = source.line_span(last_line);
                let expected = Span::new(first.offset(), last.end() - first.offset());
                assert_eq!(
                    row.span(&source),
                    expected,
                    "{} line {}",
                    path.display(),
                    row.line
                );
                wrapped += usize::from(last_line > row.line());
                rows += 1;
            }
        }
        assert!(
            wrapped > 0 && rows > wrapped,
            "{wrapped} wrapped of {rows} rows"
        );
    }

    #[test]
    fn schemes_accept_their_own_codes_only() {
        assert_eq!(CodeScheme::of_code("14232"), CodeScheme::RomeV2);
        assert_eq!(CodeScheme::of_code("F1106"), CodeScheme::RomeV3);
        assert_eq!(CodeScheme::of_code("A0Z40"), CodeScheme::Fap2009);
        assert_eq!(CodeScheme::of_code("1423"), CodeScheme::Unknown);
        assert_eq!(CodeScheme::of_code("142320"), CodeScheme::Unknown);
        assert_eq!(CodeScheme::of_code("52O13"), CodeScheme::Unknown);
        assert!(!CodeScheme::RomeV2.accepts("F1106"));
    }
}
