use super::*;

#[test]
fn a_pools_cost_is_split_by_workload_and_adds_up() {
    // The quick start's pool, merged, serving a second queue with the
    // same hours, shares and profile but 4 000 calls of 6 min against
    // 10 000 of 4 min: in every interval the workloads stand 24 000 :
    // 40 000 call-minutes, so the costs (idle time included) split
    // 24 : 40 whatever the plan, and add up to the plan's cost.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/quick-start.yaml");
    let set = |path: &str, value: &str| crate::yaml::Override {
        path: path.into(),
        value: value.into(),
        origin: "test".into(),
    };
    let overrides = [
        set("pools.voice.pooling", "merged"),
        set(
            "queues.+",
            "{id: second, client: Other Co, timezone: Europe/London, pool: voice, aht: 6m, service_level: 80/20, hours: {mon-fri: \"08:00-20:00\"}, forecast: {weekly_volume: 4000, daily_shares: {mon: 0.24, tue: 0.20, wed: 0.19, thu: 0.19, fri: 0.18}, intraday: banking}}",
        ),
    ];
    let scenario = crate::Scenario::load(&path, &overrides).unwrap();
    let planned = crate::pipeline::plan(scenario, 600.0).unwrap();
    let (s, plan) = (&planned.staffed, &planned.plan);
    let mut costs = [0.0; 2];
    for (q, cost) in pool_bills(s, plan).into_iter().flatten() {
        costs[q] += cost;
    }
    assert!(
        (costs[0] / costs[1] - 40.0 / 24.0).abs() < 1e-9,
        "{costs:?}"
    );
    let total: f64 = costs.iter().sum();
    assert!((total - plan.cost()).abs() < 1e-6, "{total}");
    // Published: each within a cent of its part, adding up to the one
    // pool's cost in cents.
    let published = published_queue_costs(s, plan);
    for (p, c) in published.iter().zip(costs) {
        assert!((p - c).abs() <= 0.01 + 1e-9, "{published:?} vs {costs:?}");
    }
    let cents = |x: f64| (x * 100.0).round() as i64;
    assert_eq!(cents(published.iter().sum()), cents(plan.cost()));
}
