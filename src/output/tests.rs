//! Unit tests of the output writer: the marker, refusals, the swap and its
//! kills, single files.

use std::fs;
use std::path::Path;

use super::marker::{folder_id, Entry, Marker};
use super::swap::exchange;
use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn fnv1a64_matches_the_published_vectors() {
    // From the FNV reference test suite (Landon Curt Noll).
    assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
}

#[test]
fn replaces_its_own_folder_whole() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    write_dir(
        &dir,
        "plan",
        &[
            OutputFile::text("a.csv", "1".into()),
            OutputFile::text("charts/b.svg", "2".into()),
        ],
    )
    .unwrap();
    assert_eq!(fs::read_to_string(dir.join("charts/b.svg")).unwrap(), "2");
    write_dir(&dir, "plan", &[OutputFile::text("a.csv", "3".into())]).unwrap();
    assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "3");
    assert!(
        !dir.join("charts").exists(),
        "stale files from the last run are gone"
    );
    assert_eq!(names(base.path()), ["out"], "no temporary folder is left");
}

#[test]
fn the_marker_lists_every_file_with_its_size_and_hash() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    let files = [
        OutputFile::text("a.csv", "x,y\n".into()),
        OutputFile::text("charts/b.svg", "<svg/>".into()),
    ];
    write_dir(&dir, "staff", &files).unwrap();
    let marker: Marker = serde_json::from_slice(&fs::read(dir.join(MARKER)).unwrap()).unwrap();
    assert_eq!(marker.command, "staff");
    assert_eq!(
        marker.files,
        [
            Entry {
                path: "a.csv".into(),
                size: 4,
                fnv1a64: format!("{:016x}", fnv1a64(b"x,y\n"))
            },
            Entry {
                path: "charts/b.svg".into(),
                size: 6,
                fnv1a64: format!("{:016x}", fnv1a64(b"<svg/>"))
            },
        ]
    );
    if cfg!(unix) {
        assert_eq!(marker.folder, folder_id(&dir).unwrap());
    }
}

#[test]
fn never_replaces_what_it_did_not_write() {
    let base = tempfile::tempdir().unwrap();
    let mine = base.path().join("thesis");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("thesis.docx"), "keep").unwrap();
    let e = write_dir(&mine, "plan", &[OutputFile::text("a.csv", "1".into())]).unwrap_err();
    assert!(
        e.to_string()
            .contains("holds files staffplan did not write"),
        "{e}"
    );
    assert_eq!(
        fs::read_to_string(mine.join("thesis.docx")).unwrap(),
        "keep"
    );
    let file = base.path().join("scenario.yaml");
    fs::write(&file, "name: x").unwrap();
    assert!(write_dir(&file, "plan", &[])
        .unwrap_err()
        .to_string()
        .contains("is a file"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "name: x");
    let empty = base.path().join("empty");
    fs::create_dir(&empty).unwrap();
    write_dir(&empty, "plan", &[OutputFile::text("a.csv", "1".into())]).unwrap();
    assert!(empty.join(MARKER).is_file());
}

#[test]
fn another_commands_folder_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    write_dir(&dir, "plan", &[OutputFile::text("roster.csv", "r".into())]).unwrap();
    let e = check_dir(&dir, "staff").unwrap_err();
    assert!(e.downcast_ref::<UsageError>().is_some(), "{e}");
    assert!(
        e.to_string()
            .contains("holds the outputs of `staffplan plan`"),
        "{e}"
    );
    assert!(write_dir(&dir, "staff", &[]).is_err());
    assert_eq!(fs::read_to_string(dir.join("roster.csv")).unwrap(), "r");
    check_dir(&dir, "plan").unwrap();
}

#[test]
fn added_and_changed_files_are_refused_and_kept() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    let files = [
        OutputFile::text("roster.csv", "a,b\n".into()),
        OutputFile::text("charts/c.svg", "<svg/>".into()),
    ];
    write_dir(&dir, "plan", &files).unwrap();
    // A deleted output loses nothing: still ours.
    fs::remove_file(dir.join("charts/c.svg")).unwrap();
    check_dir(&dir, "plan").unwrap();
    // Same size, other bytes: the hash sees it.
    fs::write(dir.join("roster.csv"), "a;b\n").unwrap();
    fs::write(dir.join("charts/notes.txt"), "mine").unwrap();
    fs::create_dir(dir.join("extra")).unwrap();
    let e = write_dir(&dir, "plan", &files).unwrap_err().to_string();
    for what in [
        "charts/notes.txt (added)",
        "extra (added)",
        "roster.csv (changed)",
    ] {
        assert!(e.contains(what), "{what}: {e}");
    }
    assert_eq!(fs::read_to_string(dir.join("roster.csv")).unwrap(), "a;b\n");
    assert_eq!(
        fs::read_to_string(dir.join("charts/notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(names(base.path()), ["out"]);
}

#[test]
fn many_foreign_files_are_counted() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    write_dir(&dir, "plan", &[OutputFile::text("a.csv", "1".into())]).unwrap();
    for i in 0..8 {
        fs::write(dir.join(format!("mine-{i}.txt")), "x").unwrap();
    }
    let e = check_dir(&dir, "plan").unwrap_err().to_string();
    assert!(
        e.contains("mine-0.txt (added)") && e.contains("and 3 more"),
        "{e}"
    );
    assert!(!e.contains("mine-7.txt"), "{e}");
}

#[test]
fn an_old_or_edited_marker_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    fs::create_dir(&dir).unwrap();
    fs::write(
        dir.join(MARKER),
        "written by staffplan: the next run replaces this folder whole\n",
    )
    .unwrap();
    fs::write(dir.join("a.csv"), "1").unwrap();
    let e = check_dir(&dir, "plan").unwrap_err().to_string();
    assert!(e.contains("not one this staffplan wrote"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_copy_of_an_output_folder_is_not_ours() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    write_dir(&dir, "plan", &[OutputFile::text("a.csv", "1".into())]).unwrap();
    let copy = base.path().join("copy");
    fs::create_dir(&copy).unwrap();
    for name in ["a.csv", MARKER] {
        fs::copy(dir.join(name), copy.join(name)).unwrap();
    }
    let e = check_dir(&copy, "plan").unwrap_err().to_string();
    assert!(e.contains("is a copy of a staffplan output"), "{e}");
    // A move keeps the folder's identity: still ours.
    let moved = base.path().join("moved");
    fs::rename(&dir, &moved).unwrap();
    check_dir(&moved, "plan").unwrap();
}

#[test]
fn dot_and_dot_dot_are_not_folder_names() {
    for bad in [".", "..", "./", "out/..", "/"] {
        let e = check_dir(Path::new(bad), "plan").unwrap_err().to_string();
        assert!(e.contains("give the output folder a name"), "{bad}: {e}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_is_followed_and_kept() {
    let base = tempfile::tempdir().unwrap();
    let real = base.path().join("real");
    let link = base.path().join("link");
    std::os::unix::fs::symlink("real", &link).unwrap();
    write_dir(&link, "plan", &[OutputFile::text("a.csv", "1".into())]).unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(real.join("a.csv")).unwrap(), "1");
    write_dir(&link, "plan", &[OutputFile::text("a.csv", "2".into())]).unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(real.join("a.csv")).unwrap(), "2");
    assert_eq!(names(base.path()), ["link", "real"]);
}

#[test]
fn a_failed_check_leaves_the_previous_outputs() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    write_dir(&dir, "plan", &[OutputFile::text("a.csv", "old".into())]).unwrap();
    let checked = write_dir_checked(
        &dir,
        "plan",
        &[OutputFile::text("a.csv", "new".into())],
        |tmp| {
            assert_eq!(fs::read_to_string(tmp.join("a.csv")).unwrap(), "new");
            anyhow::bail!("rejected")
        },
    );
    assert!(checked.is_err());
    assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old");
    assert_eq!(names(base.path()), ["out"]);
}

#[test]
fn a_folder_changed_during_the_run_is_not_replaced() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    write_dir(&dir, "plan", &[OutputFile::text("a.csv", "old".into())]).unwrap();
    let result = write_dir_checked(
        &dir,
        "plan",
        &[OutputFile::text("a.csv", "new".into())],
        |_| {
            // Opened in a spreadsheet and saved while the plan ran.
            fs::write(dir.join("a.csv"), "edited").unwrap();
            Ok(())
        },
    );
    assert!(result.unwrap_err().to_string().contains("a.csv (changed)"));
    assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "edited");
    assert_eq!(names(base.path()), ["out"]);
}

#[test]
fn leftovers_of_killed_runs_are_tidied() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    // No process has pid 0x7fff_fff0 (Linux pids stop at 2^22).
    let dead = 0x7fff_fff0u32;
    // Killed between "move the old folder aside" and "move the new one in".
    let t = target(&dir).unwrap();
    let old = Staged::write(&t, "plan", &[OutputFile::text("a.csv", "old".into())], dead).unwrap();
    fs::rename(&old.tmp, &old.old).unwrap();
    std::mem::forget(old);
    fs::create_dir(base.path().join(format!(".out.tmp-{dead}"))).unwrap();
    fs::create_dir(base.path().join(".other.tmp-1")).unwrap();
    let failed = write_dir_checked(
        &dir,
        "plan",
        &[OutputFile::text("a.csv", "new".into())],
        |_| anyhow::bail!("rejected"),
    );
    assert!(failed.is_err());
    if cfg!(target_os = "linux") {
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old");
        assert_eq!(names(base.path()), [".other.tmp-1", "out"]);
    }
}

/// A kill at each step of the swap, played by stopping there without
/// any clean-up (`mem::forget`): the previous outputs (or the new ones,
/// once swapped in) are always whole, the folder is never missing with the
/// exchange, and the next run leaves exactly its own outputs.
#[test]
fn a_kill_at_any_step_of_the_swap_loses_no_outputs() {
    let dead = 0x7fff_fff1u32;
    let old = [OutputFile::text("a.csv", "old".into())];
    let new = [
        OutputFile::text("a.csv", "new".into()),
        OutputFile::text("charts/b.svg", "b".into()),
    ];
    let read = |dir: &Path| fs::read_to_string(dir.join("a.csv")).ok();
    let mut swaps = vec![Swap::Renames];
    if cfg!(target_os = "linux") {
        swaps.push(Swap::Exchange);
    }
    for how in swaps {
        for step in 0..4 {
            let base = tempfile::tempdir().unwrap();
            let dir = base.path().join("out");
            write_dir(&dir, "plan", &old).unwrap();
            let t = target(&dir).unwrap();
            let staged = Staged::write(&t, "plan", &new, dead).unwrap();
            let seen = match (how, step) {
                // Killed while (or after) writing the new folder.
                (_, 0) => {
                    std::mem::forget(staged);
                    read(&dir)
                }
                (Swap::Renames, 1) => {
                    staged.aside().unwrap();
                    std::mem::forget(staged);
                    read(&dir)
                }
                (Swap::Exchange, 1) => {
                    exchange(&staged.tmp, &dir).unwrap();
                    std::mem::forget(staged);
                    read(&dir)
                }
                // Killed after the new folder is in, before the old is gone.
                (Swap::Renames, 2) => {
                    staged.aside().unwrap();
                    fs::rename(&staged.tmp, &dir).unwrap();
                    std::mem::forget(staged);
                    read(&dir)
                }
                _ => {
                    staged.swap(how).unwrap();
                    read(&dir)
                }
            };
            let what = format!("{how:?}, killed at step {step}");
            match (how, step) {
                (Swap::Renames, 1) => assert_eq!(seen, None, "{what}: the known gap"),
                (_, 0) => assert_eq!(seen.as_deref(), Some("old"), "{what}"),
                _ => assert_eq!(seen.as_deref(), Some("new"), "{what}"),
            }
            // The next run tidies up (putting the old folder back if it
            // was aside) and writes its own outputs, leaving nothing else.
            let next = [OutputFile::text("a.csv", "next".into())];
            write_dir(&dir, "plan", &next).unwrap_or_else(|e| panic!("{what}: {e:#}"));
            assert_eq!(read(&dir).as_deref(), Some("next"), "{what}");
            assert!(!dir.join("charts").exists(), "{what}");
            assert_eq!(names(base.path()), ["out"], "{what}");
        }
    }
}

#[test]
fn a_failed_write_leaves_the_previous_outputs() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("out");
    write_dir(&dir, "plan", &[OutputFile::text("a.csv", "old".into())]).unwrap();
    // A file path that cannot be created (a file where a folder must go).
    let bad = [
        OutputFile::text("a.csv", "new".into()),
        OutputFile::text("a.csv/x", "boom".into()),
    ];
    assert!(write_dir(&dir, "plan", &bad).is_err());
    assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old");
    assert_eq!(names(base.path()), ["out"]);
}

#[test]
fn single_files_are_not_overwritten_unless_forced() {
    let base = tempfile::tempdir().unwrap();
    let input = base.path().join("in.csv");
    fs::write(&input, "input").unwrap();
    let out = base.path().join("out.csv");
    write_new_file(&out, "-o", false, &[&input], b"1").unwrap();
    let e = write_new_file(&out, "-o", false, &[&input], b"2").unwrap_err();
    assert!(e.downcast_ref::<UsageError>().is_some());
    assert!(e.to_string().contains("add --force"), "{e}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "1");
    write_new_file(&out, "-o", true, &[&input], b"2").unwrap();
    assert_eq!(fs::read_to_string(&out).unwrap(), "2");
    for force in [false, true] {
        let e = write_new_file(&input, "-o", force, &[&input], b"x").unwrap_err();
        assert!(e.to_string().contains("this command's input"), "{e}");
    }
    let via_dots = base.path().join(".").join("in.csv");
    assert!(write_new_file(&via_dots, "-o", true, &[&input], b"x").is_err());
    #[cfg(unix)]
    {
        let hard = base.path().join("hard.csv");
        fs::hard_link(&input, &hard).unwrap();
        assert!(write_new_file(&hard, "-o", true, &[&input], b"x").is_err());
        let link = base.path().join("link.csv");
        std::os::unix::fs::symlink("out.csv", &link).unwrap();
        write_new_file(&link, "-o", true, &[&input], b"3").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&out).unwrap(), "3");
    }
    assert_eq!(fs::read_to_string(&input).unwrap(), "input");
}
