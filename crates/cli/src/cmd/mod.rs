//! One module per command.

mod check;
mod lookup;
mod quiz;
mod serve;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        // No command means `serve` with every default.
        None => match <Cli as clap::Parser>::parse_from(["siteerror", "serve"]).command {
            Some(Command::Serve(args)) => serve::run(args),
            _ => anyhow::bail!("the default command is serve"),
        },
        Some(Command::Serve(args)) => serve::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Lookup { code, json }) => lookup::lookup(&code, json),
        Some(Command::Search { query, json }) => lookup::search(&query.join(" "), json),
        Some(Command::Compare { a, b, json }) => lookup::compare(&a, &b, json),
        Some(Command::Cheat { json }) => lookup::cheat(json),
        Some(Command::Quiz { round }) => quiz::run(round.as_deref()),
    }
}
