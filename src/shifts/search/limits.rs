//! The plan's limits as the search sees them: the start cap and each
//! template's minimum and maximum agents.

use std::collections::BTreeMap;

use super::state::shift_agents;
use crate::scenario::Template;
use crate::shifts::{PoolModel, Shift};

/// Agents starting per start instant, and per template and day.
#[derive(Debug, Default)]
pub(super) struct Counts {
    pub(super) starts: BTreeMap<usize, u32>,
    pub(super) per_day: BTreeMap<(usize, usize), u32>,
}

impl Counts {
    /// The counts of a choice of tours (every shift's key present, 0 or more).
    pub(super) fn of(m: &PoolModel, tours: &[u32]) -> Counts {
        let x = shift_agents(m, tours);
        let mut counts = Counts::default();
        for (s, shift) in m.shifts.iter().enumerate() {
            *counts.starts.entry(shift.first).or_default() += x[s];
            *counts
                .per_day
                .entry((shift.template, shift.day))
                .or_default() += x[s];
        }
        counts
    }
}

/// Limits a tour must respect to take one more agent: the site's start cap
/// (shared across pools) and templates' daily maximum.
pub(super) struct Limits<'a> {
    pub(super) cap: Option<u32>,
    pub(super) templates: &'a [Template],
    pub(super) starts: &'a BTreeMap<usize, u32>,
}

impl Limits<'_> {
    /// Agents starting at each start instant and per template and day, for
    /// [`Limits::allows`]; `None` when no limit applies.
    pub(super) fn counts(&self, m: &PoolModel, tours: &[u32]) -> Option<Counts> {
        if self.cap.is_none() && self.templates.iter().all(|t| t.max_agents.is_none()) {
            return None;
        }
        Some(Counts::of(m, tours))
    }

    /// May tour `j` take one more agent?
    pub(super) fn allows(&self, m: &PoolModel, counts: &Option<Counts>, j: usize) -> bool {
        let Some(c) = counts else { return true };
        m.tours[j].shifts.iter().all(|&s| {
            let shift = &m.shifts[s];
            let here = |map: &BTreeMap<usize, u32>| map.get(&shift.first).copied().unwrap_or(0);
            let cap_ok = self
                .cap
                .is_none_or(|cap| here(&c.starts) + here(self.starts) < cap);
            let max_ok = self.templates[shift.template].max_agents.is_none_or(|hi| {
                c.per_day
                    .get(&(shift.template, shift.day))
                    .copied()
                    .unwrap_or(0)
                    < hi
            });
            cap_ok && max_ok
        })
    }

    /// Take agents off tours until no start time holds more than the cap
    /// (the LP capped each pool alone; the cap is for the whole site) and no
    /// template more than its `max_agents` on a day (a rounded-up LP plan
    /// can break both).
    pub(super) fn enforce_max(&self, m: &PoolModel, mut tours: Vec<u32>) -> Vec<u32> {
        if self.counts(m, &tours).is_none() {
            return tours;
        }
        loop {
            let Counts {
                mut starts,
                per_day,
            } = Counts::of(m, &tours);
            for (slot, n) in self.starts {
                *starts.entry(*slot).or_default() += n;
            }
            let over_cap = self
                .cap
                .and_then(|cap| starts.iter().find(|(_, n)| **n > cap))
                .map(|(&slot, _)| slot);
            let over_max = per_day
                .iter()
                .find(|(&(t, _), &n)| self.templates[t].max_agents.is_some_and(|hi| n > hi))
                .map(|(&key, _)| key);
            let breaks = |shift: &Shift| match (over_cap, over_max) {
                (Some(slot), _) => shift.first == slot,
                (None, Some((t, day))) => shift.template == t && shift.day == day,
                (None, None) => false,
            };
            if over_cap.is_none() && over_max.is_none() {
                return tours;
            }
            let over = (0..m.tours.len())
                .rev()
                .find(|&j| tours[j] > 0 && m.tours[j].shifts.iter().any(|&s| breaks(&m.shifts[s])));
            match over {
                Some(j) => tours[j] -= 1,
                None => return tours,
            }
        }
    }

    /// The first (template, day) below its template's `min_agents`.
    pub(super) fn below_min(&self, m: &PoolModel, tours: &[u32]) -> Option<(usize, usize)> {
        if self.templates.iter().all(|t| t.min_agents.is_none()) {
            return None;
        }
        let per_day = Counts::of(m, tours).per_day;
        per_day
            .into_iter()
            .find(|&((t, _), n)| self.templates[t].min_agents.is_some_and(|lo| n < lo))
            .map(|(key, _)| key)
    }

    /// Whether any template sets `min_agents`.
    pub(super) fn has_min(&self) -> bool {
        self.templates.iter().any(|t| t.min_agents.is_some())
    }

    pub(super) fn min_ok(&self, m: &PoolModel, tours: &[u32]) -> bool {
        self.below_min(m, tours).is_none()
    }

    /// Add the cheapest tour working a template on a day until every
    /// template reaches its `min_agents` on every day it is offered.
    pub(super) fn enforce_min(&self, m: &PoolModel, mut tours: Vec<u32>) -> Vec<u32> {
        while let Some((t, day)) = self.below_min(m, &tours) {
            let cheapest = (0..m.tours.len())
                .filter(|&j| {
                    m.tours[j]
                        .shifts
                        .iter()
                        .any(|&s| m.shifts[s].template == t && m.shifts[s].day == day)
                })
                .min_by(|&a, &b| m.tours[a].cost.total_cmp(&m.tours[b].cost).then(a.cmp(&b)));
            match cheapest {
                Some(j) => tours[j] += 1,
                None => break,
            }
        }
        tours
    }
}
