//! `staffplan check`: validate a scenario and print what it asks for.

use anyhow::Result;

use super::shared::{emit, load};
use crate::cli::ScenarioArgs;
use crate::pipeline;
use crate::report;

/// Run `check`.
pub fn command(args: &ScenarioArgs) -> Result<()> {
    let staffed = pipeline::staff(load(args)?)?;
    emit(&report::terminal::check(&staffed))?;
    for warning in crate::shifts::contract_warnings(&staffed) {
        emit(&format!("warning: {warning}\n"))?;
    }
    if let Some(cap) = &staffed.scenario.capacity {
        emit(&report::capacity::check_line(cap, &staffed.scenario))?;
    }
    emit(&format!("\n{}: valid\n", args.scenario.display()))
}
