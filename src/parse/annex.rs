//! The annex: its heading and title, footnotes, and one section per region with its table.
//!
//! Each line is classified first (blank, heading, table header, row, footnote, text), then placed
//! by what follows it: a text line is a region heading when the next non-blank line opens a table.

use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::{eof, opt, recognize, rest};
use nom::{IResult, Parser};

use super::table::{RowCells, TableHeader, code_without_label, table_header, table_row};
use super::text::{is_space, normalize_spaces, spaces1, strip_links};
use crate::model::{Annex, CodeScheme, Document, Footnote, LineRole, Region, Row, UnplacedLine};
use crate::source::{Source, Span};

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰')
}

/// "ANNEXE", "Annexe", "ANNEXE I", "ANNEXE¹": returns the heading and its footnote marker.
pub fn annex_heading(input: &str) -> IResult<&str, (&str, &str)> {
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

/// "¹ Cette annexe reprend …", "(1) …", "* …": a footnote's marker and text.
pub fn footnote_line(input: &str) -> IResult<&str, (&str, &str)> {
    let (text, (_, marker, _)) = (
        take_while(is_space),
        alt((
            take_while1(is_superscript_digit),
            recognize((char('('), digit1, char(')'))),
            take_while1(|c| c == '*'),
        )),
        spaces1,
    )
        .parse(input)?;
    let (_, text) = rest(text)?;
    Ok(("", (marker, text)))
}

/// What kind of line this is, before knowing where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum AnnexLine<'a> {
    Blank,
    AnnexHeading { heading: &'a str, marker: &'a str },
    Header(TableHeader<'a>),
    Row(RowCells<'a>),
    Footnote { marker: &'a str, text: &'a str },
    CodeWithoutLabel,
    Text,
}

impl AnnexLine<'_> {
    fn opens_table(&self) -> bool {
        matches!(self, AnnexLine::Header(_) | AnnexLine::Row(_))
    }
}

fn classify(text: &str) -> AnnexLine<'_> {
    if text.trim_matches(is_space).is_empty() {
        AnnexLine::Blank
    } else if let Some(row) = table_row(text) {
        AnnexLine::Row(row)
    } else if let Some(header) = table_header(text) {
        AnnexLine::Header(header)
    } else if let Ok((_, (heading, marker))) = annex_heading(text) {
        AnnexLine::AnnexHeading { heading, marker }
    } else if let Ok((_, (marker, text))) = footnote_line(text) {
        AnnexLine::Footnote { marker, text }
    } else if code_without_label(text) {
        AnnexLine::CodeWithoutLabel
    } else {
        AnnexLine::Text
    }
}

/// The first line of the first table when the annex has no heading: the heading line above the
/// table's first header or row, if there is one.
pub fn first_table_line(source: &Source) -> Option<usize> {
    let mut previous_text: Option<usize> = None;
    for (number, _, text) in source.lines() {
        match classify(text) {
            AnnexLine::Blank => {}
            kind if kind.opens_table() => return Some(previous_text.unwrap_or(number)),
            AnnexLine::Text => previous_text = Some(number),
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
    let mut parser = AnnexParser {
        source,
        end: lines.end,
        document,
        current: None,
    };
    parser.run(lines.start);
}

struct AnnexParser<'s, 'd> {
    source: &'s Source,
    end: usize,
    document: &'d mut Document<'s>,
    current: Option<Region<'s>>,
}

impl<'s> AnnexParser<'s, '_> {
    fn text(&self, line: usize) -> &'s str {
        self.source.slice(self.source.line_span(line))
    }

    fn is_blank(&self, line: usize) -> bool {
        self.text(line).trim_matches(is_space).is_empty()
    }

    /// The first non-blank line from `line` on, with its kind.
    fn next_non_blank(&self, mut line: usize) -> Option<(usize, AnnexLine<'s>)> {
        while line < self.end && self.is_blank(line) {
            line += 1;
        }
        (line < self.end).then(|| (line, classify(self.text(line))))
    }

    fn set_role(&mut self, line: usize, role: LineRole) {
        self.document.roles[line - 1] = role;
    }

    fn unplaced(&mut self, line: usize, reason: &str) {
        self.set_role(line, LineRole::Unplaced);
        let region = self.current.as_ref().map(|region| region.name.clone());
        self.document.unplaced.push(UnplacedLine {
            span: self.source.line_span(line),
            line,
            reason: reason.to_owned(),
            region,
        });
    }

    fn run(&mut self, start: usize) {
        let mut line = start;
        while line < self.end {
            let kind = classify(self.text(line));
            line = self.place(line, kind);
        }
        self.close_region();
    }

    /// Places one line (or a run of blank lines, or a multi-line title); returns the next line.
    fn place(&mut self, line: usize, kind: AnnexLine<'s>) -> usize {
        match kind {
            AnnexLine::Blank => return self.place_blank_run(line),
            AnnexLine::AnnexHeading { heading, marker }
                if self.document.act.annex.is_none() && self.no_region_yet() =>
            {
                self.document.act.annex = Some(Annex {
                    heading: normalize_spaces(heading).into_owned(),
                    heading_marker: (!marker.is_empty()).then(|| marker.to_owned()),
                    line,
                    ..Annex::default()
                });
                self.set_role(line, LineRole::AnnexHeading);
            }
            AnnexLine::Header(header) => self.place_header(line, header),
            AnnexLine::Row(cells) => self.place_row(line, cells),
            AnnexLine::Footnote { marker, text } => {
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
            AnnexLine::CodeWithoutLabel => self.unplaced(line, "a code without a label"),
            AnnexLine::Text | AnnexLine::AnnexHeading { .. } => return self.place_text(line),
        }
        line + 1
    }

    fn no_region_yet(&self) -> bool {
        self.current.is_none() && self.document.regions.is_empty()
    }

    fn place_blank_run(&mut self, line: usize) -> usize {
        let next = self.next_non_blank(line);
        let resumes_table = matches!(next, Some((_, AnnexLine::Row(_))));
        let next_line = next.map_or(self.end, |(number, _)| number);
        if let Some(region) = self.current.as_mut()
            && resumes_table
            && !region.rows.is_empty()
        {
            region
                .blank_lines
                .extend((line..next_line).map(|blank| self.source.line_span(blank)));
        }
        next_line
    }

    fn place_header(&mut self, line: usize, header: TableHeader<'s>) {
        let span = self.source.line_span(line);
        match self.current.as_mut() {
            Some(region) if region.header_span.is_none() && region.rows.is_empty() => {
                region.header_span = Some(span);
                region.declared_count = header.declared_count;
                region.scheme_label = header
                    .scheme_label
                    .map(|l| normalize_spaces(l).into_owned());
                self.set_role(line, LineRole::TableHeader);
            }
            Some(_) => self.unplaced(
                line,
                "a second table header in the same region, with no region heading before it",
            ),
            None => self.unplaced(line, "a table header with no region heading before it"),
        }
    }

    fn place_row(&mut self, line: usize, cells: RowCells<'s>) {
        let span = self.source.line_span(line);
        let Some(region) = self.current.as_mut() else {
            self.unplaced(line, "a row with no region heading before it");
            return;
        };
        region.rows.push(Row {
            code: Cow::Borrowed(cells.code),
            label: normalize_spaces(cells.label),
            line,
            malformed: false,
            span,
            code_span: Span::new(span.offset + cells.code_offset, cells.code.len()),
            label_span: Span::new(span.offset + cells.label_offset, cells.label.len()),
        });
        self.set_role(line, LineRole::Row);
    }

    /// A text line is a region heading when a table follows it; before the first region, the
    /// annex title; anything else cannot be placed.
    fn place_text(&mut self, line: usize) -> usize {
        let next = self.next_non_blank(line + 1);
        // A line glued to the row above it is stray text inside the table, not a new heading.
        let glued_to_row = line > 1 && self.document.roles[line - 2] == LineRole::Row;
        if !glued_to_row && next.as_ref().is_some_and(|(_, kind)| kind.opens_table()) {
            self.close_region();
            let span = self.source.line_span(line);
            self.current = Some(Region {
                name: normalize_spaces(self.text(line)).into_owned(),
                line,
                insee_code: None,
                official_name: None,
                declared_count: None,
                scheme: CodeScheme::Unknown,
                scheme_label: None,
                rows: Vec::new(),
                heading_span: span,
                header_span: None,
                blank_lines: Vec::new(),
            });
            self.set_role(line, LineRole::RegionHeading);
            return line + 1;
        }
        let title_open = self.no_region_yet()
            && self
                .document
                .act
                .annex
                .as_ref()
                .is_some_and(|annex| annex.title.is_none());
        if title_open {
            return self.place_annex_title(line);
        }
        let reason = match &self.current {
            Some(region) if !region.rows.is_empty() || region.header_span.is_some() => {
                "a line inside a table that is neither a row (code and label) nor a table header"
            }
            _ => "not a region heading, a table header, a row or a footnote",
        };
        self.unplaced(line, reason);
        line + 1
    }

    /// The annex title: one paragraph of text lines.
    fn place_annex_title(&mut self, first: usize) -> usize {
        let mut line = first;
        let mut parts = Vec::new();
        while line < self.end && classify(self.text(line)) == AnnexLine::Text {
            parts.push(self.text(line));
            self.set_role(line, LineRole::AnnexTitle);
            line += 1;
        }
        if let Some(annex) = self.document.act.annex.as_mut() {
            annex.title = Some(normalize_spaces(&parts.join(" ")).into_owned());
        }
        line
    }

    fn close_region(&mut self) {
        if let Some(mut region) = self.current.take() {
            region.scheme = resolve_scheme(region.scheme_label.as_deref(), &region.rows);
            for row in &mut region.rows {
                row.malformed = !region.scheme.accepts(&row.code);
            }
            self.document.regions.push(region);
        }
    }
}

/// The scheme of a table: named by its header when it says so, otherwise the one most of its
/// well-formed codes belong to.
fn resolve_scheme(label: Option<&str>, rows: &[Row<'_>]) -> CodeScheme {
    let count = |scheme: CodeScheme| rows.iter().filter(|r| scheme.accepts(&r.code)).count();
    let label = label.unwrap_or("").to_uppercase();
    if label.contains("FAP") {
        return CodeScheme::Fap2009;
    }
    let (v2, v3, fap) = (
        count(CodeScheme::RomeV2),
        count(CodeScheme::RomeV3),
        count(CodeScheme::Fap2009),
    );
    if label.contains("ROME") {
        return if v3 > v2 {
            CodeScheme::RomeV3
        } else {
            CodeScheme::RomeV2
        };
    }
    [
        (v2, CodeScheme::RomeV2),
        (v3, CodeScheme::RomeV3),
        (fap, CodeScheme::Fap2009),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .max_by_key(|(n, _)| *n)
    .map_or(CodeScheme::Unknown, |(_, scheme)| scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn classification() {
        assert_eq!(classify(" \t"), AnnexLine::Blank);
        assert!(matches!(classify("14232\tTechnicien"), AnnexLine::Row(_)));
        assert!(matches!(
            classify("CODE ROME\t3 métiers"),
            AnnexLine::Header(_)
        ));
        assert_eq!(classify("Alsace"), AnnexLine::Text);
        assert_eq!(classify("52213"), AnnexLine::CodeWithoutLabel);
    }
}
