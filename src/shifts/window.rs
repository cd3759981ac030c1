//! The LP bound of a pool planned to a service-level window: the pool's
//! covering model with each interval at its own limits and the window
//! rows of [`WindowSteps`](crate::staffing::WindowSteps), a relaxation of
//! the window problem itself (not of the per-interval requirement a plan
//! was searched against), so the gap printed against it is a true gap.

use super::{lp, model, Caps, PoolModel, SolverError};
use crate::error::InputError;
use crate::staffing::{self, Staffed};

/// Pool `p`'s covering model for the window problem: `required` at each
/// interval's own limits, after shrinkage and unrounded (the window rows
/// hold the net figures), and the window in unit steps. `None` when the
/// pool is not planned to a window or its agents are split between queues
/// ([`staffing::window_steps`]).
pub fn window_model(staffed: &Staffed, p: usize) -> Result<Option<PoolModel>, InputError> {
    let (sc, grid) = (&staffed.scenario, &staffed.grid);
    let Some(steps) = staffing::window_steps(sc, p, grid, &staffed.demand)? else {
        return Ok(None);
    };
    let mut m = model(staffed, p);
    let keep = 1.0 - steps.shrinkage;
    m.required = steps.base.iter().map(|&b| f64::from(b) / keep).collect();
    m.window = Some(steps);
    Ok(Some(m))
}

/// The optimum of [`window_model`]'s LP relaxation (split into weeks and
/// branched on head count as the shift plan's bound is): a lower bound on
/// any plan meeting the pool's windows. `None` where there is no model.
pub fn window_bound(staffed: &Staffed, p: usize) -> anyhow::Result<Option<f64>> {
    let Some(m) = window_model(staffed, p)? else {
        return Ok(None);
    };
    let sc = &staffed.scenario;
    let relaxed =
        lp::solve(&m, Caps::of_pool(sc, m.pool), &sc.shifts.templates).map_err(|message| {
            SolverError {
                pool: sc.pools[p].id.clone(),
                message,
            }
        })?;
    Ok(Some(relaxed.bound))
}
