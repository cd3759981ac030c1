//! Text for the terminal: what a scenario holds (`check`) and the short
//! requirement summary (`staff`).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::figures::{PlanFigures, FTE_HOURS_PER_WEEK};
use crate::pipeline::Planned;
use crate::report::table::Table;
use crate::scenario::{channel_name, Forecast, Queue, Scenario};
use crate::staffing::{self, Staffed};
use crate::timegrid::{local_instant, TimeGrid};
use crate::units::round;
use crate::units::{weekday_name, Duration as Dur, TimeRange};

pub use super::colour::{colour_enabled, styled};

/// What `check` prints: the scenario as staffplan understood it.
pub fn check(s: &Staffed) -> String {
    let sc = &s.scenario;
    let site = &sc.site;
    let mut out = format!(
        "{}\nsite: {} from {} for {} days, {}-minute intervals ({} intervals{}), costs in {}\n",
        sc.name,
        site.timezone,
        site.start,
        site.days,
        site.interval_s / 60,
        s.grid.len,
        if site.cyclic { ", cyclic" } else { "" },
        crate::figures::cost_unit(sc)
    );
    out += &format!("shrinkage: {}\n\n", shrinkage_text(&sc.shrinkage));
    out += &(pools_held(sc) + &super::sites::held(sc) + "\n");
    out += &queues_held(s);
    out += "\nopening hours (client time → site time):\n";
    out += &opening_hours(s);
    out += &templates_held(sc);
    if !sc.what_if.is_empty() {
        out += &format!(
            "what-ifs: {}\n",
            sc.what_if
                .iter()
                .map(|w| w.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out
}

/// The pools: pooling, shrinkage and the queues they serve.
fn pools_held(sc: &Scenario) -> String {
    let mut pools = Table::new(&["pool", "pooling", "shrinkage", "queues"]);
    for (p, pool) in sc.pools.iter().enumerate() {
        // Its own queues, other pools' it also takes (+), or its requirement CSV.
        let mut members: Vec<String> = sc.queues_of(p).map(|(_, q)| q.id.clone()).collect();
        members.extend(pool.serves.iter().map(|&q| format!("+{}", sc.queues[q].id)));
        members.extend(pool.requirement.iter().map(|_| "(requirement CSV)".into()));
        pools.row(vec![
            pool.id.clone(),
            format!("{:?}", pool.pooling).to_lowercase(),
            format!("{}%", round(pool.shrinkage.total * 100.0, 2)),
            members.join(", "),
        ]);
    }
    pools.render()
}

/// The queues: client, zone, channel, AHT, target, bots, forecast, volume.
fn queues_held(s: &Staffed) -> String {
    let sc = &s.scenario;
    let mut queues = Table::new(&[
        "queue",
        "client",
        "time zone",
        "channel",
        "pool",
        "aht",
        "target",
        "bots",
        "forecast",
        "volume in horizon",
    ]);
    for (q, queue) in sc.queues.iter().enumerate() {
        queues.row(vec![
            queue.id.clone(),
            queue.client.clone(),
            queue.timezone.name().to_string(),
            channel_name(queue.channel).to_string(),
            sc.pools[queue.pool].id.clone(),
            Dur(queue.aht_s).to_string(),
            target_text(queue),
            format!("{}%", round(queue.containment * 100.0, 1)),
            forecast_text(&queue.forecast),
            format!(
                "{}",
                round(s.demand.queues[q].volume.iter().sum::<f64>(), 0)
            ),
        ]);
    }
    queues.render()
}

/// Each queue's opening hours in client and site time.
fn opening_hours(s: &Staffed) -> String {
    let sc = &s.scenario;
    let mut out = String::new();
    let clipped = |id: &str| crate::report::table::clip(id, crate::report::table::MAX_CELL);
    let width = sc
        .queues
        .iter()
        .map(|q| clipped(&q.id).chars().count())
        .max()
        .unwrap_or(0);
    for queue in &sc.queues {
        out += &format!(
            "  {}  {}\n",
            crate::report::table::pad(&clipped(&queue.id), width, false),
            hours_text(queue, &s.grid, sc.site.start, sc.site.days)
        );
    }
    out
}

/// The shift templates, when there are any.
fn templates_held(sc: &Scenario) -> String {
    let t = &sc.shifts;
    if t.templates.is_empty() {
        return String::new();
    }
    format!(
        "\nshifts: {} template(s): {}{}\n",
        t.templates.len(),
        t.templates
            .iter()
            .map(|tm| format!(
                "{} ({} paid, {} starts{})",
                tm.name,
                Dur(f64::from(tm.paid_s)),
                tm.starts.len(),
                match (&tm.week, t.common_week()) {
                    (Some(w), None) => format!(", {}", w.days_text("days")),
                    _ => String::new(),
                }
            ))
            .collect::<Vec<_>>()
            .join(", "),
        t.common_week()
            .map_or(String::new(), |w| format!("; {}", w.days_text("work days")))
    )
}

fn shrinkage_text(s: &crate::scenario::Shrinkage) -> String {
    let total = format!("{}%", round(s.total * 100.0, 2));
    if s.parts.is_empty() {
        return total;
    }
    let parts: Vec<String> = s
        .parts
        .iter()
        .map(|(k, v)| format!("{k} {}%", round(v * 100.0, 2)))
        .collect();
    format!("{total} combined from {}", parts.join(", "))
}

fn target_text(q: &Queue) -> String {
    if let Some(d) = q.deadline_s {
        return format!("within {}", Dur(d));
    }
    let mut t = q.service_level.map(|s| s.to_string()).unwrap_or_default();
    if let Some(p) = q.patience_s {
        t += &format!(" (patience {})", Dur(p));
    }
    if q.concurrency > 1 {
        t += &format!(" x{}", q.concurrency);
    }
    t
}

/// Opening hours grouped by day, with the same hours on the site clock (and
/// where a daylight-saving change in the horizon moves them, from when).
fn hours_text(q: &Queue, grid: &TimeGrid, start: NaiveDate, days: u32) -> String {
    let Some(ranges) = &q.hours.days else {
        return "24/7".to_string();
    };
    let mut parts = Vec::new();
    let mut d = 0;
    while d < 7 {
        let mut e = d;
        while e + 1 < 7 && ranges[e + 1] == ranges[d] {
            e += 1;
        }
        let day = |i: usize| weekday_name(Weekday::try_from(i as u8).unwrap_or(Weekday::Mon));
        let label = if d == e {
            day(d).to_string()
        } else {
            format!("{}-{}", day(d), day(e))
        };
        let text = if ranges[d].is_empty() {
            "closed".to_string()
        } else {
            ranges[d]
                .iter()
                .map(|r| {
                    format!(
                        "{r} (site {})",
                        site_ranges(q.timezone, grid.site_tz, *r, d..=e, start, days)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        parts.push(format!("{label} {text}"));
        d = e + 1;
    }
    parts.join("; ")
}

fn site_ranges(
    client: Tz,
    site: Tz,
    r: TimeRange,
    weekdays: std::ops::RangeInclusive<usize>,
    start: NaiveDate,
    days: u32,
) -> String {
    let mut seen: Vec<(NaiveDate, String)> = Vec::new();
    for k in 0..i64::from(days) {
        let date = start + Duration::days(k);
        if !weekdays.contains(&(date.weekday().num_days_from_monday() as usize)) {
            continue;
        }
        let at = |minutes: u32| {
            let t = local_instant(client, date, minutes);
            t.with_timezone(&site).format("%H:%M").to_string()
        };
        let text = format!("{}-{}", at(r.start), at(r.end));
        if seen.last().is_none_or(|(_, t)| *t != text) {
            seen.push((date, text));
        }
    }
    match seen.as_slice() {
        [] => "not in the horizon".to_string(),
        [(_, only)] => only.clone(),
        [(_, first), rest @ ..] => {
            let later: Vec<String> = rest.iter().map(|(d, t)| format!("{t} from {d}")).collect();
            format!("{first}, {}", later.join(", "))
        }
    }
}

/// What `staff` prints: per queue and per pool, volume, peak and hours.
pub fn staff(s: &Staffed) -> String {
    let sc = &s.scenario;
    let h = s.grid.hours();
    let mut out = format!(
        "{}: requirements for {} days from {} ({})\n\n",
        sc.name, sc.site.days, sc.site.start, sc.site.timezone
    );
    out += &staff_queues(s);
    out += "set by: the limits one agent fewer would break, as a share of the intervals that need anyone (requirements.csv, column set_by)\n";
    out += "\n";
    let mut t = Table::new(&[
        "pool",
        "pooling",
        "shrinkage",
        "peak gross",
        "peak (site)",
        "net hours",
        "gross hours",
    ]);
    for (p, pool) in sc.pools.iter().enumerate() {
        let r = &s.requirements.pools[p];
        let peak = s.pool_peak(p);
        t.row(vec![
            pool.id.clone(),
            format!("{:?}", pool.pooling).to_lowercase(),
            format!("{}%", round(pool.shrinkage.total * 100.0, 1)),
            peak.map_or(String::new(), |i| r.gross[i].to_string()),
            peak.map_or(String::new(), |i| {
                s.grid.site_local(i).format("%a %H:%M").to_string()
            }),
            format!(
                "{:.1}",
                r.net.iter().map(|n| f64::from(*n)).sum::<f64>() * h
            ),
            format!(
                "{:.1}",
                r.gross.iter().map(|n| f64::from(*n)).sum::<f64>() * h
            ),
        ]);
    }
    out += &t.render();
    out + &super::sites::unchosen_text(sc, "requirements shown")
}

fn forecast_text(f: &Forecast) -> String {
    match f {
        Forecast::Pattern(p) => format!("{} weekly x{}", p.intraday_name, p.scale),
        Forecast::Csv(c) => format!(
            "{}{} x{}",
            c.file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            c.method
                .as_ref()
                .map_or(String::new(), |m| format!(" ({m})")),
            c.scale
        ),
    }
}

/// What `plan` prints: cost against the LP bound, pools and achieved service.
pub fn plan(p: &Planned) -> String {
    let sc = &p.staffed.scenario;
    let mut out = format!(
        "{}: shift plan for {} days from {} ({})\n\n",
        sc.name, sc.site.days, sc.site.start, sc.site.timezone
    );
    out += &headline(sc, &p.figures);
    out += &(plan_pools(p) + &super::sites::terminal(p));
    out += &super::surplus::terminal(p);
    out += "\n";
    out += &plan_queues(p);
    out += &super::sl_window::terminal(p);
    out += &plan_cost(p);
    out += &super::skills::group_plans(p);
    if !p.gaps.is_empty() {
        out += &format!(
            "\n{} interval(s) short (soft coverage; each one, with its client times, in report.html; the floor in coverage.csv):\n",
            p.gaps.len()
        );
        out += &crate::shifts::gaps_summary(&p.gaps);
    }
    out
}

/// Per pool: shifts, paid hours, FTE, cost, bound and gap.
fn plan_pools(p: &Planned) -> String {
    let sc = &p.staffed.scenario;
    let weeks = crate::figures::horizon_weeks(sc);
    // Under a shortfall the bound is of cost + penalty: show that figure
    // beside it, so both read on one basis.
    let short = penalised(&p.figures);
    let mut columns = vec!["pool", "shifts", "paid hours", "FTE (40h)", "cost"];
    if short {
        columns.push("cost + penalty");
    }
    columns.extend(["LP bound", "gap"]);
    let mut t = Table::new(&columns);
    for (pp, f) in p.plan.pools.iter().zip(&p.figures.pools) {
        let paid = pp.paid_hours();
        let mut row = vec![
            sc.pools[pp.model.pool].id.clone(),
            pp.shifts_worked().to_string(),
            format!("{paid:.1}"),
            format!("{:.1}", paid / (FTE_HOURS_PER_WEEK * weeks)),
            format!("{:.2}", f.cost),
        ];
        if short {
            row.push(format!("{:.2}", f.objective));
        }
        row.extend([
            format!("{:.2}", pp.lp_bound),
            format!("{:.2}%", f.gap * 100.0),
        ]);
        t.row(row);
    }
    let mut note = if short {
        "LP bound and gap are of cost + shortfall penalty (soft coverage): the cost alone has no bound of its own\n".to_string()
    } else {
        String::new()
    };
    for n in &p.figures.notes {
        note += &format!("{n}\n");
    }
    t.render() + &note
}

/// Whether a shortfall penalty is in the objective (soft coverage left
/// some interval short): the LP bound and gap are then of cost + penalty.
pub fn penalised(f: &PlanFigures) -> bool {
    f.objective > f.cost + 0.005
}

/// Per queue: target, achieved SL, intervals staffed, what sets the
/// requirement, its part of the cost, met or not.
fn plan_queues(p: &Planned) -> String {
    let mut t = Table::new(&[
        "queue",
        "target",
        "achieved SL",
        "intervals staffed",
        "requirement set by",
        "cost",
        "status",
    ]);
    for (q, queue) in p.staffed.scenario.queues.iter().enumerate() {
        let service = &p.service[q];
        t.row(vec![
            queue.id.clone(),
            target_text(queue),
            super::skills::achieved(service),
            format!("{:.1}%", service.met_share * 100.0),
            set_by_text(&p.staffed.requirements.queues[q]),
            format!("{:.2}", p.figures.queues[q].cost),
            if p.figures.queues[q].no_share {
                "no share (0 %)".into()
            } else {
                status(p.figures.queues[q].met).to_string()
            },
        ]);
    }
    for row in super::sites::split_rows(p, status) {
        t.row(row);
    }
    t.render() + &super::skills::simulated_note(p)
}

/// The total cost line, and a note when the safety stop cut the search short.
fn plan_cost(p: &Planned) -> String {
    let (sc, plan) = (&p.staffed.scenario, &p.plan);
    let mut out = format!(
        "\ntotal cost {:.2} {}{}LP lower bound{} {:.2}, gap {:.2}%, solver {})\n",
        p.figures.cost,
        if sc.costs.priced {
            sc.currency.as_str()
        } else {
            "paid hours (no hourly rate given)"
        },
        if penalised(&p.figures) {
            format!(
                "; cost + shortfall penalty {:.2} (its ",
                p.figures.objective
            )
        } else {
            " (".into()
        },
        super::sites::bound_of(&p.figures),
        plan.lp_bound(),
        p.figures.gap * 100.0,
        plan.solver
    );
    if plan.pools.iter().any(|p| p.timed_out) {
        out += "the time limit stopped the search early: the plan is valid but may improve with a longer --time-limit\n";
    }
    out
}

/// Two lines on the roster: agents, how it was built, the spread of nights,
/// weekend days, late shifts and hours, and shifts left open.
pub fn roster(r: &crate::roster::Roster) -> String {
    let s = r.spread();
    let working = r.agents.iter().filter(|a| a.days > 0).count();
    let mut out = format!(
        "roster: {} agents ({working} working), {}; per agent nights {}-{}, weekend days {}-{}, lates {}-{}, hours {:.1}-{:.1}\n",
        r.agents.len(),
        r.method,
        s.nights.min,
        s.nights.max,
        s.weekend_days.min,
        s.weekend_days.max,
        s.lates.min,
        s.lates.max,
        s.hours.min,
        s.hours.max
    );
    let open: u32 = r.open.iter().map(|o| o.agents).sum();
    if open > 0 {
        out +=
            &format!("{open} shift(s) left open (soft coverage): see roster.csv rows named OPEN\n");
    }
    out
}
/// `met` or `below target`: the queue's achieved SL (or, for deadline work,
/// every interval staffed) against its target.
fn status(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "below target"
    }
}

/// One line of headline figures, the same as summary.json's `plan`.
fn headline(sc: &Scenario, f: &PlanFigures) -> String {
    let cost = if sc.costs.priced {
        format!("  cost {:.2} {}", f.cost, sc.currency)
    } else {
        String::new()
    };
    let gap = if penalised(f) {
        format!("  cost + shortfall penalty {:.2}  gap", f.objective)
    } else {
        "  gap".into()
    };
    format!(
        "FTE {:.1}  headcount {}  paid hours {:.1}{cost}{gap} {:.2}%  targets met {}/{}\n\n",
        f.fte,
        f.headcount,
        f.paid_hours,
        f.gap * 100.0,
        f.targets_met(),
        f.targets()
    )
}

/// `staff`'s queue table: volume, peaks, hours, occupancy and what sets
/// each queue's requirement.
fn staff_queues(s: &Staffed) -> String {
    let h = s.grid.hours();
    let mut t = Table::new(&[
        "queue",
        "volume",
        "to agents",
        "peak erl",
        "peak net",
        "peak gross",
        "peak (site)",
        "peak (client)",
        "gross hours",
        "occupancy",
        "set by",
    ]);
    for (q, queue) in s.scenario.queues.iter().enumerate() {
        let d = &s.demand.queues[q];
        let cells = &s.requirements.queues[q];
        let peak = s.queue_peak(q);
        t.row(vec![
            queue.id.clone(),
            format!("{}", round(d.volume.iter().sum::<f64>(), 0)),
            format!("{}", round(d.agent_volume.iter().sum::<f64>(), 0)),
            peak.map_or(String::new(), |i| format!("{:.1}", cells[i].erlangs)),
            peak.map_or(String::new(), |i| cells[i].net.to_string()),
            peak.map_or(String::new(), |i| cells[i].gross.to_string()),
            peak.map_or(String::new(), |i| {
                s.grid.site_local(i).format("%a %H:%M").to_string()
            }),
            peak.map_or(String::new(), |i| {
                s.grid
                    .local(i, queue.timezone)
                    .format("%a %H:%M")
                    .to_string()
            }),
            format!(
                "{:.1}",
                cells.iter().map(|c| f64::from(c.gross)).sum::<f64>() * h
            ),
            staffing::mean_occupancy(cells).map_or(String::new(), |o| format!("{:.1}%", o * 100.0)),
            set_by_text(cells),
        ]);
    }
    t.render()
}

/// The limits that set a queue's requirement most often, like
/// `occupancy 79%, sl 24%` (the two largest shares of 5 % or more).
pub(in crate::report) fn set_by_text(cells: &[staffing::Cell]) -> String {
    staffing::set_by_shares(cells)
        .into_iter()
        .filter(|&(_, share)| share >= 0.05)
        .take(2)
        .map(|(l, share)| format!("{} {:.0}%", l.name(), share * 100.0))
        .collect::<Vec<_>>()
        .join(", ")
}
