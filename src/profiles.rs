//! Built-in intraday profiles: relative contact volume per hour of the
//! client's local day (24 weights, midnight first). They are typical shapes,
//! not data: a planner with history should give a CSV forecast or weights.

/// Names of the built-in profiles.
pub const NAMES: [&str; 5] = ["flat", "retail", "banking", "evening", "gulf"];

/// Retail: quiet nights, a morning ramp, a lunch peak and an after-work peak.
const RETAIL: [f64; 24] = [
    0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.6, 1.5, 3.5, 5.5, 6.8, 7.2, 7.0, 6.6, 6.2, 6.0, 6.1, 6.4, 6.6,
    6.0, 4.8, 3.5, 2.0, 0.9,
];
/// Banking: office hours, peaks at opening and after lunch, little at night.
const BANKING: [f64; 24] = [
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.8, 3.0, 7.5, 9.0, 8.6, 8.0, 6.8, 7.4, 7.8, 7.0, 6.0, 4.5, 2.8,
    1.8, 1.2, 0.8, 0.5, 0.3,
];
/// Evening: consumer services used after work (telecom, streaming, utilities).
const EVENING: [f64; 24] = [
    1.2, 0.7, 0.4, 0.3, 0.3, 0.4, 0.8, 1.6, 2.6, 3.4, 3.8, 4.0, 4.1, 4.0, 4.0, 4.3, 4.9, 5.8, 6.8,
    7.4, 7.3, 6.4, 4.6, 2.6,
];
/// Gulf: a late-morning peak, a quiet early afternoon and a long evening peak.
const GULF: [f64; 24] = [
    2.2, 1.2, 0.6, 0.3, 0.2, 0.3, 0.7, 1.8, 3.6, 5.2, 6.0, 5.8, 5.0, 4.2, 4.0, 4.4, 5.0, 5.6, 6.0,
    6.4, 6.6, 6.2, 5.0, 3.6,
];

/// The weights of a built-in profile, by name.
pub fn builtin(name: &str) -> Option<Vec<f64>> {
    match name {
        "flat" => Some(vec![1.0; 24]),
        "retail" => Some(RETAIL.to_vec()),
        "banking" => Some(BANKING.to_vec()),
        "evening" => Some(EVENING.to_vec()),
        "gulf" => Some(GULF.to_vec()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_positive_weights() {
        for name in NAMES {
            let w = builtin(name).unwrap();
            assert_eq!(w.len(), 24, "{name}");
            assert!(w.iter().all(|x| *x > 0.0), "{name}");
        }
        assert!(builtin("retial").is_none());
    }
}
