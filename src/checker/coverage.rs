//! The grid and coverage part of the checker: pool_requirements.csv covers
//! the horizon interval by interval, and coverage.csv matches the agents
//! recomputed from shifts.csv and the requirement.

use chrono::{Duration, Offset, TimeZone, Utc};

use super::{hm, parse_stamp, site_stamp, CheckError, Checker, Rule, Short, Table, EPS, TOLERANCE};
use crate::scenario::Coverage;

impl Checker<'_> {
    /// Read pool_requirements.csv and check that its intervals are the grid.
    pub(super) fn grid(&mut self, t: &Table) -> Result<(), CheckError> {
        let (c_utc, c_site, c_pool, c_req) = (
            t.col("interval_start_utc")?,
            t.col("interval_start_site")?,
            t.col("pool")?,
            t.col("required_gross")?,
        );
        for (line, r) in &t.rows {
            let at = t.at(*line);
            let utc = parse_stamp(&r[c_utc]);
            let site = parse_stamp(&r[c_site]);
            let (Some(utc), Some(site)) = (utc, site) else {
                self.violation(
                    Rule::Unreadable,
                    at,
                    None,
                    None,
                    "two stamps like 2026-03-02T06:00+05:00",
                    format!("`{}`, `{}`", &r[c_utc], &r[c_site]),
                );
                continue;
            };
            let instant = utc.with_timezone(&Utc);
            let site_time = site_stamp(instant, self.tz);
            if site.with_timezone(&Utc) != instant
                || site.offset().local_minus_utc()
                    != self
                        .tz
                        .offset_from_utc_datetime(&instant.naive_utc())
                        .fix()
                        .local_minus_utc()
            {
                self.violation(
                    Rule::Offset,
                    at.clone(),
                    Some(&r[c_pool]),
                    Some(site_time.clone()),
                    format!("interval_start_site {site_time}"),
                    r[c_site].to_string(),
                );
            }
            let Some(p) = self.pool_index(&r[c_pool]) else {
                self.violation(
                    Rule::Pool,
                    at,
                    Some(&r[c_pool]),
                    Some(site_time),
                    "a pool of the scenario",
                    format!("pool `{}`", &r[c_pool]),
                );
                continue;
            };
            let Some(i) = self.index(instant) else {
                self.violation(
                    Rule::Grid,
                    at,
                    Some(&r[c_pool]),
                    Some(site_time),
                    format!(
                        "an interval start from {} every {} in the {}-day horizon",
                        site_stamp(self.start, self.tz),
                        hm(self.step),
                        self.sc.site.days
                    ),
                    r[c_utc].to_string(),
                );
                continue;
            };
            let Ok(req) = r[c_req].parse::<f64>() else {
                self.violation(
                    Rule::Unreadable,
                    at,
                    Some(&r[c_pool]),
                    Some(site_time),
                    "a number of agents in required_gross",
                    format!("`{}`", &r[c_req]),
                );
                continue;
            };
            if !self.required[p][i].is_nan() {
                self.violation(
                    Rule::Grid,
                    at,
                    Some(&r[c_pool]),
                    Some(site_time),
                    "one row per pool and interval",
                    "a second row",
                );
            }
            self.required[p][i] = req;
        }
        for p in 0..self.sc.pools.len() {
            let present: Vec<bool> = self.required[p].iter().map(|r| !r.is_nan()).collect();
            self.missing_rows(p, &t.name, &present);
        }
        Ok(())
    }

    /// Compare coverage.csv with the recomputation and the requirement.
    pub(super) fn coverage(&mut self, t: &Table) -> Result<(), CheckError> {
        let (c_utc, c_pool, c_req, c_sched, c_floor, c_surplus) = (
            t.col("interval_start_utc")?,
            t.col("pool")?,
            t.col("required_gross")?,
            t.col("scheduled")?,
            t.col("on_floor")?,
            t.col("surplus")?,
        );
        let pools = self.sc.pools.len();
        let mut seen = vec![vec![false; self.len]; pools];
        let hours = self.step as f64 / 3600.0;
        let soft = self.sc.shifts.coverage == Some(Coverage::Soft);
        for (line, r) in &t.rows {
            let at = t.at(*line);
            let Some(utc) = parse_stamp(&r[c_utc]) else {
                self.violation(
                    Rule::Unreadable,
                    at,
                    Some(&r[c_pool]),
                    None,
                    "a stamp like 2026-03-01T19:00Z",
                    format!("`{}`", &r[c_utc]),
                );
                continue;
            };
            let instant = utc.with_timezone(&Utc);
            let when = Some(site_stamp(instant, self.tz));
            let (Some(p), Some(i)) = (self.pool_index(&r[c_pool]), self.index(instant)) else {
                self.violation(
                    Rule::Grid,
                    at,
                    Some(&r[c_pool]),
                    when,
                    "a pool of the scenario and an interval of the grid",
                    format!("`{}` at `{}`", &r[c_pool], &r[c_utc]),
                );
                continue;
            };
            if std::mem::replace(&mut seen[p][i], true) {
                self.violation(
                    Rule::Grid,
                    at.clone(),
                    Some(&r[c_pool]),
                    when.clone(),
                    "one row per pool and interval",
                    "a second row",
                );
            }
            let nums: Vec<Option<f64>> = [c_req, c_sched, c_floor, c_surplus]
                .iter()
                .map(|&c| r[c].parse::<f64>().ok())
                .collect();
            let [Some(req), Some(sched), Some(floor), Some(surplus)] = nums[..] else {
                self.violation(
                    Rule::Unreadable,
                    at,
                    Some(&r[c_pool]),
                    when,
                    "numbers in required_gross, scheduled, on_floor, surplus",
                    format!(
                        "`{}`, `{}`, `{}`, `{}`",
                        &r[c_req], &r[c_sched], &r[c_floor], &r[c_surplus]
                    ),
                );
                continue;
            };
            let id = self.sc.pools[p].id.clone();
            let want_req = self.required[p][i];
            if !want_req.is_nan() && (req - want_req).abs() > EPS {
                self.violation(
                    Rule::Required,
                    at.clone(),
                    Some(&id),
                    when.clone(),
                    format!("required_gross {want_req} as in pool_requirements.csv"),
                    req.to_string(),
                );
            }
            let want_sched = self.scheduled[p][i];
            if (sched - want_sched).abs() > TOLERANCE + EPS {
                self.violation(
                    Rule::Scheduled,
                    at.clone(),
                    Some(&id),
                    when.clone(),
                    format!("scheduled {}", round2(want_sched)),
                    sched.to_string(),
                );
            }
            let want_floor = want_sched - self.on_break[p][i];
            if (floor - want_floor).abs() > TOLERANCE + EPS {
                self.violation(
                    Rule::OnFloor,
                    at.clone(),
                    Some(&id),
                    when.clone(),
                    format!(
                        "on_floor {} ({} scheduled − {} on break)",
                        round2(want_floor),
                        round2(want_sched),
                        round2(self.on_break[p][i])
                    ),
                    floor.to_string(),
                );
            }
            if (surplus - (floor - req)).abs() > TOLERANCE + EPS {
                self.violation(
                    Rule::Surplus,
                    at,
                    Some(&id),
                    when,
                    format!(
                        "surplus = on_floor − required_gross = {}",
                        round2(floor - req)
                    ),
                    surplus.to_string(),
                );
            }
        }
        for (p, seen) in seen.iter().enumerate() {
            let id = self.sc.pools[p].id.clone();
            self.missing_rows(p, &t.name, seen);
            let floor: Vec<f64> = (0..self.len)
                .map(|i| self.scheduled[p][i] - self.on_break[p][i])
                .collect();
            for (i, &on_floor) in floor.iter().enumerate() {
                let required = self.required[p][i];
                if required.is_nan() || on_floor >= required - EPS {
                    continue;
                }
                let when = site_stamp(
                    self.start + Duration::seconds(self.step * i as i64),
                    self.tz,
                );
                self.report.shortfall_agent_hours += (required - on_floor) * hours;
                self.report.shortfall.push(Short {
                    pool: id.clone(),
                    site_time: when.clone(),
                    required,
                    on_floor,
                });
                if !soft {
                    self.violation(
                        Rule::Uncovered,
                        "pool_requirements.csv".into(),
                        Some(&id),
                        Some(when),
                        format!("on the floor ≥ required_gross {required}"),
                        format!("{} on the floor", round2(on_floor)),
                    );
                }
            }
            self.report.pool_intervals += self.len;
            self.report.on_floor.insert(id, floor);
        }
        Ok(())
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
