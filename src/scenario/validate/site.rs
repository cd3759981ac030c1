//! The site: time zone, horizon and interval.

use chrono::{Duration, NaiveDate};

use super::{Result, Validator};
use crate::scenario::raw::{self, RawHoliday};
use crate::scenario::{Holiday, Site, MAX_DAYS, MAX_NAME_CHARS};

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
            holidays: Vec::new(),
        };
        crate::timegrid::check_site(site.timezone, site.start, site.days, site.interval_s)
            .map_err(|p| self.err(p.field, p.message))?;
        let holidays = self.holidays(&raw.holidays, "site.holidays", &site)?;
        Ok(Site { holidays, ..site })
    }

    /// A site's public holidays at `field`: each a date inside the horizon,
    /// given once; refused on a cyclic horizon, where a plan for the repeat
    /// would close the site on that day of every repeat.
    pub(super) fn holidays(
        &self,
        raw: &[RawHoliday],
        field: &str,
        site: &Site,
    ) -> Result<Vec<Holiday>> {
        if !raw.is_empty() && site.cyclic {
            return Err(self.err(field, format!("a public holiday closes one date, but a cyclic horizon repeats (the plan would close the site on that day of every repeat of its {} days): set `site: {{cyclic: false}}` to plan the days that hold the holiday", site.days)));
        }
        let last = site.start + Duration::days(i64::from(site.days) - 1);
        let mut out: Vec<Holiday> = Vec::with_capacity(raw.len());
        for (k, h) in raw.iter().enumerate() {
            let at = format!("{field}[{k}]");
            let date = NaiveDate::parse_from_str(h.date.trim(), "%Y-%m-%d").map_err(|_| {
                self.err(
                    &format!("{at}.date"),
                    format!("expected a date like 2026-12-25, got `{}`", h.date),
                )
            })?;
            if date < site.start || date > last {
                return Err(self.err(&format!("{at}.date"), format!("{date} is outside the horizon, {} to {last} (site.start and site.days): give a date inside it or leave the holiday out", site.start)));
            }
            if let Some(j) = out.iter().position(|o| o.date == date) {
                return Err(self.err(
                    &format!("{at}.date"),
                    format!("{date} is given twice (as {field}[{j}] too): give each date once"),
                ));
            }
            if let Some(name) = &h.name {
                self.check_length(name, &format!("{at}.name"), MAX_NAME_CHARS)?;
            }
            out.push(Holiday {
                date,
                name: h.name.clone().unwrap_or_else(|| date.to_string()),
            });
        }
        Ok(out)
    }
}
