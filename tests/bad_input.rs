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

/// A UTF-8 byte-order mark (Notepad writes one) is not a second document.
#[test]
fn a_scenario_saved_with_a_byte_order_mark_is_read() {
    let dir = tempdir();
    let text = std::fs::read_to_string(MINIMAL).unwrap();
    let file = dir.path().join("bom.yaml");
    std::fs::write(&file, format!("\u{feff}{text}")).unwrap();
    staffplan().arg("check").arg(&file).assert().success();
}

#[test]
fn an_id_starting_with_a_sign_is_refused() {
    rejects(
        "id-leading-sign.yaml",
        8,
        "queues[0].id",
        &[
            "`-helpdesk` is not a valid id",
            "starting with a letter or digit",
        ],
    );
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
    assert!(names.len() >= 85, "the corpus shrank: {names:?}");
    // A previous run's outputs, which no rejected run may touch.
    let tmp = tempdir();
    let out_dir = tmp.path().join("out");
    std::fs::create_dir(&out_dir).expect("creating out");
    std::fs::write(out_dir.join(staffplan::output::MARKER), "previous\n").expect("marker");
    std::fs::write(out_dir.join("summary.json"), "{\"previous\": true}\n").expect("summary");
    let before = listing(tmp.path());
    for name in &names {
        for command in [&["staff"][..], &["plan", "--time-limit", "5s"]] {
            let out = staffplan()
                .args(command)
                .args([&bad(name), "-o"])
                .arg(&out_dir)
                .output()
                .expect("running staffplan");
            let stderr = String::from_utf8_lossy(&out.stderr);
            let command = command[0];
            assert_eq!(out.status.code(), Some(2), "{command} {name}: {stderr}");
            assert!(!stderr.contains("panicked"), "{command} {name}: {stderr}");
            assert!(out.stdout.is_empty(), "{command} {name}: stdout");
            assert_eq!(
                listing(tmp.path()),
                before,
                "{command} {name} changed the output folder or left files beside it"
            );
        }
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

/// Every file under `dir` (recursively, hidden ones too) with its bytes.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("a folder") {
            let path = e.expect("an entry").path();
            if path.is_dir() {
                todo.push(path.clone());
                all.push((path.display().to_string(), Vec::new()));
            } else {
                let bytes = std::fs::read(&path).expect("a file");
                all.push((path.display().to_string(), bytes));
            }
        }
    }
    all.sort();
    all
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
        &[
            "not valid YAML",
            "mapping values are not allowed",
            "(put a value that contains `: ` in quotes)",
        ],
    );
    assert!(e.contains("line 11, column 12"), "{e}");
}

#[test]
fn unclosed_quote() {
    // The parser only notices on a later line (where the next quote is), so
    // the message points back at the line with the open quote.
    let e = rejected(&bad("malformed-unclosed-quote.yaml"), &[]);
    assert!(
        e.starts_with("error: tests/data/bad/malformed-unclosed-quote.yaml: line "),
        "{e}"
    );
    assert!(e.contains("not valid YAML"), "{e}");
    assert!(e.contains("(is the quote opened on line 2 closed?)"), "{e}");
}

#[test]
fn brackets_nested_absurdly_deep() {
    // The YAML parser takes time quadratic in the depth to refuse this;
    // staffplan counts first and answers at once.
    let e = rejects("nesting-deep.yaml", 2, "", &[]);
    says(
        &e,
        "tests/data/bad/nesting-deep.yaml: line 2, column 1007: not valid YAML: brackets nested more than 1000 deep",
    );
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
         valid keys here: `id`, `client`, `timezone`, `channel`, `pool`, `split`, `split_step`, `aht`, `service_level`, `asa`, \
         `max_occupancy`, `patience`, `concurrency`, `deadline`, `ai_containment`, `hours`, \
         `min_agents_when_open`, `forecast`, `redial`, `handle_time`, `trunks`",
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
    let e = rejects(
        "wrong-type-number.yaml",
        16,
        "queues[0].forecast.weekly_volume",
        &[],
    );
    assert!(
        e.ends_with("weekly_volume: expected a number, got the text \"lots\"\n"),
        "{e}"
    );
}

#[test]
fn wrong_type_for_a_count() {
    let e = rejects(
        "wrong-type-days.yaml",
        3,
        "site.days",
        &["expected a whole number, not negative, got the text \"seven\""],
    );
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

#[test]
fn handle_time_in_an_unknown_unit() {
    let e = rejects("aht-wrong-unit.yaml", 11, "queues[0].aht", &[]);
    says(
        &e,
        "tests/data/bad/aht-wrong-unit.yaml: line 11, column 5, queues[0].aht: expected a duration with a unit, \
         like 20s, 6m, 1h30m or 4.5m, got `4hrs`",
    );
}

#[test]
fn service_level_without_seconds() {
    rejects(
        "sl-no-seconds.yaml",
        12,
        "queues[0].service_level",
        &["got `80%`", "like 80/20 or 80/20s"],
    );
}

#[test]
fn a_site_interval_that_is_not_on_the_menu() {
    rejects(
        "interval-45m.yaml",
        3,
        "site.interval",
        &["expected 15m, 30m or 60m, got 45m"],
    );
}

#[test]
fn a_negative_number_of_days() {
    rejects(
        "days-negative.yaml",
        3,
        "site.days",
        &["expected a whole number, not negative, got -7"],
    );
}

#[test]
fn a_start_date_that_does_not_exist() {
    rejects(
        "start-no-such-date.yaml",
        3,
        "site.start",
        &["`2026-02-30`", "a date like 2026-03-02"],
    );
}

#[test]
fn a_start_date_the_site_clocks_skipped() {
    rejects(
        "site-start-skipped-day.yaml",
        3,
        "site.start",
        &["2011-12-30 does not exist in Pacific/Apia: its clocks skipped that whole day; 2011-12-31 is the next date that does"],
    );
}

#[test]
fn an_hourly_grid_over_a_half_hour_clock_change() {
    rejects(
        "site-interval-half-hour-change.yaml",
        3,
        "site.interval",
        &[
            "a 60m grid cannot follow Australia/Lord_Howe's clock: on 2026-04-05 it moves back 30m (02:00 becomes 01:30)",
            "use interval: 15m or 30m",
        ],
    );
}

// ---- numbers out of range ----------------------------------------------------

#[test]
fn huge_volume() {
    rejects(
        "volume-huge.yaml",
        16,
        "queues[0].forecast.weekly_volume",
        &["from 0 to 10000000 per week", "got 1000000000000"],
    );
}

#[test]
fn a_floor_of_four_billion_agents() {
    // Was accepted, wrote a saturated 4294967295 as the gross requirement and
    // sent the shift plan into a search that ignored its time limit.
    let e = rejects(
        "min-agents-huge.yaml",
        13,
        "queues[0].min_agents_when_open",
        &[],
    );
    says(
        &e,
        "tests/data/bad/min-agents-huge.yaml: line 13, column 5, queues[0].min_agents_when_open: \
         expected a number of agents from 0 to 100000, got 4000000000",
    );
}

#[test]
fn a_load_no_staffing_can_serve_names_the_queue_line() {
    // Found while staffing, after validation: still file, line and field.
    rejects(
        "aht-huge.yaml",
        8,
        "queues[0]",
        &[
            "queue `helpdesk` cannot be staffed at 2026-03-02T13:00+05:00 (client 2026-03-02T08:00+00:00)",
            "above the supported maximum of 1000000 Erlangs",
        ],
    );
}

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
fn opening_hours_with_no_day() {
    rejects(
        "hours-never-open.yaml",
        14,
        "queues[0].hours",
        &["never open", "leave `hours` out for 24/7"],
    );
}

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
        "tests/data/bad/forecast-dst-gap.csv: line 4, start: 2026-03-08 02:30 does not exist in America/New_York: \
         the clocks go forward from 02:00 to 03:00; remove the line or give the time with an offset",
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

#[test]
fn forecast_csv_that_does_not_exist() {
    rejects(
        "forecast-file-missing.yaml",
        16,
        "queues[0].forecast.csv",
        &[
            "no file tests/data/bad/no-such-forecast.csv",
            "relative to the scenario's folder",
        ],
    );
}

#[test]
fn forecast_csv_with_a_short_line() {
    rejects_at(
        "forecast-short-line.yaml",
        "forecast-short-line.csv",
        3,
        "",
        &["this line has 1 field; the header has 2 (start,volume)"],
    );
}

#[test]
fn forecast_csv_with_a_start_given_twice() {
    let e = rejected(&bad("forecast-duplicate-start.yaml"), &[]);
    says(
        &e,
        "tests/data/bad/forecast-duplicate-start.csv: line 4, start: the same start as line 3 (2026-03-02 09:30-05:00); give each interval once",
    );
}

#[test]
fn forecast_csv_with_negative_nan_and_huge_volumes() {
    for (name, line, got) in [
        ("forecast-negative", 3, "`-13`"),
        ("forecast-nan", 2, "`NaN`"),
    ] {
        rejects_at(
            &format!("{name}.yaml"),
            &format!("{name}.csv"),
            line,
            "volume",
            &["expected a number of contacts, 0 or more", got],
        );
    }
    rejects_at(
        "forecast-huge.yaml",
        "forecast-huge.csv",
        2,
        "volume",
        &["1000000000000 contacts in one interval", "check the units"],
    );
}

#[test]
fn forecast_csv_with_a_date_in_another_format() {
    rejects_at(
        "forecast-bad-time.yaml",
        "forecast-bad-time.csv",
        3,
        "start",
        &["got `03/02/2026 09:30`", "like 2026-03-02 09:00"],
    );
}

#[test]
fn forecast_csv_with_a_zero_handle_time() {
    rejects_at(
        "forecast-aht-zero.yaml",
        "forecast-aht-zero.csv",
        3,
        "aht_s",
        &["above 0 and at most 86400 (24h), got 0"],
    );
}

#[test]
fn forecast_csv_that_is_empty() {
    let e = rejected(&bad("forecast-empty.yaml"), &[]);
    says(
        &e,
        "tests/data/bad/forecast-empty.csv: the file is empty; it needs a header line `start,volume` and one row per line",
    );
}

#[test]
fn forecast_csv_for_another_year() {
    // Was accepted as a week of zero demand.
    let e = rejects(
        "forecast-wrong-year.yaml",
        15,
        "queues[0].forecast.csv",
        &[],
    );
    assert!(
        e.contains(
            "no row of tests/data/bad/forecast-wrong-year.csv falls in the planning horizon, \
             2026-03-01 14:00 to 2026-03-08 15:00 (America/New_York); \
             its rows run from 2025-03-03 09:00 to 2025-03-03 09:30"
        ),
        "{e}"
    );
}

// ---- staff list CSV ----------------------------------------------------------------

#[test]
fn staff_list_bad_lines() {
    for (name, line, column, fragments) in [
        (
            "agents-missing-column",
            1,
            "pool",
            &["missing column `pool`; the header must have id, name, pool"][..],
        ),
        (
            "agents-unknown-pool",
            3,
            "pool",
            &["no pool `voic`; did you mean `voice`?; pools: voice"],
        ),
        (
            "agents-duplicate-id",
            3,
            "id",
            &["agent id `a001` is also on line 2; give each agent an id of their own"],
        ),
        (
            "agents-bad-hours",
            2,
            "contract_hours",
            &["expected weekly hours, like 40, got `forty`"],
        ),
        (
            "agents-nights-ok",
            2,
            "nights_ok",
            &["expected yes or no, got `maybe`"],
        ),
        (
            "agents-bad-time",
            2,
            "earliest_start",
            &["expected a time of day like 08:00", "got `25:00`"],
        ),
    ] {
        rejects_at(
            &format!("{name}.yaml"),
            &format!("{name}.csv"),
            line,
            column,
            fragments,
        );
    }
}

// ---- requirement CSV ----------------------------------------------------------------

#[test]
fn requirement_csv_bad_lines() {
    rejects_at(
        "requirement-bad-number.yaml",
        "requirement-bad-number.csv",
        3,
        "agents",
        &["expected a number of agents, 0 or more, got `-2`"],
    );
    // Was accepted and saturated to 4294967295 agents.
    rejects_at(
        "requirement-huge.yaml",
        "requirement-huge.csv",
        2,
        "agents",
        &["expected a number of agents from 0 to 100000, got `1e300`"],
    );
    rejects_at(
        "requirement-wrong-column.yaml",
        "requirement-wrong-column.csv",
        1,
        "volume",
        &["unknown column `volume`", "start, agents (required)"],
    );
}

#[test]
fn requirement_csv_local_times_across_london_dst() {
    // Site time: London skips 01:00-02:00 on 2026-03-29 and has it twice on 2026-10-25.
    let e = rejected(&bad("requirement-dst-gap.yaml"), &[]);
    says(
        &e,
        "tests/data/bad/requirement-dst-gap.csv: line 4, start: 2026-03-29 01:30 does not exist in Europe/London: \
         the clocks go forward from 01:00 to 02:00; remove the line or give the time with an offset",
    );
    rejects_at(
        "requirement-dst-ambiguous.yaml",
        "requirement-dst-ambiguous.csv",
        2,
        "start",
        &[
            "happens twice in Europe/London",
            "01:30+01:00 or 2026-10-25 01:30+00:00",
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
    // A break as long as its shift or longer: said so (it used to ask for a
    // window ending by 0s, or by a negative time).
    let e = rejected(
        MINIMAL,
        &["--set", "shifts.templates.0.breaks.0.length=10h"],
    );
    assert!(e.contains("shifts.templates[0].breaks[0].length"), "{e}");
    assert!(
        e.contains("a 10h break is not shorter than the 9h shift"),
        "{e}"
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

#[test]
fn more_days_in_a_row_than_the_rules_allow() {
    let e = rejects(
        "consecutive-days.yaml",
        28,
        "rules.max_consecutive_days",
        &[],
    );
    says(
        &e,
        "tests/data/bad/consecutive-days.yaml: line 28, column 9, rules.max_consecutive_days: 5 working days a week \
         cannot keep to at most 2 days in a row with consecutive days off: allow at least 5 days in a row, or fewer working days",
    );
}

#[test]
fn more_paid_hours_than_the_week_allows() {
    rejects(
        "weekly-hours.yaml",
        28,
        "rules.max_weekly_hours",
        &["template `day`: 5 working days (shifts.week) of 8h paid make 40h, above the weekly maximum 20h"],
    );
}

#[test]
fn a_short_day_that_is_a_day_off_is_too_long_or_breaks_the_weekly_hours() {
    rejects(
        "short-day-off.yaml",
        30,
        "shifts.week.short_day.day",
        &["the short day sat is not one of template `day`'s days (mon,tue,wed,thu,fri): a tour works its short day, so it cannot be a day off"],
    );
    rejects(
        "short-day-long.yaml",
        29,
        "shifts.week.short_day.length",
        &["the short day's length 10h is more than the full shift's 9h"],
    );
    // 5 × 8 h + 4 h = 44 h > 40 h: the short day's paid hours count.
    rejects(
        "short-day-weekly-hours.yaml",
        30,
        "rules.max_weekly_hours",
        &["template `day`: 5 working days of 8h paid and a short day of 4h (shifts.week) make 44h, above the weekly maximum 40h"],
    );
}

#[test]
fn a_what_if_with_a_bad_value() {
    let e = rejected(&bad("whatif-bad-value.yaml"), &[]);
    assert!(
        e.starts_with(
            "error: tests/data/bad/whatif-bad-value.yaml: line 29, column 26 (what_if[0] `longer calls`: queues.*.aht), queues[0].aht: "
        ),
        "{e}"
    );
    assert!(
        e.contains("in what-if `longer calls` (what_if[0]): `360` has no unit"),
        "{e}"
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
fn transport_caps_of_0_or_past_any_site() {
    for (key, what) in [
        ("max_starts_per_slot", "starts"),
        ("max_ends_per_slot", "ends"),
    ] {
        let e = rejected(MINIMAL, &["--set", &format!("shifts.{key}=0")]);
        assert!(
            e.contains(&format!(
                "shifts.{key}: a cap of 0 {what} leaves no shift to plan"
            )),
            "{e}"
        );
        let e = rejected(MINIMAL, &["--set", &format!("shifts.{key}=100001")]);
        assert!(
            e.contains(&format!(
                "expected a number of {what} from 1 to 100000, got 100001"
            )),
            "{e}"
        );
    }
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

// ---- limits (issue 14): each bounds the memory or time of a run ------------------

#[test]
fn agent_counts_beyond_any_site() {
    // 4294967295 passed validation and aborted on a 343 GB allocation; ten
    // million ran for two minutes and wrote 3 GB. The cap is 100 000.
    for (name, n) in [
        ("agents-count-huge.yaml", "4294967295"),
        ("agents-count-ten-million.yaml", "10000000"),
    ] {
        rejects(
            name,
            28,
            "agents.count",
            &["from 0 to 100000", &format!("got {n}")],
        );
    }
    // The cap itself is accepted.
    staffplan()
        .args(["check", MINIMAL, "--set", "agents.count=100000"])
        .assert()
        .success();
}

#[test]
fn ids_and_names_longer_than_200_characters() {
    // A 65 536-character id panicked the terminal table (a format width limit).
    for (name, line, field, n) in [
        ("queue-id-long.yaml", 8, "queues[0].id", 201),
        ("client-long.yaml", 9, "queues[0].client", 299),
        ("pool-id-long.yaml", 6, "pools[0].id", 250),
        (
            "template-name-long.yaml",
            21,
            "shifts.templates[0].name",
            201,
        ),
    ] {
        rejects(
            name,
            line,
            field,
            &[&format!(
                "is {n} characters long; at most 200 are allowed here"
            )],
        );
    }
    // The same through --set, with the 65 536+ characters of the report.
    let long = "x".repeat(70_000);
    let e = rejected(
        MINIMAL,
        &["--set", &format!("queues.helpdesk.client={long}")],
    );
    assert!(e.contains("is 70000 characters long"), "{}", &e[..200]);
    assert!(e.len() < 1000, "the message does not echo the whole name");
}

#[test]
fn too_many_breaks_and_a_chat_concurrency_of_billions() {
    rejects(
        "breaks-too-many.yaml",
        25,
        "shifts.templates[0].breaks",
        &["11 breaks in one shift; a template has at most 10"],
    );
    rejects(
        "concurrency-huge.yaml",
        12,
        "queues[0].concurrency",
        &["from 1 to 100"],
    );
}

/// The minimal scenario with `n` copies of its queue (ids q0, q1, ...).
fn many_queues(n: usize, site: &str) -> String {
    let text = std::fs::read_to_string(crate::common::root().join(MINIMAL)).expect("minimal");
    let (head, rest) = text.split_once("queues:\n").expect("queues");
    let (queue, tail) = rest.split_once("shifts:\n").expect("shifts");
    let mut out = head.replace(
        "site: {timezone: Asia/Karachi, start: 2026-03-02, days: 7, interval: 30m}",
        site,
    );
    out += "queues:\n";
    for i in 0..n {
        out += &queue.replace("id: helpdesk", &format!("id: q{i}"));
    }
    out + "shifts:\n" + tail
}

#[test]
fn work_of_the_horizon_is_bounded() {
    let tmp = tempdir();
    // 60 queues × 364 days × 96 quarter hours = 2 096 640 queue-intervals > 2 000 000.
    let site = "site: {timezone: Asia/Karachi, start: 2026-03-02, days: 364, interval: 15m}";
    let file = crate::common::write_file(tmp.path(), "many.yaml", &many_queues(60, site));
    let e = rejected(file.to_str().expect("UTF-8"), &[]);
    assert!(
        e.contains("60 queues over 364 days of 96 intervals make 2096640 queue-intervals to staff; at most 2000000"),
        "{e}"
    );
    // 50 queues of the same horizon (1 747 200) are within it.
    let file = crate::common::write_file(tmp.path(), "fifty.yaml", &many_queues(50, site));
    let out = staffplan()
        .args(["check"])
        .arg(&file)
        .output()
        .expect("running staffplan");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("queue-intervals"), "{stderr}");
    // Shift options: a start every 15 minutes (96 a day) × 364 days × 15
    // templates = 524 160 > 500 000.
    let mut templates = String::from("shifts:\n  templates:\n");
    for t in 0..15 {
        templates += &format!("    - {{name: t{t}, paid: 8h, length: 9h, starts: \"00:00-23:45/15m\", breaks: [{{length: 1h, paid: false, window: \"3h-5h\"}}]}}\n");
    }
    templates += "  week: {work_days: 5}\n";
    let text = many_queues(1, site);
    let text = text.split_once("shifts:\n").expect("shifts").0.to_string() + &templates;
    let file = crate::common::write_file(tmp.path(), "options.yaml", &text);
    let e = rejected(file.to_str().expect("UTF-8"), &[]);
    assert!(
        e.contains("shifts.templates: the templates give 524160 shifts to choose from"),
        "{e}"
    );
}

#[test]
fn csv_files_beyond_the_row_and_size_limits() {
    let tmp = tempdir();
    let scenario = |csv: &str| {
        std::fs::read_to_string(crate::common::root().join(MINIMAL))
            .expect("minimal")
            .replace(
                "  week: {work_days: 5}\n",
                &format!("  week: {{work_days: 5}}\nagents: {{csv: {csv}}}\n"),
            )
    };
    // 100 001 agents: one more than any site.
    let mut staff = String::from("id,name,pool\n");
    for i in 0..100_001 {
        staff += &format!("a{i},Agent {i},voice\n");
    }
    crate::common::write_file(tmp.path(), "staff.csv", &staff);
    let file = crate::common::write_file(tmp.path(), "s.yaml", &scenario("staff.csv"));
    let e = rejected(file.to_str().expect("UTF-8"), &[]);
    // The header is line 1, so the 100 001st row is line 100 002.
    assert!(
        e.contains("staff.csv: line 100002: more than 100000 rows"),
        "{e}"
    );
    // A file of 200 MB is refused before it is read (sparse: no disk used).
    let big = tmp.path().join("big.csv");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(200 << 20))
        .expect("a sparse file");
    let file = crate::common::write_file(tmp.path(), "b.yaml", &scenario("big.csv"));
    let e = rejected(file.to_str().expect("UTF-8"), &[]);
    assert!(
        e.contains("big.csv: the file is 200 MB; a CSV input is at most 128 MB"),
        "{e}"
    );
    // And so is a 20 MB scenario.
    let huge = tmp.path().join("huge.yaml");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(20 << 20))
        .expect("a sparse file");
    let e = rejected(huge.to_str().expect("UTF-8"), &[]);
    assert!(
        e.contains("the scenario is 20 MB; a scenario file is at most 16 MB"),
        "{e}"
    );
}

// ---- silent misreadings (issue 14) --------------------------------------------------

#[test]
fn a_fraction_where_the_percent_goes() {
    // Was planned as 0.8 % and echoed back as "0.8/20".
    let e = rejects("sl-fraction.yaml", 12, "queues[0].service_level", &[]);
    says(
        &e,
        "tests/data/bad/sl-fraction.yaml: line 12, column 5, queues[0].service_level: `0.8/20` reads as 0.8% \
         answered within 20 s; the percent comes first, from 1 to 100: did you mean 80/20?",
    );
}

#[test]
fn percent_and_seconds_swapped() {
    rejects(
        "sl-swapped.yaml",
        12,
        "queues[0].service_level",
        &[
            "`20/80` reads as 20% answered within 80 s",
            "did you mean 80/20?",
        ],
    );
}

#[test]
fn a_handle_time_in_seconds_that_means_minutes() {
    rejects(
        "aht-seconds-slip.yaml",
        11,
        "queues[0].aht",
        &["a handle time of 6s", "did you mean 6m?"],
    );
}

#[test]
fn cities_that_are_not_zones_point_to_their_zone() {
    // Was "did you mean Asia/Oral, Asia/Hebron, Asia/Tehran?".
    let e = rejects(
        "timezone-lahore.yaml",
        9,
        "queues[0].timezone",
        &["write timezone: Asia/Karachi"],
    );
    assert!(!e.contains("Asia/Oral"), "{e}");
    rejects(
        "site-timezone-mumbai.yaml",
        3,
        "site.timezone",
        &["Mumbai keeps the time of `Asia/Kolkata`"],
    );
}

#[test]
fn a_day_given_twice_in_daily_shares() {
    // `monday` silently replaced `mon` (the shares then summed to 0.9 or 1).
    rejects(
        "shares-mon-monday.yaml",
        17,
        "queues[0].forecast.daily_shares.monday",
        &["`mon` and `monday` name the same day; give each day once"],
    );
}

// ---- messages (issue 14) ------------------------------------------------------------

#[test]
fn an_anchor_keeps_every_line_number() {
    // One anchor anywhere used to remove the line from every message.
    rejects(
        "anchor-keeps-lines.yaml",
        13,
        "queues[0].max_occupancy",
        &["got `1.85`"],
    );
}

#[test]
fn csv_lines_count_blank_lines() {
    // The CSV reader skips blank lines in its count: line 6 was reported as 4.
    rejects_at(
        "agents-blank-lines.yaml",
        "agents-blank-lines.csv",
        6,
        "contract_hours",
        &["got `forty`"],
    );
    rejects_at(
        "forecast-blank-lines.yaml",
        "forecast-blank-lines.csv",
        5,
        "volume",
        &["got `1O`"],
    );
}

#[test]
fn rust_and_serde_words_do_not_reach_the_user() {
    for (set, plain) in [
        (
            "site.days=99999999999999999999999",
            "the number 99999999999999999999999 is far too large",
        ),
        ("site={1: x}", "expected a key name (text), got 1"),
        (
            "queues.helpdesk.channel=[voice]",
            "expected a single word, got a list",
        ),
        (
            "queues.helpdesk.aht=!minutes 4",
            "the YAML tag `!minutes` means nothing",
        ),
    ] {
        let e = rejected(MINIMAL, &["--set", set]);
        assert!(e.contains(plain), "{set}: {e}");
        for rust in ["u128", "i128", "enum", "identifier", "Value::", "?:"] {
            assert!(!e.contains(rust), "{set}: `{rust}` in {e}");
        }
    }
}

#[test]
fn set_wildcard_that_matches_nothing() {
    let e = rejected(MINIMAL, &["--set", "what_if.*.name=x"]);
    says(
        &e,
        "--set what_if.*.name=x, what_if.*.name: `*` matches nothing: there is no `what_if` in the scenario; \
         keys there: name, site, shrinkage, pools, queues, shifts",
    );
}

#[test]
fn errors_only_a_set_causes_name_the_set() {
    // The file is valid; a 60-minute grid puts the template's 10:30 start off it.
    let e = rejected(
        MINIMAL,
        &[
            "--set",
            "queues.helpdesk.aht=5m",
            "--set",
            "site.interval=60m",
        ],
    );
    assert!(
        e.starts_with("error: --set site.interval=60m, shifts.templates[0].starts: start 10:30 is not on the site's 60-minute grid"),
        "{e}"
    );
    assert!(
        e.contains("(the field is at tests/data/minimal.yaml: line 24"),
        "{e}"
    );
    // Renaming the pool breaks the queue that names it.
    let e = rejected(MINIMAL, &["--set", "pools.voice.id=other"]);
    assert!(
        e.starts_with("error: --set pools.voice.id=other, queues[0].pool: no pool `voice`"),
        "{e}"
    );
    // A defect in the file itself is still placed in the file, with or without --set.
    let e = rejected(&bad("sl-120.yaml"), &["--set", "queues.helpdesk.aht=5m"]);
    assert!(
        e.starts_with("error: tests/data/bad/sl-120.yaml: line 12"),
        "{e}"
    );
}

#[test]
fn multi_skill_keys_are_checked() {
    rejects(
        "serves-unknown-queue.yaml",
        7,
        "pools[1].serves[0]",
        &[
            "no queue `helpdsk`",
            "did you mean `helpdesk`",
            "queues: helpdesk",
        ],
    );
    rejects(
        "serves-own-queue.yaml",
        6,
        "pools[0].serves[0]",
        &["already pool `voice`'s own"],
    );
    rejects(
        "redial-without-patience.yaml",
        14,
        "queues[0].redial",
        &["with `patience`"],
    );
    rejects(
        "handle-uniform-no-spread.yaml",
        14,
        "queues[0].handle_time",
        &["needs `spread`"],
    );
}

#[test]
fn several_groups_per_queue_are_refused_by_capacity() {
    // `plan`, `compare`, `quote`, `staff` and `simulate` take a pool that
    // serves other pools' queues; `capacity` (whose interpolation weighs a
    // pool by its own queues) refuses it cleanly, naming the field.
    let tmp = tempdir();
    let out = staffplan()
        .args([
            "capacity",
            "scenarios/capacity-2027.yaml",
            "--set",
            "pools.+={id: bilingual, serves: [gulf-telecom]}",
            "--set",
            "capacity.pools.bilingual={headcount: 5, attrition: {monthly: 0.04}}",
            "-o",
        ])
        .arg(tmp.path().join("capacity"))
        .output()
        .expect("running staffplan");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("pools[4].serves: pool `bilingual` serves other pools' queues (multi-skill routing), which `capacity` does not handle"),
        "{stderr}"
    );
    assert!(
        !tmp.path().join("capacity").exists(),
        "capacity wrote files"
    );
}

#[test]
fn multi_skill_staffing_refuses_mixed_channels_among_linked_pools() {
    let tmp = tempdir();
    let out = staffplan()
        .args([
            "staff",
            "scenarios/bilingual.yaml",
            "--set",
            "queues.spanish.channel=chat",
            "-o",
        ])
        .arg(tmp.path().join("staff"))
        .output()
        .expect("running staffplan");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("queues[1]: queue `spanish` is taken by pools linked by `serves`"),
        "{stderr}"
    );
    assert!(!tmp.path().join("staff").exists());
}

#[test]
fn trunk_groups_are_checked() {
    let k = "scenarios/karachi-247.yaml";
    let cases: [(&[&str], &str); 7] = [
        (
            &["--set", "trunks=[{lines: 0, queues: [uk-bank]}]"],
            "trunks[0].lines: expected a number of lines from 1 to 1000000, got 0",
        ),
        // -1 said "a whole number, 0 or more", though 0 is refused too.
        (
            &["--set", "trunks=[{lines: -1, queues: [uk-bank]}]"],
            "trunks[0].lines: expected a number of lines from 1 to 1000000, got -1",
        ),
        (
            &["--set", "queues.uk-bank.trunks=0"],
            "queues[2].trunks: expected a number of lines from 1 to 1000000, got 0",
        ),
        (
            &["--set", "queues.us-retail-email.trunks=5"],
            "queue `us-retail-email` is e-mail: only voice and chat contacts hold a line",
        ),
        (
            &["--set", "trunks=[{lines: 9, queues: [uk-bnak]}]"],
            "trunks[0].queues[0]: no queue `uk-bnak`; did you mean `uk-bank`?",
        ),
        (
            &["--set", "trunks=[{lines: 9, queues: [uk-bank, uk-bank]}]"],
            "trunks[0].queues[1]: queue `uk-bank` is listed twice",
        ),
        (
            &[
                "--set",
                "queues.uk-bank.trunks=5",
                "--set",
                "trunks=[{lines: 9, queues: [gulf-telecom, uk-bank]}]",
            ],
            "trunks[0]: queue `uk-bank` is already on the trunk group of `queues[2].trunks`",
        ),
    ];
    for (args, message) in cases {
        let stderr = rejected(k, args);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn a_pool_cannot_serve_a_queue_split_over_sites() {
    // A split queue's parts are routed by share, each to its own site's
    // pool: neither the queue nor a part may be served by another pool
    // (Karachi's Arabic pool taking Lahore's share would pool across sites).
    for serves in ["uk-bank@lahore", "uk-bank"] {
        let out = staffplan()
            .args(["check", "scenarios/karachi-lahore.yaml", "--set"])
            .arg(format!("pools.arabic-voice.serves=[{serves}]"))
            .output()
            .expect("running staffplan");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{serves}: {stderr}");
        assert!(
            stderr.contains("pools[2].serves[0]: queue `uk-bank` is split over sites (`split:`)"),
            "{serves}: {stderr}"
        );
    }
}

#[test]
fn a_sites_caps_and_rate_are_checked_like_the_scenarios() {
    // A site's own transport caps have the same range as shifts' (1 to
    // 100 000: 0 leaves nothing to plan), and a range error says its limits.
    let cases = [
        (
            "sites.lahore.max_starts_per_slot=0",
            "sites[1].max_starts_per_slot: a cap of 0 starts leaves no shift to plan",
        ),
        (
            "sites.lahore.max_ends_per_slot=1000000",
            "sites[1].max_ends_per_slot: expected a number of ends from 1 to 100000, got 1000000",
        ),
        (
            "sites.lahore.hourly=1000000",
            "sites[1].hourly: expected a cost per paid hour above 0 and below 1000000",
        ),
    ];
    for (set, expect) in cases {
        let out = staffplan()
            .args(["check", "scenarios/karachi-lahore.yaml", "--set", set])
            .output()
            .expect("running staffplan");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{set}: {stderr}");
        assert!(stderr.contains(expect), "{set}: {stderr}");
    }
}

#[test]
fn redial_attempts_out_of_range_are_refused_and_a_share_of_one_is_bounded() {
    // At 100 % every caller who hangs up would call back until answered;
    // `redial.attempts` (ten by default) stops each caller, so the share is
    // accepted. A cap of 0 calls or above 100 is refused.
    let check = |set: &str| {
        staffplan()
            .args(["check", "scenarios/bilingual.yaml", "--set", set])
            .output()
            .expect("running staffplan")
    };
    let out = check("queues.english.redial.share=1");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for n in [0, 101] {
        let out = check(&format!("queues.english.redial.attempts={n}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        let expect = format!(
            "queues[0].redial.attempts: expected the most calls one caller makes, the first included, from 1 to 100, got {n}"
        );
        assert!(stderr.contains(&expect), "{stderr}");
    }
}

#[test]
fn a_week_longer_than_the_templates_days_and_a_pool_given_twice_are_refused() {
    // Five working days from a template that starts on Friday and Saturday
    // only can never be a tour: refused when the scenario loads, not by an
    // exit 3 after planning.
    let out = staffplan()
        .args([
            "check",
            "scenarios/quick-start.yaml",
            "--set",
            "shifts.templates.0.days=fri-sat",
        ])
        .output()
        .expect("running staffplan");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("shifts.templates[0].days: the template starts on 2 day(s) of the week but its week works 5 full"),
        "{stderr}"
    );
    // `--agents` names each pool once.
    let tmp = tempdir();
    let out = staffplan()
        .args([
            "simulate",
            "scenarios/bilingual.yaml",
            "--agents",
            "bilingual=4,bilingual=5",
            "-o",
        ])
        .arg(tmp.path().join("sim"))
        .output()
        .expect("running staffplan");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--agents bilingual=5: pool `bilingual` is given twice"),
        "{stderr}"
    );
    assert!(!tmp.path().join("sim").exists());
}

/// A count written as a float is refused as every other count is (a whole
/// number, named so; it said serde's `expected i64`), and a 300-digit value
/// is echoed as its first 30 characters and its length, not whole.
#[test]
fn a_float_trunk_count_and_a_300_digit_echo() {
    rejects(
        "trunks-float.yaml",
        12,
        "queues[0].trunks",
        &["expected a whole number, got 1000.0"],
    );
    // serde_yaml reads 300 nines as the float 1e300, printed with its 301
    // digits: `1` and 29 zeros shown, then the length.
    let e = rejects(
        "aht-300-digits.yaml",
        11,
        "queues[0].aht",
        &[&format!(
            "`1{}…(301 characters)` has no unit",
            "0".repeat(29)
        )],
    );
    assert!(e.len() < 300, "{} characters: {e}", e.len());
}

#[test]
fn a_pool_no_template_serves_is_named() {
    // It used to say "the max_share add up to -0, below 1" (an empty sum).
    rejects(
        "pool_without_template.yaml",
        28,
        "shifts.templates",
        &[
            "no shift template serves pool `chat`",
            "add `chat` to a template's pools",
        ],
    );
}

#[test]
fn a_slip_in_a_shrinkage_key_set_beside_total_is_named() {
    // minimal.yaml has shrinkage: {total: 0.30}; `--set shrinkage.totl=0.3`
    // used to say "give either `total` or the parts, not both".
    let e = rejected(MINIMAL, &["--set", "shrinkage.totl=0.3"]);
    assert!(e.contains("shrinkage.totl"), "{e}");
    assert!(e.contains("unknown shrinkage part `totl`"), "{e}");
    assert!(e.contains("did you mean `total`?"), "{e}");
}

#[test]
fn a_min_rest_no_week_of_the_template_can_keep_is_refused() {
    // minimal.yaml: 9 h shifts, 5 working days a week with consecutive days
    // off, one start all week: 24 − 9 = 15 h between working days. 16 h
    // cannot be kept (plan used to fail at the roster, exit 3); 15 h can.
    let e = rejected(MINIMAL, &["--set", "rules.min_rest=16h"]);
    assert!(e.contains("rules.min_rest"), "{e}");
    assert!(
        e.contains("min_rest 16h cannot be kept on template `day`"),
        "{e}"
    );
    assert!(e.contains("15h apart"), "{e}");
    staffplan()
        .args(["check", MINIMAL, "--set", "rules.min_rest=15h"])
        .assert()
        .success();
}

#[test]
fn a_whole_number_spelt_with_an_exponent_says_how_to_write_it() {
    // 1e1 and 7.0 are whole numbers in value, not in spelling: YAML reads
    // them as floats. 7.5 is not whole at all.
    for (value, tail) in [
        (
            "1e1",
            "got 10.0: write it as 10, without a decimal point or exponent",
        ),
        (
            "7.0",
            "got 7.0: write it as 7, without a decimal point or exponent",
        ),
        ("7.5", "got 7.5"),
    ] {
        let out = staffplan()
            .args(["check", "scenarios/quick-start.yaml", "--set"])
            .arg(format!("site.days={value}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let text = String::from_utf8(out.stderr).unwrap();
        assert!(
            text.trim_end().ends_with(&format!(
                "site.days: expected a whole number, not negative, {tail}"
            )),
            "{text}"
        );
    }
}
