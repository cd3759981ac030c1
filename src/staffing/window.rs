//! Requirements against a service level measured over a window (the
//! client's day, week, month or the horizon) rather than in every interval.
//!
//! Each interval starts at the least staffing that meets its own limits:
//! the floor (`service_level.floor`, at its own threshold), the occupancy
//! cap, the ASA target and `min_agents_when_open`. Then agents are added,
//! one step at a time, where the contacts answered within T rise most per
//! scheduled (gross) agent, until every window answers
//! `target × offered` contacts in time:
//!
//! ```text
//! Σᵢ∈w λᵢ·SLᵢ(nᵢ) ≥ target · Σᵢ∈w λᵢ      for every window w
//! ```
//!
//! This is marginal analysis (Fox 1966; Koole & van der Sluis 2003 for the
//! global service-level constraint): exact — the fewest agents on the
//! floor — wherever the served volume λ·SL(n) is concave in n, which holds
//! for Erlang C above the load and for Erlang A above it too (docs/maths.md
//! checks both); with shrinkage a step costs the gross agents it adds, so
//! the rounding of gross figures can leave it a few agents above the
//! least gross total. An Erlang A interval starts at the load, below
//! which its curve is convex; a step looks up to [`LOOKAHEAD`] agents
//! ahead and takes the best average gain, the slope of the curve's concave
//! envelope, so a stretch that is not concave does not stall the search
//! (without proving the least staffing there). A merged pool has one staffing per interval and a
//! window per member queue; a step's gain is then the sum over the windows
//! still short of their target, each as a share of what it still lacks.

use crate::demand::{Demand, QueueDemand};
use crate::erlang::{self, ErlangError, Load, Target};
use crate::error::InputError;
use crate::scenario::{Queue, Scenario};
use crate::timegrid::TimeGrid;
use crate::units::Over;

use super::limits::erlang_set_by;
use super::{gross, Cell, Limit, SetBy};

/// Agents a step may add to one interval at once (the concave envelope's reach).
pub const LOOKAHEAD: u32 = 8;

/// Relative slack when a window's answered-in-time contacts are compared
/// with its need (floating-point noise, not a planning margin).
pub const WINDOW_TOLERANCE: f64 = 1e-9;

/// One window of one queue: its intervals and the contacts it must answer
/// within T.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Goal {
    /// Which queue's served curve counts (an index into the caller's list).
    pub member: usize,
    /// The grid intervals in the window.
    pub intervals: Vec<usize>,
    /// target × contacts offered over the window.
    pub need: f64,
}

/// The windows of a queue measured over `queue.sl_over` (none for a
/// per-interval target): its offered contacts `volume` times the target.
pub(super) fn goals(queue: &Queue, grid: &TimeGrid, volume: &[f64], member: usize) -> Vec<Goal> {
    let Some(target) = queue
        .service_level
        .filter(|_| queue.sl_over != Over::Interval)
    else {
        return Vec::new();
    };
    queue
        .sl_over
        .windows((0..grid.len).map(|i| grid.at(i)), queue.timezone)
        .into_iter()
        .map(|w| Goal {
            member,
            need: target.fraction * w.intervals.iter().map(|&i| volume[i]).sum::<f64>(),
            intervals: w.intervals,
        })
        .collect()
}

/// The per-interval limits of a queue planned to a window: the floor (or
/// no service level at all) with the queue's ASA and occupancy cap.
pub fn floor_target(queue: &Queue) -> Target {
    let base = super::target(queue);
    match queue.sl_floor {
        Some(floor) => Target {
            sl: floor.fraction,
            sl_seconds: floor.seconds,
            ..base
        },
        // The smallest positive target: met by any staffing the occupancy
        // cap and stability (N > A for Erlang C) allow.
        None => Target {
            sl: f64::MIN_POSITIVE,
            ..base
        },
    }
}

/// Where an Erlang A interval starts: at the load (⌊A ÷ concurrency⌋
/// agents). Below it the served volume is convex in the agents (measured,
/// docs/maths.md), where marginal analysis is not exact, and a plan to 80 %
/// never staffs a busy interval that thinly. Erlang C starts above the
/// load anyway (N > A).
fn abandon_start(load: &Load) -> u32 {
    if load.patience_s.is_none() {
        return 0;
    }
    erlang::floor_exact(load.erlangs() / f64::from(load.concurrency.max(1))).max(0.0) as u32
}

/// Contacts of a queue with `volume` in an interval of `load` answered
/// within the target's T at `agents` agents (abandons count as failures).
pub(super) fn served(
    load: &Load,
    target: &Target,
    volume: f64,
    agents: u32,
) -> Result<f64, ErlangError> {
    if volume <= 0.0 {
        return Ok(0.0);
    }
    Ok(volume * erlang::figures_at(load, target, agents)?.sl)
}

/// Served-within-T values per (member, interval), computed once each, from
/// each interval's starting staffing upward.
struct Curves<'a, F> {
    served: F,
    start: &'a [u32],
    values: Vec<Vec<Vec<f64>>>,
}

impl<F: Fn(usize, usize, u32) -> Result<f64, ErlangError>> Curves<'_, F> {
    fn at(&mut self, member: usize, i: usize, n: u32) -> Result<f64, ErlangError> {
        let from = self.start[i];
        let k = (n - from) as usize;
        while self.values[member][i].len() <= k {
            let next = from + self.values[member][i].len() as u32;
            let v = (self.served)(member, i, next)?;
            self.values[member][i].push(v);
        }
        Ok(self.values[member][i][k])
    }
}

/// Raise `net` (agents per interval, each at least its own limits) until
/// every goal is met, by marginal analysis: each step adds 1 to
/// [`LOOKAHEAD`] agents to the one interval whose gain in contacts
/// answered in time, per gross agent at `shrinkage`, is largest (the
/// earliest interval and the smallest step on ties). `served(member, i, n)`
/// is the member's contacts answered within T in interval `i` at `n`.
/// Cost: O(steps × intervals × LOOKAHEAD) comparisons and one Erlang
/// evaluation per staffing level visited.
pub(super) fn raise(
    net: &mut [u32],
    goals: &[Goal],
    members: usize,
    shrinkage: f64,
    served: impl Fn(usize, usize, u32) -> Result<f64, ErlangError>,
) -> Result<(), ErlangError> {
    let start = net.to_vec();
    let mut curves = Curves {
        served,
        start: &start,
        values: vec![vec![Vec::new(); net.len()]; members],
    };
    let mut goals_at: Vec<Vec<usize>> = vec![Vec::new(); net.len()];
    let mut have = vec![0.0; goals.len()];
    for (g, goal) in goals.iter().enumerate() {
        for &i in &goal.intervals {
            goals_at[i].push(g);
            have[g] += curves.at(goal.member, i, net[i])?;
        }
    }
    loop {
        let lack: Vec<f64> = goals
            .iter()
            .zip(&have)
            .map(|(goal, h)| {
                let short = goal.need - h;
                if short > WINDOW_TOLERANCE * goal.need.max(1.0) {
                    short
                } else {
                    0.0
                }
            })
            .collect();
        if lack.iter().all(|l| *l == 0.0) {
            return Ok(());
        }
        let Some((i, k)) = best_step(net, goals, &goals_at, &lack, shrinkage, &mut curves)? else {
            return Err(ErlangError::Unreachable {
                field: "sl_target",
                cap: net.iter().copied().max().unwrap_or(0),
            });
        };
        for &g in &goals_at[i] {
            let m = goals[g].member;
            have[g] += curves.at(m, i, net[i] + k)? - curves.at(m, i, net[i])?;
        }
        net[i] += k;
    }
}

/// The interval and step with the largest gain per gross agent, or `None`
/// when no step gains anything (every curve has reached its ceiling).
fn best_step<F: Fn(usize, usize, u32) -> Result<f64, ErlangError>>(
    net: &[u32],
    goals: &[Goal],
    goals_at: &[Vec<usize>],
    lack: &[f64],
    shrinkage: f64,
    curves: &mut Curves<'_, F>,
) -> Result<Option<(usize, u32)>, ErlangError> {
    let mut best: Option<(f64, usize, u32)> = None;
    for i in 0..net.len() {
        if !goals_at[i].iter().any(|&g| lack[g] > 0.0) || net[i] >= crate::scenario::MAX_AGENTS {
            continue;
        }
        let paid = gross(net[i], shrinkage).1;
        for k in 1..=LOOKAHEAD {
            let mut gain = 0.0;
            for &g in goals_at[i].iter().filter(|&&g| lack[g] > 0.0) {
                let m = goals[g].member;
                let step = curves.at(m, i, net[i] + k)? - curves.at(m, i, net[i])?;
                gain += step.min(lack[g]) / lack[g];
            }
            let cost = f64::from(gross(net[i] + k, shrinkage).1 - paid).max(1.0);
            let score = gain / cost;
            if score > 1e-12 && best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, i, k));
            }
        }
    }
    Ok(best.map(|(_, i, k)| (i, k)))
}

/// The cells of a voice or chat queue planned to a window: each interval
/// at its own limits ([`floor_target`], `open_floor`), raised by [`raise`]
/// until every window meets the target; the figures are at the target's T.
pub(super) fn window_cells(
    scenario: &Scenario,
    q: usize,
    grid: &TimeGrid,
    d: &QueueDemand,
    open_floor: impl Fn(usize) -> u32,
) -> Result<Vec<Cell>, InputError> {
    let queue = &scenario.queues[q];
    let shrinkage = super::shrinkage_of(scenario, queue);
    let fail = |i: usize, e| super::failure(scenario, q, grid, i, e);
    let (base_target, target) = (floor_target(queue), super::target(queue));
    let loads: Vec<Load> = (0..grid.len)
        .map(|i| super::queue_load(queue, d, grid.interval_s as f64, i))
        .collect();
    let mut net = Vec::with_capacity(grid.len);
    for (i, load) in loads.iter().enumerate() {
        let own = erlang::required(load, &base_target).map_err(|e| fail(i, e))?;
        net.push(own.agents.max(open_floor(i)).max(abandon_start(load)));
    }
    let base = net.clone();
    let goals = goals(queue, grid, &d.agent_volume, 0);
    raise(&mut net, &goals, 1, shrinkage, |_, i, n| {
        served(&loads[i], &target, d.agent_volume[i], n)
    })
    .map_err(|e| fail(0, e))?;
    cells_at(scenario, q, grid, d, &net, &base, open_floor)
}

/// The cells of a voice or chat queue planned to a window with `net`
/// agents per interval, `base` those of its own limits: the figures at the
/// target's T, and what set each interval (the window where `net` is above
/// `base`).
pub(super) fn cells_at(
    scenario: &Scenario,
    q: usize,
    grid: &TimeGrid,
    d: &QueueDemand,
    net: &[u32],
    base: &[u32],
    open_floor: impl Fn(usize) -> u32,
) -> Result<Vec<Cell>, InputError> {
    let queue = &scenario.queues[q];
    let shrinkage = super::shrinkage_of(scenario, queue);
    let (base_target, target) = (floor_target(queue), super::target(queue));
    (0..grid.len)
        .map(|i| {
            let load = super::queue_load(queue, d, grid.interval_s as f64, i);
            let fig = erlang::figures_at(&load, &target, net[i])
                .map_err(|e| super::failure(scenario, q, grid, i, e))?;
            let set_by = if net[i] > base[i] {
                SetBy::default().with(Limit::ServiceLevel)
            } else {
                erlang_set_by(&load, &base_target, net[i], open_floor(i))
            };
            Ok(Cell {
                erlangs: fig.erlangs,
                net: net[i],
                net_raw: f64::from(net[i]),
                gross_raw: gross(net[i], shrinkage).0,
                gross: gross(net[i], shrinkage).1,
                sl: Some(fig.sl),
                asa_s: Some(fig.asa_s),
                occupancy: fig.occupancy,
                p_abandon: fig.p_abandon,
                set_by,
            })
        })
        .collect()
}

/// Net agents per interval of a merged pool's voice or chat `members` when
/// one of them is planned to a window: each interval at every member's own
/// limits at the merged load, then raised until every member's windows
/// meet their targets (each member's window counts separately).
pub(super) fn merged_window_net(
    scenario: &Scenario,
    members: &[usize],
    grid: &TimeGrid,
    demand: &Demand,
) -> Result<Vec<u32>, InputError> {
    let shrinkage = super::shrinkage_of(scenario, &scenario.queues[members[0]]);
    let (loads, mut net) = own_limits(scenario, members, grid, demand)?;
    let goals = member_goals(scenario, members, grid, demand);
    raise(&mut net, &goals, members.len(), shrinkage, |m, i, n| {
        member_served(scenario, members, demand, &loads, m, i, n)
    })
    .map_err(|e| super::failure(scenario, members[0], grid, 0, e))?;
    Ok(net)
}

/// The loads of `members` served as one queue (one member: its own load)
/// and the net agents per interval at every member's own limits: the
/// floor (or none), occupancy cap, ASA, `min_agents_when_open`, and for
/// Erlang A at least the load ([`abandon_start`]).
fn own_limits(
    scenario: &Scenario,
    members: &[usize],
    grid: &TimeGrid,
    demand: &Demand,
) -> Result<(Vec<Option<Load>>, Vec<u32>), InputError> {
    let loads: Vec<Option<Load>> = (0..grid.len)
        .map(|i| super::merged_load(scenario, members, grid, demand, i))
        .collect();
    let mut net = Vec::with_capacity(grid.len);
    for (i, load) in loads.iter().enumerate() {
        let mut n = members
            .iter()
            .filter(|&&q| demand.queues[q].open[i])
            .map(|&q| scenario.queues[q].min_agents_when_open)
            .max()
            .unwrap_or(0);
        for &q in members {
            if let (Some(load), true) = (load, demand.queues[q].agent_volume[i] > 0.0) {
                let own = erlang::required(load, &floor_target(&scenario.queues[q]))
                    .map_err(|e| super::failure(scenario, q, grid, i, e))?;
                n = n.max(own.agents).max(abandon_start(load));
            }
        }
        net.push(n);
    }
    Ok((loads, net))
}

/// Every member's windows, each goal naming its member by position.
fn member_goals(
    scenario: &Scenario,
    members: &[usize],
    grid: &TimeGrid,
    demand: &Demand,
) -> Vec<Goal> {
    members
        .iter()
        .enumerate()
        .flat_map(|(m, &q)| goals(&scenario.queues[q], grid, &demand.queues[q].agent_volume, m))
        .collect()
}

/// Member `m`'s contacts answered within its T in interval `i` at `n`
/// agents serving the members' shared load.
fn member_served(
    scenario: &Scenario,
    members: &[usize],
    demand: &Demand,
    loads: &[Option<Load>],
    m: usize,
    i: usize,
    n: u32,
) -> Result<f64, ErlangError> {
    let q = members[m];
    match &loads[i] {
        Some(load) => served(
            load,
            &super::target(&scenario.queues[q]),
            demand.queues[q].agent_volume[i],
            n,
        ),
        None => Ok(0.0),
    }
}

/// The most unit steps above an interval's own limits the LP bound's
/// window rows model; the last step is credited with everything still
/// unanswered in time, so a plan above it is never cut off.
pub const MAX_STEPS: u32 = 48;

/// The steps of an interval stop once all but this share of its contacts
/// are answered in time (the last step is credited with the rest, so the
/// LP stays a relaxation; a smaller share gave the same Karachi bounds to
/// the cent at over twice the LP time, docs/benchmarks.md).
pub const STEP_TAIL: f64 = 1e-2;

/// The window problem of one pool in unit steps, for the LP bound
/// (`shifts::lp`): with nₜ agents on the floor after shrinkage,
///
/// ```text
/// nₜ = baseₜ + Σₖ zₜₖ,  0 ≤ zₜₖ ≤ 1          agents above the interval's own limits
/// Σₜ∈w Σₖ gₜₖ·zₜₖ ≥ target·Σₜ∈w λₜ − Σₜ∈w λₜ·SLₜ(baseₜ)   every window w
/// ```
///
/// gₜₖ = λₜ·(SLₜ(baseₜ + k) − SLₜ(baseₜ + k − 1)), the contacts the k-th
/// step answers in time. A plan with nₜ agents sets its first nₜ − baseₜ
/// steps to 1 and meets the row exactly as the evaluation counts it, so
/// the LP is a relaxation of the window problem whether or not the gains
/// decrease (where they do, Erlang C above the load, the LP takes them in
/// order and its z are the agents themselves).
#[derive(Debug, Clone, PartialEq)]
pub struct WindowSteps {
    /// The pool's shrinkage: nₜ = ⌊scheduled on the floor × (1 − shrinkage)⌋.
    pub shrinkage: f64,
    /// Net agents per interval at its own limits.
    pub base: Vec<u32>,
    /// Unit steps per interval (0 where no window needs any).
    pub steps: Vec<u32>,
    /// One row per window still short at `base`.
    pub windows: Vec<WindowRow>,
}

/// One window's row of [`WindowSteps`].
#[derive(Debug, Clone, PartialEq)]
pub struct WindowRow {
    /// Contacts the window must answer in time beyond what `base` answers.
    pub short: f64,
    /// Per interval of the window, the gain of each step.
    pub gains: Vec<(usize, Vec<f64>)>,
}

/// The window problem of pool `p` in unit steps, when its agents serve its
/// queues as the evaluation counts them: one voice or chat queue, or a
/// merged pool of voice or chat queues, at least one planned to a window.
/// `None` otherwise (per-interval targets, e-mail in the pool, several
/// queues splitting a separate pool, or a pool given its requirement).
pub fn window_steps(
    scenario: &Scenario,
    p: usize,
    grid: &TimeGrid,
    demand: &Demand,
) -> Result<Option<WindowSteps>, InputError> {
    let pool = &scenario.pools[p];
    let members: Vec<usize> = scenario.queues_of(p).map(|(q, _)| q).collect();
    let served_as_one = members.len() == 1 || pool.pooling == crate::scenario::Pooling::Merged;
    let live = members
        .iter()
        .all(|&q| scenario.queues[q].channel != crate::scenario::Channel::Email);
    let windowed = members
        .iter()
        .any(|&q| scenario.queues[q].sl_over != Over::Interval);
    if members.is_empty() || pool.requirement.is_some() || !served_as_one || !live || !windowed {
        return Ok(None);
    }
    let fail = |e| super::failure(scenario, members[0], grid, 0, e);
    let (loads, base) = own_limits(scenario, &members, grid, demand)?;
    let curve = |m: usize, i: usize, n: u32| {
        member_served(scenario, &members, demand, &loads, m, i, n).map_err(fail)
    };
    // values[m][i][k]: member m's answered in time at base + k, up to the
    // step where all but STEP_TAIL of every member's contacts are answered
    // (or MAX_STEPS).
    let mut values = vec![vec![Vec::new(); grid.len]; members.len()];
    let mut steps = vec![0; grid.len];
    for i in 0..grid.len {
        let full =
            |m: usize, v: f64| v >= demand.queues[members[m]].agent_volume[i] * (1.0 - STEP_TAIL);
        for (m, row) in values.iter_mut().enumerate() {
            row[i].push(curve(m, i, base[i])?);
        }
        while steps[i] < MAX_STEPS
            && (0..members.len()).any(|m| !full(m, values[m][i][steps[i] as usize]))
        {
            steps[i] += 1;
            for (m, row) in values.iter_mut().enumerate() {
                row[i].push(curve(m, i, base[i] + steps[i])?);
            }
        }
    }
    let mut windows = Vec::new();
    for goal in member_goals(scenario, &members, grid, demand) {
        let mut short = goal.need;
        let mut gains = Vec::new();
        for &i in &goal.intervals {
            let v = &values[goal.member][i];
            short -= v[0];
            // The last step is credited with every contact still unanswered.
            let volume = demand.queues[members[goal.member]].agent_volume[i];
            let top = |k: usize| {
                if k == v.len() - 1 {
                    volume.max(v[k])
                } else {
                    v[k]
                }
            };
            let g = (1..v.len()).map(|k| (top(k) - v[k - 1]).max(0.0)).collect();
            gains.push((i, g));
        }
        if short > WINDOW_TOLERANCE * goal.need.max(1.0) {
            windows.push(WindowRow { short, gains });
        }
    }
    Ok(Some(WindowSteps {
        shrinkage: pool.shrinkage.total,
        base,
        steps,
        windows,
    }))
}

#[cfg(test)]
mod tests;
