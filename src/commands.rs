//! Each command: load, run the stages, render, write, print.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::cli::{Cli, Command, ErlangArgs, Format, OutputArgs, ScenarioArgs};
use crate::erlang::{self, Figures, Load, Target};
use crate::error::{InputError, Location, UsageError};
use crate::output::{self, OutputFile};
use crate::pipeline;
use crate::report::json::Timings;
use crate::report::{self, table::Table};
use crate::scenario::Scenario;
use crate::simulate;
use crate::yaml::Override;

/// Run one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Erlang(a) => erlang_cmd(&a),
        Command::Check(a) => check(&a),
        Command::Staff(a) => staff(&a, "staff"),
        Command::Plan(a) => plan(&a),
        Command::Simulate(a) => simulate_cmd(&a),
        Command::Compare(a) => crate::compare::command(&a),
        Command::Quote(a) => crate::quote::command(&a),
        Command::Init(a) => crate::init::command(&a),
    }
}

/// Print to stdout; a closed pipe (`| head`) is not an error.
pub fn emit(text: &str) -> Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to stdout"),
        _ => Ok(()),
    }
}

/// Parse the `--set` flags.
pub fn overrides(args: &ScenarioArgs) -> Result<Vec<Override>> {
    Ok(args
        .set
        .iter()
        .map(|s| Override::parse_cli(s).map_err(UsageError))
        .collect::<Result<Vec<_>, _>>()?)
}

fn load(args: &ScenarioArgs) -> Result<Scenario> {
    Ok(Scenario::load(&args.scenario, &overrides(args)?)?)
}

fn check(args: &ScenarioArgs) -> Result<()> {
    let staffed = pipeline::staff(load(args)?)?;
    emit(&report::terminal::check(&staffed))?;
    emit(&format!("\n{}: valid\n", args.scenario.display()))
}

/// The default output folder of `command`: `out/<scenario file stem>/` for
/// `plan`, `out/<stem>-<command>/` for the others (`staff`, `simulate`,
/// `compare`), so no command's run replaces another's files.
pub fn default_output(scenario: &Path, command: &str) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or("scenario".into(), |s| s.to_string_lossy().to_string());
    if command == "plan" {
        Path::new("out").join(stem)
    } else {
        Path::new("out").join(format!("{stem}-{command}"))
    }
}

/// The output folder of `command` (`-o` or its default), checked before the
/// work: a run that would be refused at the end is refused at the start.
pub fn output_dir(given: Option<&Path>, scenario: &Path, command: &str) -> Result<PathBuf> {
    let dir = given.map_or_else(|| default_output(scenario, command), Path::to_path_buf);
    output::check_dir(&dir, command)?;
    Ok(dir)
}

fn staff(args: &OutputArgs, command: &str) -> Result<()> {
    let started = Instant::now();
    let scenario = load(&args.scenario)?;
    let dir = output_dir(args.output.as_deref(), &args.scenario.scenario, command)?;
    let mut timings = Timings::default();
    timings.record("load_ms", started);
    let staffing = Instant::now();
    let staffed = pipeline::staff(scenario)?;
    timings.record("staffing_ms", staffing);
    let mut files = report::requirement_files(&staffed);
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

fn plan(args: &crate::cli::PlanArgs) -> Result<()> {
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
    planned.timings.stages.append(&mut timings.stages);
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
    emit(&terminal_text(report::terminal::plan(
        &planned.staffed,
        &planned.plan,
        &planned.service,
        &planned.gaps,
    )))?;
    emit(&report::terminal::roster(&planned.roster))?;
    if let Some(sim) = &planned.simulation {
        emit(&format!(
            "\n{}",
            simulate::render::terminal(&planned.staffed, sim)
        ))?;
    }
    emit(&format!("\nwrote {written} files to {}\n", dir.display()))?;
    planned.timings.record("total_ms", started);
    eprintln!("plan: {}", planned.timings);
    Ok(())
}

/// `staffplan simulate`: plan, simulate, write the plan's files and the
/// simulation's, print the simulation table.
fn simulate_cmd(args: &crate::cli::SimulateArgs) -> Result<()> {
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
        emit(&simulate::render::terminal(&planned.staffed, sim))?;
    }
    emit(&format!("\nwrote {written} files to {}\n", dir.display()))?;
    planned.timings.record("total_ms", started);
    eprintln!("simulate: {}", planned.timings);
    Ok(())
}

/// Simulate a plan and keep the result in it (its files and report section
/// are then written with the plan's), recording the time taken.
fn run_simulation(planned: &mut pipeline::Planned, options: &simulate::Options) -> Result<()> {
    let started = Instant::now();
    let sim = simulate::simulate(planned, options).context("simulating the plan")?;
    planned.timings.record("simulation_ms", started);
    planned.simulation = Some(sim);
    Ok(())
}

/// A summary for stdout: coloured on a terminal unless `NO_COLOR` is set.
fn terminal_text(text: String) -> String {
    if report::terminal::colour_enabled() {
        report::terminal::styled(&text)
    } else {
        text
    }
}

/// Write a plan's files to `dir` as `command`'s output. Whatever the solver
/// returned is checked from the written files by the independent checker
/// before the outputs replace the previous ones. Returns the number of files
/// written.
pub fn write_plan(dir: &Path, command: &str, planned: &pipeline::Planned) -> Result<usize> {
    let files = report::plan_files(planned);
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

#[derive(Serialize)]
struct ErlangRow {
    agents: u32,
    sessions: u32,
    sl: f64,
    asa_s: f64,
    p_wait: f64,
    occupancy: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    p_abandon: Option<f64>,
}

impl From<&Figures> for ErlangRow {
    fn from(f: &Figures) -> Self {
        ErlangRow {
            agents: f.agents,
            sessions: f.servers,
            sl: f.sl,
            asa_s: f.asa_s,
            p_wait: f.p_wait,
            occupancy: f.occupancy,
            p_abandon: f.p_abandon,
        }
    }
}

#[derive(Serialize)]
struct ErlangResult {
    erlangs: f64,
    required_agents: u32,
    required_sessions: u32,
    required_with_shrinkage: u32,
    required_with_shrinkage_raw: f64,
    at: ErlangRow,
}

fn erlang_cmd(a: &ErlangArgs) -> Result<()> {
    if let Some(file) = &a.batch {
        return erlang_batch(file, a.output.as_deref(), a.force);
    }
    let usage = |m: &str| UsageError(m.to_string());
    let load = Load {
        volume: a.volume.ok_or_else(|| usage("--volume is required"))?,
        interval_s: a.interval.secs(),
        aht_s: a.aht.ok_or_else(|| usage("--aht is required"))?.secs(),
        patience_s: a.patience.map(|p| p.secs()),
        concurrency: a.concurrency,
    };
    let sl = a.sl.ok_or_else(|| usage("--sl is required"))?;
    let target = Target {
        sl: sl.fraction,
        sl_seconds: sl.seconds,
        asa_s: a.asa.map(|d| d.secs()),
        max_occupancy: a.max_occupancy.map_or(1.0, |f| f.0),
    };
    let flag = |e: erlang::ErlangError| UsageError(e.message_as(flag_name));
    if load.volume > 0.0 && (a.agents == Some(0) || a.table.is_some_and(|(lo, _)| lo == 0)) {
        return Err(usage("with volume, --agents and --table start at 1 agent or more").into());
    }
    let shrinkage = a.shrinkage.map_or(0.0, |f| f.0);
    if shrinkage >= 1.0 {
        return Err(usage("--shrinkage must be below 1 (100%)").into());
    }
    if let Some((lo, hi)) = a.table {
        let rows = (lo..=hi)
            .map(|n| erlang::figures_at(&load, &target, n).map(|f| ErlangRow::from(&f)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(flag)?;
        return emit(&erlang_rows(&rows, a.format, load.patience_s.is_some()));
    }
    let required = erlang::required(&load, &target).map_err(flag)?;
    let at = match a.agents {
        Some(n) => erlang::figures_at(&load, &target, n).map_err(flag)?,
        None => required,
    };
    let result = ErlangResult {
        erlangs: required.erlangs,
        required_agents: required.agents,
        required_sessions: required.servers,
        required_with_shrinkage: erlang::with_shrinkage(f64::from(required.agents), shrinkage)
            .map_err(flag)? as u32,
        required_with_shrinkage_raw: erlang::gross_raw(f64::from(required.agents), shrinkage)
            .map_err(flag)?,
        at: ErlangRow::from(&at),
    };
    let text = match a.format {
        Format::Json => serde_json::to_string_pretty(&result)? + "\n",
        Format::Csv => {
            let mut t = String::from("erlangs,required_agents,required_with_shrinkage,agents_used,sl,asa_s,p_wait,occupancy");
            t += if at.p_abandon.is_some() {
                ",p_abandon\n"
            } else {
                "\n"
            };
            t += &format!(
                "{},{},{},{},{},{},{},{}",
                result.erlangs,
                result.required_agents,
                result.required_with_shrinkage,
                at.agents,
                at.sl,
                cell(at.asa_s),
                at.p_wait,
                at.occupancy
            );
            t += &at.p_abandon.map_or("\n".to_string(), |p| format!(",{p}\n"));
            t
        }
        Format::Table => erlang_text(&load, &target, &result, shrinkage, a.agents.is_some()),
    };
    emit(&text)
}

/// The `erlang` flag for an Erlang input named like a batch column.
fn flag_name(field: &'static str) -> &'static str {
    match field {
        "volume" => "--volume",
        "interval_s" => "--interval",
        "aht_s" => "--aht",
        "sl_target" | "sl_seconds" => "--sl",
        "asa_s" => "--asa",
        "max_occupancy" => "--max-occupancy",
        "shrinkage" => "--shrinkage",
        "patience_s" => "--patience",
        "concurrency" => "--concurrency",
        "agents" => "--agents",
        other => other,
    }
}

/// A number for CSV: empty where it is not finite (ASA when understaffed).
fn cell(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn erlang_text(
    load: &Load,
    target: &Target,
    r: &ErlangResult,
    shrinkage: f64,
    reverse: bool,
) -> String {
    let model = if load.patience_s.is_some() {
        "Erlang A"
    } else {
        "Erlang C"
    };
    let mut out = format!("offered load        {:.4} Erlangs ({model})\n", r.erlangs);
    out += &format!("required agents     {}", r.required_agents);
    if load.concurrency > 1 {
        out += &format!(
            " ({} chat sessions at {} per agent)",
            r.required_sessions, load.concurrency
        );
    }
    out += "\n";
    if shrinkage > 0.0 {
        out += &format!(
            "with {} shrinkage  {} (raw {:.4})\n",
            pct(shrinkage),
            r.required_with_shrinkage,
            r.required_with_shrinkage_raw
        );
    }
    let at = &r.at;
    out += &format!(
        "\nat {} agents{}:\n",
        at.agents,
        if reverse { "" } else { " (required)" }
    );
    out += &format!(
        "  service level     {} answered within {} s (target {})\n",
        pct(at.sl),
        target.sl_seconds,
        pct(target.sl)
    );
    out += &format!("  ASA               {:.1} s\n", at.asa_s);
    out += &format!("  P(wait)           {}\n", pct(at.p_wait));
    out += &format!("  occupancy         {}\n", pct(at.occupancy));
    if let Some(p) = at.p_abandon {
        out += &format!("  P(abandon)        {}\n", pct(p));
    }
    out
}

fn erlang_rows(rows: &[ErlangRow], format: Format, abandon: bool) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut t = String::from("agents,sessions,sl,asa_s,p_wait,occupancy");
            t += if abandon { ",p_abandon\n" } else { "\n" };
            for r in rows {
                t += &format!(
                    "{},{},{},{},{},{}",
                    r.agents,
                    r.sessions,
                    r.sl,
                    cell(r.asa_s),
                    r.p_wait,
                    r.occupancy
                );
                t += &r.p_abandon.map_or("\n".to_string(), |p| format!(",{p}\n"));
            }
            t
        }
        Format::Table => {
            let mut head = vec!["agents", "sessions", "SL", "ASA s", "P(wait)", "occupancy"];
            if abandon {
                head.push("P(abandon)");
            }
            let mut t = Table::new(&head);
            for r in rows {
                let mut cells = vec![
                    r.agents.to_string(),
                    r.sessions.to_string(),
                    pct(r.sl),
                    format!("{:.1}", r.asa_s),
                    pct(r.p_wait),
                    pct(r.occupancy),
                ];
                if let Some(p) = r.p_abandon {
                    cells.push(pct(p));
                }
                t.row(cells);
            }
            t.render()
        }
    }
}

fn erlang_batch(file: &Path, out: Option<&Path>, force: bool) -> Result<()> {
    if let Some(path) = out {
        output::check_new_file(path, "-o", force, &[file])?;
    }
    let input = std::fs::File::open(file).map_err(|e| {
        InputError::new(
            Location::file(file),
            "",
            format!("cannot read the batch file: {e}"),
        )
    })?;
    let input = std::io::BufReader::with_capacity(1 << 20, input);
    let located = |e: crate::batch::BatchError| -> anyhow::Error {
        match e {
            crate::batch::BatchError::Invalid {
                line,
                column,
                message,
            } => InputError::new(
                Location::at(file, line as usize, None),
                column.unwrap_or_default(),
                message,
            )
            .into(),
            io => anyhow::Error::new(io).context("erlang --batch"),
        }
    };
    match out {
        None => {
            let stdout = std::io::stdout().lock();
            crate::batch::run_batch(input, std::io::BufWriter::with_capacity(1 << 20, stdout))
                .map_err(located)?;
        }
        Some(path) => {
            let mut bytes = Vec::new();
            crate::batch::run_batch(input, &mut bytes).map_err(located)?;
            output::write_new_file(path, "-o", force, &[file], &bytes)?;
        }
    }
    Ok(())
}
