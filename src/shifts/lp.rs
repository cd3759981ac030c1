//! The LP relaxation of a pool's covering problem, with good_lp.

use std::collections::BTreeMap;

use good_lp::{variable, variables, Expression, Solution, SolverModel, Variable};

use super::PoolModel;
use crate::scenario::Template;

/// Name of the LP solver in this build.
#[cfg(not(feature = "highs"))]
pub const SOLVER: &str = "microlp";
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

/// Agents working each shift, as LP expressions of the tour variables.
fn shift_expressions(m: &PoolModel, tours: &[Variable]) -> Vec<Expression> {
    let mut x: Vec<Expression> = vec![Expression::default(); m.shifts.len()];
    for (j, tour) in m.tours.iter().enumerate() {
        for &s in &tour.shifts {
            x[s].add_mul(1.0, tours[j]);
        }
    }
    x
}

/// Solve the relaxation of `m` (with the site's start cap applied to this
/// pool alone, which keeps it a relaxation of the site-wide problem).
pub fn solve(m: &PoolModel, cap: Option<u32>, templates: &[Template]) -> Result<Relaxed, String> {
    let mut vars = variables!();
    let tours: Vec<Variable> = m
        .tours
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let short: Vec<Variable> = m
        .required
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let x = shift_expressions(m, &tours);
    let mut cover: Vec<Expression> = (0..m.required.len())
        .map(|t| Expression::from(short[t]))
        .collect();
    let mut break_rows = Vec::new();
    for (s, shift) in m.shifts.iter().enumerate() {
        for &t in &shift.intervals {
            cover[t] += x[s].clone();
        }
        for slots in &shift.breaks {
            let mut sum = Expression::default();
            for slot in slots {
                let y = vars.add(variable().min(0.0));
                sum.add_mul(1.0, y);
                for &(t, share) in &slot.cover {
                    cover[t].add_mul(-share, y);
                }
            }
            break_rows.push(sum - x[s].clone());
        }
    }
    let mut objective = Expression::default();
    for (j, tour) in m.tours.iter().enumerate() {
        objective.add_mul(tour.cost, tours[j]);
    }
    for v in &short {
        objective.add_mul(m.penalty, *v);
    }
    #[cfg(not(feature = "highs"))]
    let mut problem = vars.minimise(objective.clone()).using(good_lp::microlp);
    #[cfg(feature = "highs")]
    let mut problem = vars.minimise(objective.clone()).using(good_lp::highs);
    for (t, row) in cover.into_iter().enumerate() {
        problem = problem.with(row.geq(m.required[t]));
    }
    for row in break_rows {
        problem = problem.with(row.eq(0.0));
    }
    if let Some(cap) = cap {
        let mut by_start: BTreeMap<usize, Expression> = BTreeMap::new();
        for (s, shift) in m.shifts.iter().enumerate() {
            *by_start.entry(shift.first).or_default() += x[s].clone();
        }
        for (_, row) in by_start {
            problem = problem.with(row.leq(f64::from(cap)));
        }
    }
    let mut by_day: BTreeMap<(usize, usize), Expression> = BTreeMap::new();
    for (s, shift) in m.shifts.iter().enumerate() {
        let t = &templates[shift.template];
        if t.min_agents.is_some() || t.max_agents.is_some() {
            *by_day.entry((shift.template, shift.day)).or_default() += x[s].clone();
        }
    }
    for ((t, _), row) in by_day {
        if let Some(lo) = templates[t].min_agents {
            problem = problem.with(row.clone().geq(f64::from(lo)));
        }
        if let Some(hi) = templates[t].max_agents {
            problem = problem.with(row.leq(f64::from(hi)));
        }
    }
    let solution = problem.solve().map_err(|e| e.to_string())?;
    Ok(Relaxed {
        tours: tours.iter().map(|v| solution.value(*v).max(0.0)).collect(),
        bound: solution.eval(&objective),
    })
}
