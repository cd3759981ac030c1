use std::path::Path;

use super::*;
use crate::demand;
use crate::scenario::Scenario;

fn staffed(text: &str) -> (Scenario, TimeGrid, Demand, Requirements) {
    let s = Scenario::from_text(Path::new("t.yaml"), text, &[]).unwrap();
    let grid = s.site.grid();
    let d = demand::build(&s, &grid);
    let r = build(&s, &grid, &d).unwrap();
    (s, grid, d, r)
}

/// Two flat 24/7 UTC queues in one pool; `pool` and `extra` vary.
fn two_queues(pooling: &str, volume: u32, extra: &str) -> String {
    format!(
        "name: t
site: {{timezone: UTC, start: 2026-03-02, days: 1}}
shrinkage: {{total: 0.3}}
pools: [{{id: p, pooling: {pooling}}}]
queues:
  - {{id: a, timezone: UTC, pool: p, aht: 180s, service_level: 80/20, forecast: {{weekly_volume: {volume}}}{extra}}}
  - {{id: b, timezone: UTC, pool: p, aht: 180s, service_level: 80/20, forecast: {{weekly_volume: {volume}}}{extra}}}
"
    )
}

#[test]
fn reference_case_through_the_pipeline() {
    // 10 contacts per half hour at 180 s: A = 1 Erlang, 80/20 needs 3 agents
    // (reference example 2; hand check: C(2,1) = 1/3 gives SL 0.70, C(3,1) = 1/11 gives 0.93).
    // 10 per half hour for one day, flat: weekly_volume = 480 · 7 (days: 1 takes Monday's 1/7).
    let (_, _, _, r) = staffed(&two_queues("separate", 3360, ""));
    assert!(r.queues[0].iter().all(|c| c.net == 3));
    // Shrinkage 30 %: 3 ÷ 0.7 = 4.29 → 5 per queue; pool: 6 ÷ 0.7 = 8.57 → 9.
    assert!(r.queues[0].iter().all(|c| c.gross == 5));
    assert!(r.pools[0].net.iter().all(|n| *n == 6));
    assert!(r.pools[0].gross.iter().all(|n| *n == 9));
}

#[test]
fn merged_pool_is_one_queue_at_the_total_load() {
    // Two queues of 1 Erlang each merged = one queue of 2 Erlangs at the same AHT.
    // Hand check, A = 2: C(3,2) = 4/9, SL(3) = 1 − (4/9)e^(−20/180) = 0.602;
    // C(4,2) = 4/23, SL(4) = 1 − (4/23)e^(−40/180) = 0.861 ≥ 0.8, so 4 agents (vs 6 apart).
    let (_, _, _, r) = staffed(&two_queues("merged", 3360, ""));
    assert!(
        r.pools[0].net.iter().all(|n| *n == 4),
        "{:?}",
        &r.pools[0].net[..3]
    );
    assert!(
        r.pools[0].gross.iter().all(|n| *n == 6),
        "4 ÷ 0.7 = 5.71 → 6"
    );
}

#[test]
fn exact_rounding_of_shrinkage() {
    // 21 ÷ 0.7 is 30 exactly, though 21.0 / 0.7 in floating point is 30.000000000000004.
    let text = "name: t
site: {timezone: UTC, start: 2026-03-02, days: 1}
shrinkage: {total: 0.3}
pools: [{id: p}]
queues:
  - {id: a, timezone: UTC, pool: p, aht: 180s, service_level: 80/20, min_agents_when_open: 21, forecast: {weekly_volume: 0}}
";
    let (_, _, _, r) = staffed(text);
    assert!(
        r.queues[0].iter().all(|c| c.net == 21 && c.gross == 30),
        "{:?}",
        r.queues[0][0]
    );
}

#[test]
fn min_agents_only_while_open() {
    let text = "name: t
site: {timezone: UTC, start: 2026-03-02, days: 1}
pools: [{id: p}]
queues:
  - {id: a, timezone: UTC, pool: p, aht: 180s, service_level: 80/20, min_agents_when_open: 2, hours: {mon: \"08:00-10:00\"}, forecast: {weekly_volume: 7, daily_shares: {mon: 1}}}
";
    let (_, grid, _, r) = staffed(text);
    for i in 0..grid.len {
        let open = (16..20).contains(&i);
        assert_eq!(r.queues[0][i].net >= 2, open, "interval {i}");
    }
}

#[test]
fn email_deadline_work_is_done_in_time() {
    // 48 e-mails every half hour (flat, 24/7), 10 min each, 2 h deadline, 80 % occupancy.
    // Work per half hour: 48 · 600 s = 8 agent-hours' worth of half hours → 16 agents busy;
    // at 80 % occupancy 20 agents. A flat load needs the same every interval.
    let text = "name: t
site: {timezone: UTC, start: 2026-03-02, days: 1}
pools: [{id: p}]
queues:
  - {id: e, timezone: UTC, channel: email, pool: p, aht: 10m, deadline: 2h, max_occupancy: 0.8, forecast: {weekly_volume: 16128}}
";
    let (_, _, d, r) = staffed(text);
    assert!((d.queues[0].volume[0] - 48.0).abs() < 1e-9);
    assert!(
        r.queues[0].iter().all(|c| c.net == 20),
        "{:?}",
        r.queues[0].iter().map(|c| c.net).collect::<Vec<_>>()
    );
}

#[test]
fn requirement_given_directly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "start,agents\n2026-03-02 09:00,12\n2026-03-02 10:00,7.2\n",
    )
    .unwrap();
    let text = "name: t
site: {timezone: Asia/Karachi, start: 2026-03-02, days: 1}
shrinkage: {total: 0.2}
pools: [{id: p, requirement: {csv: r.csv}}]
";
    let s = Scenario::from_text(&dir.path().join("s.yaml"), text, &[]).unwrap();
    let grid = s.site.grid();
    let r = build(&s, &grid, &demand::build(&s, &grid)).unwrap();
    let p = &r.pools[0];
    // Site-local rows: 09:00 holds until 10:00; 10:00 holds one interval.
    assert_eq!(&p.net[17..22], &[0, 12, 12, 8, 0]);
    // 12 ÷ 0.8 = 15 exactly; 8 ÷ 0.8 = 10.
    assert_eq!(&p.gross[18..21], &[15, 15, 10]);
}

#[test]
fn an_impossible_target_names_queue_time_and_key() {
    let (s, grid, _, _) = staffed(&two_queues("separate", 3360, ""));
    let e = failure(
        &s,
        1,
        &grid,
        2,
        erlang::ErlangError::CertainServiceLevel { sl_seconds: 20.0 },
    );
    assert_eq!(e.field, "queues[1]");
    assert!(e.message.starts_with("queue `b` cannot be staffed at 2026-03-02T01:00Z (client 2026-03-02T01:00Z): service_level: "), "{e}");
}

#[test]
fn the_limit_one_agent_fewer_would_break_sets_the_requirement() {
    let target = |max_occupancy: f64| Target {
        sl: 0.8,
        sl_seconds: 20.0,
        asa_s: None,
        max_occupancy,
    };
    // 100 calls of 3 minutes in half an hour = 10 Erlangs. A 50 % cap needs
    // 10 / 0.5 = 20 agents, far above what 80/20 needs: at 19 only the cap
    // breaks (10 / 19 = 0.53).
    let load = Load::voice(100.0, 1800.0, 180.0);
    let req = erlang::required(&load, &target(0.5)).unwrap();
    assert_eq!(req.agents, 20);
    assert_eq!(
        erlang_set_by(&load, &target(0.5), 20, 0).text(),
        "occupancy"
    );
    // Without the cap, 80/20 itself sets it, and one fewer misses it.
    let req = erlang::required(&load, &target(1.0)).unwrap();
    assert_eq!(
        erlang_set_by(&load, &target(1.0), req.agents, 0).text(),
        "sl"
    );
    // One call in half an hour needs 1 agent for 80/20; a floor of 3 sets it.
    let load = Load::voice(1.0, 1800.0, 180.0);
    assert_eq!(erlang::required(&load, &target(1.0)).unwrap().agents, 1);
    assert_eq!(
        erlang_set_by(&load, &target(1.0), 3, 3).text(),
        "min_agents"
    );
    assert_eq!(erlang_set_by(&load, &target(1.0), 0, 0).text(), "");
}
