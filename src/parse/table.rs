//! The lines of a table: its header ("CODE ROME<TAB>30 métiers") and its rows ("14232<TAB>Label").

use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while, take_while1};
use nom::character::complete::satisfy;
use nom::character::complete::{alpha1, char, digit1};
use nom::combinator::{eof, map, map_res, not, opt, peek, recognize};
use nom::multi::many0;
use nom::sequence::terminated;
use nom::{IResult, Offset, Parser};

use super::text::{is_space, spaces1};

/// What a table header declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableHeader<'a> {
    /// "CODE ROME", "Code FAP" as printed.
    pub scheme_label: Option<&'a str>,
    /// "30 métiers" → 30.
    pub declared_count: Option<usize>,
}

/// The two cells of a row, with their byte offsets inside the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCells<'a> {
    pub code: &'a str,
    pub code_offset: usize,
    /// The label as printed (spacing not yet normalised).
    pub label: &'a str,
    pub label_offset: usize,
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
        alt((
            tag_no_case("métiers"),
            tag_no_case("métier"),
            tag_no_case("metiers"),
            tag_no_case("metier"),
        )),
    )
        .parse(input)?;
    Ok((rest, count))
}

/// A table header: a scheme label, a declared count, or both, alone on the line.
pub fn table_header(line: &str) -> Option<TableHeader<'_>> {
    let header = alt((
        map(
            (
                scheme_label,
                opt(map((spaces1, declared_count), |(_, n)| n)),
            ),
            |(label, count)| TableHeader {
                scheme_label: Some(label),
                declared_count: count,
            },
        ),
        map(declared_count, |count| TableHeader {
            scheme_label: None,
            declared_count: Some(count),
        }),
    ));
    let (_, (_, found, _, _)) = (take_while(is_space), header, take_while(is_space), eof)
        .parse(line)
        .ok()?;
    Some(found)
}

/// A run of letters and digits: the body of a code, well-formed or not.
fn code_chunk(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric())(input)
}

/// A code, possibly broken by a single space before a run of digits ("522 13").
fn code_cell(input: &str) -> IResult<&str, &str> {
    recognize((
        code_chunk,
        many0((
            char(' '),
            terminated(digit1, peek(not(satisfy(|c| c.is_alphanumeric())))),
        )),
    ))
    .parse(input)
}

/// Whether a first cell can be a code at all: short, letters and digits, at least two digits.
/// A label never starts like that; a malformed code (four or six digits, O for 0) still does.
fn looks_like_code(cell: &str) -> bool {
    let compact: Vec<char> = cell.chars().filter(|&c| c != ' ').collect();
    let digits = compact.iter().filter(|c| c.is_ascii_digit()).count();
    (3..=8).contains(&compact.len()) && digits >= 2 && cell.split(' ').count() <= 3
}

/// A row: a code, a separator (tab, spaces of any kind), a label holding at least one letter.
pub fn table_row(line: &str) -> Option<RowCells<'_>> {
    let (rest, (_, code, _)) = (take_while(is_space), code_cell, spaces1)
        .parse(line)
        .ok()?;
    if !looks_like_code(code) {
        return None;
    }
    let label = rest.trim_end_matches(is_space);
    if !label.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(RowCells {
        code,
        code_offset: line.offset(code),
        label,
        label_offset: line.offset(rest),
    })
}

/// A line that starts with a code but has no label ("52213" alone).
pub fn code_without_label(line: &str) -> bool {
    let parsed = (
        take_while(is_space),
        code_cell,
        take_while(is_space),
        eof::<&str, nom::error::Error<&str>>,
    )
        .parse(line);
    matches!(parsed, Ok((_, (_, code, _, _))) if looks_like_code(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(
            table_header("CODE ROME\t30 métiers"),
            Some(TableHeader {
                scheme_label: Some("CODE ROME"),
                declared_count: Some(30)
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
        assert_eq!(table_header("Codeur informatique"), None);
        assert_eq!(table_header("30 métiers ouverts en Alsace"), None);
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
    }

    #[test]
    fn malformed_codes_are_still_rows() {
        assert_eq!(table_row("522 13\tInstallateur").unwrap().code, "522 13");
        assert_eq!(table_row("52O13\tInstallateur").unwrap().code, "52O13");
        assert_eq!(table_row("1423\tTechnicien").unwrap().code, "1423");
        assert_eq!(table_row("142320 Technicien").unwrap().code, "142320");
        assert_eq!(table_row("F1106\tTechnicien").unwrap().code, "F1106");
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
}
