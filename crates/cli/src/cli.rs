//! Command-line arguments.

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::net::SocketAddr;

/// The address `siteerror serve` listens on when none is given.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// The friendly guide to HTTP status codes.
#[derive(Debug, Parser)]
#[command(name = "siteerror", version, about, long_about = None,
    after_help = "Examples:\n  siteerror                 serve the site on http://127.0.0.1:8080\n  siteerror 417             explain 417 Expectation Failed\n  siteerror search too many find codes by words\n  siteerror 404 --json      the API's JSON for 404")]
pub struct Cli {
    /// What to do; with no command, serve the site.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web site, the JSON API and the plain-text pages.
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = DEFAULT_ADDR, env = "SITEERROR_ADDR")]
        addr: SocketAddr,
    },
    /// Explain a status code (the same as `siteerror CODE`).
    Lookup {
        /// The code, like 417 (or 403.14).
        code: String,
        /// Print the API's JSON instead of text.
        #[arg(long)]
        json: bool,
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

const COMMANDS: &[&str] = &["serve", "lookup", "search", "help"];

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
