//! The 95 % interval of a figure over runs (Student's t).

use super::Estimate;

/// Mean and 95 % Student t interval of `values`.
pub fn estimate(values: &[f64]) -> Option<Estimate> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let (low, high) = if n >= 2 {
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let half = t975(n - 1) * (var / n as f64).sqrt();
        (Some(mean - half), Some(mean + half))
    } else {
        (None, None)
    };
    Some(Estimate {
        mean,
        low,
        high,
        runs: n as u32,
    })
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom (table
/// to 30, then `z + (z³ + z)/(4·df)`, within 0.003 of the exact value).
pub fn t975(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => T[df - 1],
        _ => {
            let z: f64 = 1.959964;
            z + (z.powi(3) + z) / (4.0 * df as f64)
        }
    }
}
