//! The planning grid: equal intervals of UTC time from the site's local
//! midnight on the start date to its local midnight `days` later.
//!
//! Inside, every interval is a UTC instant; site and client local times are
//! computed only to read input and to print. Arithmetic is never done on local
//! times, so daylight-saving changes (site or client) are exact: a New York
//! 09:00 peak lands one site hour earlier after the US change date.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::scenario::Site;

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

/// The UTC instant of local midnight on `date` in `tz` (or the first instant
/// of that day where a DST change skips midnight).
pub fn local_midnight(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let mut t = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    // Some zones change clocks at midnight: step forward to the first valid minute.
    for _ in 0..240 {
        match tz.from_local_datetime(&t) {
            LocalResult::Single(dt) => return dt.with_timezone(&Utc),
            LocalResult::Ambiguous(earliest, _) => return earliest.with_timezone(&Utc),
            LocalResult::None => t += Duration::minutes(1),
        }
    }
    t.and_utc()
}

/// The instant of a local wall-clock time: `minutes` after midnight of
/// `date` in `tz` (may exceed 1440 for the next day). A time skipped by a
/// clock change is read as if the clock had not yet changed (it is moved
/// forward by the gap); a repeated time is its first occurrence.
pub fn local_instant(tz: Tz, date: NaiveDate, minutes: u32) -> DateTime<Utc> {
    let naive =
        date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(i64::from(minutes));
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => dt.with_timezone(&Utc),
        LocalResult::None => {
            // In a spring-forward gap: the offset before the gap applies.
            let before = tz
                .from_local_datetime(&(naive - Duration::hours(3)))
                .earliest();
            match before {
                Some(b) => b.with_timezone(&Utc) + Duration::hours(3),
                None => naive.and_utc(),
            }
        }
    }
}

impl TimeGrid {
    /// The grid of a site.
    pub fn new(site: &Site) -> TimeGrid {
        let start = local_midnight(site.timezone, site.start);
        let end_date = site.start + Duration::days(i64::from(site.days));
        let end = local_midnight(site.timezone, end_date);
        let interval_s = i64::from(site.interval_s);
        let len = ((end - start).num_seconds() / interval_s).max(0) as usize;
        TimeGrid {
            site_tz: site.timezone,
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn site(tz: &str, start: &str, days: u32, interval_s: u32) -> Site {
        Site {
            timezone: tz.parse().unwrap(),
            start: start.parse().unwrap(),
            days,
            interval_s,
            cyclic: true,
        }
    }

    #[test]
    fn karachi_week_is_336_half_hours_from_19_utc() {
        let g = TimeGrid::new(&site("Asia/Karachi", "2026-03-02", 7, 1800));
        assert_eq!(g.len, 336);
        // Karachi is UTC+5 all year: local midnight is 19:00 UTC the day before.
        assert_eq!(g.start.to_rfc3339(), "2026-03-01T19:00:00+00:00");
        assert_eq!(stamp(g.at(1), g.site_tz), "2026-03-02T00:30+05:00");
    }

    #[test]
    fn new_york_nine_am_moves_one_site_hour_on_the_us_change() {
        // US clocks go forward on Sunday 2026-03-08; London's on 2026-03-29.
        let g = TimeGrid::new(&site("Asia/Karachi", "2026-03-02", 35, 1800));
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
        let g = TimeGrid::new(&site("Europe/London", "2026-03-29", 1, 3600));
        assert_eq!(g.len, 23);
        let g = TimeGrid::new(&site("Europe/London", "2026-10-25", 1, 900));
        assert_eq!(g.len, 100);
    }

    #[test]
    fn index_round_trips() {
        let g = TimeGrid::new(&site("Asia/Karachi", "2026-03-02", 7, 900));
        for i in [0, 1, 100, g.len - 1] {
            assert_eq!(g.index_of(g.at(i)), Some(i));
            assert_eq!(g.index_of(g.at(i) + Duration::seconds(899)), Some(i));
        }
        assert_eq!(g.index_of(g.end()), None);
        assert_eq!(g.index_of(g.start - Duration::seconds(1)), None);
    }
}
