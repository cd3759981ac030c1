//! The `assumptions` section of the plan page: costs and rules, the shift
//! templates, and the scenario as staffplan read it.

use super::{escape, header, row, thousands};
use crate::figures::FTE_HOURS_PER_WEEK;
use crate::pipeline::Planned;
use crate::scenario::{Coverage, Scenario, Template};
use crate::staffing::Staffed;
use crate::timegrid::stamp;
use crate::units::Duration as Dur;

/// The `assumptions` section: costs and rules, the shift templates, and the
/// scenario as staffplan read it.
pub(super) fn assumptions(p: &Planned) -> String {
    let s = &p.staffed;
    let mut out = String::from("<h3>Costs and rules</h3>\n<ul>\n");
    out += &costs_item(&s.scenario);
    out += &rules_items(s);
    out += "</ul>\n<h3>Shift templates</h3>\n<table>\n";
    out += &header(&["template", "paid", "length", "starts", "breaks"], &[]);
    for t in &s.scenario.shifts.templates {
        out += &template_row(t);
    }
    out += "</table>\n<h3>The scenario as staffplan read it</h3>\n<pre>";
    out += &escape(&crate::report::terminal::check(s));
    out += "</pre>\n";
    out
}

/// The costs: the hourly rate with its night and weekend multipliers, or
/// that cost is paid hours.
fn costs_item(sc: &Scenario) -> String {
    let c = &sc.costs;
    if !c.priced {
        return "<li>no hourly rate: cost is paid hours</li>\n".to_string();
    }
    let mut out = format!(
        "<li>{} {} per paid hour",
        thousands(c.hourly, 2),
        escape(&sc.currency)
    );
    if let Some((window, m)) = c.night {
        out += &format!("; night {} ×{}", escape(&window.to_string()), m);
    }
    out += &format!("; weekend ×{}</li>\n", c.weekend_multiplier);
    out
}

/// The rules: coverage and the start cap, the working week, what FTE counts
/// and the first interval.
fn rules_items(s: &Staffed) -> String {
    let sh = &s.scenario.shifts;
    let mut out = format!(
        "<li>coverage {}{}</li>\n",
        if sh.coverage == Some(Coverage::Soft) {
            "soft (shortfall priced)"
        } else {
            "hard (every interval covered)"
        },
        sh.max_starts_per_slot.map_or(String::new(), |cap| format!(
            "; at most {cap} agents start at any one time (transport seats)"
        ))
    );
    if let Some(w) = &sh.week {
        out += &format!(
            "<li>{} work days a week, days off {:?}</li>\n",
            w.work_days, w.days_off
        )
        .to_lowercase();
    }
    out += &format!(
        "<li>FTE counts {FTE_HOURS_PER_WEEK:.0} paid hours a week; the evaluation takes each pool's shrinkage off the agents on the floor; first interval {}</li>\n",
        escape(&stamp(s.grid.at(0), s.grid.site_tz))
    );
    out
}

/// One template's row: paid time, length, its starts and its breaks.
fn template_row(t: &Template) -> String {
    let starts = match (t.starts.first(), t.starts.last()) {
        (Some(a), Some(b)) if a != b => format!(
            "{:02}:{:02}–{:02}:{:02} ({} starts)",
            a / 60 % 24,
            a % 60,
            b / 60 % 24,
            b % 60,
            t.starts.len()
        ),
        (Some(a), _) => format!("{:02}:{:02}", a / 60 % 24, a % 60),
        _ => "-".into(),
    };
    let breaks: Vec<String> = t
        .breaks
        .iter()
        .map(|b| {
            format!(
                "{} {}, starting {}–{} into the shift",
                Dur(f64::from(b.length_s)),
                if b.paid { "paid" } else { "unpaid" },
                Dur(f64::from(b.earliest_s)),
                Dur(f64::from(b.latest_s))
            )
        })
        .collect();
    row(
        &[
            escape(&t.name),
            Dur(f64::from(t.paid_s)).to_string(),
            Dur(f64::from(t.length_s)).to_string(),
            starts,
            escape(&breaks.join("; ")),
        ],
        &[],
    )
}
