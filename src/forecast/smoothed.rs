//! Models on daily totals spread by each weekday's intraday profile.
//!
//! Both split a day's volume as x̂(d, s) = D̂(d) · p(w(d), s): a forecast
//! daily total D̂ and the weekday's intraday shares p (the last eight days of
//! that weekday with data, [`View::profiles`]). This is the structure of
//! Shen & Huang (2008, "Interday forecasting and intraday updating of call
//! center arrivals", M&SOM 10(3)), who find the daily volume carries most of
//! the uncertainty and the intraday shares are stable.
//!
//! - [`level_model`]: D̂ = L · f(w): weekday factors f over the last eight
//!   weeks, and a level L exponentially smoothed (Brown 1959) over the
//!   deseasonalised totals y = D / f(w): L ← L + α (y − L).
//! - [`holt_winters`]: damped-trend Holt-Winters with a multiplicative weekly
//!   season on the daily totals (Holt 1957, Winters 1960; damped trend,
//!   Gardner & McKenzie 1985), so a trend and a level shift are followed.
//!
//! Their parameters are chosen on the history itself: the grid value with
//! the least one-day-ahead absolute error of the daily totals over the view
//! (after its first two weeks), never on the horizon. Days without data do
//! not update anything, so the season stays tied to the weekday.

use chrono::{Datelike, NaiveDate};

use super::{totals, View};

/// Days at the start of a view used to start the smoothing, not scored.
const WARM_UP: usize = 14;
/// The level smoothing constants tried.
const ALPHAS: [f64; 6] = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7];
/// The trend smoothing constants tried.
const BETAS: [f64; 4] = [0.0, 0.05, 0.1, 0.2];
/// The season smoothing constants tried.
const GAMMAS: [f64; 4] = [0.05, 0.1, 0.2, 0.3];
/// The trend damping factors tried.
const PHIS: [f64; 2] = [0.9, 0.98];

/// Each weekday's factor (Monday first): its mean daily total over the
/// view's last eight weeks ÷ the mean of those means over the weekdays with
/// data. A weekday without data gets 0.
pub fn weekday_factors(view: View<'_>, totals: &[Option<f64>]) -> [f64; 7] {
    let from = totals.len().saturating_sub(7 * super::PROFILE_WEEKS);
    weekday_means(view, &totals[from..], from)
}

/// Mean daily total per weekday of `totals` (day `offset` of the view
/// first) ÷ their mean over the weekdays with data.
fn weekday_means(view: View<'_>, totals: &[Option<f64>], offset: usize) -> [f64; 7] {
    let mut sum = [0.0; 7];
    let mut n = [0usize; 7];
    for (i, t) in totals.iter().enumerate() {
        if let Some(t) = t {
            let w = view.date(offset + i).weekday().num_days_from_monday() as usize;
            sum[w] += t;
            n[w] += 1;
        }
    }
    let means: Vec<f64> = (0..7)
        .filter(|w| n[*w] > 0)
        .map(|w| sum[w] / n[w] as f64)
        .collect();
    let overall = means.iter().sum::<f64>() / means.len().max(1) as f64;
    std::array::from_fn(|w| {
        if n[w] == 0 || overall <= 0.0 {
            0.0
        } else {
            sum[w] / n[w] as f64 / overall
        }
    })
}

/// Level × weekday factor × intraday profile, the level exponentially
/// smoothed with the α of [`ALPHAS`] that forecasts the history's next day
/// best. Forecast: x̂(d, s) = L · f(w(d)) · p(w(d), s), the same level for
/// every day ahead (no trend).
pub fn level_model(view: View<'_>, targets: &[NaiveDate]) -> Vec<Vec<f64>> {
    let totals = totals(view);
    let factors = weekday_factors(view, &totals);
    let y: Vec<Option<f64>> = totals
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let f = factors[view.date(i).weekday().num_days_from_monday() as usize];
            t.filter(|_| f > 0.0).map(|t| t / f)
        })
        .collect();
    let (_, level) =
        ALPHAS
            .iter()
            .map(|a| smooth_level(&y, *a))
            .fold(
                (f64::INFINITY, 0.0),
                |best, x| if x.0 < best.0 { x } else { best },
            );
    spread(view, targets, |d| {
        level * factors[d.weekday().num_days_from_monday() as usize]
    })
}

/// Simple exponential smoothing of `y` (None skipped): the absolute
/// one-step error summed after [`WARM_UP`] days, and the final level. The
/// level starts at the mean of the first week's values.
fn smooth_level(y: &[Option<f64>], alpha: f64) -> (f64, f64) {
    let first: Vec<f64> = y.iter().take(7).flatten().copied().collect();
    let mut level = first.iter().sum::<f64>() / first.len().max(1) as f64;
    let mut error = 0.0;
    for (i, v) in y.iter().enumerate() {
        if let Some(v) = v {
            if i >= WARM_UP {
                error += (v - level).abs();
            }
            level += alpha * (v - level);
        }
    }
    (error, level)
}

/// The daily total of each target spread by its weekday's profile.
fn spread(
    view: View<'_>,
    targets: &[NaiveDate],
    total: impl Fn(NaiveDate) -> f64,
) -> Vec<Vec<f64>> {
    let profiles = view.profiles();
    targets
        .iter()
        .map(|d| {
            let t = total(*d).max(0.0);
            let p = &profiles[d.weekday().num_days_from_monday() as usize];
            p.iter().map(|share| t * share).collect()
        })
        .collect()
}

/// Holt-Winters smoothing constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Constants {
    /// Level.
    pub alpha: f64,
    /// Trend.
    pub beta: f64,
    /// Season.
    pub gamma: f64,
    /// Trend damping.
    pub phi: f64,
}

/// The state after smoothing a view: level, trend, weekday seasons.
#[derive(Debug, Clone, Copy)]
struct State {
    level: f64,
    trend: f64,
    season: [f64; 7],
}

/// Run damped-trend Holt-Winters (multiplicative season) over the view's
/// daily totals: the one-day-ahead absolute error after [`WARM_UP`] days
/// and the final state. Start: the first two weeks' weekday factors and
/// mean, trend 0. Each day t with total D and season s = s(w(t)):
/// L′ = α D/s + (1 − α)(L + φb), b′ = β (L′ − L) + (1 − β) φ b,
/// s′ = γ D/L′ + (1 − γ) s. A day without data moves L by φb only.
fn run(view: View<'_>, totals: &[Option<f64>], c: Constants) -> (f64, State) {
    let head = &totals[..WARM_UP.min(totals.len())];
    let season = weekday_means(view, head, 0);
    let open: Vec<f64> = head.iter().flatten().copied().collect();
    let mut s = State {
        level: open.iter().sum::<f64>() / open.len().max(1) as f64,
        trend: 0.0,
        season,
    };
    let mut error = 0.0;
    for (i, t) in totals.iter().enumerate().skip(WARM_UP) {
        let w = view.date(i).weekday().num_days_from_monday() as usize;
        let ahead = (s.level + c.phi * s.trend).max(0.0);
        let Some(d) = t else {
            s.level = ahead;
            s.trend *= c.phi;
            continue;
        };
        error += (d - ahead * s.season[w]).abs();
        if s.season[w] > 0.0 {
            let level = c.alpha * d / s.season[w] + (1.0 - c.alpha) * ahead;
            s.trend = c.beta * (level - s.level) + (1.0 - c.beta) * c.phi * s.trend;
            s.level = level.max(0.0);
        } else {
            s.level = ahead;
            s.trend *= c.phi;
        }
        if s.level > 0.0 {
            s.season[w] = c.gamma * d / s.level + (1.0 - c.gamma) * s.season[w];
        }
    }
    (error, s)
}

/// The constants of the grid that forecast the view's next day best.
pub fn fit(view: View<'_>) -> Constants {
    let totals = totals(view);
    let mut best = (
        f64::INFINITY,
        Constants {
            alpha: 0.2,
            beta: 0.0,
            gamma: 0.1,
            phi: 0.9,
        },
    );
    for alpha in ALPHAS {
        for beta in BETAS {
            for gamma in GAMMAS {
                for phi in PHIS {
                    let c = Constants {
                        alpha,
                        beta,
                        gamma,
                        phi,
                    };
                    let (e, _) = run(view, &totals, c);
                    if e < best.0 {
                        best = (e, c);
                    }
                }
            }
        }
    }
    best.1
}

/// Damped-trend Holt-Winters on the daily totals with the constants of
/// [`fit`]; h days after the origin D̂ = (L + (φ + … + φʰ) b) · s(w), spread
/// by the weekday's intraday profile.
pub fn holt_winters(view: View<'_>, targets: &[NaiveDate]) -> Vec<Vec<f64>> {
    let c = fit(view);
    let (_, s) = run(view, &totals(view), c);
    let end = view.end();
    spread(view, targets, |d| {
        let h = (d - end).num_days().max(0) + 1;
        let damped: f64 = (1..=h).map(|j| c.phi.powi(j as i32)).sum();
        (s.level + damped * s.trend) * s.season[d.weekday().num_days_from_monday() as usize]
    })
}
