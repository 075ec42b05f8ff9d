//! The report of `siteerror check` in its four formats: an aligned table (coloured on a
//! terminal), JSON, CSV and Markdown. Every format prints the redirect chain `a --[301]--> b`.

use siteerror_checker::{AcceptSet, Outcome, Severity, UrlReport};
use siteerror_present::text::Palette;

/// True when the URL ended in a final status that `accept` contains.
pub fn accepted(report: &UrlReport, accept: &AcceptSet) -> bool {
    matches!(report.outcome, Outcome::Final { status } if accept.contains(status))
}

/// The outcome in a word or three: `200`, `302 (no Location)`, `loop`, `timeout`.
fn outcome_word(r: &UrlReport) -> String {
    match &r.outcome {
        Outcome::Final { status } => status.to_string(),
        Outcome::RedirectWithoutLocation { status } => format!("{status} (no Location)"),
        Outcome::Loop => "loop".into(),
        Outcome::TooManyRedirects { .. } => "too many redirects".into(),
        Outcome::Refused { .. } => "refused".into(),
        Outcome::Error { .. } => "error".into(),
        Outcome::Timeout { .. } => "timeout".into(),
    }
}

/// One row per URL: `ok`/`FAIL`, the outcome, and the URL with its chain and findings on the
/// lines below it. No borders, so the text stays plain when piped; colour comes from `palette`
/// (empty when not on a terminal).
pub fn table(reports: &[UrlReport], accept: &AcceptSet, palette: &Palette) -> String {
    if reports.is_empty() {
        return String::new();
    }
    let c = palette;
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::NOTHING);
    for r in reports {
        let (mark, color) = if accepted(r, accept) {
            ("ok", c.code)
        } else {
            ("FAIL", c.accent)
        };
        let mut details = vec![r.input.clone()];
        if r.hops.len() > 1 {
            details.push(format!("{}{}{}", c.dim, r.chain(), c.reset));
        }
        details.extend(
            r.findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning || r.hops.len() > 1)
                .map(|f| format!("- {}", f.message)),
        );
        table.add_row([
            format!("{color}{mark}{}", c.reset),
            format!("{}{}{}", c.bold, outcome_word(r), c.reset),
            details.join("\n"),
        ]);
    }
    // One space between columns, none before the first.
    for column in table.column_iter_mut() {
        column.set_padding((0, 1));
    }
    table.trim_fmt() + "\n"
}

/// A header row and one row per URL, quoted where a field needs it (`,`, `"`, `\r`, `\n`).
pub fn csv(reports: &[UrlReport]) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "url",
        "outcome",
        "final_status",
        "final_url",
        "redirects",
        "chain",
        "elapsed_ms",
        "findings",
    ])?;
    for r in reports {
        let findings: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
        out.write_record([
            r.input.as_str(),
            &outcome_word(r),
            &r.final_status.map(|s| s.to_string()).unwrap_or_default(),
            r.final_url.as_deref().unwrap_or(""),
            &r.hops.len().saturating_sub(1).to_string(),
            &r.chain().to_string(),
            &r.elapsed_ms.to_string(),
            &findings.join("; "),
        ])?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    // Every field written was a `&str`, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Text for one Markdown table cell: `|` escaped, line breaks as spaces, so that a cell can never
/// end its row or split into two cells.
fn md(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\r', '\n'], " ").replace('|', "\\|")
}

/// A Markdown (GitHub) table, one row per URL.
pub fn markdown(reports: &[UrlReport], accept: &AcceptSet) -> String {
    let mut out = String::from("| | URL | Result | Chain | Findings |\n|---|---|---|---|---|\n");
    for r in reports {
        let findings: Vec<String> = r.findings.iter().map(|f| md(&f.message)).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            if accepted(r, accept) { "✅" } else { "❌" },
            md(&r.input),
            md(&outcome_word(r)),
            md(&r.chain().to_string()),
            findings.join("<br>")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use siteerror_checker::{Finding, RedirectHop};

    fn hop(url: &str, status: u16, location: Option<&str>) -> RedirectHop {
        RedirectHop {
            url: url.into(),
            method: "HEAD".into(),
            status,
            reason: String::new(),
            status_name: None,
            location: location.map(str::to_string),
            http_version: "HTTP/1.1".into(),
            remote_addr: "127.0.0.1:80".parse().expect("an address"),
            ttfb_ms: 1,
            total_ms: 2,
            retries: 0,
            waits: Vec::new(),
            fell_back_to_get: false,
        }
    }

    fn finding(message: &str) -> Finding {
        Finding {
            severity: Severity::Warning,
            code: None,
            message: message.into(),
        }
    }

    /// A redirect and a failure, with the characters that break naive CSV and Markdown in the
    /// input, the chain and the findings.
    fn odd_reports() -> Vec<UrlReport> {
        let odd = "http://127.0.0.1/a\rb,c\"d|e\nf";
        vec![
            UrlReport {
                input: odd.into(),
                hops: vec![hop(odd, 301, Some("/new|x")), hop("http://127.0.0.1/new|x", 200, None)],
                outcome: Outcome::Final { status: 200 },
                findings: vec![finding("line one\r\nline two | with \"quotes\", commas")],
                final_status: Some(200),
                final_url: Some("http://127.0.0.1/new|x".into()),
                elapsed_ms: 7,
            },
            UrlReport {
                input: "http://127.0.0.1/plain".into(),
                hops: vec![hop("http://127.0.0.1/plain", 302, None)],
                outcome: Outcome::RedirectWithoutLocation { status: 302 },
                findings: vec![finding("no Location")],
                final_status: Some(302),
                final_url: Some("http://127.0.0.1/plain".into()),
                elapsed_ms: 3,
            },
        ]
    }

    fn accept_2xx() -> AcceptSet {
        AcceptSet::parse("2xx").expect("2xx parses")
    }

    #[test]
    fn csv_quotes_carriage_returns_and_reads_back_unchanged() {
        let reports = odd_reports();
        let text = csv(&reports).expect("CSV in memory");
        // A lone \r ends a record for most CSV readers: it must be inside quotes.
        assert!(
            text.starts_with("url,outcome,final_status,final_url,redirects,chain,elapsed_ms,findings\n\"http://127.0.0.1/a\rb,c\"\"d|e\nf\",200,200,"),
            "{text:?}"
        );
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("valid CSV");
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], reports[0].input);
        assert_eq!(&rows[0][1], "200");
        assert_eq!(&rows[0][4], "1");
        assert_eq!(&rows[0][5], reports[0].chain().to_string());
        assert_eq!(&rows[0][7], "line one\r\nline two | with \"quotes\", commas");
        assert_eq!(&rows[1][1], "302 (no Location)");
        assert_eq!(&rows[1][7], "no Location");
    }

    #[test]
    fn markdown_escapes_pipes_and_line_breaks() {
        let text = markdown(&odd_reports(), &accept_2xx());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "a header, a rule and one line per URL: {text:?}");
        assert!(!text.contains('\r'), "{text:?}");
        assert_eq!(
            lines[2],
            "| ✅ | http://127.0.0.1/a b,c\"d\\|e f | 200 | http://127.0.0.1/a b,c\"d\\|e f --[301]--> http://127.0.0.1/new\\|x --[200] | line one line two \\| with \"quotes\", commas |"
        );
        assert_eq!(
            lines[3],
            "| ❌ | http://127.0.0.1/plain | 302 (no Location) | http://127.0.0.1/plain --[302] | no Location |"
        );
        for line in &lines[2..] {
            let unescaped = line
                .match_indices('|')
                .filter(|(i, _)| !line[..*i].ends_with('\\'))
                .count();
            assert_eq!(unescaped, 6, "five cells: {line}");
        }
    }

    #[test]
    fn plain_table_aligns_columns_and_keeps_the_chain() {
        let reports = vec![
            UrlReport {
                input: "http://127.0.0.1/old".into(),
                hops: vec![
                    hop("http://127.0.0.1/old", 301, Some("/new")),
                    hop("http://127.0.0.1/new", 200, None),
                ],
                outcome: Outcome::Final { status: 200 },
                findings: vec![finding("1 redirect: link straight to the final URL")],
                final_status: Some(200),
                final_url: Some("http://127.0.0.1/new".into()),
                elapsed_ms: 5,
            },
            odd_reports().remove(1),
        ];
        let text = table(&reports, &accept_2xx(), &Palette::plain());
        assert_eq!(
            text,
            "ok   200               http://127.0.0.1/old\n\
             \x20                      http://127.0.0.1/old --[301]--> http://127.0.0.1/new --[200]\n\
             \x20                      - 1 redirect: link straight to the final URL\n\
             FAIL 302 (no Location) http://127.0.0.1/plain\n\
             \x20                      - no Location\n"
        );
        assert!(!text.contains('\x1b'), "no escape codes when plain");
    }

    #[test]
    fn coloured_table_keeps_columns_aligned() {
        let reports = odd_reports().split_off(1);
        let text = table(&reports, &accept_2xx(), &Palette::ansi());
        assert!(
            text.contains("\x1b[1;36mFAIL\x1b[0m \x1b[1m302 (no Location)\x1b[0m http://127.0.0.1/plain"),
            "{text:?}"
        );
        let second = text.lines().nth(1).expect("a findings line");
        assert_eq!(
            second,
            format!("{}- no Location", " ".repeat("FAIL 302 (no Location) ".len()))
        );
    }

    #[test]
    fn an_empty_report_is_empty() {
        assert_eq!(table(&[], &accept_2xx(), &Palette::plain()), "");
        assert_eq!(
            csv(&[]).expect("CSV"),
            "url,outcome,final_status,final_url,redirects,chain,elapsed_ms,findings\n"
        );
    }
}
