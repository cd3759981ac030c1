//! Rolling-origin backtests: `auto`'s choice of method, and the scores of
//! every method for `forecast --backtest`.
//!
//! `auto` (as the commercial suites' "best pick"): origins every 7 days back
//! from the end of the history, up to [`ORIGINS`] of them, each at least 14
//! days after the history's start; from each origin the next 7 days (those
//! with data) are forecast from the history before it and scored together by
//! WAPE over every interval. A method that cannot run at the earliest origin
//! (too little history) is skipped and says so; the lowest WAPE wins, ties
//! to the simpler method (the order of [`Method::ALL`]).

use chrono::NaiveDate;

use super::interval::{dispersion, ratio_spread};
use super::metrics::{accuracy, naive_scale, Accuracy};
use super::{Method, Series};

/// (actual, forecast) pairs.
pub type Pairs = Vec<(f64, f64)>;

/// Weekly origins `auto` backtests from.
pub const ORIGINS: usize = 4;
/// Days forecast from each of `auto`'s origins.
pub const AUTO_HORIZON: usize = 7;

/// A method's backtest: its pairs or why it was not scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The method.
    pub method: Method,
    /// WAPE over the backtest's intervals; `None` when not scored.
    pub wape: Option<f64>,
    /// Why the method was not scored.
    pub skipped: Option<String>,
    /// c² of the P10–P90 band ([`super::interval::dispersion`]).
    pub c2: f64,
    /// τ² of the intraday update ([`super::interval::ratio_spread`]).
    pub tau2: f64,
}

/// The method a forecast uses and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The method.
    pub method: Method,
    /// The backtest origins (first forecast day of each).
    pub origins: Vec<NaiveDate>,
    /// Every method's backtest (only the requested one when not `auto`).
    pub scores: Vec<Scored>,
    /// In words: how the method was chosen.
    pub note: String,
}

impl Choice {
    /// The chosen method's backtest.
    pub fn chosen(&self) -> Option<&Scored> {
        self.scores.iter().find(|s| s.method == self.method)
    }
}

/// `auto`'s origins: day indices, oldest first.
fn origins(len: usize) -> Vec<usize> {
    let mut o: Vec<usize> = (1..=ORIGINS)
        .filter_map(|j| len.checked_sub(AUTO_HORIZON * j))
        .filter(|o| *o >= 14)
        .collect();
    o.reverse();
    o
}

/// Forecast from each origin and pair actuals with forecasts, per interval
/// and per day; `None` when the method cannot run at some origin.
fn pairs(series: &Series, method: Method, origins: &[usize]) -> Option<(Pairs, Pairs)> {
    let mut intervals = Vec::new();
    let mut days = Vec::new();
    for &o in origins {
        let end = (o + AUTO_HORIZON).min(series.days.len());
        let targets: Vec<NaiveDate> = (o..end).map(|i| series.date(i)).collect();
        let f = method.predict(series.view(o), &targets)?;
        for (i, fd) in (o..end).zip(f) {
            if let Some(a) = &series.days[i] {
                intervals.extend(a.iter().copied().zip(fd.iter().copied()));
                days.push((a.iter().sum(), fd.iter().sum()));
            }
        }
    }
    Some((intervals, days))
}

/// Backtest `method` from `origins`.
fn score(series: &Series, method: Method, origins: &[usize]) -> Scored {
    let skipped = |why: String| Scored {
        method,
        wape: None,
        skipped: Some(why),
        c2: 0.0,
        tau2: 0.0,
    };
    if origins.is_empty() {
        return skipped("too little history to backtest (needs 21 days)".into());
    }
    match pairs(series, method, origins) {
        None => skipped(format!(
            "needs {} days of history before the first backtest origin ({}), has {}",
            method.min_days(),
            series.date(origins[0]),
            origins[0]
        )),
        Some((intervals, days)) => Scored {
            method,
            wape: accuracy(&intervals, None).wape,
            skipped: None,
            c2: dispersion(&intervals),
            tau2: ratio_spread(&days),
        },
    }
}

/// The method to forecast `series` with: `requested`, or (`None`) the best
/// by backtest. An explicit method the history is too short for is an
/// error, in words.
pub fn choose(series: &Series, requested: Option<Method>) -> Result<Choice, String> {
    let len = series.days.len();
    let o = origins(len);
    let dates = o.iter().map(|i| series.date(*i)).collect();
    if let Some(m) = requested {
        if len < m.min_days() {
            return Err(format!(
                "method {} needs at least {} days of history; the history has {len} (from {} to {}); use a shorter method or --method auto",
                m.name(), m.min_days(), series.first, series.date(len.saturating_sub(1))
            ));
        }
        let s = score(series, m, &o);
        let note = match &s.wape {
            Some(w) => format!("{} as asked; backtest WAPE {:.1} %", m.name(), w * 100.0),
            None => format!(
                "{} as asked; not backtested ({}): the P10–P90 band is Poisson noise only",
                m.name(),
                s.skipped.clone().unwrap_or_default()
            ),
        };
        return Ok(Choice {
            method: m,
            origins: dates,
            scores: vec![s],
            note,
        });
    }
    let scores: Vec<Scored> = Method::ALL.iter().map(|m| score(series, *m, &o)).collect();
    let best = scores
        .iter()
        .filter_map(|s| s.wape.map(|w| (w, s.method)))
        .fold(None::<(f64, Method)>, |b, x| match b {
            Some(b) if b.0 <= x.0 => Some(b),
            _ => Some(x),
        });
    let (method, note) = match best {
        Some((w, m)) => (m, format!(
            "auto: {} had the lowest WAPE, {:.1} %, forecasting 7 days from each of {} weekly origins",
            m.name(), w * 100.0, o.len()
        )),
        None => (Method::SeasonalNaive, format!(
            "auto: seasonal-naive, unscored: {len} days of history are too few to backtest any method (21 needed)"
        )),
    };
    Ok(Choice {
        method,
        origins: dates,
        scores,
        note,
    })
}

/// One method's scores in a `--backtest`.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodAccuracy {
    /// The method; `None` is `auto`, the method [`choose`] picks from the
    /// history before each origin.
    pub method: Option<Method>,
    /// Days scored (a day the method could not forecast is left out).
    pub days: usize,
    /// Over every interval.
    pub interval: Accuracy,
    /// Over the daily totals.
    pub day: Accuracy,
    /// Mean absolute error by interval of the day.
    pub by_slot: Vec<f64>,
    /// The Poisson floor by interval of the day: the mean of √(2a/π) over
    /// the actuals a scored there.
    pub floor_by_slot: Vec<f64>,
    /// Each day scored: its date, actual and forecast total.
    pub daily: Vec<(NaiveDate, f64, f64)>,
}

impl MethodAccuracy {
    /// The method's name, `auto` for [`MethodAccuracy::method`] `None`.
    pub fn name(&self) -> &'static str {
        self.method.map_or("auto", Method::name)
    }
}

/// Every method's accuracy forecasting each day from `from` to the end of
/// the history, each from the history before its origin, `lead` days
/// before it (1: the day before, day-ahead; 7: a week ahead); then `auto`'s,
/// which at each origin forecasts with the method [`choose`] picks from the
/// history before it.
pub fn score_history(series: &Series, from: usize, lead: usize) -> Vec<MethodAccuracy> {
    let scales = (
        naive_scale(series.view(from), false),
        naive_scale(series.view(from), true),
    );
    Method::ALL
        .iter()
        .map(|&m| Some(m))
        .chain([None])
        .map(|method| score_method(series, method, from, lead, scales))
        .collect()
}

/// The forecast of day `t` from the history before `origin` by `method`
/// (`None`: `auto`'s choice there); `None` when it cannot run.
fn predict_at(
    series: &Series,
    method: Option<Method>,
    origin: usize,
    t: usize,
) -> Option<Vec<f64>> {
    let target = [series.date(t)];
    let method = match method {
        Some(m) => m,
        None => choose(&series.prefix(origin), None).ok()?.method,
    };
    method.predict(series.view(origin), &target)?.pop()
}

/// One method's [`score_history`]; `scales` are the MASE scales per
/// interval and per day.
fn score_method(
    series: &Series,
    method: Option<Method>,
    from: usize,
    lead: usize,
    scales: (Option<f64>, Option<f64>),
) -> MethodAccuracy {
    let mut intervals = Vec::new();
    let mut days = Vec::new();
    let mut dates = Vec::new();
    let mut by_slot = vec![(0.0, 0.0, 0usize); series.slots];
    for t in from..series.days.len() {
        let Some(actual) = &series.days[t] else {
            continue;
        };
        let origin = (t + 1).saturating_sub(lead);
        let Some(f) = predict_at(series, method, origin, t) else {
            continue;
        };
        for (s, (a, f)) in actual.iter().zip(&f).enumerate() {
            intervals.push((*a, *f));
            by_slot[s].0 += (a - f).abs();
            by_slot[s].1 += (2.0 * a.max(0.0) / std::f64::consts::PI).sqrt();
            by_slot[s].2 += 1;
        }
        days.push((actual.iter().sum(), f.iter().sum()));
        dates.push(series.date(t));
    }
    let mean = |pick: fn(&(f64, f64, usize)) -> f64| -> Vec<f64> {
        by_slot
            .iter()
            .map(|x| pick(x) / x.2.max(1) as f64)
            .collect()
    };
    MethodAccuracy {
        method,
        days: days.len(),
        interval: accuracy(&intervals, scales.0),
        day: accuracy(&days, scales.1),
        by_slot: mean(|x| x.0),
        floor_by_slot: mean(|x| x.1),
        daily: dates
            .into_iter()
            .zip(&days)
            .map(|(d, &(a, f))| (d, a, f))
            .collect(),
    }
}
