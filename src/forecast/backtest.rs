//! Rolling-origin backtests: `auto`'s choice of method, and the scores of
//! every method for `forecast --backtest`.
//!
//! `auto` (as the commercial suites' "best pick") scores each method at the
//! [`Leads`] it will be used at: a forecast whose first day is `first` days
//! after the history's last, over `days` days (at most 7). Origins every
//! `days` days back from the end of the history (so that every day scored
//! is forecast once, at a lead from `first` to `first + days − 1`), each at
//! least 14 days after the history's start: the newest four weeks' worth of
//! them ([`ORIGINS`] weeks), then older ones up to [`MAX_ORIGINS`] weeks in
//! all while every method that can run at the oldest of the four weeks
//! still can (a longer history gives a steadier choice; a short one keeps
//! four weeks and skips what cannot run). A week-long forecast from the day
//! after the history ([`Leads::WEEK`]) is scored from weekly origins, 7
//! days each; a day-ahead one from daily origins, one day each (a method
//! good a day ahead but poor a week ahead is chosen for the day ahead only).
//! The scored days (those with data) are forecast from the history before
//! their origin and scored together by WAPE over every interval. A method
//! that cannot run at the earliest origin (too little history) is skipped
//! and says so; the lowest WAPE wins, ties to the simpler method (the order
//! of [`Method::ALL`]).

use chrono::NaiveDate;

use super::interval::{dispersion, ratio_spread};
use super::metrics::{accuracy, naive_scale, Accuracy};
use super::special::{self, Holidays, Special};
use super::{combined, Method, Series};

/// (actual, forecast) pairs.
pub type Pairs = Vec<(f64, f64)>;

/// Weeks of days `auto` backtests, at least (history allowing).
pub const ORIGINS: usize = 4;
/// Weeks of days `auto` backtests, at most.
pub const MAX_ORIGINS: usize = 12;
/// Days forecast from each of `auto`'s origins, at most.
pub const AUTO_HORIZON: usize = 7;

/// The leads a forecast is made at: its first day is `first` days after
/// the history's last (1: the next day), and `auto` scores `days` days
/// from there (1 to [`AUTO_HORIZON`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leads {
    /// Days from the history's last day to the forecast's first, at least 1.
    pub first: usize,
    /// Days scored from each origin, 1 to [`AUTO_HORIZON`].
    pub days: usize,
}

impl Leads {
    /// A week from the day after the history.
    pub const WEEK: Leads = Leads {
        first: 1,
        days: AUTO_HORIZON,
    };

    /// What `n` origins at these leads forecast, in words.
    fn describe(self, n: usize) -> String {
        match (self.first, self.days) {
            (1, AUTO_HORIZON) => format!("7 days from each of {n} weekly origins"),
            (1, 1) => format!("the next day from each of {n} daily origins"),
            (f, 1) => format!("the day {f} days ahead from each of {n} daily origins"),
            (f, d) => format!(
                "days {f}–{} ahead from each of {n} origins {d} days apart",
                f + d - 1
            ),
        }
    }

    /// The days of history one backtest origin at these leads needs, in
    /// words: two weeks to fit on, then the lead and the days scored.
    fn need(self) -> String {
        let need = 14 + self.first - 1 + self.days;
        match self.first {
            1 => format!("({need} needed)"),
            f => format!(
                "at this lead ({need} needed: 14 to fit on, the {} days between the history's end and the forecast, and {} scored)",
                f - 1,
                self.days
            ),
        }
    }

    /// A forecast of `n` days whose first is `first` days after the
    /// history's last.
    pub fn new(first: usize, n: usize) -> Leads {
        Leads {
            first: first.max(1),
            days: n.clamp(1, AUTO_HORIZON),
        }
    }
}

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

/// `auto`'s origins for `leads`: day indices, oldest first (origin `o`
/// forecasts from the history before day `o`).
pub fn origins(len: usize, leads: Leads) -> Vec<usize> {
    let (least, most) = (ORIGINS * 7 / leads.days, MAX_ORIGINS * 7 / leads.days);
    let mut o: Vec<usize> = (1..=most)
        .filter_map(|j| len.checked_sub(leads.first - 1 + leads.days * j))
        .filter(|o| *o >= 14)
        .collect();
    if let Some(&fourth) = o.get(least - 1) {
        let need = Method::ALL
            .iter()
            .map(|m| m.min_days())
            .filter(|d| *d <= fourth)
            .max()
            .unwrap_or(0);
        let keep = least + o[least..].iter().take_while(|x| **x >= need).count();
        o.truncate(keep);
    }
    o.reverse();
    o
}

/// Each origin's forecast of its days at `leads` (per origin, per day,
/// per interval).
type Made = Vec<Vec<Vec<f64>>>;

/// The days (indices) origin `o` forecasts at `leads`.
fn span(series: &Series, o: usize, leads: Leads) -> std::ops::Range<usize> {
    let start = o + leads.first - 1;
    start..(start + leads.days).min(series.days.len())
}

/// Forecast from each origin at `leads`; `None` when the method cannot run
/// at some origin.
fn forecasts(series: &Series, method: Method, origins: &[usize], leads: Leads) -> Option<Made> {
    origins
        .iter()
        .map(|&o| {
            let targets: Vec<NaiveDate> = span(series, o, leads).map(|i| series.date(i)).collect();
            method.predict(series.view(o), &targets)
        })
        .collect()
}

/// The combination's forecasts from its parts' (the same numbers as
/// [`Method::Combined`]'s own predictions, without making them twice);
/// `None` unless both parts ran.
fn combine(made: &[(Method, Option<Made>)]) -> Option<Made> {
    let part = |m: Method| made.iter().find(|x| x.0 == m)?.1.as_ref();
    let (ratio, hw) = (part(Method::RatioAr)?, part(Method::HoltWinters)?);
    Some(
        ratio
            .iter()
            .zip(hw)
            .map(|(r, h)| combined::mean(&[r.clone(), h.clone()]))
            .collect(),
    )
}

/// Pair actuals with the forecasts `made` from each origin at `leads`, per
/// interval and per day.
fn pairs(series: &Series, made: &Made, origins: &[usize], leads: Leads) -> (Pairs, Pairs) {
    let mut intervals = Vec::new();
    let mut days = Vec::new();
    for (&o, f) in origins.iter().zip(made) {
        for (i, fd) in span(series, o, leads).zip(f) {
            if let Some(a) = &series.days[i] {
                intervals.extend(a.iter().copied().zip(fd.iter().copied()));
                days.push((a.iter().sum(), fd.iter().sum()));
            }
        }
    }
    (intervals, days)
}

/// Backtest `method` from `origins` at `leads`, its forecasts `made`
/// (`None`: it could not run at some origin).
fn score(
    series: &Series,
    method: Method,
    made: Option<&Made>,
    origins: &[usize],
    leads: Leads,
) -> Scored {
    let skipped = |why: String| Scored {
        method,
        wape: None,
        skipped: Some(why),
        c2: 0.0,
        tau2: 0.0,
    };
    if origins.is_empty() {
        return skipped(format!("too little history to backtest {}", leads.need()));
    }
    match made.map(|f| pairs(series, f, origins, leads)) {
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

/// The method to forecast `series` with at `leads`: `requested`, or
/// (`None`) the best by backtest at those leads. An explicit method the
/// history is too short for is an error, in words.
pub fn choose(series: &Series, requested: Option<Method>, leads: Leads) -> Result<Choice, String> {
    let len = series.days.len();
    let o = origins(len, leads);
    let dates = o.iter().map(|i| series.date(*i)).collect();
    if let Some(m) = requested {
        if len < m.min_days() {
            return Err(format!(
                "method {} needs at least {} days of history; the history has {len} (from {} to {}); use a shorter method or --method auto",
                m.name(), m.min_days(), series.first, series.date(len.saturating_sub(1))
            ));
        }
        let made = forecasts(series, m, &o, leads);
        let s = score(series, m, made.as_ref(), &o, leads);
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
    let mut made: Vec<(Method, Option<Made>)> = Vec::new();
    for m in Method::ALL {
        let f = match m {
            Method::Combined => combine(&made),
            _ => forecasts(series, m, &o, leads),
        };
        made.push((m, f));
    }
    let scores: Vec<Scored> = made
        .iter()
        .map(|(m, f)| score(series, *m, f.as_ref(), &o, leads))
        .collect();
    let best = scores
        .iter()
        .filter_map(|s| s.wape.map(|w| (w, s.method)))
        .fold(None::<(f64, Method)>, |b, x| match b {
            Some(b) if b.0 <= x.0 => Some(b),
            _ => Some(x),
        });
    let (method, note) = match best {
        Some((w, m)) => (m, format!(
            "auto: {} had the lowest WAPE, {:.1} %, forecasting {}",
            m.name(), w * 100.0, leads.describe(o.len())
        )),
        None => (Method::SeasonalNaive, format!(
            "auto: seasonal-naive, unscored: {len} days of history are too few to backtest any method {}",
            leads.need()
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
/// history before it. The special days act as in a forecast made at the
/// origin: their effects (θ of the day after a closed day included) come
/// from the history before it, that history is cleaned with them, and the
/// forecast carries the target's effect; it is scored against the raw
/// actual.
pub fn score_history(
    series: &Series,
    holidays: &Holidays,
    from: usize,
    lead: usize,
) -> Vec<MethodAccuracy> {
    let before = series.prefix(from);
    let clean = Special::new(&before, holidays).clean(&before);
    let scales = (
        naive_scale(clean.all(), false),
        naive_scale(clean.all(), true),
    );
    let picks: Vec<Option<Method>> = Method::ALL.iter().map(|&m| Some(m)).chain([None]).collect();
    let mut tallies: Vec<Tally> = picks.iter().map(|_| Tally::new(series.slots)).collect();
    for t in from..series.days.len() {
        let Some(actual) = &series.days[t] else {
            continue;
        };
        let before = series.prefix((t + 1).saturating_sub(lead));
        let calendar = Special::new(&before, holidays);
        let clean = calendar.clean(&before);
        let effect = calendar.effect_on(series.date(t));
        for (pick, tally) in picks.iter().zip(&mut tallies) {
            if let Some(mut f) = predict_at(&clean, *pick, series.date(t)) {
                special::apply(effect, &mut f);
                tally.add(series.date(t), actual, &f);
            }
        }
    }
    picks
        .into_iter()
        .zip(tallies)
        .map(|(method, t)| t.accuracy(method, scales))
        .collect()
}

/// The forecast of `date` from all of `history` by `method` (`None`:
/// `auto`'s choice on it at the date's lead); `None` when it cannot run.
fn predict_at(history: &Series, method: Option<Method>, date: NaiveDate) -> Option<Vec<f64>> {
    let method = match method {
        Some(m) => m,
        None => {
            let lead = (date - history.all().end()).num_days() + 1;
            choose(history, None, Leads::new(lead as usize, 1))
                .ok()?
                .method
        }
    };
    method.predict(history.all(), &[date])?.pop()
}

/// One method's pairs in a [`score_history`], as they come.
struct Tally {
    intervals: Pairs,
    days: Pairs,
    dates: Vec<NaiveDate>,
    /// Per interval of the day: Σ|a − f|, Σ√(2a/π), count.
    by_slot: Vec<(f64, f64, usize)>,
}

impl Tally {
    fn new(slots: usize) -> Tally {
        Tally {
            intervals: Vec::new(),
            days: Vec::new(),
            dates: Vec::new(),
            by_slot: vec![(0.0, 0.0, 0); slots],
        }
    }

    fn add(&mut self, date: NaiveDate, actual: &[f64], forecast: &[f64]) {
        for (s, (a, f)) in actual.iter().zip(forecast).enumerate() {
            self.intervals.push((*a, *f));
            self.by_slot[s].0 += (a - f).abs();
            self.by_slot[s].1 += (2.0 * a.max(0.0) / std::f64::consts::PI).sqrt();
            self.by_slot[s].2 += 1;
        }
        self.days.push((actual.iter().sum(), forecast.iter().sum()));
        self.dates.push(date);
    }

    /// The scores; `scales` are the MASE scales per interval and per day.
    fn accuracy(
        self,
        method: Option<Method>,
        scales: (Option<f64>, Option<f64>),
    ) -> MethodAccuracy {
        let mean = |pick: fn(&(f64, f64, usize)) -> f64| -> Vec<f64> {
            self.by_slot
                .iter()
                .map(|x| pick(x) / x.2.max(1) as f64)
                .collect()
        };
        MethodAccuracy {
            method,
            days: self.days.len(),
            interval: accuracy(&self.intervals, scales.0),
            day: accuracy(&self.days, scales.1),
            by_slot: mean(|x| x.0),
            floor_by_slot: mean(|x| x.1),
            daily: self
                .dates
                .iter()
                .zip(&self.days)
                .map(|(d, &(a, f))| (*d, a, f))
                .collect(),
        }
    }
}
