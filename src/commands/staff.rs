//! `staffplan staff`: requirements only, no shift plan.

use std::time::Instant;

use anyhow::Result;

use super::shared::{load, output_dir, write_and_print};
use crate::cli::OutputArgs;
use crate::output::OutputFile;
use crate::pipeline;
use crate::pipeline::Timings;
use crate::report;

/// Run `staff` (and `command` names the output folder's owner).
pub fn command(args: &OutputArgs, command: &str) -> Result<()> {
    let started = Instant::now();
    let scenario = load(&args.scenario)?;
    let dir = output_dir(args.output.as_deref(), &args.scenario.scenario, command)?;
    let mut timings = Timings::default();
    timings.record("load_ms", started);
    let staffing = Instant::now();
    let staffed = pipeline::staff(scenario)?;
    timings.record("staffing_ms", staffing);
    let mut files = report::requirement_files(&staffed)?;
    files.push(OutputFile::text(
        "summary.json",
        report::json::summary(&staffed, None, &timings),
    ));
    write_and_print(
        &dir,
        command,
        &files,
        report::terminal::staff(&staffed) + &report::skills::terminal(&staffed),
    )?;
    timings.record("total_ms", started);
    crate::progress::eprint_line(&format!("{command}: {timings}"));
    Ok(())
}
