//! Single-file outputs (`-o results.csv`, `--write-scenario`): never onto the
//! command's own input, onto an existing file only with `--force`, written
//! atomically into a temporary file beside it and renamed into place.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use super::errors::{io_failure, plain};
use super::paths::{existing_ancestor, follow_links, parent_of, writable};
use super::swap::{remove_stale, write_synced};
use crate::error::UsageError;

/// Are `a` and `b` the same file (the same path after links, or the same
/// device and inode: a hard link)? False when either does not exist.
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(x), Ok(y)) = (fs::canonicalize(a), fs::canonicalize(b)) else {
        return false;
    };
    if x == y {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(m), Ok(n)) = (fs::metadata(&x), fs::metadata(&y)) {
            return m.dev() == n.dev() && m.ino() == n.ino();
        }
    }
    false
}

/// Check, before the work, that a single output file may go to `path`
/// (`flag` names it in messages, like `-o` or `--write-scenario`): never onto
/// one of the command's `inputs`, never onto a folder, and onto an existing
/// file only with `force`. Returns where the bytes will go (a link at `path`
/// is followed).
pub fn check_new_file(path: &Path, flag: &str, force: bool, inputs: &[&Path]) -> Result<PathBuf> {
    let real = follow_links(path)?;
    if real.file_name().is_none()
        || matches!(
            real.components().next_back(),
            Some(Component::CurDir | Component::ParentDir)
        )
    {
        return Err(UsageError(format!(
            "{flag} {}: give the file a name, like results.csv",
            path.display()
        ))
        .into());
    }
    for input in inputs {
        if same_file(&real, input) {
            return Err(UsageError(format!(
                "{flag} {}: that is this command's input ({}), which staffplan never overwrites, even with --force; choose another name",
                path.display(),
                input.display()
            ))
            .into());
        }
    }
    match fs::metadata(&real) {
        Ok(m) if m.is_dir() => Err(UsageError(format!(
            "{flag} {}: that is a folder; give a file name, like {}/results.csv",
            path.display(),
            path.display()
        ))
        .into()),
        Ok(_) if !force => Err(UsageError(format!(
            "{flag} {}: the file already exists, and staffplan never overwrites a file unless asked; choose another name, or add --force to replace it",
            path.display()
        ))
        .into()),
        Ok(_) => Ok(real),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let parent = existing_ancestor(&parent_of(&real))?;
            writable(&parent).map_err(|e| {
                UsageError(format!(
                    "{flag} {}: cannot write in {} ({}); choose another path, or fix that folder's permissions",
                    path.display(),
                    parent.display(),
                    plain(&e)
                ))
            })?;
            Ok(real)
        }
        Err(e) => Err(io_failure(e, &format!("{flag}: cannot look at"), path)),
    }
}

/// Write one new file (see [`check_new_file`], run again here) atomically:
/// into a temporary file beside it, then rename. A link at `path` is
/// followed, so the link stays and its target gets the bytes.
pub fn write_new_file(
    path: &Path,
    flag: &str,
    force: bool,
    inputs: &[&Path],
    bytes: &[u8],
) -> Result<()> {
    let real = check_new_file(path, flag, force, inputs)?;
    write_file(&real, bytes).map_err(|e| match e.downcast::<io::Error>() {
        Ok(io) => io_failure(io, &format!("{flag}: cannot write"), path),
        Err(e) => e,
    })
}

/// Write one file atomically: into a temporary file beside it, then rename.
/// Replaces whatever file is at `path`: callers decide first whether it may
/// (see [`write_new_file`]).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = parent_of(path);
    fs::create_dir_all(&parent)?;
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file name", path.display()))?;
    let name = name.to_string_lossy();
    remove_stale(&parent, &name);
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_synced(&tmp, bytes).and_then(|_| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    Ok(result?)
}
