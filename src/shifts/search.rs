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
//! rounds); only the time budget can cut the search short.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use super::lp::Relaxed;
use super::{Assigned, BreakSlot, PoolModel, PoolPlan, Shift};
use crate::scenario::Template;

const EPS: f64 = 1e-9;
/// Passes that re-place every break after the first greedy placement.
const BREAK_PASSES: usize = 2;
/// Up to this many breaks in a pool's plan, every candidate of the search
/// has its breaks placed afresh (a few milliseconds each at this size).
const FRESH_BREAKS: u32 = 5_000;
/// Full passes of the local search over the plan's tours.
const ROUNDS: usize = 10;

/// Agents per tour and where their breaks fall, with the floor it gives.
/// Moves ([`State::add`], [`State::remove`]) update it in time proportional
/// to one tour, so the search can try many of them.
#[derive(Debug, Clone)]
struct State {
    tours: Vec<u32>,
    breaks: Vec<Vec<Vec<u32>>>,
    scheduled: Vec<f64>,
    /// On the floor − required, per interval.
    surplus: Vec<f64>,
    cost: f64,
    shortfall: f64,
}

/// The break slots one move took or gave back, to undo it exactly.
struct Move {
    tour: usize,
    added: bool,
    slots: Vec<(usize, usize, usize)>,
}

/// Agent-intervals short in an interval with this surplus.
fn short(surplus: f64) -> f64 {
    if surplus < -EPS {
        -surplus
    } else {
        0.0
    }
}

impl State {
    fn objective(&self, m: &PoolModel) -> f64 {
        self.cost + m.penalty * self.shortfall
    }

    /// No agents: everything short.
    fn empty(m: &PoolModel) -> State {
        let surplus: Vec<f64> = m.required.iter().map(|r| -r).collect();
        State {
            tours: vec![0; m.tours.len()],
            breaks: m
                .shifts
                .iter()
                .map(|s| s.breaks.iter().map(|b| vec![0; b.len()]).collect())
                .collect(),
            scheduled: vec![0.0; m.required.len()],
            shortfall: surplus.iter().map(|&x| short(x)).sum(),
            surplus,
            cost: 0.0,
        }
    }

    /// The state of a choice of tours: agents added one by one in tour
    /// order, then every break re-placed given all the others.
    fn of(m: &PoolModel, tours: &[u32]) -> State {
        let mut state = State::empty(m);
        for (j, &k) in tours.iter().enumerate() {
            for _ in 0..k {
                state.add(m, j);
            }
        }
        state.place_breaks(m);
        state
    }

    fn shift_surplus(&mut self, t: usize, delta: f64) {
        let before = short(self.surplus[t]);
        self.surplus[t] += delta;
        self.shortfall += short(self.surplus[t]) - before;
    }

    /// Take one break in `slot` off the floor (`sign` = 1) or put it back (−1).
    fn take(&mut self, slot: &BreakSlot, sign: f64) {
        for &(t, share) in &slot.cover {
            self.shift_surplus(t, -sign * share);
        }
    }

    /// One agent working (`sign` = 1) or no longer working (−1) `shift`'s
    /// intervals, breaks aside.
    fn work(&mut self, m: &PoolModel, s: usize, sign: f64) {
        for &t in &m.shifts[s].intervals {
            self.scheduled[t] += sign;
            self.shift_surplus(t, sign);
        }
    }

    /// One more agent on tour `j`, each break in the slot that keeps the
    /// most surplus.
    fn add(&mut self, m: &PoolModel, j: usize) -> Move {
        let mut slots = Vec::new();
        self.tours[j] += 1;
        self.cost += m.tours[j].cost;
        for &s in &m.tours[j].shifts {
            self.work(m, s, 1.0);
            for (b, options) in m.shifts[s].breaks.iter().enumerate() {
                let p = best_slot(options, &self.surplus);
                self.take(&options[p], 1.0);
                self.breaks[s][b][p] += 1;
                slots.push((s, b, p));
            }
        }
        Move {
            tour: j,
            added: true,
            slots,
        }
    }

    /// One agent fewer on tour `j`; each of its breaks is given back where
    /// the floor is thinnest.
    fn remove(&mut self, m: &PoolModel, j: usize) -> Move {
        let mut slots = Vec::new();
        self.tours[j] -= 1;
        self.cost -= m.tours[j].cost;
        for &s in &m.tours[j].shifts {
            self.work(m, s, -1.0);
            for (b, options) in m.shifts[s].breaks.iter().enumerate() {
                let Some(p) = thinnest_taken(options, &self.breaks[s][b], &self.surplus) else {
                    continue;
                };
                self.take(&options[p], -1.0);
                self.breaks[s][b][p] -= 1;
                slots.push((s, b, p));
            }
        }
        Move {
            tour: j,
            added: false,
            slots,
        }
    }

    /// Reverse `mv` exactly (same slots).
    fn undo(&mut self, m: &PoolModel, mv: Move) {
        let sign = if mv.added { -1.0 } else { 1.0 };
        for (s, b, p) in mv.slots {
            self.take(&m.shifts[s].breaks[b][p], sign);
            if mv.added {
                self.breaks[s][b][p] -= 1;
            } else {
                self.breaks[s][b][p] += 1;
            }
        }
        for &s in &m.tours[mv.tour].shifts {
            self.work(m, s, sign);
        }
        if mv.added {
            self.tours[mv.tour] -= 1;
            self.cost -= m.tours[mv.tour].cost;
        } else {
            self.tours[mv.tour] += 1;
            self.cost += m.tours[mv.tour].cost;
        }
    }

    /// Lift each break out in turn and put it back in the best slot given
    /// all the others (agents added early chose blind to later ones).
    fn place_breaks(&mut self, m: &PoolModel) {
        for _ in 0..BREAK_PASSES {
            for (s, shift) in m.shifts.iter().enumerate() {
                for (b, options) in shift.breaks.iter().enumerate() {
                    for p in 0..options.len() {
                        for _ in 0..self.breaks[s][b][p] {
                            self.take(&options[p], -1.0);
                            self.breaks[s][b][p] -= 1;
                            let q = best_slot(options, &self.surplus);
                            self.take(&options[q], 1.0);
                            self.breaks[s][b][q] += 1;
                        }
                    }
                }
            }
        }
        self.settle();
    }

    /// Move breaks out of the intervals that are short, each to the slot
    /// that keeps the most surplus: the cheapest repair there is. Returns
    /// the moves (shift, break, from, to) for [`State::unrelieve`].
    fn relieve(
        &mut self,
        m: &PoolModel,
        slots_at: &[Vec<(usize, usize, usize)>],
        intervals: impl Iterator<Item = usize>,
    ) -> Vec<[usize; 4]> {
        let mut moves = Vec::new();
        for t in intervals {
            if short(self.surplus[t]) == 0.0 {
                continue;
            }
            for &(s, b, p) in &slots_at[t] {
                if self.breaks[s][b][p] == 0 || short(self.surplus[t]) == 0.0 {
                    continue;
                }
                let options = &m.shifts[s].breaks[b];
                self.take(&options[p], -1.0);
                let q = best_slot(options, &self.surplus);
                self.take(&options[q], 1.0);
                if q != p {
                    self.breaks[s][b][p] -= 1;
                    self.breaks[s][b][q] += 1;
                    moves.push([s, b, p, q]);
                }
            }
        }
        moves
    }

    /// Reverse the moves of [`State::relieve`].
    fn unrelieve(&mut self, m: &PoolModel, moves: Vec<[usize; 4]>) {
        for [s, b, p, q] in moves.into_iter().rev() {
            let options = &m.shifts[s].breaks[b];
            self.take(&options[q], -1.0);
            self.take(&options[p], 1.0);
            self.breaks[s][b][q] -= 1;
            self.breaks[s][b][p] += 1;
        }
    }

    /// `state`'s tours and breaks with every figure recomputed from them
    /// in one pass (no drift from many small updates).
    fn exact(m: &PoolModel, state: State) -> State {
        let x = shift_agents(m, &state.tours);
        let mut exact = State::empty(m);
        for (s, shift) in m.shifts.iter().enumerate() {
            for _ in 0..x[s] {
                exact.work(m, s, 1.0);
            }
            for (b, options) in shift.breaks.iter().enumerate() {
                for (p, &k) in state.breaks[s][b].iter().enumerate() {
                    for _ in 0..k {
                        exact.take(&options[p], 1.0);
                    }
                }
            }
        }
        exact.cost = state
            .tours
            .iter()
            .zip(&m.tours)
            .map(|(&k, tour)| f64::from(k) * tour.cost)
            .sum();
        exact.settle();
        State {
            tours: state.tours,
            breaks: state.breaks,
            ..exact
        }
    }

    /// Recompute the sums from the per-interval figures (no drift from
    /// many small updates).
    fn settle(&mut self) {
        self.shortfall = self.surplus.iter().map(|&x| short(x)).sum();
    }
}

/// Of the slots holding at least one break, the one whose intervals have
/// the lowest surplus (ties to the latest slot).
fn thinnest_taken(options: &[BreakSlot], taken: &[u32], surplus: &[f64]) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for (p, slot) in options.iter().enumerate() {
        if taken[p] == 0 {
            continue;
        }
        let worst = slot
            .cover
            .iter()
            .map(|&(t, _)| surplus[t])
            .fold(f64::INFINITY, f64::min);
        if best.is_none_or(|(b, _)| worst <= b + EPS) {
            best = Some((worst, p));
        }
    }
    best.map(|(_, p)| p)
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
    /// (the LP capped each pool alone; the cap is for the whole site) and no
    /// template more than its `max_agents` on a day (a rounded-up LP plan
    /// can break both).
    fn enforce_max(&self, m: &PoolModel, mut tours: Vec<u32>) -> Vec<u32> {
        if self.counts(m, &tours).is_none() {
            return tours;
        }
        loop {
            let Counts {
                mut starts,
                per_day,
            } = Counts::of(m, &tours);
            for (slot, n) in self.starts {
                *starts.entry(*slot).or_default() += n;
            }
            let over_cap = self
                .cap
                .and_then(|cap| starts.iter().find(|(_, n)| **n > cap))
                .map(|(&slot, _)| slot);
            let over_max = per_day
                .iter()
                .find(|(&(t, _), &n)| self.templates[t].max_agents.is_some_and(|hi| n > hi))
                .map(|(&key, _)| key);
            let breaks = |shift: &Shift| match (over_cap, over_max) {
                (Some(slot), _) => shift.first == slot,
                (None, Some((t, day))) => shift.template == t && shift.day == day,
                (None, None) => false,
            };
            if over_cap.is_none() && over_max.is_none() {
                return tours;
            }
            let over = (0..m.tours.len())
                .rev()
                .find(|&j| tours[j] > 0 && m.tours[j].shifts.iter().any(|&s| breaks(&m.shifts[s])));
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

    /// Whether any template sets `min_agents`.
    fn has_min(&self) -> bool {
        self.templates.iter().any(|t| t.min_agents.is_some())
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

/// Per interval, the tours working it (so repair looks only at tours that
/// can help where the floor is short) and the break slots taking it.
struct Index {
    tours_at: Vec<Vec<usize>>,
    /// Per tour, the intervals it works, in order.
    worked: Vec<Vec<usize>>,
    slots_at: Vec<Vec<(usize, usize, usize)>>,
}

impl Index {
    fn new(m: &PoolModel) -> Index {
        let n = m.required.len();
        let worked: Vec<Vec<usize>> = m
            .tours
            .iter()
            .map(|tour| {
                let mut worked: Vec<usize> = tour
                    .shifts
                    .iter()
                    .flat_map(|&s| m.shifts[s].intervals.iter().copied())
                    .collect();
                worked.sort_unstable();
                worked.dedup();
                worked
            })
            .collect();
        let mut tours_at = vec![Vec::new(); n];
        for (j, worked) in worked.iter().enumerate() {
            for &t in worked {
                tours_at[t].push(j);
            }
        }
        let mut slots_at = vec![Vec::new(); n];
        for (s, shift) in m.shifts.iter().enumerate() {
            for (b, options) in shift.breaks.iter().enumerate() {
                for (p, slot) in options.iter().enumerate() {
                    for &(t, _) in &slot.cover {
                        slots_at[t].push((s, b, p));
                    }
                }
            }
        }
        Index {
            tours_at,
            worked,
            slots_at,
        }
    }
}

/// Add agents to the tours that cover most of the remaining shortfall per
/// unit of cost, until nothing is short (or, with soft coverage, until no
/// tour pays for itself).
fn repair(
    m: &PoolModel,
    state: &mut State,
    limits: &Limits,
    ix: &Index,
    banned: &[usize],
) -> Vec<usize> {
    let mut added = Vec::new();
    while state.shortfall > EPS {
        let shortfall = state.shortfall;
        let moves = state.relieve(m, &ix.slots_at, 0..m.required.len());
        if state.shortfall > shortfall + EPS {
            state.unrelieve(m, moves);
        }
        if state.shortfall <= EPS {
            break;
        }
        let mut candidates: Vec<usize> = (0..m.required.len())
            .filter(|&t| short(state.surplus[t]) > 0.0)
            .flat_map(|t| ix.tours_at[t].iter().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let counts = limits.counts(m, &state.tours);
        let mut best: Option<(f64, usize)> = None;
        for j in candidates {
            if banned.contains(&j) {
                continue;
            }
            let tour = &m.tours[j];
            let gain: f64 = tour
                .shifts
                .iter()
                .flat_map(|&s| m.shifts[s].intervals.iter())
                .map(|&t| short(state.surplus[t]).min(1.0))
                .sum();
            if gain <= EPS || (m.soft && gain * m.penalty <= tour.cost) {
                continue;
            }
            let score = gain / tour.cost.max(EPS);
            if best.is_none_or(|(b, _)| score > b + EPS) && limits.allows(m, &counts, j) {
                best = Some((score, j));
            }
        }
        let Some((_, j)) = best else { break };
        let (objective, shortfall) = (state.objective(m), state.shortfall);
        let mv = state.add(m, j);
        if state.objective(m) >= objective - EPS && state.shortfall >= shortfall - EPS {
            state.undo(m, mv);
            break;
        }
        added.push(j);
    }
    added
}

/// Take agents off tours, costliest first, while the objective does not rise.
fn prune(m: &PoolModel, state: &mut State, limits: &Limits, ix: &Index) {
    let all: Vec<usize> = (0..m.tours.len()).collect();
    prune_among(m, state, limits, ix, &all);
}

/// Tours sharing an interval with any of `tours`: the only ones whose
/// agents adding `tours` can make redundant.
fn near(ix: &Index, tours: &[usize]) -> Vec<usize> {
    let mut near: Vec<usize> = tours
        .iter()
        .flat_map(|&j| ix.worked[j].iter())
        .flat_map(|&t| ix.tours_at[t].iter().copied())
        .collect();
    near.sort_unstable();
    near.dedup();
    near
}

/// [`prune`] over the tours in `among` only.
fn prune_among(m: &PoolModel, state: &mut State, limits: &Limits, ix: &Index, among: &[usize]) {
    let mut order: Vec<usize> = among
        .iter()
        .copied()
        .filter(|&j| state.tours[j] > 0)
        .collect();
    order.sort_by(|&a, &b| m.tours[b].cost.total_cmp(&m.tours[a].cost).then(a.cmp(&b)));
    for j in order {
        while state.tours[j] > 0 {
            if limits.has_min() {
                let mut tours = state.tours.clone();
                tours[j] -= 1;
                if !limits.min_ok(m, &tours) {
                    break;
                }
            }
            let (objective, cost) = (state.objective(m), state.cost);
            let better = |state: &State| {
                let now = state.objective(m);
                now <= objective - 1e-6 || (now <= objective + EPS && state.cost < cost - EPS)
            };
            let mv = state.remove(m, j);
            if better(state) {
                continue;
            }
            let worked = m.tours[j]
                .shifts
                .iter()
                .flat_map(|&s| m.shifts[s].intervals.iter().copied());
            let moves = state.relieve(m, &ix.slots_at, worked);
            if better(state) {
                continue;
            }
            state.unrelieve(m, moves);
            state.undo(m, mv);
            break;
        }
    }
}

/// Re-place every break, then fill any gap that opened and drop what is
/// no longer needed.
fn polish(m: &PoolModel, state: &mut State, limits: &Limits, ix: &Index) {
    state.place_breaks(m);
    repair(m, state, limits, ix, &[]);
    prune(m, state, limits, ix);
}

/// `best` with one agent off each `ruined` tour, repaired (never with a
/// `banned` tour) and pruned. On a small plan (`fresh`) the breaks are placed
/// afresh and polished: a candidate that differs from the incumbent only by
/// the agents taken off would mostly get them straight back. On a large one
/// that costs too much per candidate, and the moves alone do well.
fn recreate(
    m: &PoolModel,
    best: &State,
    ruined: &[usize],
    banned: &[usize],
    fresh: bool,
    limits: &Limits,
    ix: &Index,
) -> State {
    let mut candidate = if fresh {
        let mut tours = best.tours.clone();
        for &r in ruined {
            tours[r] -= 1;
        }
        State::of(m, &tours)
    } else {
        let mut candidate = best.clone();
        for &r in ruined {
            candidate.remove(m, r);
        }
        candidate
    };
    let added = repair(m, &mut candidate, limits, ix, banned);
    if fresh {
        prune(m, &mut candidate, limits, ix);
        polish(m, &mut candidate, limits, ix);
    } else {
        prune_among(m, &mut candidate, limits, ix, &near(ix, &added));
    }
    candidate
}

/// Steps of [`squeeze`] for each agent it tries to do without: a cover
/// is found within a few steps or, on the Karachi week, not at all.
const SQUEEZE_STEPS: usize = 20;
/// Agents [`squeeze`] tries to do without, in turn, before giving up: the
/// one whose absence leaves the least shortfall, then the next ones.
const SQUEEZE_TRIES: usize = 15;
/// Steps after a swap during which its tours may not be swapped back.
const TABU: usize = 5;

/// What one more (or one fewer) agent on a tour does to the floor: the
/// change of surplus per interval (breaks included), in interval order.
type Effect = Vec<(usize, f64)>;

/// What one agent more or fewer on tour `j`, just added or removed, did to
/// `state`'s floor, against the surplus `base` from before.
fn effect(state: &State, base: &[f64], ix: &Index, j: usize) -> Effect {
    ix.worked[j]
        .iter()
        .map(|&t| (t, state.surplus[t] - base[t]))
        .filter(|&(_, d)| d.abs() > EPS)
        .collect()
}

/// The tours whose agents [`squeeze`] tries to do without, in order: the
/// one whose absence leaves the least shortfall first.
fn removal_order(m: &PoolModel, state: &State, limits: &Limits) -> Vec<usize> {
    let mut state = state.clone();
    let removable: Vec<usize> = (0..m.tours.len())
        .filter(|&j| state.tours[j] > 0)
        .filter(|&j| {
            !limits.has_min() || {
                let mut tours = state.tours.clone();
                tours[j] -= 1;
                limits.min_ok(m, &tours)
            }
        })
        .collect();
    let mut left: Vec<(f64, usize)> = removable
        .into_iter()
        .map(|j| {
            let mv = state.remove(m, j);
            let left = state.shortfall;
            state.undo(m, mv);
            (left, j)
        })
        .collect();
    left.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    left.into_iter().map(|(_, j)| j).collect()
}

/// `best` with one agent fewer on tour `off`, made to cover again by swaps
/// (one agent onto a tour working a short interval, one off another): a
/// weighted local search in the manner of set-covering heuristics. Each
/// step makes the swap that most lowers the weighted shortfall; when none
/// does, the intervals still short weigh one more, so the search leaves the
/// local optimum it is in. A fixed number of steps, so the same plan every
/// run. Returns the cover found, polished, when it is cheaper than `best`.
fn squeeze(m: &PoolModel, best: &State, off: usize, limits: &Limits, ix: &Index) -> Option<State> {
    let mut state = best.clone();
    state.remove(m, off);
    let mut weight = vec![1.0; m.required.len()];
    let mut tabu: Vec<(usize, usize)> = Vec::new(); // (tour, step it frees)
    for step in 0..SQUEEZE_STEPS {
        state.relieve(m, &ix.slots_at, 0..m.required.len());
        if state.shortfall <= EPS {
            polish(m, &mut state, limits, ix);
            return (state.objective(m) < best.objective(m) - 1e-6
                && limits.min_ok(m, &state.tours))
            .then_some(state);
        }
        tabu.retain(|&(_, until)| until > step);
        let (delta, add, out) = best_swap(m, &mut state, &weight, &tabu, limits, ix)?;
        if delta < -EPS {
            state.add(m, add);
            state.remove(m, out);
            tabu.push((add, step + TABU));
            tabu.push((out, step + TABU));
        } else {
            for (t, w) in weight.iter_mut().enumerate() {
                if short(state.surplus[t]) > 0.0 {
                    *w += 1.0;
                }
            }
        }
    }
    None
}

/// Of the swaps (one agent more on a tour working a short interval, one
/// fewer on another tour, neither `tabu`), the one that most lowers the
/// shortfall weighted by `weight`: (change, tour added, tour taken off).
/// Each move's effect is measured once (and undone); a pair's change is the
/// sum of its two effects', corrected where both touch an interval.
fn best_swap(
    m: &PoolModel,
    state: &mut State,
    weight: &[f64],
    tabu: &[(usize, usize)],
    limits: &Limits,
    ix: &Index,
) -> Option<(f64, usize, usize)> {
    let free = |j: &usize| !tabu.iter().any(|&(t, _)| t == *j);
    let base = state.surplus.clone();
    let counts = limits.counts(m, &state.tours);
    let short_at: BTreeSet<usize> = (0..m.required.len())
        .filter(|&t| short(base[t]) > 0.0)
        .flat_map(|t| ix.tours_at[t].iter().copied())
        .collect();
    let addable: Vec<usize> = short_at
        .into_iter()
        .filter(|j| free(j) && limits.allows(m, &counts, *j))
        .collect();
    let working: Vec<usize> = (0..m.tours.len())
        .filter(|j| state.tours[*j] > 0 && free(j))
        .collect();
    let mut measure = |j: usize, add: bool| {
        let mv = if add {
            state.add(m, j)
        } else {
            state.remove(m, j)
        };
        let e = effect(state, &base, ix, j);
        state.undo(m, mv);
        (j, e)
    };
    let adds: Vec<(usize, Effect)> = addable.into_iter().map(|j| measure(j, true)).collect();
    let outs: Vec<(usize, Effect)> = working.into_iter().map(|j| measure(j, false)).collect();
    let change = |t: usize, d: f64| weight[t] * (short(base[t] + d) - short(base[t]));
    let alone = |e: &Effect| e.iter().map(|&(t, d)| change(t, d)).sum::<f64>();
    let out_alone: Vec<f64> = outs.iter().map(|(_, e)| alone(e)).collect();
    let mut with_add = vec![0.0; m.required.len()];
    let mut chosen: Option<(f64, usize, usize)> = None;
    for (add, a) in &adds {
        for &(t, d) in a {
            with_add[t] = d;
        }
        let add_alone = alone(a);
        for ((out, b), out_alone) in outs.iter().zip(&out_alone) {
            if out == add {
                continue;
            }
            let mut delta = add_alone + out_alone;
            for &(t, d) in b {
                let da = with_add[t];
                if da != 0.0 {
                    delta += change(t, da + d) - change(t, da) - change(t, d);
                }
            }
            if chosen.is_none_or(|(best, _, _)| delta < best - EPS) {
                chosen = Some((delta, *add, *out));
            }
        }
        for &(t, _) in a {
            with_add[t] = 0.0;
        }
    }
    chosen
}

/// The integer plan of one pool, starting from its LP relaxation.
pub fn integer_plan(
    m: PoolModel,
    relaxed: &Relaxed,
    cap: Option<u32>,
    templates: &[Template],
    starts: &mut BTreeMap<usize, u32>,
    deadline: Instant,
) -> PoolPlan {
    let limits = Limits {
        cap,
        templates,
        starts,
    };
    let ix = Index::new(&m);
    // Three roundings of the LP (down, nearest, up), each repaired and
    // pruned; the best one wins.
    let from = |lift: f64| {
        let rounded: Vec<u32> = relaxed
            .tours
            .iter()
            .map(|v| (v + lift).floor() as u32)
            .collect();
        let rounded = limits.enforce_min(&m, limits.enforce_max(&m, rounded));
        let mut state = State::of(&m, &rounded);
        repair(&m, &mut state, &limits, &ix, &[]);
        prune(&m, &mut state, &limits, &ix);
        polish(&m, &mut state, &limits, &ix);
        state
    };
    let mut best = from(1e-6);
    for lift in [0.5, 1.0 - 1e-6] {
        let candidate = from(lift);
        if candidate.objective(&m) < best.objective(&m) - 1e-6 {
            best = candidate;
        }
    }
    let progress = |best: &State| {
        crate::progress::note(&format!(
            "pool {}: best {:.0}, LP bound {:.0}",
            m.pool + 1,
            best.objective(&m),
            relaxed.bound
        ));
    };
    progress(&best);
    // Ruins of one agent, then of two agents on neighbouring tours (the next
    // tour of the plan in model order: a nearby start or days-off pattern).
    let mut timed_out = false;
    let breaks_placed: u32 = shift_agents(&m, &best.tours)
        .iter()
        .zip(&m.shifts)
        .map(|(x, s)| x * s.breaks.len() as u32)
        .sum();
    let fresh = breaks_placed <= FRESH_BREAKS;
    'search: for width in [1, 2, 3] {
        for _ in 0..ROUNDS {
            let mut improved = false;
            let active: Vec<usize> = (0..m.tours.len()).filter(|&j| best.tours[j] > 0).collect();
            for k in 0..active.len() {
                // Stop when the plan meets the LP bound (nothing cheaper
                // exists), or at the safety deadline (the plan then says so).
                if Instant::now() > deadline {
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
                // Recreate letting repair put the agents straight back where
                // it likes; on a small plan also with the ruined tours
                // barred, so the plan must change shape there.
                let tries: &[&[usize]] = if fresh { &[&[], &ruined] } else { &[&[]] };
                for &banned in tries {
                    let candidate = recreate(&m, &best, &ruined, banned, fresh, &limits, &ix);
                    if candidate.objective(&m) < best.objective(&m) - 1e-6
                        && limits.min_ok(&m, &candidate.tours)
                    {
                        best = candidate;
                        improved = true;
                        progress(&best);
                        break;
                    }
                }
            }
            let before = best.objective(&m);
            polish(&m, &mut best, &limits, &ix);
            if !improved && best.objective(&m) >= before - 1e-6 {
                break;
            }
        }
    }
    // Then do with one agent fewer, as long as swaps can cover again.
    if !m.soft {
        'fewer: while !timed_out && best.objective(&m) > relaxed.bound + 1e-6 {
            for off in removal_order(&m, &best, &limits)
                .into_iter()
                .take(SQUEEZE_TRIES)
            {
                if Instant::now() > deadline {
                    timed_out = true;
                    break 'fewer;
                }
                if let Some(better) = squeeze(&m, &best, off, &limits, &ix) {
                    best = better;
                    progress(&best);
                    continue 'fewer;
                }
            }
            break;
        }
    }
    let best = State::exact(&m, best);
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
        model: m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shifts::{Shift, Tour};

    /// Three 4-interval shifts over 8 intervals, each with one break that
    /// takes half of interval 1 or 2 of the shift (two slots), and a second
    /// break of a whole interval in slot 2 or 3; one tour per shift and one
    /// of shifts 0 and 2.
    fn model() -> PoolModel {
        let shift = |first: usize| Shift {
            template: 0,
            day: 0,
            start_min: 0,
            first,
            intervals: (first..first + 4).collect(),
            cost: 4.0,
            paid_h: 4.0,
            breaks: vec![
                vec![
                    BreakSlot {
                        offset_s: 0,
                        cover: vec![(first + 1, 0.5)],
                    },
                    BreakSlot {
                        offset_s: 0,
                        cover: vec![(first + 2, 0.5)],
                    },
                ],
                vec![
                    BreakSlot {
                        offset_s: 0,
                        cover: vec![(first + 2, 1.0)],
                    },
                    BreakSlot {
                        offset_s: 0,
                        cover: vec![(first + 3, 1.0)],
                    },
                ],
            ],
        };
        let tour = |shifts: Vec<usize>| Tour {
            cost: 4.0 * shifts.len() as f64,
            shifts,
            days_off: Vec::new(),
        };
        PoolModel {
            pool: 0,
            required: vec![1.0, 2.0, 3.0, 2.0, 2.0, 3.0, 1.0, 0.0],
            shifts: vec![shift(0), shift(2), shift(4)],
            tours: vec![
                tour(vec![0]),
                tour(vec![1]),
                tour(vec![2]),
                tour(vec![0, 2]),
            ],
            penalty: 100.0,
            soft: false,
        }
    }

    /// The floor recomputed from scratch: agents working minus break shares.
    fn floor_by_hand(m: &PoolModel, state: &State) -> Vec<f64> {
        let mut floor = vec![0.0; m.required.len()];
        for (j, tour) in m.tours.iter().enumerate() {
            for &s in &tour.shifts {
                for &t in &m.shifts[s].intervals {
                    floor[t] += f64::from(state.tours[j]);
                }
            }
        }
        for (s, shift) in m.shifts.iter().enumerate() {
            for (b, options) in shift.breaks.iter().enumerate() {
                for (p, slot) in options.iter().enumerate() {
                    for &(t, share) in &slot.cover {
                        floor[t] -= share * f64::from(state.breaks[s][b][p]);
                    }
                }
            }
        }
        floor
    }

    #[test]
    fn moves_and_undos_keep_the_floor_equal_to_a_recount() {
        let m = model();
        let mut state = State::empty(&m);
        // A fixed walk of adds and removes, some undone.
        let walk = [
            (0, true),
            (3, true),
            (1, true),
            (3, true),
            (0, false),
            (2, true),
            (3, false),
        ];
        for (i, &(j, add)) in walk.iter().enumerate() {
            let mv = if add {
                state.add(&m, j)
            } else {
                state.remove(&m, j)
            };
            let before_undo = state.clone();
            if i % 3 == 2 {
                state.undo(&m, mv);
                // Undone, then done again: the same state as before.
                let _ = if add {
                    state.add(&m, j)
                } else {
                    state.remove(&m, j)
                };
            }
            let floor = floor_by_hand(&m, &state);
            for (t, floor) in floor.iter().enumerate() {
                let surplus = floor - m.required[t];
                assert!(
                    (state.surplus[t] - surplus).abs() < 1e-9,
                    "step {i}, interval {t}"
                );
            }
            let shortfall: f64 = (0..m.required.len())
                .map(|t| (m.required[t] - floor[t]).max(0.0))
                .sum();
            assert!((state.shortfall - shortfall).abs() < 1e-9, "step {i}");
            let cost: f64 = (0..m.tours.len())
                .map(|j| f64::from(state.tours[j]) * m.tours[j].cost)
                .sum();
            assert!((state.cost - cost).abs() < 1e-9, "step {i}");
            assert_eq!(state.tours, before_undo.tours);
        }
        // Every agent's breaks are placed: per shift and break, the slots
        // hold as many breaks as the shift has agents.
        let x = shift_agents(&m, &state.tours);
        for (s, shift) in m.shifts.iter().enumerate() {
            for b in 0..shift.breaks.len() {
                assert_eq!(state.breaks[s][b].iter().sum::<u32>(), x[s]);
            }
        }
    }

    /// Nine intervals needing one agent each, 3-interval shifts starting at
    /// 0..=6 (no breaks, 3 per agent): the optimum is 0, 3 and 6.
    fn nine_in_threes() -> PoolModel {
        let shifts: Vec<Shift> = (0..7)
            .map(|first| Shift {
                template: 0,
                day: 0,
                start_min: 0,
                first,
                intervals: (first..first + 3).collect(),
                cost: 3.0,
                paid_h: 3.0,
                breaks: Vec::new(),
            })
            .collect();
        PoolModel {
            pool: 0,
            required: vec![1.0; 9],
            tours: (0..7)
                .map(|s| Tour {
                    shifts: vec![s],
                    cost: 3.0,
                    days_off: Vec::new(),
                })
                .collect(),
            shifts,
            penalty: 100.0,
            soft: false,
        }
    }

    #[test]
    fn squeezing_swaps_its_way_to_one_agent_fewer() {
        let m = nine_in_threes();
        let limits = Limits {
            cap: None,
            templates: &[],
            starts: &BTreeMap::new(),
        };
        let ix = Index::new(&m);
        // Starts 0, 2, 4, 6 cover every interval and no agent can go
        // (each is the only one on interval 0, 3, 5 or 8): pruning keeps 4.
        let four = State::of(&m, &[1, 0, 1, 0, 1, 0, 1]);
        let mut pruned = four.clone();
        prune(&m, &mut pruned, &limits, &ix);
        assert_eq!(pruned.tours, four.tours);
        // Without the agent starting at 2, interval 3 is short; the swap
        // 4 → 3 covers it and leaves 4..=5 to the agent on 3 and 6..=8 to
        // the one on 6: three agents, the optimum.
        let order = removal_order(&m, &four, &limits);
        let better = order
            .iter()
            .find_map(|&off| squeeze(&m, &four, off, &limits, &ix))
            .expect("a cover with three agents");
        assert_eq!(better.tours, vec![1, 0, 0, 1, 0, 0, 1]);
        assert!(better.shortfall.abs() < 1e-9);
        assert!((better.cost - 9.0).abs() < 1e-9);
        // And with three, none can go: no cheaper cover is claimed.
        let order = removal_order(&m, &better, &limits);
        assert!(order
            .iter()
            .all(|&off| squeeze(&m, &better, off, &limits, &ix).is_none()));
    }

    #[test]
    fn relieving_a_short_interval_moves_a_break_and_can_be_undone() {
        let mut m = model();
        m.required = vec![1.0, 2.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let mut state = State::empty(&m);
        // Two agents on shift 0 (intervals 0–3 need 1 2 0 1, nothing
        // after). Force both whole-interval breaks into interval 3: its
        // floor is then 0, 1 short, while interval 2 (nothing needed) can
        // take one: moving it there covers everything.
        state.add(&m, 0);
        state.add(&m, 0);
        for _ in 0..2 {
            let p = state.breaks[0][1].iter().position(|&k| k > 0).unwrap();
            state.take(&m.shifts[0].breaks[1][p], -1.0);
            state.breaks[0][1][p] -= 1;
            state.take(&m.shifts[0].breaks[1][1], 1.0);
            state.breaks[0][1][1] += 1;
        }
        assert_eq!(state.breaks[0][1], vec![0, 2]);
        let short_before = state.shortfall;
        let ix = Index::new(&m);
        let moves = state.relieve(&m, &ix.slots_at, 0..m.required.len());
        assert!(!moves.is_empty());
        assert!(state.shortfall < short_before - 1e-9);
        assert!(state.shortfall.abs() < 1e-9, "{}", state.shortfall);
        state.unrelieve(&m, moves);
        assert_eq!(state.breaks[0][1], vec![0, 2]);
        assert!((state.shortfall - short_before).abs() < 1e-9);
    }
}
