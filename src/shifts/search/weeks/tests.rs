//! The hand-over between weeks and the maximum flow, by hand and by
//! exhaustive search.

use std::collections::BTreeMap;

use super::super::limits::Limits;
use super::super::state::State;
use super::assign::assign;
use super::days_off::fairest;
use super::rotate::rotate;
use super::{employ_every_week, follows_on, Flow};
use crate::scenario::Template;
use crate::shifts::test_support::pool_model;
use crate::shifts::{Caps, Handover, PoolModel, Shift, Tour, Trips};

/// The most units of `left` that can be sent to `room` along `edges`,
/// by trying every choice for each source unit in turn (none, or any
/// sink with room it has an edge to).
fn brute(edges: &[Vec<usize>], left: &mut [u32], room: &mut [u32]) -> u32 {
    let Some(i) = left.iter().position(|&n| n > 0) else {
        return 0;
    };
    left[i] -= 1;
    let mut best = brute(edges, left, room);
    for &k in &edges[i] {
        if room[k] > 0 {
            room[k] -= 1;
            best = best.max(1 + brute(edges, left, room));
            room[k] += 1;
        }
    }
    left[i] += 1;
    best
}

/// On 300 small random networks (up to 4 sources and 4 sinks of up to
/// 2 agents each), the greedy start plus shortest augmenting paths
/// sends as many agents as exhaustive search finds, and never more
/// than a source has or a sink takes.
#[test]
fn the_flow_is_maximum() {
    let mut seed = 12345u64;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for _ in 0..300 {
        let (sources, sinks) = (1 + next(4) as usize, 1 + next(4) as usize);
        let edges: Vec<Vec<usize>> = (0..sources)
            .map(|_| (0..sinks).filter(|_| next(2) == 0).collect())
            .collect();
        let left: Vec<u32> = (0..sources).map(|_| 1 + next(2) as u32).collect();
        let room: Vec<u32> = (0..sinks).map(|_| 1 + next(2) as u32).collect();
        let expected = brute(&edges, &mut left.clone(), &mut room.clone());
        let order: Vec<usize> = (0..sources).rev().collect();
        let mut net = Flow {
            edges: edges.clone(),
            left: left.clone(),
            room: room.clone(),
            flow: vec![BTreeMap::new(); sinks],
        };
        net.greedy(&order);
        while net.augment() {}
        let sent: u32 = left.iter().sum::<u32>() - net.left.iter().sum::<u32>();
        assert_eq!(sent, expected, "{edges:?} {left:?} {room:?}");
        for (k, from) in net.flow.iter().enumerate() {
            assert_eq!(from.values().sum::<u32>(), room[k] - net.room[k]);
            assert!(from.iter().all(|(i, _)| edges[*i].contains(&k)));
        }
    }
}

/// A 9 h shift on `day` starting `start_h` hours after the horizon's
/// start.
fn shift(day: usize, start_h: i64, night: bool) -> Shift {
    Shift {
        template: 0,
        day,
        start_min: (start_h % 24) as u32 * 60,
        first: 0,
        intervals: Vec::new(),
        off: Vec::new(),
        cost: 1.0,
        paid_h: 8.0,
        breaks: Vec::new(),
        night,
        late: false,
        weekend: false,
        span_s: (start_h * 3600, (start_h + 9) * 3600),
        end_slot: 0,
    }
}

/// A pool of `tours` (five shifts each, from the `shifts` at their
/// indices) over two weeks.
fn model(shifts: Vec<Shift>, tours: &[usize]) -> PoolModel {
    let tour = |from: usize| Tour {
        template: 0,
        shifts: (from..from + 5).collect(),
        cost: 5.0,
        days_off: Vec::new(),
    };
    PoolModel {
        penalty: 1.0,
        ..pool_model(
            Vec::new(),
            shifts,
            tours.iter().map(|&from| tour(from)).collect(),
        )
    }
}

/// 11 h of rest, at most 6 days and 5 nights in a row.
const RULES: Handover = Handover {
    min_rest_s: 11 * 3600,
    max_days: 6,
    max_nights: Some(5),
    wrap_s: None,
};

/// A week-0 tour of nights (22:00–07:00) on days 2–6 and week-1 tours
/// starting on day 7 (`start` hours after the horizon's start, 9 h
/// long, 5 days in a row), under 11 h of rest and at most 6 days and
/// 5 nights in a row, by hand:
/// - 08:00 on day 7: 1 h after the night ends, too little rest;
/// - 18:00 on day 7: 11 h of rest, but 5 + 5 = 10 days in a row;
/// - 18:00 on day 8 (day 7 off): 35 h of rest, 5 + 0 days in a row.
#[test]
fn a_tour_follows_on_within_the_rules() {
    let mut shifts: Vec<Shift> = (2..7).map(|d| shift(d, d as i64 * 24 + 22, true)).collect();
    for first in [(7, 8), (7, 18), (8, 18)] {
        shifts
            .extend((0..5).map(|k| shift(first.0 + k, (first.0 + k) as i64 * 24 + first.1, false)));
    }
    let m = model(shifts, &[0, 5, 10, 15]);
    let rules = RULES;
    let follows: Vec<bool> = (1..4).map(|b| follows_on(&m, &rules, 0, b, 0)).collect();
    assert_eq!(follows, [false, false, true]);
}

/// The shifts of `line`'s tours that are `what`.
fn count(m: &PoolModel, line: &[Option<usize>], what: fn(&Shift) -> bool) -> usize {
    line.iter()
        .flatten()
        .flat_map(|&j| &m.tours[j].shifts)
        .filter(|&&s| what(&m.shifts[s]))
        .count()
}

/// Two agents over two weeks, one on nights (22:00) both weeks, one on
/// days (09:00) both weeks. With each week's shifts on days 0–4 (two days
/// off before the next week) an agent may go from nights to days, so the
/// rotation swaps a week: 5 nights each, by hand. With the shifts on days
/// 2–6 and 7–11 (no day off between the weeks) it may not: nights end at
/// 07:00 on day 7 and days start at 09:00 (2 h of rest), and days then
/// nights would be 10 days in a row, so the lines stay as they are.
#[test]
fn the_rotation_shares_nights_within_the_rules() {
    let nights = |m: &PoolModel, line: &[Option<usize>]| count(m, line, |s| s.night);
    for (first, shared) in [(0, true), (2, false)] {
        // Tours: 0 nights and 1 days of week 0, 2 nights and 3 days of week 1.
        let shifts: Vec<Shift> = [(first, 22, true), (first, 9, false)]
            .into_iter()
            .chain([(7, 22, true), (7, 9, false)])
            .flat_map(|(from, hour, night)| {
                (from..from + 5).map(move |d| shift(d, d as i64 * 24 + hour, night))
            })
            .collect();
        let m = model(shifts, &[0, 5, 10, 15]);
        let lines = vec![vec![Some(0), Some(2)], vec![Some(1), Some(3)]];
        let rotated = rotate(&m, &RULES, &[0], lines.clone());
        let spread: Vec<usize> = rotated.iter().map(|l| nights(&m, l)).collect();
        if shared {
            assert_eq!(spread, [5, 5], "{rotated:?}");
        } else {
            assert_eq!(rotated, lines);
        }
    }
}

/// Two agents over two weeks, Monday to Friday (days 0–4 and 7–11), one
/// on lates (15:00–00:00) both weeks, one on days (08:00) both weeks.
/// Lates end at midnight and the next week starts after two days off, so
/// either may follow the other: the rotation swaps a week, 5 lates each,
/// by hand.
#[test]
fn the_rotation_shares_lates() {
    let lates = |m: &PoolModel, line: &[Option<usize>]| count(m, line, |s| s.late);
    let shifts: Vec<Shift> = [(0, 15, true), (0, 8, false), (7, 15, true), (7, 8, false)]
        .into_iter()
        .flat_map(|(from, hour, late)| {
            (from..from + 5).map(move |d| Shift {
                late,
                ..shift(d, d as i64 * 24 + hour, false)
            })
        })
        .collect();
    let m = model(shifts, &[0, 5, 10, 15]);
    let lines = vec![vec![Some(0), Some(2)], vec![Some(1), Some(3)]];
    let rotated = rotate(&m, &RULES, &[0], lines);
    let spread: Vec<usize> = rotated.iter().map(|l| lates(&m, l)).collect();
    assert_eq!(spread, [5, 5], "{rotated:?}");
}

/// Two weeks of 22:00–06:00 nights (hourly intervals, not repeating), 5
/// of 7 nights a week, 12 h of rest, at most 6 days and 5 nights in a
/// row. Week 0 (as the search left it): agent A on nights 2–6, agent B on
/// nights 0–3 and 6; week 1: two agents needed on nights 7–11, and the
/// search's two tours of exactly those nights. Neither A (5 + 1 nights in
/// a row from night 7) nor B (1 + 5) can work them, and no one tour
/// either can work covers all five nights (A cannot work night 7, B not
/// five in a row from it), so moving one agent cannot help: before, A and
/// B had no week 1 and two people were hired for it, 4 in all. But night 7
/// needs two people and only B of the two can work it, so by hand the
/// least is 3: B's tour with night 7 and A's from night 8 together cover
/// one of the search's tours, the other keeps its new agent, who is
/// given a week 0 that leads into it (night 6 off). Everyone works both
/// weeks, and the floor is as covered as the search left it.
#[test]
fn stranded_agents_take_over_a_new_agents_tour() {
    let night = |d: usize| Shift {
        intervals: (d * 24 + 22..d * 24 + 30)
            .filter(|&t| t < 14 * 24)
            .collect(),
        ..shift(d, d as i64 * 24 + 22, true)
    };
    let mut tours = Vec::new();
    for w in 0..2 {
        for a in 0..7 {
            for b in a + 1..7 {
                tours.push(Tour {
                    template: 0,
                    shifts: (0..7)
                        .filter(|&d| d != a && d != b)
                        .map(|d| w * 7 + d)
                        .collect(),
                    cost: 5.0,
                    days_off: vec![a, b],
                });
            }
        }
    }
    let mut required = vec![0.0; 14 * 24];
    for (nights, n) in [
        (vec![2, 3, 4, 5, 6], 1.0),
        (vec![0, 1, 2, 3, 6], 1.0),
        (vec![7, 8, 9, 10, 11], 2.0),
    ] {
        for d in nights {
            for t in &night(d).intervals {
                required[*t] += n;
            }
        }
    }
    let m = PoolModel {
        required,
        tours,
        weekly: Some(Handover {
            min_rest_s: 12 * 3600,
            ..RULES
        }),
        ..model((0..14).map(night).collect(), &[])
    };
    let tour_of = |days: &[usize]| {
        (0..m.tours.len())
            .find(|&j| m.tours[j].shifts == days)
            .expect("a tour of these nights")
    };
    let mut chosen = vec![0; m.tours.len()];
    chosen[tour_of(&[2, 3, 4, 5, 6])] += 1;
    chosen[tour_of(&[0, 1, 2, 3, 6])] += 1;
    chosen[tour_of(&[7, 8, 9, 10, 11])] += 2;
    let state = State::of(&m, &chosen);
    assert_eq!(state.shortfall, 0.0);
    let templates = [template()];
    let limits = Limits {
        caps: Caps::default(),
        templates: &templates,
        trips: &Trips::new(),
        groups_of: vec![Vec::new(); m.tours.len()],
    };
    let rules = m.weekly.expect("weekly");
    let (state, lines) = employ_every_week(&m, state, &limits);
    assert_eq!(lines.len(), 3, "{lines:?}");
    for line in &lines {
        let [Some(a), Some(b)] = line[..] else {
            panic!("a week without a tour: {lines:?}");
        };
        assert!(follows_on(&m, &rules, a, b, 0), "{lines:?}");
    }
    let week = |w: usize| -> u32 {
        (0..m.tours.len())
            .filter(|&j| m.tour_week(j) == w)
            .map(|j| state.tours[j])
            .sum()
    };
    assert_eq!([week(0), week(1)], [3, 3]);
    assert!(state.shortfall < 1e-9, "{}", state.shortfall);
}

/// A template the limits read only for its contract: 8 h nights from 22:00.
fn template() -> Template {
    crate::shifts::test_support::template("night", 8 * 3600, 22 * 60)
}

/// A small random generator for the brute-force tests.
fn lcg(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut seed = seed;
    move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    }
}

/// Every permutation of `0..n`.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut all = Vec::new();
    for rest in permutations(n - 1) {
        for at in 0..n {
            let mut p = rest.clone();
            p.insert(at, n - 1);
            all.push(p);
        }
    }
    all
}

/// On 200 random matrices of up to 6 × 6 (entries 0–20), the Hungarian
/// method's assignment costs as little as the cheapest of all
/// permutations, and is one.
#[test]
fn the_assignment_is_least_cost() {
    let mut next = lcg(777);
    for _ in 0..200 {
        let n = 1 + next(6) as usize;
        let cost: Vec<Vec<i64>> = (0..n)
            .map(|_| (0..n).map(|_| next(21) as i64).collect())
            .collect();
        let total = |p: &[usize]| -> i64 { p.iter().enumerate().map(|(i, &j)| cost[i][j]).sum() };
        let least = permutations(n).iter().map(|p| total(p)).min();
        let got = assign(&cost);
        let mut sorted = got.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..n).collect::<Vec<_>>(), "{cost:?}");
        assert_eq!(Some(total(&got)), least, "{cost:?}");
    }
}

/// Two weeks, 5 agents, each week's tours drawn from nights (22:00) and
/// days (09:00) on days 0–4 or 2–6 of the week (no day off before the
/// next week on 2–6: a night then ends at 07:00 on the next week's first
/// day, too soon for a 09:00 day, and 2–6 then 7–11 is 10 days in a
/// row). On 100 random draws of lines that keep the rules, the rotation
/// ends with lines that keep them and a sum of squared nights per agent
/// as low as the best of every way to give the week-1 tours to the
/// agents (brute force: 5! ways); on the repeating horizon too (week 1
/// then leads back to week 0).
#[test]
fn the_rotation_finds_the_fairest_lines_of_two_weeks() {
    let mut next = lcg(2026);
    // Tours: per week, nights 0–4, nights 2–6, days 0–4, days 2–6.
    let kinds = [(0, 22, true), (2, 22, true), (0, 9, false), (2, 9, false)];
    let shifts: Vec<Shift> = (0..2)
        .flat_map(|w| kinds.iter().map(move |&k| (w, k)))
        .flat_map(|(w, (from, hour, night))| {
            (from..from + 5).map(move |d| {
                let day = 7 * w + d;
                shift(day, day as i64 * 24 + hour, night)
            })
        })
        .collect();
    let m = model(shifts, &[0, 5, 10, 15, 20, 25, 30, 35]);
    let nights = |line: &[Option<usize>]| count(&m, line, |s| s.night);
    for wrap in [None, Some(14 * 24 * 3600)] {
        let rules = Handover {
            wrap_s: wrap,
            ..RULES
        };
        let legal = |a: usize, b: usize| {
            follows_on(&m, &rules, a, b, 0) && wrap.is_none_or(|s| follows_on(&m, &rules, b, a, s))
        };
        for _ in 0..50 {
            // Each agent's week 0 at random, and a week 1 that keeps the
            // rules (there is always one: a tour on days 2–6 of week 1).
            let pairs: Vec<(usize, usize)> = (0..5)
                .map(|_| {
                    let a = next(4) as usize;
                    let b: Vec<usize> = (4..8).filter(|&b| legal(a, b)).collect();
                    (a, b[next(b.len() as u64) as usize])
                })
                .collect();
            let squares =
                |ls: &[Vec<Option<usize>>]| -> usize { ls.iter().map(|l| nights(l).pow(2)).sum() };
            let least = permutations(5)
                .iter()
                .filter(|p| (0..5).all(|i| legal(pairs[i].0, pairs[p[i]].1)))
                .map(|p| {
                    let ls: Vec<Vec<Option<usize>>> = (0..5)
                        .map(|i| vec![Some(pairs[i].0), Some(pairs[p[i]].1)])
                        .collect();
                    squares(&ls)
                })
                .min();
            let lines: Vec<Vec<Option<usize>>> =
                pairs.iter().map(|&(a, b)| vec![Some(a), Some(b)]).collect();
            let rotated = rotate(&m, &rules, &[0], lines);
            for l in &rotated {
                let (a, b) = (l[0].expect("week 0"), l[1].expect("week 1"));
                assert!(legal(a, b), "{rotated:?}");
            }
            assert_eq!(Some(squares(&rotated)), least, "{pairs:?} -> {rotated:?}");
        }
    }
}

/// Two weeks (not repeating, hourly intervals), nights at 22:00 and days
/// at 09:00 (9 h), a tour of each kind for every two days off in a row
/// inside each week: tour `(w * 2 + kind) * 6 + a` has days `a` and
/// `a + 1` of week `w` off (kind 0 nights, 1 days). One agent on nights
/// and one on days in week 0, both off days 4–5 (so both work day 6);
/// week 1's night and day tours off days 12–13 (working 7–11). Each
/// interval is needed by one agent where week 0's tours work, on week
/// 1's nights 7–11 and on its days 9–11 only (`day_need`: days 7–8 too).
fn nights_and_days(day_need: &[usize]) -> (PoolModel, State, Vec<Vec<Option<usize>>>) {
    let hours = 14 * 24;
    let at = |d: usize, hour: usize| (d * 24 + hour..d * 24 + hour + 9).filter(|&t| t < hours);
    let shifts: Vec<Shift> = (0..14)
        .flat_map(|d| [(d, 22, true), (d, 9, false)])
        .map(|(d, hour, night)| Shift {
            intervals: at(d, hour).collect(),
            ..shift(d, (d * 24 + hour) as i64, night)
        })
        .collect();
    let tours: Vec<Tour> = (0..2)
        .flat_map(|w| (0..2).flat_map(move |kind| (0..6).map(move |a| (w, kind, a))))
        .map(|(w, kind, a)| Tour {
            template: 0,
            shifts: (0..7)
                .filter(|&d| d != a && d != a + 1)
                .map(|d| (w * 7 + d) * 2 + kind)
                .collect(),
            cost: 5.0,
            days_off: vec![a, a + 1],
        })
        .collect();
    let mut required = vec![0.0; hours];
    let needed = [0, 1, 2, 3, 6].iter().flat_map(|&d| [(d, 22), (d, 9)]);
    let needed = needed.chain((7..12).map(|d| (d, 22)));
    for (d, hour) in needed.chain(day_need.iter().map(|&d| (d, 9))) {
        at(d, hour).for_each(|t| required[t] += 1.0);
    }
    let m = PoolModel {
        required,
        tours,
        weekly: Some(Handover {
            max_nights: None,
            ..RULES
        }),
        ..model(shifts, &[])
    };
    let tour = |w: usize, kind: usize, a: usize| (w * 2 + kind) * 6 + a;
    let mut chosen = vec![0; m.tours.len()];
    for j in [tour(0, 0, 4), tour(0, 1, 4), tour(1, 0, 5), tour(1, 1, 5)] {
        chosen[j] += 1;
    }
    let state = State::of(&m, &chosen);
    let lines = vec![
        vec![Some(tour(0, 0, 4)), Some(tour(1, 0, 5))],
        vec![Some(tour(0, 1, 4)), Some(tour(1, 1, 5))],
    ];
    (m, state, lines)
}

/// [`nights_and_days`], by hand. The night agent's last night (day 6)
/// ends at 07:00 on day 7, so under 11 h of rest they cannot start week
/// 1's day tour at 09:00 on day 7: as planned, the lines are 10 nights
/// and none (the day agent may go on to nights: 6 days in a row). Week
/// 1's days are needed on days 9–11 only, so the day tour may take days
/// 7–8 off instead (tour 18 + 0 = 18, working 9–13) at the same cost with
/// no interval short; then the night agent goes on to days and the day
/// agent to nights, 5 nights each. Where days 7–8 are needed too, moving
/// the days off would leave them short: the lines stay 10 and 0.
#[test]
fn days_off_move_so_nights_rotate() {
    let nights = |m: &PoolModel, line: &[Option<usize>]| count(m, line, |s| s.night);
    for (day_need, spread, day_tour) in [
        (vec![9, 10, 11], [5, 5], 18),
        (vec![7, 8, 9, 10, 11], [10, 0], 23),
    ] {
        let (m, state, lines) = nights_and_days(&day_need);
        assert_eq!(state.shortfall, 0.0);
        let templates = [template()];
        let limits = Limits {
            caps: Caps::default(),
            templates: &templates,
            trips: &Trips::new(),
            groups_of: vec![Vec::new(); m.tours.len()],
        };
        let rules = m.weekly.expect("weekly");
        let (after, lines) = fairest(&m, state, &limits, (&[0], &rules), lines);
        let got: Vec<usize> = lines.iter().map(|l| nights(&m, l)).collect();
        assert_eq!(got, spread, "{lines:?}");
        assert!(lines
            .iter()
            .all(|l| follows_on(&m, &rules, l[0].unwrap(), l[1].unwrap(), 0)));
        assert_eq!(after.tours[day_tour], 1, "{lines:?}");
        assert_eq!((after.cost, after.shortfall), (20.0, 0.0));
    }
}
