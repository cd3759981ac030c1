//! Labour: costs, the rules of the roster, weekly tours checked against
//! them, and the staff to roster.

use chrono::Weekday;

use crate::scenario::csv_input;
use crate::scenario::raw;
use crate::scenario::{Agents, Costs, DaysOff, Rules, Shifts, Template, Week, MAX_AGENTS};
use crate::units::{DaySet, TimeRange};

use super::{Result, Validator};

impl Validator<'_> {
    pub(super) fn costs(&self, raw: Option<&raw::RawCosts>) -> Result<Costs> {
        let positive = |v: Option<f64>, field: &str, default: f64| -> Result<f64> {
            match v {
                None => Ok(default),
                Some(x) if x.is_finite() && x > 0.0 && x < 1e6 => Ok(x),
                Some(x) => Err(self.err(
                    field,
                    format!("expected a number above 0 and below 1000000, got {x}"),
                )),
            }
        };
        let Some(raw) = raw else {
            return Ok(Costs {
                hourly: 1.0,
                night: None,
                weekend_multiplier: 1.0,
                weekend_days: sat_sun(),
                priced: false,
            });
        };
        let night = match &raw.night {
            Some(n) => Some((
                n.window,
                positive(Some(n.multiplier), "costs.night.multiplier", 1.0)?,
            )),
            None => None,
        };
        Ok(Costs {
            hourly: positive(raw.hourly, "costs.hourly", 1.0)?,
            night,
            weekend_multiplier: positive(raw.weekend_multiplier, "costs.weekend_multiplier", 1.0)?,
            weekend_days: raw.weekend_days.unwrap_or_else(sat_sun),
            priced: raw.hourly.is_some(),
        })
    }

    pub(super) fn rules(&self, raw: Option<&raw::RawRules>, costs: &Costs) -> Result<Rules> {
        let night_default = costs.night.map_or(
            TimeRange {
                start: 22 * 60,
                end: 30 * 60,
            },
            |n| n.0,
        );
        let Some(raw) = raw else {
            return Ok(Rules {
                min_rest_s: 11 * 3600,
                max_consecutive_nights: None,
                max_consecutive_days: 6,
                max_weekly_s: None,
                night_window: night_default,
            });
        };
        let rest = raw.min_rest.map_or(11.0 * 3600.0, |d| d.secs());
        if !(0.0..=86400.0).contains(&rest) || rest.fract() != 0.0 {
            return Err(self.err("rules.min_rest", "expected a rest from 0 to 24h, like 11h"));
        }
        let days = raw.max_consecutive_days.unwrap_or(6);
        if days == 0 {
            return Err(self.err("rules.max_consecutive_days", "expected 1 or more days"));
        }
        if raw.max_consecutive_nights == Some(0) {
            return Err(self.err(
                "rules.max_consecutive_nights",
                "0 would forbid every night shift; give 1 or more, or leave it out",
            ));
        }
        let weekly = match raw.max_weekly_hours {
            None => None,
            Some(d) if d.secs() > 0.0 && d.secs() <= 168.0 * 3600.0 && d.secs().fract() == 0.0 => {
                Some(d.secs() as u32)
            }
            Some(d) => {
                return Err(self.err(
                    "rules.max_weekly_hours",
                    format!("expected hours per week above 0 and at most 168h, like 48h, got {d}"),
                ))
            }
        };
        Ok(Rules {
            min_rest_s: rest as u32,
            max_consecutive_nights: raw.max_consecutive_nights,
            max_consecutive_days: days,
            max_weekly_s: weekly,
            night_window: raw.night_window.unwrap_or(night_default),
        })
    }

    /// Weekly tours that no agent could work under the labour rules: more
    /// days in a row than allowed, or more paid hours than a week allows.
    /// Each template's week is checked with its own paid time.
    pub(super) fn check_tours(
        &self,
        shifts: &Shifts,
        rules: &Rules,
        raw: Option<&raw::RawRules>,
        raw_shifts: Option<&raw::RawShifts>,
    ) -> Result<()> {
        for (i, t) in shifts.templates.iter().enumerate() {
            let Some(week) = t.week.as_ref().filter(|_| t.short_of.is_none()) else {
                continue;
            };
            let own = raw_shifts.is_some_and(|r| r.templates[i].week.is_some());
            let field = if own {
                format!("shifts.templates[{i}].week")
            } else {
                "shifts.week".to_string()
            };
            self.check_days_in_a_row(week, rules, raw, &field)?;
            self.check_rest(week, t, rules, raw, &field)?;
            let short = week.short_day.map(|d| &shifts.templates[d.template]);
            self.check_week_hours(week, t, short, rules, &field)?;
        }
        Ok(())
    }

    /// Template `t`'s week keeps `min_rest` between working days next to
    /// each other: a weekly tour starts at the same time every working day,
    /// so there the rest is 24 h less the shift's length. Such days come in
    /// every week of 2 working days or more with consecutive days off, and of
    /// 4 or more otherwise (3 can alternate with days off in 7).
    fn check_rest(
        &self,
        week: &Week,
        t: &Template,
        rules: &Rules,
        raw: Option<&raw::RawRules>,
        field: &str,
    ) -> Result<()> {
        let adjacent = match week.days_off {
            DaysOff::Consecutive => week.work_days >= 2,
            DaysOff::Any => week.work_days >= 4,
        };
        let rest = 86_400 - i64::from(t.length_s);
        if !adjacent || i64::from(rules.min_rest_s) <= rest {
            return Ok(());
        }
        let field = match raw.and_then(|r| r.min_rest) {
            Some(_) => "rules.min_rest".to_string(),
            None => format!("{field}.work_days"),
        };
        let d = |s: i64| crate::units::Duration(s as f64);
        Err(self.err(
            &field,
            format!(
                "min_rest {} cannot be kept on template `{}`: its {} shifts start at the same time on working days next to each other ({} working days a week), {} apart: allow at most {} of rest, or shorter shifts",
                d(i64::from(rules.min_rest_s)),
                t.name,
                d(i64::from(t.length_s)),
                week.work_days,
                d(rest),
                d(rest)
            ),
        ))
    }

    /// A week of `work_days` (at `field`) that keeps to the most days in a
    /// row.
    fn check_days_in_a_row(
        &self,
        week: &Week,
        rules: &Rules,
        raw: Option<&raw::RawRules>,
        field: &str,
    ) -> Result<()> {
        let (w, m) = (week.work_days, rules.max_consecutive_days);
        // A week is a cycle of 7 days; working w of them in runs of at most
        // m needs ⌈w/m⌉ runs, each followed by a day off (one run when the
        // days off are consecutive).
        let runs = match week.days_off {
            DaysOff::Consecutive => 1,
            DaysOff::Any => w.div_ceil(m),
        };
        let possible = if w == 7 {
            m >= 7
        } else {
            w <= m * runs && w + runs <= 7
        };
        if possible {
            return Ok(());
        }
        let how = match week.days_off {
            _ if w == 7 => "with no day off",
            DaysOff::Consecutive => "with consecutive days off",
            DaysOff::Any => "even with days off spread out",
        };
        let (field, fix) = match raw.and_then(|r| r.max_consecutive_days) {
            Some(_) => (
                "rules.max_consecutive_days".to_string(),
                format!(
                    "allow at least {} days in a row, or fewer working days",
                    if week.days_off == DaysOff::Any && w < 7 {
                        w.div_ceil(7 - w)
                    } else {
                        w
                    }
                ),
            ),
            None => (
                format!("{field}.work_days"),
                "rules.max_consecutive_days defaults to 6: set it, or work fewer days".to_string(),
            ),
        };
        Err(self.err(
            &field,
            format!(
                "{w} working days a week cannot keep to at most {m} days in a row {how}: {fix}"
            ),
        ))
    }

    /// Template `t`'s working days of its paid time (one of them its
    /// `short` day's, if it has one) within the weekly maximum.
    fn check_week_hours(
        &self,
        week: &Week,
        t: &Template,
        short: Option<&Template>,
        rules: &Rules,
        field: &str,
    ) -> Result<()> {
        let Some(max) = rules.max_weekly_s else {
            return Ok(());
        };
        let w = week.work_days;
        let full_days = u64::from(w) - u64::from(short.is_some());
        let least = full_days * u64::from(t.paid_s) + short.map_or(0, |s| u64::from(s.paid_s));
        if least <= u64::from(max) {
            return Ok(());
        }
        let paid = crate::units::Duration(f64::from(t.paid_s));
        let days = match short {
            Some(s) => format!(
                "{full_days} working days of {paid} paid and a short day of {} ({field})",
                crate::units::Duration(f64::from(s.paid_s))
            ),
            None => format!("{w} working days ({field}) of {paid} paid"),
        };
        Err(self.err(
            "rules.max_weekly_hours",
            format!(
                "template `{}`: {days} make {}, above the weekly maximum {}: raise max_weekly_hours, shorten the template or work fewer days",
                t.name,
                crate::units::Duration(least as f64),
                crate::units::Duration(f64::from(max)),
            ),
        ))
    }

    pub(super) fn agents(&self, raw: Option<&raw::RawAgents>, pool_ids: &[&str]) -> Result<Agents> {
        let Some(raw) = raw else {
            return Ok(Agents::Auto);
        };
        match (&raw.count, &raw.csv) {
            (Some(_), Some(_)) => Err(self.err("agents", "give either `count` or `csv`, not both")),
            (Some(raw::RawCount::Auto), None) | (None, None) => Ok(Agents::Auto),
            (Some(raw::RawCount::Fixed(n)), None) if *n > MAX_AGENTS => Err(self.err(
                "agents.count",
                format!("expected `auto` or a number of agents from 0 to {MAX_AGENTS} (more than any one site has), got {n}"),
            )),
            (Some(raw::RawCount::Fixed(n)), None) => Ok(Agents::Count(*n)),
            (None, Some(file)) => Ok(Agents::List(csv_input::agents(
                &self.resolve(file, "agents.csv")?,
                pool_ids,
            )?)),
        }
    }
}

fn sat_sun() -> DaySet {
    DaySet::default().with(Weekday::Sat).with(Weekday::Sun)
}
