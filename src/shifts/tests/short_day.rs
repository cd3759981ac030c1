//! Half-day Saturdays (`week.short_day`): the 5½-day week against the
//! alternatives, worked out by hand on one agent's week.

use super::{agent_days_by_template, hourly, run, yaml, Run, WEEK};
use crate::checker::{check_outputs, Rule};

/// One agent 08:00–16:00 Monday to Friday and 08:00–12:00 on Saturday
/// (Monday 2026-03-02, UTC, hourly), nobody on Sunday: 44 agent-hours.
/// Every template starts at 08:00 with no breaks; `templates` is the YAML
/// list (indented four spaces), `costs` an optional `costs:` line.
fn saturday_morning(templates: &str, costs: &str) -> Run {
    let req = hourly(&WEEK, |d, h| {
        u32::from((d < 5 && (8..16).contains(&h)) || (d == 5 && (8..12).contains(&h)))
    });
    let text = yaml(
        "{timezone: UTC, start: 2026-03-02, days: 7, interval: 1h}",
        &format!("  templates:\n{templates}"),
    ) + costs;
    run(&text, &req)
}

const FIVE: &str =
    "    - {name: five, paid: 8h, length: 8h, starts: \"08:00\", week: {work_days: 5}}\n";
const SIX: &str =
    "    - {name: six, paid: 8h, length: 8h, starts: \"08:00\", week: {work_days: 6}}\n";
const HALF: &str = "    - {name: half, paid: 8h, length: 8h, starts: \"08:00\", week: {work_days: 6, short_day: {day: sat, paid: 4h, length: 4h}}}\n";

#[test]
fn the_five_and_a_half_day_week_is_chosen_at_its_paid_hours() {
    // One 5½-day agent works exactly the demand: 5 × 8 h + 4 h = 44 h.
    // Nothing cheaper exists: every paid hour covers at most one
    // agent-hour and 44 are needed (so the LP bound is 44 too). A 6-day
    // agent costs 6 × 8 = 48 h; 5-day agents need two for the 6 days
    // Monday–Saturday, 2 × 40 = 80 h.
    let r = saturday_morning(&format!("{FIVE}{SIX}{HALF}"), "");
    r.assert_optimal(44.0);
    assert!(
        (r.plan.lp_bound() - 44.0).abs() < 1e-6,
        "{}",
        r.plan.lp_bound()
    );
    assert_eq!(
        agent_days_by_template(&r),
        [("half".to_string(), 5), ("half-sat".to_string(), 1)].into()
    );
    let saturday: Vec<_> = r
        .shifts()
        .into_iter()
        .filter(|row| row["day"] == "2026-03-07")
        .collect();
    assert_eq!(saturday.len(), 1);
    assert_eq!(saturday[0]["start_site"], "2026-03-07T08:00Z");
    assert_eq!(saturday[0]["end_site"], "2026-03-07T12:00Z");
    assert_eq!(saturday[0]["paid_hours"], "4");
    // The alternatives alone, at their hand costs.
    saturday_morning(SIX, "").assert_optimal(48.0);
    saturday_morning(FIVE, "").assert_optimal(80.0);
}

#[test]
fn the_weekend_multiplier_prices_the_short_day_on_its_own_hours() {
    // 1 per hour, weekend hours × 1.5: the 5½-day week costs 40 + 4 × 1.5
    // = 46, the 6-day week 40 + 8 × 1.5 = 52.
    let costs = "costs: {hourly: 1, weekend_multiplier: 1.5}\n";
    let r = saturday_morning(&format!("{SIX}{HALF}"), costs);
    r.assert_optimal(46.0);
    saturday_morning(SIX, costs).assert_optimal(52.0);
}

#[test]
fn the_checker_refuses_a_short_day_longer_than_its_template() {
    let r = saturday_morning(HALF, "");
    assert!(r.report.passed(), "{}", r.report);
    let path = r.out.join("shifts.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let long = text.replace(
        "2026-03-07T12:00Z,2026-03-07,12:00,,1,4,4,p",
        "2026-03-07T13:00Z,2026-03-07,13:00,,1,5,5,p",
    );
    assert_ne!(long, text, "the Saturday row:\n{text}");
    std::fs::write(&path, long).unwrap();
    let report = check_outputs(&r.out, &r.staffed.scenario).unwrap();
    let saturday: Vec<Rule> = report
        .violations
        .iter()
        .filter(|v| v.at == "shifts.csv line 7")
        .map(|v| v.rule)
        .collect();
    assert_eq!(saturday, vec![Rule::Length, Rule::PaidHours], "{report}");
}

#[test]
fn the_checker_refuses_tours_that_skip_the_short_day() {
    // The agent's Saturday half day moved to a full Sunday: Monday–Friday
    // and Sunday split into one 6-day tour with Saturday off, but every
    // tour of `half` works its short Saturday (and `half` itself is not
    // worked on Saturdays, nor does it leave them off).
    let r = saturday_morning(HALF, "");
    let path = r.out.join("shifts.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let sunday =
        "half,2026-03-08,2026-03-08T08:00Z,08:00,2026-03-08T16:00Z,2026-03-08,16:00,,1,8,8,p";
    let moved: String = text
        .lines()
        .map(|l| {
            if l.starts_with("half-sat,") {
                sunday
            } else {
                l
            }
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, moved).unwrap();
    let report = check_outputs(&r.out, &r.staffed.scenario).unwrap();
    let tours: Vec<&str> = report
        .violations
        .iter()
        .filter(|v| v.rule == Rule::Tours)
        .map(|v| v.expected.as_str())
        .collect();
    assert_eq!(
        tours,
        vec!["template `half` at 08:00, week of 2026-03-02: agents per day that split into tours of 6 days with Consecutive days off, each working its short day (sat)"],
        "{report}"
    );
}
