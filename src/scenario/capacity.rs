//! The `capacity:` section: months (or weeks) ahead of the scenario's week,
//! with each queue's demand over the horizon and each pool's people flow
//! (headcount, attrition, hiring classes, training, nesting, overtime).
//!
//! The raw serde types (as written) sit beside the validated model here, so
//! the section is one file; `validate/capacity.rs` turns one into the other.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::units::Fraction;

/// Days in an average month (365.25 ÷ 12): converts monthly rates and
/// salaries to weeks.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// Tenure, in days, below which the first-90-days attrition applies.
pub const NEW_HIRE_DAYS: u32 = 90;

/// The most periods a horizon may hold.
pub const MAX_PERIODS: u32 = 104;

/// The most base-week plans a capacity run may make (`max_plans`).
pub const MAX_PLANS: u32 = 60;

/// The length of a period of the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Calendar months, from the first of a month.
    Month,
    /// Weeks of 7 days.
    Week,
}

/// The validated `capacity:` section.
#[derive(Debug, Clone)]
pub struct Capacity {
    /// First day of the horizon.
    pub start: NaiveDate,
    /// Months or weeks.
    pub period: Period,
    /// Number of periods.
    pub periods: u32,
    /// The most base-week plans to make; periods at other levels are
    /// interpolated between planned ones.
    pub max_plans: u32,
    /// Per scenario queue, in scenario order.
    pub demand: Vec<QueueOutlook>,
    /// Per scenario pool, in scenario order.
    pub pools: Vec<PoolFlow>,
}

/// One queue's demand over the horizon, relative to the scenario's week.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueOutlook {
    /// Volume factor per period (index × growth; 0 before `from`).
    pub volume: Vec<f64>,
    /// Handle-time factor per period.
    pub aht: Vec<f64>,
}

/// One pool's people and hiring rules.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolFlow {
    /// Staff at the start: (count, tenure in days at the start); people
    /// not in a band count as tenured (past 90 days).
    pub staff: Vec<(u32, u32)>,
    /// Monthly attrition after the first 90 days.
    pub attrition: f64,
    /// Monthly attrition in the first 90 days.
    pub attrition_new: f64,
    /// Hiring rules; none: the pool does not hire.
    pub hiring: Option<Hiring>,
    /// Cost of one person for a month.
    pub salary: f64,
    /// Most overtime, as a share of the productive staff's hours.
    pub overtime_share: f64,
    /// Overtime cost per hour (hourly × (1 + premium)).
    pub overtime_hourly: f64,
    /// Cost of one FTE short for a month; none: shortfall is not allowed.
    pub shortfall_penalty: Option<f64>,
}

/// Hiring rules of a pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Hiring {
    /// Days from the start of the horizon before the first class can start.
    pub lead_days: u32,
    /// Classroom days, at zero productivity.
    pub classroom_days: u32,
    /// Productivity in each nesting week, after the classroom.
    pub nesting: Vec<f64>,
    /// Fewest hires in a class.
    pub class_min: u32,
    /// Most hires in a class.
    pub class_max: u32,
    /// Most classes starting in one period.
    pub classes_per_period: u32,
    /// Cost of one hire (recruiting, equipment).
    pub cost_per_hire: f64,
    /// Most classes in the classroom at once; none: no limit.
    pub trainers: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCapacity {
    pub start: String,
    #[serde(default)]
    pub months: Option<u32>,
    #[serde(default)]
    pub weeks: Option<u32>,
    #[serde(default)]
    pub max_plans: Option<u32>,
    #[serde(default)]
    pub demand: BTreeMap<String, RawOutlook>,
    pub pools: BTreeMap<String, RawPoolFlow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOutlook {
    #[serde(default)]
    pub index: BTreeMap<String, f64>,
    #[serde(default)]
    pub growth: Option<f64>,
    #[serde(default)]
    pub aht: BTreeMap<String, f64>,
    #[serde(default)]
    pub from: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPoolFlow {
    pub headcount: u32,
    #[serde(default)]
    pub tenure_bands: Vec<RawBand>,
    pub attrition: RawAttrition,
    #[serde(default)]
    pub hiring: Option<RawHiring>,
    #[serde(default)]
    pub salary: Option<f64>,
    #[serde(default)]
    pub overtime: Option<RawOvertime>,
    #[serde(default)]
    pub shortfall_penalty: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBand {
    pub count: u32,
    pub days: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAttrition {
    pub monthly: Fraction,
    #[serde(default)]
    pub first_90_days: Option<Fraction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHiring {
    #[serde(default)]
    pub lead_time_weeks: Option<u32>,
    #[serde(default)]
    pub classroom_weeks: Option<u32>,
    #[serde(default)]
    pub nesting: Option<RawNesting>,
    pub class_size: RawClassSize,
    #[serde(default)]
    pub classes_per_month: Option<u32>,
    #[serde(default)]
    pub cost_per_hire: Option<f64>,
    #[serde(default)]
    pub trainers: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNesting {
    pub weeks: u32,
    pub productivity: Vec<Fraction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClassSize {
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOvertime {
    pub max_share: Fraction,
    #[serde(default)]
    pub premium: Option<f64>,
}

impl Capacity {
    /// The first day of period `p`.
    pub fn period_start(&self, p: usize) -> NaiveDate {
        period_start(self.start, self.period, p)
    }

    /// Days in period `p`.
    pub fn period_days(&self, p: usize) -> u32 {
        (self.period_start(p + 1) - self.period_start(p)).num_days() as u32
    }

    /// The period's label: `2027-03` for months, the first day for weeks.
    pub fn period_label(&self, p: usize) -> String {
        let d = self.period_start(p);
        match self.period {
            Period::Month => d.format("%Y-%m").to_string(),
            Period::Week => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// The first day of period `p` of a horizon from `start`.
pub fn period_start(start: NaiveDate, period: Period, p: usize) -> NaiveDate {
    match period {
        Period::Month => start
            .checked_add_months(chrono::Months::new(p as u32))
            .unwrap_or(start),
        Period::Week => start + chrono::Duration::days(7 * p as i64),
    }
}
