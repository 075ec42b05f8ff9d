//! One module per command.

mod lookup;
mod serve;

use crate::cli::{Cli, Command, DEFAULT_ADDR};
use std::process::ExitCode;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => serve::run(DEFAULT_ADDR.parse()?),
        Some(Command::Serve { addr }) => serve::run(addr),
        Some(Command::Lookup { code, json }) => lookup::lookup(&code, json),
        Some(Command::Search { query, json }) => lookup::search(&query.join(" "), json),
    }
}
