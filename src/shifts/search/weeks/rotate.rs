//! Rotating the duty between agents over the weeks. The week-by-week
//! hand-over keeps each agent on their own days off where it can and does
//! not look at the duty, so the agents who start on a tour with weekends,
//! nights or lates would keep them every week. Here every line is cut at a
//! boundary between weeks and the parts re-joined where that evens the
//! duty most ([`recut`]: any cycle of agents at once), then two agents swap
//! their tours of a run of weeks wherever both new lines keep the rules
//! between weeks and over the wrap, and the swap brings the two agents'
//! night shifts, weekend days and late shifts closer together. The tours of
//! each week, and so the plan, its cost and its head count, do not change:
//! only who works which of them.

use crate::shifts::{Handover, PoolModel, Shift};

use super::assign::assign;
use super::follows_on;

/// Night shifts, weekend days and late shifts: the duty the rotation
/// evens out. (The week-by-week hand-over before it weighs none of them:
/// this step moves no tour, so the plan is the same whatever counts as a
/// night.)
type Duty = [u32; 3];

/// Night shifts, weekend days and late shifts of tour `j`.
fn duty(m: &PoolModel, j: usize) -> Duty {
    let count = |of: fn(&Shift) -> bool| {
        let shifts = m.tours[j].shifts.iter().map(|&s| &m.shifts[s]);
        shifts.filter(|s| of(s)).count() as u32
    };
    [count(|s| s.night), count(|s| s.weekend), count(|s| s.late)]
}

/// Passes over every pair of lines and run of weeks at most; a pass that
/// swaps nothing ends the rotation earlier.
const PASSES: usize = 8;

/// `lines` (per agent, their tour in each week) with runs of weeks
/// swapped between pairs of agents while that lowers the sum over agents
/// of the squared nights, weekend days and late shifts: with the totals
/// fixed, the same as their spread around every agent's share (a swap
/// moves duty from the one with more to the one with less). `contract` is
/// each template's contract: an agent never changes it.
pub(super) fn rotate(
    m: &PoolModel,
    rules: &Handover,
    contract: &[usize],
    mut lines: Vec<Vec<Option<usize>>>,
) -> Vec<Vec<Option<usize>>> {
    let weeks = lines.first().map_or(0, Vec::len);
    // Every run of weeks but the whole horizon (a swap of names).
    let runs: Vec<(usize, usize)> = (0..weeks)
        .flat_map(|from| (from + 1..=weeks).map(move |to| (from, to)))
        .filter(|&run| run != (0, weeks))
        .collect();
    let mut duties: Vec<Vec<Duty>> = lines.iter().map(|l| line_duty(m, l)).collect();
    let works = |line: &[Option<usize>]| works(m, rules, contract, line);
    for _ in 0..PASSES {
        let mut swapped = false;
        for cut in 1..weeks {
            for block in (0..lines.len()).step_by(BLOCK) {
                let to = lines.len().min(block + BLOCK);
                swapped |= recut(&mut lines[block..to], &mut duties[block..to], cut, &works);
            }
            for (line, duty) in lines.iter().zip(duties.iter_mut()) {
                *duty = line_duty(m, line);
            }
        }
        for &(from, to) in &runs {
            for a in 0..lines.len() {
                for b in a + 1..lines.len() {
                    if gain(&duties[a], &duties[b], from, to) <= 0 {
                        continue;
                    }
                    let (head, tail) = lines.split_at_mut(b);
                    let (x, y) = (&mut head[a], &mut tail[0]);
                    x[from..to].swap_with_slice(&mut y[from..to]);
                    if works(x) && works(y) {
                        duties[a] = line_duty(m, x);
                        duties[b] = line_duty(m, y);
                        swapped = true;
                    } else {
                        x[from..to].swap_with_slice(&mut y[from..to]);
                    }
                }
            }
        }
        if !swapped {
            break;
        }
    }
    lines
}

/// Most lines re-paired at once ([`recut`]: its cost grows as the cube).
const BLOCK: usize = 200;

/// Cut every line of `lines` before week `cut` and join each part before
/// to the part after that lowers the sum over agents of the squared
/// nights, weekend days and late shifts the most (a least-cost assignment
/// of the parts before to the parts after, among the joins that `works`;
/// each line's own join, always possible, wins ties). Whether any line
/// changed.
fn recut(
    lines: &mut [Vec<Option<usize>>],
    duties: &mut [Vec<Duty>],
    cut: usize,
    works: &impl Fn(&[Option<usize>]) -> bool,
) -> bool {
    let n = lines.len();
    let total = |i: usize, j: usize| -> i64 {
        let week = |w: usize| if w < cut { duties[i][w] } else { duties[j][w] };
        (0..3)
            .map(|k| i64::from((0..duties[i].len()).map(|w| week(w)[k]).sum::<u32>()).pow(2))
            .sum()
    };
    let join = |i: usize, j: usize| -> Vec<Option<usize>> {
        lines[i][..cut]
            .iter()
            .chain(&lines[j][cut..])
            .copied()
            .collect()
    };
    // Squared duty first, then each line kept whole (n + 1 outweighs
    // every line's own join given up).
    let never = i64::MAX / 16;
    let cost: Vec<Vec<i64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| match works(&join(i, j)) {
                    true => (n as i64 + 1) * total(i, j) + i64::from(i != j),
                    false => never,
                })
                .collect()
        })
        .collect();
    let to = assign(&cost);
    if to.iter().enumerate().all(|(i, &j)| i == j) {
        return false;
    }
    let joined: Vec<Vec<Option<usize>>> = (0..n).map(|i| join(i, to[i])).collect();
    let moved: Vec<Vec<Duty>> = (0..n)
        .map(|i| {
            duties[i][..cut]
                .iter()
                .chain(&duties[to[i]][cut..])
                .copied()
                .collect()
        })
        .collect();
    lines.clone_from_slice(&joined);
    duties.clone_from_slice(&moved);
    true
}

/// Σ over `lines` of each agent's nights², weekend days² and late
/// shifts² over the horizon, each apart: what the rotation lowers (their
/// sum).
pub(super) fn squares(m: &PoolModel, lines: &[Vec<Option<usize>>]) -> [i64; 3] {
    let mut sums = [0i64; 3];
    for line in lines {
        let weeks = line_duty(m, line);
        for (k, sum) in sums.iter_mut().enumerate() {
            *sum += i64::from(weeks.iter().map(|d| d[k]).sum::<u32>()).pow(2);
        }
    }
    sums
}

/// The duty of each week of `line` (none in a week off).
fn line_duty(m: &PoolModel, line: &[Option<usize>]) -> Vec<Duty> {
    line.iter()
        .map(|t| t.map_or([0; 3], |j| duty(m, j)))
        .collect()
}

/// How much swapping weeks `from..to` between two lines lowers the sum
/// of their squared totals of each duty (positive: more even).
fn gain(a: &[Duty], b: &[Duty], from: usize, to: usize) -> i64 {
    let sum = |d: &[Duty], k: usize| d.iter().map(|x| i64::from(x[k])).sum::<i64>();
    (0..3)
        .map(|k| {
            let (in_a, in_b) = (sum(&a[from..to], k), sum(&b[from..to], k));
            let (out_a, out_b) = (sum(a, k) - in_a, sum(b, k) - in_b);
            let before = (out_a + in_a).pow(2) + (out_b + in_b).pow(2);
            let after = (out_a + in_b).pow(2) + (out_b + in_a).pow(2);
            before - after
        })
        .sum()
}

/// Whether one agent can work `line`: its weeks worked are one run, each
/// tour of the same contract as the one before and following on from it
/// under the rules, and when the horizon repeats and the line works both
/// the last week and week 0, its last tour leads back to its first.
pub(super) fn works(
    m: &PoolModel,
    rules: &Handover,
    contract: &[usize],
    line: &[Option<usize>],
) -> bool {
    let worked: Vec<(usize, usize)> = line
        .iter()
        .enumerate()
        .filter_map(|(w, t)| t.map(|j| (w, j)))
        .collect();
    let one_run = worked.windows(2).all(|p| p[1].0 == p[0].0 + 1);
    let of = |j: usize| contract[m.tour_template(j)];
    let follows = worked
        .windows(2)
        .all(|p| of(p[0].1) == of(p[1].1) && follows_on(m, rules, p[0].1, p[1].1, 0));
    let wraps = match (rules.wrap_s, line.first(), line.last()) {
        (Some(wrap_s), Some(&Some(first)), Some(&Some(last))) => {
            follows_on(m, rules, last, first, wrap_s)
        }
        _ => true,
    };
    one_run && follows && wraps
}
