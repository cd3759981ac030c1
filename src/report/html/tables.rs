//! The `queues`, `pools`, `sites` and `shifts` tables of the plan page, and the
//! `diagnosis` of the intervals left short.

use std::collections::BTreeMap;

use super::Align::{Num, Text};
use super::{escape, header, row, shortfall_table, thousands};
use crate::pipeline::Planned;
use crate::scenario::channel_name;
use crate::units::round;

/// The `queues` table: volume, agents and peaks per queue.
pub(super) fn queues_table(p: &Planned) -> String {
    let s = &p.staffed;
    let sc = &s.scenario;
    let h = s.grid.hours();
    let align = [Text, Text, Text, Text, Text, Num, Num, Num, Num, Text, Text];
    let mut out = String::from("<table>\n");
    out += &header(
        &[
            "queue",
            "client",
            "time zone",
            "channel",
            "pool",
            "volume",
            "to agents",
            "peak gross agents",
            "gross hours",
            "peak (site time)",
            "peak (client time)",
        ],
        &align,
    );
    for (q, queue) in sc.queues.iter().enumerate() {
        let d = &s.demand.queues[q];
        let cells = &s.requirements.queues[q];
        let peak = s.queue_peak(q);
        out += &row(
            &[
                escape(&queue.id),
                escape(&queue.client),
                escape(queue.timezone.name()),
                channel_name(queue.channel).to_string(),
                escape(&sc.pools[queue.pool].id),
                thousands(d.volume.iter().sum(), 0),
                thousands(d.agent_volume.iter().sum(), 0),
                peak.map_or("-".into(), |i| cells[i].gross.to_string()),
                thousands(cells.iter().map(|c| f64::from(c.gross)).sum::<f64>() * h, 1),
                peak.map_or("-".into(), |i| {
                    s.grid.site_local(i).format("%a %d %b %H:%M").to_string()
                }),
                peak.map_or("-".into(), |i| {
                    s.grid
                        .local(i, queue.timezone)
                        .format("%a %d %b %H:%M")
                        .to_string()
                }),
            ],
            &align,
        );
    }
    out += "</table>\n<p>Volume is contacts offered in the horizon; “to agents” is what is left after bot containment.</p>\n";
    out
}

/// The `sites` table (scenarios with `sites:`): the terminal's per-site
/// rows ([`crate::report::sites::site_rows`]).
pub(super) fn sites_table(p: &Planned) -> String {
    use crate::report::sites::{site_rows, SITE_COLUMNS};
    let align = [Text, Text, Num, Num, Num, Num, Num, Num, Num];
    let mut out = String::from("<table>\n");
    out += &header(&SITE_COLUMNS, &align);
    for cells in site_rows(p) {
        let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        out += &row(&cells, &align);
    }
    out += "</table>\n<p>Each site's pools, rate and cost; its busiest pick-up (shift starts) and drop-off (shift ends) against its own transport caps, drawn per site in the transport charts. A queue split over sites is shown whole in the service table (“all sites”).</p>\n";
    out
}

/// The `pools` table: hours, shifts, FTE, headcount and cost per pool.
pub(super) fn pools_table(p: &Planned) -> String {
    let s = &p.staffed;
    let sc = &s.scenario;
    let h = s.grid.hours();
    let align = [Text, Text, Num, Num, Num, Num, Num, Num, Num, Num, Num, Num];
    // Under a shortfall the bound is of cost + penalty: say so, and show
    // that figure in the bound's cell.
    let short = crate::report::terminal::penalised(&p.figures);
    let bound = if short {
        "LP bound (of cost + shortfall penalty)"
    } else {
        "LP bound"
    };
    let mut out = String::from("<table>\n");
    out += &header(
        &[
            "pool",
            "pooling",
            "shrinkage",
            "required gross hours",
            "shifts",
            "paid hours",
            "FTE",
            "headcount",
            "cost",
            bound,
            "gap",
            "surplus hours (with no requirement)",
        ],
        &align,
    );
    for (pp, f) in p.plan.pools.iter().zip(&p.figures.pools) {
        let pool = &sc.pools[pp.model.pool];
        out += &row(
            &[
                format!(
                    "{} <small>({})</small>",
                    escape(&pool.name),
                    escape(&pool.id)
                ),
                format!("{:?}", pool.pooling).to_lowercase(),
                format!("{}%", round(pool.shrinkage.total * 100.0, 1)),
                thousands(
                    s.requirements.pools[pp.model.pool]
                        .gross
                        .iter()
                        .map(|g| f64::from(*g))
                        .sum::<f64>()
                        * h,
                    1,
                ),
                pp.shifts_worked().to_string(),
                thousands(pp.paid_hours(), 1),
                thousands(f.fte, 1),
                thousands(f64::from(f.headcount), 0),
                thousands(f.cost, 2),
                if short {
                    format!(
                        "{} <small>(cost + penalty {})</small>",
                        thousands(pp.lp_bound, 2),
                        thousands(f.objective, 2)
                    )
                } else {
                    thousands(pp.lp_bound, 2)
                },
                format!("{:.2}%", f.gap * 100.0),
                format!(
                    "{} ({})",
                    thousands(f.surplus_hours, 1),
                    thousands(f.idle_hours, 1)
                ),
            ],
            &align,
        );
    }
    out += "</table>\n";
    out
}

/// The plan's notes ([`crate::figures::PlanFigures::notes`]) under the
/// pools table, as the terminal prints them under its own.
pub(super) fn plan_notes(p: &Planned) -> String {
    (p.figures.notes.iter())
        .map(|n| format!("<p>Note: {}.</p>\n", escape(n)))
        .collect()
}

/// The surplus hours of each pool by cause (`plan --explain-surplus`),
/// below the pools table; nothing when the split was not asked for.
pub(super) fn surplus_table(p: &Planned) -> String {
    let rows = crate::report::surplus::rows(p);
    if rows.is_empty() {
        return String::new();
    }
    let columns = crate::report::surplus::columns();
    let mut align = vec![Num; columns.len()];
    align[0] = Text;
    let mut out = String::from("<p>Surplus agent-hours by cause: each step adds one family of rules to an LP relaxation of the plan (single shifts; the weekly tours; the same agents every week; caps and limits; the queues' minimum agents), the last is what whole agents and the search add. Hours to plan for training or back-office work.</p>\n<table>\n");
    out += &header(&columns, &align);
    for (id, hours) in rows {
        let mut cells = vec![escape(&id)];
        cells.extend(hours.iter().map(|&h| thousands(h, 1)));
        out += &row(&cells, &align);
    }
    out + "</table>\n"
}

/// The `shifts` table: agents per template and start time over the horizon.
pub(super) fn shifts_table(p: &Planned) -> String {
    let s = &p.staffed;
    let sc = &s.scenario;
    // Per template and start time: days worked, agent-shifts, hours and cost.
    type PerStart = (BTreeMap<usize, u32>, f64, f64);
    let mut by_start: BTreeMap<(usize, u32), PerStart> = BTreeMap::new();
    for pp in &p.plan.pools {
        for a in &pp.assigned {
            let shift = &pp.model.shifts[a.shift];
            let e = by_start
                .entry((shift.template, shift.start_min))
                .or_default();
            *e.0.entry(shift.day).or_default() += a.agents;
            e.1 += shift.paid_h * f64::from(a.agents);
            e.2 += shift.cost * f64::from(a.agents);
        }
    }
    let align = [Text, Text, Text, Num, Num, Num, Num];
    let mut out = String::from("<p>Agents per template and start time (site time), over the horizon. The day-by-day list is in <code>shifts.csv</code>.</p>\n<table>\n");
    out += &header(
        &[
            "template",
            "start",
            "end",
            "days used",
            "agents on the busiest day",
            "paid hours",
            "cost",
        ],
        &align,
    );
    // Each row's cost in cents, the rows adding up to the published total.
    let costs: Vec<f64> = by_start.values().map(|e| e.2).collect();
    let cents = crate::units::round_parts(&costs, 2);
    for (((t, start), (days, paid, _)), cost) in by_start.iter().zip(cents) {
        let template = &sc.shifts.templates[*t];
        let end = (start + template.length_s / 60) % 1440;
        let start = start % 1440;
        out += &row(
            &[
                escape(&template.name),
                format!("{:02}:{:02}", start / 60, start % 60),
                format!("{:02}:{:02}", end / 60, end % 60),
                days.len().to_string(),
                days.values().max().copied().unwrap_or(0).to_string(),
                thousands(*paid, 1),
                thousands(cost, 2),
            ],
            &align,
        );
    }
    out += "</table>\n";
    out
}

/// The `diagnosis` section: every interval left short, and what blocks it.
pub(super) fn diagnosis(p: &Planned) -> String {
    format!(
        "<p class=\"note\">{} interval(s) have fewer agents on the floor than required. Coverage is soft, so the plan was kept; each row says what blocks covering it.</p>\n",
        p.gaps.len()
    ) + &shortfall_table(
        ["pool", "site time", "client time", "agents short", "why"],
        p.gaps.iter().map(|g| {
            [
                escape(&g.pool),
                escape(&g.site_time()),
                escape(&g.client_times().join(", ")),
                format!("{:.1}", g.short),
                escape(&g.blocker.to_string()),
            ]
        }),
    )
}
