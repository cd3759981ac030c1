//! From the LP relaxation to an integer plan: round down, place breaks where
//! the floor has most to spare, repair shortfall greedily (most uncovered
//! agent-intervals per unit of cost), drop agents the plan does not need, then
//! a ruin-and-recreate local search: take one agent off a tour, repair, prune,
//! keep the result if it is cheaper. Every step is deterministic (fixed
//! orders, fixed number of rounds); the time budget only cuts the search short.

use std::collections::BTreeMap;
use std::time::Instant;

use super::lp::Relaxed;
use super::{Assigned, BreakSlot, PoolModel, PoolPlan};
use crate::scenario::Template;

const EPS: f64 = 1e-9;
/// Passes that re-place every break after the first greedy placement.
const BREAK_PASSES: usize = 2;
/// Full passes of the local search over the plan's tours.
const ROUNDS: usize = 2;

/// Agents per tour, and the evaluation of that choice.
#[derive(Debug, Clone)]
struct State {
    tours: Vec<u32>,
    breaks: Vec<Vec<Vec<u32>>>,
    scheduled: Vec<f64>,
    on_floor: Vec<f64>,
    cost: f64,
    shortfall: f64,
}

impl State {
    fn objective(&self, m: &PoolModel) -> f64 {
        self.cost + m.penalty * self.shortfall
    }
}

/// The slot whose intervals keep the most surplus once the break is taken
/// (the lowest surplus left decides; ties go to the earliest slot). A
/// secondary preference for a larger total left was tried and fragments
/// long breaks into half-interval scraps no later break fits.
fn best_slot(slots: &[BreakSlot], surplus: &[f64]) -> usize {
    let mut best = (f64::NEG_INFINITY, 0usize);
    for (p, slot) in slots.iter().enumerate() {
        let worst = slot
            .cover
            .iter()
            .map(|&(t, share)| surplus[t] - share)
            .fold(f64::INFINITY, f64::min);
        if worst > best.0 + EPS {
            best = (worst, p);
        }
    }
    best.1
}

/// Take one break in `slot` off the floor (`sign` = 1) or put it back (−1).
fn take(slot: &BreakSlot, surplus: &mut [f64], sign: f64) {
    for &(t, share) in &slot.cover {
        surplus[t] -= sign * share;
    }
}

/// Agents on each shift.
fn shift_agents(m: &PoolModel, tours: &[u32]) -> Vec<u32> {
    let mut x = vec![0u32; m.shifts.len()];
    for (j, tour) in m.tours.iter().enumerate() {
        if tours[j] > 0 {
            for &s in &tour.shifts {
                x[s] += tours[j];
            }
        }
    }
    x
}

/// Place every agent's breaks, one at a time in shift order, each in the
/// slot that leaves the largest surplus in the intervals it takes.
fn evaluate(m: &PoolModel, tours: Vec<u32>) -> State {
    let x = shift_agents(m, &tours);
    let n = m.required.len();
    let mut scheduled = vec![0.0; n];
    for (s, shift) in m.shifts.iter().enumerate() {
        for &t in &shift.intervals {
            scheduled[t] += f64::from(x[s]);
        }
    }
    let mut surplus: Vec<f64> = (0..n).map(|t| scheduled[t] - m.required[t]).collect();
    let mut breaks: Vec<Vec<Vec<u32>>> = m
        .shifts
        .iter()
        .map(|s| s.breaks.iter().map(|b| vec![0; b.len()]).collect())
        .collect();
    for (s, shift) in m.shifts.iter().enumerate() {
        for _ in 0..x[s] {
            for (b, slots) in shift.breaks.iter().enumerate() {
                let p = best_slot(slots, &surplus);
                take(&slots[p], &mut surplus, 1.0);
                breaks[s][b][p] += 1;
            }
        }
    }
    // Then each break, lifted out, goes back to the best slot given all the
    // others (the first pass placed early shifts blind to later ones).
    for _ in 0..BREAK_PASSES {
        for (s, shift) in m.shifts.iter().enumerate() {
            for (b, slots) in shift.breaks.iter().enumerate() {
                for p in 0..slots.len() {
                    for _ in 0..breaks[s][b][p] {
                        take(&slots[p], &mut surplus, -1.0);
                        breaks[s][b][p] -= 1;
                        let q = best_slot(slots, &surplus);
                        take(&slots[q], &mut surplus, 1.0);
                        breaks[s][b][q] += 1;
                    }
                }
            }
        }
    }
    let on_floor: Vec<f64> = (0..n).map(|t| surplus[t] + m.required[t]).collect();
    let shortfall = (0..n)
        .map(|t| (m.required[t] - on_floor[t]).max(0.0))
        .filter(|d| *d > EPS)
        .sum();
    let cost = tours
        .iter()
        .zip(&m.tours)
        .map(|(k, t)| f64::from(*k) * t.cost)
        .sum();
    State {
        tours,
        breaks,
        scheduled,
        on_floor,
        cost,
        shortfall,
    }
}

/// Agents starting per start instant, and per template and day.
#[derive(Debug, Default)]
struct Counts {
    starts: BTreeMap<usize, u32>,
    per_day: BTreeMap<(usize, usize), u32>,
}

impl Counts {
    /// The counts of a choice of tours (every shift's key present, 0 or more).
    fn of(m: &PoolModel, tours: &[u32]) -> Counts {
        let x = shift_agents(m, tours);
        let mut counts = Counts::default();
        for (s, shift) in m.shifts.iter().enumerate() {
            *counts.starts.entry(shift.first).or_default() += x[s];
            *counts
                .per_day
                .entry((shift.template, shift.day))
                .or_default() += x[s];
        }
        counts
    }
}

/// Limits a tour must respect to take one more agent: the site's start cap
/// (shared across pools) and templates' daily maximum.
struct Limits<'a> {
    cap: Option<u32>,
    templates: &'a [Template],
    starts: &'a BTreeMap<usize, u32>,
}

impl Limits<'_> {
    /// Agents starting at each start instant and per template and day, for
    /// [`Limits::allows`]; `None` when no limit applies.
    fn counts(&self, m: &PoolModel, tours: &[u32]) -> Option<Counts> {
        if self.cap.is_none() && self.templates.iter().all(|t| t.max_agents.is_none()) {
            return None;
        }
        Some(Counts::of(m, tours))
    }

    /// May tour `j` take one more agent?
    fn allows(&self, m: &PoolModel, counts: &Option<Counts>, j: usize) -> bool {
        let Some(c) = counts else { return true };
        m.tours[j].shifts.iter().all(|&s| {
            let shift = &m.shifts[s];
            let here = |map: &BTreeMap<usize, u32>| map.get(&shift.first).copied().unwrap_or(0);
            let cap_ok = self
                .cap
                .is_none_or(|cap| here(&c.starts) + here(self.starts) < cap);
            let max_ok = self.templates[shift.template].max_agents.is_none_or(|hi| {
                c.per_day
                    .get(&(shift.template, shift.day))
                    .copied()
                    .unwrap_or(0)
                    < hi
            });
            cap_ok && max_ok
        })
    }

    /// Take agents off tours until no start time holds more than the cap
    /// (the LP capped each pool alone; the cap is for the whole site).
    fn enforce_cap(&self, m: &PoolModel, mut tours: Vec<u32>) -> Vec<u32> {
        let Some(cap) = self.cap else { return tours };
        loop {
            let mut count = Counts::of(m, &tours).starts;
            for (slot, n) in self.starts {
                *count.entry(*slot).or_default() += n;
            }
            let Some((&slot, _)) = count.iter().find(|(_, n)| **n > cap) else {
                return tours;
            };
            let over = (0..m.tours.len()).rev().find(|&j| {
                tours[j] > 0 && m.tours[j].shifts.iter().any(|&s| m.shifts[s].first == slot)
            });
            match over {
                Some(j) => tours[j] -= 1,
                None => return tours,
            }
        }
    }

    /// The first (template, day) below its template's `min_agents`.
    fn below_min(&self, m: &PoolModel, tours: &[u32]) -> Option<(usize, usize)> {
        if self.templates.iter().all(|t| t.min_agents.is_none()) {
            return None;
        }
        let per_day = Counts::of(m, tours).per_day;
        per_day
            .into_iter()
            .find(|&((t, _), n)| self.templates[t].min_agents.is_some_and(|lo| n < lo))
            .map(|(key, _)| key)
    }

    fn min_ok(&self, m: &PoolModel, tours: &[u32]) -> bool {
        self.below_min(m, tours).is_none()
    }

    /// Add the cheapest tour working a template on a day until every
    /// template reaches its `min_agents` on every day it is offered.
    fn enforce_min(&self, m: &PoolModel, mut tours: Vec<u32>) -> Vec<u32> {
        while let Some((t, day)) = self.below_min(m, &tours) {
            let cheapest = (0..m.tours.len())
                .filter(|&j| {
                    m.tours[j]
                        .shifts
                        .iter()
                        .any(|&s| m.shifts[s].template == t && m.shifts[s].day == day)
                })
                .min_by(|&a, &b| m.tours[a].cost.total_cmp(&m.tours[b].cost).then(a.cmp(&b)));
            match cheapest {
                Some(j) => tours[j] += 1,
                None => break,
            }
        }
        tours
    }
}

/// Add agents to the tours that cover most of the remaining shortfall per
/// unit of cost, until nothing is short (or, with soft coverage, until no
/// tour pays for itself).
fn repair(m: &PoolModel, mut state: State, limits: &Limits) -> State {
    loop {
        if state.shortfall <= EPS {
            return state;
        }
        let deficit: Vec<f64> = (0..m.required.len())
            .map(|t| (m.required[t] - state.on_floor[t]).max(0.0))
            .collect();
        let counts = limits.counts(m, &state.tours);
        let mut best: Option<(f64, usize)> = None;
        for (j, tour) in m.tours.iter().enumerate() {
            let gain: f64 = tour
                .shifts
                .iter()
                .flat_map(|&s| m.shifts[s].intervals.iter())
                .map(|&t| deficit[t].min(1.0))
                .sum();
            if gain <= EPS || (m.soft && gain * m.penalty <= tour.cost) {
                continue;
            }
            let score = gain / tour.cost.max(EPS);
            if best.is_none_or(|(b, _)| score > b + EPS) && limits.allows(m, &counts, j) {
                best = Some((score, j));
            }
        }
        let Some((_, j)) = best else { return state };
        let mut tours = state.tours.clone();
        tours[j] += 1;
        let next = evaluate(m, tours);
        if next.objective(m) >= state.objective(m) - EPS && next.shortfall >= state.shortfall - EPS
        {
            return state;
        }
        state = next;
    }
}

/// Take agents off tours, costliest first, while the objective does not rise.
fn prune(m: &PoolModel, mut state: State, limits: &Limits) -> State {
    let mut order: Vec<usize> = (0..m.tours.len()).filter(|&j| state.tours[j] > 0).collect();
    order.sort_by(|&a, &b| m.tours[b].cost.total_cmp(&m.tours[a].cost).then(a.cmp(&b)));
    for j in order {
        while state.tours[j] > 0 {
            let mut tours = state.tours.clone();
            tours[j] -= 1;
            if !limits.min_ok(m, &tours) {
                break;
            }
            let next = evaluate(m, tours);
            if next.objective(m) <= state.objective(m) - EPS * 1e3
                || (next.objective(m) <= state.objective(m) + EPS && next.cost < state.cost - EPS)
            {
                state = next;
            } else {
                break;
            }
        }
    }
    state
}

/// The integer plan of one pool, starting from its LP relaxation.
pub fn integer_plan(
    m: PoolModel,
    relaxed: &Relaxed,
    cap: Option<u32>,
    templates: &[Template],
    starts: &mut BTreeMap<usize, u32>,
    budget_s: f64,
) -> PoolPlan {
    let began = Instant::now();
    let limits = Limits {
        cap,
        templates,
        starts,
    };
    // Three roundings of the LP (down, nearest, up), each repaired and
    // pruned; the best one wins.
    let from = |lift: f64| {
        let rounded: Vec<u32> = relaxed
            .tours
            .iter()
            .map(|v| (v + lift).floor() as u32)
            .collect();
        let rounded = limits.enforce_min(&m, limits.enforce_cap(&m, rounded));
        prune(&m, repair(&m, evaluate(&m, rounded), &limits), &limits)
    };
    let mut best = from(1e-6);
    for lift in [0.5, 1.0 - 1e-6] {
        let candidate = from(lift);
        if candidate.objective(&m) < best.objective(&m) - 1e-6 {
            best = candidate;
        }
    }
    // Ruins of one agent, then of two agents on neighbouring tours (the next
    // tour of the plan in model order: a nearby start or days-off pattern).
    let mut timed_out = false;
    'search: for width in [1, 2] {
        for _ in 0..ROUNDS {
            let mut improved = false;
            let active: Vec<usize> = (0..m.tours.len()).filter(|&j| best.tours[j] > 0).collect();
            for k in 0..active.len() {
                // Stop at the time budget, or when the plan meets the LP bound
                // (nothing cheaper exists).
                if began.elapsed().as_secs_f64() > budget_s {
                    timed_out = true;
                    break 'search;
                }
                if best.objective(&m) <= relaxed.bound + 1e-6 {
                    break 'search;
                }
                let ruined: Vec<usize> = active[k..].iter().copied().take(width).collect();
                if ruined.len() < width || ruined.iter().any(|&r| best.tours[r] == 0) {
                    continue;
                }
                let mut tours = best.tours.clone();
                for r in ruined {
                    tours[r] -= 1;
                }
                let candidate = prune(&m, repair(&m, evaluate(&m, tours), &limits), &limits);
                if candidate.objective(&m) < best.objective(&m) - 1e-6
                    && limits.min_ok(&m, &candidate.tours)
                {
                    best = candidate;
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
    }
    let x = shift_agents(&m, &best.tours);
    for (s, shift) in m.shifts.iter().enumerate() {
        if x[s] > 0 {
            *starts.entry(shift.first).or_default() += x[s];
        }
    }
    let assigned = (0..m.shifts.len())
        .filter(|&s| x[s] > 0)
        .map(|s| Assigned {
            shift: s,
            agents: x[s],
            breaks: best.breaks[s].clone(),
        })
        .collect();
    PoolPlan {
        tours: best.tours.clone(),
        assigned,
        scheduled: best.scheduled.clone(),
        on_floor: best.on_floor.clone(),
        cost: best.cost,
        shortfall_cost: m.penalty * best.shortfall,
        lp_bound: relaxed.bound,
        timed_out,
        model: m,
    }
}
