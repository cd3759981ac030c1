//! Days off moved inside a week to open the boundaries between weeks. The
//! rotation ([`super::rotate`]) can only share nights out along the
//! hand-overs the rules allow: an agent whose night tour works the week's
//! last day ends it in the morning of the next week's first day, so under
//! `min_rest` they can only go on to another night (or late) tour, or to a
//! tour with that first day off. When a week has fewer such tours than
//! night agents coming into it, the rest stay on nights, and the rotation
//! leaves some agents with several weeks of nights and others with none.
//!
//! Here one agent at a time is moved to a tour of the same template and
//! starts on other days of the same week (its days off moved), when the
//! floor stays as covered as before (no interval shorter), the cost does
//! not rise, the limits allow it, the agent's line still follows on under
//! the rules, and more night agents can then hand over to a tour without
//! nights ([`Boundaries::stuck`], summed over the two boundaries the week
//! touches). The moves are kept only when the rotation then shares the
//! nights out better than without them ([`fairest`]). The plan's cost,
//! head count, paid hours and each week's agents per start stay as they
//! were; only which days some agents are off changes.

use std::collections::BTreeMap;

use super::super::limits::Limits;
use super::super::state::State;
use super::flow::Flow;
use super::follows_on;
use super::rotate::{rotate, squares, works};
use crate::shifts::{Handover, PoolModel};

/// Passes over every agent and week at most; a pass that moves nothing
/// ends the search earlier.
const PASSES: usize = 4;

/// Whether tour `j` works a night shift.
fn nights(m: &PoolModel, j: usize) -> bool {
    m.tours[j].shifts.iter().any(|&s| m.shifts[s].night)
}

/// Per tour, the other tours of the same template and week with the same
/// starts on other days (the same tour with its days off moved).
fn siblings(m: &PoolModel) -> Vec<Vec<usize>> {
    let key = |j: usize| {
        let starts: Vec<u32> = m.tours[j]
            .shifts
            .iter()
            .map(|&s| m.shifts[s].start_min)
            .collect();
        (m.tour_template(j), m.tour_week(j), starts)
    };
    let mut by_key: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for j in 0..m.tours.len() {
        by_key.entry(key(j)).or_default().push(j);
    }
    (0..m.tours.len())
        .map(|j| {
            let like = |k: usize| k != j && nights(m, k) == nights(m, j);
            by_key[&key(j)]
                .iter()
                .copied()
                .filter(|&k| like(k))
                .collect()
        })
        .collect()
}

/// The weeks' hand-overs as the search here sees them.
struct Boundaries {
    weeks: usize,
    /// Whether the horizon repeats (its last week hands over to week 0).
    repeats: bool,
    /// The tours of each week.
    by_week: Vec<Vec<usize>>,
    /// Per tour, the tours of the week after (week 0 after the last, over
    /// the wrap of a repeating horizon) an agent on it may go on to
    /// without working nights in both: the same contract, following on
    /// under the rules.
    next: Vec<Vec<usize>>,
}

impl Boundaries {
    /// The hand-overs of `m`'s tours over `weeks` weeks.
    fn of(m: &PoolModel, rules: &Handover, contract: &[usize], weeks: usize) -> Boundaries {
        let mut by_week = vec![Vec::new(); weeks];
        for j in 0..m.tours.len() {
            by_week[m.tour_week(j)].push(j);
        }
        let of = |j: usize| contract[m.tour_template(j)];
        let next = (0..m.tours.len())
            .map(|a| {
                let w = m.tour_week(a);
                let later_s = match (w + 1 == weeks, rules.wrap_s) {
                    (false, _) => 0,
                    (true, Some(wrap_s)) => wrap_s,
                    (true, None) => return Vec::new(),
                };
                by_week[(w + 1) % weeks]
                    .iter()
                    .copied()
                    .filter(|&b| of(a) == of(b) && !(nights(m, a) && nights(m, b)))
                    .filter(|&b| follows_on(m, rules, a, b, later_s))
                    .collect()
            })
            .collect();
        Boundaries {
            weeks,
            repeats: rules.wrap_s.is_some(),
            by_week,
            next,
        }
    }

    /// Agents of week `w` left without a tour of the week after when
    /// those on night tours may only go to tours without nights: what a
    /// maximum matching ([`Flow`]) along [`Boundaries::next`] leaves over
    /// (none after the last week of a horizon that does not repeat). At
    /// least this many night agents stay on nights however the lines are
    /// joined there: a joining less its night-to-night pairs is such a
    /// matching.
    fn stuck(&self, tours: &[u32], w: usize) -> u32 {
        let next = (w + 1) % self.weeks;
        let used = |v: usize| -> Vec<usize> {
            self.by_week[v]
                .iter()
                .copied()
                .filter(|&j| tours[j] > 0)
                .collect()
        };
        let (from, to) = (used(w), used(next));
        if from.iter().all(|&a| self.next[a].is_empty()) {
            return 0;
        }
        let at: BTreeMap<usize, usize> = to.iter().enumerate().map(|(k, &b)| (b, k)).collect();
        let mut net = Flow {
            edges: from
                .iter()
                .map(|&a| {
                    self.next[a]
                        .iter()
                        .filter_map(|b| at.get(b).copied())
                        .collect()
                })
                .collect(),
            left: from.iter().map(|&j| tours[j]).collect(),
            room: to.iter().map(|&j| tours[j]).collect(),
            flow: vec![BTreeMap::new(); to.len()],
        };
        net.greedy(&(0..from.len()).collect::<Vec<_>>());
        while net.augment() {}
        net.left.iter().sum()
    }

    /// [`Boundaries::stuck`] summed over the two boundaries week `w`
    /// touches (into it and out of it), and whether no move of days off
    /// in the week can lower it: each boundary already leaves over only
    /// the night agents beyond the places without nights after it (a move
    /// changes neither count; [`siblings`]).
    fn around(&self, m: &PoolModel, tours: &[u32], w: usize) -> (u32, bool) {
        let before = (w + self.weeks - 1) % self.weeks;
        let least = |v: usize| {
            let count = |u: usize, night: bool| -> u32 {
                let of = self.by_week[u].iter().filter(|&&j| nights(m, j) == night);
                of.map(|&j| tours[j]).sum()
            };
            let after = count((v + 1) % self.weeks, false);
            match v + 1 == self.weeks && !self.repeats {
                true => 0,
                false => count(v, true).saturating_sub(after),
            }
        };
        let (into, out) = (self.stuck(tours, before), self.stuck(tours, w));
        (into + out, into <= least(before) && out <= least(w))
    }
}

/// The plan's lines rotated ([`rotate`]) as they are, and again after
/// [`open_boundaries`] on a copy: the fairer of the two with its state.
/// Fairer: fewer squared nights per agent ([`squares`]), then on a tie
/// fewer squared nights, weekend days and lates together (what the
/// rotation itself lowers: a move there may trade nights for weekends);
/// on a full tie, and when nothing moved, the plan as it was.
pub(super) fn fairest(
    m: &PoolModel,
    state: State,
    limits: &Limits,
    (contract, rules): (&[usize], &Handover),
    lines: Vec<Vec<Option<usize>>>,
) -> (State, Vec<Vec<Option<usize>>>) {
    let mut opened = (state.clone(), lines.clone());
    let kept = rotate(m, rules, contract, lines);
    if !open_boundaries(m, &mut opened.0, limits, (contract, rules), &mut opened.1) {
        return (state, kept);
    }
    let moved = rotate(m, rules, contract, opened.1);
    let fairness = |lines: &[Vec<Option<usize>>]| {
        let s = squares(m, lines);
        (s[0], s.iter().sum::<i64>())
    };
    match fairness(&moved) < fairness(&kept) {
        true => (opened.0, moved),
        false => (state, kept),
    }
}

/// Move agents' days off inside their week (in `state` and `lines`) while
/// that leaves fewer night agents stuck on nights ([`Boundaries::stuck`]),
/// the floor no shorter and the cost no higher ([`siblings`]). Whether
/// anything moved.
fn open_boundaries(
    m: &PoolModel,
    state: &mut State,
    limits: &Limits,
    (contract, rules): (&[usize], &Handover),
    lines: &mut [Vec<Option<usize>>],
) -> bool {
    let weeks = lines.first().map_or(0, Vec::len);
    if weeks < 2 {
        return false;
    }
    let siblings = siblings(m);
    let bounds = Boundaries::of(m, rules, contract, weeks);
    let mut tours = state.tours.clone();
    let mut moved = false;
    for _ in 0..PASSES {
        let mut any = false;
        for w in 0..weeks {
            let (mut now, stays) = bounds.around(m, &tours, w);
            if stays {
                continue;
            }
            for line in lines.iter_mut() {
                let Some(j) = line[w] else { continue };
                for &k in siblings[j].iter().take_while(|_| now > 0) {
                    line[w] = Some(k);
                    (tours[j], tours[k]) = (tours[j] - 1, tours[k] + 1);
                    let after = bounds.around(m, &tours, w).0;
                    if after < now
                        && works(m, rules, contract, line)
                        && try_move(m, state, limits, (j, k))
                    {
                        (now, any) = (after, true);
                        break;
                    }
                    (tours[j], tours[k]) = (tours[j] + 1, tours[k] - 1);
                    line[w] = Some(j);
                }
            }
        }
        moved |= any;
        if !any {
            break;
        }
    }
    moved
}

/// Move one agent from tour `j` to tour `k` when the limits allow it, no
/// interval is left shorter and the cost does not rise; false (and
/// `state` unchanged) otherwise.
fn try_move(m: &PoolModel, state: &mut State, limits: &Limits, (j, k): (usize, usize)) -> bool {
    let (short, cost) = (state.shortfall, state.cost);
    let off = state.remove(m, j);
    let counts = limits.counts(m, &state.tours);
    if limits.allows(m, &counts, k) {
        let on = state.add(m, k);
        if state.shortfall <= short + 1e-9 && state.cost <= cost + 1e-9 {
            return true;
        }
        state.undo(m, on);
    }
    state.undo(m, off);
    false
}
