//! Forecasting from history (issue 18: "a 27 000-row 5-minute history, seven
//! months, forecast or backtested for a week in well under a second").
//!
//! The history: from Sunday 2026-01-04 (seven months, across the US clock
//! change), Sunday to Thursday 07:00–20:00 in 5-minute rows (156 a day),
//! Friday 09:00–14:00 and Saturday 10:00–15:00 (60 a day), cut at exactly
//! 27 000 rows; deterministic pseudo-random volumes and handle times. Written to a
//! temporary file once; each iteration reads it (the real CSV reader),
//! aggregates to 30 minutes and then
//!
//! * `forecast_week`: `auto` (every method backtested at a week's leads, from
//!   4–12 weekly origins) and a 7-day forecast;
//! * `backtest_week`: every method and `auto` forecasting each of the last 7
//!   days day-ahead (`--backtest --from`).
//!
//! `bank_calls_forecast_week` and `bank_calls_backtest_week` do the same on
//! real data: the 27 716 five-minute rows of `bank_calls`
//! (scenarios/history/bank-calls/, 3 March – 24 October 2003, weekdays
//! 07:00–21:05, New York time) with its holiday calendar.

use std::fmt::Write as _;
use std::hint::black_box;

use chrono::{Datelike, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};
use staffplan::forecast::backtest::score_history;
use staffplan::forecast::horizon::{forecast, Input};
use staffplan::forecast::special::Holidays;

/// 27 000 rows of 5-minute history, in `America/New_York` local time.
fn history() -> String {
    let mut s = String::from("start,volume,aht_s\n");
    let mut x: u64 = 18;
    let mut rows = 0;
    let first = NaiveDate::from_ymd_opt(2026, 1, 4).unwrap();
    for i in 0..214 {
        let d = first + chrono::Days::new(i);
        let (from, to) = match d.weekday().num_days_from_sunday() {
            0..=4 => (7 * 60, 20 * 60),
            5 => (9 * 60, 14 * 60),
            _ => (10 * 60, 15 * 60),
        };
        for m in (from..to).step_by(5) {
            if rows == 27_000 {
                return s;
            }
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let noise = (x >> 33) % 7;
            let _ = writeln!(
                s,
                "{d} {:02}:{:02},{},{}",
                m / 60,
                m % 60,
                3 + noise + (m / 120) % 4,
                200 + noise * 10
            );
            rows += 1;
        }
    }
    panic!("the history must reach 27 000 rows, it has {rows}");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.csv");
    std::fs::write(&path, history()).unwrap();
    week(c, "", &path, &Holidays::new());
}

fn bank_calls(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/history");
    let holidays =
        staffplan::scenario::holidays(&root.join("bank-calls/holidays-2003.csv")).unwrap();
    week(
        c,
        "bank_calls_",
        &root.join("bank-calls/calls-5min-2003.csv"),
        &holidays,
    );
}

/// `{prefix}forecast_week` and `{prefix}backtest_week` on the New York
/// history at `path`.
fn week(c: &mut Criterion, prefix: &str, path: &std::path::Path, holidays: &Holidays) {
    let tz = chrono_tz::America::New_York;
    c.bench_function(&format!("{prefix}forecast_week"), |b| {
        b.iter(|| {
            let h = staffplan::scenario::history(path, tz, 1800)
                .unwrap()
                .remove(0);
            let start = h.volume.all().end();
            let input = Input {
                volume: &h.volume,
                work: h.work.as_ref(),
                holidays,
                method: None,
            };
            black_box(forecast(input, start, 7).unwrap());
        })
    });
    c.bench_function(&format!("{prefix}backtest_week"), |b| {
        b.iter(|| {
            let h = staffplan::scenario::history(path, tz, 1800)
                .unwrap()
                .remove(0);
            let from = h.volume.days.len() - 7;
            black_box(score_history(&h.volume, holidays, from, 1));
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench, bank_calls
}
criterion_main!(benches);
