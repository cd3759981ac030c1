//! Staffing maths for contact centres: Erlang B, C and A, chat concurrency,
//! deadline (e-mail / back-office) work and shrinkage. Pure functions, no I/O.
//!
//! # Conventions (the product contract, docs/spec.md "Maths conventions")
//!
//! * Offered load `A = λ·AHT` in Erlangs, with `λ = volume / interval_s`, computed as
//!   `volume · aht_s / interval_s` (multiplying first keeps integer inputs exact).
//! * Erlang B by the stable recursion `B(0) = 1`, `B(n) = A·B(n−1) / (n + A·B(n−1))`
//!   (Erlang 1917), evaluated in the equivalent form `1/B(n) = 1 + (n/A)·(1/B(n−1))`,
//!   which has no division on the critical path and no cancellation; it is stable to
//!   `A = 50 000` and beyond.
//! * Erlang C: `C(N, A) = N·B / (N − A(1 − B))` for `N > A`, else 1.
//!   `SL(N) = 1 − C·exp(−(N − A)·T / AHT)` for `N > A`, else 0;
//!   `ASA = C·AHT / (N − A)` over all contacts; occupancy `A / N`.
//! * Erlang A (M/M/N+M, Garnett, Mandelbaum & Reiman 2002) when a mean patience is
//!   given: the exact birth–death chain, abandons count as failures in the service
//!   level, ASA is over answered contacts, occupancy is carried load ÷ N.
//! * Chat with concurrency `c`: the servers are sessions, found as above with the
//!   session AHT; agents = ⌈sessions ÷ c⌉.
//! * Rounding is exact: a figure that is an integer up to floating-point noise is
//!   that integer ([`ceil_exact`], [`floor_exact`], relative tolerance 1e-9), so
//!   42 ÷ (1 − 0.3) needs 60 agents, not 61.
//! * Required staffing is the smallest integer that meets every target, found by
//!   stepping upward from a proven lower bound while continuing the Erlang B
//!   recursion (never restarting it per candidate).
//!
//! Every function validates its arguments and returns [`ErlangError`] instead of
//! panicking or dividing by zero.

use serde::{Deserialize, Serialize};
use thiserror::Error;

mod a;
mod c;
mod search;
mod workload;

pub use a::erlang_a;
pub use c::{erlang_b, erlang_c, service_level_c};
pub use search::{figures_at, required, Missed};
pub use workload::{
    combined_shrinkage, deadline_profile, deadline_required, gross_raw, with_shrinkage,
};

/// Relative tolerance of exact rounding: `x` is taken as the integer `round(x)` when
/// `|x − round(x)| ≤ EXACT_TOLERANCE · max(1, |x|)`.
pub const EXACT_TOLERANCE: f64 = 1e-9;

/// Absolute slack allowed when comparing a service level (or occupancy) with its
/// target, so that a target met exactly is not missed through rounding noise.
pub const SL_TOLERANCE: f64 = 1e-12;

/// Largest offered load accepted, in Erlangs (one million simultaneous contacts).
pub const MAX_ERLANGS: f64 = 1e6;

/// Most queue states the Erlang A tail sum visits for one staffing level before it
/// gives up with [`ErlangError::NotConverged`].
pub const MAX_TAIL_TERMS: usize = 5_000_000;

/// Largest accepted ratio of mean patience to AHT for Erlang A, and of AHT to mean
/// patience: beyond the first the model is Erlang C to many digits (omit the
/// patience); beyond the second nobody waits.
pub const MAX_PATIENCE_RATIO: f64 = 1e12;

/// Why a staffing calculation could not be done.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ErlangError {
    /// An argument is NaN, infinite or out of its range.
    #[error("{field}: expected {expected}, got {got}")]
    InvalidArgument {
        /// Name of the argument, spelled like the batch CSV column (`aht_s`, …).
        field: &'static str,
        /// What would be valid.
        expected: &'static str,
        /// The value given.
        got: f64,
    },
    /// A service-level target of exactly 100 % was asked for.
    #[error(
        "sl_target: a service level of 100 % can never be met: with random arrivals a contact \
         can always wait longer than {sl_seconds} s; use a target below 1, e.g. 0.99"
    )]
    CertainServiceLevel {
        /// The service-level threshold T in seconds.
        sl_seconds: f64,
    },
    /// No staffing up to a generous cap meets the targets.
    #[error(
        "{field}: no staffing up to {cap} servers meets the target; \
         loosen the {field} target"
    )]
    Unreachable {
        /// The target that could not be met (`sl_target`, `asa_s`, `max_occupancy`).
        field: &'static str,
        /// The largest number of servers tried.
        cap: u32,
    },
    /// The offered load is beyond what this module supports.
    #[error("volume: the offered load of {erlangs} Erlangs is above the supported maximum of {max} Erlangs")]
    LoadTooLarge {
        /// Offered load in Erlangs.
        erlangs: f64,
        /// [`MAX_ERLANGS`].
        max: f64,
    },
    /// Agents × concurrency does not fit in a `u32`.
    #[error(
        "agents: {agents} agents at concurrency {concurrency} is more sessions than supported"
    )]
    TooManyServers {
        /// Agents asked for.
        agents: u32,
        /// Sessions per agent.
        concurrency: u32,
    },
    /// The Erlang A queue is so long (patience very long against an overload) that
    /// its distribution could not be summed within [`MAX_TAIL_TERMS`] states.
    #[error(
        "patience_s: Erlang A at {servers} servers did not converge: the queue would hold more \
         than {max_terms} contacts; patience is too long for this overload (omit it for Erlang C \
         or add agents)"
    )]
    NotConverged {
        /// Servers at which the evaluation failed.
        servers: u32,
        /// [`MAX_TAIL_TERMS`].
        max_terms: usize,
    },
    /// A deadline shorter than one interval.
    #[error(
        "deadline_s: a deadline of {deadline_s} s is shorter than the {interval_s} s interval; \
         use a deadline of at least one interval (shorter ones are queues: use Erlang C)"
    )]
    DeadlineTooShort {
        /// Deadline in seconds.
        deadline_s: f64,
        /// Interval length in seconds.
        interval_s: f64,
    },
}

impl ErlangError {
    /// The input field (named like the batch CSV column) the error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ErlangError::InvalidArgument { field, .. } | ErlangError::Unreachable { field, .. } => {
                Some(field)
            }
            ErlangError::CertainServiceLevel { .. } => Some("sl_target"),
            ErlangError::LoadTooLarge { .. } => Some("volume"),
            ErlangError::TooManyServers { .. } => Some("agents"),
            ErlangError::NotConverged { .. } => Some("patience_s"),
            ErlangError::DeadlineTooShort { .. } => Some("deadline_s"),
        }
    }

    /// The message with its leading field name replaced by the caller's name
    /// for it (a command-line flag, a scenario key): `rename("aht_s")` → `--aht`.
    pub fn message_as(&self, rename: impl Fn(&'static str) -> &'static str) -> String {
        let text = self.to_string();
        match self.field() {
            Some(field) => match text.strip_prefix(field).and_then(|t| t.strip_prefix(':')) {
                Some(rest) => format!("{}:{rest}", rename(field)),
                None => text,
            },
            None => text,
        }
    }
}

/// Service targets a staffing level must meet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Service-level target as a fraction in (0, 1]: share of offered contacts answered
    /// within `sl_seconds` (0.8 for 80/20). 1.0 is accepted but can never be met.
    pub sl: f64,
    /// Service-level threshold T in seconds (≥ 0; 0 means "answered without waiting").
    pub sl_seconds: f64,
    /// Optional ASA target in seconds (> 0): over all contacts for Erlang C, over
    /// answered contacts for Erlang A.
    pub asa_s: Option<f64>,
    /// Occupancy cap as a fraction in (0, 1]; 1.0 means no cap.
    pub max_occupancy: f64,
}

impl Target {
    /// Checks every field; the error names the field and what would be valid.
    ///
    /// ```
    /// use staffplan::erlang::Target;
    /// let t = Target { sl: 0.8, sl_seconds: 20.0, asa_s: None, max_occupancy: 1.0 };
    /// assert!(t.validate().is_ok());
    /// assert!(Target { sl: 80.0, ..t }.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), ErlangError> {
        check(
            "sl_target",
            "a fraction in (0, 1], e.g. 0.8 for 80 %",
            self.sl,
            self.sl > 0.0 && self.sl <= 1.0,
        )?;
        check(
            "sl_seconds",
            "a number of seconds >= 0",
            self.sl_seconds,
            self.sl_seconds.is_finite() && self.sl_seconds >= 0.0,
        )?;
        if let Some(asa) = self.asa_s {
            check(
                "asa_s",
                "a positive number of seconds",
                asa,
                asa.is_finite() && asa > 0.0,
            )?;
        }
        check(
            "max_occupancy",
            "a fraction in (0, 1] (1 = no cap)",
            self.max_occupancy,
            self.max_occupancy > 0.0 && self.max_occupancy <= 1.0,
        )
    }
}

/// Work offered to one queue (or pool) in one interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Load {
    /// Contacts offered in the interval (≥ 0).
    pub volume: f64,
    /// Interval length in seconds (> 0).
    pub interval_s: f64,
    /// Average handle time in seconds (> 0); for chat, the session handle time at
    /// the given concurrency.
    pub aht_s: f64,
    /// Mean patience in seconds (exponential) for Erlang A; `None` for Erlang C.
    pub patience_s: Option<f64>,
    /// Sessions one agent handles at once (1 for voice).
    pub concurrency: u32,
}

impl Load {
    /// A voice load (concurrency 1, no patience: Erlang C).
    pub fn voice(volume: f64, interval_s: f64, aht_s: f64) -> Load {
        Load {
            volume,
            interval_s,
            aht_s,
            patience_s: None,
            concurrency: 1,
        }
    }

    /// Offered load `A = volume · aht_s / interval_s` in Erlangs (`λ·AHT`).
    ///
    /// Returns NaN when `interval_s` is not positive (no division by zero); use
    /// [`Load::validate`] to get a typed error instead.
    ///
    /// ```
    /// use staffplan::erlang::Load;
    /// // 120 calls in 30 minutes at 4 minutes each: 120 × 240 / 1800 = 16 Erlangs.
    /// assert_eq!(Load::voice(120.0, 1800.0, 240.0).erlangs(), 16.0);
    /// ```
    pub fn erlangs(&self) -> f64 {
        if self.interval_s > 0.0 {
            self.volume * self.aht_s / self.interval_s
        } else {
            f64::NAN
        }
    }

    /// Checks every field (and that the load is finite and at most [`MAX_ERLANGS`]).
    pub fn validate(&self) -> Result<(), ErlangError> {
        self.checked_erlangs().map(|_| ())
    }

    fn checked_erlangs(&self) -> Result<f64, ErlangError> {
        check(
            "volume",
            "a number of contacts >= 0",
            self.volume,
            self.volume.is_finite() && self.volume >= 0.0,
        )?;
        check(
            "interval_s",
            "a positive number of seconds",
            self.interval_s,
            self.interval_s.is_finite() && self.interval_s > 0.0,
        )?;
        check(
            "aht_s",
            "a positive number of seconds",
            self.aht_s,
            self.aht_s.is_finite() && self.aht_s > 0.0,
        )?;
        if let Some(p) = self.patience_s {
            check(
                "patience_s",
                "a positive number of seconds",
                p,
                p.is_finite() && p > 0.0,
            )?;
            check(
                "patience_s",
                "a patience between 1e-12 and 1e12 times aht_s (longer is Erlang C: omit it)",
                p,
                patience_ratio_ok(p, self.aht_s),
            )?;
        }
        check(
            "concurrency",
            "a whole number of sessions per agent >= 1",
            f64::from(self.concurrency),
            self.concurrency >= 1,
        )?;
        let a = self.erlangs();
        if !(a.is_finite() && a <= MAX_ERLANGS) {
            return Err(ErlangError::LoadTooLarge {
                erlangs: a,
                max: MAX_ERLANGS,
            });
        }
        Ok(a)
    }
}

/// Staffing figures at one staffing level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// Offered load in Erlangs (raw, before any rounding).
    pub erlangs: f64,
    /// Servers: sessions for chat, equal to `agents` for voice.
    pub servers: u32,
    /// Agents: ⌈servers ÷ concurrency⌉ for a requirement; as given for a reverse
    /// calculation (then `servers = agents × concurrency`).
    pub agents: u32,
    /// Service level: share of offered contacts answered within T (abandons fail).
    pub sl: f64,
    /// Average speed of answer in seconds: over all contacts (Erlang C) or over
    /// answered contacts (Erlang A). Infinite when the queue is unstable.
    pub asa_s: f64,
    /// Probability that an arriving contact waits.
    pub p_wait: f64,
    /// Server occupancy: offered (C) or carried (A) load ÷ servers, in [0, 1].
    pub occupancy: f64,
    /// Probability that a contact abandons (Erlang A only).
    pub p_abandon: Option<f64>,
}

/// Erlang A figures at one staffing level (see [`erlang_a`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ErlangA {
    /// P(an arrival waits).
    pub p_wait: f64,
    /// P(an arrival abandons).
    pub p_abandon: f64,
    /// Answered within T ÷ offered (abandons count as failures).
    pub sl: f64,
    /// Mean wait of answered contacts, seconds.
    pub asa_answered_s: f64,
    /// Carried load ÷ servers.
    pub occupancy: f64,
}

fn check(
    field: &'static str,
    expected: &'static str,
    got: f64,
    ok: bool,
) -> Result<(), ErlangError> {
    if ok {
        Ok(())
    } else {
        Err(ErlangError::InvalidArgument {
            field,
            expected,
            got,
        })
    }
}

fn patience_ratio_ok(patience_s: f64, aht_s: f64) -> bool {
    patience_s / aht_s <= MAX_PATIENCE_RATIO && aht_s / patience_s <= MAX_PATIENCE_RATIO
}

fn snap(x: f64) -> Option<f64> {
    let r = x.round();
    if (x - r).abs() <= EXACT_TOLERANCE * x.abs().max(1.0) {
        Some(r)
    } else {
        None
    }
}

/// Ceiling with exact rounding: a value within a relative 1e-9 of an integer is that
/// integer; otherwise the usual ceiling. NaN and infinities pass through.
///
/// ```
/// use staffplan::erlang::ceil_exact;
/// assert_eq!(ceil_exact(42.0 / (1.0 - 0.3)), 60.0); // float gives 60.000000000000014
/// assert_eq!(ceil_exact(17.0 / 0.85), 20.0);
/// assert_eq!(ceil_exact(20.5), 21.0);
/// ```
pub fn ceil_exact(x: f64) -> f64 {
    snap(x).unwrap_or_else(|| x.ceil())
}

/// Floor with exact rounding: a value within a relative 1e-9 of an integer is that
/// integer; otherwise the usual floor. NaN and infinities pass through.
///
/// ```
/// use staffplan::erlang::floor_exact;
/// assert_eq!(floor_exact(2.9999999999999996), 3.0);
/// assert_eq!(floor_exact(2.5), 2.0);
/// ```
pub fn floor_exact(x: f64) -> f64 {
    snap(x).unwrap_or_else(|| x.floor())
}

#[cfg(test)]
mod tests;
