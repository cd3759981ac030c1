//! The roster through the binary: a staff list that fits gives roster.csv
//! (header as docs/spec.md, one row per agent per working day, checked); one
//! agent short gives exit 3 naming the shifts and the binding rule, and
//! writes nothing.

use staffplan::checker::check_outputs;
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

fn setup(staff: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempdir();
    let mut req = String::from("start,agents\n");
    for d in 2..9 {
        for h in 0..24 {
            req += &format!(
                "2026-03-{d:02} {h:02}:00,{}\n",
                u32::from((8..16).contains(&h))
            );
        }
    }
    write_file(dir.path(), "req.csv", &req);
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
         end_date_site,end_time_site,breaks,shift,night"
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
            "the roster cannot staff 5 planned shift(s) under the hard rules",
        ))
        .stderr(predicates::str::contains(
            "pool p has 1 agent(s) and needs 2 that week; 1 are on other shifts: too few agents",
        ));
    assert!(!out.exists(), "nothing is written");
}
