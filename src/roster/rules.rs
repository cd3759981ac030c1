//! The labour rules of the module doc, in the units the matching checks
//! them in: [`Rule`], what one candidate shift means to them (`Info`), a
//! person's own limits (`Staff`) and `Ctx::check`, the first rule an
//! assignment would break. Also the helpers they use ([`runs`],
//! [`drift_min`]); the runs of days and nights are the scenario's
//! ([`Rules::too_many_days`], [`Rules::too_many_nights`]).

use chrono::Duration;

use crate::scenario::{DaysOff, Rules, Scenario};
use crate::shifts::PoolPlan;
use crate::staffing::Staffed;
use crate::timegrid::local_instant;

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
    pub(super) fn name(self, r: &Rules) -> String {
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
pub(super) struct Info {
    pub(super) day: usize,
    /// Seconds after the horizon start.
    pub(super) start: i64,
    pub(super) end: i64,
    pub(super) start_min: u32,
    /// End, minutes after the midnight of the start day (wall clock).
    pub(super) end_min: u32,
    pub(super) paid_s: u32,
    pub(super) night: bool,
    pub(super) weekend: bool,
    pub(super) late: bool,
    /// Template index.
    pub(super) template: usize,
}

/// One person who can be rostered.
#[derive(Debug, Clone)]
pub(super) struct Staff {
    pub(super) id: String,
    pub(super) name: String,
    /// Weekly cap on paid seconds.
    pub(super) cap_s: Option<u32>,
    pub(super) nights_ok: bool,
    pub(super) prefer_off: Option<crate::units::DaySet>,
    pub(super) earliest: Option<u32>,
    pub(super) latest: Option<u32>,
}

impl Staff {
    /// A person with no limits of their own: a generated agent, named
    /// `name` until the roster numbers them.
    pub(super) fn blank(name: String) -> Staff {
        Staff {
            id: String::new(),
            name,
            cap_s: None,
            nights_ok: true,
            prefer_off: None,
            earliest: None,
            latest: None,
        }
    }
}

/// The scenario's rules, in the units the check uses.
pub(super) struct Ctx<'a> {
    pub(super) sc: &'a Scenario,
    pub(super) days: usize,
    pub(super) cyclic: bool,
    pub(super) horizon_s: i64,
    pub(super) info: Vec<Info>,
}

/// What the rules need to know of each shift of the pool's model.
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
                night: s.night,
                weekend: s.weekend,
                late: s.late,
                template: s.template,
            }
        })
        .collect()
}

impl<'a> Ctx<'a> {
    /// The rules for one pool of the plan.
    pub(super) fn new(staffed: &'a Staffed, pp: &PoolPlan) -> Ctx<'a> {
        let sc = &staffed.scenario;
        Ctx {
            sc,
            days: sc.site.days as usize,
            cyclic: sc.site.repeats(),
            horizon_s: (staffed.grid.end() - staffed.grid.start).num_seconds(),
            info: infos(staffed, pp),
        }
    }

    /// The first rule `staff` would break working `sched` (one shift index
    /// per day) with `extra` added, or `None`.
    pub(super) fn check(
        &self,
        staff: &Staff,
        sched: &[Option<u32>],
        extra: &[usize],
    ) -> Option<Rule> {
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
        if r.too_many_days(&on, self.cyclic) {
            return Some(Rule::ConsecutiveDays);
        }
        let nights: Vec<bool> = days
            .iter()
            .map(|d| d.is_some_and(|s| self.info[s as usize].night))
            .collect();
        if r.too_many_nights(&nights, self.cyclic) {
            return Some(Rule::ConsecutiveNights);
        }
        let cap = match (r.max_weekly_s, staff.cap_s) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
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
            // The week's rules are those of the template it starts with: a
            // weekly tour works one template all week.
            let Some(week) = shifts
                .first()
                .and_then(|i| self.sc.shifts.templates[i.template].week.as_ref())
            else {
                continue;
            };
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

/// Number of runs of `true` (over the wrap when `cyclic`).
pub(super) fn runs(on: &[bool], cyclic: bool) -> usize {
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
