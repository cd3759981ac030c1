//! `staffplan forecast`: interval history in, a forecast with P10/P90 out
//! (the CSV a scenario's `forecast: {csv: ...}` reads); `--backtest` scores
//! every method; `--actuals --at` re-forecasts the rest of a day.

mod backtest;
mod intraday;
mod render;

use anyhow::Result;
use chrono::NaiveDate;

use super::shared::emit;
use crate::cli::{ForecastArgs, Format, MethodArg};
use crate::error::UsageError;
use crate::forecast::horizon::{self, Input, Output};
use crate::forecast::special::Holidays;
use crate::output;
use crate::scenario::History;

pub use crate::scenario::MIN_HISTORY_DAYS;

/// Run `staffplan forecast`.
pub fn command(a: &ForecastArgs) -> Result<()> {
    check_flags(a)?;
    let histories = read(a)?;
    let holidays = match &a.holidays {
        Some(p) => crate::scenario::holidays(p)?,
        None => Holidays::new(),
    };
    if a.backtest {
        return backtest::command(a, &histories, &holidays);
    }
    let start = a.start.ok_or_else(|| {
        UsageError("--start: give the first day to forecast, like --start 2026-03-02".into())
    })?;
    let mut made = Vec::new();
    for h in &histories {
        check_start(a, h, start)?;
        let days = a.days.unwrap_or(1) as usize;
        let mut out = run(h, &holidays, a.method, start, days)?;
        if let (Some(file), Some(at)) = (&a.actuals, a.at) {
            intraday::update(&mut out, h, file, a, at)?;
        }
        made.push((h, out));
    }
    let csv = render::csv(&made, a.timezone, a.interval.secs() as i64)?;
    let mut inputs = vec![a.history.as_path()];
    inputs.extend(a.holidays.as_deref());
    inputs.extend(a.actuals.as_deref());
    if let Some(path) = &a.output {
        output::write_new_file(path, "-o", a.force, &inputs, csv.as_bytes())?;
    }
    match a.format {
        Format::Csv if a.output.is_none() => emit(&csv),
        Format::Csv => Ok(()),
        Format::Json => emit(&render::json(&made, a.timezone, a.interval.secs() as i64)),
        Format::Table => emit(&render::table(&made, a.timezone, a.interval.secs() as i64)),
    }
}

/// The backtest's flags go with `--backtest` only, and it scores every
/// method, so it takes no `--method` (clap's `requires` cannot see whether
/// a flag like `--backtest` was given: it always has its default).
fn check_flags(a: &ForecastArgs) -> Result<()> {
    let refuse = |m: &str| Err(UsageError(m.into()).into());
    if !a.backtest && a.from.is_some() {
        return refuse("--from: the first day a --backtest scores; add --backtest, or give --start to forecast");
    }
    if !a.backtest && a.horizon.is_some() {
        return refuse("--horizon: the lead a --backtest scores at; add --backtest (a forecast's days are --days)");
    }
    if let (Some(days), Some(_)) = (a.days.filter(|&d| d != 1), &a.actuals) {
        return refuse(&format!("--days {days}: --actuals re-forecasts the one day of --start; leave --days out (or give --days 1)"));
    }
    if a.backtest && a.method != MethodArg::Auto {
        return refuse("--method: a --backtest scores every method side by side, with auto; leave --method out");
    }
    Ok(())
}

/// The history, each queue at least [`MIN_HISTORY_DAYS`] long.
fn read(a: &ForecastArgs) -> Result<Vec<History>> {
    let histories = crate::scenario::history(&a.history, a.timezone, a.interval.secs() as i64)?;
    for h in &histories {
        h.check_span()?;
    }
    Ok(histories)
}

/// The forecast starts on or after the local day after the history ends.
fn check_start(a: &ForecastArgs, h: &History, start: NaiveDate) -> Result<()> {
    if crate::timegrid::local_midnight(a.timezone, start) < h.end {
        let end = h.end.with_timezone(&a.timezone);
        return Err(UsageError(format!(
            "--start {start}: the history{} runs to {}; a forecast starts on or after the day the history ends, {}",
            h.queue.as_ref().map_or(String::new(), |q| format!(" of queue {q}")),
            end.format("%Y-%m-%d %H:%M%:z"),
            (end - chrono::Duration::seconds(1)).date_naive() + chrono::Days::new(1)
        ))
        .into());
    }
    Ok(())
}

/// One queue's forecast; a method the history is too short for is a usage
/// error naming --method.
pub fn run(
    h: &History,
    holidays: &Holidays,
    method: MethodArg,
    start: NaiveDate,
    days: usize,
) -> Result<Output> {
    let input = Input {
        volume: &h.volume,
        work: h.work.as_ref(),
        holidays,
        method: match method {
            MethodArg::Auto => None,
            MethodArg::One(m) => Some(m),
        },
    };
    horizon::forecast(input, start, days).map_err(|m| {
        anyhow::Error::from(UsageError(format!(
            "--method: {m}{}",
            h.queue
                .as_ref()
                .map_or(String::new(), |q| format!(" (queue {q})"))
        )))
    })
}
