//! What the engine draws before its event loop, from the run's random
//! stream and in this order: which agent-shifts come to work ([`present`]),
//! then every contact with its handle time and patience ([`arrivals`]).

use super::engine::{Contact, Model};
use super::rng::Rng;

/// Arrivals of every queue of the pools `pools`, in time order, with their
/// handle times and patience: a Poisson process whose rate is constant
/// within each interval (exponential gaps, restarted at each interval
/// boundary, which the memoryless gap makes exact). Handle times are
/// exponential, or uniform on AHT × [1 − spread, 1 + spread] (one uniform
/// draw, as the exponential takes one).
pub(super) fn arrivals(model: &Model, pools: &[usize], rng: &mut Rng) -> Vec<Contact> {
    let dt = model.interval_s;
    let horizon = dt * model.intervals as f64;
    let warm_intervals = if model.cyclic {
        ((model.warmup_s / dt).ceil() as usize).min(model.intervals)
    } else {
        0
    };
    let mut out = Vec::new();
    for (q, queue) in model.queues.iter().enumerate() {
        if !pools.contains(&queue.pool) {
            continue;
        }
        let pieces = (model.intervals - warm_intervals..model.intervals)
            .map(|i| (i, -horizon))
            .chain((0..model.intervals).map(|i| (i, 0.0)));
        for (i, shift) in pieces {
            let mean = queue.volume[i];
            if mean <= 0.0 {
                continue;
            }
            let start = i as f64 * dt + shift;
            let end = start + dt;
            let gap = dt / mean;
            let mut t = start;
            loop {
                t += rng.exp1() * gap;
                if t >= end {
                    break;
                }
                let service_s = match queue.spread {
                    None => rng.exp1() * queue.aht_s[i],
                    Some(s) => queue.aht_s[i] * (1.0 + s * (2.0 * rng.uniform() - 1.0)),
                };
                let abandon_at = queue
                    .patience_s
                    .map_or(f64::INFINITY, |p| t + rng.exp1() * p);
                out.push(Contact {
                    at: t,
                    queue: q as u32,
                    service_s,
                    abandon_at,
                    interval: if shift < 0.0 { u32::MAX } else { i as u32 },
                    redial: false,
                    attempt: 1,
                    queued_before: 0.0,
                });
            }
        }
    }
    out.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.queue.cmp(&b.queue)));
    out
}

/// The agent-shifts that come to work: each is absent with probability
/// `shrinkage`, for the whole shift. Cyclic horizons repeat every shift one
/// cycle earlier (the warm-up and the shifts that wrap into the first day)
/// and one cycle later (to finish the contacts still waiting at the end).
pub(super) fn present(model: &Model, pool: usize, rng: &mut Rng) -> Vec<Vec<(f64, f64)>> {
    let p = &model.pools[pool];
    let horizon = model.interval_s * model.intervals as f64;
    let cycles: &[f64] = if model.cyclic {
        &[-1.0, 0.0, 1.0]
    } else {
        &[0.0]
    };
    let mut out = Vec::new();
    for &k in cycles {
        for segments in &p.shifts {
            let here = rng.uniform() >= p.shrinkage;
            let end = segments.last().map_or(f64::NEG_INFINITY, |s| s.1) + k * horizon;
            if here && end > -model.warmup_s {
                out.push(
                    segments
                        .iter()
                        .map(|&(a, b)| (a + k * horizon, b + k * horizon))
                        .collect(),
                );
            }
        }
    }
    out
}
