//! Doing with one agent fewer under hard coverage: swaps between tours
//! until every interval is covered again.

use super::limits::{Counts, Limits};
use super::repair::{polish, tours_working, Index};
use super::state::{short, State};
use super::EPS;
use crate::shifts::PoolModel;

/// Steps of [`squeeze`] for each agent it tries to do without, on a small
/// plan: most covers are found within a few steps, but on the Karachi week
/// English voice's 190th agent takes more than 20 (docs/benchmarks.md).
pub(super) const SQUEEZE_STEPS: usize = 30;
/// The same on a large plan (over `FRESH_BREAKS` breaks), where each step
/// measures every working tour: 30 there cost the 4-week, 1 930-agent
/// plan 30 % more time for 0.03 % of its cost.
pub(super) const SQUEEZE_STEPS_LARGE: usize = 20;
/// Agents [`squeeze`] tries to do without, in turn, before giving up: the
/// one whose absence leaves the least shortfall, then the next ones.
pub(super) const SQUEEZE_TRIES: usize = 15;
/// Steps after a swap during which its tours may not be swapped back.
pub(super) const TABU: usize = 5;

/// What one more (or one fewer) agent on a tour does to the floor: the
/// change of surplus per interval (breaks included), in interval order.
pub(super) type Effect = Vec<(usize, f64)>;

/// What one agent more or fewer on tour `j`, just added or removed, did to
/// `state`'s floor, against the surplus `base` from before.
pub(super) fn effect(state: &State, base: &[f64], ix: &Index, j: usize) -> Effect {
    ix.worked[j]
        .iter()
        .map(|&t| (t, state.surplus[t] - base[t]))
        .filter(|&(_, d)| d.abs() > EPS)
        .collect()
}

/// The tours whose agents [`squeeze`] tries to do without, in order: the
/// one whose absence leaves the least shortfall first.
pub(super) fn removal_order(m: &PoolModel, state: &State, limits: &Limits) -> Vec<usize> {
    let mut state = state.clone();
    let mut counts = limits.has_min().then(|| Counts::of(m, &state.tours));
    let removable: Vec<usize> = (0..m.tours.len())
        .filter(|&j| state.tours[j] > 0)
        .filter(|&j| {
            counts
                .as_mut()
                .is_none_or(|c| limits.min_ok_without(m, c, j))
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
/// (one agent onto a tour working a short interval, one off another) and by
/// moving breaks, singly and in chains ([`State::relieve_chains`]): a
/// weighted local search in the manner of set-covering heuristics. Each
/// step makes the swap that most lowers the weighted shortfall; when none
/// does, the intervals still short weigh one more, so the search leaves the
/// local optimum it is in. At most `steps` steps, so the same plan every
/// run. Returns the cover found, polished, when it is cheaper than `best`.
pub(super) fn squeeze(
    m: &PoolModel,
    best: &State,
    off: usize,
    steps: usize,
    limits: &Limits,
    ix: &Index,
) -> Option<State> {
    let mut state = best.clone();
    state.remove(m, off);
    let mut weight = vec![1.0; m.required.len()];
    let mut tabu: Vec<(usize, usize)> = Vec::new(); // (tour, step it frees)
    for step in 0..steps {
        state.relieve(m, &ix.slots_at, 0..m.required.len());
        if state.shortfall > EPS {
            state.relieve_chains(m, &ix.slots_at);
        }
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
pub(super) fn best_swap(
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
    let short_now = (0..m.required.len()).filter(|&t| short(base[t]) > 0.0);
    let addable: Vec<usize> = tours_working(ix, short_now)
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
    // Per interval, the moves off that change it (their place in `outs`,
    // the change): a pair needs correcting only where both moves touch an
    // interval, so each add visits only the moves off that overlap it.
    // Where the floor stays short of nothing with both moves made (its
    // surplus, lowered by the move off and by the most any add lowers it,
    // is not negative), every `short` in the correction is zero, and so is
    // the correction: such pairs are left out.
    let mut lowest_add = vec![0.0_f64; m.required.len()];
    for (_, a) in &adds {
        for &(t, da) in a {
            lowest_add[t] = lowest_add[t].min(da);
        }
    }
    let mut outs_at: Vec<Vec<(usize, f64)>> = vec![Vec::new(); m.required.len()];
    for (o, (_, b)) in outs.iter().enumerate() {
        for &(t, d) in b {
            if base[t] + d.min(0.0) + lowest_add[t] < 1e-6 {
                outs_at[t].push((o, d));
            }
        }
    }
    let mut delta = vec![0.0; outs.len()];
    let mut chosen: Option<(f64, usize, usize)> = None;
    for (add, a) in &adds {
        let add_alone = alone(a);
        for (delta, out_alone) in delta.iter_mut().zip(&out_alone) {
            *delta = add_alone + out_alone;
        }
        for &(t, da) in a {
            for &(o, d) in &outs_at[t] {
                delta[o] += change(t, da + d) - change(t, da) - change(t, d);
            }
        }
        for ((out, _), &delta) in outs.iter().zip(&delta) {
            if out != add && chosen.is_none_or(|(best, _, _)| delta < best - EPS) {
                chosen = Some((delta, *add, *out));
            }
        }
    }
    chosen
}
