//! The grammar: from decoded text to a [`Document`].
//!
//! The text is cut in two at the annex heading: the front matter before it is read paragraph by
//! paragraph ([`front`]), the annex line by line ([`annex`], [`table`]). Every line ends up with a
//! [`LineRole`]; the ones no rule can place are kept in [`Document::unplaced`].

mod annex;
mod front;
mod table;
pub mod text;

use crate::model::{Document, LineRole};
use crate::reference::regions;
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
    for region in &mut document.regions {
        if let Some(official) = regions::match_name(&region.name).region() {
            region.insee_code = Some(official.insee_code.to_owned());
            region.official_name = Some(official.name.to_owned());
        }
    }
    document
}

/// The first line of the annex: its heading, or else the first table (with the heading line
/// above it), or else the first line when nothing looks like front matter either.
fn annex_start(source: &Source) -> usize {
    if let Some((number, _, _)) = source
        .lines()
        .find(|(_, _, text)| annex::annex_heading(text).is_ok())
    {
        return number;
    }
    match annex::first_table_line(source) {
        Some(first) => first,
        None => source.line_count() + 1,
    }
}
