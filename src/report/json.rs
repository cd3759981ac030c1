//! `summary.json`: totals and per-queue and per-pool figures. Everything but
//! the `timings` object is a pure function of the input.

use serde::Serialize;

use crate::figures::PlanFigures;
use crate::pipeline::Timings;
use crate::roster::Roster;
use crate::scenario::{channel_name, Pooling};
use crate::staffing::Staffed;
use crate::timegrid::stamp;
use crate::units::round;
#[derive(Serialize)]
struct Summary<'a> {
    scenario: &'a str,
    kind: &'static str,
    site: Site<'a>,
    totals: Totals,
    queues: Vec<QueueSummary>,
    pools: Vec<PoolSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a PlanFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    roster: Option<RosterSummary>,
    /// Groups of pools linked by `serves` (absent when none is).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skills: Vec<super::skills::GroupTotals>,
    /// Without a plan: each `share: auto` split at the shares used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    auto_splits: Vec<super::sites::UnchosenSplit>,
    timings: &'a Timings,
}

#[derive(Serialize)]
struct RosterSummary {
    method: &'static str,
    agents: usize,
    agents_working: usize,
    open_shifts: u32,
    /// Least and most over the agents who work at all.
    spread: RosterSpread,
    per_agent: Vec<AgentTotals>,
}

#[derive(Serialize)]
struct RosterSpread {
    nights: [u32; 2],
    weekend_days: [u32; 2],
    lates: [u32; 2],
    hours: [f64; 2],
}

#[derive(Serialize)]
struct AgentTotals {
    id: String,
    name: String,
    pool: String,
    days: u32,
    hours: f64,
    nights: u32,
    weekend_days: u32,
    lates: u32,
}

fn roster_summary(s: &Staffed, r: &Roster) -> RosterSummary {
    let crate::roster::Spread {
        nights,
        weekend_days: weekend,
        lates,
        hours,
    } = r.spread();
    RosterSummary {
        method: r.method,
        agents: r.agents.len(),
        agents_working: r.agents.iter().filter(|a| a.days > 0).count(),
        open_shifts: r.open.iter().map(|o| o.agents).sum(),
        spread: RosterSpread {
            nights: [nights.min as u32, nights.max as u32],
            weekend_days: [weekend.min as u32, weekend.max as u32],
            lates: [lates.min as u32, lates.max as u32],
            hours: [round(hours.min, 2), round(hours.max, 2)],
        },
        per_agent: r
            .agents
            .iter()
            .map(|a| AgentTotals {
                id: a.id.clone(),
                name: a.name.clone(),
                pool: s.scenario.pools[a.pool].id.clone(),
                days: a.days,
                hours: round(a.hours, 2),
                nights: a.nights,
                weekend_days: a.weekend_days,
                lates: a.lates,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Site<'a> {
    timezone: &'a str,
    start: String,
    days: u32,
    interval_minutes: u32,
    intervals: usize,
    /// `None` when no hourly rate is given (costs are then paid hours).
    currency: Option<&'a str>,
    /// What `plan.cost` is ([`crate::figures::cost_unit`]).
    cost_unit: String,
    /// The one implicit site's public holidays (without `sites:`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    holidays: Vec<crate::figures::HolidayFigure>,
}

#[derive(Serialize)]
struct Totals {
    offered_volume: f64,
    agent_volume: f64,
    required_hours_net: f64,
    required_hours_gross: f64,
    peak_gross_agents: u32,
}

#[derive(Serialize)]
struct Peak {
    site_time: String,
    client_time: Option<String>,
    erlangs: f64,
    net: u32,
    gross: u32,
}

#[derive(Serialize)]
struct QueueSummary {
    id: String,
    client: String,
    timezone: String,
    channel: &'static str,
    pool: String,
    offered_volume: f64,
    agent_volume: f64,
    bot_containment: f64,
    service_level_target: Option<String>,
    deadline_minutes: Option<f64>,
    required_hours_net: f64,
    required_hours_gross: f64,
    peak: Option<Peak>,
}

#[derive(Serialize)]
struct PoolSummary {
    id: String,
    pooling: Pooling,
    shrinkage: f64,
    required_hours_net: f64,
    required_hours_gross: f64,
    peak: Option<Peak>,
}

/// The summary of a requirements run (`staff`), and of a plan when given.
pub fn summary(s: &Staffed, plan: Option<&PlanFigures>, timings: &Timings) -> String {
    summary_with_roster(s, plan, None, timings)
}

/// [`summary`] with the roster's totals: per agent (days, hours, nights,
/// weekend days, late shifts) and their spread (`[min, max]` over working agents).
pub fn summary_with_roster(
    s: &Staffed,
    plan: Option<&PlanFigures>,
    roster: Option<&Roster>,
    timings: &Timings,
) -> String {
    let sc = &s.scenario;
    let queues = queue_summaries(s);
    let pools = pool_summaries(s);
    let totals = totals(s, &pools);
    let summary = Summary {
        scenario: &sc.name,
        kind: if plan.is_some() {
            "plan"
        } else {
            "requirements"
        },
        site: Site {
            timezone: sc.site.timezone.name(),
            start: sc.site.start.to_string(),
            days: sc.site.days,
            interval_minutes: sc.site.interval_s / 60,
            intervals: s.grid.len,
            currency: sc.costs.priced.then_some(sc.currency.as_str()),
            cost_unit: crate::figures::cost_unit(sc),
            holidays: crate::figures::holiday_figures(&sc.site.holidays),
        },
        totals,
        queues,
        pools,
        plan,
        roster: roster.map(|r| roster_summary(s, r)),
        skills: super::skills::totals(s),
        auto_splits: if plan.is_some() {
            Vec::new()
        } else {
            super::sites::unchosen_splits(sc)
        },
        timings,
    };
    serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n"
}

/// Agent-hours of a requirement series over the grid's intervals.
fn agent_hours(s: &Staffed, agents: impl Iterator<Item = u32>) -> f64 {
    round(agents.map(f64::from).sum::<f64>() * s.grid.hours(), 2)
}

/// Volume, requirement hours and peak of every queue.
fn queue_summaries(s: &Staffed) -> Vec<QueueSummary> {
    let sc = &s.scenario;
    sc.queues
        .iter()
        .enumerate()
        .map(|(q, queue)| {
            let cells = &s.requirements.queues[q];
            let d = &s.demand.queues[q];
            QueueSummary {
                id: queue.id.clone(),
                client: queue.client.clone(),
                timezone: queue.timezone.name().to_string(),
                channel: channel_name(queue.channel),
                pool: sc.pools[queue.pool].id.clone(),
                offered_volume: round(d.volume.iter().sum(), 2),
                agent_volume: round(d.agent_volume.iter().sum(), 2),
                bot_containment: queue.containment,
                service_level_target: queue.service_level.map(|t| t.to_string()),
                deadline_minutes: queue.deadline_s.map(|d| d / 60.0),
                required_hours_net: agent_hours(s, cells.iter().map(|c| c.net)),
                required_hours_gross: agent_hours(s, cells.iter().map(|c| c.gross)),
                peak: s.queue_peak(q).map(|i| Peak {
                    site_time: stamp(s.grid.at(i), s.grid.site_tz),
                    client_time: Some(stamp(s.grid.at(i), queue.timezone)),
                    erlangs: round(cells[i].erlangs, 3),
                    net: cells[i].net,
                    gross: cells[i].gross,
                }),
            }
        })
        .collect()
}

/// Requirement hours and peak of every pool.
fn pool_summaries(s: &Staffed) -> Vec<PoolSummary> {
    s.scenario
        .pools
        .iter()
        .enumerate()
        .map(|(p, pool)| {
            let r = &s.requirements.pools[p];
            PoolSummary {
                id: pool.id.clone(),
                pooling: pool.pooling,
                shrinkage: round(pool.shrinkage.total, 6),
                required_hours_net: agent_hours(s, r.net.iter().copied()),
                required_hours_gross: agent_hours(s, r.gross.iter().copied()),
                peak: s.pool_peak(p).map(|i| Peak {
                    site_time: stamp(s.grid.at(i), s.grid.site_tz),
                    client_time: None,
                    erlangs: round(r.erlangs[i], 3),
                    net: r.net[i],
                    gross: r.gross[i],
                }),
            }
        })
        .collect()
}

/// The site's totals: volumes, requirement hours, the peak gross agents.
fn totals(s: &Staffed, pools: &[PoolSummary]) -> Totals {
    let site_gross =
        (0..s.grid.len).map(|i| s.requirements.pools.iter().map(|r| r.gross[i]).sum::<u32>());
    let volume = |of: fn(&crate::demand::QueueDemand) -> &Vec<f64>| {
        round(
            s.demand
                .queues
                .iter()
                .map(|d| of(d).iter().sum::<f64>())
                .sum(),
            2,
        )
    };
    Totals {
        offered_volume: volume(|d| &d.volume),
        agent_volume: volume(|d| &d.agent_volume),
        required_hours_net: round(pools.iter().map(|p| p.required_hours_net).sum(), 2),
        required_hours_gross: round(pools.iter().map(|p| p.required_hours_gross).sum(), 2),
        peak_gross_agents: site_gross.max().unwrap_or(0),
    }
}
