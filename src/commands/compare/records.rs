//! `compare.csv` and `compare.json`: one record per run, its figures and
//! deltas against the base.

use serde::Serialize;

use super::figures::Delta;
use super::{Comparison, Failure, Figures, BASE};
use crate::report::csv::Csv;

impl Comparison {
    /// `compare.csv`: one row per variant; achieved SL per queue in columns
    /// `sl_<queue>` (empty for e-mail, for a failed variant or a queue it lacks).
    pub fn csv(&self) -> Result<String, csv::Error> {
        let queues = self.queues();
        let mut w = Csv::new();
        let mut header: Vec<String> = [
            "variant",
            "folder",
            "status",
            "fte",
            "headcount",
            "paid_hours",
            "cost",
            "delta_fte",
            "delta_headcount",
            "delta_paid_hours",
            "delta_cost",
            "delta_cost_pct",
            "gap",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        header.extend(queues.iter().map(|(q, _)| format!("sl_{q}")));
        header.extend(["set".to_string(), "error".to_string()]);
        w.row(&header)?;
        for row in self.rows() {
            let f = row.figures;
            let opt = |x: Option<String>| x.unwrap_or_default();
            let mut rec = vec![
                row.run.name.clone(),
                row.run.slug.clone(),
                row.status().to_string(),
                opt(f.map(|f| f.fte.to_string())),
                opt(f.map(|f| f.headcount.to_string())),
                opt(f.map(|f| f.paid_hours.to_string())),
                opt(f.map(|f| f.cost.to_string())),
                opt(row.delta.map(|d| d.fte.to_string())),
                opt(row.delta.map(|d| d.headcount.to_string())),
                opt(row.delta.map(|d| d.paid_hours.to_string())),
                opt(row.delta.map(|d| d.cost.to_string())),
                opt(row.delta.map(|d| d.cost_pct.to_string())),
                opt(f.map(|f| f.gap.to_string())),
            ];
            for (q, _) in &queues {
                rec.push(opt(row.sl(q).map(|x| x.to_string())));
            }
            rec.push(row.run.set.join("; "));
            rec.push(row.error().map_or_else(String::new, short_error));
            w.row(&rec)?;
        }
        w.finish()
    }

    /// `compare.json`.
    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            scenario: &'a str,
            currency: Option<&'a str>,
            cost_unit: &'a str,
            days: u32,
            base: &'static str,
            queues: Vec<QueueOut>,
            variants: Vec<VariantOut<'a>>,
        }
        #[derive(Serialize)]
        struct QueueOut {
            id: String,
            client: String,
        }
        #[derive(Serialize)]
        struct VariantOut<'a> {
            name: &'a str,
            folder: &'a str,
            status: &'static str,
            set: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            figures: Option<&'a Figures>,
            #[serde(skip_serializing_if = "Option::is_none")]
            delta: Option<Delta>,
            #[serde(skip_serializing_if = "Option::is_none")]
            error: Option<&'a Failure>,
        }
        let out = Out {
            scenario: &self.scenario,
            currency: self.currency.as_deref(),
            cost_unit: &self.costs,
            days: self.days,
            base: BASE,
            queues: self
                .queues()
                .into_iter()
                .map(|(id, client)| QueueOut { id, client })
                .collect(),
            variants: self
                .rows()
                .into_iter()
                .map(|row| VariantOut {
                    name: &row.run.name,
                    folder: &row.run.slug,
                    status: row.status(),
                    set: &row.run.set,
                    figures: row.figures,
                    delta: row.delta,
                    error: row.run.outcome.as_ref().err(),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
    }
}

/// A failure's message as compare.csv's `error` cell: its first line, and
/// how many more lines the terminal and compare.json hold.
pub(super) fn short_error(e: &str) -> String {
    let mut lines = e.lines();
    let first = lines.next().unwrap_or_default();
    match lines.count() {
        0 => first.to_string(),
        n => format!("{first} (+{n} lines: see the terminal or compare.json)"),
    }
}
