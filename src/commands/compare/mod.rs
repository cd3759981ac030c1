//! `staffplan compare`: the base scenario and its variants, each planned end
//! to end (the same [`pipeline::plan`] as `plan`), in parallel, side by side.
//!
//! A variant is a name and a list of overrides on top of the base (the same
//! dotted paths as `--set`). Variants come from the scenario's `what_if:` list
//! and from `--variant 'NAME: KEY=VALUE, KEY=VALUE'` flags. Every variant is
//! loaded before anything is planned, so a bad override (unknown path, bad
//! value) is a bad input (exit 2) at once, like a bad `what_if:` entry in the
//! file. A variant that cannot be planned (infeasible, a solver error) is
//! reported with its error and the others still finish; only a failing base
//! fails the command, since every delta is taken against it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use super::exit_code::{exit_code, ExitCode};
use crate::error::UsageError;
use crate::output::{self, OutputFile};
use crate::pipeline;
use crate::report;
use crate::scenario::Scenario;
use crate::units::round;
use crate::yaml::Override;

mod chart;
mod figures;
mod html;
mod records;
mod terminal;
mod variant;

pub use figures::{Figures, Service};
pub use variant::{slug, Variant};

/// The name (and folder) of the unchanged scenario.
pub const BASE: &str = "base";

/// A variant that could not be planned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// `infeasible` (exit 3 on its own), `error`, or `bad input` (a
    /// requirement a stage refuses after loading).
    pub kind: &'static str,
    /// The error, as `plan` would print it.
    pub message: String,
}

/// A planned variant.
#[derive(Debug, Clone)]
pub struct Done {
    /// Headline figures.
    pub figures: Figures,
    /// The plan's files, relative to its folder.
    pub files: Vec<OutputFile>,
    /// The scenario as planned, for the checker.
    pub scenario: Scenario,
}

/// One variant's run.
#[derive(Debug, Clone)]
pub struct Run {
    /// Name (`base` for the base).
    pub name: String,
    /// Folder under the output folder.
    pub slug: String,
    /// Its overrides as `PATH=VALUE`.
    pub set: Vec<String>,
    /// Wall-clock milliseconds (stderr only: outputs stay the same bytes).
    pub wall_ms: f64,
    /// Planned, or why not.
    pub outcome: Result<Done, Failure>,
}

/// `staffplan compare`: plan, print the table, write the folder.
pub fn command(args: &crate::cli::CompareArgs) -> Result<()> {
    let started = Instant::now();
    let scenario_args = &args.scenario;
    let set = super::shared::overrides(scenario_args)?;
    let flags = args
        .variants
        .iter()
        .map(|v| Variant::parse_cli(v).map_err(UsageError))
        .collect::<Result<Vec<_>, _>>()?;
    let dir =
        super::shared::output_dir(args.output.as_deref(), &scenario_args.scenario, "compare")?;
    let comparison = run(
        &scenario_args.scenario,
        &set,
        &flags,
        args.time_limit.secs(),
    )?;
    let written = comparison.write(&dir)?;
    super::shared::emit(&comparison.terminal())?;
    super::shared::emit(&format!("\nwrote {written} files to {}\n", dir.display()))?;
    let times: Vec<String> = comparison
        .runs
        .iter()
        .map(|r| format!("{} {:.0} ms", r.name, r.wall_ms))
        .collect();
    crate::progress::eprint_line(&format!(
        "compare: {}; total {:.0} ms",
        times.join(", "),
        started.elapsed().as_secs_f64() * 1000.0
    ));
    Unplanned::of(&comparison.runs).map_or(Ok(()), |u| Err(u.into()))
}

/// The variants a comparison could not plan. The comparison is written all
/// the same (their errors in its `error` column); the exit code then tells a
/// script: 3 when every one was infeasible, 2 when one was bad input, else 1.
#[derive(Debug)]
pub struct Unplanned {
    /// Their names and kinds of failure.
    pub runs: Vec<(String, &'static str)>,
}

impl Unplanned {
    /// The variants of `runs` that failed, if any.
    fn of(runs: &[Run]) -> Option<Unplanned> {
        let runs: Vec<(String, &'static str)> = runs
            .iter()
            .filter_map(|r| r.outcome.as_ref().err().map(|f| (r.name.clone(), f.kind)))
            .collect();
        (!runs.is_empty()).then_some(Unplanned { runs })
    }

    /// The exit code it earns.
    pub fn code(&self) -> ExitCode {
        if self.runs.iter().any(|(_, kind)| *kind == "bad input") {
            ExitCode::BadInput
        } else if self.runs.iter().all(|(_, kind)| *kind == "infeasible") {
            ExitCode::Infeasible
        } else {
            ExitCode::Failure
        }
    }
}

impl std::fmt::Display for Unplanned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let named: Vec<String> = self
            .runs
            .iter()
            .map(|(name, kind)| format!("`{name}` ({kind})"))
            .collect();
        write!(
            f,
            "{} of the variants could not be planned: {}; the comparison is written with their errors (compare.csv, column error)",
            self.runs.len(),
            named.join(", ")
        )
    }
}

impl std::error::Error for Unplanned {}

/// The base and every variant, base first.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Scenario name.
    pub scenario: String,
    /// Currency of costs; `None` when the scenario gives no hourly rate
    /// (the costs are then paid hours).
    pub currency: Option<String>,
    /// What the costs are, as `plan` words them
    /// ([`crate::figures::cost_unit`]).
    pub costs: String,
    /// Days in the horizon.
    pub days: u32,
    /// Base first, then the scenario's `what_if` list, then `--variant` flags.
    pub runs: Vec<Run>,
}

/// Plan the scenario at `path` (with `set` applied) and every variant in
/// parallel. The scenario's own `what_if` variants come first, then `flags`.
/// Fails when a variant's overrides are bad input, when the base cannot be
/// planned, or when names clash; other planning failures are reported per variant. `time_limit_s` is one
/// plan's limit when it has the machine to itself; as the runs share the
/// cores, each gets it times ⌈runs ÷ threads⌉.
pub fn run(
    path: &Path,
    set: &[Override],
    flags: &[Variant],
    time_limit_s: f64,
) -> Result<Comparison> {
    let base = Scenario::load(path, set)?;
    let variants = variants(&base, flags)?;
    let jobs = jobs(&variants);
    // The runs share the cores: give each the wall-clock time it would have
    // alone, so that a variant is cut short no sooner than `plan` would be.
    let rounds = (jobs.len() as f64 / rayon::current_num_threads().max(1) as f64).ceil();
    let time_limit_s = time_limit_s * rounds.max(1.0);
    // Input errors in a variant (an unknown path, a bad value) are refused up
    // front with exit 2, as a bad what_if entry in the file is: a typo should
    // not cost a whole comparison. Planning failures (infeasible) are reported
    // per variant while the others finish.
    let scenarios = jobs
        .iter()
        .map(|job| match job.variant {
            None => Ok(base.clone()),
            Some(v) => load_variant(path, set, v),
        })
        .collect::<Result<Vec<_>>>()?;
    let planned: Vec<(f64, Result<Done>)> = scenarios
        .into_par_iter()
        .map(|scenario| {
            let started = Instant::now();
            let done = plan_one(scenario, time_limit_s);
            (round(started.elapsed().as_secs_f64() * 1000.0, 0), done)
        })
        .collect();
    let runs = jobs
        .iter()
        .zip(planned)
        .map(|(job, (wall_ms, done))| job.finish(wall_ms, done))
        .collect::<Result<Vec<_>>>()?;
    Ok(Comparison {
        costs: crate::figures::cost_unit(&base),
        currency: base.costs.priced.then(|| base.currency.clone()),
        scenario: base.name,
        days: base.site.days,
        runs,
    })
}

/// The scenario's `what_if` variants, then the `--variant` flags; fails when
/// two share a name (or one is named like the base).
pub fn variants(base: &Scenario, flags: &[Variant]) -> Result<Vec<Variant>> {
    let mut variants: Vec<Variant> = base
        .what_if
        .iter()
        .map(|w| Variant {
            name: w.name.clone(),
            overrides: w.overrides.clone(),
        })
        .collect();
    variants.extend(flags.iter().cloned());
    let mut names = BTreeSet::from([BASE.to_string()]);
    for v in &variants {
        if !names.insert(v.name.clone()) {
            return Err(UsageError(format!(
                "two variants are named `{}` (the base is `{BASE}`, and what-ifs from the scenario count too); give each a different name",
                v.name
            ))
            .into());
        }
    }
    Ok(variants)
}

/// One plan to make: the base (no variant) or a variant, and its folder.
struct Job<'v> {
    /// Name, as shown in the table.
    name: String,
    /// Folder under the output folder, unique among the jobs.
    folder: String,
    /// The variant; none for the base.
    variant: Option<&'v Variant>,
}

/// The base, then every variant, each with a folder of its own: the name's
/// [`slug`], numbered `-2`, `-3`, ... when two names give the same one.
fn jobs(variants: &[Variant]) -> Vec<Job<'_>> {
    let mut slugs = BTreeSet::new();
    let mut jobs = Vec::new();
    for (name, variant) in std::iter::once((BASE.to_string(), None))
        .chain(variants.iter().map(|v| (v.name.clone(), Some(v))))
    {
        let stem = slug(&name);
        let mut folder = stem.clone();
        let mut n = 2;
        while !slugs.insert(folder.clone()) {
            folder = format!("{stem}-{n}");
            n += 1;
        }
        jobs.push(Job {
            name,
            folder,
            variant,
        });
    }
    jobs
}

impl Job<'_> {
    /// The run of this job from its plan, or its failure; a base that failed
    /// fails the comparison.
    fn finish(&self, wall_ms: f64, done: Result<Done>) -> Result<Run> {
        let outcome = match (self.variant, done) {
            (_, Ok(done)) => Ok(done),
            // Every delta is against the base: without it there is no comparison.
            (None, Err(e)) => return Err(e.context("planning the base scenario")),
            (Some(_), Err(e)) => Err(Failure {
                kind: match exit_code(&e) {
                    ExitCode::BadInput => "bad input",
                    ExitCode::Infeasible => "infeasible",
                    ExitCode::Failure => "error",
                },
                message: format!("{e:#}"),
            }),
        };
        Ok(Run {
            name: self.name.clone(),
            slug: self.folder.clone(),
            set: self.variant.map_or_else(Vec::new, |v| {
                v.overrides
                    .iter()
                    .map(|o| format!("{}={}", o.path, o.value))
                    .collect()
            }),
            wall_ms,
            outcome,
        })
    }
}

/// The base with a variant's overrides, without the `what_if` list (each
/// variant stands alone; the base load checked the list already).
pub fn load_variant(path: &Path, set: &[Override], v: &Variant) -> Result<Scenario> {
    let mut overrides = set.to_vec();
    overrides.extend(v.overrides.iter().cloned());
    overrides.push(Override {
        path: "what_if".into(),
        value: "[]".into(),
        origin: format!("variant {}", v.name),
    });
    Ok(Scenario::load(path, &overrides)?)
}

fn plan_one(scenario: Scenario, time_limit_s: f64) -> Result<Done> {
    let planned = pipeline::plan(scenario, time_limit_s)?;
    Ok(Done {
        figures: Figures::from(&planned.figures),
        files: report::plan_files(&planned)?,
        scenario: planned.staffed.scenario,
    })
}

impl Comparison {
    /// Queue ids across all variants, base order first, then queues that
    /// variants add; each with its client's name.
    fn queues(&self) -> Vec<(String, String)> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for run in &self.runs {
            if let Ok(done) = &run.outcome {
                for s in &done.figures.service {
                    if seen.insert(s.queue.clone()) {
                        out.push((s.queue.clone(), s.client.clone()));
                    }
                }
            }
        }
        out
    }

    /// Every file of the comparison: each variant's plan files under its
    /// folder, then `compare.csv`, `compare.json`, the chart and the page.
    pub fn files(&self) -> Result<Vec<OutputFile>> {
        let mut files = Vec::new();
        for run in &self.runs {
            if let Ok(done) = &run.outcome {
                files.extend(done.files.iter().map(|f| OutputFile {
                    path: PathBuf::from(&run.slug).join(&f.path),
                    bytes: f.bytes.clone(),
                }));
            }
        }
        let svg = chart::svg(self);
        files.push(OutputFile::text("compare.csv", self.csv()?));
        files.push(OutputFile::text("compare.json", self.json()));
        files.push(OutputFile {
            path: PathBuf::from("compare.png"),
            bytes: chart::png(self),
        });
        files.push(OutputFile::text("compare.html", html::page(self, &svg)));
        files.push(OutputFile::text("compare.svg", svg));
        Ok(files)
    }

    /// Write every file to `dir` in one atomic step; each plan is checked by
    /// the independent checker first (a plan that fails it fails the run,
    /// and nothing is written). Returns the number of files.
    pub fn write(&self, dir: &Path) -> Result<usize> {
        let files = self.files()?;
        output::write_dir_checked(dir, "compare", &files, |written| {
            for run in &self.runs {
                if let Ok(done) = &run.outcome {
                    let report =
                        crate::checker::check_outputs(&written.join(&run.slug), &done.scenario)
                            .with_context(|| format!("checking the plan of `{}`", run.name))?;
                    anyhow::ensure!(
                        report.passed(),
                        "the plan of `{}` failed its own check, so nothing was written:\n{report}",
                        run.name
                    );
                }
            }
            Ok(())
        })?;
        Ok(files.len())
    }
}
