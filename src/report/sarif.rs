//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it.
//!
//! One log, one run, whatever the number of inputs: each input is an artifact of the run and
//! each diagnostic a result pointing at its artifact. Columns count UTF-16 code units, SARIF's
//! default `columnKind`, stated explicitly on the run.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use serde::Serialize;

use super::{Diagnostic, Report, TOOL};
use crate::audit::{RULES, Rule, Severity};
use crate::source::{Encoding, Source, Span};

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SARIF_VERSION: &str = "2.1.0";
/// Relative artifact URIs are relative to the directory the tool ran in, which in CI is the
/// checkout: the base id GitHub and CodeQL use for it.
const SOURCE_ROOT: &str = "%SRCROOT%";
/// Key of the content fingerprint in `partialFingerprints`; bump the version if its computation
/// changes, so that GitHub does not match old and new fingerprints.
const FINGERPRINT_KEY: &str = "annexAudit/v1";
/// What standard input is called in the log: it has no path, and SARIF needs a URI.
const STDIN_URI: &str = "stdin";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: ToolObject,
    artifacts: Vec<Artifact>,
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct ToolObject {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: MultiformatText,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize, Clone)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct MultiformatText {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact {
    location: ArtifactLocation,
    length: usize,
    mime_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    hashes: BTreeMap<&'static str, String>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    baseline_state: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

/// 1-based lines and columns; columns in UTF-16 code units, the end column exclusive.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// The SARIF log of every report, as one run over all the inputs.
pub fn render(reports: &[Report<'_, '_>]) -> String {
    let mut artifacts: Vec<Artifact> = Vec::new();
    let mut results = Vec::new();
    // The same file given twice is one artifact: the schema wants them unique.
    let mut locate = |source: &Source| {
        let location = artifact_location(&source.path);
        let index = match artifacts
            .iter()
            .position(|artifact| artifact.location.uri == location.uri)
        {
            Some(index) => index,
            None => {
                artifacts.push(artifact(source, location.clone()));
                artifacts.len() - 1
            }
        };
        ArtifactLocation {
            index: Some(index),
            ..location
        }
    };
    for report in reports {
        locate(report.text);
        for diagnostic in &report.diagnostics {
            // An unused-ignore finding points into the ignore file, not into the input.
            let source = report.text_of(diagnostic);
            let location = locate(source);
            results.push(result(source, &location, diagnostic));
        }
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: ToolObject {
                driver: Driver {
                    name: TOOL.name,
                    version: TOOL.version,
                    semantic_version: TOOL.version,
                    rules: RULES.iter().map(|rule| descriptor(rule)).collect(),
                },
            },
            artifacts,
            results,
            column_kind: "utf16CodeUnits",
        }],
    };
    // Serialising plain strings and numbers cannot fail; an empty object beats a panic.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned());
    out.push('\n');
    out
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.id,
        name: rule.name,
        short_description: Text {
            text: rule.doc.summary.to_owned(),
        },
        full_description: Text {
            text: format!("{}\n\n{}", rule.doc.summary, rule.doc.why),
        },
        help: MultiformatText {
            text: rule.explanation(),
            markdown: format!(
                "{summary}\n\n**Why it matters**\n\n{why}\n\n**Example**\n\n```text\n{example}\n```\n",
                summary = rule.doc.summary,
                why = rule.doc.why,
                example = rule.doc.example,
            ),
        },
        default_configuration: Configuration {
            level: level(rule.default_severity),
        },
        properties: RuleProperties { tags: tags(rule) },
    }
}

/// Tags GitHub lets alerts be filtered by: what part of the publication the rule looks at.
fn tags(rule: &Rule) -> Vec<&'static str> {
    let topic = match rule.name {
        "unrecognized-line" | "malformed-code" | "missing-annex" | "blank-line-in-table" => {
            Some("structure")
        }
        "encoding" => Some("encoding"),
        "count-mismatch"
        | "code-label-mismatch"
        | "label-variant"
        | "duplicate-row"
        | "unsorted-rows" => Some("table"),
        "region-name-variant" | "unknown-region" | "duplicate-region" => Some("region"),
        "truncated-input" => Some("structure"),
        "unused-ignore" => Some("configuration"),
        _ => None,
    };
    std::iter::once("annex-audit").chain(topic).collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn artifact(source: &Source, location: ArtifactLocation) -> Artifact {
    Artifact {
        location,
        length: source.bytes,
        mime_type: "text/plain",
        encoding: charset(source.encoding),
        hashes: BTreeMap::from([("sha-256", source.sha256.clone())]),
    }
}

/// The IANA charset name of the input's encoding; a file mixing UTF-8 and Windows-1252 lines
/// has none.
fn charset(encoding: Encoding) -> Option<&'static str> {
    match encoding {
        Encoding::Utf8 => Some("utf-8"),
        Encoding::Utf16Le => Some("utf-16le"),
        Encoding::Utf16Be => Some("utf-16be"),
        Encoding::Windows1252 => Some("windows-1252"),
        Encoding::Utf8WithWindows1252 => None,
    }
}

fn result(source: &Source, artifact: &ArtifactLocation, diagnostic: &Diagnostic) -> SarifResult {
    let message = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let related_locations = diagnostic
        .related
        .iter()
        .enumerate()
        .map(|(index, related)| Location {
            // Ids make each related location distinct, as the schema requires.
            id: Some(index + 1),
            physical_location: physical_location(source, artifact, related.span),
            message: Some(Text {
                text: related.message.clone(),
            }),
        })
        .collect();
    SarifResult {
        rule_id: diagnostic.rule_id,
        rule_index: RULES.iter().position(|rule| rule.id == diagnostic.rule_id),
        level: level(diagnostic.severity),
        message: Text { text: message },
        locations: vec![Location {
            id: None,
            physical_location: physical_location(source, artifact, diagnostic.span),
            message: None,
        }],
        related_locations,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, diagnostic.fingerprint.clone())]),
        baseline_state: if diagnostic.known { "unchanged" } else { "new" },
    }
}

fn physical_location(source: &Source, artifact: &ArtifactLocation, span: Span) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact.clone(),
        region: region(source, span),
    }
}

/// The region of a span. A span that takes in its line's terminator ends at the end of that
/// line rather than at the start of the next one; an empty span gives an empty region.
fn region(source: &Source, span: Span) -> Region {
    let start = span.offset().min(source.text().len());
    let spanned = source.slice(span);
    let end = start + spanned.trim_end_matches(['\r', '\n']).len();
    Region {
        start_line: source.line_of(start),
        start_column: source.utf16_column_of(start),
        end_line: source.line_of(end),
        end_column: source.utf16_column_of(end),
    }
}

/// The URI of an input: relative to the working directory when it can be, with `/` between
/// segments and each segment percent-encoded.
fn artifact_location(path: &str) -> ArtifactLocation {
    if path == "-" {
        return ArtifactLocation {
            uri: STDIN_URI.to_owned(),
            uri_base_id: None,
            index: None,
            description: Some(Text {
                text: "standard input".to_owned(),
            }),
        };
    }
    let path = Path::new(path);
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|directory| path.strip_prefix(directory).ok())
    } else {
        Some(path)
    };
    match relative {
        Some(relative) => ArtifactLocation {
            uri: relative_uri(relative),
            uri_base_id: Some(SOURCE_ROOT),
            index: None,
            description: None,
        },
        None => ArtifactLocation {
            uri: file_uri(path),
            uri_base_id: None,
            index: None,
            description: None,
        },
    }
}

fn relative_uri(path: &Path) -> String {
    let segments: Vec<String> = path
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(percent_encode(&name.to_string_lossy())),
            Component::ParentDir => Some("..".to_owned()),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => None,
        })
        .collect();
    segments.join("/")
}

/// An absolute path outside the working directory: a `file:` URI (`file:///C:/…` on Windows).
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for component in path.components() {
        match component {
            // A drive letter keeps its colon, as file URIs write it.
            Component::Prefix(prefix) => {
                uri.push('/');
                uri.push_str(&prefix.as_os_str().to_string_lossy().replace('\\', "/"));
            }
            Component::Normal(name) => {
                uri.push('/');
                uri.push_str(&percent_encode(&name.to_string_lossy()));
            }
            Component::ParentDir => uri.push_str("/.."),
            Component::CurDir | Component::RootDir => {}
        }
    }
    uri
}

/// Percent-encodes every byte of a path segment but RFC 3986's unreserved characters.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_become_slash_separated_encoded_uris() {
        assert_eq!(
            artifact_location("./fixtures/arrete 2008.txt").uri,
            "fixtures/arrete%202008.txt"
        );
        assert_eq!(
            artifact_location("fixtures/é.txt").uri,
            "fixtures/%C3%A9.txt"
        );
        assert_eq!(
            artifact_location("fixtures/clean.txt").uri_base_id,
            Some(SOURCE_ROOT)
        );
    }

    #[test]
    fn absolute_paths_are_made_relative_to_the_working_directory() {
        let directory = std::env::current_dir().unwrap();
        let inside = directory.join("fixtures").join("clean.txt");
        assert_eq!(
            artifact_location(&inside.to_string_lossy()).uri,
            "fixtures/clean.txt"
        );
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_elsewhere_become_file_uris() {
        let location = artifact_location("/nonexistent-root/a b/x.txt");
        assert_eq!(location.uri, "file:///nonexistent-root/a%20b/x.txt");
        assert_eq!(location.uri_base_id, None);
    }

    #[test]
    fn standard_input_has_a_uri_and_says_what_it_is() {
        let location = artifact_location("-");
        assert_eq!(location.uri, STDIN_URI);
        assert!(location.description.is_some());
    }

    #[test]
    fn a_span_ending_with_its_newline_ends_on_its_line() {
        let source = Source::decode("t", b"ab\r\ncd\n".to_vec());
        let region = region(&source, Span::new(0, 4));
        assert_eq!((region.start_line, region.start_column), (1, 1), "start");
        assert_eq!((region.end_line, region.end_column), (1, 3), "end");
    }

    #[test]
    fn an_empty_span_gives_an_empty_region() {
        let source = Source::decode("t", b"ab\n\ncd\n".to_vec());
        let region = region(&source, Span::new(3, 0));
        assert_eq!((region.start_line, region.start_column), (2, 1));
        assert_eq!((region.end_line, region.end_column), (2, 1));
    }
}
