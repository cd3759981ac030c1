//! A forecast as CSV (the scenario's forecast format), JSON or a per-day
//! table.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use crate::forecast::horizon::{instants, Output};
use crate::report::csv::Csv;
use crate::scenario::History;

/// One output row: a local interval's instant (a repeated local time gives
/// two rows, a skipped one none), its day and slot.
pub struct Row {
    /// The instant.
    pub start: DateTime<Utc>,
    /// Index of the day in the output.
    pub day: usize,
    /// Interval of the day.
    pub slot: usize,
}

/// Every interval of a forecast's days in time order.
pub fn rows(out: &Output, tz: Tz, interval_s: i64) -> Vec<Row> {
    let mut rows = Vec::new();
    for (day, d) in out.days.iter().enumerate() {
        for slot in 0..d.volume.len() {
            for start in instants(tz, d.date, slot, interval_s) {
                rows.push(Row { start, day, slot });
            }
        }
    }
    // Where clocks go back, a local time's two instants are an hour apart:
    // 01:00 BST, 01:30 BST, then 01:00 GMT, not 01:00 BST, 01:00 GMT.
    rows.sort_by_key(|r| r.start);
    rows
}

/// The local start with its offset, as a forecast CSV reads it.
pub fn stamp(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M%:z").to_string()
}

/// `start,volume,p10,p90[,aht_s][,queue]`, one row per interval (a queue
/// without handling times has an empty `aht_s` beside one with them).
pub fn csv(made: &[(&History, Output)], tz: Tz, interval_s: i64) -> Result<String, csv::Error> {
    let aht = made.iter().any(|(h, _)| h.work.is_some());
    let queue = made.iter().any(|(h, _)| h.queue.is_some());
    let mut header = vec!["start", "volume", "p10", "p90"];
    header.extend(aht.then_some("aht_s"));
    header.extend(queue.then_some("queue"));
    let mut w = Csv::new();
    w.row(&header)?;
    for (h, out) in made {
        for r in rows(out, tz, interval_s) {
            let d = &out.days[r.day];
            let mut row = vec![
                stamp(r.start, tz),
                format!("{:.3}", d.volume[r.slot]),
                format!("{:.3}", d.p10[r.slot]),
                format!("{:.3}", d.p90[r.slot]),
            ];
            if aht {
                row.push(
                    d.aht_s
                        .as_ref()
                        .map_or_else(String::new, |a| format!("{:.1}", a[r.slot])),
                );
            }
            if queue {
                row.push(h.queue.clone().unwrap_or_default());
            }
            w.row(&row)?;
        }
    }
    w.finish()
}

/// The method and its backtest, then one line per day: contacts and the
/// busiest interval.
pub fn table(made: &[(&History, Output)]) -> String {
    let mut s = String::new();
    for (h, out) in made {
        if let Some(q) = &h.queue {
            let _ = writeln!(s, "queue {q}");
        }
        let _ = writeln!(s, "method: {}", out.choice.note);
        for sc in &out.choice.scores {
            match (sc.wape, &sc.skipped) {
                (Some(w), _) => {
                    let _ = writeln!(
                        s,
                        "  {:<15} backtest WAPE {:5.1} %",
                        sc.method.name(),
                        w * 100.0
                    );
                }
                (None, Some(why)) => {
                    let _ = writeln!(s, "  {:<15} skipped: {why}", sc.method.name());
                }
                _ => {}
            }
        }
        if let Some(theta) = out.displaced {
            let _ = writeln!(
                s,
                "day after a closed day: + {:.0} % of the closed day's volume (from the history's holidays)",
                theta * 100.0
            );
        }
        let _ = writeln!(
            s,
            "{:<10}  {:<3}  {:>9}  {:>13}",
            "date", "day", "contacts", "peak interval"
        );
        for d in &out.days {
            let total: f64 = d.volume.iter().sum();
            let (slot, peak) =
                d.volume
                    .iter()
                    .enumerate()
                    .fold((0, 0.0), |b, (i, v)| if *v > b.1 { (i, *v) } else { b });
            let minutes = slot * 1440 / d.volume.len().max(1);
            let _ = writeln!(
                s,
                "{}  {:<3}  {:>9.0}  {:02}:{:02} {:>7.1}",
                d.date,
                weekday(d.date),
                total,
                minutes / 60,
                minutes % 60,
                peak
            );
        }
    }
    s
}

fn weekday(d: chrono::NaiveDate) -> String {
    crate::units::weekday_name(d.weekday()).to_string()
}

/// The forecast as JSON: per queue the method, the note, every method's
/// backtest and the rows.
pub fn json(made: &[(&History, Output)], tz: Tz, interval_s: i64) -> String {
    let queues: Vec<serde_json::Value> = made
        .iter()
        .map(|(h, out)| {
            let rows: Vec<serde_json::Value> = rows(out, tz, interval_s)
                .iter()
                .map(|r| {
                    let d = &out.days[r.day];
                    serde_json::json!({
                        "start": stamp(r.start, tz),
                        "volume": round3(d.volume[r.slot]),
                        "p10": round3(d.p10[r.slot]),
                        "p90": round3(d.p90[r.slot]),
                        "aht_s": d.aht_s.as_ref().map(|a| round3(a[r.slot])),
                    })
                })
                .collect();
            let scores: Vec<serde_json::Value> = out.choice.scores.iter().map(|s| serde_json::json!({
                "method": s.method.name(),
                "wape": s.wape.map(round3),
                "skipped": s.skipped,
            })).collect();
            serde_json::json!({
                "queue": h.queue,
                "method": out.choice.method.name(),
                "note": out.choice.note,
                "backtest_origins": out.choice.origins.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "backtest": scores,
                "displaced_share": out.displaced.map(round3),
                "rows": rows,
            })
        })
        .collect();
    let mut s =
        serde_json::to_string_pretty(&serde_json::json!({ "queues": queues })).unwrap_or_default();
    s.push('\n');
    s
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
