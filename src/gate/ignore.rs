//! The ignore file: findings a team reviewed and accepts, identified by content (rule, region,
//! code, label), never by line. Entries that match nothing are reported as `unused-ignore`.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{file_error, read_text};
use crate::audit::{self, labels::normal_form};
use crate::error::Error;
use crate::report::Diagnostic;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreFile {
    #[serde(default)]
    ignore: Vec<Spanned<Entry>>,
}

/// One reviewed finding; a field left out matches anything.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Rule name or id.
    pub rule: String,
    pub region: Option<String>,
    pub code: Option<String>,
    pub label: Option<String>,
    /// Why the team accepts it (kept for the reader of the file).
    pub reason: Option<String>,
}

impl Entry {
    /// Whether this entry covers a diagnostic. Region and label compare by normal form, so that
    /// spacing or case in the ignore file does not matter.
    pub fn matches(&self, diagnostic: &Diagnostic) -> bool {
        let same = |wanted: &Option<String>, actual: &Option<String>| match wanted {
            None => true,
            Some(wanted) => actual
                .as_deref()
                .is_some_and(|actual| normal_form(actual) == normal_form(wanted)),
        };
        (self.rule == diagnostic.rule || self.rule.eq_ignore_ascii_case(diagnostic.rule_id))
            && same(&self.region, &diagnostic.region)
            && self
                .code
                .as_deref()
                .is_none_or(|code| Some(code) == diagnostic.code.as_deref())
            && same(&self.label, &diagnostic.label)
    }
}

/// The entries of an ignore file, with the byte span of each in the file.
#[derive(Debug, Clone)]
pub struct IgnoreList {
    pub entries: Vec<(Entry, std::ops::Range<usize>)>,
}

pub fn load(path: &Path) -> Result<(IgnoreList, String), Error> {
    let text = read_text(path)?;
    let list = parse(path, &text)?;
    Ok((list, text))
}

pub fn parse(path: &Path, text: &str) -> Result<IgnoreList, Error> {
    let file: IgnoreFile = toml::from_str(text).map_err(|error| {
        file_error(
            path,
            text,
            error.span(),
            error.message().trim().to_owned(),
            "here",
            Some(
                "each entry is an [[ignore]] table with `rule` and any of `region`, `code`, \
                 `label`, `reason`"
                    .to_owned(),
            ),
        )
    })?;
    let mut entries = Vec::with_capacity(file.ignore.len());
    for spanned in file.ignore {
        let span = spanned.span();
        let entry = spanned.into_inner();
        if audit::find_rule(&entry.rule).is_none() {
            return Err(file_error(
                path,
                text,
                Some(span),
                format!("unknown rule `{}`", entry.rule),
                "in this entry",
                Some("`annex-audit rules` lists the rules".to_owned()),
            ));
        }
        entries.push((entry, span));
    }
    Ok(IgnoreList { entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_parse_and_unknown_fields_are_rejected() {
        let list = parse(
            Path::new("i.toml"),
            "[[ignore]]\nrule = \"label-variant\"\nregion = \"Alsace\"\ncode = \"52313\"\nreason = \"as printed\"\n",
        )
        .unwrap();
        assert_eq!(list.entries.len(), 1);
        assert_eq!(list.entries[0].0.code.as_deref(), Some("52313"));
        assert!(parse(Path::new("i.toml"), "[[ignore]]\nrule = \"x\"\n").is_err());
        assert!(
            parse(
                Path::new("i.toml"),
                "[[ignore]]\nrule = \"label-variant\"\nline = 3\n"
            )
            .is_err()
        );
    }
}
