//! The `capacity:` section: the horizon, each queue's demand per period
//! (index, growth, handle-time changes, a go-live month) and each pool's
//! people flow and hiring rules.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{Result, Validator};
use crate::error::did_you_mean;
use crate::scenario::capacity::{
    period_start, Capacity, Hiring, Period, PoolFlow, QueueOutlook, RawCapacity, RawHiring,
    RawOutlook, RawPoolFlow, DAYS_PER_MONTH, MAX_PERIODS, MAX_PLANS,
};
use crate::scenario::{Pool, Queue, Site};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The horizon: where it starts, its kind of period and how many.
struct Horizon {
    start: NaiveDate,
    period: Period,
    periods: u32,
}

impl Horizon {
    /// The month (year, 1-12) each period falls in, by its first day.
    fn months(&self) -> Vec<(i32, u32)> {
        (0..self.periods as usize)
            .map(|p| {
                let d = period_start(self.start, self.period, p);
                (d.year(), d.month())
            })
            .collect()
    }
}

impl Validator<'_> {
    pub(super) fn capacity(
        &self,
        raw: &RawCapacity,
        site: &Site,
        queues: &[Queue],
        pools: &[Pool],
        hourly: &[f64],
    ) -> Result<Capacity> {
        let horizon = self.horizon(raw, site)?;
        let months = horizon.months();
        let demand = self.demand(raw, queues, &months)?;
        let pools = self.flows(&raw.pools, pools, hourly)?;
        let max_plans = raw.max_plans.unwrap_or(12);
        if !(1..=MAX_PLANS).contains(&max_plans) {
            return Err(self.err(
                "capacity.max_plans",
                format!("expected 1 to {MAX_PLANS} base-week plans, got {max_plans}"),
            ));
        }
        Ok(Capacity {
            start: horizon.start,
            period: horizon.period,
            periods: horizon.periods,
            max_plans,
            demand,
            pools,
        })
    }

    /// Each queue's outlook: under its own id, or for a part of a split
    /// queue under the queue's id as written (the whole queue's volume, so
    /// every part alike) or the part's own (`QUEUE@SITE`), not both.
    fn demand(
        &self,
        raw: &RawCapacity,
        queues: &[Queue],
        months: &[(i32, u32)],
    ) -> Result<Vec<QueueOutlook>> {
        let mut written: Vec<&str> = Vec::new();
        for q in queues {
            let id = q.part.as_ref().map_or(q.id.as_str(), |p| p.of.as_str());
            if !written.contains(&id) {
                written.push(id);
            }
        }
        let parts: Vec<&str> = (queues.iter())
            .filter(|q| q.part.is_some())
            .map(|q| q.id.as_str())
            .collect();
        for id in raw.demand.keys() {
            if !written.contains(&id.as_str()) && !parts.contains(&id.as_str()) {
                let also = if parts.is_empty() {
                    String::new()
                } else {
                    format!(" (or a split's part: {})", parts.join(", "))
                };
                return Err(self.err(
                    &format!("capacity.demand.{id}"),
                    format!(
                        "no queue `{id}`{}; queues: {}{also}",
                        did_you_mean(id, written.iter().chain(&parts).copied()),
                        written.join(", ")
                    ),
                ));
            }
        }
        queues
            .iter()
            .map(|q| {
                let whole = q.part.as_ref().map(|p| p.of.as_str());
                let keys: Vec<&str> = std::iter::once(q.id.as_str()).chain(whole).collect();
                let given: Vec<&str> = (keys.iter().copied())
                    .filter(|k| raw.demand.contains_key(*k))
                    .collect();
                match given.as_slice() {
                    [] => Ok(QueueOutlook {
                        volume: vec![1.0; months.len()],
                        aht: vec![1.0; months.len()],
                    }),
                    [key] => self.outlook(&raw.demand[*key], &format!("capacity.demand.{key}"), months),
                    [part, whole, ..] => Err(self.err(
                        &format!("capacity.demand.{part}"),
                        format!("the split queue `{whole}` has an outlook of its own: give it under `{whole}` (every part) or under its parts, not both"),
                    )),
                }
            })
            .collect()
    }

    fn horizon(&self, raw: &RawCapacity, site: &Site) -> Result<Horizon> {
        let (period, periods) = match (raw.months, raw.weeks) {
            (Some(m), None) => (Period::Month, m),
            (None, Some(w)) => (Period::Week, w),
            _ => {
                return Err(self.err(
                    "capacity",
                    "give the horizon's length as either `months: 12` or `weeks: 26`",
                ))
            }
        };
        let key = if period == Period::Month {
            "months"
        } else {
            "weeks"
        };
        if !(1..=MAX_PERIODS).contains(&periods) {
            return Err(self.err(
                &format!("capacity.{key}"),
                format!("expected 1 to {MAX_PERIODS} {key}, got {periods}"),
            ));
        }
        let text = raw.start.trim();
        let start = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
            .map_err(|_| {
                self.err(
                    "capacity.start",
                    format!("expected a month like 2027-01 (or a date like 2027-01-04 with `weeks:`), got `{text}`"),
                )
            })?;
        if period == Period::Month && start.day() != 1 {
            return Err(self.err(
                "capacity.start",
                format!(
                    "a horizon of months starts on a month: write {}, not {text}",
                    start.format("%Y-%m")
                ),
            ));
        }
        let base_month = site.start.with_day(1).unwrap_or(site.start);
        if start < base_month {
            return Err(self.err(
                "capacity.start",
                format!(
                    "the horizon starts at {text}, before the scenario's week ({}), which is its base: start in {} or later",
                    site.start,
                    site.start.format("%Y-%m")
                ),
            ));
        }
        Ok(Horizon {
            start,
            period,
            periods,
        })
    }

    /// A queue's factors per period: index × growth (0 before `from`), and
    /// the handle-time factor.
    fn outlook(
        &self,
        raw: &RawOutlook,
        field: &str,
        months: &[(i32, u32)],
    ) -> Result<QueueOutlook> {
        let index = self.by_month(&raw.index, &format!("{field}.index"), months)?;
        let aht = self.by_month(&raw.aht, &format!("{field}.aht"), months)?;
        if let Some(a) = aht.iter().find(|a| **a <= 0.0) {
            return Err(self.err(
                &format!("{field}.aht"),
                format!("a handle-time factor must be above 0, like 1.05, got {a}"),
            ));
        }
        let growth = raw.growth.unwrap_or(0.0);
        if !(growth.is_finite() && growth > -1.0 && growth <= 1.0) {
            return Err(self.err(
                &format!("{field}.growth"),
                format!("expected a monthly growth rate above -1 and at most 1, like 0.02, got {growth}"),
            ));
        }
        let from = match &raw.from {
            Some(text) => Some(self.month_key(text, &format!("{field}.from"), months)?),
            None => None,
        };
        let (y0, m0) = months[0];
        let volume = months
            .iter()
            .zip(&index)
            .map(|(&(y, m), i)| {
                let elapsed = f64::from((y - y0) * 12 + m as i32 - m0 as i32);
                let live = from.is_none_or(|f| (y, m) >= f);
                if live {
                    i * (1.0 + growth).powf(elapsed)
                } else {
                    0.0
                }
            })
            .collect();
        Ok(QueueOutlook { volume, aht })
    }

    /// A factor per period from `{nov: 1.4, 2027-12: 1.6}` (1.0 where not
    /// given; a `2027-12` key wins over `dec`). Every key must name a month
    /// of the horizon.
    fn by_month(
        &self,
        raw: &BTreeMap<String, f64>,
        field: &str,
        months: &[(i32, u32)],
    ) -> Result<Vec<f64>> {
        let mut out = vec![1.0; months.len()];
        let mut keyed: Vec<((i32, u32), bool, f64)> = Vec::new();
        for (key, &value) in raw {
            let f = format!("{field}.{key}");
            if !(value.is_finite() && (0.0..=100.0).contains(&value)) {
                return Err(self.err(
                    &f,
                    format!("expected a factor from 0 to 100, like 1.4, got {value}"),
                ));
            }
            if let Some(m) = MONTHS.iter().position(|m| *m == key.to_lowercase()) {
                let m = m as u32 + 1;
                if !months.iter().any(|x| x.1 == m) {
                    return Err(self.err(
                        &f,
                        format!(
                            "{key} is not in the horizon ({}); give months of the horizon",
                            span(months)
                        ),
                    ));
                }
                keyed.push(((0, m), false, value));
            } else {
                keyed.push((self.month_key(key, &f, months)?, true, value));
            }
        }
        keyed.sort_by_key(|k| k.1); // month names first, so a dated key wins
        for ((y, m), dated, value) in keyed {
            for (p, x) in months.iter().enumerate() {
                if x.1 == m && (!dated || x.0 == y) {
                    out[p] = value;
                }
            }
        }
        Ok(out)
    }

    /// A month written `2027-06`, which must fall in the horizon.
    fn month_key(&self, text: &str, field: &str, months: &[(i32, u32)]) -> Result<(i32, u32)> {
        let d = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").map_err(|_| {
            self.err(field, format!("expected a month of the horizon like 2027-06 or a month name ({}), got `{text}`", MONTHS.join(", ")))
        })?;
        let key = (d.year(), d.month());
        if !months.contains(&key) {
            return Err(self.err(
                field,
                format!("{text} is not in the horizon ({})", span(months)),
            ));
        }
        Ok(key)
    }

    /// Each pool's flow; `hourly` is each pool's rate (its site's, else
    /// `costs.hourly`), which prices its default salary and overtime.
    fn flows(
        &self,
        raw: &BTreeMap<String, RawPoolFlow>,
        pools: &[Pool],
        hourly: &[f64],
    ) -> Result<Vec<PoolFlow>> {
        let ids: Vec<&str> = pools.iter().map(|p| p.id.as_str()).collect();
        for id in raw.keys() {
            if !ids.contains(&id.as_str()) {
                return Err(self.err(
                    &format!("capacity.pools.{id}"),
                    format!(
                        "no pool `{id}`{}; pools: {}",
                        did_you_mean(id, ids.iter().copied()),
                        ids.join(", ")
                    ),
                ));
            }
        }
        pools
            .iter()
            .zip(hourly)
            .map(|(p, &rate)| match raw.get(&p.id) {
                Some(f) => self.flow(f, &format!("capacity.pools.{}", p.id), rate),
                None => Err(self.err(
                    "capacity.pools",
                    format!("pool `{}` has no entry; every pool needs at least {{headcount: N, attrition: {{monthly: 0.04}}}}", p.id),
                )),
            })
            .collect()
    }

    fn flow(&self, raw: &RawPoolFlow, field: &str, hourly: f64) -> Result<PoolFlow> {
        let banded: u32 = raw.tenure_bands.iter().map(|b| b.count).sum();
        if banded > raw.headcount {
            return Err(self.err(
                &format!("{field}.tenure_bands"),
                format!(
                    "the bands hold {banded} people, more than the headcount {}",
                    raw.headcount
                ),
            ));
        }
        let money = |v: Option<f64>, key: &str, default: f64| -> Result<f64> {
            match v {
                None => Ok(default),
                Some(x) if x.is_finite() && (0.0..1e9).contains(&x) => Ok(x),
                Some(x) => Err(self.err(
                    &format!("{field}.{key}"),
                    format!("expected an amount of 0 or more, got {x}"),
                )),
            }
        };
        let monthly_hours = 40.0 * DAYS_PER_MONTH / 7.0;
        let salary = money(raw.salary, "salary", hourly * monthly_hours)?;
        let premium = money(
            raw.overtime.as_ref().and_then(|o| o.premium),
            "overtime.premium",
            0.5,
        )?;
        let attrition = raw.attrition.monthly.0;
        let new = raw.attrition.first_90_days.map_or(attrition, |f| f.0);
        let hiring = match &raw.hiring {
            Some(h) => Some(self.hiring(h, &format!("{field}.hiring"))?),
            None => None,
        };
        let penalty = match raw.shortfall_penalty {
            Some(v) => Some(money(Some(v), "shortfall_penalty", 0.0)?),
            None => None,
        };
        Ok(PoolFlow {
            staff: raw
                .tenure_bands
                .iter()
                .map(|b| (b.count, b.days))
                .chain(std::iter::once((raw.headcount - banded, 10_000)))
                .filter(|b| b.0 > 0)
                .collect(),
            attrition,
            attrition_new: new,
            hiring,
            salary,
            overtime_share: raw.overtime.as_ref().map_or(0.0, |o| o.max_share.0),
            overtime_hourly: hourly * (1.0 + premium),
            shortfall_penalty: penalty,
        })
    }

    fn hiring(&self, raw: &RawHiring, field: &str) -> Result<Hiring> {
        let size = &raw.class_size;
        if size.max == 0 || size.min > size.max {
            return Err(self.err(
                &format!("{field}.class_size"),
                format!(
                    "expected 0 < min ≤ max, like {{min: 8, max: 20}}; got min {} and max {}",
                    size.min, size.max
                ),
            ));
        }
        let nesting = match &raw.nesting {
            None => Vec::new(),
            Some(n) => {
                let p: Vec<f64> = n.productivity.iter().map(|f| f.0).collect();
                if n.weeks == 0 && !p.is_empty() {
                    return Err(self.err(
                        &format!("{field}.nesting.weeks"),
                        "a nesting of 0 weeks has no week to give its productivity to: give the weeks new hires nest (like weeks: 4), or drop nesting",
                    ));
                }
                match p.len() {
                    1 => vec![p[0]; n.weeks as usize],
                    k if k == n.weeks as usize => p,
                    k => return Err(self.err(
                        &format!("{field}.nesting.productivity"),
                        format!("expected one productivity for all {} nesting weeks or one per week, got {k}", n.weeks),
                    )),
                }
            }
        };
        let cost = raw.cost_per_hire.unwrap_or(0.0);
        if !(cost.is_finite() && (0.0..1e9).contains(&cost)) {
            return Err(self.err(
                &format!("{field}.cost_per_hire"),
                format!("expected an amount of 0 or more, got {cost}"),
            ));
        }
        let classes = raw.classes_per_month.unwrap_or(1);
        if !(1..=50).contains(&classes) {
            return Err(self.err(
                &format!("{field}.classes_per_month"),
                format!("expected 1 to 50 classes starting in one period, got {classes} (for no hiring leave `hiring` out)"),
            ));
        }
        if raw.trainers == Some(0) {
            return Err(self.err(&format!("{field}.trainers"), "expected at least 1 class in the classroom at once (leave `trainers` out for no limit)"));
        }
        Ok(Hiring {
            lead_days: 7 * raw.lead_time_weeks.unwrap_or(0).min(520),
            classroom_days: 7 * raw.classroom_weeks.unwrap_or(0).min(104),
            nesting,
            class_min: size.min.max(1),
            class_max: size.max.min(10_000),
            classes_per_period: classes,
            cost_per_hire: cost,
            trainers: raw.trainers,
        })
    }
}

/// The horizon's first and last months, like `2027-01 to 2027-12`.
fn span(months: &[(i32, u32)]) -> String {
    let (a, b) = (months[0], months[months.len() - 1]);
    format!("{}-{:02} to {}-{:02}", a.0, a.1, b.0, b.1)
}
