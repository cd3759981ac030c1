//! Forecast accuracy measures over (actual, forecast) pairs.
//!
//! - WAPE = Σ|a − f| / Σa.
//! - MAPE = mean of |a − f| / a over the pairs with a > 0 (pairs with an
//!   actual of 0 are left out: the ratio is undefined there).
//! - sMAPE = mean of 2|a − f| / (|a| + |f|) over the pairs not both 0
//!   (Makridakis 1993).
//! - MASE = mean |a − f| / the in-sample mean absolute error of seasonal
//!   naive (same interval a week before) on the history before the first
//!   forecast day (Hyndman & Koehler 2006).
//! - bias = Σ(f − a) / Σa (above 0: the forecast is too high).
//! - Poisson floor: the WAPE of a perfect forecast of Poisson arrivals,
//!   E|X − λ| ≈ √(2λ/π), so Σ√(2λ/π) / Σλ with λ the actuals: no forecast
//!   beats the noise on average.

use super::View;

/// The accuracy of a set of forecasts; `None` where a measure is undefined.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Accuracy {
    /// Pairs scored.
    pub n: usize,
    /// Weighted absolute percentage error, a fraction.
    pub wape: Option<f64>,
    /// Mean absolute percentage error over the pairs with an actual above 0.
    pub mape: Option<f64>,
    /// Symmetric MAPE.
    pub smape: Option<f64>,
    /// Mean absolute scaled error.
    pub mase: Option<f64>,
    /// Σ(f − a) / Σa.
    pub bias: Option<f64>,
    /// Σ√(2a/π) / Σa: the WAPE no forecast can beat under Poisson noise.
    pub floor: Option<f64>,
}

/// The measures of `pairs` (actual, forecast); `scale` is the MASE scale.
///
/// ```
/// use staffplan::forecast::metrics::accuracy;
/// // |10−8| + |0−1| + |30−33| = 6 over Σa = 40: WAPE 0.15; bias (8+1+33−40)/40 = 0.05.
/// // MAPE over a > 0: (2/10 + 3/30)/2 = 0.15. MASE with scale 2: (6/3)/2 = 1.
/// let a = accuracy(&[(10.0, 8.0), (0.0, 1.0), (30.0, 33.0)], Some(2.0));
/// assert!((a.wape.unwrap() - 0.15).abs() < 1e-12);
/// assert!((a.bias.unwrap() - 0.05).abs() < 1e-12);
/// assert!((a.mape.unwrap() - 0.15).abs() < 1e-12);
/// assert!((a.mase.unwrap() - 1.0).abs() < 1e-12);
/// ```
pub fn accuracy(pairs: &[(f64, f64)], scale: Option<f64>) -> Accuracy {
    let n = pairs.len();
    let actual: f64 = pairs.iter().map(|p| p.0).sum();
    let abs: f64 = pairs.iter().map(|(a, f)| (a - f).abs()).sum();
    let signed: f64 = pairs.iter().map(|(a, f)| f - a).sum();
    let by_actual = |x: f64| (actual > 0.0).then_some(x / actual);
    let positive: Vec<f64> = pairs
        .iter()
        .filter(|p| p.0 > 0.0)
        .map(|(a, f)| (a - f).abs() / a)
        .collect();
    let sym: Vec<f64> = pairs
        .iter()
        .filter(|(a, f)| a.abs() + f.abs() > 0.0)
        .map(|(a, f)| 2.0 * (a - f).abs() / (a.abs() + f.abs()))
        .collect();
    let floor: f64 = pairs
        .iter()
        .map(|p| (2.0 * p.0.max(0.0) / std::f64::consts::PI).sqrt())
        .sum();
    Accuracy {
        n,
        wape: by_actual(abs),
        mape: (!positive.is_empty()).then(|| positive.iter().sum::<f64>() / positive.len() as f64),
        smape: (!sym.is_empty()).then(|| sym.iter().sum::<f64>() / sym.len() as f64),
        mase: scale
            .filter(|s| *s > 0.0 && n > 0)
            .map(|s| abs / n as f64 / s),
        bias: by_actual(signed),
        floor: by_actual(floor),
    }
}

/// The in-sample mean absolute error of seasonal naive over `view`: per
/// interval (`daily` false) or per daily total, over the pairs of days a
/// week apart that both have data. `None` when there is no such pair.
///
/// ```
/// use chrono::NaiveDate;
/// use staffplan::forecast::{metrics::naive_scale, Series};
/// let mut days = vec![None; 8];
/// days[0] = Some(vec![10.0, 4.0]);
/// days[7] = Some(vec![13.0, 3.0]);
/// let s = Series { first: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), slots: 2, days };
/// // Intervals: (|13−10| + |3−4|) / 2 = 2; days: |16 − 14| = 2.
/// assert_eq!(naive_scale(s.all(), false), Some(2.0));
/// assert_eq!(naive_scale(s.all(), true), Some(2.0));
/// ```
pub fn naive_scale(view: View<'_>, daily: bool) -> Option<f64> {
    let mut sum = 0.0;
    let mut n = 0usize;
    for i in 7..view.days.len() {
        if let (Some(a), Some(b)) = (&view.days[i], &view.days[i - 7]) {
            if daily {
                sum += (a.iter().sum::<f64>() - b.iter().sum::<f64>()).abs();
                n += 1;
            } else {
                sum += a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>();
                n += a.len();
            }
        }
    }
    (n > 0).then(|| sum / n as f64)
}
