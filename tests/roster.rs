//! The roster through the binary: a staff list that fits gives roster.csv
//! (header as docs/spec.md, one row per agent per working day, checked); one
//! agent short gives exit 3 naming the intervals and the staff, and writes
//! nothing; the plan keeps to what the staff can work (nights, a fixed head
//! count).

use staffplan::checker::{check_outputs, Rule};
use staffplan::Scenario;

use crate::common::{staffplan, tempdir, write_file, write_scenario, Csv};

/// One pool in UTC for a week, one agent needed 08:00–16:00 every day,
/// 8 h day shifts in weekly tours of 5 days with 2 consecutive days off.
/// Seven agent-days need at least two tours (one covers five days), and two
/// suffice: the plan has two tours, so the roster needs two people.
const SCENARIO: &str = r#"name: roster test
site: {timezone: UTC, start: 2026-03-02, days: 7, interval: 1h}
shrinkage: {total: 0}
pools:
  - {id: p, requirement: {csv: req.csv}}
shifts:
  templates:
    - {name: day, paid: 8h, length: 8h, starts: "08:00"}
  week: {work_days: 5, days_off: consecutive}
agents: {csv: staff.csv}
"#;

/// [`SCENARIO`]'s requirement over `days` days from 2026-03-02: one agent
/// 08:00–16:00 every day.
fn eight_to_four(days: u32) -> String {
    let mut req = String::from("start,agents\n");
    for d in 2..2 + days {
        for h in 0..24 {
            req += &format!(
                "2026-03-{d:02} {h:02}:00,{}\n",
                u32::from((8..16).contains(&h))
            );
        }
    }
    req
}

fn setup(staff: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempdir();
    write_file(dir.path(), "req.csv", &eight_to_four(7));
    write_file(dir.path(), "staff.csv", staff);
    let scenario = write_scenario(dir.path(), SCENARIO);
    (dir, scenario)
}

#[test]
fn two_people_staff_the_week() {
    let (dir, scenario) = setup("id,name,pool,days_off_preference\nS1,Ann,p,sat-sun\nS2,Bob,p,\n");
    let out = dir.path().join("out");
    staffplan()
        .args(["plan"])
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "roster: 2 agents (2 working), weekly tours",
        ));
    let text = std::fs::read_to_string(out.join("roster.csv")).expect("roster.csv");
    let csv = Csv::parse(&text);
    assert_eq!(
        csv.header.join(","),
        "agent_id,agent_name,pool,date_site,start_site,start_time_site,end_site,\
         end_date_site,end_time_site,breaks,shift,night,late"
    );
    // 7 days covered once plus 3 days twice: 10 rows, 5 per person.
    assert_eq!(csv.rows.len(), 10);
    for id in ["S1", "S2"] {
        assert_eq!(csv.rows.iter().filter(|r| r["agent_id"] == id).count(), 5);
    }
    // Ann prefers Saturday and Sunday off: where one tour is off then, it
    // costs nothing to give it to her.
    let weekend = |id: &str| {
        csv.rows.iter().any(|r| {
            r["agent_id"] == id && ["2026-03-07", "2026-03-08"].contains(&r["date_site"].as_str())
        })
    };
    if !weekend("S2") || !weekend("S1") {
        assert!(!weekend("S1"), "{text}");
    }
    let sc = Scenario::load(&scenario, &[]).expect("scenario");
    let report = check_outputs(&out, &sc).expect("outputs");
    assert!(report.passed(), "{report}");
    assert_eq!((report.roster_rows, report.roster_agents), (10, 2));
}

#[test]
fn one_agent_short_exits_3_with_the_diagnosis() {
    // The plan keeps to the staff list: one person cannot work the two tours
    // the week needs, so the plan itself is infeasible and says why.
    let (dir, scenario) = setup("id,name,pool\nS1,Ann,p\n");
    let out = dir.path().join("out");
    staffplan()
        .args(["plan"])
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "    Sat 2026-03-07  08:00–16:00 1\n",
        ))
        .stderr(predicates::str::contains(
            "why: everyone who could work the shifts that cover it is already planned",
        ));
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn contract_hours_no_tour_fits_are_warned_and_counted() {
    // Three people of 32 contract hours; every tour is 5 days × 8 h = 40 h
    // paid, so none of them can work, and the week needs 2 (7 days in
    // 5-day tours).
    let (dir, scenario) =
        setup("id,name,pool,contract_hours\nS1,Ann,p,32\nS2,Bob,p,32\nS3,Cem,p,32\n");
    staffplan()
        .arg("check")
        .arg(&scenario)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "warning: staff.csv: 3 people of pool p have contract_hours 32, below every tour the templates offer them (the shortest is 40 h paid a week)",
        ));
    staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "needs at least 2 agents able to work these tours (nobody on the staff list can; 3 people with nights_ok: yes, contract_hours 32 can work no tour of the pool), the staff list has 0 (2 short;",
        ));
    // Two full-timers plan the week; the plan repeats the warning for the
    // one person it cannot use.
    write_file(
        dir.path(),
        "staff.csv",
        "id,name,pool,contract_hours\nS1,Ann,p,40\nS2,Bob,p,40\nS3,Cem,p,32\n",
    );
    staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(dir.path().join("out2"))
        .assert()
        .success()
        .stdout(predicates::str::contains("roster: 3 agents (2 working)"))
        .stdout(predicates::str::contains(
            "warning: staff.csv: 1 person of pool p has contract_hours 32, below every tour",
        ));
}

/// One agent needed 20:00–24:00 every day of a UTC week. Two templates
/// cover it: `evening` (16:00–24:00, 8 h paid, 2 h in the night window
/// 22:00–06:00, so not a night) and `night` (20:00–03:00, 7 h paid, 5 h in
/// the window: a night shift), both in weekly tours of 5 days with
/// consecutive days off. Two tours are needed (one covers 5 of 7 days);
/// with nobody's limits the cheapest are two night tours: 2 × 5 × 7 = 70 h.
fn night_case(agents: &str, coverage: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    night_case_needing(agents, coverage, |h| u32::from(h >= 20))
}

/// [`night_case`] with `need(h)` agents needed at hour h of every day.
fn night_case_needing(
    agents: &str,
    coverage: &str,
    need: impl Fn(u32) -> u32,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempdir();
    let mut req = String::from("start,agents\n");
    for d in 2..9 {
        for h in 0..24 {
            req += &format!("2026-03-{d:02} {h:02}:00,{}\n", need(h));
        }
    }
    write_file(dir.path(), "req.csv", &req);
    let scenario = write_scenario(
        dir.path(),
        &format!(
            r#"name: night staff
site: {{timezone: UTC, start: 2026-03-02, days: 7, interval: 1h}}
shrinkage: {{total: 0}}
pools:
  - {{id: p, requirement: {{csv: req.csv}}}}
shifts:
  templates:
    - {{name: evening, paid: 8h, length: 8h, starts: "16:00"}}
    - {{name: night, paid: 7h, length: 7h, starts: "20:00"}}
  week: {{work_days: 5, days_off: consecutive}}
{coverage}agents: {agents}
"#
        ),
    );
    (dir, scenario)
}

/// Paid hours per template in shifts.csv.
fn hours_by_template(out: &std::path::Path) -> std::collections::BTreeMap<String, f64> {
    let text = std::fs::read_to_string(out.join("shifts.csv")).expect("shifts.csv");
    let mut hours = std::collections::BTreeMap::new();
    for row in Csv::parse(&text).rows {
        *hours.entry(row["template"].clone()).or_default() +=
            row["paid_hours"].parse::<f64>().expect("paid_hours");
    }
    hours
}

/// [`night_case`] with the staff list `staff`, planned: the folder, the
/// scenario and the plan's output folder.
fn planned_with_staff(staff: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (dir, scenario) = night_case("{csv: staff.csv}", "");
    write_file(dir.path(), "staff.csv", staff);
    let out = dir.path().join("out");
    staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    (dir, scenario, out)
}

#[test]
fn the_plan_keeps_to_the_night_capable_staff() {
    // Two people, only Ann may work nights: at most one night tour, so one
    // night tour (35 h) and one evening tour (40 h) = 75 h, and the roster
    // puts Ann on the nights. Without the staff's limit in the plan, it
    // planned two night tours and the roster failed (exit 3).
    let (_dir, scenario, out) =
        planned_with_staff("id,name,pool,nights_ok\nS1,Ann,p,yes\nS2,Bob,p,no\n");
    assert_eq!(
        hours_by_template(&out),
        [("evening".to_string(), 40.0), ("night".to_string(), 35.0)].into()
    );
    let roster = Csv::parse(&std::fs::read_to_string(out.join("roster.csv")).expect("roster"));
    assert!(roster
        .rows
        .iter()
        .all(|r| (r["shift"] == "night") == (r["agent_id"] == "S1")));
    let sc = Scenario::load(&scenario, &[]).expect("scenario");
    let report = check_outputs(&out, &sc).expect("outputs");
    assert!(report.passed(), "{report}");
}

#[test]
fn with_no_night_capable_staff_the_plan_says_who_is_missing() {
    // Nobody may work nights: two evening tours (80 h) still cover it.
    let (dir, scenario, out) =
        planned_with_staff("id,name,pool,nights_ok\nS1,Ann,p,no\nS2,Bob,p,no\n");
    assert_eq!(
        hours_by_template(&out),
        [("evening".to_string(), 80.0)].into()
    );
    // One person cannot cover 7 days in 5-day tours: the plan itself is
    // infeasible, and the diagnosis names the staff.
    write_file(
        dir.path(),
        "staff.csv",
        "id,name,pool,nights_ok\nS1,Ann,p,yes\n",
    );
    staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(dir.path().join("out2"))
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "everyone who could work the shifts that cover it is already planned",
        ))
        // 7 days of one agent in 5-day tours: 7/5 = 1.4, so 2 people.
        .stderr(predicates::str::contains(
            "the staff is too few: p in the week from Mon 2026-03-02: covering every interval needs at least 2 agents, the staff list has 1 (1 short;",
        ));
}

/// [`night_case`]'s templates, two agents needed 20:00–24:00 and one
/// 00:00–03:00 every day (the latter only the night shift, 20:00–03:00,
/// covers; its Sunday shift covers Monday's early hours, the week
/// repeating). Planned with the staff list `staff` in staff.csv: the
/// folder, the scenario and the output folder, and the command's result.
fn two_evening_one_night(
    staff: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    assert_cmd::assert::Assert,
) {
    let (dir, scenario) = night_case_needing("{csv: staff.csv}", "", |h| match h {
        20..=23 => 2,
        0..=2 => 1,
        _ => 0,
    });
    write_file(dir.path(), "staff.csv", staff);
    let out = dir.path().join("out");
    let assert = staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert();
    (dir, scenario, assert)
}

#[test]
fn few_night_capable_people_shape_the_plan_and_are_rostered_on_the_nights() {
    // By hand: 00:00–03:00 needs a night shift on each of 7 days, so two
    // night tours at least (5 nights each). With no limit, three night
    // tours (3 × 35 h = 105 h) give the 14 agent-evenings 20:00–24:00
    // needs. Only S1 and S2 may work nights: two night tours (70 h, 10
    // evenings) leave 4 evenings to one evening tour (40 h): 110 h, and
    // no plan with two night tours pays less (each evening tour is 40 h).
    let (dir, scenario, assert) = two_evening_one_night(
        "id,name,pool,nights_ok\nS1,Ann,p,yes\nS2,Bob,p,yes\nS3,Cem,p,no\nS4,Dan,p,no\n",
    );
    assert.success();
    let out = dir.path().join("out");
    assert_eq!(
        hours_by_template(&out),
        [("evening".to_string(), 40.0), ("night".to_string(), 70.0)].into()
    );
    let roster = Csv::parse(&std::fs::read_to_string(out.join("roster.csv")).expect("roster"));
    assert_eq!(roster.rows.len(), 15, "three tours of five days");
    assert!(roster
        .rows
        .iter()
        .all(|r| (r["shift"] == "night") == ["S1", "S2"].contains(&r["agent_id"].as_str())));
    let sc = Scenario::load(&scenario, &[]).expect("scenario");
    let report = check_outputs(&out, &sc).expect("outputs");
    assert!(report.passed(), "{report}");
}

#[test]
fn one_night_capable_person_too_few_names_the_night_limit() {
    // By hand: 7 nights of one agent 00:00–03:00, only night shifts cover
    // it, 5 nights a person: 7/5 = 1.4, so 2 night-capable people; the
    // list has 1 (and 4 in all, enough for the evenings).
    let (_dir, _scenario, assert) = two_evening_one_night(
        "id,name,pool,nights_ok\nS1,Ann,p,yes\nS2,Bob,p,no\nS3,Cem,p,no\nS4,Dan,p,no\n",
    );
    assert.code(3).stderr(predicates::str::contains(
        "the staff is too few: p in the week from Mon 2026-03-02: covering every interval needs at least 2 night-capable agents (nights_ok: yes), the staff list has 1 (1 short;",
    ));
}

#[test]
fn a_fixed_head_count_caps_the_plan_and_its_figures() {
    // agents: {count: 1} under soft coverage: one tour at most. The
    // cheapest one (a night tour, 35 h) covers 5 of the 7 days; 2 days × 4 h
    // stay short. The headline counts the one person, and no shift is open.
    let (dir, scenario) = night_case("{count: 1}", "  coverage: soft\n  shortfall_penalty: 50\n");
    let out = dir.path().join("out");
    staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("headcount 1 "))
        .stdout(predicates::str::contains("roster: 1 agents (1 working)"));
    assert_eq!(
        hours_by_template(&out),
        [("night".to_string(), 35.0)].into()
    );
}

/// Plan `scenario` into `dir`/out, which must roster two agents: the
/// output folder and its roster.csv.
fn plan_two_agents(dir: &std::path::Path, scenario: &std::path::Path) -> (std::path::PathBuf, Csv) {
    let out = dir.join("out");
    staffplan()
        .args(["plan"])
        .arg(scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("roster: 2 agents (2 working)"));
    let csv = Csv::read(&out.join("roster.csv"));
    (out, csv)
}

/// Two weeks: the first as above (one agent 08:00–16:00 every day: two
/// 5-day tours at least), the second with nobody needed. The pool employs
/// its agents for the horizon, so the second week has the first week's two
/// agents too (before, it had none and the roster hired for one week):
/// two people, each working 5 days a week, 2 × 2 × 5 × 8 h = 160 paid
/// hours, and no plan of two weeks can pay less, so the bound is 160 too.
#[test]
fn the_same_agents_work_every_week() {
    let dir = tempdir();
    let mut req = String::from("start,agents\n");
    for day in 0..14 {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date")
            + chrono::Duration::days(day);
        for h in 0..24 {
            let needed = u32::from(day < 7 && (8..16).contains(&h));
            req += &format!("{date} {h:02}:00,{needed}\n");
        }
    }
    write_file(dir.path(), "req.csv", &req);
    let yaml = SCENARIO
        .replace("days: 7", "days: 14")
        .replace("agents: {csv: staff.csv}\n", "");
    let scenario = write_scenario(dir.path(), &yaml);
    let (out, csv) = plan_two_agents(dir.path(), &scenario);
    let ids: std::collections::BTreeSet<&str> =
        csv.rows.iter().map(|r| r["agent_id"].as_str()).collect();
    assert_eq!(ids.len(), 2);
    for id in ids {
        for week in ["2026-03-0", "2026-03-1"] {
            let days = csv
                .rows
                .iter()
                .filter(|r| r["agent_id"] == id)
                .filter(|r| {
                    let d = &r["date_site"];
                    (d.as_str() < "2026-03-09") == (week == "2026-03-0")
                })
                .count();
            assert_eq!(days, 5, "{id} in the week of {week}");
        }
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("json"))
            .expect("summary.json");
    assert_eq!(summary["plan"]["paid_hours"], 160.0);
    assert_eq!(summary["plan"]["lp_bound"], 160.0);
    let sc = Scenario::load(&scenario, &[]).expect("scenario");
    let report = check_outputs(&out, &sc).expect("outputs");
    assert!(report.passed(), "{report}");
}

/// Two weeks of nights (UTC, not repeating): one agent 22:00–06:00 from
/// Wednesday to Sunday of week 1 (days 2–6) and from Monday to Friday of
/// week 2 (days 7–11), 8 h night shifts at 22:00 in 5-day tours, at most
/// 5 nights in a row. Each week's requirement needs exactly one tour (its
/// five nights), and no one person can work both (nights 2–11 would be 10
/// in a row), so by hand the least head count is 2. Both are employed for
/// the two weeks, so each works 5 nights in each week (before, each
/// worked one week and was paid for it alone: 80 paid hours for two
/// people): 2 × 2 × 5 × 8 h = 160 paid hours. The agent of days 2–6 can
/// only take nights from day 8 on (day 7 off ends the run at 5), the
/// agent of days 7–11 only nights ending by day 5 (day 6 off), and the
/// independent checker confirms rest and nights in a row across the
/// weeks.
#[test]
fn the_same_agents_work_both_weeks_when_the_rules_force_two() {
    let dir = tempdir();
    let mut req = String::from("start,agents\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    for day in 0..14 {
        let date = start + chrono::Duration::days(day);
        for h in 0..24 {
            let evening = (2..12).contains(&day) && h >= 22;
            let morning = (3..13).contains(&day) && h < 6;
            req += &format!("{date} {h:02}:00,{}\n", u32::from(evening || morning));
        }
    }
    write_file(dir.path(), "req.csv", &req);
    let yaml = r#"name: two weeks of nights
site: {timezone: UTC, start: 2026-03-02, days: 14, interval: 1h, cyclic: false}
shrinkage: {total: 0}
pools:
  - {id: p, requirement: {csv: req.csv}}
shifts:
  templates:
    - {name: night, paid: 8h, length: 8h, starts: "22:00"}
  week: {work_days: 5, days_off: any}
rules: {min_rest: 12h, max_consecutive_nights: 5, max_consecutive_days: 6}
"#;
    let scenario = write_scenario(dir.path(), yaml);
    let (out, csv) = plan_two_agents(dir.path(), &scenario);
    let mut days: std::collections::BTreeMap<&str, Vec<i64>> = Default::default();
    for r in &csv.rows {
        let date = chrono::NaiveDate::parse_from_str(&r["date_site"], "%Y-%m-%d").expect("date");
        days.entry(r["agent_id"].as_str())
            .or_default()
            .push((date - start).num_days());
    }
    assert_eq!(days.len(), 2);
    for (id, worked) in &days {
        let weeks = [0, 1].map(|w| worked.iter().filter(|&&d| d / 7 == w).count());
        assert_eq!(weeks, [5, 5], "{id}: {worked:?}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("json"))
            .expect("summary.json");
    assert_eq!(summary["plan"]["paid_hours"], 160.0);
    assert_eq!(summary["plan"]["headcount"], 2);
    let sc = Scenario::load(&scenario, &[]).expect("scenario");
    let report = check_outputs(&out, &sc).expect("outputs");
    assert!(report.passed(), "{report}");
    // The checker sees the rules across the weeks on its own: give the
    // agent of Sunday's night (day 6) the other's second week (nights
    // 7–11), and they work nights 2–11, 10 in a row.
    let sunday = csv
        .rows
        .iter()
        .find(|r| r["date_site"] == "2026-03-08")
        .map(|r| r["agent_id"].clone())
        .expect("Sunday's night is worked");
    let other = days.keys().find(|id| **id != sunday).expect("two agents");
    let text = std::fs::read_to_string(out.join("roster.csv")).expect("roster.csv");
    let swapped: String = text
        .lines()
        .map(|line| {
            let week_2 = line.split(',').nth(3).is_some_and(|d| d >= "2026-03-09");
            let swap =
                |from: &str, to: &str| line.replacen(&format!("{from},"), &format!("{to},"), 1);
            match line.split(',').next() {
                Some(id) if week_2 && id == sunday => swap(&sunday, other),
                Some(id) if week_2 && id == *other => swap(other, &sunday),
                _ => line.to_string(),
            }
        })
        .map(|line| line + "\n")
        .collect();
    std::fs::write(out.join("roster.csv"), swapped).expect("write roster.csv");
    let report = check_outputs(&out, &sc).expect("outputs");
    let nights = report.of(Rule::ConsecutiveNights);
    assert_eq!(nights.len(), 1, "{report}");
    assert_eq!(
        nights[0].expected,
        format!("agent {sunday}: at most 5 nights in a row"),
        "{report}"
    );
    assert_eq!(nights[0].found, "10 from that day", "{report}");
    assert_eq!(
        nights[0].site_time.as_deref(),
        Some("2026-03-04"),
        "{report}"
    );
}

#[test]
fn a_limit_other_than_nights_is_named_by_the_staff_csv_columns() {
    // By hand: one agent 16:00–24:00 every day; 16:00–20:00 only the
    // evening shift (16:00–24:00, not a night) covers. Ann may work nights
    // but starts no earlier than 17:00, so only the night shift; Bob may
    // not work nights, so only the evening. Seven evenings at five a
    // person need 7/5 → 2 people able to work evenings; only Bob is.
    let (dir, scenario) = night_case_needing("{csv: staff.csv}", "", |h| u32::from(h >= 16));
    write_file(
        dir.path(),
        "staff.csv",
        "id,name,pool,nights_ok,earliest_start\nS1,Ann,p,yes,17:00\nS2,Bob,p,no,\n",
    );
    staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "covering every interval needs at least 2 agents with nights_ok: no, the staff list has 1 (1 short;",
        ))
        .stderr(predicates::boolean::PredicateBooleanExt::not(
            predicates::str::contains("night-capable"),
        ));
}

#[test]
fn a_count_too_small_for_every_week_of_a_longer_horizon_is_named_per_week() {
    // One agent needed 08:00–16:00 every day of two weeks, in 5-day tours
    // of one 8 h shift: each week needs 7/5 = 1.4, so 2 people, and
    // `agents.count: 1` is 1 short in both weeks. The proof for one week
    // used to be lost under the other week's cap ("no staff limit is
    // proven too short").
    let dir = tempdir();
    write_file(dir.path(), "req.csv", &eight_to_four(14));
    let scenario = write_scenario(
        dir.path(),
        &SCENARIO
            .replace("days: 7", "days: 14")
            .replace("agents: {csv: staff.csv}", "agents: {count: 1}"),
    );
    let assert = staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(3);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for week in ["Mon 2026-03-02", "Mon 2026-03-09"] {
        assert!(
            err.contains(&format!("the staff is too few: p in the week from {week}: covering every interval needs at least 2 agents, its share of agents.count is 1 (1 short;")),
            "{err}"
        );
    }
    assert!(!err.contains("no staff limit is proven"), "{err}");
}

/// `agents: {count: 10}` on [`SCENARIO`]'s week, which two 5-day tours
/// cover (7 agent-days; one tour works 5): the plan employs 2, so 8 are
/// left without a shift, and the terminal, summary.json (`plan.notes`) and
/// report.html say so with the same words, beside the count's split
/// caveat; the run still succeeds (exit 0).
#[test]
fn a_count_far_above_the_plan_says_how_many_have_no_shift() {
    let dir = tempdir();
    write_file(dir.path(), "req.csv", &eight_to_four(7));
    let yaml = SCENARIO.replace("agents: {csv: staff.csv}", "agents: {count: 10}");
    let scenario = write_scenario(dir.path(), &yaml);
    let out = dir.path().join("out");
    let run = staffplan()
        .args(["plan"])
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(0));
    let stdout = String::from_utf8(run.stdout).expect("UTF-8");
    let idle = "agents.count is 10, the plan employs 2: 8 agents have no shift in roster.csv and are not in the cost or FTE";
    let split = "the bound holds for this split of the count, not for every way to divide it";
    let json = std::fs::read_to_string(out.join("summary.json")).expect("summary.json");
    let summary: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let notes = summary["plan"]["notes"].as_array().expect("plan.notes");
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    for words in [split, idle] {
        let note = (notes.iter().filter_map(|n| n.as_str()))
            .find(|n| n.contains(words))
            .unwrap_or_else(|| panic!("{words} not in {notes:?}"));
        assert!(stdout.contains(&format!("{note}\n")), "{stdout}");
        assert!(html.contains(&format!("<p>Note: {note}.</p>")), "{note}");
    }
}
