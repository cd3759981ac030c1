//! `staffplan capacity`: months ahead — required FTE per pool and period
//! from the real pipeline, the people flow and the cheapest hiring plan.

use std::time::Instant;

use anyhow::Result;

use super::shared::{emit, load, output_dir, terminal_text};
use crate::capacity;
use crate::cli::CapacityArgs;
use crate::output;
use crate::pipeline::Timings;
use crate::report;

/// Run `capacity`.
pub fn command(args: &CapacityArgs) -> Result<()> {
    let started = Instant::now();
    let scenario = load(&args.out.scenario)?;
    let dir = output_dir(
        args.out.output.as_deref(),
        &args.out.scenario.scenario,
        "capacity",
    )?;
    let mut timings = Timings::default();
    timings.record("load_ms", started);
    let planning = Instant::now();
    let required = capacity::required_fte(&scenario, args.time_limit.secs())?;
    timings.record("required_fte_ms", planning);
    let hiring = Instant::now();
    let plan = capacity::hire(&scenario, required)?;
    timings.record("hiring_plan_ms", hiring);
    let files = report::capacity::files(&plan, &scenario, &timings)?;
    output::write_dir(&dir, "capacity", &files)?;
    emit(&terminal_text(report::capacity::terminal(&plan, &scenario)))?;
    emit(&format!(
        "\nwrote {} files to {}\n",
        files.len(),
        dir.display()
    ))?;
    timings.record("total_ms", started);
    eprintln!("capacity: {timings}");
    Ok(())
}
