//! Rounding for numbers meant for people (and stable text).

/// Round to `digits` decimals, for numbers meant for people (and stable text).
pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Round to six decimals, for numbers quoted back in messages.
pub(super) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
