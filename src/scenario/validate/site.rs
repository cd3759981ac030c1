//! The site: time zone, horizon and interval.

use chrono::NaiveDate;

use super::{Result, Validator};
use crate::scenario::raw;
use crate::scenario::{Site, MAX_DAYS};

const INTERVALS: [u32; 3] = [900, 1800, 3600];

impl Validator<'_> {
    pub(super) fn site(&self, raw: &raw::RawSite) -> Result<Site> {
        let timezone = self.timezone(&raw.timezone, "site.timezone")?;
        let start = NaiveDate::parse_from_str(raw.start.trim(), "%Y-%m-%d").map_err(|_| {
            self.err(
                "site.start",
                format!("expected a date like 2026-03-02, got `{}`", raw.start),
            )
        })?;
        let days = raw.days.unwrap_or(7);
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(self.err(
                "site.days",
                format!("expected 1 to {MAX_DAYS} days, got {days}"),
            ));
        }
        let interval_s = raw.interval.map_or(1800.0, |d| d.secs());
        let interval_s = INTERVALS
            .into_iter()
            .find(|i| f64::from(*i) == interval_s)
            .ok_or_else(|| {
                self.err(
                    "site.interval",
                    format!(
                        "expected 15m, 30m or 60m, got {}",
                        raw.interval.unwrap_or_default()
                    ),
                )
            })?;
        let site = Site {
            timezone,
            start,
            days,
            interval_s,
            cyclic: raw.cyclic.unwrap_or(true),
        };
        crate::timegrid::check_site(site.timezone, site.start, site.days, site.interval_s)
            .map_err(|p| self.err(p.field, p.message))?;
        Ok(site)
    }
}
