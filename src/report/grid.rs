//! The roster as an agent × day grid: one row per agent, one column per
//! site day, each cell the duties that start that day. plan.xlsx's Roster
//! sheet and report.html's printed roster are drawn from it.

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::pipeline::Planned;
use crate::report::csv::{duty_rows, DutyRow};
use crate::roster::RosterAgent;

/// The roster by agent and site day.
pub struct RosterGrid<'a> {
    /// The horizon's site dates, in order: the columns.
    pub dates: Vec<NaiveDate>,
    /// One row per agent, in roster order (by pool, then agent).
    pub rows: Vec<GridRow<'a>>,
}

/// One agent's row of the grid.
pub struct GridRow<'a> {
    /// The agent.
    pub agent: &'a RosterAgent,
    /// Pool id.
    pub pool: &'a str,
    /// Per date of [`RosterGrid::dates`], the duties starting that day
    /// (none: a day off).
    pub days: Vec<Vec<DutyRow<'a>>>,
    /// Per date, whether the agent's site is closed then for a public
    /// holiday (a shift starting that day is paid, not worked).
    pub holiday: Vec<bool>,
}

/// The grid of a plan's roster, from the rows `roster.csv` prints (shifts
/// left open are not in it: they have no agent).
pub fn roster_grid(p: &Planned) -> RosterGrid<'_> {
    let sc = &p.staffed.scenario;
    let dates: Vec<NaiveDate> = (0..sc.site.days)
        .map(|d| sc.site.start + chrono::Duration::days(i64::from(d)))
        .collect();
    let mut rows: Vec<GridRow> = p
        .roster
        .agents
        .iter()
        .map(|agent| GridRow {
            agent,
            pool: sc.pools[agent.pool].id.as_str(),
            days: vec![Vec::new(); dates.len()],
            holiday: (dates.iter())
                .map(|d| sc.closed_on(agent.pool, *d).is_some())
                .collect(),
        })
        .collect();
    for d in duty_rows(&p.staffed, &p.plan, &p.roster) {
        let day = (d.date - sc.site.start).num_days();
        if let (Some(a), Ok(day)) = (d.agent, usize::try_from(day)) {
            if let Some(cell) = rows.get_mut(a).and_then(|r| r.days.get_mut(day)) {
                cell.push(d);
            }
        }
    }
    RosterGrid { dates, rows }
}

/// `16:00–01:00 (+1)`: a duty's start and end on the site clock, the end's
/// day after the start's marked.
pub fn clock_span(tz: Tz, d: &DutyRow) -> String {
    let (a, b) = (d.begin.with_timezone(&tz), d.end.with_timezone(&tz));
    let later = (b.date_naive() - a.date_naive()).num_days();
    format!(
        "{}–{}{}",
        a.format("%H:%M"),
        b.format("%H:%M"),
        if later > 0 {
            format!(" (+{later})")
        } else {
            String::new()
        }
    )
}
