//! `--format html`: the page's content, its escaping of input text, and (in headless Chromium)
//! its filters and the inertness of injected markup.

mod common;

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use annex_audit::audit::{self, Levels};
use annex_audit::report::{Report, html};
use annex_audit::source::Source;
use scraper::{ElementRef, Html, Selector};

use common::{fixture_bytes, report};

const SEED: &str = "arrete-2008-01-18.txt";
const INJECTION: &str = "html-injection.txt";

/// The injected label, region heading and quotes, as the fixture prints them.
const SCRIPT_LABEL: &str = "<script>document.title='pwned'</script>";
const IMG_LABEL: &str = "<img src=x onerror=\"document.title='pwned'\">";
const QUOTES_LABEL: &str = "\"quoted\" & 'single'";
const BOLD_HEADING: &str = "<b onmouseover=\"document.title='pwned'\">Atlantide</b>";

/// The HTML page of some fixtures rendered together, as `annex-audit A B --format html` does.
fn page(names: &[&str]) -> String {
    let inputs: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|name| (format!("fixtures/{name}"), fixture_bytes(name)))
        .collect();
    common::render_together(&inputs, html::render)
}

fn select<'a>(document: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).unwrap();
    document.select(&selector).collect()
}

fn text_of(element: &ElementRef<'_>) -> String {
    element.text().collect()
}

fn attr<'a>(element: &ElementRef<'a>, name: &str) -> &'a str {
    element.value().attr(name).unwrap_or_default()
}

fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn seed_matrix_has_a_column_per_region_and_a_row_per_code() {
    let json = report(SEED);
    let document = Html::parse_document(&page(&[SEED]));
    let columns = select(&document, "table#matrix th.region-column");
    let names: Vec<String> = columns.iter().map(text_of).collect();
    assert_eq!(names.len(), 22);
    assert_eq!(names, strings(&json["regions"], "name"));
    // The official name goes in the title of a column whose heading differs from it.
    let ile_de_france = &columns[names.iter().position(|n| n == "Ile de France").unwrap()];
    assert!(attr(ile_de_france, "title").contains("Île-de-France (INSEE 11)"));
    assert!(attr(ile_de_france, "title").contains("region-name-variant"));

    // Every row of every table is one open cell (the seed repeats no code within a region).
    assert_eq!(select(&document, "table#matrix td.cell.open").len(), 481);
    let codes: HashSet<String> = json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|region| strings(&region["rows"], "code"))
        .collect();
    let rows = select(&document, "table#matrix tbody tr");
    assert_eq!(rows.len(), codes.len());
    // 52121's agreed label is the one 7 of its 11 rows print, not the variants.
    let row_52121 = rows
        .iter()
        .find(|row| text_of(&select_in(row, "th.code")[0]) == "52121")
        .unwrap();
    assert_eq!(
        text_of(&select_in(row_52121, "td.label")[0]),
        "Dessinateur-projeteur de la construction mécanique et du travail des métaux"
    );
}

fn select_in<'a>(element: &ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).unwrap();
    element.select(&selector).collect()
}

#[test]
fn seed_matrix_marks_the_cells_with_findings() {
    let document = Html::parse_document(&page(&[SEED]));
    let flagged = select(&document, "table#matrix td.cell.flagged");
    // One cell per finding about a row (7 label variants, 5 unsorted rows, 1 code-label
    // mismatch; no two on the same row). The 7 about whole tables flag their column instead:
    // 4 count mismatches, 2 region name variants, and a blank line in Champagne-Ardennes too.
    assert_eq!(flagged.len(), 13);
    assert_eq!(
        select(&document, "table#matrix th.region-column.flagged").len(),
        6
    );
    let mismatch = flagged
        .iter()
        .find(|cell| attr(cell, "title").starts_with("Ile de France · 52213 · line 300"))
        .unwrap();
    assert!(attr(mismatch, "class").contains("sev-error"));
    assert!(attr(mismatch, "title").ends_with("code-label-mismatch"));
    let clean = select(&document, "table#matrix td.cell.open:not(.flagged)");
    assert!(clean.iter().all(|cell| !attr(cell, "title").contains('—')));
}

#[test]
fn seed_page_has_one_entry_per_finding_with_its_details() {
    let json = report(SEED);
    let document = Html::parse_document(&page(&[SEED]));
    let entries = select(&document, ".finding");
    assert_eq!(entries.len(), 20);
    let rules: Vec<&str> = entries.iter().map(|e| attr(e, "data-rule")).collect();
    assert_eq!(rules, strings(&json["diagnostics"], "rule"));
    let severities: Vec<&str> = entries.iter().map(|e| attr(e, "data-severity")).collect();
    assert_eq!(severities, strings(&json["diagnostics"], "severity"));
    let count = |severity| severities.iter().filter(|s| **s == severity).count();
    assert_eq!((count("error"), count("warning"), count("info")), (5, 9, 6));

    let entry = entries
        .iter()
        .find(|e| attr(e, "data-rule") == "code-label-mismatch")
        .unwrap();
    assert_eq!(attr(entry, "data-rule-id"), "AA006");
    assert_eq!(
        text_of(&select_in(entry, ".message")[0]),
        "code 52213 is printed with the label of 52313"
    );
    assert!(text_of(&select_in(entry, ".help")[0]).contains("the code is probably 52313"));
    assert_eq!(select_in(entry, "ul.related li").len(), 3);
    // The excerpt: two lines either side, the finding's line highlighted, its span marked.
    let numbers: Vec<String> = select_in(entry, ".excerpt .ln")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(numbers, ["298", "299", "300", "301", "302"]);
    let hit = select_in(entry, ".excerpt .hit");
    assert_eq!(hit.len(), 1);
    assert_eq!(text_of(&select_in(&hit[0], ".ln")[0]), "300");
    assert_eq!(text_of(&select_in(&hit[0], "mark")[0]), "52213");
}

#[test]
fn seed_region_tables_carry_their_findings_inline() {
    let document = Html::parse_document(&page(&[SEED]));
    // Every finding of the seed names its region: each shows once inline.
    assert_eq!(select(&document, ".inline-finding").len(), 20);
    // The label variant of Alsace's 52121 sits right under its row (line 62).
    let row = select(&document, "tr#line-62")[0];
    assert!(attr(&row, "class").contains("sev-warning"));
    let next = row
        .next_siblings()
        .find_map(ElementRef::wrap)
        .expect("a row after line 62");
    assert_eq!(attr(&next, "class"), "inline-finding");
    assert_eq!(attr(&next, "data-rule"), "label-variant");
    // Limousin's count mismatch is about the whole table: under its heading.
    let limousin = select(&document, "section.region")
        .into_iter()
        .find(|region| text_of(&select_in(region, "h3")[0]) == "Limousin")
        .unwrap();
    let inline = select_in(&limousin, "div.inline-finding");
    assert_eq!(inline.len(), 1);
    assert_eq!(attr(&inline[0], "data-rule"), "count-mismatch");
    assert_eq!(
        select_in(&limousin, "tbody tr:not(.inline-finding)").len(),
        20
    );
}

#[test]
fn seed_page_shows_the_document_metadata() {
    let json = report(SEED);
    let document = Html::parse_document(&page(&[SEED]));
    let meta = text_of(&select(&document, "dl.meta")[0]);
    assert_eq!(text_of(&select(&document, "dd.nor")[0]), "IMID0800328A");
    for expected in [
        "ARRÊTÉ",
        "Arrêté du 18 janvier 2008 relatif à la délivrance",
        "2008-01-18",
        "Paris, 2008-01-18",
        "Brice Hortefeux",
        "Christine Lagarde",
        "fixtures/arrete-2008-01-18.txt",
        "31372 bytes",
        "utf-8",
        json["source"]["sha256"].as_str().unwrap(),
    ] {
        assert!(meta.contains(expected), "metadata lacks {expected:?}");
    }
}

#[test]
fn page_is_self_contained() {
    let html = page(&[SEED]);
    let document = Html::parse_document(&html);
    assert_eq!(select(&document, "script").len(), 1);
    assert!(select(&document, "script[src], link, img, iframe, object").is_empty());
    assert!(!html.contains("url(") && !html.contains("@import"));
    let policy = select(&document, "meta[http-equiv=Content-Security-Policy]");
    assert!(attr(&policy[0], "content").starts_with("default-src 'none';"));
}

#[test]
fn several_inputs_get_a_section_each_and_no_duplicate_id() {
    let document = Html::parse_document(&page(&[SEED, "label-variant.txt"]));
    assert_eq!(select(&document, "section.report").len(), 2);
    assert_eq!(select(&document, "table#matrix th.region-column").len(), 22);
    assert_eq!(
        select(&document, "table#matrix-2 th.region-column").len(),
        4
    );
    assert_eq!(select(&document, ".finding").len(), 23);
    let ids: Vec<&str> = select(&document, "[id]")
        .iter()
        .map(|e| attr(e, "id"))
        .collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len());
}

#[test]
fn injected_markup_is_escaped() {
    let html = page(&[INJECTION]);
    for raw in [
        SCRIPT_LABEL,
        IMG_LABEL,
        QUOTES_LABEL,
        BOLD_HEADING,
        "<img",
        "<b ",
        "'pwned'",
    ] {
        assert!(!html.contains(raw), "{raw:?} is in the page unescaped");
    }
    assert!(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
    assert!(html.contains("&quot;quoted&quot; &amp; &#39;single&#39;"));

    let document = Html::parse_document(&html);
    assert_inert(&document);
    // The injection gives findings whose message and label carry the markup.
    let entries = select(&document, ".finding");
    assert_eq!(entries.len(), 4);
    let messages: Vec<String> = entries
        .iter()
        .map(|e| text_of(&select_in(e, ".message")[0]))
        .collect();
    assert!(messages.iter().any(|m| m.contains(SCRIPT_LABEL)));
    assert!(messages.iter().any(|m| m.contains(QUOTES_LABEL)));
    assert!(messages.iter().any(|m| m.contains(BOLD_HEADING)));
}

#[test]
fn every_fixture_and_odd_inputs_render_one_entry_per_finding() {
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(common::fixture_path(""))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .map(|name| (name.clone(), fixture_bytes(&name)))
        .collect();
    inputs.push(("empty".to_owned(), Vec::new()));
    inputs.push((
        "no newline".to_owned(),
        b"Alsace\nCODE ROME\t1 m\xE9tier\n14232".to_vec(),
    ));
    inputs.push(("utf-16".to_owned(), b"\xFF\xFEA\x00\n\x00".to_vec()));
    for (name, raw) in inputs {
        let source = Source::decode(name.as_str(), raw);
        let document = annex_audit::parse::parse(&source);
        let findings = audit::audit(&source, &document, &Levels::default());
        let report = Report::new(&source, &document, &findings);
        let expected = report.diagnostics.len();
        let html = html::render(&[report]);
        let page = Html::parse_document(&html);
        assert_eq!(select(&page, ".finding").len(), expected, "{name}");
        assert!(html.ends_with("</html>\n"), "{name}");
    }
}

/// The injected text shows literally and made no element of its own.
fn assert_inert(document: &Html) {
    assert_eq!(select(document, "script").len(), 1);
    assert!(select(document, "img, b").is_empty());
    for element in select(document, "*") {
        for (name, _) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "an element has an `{name}` attribute"
            );
        }
    }
    let labels: Vec<String> = select(document, "table.rows td:nth-child(2)")
        .iter()
        .map(text_of)
        .collect();
    for label in [SCRIPT_LABEL, IMG_LABEL, QUOTES_LABEL] {
        assert!(labels.iter().any(|l| l == label), "{label:?} not shown");
    }
    let columns: Vec<String> = select(document, "table#matrix th.region-column")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(columns.last().map(String::as_str), Some(BOLD_HEADING));
}

// Headless Chromium: the DOM after the page's script ran.

fn find_chromium() -> Option<PathBuf> {
    let default = Path::new("/usr/bin/chromium");
    if default.is_file() {
        return Some(default.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|directory| directory.join("chromium"))
        .find(|candidate| candidate.is_file())
}

/// Chromium, or `None` (with a note) when it is absent outside CI; CI must have it.
fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    let found = find_chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: chromium is not installed, and CI must run the browser tests \
             (apt-get install chromium)"
        );
        eprintln!("{test}: SKIPPED, chromium is not installed (apt-get install chromium)");
    }
    found
}

/// Writes `html` to a temporary file, opens it with `fragment` and returns the rendered DOM.
fn rendered_dom(chromium: &Path, html: &str, fragment: &str) -> Html {
    let directory = tempfile::tempdir().unwrap();
    let page = directory.path().join("report.html");
    std::fs::write(&page, html).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=2000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}{fragment}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        stdout.read_to_string(&mut dom).map(|_| dom)
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("chromium took more than 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = reader.join().unwrap().unwrap();
    assert!(dom.contains("</html>"), "chromium printed no DOM: {dom:?}");
    Html::parse_document(&dom)
}

fn shown_and_hidden(document: &Html, selector: &str) -> (usize, usize) {
    let hidden = select(document, &format!("{selector}[hidden]")).len();
    (select(document, selector).len() - hidden, hidden)
}

#[test]
fn browser_shows_every_region_column_and_finding() {
    let Some(chromium) = chromium_or_skip("browser_shows_every_region_column_and_finding") else {
        return;
    };
    let dom = rendered_dom(&chromium, &page(&[SEED]), "");
    assert_eq!(select(&dom, "table#matrix th.region-column").len(), 22);
    assert_eq!(shown_and_hidden(&dom, ".finding"), (20, 0));
    assert_eq!(
        text_of(&select(&dom, "#shown")[0]),
        "20 of 20 findings shown"
    );
}

#[test]
fn browser_filters_by_severity_from_the_fragment() {
    let Some(chromium) = chromium_or_skip("browser_filters_by_severity_from_the_fragment") else {
        return;
    };
    let dom = rendered_dom(&chromium, &page(&[SEED]), "#severity=error");
    assert_eq!(shown_and_hidden(&dom, ".finding"), (5, 15));
    let shown = select(&dom, ".finding:not([hidden])");
    assert!(shown.iter().all(|e| attr(e, "data-severity") == "error"));
    let hidden = select(&dom, ".finding[hidden]");
    let count = |severity| {
        hidden
            .iter()
            .filter(|e| attr(e, "data-severity") == severity)
            .count()
    };
    assert_eq!((count("warning"), count("info")), (9, 6));
    // The findings inline in the region tables follow the same filter.
    assert_eq!(shown_and_hidden(&dom, ".inline-finding"), (5, 15));
    assert_eq!(
        text_of(&select(&dom, "#shown")[0]),
        "5 of 20 findings shown"
    );
}

#[test]
fn browser_filters_by_rule_from_the_fragment() {
    let Some(chromium) = chromium_or_skip("browser_filters_by_rule_from_the_fragment") else {
        return;
    };
    // A rule by name and another by id, with the severities left alone.
    let dom = rendered_dom(&chromium, &page(&[SEED]), "#rule=label-variant,AA003");
    let shown = select(&dom, ".finding:not([hidden])");
    let rules: HashSet<&str> = shown.iter().map(|e| attr(e, "data-rule")).collect();
    assert_eq!(shown.len(), 11);
    assert_eq!(rules, HashSet::from(["label-variant", "count-mismatch"]));
}

#[test]
fn browser_never_runs_injected_markup() {
    let Some(chromium) = chromium_or_skip("browser_never_runs_injected_markup") else {
        return;
    };
    // The filter proves the page's own script ran; the injected one must not have.
    let dom = rendered_dom(&chromium, &page(&[INJECTION]), "#severity=error");
    let title = text_of(&select(&dom, "title")[0]);
    assert_eq!(title, "annex-audit: fixtures/html-injection.txt");
    assert_inert(&dom);
    assert_eq!(shown_and_hidden(&dom, ".finding"), (1, 3));
    let shown = select(&dom, ".finding:not([hidden]) .message");
    assert_eq!(
        text_of(&shown[0]),
        format!("{BOLD_HEADING} names no official region")
    );
}
