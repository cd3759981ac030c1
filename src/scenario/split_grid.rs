//! The grid of a split the plan chooses (`share: auto`): every share
//! vector it may choose, as validation counts them and the plan screens
//! them (`pipeline::split`).

use super::{AutoShare, Scenario};
use crate::units::round;

/// The grid step of a split the plan chooses, when the queue gives no
/// `split_step`.
pub const DEFAULT_SPLIT_STEP: f64 = 0.05;

/// The most share vectors a split the plan chooses may have on its grid
/// (validation refuses more); [`split_grid`] stops after one more.
pub const MAX_SPLIT_POINTS: usize = 1001;

/// Every share vector of `parts` on their grid (multiples of the step
/// adding up to 100 %, each within its part's `min` and `max`), in
/// lexicographic order of the parts' levels (first part's share rising);
/// at most [`MAX_SPLIT_POINTS`] + 1. Two parts on a 5 % grid without
/// bounds: 21 points, 0/100, 5/95, …, 100/0.
pub fn split_grid(parts: &[AutoShare]) -> Vec<Vec<f64>> {
    let Some(first) = parts.first() else {
        return Vec::new();
    };
    let n = (1.0 / first.step).round() as u32;
    let bounds: Vec<(u32, u32)> = (parts.iter())
        .map(|a| {
            let lo = (a.min / a.step - 1e-9).ceil().max(0.0) as u32;
            let hi = ((a.max / a.step + 1e-9).floor() as u32).min(n);
            (lo, hi)
        })
        .collect();
    let mut out = Vec::new();
    fill(&bounds, n, &mut Vec::new(), &mut out);
    (out.into_iter())
        .map(|levels| {
            (levels.iter())
                .map(|&l| round(f64::from(l) * first.step, 9))
                .collect()
        })
        .collect()
}

/// The level vectors that complete `current` with `left` steps.
fn fill(bounds: &[(u32, u32)], left: u32, current: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
    let k = current.len();
    if out.len() > MAX_SPLIT_POINTS || k == bounds.len() {
        return;
    }
    if k + 1 == bounds.len() {
        if (bounds[k].0..=bounds[k].1).contains(&left) {
            current.push(left);
            out.push(current.clone());
            current.pop();
        }
        return;
    }
    for level in bounds[k].0..=bounds[k].1.min(left) {
        current.push(level);
        fill(bounds, left - level, current, out);
        current.pop();
    }
}

/// The split queues whose shares the plan chooses, in scenario order.
pub fn auto_queues(sc: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in &sc.queues {
        if let Some(p) = q.part.as_ref().filter(|p| p.auto.is_some()) {
            if !out.contains(&p.of) {
                out.push(p.of.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
