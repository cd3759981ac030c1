//! The roster: the shift plan turned into named agents under the labour
//! rules, every rule hard.
//!
//! # Rules (all site-local, all hard)
//!
//! An agent works at most one shift per site-local day (the day a shift
//! starts on). For every agent:
//!
//! - **rest**: between the end of one shift and the start of the next, at
//!   least `rules.min_rest` (UTC instants, so a daylight-saving change counts);
//! - **consecutive days**: no run of more than `rules.max_consecutive_days`
//!   working days;
//! - **consecutive nights**: no run of more than
//!   `rules.max_consecutive_nights` days each worked on a night shift. A shift
//!   is a **night** when at least min(3 h, window length) of it falls inside
//!   `rules.night_window` (on any day; the window is site-local wall-clock
//!   time, `22:00-06:00` by default) — the "three hours of working time
//!   during night time" of the EU Working Time Directive 2003/88/EC, art. 2;
//! - **weekly hours**: paid hours in each week of the horizon (days 0–6,
//!   7–13, … from `site.start`) at most `rules.max_weekly_hours` and at
//!   most the agent's `contract_hours`;
//! - with `shifts.week`: at most `work_days` working days a week, the days
//!   off of each week one run (wrapping over the week's end, as the tours
//!   do) when `days_off: consecutive`, and the start times of a week within
//!   `start_drift` of each other (the smallest arc of the 24 h clock that
//!   holds them all);
//! - from the staff CSV: no night shift when `nights_ok` is no, no start
//!   before `earliest_start`, no end after `latest_end` (measured from the
//!   midnight of the start day, so a shift past midnight ends after any
//!   `latest_end`).
//!
//! When `site.cyclic` is true and the horizon is whole weeks, the roster
//! repeats as a rotation: rest, runs of days and runs of nights are counted
//! across the wrap from the last day back to the first. Otherwise agents
//! are taken to be rested before the first day ([`repeats`]).
//!
//! # Method
//!
//! The horizon is cut into blocks: weeks when the plan is made of weekly
//! tours, else days. Each block's items — a tour (the same start on
//! `work_days` days of one week) or a daily shift — are matched to agents,
//! one item per agent per block, in two passes:
//!
//! 1. **Greedy, fair**: items in order of burden (night shifts + weekend
//!    days, most first); each goes to the first free agent that may take it
//!    in the order (nights + weekend days worked so far, fewest first; then
//!    preferred days off kept; then agent order). Heavy weeks thus go to the
//!    agents who had light ones, which rotates night duty and weekends
//!    between weeks. With daily shifts the order puts the agent whose last
//!    start was closest to the shift's first, so agents keep their shift.
//! 2. **Augmenting paths** (Kuhn 1955): an item left over takes an agent
//!    from another item that can move to a free agent, so the block gets a
//!    maximum matching between items and agents.
//!
//! With weekly tours, when this fair pass needs more agents than the
//! busiest week has tours (or leaves shifts open), a second, **steady** pass
//! puts each agent on the same tour as the week before where it can (no
//! rotation, so rest and days-in-a-row hold over week boundaries), and the
//! pass with fewer open shifts, then fewer agents, is kept (the fair one on
//! a tie). The spread reported in summary.json shows which one it was.
//!
//! With `agents: {count: auto}` what is still left gets a new agent; with a
//! fixed headcount or a staff list it is unstaffed: [`Unstaffed`] (exit 3)
//! under hard coverage, an open row in roster.csv under `coverage: soft`.
//! Cost: O(items × agents) rule checks per block, each O(days) — a 2 000-agent
//! 4-week roster takes about a quarter of a second (docs/benchmarks.md). The method
//! is a heuristic: a fixed staff list that a cleverer search could staff may
//! be refused; the diagnosis then names what blocked each agent.
//!
//! Break times: the k-th agent on a shift (in agent order) takes the k-th
//! break combination of [`crate::shifts::agent_breaks`], so the roster
//! reproduces the plan's per-slot break counts, hence its coverage, exactly.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use crate::scenario::{Agents, Coverage, DaysOff, Scenario};
use crate::shifts::{agent_breaks, PoolPlan, ShiftPlan};
use crate::staffing::Staffed;
use crate::timegrid::{local_instant, stamp};

/// Night shifts need at least this much of the night window (3 h) or the
/// whole window when it is shorter.
pub const NIGHT_MIN_S: i64 = 3 * 3600;

/// One agent of the roster with their totals.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterAgent {
    /// Staff id (`A0001`… when generated).
    pub id: String,
    /// Name.
    pub name: String,
    /// Pool index.
    pub pool: usize,
    /// Paid hours over the horizon.
    pub hours: f64,
    /// Night shifts worked.
    pub nights: u32,
    /// Days worked that are weekend days (`costs.weekend_days`).
    pub weekend_days: u32,
    /// Days worked.
    pub days: u32,
}

/// One agent (or an open slot) on one planned shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Duty {
    /// Index into [`Roster::agents`]; `None` for a shift left open.
    pub agent: Option<usize>,
    /// Pool index.
    pub pool: usize,
    /// Index into the pool's [`crate::shifts::PoolModel::shifts`].
    pub shift: usize,
    /// Start of each template break, seconds after the shift start.
    pub breaks: Vec<u32>,
    /// Whether the shift is a night (see the module doc).
    pub night: bool,
}

/// Minimum and maximum of a figure over the agents.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Range {
    /// Least.
    pub min: f64,
    /// Most.
    pub max: f64,
}

/// The roster of every pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    /// Agents, in id order within pools in scenario order.
    pub agents: Vec<RosterAgent>,
    /// Duties, by agent then day; open ones last.
    pub duties: Vec<Duty>,
    /// How the items were formed: `weekly tours` or `daily shifts`.
    pub method: &'static str,
    /// Shifts left open (soft coverage only), with why.
    pub open: Vec<Open>,
}

impl Roster {
    /// Spread of nights, weekend days and hours over the agents who work
    /// at all (an idle agent of a fixed headcount would make every minimum 0).
    pub fn spread(&self) -> (Range, Range, Range) {
        spread(&self.agents)
    }
}

/// [`Roster::spread`] of any group of agents, such as one pool's.
pub fn spread<'a>(agents: impl IntoIterator<Item = &'a RosterAgent>) -> (Range, Range, Range) {
    let working: Vec<&RosterAgent> = agents.into_iter().filter(|a| a.days > 0).collect();
    let range = |f: &dyn Fn(&RosterAgent) -> f64| {
        if working.is_empty() {
            return Range::default();
        }
        Range {
            min: working.iter().map(|a| f(a)).fold(f64::INFINITY, f64::min),
            max: working
                .iter()
                .map(|a| f(a))
                .fold(f64::NEG_INFINITY, f64::max),
        }
    };
    (
        range(&|a| f64::from(a.nights)),
        range(&|a| f64::from(a.weekend_days)),
        range(&|a| a.hours),
    )
}

/// A planned shift no agent can take.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    /// Pool id.
    pub pool: String,
    /// Template name.
    pub shift: String,
    /// Site-local start (`2026-03-02T06:00+05:00`).
    pub start_site: String,
    /// Agents short on it.
    pub agents: u32,
    /// What blocks it: busy agents and the rules that bind the free ones.
    pub rule: String,
}

/// The roster cannot staff every planned shift under the hard rules: exit 3.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", render_open(.open))]
pub struct Unstaffed {
    /// The shifts left without an agent.
    pub open: Vec<Open>,
}

fn render_open(open: &[Open]) -> String {
    let n: u32 = open.iter().map(|o| o.agents).sum();
    let mut out = format!(
        "the roster cannot staff {n} planned shift(s) under the hard rules (use `shifts: {{coverage: soft, ...}}` to write the roster with them open):"
    );
    for o in open.iter().take(40) {
        out += &format!(
            "\n  {} {} {}: {} agent(s) short; {}",
            o.pool, o.shift, o.start_site, o.agents, o.rule
        );
    }
    if open.len() > 40 {
        out += &format!("\n  ... and {} more", open.len() - 40);
    }
    out
}

/// A rule an assignment would break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// Less than `min_rest` between two shifts.
    Rest,
    /// More than `max_consecutive_days` working days in a row.
    ConsecutiveDays,
    /// More than `max_consecutive_nights` nights in a row.
    ConsecutiveNights,
    /// More paid hours in a week than `max_weekly_hours` or the contract.
    WeeklyHours,
    /// More working days in a week than `shifts.week.work_days`.
    WorkDays,
    /// Days off of a week not one run.
    DaysOff,
    /// Starts of a week further apart than `start_drift`.
    Drift,
    /// A night shift for an agent with `nights_ok: no`.
    NightsOk,
    /// A start before the agent's `earliest_start`.
    EarliestStart,
    /// An end after the agent's `latest_end`.
    LatestEnd,
}

impl Rule {
    fn name(self, sc: &Scenario) -> String {
        let r = &sc.rules;
        match self {
            Rule::Rest => format!("min_rest ({})", hours(r.min_rest_s)),
            Rule::ConsecutiveDays => format!("max_consecutive_days ({})", r.max_consecutive_days),
            Rule::ConsecutiveNights => format!(
                "max_consecutive_nights ({})",
                r.max_consecutive_nights.unwrap_or(0)
            ),
            Rule::WeeklyHours => "max_weekly_hours / contract_hours".to_string(),
            Rule::WorkDays => "shifts.week.work_days".to_string(),
            Rule::DaysOff => "shifts.week.days_off: consecutive".to_string(),
            Rule::Drift => "shifts.week.start_drift".to_string(),
            Rule::NightsOk => "nights_ok: no".to_string(),
            Rule::EarliestStart => "earliest_start".to_string(),
            Rule::LatestEnd => "latest_end".to_string(),
        }
    }
}

fn hours(s: u32) -> String {
    if s % 3600 == 0 {
        format!("{}h", s / 3600)
    } else {
        format!("{}h{:02}m", s / 3600, s % 3600 / 60)
    }
}

/// What the rules need to know of one candidate shift.
#[derive(Debug, Clone)]
struct Info {
    day: usize,
    /// Seconds after the horizon start.
    start: i64,
    end: i64,
    start_min: u32,
    /// End, minutes after the midnight of the start day (wall clock).
    end_min: u32,
    paid_s: u32,
    night: bool,
    weekend: bool,
}

/// One person who can be rostered.
#[derive(Debug, Clone)]
struct Staff {
    id: String,
    name: String,
    /// Weekly cap on paid seconds.
    cap_s: Option<u32>,
    nights_ok: bool,
    prefer_off: Option<crate::units::DaySet>,
    earliest: Option<u32>,
    latest: Option<u32>,
}

/// The scenario's rules, in the units the check uses.
struct Ctx<'a> {
    sc: &'a Scenario,
    days: usize,
    cyclic: bool,
    horizon_s: i64,
    info: Vec<Info>,
}

/// Whether a shift of `[start, end)` seconds after `midnight` of each day is
/// a night: at least min(3 h, window) inside a night window.
fn is_night(
    sc: &Scenario,
    date: NaiveDate,
    start: chrono::DateTime<chrono::Utc>,
    len_s: i64,
) -> bool {
    let w = sc.rules.night_window;
    let tz = sc.site.timezone;
    let end = start + Duration::seconds(len_s);
    let need = NIGHT_MIN_S.min(i64::from(w.minutes()) * 60);
    let mut inside = 0;
    for back in -2..=1i64 {
        let d = date + Duration::days(back);
        let from = local_instant(tz, d, w.start);
        let to = local_instant(tz, d, w.end);
        let overlap = (end.min(to) - start.max(from)).num_seconds();
        inside += overlap.max(0);
    }
    inside >= need
}

fn infos(staffed: &Staffed, pp: &PoolPlan) -> Vec<Info> {
    let sc = &staffed.scenario;
    let tz = sc.site.timezone;
    pp.model
        .shifts
        .iter()
        .map(|s| {
            let t = &sc.shifts.templates[s.template];
            let date = sc.site.start + Duration::days(s.day as i64);
            let begin = local_instant(tz, date, s.start_min);
            let start = (begin - staffed.grid.start).num_seconds();
            Info {
                day: s.day,
                start,
                end: start + i64::from(t.length_s),
                start_min: s.start_min,
                end_min: s.start_min + t.length_s.div_ceil(60),
                paid_s: t.paid_s,
                night: is_night(sc, date, begin, i64::from(t.length_s)),
                weekend: sc.costs.weekend_days.contains(date.weekday()),
            }
        })
        .collect()
}

impl Ctx<'_> {
    /// The first rule `staff` would break working `sched` (one shift index
    /// per day) with `extra` added, or `None`.
    fn check(&self, staff: &Staff, sched: &[Option<u32>], extra: &[usize]) -> Option<Rule> {
        for &s in extra {
            let i = &self.info[s];
            if i.night && !staff.nights_ok {
                return Some(Rule::NightsOk);
            }
            if staff.earliest.is_some_and(|e| i.start_min < e) {
                return Some(Rule::EarliestStart);
            }
            if staff.latest.is_some_and(|l| i.end_min > l) {
                return Some(Rule::LatestEnd);
            }
        }
        let mut days: Vec<Option<u32>> = sched.to_vec();
        for &s in extra {
            days[self.info[s].day] = Some(s as u32);
        }
        self.rules(staff, &days)
    }

    /// The first rule a whole schedule breaks.
    fn rules(&self, staff: &Staff, days: &[Option<u32>]) -> Option<Rule> {
        let r = &self.sc.rules;
        let worked: Vec<&Info> = days
            .iter()
            .flatten()
            .map(|&s| &self.info[s as usize])
            .collect();
        // Rest between consecutive shifts (and over the wrap when cyclic).
        for pair in worked.windows(2) {
            if pair[1].start - pair[0].end < i64::from(r.min_rest_s) {
                return Some(Rule::Rest);
            }
        }
        if self.cyclic {
            if let (Some(first), Some(last)) = (worked.first(), worked.last()) {
                if first.start + self.horizon_s - last.end < i64::from(r.min_rest_s) {
                    return Some(Rule::Rest);
                }
            }
        }
        let on: Vec<bool> = days.iter().map(Option::is_some).collect();
        if longest_run(&on, self.cyclic) > r.max_consecutive_days as usize {
            return Some(Rule::ConsecutiveDays);
        }
        if let Some(max) = r.max_consecutive_nights {
            let nights: Vec<bool> = days
                .iter()
                .map(|d| d.is_some_and(|s| self.info[s as usize].night))
                .collect();
            if longest_run(&nights, self.cyclic) > max as usize {
                return Some(Rule::ConsecutiveNights);
            }
        }
        let cap = match (r.max_weekly_s, staff.cap_s) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let week = self.sc.shifts.week.as_ref();
        for w in 0..self.days.div_ceil(7) {
            let span = &days[7 * w..(7 * w + 7).min(self.days)];
            let shifts: Vec<&Info> = span
                .iter()
                .flatten()
                .map(|&s| &self.info[s as usize])
                .collect();
            if let Some(cap) = cap {
                if shifts.iter().map(|i| i.paid_s).sum::<u32>() > cap {
                    return Some(Rule::WeeklyHours);
                }
            }
            let Some(week) = week else { continue };
            if shifts.len() > week.work_days as usize {
                return Some(Rule::WorkDays);
            }
            if week.days_off == DaysOff::Consecutive && span.len() == 7 && !shifts.is_empty() {
                let off: Vec<bool> = span.iter().map(Option::is_none).collect();
                if runs(&off, true) > 1 {
                    return Some(Rule::DaysOff);
                }
            }
            let starts: Vec<u32> = shifts.iter().map(|i| i.start_min).collect();
            if drift_min(&starts) * 60 > week.start_drift_s {
                return Some(Rule::Drift);
            }
        }
        None
    }
}

/// Longest run of `true`; over the wrap when `cyclic` (all true: unbounded).
pub fn longest_run(on: &[bool], cyclic: bool) -> usize {
    if cyclic && !on.is_empty() && on.iter().all(|&b| b) {
        return usize::MAX;
    }
    let n = on.len();
    let reps = if cyclic { 2 } else { 1 };
    let (mut best, mut run) = (0, 0);
    for k in 0..n * reps {
        if on[k % n] {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best.min(n)
}

/// Number of runs of `true` (over the wrap when `cyclic`).
fn runs(on: &[bool], cyclic: bool) -> usize {
    let n = on.len();
    if n > 0 && on.iter().all(|&b| b) {
        return 1;
    }
    (0..n)
        .filter(|&k| {
            let before = if k == 0 {
                cyclic && on[n - 1]
            } else {
                on[k - 1]
            };
            on[k] && !before
        })
        .count()
}

/// Minutes of the smallest arc of the 24 h clock holding every start
/// (0 for none or one): 1440 − the largest gap between neighbours.
///
/// ```
/// // 23:30 and 00:30 are an hour apart, not 23.
/// assert_eq!(staffplan::roster::drift_min(&[23 * 60 + 30, 30]), 60);
/// assert_eq!(staffplan::roster::drift_min(&[6 * 60, 9 * 60, 7 * 60]), 180);
/// ```
pub fn drift_min(starts: &[u32]) -> u32 {
    let mut s: Vec<u32> = starts.iter().map(|m| m % 1440).collect();
    s.sort_unstable();
    s.dedup();
    if s.len() < 2 {
        return 0;
    }
    let mut gap = s[0] + 1440 - s[s.len() - 1];
    for w in s.windows(2) {
        gap = gap.max(w[1] - w[0]);
    }
    1440 - gap
}

/// A block's item: shifts one agent works (one per day), `count` times.
#[derive(Debug, Clone)]
struct Item {
    shifts: Vec<usize>,
    count: u32,
    burden: u32,
}

/// The outcome for one pool.
struct PoolRoster {
    staff: Vec<Staff>,
    sched: Vec<Vec<Option<u32>>>,
    /// Unstaffed: (shift, agents short, why).
    open: Vec<(usize, u32, String)>,
}

/// Items per block: weekly tours when the plan's tours reproduce its
/// shifts, else one block per day of its daily shifts.
fn blocks(pp: &PoolPlan, weekly: bool, ctx: &Ctx) -> (Vec<Vec<Item>>, bool) {
    let burden = |shifts: &[usize]| -> u32 {
        shifts
            .iter()
            .map(|&s| u32::from(ctx.info[s].night) + u32::from(ctx.info[s].weekend))
            .sum()
    };
    let m = &pp.model;
    if weekly && pp.tours.len() == m.tours.len() {
        let mut per_shift = vec![0u32; m.shifts.len()];
        for (j, &n) in pp.tours.iter().enumerate() {
            for &s in &m.tours[j].shifts {
                per_shift[s] += n;
            }
        }
        let mut planned = vec![0u32; m.shifts.len()];
        for a in &pp.assigned {
            planned[a.shift] += a.agents;
        }
        if per_shift == planned {
            let mut out = vec![Vec::new(); ctx.days.div_ceil(7)];
            for (j, &n) in pp.tours.iter().enumerate() {
                let shifts = &m.tours[j].shifts;
                if n == 0 || shifts.is_empty() {
                    continue;
                }
                out[ctx.info[shifts[0]].day / 7].push(Item {
                    shifts: shifts.clone(),
                    count: n,
                    burden: burden(shifts),
                });
            }
            return (out, true);
        }
    }
    let mut out = vec![Vec::new(); ctx.days];
    for a in &pp.assigned {
        if a.agents > 0 {
            out[ctx.info[a.shift].day].push(Item {
                shifts: vec![a.shift],
                count: a.agents,
                burden: burden(&[a.shift]),
            });
        }
    }
    (out, false)
}

fn roster_pool(
    ctx: &Ctx,
    pool_id: &str,
    items: &[Vec<Item>],
    weekly: bool,
    mut staff: Vec<Staff>,
    grow: bool,
    steady: bool,
) -> PoolRoster {
    let mut sched: Vec<Vec<Option<u32>>> = vec![vec![None; ctx.days]; staff.len()];
    let mut load = vec![0u32; staff.len()];
    let mut open = Vec::new();
    for (b, block) in items.iter().enumerate() {
        let block_days = if weekly {
            7 * b..(7 * b + 7).min(ctx.days)
        } else {
            b..b + 1
        };
        let mut order: Vec<usize> = (0..block.len()).collect();
        order.sort_by(|&x, &y| block[y].burden.cmp(&block[x].burden).then(x.cmp(&y)));
        // Agents busy in this block before it starts (none by construction
        // for tours; for days, nobody works twice a day).
        let mut taken: Vec<Option<usize>> = staff
            .iter()
            .enumerate()
            .map(|(a, _)| {
                sched[a][block_days.clone()]
                    .iter()
                    .any(Option::is_some)
                    .then_some(usize::MAX)
            })
            .collect();
        // compat[c][a]: 0 unknown, 1 ok, 2 refused.
        let mut compat: Vec<Vec<u8>> = vec![vec![0; staff.len()]; block.len()];
        let mut ok = |c: usize, a: usize, sched: &[Vec<Option<u32>>], staff: &[Staff]| -> bool {
            if compat[c][a] == 0 {
                compat[c][a] = if ctx.check(&staff[a], &sched[a], &block[c].shifts).is_none() {
                    1
                } else {
                    2
                };
            }
            compat[c][a] == 1
        };
        // Instances: (item, matched agent).
        let mut inst: Vec<(usize, Option<usize>)> = Vec::new();
        for &c in &order {
            let first = &ctx.info[block[c].shifts[0]];
            let prefer = |a: usize| -> u32 {
                staff[a].prefer_off.map_or(0, |p| {
                    block[c]
                        .shifts
                        .iter()
                        .filter(|&&s| {
                            p.contains(
                                (ctx.sc.site.start + Duration::days(ctx.info[s].day as i64))
                                    .weekday(),
                            )
                        })
                        .count() as u32
                })
            };
            let closeness = |a: usize| -> u32 {
                if weekly {
                    // Steady: the same tour as last week first.
                    let same = steady
                        && block[c].shifts.iter().all(|&s| {
                            let i = &ctx.info[s];
                            i.day >= 7
                                && sched[a][i.day - 7]
                                    .is_some_and(|p| ctx.info[p as usize].start_min == i.start_min)
                        })
                        && sched[a][7 * b.saturating_sub(1)..7 * b]
                            .iter()
                            .flatten()
                            .count()
                            == block[c].shifts.len();
                    return if same || !steady { 0 } else { 60 };
                }
                sched[a]
                    .iter()
                    .flatten()
                    .rev()
                    .find(|&&s| ctx.info[s as usize].day < first.day)
                    .map_or(1440, |&s| {
                        drift_min(&[ctx.info[s as usize].start_min, first.start_min])
                    })
            };
            let mut cands: Vec<(u32, u32, u32, usize)> = (0..staff.len())
                .filter(|&a| taken[a].is_none())
                .map(|a| (closeness(a) / 60, load[a], prefer(a), a))
                .collect();
            cands.sort_unstable();
            let mut cursor = 0;
            for _ in 0..block[c].count {
                let mut got = None;
                while cursor < cands.len() {
                    let a = cands[cursor].3;
                    cursor += 1;
                    if taken[a].is_none() && ok(c, a, &sched, &staff) {
                        got = Some(a);
                        break;
                    }
                }
                let k = inst.len();
                if let Some(a) = got {
                    taken[a] = Some(k);
                }
                inst.push((c, got));
            }
        }
        // Augmenting paths for what the greedy left.
        let unmatched: Vec<usize> = (0..inst.len()).filter(|&k| inst[k].1.is_none()).collect();
        for k in unmatched {
            if !taken.iter().any(Option::is_none) {
                break;
            }
            let mut seen_agent = vec![false; staff.len()];
            let mut seen_item = vec![false; block.len()];
            augment(
                k,
                &mut inst,
                &mut taken,
                &mut seen_agent,
                &mut seen_item,
                &mut |c, a| ok(c, a, &sched, &staff),
            );
        }
        // New agents (auto), or open shifts.
        for k in 0..inst.len() {
            let (c, got) = inst[k];
            if got.is_some() {
                continue;
            }
            let fresh = Staff {
                id: String::new(),
                name: String::new(),
                cap_s: None,
                nights_ok: true,
                prefer_off: None,
                earliest: None,
                latest: None,
            };
            let alone = ctx.check(&fresh, &vec![None; ctx.days], &block[c].shifts);
            if grow && alone.is_none() {
                staff.push(fresh);
                sched.push(vec![None; ctx.days]);
                load.push(0);
                taken.push(Some(k));
                for row in compat.iter_mut() {
                    row.push(0);
                }
                inst[k].1 = Some(staff.len() - 1);
                continue;
            }
            let why = match alone {
                Some(rule) => format!("{} breaks on its own", rule.name(ctx.sc)),
                None => diagnose(
                    ctx,
                    pool_id,
                    &block[c].shifts,
                    &staff,
                    &sched,
                    &taken,
                    (inst.len(), if weekly { "that week" } else { "that day" }),
                ),
            };
            for &s in &block[c].shifts {
                open.push((s, 1, why.clone()));
            }
        }
        for &(c, got) in &inst {
            if let Some(a) = got {
                for &s in &block[c].shifts {
                    sched[a][ctx.info[s].day] = Some(s as u32);
                }
                load[a] += block[c].burden;
            }
        }
    }
    PoolRoster { staff, sched, open }
}

/// Kuhn's augmenting path from instance `k`; `seen_item` prunes items
/// already tried in this search (same item, same compatible agents).
fn augment(
    k: usize,
    inst: &mut [(usize, Option<usize>)],
    taken: &mut [Option<usize>],
    seen_agent: &mut [bool],
    seen_item: &mut [bool],
    ok: &mut dyn FnMut(usize, usize) -> bool,
) -> bool {
    let c = inst[k].0;
    if seen_item[c] {
        return false;
    }
    seen_item[c] = true;
    for a in 0..taken.len() {
        if seen_agent[a] || taken[a] == Some(usize::MAX) || !ok(c, a) {
            continue;
        }
        seen_agent[a] = true;
        let free = match taken[a] {
            None => true,
            Some(j) => augment(j, inst, taken, seen_agent, seen_item, ok),
        };
        if free {
            taken[a] = Some(k);
            inst[k].1 = Some(a);
            return true;
        }
    }
    false
}

/// Why no agent of the pool can take `shifts`: busy agents and the first
/// rule each free one would break, most common first.
fn diagnose(
    ctx: &Ctx,
    pool_id: &str,
    shifts: &[usize],
    staff: &[Staff],
    sched: &[Vec<Option<u32>>],
    taken: &[Option<usize>],
    needed: (usize, &str),
) -> String {
    let busy = taken.iter().filter(|t| t.is_some()).count();
    let mut by_rule: BTreeMap<Rule, usize> = BTreeMap::new();
    for a in 0..staff.len() {
        if taken[a].is_none() {
            if let Some(rule) = ctx.check(&staff[a], &sched[a], shifts) {
                *by_rule.entry(rule).or_default() += 1;
            }
        }
    }
    let mut out = format!(
        "pool {pool_id} has {} agent(s) and needs {} {}; {busy} are on other shifts",
        staff.len(),
        needed.0,
        needed.1
    );
    if by_rule.is_empty() {
        out += ": too few agents";
    } else {
        let mut rules: Vec<(Rule, usize)> = by_rule.into_iter().collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let parts: Vec<String> = rules
            .iter()
            .map(|(r, n)| format!("{} for {n}", r.name(ctx.sc)))
            .collect();
        out += &format!("; the free ones are blocked by {}", parts.join(", "));
    }
    out
}

/// Split `n` over `weights` in proportion (largest remainder, ties to the
/// first).
fn apportion(n: u32, weights: &[u32]) -> Vec<u32> {
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if total == 0 {
        let mut out = vec![0; weights.len()];
        if let Some(first) = out.first_mut() {
            *first = n;
        }
        return out;
    }
    let mut out: Vec<u32> = weights
        .iter()
        .map(|&w| (u64::from(n) * u64::from(w) / total) as u32)
        .collect();
    let mut rest: Vec<(u64, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, &w)| (u64::from(n) * u64::from(w) % total, i))
        .collect();
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = n - out.iter().sum::<u32>();
    for &(_, i) in rest.iter().take(left as usize) {
        out[i] += 1;
    }
    out
}

fn generated(k: usize) -> Staff {
    Staff {
        id: String::new(),
        name: format!("{k}"),
        cap_s: None,
        nights_ok: true,
        prefer_off: None,
        earliest: None,
        latest: None,
    }
}

/// Whether the roster repeats: a cyclic horizon of whole weeks (a rotation).
/// A shorter or odd cyclic horizon (one day, ten days) repeats its demand
/// but not its people: rules are then counted inside the horizon only.
pub fn repeats(sc: &Scenario) -> bool {
    sc.site.cyclic && sc.site.days % 7 == 0
}

/// Roster every pool of `plan` with the scenario's agents and rules.
///
/// Under hard coverage a shift no agent can take is an [`Unstaffed`] error
/// (exit 3); under `coverage: soft` it stays open in the roster.
pub fn build(staffed: &Staffed, plan: &ShiftPlan) -> Result<Roster, Unstaffed> {
    let sc = &staffed.scenario;
    let days = sc.site.days as usize;
    let ctxs: Vec<Ctx> = plan
        .pools
        .iter()
        .map(|pp| Ctx {
            sc,
            days,
            cyclic: repeats(sc),
            horizon_s: (staffed.grid.end() - staffed.grid.start).num_seconds(),
            info: infos(staffed, pp),
        })
        .collect();
    let parts: Vec<(Vec<Vec<Item>>, bool)> = plan
        .pools
        .iter()
        .zip(&ctxs)
        .map(|(pp, ctx)| blocks(pp, sc.shifts.week.is_some(), ctx))
        .collect();
    let run = |p: usize, staff: Vec<Staff>, grow: bool| {
        let pp = &plan.pools[p];
        let go = |steady: bool| {
            roster_pool(
                &ctxs[p],
                &sc.pools[pp.model.pool].id,
                &parts[p].0,
                parts[p].1,
                staff.clone(),
                grow,
                steady,
            )
        };
        let fair = go(false);
        // The least headcount any roster needs: the busiest block.
        let bound = parts[p]
            .0
            .iter()
            .map(|b| b.iter().map(|i| i.count as usize).sum::<usize>())
            .max()
            .unwrap_or(0);
        let short = |r: &PoolRoster| r.open.len();
        if !parts[p].1 || (short(&fair) == 0 && fair.staff.len() <= bound.max(staff.len())) {
            return fair;
        }
        // Rotation cost agents or left shifts open: keep tours steady
        // instead where that does better.
        let steady = go(true);
        if (short(&steady), steady.staff.len()) < (short(&fair), fair.staff.len()) {
            steady
        } else {
            fair
        }
    };
    let pool_of = |p: usize| plan.pools[p].model.pool;
    let results: Vec<PoolRoster> = match &sc.agents {
        Agents::Auto => (0..plan.pools.len())
            .map(|p| run(p, Vec::new(), true))
            .collect(),
        Agents::Count(n) => {
            let need: Vec<u32> = (0..plan.pools.len())
                .map(|p| run(p, Vec::new(), true).staff.len() as u32)
                .collect();
            let share = apportion(*n, &need);
            (0..plan.pools.len())
                .map(|p| run(p, (0..share[p] as usize).map(generated).collect(), false))
                .collect()
        }
        Agents::List(list) => (0..plan.pools.len())
            .map(|p| {
                let staff = list
                    .iter()
                    .filter(|a| a.pool == pool_of(p))
                    .map(|a| Staff {
                        id: a.id.clone(),
                        name: a.name.clone(),
                        cap_s: a.contract_hours.map(|h| (h * 3600.0).round() as u32),
                        nights_ok: a.nights_ok,
                        prefer_off: a.days_off_preference,
                        earliest: a.earliest_start.map(|t| t.minutes()),
                        latest: a.latest_end.map(|t| t.minutes()),
                    })
                    .collect();
                run(p, staff, false)
            })
            .collect(),
    };
    assemble(staffed, plan, &ctxs, results, parts.iter().any(|p| p.1))
}

fn assemble(
    staffed: &Staffed,
    plan: &ShiftPlan,
    ctxs: &[Ctx],
    results: Vec<PoolRoster>,
    weekly: bool,
) -> Result<Roster, Unstaffed> {
    let sc = &staffed.scenario;
    let tz = sc.site.timezone;
    let mut agents = Vec::new();
    let mut duties = Vec::new();
    let mut open_duties = Vec::new();
    let mut open = Vec::new();
    let generate = !matches!(sc.agents, Agents::List(_));
    for (p, (pp, r)) in plan.pools.iter().zip(results).enumerate() {
        let pool = pp.model.pool;
        let pool_id = &sc.pools[pool].id;
        let ctx = &ctxs[p];
        let base = agents.len();
        // Agents working each shift, in agent order.
        let mut on: Vec<Vec<usize>> = vec![Vec::new(); pp.model.shifts.len()];
        for (k, staff) in r.staff.iter().enumerate() {
            let sched = &r.sched[k];
            let worked: Vec<&Info> = sched
                .iter()
                .flatten()
                .map(|&s| &ctx.info[s as usize])
                .collect();
            for &s in sched.iter().flatten() {
                on[s as usize].push(base + k);
            }
            let (id, name) = if generate {
                let n = agents.len() + 1;
                (format!("A{n:04}"), format!("{pool_id} {}", k + 1))
            } else {
                (staff.id.clone(), staff.name.clone())
            };
            agents.push(RosterAgent {
                id,
                name,
                pool,
                hours: worked.iter().map(|i| f64::from(i.paid_s)).sum::<f64>() / 3600.0,
                nights: worked.iter().filter(|i| i.night).count() as u32,
                weekend_days: worked.iter().filter(|i| i.weekend).count() as u32,
                days: worked.len() as u32,
            });
        }
        let mut short: BTreeMap<usize, (u32, String)> = BTreeMap::new();
        for (s, n, why) in r.open {
            let e = short.entry(s).or_insert((0, why));
            e.0 += n;
        }
        for a in &pp.assigned {
            let shift = &pp.model.shifts[a.shift];
            let combos = agent_breaks(shift, a);
            let night = ctx.info[a.shift].night;
            let staffed_on = &on[a.shift];
            for (k, combo) in combos.into_iter().enumerate() {
                let duty = Duty {
                    agent: staffed_on.get(k).copied(),
                    pool,
                    shift: a.shift,
                    breaks: combo,
                    night,
                };
                if duty.agent.is_some() {
                    duties.push(duty);
                } else {
                    open_duties.push(duty);
                }
            }
        }
        for (s, (n, why)) in short {
            let shift = &pp.model.shifts[s];
            let date = sc.site.start + Duration::days(shift.day as i64);
            open.push(Open {
                pool: pool_id.clone(),
                shift: sc.shifts.templates[shift.template].name.clone(),
                start_site: stamp(local_instant(tz, date, shift.start_min), tz),
                agents: n,
                rule: why,
            });
        }
    }
    if !open.is_empty() && sc.shifts.coverage != Some(Coverage::Soft) {
        return Err(Unstaffed { open });
    }
    let day_of = |d: &Duty| {
        let pi = plan
            .pools
            .iter()
            .position(|pp| pp.model.pool == d.pool)
            .unwrap_or(0);
        ctxs[pi].info[d.shift].start
    };
    duties.sort_by_key(|d| (d.agent, day_of(d)));
    open_duties.sort_by_key(|d| (d.pool, day_of(d), d.shift));
    duties.extend(open_duties);
    Ok(Roster {
        agents,
        duties,
        method: if weekly {
            "weekly tours"
        } else {
            "daily shifts"
        },
        open,
    })
}

#[cfg(test)]
mod tests;
