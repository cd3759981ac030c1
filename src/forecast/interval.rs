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
//! a little data or a steady history pulls R* toward 1.

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

/// The shrunk ratio R* for `actual` contacts against `forecast` so far,
/// with the ratio spread `tau2`.
///
/// ```
/// use staffplan::forecast::interval::shrunk_ratio;
/// // F = 400, A = 480: R = 1.2; τ² = 0.0025, 1/F = 0.0025: w = 1/2, R* = 1.1.
/// assert!((shrunk_ratio(480.0, 400.0, 0.0025) - 1.1).abs() < 1e-12);
/// ```
pub fn shrunk_ratio(actual: f64, forecast: f64, tau2: f64) -> f64 {
    if forecast <= 0.0 || tau2 <= 0.0 {
        return 1.0;
    }
    let w = tau2 / (tau2 + 1.0 / forecast);
    1.0 + w * (actual / forecast - 1.0)
}
