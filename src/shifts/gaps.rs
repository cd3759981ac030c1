//! Intervals a plan leaves short, each with the rule that blocks covering
//! it: a typed value ([`Gap`], [`Blocker`]) that the error message of an
//! infeasible plan, the terminal and report.html all render from.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::short_staff::{staff_short, StaffShort};
use super::{Caps, PoolModel, PoolPlan, Shift, ShiftPlan, Tour, Trip, Trips};
use crate::staffing::Staffed;
use crate::timegrid::stamp;

/// What blocks covering a short interval, tested in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// The pool's site is closed for a public holiday then: its agents
    /// cover nothing that day.
    Holiday {
        /// The site's id (`None`: the scenario's one implicit site).
        site: Option<String>,
        /// The holiday's name.
        name: String,
        /// Its site-local date.
        date: NaiveDate,
        /// Whether coverage is already soft (then not suggested).
        soft: bool,
    },
    /// No shift template can work the interval at all.
    NoShift,
    /// The shifts that could cover it are only in weekly tours with more
    /// nights in a row than `max_consecutive_nights` (the number) allows.
    ConsecutiveNights(u32),
    /// … or more working days in a row than `max_consecutive_days`.
    ConsecutiveDays(u32),
    /// Every shift that could cover it starts at a time already at
    /// `max_starts_per_slot` (the pick-up), or every one ends at a time
    /// already at `max_ends_per_slot` (the drop-off): the trip and its cap.
    TripCap(Trip, u32),
    /// Every template that could cover it is at its `max_agents`.
    MaxAgents,
    /// Every tour that could cover it is at the staff's limit: everyone
    /// who could work it (the staff list's `nights_ok`, `earliest_start`,
    /// `latest_end`, `contract_hours`, or the fixed `agents.count`) is
    /// already on the plan.
    Staff,
    /// Coverage is soft and no covering shift saves more shortfall penalty
    /// than it costs.
    NotWorthItsCost,
    /// A covering shift would break a limit (a transport cap, `max_agents`
    /// or the days-off pattern) elsewhere.
    Limits,
}

impl fmt::Display for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocker::Holiday { site, name, date, soft } => write!(f, "{} is closed on {date} for its public holiday {name}, and no other site takes the queue that day: split the queue with a site that is open{}", site.as_ref().map_or("the site".to_string(), |s| format!("site `{s}`")), if *soft { " or close the queue that day" } else { ", close the queue that day, or use coverage: soft to report the day short" }),
            Blocker::NoShift => f.write_str("no shift template can work then (check the templates' starts, lengths, days and pools)"),
            Blocker::ConsecutiveNights(max) => write!(f, "every weekly tour of the shifts that could cover it works more nights in a row than max_consecutive_nights ({max}) allows: raise it, or offer a template whose week works fewer days or starts out of the night window"),
            Blocker::ConsecutiveDays(max) => write!(f, "every weekly tour of the shifts that could cover it works more days in a row than max_consecutive_days ({max}) allows: raise it, or use days_off: consecutive"),
            Blocker::TripCap(trip, cap) => write!(f, "every {} that could cover it is at {} ({cap})", trip.noun(), trip.key()),
            Blocker::MaxAgents => f.write_str("the templates that could cover it are at their max_agents"),
            Blocker::Staff => f.write_str("everyone who could work the shifts that cover it is already planned (agents: the staff list's people and their nights_ok, earliest_start, latest_end, contract_hours; or agents.count): add staff who can work then"),
            Blocker::NotWorthItsCost => f.write_str("coverage is soft: no shift that could cover it saves more shortfall penalty than it costs"),
            Blocker::Limits => f.write_str("the shifts that could cover it cannot be added without breaking a limit (a transport cap at their start or end, max_agents or days-off pattern)"),
        }
    }
}

/// One interval the plan leaves short.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// Pool id.
    pub pool: String,
    /// Interval start.
    pub at: DateTime<Utc>,
    /// The site's time zone.
    pub site_tz: Tz,
    /// The pool's queues open then, with their clients' time zones.
    pub queues: Vec<(String, Tz)>,
    /// Agents short on the floor (to the hundredth).
    pub short: f64,
    /// The grid's interval length, seconds (runs of gaps are told by it).
    pub length_s: i64,
    /// The rule that blocks covering it.
    pub blocker: Blocker,
}

impl Gap {
    /// Interval start, site time (`2026-03-02T09:00+05:00`).
    pub fn site_time(&self) -> String {
        stamp(self.at, self.site_tz)
    }

    /// Each open queue and its local time then (`us-retail 2026-03-01T23:00-05:00`).
    pub fn client_times(&self) -> Vec<String> {
        self.queues
            .iter()
            .map(|(id, tz)| format!("{id} {}", stamp(self.at, *tz)))
            .collect()
    }
}

/// The plan cannot cover every interval under the hard rules: exit code 3.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", render_gaps(.gaps, .staff, .unproven, .shared_caps))]
pub struct Infeasible {
    /// The uncovered intervals.
    pub gaps: Vec<Gap>,
    /// The staff limits that make every plan leave some short.
    pub staff: Vec<StaffShort>,
    /// Pools short for want of staff where no staff limit is proven too
    /// short: a plan may exist that the search missed.
    pub unproven: Vec<String>,
    /// The pools (ids) of each site with transport caps where a cap or
    /// limit blocks some of them: they are planned one after another, so
    /// no split of the caps among them is proven impossible.
    pub shared_caps: Vec<Vec<String>>,
}

impl Infeasible {
    /// The plan's `gaps`, with the staff limits no plan keeps when some are
    /// short for want of staff ([`staff_short`]: two LPs per group of the
    /// pool's staff, only on this path).
    pub fn new(staffed: &Staffed, plan: &ShiftPlan, gaps: Vec<Gap>) -> Infeasible {
        let (staff, unproven) = staff_short(staffed, plan, &gaps);
        let shared_caps = shared_caps(staffed, &gaps);
        Infeasible {
            gaps,
            staff,
            unproven,
            shared_caps,
        }
    }
}

/// The sites of [`Infeasible::shared_caps`]: their pools' ids.
fn shared_caps(staffed: &Staffed, gaps: &[Gap]) -> Vec<Vec<String>> {
    let sc = &staffed.scenario;
    let capped = |id: &str| {
        gaps.iter()
            .any(|g| g.pool == id && matches!(g.blocker, Blocker::TripCap(..) | Blocker::Limits))
    };
    super::sites_of(sc)
        .into_iter()
        .filter(|&site| Caps::of_site(sc, site).any())
        .map(|site| {
            (sc.pools.iter().filter(|p| p.site == site))
                .map(|p| p.id.clone())
                .collect::<Vec<String>>()
        })
        .filter(|ids| ids.len() >= 2 && ids.iter().any(|id| capped(id)))
        .collect()
}

fn render_gaps(
    gaps: &[Gap],
    staff: &[StaffShort],
    unproven: &[String],
    shared_caps: &[Vec<String>],
) -> String {
    let mut out = format!(
        "the plan cannot cover {} interval(s) under the hard rules (use `shifts: {{coverage: soft, shortfall_penalty: ...}}` to plan what can be covered and list each interval, with its client times, in report.html):",
        gaps.len()
    );
    for s in staff {
        out += &format!("\n  the staff is too few: {s}");
    }
    for pool in unproven {
        out += &format!("\n  {pool}: no staff limit is proven too short (the LP relaxation covers every interval within each), so a plan may exist that the search did not find: add staff who can work the intervals below, or use coverage: soft");
    }
    for pools in shared_caps {
        out += &format!("\n  pools {} share their site's transport caps and are planned one after another (in pool order, then the short ones first): no split of the caps among them is proven impossible, so a plan may exist that the search did not find; raise the cap, or use coverage: soft", pools.join(", "));
    }
    out += "\n";
    out += super::short_runs::summary(gaps).trim_end();
    out
}

/// The intervals a plan leaves short, each with the rule that blocks it.
pub fn gaps(staffed: &Staffed, plan: &ShiftPlan) -> Vec<Gap> {
    let sc = &staffed.scenario;
    let grid = &staffed.grid;
    let mut sites: BTreeMap<Option<usize>, Trips> = BTreeMap::new();
    for pp in &plan.pools {
        pp.add_trips(sites.entry(sc.pools[pp.model.pool].site).or_default());
    }
    let mut out = Vec::new();
    for pp in &plan.pools {
        let m = &pp.model;
        for t in 0..grid.len {
            let short = m.required[t] - pp.on_floor[t];
            if short <= 1e-9 {
                continue;
            }
            let covering: Vec<usize> = (0..m.shifts.len())
                .filter(|&s| m.shifts[s].intervals.contains(&t))
                .collect();
            let why = holiday(staffed, m.pool, t)
                .unwrap_or_else(|| blocker(staffed, &sites[&sc.pools[m.pool].site], pp, &covering));
            out.push(gap(staffed, m.pool, t, short, why));
        }
    }
    out
}

/// Interval `t` of pool `p` left `short` agents by `blocker`.
fn gap(staffed: &Staffed, p: usize, t: usize, short: f64, blocker: Blocker) -> Gap {
    let sc = &staffed.scenario;
    Gap {
        pool: sc.pools[p].id.clone(),
        at: staffed.grid.at(t),
        site_tz: staffed.grid.site_tz,
        queues: sc
            .queues_of(p)
            .filter(|(q, _)| staffed.demand.queues[*q].open[t])
            .map(|(_, q)| (q.id.clone(), q.timezone))
            .collect(),
        short: (short * 100.0).round() / 100.0,
        length_s: staffed.grid.interval_s,
        blocker,
    }
}

/// The intervals with agents required that no shift of their pool's
/// templates works at all ([`Blocker::NoShift`]), their whole requirement
/// short: what `check` warns of before any plan is made (under hard
/// coverage, `plan` exits 3 naming the same intervals).
pub fn unworkable(staffed: &Staffed) -> Vec<Gap> {
    let mut out = Vec::new();
    for p in 0..staffed.scenario.pools.len() {
        let required = &staffed.requirements.pools[p].gross;
        let mut workable = vec![false; required.len()];
        for shift in super::build::pool_shifts(staffed, p).0 {
            for t in shift.intervals {
                workable[t] = true;
            }
        }
        for (t, &need) in required.iter().enumerate() {
            if need > 0 && !workable[t] {
                out.push(gap(staffed, p, t, f64::from(need), Blocker::NoShift));
            }
        }
    }
    out
}

/// The public holiday on which pool `p`'s site is closed at interval `t`.
fn holiday(staffed: &Staffed, p: usize, t: usize) -> Option<Blocker> {
    let sc = &staffed.scenario;
    let h = sc.closed_on(p, staffed.grid.site_local(t).date())?;
    Some(Blocker::Holiday {
        site: sc.pools[p].site.map(|s| sc.sites[s].id.clone()),
        name: h.name.clone(),
        date: h.date,
        soft: sc.shifts.coverage == Some(crate::scenario::Coverage::Soft),
    })
}

/// The first rule, in [`Blocker`]'s order, that keeps the `covering`
/// shifts (indices into the pool's shifts) from being added.
fn blocker(staffed: &Staffed, trips: &Trips, pp: &PoolPlan, covering: &[usize]) -> Blocker {
    let sc = &staffed.scenario;
    let shifts: Vec<&Shift> = covering.iter().map(|&s| &pp.model.shifts[s]).collect();
    if shifts.is_empty() {
        return Blocker::NoShift;
    }
    if let Some(rule) = runs_rule(staffed, &pp.model, covering) {
        return rule;
    }
    let at_cap = |trip: Trip| {
        Caps::of_pool(sc, pp.model.pool).get(trip).filter(|&cap| {
            shifts
                .iter()
                .all(|s| trips.get(&(trip, s.slot(trip))).copied().unwrap_or(0) >= cap)
        })
    };
    if let Some((trip, cap)) = Trip::BOTH
        .iter()
        .find_map(|&trip| at_cap(trip).map(|cap| (trip, cap)))
    {
        Blocker::TripCap(trip, cap)
    } else if shifts
        .iter()
        .all(|s| sc.shifts.templates[s.template].max_agents.is_some())
    {
        Blocker::MaxAgents
    } else if staff_full(pp, covering) {
        Blocker::Staff
    } else if pp.model.soft {
        Blocker::NotWorthItsCost
    } else {
        Blocker::Limits
    }
}

/// When no tour of the plan works any of the `covering` shifts but a
/// refused one does, the runs rule that refused it.
fn runs_rule(staffed: &Staffed, m: &PoolModel, covering: &[usize]) -> Option<Blocker> {
    let covers = |tour: &&Tour| tour.shifts.iter().any(|s| covering.contains(s));
    if m.tours.iter().any(|tour| covers(&tour)) {
        return None;
    }
    let tour = m.refused.iter().find(covers)?;
    super::tours::refusal(&staffed.scenario, &m.shifts, tour)
}

/// Whether every tour working one of the `covering` shifts is in a group
/// of the staff's that is full.
fn staff_full(pp: &PoolPlan, covering: &[usize]) -> bool {
    let m = &pp.model;
    if m.groups.is_empty() {
        return false;
    }
    let full: Vec<bool> = m
        .groups
        .iter()
        .map(|g| g.tours.iter().map(|&j| pp.tours[j]).sum::<u32>() >= g.cap)
        .collect();
    let mut in_full = vec![false; m.tours.len()];
    for (group, _) in m.groups.iter().zip(&full).filter(|(_, full)| **full) {
        for &j in &group.tours {
            in_full[j] = true;
        }
    }
    m.tours
        .iter()
        .enumerate()
        .filter(|(_, tour)| tour.shifts.iter().any(|s| covering.contains(s)))
        .all(|(j, _)| in_full[j])
}
