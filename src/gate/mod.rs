//! The CI gate: rule levels from a config file and the command line, an ignore file for
//! reviewed findings, and a baseline that keeps known findings from failing the run.

pub mod baseline;
pub mod config;
pub mod ignore;

use std::sync::Arc;

use miette::{NamedSource, SourceSpan};

use crate::error::Error;

/// An error pointing into a TOML file the user wrote.
pub(crate) fn file_error(
    path: &std::path::Path,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: impl Into<String>,
    label: impl Into<String>,
    help: Option<String>,
) -> Error {
    Error::InvalidFile {
        message: format!("{}: {}", path.display(), message.into()),
        src: Arc::new(NamedSource::new(
            path.display().to_string(),
            text.to_owned(),
        )),
        span: span.map(|range| SourceSpan::from(range.start..range.end)),
        label: label.into(),
        help,
    }
}

/// Reads a file the user named, with the same errors as an input.
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, Error> {
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    let raw = std::fs::read(path).map_err(|error| Error::from_read(path.to_path_buf(), error))?;
    String::from_utf8(raw).map_err(|_| Error::InvalidFile {
        message: format!("{}: not valid UTF-8", path.display()),
        src: Arc::new(NamedSource::new(path.display().to_string(), String::new())),
        span: None,
        label: String::new(),
        help: Some("save the file as UTF-8".to_owned()),
    })
}
