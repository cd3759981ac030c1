//! Required FTE per pool and period from the real pipeline: the scenario's
//! week, its volumes and handle times scaled to a period's level, staffed
//! (Erlang C/A) and planned (shift integer program); the plan's paid hours
//! ÷ 40 h a week are the FTE, as `plan` states them.
//!
//! Periods at the same level share one plan. When the horizon holds more
//! distinct levels than `max_plans`, the levels at evenly spaced ranks of
//! the total workload (the least and the greatest always among them) are
//! planned, and each other period's FTE is interpolated per pool, linearly
//! in the pool's workload (Erlang hours a week) between the nearest planned
//! levels below and above (beyond them: in proportion to the nearest).

use anyhow::Context;
use rayon::prelude::*;

use crate::pipeline;
use crate::scenario::capacity::Capacity;
use crate::scenario::{Coverage, Forecast, Scenario};
use crate::shifts::{self, Infeasible};
use crate::staffing::Staffed;

/// Required FTE per pool and period, and how each period got it.
#[derive(Debug, Clone, PartialEq)]
pub struct Required {
    /// FTE per pool (scenario order), then per period.
    pub fte: Vec<Vec<f64>>,
    /// Per period: whether its level was planned (else interpolated).
    pub planned: Vec<bool>,
    /// Distinct levels over the horizon.
    pub levels: usize,
    /// Base-week plans made.
    pub plans: usize,
    /// Of them, plans whose search the time limit stopped (their FTE are
    /// then those of a heavier plan than the full search gives).
    pub cut_short: usize,
}

/// A period's level: (volume factor, handle-time factor) per queue, in
/// billionths so equal levels compare equal.
type Level = Vec<(i64, i64)>;

fn level(cap: &Capacity, p: usize) -> Level {
    let key = |x: f64| (x * 1e9).round() as i64;
    cap.demand
        .iter()
        .map(|q| (key(q.volume[p]), key(q.aht[p])))
        .collect()
}

/// The scenario's week at a level: volumes and handle times scaled; a queue
/// at zero volume (not yet live) needs nobody.
pub fn at_level(base: &Scenario, level: &[(f64, f64)]) -> Scenario {
    let mut s = base.clone();
    for (q, &(volume, aht)) in s.queues.iter_mut().zip(level) {
        match &mut q.forecast {
            Forecast::Pattern(p) => p.scale *= volume,
            Forecast::Csv(c) => {
                c.scale *= volume;
                for row in &mut c.rows {
                    row.aht_s = row.aht_s.map(|a| a * aht);
                }
            }
        }
        q.aht_s *= aht;
        if volume == 0.0 {
            q.min_agents_when_open = 0;
        }
    }
    s.capacity = None;
    s
}

/// The base week planned at a level: FTE per pool, and whether the time
/// limit stopped its search. Uncovered intervals under hard coverage are an
/// [`Infeasible`] (exit 3).
pub fn plan_level(
    base: &Scenario,
    level: &[(f64, f64)],
    time_limit_s: f64,
) -> anyhow::Result<(Vec<f64>, bool)> {
    let staffed = pipeline::staff(at_level(base, level))?;
    let plan = shifts::solve(&staffed, time_limit_s)?;
    let gaps = shifts::gaps(&staffed, &plan);
    if !gaps.is_empty() && staffed.scenario.shifts.coverage != Some(Coverage::Soft) {
        return Err(Infeasible::new(&staffed, &plan, gaps).into());
    }
    let weeks = crate::figures::horizon_weeks(&staffed.scenario);
    let fte = (plan.pools.iter())
        .map(|pp| pp.paid_hours() / (crate::figures::FTE_HOURS_PER_WEEK * weeks))
        .collect();
    Ok((fte, plan.pools.iter().any(|pp| pp.timed_out)))
}

/// Erlang hours a week of each queue of the scenario's week (agent volume ×
/// handle time), the weights of the interpolation.
fn workloads(staffed: &Staffed) -> Vec<f64> {
    staffed
        .demand
        .queues
        .iter()
        .map(|d| {
            d.agent_volume
                .iter()
                .zip(&d.aht_s)
                .map(|(v, a)| v * a)
                .sum::<f64>()
                / 3600.0
        })
        .collect()
}

/// Required FTE of every period (see the module doc).
pub fn required(base: &Scenario, cap: &Capacity, time_limit_s: f64) -> anyhow::Result<Required> {
    let n = cap.periods as usize;
    pipeline::single_skill(base)?;
    let staffed = pipeline::staff(base.clone())?;
    let work = workloads(&staffed);
    let pools = base.pools.len();
    let pool_work = |p: usize, k: usize| -> f64 {
        base.queues_of(k)
            .map(|(q, _)| work[q] * cap.demand[q].volume[p] * cap.demand[q].aht[p])
            .sum()
    };
    let mut distinct: Vec<usize> = Vec::new(); // a representative period per level
    for p in 0..n {
        if !distinct.iter().any(|&d| level(cap, d) == level(cap, p)) {
            distinct.push(p);
        }
    }
    let total = |p: usize| (0..pools).map(|k| pool_work(p, k)).sum::<f64>();
    let chosen = choose(&distinct, cap.max_plans as usize, &total);
    let planned_levels: Vec<(Vec<f64>, bool)> = chosen
        .par_iter()
        .map(|&p| {
            let lv: Vec<(f64, f64)> = cap.demand.iter().map(|q| (q.volume[p], q.aht[p])).collect();
            plan_level(base, &lv, time_limit_s).with_context(|| {
                format!(
                    "planning the scenario's week at the level of {}",
                    cap.period_label(p)
                )
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let cut_short = planned_levels.iter().filter(|l| l.1).count();
    let fte: Vec<Vec<f64>> = planned_levels.into_iter().map(|l| l.0).collect();
    let mut out = vec![vec![0.0; n]; pools];
    let mut planned = vec![false; n];
    for p in 0..n {
        let same = chosen.iter().position(|&c| level(cap, c) == level(cap, p));
        planned[p] = same.is_some();
        for (k, row) in out.iter_mut().enumerate() {
            row[p] = match same {
                Some(i) => fte[i][k],
                None => {
                    let points: Vec<(f64, f64)> = chosen
                        .iter()
                        .zip(&fte)
                        .map(|(&c, f)| (pool_work(c, k), f[k]))
                        .collect();
                    interpolate(&points, pool_work(p, k))
                }
            };
        }
    }
    Ok(Required {
        fte: out,
        planned,
        levels: distinct.len(),
        plans: chosen.len(),
        cut_short,
    })
}

/// At most `max` of the periods `distinct`, at evenly spaced ranks of
/// `weight` (the least and the greatest first among them).
fn choose(distinct: &[usize], max: usize, weight: &dyn Fn(usize) -> f64) -> Vec<usize> {
    if distinct.len() <= max {
        return distinct.to_vec();
    }
    let mut sorted = distinct.to_vec();
    sorted.sort_by(|a, b| weight(*a).total_cmp(&weight(*b)).then(a.cmp(b)));
    if max == 1 {
        return vec![sorted[sorted.len() - 1]];
    }
    let last = sorted.len() - 1;
    let mut picked: Vec<usize> = (0..max)
        .map(|i| sorted[(i * last + (max - 1) / 2) / (max - 1)])
        .collect();
    picked.sort_unstable();
    picked.dedup();
    picked
}

/// Linear interpolation of `(x, y)` points at `x`: between the nearest
/// points below and above, else in proportion to the nearest one.
pub fn interpolate(points: &[(f64, f64)], x: f64) -> f64 {
    let below = points
        .iter()
        .filter(|p| p.0 <= x)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let above = points
        .iter()
        .filter(|p| p.0 >= x)
        .min_by(|a, b| a.0.total_cmp(&b.0));
    match (below, above) {
        (Some(a), Some(b)) if b.0 > a.0 => a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0),
        (Some(a), Some(_)) => a.1,
        (Some(n), None) | (None, Some(n)) if n.0 > 0.0 => n.1 * x / n.0,
        (Some(n), None) | (None, Some(n)) => n.1,
        (None, None) => 0.0,
    }
}
