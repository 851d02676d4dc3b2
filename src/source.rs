//! Decoding raw bytes into text, and mapping byte offsets to lines and columns.
//!
//! Every span in annex-audit is a byte range into [`Source::text`], the decoded text (UTF-8, with a
//! leading byte-order mark removed). Lines and columns are computed from spans only when a report
//! is rendered.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The character encoding a source was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// Valid UTF-8 (a byte-order mark, if any, is removed).
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-16 announced by a byte-order mark.
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    /// Not valid UTF-8 anywhere it has non-ASCII bytes: decoded as Windows-1252.
    #[serde(rename = "windows-1252")]
    Windows1252,
    /// Lines that are valid UTF-8 kept as such, the others decoded as Windows-1252.
    #[serde(rename = "utf-8+windows-1252")]
    Utf8WithWindows1252,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf8WithWindows1252 => "utf-8+windows-1252",
        }
    }
}

/// A byte range into the decoded text. Kept in 32 bits, which halves the size of the spans a
/// large input's rows carry; texts are limited to [`MAX_TEXT_BYTES`] accordingly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub struct Span {
    offset: u32,
    length: u32,
}

/// The largest decoded text a [`Span`] can address (4 GiB − 1 byte).
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

impl Span {
    /// A span of the text. Offsets beyond [`MAX_TEXT_BYTES`] (which inputs are checked against
    /// before parsing) are clamped rather than wrapped.
    pub fn new(offset: usize, length: usize) -> Self {
        let clamp = |value: usize| u32::try_from(value).unwrap_or(u32::MAX);
        Span {
            offset: clamp(offset),
            length: clamp(length),
        }
    }

    pub fn offset(self) -> usize {
        self.offset as usize
    }

    pub fn length(self) -> usize {
        self.length as usize
    }

    pub fn end(self) -> usize {
        self.offset() + self.length()
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.offset(), span.length()).into()
    }
}

/// A decoded input: its text, where it came from and how it was decoded.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given on the command line (`-` for standard input).
    pub path: String,
    /// Size of the raw input in bytes.
    pub bytes: usize,
    /// SHA-256 of the raw input, lowercase hex.
    pub sha256: String,
    pub encoding: Encoding,
    /// Whether a byte-order mark was removed.
    pub had_bom: bool,
    /// Lines (1-based) that were decoded as Windows-1252 because they are not valid UTF-8.
    pub windows_1252_lines: Vec<usize>,
    /// The decoded text; private, so that it stays the text `line_starts` indexes
    /// (lines are sliced from it by those offsets without a check, see [`Self::line_bounds`]).
    text: String,
    line_starts: LineStarts,
}

impl Source {
    /// Decodes raw bytes. Never fails: any byte string is some text in Windows-1252.
    pub fn decode(path: impl Into<String>, raw: Vec<u8>) -> Source {
        let sha256 = hex(&Sha256::digest(&raw));
        let bytes = raw.len();
        let (text, encoding, had_bom, windows_1252_lines) = decode_bytes(raw);
        let line_starts = LineStarts::of(&text);
        Source {
            path: path.into(),
            bytes,
            sha256,
            encoding,
            had_bom,
            windows_1252_lines,
            text,
            line_starts,
        }
    }

    /// The decoded text.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of lines (a final line without a newline counts; an empty text has none).
    pub fn line_count(&self) -> usize {
        if self.text.is_empty() {
            0
        } else if self.text.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.search(offset) {
            Ok(index) => index + 1,
            Err(index) => index,
        }
    }

    /// 1-based column of a byte offset, counted in Unicode scalar values.
    pub fn column_of(&self, offset: usize) -> usize {
        let line = self.line_of(offset);
        let start = self.line_starts.get(line - 1).unwrap_or(0);
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        self.text[start..offset].chars().count() + 1
    }

    /// Column in UTF-16 code units (what SARIF counts by default), 1-based.
    pub fn utf16_column_of(&self, offset: usize) -> usize {
        let line = self.line_of(offset);
        let start = self.line_starts.get(line - 1).unwrap_or(0);
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        self.text[start..offset].encode_utf16().count() + 1
    }

    /// The span of a whole line (without its line terminator), 1-based.
    pub fn line_span(&self, line: usize) -> Span {
        let (start, end) = self.line_bounds(line);
        Span::new(start, end - start)
    }

    /// The text of a whole line (without its line terminator), 1-based: what
    /// `slice(line_span(line))` gives, for the parser, which asks for every line more than once.
    #[inline]
    pub fn line_text(&self, line: usize) -> &str {
        self.line_with_offset(line).1
    }

    /// A line's offset in the text and its text (without its line terminator), 1-based.
    #[inline(always)]
    pub fn line_with_offset(&self, line: usize) -> (usize, &str) {
        let (start, end) = self.line_bounds(line);
        debug_assert!(
            start <= end && self.text.is_char_boundary(start) && self.text.is_char_boundary(end)
        );
        // SAFETY: a line starts at the text's start or after a line feed, and ends at the text's
        // end or on its line feed or the carriage return before it ([`Self::line_bounds`], from
        // the starts `LineStarts::of` found in this very text, which is private and never
        // changes): ASCII bytes or the ends, so character boundaries, the start before the end.
        // Checked slicing tested both boundaries on every row, 3 % of a large input's parse.
        (start, unsafe { self.text.get_unchecked(start..end) })
    }

    /// Where a line (1-based) starts, and where it ends before its terminator.
    #[inline(always)]
    fn line_bounds(&self, line: usize) -> (usize, usize) {
        // A line followed by another (nearly every one): its terminator is the line feed just
        // before the next line's start, and at most a carriage return before that. Read with
        // one look at the starts instead of two, on every row of the text and several times
        // on each heading.
        if let Some((start, next)) = self.line_starts.start_and_next(line.wrapping_sub(1)) {
            let mut end = next - 1;
            if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
            return (start, end);
        }
        self.last_line_bounds(line)
    }

    /// [`Self::line_bounds`] of the last line (and of a number past the text).
    #[cold]
    fn last_line_bounds(&self, line: usize) -> (usize, usize) {
        let start = self.line_starts.get(line - 1).unwrap_or(0);
        let mut end = self.line_starts.get(line).unwrap_or(self.text.len());
        // The terminator is ASCII: trimmed on bytes, without slicing the text.
        let bytes = self.text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// Iterates the lines: (1-based number, span, text without terminator).
    pub fn lines(&self) -> impl Iterator<Item = (usize, Span, &str)> + '_ {
        (1..=self.line_count()).map(move |number| {
            let (start, text) = self.line_with_offset(number);
            (number, Span::new(start, text.len()), text)
        })
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.offset()..span.end()).unwrap_or("")
    }

    /// The span of a part of the text (a slice of [`Source::text`]); `None` for a string that
    /// lives elsewhere. The inverse of [`Source::slice`], from the slice's address.
    pub fn span_of(&self, part: &str) -> Option<Span> {
        let start = (part.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        (start.checked_add(part.len())? <= self.text.len()).then(|| Span::new(start, part.len()))
    }
}

/// The greatest character boundary of `text` at or before `offset` (which callers keep within
/// the text).
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where each line starts: 32-bit offsets when the text allows (half the memory on large
/// inputs, which have millions of lines), 64-bit otherwise.
#[derive(Debug, Clone)]
enum LineStarts {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl LineStarts {
    fn of(text: &str) -> LineStarts {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|index| index + 1));
        if text.len() <= MAX_TEXT_BYTES {
            // Every start is at most the text's length, which fits.
            LineStarts::Narrow(starts.map(|start| start as u32).collect())
        } else {
            LineStarts::Wide(starts.collect())
        }
    }

    fn len(&self) -> usize {
        match self {
            LineStarts::Narrow(starts) => starts.len(),
            LineStarts::Wide(starts) => starts.len(),
        }
    }

    /// The start of line `index` (0-based) and of the line after it, when there is one.
    #[inline]
    fn start_and_next(&self, index: usize) -> Option<(usize, usize)> {
        match self {
            LineStarts::Narrow(starts) => {
                let &[start, next] = starts.get(index..)?.first_chunk::<2>()?;
                Some((start as usize, next as usize))
            }
            LineStarts::Wide(starts) => {
                let &[start, next] = starts.get(index..)?.first_chunk::<2>()?;
                Some((start, next))
            }
        }
    }

    #[inline]
    fn get(&self, index: usize) -> Option<usize> {
        match self {
            LineStarts::Narrow(starts) => starts.get(index).map(|&start| start as usize),
            LineStarts::Wide(starts) => starts.get(index).copied(),
        }
    }

    /// As `binary_search` on the starts.
    fn search(&self, offset: usize) -> Result<usize, usize> {
        match self {
            LineStarts::Narrow(starts) => match u32::try_from(offset) {
                Ok(offset) => starts.binary_search(&offset),
                Err(_) => Err(starts.len()),
            },
            LineStarts::Wide(starts) => starts.binary_search(&offset),
        }
    }
}

fn decode_bytes(raw: Vec<u8>) -> (String, Encoding, bool, Vec<usize>) {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(&raw) {
        let (text, _) = encoding.decode_without_bom_handling(&raw[bom_length..]);
        let kind = if encoding == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else if encoding == encoding_rs::UTF_16BE {
            Encoding::Utf16Be
        } else {
            Encoding::Utf8
        };
        // A UTF-8 BOM followed by invalid UTF-8 still deserves the per-line fallback.
        if kind == Encoding::Utf8 && std::str::from_utf8(&raw[bom_length..]).is_err() {
            let (text, encoding, lines) = decode_mixed(&raw[bom_length..]);
            return (text, encoding, true, lines);
        }
        return (text.into_owned(), kind, true, Vec::new());
    }
    // The common case takes the buffer over without a copy, validated with SIMD (simdutf8 checks
    // at several GB/s, where the standard library's check was a third of the decoding time).
    if simdutf8::basic::from_utf8(&raw).is_ok() {
        // SAFETY: `raw` was just validated as UTF-8.
        let text = unsafe { String::from_utf8_unchecked(raw) };
        return (text, Encoding::Utf8, false, Vec::new());
    }
    let (text, encoding, lines) = decode_mixed(&raw);
    (text, encoding, false, lines)
}

/// Decodes line by line: a line that is valid UTF-8 stays UTF-8, any other line is read as
/// Windows-1252. A file saved in Windows-1252 thus decodes whole, and a UTF-8 file with a few
/// pasted Windows-1252 lines keeps its good lines intact.
fn decode_mixed(raw: &[u8]) -> (String, Encoding, Vec<usize>) {
    let mut text = String::with_capacity(raw.len() + raw.len() / 8);
    let mut fallback_lines = Vec::new();
    let mut saw_utf8_multibyte = false;
    for (index, line) in raw.split_inclusive(|&byte| byte == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(valid) => {
                saw_utf8_multibyte |= !valid.is_ascii();
                text.push_str(valid);
            }
            Err(_) => {
                let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(line);
                text.push_str(&decoded);
                fallback_lines.push(index + 1);
            }
        }
    }
    let encoding = if saw_utf8_multibyte {
        Encoding::Utf8WithWindows1252
    } else {
        Encoding::Windows1252
    };
    (text, encoding, fallback_lines)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A line's text, found from its bounds, is the text of its span, whatever ends it.
        #[test]
        fn line_text_is_the_text_of_the_line_span(text in "[aé \r\n]{0,24}") {
            let source = Source::decode("t", text.into_bytes());
            for line in 1..=source.line_count() {
                let span = source.line_span(line);
                proptest::prop_assert_eq!(source.line_text(line), source.slice(span));
                proptest::prop_assert_eq!(source.line_with_offset(line).0, span.offset());
                proptest::prop_assert!(!source.line_text(line).ends_with('\n'));
            }
            // Numbers past the last line too: their bounds are sliced without a check as well
            // (a debug build asserts that they are character boundaries).
            for line in source.line_count() + 1..=source.line_count() + 2 {
                proptest::prop_assert_eq!(source.line_text(line), source.slice(source.line_span(line)));
            }
        }

        /// Each line's text is what splitting the text at line feeds gives, less one carriage
        /// return at its end: a reference that shares nothing with the line index.
        #[test]
        fn line_text_is_the_text_between_line_feeds(text in "[a\r\n]{0,24}") {
            let source = Source::decode("t", text.clone().into_bytes());
            let lines: Vec<&str> = text.split('\n').collect();
            let count = if text.ends_with('\n') { lines.len() - 1 } else { lines.len() };
            proptest::prop_assert_eq!(source.line_count(), if text.is_empty() { 0 } else { count });
            for (index, expected) in lines.iter().take(source.line_count()).enumerate() {
                let expected = expected.strip_suffix('\r').unwrap_or(expected);
                proptest::prop_assert_eq!(source.line_text(index + 1), expected, "line {}", index + 1);
            }
        }
    }

    #[test]
    fn span_of_finds_a_slice_of_the_text_and_nothing_else() {
        let source = Source::decode("t", b"Alsace\n14232\tVendeur\n".to_vec());
        let code = &source.text[7..12];
        assert_eq!(source.span_of(code), Some(Span::new(7, 5)));
        assert_eq!(source.slice(Span::new(7, 5)), code);
        // An empty slice at the very end still has a place; an equal string elsewhere has none.
        assert_eq!(source.span_of(&source.text[21..]), Some(Span::new(21, 0)));
        assert_eq!(source.span_of(&String::from("14232")), None);
    }

    #[test]
    fn utf8_with_bom_is_stripped() {
        let source = Source::decode("t", b"\xEF\xBB\xBFAlsace\n".to_vec());
        assert_eq!(source.text, "Alsace\n");
        assert!(source.had_bom);
        assert_eq!(source.encoding, Encoding::Utf8);
    }

    #[test]
    fn windows_1252_is_decoded() {
        let source = Source::decode("t", b"Franche-Comt\xE9\n".to_vec());
        assert_eq!(source.text, "Franche-Comté\n");
        assert_eq!(source.encoding, Encoding::Windows1252);
        assert_eq!(source.windows_1252_lines, vec![1]);
    }

    #[test]
    fn mixed_lines_keep_their_utf8() {
        let source = Source::decode("t", "Île\nCorr\u{e8}ze\n".as_bytes().to_vec());
        assert_eq!(source.encoding, Encoding::Utf8);
        let source = Source::decode("t", b"\xC3\x8Ele\nCorr\xE8ze\n".to_vec());
        assert_eq!(source.text, "Île\nCorrèze\n");
        assert_eq!(source.encoding, Encoding::Utf8WithWindows1252);
        assert_eq!(source.windows_1252_lines, vec![2]);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let source = Source::decode("t", b"\xFF\xFEA\x00b\x00".to_vec());
        assert_eq!(source.text, "Ab");
        assert_eq!(source.encoding, Encoding::Utf16Le);
    }

    #[test]
    fn lines_and_columns() {
        let source = Source::decode("t", b"ab\r\n\xC3\xa9x\nlast".to_vec());
        assert_eq!(source.line_count(), 3);
        let lines: Vec<_> = source.lines().map(|(n, _, text)| (n, text)).collect();
        assert_eq!(lines, vec![(1, "ab"), (2, "éx"), (3, "last")]);
        assert_eq!(source.line_of(0), 1);
        assert_eq!(source.line_of(4), 2);
        assert_eq!(source.column_of(6), 2);
        assert_eq!(source.line_of(source.text.len()), 3);
    }

    #[test]
    fn empty_text_has_no_lines() {
        let source = Source::decode("t", b"".to_vec());
        assert_eq!(source.line_count(), 0);
        assert_eq!(source.lines().count(), 0);
        let source = Source::decode("t", b"\n".to_vec());
        assert_eq!(source.line_count(), 1);
    }
}
