//! The stages in one straight line, for commands, tests and benches:
//! scenario ─► time grid ─► demand ─► requirements ([`staff`]) ─► shift plan
//! ─► evaluation ─► roster ([`plan`]).

use std::time::Instant;

use anyhow::Context;

use crate::demand::{self, Demand};
use crate::error::InputError;
use crate::evaluate::{self, QueueService};
use crate::report::json::Timings;
use crate::report::round;
use crate::roster::{self, Roster};
use crate::scenario::{Coverage, Scenario};
use crate::shifts::{self, Gap, Infeasible, ShiftPlan};
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

/// A scenario planned end to end: everything a plan's outputs are rendered from.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Demand and requirements.
    pub staffed: Staffed,
    /// The shift plan of every pool.
    pub plan: ShiftPlan,
    /// Named agents on every planned shift.
    pub roster: Roster,
    /// Achieved service per queue and interval.
    pub service: Vec<QueueService>,
    /// Intervals left short (only under `coverage: soft`; hard coverage
    /// refuses them with [`Infeasible`]).
    pub gaps: Vec<Gap>,
    /// The simulation of the plan, when asked for (`plan --simulate`,
    /// `simulate`); its files and report section go with the plan's.
    pub simulation: Option<crate::simulate::Simulation>,
    /// Wall-clock milliseconds per stage (the only part that varies by run).
    pub timings: Timings,
}

/// Run every stage on a validated scenario: requirements, the shift plan
/// within `time_limit_s`, the evaluation, the roster. Under hard coverage a
/// plan that leaves an interval short is an [`Infeasible`] error (exit 3),
/// and so is a roster that cannot staff every shift ([`roster::Unstaffed`]).
pub fn plan(scenario: Scenario, time_limit_s: f64) -> anyhow::Result<Planned> {
    let mut timings = Timings::default();
    let started = Instant::now();
    let staffed = staff(scenario)?;
    timings.record("staffing_ms", started);
    let started = Instant::now();
    let plan = shifts::solve(&staffed, time_limit_s)?;
    timings.record("shift_plan_ms", started);
    let started = Instant::now();
    let service = evaluate::evaluate(&staffed, &plan).context("evaluating the plan")?;
    let gaps = shifts::gaps(&staffed, &plan);
    timings.record("evaluation_ms", started);
    if !gaps.is_empty() && staffed.scenario.shifts.coverage != Some(Coverage::Soft) {
        return Err(Infeasible { gaps }.into());
    }
    let started = Instant::now();
    let roster = roster::build(&staffed, &plan)?;
    timings.record("roster_ms", started);
    Ok(Planned {
        staffed,
        plan,
        roster,
        service,
        gaps,
        simulation: None,
        timings,
    })
}

impl Timings {
    /// Record the milliseconds since `started` under `stage`.
    pub fn record(&mut self, stage: &str, started: Instant) {
        let ms = round(started.elapsed().as_secs_f64() * 1000.0, 1);
        self.stages.insert(stage.to_string(), ms);
    }
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
