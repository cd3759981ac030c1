//! Requirements: agents needed per queue and per pool in every interval.
//!
//! Voice and chat queues use Erlang C, or Erlang A when `patience` is set
//! (see [`crate::erlang`]); e-mail queues use the deadline rule. `net` is the
//! agents needed on the floor; `gross` is net ÷ (1 − shrinkage), rounded up
//! exactly. `min_agents_when_open` raises net whenever the queue is open.
//!
//! Pools: `separate` needs the sum of its queues' net figures. `merged` treats
//! its voice (or chat) queues as one FIFO queue: total arrival rate, the
//! volume-weighted AHT (and patience), and the least N that meets every
//! member queue's own target, occupancy cap and ASA at that merged load; its
//! e-mail queues are added on top. Pool gross = ⌈pool net ÷ (1 − pool shrinkage)⌉.

use rayon::prelude::*;

use crate::demand::{Demand, QueueDemand};
use crate::erlang::{self, Load, Target};
use crate::error::InputError;
use crate::scenario::{Channel, Pooling, Queue, Scenario, MAX_AGENTS};
use crate::timegrid::{stamp, TimeGrid};
use crate::units::Over;

mod limits;
pub mod skills;
mod window;

use limits::erlang_set_by;
pub use limits::{mean_occupancy, set_by_shares, Limit, SetBy};
pub use window::{
    floor_target, window_steps, WindowRow, WindowSteps, LOOKAHEAD, MAX_STEPS, WINDOW_TOLERANCE,
};

/// Figures of one queue in one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Offered load of the agent volume, Erlangs.
    pub erlangs: f64,
    /// Agents needed on the floor (integer).
    pub net: u32,
    /// Before rounding: equal to `net` for Erlang queues, the fractional
    /// deadline staffing for e-mail.
    pub net_raw: f64,
    /// net ÷ (1 − shrinkage), unrounded.
    pub gross_raw: f64,
    /// Agents to schedule: ⌈net ÷ (1 − shrinkage)⌉.
    pub gross: u32,
    /// Service level at `net` (voice and chat).
    pub sl: Option<f64>,
    /// ASA at `net`, seconds (voice and chat).
    pub asa_s: Option<f64>,
    /// Occupancy at `net`.
    pub occupancy: f64,
    /// P(abandon) at `net` (Erlang A).
    pub p_abandon: Option<f64>,
    /// The limits that set `net`.
    pub set_by: SetBy,
}

/// A pool's requirement per interval.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PoolRequirement {
    /// Offered load, Erlangs.
    pub erlangs: Vec<f64>,
    /// Agents needed on the floor.
    pub net: Vec<u32>,
    /// Net before rounding.
    pub net_raw: Vec<f64>,
    /// Gross before rounding.
    pub gross_raw: Vec<f64>,
    /// Agents to schedule.
    pub gross: Vec<u32>,
}

/// Requirements of every queue and pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirements {
    /// Per queue, per interval.
    pub queues: Vec<Vec<Cell>>,
    /// Per pool (for pools linked by `serves`, their share of the group's
    /// staffing in [`Requirements::skills`]).
    pub pools: Vec<PoolRequirement>,
    /// Per set of pools linked by `serves` (empty when none is).
    pub skills: Vec<skills::SkillGroup>,
}

/// Staff every queue and pool. Fails (as bad input) only where a target
/// cannot be met at any staffing, naming the queue and interval.
pub fn build(
    scenario: &Scenario,
    grid: &TimeGrid,
    demand: &Demand,
) -> Result<Requirements, InputError> {
    let queues = scenario
        .queues
        .par_iter()
        .enumerate()
        .map(|(q, queue)| queue_cells(scenario, q, queue, grid, &demand.queues[q]))
        .collect::<Result<Vec<_>, _>>()?;
    let pools = (0..scenario.pools.len())
        .into_par_iter()
        .map(|p| pool_requirement(scenario, p, grid, demand, &queues))
        .collect::<Result<Vec<_>, _>>()?;
    for (p, req) in pools.iter().enumerate() {
        if let Some(i) = req.gross.iter().position(|g| *g > MAX_AGENTS) {
            let pool = &scenario.pools[p];
            return Err(InputError::new(
                pool.location.clone(),
                format!("pools[{p}]"),
                format!(
                    "pool `{}` would need {} agents at {}, more than the {MAX_AGENTS} a plan can hold; check the volumes, handle times and shrinkage",
                    pool.id,
                    req.gross[i],
                    stamp(grid.at(i), grid.site_tz),
                ),
            ));
        }
    }
    check_site_size(scenario, grid, &pools)?;
    Ok(Requirements {
        queues,
        pools,
        skills: Vec::new(),
    })
}

/// `requirements` with the staffing of the groups of linked pools
/// (computed by [`crate::simulate::skills::staff_groups`]): each pool's
/// net requirement its share, gross after its shrinkage.
pub fn with_groups(
    scenario: &Scenario,
    mut requirements: Requirements,
    groups: Vec<skills::SkillGroup>,
) -> Requirements {
    for group in &groups {
        for (k, &p) in group.pools.iter().enumerate() {
            let s = scenario.pools[p].shrinkage.total;
            let req = &mut requirements.pools[p];
            req.net = group.intervals.iter().map(|c| c.agents[k]).collect();
            req.net_raw = req.net.iter().map(|&n| f64::from(n)).collect();
            req.gross_raw = req.net.iter().map(|n| gross(*n, s).0).collect();
            req.gross = req.net.iter().map(|n| gross(*n, s).1).collect();
        }
    }
    requirements.skills = groups;
    requirements
}

/// Refuse a site too large to plan before the shift plan tries: no agent is
/// on the floor longer than the longest template on each day they may work,
/// so the agent-hours the pools need, divided by that, is a lower bound on
/// the agents any plan employs.
fn check_site_size(
    scenario: &Scenario,
    grid: &TimeGrid,
    pools: &[PoolRequirement],
) -> Result<(), InputError> {
    let longest_h = scenario
        .shifts
        .templates
        .iter()
        .map(|t| f64::from(t.length_s) / 3600.0)
        .fold(0.0, f64::max);
    let days = f64::from(scenario.site.days);
    let most_days = scenario
        .shifts
        .templates
        .iter()
        .map(|t| t.week.as_ref().map_or(7, |w| w.work_days))
        .max()
        .unwrap_or(7);
    let days_worked = (f64::from(most_days) * (days / 7.0).ceil()).min(days);
    let agent_hours = pools
        .iter()
        .flat_map(|r| &r.gross)
        .map(|&g| f64::from(g))
        .sum::<f64>()
        * grid.hours();
    if longest_h <= 0.0 || days_worked <= 0.0 {
        return Ok(());
    }
    let agents = (agent_hours / (longest_h * days_worked)).floor();
    if agents > f64::from(MAX_AGENTS) {
        return Err(InputError::new(
            crate::error::Location::file(&scenario.source),
            "queues",
            format!(
                "the queues need {agent_hours:.0} agent-hours on the floor, at least {agents:.0} agents at {longest_h} h a day on {days_worked} days; a plan holds at most {MAX_AGENTS} agents: check the volumes and handle times, or plan the site in parts"
            ),
        ));
    }
    Ok(())
}

/// The service targets of a queue.
pub fn target(queue: &Queue) -> Target {
    let sl = queue
        .service_level
        .map_or((1.0, 0.0), |s| (s.fraction, s.seconds));
    Target {
        sl: sl.0,
        sl_seconds: sl.1,
        asa_s: queue.asa_s,
        max_occupancy: queue.max_occupancy,
    }
}

/// Gross (raw, rounded) of `net` agents at shrinkage `s`. The scenario
/// guarantees 0 ≤ s < 1, the only case the shrinkage functions refuse.
fn gross(net: u32, s: f64) -> (f64, u32) {
    let net = f64::from(net);
    let raw = erlang::gross_raw(net, s).unwrap_or(net);
    let rounded = erlang::with_shrinkage(net, s).unwrap_or(net);
    (raw, rounded as u32)
}

fn shrinkage_of(scenario: &Scenario, queue: &Queue) -> f64 {
    scenario.pools[queue.pool].shrinkage.total
}

/// The scenario key for an Erlang input named like a batch column.
fn key_name(field: &'static str) -> &'static str {
    match field {
        "volume" => "forecast",
        "aht_s" => "aht",
        "sl_target" | "sl_seconds" => "service_level",
        "asa_s" => "asa",
        "patience_s" => "patience",
        "deadline_s" => "deadline",
        other => other,
    }
}

/// A queue that cannot be staffed in interval `i`, as bad input.
pub(crate) fn failure(
    scenario: &Scenario,
    q: usize,
    grid: &TimeGrid,
    i: usize,
    e: erlang::ErlangError,
) -> InputError {
    let e = e.message_as(key_name);
    let queue = &scenario.queues[q];
    InputError::new(
        queue.location.clone(),
        format!("queues[{q}]"),
        format!(
            "queue `{}` cannot be staffed at {} (client {}): {e}",
            queue.id,
            stamp(grid.at(i), grid.site_tz),
            stamp(grid.at(i), queue.timezone)
        ),
    )
}

/// An e-mail queue's cells: the deadline rule at the occupancy cap, raised
/// to `floor` where the queue is open.
fn email_cells(
    scenario: &Scenario,
    q: usize,
    queue: &Queue,
    grid: &TimeGrid,
    d: &QueueDemand,
    floor: impl Fn(usize) -> u32,
) -> Result<Vec<Cell>, InputError> {
    let shrinkage = shrinkage_of(scenario, queue);
    let interval_s = grid.interval_s as f64;
    let work: Vec<f64> = (0..grid.len)
        .map(|i| d.agent_volume[i] * d.aht_s[i])
        .collect();
    let deadline = queue.deadline_s.unwrap_or(interval_s);
    let profile = erlang::deadline_profile(&work, interval_s, deadline, scenario.site.cyclic)
        .map_err(|e| failure(scenario, q, grid, 0, e))?;
    Ok((0..grid.len)
        .map(|i| {
            let net_raw = profile[i] / queue.max_occupancy;
            let by_deadline = erlang::ceil_exact(net_raw) as u32;
            let net = by_deadline.max(floor(i));
            let erlangs = work[i] / interval_s;
            let mut set_by = SetBy::default();
            if net > 0 && by_deadline == net {
                set_by = set_by.with(Limit::Deadline);
            }
            if net > 0 && floor(i) == net {
                set_by = set_by.with(Limit::MinAgents);
            }
            Cell {
                erlangs,
                net,
                net_raw,
                gross_raw: gross(net, shrinkage).0,
                gross: gross(net, shrinkage).1,
                sl: None,
                asa_s: None,
                occupancy: if net > 0 {
                    erlangs / f64::from(net)
                } else {
                    0.0
                },
                p_abandon: None,
                set_by,
            }
        })
        .collect())
}

fn queue_cells(
    scenario: &Scenario,
    q: usize,
    queue: &Queue,
    grid: &TimeGrid,
    d: &QueueDemand,
) -> Result<Vec<Cell>, InputError> {
    let shrinkage = shrinkage_of(scenario, queue);
    let interval_s = grid.interval_s as f64;
    let floor = |i: usize| {
        if d.open[i] {
            queue.min_agents_when_open
        } else {
            0
        }
    };
    if queue.channel == Channel::Email {
        return email_cells(scenario, q, queue, grid, d, floor);
    }
    if queue.sl_over != Over::Interval {
        return window::window_cells(scenario, q, grid, d, floor);
    }
    let target = target(queue);
    (0..grid.len)
        .map(|i| {
            let load = queue_load(queue, d, interval_s, i);
            let mut fig =
                erlang::required(&load, &target).map_err(|e| failure(scenario, q, grid, i, e))?;
            if fig.agents < floor(i) {
                fig = erlang::figures_at(&load, &target, floor(i))
                    .map_err(|e| failure(scenario, q, grid, i, e))?;
            }
            let net = fig.agents;
            Ok(Cell {
                erlangs: fig.erlangs,
                net,
                net_raw: f64::from(net),
                gross_raw: gross(net, shrinkage).0,
                gross: gross(net, shrinkage).1,
                sl: Some(fig.sl),
                asa_s: Some(fig.asa_s),
                occupancy: fig.occupancy,
                p_abandon: fig.p_abandon,
                set_by: erlang_set_by(&load, &target, net, floor(i)),
            })
        })
        .collect()
}

fn pool_requirement(
    scenario: &Scenario,
    p: usize,
    grid: &TimeGrid,
    demand: &Demand,
    cells: &[Vec<Cell>],
) -> Result<PoolRequirement, InputError> {
    let pool = &scenario.pools[p];
    let s = pool.shrinkage.total;
    let mut req = PoolRequirement {
        erlangs: vec![0.0; grid.len],
        net: vec![0; grid.len],
        net_raw: vec![0.0; grid.len],
        ..Default::default()
    };
    if let Some(rows) = &pool.requirement {
        // Each row holds until the next row's start (at most one grid step
        // past it); an interval takes the largest value that overlaps it.
        for (k, row) in rows.iter().enumerate() {
            let until = rows.get(k + 1).map_or(
                row.start + chrono::Duration::seconds(grid.interval_s),
                |n| n.start,
            );
            for i in 0..grid.len {
                if grid.at(i) < until && grid.at(i + 1) > row.start {
                    req.net_raw[i] = req.net_raw[i].max(row.agents);
                }
            }
        }
        for i in 0..grid.len {
            req.net[i] = erlang::ceil_exact(req.net_raw[i]) as u32;
            req.erlangs[i] = req.net_raw[i];
        }
    } else {
        let members: Vec<usize> = scenario.queues_of(p).map(|(q, _)| q).collect();
        let (merged, apart): (Vec<usize>, Vec<usize>) = members.iter().partition(|&&q| {
            pool.pooling == Pooling::Merged && scenario.queues[q].channel != Channel::Email
        });
        for &q in &apart {
            for (i, c) in cells[q].iter().enumerate() {
                req.erlangs[i] += c.erlangs;
                req.net[i] = req.net[i].saturating_add(c.net);
                req.net_raw[i] += c.net_raw;
            }
        }
        let windowed = merged
            .iter()
            .any(|&q| scenario.queues[q].sl_over != Over::Interval);
        if windowed {
            let net = window::merged_window_net(scenario, &merged, grid, demand)?;
            for (i, n) in net.into_iter().enumerate() {
                let load = merged_load(scenario, &merged, grid, demand, i);
                req.erlangs[i] += load.map_or(0.0, |l| l.erlangs());
                req.net[i] = req.net[i].saturating_add(n);
                req.net_raw[i] += f64::from(n);
            }
        } else if !merged.is_empty() {
            for i in 0..grid.len {
                let (erlangs, net) = merged_interval(scenario, &merged, grid, demand, i)?;
                req.erlangs[i] += erlangs;
                req.net[i] = req.net[i].saturating_add(net);
                req.net_raw[i] += f64::from(net);
            }
        }
    }
    req.gross_raw = req.net.iter().map(|n| gross(*n, s).0).collect();
    req.gross = req.net.iter().map(|n| gross(*n, s).1).collect();
    Ok(req)
}

/// The merged members of a pool as one FIFO queue in interval `i`: total
/// volume, volume-weighted AHT and patience. `None` when there is no volume.
pub fn merged_load(
    scenario: &Scenario,
    members: &[usize],
    grid: &TimeGrid,
    demand: &Demand,
    i: usize,
) -> Option<Load> {
    let volume: f64 = members
        .iter()
        .map(|&q| demand.queues[q].agent_volume[i])
        .sum();
    if volume <= 0.0 {
        return None;
    }
    let weighted = |f: &dyn Fn(usize) -> f64| {
        members
            .iter()
            .map(|&q| demand.queues[q].agent_volume[i] * f(q))
            .sum::<f64>()
            / volume
    };
    let first = &scenario.queues[members[0]];
    // A merged pool's queues all have patience or none (validated); a skill
    // group's may mix them: the mean over those that have one.
    let (mut patient, mut patience) = (0.0, 0.0);
    for &q in members {
        if let Some(p) = scenario.queues[q].patience_s {
            patient += demand.queues[q].agent_volume[i];
            patience += demand.queues[q].agent_volume[i] * p;
        }
    }
    Some(Load {
        volume,
        interval_s: grid.interval_s as f64,
        aht_s: weighted(&|q| demand.queues[q].aht_s[i]),
        patience_s: (patient > 0.0).then(|| patience / patient),
        concurrency: first.concurrency,
    })
}

/// One FIFO queue for the merged members in interval `i`: (Erlangs, net agents).
fn merged_interval(
    scenario: &Scenario,
    members: &[usize],
    grid: &TimeGrid,
    demand: &Demand,
    i: usize,
) -> Result<(f64, u32), InputError> {
    let floor = members
        .iter()
        .filter(|&&q| demand.queues[q].open[i])
        .map(|&q| scenario.queues[q].min_agents_when_open)
        .max()
        .unwrap_or(0);
    let Some(load) = merged_load(scenario, members, grid, demand, i) else {
        return Ok((0.0, floor));
    };
    let mut net = floor;
    for &q in members
        .iter()
        .filter(|&&q| demand.queues[q].agent_volume[i] > 0.0)
    {
        let fig = erlang::required(&load, &target(&scenario.queues[q]))
            .map_err(|e| failure(scenario, q, grid, i, e))?;
        net = net.max(fig.agents);
    }
    Ok((load.erlangs(), net))
}

/// One queue's own load in interval `i`.
pub fn queue_load(queue: &Queue, d: &QueueDemand, interval_s: f64, i: usize) -> Load {
    Load {
        volume: d.agent_volume[i],
        interval_s,
        aht_s: d.aht_s[i],
        patience_s: queue.patience_s,
        concurrency: queue.concurrency,
    }
}

/// A scenario with its demand and requirements.
#[derive(Debug, Clone)]
pub struct Staffed {
    /// The validated scenario.
    pub scenario: Scenario,
    /// Its time grid.
    pub grid: TimeGrid,
    /// Contacts per queue and interval.
    pub demand: Demand,
    /// Agents needed per queue, pool and interval.
    pub requirements: Requirements,
}

impl Staffed {
    /// The interval with the highest gross requirement of queue `q` (first on ties).
    pub fn queue_peak(&self, q: usize) -> Option<usize> {
        peak_of(self.requirements.queues[q].iter().map(|c| c.gross))
    }

    /// The interval with the highest gross requirement of pool `p`.
    pub fn pool_peak(&self, p: usize) -> Option<usize> {
        peak_of(self.requirements.pools[p].gross.iter().copied())
    }
}

fn peak_of(values: impl Iterator<Item = u32>) -> Option<usize> {
    let mut best: Option<(usize, u32)> = None;
    for (i, v) in values.enumerate() {
        if best.is_none_or(|(_, b)| v > b) {
            best = Some((i, v));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests;
