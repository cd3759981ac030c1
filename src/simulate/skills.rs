//! Staffing of skill groups (the simulation's part of staffing, called by
//! [`crate::pipeline::staff`]): how many agents of each pool a set of pools
//! linked by `serves` needs in every interval so that every queue they
//! serve meets its target under skill-based routing.
//!
//! The method is Wallace & Whitt's (2005, "A staffing algorithm for call
//! centers with skill-based routing", M&SOM 7(4)), per interval:
//!
//! 1. **Total** by the pooled model: the linked queues as one Erlang queue
//!    (full flexibility, [`pooled`]), the least total any routing can hope
//!    for.
//! 2. **Allocation** of that total to the pools that own queues: each its
//!    own queues' offered load plus a share of the safety staff (total −
//!    load) in proportion to the square root of that load (square-root
//!    safety staffing, Borst, Mandelbaum & Reiman 2004), rounded by largest
//!    remainder; pools that only serve others' queues start empty.
//! 3. **Correction by simulation** of the interval at its load
//!    ([`measure`]): while a queue misses its target, add one agent to the
//!    pool, among those serving the worst queue, that most reduces the total
//!    shortfall; once every queue meets it, remove the agent whose removal
//!    keeps every target with the largest margin, never below the pooled
//!    total; when no agent can go, move one agent to a cross-trained pool
//!    if that widens the least margin. At most [`MAX_STEPS`] moves, each at most one simulation per
//!    pool; same seed for every candidate (common random numbers), so the
//!    search is deterministic.
//!
//! Intervals with the same load give the same answer and are solved once.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::link;
use crate::demand::Demand;
use crate::error::InputError;
use crate::scenario::{Channel, Queue, Scenario};
pub use crate::staffing::skills::{GroupCell, SkillGroup};
use crate::staffing::{failure, merged_load, queue_load, target, Cell};
use crate::timegrid::TimeGrid;
use crate::units::Over;

mod at_plan;
mod measure;

pub use at_plan::service_at;
pub use measure::{measure, Measured, CONTACTS};

/// Moves (one agent added or removed) of the correction by simulation, per
/// interval.
pub const MAX_STEPS: usize = 40;

/// Seed of the staffing simulations (with the group's first pool).
pub const SEED: u64 = 1;

/// The sets of two or more pools linked by `serves`.
pub fn linked(scenario: &Scenario) -> Vec<Vec<usize>> {
    let pairs = scenario
        .pools
        .iter()
        .enumerate()
        .flat_map(|(p, pool)| pool.serves.iter().map(move |&q| (p, q)))
        .map(|(p, q)| (p, scenario.queues[q].pool))
        .collect::<Vec<_>>();
    link(scenario.pools.len(), pairs.into_iter())
        .into_iter()
        .filter(|g| g.len() > 1)
        .collect()
}

/// One queue of a group in one interval.
#[derive(Debug, Clone)]
pub struct QueueLoad<'a> {
    /// The scenario's queue.
    pub queue: &'a Queue,
    /// Index of its own pool in the group.
    pub owner: usize,
    /// Contacts reaching agents in the interval.
    pub volume: f64,
    /// Handle time, seconds.
    pub aht_s: f64,
    /// Offered load, Erlangs.
    pub erlangs: f64,
}

/// What a group's interval is staffed from.
#[derive(Debug, Clone)]
pub struct Problem<'a> {
    /// Interval length, seconds.
    pub interval_s: f64,
    /// The group's queues.
    pub queues: Vec<QueueLoad<'a>>,
    /// Per pool of the group: the group's queues (local indices) it takes
    /// beyond its own, in priority order.
    pub serves: Vec<Vec<usize>>,
    /// Per pool: its least agents (`min_agents_when_open` of its open queues).
    pub floors: Vec<u32>,
    /// Full flexibility's requirement.
    pub pooled: u32,
    /// Separate pools' requirement.
    pub separate: u32,
    /// `routing: random`.
    pub random: bool,
    /// Stream of every simulation of the problem.
    pub seed: u64,
}

/// Staff every group of linked pools ([`linked`]) in every interval, from
/// the queues' own cells (`cells`, for the separate pools' figure).
pub fn staff_groups(
    scenario: &Scenario,
    grid: &TimeGrid,
    demand: &Demand,
    cells: &[Vec<Cell>],
) -> Result<Vec<SkillGroup>, InputError> {
    linked(scenario)
        .into_iter()
        .map(|pools| {
            let queues: Vec<usize> = (0..scenario.queues.len())
                .filter(|&q| {
                    pools.contains(&scenario.queues[q].pool)
                        || pools.iter().any(|&p| scenario.pools[p].serves.contains(&q))
                })
                .collect();
            supported(scenario, &queues)?;
            let problems = (0..grid.len)
                .map(|t| problem(scenario, grid, demand, cells, &pools, &queues, t))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(SkillGroup {
                intervals: solve_all(&problems),
                pools,
                queues,
            })
        })
        .collect()
}

/// Refuse what the group staffing does not handle: e-mail, window targets,
/// and voice mixed with chat (or chats of several concurrencies) among the
/// queues of linked pools.
fn supported(scenario: &Scenario, queues: &[usize]) -> Result<(), InputError> {
    let first = &scenario.queues[queues[0]];
    for &q in queues {
        let queue = &scenario.queues[q];
        if queue.channel == Channel::Email
            || queue.sl_over != Over::Interval
            || queue.channel != first.channel
            || queue.concurrency != first.concurrency
        {
            return Err(InputError::new(
                queue.location.clone(),
                format!("queues[{q}]"),
                format!(
                    "queue `{}` is taken by pools linked by `serves`; multi-skill staffing handles voice (or chat of one concurrency) queues with a per-interval service level only, all of one channel: make it so, or remove `serves`",
                    queue.id
                ),
            ));
        }
    }
    Ok(())
}

/// The problem of interval `t` of the group of `pools` taking `queues`.
fn problem<'a>(
    scenario: &'a Scenario,
    grid: &TimeGrid,
    demand: &Demand,
    cells: &[Vec<Cell>],
    pools: &[usize],
    queues: &[usize],
    t: usize,
) -> Result<Problem<'a>, InputError> {
    let local = |p: usize| pools.iter().position(|&x| x == p).unwrap_or(0);
    let at = |q: usize| queues.iter().position(|&x| x == q).unwrap_or(0);
    let mut floors = vec![0; pools.len()];
    let loads = queues
        .iter()
        .map(|&q| {
            let queue = &scenario.queues[q];
            let d = &demand.queues[q];
            if d.open[t] {
                let f = &mut floors[local(queue.pool)];
                *f = (*f).max(queue.min_agents_when_open);
            }
            QueueLoad {
                queue,
                owner: local(queue.pool),
                volume: d.agent_volume[t],
                aht_s: d.aht_s[t],
                erlangs: cells[q][t].erlangs,
            }
        })
        .collect();
    let pooled = pooled(scenario, queues, grid, demand, t)?;
    Ok(Problem {
        interval_s: grid.interval_s as f64,
        queues: loads,
        serves: pools
            .iter()
            .map(|&p| scenario.pools[p].serves.iter().map(|&q| at(q)).collect())
            .collect(),
        floors,
        pooled,
        separate: queues.iter().map(|&q| cells[q][t].net).sum(),
        random: scenario.routing == crate::scenario::Routing::Random,
        seed: super::rng::derive(SEED, &[pools[0] as u64]),
    })
}

/// Full flexibility's requirement in interval `t`: the group's queues as
/// one Erlang queue ([`merged_load`]) meeting every queue's service level
/// and ASA at that load; at least the sum over the queues of the agents
/// each needs alone to keep within its own occupancy cap (not the
/// strictest cap on the whole); the largest `min_agents_when_open` of the
/// open queues.
fn pooled(
    scenario: &Scenario,
    queues: &[usize],
    grid: &TimeGrid,
    demand: &Demand,
    t: usize,
) -> Result<u32, InputError> {
    let open = queues.iter().filter(|&&q| demand.queues[q].open[t]);
    let floor = open
        .map(|&q| scenario.queues[q].min_agents_when_open)
        .max()
        .unwrap_or(0);
    let Some(load) = merged_load(scenario, queues, grid, demand, t) else {
        return Ok(floor);
    };
    let (mut net, mut capped) = (floor, 0);
    for &q in queues {
        let queue = &scenario.queues[q];
        let d = &demand.queues[q];
        if d.agent_volume[t] <= 0.0 {
            continue;
        }
        let wanted = target(queue);
        let at_merged = crate::erlang::Target {
            max_occupancy: 1.0,
            ..wanted
        };
        // The least agents keeping the queue alone within its cap (a
        // vanishing service level, so only the cap binds).
        let cap_only = crate::erlang::Target {
            sl: 1e-9,
            asa_s: None,
            ..wanted
        };
        let alone = queue_load(queue, d, grid.interval_s as f64, t);
        let fail = |e| failure(scenario, q, grid, t, e);
        net = net.max(
            crate::erlang::required(&load, &at_merged)
                .map_err(fail)?
                .agents,
        );
        capped += crate::erlang::required(&alone, &cap_only)
            .map_err(fail)?
            .agents;
    }
    Ok(net.max(capped))
}

/// Solve every interval's problem, each distinct load once (in parallel;
/// the results do not depend on the order).
fn solve_all(problems: &[Problem<'_>]) -> Vec<GroupCell> {
    let mut distinct: BTreeMap<Vec<u64>, usize> = BTreeMap::new();
    let mut first = Vec::new();
    let index: Vec<usize> = problems
        .iter()
        .enumerate()
        .map(|(t, p)| {
            *distinct.entry(key(p)).or_insert_with(|| {
                first.push(t);
                first.len() - 1
            })
        })
        .collect();
    let solved: Vec<GroupCell> = first.par_iter().map(|&t| solve(&problems[t])).collect();
    index.into_iter().map(|k| solved[k].clone()).collect()
}

/// What distinguishes two intervals' problems of one group.
fn key(p: &Problem<'_>) -> Vec<u64> {
    let mut k: Vec<u64> = p
        .queues
        .iter()
        .flat_map(|q| [q.volume.to_bits(), q.aht_s.to_bits(), q.erlangs.to_bits()])
        .collect();
    k.extend(p.floors.iter().map(|&f| u64::from(f)));
    k.extend([u64::from(p.pooled), u64::from(p.separate)]);
    k
}

/// Simulations of one problem, each allocation once.
struct Evaluator<'p, 'a> {
    problem: &'p Problem<'a>,
    memo: BTreeMap<Vec<u32>, Vec<Measured>>,
}

impl Evaluator<'_, '_> {
    fn at(&mut self, agents: &[u32]) -> Vec<Measured> {
        let p = self.problem;
        self.memo
            .entry(agents.to_vec())
            .or_insert_with(|| measure(p, agents))
            .clone()
    }
}

/// Staff one interval (the method in the module's documentation).
pub fn solve(p: &Problem<'_>) -> GroupCell {
    let n = p.floors.len();
    if p.queues.iter().all(|q| q.volume <= 0.0) {
        return GroupCell {
            agents: p.floors.clone(),
            sl: vec![None; p.queues.len()],
            asa_s: vec![None; p.queues.len()],
            separate: p.separate,
            pooled: p.pooled,
            gain: vec![None; n],
            met: true,
            simulations: 0,
        };
    }
    let mut eval = Evaluator {
        problem: p,
        memo: BTreeMap::new(),
    };
    let mut x = initial(p);
    let mut m = eval.at(&x);
    for _ in 0..MAX_STEPS {
        let next = match worst(p, &m) {
            Some(q) => add(p, &mut eval, &x, q),
            None => remove(p, &mut eval, &x).or_else(|| rebalance(p, &mut eval, &x, &m)),
        };
        match next {
            Some(y) => {
                m = eval.at(&y);
                x = y;
            }
            None => break,
        }
    }
    let gain = (0..n)
        .map(|g| (!p.serves[g].is_empty()).then(|| gain(p, &mut eval, &x, &m, g)))
        .collect();
    GroupCell {
        sl: m.iter().map(|r| r.sl).collect(),
        asa_s: m.iter().map(|r| r.asa_s).collect(),
        met: worst(p, &m).is_none(),
        agents: x,
        separate: p.separate,
        pooled: p.pooled,
        gain,
        simulations: eval.memo.len() as u32,
    }
}

/// The pooled total allocated to the pools owning queues: own load plus
/// square-root safety staff, by largest remainder; then each pool's floor.
pub fn initial(p: &Problem<'_>) -> Vec<u32> {
    let n = p.floors.len();
    let mut load = vec![0.0; n];
    for q in &p.queues {
        load[q.owner] += q.erlangs;
    }
    let total: f64 = load.iter().sum();
    let roots: f64 = load.iter().map(|l: &f64| l.sqrt()).sum();
    let safety = (f64::from(p.pooled) - total).max(0.0);
    let raw: Vec<f64> = load
        .iter()
        .map(|&l| {
            if roots > 0.0 {
                l + safety * l.sqrt() / roots
            } else {
                0.0
            }
        })
        .collect();
    let mut x: Vec<u32> = raw.iter().map(|r| r.floor() as u32).collect();
    let mut order: Vec<usize> = (0..n).filter(|&g| load[g] > 0.0).collect();
    order.sort_by(|&a, &b| (raw[b] - raw[b].floor()).total_cmp(&(raw[a] - raw[a].floor())));
    let short = p.pooled.saturating_sub(x.iter().sum());
    for &g in order.iter().cycle().take(short as usize) {
        x[g] += 1;
    }
    for (g, f) in p.floors.iter().enumerate() {
        x[g] = x[g].max(*f);
    }
    x
}

/// The queue furthest below its target, if any: shortfall in service level,
/// plus the ASA's excess as a share of its target.
fn worst(p: &Problem<'_>, m: &[Measured]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for q in 0..p.queues.len() {
        let s = shortfall(p, m, q);
        if s > 0.0 && best.is_none_or(|(_, b)| s > b) {
            best = Some((q, s));
        }
    }
    best.map(|(q, _)| q)
}

fn shortfall(p: &Problem<'_>, m: &[Measured], q: usize) -> f64 {
    if p.queues[q].volume <= 0.0 {
        return 0.0;
    }
    let t = target(p.queues[q].queue);
    let mut s = 0.0;
    if let (Some(level), Some(sl)) = (p.queues[q].queue.service_level, m[q].sl) {
        s += (level.fraction - sl).max(0.0);
    }
    if let (Some(asa), Some(got)) = (t.asa_s, m[q].asa_s) {
        s += ((got - asa) / asa).max(0.0);
    }
    s
}

/// The least margin over the targets (service level above target, ASA
/// below it as a share).
fn margin(p: &Problem<'_>, m: &[Measured]) -> f64 {
    let mut least = f64::INFINITY;
    for (q, load) in p.queues.iter().enumerate() {
        if load.volume <= 0.0 {
            continue;
        }
        if let (Some(level), Some(sl)) = (load.queue.service_level, m[q].sl) {
            least = least.min(sl - level.fraction);
        }
        if let (Some(asa), Some(got)) = (load.queue.asa_s, m[q].asa_s) {
            least = least.min((asa - got) / asa);
        }
    }
    least
}

/// The pools taking local queue `q`: its own, then those serving it.
fn takers(p: &Problem<'_>, q: usize) -> Vec<usize> {
    let owner = p.queues[q].owner;
    std::iter::once(owner)
        .chain((0..p.serves.len()).filter(|&g| g != owner && p.serves[g].contains(&q)))
        .collect()
}

/// One more agent in the pool, among those taking queue `q`, that leaves
/// the least total shortfall, then the highest volume-weighted service
/// level (ties: the first).
fn add(p: &Problem<'_>, eval: &mut Evaluator<'_, '_>, x: &[u32], q: usize) -> Option<Vec<u32>> {
    let mut best: Option<(Vec<u32>, f64, f64)> = None;
    for g in takers(p, q) {
        let mut y = x.to_vec();
        y[g] += 1;
        let m = eval.at(&y);
        let total: f64 = (0..p.queues.len()).map(|k| shortfall(p, &m, k)).sum();
        let level: f64 = (0..p.queues.len())
            .map(|k| p.queues[k].volume * m[k].sl.unwrap_or(0.0))
            .sum();
        let better = best.as_ref().is_none_or(|(_, s, l)| {
            total < *s - 1e-12 || ((total - *s).abs() <= 1e-12 && level > *l)
        });
        if better {
            best = Some((y, total, level));
        }
    }
    best.map(|(y, _, _)| y)
}

/// One agent fewer where every target still holds with the largest margin
/// (ties: the first candidate), never below the pooled total or a floor:
/// one agent of a pool removed, or two agents of pools whose queues a
/// third pool takes (two of one pool, or one of each of two) replaced by
/// one agent of that pool (two dedicated agents for one cross-trained).
fn remove(p: &Problem<'_>, eval: &mut Evaluator<'_, '_>, x: &[u32]) -> Option<Vec<u32>> {
    if x.iter().sum::<u32>() <= p.pooled {
        return None;
    }
    let mut best: Option<(Vec<u32>, f64)> = None;
    for y in fewer(p, x) {
        let m = eval.at(&y);
        if worst(p, &m).is_some() {
            continue;
        }
        let least = margin(p, &m);
        if best.as_ref().is_none_or(|(_, b)| least > *b) {
            best = Some((y, least));
        }
    }
    best.map(|(y, _)| y)
}

/// When no agent can go: one agent of a pool whose queues a cross-trained
/// pool takes moved to that pool, if every target then holds with a
/// strictly larger margin (so the moves cannot cycle), the largest first.
fn rebalance(
    p: &Problem<'_>,
    eval: &mut Evaluator<'_, '_>,
    x: &[u32],
    m: &[Measured],
) -> Option<Vec<u32>> {
    if x.iter().sum::<u32>() <= p.pooled {
        return None;
    }
    let mut best: Option<(Vec<u32>, f64)> = None;
    let now = margin(p, m);
    for f in (0..x.len()).filter(|&f| !p.serves[f].is_empty()) {
        for a in (0..x.len()).filter(|&a| a != f && x[a] > p.floors[a]) {
            let shares =
                (0..p.queues.len()).any(|q| p.queues[q].owner == a && p.serves[f].contains(&q));
            if !shares {
                continue;
            }
            let mut y = x.to_vec();
            y[a] -= 1;
            y[f] += 1;
            let my = eval.at(&y);
            let least = margin(p, &my);
            if worst(p, &my).is_none()
                && least > now + 1e-9
                && best.as_ref().is_none_or(|(_, b)| least > *b)
            {
                best = Some((y, least));
            }
        }
    }
    best.map(|(y, _)| y)
}

/// The allocations one agent below `x` that [`remove`] tries, in order.
fn fewer(p: &Problem<'_>, x: &[u32]) -> Vec<Vec<u32>> {
    let above = |g: usize| x[g] > p.floors[g];
    let mut out = Vec::new();
    for g in (0..x.len()).filter(|&g| above(g)) {
        let mut y = x.to_vec();
        y[g] -= 1;
        out.push(y);
    }
    for f in (0..x.len()).filter(|&f| !p.serves[f].is_empty()) {
        let mut others: Vec<usize> = (0..p.queues.len())
            .filter(|&q| p.queues[q].owner == f || p.serves[f].contains(&q))
            .map(|q| p.queues[q].owner)
            .filter(|&g| g != f && above(g))
            .collect();
        others.sort_unstable();
        others.dedup();
        for (i, &a) in others.iter().enumerate() {
            for &b in &others[i..] {
                let mut y = x.to_vec();
                y[a] -= 1;
                if y[b] <= p.floors[b] {
                    continue;
                }
                y[b] -= 1;
                y[f] += 1;
                out.push(y);
            }
        }
    }
    out
}

/// Volume-weighted service level gain over the queues pool `g` takes with
/// one more of its agents.
fn gain(p: &Problem<'_>, eval: &mut Evaluator<'_, '_>, x: &[u32], m: &[Measured], g: usize) -> f64 {
    let mut y = x.to_vec();
    y[g] += 1;
    let more = eval.at(&y);
    let (mut sum, mut weight) = (0.0, 0.0);
    for q in 0..p.queues.len() {
        if p.queues[q].owner != g && !p.serves[g].contains(&q) {
            continue;
        }
        if let (Some(a), Some(b)) = (m[q].sl, more[q].sl) {
            sum += p.queues[q].volume * (b - a);
            weight += p.queues[q].volume;
        }
    }
    if weight > 0.0 {
        sum / weight
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests;
