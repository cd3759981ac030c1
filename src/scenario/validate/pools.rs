//! Pools: ids, shrinkage, a requirement given directly, and which queues
//! each pool serves.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::did_you_mean;
use crate::scenario::csv_input;
use crate::scenario::raw::RawScenario;
use crate::scenario::{channel_name, Channel, Pool, Pooling, Queue, Shrinkage, Site};
use crate::scenario::{MAX_NAME_CHARS, SHRINKAGE_PARTS};
use crate::units::Fraction;

use super::{Result, Validator};

impl Validator<'_> {
    pub(super) fn shrinkage(
        &self,
        map: &BTreeMap<String, Fraction>,
        field: &str,
    ) -> Result<Shrinkage> {
        // A key neither `total` nor a part is a slip (`totl`), named first.
        if let Some(name) = map
            .keys()
            .find(|k| *k != "total" && !SHRINKAGE_PARTS.contains(&k.as_str()))
        {
            let all = SHRINKAGE_PARTS.iter().copied().chain(["total"]);
            return Err(self.err(
                &format!("{field}.{name}"),
                format!(
                    "unknown shrinkage part `{name}`{}; parts: {}, or give `total` alone",
                    did_you_mean(name, all),
                    SHRINKAGE_PARTS.join(", ")
                ),
            ));
        }
        if let Some(total) = map.get("total") {
            if map.len() > 1 {
                return Err(self.err(
                    field,
                    "give either `total` or the parts (absenteeism, training, ...), not both",
                ));
            }
            if total.0 >= 1.0 {
                return Err(self.err(
                    &format!("{field}.total"),
                    format!("shrinkage must be below 1 (100%), got {}", total.0),
                ));
            }
            return Ok(Shrinkage {
                total: total.0,
                parts: Vec::new(),
            });
        }
        let mut keep = 1.0;
        for (name, part) in map {
            if part.0 >= 1.0 {
                return Err(self.err(
                    &format!("{field}.{name}"),
                    format!("a shrinkage part must be below 1 (100%), got {}", part.0),
                ));
            }
            keep *= 1.0 - part.0;
        }
        Ok(Shrinkage {
            total: 1.0 - keep,
            parts: map.iter().map(|(k, v)| (k.clone(), v.0)).collect(),
        })
    }

    pub(super) fn pools(
        &self,
        raw: &RawScenario,
        shrinkage: &Shrinkage,
        site: &Site,
    ) -> Result<Vec<Pool>> {
        if raw.pools.is_empty() {
            return Err(self.err(
                "pools",
                "the scenario needs at least one pool, like - {id: english-voice, pooling: merged}",
            ));
        }
        let mut seen = BTreeSet::new();
        raw.pools
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let field = format!("pools[{i}]");
                self.check_id(&p.id, &format!("{field}.id"))?;
                if !seen.insert(p.id.clone()) {
                    return Err(self.err(
                        &format!("{field}.id"),
                        format!("pool id `{}` is used twice", p.id),
                    ));
                }
                if let Some(name) = &p.name {
                    self.check_length(name, &format!("{field}.name"), MAX_NAME_CHARS)?;
                }
                let shrinkage = match &p.shrinkage {
                    Some(map) => self.shrinkage(map, &format!("{field}.shrinkage"))?,
                    None => shrinkage.clone(),
                };
                let requirement = match &p.requirement {
                    Some(r) => {
                        let at = format!("{field}.requirement.csv");
                        let file = self.resolve(&r.csv, &at)?;
                        let rows = csv_input::requirement(&file, site)?;
                        // A row holds until the next one (the last for one interval).
                        let step = chrono::Duration::seconds(i64::from(site.interval_s));
                        let spans: Vec<_> = rows
                            .iter()
                            .enumerate()
                            .map(|(k, r)| {
                                (r.start, rows.get(k + 1).map_or(r.start + step, |n| n.start))
                            })
                            .collect();
                        self.check_horizon(&spans, site, site.timezone, &at, &file)?;
                        Some(rows)
                    }
                    None => None,
                };
                Ok(Pool {
                    id: p.id.clone(),
                    name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                    pooling: p.pooling.unwrap_or(Pooling::Separate),
                    shrinkage,
                    requirement,
                    serves: Vec::new(),
                    site: None,
                    location: self.doc.locate(&field),
                })
            })
            .collect()
    }

    /// Each pool's `serves`: other pools' queues, each once, in routing
    /// priority (after the pool's own queues).
    pub(super) fn pool_serves(
        &self,
        raw: &RawScenario,
        pools: &mut [Pool],
        queues: &[Queue],
    ) -> Result<()> {
        let ids: Vec<&str> = queues.iter().map(|q| q.id.as_str()).collect();
        let whole: Vec<&str> = queues
            .iter()
            .filter(|q| q.part.is_none())
            .map(|q| q.id.as_str())
            .collect();
        for (p, (rp, pool)) in raw.pools.iter().zip(pools.iter_mut()).enumerate() {
            for (k, id) in rp.serves.iter().flatten().enumerate() {
                let field = format!("pools[{p}].serves[{k}]");
                let split = queues
                    .iter()
                    .filter_map(|q| q.part.as_ref())
                    .find(|part| part.of == *id || id.starts_with(&format!("{}@", part.of)));
                if let Some(part) = split {
                    return Err(self.err(&field, format!(
                        "queue `{}` is split over sites (`split:`): each part is taken by its own site's pool alone, so no pool can also serve it",
                        part.of
                    )));
                }
                let Some(q) = ids.iter().position(|i| i == id) else {
                    return Err(self.err(
                        &field,
                        format!(
                            "no queue `{id}`{}; queues: {}",
                            did_you_mean(id, whole.iter().copied()),
                            whole.join(", ")
                        ),
                    ));
                };
                if queues[q].pool == p {
                    return Err(self.err(&field, format!(
                        "queue `{id}` is already pool `{}`'s own (its `pool:`); `serves` lists other pools' queues",
                        pool.id
                    )));
                }
                if pool.serves.contains(&q) {
                    return Err(self.err(&field, format!("queue `{id}` is listed twice")));
                }
                pool.serves.push(q);
            }
        }
        Ok(())
    }

    /// Each pool either serves queues or has a requirement CSV, not both
    /// and not neither; a merged pool's queues can be one Erlang queue.
    pub(super) fn check_pool_use(&self, pools: &[Pool], queues: &[Queue]) -> Result<()> {
        for (p, pool) in pools.iter().enumerate() {
            let served = queues.iter().filter(|q| q.pool == p).count() + pool.serves.len();
            let field = format!("pools[{p}]");
            match (&pool.requirement, served) {
                (Some(_), n) if n > 0 => {
                    return Err(self.err(&field, format!("pool `{}` has a requirement CSV and also serves {n} queue(s): use one or the other", pool.id)))
                }
                (None, 0) => {
                    return Err(self.err(&field, format!("pool `{}` serves no queue: add `pool: {}` to a queue, give it `requirement: {{csv: FILE}}`, or remove it", pool.id, pool.id)))
                }
                _ => {}
            }
            let own = queues.iter().filter(|q| q.pool == p).count();
            if pool.pooling == Pooling::Merged && own == 0 {
                let has = if pool.requirement.is_some() {
                    "plans to a requirement CSV".to_string()
                } else {
                    let serves: Vec<&str> = (pool.serves.iter())
                        .map(|&q| queues[q].id.as_str())
                        .collect();
                    format!("only serves {} (`serves`)", serves.join(", "))
                };
                return Err(self.err(&format!("{field}.pooling"), format!(
                    "pool `{}` has no queue of its own ({has}): `pooling: merged` makes a pool's own queues one Erlang queue, so it means nothing here; remove it (or give a queue `pool: {}`)",
                    pool.id, pool.id
                )));
            }
            if pool.pooling == Pooling::Merged {
                self.check_merged(p, pool, queues, &field)?;
            }
        }
        Ok(())
    }

    fn check_merged(&self, p: usize, pool: &Pool, queues: &[Queue], field: &str) -> Result<()> {
        let live: Vec<&Queue> = queues
            .iter()
            .filter(|q| q.pool == p && q.channel != Channel::Email)
            .collect();
        if let Some(first) = live.first() {
            for q in &live[1..] {
                if q.channel != first.channel || q.concurrency != first.concurrency {
                    return Err(self.err(field, format!(
                        "merged pool `{}` mixes `{}` ({} x{}) and `{}` ({} x{}): a merged pool is one queue, so its voice or chat queues must share channel and concurrency; use pooling: separate",
                        pool.id, first.id, channel_name(first.channel), first.concurrency, q.id, channel_name(q.channel), q.concurrency
                    )));
                }
                if q.patience_s.is_some() != first.patience_s.is_some() {
                    return Err(self.err(field, format!(
                        "merged pool `{}` mixes queues with patience (Erlang A) and without (Erlang C): `{}` and `{}`; give all of them patience or none",
                        pool.id, first.id, q.id
                    )));
                }
            }
        }
        Ok(())
    }
}
