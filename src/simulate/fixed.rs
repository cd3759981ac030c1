//! Simulating a staffing without a shift plan: so many agents of each pool
//! on the floor in each interval — the multi-skill requirement, or a fixed
//! number while the pool's queues are open — for scenarios whose pools are
//! linked by `serves` (which the shift plan does not take yet).

use super::{assemble, model_with, run_model, Options, Predicted, SimPool, Simulation};
use crate::staffing::Staffed;

/// Simulate `agents[p][t]` agents of pool `p` on the floor in interval `t`
/// (no absence: they are the agents on the floor). An agent's stretch of
/// consecutive intervals is one shift. The prediction beside it is the
/// multi-skill staffing's simulated service level when `agents` is the
/// requirement (`requirement`), none otherwise.
pub fn simulate_staffing(
    s: &Staffed,
    agents: &[Vec<u32>],
    requirement: bool,
    options: &Options,
) -> Simulation {
    let dt = s.grid.interval_s as f64;
    let pools = s
        .scenario
        .pools
        .iter()
        .zip(agents)
        .map(|(pool, counts)| SimPool {
            shrinkage: 0.0,
            shifts: stretches(counts, dt),
            serves: pool.serves.clone(),
        })
        .collect();
    let model = model_with(s, pools);
    let runs = run_model(&model, options);
    let predicted = prediction(s, agents, requirement);
    assemble(s, &model, &runs, &predicted, options, |_| Vec::new())
}

/// Per pool: `counts[p]` agents in every interval where a queue it takes
/// (its own or one it serves) is open, or, when `None`, its requirement.
pub fn open_agents(s: &Staffed, counts: &[Option<u32>]) -> Vec<Vec<u32>> {
    let sc = &s.scenario;
    (0..sc.pools.len())
        .map(|p| match counts[p] {
            None => s.requirements.pools[p].net.clone(),
            Some(n) => (0..s.grid.len)
                .map(|t| {
                    let open = sc.queues.iter().enumerate().any(|(q, queue)| {
                        (queue.pool == p || sc.pools[p].serves.contains(&q))
                            && s.demand.queues[q].open[t]
                    });
                    if open {
                        n
                    } else {
                        0
                    }
                })
                .collect(),
        })
        .collect()
}

/// The shifts of `counts[t]` agents per interval: agent k works every
/// maximal stretch of intervals with at least k agents, each stretch one
/// shift; in order of start, then k.
fn stretches(counts: &[u32], dt: f64) -> Vec<Vec<(f64, f64)>> {
    let most = counts.iter().copied().max().unwrap_or(0);
    let mut out: Vec<(usize, u32, usize)> = Vec::new();
    for k in 1..=most {
        let mut t = 0;
        while t < counts.len() {
            if counts[t] < k {
                t += 1;
                continue;
            }
            let from = t;
            while t < counts.len() && counts[t] >= k {
                t += 1;
            }
            out.push((from, k, t));
        }
    }
    out.sort_unstable();
    out.into_iter()
        .map(|(a, _, b)| vec![(a as f64 * dt, b as f64 * dt)])
        .collect()
}

/// Offered contacts and agents per queue and interval, with the staffing's
/// simulated service level when simulating the requirement.
fn prediction(s: &Staffed, agents: &[Vec<u32>], requirement: bool) -> Vec<Vec<Predicted>> {
    let sc = &s.scenario;
    (0..sc.queues.len())
        .map(|q| {
            let found = s
                .requirements
                .skills
                .iter()
                .find_map(|g| g.queues.iter().position(|&x| x == q).map(|k| (g, k)));
            (0..s.grid.len)
                .map(|t| Predicted {
                    offered: s.demand.queues[q].agent_volume[t],
                    agents: f64::from(agents[sc.queues[q].pool][t]),
                    sl: found
                        .filter(|_| requirement)
                        .and_then(|(g, k)| g.intervals[t].sl[k]),
                    ..Default::default()
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::stretches;

    #[test]
    fn each_stretch_of_an_agent_is_a_shift() {
        // 0 1 2 2 0 1: agent 1 works [1, 4) and [5, 6), agent 2 [2, 4).
        let s = stretches(&[0, 1, 2, 2, 0, 1], 10.0);
        assert_eq!(
            s,
            vec![vec![(10.0, 40.0)], vec![(20.0, 40.0)], vec![(50.0, 60.0)]]
        );
    }
}
