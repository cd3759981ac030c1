use super::*;

/// One pool, UTC site, one day of hourly intervals, cyclic, no
/// shrinkage; one 4 h template starting 08:00 or 09:00 with a 30-minute
/// paid break 1h–2h after the start. The requirement CSV sits in `dir`.
fn scenario(dir: &Path, extra: &str) -> Scenario {
    scenario_of(dir, 1, extra)
}

fn scenario_of(dir: &Path, days: u32, extra: &str) -> Scenario {
    std::fs::write(dir.join("req.csv"), "start,agents\n2026-03-02 09:00,1\n").unwrap();
    let text = format!(
        r#"name: checker test
site: {{timezone: UTC, start: 2026-03-02, days: {days}, interval: 1h}}
shrinkage: {{total: 0}}
pools:
  - {{id: p, requirement: {{csv: req.csv}}}}
shifts:
  templates:
    - {{name: four, paid: 4h, length: 4h, starts: ["08:00", "09:00"], breaks: [{{length: 30m, paid: true, window: "1h-2h"}}]}}
{extra}"#
    );
    Scenario::from_text(&dir.join("t.yaml"), &text, &[]).unwrap()
}

const HEAD: &str =
    "interval_start_utc,interval_start_site,pool,required_gross,scheduled,on_floor,surplus\n";

/// The three files: `shifts` rows, and coverage from `on_floor(hour)`
/// with scheduled = 2 from 08:00 to 12:00 (two agents on the row).
fn write(dir: &Path, shifts: &str, floor: impl Fn(u32) -> f64, scheduled: impl Fn(u32) -> f64) {
    let mut req = String::from("interval_start_utc,interval_start_site,pool,erlangs,required_net,required_gross,required_net_raw,required_gross_raw\n");
    let mut cov = String::from(HEAD);
    for h in 0..24 {
        let r = if h == 9 { 1 } else { 0 };
        req += &format!("2026-03-02T{h:02}:00Z,2026-03-02T{h:02}:00Z,p,{r},{r},{r},{r},{r}\n");
        let (s, f) = (scheduled(h), floor(h));
        cov += &format!(
            "2026-03-02T{h:02}:00Z,2026-03-02T{h:02}:00Z,p,{r},{s},{f},{}\n",
            f - f64::from(r)
        );
    }
    std::fs::write(dir.join("pool_requirements.csv"), req).unwrap();
    std::fs::write(dir.join("coverage.csv"), cov).unwrap();
    std::fs::write(
        dir.join("shifts.csv"),
        format!("template,day,start_site,end_site,breaks,agents,paid_hours,cost,pool\n{shifts}"),
    )
    .unwrap();
}

fn two_agents_at_8(h: u32) -> f64 {
    if (8..12).contains(&h) {
        2.0
    } else {
        0.0
    }
}

/// Two agents 08:00–12:00 with breaks 09:30–10:00: each break takes half
/// of the 09:00 hour, so 09:00 has 2 − 2 × 0.5 = 1 on the floor.
fn good_floor(h: u32) -> f64 {
    match h {
        9 => 1.0,
        _ => two_agents_at_8(h),
    }
}

const GOOD: &str = "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:30-10:00,2,8,8,p\n";

#[test]
fn a_correct_plan_passes() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path(), "");
    write(dir.path(), GOOD, good_floor, two_agents_at_8);
    let r = check_outputs(dir.path(), &sc).unwrap();
    assert!(r.passed(), "{r}");
    assert_eq!((r.shift_rows, r.agent_shifts, r.paid_hours), (1, 2, 8.0));
    assert_eq!(r.on_floor["p"][9], 1.0);
    assert_eq!(r.pool_intervals, 24);
}

#[test]
fn a_break_outside_its_window_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path(), "");
    // 10:30 is 2h30m after the 08:00 start; the window is 1h–2h.
    let row = "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,10:30-11:00,2,8,8,p\n";
    let floor = |h: u32| if h == 10 { 1.0 } else { two_agents_at_8(h) };
    write(dir.path(), row, floor, two_agents_at_8);
    let r = check_outputs(dir.path(), &sc).unwrap();
    assert_eq!(r.violations.len(), 1, "{r}");
    let v = &r.violations[0];
    assert_eq!(v.rule, Rule::BreakWindow);
    assert!(v.found.contains("2h30m after the start"), "{v}");
    assert_eq!(v.at, "shifts.csv line 2");
}

/// One agent 08:00–12:00 with a break 09:00–09:30: 0.5 on the floor at
/// 09:00 against 1 required, 0.5 agent-hours short.
fn one_short(extra: &str) -> CheckReport {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path(), extra);
    let row = "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:00-09:30,1,4,4,p\n";
    let scheduled = |h: u32| two_agents_at_8(h) / 2.0;
    let floor = |h: u32| if h == 9 { 0.5 } else { scheduled(h) };
    write(dir.path(), row, floor, scheduled);
    check_outputs(dir.path(), &sc).unwrap()
}

#[test]
fn shortfall_is_a_violation_under_hard_coverage_only() {
    let hard = one_short("");
    assert_eq!(hard.violations.len(), 1, "{hard}");
    let v = &hard.violations[0];
    assert_eq!(
        (v.rule, v.site_time.as_deref()),
        (Rule::Uncovered, Some("2026-03-02T09:00+00:00"))
    );
    assert_eq!(v.found, "0.5 on the floor");
    let soft = one_short("  coverage: soft\n  shortfall_penalty: 10\n");
    assert!(soft.passed(), "{soft}");
    assert_eq!(soft.shortfall_agent_hours, 0.5);
    assert_eq!(
        soft.shortfall,
        vec![Short {
            pool: "p".into(),
            site_time: "2026-03-02T09:00+00:00".into(),
            required: 1.0,
            on_floor: 0.5
        }]
    );
}

#[test]
fn a_wrong_on_floor_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path(), "");
    // The file claims 2 on the floor at 09:00 as if the break did not count.
    write(dir.path(), GOOD, two_agents_at_8, two_agents_at_8);
    let r = check_outputs(dir.path(), &sc).unwrap();
    let v = r.of(Rule::OnFloor);
    assert_eq!(v.len(), 1, "{r}");
    assert_eq!(v[0].site_time.as_deref(), Some("2026-03-02T09:00+00:00"));
    assert!(v[0].expected.starts_with("on_floor 1 "), "{}", v[0]);
    assert_eq!(v[0].found, "2");
    assert_eq!(v[0].at, "coverage.csv line 11");
}

#[test]
fn every_shift_rule_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path(), "");
    let rows = [
        // Unknown template.
        "five,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:30-10:00,1,4,4,p",
        // Start 08:30 is not a template start; length 3h30m.
        "four,2026-03-02,2026-03-02T08:30Z,2026-03-02T12:00Z,09:30-10:00,1,4,4,p",
        // Agents 0; agents 1.5.
        "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:30-10:00,0,0,0,p",
        "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:30-10:00,1.5,6,6,p",
        // Paid hours 5 for one agent; break marked unpaid and 45 minutes long.
        "four,2026-03-02,2026-03-02T08:00Z,2026-03-02T12:00Z,09:00-09:45 unpaid,1,5,4,p",
        // No break listed; unknown pool.
        "four,2026-03-02,2026-03-02T09:00Z,2026-03-02T13:00Z,,1,4,4,p",
        "four,2026-03-02,2026-03-02T09:00Z,2026-03-02T13:00Z,10:00-10:30,1,4,4,q",
        // A start stamp not in site time (UTC+1 for a UTC site).
        "four,2026-03-02,2026-03-02T10:00+01:00,2026-03-02T13:00Z,10:00-10:30,1,4,4,p",
    ];
    write(dir.path(), &(rows.join("\n") + "\n"), |_| 0.0, |_| 0.0);
    let r = check_outputs(dir.path(), &sc).unwrap();
    let rules: Vec<(Rule, &str)> = r
        .violations
        .iter()
        .filter(|v| v.at.starts_with("shifts.csv"))
        .map(|v| (v.rule, v.at.as_str()))
        .collect();
    assert_eq!(
        rules,
        vec![
            (Rule::UnknownTemplate, "shifts.csv line 2"),
            (Rule::StartTime, "shifts.csv line 3"),
            (Rule::Length, "shifts.csv line 3"),
            (Rule::Agents, "shifts.csv line 4"),
            (Rule::Agents, "shifts.csv line 5"),
            (Rule::PaidHours, "shifts.csv line 6"),
            (Rule::BreakPaid, "shifts.csv line 6"),
            (Rule::BreakLength, "shifts.csv line 6"),
            (Rule::Breaks, "shifts.csv line 7"),
            (Rule::Pool, "shifts.csv line 8"),
            (Rule::Offset, "shifts.csv line 9"),
        ],
        "{r}"
    );
}

#[test]
fn a_wrong_requirement_a_missing_interval_and_a_cap_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path(), "  max_starts_per_slot: 1\n");
    write(dir.path(), GOOD, good_floor, two_agents_at_8);
    // Drop the 23:00 row and say 09:00 needs 0.
    let cov = std::fs::read_to_string(dir.path().join("coverage.csv")).unwrap();
    let cov: Vec<&str> = cov
        .lines()
        .filter(|l| !l.starts_with("2026-03-02T23"))
        .collect();
    let cov = cov
        .join("\n")
        .replace("T09:00Z,p,1,2,1,0", "T09:00Z,p,0,2,1,1");
    std::fs::write(dir.path().join("coverage.csv"), cov + "\n").unwrap();
    let r = check_outputs(dir.path(), &sc).unwrap();
    let rules: Vec<Rule> = r.violations.iter().map(|v| v.rule).collect();
    assert_eq!(
        rules,
        vec![Rule::Required, Rule::Grid, Rule::TripCap],
        "{r}"
    );
    assert_eq!(r.of(Rule::TripCap)[0].found, "2");
}

#[test]
fn a_shift_wraps_over_the_end_of_a_cyclic_horizon() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path(), "");
    let c = Checker::new(&sc);
    let mut acc = vec![0.0; 24];
    let t = |m: i64| c.start + Duration::minutes(m);
    // 22:30 to 02:30, 2 agents: half of 22:00, all of 23:00, 00:00 (wrapped),
    // 01:00, half of 02:00.
    c.add_span(&mut acc, t(22 * 60 + 30), t(26 * 60 + 30), 2.0);
    assert_eq!(&acc[0..3], &[2.0, 2.0, 1.0]);
    assert_eq!(&acc[22..24], &[1.0, 2.0]);
    assert_eq!(acc.iter().sum::<f64>(), 8.0);
    // Not cyclic: clipped at the horizon's end, 1 + 2 agent-hours.
    let mut flat = sc.clone();
    flat.site.cyclic = false;
    let c = Checker::new(&flat);
    let mut acc = vec![0.0; 24];
    c.add_span(&mut acc, t(22 * 60 + 30), t(26 * 60 + 30), 2.0);
    assert_eq!(acc.iter().sum::<f64>(), 3.0);
}

#[test]
fn shifts_that_do_not_split_into_tours_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    let week = "  week: {work_days: 5, days_off: consecutive}\n";
    let sc = scenario_of(dir.path(), 7, week);
    let mut c = Checker::new(&sc);
    let start = c.start;
    let row = |day: usize, start_min: u32, agents: u32| Row {
        pool: 0,
        template: 0,
        day,
        start_min,
        start: start + Duration::minutes(day as i64 * 1440 + i64::from(start_min)),
        agents,
    };
    // 08:00: one agent Mon–Fri, a whole tour. 09:00: one agent Mon, Wed,
    // Thu, Fri, Sat (days off Tue and Sun, not together).
    c.rows = (0..5).map(|d| row(d, 480, 1)).collect();
    c.rows.extend([0, 2, 3, 4, 5].map(|d| row(d, 540, 1)));
    c.tours();
    let v = &c.report.violations;
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].rule, Rule::Tours);
    assert!(
        v[0].expected
            .starts_with("template `four` at 09:00, week of 2026-03-02"),
        "{}",
        v[0]
    );
    assert_eq!(v[0].found, "[1, 0, 1, 1, 1, 1, 0]");
}

#[test]
fn the_end_cap_counts_ends_wrapped_as_the_cover_is() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario(dir.path(), "  max_ends_per_slot: 2\n");
    let mut c = Checker::new(&sc);
    let start = c.start;
    let row = |start_min: u32, agents: u32| Row {
        pool: 0,
        template: 0,
        day: 0,
        start_min,
        start: start + Duration::minutes(i64::from(start_min)),
        agents,
    };
    // 4 h shifts: two rows starting 22:00 (2 + 1 agents) end at 02:00 of
    // the next day, which the one-day cyclic horizon wraps to its own
    // 02:00; two agents end at 12:00, at the cap, not over it.
    c.rows = vec![row(1320, 2), row(1320, 1), row(480, 2)];
    c.trip_caps();
    let v = &c.report.violations;
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].rule, Rule::TripCap);
    assert_eq!(v[0].site_time.as_deref(), Some("2026-03-02T02:00+00:00"));
    assert_eq!(v[0].found, "3");
    assert!(v[0].expected.contains("max_ends_per_slot = 2"), "{}", v[0]);
    // Not cyclic: the same ends fall on the next day.
    let mut flat = sc.clone();
    flat.site.cyclic = false;
    let mut c = Checker::new(&flat);
    c.rows = vec![row(1320, 2), row(1320, 1), row(480, 2)];
    c.trip_caps();
    let v = &c.report.violations;
    assert_eq!(v[0].site_time.as_deref(), Some("2026-03-03T02:00+00:00"));
}
