//! The raw keys of `sites:`, a split queue's parts and a site's public
//! holidays, as written.

use serde::Deserialize;

use crate::units::Fraction;

/// One site of `sites:` (a centre sharing the scenario's clock and grid).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSiteOf {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub hourly: Option<f64>,
    #[serde(default)]
    pub max_starts_per_slot: Option<u32>,
    #[serde(default)]
    pub max_ends_per_slot: Option<u32>,
    #[serde(default)]
    pub holidays: Vec<RawHoliday>,
}

/// One part of a split queue: the pool that takes it and its share (or
/// `auto`, with optional bounds and a starting share).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSplitPart {
    pub pool: String,
    pub share: crate::units::Share,
    // Option fields may be left out (serde reads a missing one as None).
    pub min: Option<Fraction>,
    pub max: Option<Fraction>,
    pub start: Option<Fraction>,
}

/// One public holiday of a site: a site-local date on which the site is
/// closed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHoliday {
    pub date: String,
    #[serde(default)]
    pub name: Option<String>,
}
