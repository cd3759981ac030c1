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
//! midnight in equal steps), the transport caps (agents starting at one
//! instant, all pools together, at most `max_starts_per_slot`; ending at one
//! instant, wrapped as the cover is, at most `max_ends_per_slot`) and, with weekly
//! tours, that each (pool, template, start) week splits into whole tours of
//! `work_days` days with the days off as the scenario says.
//!
//! A queue whose service level is measured over a window (`over: day`,
//! …): its window service level and floor from `requirements.csv` and the
//! SL columns of `coverage.csv` (`window.rs`).
//!
//! With `sites:`, the transport caps are each site's, over its own pools'
//! shifts (`limits.rs`), and a queue split over sites has, in every
//! interval of `requirements.csv`, each part's volume equal to its share
//! of the parts' sum (`split.rs`).
//!
//! Also `min_agents`/`max_agents`: agents of one pool starting a template
//! on one day, on every day the template may start. Not checked: costs
//! (their convention belongs to the model).
//!
//! With a `roster.csv`, the roster too: from its rows alone and the
//! scenario's rules and staff list, every labour rule per agent (rest, days
//! and nights in a row, weekly hours, working days, days off and start
//! drift per week, the staff CSV's limits), the `night` and `late` columns,
//! and that it puts on each shift of shifts.csv exactly its agents with its
//! break times (so the roster's coverage is the plan's). Night: at least
//! min(3 h, the window as long as the clocks make it that night) of the
//! shift inside `rules.night_window`. Late: not a night, and the window
//! opens after the shift's start and before its end.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::scenario::Over;
use crate::scenario::Scenario;

mod coverage;
mod input;
mod labour;
mod limits;
mod roster;
mod served;
mod shifts;
mod split;
mod tours;
mod window;

use input::{day_start, hm, parse_stamp, readings, reads, site_stamp, split_range, Table};

pub use tours::split_tours;

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
    /// More agents start at one instant than `max_starts_per_slot`, or end
    /// at one instant than `max_ends_per_slot`.
    TripCap,
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
    /// The `late` column differs from the recomputation.
    Late,
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
    /// A queue's service level over its window (day, week, month, horizon)
    /// below the target.
    WindowServiceLevel,
    /// An interval's service level below the queue's floor.
    UnderFloor,
    /// A queue taken by pools linked by `serves` whose service is not
    /// marked as the simulation's estimate (`sl_sim_<queue>`), or whose
    /// estimate over the horizon is below its target.
    ServedServiceLevel,
    /// The parts of a queue split over sites are not their shares of its
    /// volume in an interval (requirements.csv).
    Split,
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
    c.trip_caps();
    c.template_limits();
    c.template_shares();
    c.tours();
    if scenario.queues.iter().any(|q| q.part.is_some()) {
        c.splits(&Table::read(&dir.join("requirements.csv"))?, dir)?;
    }
    if scenario.queues.iter().any(|q| q.sl_over != Over::Interval) {
        c.windows(&Table::read(&dir.join("requirements.csv"))?, &coverage)?;
    }
    if scenario.pools.iter().any(|p| !p.serves.is_empty()) {
        c.served(&Table::read(&dir.join("requirements.csv"))?, &coverage)?;
    }
    let roster = dir.join("roster.csv");
    if roster.exists() {
        c.roster(&Table::read(&roster)?)?;
    }
    Ok(c.report)
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
}

#[cfg(test)]
mod tests;
