//! `staffplan forecast --backtest --from DATE [--horizon 1d|7d]`: every
//! method's accuracy on the history, beside the Poisson floor.

use std::fmt::Write as _;

use anyhow::Result;

use super::emit;
use crate::cli::{ForecastArgs, Format};
use crate::error::UsageError;
use crate::forecast::backtest::{score_history, MethodAccuracy};
use crate::forecast::metrics::Accuracy;
use crate::forecast::special::Holidays;
use crate::output;
use crate::report::charts::{self, ForecastError, ForecastFit};
use crate::report::csv::text_cell;
use crate::scenario::History;

/// One queue's backtest.
struct Scores<'a> {
    history: &'a History,
    methods: Vec<MethodAccuracy>,
}

/// Run the backtest of every queue and print or write it.
pub fn command(a: &ForecastArgs, histories: &[History], holidays: &Holidays) -> Result<()> {
    let from = a
        .from
        .ok_or_else(|| UsageError("--from: give the first day to score".into()))?;
    if let Some(dir) = &a.output {
        if a.force {
            return Err(UsageError(format!(
                "--force: a backtest folder ({}) is replaced whole when staffplan wrote it, as `plan -o` does, and a folder of your own never is; leave --force out (it is for a single -o file)",
                dir.display()
            ))
            .into());
        }
        output::check_dir(dir, COMMAND)?;
    }
    let mut all = Vec::new();
    for h in histories {
        let series = &h.volume;
        let n = series.days.len();
        let earliest = series.date(super::MIN_HISTORY_DAYS);
        let i = series.index(from).filter(|i| *i >= super::MIN_HISTORY_DAYS).ok_or_else(|| {
            UsageError(format!(
                "--from {from}: the backtest scores days of the history{} from {earliest} (two weeks after it starts) to {}",
                h.queue.as_ref().map_or(String::new(), |q| format!(" of queue {q}")),
                series.date(n.saturating_sub(1))
            ))
        })?;
        all.push(Scores {
            history: h,
            methods: score_history(series, holidays, i, lead(a) as usize),
        });
    }
    let csv = accuracy_csv(&all);
    if let Some(dir) = &a.output {
        write(a, dir, &all, &csv)?;
    }
    match a.format {
        Format::Csv => emit(&csv),
        Format::Json => emit(&json(&all)),
        Format::Table => emit(&table(&all, lead(a))),
    }
}

/// The backtest's lead in days: `--horizon`, else a day.
fn lead(a: &ForecastArgs) -> u32 {
    a.horizon.unwrap_or(1)
}

/// The command a backtest folder's marker names.
const COMMAND: &str = "forecast --backtest";

/// accuracy.csv and one error chart per queue (SVG and PNG) as the folder
/// `dir`, written as `plan` writes its folder: whole and atomically, with
/// the marker, onto a new or empty folder or the backtest's own
/// ([`output::write_dir`]).
fn write(a: &ForecastArgs, dir: &std::path::Path, all: &[Scores<'_>], csv: &str) -> Result<()> {
    let label = match lead(a) {
        1 => "day-ahead".to_string(),
        n => format!("{n} days ahead"),
    };
    let mut files = vec![("accuracy.csv".to_string(), csv.as_bytes().to_vec())];
    for sc in all {
        let stem = match &sc.history.queue {
            Some(q) => format!("forecast_error-{q}"),
            None => "forecast_error".to_string(),
        };
        let chart = ForecastError {
            methods: &sc.methods,
            label: label.clone(),
        };
        files.push((format!("{stem}.svg"), charts::svg(&chart).into_bytes()));
        files.push((format!("{stem}.png"), charts::png(&chart)));
        if let Some(best) = best(&sc.methods) {
            let fit = ForecastFit {
                method: best,
                label: label.clone(),
            };
            let stem = stem.replace("forecast_error", "forecast_fit");
            files.push((format!("{stem}.svg"), charts::svg(&fit).into_bytes()));
            files.push((format!("{stem}.png"), charts::png(&fit)));
        }
    }
    let files: Vec<output::OutputFile> = (files.into_iter())
        .map(|(path, bytes)| output::OutputFile {
            path: path.into(),
            bytes,
        })
        .collect();
    output::write_dir(dir, COMMAND, &files)
}

/// The method with the lowest interval WAPE that scored any day (the
/// first in method order on a tie).
fn best(methods: &[MethodAccuracy]) -> Option<&MethodAccuracy> {
    methods
        .iter()
        .filter(|m| m.days > 0)
        .filter_map(|m| m.interval.wape.map(|w| (w, m)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, m)| m)
}

const COLUMNS: &str = "method,level,days,pairs,wape,mape,smape,mase,bias,poisson_floor";

fn cells(x: &Accuracy) -> String {
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.4}"));
    format!(
        "{},{},{},{},{},{},{}",
        x.n,
        f(x.wape),
        f(x.mape),
        f(x.smape),
        f(x.mase),
        f(x.bias),
        f(x.floor)
    )
}

/// accuracy.csv: one row per queue, method and level (interval or day).
fn accuracy_csv(all: &[Scores<'_>]) -> String {
    let queues = all.iter().any(|s| s.history.queue.is_some());
    let mut s = String::new();
    s.push_str(if queues { "queue," } else { "" });
    s.push_str(COLUMNS);
    s.push('\n');
    for sc in all {
        for m in &sc.methods {
            for (level, x) in [("interval", &m.interval), ("day", &m.day)] {
                if queues {
                    let queue = sc.history.queue.as_deref().unwrap_or_default();
                    let _ = write!(s, "{},", text_cell(queue));
                }
                let _ = writeln!(s, "{},{level},{},{}", m.name(), m.days, cells(x));
            }
        }
    }
    s
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.1}", v * 100.0))
}

/// The terminal table: per method WAPE, MAPE, sMAPE, MASE and bias per
/// interval and per day, then the Poisson floor.
fn table(all: &[Scores<'_>], lead: u32) -> String {
    let mut s = String::new();
    for sc in all {
        if let Some(q) = &sc.history.queue {
            let _ = writeln!(s, "queue {q}");
        }
        let ahead = if lead == 1 {
            "day-ahead".to_string()
        } else {
            format!("{lead} days ahead")
        };
        let _ = writeln!(s, "backtest, {ahead}: each day forecast from the history before its origin (%; MASE a ratio; MAPE leaves out intervals with 0 actual, sMAPE those with 0 actual and forecast; a method scores only the days it has enough history for)");
        let _ = writeln!(
            s,
            "{:<15} {:>4}  {:^33}  {:^26}",
            "", "", "per interval", "per day"
        );
        let _ = writeln!(
            s,
            "{:<15} {:>4}  {:>6} {:>6} {:>6} {:>5} {:>6}  {:>6} {:>6} {:>5} {:>6}",
            "method",
            "days",
            "WAPE",
            "MAPE",
            "sMAPE",
            "MASE",
            "bias",
            "WAPE",
            "MAPE",
            "MASE",
            "bias"
        );
        for m in &sc.methods {
            let (i, d) = (&m.interval, &m.day);
            let _ = writeln!(
                s,
                "{:<15} {:>4}  {:>6} {:>6} {:>6} {:>5} {:>6}  {:>6} {:>6} {:>5} {:>6}",
                m.name(),
                m.days,
                pct(i.wape),
                pct(i.mape),
                pct(i.smape),
                i.mase.map_or("-".into(), |v| format!("{v:.2}")),
                pct(i.bias),
                pct(d.wape),
                pct(d.mape),
                d.mase.map_or("-".into(), |v| format!("{v:.2}")),
                pct(d.bias)
            );
        }
        if let Some(m) = sc.methods.first() {
            let _ = writeln!(
                s,
                "Poisson floor: WAPE {} % per interval, {} % per day: the error of a perfect forecast of random arrivals; no forecast beats it.",
                pct(m.interval.floor), pct(m.day.floor)
            );
        }
    }
    s
}

fn json(all: &[Scores<'_>]) -> String {
    let acc = |x: &Accuracy| {
        serde_json::json!({
            "pairs": x.n, "wape": x.wape, "mape": x.mape, "smape": x.smape,
            "mase": x.mase, "bias": x.bias, "poisson_floor": x.floor,
        })
    };
    let queues: Vec<serde_json::Value> = all
        .iter()
        .map(|sc| {
            serde_json::json!({
                "queue": sc.history.queue,
                "methods": sc.methods.iter().map(|m| serde_json::json!({
                    "method": m.name(), "days": m.days,
                    "interval": acc(&m.interval), "day": acc(&m.day),
                    "mae_by_interval": m.by_slot,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut s =
        serde_json::to_string_pretty(&serde_json::json!({ "queues": queues })).unwrap_or_default();
    s.push('\n');
    s
}
