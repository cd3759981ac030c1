//! An equal-weight combination of two methods from different families.
//!
//! x̂(d, s) = ½ (x̂_ratio-ar(d, s) + x̂_holt-winters(d, s)): the mean, interval
//! by interval, of the 8-week average corrected by the calendar and an
//! autoregression on its ratio ([`ratio`]) and damped-trend Holt-Winters on
//! the daily totals ([`smoothed::holt_winters`]).
//!
//! Why combine: choosing one method by a short backtest picks among methods
//! whose scores differ by less than their noise, so the pick changes from
//! origin to origin; averaging forecasts whose errors are not perfectly
//! correlated cancels part of each one's error, and equal weights do as well
//! as estimated ones in practice, because estimated weights add their own
//! noise (Bates & Granger 1969; Clemen 1989; the M3 and M4 competitions,
//! Makridakis & Hibon 2000, Makridakis, Spiliotis & Assimakopoulos 2020;
//! Smith & Wallis 2009 on the "forecast combination puzzle").
//!
//! Why these two: the methods fall into two families that get the day's
//! level differently, and within a family the errors move together. The
//! average family (seasonal naive, average-4, average-8, ratio-ar) takes the
//! level from the same weekdays of the last weeks; ratio-ar is its fullest
//! member (average-8 is its special case with no correction). The smoothing
//! family (smoothed, holt-winters) takes it from an exponentially smoothed
//! level of every day; Holt-Winters is its fullest member (a trend and a
//! smoothed weekday season on top of the smoothed level) and follows a level
//! shift that the 8-week window lags. One from each family: their errors
//! differ most. Both keep each weekday's intraday shape from the same last
//! eight days, so the combination moves the day's level only.
//!
//! By the convexity of |·|, the combination's absolute error in every
//! interval is at most the mean of its parts' errors, so its WAPE is never
//! above the mean of theirs; it is below it whenever they miss on opposite
//! sides.

use chrono::NaiveDate;

use super::{ratio, smoothed, View};

/// The equal-weight mean of ratio-ar's and Holt-Winters' forecasts.
pub fn ratio_and_holt_winters(view: View<'_>, targets: &[NaiveDate]) -> Vec<Vec<f64>> {
    mean(&[
        ratio::corrected_average(view, targets),
        smoothed::holt_winters(view, targets),
    ])
}

/// The mean of forecasts of the same days, interval by interval
/// (Σ parts ÷ their count, in the parts' order).
///
/// ```
/// use staffplan::forecast::combined::mean;
/// // Two parts, one day of two intervals: (10 + 14) / 2 = 12, (3 + 4) / 2 = 3.5.
/// let m = mean(&[vec![vec![10.0, 3.0]], vec![vec![14.0, 4.0]]]);
/// assert_eq!(m, vec![vec![12.0, 3.5]]);
/// ```
pub fn mean(parts: &[Vec<Vec<f64>>]) -> Vec<Vec<f64>> {
    let Some(first) = parts.first() else {
        return Vec::new();
    };
    let n = parts.len() as f64;
    first
        .iter()
        .enumerate()
        .map(|(d, day)| {
            (0..day.len())
                .map(|s| parts.iter().map(|p| p[d][s]).sum::<f64>() / n)
                .collect()
        })
        .collect()
}
