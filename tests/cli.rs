//! Happy paths through the binary: `check`, `staff` and `erlang`, with
//! expected figures worked out by hand (or by the textbook Erlang C in
//! `common`), never pasted from the program's own output.

use std::path::Path;

use serde_json::Value;

use crate::common::{
    assert_close, erlang_c, num, service_level, staffplan, tempdir, write_file, Csv,
};

const KARACHI: &str = "scenarios/karachi-247.yaml";
const QUICK_START: &str = "scenarios/quick-start.yaml";
const KARACHI_QUEUES: [&str; 5] = [
    "us-retail",
    "us-tech-chat",
    "uk-bank",
    "gulf-telecom",
    "us-retail-email",
];
const KARACHI_POOLS: [&str; 4] = [
    "english-voice",
    "english-chat",
    "arabic-voice",
    "backoffice",
];

/// docs/spec.md: the first ten columns of requirements.csv, each local
/// instant followed by its date and clock time (issue 16, item 6: cells a
/// spreadsheet reads as a date and a time).
const REQUIREMENTS_HEADER: [&str; 14] = [
    "interval_start_utc",
    "interval_start_site",
    "date_site",
    "time_site",
    "queue",
    "client_local_time",
    "date_client",
    "time_client",
    "volume",
    "agent_volume",
    "aht_s",
    "erlangs",
    "required_net",
    "required_gross",
];

/// Run a command that must succeed; return stdout.
fn ok(args: &[&str]) -> String {
    let out = staffplan().args(args).output().expect("running staffplan");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?} failed:\n{stderr}");
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// `staffplan staff SCENARIO -o DIR`, which must succeed.
fn staff(scenario: &str, dir: &Path) -> String {
    ok(&["staff", scenario, "-o", dir.to_str().expect("a UTF-8 path")])
}

/// summary.json without its `timings` object: the part that must not vary.
fn summary_without_timings(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    let mut json: Value = serde_json::from_str(&text).expect("summary.json is JSON");
    let timings = json.as_object_mut().expect("an object").remove("timings");
    assert!(
        timings.is_some_and(|t| t.is_object()),
        "summary.json has a `timings` object"
    );
    json
}

// ---- check -------------------------------------------------------------------------

#[test]
fn check_karachi_lists_every_queue() {
    let out = ok(&["check", KARACHI]);
    for id in KARACHI_QUEUES.iter().chain(&KARACHI_POOLS) {
        assert!(out.contains(id), "`{id}` missing from:\n{out}");
    }
    assert!(
        out.ends_with("scenarios/karachi-247.yaml: valid\n"),
        "{out}"
    );
}

#[test]
fn check_quick_start_lists_its_queue() {
    let out = ok(&["check", QUICK_START]);
    assert!(out.contains("helpdesk"), "{out}");
    // No hourly rate: its costs are paid hours, not a currency (as
    // summary.json's cost_unit says); Karachi's are in USD.
    assert!(
        out.contains("costs in paid hours (no hourly rate given)"),
        "{out}"
    );
    assert!(ok(&["check", KARACHI]).contains("costs in USD"));
    assert!(
        out.ends_with("scenarios/quick-start.yaml: valid\n"),
        "{out}"
    );
}

// ---- staff ---------------------------------------------------------------------------

#[test]
fn staff_writes_the_three_files_with_the_spec_header() {
    let tmp = tempdir();
    let dir = tmp.path().join("out");
    let stdout = staff(KARACHI, &dir);
    assert!(stdout.contains("wrote 3 files to"), "{stdout}");
    for name in ["requirements.csv", "pool_requirements.csv", "summary.json"] {
        assert!(dir.join(name).is_file(), "{name} missing");
    }
    let req = Csv::read(&dir.join("requirements.csv"));
    assert_eq!(
        req.header[..14],
        REQUIREMENTS_HEADER,
        "first fourteen columns of requirements.csv"
    );
}

#[test]
fn staff_karachi_has_one_row_per_interval_and_queue() {
    let tmp = tempdir();
    staff(KARACHI, tmp.path());
    // 7 days × 48 half hours = 336 intervals; 5 queues; 4 pools.
    let req = Csv::read(&tmp.path().join("requirements.csv"));
    assert_eq!(req.rows.len(), 336 * 5);
    for id in KARACHI_QUEUES {
        assert_eq!(
            req.rows.iter().filter(|r| r["queue"] == id).count(),
            336,
            "rows of {id}"
        );
    }
    let pools = Csv::read(&tmp.path().join("pool_requirements.csv"));
    assert_eq!(pools.rows.len(), 336 * 4);

    // Site Monday 2026-03-02 00:00 PKT (UTC+5) is Sunday 19:00 UTC; the last
    // interval starts 167.5 hours later, Sunday 2026-03-08 23:30 PKT.
    let first = &req.rows[0];
    assert_eq!(first["interval_start_utc"], "2026-03-01T19:00Z");
    assert_eq!(first["interval_start_site"], "2026-03-02T00:00+05:00");
    assert_eq!(
        (&*first["date_site"], &*first["time_site"]),
        ("2026-03-02", "00:00")
    );
    // The first queue, us-retail, is New York's: 19:00Z is 14:00 EST on Sunday.
    assert_eq!(first["queue"], "us-retail");
    assert_eq!(first["client_local_time"], "2026-03-01T14:00-05:00");
    assert_eq!(
        (&*first["date_client"], &*first["time_client"]),
        ("2026-03-01", "14:00")
    );
    let last = &req.rows[req.rows.len() - 1];
    assert_eq!(last["interval_start_utc"], "2026-03-08T18:30Z");
    assert_eq!(last["interval_start_site"], "2026-03-08T23:30+05:00");

    let summary = summary_without_timings(tmp.path());
    assert_eq!(summary["site"]["intervals"], 336);
    let ids: Vec<&str> = summary["queues"]
        .as_array()
        .expect("queues")
        .iter()
        .filter_map(|q| q["id"].as_str())
        .collect();
    assert_eq!(ids, KARACHI_QUEUES);
}

#[test]
fn staff_quick_start_figures_follow_the_formulas() {
    let tmp = tempdir();
    staff(QUICK_START, tmp.path());
    let req = Csv::read(&tmp.path().join("requirements.csv"));
    assert_eq!(req.rows.len(), 336);

    // London is open Mon-Fri 08:00-20:00, all inside the Karachi week (which
    // runs Sunday 19:00 to Sunday 19:00 London time), so the whole weekly
    // volume of 10 000 lands in the horizon.
    let total: f64 = req.rows.iter().map(|r| num(r, "volume")).sum();
    assert_close(total, 10_000.0, 0.5, "volume in the horizon");

    for r in &req.rows {
        let at = &r["interval_start_site"];
        // A = λ·AHT: contacts × 240 s over a 1800 s interval (no bots).
        let a = num(r, "agent_volume") * 240.0 / 1800.0;
        assert_close(num(r, "erlangs"), a, 1e-3, at);
        let net = num(r, "required_net") as u32;
        if a == 0.0 {
            assert_eq!(net, 0, "{at}: zero volume needs no agent");
        } else {
            // Smallest N > A with SL(N) ≥ 80 % in 20 s (rounded A, so allow a hair).
            assert!(f64::from(net) > a, "{at}: N = {net} must exceed A = {a}");
            assert!(
                service_level(net, a, 20.0, 240.0) >= 0.8 - 1e-6,
                "{at}: SL at {net} below target"
            );
            assert!(
                service_level(net - 1, a, 20.0, 240.0) < 0.8 + 1e-6,
                "{at}: {} agents would do",
                net - 1
            );
        }
        // Gross = ⌈net ÷ (1 − 0.3)⌉ with exact rounding: 21 net is 30 gross, not 31.
        let gross = num(r, "required_gross");
        let exact = f64::from(net) / 0.7;
        let expected = if (exact - exact.round()).abs() < 1e-9 * exact.max(1.0) {
            exact.round()
        } else {
            exact.ceil()
        };
        assert_eq!(
            gross, expected,
            "{at}: gross for {net} net at 30 % shrinkage"
        );
    }
}

#[test]
fn staff_is_deterministic() {
    let tmp = tempdir();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    staff(KARACHI, &a);
    staff(KARACHI, &b);
    for name in ["requirements.csv", "pool_requirements.csv"] {
        let (x, y) = (
            std::fs::read(a.join(name)).expect(name),
            std::fs::read(b.join(name)).expect(name),
        );
        assert!(x == y, "{name} differs between two runs");
    }
    assert_eq!(summary_without_timings(&a), summary_without_timings(&b));
}

#[test]
fn staff_defaults_to_out_and_the_scenario_stem_with_staff() {
    let tmp = tempdir();
    std::fs::copy(
        crate::common::root().join(QUICK_START),
        tmp.path().join("quick-start.yaml"),
    )
    .expect("copying");
    staffplan()
        .current_dir(tmp.path())
        .args(["staff", "quick-start.yaml"])
        .assert()
        .success();
    assert!(tmp
        .path()
        .join("out/quick-start-staff/requirements.csv")
        .is_file());
    // out/quick-start/ is plan's.
    assert!(!tmp.path().join("out/quick-start").exists());
}

/// The previous outputs, as bytes, for comparing after a failed run.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the output folder")
        .map(|e| {
            let e = e.expect("an entry");
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).expect("a file"),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_rejected_run_leaves_the_previous_outputs() {
    let tmp = tempdir();
    let dir = tmp.path().join("out");
    staff(QUICK_START, &dir);
    let before = snapshot(&dir);
    staffplan()
        .args(["staff", "tests/data/bad/aht-no-unit.yaml", "-o"])
        .arg(&dir)
        .assert()
        .code(2)
        .stdout("");
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn an_unwritable_output_path_fails_cleanly() {
    let tmp = tempdir();
    let file = write_file(tmp.path(), "a-file", "not a folder");
    let out = staffplan()
        .args(["staff", QUICK_START, "-o"])
        .arg(file.join("out"))
        .output()
        .expect("running");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("is a file, so no folder can go there"),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "plain words: {stderr}");
    assert!(out.stdout.is_empty());
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("a-file"), "names the path: {stderr}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("the file"),
        "not a folder"
    );
}

/// Run `staff KARACHI -o DIR` under a 1-block file-size limit, so writing
/// requirements.csv fails part-way: with SIGXFSZ ignored the write returns
/// an error, otherwise the kernel kills the process mid-write.
#[cfg(unix)]
fn staff_with_tiny_file_limit(dir: &Path, ignore_signal: bool) -> std::process::Output {
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    std::process::Command::new("sh")
        .current_dir(crate::common::root())
        .arg("-c")
        .arg(format!("{trap}ulimit -f 1; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_staffplan"))
        .args(["staff", KARACHI, "-o"])
        .arg(dir)
        .output()
        .expect("running sh")
}

#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_previous_outputs() {
    let tmp = tempdir();
    let dir = tmp.path().join("out");
    staff(QUICK_START, &dir);
    let before = snapshot(&dir);
    let out = staff_with_tiny_file_limit(&dir, true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("File too large") || stderr.contains("too large"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no summary for a failed run");
    assert_eq!(snapshot(&dir), before, "the previous outputs are intact");
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["out"], "the temporary folder is cleaned up");
}

#[cfg(unix)]
#[test]
fn a_killed_run_leaves_the_previous_outputs() {
    let tmp = tempdir();
    let dir = tmp.path().join("out");
    staff(QUICK_START, &dir);
    let before = snapshot(&dir);
    let out = staff_with_tiny_file_limit(&dir, false);
    assert!(!out.status.success());
    assert_eq!(snapshot(&dir), before, "the previous outputs are intact");
}

// ---- erlang ----------------------------------------------------------------------------

/// The hand example: 10 calls of 180 s in 30 minutes, 80 % within 20 s.
const HAND: [&str; 8] = [
    "erlang",
    "--volume",
    "10",
    "--interval",
    "30m",
    "--aht",
    "180s",
    "--sl",
];

fn hand(extra: &[&str]) -> String {
    let mut args: Vec<&str> = HAND.to_vec();
    args.push("80/20");
    args.extend_from_slice(extra);
    ok(&args)
}

/// A = 10 · 180 / 1800 = 1 Erlang. N = 2: C = 1/3, SL = 1 − e^(−1/9)/3 ≈ 0.7017 < 0.8;
/// N = 3: C = 1/11, SL = 1 − e^(−2/9)/11 ≈ 0.9272 ≥ 0.8. So 3 agents.
fn hand_sl(n: u32) -> f64 {
    let c = match n {
        2 => 1.0 / 3.0,
        3 => 1.0 / 11.0,
        _ => unreachable!(),
    };
    1.0 - c * (-(f64::from(n) - 1.0) * 20.0 / 180.0).exp()
}

#[test]
fn the_hand_example_is_what_the_reference_formula_gives() {
    assert_close(
        hand_sl(2),
        service_level(2, 1.0, 20.0, 180.0),
        1e-12,
        "SL at 2",
    );
    assert_close(
        hand_sl(3),
        service_level(3, 1.0, 20.0, 180.0),
        1e-12,
        "SL at 3",
    );
    assert!(hand_sl(2) < 0.8 && hand_sl(3) >= 0.8);
}

#[test]
fn erlang_table_output() {
    let out = hand(&[]);
    let line = |key: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(key))
            .map(str::split_whitespace)
    };
    let words: Vec<&str> = line("required agents")
        .expect("a required agents line")
        .collect();
    assert_eq!(words, ["required", "agents", "3"], "{out}");
    let load: Vec<&str> = line("offered load")
        .expect("an offered load line")
        .collect();
    assert_eq!(load[2].parse::<f64>().ok(), Some(1.0), "{out}");
    // SL at 3 agents ≈ 92.7 %.
    assert!(
        out.contains(&format!("{:.1}%", hand_sl(3) * 100.0)),
        "{out}"
    );
}

#[test]
fn erlang_json_output() {
    let json: Value = serde_json::from_str(&hand(&["--format", "json"])).expect("JSON");
    assert_eq!(json["required_agents"], 3);
    assert_close(
        json["erlangs"].as_f64().expect("erlangs"),
        1.0,
        1e-12,
        "erlangs",
    );
    let at = &json["at"];
    assert_eq!(at["agents"], 3);
    assert_close(at["sl"].as_f64().expect("sl"), hand_sl(3), 1e-9, "SL at 3");
    // P(wait) = C(3, 1) = 1/11; ASA = C·AHT/(N − A) = 180/22 s; occupancy A/N = 1/3.
    assert_close(
        at["p_wait"].as_f64().expect("p_wait"),
        1.0 / 11.0,
        1e-9,
        "P(wait)",
    );
    assert_close(
        at["asa_s"].as_f64().expect("asa_s"),
        180.0 / 22.0,
        1e-9,
        "ASA",
    );
    assert_close(
        at["occupancy"].as_f64().expect("occupancy"),
        1.0 / 3.0,
        1e-9,
        "occupancy",
    );
}

#[test]
fn erlang_csv_output() {
    let csv = Csv::parse(&hand(&["--format", "csv"]));
    assert_eq!(csv.rows.len(), 1);
    let row = &csv.rows[0];
    assert_eq!(row["required_agents"], "3");
    assert_eq!(row["agents_used"], "3");
    assert_close(num(row, "erlangs"), 1.0, 1e-12, "erlangs");
    assert_close(num(row, "sl"), hand_sl(3), 1e-9, "SL");
}

#[test]
fn erlang_service_level_accepts_a_seconds_suffix() {
    let mut args = HAND.to_vec();
    args.extend(["80/20s", "--format", "json"]);
    assert_eq!(hand(&["--format", "json"]), ok(&args));
}

#[test]
fn erlang_reverse_calculation_at_2_agents() {
    let json: Value =
        serde_json::from_str(&hand(&["--agents", "2", "--format", "json"])).expect("JSON");
    assert_eq!(
        json["required_agents"], 3,
        "the requirement does not change"
    );
    let at = &json["at"];
    assert_eq!(at["agents"], 2);
    // SL = 1 − (1/3)·e^(−1/9) = 0.70172...
    assert_close(at["sl"].as_f64().expect("sl"), hand_sl(2), 1e-9, "SL at 2");
    assert_close(
        at["sl"].as_f64().expect("sl"),
        0.7017,
        5e-5,
        "SL at 2, four places",
    );
    assert_close(
        at["p_wait"].as_f64().expect("p_wait"),
        1.0 / 3.0,
        1e-9,
        "P(wait)",
    );
    assert_close(
        at["asa_s"].as_f64().expect("asa_s"),
        60.0,
        1e-9,
        "ASA = (1/3)·180/1",
    );
    assert_close(
        at["occupancy"].as_f64().expect("occupancy"),
        0.5,
        1e-12,
        "occupancy",
    );

    let text = hand(&["--agents", "2"]);
    assert!(text.contains("at 2 agents"), "{text}");
    assert!(text.contains("70.2%"), "{text}");
}

#[test]
fn erlang_table_of_agent_counts() {
    let text = hand(&["--table", "1..5"]);
    let body: Vec<&str> = text
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        body.len(),
        5,
        "five rows after the header and rule:\n{text}"
    );
    let first: Vec<&str> = body
        .iter()
        .map(|l| l.split_whitespace().next().unwrap_or_default())
        .collect();
    assert_eq!(first, ["1", "2", "3", "4", "5"]);

    let csv = Csv::parse(&hand(&["--table", "1..5", "--format", "csv"]));
    assert_eq!(csv.rows.len(), 5);
    for (row, n) in csv.rows.iter().zip(1u32..) {
        assert_eq!(num(row, "agents") as u32, n);
        // At N = A = 1 the queue never empties: SL 0.
        assert_close(
            num(row, "sl"),
            service_level(n, 1.0, 20.0, 180.0),
            1e-9,
            &format!("SL at {n}"),
        );
        if n > 1 {
            assert_close(
                num(row, "p_wait"),
                erlang_c(n, 1.0),
                1e-9,
                &format!("P(wait) at {n}"),
            );
            assert_close(
                num(row, "occupancy"),
                1.0 / f64::from(n),
                1e-12,
                &format!("occupancy at {n}"),
            );
        }
    }

    let json: Value =
        serde_json::from_str(&hand(&["--table", "1..5", "--format", "json"])).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(5));
}

#[test]
fn erlang_rounds_exactly_at_the_occupancy_cap_and_shrinkage() {
    // A = 147 · 180 / 1800 = 14.7 Erlangs; a 70 % cap needs 14.7 / 0.7 = 21
    // agents (SL at 21 is far above 80 %), and 30 % shrinkage 21 / 0.7 = 30 —
    // both exact, though floating point makes them 21.000000000000004 and
    // 30.000000000000004. SPEC: "21 ÷ 0.7 needs 30 agents, not 31".
    assert!(
        service_level(20, 14.7, 20.0, 180.0) > 0.8,
        "the cap, not the SL, binds"
    );
    let out = ok(&[
        "erlang",
        "--volume",
        "147",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--max-occupancy",
        "0.7",
        "--shrinkage",
        "0.3",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["required_agents"], 21, "{out}");
    assert_eq!(json["required_with_shrinkage"], 30, "{out}");
    assert_close(
        json["required_with_shrinkage_raw"].as_f64().expect("raw"),
        30.0,
        1e-9,
        "raw gross",
    );
}

#[test]
fn erlang_zero_volume_needs_no_agent() {
    let json: Value = serde_json::from_str(&ok(&[
        "erlang", "--volume", "0", "--aht", "180s", "--sl", "80/20", "--format", "json",
    ]))
    .expect("JSON");
    assert_eq!(json["required_agents"], 0);
}

/// Run an `erlang` command that must be refused; return stderr.
fn refused(args: &[&str]) -> String {
    let out = staffplan().args(args).output().expect("running staffplan");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}: stdout");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn erlang_bad_flags() {
    let e = refused(&[
        "erlang", "--volume", "10", "--aht", "180s", "--sl", "120/20",
    ]);
    assert!(
        e.contains("--sl") && e.contains("120%") && e.contains("(0, 100]") && e.contains("80/20"),
        "{e}"
    );
    // 100 % is refused with advice --sl takes (it advised 0.99, which --sl
    // refuses), and the advice is accepted.
    let e = refused(&["erlang", "--volume", "100", "--aht", "3m", "--sl", "100/0"]);
    assert!(
        e.contains("--sl: a service level of 100 % can never be met")
            && e.contains("e.g. --sl 99/0"),
        "{e}"
    );
    staffplan()
        .args(["erlang", "--volume", "100", "--aht", "3m", "--sl", "99/0"])
        .assert()
        .success();
    let e = refused(&["erlang", "--volume", "10", "--aht", "180s", "--sl", "0/20"]);
    assert!(e.contains("--sl") && e.contains("0%"), "{e}");
    let e = refused(&["erlang", "--volume", "10", "--aht", "360", "--sl", "80/20"]);
    assert!(
        e.contains("--aht") && e.contains("has no unit") && e.contains("6m"),
        "{e}"
    );
    let e = refused(&["erlang", "--volume", "10", "--aht", "180s"]);
    assert!(e.contains("--sl"), "{e}");
    let e = refused(&[
        "erlang", "--volume", "nan", "--aht", "180s", "--sl", "80/20",
    ]);
    assert!(e.contains("NaN"), "{e}");
    let e = refused(&["erlang", "--volume=-5", "--aht", "180s", "--sl", "80/20"]);
    assert!(e.contains("-5"), "{e}");
    let e = refused(&[
        "erlang", "--volume", "10", "--aht", "180s", "--sl", "80/20", "--table", "5..1",
    ]);
    assert!(e.contains("5..1"), "{e}");
    let e = refused(&[
        "erlang",
        "--volume",
        "10",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--shrinkage",
        "1",
    ]);
    assert!(e.contains("--shrinkage") && e.contains("below 1"), "{e}");
}

#[test]

fn erlang_negative_volume_names_the_flag() {
    let e = refused(&["erlang", "--volume", "-5", "--aht", "180s", "--sl", "80/20"]);
    assert!(!e.contains("unexpected argument"), "{e}");
    assert!(e.contains("volume") && e.contains("-5"), "{e}");
}

#[test]
fn negative_numbers_to_flags_say_what_is_valid() {
    // clap used to answer "unexpected argument '-3' found".
    let erl = |extra: &[&str]| {
        let mut args = vec!["erlang", "--volume", "10", "--aht", "180s", "--sl", "80/20"];
        args.extend_from_slice(extra);
        refused(&args)
    };
    for (extra, says) in [
        (
            &["--agents", "-3"][..],
            "a number of agents must be 0 or more, got `-3`",
        ),
        (
            &["--concurrency", "-1"],
            "chat sessions per agent must be 1 or more, got `-1`",
        ),
        (
            &["--concurrency", "1000"],
            "a whole number from 1 to 100, got `1000`",
        ),
        (
            &["--asa", "-30s"],
            "'--asa <ASA>': the value must be 0 or more, got `-30s`",
        ),
        (
            &["--max-occupancy", "-0.5"],
            "the value must be 0 or more, got `-0.5`",
        ),
        (&["--interval", "-30m"], "the value must be 0 or more"),
    ] {
        let e = erl(extra);
        assert!(!e.contains("unexpected argument"), "{extra:?}: {e}");
        assert!(e.contains(says), "{extra:?}: {e}");
    }
    let e = refused(&["erlang", "--volume", "10", "--aht", "-4m", "--sl", "80/20"]);
    assert!(
        e.contains("'--aht <AHT>': the value must be 0 or more, got `-4m`"),
        "{e}"
    );
    let e = refused(&["plan", "tests/data/minimal.yaml", "--time-limit", "-5s"]);
    assert!(
        e.contains("a time limit must be above 0, like 60s or 2m, got `-5s`"),
        "{e}"
    );
    let e = refused(&["simulate", "tests/data/minimal.yaml", "--runs", "-1"]);
    assert!(
        e.contains("a number of simulation runs must be 1 or more"),
        "{e}"
    );
    // A quote's volume reaches the scenario's own check.
    let e = refused(&[
        "quote",
        "--client",
        "A",
        "--timezone",
        "Europe/London",
        "--weekly-volume",
        "-3",
        "--aht",
        "4m",
        "--sl",
        "80/20",
        "--site-timezone",
        "Asia/Karachi",
        "--hourly",
        "3",
    ]);
    assert!(e.contains("--weekly-volume -3"), "{e}");
    assert!(!e.contains("unexpected argument"), "{e}");
}

#[test]
fn erlang_flags_refuse_the_slips_the_scenario_refuses() {
    let e = refused(&["erlang", "--volume", "10", "--aht", "6s", "--sl", "80/20"]);
    assert!(e.contains("did you mean 6m?"), "{e}");
    let e = refused(&["erlang", "--volume", "10", "--aht", "4m", "--sl", "0.8/20"]);
    assert!(e.contains("did you mean 80/20?"), "{e}");
    let e = refused(&["erlang", "--volume", "10", "--aht", "4m", "--sl", "20/80"]);
    assert!(e.contains("did you mean 80/20?"), "{e}");
}

#[test]
fn erlang_batch_never_writes_a_column_twice() {
    let tmp = tempdir();
    // An `asa_s` target keeps its name; the achieved ASA is `achieved_asa_s`.
    let input = write_file(
        tmp.path(),
        "asa.csv",
        "volume,interval_s,aht_s,sl_target,sl_seconds,asa_s\n10,1800,180,0.8,20,30\n",
    );
    let out = ok(&["erlang", "--batch", input.to_str().expect("UTF-8")]);
    let header: Vec<&str> = out.lines().next().expect("a header").split(',').collect();
    let mut sorted = header.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), header.len(), "a name twice in {header:?}");
    assert!(header.contains(&"achieved_asa_s"), "{header:?}");
    // A pass-through column named `sl` is refused on line 1.
    let input = write_file(
        tmp.path(),
        "sl.csv",
        "volume,interval_s,aht_s,sl_target,sl_seconds,sl\n10,1800,180,0.8,20,high\n",
    );
    let e = refused(&["erlang", "--batch", input.to_str().expect("UTF-8")]);
    assert!(e.contains("sl.csv: line 1, sl: input column sl"), "{e}");
    assert!(e.contains("rename it (like sl_in)"), "{e}");
}

// ---- erlang --batch ----------------------------------------------------------------------

const BATCH: &str = "\
case,volume,interval_s,aht_s,sl_target,sl_seconds,agents
hand,10,1800,180,0.8,20,
reverse,10,1800,180,0.8,20,2
";

#[test]

fn erlang_batch_passes_columns_through() {
    let tmp = tempdir();
    let input = write_file(tmp.path(), "cases.csv", BATCH);
    let out = ok(&["erlang", "--batch", input.to_str().expect("UTF-8")]);
    let csv = Csv::parse(&out);
    for column in [
        "case",
        "volume",
        "erlangs",
        "required_agents",
        "required_with_shrinkage",
        "agents_used",
        "sl",
        "asa_s",
        "p_wait",
        "occupancy",
    ] {
        assert!(
            csv.header.iter().any(|h| h == column),
            "column `{column}` in {:?}",
            csv.header
        );
    }
    assert_eq!(csv.rows.len(), 2);
    let (a, b) = (&csv.rows[0], &csv.rows[1]);
    assert_eq!(a["case"], "hand");
    assert_eq!(a["required_agents"], "3");
    assert_eq!(a["agents_used"], "3");
    assert_close(num(a, "erlangs"), 1.0, 1e-9, "erlangs");
    assert_close(num(a, "sl"), hand_sl(3), 1e-9, "SL at 3");
    assert_eq!(b["case"], "reverse");
    assert_eq!(b["required_agents"], "3");
    assert_eq!(b["agents_used"], "2");
    assert_close(num(b, "sl"), hand_sl(2), 1e-9, "SL at 2");

    // -o writes the same CSV to a file and nothing to stdout.
    let result = tmp.path().join("results.csv");
    let stdout = ok(&[
        "erlang",
        "--batch",
        input.to_str().expect("UTF-8"),
        "-o",
        result.to_str().expect("UTF-8"),
    ]);
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(std::fs::read_to_string(&result).expect("results.csv"), out);
}

#[test]

fn erlang_batch_bad_row_names_its_line() {
    let tmp = tempdir();
    let input = write_file(
        tmp.path(),
        "cases.csv",
        &BATCH.replace("reverse,10,", "reverse,ten,"),
    );
    let result = tmp.path().join("results.csv");
    let out = staffplan()
        .args([
            "erlang",
            "--batch",
            input.to_str().expect("UTF-8"),
            "-o",
            result.to_str().expect("UTF-8"),
        ])
        .output()
        .expect("running staffplan");
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert!(
        e.contains(&format!("{}: line 3", input.display())),
        "names the file and line 3: {e}"
    );
    assert!(e.contains("volume") && e.contains("\"ten\""), "{e}");
    assert!(!result.exists(), "no half-written results file");
}

/// Run `args` with stdout and/or stderr a pipe whose reading end is closed
/// before the program writes: its exit status.
fn closed_pipes(args: &[&str], close_stdout: bool, close_stderr: bool) -> Option<i32> {
    use std::process::{Command, Stdio};
    let pipe = |closed: bool| {
        if closed {
            Stdio::piped()
        } else {
            Stdio::null()
        }
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_staffplan"))
        .current_dir(crate::common::root())
        .args(args)
        .stdout(pipe(close_stdout))
        .stderr(pipe(close_stderr))
        .spawn()
        .expect("staffplan starts");
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().expect("staffplan ends").code()
}

#[test]
fn a_closed_stderr_or_stdout_does_not_panic() {
    // `plan … 2>&1 >/dev/null | true` panicked (exit 101) writing its
    // timings to a broken stderr; the plan itself succeeded (exit 0), and an
    // error still exits with its own code (2) when nobody reads it.
    let dir = tempdir();
    let plan = |name: &str| {
        let out = dir.path().join(name).to_str().unwrap().to_string();
        [
            "plan".to_string(),
            QUICK_START.to_string(),
            "-o".to_string(),
            out,
        ]
    };
    let (a, b) = (plan("a"), plan("b"));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    assert_eq!(closed_pipes(&a, false, true), Some(0));
    assert_eq!(closed_pipes(&b, true, true), Some(0));
    assert!(dir.path().join("b/summary.json").is_file());
    assert_eq!(
        closed_pipes(&["plan", "no-such.yaml"], false, true),
        Some(2)
    );
}

/// A bad batch cell is echoed as [`staffplan::error::echo`] shows a long
/// value (it was cut at 40 characters with no mark), and a value the checks
/// print whole (the offered load of a 300-digit volume) is shortened too.
#[test]
fn erlang_batch_echoes_long_cells_short() {
    let tmp = tempdir();
    let nines = "9".repeat(300);
    let run = |name: &str, row: &str| -> String {
        let input = write_file(
            tmp.path(),
            name,
            &format!("volume,interval_s,aht_s,sl_target,sl_seconds\n{row}\n"),
        );
        let out = staffplan()
            .args(["erlang", "--batch"])
            .arg(&input)
            .output()
            .expect("running staffplan");
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.len() < 300, "{} characters: {stderr}", stderr.len());
        stderr
    };
    // `x` and 300 nines: 301 characters, the first 30 shown.
    let e = run("aht.csv", &format!("100,1800,x{nines},0.8,20"));
    assert!(
        e.contains(&format!(
            "aht_s: expected a positive number of seconds, got \"x{}…(301 characters)\"",
            &nines[..29]
        )),
        "{e}"
    );
    let e = run("volume.csv", &format!("{nines},1800,240,0.8,20"));
    assert!(e.contains("volume.csv: line 2, volume: "), "{e}");
    assert!(e.contains("characters)"), "{e}");
}

#[test]
fn erlang_output_without_a_batch_is_refused() {
    // -o writes a batch result; beside one calculation it was ignored
    // (exit 0, nothing written).
    let dir = tempdir();
    let out = dir.path().join("e.csv");
    let out_arg = out.to_str().expect("path");
    let e = refused(&[
        "erlang", "--volume", "100", "--aht", "4m", "--sl", "80/20", "-o", out_arg,
    ]);
    assert!(
        e.contains("writes a --batch result") && e.contains("--batch FILE"),
        "{e}"
    );
    assert!(!out.exists());
}

/// A chat requirement's figures are at the required sessions, and the
/// terminal says so: 83.33 chats of 8 min in 30 min is A = 22.2 Erlangs of
/// sessions; 80/60 needs 27 sessions (SL 0.8646 there; 26 give less), so
/// ⌈27 ÷ 2⌉ = 14 agents, who can run 28. It used to say "at 14 agents".
#[test]
fn a_chat_requirement_names_the_sessions_its_figures_are_at() {
    staffplan()
        .args([
            "erlang",
            "--volume",
            "83.3333333",
            "--aht",
            "8m",
            "--sl",
            "80/60",
        ])
        .args(["--concurrency", "2"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "at the required 27 sessions (14 agents run up to 28):",
        ))
        .stdout(predicates::str::contains("service level     86.5%"));
}

/// A 300-character flag value in an error clap writes (`--at`, `--volume`)
/// or in one of ours (`-o` without `--batch`) is echoed as its first 30
/// characters and its length, as every other error echoes a long value;
/// exit 2; `--help` is still printed whole.
#[test]
fn long_flag_values_are_clipped_in_usage_errors() {
    let long = "x".repeat(300);
    let clipped = format!("{}…(300 characters)", &long[..30]);
    let cases: [&[&str]; 3] = [
        &[
            "forecast",
            "h.csv",
            "--timezone",
            "UTC",
            "--actuals",
            "a.csv",
            "--at",
            &long,
        ],
        &["erlang", "--volume", &long, "--aht", "4m", "--sl", "80/20"],
        &[
            "erlang", "--volume", "100", "--aht", "4m", "--sl", "80/20", "-o", &long,
        ],
    ];
    for args in cases {
        let out = staffplan().args(args).output().expect("running staffplan");
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&clipped), "{args:?}: {stderr}");
        assert!(!stderr.contains(&long[..61]), "{args:?}: {stderr}");
    }
    let help = staffplan()
        .args(["erlang", "--help"])
        .output()
        .expect("help");
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Usage: staffplan erlang"));
}

#[test]
fn a_quote_from_flags_names_the_flag_a_missing_key_needs() {
    // The site's clock is --site-timezone, the cost --hourly (docs/cli.md).
    for (flags, flag) in [
        (
            &[
                "--timezone",
                "Asia/Dubai",
                "--weekly-volume",
                "1000",
                "--aht",
                "4m",
            ][..],
            "--site-timezone",
        ),
        (&["--weekly-volume", "1000"][..], "--timezone"),
    ] {
        let out = staffplan().arg("quote").args(flags).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let text = String::from_utf8(out.stderr).unwrap();
        assert!(
            text.contains(&format!("give it as a flag ({flag}, or --set KEY=VALUE)")),
            "{text}"
        );
    }
}
