//! The comparison on the terminal: figures and deltas, achieved service
//! level per queue, and the failures.

use super::figures::{signed, Row};
use super::{Comparison, Figures, BASE};
use crate::report::table::Table;

impl Comparison {
    /// The terminal summary: figures and deltas, achieved SL per queue, and
    /// the failures with their errors.
    pub fn terminal(&self) -> String {
        let rows = self.rows();
        let mut out = format!(
            "{}: base and {} variant(s), {} days, costs in {}\n\n",
            self.scenario,
            self.runs.len().saturating_sub(1),
            self.days,
            self.costs
        );
        out += &figures_table(&rows);
        out += "\n";
        out += &service_table(&rows, &self.queues());
        out += &failures(&rows);
        out
    }
}

/// Figures and deltas against the base, one line per run.
fn figures_table(rows: &[Row]) -> String {
    let mut t = Table::new(&[
        "variant",
        "status",
        "FTE",
        "ΔFTE",
        "headcount",
        "Δ",
        "paid hours",
        "cost",
        "Δcost",
        "Δ%",
    ]);
    for row in rows {
        let mut cells = vec![row.run.name.clone(), row.status().to_string()];
        if let Some(f) = row.figures {
            cells.extend(figure_cells(row, f));
        }
        t.row(cells);
    }
    t.render()
}

/// A planned run's figures and deltas; the base's deltas are left empty.
fn figure_cells(row: &Row, f: &Figures) -> [String; 8] {
    let is_base = row.run.name == BASE;
    let delta = |x: f64, digits: usize, unit: &str| {
        if is_base {
            String::new()
        } else {
            signed(x, digits) + unit
        }
    };
    let d = row.delta.unwrap_or_default();
    [
        format!("{:.1}", f.fte),
        delta(d.fte, 1, ""),
        f.headcount.to_string(),
        delta(d.headcount as f64, 0, ""),
        format!("{:.1}", f.paid_hours),
        format!("{:.2}", f.cost),
        delta(d.cost, 2, ""),
        delta(d.cost_pct, 1, "%"),
    ]
}

/// Achieved service level per planned run and queue.
fn service_table(rows: &[Row], queues: &[(String, String)]) -> String {
    let mut head = vec!["achieved SL".to_string()];
    head.extend(queues.iter().map(|(q, _)| Row::label(rows, q)));
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let mut t = Table::new(&head);
    let mut simulated = false;
    for row in rows.iter().filter(|r| r.figures.is_some()) {
        let mut cells = vec![row.run.name.clone()];
        cells.extend(queues.iter().map(|(q, _)| {
            let star = if row.simulated(q) { " *" } else { "" };
            simulated |= row.simulated(q);
            row.sl(q)
                .map_or("-".into(), |x| format!("{:.1}%{star}", x * 100.0))
        }));
        t.row(cells);
    }
    let note = if simulated {
        format!(
            "* the skill-routing {} (queues of pools linked by `serves`), not Erlang\n",
            crate::figures::SIMULATION_ESTIMATE
        )
    } else {
        String::new()
    };
    t.render() + &note
}

/// The runs that failed, each with the start of its error.
fn failures(rows: &[Row]) -> String {
    let mut out = String::new();
    for row in rows {
        if let Some(e) = row.error() {
            // The whole diagnosis (every uncovered interval), as `plan`
            // prints it; compare.csv's cell holds its first line.
            out += &format!("\nvariant `{}` failed: {e}\n", row.run.name);
        }
    }
    out
}
