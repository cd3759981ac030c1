//! `staffplan plan`: every stage, the plan's files checked before they
//! replace the previous ones.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use super::shared::{emit, load, output_dir, terminal_text};
use super::simulate::run_simulation;
use crate::output::{self, OutputFile};
use crate::pipeline;
use crate::pipeline::Timings;
use crate::report::{self, csv::Csv};
use crate::scenario::Scenario;
use crate::shifts::{self, PoolModel};
use crate::simulate;
use crate::staffing::Staffed;
use crate::timegrid::{local_instant, stamp};

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
    let exported = match &args.export_model {
        Some(export) => {
            let started = Instant::now();
            let files = export_model(export, &dir, &scenario)?;
            timings.record("export_ms", started);
            Some((export, files))
        }
        None => None,
    };
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
    if let Some((export, files)) = exported {
        emit(&format!(
            "wrote {files} files of the model to {} (README.txt there says how to solve it)\n",
            export.display()
        ))?;
    }
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

/// How to use an exported model (README.txt of the export folder).
const EXPORT_README: &str =
    "Each pool's integer program, as staffplan bounds it, in CPLEX LP format.

  <pool>.lp         minimise cost + shortfall penalty; x<j> agents on tour j,
                    y<k>_<b>_<i> agents of shift k taking break b in slot i,
                    s<t> agents short at interval t (continuous)
  <pool>.tours.csv  what each x<j> is: template, start and the days it works

Solve it with any MIP solver, e.g.
  highs --model_file english-voice.lp --solution_file english-voice.sol
  cbc english-voice.lp solve solu english-voice.sol
  gurobi_cl ResultFile=english-voice.sol english-voice.lp
and map the solution back with tours.csv: x<j> = n means n agents work
tour j. The site's start cap (max_starts_per_slot) is applied to each pool
alone, as staffplan's bound does, so a pool's optimum is a lower bound on its
share of the site's plan. staffplan's own plan and bound are in the plan
folder's summary.json (plan.pools[].cost and lp_bound).
";

/// Write each pool's integer program and its tour list into `export` (a
/// folder of its own, never the plan's output folder `plan_dir`); returns
/// the number of files written.
fn export_model(export: &Path, plan_dir: &Path, scenario: &Scenario) -> Result<usize> {
    let target = output::follow_links(export)?;
    if target == output::follow_links(plan_dir)? {
        return Err(crate::error::UsageError(format!(
            "--export-model {}: that is the plan's output folder; choose a folder of its own",
            export.display()
        ))
        .into());
    }
    output::check_dir(&target, "export-model")?;
    let staffed = pipeline::staff(scenario.clone())?;
    let sc = &staffed.scenario;
    let mut files = vec![OutputFile::text("README.txt", EXPORT_README.to_string())];
    for (p, pool) in sc.pools.iter().enumerate() {
        let m = shifts::model(&staffed, p);
        let title = format!("staffplan: pool {} of {}", pool.id, sc.name);
        files.push(OutputFile::text(
            &format!("{}.lp", pool.id),
            shifts::lp_text(
                &m,
                sc.shifts.max_starts_per_slot,
                &sc.shifts.templates,
                &title,
            ),
        ));
        files.push(OutputFile::text(
            &format!("{}.tours.csv", pool.id),
            tours_csv(&staffed, &m).context("rendering tours.csv")?,
        ));
    }
    output::write_dir(&target, "export-model", &files)?;
    Ok(files.len())
}

/// One row per tour variable: its template, site-local start and the
/// site-local dates it works.
fn tours_csv(s: &Staffed, m: &PoolModel) -> Result<String, ::csv::Error> {
    let sc = &s.scenario;
    let mut w = Csv::new();
    w.row(["variable", "template", "first_start_site", "dates", "cost"])?;
    for (j, tour) in m.tours.iter().enumerate() {
        let dates: Vec<String> = tour
            .shifts
            .iter()
            .map(|&k| (sc.site.start + chrono::Duration::days(m.shifts[k].day as i64)).to_string())
            .collect();
        let Some(&k) = tour.shifts.first() else {
            continue;
        };
        let first = &m.shifts[k];
        let date = sc.site.start + chrono::Duration::days(first.day as i64);
        w.row([
            format!("x{j}"),
            sc.shifts.templates[first.template].name.clone(),
            stamp(
                local_instant(sc.site.timezone, date, first.start_min),
                s.grid.site_tz,
            ),
            dates.join(" "),
            report::csv::num(tour.cost, 2),
        ])?;
    }
    w.finish()
}
