//! The LP relaxation of a pool's covering problem, with good_lp.

use std::collections::BTreeMap;

use good_lp::{variable, variables, Constraint, Expression, Solution, SolverModel, Variable};
use rayon::prelude::*;

use super::PoolModel;
use crate::scenario::Template;

/// Name of the LP solver in this build.
#[cfg(not(feature = "highs"))]
pub const SOLVER: &str = "clarabel";

/// Interior-point iterations allowed per LP (Clarabel's default, stated so
/// the work is bounded by a count, not by the clock: LPs of a week's pool
/// converge in 20 to 40).
#[cfg(not(feature = "highs"))]
const MAX_ITERATIONS: u32 = 200;
/// Name of the LP solver in this build.
#[cfg(feature = "highs")]
pub const SOLVER: &str = "highs";

/// The relaxed solution: fractional agents per tour, shortfall per interval,
/// and the objective, a lower bound on any integer plan's cost + penalty.
#[derive(Debug, Clone)]
pub struct Relaxed {
    /// Agents per tour.
    pub tours: Vec<f64>,
    /// Objective value.
    pub bound: f64,
}

/// Solve the relaxation of `m` (with the site's start cap applied to this
/// pool alone, which keeps it a relaxation of the site-wide problem).
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
pub fn solve(m: &PoolModel, cap: Option<u32>, templates: &[Template]) -> Result<Relaxed, String> {
    let week_of = |j: usize| {
        m.tours[j]
            .shifts
            .first()
            .map_or(0, |&s| m.shifts[s].day / 7)
    };
    let weeks = m
        .tours
        .iter()
        .enumerate()
        .map(|(j, _)| week_of(j))
        .max()
        .map_or(1, |w| w + 1);
    let parts: Vec<Vec<usize>> = if weeks >= 2 {
        (0..weeks)
            .map(|w| (0..m.tours.len()).filter(|&j| week_of(j) == w).collect())
            .collect()
    } else {
        vec![(0..m.tours.len()).collect()]
    };
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
    let solved = parts
        .par_iter()
        .enumerate()
        .map(|(k, part)| {
            // Rows no shift works stay in the first part, to be short there.
            let rows: Vec<usize> = (0..m.required.len())
                .filter(|&t| owner[t] == Some(Some(k)) || (k == 0 && owner[t].is_none()))
                .collect();
            solve_part(m, part, &rows, cap, templates)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut tours = vec![0.0; m.tours.len()];
    let mut bound = 0.0;
    for (part, (values, objective)) in parts.iter().zip(solved) {
        for (&j, v) in part.iter().zip(values) {
            tours[j] = v;
        }
        bound += objective;
    }
    Ok(Relaxed { tours, bound })
}

/// The LP of the tours `part` covering the intervals `rows`: agents per
/// tour and the optimum.
fn solve_part(
    m: &PoolModel,
    part: &[usize],
    rows: &[usize],
    cap: Option<u32>,
    templates: &[Template],
) -> Result<(Vec<f64>, f64), String> {
    let mut vars = variables!();
    let tours: Vec<Variable> = part.iter().map(|_| vars.add(variable().min(0.0))).collect();
    let mut row_of = vec![None; m.required.len()];
    for (i, &t) in rows.iter().enumerate() {
        row_of[t] = Some(i);
    }
    let short: Vec<Variable> = rows.iter().map(|_| vars.add(variable().min(0.0))).collect();
    // Agents working each shift of the part, as expressions of its tours.
    let mut x: BTreeMap<usize, Expression> = BTreeMap::new();
    for (i, &j) in part.iter().enumerate() {
        for &s in &m.tours[j].shifts {
            x.entry(s).or_default().add_mul(1.0, tours[i]);
        }
    }
    let mut cover: Vec<Expression> = short.iter().map(|&v| Expression::from(v)).collect();
    let mut break_rows = Vec::new();
    for (&s, agents) in &x {
        let shift = &m.shifts[s];
        for &t in &shift.intervals {
            if let Some(i) = row_of[t] {
                cover[i] += agents.clone();
            }
        }
        for slots in &shift.breaks {
            let mut sum = Expression::default();
            for slot in slots {
                let y = vars.add(variable().min(0.0));
                sum.add_mul(1.0, y);
                for &(t, share) in &slot.cover {
                    if let Some(i) = row_of[t] {
                        cover[i].add_mul(-share, y);
                    }
                }
            }
            break_rows.push(sum - agents.clone());
        }
    }
    let mut objective = Expression::default();
    for (i, &j) in part.iter().enumerate() {
        objective.add_mul(m.tours[j].cost, tours[i]);
    }
    for v in &short {
        objective.add_mul(m.penalty, *v);
    }
    let mut constraints: Vec<Constraint> = Vec::new();
    for (row, &t) in cover.into_iter().zip(rows) {
        constraints.push(row.geq(m.required[t]));
    }
    for row in break_rows {
        constraints.push(row.eq(0.0));
    }
    if let Some(cap) = cap {
        let mut by_start: BTreeMap<usize, Expression> = BTreeMap::new();
        for (&s, agents) in &x {
            *by_start.entry(m.shifts[s].first).or_default() += agents.clone();
        }
        for (_, row) in by_start {
            constraints.push(row.leq(f64::from(cap)));
        }
    }
    let mut by_day: BTreeMap<(usize, usize), Expression> = BTreeMap::new();
    for (&s, agents) in &x {
        let shift = &m.shifts[s];
        let t = &templates[shift.template];
        if t.min_agents.is_some() || t.max_agents.is_some() {
            *by_day.entry((shift.template, shift.day)).or_default() += agents.clone();
        }
    }
    for ((t, _), row) in by_day {
        if let Some(lo) = templates[t].min_agents {
            constraints.push(row.clone().geq(f64::from(lo)));
        }
        if let Some(hi) = templates[t].max_agents {
            constraints.push(row.leq(f64::from(hi)));
        }
    }
    // The LP, with one more row when branching: agents per tour and the
    // optimum, `None` when infeasible.
    let lp = |extra: Option<Constraint>| -> Result<Option<(Vec<f64>, f64)>, String> {
        let problem = vars.clone().minimise(objective.clone());
        #[cfg(not(feature = "highs"))]
        let problem = {
            let mut problem = problem.using(good_lp::clarabel);
            problem.settings().max_iter(MAX_ITERATIONS);
            problem
        };
        #[cfg(feature = "highs")]
        let problem = problem.using(good_lp::highs);
        let problem = problem.with_all(constraints.iter().cloned().chain(extra));
        match problem.solve() {
            Ok(s) => Ok(Some((
                tours.iter().map(|v| s.value(*v).max(0.0)).collect(),
                s.eval(&objective),
            ))),
            Err(good_lp::ResolutionError::Infeasible) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    };
    let (values, bound) = lp(None)?.ok_or("the LP relaxation is infeasible")?;
    let bound = branch_on_headcount(&values, bound, |fewer, rhs| {
        let headcount: Expression = tours.iter().sum();
        let row = if fewer {
            headcount.leq(rhs)
        } else {
            headcount.geq(rhs)
        };
        match lp(Some(row)) {
            Ok(Some((_, b))) => Some(b),
            Ok(None) => Some(f64::INFINITY),
            Err(_) => None,
        }
    });
    Ok((values, bound))
}

/// The LP bound raised by branching once on the part's head count: every
/// plan has a whole number of agents on the part's tours, so when the LP
/// optimum has N* (fractional) agents, every plan is feasible for the LP with
/// Σ tours ≤ ⌊N*⌋ or for the one with Σ tours ≥ ⌈N*⌉, and the lower of the
/// two optima is still a lower bound. `solve(fewer, rhs)` gives the optimum
/// with Σ tours ≤ rhs (`fewer`) or ≥ rhs, infinity when infeasible, `None`
/// when the solver fails (the plain bound then stands).
fn branch_on_headcount(
    tours: &[f64],
    bound: f64,
    mut solve: impl FnMut(bool, f64) -> Option<f64>,
) -> f64 {
    let agents: f64 = tours.iter().sum();
    let fraction = agents - agents.floor();
    if !(1e-6..=1.0 - 1e-6).contains(&fraction) {
        return bound;
    }
    match (solve(true, agents.floor()), solve(false, agents.ceil())) {
        (Some(fewer), Some(more)) => fewer.min(more).max(bound),
        _ => bound,
    }
}
