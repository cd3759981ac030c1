//! The planning grid: equal intervals of UTC time from the first instant of
//! the site's start date to the first instant of the date `days` later
//! ([`local_midnight`]: midnight, or the clock change where one skips it).
//!
//! Inside, every interval is a UTC instant; site and client local times are
//! computed only to read input and to print. Arithmetic is never done on local
//! times, so daylight-saving changes (site or client) are exact: a New York
//! 09:00 peak lands one site hour earlier after the US change date.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

pub mod local;

/// Equal UTC intervals covering the horizon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeGrid {
    /// The site's time zone.
    pub site_tz: Tz,
    /// First interval's start.
    pub start: DateTime<Utc>,
    /// Interval length, seconds.
    pub interval_s: i64,
    /// Number of intervals.
    pub len: usize,
}

/// The first instant whose local wall-clock time in `tz` is `naive` or later.
///
/// Where `naive` exists that is its (earliest) reading; inside a
/// spring-forward gap it is the instant of the change, when the clocks jump
/// past `naive`. Found by bisection over UTC seconds within ±16 h of `naive`
/// read as UTC (every offset is within ±14 h), so it is exact to the second
/// whatever the size of the gap (Pacific/Apia skipped a whole day).
fn first_at_or_after(tz: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    if let Some(t) = tz.from_local_datetime(&naive).earliest() {
        return t.with_timezone(&Utc);
    }
    let reads_later = |s: i64| {
        let t = DateTime::<Utc>::from_timestamp(s, 0).unwrap_or_default();
        t.with_timezone(&tz).naive_local() >= naive
    };
    let guess = naive.and_utc().timestamp();
    let (mut lo, mut hi) = (guess - 16 * 3600, guess + 16 * 3600);
    // Invariant: `lo` reads before `naive`, `hi` at or after it.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if reads_later(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    DateTime::<Utc>::from_timestamp(hi, 0).unwrap_or_default()
}

/// The first instant of local `date` in `tz`: its midnight (the first one
/// where clocks go back over midnight), or where a change skips midnight
/// (America/Havana, America/Santiago, Asia/Beirut in spring) the instant of
/// that change, when the clocks jump into `date`. A date the clocks skip
/// entirely starts and ends at the same instant (see [`date_exists`]).
pub fn local_midnight(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    first_at_or_after(tz, date.and_time(NaiveTime::MIN))
}

/// Whether any instant has local date `date` in `tz` (false for a day the
/// clocks skip, like 2011-12-30 in Pacific/Apia).
pub fn date_exists(tz: Tz, date: NaiveDate) -> bool {
    let next = date + Duration::days(1);
    local_midnight(tz, date) < local_midnight(tz, next)
}

/// The instant of a local wall-clock time: `minutes` after midnight of
/// `date` in `tz` (may exceed 1440 for the next day). A time skipped by a
/// clock change is read with the offset in force before the change (it is
/// moved forward by the gap: 02:30 on a US spring-forward day is 03:30
/// EDT); a repeated time is its first occurrence.
pub fn local_instant(tz: Tz, date: NaiveDate, minutes: u32) -> DateTime<Utc> {
    let naive = date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes));
    if let Some(t) = tz.from_local_datetime(&naive).earliest() {
        return t.with_timezone(&Utc);
    }
    let change = first_at_or_after(tz, naive);
    let before = tz
        .offset_from_utc_datetime(&(change - Duration::seconds(1)).naive_utc())
        .fix();
    naive.and_utc() - Duration::seconds(i64::from(before.local_minus_utc()))
}

/// Why a site's horizon cannot be planned on its grid: the field to blame
/// and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteProblem {
    /// The scenario field: `site.start`, `site.days` or `site.interval`.
    pub field: &'static str,
    /// What is wrong and what would be valid.
    pub message: String,
}

/// The grids a site may use, seconds (15m, 30m, 60m).
const GRIDS: [i64; 3] = [900, 1800, 3600];

fn minutes_text(seconds: i64) -> String {
    let m = seconds.abs() / 60;
    match (m / 60, m % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}

/// Check that the site's horizon exists in its time zone and that its clock
/// stays on the grid:
///
/// - every date of the horizon exists locally (a day the clocks skip cannot
///   hold shifts: refused naming `site.start`, or `site.days` when the day
///   is inside the horizon, with the next date that exists);
/// - every clock change inside the horizon is a whole number of intervals
///   (Australia/Lord_Howe moves 30 minutes: on a 60-minute grid its local
///   hours would fall mid-interval, its days would not be whole intervals,
///   and shift starts would straddle intervals); refused naming
///   `site.interval` and the grids that work.
pub fn check_site(
    tz: Tz,
    first_day: NaiveDate,
    days: u32,
    interval_s: u32,
) -> Result<(), SiteProblem> {
    check_days_exist(tz, first_day, days)?;
    check_whole_intervals(tz, first_day, days, interval_s)
}

/// Every day of the horizon exists in `tz` (no day its clocks skipped).
fn check_days_exist(tz: Tz, first_day: NaiveDate, days: u32) -> Result<(), SiteProblem> {
    let next_existing = |from: NaiveDate| {
        (1..=7)
            .map(|k| from + Duration::days(k))
            .find(|d| date_exists(tz, *d))
            .map_or_else(String::new, |d| format!("; {d} is the next date that does"))
    };
    if !date_exists(tz, first_day) {
        return Err(SiteProblem {
            field: "site.start",
            message: format!(
                "{} does not exist in {tz}: its clocks skipped that whole day{}",
                first_day,
                next_existing(first_day)
            ),
        });
    }
    for k in 1..i64::from(days) {
        let date = first_day + Duration::days(k);
        if !date_exists(tz, date) {
            return Err(SiteProblem {
                field: "site.days",
                message: format!(
                    "the {}-day horizon from {} includes {date}, which does not exist in {tz} (its clocks skipped that whole day): plan at most {k} day(s), or start after it{}",
                    days,
                    first_day,
                    next_existing(date)
                ),
            });
        }
    }
    Ok(())
}

/// Every clock change inside the horizon is a whole number of intervals.
fn check_whole_intervals(
    tz: Tz,
    first_day: NaiveDate,
    days: u32,
    interval_s: u32,
) -> Result<(), SiteProblem> {
    let step = i64::from(interval_s);
    let start = local_midnight(tz, first_day);
    let end = local_midnight(tz, first_day + Duration::days(i64::from(days)));
    let offset = |t: DateTime<Utc>| {
        i64::from(
            tz.offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc(),
        )
    };
    // Offsets at the start, either side of every interval boundary and just
    // before the end: a change strictly inside the horizon shows between two
    // neighbours (one exactly at its start or end leaves the grid whole).
    let mut samples = vec![start];
    let mut t = start + Duration::seconds(step);
    while t < end {
        samples.extend([t - Duration::seconds(1), t]);
        t += Duration::seconds(step);
    }
    samples.push(end - Duration::seconds(1));
    for pair in samples.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let was = offset(from);
        let change = offset(to) - was;
        if change % step != 0 {
            return Err(off_grid_change(tz, from, to, was, change, step));
        }
    }
    Ok(())
}

/// The problem of a clock change of `change` seconds (offset `was` before
/// it) between `from` and `to` that a `step`-second grid cannot follow.
fn off_grid_change(
    tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    was: i64,
    change: i64,
    step: i64,
) -> SiteProblem {
    let at = first_change(tz, from, to);
    // The clock at the change, read with the old offset and the new.
    let old = Duration::seconds(was);
    let clock_before = (at.naive_utc() + old).format("%H:%M");
    let grids: Vec<String> = GRIDS
        .iter()
        .filter(|g| change % **g == 0)
        .map(|g| format!("{}m", g / 60))
        .collect();
    let instead = if grids.is_empty() {
        "no grid of 15m, 30m or 60m follows it: plan a horizon that avoids the change".to_string()
    } else {
        format!(
            "use interval: {} (a grid that divides the change), or a horizon that avoids it",
            grids.join(" or ")
        )
    };
    SiteProblem {
        field: "site.interval",
        message: format!(
            "a {}m grid cannot follow {tz}'s clock: on {} it moves {} {} ({clock_before} becomes {}), inside the horizon, so its local hours would fall mid-interval; {instead}",
            step / 60,
            (at.naive_utc() + old).date(),
            if change > 0 { "forward" } else { "back" },
            minutes_text(change),
            at.with_timezone(&tz).format("%H:%M"),
        ),
    }
}

/// The first second in (`from`, `to`] at which `tz`'s offset differs from
/// its offset at `from` (bisection; `to` must differ).
fn first_change(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let offset = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    let base = offset(from);
    let (mut lo, mut hi) = (from, to);
    while (hi - lo).num_seconds() > 1 {
        let mid = lo + Duration::seconds((hi - lo).num_seconds() / 2);
        if offset(mid) == base {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

impl TimeGrid {
    /// The grid of `days` days of `interval_s`-second intervals from local
    /// midnight of `start` in the site's zone `timezone`.
    pub fn new(timezone: Tz, start: NaiveDate, days: u32, interval_s: u32) -> TimeGrid {
        let first = local_midnight(timezone, start);
        let end_date = start + Duration::days(i64::from(days));
        let end = local_midnight(timezone, end_date);
        let start = first;
        let interval_s = i64::from(interval_s);
        let len = ((end - start).num_seconds() / interval_s).max(0) as usize;
        TimeGrid {
            site_tz: timezone,
            start,
            interval_s,
            len,
        }
    }

    /// Start of interval `i`.
    pub fn at(&self, i: usize) -> DateTime<Utc> {
        self.start + Duration::seconds(self.interval_s * i as i64)
    }

    /// End of the horizon.
    pub fn end(&self) -> DateTime<Utc> {
        self.at(self.len)
    }

    /// Site-local wall-clock time at the start of interval `i`.
    pub fn site_local(&self, i: usize) -> NaiveDateTime {
        self.at(i).with_timezone(&self.site_tz).naive_local()
    }

    /// Local wall-clock time in `tz` at the start of interval `i`.
    pub fn local(&self, i: usize, tz: Tz) -> NaiveDateTime {
        self.at(i).with_timezone(&tz).naive_local()
    }

    /// The interval holding instant `t`, if inside the horizon.
    pub fn index_of(&self, t: DateTime<Utc>) -> Option<usize> {
        let s = (t - self.start).num_seconds();
        (s >= 0 && s < self.interval_s * self.len as i64).then(|| (s / self.interval_s) as usize)
    }

    /// Intervals per hour.
    pub fn per_hour(&self) -> usize {
        (3600 / self.interval_s) as usize
    }

    /// Interval length in hours.
    pub fn hours(&self) -> f64 {
        self.interval_s as f64 / 3600.0
    }
}

/// RFC 3339 text of an instant in a zone, to the minute with its offset:
/// `2026-03-02T09:00+05:00`. UTC prints as `2026-03-02T04:00Z`.
pub fn stamp(t: DateTime<Utc>, tz: Tz) -> String {
    if tz == Tz::UTC {
        return t.format("%Y-%m-%dT%H:%MZ").to_string();
    }
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M%:z").to_string()
}

/// The local date (`2026-03-02`) and clock time (`09:00`) of an instant in a
/// zone: the two cells a spreadsheet reads as a date and a time, written
/// beside each [`stamp`] in the CSV files.
pub fn date_and_time(t: DateTime<Utc>, tz: Tz) -> [String; 2] {
    let local = t.with_timezone(&tz);
    [
        local.format("%Y-%m-%d").to_string(),
        local.format("%H:%M").to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn grid(tz: &str, start: &str, days: u32, interval_s: u32) -> TimeGrid {
        TimeGrid::new(
            tz.parse().unwrap(),
            start.parse().unwrap(),
            days,
            interval_s,
        )
    }

    fn check(tz: &str, start: &str, days: u32, interval_s: u32) -> Result<(), SiteProblem> {
        check_site(
            tz.parse().unwrap(),
            start.parse().unwrap(),
            days,
            interval_s,
        )
    }

    #[test]
    fn karachi_week_is_336_half_hours_from_19_utc() {
        let g = grid("Asia/Karachi", "2026-03-02", 7, 1800);
        assert_eq!(g.len, 336);
        // Karachi is UTC+5 all year: local midnight is 19:00 UTC the day before.
        assert_eq!(g.start.to_rfc3339(), "2026-03-01T19:00:00+00:00");
        assert_eq!(stamp(g.at(1), g.site_tz), "2026-03-02T00:30+05:00");
    }

    #[test]
    fn new_york_nine_am_moves_one_site_hour_on_the_us_change() {
        // US clocks go forward on Sunday 2026-03-08; London's on 2026-03-29.
        let g = grid("Asia/Karachi", "2026-03-02", 35, 1800);
        let ny: Tz = "America/New_York".parse().unwrap();
        let london: Tz = "Europe/London".parse().unwrap();
        let site_hour_of = |tz: Tz, day: u32| {
            let i = (0..g.len)
                .find(|&i| {
                    let l = g.local(i, tz);
                    l.date().format("%d").to_string() == format!("{day:02}")
                        && l.hour() == 9
                        && l.minute() == 0
                })
                .unwrap();
            g.site_local(i).hour()
        };
        assert_eq!(site_hour_of(ny, 6), 19); // EST: 09:00 = 14:00 UTC = 19:00 PKT
        assert_eq!(site_hour_of(ny, 9), 18); // EDT: 09:00 = 13:00 UTC = 18:00 PKT
        assert_eq!(site_hour_of(london, 27), 14); // GMT
        assert_eq!(site_hour_of(london, 30), 13); // BST, three weeks later
    }

    #[test]
    fn a_site_with_dst_has_a_short_day() {
        // A London site over the UK spring change has 23 hours that day.
        let g = grid("Europe/London", "2026-03-29", 1, 3600);
        assert_eq!(g.len, 23);
        let g = grid("Europe/London", "2026-10-25", 1, 900);
        assert_eq!(g.len, 100);
    }

    #[test]
    fn a_skipped_midnight_starts_the_day_at_the_change() {
        // Havana: CST (UTC-5) until 2026-03-08 00:00, then CDT (UTC-4): the
        // 8th starts at 01:00 CDT = 05:00 UTC, the 10th at 00:00 CDT = 04:00 UTC.
        let g = grid("America/Havana", "2026-03-08", 2, 1800);
        assert_eq!(stamp(g.start, Tz::UTC), "2026-03-08T05:00Z");
        assert_eq!(stamp(g.start, g.site_tz), "2026-03-08T01:00-04:00");
        assert_eq!(g.len, 94);
        // Ending on it: the 7th runs from 05:00 UTC to the change.
        let g = grid("America/Havana", "2026-03-07", 1, 900);
        assert_eq!(stamp(g.end(), Tz::UTC), "2026-03-08T05:00Z");
        assert_eq!(g.len, 96);
        // A shift at 00:00 on the 8th starts with the day.
        let havana = g.site_tz;
        let d = "2026-03-08".parse().unwrap();
        assert_eq!(
            stamp(local_instant(havana, d, 0), Tz::UTC),
            "2026-03-08T05:00Z"
        );
        assert_eq!(
            stamp(local_instant(havana, d, 30), Tz::UTC),
            "2026-03-08T05:30Z"
        );
    }

    #[test]
    fn a_skipped_day_has_no_length_and_is_refused() {
        // Samoa went from UTC-10 to UTC+14 after 2011-12-29 23:59:59 local
        // (2011-12-30 10:00 UTC): the 30th never happened.
        let apia: Tz = "Pacific/Apia".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(date_exists(apia, d("2011-12-29")));
        assert!(!date_exists(apia, d("2011-12-30")));
        assert!(date_exists(apia, d("2011-12-31")));
        assert_eq!(
            stamp(local_midnight(apia, d("2011-12-30")), Tz::UTC),
            "2011-12-30T10:00Z"
        );
        assert_eq!(
            stamp(local_midnight(apia, d("2011-12-31")), Tz::UTC),
            "2011-12-30T10:00Z"
        );
        // 08:00 on the skipped day read with the offset before: 18:00 UTC.
        assert_eq!(
            stamp(local_instant(apia, d("2011-12-30"), 480), Tz::UTC),
            "2011-12-30T18:00Z"
        );
        let e = check("Pacific/Apia", "2011-12-30", 7, 1800).unwrap_err();
        assert_eq!(e.field, "site.start");
        assert!(
            e.message.contains("2011-12-31 is the next date that does"),
            "{}",
            e.message
        );
        let e = check("Pacific/Apia", "2011-12-28", 7, 1800).unwrap_err();
        assert_eq!(e.field, "site.days");
        assert!(e.message.contains("plan at most 2 day(s)"), "{}", e.message);
        assert!(check("Pacific/Apia", "2011-12-28", 2, 1800).is_ok());
        assert!(check("Pacific/Apia", "2011-12-31", 7, 1800).is_ok());
    }

    #[test]
    fn a_half_hour_clock_change_needs_a_half_hour_grid() {
        // Lord Howe: LHDT (UTC+11) until 2026-04-05 02:00, then LHST
        // (UTC+10:30). That day runs 00:00+11 (04-04 13:00 UTC) to 00:00+10:30
        // (04-05 13:30 UTC): 24.5 hours.
        let g = grid("Australia/Lord_Howe", "2026-04-05", 1, 1800);
        assert_eq!(g.len, 49);
        let e = check("Australia/Lord_Howe", "2026-04-04", 3, 3600).unwrap_err();
        assert_eq!(e.field, "site.interval");
        assert!(
            e.message
                .contains("a 60m grid cannot follow Australia/Lord_Howe's clock: on 2026-04-05 it moves back 30m (02:00 becomes 01:30)"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("use interval: 15m or 30m"),
            "{}",
            e.message
        );
        assert!(check("Australia/Lord_Howe", "2026-04-04", 3, 1800).is_ok());
        // A 60-minute grid is fine away from the change (local hours at UTC :30).
        assert!(check("Australia/Lord_Howe", "2026-04-06", 7, 3600).is_ok());
        assert!(check("Asia/Kolkata", "2026-04-06", 7, 3600).is_ok());
    }

    #[test]
    fn index_round_trips() {
        let g = grid("Asia/Karachi", "2026-03-02", 7, 900);
        for i in [0, 1, 100, g.len - 1] {
            assert_eq!(g.index_of(g.at(i)), Some(i));
            assert_eq!(g.index_of(g.at(i) + Duration::seconds(899)), Some(i));
        }
        assert_eq!(g.index_of(g.end()), None);
        assert_eq!(g.index_of(g.start - Duration::seconds(1)), None);
    }
}
