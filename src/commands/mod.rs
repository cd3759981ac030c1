//! Each command: load, run the stages, render, write, print. This file only
//! dispatches; the helpers every command shares are in [`shared`], so no
//! command imports the dispatcher.

use anyhow::Result;

use crate::cli::{Cli, Command};

pub mod capacity;
pub mod check;
pub mod compare;
pub mod erlang;
pub mod exit_code;
pub mod forecast;
pub mod init;
pub mod plan;
pub mod quote;
pub mod shared;
pub mod simulate;
pub mod staff;

pub use exit_code::{exit_code, ExitCode};
pub use plan::write_plan;

/// Run one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Erlang(a) => erlang::command(&a),
        Command::Check(a) => check::command(&a),
        Command::Staff(a) => staff::command(&a, "staff"),
        Command::Plan(a) => plan::command(&a),
        Command::Simulate(a) => simulate::command(&a),
        Command::Compare(a) => compare::command(&a),
        Command::Quote(a) => quote::command(&a),
        Command::Init(a) => init::command(&a),
        Command::Capacity(a) => capacity::command(&a),
        Command::Forecast(a) => forecast::command(&a),
    }
}
