//! Errors that stop a run: the input cannot be read, an output cannot be written, the arguments
//! contradict each other. Each maps to exit code 2.

use std::path::PathBuf;

use miette::Diagnostic;
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error("cannot read `{path}`: no such file or directory")]
    #[diagnostic(
        code(input::not_found),
        help("check the path; use `-` to read standard input")
    )]
    NotFound { path: PathBuf },

    #[error("cannot read `{path}`: it is a directory")]
    #[diagnostic(code(input::directory), help("give the path of a text file inside it"))]
    IsDirectory { path: PathBuf },

    #[error("cannot read `{path}`: permission denied")]
    #[diagnostic(code(input::permission))]
    PermissionDenied { path: PathBuf },

    #[error("cannot read `{path}`")]
    #[diagnostic(code(input::io))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot read `{path}`: {size} bytes of text is more than the 4 GiB a run can address")]
    #[diagnostic(
        code(input::too_large),
        help("split the publication into several files; each is audited on its own")
    )]
    TooLarge { path: PathBuf, size: usize },

    #[error("cannot read `{path}`: it goes on past the 4 GiB of text a run can address")]
    #[diagnostic(
        code(input::too_large),
        help(
            "a pipe or a device that never ends (such as /dev/zero) is not a publication; \
             split a long one into several files"
        )
    )]
    StreamTooLarge { path: PathBuf },

    #[error("cannot write the {format} report to `{path}`")]
    #[diagnostic(
        code(output::io),
        help("check that the directory exists and is writable; no partial report was left behind")
    )]
    Write {
        format: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{0}")]
    #[diagnostic(code(usage))]
    Usage(String),

    #[error("{message}")]
    #[diagnostic(code(config::invalid))]
    InvalidFile {
        message: String,
        #[source_code]
        src: std::sync::Arc<miette::NamedSource<String>>,
        #[label("{label}")]
        span: Option<miette::SourceSpan>,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("unknown rule `{0}`")]
    #[diagnostic(code(usage::rule), help("`annex-audit rules` lists the rules"))]
    UnknownRule(String),
}

impl Error {
    pub fn from_read(path: PathBuf, error: std::io::Error) -> Error {
        match error.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound { path },
            std::io::ErrorKind::PermissionDenied => Error::PermissionDenied { path },
            std::io::ErrorKind::IsADirectory => Error::IsDirectory { path },
            _ if path.is_dir() => Error::IsDirectory { path },
            _ => Error::Read {
                path,
                source: error,
            },
        }
    }
}
