//! Erlang A (M/M/N+M, Garnett, Mandelbaum & Reiman 2002): the exact birth–death
//! chain with exponential patience, abandons counted as failures.

use super::c::inv_erlang_b;
use super::{check, patience_ratio_ok, ErlangA, ErlangError, MAX_ERLANGS, MAX_TAIL_TERMS};

/// Internal Erlang A result in AHT units.
pub(super) struct ACore {
    pub(super) p_wait: f64,
    pub(super) p_abandon: f64,
    pub(super) sl: f64,
    /// ASA of answered contacts in units of AHT.
    pub(super) asa_answered: f64,
    pub(super) occupancy: f64,
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
pub(super) fn erlang_a_core(
    n: u32,
    a: f64,
    r: f64,
    gamma: f64,
    tau: f64,
) -> Result<ACore, ErlangError> {
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
    let sums = TailSums::of(nf, a, gamma, tau).ok_or(not_converged)?;
    Ok(sums.figures(nf, a, r))
}

/// The sums over the waiting states m = 0, 1, … of [`erlang_a_core`], each
/// weighted by `w_m` (kept below [`RESCALE`] by dividing every sum by it
/// `rescales` times).
struct TailSums {
    /// Σ w_m
    s0: f64,
    /// Σ w_m · P(abandon | m)
    s_ab: f64,
    /// Σ w_m · P(served | m)
    s_served: f64,
    /// Σ w_m · P(served within T | m)
    s_sl: f64,
    /// Σ w_m · E[W · 1{served} | m]
    s_asa: f64,
    rescales: i32,
}

impl TailSums {
    /// The sums for `n` servers, load `a`, abandonment rate `gamma` per
    /// mean handle time and threshold `tau` (in handle times), summed until
    /// the rest of the tail is negligible; `None` past [`MAX_TAIL_TERMS`].
    fn of(nf: f64, a: f64, gamma: f64, tau: f64) -> Option<TailSums> {
        let mut nb = NegBinCdf::new(gamma * tau, nf / gamma + 1.0);
        let mut sums = TailSums {
            s0: 0.0,
            s_ab: 0.0,
            s_served: 0.0,
            s_sl: 0.0,
            s_asa: 0.0,
            rescales: 0,
        };
        let mut w = 1.0_f64;
        let mut harmonic = 0.0_f64; // Σ_{j=1..m+1} 1/(n + jγ)
        let mut m = 0_usize;
        loop {
            let j = (m + 1) as f64;
            let inv_d = 1.0 / (nf + j * gamma);
            let served = nf * inv_d;
            harmonic += inv_d;
            let within = nb.upper();
            sums.s0 += w;
            sums.s_ab += w * (j * gamma * inv_d);
            sums.s_served += w * served;
            sums.s_sl += w * served * within;
            sums.s_asa += w * served * harmonic;
            let growth = a * inv_d; // w_{m+1} / w_m
                                    // Later ratios are smaller, so the rest of the tail is below w·g/(1 − g).
            if growth < 1.0 && w * growth < 1e-17 * sums.s0 * (1.0 - growth) {
                return Some(sums);
            }
            m += 1;
            if m >= MAX_TAIL_TERMS {
                return None;
            }
            w *= growth;
            if w > RESCALE {
                w /= RESCALE;
                sums.rescale();
            }
            nb.advance();
        }
    }

    /// Divide every sum by [`RESCALE`] (the weights were).
    fn rescale(&mut self) {
        self.s0 /= RESCALE;
        self.s_ab /= RESCALE;
        self.s_served /= RESCALE;
        self.s_sl /= RESCALE;
        self.s_asa /= RESCALE;
        self.rescales += 1;
    }

    /// The figures at `n` servers and load `a`, with `r = 1/B(n, a)`: the
    /// states k ≤ n weigh `r` relative to state n.
    fn figures(&self, nf: f64, a: f64, r: f64) -> ACore {
        let s0 = self.s0;
        // States below n weigh 1/B − 1 = R − 1 relative to π_n, the waiting states
        // (n included) Σ w: ratio = P(no wait) / P(wait).
        let free = r - 1.0;
        let ratio = if self.rescales == 0 {
            free / s0
        } else {
            (free.ln() - s0.ln() - f64::from(self.rescales) * RESCALE.ln()).exp()
        };
        let p_wait = 1.0 / (1.0 + ratio);
        let p_nowait = if ratio.is_infinite() {
            1.0
        } else {
            ratio / (1.0 + ratio)
        };
        let p_abandon = p_wait * (self.s_ab / s0);
        let p_answered = p_nowait + p_wait * (self.s_served / s0);
        let sl = p_nowait + p_wait * (self.s_sl / s0);
        let wait_served = p_wait * (self.s_asa / s0);
        let asa_answered = if p_answered > 0.0 {
            wait_served / p_answered
        } else {
            f64::INFINITY
        };
        ACore {
            p_wait,
            p_abandon,
            sl,
            asa_answered,
            // Carried load ÷ servers; rounding may push a saturated system a hair past 1.
            occupancy: (a * p_answered / nf).min(1.0),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
