//! Months ahead: required FTE per pool and period from the real pipeline
//! ([`required`]), the flow of people through each pool ([`flow`]), and the
//! cheapest hiring plan by integer programming ([`hiring`]). The model is
//! stated in docs/maths.md ("Capacity").
//!
//! `scenario ─► required FTE per period ─► people flow ─► hiring IP ─► CapacityPlan`

pub mod flow;
pub mod hiring;
pub mod required;
#[cfg(test)]
mod tests;

use crate::scenario::capacity::{Capacity, PoolFlow};
use crate::scenario::Scenario;
use flow::{Calendar, Cohort, Rates};
use hiring::{ClassFlow, Model, Plan};
pub use required::Required;

/// The sensitivity of a plan: attrition this many points either side.
pub const SENSITIVITY_POINTS: f64 = 0.05;

/// A capacity plan: per pool, the hiring plan and the flow it makes.
#[derive(Debug, Clone)]
pub struct CapacityPlan {
    /// Required FTE and how it was found.
    pub required: Required,
    /// Period labels (`2027-03`, or the week's first day).
    pub labels: Vec<String>,
    /// Per pool, in scenario order.
    pub pools: Vec<PoolPlan>,
}

/// One pool's plan and its flow per period.
#[derive(Debug, Clone)]
pub struct PoolPlan {
    /// Pool id.
    pub id: String,
    /// The hiring plan (hires, classes, overtime, shortfall, cost).
    pub plan: Plan,
    /// Rows per period.
    pub rows: Vec<Row>,
    /// The same hires at attrition −5 and +5 points: (points, outcome).
    pub sensitivity: Vec<(f64, Outcome)>,
}

/// One period of one pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Required productive FTE.
    pub required: f64,
    /// Productive FTE of the staff employed at the start of the horizon.
    pub productive_tenured: f64,
    /// Productive FTE of the horizon's hires (in nesting or graduated).
    pub productive_new: f64,
    /// People employed (paid) in the period.
    pub headcount: f64,
    /// Of them, hires in the classroom.
    pub in_classroom: f64,
    /// Hires starting.
    pub hires: u32,
    /// Classes starting.
    pub classes: u32,
    /// People leaving at the period's end.
    pub leavers: f64,
    /// Overtime hours.
    pub overtime_hours: f64,
    /// FTE short after overtime.
    pub shortfall: f64,
    /// Productive FTE + overtime − required (negative: short).
    pub gap: f64,
    /// Salaries + hiring + overtime (the shortfall penalty apart).
    pub cost: f64,
}

/// What a hiring plan gives under other attrition.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Cost, shortfall penalty included.
    pub objective: f64,
    /// FTE-periods short.
    pub short: f64,
    /// Periods with a shortfall.
    pub periods_short: usize,
}

/// No hiring plan meets a pool's requirement: the periods short (FTE).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", describe(.short))]
pub struct Short {
    /// (pool, [(period label, FTE short)]).
    pub short: Vec<(String, Vec<(String, f64)>)>,
}

fn describe(short: &[(String, Vec<(String, f64)>)]) -> String {
    let pools: Vec<String> = short
        .iter()
        .map(|(pool, periods)| {
            let list: Vec<String> = periods
                .iter()
                .map(|(l, f)| format!("{l} ({f:.1} FTE)"))
                .collect();
            format!("{pool}: {}", list.join(", "))
        })
        .collect();
    format!(
        "no hiring plan meets the requirement under the hiring rules; short even hiring the most the rules allow — {}. Hire earlier (lead time), allow larger or more classes, more trainers or overtime, or set the pool's shortfall_penalty to plan with the gap named",
        pools.join("; ")
    )
}

/// Plan the horizon of `scenario.capacity`: required FTE from the pipeline
/// (each plan within `time_limit_s`), then each pool's hiring plan.
pub fn plan(scenario: &Scenario, time_limit_s: f64) -> anyhow::Result<CapacityPlan> {
    let required = required_fte(scenario, time_limit_s)?;
    hire(scenario, required)
}

/// The capacity section, or a usage error saying where to read about it.
fn section(scenario: &Scenario) -> anyhow::Result<&Capacity> {
    scenario.capacity.as_ref().ok_or_else(|| {
        crate::error::UsageError(format!(
            "{} has no `capacity:` section; see docs/scenario.md, \"Capacity\"",
            scenario.source.display()
        ))
        .into()
    })
}

/// Required FTE per pool and period (see [`required`]).
pub fn required_fte(scenario: &Scenario, time_limit_s: f64) -> anyhow::Result<Required> {
    required::required(scenario, section(scenario)?, time_limit_s)
}

/// Each pool's hiring plan for required FTE already found.
pub fn hire(scenario: &Scenario, required: Required) -> anyhow::Result<CapacityPlan> {
    let cap = section(scenario)?;
    let cal = Calendar::of(cap);
    let mut pools = Vec::new();
    let mut short = Vec::new();
    for (k, pool) in cap.pools.iter().enumerate() {
        let id = scenario.pools[k].id.clone();
        let rates = (pool.attrition, pool.attrition_new);
        let m = model(&cal, pool, rates, &required.fte[k]);
        match hiring::solve(&m) {
            Ok(plan) => {
                let rows = rows(&cal, pool, &m, &plan, rates);
                let sensitivity = [-SENSITIVITY_POINTS, SENSITIVITY_POINTS]
                    .iter()
                    .map(|d| (*d, outcome(&cal, pool, &required.fte[k], &plan, *d)))
                    .collect();
                pools.push(PoolPlan {
                    id,
                    plan,
                    rows,
                    sensitivity,
                });
            }
            Err(u) => {
                let periods: Vec<(String, f64)> = (0..cal.len())
                    .filter(|&p| u.short[p] > 1e-6)
                    .map(|p| (cap.period_label(p), u.short[p]))
                    .collect();
                short.push((id, periods));
            }
        }
    }
    if !short.is_empty() {
        return Err(Short { short }.into());
    }
    let labels = (0..cal.len()).map(|p| cap.period_label(p)).collect();
    Ok(CapacityPlan {
        required,
        labels,
        pools,
    })
}

/// One pool's hiring problem under attrition `rates`.
pub fn model(cal: &Calendar, pool: &PoolFlow, rates: Rates, required: &[f64]) -> Model {
    let n = cal.len();
    let staff = flow::staff(cal, pool, rates);
    let classes = match &pool.hiring {
        Some(h) => flow::classes(cal, h, rates)
            .into_iter()
            .map(|c| {
                c.map(|c| ClassFlow {
                    heads: c.heads,
                    productive: c.productive,
                    in_classroom: c.in_classroom,
                })
            })
            .collect(),
        None => vec![None; n],
    };
    let hiring = pool.hiring.as_ref();
    Model {
        required: required.to_vec(),
        base_heads: staff.heads,
        base_productive: staff.productive,
        classes,
        salary: (0..n).map(|_| cal.amount(pool.salary)).collect(),
        hire_cost: hiring.map_or(0.0, |h| h.cost_per_hire),
        overtime_cost: (0..n)
            .map(|p| pool.overtime_hourly * hours(cal, p))
            .collect(),
        overtime_share: pool.overtime_share,
        penalty: pool.shortfall_penalty.map(|v| vec![cal.amount(v); n]),
        class_size: hiring.map_or((1, 1), |h| (h.class_min, h.class_max)),
        classes_per_period: hiring.map_or(0, |h| h.classes_per_period),
        trainers: hiring.and_then(|h| h.trainers),
    }
}

/// Hours of one FTE in period `p` (40 a week).
fn hours(cal: &Calendar, p: usize) -> f64 {
    crate::figures::FTE_HOURS_PER_WEEK * cal.days(p) as f64 / 7.0
}

/// The hires' cohorts, summed per period with the plan's class sizes.
fn hired(cal: &Calendar, pool: &PoolFlow, rates: Rates, hires: &[u32]) -> Cohort {
    let n = cal.len();
    let mut sum = Cohort {
        heads: vec![0.0; n],
        productive: vec![0.0; n],
        leavers: vec![0.0; n],
        in_classroom: vec![false; n],
    };
    let Some(h) = &pool.hiring else { return sum };
    for (t, c) in flow::classes(cal, h, rates).into_iter().enumerate() {
        let (Some(c), k) = (c, f64::from(hires[t])) else {
            continue;
        };
        for p in 0..n {
            sum.heads[p] += k * c.heads[p];
            sum.productive[p] += k * c.productive[p];
            sum.leavers[p] += k * c.leavers[p];
        }
    }
    sum
}

fn rows(cal: &Calendar, pool: &PoolFlow, m: &Model, plan: &Plan, rates: Rates) -> Vec<Row> {
    let staff = flow::staff(cal, pool, rates);
    let new = hired(cal, pool, rates, &plan.hires);
    let classroom = in_classroom(cal, pool, rates, &plan.hires);
    (0..cal.len())
        .map(|p| {
            let headcount = staff.heads[p] + new.heads[p];
            let ot = plan.overtime[p];
            let cost = m.salary[p] * headcount
                + m.hire_cost * f64::from(plan.hires[p])
                + m.overtime_cost[p] * ot;
            Row {
                required: m.required[p],
                productive_tenured: staff.productive[p],
                productive_new: new.productive[p],
                headcount,
                in_classroom: classroom[p],
                hires: plan.hires[p],
                classes: plan.classes[p],
                leavers: staff.leavers[p] + new.leavers[p],
                overtime_hours: ot * hours(cal, p),
                shortfall: plan.shortfall[p],
                gap: staff.productive[p] + new.productive[p] + ot - m.required[p],
                cost,
            }
        })
        .collect()
}

/// Hires in the classroom per period (heads).
fn in_classroom(cal: &Calendar, pool: &PoolFlow, rates: Rates, hires: &[u32]) -> Vec<f64> {
    let mut out = vec![0.0; cal.len()];
    if let Some(h) = &pool.hiring {
        for (t, c) in flow::classes(cal, h, rates).into_iter().enumerate() {
            let Some(c) = c else { continue };
            for (p, o) in out.iter_mut().enumerate() {
                if c.in_classroom[p] {
                    *o += f64::from(hires[t]) * c.heads[p];
                }
            }
        }
    }
    out
}

/// The plan's hires under attrition moved by `points` (both rates, kept in [0, 1]).
fn outcome(cal: &Calendar, pool: &PoolFlow, required: &[f64], plan: &Plan, points: f64) -> Outcome {
    let clamp = |r: f64| (r + points).clamp(0.0, 1.0);
    let rates = (clamp(pool.attrition), clamp(pool.attrition_new));
    let m = model(cal, pool, rates, required);
    let e = hiring::evaluate(&m, &plan.hires, &plan.classes);
    Outcome {
        objective: e.objective,
        short: e.shortfall.iter().sum(),
        periods_short: e.shortfall.iter().filter(|s| **s > 1e-6).count(),
    }
}
