//! Evaluation: the service each queue gets from the agents the plan puts on
//! the floor, by the same formulas as the requirement.
//!
//! Agents available in an interval = ⌊on the floor × (1 − shrinkage)⌋ (on the
//! floor already has breaks taken off). E-mail queues of a pool take their
//! required net first (their deadline rule is met when they get it); the rest
//! serve the voice or chat queues: a merged pool as one FIFO queue, each
//! member's SL at its own threshold; a separate pool split in proportion to
//! each queue's net requirement (largest remainders get the odd agents).

use crate::erlang::{self, ceil_exact, floor_exact, SL_TOLERANCE};
use crate::scenario::{Channel, Pooling};
use crate::shifts::ShiftPlan;
use crate::staffing::Staffed;
use crate::staffing::{merged_load, queue_load, target, WINDOW_TOLERANCE};
use crate::units::Over;

/// Achieved figures of one queue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueueService {
    /// Agents serving the queue per interval.
    pub agents: Vec<f64>,
    /// Achieved SL per interval (voice and chat; `None` without volume or for e-mail).
    pub sl: Vec<Option<f64>>,
    /// P(abandon) per interval (Erlang A).
    pub p_abandon: Vec<Option<f64>>,
    /// Whether the interval got its required net agents.
    pub met: Vec<bool>,
    /// SL over the horizon: answered within T ÷ offered (volume-weighted).
    pub sl_overall: Option<f64>,
    /// Share of intervals with the required net agents.
    pub met_share: f64,
    /// The service level per window of a queue planned to a day, week,
    /// month or the horizon (empty for a per-interval target).
    pub windows: Vec<WindowService>,
    /// Whether `sl` and `p_abandon` are the skill-routing simulation's
    /// estimate (a queue taken by pools linked by `serves`), not Erlang's.
    pub simulated: bool,
}

/// The achieved service of one queue over one window.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WindowService {
    /// The window as the client names it (`2026-03-02`, `2026-W10`).
    pub label: String,
    /// Its intervals.
    pub intervals: Vec<usize>,
    /// Contacts offered to agents over the window.
    pub offered: f64,
    /// Answered within T ÷ offered (`None` without contacts).
    pub sl: Option<f64>,
    /// Whether the window meets the target (up to floating-point noise).
    pub met: bool,
    /// Intervals with contacts whose SL is below the floor.
    pub under_floor: usize,
}

/// Achieved service of every queue: each pool's agents on the floor (after
/// shrinkage) go first to its e-mail queues' requirement, then serve its
/// calls and chats (as one queue when merged, split by requirement when
/// separate); then whether each interval got its agents, and the totals.
pub fn evaluate(s: &Staffed, plan: &ShiftPlan) -> Result<Vec<QueueService>, erlang::ErlangError> {
    let mut out = intervals(s, plan)?;
    totals(s, &mut out);
    Ok(out)
}

/// The per-interval part of [`evaluate`] (agents, SL, abandons, whether
/// the interval got its agents), before [`totals`].
pub fn intervals(s: &Staffed, plan: &ShiftPlan) -> Result<Vec<QueueService>, erlang::ErlangError> {
    let sc = &s.scenario;
    let n = s.grid.len;
    let mut out: Vec<QueueService> = sc
        .queues
        .iter()
        .map(|_| QueueService {
            agents: vec![0.0; n],
            sl: vec![None; n],
            p_abandon: vec![None; n],
            met: vec![true; n],
            ..Default::default()
        })
        .collect();
    for p in 0..sc.pools.len() {
        let members: Vec<usize> = sc.queues_of(p).map(|(q, _)| q).collect();
        if members.is_empty() {
            continue;
        }
        let (email, live): (Vec<usize>, Vec<usize>) = members
            .iter()
            .partition(|&&q| sc.queues[q].channel == Channel::Email);
        let pool = PoolQueues {
            p,
            members: &members,
            email: &email,
            live: &live,
        };
        for t in 0..n {
            pool.serve(s, plan.pools[p].on_floor[t], t, &mut out)?;
        }
        pool.mark_met(s, &mut out);
    }
    Ok(out)
}

/// Each queue's totals from its per-interval figures: SL over the horizon,
/// the share of intervals with their agents, the windows.
pub fn totals(s: &Staffed, out: &mut [QueueService]) {
    let n = s.grid.len;
    for (q, service) in out.iter_mut().enumerate() {
        service.sl_overall = sl_overall(service, &s.demand.queues[q].agent_volume);
        service.met_share = service.met.iter().filter(|m| **m).count() as f64 / n.max(1) as f64;
        service.windows = window_service(s, q, &service.sl);
    }
}

/// The queues of one pool, by channel.
struct PoolQueues<'a> {
    p: usize,
    members: &'a [usize],
    email: &'a [usize],
    live: &'a [usize],
}

impl PoolQueues<'_> {
    /// Share the pool's agents at interval `t` (`on_floor` before
    /// shrinkage) over its queues and compute each live queue's service.
    fn serve(
        &self,
        s: &Staffed,
        on_floor: f64,
        t: usize,
        out: &mut [QueueService],
    ) -> Result<(), erlang::ErlangError> {
        let sc = &s.scenario;
        let pool = &sc.pools[self.p];
        let mut free = floor_exact(on_floor * (1.0 - pool.shrinkage.total)).max(0.0);
        for &q in self.email {
            let need = f64::from(s.requirements.queues[q][t].net);
            let got = need.min(free);
            free -= got;
            out[q].agents[t] = got;
        }
        if self.live.is_empty() {
            return Ok(());
        }
        if pool.pooling == Pooling::Merged {
            for &q in self.live {
                out[q].agents[t] = free;
            }
            if let Some(load) = merged_load(sc, self.live, &s.grid, &s.demand, t) {
                for &q in self.live {
                    if s.demand.queues[q].agent_volume[t] > 0.0 {
                        let f = erlang::figures_at(&load, &target(&sc.queues[q]), free as u32)?;
                        out[q].sl[t] = Some(f.sl);
                        out[q].p_abandon[t] = f.p_abandon;
                    }
                }
            }
        } else {
            let interval_s = s.grid.interval_s as f64;
            for (q, agents) in split(self.live, free, |q| {
                f64::from(s.requirements.queues[q][t].net)
            }) {
                out[q].agents[t] = agents;
                if s.demand.queues[q].agent_volume[t] > 0.0 {
                    let load = queue_load(&sc.queues[q], &s.demand.queues[q], interval_s, t);
                    let f = erlang::figures_at(&load, &target(&sc.queues[q]), agents as u32)?;
                    out[q].sl[t] = Some(f.sl);
                    out[q].p_abandon[t] = f.p_abandon;
                }
            }
        }
        Ok(())
    }

    /// Whether each queue got its required net agents in every interval.
    fn mark_met(&self, s: &Staffed, out: &mut [QueueService]) {
        let sc = &s.scenario;
        let merged = sc.pools[self.p].pooling == Pooling::Merged;
        let pool_net = &s.requirements.pools[self.p].net;
        for &q in self.members {
            for (t, pool_need) in pool_net.iter().enumerate() {
                // A merged pool's voice/chat queues share what e-mail leaves.
                let need = if merged && sc.queues[q].channel != Channel::Email {
                    f64::from(*pool_need)
                        - self
                            .email
                            .iter()
                            .map(|&e| f64::from(s.requirements.queues[e][t].net))
                            .sum::<f64>()
                } else {
                    f64::from(s.requirements.queues[q][t].net)
                };
                out[q].met[t] = out[q].agents[t] + 1e-9 >= need;
            }
        }
    }
}

/// SL over the horizon: answered within T ÷ offered, over the intervals
/// with an SL; none without contacts.
fn sl_overall(service: &QueueService, volume: &[f64]) -> Option<f64> {
    let (within, offered) = within_offered(service, volume);
    (offered > 0.0).then(|| within / offered)
}

/// Contacts answered within T and contacts offered over the intervals with
/// an SL (`volume` per interval): the two sums of the SL over the horizon.
pub fn within_offered(service: &QueueService, volume: &[f64]) -> (f64, f64) {
    service
        .sl
        .iter()
        .zip(volume)
        .filter_map(|(sl, v)| sl.map(|sl| (sl * v, *v)))
        .fold((0.0, 0.0), |(w, o), (a, b)| (w + a, o + b))
}

/// Each window of queue `q` with contacts (none for a per-interval target): offered,
/// answered within T ÷ offered from the per-interval `sl`, whether the
/// target is met, and the intervals under the floor.
pub fn window_service(s: &Staffed, q: usize, sl: &[Option<f64>]) -> Vec<WindowService> {
    let queue = &s.scenario.queues[q];
    let Some(target) = queue
        .service_level
        .filter(|_| queue.sl_over != Over::Interval)
    else {
        return Vec::new();
    };
    let volume = &s.demand.queues[q].agent_volume;
    let floor = queue.sl_floor.map(|f| f.fraction);
    queue
        .sl_over
        .windows((0..s.grid.len).map(|i| s.grid.at(i)), queue.timezone)
        .into_iter()
        .filter(|w| w.intervals.iter().any(|&i| volume[i] > 0.0))
        .map(|w| {
            let offered: f64 = w.intervals.iter().map(|&i| volume[i]).sum();
            let answered: f64 = w
                .intervals
                .iter()
                .filter_map(|&i| sl[i].map(|x| x * volume[i]))
                .sum();
            let under_floor = w
                .intervals
                .iter()
                .filter(|&&i| volume[i] > 0.0)
                .filter(|&&i| floor.is_some_and(|f| sl[i].is_some_and(|x| x < f - SL_TOLERANCE)))
                .count();
            WindowService {
                label: w.label,
                sl: (offered > 0.0).then(|| answered / offered),
                met: answered >= target.fraction * offered * (1.0 - WINDOW_TOLERANCE),
                under_floor,
                offered,
                intervals: w.intervals,
            }
        })
        .collect()
}

/// Split `total` whole agents over `items` in proportion to `weight`, the odd
/// agents to the largest remainders (ties to the first item).
fn split(items: &[usize], total: f64, weight: impl Fn(usize) -> f64) -> Vec<(usize, f64)> {
    let sum: f64 = items.iter().map(|&q| weight(q)).sum();
    if sum <= 0.0 {
        return items
            .iter()
            .map(|&q| (q, if q == items[0] { total } else { 0.0 }))
            .collect();
    }
    let exact: Vec<f64> = items.iter().map(|&q| total * weight(q) / sum).collect();
    let mut whole: Vec<f64> = exact.iter().map(|x| floor_exact(*x)).collect();
    let mut left = ceil_exact(total - whole.iter().sum::<f64>()) as usize;
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - whole[b])
            .total_cmp(&(exact[a] - whole[a]))
            .then(a.cmp(&b))
    });
    for k in order {
        if left == 0 {
            break;
        }
        whole[k] += 1.0;
        left -= 1;
    }
    items.iter().zip(whole).map(|(&q, w)| (q, w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_gives_odd_agents_to_largest_remainders() {
        // 10 agents over needs 3 and 1: exact 7.5 and 2.5 → 8 and 2 (tie to the first).
        assert_eq!(
            split(&[0, 1], 10.0, |q| [3.0, 1.0][q]),
            vec![(0, 8.0), (1, 2.0)]
        );
        // 7 over 1, 1, 1: 2.33 each → 3, 2, 2.
        assert_eq!(
            split(&[0, 1, 2], 7.0, |_| 1.0),
            vec![(0, 3.0), (1, 2.0), (2, 2.0)]
        );
        assert_eq!(split(&[4, 5], 3.0, |_| 0.0), vec![(4, 3.0), (5, 0.0)]);
    }
}
