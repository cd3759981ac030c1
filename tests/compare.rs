//! `compare` and `init` through the binary: variants that change nothing
//! give the base's bytes, the costs move the way the inputs say, a failing
//! variant is reported while the others finish, bad paths exit 2 with the
//! nearest keys, and the starter scenario plans as written.

use std::path::Path;

use serde_json::Value;

use crate::common::{staffplan, tempdir, write_scenario, Csv};

const QUICK_START: &str = "scenarios/quick-start.yaml";

/// Run `compare SCENARIO -o OUT` with extra arguments; expect exit 0.
fn compare(scenario: &Path, out: &Path, args: &[&str]) -> Value {
    let output = staffplan()
        .arg("compare")
        .arg(scenario)
        .arg("-o")
        .arg(out)
        .args(args)
        .output()
        .expect("running staffplan");
    assert_eq!(
        output.status.code(),
        Some(0),
        "compare failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(out.join("compare.json")).expect("compare.json");
    serde_json::from_str(&text).expect("compare.json is JSON")
}

fn variant<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no variant `{name}` in {json:#}"))
}

fn cost(json: &Value, name: &str) -> f64 {
    variant(json, name)["figures"]["cost"]
        .as_f64()
        .unwrap_or_else(|| panic!("`{name}` has no cost: {json:#}"))
}

/// summary.json without `timings`, the one part allowed to differ.
fn summary_without_timings(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    let mut json: Value = serde_json::from_str(&text).expect("JSON");
    json.as_object_mut().expect("an object").remove("timings");
    json
}

/// Every file of a plan folder, byte for byte, summary.json without timings.
fn assert_same_plan(a: &Path, b: &Path) {
    let mut names: Vec<_> = std::fs::read_dir(a)
        .expect("a plan folder")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    for name in names {
        if name.to_string_lossy().starts_with('.') {
            continue; // the output-folder marker sits at the top only
        }
        if name == "summary.json" {
            assert_eq!(summary_without_timings(a), summary_without_timings(b));
        } else if a.join(&name).is_file() {
            assert!(
                std::fs::read(a.join(&name)).ok() == std::fs::read(b.join(&name)).ok(),
                "{} differs between {} and {}",
                name.to_string_lossy(),
                a.display(),
                b.display()
            );
        }
    }
}

#[test]
fn a_variant_that_changes_nothing_equals_the_base_and_plan() {
    let dir = tempdir();
    let out = dir.path().join("cmp");
    // quick-start's AHT is 4m already.
    let json = compare(
        Path::new(QUICK_START),
        &out,
        &[
            "--variant",
            "same: queues.helpdesk.aht=4m, shrinkage.total=0.30",
        ],
    );
    assert_same_plan(&out.join("base"), &out.join("same"));
    let same = variant(&json, "same");
    assert_eq!(same["status"], "ok");
    for key in ["fte", "headcount", "paid_hours", "cost", "cost_pct"] {
        assert_eq!(same["delta"][key].as_f64(), Some(0.0), "delta.{key}");
    }
    // The base of a comparison is what `plan` writes for the same scenario.
    let alone = dir.path().join("plan");
    staffplan()
        .args(["plan", QUICK_START, "-o"])
        .arg(&alone)
        .assert()
        .success();
    assert_same_plan(&alone, &out.join("base"));
    for f in [
        "compare.csv",
        "compare.json",
        "compare.svg",
        "compare.png",
        "compare.html",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let html = std::fs::read_to_string(out.join("compare.html")).expect("compare.html");
    assert!(html.contains("<svg"), "the chart is inline");
    // quick-start gives no hourly rate: its costs are paid hours, and the
    // chart and page say so as the table does (they said USD).
    let svg = std::fs::read_to_string(out.join("compare.svg")).expect("compare.svg");
    assert!(
        svg.contains("Cost over 7 days, paid hours (no hourly rate given)"),
        "{svg}"
    );
    assert!(html.contains("Costs in paid hours (no hourly rate given) over 7 days"));
    assert!(!svg.contains("USD") && !html.contains("USD"));
    // compare.json and the base's summary.json name the unit too: no
    // currency (it said USD), the cost unit paid hours.
    let summary = summary_without_timings(&out.join("base"));
    for (what, currency, unit) in [
        ("compare.json", &json["currency"], &json["cost_unit"]),
        (
            "summary.json",
            &summary["site"]["currency"],
            &summary["site"]["cost_unit"],
        ),
    ] {
        assert!(currency.is_null(), "{what}: currency {currency}");
        assert_eq!(unit, "paid hours (no hourly rate given)", "{what}");
    }
    // With a rate the costs are money: 12.5 USD × the base's paid hours
    // (no night or weekend multipliers in quick-start).
    let priced = compare(
        Path::new(QUICK_START),
        &dir.path().join("priced"),
        &["--set", "costs.hourly=12.5"],
    );
    assert_eq!(priced["currency"], "USD");
    assert_eq!(priced["cost_unit"], "USD");
    let hours = variant(&json, "base")["figures"]["paid_hours"]
        .as_f64()
        .expect("paid hours");
    assert!((cost(&priced, "base") - 12.5 * hours).abs() < 0.011);
    for remote in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(remote), "compare.html loads `{remote}`");
    }
}

/// Names Excel would run as formulas (`@SUM(1)`, `-2+3`) reach compare.csv as
/// text: a leading `'`, the OWASP advice against CSV injection.
#[test]
fn variant_names_reach_compare_csv_as_text_not_formulas() {
    let dir = tempdir();
    let out = dir.path().join("cmp");
    compare(
        Path::new(QUICK_START),
        &out,
        &[
            "--variant",
            "@SUM(1): queues.helpdesk.aht=4m",
            "--variant=-2+3: queues.helpdesk.aht=4m",
        ],
    );
    let text = std::fs::read_to_string(out.join("compare.csv")).expect("compare.csv");
    let csv = Csv::parse(&text);
    let names: Vec<&str> = csv.rows.iter().map(|r| r["variant"].as_str()).collect();
    assert_eq!(names, ["base", "'@SUM(1)", "'-2+3"]);
}

#[test]
fn volume_up_never_lowers_cost_and_containment_up_never_raises_it() {
    let dir = tempdir();
    let out = dir.path().join("cmp");
    let json = compare(
        Path::new(QUICK_START),
        &out,
        &[
            "--variant",
            "v080: queues.*.forecast.scale=0.8",
            "--variant",
            "v120: queues.*.forecast.scale=1.2",
            "--variant",
            "v150: queues.*.forecast.scale=1.5",
            "--variant",
            "b20: queues.helpdesk.ai_containment=0.2",
            "--variant",
            "b40: queues.helpdesk.ai_containment=0.4",
            "--variant",
            "b60: queues.helpdesk.ai_containment=0.6",
        ],
    );
    let volume: Vec<f64> = ["v080", "base", "v120", "v150"]
        .iter()
        .map(|n| cost(&json, n))
        .collect();
    assert!(
        volume.windows(2).all(|w| w[0] <= w[1]),
        "cost by volume 0.8, 1, 1.2, 1.5: {volume:?}"
    );
    let bots: Vec<f64> = ["base", "b20", "b40", "b60"]
        .iter()
        .map(|n| cost(&json, n))
        .collect();
    assert!(
        bots.windows(2).all(|w| w[0] >= w[1]),
        "cost by containment 0, 0.2, 0.4, 0.6: {bots:?}"
    );
    // Deltas are against the base.
    let d = variant(&json, "v150")["delta"]["cost"]
        .as_f64()
        .expect("delta");
    assert!((d - (volume[3] - volume[1])).abs() < 0.011, "{d}");
}

#[test]
fn the_service_chart_draws_each_variants_own_target_on_a_full_axis() {
    // base and big keep 80/20, tight asks 90/15: three target lines, one a
    // bar each, tight's higher (less y) than the others', which sit at the
    // same height; the level axis runs from 0 %.
    let dir = tempdir();
    let out = dir.path().join("c");
    compare(
        Path::new(QUICK_START),
        &out,
        &[
            "--variant",
            "big: queues.*.forecast.scale=1.3",
            "--variant",
            "tight: queues.*.service_level=90/15",
        ],
    );
    let svg = std::fs::read_to_string(out.join("compare.svg")).expect("compare.svg");
    let heights: Vec<f64> = svg
        .split("<polyline")
        .skip(1)
        .filter(|p| p.contains(r##"stroke="#000000" stroke-width="2""##))
        .map(|p| {
            let points = p.split("points=\"").nth(1).unwrap();
            let first = points.split(' ').next().unwrap();
            first.split(',').nth(1).unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(heights.len(), 3, "one target line per variant: {heights:?}");
    assert_eq!(heights[0], heights[1], "base and big share 80 %");
    assert!(
        heights[2] < heights[0],
        "tight's 90 % is drawn higher: {heights:?}"
    );
    assert!(svg.contains(">\n0%\n<"), "the level axis starts at 0 %");
}

#[test]
fn a_failing_variant_is_reported_while_the_others_finish() {
    let dir = tempdir();
    let out = dir.path().join("cmp");
    let o = staffplan()
        .args(["compare", QUICK_START, "-o"])
        .arg(&out)
        .args([
            "--variant",
            "one start each: shifts.max_starts_per_slot=1",
            "--variant",
            "busier: queues.*.forecast.scale=1.1",
        ])
        .output()
        .unwrap();
    // Written all the same, and exit 3 so a script can tell (it was 0).
    assert_eq!(o.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("1 of the variants could not be planned: `one start each` (infeasible)"),
        "{stderr}"
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("compare.json")).unwrap()).unwrap();
    let failed = variant(&json, "one start each");
    assert_eq!(failed["status"], "infeasible");
    let message = failed["error"]["message"].as_str().expect("a message");
    assert!(
        message.contains("the plan cannot cover") && message.contains("max_starts_per_slot (1)"),
        "{message}"
    );
    assert_eq!(variant(&json, "busier")["status"], "ok");
    assert!(out.join("busier/shifts.csv").is_file());
    assert!(
        !out.join("one-start-each").exists(),
        "a failed variant has no folder"
    );
    let csv = Csv::read(&out.join("compare.csv"));
    let statuses: Vec<&str> = csv.rows.iter().map(|r| r["status"].as_str()).collect();
    assert_eq!(statuses, ["ok", "infeasible", "ok"]);
    assert_eq!(csv.rows[1]["cost"], "");
    // The cell: the diagnosis's first line and a count of the rest; the
    // terminal: the whole diagnosis, and the costs worded as `plan` does.
    let lines: Vec<&str> = message.lines().collect();
    assert!(lines.len() > 5, "a long diagnosis: {message}");
    assert!(lines[0].contains("the plan cannot cover"));
    let cell = format!(
        "{} (+{} lines: see the terminal or compare.json)",
        lines[0],
        lines.len() - 1
    );
    assert_eq!(csv.rows[1]["error"], cell);
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.contains(&format!("variant `one start each` failed: {message}\n")));
    // quick-start.yaml gives no hourly rate: plan says "paid hours (no
    // hourly rate given)", and so does compare (it said "costs in USD").
    assert!(
        stdout.contains(", 7 days, costs in paid hours (no hourly rate given)\n"),
        "{stdout}"
    );
}

#[test]
fn a_new_queue_can_be_added_by_a_variant() {
    let dir = tempdir();
    let out = dir.path().join("cmp");
    let json = compare(
        Path::new(QUICK_START),
        &out,
        &[
            "--variant",
            "second client: queues.+={id: dubai, timezone: Asia/Dubai, pool: voice, aht: 5m, service_level: 80/20, hours: {mon-fri: \"09:00-18:00\"}, forecast: {weekly_volume: 3000, daily_shares: {mon: 0.2, tue: 0.2, wed: 0.2, thu: 0.2, fri: 0.2}}}",
        ],
    );
    let v = variant(&json, "second client");
    assert_eq!(v["status"], "ok", "{v:#}");
    let queues: Vec<&str> = v["figures"]["service"]
        .as_array()
        .expect("service")
        .iter()
        .map(|s| s["queue"].as_str().expect("queue"))
        .collect();
    assert_eq!(queues, ["helpdesk", "dubai"]);
    assert!(cost(&json, "second client") > cost(&json, "base"));
}

#[test]
fn unknown_paths_exit_2_with_the_nearest_keys() {
    let dir = tempdir();
    // --set applies to the base, so a bad one fails the whole comparison.
    staffplan()
        .args(["compare", QUICK_START, "-o"])
        .arg(dir.path().join("a"))
        .args(["--set", "queues.helpdesk.ahtt=5m"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--set queues.helpdesk.ahtt=5m, queues[0].ahtt: unknown key `ahtt`; did you mean `aht`?",
        ));
    // So does a bad what_if in the scenario itself (it is part of the file).
    let text = std::fs::read_to_string(QUICK_START).expect("quick-start")
        + "what_if:\n  - {name: slow, set: {\"queues.helpdesk.ahd\": 5m}}\n";
    let scenario = write_scenario(dir.path(), &text);
    staffplan()
        .arg("compare")
        .arg(&scenario)
        .arg("-o")
        .arg(dir.path().join("b"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("what-if `slow`"))
        .stderr(predicates::str::contains("did you mean `aht`?"));
    // A list item that is not there lists the ones that are.
    staffplan()
        .args(["compare", QUICK_START, "-o"])
        .arg(dir.path().join("c"))
        .args(["--set", "queues.helpdsk.aht=5m"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no item `helpdsk` in `queues`; did you mean `helpdesk`?",
        ));
    // A variant is loaded before anything is planned: a typo in its path
    // exits 2 at once, naming the flag and the nearest key.
    staffplan()
        .args(["compare", QUICK_START, "-o"])
        .arg(dir.path().join("e"))
        .args(["--variant", "fine: queues.*.forecast.scale=1.1"])
        .args(["--variant", "typo: queues.helpdesk.ahtt=5m"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--variant typo: queues.helpdesk.ahtt=5m, queues[0].ahtt: unknown key `ahtt`; did you mean `aht`?",
        ));
    // A variant flag that is not NAME: KEY=VALUE is a usage error.
    staffplan()
        .args(["compare", QUICK_START, "-o"])
        .arg(dir.path().join("d"))
        .args(["--variant", "queues.helpdesk.aht=5m"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("expected 'NAME: KEY=VALUE"));
    for name in ["a", "b", "c", "d", "e"] {
        assert!(!dir.path().join(name).exists(), "{name} was written");
    }
}

#[test]
fn a_failing_base_fails_the_comparison_and_writes_nothing() {
    let dir = tempdir();
    staffplan()
        .args(["compare", QUICK_START, "-o"])
        .arg(dir.path().join("cmp"))
        .args(["--set", "shifts.max_starts_per_slot=1"])
        .args(["--variant", "fine: shifts.max_starts_per_slot=40"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("planning the base scenario"));
    assert!(!dir.path().join("cmp").exists());
}

// ---- init ---------------------------------------------------------------------------

#[test]
fn init_writes_a_scenario_that_checks_and_plans() {
    let dir = tempdir();
    staffplan()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .success()
        .stdout(predicates::str::contains("wrote scenario.yaml"));
    let scenario = dir.path().join("scenario.yaml");
    let text = std::fs::read_to_string(&scenario).expect("scenario.yaml");
    assert!(text.starts_with('#'), "the starter is commented");
    staffplan()
        .current_dir(dir.path())
        .args(["check", "scenario.yaml"])
        .assert()
        .success()
        .stdout(predicates::str::ends_with("scenario.yaml: valid\n"));
    staffplan()
        .current_dir(dir.path())
        .args(["plan", "scenario.yaml"])
        .assert()
        .success();
    assert!(dir.path().join("out/scenario/shifts.csv").is_file());
}

#[test]
fn init_never_overwrites() {
    let dir = tempdir();
    let path = dir.path().join("mine.yaml");
    std::fs::write(&path, "keep me").expect("writing");
    staffplan()
        .arg("init")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(&path).expect("mine.yaml"),
        "keep me"
    );
    let named = dir.path().join("lahore.yaml");
    staffplan().arg("init").arg(&named).assert().success();
    staffplan().arg("check").arg(&named).assert().success();
    // A link at NAME is refused even with --force: its target stays.
    #[cfg(unix)]
    {
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&path, &link).expect("symlink");
        staffplan()
            .args(["init", "--force"])
            .arg(&link)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("that is a symbolic link (to "));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }
}

// ---- quote --------------------------------------------------------------------------

const QUOTE: &str = "\
client: Example Co
timezone: Europe/London
monthly_volume: 21666.666666666668
hours: {mon-fri: \"08:00-18:00\"}
aht: 4m
service_level: 80/20
shrinkage: 0.30
site: {timezone: Asia/Karachi}
costs: {hourly: 3.00}
margin: 0.20
seat_buffer: 0.10
";

/// The same inputs written by hand as a scenario: 21 666.67 a month is 5 000
/// a week (× 12/52), spread equally over the five open days, flat intraday,
/// the quote's documented default week (2026-06-01) and shift template.
const EQUIVALENT: &str = "\
name: the quote as a scenario
site: {timezone: Asia/Karachi, start: 2026-06-01, days: 7, interval: 30m}
shrinkage: {total: 0.30}
pools: [{id: voice}]
queues:
  - id: example
    timezone: Europe/London
    pool: voice
    aht: 4m
    service_level: 80/20
    hours: {mon-fri: \"08:00-18:00\"}
    forecast:
      weekly_volume: 5000
      daily_shares: {mon: 0.2, tue: 0.2, wed: 0.2, thu: 0.2, fri: 0.2}
shifts:
  templates:
    - name: day
      paid: 8h
      length: 9h
      starts: \"00:00-23:30/30m\"
      breaks:
        - {length: 1h, paid: false, window: \"3h-5h\"}
        - {length: 15m, paid: true, window: \"1h30m-2h30m\"}
  week: {work_days: 5, days_off: consecutive}
costs: {hourly: 3.00}
";

fn quote_json(args: &[&str]) -> Value {
    let out = staffplan()
        .arg("quote")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("running staffplan");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("quote JSON")
}

#[test]
fn a_quote_agrees_with_a_plan_of_the_same_inputs() {
    let dir = tempdir();
    let quote = crate::common::write_file(dir.path(), "quote.yaml", QUOTE);
    let json = quote_json(&[quote.to_str().expect("a UTF-8 path")]);
    let base = &json["cases"][0];
    assert_eq!(base["case"], "base");
    let scenario = write_scenario(dir.path(), EQUIVALENT);
    let out = dir.path().join("plan");
    staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let plan = &summary_without_timings(&out)["plan"];
    assert_eq!(base["fte"], plan["fte"]);
    assert_eq!(base["headcount"], plan["headcount"]);
    let month = 52.0 / 12.0;
    let f = |v: &Value| v.as_f64().expect("a number");
    assert!((f(&base["paid_hours_month"]) - f(&plan["paid_hours"]) * month).abs() <= 0.05);
    assert!((f(&base["cost_month"]) - f(&plan["cost"]) * month).abs() <= 0.01);
    assert!((f(&base["price_month"]) - f(&plan["cost"]) * month / 0.8).abs() <= 0.01);
    assert!((f(&json["weekly_volume"]) - 5000.0).abs() < 1e-6);
    // Seats: the peak of agents on the floor in coverage.csv (a 15-minute
    // break leaves half an agent in a half hour: a whole seat), plus 10 %.
    let peak = Csv::read(&out.join("coverage.csv"))
        .rows
        .iter()
        .map(|r| crate::common::num(r, "on_floor"))
        .fold(0.0, f64::max);
    assert_eq!(f(&base["peak_on_floor"]), peak.ceil());
    assert_eq!(f(&base["seats"]), (peak.ceil() * 1.1 - 1e-9).ceil());
    // The band: more volume or longer calls never cost less.
    let cost = |i: usize| f(&json["cases"][i]["cost_month"]);
    assert_eq!(json["cases"][1]["case"], "volume -10%");
    assert!(cost(1) <= cost(0) && cost(0) <= cost(2), "{json:#}");
    assert!(cost(3) <= cost(0) && cost(0) <= cost(4), "{json:#}");
}

#[test]
fn flags_give_the_same_quote_as_a_file() {
    let dir = tempdir();
    let quote = crate::common::write_file(dir.path(), "quote.yaml", QUOTE);
    let from_file = quote_json(&[quote.to_str().expect("a UTF-8 path")]);
    let from_flags = quote_json(&[
        "--client",
        "Example Co",
        "--timezone",
        "Europe/London",
        "--weekly-volume",
        "5000",
        "--hours",
        "{mon-fri: \"08:00-18:00\"}",
        "--aht",
        "4m",
        "--sl",
        "80/20",
        "--shrinkage",
        "0.30",
        "--site-timezone",
        "Asia/Karachi",
        "--hourly",
        "3",
        "--margin",
        "0.2",
    ]);
    assert_eq!(from_file["cases"], from_flags["cases"]);
    // --band 0 planned the base four more times as "volume -0%" … rows.
    let no_band = quote_json(&[quote.to_str().expect("a UTF-8 path"), "--band", "0"]);
    assert_eq!(no_band["cases"].as_array().map(Vec::len), Some(1));
    assert_eq!(no_band["cases"][0], from_file["cases"][0]);
    // A volume flag wins over the file's volume of the other kind: the
    // file's 21 666.67 a month replaced by 5 000 a week is the same quote
    // (5 000 × 52 ÷ 12 = 21 666.67), and 1 000 a week is a smaller one.
    let path = quote.to_str().expect("a UTF-8 path");
    let weekly = quote_json(&[path, "--weekly-volume", "5000", "--band", "0"]);
    assert_eq!(weekly["cases"][0], from_file["cases"][0]);
    let smaller = quote_json(&[path, "--weekly-volume", "1000", "--band", "0"]);
    let fte = |v: &Value| v["cases"][0]["fte"].as_f64().unwrap();
    assert!(fte(&smaller) < fte(&weekly), "{smaller}");
}

#[test]
fn bad_quote_input_names_file_line_and_key() {
    let dir = tempdir();
    let bad = QUOTE.replace("Europe/London", "Europe/Londn");
    let quote = crate::common::write_file(dir.path(), "quote.yaml", &bad);
    staffplan()
        .arg("quote")
        .arg(&quote)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "{}: line 2, column 1, timezone: unknown time zone `Europe/Londn`; did you mean `Europe/London`?",
            quote.display()
        )));
    let bad = QUOTE.replace("aht: 4m", "aht: 240");
    let quote = crate::common::write_file(dir.path(), "quote.yaml", &bad);
    staffplan()
        .arg("quote")
        .arg(&quote)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "line 5, column 1, aht: `240` has no unit",
        ));
    staffplan()
        .arg("quote")
        .arg(&quote)
        .args(["--aht", "4m", "--set", "seat_bufer=0.2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown key `seat_bufer`; did you mean `seat_buffer`?",
        ));
}

#[test]
fn a_split_queue_is_compared_whole_beside_its_parts() {
    // The 60/40 split of tests/sites.rs: the whole queue's SL is
    // 0.6 × SL(khi, 3.6 E) + 0.4 × SL(lhe, 2.4 E) by the suite's Erlang C,
    // as `plan` shows it in its `uk (all sites)` row.
    use crate::sites::{erlang_agents, split_scenario};
    let (khi, lhe) = (erlang_agents(3.6), erlang_agents(2.4));
    let want = 0.6 * crate::common::service_level(khi, 3.6, 20.0, 180.0)
        + 0.4 * crate::common::service_level(lhe, 2.4, 20.0, 180.0);
    let dir = tempdir();
    let sc = split_scenario(
        dir.path(),
        "[{pool: khi, share: 60%}, {pool: lhe, share: 40%}]",
    );
    let out = dir.path().join("cmp");
    let json = compare(&sc, &out, &["--variant", "same: queues.uk.aht=3m"]);
    let whole = &variant(&json, "base")["figures"]["service"][2];
    assert_eq!(whole["queue"], "uk");
    assert_eq!(
        whole["parts"],
        serde_json::json!(["uk@karachi", "uk@lahore"])
    );
    let csv = Csv::read(&out.join("compare.csv"));
    let sl: Vec<&str> = (csv.header.iter())
        .filter(|h| h.starts_with("sl_"))
        .map(String::as_str)
        .collect();
    assert_eq!(sl, ["sl_uk@karachi", "sl_uk@lahore", "sl_uk"]);
    for row in &csv.rows {
        let got: f64 = row["sl_uk"].parse().unwrap();
        assert!((got - want).abs() < 1e-4, "{got} vs {want}");
    }
    let text = staffplan()
        .arg("compare")
        .arg(&sc)
        .arg("-o")
        .arg(dir.path().join("again"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("uk (all sites)"), "{text}");
}

#[test]
fn a_variant_cut_short_by_the_time_limit_says_so_in_compare_csv() {
    // As plans.rs's `a_search_cut_short_by_the_safety_stop_says_so`: the
    // Karachi week's LPs alone take seconds, so 1 s must cut its search;
    // the table used to say "ok" where its summary.json said so.
    let dir = tempdir();
    let out = dir.path().join("cmp");
    compare(
        Path::new("scenarios/karachi-247.yaml"),
        &out,
        &["--set", "what_if=[]", "--time-limit", "1s"],
    );
    let csv = Csv::read(&out.join("compare.csv"));
    assert_eq!(csv.rows.len(), 1);
    assert_eq!(csv.rows[0]["status"], "ok, cut short");
}
