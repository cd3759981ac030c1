//! The headline figures of a plan — FTE, headcount, paid hours, cost, the LP
//! bound and gap, achieved service per queue — as one typed value.
//!
//! Every renderer reads these figures from here (summary.json's `plan`
//! object, the terminal headline, report.html's cards and pool table,
//! `compare` and `quote`), so no two outputs can disagree and none has to
//! parse another's text back. Figures are rounded once, here, the way
//! summary.json states them.

mod count;
mod sites;

pub use count::COUNT_SPLIT_NOTE;
pub use sites::{holiday_figures, Candidate, HolidayFigure, SiteFigures, SplitFigures};

use serde::Serialize;

use crate::evaluate::QueueService;
use crate::roster::Roster;
use crate::scenario::Queue;
use crate::shifts::{PoolPlan, ShiftPlan};
use crate::staffing::Staffed;
use crate::units::{round, round_parts, round_to_total, Over};

/// Weekly paid hours of one full-time equivalent.
pub const FTE_HOURS_PER_WEEK: f64 = 40.0;

/// What a plan's costs are, in words: the currency; at each site's own
/// hourly rate with `sites:`; paid hours when no rate is given (weighted by
/// the night and weekend multipliers, when `costs:` gives them). The
/// `cost_unit` of summary.json and compare.json, the unit `compare` prints.
pub fn cost_unit(sc: &crate::Scenario) -> String {
    if !sc.costs.priced {
        "paid hours (no hourly rate given)".into()
    } else if sc.sites.is_empty() {
        sc.currency.clone()
    } else {
        format!("{} at each site's hourly rate", sc.currency)
    }
}

/// The weeks of a scenario's horizon that FTE (paid hours a week) and the
/// monthly figures divide by: the horizon's open days ÷ the open days of a
/// week. A weekday is open when any queue's opening hours name it (24/7
/// queues: every day); the horizon's open days are its days on those
/// weekdays. A Monday-to-Friday horizon of Monday-to-Friday queues is one
/// week (nobody works the days it leaves out: dividing by 5/7 of a week
/// showed more FTE than heads working 40 h); one day of a 24/7 operation is
/// 1/7 of a week. Without queues (requirement files only), the horizon's
/// 7-day blocks, a partial one counted whole.
///
/// ```
/// use staffplan::figures::weeks_of;
/// let weekdays = [true, true, true, true, true, false, false];
/// // Monday 2026-03-02 for 5 days, open Monday to Friday: one week.
/// let monday = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
/// assert_eq!(weeks_of(Some(weekdays), monday, 5), 1.0);
/// // 14 days: 10 open days of 5 a week, two weeks.
/// assert_eq!(weeks_of(Some(weekdays), monday, 14), 2.0);
/// // One day of a 24/7 operation: a seventh of a week.
/// assert_eq!(weeks_of(Some([true; 7]), monday, 1), 1.0 / 7.0);
/// // No queues: 7-day blocks.
/// assert_eq!(weeks_of(None, monday, 10), 2.0);
/// ```
pub fn horizon_weeks(sc: &crate::Scenario) -> f64 {
    let open = (!sc.queues.is_empty()).then(|| {
        let mut open = [false; 7];
        for q in &sc.queues {
            match &q.hours.days {
                None => open = [true; 7],
                Some(days) => {
                    for (d, ranges) in days.iter().enumerate() {
                        open[d] |= !ranges.is_empty();
                    }
                }
            }
        }
        open
    });
    weeks_of(open, sc.site.start, sc.site.days)
}

/// [`horizon_weeks`] from the open weekdays (Monday first; `None` without
/// queues), the horizon's first day and its length.
pub fn weeks_of(open: Option<[bool; 7]>, start: chrono::NaiveDate, days: u32) -> f64 {
    use chrono::Datelike;
    let blocks = f64::from(days.div_ceil(7).max(1));
    let Some(open) = open else { return blocks };
    let per_week = open.iter().filter(|&&o| o).count();
    let in_horizon = (0..days)
        .filter(|&i| {
            let day = start + chrono::Days::new(u64::from(i));
            open[day.weekday().num_days_from_monday() as usize]
        })
        .count();
    if per_week == 0 || in_horizon == 0 {
        return blocks;
    }
    in_horizon as f64 / per_week as f64
}

/// How the plan is made, in one line (summary.json's `plan.method`).
const METHOD: &str = "LP relaxation branched once on head count (lower bound), then rounding, greedy repair, pruning and local search";

/// Decimals of a gap (a fraction) as every output shows it: 0.01 %. Rounded
/// once here, so the terminal's headline, its pool table and footer, the
/// report and summary.json all show the same figure (rounding to 5 decimals
/// and then printing 2 decimals of a percent once showed 0.46 % in the
/// headline and 0.45 % in the footer).
const GAP_DECIMALS: i32 = 4;

/// The headline figures of a plan (summary.json's `plan` object, field for
/// field and in its order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFigures {
    /// The LP solver that computed the bound.
    pub solver: &'static str,
    /// How the plan was made.
    pub method: &'static str,
    /// `covered` or `shortfall`, and whether the safety stop cut the search short.
    pub status: &'static str,
    /// Cost plus shortfall penalty.
    pub objective: f64,
    /// LP lower bound of the objective (cost + shortfall penalty).
    pub lp_bound: f64,
    /// (objective − bound) ÷ bound.
    pub gap: f64,
    /// Cost over the horizon, in the scenario's currency (penalty excluded).
    pub cost: f64,
    /// Paid hours over the horizon.
    pub paid_hours: f64,
    /// Full-time equivalents: paid hours ÷ [`FTE_HOURS_PER_WEEK`] a week.
    pub fte: f64,
    /// [`FTE_HOURS_PER_WEEK`], stated in the file.
    pub fte_hours_per_week: f64,
    /// Agents employed: the sum of the pools' headcounts.
    pub headcount: u32,
    /// Agent-hours the plan leaves short of the requirement.
    pub shortfall_agent_hours: f64,
    /// Per pool, in scenario order.
    pub pools: Vec<PoolFigures>,
    /// Per queue, in scenario order.
    pub queues: Vec<QueueFigures>,
    /// With pools linked by `serves`: which requirement the kept plan
    /// covers and both plans' costs (absent without such pools).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill_groups: Option<GroupPlans>,
    /// Per site of `sites:` (absent without them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<SiteFigures>,
    /// Per queue split over sites, its parts together (absent without
    /// splits).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub splits: Vec<SplitFigures>,
    /// With `agents.count`: the bound's split caveat and the agents left
    /// without a shift ([`count::notes`]; absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The two plans of a scenario with skill groups
/// ([`crate::pipeline::plan_staffed`]): one covering each pool's share of
/// the group requirement, one covering the separate pools' own
/// single-skill requirement (pools that only serve others' queues empty).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupPlans {
    /// `group requirement` or `separate pools' requirement`: the plan kept
    /// (the cheaper; the group's on a tie).
    pub planned_to: &'static str,
    /// Cost of the plan to the group requirement (none if it failed).
    pub group_cost: Option<f64>,
    /// Cost of the plan to the separate pools' requirement (none if it failed).
    pub separate_cost: Option<f64>,
}

/// [`GroupPlans::planned_to`] when the plan to the group requirement was kept.
pub const GROUP_REQUIREMENT: &str = "group requirement";

/// The headline figures of one pool's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolFigures {
    /// Pool id.
    pub id: String,
    /// Cost over the horizon, in cents that add up over the pools to the
    /// plan's cost ([`pool_costs`]).
    pub cost: f64,
    /// Paid hours over the horizon.
    pub paid_hours: f64,
    /// Full-time equivalents.
    pub fte: f64,
    /// Agents employed: the people of the roster who work (over a horizon
    /// of several weeks, everyone who works in any week).
    pub headcount: u32,
    /// Agent-shifts worked.
    pub shifts: u32,
    /// Cost + shortfall penalty (soft coverage): the figure `lp_bound`
    /// bounds and `gap` measures; equal to `cost` when nothing is short.
    pub objective: f64,
    /// The pool's LP lower bound of cost + shortfall penalty.
    pub lp_bound: f64,
    /// Gap of cost + penalty to that bound.
    pub gap: f64,
    /// Agent-hours on the floor above the gross requirement: time that can
    /// be planned for training, coaching or back-office work.
    pub surplus_hours: f64,
    /// The part of `surplus_hours` in intervals whose requirement is 0
    /// (the pool's queues closed or idle).
    pub idle_hours: f64,
    /// `surplus_hours` split by cause (`plan --explain-surplus` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surplus_by_cause: Option<SurplusCauses>,
}

/// A pool's surplus hours split by cause, from the waterfall of LP
/// relaxations of [`crate::shifts::surplus`]. The parts add up to the
/// pool's `surplus_hours` exactly as printed: each is rounded to 0.01 h
/// and the last takes what rounding leaves.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SurplusCauses {
    /// A − R₀: the shapes of the shifts and their breaks against the
    /// requirement's curve (single shifts, no week, no caps).
    pub shift_shape: f64,
    /// B − A: the weekly pattern and its days off.
    pub days_off: f64,
    /// S − B: the same agents every week (several weeks of tours).
    pub same_agents: f64,
    /// C − S: start and end caps, template min/max agents and shares,
    /// the staff's caps.
    pub caps_and_limits: f64,
    /// (C' − R) − (C − R₀): the queues' `min_agents_when_open` (may be
    /// negative: a minimum makes hours required that were surplus).
    pub minimum_agents: f64,
    /// D − C': whole agents, the search's gap to the LP and the plan's
    /// preference for cost over hours.
    pub whole_agents_and_search: f64,
}

impl SurplusCauses {
    /// The causes of a pool's waterfall `w`, adding up to `surplus_hours`
    /// (its rounded figure).
    pub fn of(w: &crate::shifts::surplus::Waterfall, surplus_hours: f64) -> SurplusCauses {
        let shift_shape = round(w.single_shifts - w.required_without_minimum, 2);
        let days_off = round(w.tours - w.single_shifts, 2);
        let same_agents = round(w.same_agents - w.tours, 2);
        let caps_and_limits = round(w.limits - w.same_agents, 2);
        let minimum_agents = round(
            (w.minimum - w.required) - (w.limits - w.required_without_minimum),
            2,
        );
        let whole_agents_and_search = round(
            surplus_hours - shift_shape - days_off - same_agents - caps_and_limits - minimum_agents,
            2,
        );
        SurplusCauses {
            shift_shape,
            days_off,
            same_agents,
            caps_and_limits,
            minimum_agents,
            whole_agents_and_search,
        }
    }

    /// The parts in waterfall order, with their names as printed.
    pub fn parts(&self) -> [(&'static str, f64); 6] {
        [
            ("shift shape and breaks", self.shift_shape),
            ("days-off pattern", self.days_off),
            ("same agents every week", self.same_agents),
            ("start/end caps and limits", self.caps_and_limits),
            ("minimum agents", self.minimum_agents),
            ("whole agents and search", self.whole_agents_and_search),
        ]
    }
}

/// Achieved service of one queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueFigures {
    /// Queue id.
    pub id: String,
    /// Client name (not in summary.json's `plan.queues`: the queue list has it).
    #[serde(skip)]
    pub client: String,
    /// Target like `80/20`; none for e-mail (deadline work).
    pub sl_target: Option<String>,
    /// Share answered within the target time over the horizon.
    pub sl_achieved: Option<f64>,
    /// Share of open intervals staffed to the full requirement.
    pub intervals_fully_staffed: f64,
    /// The queue's part of its pool's cost (see [`published_queue_costs`]), in
    /// cents that add up over the queues ([`round_parts`]).
    pub cost: f64,
    /// Whether the queue meets its target: the service level over the
    /// horizon (every window's, for a windowed target, none under the
    /// floor) for calls and chat, every interval for deadline work.
    #[serde(skip)]
    pub met: bool,
    /// A split's part at 0 %: its site takes none of the queue, so it has
    /// no target to meet and is not counted in [`PlanFigures::targets`].
    #[serde(skip)]
    pub no_share: bool,
    /// The target's window and each window's planned service level (only
    /// for a target over a day, week, month or the horizon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl_window: Option<WindowFigures>,
    /// `simulation estimate` for a queue taken by pools linked by `serves`:
    /// `sl_achieved` is the skill-routing simulation's, not Erlang's
    /// (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl_source: Option<&'static str>,
}

/// What [`QueueFigures::sl_source`] says of a simulated queue's service.
pub const SIMULATION_ESTIMATE: &str = "simulation estimate";

/// A queue's service level per window, as planned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowFigures {
    /// `day`, `week`, `month` or `horizon`.
    pub over: String,
    /// The floor no interval may fall below, like `50/20`.
    pub floor: Option<String>,
    /// Windows whose planned service level meets the target.
    pub windows_met: usize,
    /// Intervals (with contacts) below the floor, over every window.
    pub intervals_under_floor: usize,
    /// Each window.
    pub windows: Vec<WindowFigure>,
}

/// One window's planned service level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowFigure {
    /// The window as the client names it (`2026-03-02`, `2026-W10`).
    pub window: String,
    /// Contacts offered to agents.
    pub offered: f64,
    /// Answered within T ÷ offered, as planned (none without contacts).
    pub planned_sl: Option<f64>,
    /// Whether the planned service level meets the target.
    pub met: bool,
    /// Intervals with contacts below the floor.
    pub under_floor: usize,
    /// Simulated SL, mean over the runs (with `plan --simulate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated_sl: Option<f64>,
    /// Its 95 % confidence interval over the runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated_ci: Option<[f64; 2]>,
    /// Share of runs whose window met the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_met: Option<f64>,
    /// The simulation puts the window clearly (its 95 % interval entirely)
    /// below the target or below the plan's prediction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated_short: Option<bool>,
}

/// The window figures of a queue (none for a per-interval target).
fn window_figures(queue: &Queue, service: &QueueService) -> Option<WindowFigures> {
    (queue.sl_over != Over::Interval && queue.service_level.is_some()).then(|| WindowFigures {
        over: queue.sl_over.to_string(),
        floor: queue.sl_floor.map(|f| f.to_string()),
        windows_met: service.windows.iter().filter(|w| w.met).count(),
        intervals_under_floor: service.windows.iter().map(|w| w.under_floor).sum(),
        windows: service
            .windows
            .iter()
            .map(|w| WindowFigure {
                window: w.label.clone(),
                offered: round(w.offered, 2),
                planned_sl: w.sl.map(|x| round(x, 4)),
                met: w.met,
                under_floor: w.under_floor,
                simulated_sl: None,
                simulated_ci: None,
                p_met: None,
                simulated_short: None,
            })
            .collect(),
    })
}

impl PlanFigures {
    /// Queues that meet their target (a split's part at 0 % has none).
    pub fn targets_met(&self) -> usize {
        self.queues.iter().filter(|q| q.met && !q.no_share).count()
    }

    /// Queues with a target to meet: all but a split's parts at 0 %.
    pub fn targets(&self) -> usize {
        self.queues.iter().filter(|q| !q.no_share).count()
    }
}

/// The figures of a plan and its evaluation.
pub fn plan_figures(
    s: &Staffed,
    plan: &ShiftPlan,
    roster: &Roster,
    service: &[QueueService],
) -> PlanFigures {
    let pools: Vec<PoolFigures> = (plan.pools.iter())
        .zip(pool_costs(plan))
        .map(|(pp, cost)| pool_figures(s, pp, roster, cost))
        .collect();
    let shortfall = shortfall_hours(s, plan);
    let costs = published_queue_costs(s, plan);
    PlanFigures {
        solver: plan.solver,
        method: METHOD,
        status: match (shortfall > 1e-9, plan.pools.iter().any(|p| p.timed_out)) {
            (false, false) => "covered",
            (false, true) => "covered, search stopped at the time limit",
            (true, false) => "shortfall",
            (true, true) => "shortfall, search stopped at the time limit",
        },
        objective: round(plan.objective(), 2),
        lp_bound: round(plan.lp_bound(), 2),
        gap: round(plan.gap(), GAP_DECIMALS),
        cost: round(plan.cost(), 2),
        paid_hours: round(pools.iter().map(|p| p.paid_hours).sum(), 2),
        fte: round(pools.iter().map(|p| p.fte).sum(), 2),
        fte_hours_per_week: FTE_HOURS_PER_WEEK,
        headcount: pools.iter().map(|p| p.headcount).sum(),
        shortfall_agent_hours: round(shortfall, 2),
        sites: sites::site_figures(s, plan, &pools),
        splits: sites::split_figures(s, service, &costs),
        notes: count::notes(s, roster),
        pools,
        queues: s
            .scenario
            .queues
            .iter()
            .zip(service)
            .zip(costs)
            .map(|((q, sv), cost)| QueueFigures {
                id: q.id.clone(),
                client: q.client.clone(),
                sl_target: q.service_level.map(|t| t.to_string()),
                sl_achieved: sv.sl_overall.map(|x| round(x, 4)),
                intervals_fully_staffed: round(sv.met_share, 4),
                cost,
                met: target_met(q, sv),
                no_share: q.part.as_ref().is_some_and(|p| p.share == 0.0),
                sl_window: window_figures(q, sv),
                sl_source: sv.simulated.then_some(SIMULATION_ESTIMATE),
            })
            .collect(),
        skill_groups: None,
    }
}

/// Each pool's cost as published (summary.json, the tables): rounded to
/// cents so that the pools add up to the published total cost exactly
/// ([`round_parts`]).
pub fn pool_costs(plan: &ShiftPlan) -> Vec<f64> {
    let costs: Vec<f64> = plan.pools.iter().map(|p| p.cost).collect();
    round_parts(&costs, 2)
}

/// Each queue's part of the plan's cost, for billing ([`pool_bills`]), as
/// published: each pool's bill rounded to cents that add up to the pool's
/// published cost ([`pool_costs`]), so a queue with a pool of its own costs
/// what its pool does, and the queues add up to the pools and to the total.
pub fn published_queue_costs(s: &Staffed, plan: &ShiftPlan) -> Vec<f64> {
    let mut costs = vec![0.0; s.scenario.queues.len()];
    for (bill, total) in pool_bills(s, plan).into_iter().zip(pool_costs(plan)) {
        let parts: Vec<f64> = bill.iter().map(|b| b.1).collect();
        for ((q, _), cents) in bill.iter().zip(round_to_total(&parts, total, 2)) {
            costs[*q] = round(costs[*q] + cents, 2);
        }
    }
    costs
}

/// Each pool's cost split over the queues it serves, as (queue, cost). A
/// pool's cost in an interval (each shift's cost spread evenly over the
/// intervals it spans) goes to its queues in proportion to their workload
/// then (Erlangs: contacts × handle time); the cost of intervals with no
/// workload (agents a shift keeps on after the queues close) goes to the
/// queues in proportion to their workload over the horizon. The parts add
/// up to the pool's cost.
fn pool_bills(s: &Staffed, plan: &ShiftPlan) -> Vec<Vec<(usize, f64)>> {
    let sc = &s.scenario;
    let mut bills = Vec::new();
    for pp in &plan.pools {
        let mut costs = vec![0.0; sc.queues.len()];
        let m = &pp.model;
        let mut at = vec![0.0; s.grid.len];
        for a in &pp.assigned {
            let shift = &m.shifts[a.shift];
            // A shift on a holiday is paid for its hours off the floor too.
            let spanned = shift.intervals.len() + shift.off.len();
            let each = shift.cost * f64::from(a.agents) / spanned.max(1) as f64;
            for &t in shift.intervals.iter().chain(&shift.off) {
                at[t] += each;
            }
        }
        // A skill group's pool also bills the queues it serves.
        let queues: Vec<usize> = sc
            .queues_of(m.pool)
            .map(|(q, _)| q)
            .chain(sc.pools[m.pool].serves.iter().copied())
            .collect();
        let load = |q: usize, t: usize| s.requirements.queues[q][t].erlangs.max(0.0);
        let total: Vec<f64> = queues
            .iter()
            .map(|&q| (0..s.grid.len).map(|t| load(q, t)).sum())
            .collect();
        let all: f64 = total.iter().sum();
        let mut idle = 0.0;
        for (t, &cost) in at.iter().enumerate() {
            let here: f64 = queues.iter().map(|&q| load(q, t)).sum();
            if here <= 0.0 {
                idle += cost;
                continue;
            }
            for &q in &queues {
                costs[q] += cost * load(q, t) / here;
            }
        }
        for (&q, &own) in queues.iter().zip(&total) {
            costs[q] += if all > 0.0 {
                idle * own / all
            } else {
                idle / queues.len() as f64
            };
        }
        bills.push(queues.iter().map(|&q| (q, costs[q])).collect());
    }
    bills
}

/// Whether a queue meets its target (see [`QueueFigures::met`]); a queue
/// without a target (or without contacts) has nothing to miss.
fn target_met(queue: &Queue, service: &QueueService) -> bool {
    match (queue.deadline_s, queue.service_level, service.sl_overall) {
        (Some(_), _, _) => service.met_share >= 1.0 - 1e-9,
        _ if queue.sl_over != Over::Interval => {
            service.windows.iter().all(|w| w.met && w.under_floor == 0)
        }
        (None, Some(t), Some(x)) => x + 1e-9 >= t.fraction,
        _ => true,
    }
}

/// Agent-hours below the requirement, over every pool and interval.
fn shortfall_hours(s: &Staffed, plan: &ShiftPlan) -> f64 {
    plan.pools
        .iter()
        .map(|pp| {
            (0..s.grid.len)
                .map(|t| (pp.model.required[t] - pp.on_floor[t]).max(0.0))
                .sum::<f64>()
        })
        .sum::<f64>()
        * s.grid.hours()
}

/// A pool's figures; `cost` is its published cost ([`pool_costs`]).
fn pool_figures(s: &Staffed, pp: &PoolPlan, roster: &Roster, cost: f64) -> PoolFigures {
    let weeks = horizon_weeks(&s.scenario);
    let paid = pp.paid_hours();
    let fte = paid / (FTE_HOURS_PER_WEEK * weeks);
    let headcount = roster
        .agents
        .iter()
        .filter(|a| a.pool == pp.model.pool && a.days > 0)
        .count() as u32;
    let over = |t: usize| (pp.on_floor[t] - pp.model.required[t]).max(0.0) * s.grid.hours();
    let surplus: f64 = (0..s.grid.len).map(over).sum();
    let idle: f64 = (0..s.grid.len)
        .filter(|&t| pp.model.required[t] <= 0.0)
        .map(over)
        .sum();
    PoolFigures {
        id: s.scenario.pools[pp.model.pool].id.clone(),
        cost,
        paid_hours: round(paid, 2),
        fte: round(fte, 2),
        headcount,
        shifts: pp.shifts_worked(),
        objective: round(cost + pp.shortfall_cost, 2),
        lp_bound: round(pp.lp_bound, 2),
        gap: round(pp.gap(), GAP_DECIMALS),
        surplus_hours: round(surplus, 2),
        idle_hours: round(idle, 2),
        surplus_by_cause: None,
    }
}

#[cfg(test)]
mod tests;
