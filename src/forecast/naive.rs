//! Seasonal naive and the same-weekday k-week average.
//!
//! Seasonal naive: x̂(d, s) = x(d′, s), d′ the last day before the origin
//! with the weekday of d and with data. The k-week average ("historical
//! average", HA-k; Weinberg, Brown & Stroud 2007 use it as their benchmark,
//! Zendesk's default is k = 8): x̂(d, s) = (1/n) Σⱼ x(dⱼ, s) over the last
//! n = min(k, available) days dⱼ with d's weekday and data. Days without data
//! are skipped by date, so a missing Wednesday leaves Thursday alone. A
//! weekday without any data in the history is forecast 0 (closed).

use chrono::{Datelike, NaiveDate};

use super::View;

/// The mean of the last `k` same-weekday days with data, per interval
/// (`k` = 1 is seasonal naive).
///
/// ```
/// use chrono::NaiveDate;
/// use staffplan::forecast::{naive, Series};
/// // Two Mondays (2026-03-02 and 03-09) with 2 intervals each, nothing else.
/// let mut days = vec![None; 14];
/// days[0] = Some(vec![10.0, 20.0]);
/// days[7] = Some(vec![14.0, 30.0]);
/// let s = Series { first: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), slots: 2, days };
/// let monday = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
/// // (10 + 14) / 2 = 12, (20 + 30) / 2 = 25; a Tuesday has no data: 0.
/// let f = naive::average(s.all(), &[monday, monday.succ_opt().unwrap()], 4);
/// assert_eq!(f, vec![vec![12.0, 25.0], vec![0.0, 0.0]]);
/// ```
pub fn average(view: View<'_>, targets: &[NaiveDate], k: usize) -> Vec<Vec<f64>> {
    targets
        .iter()
        .map(|d| {
            let days = view.same_weekday(d.weekday(), k);
            let mut mean = vec![0.0; view.slots];
            for day in &days {
                for (m, x) in mean.iter_mut().zip(day.iter()) {
                    *m += x;
                }
            }
            if !days.is_empty() {
                let n = days.len() as f64;
                mean.iter_mut().for_each(|m| *m /= n);
            }
            mean
        })
        .collect()
}
