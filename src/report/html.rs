//! `--format html`: one self-contained page (inline CSS and JS, nothing fetched).

use super::Report;

pub fn render(reports: &[Report<'_, '_>]) -> String {
    let _ = reports;
    String::from("<!doctype html>\n")
}
