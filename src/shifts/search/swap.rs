//! Moves of one agent from one tour to another under soft coverage.
//!
//! With a fixed head count the staff cap binds and a soft plan is short
//! somewhere: what lowers cost + penalty is then not a cheaper cover but
//! putting each agent where they save the most shortfall. Ruin and
//! recreate moves an agent to the tour repair's greedy ratio likes best,
//! which need not lower the objective; here every tour of the plan gives
//! up one agent to each tour that works a short interval, and the move
//! that lowers cost + penalty the most is made (exact deltas: remove, add,
//! breaks moved out of short intervals, read, undo), until none does or [`MOST_MOVES`] are made.

use super::limits::Limits;
use super::repair::{polish, tours_working, Index};
use super::state::{short, State};
use super::{Budget, Stop};
use crate::shifts::PoolModel;

/// Moves made at most (each a pass over the plan's tours): a bound on the
/// work, so the plan is the same on any machine.
pub(super) const MOST_MOVES: usize = 400;

/// The least fall in cost + penalty a move must bring.
const GAIN: f64 = 1e-6;

/// Move agents between tours while a move lowers cost + penalty (soft
/// coverage only), then polish; stops early when the [`Budget`] says so.
pub(super) fn swaps(
    m: &PoolModel,
    limits: &Limits,
    ix: &Index,
    budget: &Budget,
    best: &mut State,
) -> Option<Stop> {
    let mut moved = false;
    for _ in 0..MOST_MOVES {
        if let Some(stop) = budget.stop(m, best) {
            return Some(stop);
        }
        let Some((from, to)) = best_move(m, limits, ix, best) else {
            break;
        };
        apply(m, ix, best, from, to);
        moved = true;
    }
    if moved {
        let before = best.clone();
        polish(m, best, limits, ix);
        if best.objective(m) > before.objective(m) {
            *best = before;
        }
    }
    None
}

/// Move one agent from tour `from` to tour `to`, each followed by breaks
/// moved out of the intervals it leaves or works that are short, as
/// [`best_move`] priced it.
fn apply(m: &PoolModel, ix: &Index, state: &mut State, from: usize, to: usize) {
    state.remove(m, from);
    state.relieve(m, &ix.slots_at, ix.worked[from].iter().copied());
    state.add(m, to);
    state.relieve(m, &ix.slots_at, ix.worked[to].iter().copied());
}

/// The move of one agent (from a tour of `state`, to a tour working an
/// interval short once it is gone) that lowers cost + penalty the most,
/// within the limits; ties go to the first in tour order.
fn best_move(m: &PoolModel, limits: &Limits, ix: &Index, state: &State) -> Option<(usize, usize)> {
    let mut work = state.clone();
    let base = state.objective(m);
    let mut best: Option<(f64, usize, usize)> = None;
    for from in (0..m.tours.len()).filter(|&j| state.tours[j] > 0) {
        let out = work.remove(m, from);
        let eased = work.relieve(m, &ix.slots_at, ix.worked[from].iter().copied());
        let counts = limits.counts(m, &work.tours);
        let short_now = (0..m.required.len()).filter(|&t| short(work.surplus[t]) > 0.0);
        for to in tours_working(ix, short_now) {
            if to == from || !limits.allows(m, &counts, to) {
                continue;
            }
            let mv = work.add(m, to);
            let moves = work.relieve(m, &ix.slots_at, ix.worked[to].iter().copied());
            let now = work.objective(m);
            work.unrelieve(m, moves);
            work.undo(m, mv);
            if now < base - GAIN && best.is_none_or(|(b, _, _)| now < b - GAIN) {
                best = Some((now, from, to));
            }
        }
        work.unrelieve(m, eased);
        work.undo(m, out);
    }
    best.map(|(_, from, to)| (from, to))
}

#[cfg(test)]
mod tests;
