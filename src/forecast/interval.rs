//! The P10–P90 band of a forecast and the intraday update.
//!
//! Band: arrivals in an interval with forecast μ are taken as Poisson with a
//! mean that is itself uncertain, relative variance c² (a gamma-Poisson, or
//! negative binomial, mixture): Var = μ + c²μ². c² is estimated from the
//! method's rolling-origin backtest residuals e = a − f as
//! c² = max(0, (Σe² − Σf) / Σf²): the squared error left after the Poisson
//! part. P10/P90 = μ ∓ 1.2816 · √(μ + c²μ²) (normal approximation; P10 is at
//! least 0).
//!
//! Intraday update (after Shen & Huang 2008's updating, in its simplest
//! credibility form): by the update time the day's forecast so far F and
//! actual A give the ratio R = A / F. Its noise is Poisson, Var ≈ 1/F; the
//! day-to-day spread of the true ratio is τ² (from the backtest's daily
//! actual/forecast ratios, less their Poisson part). The rest of the day is
//! scaled by R* = 1 + w (R − 1), w = τ² / (τ² + 1/F) (Bühlmann credibility):
//! a little data or a steady history pulls R* toward 1 — unless the
//! morning is more than three standard deviations from what that spread
//! explains, when the spread is raised until it is three ([`day_spread`]).

/// The standard normal's 90 % quantile.
pub const Z90: f64 = 1.281_551_565_544_600_5;

/// (P10, P90) of an interval with forecast `mean` and relative variance `c2`.
///
/// ```
/// use staffplan::forecast::interval::band;
/// // μ = 100, c² = 0.01: σ = √(100 + 100) = 14.142; ± 1.2816σ = 18.124.
/// let (p10, p90) = band(100.0, 0.01);
/// assert!((p10 - 81.876).abs() < 1e-3 && (p90 - 118.124).abs() < 1e-3);
/// ```
pub fn band(mean: f64, c2: f64) -> (f64, f64) {
    let sd = (mean + c2 * mean * mean).max(0.0).sqrt();
    ((mean - Z90 * sd).max(0.0), mean + Z90 * sd)
}

/// c² from backtest pairs (actual, forecast); 0 without forecast volume.
pub fn dispersion(pairs: &[(f64, f64)]) -> f64 {
    let f: f64 = pairs.iter().map(|p| p.1).sum();
    let f2: f64 = pairs.iter().map(|p| p.1 * p.1).sum();
    let e2: f64 = pairs.iter().map(|(a, f)| (a - f) * (a - f)).sum();
    if f2 > 0.0 {
        ((e2 - f) / f2).max(0.0)
    } else {
        0.0
    }
}

/// τ²: the variance of the daily ratios actual / forecast less their
/// Poisson part, mean of 1/forecast (0 when not above it).
pub fn ratio_spread(days: &[(f64, f64)]) -> f64 {
    let r: Vec<(f64, f64)> = days
        .iter()
        .filter(|d| d.1 > 0.0)
        .map(|(a, f)| (a / f, 1.0 / f))
        .collect();
    if r.len() < 2 {
        return 0.0;
    }
    let n = r.len() as f64;
    let mean = r.iter().map(|x| x.0).sum::<f64>() / n;
    let var = r.iter().map(|x| (x.0 - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let noise = r.iter().map(|x| x.1).sum::<f64>() / n;
    (var - noise).max(0.0)
}

/// The spread of today's true ratio: the history's `tau2`, raised when the
/// morning's departure R − 1 would be more than three standard deviations
/// under it to the least spread that makes it three:
/// τ²_d = max(τ², (R − 1)² / 9 − 1/F). A surge (an outage elsewhere, a
/// campaign) is not one of the history's days; within three standard
/// deviations the history's spread stands. Continuous in R.
///
/// ```
/// use staffplan::forecast::interval::day_spread;
/// // F = 400, A = 480: (0.2)²/9 − 1/400 = 0.00194 < τ² = 0.0025: kept.
/// assert_eq!(day_spread(480.0, 400.0, 0.0025), 0.0025);
/// // F = 500, A = 990: (0.98)²/9 − 1/500 = 0.104711.
/// assert!((day_spread(990.0, 500.0, 0.0002) - 0.104_711_1).abs() < 1e-6);
/// ```
pub fn day_spread(actual: f64, forecast: f64, tau2: f64) -> f64 {
    if forecast <= 0.0 {
        return tau2;
    }
    let r = actual / forecast - 1.0;
    tau2.max(r * r / 9.0 - 1.0 / forecast)
}

/// The shrunk ratio R* for `actual` contacts against `forecast` so far,
/// with the history's ratio spread `tau2` ([`day_spread`] of it).
///
/// ```
/// use staffplan::forecast::interval::shrunk_ratio;
/// // F = 400, A = 480: R = 1.2; τ² = 0.0025, 1/F = 0.0025: w = 1/2, R* = 1.1.
/// assert!((shrunk_ratio(480.0, 400.0, 0.0025) - 1.1).abs() < 1e-12);
/// // F = 500, A = 990 (R = 1.98) on a steady history (τ² = 0.0002): the
/// // day's spread 0.104711, w = 0.104711 / 0.106711 = 0.98126, R* = 1.9616.
/// assert!((shrunk_ratio(990.0, 500.0, 0.0002) - 1.961_63).abs() < 1e-5);
/// ```
pub fn shrunk_ratio(actual: f64, forecast: f64, tau2: f64) -> f64 {
    let tau2 = day_spread(actual, forecast, tau2);
    if forecast <= 0.0 || tau2 <= 0.0 {
        return 1.0;
    }
    let w = tau2 / (tau2 + 1.0 / forecast);
    1.0 + w * (actual / forecast - 1.0)
}
