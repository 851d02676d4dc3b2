//! `annex-audit.toml`: rule levels, the fail level and the ignore file, found in the working
//! directory or its parents, or given with `--config`. Strict: unknown keys and rules are errors
//! that point into the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{file_error, read_text};
use crate::audit::{self, Level, Levels};
use crate::cli::FailOn;
use crate::error::Error;

pub const FILE_NAME: &str = "annex-audit.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    fail_on: Option<FailOn>,
    ignore_file: Option<String>,
    baseline: Option<String>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Level>,
}

/// The configuration in force for a run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    pub levels: Levels,
    pub fail_on: Option<FailOn>,
    /// Resolved against the config file's directory.
    pub ignore_file: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
}

/// `annex-audit.toml` in `start` or the nearest parent that has one.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|directory| directory.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads the config at `path`.
pub fn load(path: &Path) -> Result<Config, Error> {
    let text = read_text(path)?;
    parse(path, &text)
}

pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
    let file: ConfigFile = toml::from_str(text).map_err(|error| {
        file_error(
            path,
            text,
            error.span(),
            error.message().trim().to_owned(),
            "here",
            Some(
                "allowed keys: fail-on, ignore-file, baseline, and [rules] with \
                 \"error\" | \"warning\" | \"info\" | \"off\" per rule"
                    .to_owned(),
            ),
        )
    })?;
    let mut levels = Levels::default();
    for (name, level) in &file.rules {
        let rule = audit::find_rule(name.get_ref()).ok_or_else(|| {
            file_error(
                path,
                text,
                Some(name.span()),
                format!("unknown rule `{}`", name.get_ref()),
                "not a rule",
                Some("`annex-audit rules` lists the rules".to_owned()),
            )
        })?;
        levels.set(rule, *level);
    }
    let directory = path.parent().unwrap_or(Path::new("."));
    Ok(Config {
        path: Some(path.to_path_buf()),
        levels,
        fail_on: file.fail_on,
        ignore_file: file.ignore_file.map(|file| directory.join(file)),
        baseline: file.baseline.map(|file| directory.join(file)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::find_rule;

    #[test]
    fn levels_and_keys() {
        let config = parse(
            Path::new("dir/annex-audit.toml"),
            "fail-on = \"warning\"\nignore-file = \"reviewed.toml\"\n[rules]\nlabel-variant = \"error\"\nunsorted-rows = \"off\"\n",
        )
        .unwrap();
        assert_eq!(config.fail_on, Some(FailOn::Warning));
        assert_eq!(config.ignore_file, Some(PathBuf::from("dir/reviewed.toml")));
        let variant = find_rule("label-variant").unwrap();
        let unsorted = find_rule("unsorted-rows").unwrap();
        assert_eq!(
            config.levels.severity_of(variant),
            Some(audit::Severity::Error)
        );
        assert_eq!(config.levels.severity_of(unsorted), None);
    }

    #[test]
    fn unknown_rule_points_at_its_key() {
        let text = "[rules]\nlabel-varient = \"error\"\n";
        let Err(Error::InvalidFile { span, message, .. }) = parse(Path::new("c.toml"), text) else {
            panic!("expected an error");
        };
        assert!(message.contains("unknown rule `label-varient`"));
        let span = span.unwrap();
        assert_eq!(
            &text[span.offset()..span.offset() + span.len()],
            "label-varient"
        );
    }

    #[test]
    fn unknown_key_and_level_are_errors() {
        assert!(parse(Path::new("c.toml"), "fail_on = \"error\"\n").is_err());
        assert!(parse(Path::new("c.toml"), "[rules]\nlabel-variant = \"loud\"\n").is_err());
    }
}
