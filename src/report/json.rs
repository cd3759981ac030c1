//! `summary.json`: totals and per-queue and per-pool figures. Everything but
//! the `timings` object is a pure function of the input.

use serde::Serialize;

use crate::pipeline::Staffed;
use crate::report::round;
use crate::scenario::{channel_name, Pooling};
use crate::timegrid::stamp;

/// Wall-clock timings of a run, milliseconds: the only part of the outputs
/// that may differ between two runs of the same input.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    /// Stage name and milliseconds, in run order.
    #[serde(flatten)]
    pub stages: std::collections::BTreeMap<String, f64>,
}

#[derive(Serialize)]
struct Summary<'a> {
    scenario: &'a str,
    kind: &'static str,
    site: Site<'a>,
    totals: Totals,
    queues: Vec<QueueSummary>,
    pools: Vec<PoolSummary>,
    timings: &'a Timings,
}

#[derive(Serialize)]
struct Site<'a> {
    timezone: &'a str,
    start: String,
    days: u32,
    interval_minutes: u32,
    intervals: usize,
    currency: &'a str,
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

/// The summary of a requirements run (`staff`).
pub fn staff_summary(s: &Staffed, timings: &Timings) -> String {
    let h = s.grid.hours();
    let sc = &s.scenario;
    let queues: Vec<QueueSummary> = sc
        .queues
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
                required_hours_net: round(
                    cells.iter().map(|c| f64::from(c.net)).sum::<f64>() * h,
                    2,
                ),
                required_hours_gross: round(
                    cells.iter().map(|c| f64::from(c.gross)).sum::<f64>() * h,
                    2,
                ),
                peak: s.queue_peak(q).map(|i| Peak {
                    site_time: stamp(s.grid.at(i), s.grid.site_tz),
                    client_time: Some(stamp(s.grid.at(i), queue.timezone)),
                    erlangs: round(cells[i].erlangs, 3),
                    net: cells[i].net,
                    gross: cells[i].gross,
                }),
            }
        })
        .collect();
    let pools: Vec<PoolSummary> = sc
        .pools
        .iter()
        .enumerate()
        .map(|(p, pool)| {
            let r = &s.requirements.pools[p];
            PoolSummary {
                id: pool.id.clone(),
                pooling: pool.pooling,
                shrinkage: round(pool.shrinkage.total, 6),
                required_hours_net: round(r.net.iter().map(|n| f64::from(*n)).sum::<f64>() * h, 2),
                required_hours_gross: round(
                    r.gross.iter().map(|n| f64::from(*n)).sum::<f64>() * h,
                    2,
                ),
                peak: s.pool_peak(p).map(|i| Peak {
                    site_time: stamp(s.grid.at(i), s.grid.site_tz),
                    client_time: None,
                    erlangs: round(r.erlangs[i], 3),
                    net: r.net[i],
                    gross: r.gross[i],
                }),
            }
        })
        .collect();
    let site_gross: Vec<u32> = (0..s.grid.len)
        .map(|i| s.requirements.pools.iter().map(|r| r.gross[i]).sum())
        .collect();
    let totals = Totals {
        offered_volume: round(
            s.demand
                .queues
                .iter()
                .map(|d| d.volume.iter().sum::<f64>())
                .sum(),
            2,
        ),
        agent_volume: round(
            s.demand
                .queues
                .iter()
                .map(|d| d.agent_volume.iter().sum::<f64>())
                .sum(),
            2,
        ),
        required_hours_net: round(pools.iter().map(|p| p.required_hours_net).sum(), 2),
        required_hours_gross: round(pools.iter().map(|p| p.required_hours_gross).sum(), 2),
        peak_gross_agents: site_gross.iter().copied().max().unwrap_or(0),
    };
    let summary = Summary {
        scenario: &sc.name,
        kind: "requirements",
        site: Site {
            timezone: sc.site.timezone.name(),
            start: sc.site.start.to_string(),
            days: sc.site.days,
            interval_minutes: sc.site.interval_s / 60,
            intervals: s.grid.len,
            currency: &sc.currency,
        },
        totals,
        queues,
        pools,
        timings,
    };
    serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n"
}
