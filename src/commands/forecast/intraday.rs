//! `--actuals FILE --at HH:MM`: the rest of the day re-forecast from the
//! morning's actual / forecast ratio, shrunk toward 1
//! ([`crate::forecast::interval::shrunk_ratio`]).

use std::path::Path;

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::cli::ForecastArgs;
use crate::error::{InputError, Location, UsageError};
use crate::forecast::horizon::Output;
use crate::forecast::interval::{band, day_spread, shrunk_ratio};
use crate::scenario::History;
use crate::timegrid::local_instant;
use crate::units::TimeOfDay;

/// Update the (one-day) forecast `out` of `h` with the actuals in `file`
/// before `at`: those intervals become the actuals, the later ones are
/// scaled by the shrunk ratio.
pub fn update(
    out: &mut Output,
    h: &History,
    file: &Path,
    a: &ForecastArgs,
    at: TimeOfDay,
) -> Result<()> {
    let interval_s = a.interval.secs() as i64;
    on_grid(at, interval_s)?;
    if let Some(day) = out.days.first() {
        exists(a.timezone, day.date, at, interval_s)?;
    }
    let actuals = crate::scenario::history(file, a.timezone, interval_s)?;
    let mine = actuals.iter().find(|x| x.queue == h.queue).ok_or_else(|| {
        InputError::new(
            Location::file(file),
            "queue",
            format!("no rows for queue {}", h.queue.clone().unwrap_or_default()),
        )
    })?;
    let Some(day) = out.days.first_mut() else {
        return Ok(());
    };
    let today = mine
        .volume
        .index(day.date)
        .and_then(|i| mine.volume.days[i].as_ref())
        .ok_or_else(|| {
            InputError::new(
                Location::file(file),
                "start",
                format!(
            "no rows on {}, the day of --start; the actuals are that day's intervals before --at",
            day.date
        ),
            )
        })?;
    let upto = ((i64::from(at.minutes()) * 60 / interval_s) as usize).min(day.volume.len());
    check_reach(mine, file, a, day.date, at, upto)?;
    check_start(mine, file, a, day.date, &day.volume[..upto])?;
    check_gaps(mine, file, a, day.date, at)?;
    let forecast: f64 = day.volume[..upto].iter().sum();
    let actual: f64 = today[..upto].iter().sum();
    let choice = &out.choice;
    let tau2 = choice.chosen().map_or(0.0, |s| s.tau2);
    let c2 = choice.chosen().map_or(0.0, |s| s.c2);
    let r = shrunk_ratio(actual, forecast, tau2);
    let spread = day_spread(actual, forecast, tau2);
    for (s, actual) in today.iter().enumerate().take(day.volume.len()) {
        let v = if s < upto { *actual } else { day.volume[s] * r };
        let (p10, p90) = if s < upto { (v, v) } else { band(v, c2) };
        day.volume[s] = v;
        day.p10[s] = p10;
        day.p90[s] = p90;
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

/// `at` falls on the forecast's grid: the actuals replace whole intervals,
/// so an `at` inside one (09:15 on 30-minute intervals) would drop the
/// contacts already received in it. Refused (exit 2) naming the grid times
/// either side, rather than mixing actuals and forecast inside an interval.
fn on_grid(at: TimeOfDay, interval_s: i64) -> Result<()> {
    let step = (interval_s / 60).max(1) as u32;
    let off = at.minutes() % step;
    if off == 0 {
        return Ok(());
    }
    let before = TimeOfDay(at.minutes() - off);
    let after = TimeOfDay(at.minutes() - off + step);
    Err(UsageError(format!(
        "--at {at} is inside a {step}-minute interval of the forecast; the actuals replace whole intervals: give --at {before} or --at {after} (with the actuals up to then)"
    ))
    .into())
}

/// `at` is a time `date` has in `tz`: on the day the clocks go forward the
/// skipped hour does not exist (01:30 on 2026-03-29 in London), and taking
/// it as an hour later would move the update silently. Refused (exit 2)
/// naming the gap and the grid times either side of it.
fn exists(tz: Tz, date: NaiveDate, at: TimeOfDay, interval_s: i64) -> Result<()> {
    let midnight = date.and_time(NaiveTime::MIN);
    let real = |m: u32| {
        tz.from_local_datetime(&(midnight + Duration::minutes(i64::from(m))))
            .earliest()
            .is_some()
    };
    let m = at.minutes();
    if m >= 1440 || real(m) {
        return Ok(());
    }
    // The gap around `at`, minute by minute (a gap is an hour or two).
    let from = (0..m).rev().find(|&x| real(x)).map_or(0, |x| x + 1);
    let to = (m..1440).find(|&x| real(x)).unwrap_or(1440);
    let step = (interval_s / 60).max(1) as u32;
    let before = (0..from).rev().find(|x| x % step == 0 && real(*x));
    let after = (to..1440).find(|x| x % step == 0 && real(*x));
    let choices: Vec<String> = [before, after]
        .into_iter()
        .flatten()
        .map(|x| format!("--at {}", TimeOfDay(x)))
        .collect();
    Err(UsageError(format!(
        "--at {at}: there is no {at} on {date} in {}: the clocks go forward from {} to {} that night; give {} (with the actuals up to then)",
        tz.name(),
        TimeOfDay(from),
        TimeOfDay(to),
        choices.join(" or ")
    ))
    .into())
}

/// The actuals reach exactly to `at` on `date`: a row missing before it
/// would count as no contacts, and a row after it would be dropped.
fn check_reach(
    mine: &History,
    file: &Path,
    a: &ForecastArgs,
    date: NaiveDate,
    at: TimeOfDay,
    upto: usize,
) -> Result<()> {
    if upto == 0 {
        return Err(UsageError(format!(
            "--at {at}: no interval of the day ends by then; give the time the actuals run to, like --at 12:00"
        ))
        .into());
    }
    let at_instant = local_instant(a.timezone, date, at.minutes());
    if mine.end == at_instant {
        return Ok(());
    }
    let end = mine
        .end
        .with_timezone(&a.timezone)
        .format("%Y-%m-%d %H:%M%:z");
    let why = if mine.end < at_instant {
        "stop before --at: give every interval before it (a 0 where no contact came), or an earlier --at"
    } else {
        "run past --at: the actuals are the intervals before it; give --at the time they run to, or leave the later rows out"
    };
    Err(InputError::new(
        Location::file(file),
        "start",
        format!("the last row ends at {end}, so the actuals {why} ({date} {at})"),
    )
    .into())
}

/// The actuals start no later than the first interval of `date` the
/// forecast expects contacts in (`forecast`, the day's intervals before
/// --at): an interval with no row would count as no contacts (an open
/// queue's export that begins late), where a closed early morning has no
/// forecast to miss.
fn check_start(
    mine: &History,
    file: &Path,
    a: &ForecastArgs,
    date: NaiveDate,
    forecast: &[f64],
) -> Result<()> {
    let minutes = (a.interval.secs() / 60.0) as u32;
    let slot_start = |s: usize| local_instant(a.timezone, date, s as u32 * minutes);
    let missed: Vec<(usize, f64)> = forecast
        .iter()
        .copied()
        .enumerate()
        .filter(|&(s, v)| v > 0.0 && slot_start(s) < mine.start)
        .collect();
    let Some(&(first, _)) = missed.first() else {
        return Ok(());
    };
    let expected: f64 = missed.iter().map(|&(_, v)| v).sum();
    let clock = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&a.timezone).format("%H:%M");
    Err(InputError::new(
        Location::file(file),
        "start",
        format!(
            "the actuals start at {}, but the forecast expects {expected:.0} contacts before then (from {}): give every interval from the start of the day (a 0 where no contact came), or they would count as none",
            clock(mine.start),
            clock(slot_start(first))
        ),
    )
    .into())
}

/// No interval between the actuals' first row and `at` on `date` is
/// missing: a missing row would count as no contacts (an export that
/// dropped a line), so it is refused naming the missing intervals.
fn check_gaps(
    mine: &History,
    file: &Path,
    a: &ForecastArgs,
    date: NaiveDate,
    at: TimeOfDay,
) -> Result<()> {
    let at_instant = local_instant(a.timezone, date, at.minutes());
    let clock = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&a.timezone).format("%H:%M");
    let gaps: Vec<String> = (mine.missing.iter())
        .filter(|(from, _)| *from < at_instant)
        .map(|&(from, to)| format!("{}-{}", clock(from), clock(to.min(at_instant))))
        .collect();
    if gaps.is_empty() {
        return Ok(());
    }
    Err(InputError::new(
        Location::file(file),
        "start",
        format!(
            "no row for {} on {date}: the actuals give every interval before --at {at} (a 0 where no contact came), or a missing one would count as none",
            gaps.join(", ")
        ),
    )
    .into())
}
