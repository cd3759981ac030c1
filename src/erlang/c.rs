//! Erlang B and C (Erlang 1917): the stable `1/B` recursion, the probability of
//! waiting and the service level of the M/M/N queue.

use super::{check, floor_exact, ErlangError};

/// `1/B(n, a)` by the Erlang B recursion in the form `R(k) = 1 + (k/a)·R(k−1)`,
/// `R(0) = 1`; `a > 0`. Stops early once `R` overflows (B has underflowed to 0).
pub(super) fn inv_erlang_b(n: u32, a: f64) -> f64 {
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
pub(super) fn next_inv_b(r: f64, k: u32, a: f64) -> f64 {
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
pub(super) fn c_from_inv_b(n: u32, a: f64, r: f64) -> f64 {
    let nf = f64::from(n);
    nf / (r * (nf - a) + a)
}

/// Erlang C figures at `n` servers; `r = 1/B(n, a)`, `a > 0`, `aht > 0`.
pub(super) fn c_figures(n: u32, a: f64, r: f64, aht: f64, t: f64) -> (f64, f64, f64, f64) {
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
