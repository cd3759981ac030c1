//! The 8-week average corrected by the day's level: a day-of-month factor
//! and a first-order autoregression on the ratio of actual to average.
//!
//! The k-week average B(d, s) (HA-8, [`naive::average`]) keeps each
//! weekday's intraday shape but lags the level, and averages away what the
//! calendar and the last days say about it. On each day t of the history
//! with data, from its fifth week on, the ratio r(t) = D(t) / B(t) compares
//! the day's total D with the total B its own 8-week average (from the
//! history before t) forecast. Two things move r on real contact-centre
//! data (the Technion "Anonymous Bank" call centre of 1999: days after pay
//! days run 20–30 % over the average; today's excess persists into
//! tomorrow, lag-1 correlation about 0.6):
//!
//! - a day-of-month factor g(b) on ten bins of the month (days 1–3, 4–6,
//!   …, 25–27, 28–31): the mean of r(t)/c over the history's days in bin b
//!   with c the mean ratio, shrunk toward 1 as a credibility estimate with
//!   [`PRIOR_DAYS`] pseudo-observations of 1: g = (Σ r/c + K) / (n + K)
//!   (Bühlmann 1967). Days of month are calendar facts, so the factor
//!   applies to any weekday pattern;
//! - an AR(1) on what the calendar leaves, u(t) = r(t) / g(b(t)) with mean
//!   μ: φ = Σ (u(a) − μ)(u(b) − μ) / Σ (u(a) − μ)² over successive days
//!   with data at most [`MAX_GAP`] days apart (a weekend or a holiday in
//!   between), clamped to [0, [`MAX_PHI`]] (Box & Jenkins 1970, the
//!   least-squares estimate).
//!
//! The forecast of a day d, h calendar days after the last ratio:
//! x̂(d, s) = B(d, s) · g(b(d)) · (μ + φʰ (u(last) − μ)). Day-ahead the
//! correction carries yesterday's surprise; a week ahead φʰ is small and the
//! forecast is the average × the calendar factor × the mean ratio (which
//! follows a trend the 8-week window lags). This is the idea of Shen &
//! Huang (2008) — model the daily level as a time series, keep the intraday
//! shape — on a simpler base than their SVD. Every quantity is estimated on
//! the history before the origin only.

use chrono::{Datelike, NaiveDate};

use super::{naive, View};

/// Days at the start of the history with no ratio: the average needs four
/// weeks of its weekday.
const WARM_UP: usize = 28;
/// Ratios needed to fit; with fewer the method is the plain 8-week average.
const MIN_RATIOS: usize = 10;
/// Pseudo-observations of 1 in each day-of-month factor.
pub const PRIOR_DAYS: f64 = 3.0;
/// The longest gap (calendar days) between two days that count as
/// successive in the autoregression.
pub const MAX_GAP: usize = 3;
/// The largest autoregression coefficient used.
pub const MAX_PHI: f64 = 0.95;
/// Bins of the month the day-of-month factor has.
const BINS: usize = 10;

/// The bin of the month of `d`: days 1–3 are bin 0, …, days 28–31 bin 9.
pub fn month_bin(d: NaiveDate) -> usize {
    ((d.day0() / 3) as usize).min(BINS - 1)
}

/// The fitted correction: day-of-month factors, the autoregression and
/// the last ratio it starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// g per bin of the month.
    pub month: [f64; BINS],
    /// μ: the mean of the calendar-adjusted ratios.
    pub mean: f64,
    /// φ.
    pub phi: f64,
    /// The date and calendar-adjusted ratio u of the last day with a ratio.
    pub last: (NaiveDate, f64),
}

impl Fit {
    /// The factor on the 8-week average of day `d` (on or after the view's
    /// end): g(b(d)) · (μ + φʰ (u(last) − μ)), h the days from the last
    /// ratio.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use staffplan::forecast::ratio::Fit;
    /// let day = |d| NaiveDate::from_ymd_opt(1999, 3, d).unwrap();
    /// let mut month = [1.0; 10];
    /// month[0] = 1.2;
    /// let f = Fit { month, mean: 1.0, phi: 0.5, last: (day(1), 1.2) };
    /// // 2 March, one day on, bin 0: (1 + 0.5 · 0.2) · 1.2 = 1.32;
    /// // 4 March, three days on, bin 1: 1 + 0.125 · 0.2 = 1.025.
    /// assert!((f.factor(day(2)) - 1.32).abs() < 1e-12);
    /// assert!((f.factor(day(4)) - 1.025).abs() < 1e-12);
    /// ```
    pub fn factor(&self, d: NaiveDate) -> f64 {
        let h = (d - self.last.0).num_days().max(1);
        let u = self.mean + self.phi.powi(h as i32) * (self.last.1 - self.mean);
        (u * self.month[month_bin(d)]).max(0.0)
    }
}

/// The ratio r(t) = D(t) / B(t) of every day of the view from its fifth
/// week with data and a positive average: (day index, r).
pub fn ratios(view: View<'_>) -> Vec<(usize, f64)> {
    (WARM_UP..view.days.len())
        .filter_map(|i| {
            let day = view.days[i].as_ref()?;
            let before = View {
                days: &view.days[..i],
                ..view
            };
            let base: f64 = naive::average(before, &[view.date(i)], 8)[0].iter().sum();
            (base > 0.0).then(|| (i, day.iter().sum::<f64>() / base))
        })
        .collect()
}

/// Fit the correction on `view`; `None` with fewer than [`MIN_RATIOS`]
/// ratios.
pub fn fit(view: View<'_>) -> Option<Fit> {
    fit_ratios(&ratios(view), |i| view.date(i))
}

/// Fit the correction on the ratios `r` (day index, r), `date` giving each
/// index's date; `None` with fewer than [`MIN_RATIOS`].
///
/// ```
/// use chrono::NaiveDate;
/// use staffplan::forecast::ratio::fit_ratios;
/// // Ten days from 1 January: 1.3 on days 1–3, 1.0 on 4–9, 0.1 on day 10;
/// // mean c = 1. Bin 0: g = (3.9 + 3) / (3 + 3) = 1.15; day 10's bin:
/// // g = (0.1 + 3) / (1 + 3) = 0.775.
/// let r: Vec<(usize, f64)> = (0..10)
///     .map(|i| (i, if i < 3 { 1.3 } else if i < 9 { 1.0 } else { 0.1 }))
///     .collect();
/// let jan = |i: usize| NaiveDate::from_ymd_opt(1999, 1, 1 + i as u32).unwrap();
/// let f = fit_ratios(&r, jan).unwrap();
/// assert!((f.month[0] - 1.15).abs() < 1e-12 && (f.month[3] - 0.775).abs() < 1e-12);
/// assert_eq!((f.month[1], f.month[2]), (1.0, 1.0));
/// ```
pub fn fit_ratios(r: &[(usize, f64)], date: impl Fn(usize) -> NaiveDate) -> Option<Fit> {
    if r.len() < MIN_RATIOS {
        return None;
    }
    let c = r.iter().map(|x| x.1).sum::<f64>() / r.len() as f64;
    let mut sum = [0.0; BINS];
    let mut n = [0.0; BINS];
    for (i, x) in r {
        let b = month_bin(date(*i));
        sum[b] += x / c;
        n[b] += 1.0;
    }
    let month: [f64; BINS] = std::array::from_fn(|b| (sum[b] + PRIOR_DAYS) / (n[b] + PRIOR_DAYS));
    let u: Vec<(usize, f64)> = r
        .iter()
        .map(|(i, x)| (*i, x / month[month_bin(date(*i))]))
        .collect();
    let mean = u.iter().map(|x| x.1).sum::<f64>() / u.len() as f64;
    let (mut num, mut den) = (0.0, 0.0);
    for w in u.windows(2) {
        if w[1].0 - w[0].0 <= MAX_GAP {
            num += (w[0].1 - mean) * (w[1].1 - mean);
            den += (w[0].1 - mean).powi(2);
        }
    }
    let phi = if den > 0.0 {
        (num / den).clamp(0.0, MAX_PHI)
    } else {
        0.0
    };
    let (i, last) = *u.last()?;
    Some(Fit {
        month,
        mean,
        phi,
        last: (date(i), last),
    })
}

/// The 8-week average of each target × the fitted correction (the plain
/// average when there is too little history to fit).
pub fn corrected_average(view: View<'_>, targets: &[NaiveDate]) -> Vec<Vec<f64>> {
    let base = naive::average(view, targets, 8);
    let Some(fit) = fit(view) else {
        return base;
    };
    base.into_iter()
        .zip(targets)
        .map(|(day, d)| {
            let f = fit.factor(*d);
            day.into_iter().map(|x| x * f).collect()
        })
        .collect()
}
