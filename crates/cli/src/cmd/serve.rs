//! `siteerror serve`: the web site.

use anyhow::Context;
use axum::serve::ListenerExt;
use siteerror_catalog::Catalog;
use siteerror_site::Site;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

pub fn run(
    addr: SocketAddr,
    checker_allow: Vec<ipnet::IpNet>,
    checker_ports: Vec<u16>,
    playground_rate: u32,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let catalog = Catalog::embedded().context("the embedded content is invalid")?;
    let mut site = Site::new(catalog).context("rendering the pages failed")?;
    let mut policy = siteerror_checker::AddressPolicy::strict();
    policy.exceptions = checker_allow;
    if !checker_ports.is_empty() {
        policy.allowed_ports = Some(checker_ports.into_iter().collect());
    }
    site.checker = Some(site.checker_service(policy));
    site.playground = siteerror_site::playground::Playground::new(f64::from(playground_rate));
    let pages = site.cache.len();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // On one core a single-threaded runtime avoids work-stealing and cross-thread wake-ups.
    let rt = if cores == 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build()?
    } else {
        tokio::runtime::Builder::new_multi_thread().enable_all().build()?
    };
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        eprintln!(
            "siteerror: {pages} resources rendered in {:.1?}; serving on http://{}",
            started.elapsed(),
            listener.local_addr()?
        );
        let _ = site.listen_addr.set(listener.local_addr()?);
        // Small responses must not wait for Nagle's algorithm.
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let server = axum::serve(
            listener,
            // The client's address feeds the per-client rate limits.
            siteerror_site::app(Arc::new(site)).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal());
        // Run the accept loop on a worker thread, beside the connections, not on this one.
        tokio::spawn(async move { server.await })
            .await
            .context("server task")?
            .context("server error")?;
        eprintln!("siteerror: stopped");
        Ok(ExitCode::SUCCESS)
    })
}

/// Resolves on Ctrl-C or SIGTERM; the server then stops accepting and finishes open requests.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
