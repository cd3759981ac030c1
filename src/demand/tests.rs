use std::path::Path;

use super::*;
use crate::scenario::Scenario;

/// A scenario with one queue; `queue` holds the queue's extra YAML lines.
fn scenario(site: &str, tz: &str, queue: &str) -> Scenario {
    let text = format!(
        "name: t\nsite: {site}\npools: [{{id: p}}]\nqueues:\n  - id: q\n    timezone: {tz}\n    pool: p\n    aht: 5m\n    service_level: 80/20\n{queue}"
    );
    Scenario::from_text(Path::new("t.yaml"), &text, &[]).unwrap()
}

fn demand_of(s: &Scenario) -> (TimeGrid, QueueDemand) {
    let grid = s.site.grid();
    let d = build(s, &grid);
    (grid, d.queues[0].clone())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

#[test]
fn flat_week_in_the_same_zone_is_even() {
    let s = scenario(
        "{timezone: UTC, start: 2026-03-02}",
        "UTC",
        "    forecast: {weekly_volume: 3360}\n",
    );
    let (grid, d) = demand_of(&s);
    assert_eq!(grid.len, 336);
    // 3360 contacts over 336 half hours: 10 each.
    assert!(
        d.volume.iter().all(|v| close(*v, 10.0)),
        "{:?}",
        &d.volume[..4]
    );
}

#[test]
fn new_york_sunday_of_the_us_change_has_23_hours() {
    // Flat profile, 24/7. On Sunday 2026-03-08 New York has 23 hours, so each
    // of its 46 half hours carries 1/7 of the week ÷ 46, not ÷ 48.
    let s = scenario(
        "{timezone: Asia/Karachi, start: 2026-03-02, days: 14}",
        "America/New_York",
        "    forecast: {weekly_volume: 7000}\n",
    );
    let (grid, d) = demand_of(&s);
    let ny = chrono_tz::America::New_York;
    for i in 0..grid.len {
        let date = grid.local(i, ny).date().to_string();
        let expected = if date == "2026-03-08" {
            1000.0 / 46.0
        } else {
            1000.0 / 48.0
        };
        assert!(close(d.volume[i], expected), "{} {}", date, d.volume[i]);
    }
}

#[test]
fn kathmandu_hour_splits_across_utc_hours() {
    // All of Monday's volume in the Kathmandu hour 10:00-11:00 (UTC+05:45),
    // which is 04:15-05:15 UTC: 3/4 in the 04:00 UTC hour, 1/4 in the 05:00.
    let mut weights = vec!["0"; 24];
    weights[10] = "1";
    let queue = format!(
        "    forecast: {{weekly_volume: 100, daily_shares: {{mon: 1}}, intraday: [{}]}}\n",
        weights.join(", ")
    );
    let s = scenario(
        "{timezone: UTC, start: 2026-03-02, days: 1, interval: 60m}",
        "Asia/Kathmandu",
        &queue,
    );
    let (_, d) = demand_of(&s);
    assert!(
        close(d.volume[4], 75.0) && close(d.volume[5], 25.0),
        "{:?}",
        d.volume
    );
    assert!(close(d.volume.iter().sum(), 100.0));
}

#[test]
fn closed_hours_carry_nothing_and_the_day_keeps_its_volume() {
    let queue = "    hours: {mon-fri: \"09:00-17:00\"}\n    forecast: {weekly_volume: 5000, daily_shares: {mon: 0.2, tue: 0.2, wed: 0.2, thu: 0.2, fri: 0.2}}\n";
    let s = scenario("{timezone: UTC, start: 2026-03-02}", "UTC", queue);
    let (grid, d) = demand_of(&s);
    for i in 0..grid.len {
        let t = grid.local(i, chrono_tz::UTC);
        let open = t.date().weekday().num_days_from_monday() < 5 && (9..17).contains(&t.hour());
        assert_eq!(d.open[i], open);
        // Flat over 16 open half hours: 1000 ÷ 16 = 62.5.
        assert!(
            close(d.volume[i], if open { 62.5 } else { 0.0 }),
            "{t} {}",
            d.volume[i]
        );
    }
}

#[test]
fn containment_and_scale() {
    let queue = "    ai_containment: 25%\n    forecast: {weekly_volume: 3360, scale: 1.5}\n";
    let s = scenario("{timezone: UTC, start: 2026-03-02}", "UTC", queue);
    let (_, d) = demand_of(&s);
    assert!(close(d.volume[0], 15.0) && close(d.agent_volume[0], 11.25));
}

fn csv_scenario(rows: &str, interval: &str) -> Scenario {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.csv");
    std::fs::write(&file, rows).unwrap();
    let text = format!(
        "name: t\nsite: {{timezone: UTC, start: 2026-03-02, days: 1}}\npools: [{{id: p}}]\nqueues:\n  - {{id: q, timezone: UTC, pool: p, aht: 5m, service_level: 80/20, forecast: {{csv: f.csv{interval}}}}}\n"
    );
    Scenario::from_text(&dir.path().join("s.yaml"), &text, &[]).unwrap()
}

#[test]
fn hourly_csv_splits_over_half_hours() {
    let s = csv_scenario(
        "start,volume\n2026-03-02 09:00,100\n2026-03-02 10:00,40\n",
        "",
    );
    let (_, d) = demand_of(&s);
    assert!(close(d.volume[18], 50.0) && close(d.volume[19], 50.0));
    assert!(close(d.volume[20], 20.0) && close(d.volume[21], 20.0));
    assert!(close(d.volume.iter().sum(), 140.0));
}

#[test]
fn quarter_hour_csv_merges_with_weighted_aht() {
    let rows = "start,volume,aht_s\n2026-03-02 09:00,30,200\n2026-03-02 09:15,10,600\n";
    let s = csv_scenario(rows, ", interval: 15m");
    let (_, d) = demand_of(&s);
    assert!(close(d.volume[18], 40.0));
    // (30·200 + 10·600) ÷ 40 = 300 s.
    assert!(close(d.aht_s[18], 300.0));
    assert!(
        close(d.aht_s[0], 300.0),
        "the queue's AHT where there is no volume"
    );
}
