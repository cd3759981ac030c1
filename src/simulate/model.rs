//! The engine's input and output: the model of queues and agent groups
//! ([`Model`]) and what one run measures ([`PoolRun`], [`Counts`]).

pub use crate::scenario::{Redial, Trunk};

/// What the engine simulates: queues with their arrivals, pools with their
/// agents' on-floor segments. Built from a plan by [`super::model`], or by
/// hand in tests.
#[derive(Debug, Clone)]
pub struct Model {
    /// Interval length, seconds.
    pub interval_s: f64,
    /// Intervals in the horizon.
    pub intervals: usize,
    /// Whether the horizon repeats (a week that follows itself).
    pub cyclic: bool,
    /// Seconds simulated before the horizon to warm up (cyclic only): the
    /// last part of the cycle, with its arrivals and agents.
    pub warmup_s: f64,
    /// Queues.
    pub queues: Vec<SimQueue>,
    /// Pools (agent groups).
    pub pools: Vec<SimPool>,
    /// How a new contact picks among the free agents who can take it:
    /// `false`, the first group in the queue's order that has one (today's
    /// rule, and the only one for single-skill pools); `true`, uniformly
    /// among all of them (ContactCenters' Bilingual example).
    pub random_routing: bool,
    /// Trunk groups: lines a queue's contacts hold while waiting and in
    /// service ([`super::lines`]); empty: no limit.
    pub trunks: Vec<Trunk>,
}

impl Model {
    /// What the model assumes, in words: arrivals, handle times, patience,
    /// redials and absences as its queues and pools have them.
    pub fn assumptions(&self) -> String {
        let uniform = self.queues.iter().filter(|q| q.spread.is_some()).count();
        let handle = match uniform {
            0 => "exponential handle times",
            n if n == self.queues.len() => "uniform handle times",
            _ => "exponential or uniform handle times (per queue)",
        };
        let mut words = vec!["Poisson arrivals", handle];
        if self.queues.iter().any(|q| q.patience_s.is_some()) {
            words.push("exponential patience");
        }
        if self.queues.iter().any(|q| q.redial.is_some()) {
            words.push("redials");
        }
        if !self.trunks.is_empty() {
            words.push("trunk lines (a call finding every line taken is blocked)");
        }
        words.push("the last agents out at closing finish the queue");
        words.push(if self.pools.iter().any(|p| p.shrinkage > 0.0) {
            "whole-shift absences at the pool's shrinkage"
        } else {
            "no absences"
        });
        words.join(", ")
    }
}

/// One queue.
#[derive(Debug, Clone)]
pub struct SimQueue {
    /// Index into [`Model::pools`].
    pub pool: usize,
    /// Voice or chat (served before deferrable e-mail, SL counted at
    /// answer); `false` for e-mail (SL counted at the end of handling).
    pub live: bool,
    /// Expected contacts per interval (the Poisson mean).
    pub volume: Vec<f64>,
    /// Mean handle time per interval of arrival, seconds.
    pub aht_s: Vec<f64>,
    /// Mean patience, seconds (exponential); `None`: callers never hang up.
    pub patience_s: Option<f64>,
    /// Contacts one agent holds at once.
    pub concurrency: u32,
    /// Live: answered within this many seconds of arrival counts as in
    /// service level; e-mail: finished within it (the deadline).
    pub threshold_s: f64,
    /// Callers who hang up (or hear a busy signal) call back: with
    /// probability `share`, `after_s` later, at most `attempts` calls in all.
    pub redial: Option<Redial>,
    /// Handle times uniform on AHT × [1 − spread, 1 + spread]; `None`:
    /// exponential.
    pub spread: Option<f64>,
}

/// One pool: its agents' shifts.
#[derive(Debug, Clone)]
pub struct SimPool {
    /// Probability that an agent scheduled for a shift is absent for all of it.
    pub shrinkage: f64,
    /// One entry per agent and shift: the on-floor segments `[start, end)`
    /// in seconds, in order, breaks between them.
    pub shifts: Vec<Vec<(f64, f64)>>,
    /// Queues of other pools this pool's agents also take, in priority
    /// order after the pool's own queues (empty: single-skill).
    pub serves: Vec<usize>,
}

/// Outcomes of the contacts of one queue that arrived in one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Contacts that arrived (a redial is the same contact again, not
    /// counted twice).
    pub offered: u32,
    /// Contacts an agent took.
    pub answered: u32,
    /// In service level: answered within the threshold (live), or finished
    /// within the deadline (e-mail).
    pub within: u32,
    /// Hang-ups before an agent took the contact (every attempt's: a
    /// count of calls, not of callers).
    pub abandoned: u32,
    /// Callers whose last call hung up (each caller once: hung up and did
    /// not call back, by choice or at the `redial.attempts` cap).
    pub gave_up: u32,
    /// Contacts that found no agent free on arrival.
    pub waited: u32,
    /// Busy signals: attempts that found every line of the queue's trunk
    /// group taken (every attempt's, as abandons: a count of calls).
    pub blocked: u32,
    /// Callers whose last call heard a busy signal (each caller once).
    pub lost_blocked: u32,
    /// Total wait of the answered contacts, seconds.
    pub wait_s: f64,
}

impl Counts {
    /// Add another count.
    pub fn add(&mut self, o: &Counts) {
        self.offered += o.offered;
        self.answered += o.answered;
        self.within += o.within;
        self.abandoned += o.abandoned;
        self.gave_up += o.gave_up;
        self.waited += o.waited;
        self.blocked += o.blocked;
        self.lost_blocked += o.lost_blocked;
        self.wait_s += o.wait_s;
    }
}

/// What one run of one pool measured, per interval of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolRun {
    /// Per queue of the model (empty for queues of other pools), per interval.
    pub queues: Vec<Vec<Counts>>,
    /// Busy session-seconds (a chat session of concurrency c counts 1/c of
    /// an agent) per interval.
    pub busy_s: Vec<f64>,
    /// Agent-seconds logged in (on the floor) per interval.
    pub floor_s: Vec<f64>,
}

/// Capacity units of an agent (the least common multiple of the
/// concurrencies of the queues the pools serve, so every contact takes a
/// whole number of units) and the units of each queue's contact.
pub(super) fn units(model: &Model, queues: &[usize]) -> (u32, Vec<u32>) {
    let concurrencies = || {
        queues
            .iter()
            .map(|&q| u64::from(model.queues[q].concurrency.max(1)))
    };
    let lcm = concurrencies().fold(1u64, |a, b| a / gcd(a, b) * b);
    // Capacity beyond 2^20 units only happens with exotic mixes of
    // concurrencies; the largest concurrency then sets the unit (rounded up).
    let cap = if lcm <= 1 << 20 {
        lcm
    } else {
        concurrencies().max().unwrap_or(1)
    };
    let weights = model
        .queues
        .iter()
        .map(|q| cap.div_ceil(u64::from(q.concurrency.max(1))) as u32)
        .collect();
    (cap as u32, weights)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
impl Model {
    /// A pool of `agents` on the floor around the clock for the whole
    /// (cyclic) horizon, as one shift each.
    pub fn constant(
        days: usize,
        interval_s: f64,
        agents: usize,
        queues: Vec<SimQueue>,
        shrinkage: f64,
    ) -> Model {
        let intervals = days * (86400.0 / interval_s) as usize;
        let horizon = intervals as f64 * interval_s;
        Model {
            interval_s,
            intervals,
            cyclic: false,
            warmup_s: 0.0,
            queues,
            pools: vec![SimPool {
                shrinkage,
                // On the floor a day past the horizon, to finish its contacts.
                shifts: vec![vec![(0.0, horizon + 86400.0)]; agents],
                serves: Vec::new(),
            }],
            random_routing: false,
            trunks: Vec::new(),
        }
    }
}
