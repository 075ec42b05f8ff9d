//! The report of `siteerror check` in its four formats: an aligned table (coloured on a
//! terminal), JSON, CSV and Markdown. Every format prints the redirect chain `a --[301]--> b`.
//!
//! A report is written one URL at a time, as the checks finish in input order, so that a long
//! list is never held in memory whole: JSON, CSV and Markdown rows go out as they come. Only the
//! table waits for its last row, because its columns are as wide as their widest cell; it keeps
//! rows of text, not the reports.

use crate::cli::Format;
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter, Serializer};
use siteerror_checker::{AcceptSet, Outcome, Severity, UrlReport};
use siteerror_present::text::Palette;
use std::io::{self, Write};

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

/// Writes a report, one URL at a time, in one format.
pub struct ReportWriter<W: Write> {
    sink: Sink<W>,
    accept: AcceptSet,
    /// URLs written so far.
    written: usize,
}

/// Where the report goes, with what each format keeps between URLs.
enum Sink<W: Write> {
    Json(W),
    Csv(Box<csv::Writer<W>>),
    Markdown(W),
    Table(W, Box<comfy_table::Table>, Palette),
}

impl<W: Write> ReportWriter<W> {
    /// Starts a report: the CSV header row or the Markdown table head go out at once. `palette`
    /// colours the table (plain when not on a terminal).
    pub fn new(mut out: W, format: Format, accept: AcceptSet, palette: Palette) -> io::Result<Self> {
        let sink = match format {
            Format::Json => Sink::Json(out),
            Format::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record([
                    "url",
                    "outcome",
                    "final_status",
                    "final_url",
                    "redirects",
                    "chain",
                    "elapsed_ms",
                    "findings",
                ])?;
                Sink::Csv(Box::new(csv))
            }
            Format::Markdown => {
                out.write_all(b"| | URL | Result | Chain | Findings |\n|---|---|---|---|---|\n")?;
                Sink::Markdown(out)
            }
            Format::Table => {
                let mut table = comfy_table::Table::new();
                table.load_preset(comfy_table::presets::NOTHING);
                Sink::Table(out, Box::new(table), palette)
            }
        };
        Ok(ReportWriter {
            sink,
            accept,
            written: 0,
        })
    }

    /// Writes one URL's report (the table keeps it as a row until [`ReportWriter::finish`]).
    pub fn write(&mut self, r: &UrlReport) -> io::Result<()> {
        let first = self.written == 0;
        match &mut self.sink {
            Sink::Json(out) => {
                // The same bytes as the whole array through `serde_json::to_string_pretty`: each
                // element on its own lines, indented one level inside `[` and `]`.
                if first {
                    out.write_all(b"[")?;
                }
                let mut formatter = PrettyFormatter::new();
                formatter.begin_array(&mut io::sink())?;
                formatter.begin_array_value(&mut *out, first)?;
                r.serialize(&mut Serializer::with_formatter(&mut *out, formatter))
                    .map_err(io::Error::other)?;
            }
            Sink::Csv(csv) => {
                let findings: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
                csv.write_record([
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
            Sink::Markdown(out) => {
                let findings: Vec<String> = r.findings.iter().map(|f| md(&f.message)).collect();
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    if accepted(r, &self.accept) { "✅" } else { "❌" },
                    md(&r.input),
                    md(&outcome_word(r)),
                    md(&r.chain().to_string()),
                    findings.join("<br>")
                )?;
            }
            Sink::Table(_, table, palette) => {
                table.add_row(table_row(r, &self.accept, palette));
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Ends the report (the JSON array's `]`, the whole table) and flushes it.
    pub fn finish(self) -> io::Result<()> {
        match self.sink {
            Sink::Json(mut out) => {
                out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
                out.flush()
            }
            Sink::Csv(mut csv) => csv.flush(),
            Sink::Markdown(mut out) => out.flush(),
            Sink::Table(mut out, mut table, _) => {
                if self.written > 0 {
                    // One space between columns, none before the first.
                    for column in table.column_iter_mut() {
                        column.set_padding((0, 1));
                    }
                    out.write_all(table.trim_fmt().as_bytes())?;
                    out.write_all(b"\n")?;
                }
                out.flush()
            }
        }
    }
}

/// One table row: `ok`/`FAIL`, the outcome, and the URL with its chain and findings on the
/// lines below it. No borders, so the text stays plain when piped; colour comes from `palette`
/// (empty when not on a terminal).
fn table_row(r: &UrlReport, accept: &AcceptSet, c: &Palette) -> [String; 3] {
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
    [
        format!("{color}{mark}{}", c.reset),
        format!("{}{}{}", c.bold, outcome_word(r), c.reset),
        details.join("\n"),
    ]
}

/// Text for one Markdown table cell: `|` escaped, line breaks as spaces, so that a cell can never
/// end its row or split into two cells.
fn md(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\r', '\n'], " ").replace('|', "\\|")
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

    /// The whole report, written one URL at a time as `siteerror check` writes it.
    fn render(format: Format, reports: &[UrlReport], palette: Palette) -> String {
        let mut out = Vec::new();
        let mut writer = ReportWriter::new(&mut out, format, accept_2xx(), palette).expect("a report in memory");
        for r in reports {
            writer.write(r).expect("a report in memory");
        }
        writer.finish().expect("a report in memory");
        String::from_utf8(out).expect("UTF-8")
    }

    fn csv(reports: &[UrlReport]) -> String {
        render(Format::Csv, reports, Palette::plain())
    }

    fn markdown(reports: &[UrlReport]) -> String {
        render(Format::Markdown, reports, Palette::plain())
    }

    fn table(reports: &[UrlReport], palette: Palette) -> String {
        render(Format::Table, reports, palette)
    }

    #[test]
    fn json_written_a_url_at_a_time_is_the_whole_array_pretty_printed() {
        for reports in [odd_reports(), odd_reports().split_off(1), Vec::new()] {
            let whole = serde_json::to_string_pretty(&reports).expect("JSON") + "\n";
            assert_eq!(render(Format::Json, &reports, Palette::plain()), whole);
        }
    }

    #[test]
    fn csv_quotes_carriage_returns_and_reads_back_unchanged() {
        let reports = odd_reports();
        let text = csv(&reports);
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
        let text = markdown(&odd_reports());
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
        let text = table(&reports, Palette::plain());
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
        let text = table(&reports, Palette::ansi());
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
        assert_eq!(table(&[], Palette::plain()), "");
        assert_eq!(
            csv(&[]),
            "url,outcome,final_status,final_url,redirects,chain,elapsed_ms,findings\n"
        );
    }
}
