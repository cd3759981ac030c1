//! Generated inputs: valid scenarios mutated at random (lines deleted,
//! duplicated, swapped, numbers pushed to extremes or NaN, units and time
//! zones changed, stray YAML characters inserted, text cut short), random
//! `--set` overrides and random CSV lines (forecast, requirement, staff list)
//! go through load + validate, and the small valid ones through the whole
//! pipeline. Long ids and names (around 200 and 65 536 characters) and huge
//! counts go in through the file and `--set`; the binary itself is run with
//! random `erlang` flags (negative, huge, NaN, long, missing), random `check`,
//! `staff` and `quote` flags, and CSV files with long cells and blank lines.
//! The laws: no panic or abort, no hang (each case runs under a time bound),
//! and every failure is a bad input (exit 2) or an infeasible plan (exit 3)
//! that names where it comes from.
//!
//! A modest number of cases runs with the suite. For a long run:
//!
//! ```text
//! PROPTEST_CASES=1000000 cargo test --release fuzz -- --nocapture
//! FUZZ_PLAN_CASES=2000 cargo test --release fuzz_plan
//! ```
//!
//! `PROPTEST_CASES` sets the load + validate tests; only `FUZZ_PLAN_CASES` the
//! end-to-end one (each case there runs the shift solver, about 0.1–1 s). A
//! failure prints the input that caused it; proptest shrinks it first.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::select;
use staffplan::commands::{exit_code, ExitCode};
use staffplan::yaml::Override;
use staffplan::{InputError, Scenario};

use crate::common::root;

/// The valid scenarios the mutations start from: (path, text, small enough
/// to plan end to end in a test).
fn bases() -> Vec<(PathBuf, String, bool)> {
    [
        ("tests/data/minimal.yaml", true),
        ("scenarios/quick-start.yaml", true),
        ("scenarios/karachi-247.yaml", false),
        ("scenarios/dst-spring-2026.yaml", false),
    ]
    .into_iter()
    .map(|(p, small)| {
        let path = root().join(p);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{p}: {e}"));
        (path, text, small)
    })
    .collect()
}

/// How many cases: `var` when set, else `PROPTEST_CASES` (for the load
/// tests, not the end-to-end one, where each case runs the solver), else
/// `default`.
fn cases(var: &str, default: u32) -> u32 {
    let general = if var == "FUZZ_PLAN_CASES" {
        None
    } else {
        Some("PROPTEST_CASES")
    };
    std::iter::once(var)
        .chain(general)
        .find_map(|v| std::env::var(v).ok()?.parse().ok())
        .unwrap_or(default)
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // The inputs are printed on failure; shrinking a slow case is slow.
        max_shrink_time: 60_000,
        ..ProptestConfig::default()
    }
}

/// Run `f` on its own thread and give it `limit`: a hang is a failure that
/// shows `what`, a panic is passed on. The case gets its own one-thread rayon
/// pool, so the fuzz tests running side by side cannot starve each other of
/// the global pool's workers (which looked like a hang under load).
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a rayon pool");
        let _ = tx.send(pool.install(f));
    });
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("no answer within {limit:?} (a hang?) on:\n{what}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the thread ended without sending"),
        },
    }
}

/// What every rejection must have: a file (the scenario, a CSV or the
/// override that caused it) and words.
fn assert_located(e: &InputError, what: &str) {
    assert!(
        !e.location.file.as_os_str().is_empty() && !e.message.trim().is_empty(),
        "an error without a place or words: {e:?}\non:\n{what}"
    );
    let text = e.to_string();
    assert!(
        !text.contains("RawS") && !text.contains("expected struct"),
        "a Rust type name in a message: {text}\non:\n{what}"
    );
}

// ---- mutations -----------------------------------------------------------------

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "-0",
    "1e308",
    "-1e308",
    "1e-300",
    ".nan",
    "NaN",
    ".inf",
    "-.inf",
    "4294967296",
    "18446744073709551616",
    "99999999999",
    "0.0000001",
    "0.5",
    "1",
    "7",
    "24",
    "100",
    "366",
    "367",
    "2026",
];

const UNITS: &[&str] = &[
    "", "s", "m", "h", "min", "d", "ms", "hrs", "M", "H", "h30", "m0s", "%", "/20", ".5h",
];

const ZONES: &[&str] = &[
    "UTC",
    "Asia/Karachi",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",
    "Africa/Casablanca",
    "Antarctica/Troll",
    "Etc/GMT+12",
    "Mars/Olympus",
    "asia/karachi",
    "UTC+5",
    "\"\"",
];

const SNIPPETS: &[&str] = &[
    "\t", ":", ": ", "- ", "[", "]", "{", "}", "\"", "'", "#", " #", "&a ", "*a", "!!int ", "|",
    ">", "%", "@", "`", "\u{feff}", "\0", "~", "null", ",", "\n", "\n  ", "? ", "<<: *a", "ü",
    "\r\n", "---\n", "...\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
    Number(usize, &'static str),
    Unit(usize, &'static str),
    Zone(usize, &'static str),
    Insert(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<usize>;
    prop_oneof![
        i().prop_map(Mutation::DeleteLine),
        i().prop_map(Mutation::DuplicateLine),
        (i(), i()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        i().prop_map(Mutation::Truncate),
        (i(), select(NUMBERS)).prop_map(|(a, n)| Mutation::Number(a, n)),
        (i(), select(UNITS)).prop_map(|(a, u)| Mutation::Unit(a, u)),
        (i(), select(ZONES)).prop_map(|(a, z)| Mutation::Zone(a, z)),
        (i(), select(SNIPPETS)).prop_map(|(a, s)| Mutation::Insert(a, s)),
    ]
}

/// Byte ranges of the maximal runs of characters matching `keep`, each
/// starting where `start` accepts its first character.
fn runs(
    text: &str,
    start: impl Fn(char) -> bool,
    keep: impl Fn(char) -> bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match open {
            Some(s) if !keep(c) => {
                out.push((s, i));
                open = None;
            }
            None if start(c) => open = Some(i),
            _ => {}
        }
    }
    if let Some(s) = open {
        out.push((s, text.len()));
    }
    out
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let n = lines.len().max(1);
    let replace = |spans: Vec<(usize, usize)>, k: usize, with: &str| -> String {
        match spans.get(k % spans.len().max(1)) {
            Some(&(a, b)) => format!("{}{with}{}", &text[..a], &text[b..]),
            None => text.to_string(),
        }
    };
    match *m {
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
            lines.concat()
        }
        Mutation::DuplicateLine(i) => {
            if let Some(l) = lines.get(i % n).copied() {
                lines.insert(i % n, l);
            }
            lines.concat()
        }
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                lines.swap(a % n, b % n);
            }
            lines.concat()
        }
        Mutation::Truncate(i) => {
            let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            match cuts.get(i % cuts.len().max(1)) {
                Some(&at) => text[..at].to_string(),
                None => String::new(),
            }
        }
        Mutation::Number(k, with) => replace(
            runs(
                text,
                |c| c.is_ascii_digit(),
                |c| c.is_ascii_digit() || c == '.',
            ),
            k,
            with,
        ),
        Mutation::Unit(k, with) => {
            // The unit letters right after a number: `6m`, `1h30m`, `20s`.
            let spans: Vec<(usize, usize)> = runs(
                text,
                |c| c.is_ascii_digit(),
                |c| c.is_ascii_digit() || c == '.',
            )
            .into_iter()
            .filter_map(|(_, end)| {
                let len = text[end..]
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(text.len() - end);
                (len > 0 && len <= 3).then_some((end, end + len))
            })
            .collect();
            replace(spans, k, with)
        }
        Mutation::Zone(k, with) => {
            let spans: Vec<(usize, usize)> = text
                .match_indices("timezone: ")
                .map(|(at, key)| {
                    let from = at + key.len();
                    let len = text[from..]
                        .find([',', '}', '\n', ' '])
                        .unwrap_or(text.len() - from);
                    (from, from + len)
                })
                .collect();
            replace(spans, k, with)
        }
        Mutation::Insert(i, snippet) => {
            let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let at = cuts.get(i % cuts.len().max(1)).copied().unwrap_or(0);
            format!("{}{snippet}{}", &text[..at], &text[at..])
        }
    }
}

/// Load and validate `text` as if read from `path`, under a time bound.
fn load(path: &Path, text: String, overrides: Vec<Override>, what: &str) -> Option<Scenario> {
    let path = path.to_path_buf();
    let what_owned = what.to_string();
    let loaded = within(Duration::from_secs(10), what, move || {
        Scenario::from_text(&path, &text, &overrides)
    });
    match loaded {
        Ok(s) => Some(s),
        Err(e) => {
            assert_located(&e, &what_owned);
            None
        }
    }
}

/// Requirements for a valid scenario: fine, or a located bad input.
fn staff(scenario: Scenario, what: &str) {
    let staffed = within(Duration::from_secs(60), what, move || {
        staffplan::pipeline::staff(scenario).map(|_| ())
    });
    if let Err(e) = staffed {
        assert_located(&e, what);
    }
}

/// Volumes a test can staff quickly. Staffing time grows with the square
/// of the load under Erlang A (the search for the required agents steps up
/// one agent at a time, each step O(agents)): Karachi at 360× its volume
/// takes 20 s. Bounded, so not a hang, but not for every fuzz case.
fn modest(s: &Scenario) -> bool {
    s.site.days <= 28
        && s.queues.iter().all(|q| match &q.forecast {
            staffplan::scenario::Forecast::Pattern(p) => p.weekly_volume * p.scale <= 500_000.0,
            staffplan::scenario::Forecast::Csv(c) => c.scale <= 10.0,
        })
}

/// Small enough to plan end to end in a test: one week, few queues and
/// templates, a modest peak.
fn small(s: &Scenario) -> bool {
    s.site.days <= 7
        && s.queues.len() <= 2
        && s.shifts.templates.len() <= 2
        && s.queues.iter().all(|q| match &q.forecast {
            staffplan::scenario::Forecast::Pattern(p) => p.weekly_volume * p.scale <= 50_000.0,
            staffplan::scenario::Forecast::Csv(_) => false,
        })
}

proptest! {
    #![proptest_config(config(cases("FUZZ_LOAD_CASES", 1500)))]

    /// Mutated scenario text: a scenario or a located error, never a panic or a hang.
    #[test]
    fn fuzz_mutated_scenarios_load_or_fail_cleanly(
        base in 0usize..4,
        mutations in proptest::collection::vec(mutation(), 1..5),
    ) {
        let bases = bases();
        let (path, text, _) = &bases[base];
        let mut mutated = text.clone();
        for m in &mutations {
            mutated = apply(&mutated, m);
        }
        let what = format!("{} after {mutations:?}:\n{mutated}", path.display());
        if let Some(s) = load(path, mutated, Vec::new(), &what) {
            if modest(&s) {
                staff(s, &what);
            }
        }
    }
}

const SET_PATHS: &[&str] = &[
    "site.days",
    "site.interval",
    "site.start",
    "site.timezone",
    "site.cyclic",
    "shrinkage.total",
    "queues.*.aht",
    "queues.*.service_level",
    "queues.*.asa",
    "queues.*.max_occupancy",
    "queues.*.patience",
    "queues.*.channel",
    "queues.*.concurrency",
    "queues.*.deadline",
    "queues.*.ai_containment",
    "queues.*.hours",
    "queues.*.min_agents_when_open",
    "queues.*.forecast.weekly_volume",
    "queues.*.forecast.scale",
    "queues.*.forecast.intraday",
    "queues.0.forecast.daily_shares.sun",
    "pools.*.pooling",
    "pools.0.shrinkage.total",
    "shifts.templates.0.length",
    "shifts.templates.0.paid",
    "shifts.templates.0.starts",
    "shifts.templates.*.breaks.0.window",
    "shifts.week.work_days",
    "shifts.week.days_off",
    "shifts.max_starts_per_slot",
    "shifts.max_ends_per_slot",
    "shifts.coverage",
    "rules.min_rest",
    "rules.max_consecutive_days",
    "rules.max_weekly_hours",
    "costs.hourly",
    "agents.count",
    "nosuch.key",
    "queues.nosuch.aht",
    "queues.*.aht.deeper",
    "queues.99.aht",
];

const SET_VALUES: &[&str] = &[
    "0",
    "-1",
    "1e308",
    ".nan",
    ".inf",
    "4294967296",
    "0.5",
    "1",
    "7",
    "8",
    "30m",
    "45m",
    "1h",
    "25h",
    "6m",
    "360",
    "80/20",
    "120/20",
    "0/20",
    "80/-5",
    "100/20",
    "voice",
    "chat",
    "email",
    "fax",
    "merged",
    "separate",
    "soft",
    "any",
    "auto",
    "2026-02-30",
    "2026-03-29",
    "Asia/Dubai",
    "Mars/Olympus",
    "[]",
    "{}",
    "[1, 2]",
    "{mon-fri: \"08:00-08:00\"}",
    "{sun: \"22:00-06:00\"}",
    "\"06:00-14:00/0m\"",
    "\"3h-1h\"",
    "flat",
    "nosuch",
    "~",
    "\"\"",
    "true",
    "'",
];

fn set_strategy() -> impl Strategy<Value = String> {
    (select(SET_PATHS), select(SET_VALUES)).prop_map(|(p, v)| format!("{p}={v}"))
}

proptest! {
    #![proptest_config(config(cases("FUZZ_SET_CASES", 600)))]

    /// Random `--set` overrides on the shipped scenarios.
    #[test]
    fn fuzz_overrides_apply_or_fail_cleanly(
        base in 0usize..4,
        sets in proptest::collection::vec(set_strategy(), 1..4),
    ) {
        let bases = bases();
        let (path, text, _) = &bases[base];
        let what = format!("{} with --set {sets:?}", path.display());
        let mut overrides = Vec::new();
        for s in &sets {
            match Override::parse_cli(s) {
                Ok(o) => overrides.push(o),
                Err(message) => {
                    prop_assert!(message.contains("--set"), "{message}");
                    return Ok(());
                }
            }
        }
        if let Some(s) = load(path, text.clone(), overrides, &what) {
            if modest(&s) {
                staff(s, &what);
            }
        }
    }
}

// ---- random CSV lines ---------------------------------------------------------------

/// A CSV cell: mostly plausible, sometimes junk.
fn cell(plausible: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(plausible).prop_map(|s| s.to_string()),
        1 => "[0-9:., +-]{0,20}",
        1 => "\\PC{0,12}",
    ]
}

const STARTS: &[&str] = &[
    "2026-03-02 09:00",
    "2026-03-02 09:30",
    "2026-03-03 00:00",
    "2026-03-08 02:30",
    "2026-03-08 03:00",
    "2026-03-29 01:30",
    "2026-11-01 01:30",
    "2026-11-01 01:30-05:00",
    "2026-03-02T10:00Z",
    "2026-03-02 10:00+05:00",
    "2026-03-02 10:07",
    "2026-02-30 10:00",
    "1900-01-01 00:00",
    "2026-03-02 24:00",
    "",
];

const VOLUMES: &[&str] = &[
    "0",
    "12",
    "12.5",
    "-1",
    "NaN",
    "inf",
    "1e7",
    "1e12",
    "",
    "1O",
    "4294967296",
    "0.0001",
];

const AGENT_FIELDS: &[&str] = &[
    "a001", "a002", "Ayesha", "", "voice", "voic", "40", "0", "169", "forty", "yes", "no", "maybe",
    "sat-sun", "fry", "08:00", "25:00", "24:00",
];

fn csv_text(
    header: &'static str,
    columns: usize,
    cells: &'static [&'static str],
) -> impl Strategy<Value = String> {
    let line = proptest::collection::vec(cell(cells), columns.saturating_sub(1)..=columns + 1)
        .prop_map(|cells| cells.join(","));
    (
        proptest::collection::vec(line, 0..12),
        select(vec!["\n", "\r\n"]),
        any::<bool>(),
    )
        .prop_map(move |(lines, end, with_header)| {
            let mut all = Vec::new();
            if with_header {
                all.push(header.to_string());
            }
            all.extend(lines);
            all.join(end)
        })
}

/// Forecast, requirement and staff-list CSVs with random lines.
fn any_csv() -> impl Strategy<Value = (usize, String)> {
    let starts_and_numbers: &'static [&'static str] = Box::leak(
        STARTS
            .iter()
            .chain(VOLUMES)
            .copied()
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    prop_oneof![
        csv_text("start,volume", 2, starts_and_numbers).prop_map(|t| (0, t)),
        csv_text("start,volume,aht_s", 3, starts_and_numbers).prop_map(|t| (0, t)),
        csv_text("start,agents", 2, starts_and_numbers).prop_map(|t| (1, t)),
        csv_text(
            "id,name,pool,contract_hours,nights_ok,days_off_preference,earliest_start,latest_end",
            8,
            AGENT_FIELDS
        )
        .prop_map(|t| (2, t)),
    ]
}

/// A scenario around one CSV: a forecast (client time `zone`), a pool's
/// requirement or the staff list.
fn csv_scenario(kind: usize, zone: &str) -> String {
    let head =
        "name: fuzz\nsite: {timezone: Asia/Karachi, start: 2026-03-02, days: 7, interval: 30m}\n";
    let shifts = "shifts:\n  templates:\n    - {name: day, paid: 8h, length: 9h, starts: \"00:00-23:30/30m\", breaks: [{length: 1h, paid: false, window: \"3h-5h\"}]}\n";
    match kind {
        0 => format!(
            "{head}pools: [{{id: voice}}]\nqueues:\n  - {{id: q, timezone: {zone}, pool: voice, aht: 4m, service_level: 80/20, forecast: {{csv: data.csv}}}}\n{shifts}"
        ),
        1 => format!("{head}pools: [{{id: voice, requirement: {{csv: data.csv}}}}]\n{shifts}"),
        _ => format!(
            "{head}pools: [{{id: voice}}]\nqueues:\n  - {{id: q, timezone: {zone}, pool: voice, aht: 4m, service_level: 80/20, forecast: {{weekly_volume: 100}}}}\n{shifts}agents: {{csv: data.csv}}\n"
        ),
    }
}

proptest! {
    #![proptest_config(config(cases("FUZZ_CSV_CASES", 800)))]

    /// Random CSV lines: rows or a located error naming the CSV or scenario.
    #[test]
    fn fuzz_csv_lines_load_or_fail_cleanly(
        kind_and_csv in any_csv(),
        zone in select(ZONES[..14].to_vec()),
    ) {
        let (kind, csv) = kind_and_csv;
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("data.csv"), &csv).expect("writing the CSV");
        let text = csv_scenario(kind, zone);
        let path = dir.path().join("scenario.yaml");
        let what = format!("{text}\ndata.csv:\n{csv}");
        if let Some(s) = load(&path, text, Vec::new(), &what) {
            staff(s, &what);
        }
    }
}

// ---- end to end -------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(cases("FUZZ_PLAN_CASES", 24)))]

    /// Small valid scenarios, mutated, through the whole pipeline with a short
    /// solver limit: a plan, a bad input (exit 2) or an infeasible plan
    /// (exit 3), in bounded time.
    #[test]
    fn fuzz_plan_small_mutated_scenarios(
        base in 0usize..2,
        mutations in proptest::collection::vec(
            prop_oneof![
                (any::<usize>(), select(NUMBERS)).prop_map(|(a, n)| Mutation::Number(a, n)),
                (any::<usize>(), select(ZONES)).prop_map(|(a, z)| Mutation::Zone(a, z)),
                any::<usize>().prop_map(Mutation::DeleteLine),
            ],
            1..3,
        ),
    ) {
        let bases = bases();
        let (path, text, small_base) = &bases[base];
        prop_assert!(*small_base);
        let mut mutated = text.clone();
        for m in &mutations {
            mutated = apply(&mutated, m);
        }
        let what = format!("{} after {mutations:?}:\n{mutated}", path.display());
        let Some(s) = load(path, mutated, Vec::new(), &what) else {
            return Ok(());
        };
        if !small(&s) {
            return Ok(());
        }
        let what_owned = what.clone();
        let planned = within(Duration::from_secs(60), &what, move || {
            staffplan::pipeline::plan(s, 1.0).map(|_| ())
        });
        if let Err(e) = planned {
            let code = exit_code(&e);
            prop_assert!(
                code == ExitCode::BadInput || code == ExitCode::Infeasible,
                "exit {code:?}: {e:#}\non:\n{what_owned}"
            );
        }
    }
}

#[test]
fn the_mutations_do_what_they_say() {
    let text = "a: 6m\nb: 20s\ntimezone: Asia/Karachi\n";
    assert_eq!(
        apply(text, &Mutation::DeleteLine(1)),
        "a: 6m\ntimezone: Asia/Karachi\n"
    );
    assert_eq!(
        apply(text, &Mutation::Number(1, ".nan")),
        "a: 6m\nb: .nans\ntimezone: Asia/Karachi\n"
    );
    assert_eq!(
        apply(text, &Mutation::Unit(0, "h")),
        "a: 6h\nb: 20s\ntimezone: Asia/Karachi\n"
    );
    assert_eq!(
        apply(text, &Mutation::Zone(0, "UTC")),
        "a: 6m\nb: 20s\ntimezone: UTC\n"
    );
    assert_eq!(apply(text, &Mutation::Truncate(3)), "a: ");
    assert_eq!(
        apply(text, &Mutation::SwapLines(0, 1)),
        "b: 20s\na: 6m\ntimezone: Asia/Karachi\n"
    );
}

// ---- long strings and huge counts (issue 14) ---------------------------------------

/// Text of a length around the limits: the 200-character cap, the 65 535 a
/// format width holds (a 65 536-character id panicked the terminal table).
fn long_text() -> impl Strategy<Value = String> {
    (
        select(vec![199usize, 200, 201, 1_000, 65_535, 65_536, 70_000]),
        select(vec!["x", "é", "-", "a b", "日"]),
    )
        .prop_map(|(n, c)| c.repeat(n).chars().take(n).collect())
}

/// Counts around and far past every limit (agents, days, volumes, starts).
const HUGE_COUNTS: &[&str] = &[
    "100000",
    "100001",
    "10000000",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "99999999999999999999999",
    "1e9",
    "366",
    "367",
];

/// Keys whose value is an id or a name.
const NAME_KEYS: &[&str] = &["id: ", "name: ", "client: ", "pool: ", "timezone: "];

/// Replace the `k`-th value of `key` (up to `,`, `}` or the line end) with `with`.
fn replace_value(text: &str, key: &str, k: usize, with: &str) -> String {
    let spans: Vec<(usize, usize)> = text
        .match_indices(key)
        .map(|(at, key)| {
            let from = at + key.len();
            let len = text[from..]
                .find([',', '}', '\n'])
                .unwrap_or(text.len() - from);
            (from, from + len)
        })
        .collect();
    match spans.get(k % spans.len().max(1)) {
        Some(&(a, b)) => format!("{}{with}{}", &text[..a], &text[b..]),
        None => text.to_string(),
    }
}

proptest! {
    #![proptest_config(config(cases("FUZZ_LIMIT_CASES", 200)))]

    /// Long ids and names, huge counts in the file or through `--set`: a
    /// clean refusal or a scenario whose summary prints, in bounded time.
    #[test]
    fn fuzz_long_strings_and_huge_counts(
        base in 0usize..4,
        key in select(NAME_KEYS),
        k in any::<usize>(),
        long in long_text(),
        count in select(HUGE_COUNTS),
        count_path in select(vec![
            "agents.count",
            "site.days",
            "shifts.max_starts_per_slot",
    "shifts.max_ends_per_slot",
            "queues.*.min_agents_when_open",
            "queues.*.forecast.weekly_volume",
            "queues.*.concurrency",
            "shifts.templates.*.max_agents",
        ]),
        how in 0usize..3,
    ) {
        let bases = bases();
        let (path, text, _) = &bases[base];
        let (text, overrides, what) = match how {
            0 => {
                let t = replace_value(text, key, k, &long);
                let what = format!("{} with the {k}th `{key}` {} characters long", path.display(), long.chars().count());
                (t, Vec::new(), what)
            }
            1 => {
                let set = format!("{count_path}={count}");
                let o = Override::parse_cli(&set).expect("a KEY=VALUE");
                (text.clone(), vec![o], format!("{} with --set {set}", path.display()))
            }
            _ => {
                let set = format!("queues.*.client={long}");
                let o = Override::parse_cli(&set).expect("a KEY=VALUE");
                (text.clone(), vec![o], format!("{} with a client {} characters long", path.display(), long.chars().count()))
            }
        };
        if let Some(s) = load(path, text, overrides, &what) {
            for q in &s.queues {
                prop_assert!(q.id.chars().count() <= staffplan::scenario::MAX_NAME_CHARS, "{what}");
                prop_assert!(q.client.chars().count() <= staffplan::scenario::MAX_NAME_CHARS, "{what}");
            }
            if let staffplan::scenario::Agents::Count(n) = s.agents {
                prop_assert!(n <= staffplan::scenario::MAX_AGENTS, "{what}");
            }
            if modest(&s) {
                let what_owned = what.clone();
                let printed = within(Duration::from_secs(60), &what, move || {
                    staffplan::pipeline::staff(s).map(|staffed| {
                        staffplan::report::terminal::check(&staffed).len()
                            + staffplan::report::terminal::staff(&staffed).len()
                    })
                });
                if let Err(e) = printed {
                    assert_located(&e, &what_owned);
                }
            }
        }
    }
}

// ---- the command line ---------------------------------------------------------------

/// Run the binary with `args`, killing it after `limit`: its exit code and
/// stderr. A panic, an abort (no exit code) or a hang fails the test.
/// Arguments the OS itself refuses (one over 128 kB) give exit 2 unrun.
fn run_cli(args: &[String], limit: Duration) -> (i32, String) {
    if args.iter().any(|a| a.len() >= 128 * 1024) {
        return (
            2,
            "error: (an argument too long for the OS; not run)".to_string(),
        );
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_staffplan"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starting staffplan");
    // Read stderr while it runs: a long message must not fill the pipe.
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        use std::io::Read;
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no answer within {limit:?} (a hang?): staffplan {args:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = reader.join().expect("reading stderr");
    let code = status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal (an abort?): staffplan {args:?}\n{stderr}"));
    (code, stderr)
}

/// Flag values: plausible, negative, huge, NaN, empty, long, another flag.
fn flag_value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(vec![
            "0", "1", "10", "120", "-3", "-0", "-1e9", "1e308", "NaN", "inf", "-inf", "", " ",
            "4294967295", "4294967296", "18446744073709551616", "99999999999999999999999",
            "240s", "6s", "4m", "-4m", "1h30m", "0s", "30m", "15m", "7m", "1e6h",
            "80/20", "0.8/20", "20/80", "100/20", "80/-5", "80/1e308", "-80/20",
            "0.85", "85%", "1.5", "-0.1", "10..30", "30..10", "0..100000", "5..5",
            "--volume", "-", "--", "=", "Asia/Lahore", "Asia/Karachi", "US/Eastern",
        ]).prop_map(str::to_string),
        1 => long_text(),
        1 => "\\PC{0,16}",
    ]
}

const ERLANG_FLAGS: &[&str] = &[
    "--volume",
    "--interval",
    "--aht",
    "--sl",
    "--asa",
    "--max-occupancy",
    "--shrinkage",
    "--patience",
    "--concurrency",
    "--agents",
    "--table",
    "--format",
];

proptest! {
    #![proptest_config(config(cases("FUZZ_CLI_CASES", 150)))]

    /// `erlang` with random flag values, some flags missing or repeated:
    /// exit 0 or 2, never a panic or an abort, within 20 s.
    #[test]
    fn fuzz_erlang_flags(
        values in proptest::collection::vec((select(ERLANG_FLAGS), flag_value()), 0..6),
        base in any::<bool>(),
    ) {
        let mut args = vec!["erlang".to_string()];
        if base {
            args.extend(["--volume", "120", "--aht", "240s", "--sl", "80/20"].map(String::from));
        }
        for (flag, value) in &values {
            args.push(flag.to_string());
            args.push(value.clone());
        }
        let (code, stderr) = run_cli(&args, Duration::from_secs(20));
        prop_assert!(!stderr.contains("panicked"), "{args:?}:\n{stderr}");
        prop_assert!(code == 0 || code == 2, "exit {code}: {args:?}:\n{stderr}");
        if code == 2 {
            prop_assert!(stderr.starts_with("error:"), "{args:?}:\n{stderr}");
        }
    }

    /// `check` and `staff` with random `--set` values (long and huge ones
    /// too) and random flags: exit 0, 2 or 3, within 30 s.
    #[test]
    fn fuzz_scenario_command_flags(
        command in select(vec!["check", "staff", "quote"]),
        sets in proptest::collection::vec(
            (select(vec![
                "agents.count", "site.days", "site.interval", "site.timezone", "queues.*.aht",
                "queues.*.service_level", "queues.*.client", "queues.*.id", "pools.*.id",
                "queues.*.forecast.weekly_volume", "shifts.templates.*.name", "what_if.*.name",
                "queues.*.forecast.daily_shares.monday",
            ]), flag_value()),
            0..3,
        ),
        value in flag_value(),
        flag in select(vec!["--weekly-volume", "--aht", "--sl", "--hourly", "--timezone", "--margin"]),
    ) {
        let mut args = vec![command.to_string()];
        if command == "quote" {
            args.extend([
                "--client", "Acme", "--timezone", "Europe/London", "--weekly-volume", "500",
                "--aht", "4m", "--sl", "80/20", "--site-timezone", "Asia/Karachi", "--hourly", "3.40",
                "--time-limit", "5s",
            ].map(String::from));
            args.push(flag.to_string());
            args.push(value.clone());
        } else {
            args.push("tests/data/minimal.yaml".to_string());
        }
        let out = tempfile::tempdir().expect("a temporary folder");
        if command == "staff" {
            args.push("-o".to_string());
            args.push(out.path().join("o").display().to_string());
        }
        for (path, v) in &sets {
            args.push("--set".to_string());
            args.push(format!("{path}={v}"));
        }
        let (code, stderr) = run_cli(&args, Duration::from_secs(60));
        prop_assert!(!stderr.contains("panicked"), "{args:?}:\n{stderr}");
        prop_assert!(matches!(code, 0 | 2 | 3), "exit {code}: {args:?}:\n{stderr}");
        if code == 2 {
            prop_assert!(stderr.starts_with("error:"), "{args:?}:\n{stderr}");
        }
    }

    /// The CSV readers through the binary, with long cells and many rows:
    /// exit 0 or 2 within 30 s, and a 2 names the CSV or the scenario.
    #[test]
    fn fuzz_csv_readers_through_the_cli(
        kind_and_csv in any_csv(),
        long in long_text(),
        at in any::<usize>(),
        blank_lines in 0usize..4,
    ) {
        let (kind, mut csv) = kind_and_csv;
        // A long cell somewhere, and blank lines.
        if !csv.is_empty() {
            let cut = csv.char_indices().map(|(i, _)| i).nth(at % csv.chars().count()).unwrap_or(0);
            csv = format!("{}{long}{}{}", &csv[..cut], "\n".repeat(blank_lines), &csv[cut..]);
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("data.csv"), &csv).expect("writing the CSV");
        let scenario = dir.path().join("scenario.yaml");
        std::fs::write(&scenario, csv_scenario(kind, "Europe/London")).expect("writing the scenario");
        let args = vec!["check".to_string(), scenario.display().to_string()];
        let (code, stderr) = run_cli(&args, Duration::from_secs(30));
        prop_assert!(!stderr.contains("panicked"), "{stderr}");
        prop_assert!(code == 0 || code == 2, "exit {code}:\n{stderr}");
        if code == 2 {
            prop_assert!(stderr.contains("data.csv") || stderr.contains("scenario.yaml"), "{stderr}");
        }
    }
}
