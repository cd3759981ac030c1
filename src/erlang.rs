//! Staffing maths for contact centres: Erlang B, C and A, chat concurrency,
//! deadline (e-mail / back-office) work and shrinkage. Pure functions, no I/O.
//!
//! # Conventions (the product contract, SPEC.md "Maths conventions")
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

/// `1/B(n, a)` by the Erlang B recursion in the form `R(k) = 1 + (k/a)·R(k−1)`,
/// `R(0) = 1`; `a > 0`. Stops early once `R` overflows (B has underflowed to 0).
fn inv_erlang_b(n: u32, a: f64) -> f64 {
    let mut r = 1.0_f64;
    for k in 1..=n {
        r = next_inv_b(r, k, a);
        if r == f64::INFINITY {
            break;
        }
    }
    r
}

#[inline]
fn next_inv_b(r: f64, k: u32, a: f64) -> f64 {
    1.0 + r * (f64::from(k) / a)
}

/// Erlang B blocking probability `B(n, A)` for `n` servers and `A` Erlangs
/// (Erlang 1917): `B(0) = 1`, `B(k) = A·B(k−1) / (k + A·B(k−1))`.
///
/// Evaluated as `1/B(k) = 1 + (k/A)·(1/B(k−1))` (the same recursion), which never
/// overflows for `k ≤ A` and only underflows B to 0 far above A; stable to
/// `A = 50 000` and beyond. Cost O(n). Dimensionless. Returns NaN when `a` is
/// negative, NaN or infinite.
///
/// ```
/// use staffplan::erlang::erlang_b;
/// assert!((erlang_b(1, 1.0) - 0.5).abs() < 1e-15); // A/(1+A)
/// assert!((erlang_b(2, 1.0) - 0.2).abs() < 1e-15); // (A²/2)/(1+A+A²/2) = 1/5
/// ```
pub fn erlang_b(n: u32, a: f64) -> f64 {
    if !(a.is_finite() && a >= 0.0) {
        return f64::NAN;
    }
    if n == 0 {
        return 1.0;
    }
    if a == 0.0 {
        return 0.0;
    }
    1.0 / inv_erlang_b(n, a)
}

/// True when `n` servers exceed `a` Erlangs under exact rounding (`n > A`).
fn stable(n: u32, a: f64) -> bool {
    f64::from(n) > floor_exact(a)
}

/// Erlang C probability of waiting `C(n, A) = n·B / (n − A(1 − B))` for `n > A`,
/// else 1 (Erlang 1917), with `B = B(n, A)` from [`erlang_b`]. "n > A" uses exact
/// rounding (A = 2 up to float noise is 2). Dimensionless. Returns NaN when `a` is
/// negative, NaN or infinite.
///
/// ```
/// use staffplan::erlang::erlang_c;
/// // B(2,1) = 1/5, so C = 2·(1/5) / (2 − 1·(4/5)) = 1/3.
/// assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-15);
/// assert_eq!(erlang_c(1, 1.0), 1.0); // not stable: everyone waits
/// ```
pub fn erlang_c(n: u32, a: f64) -> f64 {
    if !(a.is_finite() && a >= 0.0) {
        return f64::NAN;
    }
    if !stable(n, a) {
        return 1.0;
    }
    if a == 0.0 {
        return 0.0;
    }
    c_from_inv_b(n, a, inv_erlang_b(n, a))
}

/// `C = n·B/(n − A + A·B) = n / (R·(n − A) + A)` with `R = 1/B`; needs `n > A`.
#[inline]
fn c_from_inv_b(n: u32, a: f64, r: f64) -> f64 {
    let nf = f64::from(n);
    nf / (r * (nf - a) + a)
}

/// Erlang C figures at `n` servers; `r = 1/B(n, a)`, `a > 0`, `aht > 0`.
fn c_figures(n: u32, a: f64, r: f64, aht: f64, t: f64) -> (f64, f64, f64, f64) {
    if !stable(n, a) {
        let occupancy = if n == 0 { 0.0 } else { 1.0 };
        return (1.0, 0.0, f64::INFINITY, occupancy);
    }
    let nf = f64::from(n);
    let excess = nf - a;
    let c = c_from_inv_b(n, a, r);
    let sl = 1.0 - c * (-excess * t / aht).exp();
    let asa = c * aht / excess;
    (c, sl, asa, a / nf)
}

/// Erlang C service level `SL = 1 − C(n, A)·exp(−(n − A)·T/AHT)` for `n > A`, else 0
/// (Erlang 1917): the share of contacts answered within `sl_seconds`. `aht_s` and
/// `sl_seconds` in seconds.
///
/// ```
/// use staffplan::erlang::service_level_c;
/// // C(2,1) = 1/3; with T = 0 the SL is 1 − C = 2/3.
/// let sl = service_level_c(2, 1.0, 180.0, 0.0).unwrap();
/// assert!((sl - 2.0 / 3.0).abs() < 1e-15);
/// ```
pub fn service_level_c(n: u32, a: f64, aht_s: f64, sl_seconds: f64) -> Result<f64, ErlangError> {
    check(
        "erlangs",
        "a load >= 0 in Erlangs",
        a,
        a.is_finite() && a >= 0.0,
    )?;
    check(
        "aht_s",
        "a positive number of seconds",
        aht_s,
        aht_s.is_finite() && aht_s > 0.0,
    )?;
    check(
        "sl_seconds",
        "a number of seconds >= 0",
        sl_seconds,
        sl_seconds.is_finite() && sl_seconds >= 0.0,
    )?;
    if a == 0.0 {
        return Ok(1.0);
    }
    Ok(c_figures(n, a, inv_erlang_b(n, a), aht_s, sl_seconds).1)
}

/// Internal Erlang A result in AHT units.
struct ACore {
    p_wait: f64,
    p_abandon: f64,
    sl: f64,
    /// ASA of answered contacts in units of AHT.
    asa_answered: f64,
    occupancy: f64,
}

/// Below this the negative-binomial weight is kept as a logarithm (exp underflows).
const LN_TINY: f64 = -700.0;
const RESCALE: f64 = 1e250;

/// Running CDF of the negative binomial `u_k = Γ(b+k)/(Γ(b)·k!)·x^k·(1−x)^b`,
/// which gives the regularized incomplete beta for integer first argument:
/// `I_x(k+1, b) = 1 − Σ_{i≤k} u_i` (the recurrence `I_x(n+1, b) = I_x(n, b) − t_n`,
/// `t_n = x^n(1−x)^b/(n·B(n, b)) = u_n`). `x = 1 − e^{−s}` is given through `s ≥ 0`
/// so that `(1−x)^b = e^{−s·b}` stays exact for tiny `s` and huge `b`; while `u_k`
/// would underflow it is carried as a logarithm.
struct NegBinCdf {
    x: f64,
    b: f64,
    k: u64,
    ln_u: f64,
    u: f64,
    linear: bool,
    cdf: f64,
}

impl NegBinCdf {
    fn new(s: f64, b: f64) -> NegBinCdf {
        let ln_u = -s * b;
        let linear = ln_u >= LN_TINY;
        let u = if linear { ln_u.exp() } else { 0.0 };
        NegBinCdf {
            x: -(-s).exp_m1(),
            b,
            k: 0,
            ln_u,
            u,
            linear,
            cdf: u,
        }
    }

    /// `I_x(k+1, b) = 1 − Σ_{i≤k} u_i` for the current k.
    fn upper(&self) -> f64 {
        (1.0 - self.cdf).max(0.0)
    }

    fn advance(&mut self) {
        self.k += 1;
        let kf = self.k as f64;
        let step = self.x * (self.b + kf - 1.0) / kf;
        if self.linear {
            self.u *= step;
        } else {
            self.ln_u += step.ln();
            if self.ln_u >= LN_TINY {
                self.u = self.ln_u.exp();
                self.linear = true;
            }
        }
        self.cdf += self.u;
    }
}

/// Erlang A (M/M/n+M) at `n` servers, all in AHT units: load `a > 0` Erlangs,
/// `r = 1/B(n, a)` (may be infinite), `gamma = AHT/patience > 0`, `tau = T/AHT ≥ 0`.
///
/// Birth–death chain relative to π_n: states k ≤ n sum to `1/B`, so states k < n to
/// `1/B − 1`; the states n + m (m ≥ 0, where an arrival waits) carry weights
/// `w_m = Π_{j=1..m} a/(n + jγ)` (`w_0 = 1`). An arrival finding
/// n + m in the system (PASTA) is served with probability `n/(n + (m+1)γ)`, after a
/// hypoexponential wait with rates `n + jγ`, j = 1..m+1, whose distribution function
/// at T is `I_x(m+1, n/γ + 1)`, `x = 1 − e^{−γτ}` (regularized incomplete beta).
/// `1 − I_x(m+1, b)` is the negative-binomial CDF `Σ_{k≤m} u_k`,
/// `u_0 = (1−x)^b`, `u_k = u_{k−1}·x(b+k−1)/k`, which is how it is computed.
fn erlang_a_core(n: u32, a: f64, r: f64, gamma: f64, tau: f64) -> Result<ACore, ErlangError> {
    if n == 0 {
        return Ok(ACore {
            p_wait: 1.0,
            p_abandon: 1.0,
            sl: 0.0,
            asa_answered: f64::INFINITY,
            occupancy: 0.0,
        });
    }
    let nf = f64::from(n);
    let not_converged = ErlangError::NotConverged {
        servers: n,
        max_terms: MAX_TAIL_TERMS,
    };
    // The weights peak near m* = (a − n)/γ: far beyond the term budget, give up at once.
    if (a - nf) / gamma > (MAX_TAIL_TERMS / 2) as f64 {
        return Err(not_converged);
    }
    let mut nb = NegBinCdf::new(gamma * tau, nf / gamma + 1.0);

    let mut w = 1.0_f64;
    let mut s0 = 0.0_f64; // Σ w_m
    let mut s_ab = 0.0_f64; // Σ w_m · P(abandon | m)
    let mut s_served = 0.0_f64; // Σ w_m · P(served | m)
    let mut s_sl = 0.0_f64; // Σ w_m · P(served within T | m)
    let mut s_asa = 0.0_f64; // Σ w_m · E[W · 1{served} | m]
    let mut harmonic = 0.0_f64; // Σ_{j=1..m+1} 1/(n + jγ)
    let mut rescales = 0_i32;
    let mut m = 0_usize;
    loop {
        let j = (m + 1) as f64;
        let inv_d = 1.0 / (nf + j * gamma);
        let served = nf * inv_d;
        harmonic += inv_d;
        let within = nb.upper();
        s0 += w;
        s_ab += w * (j * gamma * inv_d);
        s_served += w * served;
        s_sl += w * served * within;
        s_asa += w * served * harmonic;
        let growth = a * inv_d; // w_{m+1} / w_m
                                // Later ratios are smaller, so the rest of the tail is below w·g/(1 − g).
        if growth < 1.0 && w * growth < 1e-17 * s0 * (1.0 - growth) {
            break;
        }
        m += 1;
        if m >= MAX_TAIL_TERMS {
            return Err(not_converged);
        }
        w *= growth;
        if w > RESCALE {
            w /= RESCALE;
            s0 /= RESCALE;
            s_ab /= RESCALE;
            s_served /= RESCALE;
            s_sl /= RESCALE;
            s_asa /= RESCALE;
            rescales += 1;
        }
        nb.advance();
    }
    // States below n weigh 1/B − 1 = R − 1 relative to π_n, the waiting states
    // (n included) Σ w: ratio = P(no wait) / P(wait).
    let free = r - 1.0;
    let ratio = if rescales == 0 {
        free / s0
    } else {
        (free.ln() - s0.ln() - f64::from(rescales) * RESCALE.ln()).exp()
    };
    let p_wait = 1.0 / (1.0 + ratio);
    let p_nowait = if ratio.is_infinite() {
        1.0
    } else {
        ratio / (1.0 + ratio)
    };
    let p_abandon = p_wait * (s_ab / s0);
    let p_answered = p_nowait + p_wait * (s_served / s0);
    let sl = p_nowait + p_wait * (s_sl / s0);
    let wait_served = p_wait * (s_asa / s0);
    let asa_answered = if p_answered > 0.0 {
        wait_served / p_answered
    } else {
        f64::INFINITY
    };
    Ok(ACore {
        p_wait,
        p_abandon,
        sl,
        asa_answered,
        // Carried load ÷ servers; rounding may push a saturated system a hair past 1.
        occupancy: (a * p_answered / nf).min(1.0),
    })
}

/// Erlang A (M/M/n+M; Garnett, Mandelbaum & Reiman 2002) figures at `n` servers for
/// a load of `a` Erlangs, mean handle time `aht_s`, exponential patience with mean
/// `patience_s`, service-level threshold `sl_seconds` (all times in seconds).
///
/// Exact birth–death chain with `μ = 1/AHT`, `θ = 1/patience`, `λ = A·μ`:
/// `π_k ∝ A^k/k!` for k ≤ n and `π_{n+m} = π_n·Π_{j=1..m} λ/(nμ + jθ)`; with
/// `p_m = π_{n+m}` (PASTA) and `r_j = nμ + jθ`:
/// * `P(wait) = Σ p_m`; `P(abandon) = Σ p_m·(m+1)θ/r_{m+1}`;
/// * `SL = (1 − P(wait)) + Σ p_m·(nμ/r_{m+1})·I_x(m+1, nμ/θ + 1)`, `x = 1 − e^{−θT}`;
/// * `ASA_answered = Σ p_m·(nμ/r_{m+1})·Σ_{j≤m+1} 1/r_j ÷ (1 − P(abandon))`;
/// * occupancy `= A·(1 − P(abandon))/n`. n may be at or below A (the model is stable).
///
/// The tail is summed in ratios to π_n until the rest is below 1e-17 of the sum,
/// with rescaling, so loads in the thousands neither overflow nor underflow.
///
/// Hand check: with patience = AHT every contact in the system leaves at rate μ, so
/// the number in system is Poisson(A) as in M/M/∞. One server, A = 1:
/// P(wait) = P(K ≥ 1) = 1 − 1/e, and carried load = P(K ≥ 1) gives
/// P(abandon) = 1 − (1 − 1/e)/A = 1/e.
/// ```
/// use staffplan::erlang::erlang_a;
/// let e = std::f64::consts::E;
/// let f = erlang_a(1, 1.0, 60.0, 60.0, 0.0).unwrap();
/// assert!((f.p_wait - (1.0 - 1.0 / e)).abs() < 1e-14);
/// assert!((f.p_abandon - 1.0 / e).abs() < 1e-14);
/// assert!((f.sl - (1.0 - f.p_wait)).abs() < 1e-15); // T = 0
/// ```
pub fn erlang_a(
    n: u32,
    a: f64,
    aht_s: f64,
    patience_s: f64,
    sl_seconds: f64,
) -> Result<ErlangA, ErlangError> {
    check(
        "erlangs",
        "a load >= 0 in Erlangs",
        a,
        a.is_finite() && a >= 0.0,
    )?;
    check(
        "erlangs",
        "a load of at most 1e6 Erlangs",
        a,
        a <= MAX_ERLANGS,
    )?;
    check(
        "aht_s",
        "a positive number of seconds",
        aht_s,
        aht_s.is_finite() && aht_s > 0.0,
    )?;
    check(
        "patience_s",
        "a positive number of seconds, between 1e-12 and 1e12 times aht_s",
        patience_s,
        patience_s.is_finite() && patience_s > 0.0 && patience_ratio_ok(patience_s, aht_s),
    )?;
    check(
        "sl_seconds",
        "a number of seconds >= 0",
        sl_seconds,
        sl_seconds.is_finite() && sl_seconds >= 0.0,
    )?;
    if a == 0.0 {
        return Ok(ErlangA {
            p_wait: 0.0,
            p_abandon: 0.0,
            sl: 1.0,
            asa_answered_s: 0.0,
            occupancy: 0.0,
        });
    }
    let core = erlang_a_core(
        n,
        a,
        inv_erlang_b(n, a),
        aht_s / patience_s,
        sl_seconds / aht_s,
    )?;
    Ok(ErlangA {
        p_wait: core.p_wait,
        p_abandon: core.p_abandon,
        sl: core.sl,
        asa_answered_s: core.asa_answered * aht_s,
        occupancy: core.occupancy,
    })
}

fn zero_figures(load: &Load) -> Figures {
    Figures {
        erlangs: 0.0,
        servers: 0,
        agents: 0,
        sl: 1.0,
        asa_s: 0.0,
        p_wait: 0.0,
        occupancy: 0.0,
        p_abandon: load.patience_s.map(|_| 0.0),
    }
}

/// Figures at a given staffing (the reverse calculation): `agents` agents, that is
/// `agents × concurrency` servers, for `load` with the SL threshold and nothing else
/// of `target` (the targets are only validated). Erlang C, or Erlang A when the load
/// has a patience.
///
/// Erlang C at or below the load (`n ≤ A`): SL 0, P(wait) 1, ASA infinite, occupancy
/// 1 (0 with no servers). Zero volume: SL 1, ASA 0, P(wait) 0, occupancy 0.
/// Cost O(n) for the Erlang B recursion (it stops once B underflows) plus, for
/// Erlang A, the tail sum.
///
/// ```
/// use staffplan::erlang::{figures_at, Load, Target};
/// // A = 10 × 180 / 1800 = 1 Erlang on 2 agents: C = 1/3, ASA = C·AHT/(N−A) = 60 s.
/// let load = Load::voice(10.0, 1800.0, 180.0);
/// let target = Target { sl: 0.8, sl_seconds: 20.0, asa_s: None, max_occupancy: 1.0 };
/// let f = figures_at(&load, &target, 2).unwrap();
/// assert!((f.p_wait - 1.0 / 3.0).abs() < 1e-15);
/// assert!((f.asa_s - 60.0).abs() < 1e-12);
/// assert_eq!(f.occupancy, 0.5);
/// ```
pub fn figures_at(load: &Load, target: &Target, agents: u32) -> Result<Figures, ErlangError> {
    let a = load.checked_erlangs()?;
    target.validate()?;
    let servers = agents
        .checked_mul(load.concurrency)
        .ok_or(ErlangError::TooManyServers {
            agents,
            concurrency: load.concurrency,
        })?;
    if a == 0.0 {
        return Ok(Figures {
            servers,
            agents,
            ..zero_figures(load)
        });
    }
    figures_from(load, target, a, servers, agents, inv_erlang_b(servers, a))
}

fn figures_from(
    load: &Load,
    target: &Target,
    a: f64,
    servers: u32,
    agents: u32,
    r: f64,
) -> Result<Figures, ErlangError> {
    match load.patience_s {
        None => {
            let (c, sl, asa, occupancy) = c_figures(servers, a, r, load.aht_s, target.sl_seconds);
            Ok(Figures {
                erlangs: a,
                servers,
                agents,
                sl,
                asa_s: asa,
                p_wait: c,
                occupancy,
                p_abandon: None,
            })
        }
        Some(p) => {
            let core = erlang_a_core(
                servers,
                a,
                r,
                load.aht_s / p,
                target.sl_seconds / load.aht_s,
            )?;
            Ok(Figures {
                erlangs: a,
                servers,
                agents,
                sl: core.sl,
                asa_s: core.asa_answered * load.aht_s,
                p_wait: core.p_wait,
                occupancy: core.occupancy,
                p_abandon: Some(core.p_abandon),
            })
        }
    }
}

/// Highest number of servers the searches try: far enough above A that B has
/// underflowed (n − A ≈ 38√A), so any target below 100 % is met before it.
fn search_cap(a: f64) -> u32 {
    let cap = floor_exact(a) + 1000.0 + (40.0 * a.sqrt()).ceil();
    cap.min(f64::from(u32::MAX)) as u32
}

fn asa_ok(asa: f64, target: Option<f64>) -> bool {
    target.is_none_or(|t| asa <= t * (1.0 + SL_TOLERANCE) + SL_TOLERANCE)
}

/// Smallest Erlang C server count meeting `target`; returns it with `1/B` there.
fn search_c(a: f64, aht: f64, target: &Target) -> Result<(u32, f64), ErlangError> {
    // Proven lower bound: n > A and A/n ≤ max occupancy.
    let lo = (floor_exact(a) + 1.0).max(ceil_exact(a / target.max_occupancy));
    if lo > f64::from(u32::MAX) {
        return Err(ErlangError::Unreachable {
            field: "max_occupancy",
            cap: u32::MAX,
        });
    }
    let lo = lo as u32;
    let cap = search_cap(a).max(lo);
    let mut r = inv_erlang_b(lo, a);
    let t = target.sl_seconds;
    // SL ≥ target ⇔ C·e^{−(n−A)T/AHT} ≤ 1 − target; the exponential is stepped by a
    // constant factor per candidate instead of recomputed.
    let allowed = 1.0 - target.sl + SL_TOLERANCE;
    let mut decay = (-(f64::from(lo) - a) * t / aht).exp();
    let step = (-t / aht).exp();
    let mut n = lo;
    loop {
        let nf = f64::from(n);
        let c = c_from_inv_b(n, a, r);
        if c * decay <= allowed && asa_ok(c * aht / (nf - a), target.asa_s) {
            return Ok((n, r));
        }
        if n >= cap {
            let field = if target.asa_s.is_some() && c * decay <= allowed {
                "asa_s"
            } else {
                "sl_target"
            };
            return Err(ErlangError::Unreachable { field, cap });
        }
        n += 1;
        r = next_inv_b(r, n, a);
        decay *= step;
    }
}

/// Smallest Erlang A server count meeting `target`; returns it with its figures.
///
/// Steps up from a proven lower bound for [`STEP_WINDOW`] servers (where
/// ordinary queues find their answer); past that, it tests the cap first (so
/// an unreachable target is refused at once), then halves the range, since
/// meeting every target is monotone in the servers (SL and P(answered) rise,
/// ASA and carried occupancy fall), and steps up again over the last window.
fn search_a(load: &Load, target: &Target, a: f64) -> Result<(u32, Figures), ErlangError> {
    // Proven lower bound: SL ≤ P(answered) = carried/A ≤ n/A, so n ≥ SL_target·A.
    let lo = ((target.sl * a).floor().max(1.0)) as u32;
    // At n ≥ A/max_occupancy servers, carried occupancy ≤ A/n meets its cap,
    // so the search must reach that far before calling the target unreachable.
    let occupied = ceil_exact(a / target.max_occupancy).min(f64::from(u32::MAX)) as u32;
    let cap = search_cap(a).max(lo).max(occupied);
    // Ok(figures) when every target is met at n, else the first one missed.
    let test = |n: u32, r: f64| -> Result<Result<Figures, &'static str>, ErlangError> {
        match figures_from(load, target, a, n, 0, r) {
            Ok(f) => Ok(if f.sl < target.sl - SL_TOLERANCE {
                Err("sl_target")
            } else if !asa_ok(f.asa_s, target.asa_s) {
                Err("asa_s")
            } else if f.occupancy > target.max_occupancy + SL_TOLERANCE {
                Err("max_occupancy")
            } else {
                Ok(f)
            }),
            // A queue too long to sum is nowhere near any target.
            Err(ErlangError::NotConverged { .. }) => Ok(Err("sl_target")),
            Err(e) => Err(e),
        }
    };
    // Steps up from `from` to `to` carrying the Erlang B recursion along.
    let step = |from: u32, to: u32| -> Result<Option<(u32, Figures)>, ErlangError> {
        let mut r = inv_erlang_b(from, a);
        for n in from..=to {
            if n > from && r != f64::INFINITY {
                r = next_inv_b(r, n, a);
            }
            if let Ok(f) = test(n, r)? {
                return Ok(Some((n, f)));
            }
        }
        Ok(None)
    };
    let near = lo.saturating_add(STEP_WINDOW).min(cap);
    if let Some(found) = step(lo, near)? {
        return Ok(found);
    }
    if let Err(field) = test(cap, inv_erlang_b(cap, a))? {
        return Err(ErlangError::Unreachable { field, cap });
    }
    // Every count below `low` misses a target; `high` meets them all.
    let (mut low, mut high) = (near + 1, cap);
    while high - low > STEP_WINDOW {
        let mid = low + (high - low) / 2;
        match test(mid, inv_erlang_b(mid, a))? {
            Ok(_) => high = mid,
            Err(_) => low = mid + 1,
        }
    }
    match step(low, high)? {
        Some(found) => Ok(found),
        None => Err(ErlangError::Unreachable {
            field: "sl_target",
            cap,
        }),
    }
}

/// Servers the Erlang A search steps through one by one before it halves.
const STEP_WINDOW: u32 = 64;

/// Figures at the required staffing: the smallest number of servers meeting every
/// target, and agents = ⌈servers ÷ concurrency⌉.
///
/// * Erlang C (no patience): smallest integer `N > A` with `SL(N) ≥ target`,
///   `ASA(N) ≤ target` (when set) and `A/N ≤ max_occupancy`; the search starts at
///   `max(⌊A⌋ + 1, ⌈A / max_occupancy⌉)` (exact rounding) and steps upward, carrying
///   the Erlang B recursion along (Erlang 1917).
/// * Erlang A (patience given): smallest `N ≥ 1` with SL, ASA of answered and carried
///   occupancy within target (Garnett, Mandelbaum & Reiman 2002); the search starts at
///   `⌊SL_target·A⌋` (SL ≤ carried/A ≤ N/A) and steps upward the same way.
/// * Zero volume: 0 servers and agents, SL 1, ASA 0, P(wait) 0, occupancy 0.
///
/// Figures (SL, ASA, occupancy) are at the required servers; for chat that is the
/// required sessions, which `agents × concurrency` may exceed by less than one agent.
///
/// ```
/// use staffplan::erlang::{required, Load, Target};
/// // A = 1 Erlang, 80/20: SL(2) = 1 − e^{−1/9}/3 ≈ 0.70 falls short, 3 agents meet it.
/// let load = Load::voice(10.0, 1800.0, 180.0);
/// let target = Target { sl: 0.8, sl_seconds: 20.0, asa_s: None, max_occupancy: 1.0 };
/// assert_eq!(required(&load, &target).unwrap().agents, 3);
/// // Occupancy bound alone: A = 42 at 70 % needs exactly 60 agents.
/// let load = Load::voice(42.0, 3600.0, 3600.0);
/// let target = Target { sl: 0.01, sl_seconds: 20.0, asa_s: None, max_occupancy: 0.7 };
/// assert_eq!(required(&load, &target).unwrap().agents, 60);
/// ```
pub fn required(load: &Load, target: &Target) -> Result<Figures, ErlangError> {
    let a = load.checked_erlangs()?;
    target.validate()?;
    if a == 0.0 {
        return Ok(zero_figures(load));
    }
    if target.sl >= 1.0 {
        return Err(ErlangError::CertainServiceLevel {
            sl_seconds: target.sl_seconds,
        });
    }
    let mut figures = match load.patience_s {
        None => {
            let (n, r) = search_c(a, load.aht_s, target)?;
            figures_from(load, target, a, n, 0, r)?
        }
        Some(_) => search_a(load, target, a)?.1,
    };
    figures.agents = figures.servers.div_ceil(load.concurrency);
    Ok(figures)
}

fn check_shrinkage(s: f64) -> Result<(), ErlangError> {
    check(
        "shrinkage",
        "a fraction in [0, 1)",
        s,
        (0.0..1.0).contains(&s),
    )
}

/// Gross staffing before rounding: `net / (1 − s)` for shrinkage `s` in [0, 1).
///
/// ```
/// use staffplan::erlang::gross_raw;
/// assert!((gross_raw(42.0, 0.3).unwrap() - 60.0).abs() < 1e-12);
/// ```
pub fn gross_raw(net: f64, shrinkage: f64) -> Result<f64, ErlangError> {
    check(
        "agents",
        "a number of agents >= 0",
        net,
        net.is_finite() && net >= 0.0,
    )?;
    check_shrinkage(shrinkage)?;
    Ok(net / (1.0 - shrinkage))
}

/// Gross staffing `⌈net / (1 − s)⌉` with exact rounding: the scheduled cover needed so
/// that `net` remain on the phones after shrinkage `s` in [0, 1).
///
/// ```
/// use staffplan::erlang::with_shrinkage;
/// assert_eq!(with_shrinkage(42.0, 0.3).unwrap(), 60.0);  // not 61
/// assert_eq!(with_shrinkage(161.0, 0.3).unwrap(), 230.0);
/// assert_eq!(with_shrinkage(10.0, 0.25).unwrap(), 14.0); // 13.33… rounds up
/// ```
pub fn with_shrinkage(net: f64, shrinkage: f64) -> Result<f64, ErlangError> {
    gross_raw(net, shrinkage).map(ceil_exact)
}

/// Combined shrinkage of independent parts: `1 − Π(1 − sᵢ)`, each part in [0, 1).
/// An empty list is 0.
///
/// ```
/// use staffplan::erlang::combined_shrinkage;
/// // 1 − 0.9 × 0.8 = 0.28
/// assert!((combined_shrinkage(&[0.1, 0.2]).unwrap() - 0.28).abs() < 1e-15);
/// ```
pub fn combined_shrinkage(parts: &[f64]) -> Result<f64, ErlangError> {
    let mut kept = 1.0;
    for &s in parts {
        check_shrinkage(s)?;
        kept *= 1.0 - s;
    }
    Ok(1.0 - kept)
}

/// Agents needed on each interval for deadline work (e-mail, back office), before the
/// occupancy cap: each interval's work (`workload_s[i]` = volume × AHT, agent-seconds)
/// is spread evenly from the interval's start over the deadline.
///
/// An item arriving in interval i is treated as due by `t_i + D` (the conservative
/// reading: due time of its earliest possible arrival). Capacity inside one interval
/// is uniform, so the deadline is rounded down to whole intervals,
/// `k = ⌊D / interval_s⌋` (exact rounding); interval i's work adds
/// `workload_s[i] / (k·interval_s)` agents to intervals i … i+k−1. Then a FIFO backlog
/// served at `profile × interval_s` per interval finishes every item by its deadline,
/// and the profile's total capacity equals the total work.
///
/// `cyclic = true` (a repeating week): work past the end wraps to the start.
/// `cyclic = false`: the window of an interval near the end is cut at the end of the
/// horizon and its work spread over what remains (so no work is lost and everything
/// is done within the horizon).
///
/// Errors: `deadline_s < interval_s`, non-positive interval, negative or NaN work.
///
/// ```
/// use staffplan::erlang::deadline_profile;
/// // 3600 agent-seconds due within 2 hours of hourly intervals: 0.5 agent each hour.
/// let p = deadline_profile(&[3600.0, 0.0, 0.0], 3600.0, 7200.0, false).unwrap();
/// assert_eq!(p, vec![0.5, 0.5, 0.0]);
/// ```
pub fn deadline_profile(
    workload_s: &[f64],
    interval_s: f64,
    deadline_s: f64,
    cyclic: bool,
) -> Result<Vec<f64>, ErlangError> {
    check(
        "interval_s",
        "a positive number of seconds",
        interval_s,
        interval_s.is_finite() && interval_s > 0.0,
    )?;
    check(
        "deadline_s",
        "a finite number of seconds",
        deadline_s,
        deadline_s.is_finite(),
    )?;
    for &w in workload_s {
        check(
            "workload_s",
            "agent-seconds of work >= 0",
            w,
            w.is_finite() && w >= 0.0,
        )?;
    }
    let k = floor_exact(deadline_s / interval_s);
    if k < 1.0 {
        return Err(ErlangError::DeadlineTooShort {
            deadline_s,
            interval_s,
        });
    }
    let n = workload_s.len();
    let mut profile = vec![0.0; n];
    if n == 0 {
        return Ok(profile);
    }
    for (i, &w) in workload_s.iter().enumerate() {
        if w == 0.0 {
            continue;
        }
        if cyclic {
            let rate = w / (k * interval_s);
            // Whole turns of the cycle put the same rate on every interval.
            let turns = (k / n as f64).floor();
            let rest = (k - turns * n as f64) as usize;
            if turns > 0.0 {
                for p in profile.iter_mut() {
                    *p += turns * rate;
                }
            }
            for j in 0..rest {
                profile[(i + j) % n] += rate;
            }
        } else {
            let len = (n - i).min(k.min(n as f64) as usize);
            let rate = w / (len as f64 * interval_s);
            for p in &mut profile[i..i + len] {
                *p += rate;
            }
        }
    }
    Ok(profile)
}

/// Integer agents for one interval of deadline work: `⌈value / max_occupancy⌉` with
/// exact rounding, `value` from [`deadline_profile`].
///
/// ```
/// use staffplan::erlang::deadline_required;
/// assert_eq!(deadline_required(17.0, 0.85).unwrap(), 20); // 17/0.85 = 20 exactly
/// assert_eq!(deadline_required(2.1, 1.0).unwrap(), 3);
/// ```
pub fn deadline_required(value: f64, max_occupancy: f64) -> Result<u32, ErlangError> {
    check(
        "agents",
        "a number of agents >= 0",
        value,
        value.is_finite() && value >= 0.0,
    )?;
    check(
        "max_occupancy",
        "a fraction in (0, 1] (1 = no cap)",
        max_occupancy,
        max_occupancy > 0.0 && max_occupancy <= 1.0,
    )?;
    let agents = ceil_exact(value / max_occupancy);
    check(
        "agents",
        "at most 4294967295 agents",
        agents,
        agents <= f64::from(u32::MAX),
    )?;
    Ok(agents as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    const C_EXAMPLES: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/erlang_c_examples.csv"
    ));
    const A_EXAMPLES: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/erlang_a_examples.csv"
    ));

    /// The smallest agent count meeting every target, by trying 1, 2, 3, …
    /// (a second method for the Erlang A search's halving).
    fn brute_force(load: &Load, target: &Target) -> u32 {
        (1..)
            .find(|&n| {
                figures_at(load, target, n).is_ok_and(|f| {
                    f.sl >= target.sl - SL_TOLERANCE
                        && target
                            .asa_s
                            .is_none_or(|t| f.asa_s <= t * (1.0 + SL_TOLERANCE))
                        && f.occupancy <= target.max_occupancy + SL_TOLERANCE
                })
            })
            .unwrap()
    }

    #[test]
    fn erlang_a_search_agrees_with_trying_every_count() {
        // Loads whose answer lies far above the search's start (low occupancy
        // caps, long ASA targets), so the halving runs, and ordinary ones.
        for (volume, aht, patience, sl, asa, occupancy) in [
            (100.0, 240.0, 90.0, 0.8, None, 1.0),
            (900.0, 300.0, 60.0, 0.8, None, 0.6),
            (2000.0, 180.0, 120.0, 0.9, Some(5.0), 0.7),
            (5000.0, 240.0, 30.0, 0.5, None, 0.5),
            (40.0, 600.0, 300.0, 0.95, Some(10.0), 0.4),
        ] {
            let load = Load {
                patience_s: Some(patience),
                ..Load::voice(volume, 1800.0, aht)
            };
            let target = Target {
                sl,
                sl_seconds: 20.0,
                asa_s: asa,
                max_occupancy: occupancy,
            };
            assert_eq!(
                required(&load, &target).unwrap().agents,
                brute_force(&load, &target),
                "volume {volume}, occupancy {occupancy}"
            );
        }
    }

    #[test]
    fn erlang_a_reaches_an_occupancy_cap_above_the_square_root_cap() {
        // A = 740 000 × 240 / 1800 = 98 666.67 Erlangs; at most 85 % occupancy.
        // At n ≥ A/0.85 = 116 078.4 carried occupancy ≤ A/n ≤ 0.85, and with
        // 17 000 servers spare nobody abandons, so carried ≈ A and 116 078
        // (occupancy 0.850003) is not enough: 116 079. The search used to stop
        // at A + 1000 + 40√A = 112 231 and call the target unreachable.
        let load = Load {
            patience_s: Some(90.0),
            ..Load::voice(740_000.0, 1800.0, 240.0)
        };
        let target = Target {
            sl: 0.8,
            sl_seconds: 20.0,
            asa_s: None,
            max_occupancy: 0.85,
        };
        assert_eq!(required(&load, &target).unwrap().agents, 116_079);
    }

    /// The reference files are plain comma-separated numbers with a header.
    fn rows(text: &str) -> Vec<HashMap<String, f64>> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        lines
            .map(|l| {
                header
                    .iter()
                    .zip(l.split(','))
                    .map(|(h, v)| (h.trim().to_string(), v.trim().parse::<f64>().unwrap()))
                    .collect()
            })
            .collect()
    }

    fn assert_close(what: &str, got: f64, want: f64, rel: f64) {
        let tol = rel * want.abs().max(if want == 0.0 { 1.0 } else { 0.0 });
        assert!(
            (got - want).abs() <= tol,
            "{what}: got {got}, want {want} (rel tol {rel})"
        );
    }

    fn target(sl: f64, t: f64, occ: f64) -> Target {
        Target {
            sl,
            sl_seconds: t,
            asa_s: None,
            max_occupancy: occ,
        }
    }

    #[test]
    fn erlang_c_reference_rows() {
        let rows = rows(C_EXAMPLES);
        assert_eq!(rows.len(), 20);
        for r in &rows {
            let ex = r["example"];
            let load = Load::voice(r["volume"], r["interval_s"], r["aht_s"]);
            let t = target(r["sl_target"], r["sl_seconds"], r["max_occupancy"]);
            let f = required(&load, &t).unwrap();
            let name = |k: &str| format!("example {ex} {k}");
            assert_eq!(
                f64::from(f.agents),
                r["required_agents"],
                "{}",
                name("agents")
            );
            assert_eq!(f.servers, f.agents);
            let gross = with_shrinkage(f64::from(f.agents), r["shrinkage"]).unwrap();
            assert_eq!(gross, r["required_with_shrinkage"], "{}", name("gross"));
            // The file prints 15 significant digits.
            assert_close(&name("erlangs"), f.erlangs, r["erlangs"], 1e-12);
            assert_close(&name("sl"), f.sl, r["sl"], 1e-9);
            assert_close(&name("asa_s"), f.asa_s, r["asa_s"], 1e-9);
            assert_close(&name("p_wait"), f.p_wait, r["p_wait"], 1e-9);
            assert_close(&name("occupancy"), f.occupancy, r["occupancy"], 1e-9);
            assert_eq!(f.p_abandon, None);
            // The reverse calculation at the same staffing gives the same figures.
            assert_eq!(figures_at(&load, &t, f.agents).unwrap(), f);
        }
    }

    #[test]
    fn erlang_c_reference_rows_are_minimal() {
        for r in rows(C_EXAMPLES) {
            let load = Load::voice(r["volume"], r["interval_s"], r["aht_s"]);
            let t = target(r["sl_target"], r["sl_seconds"], r["max_occupancy"]);
            let n = r["required_agents"] as u32;
            if n == 0 {
                continue;
            }
            let below = figures_at(&load, &t, n - 1).unwrap();
            assert!(
                below.sl < t.sl || below.occupancy > t.max_occupancy || below.p_wait >= 1.0,
                "example {}: {} agents would already do",
                r["example"],
                n - 1
            );
        }
    }

    #[test]
    fn erlang_a_reference_rows() {
        let rows = rows(A_EXAMPLES);
        assert_eq!(rows.len(), 6);
        for r in &rows {
            let ex = r["example"];
            let load = Load {
                patience_s: Some(r["patience_s"]),
                ..Load::voice(r["volume"], r["interval_s"], r["aht_s"])
            };
            let t = target(0.8, r["sl_seconds"], 1.0);
            let f = figures_at(&load, &t, r["agents"] as u32).unwrap();
            let name = |k: &str| format!("example {ex} {k}");
            assert_close(&name("erlangs"), f.erlangs, r["erlangs"], 1e-12);
            assert_close(&name("p_wait"), f.p_wait, r["p_wait"], 1e-7);
            assert_close(
                &name("p_abandon"),
                f.p_abandon.unwrap(),
                r["p_abandon"],
                1e-7,
            );
            assert_close(&name("sl"), f.sl, r["sl"], 1e-7);
            assert_close(&name("asa"), f.asa_s, r["asa_answered_s"], 1e-7);
            assert_close(&name("occupancy"), f.occupancy, r["occupancy"], 1e-7);
            let direct = erlang_a(
                r["agents"] as u32,
                f.erlangs,
                r["aht_s"],
                r["patience_s"],
                r["sl_seconds"],
            )
            .unwrap();
            assert_eq!(direct.sl, f.sl);
            assert_eq!(direct.asa_answered_s, f.asa_s);
        }
    }

    #[test]
    fn erlang_a_with_patience_equal_to_aht_is_poisson() {
        // Departures at rate μ per contact whether served or waiting: K ~ Poisson(A).
        let (n, a) = (5_u32, 4.0_f64);
        let mut pmf = (-a).exp();
        let (mut below, mut carried) = (0.0, 0.0);
        for k in 0..n {
            below += pmf;
            carried += f64::from(k) * pmf;
            pmf *= a / f64::from(k + 1);
        }
        carried += f64::from(n) * (1.0 - below);
        let f = erlang_a(n, a, 300.0, 300.0, 30.0).unwrap();
        assert!((f.p_wait - (1.0 - below)).abs() < 1e-14);
        assert!((f.occupancy - carried / f64::from(n)).abs() < 1e-14);
        assert!((f.p_abandon - (1.0 - carried / a)).abs() < 1e-14);
    }

    #[test]
    fn hand_calculations() {
        assert!((erlang_b(1, 1.0) - 0.5).abs() < 1e-15);
        assert!((erlang_b(2, 1.0) - 0.2).abs() < 1e-15);
        // Terms 1, 2, 2, 4/3: B(3, 2) = (4/3)/(19/3) = 4/19.
        assert!((erlang_b(3, 2.0) - 4.0 / 19.0).abs() < 1e-15);
        assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-15);
        // C(3, 2) = 3·(4/19) / (3 − 2·15/19) = (12/19)/(27/19) = 4/9.
        assert!((erlang_c(3, 2.0) - 4.0 / 9.0).abs() < 1e-15);
        assert_eq!(erlang_b(0, 3.0), 1.0);
        assert_eq!(erlang_b(4, 0.0), 0.0);
        assert_eq!(erlang_c(2, 2.0), 1.0);
        assert_eq!(erlang_c(1, 0.0), 0.0);
        assert!(erlang_b(3, f64::NAN).is_nan());
        assert!(erlang_c(3, -1.0).is_nan());
        // A = 1 on 2 agents, AHT 180 s, T = 20 s: SL = 1 − e^{−1/9}/3, ASA = 60 s.
        let f = figures_at(
            &Load::voice(10.0, 1800.0, 180.0),
            &target(0.8, 20.0, 1.0),
            2,
        )
        .unwrap();
        assert!((f.sl - (1.0 - (-1.0_f64 / 9.0).exp() / 3.0)).abs() < 1e-15);
        assert!((f.asa_s - 60.0).abs() < 1e-12);
    }

    #[test]
    fn exact_rounding_cases_from_the_readme() {
        for (net, gross) in [(42.0, 60.0), (84.0, 120.0), (161.0, 230.0), (168.0, 240.0)] {
            assert_eq!(with_shrinkage(net, 0.3).unwrap(), gross, "{net} at 30 %");
        }
        assert_eq!(ceil_exact(21.0 / 0.7), 30.0);
        assert_eq!(ceil_exact(17.0 / 0.85), 20.0);
        assert_eq!(ceil_exact(30.000001), 31.0);
        assert_eq!(floor_exact(59.99999999999999), 60.0);
        // The occupancy bound alone: A = 42 at 70 % needs exactly 60.
        let f = required(&Load::voice(42.0, 3600.0, 3600.0), &target(0.01, 20.0, 0.7)).unwrap();
        assert_eq!(f.agents, 60);
        assert!((f.occupancy - 0.7).abs() < 1e-15);
        // 17 Erlangs at 85 %: exactly 20 (reference example 10).
        let f = required(
            &Load::voice(102.0, 1800.0, 300.0),
            &target(0.01, 20.0, 0.85),
        )
        .unwrap();
        assert_eq!(f.agents, 20);
    }

    #[test]
    fn large_load_fifty_thousand_erlangs() {
        let a = 50_000.0;
        // Independent evaluation by the recursion in its original division form.
        let mut b = 1.0_f64;
        for k in 1..=50_300_u32 {
            b = a * b / (f64::from(k) + a * b);
            if k == 50_000 || k == 50_300 {
                let ours = erlang_b(k, a);
                assert!(ours.is_finite() && (0.0..=1.0).contains(&ours));
                assert!((ours - b).abs() <= 1e-10 * b, "B({k}) {ours} vs {b}");
            }
        }
        let c = erlang_c(50_300, a);
        assert!(c.is_finite() && (0.0..=1.0).contains(&c));
        assert_eq!(erlang_c(50_000, a), 1.0);
        // 50 000 Erlangs: 1 000 000 calls of 180 s in an hour.
        let load = Load::voice(1_000_000.0, 3600.0, 180.0);
        let t = target(0.8, 20.0, 1.0);
        let f = required(&load, &t).unwrap();
        assert!(f.agents > 50_000 && f.agents < 50_500, "{}", f.agents);
        assert!(f.sl >= 0.8 && f.sl.is_finite());
        assert!(figures_at(&load, &t, f.agents - 1).unwrap().sl < 0.8);
        // Erlang A at the same load with patience in the thousands of Erlangs.
        let load_a = Load {
            patience_s: Some(120.0),
            ..load
        };
        let fa = required(&load_a, &t).unwrap();
        assert!(fa.sl >= 0.8 && fa.sl.is_finite(), "{fa:?}");
        assert!(figures_at(&load_a, &t, fa.agents - 1).unwrap().sl < 0.8);
        // So large a system is efficiency-driven: 80/20 is met below the load, with
        // the fluid-limit figures (Whitt 2006): P(abandon) ≈ 1 − N/A and an almost
        // deterministic wait of patience·ln(A/N), here just under 20 s.
        let n = f64::from(fa.agents);
        assert!(n < a);
        assert!(
            (fa.p_abandon.unwrap() - (1.0 - n / a)).abs() < 1e-3,
            "{fa:?}"
        );
        let fluid_wait = 120.0 * (a / n).ln();
        assert!((fa.asa_s - fluid_wait).abs() < 0.01 * fluid_wait, "{fa:?}");
    }

    #[test]
    fn zero_volume_needs_nobody() {
        for patience in [None, Some(60.0)] {
            let load = Load {
                patience_s: patience,
                ..Load::voice(0.0, 1800.0, 240.0)
            };
            let f = required(&load, &target(0.8, 20.0, 0.85)).unwrap();
            assert_eq!((f.servers, f.agents), (0, 0));
            assert_eq!((f.sl, f.asa_s, f.p_wait, f.occupancy), (1.0, 0.0, 0.0, 0.0));
            assert_eq!(f.p_abandon, patience.map(|_| 0.0));
            let g = figures_at(&load, &target(0.8, 20.0, 1.0), 5).unwrap();
            assert_eq!((g.sl, g.asa_s, g.p_wait, g.occupancy), (1.0, 0.0, 0.0, 0.0));
        }
    }

    #[test]
    fn bad_arguments_are_typed_errors() {
        let good = Load::voice(100.0, 1800.0, 240.0);
        let t = target(0.8, 20.0, 1.0);
        let field = |load: Load, t: Target| required(&load, &t).unwrap_err().field();
        assert_eq!(
            field(
                Load {
                    volume: f64::NAN,
                    ..good
                },
                t
            ),
            Some("volume")
        );
        assert_eq!(
            field(
                Load {
                    volume: -1.0,
                    ..good
                },
                t
            ),
            Some("volume")
        );
        assert_eq!(
            field(
                Load {
                    interval_s: 0.0,
                    ..good
                },
                t
            ),
            Some("interval_s")
        );
        assert_eq!(
            field(
                Load {
                    aht_s: -3.0,
                    ..good
                },
                t
            ),
            Some("aht_s")
        );
        assert_eq!(
            field(
                Load {
                    aht_s: f64::INFINITY,
                    ..good
                },
                t
            ),
            Some("aht_s")
        );
        assert_eq!(
            field(
                Load {
                    concurrency: 0,
                    ..good
                },
                t
            ),
            Some("concurrency")
        );
        let no_patience = Load {
            patience_s: Some(0.0),
            ..good
        };
        assert_eq!(field(no_patience, t), Some("patience_s"));
        assert_eq!(
            field(
                Load {
                    volume: 1e300,
                    ..good
                },
                t
            ),
            Some("volume")
        );
        assert_eq!(field(good, target(0.0, 20.0, 1.0)), Some("sl_target"));
        assert_eq!(field(good, target(80.0, 20.0, 1.0)), Some("sl_target"));
        assert_eq!(field(good, target(0.8, -1.0, 1.0)), Some("sl_seconds"));
        assert_eq!(field(good, target(0.8, 20.0, 0.0)), Some("max_occupancy"));
        assert_eq!(
            field(good, target(0.8, 20.0, f64::NAN)),
            Some("max_occupancy")
        );
        let zero_asa = Target {
            asa_s: Some(0.0),
            ..t
        };
        assert_eq!(field(good, zero_asa), Some("asa_s"));
        assert!(matches!(
            required(&good, &target(1.0, 20.0, 1.0)),
            Err(ErlangError::CertainServiceLevel { .. })
        ));
        let msg = required(&good, &target(1.0, 20.0, 1.0))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("100 %"), "{msg}");
        assert!(with_shrinkage(10.0, 1.0).is_err());
        assert!(with_shrinkage(10.0, -0.1).is_err());
        assert!(gross_raw(f64::NAN, 0.1).is_err());
        assert!(combined_shrinkage(&[0.1, f64::NAN]).is_err());
        assert!(deadline_required(1.0, 0.0).is_err());
        let chat = Load {
            concurrency: 3,
            ..good
        };
        assert!(matches!(
            figures_at(&chat, &t, u32::MAX),
            Err(ErlangError::TooManyServers { .. })
        ));
        assert!(erlang_a(3, 2.0, 100.0, f64::NAN, 20.0).is_err());
        assert!(erlang_a(3, 2.0, 100.0, 1e-300, 20.0).is_err());
        let impatient = Load {
            patience_s: Some(1e-300),
            ..good
        };
        assert_eq!(field(impatient, t), Some("patience_s"));
        // Very impatient but accepted: almost everyone who waits abandons at once.
        let f = figures_at(
            &Load {
                patience_s: Some(1e-9),
                ..good
            },
            &t,
            14,
        )
        .unwrap();
        assert!(f.sl.is_finite() && f.p_abandon.unwrap() > 0.0);
        assert!((f.p_abandon.unwrap() - f.p_wait).abs() < 1e-6);
        assert!(service_level_c(3, 2.0, 0.0, 20.0).is_err());
        assert!(Load::voice(1.0, 0.0, 1.0).erlangs().is_nan());
    }

    #[test]
    fn understaffed_erlang_c_is_saturated() {
        let load = Load::voice(100.0, 1800.0, 360.0); // 20 Erlangs
        let t = target(0.8, 20.0, 1.0);
        let f = figures_at(&load, &t, 20).unwrap();
        assert_eq!((f.sl, f.p_wait, f.occupancy), (0.0, 1.0, 1.0));
        assert_eq!(f.asa_s, f64::INFINITY);
        let f = figures_at(&load, &t, 0).unwrap();
        assert_eq!((f.sl, f.p_wait, f.occupancy), (0.0, 1.0, 0.0));
        // Erlang A stays finite below the load.
        let fa = figures_at(
            &Load {
                patience_s: Some(60.0),
                ..load
            },
            &t,
            15,
        )
        .unwrap();
        assert!(fa.sl > 0.0 && fa.asa_s.is_finite() && fa.occupancy <= 1.0);
        let f0 = figures_at(
            &Load {
                patience_s: Some(60.0),
                ..load
            },
            &t,
            0,
        )
        .unwrap();
        assert_eq!((f0.p_wait, f0.p_abandon, f0.sl), (1.0, Some(1.0), 0.0));
    }

    #[test]
    fn asa_target_binds() {
        // Example 2 (A = 1): 3 agents give ASA 8.18 s; an ASA target of 5 s needs more.
        let load = Load::voice(10.0, 1800.0, 180.0);
        let t = Target {
            asa_s: Some(5.0),
            ..target(0.8, 20.0, 1.0)
        };
        let f = required(&load, &t).unwrap();
        assert!(f.asa_s <= 5.0);
        assert!(figures_at(&load, &t, f.agents - 1).unwrap().asa_s > 5.0);
        assert_eq!(f.agents, 4);
    }

    #[test]
    fn chat_sessions_and_agents() {
        // Reference example 3 needs 14 servers; at 2 sessions per agent that is 7
        // agents, at 3 it is ⌈14/3⌉ = 5.
        let load = Load::voice(55.0, 1800.0, 300.0);
        let t = target(0.9, 15.0, 1.0);
        for (c, agents) in [(1, 14), (2, 7), (3, 5)] {
            let f = required(
                &Load {
                    concurrency: c,
                    ..load
                },
                &t,
            )
            .unwrap();
            assert_eq!((f.servers, f.agents), (14, agents), "concurrency {c}");
        }
        let f = figures_at(
            &Load {
                concurrency: 3,
                ..load
            },
            &t,
            5,
        )
        .unwrap();
        assert_eq!(f.servers, 15);
    }

    /// P(sum of Exp(r_1..r_k) ≤ T) for distinct rates, by the textbook hypoexponential
    /// formula: 1 − Σ_i e^{−r_i T} Π_{j≠i} r_j/(r_j − r_i).
    fn hypoexponential_cdf(rates: &[f64], t: f64) -> f64 {
        let mut tail = 0.0;
        for (i, &ri) in rates.iter().enumerate() {
            let mut coef = 1.0;
            for (j, &rj) in rates.iter().enumerate() {
                if i != j {
                    coef *= rj / (rj - ri);
                }
            }
            tail += coef * (-ri * t).exp();
        }
        1.0 - tail
    }

    /// I_x(n, b) for integer n by Simpson's rule on the beta density, with the exact
    /// B(n, b) = (n−1)! / (b(b+1)…(b+n−1)).
    fn incomplete_beta_simpson(x: f64, n: u32, b: f64) -> f64 {
        let mut beta = 1.0;
        for i in 0..n {
            beta *= f64::from(i.max(1)) / (b + f64::from(i));
        }
        let steps = 20_000;
        let h = x / f64::from(steps);
        let f = |t: f64| t.powi(n as i32 - 1) * (1.0 - t).powf(b - 1.0);
        let mut sum = f(0.0) + f(x);
        for i in 1..steps {
            let w = if i % 2 == 1 { 4.0 } else { 2.0 };
            sum += w * f(f64::from(i) * h);
        }
        sum * h / 3.0 / beta
    }

    #[test]
    fn incomplete_beta_recurrence_checks_out() {
        for (s, b) in [(0.3_f64, 2.5), (0.05, 40.0), (1.2, 7.0), (0.01, 1.0)] {
            let x = -(-s).exp_m1();
            let mut nb = NegBinCdf::new(s, b);
            for n in 1..=12_u32 {
                let want = incomplete_beta_simpson(x, n, b);
                assert!(
                    (nb.upper() - want).abs() < 1e-10,
                    "I_{x}({n}, {b}) = {} vs {want}",
                    nb.upper()
                );
                nb.advance();
            }
        }
    }

    #[test]
    fn served_within_t_is_the_hypoexponential_cdf() {
        // m ahead, rates a + jθ for j = 1..m+1 (per second).
        let (a, theta, t) = (10.0 / 240.0, 1.0 / 90.0, 20.0);
        let mut nb = NegBinCdf::new(theta * t, a / theta + 1.0);
        for m in 0..6_u32 {
            let rates: Vec<f64> = (1..=m + 1).map(|j| a + f64::from(j) * theta).collect();
            let want = hypoexponential_cdf(&rates, t);
            assert!((nb.upper() - want).abs() < 1e-12, "m = {m}");
            nb.advance();
        }
        // Underflowing start (huge load × T): the log-space branch still sums to 1.
        let mut nb = NegBinCdf::new(1.0, 2000.0);
        assert_eq!(nb.upper(), 1.0);
        for _ in 0..20_000 {
            nb.advance();
        }
        assert!(nb.upper() < 1e-12);
    }

    #[test]
    fn erlang_a_with_long_patience_is_erlang_c() {
        for r in rows(C_EXAMPLES).iter().filter(|r| r["volume"] > 0.0) {
            let load = Load::voice(r["volume"], r["interval_s"], r["aht_s"]);
            let t = target(r["sl_target"], r["sl_seconds"], r["max_occupancy"]);
            let n = r["required_agents"] as u32;
            let long = Load {
                patience_s: Some(1e9),
                ..load
            };
            let fa = figures_at(&long, &t, n).unwrap();
            assert_close("p_wait", fa.p_wait, r["p_wait"], 1e-5);
            assert_close("sl", fa.sl, r["sl"], 1e-5);
            assert!(fa.p_abandon.unwrap() < 1e-5);
        }
    }

    /// Fluid FIFO backlog: batch i (work `work[i]`) arrives at the start of interval
    /// i; interval j has capacity `cap[j]` agent-seconds served at a constant rate,
    /// oldest batch first. Returns each batch's finishing time in intervals.
    fn fifo_finish_times(work: &[f64], cap: &[f64]) -> Vec<f64> {
        let mut finish = vec![f64::INFINITY; work.len()];
        let mut queue: std::collections::VecDeque<(usize, f64)> = Default::default();
        for (j, &c) in cap.iter().enumerate() {
            if j < work.len() && work[j] > 0.0 {
                queue.push_back((j, work[j]));
            } else if j < work.len() {
                finish[j] = j as f64;
            }
            let mut used = 0.0;
            while let Some(front) = queue.front_mut() {
                let left = c - used;
                if left <= 0.0 {
                    break;
                }
                if front.1 <= left * (1.0 + 1e-12) {
                    used += front.1;
                    finish[front.0] = j as f64 + if c > 0.0 { used.min(c) / c } else { 0.0 };
                    queue.pop_front();
                } else {
                    front.1 -= left;
                    used = c;
                }
            }
        }
        finish
    }

    fn lcg(seed: &mut u64) -> f64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (*seed >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn deadline_profile_meets_every_deadline_in_a_fifo_backlog() {
        let dt: f64 = 1800.0;
        let mut seed = 7;
        let n = 96;
        let work: Vec<f64> = (0..n)
            .map(|_| {
                let u = lcg(&mut seed);
                if u < 0.3 {
                    0.0
                } else {
                    (u * 200.0).floor() * 300.0
                }
            })
            .collect();
        let total: f64 = work.iter().sum();
        for deadline in [1800.0, 4.0 * 3600.0, 4.0 * 3600.0 + 900.0, 24.0 * 3600.0] {
            let k = (deadline / dt).floor();
            for occ in [1.0, 0.85] {
                let profile = deadline_profile(&work, dt, deadline, false).unwrap();
                let capacity_total: f64 = profile.iter().map(|p| p * dt).sum();
                assert!(
                    (capacity_total - total).abs() <= 1e-9 * total,
                    "work is conserved"
                );
                // Fractional profile: capacity exactly the profile, fully used.
                let frac: Vec<f64> = profile.iter().map(|p| p * dt).collect();
                let integer: Vec<f64> = profile
                    .iter()
                    .map(|&p| f64::from(deadline_required(p, occ).unwrap()) * dt * occ)
                    .collect();
                for cap in [&frac, &integer] {
                    let finish = fifo_finish_times(&work, cap);
                    for (i, f) in finish.iter().enumerate() {
                        let due = (i as f64 + k).min(n as f64);
                        assert!(*f <= due + 1e-9, "D {deadline}: batch {i} done {f} > {due}");
                    }
                }
            }
        }
    }

    #[test]
    fn cyclic_deadline_profile_meets_deadlines_week_after_week() {
        let dt: f64 = 3600.0;
        let n = 24;
        let mut seed = 11;
        let week: Vec<f64> = (0..n)
            .map(|_| (lcg(&mut seed) * 50.0).floor() * 360.0)
            .collect();
        let total: f64 = week.iter().sum();
        for deadline in [3600.0, 5.0 * 3600.0, 30.0 * 3600.0 + 1.0] {
            let k = (deadline / dt).floor();
            let profile = deadline_profile(&week, dt, deadline, true).unwrap();
            let cap_total: f64 = profile.iter().map(|p| p * dt).sum();
            assert!((cap_total - total).abs() <= 1e-9 * total);
            // Three weeks of arrivals, four weeks of capacity.
            let cycles = 3;
            let work: Vec<f64> = (0..cycles * n).map(|i| week[i % n]).collect();
            let cap: Vec<f64> = (0..(cycles + 2) * n)
                .map(|j| f64::from(deadline_required(profile[j % n], 0.9).unwrap()) * dt * 0.9)
                .collect();
            let finish = fifo_finish_times(&work, &cap);
            for (i, f) in finish.iter().enumerate() {
                assert!(
                    *f <= i as f64 + k + 1e-9,
                    "D {deadline}: batch {i} done {f}"
                );
            }
        }
    }

    #[test]
    fn deadline_edge_cases() {
        assert!(matches!(
            deadline_profile(&[1.0], 1800.0, 900.0, false),
            Err(ErlangError::DeadlineTooShort { .. })
        ));
        assert!(deadline_profile(&[-1.0], 1800.0, 3600.0, false).is_err());
        assert!(deadline_profile(&[1.0], 0.0, 3600.0, false).is_err());
        assert_eq!(
            deadline_profile(&[], 1800.0, 3600.0, true).unwrap(),
            Vec::<f64>::new()
        );
        // Clipped at the end: the last interval's work all lands in it.
        let p = deadline_profile(&[0.0, 0.0, 3600.0], 3600.0, 3.0 * 3600.0, false).unwrap();
        assert_eq!(p, vec![0.0, 0.0, 1.0]);
        // Wrapped: the same work spreads over the last interval and the first two.
        let p = deadline_profile(&[0.0, 0.0, 3600.0], 3600.0, 3.0 * 3600.0, true).unwrap();
        let third = 1.0 / 3.0;
        assert_eq!(p, vec![third, third, third]);
        assert_eq!(deadline_required(0.0, 0.85).unwrap(), 0);
        assert_eq!(deadline_required(1e-17, 1.0).unwrap(), 0);
    }

    fn arb_load() -> impl Strategy<Value = Load> {
        (
            0.0..2000.0_f64,
            prop::sample::select(vec![900.0, 1800.0, 3600.0]),
            30.0..900.0_f64,
        )
            .prop_map(|(v, i, aht)| Load::voice(v.floor(), i, aht.floor()))
    }

    fn arb_target() -> impl Strategy<Value = Target> {
        (0.5..0.99_f64, 0.0..120.0_f64, 0.7..=1.0_f64).prop_map(|(sl, t, occ)| target(sl, t, occ))
    }

    proptest! {
        #[test]
        fn sl_never_falls_as_agents_rise(load in arb_load(), t in arb_target(), extra in 0u32..40) {
            let a = load.erlangs();
            let n = (a.floor() as u32).saturating_sub(5) + extra;
            let lo = figures_at(&load, &t, n).unwrap();
            let hi = figures_at(&load, &t, n + 1).unwrap();
            prop_assert!(hi.sl >= lo.sl - 1e-12, "{} then {}", lo.sl, hi.sl);
            prop_assert!(hi.p_wait <= lo.p_wait + 1e-12);
        }

        #[test]
        fn erlang_a_sl_never_falls_as_agents_rise(
            load in arb_load(), t in arb_target(), patience in 10.0..1200.0_f64, extra in 0u32..40
        ) {
            let load = Load { patience_s: Some(patience), ..load };
            let a = load.erlangs();
            let n = (a.floor() as u32).saturating_sub(20) + extra;
            let lo = figures_at(&load, &t, n).unwrap();
            let hi = figures_at(&load, &t, n + 1).unwrap();
            prop_assert!(hi.sl >= lo.sl - 1e-12, "{} then {}", lo.sl, hi.sl);
            prop_assert!(hi.p_abandon.unwrap() <= lo.p_abandon.unwrap() + 1e-12);
            prop_assert!(hi.asa_s <= lo.asa_s * (1.0 + 1e-12) + 1e-12);
        }

        #[test]
        fn required_never_falls_as_volume_rises(
            load in arb_load(), t in arb_target(), more in 0.0..300.0_f64, conc in 1u32..4
        ) {
            let load = Load { concurrency: conc, ..load };
            let bigger = Load { volume: load.volume + more.floor(), ..load };
            let (f, g) = (required(&load, &t).unwrap(), required(&bigger, &t).unwrap());
            prop_assert!(g.servers >= f.servers && g.agents >= f.agents);
            prop_assert!(f.sl >= t.sl - 1e-12 && f.occupancy <= t.max_occupancy + 1e-12);
        }

        #[test]
        fn erlang_a_required_never_falls_as_volume_rises(
            load in arb_load(), t in arb_target(), more in 0.0..100.0_f64, patience in 20.0..600.0_f64
        ) {
            let load = Load { patience_s: Some(patience), volume: load.volume.min(500.0), ..load };
            let bigger = Load { volume: load.volume + more.floor(), ..load };
            let (f, g) = (required(&load, &t).unwrap(), required(&bigger, &t).unwrap());
            prop_assert!(g.agents >= f.agents);
            prop_assert!(f.sl >= t.sl - 1e-12 && f.occupancy <= t.max_occupancy + 1e-12);
            if f.agents > 0 {
                let below = figures_at(&load, &t, f.agents - 1).unwrap();
                prop_assert!(below.sl < t.sl || below.occupancy > t.max_occupancy);
            }
        }

        #[test]
        fn erlang_a_with_infinite_patience_equals_erlang_c(
            load in arb_load(), t in arb_target(), above in 1u32..30
        ) {
            let n = load.erlangs().floor() as u32 + above;
            let c = figures_at(&load, &t, n).unwrap();
            // The gap to Erlang C grows like (AHT/patience)/(N(1 − ρ)²), up to N·AHT/patience
            // at N = A + 1: a patience of 1e11 AHTs keeps it below 1e-7 for N ≤ 10 000.
            let patience = load.aht_s * 1e11;
            let a = figures_at(&Load { patience_s: Some(patience), ..load }, &t, n).unwrap();
            prop_assert!((a.p_wait - c.p_wait).abs() < 1e-6, "{} vs {}", a.p_wait, c.p_wait);
            prop_assert!((a.sl - c.sl).abs() < 1e-6, "{} vs {}", a.sl, c.sl);
            prop_assert!(a.p_abandon.unwrap() < 1e-6);
        }

        #[test]
        fn shrinkage_parts_combine_like_sequential_application(
            net in 0u32..2000, parts in prop::collection::vec(0.0..0.3_f64, 0..5)
        ) {
            let net = f64::from(net);
            let combined = combined_shrinkage(&parts).unwrap();
            let kept: f64 = parts.iter().map(|s| 1.0 - s).product();
            prop_assert!((combined - (1.0 - kept)).abs() < 1e-15);
            let mut sequential = net;
            for &s in &parts {
                sequential = gross_raw(sequential, s).unwrap();
            }
            let at_once = gross_raw(net, combined).unwrap();
            prop_assert!((sequential - at_once).abs() <= 1e-12 * sequential.max(1.0));
            prop_assert_eq!(with_shrinkage(net, combined).unwrap(), ceil_exact(sequential));
        }

        #[test]
        fn zero_volume_is_zero_agents(
            load in arb_load(), t in arb_target(), patience in prop::option::of(1.0..1000.0_f64),
            conc in 1u32..5
        ) {
            let load = Load { volume: 0.0, patience_s: patience, concurrency: conc, ..load };
            let f = required(&load, &t).unwrap();
            prop_assert_eq!((f.agents, f.servers), (0, 0));
            prop_assert_eq!((f.sl, f.p_wait), (1.0, 0.0));
        }
    }
}
