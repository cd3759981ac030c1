//! What every command shares: printing to stdout, the `--set` flags, loading
//! the scenario, and the output folder. The commands import this module,
//! never the dispatcher in `commands/mod.rs`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::ScenarioArgs;
use crate::error::UsageError;
use crate::output;
use crate::report;
use crate::scenario::Scenario;
use crate::yaml::Override;

/// Print to stdout; a closed pipe (`| head`) is not an error.
pub fn emit(text: &str) -> Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to stdout"),
        _ => Ok(()),
    }
}

/// Write `files` to `dir` as `command`'s outputs, then print the
/// `terminal` summary and where the files went.
pub fn write_and_print(
    dir: &Path,
    command: &str,
    files: &[output::OutputFile],
    terminal: String,
) -> Result<()> {
    output::write_dir(dir, command, files)?;
    emit(&terminal_text(terminal))?;
    emit(&format!(
        "\nwrote {} files to {}\n",
        files.len(),
        dir.display()
    ))
}

/// Parse the `--set` flags.
pub fn overrides(args: &ScenarioArgs) -> Result<Vec<Override>> {
    Ok(args
        .set
        .iter()
        .map(|s| Override::parse_cli(s).map_err(UsageError))
        .collect::<Result<Vec<_>, _>>()?)
}

/// Load and validate the scenario with its `--set` overrides.
pub fn load(args: &ScenarioArgs) -> Result<Scenario> {
    Ok(Scenario::load(&args.scenario, &overrides(args)?)?)
}

/// The default output folder of `command`: `out/<scenario file stem>/` for
/// `plan`, `out/<stem>-<command>/` for the others (`staff`, `simulate`,
/// `compare`), so no command's run replaces another's files.
pub fn default_output(scenario: &Path, command: &str) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or("scenario".into(), |s| s.to_string_lossy().to_string());
    if command == "plan" {
        Path::new("out").join(stem)
    } else {
        Path::new("out").join(format!("{stem}-{command}"))
    }
}

/// The output folder of `command` (`-o` or its default), checked before the
/// work: a run that would be refused at the end is refused at the start.
pub fn output_dir(given: Option<&Path>, scenario: &Path, command: &str) -> Result<PathBuf> {
    let dir = given.map_or_else(|| default_output(scenario, command), Path::to_path_buf);
    output::check_dir(&dir, command)?;
    Ok(dir)
}

/// A summary for stdout: coloured on a terminal unless `NO_COLOR` is set.
pub fn terminal_text(text: String) -> String {
    if report::terminal::colour_enabled() {
        report::terminal::styled(&text)
    } else {
        text
    }
}
