//! Service level over the contract's window (issue 19): `service_level:
//! {target, over, floor}` through the binary — fewer paid hours than the
//! per-interval plan of the same target on small queues, every window met
//! and no interval under the floor as the independent checker recomputes
//! them from the written files, the simulation's P(target met), the scalar
//! form unchanged, a merged pool's queues counted separately, and bad
//! input refused with the field and what is valid.

use std::path::Path;

use serde_json::Value;
use staffplan::checker::{check_outputs, Rule};
use staffplan::yaml::Override;
use staffplan::Scenario;

use crate::common::{root, staffplan, tempdir, write_scenario, Csv};

const SMALL: &str = "scenarios/small-queues-daily-sl.yaml";

fn plan(scenario: &str, out: &Path, args: &[&str]) {
    let mut cmd = staffplan();
    cmd.arg("plan")
        .arg(root().join(scenario))
        .arg("-o")
        .arg(out);
    for a in args {
        cmd.arg(a);
    }
    cmd.assert().success();
}

fn load(scenario: &str, set: &[&str]) -> Scenario {
    let set: Vec<Override> = set
        .iter()
        .map(|s| Override::parse_cli(s).unwrap())
        .collect();
    Scenario::load(&root().join(scenario), &set).unwrap()
}

fn summary(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn paid_hours(out: &Path) -> f64 {
    summary(out)["plan"]["paid_hours"].as_f64().unwrap()
}

#[test]
fn daily_plans_of_small_queues_need_fewer_paid_hours_and_meet_every_day() {
    let dir = tempdir();
    let (daily, each) = (dir.path().join("daily"), dir.path().join("each"));
    plan(SMALL, &daily, &["--simulate"]);
    plan(SMALL, &each, &["--set", "queues.*.service_level=80/20"]);
    let (d, e) = (paid_hours(&daily), paid_hours(&each));
    assert!(
        d <= 0.97 * e,
        "daily {d} h against every interval {e} h: less than 3 % saved"
    );
    // The checker recomputes each window's SL and the floor from the files.
    let report = check_outputs(&daily, &load(SMALL, &[])).unwrap();
    assert!(report.passed(), "{report}");
    let s = summary(&daily);
    for q in s["plan"]["queues"].as_array().unwrap() {
        let w = &q["sl_window"];
        assert_eq!(w["over"], "day");
        assert_eq!(w["intervals_under_floor"], 0, "{q}");
        for day in w["windows"].as_array().unwrap() {
            assert!(day["planned_sl"].as_f64().unwrap() >= 0.8 - 5e-5, "{day}");
            assert_eq!(day["met"], true);
            // Not significantly below target: the 95 % interval reaches 80 %.
            let ci = day["simulated_ci"].as_array().unwrap();
            assert!(ci[1].as_f64().unwrap() >= 0.8, "{} {day}", q["id"]);
            let p = day["p_met"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&p));
        }
    }
}

#[test]
fn the_checker_fails_a_window_below_target_and_an_interval_below_the_floor() {
    let dir = tempdir();
    let out = dir.path().join("out");
    plan(SMALL, &out, &[]);
    let path = out.join("coverage.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let csv = Csv::parse(&text);
    let column = csv
        .header
        .iter()
        .position(|h| h == "sl_uk-insurer")
        .unwrap();
    // Every written SL of one queue at 0.6: each of its days is at 60 %,
    // below 80/20; one interval at 0.4 is also below the 50/20 floor.
    let mut lowered = 0;
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(k, line)| {
            let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
            if k > 0 && !cells[column].is_empty() {
                cells[column] = if lowered == 0 { "0.4" } else { "0.6" }.into();
                lowered += 1;
            }
            cells.join(",")
        })
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let report = check_outputs(&out, &load(SMALL, &[])).unwrap();
    assert_eq!(report.of(Rule::WindowServiceLevel).len(), 6, "{report}");
    assert_eq!(report.of(Rule::UnderFloor).len(), 1, "{report}");
}

#[test]
fn the_scalar_form_and_over_interval_plan_the_same_bytes() {
    let dir = tempdir();
    let (scalar, mapping) = (dir.path().join("scalar"), dir.path().join("mapping"));
    let q = "scenarios/quick-start.yaml";
    plan(q, &scalar, &[]);
    plan(
        q,
        &mapping,
        &[
            "--set",
            "queues.helpdesk.service_level={target: 80/20, over: interval}",
        ],
    );
    for f in [
        "requirements.csv",
        "pool_requirements.csv",
        "shifts.csv",
        "coverage.csv",
        "roster.csv",
    ] {
        let (a, b) = (
            std::fs::read(scalar.join(f)).unwrap(),
            std::fs::read(mapping.join(f)).unwrap(),
        );
        assert!(a == b, "{f} differs");
    }
    let (mut a, mut b) = (summary(&scalar), summary(&mapping));
    a.as_object_mut().unwrap().remove("timings");
    b.as_object_mut().unwrap().remove("timings");
    assert_eq!(a, b);
}

#[test]
fn a_merged_pool_counts_each_queues_day_separately() {
    // Karachi's English voice pool serves New York and London calls as one
    // queue; each client's day is its own window.
    let dir = tempdir();
    let out = dir.path().join("out");
    let set = [
        "queues.us-retail.service_level={target: 80/20, over: day, floor: 60/20}",
        "queues.uk-bank.service_level={target: 80/20, over: day, floor: 60/20}",
    ];
    let args: Vec<&str> = set.iter().flat_map(|s| ["--set", s]).collect();
    plan("scenarios/karachi-247.yaml", &out, &args);
    let report = check_outputs(&out, &load("scenarios/karachi-247.yaml", &set)).unwrap();
    assert!(report.passed(), "{report}");
    let s = summary(&out);
    for q in s["plan"]["queues"].as_array().unwrap() {
        if q["id"] == "us-retail" || q["id"] == "uk-bank" {
            let w = &q["sl_window"];
            assert_eq!(
                w["windows_met"].as_u64(),
                Some(w["windows"].as_array().unwrap().len() as u64),
                "{q}"
            );
        } else {
            assert!(q.get("sl_window").is_none());
        }
    }
}

#[test]
fn bad_windows_are_refused_with_the_field_and_what_is_valid() {
    let dir = tempdir();
    for (sl, field, says) in [
        (
            "{target: 80/20, over: fortnight}",
            "service_level.over",
            "valid values here: `interval`, `day`, `week`, `month`, `horizon`",
        ),
        (
            "{target: 80/20, over: day, floor: 90/20}",
            "service_level.floor",
            "the floor 90/20 is above the target 80/20",
        ),
        (
            "{over: day, floor: 50/20}",
            "service_level.target",
            "missing `target`",
        ),
        (
            "{target: 80/20, over: day, floor: 50/30}",
            "service_level.floor",
            "measured at the target's seconds",
        ),
    ] {
        let yaml = format!(
            "name: t\nsite: {{timezone: UTC, start: 2026-03-02, days: 1}}\npools: [{{id: p}}]\nqueues:\n  - id: q\n    timezone: UTC\n    pool: p\n    aht: 3m\n    service_level: {sl}\n    forecast: {{weekly_volume: 700}}\n"
        );
        let path = write_scenario(dir.path(), &yaml);
        let out = staffplan()
            .arg("check")
            .arg(&path)
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.contains("line 9") && text.contains(field) && text.contains(says),
            "{sl}: {text}"
        );
    }
}
