//! Site public holidays (issue 21 item 5): a closed site's agents cover
//! nothing that site-local day, a split queue's share there goes to the open
//! sites, and a queue left with no open site is diagnosed. Expected figures
//! come from hand calculations and the suite's own Erlang C
//! ([`crate::sites::erlang_agents`], independent of the crate's).

use std::path::{Path, PathBuf};

use staffplan::checker::{check_outputs, Rule};
use staffplan::Scenario;

use crate::common::{num, staffplan, tempdir, write_file, write_scenario, Csv};
use crate::sites::{erlang_agents, infeasible, plan, refused_in};

/// Three UTC days of hours (2026-03-02 to 04), not cyclic, no shrinkage;
/// one 8 h template starting on any hour; a 24/7 queue of 120 calls an
/// hour (AHT 3m: A = 6 Erlangs), 80/20, split 50/50 between Karachi (2.00
/// an hour) and Lahore (3.00), whose site entry is `lahore`.
fn three_days(dir: &Path, lahore: &str) -> PathBuf {
    let rows: String = (2..=4)
        .flat_map(|d| (0..24).map(move |h| format!("2026-03-0{d} {h:02}:00,120\n")))
        .collect();
    write_file(dir, "f.csv", &format!("start,volume\n{rows}"));
    write_scenario(
        dir,
        &format!(
            r#"name: holiday
site: {{timezone: UTC, start: 2026-03-02, days: 3, interval: 1h, cyclic: false}}
shrinkage: {{total: 0}}
sites:
  - {{id: karachi, hourly: 2.0}}
  - {lahore}
pools:
  - {{id: khi, site: karachi}}
  - {{id: lhe, site: lahore}}
queues:
  - id: uk
    timezone: UTC
    aht: 3m
    service_level: 80/20
    split: [{{pool: khi, share: 50%}}, {{pool: lhe, share: 50%}}]
    forecast: {{csv: f.csv}}
shifts:
  templates:
    - {{name: eight, paid: 8h, length: 8h, starts: "00:00-23:00/1h"}}
"#
        ),
    )
}

const CLOSED: &str = "{id: lahore, hourly: 3.0, holidays: [{date: 2026-03-03, name: Kashmir Day}]}";

/// Sum of `column` over `file`'s rows of `key` = `id` on the date `day`.
fn day_sum(out: &Path, file: &str, key: &str, id: &str, day: &str, column: &str) -> f64 {
    Csv::read(&out.join(file))
        .rows
        .iter()
        .filter(|r| r[key] == id && r["interval_start_utc"].starts_with(day))
        .map(|r| num(r, column))
        .sum()
}

#[test]
fn a_closed_site_sends_its_share_to_the_open_site_that_day() {
    // Days 1 and 3: 60 calls an hour at each site (3 E, N = 5 agents).
    // Day 2, Lahore closed: Karachi takes all 120 (6 E, N = 9), Lahore none.
    let (half, whole) = (erlang_agents(3.0), erlang_agents(6.0));
    assert_eq!((half, whole), (5, 9));
    let dir = tempdir();
    let out = dir.path().join("out");
    let s = plan(&three_days(dir.path(), CLOSED), &out);
    let req = "requirements.csv";
    for (day, khi, lhe) in [("2026-03-02", 1440.0, 1440.0), ("2026-03-03", 2880.0, 0.0)] {
        assert_eq!(
            day_sum(&out, req, "queue", "uk@karachi", day, "volume"),
            khi
        );
        assert_eq!(day_sum(&out, req, "queue", "uk@lahore", day, "volume"), lhe);
    }
    let pools = "pool_requirements.csv";
    let need = |pool: &str, day: &str| day_sum(&out, pools, "pool", pool, day, "required_net");
    assert_eq!(need("khi", "2026-03-03"), 24.0 * f64::from(whole));
    assert_eq!(need("lhe", "2026-03-03"), 0.0);
    assert_eq!(need("lhe", "2026-03-04"), 24.0 * f64::from(half));
    // Not cyclic: 8 h shifts starting at 00, 08 and 16 cover each day
    // exactly, so each site pays 24 h × its agents each day it is needed:
    // Karachi 24 × (5 + 9 + 5) × 2.00 = 912, Lahore 24 × (5 + 0 + 5) × 3.00
    // = 720 (nothing on its holiday).
    let sites = s["plan"]["sites"].as_array().unwrap();
    let cost = |k: usize| sites[k]["cost"].as_f64().unwrap();
    assert_eq!((cost(0), cost(1)), (912.0, 720.0));
    assert_eq!(s["plan"]["cost"].as_f64(), Some(1632.0));
    // The summary lists the holiday under its site.
    let listed = &s["plan"]["sites"][1]["holidays"][0];
    assert_eq!(
        (listed["date"].as_str(), listed["name"].as_str()),
        (Some("2026-03-03"), Some("Kashmir Day"))
    );
}

#[test]
fn a_plan_that_covers_a_closed_day_fails_the_checker() {
    // Planned without the holiday, checked with it: Lahore's agents on
    // 2026-03-03 are not on the floor, and the split is not re-routed.
    let dir = tempdir();
    let open = three_days(dir.path(), "{id: lahore, hourly: 3.0}");
    let out = dir.path().join("out");
    plan(&open, &out);
    let text = std::fs::read_to_string(&open)
        .unwrap()
        .replace("{id: lahore, hourly: 3.0}", CLOSED);
    let sc = Scenario::from_text(&open, &text, &[]).expect("a valid scenario");
    let report = check_outputs(&out, &sc).expect("readable outputs");
    let on = |rule: Rule, pool: Option<&str>| {
        (report.violations.iter())
            .filter(|v| v.rule == rule && v.pool.as_deref() == pool)
            .filter(|v| {
                v.site_time
                    .as_deref()
                    .is_some_and(|t| t.starts_with("2026-03-03"))
            })
            .count()
    };
    assert!(
        on(Rule::Scheduled, Some("lhe")) > 0,
        "{:?}",
        report.violations
    );
    assert_eq!(on(Rule::Split, None), 24, "{:?}", report.violations);
    // Nothing is found on the open days.
    assert!(report.violations.iter().all(|v| v
        .site_time
        .as_deref()
        .is_some_and(|t| t.starts_with("2026-03-03"))));
}

/// The one-site scenario: Karachi, a 24/7 queue of 6 Erlangs, closed on
/// 2026-03-03; `coverage` is the `shifts:` key's extra text.
fn one_site(dir: &Path, coverage: &str) -> PathBuf {
    three_days(dir, CLOSED);
    let text = std::fs::read_to_string(dir.join("scenario.yaml")).unwrap();
    let text = text
        .replace(
            "cyclic: false}",
            "cyclic: false, holidays: [{date: 2026-03-03, name: Kashmir Day}]}",
        )
        .replace("sites:\n  - {id: karachi, hourly: 2.0}\n", "")
        .replace(&format!("  - {CLOSED}\n"), "")
        .replace(
            "  - {id: khi, site: karachi}\n  - {id: lhe, site: lahore}",
            "  - {id: khi}",
        )
        .replace(
            "split: [{pool: khi, share: 50%}, {pool: lhe, share: 50%}]",
            "pool: khi",
        )
        .replace("shifts:\n", &format!("shifts:\n{coverage}"));
    write_scenario(dir, &text)
}

#[test]
fn one_site_closed_on_a_24_7_queue_is_diagnosed_naming_the_holiday() {
    let dir = tempdir();
    let sc = one_site(dir.path(), "");
    let stderr = infeasible(&sc, &dir.path().join("out"));
    assert!(
        // A shift from the day before covers the holiday until 07:00.
        stderr.contains("the plan cannot cover 17 interval(s)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  khi: 17 interval(s) short (site time, agents short):\n    Tue 2026-03-03  07:00–00:00 9\n"),
        "{stderr}"
    );
    // The client's clock against the site's (both UTC here), then the rule.
    assert!(
        stderr.contains("    client time: uk = site +0:00\n    why: the site is closed on 2026-03-03 for its public holiday Kashmir Day"),
        "{stderr}"
    );
}

#[test]
fn with_soft_coverage_a_shift_belongs_to_the_day_it_starts_on() {
    // One site closed on 2026-03-03 (soft coverage, 1000 an agent-hour
    // short, hourly 1), 9 agents needed every hour, 8 h shifts on any hour.
    // A shift starting on 03-02 is worked whole: one starting at 23:00
    // covers the holiday until 07:00, so 03-02's shifts cover 31 hours.
    // Every 8 h shift holds exactly one of the hours 0, 8, 16, 24 after
    // 03-02 00:00, so 31 hours take 4 × 9 = 36 shifts (3 × 9 = 27 on 03-04).
    // A shift starting on the holiday is paid and covers nothing (after
    // midnight neither), so 03-04's hours from 00:00 are other agents':
    // (36 + 27) × 8 h = 504 paid, and 03-03 07:00–24:00 is short.
    let dir = tempdir();
    let sc = one_site(dir.path(), "  coverage: soft\n  shortfall_penalty: 1000\n");
    let out = dir.path().join("out");
    let (s, printed) = crate::sites::plan_printed(&sc, &out);
    assert_eq!(s["plan"]["cost"].as_f64(), Some(504.0));
    // Already soft: the diagnosis does not suggest coverage: soft.
    assert!(
        printed.contains("split the queue with a site that is open or close the queue that day"),
        "{printed}"
    );
    assert!(!printed.contains("use coverage: soft"), "{printed}");
    assert_eq!(
        s["site"]["holidays"],
        serde_json::json!([{"date": "2026-03-03", "name": "Kashmir Day"}])
    );
    let rows = Csv::read(&out.join("coverage.csv")).rows;
    assert!((rows.iter())
        .filter(|r| r["interval_start_utc"].starts_with("2026-03-03"))
        .all(|r| num(r, "required_gross") == 9.0));
    let on_floor = |at: &str| {
        let r = rows.iter().find(|r| r["interval_start_utc"] == at).unwrap();
        num(r, "on_floor")
    };
    for h in 0..24 {
        let holiday = if h < 7 { 9.0 } else { 0.0 };
        assert_eq!(
            on_floor(&format!("2026-03-03T{h:02}:00Z")),
            holiday,
            "03-03 {h}:00"
        );
        assert_eq!(
            on_floor(&format!("2026-03-04T{h:02}:00Z")),
            9.0,
            "03-04 {h}:00"
        );
    }
    // No shift starts on the holiday; one crossing into it is not marked.
    for r in &Csv::read(&out.join("shifts.csv")).rows {
        assert_ne!(r["day"], "2026-03-03", "{r:?}");
        assert_eq!(r["holiday"], "", "{r:?}");
    }
    assert!(Csv::read(&out.join("roster.csv"))
        .rows
        .iter()
        .any(|r| r["date_site"] == "2026-03-02"
            && r["end_date_site"] == "2026-03-03"
            && r["end_time_site"] != "00:00"));
}

#[test]
fn the_checker_counts_a_holiday_shift_nowhere_and_a_crossing_one_whole() {
    // Plan the soft one-site case, then add one agent on 03-03 16:00–24:00
    // and 03-03 20:00–04:00 to shifts.csv: neither is on the floor (the
    // second's 03-04 hours neither), so coverage.csv still matches. Then
    // add one on 03-02 20:00–04:00 too, whose 03-03 hours 00–03 it works:
    // coverage.csv is then short of it at exactly those 4 hours and
    // 03-02 20–23.
    let dir = tempdir();
    let sc = one_site(dir.path(), "  coverage: soft\n  shortfall_penalty: 1000\n");
    let out = dir.path().join("out");
    plan(&sc, &out);
    let path = out.join("shifts.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // One agent on `eight` from `day` `start` to `end` (date, time).
    let row = |day: &str, start: &str, (end_day, end): (&str, &str)| {
        format!("eight,{day},{day}T{start}+00:00,{start},{end_day}T{end}+00:00,{end_day},{end},,1,8,8.00,khi,\n")
    };
    let on_holiday = row("2026-03-03", "16:00", ("2026-03-04", "00:00"));
    let into_next = row("2026-03-03", "20:00", ("2026-03-04", "04:00"));
    std::fs::write(&path, format!("{text}{on_holiday}{into_next}")).unwrap();
    let scenario = Scenario::load(&sc, &[]).unwrap();
    let report = check_outputs(&out, &scenario).unwrap();
    let scheduled: Vec<String> = (report.violations.iter())
        .filter(|v| v.rule == Rule::Scheduled)
        .filter_map(|v| v.site_time.clone())
        .collect();
    assert!(scheduled.is_empty(), "{:?}", report.violations);
    let into_holiday = row("2026-03-02", "20:00", ("2026-03-03", "04:00"));
    std::fs::write(&path, format!("{text}{into_holiday}")).unwrap();
    let report = check_outputs(&out, &scenario).unwrap();
    let mut scheduled: Vec<String> = (report.violations.iter())
        .filter(|v| v.rule == Rule::Scheduled)
        .filter_map(|v| v.site_time.clone())
        .collect();
    scheduled.sort();
    let hours = [
        "2026-03-02T20",
        "2026-03-02T21",
        "2026-03-02T22",
        "2026-03-02T23",
        "2026-03-03T00",
        "2026-03-03T01",
        "2026-03-03T02",
        "2026-03-03T03",
    ];
    assert_eq!(scheduled.len(), hours.len(), "{:?}", report.violations);
    for (got, want) in scheduled.iter().zip(hours) {
        assert!(got.starts_with(want), "{got} vs {want}");
    }
}

/// `plan` refuses [`three_days`] with Lahore's entry `lahore` and the
/// text `from` replaced by `to`: exit 2 naming the file, `line` and field.
fn refused(lahore: &str, from: &str, to: &str, line: usize, field: &str, fragment: &str) {
    let dir = tempdir();
    let sc = three_days(dir.path(), lahore);
    refused_in(&sc, from, to, line, field, fragment);
}

#[test]
fn bad_holidays_are_refused_naming_file_line_and_field() {
    let day = "2026-03-03, name: Kashmir Day";
    refused(
        CLOSED,
        day,
        "2026-12-25, name: Quaid-e-Azam Day",
        6,
        "sites[1].holidays[0].date",
        "2026-12-25 is outside the horizon, 2026-03-02 to 2026-03-04",
    );
    refused(
        CLOSED,
        day,
        "2026-03-33",
        6,
        "sites[1].holidays[0].date",
        "expected a date like 2026-12-25, got `2026-03-33`",
    );
    refused(
        CLOSED,
        &format!("{{date: {day}}}"),
        &format!("{{date: {day}}}, {{date: 2026-03-03}}"),
        6,
        "sites[1].holidays[1].date",
        "2026-03-03 is given twice (as sites[1].holidays[0] too)",
    );
    refused(
        CLOSED,
        day,
        &format!("{day}, effect: open"),
        6,
        "sites[1].holidays[0].effect",
        "unknown key `effect`; valid keys here: `date`, `name`",
    );
    refused(
        CLOSED,
        "cyclic: false",
        "cyclic: true",
        6,
        "sites[1].holidays",
        "set `site: {cyclic: false}`",
    );
    refused(
        CLOSED,
        "cyclic: false}",
        "cyclic: false, holidays: [{date: 2026-03-02}]}",
        2,
        "site.holidays",
        "each site gives its own public holidays",
    );
}

/// Plan scenarios/karachi-lahore.yaml over one week not cyclic, with
/// `--set` overrides `sets`, into `out` (checked by the checker).
fn karachi_lahore(out: &Path, sets: &[&str]) -> serde_json::Value {
    let mut cmd = staffplan();
    cmd.args(["plan", "scenarios/karachi-lahore.yaml", "-o"])
        .arg(out)
        .args(["--set", "site.cyclic=false"]);
    for s in sets {
        cmd.args(["--set", s]);
    }
    cmd.assert().success();
    let text = std::fs::read_to_string(out.join("summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn karachi_takes_the_uk_bank_while_lahore_is_closed_and_tours_keep_their_shape() {
    let dir = tempdir();
    let (open, closed) = (dir.path().join("open"), dir.path().join("closed"));
    karachi_lahore(&open, &[]);
    karachi_lahore(
        &closed,
        &["sites.lahore.holidays=[{date: 2026-03-04, name: local holiday}]"],
    );
    // Site-local Wednesday: Lahore's share goes to Karachi, so Karachi's
    // part carries what both parts carried without the holiday.
    let volume = |out: &Path, queue: &str| -> f64 {
        (Csv::read(&out.join("requirements.csv")).rows.iter())
            .filter(|r| r["queue"] == queue && r["interval_start_site"].starts_with("2026-03-04"))
            .map(|r| num(r, "volume"))
            .sum()
    };
    let both = volume(&open, "uk-bank@karachi") + volume(&open, "uk-bank@lahore");
    assert!(both > 0.0);
    assert_eq!(volume(&closed, "uk-bank@lahore"), 0.0);
    // Volumes are printed to 3 decimals: 48 rows × 3 roundings of 0.0005.
    assert!((volume(&closed, "uk-bank@karachi") - both).abs() < 0.1);
    // The roster keeps weekly tours: a Lahore shift on the holiday is
    // written, paid and marked; no Karachi shift is.
    let roster = Csv::read(&closed.join("roster.csv"));
    assert_eq!(roster.header.last().map(String::as_str), Some("holiday"));
    for r in &roster.rows {
        // A shift belongs to the day it starts on: one running into the
        // holiday from Tuesday is worked whole and not marked.
        let marked = r["holiday"] == "local holiday";
        let on = r["date_site"] == "2026-03-04";
        assert_eq!(marked, r["site"] == "lahore" && on, "{r:?}");
    }
    assert!(roster.rows.iter().any(|r| r["holiday"] == "local holiday"));
    let html = std::fs::read_to_string(closed.join("report.html")).unwrap();
    assert!(html.contains("<td class=\"off\">hol</td>"));
    assert!(html.contains("public holidays: lahore 2026-03-04 (local holiday)"));
}

/// `share: auto` with Lahore (1.00 an hour) closed on day 2 and Karachi
/// at 2.00: at Karachi's share s > 0 the plan pays, covering each day
/// exactly on 8 h shifts at 00, 08 and 16, 24 × 2 × (2·N(6s) + N(6)) for
/// Karachi (it takes the whole queue on day 2) and 24 × 1 × 2·N(6(1 − s))
/// for Lahore. At s = 0 nobody is open on day 2: no plan covers it.
#[test]
fn an_auto_split_is_screened_with_its_holiday_rerouted_and_never_left_unserved() {
    let hand = |s: f64| {
        let n = |a: f64| {
            if a == 0.0 {
                0.0
            } else {
                f64::from(erlang_agents(a))
            }
        };
        24.0 * 2.0 * (2.0 * n(6.0 * s) + n(6.0)) + 24.0 * 2.0 * n(6.0 - 6.0 * s)
    };
    // N(0.6) = 2, N(5.4) = 8: 24 × 2 × (4 + 9) + 24 × 2 × 8 = 1008, the
    // least of the 20 grid points with s > 0 (s = 0.05: 1056).
    assert_eq!(hand(0.1), 1008.0);
    let least = (1..=20)
        .map(|i| hand(f64::from(i) / 20.0))
        .fold(f64::INFINITY, f64::min);
    assert_eq!(least, 1008.0);
    let dir = tempdir();
    let lahore = "{id: lahore, hourly: 1.0, holidays: [{date: 2026-03-03, name: Kashmir Day}]}";
    let path = three_days(dir.path(), lahore);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("share: 50%", "share: auto");
    let sc = write_scenario(dir.path(), &text);
    let (s, printed) = crate::sites::plan_printed(&sc, &dir.path().join("out"));
    let split = &s["plan"]["splits"][0];
    let candidates = split["candidates"].as_array().unwrap();
    assert_eq!(candidates[0]["holiday_unserved"], true);
    assert_eq!(candidates[0]["planned"], false);
    for (i, c) in candidates.iter().enumerate().skip(1) {
        assert_eq!(c["holiday_unserved"], false, "{c}");
        assert_eq!(c["screen_lp"].as_f64(), Some(hand(i as f64 / 20.0)), "{c}");
    }
    assert_eq!(split["shares"], serde_json::json!([0.1, 0.9]));
    assert_eq!(s["plan"]["cost"].as_f64(), Some(1008.0));
    assert!(
        printed.contains("LP lower bound of this split 1008.00"),
        "{printed}"
    );
    assert!(
        printed.contains("1 leave a public holiday with no open site and rank last; the least of the others, 1008.00"),
        "{printed}"
    );
}
