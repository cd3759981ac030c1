//! The grid and coverage part of the checker: pool_requirements.csv covers
//! the horizon interval by interval, and coverage.csv matches the agents
//! recomputed from shifts.csv and the requirement.

use chrono::{DateTime, Duration, Offset, TimeZone, Utc};

use super::{hm, parse_stamp, site_stamp, CheckError, Checker, Rule, Short, Table, EPS, TOLERANCE};
use crate::scenario::Coverage;

/// The columns of pool_requirements.csv the grid check reads.
struct GridColumns {
    utc: usize,
    site: usize,
    pool: usize,
    req: usize,
}

/// The columns of coverage.csv the check reads.
struct CoverageColumns {
    utc: usize,
    pool: usize,
    req: usize,
    sched: usize,
    floor: usize,
    surplus: usize,
}

/// The figures of one coverage.csv row.
struct Figures {
    req: f64,
    sched: f64,
    floor: f64,
    surplus: f64,
}

impl Checker<'_> {
    /// Read pool_requirements.csv and check that its intervals are the grid.
    pub(super) fn grid(&mut self, t: &Table) -> Result<(), CheckError> {
        let c = GridColumns {
            utc: t.col("interval_start_utc")?,
            site: t.col("interval_start_site")?,
            pool: t.col("pool")?,
            req: t.col("required_gross")?,
        };
        for (line, r) in &t.rows {
            self.grid_row(t.at(*line), r, &c);
        }
        for p in 0..self.sc.pools.len() {
            let present: Vec<bool> = self.required[p].iter().map(|r| !r.is_nan()).collect();
            self.missing_rows(p, &t.name, &present);
        }
        Ok(())
    }

    /// Check one pool_requirements.csv row (its stamps, pool, interval and
    /// requirement, once per pool and interval) and keep its requirement.
    fn grid_row(&mut self, at: String, r: &csv::StringRecord, c: &GridColumns) {
        let Some((instant, site_time)) = self.grid_stamps(&at, r, c) else {
            return;
        };
        let Some(p) = self.pool_index(&r[c.pool]) else {
            self.violation(
                Rule::Pool,
                at,
                Some(&r[c.pool]),
                Some(site_time),
                "a pool of the scenario",
                format!("pool `{}`", &r[c.pool]),
            );
            return;
        };
        let Some(i) = self.index(instant) else {
            self.violation(
                Rule::Grid,
                at,
                Some(&r[c.pool]),
                Some(site_time),
                format!(
                    "an interval start from {} every {} in the {}-day horizon",
                    site_stamp(self.start, self.tz),
                    hm(self.step),
                    self.sc.site.days
                ),
                r[c.utc].to_string(),
            );
            return;
        };
        let Ok(req) = r[c.req].parse::<f64>() else {
            self.violation(
                Rule::Unreadable,
                at,
                Some(&r[c.pool]),
                Some(site_time),
                "a number of agents in required_gross",
                format!("`{}`", &r[c.req]),
            );
            return;
        };
        if !self.required[p][i].is_nan() {
            self.violation(
                Rule::Grid,
                at,
                Some(&r[c.pool]),
                Some(site_time),
                "one row per pool and interval",
                "a second row",
            );
        }
        self.required[p][i] = req;
    }

    /// The row's instant and its site time, or `None` when its stamps
    /// cannot be read; the site stamp must be the same instant with the
    /// site's offset.
    fn grid_stamps(
        &mut self,
        at: &str,
        r: &csv::StringRecord,
        c: &GridColumns,
    ) -> Option<(DateTime<Utc>, String)> {
        let utc = parse_stamp(&r[c.utc]);
        let site = parse_stamp(&r[c.site]);
        let (Some(utc), Some(site)) = (utc, site) else {
            self.violation(
                Rule::Unreadable,
                at.to_string(),
                None,
                None,
                "two stamps like 2026-03-02T06:00+05:00",
                format!("`{}`, `{}`", &r[c.utc], &r[c.site]),
            );
            return None;
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
                at.to_string(),
                Some(&r[c.pool]),
                Some(site_time.clone()),
                format!("interval_start_site {site_time}"),
                r[c.site].to_string(),
            );
        }
        Some((instant, site_time))
    }

    /// Compare coverage.csv with the recomputation and the requirement.
    pub(super) fn coverage(&mut self, t: &Table) -> Result<(), CheckError> {
        let c = CoverageColumns {
            utc: t.col("interval_start_utc")?,
            pool: t.col("pool")?,
            req: t.col("required_gross")?,
            sched: t.col("scheduled")?,
            floor: t.col("on_floor")?,
            surplus: t.col("surplus")?,
        };
        let mut seen = vec![vec![false; self.len]; self.sc.pools.len()];
        for (line, r) in &t.rows {
            self.coverage_row(t.at(*line), r, &c, &mut seen);
        }
        for (p, seen) in seen.iter().enumerate() {
            self.missing_rows(p, &t.name, seen);
            self.shortfall(p);
        }
        Ok(())
    }

    /// Check one coverage.csv row: its interval and pool (once each), its
    /// figures readable, then each against the recomputation; marks the
    /// row `seen`.
    fn coverage_row(
        &mut self,
        at: String,
        r: &csv::StringRecord,
        c: &CoverageColumns,
        seen: &mut [Vec<bool>],
    ) {
        let Some(utc) = parse_stamp(&r[c.utc]) else {
            self.violation(
                Rule::Unreadable,
                at,
                Some(&r[c.pool]),
                None,
                "a stamp like 2026-03-01T19:00Z",
                format!("`{}`", &r[c.utc]),
            );
            return;
        };
        let instant = utc.with_timezone(&Utc);
        let when = Some(site_stamp(instant, self.tz));
        let (Some(p), Some(i)) = (self.pool_index(&r[c.pool]), self.index(instant)) else {
            self.violation(
                Rule::Grid,
                at,
                Some(&r[c.pool]),
                when,
                "a pool of the scenario and an interval of the grid",
                format!("`{}` at `{}`", &r[c.pool], &r[c.utc]),
            );
            return;
        };
        if std::mem::replace(&mut seen[p][i], true) {
            self.violation(
                Rule::Grid,
                at.clone(),
                Some(&r[c.pool]),
                when.clone(),
                "one row per pool and interval",
                "a second row",
            );
        }
        let nums: Vec<Option<f64>> = [c.req, c.sched, c.floor, c.surplus]
            .iter()
            .map(|&c| r[c].parse::<f64>().ok())
            .collect();
        let [Some(req), Some(sched), Some(floor), Some(surplus)] = nums[..] else {
            self.violation(
                Rule::Unreadable,
                at,
                Some(&r[c.pool]),
                when,
                "numbers in required_gross, scheduled, on_floor, surplus",
                format!(
                    "`{}`, `{}`, `{}`, `{}`",
                    &r[c.req], &r[c.sched], &r[c.floor], &r[c.surplus]
                ),
            );
            return;
        };
        let f = Figures {
            req,
            sched,
            floor,
            surplus,
        };
        self.check_figures(p, i, at, when, &f);
    }

    /// The row's figures for pool `p`, interval `i`: required_gross as in
    /// pool_requirements.csv, scheduled and on_floor as recomputed, and
    /// surplus = on_floor − required_gross.
    fn check_figures(&mut self, p: usize, i: usize, at: String, when: Option<String>, f: &Figures) {
        let id = self.sc.pools[p].id.clone();
        let want_req = self.required[p][i];
        if !want_req.is_nan() && (f.req - want_req).abs() > EPS {
            self.violation(
                Rule::Required,
                at.clone(),
                Some(&id),
                when.clone(),
                format!("required_gross {want_req} as in pool_requirements.csv"),
                f.req.to_string(),
            );
        }
        let want_sched = self.scheduled[p][i];
        if (f.sched - want_sched).abs() > TOLERANCE + EPS {
            self.violation(
                Rule::Scheduled,
                at.clone(),
                Some(&id),
                when.clone(),
                format!("scheduled {}", round2(want_sched)),
                f.sched.to_string(),
            );
        }
        let want_floor = want_sched - self.on_break[p][i];
        if (f.floor - want_floor).abs() > TOLERANCE + EPS {
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
                f.floor.to_string(),
            );
        }
        if (f.surplus - (f.floor - f.req)).abs() > TOLERANCE + EPS {
            self.violation(
                Rule::Surplus,
                at,
                Some(&id),
                when,
                format!(
                    "surplus = on_floor − required_gross = {}",
                    round2(f.floor - f.req)
                ),
                f.surplus.to_string(),
            );
        }
    }

    /// Pool `p`'s recomputed agents on the floor against its requirement:
    /// each short interval into the report's shortfall (a violation under
    /// hard coverage), and the floor into the report.
    fn shortfall(&mut self, p: usize) {
        let id = self.sc.pools[p].id.clone();
        let hours = self.step as f64 / 3600.0;
        let soft = self.sc.shifts.coverage == Some(Coverage::Soft);
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
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
