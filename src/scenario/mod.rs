//! The scenario: loaded from YAML, overridden with `--set`, validated, and
//! resolved into types the rest of the program trusts (ripgrep's two stages:
//! [`raw`] as written, [`Scenario`] as checked).
//!
//! Every error names the file, line, field path and what would be valid.

mod csv_input;
mod raw;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, Timelike, Weekday};
use chrono_tz::Tz;

use crate::error::{did_you_mean, InputError, Location};
use crate::units::{
    parse_weekday, weekday_name, DaySet, Fraction, ServiceLevel, TimeOfDay, TimeRange,
};
use crate::yaml::{Document, Override};

pub use csv_input::{Agent, ForecastRow, RequirementRow};
pub use raw::{Channel, Coverage, DaysOff, Pooling};
use raw::{RawIntraday, RawQueue, RawScenario};

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// The file it came from.
    pub source: PathBuf,
    /// The site: time zone and planning horizon.
    pub site: Site,
    /// Currency of costs, e.g. USD.
    pub currency: String,
    /// Site-wide shrinkage (pools may override).
    pub shrinkage: Shrinkage,
    /// Agent pools.
    pub pools: Vec<Pool>,
    /// Client queues.
    pub queues: Vec<Queue>,
    /// Shift templates and tour rules.
    pub shifts: Shifts,
    /// Labour costs.
    pub costs: Costs,
    /// Labour rules for the roster.
    pub rules: Rules,
    /// Who works.
    pub agents: Agents,
    /// Named what-if variants.
    pub what_if: Vec<WhatIf>,
}

/// The site and its planning horizon.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's time zone; shifts are in site time.
    pub timezone: Tz,
    /// First day of the horizon (site-local).
    pub start: NaiveDate,
    /// Number of days.
    pub days: u32,
    /// Interval length in seconds: 900, 1800 or 3600.
    pub interval_s: u32,
    /// Whether the horizon repeats (shifts and deadline work wrap from the end to the start).
    pub cyclic: bool,
}

impl Site {
    /// The site's time grid: its horizon in intervals, from local midnight
    /// of the first day.
    pub fn grid(&self) -> crate::timegrid::TimeGrid {
        crate::timegrid::TimeGrid::new(self.timezone, self.start, self.days, self.interval_s)
    }
}

/// Shrinkage: paid time not available for contacts (breaks excluded).
#[derive(Debug, Clone, PartialEq)]
pub struct Shrinkage {
    /// Combined rate 1 − Π(1 − sᵢ).
    pub total: f64,
    /// The parts as given (empty when only a total was given).
    pub parts: Vec<(String, f64)>,
}

/// An agent pool: agents who share skills.
#[derive(Debug, Clone)]
pub struct Pool {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Merged (one Erlang queue) or separate (sum of queues).
    pub pooling: Pooling,
    /// The pool's shrinkage.
    pub shrinkage: Shrinkage,
    /// A requirement given directly (agents on the floor per interval) instead of queues.
    pub requirement: Option<Vec<RequirementRow>>,
    /// Where the pool is written, for problems found after validation.
    pub location: Location,
}

/// A client queue.
#[derive(Debug, Clone)]
pub struct Queue {
    /// Identifier.
    pub id: String,
    /// Client name.
    pub client: String,
    /// The client's time zone: forecast and opening hours are in it.
    pub timezone: Tz,
    /// Voice, chat or e-mail.
    pub channel: Channel,
    /// Index into [`Scenario::pools`].
    pub pool: usize,
    /// Average handle time, seconds.
    pub aht_s: f64,
    /// Service-level target (voice and chat).
    pub service_level: Option<ServiceLevel>,
    /// Average speed of answer target, seconds.
    pub asa_s: Option<f64>,
    /// Occupancy cap in (0, 1]; 1 = none.
    pub max_occupancy: f64,
    /// Mean patience (Erlang A), seconds.
    pub patience_s: Option<f64>,
    /// Chat sessions per agent (1 for voice and e-mail).
    pub concurrency: u32,
    /// Deadline for e-mail work, seconds.
    pub deadline_s: Option<f64>,
    /// Share of contacts the bot resolves.
    pub containment: f64,
    /// Opening hours, client-local.
    pub hours: OpeningHours,
    /// Floor staffing whenever the queue is open.
    pub min_agents_when_open: u32,
    /// The forecast.
    pub forecast: Forecast,
    /// Where the queue is written, for problems found after validation
    /// (a load no staffing can serve).
    pub location: Location,
}

/// Opening hours per weekday in the client's local time. A range may cross
/// midnight; it then belongs to the day it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningHours {
    /// Ranges per weekday, Monday first; `None` for 24/7.
    pub days: Option<[Vec<TimeRange>; 7]>,
}

impl OpeningHours {
    /// Open around the clock.
    pub const ALWAYS: OpeningHours = OpeningHours { days: None };

    /// Is the queue open at this client-local time?
    pub fn is_open(&self, local: NaiveDateTime) -> bool {
        use chrono::Datelike;
        let minute = local.time().hour() * 60 + local.time().minute();
        self.is_open_at(local.date().weekday(), minute)
    }

    /// Is the queue open on this weekday at this minute after midnight?
    pub fn is_open_at(&self, day: Weekday, minute: u32) -> bool {
        let Some(days) = &self.days else { return true };
        let today = day.num_days_from_monday() as usize;
        let yesterday = (today + 6) % 7;
        days[today]
            .iter()
            .any(|r| r.start <= minute && minute < r.end)
            || days[yesterday].iter().any(|r| minute + 1440 < r.end)
    }
}

/// A queue's forecast.
#[derive(Debug, Clone)]
pub enum Forecast {
    /// Weekly volume × daily share × intraday profile, client-local.
    Pattern(Pattern),
    /// Volumes per interval from a CSV file.
    Csv(CsvForecast),
}

impl Forecast {
    /// The multiplier applied to every volume.
    pub fn scale(&self) -> f64 {
        match self {
            Forecast::Pattern(p) => p.scale,
            Forecast::Csv(c) => c.scale,
        }
    }
}

/// A forecast pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Contacts per week (before scale and containment).
    pub weekly_volume: f64,
    /// Share of the week per weekday, Monday first; sums to 1.
    pub daily_shares: [f64; 7],
    /// Intraday weights over equal bins of the client-local day (24, 48 or 96 bins).
    pub intraday: Vec<f64>,
    /// Profile name, or `custom`.
    pub intraday_name: String,
    /// Volume multiplier.
    pub scale: f64,
}

/// A forecast read from CSV.
#[derive(Debug, Clone)]
pub struct CsvForecast {
    /// The file.
    pub file: PathBuf,
    /// Rows in time order.
    pub rows: Vec<ForecastRow>,
    /// Length each row covers, seconds.
    pub granularity_s: i64,
    /// Volume multiplier.
    pub scale: f64,
}

/// Shift templates and weekly tour rules.
#[derive(Debug, Clone, Default)]
pub struct Shifts {
    /// Templates.
    pub templates: Vec<Template>,
    /// Weekly tours; `None`: each day stands alone.
    pub week: Option<Week>,
    /// Cap on shifts starting at the same site time (transport seats).
    pub max_starts_per_slot: Option<u32>,
    /// Hard or soft coverage.
    pub coverage: Option<Coverage>,
    /// Penalty per agent-hour short under soft coverage.
    pub shortfall_penalty: f64,
}

/// A shift template.
#[derive(Debug, Clone)]
pub struct Template {
    /// Name.
    pub name: String,
    /// Paid seconds.
    pub paid_s: u32,
    /// Length from start to end, seconds.
    pub length_s: u32,
    /// Start times, minutes after site-local midnight.
    pub starts: Vec<u32>,
    /// Days the template may start on.
    pub days: DaySet,
    /// Breaks.
    pub breaks: Vec<Break>,
    /// Pools that may work it (indices).
    pub pools: Vec<usize>,
    /// Least agents of each pool starting it on each day (all its starts together).
    pub min_agents: Option<u32>,
    /// Most agents of each pool starting it on each day (all its starts together).
    pub max_agents: Option<u32>,
}

/// A break inside a shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Break {
    /// Length, seconds.
    pub length_s: u32,
    /// Paid or not.
    pub paid: bool,
    /// Earliest start after the shift start, seconds.
    pub earliest_s: u32,
    /// Latest start after the shift start, seconds.
    pub latest_s: u32,
}

/// Weekly tour rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// Working days per week.
    pub work_days: u32,
    /// How days off fall.
    pub days_off: DaysOff,
    /// How far an agent's start may move across the week, seconds.
    pub start_drift_s: u32,
}

/// Labour costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    /// Cost per paid hour; 1 when not given (the objective is then paid hours).
    pub hourly: f64,
    /// Night window and its multiplier.
    pub night: Option<(TimeRange, f64)>,
    /// Multiplier for hours on weekend days.
    pub weekend_multiplier: f64,
    /// Weekend days at the site (sat-sun by default).
    pub weekend_days: DaySet,
    /// Whether an hourly rate was given (else costs are weighted paid hours).
    pub priced: bool,
}

/// Labour rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Least rest between shifts, seconds.
    pub min_rest_s: u32,
    /// Most nights in a row.
    pub max_consecutive_nights: Option<u32>,
    /// Most working days in a row.
    pub max_consecutive_days: u32,
    /// Most paid hours per week, seconds.
    pub max_weekly_s: Option<u32>,
    /// What counts as night.
    pub night_window: TimeRange,
}

/// The staff to roster.
#[derive(Debug, Clone)]
pub enum Agents {
    /// As many as the plan needs.
    Auto,
    /// A fixed headcount.
    Count(u32),
    /// Named staff from a CSV file.
    List(Vec<Agent>),
}

/// A named variant: overrides applied to the base.
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// Name.
    pub name: String,
    /// The overrides.
    pub overrides: Vec<Override>,
}

const INTERVALS: [u32; 3] = [900, 1800, 3600];

/// The most agents one pool may need in one interval: ten times a large
/// site. More is a unit mistake (contacts per week read as per interval, a
/// handle time in hours read as minutes), and the shift plan would not end.
pub const MAX_AGENTS: u32 = 100_000;

// Limits at validation: each bounds the memory or time of a run (the
// staffing of every queue-interval, the shift plan's columns, the roster's
// rows) or the width of what is printed, well above what a real site has.
// docs/scenario.md and docs/testing.md list them with what happens past them.

/// Longest id or name (queue, client, pool, template, what-if, agent), in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest scenario description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// Most days in the horizon.
pub const MAX_DAYS: u32 = 366;
/// Most queues in a scenario.
pub const MAX_QUEUES: usize = 500;
/// Most pools in a scenario.
pub const MAX_POOLS: usize = 100;
/// Most shift templates.
pub const MAX_TEMPLATES: usize = 100;
/// Most breaks in one template.
pub const MAX_BREAKS: usize = 10;
/// Most what-if variants.
pub const MAX_WHAT_IFS: usize = 50;
/// Most queue-intervals (queues × intervals of the horizon) to staff.
pub const MAX_QUEUE_INTERVALS: u64 = 2_000_000;
/// Most shift options (template × start × day × pool) in the plan.
pub const MAX_SHIFT_OPTIONS: u64 = 500_000;
/// Most contacts a week in one queue's forecast pattern.
pub const MAX_WEEKLY_VOLUME: f64 = 10_000_000.0;
/// Most data rows in one CSV input.
pub const MAX_CSV_ROWS: usize = 1_000_000;
/// Largest CSV input file, bytes.
pub const MAX_CSV_BYTES: u64 = 128 << 20;
/// Largest scenario file, bytes.
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;

/// The names shrinkage may be broken into (any subset; or `total` alone).
pub const SHRINKAGE_PARTS: [&str; 10] = [
    "absenteeism",
    "annual_leave",
    "holidays",
    "sickness",
    "training",
    "coaching",
    "meetings",
    "offline_work",
    "system_downtime",
    "other",
];

impl Scenario {
    /// Read, override and validate the scenario at `path`.
    pub fn load(path: &Path, overrides: &[Override]) -> Result<Scenario, InputError> {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_file() && meta.len() > MAX_SCENARIO_BYTES {
                return Err(InputError::new(
                    Location::file(path),
                    "",
                    format!(
                        "the scenario is {} MB; a scenario file is at most {} MB (forecasts and staff lists go in CSV files it names)",
                        meta.len() >> 20,
                        MAX_SCENARIO_BYTES >> 20
                    ),
                ));
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            InputError::new(
                Location::file(path),
                "",
                format!("cannot read the scenario: {e}"),
            )
        })?;
        Scenario::from_text(path, &text, overrides)
    }

    /// Validate scenario text read from `path` (CSV files resolve next to it).
    pub fn from_text(
        path: &Path,
        text: &str,
        overrides: &[Override],
    ) -> Result<Scenario, InputError> {
        let file = Document::parse(path, text)?;
        let mut doc = file.clone();
        doc.apply(overrides)?;
        let scenario = build(&doc).map_err(|e| blame(&file, overrides, e))?;
        for (i, w) in scenario.what_if.iter().enumerate() {
            let mut variant = doc.clone();
            variant.apply(&w.overrides)?;
            build(&variant)
                .map_err(|e| blame(&doc, &w.overrides, e))
                .map_err(|e| InputError {
                    message: format!("in what-if `{}` (what_if[{i}]): {}", w.name, e.message),
                    ..e
                })?;
        }
        Ok(scenario)
    }

    /// The pool's queues, by index.
    pub fn queues_of(&self, pool: usize) -> impl Iterator<Item = (usize, &Queue)> {
        self.queues
            .iter()
            .enumerate()
            .filter(move |(_, q)| q.pool == pool)
    }
}

/// An error placed in the scenario file that only the overrides cause (the
/// file alone is valid) names the override instead: the `--set KEY=VALUE` or
/// what-if whose removal makes it go away (all of them when no single one
/// does), keeping the file's line for the field in the message.
fn blame(file: &Document, overrides: &[Override], e: InputError) -> InputError {
    if overrides.is_empty() || e.location.file != file.path {
        return e;
    }
    // Valid with only the overrides `keep` allows?
    let builds_with = |keep: &dyn Fn(usize) -> bool| {
        let kept: Vec<Override> = (0..overrides.len())
            .filter(|i| keep(*i))
            .map(|i| overrides[i].clone())
            .collect();
        let mut doc = file.clone();
        doc.apply(&kept).is_ok() && build(&doc).is_ok()
    };
    if !builds_with(&|_| false) {
        // The file is wrong by itself: the message places it there.
        return e;
    }
    let culprits: Vec<&str> = match (0..overrides.len())
        .find(|&skip| overrides.len() > 1 && builds_with(&|i| i != skip))
    {
        Some(i) => vec![overrides[i].origin.as_str()],
        None => overrides.iter().map(|o| o.origin.as_str()).collect(),
    };
    let at = e.location.clone();
    InputError {
        location: Location::file(Path::new(&culprits.join(", "))),
        message: format!("{} (the field is at {at})", e.message),
        ..e
    }
}

fn build(doc: &Document) -> Result<Scenario, InputError> {
    let raw: RawScenario = doc.deserialize()?;
    let base = doc.path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let v = Validator { doc, base };
    v.scenario(raw)
}

struct Validator<'a> {
    doc: &'a Document,
    base: PathBuf,
}

type Result<T, E = InputError> = std::result::Result<T, E>;

impl Validator<'_> {
    fn err(&self, field: &str, message: impl Into<String>) -> InputError {
        self.doc.error(field, message)
    }

    /// The CSV file named at `field`, relative to the scenario's folder; it must exist.
    fn resolve(&self, file: &str, field: &str) -> Result<PathBuf> {
        let p = Path::new(file);
        let path = if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base.join(p)
        };
        if path.is_file() {
            Ok(path)
        } else {
            Err(self.err(
                field,
                format!(
                    "no file {} (a path is read relative to the scenario's folder)",
                    path.display()
                ),
            ))
        }
    }

    fn scenario(&self, raw: RawScenario) -> Result<Scenario> {
        if raw.name.trim().is_empty() {
            return Err(self.err("name", "the scenario needs a name"));
        }
        self.check_length(&raw.name, "name", MAX_NAME_CHARS)?;
        if let Some(d) = &raw.description {
            self.check_length(d, "description", MAX_DESCRIPTION_CHARS)?;
        }
        for (key, n, max) in [
            ("pools", raw.pools.len(), MAX_POOLS),
            ("queues", raw.queues.len(), MAX_QUEUES),
            ("what_if", raw.what_if.len(), MAX_WHAT_IFS),
            (
                "shifts.templates",
                raw.shifts.as_ref().map_or(0, |s| s.templates.len()),
                MAX_TEMPLATES,
            ),
        ] {
            if n > max {
                return Err(self.err(
                    key,
                    format!("{n} items in `{key}`; a scenario holds at most {max}: split it into several scenarios"),
                ));
            }
        }
        let site = self.site(&raw.site)?;
        let shrinkage = match &raw.shrinkage {
            Some(map) => self.shrinkage(map, "shrinkage")?,
            None => Shrinkage {
                total: 0.0,
                parts: Vec::new(),
            },
        };
        let currency = raw.currency.clone().unwrap_or_else(|| "USD".to_string());
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(self.err(
                "currency",
                format!("expected a three-letter currency code like USD or PKR, got `{currency}`"),
            ));
        }
        let pools = self.pools(&raw, &shrinkage, &site)?;
        if raw.queues.is_empty() && pools.iter().all(|p| p.requirement.is_none()) {
            return Err(self.err("queues", "the scenario has no queues: add at least one under `queues:` (or give a pool `requirement: {csv: FILE}`)"));
        }
        let pool_ids: Vec<&str> = pools.iter().map(|p| p.id.as_str()).collect();
        let per_day = u64::from(86_400 / site.interval_s);
        let queue_intervals = raw.queues.len() as u64 * u64::from(site.days) * per_day;
        if queue_intervals > MAX_QUEUE_INTERVALS {
            return Err(self.err(
                "queues",
                format!(
                    "{} queues over {} days of {} intervals make {queue_intervals} queue-intervals to staff; at most {MAX_QUEUE_INTERVALS}: plan fewer days, a coarser interval or fewer queues per scenario",
                    raw.queues.len(),
                    site.days,
                    per_day
                ),
            ));
        }
        let mut queues = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, q) in raw.queues.iter().enumerate() {
            let field = format!("queues[{i}]");
            if !seen.insert(q.id.clone()) {
                return Err(self.err(
                    &format!("{field}.id"),
                    format!("queue id `{}` is used twice", q.id),
                ));
            }
            queues.push(self.queue(q, &field, &pool_ids, &site)?);
        }
        for (p, pool) in pools.iter().enumerate() {
            let served = queues.iter().filter(|q| q.pool == p).count();
            let field = format!("pools[{p}]");
            match (&pool.requirement, served) {
                (Some(_), n) if n > 0 => {
                    return Err(self.err(&field, format!("pool `{}` has a requirement CSV and also serves {n} queue(s): use one or the other", pool.id)))
                }
                (None, 0) => {
                    return Err(self.err(&field, format!("pool `{}` serves no queue: add `pool: {}` to a queue, give it `requirement: {{csv: FILE}}`, or remove it", pool.id, pool.id)))
                }
                _ => {}
            }
            if pool.pooling == Pooling::Merged {
                self.check_merged(p, pool, &queues, &field)?;
            }
        }
        let shifts = match &raw.shifts {
            Some(s) => self.shifts(s, &pool_ids, &site)?,
            None => Shifts::default(),
        };
        let costs = self.costs(raw.costs.as_ref())?;
        let rules = self.rules(raw.rules.as_ref(), &costs)?;
        self.check_tours(&shifts, &rules, raw.rules.as_ref())?;
        let agents = self.agents(raw.agents.as_ref(), &pool_ids)?;
        let mut what_if = Vec::new();
        let mut names = BTreeSet::new();
        for (i, w) in raw.what_if.iter().enumerate() {
            let field = format!("what_if[{i}]");
            self.check_length(&w.name, &format!("{field}.name"), MAX_NAME_CHARS)?;
            if !names.insert(w.name.clone()) || w.name.trim().is_empty() || w.name == "base" {
                return Err(self.err(
                    &format!("{field}.name"),
                    format!(
                        "what-if names must be unique, not empty and not `base`; `{}` is not",
                        w.name
                    ),
                ));
            }
            if w.set.is_empty() {
                return Err(self.err(
                    &format!("{field}.set"),
                    "a what-if needs at least one KEY: VALUE to set",
                ));
            }
            let origin = self.doc.locate(&format!("{field}.set")).to_string();
            let overrides = w
                .set
                .iter()
                .map(|(k, v)| Override {
                    path: k.clone(),
                    value: v.0.clone(),
                    origin: format!("{origin} ({field} `{}`: {k})", w.name),
                })
                .collect();
            what_if.push(WhatIf {
                name: w.name.clone(),
                overrides,
            });
        }
        Ok(Scenario {
            name: raw.name,
            description: raw.description,
            source: self.doc.path.clone(),
            site,
            currency,
            shrinkage,
            pools,
            queues,
            shifts,
            costs,
            rules,
            agents,
            what_if,
        })
    }

    fn site(&self, raw: &raw::RawSite) -> Result<Site> {
        let timezone = self.timezone(&raw.timezone, "site.timezone")?;
        let start = NaiveDate::parse_from_str(raw.start.trim(), "%Y-%m-%d").map_err(|_| {
            self.err(
                "site.start",
                format!("expected a date like 2026-03-02, got `{}`", raw.start),
            )
        })?;
        let days = raw.days.unwrap_or(7);
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(self.err(
                "site.days",
                format!("expected 1 to {MAX_DAYS} days, got {days}"),
            ));
        }
        let interval_s = raw.interval.map_or(1800.0, |d| d.secs());
        let interval_s = INTERVALS
            .into_iter()
            .find(|i| f64::from(*i) == interval_s)
            .ok_or_else(|| {
                self.err(
                    "site.interval",
                    format!(
                        "expected 15m, 30m or 60m, got {}",
                        raw.interval.unwrap_or_default()
                    ),
                )
            })?;
        let site = Site {
            timezone,
            start,
            days,
            interval_s,
            cyclic: raw.cyclic.unwrap_or(true),
        };
        crate::timegrid::check_site(site.timezone, site.start, site.days, site.interval_s)
            .map_err(|p| self.err(p.field, p.message))?;
        Ok(site)
    }

    fn timezone(&self, name: &str, field: &str) -> Result<Tz> {
        crate::units::parse_timezone(name).map_err(|m| self.err(field, m))
    }

    fn shrinkage(&self, map: &BTreeMap<String, Fraction>, field: &str) -> Result<Shrinkage> {
        if let Some(total) = map.get("total") {
            if map.len() > 1 {
                return Err(self.err(
                    field,
                    "give either `total` or the parts (absenteeism, training, ...), not both",
                ));
            }
            if total.0 >= 1.0 {
                return Err(self.err(
                    &format!("{field}.total"),
                    format!("shrinkage must be below 1 (100%), got {}", total.0),
                ));
            }
            return Ok(Shrinkage {
                total: total.0,
                parts: Vec::new(),
            });
        }
        let mut keep = 1.0;
        for (name, part) in map {
            if !SHRINKAGE_PARTS.contains(&name.as_str()) {
                return Err(self.err(
                    &format!("{field}.{name}"),
                    format!(
                        "unknown shrinkage part `{name}`{}; parts: {}, or give `total` alone",
                        did_you_mean(name, SHRINKAGE_PARTS.iter().copied()),
                        SHRINKAGE_PARTS.join(", ")
                    ),
                ));
            }
            if part.0 >= 1.0 {
                return Err(self.err(
                    &format!("{field}.{name}"),
                    format!("a shrinkage part must be below 1 (100%), got {}", part.0),
                ));
            }
            keep *= 1.0 - part.0;
        }
        Ok(Shrinkage {
            total: 1.0 - keep,
            parts: map.iter().map(|(k, v)| (k.clone(), v.0)).collect(),
        })
    }

    fn pools(&self, raw: &RawScenario, shrinkage: &Shrinkage, site: &Site) -> Result<Vec<Pool>> {
        if raw.pools.is_empty() {
            return Err(self.err(
                "pools",
                "the scenario needs at least one pool, like - {id: english-voice, pooling: merged}",
            ));
        }
        let mut seen = BTreeSet::new();
        raw.pools
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let field = format!("pools[{i}]");
                self.check_id(&p.id, &format!("{field}.id"))?;
                if !seen.insert(p.id.clone()) {
                    return Err(self.err(
                        &format!("{field}.id"),
                        format!("pool id `{}` is used twice", p.id),
                    ));
                }
                if let Some(name) = &p.name {
                    self.check_length(name, &format!("{field}.name"), MAX_NAME_CHARS)?;
                }
                let shrinkage = match &p.shrinkage {
                    Some(map) => self.shrinkage(map, &format!("{field}.shrinkage"))?,
                    None => shrinkage.clone(),
                };
                let requirement = match &p.requirement {
                    Some(r) => {
                        let at = format!("{field}.requirement.csv");
                        let file = self.resolve(&r.csv, &at)?;
                        let rows = csv_input::requirement(&file, site)?;
                        // A row holds until the next one (the last for one interval).
                        let step = chrono::Duration::seconds(i64::from(site.interval_s));
                        let spans: Vec<_> = rows
                            .iter()
                            .enumerate()
                            .map(|(k, r)| {
                                (r.start, rows.get(k + 1).map_or(r.start + step, |n| n.start))
                            })
                            .collect();
                        self.check_horizon(&spans, site, site.timezone, &at, &file)?;
                        Some(rows)
                    }
                    None => None,
                };
                Ok(Pool {
                    id: p.id.clone(),
                    name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                    pooling: p.pooling.unwrap_or(Pooling::Separate),
                    shrinkage,
                    requirement,
                    location: self.doc.locate(&field),
                })
            })
            .collect()
    }

    /// A CSV none of whose rows (each covering `[start, end)`) touches the
    /// planning horizon is a mistake (a wrong year, a file for another week),
    /// not zero demand: refuse it, showing both spans.
    fn check_horizon(
        &self,
        spans: &[(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)],
        site: &Site,
        tz: Tz,
        field: &str,
        file: &Path,
    ) -> Result<()> {
        let grid = site.grid();
        if spans
            .iter()
            .any(|(from, to)| *from < grid.end() && *to > grid.start)
        {
            return Ok(());
        }
        let (Some(first), Some(last)) = (
            spans.iter().map(|s| s.0).min(),
            spans.iter().map(|s| s.0).max(),
        ) else {
            return Ok(());
        };
        let local =
            |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M");
        Err(self.err(
            field,
            format!(
                "no row of {} falls in the planning horizon, {} to {} ({tz}); its rows run from {} to {}: check the dates or site.start",
                file.display(),
                local(grid.start),
                local(grid.end()),
                local(first),
                local(last),
            ),
        ))
    }

    /// Text longer than `max` characters would not fit a table or a file name.
    fn check_length(&self, text: &str, field: &str, max: usize) -> Result<()> {
        let n = text.chars().count();
        if n > max {
            let start: String = text.chars().take(20).collect();
            return Err(self.err(
                field,
                format!("`{start}…` is {n} characters long; at most {max} are allowed here"),
            ));
        }
        Ok(())
    }

    fn check_id(&self, id: &str, field: &str) -> Result<()> {
        self.check_length(id, field, MAX_NAME_CHARS)?;
        let ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(())
        } else {
            Err(self.err(
                field,
                format!("`{id}` is not a valid id: use letters, digits, - and _ (like us-retail)"),
            ))
        }
    }

    fn queue(&self, q: &RawQueue, field: &str, pool_ids: &[&str], site: &Site) -> Result<Queue> {
        let f = |key: &str| format!("{field}.{key}");
        self.check_id(&q.id, &f("id"))?;
        if let Some(client) = &q.client {
            self.check_length(client, &f("client"), MAX_NAME_CHARS)?;
        }
        let timezone = self.timezone(&q.timezone, &f("timezone"))?;
        let pool = pool_ids.iter().position(|p| *p == q.pool).ok_or_else(|| {
            self.err(
                &f("pool"),
                format!(
                    "no pool `{}`{}; pools: {}",
                    q.pool,
                    did_you_mean(&q.pool, pool_ids.iter().copied()),
                    pool_ids.join(", ")
                ),
            )
        })?;
        let channel = q.channel.unwrap_or(Channel::Voice);
        let aht_s = q.aht.secs();
        if !(aht_s.is_finite() && aht_s > 0.0) {
            return Err(self.err(
                &f("aht"),
                "the handle time must be above zero, like 6m or 240s",
            ));
        }
        crate::units::check_handle_time(aht_s).map_err(|m| self.err(&f("aht"), m))?;
        let max_occupancy = q.max_occupancy.map_or(1.0, |o| o.0);
        if max_occupancy <= 0.0 {
            return Err(self.err(
                &f("max_occupancy"),
                "the occupancy cap must be above 0 and at most 1 (100%), like 0.85",
            ));
        }
        let containment = q.ai_containment.map_or(0.0, |c| c.0);
        if containment >= 1.0 {
            return Err(self.err(
                &f("ai_containment"),
                "bot containment must be below 1 (100%): someone has to take the rest",
            ));
        }
        match channel {
            Channel::Voice | Channel::Chat => {
                if q.service_level.is_none() {
                    return Err(self.err(field, format!("missing required key `service_level` for a {} queue, like service_level: 80/20", channel_name(channel))));
                }
                if q.deadline.is_some() {
                    return Err(self.err(
                        &f("deadline"),
                        "`deadline` is for e-mail queues; voice and chat take `service_level`",
                    ));
                }
                if q.service_level.is_some_and(|s| s.fraction >= 1.0) {
                    return Err(self.err(&f("service_level"), "a target of 100% can never be met: with random arrivals someone can always wait longer; use a target below 100, like 99/20"));
                }
                if q.asa.is_some_and(|a| a.secs() <= 0.0) {
                    return Err(
                        self.err(&f("asa"), "an ASA target must be above 0 seconds, like 30s")
                    );
                }
            }
            Channel::Email => {
                for (key, given) in [
                    ("service_level", q.service_level.is_some()),
                    ("patience", q.patience.is_some()),
                    ("asa", q.asa.is_some()),
                ] {
                    if given {
                        return Err(self.err(&f(key), format!("`{key}` is for voice and chat; an e-mail queue takes `deadline`, like deadline: 4h")));
                    }
                }
                let Some(d) = q.deadline else {
                    return Err(self.err(
                        field,
                        "missing required key `deadline` for an e-mail queue, like deadline: 4h",
                    ));
                };
                if d.secs() < f64::from(site.interval_s) {
                    return Err(self.err(&f("deadline"), format!("the deadline {d} is shorter than the {} interval; use at least the interval", crate::units::Duration(f64::from(site.interval_s)))));
                }
            }
        }
        if let Some(p) = q.patience {
            if p.secs() <= 0.0 {
                return Err(self.err(&f("patience"), "patience must be above zero, like 90s"));
            }
        }
        let concurrency = q.concurrency.unwrap_or(1);
        if concurrency == 0 || concurrency > 100 || (channel != Channel::Chat && concurrency != 1) {
            return Err(self.err(
                &f("concurrency"),
                "concurrency is for chat queues: a whole number of sessions per agent, from 1 to 100",
            ));
        }
        let hours = match &q.hours {
            Some(map) => self.hours(map, &f("hours"))?,
            None => OpeningHours::ALWAYS,
        };
        let min_agents_when_open = q.min_agents_when_open.unwrap_or(0);
        if min_agents_when_open > MAX_AGENTS {
            return Err(self.err(
                &f("min_agents_when_open"),
                format!("expected a number of agents from 0 to {MAX_AGENTS}, got {min_agents_when_open}"),
            ));
        }
        let forecast = self.forecast(q, &f("forecast"), &hours, timezone, site)?;
        Ok(Queue {
            id: q.id.clone(),
            client: q.client.clone().unwrap_or_else(|| q.id.clone()),
            timezone,
            channel,
            pool,
            aht_s,
            service_level: q.service_level,
            asa_s: q.asa.map(|a| a.secs()),
            max_occupancy,
            patience_s: q.patience.map(|p| p.secs()),
            concurrency,
            deadline_s: q.deadline.map(|d| d.secs()),
            containment,
            hours,
            min_agents_when_open,
            forecast,
            location: self.doc.locate(field),
        })
    }

    fn hours(&self, map: &BTreeMap<String, raw::OneOrMany>, field: &str) -> Result<OpeningHours> {
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        let mut claimed = DaySet::default();
        for (key, ranges) in map {
            let f = format!("{field}.{key}");
            let set: DaySet = key.parse().map_err(|e: String| self.err(&f, e))?;
            if !set.intersection(claimed).is_empty() {
                return Err(self.err(
                    &f,
                    format!(
                        "`{key}` overlaps days already given ({}); give each day once",
                        set.intersection(claimed)
                    ),
                ));
            }
            claimed = claimed.union(set);
            let mut parsed = Vec::new();
            for text in &ranges.0 {
                if text.trim() == "closed" {
                    continue;
                }
                parsed.push(text.parse::<TimeRange>().map_err(|e| self.err(&f, e))?);
            }
            parsed.sort();
            if parsed.windows(2).any(|w| w[1].start < w[0].end) {
                return Err(self.err(&f, "these opening ranges overlap; give separate ranges like [\"08:00-12:00\", \"13:00-22:00\"]"));
            }
            for day in set.days() {
                days[day.num_days_from_monday() as usize] = parsed.clone();
            }
        }
        // A range past midnight must not run into the next day's first range.
        for d in 0..7 {
            let next = &days[(d + 1) % 7];
            if let (Some(late), Some(early)) = (days[d].last(), next.first()) {
                if late.end > 1440 && late.end - 1440 > early.start {
                    return Err(self.err(
                        field,
                        format!(
                            "{} {late} runs past midnight into {} {early}; merge or shorten them",
                            weekday_name(Weekday::try_from(d as u8).unwrap_or(Weekday::Mon)),
                            weekday_name(
                                Weekday::try_from(((d + 1) % 7) as u8).unwrap_or(Weekday::Mon)
                            )
                        ),
                    ));
                }
            }
        }
        if days.iter().all(Vec::is_empty) {
            return Err(self.err(field, "the queue is never open; give hours like {mon-fri: \"08:00-22:00\"} or leave `hours` out for 24/7"));
        }
        Ok(OpeningHours { days: Some(days) })
    }

    fn forecast(
        &self,
        q: &RawQueue,
        field: &str,
        hours: &OpeningHours,
        tz: Tz,
        site: &Site,
    ) -> Result<Forecast> {
        let raw = &q.forecast;
        let f = |key: &str| format!("{field}.{key}");
        let scale = raw.scale.unwrap_or(1.0);
        if !(scale.is_finite() && (0.0..=1000.0).contains(&scale)) {
            return Err(self.err(
                &f("scale"),
                format!("expected a multiplier from 0 to 1000 like 1.15, got {scale}"),
            ));
        }
        if let Some(file) = &raw.csv {
            for (key, given) in [
                ("weekly_volume", raw.weekly_volume.is_some()),
                ("daily_shares", raw.daily_shares.is_some()),
                ("intraday", raw.intraday.is_some()),
            ] {
                if given {
                    return Err(self.err(&f(key), format!("`{key}` belongs to a forecast pattern; a CSV forecast takes only csv, interval and scale")));
                }
            }
            let granularity = match raw.interval {
                Some(d) => {
                    let s = d.secs();
                    if !(s >= 300.0 && s.fract() == 0.0 && s as i64 % 300 == 0 && s <= 86400.0) {
                        return Err(self.err(&f("interval"), "expected a forecast interval that is a whole number of 5 minutes, up to 24h, like 15m or 1h"));
                    }
                    Some(s as i64)
                }
                None => None,
            };
            let csv = csv_input::forecast(&self.resolve(file, &f("csv"))?, tz, granularity)?;
            let step = chrono::Duration::seconds(csv.granularity_s);
            let spans: Vec<_> = csv.rows.iter().map(|r| (r.start, r.start + step)).collect();
            self.check_horizon(&spans, site, tz, &f("csv"), &csv.file)?;
            return Ok(Forecast::Csv(CsvForecast { scale, ..csv }));
        }
        if raw.interval.is_some() {
            return Err(self.err(
                &f("interval"),
                "`interval` is for CSV forecasts; a pattern's bins come from the intraday profile",
            ));
        }
        let weekly = raw.weekly_volume.ok_or_else(|| {
            self.err(
                field,
                "a forecast needs `weekly_volume` (with daily_shares and intraday) or `csv: FILE`",
            )
        })?;
        if !(weekly.is_finite() && (0.0..=MAX_WEEKLY_VOLUME).contains(&weekly)) {
            return Err(self.err(
                &f("weekly_volume"),
                format!(
                    "expected a number of contacts from 0 to {MAX_WEEKLY_VOLUME} per week, got {weekly}"
                ),
            ));
        }
        let mut daily_shares = [1.0 / 7.0; 7];
        if let Some(shares) = &raw.daily_shares {
            daily_shares = [0.0; 7];
            let mut given: [Option<&str>; 7] = [None; 7];
            for (day, share) in shares {
                let key = f(&format!("daily_shares.{day}"));
                let d = parse_weekday(day).ok_or_else(|| {
                    self.err(
                        &key,
                        format!("`{day}` is not a day: use mon, tue, wed, thu, fri, sat, sun"),
                    )
                })?;
                if !(share.is_finite() && *share >= 0.0) {
                    return Err(self.err(
                        &key,
                        format!("a daily share must be 0 or more, got {share}"),
                    ));
                }
                let slot = d.num_days_from_monday() as usize;
                if let Some(first) = given[slot] {
                    return Err(self.err(
                        &key,
                        format!("`{first}` and `{day}` name the same day; give each day once"),
                    ));
                }
                given[slot] = Some(day);
                daily_shares[slot] = *share;
            }
            let sum: f64 = daily_shares.iter().sum();
            if (sum - 1.0).abs() > 0.005 {
                return Err(self.err(
                    &f("daily_shares"),
                    format!(
                        "daily shares must add up to 1, they add up to {}",
                        round4(sum)
                    ),
                ));
            }
        }
        let (intraday, intraday_name) = match &raw.intraday {
            None => (
                crate::profiles::builtin("flat").unwrap_or_default(),
                "flat".to_string(),
            ),
            Some(RawIntraday::Named(name)) => {
                let weights = crate::profiles::builtin(name).ok_or_else(|| {
                    self.err(&f("intraday"), format!(
                        "no built-in profile `{name}`{}; built-in profiles: {}, or give a list of 24, 48 or 96 weights",
                        did_you_mean(name, crate::profiles::NAMES.iter().copied()),
                        crate::profiles::NAMES.join(", ")
                    ))
                })?;
                (weights, name.clone())
            }
            Some(RawIntraday::Weights(w)) => {
                if ![24, 48, 96].contains(&w.len()) {
                    return Err(self.err(&f("intraday"), format!("a custom profile needs 24, 48 or 96 weights (hours, half hours or quarter hours of the client's day), got {}", w.len())));
                }
                if w.iter().any(|x| !(x.is_finite() && *x >= 0.0)) || w.iter().sum::<f64>() <= 0.0 {
                    return Err(self.err(
                        &f("intraday"),
                        "profile weights must be 0 or more, and not all 0",
                    ));
                }
                (w.clone(), "custom".to_string())
            }
        };
        // Every day with a share needs open time with some profile weight, or
        // its volume would have nowhere to go.
        for (d, share) in daily_shares.iter().enumerate() {
            let day = Weekday::try_from(d as u8).unwrap_or(Weekday::Mon);
            let bins = intraday.len() as u32;
            let reachable = (0..1440)
                .step_by(5)
                .any(|m| hours.is_open_at(day, m) && intraday[(m * bins / 1440) as usize] > 0.0);
            if *share > 0.0 && !reachable {
                return Err(self.err(&f("daily_shares"), format!(
                    "{} has a share of {} but the queue is closed all that day (or its profile is 0 while open); set the share to 0 or open the queue",
                    weekday_name(day),
                    round4(*share)
                )));
            }
        }
        Ok(Forecast::Pattern(Pattern {
            weekly_volume: weekly,
            daily_shares,
            intraday,
            intraday_name,
            scale,
        }))
    }

    fn check_merged(&self, p: usize, pool: &Pool, queues: &[Queue], field: &str) -> Result<()> {
        let live: Vec<&Queue> = queues
            .iter()
            .filter(|q| q.pool == p && q.channel != Channel::Email)
            .collect();
        if let Some(first) = live.first() {
            for q in &live[1..] {
                if q.channel != first.channel || q.concurrency != first.concurrency {
                    return Err(self.err(field, format!(
                        "merged pool `{}` mixes `{}` ({} x{}) and `{}` ({} x{}): a merged pool is one queue, so its voice or chat queues must share channel and concurrency; use pooling: separate",
                        pool.id, first.id, channel_name(first.channel), first.concurrency, q.id, channel_name(q.channel), q.concurrency
                    )));
                }
                if q.patience_s.is_some() != first.patience_s.is_some() {
                    return Err(self.err(field, format!(
                        "merged pool `{}` mixes queues with patience (Erlang A) and without (Erlang C): `{}` and `{}`; give all of them patience or none",
                        pool.id, first.id, q.id
                    )));
                }
            }
        }
        Ok(())
    }

    fn shifts(&self, raw: &raw::RawShifts, pool_ids: &[&str], site: &Site) -> Result<Shifts> {
        if raw.templates.is_empty() {
            return Err(self.err("shifts.templates", "give at least one shift template"));
        }
        let grid = site.interval_s;
        let mut names = BTreeSet::new();
        let mut templates = Vec::new();
        for (i, t) in raw.templates.iter().enumerate() {
            let field = format!("shifts.templates[{i}]");
            let f = |k: &str| format!("{field}.{k}");
            if !names.insert(t.name.clone()) {
                return Err(self.err(
                    &f("name"),
                    format!("template name `{}` is used twice", t.name),
                ));
            }
            self.check_id(&t.name, &f("name"))?;
            let length = t.length.secs();
            if !(length > 0.0 && length <= 86400.0) {
                return Err(self.err(
                    &f("length"),
                    format!(
                        "a shift must last more than 0 and at most 24h, got {}",
                        t.length
                    ),
                ));
            }
            if length.fract() != 0.0 || length as u32 % grid != 0 {
                return Err(self.err(
                    &f("length"),
                    format!(
                        "the length {} is not a whole number of {}-minute intervals",
                        t.length,
                        grid / 60
                    ),
                ));
            }
            let length_s = length as u32;
            let paid = t.paid.secs();
            if !(paid > 0.0 && paid <= length) || paid.fract() != 0.0 {
                return Err(self.err(&f("paid"), format!("paid time must be above 0 and at most the length {}, in whole seconds, got {}", t.length, t.paid)));
            }
            if t.breaks.len() > MAX_BREAKS {
                return Err(self.err(
                    &f("breaks"),
                    format!(
                        "{} breaks in one shift; a template has at most {MAX_BREAKS}",
                        t.breaks.len()
                    ),
                ));
            }
            let mut breaks = Vec::new();
            let mut unpaid = 0.0;
            for (b, brk) in t.breaks.iter().enumerate() {
                let bf = format!("{field}.breaks[{b}]");
                let len = brk.length.secs();
                if len <= 0.0 || len.is_nan() || len.fract() != 0.0 || len as u32 % 300 != 0 {
                    return Err(self.err(
                        &format!("{bf}.length"),
                        format!(
                            "a break lasts a whole number of 5 minutes above 0, like 15m, got {}",
                            brk.length
                        ),
                    ));
                }
                let (from, to) = (brk.window.from.secs(), brk.window.to.secs());
                if from.fract() != 0.0 || to.fract() != 0.0 {
                    return Err(self.err(
                        &format!("{bf}.window"),
                        "window bounds must be whole seconds",
                    ));
                }
                if to + len > length || from <= 0.0 && len >= length {
                    return Err(self.err(&format!("{bf}.window"), format!(
                        "a {} break starting up to {} after the start ends after the {} shift; the window must end by {}",
                        brk.length, brk.window.to, t.length, crate::units::Duration(length - len)
                    )));
                }
                if !brk.paid {
                    unpaid += len;
                }
                breaks.push(Break {
                    length_s: len as u32,
                    paid: brk.paid,
                    earliest_s: from as u32,
                    latest_s: to as u32,
                });
            }
            // Breaks are placed by the planner inside their windows; windows
            // that could make two breaks overlap are refused up front.
            let mut order: Vec<usize> = (0..breaks.len()).collect();
            order.sort_by_key(|&b| breaks[b].earliest_s);
            for w in order.windows(2) {
                let (a, b) = (&breaks[w[0]], &breaks[w[1]]);
                if a.latest_s + a.length_s > b.earliest_s {
                    return Err(self.err(
                        &format!("{field}.breaks[{}].window", w[1]),
                        format!(
                            "this window can overlap breaks[{}] (which may end as late as {} after the start); make the windows follow each other",
                            w[0],
                            crate::units::Duration(f64::from(a.latest_s + a.length_s))
                        ),
                    ));
                }
            }
            if (paid + unpaid - length).abs() > 0.5 {
                return Err(self.err(
                    &f("paid"),
                    format!(
                        "paid {} plus unpaid breaks {} must equal the length {}",
                        t.paid,
                        crate::units::Duration(unpaid),
                        t.length
                    ),
                ));
            }
            if let Some(bad) = t.starts.0.iter().find(|s| (*s * 60) % grid != 0) {
                return Err(self.err(
                    &f("starts"),
                    format!(
                        "start {} is not on the site's {}-minute grid",
                        TimeOfDay(*bad),
                        grid / 60
                    ),
                ));
            }
            let days = t.days.unwrap_or(DaySet::ALL);
            if days.is_empty() {
                return Err(self.err(&f("days"), "the template has no day to start on"));
            }
            let pools = match &t.pools {
                None => (0..pool_ids.len()).collect(),
                Some(list) => list
                    .iter()
                    .map(|id| {
                        pool_ids.iter().position(|p| p == id).ok_or_else(|| {
                            self.err(
                                &f("pools"),
                                format!(
                                    "no pool `{id}`{}; pools: {}",
                                    did_you_mean(id, pool_ids.iter().copied()),
                                    pool_ids.join(", ")
                                ),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>>>()?,
            };
            for (key, n) in [("min_agents", t.min_agents), ("max_agents", t.max_agents)] {
                if n.is_some_and(|n| n > MAX_AGENTS) {
                    return Err(self.err(
                        &f(key),
                        format!(
                            "expected a number of agents from 0 to {MAX_AGENTS}, got {}",
                            n.unwrap_or_default()
                        ),
                    ));
                }
            }
            if let (Some(lo), Some(hi)) = (t.min_agents, t.max_agents) {
                if lo > hi {
                    return Err(self.err(
                        &f("min_agents"),
                        format!("min_agents {lo} is above max_agents {hi}"),
                    ));
                }
            }
            templates.push(Template {
                name: t.name.clone(),
                paid_s: paid as u32,
                length_s,
                starts: t.starts.0.clone(),
                days,
                breaks,
                pools,
                min_agents: t.min_agents,
                max_agents: t.max_agents,
            });
        }
        let options: u64 = templates
            .iter()
            .map(|t| t.starts.len() as u64 * t.pools.len() as u64)
            .sum::<u64>()
            * u64::from(site.days);
        if options > MAX_SHIFT_OPTIONS {
            return Err(self.err(
                "shifts.templates",
                format!(
                    "the templates give {options} shifts to choose from (start times × pools × {} days); at most {MAX_SHIFT_OPTIONS}: start less often (like /30m or /1h), use fewer templates or plan fewer days",
                    site.days
                ),
            ));
        }
        let week = match &raw.week {
            None => None,
            Some(_) if site.days % 7 != 0 => {
                return Err(self.err(
                    "shifts.week",
                    format!("weekly tours need a horizon of whole weeks; site.days is {}: use 7, 14, 21 or 28, or drop `week`", site.days),
                ))
            }
            Some(w) => {
                if !(1..=7).contains(&w.work_days) {
                    return Err(self.err(
                        "shifts.week.work_days",
                        format!("expected 1 to 7 working days a week, got {}", w.work_days),
                    ));
                }
                let drift = w.start_drift.map_or(0.0, |d| d.secs());
                if drift.fract() != 0.0 || !(0.0..=43200.0).contains(&drift) {
                    return Err(self.err(
                        "shifts.week.start_drift",
                        "expected a drift from 0 to 12h, like 1h",
                    ));
                }
                Some(Week {
                    work_days: w.work_days,
                    days_off: w.days_off.unwrap_or(DaysOff::Consecutive),
                    start_drift_s: drift as u32,
                })
            }
        };
        if let Some(n) = raw.max_starts_per_slot.filter(|n| *n > MAX_AGENTS) {
            return Err(self.err(
                "shifts.max_starts_per_slot",
                format!("expected a number of starts from 1 to {MAX_AGENTS}, got {n}"),
            ));
        }
        if raw.max_starts_per_slot == Some(0) {
            return Err(self.err(
                "shifts.max_starts_per_slot",
                "a cap of 0 starts leaves no shift to plan; give 1 or more, or leave it out",
            ));
        }
        let penalty = raw.shortfall_penalty.unwrap_or(0.0);
        if raw.coverage == Some(Coverage::Soft) && !(penalty.is_finite() && penalty > 0.0) {
            return Err(self.err("shifts.shortfall_penalty", "soft coverage needs a penalty per agent-hour short above 0, like shortfall_penalty: 50"));
        }
        Ok(Shifts {
            templates,
            week,
            max_starts_per_slot: raw.max_starts_per_slot,
            coverage: raw.coverage,
            shortfall_penalty: penalty,
        })
    }

    fn costs(&self, raw: Option<&raw::RawCosts>) -> Result<Costs> {
        let positive = |v: Option<f64>, field: &str, default: f64| -> Result<f64> {
            match v {
                None => Ok(default),
                Some(x) if x.is_finite() && x > 0.0 && x < 1e6 => Ok(x),
                Some(x) => Err(self.err(field, format!("expected a number above 0, got {x}"))),
            }
        };
        let Some(raw) = raw else {
            return Ok(Costs {
                hourly: 1.0,
                night: None,
                weekend_multiplier: 1.0,
                weekend_days: sat_sun(),
                priced: false,
            });
        };
        let night = match &raw.night {
            Some(n) => Some((
                n.window,
                positive(Some(n.multiplier), "costs.night.multiplier", 1.0)?,
            )),
            None => None,
        };
        Ok(Costs {
            hourly: positive(raw.hourly, "costs.hourly", 1.0)?,
            night,
            weekend_multiplier: positive(raw.weekend_multiplier, "costs.weekend_multiplier", 1.0)?,
            weekend_days: raw.weekend_days.unwrap_or_else(sat_sun),
            priced: raw.hourly.is_some(),
        })
    }

    fn rules(&self, raw: Option<&raw::RawRules>, costs: &Costs) -> Result<Rules> {
        let night_default = costs.night.map_or(
            TimeRange {
                start: 22 * 60,
                end: 30 * 60,
            },
            |n| n.0,
        );
        let Some(raw) = raw else {
            return Ok(Rules {
                min_rest_s: 11 * 3600,
                max_consecutive_nights: None,
                max_consecutive_days: 6,
                max_weekly_s: None,
                night_window: night_default,
            });
        };
        let rest = raw.min_rest.map_or(11.0 * 3600.0, |d| d.secs());
        if !(0.0..=86400.0).contains(&rest) || rest.fract() != 0.0 {
            return Err(self.err("rules.min_rest", "expected a rest from 0 to 24h, like 11h"));
        }
        let days = raw.max_consecutive_days.unwrap_or(6);
        if days == 0 {
            return Err(self.err("rules.max_consecutive_days", "expected 1 or more days"));
        }
        if raw.max_consecutive_nights == Some(0) {
            return Err(self.err(
                "rules.max_consecutive_nights",
                "0 would forbid every night shift; give 1 or more, or leave it out",
            ));
        }
        let weekly = match raw.max_weekly_hours {
            None => None,
            Some(d) if d.secs() > 0.0 && d.secs() <= 168.0 * 3600.0 && d.secs().fract() == 0.0 => {
                Some(d.secs() as u32)
            }
            Some(d) => {
                return Err(self.err(
                    "rules.max_weekly_hours",
                    format!("expected hours per week above 0 and at most 168h, like 48h, got {d}"),
                ))
            }
        };
        Ok(Rules {
            min_rest_s: rest as u32,
            max_consecutive_nights: raw.max_consecutive_nights,
            max_consecutive_days: days,
            max_weekly_s: weekly,
            night_window: raw.night_window.unwrap_or(night_default),
        })
    }

    /// Weekly tours that no agent could work under the labour rules: more
    /// days in a row than allowed, or more paid hours than a week allows.
    fn check_tours(
        &self,
        shifts: &Shifts,
        rules: &Rules,
        raw: Option<&raw::RawRules>,
    ) -> Result<()> {
        let Some(week) = &shifts.week else {
            return Ok(());
        };
        let (w, m) = (week.work_days, rules.max_consecutive_days);
        // A week is a cycle of 7 days; working w of them in runs of at most
        // m needs ⌈w/m⌉ runs, each followed by a day off (one run when the
        // days off are consecutive).
        let runs = match week.days_off {
            DaysOff::Consecutive => 1,
            DaysOff::Any => w.div_ceil(m),
        };
        let possible = if w == 7 {
            m >= 7
        } else {
            w <= m * runs && w + runs <= 7
        };
        if !possible {
            let how = match week.days_off {
                _ if w == 7 => "with no day off",
                DaysOff::Consecutive => "with consecutive days off",
                DaysOff::Any => "even with days off spread out",
            };
            let (field, fix) = match raw.and_then(|r| r.max_consecutive_days) {
                Some(_) => (
                    "rules.max_consecutive_days",
                    format!(
                        "allow at least {} days in a row, or fewer working days",
                        if week.days_off == DaysOff::Any && w < 7 {
                            w.div_ceil(7 - w)
                        } else {
                            w
                        }
                    ),
                ),
                None => (
                    "shifts.week.work_days",
                    "rules.max_consecutive_days defaults to 6: set it, or work fewer days"
                        .to_string(),
                ),
            };
            return Err(self.err(
                field,
                format!(
                    "{w} working days a week cannot keep to at most {m} days in a row {how}: {fix}"
                ),
            ));
        }
        if let Some(max) = rules.max_weekly_s {
            let shortest = shifts.templates.iter().map(|t| t.paid_s).min().unwrap_or(0);
            let least = u64::from(w) * u64::from(shortest);
            if least > u64::from(max) {
                return Err(self.err(
                    "rules.max_weekly_hours",
                    format!(
                        "{w} working days of at least {} paid make {}, above the weekly maximum {}: raise max_weekly_hours, shorten a template or work fewer days",
                        crate::units::Duration(f64::from(shortest)),
                        crate::units::Duration(least as f64),
                        crate::units::Duration(f64::from(max)),
                    ),
                ));
            }
        }
        Ok(())
    }

    fn agents(&self, raw: Option<&raw::RawAgents>, pool_ids: &[&str]) -> Result<Agents> {
        let Some(raw) = raw else {
            return Ok(Agents::Auto);
        };
        match (&raw.count, &raw.csv) {
            (Some(_), Some(_)) => Err(self.err("agents", "give either `count` or `csv`, not both")),
            (Some(raw::RawCount::Auto), None) | (None, None) => Ok(Agents::Auto),
            (Some(raw::RawCount::Fixed(n)), None) if *n > MAX_AGENTS => Err(self.err(
                "agents.count",
                format!("expected `auto` or a number of agents from 0 to {MAX_AGENTS} (more than any one site has), got {n}"),
            )),
            (Some(raw::RawCount::Fixed(n)), None) => Ok(Agents::Count(*n)),
            (None, Some(file)) => Ok(Agents::List(csv_input::agents(
                &self.resolve(file, "agents.csv")?,
                pool_ids,
            )?)),
        }
    }
}

fn sat_sun() -> DaySet {
    DaySet::default().with(Weekday::Sat).with(Weekday::Sun)
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Lower-case name of a channel.
pub fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::Voice => "voice",
        Channel::Chat => "chat",
        Channel::Email => "email",
    }
}

#[cfg(test)]
mod tests;
