//! The per-site table of `plan` (scenarios with `sites:`).

use crate::figures::SplitFigures;
use crate::pipeline::Planned;
use crate::report::table::Table;
use crate::units::round;

/// The per-site table's columns.
pub const SITE_COLUMNS: [&str; 9] = [
    "site",
    "pools",
    "hourly",
    "paid hours",
    "FTE (40h)",
    "headcount",
    "cost",
    "peak starts (cap)",
    "peak ends (cap)",
];

/// Per site (`SITE_COLUMNS`): its pools, rate, paid hours, FTE, headcount,
/// cost and its busiest pick-up and drop-off against its caps; none
/// without `sites:`. The terminal and report.html show the same rows.
pub fn site_rows(p: &Planned) -> Vec<Vec<String>> {
    let capped = |n: u32, cap: Option<u32>| match cap {
        Some(c) => format!("{n} ({c})"),
        None => n.to_string(),
    };
    (p.figures.sites.iter())
        .map(|s| {
            vec![
                s.id.clone(),
                s.pools.join(", "),
                format!("{:.2}", s.hourly),
                format!("{:.1}", s.paid_hours),
                format!("{:.1}", s.fte),
                s.headcount.to_string(),
                format!("{:.2}", s.cost),
                capped(s.peak_starts, s.max_starts_per_slot),
                capped(s.peak_ends, s.max_ends_per_slot),
            ]
        })
        .collect()
}

/// The per-site table of the terminal (empty without `sites:`), and the
/// public holidays' line.
pub fn terminal(p: &Planned) -> String {
    let rows = site_rows(p);
    let holidays = holiday_text(&p.staffed.scenario).map_or(String::new(), |h| format!("{h}\n"));
    if rows.is_empty() {
        return if holidays.is_empty() {
            holidays
        } else {
            format!("\n{holidays}")
        };
    }
    let mut t = Table::new(&SITE_COLUMNS);
    for row in rows {
        t.row(row);
    }
    let mut out = format!("\n{}", t.render());
    for f in &p.figures.splits {
        out += &choice_text(f).map_or(String::new(), |c| format!("{c}\n"));
    }
    out + &holidays
}

/// One line naming each site's public holidays, and what a closed day
/// means; none when no site has one.
pub fn holiday_text(sc: &crate::scenario::Scenario) -> Option<String> {
    let sites = std::iter::once(("the site", &sc.site.holidays))
        .chain(sc.sites.iter().map(|s| (s.id.as_str(), &s.holidays)));
    let days: Vec<String> = sites
        .flat_map(|(site, hs)| {
            hs.iter()
                .map(move |h| format!("{site} {} ({})", h.date, h.name))
        })
        .collect();
    (!days.is_empty()).then(|| {
        format!(
            "public holidays: {}; the site is closed that day: a shift starting on it is paid and covers nothing (after midnight too), one running into it from the day before is worked whole, and a split queue's share that day goes to its open sites",
            days.join(", ")
        )
    })
}

/// One line on how the plan chose a split (`share: auto`): the shares
/// kept, how many were screened and the plans made in full with their
/// costs; none for a split by written shares.
pub fn choice_text(f: &SplitFigures) -> Option<String> {
    let step = f.split_step?;
    let pct = |x: f64| format!("{}", round(x * 100.0, 2));
    let vector = |s: &[f64]| s.iter().map(|&x| pct(x)).collect::<Vec<_>>().join("/");
    let parts: Vec<String> = (f.parts.iter().zip(&f.shares))
        .map(|(id, &s)| format!("{id} {} %", pct(s)))
        .collect();
    let planned: Vec<String> = (f.candidates.iter())
        .filter(|c| c.planned)
        .map(|c| {
            let cost = c
                .plan_cost
                .map_or("short or failed".into(), |x| format!("{x:.2}"));
            let mark = match (c.chosen, c.start) {
                (true, _) => " (kept)",
                (false, true) => " (start)",
                _ => "",
            };
            format!("{} {cost}{mark}", vector(&c.shares))
        })
        .collect();
    Some(format!(
        "split of {} chosen by the plan (one fixed share per site for the horizon, on a {} % grid): {}; {} splits screened by their pools' LP bounds{}, {} planned in full: {}",
        f.id,
        pct(step),
        parts.join(", "),
        f.candidates.len(),
        least_bound(f),
        planned.len(),
        planned.join(", ")
    ))
}

/// The screen's least LP bound over the splits that leave no holiday
/// unserved (a lower bound for every such split on the grid, the other
/// splits' choices as kept), and how many leave one unserved.
fn least_bound(f: &SplitFigures) -> String {
    let served: Vec<f64> = (f.candidates.iter())
        .filter(|c| !c.holiday_unserved)
        .map(|c| c.screen_lp)
        .collect();
    let unserved = f.candidates.len() - served.len();
    match served.iter().copied().min_by(f64::total_cmp) {
        None => String::new(),
        Some(x) if unserved == 0 => {
            format!(" (the least, {x:.2}, is a lower bound for every split on the grid)")
        }
        Some(x) => format!(
            " ({unserved} leave a public holiday with no open site and rank last; the least of the others, {x:.2}, is a lower bound for every one of them)"
        ),
    }
}

/// " of this split" when the plan chose a split (`share: auto`): the LP
/// bound of the plan kept bounds that split only, not the others screened.
pub fn bound_of(f: &crate::figures::PlanFigures) -> &'static str {
    if f.splits.iter().any(|s| s.split_step.is_some()) {
        " of this split"
    } else {
        ""
    }
}

/// Rows of the queue table for each queue split over sites, its parts
/// together (the client's view): `QUEUE (all sites)`, target, SL, cost and
/// `status` of whether it is met.
pub fn split_rows(p: &Planned, status: fn(bool) -> &'static str) -> Vec<Vec<String>> {
    let sl = |x: f64| format!("{:.1}%", x * 100.0);
    (p.figures.splits.iter())
        .map(|f| {
            vec![
                format!("{} (all sites)", f.id),
                f.sl_target.clone().unwrap_or_else(|| "-".into()),
                f.sl_achieved.map_or("-".into(), sl),
                "-".into(),
                "-".into(),
                format!("{:.2}", f.cost),
                status(f.met).into(),
            ]
        })
        .collect()
}

/// What `check` prints of the sites: per site its pools, hourly rate and
/// transport caps, then each split queue's parts and shares (`auto` with
/// its bounds when the plan chooses); nothing without `sites:`.
pub fn held(sc: &crate::scenario::Scenario) -> String {
    if sc.sites.is_empty() {
        return String::new();
    }
    let pct = |x: f64| format!("{}%", round(x * 100.0, 2));
    let mut t = Table::new(&["site", "name", "pools", "hourly", "start cap", "end cap"]);
    for (i, site) in sc.sites.iter().enumerate() {
        let pools: Vec<&str> = (sc.pools.iter())
            .filter(|p| p.site == Some(i))
            .map(|p| p.id.as_str())
            .collect();
        let caps = crate::shifts::Caps::of_site(sc, Some(i));
        let cap = |c: Option<u32>| c.map_or("-".into(), |c| c.to_string());
        t.row(vec![
            site.id.clone(),
            site.name.clone(),
            pools.join(", "),
            format!("{:.2}", site.hourly),
            cap(caps.starts),
            cap(caps.ends),
        ]);
    }
    let mut out = String::from("\n") + &t.render();
    let mut seen: Vec<&str> = Vec::new();
    for q in &sc.queues {
        let Some(part) = &q.part else { continue };
        if seen.contains(&part.of.as_str()) {
            continue;
        }
        seen.push(&part.of);
        let parts: Vec<String> = (sc.queues.iter())
            .filter(|k| k.part.as_ref().is_some_and(|p| p.of == part.of))
            .map(|k| {
                let p = k.part.as_ref().map_or(0.0, |p| p.share);
                let share = match k.part.as_ref().and_then(|p| p.auto) {
                    Some(a) => format!("auto {}-{}", pct(a.min), pct(a.max)),
                    None => pct(p),
                };
                format!("{} {share}", sc.pools[k.pool].id)
            })
            .collect();
        out += &format!("split {}: {}\n", part.of, parts.join(", "));
    }
    out
}

/// A split the plan would choose (`share: auto`) as a command that makes
/// no plan (`staff`, `capacity`) uses it: at its `start` shares, or equal
/// shares without them (summary.json `auto_splits[]`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnchosenSplit {
    /// The queue as written.
    pub id: String,
    /// Its parts, `QUEUE@SITE`, in scenario order.
    pub parts: Vec<String>,
    /// Each part's share used, in the same order.
    pub shares: Vec<f64>,
    /// `start` (the parts' `start` shares) or `equal` (1 ÷ parts).
    pub at: &'static str,
}

/// Every `share: auto` split of `sc` at the shares used without a plan.
pub fn unchosen_splits(sc: &crate::scenario::Scenario) -> Vec<UnchosenSplit> {
    crate::scenario::auto_queues(sc)
        .into_iter()
        .map(|of| {
            let parts: Vec<_> = (sc.queues.iter())
                .filter_map(|q| Some((q, q.part.as_ref().filter(|p| p.of == of)?)))
                .collect();
            let start = parts
                .iter()
                .all(|(_, p)| p.auto.is_some_and(|a| a.start.is_some()));
            UnchosenSplit {
                id: of,
                parts: parts.iter().map(|(q, _)| q.id.clone()).collect(),
                shares: parts.iter().map(|(_, p)| round(p.share, 6)).collect(),
                at: if start { "start" } else { "equal" },
            }
        })
        .collect()
}

/// One line per `share: auto` split saying that `what` (the command's
/// figures) is at the start (or equal) shares, and that `plan` chooses the
/// split; empty without such splits.
pub fn unchosen_text(sc: &crate::scenario::Scenario, what: &str) -> String {
    let pct = |x: f64| format!("{}", round(x * 100.0, 2));
    (unchosen_splits(sc).iter())
        .map(|u| {
            let parts: Vec<String> = (u.parts.iter().zip(&u.shares))
                .map(|(id, &s)| format!("{id} {} %", pct(s)))
                .collect();
            let shares: Vec<String> = u.shares.iter().map(|&s| pct(s)).collect();
            format!(
                "{}: auto split, {what} at the {} shares {} ({}); `plan` chooses the split\n",
                u.id,
                u.at,
                shares.join("/"),
                parts.join(", ")
            )
        })
        .collect()
}
