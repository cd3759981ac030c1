//! The staffing search: the smallest number of servers meeting every target
//! (Erlang C by stepping, Erlang A by stepping then halving), and the reverse
//! calculation at a given staffing.

use super::a::erlang_a_core;
use super::c::{c_figures, c_from_inv_b, inv_erlang_b, next_inv_b};
use super::{ceil_exact, floor_exact, ErlangError, Figures, Load, Target, SL_TOLERANCE};

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

/// The targets figures miss, each judged with the search's own tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missed {
    /// The service level is below its target.
    pub sl: bool,
    /// The ASA is above its target (when there is one).
    pub asa: bool,
    /// The occupancy is above its cap.
    pub occupancy: bool,
}

impl Missed {
    /// What `f` misses of `target`.
    pub fn of(f: &Figures, target: &Target) -> Missed {
        Missed {
            sl: f.sl < target.sl - SL_TOLERANCE,
            asa: !asa_ok(f.asa_s, target.asa_s),
            occupancy: f.occupancy > target.max_occupancy + SL_TOLERANCE,
        }
    }
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
            Ok(f) => {
                let missed = Missed::of(&f, target);
                Ok(if missed.sl {
                    Err("sl_target")
                } else if missed.asa {
                    Err("asa_s")
                } else if missed.occupancy {
                    Err("max_occupancy")
                } else {
                    Ok(f)
                })
            }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
