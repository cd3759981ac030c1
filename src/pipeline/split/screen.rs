//! The screen of a split's grid points: the sum of the parts' pools' LP
//! bounds at each point's own shares, holidays re-routed as the plan
//! re-routes them.
//!
//! A part's requirement depends on its own share and, on a site's public
//! holiday, on the shares of the parts open that day (the open parts take
//! the whole queue in proportion, `demand::build`). So each part's LP is
//! keyed by its share and, per holiday date, the open parts' share sum;
//! one LP per distinct key (without holidays, one per part and share
//! level), staffed at the first point that has it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::at_shares;
use crate::shifts;
use crate::staffing::Staffed;

/// Each point's screen: the proxy (Σ of the parts' pools' LP bounds) and
/// whether the point leaves a holiday with no open part that has a share
/// (`true`: no plan at it can cover the queue that day).
pub struct Screened {
    /// Σ over the parts of the part's pool's LP bound at the point.
    pub lp: Vec<f64>,
    /// Whether a holiday with volume closes every part with a share.
    pub unserved: Vec<bool>,
}

/// Screen `points` of split `of`; `parts` are its parts' (queue, pool)
/// indices in scenario order.
pub fn screen(
    staffed: &Staffed,
    of: &str,
    parts: &[(usize, usize)],
    points: &[Vec<f64>],
) -> anyhow::Result<Screened> {
    let dates = holiday_dates(staffed, parts);
    let sc = &staffed.scenario;
    let closed: Vec<Vec<bool>> = (dates.iter())
        .map(|&d| {
            parts
                .iter()
                .map(|&(_, p)| sc.closed_on(p, d).is_some())
                .collect()
        })
        .collect();
    let open_sum = |x: &[f64], d: usize| -> f64 {
        (x.iter().zip(&closed[d]))
            .filter(|(_, &c)| !c)
            .map(|(s, _)| s)
            .sum()
    };
    let unserved: Vec<bool> = (points.iter())
        .map(|x| (0..dates.len()).any(|d| open_sum(x, d) <= 1e-12))
        .collect();
    let key = |x: f64| (x * 1e9).round() as i64;
    let part_key = |x: &[f64], k: usize| -> (usize, i64, Vec<i64>) {
        let sig = (0..dates.len())
            .map(|d| {
                if closed[d][k] {
                    -1
                } else {
                    key(open_sum(x, d))
                }
            })
            .collect();
        (k, key(x[k]), sig)
    };
    // Each distinct key, at the first point that has it.
    let mut first: BTreeMap<(usize, i64, Vec<i64>), usize> = BTreeMap::new();
    for (i, x) in points.iter().enumerate() {
        for k in 0..parts.len() {
            first.entry(part_key(x, k)).or_insert(i);
        }
    }
    let mut by_point: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for ((k, _, _), &i) in &first {
        by_point.entry(i).or_default().push(*k);
    }
    let jobs: Vec<(usize, Vec<usize>)> = by_point.into_iter().collect();
    let solved: Vec<Vec<(usize, f64)>> = (jobs.par_iter())
        .map(|(i, ks)| -> anyhow::Result<Vec<(usize, f64)>> {
            let s = crate::pipeline::staff(at_shares(sc, of, &points[*i]))?;
            (ks.iter())
                .map(|&k| Ok((k, shifts::pool_bound(&s, parts[k].1)?)))
                .collect()
        })
        .collect::<anyhow::Result<_>>()?;
    let mut bound: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for ((i, _), b) in jobs.iter().zip(solved) {
        for (k, v) in b {
            bound.insert((*i, k), v);
        }
    }
    let lp = (points.iter())
        .map(|x| {
            (0..parts.len())
                .map(|k| bound[&(first[&part_key(x, k)], k)])
                .sum()
        })
        .collect();
    Ok(Screened { lp, unserved })
}

/// The site-local dates on which some part's pool is closed and the
/// queue has volume, ascending.
fn holiday_dates(staffed: &Staffed, parts: &[(usize, usize)]) -> Vec<NaiveDate> {
    let sc = &staffed.scenario;
    let mut dates: Vec<NaiveDate> = Vec::new();
    for i in 0..staffed.grid.len {
        let d = staffed.grid.site_local(i).date();
        let volume: f64 = (parts.iter())
            .map(|&(q, _)| staffed.demand.queues[q].volume[i])
            .sum();
        let closed = parts.iter().any(|&(_, p)| sc.closed_on(p, d).is_some());
        if volume > 0.0 && closed {
            dates.push(d);
        }
    }
    dates.sort_unstable();
    dates.dedup();
    dates
}
