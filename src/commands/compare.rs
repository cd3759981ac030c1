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
use crate::figures::PlanFigures;
use crate::output::{self, OutputFile};
use crate::pipeline;
use crate::report::{self, csv::Csv, table::Table};
use crate::scenario::Scenario;
use crate::units::round;
use crate::yaml::Override;

mod chart;
mod html;

/// The name (and folder) of the unchanged scenario.
pub const BASE: &str = "base";

/// A named variant: overrides applied on top of the base.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Name, as shown in the table.
    pub name: String,
    /// Overrides, applied in order after the command line's `--set`.
    pub overrides: Vec<Override>,
}

impl Variant {
    /// Parse `NAME: KEY=VALUE, KEY=VALUE` as typed after `--variant`.
    ///
    /// Commas inside `{...}`, `[...]` or quotes belong to the value, so a
    /// value may be a YAML mapping: `hours: queues.uk-bank.hours={mon-fri: "08:00-20:00", sat: closed}`.
    pub fn parse_cli(text: &str) -> Result<Variant, String> {
        let usage = format!(
            "--variant `{text}`: expected 'NAME: KEY=VALUE, KEY=VALUE', like --variant 'AHT 5m: queues.us-retail.aht=5m'"
        );
        let eq = text.find('=');
        let colon = text
            .find(':')
            .filter(|c| eq.is_none_or(|e| *c < e))
            .ok_or_else(|| usage.clone())?;
        let name = text[..colon].trim();
        if name.is_empty() {
            return Err(format!("{usage}; the name before `:` is empty"));
        }
        let overrides = split_top_level(&text[colon + 1..])
            .into_iter()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|part| {
                Override::parse_cli(part)
                    .map(|o| Override {
                        origin: format!("--variant {name}: {part}"),
                        ..o
                    })
                    .map_err(|e| format!("--variant `{name}`: {}", e.trim_start_matches("--set ")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if overrides.is_empty() {
            return Err(format!("{usage}; `{name}` sets nothing"));
        }
        Ok(Variant {
            name: name.to_string(),
            overrides,
        })
    }
}

/// Split at commas outside brackets, braces and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth -= 1,
            (None, ',') if depth <= 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A folder name for a variant: lower-case letters, digits and dashes.
/// `+15% volume` → `plus15pct-volume`, `80/20 -> 90/15` → `80-20-90-15`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        match c {
            '+' => out += "plus",
            '%' => out += "pct",
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "variant".to_string()
    } else {
        out
    }
}

/// The headline figures of one plan, from the same [`PlanFigures`] its
/// `summary.json` states (so the comparison and each variant's own folder
/// can never disagree).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Full-time equivalents (paid hours ÷ 40 h a week).
    pub fte: f64,
    /// Agents employed (tours of the largest week).
    pub headcount: u64,
    /// Paid hours over the horizon.
    pub paid_hours: f64,
    /// Cost over the horizon, in the scenario's currency.
    pub cost: f64,
    /// LP lower bound of the cost.
    pub lp_bound: f64,
    /// (cost − bound) ÷ bound.
    pub gap: f64,
    /// The solver's status line.
    pub status: String,
    /// Achieved service per queue.
    pub service: Vec<Service>,
}

/// Achieved service of one queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    /// Queue id.
    pub queue: String,
    /// Client name.
    pub client: String,
    /// Target like `80/20`; none for e-mail.
    pub target: Option<String>,
    /// Achieved share answered in time over the horizon.
    pub achieved: Option<f64>,
}

impl From<&PlanFigures> for Figures {
    fn from(f: &PlanFigures) -> Figures {
        Figures {
            fte: f.fte,
            headcount: u64::from(f.headcount),
            paid_hours: f.paid_hours,
            cost: f.cost,
            lp_bound: f.lp_bound,
            gap: f.gap,
            status: f.status.to_string(),
            service: f
                .queues
                .iter()
                .map(|q| Service {
                    queue: q.id.clone(),
                    client: q.client.clone(),
                    target: q.sl_target.clone(),
                    achieved: q.sl_achieved,
                })
                .collect(),
        }
    }
}

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
    eprintln!(
        "compare: {}; total {:.0} ms",
        times.join(", "),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

/// The base and every variant, base first.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Scenario name.
    pub scenario: String,
    /// Currency of costs.
    pub currency: String,
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
    let mut slugs = BTreeSet::new();
    let mut jobs: Vec<(String, String, Option<&Variant>)> = Vec::new();
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
        jobs.push((name, folder, variant));
    }
    let scenario = base.name.clone();
    let currency = base.currency.clone();
    let days = base.site.days;
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
        .map(|(_, _, variant)| match variant {
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
    let mut runs = Vec::new();
    for ((name, folder, variant), (wall_ms, done)) in jobs.iter().zip(planned) {
        let outcome = match (variant, done) {
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
        runs.push(Run {
            name: name.clone(),
            slug: folder.clone(),
            set: variant.map_or_else(Vec::new, |v| {
                v.overrides
                    .iter()
                    .map(|o| format!("{}={}", o.path, o.value))
                    .collect()
            }),
            wall_ms,
            outcome,
        });
    }
    Ok(Comparison {
        scenario,
        currency,
        days,
        runs,
    })
}

/// The base with a variant's overrides, without the `what_if` list (each
/// variant stands alone; the base load checked the list already).
fn load_variant(path: &Path, set: &[Override], v: &Variant) -> Result<Scenario> {
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
    /// The base's figures (the base always planned: [`run`] fails otherwise).
    fn base(&self) -> Option<&Figures> {
        self.runs
            .first()
            .and_then(|r| r.outcome.as_ref().ok())
            .map(|d| &d.figures)
    }

    /// Queue ids across all variants, base order first, then queues that
    /// variants add; with the client name and the base's target.
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

    /// Rows of [`Delta`] per run: figures against the base.
    fn rows(&self) -> Vec<Row<'_>> {
        let base = self.base();
        self.runs
            .iter()
            .map(|run| {
                let figures = run.outcome.as_ref().ok().map(|d| &d.figures);
                let delta = figures.zip(base).map(|(f, b)| Delta {
                    fte: round(f.fte - b.fte, 2),
                    headcount: f.headcount as i64 - b.headcount as i64,
                    paid_hours: round(f.paid_hours - b.paid_hours, 2),
                    cost: round(f.cost - b.cost, 2),
                    cost_pct: if b.cost > 0.0 {
                        round((f.cost - b.cost) / b.cost * 100.0, 2)
                    } else {
                        0.0
                    },
                });
                Row {
                    run,
                    figures,
                    delta,
                }
            })
            .collect()
    }

    /// `compare.csv`: one row per variant; achieved SL per queue in columns
    /// `sl_<queue>` (empty for e-mail, for a failed variant or a queue it lacks).
    pub fn csv(&self) -> Result<String, csv::Error> {
        let queues = self.queues();
        let mut w = Csv::new();
        let mut header: Vec<String> = [
            "variant",
            "folder",
            "status",
            "fte",
            "headcount",
            "paid_hours",
            "cost",
            "delta_fte",
            "delta_headcount",
            "delta_paid_hours",
            "delta_cost",
            "delta_cost_pct",
            "gap",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(queues.iter().map(|(q, _)| format!("sl_{q}")));
        header.extend(["set".to_string(), "error".to_string()]);
        w.row(&header)?;
        for row in self.rows() {
            let f = row.figures;
            let opt = |x: Option<String>| x.unwrap_or_default();
            let mut rec = vec![
                row.run.name.clone(),
                row.run.slug.clone(),
                row.status().to_string(),
                opt(f.map(|f| f.fte.to_string())),
                opt(f.map(|f| f.headcount.to_string())),
                opt(f.map(|f| f.paid_hours.to_string())),
                opt(f.map(|f| f.cost.to_string())),
                opt(row.delta.map(|d| d.fte.to_string())),
                opt(row.delta.map(|d| d.headcount.to_string())),
                opt(row.delta.map(|d| d.paid_hours.to_string())),
                opt(row.delta.map(|d| d.cost.to_string())),
                opt(row.delta.map(|d| d.cost_pct.to_string())),
                opt(f.map(|f| f.gap.to_string())),
            ];
            for (q, _) in &queues {
                rec.push(opt(row.sl(q).map(|x| x.to_string())));
            }
            rec.push(row.run.set.join("; "));
            rec.push(row.error().unwrap_or_default().to_string());
            w.row(&rec)?;
        }
        w.finish()
    }

    /// `compare.json`.
    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            scenario: &'a str,
            currency: &'a str,
            days: u32,
            base: &'static str,
            queues: Vec<QueueOut>,
            variants: Vec<VariantOut<'a>>,
        }
        #[derive(Serialize)]
        struct QueueOut {
            id: String,
            client: String,
        }
        #[derive(Serialize)]
        struct VariantOut<'a> {
            name: &'a str,
            folder: &'a str,
            status: &'static str,
            set: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            figures: Option<&'a Figures>,
            #[serde(skip_serializing_if = "Option::is_none")]
            delta: Option<Delta>,
            #[serde(skip_serializing_if = "Option::is_none")]
            error: Option<&'a Failure>,
        }
        let out = Out {
            scenario: &self.scenario,
            currency: &self.currency,
            days: self.days,
            base: BASE,
            queues: self
                .queues()
                .into_iter()
                .map(|(id, client)| QueueOut { id, client })
                .collect(),
            variants: self
                .rows()
                .into_iter()
                .map(|row| VariantOut {
                    name: &row.run.name,
                    folder: &row.run.slug,
                    status: row.status(),
                    set: &row.run.set,
                    figures: row.figures,
                    delta: row.delta,
                    error: row.run.outcome.as_ref().err(),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
    }

    /// The terminal summary: figures and deltas, achieved SL per queue, and
    /// the failures with their errors.
    pub fn terminal(&self) -> String {
        let mut out = format!(
            "{}: base and {} variant(s), {} days, costs in {}\n\n",
            self.scenario,
            self.runs.len().saturating_sub(1),
            self.days,
            self.currency
        );
        let mut t = Table::new(&[
            "variant",
            "status",
            "FTE",
            "ΔFTE",
            "headcount",
            "Δ",
            "paid hours",
            "cost",
            "Δcost",
            "Δ%",
        ]);
        for row in self.rows() {
            let mut cells = vec![row.run.name.clone(), row.status().to_string()];
            if let Some(f) = row.figures {
                let is_base = row.run.name == BASE;
                let delta = |x: f64, digits: usize, unit: &str| {
                    if is_base {
                        String::new()
                    } else {
                        signed(x, digits) + unit
                    }
                };
                let d = row.delta.unwrap_or(Delta {
                    fte: 0.0,
                    headcount: 0,
                    paid_hours: 0.0,
                    cost: 0.0,
                    cost_pct: 0.0,
                });
                cells.extend([
                    format!("{:.1}", f.fte),
                    delta(d.fte, 1, ""),
                    f.headcount.to_string(),
                    delta(d.headcount as f64, 0, ""),
                    format!("{:.1}", f.paid_hours),
                    format!("{:.2}", f.cost),
                    delta(d.cost, 2, ""),
                    delta(d.cost_pct, 1, "%"),
                ]);
            }
            t.row(cells);
        }
        out += &t.render();
        let queues = self.queues();
        let mut head = vec!["achieved SL".to_string()];
        head.extend(queues.iter().map(|(q, _)| q.clone()));
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        let mut t = Table::new(&head);
        for row in self.rows().into_iter().filter(|r| r.figures.is_some()) {
            let mut cells = vec![row.run.name.clone()];
            cells.extend(queues.iter().map(|(q, _)| {
                row.sl(q)
                    .map_or("-".into(), |x| format!("{:.1}%", x * 100.0))
            }));
            t.row(cells);
        }
        out += "\n";
        out += &t.render();
        for row in self.rows() {
            if let Some(e) = row.error() {
                // Long diagnoses (every uncovered interval) are in full in
                // compare.json and compare.html; the terminal shows the start.
                let lines: Vec<&str> = e.lines().collect();
                out += &format!(
                    "\nvariant `{}` failed: {}\n",
                    row.run.name,
                    lines[..lines.len().min(4)].join("\n")
                );
                if lines.len() > 4 {
                    out += &format!("  ... {} more lines in compare.json\n", lines.len() - 4);
                }
            }
        }
        out
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

/// Differences against the base.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
struct Delta {
    fte: f64,
    headcount: i64,
    paid_hours: f64,
    cost: f64,
    cost_pct: f64,
}

struct Row<'a> {
    run: &'a Run,
    figures: Option<&'a Figures>,
    delta: Option<Delta>,
}

impl Row<'_> {
    fn status(&self) -> &'static str {
        match &self.run.outcome {
            Ok(_) => "ok",
            Err(f) => f.kind,
        }
    }

    fn error(&self) -> Option<&str> {
        self.run.outcome.as_ref().err().map(|f| f.message.as_str())
    }

    fn sl(&self, queue: &str) -> Option<f64> {
        self.figures?
            .service
            .iter()
            .find(|s| s.queue == queue)
            .and_then(|s| s.achieved)
    }
}

fn signed(x: f64, digits: usize) -> String {
    let x = if x == 0.0 { 0.0 } else { x };
    format!("{x:+.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_flags_split_at_top_level_commas() {
        let v = Variant::parse_cli(
            "late hours: queues.uk-bank.hours={mon-fri: \"08:00-20:00\", sat: closed}, queues.uk-bank.aht=4m",
        )
        .unwrap();
        assert_eq!(v.name, "late hours");
        assert_eq!(v.overrides.len(), 2);
        assert_eq!(v.overrides[0].path, "queues.uk-bank.hours");
        assert_eq!(
            v.overrides[0].value,
            "{mon-fri: \"08:00-20:00\", sat: closed}"
        );
        assert_eq!(
            v.overrides[1].origin,
            "--variant late hours: queues.uk-bank.aht=4m"
        );
    }

    #[test]
    fn variant_flags_need_a_name_and_a_setting() {
        for bad in ["queues.a.aht=4m", ": queues.a.aht=4m", "x:", "x: aht"] {
            assert!(Variant::parse_cli(bad).is_err(), "{bad}");
        }
        // A colon inside a value is not the name's colon.
        let v = Variant::parse_cli("early: queues.a.hours={mon: \"07:00-19:00\"}").unwrap();
        assert_eq!(v.name, "early");
    }

    #[test]
    fn slugs_are_folder_names() {
        assert_eq!(slug("+15% volume"), "plus15pct-volume");
        assert_eq!(slug("80/20 -> 90/15"), "80-20-90-15");
        assert_eq!(slug("AHT -10%"), "aht-10pct");
        assert_eq!(slug("→"), "variant");
    }
}
