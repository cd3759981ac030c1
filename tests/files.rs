//! No lost file (docs/spec.md: "a command never deletes another command's
//! outputs"; docs/testing.md, "Output files"), through the binary:
//!
//! - each command has its own default folder, and refuses another's;
//! - `-o` onto an output folder the user added to, edited or copied is
//!   refused, and those files are kept;
//! - a single output file is never the input and replaces a file only with
//!   `--force`; a link is followed, not replaced;
//! - output-folder problems exit 2 in plain words, before any planning, and
//!   leave nothing behind.
//!
//! Faults inside the swap itself (a kill at each step) are played in
//! `src/output/tests.rs`; a kill while writing, in `tests/outputs.rs`.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{root, staffplan, tempdir, write_file, write_scenario};
use crate::outputs::files;

const QUICK_START: &str = "scenarios/quick-start.yaml";

/// `staffplan ARGS`, run in folder `cwd`.
fn run_in(cwd: &Path, args: &[&str]) -> Output {
    staffplan()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("running staffplan")
}

fn run(args: &[&str]) -> Output {
    run_in(root(), args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn ok(out: Output, what: &str) -> Output {
    assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
    out
}

/// The run exits 2 with every one of `words` on stderr, nothing on stdout,
/// no panic and no OS error wording; returns stderr.
fn refused(out: Output, what: &str, words: &[&str]) -> String {
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{what}: {e}");
    assert!(out.stdout.is_empty(), "{what}: stdout");
    assert!(
        !e.contains("panicked") && !e.contains("os error"),
        "{what}: {e}"
    );
    for w in words {
        assert!(e.contains(w), "{what}: `{w}` in {e}");
    }
    e
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// Everything in folder `dir`, by name (hidden temporary folders included).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

// ---- each command its own folder ------------------------------------------------

#[test]
fn staff_and_simulate_after_plan_keep_the_plan() {
    let cwd = tempdir();
    let scenario = root().join(QUICK_START);
    let scenario = s(&scenario);
    ok(run_in(cwd.path(), &["plan", scenario]), "plan");
    let plan_dir = cwd.path().join("out/quick-start");
    let plan = files(&plan_dir);
    for name in [
        "report.html",
        "roster.csv",
        "shifts.csv",
        "charts/coverage.svg",
    ] {
        assert!(
            plan.contains_key(name),
            "plan wrote {name}: {:?}",
            plan.keys()
        );
    }
    let out = ok(run_in(cwd.path(), &["staff", scenario]), "staff");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("to out/quick-start-staff\n"),
        "staff says where it wrote"
    );
    assert!(cwd
        .path()
        .join("out/quick-start-staff/requirements.csv")
        .is_file());
    ok(
        run_in(cwd.path(), &["simulate", scenario, "--runs", "2"]),
        "simulate",
    );
    assert!(cwd
        .path()
        .join("out/quick-start-simulate/simulation.csv")
        .is_file());
    assert!(
        files(&plan_dir) == plan,
        "staff and simulate left the plan's folder as it was"
    );
    // Each command replaces its own folder, with no second thoughts.
    ok(run_in(cwd.path(), &["staff", scenario]), "staff again");
    ok(run_in(cwd.path(), &["plan", scenario]), "plan again");
    assert_eq!(
        listing(&cwd.path().join("out")),
        ["quick-start", "quick-start-simulate", "quick-start-staff"]
    );
}

#[test]
fn a_command_refuses_another_commands_folder() {
    let tmp = tempdir();
    let dir = tmp.path().join("week");
    ok(run(&["plan", QUICK_START, "-o", s(&dir)]), "plan");
    let before = files(&dir);
    for command in ["staff", "simulate"] {
        refused(
            run(&[command, QUICK_START, "-o", s(&dir)]),
            command,
            &[
                s(&dir),
                "holds the outputs of `staffplan plan`",
                "choose another folder with -o",
            ],
        );
    }
    refused(
        run(&["compare", QUICK_START, "-o", s(&dir)]),
        "compare",
        &["holds the outputs of `staffplan plan`"],
    );
    assert!(files(&dir) == before, "the plan's files are as they were");
    assert_eq!(listing(tmp.path()), ["week"]);
}

// ---- the user's files in an output folder ------------------------------------------

#[test]
fn added_and_edited_files_are_kept() {
    let tmp = tempdir();
    let dir = tmp.path().join("week");
    ok(run(&["plan", QUICK_START, "-o", s(&dir)]), "plan");
    // A note beside the outputs.
    write_file(&dir, "notes.txt", "call the vendor");
    let e = refused(
        run(&["plan", QUICK_START, "-o", s(&dir)]),
        "an added file",
        &["notes.txt (added)", "move those files out"],
    );
    assert!(
        !e.contains("roster.csv"),
        "only what changed is listed: {e}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).expect("kept"),
        "call the vendor"
    );
    std::fs::remove_file(dir.join("notes.txt")).expect("removing");
    // roster.csv opened in a spreadsheet and saved with one shift moved.
    let roster = dir.join("roster.csv");
    let original = std::fs::read(&roster).expect("roster.csv");
    let mut edited = original.clone();
    let header = edited.iter().position(|&b| b == b'\n').expect("a header");
    let digit = header
        + edited[header..]
            .iter()
            .position(u8::is_ascii_digit)
            .expect("a digit in the rows");
    edited[digit] = if edited[digit] == b'9' {
        b'8'
    } else {
        edited[digit] + 1
    };
    std::fs::write(&roster, &edited).expect("editing");
    refused(
        run(&["plan", QUICK_START, "-o", s(&dir)]),
        "an edited file",
        &["roster.csv (changed)"],
    );
    assert_eq!(std::fs::read(&roster).expect("kept"), edited);
    // The same bytes put back: the folder is the plan's again (content, not
    // dates, decides).
    std::fs::write(&roster, &original).expect("restoring");
    ok(run(&["plan", QUICK_START, "-o", s(&dir)]), "restored");
    // A deleted output loses the user nothing: the next run writes it again.
    std::fs::remove_file(dir.join("shifts.csv")).expect("removing");
    ok(
        run(&["plan", QUICK_START, "-o", s(&dir)]),
        "one file deleted",
    );
    assert!(dir.join("shifts.csv").is_file());
    assert_eq!(listing(tmp.path()), ["week"]);
}

#[cfg(unix)]
#[test]
fn a_copied_output_folder_is_the_users() {
    let tmp = tempdir();
    let dir = tmp.path().join("week");
    ok(run(&["staff", QUICK_START, "-o", s(&dir)]), "staff");
    let copy = tmp.path().join("archive");
    let cp = std::process::Command::new("cp")
        .arg("-r")
        .arg(&dir)
        .arg(&copy)
        .status()
        .expect("cp");
    assert!(cp.success());
    let before = files(&copy);
    assert!(
        before.contains_key(staffplan::output::MARKER),
        "cp took the marker"
    );
    refused(
        run(&["staff", QUICK_START, "-o", s(&copy)]),
        "a copy",
        &["is a copy of a staffplan output"],
    );
    assert!(files(&copy) == before, "the copy is untouched");
    // A folder moved (renamed) is still the same folder.
    let moved = tmp.path().join("moved");
    std::fs::rename(&dir, &moved).expect("moving");
    ok(run(&["staff", QUICK_START, "-o", s(&moved)]), "moved");
}

// ---- links -----------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn an_output_link_is_followed() {
    let tmp = tempdir();
    let real = tmp.path().join("shared/week");
    std::fs::create_dir_all(real.parent().expect("parent")).expect("mkdir");
    let link = tmp.path().join("latest");
    // Dangling at first: the folder is made where it points.
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    for round in ["first", "second"] {
        ok(run(&["staff", QUICK_START, "-o", s(&link)]), round);
        let meta = std::fs::symlink_metadata(&link).expect("the link");
        assert!(
            meta.file_type().is_symlink(),
            "{round}: the link stays a link"
        );
        assert!(real.join("requirements.csv").is_file(), "{round}");
    }
    assert_eq!(listing(tmp.path()), ["latest", "shared"]);
    assert_eq!(listing(&tmp.path().join("shared")), ["week"]);
}

// ---- checked before the work ------------------------------------------------------

/// A UTC site, 2 agents needed at 03:00 and only shifts from 08:00: the plan
/// is infeasible (exit 3), so an exit 2 shows the output was refused first.
const INFEASIBLE: &str = r#"name: infeasible
site: {timezone: UTC, start: 2026-03-02, days: 1, interval: 1h}
shrinkage: {total: 0}
pools:
  - {id: p, requirement: {csv: req.csv}}
shifts:
  templates:
    - {name: day, paid: 8h, length: 8h, starts: "08:00-10:00/1h"}
"#;

#[test]
fn output_folders_are_checked_before_planning() {
    let tmp = tempdir();
    write_file(
        tmp.path(),
        "req.csv",
        "start,agents\n2026-03-02 03:00,2\n2026-03-02 04:00,0\n",
    );
    let scenario = write_scenario(tmp.path(), INFEASIBLE);
    let scenario = s(&scenario);
    // The control: planned, it is infeasible.
    let fresh = tmp.path().join("fresh");
    let out = run(&["plan", scenario, "-o", s(&fresh)]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).expect("mkdir");
    write_file(&mine, "thesis.docx", "keep");
    let in_the_way = write_file(tmp.path(), "a-file", "x");
    let in_the_way = in_the_way.join("out");
    let cases: [(&str, &str); 4] = [
        (".", "give the output folder a name"),
        ("..", "give the output folder a name"),
        (s(&mine), "holds files staffplan did not write"),
        (s(&in_the_way), "is a file, so no folder can go there"),
    ];
    for (dir, words) in cases {
        for command in ["plan", "simulate", "compare"] {
            refused(
                run_in(tmp.path(), &[command, scenario, "-o", dir]),
                &format!("{command} -o {dir}"),
                &[words],
            );
        }
    }
    let staffed = run(&["staff", QUICK_START, "-o", "."]);
    refused(staffed, "staff -o .", &["give the output folder a name"]);
    assert_eq!(listing(&mine), ["thesis.docx"]);
    assert_eq!(
        listing(tmp.path()),
        ["a-file", "mine", "req.csv", "scenario.yaml"]
    );
}

/// Makes a folder unwritable even for root (`chattr +i`) and undoes it when
/// dropped, so the temporary folder can be removed.
#[cfg(target_os = "linux")]
struct Immutable(PathBuf);

#[cfg(target_os = "linux")]
impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}

/// Make `dir` unwritable: `chmod 555`, and for a privileged user, who may
/// write anyway, `chattr +i`. None if neither takes.
#[cfg(target_os = "linux")]
fn unwritable(dir: &Path) -> Option<Immutable> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let guard = Immutable(dir.to_path_buf());
    let probe = dir.join("probe");
    if std::fs::write(&probe, "x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        let ran = std::process::Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ran || std::fs::write(&probe, "x").is_ok() {
            return None;
        }
    }
    Some(guard)
}

#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_place_exits_2_in_plain_words_and_leaves_nothing() {
    let tmp = tempdir();
    let locked = tmp.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    let Some(_guard) = unwritable(&locked) else {
        eprintln!("skipped: cannot make a folder unwritable here");
        return;
    };
    for dir in [locked.join("out"), locked.join("deeper/out")] {
        refused(
            run(&["staff", QUICK_START, "-o", s(&dir)]),
            s(&dir),
            &["permission denied", s(&locked), "choose another folder"],
        );
        refused(
            run(&[
                "erlang",
                "--batch",
                "tests/data/erlang_c_examples.csv",
                "-o",
                s(&dir),
            ]),
            s(&dir),
            &["permission denied", s(&locked)],
        );
    }
    assert!(
        listing(&locked).is_empty(),
        "nothing left in {}",
        locked.display()
    );
}

// ---- single files -------------------------------------------------------------

const BATCH: &str = "case,volume,interval_s,aht_s,sl_target,sl_seconds\nhand,10,1800,180,0.8,20\n";

#[test]
fn erlang_batch_never_overwrites_its_input_and_needs_force_for_a_file() {
    let tmp = tempdir();
    let input = write_file(tmp.path(), "cases.csv", BATCH);
    let batch = |out: &Path, force: bool| {
        let mut args = vec!["erlang", "--batch", s(&input), "-o", s(out)];
        if force {
            args.push("--force");
        }
        run(&args)
    };
    for force in [false, true] {
        refused(
            batch(&input, force),
            "onto the input",
            &["this command's input", "even with --force"],
        );
        // The same file by another name.
        refused(
            batch(&tmp.path().join(".").join("cases.csv"), force),
            "onto ./input",
            &["this command's input"],
        );
    }
    assert_eq!(std::fs::read_to_string(&input).expect("input"), BATCH);
    let result = write_file(tmp.path(), "results.csv", "last week's results");
    refused(
        batch(&result, false),
        "onto a file",
        &["already exists", "add --force"],
    );
    assert_eq!(
        std::fs::read_to_string(&result).expect("kept"),
        "last week's results"
    );
    ok(batch(&result, true), "--force");
    let text = std::fs::read_to_string(&result).expect("results");
    assert!(
        text.starts_with("case,volume,") && text.contains("hand,10,"),
        "{text}"
    );
    refused(
        batch(tmp.path(), true),
        "onto a folder",
        &["that is a folder"],
    );
    assert_eq!(listing(tmp.path()), ["cases.csv", "results.csv"]);
}

#[cfg(unix)]
#[test]
fn erlang_batch_writes_through_a_link() {
    let tmp = tempdir();
    let input = write_file(tmp.path(), "cases.csv", BATCH);
    let target = tmp.path().join("target.csv");
    let link = tmp.path().join("link.csv");
    std::os::unix::fs::symlink("target.csv", &link).expect("symlink");
    ok(
        run(&["erlang", "--batch", s(&input), "-o", s(&link)]),
        "a dangling link",
    );
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .expect("target")
        .starts_with("case,"));
    // A link to the input is the input.
    let to_input = tmp.path().join("to-input.csv");
    std::os::unix::fs::symlink("cases.csv", &to_input).expect("symlink");
    refused(
        run(&[
            "erlang",
            "--batch",
            s(&input),
            "-o",
            s(&to_input),
            "--force",
        ]),
        "a link to the input",
        &["this command's input"],
    );
    assert_eq!(std::fs::read_to_string(&input).expect("input"), BATCH);
}

const QUOTE: &str = "\
client: Example Co
timezone: Europe/London
weekly_volume: 2000
hours: {mon-fri: \"08:00-18:00\"}
aht: 4m
service_level: 80/20
site: {timezone: Asia/Karachi}
costs: {hourly: 3.00}
";

#[test]
fn quote_write_scenario_needs_force_and_never_replaces_the_quote() {
    let tmp = tempdir();
    let quote = write_file(tmp.path(), "quote.yaml", QUOTE);
    let mine = write_file(tmp.path(), "scenario.yaml", "mine");
    let with = |target: &Path, force: bool| {
        let mut args = vec!["quote", s(&quote), "--write-scenario", s(target)];
        if force {
            args.push("--force");
        }
        run(&args)
    };
    refused(
        with(&mine, false),
        "onto a file",
        &["--write-scenario", "already exists", "add --force"],
    );
    assert_eq!(std::fs::read_to_string(&mine).expect("kept"), "mine");
    refused(
        with(&quote, true),
        "onto the quote",
        &["this command's input"],
    );
    assert_eq!(std::fs::read_to_string(&quote).expect("quote"), QUOTE);
    ok(with(&mine, true), "--force");
    let out = ok(run(&["check", s(&mine)]), "the written scenario checks");
    assert!(!out.stdout.is_empty());
}

#[test]
fn init_replaces_a_file_only_with_force() {
    let tmp = tempdir();
    let path = write_file(tmp.path(), "site.yaml", "keep me");
    refused(
        run(&["init", s(&path)]),
        "init",
        &["already exists", "add --force"],
    );
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "keep me");
    ok(run(&["init", s(&path), "--force"]), "init --force");
    ok(run(&["check", s(&path)]), "the starter checks");
    assert_eq!(listing(tmp.path()), ["site.yaml"]);
}
