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
