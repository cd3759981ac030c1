//! A run's folder made whole out of sight, then swapped in: the files and the
//! marker go into `.<name>.tmp-<pid>` beside the target ([`Staged`]), which
//! replaces the old folder in one `renameat2(RENAME_EXCHANGE)` on Linux, or
//! by two renames where that is not supported ([`Swap`]). What killed runs
//! left behind is tidied by the next one ([`remove_stale`]).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::errors::io_failure;
use super::marker::{folder_id, manifest_path, Entry, Marker, MARKER};
use super::paths::Target;
use super::OutputFile;

/// How the new folder replaces the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Swap {
    /// One atomic exchange (Linux `renameat2`); falls back to [`Swap::Renames`]
    /// where the file system does not support it.
    Exchange,
    /// Old folder aside, new folder in: a kill between the two leaves the
    /// folder missing until the next run puts the old one back.
    Renames,
}

impl Swap {
    pub(super) fn best() -> Swap {
        if cfg!(target_os = "linux") {
            Swap::Exchange
        } else {
            Swap::Renames
        }
    }
}

/// A complete new output folder, not yet visible: removed when dropped
/// unless swapped in.
pub(super) struct Staged {
    target: Target,
    pub(super) tmp: PathBuf,
    pub(super) old: PathBuf,
    armed: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

impl Staged {
    /// Write `files` and the marker into `.<name>.tmp-<tag>` beside the target.
    pub(super) fn write(
        t: &Target,
        command: &str,
        files: &[OutputFile],
        tag: u32,
    ) -> Result<Staged> {
        let tmp = t.parent.join(format!(".{}.tmp-{tag}", t.name));
        let old = t.parent.join(format!(".{}.old-{tag}", t.name));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir(&tmp).map_err(|e| {
            io_failure(
                e,
                &format!("{}: cannot create a folder in", t.shown.display()),
                &t.parent,
            )
        })?;
        let staged = Staged {
            target: t.clone(),
            tmp,
            old,
            armed: true,
        };
        let mut entries = Vec::with_capacity(files.len());
        for f in files {
            let rel = manifest_path(&f.path)
                .with_context(|| format!("output file name {}", f.path.display()))?;
            anyhow::ensure!(rel != MARKER, "an output file may not be named {MARKER}");
            let path = staged.tmp.join(&f.path);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p).map_err(|e| io_failure(e, "cannot create", p))?;
            }
            write_synced(&path, &f.bytes).map_err(|e| {
                io_failure(e, "cannot write", &t.shown.join(&f.path))
                    .context(format!("writing {}", t.shown.display()))
            })?;
            entries.push(Entry::of(rel, &f.bytes));
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let folder =
            folder_id(&staged.tmp).map_err(|e| io_failure(e, "cannot look at", &staged.tmp))?;
        let marker = Marker::new(command, folder, entries);
        let text = serde_json::to_string_pretty(&marker)? + "\n";
        write_synced(&staged.tmp.join(MARKER), text.as_bytes())
            .map_err(|e| io_failure(e, "cannot write", &t.shown.join(MARKER)))?;
        Ok(staged)
    }

    /// Put the new folder in place of the old one (if any) and delete the old.
    pub(super) fn swap(mut self, how: Swap) -> Result<()> {
        let dir = self.target.path();
        let shown = self.target.shown.clone();
        let fail = |e| io_failure(e, "cannot put the new outputs in place at", &shown);
        let exists = fs::symlink_metadata(&dir).is_ok();
        if !exists {
            fs::rename(&self.tmp, &dir).map_err(fail)?;
            self.armed = false;
            return Ok(());
        }
        if how == Swap::Exchange {
            match exchange(&self.tmp, &dir) {
                Ok(()) => {
                    // `tmp` now holds the old outputs.
                    let _ = fs::remove_dir_all(&self.tmp);
                    self.armed = false;
                    return Ok(());
                }
                Err(e) if !unsupported(&e) => return Err(fail(e)),
                Err(_) => {}
            }
        }
        self.aside()?;
        self.put_in()
    }

    /// Step one of [`Swap::Renames`]: the old folder to `.<name>.old-<tag>`.
    pub(super) fn aside(&self) -> Result<()> {
        fs::rename(self.target.path(), &self.old).map_err(|e| {
            io_failure(
                e,
                &format!(
                    "{}: cannot move the previous outputs aside in",
                    self.target.shown.display()
                ),
                &self.target.parent,
            )
        })
    }

    /// Step two of [`Swap::Renames`]: the new folder in, the old one deleted
    /// (or, if the new one cannot go in, put back).
    fn put_in(mut self) -> Result<()> {
        let dir = self.target.path();
        if let Err(e) = fs::rename(&self.tmp, &dir) {
            let _ = fs::rename(&self.old, &dir);
            return Err(io_failure(
                e,
                "cannot put the new outputs in place at",
                &self.target.shown,
            ));
        }
        self.armed = false;
        let _ = fs::remove_dir_all(&self.old);
        Ok(())
    }
}

/// Swap two paths in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
    };
    let (a, b) = (c(a)?, c(b)?);
    // The raw system call, not glibc's wrapper (glibc 2.28 and later only).
    // SAFETY: both paths are valid NUL-terminated strings for the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The exchange is not available here (old kernel, a file system without it).
fn unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Write `bytes` to a new file at `path` and wait until they are on disk.
/// Write `bytes` to a new file at `path` and wait until they are on disk.
pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut out = fs::File::create(path)?;
    out.write_all(bytes)?;
    out.sync_all()
}

/// Tidy what killed runs left beside the output: `.<name>.tmp-<pid>` and
/// `.<name>.old-<pid>` of processes that no longer run are removed, but an
/// `.old` folder is first put back when the run died between its two renames
/// (so the folder itself is missing). Where a process cannot be looked up
/// (not Linux), leave them.
pub(super) fn remove_stale(parent: &Path, name: &str) {
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
                let restore = file.contains(".old-") && fs::symlink_metadata(&dir).is_err();
                if !(restore && fs::rename(entry.path(), &dir).is_ok()) {
                    let path = entry.path();
                    if path.is_dir() {
                        let _ = fs::remove_dir_all(path);
                    } else {
                        let _ = fs::remove_file(path);
                    }
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
