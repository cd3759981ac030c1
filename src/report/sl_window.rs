//! The contract windows of a plan: per queue whose service level is
//! measured over a day, week, month or the horizon, each window's target,
//! planned SL, simulated SL with its 95 % interval and P(window target
//! met) over the runs, and the intervals under the floor — as a terminal
//! table, a report.html section and the simulated fields of summary.json.
//! Nothing here for a plan without such a queue, so its outputs stay as
//! they were.

use crate::figures::PlanFigures;
use crate::pipeline::Planned;
use crate::report::charts::escape;
use crate::report::simulation;
use crate::report::table::Table;
use crate::simulate::{Simulation, WindowResult};
use crate::units::round;

const COLUMNS: [&str; 8] = [
    "queue",
    "window",
    "target",
    "planned SL",
    "simulated SL [95% CI]",
    "P(target met)",
    "under floor",
    "status",
];

/// The simulated window of queue `q` labelled `label`, if simulated.
fn simulated<'a>(sim: Option<&'a Simulation>, q: usize, label: &str) -> Option<&'a WindowResult> {
    sim?.queues
        .get(q)?
        .windows
        .iter()
        .find(|w| w.label == label)
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{:.1}%", v * 100.0))
}

/// One row per queue and window.
fn rows(p: &Planned) -> Vec<Vec<String>> {
    let sim = p.simulation.as_ref();
    let mut out = Vec::new();
    for (q, queue) in p.staffed.scenario.queues.iter().enumerate() {
        let target = queue.service_level.map_or("-".into(), |t| t.to_string());
        for w in &p.service[q].windows {
            let s = simulated(sim, q, &w.label);
            let ci = s.map_or("-".into(), |s| simulation::ci(&s.row.sim));
            let status = match (w.met && w.under_floor == 0, s) {
                (false, _) => "MISSED",
                (true, Some(s)) if s.short_of_target() => "met as planned, short in simulation",
                (true, Some(s)) if s.short_of_plan() => "met, simulation below plan",
                (true, _) => "met",
            };
            out.push(vec![
                queue.id.clone(),
                w.label.clone(),
                target.clone(),
                pct(w.sl),
                ci,
                pct(s.and_then(|s| s.p_met)),
                w.under_floor.to_string(),
                status.to_string(),
            ]);
        }
    }
    out
}

/// The terminal table, or nothing without a windowed queue.
pub fn terminal(p: &Planned) -> String {
    let rows = rows(p);
    if rows.is_empty() {
        return String::new();
    }
    let mut t = Table::new(&COLUMNS);
    for r in rows {
        t.row(r);
    }
    format!(
        "\nservice level per contract window (answered within T ÷ offered over the client's window; floor: no interval below it){}\n{}",
        if p.simulation.is_none() { "; simulate with --simulate for P(target met)" } else { "" },
        t.render()
    )
}

/// The report.html section body, or `None` without a windowed queue.
pub fn html_section(p: &Planned) -> Option<String> {
    let rows = rows(p);
    if rows.is_empty() {
        return None;
    }
    let mut out = String::from("<p>The contract measures the service level over the client's window: answered within T ÷ offered, summed over its intervals (abandons count as failures); no interval may fall below the floor. P(target met): the share of simulated runs in which the window met its target.</p>\n<table>\n<thead><tr>");
    for c in COLUMNS {
        out += &format!("<th>{c}</th>");
    }
    out += "</tr></thead>\n<tbody>\n";
    for r in rows {
        out += "<tr>";
        for c in r {
            out += &format!("<td>{}</td>", escape(&c));
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    Some(out)
}

/// The plan's figures with each window's simulated SL, its interval and
/// P(target met) filled in (summary.json), when the plan was simulated.
pub fn with_simulation(figures: &PlanFigures, sim: Option<&Simulation>) -> PlanFigures {
    let mut f = figures.clone();
    for (q, queue) in f.queues.iter_mut().enumerate() {
        let Some(windows) = queue.sl_window.as_mut() else {
            continue;
        };
        for w in &mut windows.windows {
            if let Some(s) = simulated(sim, q, &w.window) {
                let e = s.row.sim.sl;
                w.simulated_sl = e.map(|e| round(e.mean, 4));
                w.simulated_ci = e.and_then(|e| Some([round(e.low?, 4), round(e.high?, 4)]));
                w.p_met = s.p_met.map(|x| round(x, 4));
                w.simulated_short = Some(s.short_of_target() || s.short_of_plan());
            }
        }
    }
    f
}
