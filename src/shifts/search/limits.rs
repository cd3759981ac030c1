//! The plan's limits as the search sees them: the transport caps, each
//! template's minimum and maximum agents per day and its least and most
//! share of each week's head count, and the staff's caps on groups of
//! tours ([`crate::shifts::Group`]).

use std::collections::BTreeMap;

use super::state::shift_agents;
use crate::scenario::Template;
use crate::shifts::{Caps, PoolModel, Trip, Trips};

/// Tolerance of a share test (shares are fractions of whole counts).
const SHARE_EPS: f64 = 1e-9;

/// Agents per trip slot (starting or ending), per template and day, per
/// template and week (on its tours), and per week.
#[derive(Debug, Default)]
pub(super) struct Counts {
    pub(super) trips: Trips,
    pub(super) per_day: BTreeMap<(usize, usize), u32>,
    heads: BTreeMap<(usize, usize), u32>,
    week_heads: BTreeMap<usize, u32>,
    /// Agents on each of the model's groups.
    groups: Vec<u32>,
}

/// A limit a plan falls below, which adding a tour can mend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Below {
    /// (template, day) under its `min_agents`.
    Day(usize, usize),
    /// (template, week) under its `min_share`.
    Share(usize, usize),
}

impl Below {
    /// Whether tour `j` adds to what is short.
    fn mends(self, m: &PoolModel, j: usize) -> bool {
        match self {
            Below::Day(t, day) => m.tours[j]
                .shifts
                .iter()
                .any(|&s| m.shifts[s].template == t && m.shifts[s].day == day),
            Below::Share(t, w) => m.tour_template(j) == t && m.tour_week(j) == w,
        }
    }
}

impl Counts {
    /// The counts of a choice of tours: every (template, day) with shifts
    /// present, 0 or more; a trip slot only once it has agents.
    pub(super) fn of(m: &PoolModel, tours: &[u32]) -> Counts {
        let x = shift_agents(m, tours);
        let mut counts = Counts::default();
        for (j, &n) in tours.iter().enumerate().filter(|(_, n)| **n > 0) {
            *counts
                .heads
                .entry((m.tour_template(j), m.tour_week(j)))
                .or_default() += n;
            *counts.week_heads.entry(m.tour_week(j)).or_default() += n;
        }
        counts.groups = m
            .groups
            .iter()
            .map(|g| g.tours.iter().map(|&j| tours[j]).sum())
            .collect();
        // Every (template, day) with shifts has its count, 0 included (the
        // least limits look for those); a trip slot only with agents.
        let mut last = None;
        for (s, shift) in m.shifts.iter().enumerate() {
            let day = (shift.template, shift.day);
            if x[s] > 0 {
                for trip in Trip::BOTH {
                    *counts.trips.entry((trip, shift.slot(trip))).or_default() += x[s];
                }
                *counts.per_day.entry(day).or_default() += x[s];
            } else if last != Some(day) {
                counts.per_day.entry(day).or_default();
            }
            last = Some(day);
        }
        counts
    }
}

/// Limits a tour must respect to take one more agent: the site's transport caps
/// (shared across pools), templates' daily maximum and share of the week's
/// head count, and the staff's caps on groups of tours.
pub(super) struct Limits<'a> {
    pub(super) caps: Caps,
    pub(super) templates: &'a [Template],
    /// The other pools' trips (planned before this one).
    pub(super) trips: &'a Trips,
    /// The model's groups each tour belongs to ([`Limits::groups_of`]).
    pub(super) groups_of: Vec<Vec<usize>>,
}

/// A limit a plan is over, which taking an agent off a tour can mend.
#[derive(Debug, Clone, Copy)]
enum Over {
    /// Agents on this trip at this interval, all pools together, over the cap.
    Trip(Trip, usize),
    /// (template, day) over its `max_agents`.
    Day(usize, usize),
    /// (template, week) over its `max_share`.
    Share(usize, usize),
    /// A group of tours over the staff who can work it.
    Group(usize),
}

impl Limits<'_> {
    /// The groups of `m` each of its tours belongs to.
    pub(super) fn groups_of(m: &PoolModel) -> Vec<Vec<usize>> {
        let mut of = vec![Vec::new(); m.tours.len()];
        for (g, group) in m.groups.iter().enumerate() {
            for &j in &group.tours {
                of[j].push(g);
            }
        }
        of
    }

    /// The counts [`Limits::allows`] reads (starts, agents per template and
    /// day, per template and week, per group); `None` when no limit applies.
    pub(super) fn counts(&self, m: &PoolModel, tours: &[u32]) -> Option<Counts> {
        if !self.caps.any()
            && m.groups.is_empty()
            && self
                .templates
                .iter()
                .all(|t| t.max_agents.is_none() && t.max_share.is_none())
        {
            return None;
        }
        Some(Counts::of(m, tours))
    }

    /// May tour `j` take one more agent?
    pub(super) fn allows(&self, m: &PoolModel, counts: &Option<Counts>, j: usize) -> bool {
        let Some(c) = counts else { return true };
        let (t, w) = (m.tour_template(j), m.tour_week(j));
        let share_ok = self.templates[t].max_share.is_none_or(|hi| {
            let n = c.heads.get(&(t, w)).copied().unwrap_or(0) + 1;
            let all = c.week_heads.get(&w).copied().unwrap_or(0) + 1;
            f64::from(n) <= hi * f64::from(all) + SHARE_EPS
        });
        let staff_ok = self.groups_of[j]
            .iter()
            .all(|&g| c.groups[g] < m.groups[g].cap);
        share_ok
            && staff_ok
            && m.tours[j].shifts.iter().all(|&s| {
                let shift = &m.shifts[s];
                let trips_ok = Trip::BOTH.iter().all(|&trip| {
                    let key = (trip, shift.slot(trip));
                    let here = |map: &Trips| map.get(&key).copied().unwrap_or(0);
                    self.caps
                        .get(trip)
                        .is_none_or(|cap| here(&c.trips) + here(self.trips) < cap)
                });
                let max_ok = self.templates[shift.template].max_agents.is_none_or(|hi| {
                    c.per_day
                        .get(&(shift.template, shift.day))
                        .copied()
                        .unwrap_or(0)
                        < hi
                });
                trips_ok && max_ok
            })
    }

    /// Take agents off tours until no limit is over: a transport cap (the LP
    /// capped each pool alone; the caps are for the whole site), a template's
    /// `max_agents` on a day or `max_share` of a week, a group of tours
    /// over the staff who can work it (a rounded-up LP plan can break all
    /// four).
    pub(super) fn enforce_max(&self, m: &PoolModel, mut tours: Vec<u32>) -> Vec<u32> {
        if self.counts(m, &tours).is_none() {
            return tours;
        }
        while let Some(over) = self.over(m, &tours) {
            let mends = |j: usize| match over {
                Over::Trip(trip, slot) => m.tours[j]
                    .shifts
                    .iter()
                    .any(|&s| m.shifts[s].slot(trip) == slot),
                Over::Day(t, day) => Below::Day(t, day).mends(m, j),
                Over::Share(t, w) => Below::Share(t, w).mends(m, j),
                Over::Group(g) => self.groups_of[j].contains(&g),
            };
            match (0..m.tours.len()).rev().find(|&j| tours[j] > 0 && mends(j)) {
                Some(j) => tours[j] -= 1,
                None => break,
            }
        }
        tours
    }

    /// The first limit the plan `tours` is over, in the order of [`Over`].
    fn over(&self, m: &PoolModel, tours: &[u32]) -> Option<Over> {
        let mut c = Counts::of(m, tours);
        for (key, n) in self.trips {
            *c.trips.entry(*key).or_default() += n;
        }
        let trip = c
            .trips
            .iter()
            .find(|(&(trip, _), &n)| self.caps.get(trip).is_some_and(|cap| n > cap))
            .map(|(&(trip, slot), _)| Over::Trip(trip, slot));
        let day = || {
            c.per_day
                .iter()
                .find(|(&(t, _), &n)| self.templates[t].max_agents.is_some_and(|hi| n > hi))
                .map(|(&(t, day), _)| Over::Day(t, day))
        };
        let share = || self.share_off(m, &c, true).map(|(t, w)| Over::Share(t, w));
        let group = || {
            (0..m.groups.len())
                .find(|&g| c.groups[g] > m.groups[g].cap)
                .map(Over::Group)
        };
        trip.or_else(day).or_else(share).or_else(group)
    }

    /// The first (template, week) of pool `m` whose share of the week's
    /// head count is above its `max_share` (`over`) or below its
    /// `min_share`.
    fn share_off(&self, m: &PoolModel, c: &Counts, over: bool) -> Option<(usize, usize)> {
        for (&w, &all) in &c.week_heads {
            let all = f64::from(all);
            for (t, template) in self.templates.iter().enumerate() {
                if !template.pools.contains(&m.pool) {
                    continue;
                }
                let n = f64::from(c.heads.get(&(t, w)).copied().unwrap_or(0));
                let off = if over {
                    template
                        .max_share
                        .is_some_and(|hi| n > hi * all + SHARE_EPS)
                } else {
                    template
                        .min_share
                        .is_some_and(|lo| n < lo * all - SHARE_EPS)
                };
                if off {
                    return Some((t, w));
                }
            }
        }
        None
    }

    /// The first limit the plan falls below: a (template, day) under its
    /// `min_agents`, else a (template, week) under its `min_share`.
    pub(super) fn below_min(&self, m: &PoolModel, tours: &[u32]) -> Option<Below> {
        if !self.has_min() {
            return None;
        }
        self.below_in(m, &Counts::of(m, tours))
    }

    /// [`Limits::below_min`] of the plan counted in `c`.
    fn below_in(&self, m: &PoolModel, c: &Counts) -> Option<Below> {
        let day = c
            .per_day
            .iter()
            .find(|&(&(t, _), &n)| self.templates[t].min_agents.is_some_and(|lo| n < lo))
            .map(|(&(t, day), _)| Below::Day(t, day));
        day.or_else(|| self.share_off(m, c, false).map(|(t, w)| Below::Share(t, w)))
    }

    /// Whether taking an agent off can break a limit: some template sets
    /// `min_agents` or a share (taking off another template's agent raises
    /// a template's share).
    pub(super) fn has_min(&self) -> bool {
        self.templates
            .iter()
            .any(|t| t.min_agents.is_some() || t.has_share())
    }

    /// Whether the plan keeps every limit taking agents off can break.
    pub(super) fn min_ok(&self, m: &PoolModel, tours: &[u32]) -> bool {
        !self.has_min() || self.min_ok_in(m, &Counts::of(m, tours))
    }

    /// [`Limits::min_ok`] of the plan counted in `c`.
    pub(super) fn min_ok_in(&self, m: &PoolModel, c: &Counts) -> bool {
        self.below_in(m, c).is_none() && self.share_off(m, c, true).is_none()
    }

    /// Whether the plan counted in `c` keeps every limit taking agents off
    /// can break once one agent leaves tour `j` (`c` is left as it was).
    pub(super) fn min_ok_without(&self, m: &PoolModel, c: &mut Counts, j: usize) -> bool {
        self.count(m, c, j, false);
        let ok = self.min_ok_in(m, c);
        self.count(m, c, j, true);
        ok
    }

    /// Count one agent more (`up`) or fewer on tour `j` in `c`: the counts
    /// [`Counts::of`] gives the changed plan, kept up to date in the time
    /// of one tour instead of recounted over every shift. An agent fewer
    /// must be one the plan has.
    pub(super) fn count(&self, m: &PoolModel, c: &mut Counts, j: usize, up: bool) {
        let step = |n: &mut u32| {
            if up {
                *n += 1;
            } else {
                *n -= 1;
            }
        };
        step(
            c.heads
                .entry((m.tour_template(j), m.tour_week(j)))
                .or_default(),
        );
        step(c.week_heads.entry(m.tour_week(j)).or_default());
        for &g in &self.groups_of[j] {
            step(&mut c.groups[g]);
        }
        for &s in &m.tours[j].shifts {
            let shift = &m.shifts[s];
            for trip in Trip::BOTH {
                step(c.trips.entry((trip, shift.slot(trip))).or_default());
            }
            step(c.per_day.entry((shift.template, shift.day)).or_default());
        }
    }

    /// Add the cheapest tour that mends what is short until every template
    /// reaches its `min_agents` on every day it is offered and its
    /// `min_share` in every week.
    pub(super) fn enforce_min(&self, m: &PoolModel, mut tours: Vec<u32>) -> Vec<u32> {
        while let Some(below) = self.below_min(m, &tours) {
            let cheapest = (0..m.tours.len())
                .filter(|&j| below.mends(m, j))
                .min_by(|&a, &b| m.tours[a].cost.total_cmp(&m.tours[b].cost).then(a.cmp(&b)));
            match cheapest {
                Some(j) => tours[j] += 1,
                None => break,
            }
        }
        tours
    }
}
