//! Prove the plan: a discrete-event simulation of the horizon against the
//! agents the plan puts on the floor, beside the Erlang prediction
//! ([`crate::evaluate`]) of the same plan.
//!
//! The model (stated in full in docs/maths.md, "Simulating the plan"):
//!
//! * **Arrivals**: per queue a Poisson process whose rate is constant within
//!   each interval, `agent_volume ÷ interval` (the forecast after bot
//!   containment).
//! * **Handle times**: exponential with the AHT of the interval the contact
//!   arrived in (a chat session's AHT is the session time at the queue's
//!   concurrency, as in staffing).
//! * **Patience**: exponential with the queue's mean patience when it has
//!   one; a caller still waiting then hangs up (abandons). No patience: they
//!   wait as long as it takes.
//! * **Agents**: exactly the plan's shifts, each agent with the break slots
//!   [`crate::shifts::agent_breaks`] gives it, so the agents on the
//!   floor in every interval are the plan's `on_floor`. The roster names
//!   agents on exactly these shifts and breaks, so simulating the plan is
//!   simulating the roster. An agent takes no new contact once due off
//!   (a break or the end of the shift), finishes the contacts in hand, then
//!   takes the whole break (back at the later of the scheduled return and
//!   the actual start of the break plus its length) or goes home.
//! * **Shrinkage**: each agent-shift is absent as a whole with probability
//!   equal to the pool's shrinkage, independently; the mean agents on the
//!   floor is then `on_floor × (1 − shrinkage)`, as in the evaluation.
//! * **Routing**: FIFO within each queue. An agent with spare capacity takes
//!   the longest-waiting contact across its pool's queues that fits, voice
//!   and chat before e-mail (e-mail is deferrable). Separate pools route the
//!   same way: pooling is a planning convention, and the agents of one pool
//!   share their skills on the floor. A new contact goes to the agent with
//!   the most spare capacity.
//! * **Skill-based routing** (pools with `serves`): a new contact goes to
//!   the first free agent of the first of its queue's groups that has one
//!   (its own pool, then those that serve it, in scenario order), or under
//!   `routing: random` to a free agent drawn uniformly among all of them; a
//!   freed agent takes the longest-waiting contact among all the queues its
//!   pool serves (ties: the first in its pool's order). Callers who hang up
//!   may call back (`redial`); handle times may be uniform (`handle_time`).
//!   See docs/maths.md, "Skill-based routing".
//! * **Chat**: an agent holds up to `concurrency` sessions at once.
//! * **E-mail**: in service level when finished within the deadline.
//! * **Time**: contacts carry over interval and day boundaries. A cyclic
//!   horizon (a week that follows itself) starts with a warm-up: the last
//!   day of the week (or twice the longest deadline, if more) with its
//!   arrivals and agents, and the agents of the next cycle finish what is
//!   still waiting at the end. A non-cyclic horizon starts empty.
//!
//! Runs are independent, each with its own stream derived from the seed and
//! the (run, pool) pair (pools linked by `serves` share the stream of their
//! lowest pool), and run in parallel (rayon); results are gathered in
//! run order, so they do not depend on the number of threads.

mod draws;
pub mod engine;
mod fixed;
mod lines;
mod model;
mod predict;
pub mod rng;
mod routes;
pub mod skills;
mod stats;
mod window;

pub use fixed::{open_agents, simulate_staffing};
use predict::combine;
pub use predict::predict;
pub use stats::{estimate, t975};
pub use window::WindowResult;

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rayon::prelude::*;

use crate::evaluate::QueueService;
use crate::scenario::{Channel, Handle, Queue, Routing};
use crate::shifts::{agent_breaks, ShiftPlan};
use crate::staffing::Staffed;
use crate::timegrid::{local_instant, TimeGrid};
use engine::{Counts, Model, PoolRun, SimPool, SimQueue};

/// Runs when not given.
pub const DEFAULT_RUNS: u32 = 20;
/// Seed when not given (a fixed seed: same input, same bytes out).
pub const DEFAULT_SEED: u64 = 1;

/// How to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Independent runs of the horizon.
    pub runs: u32,
    /// Seed of every random stream.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runs: DEFAULT_RUNS,
            seed: DEFAULT_SEED,
        }
    }
}

/// A mean over runs with its 95 % confidence interval (Student t over the
/// runs' own values; no interval with fewer than two runs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Mean over the runs that had contacts.
    pub mean: f64,
    /// Lower end of the 95 % interval.
    pub low: Option<f64>,
    /// Upper end.
    pub high: Option<f64>,
    /// Runs that had contacts.
    pub runs: u32,
}

/// Simulated figures of one queue over some intervals (mean over runs).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Simulated {
    /// Contacts offered per run.
    pub offered: f64,
    /// Service level: answered within T (e-mail: finished within the
    /// deadline) ÷ offered, each run's own, with its interval over runs.
    pub sl: Option<Estimate>,
    /// Mean wait of answered contacts, seconds (all runs pooled).
    pub asa_s: Option<f64>,
    /// Callers lost to a hang-up ÷ callers offered (pooled; each once).
    pub abandon: Option<f64>,
    /// Hang-ups per run (every call's, redials included: a count of calls).
    pub hang_ups: f64,
    /// Waited ÷ offered (pooled): contacts that found no agent free.
    pub p_wait: Option<f64>,
    /// Busy signals per run (every attempt's; 0 off a trunk group).
    pub blocked: f64,
    /// Callers lost to a busy signal ÷ callers offered (pooled; each once).
    pub blocking: Option<f64>,
    /// The pool's busy session-time ÷ agent-time on the floor (pooled).
    pub occupancy: Option<f64>,
    /// The pool's mean agents on the floor (after absence).
    pub agents: f64,
}

/// The Erlang prediction of the same figures, from the plan's agents on the
/// floor after shrinkage ([`crate::evaluate`]); over several intervals,
/// weighted by volume (occupancy by agents).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Predicted {
    /// Contacts offered (the forecast after bot containment).
    pub offered: f64,
    /// Service level (e-mail: 1 where the interval gets its deadline
    /// staffing, the deadline rule's promise).
    pub sl: Option<f64>,
    /// ASA, seconds (answered contacts under Erlang A).
    pub asa_s: Option<f64>,
    /// P(abandon) (Erlang A).
    pub abandon: Option<f64>,
    /// P(wait).
    pub p_wait: Option<f64>,
    /// Occupancy.
    pub occupancy: Option<f64>,
    /// The pool's agents on the floor after shrinkage, as planned
    /// (`on_floor × (1 − shrinkage)`).
    pub agents: f64,
}

/// Simulated and predicted figures side by side.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Row {
    /// From the simulation.
    pub sim: Simulated,
    /// From the Erlang formulas.
    pub pred: Predicted,
}

/// Results of one queue.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueResult {
    /// Per interval of the horizon.
    pub intervals: Vec<Row>,
    /// Each client day the horizon touches: the queue's own calendar date
    /// (in its time zone, the one its contract is measured in), ascending;
    /// the first and last may hold only part of the day.
    pub dates: Vec<NaiveDate>,
    /// Per client day, as `dates`.
    pub days: Vec<Row>,
    /// Over the horizon.
    pub total: Row,
    /// Per window of a target over a day, week, month or the horizon
    /// (empty for a per-interval target).
    pub windows: Vec<WindowResult>,
}

/// The simulation of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// Runs and seed.
    pub options: Options,
    /// The model's assumptions in words ([`Model::assumptions`]).
    pub assumptions: String,
    /// Per queue, in scenario order.
    pub queues: Vec<QueueResult>,
    /// Whether the model has trunk groups (outputs then show busy signals).
    pub trunks: bool,
}

/// What a simulation replays: the requirements, the shift plan and the
/// agents the evaluation gives each queue. A planned run
/// (`pipeline::Planned`) converts into it, so the simulation needs nothing
/// from the stages after it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Demand and requirements.
    pub staffed: &'a Staffed,
    /// The shift plan of every pool.
    pub plan: &'a ShiftPlan,
    /// Achieved service per queue and interval.
    pub service: &'a [QueueService],
}

/// The engine's model of a planned horizon.
pub fn model<'a>(p: impl Into<Input<'a>>) -> Model {
    let p: Input<'a> = p.into();
    let s = &p.staffed;
    let sc = &s.scenario;
    let grid = &s.grid;
    let pools = p
        .plan
        .pools
        .iter()
        .map(|pp| {
            let mut shifts = Vec::new();
            for a in &pp.assigned {
                let shift = &pp.model.shifts[a.shift];
                let template = &sc.shifts.templates[shift.template];
                let date = sc.site.start + Duration::days(shift.day as i64);
                let begin = local_instant(sc.site.timezone, date, shift.start_min);
                let start = (begin - grid.start).num_seconds() as f64;
                for offsets in agent_breaks(shift, a) {
                    let breaks: Vec<(f64, f64)> = offsets
                        .iter()
                        .zip(&template.breaks)
                        .map(|(&off, b)| (f64::from(off), f64::from(b.length_s)))
                        .collect();
                    shifts.push(segments(start, f64::from(template.length_s), &breaks));
                }
            }
            SimPool {
                shrinkage: sc.pools[pp.model.pool].shrinkage.total,
                shifts,
                serves: sc.pools[pp.model.pool].serves.clone(),
            }
        })
        .collect();
    model_with(s, pools)
}

/// The engine's model of a staffed horizon with the given agents (each
/// pool's on-floor segments), in scenario pool order: the plan's in
/// [`model`], or a fixed staffing (a published example).
pub fn model_with(s: &Staffed, pools: Vec<SimPool>) -> Model {
    let sc = &s.scenario;
    let grid = &s.grid;
    let dt = grid.interval_s as f64;
    let queues: Vec<SimQueue> = sc
        .queues
        .iter()
        .enumerate()
        .map(|(q, queue)| {
            let d = &s.demand.queues[q];
            sim_queue(queue, d.agent_volume.clone(), d.aht_s.clone(), dt)
        })
        .collect();
    let longest_deadline = queues
        .iter()
        .filter(|q| !q.live)
        .map(|q| q.threshold_s)
        .fold(0.0, f64::max);
    let horizon = dt * grid.len as f64;
    let warmup = ((86400f64.max(2.0 * longest_deadline) / dt).ceil() * dt).min(horizon);
    Model {
        interval_s: dt,
        intervals: grid.len,
        cyclic: sc.site.cyclic,
        warmup_s: if sc.site.cyclic { warmup } else { 0.0 },
        queues,
        pools,
        random_routing: sc.routing == Routing::Random,
        trunks: sc.trunks.clone(),
    }
}

/// The engine's queue of scenario queue `queue` with these expected
/// contacts and handle times per interval (of `interval_s` seconds); its
/// pool is the queue's own.
pub fn sim_queue(queue: &Queue, volume: Vec<f64>, aht_s: Vec<f64>, interval_s: f64) -> SimQueue {
    let email = queue.channel == Channel::Email;
    SimQueue {
        pool: queue.pool,
        live: !email,
        volume,
        aht_s,
        patience_s: queue.patience_s,
        concurrency: queue.concurrency.max(1),
        threshold_s: if email {
            queue.deadline_s.unwrap_or(interval_s)
        } else {
            queue.service_level.map_or(0.0, |l| l.seconds)
        },
        redial: queue.redial,
        spread: match queue.handle {
            Handle::Exponential => None,
            Handle::Uniform(s) => Some(s),
        },
    }
}

/// On-floor segments of a shift starting at `start` lasting `length`
/// seconds, with breaks (offset from the start, length): the shift minus
/// the union of its breaks.
pub fn segments(start: f64, length: f64, breaks: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut breaks: Vec<(f64, f64)> = breaks
        .iter()
        .map(|&(off, len)| (start + off, start + off + len))
        .collect();
    breaks.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut t = start;
    for (a, b) in breaks {
        if a > t {
            out.push((t, a.min(start + length)));
        }
        t = t.max(b);
    }
    if t < start + length {
        out.push((t, start + length));
    }
    out.retain(|(a, b)| b > a);
    out
}

/// The pools that must be simulated together: those linked, directly or
/// through others, by one serving a queue of another (`serves`) or by
/// queues on one trunk group (they share its lines). Each group in
/// ascending pool order, the groups by their first pool; a single-skill
/// pool is a group of its own.
pub fn linked_pools(model: &Model) -> Vec<Vec<usize>> {
    let pool = |q: usize| model.queues[q].pool;
    let serves = model
        .pools
        .iter()
        .enumerate()
        .flat_map(move |(p, pool_)| pool_.serves.iter().map(move |&q| (p, pool(q))));
    let trunks = model
        .trunks
        .iter()
        .flat_map(move |t| t.queues.iter().map(move |&q| (pool(t.queues[0]), pool(q))));
    link(model.pools.len(), serves.chain(trunks))
}

/// The groups of `n` items linked, directly or through others, by the
/// pairs `pairs`: each group in ascending order, the groups by their first
/// item; an item in no pair is a group of its own.
pub fn link(n: usize, pairs: impl Iterator<Item = (usize, usize)> + Clone) -> Vec<Vec<usize>> {
    let mut group: Vec<usize> = (0..n).collect();
    // Merge until nothing changes: bounded by the number of items.
    let mut changed = true;
    while changed {
        changed = false;
        for (p, o) in pairs.clone() {
            let low = group[p].min(group[o]);
            for g in [p, o] {
                if group[g] != low {
                    let old = group[g];
                    group
                        .iter_mut()
                        .filter(|x| **x == old)
                        .for_each(|x| *x = low);
                    changed = true;
                }
            }
        }
    }
    (0..n)
        .filter(|&p| group[p] == p)
        .map(|first| (0..n).filter(|&p| group[p] == first).collect())
        .collect()
}

/// Run `model` `options.runs` times: one result per run, per pool. Each
/// group of linked pools ([`linked_pools`]) is one stream, from the seed
/// and the (run, first pool) pair.
pub fn run_model(model: &Model, options: &Options) -> Vec<Vec<PoolRun>> {
    let groups = linked_pools(model);
    let runs = options.runs as usize;
    let mut flat: Vec<Vec<PoolRun>> = (0..runs * groups.len())
        .into_par_iter()
        .map(|k| {
            let (r, g) = (k / groups.len(), k % groups.len());
            let first = groups[g][0] as u64;
            engine::run_pools(
                model,
                &groups[g],
                rng::derive(options.seed, &[r as u64, first]),
            )
        })
        .collect();
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let rest = flat.split_off(groups.len().min(flat.len()));
        let mut run: Vec<(usize, PoolRun)> = groups
            .iter()
            .zip(flat)
            .flat_map(|(pools, results)| pools.iter().copied().zip(results))
            .collect();
        run.sort_by_key(|(p, _)| *p);
        out.push(run.into_iter().map(|(_, r)| r).collect());
        flat = rest;
    }
    out
}

/// Simulate a plan and set the results beside its Erlang prediction.
pub fn simulate<'a>(p: impl Into<Input<'a>>, options: &Options) -> anyhow::Result<Simulation> {
    let p: Input<'a> = p.into();
    let model = model(p);
    let runs = run_model(&model, options);
    let predicted = predict(p)?;
    Ok(assemble(
        p.staffed,
        &model,
        &runs,
        &predicted,
        options,
        |q| {
            window::windows(
                &runs,
                &model,
                q,
                p.staffed.scenario.queues[q].pool,
                &p.service[q],
                &predicted[q],
                p.staffed.scenario.queues[q]
                    .service_level
                    .map_or(0.0, |l| l.fraction),
            )
        },
    ))
}

/// The simulation's results from its runs, per queue by interval, day and
/// horizon, beside the prediction `predicted`; `windows` gives each
/// queue's window results.
fn assemble(
    s: &Staffed,
    model: &Model,
    runs: &[Vec<PoolRun>],
    predicted: &[Vec<Predicted>],
    options: &Options,
    windows: impl Fn(usize) -> Vec<WindowResult>,
) -> Simulation {
    let grid = &s.grid;
    let queues = (0..s.scenario.queues.len())
        .map(|q| {
            let pool = s.scenario.queues[q].pool;
            let row = |set: &[usize]| Row {
                sim: summarise(runs, model, q, pool, set),
                pred: combine(&predicted[q], set),
            };
            let all: Vec<usize> = (0..grid.len).collect();
            let days = client_days(grid, s.scenario.queues[q].timezone);
            QueueResult {
                intervals: (0..grid.len).map(|t| row(&[t])).collect(),
                dates: days.keys().copied().collect(),
                days: days.values().map(|set| row(set)).collect(),
                total: row(&all),
                windows: windows(q),
            }
        })
        .collect();
    Simulation {
        options: *options,
        assumptions: model.assumptions(),
        queues,
        trunks: !model.trunks.is_empty(),
    }
}

/// The intervals of each client date the horizon touches, in the client's
/// zone `tz` (a New York Monday is 10:00 Monday to 10:00 Tuesday in
/// Karachi), as the service-level chart's client days.
fn client_days(grid: &TimeGrid, tz: chrono_tz::Tz) -> BTreeMap<NaiveDate, Vec<usize>> {
    let mut days: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for t in 0..grid.len {
        days.entry(grid.at(t).with_timezone(&tz).date_naive())
            .or_default()
            .push(t);
    }
    days
}

/// Simulated figures of queue `q` (of pool `pool`) over the intervals `set`.
fn summarise(
    runs: &[Vec<PoolRun>],
    model: &Model,
    q: usize,
    pool: usize,
    set: &[usize],
) -> Simulated {
    let mut total = Counts::default();
    let mut per_run = Vec::new();
    let (mut busy, mut floor) = (0.0, 0.0);
    let mut agent_s = 0.0;
    for run in runs {
        let r = &run[pool];
        let c = run_counts(r, q, set);
        for &t in set {
            agent_s += r.floor_s[t];
            // Occupancy where the queue has work, as the prediction's.
            if model.queues[q].volume[t] > 0.0 {
                busy += r.busy_s[t];
                floor += r.floor_s[t];
            }
        }
        if c.offered > 0 {
            per_run.push(f64::from(c.within) / f64::from(c.offered));
        }
        total.add(&c);
    }
    let n = runs.len().max(1) as f64;
    let offered = f64::from(total.offered);
    let ratio = |x: f64, of: f64| (of > 0.0).then(|| x / of);
    Simulated {
        offered: offered / n,
        // A share: its interval is clipped to [0, 1].
        sl: estimate(&per_run).map(|e| Estimate {
            low: e.low.map(|l| l.max(0.0)),
            high: e.high.map(|h| h.min(1.0)),
            ..e
        }),
        asa_s: ratio(total.wait_s, f64::from(total.answered)),
        abandon: ratio(f64::from(total.gave_up), offered),
        hang_ups: f64::from(total.abandoned) / n,
        p_wait: ratio(f64::from(total.waited), offered),
        blocked: f64::from(total.blocked) / n,
        blocking: ratio(f64::from(total.lost_blocked), offered),
        occupancy: ratio(busy, floor),
        agents: agent_s / (n * set.len().max(1) as f64 * model.interval_s),
    }
}

/// Queue `q`'s counts in one run of its pool over the intervals `set`.
fn run_counts(r: &PoolRun, q: usize, set: &[usize]) -> Counts {
    let mut c = Counts::default();
    for &t in set {
        c.add(&r.queues[q][t]);
    }
    c
}

#[cfg(test)]
mod tests;
