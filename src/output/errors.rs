//! An OS error in the words of the output writer: a problem with the place
//! (permissions, a missing or blocked folder) becomes a [`UsageError`] saying
//! what to do (exit 2); anything else (a full disk, an I/O error) keeps the
//! OS error (exit 1).

use std::io;
use std::path::Path;

use crate::error::UsageError;

/// An OS error in a few plain words.
pub(super) fn plain(e: &io::Error) -> String {
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
pub(super) fn io_failure(e: io::Error, what: &str, place: &Path) -> anyhow::Error {
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
