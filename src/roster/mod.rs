//! The roster: the shift plan turned into named agents under the labour
//! rules, every rule hard.
//!
//! # Rules (all site-local, all hard)
//!
//! An agent works at most one shift per site-local day (the day a shift
//! starts on). For every agent:
//!
//! - **rest**: between the end of one shift and the start of the next, at
//!   least `rules.min_rest` (UTC instants, so a daylight-saving change counts);
//! - **consecutive days**: no run of more than `rules.max_consecutive_days`
//!   working days;
//! - **consecutive nights**: no run of more than
//!   `rules.max_consecutive_nights` days each worked on a night shift. A shift
//!   is a **night** when at least min(3 h, window length) of it falls inside
//!   `rules.night_window` (on any day; the window is site-local wall-clock
//!   time, `22:00-06:00` by default) — the "three hours of working time
//!   during night time" of the EU Working Time Directive 2003/88/EC, art. 2;
//! - **weekly hours**: paid hours in each week of the horizon (days 0–6,
//!   7–13, … from `site.start`) at most `rules.max_weekly_hours` and at
//!   most the agent's `contract_hours`;
//! - with `shifts.week`: at most `work_days` working days a week, the days
//!   off of each week one run (wrapping over the week's end, as the tours
//!   do) when `days_off: consecutive`, and the start times of a week within
//!   `start_drift` of each other (the smallest arc of the 24 h clock that
//!   holds them all);
//! - from the staff CSV: no night shift when `nights_ok` is no, no start
//!   before `earliest_start`, no end after `latest_end` (measured from the
//!   midnight of the start day, so a shift past midnight ends after any
//!   `latest_end`).
//!
//! When `site.cyclic` is true and the horizon is whole weeks, the roster
//! repeats as a rotation: rest, runs of days and runs of nights are counted
//! across the wrap from the last day back to the first. Otherwise agents
//! are taken to be rested before the first day
//! ([`crate::scenario::Site::repeats`]).
//!
//! # Method
//!
//! The horizon is cut into blocks: weeks when the plan is made of weekly
//! tours, else days. Each block's items — a tour (the same start on
//! `work_days` days of one week) or a daily shift — are matched to agents,
//! one item per agent per block, in two passes:
//!
//! 1. **Greedy, fair**: items in order of burden (night shifts + weekend
//!    days, most first); each goes to the first free agent that may take it
//!    in the order (nights + weekend days worked so far, fewest first; then
//!    preferred days off kept; then agent order). Heavy weeks thus go to the
//!    agents who had light ones, which rotates night duty and weekends
//!    between weeks. With daily shifts the order puts the agent whose last
//!    start was closest to the shift's first, so agents keep their shift.
//! 2. **Augmenting paths** (Kuhn 1955): an item left over takes an agent
//!    from another item that can move to a free agent, so the block gets a
//!    maximum matching between items and agents.
//!
//! With weekly tours, when this fair pass needs more agents than the
//! busiest week has tours (or leaves shifts open), two more passes run:
//! over several weeks a **lines** pass puts each agent on one of the plan's
//! lines ([`crate::shifts::PoolPlan::lines`]: the plan's own matching of
//! each week's tours to the agents of the week before, which keeps the
//! rules between weeks and over the wrap), and a **steady** pass puts each
//! agent on the same tour as the week before where it can (no rotation, so
//! rest and days-in-a-row hold over week boundaries). The pass with fewer
//! open shifts, then fewer agents, is kept (fair, lines, steady on a tie).
//! Over several weeks the lines pass also replaces a fair pass that staffed
//! everything when it does so too, with no more agents, and shares nights
//! out better (the lines were rotated over the whole horizon).
//! The spread reported in summary.json shows which one it was.
//!
//! With `agents: {count: auto}` what is still left gets a new agent; with a
//! fixed headcount or a staff list it is unstaffed: [`Unstaffed`] (exit 3)
//! under hard coverage, an open row in roster.csv under `coverage: soft`.
//! Cost: O(items × agents) rule checks per block, each O(days) — a 2 000-agent
//! 4-week roster takes about a quarter of a second (docs/benchmarks.md). The method
//! is a heuristic: a fixed staff list that a cleverer search could staff may
//! be refused; the diagnosis then names what blocked each agent.
//!
//! Break times: the k-th agent on a shift (in agent order) takes the k-th
//! break combination of [`crate::shifts::agent_breaks`], so the roster
//! reproduces the plan's per-slot break counts, hence its coverage, exactly.

use crate::scenario::{Agent, Agents, Scenario};
use crate::shifts::ShiftPlan;
use crate::staffing::Staffed;

mod assemble;
mod blocks;
mod failure;
mod matching;
mod rules;

pub use blocks::BlockKind;
pub use failure::{Blocked, Open, Unstaffed};
pub use rules::{drift_min, Rule};

use matching::{Headcount, Pool, PoolRoster};
use rules::Staff;

/// One agent of the roster with their totals.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterAgent {
    /// Staff id (`A0001`… when generated).
    pub id: String,
    /// Name.
    pub name: String,
    /// Pool index.
    pub pool: usize,
    /// Paid hours over the horizon.
    pub hours: f64,
    /// Night shifts worked.
    pub nights: u32,
    /// Days worked that are weekend days (`costs.weekend_days`).
    pub weekend_days: u32,
    /// Late shifts worked (see the module doc).
    pub lates: u32,
    /// Days worked.
    pub days: u32,
}

/// One agent (or an open slot) on one planned shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Duty {
    /// Index into [`Roster::agents`]; `None` for a shift left open.
    pub agent: Option<usize>,
    /// Pool index.
    pub pool: usize,
    /// Index into the pool's [`crate::shifts::PoolModel::shifts`].
    pub shift: usize,
    /// Start of each template break, seconds after the shift start.
    pub breaks: Vec<u32>,
    /// Whether the shift is a night (see the module doc).
    pub night: bool,
    /// Whether the shift is a late (see the module doc).
    pub late: bool,
}

/// Minimum and maximum of a figure over the agents.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Range {
    /// Least.
    pub min: f64,
    /// Most.
    pub max: f64,
}

/// The roster of every pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    /// Agents, in id order within pools in scenario order.
    pub agents: Vec<RosterAgent>,
    /// Duties, by agent then day; open ones last.
    pub duties: Vec<Duty>,
    /// How the items were formed: `weekly tours` or `daily shifts`.
    pub method: &'static str,
    /// Shifts left open (soft coverage only), with why.
    pub open: Vec<Open>,
}

/// Least and most of each figure over the agents who work at all.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Spread {
    /// Night shifts.
    pub nights: Range,
    /// Weekend days.
    pub weekend_days: Range,
    /// Late shifts.
    pub lates: Range,
    /// Paid hours.
    pub hours: Range,
}

impl Roster {
    /// Spread of nights, weekend days, lates and hours over the agents who
    /// work at all (an idle agent of a fixed headcount would make every
    /// minimum 0).
    pub fn spread(&self) -> Spread {
        spread(&self.agents)
    }
}

/// [`Roster::spread`] of any group of agents, such as one pool's.
pub fn spread<'a>(agents: impl IntoIterator<Item = &'a RosterAgent>) -> Spread {
    let working: Vec<&RosterAgent> = agents.into_iter().filter(|a| a.days > 0).collect();
    let range = |f: &dyn Fn(&RosterAgent) -> f64| {
        if working.is_empty() {
            return Range::default();
        }
        Range {
            min: working.iter().map(|a| f(a)).fold(f64::INFINITY, f64::min),
            max: working
                .iter()
                .map(|a| f(a))
                .fold(f64::NEG_INFINITY, f64::max),
        }
    };
    Spread {
        nights: range(&|a| f64::from(a.nights)),
        weekend_days: range(&|a| f64::from(a.weekend_days)),
        lates: range(&|a| f64::from(a.lates)),
        hours: range(&|a| a.hours),
    }
}

/// Roster every pool of `plan` with the scenario's agents and rules.
///
/// Under hard coverage a shift no agent can take is an [`Unstaffed`] error
/// (exit 3); under `coverage: soft` it stays open in the roster.
pub fn build(staffed: &Staffed, plan: &ShiftPlan) -> Result<Roster, Unstaffed> {
    let pools: Vec<Pool> = plan.pools.iter().map(|pp| Pool::new(staffed, pp)).collect();
    let results = staff_pools(&staffed.scenario, plan, &pools);
    assemble::assemble(&staffed.scenario, plan, &pools, results)
}

/// Each pool rostered with its agents: as many as it needs
/// (`agents: {count: auto}`), its share of a fixed headcount in proportion
/// to those needs, or the staff list's agents of the pool.
fn staff_pools(sc: &Scenario, plan: &ShiftPlan, pools: &[Pool]) -> Vec<PoolRoster> {
    match &sc.agents {
        Agents::Auto => pools
            .iter()
            .map(|p| p.roster(Vec::new(), Headcount::Grow))
            .collect(),
        Agents::Count(n) => {
            let need: Vec<u32> = pools
                .iter()
                .map(|p| p.roster(Vec::new(), Headcount::Grow).staff.len() as u32)
                .collect();
            let share = crate::shifts::apportion(*n, &need);
            pools
                .iter()
                .zip(share)
                .map(|(p, n)| {
                    let staff = (0..n as usize)
                        .map(|k| Staff::blank(format!("{k}")))
                        .collect();
                    p.roster(staff, Headcount::Fixed)
                })
                .collect()
        }
        Agents::List(list) => pools
            .iter()
            .zip(&plan.pools)
            .map(|(p, pp)| p.roster(listed(list, pp.model.pool), Headcount::Fixed))
            .collect(),
    }
}

/// The agents of the staff list in pool `pool`, with their own limits.
fn listed(list: &[Agent], pool: usize) -> Vec<Staff> {
    list.iter()
        .filter(|a| a.pool == pool)
        .map(|a| Staff {
            id: a.id.clone(),
            name: a.name.clone(),
            cap_s: a.contract_hours.map(|h| (h * 3600.0).round() as u32),
            nights_ok: a.nights_ok,
            prefer_off: a.days_off_preference,
            earliest: a.earliest_start.map(|t| t.minutes()),
            latest: a.latest_end.map(|t| t.minutes()),
        })
        .collect()
}

#[cfg(test)]
mod tests;
