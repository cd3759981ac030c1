//! Daylight saving through the binary: a site in Karachi (UTC+5 all year)
//! serving clients whose clocks change. Each test writes a tiny scenario and
//! a forecast in the client's local time, runs `staff`, and reads where the
//! volume landed in requirements.csv. Expected site times are worked out by
//! hand from the offsets:
//!
//! - New York: EST (UTC−5) until 2026-03-08 02:00, then EDT (UTC−4); back to
//!   EST on 2026-11-01 at 02:00 EDT (01:00-02:00 happens twice).
//!   09:00 EST = 14:00 UTC = 19:00 PKT; 09:00 EDT = 13:00 UTC = 18:00 PKT.
//! - London: GMT (UTC+0) until 2026-03-29 01:00, then BST (UTC+1).
//!   08:00 GMT = 13:00 PKT; 08:00 BST = 12:00 PKT.

use std::path::Path;

use crate::common::{assert_close, num, staffplan, tempdir, write_file, write_scenario, Csv};

/// A one-queue scenario: a Karachi site, 7 days from `start` in 30-minute
/// intervals, and a voice queue in `tz` (AHT 3m) with `extra` keys and the
/// given forecast.
fn scenario(tz: &str, start: &str, extra: &str, forecast: &str) -> String {
    format!(
        r#"name: DST test
site: {{timezone: Asia/Karachi, start: {start}, days: 7, interval: 30m}}
pools:
  - {{id: voice}}
queues:
  - id: client
    timezone: {tz}
    pool: voice
    aht: 3m
    service_level: 80/20
{extra}    forecast: {forecast}
"#
    )
}

const CSV_FORECAST: &str = "{csv: forecast.csv}";

/// A forecast CSV in client-local time: one row every `step` minutes of each
/// of `dates`, leaving out the local hour `skipped` (date, hour) that the
/// clock change removes; `volume(date index, minute of day)`.
fn local_csv(
    dates: &[&str],
    step: u32,
    skipped: Option<(&str, u32)>,
    volume: impl Fn(usize, u32) -> f64,
) -> String {
    let mut text = String::from("start,volume\n");
    for (i, date) in dates.iter().enumerate() {
        for minute in (0..1440).step_by(step as usize) {
            if skipped == Some((*date, minute / 60)) {
                continue;
            }
            let (h, m) = (minute / 60, minute % 60);
            text += &format!("{date} {h:02}:{m:02},{}\n", volume(i, minute));
        }
    }
    text
}

/// Write the scenario (and the CSV), run `staff`, return requirements.csv.
fn run(dir: &Path, yaml: &str, csv: Option<&str>) -> Csv {
    if let Some(csv) = csv {
        write_file(dir, "forecast.csv", csv);
    }
    let scenario = write_scenario(dir, yaml);
    let out = dir.join("out");
    staffplan()
        .arg("staff")
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    Csv::read(&out.join("requirements.csv"))
}

/// Assert the rows with volume are exactly `expected`, in order, as
/// (site time, client time, volume).
fn assert_busy<S: AsRef<str>>(csv: &Csv, expected: &[(S, S, f64)]) {
    let got: Vec<(String, String, f64)> = csv
        .rows
        .iter()
        .filter(|r| num(r, "volume") > 0.0)
        .map(|r| {
            let (site, client) = (&r["interval_start_site"], &r["client_local_time"]);
            // The spreadsheet cells repeat the instants' local date and clock.
            assert_eq!(
                (&r["date_site"][..], &r["time_site"][..]),
                (&site[..10], &site[11..16])
            );
            assert_eq!(
                (&r["date_client"][..], &r["time_client"][..]),
                (&client[..10], &client[11..16])
            );
            (site.clone(), client.clone(), num(r, "volume"))
        })
        .collect();
    let shown: Vec<String> = got
        .iter()
        .map(|r| format!("{} {} {}", r.0, r.1, r.2))
        .collect();
    let shown = shown.join("\n");
    assert_eq!(got.len(), expected.len(), "rows with volume:\n{shown}");
    for (g, e) in got.iter().zip(expected) {
        let (site, client) = (e.0.as_ref(), e.1.as_ref());
        assert_eq!(
            (g.0.as_str(), g.1.as_str()),
            (site, client),
            "rows with volume:\n{shown}"
        );
        assert_close(g.2, e.2, 1e-9, &g.0);
    }
}

/// 2026-03-04 to 2026-03-11 in New York. The site week (03-05 00:00 PKT =
/// 03-04 14:00 EST to 03-12 00:00 PKT = 03-11 15:00 EDT) holds the 09:00
/// hour of every day but the first.
const NY_DATES: [&str; 8] = [
    "2026-03-04",
    "2026-03-05",
    "2026-03-06",
    "2026-03-07",
    "2026-03-08",
    "2026-03-09",
    "2026-03-10",
    "2026-03-11",
];

/// New York has no 02:00-03:00 on 2026-03-08.
const NY_GAP: Option<(&str, u32)> = Some(("2026-03-08", 2));

/// The site days with New York's 09:00 in them: (day of March, site hour of
/// New York 09:00, New York's UTC offset).
const NY_NINE: [(u32, u32, &str); 7] = [
    (5, 19, "-05:00"),
    (6, 19, "-05:00"),
    (7, 19, "-05:00"),
    (8, 18, "-04:00"),
    (9, 18, "-04:00"),
    (10, 18, "-04:00"),
    (11, 18, "-04:00"),
];

/// The day of March of `NY_DATES[i]`.
fn day_of(i: usize) -> f64 {
    (4 + i) as f64
}

/// New York's 09:00-10:00 hour on each site day, as rows at `minutes` past
/// the hour with `volume(day of March)` in each.
fn ny_nine_rows(minutes: &[u32], volume: impl Fn(f64) -> f64) -> Vec<(String, String, f64)> {
    let mut rows = Vec::new();
    for (day, site_hour, offset) in NY_NINE {
        for m in minutes {
            rows.push((
                format!("2026-03-{day:02}T{site_hour}:{m:02}+05:00"),
                format!("2026-03-{day:02}T09:{m:02}{offset}"),
                volume(f64::from(day)),
            ));
        }
    }
    rows
}

#[test]
fn a_new_york_9am_peak_moves_one_site_hour_on_the_us_change_date() {
    // 10 × the day of the month at 09:00 (50 on the 5th), so a row landing on
    // the wrong day shows.
    let tmp = tempdir();
    let csv = local_csv(&NY_DATES, 30, NY_GAP, |i, m| {
        if m == 9 * 60 {
            10.0 * day_of(i)
        } else {
            0.0
        }
    });
    let yaml = scenario("America/New_York", "2026-03-05", "", CSV_FORECAST);
    let req = run(tmp.path(), &yaml, Some(&csv));
    assert_busy(
        &req,
        &[
            ("2026-03-05T19:00+05:00", "2026-03-05T09:00-05:00", 50.0),
            ("2026-03-06T19:00+05:00", "2026-03-06T09:00-05:00", 60.0),
            ("2026-03-07T19:00+05:00", "2026-03-07T09:00-05:00", 70.0),
            ("2026-03-08T18:00+05:00", "2026-03-08T09:00-04:00", 80.0),
            ("2026-03-09T18:00+05:00", "2026-03-09T09:00-04:00", 90.0),
            ("2026-03-10T18:00+05:00", "2026-03-10T09:00-04:00", 100.0),
            ("2026-03-11T18:00+05:00", "2026-03-11T09:00-04:00", 110.0),
        ],
    );
    let busy: Vec<_> = req.rows.iter().filter(|r| num(r, "volume") > 0.0).collect();
    // The UTC column: 14:00Z before the change, 13:00Z after.
    assert_eq!(busy[2]["interval_start_utc"], "2026-03-07T14:00Z");
    assert_eq!(busy[3]["interval_start_utc"], "2026-03-08T13:00Z");
    // A = contacts × 180 s / 1800 s: 50 calls are 5 Erlangs.
    assert_close(
        num(busy[0], "erlangs"),
        5.0,
        1e-9,
        "erlangs of 50 calls of 3m",
    );
}

#[test]
fn an_hourly_forecast_splits_evenly_over_two_half_hours() {
    // 10 × the day of the month in the 09:00 hour: 5 × the day in each half.
    let tmp = tempdir();
    let csv = local_csv(&NY_DATES, 60, NY_GAP, |i, m| {
        if m == 9 * 60 {
            10.0 * day_of(i)
        } else {
            0.0
        }
    });
    let yaml = scenario("America/New_York", "2026-03-05", "", CSV_FORECAST);
    let req = run(tmp.path(), &yaml, Some(&csv));
    assert_busy(&req, &ny_nine_rows(&[0, 30], |day| 5.0 * day));
}

#[test]
fn a_quarter_hour_forecast_merges_into_half_hours() {
    // 09:00 gets d and 09:15 gets 2d (d = day of month): 3d at 09:00.
    let tmp = tempdir();
    let csv = local_csv(&NY_DATES, 15, NY_GAP, |i, m| match m {
        540 => day_of(i),
        555 => 2.0 * day_of(i),
        _ => 0.0,
    });
    let yaml = scenario("America/New_York", "2026-03-05", "", CSV_FORECAST);
    let req = run(tmp.path(), &yaml, Some(&csv));
    assert_busy(&req, &ny_nine_rows(&[0], |day| 3.0 * day));
}

#[test]
fn a_pattern_forecast_follows_the_client_clock_too() {
    // 700 a week, the same share every day (100 a day), open only
    // 09:00-10:00 New York time, flat profile: 50 in each half hour.
    let tmp = tempdir();
    let yaml = scenario(
        "America/New_York",
        "2026-03-05",
        "    hours: {mon-sun: \"09:00-10:00\"}\n",
        "{weekly_volume: 700, intraday: flat}",
    );
    let req = run(tmp.path(), &yaml, None);
    assert_busy(&req, &ny_nine_rows(&[0, 30], |_| 50.0));
}

#[test]
fn a_london_8am_peak_moves_three_weeks_later() {
    let tmp = tempdir();
    let dates = [
        "2026-03-26",
        "2026-03-27",
        "2026-03-28",
        "2026-03-29",
        "2026-03-30",
        "2026-03-31",
        "2026-04-01",
    ];
    // London has no 01:00-02:00 on 2026-03-29. 10, 20, ... 70 at 08:00.
    let csv = local_csv(&dates, 30, Some(("2026-03-29", 1)), |i, m| {
        if m == 8 * 60 {
            10.0 * (i + 1) as f64
        } else {
            0.0
        }
    });
    let yaml = scenario("Europe/London", "2026-03-26", "", CSV_FORECAST);
    let req = run(tmp.path(), &yaml, Some(&csv));
    assert_busy(
        &req,
        &[
            ("2026-03-26T13:00+05:00", "2026-03-26T08:00+00:00", 10.0),
            ("2026-03-27T13:00+05:00", "2026-03-27T08:00+00:00", 20.0),
            ("2026-03-28T13:00+05:00", "2026-03-28T08:00+00:00", 30.0),
            ("2026-03-29T12:00+05:00", "2026-03-29T08:00+01:00", 40.0),
            ("2026-03-30T12:00+05:00", "2026-03-30T08:00+01:00", 50.0),
            ("2026-03-31T12:00+05:00", "2026-03-31T08:00+01:00", 60.0),
            ("2026-04-01T12:00+05:00", "2026-04-01T08:00+01:00", 70.0),
        ],
    );
}

#[test]
fn the_repeated_hour_is_accepted_with_offsets() {
    // On 2026-11-01 New York runs 01:00-02:00 twice. With offsets each line is
    // one instant: 01:00-04:00 = 05:00Z = 10:00 PKT, 01:30-04:00 = 10:30 PKT,
    // 01:00-05:00 = 06:00Z = 11:00 PKT, 01:30-05:00 = 11:30 PKT, and 02:00
    // (EST, unambiguous) = 07:00Z = 12:00 PKT.
    let tmp = tempdir();
    let csv = "start,volume
2026-11-01 00:30,0
2026-11-01 01:00-04:00,1
2026-11-01 01:30-04:00,2
2026-11-01 01:00-05:00,3
2026-11-01 01:30-05:00,4
2026-11-01 02:00,5
";
    let yaml = scenario("America/New_York", "2026-10-29", "", CSV_FORECAST);
    let req = run(tmp.path(), &yaml, Some(csv));
    assert_busy(
        &req,
        &[
            ("2026-11-01T10:00+05:00", "2026-11-01T01:00-04:00", 1.0),
            ("2026-11-01T10:30+05:00", "2026-11-01T01:30-04:00", 2.0),
            ("2026-11-01T11:00+05:00", "2026-11-01T01:00-05:00", 3.0),
            ("2026-11-01T11:30+05:00", "2026-11-01T01:30-05:00", 4.0),
            ("2026-11-01T12:00+05:00", "2026-11-01T02:00-05:00", 5.0),
        ],
    );
}

#[test]
fn check_shows_the_shifted_site_hours() {
    // Karachi scenario: US retail opens 09:00-18:00 New York time at weekends,
    // 19:00-04:00 PKT under EST and 18:00-03:00 PKT from 2026-03-08 (EDT).
    let out = staffplan()
        .args(["check", "scenarios/karachi-247.yaml"])
        .output()
        .expect("running staffplan");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    let hours = "09:00-18:00 (site 19:00-04:00, 18:00-03:00 from 2026-03-08)";
    assert!(text.contains(hours), "{text}");
}

// ---------------------------------------------------------------------------
// Sites in exotic zones: clocks that skip midnight, skip a whole day, or move
// by half an hour. Expected outcomes are worked out by this file from the
// zone's offsets alone, never from staffplan's own grid.

/// A one-pool, one-queue, 24/7 site on `tz` (the client on the same clock),
/// a flat 2 000 contacts a week and an 8-hour shift starting every hour.
fn site_scenario(tz: &str, start: &str, days: u32, interval: &str) -> String {
    format!(
        r#"name: exotic site
site: {{timezone: {tz}, start: {start}, days: {days}, interval: {interval}}}
pools:
  - {{id: voice}}
queues:
  - {{id: q, timezone: {tz}, pool: voice, aht: 4m, service_level: 80/20, forecast: {{weekly_volume: 2000, intraday: flat}}}}
shifts:
  templates:
    - {{name: day, paid: 8h, length: 8h, starts: "00:00-23:00/1h"}}
"#
    )
}

/// `staffplan plan` in a temporary folder: exit code and stderr.
fn plan_cli(yaml: &str) -> (i32, String) {
    let tmp = tempdir();
    let scenario = write_scenario(tmp.path(), yaml);
    let out = staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(tmp.path().join("out"))
        .output()
        .expect("running staffplan");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn sites_whose_midnight_is_skipped_plan_and_pass_their_own_check() {
    // Each of these days starts at 01:00: the clocks jump from 24:00 the
    // evening before. Horizons starting on, ending on and spanning the day.
    for (tz, day, before) in [
        ("America/Havana", "2026-03-08", "2026-03-07"),
        ("America/Santiago", "2026-09-06", "2026-09-05"),
        ("Asia/Beirut", "2026-03-29", "2026-03-28"),
    ] {
        for (start, days) in [(day, 1), (before, 1), (before, 3)] {
            let (code, stderr) = plan_cli(&site_scenario(tz, start, days, "30m"));
            assert_eq!(code, 0, "{tz} from {start}, {days} day(s):\n{stderr}");
        }
    }
}

#[test]
fn a_site_start_the_clocks_skipped_is_refused_with_the_next_date() {
    // Samoa jumped from 2011-12-29 23:59 (UTC-10) to 2011-12-31 00:00 (UTC+14).
    let (code, stderr) = plan_cli(&site_scenario("Pacific/Apia", "2011-12-30", 2, "30m"));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "site.start: 2011-12-30 does not exist in Pacific/Apia: its clocks skipped that whole day; 2011-12-31 is the next date that does"
        ),
        "{stderr}"
    );
    let (code, stderr) = plan_cli(&site_scenario("Pacific/Apia", "2011-12-31", 2, "30m"));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn lord_howe_needs_a_grid_that_follows_its_half_hour_change() {
    // Lord Howe Island goes from UTC+11 to UTC+10:30 at 02:00 on 2026-04-05.
    let (code, stderr) = plan_cli(&site_scenario(
        "Australia/Lord_Howe",
        "2026-04-04",
        3,
        "60m",
    ));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("site.interval: a 60m grid cannot follow Australia/Lord_Howe's clock: on 2026-04-05 it moves back 30m (02:00 becomes 01:30)"),
        "{stderr}"
    );
    assert!(stderr.contains("use interval: 15m or 30m"), "{stderr}");
    for interval in ["15m", "30m"] {
        let (code, stderr) = plan_cli(&site_scenario(
            "Australia/Lord_Howe",
            "2026-04-04",
            3,
            interval,
        ));
        assert_eq!(code, 0, "{interval}: {stderr}");
    }
    // Away from the change an hourly grid works (its hours start at :30 UTC).
    let (code, stderr) = plan_cli(&site_scenario(
        "Australia/Lord_Howe",
        "2026-04-06",
        3,
        "60m",
    ));
    assert_eq!(code, 0, "{stderr}");
}

mod exotic {
    //! The wider net: every chrono-tz zone whose clock skips a local
    //! midnight or moves by a part of an hour in 2000-2030.

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;
    use std::time::Instant;

    use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};
    use chrono_tz::Tz;
    use rayon::prelude::*;
    use staffplan::{checker, pipeline, report, Scenario};

    use super::site_scenario;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Kind {
        /// Local midnight of `date` does not exist.
        SkippedMidnight,
        /// The offset moves by a part of an hour on local `date`.
        PartHour,
    }

    #[derive(Debug, Clone)]
    struct Event {
        tz: Tz,
        date: NaiveDate,
        kind: Kind,
        /// The change in the offset, seconds.
        change_s: i32,
        /// The first minute on the new offset (part-hour changes).
        at: Option<DateTime<Utc>>,
    }

    fn offset_s(tz: Tz, t: DateTime<Utc>) -> i32 {
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    }

    fn noon_utc(d: NaiveDate) -> DateTime<Utc> {
        d.and_hms_opt(12, 0, 0).unwrap().and_utc()
    }

    /// No quarter hour of `date` exists on the local clock.
    fn skipped_day(tz: Tz, date: NaiveDate) -> bool {
        (0..96).all(|q| {
            let t = date.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(15 * q);
            tz.from_local_datetime(&t).earliest().is_none()
        })
    }

    /// The events of one zone, by a day-by-day scan of its offsets (UTC noon
    /// to UTC noon) and of its local midnights.
    fn events_of(tz: Tz) -> Vec<Event> {
        let mut out = Vec::new();
        let mut d = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2031, 1, 1).unwrap();
        let mut prev = offset_s(tz, noon_utc(d - Duration::days(1)));
        while d < end {
            let now = offset_s(tz, noon_utc(d));
            let midnight = d.and_hms_opt(0, 0, 0).unwrap();
            if tz.from_local_datetime(&midnight).earliest().is_none() {
                out.push(Event {
                    tz,
                    date: d,
                    kind: Kind::SkippedMidnight,
                    change_s: now - prev,
                    at: None,
                });
            }
            if (now - prev) % 3600 != 0 {
                // The minute the offset changes, and its local date.
                let mut t = noon_utc(d - Duration::days(1));
                while offset_s(tz, t) == prev {
                    t += Duration::minutes(1);
                }
                out.push(Event {
                    tz,
                    date: t.with_timezone(&tz).date_naive(),
                    kind: Kind::PartHour,
                    change_s: now - prev,
                    at: Some(t),
                });
            }
            prev = now;
            d += Duration::days(1);
        }
        out
    }

    /// Every zone's events; aliases (the same list under another name) once,
    /// and of the events of one zone with the same kind and change, the
    /// first and the last (Havana skips midnight every spring alike).
    /// Named cases from issue 14 are added whatever the rest.
    fn events() -> Vec<Event> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for tz in chrono_tz::TZ_VARIANTS {
            let all = events_of(tz);
            let key: Vec<_> = all.iter().map(|e| (e.date, e.kind, e.change_s)).collect();
            if all.is_empty() || !seen.insert(key) {
                continue;
            }
            let mut kinds: BTreeMap<(Kind, i32), Vec<&Event>> = BTreeMap::new();
            for e in &all {
                kinds.entry((e.kind, e.change_s)).or_default().push(e);
            }
            for list in kinds.values() {
                out.push(list[0].clone());
                if list.len() > 1 {
                    out.push(list[list.len() - 1].clone());
                }
            }
        }
        for (tz, date, kind, change_s) in [
            ("America/Havana", "2026-03-08", Kind::SkippedMidnight, 3600),
            (
                "America/Santiago",
                "2026-09-06",
                Kind::SkippedMidnight,
                3600,
            ),
            ("Asia/Beirut", "2026-03-29", Kind::SkippedMidnight, 3600),
            ("Pacific/Apia", "2011-12-30", Kind::SkippedMidnight, 86400),
            // 02:00 LHDT = 15:00 UTC; 02:00 LHST = 15:30 UTC.
            ("Australia/Lord_Howe", "2026-04-05", Kind::PartHour, -1800),
            ("Australia/Lord_Howe", "2026-10-04", Kind::PartHour, 1800),
        ] {
            let at = match date {
                "2026-04-05" => Some("2026-04-04T15:00:00Z"),
                "2026-10-04" => Some("2026-10-03T15:30:00Z"),
                _ => None,
            };
            out.push(Event {
                tz: tz.parse().unwrap(),
                date: date.parse().unwrap(),
                kind,
                change_s,
                at: at.map(|t| t.parse().unwrap()),
            });
        }
        out
    }

    /// The first instant whose local date is `date` or later, by a minute
    /// scan from well before it.
    fn first_instant(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_hms_opt(0, 0, 0).unwrap();
        if let Some(t) = tz.from_local_datetime(&midnight).earliest() {
            return t.with_timezone(&Utc);
        }
        let mut t = midnight.and_utc() - Duration::hours(15);
        while t.with_timezone(&tz).date_naive() < date {
            t += Duration::minutes(1);
        }
        t
    }

    /// What a run of `start` for `days` days on a `grid_s` grid must do: plan
    /// (None) or be refused naming the field.
    fn expected(e: &Event, start: NaiveDate, days: u32, grid_s: i32) -> Option<&'static str> {
        let dates: Vec<NaiveDate> = (0..days)
            .map(|k| start + Duration::days(k.into()))
            .collect();
        if skipped_day(e.tz, start) {
            return Some("site.start");
        }
        if dates.iter().any(|d| skipped_day(e.tz, *d)) {
            return Some("site.days");
        }
        // A change exactly where the horizon starts or ends leaves it whole.
        let from = first_instant(e.tz, start);
        let to = first_instant(e.tz, start + Duration::days(days.into()));
        let inside = e.at.is_some_and(|c| from < c && c < to);
        (inside && e.change_s % grid_s != 0).then_some("site.interval")
    }

    /// Ok(None) when planned and passed its check, Ok(Some("field: message"))
    /// when refused, Err(what went wrong) otherwise.
    type Outcome = Result<Option<String>, String>;

    /// Plan the scenario and check the written CSVs with the independent
    /// checker.
    fn run(yaml: &str, dir: &Path) -> Outcome {
        let scenario = match Scenario::from_text(Path::new("exotic.yaml"), yaml, &[]) {
            Ok(s) => s,
            Err(e) => return Ok(Some(format!("{}: {}", e.field, e.message))),
        };
        let planned = pipeline::plan(scenario, 60.0).map_err(|e| format!("plan: {e:#}"))?;
        let s = &planned.staffed;
        let files = [
            ("pool_requirements.csv", report::csv::pool_requirements(s)),
            ("shifts.csv", report::csv::shifts(s, &planned.plan)),
            (
                "coverage.csv",
                report::csv::coverage(s, &planned.plan, &planned.service),
            ),
            (
                "roster.csv",
                report::csv::roster(s, &planned.plan, &planned.roster),
            ),
        ];
        for (name, text) in files {
            let text = text.map_err(|e| format!("{name}: {e}"))?;
            std::fs::write(dir.join(name), text).map_err(|e| e.to_string())?;
        }
        let report = checker::check_outputs(dir, &s.scenario).map_err(|e| format!("check: {e}"))?;
        if !report.passed() {
            return Err(format!("failed its check:\n{report}"));
        }
        Ok(None)
    }

    #[test]
    fn every_zone_with_a_skipped_midnight_or_a_part_hour_change_plans_or_refuses_clearly() {
        let started = Instant::now();
        let events = events();
        let zones: BTreeSet<&str> = events.iter().map(|e| e.tz.name()).collect();
        // Known members of the set, so a broken scan cannot pass empty.
        for z in [
            "America/Havana",
            "America/Santiago",
            "Asia/Beirut",
            "Pacific/Apia",
        ] {
            assert!(zones.contains(z), "{z} missing from {zones:?}");
        }
        assert!(
            events
                .iter()
                .any(|e| e.kind == Kind::PartHour && e.tz.name() != "Australia/Lord_Howe"),
            "no part-hour change found by the scan"
        );
        let mut cases = Vec::new();
        for e in &events {
            let day_before = e.date - Duration::days(1);
            for (start, days) in [(e.date, 1), (day_before, 1), (day_before, 3)] {
                for (grid, grid_s) in [("15m", 900), ("30m", 1800), ("60m", 3600)] {
                    cases.push((e, start, days, grid, grid_s));
                }
            }
        }
        let results: Vec<(String, Option<&str>, Outcome)> = cases
            .par_iter()
            .map(|(e, start, days, grid, grid_s)| {
                let name = format!(
                    "{} from {start} for {days} day(s) on {grid} ({:?} on {})",
                    e.tz, e.kind, e.date
                );
                let yaml = site_scenario(e.tz.name(), &start.to_string(), *days, grid);
                let tmp = tempfile::tempdir().unwrap();
                let got = std::panic::catch_unwind(|| run(&yaml, tmp.path()))
                    .unwrap_or_else(|_| Err("panicked".to_string()));
                (name, expected(e, *start, *days, *grid_s), got)
            })
            .collect();
        let mut wrong = Vec::new();
        let (mut planned, mut refused) = (0, 0);
        for (name, want, got) in &results {
            match (want, got) {
                (None, Ok(None)) => planned += 1,
                (Some(field), Ok(Some(message))) if message.starts_with(&format!("{field}: ")) => {
                    refused += 1
                }
                _ => wrong.push(format!("{name}: expected {want:?}, got {got:?}")),
            }
        }
        eprintln!(
            "{} zones, {} events, {} runs ({planned} planned, {refused} refused) in {:.1}s",
            zones.len(),
            events.len(),
            results.len(),
            started.elapsed().as_secs_f64()
        );
        assert!(
            wrong.is_empty(),
            "{} of {} runs wrong:\n{}",
            wrong.len(),
            results.len(),
            wrong.join("\n")
        );
        assert!(refused > 0 && planned > refused);
    }
}

/// A night team on a site whose own clocks go back inside its shifts: London
/// on 2026-10-25 (01:00-01:59 twice) and Santiago on 2026-04-04 (23:00-23:59
/// twice), with 15-minute and 90-minute breaks placed in the repeated hour.
#[test]
fn breaks_in_an_hour_the_site_clock_repeats_pass_the_check() {
    for (tz, start) in [
        ("Europe/London", "2026-10-19"),
        ("America/Santiago", "2026-04-01"),
    ] {
        let dir = tempdir();
        let yaml = format!(
            r#"name: Fall-back night
site: {{timezone: {tz}, start: {start}, days: 7, interval: 30m}}
shrinkage: {{total: 0.30}}
pools:
  - {{id: voice}}
queues:
  - id: helpdesk
    timezone: {tz}
    pool: voice
    aht: 4m
    service_level: 80/20
    forecast:
      weekly_volume: 3000
      daily_shares: {{mon: 0.15, tue: 0.15, wed: 0.14, thu: 0.14, fri: 0.14, sat: 0.14, sun: 0.14}}
      intraday: flat
shifts:
  templates:
    - {{name: day, paid: 8h, length: 9h, starts: "06:00-14:00/30m", breaks: [{{length: 1h, paid: false, window: "3h-5h"}}]}}
    - name: night
      paid: 8h30m
      length: 10h
      starts: "14:30-22:00/30m"
      breaks:
        - {{length: 15m, paid: true, window: "3h-5h"}}
        - {{length: 1h30m, paid: false, window: "5h30m-7h"}}
  week: {{work_days: 5}}
"#
        );
        let file = write_scenario(dir.path(), &yaml);
        let out = dir.path().join("out");
        // The plan's own check passes (it used to read a repeated clock as
        // its first pass and refuse the plan, exit 1).
        staffplan()
            .arg("plan")
            .arg(&file)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        // Breaks in the repeated hour name their pass by its UTC offset.
        let shifts = std::fs::read_to_string(out.join("shifts.csv")).unwrap();
        let marks = if tz == "Europe/London" {
            ["(UTC+1)", "(UTC+0)"]
        } else {
            ["(UTC-3)", "(UTC-4)"]
        };
        assert!(marks.iter().any(|m| shifts.contains(m)), "{tz}: {shifts}");
    }
}
