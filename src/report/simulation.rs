//! The simulation's outputs: `simulation.csv` (per queue and interval),
//! `simulation_daily.csv` (per queue and client day), `simulation.json` (per
//! queue over the horizon, with the runs and seed), the chart of predicted
//! against simulated service level per queue-day (SVG and PNG), the terminal
//! table and an HTML section for report.html. Renderers only: they return
//! text or bytes.

use crate::output::OutputFile;
use crate::pipeline::Planned;
use crate::report::charts::escape;
use crate::report::csv::{num, opt, Rows};
use crate::report::table::Table;
use crate::scenario::{channel_name, Channel};
use crate::simulate::{Predicted, Row, Simulated, Simulation};
use crate::staffing::Staffed;
use crate::timegrid::{date_and_time, stamp};
use crate::units::round;

mod chart;

pub(crate) use chart::draw_simulated;
pub use chart::{chart_png, chart_svg, SlChart};

/// The columns after the key columns, shared by both CSV files.
pub const FIGURE_COLUMNS: [&str; 18] = [
    "offered_forecast",
    "offered_sim",
    "agents_plan",
    "agents_sim",
    "sl_target",
    "sl_predicted",
    "sl_sim",
    "sl_ci_low",
    "sl_ci_high",
    "asa_predicted_s",
    "asa_sim_s",
    "abandon_predicted",
    "abandon_sim",
    "p_wait_predicted",
    "p_wait_sim",
    "occupancy_predicted",
    "occupancy_sim",
    "runs",
];

/// The columns after [`FIGURE_COLUMNS`] when the scenario has trunk groups.
pub const TRUNK_COLUMNS: [&str; 2] = ["blocked_sim", "blocking_sim"];

/// The queue's service-level target as a fraction (e-mail: every item
/// within the deadline, 1).
fn sl_target(s: &Staffed, q: usize) -> Option<f64> {
    let queue = &s.scenario.queues[q];
    match queue.channel {
        Channel::Email => Some(1.0),
        _ => queue.service_level.map(|l| l.fraction),
    }
}

fn figures(row: &Row, target: Option<f64>, trunks: bool) -> Vec<String> {
    let (sim, pred): (&Simulated, &Predicted) = (&row.sim, &row.pred);
    let mut out = vec![
        num(pred.offered, 3),
        num(sim.offered, 3),
        num(pred.agents, 2),
        num(sim.agents, 2),
        opt(target, 4),
        opt(pred.sl, 4),
        opt(sim.sl.map(|e| e.mean), 4),
        opt(sim.sl.and_then(|e| e.low), 4),
        opt(sim.sl.and_then(|e| e.high), 4),
        opt(pred.asa_s, 1),
        opt(sim.asa_s, 1),
        opt(pred.abandon, 4),
        opt(sim.abandon, 4),
        opt(pred.p_wait, 4),
        opt(sim.p_wait, 4),
        opt(pred.occupancy, 4),
        opt(sim.occupancy, 4),
        sim.sl.map_or(0, |e| e.runs).to_string(),
    ];
    if trunks {
        out.extend([num(sim.blocked, 3), opt(sim.blocking, 4)]);
    }
    out
}

/// The figure columns of the simulation's CSV files.
fn figure_columns(sim: &Simulation) -> Vec<&'static str> {
    let mut out = FIGURE_COLUMNS.to_vec();
    if sim.trunks {
        out.extend(TRUNK_COLUMNS);
    }
    out
}

/// `simulation.csv`: one row per queue and interval (interval-major, like
/// requirements.csv).
pub fn csv_intervals(s: &Staffed, sim: &Simulation) -> Result<String, csv::Error> {
    let mut header = vec![
        "interval_start_utc",
        "interval_start_site",
        "date_site",
        "time_site",
        "queue",
        "pool",
        "channel",
    ];
    header.extend(figure_columns(sim));
    let mut w = Rows::new(&header);
    for t in 0..s.grid.len {
        let at = s.grid.at(t);
        let [date_site, time_site] = date_and_time(at, s.grid.site_tz);
        for (q, queue) in s.scenario.queues.iter().enumerate() {
            let mut row = vec![
                stamp(at, chrono_tz::UTC),
                stamp(at, s.grid.site_tz),
                date_site.clone(),
                time_site.clone(),
                queue.id.clone(),
                s.scenario.pools[queue.pool].id.clone(),
                channel_name(queue.channel).to_string(),
            ];
            row.extend(figures(
                &sim.queues[q].intervals[t],
                sl_target(s, q),
                sim.trunks,
            ));
            w.rows.push(row);
        }
    }
    w.with_site(&s.scenario).to_csv()
}

/// `simulation_daily.csv`: one row per queue and client day (the queue's
/// own calendar, as its contract counts days).
pub fn csv_days(s: &Staffed, sim: &Simulation) -> Result<String, csv::Error> {
    let mut header = vec!["date_client", "queue", "pool", "channel"];
    header.extend(figure_columns(sim));
    let mut w = Rows::new(&header);
    for (q, queue) in s.scenario.queues.iter().enumerate() {
        for (d, date) in sim.queues[q].dates.iter().enumerate() {
            let mut row = vec![
                date.to_string(),
                queue.id.clone(),
                s.scenario.pools[queue.pool].id.clone(),
                channel_name(queue.channel).to_string(),
            ];
            row.extend(figures(&sim.queues[q].days[d], sl_target(s, q), sim.trunks));
            w.rows.push(row);
        }
    }
    w.with_site(&s.scenario).to_csv()
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{:.1}%", v * 100.0))
}

fn secs(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{v:.1}"))
}

/// The simulated service level with its confidence interval, or `-`.
pub(crate) fn ci(sim: &Simulated) -> String {
    match sim.sl {
        Some(e) => match (e.low, e.high) {
            (Some(l), Some(h)) => format!(
                "{:.1}% [{:.1}, {:.1}]",
                e.mean * 100.0,
                l * 100.0,
                h * 100.0
            ),
            _ => format!("{:.1}%", e.mean * 100.0),
        },
        None => "-".into(),
    }
}

/// The queue-day whose simulated SL falls furthest below the prediction:
/// (queue, day, predicted, simulated).
pub fn worst_day(sim: &Simulation) -> Option<(usize, usize, f64, f64)> {
    let mut worst: Option<(usize, usize, f64, f64)> = None;
    for (q, r) in sim.queues.iter().enumerate() {
        for (d, row) in r.days.iter().enumerate() {
            if let (Some(p), Some(e)) = (row.pred.sl, row.sim.sl) {
                // Only a day simulated below its prediction is a shortfall.
                if p > e.mean && worst.is_none_or(|w| p - e.mean > w.2 - w.3) {
                    worst = Some((q, d, p, e.mean));
                }
            }
        }
    }
    worst
}

/// Columns of the per-queue table, in the terminal and on the page.
const TABLE_COLUMNS: [&str; 10] = [
    "queue",
    "target",
    "SL predicted",
    "SL simulated [95% CI]",
    "ASA s pred",
    "ASA s sim",
    "abandon pred",
    "abandon sim",
    "occupancy pred",
    "occupancy sim",
];

/// The columns of that table: with trunk groups, the busy signals too.
fn table_columns(sim: &Simulation) -> Vec<&'static str> {
    let mut out = TABLE_COLUMNS.to_vec();
    if sim.trunks {
        out.push("blocked sim");
    }
    out
}

/// Queue `q`'s row of that table over the horizon (plain text).
fn table_cells(s: &Staffed, sim: &Simulation, q: usize) -> Vec<String> {
    let queue = &s.scenario.queues[q];
    let row = &sim.queues[q].total;
    let on_trunk = s.scenario.trunks.iter().any(|t| t.queues.contains(&q));
    let mut out = vec![
        queue.id.clone(),
        pct(sl_target(s, q)),
        pct(row.pred.sl),
        ci(&row.sim),
        secs(row.pred.asa_s),
        secs(row.sim.asa_s),
        pct(row.pred.abandon),
        if queue.patience_s.is_some() {
            pct(row.sim.abandon)
        } else {
            "-".into()
        },
        pct(row.pred.occupancy),
        pct(row.sim.occupancy),
    ];
    if sim.trunks {
        out.push(if on_trunk {
            pct(row.sim.blocking)
        } else {
            "-".into()
        });
    }
    out
}

/// Why the simulated waits can run well above the Erlang prediction: the
/// simulation takes shrinkage as whole absent shifts. Printed under the
/// terminal table and in report.html, when a pool has shrinkage.
pub const ABSENCE_NOTE: &str = "shrinkage is simulated as whole absent shifts: each agent-shift is missing with probability equal to its pool's shrinkage, where the Erlang prediction takes the same share off every interval evenly; some intervals then lose more agents than the shrinkage, and as waits grow faster than the shortfall, the simulated ASA can run well above the prediction (several times it on a lean 24/7 plan) while the service level stays closer";

/// The other cause of a gap to the Erlang prediction, in every simulation:
/// printed with [`ABSENCE_NOTE`].
pub const CARRY_NOTE: &str = "the simulation carries waiting callers from one interval to the next, and at closing the last agents out finish the queue (the callers waiting then are answered and their waits count where they arrived), where the Erlang prediction takes each interval alone as a steady state; part of a gap in the last open intervals comes from that";

/// What makes the simulated figures differ from the prediction:
/// [`ABSENCE_NOTE`] when some pool has shrinkage (the simulation then draws
/// absences), then [`CARRY_NOTE`].
fn notes(s: &Staffed) -> Vec<&'static str> {
    let absent = (s.scenario.pools.iter()).any(|p| p.shrinkage.total > 0.0);
    let mut out: Vec<&'static str> = absent.then_some(ABSENCE_NOTE).into_iter().collect();
    out.push(CARRY_NOTE);
    out
}

/// The terminal table: per queue over the horizon, predicted beside simulated.
pub fn terminal(s: &Staffed, sim: &Simulation) -> String {
    let mut out = format!(
        "simulation: {} runs of the {}-day horizon, seed {} ({})\n\n",
        sim.options.runs, s.scenario.site.days, sim.options.seed, sim.assumptions
    );
    let mut t = Table::new(&table_columns(sim));
    for q in 0..s.scenario.queues.len() {
        t.row(table_cells(s, sim, q));
    }
    out += &t.render();
    for note in notes(s) {
        out += &format!("\nnote: {note}\n");
    }
    if let Some((q, d, p, e)) = worst_day(sim) {
        out += &format!(
            "\nlargest shortfall of a queue-day: {} on {} simulated {:.1}% against {:.1}% predicted ({:+.1} points); per day and interval in simulation_daily.csv and simulation.csv\n",
            s.scenario.queues[q].id,
            sim.queues[q].dates[d].format("%a %Y-%m-%d"),
            e * 100.0,
            p * 100.0,
            (e - p) * 100.0
        );
    }
    out
}

/// Title of the simulation section of report.html.
pub const HTML_TITLE: &str = "Simulation: does the plan hold?";

/// The body of report.html's simulation section (the page adds the
/// `<section>` and its [`HTML_TITLE`] heading): the model in two sentences,
/// the chart as inline SVG and the table per queue; no external resources.
pub fn html_section(s: &Staffed, sim: &Simulation) -> String {
    let mut out = String::new();
    out += &format!(
        "<p>The week replayed {} times (seed {}) against the agents the plan puts on the floor: Poisson arrivals per interval from the forecast after bot containment, exponential handle times and patience, each agent's own breaks, each agent-shift absent with probability equal to the pool's shrinkage, contacts carried over interval boundaries, and at closing the agents going off finish the queue (the callers already waiting are answered; later ones wait for the next agent). Simulated service level with its 95&#160;% confidence interval over the runs, beside the Erlang prediction of the same plan.</p>\n",
        sim.options.runs, sim.options.seed
    );
    if sim.trunks {
        out += "<p>Trunk lines: a call holds a line while it waits and while it is served; one arriving when every line of its trunk group is taken gets a busy signal (<i>blocked sim</i>: busy signals ÷ offered). A blocked call counts as offered and not answered in time, as in ContactCenters.</p>\n";
    }
    out += "<figure>\n";
    let svg = chart_svg(s, sim);
    out += svg.trim_start_matches(|c| c != '<');
    out += "\n<figcaption>Service level per queue and client day (its own calendar): Erlang prediction (cross) and simulation (dot, 95% CI bar); dashed: target.</figcaption>\n</figure>\n";
    out += "<table>\n<thead><tr>";
    for c in table_columns(sim) {
        out += &format!("<th>{c}</th>");
    }
    out += "</tr></thead>\n<tbody>\n";
    for q in 0..s.scenario.queues.len() {
        out += "<tr>";
        for c in table_cells(s, sim, q) {
            out += &format!("<td>{}</td>", escape(&c));
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    for note in notes(s) {
        let mut chars = note.chars();
        let first = chars.next().map(|c| c.to_uppercase().to_string());
        out += &format!(
            "<p>{}{}.</p>\n",
            first.unwrap_or_default(),
            escape(chars.as_str())
        );
    }
    if let Some((q, d, p, e)) = worst_day(sim) {
        out += &format!(
            "<p>Largest shortfall of a queue-day: <b>{}</b> on {} simulated {:.1}&#160;% against {:.1}&#160;% predicted. Per interval: <code>simulation.csv</code>; per day: <code>simulation_daily.csv</code>.</p>\n",
            escape(&s.scenario.queues[q].id),
            sim.queues[q].dates[d].format("%a %Y-%m-%d"),
            e * 100.0,
            p * 100.0
        );
    }

    out
}

/// `simulation.json`: the runs and seed, and per queue over the horizon the
/// predicted and simulated figures (the terminal table as data).
pub fn json(s: &Staffed, sim: &Simulation) -> String {
    let r = |x: Option<f64>, d: i32| x.map(|v| round(v, d));
    let queues: Vec<serde_json::Value> = s
        .scenario
        .queues
        .iter()
        .enumerate()
        .map(|(q, queue)| {
            let t = &sim.queues[q].total;
            let mut v = serde_json::json!({
                "queue": queue.id,
                "channel": channel_name(queue.channel),
                "sl_target": r(sl_target(s, q), 4),
                "offered_forecast": round(t.pred.offered, 1),
                "offered_sim": round(t.sim.offered, 1),
                "sl_predicted": r(t.pred.sl, 4),
                "sl_sim": r(t.sim.sl.map(|e| e.mean), 4),
                "sl_ci_low": r(t.sim.sl.and_then(|e| e.low), 4),
                "sl_ci_high": r(t.sim.sl.and_then(|e| e.high), 4),
                "asa_predicted_s": r(t.pred.asa_s, 1),
                "asa_sim_s": r(t.sim.asa_s, 1),
                "abandon_predicted": r(t.pred.abandon, 4),
                "abandon_sim": r(t.sim.abandon, 4),
                "hang_ups_sim": round(t.sim.hang_ups, 1),
                "p_wait_predicted": r(t.pred.p_wait, 4),
                "p_wait_sim": r(t.sim.p_wait, 4),
                "occupancy_predicted": r(t.pred.occupancy, 4),
                "occupancy_sim": r(t.sim.occupancy, 4),
            });
            if let (true, Some(o)) = (sim.trunks, v.as_object_mut()) {
                o.insert("blocked_sim".into(), round(t.sim.blocked, 1).into());
                o.insert("blocking_sim".into(), r(t.sim.blocking, 4).into());
            }
            v
        })
        .collect();
    let worst = worst_day(sim).map(|(q, d, p, e)| {
        serde_json::json!({
            "queue": s.scenario.queues[q].id,
            "date_client": sim.queues[q].dates[d].to_string(),
            "sl_predicted": round(p, 4),
            "sl_sim": round(e, 4),
        })
    });
    let doc = serde_json::json!({
        "runs": sim.options.runs,
        "seed": sim.options.seed,
        "confidence": 0.95,
        "queues": queues,
        "largest_shortfall_day": worst,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// The files a simulation adds to a plan's folder.
pub fn files(p: &Planned, sim: &Simulation) -> anyhow::Result<Vec<OutputFile>> {
    let s = &p.staffed;
    Ok(vec![
        OutputFile::text("simulation.json", json(s, sim)),
        super::csv_file("simulation.csv", csv_intervals(s, sim))?,
        super::csv_file("simulation_daily.csv", csv_days(s, sim))?,
        OutputFile::text("charts/simulation_sl.svg", chart_svg(s, sim)),
        OutputFile {
            path: "charts/simulation_sl.png".into(),
            bytes: chart_png(s, sim),
        },
    ])
}
