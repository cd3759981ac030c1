//! Demand: contacts per queue per site interval, from each queue's forecast
//! in the client's own time zone.
//!
//! A pattern forecast is weekly volume × the weekday's share × the intraday
//! profile, all client-local: each client-local day gets exactly its share of
//! the week, spread over the day's open time in proportion to the profile
//! weight of each moment. The work is done on 5-minute UTC slices (every
//! modern UTC offset is a multiple of 5 minutes, Nepal's +05:45 included), so
//! a client hour that the site grid cuts in two is split exactly; a day that
//! loses an hour to daylight saving spreads its volume over 23 hours, a day
//! that repeats one over 25. A CSV forecast at another granularity is split
//! or merged in proportion to overlap. Bot containment p leaves (1 − p) of the
//! volume to agents.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Timelike};

use crate::scenario::{CsvForecast, Forecast, OpeningHours, Pattern, Queue, Scenario};
use crate::timegrid::TimeGrid;

/// Length of the slices on which demand is distributed, seconds.
pub const SLICE_S: i64 = 300;

/// Demand of one queue on the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueDemand {
    /// Contacts offered per interval (after scale, before containment).
    pub volume: Vec<f64>,
    /// Contacts that reach an agent per interval (after containment).
    pub agent_volume: Vec<f64>,
    /// Average handle time per interval, seconds.
    pub aht_s: Vec<f64>,
    /// Whether the queue is open at some moment of the interval.
    pub open: Vec<bool>,
}

/// Demand of every queue, in scenario order.
#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    /// Per queue.
    pub queues: Vec<QueueDemand>,
}

/// Distribute every queue's forecast onto the grid; on a site's public
/// holiday a split queue's parts there carry nothing ([`reroute`]).
pub fn build(scenario: &Scenario, grid: &TimeGrid) -> Demand {
    let mut queues: Vec<QueueDemand> = scenario
        .queues
        .iter()
        .map(|q| queue_demand(q, grid))
        .collect();
    if scenario.has_holidays() {
        reroute(scenario, grid, &mut queues);
    }
    Demand { queues }
}

/// On a site's public holiday, the parts of a split queue at the closed
/// site carry no volume and are closed (no `min_agents_when_open`); the
/// open parts take the whole queue in proportion to their shares, each
/// scaled by Σ shares / Σ open shares. When no open part has a share, the
/// closed parts keep their volume, which their closed pools cannot cover
/// (the plan's diagnosis names the holiday).
fn reroute(scenario: &Scenario, grid: &TimeGrid, queues: &mut [QueueDemand]) {
    let mut splits: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (q, queue) in scenario.queues.iter().enumerate() {
        if let Some(part) = &queue.part {
            splits.entry(part.of.as_str()).or_default().push(q);
        }
    }
    let share = |q: usize| scenario.queues[q].part.as_ref().map_or(0.0, |p| p.share);
    for parts in splits.values() {
        for i in 0..grid.len {
            let date = grid.site_local(i).date();
            let closed = |q: &usize| scenario.closed_on(scenario.queues[*q].pool, date).is_some();
            let open: f64 = parts.iter().filter(|q| !closed(q)).map(|&q| share(q)).sum();
            if open <= 0.0 || parts.iter().all(|q| !closed(q)) {
                continue;
            }
            let scale = parts.iter().map(|&q| share(q)).sum::<f64>() / open;
            for &q in parts {
                let d = &mut queues[q];
                let f = if closed(&q) { 0.0 } else { scale };
                d.volume[i] *= f;
                d.agent_volume[i] *= f;
                d.open[i] &= f > 0.0;
            }
        }
    }
}

fn queue_demand(q: &Queue, grid: &TimeGrid) -> QueueDemand {
    let mut volume = vec![0.0; grid.len];
    let mut aht_weight = vec![0.0; grid.len];
    match &q.forecast {
        Forecast::Pattern(p) => spread_pattern(p, q, grid, &mut volume),
        Forecast::Csv(c) => spread_csv(c, q.aht_s, grid, &mut volume, &mut aht_weight),
    }
    let aht_s = volume
        .iter()
        .zip(&aht_weight)
        .map(|(v, w)| if *v > 0.0 && *w > 0.0 { w / v } else { q.aht_s })
        .collect();
    let agent_volume = volume.iter().map(|v| v * (1.0 - q.containment)).collect();
    QueueDemand {
        volume,
        agent_volume,
        aht_s,
        open: open_mask(&q.hours, q, grid),
    }
}

/// The profile weight at a client-local minute of the day.
fn weight_at(profile: &[f64], minute_of_day: u32) -> f64 {
    let bins = profile.len() as u32;
    profile[(minute_of_day * bins / 1440).min(bins - 1) as usize]
}

fn spread_pattern(p: &Pattern, q: &Queue, grid: &TimeGrid, volume: &mut [f64]) {
    // Whole client days around the horizon, so each day is normalised over all of it.
    let first = grid.start - Duration::days(2);
    let slices = (grid.end() - first).num_seconds() / SLICE_S + 2 * 86400 / SLICE_S;
    let mut day_weight: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    let mut cells = Vec::with_capacity(slices as usize);
    for k in 0..slices {
        let t = first + Duration::seconds(k * SLICE_S);
        let local = t.with_timezone(&q.timezone).naive_local();
        let minute = local.hour() * 60 + local.minute();
        let w = if q.hours.is_open(local) {
            weight_at(&p.intraday, minute)
        } else {
            0.0
        };
        *day_weight.entry(local.date()).or_default() += w;
        cells.push((t, local.date(), w));
    }
    for (t, date, w) in cells {
        let Some(i) = grid.index_of(t) else { continue };
        let total = day_weight.get(&date).copied().unwrap_or(0.0);
        if w > 0.0 && total > 0.0 {
            let share = p.daily_shares[date.weekday().num_days_from_monday() as usize];
            volume[i] += p.weekly_volume * p.scale * share * w / total;
        }
    }
}

fn spread_csv(
    c: &CsvForecast,
    queue_aht: f64,
    grid: &TimeGrid,
    volume: &mut [f64],
    aht_weight: &mut [f64],
) {
    let g = c.granularity_s;
    for row in &c.rows {
        let end = row.start + Duration::seconds(g);
        let contacts = row.volume * c.scale;
        let aht = row.aht_s.unwrap_or(queue_aht);
        let Some(first) = grid.index_of(row.start.max(grid.start)) else {
            continue;
        };
        for i in first..grid.len {
            let (a, b) = (grid.at(i), grid.at(i + 1));
            if a >= end {
                break;
            }
            let overlap = (b.min(end) - a.max(row.start)).num_seconds();
            if overlap > 0 {
                let part = contacts * overlap as f64 / g as f64;
                volume[i] += part;
                aht_weight[i] += part * aht;
            }
        }
    }
}

fn open_mask(hours: &OpeningHours, q: &Queue, grid: &TimeGrid) -> Vec<bool> {
    if hours.days.is_none() {
        return vec![true; grid.len];
    }
    let per = grid.interval_s / SLICE_S;
    (0..grid.len)
        .map(|i| {
            (0..per).any(|k| {
                let t = grid.at(i) + Duration::seconds(k * SLICE_S);
                hours.is_open(t.with_timezone(&q.timezone).naive_local())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
