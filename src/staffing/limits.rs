//! What sets a requirement: the limits one agent fewer would break, per
//! queue and interval, and their shares over a queue's intervals.

use super::Cell;
use crate::erlang::{self, Load, Target};

/// A limit that can set a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The service-level target (like 80/20).
    ServiceLevel,
    /// The ASA target.
    Asa,
    /// The occupancy cap.
    Occupancy,
    /// `min_agents_when_open`.
    MinAgents,
    /// The e-mail deadline (at the occupancy cap).
    Deadline,
}

impl Limit {
    /// Every limit, in the order they are named.
    pub const ALL: [Limit; 5] = [
        Limit::ServiceLevel,
        Limit::Asa,
        Limit::Occupancy,
        Limit::MinAgents,
        Limit::Deadline,
    ];

    /// Its name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Limit::ServiceLevel => "sl",
            Limit::Asa => "asa",
            Limit::Occupancy => "occupancy",
            Limit::MinAgents => "min_agents",
            Limit::Deadline => "deadline",
        }
    }
}

/// The limits that set an interval's requirement: those one agent fewer
/// would break (none where nobody is needed). Why 80/20 → 90/15 costs
/// little where the occupancy cap, not the target, sets most intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SetBy(u8);

impl SetBy {
    pub(super) fn with(self, limit: Limit) -> SetBy {
        SetBy(self.0 | 1 << limit as u8)
    }

    /// Whether `limit` is one of them.
    pub fn has(self, limit: Limit) -> bool {
        self.0 & 1 << limit as u8 != 0
    }

    /// Their names joined by `+`, like `sl+occupancy`; empty for none.
    pub fn text(self) -> String {
        let names: Vec<&str> = Limit::ALL
            .iter()
            .filter(|l| self.has(**l))
            .map(|l| l.name())
            .collect();
        names.join("+")
    }
}

/// Of the intervals where a queue needs anyone, the share each limit sets
/// (an interval two limits set counts for both), largest first.
pub fn set_by_shares(cells: &[Cell]) -> Vec<(Limit, f64)> {
    let needed = cells.iter().filter(|c| c.net > 0).count();
    if needed == 0 {
        return Vec::new();
    }
    let mut shares: Vec<(Limit, f64)> = Limit::ALL
        .iter()
        .map(|&l| {
            let n = cells.iter().filter(|c| c.set_by.has(l)).count();
            (l, n as f64 / needed as f64)
        })
        .filter(|&(_, share)| share > 0.0)
        .collect();
    shares.sort_by(|a, b| b.1.total_cmp(&a.1));
    shares
}

/// A queue's occupancy at its requirement: each interval's (the carried
/// load per agent, so with abandons and chat concurrency as the Erlang
/// figures give it) weighted by the agents it needs.
pub fn mean_occupancy(cells: &[Cell]) -> Option<f64> {
    let agents: f64 = cells.iter().map(|c| f64::from(c.net)).sum();
    (agents > 0.0).then(|| {
        cells
            .iter()
            .map(|c| c.occupancy * f64::from(c.net))
            .sum::<f64>()
            / agents
    })
}

/// What sets `net` agents for an Erlang queue whose open floor is `floor`:
/// the targets `net − 1` agents would miss (the service level when the
/// search's own tolerance leaves none named).
pub(super) fn erlang_set_by(load: &Load, target: &Target, net: u32, floor: u32) -> SetBy {
    if net == 0 {
        return SetBy::default();
    }
    let mut by = SetBy::default();
    if net <= floor {
        by = by.with(Limit::MinAgents);
    }
    match erlang::figures_at(load, target, net - 1) {
        Ok(f) => {
            let missed = erlang::Missed::of(&f, target);
            for (miss, limit) in [
                (missed.sl, Limit::ServiceLevel),
                (missed.asa, Limit::Asa),
                (missed.occupancy, Limit::Occupancy),
            ] {
                if miss {
                    by = by.with(limit);
                }
            }
        }
        Err(_) => by = by.with(Limit::ServiceLevel),
    }
    if by == SetBy::default() {
        by = by.with(Limit::ServiceLevel);
    }
    by
}
