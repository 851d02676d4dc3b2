//! Small text parsers shared by the front matter and the annex: spacing, link markup, dates.

use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while_m_n, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::{map_res, opt};
use nom::{IResult, Parser};

use crate::model::Link;

/// Any Unicode white space separates words and cells: tabs, runs of spaces, non-breaking spaces.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Whether a text (a line, what is left of a cell) holds nothing but white space. One opening
/// with a visible ASCII character, as most do, is decided at once.
pub fn blank(text: &str) -> bool {
    match text.as_bytes().first() {
        None => true,
        Some(byte) if byte.is_ascii_graphic() => false,
        Some(_) => text.trim_matches(is_space).is_empty(),
    }
}

/// One or more spaces of any kind.
pub fn spaces1(input: &str) -> IResult<&str, &str> {
    take_while1(is_space)(input)
}

/// Trims and collapses every run of white space to one ordinary space; borrows when nothing
/// changes, which is the common case.
#[inline(always)]
pub fn normalize_spaces(text: &str) -> Cow<'_, str> {
    normalize_spaces_with(text, spacing_is_plain)
}

/// [`normalize_spaces`] for code compiled for AVX2 (the row parser's): the same test, without
/// asking the processor for AVX2 again on every label.
///
/// # Safety
/// Called outside code compiled for AVX2, only where the processor has it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
pub fn normalize_spaces_avx2(text: &str) -> Cow<'_, str> {
    // SAFETY: this function is compiled for AVX2 and runs only where the processor has it.
    normalize_spaces_with(text, |bytes| unsafe { spacing_is_plain_with_avx2(bytes) })
}

/// [`normalize_spaces`] for a text the byte test sent to the careful path (kept out of line: the
/// common case stays small enough to inline).
#[cold]
fn normalize_unusual_spaces(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_matches(is_space);
    let mut previous_space = false;
    let already_normal = trimmed.chars().all(|c| {
        let bad = (is_space(c) && (c != ' ' || previous_space)) || c == '\u{0}';
        previous_space = c == ' ';
        !bad
    });
    if already_normal {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split(is_space).filter(|word| !word.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// [`normalize_spaces`] with `plain` as its byte test ([`spacing_is_plain`] or a version of it).
/// A text that already has single ordinary spaces between words and none around them is
/// borrowed, judged on its bytes: the common case, checked without decoding characters. Control
/// bytes and the lead bytes 0xC2, 0xE1, 0xE2 and 0xE3, which start every non-ASCII white space
/// (and a few other characters), send the text to the careful path.
#[inline(always)]
fn normalize_spaces_with(text: &str, plain: impl FnOnce(&[u8]) -> bool) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b' ') && bytes.last() != Some(&b' ') && plain(bytes) {
        return Cow::Borrowed(text);
    }
    normalize_unusual_spaces(text)
}

/// The byte test of [`normalize_spaces_with`], one byte at a time: the reference the block version
/// is held to, and the version for processors without it.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn spacing_is_plain_bytewise(bytes: &[u8]) -> bool {
    let mut previous_space = false;
    for &byte in bytes {
        let space = byte == b' ';
        if (space && previous_space) || byte < 0x20 || byte == 0xC2 || byte.wrapping_sub(0xE1) < 3 {
            return false;
        }
        previous_space = space;
    }
    true
}

/// The same test on blocks of bytes with SSE2 (16 bytes, part of every x86-64 processor) or,
/// for texts of 32 bytes and more on processors that have it, AVX2 (32 bytes): every row's
/// label goes through here, and a label is checked in a few dozen instructions instead of a few
/// per byte.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn spacing_is_plain(bytes: &[u8]) -> bool {
    // The processor is asked about AVX2 only for a text long enough to use it.
    if bytes.len() >= 32 && !std::arch::is_x86_feature_detected!("avx2") {
        return spacing_is_plain_in_blocks(bytes, block_masks_sse2);
    }
    // SAFETY: a text of 32 bytes or more gets here only where the processor has AVX2, checked
    // just above; a shorter one is read with SSE2 alone.
    unsafe { spacing_is_plain_with_avx2(bytes) }
}

/// [`spacing_is_plain`] where the processor is known to have AVX2: 32-byte blocks for a text of
/// 32 bytes or more, 16-byte ones (SSE2) for a shorter one.
///
/// # Safety
/// For a text of 32 bytes or more, only where the processor has AVX2.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn spacing_is_plain_with_avx2(bytes: &[u8]) -> bool {
    if bytes.len() >= 32 {
        // SAFETY: the caller vouches for AVX2 at this length.
        return unsafe { spacing_is_plain_avx2(bytes) };
    }
    spacing_is_plain_in_blocks(bytes, block_masks_sse2)
}

/// [`spacing_is_plain_in_blocks`] with 32-byte blocks, compiled for AVX2 so that the block test
/// is inlined into the loop.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn spacing_is_plain_avx2(bytes: &[u8]) -> bool {
    // 32 to 64 bytes (most labels): the first and the last 32, judged together without a loop;
    // where they overlap, their masks agree.
    if bytes.len() <= 64
        && let (Some(first), Some(last)) = (bytes.first_chunk::<32>(), bytes.last_chunk::<32>())
    {
        // SAFETY: this function runs only where AVX2 is available (its caller checks).
        let ((first_suspect, first_spaces), (last_suspect, last_spaces)) =
            unsafe { (block_masks_avx2(first), block_masks_avx2(last)) };
        let spaces = u64::from(first_spaces) | (u64::from(last_spaces) << (bytes.len() - 32));
        return masks_are_plain(first_suspect | last_suspect, spaces);
    }
    spacing_is_plain_in_blocks(bytes, |block: &[u8; 32]| {
        // SAFETY: this function runs only where AVX2 is available (its caller checks).
        unsafe { block_masks_avx2(block) }
    })
}

/// The verdict on a block's masks ([`block_masks_sse2`], [`block_masks_avx2`]): no byte that
/// sends the text to the careful path, and no two ordinary spaces side by side.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn masks_are_plain(suspect: u32, spaces: u64) -> bool {
    suspect == 0 && spaces & (spaces >> 1) == 0
}

/// The byte test on blocks of `BLOCK` bytes, each block's masks given by `block_masks`. The last
/// block overlaps the one before it (rechecking bytes is harmless); a text shorter than a block
/// is copied into one padded with letters.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn spacing_is_plain_in_blocks<const BLOCK: usize>(
    bytes: &[u8],
    block_masks: impl Fn(&[u8; BLOCK]) -> (u32, u32),
) -> bool {
    let block_is_plain = |block: &[u8; BLOCK]| {
        let (suspect, spaces) = block_masks(block);
        masks_are_plain(suspect, u64::from(spaces))
    };
    if bytes.len() < BLOCK {
        let mut padded = [b'a'; BLOCK];
        padded[..bytes.len()].copy_from_slice(bytes);
        return block_is_plain(&padded);
    }
    let last = bytes.len() - BLOCK;
    let mut start = 0;
    loop {
        let at = start.min(last);
        // Two spaces across the boundary with the block before.
        if at > 0 && bytes[at - 1] == b' ' && bytes[at] == b' ' {
            return false;
        }
        // Always BLOCK bytes long; were it not, the careful path would still be right.
        let Some(block) = bytes[at..].first_chunk::<BLOCK>() else {
            return false;
        };
        if !block_is_plain(block) {
            return false;
        }
        if at == last {
            return true;
        }
        start += BLOCK;
    }
}

#[cfg(target_arch = "x86_64")]
/// The bytes of a 16-byte block that send a text to the careful path (control bytes, lead
/// bytes of non-ASCII white space), and its ordinary spaces, as bit masks.
fn block_masks_sse2(block: &[u8; 16]) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is in the x86-64 baseline; the load reads the 16 bytes of the array.
    unsafe {
        let block = _mm_loadu_si128(block.as_ptr().cast());
        // byte <= 0x1F, byte == 0xC2, byte - 0xE1 <= 2 (unsigned).
        let control = bytes_within(block, 0, 0x1F);
        let lead = _mm_or_si128(
            _mm_cmpeq_epi8(block, _mm_set1_epi8(0xC2_u8 as i8)),
            bytes_within(block, 0xE1, 2),
        );
        let suspect = _mm_movemask_epi8(_mm_or_si128(control, lead)) as u32;
        let spaces = _mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(b' ' as i8))) as u32;
        (suspect, spaces)
    }
}

/// [`block_masks_sse2`] on 32 bytes: the same comparisons with AVX2's intrinsics.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn block_masks_avx2(block: &[u8; 32]) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_sub_epi8,
    };
    // SAFETY: the caller runs on a processor with AVX2; the load reads the 32 bytes of the
    // array.
    unsafe {
        let block = _mm256_loadu_si256(block.as_ptr().cast());
        let control = _mm256_cmpeq_epi8(_mm256_min_epu8(block, _mm256_set1_epi8(0x1F)), block);
        let from_e1 = _mm256_sub_epi8(block, _mm256_set1_epi8(0xE1_u8 as i8));
        let lead = _mm256_or_si256(
            _mm256_cmpeq_epi8(block, _mm256_set1_epi8(0xC2_u8 as i8)),
            _mm256_cmpeq_epi8(_mm256_min_epu8(from_e1, _mm256_set1_epi8(2)), from_e1),
        );
        let suspect = _mm256_movemask_epi8(_mm256_or_si256(control, lead)) as u32;
        let spaces =
            _mm256_movemask_epi8(_mm256_cmpeq_epi8(block, _mm256_set1_epi8(b' ' as i8))) as u32;
        (suspect, spaces)
    }
}

/// The bytes of a 16-byte block whose value minus `low` is at most `span`, unsigned (wrapping):
/// a range of byte values tested in three instructions, for the parser's block readers.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn bytes_within(
    block: std::arch::x86_64::__m128i,
    low: u8,
    span: u8,
) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_min_epu8, _mm_set1_epi8, _mm_sub_epi8};
    // SAFETY: SSE2 is in the x86-64 baseline.
    unsafe {
        let shifted = _mm_sub_epi8(block, _mm_set1_epi8(low as i8));
        _mm_cmpeq_epi8(_mm_min_epu8(shifted, _mm_set1_epi8(span as i8)), shifted)
    }
}

/// Bit masks over a text of at most 64 bytes (a heading, nearly always), bit `i` for byte `i`:
/// the text is copied into four 16-byte blocks padded with `b'a'`, and `block_masks` gives each
/// block's masks (from SSE2 comparisons, part of every x86-64 processor). The padding must set
/// no bit the caller reads.
#[cfg(target_arch = "x86_64")]
pub fn short_text_masks<const N: usize>(
    bytes: &[u8],
    block_masks: impl Fn(std::arch::x86_64::__m128i) -> [i32; N],
) -> [u64; N] {
    let mut padded = [b'a'; 64];
    padded[..bytes.len().min(64)].copy_from_slice(&bytes[..bytes.len().min(64)]);
    let mut masks = [0u64; N];
    for (index, block) in padded.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is in the x86-64 baseline; the load reads the 16 bytes of the chunk.
        let block = unsafe { std::arch::x86_64::_mm_loadu_si128(block.as_ptr().cast()) };
        for (mask, block_mask) in masks.iter_mut().zip(block_masks(block)) {
            *mask |= u64::from(block_mask as u16) << (16 * index);
        }
    }
    masks
}

#[cfg(not(target_arch = "x86_64"))]
fn spacing_is_plain(bytes: &[u8]) -> bool {
    spacing_is_plain_bytewise(bytes)
}

/// Markdown link `[text](target)`; the text may hold `\(`, `\)`, `\[`, `\]` escapes.
fn link(input: &str) -> IResult<&str, Link> {
    let (rest, _) = char('[')(input)?;
    let (text, after) = split_at_unescaped(rest, ']').ok_or_else(|| unclosed(input))?;
    let (after, _) = char('(')(after)?;
    let (target, rest) = split_at_unescaped(after, ')').ok_or_else(|| unclosed(input))?;
    Ok((
        rest,
        Link {
            text: unescape(text),
            target: unescape(target),
        },
    ))
}

fn fail(input: &str) -> nom::Err<nom::error::Error<&str>> {
    nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Tag))
}

/// No closing `]` or `)` in the rest of the text: no later `[` can open a link either (a `[` or
/// `(` ends any escape, so every later scan sees the same tail), hence a hard failure.
fn unclosed(input: &str) -> nom::Err<nom::error::Error<&str>> {
    nom::Err::Failure(nom::error::Error::new(input, nom::error::ErrorKind::Tag))
}

/// Splits at the first `close` that is not escaped by a backslash.
fn split_at_unescaped(text: &str, close: char) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == close && !escaped => return Some((&text[..index], &text[index + 1..])),
            _ => escaped = false,
        }
    }
    None
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Removes link markup: `[L 313-10 \(1°\)](#)` becomes `L 313-10 (1°)`; the links are returned.
pub fn strip_links(text: &str) -> (String, Vec<Link>) {
    let mut plain = String::with_capacity(text.len());
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        plain.push_str(&rest[..open]);
        match link(&rest[open..]) {
            Ok((after, found)) => {
                plain.push_str(&found.text);
                links.push(found);
                rest = after;
            }
            // Scanning the rest again for each later `[` would be quadratic.
            Err(nom::Err::Failure(_)) => {
                plain.push_str(&rest[open..]);
                rest = "";
            }
            Err(_) => {
                plain.push('[');
                rest = &rest[open + 1..];
            }
        }
    }
    plain.push_str(rest);
    (normalize_spaces(&plain).into_owned(), links)
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn month(input: &str) -> IResult<&str, u32> {
    // Unaccented spellings occur in hand-typed copies.
    let (rest, name) = alt((
        tag_no_case("janvier"),
        tag_no_case("février"),
        tag_no_case("fevrier"),
        tag_no_case("mars"),
        tag_no_case("avril"),
        tag_no_case("mai"),
        tag_no_case("juin"),
        tag_no_case("juillet"),
        tag_no_case("août"),
        tag_no_case("aout"),
        tag_no_case("septembre"),
        tag_no_case("octobre"),
        tag_no_case("novembre"),
        tag_no_case("décembre"),
        tag_no_case("decembre"),
    ))
    .parse(input)?;
    let folded = name.to_lowercase().replace('é', "e").replace('û', "u");
    let number = MONTHS
        .iter()
        .position(|m| m.replace('é', "e").replace('û', "u") == folded)
        .map_or(0, |index| index as u32 + 1);
    Ok((rest, number))
}

/// A French date: "18 janvier 2008", "1er mars 2021"; returns ISO 8601.
pub fn french_date(input: &str) -> IResult<&str, String> {
    let (rest, (day, _, _, month, _, year)) = (
        map_res(
            take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
            |d: &str| d.parse::<u32>(),
        ),
        opt(alt((tag("er"), tag("ᵉʳ")))),
        spaces1,
        month,
        spaces1,
        map_res(digit1, |y: &str| y.parse::<u32>()),
    )
        .parse(input)?;
    if !(1..=31).contains(&day) || !(1000..=9999).contains(&year) {
        return Err(fail(input));
    }
    Ok((rest, format!("{year:04}-{month:02}-{day:02}")))
}

/// The first French date found anywhere in `text`.
pub fn find_french_date(text: &str) -> Option<String> {
    // A date opens with a run of one or two digits (a day): only those runs are parsed. Read on
    // bytes, where an ASCII digit is always a whole character.
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let run = bytes[index..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if run == 0 {
            index += 1;
            continue;
        }
        if run <= 2
            && let Ok((_, date)) = french_date(&text[index..])
        {
            return Some(date);
        }
        index += run;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// The block-wise check and the careful path give what collapsing every run of white
        /// space gives, on texts long enough to span several 16-byte blocks.
        #[test]
        fn normalised_spacing_is_collapsed_white_space(
            text in "([a-zé’0-9]{1,20}|[ \t\u{a0}\u{2009}\u{3000}\u{85}]{1,3}){0,12}"
        ) {
            let expected: Vec<&str> = text.split_whitespace().collect();
            let normalised = normalize_spaces(&text);
            prop_assert_eq!(normalised.as_ref(), expected.join(" "));
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the processor has AVX2, checked just above.
                let with_avx2 = unsafe { normalize_spaces_avx2(&text) };
                prop_assert_eq!(&with_avx2, &normalised);
                prop_assert_eq!(matches!(with_avx2, Cow::Borrowed(_)), matches!(normalised, Cow::Borrowed(_)));
            }
            // Text already in normal form is borrowed, never copied.
            if text == expected.join(" ") {
                prop_assert!(matches!(normalised, Cow::Borrowed(_)));
            }
        }

        /// A line is blank exactly when trimming its white space leaves nothing.
        #[test]
        fn blank_lines_are_those_of_white_space_alone(
            text in "[ \t\r\u{a0}\u{85}\u{2009}\u{3000}a!~\u{7f}\u{0}é]{0,6}"
        ) {
            prop_assert_eq!(blank(&text), text.trim_matches(char::is_whitespace).is_empty());
        }

        /// The date search parses only runs of one or two digits, and finds what trying every
        /// run of digits finds (date-shaped pieces with days of one to three digits and years of
        /// three to five, next to other numbers, ordinals, accents, several dates).
        #[test]
        fn the_date_search_finds_what_trying_every_number_finds(
            text in "([0-9]{1,5}|[0-9]{1,3}(er|ᵉʳ)? {1,2}(janvier|mars|août|Décembre|juin) {1,2}[0-9]{3,5}|(er|ᵉʳ)|[ \t]{1,2}|(janvier|mars|août|Décembre|juin)|[a-zé,.]{1,6}){0,10}"
        ) {
            let every_number = text
                .char_indices()
                .filter(|&(index, c)| {
                    c.is_ascii_digit()
                        && !text[..index]
                            .chars()
                            .next_back()
                            .is_some_and(|p| p.is_ascii_digit())
                })
                .find_map(|(index, _)| french_date(&text[index..]).ok().map(|(_, date)| date));
            prop_assert_eq!(find_french_date(&text), every_number);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// The block-wise byte test agrees with the byte-by-byte one at every length (short texts
        /// padded, overlapping last blocks), on bytes drawn mostly from the ones it looks for.
        #[test]
        fn block_spacing_test_agrees_with_the_bytewise_one(
            bytes in proptest::collection::vec(
                prop_oneof![
                    200 => Just(b'a'),
                    40 => Just(b' '),
                    1 => Just(b'\t'),
                    1 => Just(0x00u8),
                    1 => Just(0x1Fu8),
                    1 => Just(0xC2u8),
                    4 => Just(0xC3u8),
                    1 => Just(0xE0u8),
                    1 => Just(0xE1u8),
                    1 => Just(0xE2u8),
                    1 => Just(0xE3u8),
                    1 => Just(0xE4u8),
                    1 => any::<u8>(),
                ],
                0..140,
            )
        ) {
            let expected = spacing_is_plain_bytewise(&bytes);
            prop_assert_eq!(spacing_is_plain(&bytes), expected);
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the processor has AVX2, checked just above.
                prop_assert_eq!(unsafe { spacing_is_plain_with_avx2(&bytes) }, expected);
            }
            #[cfg(target_arch = "x86_64")]
            for (width, plain) in block_widths(&bytes) {
                prop_assert_eq!(plain, expected, "{}-byte blocks", width);
            }
        }
    }

    /// The block test at each width this processor has, on `bytes`: (block width, result). The
    /// AVX2 width is tested directly, whatever length the dispatch would give it to.
    #[cfg(target_arch = "x86_64")]
    fn block_widths(bytes: &[u8]) -> Vec<(usize, bool)> {
        let mut results = vec![(16, spacing_is_plain_in_blocks(bytes, block_masks_sse2))];
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            results.push((32, unsafe { spacing_is_plain_avx2(bytes) }));
        }
        results
    }

    /// Every byte value at every position of a run of letters, at every length up to three
    /// 32-byte blocks and a bit, and a double space at every position: each block width says
    /// what the byte-by-byte test says (a byte missed by one lane or one block would show).
    #[test]
    #[cfg(target_arch = "x86_64")]
    fn every_byte_at_every_position_is_judged_as_bytewise() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            eprintln!("no AVX2 here: only the 16-byte blocks are tested");
        }
        for length in 1..=100 {
            let mut bytes = vec![b'a'; length];
            for at in 0..length {
                for value in 0..=255u8 {
                    bytes[at] = value;
                    let expected = spacing_is_plain_bytewise(&bytes);
                    for (width, plain) in block_widths(&bytes) {
                        assert_eq!(
                            plain, expected,
                            "{width}-byte blocks: {value:#x} at {at} of {length}"
                        );
                    }
                }
                bytes[at] = b' ';
                if at + 1 < length {
                    bytes[at + 1] = b' ';
                    for (width, plain) in block_widths(&bytes) {
                        assert!(
                            !plain,
                            "{width}-byte blocks: two spaces at {at} of {length}"
                        );
                    }
                    bytes[at + 1] = b'a';
                }
                bytes[at] = b'a';
            }
        }
    }

    #[test]
    fn double_spaces_across_a_block_boundary_are_seen() {
        for at in 12..20 {
            let text = format!("{}  b{}", "a".repeat(at), "c".repeat(20));
            assert_eq!(normalize_spaces(&text), text.replacen("  ", " ", 1), "{at}");
        }
        // Every length up to three blocks of 32 bytes (six of 16), with the two spaces at every position: on a block
        // boundary, inside the overlapping last block, in a padded short text.
        for length in 2..100 {
            for at in 1..length - 1 {
                let mut bytes = vec![b'a'; length];
                bytes[at] = b' ';
                assert!(spacing_is_plain(&bytes), "{length} {at}");
                bytes[at - 1] = b' ';
                assert!(!spacing_is_plain(&bytes), "{length} {at}");
            }
        }
    }

    #[test]
    fn spaces_are_collapsed_and_borrowed_when_normal() {
        assert!(matches!(normalize_spaces("a b"), Cow::Borrowed("a b")));
        assert_eq!(normalize_spaces(" a\u{a0}\u{a0}b\t c "), "a b c");
        assert_eq!(normalize_spaces("a  b"), "a b");
        assert_eq!(normalize_spaces("Géomètre"), "Géomètre");
        assert!(matches!(normalize_spaces("Géomètre"), Cow::Borrowed(_)));
        assert_eq!(
            normalize_spaces("Géomètre\u{2009}expert "),
            "Géomètre expert"
        );
        assert_eq!(normalize_spaces("\u{3000}x"), "x");
    }

    #[test]
    fn links_become_plain_text() {
        let (plain, links) = strip_links(r"notamment son article [L 313-10 \(1°\)](#) ;");
        assert_eq!(plain, "notamment son article L 313-10 (1°) ;");
        assert_eq!(
            links,
            vec![Link {
                text: "L 313-10 (1°)".into(),
                target: "#".into()
            }]
        );
        let (plain, links) = strip_links("[a](x) et [b](https://y/z)");
        assert_eq!(plain, "a et b");
        assert_eq!(links[1].target, "https://y/z");
    }

    #[test]
    fn unclosed_link_is_kept_as_text() {
        let (plain, links) = strip_links("voir [article");
        assert_eq!(plain, "voir [article");
        assert!(links.is_empty());
    }

    #[test]
    fn dates() {
        assert_eq!(french_date("18 janvier 2008").unwrap().1, "2008-01-18");
        assert_eq!(french_date("1er mars 2021").unwrap().1, "2021-03-01");
        assert_eq!(
            find_french_date("Fait à Paris, le 26 décembre 2007.").as_deref(),
            Some("2007-12-26")
        );
        assert_eq!(find_french_date("décret n° 2007-1892"), None);
        assert!(french_date("45 janvier 2008").is_err());
    }
}
