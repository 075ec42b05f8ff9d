//! `siteerror`: the friendly guide to HTTP status codes. Serves the web site (the default), looks
//! codes up and searches them in the terminal.

#![forbid(unsafe_code)]

mod cli;
mod cmd;

use std::process::ExitCode;

/// The whole binary allocates with mimalloc, for the server's sake: under bench/soak.sh, glibc's
/// malloc kept the memory of a burst of hostile connections after they had closed (36 MiB, for
/// good), where mimalloc gave it back once the server next worked, and it holds less at rest
/// (80 MiB against 148 MiB, measured when pages were still rendered at start-up). See BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
