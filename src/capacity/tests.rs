//! The people flow by hand, and the hiring IP against exhaustive search.

use chrono::NaiveDate;

use super::flow::{self, Calendar};
use super::hiring::{self, Model};
use super::model;
use crate::scenario::capacity::{Hiring, Period, PoolFlow};

fn months(n: usize) -> Calendar {
    let start = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    Calendar {
        starts: (0..=n)
            .map(|p| crate::scenario::capacity::period_start(start, Period::Month, p))
            .collect(),
        period: Period::Month,
    }
}

fn pool(staff: u32, hiring: Option<Hiring>) -> PoolFlow {
    PoolFlow {
        staff: vec![(staff, 10_000)],
        attrition: 0.10,
        attrition_new: 0.20,
        hiring,
        salary: 1000.0,
        overtime_share: 0.0,
        overtime_hourly: 10.0,
        shortfall_penalty: None,
    }
}

fn rules(lead_weeks: u32, min: u32, max: u32, per_period: u32, trainers: Option<u32>) -> Hiring {
    Hiring {
        lead_days: 7 * lead_weeks,
        classroom_days: 14,
        nesting: vec![0.5, 0.5],
        class_min: min,
        class_max: max,
        classes_per_period: per_period,
        cost_per_hire: 300.0,
        trainers,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// One pool, three months, ten tenured agents (10 % a month) and one class
/// of five in January (20 % a month in its first 90 days; 2 classroom
/// weeks, 2 nesting weeks at 0.5): who is where each month, by hand.
#[test]
fn people_flow_by_hand() {
    let cal = months(3);
    let p = pool(10, Some(rules(0, 1, 10, 1, None)));
    let staff = flow::staff(&cal, &p, (0.10, 0.20));
    for (got, want) in staff.heads.iter().zip([10.0, 9.0, 8.1]) {
        assert!(close(*got, want), "{got} vs {want}");
    }
    for (got, want) in staff.leavers.iter().zip([1.0, 0.9, 0.81]) {
        assert!(close(*got, want), "{got} vs {want}");
    }
    let class = flow::classes(&cal, p.hiring.as_ref().unwrap(), (0.10, 0.20))[0]
        .clone()
        .unwrap();
    // January: 14 days at 0, 14 at 0.5, 3 at 1 → 10/31 of an FTE.
    let want_heads = [1.0, 0.8, 0.64];
    let want_prod = [10.0 / 31.0, 0.8, 0.64];
    let want_leavers = [0.2, 0.16, 0.128];
    for p in 0..3 {
        assert!(close(class.heads[p], want_heads[p]));
        assert!(
            close(class.productive[p], want_prod[p]),
            "{p}: {}",
            class.productive[p]
        );
        assert!(close(class.leavers[p], want_leavers[p]));
    }
    assert_eq!(class.in_classroom, vec![true, false, false]);
    // A class cannot start before the lead time: 4 weeks (28 days) → February.
    let late = flow::classes(&cal, &rules(4, 1, 10, 1, None), (0.1, 0.2));
    assert!(late[0].is_none() && late[1].is_some());
}

/// The least cost of a fixed plan of hires, by trying both ends of the
/// overtime range in every period (the cost is linear in it).
fn brute_cost(m: &Model, hires: &[u32]) -> Option<f64> {
    let n = m.required.len();
    let mut total = m.hire_cost * f64::from(hires.iter().sum::<u32>());
    for p in 0..n {
        let mut heads = m.base_heads[p];
        let mut prod = m.base_productive[p];
        for (c, h) in m.classes.iter().zip(hires) {
            if let Some(c) = c {
                heads += c.heads[p] * f64::from(*h);
                prod += c.productive[p] * f64::from(*h);
            }
        }
        let d = (m.required[p] - prod).max(0.0);
        let most = d.min(m.overtime_share * prod);
        let options = [0.0, most].into_iter().filter_map(|o| {
            let s = d - o;
            match &m.penalty {
                None if s > 1e-9 => None,
                None => Some(m.overtime_cost[p] * o),
                Some(pen) => Some(m.overtime_cost[p] * o + pen[p] * s),
            }
        });
        total += m.salary[p] * heads + options.min_by(|a, b| a.total_cmp(b))?;
    }
    Some(total)
}

/// Every plan of classes (0..=classes a period of min..=max hires each, in
/// the periods open to a class, within the trainers): the least cost.
fn brute_force(m: &Model) -> Option<f64> {
    let n = m.required.len();
    let (lo, hi) = m.class_size;
    let k = m.classes_per_period;
    // the totals one period's classes can hire, with the class count
    let per: Vec<Vec<(u32, u32)>> = (0..n)
        .map(|t| match m.classes[t] {
            None => vec![(0, 0)],
            Some(_) => (0..=k)
                .flat_map(|z| (z * lo..=z * hi).map(move |x| (x, z)))
                .collect(),
        })
        .collect();
    let mut best: Option<f64> = None;
    let mut index = vec![0usize; n];
    loop {
        let hires: Vec<u32> = (0..n).map(|t| per[t][index[t]].0).collect();
        let classes: Vec<u32> = (0..n).map(|t| per[t][index[t]].1).collect();
        let trained = (0..n).all(|p| {
            let busy: u32 = (0..n)
                .filter(|&t| m.classes[t].as_ref().is_some_and(|c| c.in_classroom[p]))
                .map(|t| classes[t])
                .sum();
            m.trainers.is_none_or(|tr| busy <= tr)
        });
        if trained {
            if let Some(c) = brute_cost(m, &hires) {
                best = Some(best.map_or(c, |b: f64| b.min(c)));
            }
        }
        let mut t = 0;
        while t < n {
            index[t] += 1;
            if index[t] < per[t].len() {
                break;
            }
            index[t] = 0;
            t += 1;
        }
        if t == n {
            return best;
        }
    }
}

/// Instances of at most 4 periods and 3 classes a period: the branch and
/// bound's cost equals the exhaustive search's.
#[test]
fn hiring_ip_equals_exhaustive_search() {
    // (months, required FTE, hiring rules, overtime share, shortfall penalty)
    type Case = (usize, Vec<f64>, Hiring, f64, Option<f64>);
    let cases: Vec<Case> = vec![
        (
            3,
            vec![10.0, 12.0, 14.0],
            rules(0, 2, 4, 2, None),
            0.0,
            None,
        ),
        (
            4,
            vec![9.0, 13.0, 15.0, 12.0],
            rules(0, 3, 5, 3, Some(2)),
            0.1,
            None,
        ),
        (
            4,
            vec![10.0, 16.0, 16.0, 18.0],
            rules(4, 2, 6, 2, Some(1)),
            0.05,
            Some(4000.0),
        ),
        (
            3,
            vec![11.0, 11.5, 20.0],
            rules(0, 1, 3, 3, None),
            0.2,
            Some(500.0),
        ),
        (
            4,
            vec![8.0, 8.0, 12.5, 13.0],
            rules(0, 4, 4, 2, Some(1)),
            0.0,
            Some(2500.0),
        ),
    ];
    for (i, (n, required, h, share, penalty)) in cases.into_iter().enumerate() {
        let cal = months(n);
        let mut p = pool(10, Some(h));
        p.overtime_share = share;
        p.shortfall_penalty = penalty;
        let m = model(&cal, &p, (p.attrition, p.attrition_new), &required);
        let want = brute_force(&m);
        let got = hiring::solve(&m).ok();
        match (want, &got) {
            (Some(w), Some(g)) => {
                assert!(
                    (g.objective - w).abs() <= 1e-6 * w,
                    "case {i}: {} vs {w}",
                    g.objective
                );
                assert!(!g.capped);
                let again = brute_cost(&m, &g.hires).unwrap();
                assert!((again - g.objective).abs() <= 1e-6 * w, "case {i}");
            }
            (None, None) => {}
            _ => panic!("case {i}: exhaustive {want:?}, IP {got:?}"),
        }
    }
}

/// A requirement beyond any plan, without a penalty: the months short.
#[test]
fn unmet_names_the_months() {
    let cal = months(3);
    let p = pool(10, Some(rules(0, 1, 2, 1, None)));
    let m = model(&cal, &p, (0.1, 0.2), &[9.0, 30.0, 9.0]);
    let unmet = hiring::solve(&m).unwrap_err();
    assert!(unmet.short[0] < 1e-6 && unmet.short[2] < 1e-6);
    assert!(unmet.short[1] > 15.0, "{:?}", unmet.short);
}

#[test]
fn interpolation_between_planned_levels() {
    let points = [(10.0, 5.0), (20.0, 8.0)];
    assert!(close(super::required::interpolate(&points, 15.0), 6.5));
    assert!(close(super::required::interpolate(&points, 40.0), 16.0));
    assert!(close(super::required::interpolate(&points, 20.0), 8.0));
}
