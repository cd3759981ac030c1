//! Surplus hours by cause: why a plan puts more agent-hours on the floor
//! than its requirement, split into causes a manager can act on.
//!
//! A waterfall of LP relaxations ([`lp::floor_hours`]: the least agent-hours
//! on the floor, plus hours short, with which some tours cover a
//! requirement), each step adding one family of rules to the last:
//!
//! ```text
//! R₀  the requirement's own agent-hours, min_agents_when_open taken out
//! A   single shifts of every template (shapes and breaks), no week, no caps
//! B   + the plan's tours (weekly pattern, days off)
//! S   + the same agents every week (several weeks of tours: as many
//!       tours in every week)
//! C   + start/end caps, template min/max agents and shares, staff caps
//! C'  C against the requirement with min_agents_when_open (R = its hours)
//! D   the plan: Σₜ max(on floor, rₜ) × interval hours
//! ```
//!
//! so the plan's surplus D − R telescopes into (A − R₀) shift shape and
//! breaks, (B − A) days-off pattern, (S − B) the same agents every week,
//! (C − S) caps and limits, ((C' − R) − (C − R₀)) minimum agents and
//! (D − C') whole agents and search. Each of the first four is ≥ 0 (up to
//! the solver's tolerance: a rule added only shrinks the LP's feasible
//! set). The minimum agents' part may be negative (a minimum turns hours
//! that were surplus into required ones) and so may the last under soft
//! coverage (the plan chooses to be short; the LPs, at a weight far above
//! any shift, cover wherever their tours can), or when a multi-week plan's
//! weeks differ in tours (a week topped up for a template's `min_share`,
//! or left short at a cap). The plan minimises cost, not hours on the
//! floor, so the last part also holds the hours a cheaper plan spends
//! (night or weekend rates, paid against unpaid breaks).

use rayon::prelude::*;

use super::{lp, tours, Caps, PoolModel, PoolPlan, ShiftPlan};
use crate::staffing::{self, Staffed};

/// One pool's waterfall, agent-hours (unrounded).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Waterfall {
    /// R₀: the requirement without `min_agents_when_open`.
    pub required_without_minimum: f64,
    /// R: the requirement the plan covers.
    pub required: f64,
    /// A: single shifts.
    pub single_shifts: f64,
    /// B: the plan's tours.
    pub tours: f64,
    /// S: + the same agents every week.
    pub same_agents: f64,
    /// C: + caps and limits.
    pub limits: f64,
    /// C': C against R.
    pub minimum: f64,
    /// D: the plan's hours on the floor plus hours short.
    pub plan: f64,
}

/// Every pool's waterfall, in plan order. Five LPs a pool at most (one fewer
/// when no queue of the site has a minimum, one fewer for a single
/// week), solved in parallel.
pub fn waterfall(staffed: &Staffed, plan: &ShiftPlan) -> anyhow::Result<Vec<Waterfall>> {
    let without = without_minimum(staffed)?;
    plan.pools
        .par_iter()
        .map(|pp| {
            let reduced = without.as_ref().map(|w| {
                let pool = &w[pp.model.pool];
                pool.iter()
                    .zip(&pp.model.required)
                    .map(|(&a, &b)| a.min(b))
                    .collect::<Vec<f64>>()
            });
            pool_waterfall(staffed, pp, reduced).map_err(|message| {
                anyhow::anyhow!(
                    "explaining the surplus of pool `{}`: {message}",
                    staffed.scenario.pools[pp.model.pool].id
                )
            })
        })
        .collect()
}

/// The waterfall of one pool's plan `pp`, with its requirement without
/// minimum agents `reduced` (`None`: the same as the plan's).
fn pool_waterfall(
    staffed: &Staffed,
    pp: &PoolPlan,
    reduced: Option<Vec<f64>>,
) -> Result<Waterfall, String> {
    let sc = &staffed.scenario;
    let h = staffed.grid.hours();
    let limits = Some((
        Caps::of_pool(sc, pp.model.pool),
        sc.shifts.templates.as_slice(),
    ));
    let m = &pp.model;
    let hours = |r: &[f64]| r.iter().sum::<f64>() * h;
    let without = PoolModel {
        required: reduced.unwrap_or_else(|| m.required.clone()),
        ..m.clone()
    };
    let single = PoolModel {
        tours: tours::single(&m.shifts),
        groups: Vec::new(),
        weekly: None,
        ..without.clone()
    };
    let limited = lp::floor_hours(&without, limits, true, h)?;
    let minimum = if without.required == m.required {
        limited
    } else {
        lp::floor_hours(m, limits, true, h)?
    };
    let tours = lp::floor_hours(&without, None, false, h)?;
    let same_agents = if m.several_weeks() {
        lp::floor_hours(&without, None, true, h)?
    } else {
        tours
    };
    let plan: f64 = pp
        .on_floor
        .iter()
        .zip(&m.required)
        .map(|(&f, &r)| f.max(r))
        .sum::<f64>()
        * h;
    Ok(Waterfall {
        required_without_minimum: hours(&without.required),
        required: hours(&m.required),
        single_shifts: lp::floor_hours(&single, None, false, h)?,
        tours,
        same_agents,
        limits: limited,
        minimum,
        plan,
    })
}

/// Each pool's gross requirement staffed with no queue's
/// `min_agents_when_open`, or `None` when no queue has one. A plan made
/// for a window target is staffed to an aim below the contract's, which
/// the staffed scenario does not keep: the caller takes the lower of this
/// and the plan's requirement in each interval, so that R₀ ≤ R always.
fn without_minimum(staffed: &Staffed) -> anyhow::Result<Option<Vec<Vec<f64>>>> {
    let sc = &staffed.scenario;
    if sc.queues.iter().all(|q| q.min_agents_when_open == 0) {
        return Ok(None);
    }
    let mut bare = sc.clone();
    for q in &mut bare.queues {
        q.min_agents_when_open = 0;
    }
    let req = staffing::build(&bare, &staffed.grid, &staffed.demand)?;
    Ok(Some(
        req.pools
            .iter()
            .map(|p| p.gross.iter().map(|&g| f64::from(g)).collect())
            .collect(),
    ))
}

#[cfg(test)]
mod tests;
