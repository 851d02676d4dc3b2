//! The grammar: from decoded text to a [`Document`].
//!
//! The text is cut in two at the annex heading: the front matter before it is read paragraph by
//! paragraph ([`front`]), the annex line by line ([`annex`], [`table`]). Every line ends up with a
//! [`LineRole`]; the ones no rule can place are kept in [`Document::unplaced`].

mod annex;
mod front;
pub mod row_pairs;
mod section_codes;
mod table;
pub mod text;

use crate::model::{AnnouncedCount, Document, LineRole, Region, SectionKind};
use crate::reference::regions::NameMatch;
use crate::source::Source;

/// Parses a whole source. Never fails: what cannot be placed is recorded, not rejected.
pub fn parse(source: &Source) -> Document<'_> {
    let line_count = source.line_count();
    let mut document = Document {
        roles: vec![LineRole::Blank; line_count],
        ..Document::default()
    };
    let annex_start = annex_start(source);
    if annex_start > 1 {
        front::parse_front_matter(
            source,
            1..annex_start,
            &mut document.act,
            &mut document.roles,
            &mut document.unplaced,
        );
    }
    annex::parse_annex(source, annex_start..line_count + 1, &mut document);
    document.unplaced.sort_by_key(|line| line.line);
    resolve_sections(&mut document);
    if document.act.announced_count.is_none() {
        announce_from_title(source, &mut document);
    }
    document
}

/// Decides what each named section stands for: a region when its heading names one; otherwise a
/// professional domain, unless most headings name regions (then it is a region whose name is
/// wrong, for `unknown-region` to report). Every section comes from the annex parser, which
/// matched its heading to the official regions as it went (`name_match`).
fn resolve_sections(document: &mut Document<'_>) {
    let official = |section: &Region<'_>| section.name_match.as_ref().and_then(NameMatch::region);
    let named = document
        .regions
        .iter()
        .filter(|s| !s.name.is_empty())
        .count();
    let matched = document
        .regions
        .iter()
        .filter(|s| official(s).is_some())
        .count();
    let list_of_regions = matched * 2 >= named;
    for section in &mut document.regions {
        if section.name.is_empty() {
            section.kind = SectionKind::National;
            continue;
        }
        match official(section) {
            Some(official) => {
                section.kind = SectionKind::Region;
                section.insee_code = Some(official.insee_code.to_owned());
                section.official_name = Some(official.name.to_owned());
            }
            None if list_of_regions => section.kind = SectionKind::Region,
            None => section.kind = SectionKind::Domain,
        }
    }
}

/// A total announced in the act's title ("… liste des 150 métiers …") when the annex title
/// announced none.
fn announce_from_title(source: &Source, document: &mut Document<'_>) {
    let Some(title) = &document.act.title else {
        return;
    };
    let Some(count) = table::announced_count(title) else {
        return;
    };
    if let Some(line) = document.roles.iter().position(|r| *r == LineRole::Title) {
        document.act.announced_count = Some(AnnouncedCount {
            count,
            line: line + 1,
            span: source.line_span(line + 1),
        });
    }
}

/// The first line of the annex: its heading; else, in a text that opens like an act, its first
/// list (with the heading line above it); else the first line: a list published on its own.
fn annex_start(source: &Source) -> usize {
    if let Some((number, _, _)) = source
        .lines()
        .find(|(_, _, text)| annex::annex_heading(text).is_ok())
    {
        return number;
    }
    let opens_act = source
        .lines()
        .find(|(_, _, text)| !text::blank(text))
        .is_some_and(|(_, _, text)| front::opens_act(text));
    if !opens_act {
        return 1;
    }
    annex::first_table_line(source).unwrap_or(source.line_count() + 1)
}

/// Every fixture and regression input, decoded: for tests that hold what the parser settles as
/// it goes to what a second look at the finished document finds.
#[cfg(test)]
pub(crate) fn fixture_sources() -> Vec<Source> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut sources = Vec::new();
    for folder in [root.clone(), root.join("regressions")] {
        for entry in std::fs::read_dir(&folder).expect("a fixtures folder") {
            let path = entry.expect("a fixture").path();
            if !path.is_file() || path.extension().is_some_and(|ext| ext == "json") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("a readable fixture");
            sources.push(Source::decode(path.display().to_string(), bytes));
        }
    }
    sources
}
