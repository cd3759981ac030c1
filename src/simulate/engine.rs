//! The discrete-event engine: one group of pools, one run.
//!
//! A group is the pools linked by `serves` (a pool alone when single-skill):
//! their agents share the waiting contacts, so they are simulated together.
//!
//! Time is seconds from the start of the horizon. Every random number of
//! the single-skill model is drawn before the event loop (absences pool by
//! pool, then each queue's arrivals with their handle times and patience),
//! so the loop itself is deterministic and the result depends only on the
//! seed of the (run, first pool) stream. The two choices made inside the
//! loop — a random free agent (`random_routing`) and whether a caller who
//! hung up calls back (`redial`) — draw from a second stream derived from
//! the same seed, which the single-skill model never touches.
//!
//! Events: an agent logs in (start of an on-floor segment), an agent is due
//! off (start of a break or end of the shift), a contact ends, a caller who
//! hung up may call back. Abandonment needs no event: a waiting contact
//! carries the instant it will hang up, and a contact found at the head of
//! a queue past that instant has left. Trunk lines ([`super::lines`]) free
//! the lines of those who left before each arrival takes one.

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap, VecDeque};

use super::draws::{arrivals, present};
use super::lines::Lines;
use super::rng::Rng;
use super::routes::Routes;

use super::model::units;
pub use super::model::{Counts, Model, PoolRun, SimPool, SimQueue};

mod redial;

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
    /// A caller who hung up calling back (the same contact: not offered
    /// again).
    pub(super) redial: bool,
    /// Calls this caller has made, this one included (1 for a first call).
    pub(super) attempt: u32,
    /// Time already spent waiting in earlier attempts (a redial's), seconds:
    /// the contact's wait is its total time in queue.
    pub(super) queued_before: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    On(u32),
    Off(u32),
    Done(u32, u32),
    Redial(u32),
    /// A blocked caller calls back (the attempt held no line, waited nothing).
    Retry(u32),
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
    /// Index of the agent's pool among the simulated pools.
    group: u32,
}

struct Sim<'a> {
    model: &'a Model,
    routes: Routes,
    shifts: Vec<Vec<(f64, f64)>>,
    contacts: Vec<Contact>,
    /// Contacts drawn before the loop (redials are added after them).
    fresh: usize,
    answered: Vec<bool>,
    agents: Vec<Agent>,
    cap: u32,
    weight: Vec<u32>,
    /// Per pool: agents on the floor, not due off, with spare capacity:
    /// (load, agent).
    free: Vec<BTreeSet<(u32, u32)>>,
    waiting: Vec<VecDeque<u32>>,
    heap: BinaryHeap<Event>,
    seq: u64,
    now: f64,
    /// Per pool: busy units and agents on the floor.
    busy_units: Vec<u64>,
    on_floor: Vec<u64>,
    /// Agents on the floor not due off: none left means the queues close
    /// (or a gap in the plan), and the last agents out finish the queue.
    staying: u64,
    /// Redial events still to come.
    redials: u32,
    /// The stream of the choices made inside the loop.
    choices: Rng,
    /// Trunk lines.
    lines: Lines,
    /// Per pool.
    out: Vec<PoolRun>,
}

/// Simulate pool `pool` of `model` (alone) once with the stream `seed`.
pub fn run_pool(model: &Model, pool: usize, seed: u64) -> PoolRun {
    let mut runs = run_pools(model, &[pool], seed);
    runs.swap_remove(0)
}

/// Simulate the pools `pools` of `model` together (every pool that serves
/// a queue of one of them must be among them) once with the stream `seed`:
/// one result per pool, in the order given; a queue's counts are in its
/// own pool's result.
pub fn run_pools(model: &Model, pools: &[usize], seed: u64) -> Vec<PoolRun> {
    let mut rng = Rng::new(seed);
    let mut shifts = Vec::new();
    let mut group = Vec::new();
    for (g, &p) in pools.iter().enumerate() {
        let present = present(model, p, &mut rng);
        group.extend(std::iter::repeat_n(g as u32, present.len()));
        shifts.extend(present);
    }
    let contacts = arrivals(model, pools, &mut rng);
    run_drawn(model, pools, (shifts, group), contacts, seed)
}

/// One run of `pools` on what was drawn for it: each present agent-shift's
/// segments with its pool's index among `pools`, and the contacts in
/// arrival order.
pub(super) fn run_drawn(
    model: &Model,
    pools: &[usize],
    (shifts, group): (Vec<Vec<(f64, f64)>>, Vec<u32>),
    contacts: Vec<Contact>,
    seed: u64,
) -> Vec<PoolRun> {
    let queues: Vec<usize> = (0..model.queues.len())
        .filter(|&q| pools.contains(&model.queues[q].pool))
        .collect();
    let (cap, weight) = units(model, &queues);
    let n = model.intervals;
    let run = |p: usize| PoolRun {
        queues: model
            .queues
            .iter()
            .map(|q| {
                if q.pool == p {
                    vec![Counts::default(); n]
                } else {
                    Vec::new()
                }
            })
            .collect(),
        busy_s: vec![0.0; n],
        floor_s: vec![0.0; n],
    };
    let mut sim = Sim {
        model,
        routes: Routes::new(model, pools),
        agents: (0..shifts.len())
            .map(|s| Agent {
                shift: s as u32,
                segment: 0,
                load: 0,
                on: false,
                leaving: false,
                group: group[s],
            })
            .collect(),
        shifts,
        fresh: contacts.len(),
        answered: vec![false; contacts.len()],
        contacts,
        cap,
        weight,
        free: vec![BTreeSet::new(); pools.len()],
        waiting: vec![VecDeque::new(); model.queues.len()],
        heap: BinaryHeap::new(),
        seq: 0,
        now: f64::NEG_INFINITY,
        busy_units: vec![0; pools.len()],
        on_floor: vec![0; pools.len()],
        staying: 0,
        redials: 0,
        choices: Rng::new(super::rng::derive(seed, &[u64::MAX])),
        lines: Lines::new(model),
        out: pools.iter().map(|&p| run(p)).collect(),
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
            let arrival = (next < self.fresh).then(|| self.contacts[next].at);
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
                        Kind::Redial(c) => self.redial(c, false),
                        Kind::Retry(c) => self.redial(c, true),
                    }
                }
            }
            if next == self.fresh
                && self.now >= horizon
                && self.redials == 0
                && self.busy_units.iter().all(|&b| b == 0)
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
                    self.hung_up(&c);
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
        for g in 0..self.out.len() {
            if to > from && (self.on_floor[g] > 0 || self.busy_units[g] > 0) {
                let busy = self.busy_units[g] as f64 / f64::from(self.cap);
                let floor = self.on_floor[g] as f64;
                let out = &mut self.out[g];
                let mut a = from;
                let mut i = ((a / dt) as usize).min(self.model.intervals - 1);
                while a < to {
                    let b = ((i + 1) as f64 * dt).min(to);
                    out.busy_s[i] += busy * (b - a);
                    out.floor_s[i] += floor * (b - a);
                    a = b;
                    i += 1;
                }
            }
        }
        self.now = t;
    }

    fn counts(&mut self, c: &Contact) -> Option<&mut Counts> {
        if c.interval == u32::MAX {
            return None;
        }
        let q = c.queue as usize;
        let own = *self.routes.groups[q].first()? as usize;
        Some(&mut self.out[own].queues[q][c.interval as usize])
    }

    fn arrive(&mut self, c: u32) {
        let contact = self.contacts[c as usize];
        let q = contact.queue as usize;
        if !contact.redial {
            if let Some(k) = self.counts(&contact) {
                k.offered += 1;
            }
        }
        if !self.lines.is_empty() && !self.lines.take(c, q, self.now, contact.abandon_at) {
            self.block(c);
            return;
        }
        if let Some(a) = self.free_agent(q) {
            self.assign(a, c);
            return;
        }
        if !contact.redial {
            if let Some(k) = self.counts(&contact) {
                k.waited += 1;
            }
        }
        if let (Some(after), true) = (self.redial_after(&contact), contact.abandon_at.is_finite()) {
            self.redials += 1;
            self.push(contact.abandon_at + after, Kind::Redial(c));
        }
        self.waiting[contact.queue as usize].push_back(c);
    }

    /// A free agent for a new contact of queue `q`, if one has room: the
    /// least loaded of the first of the queue's pools that has one, or
    /// under random routing one drawn uniformly among all of them.
    fn free_agent(&mut self, q: usize) -> Option<u32> {
        let w = self.weight[q];
        let fits = |&(load, _): &(u32, u32)| load + w <= self.cap;
        let groups = &self.routes.groups[q];
        if !self.model.random_routing {
            return groups.iter().find_map(|&g| {
                let first = self.free[g as usize].first()?;
                fits(first).then_some(first.1)
            });
        }
        let count: usize = groups
            .iter()
            .map(|&g| self.free[g as usize].iter().filter(|e| fits(e)).count())
            .sum();
        if count == 0 {
            return None;
        }
        let mut k = ((self.choices.uniform() * count as f64) as usize).min(count - 1);
        for &g in groups {
            for e in self.free[g as usize].iter().filter(|e| fits(e)) {
                if k == 0 {
                    return Some(e.1);
                }
                k -= 1;
            }
        }
        None
    }

    fn assign(&mut self, a: u32, c: u32) {
        let contact = self.contacts[c as usize];
        self.answered[c as usize] = true;
        self.lines.answer(c);
        let queue = &self.model.queues[contact.queue as usize];
        let wait = self.now - contact.at + contact.queued_before;
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
        let g = agent.group as usize;
        self.free[g].remove(&(agent.load, a));
        agent.load += w;
        if agent.load < self.cap && !agent.leaving {
            self.free[g].insert((agent.load, a));
        }
        self.busy_units[g] += u64::from(w);
        self.push(self.now + contact.service_s, Kind::Done(a, c));
    }

    fn done(&mut self, a: u32, c: u32) {
        let contact = self.contacts[c as usize];
        self.lines.done(c, contact.queue as usize);
        let queue = &self.model.queues[contact.queue as usize];
        if !queue.live && self.now - contact.at <= queue.threshold_s + 1e-9 {
            if let Some(k) = self.counts(&contact) {
                k.within += 1;
            }
        }
        let w = self.weight[contact.queue as usize];
        let agent = &mut self.agents[a as usize];
        let g = agent.group as usize;
        self.busy_units[g] -= u64::from(w);
        self.free[g].remove(&(agent.load, a));
        agent.load -= w;
        if agent.leaving {
            self.finish_queue(a);
        } else {
            self.free[g].insert((agent.load, a));
            self.pull(a, f64::INFINITY);
        }
    }

    /// Agent `a` is due off at the end of its shift when no agent stays on
    /// the floor (closing time): as a contact centre closes, it finishes
    /// the queue, answering the live contacts that were waiting by then
    /// (oldest first; later arrivals, and e-mail, wait for the next
    /// agent), and leaves when none is left. Otherwise (a break, or
    /// colleagues still on) it leaves once its contacts are done.
    fn finish_queue(&mut self, a: u32) {
        let agent = &self.agents[a as usize];
        let segments = &self.shifts[agent.shift as usize];
        if self.staying == 0 && agent.segment + 1 == segments.len() {
            let end = segments[agent.segment].1;
            let g = agent.group as usize;
            loop {
                let spare = self.cap - self.agents[a as usize].load;
                let Some(q) = self.oldest(g, true, spare, end) else {
                    break;
                };
                let Some(c) = self.waiting[q].pop_front() else {
                    break;
                };
                self.assign(a, c);
            }
        }
        if self.agents[a as usize].load == 0 {
            self.log_out(a);
        }
    }

    /// Agent `a` has spare capacity: take the longest-waiting contacts that
    /// fit among the queues its pool serves, live queues before e-mail,
    /// that arrived by `upto`.
    fn pull(&mut self, a: u32, upto: f64) {
        let g = self.agents[a as usize].group as usize;
        loop {
            let spare = self.cap - self.agents[a as usize].load;
            let pick = self
                .oldest(g, true, spare, upto)
                .or_else(|| self.oldest(g, false, spare, upto));
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

    /// The queue (live or e-mail) of pool `g` whose head has waited longest
    /// among those whose contacts fit in `spare` units (on a tie, the first
    /// in the pool's priority order) and arrived by `upto`; heads that hung
    /// up are removed.
    fn oldest(&mut self, g: usize, live: bool, spare: u32, upto: f64) -> Option<usize> {
        let count = if live {
            self.routes.live[g].len()
        } else {
            self.routes.email[g].len()
        };
        let mut best: Option<(f64, usize)> = None;
        for k in 0..count {
            let q = if live {
                self.routes.live[g][k]
            } else {
                self.routes.email[g][k]
            };
            if self.weight[q] > spare {
                continue;
            }
            while let Some(&c) = self.waiting[q].front() {
                let contact = self.contacts[c as usize];
                if contact.abandon_at > self.now {
                    if contact.at <= upto && best.is_none_or(|(at, _)| contact.at < at) {
                        best = Some((contact.at, q));
                    }
                    break;
                }
                self.waiting[q].pop_front();
                self.hung_up(&contact);
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
        let g = agent.group as usize;
        agent.on = true;
        agent.leaving = false;
        self.on_floor[g] += 1;
        self.staying += 1;
        self.free[g].insert((agent.load, a));
        self.push(end, Kind::Off(a));
        self.pull(a, f64::INFINITY);
    }

    fn off(&mut self, a: u32) {
        let agent = &mut self.agents[a as usize];
        agent.leaving = true;
        self.staying -= 1;
        self.free[agent.group as usize].remove(&(agent.load, a));
        self.finish_queue(a);
    }

    fn log_out(&mut self, a: u32) {
        let agent = &mut self.agents[a as usize];
        if agent.on {
            agent.on = false;
            self.on_floor[agent.group as usize] -= 1;
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
