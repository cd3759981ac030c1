//! The one writer: puts a run's files on disk atomically, and never loses a
//! file the user did not ask staffplan to replace.
//!
//! Renderers return bytes; [`write_dir`] writes them all into a fresh
//! temporary folder next to the target and then swaps it in (one atomic
//! exchange on Linux, two renames elsewhere), so a failed or killed run leaves
//! the previous outputs as they were.
//!
//! An output folder is replaced whole, so staffplan only replaces a folder it
//! can vouch for. Each folder it writes holds a marker, [`MARKER`]: the
//! command that wrote it, the folder's identity (device and inode on Unix) and
//! a manifest of every file with its size and FNV-1a 64 hash. A run refuses
//! (exit 2, see [`UsageError`]) a folder that:
//!
//! - holds files and no marker (the user's own folder);
//! - was written by another command (`staff` onto `plan`'s folder);
//! - is not the folder the marker was written in (a `cp -r` copy, a restore
//!   from a backup: the marker came along, but the files are the user's now);
//! - holds a file the manifest does not list, or one whose size or hash
//!   changed (`roster.csv` edited in a spreadsheet), or anything that is not a
//!   plain file or folder.
//!
//! [`check_dir`] runs the same checks before the work, so a long plan does not
//! end in a refusal; [`write_dir`] runs them again just before the swap.
//!
//! Single files ([`write_new_file`]) are never written onto the command's own
//! input and replace an existing file only with `--force`.
//!
//! The parts: the marker and what a folder may hold (`marker.rs`), the
//! temporary folder and the swap (`swap.rs`), single files (`file.rs`), where
//! a path really goes (`paths.rs`) and an OS error in plain words
//! (`errors.rs`).

mod errors;
mod file;
mod marker;
mod paths;
mod swap;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::error::UsageError;
use errors::{io_failure, plain};
use marker::vouch;
use paths::{existing_ancestor, target, writable, Target};
use swap::{remove_stale, Staged, Swap};

pub use file::{check_new_file, stream_new_file, write_new_file};
pub use marker::{fnv1a64, MARKER};
pub use paths::follow_links;

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

/// Check, before the work, that `command` may write its folder `dir`: it has
/// a name, it can be created there, and it is new, empty or `command`'s own
/// unchanged output. The same checks run again when writing.
pub fn check_dir(dir: &Path, command: &str) -> Result<()> {
    let t = target(dir)?;
    check_target(&t, command)
}

/// [`check_dir`] for a folder already resolved (also run again just before
/// the swap).
fn check_target(t: &Target, command: &str) -> Result<()> {
    let path = t.path();
    let parent = existing_ancestor(&t.parent)?;
    writable(&parent).map_err(|e| {
        UsageError(format!(
            "{}: cannot write in {} ({}); choose another folder with -o, or fix its permissions",
            t.shown.display(),
            parent.display(),
            plain(&e)
        ))
    })?;
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_failure(e, "cannot look at the output folder", &t.shown)),
        Ok(m) if !m.is_dir() => Err(UsageError(format!(
            "{}: that is a file, not an output folder; choose another path",
            t.shown.display()
        ))
        .into()),
        Ok(_) => vouch(&path, &t.shown, command),
    }
}

/// Write `files` as the whole content of `dir`, replacing the previous
/// output of the same `command` there (see [`write_dir_checked`]).
pub fn write_dir(dir: &Path, command: &str, files: &[OutputFile]) -> Result<()> {
    write_dir_checked(dir, command, files, |_| Ok(()))
}

/// [`write_dir`], with `verify` run on the complete temporary folder before it
/// replaces `dir`: if it fails, nothing visible changes.
///
/// Steps: check `dir` again (as [`check_dir`]); write everything into
/// `.<name>.tmp-<pid>` beside it (fsync each file) with its marker; swap it
/// in: on Linux one `renameat2(RENAME_EXCHANGE)` (the folder is never
/// missing), elsewhere move the old folder aside and the new one in; delete
/// the old one. Until the swap nothing visible has changed; whatever fails,
/// no temporary folder is left.
pub fn write_dir_checked(
    dir: &Path,
    command: &str,
    files: &[OutputFile],
    verify: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let t = target(dir)?;
    check_target(&t, command)?;
    fs::create_dir_all(&t.parent).map_err(|e| {
        io_failure(
            e,
            &format!("{}: cannot create", t.shown.display()),
            &t.parent,
        )
    })?;
    remove_stale(&t.parent, &t.name);
    let staged = Staged::write(&t, command, files, std::process::id())?;
    verify(&staged.tmp).with_context(|| format!("writing {}", t.shown.display()))?;
    // The user may have changed the folder while the run worked.
    check_target(&t, command)?;
    staged.swap(Swap::best())
}

#[cfg(test)]
mod tests;
