//! The shift plan: the cheapest set of shifts (or weekly tours) whose agents
//! on the floor, after their breaks, cover every interval's gross requirement.
//!
//! Model (set covering in the style of Dantzig 1954, with implicit break
//! placement after Aykin 1996): one variable per *tour* — a daily shift
//! (template × start), or with `shifts.week` the same start on `work_days`
//! days of each week with the days off as the scenario says; one variable per
//! shift, break and break start (15-minute steps inside the window) saying how
//! many of that shift's agents take that break then. Coverage per interval:
//! agents working − agents on a break (a 15-minute break on a 30-minute grid
//! takes half an agent) + shortfall ≥ gross requirement. Cost: the hourly
//! rate × paid hours, spread over the shift with the night and weekend
//! multipliers of each interval. Shortfall is forbidden (hard coverage, by a
//! penalty far above any shift's cost) or priced (`coverage: soft`).
//!
//! Solving ([`solve`]): the LP relaxation, branched once on each week's head
//! count, gives a lower bound (per pool, in parallel — pools share no
//! agents); rounding, greedy repair, pruning, a ruin-and-recreate local
//! search and a search for a cover with one agent fewer give the integer
//! plan (`search`). The gap printed is against that bound, a true lower
//! bound whatever found the plan.

mod build;
mod gaps;
mod lp;
mod search;
mod short_runs;
mod short_staff;
mod staff;
pub mod surplus;
mod tours;
mod trips;
mod window;

pub use gaps::{gaps, unworkable, Blocker, Gap, Infeasible};
pub use lp::{using as lp_backend, SOLVER as SOLVER_NAME};
pub use short_runs::summary as gaps_summary;
pub use short_staff::StaffShort;
pub use staff::{apportion, is_late, is_night, Group, Handover, Who, NIGHT_MIN_S};
pub use tours::Unworkable;
pub use trips::{sites_of, Caps, Trip, Trips};
pub use window::{window_bound, window_model};

use build::{pool_shifts, pool_templates, ShiftKey};
use rayon::prelude::*;

use std::collections::BTreeMap;

use crate::scenario::Coverage;
use crate::staffing::Staffed;

/// Break starts are tried every this many seconds inside a break window.
pub const BREAK_STEP_S: u32 = 900;

/// Where one break may start, and which intervals it then takes (fractions).
#[derive(Debug, Clone, PartialEq)]
pub struct BreakSlot {
    /// Seconds after the shift start.
    pub offset_s: u32,
    /// (interval, share of it) taken off the floor.
    pub cover: Vec<(usize, f64)>,
}

/// One daily shift: a template started at one site-local date and time.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// Template index.
    pub template: usize,
    /// Day of the horizon (0-based, site-local date).
    pub day: usize,
    /// Site-local start, minutes after midnight.
    pub start_min: u32,
    /// Grid index of the first interval.
    pub first: usize,
    /// Intervals it covers: those it spans (within the horizon, wrapped
    /// when cyclic); none when it starts on a public holiday of its pool's
    /// site (a shift belongs to the site-local date it starts on, so one
    /// running into the holiday covers its hours on it).
    pub intervals: Vec<usize>,
    /// The intervals it spans when it starts on a public holiday of its
    /// pool's site (paid, not worked, after midnight too), else empty.
    pub off: Vec<usize>,
    /// Cost of one agent on it.
    pub cost: f64,
    /// Paid hours of one agent.
    pub paid_h: f64,
    /// For each template break, its possible slots.
    pub breaks: Vec<Vec<BreakSlot>>,
    /// Whether it is a night shift (the rules' night window).
    pub night: bool,
    /// Whether it is a late shift: not a night, and running past the
    /// opening of the night window ([`is_late`]).
    pub late: bool,
    /// Whether it starts on a weekend day (`costs.weekend_days`, site-local
    /// date, as the roster counts them).
    pub weekend: bool,
    /// Start and end, seconds after the horizon's start.
    pub span_s: (i64, i64),
    /// Grid index of the interval its end falls in (wrapped when cyclic):
    /// its drop-off slot.
    pub end_slot: usize,
}

impl Shift {
    /// The grid slot of the shift's `trip`: the interval it starts in, or
    /// the one it ends in.
    pub fn slot(&self, trip: Trip) -> usize {
        match trip {
            Trip::PickUp => self.first,
            Trip::DropOff => self.end_slot,
        }
    }
}

/// What one agent works: one shift, or a week's pattern of shifts.
#[derive(Debug, Clone, PartialEq)]
pub struct Tour {
    /// The template whose tour it is (a short day's shifts are of another).
    pub template: usize,
    /// Indices into [`PoolModel::shifts`], in time order.
    pub shifts: Vec<usize>,
    /// Cost of one agent on it.
    pub cost: f64,
    /// Days off in each week (weekly tours), as weekday indices of the site calendar.
    pub days_off: Vec<usize>,
}

/// The covering problem of one pool.
#[derive(Debug, Clone)]
pub struct PoolModel {
    /// Pool index.
    pub pool: usize,
    /// Gross requirement per interval.
    pub required: Vec<f64>,
    /// Candidate shifts.
    pub shifts: Vec<Shift>,
    /// Candidate tours.
    pub tours: Vec<Tour>,
    /// Weekly tours no agent may work (their days or nights in a row break
    /// the rules on their own): not offered to the plan, kept to say why
    /// an interval only they could cover stays short.
    pub refused: Vec<Tour>,
    /// Penalty per agent-interval short.
    pub penalty: f64,
    /// Whether shortfall is allowed at that penalty.
    pub soft: bool,
    /// Caps on sets of tours from the staff: no more agents on them than
    /// people who can work them.
    pub groups: Vec<Group>,
    /// With weekly tours (`shifts.week` or a template's own week), the
    /// rules between one week's tour and the next: the pool employs the
    /// same agents all horizon, so every week has the head count of the
    /// busiest, and each agent's next tour must follow from their last.
    pub weekly: Option<Handover>,
    /// For the LP bound of a pool planned to a service-level window: the
    /// window problem in unit steps, with `required` then at each
    /// interval's own limits ([`window_model`]). `None` for the model the
    /// search covers.
    pub window: Option<crate::staffing::WindowSteps>,
}

impl PoolModel {
    /// The template tour `j` works.
    pub fn tour_template(&self, j: usize) -> usize {
        self.tours[j].template
    }

    /// The week (0-based) tour `j` starts in.
    pub fn tour_week(&self, j: usize) -> usize {
        self.shifts[self.tours[j].shifts[0]].day / 7
    }

    /// Whether it is a plan of weekly tours over two weeks or more.
    pub fn several_weeks(&self) -> bool {
        self.weekly.is_some() && (0..self.tours.len()).any(|j| self.tour_week(j) > 0)
    }
}

/// A planned shift with its agents and where their breaks fall.
#[derive(Debug, Clone, PartialEq)]
pub struct Assigned {
    /// Index into the pool's shifts.
    pub shift: usize,
    /// Agents on it.
    pub agents: u32,
    /// Per template break, agents per slot (same order as `Shift::breaks`).
    pub breaks: Vec<Vec<u32>>,
}

/// The plan of one pool.
#[derive(Debug, Clone)]
pub struct PoolPlan {
    /// The model it solves.
    pub model: PoolModel,
    /// Agents per tour.
    pub tours: Vec<u32>,
    /// Shifts worked, with breaks.
    pub assigned: Vec<Assigned>,
    /// Agents working per interval (breaks not deducted).
    pub scheduled: Vec<f64>,
    /// Agents on the floor per interval (breaks deducted).
    pub on_floor: Vec<f64>,
    /// Cost of the plan (without shortfall penalty).
    pub cost: f64,
    /// Shortfall penalty of the plan.
    pub shortfall_cost: f64,
    /// LP lower bound of cost + penalty.
    pub lp_bound: f64,
    /// Whether the time limit cut the local search short (the plan is then
    /// valid but may differ from run to run and machine to machine).
    pub timed_out: bool,
    /// With weekly tours over several weeks, each agent's tour (index into
    /// the model's tours) in every week, `None` before they start or after
    /// they leave: a roster that keeps the rules between weeks, which the
    /// roster follows where it can. Empty otherwise.
    pub lines: Vec<Vec<Option<usize>>>,
}

/// The solved plan of every pool.
#[derive(Debug, Clone)]
pub struct ShiftPlan {
    /// Per pool, in scenario order.
    pub pools: Vec<PoolPlan>,
    /// Solver used for the LP.
    pub solver: &'static str,
}

impl ShiftPlan {
    /// Total cost, shortfall penalty excluded.
    pub fn cost(&self) -> f64 {
        self.pools.iter().map(|p| p.cost).sum()
    }

    /// Objective: cost + shortfall penalty.
    pub fn objective(&self) -> f64 {
        self.pools.iter().map(|p| p.cost + p.shortfall_cost).sum()
    }

    /// Sum of the pools' LP bounds.
    pub fn lp_bound(&self) -> f64 {
        self.pools.iter().map(|p| p.lp_bound).sum()
    }

    /// Relative gap of the objective to the LP bound.
    pub fn gap(&self) -> f64 {
        relative_gap(self.objective(), self.lp_bound())
    }
}

impl PoolPlan {
    /// Add its agents' pick-ups and drop-offs to `trips`, per trip and slot.
    pub fn add_trips(&self, trips: &mut Trips) {
        for a in &self.assigned {
            for trip in Trip::BOTH {
                let slot = self.model.shifts[a.shift].slot(trip);
                *trips.entry((trip, slot)).or_default() += a.agents;
            }
        }
    }

    /// Shifts worked (agent-days).
    pub fn shifts_worked(&self) -> u32 {
        self.assigned.iter().map(|a| a.agents).sum()
    }

    /// Paid hours of the plan (`0.0 +` turns an empty sum's −0.0 into 0.0).
    pub fn paid_hours(&self) -> f64 {
        0.0 + self
            .assigned
            .iter()
            .map(|a| self.model.shifts[a.shift].paid_h * f64::from(a.agents))
            .sum::<f64>()
    }

    /// Relative gap of cost + penalty to the pool's LP bound.
    pub fn gap(&self) -> f64 {
        relative_gap(self.cost + self.shortfall_cost, self.lp_bound)
    }
}

/// (objective − bound) ÷ bound, 0 when the bound is 0.
fn relative_gap(objective: f64, bound: f64) -> f64 {
    if bound > 0.0 {
        (objective - bound).max(0.0) / bound
    } else {
        0.0
    }
}

/// Why the LP could not be solved.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the shift solver failed on pool `{pool}`: {message}")]
pub struct SolverError {
    /// Pool id.
    pub pool: String,
    /// Solver message.
    pub message: String,
}

/// Build the covering problem of pool `p`: every shift its templates can
/// work, the tours made of them, and the shortfall penalty.
pub fn model(staffed: &Staffed, p: usize) -> PoolModel {
    let sc = &staffed.scenario;
    let (shifts, index) = pool_shifts(staffed, p);
    let (tours, refused) = if sc.shifts.weekly() {
        tours::weekly(sc, p, &shifts, &index)
    } else {
        (tours::single(&shifts), Vec::new())
    };
    let interval_h = staffed.grid.hours();
    let costliest = shifts
        .iter()
        .map(|s| s.cost / s.paid_h.max(1e-9))
        .fold(1.0, f64::max);
    let soft = sc.shifts.coverage == Some(Coverage::Soft);
    let penalty = if soft {
        sc.shifts.shortfall_penalty * interval_h
    } else {
        1000.0 * costliest * interval_h
    };
    PoolModel {
        pool: p,
        required: staffed.requirements.pools[p]
            .gross
            .iter()
            .map(|g| f64::from(*g))
            .collect(),
        groups: staff::list_groups(sc, p, &shifts, &tours),
        weekly: sc.shifts.weekly().then(|| Handover::of(staffed)),
        window: None,
        shifts,
        tours,
        refused,
        penalty,
        soft,
    }
}

/// Solve every pool: LP bound, then the integer plan. The work is bounded by counts
/// (interior-point iterations, search rounds, squeeze tries), so the same input gives
/// the same plan on any machine; `time_limit_s` is only a safety stop for the search,
/// and a plan it cut short says so (`timed_out`). Pools share nothing but their site's
/// transport caps: the pools of a site with caps are searched one after another in pool
/// order, each against the trips of those before it ([`chains`]); sites, and pools
/// without caps, in parallel.
pub fn solve(staffed: &Staffed, time_limit_s: f64) -> anyhow::Result<ShiftPlan> {
    let deadline = std::time::Instant::now()
        + std::time::Duration::from_secs_f64(time_limit_s.clamp(0.0, 1e9));
    let sc = &staffed.scenario;
    let models: Vec<PoolModel> = (0..sc.pools.len())
        .into_par_iter()
        .map(|p| model(staffed, p))
        .collect();
    tours::check_workable(sc, &models)?;
    let bounds = models
        .par_iter()
        .map(|m| {
            lp::solve(m, Caps::of_pool(sc, m.pool), &sc.shifts.templates).map_err(|message| {
                SolverError {
                    pool: sc.pools[m.pool].id.clone(),
                    message,
                }
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (models, bounds) = within_shares(sc, models, bounds)?;
    let templates = &sc.shifts.templates;
    let search_chain = |chain: &[(usize, PoolModel)]| {
        let mut site = Trips::new();
        chain
            .iter()
            .map(|(i, m)| {
                let caps = Caps::of_pool(sc, m.pool);
                let plan = search::integer_plan(
                    m.clone(),
                    &bounds[*i],
                    caps,
                    templates,
                    &mut site,
                    deadline,
                );
                (*i, plan)
            })
            .collect::<Vec<_>>()
    };
    let mut pools: Vec<(usize, PoolPlan)> = chains(sc, models)
        .into_par_iter()
        .flat_map_iter(|chain| short_first(chain, search_chain))
        .collect();
    pools.sort_by_key(|(i, _)| *i);
    Ok(ShiftPlan {
        pools: pools.into_iter().map(|(_, plan)| plan).collect(),
        solver: lp::SOLVER,
    })
}

/// The plans of a chain's pools ([`chains`]), searched by `search` in pool
/// order. Under hard coverage, when some pools are left short (the caps
/// taken by the pools before them), the chain is searched again with those
/// pools first, and the plans leaving fewer agent-intervals short are kept:
/// the order of `pools:` should not decide whether a plan exists.
fn short_first(
    chain: Chain,
    search: impl Fn(&[(usize, PoolModel)]) -> Vec<(usize, PoolPlan)>,
) -> Vec<(usize, PoolPlan)> {
    let short = |plan: &PoolPlan| -> f64 {
        (plan.model.required.iter().zip(&plan.on_floor))
            .map(|(need, have)| (need - have).max(0.0))
            .sum()
    };
    let total = |plans: &[(usize, PoolPlan)]| plans.iter().map(|(_, p)| short(p)).sum::<f64>();
    let first = search(&chain);
    let left_short: Vec<bool> = first.iter().map(|(_, p)| short(p) > 1e-9).collect();
    let soft = chain.iter().any(|(_, m)| m.soft);
    if soft || left_short.iter().all(|&s| s) || !left_short.iter().any(|&s| s) {
        return first;
    }
    let mut order: Vec<usize> = (0..chain.len()).collect();
    order.sort_by_key(|&k| !left_short[k]);
    let reordered: Vec<(usize, PoolModel)> = order.into_iter().map(|k| chain[k].clone()).collect();
    let second = search(&reordered);
    if total(&second) < total(&first) - 1e-9 {
        second
    } else {
        first
    }
}

/// Pools to search one after another, each with its index in the plan.
type Chain = Vec<(usize, PoolModel)>;

/// The pools (with their index) that must be searched one after another:
/// those of a site with transport caps, in pool order, share the caps, so
/// each is searched against the trips of those before it (searched in
/// parallel, each within the caps alone, their plans would break them
/// together and one be searched again). Any other pool is a chain of its own.
fn chains(sc: &crate::scenario::Scenario, models: Vec<PoolModel>) -> Vec<Chain> {
    let mut chains: BTreeMap<(Option<usize>, usize), Chain> = BTreeMap::new();
    for (i, m) in models.into_iter().enumerate() {
        let site = sc.pools[m.pool].site;
        let alone = if Caps::of_site(sc, site).any() {
            0
        } else {
            i + 1
        };
        chains.entry((site, alone)).or_default().push((i, m));
    }
    chains.into_values().collect()
}

/// With a fixed head count (`agents.count`), each pool capped at its share
/// ([`staff::capped_by_count`]), and the LP of each pool whose LP plan has
/// more agents than its share solved again within the share: the search
/// starts from it (rounding a plan it must then cut to the share loses
/// much), and its optimum bounds every plan of the pool within the share,
/// which is what the search looks for. The other pools' LPs stand.
fn within_shares(
    sc: &crate::scenario::Scenario,
    models: Vec<PoolModel>,
    bounds: Vec<lp::Relaxed>,
) -> Result<(Vec<PoolModel>, Vec<lp::Relaxed>), SolverError> {
    let models = staff::capped_by_count(sc, models, &bounds).map_err(|message| SolverError {
        pool: "the pools sharing agents.count".into(),
        message,
    })?;
    if !matches!(sc.agents, crate::scenario::Agents::Count(_)) {
        return Ok((models, bounds));
    }
    let bounds = models
        .par_iter()
        .zip(bounds)
        .map(|(m, relaxed)| {
            let over = m.groups.iter().any(|g| {
                g.who == Who::Count
                    && g.tours.iter().map(|&j| relaxed.tours[j]).sum::<f64>()
                        > f64::from(g.cap) + 1e-6
            });
            if !over {
                return Ok(relaxed);
            }
            let within = lp::solve(m, Caps::of_pool(sc, m.pool), &sc.shifts.templates).map_err(
                |message| SolverError {
                    pool: sc.pools[m.pool].id.clone(),
                    message,
                },
            )?;
            Ok(lp::Relaxed {
                bound: within.bound.max(relaxed.bound),
                ..within
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((models, bounds))
}

/// Each agent's break slots on shift `a`: agent k takes the k-th slot of each
/// break in slot order, so the per-slot counts of every break are kept.
pub fn agent_breaks(shift: &Shift, a: &Assigned) -> Vec<Vec<u32>> {
    let per_break: Vec<Vec<u32>> = a
        .breaks
        .iter()
        .zip(&shift.breaks)
        .map(|(counts, slots)| {
            counts
                .iter()
                .zip(slots)
                .flat_map(|(n, slot)| std::iter::repeat_n(slot.offset_s, *n as usize))
                .collect()
        })
        .collect();
    (0..a.agents as usize)
        .map(|k| {
            per_break
                .iter()
                .map(|b| b.get(k).copied().unwrap_or(0))
                .collect()
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
pub(crate) mod tests;

/// What `check` warns of in the staff list: per pool, the people whose
/// `contract_hours` are below the paid hours of every tour the templates
/// offer the pool ([`staff::unfit_contracts`]), so no plan can give them
/// work.
pub fn contract_warnings(staffed: &Staffed) -> Vec<String> {
    let sc = &staffed.scenario;
    let crate::scenario::Agents::List(list) = &sc.agents else {
        return Vec::new();
    };
    if list.iter().all(|a| a.contract_hours.is_none()) {
        return Vec::new();
    }
    let file = sc.staff_file.as_deref().unwrap_or("the staff list");
    let per = if sc.shifts.weekly() {
        "a week"
    } else {
        "a shift"
    };
    let mut out = Vec::new();
    for (p, pool) in sc.pools.iter().enumerate() {
        let m = model(staffed, p);
        for (hours, people, least) in staff::unfit_contracts(sc, p, &m.shifts, &m.tours) {
            let (who, have) = if people == 1 {
                ("1 person".to_string(), "has")
            } else {
                (format!("{people} people"), "have")
            };
            out.push(format!(
                "{file}: {who} of pool {} {have} contract_hours {hours}, below every tour the templates offer them (the shortest is {least} h paid {per}): no plan can give them work; add a shorter template or raise their hours",
                pool.id
            ));
        }
    }
    out
}

/// The LP bound of pool `p` alone ([`lp::solve`] with its site's caps):
/// the cost proxy of a split's shares (`pipeline::split`).
pub fn pool_bound(staffed: &Staffed, p: usize) -> Result<f64, SolverError> {
    let sc = &staffed.scenario;
    lp::solve(
        &model(staffed, p),
        Caps::of_pool(sc, p),
        &sc.shifts.templates,
    )
    .map(|r| r.bound)
    .map_err(|message| SolverError {
        pool: sc.pools[p].id.clone(),
        message,
    })
}
