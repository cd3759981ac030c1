//! The `roster` section of the plan page: the spread per pool, the shifts
//! left open, the agent × day grid shown in print (`print_grid.rs`), and one
//! collapsible `<details>` per agent (on screen).

use super::Align::{Num, Text};
use super::{escape, header, row, shortfall_table};
use crate::pipeline::Planned;
use crate::report::csv::{duty_rows, DutyRow};
use crate::report::grid::clock_span;
use crate::roster::{Roster, RosterAgent};
use crate::scenario::Scenario;
use crate::units::round;

/// `0–5`, or `5` when least and most agree.
fn span(r: crate::roster::Range, unit: &str) -> String {
    if (r.max - r.min).abs() < 1e-9 {
        format!("{}{unit}", round(r.min, 1))
    } else {
        format!("{}–{}{unit}", round(r.min, 1), round(r.max, 1))
    }
}

/// The roster section: the spread per pool, the shifts left open (soft
/// coverage), then per pool one collapsible `<details>` per agent with
/// their working days.
///
/// Built from the [`crate::roster::Roster`] through
/// [`crate::report::csv::duty_rows`], the rows `roster.csv` prints, so the
/// page and the file cannot disagree. A row is short (site date, clock
/// span, template, breaks, night): the 1 941 agents and 38 700 duties of
/// `scenarios/large-4w-3pool.yaml` make a 5.1 MB section (6.4 MB page);
/// the browser lays out the closed `<details>` cheaply.
pub(super) fn roster(p: &Planned) -> String {
    let s = &p.staffed;
    let sc = &s.scenario;
    let r = &p.roster;
    let mut pools: Vec<usize> = r.agents.iter().map(|a| a.pool).collect();
    pools.dedup();
    let mut out = intro(r);
    out += &spread_table(sc, r, &pools);
    if !r.open.is_empty() {
        out += &open_shifts(sc, r);
    }
    out += &super::print_grid::print_grid(p);
    let days = days_per_agent(p);
    for &pool in &pools {
        out += &format!(
            "<h3>{} <small>({})</small></h3>\n",
            escape(&sc.pools[pool].name),
            escape(&sc.pools[pool].id)
        );
        for (a, agent) in r.agents.iter().enumerate().filter(|(_, a)| a.pool == pool) {
            out += &agent_details(agent, &days[a], s.grid.site_tz);
        }
    }
    out
}

/// The opening paragraph: how many agents, by which method, and the spread
/// of hours, nights, weekend days and late shifts over the agents who work.
fn intro(r: &Roster) -> String {
    let s = r.spread();
    let working = r.agents.iter().filter(|a| a.days > 0).count();
    format!(
        "<p>{} agents ({} with at least one working day), rostered by {} under the labour rules. Over the agents who work: <b>{}</b> paid hours, <b>{}</b> nights, <b>{}</b> weekend days and <b>{}</b> late shifts per agent (least–most; a late is not a night and runs past the night window's opening, docs/maths.md, The roster). Every duty is in <code>roster.csv</code>; see also the <a href=\"#chart-roster_fairness\">fairness chart</a>.</p>\n",
        r.agents.len(),
        working,
        escape(r.method),
        span(s.hours, " h"),
        span(s.nights, ""),
        span(s.weekend_days, ""),
        span(s.lates, ""),
    )
}

/// The spread table: per pool, its agents and their least–most paid hours,
/// nights, weekend days and late shifts.
fn spread_table(sc: &Scenario, r: &Roster, pools: &[usize]) -> String {
    let align = [Text, Num, Num, Num, Num, Num];
    let mut out = String::from("<table>\n");
    out += &header(
        &[
            "pool",
            "agents",
            "paid hours",
            "nights",
            "weekend days",
            "lates",
        ],
        &align,
    );
    for &pool in pools {
        let of_pool: Vec<_> = r.agents.iter().filter(|a| a.pool == pool).collect();
        let s = crate::roster::spread(of_pool.iter().copied());
        out += &row(
            &[
                escape(&sc.pools[pool].id),
                of_pool.len().to_string(),
                span(s.hours, " h"),
                span(s.nights, ""),
                span(s.weekend_days, ""),
                span(s.lates, ""),
            ],
            &align,
        );
    }
    out += "</table>\n";
    out
}

/// The shifts left open under soft coverage, and why no agent took them.
fn open_shifts(sc: &Scenario, r: &Roster) -> String {
    let short: u32 = r.open.iter().map(|o| o.agents).sum();
    format!(
        "<h3>Open shifts</h3>\n<p class=\"note\">{short} planned agent-shift(s) have no agent under the hard rules; coverage is soft, so the roster was kept with them open (rows named <code>OPEN</code> in roster.csv).</p>\n"
    ) + &shortfall_table(
        ["pool", "shift", "start (site time)", "agents short", "why"],
        r.open.iter().map(|o| {
            [
                escape(&o.pool),
                escape(&o.shift),
                escape(&o.start_site()),
                o.agents.to_string(),
                escape(&o.why(&sc.rules)),
            ]
        }),
    )
}

/// Each agent's duties (the rows of `roster.csv`), indexed by agent.
fn days_per_agent(p: &Planned) -> Vec<Vec<DutyRow<'_>>> {
    let r = &p.roster;
    let mut days: Vec<Vec<DutyRow>> = vec![Vec::new(); r.agents.len()];
    for d in duty_rows(&p.staffed, &p.plan, r) {
        if let Some(a) = d.agent {
            days[a].push(d);
        }
    }
    days
}

/// One agent's collapsible `<details>`: a summary line, then a table of
/// their working days.
fn agent_details(agent: &RosterAgent, days: &[DutyRow], tz: chrono_tz::Tz) -> String {
    let mut out = format!(
        "<details><summary><b>{}</b> {} · {} days · {} h · {} nights · {} weekend days · {} lates</summary>\n",
        escape(&agent.id),
        escape(&agent.name),
        agent.days,
        round(agent.hours, 2),
        agent.nights,
        agent.weekend_days,
        agent.lates
    );
    if days.is_empty() {
        out += "<p>No working day.</p></details>\n";
        return out;
    }
    out += "<table><tr><th>date</th><th>site time</th><th>shift</th><th>breaks</th><th>night</th><th>late</th></tr>\n";
    let yes = |b: bool| if b { "yes" } else { "no" };
    for d in days {
        out += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            d.date.format("%a %Y-%m-%d"),
            clock_span(tz, d),
            escape(d.shift),
            escape(&d.breaks),
            yes(d.night),
            yes(d.late)
        );
    }
    out += "</table></details>\n";
    out
}
