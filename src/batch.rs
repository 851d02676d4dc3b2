//! Batch runs: the inputs a command line names (files, directories searched recursively, or
//! standard input), read in parallel, with a progress bar on a terminal for long runs.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use globset::{Glob, GlobSet, GlobSetBuilder};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::error::Error;
use crate::run::read_input;
use crate::source::{MAX_TEXT_BYTES, Source};

/// The file names read in directories when no --glob is given.
pub const DEFAULT_GLOBS: [&str; 2] = ["*.txt", "*.md"];

/// One input: standard input, or a file with the path reports name it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(String),
}

impl Input {
    pub fn name(&self) -> &str {
        match self {
            Input::Stdin => "-",
            Input::File(path) => path,
        }
    }
}

fn glob_set(patterns: &[String]) -> Result<GlobSet, Error> {
    let mut builder = GlobSetBuilder::new();
    let defaults: Vec<String> = DEFAULT_GLOBS.iter().map(|g| g.to_string()).collect();
    let patterns = if patterns.is_empty() {
        &defaults
    } else {
        patterns
    };
    for pattern in patterns {
        let glob = Glob::new(pattern)
            .map_err(|error| Error::Usage(format!("--glob `{pattern}`: {error}")))?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|error| Error::Usage(format!("--glob: {error}")))
}

/// The inputs, in a stable order: the paths as given, each directory replaced by the files
/// under it whose names match the globs, sorted by path.
pub fn expand(paths: &[String], globs: &[String]) -> Result<Vec<Input>, Error> {
    let set = glob_set(globs)?;
    let mut inputs = Vec::new();
    for path in paths {
        if path == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let directory = Path::new(path);
        if !directory.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        let mut found: Vec<PathBuf> = Vec::new();
        for entry in walkdir::WalkDir::new(directory).sort_by_file_name() {
            let entry = entry.map_err(|error| {
                let path = error
                    .path()
                    .map_or_else(|| directory.to_path_buf(), Path::to_path_buf);
                Error::from_read(path, error.into())
            })?;
            if entry.file_type().is_file() && set.is_match(entry.file_name()) {
                found.push(entry.into_path());
            }
        }
        if found.is_empty() {
            return Err(Error::Usage(format!(
                "no file to read in the directory `{path}` (looking for {})",
                if globs.is_empty() {
                    DEFAULT_GLOBS.join(", ")
                } else {
                    globs.join(", ")
                }
            )));
        }
        inputs.extend(
            found
                .into_iter()
                .map(|file| Input::File(file.to_string_lossy().into_owned())),
        );
    }
    Ok(inputs)
}

/// Reads and decodes every input, files in parallel; standard input first, on this thread.
pub fn read_all(
    inputs: &[Input],
    stdin: &mut dyn Read,
    progress: &Progress,
) -> Result<Vec<Source>, Error> {
    let mut from_stdin = None;
    if inputs.contains(&Input::Stdin) {
        from_stdin = Some(read_input("-", stdin)?);
    }
    let mut from_stdin = from_stdin.map(|raw| decode("-", raw)).transpose()?;
    let files: Vec<Result<Option<Source>, Error>> = map_in_parallel(inputs, |input| match input {
        Input::Stdin => Ok(None),
        Input::File(path) => {
            let raw = read_input(path, &mut std::io::empty())?;
            progress.tick();
            decode(path.as_str(), raw).map(Some)
        }
    });
    let mut sources = Vec::with_capacity(inputs.len());
    for file in files {
        match file? {
            Some(source) => sources.push(source),
            None => sources.extend(from_stdin.take()),
        }
    }
    Ok(sources)
}

/// `items` mapped by `f` across cores, in order; a single item on this thread, which spares a
/// one-file run (the common case in CI) the start of a thread pool.
pub fn map_in_parallel<'a, T: Sync, R: Send>(
    items: &'a [T],
    f: impl Fn(&'a T) -> R + Sync + Send,
) -> Vec<R> {
    if items.len() <= 1 {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}

/// Decodes an input, refusing one whose text is too large for the spans that point into it
/// (before decoding when the bytes alone are, after when decoding made it so).
pub(crate) fn decode(path: &str, raw: Vec<u8>) -> Result<Source, Error> {
    let too_large = |size| Error::TooLarge {
        path: path.into(),
        size,
    };
    if raw.len() > MAX_TEXT_BYTES {
        return Err(too_large(raw.len()));
    }
    let source = Source::decode(path, raw);
    if source.text().len() > MAX_TEXT_BYTES {
        return Err(too_large(source.text().len()));
    }
    Ok(source)
}

/// A progress bar on standard error, drawn only on a terminal, never in CI, and only once a
/// run has lasted a second.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
    allowed: bool,
}

impl Progress {
    pub fn new(files: usize) -> Progress {
        let allowed =
            files > 1 && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} files audited ({elapsed})")
        {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            allowed,
        }
    }

    /// Shows the bar once the run has taken more than a second.
    pub fn tick(&self) {
        if self.allowed
            && self.started.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub fn file_done(&self) {
        self.bar.inc(1);
        self.tick();
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
