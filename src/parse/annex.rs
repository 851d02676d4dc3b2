//! The annex (or a list published on its own): its heading and title, footnotes, prose around
//! the list, and one section per region or domain with its rows.
//!
//! Each line is classified by its shape first (blank, header, coded row, entry, sentence, text),
//! then placed by what surrounds it: a text line is a heading when the next non-blank line opens
//! a list; a section takes the layout of its first row.

use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::{eof, opt, recognize, rest};
use nom::{IResult, Offset, Parser};

use super::row_pairs::PairNumbering;
use super::section_codes::CodeTally;
use super::table::{
    CutLine, RowCells, TableHeader, announced_count, bullet, code_without_label, header_of,
    pipe_separator, plain_code_first_row, plain_table_header, plainly_not_table_line, row_of,
    table_header, table_row,
};
use super::text::{blank, find_french_date, is_space, normalize_spaces, spaces1, strip_links};
#[cfg(target_arch = "x86_64")]
use super::text::{bytes_within, short_text_masks};
use crate::audit::labels::{normal_form_hash, normal_form_into};
use crate::model::{
    Annex, AnnouncedCount, Document, Footnote, Label, Layout, LineRole, Prose, Region, Row,
    SectionKind, Truncation, UnplacedLine, borrowed_label, owned_label,
};
use crate::reference::regions;
use crate::source::{Source, Span};

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰')
}

/// "ANNEXE", "Annexe", "ANNEXE I", "ANNEXE¹": returns the heading and its footnote marker.
pub fn annex_heading(input: &str) -> IResult<&str, (&str, &str)> {
    // Most lines are not: the first letter says so without running the parser.
    let first = input.trim_start_matches(is_space).as_bytes().first();
    if !first.is_some_and(|b| b.eq_ignore_ascii_case(&b'a')) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        )));
    }
    let (rest, (_, heading, marker, _, _)) = (
        take_while(is_space),
        recognize((
            alt((tag_no_case("annexes"), tag_no_case("annexe"))),
            opt((
                spaces1,
                take_while1(|c: char| c.is_ascii_digit() || "IVXLC".contains(c)),
            )),
        )),
        take_while(is_superscript_digit),
        take_while(is_space),
        eof,
    )
        .parse(input)?;
    Ok((rest, (heading, marker)))
}

/// "¹ Cette annexe reprend …", "(1) …": a footnote's marker and text. (A leading `*` is a
/// bullet, not a footnote marker.)
pub fn footnote_line(input: &str) -> IResult<&str, (&str, &str)> {
    let (text, (_, marker, _)) = (
        take_while(is_space),
        alt((
            take_while1(is_superscript_digit),
            recognize((char('('), digit1, char(')'))),
        )),
        spaces1,
    )
        .parse(input)?;
    let (_, text) = rest(text)?;
    Ok(("", (marker, text)))
}

/// A heading without Markdown's `#` marks or the bold `**` around it.
fn without_heading_marks(text: &str) -> &str {
    let text = text.trim_matches(is_space);
    let text = text.trim_start_matches('#').trim_matches(is_space);
    text.strip_prefix("**")
        .and_then(|inner| inner.strip_suffix("**"))
        .unwrap_or(text)
}

/// Words past which a line reads as prose rather than an occupation's label.
const MAX_ENTRY_WORDS: usize = 24;

/// Bytes past which a line is not a heading: a heading names a region or a domain in a few
/// words. (A longer "name" would also be copied into every finding of its section, making the
/// report grow with the square of the input.)
const MAX_HEADING_BYTES: usize = 256;

/// Marks of text around a list: an introduction ending with a colon, a web page's breadcrumb or
/// links, a date ("Mis à jour le 3 mars 2021": labels never carry dates).
fn prose_marks(text: &str) -> bool {
    let trimmed = text.trim_matches(is_space);
    let has = MarkBytes::of(trimmed);
    trimmed.ends_with(':')
        || (has.slash && (trimmed.contains("http://") || trimmed.contains("https://")))
        || (has.period && trimmed.contains("www."))
        || (has.angle && trimmed.contains(" > "))
        || trimmed.starts_with('©')
        || (has.short_number && find_french_date(trimmed).is_some())
}

/// The bytes each mark of prose needs, found in one pass: most headings have none, and are
/// then cleared without a search for each mark.
#[derive(Debug, Default, PartialEq)]
struct MarkBytes {
    slash: bool,
    period: bool,
    angle: bool,
    /// A run of one or two digits, with which every date opens (its day).
    short_number: bool,
}

impl MarkBytes {
    /// Every heading is looked at for these marks: one of up to 64 bytes (nearly all) is read
    /// as four 16-byte blocks' bit masks (SSE2, part of every x86-64 processor) instead of a
    /// byte at a time.
    fn of(text: &str) -> MarkBytes {
        #[cfg(target_arch = "x86_64")]
        if text.len() <= 64 {
            return Self::of_short_sse2(text.as_bytes());
        }
        Self::of_bytewise(text)
    }

    /// [`MarkBytes::of`] on at most 64 bytes. A run of one or two digits is a run's first digit
    /// (a digit not after one) that is not followed by two more.
    #[cfg(target_arch = "x86_64")]
    fn of_short_sse2(bytes: &[u8]) -> MarkBytes {
        use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8};
        let [slash, period, angle, digits] = short_text_masks(bytes, |block| {
            // SAFETY: SSE2 is in the x86-64 baseline.
            unsafe {
                let equal =
                    |byte: u8| _mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(byte as i8)));
                let digit = bytes_within(block, b'0', 9);
                [
                    equal(b'/'),
                    equal(b'.'),
                    equal(b'>'),
                    _mm_movemask_epi8(digit),
                ]
            }
        });
        let run_starts = digits & !(digits << 1);
        let long_runs = (digits >> 1) & (digits >> 2);
        MarkBytes {
            slash: slash != 0,
            period: period != 0,
            angle: angle != 0,
            short_number: run_starts & !long_runs != 0,
        }
    }

    /// [`MarkBytes::of`] a byte at a time: for longer texts, and the reference the blocks are
    /// held to.
    fn of_bytewise(text: &str) -> MarkBytes {
        let mut has = MarkBytes::default();
        let mut digits = 0;
        for &byte in text.as_bytes() {
            match byte {
                b'/' => has.slash = true,
                b'.' => has.period = true,
                b'>' => has.angle = true,
                _ => {}
            }
            if byte.is_ascii_digit() {
                digits += 1;
            } else {
                has.short_number |= matches!(digits, 1 | 2);
                digits = 0;
            }
        }
        has.short_number |= matches!(digits, 1 | 2);
        has
    }
}

/// Prose: text with the marks above, or a sentence too long for an occupation's label.
fn prose_like(text: &str) -> bool {
    prose_marks(text) || more_words_than(text, MAX_ENTRY_WORDS)
}

/// Whether `text` has more than `limit` words. A word and the white space after it take two
/// bytes at least, so a text of up to `2 × limit` bytes has no more than `limit` words: nearly
/// every heading is answered without being cut into words.
fn more_words_than(text: &str, limit: usize) -> bool {
    text.len() > 2 * limit && text.split_whitespace().nth(limit).is_some()
}

/// What kind of line this is, before knowing where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape<'a> {
    Blank,
    AnnexHeading {
        heading: &'a str,
        marker: &'a str,
    },
    Header(TableHeader<'a>),
    /// A Markdown table's rule line.
    Decoration,
    /// A code and a label.
    Row {
        cells: RowCells<'a>,
        layout: Layout,
    },
    /// A bulleted entry without a code.
    Bullet {
        text: &'a str,
    },
    Footnote {
        marker: &'a str,
        text: &'a str,
    },
    CodeWithoutLabel,
    /// A short line ending with a period: an entry of a list without codes, or prose.
    Sentence,
    /// Anything else: a heading, a title, prose or stray text, depending on where it stands.
    Text,
}

impl Shape<'_> {
    /// Whether this line can open a section's list.
    fn opens_list(&self) -> bool {
        matches!(
            self,
            Shape::Header(_) | Shape::Row { .. } | Shape::Bullet { .. } | Shape::Sentence
        )
    }
}

fn classify(text: &str) -> Shape<'_> {
    // Nearly every line of a table is a plain code-first row: recognised before anything else.
    if let Some(cells) = plain_code_first_row(text) {
        return Shape::Row {
            cells,
            layout: Layout::CodeFirstTable,
        };
    }
    // And nearly every table opens with the same kind of header.
    if let Some(header) = plain_table_header(text) {
        return Shape::Header(header);
    }
    // And most other lines are headings: plain text.
    if plain_text(text) {
        return Shape::Text;
    }
    classify_in_general(text)
}

/// A line that [`classify_in_general`] finds to be text, recognised without running every rule:
/// it opens with an alphabetic character (no bullet, footnote marker, pipe or number), does not
/// end with a period, is not the annex heading, and no table rule takes it. (A property test
/// holds it to the general rules.)
fn plain_text(text: &str) -> bool {
    text.starts_with(char::is_alphabetic)
        && !text.ends_with('.')
        && annex_heading(text).is_err()
        && plainly_not_table_line(text)
}

/// [`classify`] without its shortcuts (plain rows, headers and text): every rule in turn.
fn classify_in_general(text: &str) -> Shape<'_> {
    if blank(text) {
        return Shape::Blank;
    }
    if pipe_separator(text) {
        return Shape::Decoration;
    }
    if let Ok((_, (heading, marker))) = annex_heading(text) {
        return Shape::AnnexHeading { heading, marker };
    }
    if let Ok((_, (marker, text))) = footnote_line(text) {
        return Shape::Footnote { marker, text };
    }
    if let Some(inner) = bullet(text) {
        if let Some(header) = table_header(inner) {
            return Shape::Header(header);
        }
        return match table_row(inner) {
            Some(mut cells) => {
                // Offsets are relative to the line, not to the text after the bullet.
                let shift = text.offset(inner);
                cells.code_offset += shift;
                cells.label_offset += shift;
                Shape::Row {
                    cells,
                    layout: Layout::Bullets,
                }
            }
            None => Shape::Bullet { text: inner },
        };
    }
    let cut = CutLine::new(text);
    if let Some(cells) = row_of(&cut) {
        let layout = if text.trim_start_matches(is_space).starts_with('|') {
            Layout::PipeTable
        } else if cells.code_last {
            Layout::CodeLastTable
        } else {
            Layout::CodeFirstTable
        };
        return Shape::Row { cells, layout };
    }
    if let Some(header) = header_of(&cut) {
        return Shape::Header(header);
    }
    if code_without_label(text) {
        return Shape::CodeWithoutLabel;
    }
    let trimmed = text.trim_matches(is_space);
    if trimmed.ends_with('.') && !prose_like(trimmed) {
        return Shape::Sentence;
    }
    Shape::Text
}

/// The first line of the first list when the text has no annex heading: the heading line above
/// the first header or row, if there is one.
pub fn first_table_line(source: &Source) -> Option<usize> {
    let mut previous_text: Option<usize> = None;
    for (number, _, text) in source.lines() {
        match classify(text) {
            Shape::Blank => {}
            Shape::Header(_) | Shape::Row { .. } | Shape::Bullet { .. } => {
                return Some(previous_text.unwrap_or(number));
            }
            Shape::Text => previous_text = Some(number),
            _ => previous_text = None,
        }
    }
    None
}

/// Reads the annex from line `lines.start` (1-based) to `lines.end` (exclusive) into `document`.
pub fn parse_annex<'s>(
    source: &'s Source,
    lines: std::ops::Range<usize>,
    document: &mut Document<'s>,
) {
    // Text after the last line of any list is a closing remark, not stray data.
    let last_list_line = (lines.start..lines.end)
        .rev()
        .find(|&line| {
            matches!(
                classify(source.line_text(line)),
                Shape::Header(_) | Shape::Row { .. } | Shape::Bullet { .. } | Shape::Sentence
            )
        })
        .unwrap_or(0);
    let folded_sections = document.regions.len();
    let mut parser = AnnexParser {
        source,
        lookahead: std::cell::RefCell::new(None),
        end: lines.end,
        last_list_line,
        document,
        current: None,
        tally: CodeTally::default(),
        pairs: PairNumbering::for_text_of(source.text().len(), lines.len()),
        folded_heading: String::new(),
        folded_sections,
    };
    parser.run(lines.start);
    parser.fold_headings();
    parser.document.pairs = parser.pairs.finish();
}

struct AnnexParser<'s, 'd> {
    source: &'s Source,
    /// The line last classified ahead of time, so that it is not classified twice.
    lookahead: std::cell::RefCell<Option<(usize, Shape<'s>)>>,
    end: usize,
    last_list_line: usize,
    document: &'d mut Document<'s>,
    current: Option<Region<'s>>,
    /// The codes of `current`'s rows, counted as they are placed.
    tally: CodeTally<'s>,
    /// The (code, label) pairs of the rows of the sections closed so far.
    pairs: PairNumbering<'s>,
    /// A buffer for each heading's normal form.
    folded_heading: String,
    /// The sections before this one have their headings matched and hashed.
    folded_sections: usize,
}

/// How many sections close between two runs of [`AnnexParser::fold_headings`]: their headings
/// (a few kilobytes of text each) are still in the second-level cache.
const HEADINGS_PER_FOLD: usize = 64;

impl<'s> AnnexParser<'s, '_> {
    fn text(&self, line: usize) -> &'s str {
        self.source.line_text(line)
    }

    fn is_blank(&self, line: usize) -> bool {
        blank(self.text(line))
    }

    /// The first non-blank line from `line` on, with its shape.
    fn next_non_blank(&self, mut line: usize) -> Option<(usize, Shape<'s>)> {
        while line < self.end {
            // Each line's text fetched once, for the blank test and the shape.
            let text = self.text(line);
            if !blank(text) {
                return Some((line, self.shape(line, text)));
            }
            line += 1;
        }
        None
    }

    /// The shape of `line`, whose text is `text`: from the look-ahead when it was already
    /// classified.
    fn shape(&self, line: usize, text: &'s str) -> Shape<'s> {
        let mut lookahead = self.lookahead.borrow_mut();
        match lookahead.as_ref() {
            Some((cached, shape)) if *cached == line => shape.clone(),
            _ => {
                let shape = classify(text);
                *lookahead = Some((line, shape.clone()));
                shape
            }
        }
    }

    /// A line's shape, taken from the look-ahead (which the line no longer needs) when it is
    /// there.
    fn take_shape(&mut self, line: usize) -> Shape<'s> {
        let lookahead = self.lookahead.get_mut();
        // A look-ahead for a later line (a header seen past a blank line) is kept for it.
        if lookahead
            .as_ref()
            .is_some_and(|(cached, _)| *cached == line)
            && let Some((_, shape)) = lookahead.take()
        {
            return shape;
        }
        classify(self.text(line))
    }

    fn role(&self, line: usize) -> LineRole {
        self.document.roles[line - 1]
    }

    fn set_role(&mut self, line: usize, role: LineRole) {
        self.document.roles[line - 1] = role;
    }

    fn unplaced(&mut self, line: usize, reason: &str) {
        self.set_role(line, LineRole::Unplaced);
        let region = self.current.as_ref().map(|region| region.name.to_string());
        self.document.unplaced.push(UnplacedLine {
            span: self.source.line_span(line),
            line,
            reason: reason.to_owned(),
            region: region.filter(|name| !name.is_empty()),
        });
    }

    fn prose(&mut self, line: usize) {
        self.set_role(line, LineRole::Prose);
        let (text, _) = strip_links(self.text(line));
        self.document.act.prose.push(Prose { text, line });
    }

    fn run(&mut self, start: usize) {
        let mut line = start;
        while line < self.end {
            line = self.place_plain_rows(line);
            if line == self.end {
                break;
            }
            let shape = self.take_shape(line);
            line = self.place(line, shape);
        }
        self.close_section();
        self.detect_truncation();
    }

    /// Places one line (or a run of blank lines, or a multi-line title); returns the next line.
    fn place(&mut self, line: usize, shape: Shape<'s>) -> usize {
        match shape {
            Shape::Blank => return self.place_blank_run(line),
            Shape::AnnexHeading { heading, marker }
                if self.document.act.annex.is_none() && self.no_section_yet() =>
            {
                self.document.act.annex = Some(Annex {
                    heading: normalize_spaces(heading).into_owned(),
                    heading_marker: (!marker.is_empty()).then(|| marker.to_owned()),
                    line,
                    ..Annex::default()
                });
                self.set_role(line, LineRole::AnnexHeading);
            }
            Shape::Header(header) => self.place_header(line, header),
            Shape::Decoration => match &self.current {
                Some(section) if section.rows.is_empty() => {
                    self.set_role(line, LineRole::TableDecoration);
                }
                _ => self.unplaced(line, "a table rule line outside a table's header"),
            },
            Shape::Row { cells, layout } => self.place_row(line, cells, layout),
            Shape::Bullet { text } => self.place_entry(line, text, Layout::Bullets),
            Shape::Footnote { marker, text } => {
                let (plain, links) = strip_links(text);
                let annex = self.document.act.annex.get_or_insert_with(Annex::default);
                annex.footnotes.push(Footnote {
                    marker: marker.to_owned(),
                    text: plain,
                    links,
                    line,
                });
                self.set_role(line, LineRole::Footnote);
            }
            Shape::CodeWithoutLabel => self.unplaced(line, "a code without a label"),
            Shape::Sentence => return self.place_sentence(line),
            Shape::Text | Shape::AnnexHeading { .. } => return self.place_text(line),
        }
        line + 1
    }

    fn no_section_yet(&self) -> bool {
        self.current.is_none() && self.document.regions.is_empty()
    }

    fn place_blank_run(&mut self, line: usize) -> usize {
        let next = self.next_non_blank(line);
        let next_line = next.as_ref().map_or(self.end, |(number, _)| *number);
        let resumes_table = matches!(next, Some((_, Shape::Row { .. })));
        if let Some(section) = self.current.as_mut()
            && resumes_table
            && !section.rows.is_empty()
            && !matches!(section.layout, Layout::Paragraphs | Layout::Bullets)
        {
            section
                .blank_lines
                .extend((line..next_line).map(|blank| self.source.line_span(blank)));
        }
        next_line
    }

    /// The section rows go to: the current one, or a national list without a heading.
    fn section_for_rows(&mut self, line: usize) -> &mut Region<'s> {
        let source = self.source;
        self.current.get_or_insert_with(|| {
            let span = source.line_span(line);
            Region::new(
                String::new(),
                line,
                Span::new(span.offset(), 0),
                SectionKind::National,
            )
        })
    }

    fn place_header(&mut self, line: usize, header: TableHeader<'s>) {
        let span = self.source.line_span(line);
        if self.current.as_ref().is_some_and(|s| !s.rows.is_empty()) {
            self.unplaced(
                line,
                "a second table header in the same section, with no heading before it",
            );
            return;
        }
        let section = self.section_for_rows(line);
        // A header split over two lines ("Nom du métier" / "Code FAP") adds to the first.
        let continued = section.header_span.is_some();
        if !continued {
            section.header_span = Some(span);
        }
        section.declared_count = section.declared_count.or(header.declared_count);
        if let Some(declared) = header.declared_count {
            // Room for the rows announced (bounded: a header may claim anything).
            section.rows.reserve(declared.min(4096));
        }
        if let Some(label) = header.scheme_label {
            section.scheme_label = Some(normalize_spaces(label));
        }
        let role = if continued {
            LineRole::TableDecoration
        } else {
            LineRole::TableHeader
        };
        self.set_role(line, role);
    }

    fn place_row(&mut self, line: usize, cells: RowCells<'s>, layout: Layout) {
        let span = self.source.line_span(line);
        let section = self.section_for_rows(line);
        if section.rows.is_empty() {
            section.layout = layout;
        }
        section.rows.push(coded_row(
            line,
            span.offset(),
            &cells,
            label_of(cells.label),
        ));
        self.tally.add(cells.code);
        self.set_role(line, LineRole::Row);
    }

    /// The run of plain code-first rows from `line` on, in a section that has rows already: what
    /// [`classify`] and [`Self::place_row`] do for each (a section's first row settles its
    /// layout, later ones leave it), without building its [`Shape`] (nearly every line of a
    /// publication takes this path). Returns the first line it did not place.
    fn place_plain_rows(&mut self, line: usize) -> usize {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            return unsafe { self.place_plain_rows_avx2(line) };
        }
        self.place_plain_rows_in(line, label_of)
    }

    /// [`Self::place_plain_rows`] compiled for AVX2, so that the block test of each label's
    /// spacing ([`normalize_spaces`]) is inlined into the loop instead of called for each row.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn place_plain_rows_avx2(&mut self, line: usize) -> usize {
        // A closure inherits the function's AVX2.
        self.place_plain_rows_in(line, |printed| {
            label_from(super::text::normalize_spaces_avx2(printed))
        })
    }

    /// `label_of`: [`label_of`], or a version of it for the processor the caller is compiled for.
    #[inline(always)]
    fn place_plain_rows_in(
        &mut self,
        mut line: usize,
        label_of: impl Fn(&'s str) -> Label<'s>,
    ) -> usize {
        let source = self.source;
        let Some(section) = self.current.as_mut().filter(|s| !s.rows.is_empty()) else {
            return line;
        };
        while line < self.end {
            let (offset, text) = source.line_with_offset(line);
            let Some(cells) = plain_code_first_row(text) else {
                break;
            };
            section
                .rows
                .push(coded_row(line, offset, &cells, label_of(cells.label)));
            // `set_role`, on the fields the borrowed section leaves free.
            self.tally.add(cells.code);
            self.document.roles[line - 1] = LineRole::Row;
            line += 1;
        }
        line
    }

    /// An entry without a code: a bullet, or a paragraph of a list of sentences. The final
    /// period belongs to the list, not to the label.
    fn place_entry(&mut self, line: usize, text: &'s str, layout: Layout) {
        let span = self.source.line_span(line);
        let text = text.trim_matches(is_space);
        // "… à distance ;", "… du BTP." : list punctuation, not part of the label.
        let label = text
            .trim_end_matches(|c: char| c == '.' || c == ';' || is_space(c))
            .trim_end_matches(is_space);
        let label = if label.is_empty() { text } else { label };
        let offset = span.offset() + self.text(line).offset(text);
        let section = self.section_for_rows(line);
        if section.rows.is_empty() {
            section.layout = layout;
        }
        // No code: an empty slice where the label starts, so that it has a place in the text.
        let no_code = &label[..0];
        section.rows.push(Row::new(
            no_code,
            label_of(label),
            line,
            Span::new(offset, label.len()),
        ));
        self.tally.add("");
        self.set_role(line, LineRole::Row);
    }

    /// A short line ending with a period: an entry where the section lists sentences, prose
    /// elsewhere.
    fn place_sentence(&mut self, line: usize) -> usize {
        let lists_sentences = self.current.as_ref().is_some_and(|section| {
            section.rows.is_empty()
                || matches!(section.layout, Layout::Paragraphs | Layout::Bullets)
        });
        if lists_sentences {
            let layout = match &self.current {
                Some(section) if !section.rows.is_empty() => section.layout,
                _ => Layout::Paragraphs,
            };
            let text = self.text(line);
            if self.continues_entry(line) {
                self.extend_entry(line);
            } else {
                self.place_entry(line, text, layout);
            }
        } else if self.glued_to_row(line) {
            self.unplaced(
                line,
                "a line inside a table that is neither a row (code and label) nor a table header",
            );
        } else {
            self.prose(line);
        }
        line + 1
    }

    /// Whether the line above is a paragraph entry still waiting for its final period.
    fn continues_entry(&self, line: usize) -> bool {
        line > 1
            && self.role(line - 1) == LineRole::Row
            && self.current.as_ref().is_some_and(|section| {
                section.layout == Layout::Paragraphs
                    && section.rows.last().is_some_and(|row| {
                        !self
                            .source
                            .slice(row.span(self.source))
                            .trim_end_matches(is_space)
                            .ends_with('.')
                    })
            })
    }

    /// Adds a wrapped line to the paragraph entry above it.
    fn extend_entry(&mut self, line: usize) {
        let span = self.source.line_span(line);
        let text = self.text(line).trim_matches(is_space);
        let addition = text.strip_suffix('.').unwrap_or(text);
        let addition_end = span.offset() + self.text(line).offset(addition) + addition.len();
        if let Some(row) = self.current.as_mut().and_then(|s| s.rows.last_mut()) {
            // Appended in place (an owned label is taken over, not copied, and keeps its spare
            // capacity): rebuilding the label for each wrapped line would be quadratic.
            let addition = normalize_spaces(addition);
            let mut label = std::mem::take(&mut row.label).into_owned();
            if !label.is_empty() && !addition.is_empty() {
                label.push(' ');
            }
            label.push_str(&addition);
            row.label = owned_label(label);
            row.label_span = Span::new(
                row.label_span.offset(),
                addition_end - row.label_span.offset(),
            );
        }
        self.set_role(line, LineRole::Row);
    }

    fn glued_to_row(&self, line: usize) -> bool {
        line > 1 && self.role(line - 1) == LineRole::Row
    }

    /// A text line is a heading when a list follows it (directly, or after a second heading line
    /// it wraps onto); before the first section, the annex title or prose; in a list without
    /// codes, an entry without its period; anything else cannot be placed.
    fn place_text(&mut self, line: usize) -> usize {
        let prose = prose_like(self.text(line));
        let in_coded_table = self.current.as_ref().is_some_and(|section| {
            !section.rows.is_empty()
                && section.layout.has_codes()
                && section.layout != Layout::Bullets
        });
        let glued = in_coded_table && self.glued_to_row(line);
        // Before any section, a line that names the list ("Liste nationale des métiers …") is
        // its title even when the list follows directly.
        let names_the_list = self.no_section_yet()
            && crate::audit::labels::normal_form(self.text(line))
                .split(' ')
                .any(|word| word == "liste");
        if !glued
            && !names_the_list
            && !prose
            && let Some(heading_lines) = self.heading_at(line)
        {
            self.open_section(line, heading_lines);
            return line + heading_lines;
        }
        let title_open = self.no_section_yet()
            && self
                .document
                .act
                .annex
                .as_ref()
                .is_none_or(|annex| annex.title.is_none());
        if title_open && !prose_marks(self.text(line)) {
            return self.place_annex_title(line);
        }
        let layout = self
            .current
            .as_ref()
            .filter(|s| !s.rows.is_empty())
            .map(|s| s.layout);
        let before_end = line < self.last_list_line;
        let wrapped_bullet = layout == Some(Layout::Bullets) && self.glued_to_row(line);
        if wrapped_bullet && !prose {
            self.extend_entry(line);
        } else if layout == Some(Layout::Paragraphs) && before_end && !prose {
            if self.continues_entry(line) {
                self.extend_entry(line);
            } else {
                self.place_entry(line, self.text(line), Layout::Paragraphs);
            }
        } else if glued {
            self.unplaced(
                line,
                "a line inside a table that is neither a row (code and label) nor a table header",
            );
        } else if self.no_section_yet() || !before_end || prose {
            self.prose(line);
        } else {
            self.unplaced(line, "not a heading, a table header, a row or a footnote");
        }
        line + 1
    }

    /// How many lines the heading starting at `line` takes (1 or 2), if it is one.
    fn heading_at(&self, line: usize) -> Option<usize> {
        if self.text(line).len() > MAX_HEADING_BYTES {
            return None;
        }
        let (next_line, next) = self.next_non_blank(line + 1)?;
        // In a list of sentences, a line glued to the sentence below it is that entry's start.
        let in_paragraphs = self.current.as_ref().is_some_and(|section| {
            section.layout == Layout::Paragraphs && !section.rows.is_empty()
        });
        if in_paragraphs && next == Shape::Sentence && next_line == line + 1 {
            return None;
        }
        if next.opens_list() {
            return Some(1);
        }
        // A heading wrapped onto a second line, with the list right after it.
        let wrapped = next == Shape::Text
            && next_line == line + 1
            && self.text(next_line).len() <= MAX_HEADING_BYTES
            && !prose_like(self.text(next_line))
            && self
                .next_non_blank(next_line + 1)
                .is_some_and(|(_, after)| after.opens_list());
        wrapped.then_some(2)
    }

    fn open_section(&mut self, line: usize, heading_lines: usize) {
        self.close_section();
        let first = self.source.line_span(line);
        let last = self.source.line_span(line + heading_lines - 1);
        // A heading is one line nearly always, its spacing already normal: its name is
        // borrowed from the text, not copied.
        let name = if heading_lines == 1 {
            normalize_spaces(without_heading_marks(self.text(line)))
        } else {
            let lines: Vec<&str> = (line..line + heading_lines)
                .map(|l| without_heading_marks(self.text(l)))
                .collect();
            std::borrow::Cow::Owned(normalize_spaces(&lines.join(" ")).into_owned())
        };
        let heading_span = Span::new(first.offset(), last.end() - first.offset());
        self.current = Some(Region::new(name, line, heading_span, SectionKind::Region));
        for heading_line in line..line + heading_lines {
            self.set_role(heading_line, LineRole::RegionHeading);
        }
    }

    /// The annex title: one paragraph of text lines.
    fn place_annex_title(&mut self, first: usize) -> usize {
        let mut line = first;
        let mut parts = Vec::new();
        while line < self.end && matches!(classify(self.text(line)), Shape::Text | Shape::Sentence)
        {
            parts.push(without_heading_marks(self.text(line)));
            self.set_role(line, LineRole::AnnexTitle);
            line += 1;
        }
        let title = normalize_spaces(&parts.join(" ")).into_owned();
        if let Some(count) = announced_count(&title) {
            let start = self.source.line_span(first);
            let end = self.source.line_span(line - 1);
            self.document.act.announced_count = Some(AnnouncedCount {
                count,
                line: first,
                span: Span::new(start.offset(), end.end() - start.offset()),
            });
        }
        // A list published on its own has a title but no "ANNEXE" heading.
        let annex = self.document.act.annex.get_or_insert_with(|| Annex {
            line: first,
            ..Annex::default()
        });
        annex.title = Some(title);
        line
    }

    fn close_section(&mut self) {
        let tally = std::mem::take(&mut self.tally);
        if let Some(mut section) = self.current.take() {
            tally.settle(&mut section);
            section.labels_borrowed = section.borrows_every_label();
            self.pairs.number_section(&section.rows);
            // A header may announce far more rows than follow: the room reserved for them goes.
            if section.rows.capacity() > 2 * section.rows.len() + 16 {
                section.rows.shrink_to_fit();
            }
            self.document.regions.push(section);
            if self.document.regions.len() - self.folded_sections >= HEADINGS_PER_FOLD {
                self.fold_headings();
            }
        }
    }

    /// Matches the headings of the sections closed since the last call to the official
    /// regions and hashes their normal forms, each folded once ([`Region::name_hash`]). Run
    /// every [`HEADINGS_PER_FOLD`] sections, while their headings are still in cache (read after
    /// the parse, 50 000 headings cost a cache miss each), but not after each section: the
    /// matching's code would push the row parser's out of the instruction cache every time.
    fn fold_headings(&mut self) {
        let sections = &mut self.document.regions[self.folded_sections..];
        for section in sections.iter_mut().filter(|s| !s.name.is_empty()) {
            normal_form_into(&section.name, &mut self.folded_heading);
            section.name_match = Some(regions::match_folded_name(
                &section.name,
                &self.folded_heading,
            ));
            section.name_hash = Some(normal_form_hash(&self.folded_heading));
        }
        self.folded_sections = self.document.regions.len();
    }

    /// A text that stops in the middle of an entry: its last line is a code without a label, a
    /// label that ends on a word that cannot end one, an open parenthesis, or a paragraph entry
    /// without the period all the others have.
    fn detect_truncation(&mut self) {
        let Some(last) = (1..self.end).rev().find(|&line| !self.is_blank(line)) else {
            return;
        };
        let text = self.text(last).trim_matches(is_space);
        let reason = match self.role(last) {
            LineRole::Unplaced if code_without_label(text) => Some("a code without its label"),
            LineRole::Prose | LineRole::Unplaced => cut_words(text),
            LineRole::Row => {
                let section = self.document.regions.last();
                let row = section.and_then(|s| s.rows.last());
                match (section, row) {
                    (Some(section), Some(row)) if row.line() == last => {
                        unfinished(self.source, section, row, text)
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(reason) = reason {
            self.document.truncation = Some(Truncation {
                span: self.source.line_span(last),
                reason: reason.to_owned(),
            });
        }
    }
}

/// The row a line starting at `line_offset` holds, from its cells.
#[inline(always)]
fn coded_row<'s>(
    line: usize,
    line_offset: usize,
    cells: &RowCells<'s>,
    label: Label<'s>,
) -> Row<'s> {
    Row::new(
        cells.code,
        label,
        line,
        Span::new(line_offset + cells.label_offset, cells.label.len()),
    )
}

/// A printed label with its spacing normalised: borrowed from the text when it already was.
#[inline(always)]
fn label_of(printed: &str) -> Label<'_> {
    label_from(normalize_spaces(printed))
}

/// A label from its text with spacing normalised ([`normalize_spaces`]).
#[inline(always)]
fn label_from(normalised: std::borrow::Cow<'_, str>) -> Label<'_> {
    match normalised {
        std::borrow::Cow::Borrowed(label) => borrowed_label(label),
        std::borrow::Cow::Owned(label) => owned_label(label),
    }
}

/// Why a final line looks cut off in the middle of its words, if it does.
fn cut_words(text: &str) -> Option<&'static str> {
    const CONNECTORS: [&str; 20] = [
        "de", "du", "des", "d", "et", "ou", "en", "à", "a", "au", "aux", "la", "le", "les", "l",
        "pour", "sur", "par", "avec", "dans",
    ];
    let text = text.trim_end();
    let last_word = text
        .rsplit(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if text.ends_with([',', '-', '–', '(']) || CONNECTORS.contains(&last_word.as_str()) {
        Some("the last line stops on a word that cannot end it")
    } else if text.matches('(').count() > text.matches(')').count() {
        Some("the last line opens a parenthesis it does not close")
    } else {
        None
    }
}

/// Why the last row of a text looks cut off, if it does.
fn unfinished(
    source: &Source,
    section: &Region<'_>,
    row: &Row<'_>,
    text: &str,
) -> Option<&'static str> {
    let others_end_with_period = section.layout == Layout::Paragraphs
        && section.rows.len() > 1
        && section.rows[..section.rows.len() - 1]
            .iter()
            .all(|other| other.label_span.end() < other.span(source).end());
    if let Some(reason) = cut_words(&row.label) {
        Some(reason)
    } else if others_end_with_period && !text.ends_with('.') {
        Some("the last entry lacks the final period every other entry has")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each heading is matched and hashed as the parser goes, in batches: the same match and
    /// hash as the finished section's name gives (so no name changes after it is folded), and a
    /// section without a heading has no hash; in every fixture, and in a generated text of 300
    /// sections (several batches, the last one partial), some of them named as regions are.
    #[test]
    fn headings_are_folded_as_they_end_up() {
        let generated = crate::synthetic::generate(&crate::synthetic::Spec {
            regions: 300,
            ..crate::synthetic::Spec::of_size(0, crate::synthetic::Defects { rate: 0.1 }, 7)
        });
        let mut sources = crate::parse::fixture_sources();
        sources.push(Source::decode("generated", generated.into_bytes()));
        let mut folded = 0;
        for source in &sources {
            let document = crate::parse::parse(source);
            for section in &document.regions {
                let context = format!("{}: {}", source.path, section.name);
                if section.name.is_empty() {
                    assert_eq!(section.name_hash, None, "{context}");
                    continue;
                }
                let normal = crate::audit::labels::normal_form(&section.name);
                assert_eq!(
                    section.name_hash,
                    Some(normal_form_hash(&normal)),
                    "{context}"
                );
                let matched = regions::match_name(&section.name);
                assert_eq!(section.name_match.as_ref(), Some(&matched), "{context}");
                folded += 1;
            }
        }
        assert!(folded >= 400, "only {folded} headings");
    }

    /// A section is marked as borrowing all its labels exactly when it does, as its rows end up
    /// (an entry wrapped onto the next line owns its joined label): dropping a marked section
    /// does not read its rows, and would leak an owned label. Fixtures have both kinds.
    #[test]
    fn sections_borrowing_every_label_are_marked_so() {
        let (mut marked, mut unmarked) = (0, 0);
        for source in crate::parse::fixture_sources() {
            let document = crate::parse::parse(&source);
            for section in &document.regions {
                let borrowed = section.rows.iter().all(|row| row.label.is_borrowed());
                assert_eq!(
                    section.labels_borrowed, borrowed,
                    "{}: {}",
                    source.path, section.name
                );
                if borrowed {
                    marked += 1;
                } else {
                    unmarked += 1;
                }
            }
        }
        assert!(
            marked >= 100 && unmarked >= 5,
            "{marked} marked, {unmarked} not"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// The byte-count bound answers as counting the words does, around the limit too.
        #[test]
        fn word_limits_agree_with_counting_words(
            text in "([a-zé’0-9]{1,3}|[ \t\u{a0}\u{3000}]{1,2}){0,40}",
            limit in 0usize..30,
        ) {
            prop_assert_eq!(
                more_words_than(&text, limit),
                text.split_whitespace().count() > limit
            );
        }

        /// The one-pass search finds the bytes the separate searches find, in blocks (texts of
        /// up to 64 bytes, digit runs across the blocks' edges) and a byte at a time (longer).
        #[test]
        fn mark_bytes_are_found_as_searching_for_each_finds_them(
            text in "([0-9]{1,4}|[a/.> é]{1,3}){0,30}"
        ) {
            let short_number = text
                .split(|c: char| !c.is_ascii_digit())
                .any(|run| matches!(run.len(), 1 | 2));
            let expected = MarkBytes {
                slash: text.contains('/'),
                period: text.contains('.'),
                angle: text.contains('>'),
                short_number,
            };
            prop_assert_eq!(MarkBytes::of_bytewise(&text), MarkBytes::of(&text));
            prop_assert_eq!(MarkBytes::of(&text), expected);
        }
    }

    /// Lines made of the pieces the shortcut looks at: codes of every length and kind, spaces,
    /// tabs, Unicode spaces, letters, digits and punctuation.
    fn table_like_line() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[0-9]{1,9}",
            "[A-Z][0-9]{2,5}",
            "[a-zA-Zé]{1,8}",
            "[ÉÎŒœ«°½ⅷ][a-z]{0,4}",
            Just(" ".to_owned()),
            Just("  ".to_owned()),
            Just("\t".to_owned()),
            Just("\u{a0}".to_owned()),
            Just("\u{2009}".to_owned()),
            // White space the label's end is trimmed of: ASCII and not.
            Just("\u{b}".to_owned()),
            Just("\u{85}".to_owned()),
            "[|_.;:()'’-]",
        ];
        let soup =
            proptest::collection::vec(piece.clone(), 0..8).prop_map(|pieces| pieces.concat());
        // And lines opening like a row (a code, a gap), so that many reach the comparison.
        let row_like = (
            prop_oneof![
                "[0-9]{5}",
                "[A-Z][0-9]{4}",
                "[A-Z][0-9][A-Z][0-9]{2}",
                "[0-9A-Z]{2,9}"
            ],
            prop_oneof![
                Just("\t"),
                Just(" "),
                Just("  "),
                Just(" \t"),
                Just("\u{a0}")
            ],
            proptest::collection::vec(piece, 1..6),
        )
            .prop_map(|(code, gap, label)| format!("{code}{gap}{}", label.concat()));
        prop_oneof![soup, row_like]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// The shortcut for plain rows never reads a line differently from the general grammar.
        #[test]
        fn the_plain_row_shortcut_agrees_with_the_grammar(line in table_like_line()) {
            if plain_code_first_row(&line).is_some() {
                prop_assert_eq!(classify(&line), classify_in_general(&line));
                prop_assert_eq!(plain_code_first_row(&line), table_row(&line));
            }
        }
    }

    /// Lines shaped like a table header, each part drawn mostly from the forms the shortcut takes
    /// (so that about one line in ten is one it accepts) and otherwise from near misses: the word
    /// "code" in any case, scheme names, every kind of white space between the parts, counts of
    /// any width (one too large for a number), "métier" with and without its accent and
    /// look-alikes, trailing text.
    fn header_like_line() -> impl Strategy<Value = String> {
        let space = || {
            prop_oneof![
                4 => Just(" "),
                2 => Just("\t"),
                2 => Just("  "),
                1 => Just(""),
                1 => Just(" \t"),
                1 => Just("\u{a0}"),
                1 => Just("\u{b}"),
                1 => Just(":")
            ]
        };
        (
            prop_oneof![
                6 => prop_oneof![Just("CODE"), Just("Code"), Just("code")],
                1 => prop_oneof![Just("Codes"), Just("- Code")]
            ],
            space(),
            prop_oneof![
                6 => prop_oneof![Just("ROME"), Just("fap"), Just("Rome")],
                1 => prop_oneof![Just("R0ME"), Just("ROMEé"), Just("")]
            ],
            space(),
            prop_oneof![
                8 => "[0-9]{1,4}",
                1 => Just("99999999999999999999999".to_owned()),
                1 => Just(String::new())
            ],
            space(),
            prop_oneof![
                6 => prop_oneof![
                    Just("métiers"),
                    Just("métier"),
                    Just("METIERS"),
                    Just("metier"),
                    Just("METIER"),
                    Just("Métiers")
                ],
                1 => prop_oneof![Just("metiersx"), Just("métiers."), Just("libellé")]
            ],
            prop_oneof![3 => Just(""), 1 => space()],
        )
            .prop_map(|parts| {
                let (a, b, c, d, e, f, g, h) = parts;
                [a, b, c, d, &e, f, g, h].concat()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]

        /// The shortcut for plain headers never reads a line differently from the general
        /// grammar (which would also try it as a row first).
        #[test]
        fn the_plain_header_shortcut_agrees_with_the_grammar(line in header_like_line()) {
            if let Some(header) = plain_table_header(&line) {
                prop_assert_eq!(classify(&line), classify_in_general(&line));
                prop_assert_eq!(Some(header), table_header(&line));
            }
        }
    }

    /// Lines shaped like headings and titles, from words that other rules look for (codes
    /// of every scheme, malformed ones, numbers, "code", "ANNEXE", column titles, footnote and
    /// bullet marks) joined mostly by single spaces and sometimes by other white space.
    fn text_like_line() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            8 => prop_oneof![
                Just("Bassin"), Just("d'emploi"), Just("d’Azur"), Just("Alsace"),
                Just("Île-de-France"), Just("Provence-Alpes-Côte"), Just("La"), Just("Réunion"),
                Just("Œnologue")
            ],
            4 => prop_oneof![
                Just("Code"), Just("CODE"), Just("ROME"), Just("fap"), Just("ANNEXE"),
                Just("Annexe"), Just("métiers"), Just("Métier"), Just("Libellé"), Just("Codes"),
                Just("Intitulé"), Just("du"), Just("metier")
            ],
            4 => prop_oneof![
                Just("14232"), Just("A0Z40"), Just("F1106"), Just("52O13"), Just("000123"),
                Just("12"), Just("3"), Just("Ab"), Just("A1"), Just("1er"), Just("2008")
            ],
            2 => prop_oneof![
                Just("(973)"), Just("-"), Just("–"), Just("."), Just(":"), Just("«"), Just("¹"),
                Just("(1)"), Just("*"), Just("|"), Just("_"), Just("janvier")
            ],
        ];
        let space = prop_oneof![
            12 => Just(" "),
            1 => Just("  "),
            1 => Just("\t"),
            1 => Just("\u{a0}"),
            1 => Just("\u{2009}"),
            1 => Just(""),
        ];
        (
            prop_oneof![6 => Just(""), 1 => Just(" ")],
            prop::collection::vec((word, space), 1..6),
            prop_oneof![6 => Just(""), 1 => Just("."), 1 => Just(" ")],
        )
            .prop_map(|(lead, words, tail)| {
                let mut line = lead.to_owned();
                for (index, (word, space)) in words.iter().enumerate() {
                    if index > 0 {
                        line.push_str(space);
                    }
                    line.push_str(word);
                }
                line + tail
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]

        /// What the plain-text shortcut takes, the general rules read as text too.
        #[test]
        fn the_plain_text_shortcut_agrees_with_the_grammar(line in text_like_line()) {
            if plain_text(&line) {
                prop_assert_eq!(classify_in_general(&line), Shape::Text, "{:?}", line);
            }
        }
    }

    #[test]
    fn the_plain_text_shortcut_takes_the_common_headings() {
        for line in [
            "Alsace",
            "Provence-Alpes-Côte d’Azur",
            "Île-de-France",
            "Bassin d'emploi 000123",
            "LISTE, PAR RÉGION, DES MÉTIERS OUVERTS",
        ] {
            assert!(plain_text(line), "{line}");
            assert_eq!(classify(line), classify_in_general(line));
        }
        // Left to the general rules: a split code that opens a row, a code-last row, a header,
        // a code alone, the annex heading, a sentence, a heading with a tab or a non-breaking
        // space.
        for line in [
            "Ab 12 Agriculteurs",
            "Agriculteurs salariés A0Z40",
            "Code ROME",
            "Libellé du métier",
            "A0Z40",
            "ANNEXE",
            "Informaticien d'étude.",
            "Alsace\t",
            "Guyane\u{a0}(973)",
        ] {
            assert!(!plain_text(line), "{line}");
        }
    }

    #[test]
    fn the_plain_header_shortcut_takes_the_common_headers() {
        for line in [
            "CODE ROME\t30 métiers",
            "Code FAP  1 métier",
            "code rome 12 METIERS ",
        ] {
            let header = plain_table_header(line).unwrap();
            assert!(header.declared_count.is_some() && header.scheme_label.is_some());
            assert_eq!(classify(line), classify_in_general(line));
            assert_eq!(Some(header), table_header(line));
        }
        // Left to the grammar: a scheme split from "code" by a tab, a count split from its word,
        // no count, a count too large for a number, a word that is not "métiers".
        for line in [
            "CODE\tROME\t30 métiers",
            "CODE ROME\t30\tmétiers",
            "CODE ROME",
            "CODE ROME\t99999999999999999999999 métiers",
            "CODE ROME\t30 métiersx",
            // A row for the general grammar: "30 metier" can be a (malformed) code.
            "CODE ROME\t30 metier",
        ] {
            assert_eq!(plain_table_header(line), None, "{line}");
        }
    }

    #[test]
    fn the_plain_row_shortcut_takes_the_common_rows() {
        for line in [
            "14232\tTechnicien",
            "F1106   Ingénieur",
            "A0Z40 Agriculteurs",
            "14232\tÉlectricien",
            "14232\tŒnologue",
        ] {
            let row = plain_code_first_row(line).unwrap();
            assert_eq!(classify(line), classify_in_general(line));
            assert_eq!(Some(row), table_row(line));
        }
        // Left to the grammar: a split code, a label opening with a digit or a sign, no label.
        for line in [
            "522 13\tInstallateur",
            "14232\t3D",
            "14232\t« Agent »",
            "14232",
        ] {
            assert_eq!(plain_code_first_row(line), None, "{line}");
        }
    }

    /// A heading printed with normal spacing is borrowed from the text; one whose spacing had to
    /// change is the only one copied.
    #[test]
    fn headings_are_borrowed_unless_their_spacing_changes() {
        let text = "Alsace\n\nCODE ROME\t1 métier\n14232\tVendeur\n\nBasse\u{a0} Normandie\n\n\
                    CODE ROME\t1 métier\n14232\tVendeur\n";
        let source = crate::source::Source::decode("t", text.as_bytes().to_vec());
        let document = crate::parse::parse(&source);
        let names: Vec<(&str, bool)> = document
            .regions
            .iter()
            .map(|region| {
                let borrowed = matches!(region.name, std::borrow::Cow::Borrowed(_));
                (region.name.as_ref(), borrowed)
            })
            .collect();
        assert_eq!(names, [("Alsace", true), ("Basse Normandie", false)]);
    }

    /// A line of a heading's shape but longer than MAX_HEADING_BYTES is not a heading: the
    /// table under it is read without one, and the line is still placed (here, as prose).
    #[test]
    fn a_line_too_long_for_a_heading_does_not_open_a_section() {
        let table = |heading: &str| {
            let text = format!(
                "Alsace\n\nCODE ROME\t1 métier\n14232\tVendeur\n\n{heading}\n\n\
                 CODE ROME\t1 métier\n21111\tMaçon\n"
            );
            let source = crate::source::Source::decode("t", text.into_bytes());
            let document = crate::parse::parse(&source);
            let names: Vec<String> = document
                .regions
                .iter()
                .map(|region| region.name.chars().take(12).collect())
                .collect();
            let roles = document.roles[5..7].to_vec();
            (names, roles)
        };
        let longest = format!("Bretagne{}", "e".repeat(MAX_HEADING_BYTES - 8));
        let (names, roles) = table(&longest);
        assert_eq!(names, ["Alsace", "Bretagneeeee"]);
        assert_eq!(roles, [LineRole::RegionHeading, LineRole::Blank]);
        let (names, roles) = table(&format!("{longest}e"));
        assert_eq!(names.len(), 1, "{names:?}");
        assert_ne!(roles[0], LineRole::RegionHeading);
        assert_ne!(roles[0], LineRole::Blank);
    }

    #[test]
    fn annex_headings() {
        assert_eq!(annex_heading("ANNEXE¹").unwrap().1, ("ANNEXE", "¹"));
        assert_eq!(annex_heading("Annexe").unwrap().1, ("Annexe", ""));
        assert_eq!(annex_heading("ANNEXE II").unwrap().1, ("ANNEXE II", ""));
        assert!(annex_heading("(Voir annexe)").is_err());
        assert!(annex_heading("Annexe au présent arrêté").is_err());
    }

    #[test]
    fn footnotes() {
        assert_eq!(
            footnote_line("¹ Cette annexe reprend").unwrap().1,
            ("¹", "Cette annexe reprend")
        );
        assert_eq!(footnote_line("(2) Voir").unwrap().1, ("(2)", "Voir"));
        assert!(footnote_line("Alsace").is_err());
        assert!(footnote_line("* Géomètre").is_err());
    }

    #[test]
    fn classification() {
        assert_eq!(classify(" \t"), Shape::Blank);
        assert!(matches!(
            classify("14232\tTechnicien"),
            Shape::Row {
                layout: Layout::CodeFirstTable,
                ..
            }
        ));
        assert!(matches!(
            classify("| 14232 | Technicien |"),
            Shape::Row {
                layout: Layout::PipeTable,
                ..
            }
        ));
        assert!(matches!(
            classify("_ Agriculteurs salariés _ A0Z40"),
            Shape::Row {
                layout: Layout::Bullets,
                ..
            }
        ));
        assert!(matches!(
            classify("Agriculteurs salariés\tA0Z40"),
            Shape::Row {
                layout: Layout::CodeLastTable,
                ..
            }
        ));
        assert!(matches!(classify("CODE ROME\t3 métiers"), Shape::Header(_)));
        assert!(matches!(classify("– Géomètre"), Shape::Bullet { .. }));
        assert_eq!(classify("Informaticien d'étude."), Shape::Sentence);
        assert_eq!(
            classify("Les métiers ouverts sont les suivants :"),
            Shape::Text
        );
        assert_eq!(classify("Alsace"), Shape::Text);
        assert_eq!(classify("52213"), Shape::CodeWithoutLabel);
        assert_eq!(classify("|---|---|"), Shape::Decoration);
    }
}
