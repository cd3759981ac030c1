//! CSV inputs next to a scenario: forecasts (client time), direct
//! requirements (site time) and staff lists. A bad line is an error naming
//! the file, line and column and what would be valid.

mod history;
mod table;

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::{CsvForecast, Site};
use crate::error::{did_you_mean, InputError, Location};
use crate::timegrid::local::Unresolved;
use crate::units::{DaySet, TimeOfDay};
pub use history::{history, holidays, History, MIN_HISTORY_DAYS};
use table::Table;

/// One forecast line.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    /// Line in the file (1-based, header is line 1).
    pub line: u64,
    /// Start, as a UTC instant.
    pub start: DateTime<Utc>,
    /// Contacts in the row's interval.
    pub volume: f64,
    /// Handle time for this interval, seconds (else the queue's).
    pub aht_s: Option<f64>,
}

/// One line of a requirement given directly.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementRow {
    /// Line in the file.
    pub line: u64,
    /// Start, as a UTC instant.
    pub start: DateTime<Utc>,
    /// Agents needed on the floor.
    pub agents: f64,
}

/// One named agent.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// Line in the file.
    pub line: u64,
    /// Staff id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Index of the agent's pool.
    pub pool: usize,
    /// Contracted hours per week.
    pub contract_hours: Option<f64>,
    /// May work nights.
    pub nights_ok: bool,
    /// Preferred days off.
    pub days_off_preference: Option<DaySet>,
    /// Earliest shift start, site time.
    pub earliest_start: Option<TimeOfDay>,
    /// Latest shift end, site time.
    pub latest_end: Option<TimeOfDay>,
}

/// Parse a local date-time (`2026-03-02 09:00`, optional seconds, `T` allowed)
/// in `tz`, or an instant with an explicit offset (`2026-11-01 01:30-04:00`,
/// `...Z`). A local time that does not exist (clocks go forward) or happens
/// twice (clocks go back) is an error unless it carries an offset.
pub(crate) fn parse_instant(text: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    for fmt in [
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%dT%H:%M:%S%:z",
        "%Y-%m-%d %H:%M %:z",
    ] {
        if let Ok(dt) = DateTime::<FixedOffset>::parse_from_str(t, fmt) {
            return Ok(dt.with_timezone(&Utc));
        }
    }
    if let Some(naive) = t.strip_suffix('Z').and_then(parse_naive) {
        return Ok(naive.and_utc());
    }
    let naive = parse_naive(t).ok_or_else(|| {
        format!("expected a date and time like 2026-03-02 09:00 (local) or 2026-03-02 09:00+05:00, got `{text}`")
    })?;
    crate::timegrid::local::resolve(tz, naive, None).map_err(|e| match &e {
        Unresolved::Twice { readings, .. } => format!(
            "{e}; add the offset, {} or {}",
            readings[0].format("%Y-%m-%d %H:%M%:z"),
            readings[1].format("%Y-%m-%d %H:%M%:z")
        ),
        _ => format!("{e}; remove the line or give the time with an offset"),
    })
}

fn parse_naive(t: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
}

/// Read a forecast CSV (`start,volume[,aht_s,p10,p90,queue]`, client time,
/// as `staffplan forecast` writes it). The row length is `granularity_s`
/// or, when not given, the smallest gap between rows. With a `queue`
/// column, the rows of one queue ([`pick_queue`]).
pub(crate) fn forecast(
    path: &Path,
    tz: Tz,
    granularity_s: Option<i64>,
    queue: Pick<'_>,
) -> Result<CsvForecast, InputError> {
    let table = Table::read(
        path,
        &["start", "volume"],
        &["aht_s", "p10", "p90", "queue"],
        super::MAX_CSV_ROWS,
    )?;
    let chosen = pick_queue(&table, path, queue)?;
    let mut rows = Vec::new();
    for (line, record) in &table.rows {
        if chosen.is_some() && table.get(record, "queue") != chosen.as_deref() {
            continue;
        }
        rows.push(forecast_row(&table, *line, record, tz)?);
    }
    rows.sort_by_key(|r| (r.start, r.line));
    if let Some(w) = rows.windows(2).find(|w| w[0].start == w[1].start) {
        return Err(table.err(
            w[1].line,
            "start",
            format!(
                "the same start as line {} ({}); give each interval once",
                w[0].line,
                w[0].start.with_timezone(&tz).format("%Y-%m-%d %H:%M%:z")
            ),
        ));
    }
    let granularity_s = match granularity_s {
        Some(g) => g,
        None => row_length(&rows, path)?,
    };
    if let Some(w) = rows
        .windows(2)
        .find(|w| (w[1].start - w[0].start).num_seconds() < granularity_s)
    {
        return Err(table.err(
            w[1].line,
            "start",
            format!(
                "starts less than one interval ({} min) after line {}",
                granularity_s / 60,
                w[0].line
            ),
        ));
    }
    Ok(CsvForecast {
        file: path.to_path_buf(),
        rows,
        granularity_s,
        scale: 1.0,
        method: None,
    })
}

/// Which queue's rows to read from a forecast CSV with a `queue` column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pick<'a> {
    /// The queue asked for (`forecast: {csv: FILE, queue: ID}`).
    pub asked: Option<&'a str>,
    /// The scenario queue's own id.
    pub own: &'a str,
}

/// The queue whose rows a forecast CSV gives: none without a `queue`
/// column (then none may be asked for); else the one asked for, or the
/// scenario queue's own id when the file holds it, or the file's only
/// queue. Several queues and no way to choose, an empty queue cell, or a
/// queue asked for that the file does not hold: exit 2 naming the file's
/// queues.
fn pick_queue(table: &Table, path: &Path, pick: Pick<'_>) -> Result<Option<String>, InputError> {
    if !table.has("queue") {
        return match pick.asked {
            None => Ok(None),
            Some(q) => Err(InputError::new(
                Location::file(path),
                "queue",
                format!("the file has no `queue` column, so it is one queue's forecast; leave `queue: {q}` out"),
            )),
        };
    }
    let mut names: Vec<&str> = Vec::new();
    for (line, record) in &table.rows {
        match table.get(record, "queue").unwrap_or_default() {
            "" => {
                return Err(table.err(
                    *line,
                    "queue",
                    "the queue is empty; name the queue on every row",
                ))
            }
            q if !names.contains(&q) => names.push(q),
            _ => {}
        }
    }
    let why = match pick.asked {
        Some(q) if names.contains(&q) => return Ok(Some(q.to_string())),
        Some(q) => format!("no queue `{q}` in the file"),
        None if names.contains(&pick.own) => return Ok(Some(pick.own.to_string())),
        None if names.len() == 1 => return Ok(names.first().map(|q| q.to_string())),
        None => format!(
            "no queue `{}` in the file: name the one to read with `forecast: {{csv: FILE, queue: ID}}`",
            pick.own
        ),
    };
    Err(InputError::new(
        Location::file(path),
        "queue",
        format!("{why}; the file's queues are {}", names.join(", ")),
    ))
}

/// One forecast row: a start, a volume and perhaps a handle time.
fn forecast_row(
    table: &Table,
    line: u64,
    record: &csv::StringRecord,
    tz: Tz,
) -> Result<ForecastRow, InputError> {
    let start = table.start(line, record, tz)?;
    let volume = volume(table, line, record)?;
    let aht_s = handle_time(table, line, record, "aht_s")?;
    Ok(ForecastRow {
        line,
        start,
        volume,
        aht_s,
    })
}

/// A row's `volume`: given, 0 or more, and not beyond any contact centre.
fn volume(table: &Table, line: u64, record: &csv::StringRecord) -> Result<f64, InputError> {
    let volume = table
        .number(line, record, "volume", "a number of contacts, 0 or more")?
        .ok_or_else(|| {
            table.err(
                line,
                "volume",
                "the volume is empty; write 0 for no contacts",
            )
        })?;
    if volume > 1e7 {
        return Err(table.err(
            line,
            "volume",
            format!(
                "{volume} contacts in one interval is beyond any contact centre; check the units"
            ),
        ));
    }
    Ok(volume)
}

/// A row's handle time in seconds from `column`, when given.
fn handle_time(
    table: &Table,
    line: u64,
    record: &csv::StringRecord,
    column: &str,
) -> Result<Option<f64>, InputError> {
    let aht_s = table.number(line, record, column, "a handle time in seconds above 0")?;
    if let Some(a) = aht_s {
        crate::units::check_handle_time(a).map_err(|m| table.err(line, column, m))?;
    }
    if let Some(a) = aht_s.filter(|a| !(*a > 0.0 && *a <= 86400.0)) {
        return Err(table.err(
            line,
            column,
            format!("expected a handle time in seconds above 0 and at most 86400 (24h), got {a}"),
        ));
    }
    Ok(aht_s)
}

/// The length of a forecast row when the scenario does not say: the
/// smallest gap between starts, a whole number of 5 minutes.
fn row_length(rows: &[ForecastRow], path: &Path) -> Result<i64, InputError> {
    let gap = rows
        .windows(2)
        .map(|w| (w[1].start - w[0].start).num_seconds())
        .min()
        .ok_or_else(|| {
            InputError::new(
                Location::file(path),
                "",
                "one row cannot tell its interval length: add `interval: 30m` to the forecast",
            )
        })?;
    if gap % 300 != 0 {
        return Err(InputError::new(
            Location::file(path),
            "start",
            format!("rows are {gap} s apart; starts must be a whole number of 5 minutes apart"),
        ));
    }
    Ok(gap)
}

/// Read a requirement CSV (`start,agents`, site time).
pub(crate) fn requirement(path: &Path, site: &Site) -> Result<Vec<RequirementRow>, InputError> {
    let table = Table::read(path, &["start", "agents"], &[], super::MAX_CSV_ROWS)?;
    let mut rows = Vec::new();
    for (line, record) in &table.rows {
        let start = table.start(*line, record, site.timezone)?;
        let agents = table
            .number(*line, record, "agents", "a number of agents, 0 or more")?
            .ok_or_else(|| table.err(*line, "agents", "the number of agents is empty; write 0"))?;
        if agents > f64::from(super::MAX_AGENTS) {
            return Err(table.err(
                *line,
                "agents",
                format!(
                    "expected a number of agents from 0 to {}, got `{}`",
                    super::MAX_AGENTS,
                    table.get(record, "agents").unwrap_or_default()
                ),
            ));
        }
        rows.push(RequirementRow {
            line: *line,
            start,
            agents,
        });
    }
    rows.sort_by_key(|r| (r.start, r.line));
    if let Some(w) = rows.windows(2).find(|w| w[0].start == w[1].start) {
        return Err(table.err(
            w[1].line,
            "start",
            format!(
                "the same start as line {}; give each interval once",
                w[0].line
            ),
        ));
    }
    Ok(rows)
}

/// Read a staff list (`id,name,pool` and optional columns).
pub(crate) fn agents(path: &Path, pool_ids: &[&str]) -> Result<Vec<Agent>, InputError> {
    let optional = [
        "contract_hours",
        "nights_ok",
        "days_off_preference",
        "earliest_start",
        "latest_end",
    ];
    let max = super::MAX_AGENTS as usize;
    let table = Table::read(path, &["id", "name", "pool"], &optional, max)?;
    let mut agents: Vec<Agent> = Vec::new();
    let mut lines_of = std::collections::HashMap::new();
    for (line, record) in &table.rows {
        let line = *line;
        let text = |c: &str| table.get(record, c);
        let id = text("id")
            .ok_or_else(|| table.err(line, "id", "the id is empty"))?
            .to_string();
        check_name_lengths(&table, line, record)?;
        if let Some(other) = lines_of.insert(id.clone(), line) {
            return Err(table.err(
                line,
                "id",
                format!(
                    "agent id `{id}` is also on line {other}; give each agent an id of their own"
                ),
            ));
        }
        let pool_id = text("pool").ok_or_else(|| table.err(line, "pool", "the pool is empty"))?;
        let pool = pool_ids.iter().position(|p| *p == pool_id).ok_or_else(|| {
            table.err(
                line,
                "pool",
                format!(
                    "no pool `{pool_id}`{}; pools: {}",
                    did_you_mean(pool_id, pool_ids.iter().copied()),
                    pool_ids.join(", ")
                ),
            )
        })?;
        let contract_hours = contract_hours(&table, line, record)?;
        let nights_ok = nights_ok(&table, line, text("nights_ok"))?;
        let days_off_preference = text("days_off_preference")
            .map(|t| {
                t.parse::<DaySet>()
                    .map_err(|m| table.err(line, "days_off_preference", m))
            })
            .transpose()?;
        let time = |c: &str| {
            text(c)
                .map(|t| t.parse::<TimeOfDay>().map_err(|m| table.err(line, c, m)))
                .transpose()
        };
        agents.push(Agent {
            line,
            id,
            name: text("name").unwrap_or_default().to_string(),
            pool,
            contract_hours,
            nights_ok,
            days_off_preference,
            earliest_start: time("earliest_start")?,
            latest_end: time("latest_end")?,
        });
    }
    Ok(agents)
}

/// The id and name are not longer than [`super::MAX_NAME_CHARS`].
fn check_name_lengths(
    table: &Table,
    line: u64,
    record: &csv::StringRecord,
) -> Result<(), InputError> {
    for column in ["id", "name"] {
        let n = table.get(record, column).map_or(0, |t| t.chars().count());
        if n > super::MAX_NAME_CHARS {
            return Err(table.err(
                line,
                column,
                format!(
                    "the {column} is {n} characters long; at most {} are allowed",
                    super::MAX_NAME_CHARS
                ),
            ));
        }
    }
    Ok(())
}

/// Weekly contract hours, when given: above 0 and at most 168.
fn contract_hours(
    table: &Table,
    line: u64,
    record: &csv::StringRecord,
) -> Result<Option<f64>, InputError> {
    let contract_hours = table.number(line, record, "contract_hours", "weekly hours, like 40")?;
    if contract_hours.is_some_and(|h| h <= 0.0 || h > 168.0) {
        return Err(table.err(
            line,
            "contract_hours",
            format!(
                "weekly hours must be above 0 and at most 168, got `{}`",
                table.get(record, "contract_hours").unwrap_or_default()
            ),
        ));
    }
    Ok(contract_hours)
}

/// May the agent work nights: yes when not given.
fn nights_ok(table: &Table, line: u64, text: Option<&str>) -> Result<bool, InputError> {
    match text.map(str::to_ascii_lowercase).as_deref() {
        None | Some("yes" | "true" | "1" | "y") => Ok(true),
        Some("no" | "false" | "0" | "n") => Ok(false),
        Some(other) => Err(table.err(
            line,
            "nights_ok",
            format!("expected yes or no, got `{other}`"),
        )),
    }
}

#[cfg(test)]
mod tests;
