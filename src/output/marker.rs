//! The marker that lets staffplan vouch for a folder it is about to replace:
//! [`MARKER`] records the command that wrote the folder, the folder's
//! identity (device and inode on Unix) and a manifest of every file with its
//! size and FNV-1a 64 hash; [`vouch`] refuses a folder that holds anything
//! else.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::errors::io_failure;
use crate::error::UsageError;

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
pub(super) struct Marker {
    pub(super) staffplan_output: u32,
    pub(super) note: String,
    pub(super) command: String,
    /// Device and inode of the folder (Unix); absent elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) folder: Option<FolderId>,
    pub(super) files: Vec<Entry>,
}

impl Marker {
    /// The marker of a folder `command` writes, with its identity and files.
    pub(super) fn new(command: &str, folder: Option<FolderId>, files: Vec<Entry>) -> Marker {
        Marker {
            staffplan_output: MARKER_FORMAT,
            note: format!(
                "written by `staffplan {command}`; the next `{command}` here replaces this folder whole, if its files are as listed"
            ),
            command: command.to_string(),
            folder,
            files,
        }
    }
}

/// Where a folder lives: a copy has another identity than its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FolderId {
    device: u64,
    inode: u64,
}

/// One file of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Entry {
    pub(super) path: String,
    pub(super) size: u64,
    pub(super) fnv1a64: String,
}

impl Entry {
    pub(super) fn of(path: String, bytes: &[u8]) -> Entry {
        Entry {
            path,
            size: bytes.len() as u64,
            fnv1a64: format!("{:016x}", fnv1a64(bytes)),
        }
    }
}

#[cfg(unix)]
pub(super) fn folder_id(path: &Path) -> io::Result<Option<FolderId>> {
    use std::os::unix::fs::MetadataExt;
    let m = fs::symlink_metadata(path)?;
    Ok(Some(FolderId {
        device: m.dev(),
        inode: m.ino(),
    }))
}

#[cfg(not(unix))]
pub(super) fn folder_id(path: &Path) -> io::Result<Option<FolderId>> {
    fs::symlink_metadata(path).map(|_| None)
}

/// A relative output path as the manifest spells it: `/` between parts.
pub(super) fn manifest_path(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_string()),
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The staffplan output folder that `dir` is or lies in (the nearest of it
/// and its parents with a [`MARKER`]), and the command that wrote it
/// (`staffplan` when its marker cannot be read).
pub(super) fn owner(dir: &Path) -> Option<(std::path::PathBuf, String)> {
    dir.ancestors().find_map(|d| {
        let bytes = fs::read(d.join(MARKER)).ok()?;
        let command = serde_json::from_slice::<Marker>(&bytes).map_or_else(
            |_| "staffplan".to_string(),
            |m| format!("staffplan {}", m.command),
        );
        let shown = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        };
        Some((shown.to_path_buf(), command))
    })
}

/// Refuse to replace the existing folder `path` unless it is `command`'s own
/// unchanged output (or empty).
pub(super) fn vouch(path: &Path, shown: &Path, command: &str) -> Result<()> {
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
