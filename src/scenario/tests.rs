use std::path::{Path, PathBuf};

use chrono::Weekday;

use super::*;
use crate::yaml::Override;

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

const MINIMAL: &str = "name: t
site: {timezone: Asia/Karachi, start: 2026-03-02}
pools: [{id: p}]
queues:
  - id: q
    timezone: America/New_York
    pool: p
    aht: 6m
    service_level: 80/20
    forecast: {weekly_volume: 700}
";

fn load(text: &str) -> Result<Scenario, InputError> {
    Scenario::from_text(Path::new("t.yaml"), text, &[])
}

fn set(text: &str) -> Override {
    Override::parse_cli(text).unwrap()
}

#[test]
fn karachi_week_loads() {
    let s = Scenario::load(&shipped("karachi-247.yaml"), &[]).unwrap();
    assert_eq!(s.site.timezone, chrono_tz::Asia::Karachi);
    assert_eq!(s.site.interval_s, 1800);
    // Combined shrinkage by hand: 1 − 0.92 · 0.96 · 0.97 · 0.98.
    let by_hand = 1.0 - 0.92 * 0.96 * 0.97 * 0.98;
    assert!((s.shrinkage.total - by_hand).abs() < 1e-12);
    let english = s
        .pools
        .iter()
        .position(|p| p.id == "english-voice")
        .unwrap();
    assert_eq!(s.pools[english].pooling, Pooling::Merged);
    let members: Vec<&str> = s.queues_of(english).map(|(_, q)| q.id.as_str()).collect();
    assert_eq!(members, ["us-retail", "uk-bank"]);
    let uk = s.queues.iter().find(|q| q.id == "uk-bank").unwrap();
    assert_eq!(uk.patience_s, Some(90.0));
    assert_eq!(s.shifts.templates.len(), 3);
    assert_eq!(s.what_if.len(), 7);
}

#[test]
fn defaults_are_stated_ones() {
    let s = load(MINIMAL).unwrap();
    assert_eq!(
        (s.site.days, s.site.interval_s, s.site.cyclic),
        (7, 1800, true)
    );
    let q = &s.queues[0];
    assert_eq!(q.channel, Channel::Voice);
    assert_eq!(
        (q.max_occupancy, q.containment, q.concurrency),
        (1.0, 0.0, 1)
    );
    assert_eq!(q.hours, OpeningHours::ALWAYS);
    assert_eq!(s.rules.min_rest_s, 11 * 3600);
}

#[test]
fn errors_carry_line_and_field() {
    let text = MINIMAL.replace("aht: 6m", "aht: 6 minutes");
    let e = load(&text).unwrap_err();
    assert_eq!(
        (e.location.line, e.field.as_str()),
        (Some(8), "queues[0].aht")
    );
    let text = MINIMAL.replace("America/New_York", "America/New_Yrok");
    let e = load(&text).unwrap_err();
    assert_eq!(
        (e.location.line, e.field.as_str()),
        (Some(6), "queues[0].timezone")
    );
    assert!(e.message.contains("did you mean `America/New_York`"), "{e}");
    let text = MINIMAL.replace("pool: p", "pool: pp");
    let e = load(&text).unwrap_err();
    assert!(
        e.message.contains("no pool `pp`") && e.message.contains("did you mean `p`"),
        "{e}"
    );
}

#[test]
fn shares_must_sum_to_one_and_fit_the_hours() {
    let text = MINIMAL.replace(
        "{weekly_volume: 700}",
        "{weekly_volume: 700, daily_shares: {mon: 0.5, tue: 0.4}}",
    );
    let e = load(&text).unwrap_err();
    assert!(e.message.contains("add up to 0.9"), "{e}");
    let text = MINIMAL.replace(
        "forecast: {weekly_volume: 700}",
        "hours: {mon-fri: \"08:00-20:00\"}\n    forecast: {weekly_volume: 700, daily_shares: {mon: 0.5, sat: 0.5}}",
    );
    let e = load(&text).unwrap_err();
    assert!(
        e.message
            .contains("sat has a share of 0.5 but the queue is closed"),
        "{e}"
    );
}

#[test]
fn opening_hours_cross_midnight() {
    let text = MINIMAL.replace(
        "forecast: {weekly_volume: 700}",
        "hours: {fri: \"22:00-02:00\"}\n    forecast: {weekly_volume: 700, daily_shares: {fri: 0.5, sat: 0.5}}",
    );
    let s = load(&text).unwrap();
    let h = &s.queues[0].hours;
    assert!(h.is_open_at(Weekday::Fri, 23 * 60));
    assert!(h.is_open_at(Weekday::Sat, 60));
    assert!(!h.is_open_at(Weekday::Sat, 2 * 60));
    assert!(!h.is_open_at(Weekday::Fri, 60));
}

#[test]
fn overrides_apply_before_validation() {
    let s = Scenario::load(
        &shipped("karachi-247.yaml"),
        &[
            set("queues.us-retail.aht=300s"),
            set("shrinkage.total=0.35"),
        ],
    )
    .unwrap();
    assert_eq!(s.queues[0].aht_s, 300.0);
    assert_eq!(s.shrinkage.total, 0.35);
    let e = Scenario::load(
        &shipped("karachi-247.yaml"),
        &[set("queues.us-retail.ahtt=300s")],
    )
    .unwrap_err();
    assert!(
        e.location.file.to_string_lossy().starts_with("--set"),
        "{e}"
    );
    assert!(e.message.contains("did you mean `aht`"), "{e}");
    let e = Scenario::load(
        &shipped("karachi-247.yaml"),
        &[set("queues.us-retial.aht=300s")],
    )
    .unwrap_err();
    assert!(
        e.message.contains("did you mean") && e.message.contains("`us-retail`"),
        "{e}"
    );
}

#[test]
fn broken_what_if_is_reported_with_its_name() {
    let text = format!(
        "{MINIMAL}what_if:\n  - {{name: bad, set: {{\"queues.q.service_level\": 120/20}}}}\n"
    );
    let e = load(&text).unwrap_err();
    assert!(
        e.message.contains("what-if `bad`") && e.message.contains("outside (0, 100]"),
        "{e}"
    );
}

#[test]
fn email_needs_a_deadline_of_at_least_an_interval() {
    let text = MINIMAL.replace("service_level: 80/20", "channel: email\n    deadline: 10m");
    let e = load(&text).unwrap_err();
    assert_eq!(e.field, "queues[0].deadline");
    assert!(e.message.contains("shorter than the 30m interval"), "{e}");
}

#[test]
fn merged_pool_cannot_mix_erlang_a_and_c() {
    let text = "name: t
site: {timezone: Asia/Karachi, start: 2026-03-02}
pools: [{id: p, pooling: merged}]
queues:
  - {id: a, timezone: UTC, pool: p, aht: 6m, service_level: 80/20, patience: 90s, forecast: {weekly_volume: 700}}
  - {id: b, timezone: UTC, pool: p, aht: 6m, service_level: 80/20, forecast: {weekly_volume: 700}}
";
    let e = load(text).unwrap_err();
    assert!(e.message.contains("mixes queues with patience"), "{e}");
}

#[test]
fn shift_templates_are_checked() {
    let shifts = |t: &str| format!("{MINIMAL}shifts:\n  templates:\n    - {t}\n");
    let ok = shifts("{name: d, paid: 8h, length: 9h, starts: \"06:00-10:00/30m\", breaks: [{length: 1h, paid: false, window: \"3h-5h\"}]}");
    assert_eq!(load(&ok).unwrap().shifts.templates[0].starts.len(), 9);
    let long = shifts("{name: d, paid: 25h, length: 25h, starts: \"06:00\"}");
    assert!(load(&long).unwrap_err().message.contains("at most 24h"));
    let outside = shifts("{name: d, paid: 8h, length: 9h, starts: \"06:00\", breaks: [{length: 1h, paid: false, window: \"3h-8h30m\"}]}");
    let e = load(&outside).unwrap_err();
    assert_eq!(e.field, "shifts.templates[0].breaks[0].window");
    let off_grid = shifts("{name: d, paid: 8h, length: 8h, starts: \"06:15\"}");
    assert!(load(&off_grid)
        .unwrap_err()
        .message
        .contains("not on the site's 30-minute grid"));
    let unpaid = shifts("{name: d, paid: 9h, length: 9h, starts: \"06:00\", breaks: [{length: 1h, paid: false, window: \"3h-5h\"}]}");
    assert!(load(&unpaid)
        .unwrap_err()
        .message
        .contains("must equal the length"));
}

#[test]
fn a_csv_must_reach_into_the_horizon() {
    // Site week 2026-03-02 (Karachi). A requirement row holds until the
    // next one, so a row before the week whose span runs through it counts.
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.yaml");
    let text = "name: t\nsite: {timezone: Asia/Karachi, start: 2026-03-02}\npools: [{id: p, requirement: {csv: r.csv}}]\n";
    let with = |rows: &str| {
        std::fs::write(dir.path().join("r.csv"), format!("start,agents\n{rows}")).unwrap();
        Scenario::from_text(&scenario, text, &[])
    };
    assert!(with("2026-03-01 09:00,3\n2026-04-01 09:00,0\n").is_ok());
    assert!(with("2026-03-08 23:30,3\n").is_ok());
    let e = with("2025-03-02 09:00,3\n").unwrap_err();
    assert_eq!(e.field, "pools[0].requirement.csv");
    assert!(e.message.contains("falls in the planning horizon"), "{e}");
    assert!(
        with("2026-03-09 00:00,3\n").is_err(),
        "the horizon's end is outside"
    );
}

#[test]
fn templates_have_their_own_weeks_and_shares() {
    let shifts = |full: &str, part: &str, week: &str| {
        format!("{MINIMAL}shifts:\n  templates:\n    - {{name: full, paid: 8h, length: 8h, starts: \"06:00\"{full}}}\n    - {{name: part, paid: 5h, length: 5h, starts: \"10:00\"{part}}}\n{week}")
    };
    let own = ", week: {work_days: 4, days_off: any}";
    let sc = load(&shifts("", own, "  week: {work_days: 5}\n")).unwrap();
    let weeks: Vec<u32> = sc
        .shifts
        .templates
        .iter()
        .map(|t| t.week.as_ref().map_or(0, |w| w.work_days))
        .collect();
    assert_eq!(weeks, [5, 4], "the template's own week, else shifts.week");
    assert!(sc.shifts.common_week().is_none());
    let cases = [
        // One template with a week, the other none and no shifts.week.
        (
            shifts("", own, ""),
            "shifts.templates[0].week",
            "has no working week",
        ),
        // A share without weekly tours.
        (
            shifts("", ", max_share: 30%", ""),
            "shifts.templates[1].max_share",
            "needs weekly tours",
        ),
        (
            shifts(
                "",
                ", min_share: 0.4, max_share: 0.3",
                "  week: {work_days: 5}\n",
            ),
            "shifts.templates[1].min_share",
            "above max_share",
        ),
        (
            shifts(
                ", min_share: 70%",
                ", min_share: 40%",
                "  week: {work_days: 5}\n",
            ),
            "shifts.templates",
            "add up to 1.1",
        ),
        (
            shifts(
                ", max_share: 50%",
                ", max_share: 0.3",
                "  week: {work_days: 5}\n",
            ),
            "shifts.templates",
            "below 1",
        ),
        (
            shifts("", ", week: {work_days: 8}", "  week: {work_days: 5}\n"),
            "shifts.templates[1].week.work_days",
            "1 to 7 working days",
        ),
    ];
    for (text, field, message) in cases {
        let e = load(&text).unwrap_err();
        assert_eq!(e.field, field, "{e}");
        assert!(e.message.contains(message), "{e}");
    }
}
