//! Forecasting on synthetic histories with a known answer and on small
//! cases worked by hand.

use chrono::{Datelike, NaiveDate, Weekday};

use super::horizon::{forecast, Input};
use super::special::{Effect, Holidays};
use super::*;
use crate::simulate::rng::Rng;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A Poisson draw by inversion (exact; λ here is at most a few hundred).
fn poisson(rng: &mut Rng, lambda: f64) -> f64 {
    let u = rng.uniform();
    let (mut k, mut p) = (0u32, (-lambda).exp());
    let mut cdf = p;
    while u > cdf && k < 10_000 {
        k += 1;
        p *= lambda / f64::from(k);
        cdf += p;
    }
    f64::from(k)
}

/// The true mean of a Sunday–Thursday centre (Friday and Saturday closed)
/// in 24 hourly intervals: weekday level × an intraday hump, × `level`.
fn truth(d: NaiveDate, slot: usize, level: f64) -> f64 {
    let day = match d.weekday() {
        Weekday::Sun => 1.3,
        Weekday::Mon => 1.1,
        Weekday::Tue | Weekday::Wed => 1.0,
        Weekday::Thu => 0.8,
        Weekday::Fri | Weekday::Sat => 0.0,
    };
    let hour = slot as f64;
    let shape = if (7.0..20.0).contains(&hour) {
        20.0 + 30.0 * (-(hour - 11.0).powi(2) / 8.0).exp()
    } else {
        0.0
    };
    level * day * shape
}

/// `weeks` of history from Sunday 2026-01-04 with Poisson noise; the level
/// is `level(day index)`. Friday and Saturday have no rows (no data).
fn synthetic(weeks: usize, seed: u64, level: impl Fn(usize) -> f64) -> Series {
    let first = date(2026, 1, 4);
    let mut rng = Rng::new(seed);
    let days = (0..weeks * 7)
        .map(|i| {
            let d = first + chrono::Days::new(i as u64);
            if matches!(d.weekday(), Weekday::Fri | Weekday::Sat) {
                return None;
            }
            Some(
                (0..24)
                    .map(|s| poisson(&mut rng, truth(d, s, level(i))))
                    .collect(),
            )
        })
        .collect();
    Series {
        first,
        slots: 24,
        days,
    }
}

#[test]
fn seasonal_naive_skips_a_missing_week_by_date() {
    // Mondays 2026-03-02 [1, 2] and 03-09 [3, 4]; Monday 03-16 missing,
    // a Tuesday 03-17 [9, 9] in between. The forecast of Monday 03-23 is the
    // last Monday with data, 03-09: [3, 4] (not the Tuesday, not zeros).
    let mut days = vec![None; 21];
    days[0] = Some(vec![1.0, 2.0]);
    days[7] = Some(vec![3.0, 4.0]);
    days[15] = Some(vec![9.0, 9.0]);
    let s = Series {
        first: date(2026, 3, 2),
        slots: 2,
        days,
    };
    let f = Method::SeasonalNaive
        .predict(s.all(), &[date(2026, 3, 23)])
        .unwrap();
    assert_eq!(f, vec![vec![3.0, 4.0]]);
    // HA-4 averages both Mondays: (1+3)/2 = 2, (2+4)/2 = 3 (needs 28 days:
    // 21 are too few).
    assert_eq!(
        Method::Average4.predict(s.all(), &[date(2026, 3, 23)]),
        None
    );
    let mut longer = s.clone();
    longer.days.extend(vec![None; 7]);
    let f = Method::Average4
        .predict(longer.all(), &[date(2026, 3, 30)])
        .unwrap();
    assert_eq!(f, vec![vec![2.0, 3.0]]);
}

#[test]
fn a_missing_wednesday_does_not_move_thursday() {
    let s = synthetic(12, 7, |_| 1.0);
    let mut gap = s.clone();
    // Drop the last Wednesday (index of 2026-03-18 from 2026-01-04 = 73).
    let wed = gap.index(date(2026, 3, 18)).unwrap();
    assert_eq!(gap.date(wed).weekday(), Weekday::Wed);
    gap.days[wed] = None;
    let thu = [date(2026, 3, 26)];
    for m in [Method::SeasonalNaive, Method::Average4, Method::Average8] {
        assert_eq!(
            m.predict(s.all(), &thu),
            m.predict(gap.all(), &thu),
            "{m:?}"
        );
    }
    // The models on totals keep Thursday's intraday shares exactly.
    for m in [Method::Smoothed, Method::HoltWinters] {
        let a = &m.predict(s.all(), &thu).unwrap()[0];
        let b = &m.predict(gap.all(), &thu).unwrap()[0];
        let (ta, tb): (f64, f64) = (a.iter().sum(), b.iter().sum());
        for (x, y) in a.iter().zip(b) {
            assert!((x / ta - y / tb).abs() < 1e-12, "{m:?}");
        }
    }
}

/// WAPE of `f` against the true means of the week from `start`.
fn wape_vs_truth(f: &[Vec<f64>], start: NaiveDate, level: f64) -> (f64, Vec<f64>) {
    let mut err = 0.0;
    let mut total = 0.0;
    let mut daily = Vec::new();
    for (i, day) in f.iter().enumerate() {
        let d = start + chrono::Days::new(i as u64);
        let t: Vec<f64> = (0..24).map(|s| truth(d, s, level)).collect();
        err += day.iter().zip(&t).map(|(a, b)| (a - b).abs()).sum::<f64>();
        total += t.iter().sum::<f64>();
        let tt: f64 = t.iter().sum();
        let ft: f64 = day.iter().sum();
        daily.push(if tt > 0.0 { (ft - tt).abs() / tt } else { ft });
    }
    (err / total, daily)
}

#[test]
fn forecasts_converge_to_the_true_means() {
    // 16 weeks at ~600 contacts a day. HA-8 averages 8 days: an interval
    // of λ ≈ 20–50 has a relative error √(1/(8λ)) ≈ 5–8 %, so its WAPE
    // against the truth is about √(2/π) × that ≈ 5 %; 10 % is a loose bound.
    // Daily totals (λ ≈ 500, 8 days) are within 3 % (≈ 2 sd).
    let s = synthetic(16, 11, |_| 1.0);
    let start = s.all().end();
    let week: Vec<NaiveDate> = (0..7).map(|i| start + chrono::Days::new(i)).collect();
    for m in [Method::Average8, Method::Smoothed, Method::HoltWinters] {
        let f = m.predict(s.all(), &week).unwrap();
        let (wape, daily) = wape_vs_truth(&f, start, 1.0);
        assert!(wape < 0.10, "{m:?}: WAPE vs truth {wape}");
        for (i, e) in daily.iter().enumerate() {
            assert!(*e < 0.05, "{m:?} day {i}: {e}");
        }
        // Friday and Saturday: closed in the history, forecast 0.
        for (i, d) in week.iter().enumerate() {
            if matches!(d.weekday(), Weekday::Fri | Weekday::Sat) {
                assert_eq!(f[i].iter().sum::<f64>(), 0.0, "{m:?}");
            }
        }
    }
}

#[test]
fn a_level_shift_is_tracked_and_auto_picks_a_model_that_tracks_it() {
    // 10 weeks at level 1, then 4 weeks at 1.5. HA-8's mean still holds 4
    // old weeks: about (4 × 1 + 4 × 1.5) / 8 = 1.25 of the truth's 1.5.
    let s = synthetic(14, 5, |i| if i < 70 { 1.0 } else { 1.5 });
    let start = s.all().end();
    let week: Vec<NaiveDate> = (0..7).map(|i| start + chrono::Days::new(i)).collect();
    let total = |f: &[Vec<f64>]| f.iter().flatten().sum::<f64>();
    let truth_total: f64 = week
        .iter()
        .flat_map(|d| (0..24).map(move |s| truth(*d, s, 1.5)))
        .sum();
    let ha8 = total(&Method::Average8.predict(s.all(), &week).unwrap()) / truth_total;
    assert!(ha8 < 1.3 / 1.5, "HA-8 lags: {ha8}");
    for m in [Method::Smoothed, Method::HoltWinters] {
        let r = total(&m.predict(s.all(), &week).unwrap()) / truth_total;
        assert!((r - 1.0).abs() < 0.06, "{m:?}: {r}");
    }
    let c = choose(&s, None, Leads::WEEK).unwrap();
    assert!(
        matches!(
            c.method,
            Method::Smoothed | Method::HoltWinters | Method::SeasonalNaive | Method::Combined
        ),
        "{c:?}"
    );
    // Whichever it picks follows the shift far better than HA-8 (the
    // combination carries half of Holt-Winters' tracking and half of
    // ratio-ar's, whose mean ratio still holds the stable weeks).
    let r = total(&c.method.predict(s.all(), &week).unwrap()) / truth_total;
    assert!((r - 1.0).abs() < 0.1, "{:?}: {r}", c.method);
}

#[test]
fn too_little_history_falls_back_or_says_why() {
    let s = synthetic(2, 3, |_| 1.0);
    let c = choose(&s, None, Leads::WEEK).unwrap();
    assert_eq!(c.method, Method::SeasonalNaive);
    assert!(c.note.contains("too few to backtest"), "{}", c.note);
    let e = choose(&s, Some(Method::Average8), Leads::WEEK).unwrap_err();
    assert!(
        e.contains("needs at least 56 days") && e.contains("has 14"),
        "{e}"
    );
    // 5 weeks: HA-8 cannot run at the first origin and is skipped, named.
    let c = choose(&synthetic(5, 3, |_| 1.0), None, Leads::WEEK).unwrap();
    let ha8 = c
        .scores
        .iter()
        .find(|s| s.method == Method::Average8)
        .unwrap();
    assert!(ha8.wape.is_none() && ha8.skipped.as_deref().unwrap().contains("needs 56 days"));
}

#[test]
fn the_band_holds_about_eight_in_ten_actuals() {
    // Forecast 4 weeks ahead of a 16-week history one week at a time from
    // the history before, and count the open intervals inside P10–P90. With
    // 4 × 5 × 13 = 260 open intervals, 80 % ± 2 sd (2.5 %) ± the
    // normal approximation's slack: between 70 % and 90 %.
    let s = synthetic(20, 21, |_| 1.0);
    let holidays = Holidays::new();
    let (mut inside, mut n) = (0, 0);
    for w in 0..4 {
        let origin = (16 + w) * 7;
        let hist = Series {
            days: s.days[..origin].to_vec(),
            ..s.clone()
        };
        let input = Input {
            volume: &hist,
            work: None,
            holidays: &holidays,
            method: None,
        };
        let out = forecast(input, s.date(origin), 7).unwrap();
        for (i, day) in out.days.iter().enumerate() {
            let Some(actual) = &s.days[origin + i] else {
                continue;
            };
            for (slot, a) in actual.iter().enumerate() {
                if day.volume[slot] > 0.0 {
                    n += 1;
                    inside += usize::from(day.p10[slot] <= *a && *a <= day.p90[slot]);
                }
            }
        }
    }
    let share = inside as f64 / n as f64;
    assert!((0.70..=0.90).contains(&share), "{share} of {n}");
}

/// A Monday–Friday history of daily totals (one interval a day) from Monday
/// 2026-01-05: Monday 100, Tuesday to Thursday 80, Friday 60, no weekend
/// data; `change` overrides a day (by index; `None` is no data).
fn weekdays(weeks: usize, change: impl Fn(usize) -> Option<Option<f64>>) -> Series {
    let first = date(2026, 1, 5);
    let days = (0..weeks * 7)
        .map(|i| {
            change(i).unwrap_or(match i % 7 {
                0 => Some(100.0),
                1..=3 => Some(80.0),
                4 => Some(60.0),
                _ => None,
            })
        })
        .map(|d| d.map(|x| vec![x]))
        .collect();
    Series {
        first,
        slots: 1,
        days,
    }
}

#[test]
fn the_day_after_carries_a_share_of_the_closed_days_volume() {
    // Friday 30 January (day 25) closed; its next open day is Monday
    // 2 February (day 28; no weekend data), 130 calls. By hand: b(Mon) = the
    // four Mondays before, 100; the lost volume b(Fri) = the three Fridays
    // before, 60; θ = (130 − 100) / 60 = 0.5.
    let s = weekdays(5, |i| match i {
        25 => Some(None),
        28 => Some(Some(130.0)),
        _ => None,
    });
    let mut holidays = Holidays::new();
    for (d, e) in [
        (date(2026, 1, 30), Effect::Closed),
        (date(2026, 2, 11), Effect::Closed),
        (date(2026, 2, 13), Effect::Closed),
        (date(2026, 2, 14), Effect::Closed),
        (date(2026, 2, 21), Effect::Closed),
    ] {
        holidays.insert(d, e);
    }
    let input = Input {
        volume: &s,
        work: None,
        holidays: &holidays,
        method: Some(Method::Average4),
    };
    let out = forecast(input, date(2026, 2, 9), 15).unwrap();
    assert_eq!(out.displaced, Some(0.5));
    let totals: Vec<f64> = out.days.iter().map(|d| d.volume[0]).collect();
    // Monday 9 Feb: the four Mondays, 2 February cleaned to 130 / m with
    // m = 1 + 0.5 · 60 / 100 = 1.3, so 100. Wednesday 11 closed, Thursday 12
    // its next open day: 80 · (1 + 0.5 · 80 / 80) = 120. Friday 13 and
    // Saturday 14 closed: Monday 16 carries Friday's 60 (Saturday loses
    // nothing, the centre never opens on one): 100 · 1.3 = 130. Saturday 21
    // closed alone: Monday 23 as usual, 100.
    let expected = [
        100.0, 80.0, 0.0, 120.0, 0.0, 0.0, 0.0, 130.0, 80.0, 80.0, 80.0, 60.0, 0.0, 0.0, 100.0,
    ];
    for (i, (f, e)) in totals.iter().zip(expected).enumerate() {
        assert!((f - e).abs() < 1e-9, "day {i}: {f} vs {e}");
    }
}

#[test]
fn the_displaced_share_is_between_none_and_all() {
    // A day after below its baseline gives θ = 0 (not a negative share); one
    // 90 above a lost 60 gives 1 (callers cannot come back more than once).
    let holidays: Holidays = [(date(2026, 1, 30), Effect::Closed)].into_iter().collect();
    let theta = |after: f64| {
        let s = weekdays(5, |i| match i {
            25 => Some(None),
            28 => Some(Some(after)),
            _ => None,
        });
        special::Special::new(&s, &holidays).theta()
    };
    assert_eq!(theta(70.0), Some(0.0));
    assert_eq!(theta(190.0), Some(1.0));
    // No closed day in the history: no estimate.
    let s = weekdays(5, |_| None);
    assert_eq!(special::Special::new(&s, &Holidays::new()).theta(), None);
}

#[test]
fn the_backtest_estimates_the_day_after_from_earlier_holidays_only() {
    // Two closed Fridays: 30 January (next open Monday 2 February: 130) and
    // 20 February (Monday 23: 115). Over the whole history θ is
    // (30 + 15) / (60 + 60) = 0.375 (the second baseline, Mondays 16, 9 and
    // 26 and 19 January, is 100). A day-ahead backtest must not see the
    // second case before 23 February: 2 February is forecast with no
    // effect (HA-4 of the Mondays, 100), 23 February with θ = 0.5 from the
    // first case alone: 100 · (1 + 0.5 · 60 / 100) = 130.
    let s = weekdays(8, |i| match i {
        25 | 46 => Some(None),
        28 => Some(Some(130.0)),
        49 => Some(Some(115.0)),
        _ => None,
    });
    let holidays: Holidays = [
        (date(2026, 1, 30), Effect::Closed),
        (date(2026, 2, 20), Effect::Closed),
    ]
    .into_iter()
    .collect();
    assert_eq!(special::Special::new(&s, &holidays).theta(), Some(0.375));
    let rows = score_history(&s, &holidays, 28, 1);
    let ha4 = rows
        .iter()
        .find(|r| r.method == Some(Method::Average4))
        .unwrap();
    let on = |d: NaiveDate| ha4.daily.iter().find(|x| x.0 == d).copied().unwrap();
    let (_, a, f) = on(date(2026, 2, 2));
    assert_eq!((a, f), (130.0, 100.0));
    let (_, a, f) = on(date(2026, 2, 23));
    assert_eq!(a, 115.0);
    assert!((f - 130.0).abs() < 1e-9, "{f}");
}

#[test]
fn ratio_ar_fits_the_hand_case() {
    // Ten days from 1 January 1999: ratio 1.3 on days 1–3, 1.0 on 4–9, 0.1
    // on day 10 (c = 1). By hand (and in an independent Python check):
    // g = 1.15, 1, 1, 0.775 on the bins; u = 1.3/1.15 = 1.130435 (×3),
    // 1.0 (×6), 0.1/0.775 = 0.129032; μ = 0.952034; over the nine
    // successive pairs φ = Σ e(a)e(b) / Σ e(a)² = 0.404799.
    let r: Vec<(usize, f64)> = (0..10)
        .map(|i| {
            (
                i,
                [1.3, 1.0, 0.1][usize::from(i >= 3) + usize::from(i >= 9)],
            )
        })
        .collect();
    let f = ratio::fit_ratios(&r, |i| date(1999, 1, 1 + i as u32)).unwrap();
    assert!((f.mean - 0.952_034).abs() < 1e-6, "{f:?}");
    assert!((f.phi - 0.404_799).abs() < 1e-6, "{f:?}");
    assert_eq!(f.last.0, date(1999, 1, 10));
    assert!((f.last.1 - 0.1 / 0.775).abs() < 1e-12);
    // Nine ratios are too few to fit.
    assert_eq!(
        ratio::fit_ratios(&r[..9], |i| date(1999, 1, 1 + i as u32)),
        None
    );
}

#[test]
fn ratio_ar_on_a_steady_history_is_the_eight_week_average() {
    // Every day the same volume: every ratio is 1, so g = 1, μ = 1, φ = 0
    // and the forecast is HA-8's, exactly.
    let s = Series {
        first: date(2026, 1, 4),
        slots: 2,
        days: vec![Some(vec![10.0, 30.0]); 70],
    };
    let week: Vec<NaiveDate> = (0..7)
        .map(|i| s.all().end() + chrono::Days::new(i))
        .collect();
    assert_eq!(
        Method::RatioAr.predict(s.all(), &week),
        Method::Average8.predict(s.all(), &week)
    );
    let f = ratio::fit(s.all()).unwrap();
    assert_eq!((f.mean, f.phi), (1.0, 0.0));
}

#[test]
fn ratio_ar_follows_a_level_shift_day_ahead() {
    // ×1.5 for the last 4 of 14 weeks: the day after the history, HA-8 is
    // behind (half its weeks are before the shift); the ratio's
    // autoregression carries the last days' excess forward.
    let s = synthetic(14, 11, |i| if i >= 70 { 1.5 } else { 1.0 });
    let next = [s.all().end() + chrono::Days::new(1)]; // a Monday
    let truth_total: f64 = (0..24).map(|h| truth(next[0], h, 1.5)).sum();
    let total = |m: Method| m.predict(s.all(), &next).unwrap()[0].iter().sum::<f64>();
    let ha8 = total(Method::Average8) / truth_total;
    let ar = total(Method::RatioAr) / truth_total;
    assert!(ha8 < 0.9, "HA-8 lags: {ha8}");
    assert!(
        (ar - 1.0).abs() < (ha8 - 1.0).abs() / 2.0,
        "ratio-ar {ar}, HA-8 {ha8}"
    );
}

#[test]
fn auto_backtests_from_up_to_twelve_weekly_origins_that_every_method_reaches() {
    use super::backtest::origins;
    // 40 days: 33, 26, 19 (12 is under two weeks): three origins.
    assert_eq!(origins(40, Leads::WEEK), [19, 26, 33]);
    // 60 days: the fourth origin, 32, lets every method needing at most 28
    // days run (average-4 the longest); the fifth, 25, would not: four.
    assert_eq!(origins(60, Leads::WEEK), [32, 39, 46, 53]);
    // 100 days: at the fourth, 72, every method runs (average-8 needs 56);
    // 65 and 58 keep it so, 51 would not: six.
    assert_eq!(origins(100, Leads::WEEK), [58, 65, 72, 79, 86, 93]);
    // 200 days: twelve, 193 − 7 × 11 = 116 to 193.
    let twelve: Vec<usize> = (0..12).map(|j| 116 + 7 * j).collect();
    assert_eq!(origins(200, Leads::WEEK), twelve);
}

#[test]
fn auto_backtests_a_day_ahead_forecast_from_daily_origins() {
    use super::backtest::origins;
    // 100 days, the next day: origins 99, 98, … (one day each); four weeks
    // is 28 of them, the 28th is 72, where every method runs (average-8
    // needs 56); 71 down to 56 keep it so: 44 origins, 56 to 99.
    assert_eq!(
        origins(100, Leads::new(1, 1)),
        (56..100).collect::<Vec<_>>()
    );
    // The day 7 days ahead: origin o forecasts day o + 6, so the newest is
    // 93; the 28th is 66; 65 down to 56 keep every method: 56 to 93.
    assert_eq!(origins(100, Leads::new(7, 1)), (56..94).collect::<Vec<_>>());
    // Three days from 2 days ahead: origins 3 apart from 100 − 1 − 3 = 96;
    // four weeks is 28 ÷ 3 = 9 of them (96 … 72), twelve weeks 28; 69 … 57
    // keep every method (56 would not be reached: 57 − 3 = 54 < 56).
    let three: Vec<usize> = (0..18)
        .map(|j| 96 - 3 * j)
        .filter(|o| *o >= 56)
        .rev()
        .collect();
    assert_eq!(origins(100, Leads::new(2, 3)), three);
}

#[test]
fn combined_is_the_mean_of_ratio_ar_and_holt_winters_by_hand() {
    // Six Mondays from 2 March 2026 (every other day no data), each split
    // 60/40 over two intervals: 100 calls, the last (6 April) 160; the
    // history runs 42 days, to Sunday 12 April; the forecast is Monday 13.
    let mut days = vec![None; 42];
    for w in 0..6 {
        let total = if w == 5 { 160.0 } else { 100.0 };
        days[7 * w] = Some(vec![0.6 * total, 0.4 * total]);
    }
    let s = Series {
        first: date(2026, 3, 2),
        slots: 2,
        days,
    };
    let monday = [date(2026, 4, 13)];
    // ratio-ar: only two Mondays (days 28 and 35) have a ratio, fewer than
    // ten, so it is the plain 8-week average: (5 × 100 + 160) / 6 = 110.
    // Holt-Winters: every grid point forecasts the first five Mondays
    // exactly (level 100, Monday season 1, trend 0) and misses 6 April by
    // 60, so the first, α = 0.05, β = 0, γ = 0.05, φ = 0.9, is kept; after
    // 6 April L = 0.05 · 160 + 0.95 · 100 = 103, s = 0.05 · 160 / 103 +
    // 0.95, so D̂ = 103 s = 8 + 97.85 = 105.85. The mean: 107.925, split
    // 60/40: 64.755 and 43.17.
    let parts = [
        (Method::RatioAr, [66.0, 44.0]),
        (Method::HoltWinters, [63.51, 42.34]),
        (Method::Combined, [64.755, 43.17]),
    ];
    for (m, want) in parts {
        let f = m.predict(s.all(), &monday).unwrap();
        for (got, want) in f[0].iter().zip(want) {
            assert!((got - want).abs() < 1e-9, "{m:?}: {got} vs {want}");
        }
    }
}

#[test]
fn autos_combination_made_from_its_parts_scores_as_the_method_itself() {
    // `auto` builds the combination's backtest from ratio-ar's and
    // Holt-Winters' forecasts; asked for by name, `combined` forecasts each
    // origin itself. The two must score alike, at both kinds of lead.
    let s = synthetic(14, 5, |i| if i < 70 { 1.0 } else { 1.5 });
    for leads in [Leads::WEEK, Leads::new(1, 1)] {
        let auto = choose(&s, None, leads).unwrap();
        let from_parts = auto.scores.iter().find(|x| x.method == Method::Combined);
        let itself = choose(&s, Some(Method::Combined), leads).unwrap();
        assert!(from_parts.is_some_and(|x| x.wape.is_some()));
        assert_eq!(from_parts, itself.chosen(), "{leads:?}");
    }
}
