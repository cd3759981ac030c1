//! Repair shortfall greedily, prune agents the plan does not need, polish
//! the breaks, and recreate a plan after a ruin.

use super::limits::{Counts, Limits};
use super::state::{short, Breaks, State};
use super::EPS;
use crate::shifts::PoolModel;

/// Per interval, the tours working it (so repair looks only at tours that
/// can help where the floor is short) and the break slots taking it.
pub(super) struct Index {
    pub(super) tours_at: Vec<Vec<usize>>,
    /// Per tour, the intervals it works, in order.
    pub(super) worked: Vec<Vec<usize>>,
    /// Per interval, the break slots that take it: (shift, break, slot,
    /// the slot's place in [`Breaks`](super::state::Breaks)).
    pub(super) slots_at: Vec<Vec<[usize; 4]>>,
}

impl Index {
    pub(super) fn new(m: &PoolModel) -> Index {
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
        let layout = Breaks::none(m);
        let mut slots_at = vec![Vec::new(); n];
        for (s, shift) in m.shifts.iter().enumerate() {
            for (b, options) in shift.breaks.iter().enumerate() {
                for (p, slot) in options.iter().enumerate() {
                    for &(t, _) in &slot.cover {
                        slots_at[t].push([s, b, p, layout.id(s, b, p)]);
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
pub(super) fn repair(m: &PoolModel, state: &mut State, limits: &Limits, ix: &Index) -> Vec<usize> {
    let mut added = Vec::new();
    // The counts the limits read, kept up to date as agents join.
    let mut counts = limits.counts(m, &state.tours);
    while state.shortfall > EPS {
        let shortfall = state.shortfall;
        let moves = state.relieve(m, &ix.slots_at, 0..m.required.len());
        if state.shortfall > shortfall + EPS {
            state.unrelieve(m, moves);
        }
        if state.shortfall <= EPS {
            break;
        }
        let short_now = (0..m.required.len()).filter(|&t| short(state.surplus[t]) > 0.0);
        let candidates = tours_working(ix, short_now);
        let mut best: Option<(f64, usize)> = None;
        for j in candidates {
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
        if let Some(c) = counts.as_mut() {
            limits.count(m, c, j, true);
        }
        added.push(j);
    }
    added
}

/// Take agents off tours, costliest first, while the objective does not rise.
pub(super) fn prune(m: &PoolModel, state: &mut State, limits: &Limits, ix: &Index) {
    let all: Vec<usize> = (0..m.tours.len()).collect();
    prune_among(m, state, limits, ix, &all);
}

/// Tours sharing an interval with any of `tours`: the only ones whose
/// agents adding `tours` can make redundant.
pub(super) fn near(ix: &Index, tours: &[usize]) -> Vec<usize> {
    tours_working(ix, tours.iter().flat_map(|&j| ix.worked[j].iter().copied()))
}

/// The tours working any of `intervals`, in tour order, each once (marked
/// as seen rather than sorted with their repeats: a tour of a large pool
/// shares each of its intervals with hundreds of others).
pub(super) fn tours_working(ix: &Index, intervals: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut seen = vec![false; ix.worked.len()];
    let mut tours = Vec::new();
    for t in intervals {
        for &j in &ix.tours_at[t] {
            if !seen[j] {
                seen[j] = true;
                tours.push(j);
            }
        }
    }
    tours.sort_unstable();
    tours
}

/// [`prune`] over the tours in `among` only.
pub(super) fn prune_among(
    m: &PoolModel,
    state: &mut State,
    limits: &Limits,
    ix: &Index,
    among: &[usize],
) {
    let mut order: Vec<usize> = among
        .iter()
        .copied()
        .filter(|&j| state.tours[j] > 0)
        .collect();
    order.sort_by(|&a, &b| m.tours[b].cost.total_cmp(&m.tours[a].cost).then(a.cmp(&b)));
    // The counts the least limits read, kept up to date as agents leave.
    let mut counts = limits.has_min().then(|| Counts::of(m, &state.tours));
    for j in order {
        while state.tours[j] > 0 {
            if let Some(c) = counts.as_mut() {
                if !limits.min_ok_without(m, c, j) {
                    break;
                }
            }
            let (objective, cost) = (state.objective(m), state.cost);
            let better = |state: &State| {
                let now = state.objective(m);
                now <= objective - 1e-6 || (now <= objective + EPS && state.cost < cost - EPS)
            };
            let mv = state.remove(m, j);
            let mut kept = better(state);
            if !kept {
                let worked = m.tours[j]
                    .shifts
                    .iter()
                    .flat_map(|&s| m.shifts[s].intervals.iter().copied());
                let moves = state.relieve(m, &ix.slots_at, worked);
                kept = better(state);
                if !kept {
                    state.unrelieve(m, moves);
                }
            }
            if kept {
                if let Some(c) = counts.as_mut() {
                    limits.count(m, c, j, false);
                }
                continue;
            }
            state.undo(m, mv);
            break;
        }
    }
}

/// Re-place every break, then fill any gap that opened and drop what is
/// no longer needed.
pub(super) fn polish(m: &PoolModel, state: &mut State, limits: &Limits, ix: &Index) {
    state.place_breaks(m);
    repair(m, state, limits, ix);
    prune(m, state, limits, ix);
}

/// `best` with one agent off each `ruined` tour, repaired and pruned. On a
/// small plan (`fresh`) the breaks are placed afresh and polished: a
/// candidate that differs from the incumbent only by the agents taken off
/// would mostly get them straight back. On a large one that costs too much
/// per candidate, and the moves alone do well.
pub(super) fn recreate(
    m: &PoolModel,
    best: &State,
    ruined: &[usize],
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
    let added = repair(m, &mut candidate, limits, ix);
    if fresh {
        prune(m, &mut candidate, limits, ix);
        polish(m, &mut candidate, limits, ix);
    } else {
        prune_among(m, &mut candidate, limits, ix, &near(ix, &added));
    }
    candidate
}
