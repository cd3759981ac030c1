//! The optional LP back end (`--features highs`): HiGHS, a C++ library
//! built from source (needs cmake and libclang; see the README).

use good_lp::solvers::highs::HighsProblem;
use good_lp::variable::UnsolvedProblem;

/// Name of the LP solver in this build.
pub const NAME: &str = "highs";

/// `problem`, to be solved by HiGHS.
pub fn using(problem: UnsolvedProblem) -> HighsProblem {
    problem.using(good_lp::highs)
}
