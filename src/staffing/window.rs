//! Requirements against a service level measured over a window (the
//! client's day, week, month or the horizon) rather than in every interval.
//!
//! Each interval starts at the least staffing that meets its own limits:
//! the floor (`service_level.floor`, at its own threshold), the occupancy
//! cap, the ASA target and `min_agents_when_open`. Then agents are added,
//! one step at a time, where the contacts answered within T rise most per
//! scheduled (gross) agent, until every window answers
//! `target × offered` contacts in time:
//!
//! ```text
//! Σᵢ∈w λᵢ·SLᵢ(nᵢ) ≥ target · Σᵢ∈w λᵢ      for every window w
//! ```
//!
//! This is marginal analysis (Fox 1966; Koole & van der Sluis 2003 for the
//! global service-level constraint): exact — the fewest agents on the
//! floor — wherever the served volume λ·SL(n) is concave in n, which holds
//! for Erlang C above the load and for Erlang A above it too (docs/maths.md
//! checks both); with shrinkage a step costs the gross agents it adds, so
//! the rounding of gross figures can leave it a few agents above the
//! least gross total. An Erlang A interval starts at the load, below
//! which its curve is convex; a step looks up to [`LOOKAHEAD`] agents
//! ahead and takes the best average gain, the slope of the curve's concave
//! envelope, so a stretch that is not concave does not stall the search
//! (without proving the least staffing there). A merged pool has one staffing per interval and a
//! window per member queue; a step's gain is then the sum over the windows
//! still short of their target, each as a share of what it still lacks.

use crate::demand::{Demand, QueueDemand};
use crate::erlang::{self, ErlangError, Load, Target};
use crate::error::InputError;
use crate::scenario::{Queue, Scenario};
use crate::timegrid::TimeGrid;
use crate::units::Over;

use super::limits::erlang_set_by;
use super::{gross, Cell, Limit, SetBy};

/// Agents a step may add to one interval at once (the concave envelope's reach).
pub const LOOKAHEAD: u32 = 8;

/// Relative slack when a window's answered-in-time contacts are compared
/// with its need (floating-point noise, not a planning margin).
pub const WINDOW_TOLERANCE: f64 = 1e-9;

/// One window of one queue: its intervals and the contacts it must answer
/// within T.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Goal {
    /// Which queue's served curve counts (an index into the caller's list).
    pub member: usize,
    /// The grid intervals in the window.
    pub intervals: Vec<usize>,
    /// target × contacts offered over the window.
    pub need: f64,
}

/// The windows of a queue measured over `queue.sl_over` (none for a
/// per-interval target): its offered contacts `volume` times the target.
pub(super) fn goals(queue: &Queue, grid: &TimeGrid, volume: &[f64], member: usize) -> Vec<Goal> {
    let Some(target) = queue
        .service_level
        .filter(|_| queue.sl_over != Over::Interval)
    else {
        return Vec::new();
    };
    queue
        .sl_over
        .windows((0..grid.len).map(|i| grid.at(i)), queue.timezone)
        .into_iter()
        .map(|w| Goal {
            member,
            need: target.fraction * w.intervals.iter().map(|&i| volume[i]).sum::<f64>(),
            intervals: w.intervals,
        })
        .collect()
}

/// The per-interval limits of a queue planned to a window: the floor (or
/// no service level at all) with the queue's ASA and occupancy cap.
pub fn floor_target(queue: &Queue) -> Target {
    let base = super::target(queue);
    match queue.sl_floor {
        Some(floor) => Target {
            sl: floor.fraction,
            sl_seconds: floor.seconds,
            ..base
        },
        // The smallest positive target: met by any staffing the occupancy
        // cap and stability (N > A for Erlang C) allow.
        None => Target {
            sl: f64::MIN_POSITIVE,
            ..base
        },
    }
}

/// Where an Erlang A interval starts: at the load (⌊A ÷ concurrency⌋
/// agents). Below it the served volume is convex in the agents (measured,
/// docs/maths.md), where marginal analysis is not exact, and a plan to 80 %
/// never staffs a busy interval that thinly. Erlang C starts above the
/// load anyway (N > A).
fn abandon_start(load: &Load) -> u32 {
    if load.patience_s.is_none() {
        return 0;
    }
    erlang::floor_exact(load.erlangs() / f64::from(load.concurrency.max(1))).max(0.0) as u32
}

/// Contacts of a queue with `volume` in an interval of `load` answered
/// within the target's T at `agents` agents (abandons count as failures).
pub(super) fn served(
    load: &Load,
    target: &Target,
    volume: f64,
    agents: u32,
) -> Result<f64, ErlangError> {
    if volume <= 0.0 {
        return Ok(0.0);
    }
    Ok(volume * erlang::figures_at(load, target, agents)?.sl)
}

/// Served-within-T values per (member, interval), computed once each, from
/// each interval's starting staffing upward.
struct Curves<'a, F> {
    served: F,
    start: &'a [u32],
    values: Vec<Vec<Vec<f64>>>,
}

impl<F: Fn(usize, usize, u32) -> Result<f64, ErlangError>> Curves<'_, F> {
    fn at(&mut self, member: usize, i: usize, n: u32) -> Result<f64, ErlangError> {
        let from = self.start[i];
        let k = (n - from) as usize;
        while self.values[member][i].len() <= k {
            let next = from + self.values[member][i].len() as u32;
            let v = (self.served)(member, i, next)?;
            self.values[member][i].push(v);
        }
        Ok(self.values[member][i][k])
    }
}

/// Raise `net` (agents per interval, each at least its own limits) until
/// every goal is met, by marginal analysis: each step adds 1 to
/// [`LOOKAHEAD`] agents to the one interval whose gain in contacts
/// answered in time, per gross agent at `shrinkage`, is largest (the
/// earliest interval and the smallest step on ties). `served(member, i, n)`
/// is the member's contacts answered within T in interval `i` at `n`.
/// Cost: O(steps × intervals × LOOKAHEAD) comparisons and one Erlang
/// evaluation per staffing level visited.
pub(super) fn raise(
    net: &mut [u32],
    goals: &[Goal],
    members: usize,
    shrinkage: f64,
    served: impl Fn(usize, usize, u32) -> Result<f64, ErlangError>,
) -> Result<(), ErlangError> {
    let start = net.to_vec();
    let mut curves = Curves {
        served,
        start: &start,
        values: vec![vec![Vec::new(); net.len()]; members],
    };
    let mut goals_at: Vec<Vec<usize>> = vec![Vec::new(); net.len()];
    let mut have = vec![0.0; goals.len()];
    for (g, goal) in goals.iter().enumerate() {
        for &i in &goal.intervals {
            goals_at[i].push(g);
            have[g] += curves.at(goal.member, i, net[i])?;
        }
    }
    loop {
        let lack: Vec<f64> = goals
            .iter()
            .zip(&have)
            .map(|(goal, h)| {
                let short = goal.need - h;
                if short > WINDOW_TOLERANCE * goal.need.max(1.0) {
                    short
                } else {
                    0.0
                }
            })
            .collect();
        if lack.iter().all(|l| *l == 0.0) {
            return Ok(());
        }
        let Some((i, k)) = best_step(net, goals, &goals_at, &lack, shrinkage, &mut curves)? else {
            return Err(ErlangError::Unreachable {
                field: "sl_target",
                cap: net.iter().copied().max().unwrap_or(0),
            });
        };
        for &g in &goals_at[i] {
            let m = goals[g].member;
            have[g] += curves.at(m, i, net[i] + k)? - curves.at(m, i, net[i])?;
        }
        net[i] += k;
    }
}

/// The interval and step with the largest gain per gross agent, or `None`
/// when no step gains anything (every curve has reached its ceiling).
fn best_step<F: Fn(usize, usize, u32) -> Result<f64, ErlangError>>(
    net: &[u32],
    goals: &[Goal],
    goals_at: &[Vec<usize>],
    lack: &[f64],
    shrinkage: f64,
    curves: &mut Curves<'_, F>,
) -> Result<Option<(usize, u32)>, ErlangError> {
    let mut best: Option<(f64, usize, u32)> = None;
    for i in 0..net.len() {
        if !goals_at[i].iter().any(|&g| lack[g] > 0.0) || net[i] >= crate::scenario::MAX_AGENTS {
            continue;
        }
        let paid = gross(net[i], shrinkage).1;
        for k in 1..=LOOKAHEAD {
            let mut gain = 0.0;
            for &g in goals_at[i].iter().filter(|&&g| lack[g] > 0.0) {
                let m = goals[g].member;
                let step = curves.at(m, i, net[i] + k)? - curves.at(m, i, net[i])?;
                gain += step.min(lack[g]) / lack[g];
            }
            let cost = f64::from(gross(net[i] + k, shrinkage).1 - paid).max(1.0);
            let score = gain / cost;
            if score > 1e-12 && best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, i, k));
            }
        }
    }
    Ok(best.map(|(_, i, k)| (i, k)))
}

/// The cells of a voice or chat queue planned to a window: each interval
/// at its own limits ([`floor_target`], `open_floor`), raised by [`raise`]
/// until every window meets the target; the figures are at the target's T.
pub(super) fn window_cells(
    scenario: &Scenario,
    q: usize,
    grid: &TimeGrid,
    d: &QueueDemand,
    open_floor: impl Fn(usize) -> u32,
) -> Result<Vec<Cell>, InputError> {
    let queue = &scenario.queues[q];
    let shrinkage = super::shrinkage_of(scenario, queue);
    let fail = |i: usize, e| super::failure(scenario, q, grid, i, e);
    let (base_target, target) = (floor_target(queue), super::target(queue));
    let loads: Vec<Load> = (0..grid.len)
        .map(|i| super::queue_load(queue, d, grid.interval_s as f64, i))
        .collect();
    let mut net = Vec::with_capacity(grid.len);
    for (i, load) in loads.iter().enumerate() {
        let own = erlang::required(load, &base_target).map_err(|e| fail(i, e))?;
        net.push(own.agents.max(open_floor(i)).max(abandon_start(load)));
    }
    let base = net.clone();
    let goals = goals(queue, grid, &d.agent_volume, 0);
    raise(&mut net, &goals, 1, shrinkage, |_, i, n| {
        served(&loads[i], &target, d.agent_volume[i], n)
    })
    .map_err(|e| fail(0, e))?;
    (0..grid.len)
        .map(|i| {
            let fig = erlang::figures_at(&loads[i], &target, net[i]).map_err(|e| fail(i, e))?;
            let set_by = if net[i] > base[i] {
                SetBy::default().with(Limit::ServiceLevel)
            } else {
                erlang_set_by(&loads[i], &base_target, net[i], open_floor(i))
            };
            Ok(Cell {
                erlangs: fig.erlangs,
                net: net[i],
                net_raw: f64::from(net[i]),
                gross_raw: gross(net[i], shrinkage).0,
                gross: gross(net[i], shrinkage).1,
                sl: Some(fig.sl),
                asa_s: Some(fig.asa_s),
                occupancy: fig.occupancy,
                p_abandon: fig.p_abandon,
                set_by,
            })
        })
        .collect()
}

/// Net agents per interval of a merged pool's voice or chat `members` when
/// one of them is planned to a window: each interval at every member's own
/// limits at the merged load, then raised until every member's windows
/// meet their targets (each member's window counts separately).
pub(super) fn merged_window_net(
    scenario: &Scenario,
    members: &[usize],
    grid: &TimeGrid,
    demand: &Demand,
) -> Result<Vec<u32>, InputError> {
    let shrinkage = super::shrinkage_of(scenario, &scenario.queues[members[0]]);
    let loads: Vec<Option<Load>> = (0..grid.len)
        .map(|i| super::merged_load(scenario, members, grid, demand, i))
        .collect();
    let mut net = Vec::with_capacity(grid.len);
    for (i, load) in loads.iter().enumerate() {
        let mut n = members
            .iter()
            .filter(|&&q| demand.queues[q].open[i])
            .map(|&q| scenario.queues[q].min_agents_when_open)
            .max()
            .unwrap_or(0);
        for &q in members {
            if let (Some(load), true) = (load, demand.queues[q].agent_volume[i] > 0.0) {
                let own = erlang::required(load, &floor_target(&scenario.queues[q]))
                    .map_err(|e| super::failure(scenario, q, grid, i, e))?;
                n = n.max(own.agents).max(abandon_start(load));
            }
        }
        net.push(n);
    }
    let goals: Vec<Goal> = members
        .iter()
        .enumerate()
        .flat_map(|(m, &q)| goals(&scenario.queues[q], grid, &demand.queues[q].agent_volume, m))
        .collect();
    raise(&mut net, &goals, members.len(), shrinkage, |m, i, n| {
        let q = members[m];
        match &loads[i] {
            Some(load) => served(
                load,
                &super::target(&scenario.queues[q]),
                demand.queues[q].agent_volume[i],
                n,
            ),
            None => Ok(0.0),
        }
    })
    .map_err(|e| super::failure(scenario, members[0], grid, 0, e))?;
    Ok(net)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Erlang C service level by the textbook formulas, written out apart
    /// from the crate's: B by its recursion, C = N·B / (N − A(1 − B)),
    /// SL = 1 − C·e^{−(N−A)T/AHT}, 0 at or below the load.
    fn textbook_sl(n: u32, a: f64, aht: f64, t: f64) -> f64 {
        if f64::from(n) <= a {
            return 0.0;
        }
        let mut b = 1.0;
        for k in 1..=n {
            b = a * b / (f64::from(k) + a * b);
        }
        let nf = f64::from(n);
        let c = nf * b / (nf - a * (1.0 - b));
        1.0 - c * (-(nf - a) * t / aht).exp()
    }

    /// The least total staffing over every combination of `lo[i]..lo[i]+6`
    /// agents meeting the day's 80/20: the brute force the greedy must match.
    fn brute_force(volumes: &[f64], lo: &[u32], floor: Option<f64>) -> u32 {
        let (aht, t, len) = (180.0, 20.0, volumes.len());
        let a = |i: usize| volumes[i] * aht / 1800.0;
        let need = 0.8 * volumes.iter().sum::<f64>();
        let mut best = u32::MAX;
        let mut n = lo.to_vec();
        loop {
            let sls: Vec<f64> = (0..len).map(|i| textbook_sl(n[i], a(i), aht, t)).collect();
            let served: f64 = (0..len).map(|i| volumes[i] * sls[i]).sum();
            if served >= need && floor.is_none_or(|f| sls.iter().all(|s| *s >= f)) {
                best = best.min(n.iter().sum());
            }
            // Next combination, like an odometer.
            let mut i = 0;
            while i < len && n[i] == lo[i] + 6 {
                n[i] = lo[i];
                i += 1;
            }
            if i == len {
                return best;
            }
            n[i] += 1;
        }
    }

    #[test]
    fn the_greedy_finds_the_least_staffing_of_a_small_day() {
        // Six half hours of 10 to 60 calls at 3 minutes, 80/20 over the day.
        let volumes = [10.0, 25.0, 40.0, 60.0, 30.0, 15.0];
        let aht = 180.0;
        let loads: Vec<Load> = volumes
            .iter()
            .map(|v| Load::voice(*v, 1800.0, aht))
            .collect();
        let target = Target {
            sl: 0.8,
            sl_seconds: 20.0,
            asa_s: None,
            max_occupancy: 1.0,
        };
        for floor in [None, Some(0.5), Some(0.7)] {
            // Each interval's own limit: stability (N > A), or the floor.
            let start: Vec<u32> = loads
                .iter()
                .map(|l| {
                    let own = Target {
                        sl: floor.unwrap_or(f64::MIN_POSITIVE),
                        ..target
                    };
                    erlang::required(l, &own).unwrap().agents
                })
                .collect();
            let goal = Goal {
                member: 0,
                intervals: (0..6).collect(),
                need: 0.8 * volumes.iter().sum::<f64>(),
            };
            let mut net = start.clone();
            raise(&mut net, &[goal], 1, 0.0, |_, i, n| {
                served(&loads[i], &target, volumes[i], n)
            })
            .unwrap();
            // The brute force starts one below each limit it must find itself.
            let lo: Vec<u32> = start.iter().map(|s| s.saturating_sub(1)).collect();
            assert_eq!(
                net.iter().sum::<u32>(),
                brute_force(&volumes, &lo, floor),
                "floor {floor:?}: {net:?}"
            );
            // The interval plan (each interval 80/20) needs more.
            let each: u32 = loads
                .iter()
                .map(|l| erlang::required(l, &target).unwrap().agents)
                .sum();
            assert!(net.iter().sum::<u32>() < each, "{net:?} against {each}");
        }
    }
}
