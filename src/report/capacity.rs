//! `staffplan capacity`'s outputs: capacity.csv, summary.json, the chart,
//! report.html and the terminal table, all from one [`CapacityPlan`].

use anyhow::Result;
use serde_json::{json, Value};

use super::csv::{num, Rows};
use super::table::Table;
use crate::capacity::{CapacityPlan, PoolPlan, SENSITIVITY_POINTS};
use crate::output::OutputFile;
use crate::pipeline::Timings;
use crate::scenario::capacity::Period;
use crate::scenario::Scenario;

/// capacity.csv's columns (docs/outputs.md).
pub const COLUMNS: [&str; 19] = [
    "pool",
    "period",
    "period_start",
    "required_fte",
    "required_from",
    "productive_fte",
    "productive_fte_tenured",
    "productive_fte_new_hires",
    "overtime_hours",
    "gap_fte",
    "shortfall_fte",
    "headcount",
    "in_classroom",
    "hires",
    "classes_starting",
    "leavers",
    "salary_cost",
    "hiring_cost",
    "cost",
];

/// Every file of a capacity run.
pub fn files(plan: &CapacityPlan, sc: &Scenario, timings: &Timings) -> Result<Vec<OutputFile>> {
    let chart = super::charts::render(&super::charts::capacity::CapacityChart(plan, sc));
    let mut files = vec![
        OutputFile::text("capacity.csv", rows(plan, sc).to_csv()?),
        OutputFile::text("summary.json", summary(plan, sc, timings)),
    ];
    files.extend(super::chart_files(std::slice::from_ref(&chart)));
    files.push(OutputFile::text(
        "report.html",
        super::html::capacity::page(plan, sc, &chart).render(),
    ));
    Ok(files)
}

/// capacity.csv: one row per pool and period.
pub fn rows(plan: &CapacityPlan, sc: &Scenario) -> Rows {
    let mut out = Rows::new(&COLUMNS);
    let Some(cap) = &sc.capacity else { return out };
    for (pool, total) in plan.pools.iter().zip(pool_costs(plan)) {
        let costs: Vec<f64> = pool.rows.iter().map(|r| r.cost).collect();
        let costs = crate::units::round_to_total(&costs, total, 2);
        for ((p, r), cost) in pool.rows.iter().enumerate().zip(costs) {
            let salary = r.cost - pool_hire_cost(sc, pool, p) - overtime_cost(sc, pool, p);
            out.rows.push(vec![
                pool.id.clone(),
                plan.labels[p].clone(),
                cap.period_start(p).to_string(),
                num(r.required, 2),
                if plan.required.planned[p] {
                    "plan"
                } else {
                    "interpolated"
                }
                .into(),
                num(r.productive_tenured + r.productive_new, 2),
                num(r.productive_tenured, 2),
                num(r.productive_new, 2),
                num(r.overtime_hours, 1),
                num(r.gap, 2),
                num(r.shortfall, 2),
                num(r.headcount, 2),
                num(r.in_classroom, 2),
                r.hires.to_string(),
                r.classes.to_string(),
                num(r.leavers, 2),
                num(salary, 2),
                num(pool_hire_cost(sc, pool, p), 2),
                cost.to_string(),
            ]);
        }
    }
    out
}

/// Each pool's cost over the horizon as published, in cents that add up
/// to the published total ([`crate::units::round_parts`]); capacity.csv's
/// rows of a pool add up to it in turn.
fn pool_costs(plan: &CapacityPlan) -> Vec<f64> {
    let costs: Vec<f64> = (plan.pools.iter())
        .map(|p| p.rows.iter().map(|r| r.cost).sum())
        .collect();
    crate::units::round_parts(&costs, 2)
}

fn flow_of<'a>(
    sc: &'a Scenario,
    pool: &PoolPlan,
) -> Option<&'a crate::scenario::capacity::PoolFlow> {
    let k = sc.pools.iter().position(|p| p.id == pool.id)?;
    sc.capacity.as_ref()?.pools.get(k)
}

fn pool_hire_cost(sc: &Scenario, pool: &PoolPlan, p: usize) -> f64 {
    let per = flow_of(sc, pool)
        .and_then(|f| f.hiring.as_ref())
        .map_or(0.0, |h| h.cost_per_hire);
    per * f64::from(pool.rows[p].hires)
}

fn overtime_cost(sc: &Scenario, pool: &PoolPlan, p: usize) -> f64 {
    flow_of(sc, pool).map_or(0.0, |f| f.overtime_hourly * pool.rows[p].overtime_hours)
}

/// summary.json: the horizon, how required FTE was found, and per pool the
/// hiring plan, its cost, the solver's work and the sensitivity.
pub fn summary(plan: &CapacityPlan, sc: &Scenario, timings: &Timings) -> String {
    let cap = sc.capacity.as_ref();
    let costs = pool_costs(plan);
    let pools: Vec<Value> = (plan.pools.iter().zip(&costs))
        .map(|(p, &cost)| pool_json(plan, p, cost))
        .collect();
    let mut value = json!({
        "scenario": sc.name,
        "currency": sc.currency,
        "salary_basis": salary_basis(sc),
        "horizon": {
            "start": cap.map(|c| c.start.to_string()),
            "period": cap.map(|c| if c.period == Period::Month { "month" } else { "week" }),
            "periods": plan.labels.len(),
        },
        "required": {
            "method": "the scenario's week planned at each level (shift plan paid hours ÷ 40 h a week); other periods interpolated in the pool's workload",
            "distinct_levels": plan.required.levels,
            "plans": plan.required.plans,
            "plans_cut_short": plan.required.cut_short,
            "periods_planned": plan.required.planned.iter().filter(|p| **p).count(),
        },
        "solver": {
            "method": "branch and bound over LP relaxations (exact for the model of docs/maths.md, to 1e-7 relative)",
            "lp": crate::shifts::SOLVER_NAME,
            "max_lps_per_pool": crate::capacity::hiring::MAX_LPS,
        },
        "cost": round2(costs.iter().sum()),
        "objective": round2(plan.pools.iter().map(|p| p.plan.objective).sum()),
        "hires": plan.pools.iter().map(|p| p.plan.hires.iter().sum::<u32>()).sum::<u32>(),
        "pools": pools,
        "timings": timings,
    });
    let autos = super::sites::unchosen_splits(sc);
    if let (false, Some(map)) = (autos.is_empty(), value.as_object_mut()) {
        map.insert("auto_splits".into(), json!(autos));
    }
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

fn round2(x: f64) -> f64 {
    crate::units::round(x, 2)
}

/// A pool's summary.json entry; `cost` as published ([`pool_costs`]).
fn pool_json(plan: &CapacityPlan, p: &PoolPlan, cost: f64) -> Value {
    let classes: Vec<Value> = p
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.classes > 0)
        .map(|(i, r)| json!({"period": plan.labels[i], "classes": r.classes, "hires": r.hires}))
        .collect();
    let sensitivity: Vec<Value> = p
        .sensitivity
        .iter()
        .map(|(d, o)| {
            json!({
                "attrition_points": crate::units::round(d * 100.0, 1),
                "objective": round2(o.objective),
                "shortfall_fte_periods": round2(o.short),
                "periods_short": o.periods_short,
            })
        })
        .collect();
    json!({
        "id": p.id,
        "hires": p.plan.hires.iter().sum::<u32>(),
        "classes": classes,
        "cost": cost,
        "objective": round2(p.plan.objective),
        "lower_bound": round2(p.plan.bound),
        "lps": p.plan.lps,
        "lp_cap_reached": p.plan.capped,
        "overtime_hours": crate::units::round(p.rows.iter().map(|r| r.overtime_hours).sum(), 1),
        "shortfall_fte_periods": round2(p.plan.shortfall.iter().sum()),
        "sensitivity": sensitivity,
    })
}

/// What `check` says of a capacity section: the horizon and who hires.
pub fn check_line(cap: &crate::scenario::capacity::Capacity, sc: &Scenario) -> String {
    let kind = if cap.period == Period::Month {
        "months"
    } else {
        "weeks"
    };
    let hiring: Vec<&str> = sc
        .pools
        .iter()
        .zip(&cap.pools)
        .filter(|(_, f)| f.hiring.is_some())
        .map(|(p, _)| p.id.as_str())
        .collect();
    let people: u32 = cap
        .pools
        .iter()
        .flat_map(|f| f.staff.iter())
        .map(|s| s.0)
        .sum();
    format!(
        "capacity: {} {kind} from {}, {people} people today; hiring in {}\n",
        cap.periods,
        cap.period_label(0),
        if hiring.is_empty() {
            "no pool".to_string()
        } else {
            hiring.join(", ")
        }
    )
}

/// What a capacity salary is: at base rate, without the night and weekend
/// multipliers `plan` prices its shifts with. A hiring budget counts people
/// at their salary; the premiums depend on which shifts they work, which
/// `plan` decides week by week, so they are named here rather than guessed.
pub fn salary_basis(sc: &Scenario) -> String {
    let c = &sc.costs;
    let mut premiums = Vec::new();
    if let Some((window, m)) = c.night.filter(|n| n.1 != 1.0) {
        premiums.push(format!("night ×{m} ({window})"));
    }
    if c.weekend_multiplier != 1.0 {
        premiums.push(format!("weekend ×{}", c.weekend_multiplier));
    }
    let head = "salaries are at base rate (`salary` a month, by default the pool's hourly rate × 40 h × 30.4375 ÷ 7)";
    if premiums.is_empty() {
        format!("{head}; the scenario sets no night or weekend premium")
    } else {
        format!(
            "{head}: without the {} premium{} `plan` prices its shifts with; raise `salary` by the share of premium hours to budget them",
            premiums.join(" and "),
            if premiums.len() > 1 { "s" } else { "" }
        )
    }
}

/// The terminal summary: per pool, a row per period, then the sensitivity.
pub fn terminal(plan: &CapacityPlan, sc: &Scenario) -> String {
    let mut out = format!(
        "{} — capacity, {} periods from {} (required FTE: {} plans for {} levels)\n{}\n",
        sc.name,
        plan.labels.len(),
        plan.labels.first().map_or("", String::as_str),
        plan.required.plans,
        plan.required.levels,
        salary_basis(sc)
    );
    if plan.required.cut_short > 0 {
        out += &format!(
            "the time limit stopped the search of {} of the {} plans: their required FTE are those of heavier plans than the full search gives\n",
            plan.required.cut_short, plan.required.plans
        );
    }
    for pool in &plan.pools {
        let mut t = Table::new(&[
            "period",
            "required",
            "productive",
            "overtime h",
            "gap",
            "headcount",
            "classroom",
            "hires",
            "classes",
            "leavers",
            "cost",
        ]);
        for (p, r) in pool.rows.iter().enumerate() {
            t.row(vec![
                plan.labels[p].clone(),
                format!("{:.1}", r.required),
                format!("{:.1}", r.productive_tenured + r.productive_new),
                format!("{:.0}", r.overtime_hours),
                format!("{:+.1}", r.gap),
                format!("{:.1}", r.headcount),
                format!("{:.1}", r.in_classroom),
                r.hires.to_string(),
                r.classes.to_string(),
                format!("{:.1}", r.leavers),
                format!("{:.0}", r.cost),
            ]);
        }
        let cost: f64 = pool.rows.iter().map(|r| r.cost).sum();
        let short: f64 = pool.plan.shortfall.iter().sum();
        let penalty = if short > 1e-6 {
            format!(
                "; cost + shortfall penalty {:.0} ({short:.1} FTE-periods short)",
                pool.plan.objective
            )
        } else {
            String::new()
        };
        out += &format!(
            "\n{}: {} hires in {} classes, cost {:.0} {}{penalty}{}\n",
            pool.id,
            pool.plan.hires.iter().sum::<u32>(),
            pool.plan.classes.iter().sum::<u32>(),
            cost,
            sc.currency,
            if pool.plan.capped {
                " (LP cap reached: best found, not proven)"
            } else {
                ""
            }
        );
        out += &t.render();
        out += &sensitivity_line(pool, &sc.currency);
    }
    out + &super::sites::unchosen_text(sc, "required FTE planned")
}

/// `attrition −5 pts: cost …, covered; +5 pts: cost + shortfall penalty …,
/// short …` for one pool.
pub fn sensitivity_line(pool: &PoolPlan, currency: &str) -> String {
    let parts: Vec<String> = pool
        .sensitivity
        .iter()
        .map(|(d, o)| {
            // The figure is cost + shortfall penalty: named so when there is
            // a penalty, to read against the headline's "cost + shortfall
            // penalty", not its cost.
            if o.periods_short == 0 {
                format!("{:+.0} pts: {:.0} {currency}, covered", d * 100.0, o.objective)
            } else {
                format!(
                    "{:+.0} pts: cost + shortfall penalty {:.0} {currency}, short {:.1} FTE-periods in {} periods",
                    d * 100.0,
                    o.objective,
                    o.short,
                    o.periods_short
                )
            }
        })
        .collect();
    format!(
        "same hires at attrition ±{:.0} points: {}\n",
        SENSITIVITY_POINTS * 100.0,
        parts.join("; ")
    )
}

/// One what-if of a capacity run.
#[derive(Debug, Clone)]
pub struct VariantRun {
    /// Its name.
    pub name: String,
    /// Its overrides, `path=value`.
    pub set: Vec<String>,
    /// Its plan, or why there is none.
    pub plan: Result<CapacityPlan, String>,
}

/// capacity_variants.csv's columns (docs/outputs.md).
pub const VARIANT_COLUMNS: [&str; 11] = [
    "variant",
    "status",
    "hires",
    "classes",
    "cost",
    "delta_cost",
    "cost_with_penalty",
    "overtime_hours",
    "shortfall_fte_periods",
    "set",
    "error",
];

/// capacity_variants.csv: the base, then each variant.
pub fn variant_rows(base: &CapacityPlan, runs: &[VariantRun]) -> Rows {
    let total = |p: &CapacityPlan, f: &dyn Fn(&crate::capacity::Row) -> f64| -> f64 {
        p.pools
            .iter()
            .flat_map(|pool| pool.rows.iter())
            .map(f)
            .sum()
    };
    let base_cost = total(base, &|r| r.cost);
    let figures = |p: &CapacityPlan| -> Vec<String> {
        vec![
            "ok".into(),
            num(total(p, &|r| f64::from(r.hires)), 0),
            num(total(p, &|r| f64::from(r.classes)), 0),
            num(total(p, &|r| r.cost), 2),
            num(total(p, &|r| r.cost) - base_cost, 2),
            num(p.pools.iter().map(|pool| pool.plan.objective).sum(), 2),
            num(total(p, &|r| r.overtime_hours), 1),
            num(total(p, &|r| r.shortfall), 2),
        ]
    };
    let mut out = Rows::new(&VARIANT_COLUMNS);
    let mut first = vec!["base".to_string()];
    first.extend(figures(base));
    first.extend([String::new(), String::new()]);
    out.rows.push(first);
    for run in runs {
        let mut row = vec![run.name.clone()];
        match &run.plan {
            Ok(p) => row.extend(figures(p)),
            Err(_) => {
                row.push("no plan".into());
                row.extend(std::iter::repeat_n(String::new(), 7));
            }
        }
        row.push(run.set.join("; "));
        row.push(run.plan.as_ref().err().cloned().unwrap_or_default());
        out.rows.push(row);
    }
    out
}
