//! Surplus hours by cause (`plan --explain-surplus`): per pool, the plan's
//! surplus agent-hours split into shift shape and breaks, days-off
//! pattern, the same agents every week, start/end caps and limits, minimum
//! agents, and whole agents and search — as a terminal table here and a
//! table in report.html's pools section (`html::tables`). Nothing when the
//! split was not asked for, so the outputs stay as they were.

use crate::figures::SurplusCauses;
use crate::pipeline::Planned;
use crate::report::table::Table;

/// The header: pool, the six causes, the total.
pub(crate) fn columns() -> Vec<&'static str> {
    let mut c = vec!["pool"];
    c.extend(SurplusCauses::parts(&ZERO).map(|(name, _)| name));
    c.push("surplus hours");
    c
}

const ZERO: SurplusCauses = SurplusCauses {
    shift_shape: 0.0,
    days_off: 0.0,
    same_agents: 0.0,
    caps_and_limits: 0.0,
    minimum_agents: 0.0,
    whole_agents_and_search: 0.0,
};

/// One row per pool whose surplus was split: its id, then the hours of
/// each cause and the total.
pub(crate) fn rows(p: &Planned) -> Vec<(String, Vec<f64>)> {
    p.figures
        .pools
        .iter()
        .filter_map(|f| {
            let causes = f.surplus_by_cause?;
            let mut hours: Vec<f64> = causes.parts().iter().map(|(_, h)| *h).collect();
            hours.push(f.surplus_hours);
            Some((f.id.clone(), hours))
        })
        .collect()
}

/// The terminal table, or nothing when the split was not asked for.
pub fn terminal(p: &Planned) -> String {
    let rows = rows(p);
    if rows.is_empty() {
        return String::new();
    }
    let mut t = Table::new(&columns());
    for (id, hours) in rows {
        let mut row = vec![id];
        row.extend(hours.iter().map(|h| format!("{h:.1}")));
        t.row(row);
    }
    format!(
        "\nsurplus agent-hours on the floor by cause (LP relaxations adding one family of rules at a time; see docs/maths.md)\n{}",
        t.render()
    )
}
