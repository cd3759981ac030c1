//! Surplus by cause on small cases solved by hand: one case per cause, each
//! planned through the whole pipeline (scenario text ─► staffing ─► shift
//! plan ─► roster), then split. Sites in UTC with hourly intervals, no
//! shrinkage; without `costs`, cost = paid hours, so every plan here is
//! also the one with the fewest hours on the floor.

use super::{waterfall, Waterfall};
use crate::figures::{PoolFigures, SurplusCauses};
use crate::pipeline;
use crate::scenario::Scenario;

/// Plan `text` (with `files` beside it), split its surplus, and return the
/// pool's waterfall and figures.
fn explained(text: &str, files: &[(&str, String)]) -> (Waterfall, PoolFigures) {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let scenario = Scenario::from_text(&dir.path().join("t.yaml"), text, &[])
        .unwrap_or_else(|e| panic!("{e}"));
    let mut planned = pipeline::plan(scenario, 10.0).unwrap_or_else(|e| panic!("{e:#}"));
    let w = waterfall(&planned.staffed, &planned.plan).unwrap()[0];
    pipeline::explain_surplus(&mut planned).unwrap();
    (w, planned.figures.pools[0].clone())
}

/// A one-pool scenario whose requirement is req.csv: `site` a YAML flow
/// map, `shifts` the block indented two spaces.
fn yaml(site: &str, shifts: &str) -> String {
    format!(
        "name: surplus test\nsite: {site}\nshrinkage: {{total: 0}}\npools:\n  - {{id: p, requirement: {{csv: req.csv}}}}\nshifts:\n{shifts}"
    )
}

/// req.csv: one row per hour of the `days` days from Monday 2026-03-02.
fn hourly(days: usize, agents: impl Fn(usize, u32) -> u32) -> String {
    let mut text = String::from("start,agents\n");
    for d in 0..days {
        for h in 0..24 {
            text += &format!("2026-03-{:02} {h:02}:00,{}\n", 2 + d, agents(d, h));
        }
    }
    text
}

const DAY: &str = "{timezone: UTC, start: 2026-03-02, days: 1, interval: 1h}";
const WEEK: &str = "{timezone: UTC, start: 2026-03-02, days: 7, interval: 1h}";

fn assert_near(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 1e-4,
        "{what}: {actual}, by hand {expected}"
    );
}

/// The six parts, and that they add up to the pool's surplus.
fn assert_causes(f: &PoolFigures, want: [f64; 6]) {
    let c: SurplusCauses = f.surplus_by_cause.expect("split");
    let got = c.parts().map(|(_, h)| h);
    assert_eq!(got, want, "{c:?}");
    let sum: f64 = got.iter().sum();
    assert!((sum - f.surplus_hours).abs() < 1e-9, "{sum} vs {f:?}");
}

#[test]
fn an_eight_hour_shift_on_a_six_hour_need_is_shape_surplus() {
    // 1 agent 08:00–14:00 (6 agent-hours); the only shift is 8 h, starting
    // 06:00, 07:00 or 08:00. Any cover puts one agent on for 8 h: the LP
    // with single shifts needs 8 h (x ≥ 1 on some start that covers
    // 08:00 and 13:00), so shape = 8 − 6 = 2, and the plan has 2 h over.
    let req = hourly(1, |_, h| u32::from((8..14).contains(&h)));
    let shifts =
        "  templates:\n    - {name: eight, paid: 8h, length: 8h, starts: \"06:00-08:00/1h\"}\n";
    let (w, f) = explained(&yaml(DAY, shifts), &[("req.csv", req)]);
    assert_near(w.required_without_minimum, 6.0, "R0");
    assert_near(w.single_shifts, 8.0, "A");
    assert_near(w.plan, 8.0, "D");
    assert_eq!(f.surplus_hours, 2.0);
    assert_causes(&f, [2.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
}

#[test]
fn a_monday_peak_with_five_day_tours_is_days_off_surplus() {
    // 3 agents 09:00–17:00 on Monday, 1 on each other day: 9 agent-days,
    // 72 agent-hours. Single 8 h shifts at 09:00 match it exactly (A = 72).
    // Tours of 5 days (any 2 off): Monday's 3 agents each work a tour of
    // 5 days, and any plan's head count is at least 3 even fractionally
    // (no tour works Monday twice), so B ≥ 3 × 40 = 120; 3 tours working
    // Monday and 4 other days (12 agent-days ≥ the 6 the other days need)
    // reach it. Days off: 120 − 72 = 48; the plan has 3 agents, 48 h over.
    let req = hourly(7, |d, h| match (d, (9..17).contains(&h)) {
        (0, true) => 3,
        (_, true) => 1,
        _ => 0,
    });
    let shifts = "  templates:\n    - {name: day, paid: 8h, length: 8h, starts: \"09:00\"}\n  week: {work_days: 5, days_off: any}\n";
    let (w, f) = explained(&yaml(WEEK, shifts), &[("req.csv", req)]);
    assert_near(w.required_without_minimum, 72.0, "R0");
    assert_near(w.single_shifts, 72.0, "A");
    assert_near(w.tours, 120.0, "B");
    assert_near(w.limits, 120.0, "C");
    assert_eq!(f.surplus_hours, 48.0);
    assert_causes(&f, [0.0, 48.0, 0.0, 0.0, 0.0, 0.0]);
}

#[test]
fn a_start_cap_forces_a_longer_shift() {
    // 3 agents 08:00–16:00 (24 agent-hours); `exact` is 8 h at 08:00,
    // `early` 9 h at 07:00. Uncapped, 3 exact shifts fit it (A = B = 24).
    // With at most 2 starts a slot, the third agent starts at 07:00: C =
    // 2 × 8 + 9 = 25 (x_exact ≤ 2 and x_exact + x_early ≥ 3 on the floor
    // 08:00–16:00, so 8·x_exact + 9·x_early ≥ 24 + (3 − x_exact) ≥ 25).
    let req = hourly(1, |_, h| if (8..16).contains(&h) { 3 } else { 0 });
    let shifts = "  templates:\n    - {name: exact, paid: 8h, length: 8h, starts: \"08:00\"}\n    - {name: early, paid: 9h, length: 9h, starts: \"07:00\"}\n  max_starts_per_slot: 2\n";
    let (w, f) = explained(&yaml(DAY, shifts), &[("req.csv", req)]);
    assert_near(w.tours, 24.0, "B");
    assert_near(w.limits, 25.0, "C");
    assert_eq!(f.surplus_hours, 1.0);
    assert_causes(&f, [0.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
}

#[test]
fn a_minimum_over_an_empty_evening_is_minimum_agents_surplus() {
    // The queue is open 08:00–20:00 with 1 call an hour 08:00–16:00 and
    // none after. 1 call of 1 min an hour is a = 1/60 Erlang: 1 agent
    // answers 1 − (1/60)·e^(−(1 − 1/60)·20/60) ≈ 98.8 % within 20 s, so the
    // requirement is 1 agent 08:00–16:00 (8 h, met by one 08:00 shift:
    // C = 8). With `min_agents_when_open: 1` it is 1 agent 08:00–20:00
    // (R = 12 h), and 8 h shifts at 08:00 or 12:00 need both (C' = 16):
    // minimum agents = (16 − 12) − (8 − 8) = 4 h, 12:00–16:00 twice staffed.
    let mut volume = String::from("start,volume\n");
    for h in 8..16 {
        volume += &format!("2026-03-02 {h:02}:00,1\n");
    }
    let text = format!(
        "name: surplus test\nsite: {DAY}\nshrinkage: {{total: 0}}\npools:\n  - {{id: p}}\nqueues:\n  - {{id: q, client: C, timezone: UTC, pool: p, aht: 1m, service_level: 80/20, min_agents_when_open: 1, hours: {{mon: \"08:00-20:00\"}}, forecast: {{csv: volume.csv, interval: 1h}}}}\nshifts:\n  templates:\n    - {{name: eight, paid: 8h, length: 8h, starts: \"08:00-12:00/4h\"}}\n"
    );
    let (w, f) = explained(&text, &[("volume.csv", volume)]);
    assert_near(w.required_without_minimum, 8.0, "R0");
    assert_near(w.limits, 8.0, "C");
    assert_near(w.required, 12.0, "R");
    assert_near(w.minimum, 16.0, "C'");
    assert_eq!(f.surplus_hours, 4.0);
    assert_causes(&f, [0.0, 0.0, 0.0, 0.0, 4.0, 0.0]);
}

#[test]
fn whole_agents_are_what_the_lp_spreads_over_fractions() {
    // 1 agent 09:00–17:00 every day, 5-day tours with any 2 days off: the
    // LP can put 1/15 of an agent on each of the 21 tours (each day is
    // worked by 15 of them): 1.4 agents, 56 h, exactly the requirement.
    // Whole agents need 2 (1 cannot work 7 days), 80 h: 24 h over.
    let req = hourly(7, |_, h| u32::from((9..17).contains(&h)));
    let shifts = "  templates:\n    - {name: day, paid: 8h, length: 8h, starts: \"09:00\"}\n  week: {work_days: 5, days_off: any}\n";
    let (w, f) = explained(&yaml(WEEK, shifts), &[("req.csv", req)]);
    assert_near(w.tours, 56.0, "B");
    assert_near(w.plan, 80.0, "D");
    assert_causes(&f, [0.0, 0.0, 0.0, 0.0, 0.0, 24.0]);
}

#[test]
fn a_busier_second_week_is_same_agents_surplus() {
    // 1 agent 09:00–17:00 every day of week 1, 2 every day of week 2;
    // 5-day tours with any 2 days off. R = (7 + 14) × 8 = 168 h, and the
    // tours alone fit it (1.4 and 2.8 agents: B = 168). The same agents
    // every week: week 1 works as many tours as week 2 (≥ 2.8), 2.8 × 40 =
    // 112 h where 56 are needed: S = 224, same agents 56 h. Whole agents:
    // week 2 needs 14 shifts of 5 a tour, 3 agents, so both weeks 3 × 40 h:
    // D = 240, 16 h over S.
    let req = hourly(14, |d, h| match (d < 7, (9..17).contains(&h)) {
        (true, true) => 1,
        (false, true) => 2,
        _ => 0,
    });
    let site = "{timezone: UTC, start: 2026-03-02, days: 14, interval: 1h}";
    let shifts = "  templates:\n    - {name: day, paid: 8h, length: 8h, starts: \"09:00\"}\n  week: {work_days: 5, days_off: any}\n";
    let (w, f) = explained(&yaml(site, shifts), &[("req.csv", req)]);
    assert_near(w.tours, 168.0, "B");
    assert_near(w.same_agents, 224.0, "S");
    assert_near(w.plan, 240.0, "D");
    assert_causes(&f, [0.0, 0.0, 56.0, 0.0, 0.0, 16.0]);
}
