//! `staffplan staff`: requirements only, no shift plan.

use std::time::Instant;

use anyhow::Result;

use super::shared::{emit, load, output_dir, terminal_text};
use crate::cli::OutputArgs;
use crate::output::{self, OutputFile};
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
    output::write_dir(&dir, command, &files)?;
    emit(&terminal_text(report::terminal::staff(&staffed)))?;
    emit(&format!(
        "\nwrote {} files to {}\n",
        files.len(),
        dir.display()
    ))?;
    timings.record("total_ms", started);
    eprintln!("{command}: {timings}");
    Ok(())
}
