//! One module per command.

mod check;
mod lookup;
mod quiz;
mod serve;

use crate::cli::{Cli, Command, DEFAULT_ADDR};
use std::process::ExitCode;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => serve::run(DEFAULT_ADDR.parse()?, Vec::new(), Vec::new(), 600),
        Some(Command::Serve {
            addr,
            checker_allow,
            checker_ports,
            playground_rate,
        }) => serve::run(addr, checker_allow, checker_ports, playground_rate),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Lookup { code, json }) => lookup::lookup(&code, json),
        Some(Command::Search { query, json }) => lookup::search(&query.join(" "), json),
        Some(Command::Compare { a, b, json }) => lookup::compare(&a, &b, json),
        Some(Command::Cheat { json }) => lookup::cheat(json),
        Some(Command::Quiz { round }) => quiz::run(round.as_deref()),
    }
}
