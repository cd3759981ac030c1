//! `staffplan simulate` and `plan --simulate` through the binary: the files,
//! their columns, the terminal table, determinism by seed, and the flags'
//! errors. The simulator's agreement with Erlang C and A is tested in
//! `src/simulate/tests.rs`, where long stationary runs are cheap.

use std::path::Path;

use crate::common::{num, staffplan, tempdir, Csv};

const QUICK_START: &str = "scenarios/quick-start.yaml";

/// The columns of simulation.csv, as docs/scenario.md documents them.
const INTERVAL_HEADER: [&str; 25] = [
    "interval_start_utc",
    "interval_start_site",
    "date_site",
    "time_site",
    "queue",
    "pool",
    "channel",
    "offered_forecast",
    "offered_sim",
    "agents_plan",
    "agents_sim",
    "sl_target",
    "sl_predicted",
    "sl_sim",
    "sl_ci_low",
    "sl_ci_high",
    "asa_predicted_s",
    "asa_sim_s",
    "abandon_predicted",
    "abandon_sim",
    "p_wait_predicted",
    "p_wait_sim",
    "occupancy_predicted",
    "occupancy_sim",
    "runs",
];

fn run(args: &[&str], dir: &Path) -> String {
    let out = staffplan()
        .args(args)
        .arg("-o")
        .arg(dir)
        .output()
        .expect("running staffplan");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn simulate_writes_the_plan_and_the_simulation() {
    let tmp = tempdir();
    let out = tmp.path().join("sim");
    let stdout = run(
        &["simulate", QUICK_START, "--runs", "5", "--seed", "7"],
        &out,
    );
    assert!(
        stdout.contains("simulation: 5 runs of the 7-day horizon, seed 7"),
        "{stdout}"
    );
    assert!(stdout.contains("SL simulated [95% CI]"), "{stdout}");
    assert!(stdout.contains("helpdesk"), "{stdout}");
    // quick-start's 30 % shrinkage: the terminal says, as report.html does,
    // that absences are whole shifts and why the simulated ASA runs above
    // the prediction.
    let note = "shrinkage is simulated as whole absent shifts";
    assert!(stdout.contains(&format!("note: {note}")), "{stdout}");
    assert!(stdout.contains("simulated ASA can run well above the prediction"));
    let html = String::from_utf8(read(&out, "report.html")).expect("UTF-8");
    assert!(html.contains("Shrinkage is simulated as whole absent shifts"));
    for f in [
        "requirements.csv",
        "shifts.csv",
        "coverage.csv",
        "summary.json",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let csv = Csv::read(&out.join("simulation.csv"));
    assert_eq!(csv.header, INTERVAL_HEADER);
    assert_eq!(csv.rows.len(), 7 * 48, "one row per queue and interval");
    let mut with_volume = 0;
    for row in &csv.rows {
        if row["offered_forecast"] == "0" {
            assert_eq!(row["sl_sim"], "", "{row:?}");
            continue;
        }
        with_volume += 1;
        let (low, mean, high) = (
            num(row, "sl_ci_low"),
            num(row, "sl_sim"),
            num(row, "sl_ci_high"),
        );
        assert!(
            0.0 <= low && low <= mean && mean <= high && high <= 1.0,
            "{row:?}"
        );
        assert_eq!(row["runs"], "5");
        assert_eq!(row["sl_target"], "0.8");
    }
    assert!(with_volume > 100);
    let daily = Csv::read(&out.join("simulation_daily.csv"));
    assert_eq!(
        daily.header[..4],
        ["date_client", "queue", "pool", "channel"]
    );
    assert_eq!(daily.header[4..], INTERVAL_HEADER[7..]);
    // London's days: the Karachi week (Monday 00:00 +05:00 to Sunday 24:00)
    // runs from 19:00 on London's Sunday 1 March to 19:00 on Sunday 8 March.
    let dates: Vec<&str> = daily
        .rows
        .iter()
        .map(|r| r["date_client"].as_str())
        .collect();
    assert_eq!(dates.first(), Some(&"2026-03-01"));
    assert_eq!(dates.last(), Some(&"2026-03-08"));
    assert_eq!(dates.len(), 8);
    // The queue works London's Monday to Friday, no other day.
    let worked: Vec<bool> = daily.rows.iter().map(|r| !r["sl_sim"].is_empty()).collect();
    assert_eq!(
        worked,
        [false, true, true, true, true, true, false, false],
        "{dates:?}"
    );
    let png = read(&out, "charts/simulation_sl.png");
    assert_eq!(png[..8], *b"\x89PNG\r\n\x1a\n");
    let svg = String::from_utf8(read(&out, "charts/simulation_sl.svg")).expect("UTF-8");
    assert!(
        svg.starts_with("<svg") && svg.contains("helpdesk"),
        "text is drawn"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&read(&out, "simulation.json")).expect("simulation.json is JSON");
    assert_eq!(json["runs"], 5);
    assert_eq!(json["seed"], 7);
    let q = &json["queues"][0];
    assert_eq!(q["queue"], "helpdesk");
    let (low, mean, high) = (
        q["sl_ci_low"].as_f64().expect("sl_ci_low"),
        q["sl_sim"].as_f64().expect("sl_sim"),
        q["sl_ci_high"].as_f64().expect("sl_ci_high"),
    );
    assert!(low <= mean && mean <= high, "{q}");
    let summary = String::from_utf8(read(&out, "summary.json")).expect("UTF-8");
    assert!(summary.contains("simulation_ms"));
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_plan_simulate_agrees() {
    let tmp = tempdir();
    let (a, b, c, d) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
        tmp.path().join("d"),
    );
    run(
        &["simulate", QUICK_START, "--runs", "3", "--seed", "42"],
        &a,
    );
    run(
        &["simulate", QUICK_START, "--runs", "3", "--seed", "42"],
        &b,
    );
    run(
        &["simulate", QUICK_START, "--runs", "3", "--seed", "43"],
        &c,
    );
    let stdout = run(
        &[
            "plan",
            QUICK_START,
            "--simulate",
            "--runs",
            "3",
            "--seed",
            "42",
        ],
        &d,
    );
    assert!(
        stdout.contains("shift plan"),
        "the plan's table comes first"
    );
    assert!(stdout.contains("SL simulated"), "then the simulation's");
    for f in [
        "simulation.json",
        "simulation.csv",
        "simulation_daily.csv",
        "charts/simulation_sl.svg",
        "charts/simulation_sl.png",
    ] {
        assert_eq!(read(&a, f), read(&b, f), "{f} differs between equal seeds");
        assert_eq!(read(&a, f), read(&d, f), "{f}: plan --simulate differs");
    }
    assert_ne!(read(&a, "simulation.csv"), read(&c, "simulation.csv"));
}

#[test]
fn plan_without_simulate_writes_no_simulation() {
    let tmp = tempdir();
    let out = tmp.path().join("plan");
    run(&["plan", QUICK_START], &out);
    assert!(!out.join("simulation.csv").exists());
}

#[test]
fn simulation_flags_are_checked() {
    let out = staffplan()
        .args(["plan", QUICK_START, "--runs", "3"])
        .output()
        .expect("running staffplan");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--simulate"), "{stderr}");
    let out = staffplan()
        .args(["simulate", QUICK_START, "--runs", "0"])
        .output()
        .expect("running staffplan");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--runs"), "{stderr}");
}

#[test]
fn the_daily_rows_are_the_clients_days() {
    // A New York queue planned from Karachi: New York's Monday 08:00–20:00
    // is 18:00 Monday to 06:00 Tuesday in Karachi, so Karachi's Monday
    // holds only its first 6 hours. Per client day, the Monday row holds
    // New York's whole Monday: 10 000 × 0.30 = 3 000 contacts, each other
    // weekday 10 000 × 0.175 = 1 750, the Sunday before (the horizon
    // starts at 14:00 on it) and the weekend none.
    let dir = tempdir();
    let scenario = crate::common::write_scenario(
        dir.path(),
        "name: New York days\nsite: {timezone: Asia/Karachi, start: 2026-03-02, days: 7, interval: 30m}\nshrinkage: {total: 0.3}\npools:\n  - {id: voice}\nqueues:\n  - id: ny\n    client: NY Co\n    timezone: America/New_York\n    pool: voice\n    aht: 4m\n    service_level: 80/20\n    hours: {mon-fri: \"08:00-20:00\"}\n    forecast: {weekly_volume: 10000, daily_shares: {mon: 0.30, tue: 0.175, wed: 0.175, thu: 0.175, fri: 0.175}, intraday: banking}\nshifts:\n  templates:\n    - {name: night, paid: 8h, length: 9h, starts: \"14:00-23:30/30m\", breaks: [{length: 1h, paid: false, window: \"3h-5h\"}]}\n",
    );
    let out = dir.path().join("out");
    run(
        &[
            "simulate",
            scenario.to_str().expect("UTF-8 path"),
            "--runs",
            "2",
        ],
        &out,
    );
    let daily = Csv::read(&out.join("simulation_daily.csv"));
    let offered: Vec<(&str, f64)> = daily
        .rows
        .iter()
        .map(|r| (r["date_client"].as_str(), num(r, "offered_forecast")))
        .collect();
    let want = [
        ("2026-03-01", 0.0),
        ("2026-03-02", 3000.0),
        ("2026-03-03", 1750.0),
        ("2026-03-04", 1750.0),
        ("2026-03-05", 1750.0),
        ("2026-03-06", 1750.0),
        ("2026-03-07", 0.0),
        ("2026-03-08", 0.0),
    ];
    assert_eq!(offered.len(), want.len(), "{offered:?}");
    for ((date, got), (want_date, want)) in offered.iter().zip(want) {
        assert_eq!(*date, want_date);
        assert!((got - want).abs() < 0.01, "{date}: {got}, by hand {want}");
    }
    // The simulated SL is of those contacts: New York's Monday has some,
    // its Sunday none.
    assert_ne!(daily.rows[1]["sl_sim"], "");
    assert_eq!(daily.rows[0]["sl_sim"], "");
}

#[test]
fn the_bilingual_example_from_the_command_line_matches_contactcenters() {
    // Published (ContactCenters, doc/examples/Bilingual.res, 1 000 weeks):
    // service level 97.938 %, 142.868 abandons a week, with 7 English-only,
    // 7 Spanish-only and 4 bilingual agents from 8 to 17 (the queues' hours).
    let tmp = tempdir();
    let out = tmp.path().join("bilingual");
    staffplan()
        .args([
            "simulate",
            "scenarios/bilingual.yaml",
            "--runs",
            "1000",
            "--agents",
            "english-only=7,spanish-only=7",
            "--agents",
            "bilingual=4",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("simulation.json")).expect("simulation.json"),
    )
    .expect("JSON");
    let queues = json["queues"].as_array().expect("queues");
    let (mut within, mut offered, mut abandons) = (0.0, 0.0, 0.0);
    for q in queues {
        let (sl, n, ab) = (
            q["sl_sim"].as_f64().expect("sl"),
            q["offered_sim"].as_f64().expect("offered"),
            q["hang_ups_sim"].as_f64().expect("hang-ups"),
        );
        within += sl * n;
        offered += n;
        // ContactCenters counts every hang-up, redials included: calls.
        abandons += ab;
    }
    let sl = within / offered;
    assert!((100.0 * sl - 97.938).abs() <= 0.3, "SL {sl}");
    assert!(
        (abandons / 142.868 - 1.0).abs() <= 0.05,
        "abandons {abandons}"
    );
    for name in [
        "skills.csv",
        "simulation.csv",
        "simulation_daily.csv",
        "summary.json",
    ] {
        assert!(out.join(name).exists(), "{name}");
    }
}

#[test]
fn staff_gives_a_multi_skill_requirement_and_single_skill_files_are_unchanged() {
    let tmp = tempdir();
    let (multi, single) = (tmp.path().join("multi"), tmp.path().join("single"));
    staffplan()
        .args(["staff", "scenarios/bilingual.yaml", "-o"])
        .arg(&multi)
        .assert()
        .success();
    let skills = Csv::read(&multi.join("skills.csv"));
    let pools = Csv::read(&multi.join("pool_requirements.csv"));
    // Every interval: the group's agents are its pools' rows, at least full
    // flexibility's figure and at most separate pools'.
    for row in &skills.rows {
        let agents = num(row, "agents");
        let parts: f64 = ["english-only", "spanish-only", "bilingual"]
            .iter()
            .map(|p| num(row, &format!("agents_{p}")))
            .sum();
        assert_eq!(agents, parts);
        assert!(
            num(row, "pooled") <= agents && agents <= num(row, "separate"),
            "{row:?}"
        );
        assert_eq!(row["met"], "yes");
        let from_pools: f64 = pools
            .rows
            .iter()
            .filter(|r| r["interval_start_utc"] == row["interval_start_utc"])
            .map(|r| num(r, "required_net"))
            .sum();
        assert_eq!(from_pools, agents);
    }
    // Without `serves` nothing new is written (the snapshot tests hold the
    // single-skill files themselves byte for byte).
    staffplan()
        .args(["staff", QUICK_START, "-o"])
        .arg(&single)
        .assert()
        .success();
    assert!(!single.join("skills.csv").exists());
    let summary = std::fs::read_to_string(single.join("summary.json")).expect("summary");
    assert!(!summary.contains("\"skills\""));
}

#[test]
fn agents_flag_is_checked() {
    let tmp = tempdir();
    for (args, message) in [
        (
            vec!["scenarios/bilingual.yaml", "--agents", "bilingul=3"],
            "no pool `bilingul`; nearest: bilingual",
        ),
        (
            vec!["scenarios/bilingual.yaml", "--agents", "bilingual=x"],
            "expected POOL=N",
        ),
        (
            vec![QUICK_START, "--agents", "x=1"],
            "--agents is for scenarios",
        ),
    ] {
        let out = staffplan()
            .arg("simulate")
            .args(&args)
            .arg("-o")
            .arg(tmp.path().join("never"))
            .output()
            .expect("running");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!tmp.path().join("never").exists());
    }
}

#[test]
fn a_near_certain_redial_on_one_line_is_bounded_by_the_attempt_cap() {
    // One line, 99.99 % of busy callers calling back a second later: each
    // caller makes at most 50 calls (the default `redial.attempts`), so the
    // busy signals of a queue are at most 50 × its callers, and nearly
    // that (almost every caller stays blocked: one line for 10 000 calls).
    let dir = tempdir();
    run(
        &["simulate", "tests/data/redial-storm.yaml", "--runs", "1"],
        dir.path(),
    );
    let json: serde_json::Value =
        serde_json::from_slice(&read(dir.path(), "simulation.json")).expect("JSON");
    let queues = json["queues"].as_array().expect("queues");
    assert_eq!(queues.len(), 2);
    for q in queues {
        let offered = q["offered_sim"].as_f64().expect("offered");
        let blocked = q["blocked_sim"].as_f64().expect("blocked");
        assert!(offered > 3000.0, "{q}");
        assert!(blocked <= 50.0 * offered && blocked > 45.0 * offered, "{q}");
        // The share is per caller: at most 100 %, nearly all of them lost.
        let blocking = q["blocking_sim"].as_f64().expect("blocking");
        assert!(blocking <= 1.0 && blocking > 0.9, "{q}");
    }
}
