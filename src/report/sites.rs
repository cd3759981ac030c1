//! The per-site table of `plan` (scenarios with `sites:`).

use crate::pipeline::Planned;
use crate::report::table::Table;

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

/// The per-site table of the terminal; empty without `sites:`.
pub fn terminal(p: &Planned) -> String {
    let rows = site_rows(p);
    if rows.is_empty() {
        return String::new();
    }
    let mut t = Table::new(&SITE_COLUMNS);
    for row in rows {
        t.row(row);
    }
    format!("\n{}", t.render())
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
