//! `staffplan simulate`: plan, then replay the plan against random arrivals.

use std::time::Instant;

use anyhow::{Context, Result};

use super::plan::write_plan;
use super::shared::{emit, load, output_dir, write_and_print};
use crate::error::{nearest, UsageError};
use crate::output::OutputFile;
use crate::pipeline;
use crate::report;
use crate::scenario::Scenario;
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
    let options = simulate::Options {
        runs: args.runs,
        seed: args.seed,
    };
    let multi_skill = scenario.pools.iter().any(|p| !p.serves.is_empty());
    if !args.agents.is_empty() && !multi_skill {
        return Err(UsageError(
            "--agents is for scenarios whose pools serve other pools' queues (`serves`); others simulate their plan".into(),
        )
        .into());
    }
    // `--agents` is a staffing what-if (those agents on the floor, no shift
    // plan); without it a multi-skill scenario is planned and its plan
    // simulated, as `plan --simulate` does.
    if !args.agents.is_empty() {
        return agents_command(args, scenario, &dir, &options, started);
    }
    let mut planned = pipeline::plan(scenario, args.time_limit.secs())?;
    run_simulation(&mut planned, &options)?;
    let written = write_plan(&dir, "simulate", &planned)?;
    if let Some(sim) = &planned.simulation {
        emit(&report::simulation::terminal(&planned.staffed, sim))?;
    }
    emit(&format!("\nwrote {written} files to {}\n", dir.display()))?;
    planned.timings.record("total_ms", started);
    crate::progress::eprint_line(&format!("simulate: {}", planned.timings));
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

/// `simulate --agents` of a scenario whose pools are linked by `serves`:
/// the given agents (other pools their multi-skill requirement) on the
/// floor whenever a queue they take is open, no shift plan. Writes the
/// requirement files, summary.json and the simulation's CSV and JSON files.
fn agents_command(
    args: &crate::cli::SimulateArgs,
    scenario: Scenario,
    dir: &std::path::Path,
    options: &simulate::Options,
    started: Instant,
) -> Result<()> {
    let counts = agent_counts(&scenario, &args.agents)?;
    let mut timings = pipeline::Timings::default();
    let staffed = pipeline::staff(scenario)?;
    timings.record("staffing_ms", started);
    let simulating = Instant::now();
    let agents = simulate::open_agents(&staffed, &counts);
    let fixed = counts.iter().any(Option::is_some);
    let sim = simulate::simulate_staffing(&staffed, &agents, !fixed, options);
    timings.record("simulation_ms", simulating);
    let mut files = report::requirement_files(&staffed)?;
    files.push(OutputFile::text(
        "summary.json",
        report::json::summary(&staffed, None, &timings),
    ));
    files.push(OutputFile::text(
        "simulation.json",
        report::simulation::json(&staffed, &sim),
    ));
    for (name, text) in [
        (
            "simulation.csv",
            report::simulation::csv_intervals(&staffed, &sim),
        ),
        (
            "simulation_daily.csv",
            report::simulation::csv_days(&staffed, &sim),
        ),
    ] {
        files.push(OutputFile::text(
            name,
            text.with_context(|| format!("rendering {name}"))?,
        ));
    }
    let text =
        report::skills::terminal(&staffed) + "\n" + &report::simulation::terminal(&staffed, &sim);
    write_and_print(dir, "simulate", &files, text)?;
    timings.record("total_ms", started);
    crate::progress::eprint_line(&format!("simulate: {timings}"));
    Ok(())
}

/// `--agents POOL=N` flags as a count per pool (`None`: not given).
fn agent_counts(scenario: &Scenario, flags: &[String]) -> Result<Vec<Option<u32>>> {
    let mut counts = vec![None; scenario.pools.len()];
    for flag in flags {
        let (id, n) = flag.split_once('=').unwrap_or((flag, ""));
        let ids = scenario.pools.iter().map(|p| p.id.as_str());
        let Some(p) = scenario.pools.iter().position(|p| p.id == id.trim()) else {
            let close = nearest(id.trim(), ids.clone());
            let (what, listed) = if close.is_empty() {
                ("pools", ids.collect())
            } else {
                ("nearest", close)
            };
            return Err(UsageError(format!(
                "--agents {flag}: no pool `{}`; {what}: {}",
                id.trim(),
                listed.join(", ")
            ))
            .into());
        };
        let n: u32 = n
            .trim()
            .parse()
            .ok()
            .filter(|&n| n <= crate::scenario::MAX_AGENTS)
            .ok_or_else(|| {
                UsageError(format!(
                    "--agents {flag}: expected POOL=N with N a whole number of agents from 0 to {}",
                    crate::scenario::MAX_AGENTS
                ))
            })?;
        if counts[p].replace(n).is_some() {
            return Err(UsageError(format!(
                "--agents {flag}: pool `{}` is given twice; give each pool once",
                id.trim()
            ))
            .into());
        }
    }
    Ok(counts)
}
