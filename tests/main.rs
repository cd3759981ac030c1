//! The integration suite: one test binary (`autotests = false`), one module
//! per area. Every test runs the real `staffplan` binary.

mod bad_input;
mod cli;
mod common;
mod compare;
mod dst;
mod files;
mod fuzz;
mod outputs;
mod plan;
mod report;
mod roster;
mod simulate;
