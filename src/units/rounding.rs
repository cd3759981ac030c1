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

/// Parts rounded to `digits` decimals so that the rounded parts add up to
/// exactly `total` rounded the same way: the largest-remainder (Hamilton)
/// method. Each part is cut down to a whole number of units (10^−digits);
/// the units still missing go, one each, to the parts with the largest
/// remainders (ties to the earlier part); units over the total are taken from
/// the smallest remainders. Each part moves by less than a unit from its own
/// figure when `total` is within a unit of the parts' sum. Rounding each part
/// on its own drifts instead: three parts of 1/3 round to 0.33 each, and add
/// up to 0.99, not 1.00.
///
/// ```
/// use staffplan::units::round_to_total;
/// assert_eq!(round_to_total(&[1.0 / 3.0; 3], 1.0, 2), vec![0.34, 0.33, 0.33]);
/// ```
pub fn round_to_total(parts: &[f64], total: f64, digits: i32) -> Vec<f64> {
    if parts.is_empty() {
        return Vec::new();
    }
    let f = 10f64.powi(digits);
    // A part that is a whole number of units up to floating-point noise
    // (0.29 × 100 = 28.999…) is that number.
    let floors: Vec<f64> = parts.iter().map(|x| (x * f + 1e-7).floor()).collect();
    let remainder = |i: usize| parts[i] * f - floors[i];
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b)));
    let mut units: Vec<i64> = floors.iter().map(|&x| x as i64).collect();
    let missing = (total * f).round() as i64 - units.iter().sum::<i64>();
    let n = parts.len() as i64;
    for k in 0..missing.abs() {
        let i = if missing > 0 {
            order[(k % n) as usize]
        } else {
            order[order.len() - 1 - (k % n) as usize]
        };
        units[i] += missing.signum();
    }
    units
        .into_iter()
        .map(|u| round(u as f64 / f, digits))
        .collect()
}

/// [`round_to_total`] of the parts to their own sum: published figures that
/// add up to their published total.
pub fn round_parts(parts: &[f64], digits: i32) -> Vec<f64> {
    round_to_total(parts, parts.iter().sum(), digits)
}

/// Round to six decimals, for numbers quoted back in messages.
pub(super) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
