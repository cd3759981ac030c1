//! The default LP back end: good_lp's pure-Rust Clarabel (interior point).
//! Chosen over microlp, whose dual simplex can cycle on degenerate pivots
//! and has no iteration limit (docs/maths.md).

use good_lp::solvers::clarabel::ClarabelProblem;
use good_lp::variable::UnsolvedProblem;

/// Name of the LP solver in this build.
pub const NAME: &str = "clarabel";

/// Interior-point iterations allowed per LP (Clarabel's default, stated so
/// the work is bounded by a count, not by the clock: LPs of a week's pool
/// converge in 20 to 40).
const MAX_ITERATIONS: u32 = 200;

/// `problem`, to be solved by Clarabel within [`MAX_ITERATIONS`].
pub fn using(problem: UnsolvedProblem) -> ClarabelProblem {
    let mut problem = problem.using(good_lp::clarabel);
    problem.settings().max_iter(MAX_ITERATIONS);
    problem
}
