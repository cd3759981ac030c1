//! Where outputs go: a symbolic link followed to its target, the folder that
//! holds a path, the nearest folder that exists and whether this process may
//! write in it, and an output folder resolved to a [`Target`].

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use super::errors::{io_failure, plain};
use crate::error::UsageError;

/// The folder that holds `path` (`.` for a bare name).
pub(super) fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Where output to `path` really goes: a symbolic link at `path` is followed
/// (to its target, however many links deep), so writing replaces what the
/// link points at and keeps the link.
pub fn follow_links(path: &Path) -> Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p).map_err(|e| {
                    UsageError(format!(
                        "{}: cannot read this symbolic link ({}); choose another path",
                        p.display(),
                        plain(&e)
                    ))
                })?;
                p = if target.is_absolute() {
                    target
                } else {
                    parent_of(&p).join(target)
                };
            }
            _ => return Ok(p),
        }
    }
    Err(UsageError(format!(
        "{}: more than 40 symbolic links in a row (a loop?); choose another path",
        path.display()
    ))
    .into())
}

/// The nearest folder above `path` that exists (for a path not yet there).
/// A file on the way is refused.
pub(super) fn existing_ancestor(path: &Path) -> Result<PathBuf> {
    let mut p = path.to_path_buf();
    loop {
        match fs::metadata(&p) {
            Ok(m) if m.is_dir() => return Ok(p),
            Ok(_) => {
                return Err(UsageError(format!(
                    "{}: {} is a file, so no folder can go there; choose another path",
                    path.display(),
                    p.display()
                ))
                .into())
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_failure(e, "cannot look at", &p)),
        }
        match p.parent() {
            Some(up) if !up.as_os_str().is_empty() => p = up.to_path_buf(),
            _ if p == Path::new(".") => return Ok(p),
            _ => p = PathBuf::from("."),
        }
    }
}

/// Can this process create and delete entries in folder `dir`?
#[cfg(unix)]
pub(super) fn writable(dir: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: `c` is a valid NUL-terminated path for the call's duration.
    if unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
pub(super) fn writable(dir: &Path) -> io::Result<()> {
    if fs::metadata(dir)?.permissions().readonly() {
        Err(io::Error::from(io::ErrorKind::PermissionDenied))
    } else {
        Ok(())
    }
}

/// An output folder, resolved: where it really is and how the user named it.
#[derive(Debug, Clone)]
pub(super) struct Target {
    /// As the user gave it (for messages).
    pub(super) shown: PathBuf,
    /// The folder that holds it.
    pub(super) parent: PathBuf,
    /// Its name in `parent`.
    pub(super) name: String,
}

impl Target {
    pub(super) fn path(&self) -> PathBuf {
        self.parent.join(&self.name)
    }
}

/// Resolve `dir` (follow a link, insist on a name).
pub(super) fn target(dir: &Path) -> Result<Target> {
    let no_name = || {
        UsageError(format!(
            "{}: give the output folder a name, like out/week-10",
            dir.display()
        ))
    };
    // `.` and `..` as the last part name no new folder (`plan -o .`).
    if matches!(
        dir.components().next_back(),
        None | Some(Component::CurDir | Component::ParentDir | Component::RootDir)
    ) {
        return Err(no_name().into());
    }
    let real = follow_links(dir)?;
    let name = match real.components().next_back() {
        Some(Component::Normal(n)) => n.to_string_lossy().to_string(),
        _ => return Err(no_name().into()),
    };
    Ok(Target {
        shown: dir.to_path_buf(),
        parent: parent_of(&real),
        name,
    })
}
