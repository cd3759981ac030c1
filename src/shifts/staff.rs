//! What the staff can work, as caps on the plan: night shifts, and the
//! groups of tours no more agents may work than there are people able to.
//!
//! A person works at most one tour a week (with weekly tours) or one shift
//! a day (daily shifts): a *period*. With a staff list, each person can work
//! only some tours (`nights_ok`, `earliest_start`, `latest_end`,
//! `contract_hours`), so a plan can be rostered only if, in every period,
//! every set of tours has no more agents than the people able to work at
//! least one of them (Hall's condition for the matching of tours to people).
//! People with the same abilities form a *class*; the sets that can bind are
//! those of the tours whose able classes all lie in a set K of classes, capped
//! at the people of K. With a fixed head count (`agents: {count: N}`) the
//! pools share the N people, apportioned to the pools by their LP head count.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::lp::{self, Relaxed};
use super::{Caps, PoolModel, Shift, Tour};
use crate::scenario::{Agent, Agents, Scenario};
use crate::staffing::Staffed;
use crate::timegrid::local_instant;

/// Night shifts need at least this much of the night window (3 h) or the
/// whole window when it is shorter.
pub const NIGHT_MIN_S: i64 = 3 * 3600;

/// Classes of people told apart exactly; with more, only who may work
/// nights is (the caps then still hold for nights and the head count).
const MAX_CLASSES: usize = 8;

/// Whether a shift of `len_s` seconds from `start`, which starts on the
/// site-local `date`, is a night: at least min(3 h, window) inside a night
/// window, the window as long as the clocks make it that night (a
/// daylight-saving change shortens or lengthens it by an hour; a time the
/// clocks skip opens or closes it as they jump).
pub fn is_night(sc: &Scenario, date: NaiveDate, start: DateTime<Utc>, len_s: i64) -> bool {
    let w = sc.rules.night_window;
    let tz = sc.site.timezone;
    let end = start + Duration::seconds(len_s);
    let (mut inside, mut longest) = (0, 0);
    for back in -2..=1i64 {
        let d = date + Duration::days(back);
        let from = local_instant(tz, d, w.start);
        let to = local_instant(tz, d, w.end);
        let overlap = (end.min(to) - start.max(from)).num_seconds();
        if overlap > 0 {
            inside += overlap;
            longest = longest.max((to - from).num_seconds());
        }
    }
    inside > 0 && inside >= NIGHT_MIN_S.min(longest)
}

/// Whether a shift of `len_s` seconds from `start`, which starts on the
/// site-local `date`, is a late shift: not a night ([`is_night`]) and
/// running past an opening of the night window, that is starting before
/// the window opens and ending after (site-local wall clock, so a
/// daylight-saving change counts). With `22:00-06:00`: 14:00–23:00 and
/// 15:00–00:00 are lates; 13:00–22:00 is not (it ends as the window
/// opens); 16:00–01:00 is a night (3 h inside), not a late.
pub fn is_late(sc: &Scenario, date: NaiveDate, start: DateTime<Utc>, len_s: i64) -> bool {
    let w = sc.rules.night_window;
    let end = start + Duration::seconds(len_s);
    let straddles = (-1..=1i64).any(|back| {
        let opens = local_instant(sc.site.timezone, date + Duration::days(back), w.start);
        start < opens && opens < end
    });
    straddles && !is_night(sc, date, start, len_s)
}

/// At most `cap` agents on the tours `tours` together (indices into
/// [`PoolModel::tours`], sorted), because only `cap` people can work them.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The tours.
    pub tours: Vec<usize>,
    /// Most agents on them together.
    pub cap: u32,
    /// Who those people are.
    pub who: Who,
}

/// Who the people capping a [`Group`] are, as a diagnosis names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// Everyone of the pool on the staff list.
    Everyone,
    /// Those with `nights_ok: yes`: the group is the night tours.
    NightCapable,
    /// The people of some classes, each by its limits
    /// (`nights_ok: no, earliest_start 07:00`).
    Able(Vec<String>),
    /// The pool's share of `agents.count`.
    Count,
    /// Nobody on the staff list can work the group's tours: the people of
    /// the pool who can work none of its tours, as (their limits, how many).
    Nobody(Vec<(String, u32)>),
}

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Who::Everyone | Who::Count => f.write_str("agents"),
            Who::NightCapable => f.write_str("night-capable agents (nights_ok: yes)"),
            Who::Able(classes) if classes.len() == 1 => write!(f, "agents with {}", classes[0]),
            Who::Able(classes) => write!(f, "agents with one of: {}", classes.join("; ")),
            Who::Nobody(idle) if idle.is_empty() => {
                f.write_str("agents able to work these tours (nobody on the staff list can)")
            }
            Who::Nobody(idle) => {
                let idle: Vec<String> = idle
                    .iter()
                    .map(|(limits, n)| format!("{n} people with {limits}"))
                    .collect();
                write!(
                    f,
                    "agents able to work these tours (nobody on the staff list can; {} can work no tour of the pool)",
                    idle.join(", ")
                )
            }
        }
    }
}

/// The abilities that tell people apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ability {
    nights_ok: bool,
    earliest: Option<u32>,
    latest: Option<u32>,
    contract_s: Option<u32>,
}

impl Ability {
    fn of(a: &Agent) -> Ability {
        Ability {
            nights_ok: a.nights_ok,
            earliest: a.earliest_start.map(|t| t.minutes()),
            latest: a.latest_end.map(|t| t.minutes()),
            contract_s: a.contract_hours.map(|h| (h * 3600.0).round() as u32),
        }
    }

    /// Its limits as the staff CSV gives them (`nights_ok: no, earliest_start 07:00`).
    fn describe(&self) -> String {
        let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        let mut parts = vec![format!(
            "nights_ok: {}",
            if self.nights_ok { "yes" } else { "no" }
        )];
        parts.extend(self.earliest.map(|m| format!("earliest_start {}", hhmm(m))));
        parts.extend(self.latest.map(|m| format!("latest_end {}", hhmm(m))));
        parts.extend(
            self.contract_s
                .map(|c| format!("contract_hours {}", f64::from(c) / 3600.0)),
        );
        parts.join(", ")
    }

    /// Whether a person of this ability may work `tour`.
    fn can_work(&self, sc: &Scenario, shifts: &[Shift], tour: &Tour) -> bool {
        let paid: u32 = tour
            .shifts
            .iter()
            .map(|&s| sc.shifts.templates[shifts[s].template].paid_s)
            .sum();
        self.contract_s.is_none_or(|c| paid <= c)
            && tour.shifts.iter().all(|&s| {
                let shift = &shifts[s];
                let length_min = sc.shifts.templates[shift.template].length_s.div_ceil(60);
                (self.nights_ok || !shift.night)
                    && self.earliest.is_none_or(|e| shift.start_min >= e)
                    && self
                        .latest
                        .is_none_or(|l| shift.start_min + length_min <= l)
            })
    }
}

/// The period of a tour: its week with weekly tours, else its day.
fn period(sc: &Scenario, shifts: &[Shift], tour: &Tour) -> usize {
    let day = shifts[tour.shifts[0]].day;
    if sc.shifts.weekly() {
        day / 7
    } else {
        day
    }
}

/// The staff list's caps on pool `p`'s tours, per period; none without a
/// staff list.
pub(super) fn list_groups(sc: &Scenario, p: usize, shifts: &[Shift], tours: &[Tour]) -> Vec<Group> {
    let Agents::List(list) = &sc.agents else {
        return Vec::new();
    };
    let mut people: BTreeMap<Ability, u32> = BTreeMap::new();
    for a in list.iter().filter(|a| a.pool == p) {
        *people.entry(Ability::of(a)).or_default() += 1;
    }
    let idle = idle(sc, shifts, tours, &people);
    let classes = classes(sc, shifts, tours, people);
    // Which classes can work each tour, as a bit mask.
    let able: Vec<u32> = tours
        .iter()
        .map(|tour| {
            classes
                .iter()
                .enumerate()
                .filter(|(_, (ability, _))| ability.can_work(sc, shifts, tour))
                .fold(0, |mask, (c, _)| mask | 1 << c)
        })
        .collect();
    let mut groups = Vec::new();
    for in_period in by_period(sc, shifts, tours).values() {
        let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
        for k in 0..1u32 << classes.len() {
            let members: Vec<usize> = in_period
                .iter()
                .copied()
                .filter(|&j| able[j] & !k == 0)
                .collect();
            // Only the sets K that are the union of their tours' classes
            // bind (a larger K holds the same tours with a larger cap).
            let union = members.iter().fold(0, |u, &j| u | able[j]);
            if members.is_empty() || union != k || !seen.insert(members.clone()) {
                continue;
            }
            let cap = (0..classes.len())
                .filter(|c| k & 1 << c != 0)
                .map(|c| classes[c].1)
                .sum();
            groups.push(Group {
                tours: members,
                cap,
                who: if k == 0 {
                    Who::Nobody(idle.clone())
                } else {
                    who(&classes, k)
                },
            });
        }
    }
    groups
}

/// The people of `people` (by ability) who can work none of `tours`, as
/// (their limits, how many).
fn idle(
    sc: &Scenario,
    shifts: &[Shift],
    tours: &[Tour],
    people: &BTreeMap<Ability, u32>,
) -> Vec<(String, u32)> {
    people
        .iter()
        .filter(|(ability, _)| !tours.iter().any(|t| ability.can_work(sc, shifts, t)))
        .map(|(ability, &n)| (ability.describe(), n))
        .collect()
}

/// People of pool `p` on the staff list whose `contract_hours` are below
/// the paid hours of every tour of the pool (`tours`, of `shifts`): as
/// (contract hours, how many, the least paid hours of a tour), by contract
/// hours. No plan can give them work.
pub fn unfit_contracts(
    sc: &Scenario,
    p: usize,
    shifts: &[Shift],
    tours: &[Tour],
) -> Vec<(f64, u32, f64)> {
    let Agents::List(list) = &sc.agents else {
        return Vec::new();
    };
    let paid = |t: &Tour| -> u32 {
        t.shifts
            .iter()
            .map(|&s| sc.shifts.templates[shifts[s].template].paid_s)
            .sum()
    };
    let Some(least) = tours.iter().map(paid).min() else {
        return Vec::new();
    };
    let mut short: BTreeMap<u32, u32> = BTreeMap::new();
    for a in list.iter().filter(|a| a.pool == p) {
        let contract = Ability::of(a).contract_s;
        if let Some(c) = contract.filter(|&c| c < least) {
            *short.entry(c).or_default() += 1;
        }
    }
    short
        .into_iter()
        .map(|(c, n)| (f64::from(c) / 3600.0, n, f64::from(least) / 3600.0))
        .collect()
}

/// Who the people of the classes in the mask `k` are.
fn who(classes: &[(Ability, u32)], k: u32) -> Who {
    let mask = |keep: &dyn Fn(&Ability) -> bool| {
        (0..classes.len())
            .filter(|&c| keep(&classes[c].0))
            .fold(0, |m, c| m | 1 << c)
    };
    if k == mask(&|_| true) {
        Who::Everyone
    } else if k == mask(&|a| a.nights_ok) {
        Who::NightCapable
    } else {
        Who::Able(
            (0..classes.len())
                .filter(|c| k & 1 << c != 0)
                .map(|c| classes[c].0.describe())
                .collect(),
        )
    }
}

/// The classes of people: those who can work the same tours are one class
/// (an earliest start of 06:00 or 06:30 is the same when no shift starts
/// between them); past [`MAX_CLASSES`], only `nights_ok` tells them apart.
fn classes(
    sc: &Scenario,
    shifts: &[Shift],
    tours: &[Tour],
    people: BTreeMap<Ability, u32>,
) -> Vec<(Ability, u32)> {
    let mut by_tours: BTreeMap<Vec<bool>, (Ability, u32)> = BTreeMap::new();
    for (ability, n) in people {
        let works: Vec<bool> = tours
            .iter()
            .map(|t| ability.can_work(sc, shifts, t))
            .collect();
        by_tours.entry(works).or_insert((ability, 0)).1 += n;
    }
    if by_tours.len() <= MAX_CLASSES {
        return by_tours.into_values().collect();
    }
    let mut nights: BTreeMap<bool, u32> = BTreeMap::new();
    for (ability, n) in by_tours.into_values() {
        *nights.entry(ability.nights_ok).or_default() += n;
    }
    nights
        .into_iter()
        .map(|(nights_ok, n)| {
            let ability = Ability {
                nights_ok,
                earliest: None,
                latest: None,
                contract_s: None,
            };
            (ability, n)
        })
        .collect()
}

/// With a fixed head count (`agents: {count: N}`), each pool capped at
/// its share of the N people in every period: N apportioned to the pools in
/// proportion to their LP head count (the largest period's, rounded up).
/// When that asks for more than N people under soft coverage over at most
/// a week, the proportion is instead each pool's agents in the pools' LPs
/// solved as one with N people in all ([`lp::heads_sharing`]): the heads go
/// where they save the most cost and penalty. The LP bounds stand: they are
/// of the plan without this cap, a relaxation of it.
pub(super) fn capped_by_count(
    sc: &Scenario,
    mut models: Vec<PoolModel>,
    bounds: &[Relaxed],
) -> Result<Vec<PoolModel>, String> {
    let Agents::Count(n) = sc.agents else {
        return Ok(models);
    };
    let periods: Vec<BTreeMap<usize, Vec<usize>>> = models
        .iter()
        .map(|m| by_period(sc, &m.shifts, &m.tours))
        .collect();
    let need: Vec<u32> = periods
        .iter()
        .zip(bounds)
        .map(|(periods, relaxed)| {
            periods
                .values()
                .map(|tours| tours.iter().map(|&j| relaxed.tours[j]).sum::<f64>())
                .fold(0.0, f64::max)
        })
        .map(whole)
        .collect();
    let short = need.iter().sum::<u32>() > n;
    let need = if short && sc.site.days <= 7 && models.iter().all(|m| m.soft) {
        let caps = |m: &PoolModel| Caps::of_pool(sc, m.pool);
        let joint: Vec<u32> = lp::heads_sharing(&models, caps, &sc.shifts.templates, &periods, n)?
            .into_iter()
            .map(whole)
            .collect();
        // When no tour saves more penalty than it costs, the joint LP
        // employs nobody: it then says nothing of the split; need decides.
        if joint.iter().any(|&h| h > 0) {
            joint
        } else {
            need
        }
    } else {
        need
    };
    for ((m, periods), share) in models.iter_mut().zip(periods).zip(apportion(n, &need)) {
        m.groups.extend(periods.into_values().map(|tours| Group {
            tours,
            cap: share,
            who: Who::Count,
        }));
    }
    Ok(models)
}

/// A fractional head count rounded up to whole agents.
fn whole(heads: f64) -> u32 {
    (heads - 1e-6).ceil().max(0.0) as u32
}

/// The tours (indices) by period.
fn by_period(sc: &Scenario, shifts: &[Shift], tours: &[Tour]) -> BTreeMap<usize, Vec<usize>> {
    let mut periods: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (j, tour) in tours.iter().enumerate() {
        periods.entry(period(sc, shifts, tour)).or_default().push(j);
    }
    periods
}

/// Split `n` over `weights` in proportion (largest remainder, ties to the
/// first).
pub fn apportion(n: u32, weights: &[u32]) -> Vec<u32> {
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

/// The labour rules an agent's tour of one week and their tour of the next
/// must keep between them ([`crate::scenario::Rules`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Handover {
    /// Least rest between two shifts, seconds.
    pub min_rest_s: i64,
    /// Most working days in a row.
    pub max_days: usize,
    /// Most night shifts on days in a row.
    pub max_nights: Option<usize>,
    /// The horizon's length, seconds, when it repeats (a cyclic horizon of
    /// whole weeks): the last week then leads back to the first.
    pub wrap_s: Option<i64>,
}

impl Handover {
    /// The scenario's rules between weeks, and its horizon's length when
    /// it repeats (a cyclic horizon of whole weeks).
    pub(super) fn of(staffed: &Staffed) -> Handover {
        let sc = &staffed.scenario;
        Handover {
            min_rest_s: i64::from(sc.rules.min_rest_s),
            max_days: sc.rules.max_consecutive_days as usize,
            max_nights: sc.rules.max_consecutive_nights.map(|n| n as usize),
            wrap_s: sc
                .site
                .repeats()
                .then(|| (staffed.grid.end() - staffed.grid.start).num_seconds()),
        }
    }
}
