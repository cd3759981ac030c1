//! The discrete-event engine: one pool, one run.
//!
//! Time is seconds from the start of the horizon. Every random number is
//! drawn before the event loop (absences, then each queue's arrivals with
//! their handle times and patience), so the loop itself is deterministic and
//! the result depends only on the seed of the (run, pool) stream.
//!
//! Events: an agent logs in (start of an on-floor segment), an agent is due
//! off (start of a break or end of the shift), a contact ends. Abandonment
//! needs no event: a waiting contact carries the instant it will hang up,
//! and a contact found at the head of a queue past that instant has left.

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap, VecDeque};

use super::draws::{arrivals, present};
use super::rng::Rng;

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
    /// Pools.
    pub pools: Vec<SimPool>,
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
}

/// One pool: its agents' shifts.
#[derive(Debug, Clone)]
pub struct SimPool {
    /// Probability that an agent scheduled for a shift is absent for all of it.
    pub shrinkage: f64,
    /// One entry per agent and shift: the on-floor segments `[start, end)`
    /// in seconds, in order, breaks between them.
    pub shifts: Vec<Vec<(f64, f64)>>,
}

/// Outcomes of the contacts of one queue that arrived in one interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Contacts that arrived.
    pub offered: u32,
    /// Contacts an agent took.
    pub answered: u32,
    /// In service level: answered within the threshold (live), or finished
    /// within the deadline (e-mail).
    pub within: u32,
    /// Contacts that hung up before an agent took them.
    pub abandoned: u32,
    /// Contacts that found no agent free on arrival.
    pub waited: u32,
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
        self.waited += o.waited;
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

/// One contact, drawn before the loop ([`super::draws::arrivals`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Contact {
    /// Arrival, seconds from the start of the horizon.
    pub(super) at: f64,
    /// Queue index.
    pub(super) queue: u32,
    /// Handle time, seconds.
    pub(super) service_s: f64,
    /// When it hangs up if still waiting (infinity without patience).
    pub(super) abandon_at: f64,
    /// Interval of arrival, or `u32::MAX` during the warm-up.
    pub(super) interval: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    On(u32),
    Off(u32),
    Done(u32, u32),
}

#[derive(Debug, Clone, Copy)]
struct Event {
    at: f64,
    seq: u64,
    kind: Kind,
}

impl PartialEq for Event {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Event {
    // Reversed: BinaryHeap is a max-heap and the earliest event comes first.
    fn cmp(&self, o: &Self) -> Ordering {
        o.at.total_cmp(&self.at).then(o.seq.cmp(&self.seq))
    }
}

struct Agent {
    shift: u32,
    segment: usize,
    load: u32,
    on: bool,
    leaving: bool,
}

/// Capacity units of an agent (the least common multiple of the pool's
/// concurrencies, so every contact takes a whole number of units) and the
/// units of each queue's contact.
fn units(model: &Model, pool: usize) -> (u32, Vec<u32>) {
    let lcm = model
        .queues
        .iter()
        .filter(|q| q.pool == pool)
        .map(|q| u64::from(q.concurrency.max(1)))
        .fold(1u64, |a, b| a / gcd(a, b) * b);
    // Capacity beyond 2^20 units only happens with exotic mixes of
    // concurrencies; the largest concurrency then sets the unit (rounded up).
    let cap = if lcm <= 1 << 20 {
        lcm
    } else {
        model
            .queues
            .iter()
            .filter(|q| q.pool == pool)
            .map(|q| u64::from(q.concurrency.max(1)))
            .max()
            .unwrap_or(1)
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

struct Sim<'a> {
    model: &'a Model,
    shifts: Vec<Vec<(f64, f64)>>,
    contacts: Vec<Contact>,
    agents: Vec<Agent>,
    cap: u32,
    weight: Vec<u32>,
    /// Agents on the floor, not due off, with spare capacity: (load, agent).
    free: BTreeSet<(u32, u32)>,
    waiting: Vec<VecDeque<u32>>,
    live: Vec<usize>,
    email: Vec<usize>,
    heap: BinaryHeap<Event>,
    seq: u64,
    now: f64,
    busy_units: u64,
    on_floor: u64,
    out: PoolRun,
}

/// Simulate pool `pool` of `model` once with the stream `seed`.
pub fn run_pool(model: &Model, pool: usize, seed: u64) -> PoolRun {
    let mut rng = Rng::new(seed);
    let shifts = present(model, pool, &mut rng);
    let contacts = arrivals(model, pool, &mut rng);
    let (cap, weight) = units(model, pool);
    let n = model.intervals;
    let mut sim = Sim {
        model,
        agents: (0..shifts.len())
            .map(|s| Agent {
                shift: s as u32,
                segment: 0,
                load: 0,
                on: false,
                leaving: false,
            })
            .collect(),
        shifts,
        contacts,
        cap,
        weight,
        free: BTreeSet::new(),
        waiting: vec![VecDeque::new(); model.queues.len()],
        live: (0..model.queues.len())
            .filter(|&q| model.queues[q].pool == pool && model.queues[q].live)
            .collect(),
        email: (0..model.queues.len())
            .filter(|&q| model.queues[q].pool == pool && !model.queues[q].live)
            .collect(),
        heap: BinaryHeap::new(),
        seq: 0,
        now: f64::NEG_INFINITY,
        busy_units: 0,
        on_floor: 0,
        out: PoolRun {
            queues: model
                .queues
                .iter()
                .map(|q| {
                    if q.pool == pool {
                        vec![Counts::default(); n]
                    } else {
                        Vec::new()
                    }
                })
                .collect(),
            busy_s: vec![0.0; n],
            floor_s: vec![0.0; n],
        },
    };
    sim.run();
    sim.out
}

impl Sim<'_> {
    fn push(&mut self, at: f64, kind: Kind) {
        self.seq += 1;
        self.heap.push(Event {
            at,
            seq: self.seq,
            kind,
        });
    }

    fn run(&mut self) {
        for a in 0..self.agents.len() {
            if let Some(&(start, _)) = self.shifts[a].first() {
                self.push(start, Kind::On(a as u32));
            }
        }
        let horizon = self.model.interval_s * self.model.intervals as f64;
        let mut next = 0;
        loop {
            let arrival = self.contacts.get(next).map(|c| c.at);
            let event = self.heap.peek().map(|e| e.at);
            match (arrival, event) {
                (None, None) => break,
                (Some(a), e) if e.is_none_or(|e| a < e) => {
                    self.advance(a);
                    self.arrive(next as u32);
                    next += 1;
                }
                _ => {
                    let Some(e) = self.heap.pop() else { break };
                    self.advance(e.at);
                    match e.kind {
                        Kind::On(a) => self.on(a),
                        Kind::Off(a) => self.off(a),
                        Kind::Done(a, c) => self.done(a, c),
                    }
                }
            }
            if next == self.contacts.len()
                && self.now >= horizon
                && self.busy_units == 0
                && self.waiting.iter().all(VecDeque::is_empty)
            {
                break;
            }
        }
        // Nobody is left to take what still waits: hung up if the contact
        // would, else never answered (a failure with no wait counted).
        for q in 0..self.waiting.len() {
            while let Some(c) = self.waiting[q].pop_front() {
                let c = self.contacts[c as usize];
                if c.abandon_at.is_finite() {
                    if let Some(k) = self.counts(&c) {
                        k.abandoned += 1;
                    }
                }
            }
        }
    }

    /// Move the clock to `t`, adding floor and busy time to the intervals it spans.
    fn advance(&mut self, t: f64) {
        let dt = self.model.interval_s;
        let horizon = dt * self.model.intervals as f64;
        let from = self.now.max(0.0);
        let to = t.min(horizon);
        if to > from && (self.on_floor > 0 || self.busy_units > 0) {
            let busy = self.busy_units as f64 / f64::from(self.cap);
            let floor = self.on_floor as f64;
            let mut a = from;
            let mut i = ((a / dt) as usize).min(self.model.intervals - 1);
            while a < to {
                let b = ((i + 1) as f64 * dt).min(to);
                self.out.busy_s[i] += busy * (b - a);
                self.out.floor_s[i] += floor * (b - a);
                a = b;
                i += 1;
            }
        }
        self.now = t;
    }

    fn counts(&mut self, c: &Contact) -> Option<&mut Counts> {
        if c.interval == u32::MAX {
            return None;
        }
        Some(&mut self.out.queues[c.queue as usize][c.interval as usize])
    }

    fn arrive(&mut self, c: u32) {
        let contact = self.contacts[c as usize];
        if let Some(k) = self.counts(&contact) {
            k.offered += 1;
        }
        let w = self.weight[contact.queue as usize];
        if let Some(&(load, a)) = self.free.first() {
            if load + w <= self.cap {
                self.assign(a, c);
                return;
            }
        }
        if let Some(k) = self.counts(&contact) {
            k.waited += 1;
        }
        self.waiting[contact.queue as usize].push_back(c);
    }

    fn assign(&mut self, a: u32, c: u32) {
        let contact = self.contacts[c as usize];
        let queue = &self.model.queues[contact.queue as usize];
        let wait = self.now - contact.at;
        let live = queue.live;
        let within = wait <= queue.threshold_s + 1e-9;
        if let Some(k) = self.counts(&contact) {
            k.answered += 1;
            k.wait_s += wait;
            if live && within {
                k.within += 1;
            }
        }
        let w = self.weight[contact.queue as usize];
        let agent = &mut self.agents[a as usize];
        self.free.remove(&(agent.load, a));
        agent.load += w;
        if agent.load < self.cap {
            self.free.insert((agent.load, a));
        }
        self.busy_units += u64::from(w);
        self.push(self.now + contact.service_s, Kind::Done(a, c));
    }

    fn done(&mut self, a: u32, c: u32) {
        let contact = self.contacts[c as usize];
        let queue = &self.model.queues[contact.queue as usize];
        if !queue.live && self.now - contact.at <= queue.threshold_s + 1e-9 {
            if let Some(k) = self.counts(&contact) {
                k.within += 1;
            }
        }
        let w = self.weight[contact.queue as usize];
        self.busy_units -= u64::from(w);
        let agent = &mut self.agents[a as usize];
        self.free.remove(&(agent.load, a));
        agent.load -= w;
        if agent.leaving {
            if agent.load == 0 {
                self.log_out(a);
            }
        } else {
            self.free.insert((agent.load, a));
            self.pull(a);
        }
    }

    /// Agent `a` has spare capacity: take the longest-waiting contacts that
    /// fit, live queues before e-mail.
    fn pull(&mut self, a: u32) {
        loop {
            let spare = self.cap - self.agents[a as usize].load;
            let pick = self
                .oldest(true, spare)
                .or_else(|| self.oldest(false, spare));
            match pick {
                Some(q) => {
                    let Some(c) = self.waiting[q].pop_front() else {
                        return;
                    };
                    self.assign(a, c);
                }
                None => return,
            }
        }
    }

    /// The queue (live or e-mail) whose head has waited longest among those
    /// whose contacts fit in `spare` units; heads that hung up are removed.
    fn oldest(&mut self, live: bool, spare: u32) -> Option<usize> {
        let queues = if live { &self.live } else { &self.email };
        let mut best: Option<(f64, usize)> = None;
        for k in 0..queues.len() {
            let q = if live { self.live[k] } else { self.email[k] };
            if self.weight[q] > spare {
                continue;
            }
            while let Some(&c) = self.waiting[q].front() {
                let contact = self.contacts[c as usize];
                if contact.abandon_at > self.now {
                    if best.is_none_or(|(at, _)| contact.at < at) {
                        best = Some((contact.at, q));
                    }
                    break;
                }
                self.waiting[q].pop_front();
                if let Some(k) = self.counts(&contact) {
                    k.abandoned += 1;
                }
            }
        }
        best.map(|(_, q)| q)
    }

    fn on(&mut self, a: u32) {
        let agent = &self.agents[a as usize];
        let (_, end) = self.shifts[agent.shift as usize][agent.segment];
        if self.now >= end {
            // Back from a late break after this segment was due to end.
            self.next_segment(a);
            return;
        }
        let agent = &mut self.agents[a as usize];
        agent.on = true;
        agent.leaving = false;
        self.on_floor += 1;
        self.free.insert((agent.load, a));
        self.push(end, Kind::Off(a));
        self.pull(a);
    }

    fn off(&mut self, a: u32) {
        let agent = &mut self.agents[a as usize];
        agent.leaving = true;
        self.free.remove(&(agent.load, a));
        if agent.load == 0 {
            self.log_out(a);
        }
    }

    fn log_out(&mut self, a: u32) {
        let agent = &mut self.agents[a as usize];
        if agent.on {
            agent.on = false;
            self.on_floor -= 1;
        }
        self.next_segment(a);
    }

    /// After leaving the floor: back from the break in full (its scheduled
    /// length from when the agent actually left), never before its scheduled end.
    fn next_segment(&mut self, a: u32) {
        let agent = &mut self.agents[a as usize];
        let segments = &self.shifts[agent.shift as usize];
        let k = agent.segment;
        if k + 1 < segments.len() {
            let gap = segments[k + 1].0 - segments[k].1;
            let back = segments[k + 1].0.max(self.now + gap);
            agent.segment += 1;
            self.push(back, Kind::On(a));
        }
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
            }],
        }
    }
}
