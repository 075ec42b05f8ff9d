//! `siteerror check`: URLs from the command line or a file, checked concurrently, reported as a
//! table, JSON, CSV or Markdown, with an exit status for CI. Reports are written in input order
//! as the checks finish, and not kept afterwards.

use crate::cli::{CheckArgs, Format, MethodArg};
use anyhow::{Context, bail};
use siteerror_catalog::{IanaRegistry, Sources};
use siteerror_checker::{AcceptSet, AddressPolicy, BulkOptions, CheckOptions, Checker, MethodChoice};
use siteerror_present::text::Palette;
use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

mod report;

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
    let total = urls.len();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let palette = Palette::for_stdout();
    let (failures, written) = rt.block_on(async {
        let bar = show_progress.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} URLs  {elapsed} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        // Each report is written as soon as those before it are, then dropped: memory holds the
        // checks in flight and the few that finished ahead of their turn, not the whole list.
        let mut reports = checker.check_in_order(urls, &bulk);
        let stdout = std::io::BufWriter::new(std::io::stdout().lock());
        let mut out = report::ReportWriter::new(stdout, args.format, accept.clone(), palette)
            .context("cannot write the report")?;
        let (mut failures, mut written) = (0usize, 0usize);
        let mut result = Ok(());
        while let Some(r) = reports.next().await {
            if let Some(bar) = &bar {
                bar.set_position(reports.finished() as u64);
            }
            failures += usize::from(!report::accepted(&r, &accept));
            written += 1;
            result = out.write(&r);
            if result.is_err() {
                break;
            }
        }
        // When the report could not be written (a reader that went away, as `| head` does), the
        // checks still running stop with `reports`, and the exit status is that of the URLs
        // reported.
        drop(reports);
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        match result.and_then(|()| out.finish()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.context("cannot write the report")?,
        }
        anyhow::Ok((failures, written))
    })?;

    if args.format == Format::Table && failures > 0 {
        eprintln!("{failures} of {written} URLs did not end in {}", args.accept);
    }
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
