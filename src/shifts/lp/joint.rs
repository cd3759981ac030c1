//! One LP for several pools that share a head count: how many of the
//! `agents.count` people each pool's plan should have when there are too
//! few for all (soft coverage), so that the split itself is chosen for the
//! least cost and shortfall penalty, not by a fixed rule.

use std::collections::BTreeMap;

use good_lp::{Expression, ProblemVariables, Solution, SolverModel};

use super::{backend, CoverLp, Goal};
use crate::scenario::Template;
use crate::shifts::{Caps, PoolModel};

/// Agents of each pool (the most in any period) in the optimum of the
/// pools' covering LPs ([`CoverLp`], each with its own caps and limits)
/// solved as one, with the row Σ over pools of the agents on a period's
/// tours ≤ `n` for every period. `periods[i]` gives pool `i`'s tours by
/// period (the same keys across pools).
pub fn heads_sharing(
    models: &[PoolModel],
    caps: impl Fn(&PoolModel) -> Caps,
    templates: &[Template],
    periods: &[BTreeMap<usize, Vec<usize>>],
    n: u32,
) -> Result<Vec<f64>, String> {
    let mut vars = ProblemVariables::new();
    let mut lps = Vec::with_capacity(models.len());
    for m in models {
        let part: Vec<usize> = (0..m.tours.len()).collect();
        let rows: Vec<usize> = (0..m.required.len()).collect();
        let mut lp = CoverLp::adding_to(
            vars,
            m,
            &part,
            &rows,
            Some((caps(m), templates)),
            Goal::Cost,
        );
        vars = std::mem::take(&mut lp.vars);
        lps.push(lp);
    }
    let mut shared: BTreeMap<usize, Expression> = BTreeMap::new();
    for (lp, periods) in lps.iter().zip(periods) {
        for (&period, tours) in periods {
            let row = shared.entry(period).or_default();
            for &j in tours {
                *row += lp.tours[j];
            }
        }
    }
    let objective: Expression = lps.iter().map(|lp| lp.objective.clone()).sum();
    let constraints = lps
        .iter()
        .flat_map(|lp| lp.constraints.iter().cloned())
        .chain(shared.into_values().map(|row| row.leq(f64::from(n))));
    let solution = backend::using(vars.minimise(objective))
        .with_all(constraints)
        .solve()
        .map_err(|e| e.to_string())?;
    Ok(lps
        .iter()
        .zip(periods)
        .map(|(lp, periods)| {
            periods
                .values()
                .map(|tours| {
                    tours
                        .iter()
                        .map(|&j| solution.value(lp.tours[j]))
                        .sum::<f64>()
                })
                .fold(0.0, f64::max)
        })
        .collect())
}
