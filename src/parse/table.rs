//! The lines of a list: table headers ("CODE ROME<TAB>30 métiers", "Code ROME | Libellé"),
//! coded rows with the code first ("14232<TAB>Label", "| 14232 | Label |") or last
//! ("Agriculteurs salariés<TAB>A0Z40", "_ Agriculteurs salariés _ A0Z40"), and bullets.

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while1};
use nom::character::complete::{alpha1, char, digit1, satisfy};
use nom::combinator::{eof, map_res, not, peek, recognize, verify};
use nom::multi::many0_count;
use nom::sequence::terminated;
use nom::{IResult, Offset, Parser};

use super::text::{blank, is_space, spaces1};
#[cfg(target_arch = "x86_64")]
use super::text::{bytes_within, short_text_masks};
use crate::model::CodeScheme;

/// What a table header declares.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableHeader<'a> {
    /// "CODE ROME", "Code FAP" as printed.
    pub scheme_label: Option<&'a str>,
    /// "30 métiers" → 30.
    pub declared_count: Option<usize>,
    /// Whether the code column comes after the label column ("Métier | Code FAP").
    pub code_last: bool,
}

/// The two cells of a row, with their byte offsets inside the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCells<'a> {
    pub code: &'a str,
    pub code_offset: usize,
    /// The label as printed (spacing not yet normalised).
    pub label: &'a str,
    pub label_offset: usize,
    /// The code is printed after the label.
    pub code_last: bool,
}

/// How the cells of a line are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellSeparator {
    /// Tabs or runs of spaces.
    Spaces,
    /// Markdown pipes.
    Pipes,
    /// SPIP-style " _ " between label and code.
    Underscores,
}

/// "CODE ROME", "Code FAP": the word "code" and the scheme's name.
fn scheme_label(input: &str) -> IResult<&str, &str> {
    recognize((tag_no_case("code"), spaces1, alpha1)).parse(input)
}

/// "30 métiers", "1 métier" (accents optional, any case).
fn declared_count(input: &str) -> IResult<&str, usize> {
    let (rest, (count, _, _)) = (
        map_res(digit1, str::parse::<usize>),
        spaces1,
        verify(take_while1(char::is_alphabetic), is_metier),
    )
        .parse(input)?;
    Ok((rest, count))
}

/// "métier", "métiers", "METIERS": the word, in any case, with or without its accent. (Read
/// letter by letter: this runs on every table header.)
fn is_metier(word: &str) -> bool {
    let mut letters = word.chars();
    let mut next_is = |accepted: &[char]| letters.next().is_some_and(|c| accepted.contains(&c));
    next_is(&['m', 'M'])
        && next_is(&['é', 'É', 'e', 'E'])
        && next_is(&['t', 'T'])
        && next_is(&['i', 'I'])
        && next_is(&['e', 'E'])
        && next_is(&['r', 'R'])
        && matches!(
            (letters.next(), letters.next()),
            (None, _) | (Some('s' | 'S'), None)
        )
}

/// A column title: "Libellé", "Intitulé du métier", "Métier", "Code", "Code ROME", "30 métiers";
/// with whether it names the code column ("Code", "Codes", or a scheme).
fn column_title(cell: &str) -> Option<(TableHeader<'_>, bool)> {
    let opens_with = |wanted: u8| {
        cell.as_bytes()
            .first()
            .is_some_and(|b| b.eq_ignore_ascii_case(&wanted))
    };
    if opens_with(b'c')
        && let Ok((rest, label)) = scheme_label(cell)
    {
        let count = (spaces1, declared_count)
            .parse(rest)
            .ok()
            .map(|(rest, (_, count))| (rest, count));
        let header = match count {
            Some((rest, count)) if blank(rest) => TableHeader {
                scheme_label: Some(label),
                declared_count: Some(count),
                code_last: false,
            },
            _ if blank(rest) => TableHeader {
                scheme_label: Some(label),
                ..TableHeader::default()
            },
            _ => return None,
        };
        return Some((header, true));
    }
    if cell.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && let Ok((rest, count)) = declared_count(cell)
        && blank(rest)
    {
        let header = TableHeader {
            declared_count: Some(count),
            ..TableHeader::default()
        };
        return Some((header, false));
    }
    // Every title's normal form opens with one of these letters: a cell that opens with another
    // ASCII letter or digit is not one, and needs no normal form.
    let first = cell.chars().find(|c| c.is_alphanumeric());
    if first.is_some_and(|c| c.is_ascii() && !"acdfilmnr".contains(c.to_ascii_lowercase())) {
        return None;
    }
    let folded = crate::audit::labels::normal_form(cell);
    let scheme = matches!(folded.as_str(), "rome" | "fap");
    let title = matches!(
        folded.as_str(),
        "code"
            | "codes"
            | "rome"
            | "fap"
            | "libelle"
            | "libelles"
            | "libelle du metier"
            | "intitule"
            | "intitule du metier"
            | "metier"
            | "metiers"
            | "nom du metier"
            | "appellation"
            | "designation"
            | "famille professionnelle"
            | "familles professionnelles"
    );
    let header = TableHeader {
        scheme_label: scheme.then_some(cell),
        ..TableHeader::default()
    };
    title.then_some((header, scheme || folded.starts_with("code")))
}

/// A line, cut into cells the first time a rule asks for them: the row and header rules share one
/// cut.
pub struct CutLine<'a> {
    pub text: &'a str,
    cut: std::cell::OnceCell<(Vec<(usize, &'a str)>, CellSeparator)>,
}

impl<'a> CutLine<'a> {
    pub fn new(text: &'a str) -> Self {
        CutLine {
            text,
            cut: std::cell::OnceCell::new(),
        }
    }

    fn cells(&self) -> (&[(usize, &'a str)], CellSeparator) {
        let (cells, separator) = self.cut.get_or_init(|| split_cells(self.text));
        (cells, *separator)
    }
}

/// A table header: one or more column titles alone on the line, in any cell layout.
pub fn table_header(line: &str) -> Option<TableHeader<'_>> {
    header_of(&CutLine::new(line))
}

/// [`table_header`] on a line already cut (or to be cut) into cells.
pub fn header_of<'a>(line: &CutLine<'a>) -> Option<TableHeader<'a>> {
    let (cells, _) = line.cells();
    if cells.is_empty() {
        return None;
    }
    let mut header = TableHeader::default();
    let mut code_column = None;
    let mut label_column = None;
    for (index, (_, cell)) in cells.iter().enumerate() {
        let (title, names_code) = column_title(cell)?;
        if names_code {
            code_column.get_or_insert(index);
        } else if title.declared_count.is_none() {
            label_column.get_or_insert(index);
        }
        header.scheme_label = header.scheme_label.or(title.scheme_label);
        header.declared_count = header.declared_count.or(title.declared_count);
    }
    header.code_last = matches!((code_column, label_column), (Some(c), Some(l)) if c > l);
    Some(header)
}

/// A Markdown table's rule line: `|---|:---:|`.
pub fn pipe_separator(line: &str) -> bool {
    let trimmed = line.trim_matches(is_space);
    trimmed.starts_with('|')
        && trimmed.contains('-')
        && trimmed
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':') || is_space(c))
}

/// Cuts a line into cells with their offsets: at Markdown pipes when it is a pipe table row, at
/// " _ " in SPIP web lines, else at tabs and runs of two or more spaces.
pub fn split_cells(line: &str) -> (Vec<(usize, &str)>, CellSeparator) {
    let trimmed = line.trim_matches(is_space);
    let mut cells = Vec::new();
    let separator = if trimmed.starts_with('|') && trimmed.len() > 1 {
        let inner = trimmed.trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        for part in inner.split('|') {
            push_cell(&mut cells, line, part);
        }
        CellSeparator::Pipes
    } else if trimmed.contains(" _ ") {
        for part in trimmed.split(" _ ") {
            push_cell(&mut cells, line, part);
        }
        CellSeparator::Underscores
    } else {
        split_on_wide_spaces(trimmed, |part| push_cell(&mut cells, line, part));
        CellSeparator::Spaces
    };
    (cells, separator)
}

/// Keeps a cell (trimmed, with its offset in `line`) unless it is empty.
fn push_cell<'a>(cells: &mut Vec<(usize, &'a str)>, line: &'a str, part: &'a str) {
    let part = part.trim_matches(is_space);
    if !part.is_empty() {
        cells.push((line.offset(part), part));
    }
}

/// Splits at tabs and at runs of two or more spaces of any kind, handing each part to `part`.
fn split_on_wide_spaces<'a>(text: &'a str, mut part: impl FnMut(&'a str)) {
    let mut start = 0;
    let mut index = 0;
    while index < text.len() {
        let (c, width) = char_at(text, index);
        if !is_space(c) {
            index += width;
            continue;
        }
        // A run of white space: a cell boundary when it holds a tab or two characters or more.
        let mut end = index + width;
        let mut wide = c == '\t';
        while end < text.len() {
            let (next, next_width) = char_at(text, end);
            if !is_space(next) {
                break;
            }
            wide = true;
            end += next_width;
        }
        if wide {
            part(&text[start..index]);
            start = end;
        }
        index = end;
    }
    part(&text[start..]);
}

/// The character at byte `index` (a character boundary) and its width; ASCII without decoding.
fn char_at(text: &str, index: usize) -> (char, usize) {
    let byte = text.as_bytes()[index];
    if byte.is_ascii() {
        return (char::from(byte), 1);
    }
    let c = text[index..]
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    (c, c.len_utf8())
}

/// A run of letters and digits: the body of a code, well-formed or not.
fn code_chunk(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric())(input)
}

/// A code, possibly broken by a single space before a run of digits ("522 13").
fn code_cell(input: &str) -> IResult<&str, &str> {
    recognize((
        code_chunk,
        many0_count((
            char(' '),
            terminated(digit1, peek(not(satisfy(|c| c.is_alphanumeric())))),
        )),
    ))
    .parse(input)
}

/// Whether a cell can be a code at all: short, letters and digits, at least two digits.
/// A label never looks like that; a malformed code (four or six digits, O for 0) still does.
fn looks_like_code(cell: &str) -> bool {
    let (mut length, mut digits, mut spaces) = (0, 0, 0);
    for byte in cell.bytes() {
        match byte {
            b' ' => spaces += 1,
            b'0'..=b'9' => {
                digits += 1;
                length += 1;
            }
            b if b.is_ascii_alphanumeric() => length += 1,
            _ => return false,
        }
    }
    (3..=8).contains(&length) && digits >= 2 && spaces <= 2
}

/// Whether a text holds two ASCII digits or more, as every code does.
fn has_two_digits(text: &str) -> bool {
    text.bytes().filter(u8::is_ascii_digit).nth(1).is_some()
}

fn has_letter(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// A row: a code and a label, in either order, in any cell layout.
pub fn table_row(line: &str) -> Option<RowCells<'_>> {
    row_of(&CutLine::new(line))
}

/// [`table_row`] on a line already cut (or to be cut) into cells.
pub fn row_of<'a>(cut: &CutLine<'a>) -> Option<RowCells<'a>> {
    let line = cut.text;
    // Every code a row can have holds two ASCII digits or more: a line with fewer (a heading, a
    // header, prose) is not a row, whatever its cells.
    if !has_two_digits(line) {
        return None;
    }
    // The common case, a line that opens with its code, needs no cutting into cells.
    let opens_with_code = line
        .trim_start_matches(is_space)
        .starts_with(|c: char| c.is_ascii_alphanumeric());
    if opens_with_code && let Some(row) = code_first_in_words(line) {
        return Some(row);
    }
    let (cells, separator) = cut.cells();
    if cells.len() >= 2 {
        let (first_offset, first) = cells[0];
        let (last_offset, last) = cells[cells.len() - 1];
        let label_end = |index: usize| {
            let (offset, cell) = cells[index];
            offset + cell.len()
        };
        if looks_like_code(first) {
            let label = &line[cells[1].0..label_end(cells.len() - 1)];
            return has_letter(label).then_some(RowCells {
                code: first,
                code_offset: first_offset,
                label,
                label_offset: cells[1].0,
                code_last: false,
            });
        }
        if looks_like_code(last) {
            let label = &line[first_offset..label_end(cells.len() - 2)];
            return has_letter(label).then_some(RowCells {
                code: last,
                code_offset: last_offset,
                label,
                label_offset: first_offset,
                code_last: true,
            });
        }
        if separator != CellSeparator::Spaces {
            return None;
        }
    }
    code_last_in_words(line)
}

/// The length of a line's code (up to eight ASCII letters and digits, two digits at least, ended
/// by a byte that is neither) and of the spaces and tabs after it; `None` when the line does not
/// open that way, or has nothing after them.
#[inline(always)]
fn code_and_gap(bytes: &[u8]) -> Option<(usize, usize)> {
    #[cfg(target_arch = "x86_64")]
    if let Some(head) = bytes.first_chunk::<16>() {
        return code_and_gap_sse2(bytes, head);
    }
    code_and_gap_bytewise(bytes)
}

/// [`code_and_gap`] one byte at a time: for short lines, and the reference the block reading is
/// held to.
#[inline(always)]
fn code_and_gap_bytewise(bytes: &[u8]) -> Option<(usize, usize)> {
    let (mut code_length, mut digits) = (0, 0);
    loop {
        let byte = *bytes.get(code_length)?;
        if byte.is_ascii_digit() {
            digits += 1;
        } else if !byte.is_ascii_alphabetic() {
            break;
        }
        code_length += 1;
        if code_length > 8 {
            return None;
        }
    }
    if code_length < 3 || digits < 2 {
        return None;
    }
    let gap = spaces_and_tabs(&bytes[code_length..])?;
    Some((code_length, gap))
}

/// The length of the run of spaces and tabs `bytes` opens with (what separates two cells of the
/// common layouts); `None` when nothing else follows it.
#[inline(always)]
fn spaces_and_tabs(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| !matches!(b, b' ' | b'\t'))
}

/// [`code_and_gap`] on a line of 16 bytes or more, from bit masks of its first 16 (SSE2, part of
/// every x86-64 processor): every row of a table goes through here, and the code and the gap
/// cost a few instructions each instead of a few per byte.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn code_and_gap_sse2(bytes: &[u8], head: &[u8; 16]) -> Option<(usize, usize)> {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is in the x86-64 baseline; the load reads the 16 bytes of the array.
    let (alphanumeric, digit, gap) = unsafe {
        let block = _mm_loadu_si128(head.as_ptr().cast());
        let digits = bytes_within(block, b'0', 9);
        // A letter of either case: with the case bit set, `a` to `z`.
        let letters = bytes_within(_mm_or_si128(block, _mm_set1_epi8(0x20)), b'a', 25);
        let gap = _mm_or_si128(
            _mm_cmpeq_epi8(block, _mm_set1_epi8(b' ' as i8)),
            _mm_cmpeq_epi8(block, _mm_set1_epi8(b'\t' as i8)),
        );
        (
            _mm_movemask_epi8(_mm_or_si128(digits, letters)) as u32,
            _mm_movemask_epi8(digits) as u32,
            _mm_movemask_epi8(gap) as u32,
        )
    };
    // A run of more than eight is no code; the line goes on past the first 16 bytes.
    let code_length = alphanumeric.trailing_ones() as usize;
    if !(3..=8).contains(&code_length) || (digit & ((1 << code_length) - 1)).count_ones() < 2 {
        return None;
    }
    let gap_in_head = (gap >> code_length).trailing_ones() as usize;
    let gap = if code_length + gap_in_head < 16 {
        gap_in_head
    } else {
        // The gap runs on past the first 16 bytes.
        gap_in_head + spaces_and_tabs(&bytes[16..])?
    };
    Some((code_length, gap))
}

/// The shape nearly every line of a coded table has ("14232<TAB>Technicien de la vente"): an
/// ASCII code, ASCII spaces or tabs, a label that opens with a letter. Read byte by byte,
/// without cutting the line into cells; `None` leaves the line to the general grammar. Whatever
/// it accepts, [`table_row`] reads the same way (a property test holds it to that).
#[inline(always)]
pub fn plain_code_first_row(line: &str) -> Option<RowCells<'_>> {
    let bytes = line.as_bytes();
    let (code_length, gap) = code_and_gap(bytes)?;
    let label_offset = code_length + gap;
    // Any letter, "Électricien" and "Œnologue" included (a spacing run ends on ASCII, so this
    // is a character boundary).
    let opens_with_letter = match bytes[label_offset] {
        byte if byte.is_ascii() => byte.is_ascii_alphabetic(),
        // À to ÿ, the accented capitals of French among them: letters all but × and ÷.
        0xC3 => bytes
            .get(label_offset + 1)
            .is_some_and(|&next| (0x80..=0xBF).contains(&next) && next != 0x97 && next != 0xB7),
        _ => line[label_offset..].starts_with(char::is_alphabetic),
    };
    if gap == 0 || !opens_with_letter {
        return None;
    }
    let label = &line[label_offset..];
    // A line nearly always ends on a letter or a period: nothing to trim, no need to decode
    // the last character to know it.
    let ends_plain = bytes
        .last()
        .is_some_and(|&byte| byte.is_ascii() && !char::from(byte).is_whitespace());
    Some(RowCells {
        code: &line[..code_length],
        code_offset: 0,
        label: if ends_plain {
            label
        } else {
            label.trim_end_matches(is_space)
        },
        label_offset,
        code_last: false,
    })
}

/// The header nearly every table of the seed's layout has ("CODE ROME<TAB>30 métiers"): the word
/// "code", one space, the scheme's name in ASCII letters, spaces or tabs, a count, one space and
/// the word "métier(s)". Read without cutting the line into cells or running the row rules;
/// `None` leaves the line to the general grammar. Whatever it accepts, [`table_header`] reads
/// the same way and [`row_of`] does not take for a row (a property test holds it to that).
pub fn plain_table_header(line: &str) -> Option<TableHeader<'_>> {
    let bytes = line.as_bytes();
    if !bytes.get(..5)?.eq_ignore_ascii_case(b"code ") {
        return None;
    }
    let scheme_end = 5 + bytes[5..].iter().position(|b| !b.is_ascii_alphabetic())?;
    let gap = spaces_and_tabs(&bytes[scheme_end..])?;
    let count_start = scheme_end + gap;
    let digits = bytes[count_start..]
        .iter()
        .position(|b| !b.is_ascii_digit())?;
    let word_start = count_start + digits + 1;
    // One ordinary space between the count and its word: a tab or a wider run would cut them
    // into two cells, which the general grammar does not read as a header. And a count cell
    // that could be a code ("30 metier": eight letters and digits, two of them digits) makes
    // the line a code-last row for the general grammar.
    if scheme_end == 5
        || gap == 0
        || digits == 0
        || bytes[count_start + digits] != b' '
        || !is_metier(line.get(word_start..)?.trim_end_matches(is_space))
        || looks_like_code(line[count_start..].trim_end_matches(is_space))
    {
        return None;
    }
    Some(TableHeader {
        scheme_label: Some(&line[..scheme_end]),
        declared_count: Some(line[count_start..count_start + digits].parse().ok()?),
        code_last: false,
    })
}

/// Whether no table rule takes this line (not a row, not a header, not a code alone), read
/// from its bytes for the lines that are plainly text: words separated by single ordinary
/// spaces, no cell separator, an opening run of ASCII letters and digits without digits and not
/// followed by a number (either could make it a code), a last word that is no well-formed code,
/// no column title. Nearly every heading is such a line. `false` leaves the line to the general
/// rules; whatever it accepts, [`row_of`], [`header_of`] and [`code_without_label`] reject (a
/// property test holds it to that).
pub fn plainly_not_table_line(line: &str) -> bool {
    let bytes = line.as_bytes();
    // The opening run of ASCII letters and digits: where a code would be read first.
    let first_word = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    // " 12" after it would extend it into a split code ("Ab 12").
    let number_follows = bytes.get(first_word) == Some(&b' ')
        && bytes.get(first_word + 1).is_some_and(u8::is_ascii_digit);
    if number_follows || bytes[..first_word].iter().any(u8::is_ascii_digit) {
        return false;
    }
    if !one_plain_cell(line) {
        return false;
    }
    // After the last space (an ASCII byte: a character boundary), found on bytes rather than
    // through `rsplit`'s searcher: this runs on every heading.
    let last_word = bytes
        .iter()
        .rposition(|&byte| byte == b' ')
        .map_or(line, |space| &line[space + 1..]);
    CodeScheme::of_code(last_word) == CodeScheme::Unknown && column_title(line).is_none()
}

/// One cell: no tab, pipe, underscore, control byte or run of spaces, no white space but the
/// ordinary space, none at either end (and not empty). A line of up to 64 bytes (nearly every
/// heading) is read as four 16-byte blocks' bit masks (SSE2, part of every x86-64 processor).
fn one_plain_cell(line: &str) -> bool {
    #[cfg(target_arch = "x86_64")]
    if line.len() <= 64 {
        return one_plain_cell_sse2(line);
    }
    one_plain_cell_bytewise(line)
}

/// [`one_plain_cell`] a byte at a time: for longer lines, and the reference the blocks are held
/// to.
fn one_plain_cell_bytewise(line: &str) -> bool {
    let mut previous_space = true;
    for (index, &byte) in line.as_bytes().iter().enumerate() {
        let space = byte == b' ';
        if (space && previous_space) || byte < 0x20 || matches!(byte, b'|' | b'_' | 0x7F) {
            return false;
        }
        // A character beyond ASCII starts with a byte from 0xC0 on: decoded only there.
        if byte >= 0xC0 && line[index..].starts_with(char::is_whitespace) {
            return false;
        }
        previous_space = space;
    }
    // Empty, or a space at the end.
    !previous_space
}

/// [`one_plain_cell`] on at most 64 bytes.
#[cfg(target_arch = "x86_64")]
fn one_plain_cell_sse2(line: &str) -> bool {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let bytes = line.as_bytes();
    let [spaces, refused, mut leads] = short_text_masks(bytes, |block| {
        // SAFETY: SSE2 is in the x86-64 baseline.
        unsafe {
            let equal = |byte: u8| _mm_cmpeq_epi8(block, _mm_set1_epi8(byte as i8));
            // Control bytes are 0x00 to 0x1F, lead bytes 0xC0 to 0xFF.
            let control = bytes_within(block, 0, 0x1F);
            let lead = bytes_within(block, 0xC0, 0x3F);
            let refused = _mm_or_si128(
                _mm_or_si128(control, equal(0x7F)),
                _mm_or_si128(equal(b'|'), equal(b'_')),
            );
            [
                _mm_movemask_epi8(equal(b' ')),
                _mm_movemask_epi8(refused),
                _mm_movemask_epi8(lead),
            ]
        }
    });
    let Some(last) = bytes.len().checked_sub(1) else {
        return false;
    };
    // A space first, after another or last.
    let misplaced_spaces = spaces & ((spaces << 1) | 1 | (1 << last));
    if refused != 0 || misplaced_spaces != 0 {
        return false;
    }
    // A character beyond ASCII: decoded only where one starts.
    while leads != 0 {
        let index = leads.trailing_zeros() as usize;
        if line
            .get(index..)
            .is_some_and(|rest| rest.starts_with(char::is_whitespace))
        {
            return false;
        }
        leads &= leads - 1;
    }
    true
}

/// "14232 Technicien de la vente": the code and label separated by a single space.
fn code_first_in_words(line: &str) -> Option<RowCells<'_>> {
    let (rest, (_, code, _)) = (take_while(is_space), code_cell, spaces1)
        .parse(line)
        .ok()?;
    if !looks_like_code(code) {
        return None;
    }
    let label = rest.trim_end_matches(is_space);
    has_letter(label).then_some(RowCells {
        code,
        code_offset: line.offset(code),
        label,
        label_offset: line.offset(rest),
        code_last: false,
    })
}

/// "Agriculteurs salariés A0Z40": only a well-formed code of a known scheme counts at the end
/// of a line separated by a single space, since prose ends with years and numbers too.
fn code_last_in_words(line: &str) -> Option<RowCells<'_>> {
    let trimmed = line.trim_matches(is_space);
    let (label, code) = trimmed.rsplit_once(is_space)?;
    let label = label.trim_end_matches(is_space);
    if CodeScheme::of_code(code) == CodeScheme::Unknown || !has_letter(label) {
        return None;
    }
    Some(RowCells {
        code,
        code_offset: line.offset(code),
        label,
        label_offset: line.offset(label),
        code_last: true,
    })
}

/// A line that starts with a code but has no label ("52213" alone).
pub fn code_without_label(line: &str) -> bool {
    if !has_two_digits(line) {
        return false;
    }
    let parsed = (
        take_while(is_space),
        code_cell,
        take_while(is_space),
        eof::<&str, nom::error::Error<&str>>,
    )
        .parse(line);
    matches!(parsed, Ok((_, (_, code, _, _))) if looks_like_code(code))
}

/// A bullet at the start of a line ("– ", "- ", "* ", "• ", "_ "): returns the text after it.
pub fn bullet(line: &str) -> Option<&str> {
    let first = line.trim_start_matches(is_space).chars().next();
    if !matches!(first, Some('–' | '—' | '-' | '*' | '•' | '·' | '_')) {
        return None;
    }
    let (rest, _) = (
        take_while(is_space),
        alt((
            tag("–"),
            tag("—"),
            tag("-"),
            tag("*"),
            tag("•"),
            tag("·"),
            tag("_"),
        )),
        spaces1,
    )
        .parse(line)
        .ok()?;
    let rest = rest.trim_end_matches(is_space);
    has_letter(rest).then_some(rest)
}

/// The number of occupations a list's title announces ("LISTE DES 150 MÉTIERS …").
pub fn announced_count(title: &str) -> Option<usize> {
    // "LISTE DES 150 MÉTIERS …", "Liste des 291 métiers ouverts …"
    let folded = crate::audit::labels::normal_form(title);
    let words: Vec<&str> = folded.split(' ').collect();
    words.windows(2).find_map(|pair| match pair {
        [number, word] if word.starts_with("metier") => number.parse().ok(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A line read in blocks is one plain cell exactly when read a byte at a time: plain
        /// words, with at most one odd character put anywhere (first, last, at the blocks'
        /// edges): a space (doubled, leading or trailing), a tab, a pipe, an underscore, a
        /// control byte at either end of the range, DEL, white space beyond ASCII, a letter.
        #[test]
        #[cfg(target_arch = "x86_64")]
        fn one_plain_cell_in_blocks_as_byte_by_byte(
            words in "[a-zé’0-9]{1,6}( [a-zé’0-9]{1,6}){0,12}",
            odd in proptest::sample::select(vec![
                ' ', '\t', '|', '_', '\u{1}', '\u{10}', '\u{1f}', '\u{7f}', '\u{a0}',
                '\u{2009}', '\u{3000}', 'é', 'a',
            ]),
            at in any::<usize>(),
        ) {
            let boundaries: Vec<usize> =
                (0..=words.len()).filter(|&i| words.is_char_boundary(i)).collect();
            let mut line = words.clone();
            line.insert(boundaries[at % boundaries.len()], odd);
            let fits = (0..=line.len().min(64)).rev().find(|&end| line.is_char_boundary(end));
            let line = &line[..fits.unwrap_or(0)];
            prop_assert_eq!(one_plain_cell_sse2(line), one_plain_cell_bytewise(line));
        }

        /// The first 16 bytes read as masks give the code and the gap the bytes give one by
        /// one: codes of every length around the limits, gaps that end inside the first block,
        /// at its edge and past it, lines that end in the gap.
        #[test]
        #[cfg(target_arch = "x86_64")]
        fn code_and_gap_read_in_a_block_as_byte_by_byte(
            line in "[0-9]{0,3}[0-9A-Za-z_é]{0,7}[ \t]{0,20}[a-z0-9 \t]{0,12}",
        ) {
            let bytes = line.as_bytes();
            if let Some(head) = bytes.first_chunk::<16>() {
                prop_assert_eq!(code_and_gap_sse2(bytes, head), code_and_gap_bytewise(bytes));
            }
        }

        /// The same on any bytes after a code-like opening, the first of them drawn among the
        /// bytes next to the letter and digit ranges (and NUL, DEL, bytes beyond ASCII, CR).
        #[test]
        #[cfg(target_arch = "x86_64")]
        fn code_and_gap_read_in_a_block_as_byte_by_byte_on_any_bytes(
            code in "[0-9]{0,4}[0-9A-Za-z]{0,6}",
            edge in proptest::sample::select(
                b"\0\r/:@[`{\x7f\x80\xbf\xc3\xff \t09AZaz".to_vec(),
            ),
            gap in "[ \t]{0,12}",
            rest in proptest::collection::vec(any::<u8>(), 0..24),
        ) {
            let mut bytes = code.into_bytes();
            bytes.push(edge);
            bytes.extend(gap.into_bytes());
            bytes.extend(rest);
            if let Some(head) = bytes.first_chunk::<16>() {
                prop_assert_eq!(code_and_gap_sse2(&bytes, head), code_and_gap_bytewise(&bytes));
            }
        }
    }

    /// Codes and gaps at the edges of the first block, read both ways.
    #[test]
    fn code_and_gap_at_the_edges_of_the_block() {
        let cases: [(String, Option<(usize, usize)>); 6] = [
            (format!("12345678{}", " ".repeat(8)), None),
            (format!("12345678{}x", " ".repeat(7)), Some((8, 7))),
            (format!("12345678{}x", " ".repeat(8)), Some((8, 8))),
            (format!("12345678{}x", " ".repeat(9)), Some((8, 9))),
            ("123456789 Technicien".to_owned(), None),
            ("A1 23456 Technicien vente".to_owned(), None),
        ];
        for (line, expected) in cases {
            assert_eq!(code_and_gap(line.as_bytes()), expected, "{line:?}");
            assert_eq!(code_and_gap_bytewise(line.as_bytes()), expected, "{line:?}");
        }
    }

    #[test]
    fn labels_opening_with_latin_1_letters_are_read_as_any_letter_is() {
        for c in ('\u{80}'..='\u{17F}').chain(['\u{2009}', '\u{3000}', '€', 'ǅ']) {
            let line = format!("14232\t{c}lectricien");
            assert_eq!(
                plain_code_first_row(&line).is_some(),
                c.is_alphabetic(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn the_word_metier_in_any_case_with_or_without_accent() {
        for word in [
            "métier", "métiers", "MÉTIERS", "Metier", "metiers", "METIERS",
        ] {
            assert!(is_metier(word), "{word}");
        }
        for word in [
            "métie",
            "métierss",
            "mtier",
            "métiersx",
            "emploi",
            "mètiers",
        ] {
            assert!(!is_metier(word), "{word}");
        }
    }

    #[test]
    fn headers() {
        assert_eq!(
            table_header("CODE ROME\t30 métiers"),
            Some(TableHeader {
                scheme_label: Some("CODE ROME"),
                declared_count: Some(30),
                code_last: false,
            })
        );
        assert_eq!(
            table_header("Code FAP").map(|h| h.scheme_label),
            Some(Some("Code FAP"))
        );
        assert_eq!(
            table_header("  1 métier ").map(|h| h.declared_count),
            Some(Some(1))
        );
        assert_eq!(
            table_header("CODE ROME    12 MÉTIERS").map(|h| h.declared_count),
            Some(Some(12))
        );
        let pipe = table_header("| Code ROME | Libellé |").unwrap();
        assert_eq!(pipe.scheme_label, Some("Code ROME"));
        assert!(!pipe.code_last);
        assert!(table_header("Métier\tCode FAP").unwrap().code_last);
        assert!(table_header("Nom du métier").is_some());
        assert_eq!(table_header("Codeur informatique"), None);
        assert_eq!(table_header("30 métiers ouverts en Alsace"), None);
        assert_eq!(table_header("Alsace"), None);
    }

    #[test]
    fn rows_split_on_any_space() {
        let row = table_row("14232\tTechnicien de la vente à distance").unwrap();
        assert_eq!(row.code, "14232");
        assert_eq!(row.label, "Technicien de la vente à distance");
        assert_eq!(row.label_offset, 6);
        let row = table_row("  14232   Technicien\u{a0}de la vente ").unwrap();
        assert_eq!((row.code, row.code_offset), ("14232", 2));
        assert_eq!(row.label, "Technicien\u{a0}de la vente");
        let row = table_row("14232 Technicien  de la vente").unwrap();
        assert_eq!(row.code, "14232");
        assert_eq!(row.label, "Technicien  de la vente");
    }

    #[test]
    fn rows_in_other_layouts() {
        let row = table_row("| 14232 | Technicien de la vente à distance |").unwrap();
        assert_eq!(
            (row.code, row.label),
            ("14232", "Technicien de la vente à distance")
        );
        assert_eq!(row.code_offset, 2);
        let row = table_row("Agriculteurs salariés\tA0Z40").unwrap();
        assert_eq!(
            (row.code, row.label, row.code_last),
            ("A0Z40", "Agriculteurs salariés", true)
        );
        let row = table_row("Agriculteurs salariés A0Z40").unwrap();
        assert_eq!(row.code, "A0Z40");
        let row = table_row("Agriculteurs salariés _ A0Z40").unwrap();
        assert_eq!((row.code, row.label), ("A0Z40", "Agriculteurs salariés"));
        let row = table_row("F1106\tIngénieur et cadre d'études du BTP").unwrap();
        assert_eq!(row.code, "F1106");
        assert_eq!(table_row("Fait à Paris, le 18 janvier 2008"), None);
    }

    #[test]
    fn malformed_codes_are_still_rows() {
        assert_eq!(table_row("522 13\tInstallateur").unwrap().code, "522 13");
        assert_eq!(table_row("52O13\tInstallateur").unwrap().code, "52O13");
        assert_eq!(table_row("1423\tTechnicien").unwrap().code, "1423");
        assert_eq!(table_row("142320 Technicien").unwrap().code, "142320");
    }

    #[test]
    fn prose_is_not_a_row() {
        assert_eq!(table_row("Alsace"), None);
        assert_eq!(table_row("Technicien de la vente"), None);
        assert_eq!(table_row("3D Technicien"), None);
        assert_eq!(table_row("14232"), None);
        assert_eq!(table_row("14232\t42"), None);
        assert!(code_without_label("52213 "));
        assert!(!code_without_label("Alsace"));
    }

    #[test]
    fn bullets_and_separators() {
        assert_eq!(
            bullet("– Technicien de la vente."),
            Some("Technicien de la vente.")
        );
        assert_eq!(bullet("• Géomètre"), Some("Géomètre"));
        assert_eq!(bullet("-5 degrés"), None);
        assert!(pipe_separator("|---|:---:|"));
        assert!(pipe_separator("| --- | --- |"));
        assert!(!pipe_separator("| 14232 | x |"));
        assert_eq!(announced_count("LISTE DES 150 MÉTIERS OUVERTS"), Some(150));
        assert_eq!(announced_count("LISTE, PAR RÉGION, DES MÉTIERS"), None);
    }
}
