//! Sites: the centres of `sites:` (their hourly rate and transport caps),
//! each pool's site, and a queue's split over sites by fixed shares.

use std::collections::BTreeSet;

use crate::error::did_you_mean;
use crate::scenario::raw::{RawQueue, RawScenario, RawSplitPart};
use crate::scenario::{split_grid, DEFAULT_SPLIT_STEP, MAX_SPLIT_POINTS};
use crate::scenario::{AutoShare, Costs, Part, Queue, Site, SiteOf, MAX_NAME_CHARS};
use crate::units::Share;

use super::{Result, Validator};

/// A queue's pool, and for a part of a split its id (`queue@site`) and share.
pub(super) type QueuePool = (usize, Option<(String, Part)>);

/// How far the shares of a split may add up away from 100 %.
const SHARE_SUM_SLACK: f64 = 1e-6;

impl Validator<'_> {
    /// The sites, each id once, their rate defaulting to `costs.hourly`;
    /// `costs.priced` when a site gives a rate; each site's public holidays
    /// (then none on `site:`).
    pub(super) fn sites(
        &self,
        raw: &RawScenario,
        costs: &mut Costs,
        clock: &Site,
    ) -> Result<Vec<SiteOf>> {
        if !raw.sites.is_empty() && !raw.site.holidays.is_empty() {
            return Err(self.err("site.holidays", "with `sites:` each site gives its own public holidays: move them to `sites[].holidays`"));
        }
        let mut seen = BTreeSet::new();
        let mut sites = Vec::with_capacity(raw.sites.len());
        for (i, s) in raw.sites.iter().enumerate() {
            let field = format!("sites[{i}]");
            self.check_id(&s.id, &format!("{field}.id"))?;
            if !seen.insert(s.id.clone()) {
                return Err(self.err(
                    &format!("{field}.id"),
                    format!("site id `{}` is used twice", s.id),
                ));
            }
            if let Some(name) = &s.name {
                self.check_length(name, &format!("{field}.name"), MAX_NAME_CHARS)?;
            }
            let hourly = match s.hourly {
                Some(x) if x.is_finite() && x > 0.0 && x < 1e6 => x,
                Some(x) => {
                    return Err(self.err(
                        &format!("{field}.hourly"),
                        format!("expected a cost per paid hour above 0 and below 1000000, like 2.90, got {x}"),
                    ))
                }
                None if !costs.priced && raw.sites.iter().any(|o| o.hourly.is_some()) => {
                    return Err(self.err(
                        &format!("{field}.hourly"),
                        format!("site `{}` has no hourly rate while another site has one, and costs.hourly is not given: give every site `hourly:` or give costs: {{hourly: ...}} for the others", s.id),
                    ))
                }
                None => costs.hourly,
            };
            self.check_trip_cap(
                &format!("{field}.max_starts_per_slot"),
                "starts",
                s.max_starts_per_slot,
            )?;
            self.check_trip_cap(
                &format!("{field}.max_ends_per_slot"),
                "ends",
                s.max_ends_per_slot,
            )?;
            sites.push(SiteOf {
                id: s.id.clone(),
                name: s.name.clone().unwrap_or_else(|| s.id.clone()),
                hourly,
                max_starts_per_slot: s.max_starts_per_slot,
                max_ends_per_slot: s.max_ends_per_slot,
                holidays: self.holidays(&s.holidays, &format!("{field}.holidays"), clock)?,
            });
        }
        costs.priced |= raw.sites.iter().any(|s| s.hourly.is_some());
        Ok(sites)
    }

    /// Each pool's site: required when `sites:` is given, refused without
    /// it; every site has a pool.
    pub(super) fn pool_sites(
        &self,
        raw: &RawScenario,
        sites: &[SiteOf],
    ) -> Result<Vec<Option<usize>>> {
        let ids: Vec<&str> = sites.iter().map(|s| s.id.as_str()).collect();
        let mut out = Vec::with_capacity(raw.pools.len());
        for (p, pool) in raw.pools.iter().enumerate() {
            let field = format!("pools[{p}].site");
            let site = match (&pool.site, sites.is_empty()) {
                (None, true) => None,
                (Some(_), true) => return Err(self.err(&field, "`site:` names one of the scenario's `sites:`, and it has none: add `sites: [{id: karachi}, ...]` or remove this key")),
                (None, false) => return Err(self.err(&field, format!("pool `{}` needs `site:`, one of: {}", pool.id, ids.join(", ")))),
                (Some(id), false) => Some(ids.iter().position(|s| s == id).ok_or_else(|| {
                    self.err(&field, format!("no site `{id}`{}; sites: {}", did_you_mean(id, ids.iter().copied()), ids.join(", ")))
                })?),
            };
            out.push(site);
        }
        for (s, site) in sites.iter().enumerate() {
            if !out.contains(&Some(s)) {
                return Err(self.err(
                    &format!("sites[{s}]"),
                    format!(
                        "site `{}` has no pool: give a pool `site: {}` or remove the site",
                        site.id, site.id
                    ),
                ));
            }
        }
        Ok(out)
    }

    /// The pool of a queue that is not split, or the parts of a split one:
    /// (pool index, part) for each, in the order written.
    pub(super) fn queue_pools(
        &self,
        q: &RawQueue,
        field: &str,
        pool_ids: &[&str],
        pool_sites: &[Option<usize>],
        sites: &[SiteOf],
    ) -> Result<Vec<QueuePool>> {
        match (&q.pool, &q.split) {
            (Some(pool), None) => Ok(vec![(
                self.pool_index(pool, pool_ids, &format!("{field}.pool"))?,
                None,
            )]),
            (None, None) => Err(self.err(
                &format!("{field}.pool"),
                "a queue needs `pool: ID` (the pool that takes it), or `split:` over sites",
            )),
            (Some(_), Some(_)) => Err(self.err(
                &format!("{field}.split"),
                "give either `pool` or `split`, not both (a split names a pool per part)",
            )),
            (None, Some(parts)) => self.split(
                q,
                parts,
                &format!("{field}.split"),
                pool_ids,
                pool_sites,
                sites,
            ),
        }
    }

    /// A split: at least two parts, each a known pool at its own site,
    /// shares above zero adding up to 100 %. Each part is named
    /// `queue@site`.
    fn split(
        &self,
        q: &RawQueue,
        parts: &[RawSplitPart],
        field: &str,
        pool_ids: &[&str],
        pool_sites: &[Option<usize>],
        sites: &[SiteOf],
    ) -> Result<Vec<QueuePool>> {
        if sites.is_empty() {
            return Err(self.err(field, "`split` shares a queue's volume over sites: add `sites:` and give each pool its `site:`, or use `pool:`"));
        }
        if parts.len() < 2 {
            return Err(self.err(field, "a split needs at least two parts, like [{pool: uk-voice-khi, share: 60%}, {pool: uk-voice-lhe, share: 40%}]; for one site use `pool:`"));
        }
        let auto = parts.iter().any(|p| p.share == Share::Auto);
        if auto && parts.iter().any(|p| p.share != Share::Auto) {
            return Err(self.err(field, "either every part's share is `auto` (the plan chooses the split) or none is: give each part `share: auto` (a written split can be its `start:`)"));
        }
        if !auto && q.split_step.is_some() {
            return Err(self.err(&format!("{field}_step"), "`split_step` is the grid of a split the plan chooses: give the parts `share: auto`, or remove it"));
        }
        if !auto {
            self.no_bounds(parts, field)?;
        }
        let grid = if auto {
            Some(self.auto_grid(q, parts, field)?)
        } else {
            None
        };
        let mut out = Vec::with_capacity(parts.len());
        let mut used = BTreeSet::new();
        for (k, part) in parts.iter().enumerate() {
            let at = format!("{field}[{k}]");
            let pool = self.pool_index(&part.pool, pool_ids, &format!("{at}.pool"))?;
            // Pools without a site were refused before any queue.
            let site = &sites[pool_sites[pool].unwrap_or(0)];
            if !used.insert(site.id.clone()) {
                return Err(self.err(&format!("{at}.pool"), format!("pool `{}` is at site `{}`, which another part already takes: each part of a split is at its own site", part.pool, site.id)));
            }
            let of = match (&grid, part.share) {
                (Some(g), _) => Part {
                    of: q.id.clone(),
                    share: g[k].start.unwrap_or(1.0 / parts.len() as f64),
                    auto: Some(g[k]),
                },
                (None, Share::Fixed(share)) if share.0 > 0.0 => Part {
                    of: q.id.clone(),
                    share: share.0,
                    auto: None,
                },
                (None, _) => return Err(self.err(&format!("{at}.share"), "a part's share must be above 0 %, like 40%; leave a site out of the split instead")),
            };
            out.push((pool, Some((format!("{}@{}", q.id, site.id), of))));
        }
        if !auto {
            let shares: Vec<f64> = out
                .iter()
                .filter_map(|(_, p)| p.as_ref())
                .map(|p| p.1.share)
                .collect();
            self.adds_up(&shares, field, "shares")?;
        }
        Ok(out)
    }

    /// A written split has no `min`, `max` or `start`: they bound and start
    /// the search of a split the plan chooses, and would be ignored here.
    fn no_bounds(&self, parts: &[RawSplitPart], field: &str) -> Result<()> {
        for (k, part) in parts.iter().enumerate() {
            let keys = [
                ("min", part.min.is_some()),
                ("max", part.max.is_some()),
                ("start", part.start.is_some()),
            ];
            if let Some((key, _)) = keys.iter().find(|(_, given)| *given) {
                return Err(self.err(&format!("{field}[{k}].{key}"), format!("`{key}` bounds or starts a split the plan chooses, but this split's shares are written: give every part `share: auto` to let the plan choose, or remove `{key}`")));
            }
        }
        Ok(())
    }

    /// That `shares` add up to 100 %.
    fn adds_up(&self, shares: &[f64], field: &str, what: &str) -> Result<()> {
        let sum: f64 = shares.iter().sum();
        if (sum - 1.0).abs() > SHARE_SUM_SLACK {
            return Err(self.err(
                field,
                format!(
                    "the {what} add up to {:.4} %; they must add up to 100 %",
                    sum * 100.0
                )
                .replace(".0000 %", " %"),
            ));
        }
        Ok(())
    }

    /// The grid of a split the plan chooses: `split_step` (default 5 %)
    /// dividing 100 % into whole steps, each part's `min` ≤ `max`, the
    /// `start` shares (all parts or none) within them adding up to 100 %,
    /// and between 1 and [`MAX_SPLIT_POINTS`] share vectors on the grid.
    fn auto_grid(
        &self,
        q: &RawQueue,
        parts: &[RawSplitPart],
        field: &str,
    ) -> Result<Vec<AutoShare>> {
        let step = q.split_step.map_or(DEFAULT_SPLIT_STEP, |s| s.0);
        let steps = (1.0 / step).round();
        if !(step > 0.0 && (steps * step - 1.0).abs() < 1e-9) {
            return Err(self.err(
                &format!("{field}_step"),
                format!(
                    "a split step divides 100 % into whole steps, like 5% or 10%; got {} %",
                    pct(step)
                ),
            ));
        }
        let mut out = Vec::with_capacity(parts.len());
        for (k, p) in parts.iter().enumerate() {
            let at = format!("{field}[{k}]");
            let (min, max) = (p.min.map_or(0.0, |m| m.0), p.max.map_or(1.0, |m| m.0));
            if min > max {
                return Err(self.err(
                    &format!("{at}.min"),
                    format!("min {} % is above max {} %", pct(min), pct(max)),
                ));
            }
            let start = p.start.map(|s| s.0);
            if let Some(s) = start.filter(|s| *s < min - 1e-12 || *s > max + 1e-12) {
                return Err(self.err(
                    &format!("{at}.start"),
                    format!(
                        "start {} % is outside min {} % to max {} %",
                        pct(s),
                        pct(min),
                        pct(max)
                    ),
                ));
            }
            if start.is_some() != parts[0].start.is_some() {
                return Err(self.err(
                    &format!("{at}.start"),
                    "give every part a `start:` share or none",
                ));
            }
            out.push(AutoShare {
                min,
                max,
                step,
                start,
            });
        }
        if let Some(starts) = out.iter().map(|a| a.start).collect::<Option<Vec<f64>>>() {
            self.adds_up(&starts, field, "start shares")?;
        }
        let points = split_grid(&out).len();
        if points == 0 || points > MAX_SPLIT_POINTS {
            let points = if points > MAX_SPLIT_POINTS {
                format!("more than {MAX_SPLIT_POINTS}")
            } else {
                points.to_string()
            };
            return Err(self.err(field, format!("the parts' min and max leave {points} splits on the {} % grid; give between 1 and {MAX_SPLIT_POINTS} (widen the bounds, or a coarser split_step)", pct(step))));
        }
        Ok(out)
    }
}

/// A share in percent for a message: `60`, `2.5`.
fn pct(x: f64) -> f64 {
    crate::units::round(x * 100.0, 4)
}

/// The part `id` of `queue` at pool `pool`: its volume scaled by the share.
pub(super) fn part_of(queue: &Queue, pool: usize, id: String, part: Part) -> Queue {
    let mut q = queue.clone();
    q.id = id;
    q.pool = pool;
    match &mut q.forecast {
        crate::scenario::Forecast::Pattern(p) => p.scale *= part.share,
        crate::scenario::Forecast::Csv(c) => c.scale *= part.share,
    }
    q.part = Some(part);
    q
}
