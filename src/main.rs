//! staffplan's command line: parse, run, print the error chain, pick the exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = match staffplan::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return staffplan::cli::usage_exit(&e),
    };
    match staffplan::commands::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let text = format!("error: {e:#}");
            staffplan::progress::eprint_line(&staffplan::error::clip_echoes(&text));
            std::process::ExitCode::from(staffplan::commands::exit_code(&e) as u8)
        }
    }
}
