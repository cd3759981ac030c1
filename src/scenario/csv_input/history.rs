//! Interval history for `forecast` and a queue's `forecast: {history: ...}`:
//! `start,volume[,aht_s][,queue]` at any granularity of whole 5 minutes
//! (detected), client-local or with an offset (read by
//! [`super::parse_instant`], so DST gaps and repeats are handled as in a
//! forecast CSV), turned into a [`Series`] per queue at the forecast
//! interval; and the holidays CSV `date,name,effect`.
//!
//! A local day with no row at all is no data (`None`); inside a day with
//! rows, an interval without a row is 0 (exports leave out empty
//! intervals). Rows longer than the interval are split evenly over it; rows
//! shorter are added up. On the day clocks go back, the repeated hour's two
//! rows add up in their local interval.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, LocalResult, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use super::{handle_time, volume, Table};
use crate::error::{InputError, Location};
use crate::forecast::special::{Effect, Holidays};
use crate::forecast::Series;

/// One queue's history at the forecast interval.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The file.
    pub file: PathBuf,
    /// The queue (`None` when the file has no `queue` column).
    pub queue: Option<String>,
    /// Volumes per local day and interval.
    pub volume: Series,
    /// Handle seconds (volume × AHT) per day and interval, when the file
    /// has an `aht_s` column.
    pub work: Option<Series>,
    /// The rows' length, seconds (detected).
    pub granularity_s: i64,
    /// The start of the first row.
    pub start: DateTime<Utc>,
    /// The end of the last row: a forecast may start at the next local day.
    pub end: DateTime<Utc>,
    /// Volume (also counted in `volume`) that came in the later reading of
    /// a local interval the clocks repeat (01:00 GMT after 01:00 BST on the
    /// day London goes back), per local date and interval: what an intraday
    /// update needs to keep the two readings apart.
    pub later: BTreeMap<(NaiveDate, usize), f64>,
    /// Stretches between rows with no row (from the end of one row to the
    /// start of the next), in time order: counted as no contacts.
    pub missing: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// Calendar days a history must cover.
pub const MIN_HISTORY_DAYS: usize = 14;

impl History {
    /// The history covers at least [`MIN_HISTORY_DAYS`] days.
    pub fn check_span(&self) -> Result<(), InputError> {
        let n = self.volume.days.len();
        if n < MIN_HISTORY_DAYS {
            return Err(InputError::new(
                Location::file(&self.file),
                self.queue.as_ref().map_or(String::new(), |q| format!("queue {q}")),
                format!(
                    "the history covers {n} day{} ({} to {}); a forecast needs at least {MIN_HISTORY_DAYS} days (two weeks) to see the weekly pattern",
                    if n == 1 { "" } else { "s" },
                    self.volume.first,
                    self.volume.date(n.saturating_sub(1))
                ),
            ));
        }
        Ok(())
    }
}

struct Row {
    line: u64,
    start: DateTime<Utc>,
    volume: f64,
    aht_s: Option<f64>,
}

/// Read a history CSV for a forecast at `interval_s` (which divides a
/// day) in `tz`: one [`History`] per queue, in the order of their names.
pub fn history(path: &Path, tz: Tz, interval_s: i64) -> Result<Vec<History>, InputError> {
    let optional = ["aht_s", "queue"];
    let table = Table::read(
        path,
        &["start", "volume"],
        &optional,
        crate::scenario::MAX_CSV_ROWS,
    )?;
    let mut queues: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let has_queue = table.has("queue");
    let has_aht = table.has("aht_s");
    for (line, record) in &table.rows {
        let line = *line;
        let start = table.start(line, record, tz)?;
        let volume = volume(&table, line, record)?;
        let aht_s = handle_time(&table, line, record, "aht_s")?;
        if has_aht && aht_s.is_none() && volume > 0.0 {
            return Err(table.err(
                line,
                "aht_s",
                "the handle time is empty; give it on every row with contacts",
            ));
        }
        let queue = table.get(record, "queue").unwrap_or_default().to_string();
        if has_queue && queue.is_empty() {
            return Err(table.err(
                line,
                "queue",
                "the queue is empty; name the queue on every row",
            ));
        }
        queues.entry(queue).or_default().push(Row {
            line,
            start,
            volume,
            aht_s,
        });
    }
    queues
        .into_iter()
        .map(|(queue, rows)| {
            let granularity_s = granularity(&table, &rows, tz, interval_s)?;
            let (volume, work) = series(&rows, tz, interval_s, granularity_s, has_aht);
            let later = later_readings(&rows, tz, interval_s, granularity_s);
            let start = rows.first().map_or(DateTime::<Utc>::MIN_UTC, |r| r.start);
            let end = rows.last().map_or(DateTime::<Utc>::MIN_UTC, |r| r.start)
                + chrono::Duration::seconds(granularity_s);
            let length = chrono::Duration::seconds(granularity_s);
            let missing = (rows.windows(2))
                .filter(|w| w[1].start > w[0].start + length)
                .map(|w| (w[0].start + length, w[1].start))
                .collect();
            Ok(History {
                file: path.to_path_buf(),
                queue: has_queue.then_some(queue),
                volume,
                work,
                later,
                granularity_s,
                start,
                end,
                missing,
            })
        })
        .collect()
}

/// The rows are in time order with no start twice; their length is the
/// smallest gap, a whole number of 5 minutes that divides the interval or
/// that the interval divides, and every start is on that grid.
fn granularity(table: &Table, rows: &[Row], tz: Tz, interval_s: i64) -> Result<i64, InputError> {
    let show = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M%:z").to_string();
    for w in rows.windows(2) {
        if w[1].start == w[0].start {
            return Err(table.err(
                w[1].line,
                "start",
                format!(
                    "the same start as line {} ({}); give each interval once",
                    w[0].line,
                    show(w[0].start)
                ),
            ));
        }
        if w[1].start < w[0].start {
            return Err(table.err(
                w[1].line,
                "start",
                format!(
                    "{} is before line {} ({}); sort the history by start",
                    show(w[1].start),
                    w[0].line,
                    show(w[0].start)
                ),
            ));
        }
    }
    // The smallest gap, and the rows that make it (the first such pair).
    let closest = rows
        .windows(2)
        .min_by_key(|w| (w[1].start - w[0].start).num_seconds());
    let gap = closest.map_or(interval_s, |w| (w[1].start - w[0].start).num_seconds());
    let fits = gap % 300 == 0 && (interval_s % gap == 0 || gap % interval_s == 0) && gap <= 3600;
    if let (false, Some(w)) = (fits, closest) {
        return Err(table.err(
            w[1].line,
            "start",
            format!(
                "lines {} and {} ({} and {}) are {} min apart, which fits no history grid: rows are 5, 15, 30 or 60 minutes apart, and the forecast interval ({} min, --interval) a multiple or a divisor of that",
                w[0].line,
                w[1].line,
                show(w[0].start),
                show(w[1].start),
                gap as f64 / 60.0,
                interval_s / 60
            ),
        ));
    }
    for r in rows {
        let local = r.start.with_timezone(&tz);
        let minute = i64::from(local.hour() * 60 + local.minute());
        if (minute * 60) % gap != 0 || local.second() != 0 {
            return Err(table.err(
                r.line,
                "start",
                format!(
                    "{} is not on the history's {}-minute grid",
                    show(r.start),
                    gap / 60
                ),
            ));
        }
    }
    Ok(gap)
}

/// The rows as volumes (and handle seconds) per local day and interval.
fn series(rows: &[Row], tz: Tz, interval_s: i64, gran: i64, aht: bool) -> (Series, Option<Series>) {
    let slots = (86_400 / interval_s) as usize;
    let date = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    let first = rows.first().map_or(NaiveDate::MIN, |r| date(r.start));
    let last = rows.last().map_or(NaiveDate::MIN, |r| date(r.start));
    let n = usize::try_from((last - first).num_days() + 1).unwrap_or(0);
    let mut volume: Vec<Option<Vec<f64>>> = vec![None; n];
    let mut work: Vec<Option<Vec<f64>>> = vec![None; n];
    let parts = (gran / interval_s).max(1);
    for r in rows {
        let local = r.start.with_timezone(&tz);
        let i = (local.date_naive() - first).num_days() as usize;
        let minute = i64::from(local.hour() * 60 + local.minute());
        let v = volume[i].get_or_insert_with(|| vec![0.0; slots]);
        let w = work[i].get_or_insert_with(|| vec![0.0; slots]);
        for k in 0..parts {
            let slot = ((minute * 60 / interval_s + k) as usize).min(slots - 1);
            let share = r.volume / parts as f64;
            v[slot] += share;
            w[slot] += share * r.aht_s.unwrap_or(0.0);
        }
    }
    let make = |days| Series { first, slots, days };
    (make(volume), aht.then(|| make(work)))
}

/// The volume of rows read at the later of two instants of a local time
/// the clocks repeat, by local date and interval, where the interval's own
/// start is repeated too (a 30-minute repeat inside a 60-minute interval,
/// as on Lord Howe Island, stays summed in the interval).
fn later_readings(
    rows: &[Row],
    tz: Tz,
    interval_s: i64,
    gran: i64,
) -> BTreeMap<(NaiveDate, usize), f64> {
    let mut out = BTreeMap::new();
    let parts = (gran / interval_s).max(1);
    for r in rows {
        let local = r.start.with_timezone(&tz);
        let naive = local.naive_local();
        let later = matches!(tz.from_local_datetime(&naive), LocalResult::Ambiguous(_, b) if b.with_timezone(&Utc) == r.start);
        if !later {
            continue;
        }
        let minute = i64::from(local.hour() * 60 + local.minute());
        let slots = 86_400 / interval_s;
        for k in 0..parts {
            let slot = (minute * 60 / interval_s + k).min(slots - 1) as usize;
            let date = local.date_naive();
            if crate::forecast::horizon::instants(tz, date, slot, interval_s).len() == 2 {
                *out.entry((date, slot)).or_insert(0.0) += r.volume / parts as f64;
            }
        }
    }
    out
}

/// Read a holidays CSV: `date,name,effect`, effect `closed`, `normal` or a
/// multiplier above 0 like `1.3`; each date once.
pub fn holidays(path: &Path) -> Result<Holidays, InputError> {
    let table = Table::read(
        path,
        &["date", "effect"],
        &["name"],
        crate::scenario::MAX_CSV_ROWS,
    )?;
    let mut out = Holidays::new();
    let mut lines: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for (line, record) in &table.rows {
        let line = *line;
        let text = table.get(record, "date").unwrap_or_default();
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            table.err(
                line,
                "date",
                format!("expected a date like 2026-12-25, got `{text}`"),
            )
        })?;
        let e = table.get(record, "effect").unwrap_or_default();
        let effect = match e.to_ascii_lowercase().as_str() {
            "closed" => Effect::Closed,
            "normal" => Effect::Normal,
            other => match other.parse::<f64>() {
                Ok(m) if m.is_finite() && m > 0.0 && m <= 100.0 => Effect::Multiplier(m),
                _ => {
                    return Err(table.err(
                        line,
                        "effect",
                        format!(
                            "expected closed, normal or a multiplier above 0 and at most 100, like 1.3, got `{e}`"
                        ),
                    ))
                }
            },
        };
        if let Some(other) = lines.insert(date, line) {
            return Err(table.err(
                line,
                "date",
                format!("{date} is also on line {other}; give each date once"),
            ));
        }
        out.insert(date, effect);
    }
    Ok(out)
}
