//! `staffplan forecast`: hand-checked forecasts, bad input (exit 2 naming
//! the file, line or flag), the backtest's files, and the forecast CSV read
//! back by a scenario that plans.

use std::fmt::Write as _;
use std::path::Path;

use crate::common::{staffplan, tempdir, write_file, Csv};

/// An hourly history from Sunday 2026-02-01 for `days` days, Sunday to
/// Thursday 09:00–16:00 (Friday and Saturday have no rows): on day i the
/// volume at hour h is 10 × (weekday number from Monday + 1) + i.
fn hourly(days: usize) -> String {
    let first = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
    let mut s = String::from("start,volume\n");
    for i in 0..days {
        let d = first + chrono::Days::new(i as u64);
        let w = chrono::Datelike::weekday(&d).num_days_from_monday();
        if w == 4 || w == 5 {
            continue;
        }
        for h in 9..17 {
            let _ = writeln!(s, "{d} {h:02}:00,{}", 10 * (w + 1) + i as u32);
        }
    }
    s
}

fn forecast(args: &[&str]) -> (Option<i32>, String, String) {
    let out = staffplan().arg("forecast").args(args).output().unwrap();
    let (o, e) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(!e.contains("panicked"), "{e}");
    (out.status.code(), o, e)
}

/// Exit 2, nothing on stdout, and stderr holding every piece of `expect`.
fn refused(args: &[&str], expect: &[&str]) {
    let (code, out, err) = forecast(args);
    assert_eq!(code, Some(2), "{args:?}: {err}");
    assert!(out.is_empty(), "{out}");
    for e in expect {
        assert!(err.contains(e), "{args:?}: expected `{e}` in:\n{err}");
    }
}

#[test]
fn seasonal_naive_repeats_last_week_split_to_half_hours() {
    // 21 days from Sunday 2026-02-01 to Saturday 02-21. The forecast of
    // Sunday 02-22 is last Sunday's (02-15, i = 14, weekday 6 → 10 × 7 + 14
    // = 84 an hour), split into two half hours of 42. Friday 02-27: no Friday
    // in the history: 0. Asia/Riyadh: no DST, offset +03:00.
    let dir = tempdir();
    let h = write_file(dir.path(), "h.csv", &hourly(21));
    let h = h.to_str().unwrap();
    let (code, out, err) = forecast(&[
        h,
        "--timezone",
        "Asia/Riyadh",
        "--start",
        "2026-02-22",
        "--days",
        "6",
        "--method",
        "seasonal-naive",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let csv = Csv::parse(&out);
    assert_eq!(csv.header, ["start", "volume", "p10", "p90"]);
    assert_eq!(csv.rows.len(), 6 * 48);
    let at = |start: &str| csv.rows.iter().find(|r| r["start"] == start).unwrap()["volume"].clone();
    assert_eq!(at("2026-02-22 09:00+03:00"), "42.000");
    assert_eq!(at("2026-02-22 09:30+03:00"), "42.000");
    assert_eq!(at("2026-02-22 08:30+03:00"), "0.000");
    // Monday 02-23 from Monday 02-16 (i = 15, weekday 0): 10 + 15 = 25 → 12.5.
    assert_eq!(at("2026-02-23 16:30+03:00"), "12.500");
    assert_eq!(at("2026-02-27 12:00+03:00"), "0.000");
}

#[test]
fn bad_history_is_refused_naming_the_line_or_flag() {
    let dir = tempdir();
    let p = |name: &str, text: &str| {
        write_file(dir.path(), name, text)
            .to_str()
            .unwrap()
            .to_string()
    };
    let tz = [
        "--timezone",
        "Asia/Riyadh",
        "--start",
        "2026-03-01",
        "--days",
        "7",
    ];
    let run = |file: &str, expect: &[&str]| {
        let mut args = vec![file];
        args.extend(tz);
        refused(&args, expect);
    };
    run(&p("empty.csv", ""), &["empty.csv", "the file is empty"]);
    run(
        &p("week.csv", &hourly(7)),
        &[
            "week.csv",
            "covers 5 days (2026-02-01 to 2026-02-05)",
            "at least 14 days",
        ],
    );
    let good = hourly(21);
    let mut lines: Vec<&str> = good.lines().collect();
    lines.swap(2, 3);
    run(
        &p("unsorted.csv", &lines.join("\n")),
        &["unsorted.csv: line 4, start", "sort the history"],
    );
    let mut lines: Vec<&str> = good.lines().collect();
    lines[3] = lines[2];
    run(
        &p("dup.csv", &lines.join("\n")),
        &["dup.csv: line 4, start", "the same start as line 3"],
    );
    let neg = good.replacen("09:00,70", "09:00,-3", 1);
    run(
        &p("neg.csv", &neg),
        &[
            "neg.csv: line 2, volume",
            "expected a number of contacts, 0 or more, got `-3`",
        ],
    );
    let word = good.replacen("09:00,70", "09:00,many", 1);
    run(
        &p("word.csv", &word),
        &["word.csv: line 2, volume", "got `many`"],
    );
    let h = p("h.csv", &good);
    refused(
        &[
            &h,
            "--timezone",
            "Asia/Riyadh",
            "--start",
            "2026-02-19",
            "--days",
            "7",
        ],
        &[
            "--start 2026-02-19",
            "runs to 2026-02-19 17:00+03:00",
            "2026-02-20",
        ],
    );
    let (code, _, err) = forecast(&[
        &h,
        "--timezone",
        "Mars/Olympus",
        "--start",
        "2026-03-01",
        "--days",
        "7",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--timezone"), "{err}");
    refused(
        &[
            &h,
            "--timezone",
            "Asia/Riyadh",
            "--start",
            "2026-03-01",
            "--days",
            "7",
            "--interval",
            "40m",
        ],
        &["h.csv", "60 min apart", "40 min", "--interval"],
    );
    refused(
        &[
            &h,
            "--timezone",
            "Asia/Riyadh",
            "--start",
            "2026-03-01",
            "--days",
            "7",
            "--method",
            "average-8",
        ],
        &[
            "--method",
            "average-8 needs at least 56 days",
            "has 19 (from 2026-02-01 to 2026-02-19)",
        ],
    );
}

#[test]
fn auto_says_which_method_it_used() {
    let dir = tempdir();
    let h = write_file(dir.path(), "h.csv", &hourly(15));
    let (code, out, err) = forecast(&[
        h.to_str().unwrap(),
        "--timezone",
        "Asia/Riyadh",
        "--start",
        "2026-02-16",
        "--days",
        "7",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("auto: seasonal-naive, unscored: 15 days of history are too few"),
        "{out}"
    );
    // Far past the history's end, the lead is why `auto` cannot backtest:
    // hourly(35) ends on Thursday 2026-03-05, 367 days before 2027-03-07.
    let h = write_file(dir.path(), "h35.csv", &hourly(35));
    let (code, out, err) = forecast(&[
        h.to_str().unwrap(),
        "--timezone",
        "Asia/Riyadh",
        "--start",
        "2027-03-07",
        "--days",
        "7",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("at this lead (387 needed: 14 to fit on, the 366 days between the history's end and the forecast, and 7 scored)"),
        "{out}"
    );
}

/// The example history's forecast written with -o, then planned from a
/// scenario that reads it with `forecast: {csv: ...}`; the volume in the
/// horizon equals that of the same scenario with `forecast: {history: ...}`.
#[test]
fn the_csv_output_plans_in_a_scenario() {
    let dir = tempdir();
    let csv = dir.path().join("helpdesk-forecast.csv");
    let (code, _, err) = forecast(&[
        "scenarios/history/helpdesk.csv",
        "--timezone",
        "Europe/London",
        "--start",
        "2026-03-01",
        "--days",
        "8",
        "--holidays",
        "scenarios/history/holidays.csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    // Not overwritten without --force.
    let (code, _, err) = forecast(&[
        "scenarios/history/helpdesk.csv",
        "--timezone",
        "Europe/London",
        "--start",
        "2026-03-01",
        "--days",
        "8",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("already exists"), "{err}");
    let from_history = std::fs::read_to_string("scenarios/forecast-from-history.yaml").unwrap();
    let from_csv = from_history
        .replace(
            "history: history/helpdesk.csv",
            &format!("csv: {}", csv.display()),
        )
        .lines()
        .filter(|l| {
            !l.trim_start().starts_with("holidays:") && !l.trim_start().starts_with("method:")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let scenario = write_file(dir.path(), "s.yaml", &from_csv);
    let volume = |path: &Path| {
        let out = staffplan().arg("check").arg(path).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("helpdesk "))
            .unwrap()
            .to_string();
        line.split_whitespace().last().unwrap().to_string()
    };
    assert_eq!(
        volume(&scenario),
        volume(Path::new("scenarios/forecast-from-history.yaml"))
    );
    let out = staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(dir.path().join("plan"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn backtest_writes_accuracy_csv_beside_the_poisson_floor() {
    let dir = tempdir();
    let args = [
        "scenarios/history/helpdesk.csv",
        "--timezone",
        "Europe/London",
        "--backtest",
        "--from",
        "2026-02-02",
    ];
    let o = dir.path().join("acc");
    let mut with_o = args.to_vec();
    with_o.extend(["-o", o.to_str().unwrap()]);
    let (code, out, err) = forecast(&with_o);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("no forecast beats it"), "{out}");
    let csv = Csv::parse(&std::fs::read_to_string(o.join("accuracy.csv")).unwrap());
    assert_eq!(
        csv.header,
        [
            "method",
            "level",
            "days",
            "pairs",
            "wape",
            "mape",
            "smape",
            "mase",
            "bias",
            "poisson_floor"
        ]
    );
    // Seven methods and auto, each per interval and per day.
    assert_eq!(csv.rows.len(), 16);
    assert!(csv.rows.iter().any(|r| r["method"] == "auto"));
    // February 2 to 27: 20 weekdays, each scored by every method (the
    // history starts 2025-11-24, 10 weeks before: enough for average-8).
    for r in &csv.rows {
        assert_eq!(r["days"], "20", "{r:?}");
        let w: f64 = r["wape"].parse().unwrap();
        let floor: f64 = r["poisson_floor"].parse().unwrap();
        assert!(
            w >= floor * 0.9,
            "{r:?}: a WAPE well under the Poisson floor is not credible"
        );
    }
    let svg = std::fs::read_to_string(o.join("forecast_error.svg")).unwrap();
    assert!(
        svg.contains("Forecast error by time of day, day-ahead") && svg.contains("holt-winters")
    );
    // The fit chart shows the method accuracy.csv scores best per interval.
    let best = csv
        .rows
        .iter()
        .filter(|r| r["level"] == "interval")
        .min_by(|a, b| {
            let w =
                |r: &std::collections::BTreeMap<String, String>| r["wape"].parse::<f64>().unwrap();
            w(a).total_cmp(&w(b))
        })
        .map(|r| r["method"].clone())
        .unwrap();
    let fit = std::fs::read_to_string(o.join("forecast_fit.svg")).unwrap();
    assert!(
        fit.contains(&format!(
            "Forecast ({best}, day-ahead) against actual contacts per day"
        )),
        "{best}"
    );
    assert!(o.join("forecast_fit.png").exists());
    // The folder follows `plan -o`'s rule: it carries the marker, so the
    // next backtest replaces it whole (the same bytes: no clock)...
    assert!(o.join(".staffplan-output").is_file());
    let (code, _, err) = forecast(&with_o);
    assert_eq!(code, Some(0), "{err}");
    let again = Csv::parse(&std::fs::read_to_string(o.join("accuracy.csv")).unwrap());
    assert_eq!(again.rows, csv.rows);
    // ... while a folder of the user's is refused, with or without --force,
    // and left as it was.
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "mine").unwrap();
    let mut onto_mine = args.to_vec();
    onto_mine.extend(["-o", mine.to_str().unwrap()]);
    refused(&onto_mine, &["holds files staffplan did not write"]);
    onto_mine.push("--force");
    refused(&onto_mine, &["--force", "replaced whole"]);
    let left: Vec<_> = std::fs::read_dir(&mine).unwrap().collect();
    assert_eq!(left.len(), 1);
    // `plan` will not replace a backtest's folder either.
    let plan = staffplan()
        .args(["plan", "scenarios/quick-start.yaml", "-o"])
        .arg(&o)
        .output()
        .unwrap();
    assert_eq!(plan.status.code(), Some(2));
    refused(
        &[
            "scenarios/history/helpdesk.csv",
            "--timezone",
            "Europe/London",
            "--backtest",
            "--from",
            "2025-11-25",
        ],
        &["--from 2025-11-25", "2025-12-08"],
    );
}

/// The helpdesk's Monday 2026-03-02 forecast plainly and updated at 12:00
/// with a morning of `quarter` contacts every quarter hour from 08:00:
/// (the morning's forecast F, its ratio R = A / F, the afternoon's ratios
/// updated / plain), after checking the morning became the actuals.
fn update_at_noon(quarter: u32) -> (f64, f64, Vec<f64>) {
    let dir = tempdir();
    let mut today = String::from("start,volume\n");
    for h in 8..12 {
        for m in [0, 15, 30, 45] {
            let _ = writeln!(today, "2026-03-02 {h:02}:{m:02},{quarter}");
        }
    }
    let today = write_file(dir.path(), "today.csv", &today);
    let base = [
        "scenarios/history/helpdesk.csv",
        "--timezone",
        "Europe/London",
        "--start",
        "2026-03-02",
        "--format",
        "csv",
    ];
    let mut plain_args = base.to_vec();
    plain_args.extend(["--days", "1"]);
    let (_, plain, _) = forecast(&plain_args);
    let mut args = base.to_vec();
    args.extend(["--actuals", today.to_str().unwrap(), "--at", "12:00"]);
    let (code, updated, err) = forecast(&args);
    assert_eq!(code, Some(0), "{err}");
    let (plain, updated) = (Csv::parse(&plain), Csv::parse(&updated));
    assert_eq!(plain.rows.len(), updated.rows.len());
    let v = |r: &std::collections::BTreeMap<String, String>| r["volume"].parse::<f64>().unwrap();
    let (mut f_morning, mut ratios) = (0.0, Vec::new());
    for (p, u) in plain.rows.iter().zip(&updated.rows) {
        let hour: u32 = p["start"][11..13].parse().unwrap();
        if (8..12).contains(&hour) {
            assert_eq!(v(u), 2.0 * f64::from(quarter), "{u:?}");
            f_morning += v(p);
        } else if hour >= 12 && v(p) > 1.0 {
            ratios.push(v(u) / v(p));
        }
    }
    let r = 16.0 * f64::from(quarter) / f_morning;
    for x in &ratios {
        assert!(
            (x - ratios[0]).abs() < 1e-3 * ratios[0],
            "one ratio for the afternoon: {x} vs {}",
            ratios[0]
        );
    }
    (f_morning, r, ratios)
}

/// `--actuals --at`: the morning becomes the actuals (four quarter hours of
/// 40 → 80 a half hour), and every later interval is the plain forecast
/// times one ratio R*, between 1 and the morning's actual/forecast ratio
/// (shrunk toward 1, never past it).
#[test]
fn the_intraday_update_keeps_the_morning_and_scales_the_rest() {
    let (_, r, ratios) = update_at_noon(40);
    assert!(r > 1.0, "the test needs a busy morning: {r}");
    assert!(
        (1.0 - 1e-3..=r + 1e-3).contains(&ratios[0]),
        "R* = {}, R = {r}",
        ratios[0]
    );
}

/// A morning at over twice the forecast is no day of a steady history: the
/// day's spread is raised to τ²_d ≥ (R − 1)²/9 − 1/F, so the weight
/// w = τ²_d / (τ²_d + 1/F) ≥ 1 − 9 / (F (R − 1)²), at least 0.9 when R ≥ 2
/// and F ≥ 90: the afternoon follows the surge (before, × 1.02).
#[test]
fn a_surge_far_beyond_the_history_spread_carries_into_the_afternoon() {
    let (f, r, ratios) = update_at_noon(400);
    assert!(r >= 2.0 && f >= 90.0, "R = {r}, F = {f}");
    let floor = 1.0 + (1.0 - 9.0 / (f * (r - 1.0).powi(2))) * (r - 1.0);
    assert!(
        ratios[0] >= floor - 1e-3 && ratios[0] <= r + 1e-3,
        "R* = {}, at least {floor}, R = {r}",
        ratios[0]
    );
}

/// A flat history (1 contact every half hour, all day, every day), local
/// times without offsets.
fn flat_half_hours(from: &str, days: u64) -> String {
    let first = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap();
    let mut s = String::from("start,volume\n");
    for i in 0..days {
        for slot in 0..48 {
            let _ = writeln!(
                s,
                "{} {:02}:{:02},1",
                first + chrono::Days::new(i),
                slot / 2,
                slot % 2 * 30
            );
        }
    }
    s
}

#[test]
fn daylight_saving_in_the_history_and_the_horizon() {
    let dir = tempdir();
    let h = write_file(dir.path(), "ny.csv", &flat_half_hours("2026-02-01", 28));
    // The US spring-forward day has 46 half hours: 02:00 and 02:30 do not exist.
    let (code, out, err) = forecast(&[
        h.to_str().unwrap(),
        "--timezone",
        "America/New_York",
        "--start",
        "2026-03-08",
        "--days",
        "1",
        "--method",
        "average-4",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let csv = Csv::parse(&out);
    assert_eq!(csv.rows.len(), 46);
    assert_eq!(csv.rows[0]["start"], "2026-03-08 00:00-05:00");
    assert_eq!(csv.rows[4]["start"], "2026-03-08 03:00-04:00");
    // Four weeks of exactly 1 per half hour: HA-4 forecasts exactly 1.
    assert!(csv.rows.iter().all(|r| r["volume"] == "1.000"), "{out}");
    // A repeated local time without its offset is refused, naming the line:
    // the first, 2025-11-02 01:00, is row 3 of that day (00:00, 00:30,
    // 01:00), so line 1 (header) + 48 × 14 + 3 = 676 of a history from
    // 2025-10-19.
    let fall = write_file(dir.path(), "fall.csv", &flat_half_hours("2025-10-19", 28));
    refused(
        &[
            fall.to_str().unwrap(),
            "--timezone",
            "America/New_York",
            "--start",
            "2025-12-01",
            "--days",
            "1",
        ],
        &["fall.csv: line 676, start", "happens twice"],
    );
}

/// The scenario form refuses what does not belong and names the field.
#[test]
fn a_scenario_history_forecast_names_its_bad_keys() {
    let dir = tempdir();
    let root = crate::common::root().join("scenarios/history");
    let base = std::fs::read_to_string("scenarios/forecast-from-history.yaml")
        .unwrap()
        .replace(
            "history/helpdesk.csv",
            root.join("helpdesk.csv").to_str().unwrap(),
        )
        .replace(
            "history/holidays.csv",
            root.join("holidays.csv").to_str().unwrap(),
        );
    let check = |name: &str, yaml: &str, expect: &[&str]| {
        let path = write_file(dir.path(), name, yaml);
        let out = staffplan().arg("check").arg(&path).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        for e in expect {
            assert!(err.contains(e), "{name}: expected `{e}` in {err}");
        }
    };
    check(
        "method.yaml",
        &base.replace("method: auto", "method: arima"),
        &["queues[0].forecast.method", "expected auto, seasonal-naive"],
    );
    check(
        "both.yaml",
        &base.replace("method: auto", "method: auto\n      csv: x.csv"),
        &["queues[0].forecast.csv", "does not go with `history`"],
    );
    check(
        "early.yaml",
        &base.replace("start: 2026-03-02", "start: 2026-02-16"),
        &["queues[0].forecast.history", "into the plan's horizon"],
    );
    let no_history = base.replace(
        &format!("history: {}", root.join("helpdesk.csv").display()),
        "weekly_volume: 10000",
    );
    check(
        "stray.yaml",
        &no_history,
        &[
            "queues[0].forecast.holidays",
            "belongs to a forecast from history",
        ],
    );
}

#[test]
fn a_history_with_queues_forecasts_each() {
    // Two queues in one file: `a` the hourly pattern, `b` twice it. Seasonal
    // naive repeats each queue's own last Sunday: 84 and 168 an hour, 42 and
    // 84 a half hour (see seasonal_naive_repeats_last_week_split_to_half_hours).
    let mut text = String::from("queue,start,volume\n");
    for line in hourly(21).lines().skip(1) {
        let (start, v) = line.split_once(',').unwrap();
        let v: u32 = v.parse().unwrap();
        let _ = writeln!(text, "a,{start},{v}");
        let _ = writeln!(text, "b,{start},{}", 2 * v);
    }
    let dir = tempdir();
    let h = write_file(dir.path(), "q.csv", &text);
    let (code, out, err) = forecast(&[
        h.to_str().unwrap(),
        "--timezone",
        "Asia/Riyadh",
        "--start",
        "2026-02-22",
        "--days",
        "1",
        "--method",
        "seasonal-naive",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let csv = Csv::parse(&out);
    assert_eq!(csv.header, ["start", "volume", "p10", "p90", "queue"]);
    assert_eq!(csv.rows.len(), 2 * 48);
    let at = |q: &str| {
        csv.rows
            .iter()
            .find(|r| r["queue"] == q && r["start"] == "2026-02-22 09:00+03:00")
            .unwrap()["volume"]
            .clone()
    };
    assert_eq!(
        (at("a"), at("b")),
        ("42.000".to_string(), "84.000".to_string())
    );
}

#[test]
fn a_scenario_forecast_from_history_names_its_method_and_backtest() {
    // The scenario's queue and the forecast command, on the same history,
    // holidays and 30-minute interval, choose the same method with the same
    // backtest WAPE; `check` (and so the report's scenario section) says it.
    let (code, out, err) = forecast(&[
        "scenarios/history/helpdesk.csv",
        "--timezone",
        "Europe/London",
        "--start",
        "2026-03-01",
        "--days",
        "8",
        "--holidays",
        "scenarios/history/holidays.csv",
    ]);
    assert_eq!(code, Some(0), "{err}");
    // "method: auto: holt-winters had the lowest WAPE, 12.8 %, ..."
    let line = out
        .lines()
        .find(|l| l.contains("had the lowest WAPE"))
        .unwrap();
    let after = line.split("auto: ").nth(1).unwrap();
    let method = after.split_whitespace().next().unwrap();
    let wape = after
        .split("WAPE, ")
        .nth(1)
        .unwrap()
        .split(" %")
        .next()
        .unwrap();
    let check = staffplan()
        .args(["check", "scenarios/forecast-from-history.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8(check.stdout).unwrap();
    let expected = format!("helpdesk.csv ({method}, backtest WAPE {wape} %)");
    assert!(text.contains(&expected), "{expected} in:\n{text}");
}

/// `forecast --backtest --format csv` of a real history (`history`, time
/// zone, interval, holidays) from `from`, `horizon` ahead.
fn real_backtest(history: [&str; 4], from: &str, horizon: &str) -> Csv {
    let [file, zone, interval, holidays] = history;
    let (code, out, err) = forecast(&[
        file,
        "--timezone",
        zone,
        "--interval",
        interval,
        "--holidays",
        holidays,
        "--backtest",
        "--from",
        from,
        "--horizon",
        horizon,
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{err}");
    Csv::parse(&out)
}

/// A method's WAPE at `level` in accuracy.csv rows, which must have scored
/// `days` days.
fn wape(csv: &Csv, method: &str, level: &str, days: &str) -> f64 {
    let r = csv
        .rows
        .iter()
        .find(|r| r["method"] == method && r["level"] == level)
        .unwrap();
    assert_eq!(r["days"], days, "{r:?}");
    r["wape"].parse().unwrap()
}

/// The backtest of the real Anonymous Bank history (scenarios/history/
/// anonymous-bank/README.md) `lead` days ahead, as accuracy.csv rows.
fn anonymous_bank(horizon: &str) -> Csv {
    let history = [
        "scenarios/history/anonymous-bank-1999.csv",
        "Etc/GMT-2",
        "60m",
        "scenarios/history/anonymous-bank/holidays-1999.csv",
    ];
    real_backtest(history, "1999-03-07", horizon)
}

#[test]
fn on_real_call_centre_data_ratio_ar_beats_the_eight_week_average() {
    // 1999 arrivals per hour of an Israeli bank's call centre (Sunday to
    // Thursday, Israeli holidays in the calendar), 287 days scored from
    // 7 March. What docs/benchmarks.md reports, with a margin: day-ahead
    // ratio-ar's WAPE is at least 15 % under HA-8's per day and 5 % under it
    // per interval; a week ahead it is under HA-8's at both levels. Smoothed
    // and Holt-Winters a week ahead are worse than HA-8 here: the aim "never
    // worse than it" is ratio-ar's.
    let wape = |csv: &Csv, method: &str, level: &str| wape(csv, method, level, "287");
    let day = anonymous_bank("1d");
    let week = anonymous_bank("7d");
    for (csv, per_day, per_interval) in [(&day, 0.85, 0.95), (&week, 1.0, 1.0)] {
        let (d, ha) = (wape(csv, "ratio-ar", "day"), wape(csv, "average-8", "day"));
        assert!(d < per_day * ha, "per day: ratio-ar {d}, average-8 {ha}");
        let (i, ha) = (
            wape(csv, "ratio-ar", "interval"),
            wape(csv, "average-8", "interval"),
        );
        assert!(
            i < per_interval * ha,
            "per interval: ratio-ar {i}, average-8 {ha}"
        );
    }
}

/// The backtest of the real bank_calls history (scenarios/history/
/// bank-calls/README.md) from 5 May 2003, `horizon` ahead, as accuracy.csv
/// rows.
fn bank_calls(horizon: &str) -> Csv {
    let history = [
        "scenarios/history/bank-calls-2003.csv",
        "America/New_York",
        "30m",
        "scenarios/history/bank-calls/holidays-2003.csv",
    ];
    real_backtest(history, "2003-05-05", horizon)
}

#[test]
fn on_bank_calls_ratio_ar_combined_and_auto_meet_the_aims() {
    // A North American bank's calls per 30 minutes, weekdays only, 2003,
    // scored from 5 May: 121 days with data (164 less the 43 before). The
    // issue's aims, as docs/benchmarks.md measures them on data the methods
    // were not designed on: day-ahead, the WAPE of ratio-ar (16.1 % and
    // 30.9 % under), of the combination (16.9 %, 29.6 %) and of `auto`
    // (16.0 %, 27.7 %; 13.5 % and 25.7 % before it could pick the
    // combination) at least 15 % under the 8-week average's per interval
    // and per day; a week ahead all three under it at both levels (auto
    // 0.5 % and 3.2 %).
    let wape = |csv: &Csv, method: &str, level: &str| wape(csv, method, level, "121");
    let day = bank_calls("1d");
    let week = bank_calls("7d");
    for level in ["interval", "day"] {
        for method in ["ratio-ar", "combined", "auto"] {
            let (d, ha) = (wape(&day, method, level), wape(&day, "average-8", level));
            assert!(d < 0.85 * ha, "{level}: {method} {d}, average-8 {ha}");
            let (w, ha) = (wape(&week, method, level), wape(&week, "average-8", level));
            assert!(w < ha, "{level}: {method} {w}, average-8 {ha}");
        }
    }
}

#[test]
fn bank_calls_the_monday_after_independence_day_carries_memorial_days_share() {
    // Cut before Monday 7 July 2003 (Friday 4 July closed, no weekend data):
    // its next open day is the Monday. The one earlier case, Memorial Day
    // (Monday 26 May) → Tuesday 27 May, gives by hand from the daily totals
    // θ = (38 235 − b(Tue)) / b(Mon), b the four same weekdays before:
    // b(Tue) = 30 002.5, b(Mon) = 34 389.75, θ = 0.2394. ratio-ar's forecast
    // of the Monday is within 10 % of its 38 603 calls (the issue's aim).
    let dir = tempdir();
    let full = std::fs::read_to_string("scenarios/history/bank-calls-2003.csv").unwrap();
    let total = |day: &str| -> f64 {
        full.lines()
            .filter(|l| l.starts_with(day))
            .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
            .sum()
    };
    let mean = |days: [&str; 4]| days.iter().map(|d| total(d)).sum::<f64>() / 4.0;
    let b_tue = mean(["2003-05-20", "2003-05-13", "2003-05-06", "2003-04-29"]);
    let b_mon = mean(["2003-05-19", "2003-05-12", "2003-05-05", "2003-04-28"]);
    let theta = (total("2003-05-27") - b_tue) / b_mon;
    assert!((theta - 0.2394).abs() < 1e-4, "{theta}");
    let cut: String = full
        .lines()
        .filter(|l| l.starts_with("start") || *l < "2003-07-07")
        .map(|l| format!("{l}\n"))
        .collect();
    let cut = write_file(dir.path(), "cut.csv", &cut);
    let run = |format: &str| {
        let (code, out, err) = forecast(&[
            cut.to_str().unwrap(),
            "--timezone",
            "America/New_York",
            "--holidays",
            "scenarios/history/bank-calls/holidays-2003.csv",
            "--start",
            "2003-07-07",
            "--days",
            "1",
            "--method",
            "ratio-ar",
            "--format",
            format,
        ]);
        assert_eq!(code, Some(0), "{err}");
        out
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let share = json["queues"][0]["displaced_share"].as_f64().unwrap();
    assert!((share - theta).abs() < 5e-4, "{share} vs {theta}");
    let monday: f64 = Csv::parse(&run("csv"))
        .rows
        .iter()
        .map(|r| r["volume"].parse::<f64>().unwrap())
        .sum();
    let actual = total("2003-07-07");
    assert!((monday / actual - 1.0).abs() < 0.10, "{monday} vs {actual}");
}

#[test]
fn bank_calls_five_minute_rows_forecast_as_their_half_hour_sums() {
    // The 5-minute file read at 30 minutes by staffplan and the 30-minute
    // file summed by bank_calls.py give the same forecast, byte for byte.
    let run = |file: &str| {
        let (code, out, err) = forecast(&[
            file,
            "--timezone",
            "America/New_York",
            "--holidays",
            "scenarios/history/bank-calls/holidays-2003.csv",
            "--start",
            "2003-10-27",
            "--days",
            "5",
            "--format",
            "csv",
        ]);
        assert_eq!(code, Some(0), "{err}");
        out
    };
    let half = run("scenarios/history/bank-calls-2003.csv");
    assert_eq!(half.lines().count(), 1 + 5 * 48);
    assert_eq!(
        run("scenarios/history/bank-calls/calls-5min-2003.csv"),
        half
    );
}

/// Slips that used to pass in silence: a folder for a file, a row off the
/// grid (both lines named), the backtest's flags without --backtest, and
/// actuals that start late, or stop short of or run past --at.
#[test]
fn forecast_slips_are_refused_naming_the_flag_or_lines() {
    let dir = tempdir();
    let path = |p: std::path::PathBuf| p.to_str().unwrap().to_string();
    let run = |args: &[&str], expect: &[&str]| refused(args, expect);
    let week = [
        "--timezone",
        "Asia/Riyadh",
        "--start",
        "2026-03-01",
        "--days",
        "7",
    ];
    let folder = path(dir.path().to_path_buf());
    run(
        &[&[folder.as_str()][..], &week].concat(),
        &["not a regular file"],
    );
    let off = path(write_file(
        dir.path(),
        "off.csv",
        "start,volume\n2026-02-01 09:00,1\n2026-02-01 10:00,1\n2026-02-01 10:31,1\n2026-02-01 11:00,1\n",
    ));
    run(
        &[&[off.as_str()][..], &week].concat(),
        &["off.csv: line 5, start", "lines 4 and 5", "29 min apart"],
    );
    // hourly(35) ends on Thursday 2026-03-05; Sunday 2026-03-08 09:00-16:00 is open.
    let h = path(write_file(dir.path(), "h.csv", &hourly(35)));
    let day = [
        h.as_str(),
        "--timezone",
        "Asia/Riyadh",
        "--start",
        "2026-03-08",
    ];
    fn with<'a>(day: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
        [day, more].concat()
    }
    run(
        &with(&day, &["--days", "1", "--from", "2026-02-22"]),
        &["--from", "add --backtest"],
    );
    run(
        &with(&day, &["--days", "1", "--horizon", "7d"]),
        &["--horizon", "add --backtest"],
    );
    run(
        &[
            h.as_str(),
            "--timezone",
            "Asia/Riyadh",
            "--backtest",
            "--from",
            "2026-02-22",
            "--method",
            "average-4",
        ],
        &["--method", "scores every method"],
    );
    let actuals = |name: &str, hours: std::ops::Range<u32>| {
        let mut s = String::from("start,volume\n");
        for hour in hours {
            let _ = writeln!(s, "2026-03-08 {hour:02}:00,5");
        }
        path(write_file(dir.path(), name, &s))
    };
    let (short, long) = (actuals("short.csv", 9..11), actuals("long.csv", 9..14));
    run(
        &with(&day, &["--actuals", &short, "--at", "12:00"]),
        &[
            "short.csv, start",
            "ends at 2026-03-08 11:00+03:00",
            "stop before --at",
        ],
    );
    run(
        &with(&day, &["--actuals", &long, "--at", "12:00"]),
        &[
            "long.csv, start",
            "ends at 2026-03-08 14:00+03:00",
            "run past --at",
        ],
    );
    run(
        &with(&day, &["--actuals", &long, "--at", "00:00"]),
        &["--at 00:00", "no interval"],
    );
    // The forecast's default 30-minute intervals: 12:15 would drop the
    // contacts received 12:00–12:15; the grid times either side are 12:00
    // and 12:30.
    run(
        &with(&day, &["--actuals", &long, "--at", "12:15"]),
        &[
            "--at 12:15 is inside a 30-minute interval",
            "give --at 12:00 or --at 12:30",
        ],
    );
    // The queue opens at 09:00 (hourly(35)): actuals from 10:00 miss an
    // hour the forecast expects contacts in, and would count it as none.
    let late = actuals("late.csv", 10..12);
    run(
        &with(&day, &["--actuals", &late, "--at", "12:00"]),
        &["late.csv, start", "start at 10:00", "(from 09:00)"],
    );
    // Hourly actuals 09:00, 10:00 and 12:00 to --at 13:00: 11:00-12:00 has
    // no row, which would count as no contacts.
    let gap = path(write_file(
        dir.path(),
        "gap.csv",
        "start,volume\n2026-03-08 09:00,5\n2026-03-08 10:00,5\n2026-03-08 12:00,5\n",
    ));
    run(
        &with(&day, &["--actuals", &gap, "--at", "13:00"]),
        &["gap.csv, start", "no row for 11:00-12:00 on 2026-03-08"],
    );
    // The actuals update the one day of --start: --days 2 is refused.
    run(
        &with(&day, &["--days", "2", "--actuals", &short, "--at", "11:00"]),
        &["--days 2: --actuals re-forecasts the one day of --start"],
    );
}

/// Where clocks go back the forecast's rows stay in time order (01:00 EDT,
/// 01:30 EDT, 01:00 EST, 01:30 EST), as a history must be.
#[test]
fn a_forecast_over_the_clock_change_is_in_time_order() {
    let dir = tempdir();
    let h = write_file(dir.path(), "ny.csv", &flat_half_hours("2025-10-05", 28));
    let (code, out, err) = forecast(&[
        h.to_str().unwrap(),
        "--timezone",
        "America/New_York",
        "--start",
        "2025-11-02",
        "--days",
        "1",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let csv = Csv::parse(&out);
    assert_eq!(csv.rows.len(), 50, "25 hours of half hours");
    let at = |i: usize| {
        chrono::DateTime::parse_from_str(&csv.rows[i]["start"], "%Y-%m-%d %H:%M%:z").unwrap()
    };
    for i in 1..csv.rows.len() {
        assert_eq!((at(i) - at(i - 1)).num_minutes(), 30, "row {i}: {out}");
    }
    assert_eq!(csv.rows[3]["start"], "2025-11-02 01:30-04:00");
    assert_eq!(csv.rows[4]["start"], "2025-11-02 01:00-05:00");
}

/// A two-queue forecast written by `staffplan forecast` reads back as a
/// scenario's `forecast: {csv}`: the scenario queue's own rows (or those
/// of `queue: ID`), checked against the file summed by hand; a file of
/// several queues with no way to choose is refused naming them.
#[test]
fn a_multi_queue_forecast_reads_back_queue_by_queue() {
    let dir = tempdir();
    let mut history = String::from("start,volume,queue\n");
    for day in 1..=28 {
        for hour in 0..24 {
            for (queue, v) in [("helpdesk", 10), ("other", 100)] {
                let _ = writeln!(history, "2026-02-{day:02} {hour:02}:00,{v},{queue}");
            }
        }
    }
    let h = write_file(dir.path(), "h.csv", &history);
    let f = dir.path().join("f.csv");
    let (code, _, err) = forecast(&[
        h.to_str().unwrap(),
        "--timezone",
        "UTC",
        "--start",
        "2026-03-02",
        "--days",
        "2",
        "--format",
        "csv",
        "-o",
        f.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let written = Csv::read(&f);
    let file_sum = |queue: &str| -> f64 {
        (written.rows.iter())
            .filter(|r| r["queue"] == queue)
            .map(|r| r["volume"].parse::<f64>().unwrap())
            .sum()
    };
    let scenario = |id: &str, extra: &str| {
        write_file(
            dir.path(),
            &format!("{id}.yaml"),
            &format!(
                r#"name: read back
site: {{timezone: UTC, start: 2026-03-02, days: 2, interval: 1h, cyclic: false}}
shrinkage: {{total: 0}}
pools: [{{id: p}}]
queues:
  - {{id: {id}, timezone: UTC, pool: p, aht: 3m, service_level: 80/20, forecast: {{csv: f.csv{extra}}}}}
shifts:
  templates:
    - {{name: eight, paid: 8h, length: 8h, starts: "00:00-23:00/1h"}}
"#
            ),
        )
    };
    let staffed_sum = |sc: &Path| -> f64 {
        let out = dir.path().join("out");
        let o = staffplan()
            .arg("staff")
            .arg(sc)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let req = Csv::read(&out.join("requirements.csv"));
        req.rows
            .iter()
            .map(|r| r["volume"].parse::<f64>().unwrap())
            .sum()
    };
    for (sc, queue) in [
        (scenario("helpdesk", ""), "helpdesk"),
        (scenario("other-client", ", queue: other"), "other"),
    ] {
        let (want, got) = (file_sum(queue), staffed_sum(&sc));
        assert!(
            want > 0.0 && (got - want).abs() < 1e-6 * want,
            "{queue}: {got} vs {want}"
        );
    }
    let sc = scenario("sales", "");
    let o = staffplan().arg("staff").arg(&sc).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("f.csv, queue: no queue `sales` in the file: name the one to read with `forecast: {csv: FILE, queue: ID}`; the file's queues are helpdesk, other"),
        "{err}"
    );
}

/// `--at` in the hour the clocks skip: London goes from 01:00 GMT to 02:00
/// BST on Sunday 2026-03-29, so 01:30 does not exist that day; refused
/// naming the gap and the 30-minute grid times either side of it, 00:30
/// (the last before 01:00) and 02:00 (it was taken silently as 02:30).
#[test]
fn an_at_in_the_skipped_hour_is_refused_naming_its_neighbours() {
    let dir = tempdir();
    let h = write_file(dir.path(), "h.csv", &hourly(56)); // to Sat 2026-03-28
    let a = write_file(
        dir.path(),
        "a.csv",
        "start,volume\n2026-03-29 00:00,1\n2026-03-29 00:30,1\n",
    );
    refused(
        &[
            h.to_str().unwrap(),
            "--timezone",
            "Europe/London",
            "--start",
            "2026-03-29",
            "--days",
            "1",
            "--actuals",
            a.to_str().unwrap(),
            "--at",
            "01:30",
        ],
        &["--at 01:30: 2026-03-29 01:30 does not exist in Europe/London: the clocks go forward from 01:00 to 02:00; give --at 00:30 or --at 02:00"],
    );
}

/// London goes back from 02:00 BST to 01:00 GMT on Sunday 2026-10-25:
/// 01:00 and 01:30 happen twice. Actuals 00:00 5, 00:30 4, 01:00 BST 7,
/// 01:30 BST 2, 01:00 GMT 3 (21 contacts in five half hours) to --at
/// 01:30+00:00 over a flat history (1 a half hour, so the forecast before
/// --at is 5): each reading keeps its own actual (01:00 GMT was given the
/// first 01:00's 7), every later reading is 1 × one ratio between 1 and
/// 21 / 5; an --at without its offset, or with one London never has, is
/// refused naming both readings, and so is an actuals row without one.
#[test]
fn the_repeated_hour_keeps_each_readings_actuals() {
    let dir = tempdir();
    let h = write_file(dir.path(), "h.csv", &flat_half_hours("2026-09-27", 28));
    let rows = "start,volume\n2026-10-25 00:00,5\n2026-10-25 00:30,4\n2026-10-25 01:00+01:00,7\n2026-10-25 01:30+01:00,2\n2026-10-25 01:00+00:00,3\n";
    let a = write_file(dir.path(), "a.csv", rows);
    let (h, a) = (h.to_str().unwrap(), a.to_str().unwrap());
    let args = |at: &'static str| {
        let base = ["--timezone", "Europe/London", "--start", "2026-10-25"];
        let mut v = vec![h];
        v.extend(base);
        v.extend([
            "--method",
            "average-4",
            "--format",
            "csv",
            "--actuals",
            a,
            "--at",
            at,
        ]);
        v
    };
    let (code, out, err) = forecast(&args("01:30+00:00"));
    assert_eq!(code, Some(0), "{err}");
    let csv = Csv::parse(&out);
    assert_eq!(csv.rows.len(), 50, "25 hours of half hours");
    let got: Vec<(&str, f64)> = (csv.rows.iter())
        .map(|r| (&r["start"][11..], r["volume"].parse().unwrap()))
        .collect();
    let first: Vec<(&str, f64)> = [
        ("00:00+01:00", 5.0),
        ("00:30+01:00", 4.0),
        ("01:00+01:00", 7.0),
        ("01:30+01:00", 2.0),
        ("01:00+00:00", 3.0),
    ]
    .to_vec();
    assert_eq!(got[..5], first[..], "{out}");
    let r = got[5].1;
    assert!((1.0..=21.0 / 5.0).contains(&r), "{out}");
    assert!(got[5..].iter().all(|x| x.1 == r), "one ratio: {out}");
    // The table's day total is the CSV's rows summed: 21 + 45 × R*.
    let t: Vec<&str> = (args("01:30+00:00").into_iter())
        .map(|x| if x == "csv" { "table" } else { x })
        .collect();
    let (_, table, _) = forecast(&t);
    let total = format!("{:>9.0}", 21.0 + 45.0 * r);
    assert!(
        table.contains(&format!("2026-10-25  sun  {total}")),
        "{table}"
    );
    refused(
        &args("01:30"),
        &["--at 01:30: 2026-10-25 01:30 happens twice in Europe/London: the clocks go back from 02:00 to 01:00, so it is 01:30+01:00 then 01:30+00:00; give --at 01:30+01:00 or --at 01:30+00:00"],
    );
    refused(
        &args("01:30+05:00"),
        &["--at 01:30+05:00: 2026-10-25 01:30 with offset +05:00 is not a time in Europe/London: that local time is 01:30+01:00 and 01:30+00:00; give --at 01:30+01:00 or --at 01:30+00:00"],
    );
    let plain = rows.replace("01:00+00:00", "01:00");
    write_file(dir.path(), "a.csv", &plain);
    refused(
        &args("01:30+00:00"),
        &["a.csv: line 6, start: 2026-10-25 01:00 happens twice in Europe/London: the clocks go back from 02:00 to 01:00, so it is 01:00+01:00 then 01:00+00:00; add the offset, 2026-10-25 01:00+01:00 or 2026-10-25 01:00+00:00"],
    );
}

/// Lord Howe Island goes forward 30 minutes, 02:00 → 02:30, on Sunday
/// 2026-10-04: --at 02:15 (and 02:00) do not exist that day; the 30-minute
/// grid times either side that do are 01:30 and 02:30 (02:00, once
/// offered, does not exist).
#[test]
fn an_at_in_lord_howes_half_hour_gap_names_real_neighbours() {
    let dir = tempdir();
    let h = write_file(dir.path(), "h.csv", &flat_half_hours("2026-09-06", 28));
    let a = write_file(
        dir.path(),
        "a.csv",
        "start,volume\n2026-10-04 00:00,5\n2026-10-04 00:30,4\n",
    );
    for at in ["02:15", "02:00"] {
        refused(
            &[
                h.to_str().unwrap(),
                "--timezone",
                "Australia/Lord_Howe",
                "--start",
                "2026-10-04",
                "--actuals",
                a.to_str().unwrap(),
                "--at",
                at,
            ],
            &[&format!("--at {at}: 2026-10-04 {at} does not exist in Australia/Lord_Howe: the clocks go forward from 02:00 to 02:30; give --at 01:30 or --at 02:30")],
        );
    }
}

/// `forecast -o` never writes into a folder a command replaces whole: a
/// new file there would make the next `staff` refuse its own folder, and
/// `--force` onto one of its files would overwrite that run's output.
#[test]
fn forecast_o_into_an_output_folder_is_refused() {
    let dir = tempdir();
    let out = dir.path().join("staffed");
    staffplan()
        .args(["staff", "scenarios/quick-start.yaml", "-o"])
        .arg(&out)
        .assert()
        .success();
    let before = std::fs::read(out.join("requirements.csv")).unwrap();
    let h = write_file(dir.path(), "h.csv", &hourly(35));
    let path = |p: std::path::PathBuf| p.to_str().unwrap().to_string();
    let (new, old) = (path(out.join("fc.csv")), path(out.join("requirements.csv")));
    let hs = path(h);
    let args = |o: &str, force: bool| -> Vec<String> {
        let mut v: Vec<String> = [
            hs.as_str(),
            "--timezone",
            "Asia/Riyadh",
            "--start",
            "2026-03-08",
            "--days",
            "1",
            "-o",
            o,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if force {
            v.push("--force".into());
        }
        v
    };
    for (o, force) in [(&new, false), (&old, true)] {
        let a = args(o, force);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        refused(
            &a,
            &[
                "holds the outputs of `staffplan staff`",
                "write it outside that folder",
            ],
        );
    }
    assert!(!out.join("fc.csv").exists());
    assert_eq!(std::fs::read(out.join("requirements.csv")).unwrap(), before);
    // And the next `staff` there still replaces its folder.
    staffplan()
        .args(["staff", "scenarios/quick-start.yaml", "-o"])
        .arg(&out)
        .assert()
        .success();
}
