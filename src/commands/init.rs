//! `staffplan init`: a commented starter scenario that `check` and `plan`
//! accept as is.

use std::path::Path;

use anyhow::Result;

use crate::error::UsageError;
use crate::output;

/// The starter scenario, as written for `scenario.yaml`.
pub const STARTER: &str = include_str!("starter.yaml");

/// The starter text for a file at `path`: its own name in the comments.
pub fn starter(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or("scenario.yaml".into(), |n| n.to_string_lossy().to_string());
    let stem = path
        .file_stem()
        .map_or("scenario".into(), |n| n.to_string_lossy().to_string());
    STARTER
        .replace("out/scenario/", &format!("out/{stem}/"))
        .replace("scenario.yaml", &name)
}

/// Write the starter scenario to `path` (atomically), unless something is
/// there already and `force` is off: init never overwrites unless asked.
/// A symbolic link at `path` is refused, `--force` or not: the file it
/// points to may be a user's file elsewhere (a starter is a new file).
pub fn write(path: &Path, force: bool) -> Result<()> {
    if let Ok(target) = std::fs::read_link(path) {
        return Err(UsageError(format!(
            "init {}: that is a symbolic link (to {}); init writes a new file and never through a link, even with --force, so the file it points to is never replaced; remove the link or choose another name",
            path.display(),
            crate::text::clip(&target.display().to_string(), 200)
        ))
        .into());
    }
    output::write_new_file(path, "init", force, &[], starter(path).as_bytes())
}

/// `staffplan init [NAME]`.
pub fn command(args: &crate::cli::InitArgs) -> Result<()> {
    write(&args.name, args.force)?;
    super::shared::emit(&format!(
        "wrote {0}: a starter scenario; edit it, then run\n  staffplan check {0}\n  staffplan plan {0}\n",
        args.name.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_names_its_own_file() {
        let text = starter(Path::new("sites/lahore.yaml"));
        assert!(text.contains("staffplan plan    lahore.yaml"), "{text}");
        assert!(text.contains("out/lahore/"), "{text}");
        assert!(!text.contains("scenario.yaml"));
    }

    #[test]
    fn the_starter_is_a_valid_scenario() {
        let s = crate::Scenario::from_text(Path::new("scenario.yaml"), STARTER, &[]).unwrap();
        assert_eq!(s.queues.len(), 1);
        assert_eq!(s.what_if.len(), 2);
    }
}
