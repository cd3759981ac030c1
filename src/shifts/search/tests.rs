use super::*;
use crate::shifts::test_support::{one_shift_tours, plain_shift, pool_model};
use crate::shifts::{BreakSlot, Caps, Shift, Tour, Trips};

/// Three 4-interval shifts over 8 intervals, each with one break that
/// takes half of interval 1 or 2 of the shift (two slots), and a second
/// break of a whole interval in slot 2 or 3; one tour per shift and one
/// of shifts 0 and 2.
fn model() -> PoolModel {
    let shift = |first: usize| Shift {
        template: 0,
        day: 0,
        start_min: 0,
        first,
        intervals: (first..first + 4).collect(),
        off: Vec::new(),
        cost: 4.0,
        paid_h: 4.0,
        breaks: vec![
            vec![
                BreakSlot {
                    offset_s: 0,
                    cover: vec![(first + 1, 0.5)],
                },
                BreakSlot {
                    offset_s: 0,
                    cover: vec![(first + 2, 0.5)],
                },
            ],
            vec![
                BreakSlot {
                    offset_s: 0,
                    cover: vec![(first + 2, 1.0)],
                },
                BreakSlot {
                    offset_s: 0,
                    cover: vec![(first + 3, 1.0)],
                },
            ],
        ],
        night: false,
        late: false,
        weekend: false,
        span_s: (first as i64 * 1800, (first as i64 + 4) * 1800),
        end_slot: first + 4,
    };
    let tour = |shifts: Vec<usize>| Tour {
        template: 0,
        cost: 4.0 * shifts.len() as f64,
        shifts,
        days_off: Vec::new(),
    };
    pool_model(
        vec![1.0, 2.0, 3.0, 2.0, 2.0, 3.0, 1.0, 0.0],
        vec![shift(0), shift(2), shift(4)],
        vec![
            tour(vec![0]),
            tour(vec![1]),
            tour(vec![2]),
            tour(vec![0, 2]),
        ],
    )
}

/// The floor recomputed from scratch: agents working minus break shares.
fn floor_by_hand(m: &PoolModel, state: &State) -> Vec<f64> {
    let mut floor = vec![0.0; m.required.len()];
    for (j, tour) in m.tours.iter().enumerate() {
        for &s in &tour.shifts {
            for &t in &m.shifts[s].intervals {
                floor[t] += f64::from(state.tours[j]);
            }
        }
    }
    for (s, shift) in m.shifts.iter().enumerate() {
        for (b, options) in shift.breaks.iter().enumerate() {
            for (p, slot) in options.iter().enumerate() {
                for &(t, share) in &slot.cover {
                    floor[t] -= share * f64::from(state.breaks[(s, b, p)]);
                }
            }
        }
    }
    floor
}

#[test]
fn moves_and_undos_keep_the_floor_equal_to_a_recount() {
    let m = model();
    let mut state = State::empty(&m);
    // A fixed walk of adds and removes, some undone.
    let walk = [
        (0, true),
        (3, true),
        (1, true),
        (3, true),
        (0, false),
        (2, true),
        (3, false),
    ];
    for (i, &(j, add)) in walk.iter().enumerate() {
        let mv = if add {
            state.add(&m, j)
        } else {
            state.remove(&m, j)
        };
        let before_undo = state.clone();
        if i % 3 == 2 {
            state.undo(&m, mv);
            // Undone, then done again: the same state as before.
            let _ = if add {
                state.add(&m, j)
            } else {
                state.remove(&m, j)
            };
        }
        let floor = floor_by_hand(&m, &state);
        for (t, floor) in floor.iter().enumerate() {
            let surplus = floor - m.required[t];
            assert!(
                (state.surplus[t] - surplus).abs() < 1e-9,
                "step {i}, interval {t}"
            );
        }
        let shortfall: f64 = (0..m.required.len())
            .map(|t| (m.required[t] - floor[t]).max(0.0))
            .sum();
        assert!((state.shortfall - shortfall).abs() < 1e-9, "step {i}");
        let cost: f64 = (0..m.tours.len())
            .map(|j| f64::from(state.tours[j]) * m.tours[j].cost)
            .sum();
        assert!((state.cost - cost).abs() < 1e-9, "step {i}");
        assert_eq!(state.tours, before_undo.tours);
    }
    // Every agent's breaks are placed: per shift and break, the slots
    // hold as many breaks as the shift has agents.
    let x = shift_agents(&m, &state.tours);
    for (s, shift) in m.shifts.iter().enumerate() {
        for b in 0..shift.breaks.len() {
            assert_eq!(state.breaks.of(&m, s, b).iter().sum::<u32>(), x[s]);
        }
    }
}

/// A shift of 3 half-hour intervals from interval `first`, paid 3, no
/// breaks.
fn three_from(first: usize) -> Shift {
    plain_shift(first, 3, 3.0, 3.0)
}

/// Nine intervals needing one agent each, 3-interval shifts starting at
/// 0..=6 (no breaks, 3 per agent): the optimum is 0, 3 and 6.
fn nine_in_threes() -> PoolModel {
    let shifts: Vec<Shift> = (0..7).map(three_from).collect();
    pool_model(vec![1.0; 9], shifts, one_shift_tours(7, 3.0))
}

#[test]
fn squeezing_swaps_its_way_to_one_agent_fewer() {
    let m = nine_in_threes();
    let limits = Limits {
        caps: Caps::default(),
        templates: &[],
        trips: &Trips::new(),
        groups_of: vec![Vec::new(); m.tours.len()],
    };
    let ix = Index::new(&m);
    // Starts 0, 2, 4, 6 cover every interval and no agent can go
    // (each is the only one on interval 0, 3, 5 or 8): pruning keeps 4.
    let four = State::of(&m, &[1, 0, 1, 0, 1, 0, 1]);
    let mut pruned = four.clone();
    prune(&m, &mut pruned, &limits, &ix);
    assert_eq!(pruned.tours, four.tours);
    // Without the agent starting at 2, interval 3 is short; the swap
    // 4 → 3 covers it and leaves 4..=5 to the agent on 3 and 6..=8 to
    // the one on 6: three agents, the optimum.
    let order = removal_order(&m, &four, &limits);
    let better = order
        .iter()
        .find_map(|&off| squeeze(&m, &four, off, SQUEEZE_STEPS, &limits, &ix))
        .expect("a cover with three agents");
    assert_eq!(better.tours, vec![1, 0, 0, 1, 0, 0, 1]);
    assert!(better.shortfall.abs() < 1e-9);
    assert!((better.cost - 9.0).abs() < 1e-9);
    // And with three, none can go: no cheaper cover is claimed.
    let order = removal_order(&m, &better, &limits);
    assert!(order
        .iter()
        .all(|&off| squeeze(&m, &better, off, SQUEEZE_STEPS, &limits, &ix).is_none()));
}

#[test]
fn relieving_a_short_interval_moves_a_break_and_can_be_undone() {
    let mut m = model();
    m.required = vec![1.0, 2.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    let mut state = State::empty(&m);
    // Two agents on shift 0 (intervals 0–3 need 1 2 0 1, nothing
    // after). Force both whole-interval breaks into interval 3: its
    // floor is then 0, 1 short, while interval 2 (nothing needed) can
    // take one: moving it there covers everything.
    state.add(&m, 0);
    state.add(&m, 0);
    for _ in 0..2 {
        let p = state
            .breaks
            .of(&m, 0, 1)
            .iter()
            .position(|&k| k > 0)
            .unwrap();
        state.take(&m.shifts[0].breaks[1][p], -1.0);
        state.breaks[(0, 1, p)] -= 1;
        state.take(&m.shifts[0].breaks[1][1], 1.0);
        state.breaks[(0, 1, 1)] += 1;
    }
    assert_eq!(state.breaks.of(&m, 0, 1), [0, 2]);
    let short_before = state.shortfall;
    let ix = Index::new(&m);
    let moves = state.relieve(&m, &ix.slots_at, 0..m.required.len());
    assert!(!moves.is_empty());
    assert!(state.shortfall < short_before - 1e-9);
    assert!(state.shortfall.abs() < 1e-9, "{}", state.shortfall);
    state.unrelieve(&m, moves);
    assert_eq!(state.breaks.of(&m, 0, 1), [0, 2]);
    assert!((state.shortfall - short_before).abs() < 1e-9);
}

#[test]
fn a_chain_of_two_break_moves_covers_what_one_move_cannot() {
    // Shift 0 works intervals 0–2, its break in 1 or 2; shift 1 works
    // 1–3, its break in 2 or 3 (whole intervals). Needed: 1 2 1 0. With
    // the breaks in 1 and 2 the floor is 1 1 1 1: interval 1 is one short.
    // Moving shift 0's break to 2 makes 2 short; only then moving shift
    // 1's break on to 3 (needed 0) covers everything: floor 1 2 1 0.
    let shift = |first: usize, slots: [usize; 2]| Shift {
        breaks: vec![slots
            .iter()
            .map(|&t| BreakSlot {
                offset_s: 0,
                cover: vec![(t, 1.0)],
            })
            .collect()],
        ..three_from(first)
    };
    let m = pool_model(
        vec![1.0, 2.0, 1.0, 0.0],
        vec![shift(0, [1, 2]), shift(1, [2, 3])],
        one_shift_tours(2, 3.0),
    );
    let ix = Index::new(&m);
    let mut state = State::empty(&m);
    for s in 0..2 {
        state.work(&m, s, 1.0);
        state.tours[s] = 1;
        state.take(&m.shifts[s].breaks[0][0], 1.0);
        state.breaks[(s, 0, 0)] = 1;
    }
    assert!((state.shortfall - 1.0).abs() < 1e-9);
    // One move at a time finds nothing that helps.
    let moves = state.relieve(&m, &ix.slots_at, 0..4);
    assert!(moves.is_empty());
    state.relieve_chains(&m, &ix.slots_at);
    assert!(state.shortfall.abs() < 1e-9, "{}", state.shortfall);
    assert_eq!(state.breaks.of(&m, 0, 0), [0, 1]);
    assert_eq!(state.breaks.of(&m, 1, 0), [0, 1]);
    for (t, want) in [1.0, 2.0, 1.0, 0.0].into_iter().enumerate() {
        assert!((state.surplus[t] + m.required[t] - want).abs() < 1e-9);
    }
}
