//! `staffplan simulate`: plan, then replay the plan against random arrivals.

use std::time::Instant;

use anyhow::{Context, Result};

use super::plan::write_plan;
use super::shared::{emit, load, output_dir};
use crate::pipeline;
use crate::report;
use crate::simulate;

/// `staffplan simulate`: plan, simulate, write the plan's files and the
/// simulation's, print the simulation table.
pub fn command(args: &crate::cli::SimulateArgs) -> Result<()> {
    let started = Instant::now();
    let scenario = load(&args.out.scenario)?;
    let dir = output_dir(
        args.out.output.as_deref(),
        &args.out.scenario.scenario,
        "simulate",
    )?;
    let mut planned = pipeline::plan(scenario, args.time_limit.secs())?;
    let options = simulate::Options {
        runs: args.runs,
        seed: args.seed,
    };
    run_simulation(&mut planned, &options)?;
    let written = write_plan(&dir, "simulate", &planned)?;
    if let Some(sim) = &planned.simulation {
        emit(&report::simulation::terminal(&planned.staffed, sim))?;
    }
    emit(&format!("\nwrote {written} files to {}\n", dir.display()))?;
    planned.timings.record("total_ms", started);
    eprintln!("simulate: {}", planned.timings);
    Ok(())
}

/// Simulate a plan and keep the result in it (its files and report section
/// are then written with the plan's), recording the time taken.
pub fn run_simulation(planned: &mut pipeline::Planned, options: &simulate::Options) -> Result<()> {
    let started = Instant::now();
    let sim = simulate::simulate(&*planned, options).context("simulating the plan")?;
    planned.timings.record("simulation_ms", started);
    planned.simulation = Some(sim);
    Ok(())
}
