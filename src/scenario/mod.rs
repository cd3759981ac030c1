//! The scenario: loaded from YAML, overridden with `--set`, validated, and
//! resolved into types the rest of the program trusts (ripgrep's two stages:
//! `raw` as written, [`Scenario`] as checked).
//!
//! Every error names the file, line, field path and what would be valid.
//!
//! This file loads and holds the limits; `model` has the validated types,
//! `validate/` the checks (one file per section), `csv_input` the CSV files
//! a scenario names.

pub mod capacity;
mod csv_input;
mod model;
mod raw;
mod split_grid;
mod validate;

use std::path::Path;

use crate::error::{InputError, Location};
use crate::yaml::{Document, Override};

pub use crate::units::Over;
pub use csv_input::{
    history, holidays, Agent, ForecastRow, History, RequirementRow, MIN_HISTORY_DAYS,
};
pub use model::{
    channel_name, longest_run, Agents, AutoShare, Break, Costs, CsvForecast, Forecast, Handle,
    Holiday, OpeningHours, Part, Pattern, Pool, Queue, Redial, Rules, Scenario, Shifts, ShortDay,
    Shrinkage, Site, SiteOf, Template, Trunk, Week, WhatIf,
};
pub use raw::{Channel, Coverage, DaysOff, HandleLaw, Pooling, Routing};
pub use split_grid::{auto_queues, split_grid, DEFAULT_SPLIT_STEP, MAX_SPLIT_POINTS};
use validate::build;

/// The most agents one pool may need in one interval: ten times a large
/// site. More is a unit mistake (contacts per week read as per interval, a
/// handle time in hours read as minutes), and the shift plan would not end.
pub const MAX_AGENTS: u32 = 100_000;

// Limits at validation: each bounds the memory or time of a run (the
// staffing of every queue-interval, the shift plan's columns, the roster's
// rows) or the width of what is printed, well above what a real site has.
// docs/scenario.md and docs/testing.md list them with what happens past them.

/// Longest id or name (queue, client, pool, template, what-if, agent), in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest scenario description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// Most days in the horizon.
pub const MAX_DAYS: u32 = 366;
/// Most queues in a scenario.
pub const MAX_QUEUES: usize = 500;
/// Most pools in a scenario.
pub const MAX_POOLS: usize = 100;
/// Most shift templates.
pub const MAX_TEMPLATES: usize = 100;
/// Most breaks in one template.
pub const MAX_BREAKS: usize = 10;
/// Most what-if variants.
pub const MAX_WHAT_IFS: usize = 50;
/// Most queue-intervals (queues × intervals of the horizon) to staff.
pub const MAX_QUEUE_INTERVALS: u64 = 2_000_000;
/// Most shift options (template × start × day × pool) in the plan.
pub const MAX_SHIFT_OPTIONS: u64 = 500_000;
/// Most contacts a week in one queue's forecast pattern.
pub const MAX_WEEKLY_VOLUME: f64 = 10_000_000.0;
/// Most data rows in one CSV input.
pub const MAX_CSV_ROWS: usize = 1_000_000;
/// Largest CSV input file, bytes.
pub const MAX_CSV_BYTES: u64 = 128 << 20;
/// Largest scenario file, bytes.
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;

/// The names shrinkage may be broken into (any subset; or `total` alone).
pub const SHRINKAGE_PARTS: [&str; 10] = [
    "absenteeism",
    "annual_leave",
    "holidays",
    "sickness",
    "training",
    "coaching",
    "meetings",
    "offline_work",
    "system_downtime",
    "other",
];

impl Scenario {
    /// Read, override and validate the scenario at `path`.
    pub fn load(path: &Path, overrides: &[Override]) -> Result<Scenario, InputError> {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_file() && meta.len() > MAX_SCENARIO_BYTES {
                return Err(InputError::new(
                    Location::file(path),
                    "",
                    format!(
                        "the scenario is {} MB; a scenario file is at most {} MB (forecasts and staff lists go in CSV files it names)",
                        meta.len() >> 20,
                        MAX_SCENARIO_BYTES >> 20
                    ),
                ));
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            InputError::new(
                Location::file(path),
                "",
                format!("cannot read the scenario: {e}"),
            )
        })?;
        // Windows editors (Notepad) may start a UTF-8 file with a byte-order
        // mark, which YAML would take for the start of a second document.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Scenario::from_text(path, text, overrides)
    }

    /// Validate scenario text read from `path` (CSV files resolve next to it).
    pub fn from_text(
        path: &Path,
        text: &str,
        overrides: &[Override],
    ) -> Result<Scenario, InputError> {
        let file = Document::parse(path, text)?;
        let mut doc = file.clone();
        doc.apply(overrides)?;
        let scenario = build(&doc).map_err(|e| blame(&file, overrides, e))?;
        for (i, w) in scenario.what_if.iter().enumerate() {
            let mut variant = doc.clone();
            variant.apply(&w.overrides)?;
            build(&variant)
                .map_err(|e| blame(&doc, &w.overrides, e))
                .map_err(|e| InputError {
                    message: format!("in what-if `{}` (what_if[{i}]): {}", w.name, e.message),
                    ..e
                })?;
        }
        Ok(scenario)
    }
}

/// An error placed in the scenario file that only the overrides cause (the
/// file alone is valid) names the override instead: the `--set KEY=VALUE` or
/// what-if whose removal makes it go away (all of them when no single one
/// does), keeping the file's line for the field in the message.
fn blame(file: &Document, overrides: &[Override], e: InputError) -> InputError {
    if overrides.is_empty() || e.location.file != file.path {
        return e;
    }
    // Valid with only the overrides `keep` allows?
    let builds_with = |keep: &dyn Fn(usize) -> bool| {
        let kept: Vec<Override> = (0..overrides.len())
            .filter(|i| keep(*i))
            .map(|i| overrides[i].clone())
            .collect();
        let mut doc = file.clone();
        doc.apply(&kept).is_ok() && build(&doc).is_ok()
    };
    if !builds_with(&|_| false) {
        // The file is wrong by itself: the message places it there.
        return e;
    }
    let culprits: Vec<&str> = match (0..overrides.len())
        .find(|&skip| overrides.len() > 1 && builds_with(&|i| i != skip))
    {
        Some(i) => vec![overrides[i].origin.as_str()],
        None => overrides.iter().map(|o| o.origin.as_str()).collect(),
    };
    let at = e.location.clone();
    InputError {
        location: Location::file(Path::new(&culprits.join(", "))),
        message: format!("{} (the field is at {at})", e.message),
        ..e
    }
}

#[cfg(test)]
mod tests;
