//! The output folder's promises, through the binary:
//!
//! - atomic: a run that fails or is killed part-way through writing leaves
//!   the previous outputs byte for byte, and no temporary folder once a later
//!   run has tidied up after it;
//! - deterministic: two runs (two processes) of the same scenario write the
//!   same bytes in every file, except the `timings` object of summary.json.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use serde_json::Value;
use staffplan::output::MARKER;

use crate::common::{root, staffplan, tempdir};

const QUICK_START: &str = "scenarios/quick-start.yaml";
const KARACHI: &str = "scenarios/karachi-247.yaml";
/// Two pools (one merged), three clients in three time zones; plans in seconds.
const TWO_POOLS: &str = "tests/data/two-pool.yaml";

/// Every file under `dir`, by path relative to it, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
        for e in entries {
            let path = e.expect("an entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let name = path
                    .strip_prefix(base)
                    .expect("under the base")
                    .display()
                    .to_string();
                let bytes = std::fs::read(&path).expect("a file");
                out.insert(name, bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// summary.json parsed, with its `timings` object taken out (and required).
fn without_timings(bytes: &[u8], what: &str) -> Value {
    let mut json: Value = serde_json::from_slice(bytes).expect("summary.json is JSON");
    let timings = json
        .as_object_mut()
        .expect("summary.json is an object")
        .remove("timings");
    assert!(
        timings.is_some_and(|t| t.is_object()),
        "{what}: summary.json has a `timings` object"
    );
    json
}

/// The marker parsed, with the folder's identity (its device and inode,
/// which differ between any two folders) and the size and hash of
/// summary.json (whose `timings` differ) taken out.
fn marker_without_folder(bytes: &[u8], what: &str) -> Value {
    let mut json: Value = serde_json::from_slice(bytes).expect("the marker is JSON");
    let marker = json.as_object_mut().expect("the marker is an object");
    let folder = marker.remove("folder");
    if cfg!(unix) {
        assert!(folder.is_some(), "{what}: the marker names its folder");
    }
    for entry in marker["files"].as_array_mut().expect("a file list") {
        if entry["path"] == "summary.json" {
            let entry = entry.as_object_mut().expect("an entry");
            entry.remove("size");
            entry.remove("fnv1a64");
        }
    }
    json
}

/// The two output folders hold the same files with the same bytes, but for
/// the `timings` of summary.json and the folder's identity in the marker.
pub fn assert_same_outputs(a: &Path, b: &Path, what: &str) {
    let (x, y) = (files(a), files(b));
    assert_eq!(
        x.keys().collect::<Vec<_>>(),
        y.keys().collect::<Vec<_>>(),
        "{what}: the two runs wrote different files"
    );
    assert!(x.contains_key("summary.json"), "{what}: no summary.json");
    assert!(x.contains_key(MARKER), "{what}: no {MARKER}");
    for (name, bytes) in &x {
        if name == MARKER {
            assert_eq!(
                marker_without_folder(bytes, what),
                marker_without_folder(&y[name], what),
                "{what}: the markers list different files"
            );
        } else if name == "summary.json" {
            assert_eq!(
                without_timings(bytes, what),
                without_timings(&y[name], what),
                "{what}: summary.json differs outside `timings`"
            );
        } else {
            assert!(
                *bytes == y[name],
                "{what}: {name} differs between two runs of the same input"
            );
        }
    }
}

fn run(args: &[&str], dir: &Path) -> Output {
    staffplan()
        .args(args)
        .arg("-o")
        .arg(dir)
        .output()
        .expect("running staffplan")
}

fn ok(args: &[&str], dir: &Path) {
    let out = run(args, dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---- determinism ---------------------------------------------------------------

#[test]
fn plan_twice_writes_the_same_bytes() {
    for scenario in [QUICK_START, TWO_POOLS] {
        let tmp = tempdir();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        ok(&["plan", scenario], &a);
        ok(&["plan", scenario], &b);
        assert!(files(&a).len() >= 5, "{scenario}: {:?}", files(&a).keys());
        assert_same_outputs(&a, &b, &format!("plan {scenario}"));
    }
}

#[test]
fn staff_twice_writes_the_same_bytes() {
    for scenario in [QUICK_START, TWO_POOLS, KARACHI] {
        let tmp = tempdir();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        ok(&["staff", scenario], &a);
        ok(&["staff", scenario], &b);
        assert_same_outputs(&a, &b, &format!("staff {scenario}"));
    }
}

#[test]
fn the_timings_are_the_only_part_allowed_to_differ() {
    // The comparison itself: a changed byte anywhere else is caught.
    let tmp = tempdir();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    ok(&["staff", QUICK_START], &a);
    ok(&["staff", QUICK_START], &b);
    let summary = b.join("summary.json");
    let mut json: Value =
        serde_json::from_slice(&std::fs::read(&summary).expect("summary")).expect("JSON");
    json["timings"] = serde_json::json!({"total_ms": 123456.0});
    std::fs::write(&summary, serde_json::to_vec_pretty(&json).expect("JSON")).expect("writing");
    assert_same_outputs(&a, &b, "timings changed");
    let csv = b.join("requirements.csv");
    let mut bytes = std::fs::read(&csv).expect("requirements.csv");
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    std::fs::write(&csv, bytes).expect("writing");
    let caught = std::panic::catch_unwind(|| assert_same_outputs(&a, &b, "a byte changed"));
    assert!(caught.is_err(), "a changed byte went unnoticed");
}

// ---- atomic outputs -------------------------------------------------------------

/// The folder holding `dir`, listed: the output folder and anything beside it.
fn beside(dir: &Path) -> Vec<String> {
    let parent = dir.parent().expect("a parent");
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .expect("the parent")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    names.sort();
    names
}

/// `staffplan ARGS -o DIR` under a file-size limit of one block, so the first
/// sizeable output file cannot be written: with SIGXFSZ ignored the write
/// fails and staffplan reports it; otherwise the kernel kills the process in
/// the middle of the write.
#[cfg(unix)]
fn with_tiny_file_limit(args: &[&str], dir: &Path, ignore_signal: bool) -> Output {
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    std::process::Command::new("sh")
        .current_dir(root())
        .arg("-c")
        .arg(format!("{trap}ulimit -f 1; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_staffplan"))
        .args(args)
        .arg("-o")
        .arg(dir)
        .output()
        .expect("running sh")
}

#[cfg(unix)]
#[test]
fn a_plan_failing_mid_write_leaves_the_previous_outputs_and_no_temporary_folder() {
    for command in ["plan", "staff"] {
        let tmp = tempdir();
        let dir = tmp.path().join("out");
        ok(&[command, QUICK_START], &dir);
        let before = files(&dir);
        let out = with_tiny_file_limit(&[command, TWO_POOLS], &dir, true);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command}: {stderr}");
        assert!(stderr.contains("too large"), "{command}: {stderr}");
        assert!(!stderr.contains("panicked"), "{command}: {stderr}");
        assert!(
            out.stdout.is_empty(),
            "{command}: no summary for a failed run"
        );
        assert!(
            files(&dir) == before,
            "{command}: the previous outputs changed"
        );
        assert_eq!(
            beside(&dir),
            ["out"],
            "{command}: the temporary folder is removed"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_plan_killed_mid_write_leaves_the_previous_outputs_and_the_next_run_tidies_up() {
    let tmp = tempdir();
    let dir = tmp.path().join("out");
    ok(&["plan", QUICK_START], &dir);
    let before = files(&dir);
    let out = with_tiny_file_limit(&["plan", TWO_POOLS], &dir, false);
    assert!(out.status.code().is_none(), "killed by SIGXFSZ: {out:?}");
    assert!(files(&dir) == before, "the previous outputs changed");
    // A killed process cannot clean up: its temporary folder is left...
    let left = beside(&dir);
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left[0].starts_with(".out.tmp-"), "{left:?}");
    // ...until the next run, which removes it and writes its own outputs.
    ok(&["plan", TWO_POOLS], &dir);
    assert_eq!(beside(&dir), ["out"]);
    let fresh = tmp.path().join("fresh");
    ok(&["plan", TWO_POOLS], &fresh);
    assert_same_outputs(&dir, &fresh, "after a killed run");
}

#[test]
fn a_plan_killed_while_solving_leaves_the_previous_outputs() {
    let tmp = tempdir();
    let dir = tmp.path().join("out");
    ok(&["plan", QUICK_START], &dir);
    let before = files(&dir);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_staffplan"))
        .current_dir(root())
        .args(["plan", KARACHI, "-o"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starting staffplan");
    std::thread::sleep(std::time::Duration::from_millis(700));
    child.kill().expect("killing staffplan");
    let status = child.wait().expect("waiting");
    assert!(!status.success(), "the plan finished before it was killed");
    assert!(files(&dir) == before, "the previous outputs changed");
}
