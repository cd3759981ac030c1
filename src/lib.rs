//! staffplan: turn client forecasts in many time zones into the agents a
//! contact-centre site needs every interval, and (in later stages) a costed
//! shift plan, a roster and a report.
//!
//! The stages run in one straight line, each a plain type made by a pure
//! function: [`scenario::Scenario`] ─► [`timegrid::TimeGrid`] ─►
//! [`demand::Demand`] ─► [`staffing::Requirements`] ─► outputs
//! ([`report`], written by [`output`]).
#![warn(missing_docs)]

pub mod batch;
pub mod capacity;
pub mod checker;
pub mod cli;
pub mod commands;
pub mod demand;
pub mod erlang;
pub mod error;
pub mod evaluate;
pub mod figures;
pub mod forecast;
pub mod output;
pub mod pipeline;
pub mod profiles;
pub mod progress;
pub mod report;
pub mod roster;
pub mod scenario;
pub mod shifts;
pub mod simulate;
pub mod staffing;
pub mod text;
pub mod timegrid;
pub mod units;
pub mod yaml;

pub use error::{InputError, Location};
pub use pipeline::staff;
pub use scenario::Scenario;
pub use staffing::Staffed;
