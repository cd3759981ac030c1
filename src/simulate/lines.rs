//! Trunk lines of one run ([`super::engine`]): a contact of a queue on a
//! trunk group holds one of its lines from arrival, while it waits and
//! while it is served; a contact arriving when every line is taken is
//! blocked (ContactCenters' `TrunkGroup`: a line is taken when the contact
//! enters the router, released when it leaves).
//!
//! The engine finds hang-ups lazily (a waiting contact past its patience is
//! dropped only when it reaches the head of its queue), so the lines held
//! by callers who have already hung up are released here, exactly, before
//! each arrival takes a line: every group keeps the hang-up instants of its
//! waiting contacts in a min-heap, and an entry whose contact was answered
//! meanwhile is skipped when it comes out (lazy deletion). Each contact
//! enters the heap at most once per attempt, so the work is bounded by the
//! number of attempts, in an order that depends only on the instants and
//! contact indices: deterministic.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use super::model::Model;

/// Where a contact's line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hold {
    /// Holds no line (not on a trunk group, blocked, or gone).
    None,
    /// Waiting, holding a line until it is answered or hangs up.
    Waiting,
    /// Being served, holding a line until the end of its handling.
    Served,
}

/// A hang-up instant, ordered by time then contact (a total order).
#[derive(Debug, Clone, Copy)]
struct HangUp(f64, u32);

impl PartialEq for HangUp {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for HangUp {}
impl PartialOrd for HangUp {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for HangUp {
    fn cmp(&self, o: &Self) -> Ordering {
        self.0.total_cmp(&o.0).then(self.1.cmp(&o.1))
    }
}

/// The lines of every trunk group of a model during one run.
pub(super) struct Lines {
    /// Per queue of the model: its trunk group, if on one.
    group: Vec<Option<usize>>,
    /// Per group: lines not taken.
    free: Vec<u32>,
    /// Per group: hang-up instants of its waiting contacts, earliest first.
    hangups: Vec<BinaryHeap<Reverse<HangUp>>>,
    /// Per contact (index in the engine's list): where its line is.
    hold: Vec<Hold>,
}

impl Lines {
    /// Every line of `model`'s trunk groups free.
    pub(super) fn new(model: &Model) -> Lines {
        let mut group = vec![None; model.queues.len()];
        for (g, t) in model.trunks.iter().enumerate() {
            for &q in &t.queues {
                group[q] = Some(g);
            }
        }
        Lines {
            group,
            free: model.trunks.iter().map(|t| t.lines).collect(),
            hangups: vec![BinaryHeap::new(); model.trunks.len()],
            hold: Vec::new(),
        }
    }

    /// Contact `c` of queue `q` arrives at `now` and will hang up at
    /// `abandon_at` if still waiting: whether it gets a line (always, off
    /// a trunk group). The lines of the group's callers who hung up by
    /// `now` are released first, so the count is exact at the arrival.
    pub(super) fn take(&mut self, c: u32, q: usize, now: f64, abandon_at: f64) -> bool {
        let Some(g) = self.group[q] else {
            return true;
        };
        while let Some(&Reverse(HangUp(at, w))) = self.hangups[g].peek() {
            if at > now {
                break;
            }
            self.hangups[g].pop();
            if self.hold[w as usize] == Hold::Waiting {
                self.hold[w as usize] = Hold::None;
                self.free[g] += 1;
            }
        }
        if self.free[g] == 0 {
            return false;
        }
        self.free[g] -= 1;
        let c = c as usize;
        if self.hold.len() <= c {
            self.hold.resize(c + 1, Hold::None);
        }
        self.hold[c] = Hold::Waiting;
        if abandon_at.is_finite() {
            self.hangups[g].push(Reverse(HangUp(abandon_at, c as u32)));
        }
        true
    }

    /// Contact `c` is answered: it keeps its line until [`Lines::done`].
    pub(super) fn answer(&mut self, c: u32) {
        if let Some(h) = self.hold.get_mut(c as usize) {
            if *h == Hold::Waiting {
                *h = Hold::Served;
            }
        }
    }

    /// Contact `c` of queue `q` ends its handling: its line is free.
    pub(super) fn done(&mut self, c: u32, q: usize) {
        let (Some(g), Some(h)) = (self.group[q], self.hold.get_mut(c as usize)) else {
            return;
        };
        if *h == Hold::Served {
            *h = Hold::None;
            self.free[g] += 1;
        }
    }

    /// Whether the model has no trunk group (nothing to track).
    pub(super) fn is_empty(&self) -> bool {
        self.free.is_empty()
    }
}

#[cfg(test)]
mod tests;
