//! Transport: the agents a shift's trips carry (picked up at its start,
//! dropped off at its end) and the site's caps on them.

use std::collections::BTreeMap;

use super::{lp, PoolModel};
use crate::scenario::{Scenario, Shifts};

/// A transport trip of a shift: its agents picked up at its start, or
/// dropped off at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Trip {
    /// At the start.
    PickUp,
    /// At the end.
    DropOff,
}

impl Trip {
    /// Both trips, pick-up first.
    pub const BOTH: [Trip; 2] = [Trip::PickUp, Trip::DropOff];

    /// The shift's end it is at: "start" or "end".
    pub fn noun(self) -> &'static str {
        match self {
            Trip::PickUp => "start",
            Trip::DropOff => "end",
        }
    }

    /// The scenario key of its cap.
    pub fn key(self) -> &'static str {
        match self {
            Trip::PickUp => "max_starts_per_slot",
            Trip::DropOff => "max_ends_per_slot",
        }
    }
}

/// The transport caps, per trip ([`Trip::cap`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Caps {
    /// Most agents starting at one instant.
    pub starts: Option<u32>,
    /// Most agents ending at one instant.
    pub ends: Option<u32>,
}

impl Caps {
    /// The scenario's caps.
    pub fn of(shifts: &Shifts) -> Caps {
        Caps {
            starts: shifts.max_starts_per_slot,
            ends: shifts.max_ends_per_slot,
        }
    }

    /// The caps of `site` (an index into `sites:`; `None`: the one
    /// implicit site): the site's own, else `shifts.max_starts_per_slot`
    /// and `shifts.max_ends_per_slot`, each site counted alone.
    pub fn of_site(sc: &Scenario, site: Option<usize>) -> Caps {
        let all = Caps::of(&sc.shifts);
        match site.and_then(|s| sc.sites.get(s)) {
            Some(s) => Caps {
                starts: s.max_starts_per_slot.or(all.starts),
                ends: s.max_ends_per_slot.or(all.ends),
            },
            None => all,
        }
    }

    /// The caps of pool `p`'s site ([`Caps::of_site`]).
    pub fn of_pool(sc: &Scenario, p: usize) -> Caps {
        Caps::of_site(sc, sc.pools[p].site)
    }

    /// The cap of `trip`.
    pub fn get(self, trip: Trip) -> Option<u32> {
        match trip {
            Trip::PickUp => self.starts,
            Trip::DropOff => self.ends,
        }
    }

    /// Whether the trips `more` fit under the caps beside the trips `site`.
    pub fn fit(self, site: &Trips, more: &Trips) -> bool {
        more.iter().all(|(key, agents)| {
            self.get(key.0)
                .is_none_or(|cap| site.get(key).copied().unwrap_or(0) + agents <= cap)
        })
    }

    /// Whether any trip is capped.
    pub fn any(self) -> bool {
        self.starts.is_some() || self.ends.is_some()
    }
}

/// Agents per trip slot: (trip, grid index).
pub type Trips = BTreeMap<(Trip, usize), u32>;

/// The sites whose pools share transport caps: each of `sites:`, or the
/// one implicit site (`None`).
pub fn sites_of(sc: &Scenario) -> Vec<Option<usize>> {
    if sc.sites.is_empty() {
        vec![None]
    } else {
        (0..sc.sites.len()).map(Some).collect()
    }
}

/// The most agents the LP plans of the pools `at` (indices into `models`)
/// put on one `trip` together in a slot that two pools or more use (in a
/// slot one pool uses alone, its own search keeps the cap).
fn trips_peak(models: &[PoolModel], bounds: &[lp::Relaxed], at: &[usize], trip: Trip) -> f64 {
    let mut site: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
    for (m, relaxed) in at.iter().map(|&i| (&models[i], &bounds[i])) {
        let mut pool: BTreeMap<usize, f64> = BTreeMap::new();
        for (tour, &agents) in m.tours.iter().zip(&relaxed.tours) {
            for &s in &tour.shifts {
                *pool.entry(m.shifts[s].slot(trip)).or_default() += agents;
            }
        }
        for (slot, agents) in pool.into_iter().filter(|&(_, a)| a > 1e-6) {
            let (sum, pools) = site.entry(slot).or_default();
            *sum += agents;
            *pools += 1;
        }
    }
    site.into_values()
        .filter(|&(_, pools)| pools >= 2)
        .fold(0.0, |peak, (sum, _)| peak.max(sum))
}

/// Pools are searched in parallel only if their LP plans together start
/// (or end) at most this share of the cap in any slot that two or more of
/// them use (integer plans differ from the LP's; a plan that breaks a cap
/// all the same is planned again).
const CAP_ROOM: f64 = 0.9;

/// Whether, at every site, the LP plans of its pools together start (and
/// end) at most [`CAP_ROOM`] of its caps in any slot two of them use: then
/// the pools can be searched in parallel, each within the caps alone.
pub(super) fn room_everywhere(sc: &Scenario, models: &[PoolModel], bounds: &[lp::Relaxed]) -> bool {
    sites_of(sc).into_iter().all(|site| {
        let caps = Caps::of_site(sc, site);
        let at: Vec<usize> = (0..models.len())
            .filter(|&i| sc.pools[models[i].pool].site == site)
            .collect();
        Trip::BOTH.iter().all(|&trip| {
            caps.get(trip).is_none_or(|cap| {
                trips_peak(models, bounds, &at, trip) <= CAP_ROOM * f64::from(cap)
            })
        })
    })
}
