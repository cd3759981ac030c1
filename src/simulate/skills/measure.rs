//! The simulation of one interval of a skill group at its load: the
//! interval repeated long enough to see about [`CONTACTS`] contacts, the
//! agents on the floor throughout, the first eighth discarded as warm-up.

use super::Problem;
use crate::simulate::engine::{run_pools, Counts, Model, SimPool};
use crate::simulate::sim_queue;

/// Contacts a staffing simulation sees (all queues together), which sets
/// its length: between [`MIN_INTERVALS`] and [`MAX_INTERVALS`] intervals.
pub const CONTACTS: f64 = 20_000.0;
/// Least intervals measured.
pub const MIN_INTERVALS: usize = 16;
/// Most intervals measured.
pub const MAX_INTERVALS: usize = 20_000;

/// Simulated figures of one queue.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Measured {
    /// Answered within the threshold ÷ offered (abandons fail).
    pub sl: Option<f64>,
    /// Mean wait of answered contacts, seconds.
    pub asa_s: Option<f64>,
    /// Callers lost to a hang-up ÷ offered (each caller once, redials or not).
    pub p_abandon: Option<f64>,
}

/// Simulate problem `p` with `agents[g]` agents of each pool on the floor:
/// per queue, its figures over the measured intervals.
pub fn measure(p: &Problem<'_>, agents: &[u32]) -> Vec<Measured> {
    let dt = p.interval_s;
    let volume: f64 = p.queues.iter().map(|q| q.volume).sum();
    let measured =
        ((CONTACTS / volume.max(1e-9)).ceil() as usize).clamp(MIN_INTERVALS, MAX_INTERVALS);
    let warm = (measured / 8).max(2);
    let n = warm + measured;
    let horizon = n as f64 * dt;
    let model = Model {
        interval_s: dt,
        intervals: n,
        cyclic: false,
        warmup_s: 0.0,
        queues: p
            .queues
            .iter()
            .map(|q| {
                let mut s = sim_queue(q.queue, vec![q.volume; n], vec![q.aht_s; n], dt);
                s.pool = q.owner;
                s
            })
            .collect(),
        pools: agents
            .iter()
            .zip(&p.serves)
            .map(|(&a, serves)| SimPool {
                shrinkage: 0.0,
                // On the floor a day past the horizon, to finish its contacts.
                shifts: vec![vec![(0.0, horizon + 86400.0)]; a as usize],
                serves: serves.clone(),
            })
            .collect(),
        random_routing: p.random,
        // Staffing asks what agents a target needs; lines are the
        // simulation's test of the plan, not a staffing input.
        trunks: Vec::new(),
    };
    let pools: Vec<usize> = (0..agents.len()).collect();
    let runs = run_pools(&model, &pools, p.seed);
    p.queues
        .iter()
        .enumerate()
        .map(|(q, load)| {
            let mut c = Counts::default();
            for k in &runs[load.owner].queues[q][warm..] {
                c.add(k);
            }
            Measured {
                sl: (c.offered > 0).then(|| f64::from(c.within) / f64::from(c.offered)),
                asa_s: (c.answered > 0).then(|| c.wait_s / f64::from(c.answered)),
                p_abandon: (c.offered > 0).then(|| f64::from(c.gave_up) / f64::from(c.offered)),
            }
        })
        .collect()
}
