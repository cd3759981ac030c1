//! The LP relaxation of a pool's covering problem, with good_lp: the model
//! ([`CoverLp`]), the split of long horizons into weeks ([`solve`]) and the
//! head-count branching of the bound. The back end that solves an LP lives
//! in its own file: `clarabel.rs` (the default, pure Rust) or `highs.rs`
//! (the optional `highs` feature).

use std::collections::BTreeMap;

use good_lp::{
    variable, Constraint, Expression, ProblemVariables, Solution, SolverModel, Variable,
};
use rayon::prelude::*;

use super::{Caps, PoolModel, Trip};
use crate::scenario::Template;

#[cfg(not(feature = "highs"))]
mod clarabel;
#[cfg(not(feature = "highs"))]
use clarabel as backend;
#[cfg(feature = "highs")]
mod highs;
#[cfg(feature = "highs")]
use highs as backend;
mod joint;
mod window;

pub use joint::heads_sharing;

/// An LP for this build's solver, with its bounded iterations (the hiring
/// plan of `capacity` solves its relaxations with it too).
pub use backend::using;

/// Name of the LP solver in this build.
pub const SOLVER: &str = backend::NAME;

/// The relaxed solution: fractional agents per tour, shortfall per interval,
/// and the objective, a lower bound on any integer plan's cost + penalty.
#[derive(Debug, Clone)]
pub struct Relaxed {
    /// Agents per tour.
    pub tours: Vec<f64>,
    /// Objective value.
    pub bound: f64,
    /// `(h, b)`: every plan with at most `h` agents has an objective of at
    /// least `b` (the optimum of the LP with Σ tours ≤ h, infinity when
    /// none exists), from the head-count branching of a one-week LP; `None`
    /// when that branch was not solved.
    pub at_most: Option<(u32, f64)>,
}

/// Solve the relaxation of `m` (with the site's transport caps applied to
/// this pool alone, which keeps it a relaxation of the site-wide problem).
///
/// Horizons of two weeks or more are cut into weeks, solved in parallel:
/// each week's LP has that week's tours and the coverage rows of the
/// intervals only its own shifts can work. Rows a neighbouring week's
/// shifts also reach (the early hours after a week's last night shifts)
/// are dropped, which only loosens each part, so the sum of the parts'
/// optima is still a lower bound on any plan: the full optimum, restricted
/// to one week's tours, is feasible for that week's part. The LP time
/// grows faster than the size, so four one-week LPs solve many times
/// faster than one four-week LP, for a bound a fraction of a percent lower.
///
/// A plan of weekly tours employs the same agents every week
/// ([`PoolModel::weekly`]), so every week has the head count of the
/// busiest: at least H₀ = max over weeks w of ⌈least head count of w's LP⌉. Under
/// hard coverage each week's LP then also has the row Σⱼ xⱼ ≥ H₀, which
/// every such plan meets, so the sum stays a lower bound (see
/// [`least_heads`]).
pub fn solve(m: &PoolModel, caps: Caps, templates: &[Template]) -> Result<Relaxed, String> {
    let weeks = m
        .tours
        .iter()
        .enumerate()
        .map(|(j, _)| m.tour_week(j))
        .max()
        .map_or(1, |w| w + 1);
    let parts: Vec<Vec<usize>> = if weeks >= 2 {
        (0..weeks)
            .map(|w| {
                (0..m.tours.len())
                    .filter(|&j| m.tour_week(j) == w)
                    .collect()
            })
            .collect()
    } else {
        vec![(0..m.tours.len()).collect()]
    };
    let rows = part_rows(m, &parts);
    let mut lps: Vec<CoverLp> = parts
        .par_iter()
        .zip(&rows)
        .map(|(part, rows)| CoverLp::new(m, part, rows, Some((caps, templates)), Goal::Cost))
        .collect();
    if m.weekly.is_some() && parts.len() >= 2 && !m.soft {
        let least = lps
            .par_iter()
            .map(least_heads)
            .collect::<Result<Vec<f64>, String>>()?
            .into_iter()
            .fold(0.0, f64::max);
        for lp in &mut lps {
            let heads: Expression = lp.tours.iter().sum();
            lp.constraints.push(heads.geq(least));
        }
    }
    let solved = lps
        .par_iter()
        .map(solve_part)
        .collect::<Result<Vec<_>, _>>()?;
    let mut tours = vec![0.0; m.tours.len()];
    let mut bound = 0.0;
    // A branch of one part bounds the whole plan; of one week, not.
    let at_most = match solved.as_slice() {
        [(_, _, at_most)] => *at_most,
        _ => None,
    };
    for (part, (values, objective, _)) in parts.iter().zip(solved) {
        for (&j, v) in part.iter().zip(values) {
            tours[j] = v;
        }
        bound += objective;
    }
    // Cost and penalty are never negative; an interior-point optimum of
    // nothing to cover lands a hair below zero (printed "-0.00").
    let bound = if bound > 0.0 { bound } else { 0.0 };
    Ok(Relaxed {
        tours,
        bound,
        at_most,
    })
}

/// The least agent-hours on the floor, plus agent-hours short, with which
/// the tours of `m` cover its requirement: the covering LP below (every
/// tour, every interval, one LP, neither split into weeks nor branched),
/// with the transport caps, template limits and shares and the staff's
/// caps when `limits` gives them, without them when `None`. Its objective
/// is Σₖ Xₖ·(intervals of k) − Σ_b y_b·(share of b) on the floor plus
/// [`SHORT_WEIGHT_FLOOR`]·Σₜ sₜ, all in agent-intervals × `interval_h`;
/// the value returned counts a short agent-hour once, so that with the
/// requirement's own hours taken off it is the surplus of the LP's plan
/// in the way [`crate::figures`] counts a plan's (Σₜ max(on floor, rₜ)
/// − rₜ). With `same_agents`, a plan of weekly tours over several weeks
/// also works the same number of tours every week (Σ over week w's tours
/// xⱼ = H for every w: the same agents every week, see
/// `search::weeks`). Adding rules can only raise it: every plan the
/// tighter LP allows, the looser one allows too. A plan's surplus by cause
/// ([`super::surplus`]) is the difference of a few of these.
pub fn floor_hours(
    m: &PoolModel,
    limits: Option<(Caps, &[Template])>,
    same_agents: bool,
    interval_h: f64,
) -> Result<f64, String> {
    let part: Vec<usize> = (0..m.tours.len()).collect();
    let rows: Vec<usize> = (0..m.required.len()).collect();
    let mut lp = CoverLp::new(m, &part, &rows, limits, Goal::Floor);
    if same_agents && m.weekly.is_some() {
        let heads = lp.vars.add(variable().min(0.0));
        let mut weeks: BTreeMap<usize, Expression> = BTreeMap::new();
        for (j, x) in lp.tours.iter().enumerate() {
            *weeks.entry(m.tour_week(j)).or_default() += *x;
        }
        if weeks.len() >= 2 {
            for week in weeks.into_values() {
                lp.constraints.push((week - heads).eq(0.0));
            }
        }
    }
    let problem = backend::using(lp.vars.clone().minimise(lp.objective.clone()))
        .with_all(lp.constraints.iter().cloned());
    let solution = problem.solve().map_err(|e| e.to_string())?;
    let short: f64 = lp.short.iter().map(|&s| solution.value(s).max(0.0)).sum();
    Ok((solution.eval(&lp.floor) + short) * interval_h)
}

/// The weight of one agent-interval short against one agent-interval on
/// the floor in [`floor_hours`]: far above any shift's length, so the LP
/// is short only where no mix of its tours can cover.
const SHORT_WEIGHT_FLOOR: f64 = 1000.0;

/// What a covering LP minimises.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Goal {
    /// The plan's own objective: the tours' cost plus the shortfall penalty.
    Cost,
    /// Agent-intervals on the floor plus [`SHORT_WEIGHT_FLOOR`] a short one.
    Floor,
}

/// The coverage rows of each part: the intervals only the part's own
/// shifts work, and in the first part the intervals no shift works (to be
/// short there).
fn part_rows(m: &PoolModel, parts: &[Vec<usize>]) -> Vec<Vec<usize>> {
    // The part whose shifts work each interval (None: more than one).
    let mut owner: Vec<Option<Option<usize>>> = vec![None; m.required.len()];
    for (k, part) in parts.iter().enumerate() {
        for &j in part {
            for &s in &m.tours[j].shifts {
                for &t in &m.shifts[s].intervals {
                    owner[t] = match owner[t] {
                        None => Some(Some(k)),
                        Some(Some(o)) if o == k => Some(Some(k)),
                        _ => Some(None),
                    };
                }
            }
        }
    }
    (0..parts.len())
        .map(|k| {
            (0..m.required.len())
                .filter(|&t| owner[t] == Some(Some(k)) || (k == 0 && owner[t].is_none()))
                .collect()
        })
        .collect()
}

/// The least head count a part's LP allows, rounded up to a whole agent:
/// the optimum of Σⱼ xⱼ + w·Σₜ sₜ over the part's rows (w a shortfall
/// weight far above one agent). A plan that covers every interval with H
/// agents on the part's tours is feasible for it with s = 0, so the
/// optimum is at most H, and so is its head count Σⱼ xⱼ.
fn least_heads(lp: &CoverLp) -> Result<f64, String> {
    let heads: Expression = lp.tours.iter().sum();
    let mut objective = heads.clone();
    for &s in &lp.short {
        objective.add_mul(SHORT_WEIGHT_HEADS, s);
    }
    let problem = backend::using(lp.vars.clone().minimise(objective))
        .with_all(lp.constraints.iter().cloned());
    match problem.solve() {
        Ok(s) => Ok((s.eval(&heads) - 1e-6).ceil().max(0.0)),
        Err(good_lp::ResolutionError::Infeasible) => Ok(0.0),
        Err(e) => Err(e.to_string()),
    }
}

/// The weight of one agent-interval short against one agent in
/// [`least_heads`]: an agent works far fewer intervals than this.
const SHORT_WEIGHT_HEADS: f64 = 1000.0;

/// The LP `lp`: agents per tour, the optimum raised by one head-count
/// branching, and the branch with fewer agents ([`Relaxed::at_most`]).
type Part = (Vec<f64>, f64, Option<(u32, f64)>);

/// The LP `lp` solved ([`Part`]).
fn solve_part(lp: &CoverLp) -> Result<Part, String> {
    let (values, bound) = lp.solve(None)?.ok_or("the LP relaxation is infeasible")?;
    let (bound, at_most) = branch_on_headcount(&values, bound, |fewer, rhs| {
        let headcount: Expression = lp.tours.iter().sum();
        let row = if fewer {
            headcount.leq(rhs)
        } else {
            headcount.geq(rhs)
        };
        match lp.solve(Some(row)) {
            Ok(Some((_, b))) => Some(b),
            Ok(None) => Some(f64::INFINITY),
            Err(_) => None,
        }
    });
    Ok((values, bound, at_most))
}

/// The covering LP of some tours of one pool over some intervals (a
/// relaxation of Dantzig 1954's set covering with Aykin 1996's break
/// variables):
///
/// ```text
/// minimise    Σⱼ cⱼ·xⱼ + p·Σₜ sₜ                           cost of the tours + shortfall penalty
/// subject to  Σₖ∋ₜ Xₖ − Σ_b∋ₜ share_b·y_b + sₜ ≥ rₜ          coverage, every interval t of the part
///             Σ_b∈β y_b = Xₖ                               breaks: each break β of shift k taken once
///             Σₖ starts at σ Xₖ ≤ cap                       start cap (transport seats), every start σ
///             Σₖ ends at σ Xₖ ≤ cap'                        end cap (the drop-off), every end σ
///             lo_τ ≤ Σₖ of τ on day d Xₖ ≤ hi_τ              template min/max agents, every day d
///             σ⁻_τ·Σⱼ xⱼ ≤ Σⱼ of τ xⱼ ≤ σ⁺_τ·Σⱼ xⱼ              template min/max share of the head count
///             Σⱼ∈G xⱼ ≤ cap_G                              the staff: people able to work the tours G
///             xⱼ, y_b, sₜ ≥ 0
/// where       Xₖ = Σⱼ∋ₖ xⱼ                                  agents on shift k: the tours that work it
/// ```
///
/// xⱼ are agents on tour j (cost cⱼ), y_b agents taking a break in slot b
/// (which takes `share_b` of an agent off interval t), sₜ the shortfall at
/// interval t (penalty p per agent-interval), rₜ the requirement.
///
/// A pool planned to a service-level window adds the rows of
/// [`window::rows`] (its `rₜ` then at each interval's own limits).
struct CoverLp {
    vars: ProblemVariables,
    /// xⱼ, in the order of the part's tours.
    tours: Vec<Variable>,
    /// sₜ, in the order of the part's rows.
    short: Vec<Variable>,
    /// Agent-intervals on the floor, breaks taken off.
    floor: Expression,
    objective: Expression,
    constraints: Vec<Constraint>,
}

impl CoverLp {
    /// The LP of the tours `part` covering the intervals `rows`, minimising
    /// `goal`, with the transport caps and the templates' and staff's
    /// limits `limits` (none when `None`).
    fn new(
        m: &PoolModel,
        part: &[usize],
        rows: &[usize],
        limits: Option<(Caps, &[Template])>,
        goal: Goal,
    ) -> CoverLp {
        CoverLp::adding_to(ProblemVariables::new(), m, part, rows, limits, goal)
    }

    /// The LP [`CoverLp::new`] builds, its variables added to `vars` (the
    /// pools of one joint LP share them, [`joint`]).
    fn adding_to(
        mut vars: ProblemVariables,
        m: &PoolModel,
        part: &[usize],
        rows: &[usize],
        limits: Option<(Caps, &[Template])>,
        goal: Goal,
    ) -> CoverLp {
        let tours: Vec<Variable> = part.iter().map(|_| vars.add(variable().min(0.0))).collect();
        let short: Vec<Variable> = rows.iter().map(|_| vars.add(variable().min(0.0))).collect();
        let (on_shift, linking) = agents_on_shift(m, part, &tours, &mut vars);
        let (cover, breaks, floor) = coverage_and_breaks(m, rows, &short, &on_shift, &mut vars);
        let mut objective = Expression::default();
        if goal == Goal::Cost {
            for (i, &j) in part.iter().enumerate() {
                objective.add_mul(m.tours[j].cost, tours[i]);
            }
        } else {
            objective += floor.clone();
        }
        let weight = match goal {
            Goal::Cost => m.penalty,
            Goal::Floor => SHORT_WEIGHT_FLOOR,
        };
        for v in &short {
            objective.add_mul(weight, *v);
        }
        let mut constraints = match &m.window {
            Some(w) => window::rows(w, rows, &cover, &mut vars),
            None => Vec::new(),
        };
        constraints.extend(
            cover
                .into_iter()
                .zip(rows)
                .map(|(row, &t)| row.geq(m.required[t])),
        );
        constraints.extend(breaks);
        constraints.extend(linking);
        if let Some((caps, templates)) = limits {
            for trip in Trip::BOTH {
                if let Some(cap) = caps.get(trip) {
                    constraints.extend(trip_cap(m, &on_shift, trip, cap));
                }
            }
            constraints.extend(template_limits(m, &on_shift, templates));
            constraints.extend(shares(m, part, &tours, templates));
            constraints.extend(group_caps(m, part, &tours));
        }
        CoverLp {
            vars,
            tours,
            short,
            floor,
            objective,
            constraints,
        }
    }

    /// Agents per tour and the optimum, with one `extra` row when
    /// branching; `None` when infeasible.
    fn solve(&self, extra: Option<Constraint>) -> Result<Option<(Vec<f64>, f64)>, String> {
        let problem = backend::using(self.vars.clone().minimise(self.objective.clone()))
            .with_all(self.constraints.iter().cloned().chain(extra));
        match problem.solve() {
            Ok(s) => Ok(Some((
                self.tours.iter().map(|v| s.value(*v).max(0.0)).collect(),
                s.eval(&self.objective),
            ))),
            Err(good_lp::ResolutionError::Infeasible) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// Xₖ: agents on each shift the part's tours work, one variable per
/// shift, with its row Xₖ = Σⱼ∋ₖ xⱼ. Coverage then reads a handful of
/// shift variables per interval instead of every tour that works there,
/// which keeps the interior point's factorisation sparse.
fn agents_on_shift(
    m: &PoolModel,
    part: &[usize],
    tours: &[Variable],
    vars: &mut ProblemVariables,
) -> (BTreeMap<usize, Expression>, Vec<Constraint>) {
    let mut sums: BTreeMap<usize, Expression> = BTreeMap::new();
    for (i, &j) in part.iter().enumerate() {
        for &s in &m.tours[j].shifts {
            sums.entry(s).or_default().add_mul(1.0, tours[i]);
        }
    }
    let mut on_shift = BTreeMap::new();
    let mut linking = Vec::with_capacity(sums.len());
    for (s, sum) in sums {
        let x = vars.add(variable().min(0.0));
        linking.push((sum - x).eq(0.0));
        on_shift.insert(s, Expression::from(x));
    }
    (on_shift, linking)
}

/// The agents on the floor at each interval of `rows`, shortfall included
/// (the left side of its coverage row), the break rows (one per break of
/// each shift), adding the break variables y_b to `vars`, and the
/// agent-intervals on the floor over the whole horizon (every interval a
/// shift works, less its breaks, as the search counts a plan's).
fn coverage_and_breaks(
    m: &PoolModel,
    rows: &[usize],
    short: &[Variable],
    on_shift: &BTreeMap<usize, Expression>,
    vars: &mut ProblemVariables,
) -> (Vec<Expression>, Vec<Constraint>, Expression) {
    let mut row_of = vec![None; m.required.len()];
    for (i, &t) in rows.iter().enumerate() {
        row_of[t] = Some(i);
    }
    let mut cover: Vec<Expression> = short.iter().map(|&v| Expression::from(v)).collect();
    let mut breaks = Vec::new();
    let mut floor = Expression::default();
    for (&s, agents) in on_shift {
        let shift = &m.shifts[s];
        floor += agents.clone() * shift.intervals.len() as f64;
        for &t in &shift.intervals {
            if let Some(i) = row_of[t] {
                cover[i] += agents.clone();
            }
        }
        for slots in &shift.breaks {
            let mut taken = Expression::default();
            for slot in slots {
                let y = vars.add(variable().min(0.0));
                taken.add_mul(1.0, y);
                let off: f64 = slot.cover.iter().map(|&(_, share)| share).sum();
                floor.add_mul(-off, y);
                for &(t, share) in &slot.cover {
                    if let Some(i) = row_of[t] {
                        cover[i].add_mul(-share, y);
                    }
                }
            }
            breaks.push((taken - agents.clone()).eq(0.0));
        }
    }
    (cover, breaks, floor)
}

/// At most `cap` agents on each `trip`: starting at each start time, or
/// ending at each end time.
fn trip_cap(
    m: &PoolModel,
    on_shift: &BTreeMap<usize, Expression>,
    trip: Trip,
    cap: u32,
) -> Vec<Constraint> {
    let mut by_start: BTreeMap<usize, Expression> = BTreeMap::new();
    for (&s, agents) in on_shift {
        *by_start.entry(m.shifts[s].slot(trip)).or_default() += agents.clone();
    }
    by_start
        .into_values()
        .map(|row| row.leq(f64::from(cap)))
        .collect()
}

/// Each template's `min_agents` and `max_agents` on every day it works.
fn template_limits(
    m: &PoolModel,
    on_shift: &BTreeMap<usize, Expression>,
    templates: &[Template],
) -> Vec<Constraint> {
    let mut by_day: BTreeMap<(usize, usize), Expression> = BTreeMap::new();
    for (&s, agents) in on_shift {
        let shift = &m.shifts[s];
        let t = &templates[shift.template];
        if t.min_agents.is_some() || t.max_agents.is_some() {
            *by_day.entry((shift.template, shift.day)).or_default() += agents.clone();
        }
    }
    let mut rows = Vec::new();
    for ((t, _), row) in by_day {
        if let Some(lo) = templates[t].min_agents {
            rows.push(row.clone().geq(f64::from(lo)));
        }
        if let Some(hi) = templates[t].max_agents {
            rows.push(row.leq(f64::from(hi)));
        }
    }
    rows
}

/// Each template's `min_share` and `max_share` of the part's head count
/// (a part is one week of tours, or the whole horizon of one week).
fn shares(
    m: &PoolModel,
    part: &[usize],
    tours: &[Variable],
    templates: &[Template],
) -> Vec<Constraint> {
    let mut rows = Vec::new();
    let shared = |(_, t): &(usize, &Template)| t.has_share() && t.pools.contains(&m.pool);
    for (t, template) in templates.iter().enumerate().filter(shared) {
        let mut own = Expression::default();
        let mut all = Expression::default();
        for (i, &j) in part.iter().enumerate() {
            all.add_mul(1.0, tours[i]);
            if m.tour_template(j) == t {
                own.add_mul(1.0, tours[i]);
            }
        }
        if let Some(lo) = template.min_share {
            rows.push((own.clone() - lo * all.clone()).geq(0.0));
        }
        if let Some(hi) = template.max_share {
            rows.push((own - hi * all).leq(0.0));
        }
    }
    rows
}

/// The staff's caps on groups of the part's tours (every group lies in
/// one week, so in one part or none).
fn group_caps(m: &PoolModel, part: &[usize], tours: &[Variable]) -> Vec<Constraint> {
    let mut at = vec![None; m.tours.len()];
    for (i, &j) in part.iter().enumerate() {
        at[j] = Some(i);
    }
    m.groups
        .iter()
        .filter_map(|g| {
            let vars: Option<Vec<usize>> = g.tours.iter().map(|&j| at[j]).collect();
            let row: Expression = vars?.into_iter().map(|i| tours[i]).sum();
            Some(row.leq(f64::from(g.cap)))
        })
        .collect()
}

/// The LP bound raised by branching once on the part's head count: every
/// plan has a whole number of agents on the part's tours, so when the LP
/// optimum has N* (fractional) agents, every plan is feasible for the LP with
/// Σ tours ≤ ⌊N*⌋ or for the one with Σ tours ≥ ⌈N*⌉, and the lower of the
/// two optima is still a lower bound (the two LPs are solved at the same
/// time). `solve(fewer, rhs)` gives the optimum
/// with Σ tours ≤ rhs (`fewer`) or ≥ rhs, infinity when infeasible, `None`
/// when the solver fails (the plain bound then stands). Returns the bound
/// and, when solved, ⌊N*⌋ with the optimum of the branch with fewer agents.
fn branch_on_headcount(
    tours: &[f64],
    bound: f64,
    solve: impl Fn(bool, f64) -> Option<f64> + Sync,
) -> (f64, Option<(u32, f64)>) {
    let agents: f64 = tours.iter().sum();
    let fraction = agents - agents.floor();
    if !(1e-6..=1.0 - 1e-6).contains(&fraction) {
        return (bound, None);
    }
    let (fewer, more) = rayon::join(
        || solve(true, agents.floor()),
        || solve(false, agents.ceil()),
    );
    let at_most = fewer.map(|b| (agents.floor() as u32, b));
    match (fewer, more) {
        (Some(fewer), Some(more)) => (fewer.min(more).max(bound), at_most),
        _ => (bound, at_most),
    }
}

#[cfg(test)]
mod tests;
