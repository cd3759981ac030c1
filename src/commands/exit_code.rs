//! Exit codes (see docs/spec.md): the commands layer sorts an error chain by the
//! error types of the stages, so the stages need not know about exit codes.

use crate::capacity::Short;
use crate::error::{InputError, UsageError};
use crate::roster::Unstaffed;
use crate::shifts::{Infeasible, Unworkable};

/// A failed run sorted by the exit code it earns (see docs/spec.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Something unexpected: 1.
    Failure = 1,
    /// Bad input or usage: 2.
    BadInput = 2,
    /// The plan is infeasible under the hard rules: 3.
    Infeasible = 3,
}

/// The exit code an error chain earns: 2 when any cause is an input or
/// usage error, 3 for an infeasible plan or roster, else 1.
pub fn exit_code(error: &anyhow::Error) -> ExitCode {
    for cause in error.chain() {
        if let Some(unplanned) = cause.downcast_ref::<super::compare::Unplanned>() {
            return unplanned.code();
        }
        if cause.downcast_ref::<InputError>().is_some()
            || cause.downcast_ref::<UsageError>().is_some()
        {
            return ExitCode::BadInput;
        }
        if cause.downcast_ref::<Infeasible>().is_some()
            || cause.downcast_ref::<Unworkable>().is_some()
            || cause.downcast_ref::<Unstaffed>().is_some()
            || cause.downcast_ref::<Short>().is_some()
        {
            return ExitCode::Infeasible;
        }
    }
    ExitCode::Failure
}
