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
use crate::staffing::Staffed;

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
    let started = Instant::now();
    let staffed = pipeline::staff(scenario);
    timings.record("staffing_ms", started);
    let staffed = staffed?;
    let exported = match &args.export_model {
        Some(export) => {
            let started = Instant::now();
            let files = export_model(export, &dir, &staffed)?;
            timings.record("export_ms", started);
            Some((export, files))
        }
        None => None,
    };
    // `check`'s warnings about the staff list, repeated under the plan.
    let warnings = crate::shifts::contract_warnings(&staffed);
    let planned = pipeline::plan_staffed(staffed, args.time_limit.secs(), timings);
    crate::progress::done();
    let mut planned = planned?;
    if args.explain_surplus {
        crate::progress::stage("surplus hours by cause");
        let explained = pipeline::explain_surplus(&mut planned);
        crate::progress::done();
        explained?;
    }
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
    for warning in warnings {
        emit(&format!("warning: {warning}\n"))?;
    }
    if let Some(sim) = &planned.simulation {
        emit(&format!(
            "\n{}",
            report::simulation::terminal(&planned.staffed, sim)
        ))?;
    }
    emit(&format!("\nwrote {written} files to {}\n", dir.display()))?;
    if let Some((export, files)) = exported {
        emit(&format!(
            "wrote {files} files of the model to {} (README.txt there says how to solve it)\n",
            export.display()
        ))?;
    }
    planned.timings.record("total_ms", started);
    crate::progress::eprint_line(&format!("plan: {}", planned.timings));
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

/// Write each pool's integer program and its tour list into `export`
/// (before planning, so they are there for another solver even when the
/// plan is infeasible); returns the number of files written. The folder must
/// be neither the plan's output folder nor inside it, nor hold it.
fn export_model(export: &Path, plan_dir: &Path, staffed: &Staffed) -> Result<usize> {
    let target = output::follow_links(export)?;
    let (a, b) = (resolved(&target)?, resolved(plan_dir)?);
    if a.starts_with(&b) || b.starts_with(&a) {
        return Err(crate::error::UsageError(format!(
            "--export-model {}: that folder is, holds or lies inside the plan's output folder {}; choose a folder of its own",
            export.display(),
            plan_dir.display()
        ))
        .into());
    }
    output::check_dir(&target, "export-model")?;
    let files = report::model::files(staffed)?;
    output::write_dir(&target, "export-model", &files)?;
    Ok(files.len())
}

/// `path` made absolute, its longest existing ancestor with links and `..`
/// resolved, the rest as written: two spellings of one folder compare equal.
fn resolved(path: &Path) -> Result<std::path::PathBuf> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("reading the path {}", path.display()))?;
    let mut base = absolute.as_path();
    let mut rest = Vec::new();
    while let Some(parent) = base.parent() {
        if let Ok(real) = base.canonicalize() {
            return Ok(rest.iter().rev().fold(real, |p, c| p.join(c)));
        }
        rest.extend(base.file_name());
        base = parent;
    }
    Ok(absolute)
}
