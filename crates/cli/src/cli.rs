//! Command-line arguments.

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::net::SocketAddr;

/// The address `siteerror serve` listens on when none is given.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// The friendly guide to HTTP status codes.
#[derive(Debug, Parser)]
#[command(name = "siteerror", version, about, long_about = None,
    after_help = "Examples:\n  siteerror                 serve the site on http://127.0.0.1:8080\n  siteerror 417             explain 417 Expectation Failed\n  siteerror search too many find codes by words\n  siteerror 404 --json      the API's JSON for 404\n  siteerror compare 401 403 which one, and when\n  siteerror cheat           the cheat sheet\n  siteerror quiz            ten questions")]
pub struct Cli {
    /// What to do; with no command, serve the site.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web site, the JSON API and the plain-text pages.
    Serve(ServeArgs),
    /// Explain a status code (the same as `siteerror CODE`).
    Lookup {
        /// The code, like 417 (or 403.14).
        code: String,
        /// Print the API's JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check URLs: every redirect hop, with advice; exits 1 when any URL ends outside --accept.
    Check(CheckArgs),
    /// Compare two codes side by side, with the decision guide for pairs people confuse.
    Compare {
        /// The first code, like 401 (or a key like nginx-499).
        a: String,
        /// The second code.
        b: String,
        /// Print the API's JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the cheat sheet: every registered code in one line, vendor codes and decision rules.
    Cheat {
        /// Print the JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Play a round of the status code quiz in the terminal.
    Quiz {
        /// Replay a round by its id (shown at the end of every round).
        #[arg(long)]
        round: Option<String>,
    },
    /// Find codes by number, class, name, alias or keyword.
    Search {
        /// The words to look for.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Print the API's JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Options of `siteerror serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = DEFAULT_ADDR, env = "SITEERROR_ADDR")]
    pub addr: SocketAddr,
    /// A network the URL checker may reach although it is private or loopback (repeatable),
    /// for tests and intranet deployments. Addresses in it may use any port.
    #[arg(long = "checker-allow", value_name = "CIDR")]
    pub checker_allow: Vec<ipnet::IpNet>,
    /// A port the URL checker may connect to (repeatable); replaces the default 80, 443, 8080, 8443.
    #[arg(long = "checker-port", value_name = "PORT")]
    pub checker_ports: Vec<u16>,
    /// Playground requests (/status, /random, /anything) one client address may make per
    /// minute; 0 turns the per-client limit off.
    #[arg(long = "playground-rate", value_name = "PER_MINUTE",
        default_value_t = siteerror_site::limits::PLAYGROUND_PER_CLIENT_PER_MINUTE)]
    pub playground_rate: u32,
    /// Seconds a client may take to send a request head, from its first byte; a slower one is
    /// disconnected.
    #[arg(long = "header-timeout", value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..),
        default_value_t = siteerror_site::server::limits::HEADER_TIMEOUT.as_secs())]
    pub header_timeout: u64,
    /// Seconds a connection may stay open with no request in progress.
    #[arg(long = "idle-timeout", value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..),
        default_value_t = siteerror_site::server::limits::IDLE_TIMEOUT.as_secs())]
    pub idle_timeout: u64,
    /// Seconds a request body may pause (the request then gets 400 and the connection closes),
    /// and a response may wait for the client to read it.
    #[arg(long = "body-timeout", value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..),
        default_value_t = siteerror_site::server::limits::BODY_TIMEOUT.as_secs())]
    pub body_timeout: u64,
    /// Connections open at once over all clients (kept under the open-file limit); more are
    /// answered 503 and closed.
    #[arg(long = "max-connections", value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..),
        default_value_t = siteerror_site::server::limits::MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Connections open at once from one client address (an IPv6 client by its /64); more are
    /// answered 503 and closed.
    #[arg(long = "max-connections-per-client", value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..),
        default_value_t = siteerror_site::server::limits::MAX_CONNECTIONS_PER_CLIENT)]
    pub max_connections_per_client: usize,
    /// Seconds requests in flight may take to finish after SIGTERM or Ctrl-C before their
    /// connections are closed.
    #[arg(long = "shutdown-grace", value_name = "SECS",
        default_value_t = siteerror_site::server::limits::SHUTDOWN_GRACE.as_secs())]
    pub shutdown_grace: u64,
    /// A network whose connections are proxies: their `X-Forwarded-For` names the client for
    /// rate limits (repeatable). Without it, `X-Forwarded-For` is never believed.
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Serve Prometheus metrics (OpenMetrics text) at /metrics on this address, apart from the
    /// site; off unless given.
    #[arg(long = "metrics-addr", value_name = "ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// The access log's format on standard error: one line of text or one JSON object per request.
    #[arg(long = "log-format", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// No access log; only errors are logged.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// How `siteerror serve` writes its access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per request.
    Text,
    /// One JSON object per request.
    Json,
}

/// How `siteerror check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text (coloured on a terminal).
    Table,
    /// The API's JSON.
    Json,
    /// One row per URL.
    Csv,
    /// A Markdown table.
    Markdown,
}

/// Which method `siteerror check` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// HEAD, then GET when HEAD is refused or answered oddly.
    Auto,
    /// HEAD only.
    Head,
    /// GET only.
    Get,
}

/// Options of `siteerror check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// URLs to check.
    pub urls: Vec<String>,
    /// Read URLs from a file, one per line (`-` for standard input); blank lines and lines
    /// starting with `#` are skipped.
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: Option<String>,
    /// URLs checked at the same time.
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    /// Requests to one host at the same time.
    #[arg(long, default_value_t = 8)]
    pub per_host: usize,
    /// Milliseconds between two requests to the same host.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub host_spacing: u64,
    /// Redirects followed at most.
    #[arg(long, default_value_t = 10)]
    pub max_redirects: usize,
    /// Seconds allowed for each URL, redirects and retries included.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// The method.
    #[arg(long, value_enum, default_value_t = MethodArg::Auto)]
    pub method: MethodArg,
    /// An extra request header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H', value_name = "HEADER")]
    pub headers: Vec<String>,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Final statuses that count as success: codes, ranges and classes, like `2xx,304` or
    /// `200-299`.
    #[arg(long, default_value = "2xx")]
    pub accept: String,
    /// Apply the server's address policy: refuse private, loopback and other special addresses
    /// and ports other than 80, 443, 8080 and 8443.
    #[arg(long)]
    pub deny_private: bool,
    /// Never show the progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

const COMMANDS: &[&str] = &["serve", "lookup", "search", "check", "compare", "cheat", "quiz", "help"];

/// `siteerror 417` means `siteerror lookup 417`: a first argument that is neither a command nor
/// a flag is taken as a code to look up.
pub fn normalize_args(mut args: Vec<OsString>) -> Vec<OsString> {
    if let Some(first) = args.get(1).and_then(|a| a.to_str()) {
        if !first.starts_with('-') && !COMMANDS.contains(&first) {
            args.insert(1, OsString::from("lookup"));
        }
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(a: &[&str]) -> Vec<String> {
        normalize_args(a.iter().map(OsString::from).collect())
            .into_iter()
            .map(|s| s.into_string().unwrap())
            .collect()
    }

    #[test]
    fn a_bare_code_is_a_lookup() {
        assert_eq!(norm(&["siteerror", "417"]), ["siteerror", "lookup", "417"]);
        assert_eq!(norm(&["siteerror", "search", "x"]), ["siteerror", "search", "x"]);
        assert_eq!(norm(&["siteerror", "--version"]), ["siteerror", "--version"]);
        assert_eq!(norm(&["siteerror"]), ["siteerror"]);
    }
}
