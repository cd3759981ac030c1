//! From the LP relaxation to an integer plan: round (down, nearest, up),
//! repair shortfall greedily (first by moving breaks out of short
//! intervals, then by the tour that covers most of what is short per unit
//! of cost), drop agents the plan does not need, re-place every break; then
//! a ruin-and-recreate local search: take one agent (then two on
//! neighbouring tours) off, place breaks afresh, repair, prune, keep the
//! result if it is cheaper. Last, under hard coverage, the plan tries to do
//! with one agent fewer ([`squeeze`]): swaps between tours until every
//! interval is covered again, a move ruin and recreate cannot make (it puts
//! back what it took).
//!
//! Adding or removing one agent updates the floor in time proportional to
//! one tour ([`State::add`], [`State::remove`], undone exactly by
//! [`State::undo`]), so repair and pruning stay fast on 4-week, 2 000-agent
//! pools. Every step is deterministic (fixed orders, a fixed number of
//! rounds); only the time budget can cut the search short. Candidates
//! (ruins, squeezes) are tried as many at once as there are threads, and
//! the first in order that improves the plan is kept ([`first_in_batch`]),
//! so the plan is the one a single thread finds.

use std::time::Instant;

use rayon::prelude::*;

use super::lp::Relaxed;
use super::{Assigned, Caps, PoolModel, PoolPlan, Trip, Trips};
use crate::scenario::Template;

mod limits;
mod repair;
mod squeeze;
mod state;
mod swap;
mod weeks;

use limits::Limits;
use repair::{polish, prune, recreate, repair, Index};
use squeeze::{removal_order, squeeze, SQUEEZE_STEPS, SQUEEZE_STEPS_LARGE, SQUEEZE_TRIES};
use state::{shift_agents, State};

const EPS: f64 = 1e-9;
/// Passes that re-place every break after the first greedy placement.
const BREAK_PASSES: usize = 2;
/// Up to this many breaks in a pool's plan, every candidate of the search
/// has its breaks placed afresh (a few milliseconds each at this size).
const FRESH_BREAKS: u32 = 5_000;
/// Full passes of the local search over the plan's tours.
const ROUNDS: usize = 10;

/// What bounds the search besides its fixed counts of work (the constants
/// above, [`SQUEEZE_TRIES`]): two early stops, checked between moves.
struct Budget {
    /// The LP bound: a plan that meets it cannot be improved.
    bound: f64,
    /// The safety stop (`--time-limit`): only a machine far too slow or
    /// a model far too large reaches it, and the plan then says so.
    deadline: Instant,
}

/// Why the search stopped before its counts of work ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The plan meets the LP bound: nothing cheaper exists.
    BoundMet,
    /// The safety stop's deadline passed.
    Deadline,
}

impl Budget {
    /// Whether `best` meets the bound.
    fn bound_met(&self, m: &PoolModel, best: &State) -> bool {
        best.objective(m) <= self.bound + 1e-6
    }

    /// Whether to stop now, with `best` the plan so far.
    fn stop(&self, m: &PoolModel, best: &State) -> Option<Stop> {
        if self.bound_met(m, best) {
            Some(Stop::BoundMet)
        } else if Instant::now() > self.deadline {
            Some(Stop::Deadline)
        } else {
            None
        }
    }
}

/// The integer plan of one pool, starting from its LP relaxation, in five
/// phases: the best of three repaired roundings, ruin and recreate, under
/// hard coverage doing with one agent fewer, over several weeks of tours
/// every week given its busiest week's agents ([`weeks`]), and the exact
/// plan written out.
pub fn integer_plan(
    m: PoolModel,
    relaxed: &Relaxed,
    caps: Caps,
    templates: &[Template],
    trips: &mut Trips,
    deadline: Instant,
) -> PoolPlan {
    let limits = Limits {
        caps,
        templates,
        trips,
        groups_of: Limits::groups_of(&m),
    };
    // Over several weeks the LP bounds the plan with every week employed
    // (`weeks`), not the search's own cheaper plan: no early stop on it.
    let several = m.several_weeks();
    let budget = Budget {
        bound: if several {
            f64::NEG_INFINITY
        } else {
            relaxed.bound
        },
        deadline,
    };
    let ix = Index::new(&m);
    let mut best = best_rounding(&m, relaxed, &limits, &ix);
    note_progress(&m, relaxed, &best);
    let mut stop = ruin_and_recreate(&m, relaxed, &limits, &ix, &budget, &mut best);
    if !m.soft && stop.is_none() {
        stop = fewer_agents(&m, relaxed, &limits, &ix, &budget, &mut best);
    }
    if m.soft && stop.is_none() {
        stop = swap::swaps(&m, &limits, &ix, &budget, &mut best);
    }
    let mut lines = Vec::new();
    if several {
        (best, lines) = weeks::employ_every_week(&m, best, &limits);
    }
    let best = State::exact(&m, best);
    let mut plan = pool_plan(m, relaxed, best, stop == Some(Stop::Deadline), trips);
    plan.lines = lines;
    plan
}

/// Three roundings of the LP (down, nearest, up), each brought within the
/// limits, repaired and pruned; the best one wins.
fn best_rounding(m: &PoolModel, relaxed: &Relaxed, limits: &Limits, ix: &Index) -> State {
    let from = |lift: f64| {
        let rounded: Vec<u32> = relaxed
            .tours
            .iter()
            .map(|v| (v + lift).floor() as u32)
            .collect();
        let rounded = limits.enforce_min(m, limits.enforce_max(m, rounded));
        let mut state = State::of(m, &rounded);
        repair(m, &mut state, limits, ix);
        if !limits.min_ok(m, &state.tours) {
            // Repair's agents can take a template below its least share
            // of the head count: add to it again (adding only covers more).
            state = State::of(m, &limits.enforce_min(m, state.tours));
        }
        prune(m, &mut state, limits, ix);
        polish(m, &mut state, limits, ix);
        state
    };
    let mut best = from(1e-6);
    for lift in [0.5, 1.0 - 1e-6] {
        let candidate = from(lift);
        if candidate.objective(m) < best.objective(m) - 1e-6 {
            best = candidate;
        }
    }
    best
}

/// Tell the progress line the pool's best plan so far.
fn note_progress(m: &PoolModel, relaxed: &Relaxed, best: &State) {
    crate::progress::note(&format!(
        "pool {}: best {:.0}, LP bound {:.0}",
        m.pool + 1,
        best.objective(m),
        relaxed.bound
    ));
}

/// Whether `state` is a small plan (at most [`FRESH_BREAKS`] breaks): the
/// search can then afford to place every candidate's breaks afresh, and
/// more squeeze steps.
fn small(m: &PoolModel, state: &State) -> bool {
    let breaks: u32 = shift_agents(m, &state.tours)
        .iter()
        .zip(&m.shifts)
        .map(|(x, s)| x * s.breaks.len() as u32)
        .sum();
    breaks <= FRESH_BREAKS
}

/// Ruins of one agent, then of two (and three) agents on neighbouring tours
/// (the next tour of the plan in model order: a nearby start or days-off
/// pattern), each recreated and kept when cheaper. Stops early when the
/// [`Budget`] says so, and returns why.
fn ruin_and_recreate(
    m: &PoolModel,
    relaxed: &Relaxed,
    limits: &Limits,
    ix: &Index,
    budget: &Budget,
    best: &mut State,
) -> Option<Stop> {
    let fresh = small(m, best);
    for width in [1, 2, 3] {
        for _ in 0..ROUNDS {
            let mut improved = false;
            let active: Vec<usize> = (0..m.tours.len()).filter(|&j| best.tours[j] > 0).collect();
            let mut k = 0;
            while k < active.len() {
                if let Some(stop) = budget.stop(m, best) {
                    return Some(stop);
                }
                let (next, found) = first_in_batch(k, active.len(), |k| {
                    ruin_at(m, best, &active[k..], width, fresh, limits, ix)
                });
                k = next;
                if let Some(candidate) = found {
                    *best = candidate;
                    improved = true;
                    note_progress(m, relaxed, best);
                }
            }
            let before = best.objective(m);
            polish(m, best, limits, ix);
            if !improved && best.objective(m) >= before - 1e-6 {
                break;
            }
        }
    }
    None
}

/// The ruin of one agent on each of the first `width` tours of `from`,
/// recreated: the candidate when it is cheaper than `best`. Recreate lets
/// repair put agents back where it likes; on a small plan (`fresh`) the
/// breaks are placed afresh and the plan polished, so it can change shape.
fn ruin_at(
    m: &PoolModel,
    best: &State,
    from: &[usize],
    width: usize,
    fresh: bool,
    limits: &Limits,
    ix: &Index,
) -> Option<State> {
    let ruined: Vec<usize> = from.iter().copied().take(width).collect();
    if ruined.len() < width || ruined.iter().any(|&r| best.tours[r] == 0) {
        return None;
    }
    let candidate = recreate(m, best, &ruined, fresh, limits, ix);
    (candidate.objective(m) < best.objective(m) - 1e-6 && limits.min_ok(m, &candidate.tours))
        .then_some(candidate)
}

/// Of the candidates `from..to`, the first for which `try_one` finds
/// something, and where to go on: tries as many candidates at once as
/// there are threads, all against the same plan, and keeps the first in
/// order that succeeds (the later ones are dropped, as they were measured
/// against a plan that has now changed). So the answer is the one trying
/// them one by one would give, on any number of threads, found sooner.
fn first_in_batch<T: Send>(
    from: usize,
    to: usize,
    try_one: impl Fn(usize) -> Option<T> + Sync,
) -> (usize, Option<T>) {
    let end = to.min(from + rayon::current_num_threads().max(1));
    let found: Vec<Option<T>> = (from..end).into_par_iter().map(&try_one).collect();
    match found
        .into_iter()
        .enumerate()
        .find_map(|(i, t)| t.map(|t| (i, t)))
    {
        Some((i, t)) => (from + i + 1, Some(t)),
        None => (end, None),
    }
}

/// Do with one agent fewer, as long as swaps can cover again ([`squeeze`]);
/// stops early when the [`Budget`] says so, and returns why.
fn fewer_agents(
    m: &PoolModel,
    relaxed: &Relaxed,
    limits: &Limits,
    ix: &Index,
    budget: &Budget,
    best: &mut State,
) -> Option<Stop> {
    'fewer: loop {
        // Only the bound here: the clock is read between tries, as it was
        // before the budget had a type, so a plan with no try left is not
        // called cut short.
        if budget.bound_met(m, best) {
            return Some(Stop::BoundMet);
        }
        if fewer_cost_more(m, relaxed, best) {
            return None;
        }
        let order: Vec<usize> = removal_order(m, best, limits)
            .into_iter()
            .take(SQUEEZE_TRIES)
            .collect();
        let steps = if small(m, best) {
            SQUEEZE_STEPS
        } else {
            SQUEEZE_STEPS_LARGE
        };
        let mut k = 0;
        while k < order.len() {
            if let Some(stop) = budget.stop(m, best) {
                return Some(stop);
            }
            let (next, found) = first_in_batch(k, order.len(), |k| {
                squeeze(m, best, order[k], steps, limits, ix)
            });
            k = next;
            if let Some(better) = found {
                *best = better;
                note_progress(m, relaxed, best);
                continue 'fewer;
            }
        }
        return None;
    }
}

/// Whether the LP proves that every plan with fewer agents than `best`
/// costs more ([`Relaxed::at_most`]): then no squeeze can succeed (each
/// leaves one agent fewer), and trying the [`SQUEEZE_TRIES`] agents would
/// only confirm it. The margin (a millionth) is far above the LP's
/// tolerance, so the plan is the one the tries would have left.
fn fewer_cost_more(m: &PoolModel, relaxed: &Relaxed, best: &State) -> bool {
    let agents: u32 = best.tours.iter().sum();
    relaxed.at_most.is_some_and(|(h, b)| {
        agents >= 1 && agents - 1 <= h && b > best.objective(m) * (1.0 + 1e-6) + 1e-6
    })
}

/// The pool's plan from its final state: agents per shift with their
/// breaks, the floor, the costs; the shifts' trips are added to `trips`.
fn pool_plan(
    m: PoolModel,
    relaxed: &Relaxed,
    best: State,
    timed_out: bool,
    trips: &mut Trips,
) -> PoolPlan {
    let x = shift_agents(&m, &best.tours);
    for (s, shift) in m.shifts.iter().enumerate() {
        if x[s] > 0 {
            for trip in Trip::BOTH {
                *trips.entry((trip, shift.slot(trip))).or_default() += x[s];
            }
        }
    }
    let assigned = (0..m.shifts.len())
        .filter(|&s| x[s] > 0)
        .map(|s| Assigned {
            shift: s,
            agents: x[s],
            breaks: (0..m.shifts[s].breaks.len())
                .map(|b| best.breaks.of(&m, s, b).to_vec())
                .collect(),
        })
        .collect();
    let on_floor = (0..m.required.len())
        .map(|t| best.surplus[t] + m.required[t])
        .collect();
    PoolPlan {
        tours: best.tours,
        assigned,
        scheduled: best.scheduled,
        on_floor,
        cost: best.cost,
        shortfall_cost: m.penalty * best.shortfall,
        lp_bound: relaxed.bound,
        timed_out,
        lines: Vec::new(),
        model: m,
    }
}

#[cfg(test)]
mod tests;
