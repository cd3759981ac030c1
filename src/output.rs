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

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

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

/// The file that marks a folder as staffplan's output: which command wrote
/// it, where, and every file it wrote (JSON).
pub const MARKER: &str = ".staffplan-output";

/// The marker's format; a marker without it (or another) is not trusted.
const MARKER_FORMAT: u32 = 2;

/// FNV-1a, 64 bits (Fowler, Noll & Vo): `h = 0xcbf29ce484222325`, then for
/// each byte `h = (h ^ byte) · 0x100000001b3` (mod 2⁶⁴). Not cryptographic:
/// it notices an edit, not an attack. Stable across Rust versions and
/// machines, unlike std's `DefaultHasher`.
///
/// ```
/// assert_eq!(staffplan::output::fnv1a64(b""), 0xcbf29ce484222325);
/// assert_eq!(staffplan::output::fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
/// ```
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// What a marker records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Marker {
    staffplan_output: u32,
    note: String,
    command: String,
    /// Device and inode of the folder (Unix); absent elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    folder: Option<FolderId>,
    files: Vec<Entry>,
}

/// Where a folder lives: a copy has another identity than its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FolderId {
    device: u64,
    inode: u64,
}

/// One file of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    size: u64,
    fnv1a64: String,
}

impl Entry {
    fn of(path: String, bytes: &[u8]) -> Entry {
        Entry {
            path,
            size: bytes.len() as u64,
            fnv1a64: format!("{:016x}", fnv1a64(bytes)),
        }
    }
}

#[cfg(unix)]
fn folder_id(path: &Path) -> io::Result<Option<FolderId>> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::symlink_metadata(path)?;
    Ok(Some(FolderId {
        device: m.dev(),
        inode: m.ino(),
    }))
}

#[cfg(not(unix))]
fn folder_id(path: &Path) -> io::Result<Option<FolderId>> {
    fs::symlink_metadata(path).map(|_| None)
}

/// A relative output path as the manifest spells it: `/` between parts.
fn manifest_path(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_string()),
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The folder that holds `path` (`.` for a bare name).
fn parent_of(path: &Path) -> PathBuf {
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

/// An OS error in a few plain words.
fn plain(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "not found".into(),
        io::ErrorKind::NotADirectory => "a file is in the way where a folder should be".into(),
        io::ErrorKind::AlreadyExists => "something is already there".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::FileTooLarge => "a file is too large for this system's limit".into(),
        _ => e.to_string(),
    }
}

/// Is `e` a problem with the place (which the user fixes by choosing another
/// path or changing permissions: exit 2) rather than with the machine (a full
/// disk, an I/O error: exit 1)?
fn is_path_problem(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied
            | io::ErrorKind::NotFound
            | io::ErrorKind::NotADirectory
            | io::ErrorKind::AlreadyExists
            | io::ErrorKind::ReadOnlyFilesystem
            | io::ErrorKind::IsADirectory
            | io::ErrorKind::DirectoryNotEmpty
    )
}

/// An I/O failure at `what` (about `place`), worded for the user: a path
/// problem is a [`UsageError`] saying what to do, anything else keeps the
/// OS error (exit 1).
fn io_failure(e: io::Error, what: &str, place: &Path) -> anyhow::Error {
    if is_path_problem(&e) {
        UsageError(format!(
            "{what} {} ({}); choose another path, or fix that folder's permissions",
            place.display(),
            plain(&e)
        ))
        .into()
    } else {
        anyhow::Error::new(e).context(format!("{what} {}", place.display()))
    }
}

/// The nearest folder above `path` that exists (for a path not yet there).
/// A file on the way is refused.
fn existing_ancestor(path: &Path) -> Result<PathBuf> {
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
fn writable(dir: &Path) -> io::Result<()> {
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
fn writable(dir: &Path) -> io::Result<()> {
    if fs::metadata(dir)?.permissions().readonly() {
        Err(io::Error::from(io::ErrorKind::PermissionDenied))
    } else {
        Ok(())
    }
}

/// An output folder, resolved: where it really is and how the user named it.
#[derive(Debug, Clone)]
struct Target {
    /// As the user gave it (for messages).
    shown: PathBuf,
    /// The folder that holds it.
    parent: PathBuf,
    /// Its name in `parent`.
    name: String,
}

impl Target {
    fn path(&self) -> PathBuf {
        self.parent.join(&self.name)
    }
}

/// Resolve `dir` (follow a link, insist on a name).
fn target(dir: &Path) -> Result<Target> {
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

/// Check, before the work, that `command` may write its folder `dir`: it has
/// a name, it can be created there, and it is new, empty or `command`'s own
/// unchanged output. The same checks run again when writing.
pub fn check_dir(dir: &Path, command: &str) -> Result<()> {
    let t = target(dir)?;
    check_target(&t, command)
}

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

/// Refuse to replace the existing folder `path` unless it is `command`'s own
/// unchanged output (or empty).
fn vouch(path: &Path, shown: &Path, command: &str) -> Result<()> {
    let mut entries =
        fs::read_dir(path).map_err(|e| io_failure(e, "cannot read the output folder", shown))?;
    if entries.next().is_none() {
        return Ok(());
    }
    let keep = "choose another folder with -o, or move the folder away yourself";
    let marker = match fs::read(path.join(MARKER)) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(UsageError(format!(
                "{}: this folder holds files staffplan did not write, and a run replaces its output folder whole; give a new or empty folder",
                shown.display()
            ))
            .into())
        }
        Err(e) => return Err(io_failure(e, "cannot read the output folder", shown)),
        Ok(bytes) => bytes,
    };
    let marker: Marker = match serde_json::from_slice(&marker) {
        Ok(m) if matches!(m, Marker { staffplan_output: MARKER_FORMAT, .. }) => m,
        _ => {
            return Err(UsageError(format!(
                "{}: this folder's {MARKER} is not one this staffplan wrote (an older version, or edited), so it cannot tell which files are yours; {keep}",
                shown.display()
            ))
            .into())
        }
    };
    if marker.command != command {
        return Err(UsageError(format!(
            "{}: this folder holds the outputs of `staffplan {}`, which `{command}` would delete; {keep} (each command has its own default folder)",
            shown.display(),
            marker.command
        ))
        .into());
    }
    let here = folder_id(path).map_err(|e| io_failure(e, "cannot look at", shown))?;
    if marker.folder.is_some() && here != marker.folder {
        return Err(UsageError(format!(
            "{}: this folder is a copy of a staffplan output (its {MARKER} was written in another folder), so its files are yours, not staffplan's to replace; {keep}",
            shown.display()
        ))
        .into());
    }
    let foreign = foreign_files(path, &marker)
        .map_err(|e| io_failure(e, "cannot read the output folder", shown))?;
    if !foreign.is_empty() {
        let mut list: Vec<String> = foreign.iter().take(5).cloned().collect();
        if foreign.len() > 5 {
            list.push(format!("and {} more", foreign.len() - 5));
        }
        return Err(UsageError(format!(
            "{}: the last run's outputs were changed or added to since ({}), and a run replaces the folder whole; move those files out, or {keep}",
            shown.display(),
            list.join(", ")
        ))
        .into());
    }
    Ok(())
}

/// Everything in `root` the manifest does not vouch for, as
/// `name (added)` / `name (changed)`, sorted.
fn foreign_files(root: &Path, marker: &Marker) -> io::Result<Vec<String>> {
    let listed: std::collections::BTreeMap<&str, &Entry> =
        marker.files.iter().map(|e| (e.path.as_str(), e)).collect();
    let folders: BTreeSet<String> = marker
        .files
        .iter()
        .flat_map(|e| {
            let parts: Vec<&str> = e.path.split('/').collect();
            (1..parts.len())
                .map(|n| parts[..n].join("/"))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let kind = entry.file_type()?;
            if rel == MARKER && kind.is_file() {
                continue;
            }
            if kind.is_dir() && folders.contains(&rel) {
                stack.push((entry.path(), rel));
            } else if let (true, Some(want)) = (kind.is_file(), listed.get(rel.as_str())) {
                let same = entry.metadata()?.len() == want.size
                    && format!("{:016x}", fnv1a64(&fs::read(entry.path())?)) == want.fnv1a64;
                if !same {
                    out.push(format!("{rel} (changed)"));
                }
            } else {
                out.push(format!("{rel} (added)"));
            }
        }
    }
    out.sort();
    Ok(out)
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

/// How the new folder replaces the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Swap {
    /// One atomic exchange (Linux `renameat2`); falls back to [`Swap::Renames`]
    /// where the file system does not support it.
    Exchange,
    /// Old folder aside, new folder in: a kill between the two leaves the
    /// folder missing until the next run puts the old one back.
    Renames,
}

impl Swap {
    fn best() -> Swap {
        if cfg!(target_os = "linux") {
            Swap::Exchange
        } else {
            Swap::Renames
        }
    }
}

/// A complete new output folder, not yet visible: removed when dropped
/// unless swapped in.
struct Staged {
    target: Target,
    tmp: PathBuf,
    old: PathBuf,
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
    fn write(t: &Target, command: &str, files: &[OutputFile], tag: u32) -> Result<Staged> {
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
        let marker = Marker {
            staffplan_output: MARKER_FORMAT,
            note: format!(
                "written by `staffplan {command}`; the next `{command}` here replaces this folder whole, if its files are as listed"
            ),
            command: command.to_string(),
            folder: folder_id(&staged.tmp)
                .map_err(|e| io_failure(e, "cannot look at", &staged.tmp))?,
            files: entries,
        };
        let text = serde_json::to_string_pretty(&marker)? + "\n";
        write_synced(&staged.tmp.join(MARKER), text.as_bytes())
            .map_err(|e| io_failure(e, "cannot write", &t.shown.join(MARKER)))?;
        Ok(staged)
    }

    /// Put the new folder in place of the old one (if any) and delete the old.
    fn swap(mut self, how: Swap) -> Result<()> {
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
    fn aside(&self) -> Result<()> {
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
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
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
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
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

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut out = fs::File::create(path)?;
    out.write_all(bytes)?;
    out.sync_all()
}

/// Tidy what killed runs left beside the output: `.<name>.tmp-<pid>` and
/// `.<name>.old-<pid>` of processes that no longer run are removed, but an
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

#[cfg(test)]
mod tests {
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
        let old =
            Staged::write(&t, "plan", &[OutputFile::text("a.csv", "old".into())], dead).unwrap();
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
}
