//! The stages in one straight line, for commands, tests and benches:
//! scenario ─► time grid ─► demand ─► requirements.

use crate::demand::{self, Demand};
use crate::error::InputError;
use crate::scenario::Scenario;
use crate::staffing::{self, Requirements};
use crate::timegrid::TimeGrid;

/// A scenario with its demand and requirements.
#[derive(Debug, Clone)]
pub struct Staffed {
    /// The validated scenario.
    pub scenario: Scenario,
    /// Its time grid.
    pub grid: TimeGrid,
    /// Contacts per queue and interval.
    pub demand: Demand,
    /// Agents needed per queue, pool and interval.
    pub requirements: Requirements,
}

/// Run the staffing stages on a validated scenario.
pub fn staff(scenario: Scenario) -> Result<Staffed, InputError> {
    let grid = TimeGrid::new(&scenario.site);
    let demand = demand::build(&scenario, &grid);
    let requirements = staffing::build(&scenario, &grid, &demand)?;
    Ok(Staffed {
        scenario,
        grid,
        demand,
        requirements,
    })
}

impl Staffed {
    /// The interval with the highest gross requirement of queue `q` (first on ties).
    pub fn queue_peak(&self, q: usize) -> Option<usize> {
        peak_of(self.requirements.queues[q].iter().map(|c| c.gross))
    }

    /// The interval with the highest gross requirement of pool `p`.
    pub fn pool_peak(&self, p: usize) -> Option<usize> {
        peak_of(self.requirements.pools[p].gross.iter().copied())
    }
}

fn peak_of(values: impl Iterator<Item = u32>) -> Option<usize> {
    let mut best: Option<(usize, u32)> = None;
    for (i, v) in values.enumerate() {
        if best.is_none_or(|(_, b)| v > b) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}
