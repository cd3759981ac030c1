//! Builders the shift plan's unit tests share (`lp`, `search`,
//! `search::weeks`): a template with no limits and a pool model with no
//! extras, which a test changes with struct update syntax
//! (`PoolModel { penalty: 1000.0, ..pool_model(...) }`).

use crate::scenario::Template;
use crate::shifts::{PoolModel, Shift, Tour};
use crate::units::DaySet;

/// A template `name` of `length_s` seconds, all of them paid, starting at
/// `start_min` minutes after midnight every day, in pool 0, with no breaks
/// and no limits (the LP and the search read only its contract and limits).
pub(crate) fn template(name: &str, length_s: u32, start_min: u32) -> Template {
    Template {
        name: name.into(),
        paid_s: length_s,
        length_s,
        starts: vec![start_min],
        days: DaySet::ALL,
        breaks: Vec::new(),
        pools: vec![0],
        min_agents: None,
        max_agents: None,
        week: None,
        min_share: None,
        max_share: None,
        short_of: None,
    }
}

/// Pool 0's model of `shifts` and `tours` against `required`: hard
/// coverage, a shortfall penalty of 100, no groups, no refused tours, no
/// weekly hand-over and no service-level window.
pub(crate) fn pool_model(required: Vec<f64>, shifts: Vec<Shift>, tours: Vec<Tour>) -> PoolModel {
    PoolModel {
        pool: 0,
        required,
        shifts,
        tours,
        penalty: 100.0,
        soft: false,
        groups: Vec::new(),
        refused: Vec::new(),
        weekly: None,
        window: None,
    }
}

/// One tour of template 0 per shift `0..n`, each costing `cost`.
pub(crate) fn one_shift_tours(n: usize, cost: f64) -> Vec<Tour> {
    (0..n)
        .map(|s| Tour {
            template: 0,
            shifts: vec![s],
            cost,
            days_off: Vec::new(),
        })
        .collect()
}

/// A shift of template 0 on day 0 over `len` half-hour intervals from
/// interval `first`, with no breaks, costing `cost` for `paid_h` hours.
pub(crate) fn plain_shift(first: usize, len: usize, cost: f64, paid_h: f64) -> Shift {
    Shift {
        template: 0,
        day: 0,
        start_min: 0,
        first,
        intervals: (first..first + len).collect(),
        off: Vec::new(),
        cost,
        paid_h,
        breaks: Vec::new(),
        night: false,
        late: false,
        weekend: false,
        span_s: (first as i64 * 1800, (first + len) as i64 * 1800),
        end_slot: first + len,
    }
}
