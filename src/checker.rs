//! The independent checker: given a plan's written outputs and the validated
//! scenario, recompute everything the plan claims from scratch and list
//! every rule it breaks.
//!
//! It reads only `shifts.csv`, `coverage.csv` and `pool_requirements.csv`
//! (times from the files' own offset-carrying stamps, like
//! `2026-03-02T06:00+05:00`) and takes from the scenario only what the plan
//! must obey: the templates, the site's time zone, horizon and interval, the
//! coverage mode, the start cap and the weekly tour rule. Nothing in
//! [`crate::shifts`] or [`crate::report`] is called, so a bug there cannot
//! hide itself here.
//!
//! Checked, for every `shifts.csv` row: the template exists and may serve
//! the row's pool; `agents` is a whole number above 0; the start is one of
//! the template's start times on the row's day, and that day is one the
//! template may start on; end − start is the template length; `paid_hours`
//! is agents × the template's paid hours; each break listed starts inside
//! its window (break start − shift start within [earliest, latest]), lasts
//! the template's break length and is paid or unpaid as the template says.
//! Then, per pool and interval: scheduled = agents working (the share of
//! the interval inside [start, end), wrapped from the horizon's end to its
//! start when `site.cyclic`), on the floor = scheduled − break time (a
//! 15-minute break in a 30-minute interval takes 0.5 of an agent). These
//! are compared with `coverage.csv` (to [`TOLERANCE`]) and, under hard
//! coverage, on the floor must reach `required_gross` of
//! `pool_requirements.csv` in every interval; under soft coverage the
//! shortfall is reported. Also the grid itself (site-local midnight to
//! midnight in equal steps), the start cap (agents starting at one instant,
//! all pools together, at most `max_starts_per_slot`) and, with weekly
//! tours, that each (pool, template, start) week splits into whole tours of
//! `work_days` days with the days off as the scenario says.
//!
//! Also `min_agents`/`max_agents`: agents of one pool starting a template
//! on one day, on every day the template may start. Not checked: costs
//! (their convention belongs to the model).
//!
//! With a `roster.csv`, the roster too: from its rows alone and the
//! scenario's rules and staff list, every labour rule per agent (rest, days
//! and nights in a row, weekly hours, working days, days off and start
//! drift per week, the staff CSV's limits), the `night` column, and that it
//! puts on each shift of shifts.csv exactly its agents with its break times
//! (so the roster's coverage is the plan's). Night: at least min(3 h, the
//! window) of the shift inside `rules.night_window`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::scenario::{Coverage, DaysOff, Scenario, Template};

/// Largest difference accepted between a figure in a file and its
/// recomputation (the files round to two decimals).
pub const TOLERANCE: f64 = 0.01;

/// Slack for floating-point noise in the checker's own sums.
const EPS: f64 = 1e-6;

/// A file the checker could not read at all (a bad row is a [`Violation`],
/// not an error).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The file is missing or unreadable.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not CSV with the expected header.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Which rule a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// A cell could not be read (bad number, bad time stamp, empty).
    Unreadable,
    /// No template of that name.
    UnknownTemplate,
    /// No pool of that id, or the template may not serve it.
    Pool,
    /// `agents` is not a whole number above 0.
    Agents,
    /// The start is not one of the template's start times on that day.
    StartTime,
    /// The template may not start on that weekday.
    Day,
    /// end − start is not the template length.
    Length,
    /// A stamp does not carry the site's UTC offset at that instant.
    Offset,
    /// `paid_hours` is not agents × the template's paid hours.
    PaidHours,
    /// The breaks listed do not match the template's breaks.
    Breaks,
    /// A break starts outside its window.
    BreakWindow,
    /// A break's length is not the template's.
    BreakLength,
    /// A break is paid where the template says unpaid, or the reverse.
    BreakPaid,
    /// The intervals in the files are not the scenario's grid.
    Grid,
    /// `coverage.csv` and `pool_requirements.csv` disagree on the requirement.
    Required,
    /// `coverage.csv` `scheduled` differs from the recomputation.
    Scheduled,
    /// `coverage.csv` `on_floor` differs from the recomputation.
    OnFloor,
    /// `coverage.csv` `surplus` is not on_floor − required.
    Surplus,
    /// On the floor below the gross requirement under hard coverage.
    Uncovered,
    /// More agents start at one instant than `max_starts_per_slot`.
    StartsCap,
    /// The shifts of a weekly template and start do not split into tours.
    Tours,
    /// A pool starts a template fewer than `min_agents` or more than
    /// `max_agents` times on a day.
    TemplateLimits,
    /// roster.csv does not put exactly the planned agents, with the planned
    /// break times, on a shift of shifts.csv.
    RosterCoverage,
    /// A roster row without an agent under hard coverage.
    OpenShift,
    /// An agent unknown to the staff list, in another pool, or working a
    /// shift their `nights_ok`, `earliest_start` or `latest_end` forbids.
    Staff,
    /// An agent with two shifts on one day.
    TwoShifts,
    /// The `night` column differs from the recomputation.
    Night,
    /// Less than `min_rest` between an agent's shifts.
    Rest,
    /// More than `max_consecutive_days` days in a row.
    ConsecutiveDays,
    /// More than `max_consecutive_nights` nights in a row.
    ConsecutiveNights,
    /// More paid hours in a week than `max_weekly_hours` or the contract.
    WeeklyHours,
    /// More working days in a week than `shifts.week.work_days`.
    WorkDays,
    /// With `days_off: consecutive`, a week's days off are not one run.
    DaysOff,
    /// A week's starts further apart than `start_drift`.
    Drift,
}

/// One broken rule, with enough detail to find and read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The rule.
    pub rule: Rule,
    /// File and line it was found at (`shifts.csv line 4`), or the file.
    pub at: String,
    /// Pool, where it concerns one.
    pub pool: Option<String>,
    /// Site time of the shift or interval, where it concerns one.
    pub site_time: Option<String>,
    /// What the rule asks for.
    pub expected: String,
    /// What the files hold.
    pub found: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} at {}", self.rule, self.at)?;
        if let Some(pool) = &self.pool {
            write!(f, ", pool {pool}")?;
        }
        if let Some(t) = &self.site_time {
            write!(f, ", site {t}")?;
        }
        write!(f, ": expected {}, found {}", self.expected, self.found)
    }
}

/// One interval on the floor below its requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct Short {
    /// Pool id.
    pub pool: String,
    /// Interval start, site time.
    pub site_time: String,
    /// Gross requirement.
    pub required: f64,
    /// Agents on the floor (recomputed).
    pub on_floor: f64,
}

/// What the checker found: empty `violations` means the plan passes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckReport {
    /// Every broken rule, in file order.
    pub violations: Vec<Violation>,
    /// Rows of shifts.csv read.
    pub shift_rows: usize,
    /// Agents over all rows (agent-shifts).
    pub agent_shifts: u64,
    /// Paid hours recomputed from the templates.
    pub paid_hours: f64,
    /// Pool-intervals compared.
    pub pool_intervals: usize,
    /// Intervals short of the requirement (the plan's shortfall under soft
    /// coverage; under hard coverage each is also a violation).
    pub shortfall: Vec<Short>,
    /// Σ (required − on the floor) over short intervals × interval hours.
    pub shortfall_agent_hours: f64,
    /// Recomputed agents on the floor per pool id and interval.
    pub on_floor: BTreeMap<String, Vec<f64>>,
    /// Rows of roster.csv read (0 when there is none).
    pub roster_rows: usize,
    /// Distinct agents in roster.csv.
    pub roster_agents: usize,
    /// Roster rows left open (soft coverage).
    pub open_shifts: usize,
}

impl CheckReport {
    /// No rule broken.
    pub fn passed(&self) -> bool {
        self.violations.is_empty()
    }

    /// The violations of one rule.
    pub fn of(&self, rule: Rule) -> Vec<&Violation> {
        self.violations.iter().filter(|v| v.rule == rule).collect()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "checked {} shift rows ({} agent-shifts, {:.2} paid hours) and {} pool-intervals: ",
            self.shift_rows, self.agent_shifts, self.paid_hours, self.pool_intervals
        )?;
        if self.passed() {
            write!(f, "no violation")?;
        } else {
            write!(f, "{} violation(s)", self.violations.len())?;
            for v in self.violations.iter().take(50) {
                write!(f, "\n  {v}")?;
            }
            if self.violations.len() > 50 {
                write!(f, "\n  ... and {} more", self.violations.len() - 50)?;
            }
        }
        if !self.shortfall.is_empty() {
            write!(
                f,
                "\nshortfall: {} interval(s), {:.2} agent-hours",
                self.shortfall.len(),
                self.shortfall_agent_hours
            )?;
        }
        Ok(())
    }
}

/// Check the plan written to `dir` against `scenario`.
pub fn check_outputs(dir: &Path, scenario: &Scenario) -> Result<CheckReport, CheckError> {
    let pool_req = Table::read(&dir.join("pool_requirements.csv"))?;
    let shifts = Table::read(&dir.join("shifts.csv"))?;
    let coverage = Table::read(&dir.join("coverage.csv"))?;
    let mut c = Checker::new(scenario);
    c.grid(&pool_req)?;
    c.shifts(&shifts)?;
    c.coverage(&coverage)?;
    c.starts_cap();
    c.template_limits();
    c.tours();
    let roster = dir.join("roster.csv");
    if roster.exists() {
        c.roster(&Table::read(&roster)?)?;
    }
    Ok(c.report)
}

/// A CSV file read whole: header and rows with their line numbers.
struct Table {
    name: String,
    path: PathBuf,
    header: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(path: &Path) -> Result<Table, CheckError> {
        let text = std::fs::read_to_string(path).map_err(|source| CheckError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let format = |message: String| CheckError::Format {
            path: path.to_path_buf(),
            message,
        };
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format(format!("no CSV header: {e}")))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| format(format!("bad CSV: {e}")))?;
            let line = record.position().map_or(0, |p| p.line());
            rows.push((line, record));
        }
        Ok(Table {
            name: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().to_string()),
            path: path.to_path_buf(),
            header,
            rows,
        })
    }

    /// Index of a required column.
    fn col(&self, name: &str) -> Result<usize, CheckError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| CheckError::Format {
                path: self.path.clone(),
                message: format!("no column `{name}` in the header {}", self.header.join(",")),
            })
    }

    fn at(&self, line: u64) -> String {
        format!("{} line {line}", self.name)
    }
}

/// A stamp as the files write it: `2026-03-02T06:00+05:00` or `2026-03-01T19:00Z`.
fn parse_stamp(text: &str) -> Option<DateTime<FixedOffset>> {
    let t = text.trim();
    let t = match t.strip_suffix('Z') {
        Some(rest) => format!("{rest}+00:00"),
        None => t.to_string(),
    };
    DateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M%:z").ok()
}

/// An instant in the site's time, to the minute with its offset.
fn site_stamp(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M%:z").to_string()
}

/// Every instant a site-local wall-clock time may stand for: one, two where
/// clocks go back, and where clocks go forward the time read with the offset
/// before the change and with the offset after it.
fn readings(tz: Tz, date: NaiveDate, minutes: u32) -> Vec<DateTime<Utc>> {
    let Some(midnight) = date.and_hms_opt(0, 0, 0) else {
        return Vec::new();
    };
    let naive = midnight + Duration::minutes(i64::from(minutes));
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
        chrono::LocalResult::Ambiguous(a, b) => vec![a.with_timezone(&Utc), b.with_timezone(&Utc)],
        chrono::LocalResult::None => {
            let offset_at = |utc: chrono::NaiveDateTime| {
                i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
            };
            // Offsets a day either side of the gap: before and after the change.
            let before = offset_at(naive - Duration::days(1));
            let after = offset_at(naive + Duration::days(1));
            [before, after]
                .iter()
                .map(|o| (naive - Duration::seconds(*o)).and_utc())
                .collect()
        }
    }
}

/// The first instant of local `date`: midnight (the earlier one where clocks
/// go back over it); where a change skips midnight, the instant the clocks
/// jump into `date`. That instant lies between midnight read with the offset
/// after the change (still the day before) and with the offset before it
/// (already `date`), so it is found by bisection on the local date.
fn day_start(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    let all = readings(tz, date, 0);
    let (Some(&lo), Some(&hi)) = (all.iter().min(), all.iter().max()) else {
        return midnight.and_utc();
    };
    if tz.from_local_datetime(&midnight).earliest().is_some() {
        return lo;
    }
    let on_date = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive() >= date;
    let (mut lo, mut hi) = (lo, hi);
    if on_date(lo) || !on_date(hi) {
        return hi;
    }
    while (hi - lo).num_seconds() > 1 {
        let mid = lo + Duration::seconds((hi - lo).num_seconds() / 2);
        if on_date(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The site-local clock (`HH:MM`) at an instant.
fn clock(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}

fn hm(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let m = seconds.abs() / 60;
    format!("{sign}{}h{:02}m", m / 60, m % 60)
}

/// One shift row, as far as it could be read.
struct Row {
    pool: usize,
    template: usize,
    day: usize,
    start_min: u32,
    start: DateTime<Utc>,
    agents: u32,
}

struct Checker<'a> {
    sc: &'a Scenario,
    tz: Tz,
    /// Horizon start, interval length and count.
    start: DateTime<Utc>,
    step: i64,
    len: usize,
    /// Gross requirement per pool and interval (NaN where the file has no row).
    required: Vec<Vec<f64>>,
    scheduled: Vec<Vec<f64>>,
    on_break: Vec<Vec<f64>>,
    rows: Vec<Row>,
    /// Agents per (pool, template, start, breaks text) in shifts.csv.
    planned: BTreeMap<(usize, usize, DateTime<Utc>, String), u32>,
    report: CheckReport,
}

impl<'a> Checker<'a> {
    fn new(sc: &'a Scenario) -> Self {
        let tz = sc.site.timezone;
        let midnight = |date: NaiveDate| day_start(tz, date);
        let start = midnight(sc.site.start);
        let end = midnight(sc.site.start + Duration::days(i64::from(sc.site.days)));
        let step = i64::from(sc.site.interval_s);
        let len = ((end - start).num_seconds() / step).max(0) as usize;
        let pools = sc.pools.len();
        Checker {
            sc,
            tz,
            start,
            step,
            len,
            required: vec![vec![f64::NAN; len]; pools],
            scheduled: vec![vec![0.0; len]; pools],
            on_break: vec![vec![0.0; len]; pools],
            rows: Vec::new(),
            planned: BTreeMap::new(),
            report: CheckReport::default(),
        }
    }

    /// One Grid violation for a pool whose `file` lacks rows: how many
    /// intervals are missing, the first one shown.
    fn missing_rows(&mut self, p: usize, file: &str, present: &[bool]) {
        let Some(first) = present.iter().position(|s| !s) else {
            return;
        };
        let missing = present.iter().filter(|s| !**s).count();
        let id = self.sc.pools[p].id.clone();
        let when = site_stamp(
            self.start + Duration::seconds(self.step * first as i64),
            self.tz,
        );
        self.violation(
            Rule::Grid,
            file.to_string(),
            Some(&id),
            Some(when),
            format!("a row for every one of the {} intervals", self.len),
            format!("{missing} interval(s) missing, the first shown"),
        );
    }

    fn violation(
        &mut self,
        rule: Rule,
        at: String,
        pool: Option<&str>,
        site_time: Option<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) {
        self.report.violations.push(Violation {
            rule,
            at,
            pool: pool.map(str::to_string),
            site_time,
            expected: expected.into(),
            found: found.into(),
        });
    }

    fn pool_index(&self, id: &str) -> Option<usize> {
        self.sc.pools.iter().position(|p| p.id == id)
    }

    /// The interval starting at `t`, if it is one of the grid's.
    fn index(&self, t: DateTime<Utc>) -> Option<usize> {
        let s = (t - self.start).num_seconds();
        (s >= 0 && s % self.step == 0 && s / self.step < self.len as i64)
            .then(|| (s / self.step) as usize)
    }

    /// Add `weight` × the share of each interval inside [from, to), wrapped
    /// over the horizon when cyclic, clipped to it when not.
    fn add_span(&self, acc: &mut [f64], from: DateTime<Utc>, to: DateTime<Utc>, weight: f64) {
        let mut t = (from - self.start).num_seconds();
        let end = (to - self.start).num_seconds();
        let n = self.len as i64;
        while t < end && n > 0 {
            let slot = t.div_euclid(self.step);
            let piece_end = ((slot + 1) * self.step).min(end);
            let share = (piece_end - t) as f64 / self.step as f64;
            let index = if self.sc.site.cyclic {
                Some(slot.rem_euclid(n))
            } else {
                (0..n).contains(&slot).then_some(slot)
            };
            if let Some(i) = index {
                acc[i as usize] += weight * share;
            }
            t = piece_end;
        }
    }

    /// Read pool_requirements.csv and check that its intervals are the grid.
    fn grid(&mut self, t: &Table) -> Result<(), CheckError> {
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

    /// Read shifts.csv: check each row and add its agents to the coverage.
    fn shifts(&mut self, t: &Table) -> Result<(), CheckError> {
        let c = ShiftColumns {
            template: t.col("template")?,
            day: t.col("day")?,
            start: t.col("start_site")?,
            end: t.col("end_site")?,
            breaks: t.col("breaks")?,
            agents: t.col("agents")?,
            paid: t.col("paid_hours")?,
            pool: t.header.iter().position(|h| h == "pool"),
        };
        for (line, r) in &t.rows {
            self.shift_row(t.at(*line), r, &c);
        }
        Ok(())
    }

    fn shift_row(&mut self, at: String, r: &csv::StringRecord, c: &ShiftColumns) {
        let sc = self.sc;
        let tz = self.tz;
        self.report.shift_rows += 1;
        let Some(ti) = sc
            .shifts
            .templates
            .iter()
            .position(|x| x.name == r[c.template])
        else {
            let names: Vec<&str> = sc
                .shifts
                .templates
                .iter()
                .map(|x| x.name.as_str())
                .collect();
            self.violation(
                Rule::UnknownTemplate,
                at,
                None,
                Some(r[c.start].to_string()),
                format!("one of {}", names.join(", ")),
                format!("`{}`", &r[c.template]),
            );
            return;
        };
        let tpl: &Template = &sc.shifts.templates[ti];
        let pool = match c.pool {
            Some(col) => self.pool_index(&r[col]),
            None if tpl.pools.len() == 1 => Some(tpl.pools[0]),
            None => None,
        };
        let pool_text = c.pool.map_or_else(String::new, |col| r[col].to_string());
        let Some(p) = pool.filter(|p| tpl.pools.contains(p)) else {
            let allowed: Vec<&str> = tpl.pools.iter().map(|&p| sc.pools[p].id.as_str()).collect();
            self.violation(
                Rule::Pool,
                at,
                Some(&pool_text),
                Some(r[c.start].to_string()),
                format!(
                    "a pool template `{}` serves: {}",
                    tpl.name,
                    allowed.join(", ")
                ),
                format!("`{pool_text}`"),
            );
            return;
        };
        let pool_id = sc.pools[p].id.clone();
        let pid = Some(pool_id.as_str());
        let agents = match r[c.agents].parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                self.violation(
                    Rule::Agents,
                    at,
                    pid,
                    Some(r[c.start].to_string()),
                    "a whole number of agents above 0",
                    format!("`{}`", &r[c.agents]),
                );
                return;
            }
        };
        let (Some(start), Some(end)) = (parse_stamp(&r[c.start]), parse_stamp(&r[c.end])) else {
            self.violation(
                Rule::Unreadable,
                at,
                pid,
                None,
                "start_site and end_site like 2026-03-02T06:00+05:00",
                format!("`{}`, `{}`", &r[c.start], &r[c.end]),
            );
            return;
        };
        let Ok(day) = r[c.day].parse::<NaiveDate>() else {
            self.violation(
                Rule::Unreadable,
                at,
                pid,
                Some(r[c.start].to_string()),
                "a day like 2026-03-02",
                format!("`{}`", &r[c.day]),
            );
            return;
        };
        let (start_u, end_u) = (start.with_timezone(&Utc), end.with_timezone(&Utc));
        let when = Some(site_stamp(start_u, tz));
        for (what, stamp, instant) in [("start_site", &start, start_u), ("end_site", &end, end_u)] {
            let want = tz.offset_from_utc_datetime(&instant.naive_utc()).fix();
            if stamp.offset().local_minus_utc() != want.local_minus_utc() {
                self.violation(
                    Rule::Offset,
                    at.clone(),
                    pid,
                    when.clone(),
                    format!("{what} in site time, {}", site_stamp(instant, tz)),
                    stamp.to_rfc3339(),
                );
            }
        }
        // The start: one of the template's start times on the row's day.
        let start_min = tpl
            .starts
            .iter()
            .copied()
            .find(|&m| readings(tz, day, m).contains(&start_u));
        let day_index = (day - sc.site.start).num_days();
        if !(0..i64::from(sc.site.days)).contains(&day_index) {
            self.violation(
                Rule::Day,
                at.clone(),
                pid,
                when.clone(),
                format!(
                    "a day of the horizon, {} to {}",
                    sc.site.start,
                    sc.site.start + Duration::days(i64::from(sc.site.days) - 1)
                ),
                day.to_string(),
            );
        } else if !tpl.days.contains(day.weekday()) {
            self.violation(
                Rule::Day,
                at.clone(),
                pid,
                when.clone(),
                format!("a day template `{}` may start on", tpl.name),
                format!("{} ({:?})", day, day.weekday()),
            );
        }
        if start_min.is_none() {
            let starts: Vec<String> = tpl
                .starts
                .iter()
                .map(|m| format!("{:02}:{:02}", m / 60, m % 60))
                .collect();
            self.violation(
                Rule::StartTime,
                at.clone(),
                pid,
                when.clone(),
                format!(
                    "a start of template `{}` on {day}: {}",
                    tpl.name,
                    starts.join(" ")
                ),
                r[c.start].to_string(),
            );
        }
        let length = (end_u - start_u).num_seconds();
        if length != i64::from(tpl.length_s) {
            self.violation(
                Rule::Length,
                at.clone(),
                pid,
                when.clone(),
                format!(
                    "end − start = {} (template `{}`)",
                    hm(i64::from(tpl.length_s)),
                    tpl.name
                ),
                hm(length),
            );
        }
        let paid = f64::from(agents) * f64::from(tpl.paid_s) / 3600.0;
        match r[c.paid].parse::<f64>() {
            Ok(x) if (x - paid).abs() <= TOLERANCE + EPS => {}
            _ => self.violation(
                Rule::PaidHours,
                at.clone(),
                pid,
                when.clone(),
                format!("{agents} agents × {} = {paid}", hm(i64::from(tpl.paid_s))),
                r[c.paid].to_string(),
            ),
        }
        self.report.agent_shifts += u64::from(agents);
        self.report.paid_hours += paid;
        *self
            .planned
            .entry((p, ti, start_u, r[c.breaks].trim().to_string()))
            .or_default() += agents;
        // Work: [start, start + template length), whatever the end column says.
        let mut scheduled = std::mem::take(&mut self.scheduled[p]);
        let work_end = start_u + Duration::seconds(i64::from(tpl.length_s));
        self.add_span(&mut scheduled, start_u, work_end, f64::from(agents));
        self.scheduled[p] = scheduled;
        // Breaks, in template order: `HH:MM-HH:MM[ unpaid]` joined by `; `.
        let text = r[c.breaks].trim();
        let listed: Vec<&str> = if text.is_empty() {
            Vec::new()
        } else {
            text.split(';').map(str::trim).collect()
        };
        if listed.len() != tpl.breaks.len() {
            self.violation(
                Rule::Breaks,
                at.clone(),
                pid,
                when.clone(),
                format!(
                    "{} break(s) as template `{}` has",
                    tpl.breaks.len(),
                    tpl.name
                ),
                format!("{} in `{text}`", listed.len()),
            );
        }
        let mut on_break = std::mem::take(&mut self.on_break[p]);
        for (b, (item, rule)) in listed.iter().zip(&tpl.breaks).enumerate() {
            let (times, unpaid) = match item.strip_suffix(" unpaid") {
                Some(rest) => (rest.trim(), true),
                None => (*item, false),
            };
            let Some((from, to)) = times.split_once('-') else {
                self.violation(
                    Rule::Breaks,
                    at.clone(),
                    pid,
                    when.clone(),
                    "a break like 10:45-11:45 or 10:45-11:45 unpaid",
                    format!("`{item}`"),
                );
                continue;
            };
            if unpaid == rule.paid {
                self.violation(
                    Rule::BreakPaid,
                    at.clone(),
                    pid,
                    when.clone(),
                    format!(
                        "break {} {}",
                        b + 1,
                        if rule.paid { "paid" } else { "unpaid" }
                    ),
                    format!("`{item}`"),
                );
            }
            // Minutes after the shift start whose clock reads `from`; where
            // the clock repeats (clocks going back) prefer one in the window.
            let minutes = i64::from(tpl.length_s) / 60;
            let offsets: Vec<i64> = (0..=minutes)
                .filter(|m| clock(start_u + Duration::minutes(*m), tz) == from)
                .collect();
            let in_window = |m: &i64| {
                (i64::from(rule.earliest_s)..=i64::from(rule.latest_s)).contains(&(m * 60))
            };
            let Some(offset) = offsets
                .iter()
                .copied()
                .find(in_window)
                .or(offsets.first().copied())
            else {
                self.violation(
                    Rule::BreakWindow,
                    at.clone(),
                    pid,
                    when.clone(),
                    format!(
                        "break {} starting {} to {} after the start, inside the shift",
                        b + 1,
                        hm(i64::from(rule.earliest_s)),
                        hm(i64::from(rule.latest_s))
                    ),
                    format!("`{item}`, not a time during the shift"),
                );
                continue;
            };
            if !in_window(&offset) {
                self.violation(
                    Rule::BreakWindow,
                    at.clone(),
                    pid,
                    when.clone(),
                    format!(
                        "break {} starting {} to {} after the start",
                        b + 1,
                        hm(i64::from(rule.earliest_s)),
                        hm(i64::from(rule.latest_s))
                    ),
                    format!("`{item}`, {} after the start", hm(offset * 60)),
                );
            }
            let b_start = start_u + Duration::minutes(offset);
            let length = (1..=minutes - offset)
                .find(|m| clock(b_start + Duration::minutes(*m), tz) == to)
                .map(|m| m * 60);
            if length != Some(i64::from(rule.length_s)) {
                self.violation(
                    Rule::BreakLength,
                    at.clone(),
                    pid,
                    when.clone(),
                    format!("break {} of {}", b + 1, hm(i64::from(rule.length_s))),
                    format!(
                        "`{item}`, {}",
                        length.map_or("ending outside the shift".to_string(), hm)
                    ),
                );
            }
            // The template's length counts, whatever the end clock says.
            self.add_span(
                &mut on_break,
                b_start,
                b_start + Duration::seconds(i64::from(rule.length_s)),
                f64::from(agents),
            );
        }
        self.on_break[p] = on_break;
        if let Some(start_min) = start_min {
            self.rows.push(Row {
                pool: p,
                template: ti,
                day: day_index.max(0) as usize,
                start_min,
                start: start_u,
                agents,
            });
        }
    }

    /// Compare coverage.csv with the recomputation and the requirement.
    fn coverage(&mut self, t: &Table) -> Result<(), CheckError> {
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

    /// Agents starting at one instant, all pools together, within the cap.
    fn starts_cap(&mut self) {
        let Some(cap) = self.sc.shifts.max_starts_per_slot else {
            return;
        };
        let mut starts: BTreeMap<DateTime<Utc>, u32> = BTreeMap::new();
        for r in &self.rows {
            *starts.entry(r.start).or_default() += r.agents;
        }
        for (t, n) in starts {
            if n > cap {
                self.violation(
                    Rule::StartsCap,
                    "shifts.csv".into(),
                    None,
                    Some(site_stamp(t, self.tz)),
                    format!("at most max_starts_per_slot = {cap} agents starting"),
                    format!("{n}"),
                );
            }
        }
    }

    /// Each pool starts each template within its `min_agents`/`max_agents`
    /// on every day the template may start.
    fn template_limits(&mut self) {
        let sc = self.sc;
        let mut per_day: BTreeMap<(usize, usize, usize), u32> = BTreeMap::new();
        for r in &self.rows {
            *per_day.entry((r.pool, r.template, r.day)).or_default() += r.agents;
        }
        for (t, template) in sc.shifts.templates.iter().enumerate() {
            if template.min_agents.is_none() && template.max_agents.is_none() {
                continue;
            }
            for &p in &template.pools {
                for day in 0..sc.site.days as usize {
                    let date = sc.site.start + Duration::days(day as i64);
                    if !template.days.contains(date.weekday()) {
                        continue;
                    }
                    let n = per_day.get(&(p, t, day)).copied().unwrap_or(0);
                    let lo = template.min_agents.unwrap_or(0);
                    let hi = template.max_agents.unwrap_or(u32::MAX);
                    if n < lo || n > hi {
                        self.violation(
                            Rule::TemplateLimits,
                            "shifts.csv".into(),
                            Some(sc.pools[p].id.as_str()),
                            Some(date.to_string()),
                            format!(
                                "{lo} to {} agents starting {}",
                                template
                                    .max_agents
                                    .map_or("any".to_string(), |h| h.to_string()),
                                template.name
                            ),
                            n.to_string(),
                        );
                    }
                }
            }
        }
    }

    /// With weekly tours, each (pool, template, start, week) must split into
    /// whole tours.
    fn tours(&mut self) {
        let Some(week) = &self.sc.shifts.week else {
            return;
        };
        if week.start_drift_s > 0 {
            return;
        }
        let mut counts: BTreeMap<(usize, usize, u32, usize), [u32; 7]> = BTreeMap::new();
        for r in &self.rows {
            counts
                .entry((r.pool, r.template, r.start_min, r.day / 7))
                .or_default()[r.day % 7] += r.agents;
        }
        for ((p, t, start, w), c) in counts {
            if split_tours(c, week.work_days as usize, week.days_off).is_none() {
                let pool = self.sc.pools[p].id.clone();
                let date = self.sc.site.start + Duration::days(7 * w as i64);
                self.violation(
                    Rule::Tours,
                    "shifts.csv".into(),
                    Some(&pool),
                    None,
                    format!(
                        "template `{}` at {:02}:{:02}, week of {date}: agents per day \
                         that split into tours of {} days with {:?} days off",
                        self.sc.shifts.templates[t].name,
                        start / 60,
                        start % 60,
                        week.work_days,
                        week.days_off
                    ),
                    format!("{c:?}"),
                );
            }
        }
    }
}

struct ShiftColumns {
    template: usize,
    day: usize,
    start: usize,
    end: usize,
    breaks: usize,
    agents: usize,
    paid: usize,
    pool: Option<usize>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Split a week's agents per day (`counts[d]`, day `d` of the week) into
/// tours of `work_days` days: returns each tour's days off (as a sorted list
/// of days of the week) with its agents, or `None` if no split exists.
///
/// Any days off: a split exists iff Σ counts = work_days × T for a whole T
/// and no day has more than T agents (give each of the T agents the days
/// with the most agents left). Consecutive days off (wrapping over the
/// week's end): the 7 patterns' circulant system has a unique solution
/// (7 is prime, so no eigenvalue vanishes for 1 ≤ work_days ≤ 6); the split
/// exists iff it is whole and non-negative.
///
/// ```
/// use staffplan::checker::split_tours;
/// use staffplan::scenario::DaysOff;
/// // Two agents: Mon–Fri (off Sat, Sun) and Wed–Sun (off Mon, Tue).
/// let tours = split_tours([1, 1, 2, 2, 2, 1, 1], 5, DaysOff::Consecutive).unwrap();
/// assert_eq!(tours, vec![(vec![0, 1], 1), (vec![5, 6], 1)]);
/// assert!(split_tours([1, 0, 1, 0, 1, 0, 1], 5, DaysOff::Consecutive).is_none());
/// ```
pub fn split_tours(
    counts: [u32; 7],
    work_days: usize,
    days_off: DaysOff,
) -> Option<Vec<(Vec<usize>, u32)>> {
    let total: u32 = counts.iter().sum();
    if work_days == 0 || work_days > 7 || total % work_days as u32 != 0 {
        return None;
    }
    let agents = total / work_days as u32;
    if counts.iter().any(|&c| c > agents) {
        return None;
    }
    let off = 7 - work_days;
    if off == 0 {
        return Some(if agents > 0 {
            vec![(Vec::new(), agents)]
        } else {
            Vec::new()
        });
    }
    match days_off {
        DaysOff::Any => {
            let mut left = counts;
            let mut tours: BTreeMap<Vec<usize>, u32> = BTreeMap::new();
            for _ in 0..agents {
                let mut order: Vec<usize> = (0..7).collect();
                order.sort_by(|&a, &b| left[b].cmp(&left[a]).then(a.cmp(&b)));
                let (work, rest) = order.split_at(work_days);
                if work.iter().any(|&d| left[d] == 0) {
                    return None;
                }
                for &d in work {
                    left[d] -= 1;
                }
                let mut offs = rest.to_vec();
                offs.sort_unstable();
                *tours.entry(offs).or_default() += 1;
            }
            Some(tours.into_iter().collect())
        }
        DaysOff::Consecutive => {
            // Agents off on day d: Σ of y_f over the patterns whose days off
            // {f, …, f + off − 1 (mod 7)} include d.
            let mut a = [[0.0f64; 8]; 7];
            for (d, row) in a.iter_mut().enumerate() {
                for k in 0..off {
                    row[(d + 7 - k) % 7] = 1.0;
                }
                row[7] = f64::from(agents - counts[d]);
            }
            for col in 0..7 {
                let pivot =
                    (col..7).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
                if a[pivot][col].abs() < 1e-9 {
                    return None;
                }
                a.swap(col, pivot);
                let pivot_row = a[col];
                for (i, row) in a.iter_mut().enumerate() {
                    if i != col {
                        let f = row[col] / pivot_row[col];
                        for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                            *x -= f * p;
                        }
                    }
                }
            }
            let y: Vec<i64> = (0..7).map(|f| (a[f][7] / a[f][f]).round() as i64).collect();
            // Verify exactly in integers.
            for (d, &c) in counts.iter().enumerate() {
                let off_today: i64 = (0..off).map(|k| y[(d + 7 - k) % 7]).sum();
                if off_today != i64::from(agents) - i64::from(c) {
                    return None;
                }
            }
            if y.iter().any(|&v| v < 0) {
                return None;
            }
            Some(
                (0..7)
                    .filter(|&f| y[f] > 0)
                    .map(|f| {
                        let mut offs: Vec<usize> = (0..off).map(|k| (f + k) % 7).collect();
                        offs.sort_unstable();
                        (offs, y[f] as u32)
                    })
                    .collect::<BTreeMap<_, _>>()
                    .into_iter()
                    .collect(),
            )
        }
    }
}

mod roster;

#[cfg(test)]
mod tests {
    use super::*;

    /// One pool, UTC site, one day of hourly intervals, cyclic, no
    /// shrinkage; one 4 h template starting 08:00 or 09:00 with a 30-minute
    /// paid break 1h–2h after the start. The requirement CSV sits in `dir`.
    fn scenario(dir: &Path, extra: &str) -> Scenario {
        scenario_of(dir, 1, extra)
    }

    fn scenario_of(dir: &Path, days: u32, extra: &str) -> Scenario {
        std::fs::write(dir.join("req.csv"), "start,agents\n2026-03-02 09:00,1\n").unwrap();
        let text = format!(
            r#"name: checker test
site: {{timezone: UTC, start: 2026-03-02, days: {days}, interval: 1h}}
shrinkage: {{total: 0}}
pools:
  - {{id: p, requirement: {{csv: req.csv}}}}
shifts:
  templates:
    - {{name: four, paid: 4h, length: 4h, starts: ["08:00", "09:00"], breaks: [{{length: 30m, paid: true, window: "1h-2h"}}]}}
{extra}"#
        );
        Scenario::from_text(&dir.join("t.yaml"), &text, &[]).unwrap()
    }

    const HEAD: &str =
        "interval_start_utc,interval_start_site,pool,required_gross,scheduled,on_floor,surplus\n";

    /// The three files: `shifts` rows, and coverage from `on_floor(hour)`
    /// with scheduled = 2 from 08:00 to 12:00 (two agents on the row).
    fn write(dir: &Path, shifts: &str, floor: impl Fn(u32) -> f64, scheduled: impl Fn(u32) -> f64) {
        let mut req = String::from("interval_start_utc,interval_start_site,pool,erlangs,required_net,required_gross,required_net_raw,required_gross_raw\n");
        let mut cov = String::from(HEAD);
        for h in 0..24 {
            let r = if h == 9 { 1 } else { 0 };
            req += &format!("2026-03-02T{h:02}:00Z,2026-03-02T{h:02}:00Z,p,{r},{r},{r},{r},{r}\n");
            let (s, f) = (scheduled(h), floor(h));
            cov += &format!(
                "2026-03-02T{h:02}:00Z,2026-03-02T{h:02}:00Z,p,{r},{s},{f},{}\n",
                f - f64::from(r)
            );
        }
        std::fs::write(dir.join("pool_requirements.csv"), req).unwrap();
        std::fs::write(dir.join("coverage.csv"), cov).unwrap();
        std::fs::write(
            dir.join("shifts.csv"),
            format!(
                "template,day,start_site,end_site,breaks,agents,paid_hours,cost,pool\n{shifts}"
            ),
        )
        .unwrap();
    }

    fn two_agents_at_8(h: u32) -> f64 {
        if (8..12).contains(&h) {
            2.0
        } else {
            0.0
        }
    }

    /// Two agents 08:00–12:00 with breaks 09:30–10:00: each break takes half
    /// of the 09:00 hour, so 09:00 has 2 − 2 × 0.5 = 1 on the floor.
    fn good_floor(h: u32) -> f64 {
        match h {
            9 => 1.0,
            _ => two_agents_at_8(h),
        }
    }

    const GOOD: &str = "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:30-10:00,2,8,8,p\n";

    #[test]
    fn a_correct_plan_passes() {
        let dir = tempfile::tempdir().unwrap();
        let sc = scenario(dir.path(), "");
        write(dir.path(), GOOD, good_floor, two_agents_at_8);
        let r = check_outputs(dir.path(), &sc).unwrap();
        assert!(r.passed(), "{r}");
        assert_eq!((r.shift_rows, r.agent_shifts, r.paid_hours), (1, 2, 8.0));
        assert_eq!(r.on_floor["p"][9], 1.0);
        assert_eq!(r.pool_intervals, 24);
    }

    #[test]
    fn a_break_outside_its_window_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let sc = scenario(dir.path(), "");
        // 10:30 is 2h30m after the 08:00 start; the window is 1h–2h.
        let row = "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,10:30-11:00,2,8,8,p\n";
        let floor = |h: u32| if h == 10 { 1.0 } else { two_agents_at_8(h) };
        write(dir.path(), row, floor, two_agents_at_8);
        let r = check_outputs(dir.path(), &sc).unwrap();
        assert_eq!(r.violations.len(), 1, "{r}");
        let v = &r.violations[0];
        assert_eq!(v.rule, Rule::BreakWindow);
        assert!(v.found.contains("2h30m after the start"), "{v}");
        assert_eq!(v.at, "shifts.csv line 2");
    }

    /// One agent 08:00–12:00 with a break 09:00–09:30: 0.5 on the floor at
    /// 09:00 against 1 required, 0.5 agent-hours short.
    fn one_short(extra: &str) -> CheckReport {
        let dir = tempfile::tempdir().unwrap();
        let sc = scenario(dir.path(), extra);
        let row = "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:00-09:30,1,4,4,p\n";
        let scheduled = |h: u32| two_agents_at_8(h) / 2.0;
        let floor = |h: u32| if h == 9 { 0.5 } else { scheduled(h) };
        write(dir.path(), row, floor, scheduled);
        check_outputs(dir.path(), &sc).unwrap()
    }

    #[test]
    fn shortfall_is_a_violation_under_hard_coverage_only() {
        let hard = one_short("");
        assert_eq!(hard.violations.len(), 1, "{hard}");
        let v = &hard.violations[0];
        assert_eq!(
            (v.rule, v.site_time.as_deref()),
            (Rule::Uncovered, Some("2026-03-02T09:00+00:00"))
        );
        assert_eq!(v.found, "0.5 on the floor");
        let soft = one_short("  coverage: soft\n  shortfall_penalty: 10\n");
        assert!(soft.passed(), "{soft}");
        assert_eq!(soft.shortfall_agent_hours, 0.5);
        assert_eq!(
            soft.shortfall,
            vec![Short {
                pool: "p".into(),
                site_time: "2026-03-02T09:00+00:00".into(),
                required: 1.0,
                on_floor: 0.5
            }]
        );
    }

    #[test]
    fn a_wrong_on_floor_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let sc = scenario(dir.path(), "");
        // The file claims 2 on the floor at 09:00 as if the break did not count.
        write(dir.path(), GOOD, two_agents_at_8, two_agents_at_8);
        let r = check_outputs(dir.path(), &sc).unwrap();
        let v = r.of(Rule::OnFloor);
        assert_eq!(v.len(), 1, "{r}");
        assert_eq!(v[0].site_time.as_deref(), Some("2026-03-02T09:00+00:00"));
        assert!(v[0].expected.starts_with("on_floor 1 "), "{}", v[0]);
        assert_eq!(v[0].found, "2");
        assert_eq!(v[0].at, "coverage.csv line 11");
    }

    #[test]
    fn every_shift_rule_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let sc = scenario(dir.path(), "");
        let rows = [
            // Unknown template.
            "five,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:30-10:00,1,4,4,p",
            // Start 08:30 is not a template start; length 3h30m.
            "four,2026-03-02,2026-03-02T08:30Z,2026-03-02T12:00Z,09:30-10:00,1,4,4,p",
            // Agents 0; agents 1.5.
            "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:30-10:00,0,0,0,p",
            "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:30-10:00,1.5,6,6,p",
            // Paid hours 5 for one agent; break marked unpaid and 45 minutes long.
            "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:00-09:45 unpaid,1,5,4,p",
            // No break listed; unknown pool.
            "four,2026-03-02,2026-03-02T09:00Z,2026-03-02T13:00Z,,1,4,4,p",
            "four,2026-03-02,2026-03-02T09:00Z,2026-03-02T13:00Z,10:00-10:30,1,4,4,q",
            // A start stamp not in site time (UTC+1 for a UTC site).
            "four,2026-03-02,2026-03-02T10:00+01:00,2026-03-02T13:00Z,10:00-10:30,1,4,4,p",
        ];
        write(dir.path(), &(rows.join("\n") + "\n"), |_| 0.0, |_| 0.0);
        let r = check_outputs(dir.path(), &sc).unwrap();
        let rules: Vec<(Rule, &str)> = r
            .violations
            .iter()
            .filter(|v| v.at.starts_with("shifts.csv"))
            .map(|v| (v.rule, v.at.as_str()))
            .collect();
        assert_eq!(
            rules,
            vec![
                (Rule::UnknownTemplate, "shifts.csv line 2"),
                (Rule::StartTime, "shifts.csv line 3"),
                (Rule::Length, "shifts.csv line 3"),
                (Rule::Agents, "shifts.csv line 4"),
                (Rule::Agents, "shifts.csv line 5"),
                (Rule::PaidHours, "shifts.csv line 6"),
                (Rule::BreakPaid, "shifts.csv line 6"),
                (Rule::BreakLength, "shifts.csv line 6"),
                (Rule::Breaks, "shifts.csv line 7"),
                (Rule::Pool, "shifts.csv line 8"),
                (Rule::Offset, "shifts.csv line 9"),
            ],
            "{r}"
        );
    }

    #[test]
    fn a_wrong_requirement_a_missing_interval_and_a_cap_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        let sc = scenario(dir.path(), "  max_starts_per_slot: 1\n");
        write(dir.path(), GOOD, good_floor, two_agents_at_8);
        // Drop the 23:00 row and say 09:00 needs 0.
        let cov = std::fs::read_to_string(dir.path().join("coverage.csv")).unwrap();
        let cov: Vec<&str> = cov
            .lines()
            .filter(|l| !l.starts_with("2026-03-02T23"))
            .collect();
        let cov = cov
            .join("\n")
            .replace("T09:00Z,p,1,2,1,0", "T09:00Z,p,0,2,1,1");
        std::fs::write(dir.path().join("coverage.csv"), cov + "\n").unwrap();
        let r = check_outputs(dir.path(), &sc).unwrap();
        let rules: Vec<Rule> = r.violations.iter().map(|v| v.rule).collect();
        assert_eq!(
            rules,
            vec![Rule::Required, Rule::Grid, Rule::StartsCap],
            "{r}"
        );
        assert_eq!(r.of(Rule::StartsCap)[0].found, "2");
    }

    #[test]
    fn a_shift_wraps_over_the_end_of_a_cyclic_horizon() {
        let dir = tempfile::tempdir().unwrap();
        let sc = scenario(dir.path(), "");
        let c = Checker::new(&sc);
        let mut acc = vec![0.0; 24];
        let t = |m: i64| c.start + Duration::minutes(m);
        // 22:30 to 02:30, 2 agents: half of 22:00, all of 23:00, 00:00 (wrapped),
        // 01:00, half of 02:00.
        c.add_span(&mut acc, t(22 * 60 + 30), t(26 * 60 + 30), 2.0);
        assert_eq!(&acc[0..3], &[2.0, 2.0, 1.0]);
        assert_eq!(&acc[22..24], &[1.0, 2.0]);
        assert_eq!(acc.iter().sum::<f64>(), 8.0);
        // Not cyclic: clipped at the horizon's end, 1 + 2 agent-hours.
        let mut flat = sc.clone();
        flat.site.cyclic = false;
        let c = Checker::new(&flat);
        let mut acc = vec![0.0; 24];
        c.add_span(&mut acc, t(22 * 60 + 30), t(26 * 60 + 30), 2.0);
        assert_eq!(acc.iter().sum::<f64>(), 3.0);
    }

    #[test]
    fn shifts_that_do_not_split_into_tours_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        let week = "  week: {work_days: 5, days_off: consecutive}\n";
        let sc = scenario_of(dir.path(), 7, week);
        let mut c = Checker::new(&sc);
        let start = c.start;
        let row = |day: usize, start_min: u32, agents: u32| Row {
            pool: 0,
            template: 0,
            day,
            start_min,
            start: start + Duration::minutes(day as i64 * 1440 + i64::from(start_min)),
            agents,
        };
        // 08:00: one agent Mon–Fri, a whole tour. 09:00: one agent Mon, Wed,
        // Thu, Fri, Sat (days off Tue and Sun, not together).
        c.rows = (0..5).map(|d| row(d, 480, 1)).collect();
        c.rows.extend([0, 2, 3, 4, 5].map(|d| row(d, 540, 1)));
        c.tours();
        let v = &c.report.violations;
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].rule, Rule::Tours);
        assert!(
            v[0].expected
                .starts_with("template `four` at 09:00, week of 2026-03-02"),
            "{}",
            v[0]
        );
        assert_eq!(v[0].found, "[1, 0, 1, 1, 1, 1, 0]");
    }

    #[test]
    fn tours_split_by_hand() {
        use DaysOff::*;
        // 3 agents Mon–Fri: [3,3,3,3,3,0,0].
        assert_eq!(
            split_tours([3, 3, 3, 3, 3, 0, 0], 5, Consecutive),
            Some(vec![(vec![5, 6], 3)])
        );
        // Off Sun+Mon (works Tue–Sat), leaving Mon–Thu and Sun: off Fri+Sat.
        assert_eq!(
            split_tours([1, 2, 2, 2, 1, 1, 1], 5, Consecutive),
            Some(vec![(vec![0, 6], 1), (vec![4, 5], 1)])
        );
        // 10 working days over 2 agents, but Mon has 3.
        assert_eq!(split_tours([3, 2, 2, 2, 1, 0, 0], 5, Consecutive), None);
        // Off Mon and Wed: fine with any days off, not consecutive.
        assert_eq!(split_tours([0, 1, 0, 1, 1, 1, 1], 5, Consecutive), None);
        assert_eq!(
            split_tours([0, 1, 0, 1, 1, 1, 1], 5, Any),
            Some(vec![(vec![0, 2], 1)])
        );
        assert_eq!(split_tours([1, 1, 1, 1, 1, 1, 0], 5, Any), None);
        assert_eq!(split_tours([2; 7], 7, Consecutive), Some(vec![(vec![], 2)]));
        assert_eq!(split_tours([0; 7], 5, Consecutive), Some(vec![]));
    }

    #[test]
    fn site_times_in_a_gap_or_an_overlap_have_every_reading() {
        let london: Tz = "Europe/London".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let u = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        // 01:30 on 2026-03-29 does not exist: 01:30 GMT or 01:30 BST (00:30 UTC).
        assert_eq!(
            readings(london, d("2026-03-29"), 90),
            vec![u("2026-03-29T01:30:00Z"), u("2026-03-29T00:30:00Z")]
        );
        // 01:30 on 2026-10-25 happens twice: BST (00:30 UTC) then GMT (01:30 UTC).
        assert_eq!(
            readings(london, d("2026-10-25"), 90),
            vec![u("2026-10-25T00:30:00Z"), u("2026-10-25T01:30:00Z")]
        );
        assert_eq!(
            parse_stamp("2026-03-01T19:00Z"),
            parse_stamp("2026-03-02T00:00+05:00")
        );
    }
}
