//! `siteerror`: the friendly guide to HTTP status codes. Serves the web site (the default), looks
//! codes up and searches them in the terminal.

#![forbid(unsafe_code)]

mod cli;
mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::normalize_args(std::env::args_os().collect());
    let cli = <cli::Cli as clap::Parser>::parse_from(args);
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("siteerror: {e:#}");
            ExitCode::from(2)
        }
    }
}
