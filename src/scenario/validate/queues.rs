//! Queues: channel, targets, handle time and opening hours (the forecast
//! has its own file).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Weekday;

use crate::scenario::raw::HandleLaw;
use crate::scenario::raw::{self, RawQueue};
use crate::scenario::{channel_name, Channel, Handle, OpeningHours, Queue, Redial, Site, SiteOf};
use crate::scenario::{MAX_AGENTS, MAX_NAME_CHARS};
use crate::units::{weekday_name, DaySet, Over, ServiceLevel, TimeRange};

use super::{Result, Validator};

impl Validator<'_> {
    /// The queues, in order, with ids used once.
    pub(super) fn queues(
        &self,
        raw: &[RawQueue],
        pool_ids: &[&str],
        site: &Site,
        at: (&[Option<usize>], &[SiteOf]),
    ) -> Result<Vec<Queue>> {
        let mut queues = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, q) in raw.iter().enumerate() {
            let field = format!("queues[{i}]");
            if !seen.insert(q.id.clone()) {
                return Err(self.err(
                    &format!("{field}.id"),
                    format!("queue id `{}` is used twice", q.id),
                ));
            }
            let pools = self.queue_pools(q, &field, pool_ids, at.0, at.1)?;
            let queue = self.queue(q, &field, pools[0].0, site)?;
            for (pool, part) in pools {
                queues.push(match part {
                    Some((id, part)) => super::sites::part_of(&queue, pool, id, part),
                    None => queue.clone(),
                });
            }
        }
        Ok(queues)
    }

    /// One queue, checked and resolved, its forecast included.
    fn queue(&self, q: &RawQueue, field: &str, pool: usize, site: &Site) -> Result<Queue> {
        let f = |key: &str| format!("{field}.{key}");
        self.check_id(&q.id, &f("id"))?;
        if let Some(client) = &q.client {
            self.check_length(client, &f("client"), MAX_NAME_CHARS)?;
        }
        let timezone = self.timezone(&q.timezone, &f("timezone"))?;
        let channel = q.channel.unwrap_or(Channel::Voice);
        let aht_s = q.aht.secs();
        if !(aht_s.is_finite() && aht_s > 0.0) {
            return Err(self.err(
                &f("aht"),
                "the handle time must be above zero, like 6m or 240s",
            ));
        }
        crate::units::check_handle_time(aht_s).map_err(|m| self.err(&f("aht"), m))?;
        let max_occupancy = q.max_occupancy.map_or(1.0, |o| o.0);
        if max_occupancy <= 0.0 {
            return Err(self.err(
                &f("max_occupancy"),
                "the occupancy cap must be above 0 and at most 1 (100%), like 0.85",
            ));
        }
        let containment = q.ai_containment.map_or(0.0, |c| c.0);
        if containment >= 1.0 {
            return Err(self.err(
                &f("ai_containment"),
                "bot containment must be below 1 (100%): someone has to take the rest",
            ));
        }
        self.check_targets(q, field, channel, site)?;
        let (service_level, sl_over, sl_floor) = self.service_level(q, field)?;
        if let Some(p) = q.patience {
            if p.secs() <= 0.0 {
                return Err(self.err(&f("patience"), "patience must be above zero, like 90s"));
            }
        }
        let concurrency = q.concurrency.unwrap_or(1);
        if concurrency == 0 || concurrency > 100 || (channel != Channel::Chat && concurrency != 1) {
            return Err(self.err(
                &f("concurrency"),
                "concurrency is for chat queues: a whole number of sessions per agent, from 1 to 100",
            ));
        }
        let hours = match &q.hours {
            Some(map) => self.hours(map, &f("hours"))?,
            None => OpeningHours::ALWAYS,
        };
        let min_agents_when_open = self.min_agents_when_open(q, field)?;
        let forecast = self.forecast(q, &f("forecast"), &hours, timezone, site)?;
        let (redial, handle) = self.simulation_laws(q, field, channel)?;
        Ok(Queue {
            id: q.id.clone(),
            client: q.client.clone().unwrap_or_else(|| q.id.clone()),
            timezone,
            channel,
            pool,
            aht_s,
            service_level,
            sl_over,
            sl_floor,
            asa_s: q.asa.map(|a| a.secs()),
            max_occupancy,
            patience_s: q.patience.map(|p| p.secs()),
            concurrency,
            deadline_s: q.deadline.map(|d| d.secs()),
            containment,
            hours,
            min_agents_when_open,
            forecast,
            redial,
            handle,
            part: None,
            location: self.doc.locate(field),
        })
    }

    /// The floor staffing whenever the queue is open (0 when not given).
    fn min_agents_when_open(&self, q: &RawQueue, field: &str) -> Result<u32> {
        let n = q.min_agents_when_open.unwrap_or(0);
        if n > MAX_AGENTS {
            return Err(self.err(
                &format!("{field}.min_agents_when_open"),
                format!("expected a number of agents from 0 to {MAX_AGENTS}, got {n}"),
            ));
        }
        Ok(n)
    }

    /// What only the simulation reads: redials (voice and chat queues with
    /// patience) and the handle-time law.
    fn simulation_laws(
        &self,
        q: &RawQueue,
        field: &str,
        channel: Channel,
    ) -> Result<(Option<Redial>, Handle)> {
        let f = |key: &str| format!("{field}.{key}");
        let redial = match &q.redial {
            None => None,
            Some(r) => {
                if channel == Channel::Email || q.patience.is_none() {
                    return Err(self.err(
                        &f("redial"),
                        "`redial` is for voice and chat queues with `patience`: only callers who hang up call back",
                    ));
                }
                // A share of 100 % is bounded too: every caller stops
                // after `attempts` calls.
                let attempts = r.attempts.unwrap_or(Redial::DEFAULT_ATTEMPTS);
                if !(1..=Redial::MAX_ATTEMPTS).contains(&attempts) {
                    return Err(self.err(
                        &f("redial.attempts"),
                        format!(
                            "expected the most calls one caller makes, the first included, from 1 to {}, got {attempts}",
                            Redial::MAX_ATTEMPTS
                        ),
                    ));
                }
                if r.after.secs() <= 0.0 {
                    return Err(self.err(
                        &f("redial.after"),
                        "the delay before calling back must be above zero, like 20m",
                    ));
                }
                Some(Redial {
                    share: r.share.0,
                    after_s: r.after.secs(),
                    attempts,
                })
            }
        };
        let handle = match &q.handle_time {
            None => Handle::Exponential,
            Some(h) => match (h.law, h.spread) {
                (HandleLaw::Exponential, None) => Handle::Exponential,
                (HandleLaw::Exponential, Some(_)) => {
                    return Err(self.err(
                        &f("handle_time.spread"),
                        "`spread` is for `law: uniform`; the exponential law has none",
                    ))
                }
                (HandleLaw::Uniform, Some(s)) => Handle::Uniform(s.0),
                (HandleLaw::Uniform, None) => {
                    return Err(self.err(
                        &f("handle_time"),
                        "`law: uniform` needs `spread`, a fraction of the AHT from 0 to 1: spread: 0.4 draws from AHT × [0.6, 1.4]",
                    ))
                }
            },
        };
        Ok((redial, handle))
    }

    /// The keys a queue's channel takes: a service level for voice and chat,
    /// a deadline (of at least one interval) for e-mail, and not the other's.
    fn check_targets(
        &self,
        q: &RawQueue,
        field: &str,
        channel: Channel,
        site: &Site,
    ) -> Result<()> {
        let f = |key: &str| format!("{field}.{key}");
        match channel {
            Channel::Voice | Channel::Chat => {
                if q.service_level.is_none() {
                    return Err(self.err(field, format!("missing required key `service_level` for a {} queue, like service_level: 80/20", channel_name(channel))));
                }
                if q.deadline.is_some() {
                    return Err(self.err(
                        &f("deadline"),
                        "`deadline` is for e-mail queues; voice and chat take `service_level`",
                    ));
                }
                if q.asa.is_some_and(|a| a.secs() <= 0.0) {
                    return Err(
                        self.err(&f("asa"), "an ASA target must be above 0 seconds, like 30s")
                    );
                }
            }
            Channel::Email => {
                for (key, given) in [
                    ("service_level", q.service_level.is_some()),
                    ("patience", q.patience.is_some()),
                    ("asa", q.asa.is_some()),
                ] {
                    if given {
                        return Err(self.err(&f(key), format!("`{key}` is for voice and chat; an e-mail queue takes `deadline`, like deadline: 4h")));
                    }
                }
                let Some(d) = q.deadline else {
                    return Err(self.err(
                        field,
                        "missing required key `deadline` for an e-mail queue, like deadline: 4h",
                    ));
                };
                if d.secs() < f64::from(site.interval_s) {
                    return Err(self.err(&f("deadline"), format!("the deadline {d} is shorter than the {} interval; use at least the interval", crate::units::Duration(f64::from(site.interval_s)))));
                }
            }
        }
        Ok(())
    }

    /// The service level as (target, window, floor): the scalar `80/20` is
    /// every interval; the mapping names its window and an optional floor,
    /// which needs a target, a window longer than an interval, and must not
    /// ask more than the target.
    fn service_level(
        &self,
        q: &RawQueue,
        field: &str,
    ) -> Result<(Option<ServiceLevel>, Over, Option<ServiceLevel>)> {
        let Some(raw) = q.service_level else {
            return Ok((None, Over::Interval, None));
        };
        let scalar = raw.over.is_none() && raw.floor.is_none();
        let f = |key: &str| {
            if scalar {
                format!("{field}.service_level")
            } else {
                format!("{field}.service_level.{key}")
            }
        };
        const FORM: &str = "service_level: {target: 80/20, over: day, floor: 50/20}";
        let Some(target) = raw.target else {
            return Err(self.err(&f("target"), format!("missing `target`: a service-level window needs the contract's target, like {FORM}")));
        };
        if target.fraction >= 1.0 {
            return Err(self.err(&f("target"), "a target of 100% can never be met: with random arrivals someone can always wait longer; use a target below 100, like 99/20"));
        }
        let over = raw.over.unwrap_or_default();
        if let Some(floor) = raw.floor {
            if over == Over::Interval {
                return Err(self.err(&f("floor"), format!("a floor is for a window longer than one interval (over: day, week, month or horizon); with over: interval every interval meets the target itself, like {FORM}")));
            }
            if floor.seconds != target.seconds {
                return Err(self.err(&f("floor"), format!("the floor's threshold ({} s) differs from the target's ({} s): a floor is measured at the target's seconds, like floor: 50/{}", floor.seconds, target.seconds, target.seconds)));
            }
            if floor.fraction > target.fraction {
                return Err(self.err(&f("floor"), format!("the floor {floor} is above the target {target}: the floor is what no interval may fall below, so at most the target, like floor: 50/{}", target.seconds)));
            }
        }
        Ok((Some(target), over, raw.floor))
    }

    fn hours(&self, map: &BTreeMap<String, raw::OneOrMany>, field: &str) -> Result<OpeningHours> {
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        let mut claimed = DaySet::default();
        for (key, ranges) in map {
            let f = format!("{field}.{key}");
            let set: DaySet = key.parse().map_err(|e: String| self.err(&f, e))?;
            if !set.intersection(claimed).is_empty() {
                return Err(self.err(
                    &f,
                    format!(
                        "`{key}` overlaps days already given ({}); give each day once",
                        set.intersection(claimed)
                    ),
                ));
            }
            claimed = claimed.union(set);
            let mut parsed = Vec::new();
            for text in &ranges.0 {
                if text.trim() == "closed" {
                    continue;
                }
                parsed.push(text.parse::<TimeRange>().map_err(|e| self.err(&f, e))?);
            }
            parsed.sort();
            if parsed.windows(2).any(|w| w[1].start < w[0].end) {
                return Err(self.err(&f, "these opening ranges overlap; give separate ranges like [\"08:00-12:00\", \"13:00-22:00\"]"));
            }
            for day in set.days() {
                days[day.num_days_from_monday() as usize] = parsed.clone();
            }
        }
        // A range past midnight must not run into the next day's first range.
        for d in 0..7 {
            let next = &days[(d + 1) % 7];
            if let (Some(late), Some(early)) = (days[d].last(), next.first()) {
                if late.end > 1440 && late.end - 1440 > early.start {
                    return Err(self.err(
                        field,
                        format!(
                            "{} {late} runs past midnight into {} {early}; merge or shorten them",
                            weekday_name(Weekday::try_from(d as u8).unwrap_or(Weekday::Mon)),
                            weekday_name(
                                Weekday::try_from(((d + 1) % 7) as u8).unwrap_or(Weekday::Mon)
                            )
                        ),
                    ));
                }
            }
        }
        if days.iter().all(Vec::is_empty) {
            return Err(self.err(field, "the queue is never open; give hours like {mon-fri: \"08:00-22:00\"} or leave `hours` out for 24/7"));
        }
        Ok(OpeningHours { days: Some(days) })
    }
}

impl Redial {
    /// Default of `redial.attempts`: fifty calls. It bounds a near-100 %
    /// share (at most 50 attempts per caller) and leaves the shipped
    /// scenarios' simulations unchanged: bilingual.yaml's callers still
    /// redialling after hours (75 % each time) reach 20 calls in 20 runs,
    /// never 30 (measured), and 0.75⁴⁹ ≈ 8 × 10⁻⁷.
    pub const DEFAULT_ATTEMPTS: u32 = 50;
    /// Largest `redial.attempts` accepted.
    pub const MAX_ATTEMPTS: u32 = 100;
}
