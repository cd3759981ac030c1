//! The flow of people through a pool, per period: who is employed, how
//! productive, who leaves. Every figure is linear in the size of a cohort,
//! so the flow of one person per cohort is all the hiring plan needs.
//!
//! Conventions (docs/maths.md, "Capacity"): a class starts on the first day
//! of a period; people present at a period's start are paid for the whole
//! period and leave, at the period's attrition rate, at its end; the rate is
//! the first-90-days rate while the tenure at the period's start is under
//! [`NEW_HIRE_DAYS`]. Productivity is 0 in the classroom, the nesting
//! week's figure while nesting, 1 after, averaged over the period's days.

use chrono::NaiveDate;

use crate::scenario::capacity::{
    Capacity, Hiring, Period, PoolFlow, DAYS_PER_MONTH, NEW_HIRE_DAYS,
};

/// The horizon's periods: first days (one more than the periods, the last
/// being the day after the horizon) and the kind of period.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// First day of every period, then the day after the last.
    pub starts: Vec<NaiveDate>,
    /// Months or weeks.
    pub period: Period,
}

impl Calendar {
    /// The calendar of a capacity section.
    pub fn of(cap: &Capacity) -> Calendar {
        Calendar {
            starts: (0..=cap.periods as usize)
                .map(|p| cap.period_start(p))
                .collect(),
            period: cap.period,
        }
    }

    /// Number of periods.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Whether the horizon has no period.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Days in period `p`.
    pub fn days(&self, p: usize) -> i64 {
        (self.starts[p + 1] - self.starts[p]).num_days()
    }

    /// Days from the horizon's start to period `p`'s start.
    pub fn offset(&self, p: usize) -> i64 {
        (self.starts[p] - self.starts[0]).num_days()
    }

    /// A monthly rate (attrition) as the rate of one period: the same for
    /// months, 1 − (1 − r)^(7 ÷ 30.4375) for weeks.
    pub fn rate(&self, monthly: f64) -> f64 {
        match self.period {
            Period::Month => monthly,
            Period::Week => 1.0 - (1.0 - monthly).powf(7.0 / DAYS_PER_MONTH),
        }
    }

    /// A monthly amount (salary, penalty) for one period: the same for
    /// months, × 7 ÷ 30.4375 for weeks.
    pub fn amount(&self, monthly: f64) -> f64 {
        match self.period {
            Period::Month => monthly,
            Period::Week => monthly * 7.0 / DAYS_PER_MONTH,
        }
    }
}

/// One cohort's flow per period (per person at its start).
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    /// Employed at the period's start (and paid through it).
    pub heads: Vec<f64>,
    /// Productive FTE over the period.
    pub productive: Vec<f64>,
    /// Leaving at the period's end.
    pub leavers: Vec<f64>,
    /// In the classroom at some day of the period (1 or 0, before attrition).
    pub in_classroom: Vec<bool>,
}

/// Attrition rates of a pool: (after 90 days, first 90 days), monthly.
pub type Rates = (f64, f64);

/// The flow of one person who joins at day `joined` of the horizon (a
/// negative day: before the horizon, with that tenure), productive at
/// `productivity(tenure days)`.
pub fn cohort(
    cal: &Calendar,
    rates: Rates,
    joined: i64,
    productivity: &dyn Fn(i64) -> f64,
    classroom_days: i64,
) -> Cohort {
    let n = cal.len();
    let mut c = Cohort {
        heads: vec![0.0; n],
        productive: vec![0.0; n],
        leavers: vec![0.0; n],
        in_classroom: vec![false; n],
    };
    let mut alive = 1.0;
    for p in 0..n {
        let tenure = cal.offset(p) - joined;
        if tenure < 0 {
            continue;
        }
        let days = cal.days(p);
        let monthly = if tenure < i64::from(NEW_HIRE_DAYS) {
            rates.1
        } else {
            rates.0
        };
        let mean: f64 = (0..days).map(|d| productivity(tenure + d)).sum::<f64>() / days as f64;
        c.heads[p] = alive;
        c.productive[p] = alive * mean;
        c.in_classroom[p] = tenure < classroom_days;
        c.leavers[p] = alive * cal.rate(monthly);
        alive -= c.leavers[p];
    }
    c
}

/// Productivity at `tenure` days of a class under `hiring`: 0 in the
/// classroom, the nesting week's figure, then 1.
pub fn productivity(hiring: &Hiring, tenure: i64) -> f64 {
    let classroom = i64::from(hiring.classroom_days);
    if tenure < classroom {
        return 0.0;
    }
    let week = ((tenure - classroom) / 7) as usize;
    hiring.nesting.get(week).copied().unwrap_or(1.0)
}

/// The staff a pool has at the start, by tenure band, as one cohort (they
/// are all productive).
pub fn staff(cal: &Calendar, pool: &PoolFlow, rates: Rates) -> Cohort {
    let n = cal.len();
    let mut total = Cohort {
        heads: vec![0.0; n],
        productive: vec![0.0; n],
        leavers: vec![0.0; n],
        in_classroom: vec![false; n],
    };
    for &(count, tenure) in &pool.staff {
        let c = cohort(cal, rates, -i64::from(tenure), &|_| 1.0, 0);
        let k = f64::from(count);
        for p in 0..n {
            total.heads[p] += k * c.heads[p];
            total.productive[p] += k * c.productive[p];
            total.leavers[p] += k * c.leavers[p];
        }
    }
    total
}

/// One person of a class starting in each period (a class that may not
/// start there, before the lead time, is `None`).
pub fn classes(cal: &Calendar, hiring: &Hiring, rates: Rates) -> Vec<Option<Cohort>> {
    (0..cal.len())
        .map(|t| {
            let day = cal.offset(t);
            (day >= i64::from(hiring.lead_days)).then(|| {
                cohort(
                    cal,
                    rates,
                    day,
                    &|tenure| productivity(hiring, tenure),
                    i64::from(hiring.classroom_days),
                )
            })
        })
        .collect()
}
