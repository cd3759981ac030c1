//! staffplan's command line: parse, run, print the error chain, pick the exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = staffplan::cli::Cli::parse();
    match staffplan::commands::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            staffplan::progress::eprint_line(&format!("error: {e:#}"));
            std::process::ExitCode::from(staffplan::commands::exit_code(&e) as u8)
        }
    }
}
