//! The `headline` and `charts` sections of the plan page: the figures at a
//! glance (cards, service level per client against its target) and every
//! chart inline.

use super::{card, escape, thousands};
use crate::figures::FTE_HOURS_PER_WEEK;
use crate::pipeline::Planned;
use crate::report::charts::Chart;
use crate::report::terminal::set_by_text;
use crate::scenario::channel_name;
use crate::staffing;
use crate::units::Duration as Dur;

/// The `headline` section: the figure cards, the solver status, a note when
/// intervals are left short, and the service level per client against target.
pub(super) fn headline(p: &Planned) -> String {
    let sc = &p.staffed.scenario;
    let f = &p.figures;
    let currency = if sc.costs.priced {
        sc.currency.as_str()
    } else {
        "paid hours"
    };
    let mut out = String::from("<div class=\"cards\">\n");
    out += &card(
        &thousands(f.fte, 1),
        &format!("FTE ({FTE_HOURS_PER_WEEK:.0} paid hours a week)"),
    );
    out += &card(&thousands(f64::from(f.headcount), 0), "headcount (agents)");
    out += &card(&thousands(f.paid_hours, 0), "paid hours in the horizon");
    out += &card(
        &format!("{} {}", thousands(f.cost, 0), currency),
        "cost of the plan",
    );
    let of = if crate::report::terminal::penalised(f) {
        out += &card(
            &format!("{} {}", thousands(f.objective, 0), currency),
            "cost + shortfall penalty (soft coverage)",
        );
        " of cost + shortfall penalty"
    } else {
        ""
    };
    out += &card(
        &format!("{:.2}%", f.gap * 100.0),
        &format!(
            "gap to the LP lower bound{of}{} ({} {})",
            crate::report::sites::bound_of(f),
            thousands(f.lp_bound, 0),
            currency
        ),
    );
    out += "</div>\n";
    out += &format!("<p>Solver status: <b>{}</b>.</p>\n", escape(f.status));
    if !p.gaps.is_empty() {
        out += &format!(
            "<p class=\"note\">{} interval(s) are left short under soft coverage: see <a href=\"#diagnosis\">the diagnosis</a>.</p>\n",
            p.gaps.len()
        );
    }
    out += &service_table(p);
    out
}

/// The service level per client against target, with the occupancy at the
/// requirement and what sets it.
fn service_table(p: &Planned) -> String {
    let sc = &p.staffed.scenario;
    let mut out = String::new();
    out += &format!("<h3>Service level per client</h3>\n<table>\n<tr><th>client</th><th>queue</th><th>channel</th><th>target</th><th class=\"num\">achieved</th><th class=\"num\">intervals fully staffed</th><th class=\"num\">occupancy at the requirement</th><th>requirement set by</th><th class=\"num\">cost ({})</th></tr>\n", escape(&sc.currency));
    let mut order: Vec<usize> = (0..sc.queues.len()).collect();
    order.sort_by(|&a, &b| {
        sc.queues[a]
            .client
            .cmp(&sc.queues[b].client)
            .then(a.cmp(&b))
    });
    for q in order {
        let queue = &sc.queues[q];
        let service = &p.service[q];
        let cells = &p.staffed.requirements.queues[q];
        let (target, achieved) = match (queue.service_level, queue.deadline_s) {
            (_, Some(d)) => (
                format!("every item within {}", Dur(d)),
                verdict(
                    service.met_share >= 1.0 - 1e-9,
                    "deadline met".into(),
                    "deadline missed".into(),
                ),
            ),
            (Some(t), None) => (
                format!("{:.0}% in {:.0} s", t.fraction * 100.0, t.seconds),
                service.sl_overall.map_or("-".to_string(), |x| {
                    verdict(
                        x + 1e-9 >= t.fraction,
                        format!("{:.1}%", x * 100.0),
                        format!("{:.1}%", x * 100.0),
                    )
                }),
            ),
            (None, None) => ("-".into(), "-".into()),
        };
        out += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}%</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
            escape(&queue.client),
            escape(&queue.id),
            channel_name(queue.channel),
            escape(&target),
            achieved,
            service.met_share * 100.0,
            staffing::mean_occupancy(cells).map_or("-".into(), |o| format!("{:.1}%", o * 100.0)),
            escape(&set_by_text(cells)),
            thousands(p.figures.queues[q].cost, 2),
        );
        out += &split_row(p, q);
    }
    out += "</table>\n";
    let note = crate::report::skills::simulated_note(p);
    if !note.is_empty() {
        out += &format!("<p>{}</p>\n", escape(note.trim_end()));
    }
    out
}

/// After the last part of a queue split over sites, the queue whole (the
/// client's view, summary.json `plan.splits[]`): its service level over
/// every part and interval and the parts' cost; empty otherwise.
fn split_row(p: &Planned, q: usize) -> String {
    let queue = &p.staffed.scenario.queues[q];
    let Some(f) = (p.figures.splits.iter()).find(|f| f.parts.last() == Some(&queue.id)) else {
        return String::new();
    };
    let (target, achieved) = match (queue.service_level, f.sl_achieved) {
        (Some(t), Some(x)) => (
            format!("{:.0}% in {:.0} s", t.fraction * 100.0, t.seconds),
            verdict(
                f.met,
                format!("{:.1}%", x * 100.0),
                format!("{:.1}%", x * 100.0),
            ),
        ),
        _ => ("-".into(), "-".into()),
    };
    format!(
        "<tr class=\"total\"><td>{}</td><td>{} <small>(all sites: {})</small></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">-</td><td class=\"num\">-</td><td>-</td><td class=\"num\">{}</td></tr>\n",
        escape(&queue.client),
        escape(&f.id),
        escape(&f.parts.join(", ")),
        channel_name(queue.channel),
        escape(&target),
        achieved,
        thousands(f.cost, 2),
    )
}

/// `good ✓` in the ok colour, or `bad ✗` in the bad colour.
fn verdict(ok: bool, good: String, bad: String) -> String {
    if ok {
        format!("<span class=\"ok\">{} ✓</span>", escape(&good))
    } else {
        format!("<span class=\"bad\">{} ✗</span>", escape(&bad))
    }
}

/// The `charts` section: every chart inline as a `<figure>`.
pub(super) fn charts_body(charts: &[Chart]) -> String {
    let mut out = String::new();
    for c in charts {
        out += &format!(
            "<figure id=\"chart-{name}\">\n{svg}\n<figcaption>{title} (also <code>charts/{name}.svg</code> and <code>charts/{name}.png</code>)</figcaption>\n</figure>\n",
            name = c.name,
            svg = c.svg.trim(),
            title = escape(&c.title)
        );
    }
    out
}
