//! A queue's forecast made from its interval history at load time:
//! `forecast: {history: FILE, holidays: FILE, method: auto, queue: ID}`.
//! The result is the same [`CsvForecast`] rows a `csv:` forecast makes, so
//! nothing after loading knows the difference.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::forecast::horizon::{self, instants, Input, Output};
use crate::forecast::special::Holidays;
use crate::forecast::Method;
use crate::scenario::csv_input::{self, History};
use crate::scenario::raw::RawForecast;
use crate::scenario::{CsvForecast, Forecast, ForecastRow, Site};

use super::forecast::given_key;
use super::{Result, Validator};

impl Validator<'_> {
    /// The forecast of the site's horizon (in the client's days) from the
    /// history `file`.
    pub(super) fn history_forecast(
        &self,
        raw: &RawForecast,
        file: &str,
        field: &str,
        tz: Tz,
        site: &Site,
        scale: f64,
    ) -> Result<Forecast> {
        let f = |key: &str| format!("{field}.{key}");
        if let Some(key) = given_key(raw, &["weekly_volume", "daily_shares", "intraday", "csv"]) {
            return Err(self.err(&f(key), format!("`{key}` does not go with `history`; a forecast from history takes history, holidays, method, queue, interval and scale")));
        }
        let interval_s = match raw.interval {
            Some(d) => {
                crate::units::forecast_interval_s(d).map_err(|m| self.err(&f("interval"), m))?
            }
            None => i64::from(site.interval_s),
        };
        let path = self.resolve(file, &f("history"))?;
        let h = self.pick_queue(csv_input::history(&path, tz, interval_s)?, raw, field)?;
        h.check_span()?;
        let holidays = match &raw.holidays {
            Some(p) => csv_input::holidays(&self.resolve(p, &f("holidays"))?)?,
            None => Holidays::new(),
        };
        let method = self.method(raw, field)?;
        let (first, days) = self.horizon_days(&h, site, tz, &f("history"))?;
        let input = Input {
            volume: &h.volume,
            work: h.work.as_ref(),
            holidays: &holidays,
            method,
        };
        let out = horizon::forecast(input, first, days).map_err(|m| self.err(&f("method"), m))?;
        let wape = out.choice.chosen().and_then(|s| s.wape);
        Ok(Forecast::Csv(CsvForecast {
            file: path,
            rows: rows(&out, tz, interval_s),
            granularity_s: interval_s,
            scale,
            method: Some(match wape {
                Some(w) => format!(
                    "{}, backtest WAPE {:.1} %",
                    out.choice.method.name(),
                    w * 100.0
                ),
                None => out.choice.method.name().to_string(),
            }),
        }))
    }

    /// `method:`, `None` for auto.
    fn method(&self, raw: &RawForecast, field: &str) -> Result<Option<Method>> {
        match raw.method.as_deref() {
            None | Some("auto") => Ok(None),
            Some(name) => Method::parse(name).map(Some).ok_or_else(|| {
                self.err(
                    &format!("{field}.method"),
                    format!("expected {}, got `{name}`", Method::choices()),
                )
            }),
        }
    }

    /// The client-local days the site's horizon touches (first, count); the
    /// history must end before the first.
    fn horizon_days(
        &self,
        h: &History,
        site: &Site,
        tz: Tz,
        field: &str,
    ) -> Result<(NaiveDate, usize)> {
        let grid = site.grid();
        let first = grid.start.with_timezone(&tz).date_naive();
        let last = (grid.end() - chrono::Duration::seconds(1))
            .with_timezone(&tz)
            .date_naive();
        if crate::timegrid::local_midnight(tz, first) < h.end {
            return Err(self.err(field, format!(
                "{} runs to {}, into the plan's horizon (which starts on {first} in {tz}); a forecast from history needs history that ends before the horizon",
                h.file.display(),
                h.end.with_timezone(&tz).format("%Y-%m-%d %H:%M%:z")
            )));
        }
        Ok((first, (last - first).num_days() as usize + 1))
    }

    /// The history of `queue:` (or the file's only one).
    fn pick_queue(&self, all: Vec<History>, raw: &RawForecast, field: &str) -> Result<History> {
        let names: Vec<String> = all.iter().filter_map(|h| h.queue.clone()).collect();
        let chosen = match &raw.queue {
            Some(q) => all.into_iter().find(|h| h.queue.as_ref() == Some(q)),
            None if all.len() == 1 => all.into_iter().next(),
            None => None,
        };
        chosen.ok_or_else(|| {
            self.err(
                &format!("{field}.queue"),
                format!(
                    "{} the history's queues are {}",
                    raw.queue
                        .as_ref()
                        .map_or("name the queue to forecast:".to_string(), |q| format!(
                            "no queue `{q}` in the history;"
                        )),
                    if names.is_empty() {
                        "not named (no queue column)".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            )
        })
    }
}

/// The forecast as forecast-CSV rows, one per interval instant.
fn rows(out: &Output, tz: Tz, interval_s: i64) -> Vec<ForecastRow> {
    let mut rows = Vec::new();
    for d in &out.days {
        for (slot, v) in d.volume.iter().enumerate() {
            for start in instants(tz, d.date, slot, interval_s) {
                rows.push(ForecastRow {
                    line: 0,
                    start,
                    volume: *v,
                    aht_s: d.aht_s.as_ref().map(|a| a[slot]).filter(|a| *a > 0.0),
                });
            }
        }
    }
    rows
}
