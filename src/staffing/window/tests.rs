use super::*;

/// Erlang C service level by the textbook formulas, written out apart
/// from the crate's: B by its recursion, C = N·B / (N − A(1 − B)),
/// SL = 1 − C·e^{−(N−A)T/AHT}, 0 at or below the load.
fn textbook_sl(n: u32, a: f64, aht: f64, t: f64) -> f64 {
    if f64::from(n) <= a {
        return 0.0;
    }
    let mut b = 1.0;
    for k in 1..=n {
        b = a * b / (f64::from(k) + a * b);
    }
    let nf = f64::from(n);
    let c = nf * b / (nf - a * (1.0 - b));
    1.0 - c * (-(nf - a) * t / aht).exp()
}

/// The least total staffing over every combination of `lo[i]..lo[i]+6`
/// agents meeting the day's 80/20: the brute force the greedy must match.
fn brute_force(volumes: &[f64], lo: &[u32], floor: Option<f64>) -> u32 {
    let (aht, t, len) = (180.0, 20.0, volumes.len());
    let a = |i: usize| volumes[i] * aht / 1800.0;
    let need = 0.8 * volumes.iter().sum::<f64>();
    let mut best = u32::MAX;
    let mut n = lo.to_vec();
    loop {
        let sls: Vec<f64> = (0..len).map(|i| textbook_sl(n[i], a(i), aht, t)).collect();
        let served: f64 = (0..len).map(|i| volumes[i] * sls[i]).sum();
        if served >= need && floor.is_none_or(|f| sls.iter().all(|s| *s >= f)) {
            best = best.min(n.iter().sum());
        }
        // Next combination, like an odometer.
        let mut i = 0;
        while i < len && n[i] == lo[i] + 6 {
            n[i] = lo[i];
            i += 1;
        }
        if i == len {
            return best;
        }
        n[i] += 1;
    }
}

#[test]
fn the_greedy_finds_the_least_staffing_of_a_small_day() {
    // Six half hours of 10 to 60 calls at 3 minutes, 80/20 over the day.
    let volumes = [10.0, 25.0, 40.0, 60.0, 30.0, 15.0];
    let aht = 180.0;
    let loads: Vec<Load> = volumes
        .iter()
        .map(|v| Load::voice(*v, 1800.0, aht))
        .collect();
    let target = Target {
        sl: 0.8,
        sl_seconds: 20.0,
        asa_s: None,
        max_occupancy: 1.0,
    };
    for floor in [None, Some(0.5), Some(0.7)] {
        // Each interval's own limit: stability (N > A), or the floor.
        let start: Vec<u32> = loads
            .iter()
            .map(|l| {
                let own = Target {
                    sl: floor.unwrap_or(f64::MIN_POSITIVE),
                    ..target
                };
                erlang::required(l, &own).unwrap().agents
            })
            .collect();
        let goal = Goal {
            member: 0,
            intervals: (0..6).collect(),
            need: 0.8 * volumes.iter().sum::<f64>(),
        };
        let mut net = start.clone();
        raise(&mut net, &[goal], 1, 0.0, |_, i, n| {
            served(&loads[i], &target, volumes[i], n)
        })
        .unwrap();
        // The brute force starts one below each limit it must find itself.
        let lo: Vec<u32> = start.iter().map(|s| s.saturating_sub(1)).collect();
        assert_eq!(
            net.iter().sum::<u32>(),
            brute_force(&volumes, &lo, floor),
            "floor {floor:?}: {net:?}"
        );
        // The interval plan (each interval 80/20) needs more.
        let each: u32 = loads
            .iter()
            .map(|l| erlang::required(l, &target).unwrap().agents)
            .sum();
        assert!(net.iter().sum::<u32>() < each, "{net:?} against {each}");
    }
}
