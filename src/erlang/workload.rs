//! Workload beyond the queue: shrinkage (net to gross agents) and deadline work
//! (e-mail, back office) finished within its deadline.

use super::{ceil_exact, check, floor_exact, ErlangError};

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
}
