//! A local wall-clock time read as one instant, and the one wording for a
//! time the clocks skip or repeat: CSV rows (forecast, history,
//! requirements) and `forecast --at` all say it the same way, each adding
//! its own advice after it.
//!
//! The stretch skipped or repeated is computed from the zone (the instant
//! of the change, by bisection), never assumed to be an hour:
//! Australia/Lord_Howe moves 30 minutes (02:00 → 02:30 on 2026-10-04).

use std::fmt;

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use chrono_tz::Tz;

/// Why a local time names no single instant of a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// The clocks skip it: they go forward from `from` to `to` (local).
    Skipped {
        /// The local time asked for.
        local: NaiveDateTime,
        /// The zone.
        tz: Tz,
        /// The local time the clocks leave (the first that does not exist).
        from: NaiveDateTime,
        /// The local time they jump to (the first that exists again).
        to: NaiveDateTime,
    },
    /// The clocks repeat it: it happens at both readings, earlier first.
    Twice {
        /// The local time asked for.
        local: NaiveDateTime,
        /// The zone.
        tz: Tz,
        /// The two readings, with their offsets, in time order.
        readings: [DateTime<FixedOffset>; 2],
        /// The local time the clocks leave (the end of the repeat).
        from: NaiveDateTime,
        /// The local time they go back to (the start of the repeat).
        to: NaiveDateTime,
    },
    /// The offset given is not one the zone has at that local time.
    Offset {
        /// The local time asked for.
        local: NaiveDateTime,
        /// The zone.
        tz: Tz,
        /// The offset given.
        given: FixedOffset,
        /// The readings the local time does have (none in a gap).
        readings: Vec<DateTime<FixedOffset>>,
    },
}

fn with_offset(t: DateTime<Utc>, tz: Tz) -> DateTime<FixedOffset> {
    let o = tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    t.with_timezone(&o)
}

/// The local times either side of a change at `t`: read with the offset
/// just before it and with the offset from it on.
fn sides(tz: Tz, t: DateTime<Utc>) -> (NaiveDateTime, NaiveDateTime) {
    let before = with_offset(t - Duration::seconds(1), tz).offset().fix();
    let after = with_offset(t, tz);
    (t.with_timezone(&before).naive_local(), after.naive_local())
}

/// The instant of local time `local` in `tz`; with `offset`, the reading
/// at that offset (which must be one the zone has at `local`).
///
/// Example: 2026-10-25 01:30 in Europe/London happens twice (01:30+01:00,
/// 00:30 UTC, then 01:30+00:00, 01:30 UTC); with `+00:00` it is 01:30 UTC.
pub fn resolve(
    tz: Tz,
    local: NaiveDateTime,
    offset: Option<FixedOffset>,
) -> Result<DateTime<Utc>, Unresolved> {
    let readings: Vec<DateTime<FixedOffset>> = match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => vec![t.fixed_offset()],
        LocalResult::Ambiguous(a, b) => vec![a.fixed_offset(), b.fixed_offset()],
        LocalResult::None => Vec::new(),
    };
    if let Some(given) = offset {
        return match readings.iter().find(|r| *r.offset() == given) {
            Some(r) => Ok(r.with_timezone(&Utc)),
            None => Err(Unresolved::Offset {
                local,
                tz,
                given,
                readings,
            }),
        };
    }
    match readings.as_slice() {
        [one] => Ok(one.with_timezone(&Utc)),
        [a, b] => {
            let change = super::first_change(tz, a.with_timezone(&Utc), b.with_timezone(&Utc));
            let (from, to) = sides(tz, change);
            Err(Unresolved::Twice {
                local,
                tz,
                readings: [*a, *b],
                from,
                to,
            })
        }
        _ => {
            let change = super::first_at_or_after(tz, local);
            let (from, to) = sides(tz, change);
            Err(Unresolved::Skipped {
                local,
                tz,
                from,
                to,
            })
        }
    }
}

/// Whether `minutes` after midnight of `date` is a local time `tz` has.
pub fn exists(tz: Tz, date: NaiveDate, minutes: u32) -> bool {
    let naive = date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes));
    tz.from_local_datetime(&naive).earliest().is_some()
}

/// The local times on a `step`-minute grid of `date` in `tz` nearest
/// before and after `minutes` (0 to 1440) that exist that day: real
/// neighbours to offer in place of a time off the grid or skipped.
pub fn grid_neighbours(tz: Tz, date: NaiveDate, minutes: u32, step: u32) -> Vec<u32> {
    let step = step.max(1);
    let on = |x: &u32| x % step == 0 && exists(tz, date, *x);
    let before = (0..minutes).rev().find(on);
    let after = (minutes + 1..=1440).find(on);
    before.into_iter().chain(after).collect()
}

fn hm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = |t: &NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
        let read = |r: &DateTime<FixedOffset>| r.format("%H:%M%:z").to_string();
        match self {
            Unresolved::Skipped {
                local,
                tz,
                from,
                to,
            } => write!(
                f,
                "{} does not exist in {tz}: the clocks go forward from {} to {}",
                day(local),
                hm(*from),
                hm(*to)
            ),
            Unresolved::Twice {
                local,
                tz,
                readings,
                from,
                to,
            } => write!(
                f,
                "{} happens twice in {tz}: the clocks go back from {} to {}, so it is {} then {}",
                day(local),
                hm(*from),
                hm(*to),
                read(&readings[0]),
                read(&readings[1])
            ),
            Unresolved::Offset {
                local,
                tz,
                given,
                readings,
            } => {
                let have: Vec<String> = readings.iter().map(read).collect();
                let what = match have.as_slice() {
                    [] => "no reading (the clocks skip it)".to_string(),
                    [one] => format!("only {one}"),
                    _ => have.join(" and "),
                };
                write!(
                    f,
                    "{} with offset {given} is not a time in {tz}: that local time is {what}",
                    day(local)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests;
