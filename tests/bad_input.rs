//! Bad input: every broken scenario gets exit 2 and one message naming the
//! file, the line, the field and what would be valid; never a panic, never
//! anything on stdout, never an output folder.
//!
//! The corpus is `tests/data/bad/`: each file is `tests/data/minimal.yaml`
//! with one defect, described on its first line (line numbers below are
//! those of the file, so `staffplan check tests/data/bad/X.yaml` shows the
//! same message by hand). The CSV cases have their CSV next to them.

use std::path::Path;

use crate::common::{staffplan, tempdir};

const MINIMAL: &str = "tests/data/minimal.yaml";

fn bad(name: &str) -> String {
    format!("tests/data/bad/{name}")
}

/// Run `staffplan check SCENARIO ARGS...`, assert what every rejection has in
/// common and return stderr.
fn rejected(scenario: &str, args: &[&str]) -> String {
    let out = staffplan()
        .arg("check")
        .arg(scenario)
        .args(args)
        .output()
        .expect("running staffplan");
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    let what = format!("check {scenario} {}", args.join(" "));
    assert!(!stderr.contains("panicked"), "{what} panicked:\n{stderr}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{what}: exit code; stderr:\n{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{what}: stdout should be empty, got:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr.starts_with("error: "), "{what}: {stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{what}: one message on one line:\n{stderr}"
    );
    stderr
}

/// `check` rejects `tests/data/bad/NAME` with a message at `file: line N`,
/// on `field`, containing each of `fragments`. `file` is the scenario itself
/// unless the defect sits in a CSV it names.
fn rejects_at(name: &str, file: &str, line: usize, field: &str, fragments: &[&str]) -> String {
    let stderr = rejected(&bad(name), &[]);
    let at = format!("error: {}: line {line}", bad(file));
    assert!(
        stderr.starts_with(&at),
        "expected the message to start with `{at}`:\n{stderr}"
    );
    if !field.is_empty() {
        assert!(
            stderr.contains(&format!(", {field}: ")),
            "expected the field `{field}`:\n{stderr}"
        );
    }
    for f in fragments {
        assert!(stderr.contains(f), "expected `{f}` in:\n{stderr}");
    }
    stderr
}

/// A defect in the scenario file itself.
fn rejects(name: &str, line: usize, field: &str, fragments: &[&str]) -> String {
    rejects_at(name, name, line, field, fragments)
}

/// The whole message, word for word (so a change of wording is deliberate).
fn says(stderr: &str, message: &str) {
    assert_eq!(stderr, format!("error: {message}\n"));
}

#[test]
fn the_minimal_scenario_is_valid() {
    // The control: the corpus fails because of its one defect, not the base.
    staffplan().args(["check", MINIMAL]).assert().success();
}

#[test]
fn every_file_in_the_corpus_is_rejected_cleanly() {
    let dir = crate::common::root().join("tests/data/bad");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/data/bad")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .to_string()
        })
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "the corpus shrank: {names:?}");
    for name in &names {
        let stderr = rejected(&bad(name), &[]);
        let stem = Path::new(name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert!(
            stderr.contains(&format!("tests/data/bad/{stem}.")),
            "{name}: the message names no file of the case:\n{stderr}"
        );
    }
}

#[test]
fn a_bad_scenario_writes_no_output_folder() {
    let tmp = tempdir();
    let out_dir = tmp.path().join("out");
    let out = staffplan()
        .args(["staff", &bad("aht-no-unit.yaml"), "-o"])
        .arg(&out_dir)
        .output()
        .expect("running staffplan");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        !out_dir.exists(),
        "a rejected scenario must not create {}",
        out_dir.display()
    );
}

// ---- YAML syntax -----------------------------------------------------------

#[test]
fn malformed_yaml() {
    // `aht: 4m: 5m`: the second colon is at column 12 of line 11.
    let e = rejects(
        "malformed-yaml.yaml",
        11,
        "",
        &["not valid YAML", "mapping values are not allowed"],
    );
    assert!(e.contains("line 11, column 12"), "{e}");
}

#[test]
fn unclosed_quote() {
    // The parser only notices on a later line (where the next quote is), so
    // only the file is asserted; see the report on this message.
    let e = rejected(&bad("malformed-unclosed-quote.yaml"), &[]);
    assert!(
        e.starts_with("error: tests/data/bad/malformed-unclosed-quote.yaml: line "),
        "{e}"
    );
    assert!(e.contains("not valid YAML"), "{e}");
}

#[test]
fn tab_in_indentation() {
    let e = rejects(
        "tab-indent.yaml",
        10,
        "",
        &["not valid YAML", "tab", "spaces"],
    );
    assert!(e.contains("line 10, column 1"), "{e}");
}

#[test]
fn duplicate_key_names_the_second_occurrence() {
    let e = rejects("duplicate-key.yaml", 12, "", &[]);
    says(
        &e,
        "tests/data/bad/duplicate-key.yaml: line 12, column 5: not valid YAML: key `aht` is given twice (first on line 11); keep one",
    );
}

// ---- keys, types and units ---------------------------------------------------

#[test]
fn unknown_key_suggests_the_nearest() {
    let e = rejects("unknown-key.yaml", 11, "queues[0].ahtt", &[]);
    says(
        &e,
        "tests/data/bad/unknown-key.yaml: line 11, column 5, queues[0].ahtt: unknown key `ahtt`; did you mean `aht`?; \
         valid keys here: `id`, `client`, `timezone`, `channel`, `pool`, `aht`, `service_level`, `asa`, \
         `max_occupancy`, `patience`, `concurrency`, `deadline`, `ai_containment`, `hours`, \
         `min_agents_when_open`, `forecast`",
    );
}

#[test]
fn wrong_type_for_a_fraction() {
    rejects(
        "wrong-type-fraction.yaml",
        13,
        "queues[0].max_occupancy",
        &["`high`", "0.25", "25%"],
    );
}

#[test]
fn wrong_type_for_a_number() {
    // The message ends in serde's "expected f64": see the report.
    rejects(
        "wrong-type-number.yaml",
        16,
        "queues[0].forecast.weekly_volume",
        &["\"lots\""],
    );
}

#[test]
fn wrong_type_for_a_count() {
    // The message ends in serde's "expected u32": see the report.
    let e = rejects("wrong-type-days.yaml", 3, "site.days", &["\"seven\""]);
    assert!(e.contains("line 3, column 51"), "the column of `days`: {e}");
}

#[test]
fn handle_time_without_a_unit() {
    let e = rejects("aht-no-unit.yaml", 11, "queues[0].aht", &[]);
    says(
        &e,
        "tests/data/bad/aht-no-unit.yaml: line 11, column 5, queues[0].aht: `360` has no unit: \
         write a duration with a unit, like 20s, 6m, 1h30m or 4.5m",
    );
}

// ---- numbers out of range ----------------------------------------------------

#[test]
fn negative_volume() {
    rejects(
        "volume-negative.yaml",
        16,
        "queues[0].forecast.weekly_volume",
        &["-1000", "from 0 to"],
    );
}

#[test]
fn nan_volume() {
    rejects(
        "volume-nan.yaml",
        16,
        "queues[0].forecast.weekly_volume",
        &["NaN", "from 0 to"],
    );
}

#[test]
fn service_level_above_100_percent() {
    let e = rejects("sl-120.yaml", 12, "queues[0].service_level", &[]);
    says(
        &e,
        "tests/data/bad/sl-120.yaml: line 12, column 5, queues[0].service_level: service level 120% is outside \
         (0, 100]: expected a service level like 80/20 or 80/20s (percent answered / seconds), percent in (0, 100]",
    );
}

#[test]
fn service_level_of_0_percent() {
    rejects(
        "sl-0.yaml",
        12,
        "queues[0].service_level",
        &["0%", "(0, 100]", "80/20"],
    );
}

#[test]
fn occupancy_cap_of_0() {
    rejects(
        "occupancy-0.yaml",
        13,
        "queues[0].max_occupancy",
        &["above 0", "at most 1", "0.85"],
    );
}

#[test]
fn occupancy_cap_above_1() {
    rejects(
        "occupancy-1.5.yaml",
        13,
        "queues[0].max_occupancy",
        &["`1.5`", "from 0 to 1"],
    );
}

#[test]
fn shrinkage_of_100_percent() {
    rejects(
        "shrinkage-1.yaml",
        4,
        "shrinkage.total",
        &["below 1", "100%"],
    );
}

// ---- names that do not resolve -----------------------------------------------

#[test]
fn unknown_client_time_zone() {
    let e = rejects("timezone-typo.yaml", 9, "queues[0].timezone", &[]);
    says(
        &e,
        "tests/data/bad/timezone-typo.yaml: line 9, column 5, queues[0].timezone: unknown time zone \
         `America/New_Yrok`; did you mean `America/New_York`?; use an IANA name like Asia/Karachi, \
         America/New_York or Europe/London",
    );
}

#[test]
fn unknown_site_time_zone() {
    rejects(
        "site-timezone-typo.yaml",
        3,
        "site.timezone",
        &["`Asia/Karachii`", "did you mean `Asia/Karachi`?", "IANA"],
    );
}

#[test]
fn queue_naming_a_missing_pool() {
    let e = rejects("pool-missing.yaml", 10, "queues[0].pool", &[]);
    says(
        &e,
        "tests/data/bad/pool-missing.yaml: line 10, column 5, queues[0].pool: no pool `voic`; did you mean `voice`?; pools: voice",
    );
}

#[test]
fn empty_queue_list() {
    rejects(
        "queues-empty.yaml",
        7,
        "queues",
        &["the scenario has no queues"],
    );
}

#[test]
fn absent_queue_list() {
    // No `queues` key at all: there is no line to name, only the file and key.
    let e = rejected(&bad("queues-absent.yaml"), &[]);
    says(
        &e,
        "tests/data/bad/queues-absent.yaml, queues: the scenario has no queues: add at least one under `queues:` (or give a pool `requirement: {csv: FILE}`)",
    );
}

#[test]
fn unknown_intraday_profile() {
    rejects(
        "intraday-unknown.yaml",
        18,
        "queues[0].forecast.intraday",
        &[
            "`bankng`",
            "did you mean `banking`?",
            "flat, retail, banking",
            "24, 48 or 96 weights",
        ],
    );
}

// ---- opening hours and shares --------------------------------------------------

#[test]
fn overlapping_opening_ranges() {
    rejects(
        "hours-overlap.yaml",
        14,
        "queues[0].hours.mon-fri",
        &["overlap", "[\"08:00-12:00\", \"13:00-22:00\"]"],
    );
}

#[test]
fn a_day_given_twice_in_opening_hours() {
    rejects(
        "hours-overlap-days.yaml",
        14,
        "queues[0].hours.mon-fri",
        &["overlaps", "(fri)", "each day once"],
    );
}

#[test]
fn empty_opening_range() {
    rejects(
        "hours-empty-range.yaml",
        14,
        "queues[0].hours.mon-fri",
        &["`08:00-08:00`", "empty", "00:00-24:00"],
    );
}

#[test]
fn daily_shares_not_summing_to_1() {
    let e = rejects(
        "shares-sum.yaml",
        17,
        "queues[0].forecast.daily_shares",
        &[],
    );
    says(
        &e,
        "tests/data/bad/shares-sum.yaml: line 17, column 7, queues[0].forecast.daily_shares: \
         daily shares must add up to 1, they add up to 0.9",
    );
}

#[test]
fn a_share_on_a_closed_day() {
    rejects(
        "share-closed-day.yaml",
        17,
        "queues[0].forecast.daily_shares",
        &[
            "sat",
            "0.1",
            "closed",
            "set the share to 0 or open the queue",
        ],
    );
}

// ---- forecast CSV ----------------------------------------------------------------

#[test]
fn forecast_csv_missing_a_column() {
    rejects_at(
        "forecast-missing-column.yaml",
        "forecast-missing-column.csv",
        1,
        "volume",
        &["missing column `volume`", "start, volume"],
    );
}

#[test]
fn forecast_csv_with_a_bad_number() {
    rejects_at(
        "forecast-bad-number.yaml",
        "forecast-bad-number.csv",
        3,
        "volume",
        &["`1O`", "a number of contacts, 0 or more"],
    );
}

#[test]
fn forecast_csv_with_a_local_time_that_does_not_exist() {
    // New York skips 02:00-03:00 on 2026-03-08.
    let e = rejected(&bad("forecast-dst-gap.yaml"), &[]);
    says(
        &e,
        "tests/data/bad/forecast-dst-gap.csv: line 4, start: 2026-03-08 02:30 does not exist in America/New_York \
         (clocks go forward then): remove the line or give the time with an offset",
    );
}

#[test]
fn forecast_csv_with_an_ambiguous_local_time() {
    // New York has 01:00-02:00 twice on 2026-11-01: once at -04:00, once at -05:00.
    rejects_at(
        "forecast-dst-ambiguous.yaml",
        "forecast-dst-ambiguous.csv",
        4,
        "start",
        &[
            "2026-11-01 01:30",
            "happens twice",
            "America/New_York",
            "01:30-04:00",
            "01:30-05:00",
        ],
    );
}

// ---- shifts ----------------------------------------------------------------------

#[test]
fn shift_longer_than_24_hours() {
    rejects(
        "shift-25h.yaml",
        23,
        "shifts.templates[0].length",
        &["25h", "at most 24h"],
    );
}

#[test]
fn break_outside_its_shift() {
    rejects(
        "break-outside-shift.yaml",
        26,
        "shifts.templates[0].breaks[0].window",
        &["1h break", "9h shift", "must end by 8h"],
    );
}

#[test]
fn eight_working_days_a_week() {
    rejects(
        "work-days-8.yaml",
        27,
        "shifts.week.work_days",
        &["1 to 7", "got 8"],
    );
}

// ---- files that are not scenarios ----------------------------------------------------

#[test]
fn files_that_are_not_scenarios() {
    let tmp = tempdir();
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.yaml", b"", "expected a YAML mapping at the top"),
        (
            "list.yaml",
            b"- a\n- b\n",
            "expected a YAML mapping at the top",
        ),
        (
            "binary.yaml",
            b"\xff\xfe\x00name: x\n",
            "cannot read the scenario",
        ),
        ("nameonly.yaml", b"name: x\n", "missing required key `site`"),
    ];
    for (name, bytes, fragment) in cases {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).expect("writing a case");
        let e = rejected(path.to_str().expect("a UTF-8 path"), &[]);
        assert!(
            e.contains(&path.display().to_string()),
            "{name}: names the file: {e}"
        );
        assert!(e.contains(fragment), "{name}: expected `{fragment}`: {e}");
    }
    let e = rejected("tests/data/no-such-scenario.yaml", &[]);
    assert!(
        e.starts_with("error: tests/data/no-such-scenario.yaml: cannot read the scenario"),
        "{e}"
    );
}

// ---- --set overrides ---------------------------------------------------------------

#[test]
fn set_an_unknown_key_lists_the_nearest() {
    let e = rejected(MINIMAL, &["--set", "queues.helpdesk.ahtt=5m"]);
    assert!(
        e.starts_with("error: --set queues.helpdesk.ahtt=5m, queues[0].ahtt: "),
        "{e}"
    );
    assert!(e.contains("unknown key `ahtt`; did you mean `aht`?"), "{e}");
    assert!(
        e.contains("valid keys here: `id`, `client`, `timezone`"),
        "{e}"
    );

    let e = rejected(MINIMAL, &["--set", "site.tz=Asia/Dubai"]);
    assert!(
        e.contains("site.tz: unknown key `tz`; did you mean `timezone`?"),
        "{e}"
    );
    assert!(e.contains("`timezone`, `start`, `days`, `interval`"), "{e}");
}

#[test]
fn set_naming_a_missing_queue() {
    let e = rejected(MINIMAL, &["--set", "queues.nosuch.aht=5m"]);
    says(&e, "--set queues.nosuch.aht=5m, queues.nosuch.aht: no item `nosuch` in `queues`; items there: helpdesk");

    let e = rejected(MINIMAL, &["--set", "queues.helpdes.aht=5m"]);
    assert!(
        e.contains("no item `helpdes` in `queues`; did you mean `helpdesk`?"),
        "{e}"
    );
}

#[test]
fn set_values_are_validated_like_the_file() {
    let e = rejected(MINIMAL, &["--set", "queues.helpdesk.aht=360"]);
    says(
        &e,
        "--set queues.helpdesk.aht=360, queues[0].aht: `360` has no unit: \
         write a duration with a unit, like 20s, 6m, 1h30m or 4.5m",
    );
    let e = rejected(MINIMAL, &["--set", "queues.*.service_level=120/20"]);
    assert!(
        e.contains("queues[0].service_level: service level 120% is outside (0, 100]"),
        "{e}"
    );
}

#[test]
fn set_without_an_equals_sign() {
    let e = rejected(MINIMAL, &["--set", "queues.helpdesk.aht"]);
    assert!(e.contains("expected KEY=VALUE"), "{e}");
}

#[test]
fn set_a_valid_override_is_applied() {
    // The control for the cases above: the same path with a good value passes
    // and the check shows the new handle time.
    let out = staffplan()
        .args(["check", MINIMAL, "--set", "queues.helpdesk.aht=7m"])
        .output()
        .expect("running staffplan");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(" 7m "), "{stdout}");
}
