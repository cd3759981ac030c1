//! The stages in one straight line, for commands, tests and benches:
//! scenario ─► time grid ─► demand ─► requirements ([`staff`]) ─► shift plan
//! ─► evaluation ─► roster ([`plan`]).

use std::time::Instant;

use anyhow::Context;

use crate::demand;
use crate::error::InputError;
use crate::evaluate::{self, QueueService};
use crate::figures::{self, PlanFigures};
use crate::roster::{self, Roster};
use crate::scenario::{Coverage, Scenario};
use crate::shifts::{self, Gap, Infeasible, ShiftPlan};
use crate::staffing::{self, Staffed};
use crate::units::round;

/// Run the staffing stages on a validated scenario.
pub fn staff(scenario: Scenario) -> Result<Staffed, InputError> {
    let grid = scenario.site.grid();
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
    /// The headline figures every renderer reads.
    pub figures: PlanFigures,
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
    plan_staffed(staffed, time_limit_s, timings)
}

/// [`plan`] from the requirements on: for a caller that staffed the
/// scenario itself (and timed it in `timings`).
pub fn plan_staffed(
    staffed: Staffed,
    time_limit_s: f64,
    mut timings: Timings,
) -> anyhow::Result<Planned> {
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
    let figures = figures::plan_figures(&staffed, &plan, &roster, &service);
    Ok(Planned {
        staffed,
        plan,
        roster,
        service,
        figures,
        gaps,
        simulation: None,
        timings,
    })
}

/// Wall-clock timings of a run, milliseconds: the only part of the outputs
/// that may differ between two runs of the same input.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Stage name and milliseconds, in run order.
    pub stages: Vec<(String, f64)>,
}

impl serde::Serialize for Timings {
    /// An object of `stage: milliseconds`, in run order.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.stages.len()))?;
        for (stage, ms) in &self.stages {
            map.serialize_entry(stage, ms)?;
        }
        map.end()
    }
}

impl std::fmt::Display for Timings {
    /// `load 3 ms, staffing 14 ms, ...` for stderr.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .stages
            .iter()
            .map(|(stage, ms)| {
                let name = stage.trim_end_matches("_ms").replace('_', " ");
                format!("{name} {ms:.0} ms")
            })
            .collect();
        f.write_str(&parts.join(", "))
    }
}

impl Timings {
    /// Record the milliseconds since `started` under `stage`, after the
    /// stages recorded so far (a stage recorded again keeps its place).
    pub fn record(&mut self, stage: &str, started: Instant) {
        let ms = round(started.elapsed().as_secs_f64() * 1000.0, 1);
        match self.stages.iter_mut().find(|(s, _)| s == stage) {
            Some(entry) => entry.1 = ms,
            None => self.stages.push((stage.to_string(), ms)),
        }
    }
}

impl<'a> From<&'a Planned> for crate::simulate::Input<'a> {
    fn from(p: &'a Planned) -> Self {
        crate::simulate::Input {
            staffed: &p.staffed,
            plan: &p.plan,
            service: &p.service,
        }
    }
}
