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
    /// The later reading of a local time the clocks repeat.
    pub later: bool,
}

/// Every interval of a forecast's days in time order.
pub fn rows(out: &Output, tz: Tz, interval_s: i64) -> Vec<Row> {
    let mut rows = Vec::new();
    for (day, d) in out.days.iter().enumerate() {
        for slot in 0..d.volume.len() {
            for (k, start) in instants(tz, d.date, slot, interval_s)
                .into_iter()
                .enumerate()
            {
                let later = k == 1;
                rows.push(Row {
                    start,
                    day,
                    slot,
                    later,
                });
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
            let [v, p10, p90] = d.reading(r.slot, r.later);
            let mut row = vec![
                stamp(r.start, tz),
                format!("{v:.3}"),
                format!("{p10:.3}"),
                format!("{p90:.3}"),
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
pub fn table(made: &[(&History, Output)], tz: Tz, interval_s: i64) -> String {
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
        let rows = rows(out, tz, interval_s);
        for (i, d) in out.days.iter().enumerate() {
            // The day's readings as the CSV lists them: a repeated local
            // time twice, a skipped one not at all.
            let day: Vec<(&Row, f64)> = (rows.iter().filter(|r| r.day == i))
                .map(|r| (r, d.reading(r.slot, r.later)[0]))
                .collect();
            let total: f64 = day.iter().map(|(_, v)| v).sum();
            let peak = day.iter().fold(None, |b: Option<&(&Row, f64)>, x| match b {
                Some(b) if b.1 >= x.1 => Some(b),
                _ => Some(x),
            });
            let (clock, peak) = peak.map_or(("00:00".to_string(), 0.0), |(r, v)| {
                (r.start.with_timezone(&tz).format("%H:%M").to_string(), *v)
            });
            let _ = writeln!(
                s,
                "{}  {:<3}  {:>9.0}  {clock} {peak:>7.1}",
                d.date,
                weekday(d.date),
                total,
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
                    let [v, p10, p90] = d.reading(r.slot, r.later);
                    serde_json::json!({
                        "start": stamp(r.start, tz),
                        "volume": round3(v),
                        "p10": round3(p10),
                        "p90": round3(p90),
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
