//! The service of the queues taken by pools linked by `serves` at a plan's
//! coverage: per interval, the group's agents on the floor after shrinkage
//! simulated with skill-based routing by the same [`measure`] as the
//! staffing (same seed, same length), so the figures are the simulation's
//! estimate, not Erlang's. Deterministic: each distinct (load, agents) is
//! simulated once with the group's fixed seed.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::{key, measure, problem, Measured, Problem};
use crate::erlang::floor_exact;
use crate::error::InputError;
use crate::evaluate::QueueService;
use crate::shifts::ShiftPlan;
use crate::staffing::Staffed;

/// Put the simulated service of every queue of every skill group of `s`
/// into `out` (its per-interval SL and abandons, marked
/// [`QueueService::simulated`]), at the agents `plan` puts on the floor;
/// an interval got its agents when every pool of the group has its
/// requirement. Nothing changes without groups.
pub fn service_at(
    s: &Staffed,
    plan: &ShiftPlan,
    out: &mut [QueueService],
) -> Result<(), InputError> {
    let sc = &s.scenario;
    for group in &s.requirements.skills {
        let net = |p: usize, t: usize| {
            let on_floor = plan.pools[p].on_floor[t];
            floor_exact(on_floor * (1.0 - sc.pools[p].shrinkage.total)).max(0.0) as u32
        };
        let problems = (0..s.grid.len)
            .map(|t| {
                problem(
                    sc,
                    &s.grid,
                    &s.demand,
                    &s.requirements.queues,
                    &group.pools,
                    &group.queues,
                    t,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let agents: Vec<Vec<u32>> = (0..s.grid.len)
            .map(|t| group.pools.iter().map(|&p| net(p, t)).collect())
            .collect();
        let measured = measure_all(&problems, &agents);
        for (t, m) in measured.iter().enumerate() {
            let staffed = group
                .pools
                .iter()
                .all(|&p| net(p, t) >= s.requirements.pools[p].net[t]);
            for (i, &q) in group.queues.iter().enumerate() {
                let service = &mut out[q];
                service.simulated = true;
                service.met[t] = staffed;
                let open = s.demand.queues[q].agent_volume[t] > 0.0;
                service.sl[t] = m[i].sl.filter(|_| open);
                service.p_abandon[t] = m[i]
                    .p_abandon
                    .filter(|_| open && sc.queues[q].patience_s.is_some());
            }
        }
    }
    Ok(())
}

/// [`measure`] of every interval's problem at its agents, each distinct
/// (load, agents) once (in parallel; the results do not depend on the
/// order).
fn measure_all(problems: &[Problem<'_>], agents: &[Vec<u32>]) -> Vec<Vec<Measured>> {
    let mut distinct: BTreeMap<(Vec<u64>, Vec<u32>), usize> = BTreeMap::new();
    let mut first = Vec::new();
    let index: Vec<usize> = problems
        .iter()
        .zip(agents)
        .enumerate()
        .map(|(t, (p, a))| {
            *distinct.entry((key(p), a.clone())).or_insert_with(|| {
                first.push(t);
                first.len() - 1
            })
        })
        .collect();
    let measured: Vec<Vec<Measured>> = first
        .par_iter()
        .map(|&t| {
            if problems[t].queues.iter().all(|q| q.volume <= 0.0) {
                vec![Measured::default(); problems[t].queues.len()]
            } else {
                measure(&problems[t], &agents[t])
            }
        })
        .collect();
    index.into_iter().map(|k| measured[k].clone()).collect()
}
