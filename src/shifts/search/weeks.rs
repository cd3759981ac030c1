//! The same agents every week. A plan of weekly tours over several weeks
//! employs each contract's agents for the whole horizon (a contract: the
//! templates with the same working week and paid hours; an agent may change
//! between them from week to week, not to another contract), so every week
//! has as many agents of a contract as its busiest week, and each agent's
//! tour of one week must follow from their tour of the week before under
//! the rules ([`Handover`]).
//!
//! The search makes each week as cheap as it can; this last step gives
//! every lighter week its missing agents, week by week in order. Each
//! agent the week before leaves without a tour they can follow on (a
//! maximum matching between the two weeks' tours, [`stranded`]) gets one
//! first, where the floor is thinnest for its cost among the tours they
//! can work; the rest go where the floor is thinnest for its cost. Agents
//! still left without one then take over a new agent's tour, with as many
//! tours as it takes to cover what it did ([`Fill::exchange_one`]). Last, an
//! agent paid for a week the hand-over left them no tour in gets one they
//! can work ([`gaps`]): every agent works every week, except where no tour
//! may take one more agent (the start cap, a template's daily maximum, the
//! staff). The lines are then rotated to share nights, weekend days and
//! lates out, with agents' days off moved inside a week where that opens
//! the boundaries between weeks to night agents at no cost
//! ([`days_off::fairest`]).

use std::collections::BTreeMap;

mod assign;
mod days_off;
mod flow;
mod gaps;
mod rotate;

use flow::Flow;

use super::limits::{Below, Limits};
use super::state::State;
use crate::scenario::Template;
use crate::shifts::{Handover, PoolModel};

/// Each template's contract: the first template with the same week and
/// paid hours.
fn contracts(templates: &[Template]) -> Vec<usize> {
    templates
        .iter()
        .map(|t| {
            templates
                .iter()
                .position(|o| o.week == t.week && o.paid_s == t.paid_s)
                .unwrap_or(0)
        })
        .collect()
}

/// Agents per (contract, week) of a choice of tours.
fn heads(m: &PoolModel, contract: &[usize], tours: &[u32]) -> BTreeMap<(usize, usize), u32> {
    let mut heads = BTreeMap::new();
    for (j, &n) in tours.iter().enumerate().filter(|(_, n)| **n > 0) {
        *heads
            .entry((contract[m.tour_template(j)], m.tour_week(j)))
            .or_default() += n;
    }
    heads
}

/// An agent as the next week sees them. The hand-over does not look at
/// their nights or weekend days, so the plan's cost, head count and
/// starts do not depend on what counts as a night: the duty is shared out
/// afterwards, on the plan's tours ([`rotate`]; only days off may move
/// for it, [`days_off`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Agent {
    /// Their tour of the week before.
    before: usize,
    /// Their tour of week 0 (`None` for an agent who starts later), which
    /// their last week must lead back to when the horizon repeats.
    origin: Option<usize>,
}

impl Agent {
    /// A new agent starting on tour `j` (of week 0: their own origin).
    fn new(m: &PoolModel, j: usize) -> Agent {
        Agent {
            before: j,
            origin: (m.tour_week(j) == 0).then_some(j),
        }
    }

    /// The agent once they have worked tour `j`.
    fn then(self, j: usize) -> Agent {
        Agent { before: j, ..self }
    }
}

/// `state` with every week brought up to each contract's busiest week,
/// then any template under its `min_share` given agents where the floor is
/// thinnest (at most as many as the plan has).
pub(super) fn employ_every_week(
    m: &PoolModel,
    mut state: State,
    limits: &Limits,
) -> (State, Vec<Vec<Option<usize>>>) {
    let Some(rules) = m.weekly else {
        return (state, Vec::new());
    };
    let contract = contracts(limits.templates);
    let weeks = (0..m.tours.len())
        .map(|j| m.tour_week(j))
        .max()
        .map_or(1, |w| w + 1);
    let mut wanted: BTreeMap<usize, u32> = BTreeMap::new();
    for ((c, _), n) in heads(m, &contract, &state.tours) {
        let most = wanted.entry(c).or_default();
        *most = (*most).max(n);
    }
    let before = state.tours.iter().sum::<u32>();
    let week = |w: usize| Fill {
        m,
        limits,
        contract: &contract,
        wanted: &wanted,
        week: w,
        rules,
        last: w + 1 == weeks,
    };
    let mut agents: Vec<(Agent, u32)> = Vec::new();
    for w in 0..weeks {
        let fill = week(w);
        let mut left = fill.matched(&agents, &state.tours).stranded;
        fill.run(&mut state, &mut left);
        fill.while_stranded(&mut state, &agents, |s, b, left| fill.swap_one(s, b, left));
        fill.while_stranded(&mut state, &agents, |s, b, _| {
            fill.exchange_one(s, b, &agents)
        });
        agents = fill.matched(&agents, &state.tours).next;
    }
    for _ in 0..before {
        let Some(Below::Share(t, w)) = limits.below_min(m, &state.tours) else {
            break;
        };
        let counts = limits.counts(m, &state.tours);
        let pick = best(
            &state,
            m,
            (0..m.tours.len()).filter(|&j| {
                m.tour_template(j) == t && m.tour_week(j) == w && limits.allows(m, &counts, j)
            }),
        );
        let Some(j) = pick else { break };
        state.add(m, j);
    }
    let mut lines = lines(&state.tours, weeks, week);
    gaps::fill(m, &mut state, limits, (&contract, &rules), &mut lines);
    if state.tours.iter().sum::<u32>() > before {
        state.place_breaks(m);
    }
    days_off::fairest(m, state, limits, (&contract, &rules), lines)
}

/// Each agent's tour in every week (`None` before they start or after they
/// leave): the plan's own matching of each week's tours to the agents of
/// the week before, which the roster follows where it can.
fn lines<'a>(
    tours: &[u32],
    weeks: usize,
    week: impl Fn(usize) -> Fill<'a>,
) -> Vec<Vec<Option<usize>>> {
    let mut lines: Vec<Vec<Option<usize>>> = Vec::new();
    // The agents of the week before, and their lines.
    let mut groups: BTreeMap<Agent, Vec<usize>> = BTreeMap::new();
    for w in 0..weeks {
        let fill = week(w);
        let agents: Vec<(Agent, u32)> = groups.iter().map(|(&a, l)| (a, l.len() as u32)).collect();
        let matched = fill.matched(&agents, tours);
        let mut next: BTreeMap<Agent, Vec<usize>> = BTreeMap::new();
        for (i, sent) in matched.sent {
            let agent = agents[i].0;
            let from = groups.get_mut(&agent).expect("a matched agent's group");
            for (to, n) in sent {
                let moved: Vec<usize> = from.drain(..n as usize).collect();
                for &l in &moved {
                    lines[l][w] = Some(to);
                }
                next.entry(agent.then(to)).or_default().extend(moved);
            }
        }
        for &(b, n) in &matched.open {
            for _ in 0..n {
                let mut line = vec![None; weeks];
                line[w] = Some(b);
                lines.push(line);
                next.entry(Agent::new(fill.m, b))
                    .or_default()
                    .push(lines.len() - 1);
            }
        }
        groups = next;
    }
    lines
}

/// One week's filling.
struct Fill<'a> {
    m: &'a PoolModel,
    limits: &'a Limits<'a>,
    contract: &'a [usize],
    wanted: &'a BTreeMap<usize, u32>,
    week: usize,
    rules: Handover,
    /// Whether it is the horizon's last week.
    last: bool,
}

/// The week's tours matched to the agents of the week before.
struct Matched {
    /// Agents left without a tour.
    stranded: Vec<(Agent, u32)>,
    /// Tours with agents none of them can be.
    open: Vec<(usize, u32)>,
    /// The week's agents: the matched ones on their new tours, and a new
    /// agent (no origin) on each open one.
    next: Vec<(Agent, u32)>,
    /// Per agent of the week before (index), the tours they go to, with
    /// how many.
    sent: Vec<(usize, Vec<(usize, u32)>)>,
}

impl Fill<'_> {
    /// Add agents to the week until each contract has its `wanted` head
    /// count there, or no tour that would bring it closer may take one
    /// more: first for the agents `left` without a tour, each on a tour
    /// they can follow on with, then anywhere.
    fn run(&self, state: &mut State, left: &mut Vec<(Agent, u32)>) {
        let m = self.m;
        loop {
            let have = heads(m, self.contract, &state.tours);
            let short = |j: usize| {
                let c = self.contract[m.tour_template(j)];
                have.get(&(c, self.week)).copied().unwrap_or(0)
                    < self.wanted.get(&c).copied().unwrap_or(0)
            };
            let counts = self.limits.counts(m, &state.tours);
            let open: Vec<usize> = (0..m.tours.len())
                .filter(|&j| m.tour_week(j) == self.week && short(j))
                .filter(|&j| self.limits.allows(m, &counts, j))
                .collect();
            let follows = |j: usize| left.iter().position(|&(a, _)| self.takes(a, j));
            let pick = best(
                state,
                m,
                open.iter().copied().filter(|&j| follows(j).is_some()),
            )
            .or_else(|| best(state, m, open.iter().copied()));
            let Some(j) = pick else { return };
            if let Some(k) = follows(j) {
                left[k].1 -= 1;
                if left[k].1 == 0 {
                    left.remove(k);
                }
            }
            state.add(m, j);
        }
    }

    /// Whether `agent` may work tour `j`: the same contract, the rules
    /// from their tour of the week before, and in the last week of a
    /// repeating horizon, to their tour of week 0.
    fn takes(&self, agent: Agent, j: usize) -> bool {
        let m = self.m;
        let before = agent.before;
        let wrap = match (self.last, self.rules.wrap_s, agent.origin) {
            (true, Some(wrap_s), Some(o)) => follows_on(m, &self.rules, j, o, wrap_s),
            _ => true,
        };
        self.contract[m.tour_template(before)] == self.contract[m.tour_template(j)]
            && follows_on(m, &self.rules, before, j, 0)
            && wrap
    }

    /// How much of a change working tour `j` would be for `agent`: their
    /// days off other than in their first week, then their start other
    /// than last week's.
    fn change(&self, agent: Agent, j: usize) -> (bool, bool) {
        let m = self.m;
        let days_off = &m.tours[agent.origin.unwrap_or(agent.before)].days_off;
        let start = |t: usize| m.shifts[m.tours[t].shifts[0]].start_min;
        (
            m.tours[j].days_off != *days_off,
            start(j) != start(agent.before),
        )
    }

    /// While agents of the week before have no tour to follow on with and
    /// the week has tours none of them can work, `step` on one such tour
    /// (with the agents left without one) until it succeeds on none, at
    /// most once per agent of the week: [`Fill::swap_one`] moves one agent
    /// from such a tour to one a stranded agent can work, where no interval
    /// is left shorter; [`Fill::exchange_one`] trades such a tour (a new
    /// agent for the horizon) for tours that employ the stranded agents.
    fn while_stranded(
        &self,
        state: &mut State,
        agents: &[(Agent, u32)],
        step: impl Fn(&mut State, usize, &[(Agent, u32)]) -> bool,
    ) {
        let count: u32 = agents.iter().map(|a| a.1).sum();
        for _ in 0..count {
            let Matched { stranded, open, .. } = self.matched(agents, &state.tours);
            if stranded.is_empty() || !open.iter().any(|&(b, _)| step(state, b, &stranded)) {
                return;
            }
        }
    }

    /// Take one agent off tour `b`, then add tours that employ agents left
    /// without one (an agent of the week before can work it, and the
    /// matching then leaves one agent fewer without a tour; others are
    /// refused), each where it mends the most shortfall for its cost,
    /// until no interval is shorter than before; false (and `state`
    /// unchanged) when they run out first. Each tour added employs an
    /// agent who is paid for the week all the same ([`gaps`]).
    fn exchange_one(&self, state: &mut State, b: usize, agents: &[(Agent, u32)]) -> bool {
        let m = self.m;
        let short = state.shortfall;
        let mut moves = vec![state.remove(m, b)];
        let stranded = |state: &State| -> u32 {
            let left = self.matched(agents, &state.tours).stranded;
            left.iter().map(|a| a.1).sum()
        };
        let mut left = stranded(state);
        let mut refused: Vec<usize> = Vec::new();
        while left > 0 && state.shortfall > short + 1e-9 {
            let Some(j) = self.mender(state, agents, &refused) else {
                break;
            };
            let on = state.add(m, j);
            let now = stranded(state);
            if now < left {
                moves.push(on);
                left = now;
            } else {
                state.undo(m, on);
                refused.push(j);
            }
        }
        if state.shortfall <= short + 1e-9 {
            return true;
        }
        for mv in moves.into_iter().rev() {
            state.undo(m, mv);
        }
        false
    }

    /// The week's tour, not `refused`, that some agent of the week before
    /// can work and the limits let take one more agent, mending the most
    /// shortfall per unit of cost (ties to the first); none if none mends
    /// any.
    fn mender(
        &self,
        state: &mut State,
        agents: &[(Agent, u32)],
        refused: &[usize],
    ) -> Option<usize> {
        let m = self.m;
        let counts = self.limits.counts(m, &state.tours);
        let mut pick: Option<(f64, usize)> = None;
        for j in (0..m.tours.len()).filter(|&j| {
            m.tour_week(j) == self.week
                && !refused.contains(&j)
                && self.limits.allows(m, &counts, j)
                && agents.iter().any(|&(a, _)| self.takes(a, j))
        }) {
            let before = state.shortfall;
            let on = state.add(m, j);
            let mends = (before - state.shortfall) / m.tours[j].cost.max(1e-9);
            state.undo(m, on);
            if mends > 1e-9 && pick.is_none_or(|(p, _)| mends > p) {
                pick = Some((mends, j));
            }
        }
        pick.map(|(_, j)| j)
    }

    /// Move one agent off tour `b` to the best tour an agent in `left`
    /// can follow on with; false (and `state` unchanged) when no such move
    /// keeps the floor.
    fn swap_one(&self, state: &mut State, b: usize, left: &[(Agent, u32)]) -> bool {
        let m = self.m;
        let short = state.shortfall;
        let off = state.remove(m, b);
        let counts = self.limits.counts(m, &state.tours);
        let mut options: Vec<(f64, usize)> = (0..m.tours.len())
            .filter(|&j| j != b && m.tour_week(j) == self.week)
            .filter(|&j| self.contract[m.tour_template(j)] == self.contract[m.tour_template(b)])
            .filter(|&j| left.iter().any(|&(a, _)| self.takes(a, j)))
            .filter(|&j| self.limits.allows(m, &counts, j))
            .map(|j| (worth(m, state, j), j))
            .collect();
        options.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        for (_, j) in options {
            let on = state.add(m, j);
            if state.shortfall <= short + 1e-9 {
                return true;
            }
            state.undo(m, on);
        }
        state.undo(m, off);
        false
    }

    /// As many of `agents` as can be matched to the week's tours: a
    /// maximum flow from the agents to the tours, each edge a pair
    /// [`Fill::takes`] allows, one agent per shortest augmenting path
    /// (Edmonds & Karp 1972).
    fn matched(&self, agents: &[(Agent, u32)], tours: &[u32]) -> Matched {
        let m = self.m;
        let to: Vec<usize> = (0..m.tours.len())
            .filter(|&j| tours[j] > 0 && m.tour_week(j) == self.week)
            .collect();
        let order: Vec<usize> = (0..agents.len()).collect();
        let mut net = Flow {
            edges: agents
                .iter()
                .map(|&(a, _)| {
                    let mut edges: Vec<usize> =
                        (0..to.len()).filter(|&k| self.takes(a, to[k])).collect();
                    edges.sort_by_key(|&k| (self.change(a, to[k]), k));
                    edges
                })
                .collect(),
            left: agents.iter().map(|a| a.1).collect(),
            room: to.iter().map(|&b| tours[b]).collect(),
            flow: vec![BTreeMap::new(); to.len()],
        };
        net.greedy(&order);
        while net.augment() {}
        let mut next: Vec<(Agent, u32)> = Vec::new();
        let mut sent: BTreeMap<usize, Vec<(usize, u32)>> = BTreeMap::new();
        for (k, from) in net.flow.iter().enumerate() {
            for (&i, &n) in from.iter().filter(|(_, n)| **n > 0) {
                next.push((agents[i].0.then(to[k]), n));
                sent.entry(i).or_default().push((to[k], n));
            }
        }
        let open: Vec<(usize, u32)> = to
            .iter()
            .zip(&net.room)
            .filter(|(_, n)| **n > 0)
            .map(|(&b, &n)| (b, n))
            .collect();
        next.extend(open.iter().map(|&(b, n)| (Agent::new(m, b), n)));
        Matched {
            stranded: agents
                .iter()
                .zip(&net.left)
                .filter(|(_, n)| **n > 0)
                .map(|(&(a, _), &n)| (a, n))
                .collect(),
            open,
            next,
            sent: sent.into_iter().collect(),
        }
    }
}

/// Of `tours`, the one where one more agent is worth most per unit of cost
/// ([`worth`]; ties to the first).
fn best(state: &State, m: &PoolModel, tours: impl Iterator<Item = usize>) -> Option<usize> {
    tours
        .map(|j| (worth(m, state, j), j))
        .fold(None, |best: Option<(f64, usize)>, (v, j)| match best {
            Some((b, _)) if b >= v => best,
            _ => Some((v, j)),
        })
        .map(|(_, j)| j)
}

/// What one more agent on tour `j` is worth per unit of cost: over the
/// intervals it works, the requirement per agent on the floor once it is
/// there (so a spare agent goes where each agent carries the most load).
fn worth(m: &PoolModel, state: &State, j: usize) -> f64 {
    let load: f64 = m.tours[j]
        .shifts
        .iter()
        .flat_map(|&s| &m.shifts[s].intervals)
        .map(|&t| {
            let floor = m.required[t] + state.surplus[t];
            m.required[t] / (floor + 1.0).max(1.0)
        })
        .sum();
    load / m.tours[j].cost.max(1e-9)
}

/// Whether an agent on tour `a` can work tour `b` the week after (`b`
/// moved `later_s` on: the horizon's length when `b` is in week 0 and `a`
/// in the last week of a repeating horizon): rest between `a`'s last shift
/// and `b`'s first, and the runs of working days and of nights across the
/// two weeks, within the rules. The runs inside one tour are the tour's
/// own (its days off are one run each week).
pub(super) fn follows_on(
    m: &PoolModel,
    rules: &Handover,
    a: usize,
    b: usize,
    later_s: i64,
) -> bool {
    let (ta, tb) = (&m.tours[a], &m.tours[b]);
    let (Some(&last), Some(&first)) = (ta.shifts.last(), tb.shifts.first()) else {
        return true;
    };
    let rested = m.shifts[first].span_s.0 + later_s - m.shifts[last].span_s.1 >= rules.min_rest_s;
    let end = m.tour_week(a) * 7 + 6;
    let start = m.tour_week(b) * 7;
    let tail = |night: bool| {
        ta.shifts
            .iter()
            .rev()
            .enumerate()
            .take_while(|&(k, &s)| m.shifts[s].day + k == end && (!night || m.shifts[s].night))
            .count()
    };
    let head = |night: bool| {
        tb.shifts
            .iter()
            .enumerate()
            .take_while(|&(k, &s)| m.shifts[s].day == start + k && (!night || m.shifts[s].night))
            .count()
    };
    rested
        && tail(false) + head(false) <= rules.max_days
        && rules
            .max_nights
            .is_none_or(|most| tail(true) + head(true) <= most)
}

#[cfg(test)]
mod tests;
