//! The weekly tours part of the checker: each (pool, template, start, week)
//! splits into whole tours of the scenario's work days and days off.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration};

use super::{Checker, Rule};
use crate::scenario::DaysOff;

impl Checker<'_> {
    /// With weekly tours, each (pool, template, start, week) must split into
    /// whole tours; a short day's shifts count with their full template's,
    /// and every tour works the short day.
    pub(super) fn tours(&mut self) {
        let mut counts: BTreeMap<(usize, usize, u32, usize), [u32; 7]> = BTreeMap::new();
        for r in &self.rows {
            let t = self.sc.shifts.tour_template(r.template);
            counts
                .entry((r.pool, t, r.start_min, r.day / 7))
                .or_default()[r.day % 7] += r.agents;
        }
        let first = self.sc.site.start.weekday().num_days_from_monday() as usize;
        for ((p, t, start, w), c) in counts {
            // Tours may move their start within a drift: then a start's days
            // need not split alone.
            let Some(week) = self.sc.shifts.templates[t].week.as_ref() else {
                continue;
            };
            if week.start_drift_s > 0 {
                continue;
            }
            // Every tour works the short day: as many agents on it as tours.
            let short_ok = week.short_day.is_none_or(|sd| {
                let d = (sd.day.num_days_from_monday() as usize + 7 - first) % 7;
                c[d] * week.work_days == c.iter().sum::<u32>()
            });
            if !short_ok || split_tours(c, week.work_days as usize, week.days_off).is_none() {
                let pool = self.sc.pools[p].id.clone();
                let date = self.sc.site.start + Duration::days(7 * w as i64);
                self.violation(
                    Rule::Tours,
                    "shifts.csv".into(),
                    Some(&pool),
                    None,
                    format!(
                        "template `{}` at {:02}:{:02}, week of {date}: agents per day \
                         that split into tours of {} days with {:?} days off{}",
                        self.sc.shifts.templates[t].name,
                        start / 60,
                        start % 60,
                        week.work_days,
                        week.days_off,
                        week.short_day.map_or(String::new(), |sd| format!(
                            ", each working its short day ({})",
                            sd.day.to_string().to_lowercase()
                        ))
                    ),
                    format!("{c:?}"),
                );
            }
        }
    }
}

/// Split a week's agents per day (`counts[d]`, day `d` of the week) into
/// tours of `work_days` days: returns each tour's days off (as a sorted list
/// of days of the week) with its agents, or `None` if no split exists.
///
/// Any days off: a split exists iff Σ counts = work_days × T for a whole T
/// and no day has more than T agents (give each of the T agents the days
/// with the most agents left). Consecutive days off (wrapping over the
/// week's end): the 7 patterns' circulant system has a unique solution
/// (7 is prime, so no eigenvalue vanishes for 1 ≤ work_days ≤ 6); the split
/// exists iff it is whole and non-negative.
///
/// ```
/// use staffplan::checker::split_tours;
/// use staffplan::scenario::DaysOff;
/// // Two agents: Mon–Fri (off Sat, Sun) and Wed–Sun (off Mon, Tue).
/// let tours = split_tours([1, 1, 2, 2, 2, 1, 1], 5, DaysOff::Consecutive).unwrap();
/// assert_eq!(tours, vec![(vec![0, 1], 1), (vec![5, 6], 1)]);
/// assert!(split_tours([1, 0, 1, 0, 1, 0, 1], 5, DaysOff::Consecutive).is_none());
/// ```
pub fn split_tours(
    counts: [u32; 7],
    work_days: usize,
    days_off: DaysOff,
) -> Option<Vec<(Vec<usize>, u32)>> {
    let total: u32 = counts.iter().sum();
    if work_days == 0 || work_days > 7 || total % work_days as u32 != 0 {
        return None;
    }
    let agents = total / work_days as u32;
    if counts.iter().any(|&c| c > agents) {
        return None;
    }
    let off = 7 - work_days;
    if off == 0 {
        return Some(if agents > 0 {
            vec![(Vec::new(), agents)]
        } else {
            Vec::new()
        });
    }
    match days_off {
        DaysOff::Any => split_any(counts, agents, work_days),
        DaysOff::Consecutive => split_consecutive(counts, agents, off),
    }
}

/// [`split_tours`] with any days off: each agent in turn works the
/// `work_days` days with the most agents left.
fn split_any(counts: [u32; 7], agents: u32, work_days: usize) -> Option<Vec<(Vec<usize>, u32)>> {
    let mut left = counts;
    let mut tours: BTreeMap<Vec<usize>, u32> = BTreeMap::new();
    for _ in 0..agents {
        let mut order: Vec<usize> = (0..7).collect();
        order.sort_by(|&a, &b| left[b].cmp(&left[a]).then(a.cmp(&b)));
        let (work, rest) = order.split_at(work_days);
        if work.iter().any(|&d| left[d] == 0) {
            return None;
        }
        for &d in work {
            left[d] -= 1;
        }
        let mut offs = rest.to_vec();
        offs.sort_unstable();
        *tours.entry(offs).or_default() += 1;
    }
    Some(tours.into_iter().collect())
}

/// [`split_tours`] with `off` consecutive days off: the circulant system
/// solved by Gauss–Jordan elimination, then checked exactly in integers.
fn split_consecutive(counts: [u32; 7], agents: u32, off: usize) -> Option<Vec<(Vec<usize>, u32)>> {
    // Agents off on day d: Σ of y_f over the patterns whose days off
    // {f, …, f + off − 1 (mod 7)} include d.
    let mut a = [[0.0f64; 8]; 7];
    for (d, row) in a.iter_mut().enumerate() {
        for k in 0..off {
            row[(d + 7 - k) % 7] = 1.0;
        }
        row[7] = f64::from(agents - counts[d]);
    }
    for col in 0..7 {
        let pivot = (col..7).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-9 {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col];
        for (i, row) in a.iter_mut().enumerate() {
            if i != col {
                let f = row[col] / pivot_row[col];
                for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= f * p;
                }
            }
        }
    }
    let y: Vec<i64> = (0..7).map(|f| (a[f][7] / a[f][f]).round() as i64).collect();
    // Verify exactly in integers.
    for (d, &c) in counts.iter().enumerate() {
        let off_today: i64 = (0..off).map(|k| y[(d + 7 - k) % 7]).sum();
        if off_today != i64::from(agents) - i64::from(c) {
            return None;
        }
    }
    if y.iter().any(|&v| v < 0) {
        return None;
    }
    Some(
        (0..7)
            .filter(|&f| y[f] > 0)
            .map(|f| {
                let mut offs: Vec<usize> = (0..off).map(|k| (f + k) % 7).collect();
                offs.sort_unstable();
                (offs, y[f] as u32)
            })
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tours_split_by_hand() {
        use DaysOff::*;
        // 3 agents Mon–Fri: [3,3,3,3,3,0,0].
        assert_eq!(
            split_tours([3, 3, 3, 3, 3, 0, 0], 5, Consecutive),
            Some(vec![(vec![5, 6], 3)])
        );
        // Off Sun+Mon (works Tue–Sat), leaving Mon–Thu and Sun: off Fri+Sat.
        assert_eq!(
            split_tours([1, 2, 2, 2, 1, 1, 1], 5, Consecutive),
            Some(vec![(vec![0, 6], 1), (vec![4, 5], 1)])
        );
        // 10 working days over 2 agents, but Mon has 3.
        assert_eq!(split_tours([3, 2, 2, 2, 1, 0, 0], 5, Consecutive), None);
        // Off Mon and Wed: fine with any days off, not consecutive.
        assert_eq!(split_tours([0, 1, 0, 1, 1, 1, 1], 5, Consecutive), None);
        assert_eq!(
            split_tours([0, 1, 0, 1, 1, 1, 1], 5, Any),
            Some(vec![(vec![0, 2], 1)])
        );
        assert_eq!(split_tours([1, 1, 1, 1, 1, 1, 0], 5, Any), None);
        assert_eq!(split_tours([2; 7], 7, Consecutive), Some(vec![(vec![], 2)]));
        assert_eq!(split_tours([0; 7], 5, Consecutive), Some(vec![]));
    }
}
