//! `--format csv`: the tidy table, one line per row of every table, for spreadsheets and
//! dataframes (RFC 4180 quoting, UTF-8, a header line).

use std::collections::HashMap;

use super::Report;

const HEADER: [&str; 9] = [
    "file",
    "region",
    "official_region",
    "insee_code",
    "code",
    "label",
    "line",
    "malformed",
    "rules",
];

pub fn render(reports: &[Report<'_, '_>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut records = vec![HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for report in reports {
        // The rules that fired on each line of this file's source.
        let mut rules_at: HashMap<usize, Vec<&str>> = HashMap::new();
        for diagnostic in report.diagnostics.iter().filter(|d| d.file.is_none()) {
            let rules = rules_at.entry(diagnostic.line).or_default();
            if !rules.contains(&diagnostic.rule) {
                rules.push(diagnostic.rule);
            }
        }
        for region in report.regions {
            for row in &region.rows {
                records.push(vec![
                    report.source.path.clone(),
                    region.name.to_string(),
                    region.official_name.clone().unwrap_or_default(),
                    region.insee_code.clone().unwrap_or_default(),
                    row.code.to_string(),
                    row.label.to_string(),
                    row.line.to_string(),
                    row.malformed.to_string(),
                    rules_at
                        .get(&row.line())
                        .map(|r| r.join(";"))
                        .unwrap_or_default(),
                ]);
            }
        }
    }
    for record in records {
        // Writing to memory cannot fail but for a bug in csv; a partial table beats a panic.
        if writer.write_record(&record).is_err() {
            break;
        }
    }
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}
