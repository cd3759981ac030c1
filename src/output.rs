//! The one writer: puts a run's files on disk atomically.
//!
//! Renderers return bytes; [`write_dir`] writes them all into a fresh
//! temporary folder next to the target and then swaps it in with renames, so a
//! failed or killed run leaves the previous outputs as they were.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::error::UsageError;

/// One output file: a path relative to the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path, like `requirements.csv` or `charts/coverage.svg`.
    pub path: PathBuf,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file from text.
    pub fn text(path: &str, text: String) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            bytes: text.into_bytes(),
        }
    }
}

/// Write `files` as the whole content of `dir`, replacing what was there.
///
/// Steps: write everything into `.<name>.tmp-<pid>` beside `dir` (fsync each
/// file), move any existing `dir` aside, rename the new folder into place,
/// delete the old one. Until the first rename nothing visible has changed.
pub fn write_dir(dir: &Path, files: &[OutputFile]) -> Result<()> {
    write_dir_checked(dir, files, |_| Ok(()))
}

/// [`write_dir`], with `verify` run on the complete temporary folder before it
/// replaces `dir`: if it fails, nothing visible changes.
pub fn write_dir_checked(
    dir: &Path,
    files: &[OutputFile],
    verify: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    let name = dir
        .file_name()
        .ok_or_else(|| {
            UsageError(format!(
                "-o {}: give the output folder a name, like out/week-10",
                dir.display()
            ))
        })?
        .to_string_lossy()
        .to_string();
    refuse_foreign(dir)?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = fs::remove_dir_all(&tmp);
    remove_stale(&parent, &name);
    let written = write_all(&tmp, files).and_then(|_| verify(&tmp));
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let had_old = dir.exists();
    if had_old {
        fs::rename(dir, &old)
            .with_context(|| format!("moving the previous {} aside", dir.display()))?;
    }
    if let Err(e) = fs::rename(&tmp, dir) {
        if had_old {
            let _ = fs::rename(&old, dir);
        }
        let _ = fs::remove_dir_all(&tmp);
        return Err(e).with_context(|| format!("moving the new outputs into {}", dir.display()));
    }
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Tidy what killed runs left beside the output folder: `.<name>.tmp-<pid>`
/// and `.<name>.old-<pid>` of processes that no longer run are removed, but an
/// `.old` folder is first put back when the run died between its two renames
/// (so the folder itself is missing). Where a process cannot be looked up
/// (not Linux), leave them.
fn remove_stale(parent: &Path, name: &str) {
    let dir = parent.join(name);
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        let pid = [".tmp-", ".old-"].iter().find_map(|kind| {
            file.strip_prefix(&format!(".{name}{kind}"))
                .and_then(|pid| pid.parse::<u32>().ok())
        });
        if let Some(pid) = pid {
            if pid != std::process::id() && !running(pid) {
                let restore = file.contains(".old-") && !dir.exists();
                if !(restore && fs::rename(entry.path(), &dir).is_ok()) {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
    }
}

/// Is process `pid` running? Unknown (so: yes) off Linux.
fn running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Write one file atomically: into a temporary file beside it, then rename.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file name", path.display()))?;
    let tmp = parent.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("writing {}", path.display()))
}

/// The file that marks a folder as staffplan's output, so a later run may
/// replace it whole.
pub const MARKER: &str = ".staffplan-output";

/// Refuse to replace anything at `dir` that staffplan did not write: a file,
/// or a folder with content and no marker. An empty folder is fine.
fn refuse_foreign(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(UsageError(format!(
            "-o {}: that is a file, not an output folder; choose another path",
            dir.display()
        ))
        .into());
    }
    let empty = fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !empty && !dir.join(MARKER).is_file() {
        return Err(UsageError(format!(
            "-o {}: this folder holds files staffplan did not write, and a run replaces its output folder whole; give a new or empty folder",
            dir.display()
        ))
        .into());
    }
    Ok(())
}

fn write_all(root: &Path, files: &[OutputFile]) -> Result<()> {
    fs::create_dir_all(root).with_context(|| format!("creating {}", root.display()))?;
    fs::write(
        root.join(MARKER),
        "written by staffplan: the next run replaces this folder whole\n",
    )
    .with_context(|| format!("writing {}", root.display()))?;
    for f in files {
        let path = root.join(&f.path);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
        }
        let mut out =
            fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        out.write_all(&f.bytes)
            .and_then(|_| out.sync_all())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_folder_whole() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("out");
        write_dir(
            &dir,
            &[
                OutputFile::text("a.csv", "1".into()),
                OutputFile::text("charts/b.svg", "2".into()),
            ],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(dir.join("charts/b.svg")).unwrap(), "2");
        write_dir(&dir, &[OutputFile::text("a.csv", "3".into())]).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "3");
        assert!(
            !dir.join("charts").exists(),
            "stale files from the last run are gone"
        );
        let leftovers: Vec<_> = fs::read_dir(base.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folder is left behind");
    }

    #[test]
    fn never_replaces_what_it_did_not_write() {
        let base = tempfile::tempdir().unwrap();
        let mine = base.path().join("thesis");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("thesis.docx"), "keep").unwrap();
        let e = write_dir(&mine, &[OutputFile::text("a.csv", "1".into())]).unwrap_err();
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
        assert!(write_dir(&file, &[])
            .unwrap_err()
            .to_string()
            .contains("is a file"));
        assert_eq!(fs::read_to_string(&file).unwrap(), "name: x");
        let empty = base.path().join("empty");
        fs::create_dir(&empty).unwrap();
        write_dir(&empty, &[OutputFile::text("a.csv", "1".into())]).unwrap();
        assert!(empty.join(MARKER).is_file());
    }

    #[test]
    fn a_failed_check_leaves_the_previous_outputs() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("out");
        write_dir(&dir, &[OutputFile::text("a.csv", "old".into())]).unwrap();
        let checked = write_dir_checked(&dir, &[OutputFile::text("a.csv", "new".into())], |tmp| {
            assert_eq!(fs::read_to_string(tmp.join("a.csv")).unwrap(), "new");
            anyhow::bail!("rejected")
        });
        assert!(checked.is_err());
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old");
        assert_eq!(fs::read_dir(base.path()).unwrap().count(), 1);
    }

    #[test]
    fn leftovers_of_killed_runs_are_tidied() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("out");
        // No process has pid 0x7fff_fff0 (Linux pids stop at 2^22).
        let dead = 0x7fff_fff0u32;
        // Killed between "move the old folder aside" and "move the new one in".
        fs::create_dir(base.path().join(format!(".out.old-{dead}"))).unwrap();
        fs::write(base.path().join(format!(".out.old-{dead}/a.csv")), "old").unwrap();
        fs::write(base.path().join(format!(".out.old-{dead}/{MARKER}")), "").unwrap();
        fs::create_dir(base.path().join(format!(".out.tmp-{dead}"))).unwrap();
        fs::create_dir(base.path().join(".other.tmp-1")).unwrap();
        let failed = write_dir_checked(&dir, &[OutputFile::text("a.csv", "new".into())], |_| {
            anyhow::bail!("rejected")
        });
        assert!(failed.is_err());
        if cfg!(target_os = "linux") {
            assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old");
            let mut left: Vec<String> = fs::read_dir(base.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect();
            left.sort();
            assert_eq!(left, [".other.tmp-1", "out"]);
        }
    }

    #[test]
    fn a_failed_write_leaves_the_previous_outputs() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("out");
        write_dir(&dir, &[OutputFile::text("a.csv", "old".into())]).unwrap();
        // A file path that cannot be created (a file where a folder must go).
        let bad = [
            OutputFile::text("a.csv", "new".into()),
            OutputFile::text("a.csv/x", "boom".into()),
        ];
        assert!(write_dir(&dir, &bad).is_err());
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old");
        let leftovers: Vec<_> = fs::read_dir(base.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
