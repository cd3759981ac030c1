//! A queue's forecast: a weekly pattern or a CSV file.

use std::collections::BTreeMap;

use chrono::Weekday;
use chrono_tz::Tz;

use crate::error::did_you_mean;
use crate::scenario::csv_input;
use crate::scenario::raw::{RawForecast, RawIntraday, RawQueue};
use crate::scenario::{CsvForecast, Forecast, OpeningHours, Pattern, Site, MAX_WEEKLY_VOLUME};
use crate::units::{parse_weekday, weekday_name};

use super::{Result, Validator};

impl Validator<'_> {
    /// A queue's forecast (`field` is `queues[i].forecast`): its scale, then
    /// a CSV file or a weekly pattern.
    pub(super) fn forecast(
        &self,
        q: &RawQueue,
        field: &str,
        hours: &OpeningHours,
        tz: Tz,
        site: &Site,
    ) -> Result<Forecast> {
        let raw = &q.forecast;
        let f = |key: &str| format!("{field}.{key}");
        let scale = raw.scale.unwrap_or(1.0);
        if !(scale.is_finite() && (0.0..=1000.0).contains(&scale)) {
            return Err(self.err(
                &f("scale"),
                format!("expected a multiplier from 0 to 1000 like 1.15, got {scale}"),
            ));
        }
        if let Some(file) = &raw.history {
            return self.history_forecast(raw, file, field, tz, site, scale);
        }
        let history_only: &[&str] = if raw.csv.is_some() {
            &["holidays", "method"]
        } else {
            &["holidays", "method", "queue"]
        };
        if let Some(key) = given_key(raw, history_only) {
            return Err(self.err(
                &f(key),
                format!("`{key}` belongs to a forecast from history; add `history: FILE`"),
            ));
        }
        if let Some(file) = &raw.csv {
            return self.csv_forecast(q, file, field, tz, site, scale);
        }
        if raw.interval.is_some() {
            return Err(self.err(
                &f("interval"),
                "`interval` is for CSV forecasts; a pattern's bins come from the intraday profile",
            ));
        }
        let weekly = raw.weekly_volume.ok_or_else(|| {
            self.err(
                field,
                "a forecast needs `weekly_volume` (with daily_shares and intraday) or `csv: FILE`",
            )
        })?;
        if !(weekly.is_finite() && (0.0..=MAX_WEEKLY_VOLUME).contains(&weekly)) {
            return Err(self.err(
                &f("weekly_volume"),
                format!(
                    "expected a number of contacts from 0 to {MAX_WEEKLY_VOLUME} per week, got {weekly}"
                ),
            ));
        }
        let daily_shares = match &raw.daily_shares {
            Some(shares) => self.daily_shares(shares, field)?,
            None => shares_by_opening_hours(hours),
        };
        let (intraday, intraday_name) = self.intraday(raw.intraday.as_ref(), field)?;
        self.check_reachable(&daily_shares, &intraday, hours, field)?;
        Ok(Forecast::Pattern(Pattern {
            weekly_volume: weekly,
            daily_shares,
            shares_by_hours: raw.daily_shares.is_none(),
            intraday,
            intraday_name,
            scale,
        }))
    }

    /// A forecast read from the CSV `file`: only csv, interval and scale are
    /// allowed with it, and some row must fall in the horizon.
    fn csv_forecast(
        &self,
        q: &RawQueue,
        file: &str,
        field: &str,
        tz: Tz,
        site: &Site,
        scale: f64,
    ) -> Result<Forecast> {
        let raw = &q.forecast;
        let f = |key: &str| format!("{field}.{key}");
        if let Some(key) = given_key(raw, &["weekly_volume", "daily_shares", "intraday"]) {
            return Err(self.err(&f(key), format!("`{key}` belongs to a forecast pattern; a CSV forecast takes only csv, queue, interval and scale")));
        }
        let granularity = match raw.interval {
            Some(d) => {
                let s = d.secs();
                if !(s >= 300.0 && s.fract() == 0.0 && s as i64 % 300 == 0 && s <= 86400.0) {
                    return Err(self.err(&f("interval"), "expected a forecast interval that is a whole number of 5 minutes, up to 24h, like 15m or 1h"));
                }
                Some(s as i64)
            }
            None => None,
        };
        let path = self.resolve(file, &f("csv"))?;
        let queue = csv_input::Pick {
            asked: raw.queue.as_deref(),
            own: &q.id,
        };
        let csv = csv_input::forecast(&path, tz, granularity, queue)?;
        let step = chrono::Duration::seconds(csv.granularity_s);
        let spans: Vec<_> = csv.rows.iter().map(|r| (r.start, r.start + step)).collect();
        self.check_horizon(&spans, site, tz, &f("csv"), &csv.file)?;
        Ok(Forecast::Csv(CsvForecast { scale, ..csv }))
    }

    /// The share of the week per weekday, Monday first: each day named once,
    /// adding up to 1.
    fn daily_shares(&self, shares: &BTreeMap<String, f64>, field: &str) -> Result<[f64; 7]> {
        let f = |key: &str| format!("{field}.{key}");
        let mut daily_shares = [0.0; 7];
        let mut given: [Option<&str>; 7] = [None; 7];
        for (day, share) in shares {
            let key = f(&format!("daily_shares.{day}"));
            let d = parse_weekday(day).ok_or_else(|| {
                self.err(
                    &key,
                    format!("`{day}` is not a day: use mon, tue, wed, thu, fri, sat, sun"),
                )
            })?;
            if !(share.is_finite() && *share >= 0.0) {
                return Err(self.err(
                    &key,
                    format!("a daily share must be 0 or more, got {share}"),
                ));
            }
            let slot = d.num_days_from_monday() as usize;
            if let Some(first) = given[slot] {
                return Err(self.err(
                    &key,
                    format!("`{first}` and `{day}` name the same day; give each day once"),
                ));
            }
            given[slot] = Some(day);
            daily_shares[slot] = *share;
        }
        let sum: f64 = daily_shares.iter().sum();
        if (sum - 1.0).abs() > 0.005 {
            return Err(self.err(
                &f("daily_shares"),
                format!(
                    "daily shares must add up to 1, they add up to {}",
                    round4(sum)
                ),
            ));
        }
        Ok(daily_shares)
    }

    /// The intraday weights and their name: a built-in profile (flat when
    /// not given) or a custom list of 24, 48 or 96 weights.
    fn intraday(&self, raw: Option<&RawIntraday>, field: &str) -> Result<(Vec<f64>, String)> {
        let f = |key: &str| format!("{field}.{key}");
        Ok(match raw {
            None => (
                crate::profiles::builtin("flat").unwrap_or_default(),
                "flat".to_string(),
            ),
            Some(RawIntraday::Named(name)) => {
                let weights = crate::profiles::builtin(name).ok_or_else(|| {
                    self.err(&f("intraday"), format!(
                        "no built-in profile `{name}`{}; built-in profiles: {}, or give a list of 24, 48 or 96 weights",
                        did_you_mean(name, crate::profiles::NAMES.iter().copied()),
                        crate::profiles::NAMES.join(", ")
                    ))
                })?;
                (weights, name.clone())
            }
            Some(RawIntraday::Weights(w)) => {
                if ![24, 48, 96].contains(&w.len()) {
                    return Err(self.err(&f("intraday"), format!("a custom profile needs 24, 48 or 96 weights (hours, half hours or quarter hours of the client's day), got {}", w.len())));
                }
                if w.iter().any(|x| !(x.is_finite() && *x >= 0.0)) || w.iter().sum::<f64>() <= 0.0 {
                    return Err(self.err(
                        &f("intraday"),
                        "profile weights must be 0 or more, and not all 0",
                    ));
                }
                (w.clone(), "custom".to_string())
            }
        })
    }

    /// Every day with a share needs open time with some profile weight, or
    /// its volume would have nowhere to go.
    fn check_reachable(
        &self,
        daily_shares: &[f64; 7],
        intraday: &[f64],
        hours: &OpeningHours,
        field: &str,
    ) -> Result<()> {
        let f = |key: &str| format!("{field}.{key}");
        for (d, share) in daily_shares.iter().enumerate() {
            let day = Weekday::try_from(d as u8).unwrap_or(Weekday::Mon);
            let bins = intraday.len() as u32;
            let reachable = (0..1440)
                .step_by(5)
                .any(|m| hours.is_open_at(day, m) && intraday[(m * bins / 1440) as usize] > 0.0);
            if *share > 0.0 && !reachable {
                return Err(self.err(&f("daily_shares"), format!(
                    "{} has a share of {} but the queue is closed all that day (or its profile is 0 while open); set the share to 0 or open the queue",
                    weekday_name(day),
                    round4(*share)
                )));
            }
        }
        Ok(())
    }
}

/// The first of `keys` that `raw` gives (to refuse the keys of another
/// form of forecast).
pub(super) fn given_key(raw: &RawForecast, keys: &[&'static str]) -> Option<&'static str> {
    keys.iter().copied().find(|key| match *key {
        "weekly_volume" => raw.weekly_volume.is_some(),
        "daily_shares" => raw.daily_shares.is_some(),
        "intraday" => raw.intraday.is_some(),
        "csv" => raw.csv.is_some(),
        "holidays" => raw.holidays.is_some(),
        "method" => raw.method.is_some(),
        "queue" => raw.queue.is_some(),
        _ => false,
    })
}

/// Without `daily_shares`, each weekday's share of the week in proportion
/// to the queue's opening hours that day (a 5-hour Saturday gets 5/12 of a
/// 12-hour weekday's volume; a queue open around the clock, 1/7 a day).
pub(crate) fn shares_by_opening_hours(hours: &OpeningHours) -> [f64; 7] {
    let mut open = [0.0; 7];
    for (d, minutes) in open.iter_mut().enumerate() {
        let day = Weekday::try_from(d as u8).unwrap_or(Weekday::Mon);
        *minutes = (0..1440).filter(|&m| hours.is_open_at(day, m)).count() as f64;
    }
    let total: f64 = open.iter().sum();
    if total == 0.0 {
        return [1.0 / 7.0; 7];
    }
    open.map(|minutes| minutes / total)
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}
