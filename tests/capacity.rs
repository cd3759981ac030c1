//! `staffplan capacity`: the files, agreement with `plan`, and bad input.

use std::path::Path;

use assert_cmd::assert::Assert;

use crate::common::{staffplan, tempdir, write_scenario, Csv};

/// The quick-start week with a capacity section appended.
fn scenario(capacity: &str) -> String {
    let base =
        std::fs::read_to_string(crate::common::root().join("scenarios/quick-start.yaml")).unwrap();
    format!("{base}\ncapacity:\n{capacity}")
}

/// `staffplan capacity SCENARIO -o OUT ARGS...`.
fn run_capacity(scenario: &Path, out: &Path, args: &[&str]) -> Assert {
    staffplan()
        .arg("capacity")
        .arg(scenario)
        .arg("-o")
        .arg(out)
        .args(args)
        .assert()
}

/// Flat demand, no attrition and today's headcount equal to the need: no
/// hires, and every month's required FTE is `plan`'s FTE of the base week.
#[test]
fn steady_state_hires_nobody_and_agrees_with_plan() {
    let dir = tempdir();
    let plan_out = dir.path().join("plan");
    staffplan()
        .args(["plan", "scenarios/quick-start.yaml", "-o"])
        .arg(&plan_out)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(plan_out.join("summary.json")).unwrap())
            .unwrap();
    let fte = summary["plan"]["pools"][0]["fte"].as_f64().unwrap();
    let need = fte.ceil() as u32;
    let yaml = scenario(&format!(
        "  start: 2027-01\n  months: 3\n  pools:\n    voice:\n      headcount: {need}\n      attrition: {{monthly: 0}}\n      hiring: {{class_size: {{min: 5, max: 10}}, cost_per_hire: 100}}\n"
    ));
    let path = write_scenario(dir.path(), &yaml);
    let out = dir.path().join("cap");
    run_capacity(&path, &out, &[]).success();
    let csv = Csv::parse(&std::fs::read_to_string(out.join("capacity.csv")).unwrap());
    assert_eq!(csv.rows.len(), 3);
    for row in &csv.rows {
        let required: f64 = row["required_fte"].parse().unwrap();
        assert!((required - fte).abs() < 0.006, "{required} vs plan's {fte}");
        assert_eq!(row["hires"], "0");
        assert_eq!(row["headcount"], need.to_string());
        assert_eq!(row["required_from"], "plan");
    }
    // The rows' costs add up to the published pool cost and total, cent for
    // cent (each row is not rounded on its own).
    let cap: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let cents = |x: f64| (x * 100.0).round() as i64;
    let rows: i64 = (csv.rows.iter())
        .map(|r| cents(r["cost"].parse().unwrap()))
        .sum();
    assert_eq!(rows, cents(cap["cost"].as_f64().unwrap()));
    assert_eq!(rows, cents(cap["pools"][0]["cost"].as_f64().unwrap()));
    for file in [
        "summary.json",
        "report.html",
        "charts/capacity.svg",
        "charts/capacity.png",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
}

/// Demand no hiring plan can meet, without a penalty: exit 3 naming the
/// pool and the months short.
#[test]
fn unmeetable_demand_names_months_and_pools() {
    let dir = tempdir();
    let yaml = scenario(
        "  start: 2027-01\n  months: 3\n  demand:\n    helpdesk: {index: {mar: 3.0}}\n  pools:\n    voice:\n      headcount: 50\n      attrition: {monthly: 0.02}\n      hiring: {lead_time_weeks: 8, class_size: {min: 2, max: 4}}\n",
    );
    let path = write_scenario(dir.path(), &yaml);
    run_capacity(&path, &dir.path().join("cap"), &[])
        .code(3)
        .stderr(predicates::str::contains(
            "no hiring plan meets the requirement",
        ))
        .stderr(predicates::str::contains("voice: 2027-03 ("));
}

fn bad(capacity: &str, field: &str, message: &str) {
    let dir = tempdir();
    let path = write_scenario(dir.path(), &scenario(capacity));
    run_capacity(&path, &dir.path().join("cap"), &[])
        .code(2)
        .stderr(predicates::str::contains(field))
        .stderr(predicates::str::contains(message));
}

const POOL: &str = "  pools:\n    voice: {headcount: 30, attrition: {monthly: 0.03}}\n";

#[test]
fn bad_capacity_input_names_the_field() {
    bad(
        "  start: 2027-01\n  months: 3\n  pools:\n    voice: {headcount: 30, attrition: {monthly: -0.04}}\n",
        "capacity.pools.voice.attrition.monthly",
        "expected a fraction from 0 to 1",
    );
    bad(
        "  start: 2027-01\n  months: 3\n  pools:\n    voice: {headcount: 30, attrition: {monthly: 0.03}, hiring: {class_size: {min: 20, max: 10}}}\n",
        "capacity.pools.voice.hiring.class_size",
        "expected 0 < min ≤ max",
    );
    bad(
        &format!("  start: 2025-12\n  months: 3\n{POOL}"),
        "capacity.start",
        "before the scenario's week (2026-03-02)",
    );
    bad(
        &format!("  start: 2027-01\n  months: 3\n  demand:\n    helpdesk: {{index: {{nov: 1.4}}}}\n{POOL}"),
        "capacity.demand.helpdesk.index.nov",
        "nov is not in the horizon (2027-01 to 2027-03)",
    );
    bad(
        &format!(
            "  start: 2027-01\n  months: 3\n  demand:\n    helpdesk: {{from: 2027-09}}\n{POOL}"
        ),
        "capacity.demand.helpdesk.from",
        "2027-09 is not in the horizon",
    );
    bad(
        "  start: 2027-01\n  months: 3\n  pools:\n    vocie: {headcount: 30, attrition: {monthly: 0.03}}\n",
        "capacity.pools.vocie",
        "no pool `vocie`",
    );
    // 0 classes a month was accepted and read as 1 (5 classes started).
    bad(
        "  start: 2027-01\n  months: 3\n  pools:\n    voice: {headcount: 30, attrition: {monthly: 0.03}, hiring: {class_size: {min: 1, max: 10}, classes_per_month: 0}}\n",
        "capacity.pools.voice.hiring.classes_per_month",
        "expected 1 to 50 classes starting in one period, got 0",
    );
    // A productivity for a nesting of 0 weeks was accepted and dropped.
    bad(
        "  start: 2027-01\n  months: 3\n  pools:\n    voice: {headcount: 30, attrition: {monthly: 0.03}, hiring: {class_size: {min: 1, max: 10}, nesting: {weeks: 0, productivity: [0.5]}}}\n",
        "capacity.pools.voice.hiring.nesting.weeks",
        "a nesting of 0 weeks has no week to give its productivity to",
    );
}

#[test]
fn a_scenario_without_capacity_is_a_usage_error() {
    staffplan()
        .args(["capacity", "scenarios/quick-start.yaml", "-o"])
        .arg(tempdir().path().join("cap"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has no `capacity:` section"));
}

/// What-ifs side by side: higher attrition costs more and hires more; a
/// variant of the pools' people only keeps the base's required FTE.
#[test]
fn variants_side_by_side() {
    let dir = tempdir();
    let yaml = scenario(
        "  start: 2027-01\n  months: 4\n  pools:\n    voice:\n      headcount: 50\n      attrition: {monthly: 0.04}\n      hiring: {lead_time_weeks: 2, classroom_weeks: 2, class_size: {min: 2, max: 10}, cost_per_hire: 200}\n      shortfall_penalty: 3000\n",
    );
    let path = write_scenario(dir.path(), &yaml);
    let out = dir.path().join("cap");
    let variants = [
        "--variant",
        "attrition 6%: capacity.pools.voice.attrition.monthly=0.06",
        "--variant",
        "volume up: capacity.demand.helpdesk.index.apr=1.3",
    ];
    run_capacity(&path, &out, &variants).success();
    let csv = Csv::parse(&std::fs::read_to_string(out.join("capacity_variants.csv")).unwrap());
    let names: Vec<&str> = csv.rows.iter().map(|r| r["variant"].as_str()).collect();
    assert_eq!(names, ["base", "attrition 6%", "volume up"]);
    let cost = |i: usize| csv.rows[i]["cost"].parse::<f64>().unwrap();
    let hires = |i: usize| csv.rows[i]["hires"].parse::<u32>().unwrap();
    assert!(cost(1) > cost(0) && hires(1) >= hires(0), "{:?}", csv.rows);
    assert!(cost(2) > cost(0));
    assert_eq!(csv.rows[1]["status"], "ok");
}

/// A ramp-aware quote: nobody before the hiring, classes ahead of the
/// go-live, the steady state's FTE required from it, and a launch cost.
#[test]
fn quote_prices_the_launch_apart() {
    let out = staffplan()
        .args([
            "quote",
            "scenarios/quote-dubai-bank-launch.yaml",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let launch = &json["launch"];
    assert_eq!(launch["go_live"], "2026-10");
    let fte = json["cases"][0]["fte"].as_f64().unwrap();
    let months = launch["months"].as_array().unwrap();
    // lead 4 + classroom 4 + nesting 4 weeks = 84 days: ⌈84 ÷ 30.4375⌉ + 1 = 4 months ahead.
    assert_eq!(months.len(), 4 + 6);
    assert_eq!(months[0]["month"], "2026-06");
    let hires_before: u64 = months[..4]
        .iter()
        .map(|m| m["hires"].as_u64().unwrap())
        .sum();
    assert!(
        hires_before as f64 >= fte,
        "{hires_before} hires for {fte} FTE"
    );
    for (i, m) in months.iter().enumerate() {
        let want = if i < 4 { 0.0 } else { fte };
        assert_eq!(m["required_fte"].as_f64().unwrap(), want);
    }
    assert!(launch["launch_cost"].as_f64().unwrap() > 0.0);
    // Ramp months on the steady state's basis: the salary (3.40 × 40 h ×
    // 30.4375 ÷ 7 a month, at base rate) raised by the steady month's cost
    // over its FTE at that salary (night premium, 52 ÷ 12 weeks a month), so
    // a month from the go-live with as many people as the steady FTE costs
    // at least the steady month (it used to cost less: premiums left out).
    let salary = 3.40 * 40.0 * 30.4375 / 7.0;
    let steady = launch["steady_cost_month"].as_f64().unwrap();
    let factor = launch["premium_factor"].as_f64().unwrap();
    assert!((factor - steady / (fte * salary)).abs() < 1e-4, "{factor}");
    for m in &months[4..] {
        let f = |k: &str| m[k].as_f64().unwrap();
        let salaries = f("headcount") * salary * factor;
        assert!(f("cost") >= salaries - 0.01 * salary, "{m}");
        if m["hires"] == 0 && f("overtime_hours") == 0.0 && f("shortfall_fte") == 0.0 {
            assert!((f("cost") - salaries).abs() < 0.01 * salary, "{m}");
        }
    }
}

/// A one-month capacity plan of a quote's scenario at steady state requires
/// the quote's FTE.
#[test]
fn one_month_at_steady_state_equals_the_quote() {
    let dir = tempdir();
    let written = dir.path().join("quote.json");
    let out = staffplan()
        .args([
            "quote",
            "scenarios/quote-dubai-bank.yaml",
            "--format",
            "json",
            "--write-scenario",
        ])
        .arg(&written)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let fte = json["cases"][0]["fte"].as_f64().unwrap();
    let cap = dir.path().join("cap");
    let set = format!(
        "capacity={{start: 2026-06, months: 1, pools: {{quote: {{headcount: {}, attrition: {{monthly: 0}}}}}}}}",
        fte.ceil()
    );
    run_capacity(&written, &cap, &["--set", &set]).success();
    let csv = Csv::parse(&std::fs::read_to_string(cap.join("capacity.csv")).unwrap());
    let required: f64 = csv.rows[0]["required_fte"].parse().unwrap();
    assert!(
        (required - fte).abs() < 0.006,
        "{required} vs the quote's {fte}"
    );
    assert_eq!(csv.rows[0]["hires"], "0");
}

/// Same input, same bytes: every file but summary.json's timings.
#[test]
fn capacity_twice_writes_the_same_bytes() {
    let dir = tempdir();
    let yaml = scenario(
        "  start: 2027-01\n  months: 6\n  demand:\n    helpdesk: {index: {mar: 1.3, apr: 1.2}, growth: 0.01}\n  pools:\n    voice:\n      headcount: 48\n      attrition: {monthly: 0.05, first_90_days: 0.12}\n      hiring: {lead_time_weeks: 2, classroom_weeks: 2, nesting: {weeks: 2, productivity: [0.6]}, class_size: {min: 3, max: 8}, classes_per_month: 2, cost_per_hire: 250}\n      overtime: {max_share: 0.1}\n      shortfall_penalty: 4000\n",
    );
    let path = write_scenario(dir.path(), &yaml);
    let run = |name: &str| {
        let out = dir.path().join(name);
        run_capacity(&path, &out, &[]).success();
        out
    };
    let (a, b) = (run("a"), run("b"));
    for file in [
        "capacity.csv",
        "report.html",
        "charts/capacity.svg",
        "charts/capacity.png",
    ] {
        assert_eq!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file}"
        );
    }
    let strip = |p: &std::path::Path| {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p.join("summary.json")).unwrap())
                .unwrap();
        v.as_object_mut().unwrap().remove("timings");
        v
    };
    assert_eq!(strip(&a), strip(&b));
    staffplan()
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "capacity: 6 months from 2027-01, 48 people today; hiring in voice",
        ));
}

/// A horizon of weeks: a monthly attrition r is 1 − (1 − r)^(7 ÷ 30.4375)
/// a week, so 48 agents at 10 % a month keep 48·(0.9^(7/30.4375))^w.
#[test]
fn weeks_convert_monthly_attrition() {
    let dir = tempdir();
    let yaml = scenario(
        "  start: 2027-01-04\n  weeks: 4\n  pools:\n    voice:\n      headcount: 48\n      attrition: {monthly: 0.10}\n      shortfall_penalty: 1000\n",
    );
    let path = write_scenario(dir.path(), &yaml);
    let out = dir.path().join("cap");
    run_capacity(&path, &out, &[]).success();
    let csv = Csv::parse(&std::fs::read_to_string(out.join("capacity.csv")).unwrap());
    let keep = 0.9f64.powf(7.0 / 30.4375);
    let starts = ["2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25"];
    for (w, row) in csv.rows.iter().enumerate() {
        let want = 48.0 * keep.powi(w as i32);
        let got: f64 = row["headcount"].parse().unwrap();
        assert!((got - want).abs() < 0.006, "week {w}: {got} vs {want}");
        assert_eq!(row["period_start"], starts[w]);
    }
}

/// [`crate::sites::split_scenario`] (6 Erlangs flat over a cyclic day,
/// split over `khi` and `lhe`) with `split` and a two-month capacity
/// section whose demand section is `demand`.
fn split_capacity(dir: &Path, split: &str, demand: &str) -> std::path::PathBuf {
    let sc = crate::sites::split_scenario(dir, split);
    let text = std::fs::read_to_string(&sc).unwrap();
    write_scenario(
        dir,
        &format!(
            "{text}capacity:\n  start: 2026-04\n  months: 2\n{demand}  pools:\n    khi: {{headcount: 40, attrition: {{monthly: 0}}}}\n    lhe: {{headcount: 40, attrition: {{monthly: 0}}}}\n"
        ),
    )
}

/// Required FTE per pool and month from capacity.csv.
fn required_fte(out: &Path) -> Vec<(String, String, f64)> {
    let csv = Csv::read(&out.join("capacity.csv"));
    (csv.rows.iter())
        .map(|r| {
            let fte = r["required_fte"].parse().unwrap();
            (r["pool"].clone(), r["period"].clone(), fte)
        })
        .collect()
}

#[test]
fn each_pool_is_paid_at_its_site_rate_as_plan_prices_it() {
    // Karachi 2.00 an hour, Lahore 3.00; 40 people each, no attrition and
    // no hires over 2 months. A month's salary is the rate × 40 h ×
    // 30.4375 ÷ 7 = 173.928571 h: Karachi 40 × 347.857143 = 13 914.29 a
    // month, 27 828.57 over two; Lahore 40 × 521.785714 = 20 871.43 a
    // month, 41 742.86 over two; 69 571.43 in all.
    let dir = tempdir();
    let half = "[{pool: khi, share: 50%}, {pool: lhe, share: 50%}]";
    let path = split_capacity(dir.path(), half, "");
    let out = dir.path().join("cap");
    run_capacity(&path, &out, &[]).success();
    let cap: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let cost = |v: &serde_json::Value| v["cost"].as_f64().unwrap();
    assert_eq!(cap["pools"][0]["id"], "khi");
    assert_eq!(cost(&cap["pools"][0]), 27828.57);
    assert_eq!(cost(&cap["pools"][1]), 41742.86);
    assert_eq!(cost(&cap), 69571.43);
}

#[test]
fn demand_under_a_split_queue_id_scales_every_part() {
    // Each part at 50 % of 6 Erlangs: N(3) = 5 agents every hour, covered
    // by 3 × 5 eight-hour shifts a day: 120 paid hours a day, 840 a week,
    // 21 FTE of 40 h. May doubles the queue: N(6) = 9 at each site, 37.8.
    assert_eq!(
        (
            crate::sites::erlang_agents(3.0),
            crate::sites::erlang_agents(6.0)
        ),
        (5, 9)
    );
    let dir = tempdir();
    let half = "[{pool: khi, share: 50%}, {pool: lhe, share: 50%}]";
    let path = split_capacity(dir.path(), half, "  demand:\n    uk: {index: {may: 2}}\n");
    let out = dir.path().join("cap");
    run_capacity(&path, &out, &[]).success();
    let want = |pool: &str| {
        [
            (pool.to_string(), "2026-04".to_string(), 21.0),
            (pool.to_string(), "2026-05".to_string(), 37.8),
        ]
    };
    let fte = required_fte(&out);
    assert_eq!(fte, [want("khi"), want("lhe")].concat());
    // Unknown ids list the queues as written and the parts; both the queue
    // and one of its parts is refused.
    for (demand, field, message) in [
        (
            "  demand:\n    uk-bank: {index: {may: 2}}\n",
            "capacity.demand.uk-bank",
            "no queue `uk-bank`; did you mean `uk`?; queues: uk (or a split's part: uk@karachi, uk@lahore)",
        ),
        (
            "  demand:\n    uk: {index: {may: 2}}\n    uk@lahore: {index: {may: 3}}\n",
            "capacity.demand.uk@lahore",
            "the split queue `uk` has an outlook of its own",
        ),
    ] {
        let path = split_capacity(dir.path(), half, demand);
        run_capacity(&path, &dir.path().join("bad"), &[])
            .code(2)
            .stderr(predicates::str::contains(format!("{field}: {message}")));
    }
}

#[test]
fn staff_and_capacity_say_an_auto_split_is_at_its_start_shares() {
    // `share: auto` with no `start`: both parts at 1/2, as above.
    let dir = tempdir();
    let auto = "[{pool: khi, share: auto}, {pool: lhe, share: auto}]";
    let path = split_capacity(dir.path(), auto, "");
    let line = |what: &str| {
        format!("uk: auto split, {what} at the equal shares 50/50 (uk@karachi 50 %, uk@lahore 50 %); `plan` chooses the split\n")
    };
    let out = dir.path().join("cap");
    run_capacity(&path, &out, &[])
        .success()
        .stdout(predicates::str::contains(line("required FTE planned")));
    assert_eq!(required_fte(&out)[0].2, 21.0);
    let staff = dir.path().join("staff");
    staffplan()
        .arg("staff")
        .arg(&path)
        .arg("-o")
        .arg(&staff)
        .assert()
        .success()
        .stdout(predicates::str::contains(line("requirements shown")));
    for (folder, file) in [(&out, "summary.json"), (&staff, "summary.json")] {
        let s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(folder.join(file)).unwrap()).unwrap();
        let want = serde_json::json!([{"id": "uk", "parts": ["uk@karachi", "uk@lahore"], "shares": [0.5, 0.5], "at": "equal"}]);
        assert_eq!(s["auto_splits"], want, "{}", folder.display());
    }
    // A plan has chosen its split: no such field.
    let plan = crate::sites::plan(&path, &dir.path().join("plan"));
    assert!(plan.get("auto_splits").is_none());
}

#[test]
fn a_pool_short_shows_its_cost_with_the_penalty() {
    // The split above at 50/50 needs 21 FTE in April and 37.8 in May per
    // pool (see `demand_under_a_split_queue_id_scales_every_part`). khi has
    // 25 people and cannot hire: May is 12.8 FTE short at 1000 each. Its
    // salaries at Karachi's rate: 25 × 2.00/h × 40 h × 30.4375 ÷ 7 a month
    // × 2 months = 17 392.86; with the penalty 30 192.86.
    let dir = tempdir();
    let half = "[{pool: khi, share: 50%}, {pool: lhe, share: 50%}]";
    let path = split_capacity(dir.path(), half, "  demand:\n    uk: {index: {may: 2}}\n");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "khi: {headcount: 40, attrition: {monthly: 0}}",
        "khi: {headcount: 25, attrition: {monthly: 0}, shortfall_penalty: 1000}",
    );
    let path = write_scenario(dir.path(), &text);
    let out = dir.path().join("cap");
    run_capacity(&path, &out, &[])
        .success()
        .stdout(predicates::str::contains(
            "khi: 0 hires in 0 classes, cost 17393 USD; cost + shortfall penalty 30193 (12.8 FTE-periods short)",
        ))
        // The sensitivity's figures are on the same basis, and say so (a
        // bare figure read as cost made 5 points less attrition look 74k
        // dearer than the headline's cost).
        .stdout(predicates::str::contains("pts: cost + shortfall penalty"));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["pools"][0]["cost"].as_f64(), Some(17392.86));
    assert_eq!(s["pools"][0]["objective"].as_f64(), Some(30192.86));
    let lhe = s["pools"][1]["cost"].as_f64().unwrap();
    // Each figure is rounded to cents on its own.
    assert!((s["objective"].as_f64().unwrap() - (30192.86 + lhe)).abs() <= 0.011);
}

#[test]
fn plans_cut_short_by_the_time_limit_are_said_so() {
    // The Karachi week's LPs alone take seconds (see plan.rs's
    // `a_search_cut_short_by_the_safety_stop_says_so`), so with 1 s both
    // base-week plans are cut: capacity used to print and write nothing of it.
    let dir = tempdir();
    let out = dir.path().join("cap");
    let run = staffplan()
        .args(["capacity", "scenarios/capacity-2027.yaml"])
        .args(["--set", "what_if=[]", "--set", "capacity.max_plans=2"])
        .args(["--time-limit", "1s", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    assert!(
        stdout.contains("the time limit stopped the search of 2 of the 2 plans"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(summary["required"]["plans_cut_short"], 2);
}

/// Capacity's salary is at base rate, and says so: with a 10 USD rate, a
/// night ×1.25 and a weekend ×1.5, a month's salary is 10 × 40 h ×
/// 30.4375 ÷ 7 = 1 739.29 USD a person (no premium in it), and the terminal
/// and summary.json name the premiums left out.
#[test]
fn capacity_salary_is_at_base_rate_and_says_so() {
    let dir = tempdir();
    let yaml = scenario(
        "  start: 2027-01\n  months: 1\n  pools:\n    voice:\n      headcount: 60\n      attrition: {monthly: 0}\n",
    ) + "costs: {hourly: 10, night: {window: \"22:00-06:00\", multiplier: 1.25}, weekend_multiplier: 1.5}\n";
    let path = write_scenario(dir.path(), &yaml);
    let out = dir.path().join("cap");
    let done = run_capacity(&path, &out, &[]).success();
    let stdout = String::from_utf8_lossy(&done.get_output().stdout).to_string();
    let csv = Csv::parse(&std::fs::read_to_string(out.join("capacity.csv")).unwrap());
    let salary: f64 = csv.rows[0]["salary_cost"].parse().unwrap();
    assert!((salary - 60.0 * 1739.29).abs() < 0.5, "{salary}");
    let premiums = "without the night ×1.25 (22:00-06:00) and weekend ×1.5 premiums";
    assert!(stdout.contains("salaries are at base rate"), "{stdout}");
    assert!(stdout.contains(premiums), "{stdout}");
    let cap: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert!(
        cap["salary_basis"].as_str().unwrap().contains(premiums),
        "{cap}"
    );
}

/// A launch whose hiring would start before the quote's week names the
/// earliest go-live that works: lead 4 + classroom 4 + nesting 4 weeks = 84
/// days, ⌈84 ÷ 30.4375⌉ + 1 = 4 months ahead of the go-live, from the
/// month of the default week (2026-06): 2026-10. That go-live then quotes.
#[test]
fn a_launch_too_early_names_the_first_go_live_that_works() {
    let dir = tempdir();
    let text = std::fs::read_to_string("scenarios/quote-dubai-bank-launch.yaml").unwrap();
    assert!(text.contains("go_live: 2026-10"));
    let early = crate::common::write_file(
        dir.path(),
        "early.yaml",
        &text.replace("go_live: 2026-10", "go_live: 2026-09"),
    );
    staffplan()
        .arg("quote")
        .arg(&early)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("launch.go_live"))
        .stderr(predicates::str::contains("go live in 2026-10 or later"));
}
