//! `plan` and `compare` over skill groups (pools linked by `serves`): each
//! pool planned to its share of the group requirement (or, if cheaper, to
//! the separate pools' own requirement), the group's queues evaluated by the
//! skill-routing simulation and marked as its estimate, the plan passing the
//! independent checker.

use serde_json::Value;
use staffplan::checker::{check_outputs, Rule};
use staffplan::Scenario;

use crate::common::{service_level, staffplan, tempdir, write_scenario, Csv};

/// English and Spanish calls, 50 an hour each from 09:00 to 17:00 on one
/// Monday, 5-minute handle time (4.17 Erlangs each), 80 % in 60 s, Erlang C;
/// one 8-hour shift from 09:00. `pools` and `queues` are spliced in.
fn flat(pools: &str, queues: &[&str]) -> String {
    let mut intraday = vec!["0"; 24];
    for h in intraday.iter_mut().take(17).skip(9) {
        *h = "1";
    }
    let queue = |id: &str| {
        format!(
            "  - {{id: {id}, timezone: America/New_York, pool: {id}-only, aht: 5m, service_level: 80/60s, hours: {{mon: \"09:00-17:00\"}}, forecast: {{weekly_volume: 400, daily_shares: {{mon: 1}}, intraday: [{}]}}}}\n",
            intraday.join(", ")
        )
    };
    let queues: String = queues.iter().map(|q| queue(q)).collect();
    format!(
        "name: flat\nsite: {{timezone: America/New_York, start: 2026-03-02, days: 1, interval: 1h, cyclic: false}}\npools:\n{pools}queues:\n{queues}shifts:\n  templates:\n    - {{name: day, paid: 8h, length: 8h, starts: \"09:00\", days: mon}}\n"
    )
}

/// `plan` of `yaml` into a temporary folder: exit 0, the checker passes;
/// the folder, stdout and summary.json.
fn plan(yaml: &str) -> (tempfile::TempDir, String, Value) {
    let tmp = tempdir();
    let path = write_scenario(tmp.path(), yaml);
    let out = tmp.path().join("plan");
    let run = staffplan()
        .args(["plan"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("running staffplan");
    let stdout = String::from_utf8_lossy(&run.stdout).to_string();
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let sc = Scenario::load(&path, &[]).expect("a valid scenario");
    let report = check_outputs(&out, &sc).expect("readable outputs");
    assert!(report.passed(), "{report}");
    let text = std::fs::read_to_string(out.join("summary.json")).expect("summary.json");
    (tmp, stdout, serde_json::from_str(&text).expect("JSON"))
}

fn paid_hours(summary: &Value) -> f64 {
    summary["plan"]["paid_hours"]
        .as_f64()
        .expect("plan.paid_hours")
}

/// Each queue's achieved SL from summary.json, checked to be the
/// simulation's estimate.
fn simulated_sl(summary: &Value) -> Vec<f64> {
    summary["plan"]["queues"]
        .as_array()
        .expect("plan.queues")
        .iter()
        .map(|q| {
            assert_eq!(q["sl_source"], "simulation estimate", "{q}");
            q["sl_achieved"].as_f64().expect("sl_achieved")
        })
        .collect()
}

#[test]
fn a_bilingual_group_plans_fewer_paid_hours_than_separate_pools() {
    // By hand (Erlang C, SL = 1 − C(N, A)·e^{−(N−A)·60/300}): one queue of
    // 4.17 Erlangs needs 7 agents (6 give 77.3 %, 7 give 90.9 %), so
    // separate pools need 14 agents, 112 paid hours; the two queues pooled
    // (8.33 Erlangs) need 11 (10 give 65.1 %, 11 give 82.4 %): 88 hours.
    assert!(service_level(6, 25.0 / 6.0, 60.0, 300.0) < 0.8);
    assert!(service_level(7, 25.0 / 6.0, 60.0, 300.0) >= 0.8);
    assert!(service_level(10, 50.0 / 6.0, 60.0, 300.0) < 0.8);
    assert!(service_level(11, 50.0 / 6.0, 60.0, 300.0) >= 0.8);
    let separate = "  - {id: english-only}\n  - {id: spanish-only}\n";
    let (_a, _, alone) = plan(&flat(separate, &["english", "spanish"]));
    assert_eq!(paid_hours(&alone), 112.0);
    let group = format!("{separate}  - {{id: bilingual, serves: [english, spanish]}}\n");
    let (_b, stdout, grouped) = plan(&flat(&group, &["english", "spanish"]));
    let hours = paid_hours(&grouped);
    assert!(
        (88.0..112.0).contains(&hours),
        "group plan {hours} h, separate 112 h, full flexibility 88 h"
    );
    assert_eq!(
        grouped["plan"]["skill_groups"]["planned_to"],
        "group requirement"
    );
    // The second method: the simulation at the planned agents meets 80 %.
    for sl in simulated_sl(&grouped) {
        assert!(sl >= 0.8, "simulated SL {sl}");
    }
    assert!(stdout.contains("simulation estimate"), "{stdout}");
    // The queues' "requirement set by" is their own Erlang reason: the note
    // says the group plan covers the group's simulated requirement instead.
    assert!(
        stdout
            .contains("the plan covers the group requirement, set by the skill-routing simulation"),
        "{stdout}"
    );
}

#[test]
fn a_group_with_no_cross_traffic_plans_as_separate_pools() {
    // `bilingual` takes only English, whose own pool serves it: the group
    // is one queue, so it needs what English alone needs (7 agents by the
    // Erlang C figures above), 56 paid hours, as without the bilingual pool.
    let one = "  - {id: english-only}\n";
    let (_a, _, alone) = plan(&flat(one, &["english"]));
    let group = format!("{one}  - {{id: bilingual, serves: [english]}}\n");
    let (_b, _, grouped) = plan(&flat(&group, &["english"]));
    assert_eq!(paid_hours(&alone), 56.0);
    assert_eq!(paid_hours(&grouped), 56.0);
    for sl in simulated_sl(&grouped) {
        assert!(sl >= 0.8, "simulated SL {sl}");
    }
}

#[test]
fn the_checker_wants_the_group_queues_marked_as_the_simulation_estimate() {
    let group = "  - {id: english-only}\n  - {id: spanish-only}\n  - {id: bilingual, serves: [english, spanish]}\n";
    let yaml = flat(group, &["english", "spanish"]);
    let (tmp, _, _) = plan(&yaml);
    let out = tmp.path().join("plan");
    let coverage = out.join("coverage.csv");
    let text = std::fs::read_to_string(&coverage).expect("coverage.csv");
    assert!(
        Csv::parse(&text)
            .header
            .contains(&"sl_sim_english".to_string()),
        "{text}"
    );
    let check = |text: &str| {
        std::fs::write(&coverage, text).expect("write coverage.csv");
        let sc = Scenario::load(&tmp.path().join("scenario.yaml"), &[]).expect("scenario");
        let report = check_outputs(&out, &sc).expect("readable outputs");
        report
            .violations
            .iter()
            .any(|v| v.rule == Rule::ServedServiceLevel && v.at.contains("english"))
    };
    // Unmarked: it would read as Erlang's figure.
    assert!(check(&text.replace("sl_sim_english", "sl_english")));
    // Estimates of 50 % wherever English has one: below 80 % over the day.
    let column = text
        .lines()
        .next()
        .and_then(|h| h.split(',').position(|c| c == "sl_sim_english"))
        .expect("the column");
    let low: Vec<String> = text
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            if cells[column].starts_with("0.") || cells[column] == "1" {
                cells[column] = "0.5";
            }
            cells.join(",")
        })
        .collect();
    assert!(check(&(low.join("\n") + "\n")));
    assert!(!check(&text));
}

#[test]
fn compare_plans_a_bilingual_scenario_and_marks_the_estimate() {
    let tmp = tempdir();
    let out = tmp.path().join("compare");
    let run = staffplan()
        .args([
            "compare",
            "scenarios/bilingual.yaml",
            "--variant",
            "big: queues.*.forecast.scale=1.2",
            "-o",
        ])
        .arg(&out)
        .output()
        .expect("running staffplan");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("simulation estimate"), "{stdout}");
    let json = std::fs::read_to_string(out.join("compare.json")).expect("compare.json");
    assert!(
        json.contains("\"source\": \"simulation estimate\""),
        "{json}"
    );
}

#[test]
fn karachi_bilingual_is_karachi_247_plus_the_bilingual_pool() {
    // scenarios/karachi-bilingual.yaml copies karachi-247's body (there is
    // no include): from `site:` on, the two must agree line for line except
    // for the bilingual pool and its comment, and karachi-247's what-ifs.
    let read = |name: &str| {
        std::fs::read_to_string(crate::common::root().join("scenarios").join(name)).unwrap()
    };
    let body = |text: &str| -> Vec<String> {
        text.lines()
            .skip_while(|l| !l.starts_with("site:"))
            .take_while(|l| !l.starts_with("# Variants for") && !l.starts_with("what_if:"))
            .filter(|l| !l.contains("id: bilingual") && !l.contains("# Cross-trained agents"))
            .map(|l| l.trim_end().to_string())
            .collect()
    };
    let (base, bilingual) = (read("karachi-247.yaml"), read("karachi-bilingual.yaml"));
    let (base, bilingual) = (body(&base), body(&bilingual));
    let trim = |v: &[String]| -> Vec<String> {
        let end = v.iter().rposition(|l| !l.is_empty()).map_or(0, |i| i + 1);
        v[..end].to_vec()
    };
    assert_eq!(trim(&base), trim(&bilingual));
    assert!(base.len() > 100, "{} lines", base.len());
}

/// `plan --simulate` on a scenario with skill groups predicts what the plan
/// itself says (its skill-routing estimate), not Erlang on each queue's
/// share of the agents: one run, one "planned" service level. A queue-day
/// named as the largest shortfall is one simulated below its prediction.
#[test]
fn plan_simulate_predicts_the_plans_own_estimate_for_group_queues() {
    let tmp = tempdir();
    let dir = tmp.path().join("out");
    let out = staffplan()
        .args(["plan", "scenarios/bilingual.yaml", "--simulate", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
    };
    let (summary, simulation) = (read("summary.json"), read("simulation.json"));
    let planned = summary["plan"]["queues"].as_array().unwrap();
    let predicted = simulation["queues"].as_array().unwrap();
    assert_eq!(planned.len(), 2);
    for (p, s) in planned.iter().zip(predicted) {
        assert_eq!(p["sl_source"], "simulation estimate");
        assert_eq!(p["sl_achieved"], s["sl_predicted"], "{p} vs {s}");
    }
    let worst = &simulation["largest_shortfall_day"];
    if !worst.is_null() {
        assert!(
            worst["sl_sim"].as_f64() < worst["sl_predicted"].as_f64(),
            "{worst}"
        );
    }
}

/// `simulate` plans a scenario with skill groups and simulates the plan,
/// as it does every scenario: the same shifts and the same simulation as
/// `plan --simulate` with the same runs and seed (before, it simulated the
/// requirement with no plan, and said another service level).
#[test]
fn simulate_replays_the_plan_of_a_scenario_with_skill_groups() {
    let tmp = tempdir();
    let run = |args: &[&str], dir: &std::path::Path| {
        let out = staffplan().args(args).arg("-o").arg(dir).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let (simulated, planned) = (tmp.path().join("sim"), tmp.path().join("plan"));
    let scenario = "scenarios/bilingual.yaml";
    run(&["simulate", scenario, "--runs", "3"], &simulated);
    run(&["plan", scenario, "--simulate", "--runs", "3"], &planned);
    for name in ["shifts.csv", "roster.csv", "simulation.csv"] {
        let read = |dir: &std::path::Path| std::fs::read(dir.join(name)).unwrap();
        assert_eq!(read(&simulated), read(&planned), "{name}");
    }
}

#[test]
fn pooling_merged_on_a_pool_with_no_queue_of_its_own_is_refused() {
    // `pooling: merged` joins a pool's own queues into one Erlang queue;
    // `bilingual` has none (it only serves English and Spanish).
    let dir = crate::common::tempdir();
    let text = std::fs::read_to_string(crate::common::root().join("scenarios/bilingual.yaml"))
        .expect("bilingual.yaml");
    let sc = crate::common::write_scenario(dir.path(), &text);
    crate::sites::refused_in(
        &sc,
        "{id: bilingual, serves",
        "{id: bilingual, pooling: merged, serves",
        29,
        "pools[2].pooling",
        "pool `bilingual` has no queue of its own (only serves english, spanish (`serves`)): `pooling: merged` makes a pool's own queues one Erlang queue, so it means nothing here; remove it",
    );
}
