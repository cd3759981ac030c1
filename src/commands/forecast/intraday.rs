//! `--actuals FILE --at HH:MM`: the rest of the day re-forecast from the
//! morning's actual / forecast ratio, shrunk toward 1
//! ([`crate::forecast::interval::shrunk_ratio`]).

use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::render::stamp;
use crate::cli::ForecastArgs;
use crate::error::{InputError, Location, UsageError};
use crate::forecast::horizon::{instants, Output};
use crate::forecast::interval::{band, day_spread, shrunk_ratio};
use crate::scenario::History;
use crate::timegrid::local::{self, Unresolved};
use crate::units::{LocalClock, TimeOfDay};

/// Update the (one-day) forecast `out` of `h` with the actuals in `file`
/// before `at`: those intervals become the actuals, the later ones are
/// scaled by the shrunk ratio. Everything is by instant: where the clocks
/// go back, the repeated local hour's two readings keep their own actuals
/// (the later one's are in [`History::later`]) and `at` may name either.
pub fn update(
    out: &mut Output,
    h: &History,
    file: &Path,
    a: &ForecastArgs,
    at: LocalClock,
) -> Result<()> {
    let interval_s = a.interval.secs() as i64;
    let tz = a.timezone;
    let Some(date) = out.days.first().map(|d| d.date) else {
        return Ok(());
    };
    let at_t = resolve_at(tz, date, at, interval_s)?;
    let (mine, today) = read_today(file, h, tz, date, interval_s)?;
    let mine = &mine;
    let Some(day) = out.days.first_mut() else {
        return Ok(());
    };
    let readings = day_readings(tz, date, day.volume.len(), interval_s);
    let before: Vec<(usize, bool, DateTime<Utc>)> =
        readings.iter().copied().filter(|r| r.2 < at_t).collect();
    if before.is_empty() {
        return Err(UsageError(format!(
            "--at {at}: no interval of the day ends by then; give the time the actuals run to, like --at 12:00"
        ))
        .into());
    }
    check_reach(mine, file, tz, at_t)?;
    let expected: Vec<(DateTime<Utc>, f64)> =
        before.iter().map(|r| (r.2, day.volume[r.0])).collect();
    check_start(mine, file, tz, &expected)?;
    check_gaps(mine, file, tz, at_t)?;
    let actual_of = |slot: usize, later: bool| {
        let l = mine.later.get(&(date, slot)).copied().unwrap_or(0.0);
        if later {
            l
        } else {
            today.get(slot).copied().unwrap_or(0.0) - l
        }
    };
    let forecast: f64 = expected.iter().map(|x| x.1).sum();
    let actual: f64 = before.iter().map(|r| actual_of(r.0, r.1)).sum();
    let choice = &out.choice;
    let tau2 = choice.chosen().map_or(0.0, |s| s.tau2);
    let c2 = choice.chosen().map_or(0.0, |s| s.c2);
    let r = shrunk_ratio(actual, forecast, tau2);
    let spread = day_spread(actual, forecast, tau2);
    let new: Vec<(usize, bool, [f64; 3])> = (readings.iter())
        .map(|&(s, later, t)| {
            let v = if t < at_t {
                actual_of(s, later)
            } else {
                day.volume[s] * r
            };
            let (p10, p90) = if t < at_t { (v, v) } else { band(v, c2) };
            (s, later, [v, p10, p90])
        })
        .collect();
    for (s, later, x) in new {
        if later {
            day.later.insert(s, x);
        } else {
            [day.volume[s], day.p10[s], day.p90[s]] = x;
        }
    }
    out.choice.note = format!(
        "{}; updated at {at}: {actual:.0} contacts so far against {forecast:.0} forecast (ratio {:.3}), the rest of the day × {r:.3} (shrunk toward 1 by the day-to-day spread, τ² = {spread:.4}{})",
        out.choice.note,
        if forecast > 0.0 { actual / forecast } else { 1.0 },
        if spread > tau2 {
            format!(", raised from the backtest's {tau2:.4}: the morning is over 3 standard deviations out")
        } else {
            String::new()
        }
    );
    Ok(())
}

/// A day's readings (interval, the later reading of a repeated local
/// time?, instant) in time order: a skipped local time has none.
fn day_readings(
    tz: Tz,
    date: NaiveDate,
    slots: usize,
    interval_s: i64,
) -> Vec<(usize, bool, DateTime<Utc>)> {
    (0..slots)
        .flat_map(|s| {
            let all = instants(tz, date, s, interval_s);
            all.into_iter()
                .enumerate()
                .map(move |(k, t)| (s, k == 1, t))
        })
        .collect()
}

/// The actuals' rows of `h`'s queue in `file`, and their volumes on `date`
/// per local interval.
fn read_today(
    file: &Path,
    h: &History,
    tz: Tz,
    date: NaiveDate,
    interval_s: i64,
) -> Result<(History, Vec<f64>)> {
    let actuals = crate::scenario::history(file, tz, interval_s)?;
    let mine = actuals
        .into_iter()
        .find(|x| x.queue == h.queue)
        .ok_or_else(|| {
            InputError::new(
                Location::file(file),
                "queue",
                format!("no rows for queue {}", h.queue.clone().unwrap_or_default()),
            )
        })?;
    let today = (mine.volume.index(date))
        .and_then(|i| mine.volume.days[i].clone())
        .ok_or_else(|| {
            InputError::new(
                Location::file(file),
                "start",
                format!("no rows on {date}, the day of --start; the actuals are that day's intervals before --at"),
            )
        })?;
    Ok((mine, today))
}

/// The instant of `--at` on `date` in `tz`. Refused (exit 2), each naming
/// real local times to give instead ([`local::grid_neighbours`]): a time
/// the clocks skip that day (taking it as an hour later would move the
/// update silently), a time off the forecast's grid (the actuals replace
/// whole intervals, so 09:15 on 30-minute intervals would drop the
/// contacts already received in one), a time the clocks repeat without
/// its offset (both readings named), an offset the zone does not have.
fn resolve_at(tz: Tz, date: NaiveDate, at: LocalClock, interval_s: i64) -> Result<DateTime<Utc>> {
    let m = at.time.minutes();
    let step = (interval_s / 60).max(1) as u32;
    let naive = date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(m));
    let give = |times: Vec<String>| {
        let choices: Vec<String> = times.iter().map(|t| format!("--at {t}")).collect();
        format!(
            "give {} (with the actuals up to then)",
            choices.join(" or ")
        )
    };
    let near = || {
        let times = local::grid_neighbours(tz, date, m, step);
        give(
            times
                .into_iter()
                .map(|x| TimeOfDay(x).to_string())
                .collect(),
        )
    };
    let resolved = local::resolve(tz, naive, at.offset);
    if let Err(e @ Unresolved::Skipped { .. }) = &resolved {
        return Err(UsageError(format!("--at {at}: {e}; {}", near())).into());
    }
    if m % step != 0 {
        return Err(UsageError(format!(
            "--at {at} is inside a {step}-minute interval of the forecast; the actuals replace whole intervals: {}",
            near()
        ))
        .into());
    }
    resolved.map_err(|e| {
        let readings: Vec<String> = match &e {
            Unresolved::Twice { readings, .. } => readings
                .iter()
                .map(|r| r.format("%H:%M%:z").to_string())
                .collect(),
            Unresolved::Offset { readings, .. } => readings
                .iter()
                .map(|r| r.format("%H:%M%:z").to_string())
                .collect(),
            Unresolved::Skipped { .. } => Vec::new(),
        };
        let advice = match readings.len() {
            0 => near(),
            1 => give(vec![at.time.to_string()]),
            _ => give(readings),
        };
        UsageError(format!("--at {at}: {e}; {advice}")).into()
    })
}

/// The actuals reach exactly to `at`: a row missing before it would count
/// as no contacts, and a row after it would be dropped.
fn check_reach(mine: &History, file: &Path, tz: Tz, at: DateTime<Utc>) -> Result<()> {
    if mine.end == at {
        return Ok(());
    }
    let end = stamp(mine.end, tz);
    let why = if mine.end < at {
        "stop before --at: give every interval before it (a 0 where no contact came), or an earlier --at"
    } else {
        "run past --at: the actuals are the intervals before it; give --at the time they run to, or leave the later rows out"
    };
    Err(InputError::new(
        Location::file(file),
        "start",
        format!(
            "the last row ends at {end}, so the actuals {why} ({})",
            stamp(at, tz)
        ),
    )
    .into())
}

/// The actuals start no later than the first interval the forecast
/// expects contacts in (`forecast`: the day's readings before --at and
/// their forecasts): an interval with no row would count as no contacts
/// (an open queue's export that begins late), where a closed early
/// morning has no forecast to miss.
fn check_start(
    mine: &History,
    file: &Path,
    tz: Tz,
    forecast: &[(DateTime<Utc>, f64)],
) -> Result<()> {
    let missed: Vec<(DateTime<Utc>, f64)> = (forecast.iter().copied())
        .filter(|&(t, v)| v > 0.0 && t < mine.start)
        .collect();
    let Some(&(first, _)) = missed.first() else {
        return Ok(());
    };
    let expected: f64 = missed.iter().map(|&(_, v)| v).sum();
    Err(InputError::new(
        Location::file(file),
        "start",
        format!(
            "the actuals start at {}, but the forecast expects {expected:.0} contacts before then (from {}): give every interval from the start of the day (a 0 where no contact came), or they would count as none",
            clock(mine.start, tz),
            clock(first, tz)
        ),
    )
    .into())
}

/// No interval between the actuals' first row and `at` is missing: a
/// missing row would count as no contacts (an export that dropped a line),
/// so it is refused naming the missing intervals.
fn check_gaps(mine: &History, file: &Path, tz: Tz, at: DateTime<Utc>) -> Result<()> {
    let gaps: Vec<String> = (mine.missing.iter())
        .filter(|(from, _)| *from < at)
        .map(|&(from, to)| format!("{}-{}", clock(from, tz), clock(to.min(at), tz)))
        .collect();
    if gaps.is_empty() {
        return Ok(());
    }
    let local = at.with_timezone(&tz);
    Err(InputError::new(
        Location::file(file),
        "start",
        format!(
            "no row for {} on {}: the actuals give every interval before --at {} (a 0 where no contact came), or a missing one would count as none",
            gaps.join(", "),
            local.date_naive(),
            local.format("%H:%M"),
        ),
    )
    .into())
}

/// `HH:MM` local, with the offset where the clocks repeat that time.
fn clock(t: DateTime<Utc>, tz: Tz) -> String {
    let local = t.with_timezone(&tz);
    let naive = local.naive_local();
    if tz.from_local_datetime(&naive).single().is_some() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%H:%M%:z").to_string()
    }
}
