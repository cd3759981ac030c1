//! Which staff limit makes a plan impossible, and by how many people.
//!
//! A plan that leaves intervals short because everyone who could work
//! them is planned ([`super::Blocker::Staff`]) may only have been missed by
//! the search. For each of the pool's groups ([`Group`]: at most `cap`
//! agents on some tours, the people able to work them), the least agents
//! any plan covering every interval puts on the group's tours is at least
//! the optimum of the LP relaxation (the pool's covering LP, [`lp::solve`])
//! with the group's own cap lifted and the objective Σⱼ∈G xⱼ: every such
//! plan is feasible for it. Agents are whole, so when ⌈that optimum⌉ is
//! above the cap, no plan exists with this staff list, and the group's
//! people are short by the difference. Shortfall is priced in that LP
//! (a lower bound still); the group is named only when a second LP,
//! the shortfall alone, shows the other limits let every interval be
//! covered once the group's cap is lifted.

use chrono::{Duration, NaiveDate};
use rayon::prelude::*;

use super::lp;
use super::{Blocker, Caps, Gap, PoolModel, ShiftPlan, Who};
use crate::staffing::Staffed;

/// Weight of one agent-interval short against one agent on the group in
/// the first LP: an agent works far fewer intervals than this.
const SHORT_WEIGHT: f64 = 1000.0;

/// Groups tried per pool (in the model's order): each costs two LPs.
const MOST_GROUPS: usize = 16;

/// Shortfall (agent-intervals) below which the second LP covers everything.
const COVERED: f64 = 1e-4;

/// A staff limit no plan covering every interval keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffShort {
    /// Pool id.
    pub pool: String,
    /// Who the limit counts.
    pub who: Who,
    /// The site-local date the group's period starts on.
    pub from: NaiveDate,
    /// Whether the period is a week (weekly tours) or one day.
    pub week: bool,
    /// Least agents on the group's tours in any covering plan.
    pub need: u32,
    /// People able to work them.
    pub have: u32,
}

impl std::fmt::Display for StaffShort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let when = if self.week {
            format!("in the week from {}", self.from.format("%a %Y-%m-%d"))
        } else {
            format!("on {}", self.from.format("%a %Y-%m-%d"))
        };
        let source = match self.who {
            Who::Count => "its share of agents.count is",
            _ => "the staff list has",
        };
        write!(
            f,
            "{} {when}: covering every interval needs at least {} {}, {source} {} ({} short; the least the LP relaxation allows, so no plan exists with this staff)",
            self.pool,
            self.need,
            self.who,
            self.have,
            self.need - self.have
        )
    }
}

/// The staff limits no plan keeps, for the pools with an interval short
/// for want of staff (`gaps`), in pool and group order; and the pools
/// with such an interval but no limit proven short (the search may have
/// missed a plan there).
pub fn staff_short(
    staffed: &Staffed,
    plan: &ShiftPlan,
    gaps: &[Gap],
) -> (Vec<StaffShort>, Vec<String>) {
    let sc = &staffed.scenario;
    let mut out = Vec::new();
    let mut unproven = Vec::new();
    for pp in &plan.pools {
        let m = &pp.model;
        let id = &sc.pools[m.pool].id;
        if !gaps
            .iter()
            .any(|g| &g.pool == id && g.blocker == Blocker::Staff)
        {
            continue;
        }
        let caps = Caps::of_pool(sc, m.pool);
        let needs: Vec<Option<u32>> = (0..m.groups.len().min(MOST_GROUPS))
            .into_par_iter()
            .map(|g| least_on_group(m, g, caps, &sc.shifts.templates))
            .collect();
        if needs.iter().all(Option::is_none) {
            unproven.push(id.clone());
        }
        for (group, need) in m.groups.iter().zip(needs) {
            let Some(need) = need else { continue };
            let day = m.shifts[m.tours[group.tours[0]].shifts[0]].day;
            let week = sc.shifts.weekly();
            let first = if week { day / 7 * 7 } else { day };
            out.push(StaffShort {
                pool: id.clone(),
                who: group.who.clone(),
                from: sc.site.start + Duration::days(first as i64),
                week,
                need,
                have: group.cap,
            });
        }
    }
    (out, unproven)
}

/// The least agents on group `g`'s tours in any plan of `m` covering every
/// interval, rounded up, when it is above the group's cap and the other
/// limits let every interval be covered; else `None`. The same people's
/// caps in the horizon's other weeks (a group of the same kind each week)
/// are lifted too: left in, a week they leave short would hide that `g`'s
/// own week is short, and lifting limits only loosens the bound.
fn least_on_group(
    m: &PoolModel,
    g: usize,
    caps: Caps,
    templates: &[crate::scenario::Template],
) -> Option<u32> {
    let mut lifted = m.clone();
    let group = lifted.groups.remove(g);
    lifted.groups.retain(|other| other.who != group.who);
    for (j, tour) in lifted.tours.iter_mut().enumerate() {
        tour.cost = if group.tours.binary_search(&j).is_ok() {
            1.0
        } else {
            0.0
        };
    }
    lifted.soft = false;
    lifted.penalty = SHORT_WEIGHT;
    let least = lp::solve(&lifted, caps, templates).ok()?.bound;
    let need = (least - 1e-6).ceil().max(0.0) as u32;
    if need <= group.cap {
        return None;
    }
    for tour in &mut lifted.tours {
        tour.cost = 0.0;
    }
    lifted.penalty = 1.0;
    let short = lp::solve(&lifted, caps, templates).ok()?.bound;
    (short <= COVERED).then_some(need)
}
