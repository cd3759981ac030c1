//! The roster part of the checker: roster.csv against the scenario's rules
//! and staff list, and against shifts.csv. Written apart from
//! [`crate::roster`] on purpose; it shares no code with it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};

use super::{hm, parse_stamp, readings, site_stamp, CheckError, Checker, Rule, Table};
use crate::scenario::{Agents, Coverage, DaysOff};

/// One worked day of one agent.
struct Work {
    day: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    paid_s: i64,
    night: bool,
    start_min: u32,
    at: String,
}

impl Checker<'_> {
    /// Whether [start, end) spends at least min(3 h, window) inside the
    /// night window of some day.
    fn night(&self, date: NaiveDate, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        let w = self.sc.rules.night_window;
        let need = (3 * 3600).min(i64::from(w.end - w.start) * 60);
        let mut inside = 0;
        for back in -2..=1 {
            let d = date + Duration::days(back);
            let (Some(from), Some(to)) = (
                readings(self.tz, d, w.start).into_iter().min(),
                readings(self.tz, d, w.end).into_iter().min(),
            ) else {
                continue;
            };
            inside += (end.min(to) - start.max(from)).num_seconds().max(0);
        }
        inside >= need
    }

    /// Check roster.csv.
    pub(super) fn roster(&mut self, t: &Table) -> Result<(), CheckError> {
        let cols = [
            "agent_id",
            "agent_name",
            "pool",
            "date_site",
            "start_site",
            "end_site",
            "breaks",
            "shift",
            "night",
        ];
        let c: Vec<usize> = cols.iter().map(|n| t.col(n)).collect::<Result<_, _>>()?;
        if t.header != cols {
            return Err(CheckError::Format {
                path: t.path.clone(),
                message: format!("expected the header {}", cols.join(",")),
            });
        }
        let sc = self.sc;
        let soft = sc.shifts.coverage == Some(Coverage::Soft);
        let staff: Option<BTreeMap<&str, &crate::scenario::Agent>> = match &sc.agents {
            Agents::List(list) => Some(list.iter().map(|a| (a.id.as_str(), a)).collect()),
            _ => None,
        };
        let mut rostered: BTreeMap<(usize, usize, DateTime<Utc>, String), u32> = BTreeMap::new();
        let mut work: BTreeMap<String, (usize, Vec<Work>)> = BTreeMap::new();
        for (line, r) in &t.rows {
            self.report.roster_rows += 1;
            let at = t.at(*line);
            let (Some(start), Some(end), Ok(date)) = (
                parse_stamp(&r[c[4]]),
                parse_stamp(&r[c[5]]),
                r[c[3]].parse::<NaiveDate>(),
            ) else {
                self.violation(
                    Rule::Unreadable,
                    at,
                    Some(&r[c[2]]),
                    None,
                    "date_site like 2026-03-02, start_site and end_site like 2026-03-02T06:00+05:00",
                    format!("`{}`, `{}`, `{}`", &r[c[3]], &r[c[4]], &r[c[5]]),
                );
                continue;
            };
            let (start, end) = (start.with_timezone(&Utc), end.with_timezone(&Utc));
            let when = Some(site_stamp(start, self.tz));
            let (Some(p), Some(ti)) = (
                self.pool_index(&r[c[2]]),
                sc.shifts.templates.iter().position(|x| x.name == r[c[7]]),
            ) else {
                self.violation(
                    Rule::RosterCoverage,
                    at,
                    Some(&r[c[2]]),
                    when,
                    "a pool and a shift template of the scenario",
                    format!("`{}`, `{}`", &r[c[2]], &r[c[7]]),
                );
                continue;
            };
            let tpl = &sc.shifts.templates[ti];
            *rostered
                .entry((p, ti, start, r[c[6]].trim().to_string()))
                .or_default() += 1;
            let local = start.with_timezone(&self.tz);
            if local.date_naive() != date
                || end - start != Duration::seconds(i64::from(tpl.length_s))
            {
                self.violation(
                    Rule::Length,
                    at.clone(),
                    Some(&r[c[2]]),
                    when.clone(),
                    format!(
                        "a start on date_site {date} and end − start = {}",
                        hm(i64::from(tpl.length_s))
                    ),
                    format!("{} to {}", &r[c[4]], &r[c[5]]),
                );
            }
            let night = self.night(date, start, end);
            let want = if night { "yes" } else { "no" };
            if &r[c[8]] != want {
                self.violation(
                    Rule::Night,
                    at.clone(),
                    Some(&r[c[2]]),
                    when.clone(),
                    format!("night {want}"),
                    r[c[8]].to_string(),
                );
            }
            let id = r[c[0]].to_string();
            if id.is_empty() {
                self.report.open_shifts += 1;
                if !soft {
                    self.violation(
                        Rule::OpenShift,
                        at,
                        Some(&r[c[2]]),
                        when,
                        "an agent on every shift (coverage is hard)",
                        "no agent_id",
                    );
                }
                continue;
            }
            let start_min = local.hour() * 60 + local.minute();
            if let Some(staff) = &staff {
                let end_min = ((end - start).num_seconds() / 60) as u32 + start_min;
                let problem = match staff.get(id.as_str()) {
                    None => Some("an agent of the staff list".to_string()),
                    Some(a) if a.pool != p => Some(format!("pool {}", sc.pools[a.pool].id)),
                    Some(a) if night && !a.nights_ok => Some("no night (nights_ok: no)".into()),
                    Some(a) if a.earliest_start.is_some_and(|e| start_min < e.minutes()) => {
                        Some("a start at or after earliest_start".into())
                    }
                    Some(a) if a.latest_end.is_some_and(|l| end_min > l.minutes()) => {
                        Some("an end at or before latest_end".into())
                    }
                    Some(_) => None,
                };
                if let Some(expected) = problem {
                    self.violation(
                        Rule::Staff,
                        at.clone(),
                        Some(&r[c[2]]),
                        when.clone(),
                        format!("agent {id}: {expected}"),
                        format!("{} {}", &r[c[7]], &r[c[4]]),
                    );
                }
            }
            let entry = work.entry(id).or_insert((p, Vec::new()));
            if entry.0 != p {
                let other = sc.pools[entry.0].id.clone();
                self.violation(
                    Rule::Staff,
                    at.clone(),
                    Some(&r[c[2]]),
                    when.clone(),
                    format!("agent {} in one pool", &r[c[0]]),
                    format!("pools {other} and {}", &r[c[2]]),
                );
            }
            let entry = work.entry(r[c[0]].to_string()).or_insert((p, Vec::new()));
            entry.1.push(Work {
                day: (date - sc.site.start).num_days(),
                start,
                end,
                paid_s: i64::from(tpl.paid_s),
                night,
                start_min,
                at,
            });
        }
        self.report.roster_agents = work.len();
        // The roster reproduces shifts.csv: same agents and break times per
        // pool, template and start.
        let keys: BTreeSet<_> = rostered
            .keys()
            .chain(self.planned.keys())
            .cloned()
            .collect();
        for key in keys {
            let (a, b) = (
                self.planned.get(&key).copied().unwrap_or(0),
                rostered.get(&key).copied().unwrap_or(0),
            );
            if a != b {
                let (p, ti, start, breaks) = key;
                let pool = sc.pools[p].id.clone();
                self.violation(
                    Rule::RosterCoverage,
                    "roster.csv".into(),
                    Some(&pool),
                    Some(site_stamp(start, self.tz)),
                    format!(
                        "{a} agent(s) on {} with breaks `{breaks}` as in shifts.csv",
                        sc.shifts.templates[ti].name
                    ),
                    format!("{b} in roster.csv"),
                );
            }
        }
        for (id, (p, mut shifts)) in work {
            shifts.sort_by_key(|w| w.start);
            self.agent_rules(&id, p, &shifts);
        }
        Ok(())
    }

    /// Every labour rule for one agent's shifts (sorted by start).
    fn agent_rules(&mut self, id: &str, p: usize, shifts: &[Work]) {
        let sc = self.sc;
        let r = &sc.rules;
        let pool = sc.pools[p].id.clone();
        let pid = Some(pool.as_str());
        let days = i64::from(sc.site.days);
        // The roster repeats only over a cyclic horizon of whole weeks.
        let cyclic = sc.site.cyclic && sc.site.days % 7 == 0;
        let horizon = Duration::seconds(self.step * self.len as i64);
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
        let mut gaps: Vec<(&Work, &Work, Duration)> = shifts
            .windows(2)
            .map(|w| (&w[0], &w[1], w[1].start - w[0].end))
            .collect();
        if let (true, Some(first), Some(last)) = (cyclic, shifts.first(), shifts.last()) {
            gaps.push((last, first, first.start + horizon - last.end));
        }
        for (a, b, rest) in gaps {
            if rest.num_seconds() < i64::from(r.min_rest_s) {
                self.violation(
                    Rule::Rest,
                    b.at.clone(),
                    pid,
                    Some(site_stamp(b.start, self.tz)),
                    format!(
                        "agent {id}: at least {} rest after the shift ending {}",
                        hm(i64::from(r.min_rest_s)),
                        site_stamp(a.end, self.tz)
                    ),
                    hm(rest.num_seconds()),
                );
            }
        }
        // Runs of days and nights, by day of the horizon (wrapping when cyclic).
        let mut on = vec![false; days.max(0) as usize];
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
        // Per week of the horizon.
        let contract = match &sc.agents {
            Agents::List(list) => list
                .iter()
                .find(|a| a.id == id)
                .and_then(|a| a.contract_hours)
                .map(|h| (h * 3600.0).round() as i64),
            _ => None,
        };
        let cap = [r.max_weekly_s.map(i64::from), contract]
            .into_iter()
            .flatten()
            .min();
        for w in 0..(days + 6) / 7 {
            let week: Vec<&Work> = shifts.iter().filter(|s| s.day.div_euclid(7) == w).collect();
            if week.is_empty() {
                continue;
            }
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
            let Some(tours) = &sc.shifts.week else {
                continue;
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
            if tours.days_off == DaysOff::Consecutive && 7 * w + 7 <= days {
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
            let mut mins: Vec<u32> = week.iter().map(|s| s.start_min).collect();
            mins.sort_unstable();
            mins.dedup();
            if mins.len() > 1 {
                let mut gap = mins[0] + 1440 - mins[mins.len() - 1];
                for pair in mins.windows(2) {
                    gap = gap.max(pair[1] - pair[0]);
                }
                let drift = i64::from(1440 - gap) * 60;
                if drift > i64::from(tours.start_drift_s) {
                    self.violation(
                        Rule::Drift,
                        "roster.csv".into(),
                        pid,
                        Some(monday),
                        format!(
                            "agent {id}: starts within {} of each other in the week",
                            hm(i64::from(tours.start_drift_s))
                        ),
                        hm(drift),
                    );
                }
            }
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
