//! The Erlang prediction of the figures the simulation measures, from the
//! agents the evaluation gives each queue ([`crate::evaluate`]).

use crate::erlang::{self, floor_exact};
use crate::scenario::{Channel, Pooling};
use crate::staffing::{merged_load, queue_load, target, Staffed};

use super::{Input, Predicted};

/// The Erlang prediction per queue and interval, from the agents the
/// evaluation gives each queue (see [`crate::evaluate`]).
pub fn predict<'a>(p: impl Into<Input<'a>>) -> anyhow::Result<Vec<Vec<Predicted>>> {
    let p: Input<'a> = p.into();
    let s: &Staffed = p.staffed;
    let sc = &s.scenario;
    let dt = s.grid.interval_s as f64;
    let mut out = Vec::new();
    for (q, queue) in sc.queues.iter().enumerate() {
        let pool = &sc.pools[queue.pool];
        let pool_agents =
            |t: usize| p.plan.pools[queue.pool].on_floor[t] * (1.0 - pool.shrinkage.total);
        let live: Vec<usize> = sc
            .queues_of(queue.pool)
            .filter(|(_, m)| m.channel != Channel::Email)
            .map(|(m, _)| m)
            .collect();
        let d = &s.demand.queues[q];
        let service = &p.service[q];
        let mut rows = Vec::with_capacity(s.grid.len);
        for t in 0..s.grid.len {
            let agents = service.agents[t];
            let mut row = Predicted {
                offered: d.agent_volume[t],
                agents: pool_agents(t),
                ..Default::default()
            };
            if queue.channel == Channel::Email {
                let erlangs = d.agent_volume[t] * d.aht_s[t] / dt;
                if d.agent_volume[t] > 0.0 {
                    row.occupancy = (agents > 0.0).then(|| (erlangs / agents).min(1.0));
                    row.sl = service.met[t].then_some(1.0);
                }
            } else if d.agent_volume[t] > 0.0 {
                let load = if pool.pooling == Pooling::Merged {
                    merged_load(sc, &live, &s.grid, &s.demand, t)
                } else {
                    Some(queue_load(queue, d, dt, t))
                };
                if let Some(load) = load {
                    let f = erlang::figures_at(&load, &target(queue), floor_exact(agents) as u32)?;
                    row.sl = Some(f.sl);
                    row.asa_s = f.asa_s.is_finite().then_some(f.asa_s);
                    row.abandon = f.p_abandon;
                    row.p_wait = Some(f.p_wait);
                    row.occupancy = Some(f.occupancy);
                }
            }
            if service.simulated {
                // A queue of linked pools: the plan's own figures are the
                // skill-routing simulation's estimate, not Erlang's on the
                // agents evaluation gave it; predict what the plan says.
                row.sl = service.sl[t];
                row.abandon = service.p_abandon[t];
                (row.asa_s, row.p_wait, row.occupancy) = (None, None, None);
            }
            rows.push(row);
        }
        out.push(rows);
    }
    pool_occupancy(p, &mut out);
    Ok(out)
}

/// Occupancy is the pool's, as the simulation measures it (its agents serve
/// all its queues): busy agents ÷ agents over the pool's groups — each
/// e-mail queue, the merged voice or chat line, or each queue of a separate
/// pool — given to every member that has volume in the interval.
#[allow(clippy::needless_range_loop)] // `t` indexes the rows of several queues
fn pool_occupancy(p: Input<'_>, out: &mut [Vec<Predicted>]) {
    let sc = &p.staffed.scenario;
    for (pool_index, pool) in sc.pools.iter().enumerate() {
        let members: Vec<usize> = sc.queues_of(pool_index).map(|(q, _)| q).collect();
        for t in 0..p.staffed.grid.len {
            let (mut busy, mut agents) = (0.0, 0.0);
            let mut merged_done = false;
            for &q in &members {
                let merged =
                    pool.pooling == Pooling::Merged && sc.queues[q].channel != Channel::Email;
                if merged && merged_done {
                    continue;
                }
                if let Some(occ) = out[q][t].occupancy {
                    let a = p.service[q].agents[t];
                    busy += occ * a;
                    agents += a;
                    merged_done |= merged;
                }
            }
            let occupancy = (agents > 0.0).then(|| busy / agents);
            for &q in &members {
                if out[q][t].occupancy.is_some() {
                    out[q][t].occupancy = occupancy;
                }
            }
        }
    }
}

/// Predicted figures over the intervals `set`: volume-weighted (occupancy
/// weighted by agents), offered summed, agents averaged.
pub(super) fn combine(rows: &[Predicted], set: &[usize]) -> Predicted {
    let weighted = |f: &dyn Fn(&Predicted) -> Option<f64>, w: &dyn Fn(&Predicted) -> f64| {
        let (mut sum, mut weight) = (0.0, 0.0);
        for &t in set {
            if let Some(v) = f(&rows[t]) {
                sum += v * w(&rows[t]);
                weight += w(&rows[t]);
            }
        }
        (weight > 0.0).then(|| sum / weight)
    };
    let volume = |r: &Predicted| r.offered;
    Predicted {
        offered: set.iter().map(|&t| rows[t].offered).sum(),
        sl: weighted(&|r| r.sl, &volume),
        asa_s: weighted(&|r| r.asa_s, &volume),
        abandon: weighted(&|r| r.abandon, &volume),
        p_wait: weighted(&|r| r.p_wait, &volume),
        occupancy: weighted(&|r| r.occupancy, &|r| r.agents),
        agents: set.iter().map(|&t| rows[t].agents).sum::<f64>() / set.len().max(1) as f64,
    }
}
