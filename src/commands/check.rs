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
    let unworkable = crate::shifts::unworkable(&staffed);
    if !unworkable.is_empty() {
        let outcome = if staffed.scenario.shifts.coverage == Some(crate::scenario::Coverage::Soft) {
            "`plan` will leave them short (soft coverage)"
        } else {
            "`plan` will fail on them (exit 3) unless `shifts.coverage` is soft"
        };
        emit(&format!(
            "warning: {} interval(s) need agents that no shift template can work; {outcome}:\n{}",
            unworkable.len(),
            crate::shifts::gaps_summary(&unworkable)
        ))?;
    }
    if let Some(cap) = &staffed.scenario.capacity {
        emit(&report::capacity::check_line(cap, &staffed.scenario))?;
    }
    emit(&format!("\n{}: valid\n", args.scenario.display()))
}
