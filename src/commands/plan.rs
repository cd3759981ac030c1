//! `staffplan plan`: every stage, the plan's files checked before they
//! replace the previous ones.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use super::shared::{emit, load, output_dir, terminal_text};
use super::simulate::run_simulation;
use crate::output;
use crate::pipeline;
use crate::pipeline::Timings;
use crate::report;
use crate::simulate;

/// Run `plan`.
pub fn command(args: &crate::cli::PlanArgs) -> Result<()> {
    let started = Instant::now();
    let scenario = load(&args.out.scenario)?;
    let dir = output_dir(
        args.out.output.as_deref(),
        &args.out.scenario.scenario,
        "plan",
    )?;
    let mut timings = Timings::default();
    timings.record("load_ms", started);
    crate::progress::enable();
    crate::progress::stage("requirements and shift plan");
    let planned = pipeline::plan(scenario, args.time_limit.secs());
    crate::progress::done();
    let mut planned = planned?;
    planned.timings = std::mem::take(&mut planned.timings).after(timings);
    if args.simulate {
        let options = simulate::Options {
            runs: args.runs.unwrap_or(simulate::DEFAULT_RUNS),
            seed: args.seed.unwrap_or(simulate::DEFAULT_SEED),
        };
        run_simulation(&mut planned, &options)?;
    }
    crate::progress::stage("charts, report and the plan's own check");
    let written = write_plan(&dir, "plan", &planned);
    crate::progress::done();
    let written = written?;
    emit(&terminal_text(report::terminal::plan(&planned)))?;
    emit(&report::terminal::roster(&planned.roster))?;
    if let Some(sim) = &planned.simulation {
        emit(&format!(
            "\n{}",
            report::simulation::terminal(&planned.staffed, sim)
        ))?;
    }
    emit(&format!("\nwrote {written} files to {}\n", dir.display()))?;
    planned.timings.record("total_ms", started);
    eprintln!("plan: {}", planned.timings);
    Ok(())
}

/// Write a plan's files to `dir` as `command`'s output. Whatever the solver
/// returned is checked from the written files by the independent checker
/// before the outputs replace the previous ones. Returns the number of files
/// written.
pub fn write_plan(dir: &Path, command: &str, planned: &pipeline::Planned) -> Result<usize> {
    let files = report::plan_files(planned)?;
    let scenario = &planned.staffed.scenario;
    output::write_dir_checked(dir, command, &files, |written| {
        let report =
            crate::checker::check_outputs(written, scenario).context("checking the plan")?;
        anyhow::ensure!(
            report.passed(),
            "the plan failed its own check, so nothing was written:\n{report}"
        );
        Ok(())
    })?;
    Ok(files.len())
}
