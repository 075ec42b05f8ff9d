//! `siteerror check`: URLs from the command line or a file, checked concurrently, reported as a
//! table, JSON, CSV or Markdown, with an exit status for CI.

use crate::cli::{CheckArgs, Format, MethodArg};
use anyhow::{Context, bail};
use siteerror_catalog::{IanaRegistry, Sources};
use siteerror_checker::{
    AcceptSet, AddressPolicy, BulkOptions, CheckOptions, Checker, MethodChoice, Outcome, Severity, UrlReport,
};
use siteerror_site::text::Palette;
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

fn read_urls(args: &CheckArgs) -> anyhow::Result<Vec<String>> {
    let mut urls = args.urls.clone();
    if let Some(file) = &args.file {
        let text = if file == "-" {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read standard input")?;
            s
        } else {
            std::fs::read_to_string(file).with_context(|| format!("cannot read {file}"))?
        };
        urls.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    if urls.is_empty() {
        bail!("no URLs: give them as arguments or with --file");
    }
    Ok(urls)
}

fn options(args: &CheckArgs) -> anyhow::Result<CheckOptions> {
    if !(args.timeout > 0.0 && args.timeout <= 3600.0) {
        bail!("--timeout must be between 0 and 3600 seconds");
    }
    let total = Duration::from_secs_f64(args.timeout);
    let mut headers = Vec::new();
    for h in &args.headers {
        let (name, value) = h
            .split_once(':')
            .with_context(|| format!("--header {h:?} must look like 'Name: value'"))?;
        headers.push((
            http::HeaderName::try_from(name.trim()).with_context(|| format!("bad header name {name:?}"))?,
            http::HeaderValue::try_from(value.trim()).with_context(|| format!("bad header value in {h:?}"))?,
        ));
    }
    Ok(CheckOptions {
        max_redirects: args.max_redirects,
        method: match args.method {
            MethodArg::Auto => MethodChoice::Auto,
            MethodArg::Head => MethodChoice::Head,
            MethodArg::Get => MethodChoice::Get,
        },
        hop_timeout: total.min(Duration::from_secs(10)),
        total_timeout: total,
        headers,
        ..CheckOptions::default()
    })
}

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    // Before anything else: a mistyped --accept must stop the run before any URL is contacted.
    let accept = AcceptSet::parse(&args.accept).with_context(|| format!("invalid --accept {:?}", args.accept))?;
    let urls = read_urls(&args)?;
    let options = options(&args)?;
    let policy = if args.deny_private {
        AddressPolicy::strict()
    } else {
        AddressPolicy::permissive()
    };
    // Status names come straight from the embedded IANA registry (the catalog's IANA names equal
    // it, as its validation ensures), which is far cheaper than loading the whole catalog.
    let registry = IanaRegistry::parse(Sources::embedded().iana_csv).map_err(anyhow::Error::msg)?;
    let names: HashMap<u16, String> = registry.assigned().map(|r| (r.first, r.description.clone())).collect();
    let checker = Checker::new(policy, options).with_status_names(Arc::new(move |c| names.get(&c).cloned()));
    let bulk = BulkOptions {
        concurrency: args.concurrency.max(1),
        per_host: args.per_host.max(1),
        host_spacing: Duration::from_millis(args.host_spacing),
    };

    let show_progress = !args.no_progress && std::io::stderr().is_terminal() && urls.len() > 1;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let reports = rt.block_on(async {
        let bar = show_progress.then(|| {
            let bar = indicatif::ProgressBar::new(urls.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} URLs  {elapsed} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        let mut rx = checker.check_many(urls.clone(), &bulk);
        let mut out: Vec<Option<UrlReport>> = vec![None; urls.len()];
        while let Some((i, r)) = rx.recv().await {
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            out[i] = Some(r);
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        out.into_iter().flatten().collect::<Vec<_>>()
    });

    let ok = |r: &UrlReport| matches!(r.outcome, Outcome::Final { status } if accept.contains(status));
    let failures = reports.iter().filter(|r| !ok(r)).count();
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&reports)? + "\n",
        Format::Csv => csv(&reports),
        Format::Markdown => markdown(&reports, &ok),
        Format::Table => table(&reports, &ok, &Palette::for_stdout()),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.context("cannot write the report")?,
    }
    if args.format == Format::Table && failures > 0 {
        eprintln!("{failures} of {} URLs did not end in {}", reports.len(), args.accept);
    }
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

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

fn table(reports: &[UrlReport], ok: &dyn Fn(&UrlReport) -> bool, c: &Palette) -> String {
    let mut out = String::new();
    for r in reports {
        let (mark, color) = if ok(r) { ("ok  ", c.code) } else { ("FAIL", c.accent) };
        out.push_str(&format!(
            "{color}{mark}{} {}{}{} {}\n",
            c.reset,
            c.bold,
            outcome_word(r),
            c.reset,
            r.input
        ));
        if r.hops.len() > 1 {
            out.push_str(&format!("     {}{}{}\n", c.dim, r.chain(), c.reset));
        }
        for f in r
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning || r.hops.len() > 1)
        {
            out.push_str(&format!("     - {}\n", f.message));
        }
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(reports: &[UrlReport]) -> String {
    let mut out = String::from("url,outcome,final_status,final_url,redirects,chain,elapsed_ms,findings\n");
    for r in reports {
        let findings: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
        let row = [
            csv_field(&r.input),
            csv_field(&outcome_word(r)),
            r.final_status.map(|s| s.to_string()).unwrap_or_default(),
            csv_field(r.final_url.as_deref().unwrap_or("")),
            r.hops.len().saturating_sub(1).to_string(),
            csv_field(&r.chain().to_string()),
            r.elapsed_ms.to_string(),
            csv_field(&findings.join("; ")),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(reports: &[UrlReport], ok: &dyn Fn(&UrlReport) -> bool) -> String {
    let mut out = String::from("| | URL | Result | Chain | Findings |\n|---|---|---|---|---|\n");
    for r in reports {
        let findings: Vec<String> = r.findings.iter().map(|f| md(&f.message)).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            if ok(r) { "✅" } else { "❌" },
            md(&r.input),
            md(&outcome_word(r)),
            md(&r.chain().to_string()),
            findings.join("<br>")
        ));
    }
    out
}
