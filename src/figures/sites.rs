//! Per-site figures of a plan (scenarios with `sites:`): each site's paid
//! hours, cost, FTE and headcount beside the totals, and its busiest
//! transport trips against its caps.

use serde::Serialize;

use super::PoolFigures;
use crate::evaluate::{within_offered, QueueService};
use crate::shifts::{Caps, ShiftPlan, Trip, Trips};
use crate::staffing::Staffed;
use crate::units::round;

/// One site's part of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteFigures {
    /// Site id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Cost per paid hour at the site.
    pub hourly: f64,
    /// Its pools, in scenario order.
    pub pools: Vec<String>,
    /// Cost over the horizon (its pools' costs).
    pub cost: f64,
    /// Paid hours over the horizon.
    pub paid_hours: f64,
    /// Full-time equivalents.
    pub fte: f64,
    /// Agents employed at the site.
    pub headcount: u32,
    /// Most agents starting at one time (the busiest pick-up).
    pub peak_starts: u32,
    /// Most agents ending at one time (the busiest drop-off).
    pub peak_ends: u32,
    /// The site's cap on starts at one time, if any.
    pub max_starts_per_slot: Option<u32>,
    /// The site's cap on ends at one time, if any.
    pub max_ends_per_slot: Option<u32>,
    /// Its public holidays (left out when it has none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<HolidayFigure>,
}

/// A public holiday as summary.json lists it: the site is closed that
/// site-local date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HolidayFigure {
    /// Site-local date, `2026-03-04`.
    pub date: String,
    /// Its name (the date when none was given).
    pub name: String,
}

/// The figures of `holidays`.
pub fn holiday_figures(holidays: &[crate::scenario::Holiday]) -> Vec<HolidayFigure> {
    (holidays.iter())
        .map(|h| HolidayFigure {
            date: h.date.to_string(),
            name: h.name.clone(),
        })
        .collect()
}

/// Each site's figures, in `sites:` order (empty without `sites:`): the
/// sums of its pools' figures, and its busiest trips counted over its
/// pools' shifts together.
pub fn site_figures(s: &Staffed, plan: &ShiftPlan, pools: &[PoolFigures]) -> Vec<SiteFigures> {
    let sc = &s.scenario;
    sc.sites
        .iter()
        .enumerate()
        .map(|(i, site)| {
            let mine: Vec<usize> = (0..plan.pools.len())
                .filter(|&k| sc.pools[plan.pools[k].model.pool].site == Some(i))
                .collect();
            let sum =
                |f: fn(&PoolFigures) -> f64| round(mine.iter().map(|&k| f(&pools[k])).sum(), 2);
            let mut trips = Trips::new();
            for &k in &mine {
                plan.pools[k].add_trips(&mut trips);
            }
            let peak = |trip: Trip| {
                trips
                    .iter()
                    .filter(|((t, _), _)| *t == trip)
                    .map(|(_, n)| *n)
                    .max()
                    .unwrap_or(0)
            };
            let caps = Caps::of_site(sc, Some(i));
            SiteFigures {
                id: site.id.clone(),
                name: site.name.clone(),
                hourly: site.hourly,
                pools: mine.iter().map(|&k| pools[k].id.clone()).collect(),
                cost: sum(|p| p.cost),
                paid_hours: sum(|p| p.paid_hours),
                fte: sum(|p| p.fte),
                headcount: mine.iter().map(|&k| pools[k].headcount).sum(),
                peak_starts: peak(Trip::PickUp),
                peak_ends: peak(Trip::DropOff),
                max_starts_per_slot: caps.starts,
                max_ends_per_slot: caps.ends,
                holidays: holiday_figures(&site.holidays),
            }
        })
        .collect()
}

/// A queue split over sites, its parts together: the client's view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitFigures {
    /// The queue's id as written (`uk-bank`).
    pub id: String,
    /// Its parts (`uk-bank@karachi`, …), in scenario order.
    pub parts: Vec<String>,
    /// The parts' shares, in the same order.
    pub shares: Vec<f64>,
    /// `written` (fixed shares in the scenario) or `plan` (`share: auto`).
    pub chosen_by: &'static str,
    /// The grid step of a split the plan chose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split_step: Option<f64>,
    /// Every split the plan screened (see `pipeline::split`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
    /// Target like `80/20`; none for e-mail.
    pub sl_target: Option<String>,
    /// Answered within the target time ÷ offered, over every part and
    /// interval with a service level (the parts' SL weighted by their
    /// offered contacts); none without contacts.
    pub sl_achieved: Option<f64>,
    /// The sum of the parts' costs.
    pub cost: f64,
    /// Whether `sl_achieved` reaches the target's share (over the horizon).
    #[serde(skip)]
    pub met: bool,
}

/// Each queue split over sites, all its parts together, in the order of
/// its first part (empty without splits). `costs` are the parts' costs.
pub fn split_figures(s: &Staffed, service: &[QueueService], costs: &[f64]) -> Vec<SplitFigures> {
    let queues = &s.scenario.queues;
    let mut out: Vec<SplitFigures> = Vec::new();
    for queue in queues {
        let Some(part) = &queue.part else { continue };
        if out.iter().any(|f| f.id == part.of) {
            continue;
        }
        let members: Vec<usize> = (0..queues.len())
            .filter(|&k| queues[k].part.as_ref().is_some_and(|p| p.of == part.of))
            .collect();
        let (mut within, mut offered) = (0.0, 0.0);
        for &k in &members {
            let (w, o) = within_offered(&service[k], &s.demand.queues[k].agent_volume);
            (within, offered) = (within + w, offered + o);
        }
        let sl = (offered > 0.0).then(|| within / offered);
        out.push(SplitFigures {
            id: part.of.clone(),
            parts: members.iter().map(|&k| queues[k].id.clone()).collect(),
            shares: (members.iter())
                .map(|&k| queues[k].part.as_ref().map_or(0.0, |p| round(p.share, 9)))
                .collect(),
            chosen_by: "written",
            split_step: None,
            candidates: Vec::new(),
            sl_target: queue.service_level.map(|t| t.to_string()),
            sl_achieved: sl.map(|x| round(x, 4)),
            cost: round(members.iter().map(|&k| costs[k]).sum(), 2),
            met: match (queue.service_level, sl) {
                (Some(t), Some(sl)) => sl >= t.fraction - 1e-9,
                _ => members.iter().all(|&k| service[k].met.iter().all(|m| *m)),
            },
        });
    }
    out
}

/// One share vector tried for a split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The parts' shares, in scenario order.
    pub shares: Vec<f64>,
    /// The sum of the parts' pools' LP bounds at these shares.
    pub screen_lp: f64,
    /// Whether a site's public holiday (with volume) closes every part
    /// that has a share: no plan at these shares covers the queue that
    /// day, so under hard coverage they rank after every other split.
    pub holiday_unserved: bool,
    /// Whether these shares were planned in full.
    pub planned: bool,
    /// The cost of the whole plan at these shares, when planned in full
    /// (none otherwise, or when that plan failed or left intervals short
    /// under hard coverage).
    pub plan_cost: Option<f64>,
    /// Whether these are the `start` shares.
    pub start: bool,
    /// Whether this split was kept.
    pub chosen: bool,
}
