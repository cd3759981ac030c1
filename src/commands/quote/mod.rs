//! `staffplan quote`: headcount, seats, paid hours, monthly cost and price for
//! one prospective client, with a band (volume ± and AHT ±) for the risk.
//!
//! A quote is turned into a [`Scenario`](crate::scenario::Scenario) — one queue, one pool, default shift
//! templates unless the quote gives its own — and planned by the same
//! [`pipeline::plan`](crate::pipeline::plan) as `plan`, so a quote and a plan of the same inputs
//! agree. Keys the scenario also has (`aht`, `hours`, `costs`, `shifts`, ...)
//! are passed through unchanged and validated by the scenario's own rules;
//! an error there is reported at the quote's file, line and key.

use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::QuoteArgs;
use crate::error::UsageError;
use crate::yaml::Override;

mod launch;
mod model;
mod pricing;
mod render;

pub use launch::{Launch, LaunchMonth};
pub use model::{default_shifts, Quote, DEFAULT_START};
pub use pricing::{price, Case, Priced};

/// Weeks in a month, for monthly figures: 52 weeks ÷ 12 months.
pub const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;

/// Each flag of `quote` and the quote key it sets.
pub(super) const FLAG_KEYS: [(&str, &str); 15] = [
    ("--client", "client"),
    ("--timezone", "timezone"),
    ("--channel", "channel"),
    ("--weekly-volume", "weekly_volume"),
    ("--monthly-volume", "monthly_volume"),
    ("--hours", "hours"),
    ("--aht", "aht"),
    ("--sl", "service_level"),
    ("--containment", "ai_containment"),
    ("--shrinkage", "shrinkage"),
    ("--site-timezone", "site.timezone"),
    ("--hourly", "costs.hourly"),
    ("--margin", "margin"),
    ("--seat-buffer", "seat_buffer"),
    ("--band", "band"),
];

/// The quote's flags as overrides of the quote's keys.
fn flag_overrides(a: &QuoteArgs) -> Result<Vec<Override>> {
    let mut out = Vec::new();
    let values: [&Option<String>; 15] = [
        &a.client,
        &a.timezone,
        &a.channel,
        &a.weekly_volume,
        &a.monthly_volume,
        &a.hours,
        &a.aht,
        &a.sl,
        &a.containment,
        &a.shrinkage,
        &a.site_timezone,
        &a.hourly,
        &a.margin,
        &a.seat_buffer,
        &a.band,
    ];
    let named = FLAG_KEYS
        .iter()
        .zip(values)
        .map(|(&(flag, path), value)| (flag, path, value));
    for (flag, path, value) in named {
        if let Some(v) = value {
            out.push(Override {
                path: path.to_string(),
                value: v.clone(),
                origin: format!("{flag} {v}"),
            });
        }
    }
    // A volume flag replaces the file's volume of either kind (flags win
    // over the file): the other kind is cleared, unless a flag gives it too.
    for (flag, given, other, other_flag) in [
        (
            "--weekly-volume",
            &a.weekly_volume,
            "monthly_volume",
            &a.monthly_volume,
        ),
        (
            "--monthly-volume",
            &a.monthly_volume,
            "weekly_volume",
            &a.weekly_volume,
        ),
    ] {
        if let (Some(v), None) = (given, other_flag) {
            out.push(Override {
                path: other.to_string(),
                value: "null".into(),
                origin: format!("{flag} {v}"),
            });
        }
    }
    for s in &a.set {
        out.push(Override::parse_cli(s).map_err(UsageError)?);
    }
    Ok(out)
}

/// `staffplan quote`.
pub fn command(a: &QuoteArgs) -> Result<()> {
    let overrides = flag_overrides(a)?;
    let quote = Quote::load(a.quote.as_deref(), &overrides)?;
    let inputs: Vec<&Path> = a.quote.as_deref().into_iter().collect();
    if let Some(path) = &a.write_scenario {
        crate::output::check_new_file(path, "--write-scenario", a.force, &inputs)?;
    }
    let priced = price(&quote, a.time_limit.secs()).context("planning the quote")?;
    if let Some(path) = &a.write_scenario {
        crate::output::write_new_file(
            path,
            "--write-scenario",
            a.force,
            &inputs,
            quote.scenario_text.as_bytes(),
        )?;
        crate::progress::eprint_line(&format!(
            "quote: wrote the scenario it planned to {}",
            path.display()
        ));
    }
    super::shared::emit(&priced.render(a.format, &quote)?)
}
