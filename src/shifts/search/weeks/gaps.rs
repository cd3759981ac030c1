//! Work for every agent in every week. An agent is employed, and paid, for
//! the whole horizon, so a week the hand-over leaves them without a tour
//! (stranded after the week before, or hired in a later week) is a week
//! paid for nothing. Each such week gets a tour they can work: after their
//! last week, one that follows on from it (and in the last week of a
//! repeating horizon, leads back to their first); before their first week,
//! one that leads into it (and in week 0, follows on from their last week
//! over the wrap). Among those, the one where the floor carries the most
//! load for its cost ([`super::best`]). A week stays empty only where no
//! such tour may take one more agent (the start cap, a template's limits,
//! the staff).

use super::super::limits::Limits;
use super::super::state::State;
use super::{best, follows_on};
use crate::shifts::{Handover, PoolModel};

/// Give every line of `lines` a tour in each week it has none (in `state`
/// too).
pub(super) fn fill(
    m: &PoolModel,
    state: &mut State,
    limits: &Limits,
    (contract, rules): (&[usize], &Handover),
    lines: &mut [Vec<Option<usize>>],
) {
    // Over the wrap of a repeating horizon, last week's tour `l` leads
    // back to week 0's `f`.
    let wraps = |l: Option<usize>, f: Option<usize>| match (rules.wrap_s, l, f) {
        (Some(wrap_s), Some(l), Some(f)) => follows_on(m, rules, l, f, wrap_s),
        _ => true,
    };
    for line in lines.iter_mut() {
        let weeks = line.len();
        let Some(first) = line.iter().position(Option::is_some) else {
            continue;
        };
        let last = weeks - 1 - line.iter().rev().position(Option::is_some).unwrap_or(0);
        // After the last week forward, then before the first backward.
        let order = (last + 1..weeks)
            .map(|w| (w, true))
            .chain((0..first).rev().map(|w| (w, false)));
        for (w, forward) in order {
            let Some(near) = line[if forward { w - 1 } else { w + 1 }] else {
                continue;
            };
            let ok = |j: usize| {
                if forward {
                    follows_on(m, rules, near, j, 0) && (w + 1 < weeks || wraps(Some(j), line[0]))
                } else {
                    follows_on(m, rules, j, near, 0) && (w > 0 || wraps(line[weeks - 1], Some(j)))
                }
            };
            line[w] = pick(m, state, limits, contract, (w, near), ok);
        }
    }
}

/// The best tour of week `w` of the same contract as tour `like` that `ok`
/// allows and the limits let take one more agent, added to `state`.
fn pick(
    m: &PoolModel,
    state: &mut State,
    limits: &Limits,
    contract: &[usize],
    (w, like): (usize, usize),
    ok: impl Fn(usize) -> bool,
) -> Option<usize> {
    let counts = limits.counts(m, &state.tours);
    let c = contract[m.tour_template(like)];
    let j = best(
        state,
        m,
        (0..m.tours.len()).filter(|&j| {
            m.tour_week(j) == w
                && contract[m.tour_template(j)] == c
                && limits.allows(m, &counts, j)
                && ok(j)
        }),
    )?;
    state.add(m, j);
    Some(j)
}
