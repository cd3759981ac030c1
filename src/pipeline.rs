//! The stages in one straight line, for commands, tests and benches:
//! scenario ─► time grid ─► demand ─► requirements ([`staff`]) ─► shift plan
//! ─► evaluation ─► roster ([`plan`]).

use std::time::{Duration, Instant};

use anyhow::Context;

use crate::demand;
use crate::error::InputError;
use crate::evaluate::{self, QueueService};
use crate::figures::{self, PlanFigures};
use crate::roster::{self, Roster};
use crate::scenario::{Agents, Coverage, Scenario};
use crate::shifts::{self, Gap, Infeasible, ShiftPlan};
use crate::staffing::{self, Staffed};
use crate::units::{round, Over};

pub mod split;

/// Run the staffing stages on a validated scenario.
pub fn staff(scenario: Scenario) -> Result<Staffed, InputError> {
    let grid = scenario.site.grid();
    let demand = demand::build(&scenario, &grid);
    let requirements = staffing::build(&scenario, &grid, &demand)?;
    // Pools linked by `serves`: their requirement by simulation.
    let groups =
        crate::simulate::skills::staff_groups(&scenario, &grid, &demand, &requirements.queues)?;
    let requirements = staffing::with_groups(&scenario, requirements, groups);
    Ok(Staffed {
        scenario,
        grid,
        demand,
        requirements,
    })
}

/// Refuse a scenario whose queues several groups serve (a pool with
/// `serves`) at `capacity`, which does not handle it: its interpolation
/// between planned levels weighs each pool by its own queues' workload,
/// and a skill group's share of another pool's queues is not one. `plan`,
/// `compare` and `quote` plan each group from its requirement
/// ([`staffing::with_groups`]) and evaluate its queues by simulation
/// ([`evaluate_plan`]).
pub fn single_skill(scenario: &Scenario) -> Result<(), InputError> {
    match scenario.pools.iter().position(|p| !p.serves.is_empty()) {
        None => Ok(()),
        Some(p) => Err(InputError::new(
            scenario.pools[p].location.clone(),
            format!("pools[{p}].serves"),
            format!(
                "pool `{}` serves other pools' queues (multi-skill routing), which `capacity` does not handle: its interpolation between planned levels weighs each pool by its own queues' workload. `plan`, `compare`, `quote`, `staff` and `simulate` accept it; remove `serves` for `capacity`",
                scenario.pools[p].id
            ),
        )),
    }
}

/// The achieved service of a plan: [`evaluate::evaluate`], with the queues
/// of skill groups (pools linked by `serves`) evaluated instead by the
/// skill-routing simulation at the plan's coverage
/// ([`crate::simulate::skills::service_at`]); single-skill Erlang would
/// ignore what the groups take from each other.
pub fn evaluate_plan(s: &Staffed, plan: &ShiftPlan) -> anyhow::Result<Vec<QueueService>> {
    let mut service = evaluate::intervals(s, plan).context("evaluating the plan")?;
    crate::simulate::skills::service_at(s, plan, &mut service)?;
    evaluate::totals(s, &mut service);
    Ok(service)
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
    // `--time-limit` bounds the whole plan: a split the plan chooses, skill
    // groups and window aims plan several times, each within what is left.
    let deadline = started + Duration::from_secs_f64(time_limit_s.clamp(0.0, 1e9));
    let left = || {
        deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
    };
    // A split the plan chooses (`share: auto`) plans a few shares this way.
    let first = |staffed: Staffed| -> anyhow::Result<split::Planned> {
        if staffed.requirements.skills.is_empty() {
            let plan = shifts::solve(&staffed, left())?;
            Ok((staffed, plan, None))
        } else {
            plan_groups(staffed, &left)
        }
    };
    let ((staffed, plan, groups), choices) = split::choose_all(staffed, first, || left() <= 0.0)?;
    timings.record("shift_plan_ms", started);
    let started = Instant::now();
    let service = evaluate_plan(&staffed, &plan)?;
    let gaps = shifts::gaps(&staffed, &plan);
    timings.record("evaluation_ms", started);
    let (staffed, plan, service) = if gaps.is_empty() && windowed(&staffed) {
        let started = Instant::now();
        let aimed = aim_windows(staffed, plan, service, &left)?;
        timings.record("window_aim_ms", started);
        aimed
    } else {
        (staffed, plan, service)
    };
    if !gaps.is_empty() && staffed.scenario.shifts.coverage != Some(Coverage::Soft) {
        let error = anyhow::Error::new(Infeasible::new(&staffed, &plan, gaps));
        let error = if choices.is_empty() {
            error
        } else {
            error.context(split::describe(&staffed.scenario, &choices))
        };
        return Err(cut_short(error, &plan, time_limit_s));
    }
    let started = Instant::now();
    let roster =
        roster::build(&staffed, &plan).map_err(|e| cut_short(e.into(), &plan, time_limit_s))?;
    timings.record("roster_ms", started);
    let mut figures = figures::plan_figures(&staffed, &plan, &roster, &service);
    figures.skill_groups = groups;
    split::attach(&mut figures.splits, choices);
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

/// `error` (a plan or roster that fails the hard rules), saying first
/// that the `--time-limit` safety stop cut the search short when it did:
/// the failure may be the limit's, not the scenario's.
fn cut_short(error: anyhow::Error, plan: &ShiftPlan, time_limit_s: f64) -> anyhow::Error {
    if plan.pools.iter().any(|p| p.timed_out) {
        error.context(format!(
            "the time limit (--time-limit {}s) stopped the search before it finished, so this may be the limit's doing rather than the scenario's: plan again with a longer --time-limit",
            crate::units::round(time_limit_s, 3)
        ))
    } else {
        error
    }
}

/// Plan a scenario with skill groups twice: each pool to its share of the
/// group requirement, and each to its own queues' single-skill requirement
/// (separate pools: those that only serve others' queues stay empty). Keep
/// the cheaper (the group's on a tie): each pool's share changes from
/// interval to interval, and shifts longer than the intervals may pay more
/// for following it than the cross-training saves (on
/// scenarios/bilingual.yaml, whose one shift spans the day, they do). The
/// evaluation simulates the group either way. An error only if both fail
/// (the group plan's). Each plan has the seconds `left` of the time limit.
fn plan_groups(
    staffed: Staffed,
    left: &impl Fn() -> f64,
) -> anyhow::Result<(Staffed, ShiftPlan, Option<figures::GroupPlans>)> {
    let sc = &staffed.scenario;
    let mut separate = staffed.clone();
    separate.requirements.pools = staffing::build(sc, &staffed.grid, &staffed.demand)?.pools;
    let group = shifts::solve(&staffed, left());
    let alone = shifts::solve(&separate, left());
    let cost = |p: &Result<ShiftPlan, _>| p.as_ref().ok().map(|p: &ShiftPlan| round(p.cost(), 2));
    let (group_cost, separate_cost) = (cost(&group), cost(&alone));
    let keep_group = match (&group, &alone) {
        (Ok(g), Ok(a)) => a.cost() >= g.cost() - 1e-9,
        (Err(_), Ok(_)) => false,
        // Both failed: the group plan's error.
        _ => true,
    };
    let choice = |planned_to| {
        Some(figures::GroupPlans {
            planned_to,
            group_cost,
            separate_cost,
        })
    };
    if keep_group {
        Ok((staffed, group?, choice(figures::GROUP_REQUIREMENT)))
    } else {
        Ok((separate, alone?, choice("separate pools' requirement")))
    }
}

/// Split each pool's surplus hours by cause (`plan --explain-surplus`):
/// a few LPs a pool ([`shifts::surplus`]), timed as `surplus_causes_ms`.
pub fn explain_surplus(planned: &mut Planned) -> anyhow::Result<()> {
    let started = Instant::now();
    let waterfalls = shifts::surplus::waterfall(&planned.staffed, &planned.plan)?;
    for (f, w) in planned.figures.pools.iter_mut().zip(&waterfalls) {
        f.surplus_by_cause = Some(figures::SurplusCauses::of(w, f.surplus_hours));
    }
    planned.timings.record("surplus_causes_ms", started);
    Ok(())
}

/// Steps of the search for the aims of window targets ([`aim_windows`]).
pub const AIM_STEPS: usize = 6;
/// The last steps, with every queue's aim moved together.
pub const COMMON_STEPS: usize = 3;
/// The lowest aim tried, as a share of a window target.
pub const LOWEST_AIM: f64 = 0.8;

/// Whether a queue's service level is measured over a window.
fn windowed(s: &Staffed) -> bool {
    s.scenario
        .queues
        .iter()
        .any(|q| q.sl_over != Over::Interval)
}

/// `s` with its requirements staffed to `aims[q]` × each queue's window
/// target (the scenario, and so the evaluation, keeps the contract's).
fn staff_aimed(s: &Staffed, aims: &[f64]) -> Result<Staffed, InputError> {
    let mut aimed = s.scenario.clone();
    for (q, queue) in aimed.queues.iter_mut().enumerate() {
        if let (Some(t), Over::Day | Over::Week | Over::Month | Over::Horizon) =
            (queue.service_level.as_mut(), queue.sl_over)
        {
            t.fraction *= aims[q];
        }
    }
    // Pools linked by `serves` keep their share of the group requirement.
    let built = staffing::build(&aimed, &s.grid, &s.demand)?;
    Ok(Staffed {
        requirements: staffing::with_groups(&aimed, built, s.requirements.skills.clone()),
        ..s.clone()
    })
}

/// Evaluator and integer program in turn (after Ingolfsson et al.): a
/// plan's shifts put more agents on the floor than the requirement in
/// many intervals, so its windows beat their targets. Plan again with each
/// windowed queue's requirement made for `aim` × its target, and keep the
/// cheapest plan in which every queue meets the contract's own target in
/// every window and no interval is under the floor, as the evaluation
/// finds them. The aims halve the interval between the lowest aim that met
/// and the highest that did not, from [1, [`LOWEST_AIM`]]: first each
/// queue by its own windows, then, for the last [`COMMON_STEPS`] of the
/// [`AIM_STEPS`] solves, all together by whether every window was met (a
/// plan is kept only when all are). A fixed number of solves, so the same
/// plan every run. When the pools are planned independently of each other
/// (no site-wide start cap, no fixed staff), each pool's cheapest plan that
/// held its own queues' windows is put together with the others'
/// ([`compose`]). A heuristic: the window problem's optimum is not
/// proven. The LP bound printed for a pool whose agents serve its queues
/// as one ([`shifts::window_bound`]) is a bound on the window problem
/// itself; for other pools it is that of covering the requirement the
/// kept plan was made for. Each solve has the seconds `left` of the time
/// limit; if the safety stop cut any of them short, the plan kept is
/// marked as cut short too (`timed_out`).
fn aim_windows(
    staffed: Staffed,
    plan: ShiftPlan,
    service: Vec<QueueService>,
    left: &impl Fn() -> f64,
) -> anyhow::Result<(Staffed, ShiftPlan, Vec<QueueService>)> {
    let n = staffed.scenario.queues.len();
    let mut best = (staffed, plan, service);
    let original = best.0.clone();
    let (mut good, mut bad) = (vec![1.0; n], vec![LOWEST_AIM; n]);
    let sc = &original.scenario;
    let separable = shifts::sites_of(sc)
        .into_iter()
        .all(|site| shifts::Caps::of_site(sc, site).starts.is_none())
        && matches!(sc.agents, Agents::Auto);
    let mut pools: Vec<Option<PoolPart>> = vec![None; best.1.pools.len()];
    let mut cut = false;
    for step in 0..AIM_STEPS {
        let aims: Vec<f64> = (0..n).map(|q| (good[q] + bad[q]) / 2.0).collect();
        let s = staff_aimed(&original, &aims)?;
        let Ok(plan) = shifts::solve(&s, left()) else {
            bad = aims;
            continue;
        };
        cut |= plan.pools.iter().any(|p| p.timed_out);
        let service = evaluate_plan(&s, &plan)?;
        let met: Vec<bool> = service
            .iter()
            .map(|sv| sv.windows.iter().all(|w| w.met && w.under_floor == 0))
            .collect();
        let all = shifts::gaps(&s, &plan).is_empty() && met.iter().all(|m| *m);
        for q in 0..n {
            let ok = if step >= AIM_STEPS - COMMON_STEPS {
                all
            } else {
                met[q]
            };
            if ok {
                good[q] = aims[q];
            } else {
                bad[q] = aims[q];
            }
        }
        if separable {
            keep_pools(&mut pools, &s, &plan, &service, &met);
        }
        if all && plan.cost() < best.1.cost() - 1e-9 {
            best = (s, plan, service);
        }
    }
    if separable {
        if let Some(composed) = compose(&best, &pools)? {
            best = composed;
        }
    }
    for p in 0..best.1.pools.len() {
        if let Some(bound) = shifts::window_bound(&original, p)? {
            best.1.pools[p].lp_bound = bound;
        }
        // A re-solve cut short may have steered the aims: the plan kept
        // could differ on another machine, so it says so.
        best.1.pools[p].timed_out |= cut;
    }
    Ok(best)
}

/// One pool's part of a plan: its requirement, its queues' cells and
/// service, its shift plan.
type PoolPart = (
    staffing::PoolRequirement,
    Vec<(usize, Vec<staffing::Cell>)>,
    shifts::PoolPlan,
    Vec<(usize, QueueService)>,
);

/// Keep, per pool, the cheapest part of any plan in which every queue of
/// the pool met every window and floor and no interval was left short.
fn keep_pools(
    pools: &mut [Option<PoolPart>],
    s: &Staffed,
    plan: &ShiftPlan,
    service: &[QueueService],
    met: &[bool],
) {
    let gaps = shifts::gaps(s, plan);
    for (p, pp) in plan.pools.iter().enumerate() {
        let pool = pp.model.pool;
        let queues: Vec<usize> = s.scenario.queues_of(pool).map(|(q, _)| q).collect();
        let id = &s.scenario.pools[pool].id;
        let ok = queues.iter().all(|&q| met[q]) && !gaps.iter().any(|g| &g.pool == id);
        if ok && pools[p].as_ref().is_none_or(|b| pp.cost < b.2.cost - 1e-9) {
            pools[p] = Some((
                s.requirements.pools[pool].clone(),
                queues
                    .iter()
                    .map(|&q| (q, s.requirements.queues[q].clone()))
                    .collect(),
                pp.clone(),
                queues.iter().map(|&q| (q, service[q].clone())).collect(),
            ));
        }
    }
}

/// `best` with each pool's cheapest kept part put in, when the pools are
/// planned independently (no site-wide start cap, no fixed staff): the
/// result, evaluated again, if it meets every window and is cheaper.
fn compose(
    best: &(Staffed, ShiftPlan, Vec<QueueService>),
    pools: &[Option<PoolPart>],
) -> anyhow::Result<Option<(Staffed, ShiftPlan, Vec<QueueService>)>> {
    let (mut s, mut plan) = (best.0.clone(), best.1.clone());
    for (p, part) in pools.iter().enumerate() {
        let Some((req, cells, pool_plan, _)) = part else {
            continue;
        };
        if pool_plan.cost < plan.pools[p].cost - 1e-9 {
            s.requirements.pools[pool_plan.model.pool] = req.clone();
            for (q, c) in cells {
                s.requirements.queues[*q] = c.clone();
            }
            plan.pools[p] = pool_plan.clone();
        }
    }
    let service = evaluate_plan(&s, &plan)?;
    let met = service
        .iter()
        .all(|sv| sv.windows.iter().all(|w| w.met && w.under_floor == 0));
    let cheaper = plan.cost() < best.1.cost() - 1e-9;
    Ok((met && cheaper && shifts::gaps(&s, &plan).is_empty()).then_some((s, plan, service)))
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
