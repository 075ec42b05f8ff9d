//! `siteerror serve`: the web site.

use crate::cli::{LogFormat, ServeArgs};
use anyhow::Context;
use siteerror_catalog::Catalog;
use siteerror_site::server::ServerLimits;
use siteerror_site::{Site, SiteConfig};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often rate-limit state of idle clients is forgotten.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// Buffer of the log writer: lines waiting for it are written together.
const LOG_BUFFER: usize = 64 * 1024;

/// The access log goes to standard error, one line per request; `--quiet` leaves only errors.
/// Lines are written by a thread of their own, in batches (a write per request would cost more
/// than answering it), and none is dropped: a request waits when the log is that far behind.
/// The returned guard writes what is left when it is dropped.
fn init_logging(format: LogFormat, quiet: bool) -> tracing_appender::non_blocking::WorkerGuard {
    let level = if quiet {
        tracing::Level::ERROR
    } else {
        tracing::Level::INFO
    };
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("siteerror-log")
        .finish(std::io::BufWriter::with_capacity(LOG_BUFFER, std::io::stderr()));
    let builder = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(level)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    // A second subscriber (tests that start serve twice in one process) is not an error.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    guard
}

pub fn run(opts: ServeArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let _log = init_logging(opts.log_format, opts.quiet);
    let catalog = Catalog::embedded().context("the embedded content is invalid")?;
    let mut policy = siteerror_checker::AddressPolicy::strict();
    policy.exceptions = opts.checker_allow;
    if !opts.checker_ports.is_empty() {
        policy.allowed_ports = Some(opts.checker_ports.into_iter().collect());
    }
    let config = SiteConfig::default()
        .checker_policy(policy)
        .playground_rate(opts.playground_rate)
        .trusted_proxies(opts.trusted_proxies.clone())
        .metrics(opts.metrics_addr.is_some());
    let site = Arc::new(Site::new(catalog, config).context("rendering the pages failed")?);
    let pages = site.pages().len();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // On one core a single-threaded runtime avoids work-stealing and cross-thread wake-ups.
    let rt = if cores == 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build()?
    } else {
        tokio::runtime::Builder::new_multi_thread().enable_all().build()?
    };
    rt.block_on(async move {
        // The signal handlers are in place before the server says it is ready, so a SIGTERM
        // sent as soon as it is ready stops it cleanly.
        let shutdown = shutdown_signal().context("cannot install the signal handlers")?;
        let listener = tokio::net::TcpListener::bind(opts.addr)
            .await
            .with_context(|| format!("cannot listen on {}", opts.addr))?;
        let local = listener.local_addr()?;
        site.set_listen_addr(local);
        let sweeper = site.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(SWEEP_EVERY);
            every.tick().await;
            loop {
                every.tick().await;
                sweeper.sweep_rate_limits();
            }
        });
        let limits = ServerLimits::default()
            .header_timeout(Duration::from_secs(opts.header_timeout))
            .idle_timeout(Duration::from_secs(opts.idle_timeout))
            .body_timeout(Duration::from_secs(opts.body_timeout))
            .max_connections(opts.max_connections)
            .max_connections_per_client(opts.max_connections_per_client)
            .shutdown_grace(Duration::from_secs(opts.shutdown_grace));
        let mut metrics_local = None;
        if let Some(addr) = opts.metrics_addr {
            let metrics = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr} for metrics"))?;
            metrics_local = Some(metrics.local_addr()?);
            let router = siteerror_site::metrics::metrics_app(site.clone());
            tokio::spawn(async move { axum::serve(metrics, router).await });
        }
        eprintln!(
            "siteerror: {pages} resources rendered in {:.1?}; serving on http://{local}",
            started.elapsed(),
        );
        if let Some(m) = metrics_local {
            eprintln!("siteerror: metrics on http://{m}/metrics");
        }
        // Run the accept loop on a worker thread, beside the connections, not on this one.
        tokio::spawn(siteerror_site::server::serve(site, listener, limits, shutdown))
            .await
            .context("server task")?;
        eprintln!("siteerror: stopped");
        Ok(ExitCode::SUCCESS)
    })
}

/// Installs the Ctrl-C and SIGTERM handlers now, and returns a future that resolves on either;
/// the server then stops accepting and finishes open requests.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    #[cfg(unix)]
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    })
}
