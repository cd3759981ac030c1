//! Single-file outputs (`-o results.csv`, `--write-scenario`): never onto the
//! command's own input, onto an existing file only with `--force`, written
//! atomically into a temporary file beside it and renamed into place.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use super::errors::{io_failure, plain};
use super::paths::{existing_ancestor, follow_links, parent_of, writable};
use super::swap::remove_stale;
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
/// one of the command's `inputs`, never onto a folder, never into a folder
/// a command writes whole (`plan`'s, `staff`'s: the next run there would
/// refuse it, or it would overwrite that run's files, even with `force`),
/// and onto an existing file only with `force`. Returns where the bytes will go (a link at `path`
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
    let parent = parent_of(&real);
    if let Some((folder, command)) = super::marker::owner(&parent) {
        return Err(UsageError(format!(
            "{flag} {}: {} holds the outputs of `{command}`, which the next run there replaces whole (and refuses to while it holds a file it did not write), so staffplan writes no other file into it, even with --force; write it outside that folder",
            path.display(),
            folder.display()
        ))
        .into());
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
    stream_new_file(path, flag, force, inputs, |out| {
        out.write_all(bytes)
            .map_err(|e| io_failure(e, &format!("{flag}: cannot write"), path))
    })
}

/// [`write_new_file`] for an output made as it is written (a batch of a
/// million rows need not be held in memory): `write` streams it into the
/// temporary file, which is renamed into place only when `write` succeeds.
/// When it fails, its error is returned as it is and nothing is written.
pub fn stream_new_file<T>(
    path: &Path,
    flag: &str,
    force: bool,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let real = check_new_file(path, flag, force, inputs)?;
    let failed = |e: io::Error| io_failure(e, &format!("{flag}: cannot write"), path);
    let parent = parent_of(&real);
    fs::create_dir_all(&parent).map_err(failed)?;
    let name = real
        .file_name()
        .with_context(|| format!("{} is not a file name", real.display()))?
        .to_string_lossy()
        .into_owned();
    remove_stale(&parent, &name);
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = fs::File::create(&tmp).map_err(failed).and_then(|file| {
        let mut out = io::BufWriter::with_capacity(1 << 20, file);
        let made = write(&mut out)?;
        let file = out.into_inner().map_err(|e| failed(e.into_error()))?;
        file.sync_all().map_err(failed)?;
        fs::rename(&tmp, &real).map_err(failed)?;
        Ok(made)
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
