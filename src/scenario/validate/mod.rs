//! The validator: the raw YAML ([`super::raw`]) checked field by field and
//! resolved into the model ([`super::model`]), one file per section of the
//! scenario. Every error names the field and what would be valid.

mod capacity;
mod forecast;
mod history;
mod labour;
mod pools;
mod queues;
mod shifts;
mod site;
mod sites;
mod trunks;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use super::raw::{RawScenario, RawWhatIf};
use super::{Scenario, Shifts, Shrinkage, Site, WhatIf};
use super::{MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_POOLS, MAX_QUEUES, MAX_QUEUE_INTERVALS};
use super::{MAX_TEMPLATES, MAX_WHAT_IFS};
use crate::error::{did_you_mean, InputError};
use crate::yaml::{Document, Override};

pub(super) fn build(doc: &Document) -> Result<Scenario, InputError> {
    let raw: RawScenario = doc.deserialize()?;
    let base = doc.path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let v = Validator { doc, base };
    v.scenario(raw)
}

struct Validator<'a> {
    doc: &'a Document,
    base: PathBuf,
}

type Result<T, E = InputError> = std::result::Result<T, E>;

impl Validator<'_> {
    fn err(&self, field: &str, message: impl Into<String>) -> InputError {
        self.doc.error(field, message)
    }

    /// The CSV file named at `field`, relative to the scenario's folder; it must exist.
    fn resolve(&self, file: &str, field: &str) -> Result<PathBuf> {
        let p = Path::new(file);
        let path = if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base.join(p)
        };
        if path.is_file() {
            Ok(path)
        } else if path.exists() {
            Err(self.err(
                field,
                format!(
                    "{} is not a regular file (a folder or a device); name a CSV file",
                    path.display()
                ),
            ))
        } else {
            Err(self.err(
                field,
                format!(
                    "no file {} (a path is read relative to the scenario's folder)",
                    path.display()
                ),
            ))
        }
    }

    /// The whole scenario, section by section in the order of its checks
    /// (the first problem found is the one reported).
    fn scenario(&self, raw: RawScenario) -> Result<Scenario> {
        self.check_sizes(&raw)?;
        let site = self.site(&raw.site)?;
        let shrinkage = match &raw.shrinkage {
            Some(map) => self.shrinkage(map, "shrinkage")?,
            None => Shrinkage {
                total: 0.0,
                parts: Vec::new(),
            },
        };
        let currency = self.currency(raw.currency.as_deref())?;
        let mut costs = self.costs(raw.costs.as_ref())?;
        let sites = self.sites(&raw, &mut costs, &site)?;
        let pool_sites = self.pool_sites(&raw, &sites)?;
        let mut pools = self.pools(&raw, &shrinkage, &site)?;
        for (pool, s) in pools.iter_mut().zip(&pool_sites) {
            pool.site = *s;
        }
        if raw.queues.is_empty() && pools.iter().all(|p| p.requirement.is_none()) {
            return Err(self.err("queues", "the scenario has no queues: add at least one under `queues:` (or give a pool `requirement: {csv: FILE}`)"));
        }
        let pool_names: Vec<String> = pools.iter().map(|p| p.id.clone()).collect();
        let pool_ids: Vec<&str> = pool_names.iter().map(String::as_str).collect();
        let parts = raw
            .queues
            .iter()
            .map(|q| q.split.as_ref().map_or(1, |s| s.len().max(1)));
        self.check_queue_intervals(parts.sum(), &site)?;
        let queues = self.queues(&raw.queues, &pool_ids, &site, (&pool_sites, &sites))?;
        self.pool_serves(&raw, &mut pools, &queues)?;
        self.check_pool_use(&pools, &queues)?;
        let shifts = match &raw.shifts {
            Some(s) => self.shifts(s, &pool_ids, &site)?,
            None => Shifts::default(),
        };
        let rules = self.rules(raw.rules.as_ref(), &costs)?;
        self.check_tours(&shifts, &rules, raw.rules.as_ref(), raw.shifts.as_ref())?;
        let agents = self.agents(raw.agents.as_ref(), &pool_ids)?;
        let what_if = self.what_ifs(&raw.what_if)?;
        let trunks = self.trunks(&raw, &queues)?;
        let capacity = match &raw.capacity {
            Some(c) => {
                // Each pool's people are paid at their site's rate, as `plan` prices them.
                let hourly: Vec<f64> = (pools.iter())
                    .map(|p| p.site.map_or(costs.hourly, |s| sites[s].hourly))
                    .collect();
                Some(self.capacity(c, &site, &queues, &pools, &hourly)?)
            }
            None => None,
        };
        Ok(Scenario {
            name: raw.name,
            description: raw.description,
            source: self.doc.path.clone(),
            site,
            currency,
            shrinkage,
            pools,
            queues,
            shifts,
            costs,
            rules,
            agents,
            staff_file: raw.agents.as_ref().and_then(|a| a.csv.clone()),
            what_if,
            capacity,
            routing: raw.routing.unwrap_or_default(),
            sites,
            trunks,
        })
    }

    /// The name is given, and no text or list is longer than the limits.
    fn check_sizes(&self, raw: &RawScenario) -> Result<()> {
        if raw.name.trim().is_empty() {
            return Err(self.err("name", "the scenario needs a name"));
        }
        self.check_length(&raw.name, "name", MAX_NAME_CHARS)?;
        if let Some(d) = &raw.description {
            self.check_length(d, "description", MAX_DESCRIPTION_CHARS)?;
        }
        for (key, n, max) in [
            ("pools", raw.pools.len(), MAX_POOLS),
            ("queues", raw.queues.len(), MAX_QUEUES),
            ("what_if", raw.what_if.len(), MAX_WHAT_IFS),
            (
                "shifts.templates",
                raw.shifts.as_ref().map_or(0, |s| s.templates.len()),
                MAX_TEMPLATES,
            ),
        ] {
            if n > max {
                return Err(self.err(
                    key,
                    format!("{n} items in `{key}`; a scenario holds at most {max}: split it into several scenarios"),
                ));
            }
        }
        Ok(())
    }

    /// The currency code, USD when not given.
    fn currency(&self, raw: Option<&str>) -> Result<String> {
        let currency = raw.unwrap_or("USD").to_string();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(self.err(
                "currency",
                format!("expected a three-letter currency code like USD or PKR, got `{currency}`"),
            ));
        }
        Ok(currency)
    }

    /// Queues × intervals of the horizon stay within [`MAX_QUEUE_INTERVALS`].
    fn check_queue_intervals(&self, queues: usize, site: &Site) -> Result<()> {
        let per_day = u64::from(86_400 / site.interval_s);
        let queue_intervals = queues as u64 * u64::from(site.days) * per_day;
        if queue_intervals > MAX_QUEUE_INTERVALS {
            return Err(self.err(
                "queues",
                format!(
                    "{} queues over {} days of {} intervals make {queue_intervals} queue-intervals to staff; at most {MAX_QUEUE_INTERVALS}: plan fewer days, a coarser interval or fewer queues per scenario",
                    queues,
                    site.days,
                    per_day
                ),
            ));
        }
        Ok(())
    }

    /// The what-if variants: unique names, each with overrides that say
    /// where in the file they were written.
    fn what_ifs(&self, raw: &[RawWhatIf]) -> Result<Vec<WhatIf>> {
        let mut what_if = Vec::new();
        let mut names = BTreeSet::new();
        for (i, w) in raw.iter().enumerate() {
            let field = format!("what_if[{i}]");
            self.check_length(&w.name, &format!("{field}.name"), MAX_NAME_CHARS)?;
            if !names.insert(w.name.clone()) || w.name.trim().is_empty() || w.name == "base" {
                return Err(self.err(
                    &format!("{field}.name"),
                    format!(
                        "what-if names must be unique, not empty and not `base`; `{}` is not",
                        w.name
                    ),
                ));
            }
            if w.set.is_empty() {
                return Err(self.err(
                    &format!("{field}.set"),
                    "a what-if needs at least one KEY: VALUE to set",
                ));
            }
            let origin = self.doc.locate(&format!("{field}.set")).to_string();
            let overrides = w
                .set
                .iter()
                .map(|(k, v)| Override {
                    path: k.clone(),
                    value: v.0.clone(),
                    origin: format!("{origin} ({field} `{}`: {k})", w.name),
                })
                .collect();
            what_if.push(WhatIf {
                name: w.name.clone(),
                overrides,
            });
        }
        Ok(what_if)
    }

    fn timezone(&self, name: &str, field: &str) -> Result<Tz> {
        crate::units::parse_timezone(name).map_err(|m| self.err(field, m))
    }

    /// A CSV none of whose rows (each covering `[start, end)`) touches the
    /// planning horizon is a mistake (a wrong year, a file for another week),
    /// not zero demand: refuse it, showing both spans.
    fn check_horizon(
        &self,
        spans: &[(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)],
        site: &Site,
        tz: Tz,
        field: &str,
        file: &Path,
    ) -> Result<()> {
        let grid = site.grid();
        if spans
            .iter()
            .any(|(from, to)| *from < grid.end() && *to > grid.start)
        {
            return Ok(());
        }
        let (Some(first), Some(last)) = (
            spans.iter().map(|s| s.0).min(),
            spans.iter().map(|s| s.0).max(),
        ) else {
            return Ok(());
        };
        let local =
            |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M");
        Err(self.err(
            field,
            format!(
                "no row of {} falls in the planning horizon, {} to {} ({tz}); its rows run from {} to {}: check the dates or site.start",
                file.display(),
                local(grid.start),
                local(grid.end()),
                local(first),
                local(last),
            ),
        ))
    }

    /// The index of pool `id` in `pool_ids`, named at `field`.
    fn pool_index(&self, id: &str, pool_ids: &[&str], field: &str) -> Result<usize> {
        pool_ids.iter().position(|p| *p == id).ok_or_else(|| {
            self.err(
                field,
                format!(
                    "no pool `{id}`{}; pools: {}",
                    did_you_mean(id, pool_ids.iter().copied()),
                    pool_ids.join(", ")
                ),
            )
        })
    }

    /// Text longer than `max` characters would not fit a table or a file name.
    fn check_length(&self, text: &str, field: &str, max: usize) -> Result<()> {
        let n = text.chars().count();
        if n > max {
            let start: String = text.chars().take(20).collect();
            return Err(self.err(
                field,
                format!("`{start}…` is {n} characters long; at most {max} are allowed here"),
            ));
        }
        Ok(())
    }

    fn check_id(&self, id: &str, field: &str) -> Result<()> {
        self.check_length(id, field, MAX_NAME_CHARS)?;
        // A leading sign would make a spreadsheet read the id as a formula.
        let ok = id.starts_with(|c: char| c.is_ascii_alphanumeric())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(())
        } else {
            Err(self.err(
                field,
                format!(
                    "`{id}` is not a valid id: use letters, digits, - and _, starting with a letter \
                     or digit (like us-retail)"
                ),
            ))
        }
    }
}
