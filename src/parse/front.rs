//! The front matter: kind of act, title, NOR, ministers, visas, articles, signature.
//!
//! The front matter is read paragraph by paragraph (runs of non-blank lines); each paragraph is
//! classified by its first words, then placed according to where in the act we are.

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::{eof, opt, recognize, rest};
use nom::{IResult, Parser};

use super::text::{blank, find_french_date, is_space, normalize_spaces, spaces1, strip_links};
use crate::model::{Act, Article, LineRole, Signatory, SignedAt, UnplacedLine, Visa};
use crate::source::Source;

/// Kinds of acts whose heading and title we recognise.
const ACT_KINDS: [&str; 11] = [
    "arrêté",
    "arrete",
    "arrêtés",
    "décret",
    "decret",
    "circulaire",
    "ordonnance",
    "loi",
    "décision",
    "decision",
    "instruction",
];

fn is_act_kind(word: &str) -> bool {
    let lower = word.to_lowercase();
    ACT_KINDS.contains(&lower.as_str())
}

/// Whether a text opens with an act's heading or title, rather than directly with a list.
pub fn opens_act(first_line: &str) -> bool {
    kind_heading(first_line) || title(first_line)
}

/// "ARRÊTÉ" alone on its line, in capitals.
fn kind_heading(text: &str) -> bool {
    let text = text.trim_matches(is_space);
    is_act_kind(text) && !text.chars().any(char::is_lowercase)
}

/// "Arrêté du 18 janvier 2008 relatif à …", "Décret n° 2007-1892 du …".
fn title(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    is_act_kind(first)
        && first.chars().next().is_some_and(char::is_uppercase)
        && text.split_whitespace().count() >= 3
}

/// "NOR: *IMID0800328A*" → "IMID0800328A" (emphasis and spacing removed).
fn nor(input: &str) -> IResult<&str, &str> {
    let emphasis = |c: char| c == '*' || c == '_';
    let (rest, (_, _, _, _, id, _, _, _)) = (
        take_while(is_space),
        tag_no_case("NOR"),
        alt((recognize((take_while(is_space), char(':'))), spaces1)),
        take_while(|c| is_space(c) || emphasis(c)),
        take_while1(|c: char| c.is_ascii_alphanumeric()),
        take_while(emphasis),
        take_while(is_space),
        eof,
    )
        .parse(input)?;
    Ok((rest, id))
}

fn visa(text: &str) -> bool {
    text.trim_start_matches(is_space).starts_with("Vu ")
}

/// "Arrêtent :", "Arrête :", "Décrète :".
fn enacting_formula(input: &str) -> IResult<&str, &str> {
    let (rest, (_, word, _, _, _, _)) = (
        take_while(is_space),
        alt((
            tag("Arrêtent"),
            tag("Arrêtons"),
            tag("Arrête"),
            tag("Arretent"),
            tag("Arrete"),
            tag("Décrètent"),
            tag("Décrète"),
            tag("Decrete"),
        )),
        take_while(is_space),
        opt(char(':')),
        take_while(is_space),
        eof,
    )
        .parse(input)?;
    Ok((rest, word))
}

/// "Article 1", "Article 1er", "Art. 2", "Article premier", optionally followed by its text.
fn article_heading(input: &str) -> IResult<&str, (&str, &str)> {
    let (after, (_, _, _, number)) = (
        take_while(is_space),
        alt((tag("Article"), tag("ARTICLE"), tag("Art."))),
        spaces1,
        alt((
            recognize((digit1, opt(alt((tag("er"), tag("ᵉʳ")))))),
            tag("premier"),
            tag("unique"),
        )),
    )
        .parse(input)?;
    let (_, (_, inline_text)) = (
        alt((
            recognize((take_while(is_space), eof)),
            recognize((
                take_while(is_space),
                alt((tag(":"), tag(".-"), tag(". -"), tag("-"), tag("–"))),
                take_while(is_space),
            )),
        )),
        rest,
    )
        .parse(after)?;
    Ok(("", (number, inline_text)))
}

fn annex_reference(text: &str) -> bool {
    let folded = text.trim_matches(is_space).to_lowercase();
    folded == "(voir annexe)" || folded == "(voir annexes)"
}

/// "Fait à Paris, le 18 janvier 2008." → (Paris, 2008-01-18).
fn signed_at(input: &str) -> IResult<&str, (&str, Option<String>)> {
    let (after, (_, _, _)) = (
        take_while(is_space),
        alt((tag("Fait à"), tag("Fait a"))),
        spaces1,
    )
        .parse(input)?;
    let place_end = after.find(',').unwrap_or(after.len());
    let place = after[..place_end].trim_matches(is_space);
    Ok(("", (place, find_french_date(&after[place_end..]))))
}

/// A paragraph: consecutive non-blank lines, as (line number, text).
type Paragraph<'s> = Vec<(usize, &'s str)>;

fn paragraphs(source: &Source, lines: std::ops::Range<usize>) -> Vec<Paragraph<'_>> {
    let mut out: Vec<Paragraph<'_>> = Vec::new();
    let mut current: Paragraph<'_> = Vec::new();
    for number in lines {
        let text = source.line_text(number);
        if blank(text) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push((number, text));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn joined(paragraph: &Paragraph<'_>) -> String {
    let text: Vec<&str> = paragraph.iter().map(|(_, text)| *text).collect();
    normalize_spaces(&text.join(" ")).into_owned()
}

/// Where in the act the reader is; decides what an ordinary paragraph belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Preamble,
    Visas,
    Article,
    Signature,
}

/// Reads the front matter in `lines` (1-based, end exclusive) into `act`; sets each line's role.
pub fn parse_front_matter(
    source: &Source,
    lines: std::ops::Range<usize>,
    act: &mut Act,
    roles: &mut [LineRole],
    unplaced: &mut Vec<UnplacedLine>,
) {
    let mut position = Position::Preamble;
    let mut pending_titles: Vec<String> = Vec::new();
    for paragraph in paragraphs(source, lines) {
        let (first_line, first_text) = paragraph[0];
        let text = joined(&paragraph);
        let role = if act.kind.is_none() && act.title.is_none() && kind_heading(&text) {
            act.kind = Some(text);
            LineRole::Kind
        } else if act.title.is_none() && position == Position::Preamble && title(&text) {
            act.date = find_french_date(&text);
            act.title = Some(text);
            LineRole::Title
        } else if let Ok((_, id)) = nor(&text) {
            act.nor = Some(id.to_owned());
            LineRole::Nor
        } else if visa(first_text) && matches!(position, Position::Preamble | Position::Visas) {
            position = Position::Visas;
            // Each line that opens with "Vu" is a visa; other lines continue the previous one.
            for (line, line_text) in &paragraph {
                let (plain, links) = strip_links(line_text);
                match act.visas.last_mut() {
                    Some(previous) if !visa(line_text) => {
                        // In place: rebuilding the text for each line would be quadratic.
                        previous.text.push(' ');
                        previous.text.push_str(&plain);
                        previous.links.extend(links);
                    }
                    _ => act.visas.push(Visa {
                        text: plain,
                        links,
                        line: *line,
                    }),
                }
            }
            LineRole::Visa
        } else if enacting_formula(&text).is_ok() {
            act.enacting_formula = Some(text);
            position = Position::Article;
            LineRole::EnactingFormula
        } else if let Ok((_, (number, inline))) = article_heading(first_text) {
            position = Position::Article;
            let mut body: Paragraph<'_> = paragraph[1..].to_vec();
            if !blank(inline) {
                body.insert(0, (first_line, inline));
            }
            let (plain, links) = strip_links(&joined(&body));
            act.articles.push(Article {
                number: number.to_owned(),
                text: plain,
                links,
                line: first_line,
            });
            LineRole::ArticleHeading
        } else if annex_reference(&text) {
            act.annex_reference = Some(text);
            LineRole::AnnexReference
        } else if let Ok((_, (place, date))) = signed_at(&text) {
            act.signed_at = Some(SignedAt {
                place: place.to_owned(),
                date,
                line: first_line,
            });
            position = Position::Signature;
            LineRole::SignedAt
        } else if position == Position::Signature {
            let last = text_of_last(&paragraph);
            // A lone "Pour le ministre et par délégation :" introduces the next block's name.
            let introduces_next = paragraph.len() == 1 && last.ends_with([':', ',']);
            if introduces_next {
                pending_titles.push(last);
            } else {
                let mut titles = std::mem::take(&mut pending_titles);
                titles.extend(
                    paragraph[..paragraph.len() - 1]
                        .iter()
                        .map(|(_, line)| normalize_spaces(line).into_owned()),
                );
                act.signatories.push(Signatory {
                    name: last,
                    titles,
                    line: first_line,
                });
            }
            LineRole::Signatory
        } else if position == Position::Article && !act.articles.is_empty() {
            if let Some(article) = act.articles.last_mut() {
                let (plain, links) = strip_links(&text);
                if article.text.is_empty() {
                    article.text = plain;
                } else {
                    // In place: rebuilding the text for each paragraph would be quadratic.
                    article.text.push_str("\n\n");
                    article.text.push_str(&plain);
                }
                article.links.extend(links);
            }
            LineRole::ArticleText
        } else if position == Position::Preamble
            && act.ministers.is_none()
            && text.to_lowercase().contains("ministre")
        {
            act.ministers = Some(text);
            LineRole::Ministers
        } else {
            for (line, _) in &paragraph {
                unplaced.push(UnplacedLine {
                    span: source.line_span(*line),
                    line: *line,
                    reason: "text outside the structure of the act (not a title, NOR, visa, \
                             article or signature)"
                        .to_owned(),
                    region: None,
                });
            }
            LineRole::Unplaced
        };
        for (line, _) in &paragraph {
            roles[line - 1] = role;
        }
    }
    if !pending_titles.is_empty() {
        // A dangling "par délégation :" line still belongs to the signature.
        act.signatories.push(Signatory {
            name: String::new(),
            titles: pending_titles,
            line: act.signed_at.as_ref().map_or(0, |s| s.line),
        });
    }
}

fn text_of_last(paragraph: &Paragraph<'_>) -> String {
    paragraph
        .last()
        .map(|(_, text)| normalize_spaces(text).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nor_without_emphasis() {
        assert_eq!(nor("NOR: *IMID0800328A*").unwrap().1, "IMID0800328A");
        assert_eq!(nor("NOR : IMID0800328A").unwrap().1, "IMID0800328A");
        assert!(nor("NORD").is_err());
    }

    #[test]
    fn article_headings() {
        assert_eq!(article_heading("Article 1").unwrap().1, ("1", ""));
        assert_eq!(article_heading("Article 1er").unwrap().1, ("1er", ""));
        assert_eq!(
            article_heading("Art. 2. - Le présent arrêté").unwrap().1,
            ("2", "Le présent arrêté")
        );
        assert!(article_heading("Articles 1 et 2").is_err());
        assert!(article_heading("Article 12 bis du code").is_err());
    }

    #[test]
    fn signature_place_and_date() {
        let (_, (place, date)) = signed_at("Fait à Paris, le 18 janvier 2008.").unwrap();
        assert_eq!(place, "Paris");
        assert_eq!(date.as_deref(), Some("2008-01-18"));
    }

    #[test]
    fn kinds_and_titles() {
        assert!(kind_heading("ARRÊTÉ"));
        assert!(!kind_heading("Arrêté"));
        assert!(title("Arrêté du 18 janvier 2008 relatif à la délivrance"));
        assert!(!title("La ministre de l'économie"));
        assert!(enacting_formula("Arrêtent :").is_ok());
        assert!(enacting_formula("Arrêtent les mesures").is_err());
    }
}
