//! The rows that put a service-level window into the covering LP
//! ([`WindowSteps`], after Koole & van der Sluis 2003's global service
//! level constraint): each interval's agents on the floor after shrinkage
//! hold its own limits plus unit steps zₜₖ ∈ [0, 1], and each window's
//! steps answer the contacts it still lacks in time.
//!
//! ```text
//! (1 − shrinkage)·(Σₖ∋ₜ Xₖ − breaks + sₜ) − Σₖ zₜₖ ≥ baseₜ     every interval t with steps
//! Σₜ∈w Σₖ gₜₖ·zₜₖ ≥ short_w                                  every window w short at base
//! ```
//!
//! A window with an interval outside the part's rows (a multi-week
//! horizon cut into weeks) is dropped, which only loosens the part.

use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};

use crate::staffing::WindowSteps;

/// The rows above for the intervals of `rows` (`cover[i]` the agents on
/// the floor at `rows[i]`, shortfall included), adding the step variables
/// to `vars`.
pub(super) fn rows(
    w: &WindowSteps,
    rows: &[usize],
    cover: &[Expression],
    vars: &mut ProblemVariables,
) -> Vec<Constraint> {
    let mut at = vec![None; w.base.len()];
    let mut constraints = Vec::new();
    let mut steps = Vec::new();
    for (i, &t) in rows.iter().enumerate() {
        let z: Vec<Variable> = (0..w.steps[t])
            .map(|_| vars.add(variable().min(0.0).max(1.0)))
            .collect();
        let mut floor = (1.0 - w.shrinkage) * cover[i].clone();
        for &v in &z {
            floor.add_mul(-1.0, v);
        }
        constraints.push(floor.geq(f64::from(w.base[t])));
        at[t] = Some(steps.len());
        steps.push(z);
    }
    for window in &w.windows {
        let mut answered = Expression::default();
        let mut whole = true;
        for (t, gains) in &window.gains {
            let Some(k) = at[*t] else {
                whole = false;
                break;
            };
            for (g, &z) in gains.iter().zip(&steps[k]) {
                answered.add_mul(*g, z);
            }
        }
        if whole {
            constraints.push(answered.geq(window.short));
        }
    }
    constraints
}
