//! Transport: the agents a shift's trips carry (picked up at its start,
//! dropped off at its end) and the site's caps on them.

use std::collections::BTreeMap;

use crate::scenario::Shifts;

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

    /// The scenario's cap on agents on one such trip, all pools together
    /// (`max_starts_per_slot`, `max_ends_per_slot`).
    pub fn cap(self, shifts: &Shifts) -> Option<u32> {
        match self {
            Trip::PickUp => shifts.max_starts_per_slot,
            Trip::DropOff => shifts.max_ends_per_slot,
        }
    }

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
