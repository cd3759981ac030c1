//! The search state: agents per tour, where their breaks fall, and the
//! floor it gives, with moves that update it in time proportional to one
//! tour and undo exactly.

use std::ops::{Index, IndexMut};
use std::sync::Arc;

use super::{BREAK_PASSES, EPS};

/// Moves in one chain of [`State::relieve_chains`].
const CHAIN_DEPTH: usize = 3;
/// Moves [`State::relieve_chains`] tries in one call.
const CHAIN_TRIES: usize = 4_000;
use crate::shifts::{BreakSlot, PoolModel};

/// Agents per break slot of every shift, in one flat vector (slot `p` of
/// break `b` of shift `s` at `first[s][b] + p`): one allocation to clone and
/// one memory read per look-up, where nested vectors had thousands and
/// three. Indexed by `(s, b, p)`.
#[derive(Debug, Clone)]
pub(super) struct Breaks {
    taken: Vec<u32>,
    first: Arc<Vec<Vec<usize>>>,
}

impl Breaks {
    /// No break taken anywhere.
    pub(super) fn none(m: &PoolModel) -> Breaks {
        let mut next = 0;
        let first = m
            .shifts
            .iter()
            .map(|shift| {
                shift
                    .breaks
                    .iter()
                    .map(|options| {
                        next += options.len();
                        next - options.len()
                    })
                    .collect()
            })
            .collect();
        Breaks {
            taken: vec![0; next],
            first: Arc::new(first),
        }
    }

    /// Where slot `p` of break `b` of shift `s` is counted.
    pub(super) fn id(&self, s: usize, b: usize, p: usize) -> usize {
        self.first[s][b] + p
    }

    /// Agents per slot of break `b` of shift `s`.
    pub(super) fn of(&self, m: &PoolModel, s: usize, b: usize) -> &[u32] {
        let first = self.first[s][b];
        &self.taken[first..first + m.shifts[s].breaks[b].len()]
    }

    /// Agents taking the break in slot `id` (see [`Breaks::id`]).
    pub(super) fn at(&self, id: usize) -> u32 {
        self.taken[id]
    }
}

impl Index<(usize, usize, usize)> for Breaks {
    type Output = u32;
    fn index(&self, (s, b, p): (usize, usize, usize)) -> &u32 {
        &self.taken[self.first[s][b] + p]
    }
}

impl IndexMut<(usize, usize, usize)> for Breaks {
    fn index_mut(&mut self, (s, b, p): (usize, usize, usize)) -> &mut u32 {
        &mut self.taken[self.first[s][b] + p]
    }
}

/// Agents per tour and where their breaks fall, with the floor it gives.
/// Moves ([`State::add`], [`State::remove`]) update it in time proportional
/// to one tour, so the search can try many of them.
#[derive(Debug, Clone)]
pub(super) struct State {
    pub(super) tours: Vec<u32>,
    pub(super) breaks: Breaks,
    pub(super) scheduled: Vec<f64>,
    /// On the floor − required, per interval.
    pub(super) surplus: Vec<f64>,
    pub(super) cost: f64,
    pub(super) shortfall: f64,
}

/// A search of [`State::relieve_chains`]: the shortfall to get below, the
/// moves of the chain so far, the tries left.
struct Chain {
    goal: f64,
    moves: Vec<[usize; 4]>,
    budget: usize,
}

/// The break slots one move took or gave back, to undo it exactly.
pub(super) struct Move {
    pub(super) tour: usize,
    pub(super) added: bool,
    pub(super) slots: Vec<(usize, usize, usize)>,
}

/// Agent-intervals short in an interval with this surplus.
pub(super) fn short(surplus: f64) -> f64 {
    if surplus < -EPS {
        -surplus
    } else {
        0.0
    }
}

impl State {
    pub(super) fn objective(&self, m: &PoolModel) -> f64 {
        self.cost + m.penalty * self.shortfall
    }

    /// No agents: everything short.
    pub(super) fn empty(m: &PoolModel) -> State {
        let surplus: Vec<f64> = m.required.iter().map(|r| -r).collect();
        State {
            tours: vec![0; m.tours.len()],
            breaks: Breaks::none(m),
            scheduled: vec![0.0; m.required.len()],
            shortfall: surplus.iter().map(|&x| short(x)).sum(),
            surplus,
            cost: 0.0,
        }
    }

    /// The state of a choice of tours: agents added one by one in tour
    /// order, then every break re-placed given all the others.
    pub(super) fn of(m: &PoolModel, tours: &[u32]) -> State {
        let mut state = State::empty(m);
        for (j, &k) in tours.iter().enumerate() {
            for _ in 0..k {
                state.add(m, j);
            }
        }
        state.place_breaks(m);
        state
    }

    pub(super) fn shift_surplus(&mut self, t: usize, delta: f64) {
        let before = short(self.surplus[t]);
        self.surplus[t] += delta;
        self.shortfall += short(self.surplus[t]) - before;
    }

    /// Take one break in `slot` off the floor (`sign` = 1) or put it back (−1).
    pub(super) fn take(&mut self, slot: &BreakSlot, sign: f64) {
        for &(t, share) in &slot.cover {
            self.shift_surplus(t, -sign * share);
        }
    }

    /// One agent working (`sign` = 1) or no longer working (−1) `shift`'s
    /// intervals, breaks aside.
    pub(super) fn work(&mut self, m: &PoolModel, s: usize, sign: f64) {
        for &t in &m.shifts[s].intervals {
            self.scheduled[t] += sign;
            self.shift_surplus(t, sign);
        }
    }

    /// One more agent on tour `j`, each break in the slot that keeps the
    /// most surplus.
    pub(super) fn add(&mut self, m: &PoolModel, j: usize) -> Move {
        let mut slots = Vec::new();
        self.tours[j] += 1;
        self.cost += m.tours[j].cost;
        for &s in &m.tours[j].shifts {
            self.work(m, s, 1.0);
            for (b, options) in m.shifts[s].breaks.iter().enumerate() {
                let p = best_slot(options, &self.surplus);
                self.take(&options[p], 1.0);
                self.breaks[(s, b, p)] += 1;
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
    pub(super) fn remove(&mut self, m: &PoolModel, j: usize) -> Move {
        let mut slots = Vec::new();
        self.tours[j] -= 1;
        self.cost -= m.tours[j].cost;
        for &s in &m.tours[j].shifts {
            self.work(m, s, -1.0);
            for (b, options) in m.shifts[s].breaks.iter().enumerate() {
                let Some(p) = thinnest_taken(options, self.breaks.of(m, s, b), &self.surplus)
                else {
                    continue;
                };
                self.take(&options[p], -1.0);
                self.breaks[(s, b, p)] -= 1;
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
    pub(super) fn undo(&mut self, m: &PoolModel, mv: Move) {
        let sign = if mv.added { -1.0 } else { 1.0 };
        for (s, b, p) in mv.slots {
            self.take(&m.shifts[s].breaks[b][p], sign);
            if mv.added {
                self.breaks[(s, b, p)] -= 1;
            } else {
                self.breaks[(s, b, p)] += 1;
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
    pub(super) fn place_breaks(&mut self, m: &PoolModel) {
        for _ in 0..BREAK_PASSES {
            for (s, shift) in m.shifts.iter().enumerate() {
                for (b, options) in shift.breaks.iter().enumerate() {
                    for p in 0..options.len() {
                        for _ in 0..self.breaks[(s, b, p)] {
                            self.take(&options[p], -1.0);
                            self.breaks[(s, b, p)] -= 1;
                            let q = best_slot(options, &self.surplus);
                            self.take(&options[q], 1.0);
                            self.breaks[(s, b, q)] += 1;
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
    pub(super) fn relieve(
        &mut self,
        m: &PoolModel,
        slots_at: &[Vec<[usize; 4]>],
        intervals: impl Iterator<Item = usize>,
    ) -> Vec<[usize; 4]> {
        let mut moves = Vec::new();
        for t in intervals {
            if short(self.surplus[t]) == 0.0 {
                continue;
            }
            for &[s, b, p, id] in &slots_at[t] {
                if self.breaks.at(id) == 0 || short(self.surplus[t]) == 0.0 {
                    continue;
                }
                let options = &m.shifts[s].breaks[b];
                self.take(&options[p], -1.0);
                let q = best_slot(options, &self.surplus);
                self.take(&options[q], 1.0);
                if q != p {
                    self.breaks[(s, b, p)] -= 1;
                    self.breaks[(s, b, q)] += 1;
                    moves.push([s, b, p, q]);
                }
            }
        }
        moves
    }

    /// Move breaks along chains out of the intervals still short: a break
    /// leaves a short interval for a slot with no room, whose own break
    /// then moves on, and so on, up to [`CHAIN_DEPTH`] moves, kept only
    /// when the shortfall falls: what [`State::relieve`]'s single moves
    /// cannot reach when every slot next to a short interval is full (an
    /// augmenting path, as in matching). At most [`CHAIN_TRIES`] moves are
    /// tried per call, in a fixed order.
    pub(super) fn relieve_chains(&mut self, m: &PoolModel, slots_at: &[Vec<[usize; 4]>]) {
        let mut chain = Chain {
            goal: 0.0,
            moves: Vec::new(),
            budget: CHAIN_TRIES,
        };
        for t in 0..self.surplus.len() {
            if short(self.surplus[t]) > 0.0 {
                chain.goal = self.shortfall;
                self.chain(m, slots_at, t, CHAIN_DEPTH, &mut chain);
            }
        }
    }

    /// One link of [`State::relieve_chains`]: move a break out of interval
    /// `t`; kept when the shortfall ends below the chain's goal, or when a
    /// further link, from an interval the move made short, gets it there.
    fn chain(
        &mut self,
        m: &PoolModel,
        slots_at: &[Vec<[usize; 4]>],
        t: usize,
        depth: usize,
        chain: &mut Chain,
    ) -> bool {
        for &[s, b, p, id] in &slots_at[t] {
            if self.breaks.at(id) == 0 {
                continue;
            }
            let options = &m.shifts[s].breaks[b];
            for q in (0..options.len()).filter(|&q| q != p) {
                if chain.budget == 0 {
                    return false;
                }
                chain.budget -= 1;
                let short_t = short(self.surplus[t]);
                let mark = chain.moves.len();
                self.take(&options[p], -1.0);
                self.take(&options[q], 1.0);
                self.breaks[(s, b, p)] -= 1;
                self.breaks[(s, b, q)] += 1;
                chain.moves.push([s, b, p, q]);
                if self.shortfall < chain.goal - EPS {
                    return true;
                }
                if depth > 1 && short(self.surplus[t]) < short_t - EPS {
                    let next: Vec<usize> = options[q]
                        .cover
                        .iter()
                        .map(|&(u, _)| u)
                        .filter(|&u| short(self.surplus[u]) > 0.0)
                        .collect();
                    for u in next {
                        if self.chain(m, slots_at, u, depth - 1, chain) {
                            return true;
                        }
                    }
                }
                let undone = chain.moves.split_off(mark);
                self.unrelieve(m, undone);
            }
        }
        false
    }

    /// Reverse the moves of [`State::relieve`].
    pub(super) fn unrelieve(&mut self, m: &PoolModel, moves: Vec<[usize; 4]>) {
        for [s, b, p, q] in moves.into_iter().rev() {
            let options = &m.shifts[s].breaks[b];
            self.take(&options[q], -1.0);
            self.take(&options[p], 1.0);
            self.breaks[(s, b, q)] -= 1;
            self.breaks[(s, b, p)] += 1;
        }
    }

    /// `state`'s tours and breaks with every figure recomputed from them
    /// in one pass (no drift from many small updates).
    pub(super) fn exact(m: &PoolModel, state: State) -> State {
        let x = shift_agents(m, &state.tours);
        let mut exact = State::empty(m);
        for (s, shift) in m.shifts.iter().enumerate() {
            for _ in 0..x[s] {
                exact.work(m, s, 1.0);
            }
            for (b, options) in shift.breaks.iter().enumerate() {
                for (p, &k) in state.breaks.of(m, s, b).iter().enumerate() {
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
    pub(super) fn settle(&mut self) {
        self.shortfall = self.surplus.iter().map(|&x| short(x)).sum();
    }
}

/// Of the slots holding at least one break, the one whose intervals have
/// the lowest surplus (ties to the latest slot).
pub(super) fn thinnest_taken(
    options: &[BreakSlot],
    taken: &[u32],
    surplus: &[f64],
) -> Option<usize> {
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
pub(super) fn best_slot(slots: &[BreakSlot], surplus: &[f64]) -> usize {
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
pub(super) fn shift_agents(m: &PoolModel, tours: &[u32]) -> Vec<u32> {
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
