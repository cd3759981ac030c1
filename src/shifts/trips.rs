//! Transport: the agents a shift's trips carry (picked up at its start,
//! dropped off at its end) and the site's caps on them.

use std::collections::BTreeMap;

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
