//! The labour rules of the checker: every rule for one agent's worked
//! days as read from roster.csv (one shift a day, rest, days and nights in
//! a row, and per week paid hours, working days, days off and start drift).
//! Written apart from [`crate::roster`] on purpose; it shares no code with
//! it.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use super::{hm, site_stamp, Checker, Rule};
use crate::scenario::{Agents, DaysOff};

/// One worked day of one agent.
pub(super) struct Work {
    pub(super) day: i64,
    pub(super) start: DateTime<Utc>,
    pub(super) end: DateTime<Utc>,
    pub(super) paid_s: i64,
    pub(super) night: bool,
    pub(super) start_min: u32,
    /// Template index.
    pub(super) template: usize,
    pub(super) at: String,
}

impl Checker<'_> {
    /// Whether the roster repeats: only over a cyclic horizon of whole weeks.
    fn roster_repeats(&self) -> bool {
        self.sc.site.cyclic && self.sc.site.days % 7 == 0
    }

    /// Every labour rule for one agent's shifts (sorted by start).
    pub(super) fn agent_rules(&mut self, id: &str, p: usize, shifts: &[Work]) {
        let pool = self.sc.pools[p].id.clone();
        let pid = Some(pool.as_str());
        self.one_shift_a_day(id, pid, shifts);
        self.rest(id, pid, shifts);
        self.in_a_row(id, pid, shifts);
        let cap = self.weekly_cap(id);
        for w in 0..(i64::from(self.sc.site.days) + 6) / 7 {
            let week: Vec<&Work> = shifts.iter().filter(|s| s.day.div_euclid(7) == w).collect();
            if !week.is_empty() {
                self.week_rules(id, pid, w, &week, cap);
            }
        }
    }

    /// At most one shift a day.
    fn one_shift_a_day(&mut self, id: &str, pid: Option<&str>, shifts: &[Work]) {
        for pair in shifts.windows(2) {
            if pair[0].day == pair[1].day {
                self.violation(
                    Rule::TwoShifts,
                    pair[1].at.clone(),
                    pid,
                    Some(site_stamp(pair[1].start, self.tz)),
                    format!("agent {id}: one shift a day"),
                    "a second shift that day",
                );
            }
        }
    }

    /// At least `min_rest` between shifts (and over the wrap when the
    /// roster repeats).
    fn rest(&mut self, id: &str, pid: Option<&str>, shifts: &[Work]) {
        let min_rest_s = self.sc.rules.min_rest_s;
        let horizon = Duration::seconds(self.step * self.len as i64);
        let mut gaps: Vec<(&Work, &Work, Duration)> = shifts
            .windows(2)
            .map(|w| (&w[0], &w[1], w[1].start - w[0].end))
            .collect();
        if let (true, Some(first), Some(last)) =
            (self.roster_repeats(), shifts.first(), shifts.last())
        {
            gaps.push((last, first, first.start + horizon - last.end));
        }
        for (a, b, rest) in gaps {
            if rest.num_seconds() < i64::from(min_rest_s) {
                self.violation(
                    Rule::Rest,
                    b.at.clone(),
                    pid,
                    Some(site_stamp(b.start, self.tz)),
                    format!(
                        "agent {id}: at least {} rest after the shift ending {}",
                        hm(i64::from(min_rest_s)),
                        site_stamp(a.end, self.tz)
                    ),
                    hm(rest.num_seconds()),
                );
            }
        }
    }

    /// Runs of days and nights, by day of the horizon (wrapping when the
    /// roster repeats), within `max_consecutive_days` and
    /// `max_consecutive_nights`.
    fn in_a_row(&mut self, id: &str, pid: Option<&str>, shifts: &[Work]) {
        let sc = self.sc;
        let r = &sc.rules;
        let cyclic = self.roster_repeats();
        let mut on = vec![false; i64::from(sc.site.days).max(0) as usize];
        let mut nights = on.clone();
        for w in shifts {
            if let Some(d) = usize::try_from(w.day).ok().filter(|d| *d < on.len()) {
                on[d] = true;
                nights[d] |= w.night;
            }
        }
        let limits = [
            (
                Rule::ConsecutiveDays,
                "working days",
                &on,
                Some(r.max_consecutive_days),
            ),
            (
                Rule::ConsecutiveNights,
                "nights",
                &nights,
                r.max_consecutive_nights,
            ),
        ];
        for (rule, what, flags, limit) in limits {
            let Some(limit) = limit else { continue };
            if let Some((first, run)) = longest(flags, cyclic) {
                if run > limit as usize {
                    self.violation(
                        rule,
                        "roster.csv".into(),
                        pid,
                        Some((sc.site.start + Duration::days(first as i64)).to_string()),
                        format!("agent {id}: at most {limit} {what} in a row"),
                        if run == usize::MAX {
                            "every day of a repeating horizon".to_string()
                        } else {
                            format!("{run} from that day")
                        },
                    );
                }
            }
        }
    }

    /// The agent's weekly cap on paid seconds: `max_weekly_hours` and their
    /// `contract_hours`, the lower.
    fn weekly_cap(&self, id: &str) -> Option<i64> {
        let contract = match &self.sc.agents {
            Agents::List(list) => list
                .iter()
                .find(|a| a.id == id)
                .and_then(|a| a.contract_hours)
                .map(|h| (h * 3600.0).round() as i64),
            _ => None,
        };
        [self.sc.rules.max_weekly_s.map(i64::from), contract]
            .into_iter()
            .flatten()
            .min()
    }

    /// The rules of week `w` of the horizon (its shifts `week`, not empty):
    /// paid hours within `cap`, and with `shifts.week` the working days,
    /// days off and start drift.
    fn week_rules(
        &mut self,
        id: &str,
        pid: Option<&str>,
        w: i64,
        week: &[&Work],
        cap: Option<i64>,
    ) {
        let sc = self.sc;
        let monday = (sc.site.start + Duration::days(7 * w)).to_string();
        let paid: i64 = week.iter().map(|s| s.paid_s).sum();
        if let Some(cap) = cap.filter(|c| paid > *c) {
            self.violation(
                Rule::WeeklyHours,
                "roster.csv".into(),
                pid,
                Some(monday.clone()),
                format!(
                    "agent {id}: at most {} paid in the week from that day",
                    hm(cap)
                ),
                hm(paid),
            );
        }
        // The week's rules are those of the template it starts with: a
        // weekly tour works one template all week.
        let Some(tours) = &sc.shifts.templates[week[0].template].week else {
            return;
        };
        let worked: BTreeSet<i64> = week.iter().map(|s| s.day - 7 * w).collect();
        if worked.len() > tours.work_days as usize {
            self.violation(
                Rule::WorkDays,
                "roster.csv".into(),
                pid,
                Some(monday.clone()),
                format!(
                    "agent {id}: at most {} working days in the week",
                    tours.work_days
                ),
                worked.len().to_string(),
            );
        }
        if tours.days_off == DaysOff::Consecutive && 7 * w + 7 <= i64::from(sc.site.days) {
            let off: Vec<bool> = (0..7).map(|d| !worked.contains(&d)).collect();
            let runs = (0..7).filter(|&d| off[d] && !off[(d + 6) % 7]).count();
            if runs > 1 {
                self.violation(
                    Rule::DaysOff,
                    "roster.csv".into(),
                    pid,
                    Some(monday.clone()),
                    format!("agent {id}: the week's days off in one run"),
                    format!("{runs} runs"),
                );
            }
        }
        self.start_drift(id, pid, monday, week, tours.start_drift_s);
    }

    /// The week's starts (`monday` its first day) within `limit_s` of each
    /// other: the smallest arc of the 24 h clock holding them all.
    fn start_drift(
        &mut self,
        id: &str,
        pid: Option<&str>,
        monday: String,
        week: &[&Work],
        limit_s: u32,
    ) {
        let mut mins: Vec<u32> = week.iter().map(|s| s.start_min).collect();
        mins.sort_unstable();
        mins.dedup();
        if mins.len() < 2 {
            return;
        }
        let mut gap = mins[0] + 1440 - mins[mins.len() - 1];
        for pair in mins.windows(2) {
            gap = gap.max(pair[1] - pair[0]);
        }
        let drift = i64::from(1440 - gap) * 60;
        if drift > i64::from(limit_s) {
            self.violation(
                Rule::Drift,
                "roster.csv".into(),
                pid,
                Some(monday),
                format!(
                    "agent {id}: starts within {} of each other in the week",
                    hm(i64::from(limit_s))
                ),
                hm(drift),
            );
        }
    }
}

/// The longest run of `true` and the day it starts on, wrapping over the
/// end when `cyclic` (every day true: `usize::MAX`).
fn longest(flags: &[bool], cyclic: bool) -> Option<(usize, usize)> {
    let n = flags.len();
    if n == 0 || !flags.iter().any(|&f| f) {
        return None;
    }
    if cyclic && flags.iter().all(|&f| f) {
        return Some((0, usize::MAX));
    }
    let mut best = (0, 0);
    for first in 0..n {
        let before = if first == 0 {
            cyclic && flags[n - 1]
        } else {
            flags[first - 1]
        };
        if !flags[first] || before {
            continue;
        }
        let limit = if cyclic { n } else { n - first };
        let run = (0..limit).take_while(|k| flags[(first + k) % n]).count();
        if run > best.1 {
            best = (first, run);
        }
    }
    Some(best)
}
