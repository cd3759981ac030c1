//! The validated model: the types the rest of the program trusts, made
//! only by the validator ([`super::Scenario::load`]) from the raw YAML.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime, Timelike, Weekday};
use chrono_tz::Tz;

mod sites;
pub use sites::{AutoShare, Holiday, Part, SiteOf};

use super::{Agent, Channel, Coverage, DaysOff, ForecastRow, Pooling, RequirementRow, Routing};
use crate::error::Location;
use crate::units::{DaySet, Over, ServiceLevel, TimeRange};
use crate::yaml::Override;

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
    /// The staff CSV as `agents.csv` names it (for messages), if any.
    pub staff_file: Option<String>,
    /// Named what-if variants.
    pub what_if: Vec<WhatIf>,
    /// Months ahead: demand, people flow and hiring rules (`staffplan capacity`).
    pub capacity: Option<super::capacity::Capacity>,
    /// How the simulation routes a new contact among free agents of
    /// several groups (`priority` by default).
    pub routing: Routing,
    /// The sites of `sites:` (empty: one implicit site, as before).
    pub sites: Vec<SiteOf>,
    /// Trunk groups (phone lines) of the simulation: a queue's own
    /// `trunks: N` and the shared groups of `trunks:` (empty: no limit).
    pub trunks: Vec<Trunk>,
}

/// A trunk group: `lines` phone lines shared by the contacts of `queues`
/// (simulation only). A contact holds a line from arrival while it waits
/// and while it is served; one arriving when every line is taken is
/// blocked (a busy signal), as ContactCenters' `TrunkGroup`.
#[derive(Debug, Clone, PartialEq)]
pub struct Trunk {
    /// Lines (at least 1).
    pub lines: u32,
    /// Queue indices, ascending (a queue is on at most one group).
    pub queues: Vec<usize>,
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
    /// The implicit site's public holidays (without `sites:`), by date.
    pub holidays: Vec<Holiday>,
}

impl Site {
    /// Whether its people's schedules repeat: a cyclic horizon of whole
    /// weeks (a rotation). A shorter or odd cyclic horizon (one day, ten
    /// days) repeats its demand but not its people: the labour rules are
    /// then counted inside the horizon only.
    pub fn repeats(&self) -> bool {
        self.cyclic && self.days % 7 == 0
    }

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
    /// Further queues (indices into [`Scenario::queues`]) whose contacts
    /// this pool's agents also take, in routing priority after the pool's
    /// own queues; empty for a single-skill pool.
    pub serves: Vec<usize>,
    /// Index into [`Scenario::sites`]; `None` without `sites:`.
    pub site: Option<usize>,
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
    /// The window the target is measured over (`Interval` for the scalar form).
    pub sl_over: Over,
    /// The service level no interval may fall below when the target is
    /// measured over a longer window.
    pub sl_floor: Option<ServiceLevel>,
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
    /// Callers who hang up and call again (simulation only).
    pub redial: Option<Redial>,
    /// The law of simulated handle times (the staffing formulas assume
    /// exponential).
    pub handle: Handle,
    /// The split queue this is a part of, when `split:` put it over sites.
    pub part: Option<Part>,
    /// Where the queue is written, for problems found after validation
    /// (a load no staffing can serve).
    pub location: Location,
}

/// Callers who hang up try again: each abandon calls back with
/// probability `share`, `after_s` seconds after hanging up, with the same
/// handle time and patience (the ContactCenters Bilingual example's rule).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Redial {
    /// Probability that an abandon calls back.
    pub share: f64,
    /// Delay between hanging up and calling back, seconds.
    pub after_s: f64,
    /// Most calls one caller makes, the first included (bounds the work).
    pub attempts: u32,
}

/// The law of simulated handle times, with mean the interval's AHT.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Handle {
    /// Exponential (the Erlang assumption).
    #[default]
    Exponential,
    /// Uniform on AHT × [1 − spread, 1 + spread], spread in [0, 1].
    Uniform(f64),
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
    /// Whether `daily_shares` were left out, so the shares follow the
    /// queue's opening hours.
    pub shares_by_hours: bool,
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
    /// Made from history (`forecast: {history: ...}`): the method and its
    /// backtest, in words (`holt-winters, backtest WAPE 12.8 %`).
    pub method: Option<String>,
}

/// Shift templates and the caps on them.
#[derive(Debug, Clone, Default)]
pub struct Shifts {
    /// Templates.
    pub templates: Vec<Template>,
    /// Cap on shifts starting at the same site time (transport seats).
    pub max_starts_per_slot: Option<u32>,
    /// Cap on shifts ending at the same site time (the drop-off trip).
    pub max_ends_per_slot: Option<u32>,
    /// Hard or soft coverage.
    pub coverage: Option<Coverage>,
    /// Penalty per agent-hour short under soft coverage.
    pub shortfall_penalty: f64,
}

impl Shifts {
    /// Whether agents work weekly tours (every template then has a week).
    pub fn weekly(&self) -> bool {
        self.templates.iter().any(|t| t.week.is_some())
    }

    /// The template whose tours a shift of template `t` belongs to: the
    /// full template of a short day, else `t` itself.
    pub fn tour_template(&self, t: usize) -> usize {
        self.templates
            .get(t)
            .and_then(|tm| tm.short_of)
            .unwrap_or(t)
    }

    /// The working week every template shares, if they share one.
    pub fn common_week(&self) -> Option<&Week> {
        let first = self.templates.first()?.week.as_ref()?;
        self.templates
            .iter()
            .all(|t| t.week.as_ref() == Some(first))
            .then_some(first)
    }
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
    /// Its agents' working week (its own `week`, else `shifts.week`); `None`
    /// when the plan is of daily shifts (then no template has one).
    pub week: Option<Week>,
    /// Least share of each pool's agents in each week on this template's
    /// tours (weekly tours only).
    pub min_share: Option<f64>,
    /// Most share of each pool's agents in each week on this template's tours.
    pub max_share: Option<f64>,
    /// For the short day of a template's week (`week.short_day`): that
    /// template's index. Such a template is worked only inside its
    /// parent's tours, never as a tour of its own.
    pub short_of: Option<usize>,
}

impl Template {
    /// Whether it bounds its share of a pool's head count.
    pub fn has_share(&self) -> bool {
        self.min_share.is_some() || self.max_share.is_some()
    }
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
    /// A short day every tour works (one of its `work_days`), if any.
    pub short_day: Option<ShortDay>,
}

impl Week {
    /// Its working days in words, `5 days a week` (`days` the word for
    /// them), with the short day when there is one: `6 days a week, sat short`.
    pub fn days_text(&self, days: &str) -> String {
        let short = self.short_day.map_or(String::new(), |s| {
            format!(", {} short", crate::units::weekday_name(s.day))
        });
        format!("{} {days} a week{short}", self.work_days)
    }
}

/// The short day of a working week (a half-day Saturday): a day every tour
/// works, at the tour's start, as a shift of its own template.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShortDay {
    /// The site-local weekday.
    pub day: Weekday,
    /// Index of the short shift's template (`short_of` the full one).
    pub template: usize,
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

impl Rules {
    /// Whether working the days flagged in `on` (one per day of the
    /// horizon) makes a run longer than `max_consecutive_days`; over the
    /// wrap when the schedule `repeats` ([`Site::repeats`]).
    pub fn too_many_days(&self, on: &[bool], repeats: bool) -> bool {
        longest_run(on, repeats) > self.max_consecutive_days as usize
    }

    /// Whether working nights on the days flagged in `nights` makes a run
    /// longer than `max_consecutive_nights`; over the wrap when the
    /// schedule `repeats`. The one definition the shift plan's tours and
    /// the roster share (a night is [`crate::shifts::is_night`]).
    ///
    /// ```
    /// use staffplan::{scenario::Rules, units::TimeRange};
    /// let rules = Rules {
    ///     min_rest_s: 11 * 3600,
    ///     max_consecutive_nights: Some(2),
    ///     max_consecutive_days: 6,
    ///     max_weekly_s: None,
    ///     night_window: TimeRange { start: 22 * 60, end: 30 * 60 },
    /// };
    /// let week = [true, true, false, false, false, false, true];
    /// assert!(!rules.too_many_nights(&week, false)); // runs of 2 and 1
    /// assert!(rules.too_many_nights(&week, true)); // Sun, Mon, Tue
    /// ```
    pub fn too_many_nights(&self, nights: &[bool], repeats: bool) -> bool {
        self.max_consecutive_nights
            .is_some_and(|max| longest_run(nights, repeats) > max as usize)
    }
}

/// Longest run of `true`; over the wrap when `cyclic` (all true: unbounded).
///
/// ```
/// use staffplan::scenario::longest_run;
/// assert_eq!(longest_run(&[true, false, true, true], false), 2);
/// assert_eq!(longest_run(&[true, false, true, true], true), 3);
/// ```
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

impl Scenario {
    /// Cost per paid hour of pool `p`'s agents: its site's rate, else `costs.hourly`.
    pub fn hourly(&self, p: usize) -> f64 {
        self.site_of(p).map_or(self.costs.hourly, |s| s.hourly)
    }

    /// Pool `p`'s site, when the scenario has `sites:`.
    pub fn site_of(&self, p: usize) -> Option<&SiteOf> {
        self.pools.get(p)?.site.map(|s| &self.sites[s])
    }

    /// The id of pool `p`'s site, or empty without `sites:`.
    pub fn site_id(&self, p: usize) -> &str {
        self.site_of(p).map_or("", |s| s.id.as_str())
    }

    /// The pool's queues, by index.
    pub fn queues_of(&self, pool: usize) -> impl Iterator<Item = (usize, &Queue)> {
        self.queues
            .iter()
            .enumerate()
            .filter(move |(_, q)| q.pool == pool)
    }
}

/// Lower-case name of a channel.
pub fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::Voice => "voice",
        Channel::Chat => "chat",
        Channel::Email => "email",
    }
}
