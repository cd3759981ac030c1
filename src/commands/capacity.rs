//! `staffplan capacity`: months ahead — required FTE per pool and period
//! from the real pipeline, the people flow and the cheapest hiring plan;
//! with what-ifs (the scenario's `what_if:` and `--variant`), each planned
//! too and set side by side in capacity_variants.csv.

use std::time::Instant;

use anyhow::Result;

use super::compare::{load_variant, variants, Variant};
use super::shared::{load, output_dir, overrides, write_and_print};
use crate::capacity::{self, CapacityPlan, Required};
use crate::cli::CapacityArgs;
use crate::error::UsageError;
use crate::output::OutputFile;
use crate::pipeline::Timings;
use crate::report;
use crate::report::capacity::VariantRun;
use crate::scenario::Scenario;

/// Run `capacity`.
pub fn command(args: &CapacityArgs) -> Result<()> {
    let started = Instant::now();
    let scenario = load(&args.out.scenario)?;
    let flags = args
        .variants
        .iter()
        .map(|v| Variant::parse_cli(v).map_err(UsageError))
        .collect::<Result<Vec<_>, _>>()?;
    let variants = variants(&scenario, &flags)?;
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
    let plan = capacity::hire(&scenario, required.clone())?;
    timings.record("hiring_plan_ms", hiring);
    let mut files = report::capacity::files(&plan, &scenario, &timings)?;
    if !variants.is_empty() {
        let more = Instant::now();
        let runs = run_variants(args, &variants, &required)?;
        files.push(OutputFile::text(
            "capacity_variants.csv",
            report::capacity::variant_rows(&plan, &runs).to_csv()?,
        ));
        timings.record("variants_ms", more);
    }
    let terminal = report::capacity::terminal(&plan, &scenario);
    write_and_print(&dir, "capacity", &files, terminal)?;
    timings.record("total_ms", started);
    crate::progress::eprint_line(&format!("capacity: {timings}"));
    Ok(())
}

/// Every variant's plan. A variant that changes only the pools' people
/// (`capacity.pools.…`) keeps the base's required FTE; others plan their own.
/// Bad overrides are bad input (exit 2); a variant no plan can meet is
/// reported in its row.
fn run_variants(
    args: &CapacityArgs,
    variants: &[Variant],
    base: &Required,
) -> Result<Vec<VariantRun>> {
    let set = overrides(&args.out.scenario)?;
    let path = &args.out.scenario.scenario;
    let scenarios: Vec<Scenario> = variants
        .iter()
        .map(|v| load_variant(path, &set, v))
        .collect::<Result<_>>()?;
    let limit = args.time_limit.secs();
    Ok(variants
        .iter()
        .zip(&scenarios)
        .map(|(v, sc)| {
            let people_only = v
                .overrides
                .iter()
                .all(|o| o.path.starts_with("capacity.pools."));
            let plan: Result<CapacityPlan> = if people_only {
                capacity::hire(sc, base.clone())
            } else {
                capacity::plan(sc, limit)
            };
            VariantRun {
                name: v.name.clone(),
                set: v
                    .overrides
                    .iter()
                    .map(|o| format!("{}={}", o.path, o.value))
                    .collect(),
                plan: plan.map_err(|e| format!("{e:#}")),
            }
        })
        .collect())
}
